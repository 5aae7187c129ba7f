"""The roadmap (schedule, spend per payer against the yearly budgets) and monitoring, checked
against independent sums over the scenario's own measures."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from mkba.pipeline import run as run_scenario
from mkba.portfolio import spend_per_year

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def kraaihoek():
    return run_scenario(ROOT / "scenarios" / "kraaihoek" / "scenario.yaml", sensitivity=False)


def test_schedule_is_the_portfolio_with_its_start_years(kraaihoek):
    p, plan, scenario = kraaihoek.portfolio.portfolio, kraaihoek.roadmap, kraaihoek.scenario
    assert sorted(t.id for t in plan.tasks) == sorted(p.selected)
    measures = {m.id: m for m in scenario.measures}
    for t in plan.tasks:
        m = measures[t.id]
        shift = p.start_years.get(t.id, m.start_year) - m.start_year
        assert dict(t.spend) == {y + shift: a for y, a in m.investment.items() if a}
        assert (t.start, t.end, t.in_use) == (min(m.investment) + shift, max(m.investment) + shift,
                                               m.first_year_of_use + shift)
    assert set(p.start_years) <= {t.id for t in plan.tasks} and p.start_years  # kraaihoek shifts M11 and M18
    themes = [t.theme for t in plan.tasks]
    assert themes == sorted(themes, key=[m.theme for m in scenario.measures].index)  # grouped by theme


def test_spend_per_payer_adds_up_and_fits_the_yearly_budgets(kraaihoek):
    plan, scenario, port = kraaihoek.roadmap, kraaihoek.scenario, kraaihoek.portfolio
    chosen = [m for m in scenario.measures if m.id in port.portfolio.selected]
    for payer, row in plan.spend_per_payer.items():
        for y, amount in zip(plan.years, row):
            expected = sum(t.spend.get(y, 0.0) * dict(t.payers).get(payer, 0.0) for t in plan.tasks)
            assert amount == pytest.approx(expected, abs=1e-6)
    assert float(np.sum(list(plan.spend_per_payer.values()))) == pytest.approx(sum(m.total_investment for m in chosen))
    net = dict(zip(port.problem.years, spend_per_year(port.problem, port.portfolio.selected, port.portfolio.start_years)))
    assert np.allclose(plan.total_per_year, [net[y] for y in plan.years])
    budget = scenario.portfolio.budget
    assert budget.carry_over
    cumulative_spend = np.cumsum(plan.total_per_year)
    cumulative_budget = np.cumsum([budget.per_year.get(y, 0.0) for y in plan.years])
    assert np.all(cumulative_spend <= cumulative_budget + 1e-6)
    assert list(plan.budget[:4]) == [budget.per_year[y] for y in plan.years[:4]]


def test_with_carry_over_each_year_may_spend_what_earlier_years_left():
    """Landlust spends more in 2029 than that year's own budget, legitimately: unspent money from
    earlier years carries over. The roadmap says what each year may spend, and the report shows it."""
    from mkba.writers import to_json
    from mkba.report import render

    run = run_scenario(ROOT / "scenarios" / "landlust-westerkwartier" / "scenario.yaml", sensitivity=False)
    plan, problem = run.roadmap, run.portfolio.problem
    assert plan.carry_over
    spent = dict(zip(problem.years, spend_per_year(problem, run.portfolio.portfolio.selected,
                                                   run.portfolio.portfolio.start_years)))
    budget = dict(zip(problem.years, problem.budget_per_year))
    for y, may in zip(plan.years, plan.available):  # independent: budgets so far less spend before
        expected = sum(budget[t] for t in problem.years if t <= y) - sum(spent.get(t, 0.0) for t in problem.years if t < y)
        assert may == (pytest.approx(expected) if np.isfinite(expected) else None)
    total = dict(zip(plan.years, plan.total_per_year))
    over = [y for y in plan.years if plan.budget[plan.years.index(y)] is not None
            and total[y] > plan.budget[plan.years.index(y)] + 1e-6]
    assert over  # a year above its own budget ...
    assert all(total[y] <= (plan.available[plan.years.index(y)] or np.inf) + 1e-6 for y in plan.years)  # never above what it may spend
    import json

    data = json.loads(to_json(run.to_dict()))
    assert data["roadmap"]["carry_over"] is True
    md = render(data, "md", lang="en").decode()
    assert "Available incl. carry-over" in md


def test_synergy_savings_are_shown_and_deducted(tmp_path):
    shutil.copytree(ROOT / "scenarios" / "wijkaanpak-aardgasvrij", tmp_path / "w")
    path = tmp_path / "w" / "scenario.yaml"
    text = path.read_text(encoding="utf-8")
    anchor = "  - {synergy: [A03a, A07], cost_saving: 600000}"
    path.write_text(text.replace(anchor, anchor + "\n  - {mandatory: A03a}\n  - {mandatory: A07}"), encoding="utf-8")
    result = run_scenario(path, sensitivity=False)
    plan = result.roadmap
    assert {"A03a", "A07"} <= set(result.portfolio.portfolio.selected)
    assert sum(plan.savings) == pytest.approx(600_000)
    gross = np.sum(list(plan.spend_per_payer.values()), axis=0)
    assert np.allclose(gross - np.array(plan.savings), plan.total_per_year)


def test_monitoring_plan_follows_the_chosen_measures(kraaihoek):
    scenario, plan = kraaihoek.scenario, kraaihoek.roadmap
    co2, homes = kraaihoek.monitoring
    measures = {m.id: m for m in scenario.measures}
    for y, planned in zip(co2.years, co2.planned):
        in_use = [t for t in plan.tasks if t.in_use <= y < t.in_use + measures[t.id].lifetime]
        assert planned == pytest.approx(sum(measures[t.id].effects["co2"].value for t in in_use))
    assert co2.years[0] == 2026 and co2.years[-1] == max(t.in_use for t in plan.tasks)
    assert co2.realised[0] == 0 and all(r is None for r in co2.realised[1:])
    assert co2.unit == "t CO2/jaar"
    assert homes.years == (2026, 2027, 2028, 2029, 2030) and homes.planned[-1] == 600 and homes.realised[0] == 32
