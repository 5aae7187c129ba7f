"""Effects over time (issue 17 item 3): a shadow-price path (growth or a table), ramp-up and growth of effects,
replacement investments and the residual value, each against a closed form computed here; and the located
errors of the scenario format for bad values.

The mini scenario (tests/data/mini): M1 invests 1000 in 2026, runs 10 a year, avoids 2 t CO2 a year at EUR 100
for 5 years; M2 invests 300 in 2027 and 200 in 2028 and lasts 20 years; 3 %, horizon 2026-2035 (t = 0..9).
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import mkba
from mkba.io.scenario import check_scenario
from mkba.model import Effect, FrozenMap
from mkba.report.decision import distribution_rows, mkba_table
from mkba.report.i18n import catalogue
from mkba.report.tables import appraisal_table
from mkba.results import check
from mkba.stages.appraisal import appraise, appraise_package, yearly_flows
from mkba.stages.matrix import build
from mkba.stages.sensitivity import sample_matrices

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "data" / "mini" / "scenario.yaml"
V = 1 / 1.03


def geometric(q: float, first: int, last: int) -> float:
    """Σ_{t=first..last} q^t by the closed form."""
    return (q ** first - q ** (last + 1)) / (1 - q)


def arith_geometric(q: float, first: int, last: int) -> float:
    """Σ_{t=first..last} t q^t by the closed form (derivative of the geometric series)."""
    def upto(n: int) -> float:  # Σ_{t=0..n} t q^t
        return q * (1 - (n + 1) * q ** n + n * q ** (n + 1)) / (1 - q) ** 2
    return upto(last) - upto(first - 1)


@pytest.fixture(scope="module")
def mini():
    return mkba.read_scenario(MINI)


def with_criterion(scenario, cid: str, **changes):
    return dataclasses.replace(scenario, criteria=tuple(dataclasses.replace(c, **changes) if c.id == cid else c
                                                        for c in scenario.criteria))


def with_measure(scenario, mid: str, **changes):
    return dataclasses.replace(scenario, measures=tuple(dataclasses.replace(m, **changes) if m.id == mid else m
                                                        for m in scenario.measures))


def pv_co2(appraisal, mid: str) -> float:
    return float(appraisal.benefits[appraisal.measures.index(mid), appraisal.monetised.index("co2")])


def test_price_growth_is_a_geometric_series(mini):
    g = 0.02
    a = appraise(with_criterion(mini, "co2", price_growth=g))
    # 2 t x 100 x (1 + g)^t in the years of use t = 1..5, discounted at 3 %
    assert pv_co2(a, "M1") == pytest.approx(200 * geometric((1 + g) * V, 1, 5), rel=1e-12)
    # running costs and investment are untouched
    base = appraise(mini)
    np.testing.assert_allclose(a.pv_costs, base.pv_costs, rtol=0, atol=0)


def test_a_price_table_is_linear_between_its_years_and_flat_outside(mini):
    # 100 in 2026 rising to 150 in 2031: 100 + 10 t for t <= 5, 150 after (flat); M1 is in use t = 1..5
    a = appraise(with_criterion(mini, "co2", price_path=FrozenMap({2026: 100.0, 2031: 150.0})))
    expected = 2 * (100 * geometric(V, 1, 5) + 10 * arith_geometric(V, 1, 5))
    assert pv_co2(a, "M1") == pytest.approx(expected, rel=1e-12)
    # M3 (CO2 1.5 t, in use t = 1..8) sees the flat 150 after 2031
    flat = 1.5 * (100 * geometric(V, 1, 5) + 10 * arith_geometric(V, 1, 5) + 150 * geometric(V, 6, 8))
    assert pv_co2(a, "M3") == pytest.approx(flat, rel=1e-12)


def test_ramp_up_is_linear_to_the_full_effect(mini):
    # R = 3: a third, two thirds, then the full 200 a year in years of use j = 1..5 (t = j)
    a = appraise(with_measure(mini, "M1", ramp_up=3))
    expected = 200 * (arith_geometric(V, 1, 3) / 3 + geometric(V, 4, 5))
    assert pv_co2(a, "M1") == pytest.approx(expected, rel=1e-12)


def test_effect_growth_over_the_years_of_use(mini):
    h = -0.05  # an effect that wears off 5 % a year
    a = appraise(with_measure(mini, "M1", effect_growth=h))
    # year of use j = t has (1 + h)^(j - 1)
    assert pv_co2(a, "M1") == pytest.approx(200 / (1 + h) * geometric((1 + h) * V, 1, 5), rel=1e-12)


def test_straight_line_residual_value_is_a_negative_cost_in_the_last_year(mini):
    scenario = dataclasses.replace(mini, appraisal=dataclasses.replace(mini.appraisal, residual_value="straight-line"))
    a, base = appraise(scenario), appraise(mini)
    i = a.measures.index("M2")
    # M2: 500 invested by 2028, in use 2029-2048, 13 of its 20 years after 2035: 500 x 13/20 in 2035 (t = 9)
    assert a.pv_residual[i] == pytest.approx(500 * 13 / 20 * V ** 9, rel=1e-12)
    assert a.pv_costs[i] == pytest.approx(base.pv_costs[i] - 500 * 13 / 20 * V ** 9, rel=1e-12)
    assert a.npv[i] == pytest.approx(base.npv[i] + 500 * 13 / 20 * V ** 9, rel=1e-12)
    # M1 (5 years, ends 2031) and M4 (no investment) have none
    assert a.pv_residual[a.measures.index("M1")] == 0 and a.pv_residual[a.measures.index("M4")] == 0
    # its own row everywhere: the appraisal rows and totals, the distribution (to the payers), the package
    assert a.to_frame().columns.tolist()[:4] == ["pv_investment", "pv_running_cost", "pv_residual", "pv_costs"]
    assert a.to_dict()["totals"]["pv_residual"] == pytest.approx(a.pv_residual.sum())
    dist = a.distribution_frame(measures=False)
    assert dist.loc["residual_value", "total"] == pytest.approx(a.pv_residual.sum(), rel=1e-12)
    assert dist.loc["residual_value", "municipality"] == pytest.approx(a.pv_residual[i], rel=1e-12)
    package = appraise_package(scenario, ["M2"], {}).to_dict()
    assert package["totals"]["pv_residual"] == pytest.approx(a.pv_residual[i], rel=1e-12)
    assert package["measures"][0]["pv_residual"] == pytest.approx(a.pv_residual[i], rel=1e-12)
    # the undiscounted flows carry it in the last year (the IRR sees it)
    flows = yearly_flows(scenario)
    assert flows.net[i, -1] == pytest.approx(yearly_flows(mini).net[i, -1] + 325.0, rel=1e-12)


def test_reinvest_repeats_the_investment_every_lifetime(mini):
    scenario = with_measure(mini, "M1", reinvest=True)
    a, flows = appraise(scenario), yearly_flows(scenario)
    i = a.measures.index("M1")
    # 1000 in 2026 and again in 2031 (2036 lies after the horizon); in use 2027-2035 (cut at the horizon)
    np.testing.assert_array_equal(np.nonzero(flows.investment[i])[0], [0, 5])
    assert a.pv_investment[i] == pytest.approx(1000 + 1000 * V ** 5, rel=1e-12)
    assert a.pv_running[i] == pytest.approx(10 * geometric(V, 1, 9), rel=1e-12)
    assert pv_co2(a, "M1") == pytest.approx(200 * geometric(V, 1, 9), rel=1e-12)
    # with the residual value: the 2031 installation is in use 2032-2036, one of its five years after 2035
    residual = dataclasses.replace(scenario, appraisal=dataclasses.replace(mini.appraisal,
                                                                           residual_value="straight-line"))
    assert appraise(residual).pv_residual[i] == pytest.approx(1000 / 5 * V ** 9, rel=1e-12)


def test_a_deferred_measure_keeps_its_ramp_and_meets_the_price_path_later(mini):
    scenario = with_measure(with_criterion(mini, "co2", price_growth=0.02), "M1", ramp_up=2, start_years=(2026, 2028))
    late = appraise(with_measure(scenario, "M1", start_year=2028, investment=FrozenMap({2028: 1000.0})))
    # in use t = 3..7: ramp 1/2 then full, price 100 x 1.02^t
    q = 1.02 * V
    expected = 200 * (0.5 * q ** 3 + geometric(q, 4, 7))
    assert pv_co2(late, "M1") == pytest.approx(expected, rel=1e-12)
    options = mkba.stages.appraisal.start_year_options(scenario)["M1"]
    assert options.at(2028)[0] == pytest.approx(late.npv[late.measures.index("M1")], rel=1e-12)


def test_without_the_new_fields_the_appraisal_takes_its_constant_path(mini):
    flows = yearly_flows(mini)
    assert flows.prices is None and flows.profile is None and flows.residual is None
    a = appraise(mini)
    assert a.unit_pv is None and a.pv_residual is None and "pv_residual" not in a.to_frame()
    assert "residual_value" not in a.items


# -- the scenario format ----------------------------------------------------------------------------------

def edit(folder: Path, yaml: dict[str, str] | None = None, csv: tuple[str, str] | None = None):
    """The mini scenario with text replaced in scenario.yaml (old -> new) and columns added to measures.csv
    (header, one cell per row joined by newlines)."""
    path = folder / "scenario.yaml"
    text = path.read_text()
    for old, new in (yaml or {}).items():
        assert old in text
        text = text.replace(old, new)
    path.write_text(text)
    if csv is not None:
        header, cells = csv
        table = folder / "measures.csv"
        lines = table.read_text().splitlines()
        values = cells.split("\n")
        lines = [lines[0] + "," + header] + [row + "," + v for row, v in zip(lines[1:], values)]
        table.write_text("\n".join(lines) + "\n")
    return check_scenario(path)


CO2 = "shadow_price: 100}"


def errors(issues):
    return [i for i in issues if i.severity == "error"]


def test_the_new_fields_parse(mini_dir):
    scenario, issues = edit(mini_dir, {
        CO2: "price_path: {2026: 100, 2031: 150}}",
        "shadow_price: 50,": "shadow_price: 50, price_growth: 0.01,",
        "discount: 0.03}": "discount: 0.03, residual_value: straight-line}",
    }, ("ramp_up,effect_growth,reinvest", "2,0.01,true\n0,,\n,,false\n,-0.02,nee"))
    assert scenario is not None, "\n".join(map(str, issues))
    co2, noise = scenario.criterion("co2"), scenario.criterion("noise")
    assert dict(co2.price_path) == {2026: 100.0, 2031: 150.0} and co2.shadow_price == 100.0
    assert noise.price_growth == 0.01 and scenario.appraisal.residual_value == "straight-line"
    m1, m2, m3, m4 = scenario.measures
    assert (m1.ramp_up, m1.effect_growth, m1.reinvest) == (2, 0.01, True)
    assert (m2.ramp_up, m2.reinvest, m4.effect_growth, m4.reinvest) == (0, False, -0.02, False)


@pytest.mark.parametrize(("yaml", "csv", "field", "message"), [
    ({"shadow_price: 50,": "shadow_price: 50, price_growth: -1.2,"}, None, "criteria.noise.price_growth",
     "zero or negative"),
    ({CO2: "price_path: {2020: 80, 2030: 150}}"}, None, "criteria.co2.price_path.2020", ""),
    ({CO2: "price_path: {2026: -5, 2030: 150}}"}, None, "criteria.co2.price_path.2026", "negative"),
    ({CO2: "shadow_price: 100, price_path: {2026: 100}}"}, None, "criteria.co2.price_path", "not both"),
    ({CO2: "price_path: {2026: 100}, price_growth: 0.02}"}, None, "criteria.co2.price_growth", "not both"),
    ({"theme: liveability}\n  - {id: nuisance": "theme: liveability, price_growth: 0.02}\n  - {id: nuisance"},
     None, "criteria.liveability.price_growth", "needs a shadow price"),
    ({"discount: 0.03}": "discount: 0.03, residual_value: linear}"}, None, "residual_value", "not a valid choice"),
    (None, ("ramp_up", "6\n\n\n"), "ramp_up", "longer than the lifetime"),
    (None, ("effect_growth", "-1\n\n\n"), "effect_growth", "vanish"),
    (None, ("reinvest", "maybe\n\n\n"), "reinvest", "true or false"),
])
def test_bad_values_are_located_errors(mini_dir, yaml, csv, field, message):
    scenario, issues = edit(mini_dir, yaml, csv)
    found = [i for i in errors(issues) if i.field == field]
    assert scenario is None and found, "\n".join(map(str, issues))
    assert re.search(message, found[0].message)
    assert found[0].row is not None  # a line of scenario.yaml or a row of measures.csv


def test_the_residual_value_is_its_own_row_in_the_report_and_in_results_json(mini_dir):
    """Kraaihoek-like check on the mini scenario with a budget: the MKBA table of the package has a
    'Restwaarde' row (negative, a cost deducted), the appraisal table a column, results.json validates."""
    path = mini_dir / "scenario.yaml"
    path.write_text(path.read_text().replace("discount: 0.03}", "discount: 0.03, residual_value: straight-line}")
                    + "budget: {total: 100000}\nportfolio: {objective: npv}\nrules:\n  - {mandatory: M2}\n")
    results = mkba.run(path, sensitivity=False).to_dict()
    check(results)
    m2 = results["appraisal"]["measures"]["M2"]
    assert m2["pv_residual"] == pytest.approx(500 * 13 / 20 * V ** 9, rel=1e-12)
    cat = catalogue("nl")
    table = appraisal_table(results, cat)
    col = [c.key for c in table.columns].index("pv_residual")
    row = next(r for r in table.rows if r[0] == "M2")
    assert row[col] == pytest.approx(-m2["pv_residual"])
    package = results["portfolio"]["package"]
    assert "M2" in results["portfolio"]["selected"]
    rows = {r[0]: r[1].value for r in mkba_table(results, cat).rows}
    assert rows[cat("mkba.residual")] == pytest.approx(-package["totals"]["pv_residual"])
    assert package["totals"]["pv_residual"] >= m2["pv_residual"] > 0


def test_sampled_effects_move_the_npv_along_the_price_path(mini):
    """A drawn CO2 effect of M3 (uncertain 1|1.5|3) moves its NPV as a re-appraisal with that effect does,
    also when the CO2 price follows a path and M3 ramps up (the sensitivity uses the PV of one unit)."""
    s = with_measure(with_criterion(mini, "co2", price_path=FrozenMap({2026: 100.0, 2031: 150.0})), "M3", ramp_up=2)
    a = appraise(s)
    m = build(s, a)
    draws = sample_matrices(s, a, m, 20, np.random.SeedSequence(3)).array()
    i = a.measures.index("M3")
    unit = a.unit_pv[i, a.monetised.index("co2")]
    effects = 1.5 + (draws[:, i, 0] - m.values[i, 0]) / unit  # the effect each draw stands for
    # the draws come from the stated range 1|1.5|3 and move: a sampler that left the NPV at its base value,
    # or scaled it by a wrong unit, lands outside the range or on 1.5 alone
    assert effects.min() >= 1 - 1e-9 and effects.max() <= 3 + 1e-9
    assert effects.min() < 1.5 < effects.max()
    for k in (0, 7, 19):
        again = appraise(with_measure(s, "M3", effects=FrozenMap({**s.measures[i].effects, "co2": Effect(effects[k])})))
        assert draws[k, i, 0] == pytest.approx(again.npv[i], rel=1e-10)


def test_the_distribution_table_names_the_residual_value(mini_dir):
    path = mini_dir / "scenario.yaml"
    path.write_text(path.read_text().replace("discount: 0.03}", "discount: 0.03, residual_value: straight-line}")
                    + "budget: {total: 100000}\nportfolio: {objective: npv}\nrules:\n  - {mandatory: M2}\n")
    results = mkba.run(path, sensitivity=False).to_dict()
    for lang, label in (("nl", "Restwaarde"), ("en", "Residual value")):
        _, rows = distribution_rows(results, results["portfolio"]["package"]["distribution"], catalogue(lang))
        row = next(r for r in rows if r[0] == label)
        assert row[-1] == pytest.approx(results["portfolio"]["package"]["totals"]["pv_residual"], rel=1e-12)


@settings(max_examples=40, deadline=None)
@given(g=st.floats(-0.5, 0.5), ramp=st.integers(0, 5), lifetime=st.integers(5, 12), growth=st.floats(-0.3, 0.3))
def test_a_price_table_of_every_year_equals_its_growth_rate(mini, g, ramp, lifetime, growth):
    """The two ways of writing a price path agree: a table with p(1 + g)^t in every appraisal year appraises as
    price_growth g, whatever the ramp-up and effect growth of the measure."""
    base = with_measure(mini, "M1", ramp_up=ramp, lifetime=lifetime, effect_growth=growth)
    by_rate = appraise(with_criterion(base, "co2", price_growth=g))
    table = FrozenMap({2026 + t: 100 * (1 + g) ** t for t in range(10)})
    by_table = appraise(with_criterion(base, "co2", price_path=table))
    np.testing.assert_allclose(by_table.benefits, by_rate.benefits, rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(by_table.npv, by_rate.npv, rtol=1e-12, atol=1e-9)
