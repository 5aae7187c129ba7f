"""How firm is the portfolio: core indices over sampled weightings, and the non-dominated portfolios.

Given K sampled value vectors (one per weighting, and per draw of the uncertain effects) the
best portfolio is re-optimised for each on **one** model: only the objective changes. Every
optimum found so far stays feasible (the rules and budgets do not change), so the best of them
under the new values is the incumbent; a relaxation bound (the LP relaxation of the same model,
or the convexity of the optimum in the values over the samples already solved) proves it
optimal when it is, and otherwise LP reduced-cost fixing leaves a small MIP around it
(:func:`reoptimise`). Then

* the **core index** of a measure is the share of samples whose optimum contains it (Liesiö,
  Mild & Salo 2007, EJOR 181(3):1488-1505 define it over the non-dominated portfolios; here it
  is over the sampled optima, as in Monte Carlo portfolio analysis, Lahdelma & Salminen 2001's
  acceptability idea applied to portfolios), with its Monte Carlo standard error
  :math:`\\sqrt{p(1-p)/K}`;
* the **non-dominated** portfolios: among the distinct optima found (and any extra candidates,
  e.g. the stakeholders' own optima), those that no other candidate beats for every weighting in
  the convex hull of the ``vertices`` (the parties' weight vectors). A portfolio's value is linear
  in the weights, so checking the hull's vertices is exact (Liesiö et al. 2007, Theorem 1). A
  measure in every non-dominated portfolio is **core**, in none **exterior**, else **borderline**
  (RPM's classification, restricted to the candidates found).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from ..errors import MethodError
from .formulation import build_model
from .problem import PortfolioProblem

__all__ = ["Robustness", "Reoptimised", "portfolio_robustness", "reoptimise", "non_dominated"]


@dataclass(frozen=True, eq=False)
class Robustness:
    """Core indices and the distinct optimal portfolios over K sampled value vectors.

    ``portfolios`` (u, n) bool are the distinct optima, most frequent first, with ``frequency``
    (u,) shares; ``nondominated`` (u,) marks those not dominated over the vertices' hull (all
    True without vertices); ``classes`` maps a measure to ``"core"``, ``"borderline"`` or
    ``"exterior"``; ``base_share`` is the share of samples whose optimum is the base portfolio.
    """

    ids: tuple[str, ...]
    n_samples: int
    core_index: np.ndarray
    mc_error: np.ndarray
    portfolios: np.ndarray
    frequency: np.ndarray
    nondominated: np.ndarray
    classes: dict
    base_share: float
    solver: str
    seconds: float
    status: str = "optimal"
    message: str = ""

    def __repr__(self) -> str:
        return (f"Robustness({self.n_samples} samples, {len(self.frequency)} distinct optima, "
                f"base portfolio in {self.base_share:.0%})")

    def to_dict(self) -> dict:
        f = lambda v: float(v) if math.isfinite(v) else None  # noqa: E731
        return {
            "n_samples": self.n_samples, "solver": self.solver, "status": self.status, "message": self.message,
            "core_index": {m: f(v) for m, v in zip(self.ids, self.core_index)},
            "core_index_mc_error": {m: f(v) for m, v in zip(self.ids, self.mc_error)},
            "base_share": f(self.base_share),
            "portfolios": [{"selected": [m for m, s in zip(self.ids, row) if s], "share": f(q),
                            "nondominated": bool(nd)}
                           for row, q, nd in zip(self.portfolios, self.frequency, self.nondominated)],
            "classes": dict(self.classes),
        }


def non_dominated(selections: Any, vertices: Any, *, rtol: float = 1e-9) -> np.ndarray:
    """Which portfolios no other beats at every vertex (weakly everywhere, strictly somewhere).

    ``selections`` (u, n) bool; ``vertices`` (s, n) the value of each measure at each vertex of
    the weight hull. Values are compared with a relative tolerance ``rtol``.
    """
    X = np.asarray(selections, bool)
    V = np.asarray(vertices, float)
    if X.ndim != 2 or V.ndim != 2 or V.shape[1] != X.shape[1]:
        raise MethodError(f"selections (u, n) and vertices (s, n) must share n; got {X.shape} and {V.shape}")
    P = X.astype(float) @ V.T  # (u, s): value of each portfolio at each vertex
    tol = rtol * max(1.0, float(np.abs(P).max(initial=0.0)))
    geq = (P[:, None, :] >= P[None, :, :] - tol).all(axis=2)  # geq[a, b]: a at least as good as b everywhere
    gt = (P[:, None, :] > P[None, :, :] + tol).any(axis=2)
    dominated = (geq & gt).any(axis=0)
    return ~dominated


@dataclass(frozen=True, eq=False)
class Reoptimised:
    """The optimum for each of K value vectors: ``selections`` (K, n), ``objectives`` (K,), statuses."""

    selections: np.ndarray
    objectives: np.ndarray
    statuses: tuple[str, ...]
    solver: str
    message: str = ""

    @property
    def ok(self) -> bool:
        return bool(self.statuses) and all(s in ("optimal", "time_limit") for s in self.statuses)


def reoptimise(problem: PortfolioProblem, values: Any, *, solver: str | None = None, gap: float = 1e-6,
               time_limit: float | None = None, start: Any = None, fast: bool = True) -> Reoptimised:
    r"""The optimal portfolio for each row of ``values`` (K, n), on one model: only the objective changes.

    The objective of sample k is the model's own with :math:`c_{0..n-1}` = ``values[k]`` (start-year
    option and synergy columns keep the model's coefficients). The model is built once.

    ``fast=True`` (default; needs highspy for the LP, else the plain path below): when samples
    share an optimum, a sample is settled by an incumbent and a certificate, exactly:

    1. *Incumbent*: every distinct optimum found so far (and ``start``) is feasible for every sample
       (the rules and budgets do not change; each is checked once when it enters the pool), so the
       best of them under the new values (one matrix product) is a feasible portfolio of value
       :math:`z`.
    2. *Certificate*: the LP relaxation of the same model, one HiGHS instance with only its costs
       changed (re-solved from the previous basis), gives a bound :math:`U \ge` the optimum. If
       :math:`U - z \le` ``gap`` :math:`|z|` the incumbent is optimal within the requested gap,
       and no MIP is solved. Tried first, a second certificate needs no solve of the model: the
       optimum :math:`f(c)` is convex (sublinear) in the values, so a combination
       :math:`c_k = \sum_j \lambda_j c_j + e` (:math:`\lambda \ge 0`) of samples already solved,
       with proven bounds :math:`F_j`, bounds :math:`f(c_k) \le \sum_j \lambda_j F_j + \sum_i
       \max(e_i l_i, e_i u_i)` (:class:`_ConvexBound`; used when the values have low rank, e.g.
       weights x criteria). Where one portfolio is optimal at every combined sample, this bound is
       its value: the region of weightings where a portfolio is optimal is convex.
    3. Otherwise *reduced-cost fixing* (Nemhauser & Wolsey 1988, II.2 prop. 2.1, as in
       :func:`mkba.portfolio.solve.solve_core`): any integer solution that moves an integer column
       off its LP bound is worth at most :math:`U - |d_j|`; so every solution that beats
       :math:`z` keeps each integer column with :math:`|d_j| > \theta = U - z` at its LP
       bound. Those columns are fixed (column bounds only) on one MIP instance of the model kept
       for all samples, which is solved with the incumbent as start (HiGHS; CBC: a fresh solve of
       the restricted model without a start, see below). The optimum is the better of :math:`z`
       and the restricted MIP's optimum: nothing outside the restriction beats :math:`z`, so
       the result is the global optimum within ``gap`` (the restricted MIP stops at ``gap``
       like a plain solve). Without an incumbent (first sample), nothing is fixed.

    When every sample has its own optimum (e.g. 200 measures, tight yearly budgets, weights
    uniform over the simplex) step 3 runs for almost every sample and the cost is about one MIP
    per sample, as in the plain loop (benchmarks/bench_robustness.py).

    ``fast=False``: the plain loop: with HiGHS one solver instance is kept and each optimum is
    offered as the next start; with CBC each row is a new solve.

    CBC is never given a MIP start (CBC 2.10 with a MIP start and probing returned a worse
    portfolio as "optimal" on a 9-measure instance; tests/portfolio/test_portfolio_robustness.py);
    in the fast path the incumbent is compared after the solve instead.
    Stops at the first row without a solution (its status and message are kept).
    """
    from .solve import _check_solver

    V = np.asarray(values, float)
    if V.ndim != 2 or V.shape[1] != problem.n:
        raise MethodError(f"values must have shape (samples, {problem.n}); got {V.shape}")
    if not np.isfinite(V).all():
        raise MethodError("values must be finite")
    name = _check_solver(solver)
    model = build_model(problem)
    if (model.col_lo > model.col_hi).any():
        return Reoptimised(np.zeros((0, problem.n), bool), np.zeros(0), ("infeasible",), name, "contradictory bounds")
    if fast and model.integer.any():
        try:
            import highspy  # noqa: F401
        except ImportError:  # pragma: no cover - the LP certificate needs HiGHS
            fast = False
    if fast and model.integer.any():
        return _reoptimise_fast(problem, model, V, name, gap, time_limit, start)
    return _reoptimise_plain(problem, model, V, name, gap, time_limit, start)


def _reoptimise_plain(problem: PortfolioProblem, model: Any, V: np.ndarray, name: str, gap: float,
                      time_limit: float | None, start: Any) -> Reoptimised:
    from .solve import HighsSession, solve_cbc

    session = HighsSession(model, gap=gap, time_limit=time_limit) if name == "highs" else None
    x_prev = None if start is None else np.asarray(start, float)
    chosen = np.zeros((V.shape[0], problem.n), bool)
    objectives = np.full(V.shape[0], np.nan)
    statuses: list[str] = []
    for k in range(V.shape[0]):
        c = model.c.copy()
        c[: problem.n] = V[k]
        if session is not None:
            session.set_costs(c)
            if x_prev is not None:
                session.set_start(x_prev)
            raw = session.solve()
        else:  # no MIP start for CBC: with one, CBC 2.10 can report a worse portfolio as optimal
            raw = solve_cbc(replace(model, c=c), gap=gap, time_limit=time_limit)
        statuses.append(raw.status)
        if raw.x is None:
            return Reoptimised(chosen[:k], objectives[:k], tuple(statuses), name,
                               raw.message or f"sample {k}: {raw.status}")
        chosen[k] = model.decode(raw.x)[0]
        objectives[k] = raw.objective
        x_prev = raw.x
    return Reoptimised(chosen, objectives, tuple(statuses), name)


class _ConvexBound:
    r"""Upper bounds on the optimum from samples already solved: the optimum is convex in the values.

    :math:`f(c) = \max_{x \in X} c^T x` over the fixed feasible set is sublinear: for
    :math:`\lambda \ge 0`, :math:`f(\sum_j \lambda_j c_j) \le \sum_j \lambda_j f(c_j)`, and
    :math:`f(c + e) \le f(c) + \sum_i \max(e_i l_i, e_i u_i)` (column bounds :math:`[l, u]`).
    With :math:`F_j \ge f(c_j)` the proven bound of a solved sample,
    :math:`f(c_k) \le \sum_j \lambda_j F_j + \sum_i \max(e_i l_i, e_i u_i)` where
    :math:`e = c_k - \sum_j \lambda_j c_j` is computed exactly. :math:`\lambda` is chosen by a
    small LP in the coordinates of the (low-rank) span of the sampled values (weights x criteria:
    rank <= the number of criteria), one HiGHS instance that gains a column per solved sample.
    When the optima at the combined samples coincide with the incumbent, the bound equals the
    incumbent's value: the region where a portfolio is optimal is convex.
    """

    MAX_RANK = 24

    def __init__(self, V: np.ndarray, model: Any, n: int) -> None:
        import highspy

        self.ok = False
        self.model = model
        self.n = n
        self.rest = np.asarray(model.c, float)[n:]
        if V.shape[0] < 3:
            return
        scale = float(np.abs(V).max(initial=0.0))
        if scale == 0.0:
            return
        _, sv, Wt = np.linalg.svd(V / scale, full_matrices=False)
        r = int((sv > 1e-9 * sv[0]).sum())
        if r > self.MAX_RANK or r >= V.shape[0] - 1:
            return
        self.Q = Wt[:r]
        self.B = (V / scale) @ self.Q.T  # (K, r) coordinates
        self.r = r
        self.convex = bool(np.any(self.rest != 0))  # costs beyond the n measures: combine convexly
        self.rows = r + (1 if self.convex else 0)
        self.h = h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        zeros = np.zeros(self.rows)
        h.addRows(self.rows, zeros, zeros, 0, np.zeros(self.rows + 1, np.int32), np.zeros(0, np.int32),
                  np.zeros(0))
        self.cols: list[int] = []
        self.F: list[float] = []
        self.spread = np.maximum(np.abs(model.col_lo), np.abs(model.col_hi))
        self.ok = bool(np.isfinite(self.spread).all())

    def add(self, k: int, bound: float) -> None:
        if not self.ok or not math.isfinite(bound):
            return
        col = np.concatenate([self.B[k], [1.0]]) if self.convex else self.B[k]
        idx = np.nonzero(col)[0].astype(np.int32)
        self.h.addCol(float(bound), 0.0, math.inf, idx.size, idx, col[idx].astype(float))
        self.cols.append(k)
        self.F.append(float(bound))

    def bound(self, k: int, V: np.ndarray, c: np.ndarray) -> float:
        """A proven upper bound on the optimum of sample k (inf when none is found)."""
        if not self.ok or len(self.cols) < 2:
            return math.inf
        rhs = np.concatenate([self.B[k], [1.0]]) if self.convex else self.B[k]
        self.h.changeRowsBounds(self.rows, np.arange(self.rows, dtype=np.int32), rhs, rhs)
        self.h.run()
        if self.h.getModelStatus() != _highs_optimal():
            return math.inf
        lam = np.maximum(np.asarray(self.h.getSolution().col_value, float), 0.0)
        used = np.nonzero(lam > 0)[0]
        if used.size == 0:
            return math.inf
        lam = lam[used]
        ks = np.asarray(self.cols)[used]
        combo = np.zeros_like(c)
        combo[: self.n] = lam @ V[ks]
        combo[self.n:] = lam.sum() * self.rest
        e = c - combo
        lo, hi = self.model.col_lo, self.model.col_hi
        slack = float(np.maximum(e * lo, e * hi).sum())
        return float(lam @ np.asarray(self.F)[used]) + max(slack, 0.0)


def _highs_optimal():
    import highspy

    return highspy.HighsModelStatus.kOptimal


def _reoptimise_fast(problem: PortfolioProblem, model: Any, V: np.ndarray, name: str, gap: float,
                     time_limit: float | None, start: Any, use_convex: bool = True) -> Reoptimised:
    """Incumbent pool, LP certificate, reduced-cost fixing on one MIP instance (see :func:`reoptimise`)."""
    from .solve import CORE_OPTIONS, HighsSession, is_feasible, solve_cbc

    n, N = problem.n, model.A.shape[1]
    integer = model.integer
    col_lo, col_hi = model.col_lo, model.col_hi
    movable = integer & (col_lo < col_hi)
    lp = HighsSession(replace(model, integer=np.zeros_like(integer)), gap=gap, time_limit=time_limit)
    mip = HighsSession(model, gap=gap, time_limit=time_limit, options=CORE_OPTIONS) if name == "highs" else None
    all_cols = np.arange(N, dtype=np.int32)
    convex = _ConvexBound(V, model, n) if use_convex else None
    if convex is not None and not convex.ok:
        convex = None
    pool = np.zeros((0, N))
    keys: set[bytes] = set()

    def remember(x: np.ndarray) -> None:
        nonlocal pool
        x = np.where(integer, np.round(x), x)
        key = np.round(x, 9).tobytes()
        if key in keys or not is_feasible(model, x):  # an infeasible candidate never becomes an incumbent
            return
        keys.add(key)
        pool = np.vstack([pool, x[None, :]])

    if start is not None:
        s = np.asarray(start, float)
        if s.shape == (N,):
            remember(s)
    chosen = np.zeros((V.shape[0], n), bool)
    objectives = np.full(V.shape[0], np.nan)
    statuses: list[str] = []
    for k in range(V.shape[0]):
        c = model.c.copy()
        c[:n] = V[k]
        best_x, best = None, -math.inf
        if len(pool):
            scores = pool @ c
            i = int(np.argmax(scores))
            best_x, best = pool[i], float(scores[i])
        if best_x is not None and convex is not None:
            cert = convex.bound(k, V, c)
            if cert - best <= max(gap * abs(best), 1e-9 * max(1.0, abs(best))):
                statuses.append("optimal")  # certificate: convexity of the optimum in the values
                chosen[k], objectives[k] = model.decode(best_x)[0], best
                continue
        lp.set_costs(c)
        relax = lp.solve()
        status, message = "optimal", ""
        lo, hi = col_lo, col_hi
        fixed = False
        if relax.status == "optimal":
            upper = relax.objective
            tol = 1e-9 * max(1.0, abs(upper))
            if best_x is not None and upper - best <= max(gap * abs(best), tol):
                statuses.append("optimal")  # certificate: the LP bound is within the gap of the incumbent
                chosen[k], objectives[k] = model.decode(best_x)[0], best
                if convex is not None:
                    convex.add(k, upper)
                continue
            if best_x is not None:
                sol = lp.h.getSolution()
                d = np.asarray(sol.col_dual, float)
                xbar = np.asarray(sol.col_value, float)
                theta = upper - best
                up = movable & (xbar > col_hi - 1e-9) & (d > theta + tol)
                down = movable & (xbar < col_lo + 1e-9) & (d < -theta - tol)
                lo, hi = col_lo.copy(), col_hi.copy()
                lo[up] = hi[up]
                hi[down] = lo[down]
                fixed = True
        elif relax.status == "infeasible" and np.isfinite(col_lo).all() and np.isfinite(col_hi).all():
            statuses.append("infeasible")
            return Reoptimised(chosen[:k], objectives[:k], tuple(statuses), name, "no portfolio satisfies every rule")
        if mip is not None:
            mip.h.changeColsBounds(N, all_cols, np.ascontiguousarray(lo, float), np.ascontiguousarray(hi, float))
            mip.set_costs(c)
            if best_x is not None and not ((best_x < lo - 1e-9) | (best_x > hi + 1e-9)).any():
                mip.set_start(best_x)
            raw = mip.solve()
        else:  # CBC: a fresh solve of the restricted model, without a start
            raw = solve_cbc(replace(model, c=c, col_lo=lo, col_hi=hi), gap=gap, time_limit=time_limit)
        pool_best = best
        if raw.x is not None and (best_x is None or raw.objective > best):
            best_x, best = raw.x, raw.objective
        if convex is not None and raw.status in ("optimal", "infeasible"):
            # a proven bound: the restricted MIP's, and outside the restriction nothing beats the incumbent
            inner = raw.bound if raw.status == "optimal" and math.isfinite(raw.bound) else -math.inf
            convex.add(k, max(inner, pool_best if fixed else -math.inf, best))
        if raw.status == "infeasible" and best_x is None:  # nothing was fixed: no portfolio at all
            status, message = "infeasible", raw.message or "no portfolio satisfies every rule"
        elif raw.status == "time_limit" and best_x is not None:
            status, message = "time_limit", raw.message
        elif raw.status not in ("optimal", "infeasible"):  # a solver error: stop, as the plain loop does
            status, message, best_x = raw.status, raw.message, None
        statuses.append(status)
        if best_x is None:
            return Reoptimised(chosen[:k], objectives[:k], tuple(statuses), name,
                               message or f"sample {k}: {status}")
        remember(best_x)
        chosen[k], objectives[k] = model.decode(best_x)[0], float(c @ best_x)
    return Reoptimised(chosen, objectives, tuple(statuses), name)


def portfolio_robustness(problem: PortfolioProblem, values: Any, *, vertices: Any = None,
                         candidates: Any = None, base: Any = None, solver: str | None = None, gap: float = 1e-6,
                         time_limit: float | None = None) -> Robustness:
    """Re-optimise the portfolio for each sampled value vector and summarise how firm it is.

    Parameters
    ----------
    problem : the rules and budgets (its own values are the base objective).
    values : (K, n) additive value of each measure in each sample.
    vertices : (s, n) values at the vertices of the weight hull (e.g. one row per stakeholder),
        for the non-dominance check; None: every distinct optimum counts as non-dominated.
    candidates : (c, n) bool extra portfolios to include in the non-dominance check (they do not
        count in the core index or the frequencies).
    base : (n,) bool the base portfolio, for ``base_share`` (default: the optimum of ``problem``).
    solver, gap, time_limit : as :func:`mkba.portfolio.select` (time limit per sample).
    """
    t0 = time.perf_counter()
    V = np.asarray(values, float)
    if V.ndim != 2 or V.shape[0] < 1:
        raise MethodError(f"values must have shape (samples, {problem.n}); got {V.shape}")
    if V.shape[1] != problem.n:
        raise MethodError(f"values must have shape (samples, {problem.n}); got {V.shape}")
    # one model and one pool of optima for the base values (row 0) and every sample
    both = reoptimise(problem, np.vstack([problem.values[None, :], V]), solver=solver, gap=gap,
                      time_limit=time_limit)
    if not both.ok or len(both.objectives) < V.shape[0] + 1:
        return _failed(problem, V.shape[0], both.solver, t0, both.statuses[-1], both.message)
    base_mask = both.selections[0] if base is None else np.asarray(base, bool)
    runs = replace(both, selections=both.selections[1:], objectives=both.objectives[1:], statuses=both.statuses[1:])
    chosen = runs.selections
    worst = "optimal" if all(s == "optimal" for s in runs.statuses) else "time_limit"
    K = V.shape[0]
    core = chosen.mean(axis=0)
    unique, counts = np.unique(chosen, axis=0, return_counts=True)
    order = np.lexsort((*(~unique.T[::-1]), -counts))  # most frequent first; ties in a fixed order
    unique, freq = unique[order], counts[order] / K
    if vertices is not None:
        extra = np.zeros((0, problem.n), bool) if candidates is None else np.asarray(candidates, bool)
        pool = np.vstack([unique, extra])
        nd_pool = non_dominated(pool, vertices)
        nd, front = nd_pool[: len(unique)], pool[nd_pool]
    else:
        nd, front = np.ones(len(unique), bool), unique
    classes = {m: ("core" if front[:, j].all() else "exterior" if not front[:, j].any() else "borderline")
               for j, m in enumerate(problem.ids)}
    base_share = float((chosen == base_mask[None, :]).all(axis=1).mean())
    return Robustness(problem.ids, K, core, np.sqrt(core * (1 - core) / K), unique, freq, nd, classes, base_share,
                      runs.solver, time.perf_counter() - t0, worst,
                      "" if worst == "optimal" else "some samples have no proven optimum (time limit)")


def _failed(problem: PortfolioProblem, K: int, solver: str, t0: float, status: str, message: str) -> Robustness:
    nan = np.full(problem.n, np.nan)
    return Robustness(problem.ids, K, nan, nan, np.zeros((0, problem.n), bool), np.zeros(0), np.zeros(0, bool), {},
                      math.nan, solver, time.perf_counter() - t0, status if status != "optimal" else "error", message)
