"""Hypothesis strategies that build valid :class:`mkba.model.Scenario` objects in memory.

Used by mkba's own property tests and available to tools built on mkba. Needs ``hypothesis``
(a test extra).
"""

import numpy as np
from hypothesis import strategies as st

from ..model import (AHPJudgements, AppraisalSettings, Criterion, DirectWeights, Effect, FrozenMap, Measure, MethodSpec, RankOrder, Scenario, Stakeholder, SwingWeights, Transfer)

__all__ = ["scenarios"]

_money = st.floats(0, 5e6, allow_nan=False, allow_infinity=False)


def _shares(draw, actors: list[str]) -> FrozenMap:
    chosen = draw(st.lists(st.sampled_from(actors), min_size=1, max_size=len(actors), unique=True))
    raw = np.array(draw(st.lists(st.integers(1, 10), min_size=len(chosen), max_size=len(chosen))), dtype=float)
    return FrozenMap(dict(zip(chosen, raw / raw.sum())))


def _elicitation(draw, ids: tuple[str, ...]):
    kind = draw(st.sampled_from(["direct", "ranking", "ahp", "swing"]))
    m = len(ids)
    if kind == "direct":
        w = draw(st.lists(st.floats(0, 1), min_size=m, max_size=m).filter(lambda v: sum(v) > 1e-3))
        return DirectWeights(FrozenMap(dict(zip(ids, w))))
    if kind == "ranking":
        order = draw(st.permutations(ids))
        return RankOrder(tuple((c,) for c in order))
    if kind == "ahp":
        w = np.array(draw(st.lists(st.floats(0.1, 1), min_size=m, max_size=m)))
        matrix = tuple(tuple(float(w[i] / w[j]) for j in range(m)) for i in range(m))
        return AHPJudgements(ids, matrix)
    points = draw(st.lists(st.floats(1, 100), min_size=m, max_size=m))
    return SwingWeights(FrozenMap(dict(zip(ids, points))), FrozenMap())


@st.composite
def scenarios(draw, *, max_measures: int = 8, method: str = "topsis") -> Scenario:
    """A small valid scenario: 2-4 criteria (some monetised), 1-4 stakeholders, 2..max measures."""
    start, horizon = 2026, draw(st.integers(5, 40))
    n_crit = draw(st.integers(2, 4))
    monetised = draw(st.lists(st.booleans(), min_size=n_crit, max_size=n_crit))
    monetised[0] = False  # at least one PM criterion besides the NPV
    criteria = tuple(
        Criterion(id=f"c{k}", name=f"C{k}", direction=draw(st.sampled_from(["benefit", "cost"])),
                  shadow_price=draw(st.floats(1, 500)) if monetised[k] else None)
        for k in range(n_crit))
    stakeholder_ids = [f"s{k}" for k in range(draw(st.integers(1, 4)))]
    matrix_ids = ("npv",) + tuple(c.id for c in criteria if not c.monetised)
    stakeholders = tuple(
        Stakeholder(sid, sid.upper(), draw(st.floats(0.5, 3)), _elicitation(draw, matrix_ids))
        for sid in stakeholder_ids)
    actors = stakeholder_ids + ["society"]
    measures = []
    for i in range(draw(st.integers(2, max_measures))):
        first = draw(st.integers(start, start + horizon - 1))
        years = draw(st.lists(st.integers(first, start + horizon - 1), max_size=3, unique=True))
        transfers: tuple[Transfer, ...] = ()
        if len(actors) > 1 and draw(st.booleans()):
            a, b = draw(st.permutations(actors))[:2]
            transfers = (Transfer(a, b, draw(_money)),)
        measures.append(Measure(
            id=f"M{i:02d}", name=f"Measure {i}", theme="t", start_year=first,
            investment=FrozenMap({y: draw(_money) for y in sorted(years)}), running_cost=draw(_money),
            lifetime=draw(st.integers(1, 60)), payers=_shares(draw, stakeholder_ids),
            effects=FrozenMap({c.id: Effect(draw(st.floats(-100, 100))) for c in criteria}),
            transfers=transfers))
    return Scenario(
        name="generated", appraisal=AppraisalSettings(2025, start, horizon,
                                                      draw(st.sampled_from(["nl-2021", "nl-2026", "uk-green-book"]))),
        method=MethodSpec(method), criteria=criteria, stakeholders=stakeholders, measures=tuple(measures),
        group="mean", input_hash="0" * 64, source="generated.yaml")
