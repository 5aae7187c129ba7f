"""Dominance among portfolios over a weight hull, and what the non-dominated ones say about each measure.

A portfolio's value is linear in the weights, so one that another beats at every vertex of
the hull of the parties' weightings (weakly everywhere, strictly somewhere) is beaten for
every weighting in the hull: comparing the values at the vertices is exact (Liesiö, Mild &
Salo 2007, EJOR 181(3):1488-1505, Theorem 1). :func:`non_dominated` and :func:`undominated`
make that comparison for given portfolios; :func:`rpm_core_index` (the share of the
non-dominated portfolios containing a measure) and :func:`rpm_classes` (core: in every one,
exterior: in none, else borderline) are Robust Portfolio Modelling's summary per measure
(Liesiö et al. 2007, section 4). Plain arrays in, arrays out: no model and no solver.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import MethodError

__all__ = ["non_dominated", "undominated", "rpm_core_index", "rpm_classes"]


def non_dominated(selections: Any, vertices: Any, *, rtol: float = 1e-9) -> np.ndarray:
    """Which portfolios no other beats at every vertex (weakly everywhere, strictly somewhere).

    ``selections`` (u, n) bool; ``vertices`` (s, n) the value of each measure at each vertex of
    the weight hull. Values are compared with a relative tolerance ``rtol``.
    """
    X = np.asarray(selections, bool)
    V = np.asarray(vertices, float)
    if X.ndim != 2 or V.ndim != 2 or V.shape[1] != X.shape[1]:
        raise MethodError(f"selections (u, n) and vertices (s, n) must share n; got {X.shape} and {V.shape}")
    return undominated(X.astype(float) @ V.T, rtol=rtol)  # (u, s): value of each portfolio at each vertex


def undominated(P: np.ndarray, *, rtol: float = 1e-9) -> np.ndarray:
    """Which rows of ``P`` (u, s) no other row beats (weakly everywhere, strictly somewhere)."""
    P = np.asarray(P, float)
    tol = rtol * max(1.0, float(np.abs(P).max(initial=0.0)))
    dominated = np.zeros(len(P), bool)
    for a in range(0, len(P), 256):  # blocks of rows: (256, u, s) at most
        Q = P[a:a + 256]
        geq = (Q[:, None, :] >= P[None, :, :] - tol).all(axis=2)  # geq[b, a]: row b at least as good as a
        gt = (Q[:, None, :] > P[None, :, :] + tol).any(axis=2)
        dominated |= (geq & gt).any(axis=0)
    return ~dominated


def rpm_core_index(front: np.ndarray) -> np.ndarray:
    """RPM core index of the (portfolios, n) non-dominated selections: each measure's share (NaN when none)."""
    if not len(front):
        return np.full(front.shape[1], np.nan)
    return front.mean(axis=0)


def rpm_classes(front: np.ndarray, ids: Any) -> dict:
    """Each measure's RPM class over the (portfolios, n) non-dominated selections: ``core`` (in every one),
    ``exterior`` (in none), else ``borderline``."""
    return {m: ("core" if front[:, j].all() else "exterior" if not front[:, j].any() else "borderline")
            for j, m in enumerate(ids)}
