"""Elicited weights: direct points, swing weights with their ranges (von Winterfeldt & Edwards 1986;
Edwards & Barron 1994) and weights from a ranking (rank-order centroid, Barron & Barrett 1996; rank
sum and rank reciprocal, Stillwell, Seaver & Edwards 1981)."""

from __future__ import annotations

from collections.abc import Mapping, Set
from typing import Any, Hashable, Sequence

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from ..errors import MethodError, closest
from ..labels import by_criteria
from .checks import as_vector, check_nonnegative, labelled, labels_of, to_simplex

__all__ = ["direct", "swing", "rank_order_centroid", "rank_order_weights", "RANK_WEIGHTS", "rank_weights",
           "roc_weights", "rank_sum_weights"]


def direct(weights: ArrayLike) -> tuple[Any, str | None]:
    """Directly stated weights, normalised to the simplex: ``w_j = v_j / sum(v)``.

    Parameters
    ----------
    weights : array_like (m,)
        Non-negative, finite, not all zero (percentages are fine).

    Returns
    -------
    (ndarray or Series, str or None)
        The weights summing to 1 (a Series on the same index for a Series in), and a warning text
        when the input did not already sum to 1 (within 1e-9), None otherwise.

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
    return labelled(to_simplex(v), labels_of(weights)), note


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
          observed_ranges: ArrayLike | None = None) -> Any:
    """Swing weights from 0-100 points, optionally re-based to the ranges the longlist spans.

    Without ranges, ``w_j = p_j / sum_k p_k`` (von Winterfeldt & Edwards 1986; the most important
    swing gets 100). A swing weight belongs to the range it was elicited on (Edwards & Barron
    1994; methodology R13): with linear value functions the weight per unit of criterion j is
    proportional to ``p_j / |elicited_j|``, so the weight for the range actually observed is

    ``w_j = (p_j * |observed_j| / |elicited_j|) / sum_k (p_k * |observed_k| / |elicited_k|)``.

    A criterion whose observed range is zero gets weight 0 (it does not discriminate).

    Parameters
    ----------
    points : array_like or Series (m,)
        Points in [0, 100], at least one positive. A Series gives a Series of weights on its index.
    elicited_ranges, observed_ranges : array_like (m,) or (m, 2), optional
        Range widths, or [worst, best] pairs (width = |best - worst|). Give both or neither.
        Elicited widths must be > 0. With a Series of points, a Series or DataFrame (one row per
        criterion) is matched to it by label.

    Raises
    ------
    MethodError
        Negative or > 100 points, all zero, only one of the two ranges, a zero-width elicited
        range, or every weighted swing zero.
    """
    p = as_vector(points, "swing points")
    labels = labels_of(points)
    if np.any(p > 100):
        raise MethodError(f"swing points lie on 0-100 (100 = most important swing); got {p.tolist()}")
    check_nonnegative(p, "swing points")
    if (elicited_ranges is None) != (observed_ranges is None):
        raise MethodError("give both elicited_ranges and observed_ranges, or neither: a swing weight "
                          "can only be moved to another range if the range it was elicited on is known")
    if elicited_ranges is None:
        return labelled(to_simplex(p), labels)
    m = p.size
    names = None if labels is None else list(labels)
    elicited = _widths(by_criteria(elicited_ranges, names, "elicited_ranges"), m, "elicited_ranges")
    observed = _widths(by_criteria(observed_ranges, names, "observed_ranges"), m, "observed_ranges")
    zero = np.flatnonzero(elicited == 0)
    if zero.size:
        raise MethodError(f"elicited ranges of criteria {[int(k) + 1 for k in zero]} have zero width; "
                          "a swing over no range carries no weight information")
    v = p * observed / elicited
    if not np.any(v > 0):
        raise MethodError("every criterion with points has a zero observed range; no weights can be derived")
    return labelled(to_simplex(v), labels)


def _roc(n: int) -> np.ndarray:
    """Rank-order centroid by position: (1/n) sum_{i=k..n} 1/i (Barron & Barrett 1996)."""
    tail = np.cumsum((1.0 / np.arange(1, n + 1))[::-1])[::-1]
    return tail / n


def _rank_sum(n: int) -> np.ndarray:
    """Rank sum by position: 2 (n + 1 - k) / (n (n + 1)) (Stillwell, Seaver & Edwards 1981)."""
    k = np.arange(1, n + 1)
    return 2.0 * (n + 1 - k) / (n * (n + 1))


def _rank_reciprocal(n: int) -> np.ndarray:
    """Rank reciprocal by position: (1/k) / sum_j 1/j (Stillwell, Seaver & Edwards 1981)."""
    inv = 1.0 / np.arange(1, n + 1)
    return inv / inv.sum()


#: Weights by ranked position, by name: n -> (n,) weights, most important first.
RANK_WEIGHTS = {"roc": _roc, "rank-sum": _rank_sum, "rank-reciprocal": _rank_reciprocal}


def _group_weights(sizes: Sequence[int], method: str) -> np.ndarray:
    """Position weights of ``method`` for tie groups of ``sizes``; tied criteria share the mean of their positions."""
    if method not in RANK_WEIGHTS:
        hint = closest(method, list(RANK_WEIGHTS))
        raise MethodError(f"unknown rank weighting {method!r}; choose one of {list(RANK_WEIGHTS)}"
                          + (f" (did you mean {hint!r}?)" if hint else ""))
    pos = RANK_WEIGHTS[method](int(sum(sizes)))
    bounds = np.cumsum([0, *sizes])
    return to_simplex(np.repeat([pos[a:b].mean() for a, b in zip(bounds[:-1], bounds[1:])], sizes))


def _is_group(item: object) -> bool:
    return isinstance(item, (list, tuple, Set, np.ndarray, pd.Index))


def rank_weights(ranking: Any, *, method: str = "roc") -> Any:
    """Weights per criterion from a ranking with ties: rank-order centroid, rank sum or rank reciprocal.

    ``ranking`` is either

    - a list of groups, most important first, each a list of criteria (or one criterion alone):
      ``[["safety"], ["cost", "noise"], "nature"]``; the result is a Series on the criteria in
      that order;
    - a Series or mapping criterion -> rank (1 = most important; equal ranks are ties; dense
      1, 2, 2, 3 or competition 1, 2, 2, 4 ranks alike): a Series on the same criteria, same order;
    - a plain list of ranks per criterion position, e.g. ``[2, 1, 2, 3]``: an array in that order.

    ``method``: ``"roc"`` (Barron & Barrett 1996, w_k = (1/n) sum_{i>=k} 1/i), ``"rank-sum"``
    (w_k proportional to n + 1 - k) or ``"rank-reciprocal"`` (w_k proportional to 1/k) (both
    Stillwell, Seaver & Edwards 1981). Tied criteria share the mean weight of the positions they
    span, so the weights still sum to 1 and a ranking without ties gives the plain formula.

    Raises
    ------
    MethodError
        An empty ranking, a criterion named twice, ranks that are not finite numbers, or an
        unknown method.
    """
    if isinstance(ranking, (pd.Series, Mapping)):
        series = pd.Series(ranking, dtype=object) if isinstance(ranking, Mapping) else ranking
        ranks, labels = series.to_numpy(), series.index
    elif isinstance(ranking, (list, tuple)) and any(_is_group(g) or isinstance(g, str) for g in ranking):
        groups = [list(g) if _is_group(g) else [g] for g in ranking]
        if any(not g for g in groups):
            raise MethodError(f"ranking: every group needs at least one criterion; got {ranking!r}")
        flat: list[Hashable] = [c for g in groups for c in g]
        twice = sorted({repr(c) for c in flat if flat.count(c) > 1})
        if twice:
            raise MethodError(f"ranking: criteria named more than once: {', '.join(twice)}")
        return labelled(_group_weights([len(g) for g in groups], method), pd.Index(flat))
    else:
        ranks, labels = np.asarray(ranking, dtype=object), None
    try:
        r = np.asarray(ranks, dtype=float)
    except (TypeError, ValueError):
        raise MethodError(f"ranking: ranks must be numbers (1 = most important); got {list(ranks)!r}") from None
    if r.ndim != 1 or r.size == 0 or not np.isfinite(r).all():
        raise MethodError(f"ranking: one finite rank per criterion, 1 = most important; got {list(ranks)!r}")
    _, group = np.unique(r, return_inverse=True)
    per_group = _group_weights(np.bincount(group).tolist(), method)
    starts = np.cumsum([0, *np.bincount(group)])[:-1]
    return labelled(per_group[starts][group], labels)


def roc_weights(ranking: Any) -> Any:
    """Rank-order centroid weights per criterion from a ranking with ties (see :func:`rank_weights`)."""
    return rank_weights(ranking, method="roc")


def rank_sum_weights(ranking: Any) -> Any:
    """Rank-sum weights per criterion from a ranking with ties (see :func:`rank_weights`)."""
    return rank_weights(ranking, method="rank-sum")


def rank_order_centroid(n: int) -> np.ndarray:
    """Rank-order centroid weights for n criteria ranked from most to least important.

    ``w_k = (1/n) * sum_{i=k..n} 1/i`` (Barron & Barrett 1996), the centroid of the simplex
    region ``w_1 >= w_2 >= ... >= w_n``. E.g. n = 3: 0.6111, 0.2778, 0.1111.
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise MethodError(f"rank_order_centroid needs a whole number n >= 1, got {n!r}")
    return to_simplex(_roc(int(n)))


def rank_order_weights(order_groups: Sequence[int]) -> np.ndarray:
    """ROC weights for a ranking with ties, in ranked-position order.

    ``order_groups`` gives the size of each tie group from most to least important, e.g.
    ``[1, 2, 1]``: one criterion first, two tied second, one last. Tied criteria share the mean
    of the ROC weights of the positions they span, so the sum stays 1 and the ranking without
    ties is :func:`rank_order_centroid`.

    Returns
    -------
    ndarray (sum(order_groups),)
        Weight per criterion, listed in ranked order (group by group). To map a ranking onto
        criteria (by name or by rank per criterion), use :func:`rank_weights`.
    """
    sizes = list(order_groups)
    if not sizes or any(isinstance(s, bool) or not isinstance(s, (int, np.integer)) or s < 1 for s in sizes):
        raise MethodError(f"order_groups must be group sizes >= 1 (most important first), got {sizes!r}")
    return _group_weights([int(s) for s in sizes], "roc")
