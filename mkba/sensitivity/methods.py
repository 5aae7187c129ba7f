r"""The kernels the sensitivity analyses score a method with: its registry entry, or the weighted sum.

SMAA (:mod:`.smaa`) and the stability analysis (:mod:`.stability`) take every method's kernels
from :data:`mkba.mcda.METHODS` (batch kernel, sampled kernels, whether it is linear in the
weights). The one name they accept beyond the registry is ``"weighted_sum"``: the value model
of Lahdelma & Salminen (2001) and rsmaa on pre-computed partial values,
:math:`u_i = \sum_j w_j x_{ij}`, an entry (:data:`PARTIAL_VALUES`) checked and used like a
registered one but not in the registry: it does not normalise, so it ranks no raw criteria.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

import numpy as np

from .. import mcda
from ..mcda import sampled
from ..mcda.registry import Method, check_method
from ..mcda.sampled import combine_linear

__all__ = ["WEIGHTED_SUM", "PARTIAL_VALUES", "method_entry", "sampled_scores", "sampled_scorer"]

#: Name of the plain weighted sum of pre-computed partial values (no normalisation).
WEIGHTED_SUM = "weighted_sum"


def _reference(x: np.ndarray, w: np.ndarray, types: np.ndarray) -> np.ndarray:
    return x @ w


def _kernel(x: np.ndarray, W: np.ndarray, types: np.ndarray) -> np.ndarray:
    return W @ x.T


def _prepare(xt: np.ndarray, t: np.ndarray) -> np.ndarray:
    return xt


#: The entry of ``method="weighted_sum"`` (see the module docstring).
PARTIAL_VALUES = check_method(Method(
    name=WEIGHTED_SUM, label="Weighted sum of pre-computed partial values (SMAA-2 value model)",
    higher_is_better=True, additive=False, params={}, reference=_reference, kernel=_kernel, prepare=_prepare,
    combine=combine_linear, linear=True, zero_spread="adds w_j times the common value to every measure",
    source="Lahdelma, R. & Salminen, P. (2001) Operations Research 49(3):444-454; rsmaa",
    notes="values are partial values already (higher is better): types must be None or all +1"))


def method_entry(method: str | Method | None) -> Method:
    """The entry whose kernels score ``method``: :data:`PARTIAL_VALUES` for ``"weighted_sum"`` or None,
    an entry itself, else the registry's (:func:`mkba.mcda.get_method`: MethodError for an unknown name)."""
    if isinstance(method, Method):
        return method
    if method is None or str(method).strip().lower() == WEIGHTED_SUM:
        return PARTIAL_VALUES
    return mcda.get_method(method)


def sampled_scores(method: str | Method | None, X: np.ndarray, W: np.ndarray, types: np.ndarray,
                   params: Mapping[str, Any] | None = None) -> np.ndarray:
    """:func:`mkba.mcda.sampled.sampled_scores` for any :func:`method_entry` (``"weighted_sum"`` too): scores
    (B, n) of B sampled matrices ``X`` (B, n, m), sample k with weight ``W[k]``; ``params`` resolved."""
    return sampled.sampled_scores(method_entry(method), X, W, types, params)


def sampled_scorer(method: str | Method | None, X: np.ndarray, types: np.ndarray,
                   params: Mapping[str, Any] | None = None) -> Callable[[np.ndarray], np.ndarray]:
    """:func:`mkba.mcda.sampled.sampled_scorer` for any :func:`method_entry`: ``score(W)``, the block prepared once."""
    return sampled.sampled_scorer(method_entry(method), X, types, params)
