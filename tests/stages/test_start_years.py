"""Start years are appraised (issue 17 item 1): a measure started k years later has its costs and
benefits shifted k years and discounted from there (its years of use cut at the horizon), each start
option of the portfolio carries that value, and the optimum over start years equals enumeration."""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import mkba
from mkba import portfolio as pf
from mkba.model import Budget, Effect, FrozenMap, PortfolioSettings
from mkba.stages.appraisal import appraise, appraise_package, start_year_options
from mkba.stages.matrix import build as decision_matrix
from mkba.stages.selection import build_problem, objective_values, problem_from_scenario, start_option_values

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "data" / "mini" / "scenario.yaml"
KRAAIHOEK = ROOT / "scenarios" / "kraaihoek" / "scenario.yaml"


def geometric(r: float, first: int, last: int) -> float:
    """Σ_{t=first..last} (1+r)^-t by the closed form (0 when last < first)."""
    if last < first:
        return 0.0
    v = 1 / (1 + r)
    return (v ** first - v ** (last + 1)) / (1 - v)


def closed_form_npv(r: float, horizon: int, t_invest: int, invest: float, net: float, lifetime: int) -> float:
    """One investment in year t_invest, then ``net`` a year for ``lifetime`` years, cut at the horizon."""
    pv_invest = invest * (1 + r) ** -t_invest if t_invest < horizon else 0.0
    return net * geometric(r, t_invest + 1, min(t_invest + lifetime, horizon - 1)) - pv_invest


def test_a_deferred_measure_is_discounted_from_its_start_year():
    """M1 of the mini scenario: 1000 in its start year, then 2 t CO2 x EUR 100 - 10 running for 5 years, 3 %,
    horizon 2026-2035. Started in 2031 its last use year (2036) falls outside the horizon and is cut."""
    scenario = mkba.read_scenario(MINI)
    years = (2026, 2027, 2029, 2031)
    m1 = dataclasses.replace(scenario.measures[0], start_years=years)
    scenario = dataclasses.replace(scenario, measures=(m1,) + scenario.measures[1:])
    options = start_year_options(scenario)
    assert list(options) == ["M1"]
    for k, y in enumerate(years):
        t = y - 2026
        expected = closed_form_npv(0.03, 10, t, 1000.0, 190.0, 5)
        assert options["M1"].npv[k] == pytest.approx(expected, rel=1e-12)
        pv_costs = 1000 * 1.03 ** -t + 10 * geometric(0.03, t + 1, min(t + 5, 9))
        assert options["M1"].pv_costs[k] == pytest.approx(pv_costs, rel=1e-12)
    # the planned start is the appraisal's own row
    assert options["M1"].npv[0] == pytest.approx(appraise(scenario).npv[0], rel=1e-12)


def _with_budget(scenario, objective: str, total: float, per_year: dict[int, float] | None = None):
    return dataclasses.replace(scenario, portfolio=PortfolioSettings(
        budget=Budget(total=total, per_year=FrozenMap(per_year or {})), objective=objective))


def test_mavt_start_values_replace_only_the_npv_column_on_the_base_anchors():
    scenario = mkba.read_scenario(MINI)
    m1 = dataclasses.replace(scenario.measures[0], start_years=(2026, 2028))
    scenario = _with_budget(dataclasses.replace(scenario, measures=(m1,) + scenario.measures[1:]), "value+npv", 1e6)
    a = appraise(scenario)
    matrix = decision_matrix(scenario, a)
    w = np.array([0.4, 0.3, 0.2, 0.1])[: len(matrix.criteria)]
    values = objective_values(scenario, matrix, w, "value+npv")
    options = start_option_values(scenario, matrix, w, "value+npv")
    npv = start_year_options(scenario)["M1"].npv
    scale = np.abs(matrix.values[:, 0]).max()
    wn = w / w.sum()
    assert options["M1"][0] == pytest.approx(values[0], rel=1e-12)
    assert options["M1"][1] == pytest.approx(values[0] + wn[0] * (npv[1] - npv[0]) / scale, rel=1e-12)
    problem = build_problem(scenario, a, matrix, values, objective="value+npv", weights=w)
    np.testing.assert_array_equal(problem.values, values)  # no other measure's value moves
    choice = next(r for r in problem.rules if isinstance(r, pf.StartYearChoice))
    assert choice.values == pytest.approx(options["M1"])
    # the PM-only objective: PM scores do not discount, every start has the measure's own value
    pm_only = start_option_values(scenario, matrix, w, "value")
    assert pm_only["M1"] == pytest.approx((objective_values(scenario, matrix, w, "value")[0],) * 2)
    with pytest.raises(ValueError, match="weight row"):
        start_option_values(scenario, matrix, None, "value+npv")


@st.composite
def small_problems(draw):
    """2-4 measures of the mini scenario's shape (one investment, CO2 benefits, running cost), each with some
    allowed start years, yearly and total budgets."""
    n = draw(st.integers(2, 4))
    base = mkba.read_scenario(MINI)
    template = base.measures[0]
    measures = []
    for i in range(n):
        start = draw(st.sampled_from((2026, 2027, 2028)))
        others = draw(st.lists(st.sampled_from((2026, 2027, 2028, 2029, 2031)), max_size=3, unique=True))
        years = tuple(sorted(set(others) | {start}))
        measures.append(dataclasses.replace(
            template, id=f"X{i}", name=f"X{i}", start_year=start,
            investment=FrozenMap({start: float(draw(st.integers(1, 20)) * 100)}),
            running_cost=float(draw(st.integers(0, 5)) * 10), lifetime=draw(st.integers(1, 12)),
            effects=FrozenMap({**template.effects, "co2": Effect(float(draw(st.integers(-2, 6))))}),
            start_years=years if len(years) > 1 else (), payers=FrozenMap({"municipality": 1.0}), row=i + 2))
    per_year = {y: float(draw(st.integers(0, 30)) * 100) for y in draw(
        st.lists(st.sampled_from(range(2026, 2032)), max_size=4, unique=True))}
    total = float(draw(st.integers(1, 60)) * 100)
    # one party with direct weights: the swing weights of the mini scenario need a spread of NPVs
    return _with_budget(dataclasses.replace(
        base, measures=tuple(measures), stakeholders=base.stakeholders[:1],
        criteria=tuple(dataclasses.replace(c, receivers=FrozenMap()) for c in base.criteria)),
                        "npv", total, per_year)


@settings(max_examples=40, deadline=None)
@given(small_problems())
def test_the_optimum_over_start_years_equals_enumeration(scenario):
    """Every subset with every combination of start years, valued and checked by hand (closed-form NPVs,
    spend per calendar year against the budgets): the solver's optimum is the best of them."""
    problem = problem_from_scenario(scenario, objective="npv")
    chosen = pf.select(problem, solver="highs")
    budget = scenario.portfolio.budget
    best = None
    options = []
    for m in scenario.measures:
        starts = m.start_years or (m.start_year,)
        options.append([None] + list(starts))
    for combo in itertools.product(*options):
        spend: dict[int, float] = {}
        value = 0.0
        for m, y in zip(scenario.measures, combo):
            if y is None:
                continue
            (amount,) = m.investment.values()
            if y - 2026 < 10:
                spend[y] = spend.get(y, 0.0) + amount
            net = m.effects["co2"].value * 100 - m.running_cost
            value += closed_form_npv(0.03, 10, y - 2026, amount, net, m.lifetime)
        if sum(spend.values()) > budget.total + 1e-6:
            continue
        if any(spend.get(y, 0.0) > cap + 1e-6 for y, cap in budget.per_year.items()):
            continue
        best = value if best is None else max(best, value)
    assert chosen.status == "optimal"
    assert chosen.objective == pytest.approx(best, rel=1e-7, abs=1e-6)
    # the portfolio's value is its measures' NPVs at the chosen start years (what the package table shows)
    package = appraise_package(scenario, chosen.selected, chosen.start_years)
    assert package.appraisal.npv.sum() == pytest.approx(best, rel=1e-7, abs=1e-6)


def test_kraaihoek_package_costs_follow_the_chosen_start_year():
    """M11 (1,2 mln in its start year, no running cost) is deferred to 2029: its PV cost is 1,2 mln discounted
    three years at the 2026 set's 2,8 %, in the package table, in portfolio.cost and in portfolio.csv."""
    run = mkba.run(KRAAIHOEK, sensitivity=False)
    data = run.portfolio.to_dict()
    assert data["start_years"]["M11"] == 2029
    row = next(r for r in data["package"]["measures"] if r["measure"] == "M11")
    assert row["pv_costs"] == pytest.approx(1_200_000 / 1.028 ** 3, rel=1e-12)
    assert data["cost"] == pytest.approx(data["package"]["totals"]["pv_costs"], rel=1e-12)
    choice = next(r for r in run.portfolio.problem.rules if isinstance(r, pf.StartYearChoice) and r.measure == "M11")
    assert choice.values is not None and len(set(choice.values)) == len(choice.years)  # deferring has a price
