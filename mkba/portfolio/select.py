"""The best portfolio: :func:`select` builds the model, solves it exactly and returns a :class:`Portfolio`.

:func:`select` builds the :class:`~mkba.portfolio.formulation.LinearModel`, offers the
benefit/cost-greedy selection (:mod:`mkba.portfolio.greedy`) as the first incumbent, hands the
model to a solver (:func:`solve_model`, by name: :mod:`mkba.portfolio.backends`) and returns a
frozen :class:`Portfolio` (status, selected ids, objective, gap, bound, solver and options for
the provenance, times, the greedy comparison and a message). Infeasible is a result, not an
exception: its message names the smallest set of conflicting rules (:mod:`mkba.portfolio.diagnose`).

With HiGHS the default is the exact *core method* (:func:`solve_core`; Balas & Zemel 1980 and
Pisinger 1997's knapsack core, with LP reduced-cost fixing after Nemhauser & Wolsey 1988):
the LP relaxation, a rounded incumbent (:func:`lp_round`), a small MIP over the columns whose
reduced cost leaves them free, and one proof round. Same optimum as a plain solve, several
times faster on long lists (``benchmarks/bench_portfolio.py``). The frontier re-uses it per
budget and the robustness analysis its HiGHS options (:data:`CORE_OPTIONS`).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field, replace
from typing import Any, Mapping

import numpy as np
import pandas as pd
from scipy import sparse

from ..errors import MethodError
from ..model import FrozenMap
from .backends import HAS_SOLUTION, HighsSession, RawSolution, check_solver, relative_gap, solve_cbc
from .diagnose import Diagnosis
from .diagnose import diagnose as _diagnose  # (select's own flag is called diagnose)
from .evaluate import check_feasible, is_feasible, portfolio_value
from .formulation import LinearModel, build_model, scale_rows
from .greedy import GreedyResult, greedy_select, with_optimum
from .problem import PortfolioProblem
from .text import jsonable
from . import small

__all__ = ["Portfolio", "select", "solve_model", "solve_checked", "solve_core", "lp_round", "objective_step", "CORE_FRACTION",
           "CORE_OPTIONS"]


# -- solving a linear model exactly --------------------------------------------------------------

#: First reduced-cost threshold of :func:`solve_core`, as a share of (LP bound - incumbent).
CORE_FRACTION = 0.1

#: HiGHS options of the core MIPs: the core method brings its own incumbents (greedy, LP
#: rounding, round 1), so HiGHS's sub-MIP heuristics (RINS, RENS) and root restarts mostly
#: cost time on the small knapsack-like cores (measured 2-4x faster on the benchmark's cores).
#: They change the search, never the optimum or the proof.
CORE_OPTIONS: Mapping[str, Any] = {"mip_heuristic_run_rins": False, "mip_heuristic_run_rens": False,
                                   "mip_allow_restart": False}


def _violation(act: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    return np.maximum(lo - act, 0.0) + np.maximum(act - hi, 0.0)



def lp_round(model: LinearModel, xbar: np.ndarray, d: np.ndarray, limit: float = math.inf) -> np.ndarray | None:
    """A feasible integer solution near the LP optimum, or None: a primal heuristic (never a bound).

    Integer columns are rounded down (continuous ones put at the bound nearest 0), then every
    integer column with a positive objective and :math:`|d_j| \\le` ``limit`` is raised by one,
    in order of decreasing reduced cost, when that makes no row more violated than it is. The
    result is kept only when :func:`is_feasible`.
    """
    lo_c, hi_c = model.col_lo, model.col_hi
    integer = model.integer
    x = np.where(integer, np.floor(np.asarray(xbar, float) + 1e-9), 0.0)
    x = np.clip(x, lo_c, hi_c)
    csc = model.A.tocsc()
    act = csc @ x
    lo, hi = model.row_lo, model.row_hi
    cand = np.nonzero(integer & (x + 1 <= hi_c) & (model.c > 0) & (np.abs(d) <= limit))[0]
    cand = cand[np.argsort(-d[cand], kind="stable")]
    indptr, indices, data = csc.indptr, csc.indices, csc.data
    for j in cand.tolist():
        r = indices[indptr[j]:indptr[j + 1]]
        new = act[r] + data[indptr[j]:indptr[j + 1]]
        if (_violation(new, lo[r], hi[r]) <= _violation(act[r], lo[r], hi[r])).all():
            x[j] += 1.0
            act[r] = new
    return x if is_feasible(model, x) else None


def objective_step(model: LinearModel) -> float:
    """g > 0 when every objective value of an integer solution is a multiple of g, else 0.

    That holds when only integer columns (with integer lower bounds) carry a cost, and every
    cost is an integer multiple of g (the gcd of the costs, e.g. 1,000 for values in k€).
    """
    c = np.asarray(model.c, float)
    nz = c != 0
    if not nz.any() or (nz & ~model.integer).any():
        return 0.0
    if (c[nz] != np.round(c[nz])).any() or np.abs(c).max() >= 2.0 ** 52:
        return 0.0
    if (model.col_lo[model.integer & nz] != np.round(model.col_lo[model.integer & nz])).any():
        return 0.0
    return float(np.gcd.reduce(np.abs(c[nz]).astype(np.int64)))


def solve_core(model: LinearModel, start: np.ndarray | None = None, *, gap: float = 1e-6,
               time_limit: float | None = None, threads: int | None = None, fraction: float = CORE_FRACTION,
               lp: HighsSession | None = None, options: Mapping[str, Any] | None = None,
               theta: float | None = None) -> RawSolution:
    r"""MIP by LP reduced-cost fixing around a core, then HiGHS on the core and one proof round (exact).

    1. Solve the LP relaxation: bound :math:`U`, solution :math:`\bar x`, reduced costs :math:`d_j`.
       Incumbent :math:`z_0`: the better of ``start`` (a feasible column vector, e.g. the greedy
       selection) and :func:`lp_round`.
    2. *Reduced-cost fixing* (Nemhauser & Wolsey 1988, II.2 prop. 2.1; the *core* idea of
       Balas & Zemel 1980 and Pisinger 1997 for knapsacks): any solution that moves an integer
       :math:`x_j` off its LP bound is worth at most :math:`U - |d_j|`. Let :math:`F(\theta)`
       be the set of solutions that keep every :math:`x_j` with :math:`|d_j| > \theta` at its
       LP bound; a solution outside :math:`F(\theta)` is worth at most :math:`U - \theta`.
    3. Round 1, a small core: :math:`\theta_1` = ``fraction`` x :math:`(U - z_0)`; HiGHS solves
       the MIP over :math:`F(\theta_1)`: optimum :math:`z_1` (bound :math:`b_1`). Incumbent
       :math:`z = \max(z_0, z_1)`. If :math:`z \ge U - \theta_1` it is the global optimum.
    4. Round 2, the proof: :math:`\theta_2 = U - z`, so nothing outside :math:`F(\theta_2)`
       beats :math:`z`; what is left is :math:`F(\theta_2) \setminus F(\theta_1)`: HiGHS
       solves the MIP over :math:`F(\theta_2)` with one row that flips at least one of the
       columns fixed in round 1 but free in round 2 (round 1 searched the rest) and one row
       :math:`c^T x \ge z + \delta` (:math:`\delta` = half the objective's step when every
       value is a multiple of one, :func:`objective_step`; else half the requested relative gap
       times :math:`|z|`). Infeasible proves :math:`z` optimal, usually at the root;
       otherwise its optimum is the global one.

    The global bound is :math:`\max(b_1, b_2, U - \theta_2)`, so the optimum is exact (proven
    within ``gap``) whatever ``fraction`` is; ``fraction`` only decides how the work is split.
    ``lp``: an existing :class:`HighsSession` on the relaxation of ``model`` (the frontier
    re-solves one). ``theta`` replaces the first threshold (e.g. the LP-to-optimum gap of a
    similar model solved before). Without a start and without a rounded solution, or when the LP is not
    optimal, plain HiGHS solves the whole model.
    """
    t0 = time.perf_counter()
    core_options = CORE_OPTIONS if options is None else options

    def left() -> float | None:
        return None if time_limit is None else max(time_limit - (time.perf_counter() - t0), 0.01)

    def run(m: LinearModel, x0: np.ndarray | None = None) -> RawSolution:
        session = HighsSession(m, gap=gap, time_limit=left(), threads=threads, options=core_options)
        if x0 is not None:
            session.set_start(x0)
        raw = session.solve()
        # the options record the limit asked for, not what was left of it (a wall-clock figure that made
        # results.json differ between two runs of the same inputs)
        return replace(raw, options={**raw.options, "time_limit": time_limit})

    def whole() -> RawSolution:
        raw = run(model, start)
        return replace(raw, seconds=time.perf_counter() - t0)

    if lp is None:
        lp = HighsSession(replace(model, integer=np.zeros_like(model.integer)), gap=gap, time_limit=time_limit,
                          threads=threads)
    relax = lp.solve()
    integer = model.integer
    if relax.status == "infeasible" and np.isfinite(model.col_lo).all() and np.isfinite(model.col_hi).all():
        # no LP solution, so no integer one (bounded columns: "infeasible" is not "unbounded")
        return replace(relax, seconds=time.perf_counter() - t0, options={**relax.options, "strategy": "core"},
                       message="the LP relaxation is infeasible")
    if relax.status != "optimal" or not integer.any():
        return whole()
    sol = lp.h.getSolution()
    d = np.asarray(sol.col_dual, float)
    xbar = np.asarray(sol.col_value, float)
    upper = relax.objective
    c = np.asarray(model.c, float)
    tol = 1e-9 * max(1.0, abs(upper))
    best_x, best = None, -math.inf
    if start is not None:
        best_x, best = np.asarray(start, float), float(c @ start)
    rounded = lp_round(model, xbar, d, upper - best)
    if rounded is not None and float(c @ rounded) > best:
        best_x, best = rounded, float(c @ rounded)
    if best_x is None:
        return whole()
    version = lp.version
    if best >= upper - tol:  # the incumbent reaches the LP bound: optimal without branching
        top = max(upper, best)
        return RawSolution("optimal", best_x, best, top, relative_gap(best, top), time.perf_counter() - t0, "highs",
                           version, {"mip_rel_gap": float(gap), "mip_abs_gap": 0.0, "time_limit": time_limit,
                                     "strategy": "core", "core_fraction": fraction, "core_columns": ()}, "",
                           upper)
    col_lo, col_hi = model.col_lo, model.col_hi
    movable = integer & (col_lo < col_hi)

    def fixings(theta: float) -> tuple[np.ndarray, np.ndarray]:
        up = movable & (xbar > col_hi - 1e-9) & (d > theta + tol)
        down = movable & (xbar < col_lo + 1e-9) & (d < -theta - tol)
        lo, hi = col_lo.copy(), col_hi.copy()
        lo[up] = hi[up]
        hi[down] = lo[down]
        return lo, hi

    sizes: list[int] = []
    status = "optimal"
    message = ""
    theta1 = max(fraction * (upper - best), 0.0) if theta is None else min(max(float(theta), 0.0), upper - best)
    lo1, hi1 = fixings(theta1)
    sizes.append(int((lo1 < hi1).sum()))
    inside = not ((best_x < lo1 - 1e-9) | (best_x > hi1 + 1e-9)).any()
    r1 = run(replace(model, col_lo=lo1, col_hi=hi1), best_x if inside else None)
    version = r1.version
    if r1.x is not None and r1.objective > best:
        best_x, best = r1.x, r1.objective
    if r1.status == "optimal":
        bound1 = r1.bound
    elif r1.status == "infeasible":
        bound1 = -math.inf
    else:  # time limit (with or without a solution) or a solver error: report the best known
        status, message = "time_limit", r1.message or "time limit reached; best portfolio found so far"
        bound1 = max(r1.bound, upper - theta1) if math.isfinite(r1.bound) else upper
    if status == "optimal" and best < upper - theta1 - tol:
        theta2 = upper - best
        lo2, hi2 = fixings(theta2)
        sizes.append(int((lo2 < hi2).sum()))
        new_up = (lo1 > lo2)     # fixed at the upper bound in round 1, free now
        new_down = (hi1 < hi2)   # fixed at the lower bound in round 1, free now
        bound2 = -math.inf
        if new_up.any() or new_down.any():
            N = model.A.shape[1]
            flip = np.zeros(N)
            flip[new_down] = 1.0
            flip[new_up] = -1.0
            flip_lo = 1.0 + float(lo2[new_down].sum()) - float(hi2[new_up].sum())
            step = objective_step(model)
            delta = 0.5 * step if step > 0 else 0.5 * gap * max(1.0, abs(best))
            rows = sparse.csr_matrix(np.vstack([flip, c]))
            proof = replace(model, A=sparse.vstack([model.A, rows], format="csr"),
                            row_lo=np.concatenate([model.row_lo, [flip_lo, best + delta]]),
                            row_hi=np.concatenate([model.row_hi, [math.inf, math.inf]]), col_lo=lo2, col_hi=hi2)
            r2 = run(proof)
            if r2.status == "infeasible":
                bound2 = best if step > 0 else best + delta
            elif r2.status == "optimal":
                bound2 = r2.bound
            else:
                status, message = "time_limit", r2.message or "time limit reached; best portfolio found so far"
                bound2 = upper if not math.isfinite(r2.bound) else r2.bound
            if r2.x is not None and r2.objective > best:
                best_x, best = r2.x, r2.objective
        bound = max(bound1, bound2, upper - theta2)
    else:
        bound = max(bound1, upper - theta1)
    objective = float(c @ best_x)
    bound = max(bound, objective)
    opts = {"mip_rel_gap": float(gap), "mip_abs_gap": 0.0, "time_limit": time_limit, "strategy": "core",
            "core_fraction": fraction, "core_columns": tuple(sizes)}
    return RawSolution(status, best_x, objective, bound, relative_gap(objective, bound), time.perf_counter() - t0,
                       "highs", version, opts, message, upper)


def solve_model(model: LinearModel, *, solver: str | None = None, gap: float = 1e-6,
                time_limit: float | None = None, start: np.ndarray | None = None,
                threads: int | None = None, core: bool = False) -> RawSolution:
    """Solve a :class:`LinearModel` with the named solver (None: :func:`~mkba.portfolio.backends.auto_solver`).

    ``core=True`` with HiGHS uses :func:`solve_core` (exact; ``start``, when given, must be feasible).
    """
    name = check_solver(solver)
    if (model.col_lo > model.col_hi).any():  # e.g. one measure both mandatory and forbidden
        return RawSolution("infeasible", None, math.nan, math.nan, math.nan, 0.0, name, "", {"gap": gap},
                           "contradictory bounds")
    if name == "highs" and core:
        return solve_core(model, start, gap=gap, time_limit=time_limit, threads=threads)
    if name == "highs":
        session = HighsSession(model, gap=gap, time_limit=time_limit, threads=threads)
        if start is not None:
            session.set_start(start)
        return session.solve()
    return solve_cbc(model, gap=gap, time_limit=time_limit, start=start, threads=threads)


# -- result --------------------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class Portfolio:
    """The optimal (or best found) portfolio of a :class:`PortfolioProblem`.

    ``status`` is one of :data:`~mkba.portfolio.backends.STATUSES`; ``selected`` and ``objective``
    are meaningful when ``status in HAS_SOLUTION``. ``gap`` is the relative optimality gap
    :math:`|\\text{bound} - \\text{objective}| / |\\text{objective}|`. ``options`` and ``solver``
    go into the provenance. ``greedy`` is the benefit/cost-greedy comparison (or None);
    ``diagnosis`` the conflicting rules when infeasible (or None).
    ``message`` explains a non-optimal status in words (for infeasible: the conflicting rules).
    """

    status: str
    selected: tuple[str, ...]
    objective: float
    gap: float
    bound: float
    solver: str
    options: Mapping[str, Any]
    solve_time: float
    build_time: float
    message: str
    ids: tuple[str, ...] = ()
    start_years: Mapping[str, int] = field(default_factory=FrozenMap)
    spend: float = math.nan
    greedy: GreedyResult | None = None
    diagnosis: Diagnosis | None = None
    solver_version: str = ""

    @property
    def has_solution(self) -> bool:
        return self.status in HAS_SOLUTION

    @property
    def mask(self) -> np.ndarray:
        chosen = set(self.selected)
        return np.array([m in chosen for m in self.ids], bool)

    def __repr__(self) -> str:
        if self.has_solution:
            return (f"Portfolio({self.status}, {len(self.selected)}/{len(self.ids)} measures, "
                    f"objective={self.objective:.6g}, gap={self.gap:.2g}, solver={self.solver!r})")
        return f"Portfolio({self.status}: {self.message[:80]!r})"

    def to_frame(self) -> pd.DataFrame:
        """One row per measure: selected, start year, and greedy's choice."""
        g = set(self.greedy.selected) if self.greedy is not None else set()
        chosen = set(self.selected)
        return pd.DataFrame({
            "selected": [m in chosen for m in self.ids],
            "start_year": pd.array([self.start_years.get(m) for m in self.ids], dtype="Int64"),
            "greedy": [m in g for m in self.ids],
        }, index=pd.Index(self.ids, name="measure"))

    def to_dict(self) -> dict:
        """JSON-safe summary (NaN/inf as None)."""
        return {
            "status": self.status, "selected": list(self.selected), "objective": jsonable(self.objective),
            "gap": jsonable(self.gap), "bound": jsonable(self.bound), "solver": self.solver,
            "solver_version": self.solver_version, "options": {k: jsonable(v) for k, v in self.options.items()},
            "solve_time": self.solve_time, "build_time": self.build_time, "message": self.message,
            "start_years": dict(self.start_years), "spend": jsonable(self.spend),
            "greedy": self.greedy.to_dict() if self.greedy is not None else None,
            "diagnosis": self.diagnosis.to_dict() if self.diagnosis is not None else None,
        }




def select(problem: PortfolioProblem, *, solver: str | None = None, time_limit: float | None = None,
           gap: float = 1e-6, greedy: bool = True, diagnose: bool = True, warm_start: bool = True,
           core: bool = True, threads: int | None = None, small_first: bool = False) -> Portfolio:
    """The portfolio that maximises the additive value under every budget and rule.

    Parameters
    ----------
    problem : the :class:`PortfolioProblem`.
    solver : ``"cbc"`` or ``"highs"``; None picks one (:func:`~mkba.portfolio.backends.auto_solver`).
    time_limit : seconds; when reached, the best portfolio found is returned with status
        ``"time_limit"`` and its gap.
    gap : relative optimality gap at which the solver stops (default 1e-6: proven optimum).
    greedy : also compute the benefit/cost-greedy selection and the value it loses.
    diagnose : when infeasible, find the smallest set of conflicting rules (deletion filter).
    warm_start : offer the greedy selection as the first incumbent when it is feasible.
    core : with HiGHS, solve by LP reduced-cost fixing around a small core and a proof round
        (:func:`solve_core`; exact, same optimum, several times faster on large lists).
    small_first : try the exact search for small models first (:mod:`mkba.portfolio.small`; no
        MIP, about 1 ms on 27 measures), the MIP when it declines. Off for the chosen portfolio,
        whose results record the MIP's options; on for re-solves such as :mod:`~mkba.portfolio.left_out`.

    Returns
    -------
    :class:`Portfolio`; infeasibility is a status with a message, not an exception.
    """
    name = check_solver(solver)
    t0 = time.perf_counter()
    model = build_model(problem)
    build_time = time.perf_counter() - t0
    g = greedy_select(problem) if greedy or warm_start else None
    start = None
    if warm_start and g is not None and g.feasible:
        start = model.encode(problem, g.mask, {problem.index[k]: v for k, v in g.start_years.items()})
    raw = _small_first(problem, model, name, start) if small_first else None
    checks: tuple[str, ...] = ()
    if raw is None:
        raw, checks = solve_checked(problem, model, solver=name, gap=gap, time_limit=time_limit, start=start,
                                    threads=threads, core=core)
    return _portfolio(problem, model, raw, build_time, g if greedy else None, diagnose, name, checks)


def _small_first(problem: PortfolioProblem, model: LinearModel, name: str, start: np.ndarray | None
                 ) -> RawSolution | None:
    """The exact small-model search's answer when it gives one that meets every rule (else None: the MIP)."""
    if not small.enabled() or (model.col_lo > model.col_hi).any():
        return None
    raw = small.solve_raw(small.plan(model), model.c, name, starts=None if start is None else start[None, :])
    if raw is None or raw.x is None:
        return None
    chosen, starts = model.decode(raw.x)
    return None if check_feasible(problem, chosen, starts) else raw


#: How often a solver's portfolio that breaks a rule (by the exact check) is cut off and solved again.
MAX_CUTS = 8


def _no_good(model: LinearModel, x: np.ndarray) -> LinearModel:
    """The model with one row that cuts off exactly the integer assignment of ``x`` (Balas & Jeroslow 1972)."""
    on = model.integer & (x > 0.5)
    row = np.where(model.integer, np.where(on, 1.0, -1.0), 0.0)
    return replace(model, A=sparse.vstack([model.A, sparse.csr_matrix(row)], format="csr"),
                   row_lo=np.concatenate([model.row_lo, [-math.inf]]),
                   row_hi=np.concatenate([model.row_hi, [float(on.sum()) - 1.0]]))


def _checked_once(problem: PortfolioProblem, model: LinearModel, name: str, checks: list[str],
                  **kw: Any) -> RawSolution:
    """One solver's answer whose portfolio meets every rule by :func:`check_feasible`, else no portfolio.

    A portfolio that breaks a rule (the solver's tolerances let a small overspend pass) is cut off
    by a no-good row and the model solved again, at most :data:`MAX_CUTS` times.
    """
    raw = solve_model(model, solver=name, **kw)
    for _ in range(MAX_CUTS):
        if raw.status not in HAS_SOLUTION or raw.x is None:
            return raw
        chosen, starts = model.decode(raw.x)
        broken = check_feasible(problem, chosen, starts)
        if not broken:
            return raw
        checks.append(f"{name}'s portfolio broke a rule ({broken[0]}): cut off and solved again")
        model = _no_good(model, raw.x)
        raw = solve_model(model, solver=name, **{**kw, "core": False, "start": None})
    if raw.status in HAS_SOLUTION:
        return replace(raw, status="error", x=None, message=f"{name} kept returning portfolios that break a rule")
    return raw


def _other(name: str) -> str | None:
    """The other solver, when it is installed."""
    other = "cbc" if name == "highs" else "highs"
    try:
        return check_solver(other)
    except MethodError:
        return None


def solve_checked(problem: PortfolioProblem, model: LinearModel, *, solver: str, gap: float = 1e-6,
                  time_limit: float | None = None, start: np.ndarray | None = None, threads: int | None = None,
                  core: bool = True) -> tuple[RawSolution, tuple[str, ...]]:
    """Solve the row-scaled model (:func:`scale_rows`) and check the answer; (solution, what was checked).

    A portfolio is accepted only when :func:`check_feasible` finds it meets every rule and budget
    (with :func:`~mkba.portfolio.formulation.money_tolerance`). "Infeasible" (or a solver error
    before any limit) is confirmed by the other solver: when that one finds a portfolio that
    passes the check, it is used and the notes say which solver answered and why.
    """
    scaled = scale_rows(model)
    checks: list[str] = []
    kw: dict[str, Any] = {"gap": gap, "time_limit": time_limit, "threads": threads}
    raw = _checked_once(problem, scaled, solver, checks, start=start, core=core, **kw)
    limited = raw.status == "error" and time_limit is not None and raw.seconds >= time_limit
    if raw.status in HAS_SOLUTION or raw.status == "unbounded" or limited:
        return raw, tuple(checks)
    other = _other(solver)
    if other is None:
        checks.append(f"{solver} said {raw.status}; not confirmed: the other solver is not installed")
        return raw, tuple(checks)
    second = _checked_once(problem, scaled, other, checks, start=start, core=core, **kw)
    if second.status in HAS_SOLUTION:
        checks.append(f"{solver} said {raw.status}, but {other} found a portfolio that meets every rule: "
                      f"{other}'s answer is used")
        return second, tuple(checks)
    if second.status == raw.status == "infeasible":
        checks.append(f"infeasible by {solver}, confirmed by {other}")
    else:
        checks.append(f"{solver} said {raw.status}, {other} said {second.status}")
    return raw, tuple(checks)


def _portfolio(problem: PortfolioProblem, model: LinearModel, raw: RawSolution, build_time: float,
               g: GreedyResult | None, diagnose: bool, name: str, checks: tuple[str, ...] = ()) -> Portfolio:
    options: dict[str, Any] = {"solver": raw.solver, "solver_version": raw.version, **raw.options}
    if raw.solver != name:
        options["requested_solver"] = name
    if checks:
        options["checks"] = "; ".join(checks)
    if raw.status in HAS_SOLUTION and raw.x is not None:
        chosen, starts = model.decode(raw.x)
        selected = tuple(m for m, c in zip(problem.ids, chosen) if c)
        start_years = FrozenMap({problem.ids[j]: y for j, y in sorted(starts.items())})
        spend = float((model.spend @ raw.x).sum())
        value = portfolio_value(problem, chosen, starts)
        if g is not None:
            g = with_optimum(g, value)
        return Portfolio(raw.status, selected, value, raw.gap, raw.bound, raw.solver, FrozenMap(options),
                         raw.seconds, build_time, raw.message, problem.ids, start_years, spend, g, None, raw.version)
    diagnosis = None
    message = raw.message
    if raw.status == "infeasible":
        message = "no portfolio satisfies every rule"
        if diagnose:
            diagnosis = _diagnose(problem, model=model, solver=name)
            message = diagnosis.message
            if not diagnosis.keys:  # the diagnosis found a portfolio the solvers did not: not a proof
                raw = replace(raw, status="error")
                message = ("the solvers said infeasible but the diagnosis found a feasible portfolio; "
                           "no answer can be trusted: " + "; ".join(checks))
    return Portfolio(raw.status, (), math.nan, math.nan, math.nan, raw.solver, FrozenMap(options), raw.seconds,
                     build_time, message, problem.ids, FrozenMap(), math.nan, g, diagnosis, raw.version)
