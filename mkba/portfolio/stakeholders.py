"""Portfolios for a negotiation table: each stakeholder's optimum, who gets what from whose, and a compromise.

Given a value matrix :math:`V` (s, n) (stakeholder s's additive value of each measure, e.g.
:func:`~mkba.portfolio.problem.anchored_values` with each stakeholder's weights) and one
problem (the same rules and budgets for everyone):

* each stakeholder's optimum :math:`p^*_s = \\arg\\max_p V_s(p)` and best value :math:`b_s = V_s(p^*_s)`;
* the cross-evaluation matrix :math:`M[p, t] = V_t(p) / b_t`: the share of its own best that
  stakeholder t gets from portfolio p (every stakeholder's optimum, the group's optimum and the
  compromise). Shares are measured from "nothing done" (value 0, the nulalternatief), so a
  share can be negative (worse than doing nothing) and is at most 1. When :math:`b_t \\le 0`
  (no feasible portfolio gives t anything: the rules force t's losses) the share is undefined
  (NaN) and t is left out of the compromise, with a note in ``message``;
* the compromise: :math:`\\max z` s.t. :math:`V_s(x) \\ge z\\, b_s` for every stakeholder with
  :math:`b_s > 0` (maximin share; methodology B.5, Liesiö et al. 2007's maximin rule on shares),
  then, with :math:`z` fixed at its optimum, the group value is maximised (ties broken by group value).

Stakeholder values are :math:`\\sum_j V_{sj} x_j`; synergy values and start-year-specific values of the
problem belong to the group objective only.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, replace
from typing import Any, Sequence

import numpy as np
import pandas as pd
from scipy import sparse

from ..errors import MethodError
from .backends import HAS_SOLUTION, RawSolution, check_solver
from .diagnose import diagnose
from .evaluate import portfolio_value
from .formulation import LinearModel, build_model
from .problem import PortfolioProblem
from .select import solve_model
from . import small
from .text import jsonable

__all__ = ["StakeholderAnalysis", "stakeholder_portfolios"]


@dataclass(frozen=True, eq=False)
class StakeholderAnalysis:
    """Optima per stakeholder, the group optimum, the maximin compromise and the cross-evaluation shares.

    ``portfolios`` are row labels: the stakeholder names, ``"group"`` and ``"compromise"``;
    ``selections`` (p, n) bool; ``values`` (p, s) value of each portfolio for each stakeholder;
    ``shares`` (p, s) = values / best (NaN where best <= 0); ``group_values`` (p,).
    """

    stakeholders: tuple[str, ...]
    portfolios: tuple[str, ...]
    ids: tuple[str, ...]
    selections: np.ndarray
    values: np.ndarray
    best: np.ndarray
    shares: np.ndarray
    group_values: np.ndarray
    min_share: float
    statuses: tuple[str, ...]
    solver: str
    solve_time: float
    status: str = "optimal"
    message: str = ""

    def __repr__(self) -> str:
        return (f"StakeholderAnalysis({len(self.stakeholders)} stakeholders, compromise min share "
                f"{self.min_share:.3g}, {self.status})")

    def selected(self, portfolio: str) -> tuple[str, ...]:
        row = self.selections[self.portfolios.index(portfolio)]
        return tuple(m for m, s in zip(self.ids, row) if s)

    def to_frame(self) -> pd.DataFrame:
        """The cross-evaluation matrix: rows portfolios, columns stakeholders (shares), plus group value."""
        df = pd.DataFrame(self.shares, index=pd.Index(self.portfolios, name="portfolio"),
                          columns=pd.Index(self.stakeholders, name="stakeholder"))
        df["group_value"] = self.group_values
        return df

    def to_dict(self) -> dict:
        f = jsonable  # a finite float, or None for JSON
        return {"stakeholders": list(self.stakeholders), "portfolios": list(self.portfolios),
                "selected": {p: list(self.selected(p)) for p in self.portfolios},
                "best": [f(b) for b in self.best],
                "shares": [[f(v) for v in row] for row in self.shares],
                "values": [[f(v) for v in row] for row in self.values],
                "group_values": [f(v) for v in self.group_values], "min_share": f(self.min_share),
                "statuses": list(self.statuses), "solver": self.solver, "status": self.status,
                "message": self.message}


def _with_column(model: LinearModel, rows: sparse.csr_matrix, col_coef: np.ndarray, row_lo: np.ndarray,
                 row_hi: np.ndarray, names: list[str]) -> LinearModel:
    """The model plus one continuous column z (objective 1, bounds [-inf, 1]) and rows ``rows x + col_coef z``."""
    N = model.A.shape[1]
    A = sparse.vstack([sparse.hstack([model.A, sparse.csr_matrix((model.A.shape[0], 1))]),
                       sparse.hstack([rows, sparse.csr_matrix(col_coef.reshape(-1, 1))])]).tocsr()
    return replace(model, c=np.concatenate([np.zeros(N), [1.0]]), A=A,
                   row_lo=np.concatenate([model.row_lo, row_lo]), row_hi=np.concatenate([model.row_hi, row_hi]),
                   col_lo=np.concatenate([model.col_lo, [-np.inf]]), col_hi=np.concatenate([model.col_hi, [1.0]]),
                   integer=np.concatenate([model.integer, [False]]), row_names=model.row_names + tuple(names),
                   col_names=model.col_names + ("z",))


def _stakeholder_c(model: LinearModel, v: np.ndarray) -> np.ndarray:
    c = np.zeros(model.A.shape[1])
    c[: model.n] = v
    return c


def stakeholder_portfolios(problem: PortfolioProblem, values: Any, group_values: Any = None, *,
                           stakeholders: Sequence[str] | None = None, solver: str | None = None,
                           gap: float = 1e-6, time_limit: float | None = None) -> StakeholderAnalysis:
    """Each stakeholder's optimum, the group's, the maximin compromise and the cross-evaluation shares.

    Parameters
    ----------
    problem : the rules and budgets (its ``values`` are the group values unless ``group_values`` is given).
    values : (s, n) each stakeholder's additive value per measure.
    group_values : (n,) group value per measure (default ``problem.values``).
    stakeholders : s names (default ``"S1" ..``).
    """
    V = np.asarray(values, float)
    if V.ndim != 2 or V.shape[1] != problem.n:
        raise MethodError(f"stakeholder values must have shape (stakeholders, {problem.n}); got {V.shape}")
    s = V.shape[0]
    names = tuple(stakeholders) if stakeholders is not None else tuple(f"S{k + 1}" for k in range(s))
    if len(names) != s:
        raise MethodError(f"stakeholders must give {s} names; got {len(names)}")
    if group_values is not None:
        problem = problem.with_values(np.asarray(group_values, float))
    name = check_solver(solver)
    t0 = time.perf_counter()
    model = build_model(problem)
    sels, statuses = [], []

    def run(m: LinearModel) -> RawSolution:
        return solve_model(m, solver=name, gap=gap, time_limit=time_limit)

    # the parties' and the group's optima share rules and budgets: small models are searched exactly
    # without a MIP (mkba.portfolio.small), each optimum a start for the next; the MIP solves the rest
    C = np.vstack([np.array([_stakeholder_c(model, V[k]) for k in range(s)]).reshape(s, -1), model.c[None, :]])
    plan = small.plan(model) if small.enabled() else None
    fast_x, _, fast_ok = small.solve_many(plan, C) if plan is not None else (None, None, np.zeros(s + 1, bool))

    def party(k: int) -> RawSolution:
        if fast_ok[k] and fast_x is not None:
            return small.as_raw(fast_x[k], C[k], name)
        return run(replace(model, c=C[k]))

    for k in range(s):
        raw = party(k)
        statuses.append(raw.status)
        if raw.x is None:
            return _failed(problem, names, name, raw, t0)
        sels.append(raw.x)
    raw = party(s)
    statuses.append(raw.status)
    if raw.x is None:
        return _failed(problem, names, name, raw, t0)
    sels.append(raw.x)
    X = np.array([model.decode(x)[0] for x in sels], bool)
    best = np.array([V[k] @ X[k] for k in range(s)])
    ok = best > 1e-9 * np.maximum(1.0, np.abs(V).sum(axis=1))
    message = ""
    if not ok.all():
        message = ("left out of the compromise (no feasible portfolio gives them a positive value): "
                   + ", ".join(n for n, o in zip(names, ok) if not o))
    # maximin share: V_s x - b_s z >= 0
    rows = sparse.csr_matrix(np.hstack([V[ok], np.zeros((int(ok.sum()), model.A.shape[1] - problem.n))]))
    mm = _with_column(model, rows, -best[ok], np.zeros(int(ok.sum())), np.full(int(ok.sum()), np.inf),
                      [f"share[{n}]" for n, o in zip(names, ok) if o])
    if ok.any():
        raw1 = run(mm)
        statuses.append(raw1.status)
        if raw1.x is None:
            return _failed(problem, names, name, raw1, t0)
        z = float(raw1.x[-1])
        z = min(z, float(np.min(V[ok] @ model.decode(raw1.x[:-1])[0] / best[ok])))
        col_lo = mm.col_lo.copy()
        col_lo[-1] = z - 1e-9 * max(1.0, abs(z))
        c2 = np.concatenate([model.c, [0.0]])
        # with z fixed at its least, V_s x >= b_s z is a row over the 0-1 columns: the small search may take it
        at_least = replace(model, A=sparse.vstack([model.A, rows], format="csr"),
                         row_lo=np.concatenate([model.row_lo, best[ok] * col_lo[-1]]),
                         row_hi=np.concatenate([model.row_hi, np.full(int(ok.sum()), np.inf)]),
                         row_names=mm.row_names)
        found = small.solve_raw(small.plan(at_least) if plan is not None else None, model.c, name,
                                starts=raw1.x[None, :-1])
        raw2 = run(replace(mm, c=c2, col_lo=col_lo)) if found is None else \
            replace(found, x=np.concatenate([found.x, [z]]) if found.x is not None else None)
        statuses.append(raw2.status)
        x_comp = (raw2.x if raw2.x is not None else raw1.x)[:-1]
    else:
        x_comp = sels[-1]
        statuses.append(raw.status)
    X = np.vstack([X, model.decode(x_comp)[0][None, :]])
    vals = (X.astype(float) @ V.T)
    with np.errstate(invalid="ignore", divide="ignore"):
        shares = np.where(ok[None, :], vals / np.where(ok, best, 1.0)[None, :], np.nan)
    group = np.array([portfolio_value(problem, row) for row in X])
    min_share = float(np.nanmin(shares[-1])) if ok.any() else math.nan
    status = "optimal" if all(st == "optimal" for st in statuses) else \
        ("time_limit" if all(st in HAS_SOLUTION for st in statuses) else "error")
    return StakeholderAnalysis(names, names + ("group", "compromise"), problem.ids, X, vals, best, shares, group,
                               min_share, tuple(statuses), name, time.perf_counter() - t0, status, message)


def _failed(problem: PortfolioProblem, names: tuple[str, ...], solver: str, raw: RawSolution,
            t0: float) -> StakeholderAnalysis:
    s = len(names)
    p = s + 2
    msg = raw.message or f"solver status {raw.status}"
    if raw.status == "infeasible":
        msg = diagnose(problem, solver=solver).message
    return StakeholderAnalysis(names, names + ("group", "compromise"), problem.ids, np.zeros((p, problem.n), bool),
                               np.full((p, s), np.nan), np.full(s, np.nan), np.full((p, s), np.nan),
                               np.full(p, np.nan), math.nan, (raw.status,), solver, time.perf_counter() - t0,
                               raw.status, msg)
