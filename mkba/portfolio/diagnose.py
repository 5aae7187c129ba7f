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
set ("mandatory M03 and M11 cost 2.4 M€, budget 2026 is 2.0 M€"); other rules by their label,
then each origin once. The same explanation is kept as structured ``parts`` (:func:`conflict_parts`),
so a report can phrase it in its own language; ``message`` is the English sentence for the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .backends import HighsSession, check_solver, solve_cbc
from .formulation import LinearModel, RuleGroup, build_model, scale_rows
from .problem import PortfolioProblem
from .text import join_words, money

__all__ = ["Diagnosis", "conflict_parts", "diagnose", "explain", "is_feasible", "rule_part"]


@dataclass(frozen=True, eq=False)
class Diagnosis:
    """An irreducible infeasible subset of rule groups and its explanation."""

    keys: tuple[str, ...]
    origins: tuple[str, ...]
    labels: tuple[str, ...]
    message: str
    tests: int
    parts: tuple[dict, ...] = ()
    """The message's phrases as data (see :func:`conflict_parts`), for a report in another language."""

    def __repr__(self) -> str:
        return f"Diagnosis({len(self.keys)} conflicting rules: {self.message[:80]!r})"

    @property
    def where(self) -> tuple[str, ...]:
        """The origins of the conflicting rules, each once, in rule order."""
        return _once(self.origins)

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame({"origin": self.origins, "label": self.labels}, index=pd.Index(self.keys, name="rule"))

    def to_dict(self) -> dict:
        return {"keys": list(self.keys), "origins": list(self.origins), "labels": list(self.labels),
                "message": self.message, "tests": self.tests, "parts": [dict(p) for p in self.parts],
                "where": list(self.where)}


class _Tester:
    """Feasibility of the model with a subset of the removable groups switched on."""

    def __init__(self, model: LinearModel, solver: str) -> None:
        self.model = model
        self.solver = solver
        self.tests = 0
        zero = LinearModel(**{**model.__dict__, "c": np.zeros_like(model.c)})
        self.zero = zero
        self.session: HighsSession | None = None
        if solver == "highs":
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
        trial = LinearModel(**{**self.zero.__dict__, "row_lo": row_lo, "row_hi": row_hi,
                               "col_lo": col_lo, "col_hi": col_hi})
        return solve_cbc(trial, gap=1.0).status in ("optimal", "time_limit")


def is_feasible(problem: PortfolioProblem, *, solver: str | None = None) -> bool:
    """Whether any portfolio satisfies every rule (a zero-objective MIP).

    (Whether one given column vector meets the model is :func:`mkba.portfolio.evaluate.is_feasible`.)
    """
    tester = _Tester(scale_rows(build_model(problem)), check_solver(solver))
    return tester.feasible({g.key for g in tester.removable})


def diagnose(problem: PortfolioProblem, *, model: LinearModel | None = None, solver: str | None = None) -> Diagnosis:
    """An irreducible infeasible subset of the problem's rules and budgets, in words.

    Deletion filter over the removable rule groups, in model order (budgets, then rules in
    the order given). Returns a :class:`Diagnosis` with an empty ``keys`` when the problem
    is feasible after all.
    """
    model = model if model is not None else build_model(problem)
    tester = _Tester(scale_rows(model), check_solver(solver))  # well-conditioned rows (see scale_rows)
    active = {g.key for g in tester.removable}
    if tester.feasible(active):
        return Diagnosis((), (), (), "the rules do not conflict: a feasible portfolio exists", tester.tests)
    for g in tester.removable:
        trial = active - {g.key}
        if not tester.feasible(trial):
            active = trial
    iis = [g for g in tester.removable if g.key in active]
    parts = conflict_parts(problem, model, iis)
    return Diagnosis(tuple(g.key for g in iis), tuple(g.origin for g in iis), tuple(g.label for g in iis),
                     _sentence(parts, [g.origin for g in iis]), tester.tests, tuple(parts))


def _forced_amount(model: LinearModel, group: RuleGroup, cols: np.ndarray, problem: PortfolioProblem) -> float:
    """What the mandatory measures ``cols`` add to a budget row at least (cheapest start option)."""
    row = model.A[group.rows[0]].toarray().ravel()
    total = 0.0
    for j in cols:
        opts = model.opt_col[model.opt_measure == j]
        total += float(row[opts].min()) if opts.size else float(row[j])
    return total


def _number(x: Any) -> Any:
    """A JSON-friendly number: int for whole years and counts, float otherwise, None when missing."""
    if x is None:
        return None
    if isinstance(x, (int, np.integer)):
        return int(x)
    x = float(x)
    return x if np.isfinite(x) else None


def _cap(g: RuleGroup) -> dict:
    """A budget line as data: ``kind`` (``budget_total``, ``budget_year``, ``budget_cumulative``,
    ``payer``, ``running``), ``amount`` (EUR), and its ``year`` or ``payer``."""
    amount = _number(g.detail.get("amount", np.nan))
    if g.kind == "budget":
        year = g.detail.get("year")
        if year is None:
            return {"kind": "budget_total", "amount": amount}
        kind = "budget_cumulative" if g.detail.get("cumulative") else "budget_year"
        return {"kind": kind, "amount": amount, "year": _number(year)}
    if g.kind == "payer":
        return {"kind": "payer", "amount": amount, "payer": str(g.detail["payer"])}
    return {"kind": "running", "amount": amount, "year": _number(g.detail.get("year"))}


def rule_part(g: RuleGroup) -> dict:
    """A logical rule as data: ``kind`` "rule", the rule kind, its English ``label`` and its fields."""
    r = g.rule
    part: dict[str, Any] = {"kind": "rule", "rule": g.kind, "label": g.label}
    if g.kind in ("mandatory", "forbidden"):
        part["measures"] = [r.measure]
    elif g.kind == "exclusive":
        part.update(measures=list(r.group), at_most=int(r.at_most))
    elif g.kind == "requires":
        part.update(measure=r.measure, on=list(r.prerequisites), lag=_number(r.lag_years))
    elif g.kind == "theme":
        part.update(theme=r.theme, min_count=_number(r.min_count), max_count=_number(r.max_count),
                    min_spend=_number(r.min_spend), max_spend=_number(r.max_spend))
    elif g.kind == "synergy":
        part["measures"] = [r.a, r.b]
    elif g.kind == "start_year":
        part.update(measure=r.measure, years=[int(y) for y in r.years])
    elif g.kind == "ambition":
        part.update(ambition=r.ambition, sense=r.sense, level=_number(r.level), year=_number(r.year), hard=r.hard)
    elif g.kind == "goal":
        part.update(priority=_number(r.priority), level=_number(r.cap))
    return part


def conflict_parts(problem: PortfolioProblem, model: LinearModel, iis: list[RuleGroup]) -> list[dict]:
    """The phrases of the explanation as data, in order (each a dict with ``kind``):

    - ``"mandatory_cap"``: the mandatory ``measures`` need at least ``amount`` of a budget line
      ``cap`` (:func:`_cap`); ``running`` when the line is a running-cost cap; ``digits``, the
      decimals of millions needed to tell the two amounts apart;
    - ``"cap"``: a budget line ``cap`` on its own (no mandatory measure in the conflict);
    - ``"mandatory"``: the mandatory ``measures`` when no budget line is involved;
    - ``"rule"``: any other rule (see :func:`rule_part`).
    """
    mand = [g for g in iis if g.kind == "mandatory"]
    money_rows = [g for g in iis if g.kind in ("budget", "payer", "running")]
    others = [g for g in iis if g not in mand and g not in money_rows]
    cols = np.array([problem.index[g.rule.measure] for g in mand], dtype=np.int64)
    measures = [g.rule.measure for g in mand]
    parts: list[dict] = []
    for g in money_rows:
        cap = _cap(g)
        if cols.size:
            forced = _forced_amount(model, g, cols, problem)
            amount = g.detail.get("amount", np.nan)
            digits = 1 if money(forced) != money(amount) else 3
            parts.append({"kind": "mandatory_cap", "measures": measures, "amount": _number(forced),
                          "running": g.kind == "running", "digits": digits, "cap": cap})
        else:
            parts.append({"kind": "cap", "cap": cap})
    if mand and not money_rows:
        parts.append({"kind": "mandatory", "measures": measures})
    parts += [rule_part(g) for g in others]
    return parts


def _money(amount: Any, digits: int = 1) -> str:
    return money(np.nan if amount is None else amount, digits)


def _cap_text(cap: dict, digits: int = 1) -> str:
    amount = _money(cap["amount"], digits)
    kind = cap["kind"]
    if kind == "budget_total":
        return f"the total budget is {amount}"
    if kind == "budget_cumulative":
        return f"the budget up to {cap['year']} (with carry-over) is {amount}"
    if kind == "budget_year":
        return f"budget {cap['year']} is {amount}"
    if kind == "payer":
        return f"{cap['payer']} brings in {amount}"
    return f"the running-cost cap {cap['year']} is {amount}"


def _phrase(part: dict) -> str:
    kind = part["kind"]
    if kind == "mandatory_cap":
        names, many, digits = join_words(part["measures"]), len(part["measures"]) > 1, part["digits"]
        verb = ("have running costs of" if many else "has running costs of") if part["running"] else \
            ("cost" if many else "costs")
        return f"mandatory {names} {verb} {_money(part['amount'], digits)}, {_cap_text(part['cap'], digits)}"
    if kind == "cap":
        text = _cap_text(part["cap"])
        return text[0].upper() + text[1:]
    if kind == "mandatory":
        return f"mandatory {join_words(part['measures'])}"
    return part["label"]


def _once(origins) -> tuple[str, ...]:
    """The non-empty origins, each once, in order."""
    return tuple(dict.fromkeys(o for o in origins if o))


def _sentence(parts: list[dict], origins: list[str]) -> str:
    where = ", ".join(_once(origins))
    return ("no portfolio satisfies these rules together: " + "; ".join(_phrase(p) for p in parts)
            + (f" ({where})" if where else ""))


def explain(problem: PortfolioProblem, model: LinearModel, iis: list[RuleGroup]) -> str:
    """A sentence per conflict: mandatory measures against each budget line, then the other rules,
    then where the rules are written, each origin once."""
    return _sentence(conflict_parts(problem, model, iis), [g.origin for g in iis])
