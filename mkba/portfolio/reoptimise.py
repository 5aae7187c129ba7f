"""The optimal portfolio for each of K sampled value vectors, on one model: only the objective changes.

Given K value vectors (one per sampled weighting, and per draw of the uncertain effects)
:func:`reoptimise` re-optimises the best portfolio for each on **one** model. Every optimum
found so far stays feasible (the rules and budgets do not change), so the best of them under
the new values is the incumbent; a relaxation bound proves it optimal when it is: a Lagrangian
relaxation over the yearly budget knapsacks for all samples at once
(:mod:`mkba.portfolio.lagrangian`; Fisher 1981), the convexity of the optimum in the values
over the samples already solved (:class:`_ConvexBound`), or the LP relaxation of the same
model; otherwise LP reduced-cost fixing (Nemhauser & Wolsey 1988, II.2 prop. 2.1) leaves a
small MIP around it. The result is exact within the requested gap; the shares of the optima
are the core indices of :mod:`mkba.portfolio.robustness`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from ..errors import MethodError
from .backends import HighsSession, check_solver, import_highspy, quiet_highs, solve_cbc
from .evaluate import is_feasible
from .formulation import LinearModel, build_model
from .lagrangian import Knapsacks, lagrangian_settle
from .problem import PortfolioProblem
from .select import CORE_OPTIONS
from . import small

__all__ = ["Reoptimised", "reoptimise", "SMALL_FIRST"]

SMALL_FIRST = 64
"""Up to this many samples are each searched by :mod:`mkba.portfolio.small` before any certificate; more
take the Lagrangian, convexity and LP certificates first (cheap when samples share optima) and the search
in place of each MIP left (Kraaihoek: 42 samples 11x faster searched first; 201 full-rank samples slower)."""


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

    0. *Lagrangian branch and bound, all samples at once* (:class:`~mkba.portfolio.lagrangian.Knapsacks`,
       :func:`~mkba.portfolio.lagrangian.lagrangian_settle`): the yearly budget rows are disjoint 0-1 knapsacks; the other
       rules are priced by multipliers (started at each sample's LP duals, improved by subgradient
       steps), so the bound :math:`L(y) \ge` the optimum is a knapsack per year, solved exactly by
       dynamic programming for every sample and node in one vectorised pass (Fisher 1981). Every
       Lagrangian maximiser that meets all rules joins the incumbent pool; a sample whose nodes
       all close (bound within ``gap`` of its incumbent) is optimal without a MIP. With 200
       measures, 5 yearly budgets and weights uniform over the simplex (almost every sample its
       own optimum) this settles most samples; the rest go on to the steps below.

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
       :func:`mkba.portfolio.select.solve_core`): any integer solution that moves an integer column
       off its LP bound is worth at most :math:`U - |d_j|`; so every solution that beats
       :math:`z` keeps each integer column with :math:`|d_j| > \theta = U - z` at its LP
       bound. Those columns are fixed (column bounds only) on one MIP instance of the model kept
       for all samples, which is solved with the incumbent as start (HiGHS; CBC: a fresh solve of
       the restricted model without a start, see below). The optimum is the better of :math:`z`
       and the restricted MIP's optimum: nothing outside the restriction beats :math:`z`, so
       the result is the global optimum within ``gap`` (the restricted MIP stops at ``gap``
       like a plain solve). Without an incumbent (first sample), nothing is fixed.

    Samples step 0 leaves open cost about one MIP each, as in the plain loop; on the benchmark
    instance (benchmarks/bench_robustness.py) few are left.

    ``fast=False``: the plain loop: with HiGHS one solver instance is kept and each optimum is
    offered as the next start; with CBC each row is a new solve.

    CBC is never given a MIP start (CBC 2.10 with a MIP start and probing returned a worse
    portfolio as "optimal" on a 9-measure instance; tests/portfolio/test_robustness.py);
    in the fast path the incumbent is compared after the solve instead.
    Stops at the first row without a solution (its status and message are kept).
    """
    V = np.asarray(values, float)
    if V.ndim != 2 or V.shape[1] != problem.n:
        raise MethodError(f"values must have shape (samples, {problem.n}); got {V.shape}")
    if not np.isfinite(V).all():
        raise MethodError("values must be finite")
    name = check_solver(solver)
    model = build_model(problem)
    if (model.col_lo > model.col_hi).any():
        return Reoptimised(np.zeros((0, problem.n), bool), np.zeros(0), ("infeasible",), name, "contradictory bounds")
    if fast and model.integer.any():
        try:
            import highspy  # noqa: F401  (whether it is there; imported at first use, see backends.import_highspy)
        except ImportError:  # pragma: no cover - the LP certificate needs HiGHS
            fast = False
    if fast and model.integer.any():
        return _reoptimise_fast(problem, model, V, name, gap, time_limit, start)
    return _reoptimise_plain(problem, model, V, name, gap, time_limit, start)


def _reoptimise_plain(problem: PortfolioProblem, model: LinearModel, V: np.ndarray, name: str, gap: float,
                      time_limit: float | None, start: Any) -> Reoptimised:
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

    def __init__(self, V: np.ndarray, model: LinearModel, n: int) -> None:
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
        self.h = h = quiet_highs()
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
        if self.h.getModelStatus() != import_highspy().HighsModelStatus.kOptimal:
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


def _reoptimise_fast(problem: PortfolioProblem, model: LinearModel, V: np.ndarray, name: str, gap: float,
                     time_limit: float | None, start: Any, use_convex: bool = True,
                     use_lagrange: bool = True) -> Reoptimised:
    """Lagrangian stage, incumbent pool, LP certificate, reduced-cost fixing on one MIP instance (see :func:`reoptimise`)."""
    n, N = problem.n, model.A.shape[1]
    integer = model.integer
    col_lo, col_hi = model.col_lo, model.col_hi
    movable = integer & (col_lo < col_hi)
    lp = HighsSession(replace(model, integer=np.zeros_like(integer)), gap=gap, time_limit=time_limit)
    mip = HighsSession(model, gap=gap, time_limit=time_limit, options=CORE_OPTIONS) if name == "highs" else None
    all_cols = np.arange(N, dtype=np.int32)
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
    K = V.shape[0]
    settled_at = np.full(K, -1)  # index into pool of a settled sample's optimum
    settled_bound = np.full(K, np.inf)  # and a proven upper bound on it
    # stage 0, for a few samples: small models are searched exactly without a MIP (mkba.portfolio.small),
    # each optimum a start for the samples after it; what it declines goes on to the stages below. Many
    # samples take the certificates below first, and the search instead of each MIP that is left.
    plan = small.plan(model) if small.enabled() else None
    if plan is not None and K <= SMALL_FIRST:
        C = np.tile(np.asarray(model.c, float), (K, 1))
        C[:, :n] = V
        X, values, ok = small.solve_many(plan, C, starts=pool)
        for k in np.nonzero(ok)[0].tolist():
            remember(X[k])
            at = np.nonzero((np.abs(pool - X[k]) <= 1e-9).all(axis=1))[0]
            if at.size:
                settled_at[k], settled_bound[k] = int(at[0]), float(values[k])
    # stage 1: every sample left at once by Lagrangian branch and bound over the knapsack rows
    todo = np.nonzero(settled_at < 0)[0]
    ks = Knapsacks(model) if use_lagrange and todo.size else None
    if ks is not None and ks.ok:
        chunk = max(1, 4_000_000 // max(N, 1))
        for a in range(0, todo.size, chunk):
            ids = todo[a:a + chunk]
            C = np.tile(np.asarray(model.c, float), (ids.size, 1))
            C[:, :n] = V[ids]
            Y0 = np.zeros((ids.size, ks.rel.size))
            ok = np.ones(ids.size, bool)
            for i in range(ids.size):  # the LP duals start the multipliers
                lp.set_costs(C[i])
                if lp.solve().status != "optimal":
                    ok[i] = False  # (e.g. infeasible: left to the loop below, which reports it)
                    continue
                Y0[i] = np.asarray(lp.h.getSolution().row_dual, float)[ks.rel]
            if not ok.any():
                continue
            done, at, proof, pool = lagrangian_settle(ks, C[ok], Y0[ok], pool, keys, gap=gap)
            settled_at[ids[ok][done]] = at[done]
            settled_bound[ids[ok][done]] = np.maximum(proof[done], (C[ok][done] * pool[at[done]]).sum(axis=1))
    # the convexity certificate, for the samples left (built only then: its SVD costs)
    convex = _ConvexBound(V, model, n) if use_convex and (settled_at < 0).any() else None
    if convex is not None and not convex.ok:
        convex = None
    if convex is not None:
        for settled in np.nonzero(settled_at >= 0)[0]:
            convex.add(int(settled), float(settled_bound[settled]))
    chosen = np.zeros((K, n), bool)
    objectives = np.full(K, np.nan)
    statuses: list[str] = []
    for k in range(K):
        c = model.c.copy()
        c[:n] = V[k]
        if settled_at[k] >= 0:  # certificate: the Lagrangian branch and bound closed every node
            statuses.append("optimal")
            x = pool[settled_at[k]]
            chosen[k], objectives[k] = model.decode(x)[0], float(c @ x)
            continue
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
        found = small.solve(plan, c, starts=pool) if plan is not None else None
        if found is not None:  # the exact small search instead of the MIP
            remember(found[0])
            statuses.append("optimal")
            chosen[k], objectives[k] = model.decode(found[0])[0], found[1]
            if convex is not None:
                convex.add(k, found[1])
            continue
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
        best_x = np.where(integer, np.round(best_x), best_x)  # a solver's 0.9999999999 counted as the 1 it is
        remember(best_x)
        chosen[k], objectives[k] = model.decode(best_x)[0], float(c @ best_x)
    return Reoptimised(chosen, objectives, tuple(statuses), name)
