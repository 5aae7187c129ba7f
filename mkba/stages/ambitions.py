"""The ambitions stage: the scenario's shared ambitions as portfolio targets, and what the package reaches.

:func:`mkba.stages.targets.ambition_rules` turns each target of each :class:`~mkba.model.SharedAmbition` into a
:class:`~mkba.portfolio.TargetRule` (the sum of its criteria's most likely effects over the chosen
measures in use in the target's year; a measure is in use from the year after its last investment
for its lifetime, moved with a chosen start year), pointing at the target's line in the scenario.
:func:`assess` says per ambition what the chosen package reaches per year and per target, met or
not with the gap, what holding it costs (:func:`mkba.portfolio.ambitions.ambition_cost`) and, when
the hard ambitions cannot all be met, the closest package and its shortfall per ambition.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from .. import portfolio as pf
from ..model import FrozenMap, Measure, Scenario, SharedAmbition
from ..portfolio.ambitions import AmbitionCost, ambition_cost, closest_package, selection_totals
from ..portfolio.goals import shortfall
from ..sensitivity import sampling
from .selection import PortfolioResult
from .targets import contribution

__all__ = ["path", "AmbitionStatus", "Ambitions", "assess", "met_share", "sampled_effects", "SENSE_WORDS"]

#: The comparison of a target in results.json and ambitions.csv.
SENSE_WORDS = {">=": "at_least", "<=": "at_most", "=": "equals"}


def path(scenario: Scenario, ambition: SharedAmbition, selected: Any, start_years: Any,
         years: tuple[int, ...]) -> tuple[float, ...]:
    """The ambition's total per year for a selection: the chosen measures in use that year, summed."""
    chosen = set(selected)
    starts = dict(start_years)
    totals = []
    for y in years:
        total = 0.0
        for m in scenario.measures:
            if m.id not in chosen:
                continue
            first = m.first_year_of_use + starts.get(m.id, m.start_year) - m.start_year
            if first <= y < first + m.lifetime:
                total += contribution(m, ambition)
        totals.append(total + 0.0)
    return tuple(totals)


@dataclass(frozen=True)
class AmbitionStatus:
    """One ambition against a package: per target what it reaches and the gap; its yearly path; its cost."""

    ambition: SharedAmbition
    reached: tuple[float, ...]
    gaps: tuple[float, ...]
    years: tuple[int, ...]
    planned: tuple[float, ...]
    cost: AmbitionCost | None = None
    robustness: float | None = None

    @property
    def met(self) -> bool:
        return all(g == 0 for g in self.gaps)

    def to_dict(self) -> dict:
        a = self.ambition
        return {
            "id": a.id, "name": a.name, "theme": a.theme, "criteria": list(a.criteria), "unit": a.unit,
            "kind": "hard" if a.hard else "soft", "weight": a.weight, "priority": a.priority,
            "definitions": dict(a.definitions), "description": a.description,
            "targets": [{"sense": SENSE_WORDS[t.sense], "level": t.level, "year": t.year, "reached": r, "gap": g,
                         "met": g == 0, "line": t.line} for t, r, g in zip(a.targets, self.reached, self.gaps)],
            "met": self.met, "years": list(self.years), "planned": list(self.planned),
            "realised": {str(y): v for y, v in a.realised.items()},
            "cost": self.cost.to_dict() if self.cost is not None else None,
            "robustness": self.robustness,
        }


@dataclass(frozen=True)
class Ambitions:
    """Every ambition against the package: ``package`` is ``"chosen"`` (the proposal), ``"closest"`` (no
    package meets the hard ambitions: the one that misses them least) or ``"none"``."""

    items: tuple[AmbitionStatus, ...]
    package: str
    selected: tuple[str, ...] = ()
    start_years: FrozenMap = field(default_factory=FrozenMap)
    conflict: tuple[str, ...] = ()
    """When ``package`` is "closest": the origins of the conflicting ambitions and budgets."""

    @property
    def met(self) -> tuple[str, ...]:
        return tuple(s.ambition.id for s in self.items if s.met)

    @property
    def not_met(self) -> tuple[str, ...]:
        return tuple(s.ambition.id for s in self.items if not s.met)

    def to_dict(self) -> dict:
        return {"package": self.package, "selected": list(self.selected), "start_years": dict(self.start_years),
                "met": list(self.met), "not_met": list(self.not_met), "conflict": list(self.conflict),
                "items": [s.to_dict() for s in self.items]}


def _years(scenario: Scenario, selected: Any, start_years: Any) -> tuple[int, ...]:
    """From the appraisal's first year to the last target year or first year of use, whichever is later."""
    first = scenario.appraisal.start_year
    chosen = set(selected)
    starts = dict(start_years)
    ends = [t.year for a in scenario.ambitions for t in a.targets if t.year is not None]
    ends += [m.first_year_of_use + starts.get(m.id, m.start_year) - m.start_year for m in scenario.measures
             if m.id in chosen]
    ends += [y for a in scenario.ambitions for y in a.realised]
    last = min(max(ends + [first]), first + scenario.appraisal.horizon - 1)
    return tuple(range(first, last + 1))


def _gap(rule: pf.TargetRule, total: float) -> float:
    """How far the total misses the target (0 when met within the tolerance; else the full distance)."""
    if shortfall(rule, total) == 0:
        return 0.0
    return abs(rule.level - total)


def _statuses(scenario: Scenario, problem: pf.PortfolioProblem, selected: Any, start_years: Any,
              costs: dict[str, AmbitionCost]) -> tuple[AmbitionStatus, ...]:
    totals = selection_totals(problem, selected, start_years)
    years = _years(scenario, selected, start_years)
    out = []
    for a in scenario.ambitions:
        mine = [(r, t) for r, t in totals if r.ambition == a.id]
        out.append(AmbitionStatus(a, tuple(t for _, t in mine), tuple(_gap(r, t) for r, t in mine), years,
                                  path(scenario, a, selected, start_years, years), costs.get(a.id)))
    return tuple(out)


def assess(scenario: Scenario, result: PortfolioResult | None, *, solver: str | None = None,
           cost: bool = True, samples: int = 0, seed: int | None = None) -> Ambitions | None:
    """Every ambition against the chosen package (or, when none meets the hard ones, the closest).

    None when the scenario has no ambitions or no portfolio. ``cost``: also re-solve per ambition
    for what it costs (three solves each, :func:`mkba.portfolio.ambitions.ambition_cost`).
    ``samples`` > 0: draw that many effect matrices (the scenario's low|most likely|high, its
    effects distribution, ``seed``) and give each ambition the share in which the package still
    meets it (:func:`met_share`).
    """
    if not scenario.ambitions or result is None:
        return None
    problem, chosen = result.problem, result.portfolio
    last = scenario.appraisal.start_year + scenario.appraisal.horizon - 1
    if chosen.has_solution:
        costs = {a.id: ambition_cost(problem, chosen, a.id, last_year=last, solver=solver,
                                     time_limit=result.time_limit) for a in scenario.ambitions} if cost else {}
        items = _statuses(scenario, problem, chosen.selected, chosen.start_years, costs)
        if samples > 0:
            shares = met_share(scenario, chosen.selected, chosen.start_years,
                               *sampled_effects(scenario, samples, scenario.seed if seed is None else seed))
            items = tuple(replace(i, robustness=shares.get(i.ambition.id)) for i in items)
        return Ambitions(items, "chosen", chosen.selected, FrozenMap(chosen.start_years))
    conflict = chosen.diagnosis.where if chosen.diagnosis is not None else ()
    if chosen.status != "infeasible" or not any(a.hard for a in scenario.ambitions):
        return Ambitions(_statuses(scenario, problem, (), {}, {}), "none", conflict=conflict)
    near = closest_package(problem, solver=solver, time_limit=result.time_limit)
    if not near.has_solution:
        return Ambitions(_statuses(scenario, problem, (), {}, {}), "none", conflict=conflict)
    return Ambitions(_statuses(scenario, problem, near.selected, near.start_years, {}), "closest", near.selected,
                     FrozenMap(near.start_years), conflict)


def sampled_effects(scenario: Scenario, samples: int, seed: int) -> tuple[np.ndarray, tuple[str, ...]]:
    """(K, measures, criteria) effects of the ambitions' criteria drawn from each measure's low|most likely|high
    (:func:`mkba.sensitivity.sampling.effects`, the scenario's distribution), and those criteria."""
    criteria = tuple(dict.fromkeys(c for a in scenario.ambitions for c in a.criteria))
    cells = [[m.effects.get(c) for c in criteria] for m in scenario.measures]
    low, mode, high = (np.array([[0.0 if e is None else (getattr(e, k) if getattr(e, k) is not None else e.value)
                                  for e in row] for row in cells]) for k in ("low", "value", "high"))
    draw = sampling.effects(low, mode, high, samples, seed, dist=scenario.sensitivity.effects_distribution)
    return draw.array(), criteria


def met_share(scenario: Scenario, selected: Any, start_years: Any, effects: np.ndarray,
              criteria: tuple[str, ...]) -> dict[str, float]:
    """Per ambition, the share of sampled effect matrices ``effects`` (K, n, m over ``criteria``) in which
    the package still meets every target of it (the robustness of "ambition met")."""
    col = {c: k for k, c in enumerate(criteria)}
    row = {m.id: i for i, m in enumerate(scenario.measures)}
    chosen = set(selected)
    starts = dict(start_years)
    out = {}
    for a in scenario.ambitions:
        ok = np.ones(effects.shape[0], bool)
        cols = [col[c] for c in a.criteria if c in col]
        if len(cols) != len(a.criteria):
            continue
        for t in a.targets:
            total = np.zeros(effects.shape[0])
            for m in scenario.measures:
                first = m.first_year_of_use + starts.get(m.id, m.start_year) - m.start_year
                if m.id in chosen and (t.year is None or first <= t.year < first + m.lifetime):
                    total += effects[:, row[m.id], cols].sum(axis=1)
            tol = 1e-9 * max(1.0, abs(t.level))
            if t.sense in (">=", "="):
                ok &= total >= t.level - tol
            if t.sense in ("<=", "="):
                ok &= total <= t.level + tol
        out[a.id] = float(ok.mean()) if ok.size else math.nan
    return out
