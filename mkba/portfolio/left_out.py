"""Why is a highly ranked measure not in the portfolio? Ask the model: solve again with it forced in.

A steering group sees a measure high in the group's ranking and not in the package, and asks why.
The answer is the model's, not a rule of thumb: the problem is solved again with one extra rule,
"this measure is mandatory" (:func:`left_out`).

- Infeasible: no package with it keeps the rules. The reason is ``"rule"`` and the binding parts
  are the diagnosis of the forced problem (:func:`mkba.portfolio.diagnose.diagnose`): an exclusive
  group whose other variant is mandatory, a forbidden rule, a budget line the mandatory measures
  and it exceed together. The forced measure itself is taken out of the parts (it is the question):
  a budget line it exceeds with mandatory measures becomes a ``"cap"`` part with ``amount`` = what
  they need together, followed by a ``"mandatory"`` part naming the other mandatory measures.
- Feasible: the best package with it is worth ``value_lost`` less; ``dropped`` are the chosen
  measures that must go, ``added`` those that come in beside it. What keeps each dropped measure
  out of the forced optimum is what adding it back would break
  (:func:`mkba.portfolio.breaks.broken_parts`). When that includes a budget line, the reason is
  ``"budget"``; the binding parts are those lines (``amount`` = what the forced package with the
  dropped measure back would need, ``measures`` = that dropped measure; of the yearly budgets only
  the first year it breaks), any rule it would break and the lines the forced optimum uses up.
  Otherwise ``"value"``: it fits, but is worth less in the objective than what it displaces (e.g.
  the other variant of an exclusive group, which is then the binding part), or nothing had to go
  and it adds less than nothing.

At most ``limit`` re-solves, each within ``time_limit`` seconds; a re-solve that ends without an
answer (time limit without a solution) is left out of the result.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Sequence

from .backends import HAS_SOLUTION
from .breaks import binding_caps, broken_parts
from .formulation import LinearModel, build_model
from .problem import PortfolioProblem
from .rules import Mandatory
from .select import Portfolio, select

__all__ = ["LeftOut", "left_out", "top_not_chosen", "FORCED_ORIGIN"]

FORCED_ORIGIN = "forced in: why is it left out?"
"""The origin of the extra mandatory rule of a forced re-solve."""


@dataclass(frozen=True)
class LeftOut:
    """The model's answer for one measure left out of the portfolio."""

    measure: str
    reason: str
    """``"rule"``, ``"budget"`` or ``"value"`` (module docstring)."""
    status: str
    """Solver status of the forced re-solve."""
    objective: float
    """Best value with the measure forced in (NaN when infeasible)."""
    value_lost: float
    """The portfolio's value minus ``objective`` (>= 0; NaN when infeasible)."""
    dropped: tuple[str, ...]
    added: tuple[str, ...]
    binding: tuple[dict, ...]
    """The rules or budget lines that keep it out, as diagnosis parts."""

    def to_dict(self) -> dict:
        def num(x: float) -> float | None:
            return float(x) if math.isfinite(x) else None

        return {"measure": self.measure, "reason": self.reason,
                "forced": {"status": self.status, "objective": num(self.objective), "value_lost": num(self.value_lost),
                           "dropped": list(self.dropped), "added": list(self.added)},
                "binding": [dict(b) for b in self.binding]}


def top_not_chosen(ranking: Sequence[str], selected: Sequence[str], *, least: int = 5, limit: int = 15) -> list[str]:
    """The measures in the top ``max(least, len(selected))`` of ``ranking`` (at most ``limit`` places) that
    are not in ``selected``, in rank order."""
    chosen = set(selected)
    top = min(max(least, len(chosen)), limit)
    return [m for m in ranking[:top] if m not in chosen]


def _without_forced(parts: Sequence[dict], measure: str) -> list[dict]:
    """Diagnosis parts of a forced problem phrased around the forced measure (it is the question, not a
    mandatory measure): a ``"mandatory_cap"`` part with it becomes a ``"cap"`` part whose ``amount`` the
    ``measures`` need together, plus a ``"mandatory"`` part for the truly mandatory ones among them; a
    ``"mandatory"`` part loses it."""
    out: list[dict] = []
    for p in parts:
        if p["kind"] in ("mandatory_cap", "mandatory") and measure in p["measures"]:
            others = [m for m in p["measures"] if m != measure]
            if p["kind"] == "mandatory_cap":
                out.append({"kind": "cap", "cap": p["cap"], "amount": p["amount"], "measures": list(p["measures"])})
            if others:
                out.append({"kind": "mandatory", "measures": others})
        else:
            out.append(dict(p))
    return out


def _once(parts: Sequence[dict]) -> list[dict]:
    """Each part once, budget lines first, in order of appearance."""
    unique: list[dict] = []
    for p in sorted(parts, key=lambda p: p["kind"] != "cap"):
        if p not in unique:
            unique.append(p)
    return unique


def _blocking(problem: PortfolioProblem, model: LinearModel, portfolio: Portfolio, forced: Portfolio,
              dropped: Sequence[str]) -> list[dict]:
    """What each dropped measure breaks when added back to the forced optimum (at its start year now)."""
    parts: list[dict] = []
    for m in dropped:
        starts = dict(forced.start_years)
        if m in portfolio.start_years:
            starts[m] = portfolio.start_years[m]
        years = False
        for p in broken_parts(problem, (*forced.selected, m), starts, model=model):
            if p["kind"] == "cap" and p["cap"]["kind"] in ("budget_year", "budget_cumulative"):
                if years:  # the first year it breaks says it; the later (carried-over) years follow from it
                    continue
                years = True
            parts.append({**p, "measures": [m]} if p["kind"] == "cap" else p)
    return parts


def _answer(problem: PortfolioProblem, model: LinearModel, portfolio: Portfolio, measure: str,
            forced: Portfolio) -> LeftOut | None:
    if forced.status == "infeasible":
        parts = forced.diagnosis.parts if forced.diagnosis is not None else ()
        return LeftOut(measure, "rule", forced.status, math.nan, math.nan, (), (),
                       tuple(_once(_without_forced(parts, measure))))
    if forced.status not in HAS_SOLUTION:
        return None
    now, then = set(portfolio.selected), set(forced.selected)
    dropped = tuple(m for m in portfolio.selected if m not in then)
    added = tuple(m for m in forced.selected if m not in now and m != measure)
    lost = max(0.0, float(portfolio.objective - forced.objective))
    blocking = _once(_blocking(problem, model, portfolio, forced, dropped)
                     + binding_caps(problem, forced.selected, forced.start_years, model=model))
    reason = "budget" if dropped and any(p["kind"] == "cap" for p in blocking) else "value"
    return LeftOut(measure, reason, forced.status, float(forced.objective), lost, dropped, added, tuple(blocking))


def left_out(problem: PortfolioProblem, portfolio: Portfolio, measures: Sequence[str], *, solver: str | None = None,
             time_limit: float | None = None, limit: int = 15) -> tuple[LeftOut, ...]:
    """For each of ``measures`` (not in the portfolio; the first ``limit``), the model's answer to "why not?":
    the problem solved again with it forced in (module docstring)."""
    if not portfolio.has_solution:
        return ()
    model = build_model(problem)
    out = []
    for measure in [m for m in measures if m not in set(portfolio.selected)][:limit]:
        rule = Mandatory(measure, FORCED_ORIGIN, f"{measure} forced in")
        forced = select(replace(problem, rules=problem.rules + (rule,)), solver=solver, time_limit=time_limit,
                        greedy=False)
        answer = _answer(problem, model, portfolio, measure, forced)
        if answer is not None:
            out.append(answer)
    return tuple(out)
