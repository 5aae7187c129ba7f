r"""PROMETHEE I partial ranking: positive and negative outranking flows and the P, I, R relations.

Brans, J.P. & Vincke, Ph. (1985), Management Science 31(6):647-656; Brans, J.P. & Mareschal, B.
(2005), PROMETHEE methods, ch. 5 of Figueira et al. (eds.) *Multiple Criteria Decision Analysis:
State of the Art Surveys*, section 4.1. With the preference index
:math:`\pi(a,b) = \sum_j w_j P_j(d_j(a,b))` of PROMETHEE II (the same preference functions and
thresholds: :mod:`mkba.mcda.methods.promethee2`, whose pairwise preference function is used here):

.. math::
    \phi^+(a) = \frac{1}{n-1}\sum_{b \ne a} \pi(a,b), \qquad \phi^-(a) = \frac{1}{n-1}\sum_{b \ne a} \pi(b,a),

and :math:`\phi = \phi^+ - \phi^-` is PROMETHEE II's net flow. PROMETHEE I keeps both flows:

- a **P** b (a preferred to b) when a is at least as good on both flows and better on one
  (:math:`\phi^+(a) \ge \phi^+(b)` and :math:`\phi^-(a) \le \phi^-(b)`, not both equal);
- a **I** b (indifferent) when both flows are equal;
- a **R** b (incomparable) when each is better on one flow: a strong point of one is a weak point of
  the other, and the flows do not say which is better.

Flows are equal within ``tol`` (default 1e-9; flows lie in [0, 1]). The flows are summed over row
blocks of the pairwise preferences (memory O(block n)); the relations are n x n and built when asked.

This is not a scoring method (it gives a partial order, not one score per measure), so it is not in
:data:`mkba.mcda.METHODS`; :func:`promethee1` takes the inputs and parameters of ``promethee2``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Hashable

import numpy as np
import pandas as pd

from ...errors import MethodError
from ...labels import by_criteria
from ..core import Inputs, read_inputs
from ..registry import check_params
from ..validation import names
from .promethee2 import _kinds, _per, _pref_matrix

__all__ = ["PrometheeI", "promethee1", "outranking_flows", "read_promethee"]

#: Bytes of one (block, n) preference block.
_BLOCK_BYTES = 32 * 2**20


def outranking_flows(x: np.ndarray, w: np.ndarray, types: np.ndarray, *, preference: Any = "usual", q: Any = None,
                     p: Any = None, s: Any = None) -> tuple[np.ndarray, np.ndarray]:
    """Positive and negative outranking flows (n,), (n,) of one weight vector; zeros for n = 1."""
    n, m = x.shape
    if n == 1:
        return np.zeros(1), np.zeros(1)
    kinds = _kinds(preference, m)
    plus, minus = np.zeros(n), np.zeros(n)
    step = max(1, _BLOCK_BYTES // (8 * n))
    cols = x * types
    for a in range(0, n, step):
        pi = np.zeros((min(step, n - a), n))
        for j in range(m):
            d = cols[a:a + step, j, None] - cols[None, :, j]
            pi += w[j] * _pref_matrix(d, kinds[j], _per(q, j, 0.0), _per(p, j, 0.0), _per(s, j, 1.0))
        plus[a:a + step] = pi.sum(axis=1)
        minus += pi.sum(axis=0)
    return plus / (n - 1), minus / (n - 1)


@dataclass(frozen=True)
class PrometheeI:
    """PROMETHEE I's flows and relations for one weight vector (see the module docstring).

    ``phi_plus``, ``phi_minus``, ``phi`` are arrays, or Series on the measures for labelled input;
    ``measures`` names the measures (labels or positions 0..n-1). The (n, n) boolean relations
    :meth:`preferred` (row P column), :meth:`indifferent` and :meth:`incomparable` are computed on request.
    """

    phi_plus: Any
    phi_minus: Any
    phi: Any
    measures: tuple[Hashable, ...]
    tol: float = 1e-9
    params: dict[str, Any] = field(default_factory=dict)

    def _flows(self) -> tuple[np.ndarray, np.ndarray]:
        return np.asarray(self.phi_plus, dtype=float), np.asarray(self.phi_minus, dtype=float)

    def _compare(self) -> tuple[np.ndarray, np.ndarray]:
        """sign of phi+(a) - phi+(b) and of phi-(b) - phi-(a) (+1: a better on that flow), within tol."""
        plus, minus = self._flows()
        dp = plus[:, None] - plus[None, :]
        dm = minus[None, :] - minus[:, None]
        return (np.where(np.abs(dp) <= self.tol, 0, np.sign(dp)).astype(np.int8),
                np.where(np.abs(dm) <= self.tol, 0, np.sign(dm)).astype(np.int8))

    def preferred(self) -> np.ndarray:
        """(n, n): True where the row measure is preferred (P) to the column measure."""
        sp, sm = self._compare()
        return (sp >= 0) & (sm >= 0) & ((sp > 0) | (sm > 0))

    def indifferent(self) -> np.ndarray:
        """(n, n): True where both flows are equal (I); the diagonal is True."""
        sp, sm = self._compare()
        return (sp == 0) & (sm == 0)

    def incomparable(self) -> np.ndarray:
        """(n, n): True where each measure is better on one flow (R), symmetric."""
        sp, sm = self._compare()
        return sp * sm < 0

    def incomparable_pairs(self) -> list[tuple[Hashable, Hashable]]:
        """The incomparable pairs (a, b), a listed before b."""
        a, b = np.nonzero(np.triu(self.incomparable(), 1))
        return [(self.measures[i], self.measures[j]) for i, j in zip(a, b)]

    @property
    def best(self) -> tuple[Hashable, ...]:
        """Measures no other measure is preferred to (the top of the partial order)."""
        beaten = self.preferred().any(axis=0)
        return tuple(self.measures[i] for i in np.flatnonzero(~beaten))

    def relation_frame(self) -> pd.DataFrame:
        """(n, n) of 'P' (row preferred), 'P-' (column preferred), 'I' and 'R', on the measures."""
        pref = self.preferred()
        out = np.where(pref, "P", np.where(pref.T, "P-", np.where(self.incomparable(), "R", "I")))
        idx = pd.Index(self.measures)
        return pd.DataFrame(out, index=idx, columns=idx)

    def to_frame(self) -> pd.DataFrame:
        """One row per measure: phi+, phi-, phi, and how many measures it is preferred to, below, and
        incomparable with."""
        pref = self.preferred()
        return pd.DataFrame({"phi_plus": self._flows()[0], "phi_minus": self._flows()[1],
                             "phi": np.asarray(self.phi, dtype=float), "preferred_to": pref.sum(axis=1),
                             "preferred_by": pref.sum(axis=0), "incomparable": self.incomparable().sum(axis=1)},
                            index=pd.Index(self.measures, name="measure"))

    def to_dict(self) -> dict[str, Any]:
        plus, minus = self._flows()
        return {"flows": {str(m): {"phi_plus": float(plus[i]), "phi_minus": float(minus[i])}
                          for i, m in enumerate(self.measures)},
                "best": [str(m) for m in self.best],
                "incomparable": [[str(a), str(b)] for a, b in self.incomparable_pairs()]}


def read_promethee(what: str, matrix: Any, weights: Any, types: Any, params: dict[str, Any], *,
                   validate: bool = True, normalize_weights: bool = False) -> tuple[Inputs, dict[str, Any]]:
    """Checked inputs with ONE weight vector and the promethee2 parameters resolved (per-criterion
    thresholds given as a Series matched by label): what PROMETHEE I and GAIA read."""
    data = read_inputs(matrix, weights, types, validate=validate, normalize_weights=normalize_weights)
    if data.w.ndim != 1:
        raise MethodError(f"{what} takes one weight vector; got weights of shape {data.w.shape}")
    if data.criteria is not None:
        params = {k: by_criteria(v, data.criteria, k) for k, v in params.items()}
    return data, check_params("promethee2", params, n_criteria=data.x.shape[1])


def promethee1(matrix: Any, weights: Any, types: Any, *, preference: Any = "usual", q: Any = None, p: Any = None,
               s: Any = None, tol: float = 1e-9, validate: bool = True, normalize_weights: bool = False) -> PrometheeI:
    """PROMETHEE I partial ranking of one weight vector (:class:`PrometheeI`).

    Inputs and parameters as ``mcda.evaluate("promethee2", ...)`` (arrays or pandas, per-criterion
    thresholds as a Series for labelled input); ``phi`` equals that call's net flows.

    Raises
    ------
    MethodError
        Bad input or parameters (as for promethee2), or more than one weight vector.
    """
    data, resolved = read_promethee("promethee1", matrix, weights, types,
                                    {"preference": preference, "q": q, "p": p, "s": s},
                                    validate=validate, normalize_weights=normalize_weights)
    with names(data.criteria, data.measures):
        plus, minus = outranking_flows(data.x, data.w, data.t, **resolved)
    measures = tuple(data.measures) if data.measures is not None else tuple(range(len(plus)))
    return PrometheeI(phi_plus=data.per_measure(plus, "phi_plus"), phi_minus=data.per_measure(minus, "phi_minus"),
                      phi=data.per_measure(plus - minus, "phi"), measures=measures, tol=tol, params=resolved)
