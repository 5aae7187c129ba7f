"""The writers' side of the results format: blocks built from the domain model (the stages build
theirs in their ``to_dict``; :meth:`mkba.pipeline.Run.to_dict` assembles :class:`.types.Results`)."""

from __future__ import annotations

from typing import Literal, cast

from ..model import Scenario
from .types import ScenarioAppraisal, ScenarioBlock, ScenarioCriterion, ScenarioMeasure, ScenarioStakeholder

__all__ = ["scenario_block"]


def scenario_block(scenario: Scenario) -> ScenarioBlock:
    """The ``scenario`` block of a :class:`~mkba.model.Scenario`."""
    s = scenario
    block = ScenarioBlock(
        name=s.name, description=s.description, language=cast(Literal["nl", "en"], s.language), group=s.group,
        appraisal=ScenarioAppraisal(price_year=s.appraisal.price_year, start_year=s.appraisal.start_year,
                                    horizon=s.appraisal.horizon, discount=s.appraisal.discount),
        criteria=[ScenarioCriterion(id=c.id, name=c.name, unit=c.unit, theme=c.theme, shadow_price=c.shadow_price,
                                    direction=cast(Literal["benefit", "cost"], c.direction), receivers=dict(c.receivers))
                  for c in s.criteria],
        stakeholders=[ScenarioStakeholder(id=h.id, name=h.name, influence=h.influence,
                                          elicitation=h.elicitation.kind, survey=dict(h.survey))
                      for h in s.stakeholders],
        measures=[ScenarioMeasure(id=m.id, name=m.name, theme=m.theme, start_year=m.start_year,
                                  investment={str(y): a for y, a in m.investment.items()},
                                  running_cost=m.running_cost, lifetime=m.lifetime, payers=dict(m.payers))
                  for m in s.measures],
        warnings=[w.to_dict() for w in s.warnings])
    if s.fields:  # only then: a scenario without them writes the same bytes as before
        block["fields"] = list(s.fields)
        for m, row in zip(s.measures, block["measures"]):
            row["fields"] = dict(m.fields)
    for c, entry in zip(s.criteria, block["criteria"]):
        if c.scale:  # only then, as fields
            entry["scale"] = dict(c.scale)
    for m, row in zip(s.measures, block["measures"]):
        gaps = [cid for cid, e in m.effects.items() if e.missing]
        if gaps:  # only then, as fields
            row["missing"] = gaps
    return block
