"""Elicited weights: direct points, swing weights with their ranges (von Winterfeldt & Edwards 1986;
Edwards & Barron 1994) and rank-order weights (Barron & Barrett 1996)."""

from __future__ import annotations

from typing import Sequence

import numpy as np
from numpy.typing import ArrayLike

from ..errors import MethodError
from .checks import as_vector, check_nonnegative, to_simplex

__all__ = ["direct", "swing", "rank_order_centroid", "rank_order_weights"]

# ---------------------------------------------------------------------------------------------
# Direct, swing and rank-order weights
# ---------------------------------------------------------------------------------------------








def direct(weights: ArrayLike) -> tuple[np.ndarray, str | None]:
    """Directly stated weights, normalised to the simplex: ``w_j = v_j / sum(v)``.

    Parameters
    ----------
    weights : array_like (m,)
        Non-negative, finite, not all zero (percentages are fine).

    Returns
    -------
    (ndarray, str or None)
        The weights summing to 1, and a warning text when the input did not already sum to 1
        (within 1e-9), None otherwise.

    Raises
    ------
    MethodError
        Negative, NaN/inf or all-zero weights.
    """
    v = as_vector(weights, "weights")
    check_nonnegative(v, "weights")
    total = float(v.sum())
    note = None
    if abs(total - 1.0) > 1e-9:
        note = f"the weights summed to {total:g}, not 1; they were divided by {total:g}"
    return to_simplex(v), note


def _widths(ranges: object, m: int, what: str) -> np.ndarray:
    try:
        r = np.asarray(ranges, dtype=float)
    except (TypeError, ValueError) as exc:
        raise MethodError(f"{what} must be numbers: {exc}") from None
    if r.shape == (m, 2):
        r = np.abs(r[:, 1] - r[:, 0])
    elif r.shape != (m,):
        raise MethodError(f"{what} must be {m} widths or {m} [worst, best] pairs; got shape {r.shape}")
    if not np.all(np.isfinite(r)):
        raise MethodError(f"{what} must be finite; got {r.tolist()}")
    if np.any(r < 0):
        raise MethodError(f"{what} widths must be >= 0; got {r.tolist()}")
    return r


def swing(points: ArrayLike, *, elicited_ranges: ArrayLike | None = None,
          observed_ranges: ArrayLike | None = None) -> np.ndarray:
    """Swing weights from 0-100 points, optionally re-based to the ranges the longlist spans.

    Without ranges, ``w_j = p_j / sum_k p_k`` (von Winterfeldt & Edwards 1986; the most important
    swing gets 100). A swing weight belongs to the range it was elicited on (Edwards & Barron
    1994; methodology R13): with linear value functions the weight per unit of criterion j is
    proportional to ``p_j / |elicited_j|``, so the weight for the range actually observed is

    ``w_j = (p_j * |observed_j| / |elicited_j|) / sum_k (p_k * |observed_k| / |elicited_k|)``.

    A criterion whose observed range is zero gets weight 0 (it does not discriminate).

    Parameters
    ----------
    points : array_like (m,)
        Points in [0, 100], at least one positive.
    elicited_ranges, observed_ranges : array_like (m,) or (m, 2), optional
        Range widths, or [worst, best] pairs (width = |best - worst|). Give both or neither.
        Elicited widths must be > 0.

    Raises
    ------
    MethodError
        Negative or > 100 points, all zero, only one of the two ranges, a zero-width elicited
        range, or every weighted swing zero.
    """
    p = as_vector(points, "swing points")
    if np.any(p > 100):
        raise MethodError(f"swing points lie on 0-100 (100 = most important swing); got {p.tolist()}")
    check_nonnegative(p, "swing points")
    if (elicited_ranges is None) != (observed_ranges is None):
        raise MethodError("give both elicited_ranges and observed_ranges, or neither: a swing weight "
                          "can only be moved to another range if the range it was elicited on is known")
    if elicited_ranges is None:
        return to_simplex(p)
    m = p.size
    elicited = _widths(elicited_ranges, m, "elicited_ranges")
    observed = _widths(observed_ranges, m, "observed_ranges")
    zero = np.flatnonzero(elicited == 0)
    if zero.size:
        raise MethodError(f"elicited ranges of criteria {[int(k) + 1 for k in zero]} have zero width; "
                          "a swing over no range carries no weight information")
    v = p * observed / elicited
    if not np.any(v > 0):
        raise MethodError("every criterion with points has a zero observed range; no weights can be derived")
    return to_simplex(v)


def rank_order_centroid(n: int) -> np.ndarray:
    """Rank-order centroid weights for n criteria ranked from most to least important.

    ``w_k = (1/n) * sum_{i=k..n} 1/i`` (Barron & Barrett 1996), the centroid of the simplex
    region ``w_1 >= w_2 >= ... >= w_n``. E.g. n = 3: 0.6111, 0.2778, 0.1111.
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise MethodError(f"rank_order_centroid needs a whole number n >= 1, got {n!r}")
    n = int(n)
    tail = np.cumsum((1.0 / np.arange(1, n + 1))[::-1])[::-1]
    return to_simplex(tail / n)


def rank_order_weights(order_groups: Sequence[int]) -> np.ndarray:
    """ROC weights for a ranking with ties, in ranked-position order.

    ``order_groups`` gives the size of each tie group from most to least important, e.g.
    ``[1, 2, 1]``: one criterion first, two tied second, one last. Tied criteria share the mean
    of the ROC weights of the positions they span, so the sum stays 1 and the ranking without
    ties is :func:`rank_order_centroid`.

    Returns
    -------
    ndarray (sum(order_groups),)
        Weight per criterion, listed in ranked order (group by group).
    """
    sizes = list(order_groups)
    if not sizes or any(isinstance(s, bool) or not isinstance(s, (int, np.integer)) or s < 1 for s in sizes):
        raise MethodError(f"order_groups must be group sizes >= 1 (most important first), got {sizes!r}")
    roc = rank_order_centroid(int(sum(sizes)))
    out = np.empty_like(roc)
    start = 0
    for s in sizes:
        out[start:start + s] = roc[start:start + s].mean()
        start += s
    return to_simplex(out)
