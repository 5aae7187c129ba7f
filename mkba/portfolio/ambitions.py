"""Shared ambitions as goals: settle the soft goals, the closest package, and what an ambition costs.

Soft targets are met by lexicographic goal programming (Jones & Tamiz 2010, *Practical Goal
Programming*, ch. 2-3): per priority level (1 first; targets without a priority last) one MIP
minimises the level's weighted relative shortfall under every rule and the levels before it;
:func:`settle_goals` records each optimum as a :class:`~mkba.portfolio.rules.ShortfallCap`, so
every later solve (the package, the frontier, the parties' packages, "why not" and the
sensitivity re-optimisations) maximises value while keeping the goals as close as the money
allows. With weights and no priorities it is one level: the weighted sum of shortfalls.

When the hard targets cannot all be met, :func:`closest_package` softens them into a first
priority level: the package that misses them least (in relative shortfall), with what it misses.
:func:`ambition_cost` re-solves without an ambition (the value it costs), finds the least
investment that reaches it (the total budget at which it becomes reachable) and moves its target
years one year later (what a year of delay is worth).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from .backends import HAS_SOLUTION, check_solver
from .evaluate import as_mask
from .formulation import build_model
from .goals import chosen_starts, shortfall, target_totals
from .problem import PortfolioProblem
from .rules import ShortfallCap, TargetRule
from .select import Portfolio, select, solve_checked
from .text import jsonable

__all__ = ["goal_levels", "settle_goals", "soften", "closest_package", "weighted_shortfall", "AmbitionCost",
           "ambition_cost", "released", "least_investment", "delayed", "selection_totals", "GOAL_ORIGIN"]

#: Origin of a shortfall cap :func:`settle_goals` adds when its goals name none (else: where they are written).
GOAL_ORIGIN = "ambitions (goal programming)"


def goal_levels(problem: PortfolioProblem) -> list[int | None]:
    """The priority levels of the soft targets, in the order they are met (numbers up, None last)."""
    found = {r.priority for r in problem.rules if isinstance(r, TargetRule) and not r.hard}
    return sorted(p for p in found if p is not None) + ([None] if None in found else [])


def weighted_shortfall(problem: PortfolioProblem, mask: np.ndarray, starts: dict[int, int],
                       level: int | None) -> float:
    """:math:`\\sum_g w_g s_g / \\text{scale}_g` over the soft targets of ``level`` for a selection."""
    totals = target_totals(problem, mask, chosen_starts(problem, starts))
    return float(sum(r.weight / r.scale * shortfall(r, t) for _, r, t in totals
                     if not r.hard and r.priority == level))


def _base(problem: PortfolioProblem) -> PortfolioProblem:
    return replace(problem, rules=tuple(r for r in problem.rules if not isinstance(r, ShortfallCap)))


def settle_goals(problem: PortfolioProblem, *, solver: str | None = None,
                 time_limit: float | None = None) -> PortfolioProblem:
    """The problem with one :class:`ShortfallCap` per goal level (any caps it had are replaced).

    Without soft targets it is returned as it is. When the hard rules admit no package, the
    problem is returned without caps: :func:`~mkba.portfolio.select.select` then says so and
    names the conflicting rules and budgets.
    """
    levels = goal_levels(problem)
    if not levels:
        return problem
    name = check_solver(solver)
    base = _base(problem)
    caps: list[ShortfallCap] = []
    for level in levels:
        prob = replace(base, rules=base.rules + tuple(caps))
        model = build_model(prob)
        c = np.zeros(model.A.shape[1])
        for g in model.groups:
            if g.kind == "ambition" and not g.rule.hard and g.rule.priority == level:
                c[np.concatenate([g.detail["under"], g.detail["over"]])] = -g.rule.weight / g.rule.scale
        raw, _ = solve_checked(prob, replace(model, c=c), solver=name, gap=1e-9, time_limit=time_limit)
        if raw.status not in HAS_SOLUTION or raw.x is None:
            return base
        chosen, starts = model.decode(raw.x)
        least = weighted_shortfall(prob, chosen, starts, level)
        what = "the goals" if level is None else f"the goals of priority {level}"
        where = "; ".join(dict.fromkeys(r.origin for r in prob.rules if isinstance(r, TargetRule) and not r.hard
                                        and r.priority == level and r.origin)) or GOAL_ORIGIN
        caps.append(ShortfallCap(level, least, where, f"{what} keep their least weighted shortfall ({least:.4g})"))
    return replace(base, rules=base.rules + tuple(caps))


def soften(problem: PortfolioProblem) -> PortfolioProblem:
    """The hard targets as goals of a first priority level (weight 1), before every soft one."""
    given = [r.priority for r in problem.rules if isinstance(r, TargetRule) and not r.hard and r.priority is not None]
    first = min(given, default=1) - 1
    rules = tuple(replace(r, hard=False, priority=first, weight=1.0) if isinstance(r, TargetRule) and r.hard else r
                  for r in _base(problem).rules)
    return replace(problem, rules=rules)


def closest_package(problem: PortfolioProblem, *, solver: str | None = None,
                    time_limit: float | None = None) -> Portfolio:
    """When the hard targets cannot all be met: the package that misses them least, then the soft goals,
    then the most value (:func:`soften`, :func:`settle_goals`, :func:`~mkba.portfolio.select.select`)."""
    soft = settle_goals(soften(problem), solver=solver, time_limit=time_limit)
    return select(soft, solver=solver, time_limit=time_limit, greedy=False)


def delayed(problem: PortfolioProblem, ambition: str, years: int = 1, last: int | None = None) -> PortfolioProblem:
    """The problem with ``ambition``'s dated targets ``years`` later (a year past ``last`` is left as it is)."""
    def move(r: Any) -> Any:
        if isinstance(r, TargetRule) and r.ambition == ambition and r.year is not None:
            if last is None or r.year + years <= last:
                return replace(r, year=r.year + years)
        return r
    return replace(problem, rules=tuple(move(r) for r in _base(problem).rules))


@dataclass(frozen=True)
class AmbitionCost:
    """What holding one ambition costs: value given up, the least investment that reaches it, a year's delay.

    ``value_without`` is the best objective without the ambition, the other goals held at what the
    package reaches (:func:`released`; NaN when that has no package); ``cost_value`` = value_without -
    value (>= 0 up to the solver's gap: what the package gives up to hold it). ``min_investment`` is the least total investment of a package that meets the
    ambition's targets and every other rule and yearly or payer budget (None when no package does):
    the total budget at which it becomes reachable. ``delay_value`` is the objective with its dated
    targets one year later minus the objective now (what a year of delay would gain in value, i.e.
    what keeping the year costs); None when no target is dated or a year later is past the horizon.
    """

    ambition: str
    value: float
    value_without: float
    min_investment: float | None
    delay_value: float | None
    delay_spend: float | None

    @property
    def cost_value(self) -> float:
        return self.value_without - self.value

    def to_dict(self) -> dict:
        return {"ambition": self.ambition, "value": jsonable(self.value), "value_without": jsonable(self.value_without),
                "cost_value": jsonable(self.cost_value), "min_investment": jsonable(self.min_investment),
                "delay_value": jsonable(self.delay_value), "delay_spend": jsonable(self.delay_spend)}


def least_investment(problem: PortfolioProblem, ambition: str, *, solver: str | None = None,
                     time_limit: float | None = None) -> float | None:
    """The least total investment of a package meeting ``ambition``'s targets (made hard) and every
    other rule and yearly or payer budget, the total budget lifted; None when no package meets it.
    Other ambitions' targets are left out: this is the ambition's own price."""
    rules = tuple((replace(r, hard=True) if isinstance(r, TargetRule) else r) for r in _base(problem).rules
                  if not isinstance(r, TargetRule) or r.ambition == ambition)
    prob = replace(problem, rules=rules, budget_total=math.inf)
    model = build_model(prob)
    c = -np.asarray(model.spend.sum(axis=0)).ravel()
    raw, _ = solve_checked(prob, replace(model, c=c), solver=check_solver(solver), gap=1e-9, time_limit=time_limit)
    if raw.status not in HAS_SOLUTION or raw.x is None:
        return None
    return float((model.spend @ raw.x).sum())


def _objective(problem: PortfolioProblem, solver: str | None, time_limit: float | None) -> tuple[float, float]:
    p = select(problem, solver=solver, time_limit=time_limit, greedy=False, diagnose=False)
    return (p.objective, p.spend) if p.has_solution else (math.nan, math.nan)


def released(problem: PortfolioProblem, chosen: Portfolio, ambition: str) -> PortfolioProblem:
    """The problem without ``ambition``'s targets, every other goal held at what ``chosen`` reaches.

    Each shortfall cap loses the share the ambition's own shortfall took of it in ``chosen``, so
    ``chosen`` still meets the result: a relaxation, whose best value is at least ``chosen``'s.
    (Dropping a soft goal and settling the others again may favour them at a lower value; that
    compares two different plans, not the price of this ambition.)
    """
    mask = as_mask(problem, chosen.selected)
    starts = {problem.index[m]: int(y) for m, y in chosen.start_years.items()}
    own: dict[int | None, float] = {}
    for _, r, t in target_totals(problem, mask, chosen_starts(problem, starts)):
        if r.ambition == ambition and not r.hard:
            own[r.priority] = own.get(r.priority, 0.0) + r.weight / r.scale * shortfall(r, t)
    rules = tuple(replace(r, cap=max(r.cap - own.get(r.priority, 0.0), 0.0)) if isinstance(r, ShortfallCap) else r
                  for r in problem.rules if not (isinstance(r, TargetRule) and r.ambition == ambition))
    return replace(problem, rules=rules)


def ambition_cost(problem: PortfolioProblem, chosen: Portfolio, ambition: str, *, last_year: int | None = None,
                  solver: str | None = None, time_limit: float | None = None) -> AmbitionCost:
    """:class:`AmbitionCost` of ``ambition`` for the package ``chosen`` of ``problem`` (goals settled).

    Without it: :func:`released` (>= the package's value). A year's delay, for a hard ambition with
    dated targets: the same problem with those targets a year later (also a relaxation when the
    ambition's total does not fall over time). A soft ambition has no delay cost: it binds nothing.
    """
    without, _ = _objective(released(problem, chosen, ambition), solver, time_limit)
    mine = [r for r in problem.rules if isinstance(r, TargetRule) and r.ambition == ambition]
    delay_value = delay_spend = None
    later = delayed(problem, ambition, 1, last_year)
    moved = [r for r in later.rules if isinstance(r, TargetRule) and r.ambition == ambition]
    if mine and all(r.hard for r in mine) and moved != mine:
        caps = tuple(r for r in problem.rules if isinstance(r, ShortfallCap))
        value, spend = _objective(replace(later, rules=later.rules + caps), solver, time_limit)
        if math.isfinite(value):
            delay_value, delay_spend = value - chosen.objective, spend - chosen.spend
    return AmbitionCost(ambition, chosen.objective, without,
                        least_investment(problem, ambition, solver=solver, time_limit=time_limit),
                        delay_value, delay_spend)


def selection_totals(problem: PortfolioProblem, selected: Any, start_years: Any) -> list[tuple[TargetRule, float]]:
    """(target, total reached) for every target of the problem, for a selection with its start years."""
    mask = as_mask(problem, selected)
    starts = {problem.index[m]: int(y) for m, y in dict(start_years).items()}
    return [(r, t) for _, r, t in target_totals(problem, mask, chosen_starts(problem, starts))]
