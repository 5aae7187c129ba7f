"""Labelled results: rankings as Series, and a frame from every result object."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from mkba.stages.scoring import Scores, kendall_matrix
from mkba.mcda import rank


def _scores(values: np.ndarray, measures: list[str], labels: list[str]) -> Scores:
    ranks = rank(values, higher_is_better=True)
    return Scores(method="wsm", params={}, higher_is_better=True, labels=tuple(labels), measures=tuple(measures),
                  values=values, ranks=ranks, kendall=kendall_matrix(ranks))


def test_ranking_is_a_series_of_competition_ranks_in_order() -> None:
    s = _scores(np.array([[0.2, 0.9, 0.9, 0.1], [0.5, 0.4, 0.3, 0.6]]), ["a", "b", "c", "d"], ["huurders", "group"])
    r = s.ranking("huurders")
    assert isinstance(r, pd.Series) and r.name == "huurders" and r.index.name == "measure"
    assert list(r.index) == ["b", "c", "a", "d"] and list(r) == [1, 1, 3, 4]  # a tie shares the best rank
    assert list(s.ranking().index) == s.order() == ["d", "a", "b", "c"]
    with pytest.raises(KeyError, match="no ranking for 'tenants'; the rankings are huurders, group"):
        s.ranking("tenants")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 4), min_size=1, max_size=9))
def test_ranking_agrees_with_the_frame(points: list[int]) -> None:
    """The Series holds the frame's rank of each measure, sorted by rank, ties in longlist order."""
    measures = [f"M{i}" for i in range(len(points))]
    s = _scores(np.array([points], dtype=float), measures, ["group"])
    frame = s.to_frame().loc["group"]
    r = s.ranking()
    assert r.to_dict() == frame["rank"].to_dict()
    assert list(r) == sorted(r)
    for k in range(len(r) - 1):
        if r.iloc[k] == r.iloc[k + 1]:
            assert measures.index(r.index[k]) < measures.index(r.index[k + 1])


@pytest.fixture(scope="module")
def small_run():
    """A small scenario built in code with a budget and a choice of start years, run with its sensitivity."""
    import mkba

    measures = pd.DataFrame({
        "id": ["M1", "M2", "M3", "M4"], "name": ["Isolatie", "Warmtenet", "Schoolplein", "Buurthuis"],
        "theme": ["energie", "energie", "leefbaarheid", "leefbaarheid"], "start_year": [2026, 2027, 2026, 2026],
        "start_years": ["2026;2027;2028", None, None, None],
        "investment": [2.0e6, 5.0e6, 0.3e6, 1.5e6], "running_cost": [1e4, 5e4, 2e3, 3e4], "lifetime": [30, 40, 20, 25],
        "payer": ["corporatie:1", "gemeente:0.5;corporatie:0.5", "gemeente:1", "gemeente:1"],
        "co2": [150, 400, 0, 10], "leefbaarheid": [0.2, 0.1, 0.8, 0.6],
    }).set_index("id")
    criteria = [{"id": "co2", "name": "CO2", "direction": "benefit", "shadow_price": 160},
                {"id": "leefbaarheid", "name": "Leefbaarheid", "direction": "benefit"}]
    weights = pd.DataFrame({"npv": [0.6, 0.3], "leefbaarheid": [0.4, 0.7]}, index=["corporatie", "gemeente"])
    scenario = mkba.scenario({"name": "Wijk", "appraisal": {"price_year": 2025, "start_year": 2026, "horizon": 30},
                              "budget": {"total": 4.0e6}, "sensitivity": {"samples": 300}},
                             criteria=criteria, measures=measures, weights=weights)
    return mkba.run(scenario)


def test_portfolio_result_frame_is_per_measure_at_the_chosen_start_year(small_run) -> None:
    result = small_run.portfolio
    frame = result.to_frame()
    assert list(frame.index) == ["M1", "M2", "M3", "M4"] and frame.index.name == "measure"
    assert list(frame.columns) == ["selected", "start_year", "greedy", "pv_costs", "value"]
    assert set(frame.index[frame["selected"]]) == set(result.portfolio.selected)
    starts = result.portfolio.start_years
    for mid in frame.index:
        assert frame.loc[mid, "pv_costs"] == pytest.approx(result.pv_cost([mid], starts))
    chosen = frame[frame["selected"]]
    assert chosen["value"].sum() == pytest.approx(result.portfolio.objective)
    assert chosen["pv_costs"].sum() == pytest.approx(result.to_dict()["cost"])


def test_robustness_frame_is_what_results_json_holds(small_run) -> None:
    robustness = small_run.sensitivity.robustness
    frame = robustness.to_frame()
    data = robustness.to_dict()
    assert list(frame.index) == list(data["core_index"]) == ["M1", "M2", "M3", "M4"]
    assert frame["core_index"].to_dict() == pytest.approx(data["core_index"])
    assert frame["class"].to_dict() == data["classes"]
    assert set(frame["class"]) <= {"core", "borderline", "exterior"}
    assert ((frame["core_index"] >= 0) & (frame["core_index"] <= 1)).all()
    assert small_run.sensitivity.to_frames()["core_index.csv"].equals(frame)


def test_package_frame_is_the_package_per_measure(small_run) -> None:
    result = small_run.portfolio
    frame = result.package.to_frame()
    totals = result.package.to_dict()["totals"]
    assert list(frame.index) == list(result.portfolio.selected)
    assert list(frame.columns[:2]) == ["start_year", "investment"]
    planned = {m.id: m.start_year for m in small_run.scenario.measures}
    assert frame["start_year"].to_dict() == {m: result.portfolio.start_years.get(m, planned[m]) for m in frame.index}
    assert frame["investment"].sum() == pytest.approx(totals["investment"])
    assert frame["npv"].sum() == pytest.approx(totals["npv"])
    assert frame["pv_costs"].sum() == pytest.approx(result.to_frame().loc[frame.index, "pv_costs"].sum())


def test_roadmap_frame_spends_what_the_payers_spend(small_run) -> None:
    roadmap = small_run.roadmap
    frame = roadmap.to_frame()
    assert list(frame.index) == [t.id for t in roadmap.tasks] and frame.index.name == "measure"
    years = [str(y) for y in roadmap.years]
    assert list(frame.columns) == ["name", "theme", "start", "end", "in_use", *years]
    paid = np.sum(list(roadmap.spend_per_payer.values()), axis=0)
    assert frame[years].sum().to_numpy() == pytest.approx(paid)
