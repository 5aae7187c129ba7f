"""The bundled example scenarios/kraaihoek: it validates, runs, and its documented findings hold.

The findings are those written in scenarios/kraaihoek/README.md section 3; if the data change
so that they no longer hold, the README must change with them.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import mkba
from mkba.cli import main

KRAAIHOEK = Path(__file__).resolve().parents[2] / "scenarios" / "kraaihoek" / "scenario.yaml"


@pytest.fixture(scope="module")
def run():
    return mkba.run(KRAAIHOEK)


def test_validates_cleanly():
    scenario, issues = mkba.check_scenario(KRAAIHOEK)
    assert scenario is not None and issues == []
    assert len(scenario.measures) == 27 and len(scenario.criteria) == 8 and len(scenario.pm_criteria) == 5
    assert len(scenario.stakeholders) == 6
    kinds = {s.elicitation.kind for s in scenario.stakeholders}
    assert kinds == {"direct", "ranking", "ahp", "swing"}


def top(run, label, k):
    return run.scores.order(label)[:k]


def test_tenants_put_cheap_energy_first_and_heat_networks_and_demolition_last(run):
    n = len(run.scores.measures)
    assert set(top(run, "huurders", 3)) == {"M04", "M01", "M02"}
    bottom = run.scores.order("huurders")[n - 5:]
    assert {"M05a", "M05b", "M09"} <= set(bottom)


def test_school_board_ranks_school_variants_first(run):
    assert set(top(run, "scholen", 2)) == {"M15a", "M15b"}
    n = len(run.scores.measures)
    for party in ("corporatie", "gemeente", "zorg", "warmtebedrijf"):
        ranking = run.scores.order(party)
        assert min(ranking.index("M15a"), ranking.index("M15b")) >= n - n // 3 - 1, party


def test_heat_company_ranks_heat_networks_in_its_top_three(run):
    assert {"M05a", "M05b"} <= set(top(run, "warmtebedrijf", 3))


def test_group_top_three_as_documented(run):
    assert top(run, "group", 3) == ["M12", "M04", "M18"]


def test_tenants_weights_are_rank_order_centroid(run):
    """huurders: woonlasten > leefbaarheid > (woonkwaliteit = hinder) > onderwijs > npv (ROC, n = 6)."""
    w = run.weights
    row = dict(zip(w.criteria, w.values[w.stakeholders.index("huurders")]))
    roc = [sum(1 / i for i in range(k, 7)) / 6 for k in range(1, 7)]
    assert row["woonlasten"] == pytest.approx(roc[0])
    assert row["leefbaarheid"] == pytest.approx(roc[1])
    assert row["woonkwaliteit"] == pytest.approx((roc[2] + roc[3]) / 2) == pytest.approx(row["hinder"])
    assert row["npv"] == pytest.approx(roc[5])


def test_transfers_sum_to_zero_and_rows_to_totals(run):
    frame = run.appraisal.distribution_frame(measures=False)
    assert frame.loc["transfers", "total"] == pytest.approx(0, abs=1e-6)
    assert frame["total"].sum() == pytest.approx(run.appraisal.npv.sum())


@pytest.mark.slow
def test_cli_run_twice_gives_identical_bytes(tmp_path):
    for name in ("a", "b"):
        assert main(["run", str(KRAAIHOEK), "--out", str(tmp_path / name), "--quiet"]) == 0
    for f in sorted((tmp_path / "a").iterdir()):
        assert f.read_bytes() == (tmp_path / "b" / f.name).read_bytes(), f.name
    assert np.isfinite(mkba.run(KRAAIHOEK).scores.values).all()


def test_portfolio_respects_every_rule_and_beats_greedy_as_documented(run):
    """README section 7: the optimum, the start years it shifts, and what greedy loses."""
    from mkba import portfolio as pf

    result, problem = run.portfolio.portfolio, run.portfolio.problem
    assert result.status == "optimal"
    assert pf.check_feasible(problem, result.selected, result.start_years) == []
    assert pf.check_feasible(problem, result.greedy.selected, result.greedy.start_years) == []
    assert set(result.selected) == {"M04", "M06", "M07", "M11", "M12", "M13", "M14", "M15a", "M16", "M18", "M25"}
    assert result.spend == pytest.approx(10.61e6)
    assert dict(result.start_years) == {"M11": 2029, "M18": 2029}
    assert result.greedy.share_lost == pytest.approx(0.09, abs=0.005)
    assert not {"M05a", "M05b", "M08"} & set(result.selected)


def test_yearly_and_party_budgets_bind_not_the_total(run):
    from dataclasses import replace

    from mkba import portfolio as pf

    problem = run.portfolio.problem
    optimum = run.portfolio.portfolio.objective
    assert pf.select(replace(problem, budget_total=np.inf)).objective == pytest.approx(optimum)
    free = replace(problem, budget_per_year=problem.budget_per_year * np.inf,
                   payer_budgets=problem.payer_budgets * np.inf)
    assert pf.select(free).objective == pytest.approx(1.241, abs=0.001)


def test_frontier_rises_to_the_optimum_and_compromise_gives_each_party_85_percent(run):
    curve = run.portfolio.frontier
    assert curve.exact and np.all(np.diff(curve.values) > 0) and np.all(np.diff(curve.spend) > 0)
    assert curve.spend[0] == pytest.approx(3.56e6) and curve.spend[-1] == pytest.approx(10.61e6)
    assert curve.values[-1] == pytest.approx(run.portfolio.portfolio.objective)
    assert len(curve.budgets) == 31
    assert run.portfolio.stakeholders.min_share >= 0.85


def test_portfolio_core_and_borderline_as_documented(run):
    robust = run.sensitivity.robustness
    core = {m for m, c in robust.classes.items() if c == "core"}
    assert core == {"M04", "M14", "M15a", "M16", "M25"}  # in all 14 non-dominated portfolios (exact enumeration)
    assert robust.nondominated_complete and len(robust.front) == 14
    rpm = dict(zip(robust.ids, robust.rpm_core_index))
    assert all(robust.classes[m] == "borderline" and 0.8 < rpm[m] < 1 for m in ("M06", "M12", "M13"))
    assert robust.base_share == pytest.approx(0.735, abs=0.01)
    index = dict(zip(robust.ids, robust.core_index))
    assert index["M07"] > 0.95 and 0.85 < index["M11"] < 0.95 and 0.85 < index["M18"] < 0.95
    assert index["M05a"] == index["M05b"] == 0.0
    cost = next(b for b in run.sensitivity.tornado if b.input == "investment costs")
    assert cost.portfolio[1] == pytest.approx(0.80, abs=0.01)
