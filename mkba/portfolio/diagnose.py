"""Why is there no portfolio? The smallest set of conflicting rules, found by a deletion filter.

Each rule and each budget line is one *rule group* of the model (its rows and column bounds,
named after its origin; :mod:`mkba.portfolio.formulation`). The deletion filter (Chinneck &
Dravnieks 1991, ORSA J. Computing 3(2):157-168; Chinneck 2008, *Feasibility and
Infeasibility in Optimization*, ch. 6) drops the groups one at a time: a group whose removal
leaves the problem infeasible is left out for good, otherwise it is put back. What remains is
an irreducible infeasible subset (IIS) of rule groups: infeasible together, feasible
without any one of them. Structure (start-year linking, synergy linearisation) is never a
suspect. Each test is a feasibility MIP (zero objective) on one re-used model: only bounds
change between tests.

The IIS is phrased in words: mandatory measures are summed against each budget line in the
set ("mandatory M03 and M11 cost 2.4 M€, budget 2026 is 2.0 M€"); other rules by their label
and origin.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .formulation import LinearModel, RuleGroup, build_model
from .problem import PortfolioProblem, _join, money

__all__ = ["Diagnosis", "diagnose", "is_feasible"]


@dataclass(frozen=True, eq=False)
class Diagnosis:
    """An irreducible infeasible subset of rule groups and its explanation."""

    keys: tuple[str, ...]
    origins: tuple[str, ...]
    labels: tuple[str, ...]
    message: str
    tests: int

    def __repr__(self) -> str:
        return f"Diagnosis({len(self.keys)} conflicting rules: {self.message[:80]!r})"

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame({"origin": self.origins, "label": self.labels}, index=pd.Index(self.keys, name="rule"))

    def to_dict(self) -> dict:
        return {"keys": list(self.keys), "origins": list(self.origins), "labels": list(self.labels),
                "message": self.message, "tests": self.tests}


class _Tester:
    """Feasibility of the model with a subset of the removable groups switched on."""

    def __init__(self, model: LinearModel, solver: str) -> None:
        self.model = model
        self.solver = solver
        self.tests = 0
        zero = LinearModel(**{**model.__dict__, "c": np.zeros_like(model.c)})
        self.zero = zero
        self.session = None
        if solver == "highs":
            from .solve import HighsSession
            self.session = HighsSession(zero, gap=1.0)
        self.removable = [g for g in model.groups if g.removable]

    def _bounds(self, active: set[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        m = self.model
        row_lo, row_hi = m.row_lo.copy(), m.row_hi.copy()
        col_lo, col_hi = m.col_lo.copy(), m.col_hi.copy()
        fixed = np.zeros(col_lo.size, bool)
        for g in self.removable:
            for cols, _, _ in g.fixes:
                fixed[cols] = True
        col_lo[fixed] = 0.0
        col_hi[fixed] = 1.0
        for g in self.removable:
            if g.key in active:
                for cols, lo, hi in g.fixes:
                    col_lo[cols] = np.maximum(col_lo[cols], lo)
                    col_hi[cols] = np.minimum(col_hi[cols], hi)
            else:
                row_lo[g.rows] = -np.inf
                row_hi[g.rows] = np.inf
        return row_lo, row_hi, col_lo, col_hi

    def feasible(self, active: set[str]) -> bool:
        self.tests += 1
        row_lo, row_hi, col_lo, col_hi = self._bounds(active)
        if (col_lo > col_hi).any():
            return False
        if self.session is not None:
            h = self.session.h
            M, N = row_lo.size, col_lo.size
            if M:
                h.changeRowsBounds(M, np.arange(M, dtype=np.int32), row_lo, row_hi)
            h.changeColsBounds(N, np.arange(N, dtype=np.int32), col_lo, col_hi)
            return self.session.solve().status in ("optimal", "time_limit")
        from .solve import solve_cbc
        trial = LinearModel(**{**self.zero.__dict__, "row_lo": row_lo, "row_hi": row_hi,
                               "col_lo": col_lo, "col_hi": col_hi})
        return solve_cbc(trial, gap=1.0).status in ("optimal", "time_limit")


def is_feasible(problem: PortfolioProblem, *, solver: str | None = None) -> bool:
    """Whether any portfolio satisfies every rule (a zero-objective MIP)."""
    from .solve import _check_solver

    model = build_model(problem)
    tester = _Tester(model, _check_solver(solver))
    return tester.feasible({g.key for g in tester.removable})


def diagnose(problem: PortfolioProblem, *, model: LinearModel | None = None, solver: str | None = None) -> Diagnosis:
    """An irreducible infeasible subset of the problem's rules and budgets, in words.

    Deletion filter over the removable rule groups, in model order (budgets, then rules in
    the order given). Returns a :class:`Diagnosis` with an empty ``keys`` when the problem
    is feasible after all.
    """
    from .solve import _check_solver

    model = model if model is not None else build_model(problem)
    tester = _Tester(model, _check_solver(solver))
    active = {g.key for g in tester.removable}
    if tester.feasible(active):
        return Diagnosis((), (), (), "the rules do not conflict: a feasible portfolio exists", tester.tests)
    for g in tester.removable:
        trial = active - {g.key}
        if not tester.feasible(trial):
            active = trial
    iis = [g for g in tester.removable if g.key in active]
    return Diagnosis(tuple(g.key for g in iis), tuple(g.origin for g in iis), tuple(g.label for g in iis),
                     explain(problem, model, iis), tester.tests)


def _forced_amount(model: LinearModel, group: RuleGroup, cols: np.ndarray, problem: PortfolioProblem) -> float:
    """What the mandatory measures ``cols`` add to a budget row at least (cheapest start option)."""
    row = model.A[group.rows[0]].toarray().ravel()
    total = 0.0
    for j in cols:
        opts = model.opt_col[model.opt_measure == j]
        total += float(row[opts].min()) if opts.size else float(row[j])
    return total


def explain(problem: PortfolioProblem, model: LinearModel, iis: list[RuleGroup]) -> str:
    """A sentence per conflict: mandatory measures against each budget line, then the other rules."""
    mand = [g for g in iis if g.kind == "mandatory"]
    money_rows = [g for g in iis if g.kind in ("budget", "payer", "running")]
    others = [g for g in iis if g not in mand and g not in money_rows]
    cols = np.array([problem.index[g.rule.measure] for g in mand], dtype=np.int64)
    names = _join([g.rule.measure for g in mand])
    phrases = []
    for g in money_rows:
        amount = g.detail.get("amount", np.nan)
        if g.kind == "budget":
            if g.detail.get("year") is None:
                cap = f"the total budget is {money(amount)}"
            elif g.detail.get("cumulative"):
                cap = f"the budget up to {g.detail['year']} (with carry-over) is {money(amount)}"
            else:
                cap = f"budget {g.detail['year']} is {money(amount)}"
        elif g.kind == "payer":
            cap = f"{g.detail['payer']} brings in {money(amount)}"
        else:
            cap = f"the running-cost cap {g.detail['year']} is {money(amount)}"
        if cols.size:
            forced = _forced_amount(model, g, cols, problem)
            digits = 1 if money(forced) != money(amount) else 3
            verb = "costs" if cols.size == 1 else "cost"
            if g.kind == "running":
                verb = "has running costs of" if cols.size == 1 else "have running costs of"
            phrases.append(f"mandatory {names} {verb} {money(forced, digits)}, {cap[0].lower() + cap[1:]}"
                           .replace(f"{money(amount)}", money(amount, digits)))
        else:
            phrases.append(cap[0].upper() + cap[1:])
    if mand and not money_rows:
        phrases.append(f"mandatory {names}")
    phrases += [g.label for g in others]
    where = ", ".join(g.origin for g in iis)
    return "no portfolio satisfies these rules together: " + "; ".join(phrases) + f" ({where})"
