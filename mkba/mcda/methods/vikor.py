r"""VIKOR (Opricovic & Tzeng 2004): compromise index Q of group utility S and individual regret R, lower is better."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ...errors import MethodError
from .. import batch
from ..core import read_inputs
from ..registry import LIST_RELATIVE, Method, Param, check_params, register
from ..sampled import block_dot
from ..validation import number_in

__all__ = ["regret", "scaled_spread", "reference", "kernel", "prepare", "combine", "details", "vikor_details",
           "VikorResult", "METHOD"]


def regret(x: np.ndarray, types: np.ndarray) -> np.ndarray:
    r"""Normalised regret :math:`(f^*_j - f_{ij}) / (f^*_j - f^-_j)` per cell; 0 on a zero-spread criterion."""
    lo = x.min(axis=0)
    hi = x.max(axis=0)
    span = hi - lo
    flat = span == 0
    # (best - x) / span in one subtraction and one division: for a cost criterion
    # (min - x) / -span is the same IEEE number as (x - min) / span (see normalize.minmax)
    d = (np.where(types > 0, hi, lo) - x) / (np.where(flat, 1.0, span) * types)
    d[:, flat] = 0.0
    d += 0.0  # the best value of a cost criterion comes out as -0.0: make it 0.0, as before
    return d


def scaled_spread(s: np.ndarray, rel_tol: float = 1e-12) -> np.ndarray:
    """Row-wise (s - min) / (max - min); 0 for a row whose spread is <= rel_tol x its scale.

    Used for VIKOR's S and R terms: when every measure has (up to float noise) the same
    S (or R), the term cannot discriminate and is defined as 0 instead of 0/0.
    """
    lo = s.min(axis=1, keepdims=True)
    hi = s.max(axis=1, keepdims=True)
    span = hi - lo
    scale = np.maximum(np.abs(hi), np.abs(lo))
    flat = span <= rel_tol * scale
    return np.where(flat, 0.0, (s - lo) / np.where(flat, 1.0, span))


def _unit(t: np.ndarray) -> np.ndarray:
    lo, hi = t.min(), t.max()
    if hi - lo <= 1e-12 * max(abs(hi), abs(lo)):
        return np.zeros_like(t)
    return (t - lo) / (hi - lo)


def reference(x: np.ndarray, w: np.ndarray, types: np.ndarray, *, v: float = 0.5) -> np.ndarray:
    """VIKOR Q = v (S - S*)/(S- - S*) + (1 - v)(R - R*)/(R- - R*), lower is better."""
    wd = regret(x, types) * w
    return v * _unit(wd.sum(axis=1)) + (1.0 - v) * _unit(wd.max(axis=1))


def kernel(x: np.ndarray, W: np.ndarray, types: np.ndarray, *, v: float = 0.5) -> np.ndarray:
    r"""VIKOR compromise index Q (Opricovic & Tzeng 2004), lower is better, batch form.

    :math:`S_i = \sum_j w_j d_{ij}`, :math:`R_i = \max_j w_j d_{ij}`,
    :math:`Q_i = v\,\frac{S_i - S^*}{S^- - S^*} + (1-v)\,\frac{R_i - R^*}{R^- - R^*}`;
    a term whose spread is zero (all measures equal on it) is 0. S is a matrix product;
    R is a running maximum over the m criteria ((chunk, n) temporaries only).
    """
    d = regret(x, types)

    def work(w: np.ndarray, out: np.ndarray) -> None:
        s = w @ d.T
        r = np.zeros_like(s)
        for j in range(d.shape[1]):
            np.maximum(r, w[:, j:j + 1] * d[:, j], out=r)
        out[:] = v * scaled_spread(s) + (1.0 - v) * scaled_spread(r)

    return batch.map_rows(work, W, x.shape[0], arrays=5)


def prepare(xt: np.ndarray, t: np.ndarray, **_: Any) -> np.ndarray:
    """The normalised regrets of every sample, (n, B, m)."""
    return regret(xt, t)


def combine(d: np.ndarray, w: np.ndarray, t: np.ndarray, *, v: float = 0.5) -> np.ndarray:
    """Q of each sample with its weights."""
    s = block_dot(d, w)
    r = (d * w[None, :, :]).max(axis=2).T
    return v * scaled_spread(s) + (1.0 - v) * scaled_spread(r)


@dataclass(frozen=True)
class VikorResult:
    """VIKOR's published output for one weight vector (Opricovic & Tzeng 2004, section 2.2).

    ``S`` (group utility), ``R`` (individual regret) and ``Q`` (compromise index) are lower-is-better,
    per measure: arrays, or Series on the matrix's index when the input was labelled. ``order``
    lists the measures by Q (ties by S, then R), best first. The compromise set follows from two
    conditions on the best measure a' and the runner-up a'':

    - ``advantage`` (C1, acceptable advantage): Q(a'') - Q(a') >= ``dq`` = 1/(J - 1), J measures;
    - ``stability`` (C2, acceptable stability in decision making): a' is also best (lowest) by S or by R.

    ``compromise``: (a') when both hold; (a', a'') when only C2 fails; when C1 fails, a' and every
    next measure a^(M) with Q(a^(M)) - Q(a') < dq.
    """

    S: Any
    R: Any
    Q: Any
    order: tuple[Any, ...]
    advantage: bool
    stability: bool
    compromise: tuple[Any, ...]
    dq: float
    v: float

    def to_frame(self) -> pd.DataFrame:
        """S, R, Q, the rank by Q (1 = best) and membership of the compromise set, one row per measure."""
        index = self.Q.index if isinstance(self.Q, pd.Series) else pd.RangeIndex(len(self.Q))
        rank = pd.Series(range(1, len(self.order) + 1), index=pd.Index(self.order)).reindex(index)
        return pd.DataFrame({"S": np.asarray(self.S), "R": np.asarray(self.R), "Q": np.asarray(self.Q),
                             "rank": rank.to_numpy(), "compromise": index.isin(self.compromise)}, index=index)


def details(x: np.ndarray, w: np.ndarray, types: np.ndarray, *,
            v: float = 0.5) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, bool, bool, np.ndarray, float]:
    """S, R, Q, the order (positions, best first), C1, C2 and the compromise set (positions) of one weight vector."""
    wd = regret(x, types) * w
    s, r = wd.sum(axis=1), wd.max(axis=1)
    q = v * _unit(s) + (1.0 - v) * _unit(r)
    order = np.lexsort((r, s, q))
    n = len(q)
    dq = 1.0 / (n - 1) if n > 1 else 0.0
    best = order[0]
    advantage = n < 2 or bool(q[order[1]] - q[best] >= dq)
    stability = bool(s[best] <= s.min() or r[best] <= r.min())
    if advantage:
        chosen = order[:1] if stability or n < 2 else order[:2]
    else:
        chosen = order[:1 + int(np.sum(q[order[1:]] - q[best] < dq))]
    return s, r, q, order, advantage, stability, chosen, dq


def vikor_details(matrix: Any, weights: Any, types: Any, *, v: float = 0.5, validate: bool = True,
                  normalize_weights: bool = False) -> VikorResult:
    """VIKOR's S, R, Q, its two conditions and the compromise set for one weight vector (:class:`VikorResult`).

    Inputs as :func:`mkba.mcda.evaluate` (arrays or pandas, types in any accepted form). ``Q``
    equals ``evaluate("vikor", ...)``; the batch kernel computes Q only, so these details cost
    nothing there. Measures are named by the matrix's index (labelled input) or by position.
    """
    data = read_inputs(matrix, weights, types, validate=validate, normalize_weights=normalize_weights)
    if data.w.ndim != 1:
        raise MethodError(f"vikor_details takes one weight vector; got weights of shape {data.w.shape} "
                          "(call it once per row)")
    v = check_params("vikor", {"v": v})["v"]
    s, r, q, order, advantage, stability, chosen, dq = details(data.x, data.w, data.t, v=v)
    names = list(data.measures) if data.measures is not None else list(range(len(q)))
    return VikorResult(S=data.per_measure(s, "S"), R=data.per_measure(r, "R"), Q=data.per_measure(q, "Q"),
                       order=tuple(names[i] for i in order), advantage=advantage, stability=stability,
                       compromise=tuple(names[i] for i in chosen), dq=dq, v=v)


METHOD = register(Method(
    name="vikor", label="VIKOR (Opricovic & Tzeng 2004)", higher_is_better=False, additive=False,
    params={"v": Param("v", 0.5, "weight of the group utility S against the individual regret R, in [0, 1]",
                       number_in("v", 0.0, 1.0))},
    reference=reference, kernel=kernel, prepare=prepare, combine=combine,
    examples=lambda x: [{"v": v} for v in (0.0, 0.5, 0.8, 1.0)],
    zero_spread="regret term defined as 0 for every measure (pymcdm raises); an S or R term whose spread over "
                "the list is 0 (within 1e-12 relative) is defined as 0",
    source="Opricovic, S. & Tzeng, G.-H. (2004) EJOR 156(2):445-455, eqs. (1)-(4)", notes=LIST_RELATIVE))
