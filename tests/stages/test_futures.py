"""Futures (issue 17 item 4): the transform of a scenario into a future against closed forms, the base
package valued in each future, and a scenario without futures left exactly as it was."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import mkba
from mkba.discount import discount_set
from mkba.model import FrozenMap, Future
from mkba.stages.appraisal import appraise, appraise_package, shifted
from mkba.stages.futures import appraise_futures, appraise_in, future_matrices, in_future
from mkba.stages.matrix import build

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "data" / "mini" / "scenario.yaml"


@pytest.fixture(scope="module")
def mini():
    return mkba.read_scenario(MINI)


def future(**kw) -> Future:
    return Future(kw.pop("id", "f"), kw.pop("label", "F"), **{k: FrozenMap(v) if isinstance(v, dict) else v
                                                               for k, v in kw.items()})


factors = st.floats(0.05, 20.0, allow_nan=False)


@settings(max_examples=40, deadline=None)
@given(f=factors)
def test_an_effect_factor_scales_the_benefits_of_its_criterion_only(mini, f):
    base = appraise(mini)
    a = appraise_in(mini, future(effects={"co2": f}))
    k = base.monetised.index("co2")
    np.testing.assert_allclose(a.benefits[:, k], f * base.benefits[:, k], rtol=1e-12)
    others = [j for j in range(len(base.monetised)) if j != k]
    np.testing.assert_array_equal(a.benefits[:, others], base.benefits[:, others])
    np.testing.assert_array_equal(a.pv_costs, base.pv_costs)


def test_effects_times_1_2_give_benefits_times_1_2(mini):
    base = appraise(mini)
    a = appraise_in(mini, future(effects={c.id: 1.2 for c in mini.criteria}))
    np.testing.assert_allclose(a.pv_benefits, 1.2 * base.pv_benefits, rtol=1e-12)
    np.testing.assert_allclose(a.pm, 1.2 * base.pm, rtol=1e-12)  # a PM effect scales too
    np.testing.assert_array_equal(a.pv_costs, base.pv_costs)
    # the uncertain effect's low and high scale with it (M3 co2 is 1|1.5|3)
    e = in_future(mini, future(effects={"co2": 1.2})).measures[2].effects["co2"]
    assert (e.low, e.value, e.high) == pytest.approx((1.2, 1.8, 3.6))


@settings(max_examples=40, deadline=None)
@given(q=factors, fi=factors, fr=factors)
def test_price_and_cost_factors_against_the_closed_form(mini, q, fi, fr):
    base = appraise(mini)
    a = appraise_in(mini, future(shadow_prices={"noise": q}, investment=fi, running_cost=fr))
    k = base.monetised.index("noise")
    np.testing.assert_allclose(a.benefits[:, k], q * base.benefits[:, k], rtol=1e-12)
    np.testing.assert_allclose(a.pv_investment, fi * base.pv_investment, rtol=1e-12)
    np.testing.assert_allclose(a.pv_running, fr * base.pv_running, rtol=1e-12)
    # the distribution follows: the noise row goes to the residents, the cost rows to the payers
    np.testing.assert_allclose(a.distribution[:, a.items.index("noise")],
                               q * base.distribution[:, base.items.index("noise")], rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(a.distribution.sum(axis=2)[:, 0], -a.pv_investment, rtol=1e-12)


@pytest.mark.parametrize("g", [0.02, -0.03, 0.0])
def test_price_growth_against_the_geometric_sum(mini, g):
    """M1: co2 2 t/year at 100 EUR/t, in use in t = 1..5 (invested in 2026, lifetime 5), discounted at 3 %:
    PV = 200 Σ_{t=1..5} x^t with x = (1+g)/1.03 = 200 x (1 - x^5) / (1 - x)."""
    a = appraise_in(mini, future(price_growth={"co2": g}))
    x = (1 + g) / 1.03
    expected = 200 * x * (1 - x**5) / (1 - x)
    assert a.benefits[0, a.monetised.index("co2")] == pytest.approx(expected, rel=1e-12)
    # noise has no growth: unchanged (to rounding: the appraisal prices year by year once any price grows)
    k = a.monetised.index("noise")
    np.testing.assert_allclose(a.benefits[:, k], appraise(mini).benefits[:, k], rtol=1e-12)


def test_price_growth_counts_from_the_first_appraisal_year_for_a_later_measure(mini):
    """M2 (invested 2027-2028, in use t = 3..22 cut at the horizon t = 9): noise -1 dwelling at 50 EUR,
    direction cost -> +50 EUR a year, to the residents; priced 50 (1+g)^t."""
    g = 0.05
    a = appraise_in(mini, future(price_growth={"noise": g}))
    df = discount_set(0.03).factors(10)
    expected = sum(50 * (1 + g) ** t * df[t] for t in range(3, 10))
    i, k = a.measures.index("M2"), a.monetised.index("noise")
    assert a.benefits[i, k] == pytest.approx(expected, rel=1e-12)
    residents = a.actors.index("residents")
    assert a.distribution[i, a.items.index("noise"), residents] == pytest.approx(expected, rel=1e-12)


def test_the_future_growth_composes_with_the_criterions_own_growth_and_ramp_up(mini):
    """co2 grows 1 % a year of its own and M1 ramps up over 2 years; the future adds 2 %: price in year t is
    100 (1.01 · 1.02)^t, M1's effect 2 t at half in its first year of use (t = 1), full from t = 2."""
    co2 = dataclasses.replace(mini.criteria[0], price_growth=0.01)
    m1 = dataclasses.replace(mini.measures[0], ramp_up=2)
    scen = dataclasses.replace(mini, criteria=(co2,) + mini.criteria[1:], measures=(m1,) + mini.measures[1:])
    a = appraise_in(scen, future(price_growth={"co2": 0.02}, shadow_prices={"co2": 1.5}))
    df = discount_set(0.03).factors(10)
    expected = sum(2 * min(t / 2, 1.0) * 150 * (1.01 * 1.02) ** t * df[t] for t in range(1, 6))
    assert a.benefits[0, a.monetised.index("co2")] == pytest.approx(expected, rel=1e-12)
    assert in_future(scen, future(price_growth={"co2": 0.02})).measures[0].ramp_up == 2


@pytest.mark.parametrize("g", [0.0, 0.03])
def test_a_price_path_is_scaled_and_grown_year_by_year(mini, g):
    """co2 priced by a path 100 (2026) -> 190 (2035), linear; the future: x1.2 and +g a year from 2026."""
    co2 = dataclasses.replace(mini.criteria[0], price_path=FrozenMap({2026: 100.0, 2035: 190.0}))
    scen = dataclasses.replace(mini, criteria=(co2,) + mini.criteria[1:])
    a = appraise_in(scen, future(shadow_prices={"co2": 1.2}, price_growth={"co2": g}))
    df = discount_set(0.03).factors(10)
    expected = sum(2 * 1.2 * (100 + 10 * t) * (1 + g) ** t * df[t] for t in range(1, 6))
    assert a.benefits[0, a.monetised.index("co2")] == pytest.approx(expected, rel=1e-12)


def test_in_future_carries_every_other_field(mini):
    m = dataclasses.replace(mini.measures[0], start_years=(2026, 2027), row=99)
    scen = dataclasses.replace(mini, measures=(m,) + mini.measures[1:],
                               futures=(future(id="hoog", effects={"co2": 2.0}),))
    out = in_future(scen, scen.futures[0])
    assert out.futures == ()
    moved = out.measures[0]
    for f in dataclasses.fields(moved):
        if f.name not in ("effects", "investment", "running_cost"):
            assert getattr(moved, f.name) == getattr(m, f.name), f.name
    assert out.criteria == scen.criteria  # no price factor: the criteria are the same objects' values


def test_the_base_package_valued_in_a_future_at_its_start_years(mini):
    """The package rows equal the future's appraisal of the measures shifted to the chosen years."""
    hoog = future(id="hoog", effects={"co2": 1.5}, price_growth={"co2": 0.01}, investment=1.1)
    scen = dataclasses.replace(mini, futures=(hoog,))

    worlds = appraise_futures(scen, appraise_package(scen, ["M1", "M3"], {"M1": 2027}))
    (w,) = worlds.futures
    alone = appraise_in(dataclasses.replace(scen, measures=(shifted(mini.measures[0], 2027), mini.measures[2])), hoog)
    np.testing.assert_allclose(w.package.npv, alone.npv, rtol=1e-12)
    frame = worlds.to_frame()
    assert frame.loc[("hoog", "M2"), "npv"] == pytest.approx(w.appraisal.npv[1], rel=1e-12)
    assert list(frame.columns) == ["pv_costs", "pv_benefits", "npv", "bcr"] and len(frame) == len(mini.measures)
    d = w.to_dict()
    assert d["package"]["totals"]["npv"] == pytest.approx(float(alone.npv.sum()), rel=1e-12)
    assert d["package"]["totals"]["bcr"] == pytest.approx(float(alone.pv_benefits.sum() / alone.pv_costs.sum()))
    # deferring M1 a year moves its flows: its value differs from M1 at its planned year in that future
    assert d["package"]["measures"]["M1"]["npv"] != pytest.approx(d["measures"]["M1"]["npv"])
    assert d["package"]["measures"]["M3"] == pytest.approx(d["measures"]["M3"])


def test_no_futures_no_block(mini):
    assert mini.futures == () and appraise_futures(mini) is None and future_matrices(mini) == []
    assert "futures" not in mkba.run(MINI, sensitivity=False).to_dict()


def test_future_matrices_are_the_decision_matrix_in_that_future(mini):
    hoog = future(id="hoog", effects={"liveability": 2.0, "co2": 1.2})
    (f, values), = future_matrices(dataclasses.replace(mini, futures=(hoog,)))
    expected = build(in_future(mini, hoog), appraise_in(mini, hoog)).values
    np.testing.assert_array_equal(values, expected)
    base = build(mini, appraise(mini)).values
    col = list(mini.matrix_criteria).index("liveability")
    np.testing.assert_allclose(values[:, col], 2.0 * base[:, col])


def test_run_writes_the_futures_block(tmp_path):
    folder = tmp_path / "mini"
    folder.mkdir()
    for name in ("scenario.yaml", "measures.csv"):
        (folder / name).write_bytes((MINI.parent / name).read_bytes())
    with open(folder / "scenario.yaml", "a", encoding="utf-8") as fh:
        fh.write("futures:\n  hoog: {effects: {co2: 1.2, noise: 1.2}}\n  laag: {effects: {co2: 0.8}}\n")
    result = json.loads(json.dumps(mkba.run(folder / "scenario.yaml", sensitivity=False).to_dict()))
    blocks = result["futures"]
    assert [b["id"] for b in blocks] == ["hoog", "laag"] and [b["label"] for b in blocks] == ["WLO Hoog", "WLO Laag"]
    base = result["appraisal"]["measures"]
    for mid, row in blocks[0]["measures"].items():
        assert row["pv_benefits"] == pytest.approx(1.2 * base[mid]["pv_benefits"], rel=1e-12, abs=1e-9)
        assert row["pv_costs"] == pytest.approx(base[mid]["pv_costs"], rel=1e-12)
        assert blocks[0]["package"] is None  # no budget, no package
    mkba.results.load(result)  # the block is in the results format



def _without_futures(results: dict) -> dict:
    """results.json less its futures block and the tornado's future bar (exactly one, when a tornado is there)."""
    out = {k: v for k, v in results.items() if k != "futures"}
    if "sensitivity" in out:
        out["sensitivity"] = json.loads(json.dumps(out["sensitivity"]))
        bars = out["sensitivity"]["tornado"]["bars"]
        assert [x["kind"] for x in bars].count("future") == 1
        out["sensitivity"]["tornado"]["bars"] = [x for x in bars if x["kind"] != "future"]
    return out


@pytest.mark.parametrize(("path", "options"), [
    (ROOT / "scenarios" / "kraaihoek" / "scenario.yaml", {"sensitivity": False}),  # the package in each future
    (MINI, {"samples": 500}),  # the tornado
])
def test_futures_only_add_to_the_results(mini, path, options):
    """A scenario with futures against the same scenario without them: results.json is byte for byte the
    same but for the futures block and the tornado's future bar (a scenario without futures is unchanged)."""
    from mkba.writers import to_json

    scenario = mkba.read_scenario(path)
    if not scenario.futures:
        scenario = dataclasses.replace(scenario, futures=(future(id="hoog", effects={"co2": 1.2}),
                                                          future(id="laag", investment=1.1)))
    a = json.loads(to_json(mkba.run(scenario, **options).to_dict()))
    b = json.loads(to_json(mkba.run(dataclasses.replace(scenario, futures=()), **options).to_dict()))
    assert len(a["futures"]) == 2 and "futures" not in b
    assert (a["futures"][0]["package"] is None) == ("portfolio" not in a)
    assert json.dumps(_without_futures(a), sort_keys=True) == json.dumps(b, sort_keys=True)
