"""Group weights: aggregation of individual priorities (AIP) and of individual judgements (AIJ)
(Aczél & Saaty 1983; Forman & Peniwati 1998)."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from typing import Any, Hashable, Sequence

import pandas as pd

from ..errors import MethodError, closest
from ..labels import by_criteria
from .ahp import check_pairwise
from .checks import as_vector, check_nonnegative, labelled, labels_of, to_simplex

__all__ = ["aggregate_priorities", "aggregate_judgements"]

_AIP_MEANS = ("arithmetic", "geometric")


def _influence(influence: object, s: int, stakeholders: Sequence[Hashable] | None = None) -> np.ndarray:
    """Influence per stakeholder, normalised; a Series is matched to ``stakeholders`` by label."""
    lam = as_vector(by_criteria(influence, stakeholders, "influence"), "influence")
    if lam.shape != (s,):
        raise MethodError(f"influence must have one value per stakeholder ({s}); got {lam.size}")
    check_nonnegative(lam, "influence")
    return lam / lam.sum()


def aggregate_priorities(priorities: ArrayLike, influence: ArrayLike, *, how: str = "arithmetic") -> Any:
    """Group priorities from individual priority vectors (AIP; Forman & Peniwati 1998).

    ``how="arithmetic"``: ``w_j = sum_s lambda_s w_sj`` (satisfies the Pareto principle);
    ``how="geometric"``: ``w_j ∝ prod_s w_sj ** lambda_s``, renormalised. Influence lambda is
    non-negative, not all zero, normalised to sum 1; each row of ``priorities`` is normalised
    to sum 1 first.

    Parameters
    ----------
    priorities : array_like or DataFrame (s, m)
        One priority vector per stakeholder (non-negative, each row not all zero). A DataFrame
        (stakeholders x criteria) gives a Series on its columns.
    influence : array_like or Series (s,)
        A Series is matched to the DataFrame's stakeholders by label.
    how : {"arithmetic", "geometric"}
    """
    if how not in _AIP_MEANS:
        hint = closest(how, _AIP_MEANS)
        raise MethodError(f"unknown mean {how!r} for aggregating priorities; choose {list(_AIP_MEANS)}"
                          + (f" (did you mean {hint!r}?)" if hint else ""))
    try:
        w = np.asarray(priorities, dtype=float)
    except (TypeError, ValueError) as exc:
        raise MethodError(f"priorities must be numbers: {exc}") from None
    if w.ndim != 2 or w.shape[0] == 0 or w.shape[1] == 0:
        raise MethodError(f"priorities must be (stakeholders x criteria); got shape {w.shape}")
    if not np.all(np.isfinite(w)) or np.any(w < 0):
        raise MethodError("priorities must be finite and >= 0")
    totals = w.sum(axis=1)
    empty = np.flatnonzero(totals == 0)
    if empty.size:
        raise MethodError(f"priority vectors of stakeholders {[int(k) + 1 for k in empty]} are all zero")
    w = w / totals[:, None]
    labels = labels_of(priorities) if isinstance(priorities, pd.DataFrame) else None
    people = list(priorities.index) if isinstance(priorities, pd.DataFrame) else None
    lam = _influence(influence, w.shape[0], people)
    if how == "arithmetic":
        return labelled(to_simplex(lam @ w), labels)
    active = lam > 0
    with np.errstate(divide="ignore"):
        logs = np.log(w[active])
    g = np.exp(lam[active] @ logs)
    if not np.any(g > 0):
        raise MethodError("geometric mean of priorities: every criterion has a zero priority from some "
                          "stakeholder with influence; use how='arithmetic'")
    return labelled(to_simplex(g), labels)


def aggregate_judgements(matrices: ArrayLike | Sequence[pd.DataFrame], influence: ArrayLike, *,
                         how: str = "geometric") -> Any:
    """Group pairwise matrix from individual judgements (AIJ), by weighted geometric mean.

    ``a_ij^G = prod_s (a_ij^s) ** lambda_s`` (Aczél & Saaty 1983; Forman & Peniwati 1998), the
    only mean that keeps reciprocity (``a_ji^G = 1/a_ij^G``) with unanimity and homogeneity.
    The logarithm is made exactly antisymmetric, ``L = (L - L^T)/2``, so the result is exactly
    reciprocal even when inputs are reciprocal only within :data:`RECIPROCITY_TOLERANCE`
    (e.g. 0.333 for 1/3); for exactly reciprocal inputs this changes nothing.

    Feed the result to :func:`ahp` for the group priorities.

    Parameters
    ----------
    matrices : array_like (s, m, m) or a sequence of DataFrames
        One valid pairwise matrix per stakeholder. DataFrames are matched to the first one's
        criteria by label, and the group matrix is a DataFrame on them.
    influence : array_like (s,)
        Non-negative, not all zero; normalised to sum 1.
    how : {"geometric"}
        There is no arithmetic AIJ: the arithmetic mean of reciprocal matrices is not reciprocal
        (the mean of 9 and 1/9 is 4.56, whose reciprocal 0.22 is not the mean 4.56 of the
        transposed pair), so it raises MethodError. Average *priorities* arithmetically with
        :func:`aggregate_priorities` instead.
    """
    if how != "geometric":
        if how == "arithmetic":
            raise MethodError("arithmetic aggregation of AHP judgements (AIJ) is not allowed: the "
                              "arithmetic mean of reciprocal matrices is not reciprocal (mean of 9 and 1/9 "
                              "is 4.56, mean of 1/9 and 9 is also 4.56, not 1/4.56). Use the weighted "
                              "geometric mean (how='geometric'), or aggregate priorities (AIP) with "
                              "aggregate_priorities(..., how='arithmetic')")
        raise MethodError(f"unknown AIJ mean {how!r}; only 'geometric' keeps reciprocity")
    given: Any = matrices
    labels = None
    if isinstance(given, (list, tuple)) and given and isinstance(given[0], pd.DataFrame):
        labels = given[0].columns
        given = [by_criteria(f, list(labels), "judgements").reindex(columns=labels) for f in given]
    try:
        a = np.asarray(given, dtype=float)
    except (TypeError, ValueError) as exc:
        raise MethodError(f"judgement matrices must be numbers: {exc}") from None
    if a.ndim != 3 or a.shape[0] == 0 or a.shape[1] != a.shape[2]:
        raise MethodError(f"judgement matrices must be (stakeholders x m x m); got shape {a.shape}")
    problems = []
    for s in range(a.shape[0]):
        problems += [f"stakeholder {s + 1}: {p.message}" for p in check_pairwise(a[s])]
    if problems:
        raise MethodError(f"invalid judgement matrices ({len(problems)} problem(s)):\n"
                          + "\n".join(f"  {p}" for p in problems))
    lam = _influence(influence, a.shape[0])
    logs = np.tensordot(lam, np.log(a), axes=1)
    logs = 0.5 * (logs - logs.T)
    return np.exp(logs) if labels is None else pd.DataFrame(np.exp(logs), index=labels, columns=labels)
