"""Objective weights from the decision matrix: Shannon entropy (Hwang & Yoon 1981) and CRITIC
(Diakoulaki, Mavrotas & Papayannakis 1995)."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from typing import Any

from ..errors import MethodError
from .checks import as_decision_matrix, as_types, criteria_text, labels_of, labelled, to_simplex

__all__ = ["entropy", "critic"]


def entropy(matrix: ArrayLike, types: ArrayLike | None = None) -> Any:
    """Shannon-entropy weights of a decision matrix (alternatives x criteria).

    Same signature as :func:`critic`: ``matrix`` an array or DataFrame (then a Series of weights on
    its columns comes back), ``types`` optional, in any form ``mcda.evaluate`` takes.

    ``p_ij = x_ij / sum_i x_ij``; ``E_j = -(1/ln a) sum_i p_ij ln p_ij`` with ``0 ln 0 = 0``;
    ``d_j = 1 - E_j``; ``w_j = d_j / sum_k d_k`` (e.g. Xu 2004, EJOR 156(2):530-532). A criterion
    on which all alternatives score alike gets weight 0.

    The method measures the spread of each column as given, so criterion direction does not enter:
    ``types`` is accepted for the signature it shares with :func:`critic` and checked, but not used.

    pymcdm's ``entropy_weights`` gives the same numbers for strictly positive data; it rejects
    columns containing a 0 (a plain ValueError from its sum normalisation), which the formula
    handles with ``0 ln 0 = 0``. Hence this own implementation.

    Raises
    ------
    MethodError
        Fewer than 2 alternatives, NaN/inf, negative values, an all-zero column, or no column with
        any spread (every weight would be 0/0).
    """
    x = as_decision_matrix(matrix, "entropy weights")
    a, m = x.shape
    labels = labels_of(matrix)
    as_types(types, m, "entropy weights", labels)
    if np.any(x < 0):
        cols = np.flatnonzero((x < 0).any(axis=0))
        raise MethodError(f"entropy weights need non-negative data (shares of a column total); "
                          f"{criteria_text(cols, labels)} hold(s) negative values. Shift or rescale them, or use CRITIC")
    totals = x.sum(axis=0)
    zero = np.flatnonzero(totals == 0)
    if zero.size:
        raise MethodError(f"entropy weights: {criteria_text(zero, labels)} is/are zero for every "
                          "alternative; their shares are undefined")
    p = x / totals
    plogp = np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0)), 0.0)
    e = -plogp.sum(axis=0) / np.log(a)
    d = np.clip(1.0 - e, 0.0, None)
    d[x.max(axis=0) == x.min(axis=0)] = 0.0  # exactly 0, not rounding noise, for a constant column
    if not np.any(d > 0):
        raise MethodError("entropy weights: no criterion varies across the alternatives, so none "
                          "carries information; the weights are undefined")
    return labelled(to_simplex(d), labels)


def critic(matrix: ArrayLike, types: ArrayLike | None = None) -> Any:
    """CRITIC weights (Diakoulaki, Mavrotas & Papayannakis 1995).

    Same signature as :func:`entropy`: ``matrix`` an array or DataFrame (then a Series of weights on
    its columns comes back); ``types`` in any form ``mcda.evaluate`` takes, optional: without them
    every criterion is a benefit (pymcdm's ``critic_weights`` then gives the same numbers).

    Each criterion is scaled to [0, 1] between its worst and best value, so 1 is best:
    ``r_ij = (x_ij - min_j)/(max_j - min_j)`` for benefit, ``(max_j - x_ij)/(max_j - min_j)``
    for cost. Then ``C_j = sigma_j * sum_k (1 - rho_jk)`` with sigma_j the standard deviation of
    column j and rho the Pearson correlation of the scaled columns, and ``w_j = C_j / sum_k C_k``.
    (Whether sigma uses n or n - 1 cancels in the normalisation.)

    pymcdm's ``critic_weights`` scales every column as a benefit criterion whatever ``types``
    says. A cost column then enters the correlations with the opposite sign, which changes the
    weights; with benefit criteria only the two agree.

    Raises
    ------
    MethodError
        Fewer than 2 alternatives, NaN/inf, bad ``types``, or a criterion with no spread (its
        correlations are undefined).
    """
    x = as_decision_matrix(matrix, "CRITIC weights")
    m = x.shape[1]
    labels = labels_of(matrix)
    t = as_types(types, m, "CRITIC weights", labels)
    lo, hi = x.min(axis=0), x.max(axis=0)
    flat = np.flatnonzero(hi == lo)
    if flat.size:
        raise MethodError(f"CRITIC weights: {criteria_text(flat, labels)} has/have the same value for "
                          "every alternative; their correlations are undefined. Drop them (they cannot "
                          "discriminate) or use another weighting")
    r = np.where(t > 0, (x - lo) / (hi - lo), (hi - x) / (hi - lo))
    sigma = r.std(axis=0, ddof=1)
    if m == 1:
        return labelled(np.ones(1), labels)
    rho = np.corrcoef(r, rowvar=False)
    gap = 1.0 - rho
    gap[gap < 1e-12] = 0.0  # rho = 1 up to rounding: no conflict, not a speck of it
    c = sigma * gap.sum(axis=0)
    if not np.any(c > 0):
        raise MethodError("CRITIC weights: all criteria are perfectly correlated (after scaling to best = 1), "
                          "so every C_j is 0 and the weights are undefined")
    return labelled(to_simplex(np.clip(c, 0.0, None)), labels)
