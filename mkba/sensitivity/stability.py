r"""Weight stability intervals (one criterion at a time) and the most critical criterion.

**Stability intervals** (Mareschal 1988, EJOR 33:54-64; Wolters & Mareschal 1995, EJOR
81(2):281-290; ``research/methodology.md`` D.2). Criterion k's weight is set to
:math:`\lambda` and the others are rescaled proportionally,

.. math:: w_j(\lambda) = w_j \frac{1 - \lambda}{1 - w_k}\quad (j \ne k),

(if :math:`w_k = 1` the others share :math:`1 - \lambda` equally). The interval of
criterion k is the largest :math:`[\lambda^-, \lambda^+] \ni w_k` within [0, 1] in which
(a) the top measure and (b) the whole ranking stay the same; at an end point two measures
tie. For methods whose score is linear in the weights on a weight-independent matrix
:math:`v` (their registry entry says ``linear``: wsm, mavt, moora, spotis, promethee2, and
weighted_sum; :func:`linear_methods`) the score is linear in :math:`\lambda`:
:math:`V_a(\lambda) = R_a + \lambda (v_{ak} - R_a)`,
:math:`R_a = \sum_{j \ne k} w_j v_{aj} / (1 - w_k)`, and pairs cross at

.. math:: \lambda_{ab} = \frac{R_b - R_a}{(v_{ak} - R_a) - (v_{bk} - R_b)},

so the intervals are exact. For the other methods the first change is located on a grid
of :data:`GRID` values of :math:`\lambda` (one batch-kernel call for all criteria) and
refined by bisection to :data:`BISECT_TOL`; a change that appears and disappears between
two grid points is not seen.

**Most critical criterion** (Triantaphyllou & Sanchez 1997, Decision Sciences
28(1):151-194; methodology D.3), for every method. T&S change one weight,
:math:`w_k \to w_k - \delta` with the others fixed; renormalised, these weights are exactly the
stability path above at

.. math:: \lambda = \frac{w_k - \delta}{1 - \delta},\qquad
          \delta = \frac{w_k - \lambda}{1 - \lambda},

so both use one perturbation and one definition: a change is feasible when
:math:`0 \le w_k - \delta \le 1` (:math:`0 \le \lambda \le 1/(2 - w_k)`), the relative change
is :math:`\delta' = 100\,\delta/w_k` % and the sensitivity coefficient :math:`1/|\delta'|`.
*Percent-top* (PT): the smallest feasible :math:`|\delta'|` that changes the best measure;
*percent-any* (PA): that changes any rank; the PT (PA) critical criterion has the smallest.
For linear-score methods (ranks of a linear score are scale-invariant, so the renormalisation
does not matter) the closed form: with :math:`P_i > P_j`, i and j reverse at

.. math:: \delta^*_{k,i,j} = \frac{P_i - P_j}{a_{ik} - a_{jk}}.

For the other methods :math:`\delta` is read from the ends of the bisected stability intervals
(the top interval for PT, the ranking interval for PA; precision :data:`BISECT_TOL` in
:math:`\lambda`): :math:`|\delta|` grows monotonically with :math:`|\lambda - w_k|` on each
side, so the interval ends give the smallest change on each side. A side where the interval
reaches 0 or 1 without a change has no change (infinite). The change of the renormalised
weight itself is :math:`w_k - \lambda = \delta (1 - w_k)/(1 - \delta)`, smaller than
:math:`\delta` (``CriticalCriterion.top_weight`` / ``any_weight`` give :math:`\lambda`, so
``100 * |w - top_weight| / w`` is that relative change); PT and PA use T&S's :math:`\delta`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import numpy as np

from .. import mcda
from ..errors import MethodError
from ..mcda import TIE_RTOL
from ..mcda.registry import Method
from ..mcda.validation import check_inputs
from .limits import check_measures
from .methods import PARTIAL_VALUES, WEIGHTED_SUM, method_entry

__all__ = ["StabilityResult", "CriticalCriterion", "stability_intervals", "critical_criterion", "linear_methods",
           "GRID", "BISECT_TOL"]

#: Grid points in [0, 1] for the non-linear methods' first-change search.
GRID = 401
#: Bisection tolerance on lambda.
BISECT_TOL = 1e-9


def linear_methods() -> list[str]:
    """The methods whose score is linear in the weights (``Method.linear``: score = W @ v.T on a
    weight-independent v), sorted: the registered ones and ``"weighted_sum"``."""
    return sorted([n for n, e in mcda.METHODS.items() if e.linear] + [WEIGHTED_SUM])


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
    """Triantaphyllou & Sanchez (1997) most critical criterion (see :func:`critical_criterion`).

    Attributes
    ----------
    percent_top : (m,) smallest feasible :math:`|\\delta'|` (%) per criterion that changes the best
        measure (over pairs (best, j)); inf if none.
    percent_any : (m,) the same for any change of the ranking (over all pairs).
    top_criterion, any_criterion : the PT and PA critical criterion (index; -1 if no change is feasible).
    top_pair, any_pair : (m, 2) the pair (i, j) (i ranked better) reaching the minimum, -1 if none
        (from bisection: the best measure and the one first just past the change / the first pair
        whose order changed).
    top_delta, any_delta : (m,) signed absolute threshold :math:`\\delta^*` (w_k -> w_k - delta, the other
        weights fixed, then renormalised); positive = a decrease; NaN if none.
    best : the best measure.
    method : scoring method.
    top_weight, any_weight : (m,) the renormalised weight of criterion k at that change,
        :math:`\\lambda = (w_k - \\delta^*)/(1 - \\delta^*)`: the end of the stability interval
        (:class:`StabilityResult`) on the side of the change; NaN if none.
    exact : True for the closed form (linear-score methods), False when from grid + bisection.
    tolerance : precision of the change point in the renormalised weight (0 for the closed form,
        :data:`BISECT_TOL` for bisection).
    message : why a result is -1 / infinite (no feasible change), else "".
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
    top_weight: np.ndarray | None = None
    any_weight: np.ndarray | None = None
    exact: bool = True
    tolerance: float = 0.0
    message: str = ""

    def __post_init__(self) -> None:
        for name in ("top_weight", "any_weight"):
            if getattr(self, name) is None:
                object.__setattr__(self, name, np.full(np.shape(self.percent_top), np.nan))
        for name in ("percent_top", "percent_any", "top_delta", "any_delta", "top_weight", "any_weight"):
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
        if self.top_weight is None or self.any_weight is None:  # __post_init__ fills them (NaN: not given)
            raise ValueError("CriticalCriterion without top_weight / any_weight")
        return {"best": self.best, "method": self.method, "top_criterion": self.top_criterion,
                "any_criterion": self.any_criterion, "percent_top": f(self.percent_top),
                "percent_any": f(self.percent_any), "top_pair": self.top_pair.tolist(),
                "any_pair": self.any_pair.tolist(), "top_delta": f(self.top_delta), "any_delta": f(self.any_delta),
                "top_weight": f(self.top_weight), "any_weight": f(self.any_weight), "exact": self.exact,
                "tolerance": self.tolerance, "message": self.message}

    def to_frame(self, criteria: Sequence[str] | None = None):
        import pandas as pd

        m = self.percent_top.size
        idx = pd.Index(list(criteria) if criteria is not None else [f"c{j}" for j in range(m)], name="criterion")
        return pd.DataFrame({"percent_top": self.percent_top, "percent_any": self.percent_any,
                             "top_delta": self.top_delta, "any_delta": self.any_delta,
                             "top_weight": self.top_weight, "any_weight": self.any_weight}, index=idx)

    def __repr__(self) -> str:
        return (f"CriticalCriterion(best={self.best}, PT criterion {self.top_criterion}, PA criterion "
                f"{self.any_criterion}, method={self.method}, exact={self.exact})")


# -- helpers ----------------------------------------------------------------------------------

def _prepare(values: Any, weights: Any, types: Any, method: str | None,
             params: Mapping[str, Any] | None) -> tuple[Method, np.ndarray, np.ndarray, np.ndarray, dict, bool]:
    try:
        x = np.asarray(values, dtype=float)
        w = np.asarray(weights, dtype=float)
    except (TypeError, ValueError):
        raise MethodError("values and weights must be numeric arrays") from None
    if x.ndim != 2 or w.ndim != 1 or w.shape[0] != x.shape[1]:
        raise MethodError(f"values must be (n, m) and weights (m,); got {x.shape} and {w.shape}")
    check_measures(x.shape[0])  # (pairs of measures: n x n arrays below)
    entry = method_entry(method)
    if entry is PARTIAL_VALUES:
        if params:
            raise MethodError(f"{WEIGHTED_SUM} takes no parameters")
        t = np.ones(x.shape[1]) if types is None else np.asarray(types, dtype=float)
        if t.shape != (x.shape[1],) or not (t == 1).all():
            raise MethodError(f"{WEIGHTED_SUM} needs types None or all +1 (partial values, higher is better)")
        check_inputs(x, w, t)
        return entry, x, w, t, {}, True
    t = np.asarray(types, dtype=float)
    check_inputs(x, w, t)
    return entry, x, w, t, mcda.check_params(entry.name, dict(params or {}), n_criteria=x.shape[1]), \
        entry.higher_is_better


def _scores(entry: Method, x: np.ndarray, W: np.ndarray, t: np.ndarray, params: dict) -> np.ndarray:
    return entry.kernel(x, W, t, **params)


def _linear_matrix(entry: Method, x: np.ndarray, t: np.ndarray, params: dict) -> np.ndarray | None:
    """v (n, m) with score(w) = v @ w for linear-score methods (checked numerically), else None."""
    if not entry.linear:
        return None
    m = x.shape[1]
    v = _scores(entry, x, np.eye(m), t, params).T
    probe = np.full(m, 1.0 / m)
    got = _scores(entry, x, probe[None, :], t, params)[0]
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


def _bisect(entry: Method, x: np.ndarray, w: np.ndarray, t: np.ndarray, prm: dict, hib: bool, top: int,
            ranks0: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Grid + bisection search of the first change along every criterion's path.

    Returns ``(ends, found, outside)``, each (m, 2, 2) indexed ``[k, kind, side]`` with kind
    0 = top measure, 1 = whole ranking and side 0 = below w_k, 1 = above: ``ends`` the last
    lambda without the change (the interval end; 0 or 1 where there is no change on that
    side), ``found`` whether a change was seen on that side, ``outside`` the first lambda with
    the change (within :data:`BISECT_TOL` of ``ends``; NaN where none).
    """
    m = x.shape[1]
    grid = np.linspace(0.0, 1.0, GRID)

    def state(W: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        r = mcda.rank(_scores(entry, x, W, t, prm), higher_is_better=hib)
        return r[:, top] == 1, (r == ranks0[None, :]).all(axis=1)

    # one batch call: every criterion's grid
    Wg = np.concatenate([_path(w, k, grid) for k in range(m)])
    same_top, same_rank = (a.reshape(m, GRID) for a in state(Wg))
    # brackets (inside, outside) per (criterion, kind, side)
    jobs: list[tuple[int, int, int, float, float]] = []   # (k, kind, side, inside, outside)
    ends = np.empty((m, 2, 2))
    found = np.zeros((m, 2, 2), dtype=bool)
    outside_at = np.full((m, 2, 2), np.nan)
    for k in range(m):
        for kind, same in enumerate((same_top[k], same_rank[k])):
            for side in (0, 1):
                pts = grid[grid < w[k]][::-1] if side == 0 else grid[grid > w[k]]
                ok = same[grid < w[k]][::-1] if side == 0 else same[grid > w[k]]
                bad = np.flatnonzero(~ok)
                if bad.size == 0:
                    ends[k, kind, side] = 0.0 if side == 0 else 1.0
                    continue
                j = int(bad[0])
                inside = float(pts[j - 1]) if j > 0 else float(w[k])
                jobs.append((k, kind, side, inside, float(pts[j])))
    if jobs:
        lam_in = np.array([j[3] for j in jobs])
        lam_out = np.array([j[4] for j in jobs])
        while np.abs(lam_out - lam_in).max() > BISECT_TOL:
            mid = 0.5 * (lam_in + lam_out)
            W = np.concatenate([_path(w, jb[0], mid[i:i + 1]) for i, jb in enumerate(jobs)])
            st, sr = state(W)
            keep = np.where([jb[1] == 0 for jb in jobs], st, sr)
            lam_in = np.where(keep, mid, lam_in)
            lam_out = np.where(keep, lam_out, mid)
        for i, (k, kind, side, _, _) in enumerate(jobs):
            ends[k, kind, side] = lam_in[i]
            outside_at[k, kind, side] = lam_out[i]
            found[k, kind, side] = True
    return ends, found, outside_at


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
    entry, x, w, t, prm, hib = _prepare(values, weights, types, method, params)
    name = entry.name
    n, m = x.shape
    ranks0 = mcda.rank(_scores(entry, x, w[None, :], t, prm)[0], higher_is_better=hib)
    top = int(np.flatnonzero(ranks0 == 1)[0])
    status, message = "ok", ""
    if (ranks0 == 1).sum() > 1:
        status, message = "tie", "several measures share rank 1 at the current weights; 'top' is the first of them"
    top_iv = np.empty((m, 2))
    rank_iv = np.empty((m, 2))
    if m == 1:  # one criterion: its weight is 1 and cannot move, whatever the method
        fixed = np.array([[w[0], w[0]]])
        return StabilityResult(w, top, fixed, fixed.copy(), name, True, status, message)
    v = _linear_matrix(entry, x, t, prm)
    if v is not None:
        for k in range(m):
            top_iv[k], rank_iv[k] = _exact_intervals(v, w, k, top)
        return StabilityResult(w, top, top_iv, rank_iv, name, True, status, message)

    result, _, _ = _bisect(entry, x, w, t, prm, hib, top, ranks0)
    top_iv[:] = result[:, 0, :]
    rank_iv[:] = result[:, 1, :]
    return StabilityResult(w, top, top_iv, rank_iv, name, False, status, message)


def critical_criterion(values: Any, weights: Any, types: Any = None, *, method: str | None = "wsm",
                       params: Mapping[str, Any] | None = None, exact: bool | None = None) -> CriticalCriterion:
    r"""Triantaphyllou & Sanchez (1997) most critical criterion, percent-top and percent-any, for every method.

    The perturbation is always T&S's: :math:`w_k \to w_k - \delta`, the other weights fixed,
    then renormalised, which is the stability path of :func:`stability_intervals` at
    :math:`\lambda = (w_k - \delta)/(1 - \delta)`; a change counts when
    :math:`0 \le w_k - \delta \le 1` and :math:`0 < w_k < 1`, and
    :math:`\delta' = 100\,\delta/w_k` %. Two ways to compute it, same definition:

    * **closed form** (linear-score methods, :func:`linear_methods`), with :math:`a = v` the
      weight-independent matrix (for ``wsm`` the min-max normalised values, for
      ``weighted_sum`` the values themselves) and :math:`P = a w`:
      :math:`\delta^*_{k,i,j} = (P_i - P_j)/(a_{ik} - a_{jk})` for every pair with i ranked
      better than j, kept when feasible (and :math:`a_{ik} \ne a_{jk}`). For lower-is-better
      methods (spotis) "better" means a lower score; the formula is the same. Exact.
    * **from the stability intervals** (every other method: topsis, vikor, wpm, copras, edas;
      or any method with ``exact=False``): the first change on each side of :math:`w_k`
      along the proportional-rescaling path is found by grid + bisection (as in
      :func:`stability_intervals`); for the top measure the interval ``[lo, hi]`` gives the
      candidates :math:`\delta = (w_k - \lambda)/(1 - \lambda)` for :math:`\lambda` = lo and
      hi (a side where the interval reaches 0 or 1 without a change has none; a side whose
      change lies beyond :math:`w_k - \delta = 1`, i.e. :math:`\lambda > 1/(2 - w_k)`, is not
      feasible), PT is the smaller :math:`|\delta'|`; PA likewise from the whole-ranking
      interval. The pair is read from the ranking just past the change. Precision: the change
      point is located to :data:`BISECT_TOL` in :math:`\lambda` (``result.tolerance``), so
      :math:`\delta'` is within :math:`100\,(1 - w_k)\,\mathrm{tol}/(w_k (1-\lambda)^2)`
      percentage points; a change that appears and disappears between two of the
      :data:`GRID` grid points is not seen.

    No feasible change: when no criterion's feasible change alters the best measure
    (e.g. it is best on every criterion), ``top_criterion`` is -1, ``percent_top`` is inf
    (``None`` in :meth:`CriticalCriterion.to_dict`) and ``message`` says so; likewise for
    ``any_criterion``. A criterion with weight 0 (no relative change defined) or 1 (all other
    weights 0: lowering it leaves the normalised weights unchanged) has no feasible change.

    Parameters
    ----------
    values, weights, types, method, params : as :func:`stability_intervals`.
    exact : None (default) closed form for linear-score methods, bisection otherwise; False
        always bisection (for checking); True closed form only.

    Raises
    ------
    MethodError
        ``exact=True`` with a non-linear method, or bad input.
    """
    entry, x, w, t, prm, hib = _prepare(values, weights, types, method, params)
    name = entry.name
    v = _linear_matrix(entry, x, t, prm) if exact is not False else None
    if v is None:
        if exact:
            raise MethodError(f"the closed-form critical criterion needs a method whose score is linear in the "
                              f"weights ({', '.join(linear_methods())}); {name!r} is not. "
                              f"Use exact=None (bisection).")
        return _critical_bisect(entry, x, w, t, prm, hib)
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
        if not 0 < w[k] < 1:
            continue                                          # delta' undefined (0) / no move of the weights (1)
        feasible = better & np.isfinite(delta) & (w[k] - delta >= 0) & (w[k] - delta <= 1)
        rel = np.where(feasible, np.abs(100.0 * delta / w[k]), np.inf)
        i, j = np.unravel_index(int(np.argmin(rel)), rel.shape)
        if np.isfinite(rel[i, j]):
            pct_any[k], pair_any[k], d_any[k] = rel[i, j], (i, j), delta[i, j]
        row = rel[best]
        jt = int(np.argmin(row))
        if np.isfinite(row[jt]):
            pct_top[k], pair_top[k], d_top[k] = row[jt], (best, jt), delta[best, jt]
    with np.errstate(divide="ignore", invalid="ignore"):
        lam_top = (w - d_top) / (1.0 - d_top)
        lam_any = (w - d_any) / (1.0 - d_any)
    return _critical_result(pct_top, pct_any, pair_top, pair_any, d_top, d_any, best, name, lam_top, lam_any,
                            True, 0.0)


def _critical_result(pct_top: np.ndarray, pct_any: np.ndarray, pair_top: np.ndarray, pair_any: np.ndarray,
                     d_top: np.ndarray, d_any: np.ndarray, best: int, name: str, lam_top: np.ndarray,
                     lam_any: np.ndarray, exact: bool, tol: float) -> CriticalCriterion:
    top_c = int(np.argmin(pct_top)) if np.isfinite(pct_top).any() else -1
    any_c = int(np.argmin(pct_any)) if np.isfinite(pct_any).any() else -1
    notes = []
    if top_c < 0:
        notes.append("no feasible change of a single criterion weight changes the best measure "
                     "(percent_top infinite for every criterion, top_criterion -1)")
    if any_c < 0:
        notes.append("no feasible change of a single criterion weight changes any rank "
                     "(percent_any infinite for every criterion, any_criterion -1)")
    return CriticalCriterion(pct_top, pct_any, top_c, any_c, pair_top, pair_any, d_top, d_any, best, name,
                             top_weight=lam_top, any_weight=lam_any, exact=exact, tolerance=tol,
                             message="; ".join(notes))


def _critical_bisect(entry: Method, x: np.ndarray, w: np.ndarray, t: np.ndarray, prm: dict,
                     hib: bool) -> CriticalCriterion:
    """PT / PA from the first changes along the proportional-rescaling paths (grid + bisection)."""
    n, m = x.shape
    ranks0 = mcda.rank(_scores(entry, x, w[None, :], t, prm)[0], higher_is_better=hib)
    best = int(np.flatnonzero(ranks0 == 1)[0])               # as StabilityResult.top
    order = np.lexsort((np.arange(n), ranks0))               # by rank, then index
    pct = np.full((2, m), np.inf)
    pairs = np.full((2, m, 2), -1)
    deltas = np.full((2, m), np.nan)
    lams = np.full((2, m), np.nan)
    if m > 1:
        ends, found, outside = _bisect(entry, x, w, t, prm, hib, best, ranks0)
        past = np.full((2, m), np.nan)                        # first lambda with the change, chosen side
        for k in range(m):
            if not 0 < w[k] < 1:
                continue
            for kind in (0, 1):
                for side in (0, 1):
                    if not found[k, kind, side]:
                        continue
                    lam = ends[k, kind, side]
                    d = (w[k] - lam) / (1.0 - lam)            # the T&S change giving lambda
                    if not 0.0 <= w[k] - d <= 1.0:
                        continue
                    rel = abs(100.0 * d / w[k])
                    if rel < pct[kind, k]:
                        pct[kind, k], deltas[kind, k], lams[kind, k] = rel, d, lam
                        past[kind, k] = outside[k, kind, side]
        chosen = [(kind, k, past[kind, k]) for kind in (0, 1) for k in range(m) if np.isfinite(past[kind, k])]
        if chosen:
            W = np.concatenate([_path(w, k, np.array([lo])) for _, k, lo in chosen])
            r_out = mcda.rank(_scores(entry, x, W, t, prm), higher_is_better=hib)
            s0 = np.sign(ranks0[order][:, None] - ranks0[order][None, :])  # pair orders at the base weights
            for (kind, k, _), r in zip(chosen, r_out):
                if kind == 0:                                 # best and the measure now first
                    new = [j for j in order if j != best and r[j] == 1]
                    if new:
                        pairs[0, k] = (best, new[0])
                else:                                         # first pair (in the ranking) whose order changed
                    s1 = np.sign(r[order][:, None] - r[order][None, :])
                    changed = np.argwhere(np.triu(s0 != s1, 1))
                    if changed.size:
                        pairs[1, k] = (order[changed[0, 0]], order[changed[0, 1]])
    return _critical_result(pct[0], pct[1], pairs[0], pairs[1], deltas[0], deltas[1], best, entry.name, lams[0],
                            lams[1], False, BISECT_TOL)
