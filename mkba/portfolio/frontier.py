"""Efficient frontier: the best value for every total budget over a range, and when each measure enters.

:math:`V(B) = \\max \\{ c^T x : x \\text{ feasible}, \\sum_{j,t} S_{tj} x_j \\le B \\}` is a
non-decreasing step function of the total budget B (Phillips & Bana e Costa 2007, Ann. OR
154:51-68: the value-for-money frontier). Two ways to trace it:

* a grid (default): V(B) at ``points`` budgets between ``lo`` and ``hi``, solved on **one**
  model: only the bound of the total-budget row changes. The top budget is solved first: its
  optimum, spending C, is also optimal at every grid budget in [C, top] (V is non-decreasing).
  The other budgets follow in increasing order, each started from the previous optimum (still
  feasible at a larger budget); with HiGHS each point is solved exactly by the core method
  (:func:`~mkba.portfolio.select.solve_core`: one warm-started LP relaxation, reduced-cost
  fixing, a small MIP and a proof round), its first core sized by the previous point's
  LP-to-optimum gap;
* exact breakpoints (``exact=True``): from the top down, solve at B, record the optimum's
  spend C and value V (so :math:`V(B') = V` on :math:`[C, B]`), continue at :math:`C - \\varepsilon`
  until the budget falls below ``lo`` or nothing is left; consecutive values equal within
  the optimality gap merge (keeping the smallest spend), giving every step of V exactly (up to ``max_points``).

The *entry budget* of a measure is the smallest budget on the frontier at which it is in
the optimal portfolio (NaN if never). A measure can leave again at a larger budget (a
cheaper pair replaces it), so the selections per budget are kept as well.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from ..errors import MethodError
from .backends import HighsSession, RawSolution, check_solver, solve_cbc
from .formulation import LinearModel, build_model, money_row, money_tolerance
from .problem import PortfolioProblem
from .select import solve_core, solve_model
from . import small
from .text import jsonable

__all__ = ["Frontier", "frontier"]

STEP = 1e-7
"""Exact tracing steps below each breakpoint by this fraction of its spend (about 1 euro in 10 M€):
two portfolios whose costs differ by less are one step."""


@dataclass(frozen=True, eq=False)
class Frontier:
    """Frontier points (ascending budget): value, spend, selection and status per budget."""

    budgets: np.ndarray
    values: np.ndarray
    spend: np.ndarray
    selections: np.ndarray
    statuses: tuple[str, ...]
    ids: tuple[str, ...]
    entry_budget: np.ndarray
    exact: bool
    solver: str
    solve_time: float
    status: str = "optimal"
    message: str = ""

    def __repr__(self) -> str:
        return f"Frontier({len(self.budgets)} points, {'exact' if self.exact else 'grid'}, solver={self.solver!r})"

    def to_frame(self) -> pd.DataFrame:
        """One row per budget: value, spend, number selected, status."""
        return pd.DataFrame({"value": self.values, "spend": self.spend,
                             "measures": self.selections.sum(axis=1), "status": list(self.statuses)},
                            index=pd.Index(self.budgets, name="budget"))

    def entry_frame(self) -> pd.DataFrame:
        """One row per measure: the smallest budget at which it is in the optimum (NaN: never)."""
        return pd.DataFrame({"entry_budget": self.entry_budget}, index=pd.Index(self.ids, name="measure"))

    def to_dict(self) -> dict:
        f = jsonable  # a finite float, or None for JSON
        return {"budgets": [f(b) for b in self.budgets], "values": [f(v) for v in self.values],
                "spend": [f(s) for s in self.spend], "statuses": list(self.statuses), "exact": self.exact,
                "selected": [[m for m, s in zip(self.ids, row) if s] for row in self.selections],
                "entry_budget": {m: f(b) for m, b in zip(self.ids, self.entry_budget)}, "solver": self.solver,
                "status": self.status, "message": self.message}


class _Resolver:
    """One model, re-solved at several total budgets.

    HiGHS: one in-process LP relaxation, re-solved from its last basis when the total-budget
    row changes, and per budget the exact core method of :func:`~mkba.portfolio.select.solve_core`
    (reduced-cost fixing, then a small MIP and a proof), started from the best known feasible
    solution (the previous optimum on an ascending grid). CBC re-reads an MPS per point.
    """

    def __init__(self, problem: PortfolioProblem, model: LinearModel, solver: str, gap: float,
                 time_limit: float | None) -> None:
        self.model, self.solver, self.gap, self.time_limit = model, solver, gap, time_limit
        self.row = int(model.group("budget.total").rows[0])
        self.lp: HighsSession | None = None
        self.theta: float | None = None
        # small models: the exact search of mkba.portfolio.small (no MIP); every optimum is a start for the next
        self.small = small.plan(model) if small.enabled() else None
        self.pool = np.zeros((0, model.A.shape[1]))
        if solver == "highs":
            self.lp = HighsSession(replace(model, integer=np.zeros_like(model.integer)), gap=gap,
                                   time_limit=time_limit)

    def solve(self, budget: float, start: np.ndarray | None) -> RawSolution:
        row_hi = self.model.row_hi.copy()
        row_hi[self.row] = money_row(-math.inf, budget)[1]  # spend within a cent (or 1e-9) of the budget meets it
        trial = replace(self.model, row_hi=row_hi)
        if (trial.col_lo > trial.col_hi).any():
            return solve_model(trial, solver=self.solver, gap=self.gap, time_limit=self.time_limit)
        found = small.solve_raw(self.small, self.model.c, self.solver, row_hi=row_hi,
                                starts=self.pool if start is None else np.vstack([self.pool, start[None]]))
        if found is not None and found.x is not None:
            self.pool = np.vstack([self.pool, found.x[None]])
            return found
        if self.lp is not None:
            self.lp.h.changeRowBounds(self.row, -np.inf, float(row_hi[self.row]))
            self.lp.model = replace(self.lp.model, row_hi=row_hi)
            raw = solve_core(trial, start, gap=self.gap, time_limit=self.time_limit, lp=self.lp, theta=self.theta)
            if raw.status == "optimal" and math.isfinite(raw.lp_bound) and raw.x is not None:
                # the next budget's LP-to-optimum gap is usually alike: a first core that holds the optimum
                self.theta = 1.25 * max(raw.lp_bound - raw.objective, 0.0)
            return self._whole(raw)
        return self._whole(solve_cbc(trial, gap=self.gap, time_limit=self.time_limit, start=start))

    def _whole(self, raw: RawSolution) -> RawSolution:
        """The solver's answer with its 0-1 columns exactly 0 or 1 (a solver's 0.9999999999 made the
        frontier's spend 8,819,999.999999994 for 8,820,000), its value recomputed from them."""
        if raw.x is None:
            return raw
        x = np.where(self.model.integer, np.round(raw.x), raw.x)
        return replace(raw, x=x, objective=float(self.model.c @ x))


def frontier(problem: PortfolioProblem, budgets: Any = None, *, points: int = 50, lo: float = 0.0,
             hi: float | None = None, exact: bool = False, max_points: int = 1000, solver: str | None = None,
             gap: float = 1e-6, time_limit: float | None = None) -> Frontier:
    """The best value for each total budget (grid or exact breakpoints); every other rule stays.

    Parameters
    ----------
    budgets : explicit total budgets (any order); overrides ``points``/``lo``/``hi``.
    points, lo, hi : a grid of ``points`` budgets from ``lo`` to ``hi`` (default: the total
        investment of every measure, enough to fund all).
    exact : trace every breakpoint instead (at most ``max_points`` solves).
    solver, gap, time_limit : as :func:`mkba.portfolio.select` (time limit per point).
    """
    name = check_solver(solver)
    top = float(np.clip(problem.costs, 0, None).sum()) if hi is None else float(hi)
    if budgets is not None:
        grid = np.sort(np.asarray(budgets, float).reshape(-1))
        top = max(top, float(grid[-1])) if hi is None else top
    elif not exact:
        if points < 1:
            raise MethodError("frontier: points must be >= 1")
        grid = np.linspace(lo, top, points)
    t0 = time.perf_counter()
    base = replace(problem, budget_total=max(top, grid[-1] if budgets is not None else top))
    model = build_model(base)
    solver_ = _Resolver(base, model, name, gap, time_limit)
    rows: list[tuple[float, float, float, np.ndarray, str]] = []
    spend_row = np.asarray(model.spend.sum(axis=0)).ravel()
    if not exact:
        # V is non-decreasing and the optimum at the top budget, spending C, stays optimal at
        # every budget in [C, top]: solve the top first, then the rest in increasing order,
        # each started from the previous optimum (still feasible at a larger budget).
        top_raw = solver_.solve(float(grid[-1]), None) if len(grid) else None
        cut = math.inf
        if top_raw is not None and top_raw.status == "optimal" and top_raw.x is not None:
            cut = float(spend_row @ top_raw.x)
        prev = None
        for b in grid:  # (grid is not empty here, so top_raw is set)
            raw = top_raw if top_raw is not None and (b >= cut or b == grid[-1]) else solver_.solve(b, prev)
            if raw.x is not None:
                prev = raw.x
                chosen, _ = model.decode(raw.x)
                rows.append((b, raw.objective, float(spend_row @ raw.x), chosen, raw.status))
            else:
                rows.append((b, math.nan, math.nan, np.zeros(problem.n, bool), raw.status))
    else:
        b = top
        solves = 0
        while len(rows) < max_points and b >= lo and solves < 4 * max_points:
            solves += 1
            raw = solver_.solve(b, None)
            if raw.x is None:
                break
            chosen, _ = model.decode(raw.x)
            cost = float(spend_row @ raw.x)
            same = rows and raw.objective >= rows[-1][1] - max(gap, 1e-9) * max(1.0, abs(raw.objective))
            if same:  # as good (within the optimality gap) and cheaper: the step starts lower
                rows[-1] = (cost, max(raw.objective, rows[-1][1]), cost, chosen, raw.status)
            else:
                rows.append((cost, raw.objective, cost, chosen, raw.status))
            if not chosen.any() or cost <= lo:
                break
            # a budget that cost does not meet, and always below the last one (a solver that passes the
            # budget by its own tolerance, as CBC did on 1e8-EUR measures, must not stall the walk)
            below = min(cost, b)
            b = below - max(STEP * abs(below), 1e-4) - 2 * money_tolerance(below)
        rows.reverse()
    seconds = time.perf_counter() - t0
    budgets_ = np.array([r[0] for r in rows], float)
    sel = np.array([r[3] for r in rows], bool).reshape(len(rows), problem.n)
    entry = np.full(problem.n, np.nan)
    for k in range(len(rows) - 1, -1, -1):
        entry[sel[k]] = budgets_[k]
    statuses = tuple(r[4] for r in rows)
    worst = "optimal" if all(s == "optimal" for s in statuses) else \
        ("time_limit" if all(s in ("optimal", "time_limit") for s in statuses) else "partial")
    msg = "" if worst == "optimal" else "some budgets have no proven optimum or no feasible portfolio (see statuses)"
    return Frontier(budgets_, np.array([r[1] for r in rows], float), np.array([r[2] for r in rows], float), sel,
                    statuses, problem.ids, entry, exact, name, seconds, worst, msg)
