r"""Weight stability intervals (one criterion at a time) and the most critical criterion.

**Stability intervals** (Mareschal 1988, EJOR 33:54-64; Wolters & Mareschal 1995, EJOR
81(2):281-290; ``research/methodology.md`` D.2). Criterion k's weight is set to
:math:`\lambda` and the others are rescaled proportionally,

.. math:: w_j(\lambda) = w_j \frac{1 - \lambda}{1 - w_k}\quad (j \ne k),

(if :math:`w_k = 1` the others share :math:`1 - \lambda` equally). The interval of
criterion k is the largest :math:`[\lambda^-, \lambda^+] \ni w_k` within [0, 1] in which
(a) the top measure and (b) the whole ranking stay the same; at an end point two measures
tie. For methods whose score is linear in the weights on a weight-independent matrix
:math:`v` (wsm, mavt, moora, spotis, promethee2, weighted_sum) the score is linear in
:math:`\lambda`: :math:`V_a(\lambda) = R_a + \lambda (v_{ak} - R_a)`,
:math:`R_a = \sum_{j \ne k} w_j v_{aj} / (1 - w_k)`, and pairs cross at

.. math:: \lambda_{ab} = \frac{R_b - R_a}{(v_{ak} - R_a) - (v_{bk} - R_b)},

so the intervals are exact. For the other methods the first change is located on a grid
of :data:`GRID` values of :math:`\lambda` (one batch-kernel call for all criteria) and
refined by bisection to :data:`BISECT_TOL`; a change that appears and disappears between
two grid points is not seen.

**Most critical criterion** (Triantaphyllou & Sanchez 1997, Decision Sciences
28(1):151-194; methodology D.3), for linear-score methods: with :math:`P_i > P_j`, lowering
:math:`w_k` by :math:`\delta` (no renormalisation; ranks of a linear score are
scale-invariant) reverses i and j at

.. math:: \delta^*_{k,i,j} = \frac{P_i - P_j}{a_{ik} - a_{jk}},

feasible when :math:`0 \le w_k - \delta^* \le 1`; the relative change is
:math:`\delta' = 100\,\delta^*/w_k` % and the sensitivity coefficient :math:`1/|\delta'|`.
*Percent-top* (PT): the smallest :math:`|\delta'|` over pairs with the best measure;
*percent-any* (PA): over all pairs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import numpy as np

from .. import mcda
from ..errors import MethodError
from ..mcda import TIE_RTOL
from ..mcda.validation import check_inputs
from .smaa import WEIGHTED_SUM

__all__ = ["StabilityResult", "CriticalCriterion", "stability_intervals", "critical_criterion", "LINEAR_METHODS",
           "GRID", "BISECT_TOL"]

#: Methods whose score is linear in the weights (score = W @ v.T on a weight-independent v).
LINEAR_METHODS = frozenset({WEIGHTED_SUM, "wsm", "mavt", "moora", "spotis", "promethee2"})
#: Grid points in [0, 1] for the non-linear methods' first-change search.
GRID = 401
#: Bisection tolerance on lambda.
BISECT_TOL = 1e-9


def _ro(a: Any) -> np.ndarray:
    a = np.array(a, dtype=float, copy=True)
    a.setflags(write=False)
    return a


@dataclass(frozen=True)
class StabilityResult:
    """Weight stability intervals per criterion.

    Attributes
    ----------
    weights : (m,) the current weights.
    top : int, the measure ranked first at the current weights (lowest index among ties).
    top_interval : (m, 2) ``[lo, hi]`` of w_k within which ``top`` stays first.
    ranking_interval : (m, 2) ``[lo, hi]`` of w_k within which the whole ranking is unchanged.
    method : scoring method.
    exact : True when the intervals come from exact crossing points (linear-score methods),
        False when from grid + bisection (tolerance :data:`BISECT_TOL`).
    status, message : ``"ok"`` or a note (e.g. a tie at the current weights).
    """

    weights: np.ndarray
    top: int
    top_interval: np.ndarray
    ranking_interval: np.ndarray
    method: str
    exact: bool
    status: str = "ok"
    message: str = ""

    def __post_init__(self) -> None:
        for name in ("weights", "top_interval", "ranking_interval"):
            object.__setattr__(self, name, _ro(getattr(self, name)))

    def to_dict(self) -> dict[str, Any]:
        return {"weights": self.weights.tolist(), "top": self.top, "top_interval": self.top_interval.tolist(),
                "ranking_interval": self.ranking_interval.tolist(), "method": self.method, "exact": self.exact,
                "status": self.status, "message": self.message}

    def to_frame(self, criteria: Sequence[str] | None = None):
        """One row per criterion: weight, top_lo, top_hi, ranking_lo, ranking_hi (pandas)."""
        import pandas as pd

        m = self.weights.size
        idx = pd.Index(list(criteria) if criteria is not None else [f"c{j}" for j in range(m)], name="criterion")
        return pd.DataFrame({"weight": self.weights, "top_lo": self.top_interval[:, 0],
                             "top_hi": self.top_interval[:, 1], "ranking_lo": self.ranking_interval[:, 0],
                             "ranking_hi": self.ranking_interval[:, 1]}, index=idx)

    def __repr__(self) -> str:
        width = self.top_interval[:, 1] - self.top_interval[:, 0]
        k = int(np.argmin(width))
        return (f"StabilityResult({self.status}, method={self.method}, m={self.weights.size}, top={self.top}, "
                f"narrowest top interval: criterion {k} [{self.top_interval[k, 0]:.4g}, {self.top_interval[k, 1]:.4g}])")


@dataclass(frozen=True)
class CriticalCriterion:
    """Triantaphyllou & Sanchez (1997) most critical criterion.

    Attributes
    ----------
    percent_top : (m,) smallest feasible :math:`|\\delta'|` (%) per criterion over pairs (best, j); inf if none.
    percent_any : (m,) the same over all pairs.
    top_criterion, any_criterion : the PT and PA critical criterion (index; -1 if no change is feasible).
    top_pair, any_pair : (m, 2) the pair (i, j) (i ranked better) reaching the minimum, -1 if none.
    top_delta, any_delta : (m,) signed absolute threshold :math:`\\delta^*` of that pair (w_k -> w_k - delta).
    best : the best measure.
    """

    percent_top: np.ndarray
    percent_any: np.ndarray
    top_criterion: int
    any_criterion: int
    top_pair: np.ndarray
    any_pair: np.ndarray
    top_delta: np.ndarray
    any_delta: np.ndarray
    best: int
    method: str

    def __post_init__(self) -> None:
        for name in ("percent_top", "percent_any", "top_delta", "any_delta"):
            object.__setattr__(self, name, _ro(getattr(self, name)))
        for name in ("top_pair", "any_pair"):
            a = np.array(getattr(self, name), dtype=np.int64, copy=True)
            a.setflags(write=False)
            object.__setattr__(self, name, a)

    @property
    def sensitivity_top(self) -> np.ndarray:
        """Sensitivity coefficients 1/|delta'| (PT), 0 where no change is feasible."""
        with np.errstate(divide="ignore"):
            return np.where(np.isfinite(self.percent_top), 1.0 / self.percent_top, 0.0)

    def to_dict(self) -> dict[str, Any]:
        def f(a: np.ndarray) -> list:
            return [None if not np.isfinite(v) else float(v) for v in a]
        return {"best": self.best, "method": self.method, "top_criterion": self.top_criterion,
                "any_criterion": self.any_criterion, "percent_top": f(self.percent_top),
                "percent_any": f(self.percent_any), "top_pair": self.top_pair.tolist(),
                "any_pair": self.any_pair.tolist(), "top_delta": f(self.top_delta), "any_delta": f(self.any_delta)}

    def to_frame(self, criteria: Sequence[str] | None = None):
        import pandas as pd

        m = self.percent_top.size
        idx = pd.Index(list(criteria) if criteria is not None else [f"c{j}" for j in range(m)], name="criterion")
        return pd.DataFrame({"percent_top": self.percent_top, "percent_any": self.percent_any,
                             "top_delta": self.top_delta, "any_delta": self.any_delta}, index=idx)

    def __repr__(self) -> str:
        return (f"CriticalCriterion(best={self.best}, PT criterion {self.top_criterion}, PA criterion "
                f"{self.any_criterion}, method={self.method})")


# -- helpers ----------------------------------------------------------------------------------

def _prepare(values: Any, weights: Any, types: Any, method: str | None,
             params: Mapping[str, Any] | None) -> tuple[str, np.ndarray, np.ndarray, np.ndarray, dict, bool]:
    try:
        x = np.asarray(values, dtype=float)
        w = np.asarray(weights, dtype=float)
    except (TypeError, ValueError):
        raise MethodError("values and weights must be numeric arrays") from None
    if x.ndim != 2 or w.ndim != 1 or w.shape[0] != x.shape[1]:
        raise MethodError(f"values must be (n, m) and weights (m,); got {x.shape} and {w.shape}")
    if method is None or str(method).strip().lower() == WEIGHTED_SUM:
        if params:
            raise MethodError(f"{WEIGHTED_SUM} takes no parameters")
        t = np.ones(x.shape[1]) if types is None else np.asarray(types, dtype=float)
        if t.shape != (x.shape[1],) or not (t == 1).all():
            raise MethodError(f"{WEIGHTED_SUM} needs types None or all +1 (partial values, higher is better)")
        check_inputs(x, w, t)
        return WEIGHTED_SUM, x, w, t, {}, True
    entry = mcda.get_method(method)
    t = np.asarray(types, dtype=float)
    check_inputs(x, w, t)
    return entry.name, x, w, t, mcda.check_params(entry.name, dict(params or {}), n_criteria=x.shape[1]), \
        entry.higher_is_better


def _scores(name: str, x: np.ndarray, W: np.ndarray, t: np.ndarray, params: dict) -> np.ndarray:
    if name == WEIGHTED_SUM:
        return W @ x.T
    return mcda.evaluate(name, x, W, t, validate=False, **params)


def _linear_matrix(name: str, x: np.ndarray, t: np.ndarray, params: dict) -> np.ndarray | None:
    """v (n, m) with score(w) = v @ w for linear-score methods (checked numerically), else None."""
    if name not in LINEAR_METHODS:
        return None
    m = x.shape[1]
    v = _scores(name, x, np.eye(m), t, params).T
    probe = np.full(m, 1.0 / m)
    got = _scores(name, x, probe[None, :], t, params)[0]
    scale = max(1.0, float(np.abs(got).max()))
    if np.abs(got - v @ probe).max() > 1e-9 * scale:
        return None
    return v


def _path(w: np.ndarray, k: int, lam: np.ndarray) -> np.ndarray:
    """Weights w(lambda) for criterion k, one row per lambda."""
    lam = np.atleast_1d(np.asarray(lam, dtype=float))
    m = w.size
    rest = np.delete(np.arange(m), k)
    out = np.empty((lam.size, m))
    out[:, k] = lam
    if w[k] < 1.0:
        out[:, rest] = w[rest][None, :] * ((1.0 - lam) / (1.0 - w[k]))[:, None]
    else:
        out[:, rest] = ((1.0 - lam) / max(m - 1, 1))[:, None]
    return out


def _exact_intervals(v: np.ndarray, w: np.ndarray, k: int, top: int) -> tuple[tuple[float, float], tuple[float, float]]:
    n, m = v.shape
    wk = w[k]
    rest = np.delete(np.arange(m), k)
    if wk < 1.0:
        r = v[:, rest] @ w[rest] / (1.0 - wk)
    else:
        r = v[:, rest].mean(axis=1)
    slope = v[:, k] - r                      # V_a(lambda) = r_a + lambda * slope_a
    now = r + wk * slope
    tol = TIE_RTOL * max(float(np.abs(now).max()), 1e-300)
    dr = r[None, :] - r[:, None]             # R_b - R_a
    ds = slope[:, None] - slope[None, :]     # slope_a - slope_b
    with np.errstate(divide="ignore", invalid="ignore"):
        lam = np.where(ds != 0, dr / ds, np.nan)
    tied_now = (np.abs(now[:, None] - now[None, :]) <= tol) & (ds != 0)
    lam = np.where(tied_now, wk, lam)
    np.fill_diagonal(lam, np.nan)

    def interval(cands: np.ndarray) -> tuple[float, float]:
        c = cands[np.isfinite(cands)]
        below = c[c <= wk]
        above = c[c >= wk]
        lo = max(0.0, float(below.max())) if below.size else 0.0
        hi = min(1.0, float(above.min())) if above.size else 1.0
        return (min(lo, wk), max(hi, wk))

    return interval(lam[top]), interval(lam[np.triu_indices(n, 1)])


def stability_intervals(values: Any, weights: Any, types: Any = None, *, method: str | None = "wsm",
                        params: Mapping[str, Any] | None = None) -> StabilityResult:
    """Weight stability intervals of every criterion (see the module docstring for the formulas).

    Parameters
    ----------
    values : array (n, m); weights : array (m,) on the simplex; types : +1/-1 per criterion
        (None for ``"weighted_sum"``).
    method, params : a name in :data:`mkba.mcda.METHODS` (or ``"weighted_sum"``) and its parameters.

    Returns
    -------
    StabilityResult

    Raises
    ------
    MethodError
        Bad input or method.
    """
    name, x, w, t, prm, hib = _prepare(values, weights, types, method, params)
    n, m = x.shape
    ranks0 = mcda.rank(_scores(name, x, w[None, :], t, prm)[0], higher_is_better=hib)
    top = int(np.flatnonzero(ranks0 == 1)[0])
    status, message = "ok", ""
    if (ranks0 == 1).sum() > 1:
        status, message = "tie", "several measures share rank 1 at the current weights; 'top' is the first of them"
    top_iv = np.empty((m, 2))
    rank_iv = np.empty((m, 2))
    if m == 1:  # one criterion: its weight is 1 and cannot move, whatever the method
        fixed = np.array([[w[0], w[0]]])
        return StabilityResult(w, top, fixed, fixed.copy(), name, True, status, message)
    v = _linear_matrix(name, x, t, prm)
    if v is not None:
        for k in range(m):
            top_iv[k], rank_iv[k] = _exact_intervals(v, w, k, top)
        return StabilityResult(w, top, top_iv, rank_iv, name, True, status, message)

    grid = np.linspace(0.0, 1.0, GRID)

    def state(W: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        r = mcda.rank(_scores(name, x, W, t, prm), higher_is_better=hib)
        return r[:, top] == 1, (r == ranks0[None, :]).all(axis=1)

    # one batch call: every criterion's grid
    Wg = np.concatenate([_path(w, k, grid) for k in range(m)])
    same_top, same_rank = (a.reshape(m, GRID) for a in state(Wg))
    # brackets (inside, outside) per (criterion, kind, side)
    jobs: list[tuple[int, int, int, float, float]] = []   # (k, kind, side, inside, outside)
    result = np.empty((m, 2, 2))
    for k in range(m):
        for kind, same in enumerate((same_top[k], same_rank[k])):
            for side in (0, 1):
                pts = grid[grid < w[k]][::-1] if side == 0 else grid[grid > w[k]]
                ok = same[grid < w[k]][::-1] if side == 0 else same[grid > w[k]]
                bad = np.flatnonzero(~ok)
                if bad.size == 0:
                    result[k, kind, side] = 0.0 if side == 0 else 1.0
                    continue
                j = int(bad[0])
                inside = float(pts[j - 1]) if j > 0 else float(w[k])
                jobs.append((k, kind, side, inside, float(pts[j])))
    if jobs:
        inside = np.array([j[3] for j in jobs])
        outside = np.array([j[4] for j in jobs])
        while np.abs(outside - inside).max() > BISECT_TOL:
            mid = 0.5 * (inside + outside)
            W = np.concatenate([_path(w, jb[0], mid[i:i + 1]) for i, jb in enumerate(jobs)])
            st, sr = state(W)
            keep = np.where([jb[1] == 0 for jb in jobs], st, sr)
            inside = np.where(keep, mid, inside)
            outside = np.where(keep, outside, mid)
        for i, (k, kind, side, _, _) in enumerate(jobs):
            result[k, kind, side] = inside[i]
    top_iv[:] = result[:, 0, :]
    rank_iv[:] = result[:, 1, :]
    return StabilityResult(w, top, top_iv, rank_iv, name, False, status, message)


def critical_criterion(values: Any, weights: Any, types: Any = None, *, method: str | None = "wsm",
                       params: Mapping[str, Any] | None = None) -> CriticalCriterion:
    r"""Triantaphyllou & Sanchez (1997) most critical criterion, percent-top and percent-any.

    For linear-score methods (:data:`LINEAR_METHODS`), with :math:`a = v` the
    weight-independent matrix (for ``wsm`` the min-max normalised values, for
    ``weighted_sum`` the values themselves) and :math:`P = a w`:
    :math:`\delta^*_{k,i,j} = (P_i - P_j)/(a_{ik} - a_{jk})` for every pair with i ranked
    better than j, kept when :math:`0 \le w_k - \delta^* \le 1` (and :math:`a_{ik} \ne a_{jk}`);
    :math:`\delta' = 100\,\delta^*/w_k` (infinite for :math:`w_k = 0`). For lower-is-better
    methods (spotis) "better" means a lower score; the formula is the same.

    Raises
    ------
    MethodError
        Non-linear method (the closed form needs a linear score; use
        :func:`stability_intervals`, which bisects), or bad input.
    """
    name, x, w, t, prm, hib = _prepare(values, weights, types, method, params)
    v = _linear_matrix(name, x, t, prm)
    if v is None:
        raise MethodError(f"critical_criterion needs a method whose score is linear in the weights "
                          f"({', '.join(sorted(LINEAR_METHODS))}); {name!r} is not. Use stability_intervals.")
    n, m = v.shape
    p = v @ w
    key = p if hib else -p
    order = np.argsort(-key, kind="stable")
    best = int(order[0])
    pos = np.empty(n, dtype=np.int64)
    pos[order] = np.arange(n)
    better = pos[:, None] < pos[None, :]                      # i strictly before j in the ranking
    diff_p = p[:, None] - p[None, :]
    pct_top = np.full(m, np.inf)
    pct_any = np.full(m, np.inf)
    pair_top = np.full((m, 2), -1)
    pair_any = np.full((m, 2), -1)
    d_top = np.full(m, np.nan)
    d_any = np.full(m, np.nan)
    for k in range(m):
        da = v[:, k][:, None] - v[:, k][None, :]
        with np.errstate(divide="ignore", invalid="ignore"):
            delta = np.where(da != 0, diff_p / da, np.nan)
        if w[k] <= 0:
            continue                                          # delta' = 100 delta / w_k undefined
        feasible = better & np.isfinite(delta) & (w[k] - delta >= 0) & (w[k] - delta <= 1)
        rel = np.where(feasible, np.abs(100.0 * delta / w[k]), np.inf)
        i, j = np.unravel_index(int(np.argmin(rel)), rel.shape)
        if np.isfinite(rel[i, j]):
            pct_any[k], pair_any[k], d_any[k] = rel[i, j], (i, j), delta[i, j]
        row = rel[best]
        jt = int(np.argmin(row))
        if np.isfinite(row[jt]):
            pct_top[k], pair_top[k], d_top[k] = row[jt], (best, jt), delta[best, jt]
    top_c = int(np.argmin(pct_top)) if np.isfinite(pct_top).any() else -1
    any_c = int(np.argmin(pct_any)) if np.isfinite(pct_any).any() else -1
    return CriticalCriterion(pct_top, pct_any, top_c, any_c, pair_top, pair_any, d_top, d_any, best, name)
