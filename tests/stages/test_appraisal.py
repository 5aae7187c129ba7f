"""Appraisal: discount sets, present values, NPV, B/C and the distribution table.

Discount factors are checked against methodology.md section A.2 (computed from the published
rates: rwseconomie.nl/discontovoet for NL, HM Treasury Green Book 2022 table 8 for the UK).
Present values are checked against the closed-form annuity PV = A (1 - (1+r)^-n) / r.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from mkba import discount
from mkba.stages import appraisal as cba
from mkba.errors import MethodError
from mkba.io.scenario import read_scenario


def annuity(r: float, first: int, last: int) -> float:
    """Σ_{t=first..last} (1+r)^-t by the closed form (not by summing)."""
    return ((1 + r) ** -(first - 1) - (1 + r) ** -last) / r


@pytest.mark.parametrize(("name", "t", "expected", "tol"), [
    ("nl-2021", 100, 0.108061, 1e-6),
    ("nl-2021", 30, 0.513, 1e-3),
    ("nl-2026", 30, 0.437, 1e-3),
    ("nl-2026", 35, 0.380400, 1e-6),
    ("nl-2026", 50, 0.291088, 1e-6),
    ("nl-2026", 100, 0.119299, 1e-6),
    ("uk-green-book", 30, 0.356278, 1e-6),
    ("uk-green-book", 50, 0.197263, 1e-6),
    ("uk-green-book", 100, 0.050818, 1e-6),
])
def test_discount_factors_match_published_schedules(name, t, expected, tol):
    assert discount.discount_factors(name, t + 1)[t] == pytest.approx(expected, abs=tol)


def test_discount_factor_zero_is_one_and_constant_rate():
    df = discount.discount_factors(0.03, 5)
    np.testing.assert_allclose(df, 1.03 ** -np.arange(5), rtol=1e-15)


def test_unknown_discount_set_names_the_closest():
    with pytest.raises(MethodError, match="nl-2026"):
        discount.discount_set("nl-206")


@settings(max_examples=60, deadline=None)
@given(r=st.floats(0.001, 0.15), n=st.integers(1, 60), amount=st.floats(1, 1e7))
def test_pv_of_constant_flow_equals_closed_form(r, n, amount):
    df = discount.discount_factors(r, n + 1)
    pv = amount * df[1:].sum()
    assert pv == pytest.approx(amount * annuity(r, 1, n), rel=1e-10)


@pytest.fixture
def mini(mini_path):
    scenario = read_scenario(mini_path)
    return scenario, cba.appraise(scenario)


def test_mini_present_values_by_hand(mini):
    """Each measure of tests/data/mini worked out with the annuity closed form."""
    _, a = mini
    r = 0.03
    ix = {m: i for i, m in enumerate(a.measures)}
    # M1: 1000 in 2026 (t=0); in use 2027-2031 (t=1..5); running 10/yr; 2 t CO2/yr x 100 EUR/t
    m1 = ix["M1"]
    assert a.pv_investment[m1] == pytest.approx(1000)
    assert a.pv_running[m1] == pytest.approx(10 * annuity(r, 1, 5))
    assert a.pv_benefits[m1] == pytest.approx(200 * annuity(r, 1, 5))
    # M2: 300 in 2027 + 200 in 2028; in use from 2029 (t=3), 20 years cut at the horizon (t=9)
    m2 = ix["M2"]
    assert a.pv_investment[m2] == pytest.approx(300 / 1.03 + 200 / 1.03 ** 2)
    # noise is a cost criterion: effect -1 dwelling/yr x 50 EUR is a benefit of +50 per year
    assert a.pv_benefits[m2] == pytest.approx(50 * annuity(r, 3, 9))
    # M3: CO2 most likely 1.5 t x 100 = 150/yr, noise +1 x 50 = -50/yr, years t=1..8
    m3 = ix["M3"]
    assert a.pv_benefits[m3] == pytest.approx(100 * annuity(r, 1, 8))
    # M4: no investment: in use from the start year, t=0..9, running 30/yr, no money benefits
    m4 = ix["M4"]
    assert a.pv_running[m4] == pytest.approx(30 * (1 + annuity(r, 1, 9)))
    assert a.pv_benefits[m4] == 0
    np.testing.assert_allclose(a.npv, a.pv_benefits - a.pv_costs)
    assert a.bcr[m1] == pytest.approx(a.pv_benefits[m1] / a.pv_costs[m1])


def test_pm_items_are_carried_not_zeroed(mini):
    scenario, a = mini
    assert a.pm_criteria == ("liveability", "nuisance")
    ix = a.measures.index("M2")
    np.testing.assert_array_equal(a.pm[ix], [3, 2])


def test_distribution_rows_sum_to_societal_totals_and_transfers_to_zero(mini):
    _, a = mini
    frame = a.distribution_frame()
    for i, m in enumerate(a.measures):
        rows = frame.loc[m]
        assert rows.loc["investment", "total"] == pytest.approx(-a.pv_investment[i])
        assert rows.loc["running_cost", "total"] == pytest.approx(-a.pv_running[i])
        assert rows.loc["transfers", "total"] == pytest.approx(0, abs=1e-9)
        benefit_rows = [c for c in a.monetised]
        assert rows.loc[benefit_rows, "total"].sum() == pytest.approx(a.pv_benefits[i])
    # the park's transfer: municipality pays 5/yr to residents over t=3..9
    m2 = frame.loc["M2"]
    assert m2.loc["transfers", "residents"] == pytest.approx(5 * annuity(0.03, 3, 9))
    assert m2.loc["transfers", "municipality"] == pytest.approx(-5 * annuity(0.03, 3, 9))
    # noise goes to residents (criterion default), CO2 to society (default when none is given)
    assert frame.loc[("M3", "noise"), "residents"] < 0
    assert frame.loc[("M3", "co2"), "society"] > 0
    assert frame["total"].sum() == pytest.approx(a.npv.sum())


def test_costs_split_by_payer_shares(mini):
    _, a = mini
    frame = a.distribution_frame()
    inv = frame.loc[("M1", "investment")]
    assert inv["corporation"] == pytest.approx(-500) and inv["municipality"] == pytest.approx(-500)


def test_bcr_is_undefined_not_overflowing_for_vanishing_costs(mini_path):
    """Found by hypothesis: a subnormal running cost (2.2e-309) made PV benefits / PV costs overflow."""
    import dataclasses

    scenario = read_scenario(mini_path)
    m = dataclasses.replace(scenario.measures[0], investment=type(scenario.measures[0].investment)(),
                            running_cost=2.225073858507203e-309)
    a = cba.appraise(dataclasses.replace(scenario, measures=(m,) + scenario.measures[1:]))
    assert np.isnan(a.bcr[0]) and np.isfinite(a.npv[0])
