"""Multi-criteria ranking of measures: a checked registry of methods and vectorised kernels.

Public API
----------
- :func:`evaluate` ``(method, matrix, weights, types, *, validate=True, normalize_weights=False, **params)``:
  arrays or pandas in; arrays, or a Series / DataFrame keeping the labels, out
- :func:`vikor_details` ``(matrix, weights, types, *, v=0.5)``: S, R, Q and the compromise set
- :func:`rank` ``(scores, *, higher_is_better=True)``
- :data:`METHODS`: name -> :class:`Method` (label, higher_is_better, additive, params, ...)
- :func:`check_params` ``(name, params, *, n_criteria=None)``
- :func:`compare` ``(matrix, weights, types, *, methods=..., params=None)``: several methods' rankings, their
  rank correlation (Kendall, Spearman, WS), where they disagree and consensus rankings (Borda, Copeland, Kemeny)
- :func:`promethee1` ``(matrix, weights, types, *, preference=..., q=, p=, s=)``: PROMETHEE I's positive and
  negative flows and its partial ranking (preference, indifference, incomparability)
- :func:`gaia` ``(matrix, weights, types, *, preference=..., ...)``: the GAIA plane (principal components of the
  unicriterion net flows, delta, criteria axes, decision stick)
- :func:`rank_reversal` ``(matrix, weights, types, *, methods=..., delta=0.5)``: Wang & Triantaphyllou's
  tests 1-3 and leave-one-out, per method

Each method is one module of :mod:`mkba.mcda.methods` (reference, batch kernel, sampled kernels,
registration); :mod:`mkba.mcda.batch` and :mod:`mkba.mcda.sampled` hold what the kernels share.
"""

from __future__ import annotations

from . import methods as _methods  # noqa: F401  (registers the built-in methods)
from .compare import Comparison, compare
from .core import evaluate
from .gaia import Gaia, gaia
from .methods.promethee1 import PrometheeI, promethee1
from .methods.vikor import VikorResult, vikor_details
from .ranking import TIE_RTOL, rank
from .registry import METHODS, Method, Param, check_params, get_method, register
from .reversal import RankReversal, ReversalAudit, rank_reversal
from .validation import WeightsNormalizedWarning

__all__ = ["evaluate", "vikor_details", "VikorResult", "rank", "METHODS", "Method", "Param", "check_params",
           "get_method", "register", "TIE_RTOL", "WeightsNormalizedWarning", "compare", "Comparison", "rank_reversal",
           "RankReversal", "ReversalAudit", "promethee1", "PrometheeI", "gaia", "Gaia"]
