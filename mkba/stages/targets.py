"""The scenario's shared ambitions as portfolio targets (:class:`~mkba.portfolio.TargetRule`), for the problem.

Kept apart from :mod:`mkba.stages.ambitions` (which reads the chosen package) so that
:func:`mkba.stages.selection.build_problem` can add the targets without an import cycle.
"""

from __future__ import annotations

from .. import portfolio as pf
from ..model import Measure, Scenario, SharedAmbition

__all__ = ["ambition_rules", "contribution"]


def contribution(m: Measure, ambition: SharedAmbition) -> float:
    """What measure ``m`` adds to the ambition in every year of use: its criteria's most likely effects, summed."""
    return float(sum(m.effects[c].value for c in ambition.criteria if c in m.effects))


def _scale(ambition: SharedAmbition, level: float, amounts: list[float]) -> float:
    """The unit a shortfall is measured in for goal programming: the target's level, or when that is 0
    the largest single contribution (so a shortfall of one measure's worth counts 1)."""
    if level:
        return abs(level)
    big = max((abs(a) for a in amounts), default=0.0)
    return big if big > 0 else 1.0


def ambition_rules(scenario: Scenario) -> tuple[pf.TargetRule, ...]:
    """One :class:`~mkba.portfolio.TargetRule` per target of every ambition of the scenario."""
    out = []
    for a in scenario.ambitions:
        contributions = [(m.id, contribution(m, a), m.first_year_of_use - m.start_year, m.lifetime)
                         for m in scenario.measures]
        contributions = [c for c in contributions if c[1]]
        for t in a.targets:
            when = f" in {t.year}" if t.year is not None else ""
            out.append(pf.TargetRule(
                a.id, tuple(contributions), t.sense, t.level, t.year, hard=a.hard, weight=a.weight,
                priority=a.priority, scale=_scale(a, t.level, [c[1] for c in contributions]),
                origin=f"{scenario.source}, line {t.line}" if t.line else scenario.source,
                label=f"ambition {a.id}{when} {t.sense} {t.level:g}" + ("" if a.hard else " (goal)")))
    return tuple(out)
