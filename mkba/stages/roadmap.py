"""The implementation roadmap: the chosen portfolio over the years, and the ambitions it is monitored on.

The schedule is the portfolio's own (start years chosen so the yearly budgets fit, see
:mod:`mkba.portfolio`): each chosen measure is carried out in its investment years and is in use
from the year after, for its lifetime. Beneath it, the yearly spend per payer (each measure's
investment split by its payers' shares) adds up to what the portfolio counts against the yearly
budgets, less any synergy savings, which are shown as their own line.

Monitoring compares, per ambition, the plan (given, or the summed effect of the chosen measures in
use in each year) with the values realised so far. Every shared ambition of the scenario is
monitored too, by default: its plan is the chosen package's path, shown beside its targets, and an
ambition whose last realised value lags the plan is flagged with how far (and how far from the target).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..model import FrozenMap, Scenario, SharedAmbition
from ..portfolio import spend_per_year
from .targets import contribution

if TYPE_CHECKING:
    from .selection import PortfolioResult

__all__ = ["Task", "Roadmap", "Track", "schedule", "monitor"]


@dataclass(frozen=True)
class Task:
    """One chosen measure on the roadmap: carried out from ``start`` to ``end`` (its investment
    years), in use from ``in_use`` for ``lifetime`` years; ``spend`` is its investment per year."""

    id: str
    name: str
    theme: str
    start: int
    end: int
    in_use: int
    lifetime: int
    spend: FrozenMap
    payers: FrozenMap

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "theme": self.theme, "start": self.start, "end": self.end,
                "in_use": self.in_use, "lifetime": self.lifetime,
                "spend": {str(y): a for y, a in self.spend.items()}, "payers": dict(self.payers)}


@dataclass(frozen=True)
class Roadmap:
    r"""The schedule of the chosen measures, grouped by theme, and the money per year.

    ``spend_per_payer[p][t]`` is payer p's investment in ``years[t]``; ``savings[t]`` the synergy
    savings that year; ``budget[t]`` the yearly budget (None = no yearly limit). With
    ``carry_over`` unspent money moves on, so a year may spend more than its own budget:
    ``available[t]`` is what it may spend, :math:`\sum_{\tau \le t} B_\tau - \sum_{\tau < t} S_\tau`
    over every budget year of the portfolio (without carry-over, the yearly budget).
    """

    tasks: tuple[Task, ...]
    years: tuple[int, ...]
    spend_per_payer: FrozenMap
    savings: tuple[float, ...]
    budget: tuple[float | None, ...]
    carry_over: bool
    available: tuple[float | None, ...]

    @property
    def total_per_year(self) -> np.ndarray:
        """What counts against the yearly budgets: the payers' spend less the synergy savings."""
        gross = np.sum([v for v in self.spend_per_payer.values()], axis=0) if self.spend_per_payer else np.zeros(len(self.years))
        return gross - np.array(self.savings)

    def to_frame(self) -> pd.DataFrame:
        """One row per chosen measure (roadmap.csv): name, theme, the years it is carried out (start, end),
        the year it is in use from, and its spend in each year of the roadmap."""
        return pd.DataFrame([{"measure": t.id, "name": t.name, "theme": t.theme, "start": t.start, "end": t.end,
                              "in_use": t.in_use, **{str(y): t.spend.get(y, 0.0) for y in self.years}}
                             for t in self.tasks]).set_index("measure")

    def to_dict(self) -> dict:
        return {"tasks": [t.to_dict() for t in self.tasks], "years": list(self.years),
                "spend_per_payer": {p: list(v) for p, v in self.spend_per_payer.items()},
                "savings": list(self.savings), "total": [float(x) for x in self.total_per_year],
                "budget": list(self.budget), "carry_over": self.carry_over,
                "available": list(self.available)}


def schedule(scenario: Scenario, portfolio: PortfolioResult) -> Roadmap | None:
    """The roadmap of a :class:`~mkba.stages.selection.PortfolioResult` (None without a solution).

    Tasks are ordered by theme (in the order themes first appear on the longlist), then by start
    year and id. The years run from the first to the last investment year of the chosen measures.
    """
    p, problem = portfolio.portfolio, portfolio.problem
    if not p.has_solution or not p.selected:
        return None
    chosen = set(p.selected)
    themes = list(dict.fromkeys(m.theme for m in scenario.measures))
    tasks = []
    for m in scenario.measures:
        if m.id not in chosen:
            continue
        shift = p.start_years.get(m.id, m.start_year) - m.start_year
        spend = {y + shift: a for y, a in sorted(m.investment.items()) if a}
        spent = sorted(spend) or [m.start_year + shift]
        tasks.append(Task(m.id, m.name, m.theme, spent[0], spent[-1], m.first_year_of_use + shift, m.lifetime,
                          FrozenMap(spend), m.payers))
    tasks.sort(key=lambda t: (themes.index(t.theme), t.start, t.id))
    first = min(t.start for t in tasks)
    last = max(t.end for t in tasks)
    years = tuple(range(first, last + 1))
    payers = [a for a in scenario.actors if any(t.payers.get(a, 0.0) for t in tasks)]
    per_payer = {a: tuple(float(sum(t.spend.get(y, 0.0) * t.payers.get(a, 0.0) for t in tasks)) + 0.0 for y in years)
                 for a in payers}
    gross = np.array([sum(t.spend.get(y, 0.0) for t in tasks) for y in years])
    net = dict(zip(problem.years, spend_per_year(problem, p.selected, p.start_years)))
    savings = tuple(float(max(g - net.get(y, g), 0.0)) + 0.0 for y, g in zip(years, gross))
    budget = dict(zip(problem.years, problem.budget_per_year)) if problem.budget_per_year is not None else {}
    caps = tuple(float(budget[y]) if y in budget and np.isfinite(budget[y]) else None for y in years)
    carry = bool(problem.carry_over and budget)
    available = caps
    if carry:  # what each year may spend: every budget so far less what earlier years spent
        left = {}
        total = 0.0
        for y in problem.years:
            total += float(budget[y])
            left[y] = total
            total -= net.get(y, 0.0)
        available = tuple(float(left[y]) + 0.0 if y in left and np.isfinite(left[y]) else None for y in years)
    return Roadmap(tuple(tasks), years, FrozenMap(per_payer), savings, caps, carry, available)


@dataclass(frozen=True)
class Track:
    """One ambition over the years: planned and realised values (None where there is none)."""

    id: str
    name: str
    unit: str
    criterion: str | None
    years: tuple[int, ...]
    planned: tuple[float | None, ...]
    realised: tuple[float | None, ...]
    target: tuple[float | None, ...] = ()
    """For a shared ambition: its target level in each year that has one (None elsewhere); () otherwise."""
    sense: str | None = None
    """For a shared ambition: how its targets compare (">=", "<=" or "="; the first target's)."""

    @property
    def behind(self) -> tuple[float | None, ...]:
        """Per year with a realised value and a plan: how far the realised value lags the plan in the
        ambition's direction (> 0: behind; for "<=" a realised value above the plan is behind); None elsewhere."""
        if self.sense is None:
            return ()
        sign = -1.0 if self.sense == "<=" else 1.0
        return tuple(None if p is None or r is None else (sign * (p - r)) + 0.0
                     for p, r in zip(self.planned, self.realised))

    @property
    def last_behind(self) -> tuple[int, float, float | None] | None:
        """(year, how far behind the plan, how far from that year's target or None) of the last realised year,
        when it lags the plan; None when on plan, without realised values or for a plain monitoring line."""
        known = [(y, b, t, r) for y, b, t, r in zip(self.years, self.behind, self.target or (None,) * len(self.years),
                                                   self.realised) if b is not None]
        if not known or known[-1][1] <= 1e-9:
            return None
        y, b, t, r = known[-1]
        gap = None if t is None or r is None else abs(t - r)
        return y, b, gap

    def to_dict(self) -> dict:
        out: dict[str, Any] = {"id": self.id, "name": self.name, "unit": self.unit, "criterion": self.criterion,
               "years": list(self.years), "planned": list(self.planned), "realised": list(self.realised)}
        if self.sense is not None:  # a shared ambition: its targets and how far the realised values lag
            late = self.last_behind
            out.update(target=list(self.target), sense=self.sense, behind=list(self.behind),
                       flag=None if late is None else {"year": late[0], "behind": late[1], "target_gap": late[2]})
        return out


def monitor(scenario: Scenario, roadmap: Roadmap | None) -> tuple[Track, ...]:
    """Planned against realised for every ambition of the scenario.

    A plan derived from a criterion is, per year, the sum of the criterion's effect (its most
    likely value) over the chosen measures in use that year; without a chosen portfolio it is 0.
    The years run over every year planned or realised (for a derived plan: from the appraisal's
    first year until every chosen measure is in use), without gaps.
    """
    measures = {m.id: m for m in scenario.measures}
    tracks = []
    for a in scenario.monitoring:
        planned: dict[int, float] = dict(a.planned)
        if a.criterion is not None:
            tasks = roadmap.tasks if roadmap is not None else ()
            start = scenario.appraisal.start_year
            end = max([t.in_use for t in tasks] + list(a.realised) + [start])
            for y in range(start, end + 1):
                planned[y] = float(sum(measures[t.id].effects[a.criterion].value for t in tasks
                                       if t.in_use <= y < t.in_use + t.lifetime)) + 0.0
        span = list(planned) + list(a.realised)
        years = tuple(range(min(span), max(span) + 1)) if span else ()
        tracks.append(Track(a.id, a.name, a.unit, a.criterion, years, tuple(planned.get(y) for y in years),
                            tuple(a.realised.get(y) for y in years)))
    return tuple(tracks) + tuple(_ambition_track(scenario, a, roadmap) for a in scenario.ambitions)


def _ambition_track(scenario: Scenario, a: SharedAmbition, roadmap: Roadmap | None) -> Track:
    """A shared ambition over the years: the plan is the chosen package's total per year (its measures in
    use that year), beside the targets and the values realised so far."""
    tasks = roadmap.tasks if roadmap is not None else ()
    measures = {m.id: m for m in scenario.measures}
    start = scenario.appraisal.start_year
    dated = {t.year: t.level for t in a.targets if t.year is not None}
    end = max([t.in_use for t in tasks] + list(dated) + list(a.realised) + [start])
    years = tuple(range(start, end + 1))
    planned = tuple(float(sum(contribution(measures[t.id], a) for t in tasks if t.in_use <= y < t.in_use + t.lifetime))
                    + 0.0 for y in years)
    return Track(a.id, a.name, a.unit, "+".join(a.criteria), years, planned, tuple(a.realised.get(y) for y in years),
                 tuple(dated.get(y) for y in years), a.targets[0].sense)
