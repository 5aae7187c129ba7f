"""Competition ranking ("1224") of scores, row-wise, with a relative tie tolerance."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..errors import MethodError

__all__ = ["TIE_RTOL", "rank"]

#: Two scores tie when they differ by at most TIE_RTOL x the largest |score| of their row.
TIE_RTOL = 1e-12


def rank(scores: Any, *, higher_is_better: bool = True) -> Any:
    """Competition ranks ("1224"): tied measures share the best rank, the next rank skips.

    Parameters
    ----------
    scores : array, Series (n,) or array, DataFrame (K, n)
        Finite scores; each row is ranked on its own. A Series or DataFrame (as
        :func:`mkba.mcda.evaluate` returns for labelled input) gives ranks with the same labels.
    higher_is_better : bool
        True when a larger score is better (rank 1 = largest).

    Returns
    -------
    ndarray of int64 (or a Series/DataFrame on the same labels), same shape as ``scores``.

    Notes
    -----
    Ties are detected with a relative tolerance: after sorting a row, a new rank group
    starts where the gap to the previous score exceeds ``TIE_RTOL * max|score|`` of the
    row (1e-12 of the score scale), so float noise from different summation orders does
    not split a tie. Groups chain: a run of scores each within tolerance of the next
    forms one group. Vectorised over rows (sort, gap mask, running maximum).
    """
    s = np.asarray(scores, dtype=float)
    if s.ndim not in (1, 2):
        raise MethodError(f"rank expects scores of shape (n,) or (K, n); got {s.shape}")
    if not np.isfinite(s).all():
        raise MethodError("rank expects finite scores; got NaN or inf")
    rows = s.reshape(-1, s.shape[-1]) if s.size else s.reshape(-1, s.shape[-1])
    if rows.shape[-1] == 0:
        return np.zeros(s.shape, dtype=np.int64)
    key = -rows if higher_is_better else rows
    order = np.argsort(key, axis=1, kind="stable")
    sorted_key = np.take_along_axis(key, order, axis=1)
    tol = TIE_RTOL * np.abs(rows).max(axis=1, keepdims=True)
    new_group = np.ones(sorted_key.shape, dtype=bool)
    new_group[:, 1:] = np.diff(sorted_key, axis=1) > tol
    pos = np.arange(rows.shape[1])
    start = np.maximum.accumulate(np.where(new_group, pos, 0), axis=1)
    ranks = np.empty(rows.shape, dtype=np.int64)
    np.put_along_axis(ranks, order, start + 1, axis=1)
    out = ranks.reshape(s.shape)
    if isinstance(scores, pd.Series):
        return pd.Series(out, index=scores.index, name="rank")
    if isinstance(scores, pd.DataFrame):
        return pd.DataFrame(out, index=scores.index, columns=scores.columns)
    return out
