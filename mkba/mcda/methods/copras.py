r"""COPRAS (Zavadskas et al. 1994; 2007): utility degree :math:`N_i = Q_i / \max_k Q_k` with the published Q."""

from __future__ import annotations

from typing import Any

import numpy as np

from ...errors import MethodError
from .. import batch
from .. import normalize as nz
from ..registry import Method, register
from ..sampled import block_dot, rowwise
from ..validation import criteria_here

__all__ = ["check", "reference", "kernel", "prepare", "combine", "METHOD"]


def check(x: np.ndarray, types: np.ndarray) -> None:
    """COPRAS needs values >= 0, positive column sums and positive values on cost criteria."""
    if (x < 0).any():
        cols = np.flatnonzero((x < 0).any(axis=0))
        raise MethodError(f"copras needs values >= 0 (sum normalisation); {criteria_here(cols)} hold(s) "
                          "negative values")
    if (x.sum(axis=0) == 0).any():
        cols = np.flatnonzero(x.sum(axis=0) == 0)
        raise MethodError(f"copras needs a positive column sum; {criteria_here(cols)} is/are all zero")
    nz.require_positive(x, "copras", "values on cost criteria", columns=types < 0)


def _check_block(xt: np.ndarray, t: np.ndarray) -> None:
    """:func:`check` for every sample of the (n, B, m) block at once.

    The first failing sample raises the one-matrix message, with the sample named.
    """
    bad = (xt < 0).any(axis=(0, 2)) | (xt.sum(axis=0) == 0).any(axis=1)
    cost = t < 0
    if cost.any():
        bad |= ~(xt[:, :, cost] > 0).all(axis=(0, 2))
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        try:
            check(xt[:, k, :], t)
        except MethodError as exc:
            raise MethodError(f"{exc} (value sample {k} of the block)") from None


def reference(x: np.ndarray, w: np.ndarray, types: np.ndarray) -> np.ndarray:
    """COPRAS utility N = Q/max Q with Zavadskas' Q (published form, see :func:`kernel`)."""
    check(x, types)
    d = x / x.sum(axis=0) * w
    s_plus = d[:, types > 0].sum(axis=1)
    s_minus = d[:, types < 0].sum(axis=1)
    if (types > 0).all() or not (s_minus > 0).all():
        q = s_plus
    else:
        s_min = s_minus.min()
        q = s_plus + (s_min * s_minus.sum()) / (s_minus * (s_min / s_minus).sum())
    return q / q.max() if q.max() != 0 else np.zeros_like(q)


def _add_cost_term(q: np.ndarray, sm: np.ndarray) -> None:
    """Q += sum S- / (S-_i sum 1/S-) in place, for the rows whose S- is positive for every measure."""
    has = (sm > 0).all(axis=1)
    if has.any():
        s = sm[has]
        q[has] += s.sum(axis=1, keepdims=True) / (s * (1.0 / s).sum(axis=1, keepdims=True))


def kernel(x: np.ndarray, W: np.ndarray, types: np.ndarray) -> np.ndarray:
    r"""COPRAS utility degree (Zavadskas et al. 1994; 2007), batch form.

    :math:`d_{ij} = x_{ij}/\sum_i x_{ij}`, :math:`S^+_i = \sum_{j\in B} w_j d_{ij}`,
    :math:`S^-_i = \sum_{j\in C} w_j d_{ij}`, and
    :math:`Q_i = S^+_i + \frac{\min S^- \sum_k S^-_k}{S^-_i \sum_k (\min S^- / S^-_k)}
    = S^+_i + \frac{\sum_k S^-_k}{S^-_i \sum_k 1/S^-_k}`; :math:`N_i = Q_i / \max_k Q_k`.
    When no weight falls on a cost criterion (:math:`S^- \equiv 0`), :math:`Q_i = S^+_i`.
    """
    check(x, types)
    d = x / x.sum(axis=0)
    ben, cost = types > 0, types < 0

    def work(w: np.ndarray, out: np.ndarray) -> None:
        q = w[:, ben] @ d[:, ben].T
        if cost.any():
            _add_cost_term(q, w[:, cost] @ d[:, cost].T)
        out[:] = batch.safe_div(q, q.max(axis=1, keepdims=True), 0.0)

    return batch.map_rows(work, W, x.shape[0], arrays=5)


def prepare(xt: np.ndarray, t: np.ndarray) -> np.ndarray:
    """d = x / column sum of every sample, (n, B, m) (checked per sample)."""
    _check_block(xt, t)
    return xt / xt.sum(axis=0)


def combine(d: np.ndarray, w: np.ndarray, t: np.ndarray, **_: Any) -> np.ndarray:
    """The utility degree of :func:`kernel` per sample (published Q, cost criteria as costs).

    S+ and S- are weighted sums over the benefit and cost columns (the other columns get
    weight 0); the published Q term applies to the samples whose S- is positive for every
    measure, otherwise Q = S+; N = Q / max Q per sample.
    """
    q = block_dot(d, rowwise(w, lambda v: v * (t > 0)))
    cost = t < 0
    if cost.any():
        _add_cost_term(q, block_dot(d, rowwise(w, lambda v: v * cost)))
    return batch.safe_div(q, q.max(axis=1, keepdims=True), 0.0)


METHOD = register(Method(
    name="copras", label="COPRAS (Zavadskas et al. 1994)", higher_is_better=True, additive=False, params={},
    reference=reference, kernel=kernel, prepare=prepare, combine=combine,
    zero_spread="d = 1/n for every measure: adds w_j/n to every S+ (benefit) or to every S- (cost)",
    source="Zavadskas, E.K., Kaklauskas, A. & Sarka, V. (1994) Technological and Economic Development of "
           "Economy 1(3):131-139; Zavadskas et al. (2007)",
    notes="pymcdm 1.4 computes Q = S+ + (min S- * S-)/(S- * (min S- / S-)) = S+ + S-, i.e. it treats cost "
          "criteria as benefits; mkba uses the published Q. Without cost weight, Q = S+ (pymcdm raises). "
          "Needs values >= 0 and > 0 on cost criteria."))
