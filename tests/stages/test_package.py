"""The portfolio's new results (issue 16) on the bundled scenarios, checked against the numbers the
issue names and against independent computations: what the simple benefit/cost package breaks
(``greedy.broken``), the package against the nulalternatief (``portfolio.package``) and why the
group's top-ranked measures are left out (``portfolio.left_out``)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest

import mkba
from mkba.portfolio import check_feasible
from mkba.stages.appraisal import appraise_package, yearly_flows

ROOT = Path(__file__).resolve().parents[2]
KRAAIHOEK = ROOT / "scenarios" / "kraaihoek" / "scenario.yaml"
LANDLUST = ROOT / "scenarios" / "landlust-westerkwartier" / "scenario.yaml"


@pytest.fixture(scope="module")
def kraaihoek():
    return mkba.run(KRAAIHOEK, sensitivity=False)


@pytest.fixture(scope="module")
def landlust():
    return mkba.run(LANDLUST, sensitivity=False)


def test_landlust_greedy_breaks_the_sustainability_minimum_as_data(landlust):
    result = landlust.portfolio
    greedy = result.to_dict()["greedy"]
    assert greedy["ranked_by"] == "bcr" and greedy["feasible"] is False
    # the independent English check names the same single rule
    words = check_feasible(result.problem, greedy["selected"], greedy["start_years"])
    assert len(words) == 1 and "duurzaamheid" in words[0]
    assert greedy["broken"] == [{"kind": "rule", "rule": "theme", "label": "theme duurzaamheid: min_count 2",
                                 "theme": "duurzaamheid", "min_count": 2, "max_count": None, "min_spend": None,
                                 "max_spend": None}]


def test_a_feasible_greedy_breaks_nothing(kraaihoek):
    greedy = kraaihoek.portfolio.to_dict()["greedy"]
    assert greedy["feasible"] is True and greedy["broken"] == [] and greedy["ranked_by"] == "bcr"


# -- portfolio.package: the package against the nulalternatief --------------------------------------------

MINI = ROOT / "tests" / "data" / "mini" / "scenario.yaml"


def test_package_by_hand_on_the_mini_scenario():
    """M1 (investment 1000 in 2026, running 10, CO2 2 t x EUR 100, 5 years) and M3 (400, running 5, CO2 1.5 t x
    EUR 100, noise 1 x EUR -50, 8 years) at 3 %: both in use from 2027, when the package earns
    (200 - 10) + (150 - 50 - 5) = 285 on an investment of 1400."""
    scenario = mkba.read_scenario(MINI)
    package = appraise_package(scenario, ["M1", "M3"], {})
    totals = package.to_dict()["totals"]
    assert package.first_year == 2027
    assert totals["first_year_return"] == pytest.approx(285 / 1400, rel=1e-12)
    flows = np.array([-1400.0] + [285.0] * 5 + [95.0] * 3 + [0.0])
    np.testing.assert_allclose(package.net_flows, flows)
    df = 1.03 ** -np.arange(10)
    assert totals["npv"] == pytest.approx(flows @ df, rel=1e-12)
    assert totals["investment"] == 1400 and totals["pv_investment"] == pytest.approx(1400)
    # M1 deferred to 2028: its flows move two years and are discounted from there
    late = appraise_package(scenario, ["M1"], {"M1": 2028}).to_dict()
    row = late["measures"][0]
    assert row["start_year"] == 2028 and row["investment"] == 1000
    assert row["pv_investment"] == pytest.approx(1000 / 1.03 ** 2, rel=1e-12)
    assert row["pv_running_cost"] == pytest.approx(10 * sum(1.03 ** -t for t in range(3, 8)), rel=1e-12)
    assert late["totals"]["first_year_return"] == pytest.approx(190 / 1000, rel=1e-12)


def _irr_by_polynomial_roots(flows: np.ndarray) -> list[float]:
    """Every real rate r > -1 with sum_t F_t x^t = 0, x = 1 / (1 + r): the positive real roots of the polynomial."""
    roots = np.polynomial.polynomial.polyroots(np.trim_zeros(np.asarray(flows, float), "b"))
    real = roots[np.abs(roots.imag) < 1e-9].real
    return sorted(1 / x - 1 for x in real if x > 0)


def test_kraaihoek_package_at_its_start_years(kraaihoek):
    """M11 is scheduled in 2029: its 1.200.000 is discounted three years (issue 16: shown undiscounted before);
    the totals are the rows' sums; the IRR is the only root of the NPV polynomial and turns the saldo to zero
    when the package is re-appraised at that constant rate."""
    data = kraaihoek.portfolio.to_dict()
    package = data["package"]
    rows = {r["measure"]: r for r in package["measures"]}
    assert list(rows) == data["selected"]
    assert kraaihoek.scenario.appraisal.discount == "nl-2026"
    r = 0.028  # nl-2026: 2.8 % for years 1-35
    assert rows["M11"]["start_year"] == 2029 and rows["M11"]["investment"] == 1_200_000
    assert rows["M11"]["pv_investment"] == pytest.approx(1_200_000 / (1 + r) ** 3, rel=1e-12)
    assert rows["M11"]["pv_benefits"] == 0 and rows["M11"]["pm"]["leefbaarheid"] == pytest.approx(0.8)
    totals = package["totals"]
    for key in ("investment", "pv_investment", "pv_running_cost", "pv_costs", "pv_benefits", "npv"):
        assert totals[key] == pytest.approx(sum(row[key] for row in rows.values()), rel=1e-12), key
    assert totals["investment"] == pytest.approx(data["spend"])
    assert totals["bcr"] == pytest.approx(totals["pv_benefits"] / totals["pv_costs"])
    assert sum(package["pv_benefits_by_criterion"].values()) == pytest.approx(totals["pv_benefits"])
    for cid, total in totals["pm"].items():
        assert total == pytest.approx(sum(row["pm"][cid] for row in rows.values()))
    # who pays, who gains: each item adds up to its societal total, the transfers to zero
    by_item = package["distribution"]["by_item"]
    assert sum(by_item["investment"].values()) == pytest.approx(-totals["pv_investment"])
    assert sum(by_item["running_cost"].values()) == pytest.approx(-totals["pv_running_cost"])
    assert sum(by_item["transfers"].values()) == pytest.approx(0, abs=1e-6)
    for cid, pv in package["pv_benefits_by_criterion"].items():
        assert sum(by_item[cid].values()) == pytest.approx(pv)
    # the internal rate of return: independent roots, and a re-appraisal at that rate
    package_obj = kraaihoek.portfolio.package
    roots = _irr_by_polynomial_roots(package_obj.net_flows)
    assert len(roots) == 1 and totals["irr"] == pytest.approx(roots[0], abs=1e-9)
    at_irr = dataclasses.replace(kraaihoek.scenario, appraisal=dataclasses.replace(
        kraaihoek.scenario.appraisal, discount=totals["irr"]))
    again = appraise_package(at_irr, data["selected"], data["start_years"]).to_dict()["totals"]
    assert again["npv"] == pytest.approx(0, abs=1e-6 * totals["pv_costs"])


def test_a_package_never_adds_up_exclusive_variants(kraaihoek):
    with pytest.raises(ValueError, match="M15a, M15b"):
        appraise_package(kraaihoek.scenario, ["M04", "M15a", "M15b"], {})


def test_budgets_are_every_cap_with_what_the_package_uses(kraaihoek):
    data = kraaihoek.portfolio.to_dict()
    budgets = data["package"]["budgets"]
    total = next(b for b in budgets if b["kind"] == "total")
    assert total["amount"] == 12_000_000 and total["used"] == pytest.approx(data["spend"])
    payers = {b["payer"]: b for b in budgets if b["kind"] == "payer"}
    assert payers["corporatie"]["amount"] == 5_500_000
    scenario = {m.id: m for m in kraaihoek.scenario.measures}
    paid = sum(scenario[m].total_investment * scenario[m].payers.get("corporatie", 0) for m in data["selected"])
    assert payers["corporatie"]["used"] == pytest.approx(paid)
    years = [b for b in budgets if b["kind"] == "year"]
    assert [b["year"] for b in years] == [2026, 2027, 2028, 2029] and all(b["cumulative"] for b in years)
    blocking = [p["cap"] for row in data["left_out"] for p in row["binding"] if p["kind"] == "cap"]
    for b in budgets:
        cap_kind = {"total": "budget_total", "year": "budget_cumulative", "payer": "payer"}[b["kind"]]
        cap = {k: v for k, v in (("kind", cap_kind), ("amount", b["amount"]), ("year", b["year"]),
                                 ("payer", b["payer"])) if v is not None}
        assert b["binding"] == (b["used"] >= b["amount"] - 0.01 or cap in blocking)


def test_the_new_fields_keep_the_results_format(kraaihoek, landlust):
    from mkba.results.validate import check

    for run in (kraaihoek, landlust):
        data = json.loads(json.dumps(run.to_dict(), default=float))
        check(data)
        assert {"package"} <= set(data["portfolio"]) and {"ranked_by", "broken"} <= set(data["portfolio"]["greedy"])


# -- portfolio.left_out: why the group's top-ranked measures are not chosen -------------------------------

def test_kraaihoek_m10_is_kept_out_by_the_parties_budgets(kraaihoek):
    """M10 (4th in the group ranking, saldo +1,14 mln, B/K 1,53; issue 16): forced in, the best package must
    give up M11 and M18; M11 back would take the corporation past its 5,5 mln, M18 back the municipality past
    its 5,0 mln. Checked against check_feasible (English, from the problem's arrays) and the payers' shares."""
    data = kraaihoek.portfolio.to_dict()
    rows = {r["measure"]: r for r in data["left_out"]}
    ranking = kraaihoek.scores.order("group")
    top = ranking[:max(5, len(data["selected"]))]
    assert list(rows) == [m for m in top if m not in data["selected"]]
    m10 = rows["M10"]
    assert m10["group_rank"] == 4 and m10["npv"] == pytest.approx(1_140_862, abs=1)
    assert m10["bcr"] == pytest.approx(1.53, abs=0.005)
    assert m10["reason"] == "budget" and m10["forced"]["status"] == "optimal"
    assert m10["forced"]["dropped"] == ["M11", "M18"] and m10["forced"]["value_lost"] > 0
    problem, scenario = kraaihoek.portfolio.problem, {m.id: m for m in kraaihoek.scenario.measures}
    forced = [m for m in data["selected"] if m not in m10["forced"]["dropped"]] + ["M10"] + m10["forced"]["added"]
    assert check_feasible(problem, forced) == []
    assert data["objective"] - m10["forced"]["value_lost"] == pytest.approx(
        sum(data["values"][m] for m in forced), abs=1e-9)
    caps = {(p["cap"].get("payer"), p["measures"][0]): p["amount"] for p in m10["binding"] if p["kind"] == "cap"}
    for payer, back in (("corporatie", "M11"), ("gemeente", "M18")):
        with_back = forced + [back]
        paid = sum(scenario[m].total_investment * scenario[m].payers.get(payer, 0) for m in with_back)
        assert caps[(payer, back)] == pytest.approx(paid)
        words = check_feasible(problem, with_back, {back: data["start_years"].get(back, scenario[back].start_year)})
        assert any(w.startswith(f"{payer} pays") for w in words)
    # the caps that keep M10 out are binding in the package's budget table, though not used up
    budgets = {b["payer"]: b for b in data["package"]["budgets"] if b["kind"] == "payer"}
    assert budgets["corporatie"]["binding"] and budgets["corporatie"]["used"] < budgets["corporatie"]["amount"]
    assert not budgets["warmtebedrijf"]["binding"]


def test_no_first_year_return_when_the_measures_are_never_in_use_together():
    """Mini M1 works 2027-2031 (5 years); M2 (investments 2027-2028) from 2029: the first year both are in use
    is 2029. M2 deferred to 2031 works from 2033, after M1 has ended: no year has both, no first-year return;
    M1 deferred to 2035 starts working past the horizon (2026-2035): none either."""
    scenario = mkba.read_scenario(MINI)
    both = appraise_package(scenario, ["M1", "M2"], {})
    assert both.first_year == 2029
    flows = yearly_flows(dataclasses.replace(scenario, measures=scenario.measures[:2]))
    net_2029 = ((flows.benefit_per_year.sum(axis=1) - flows.running) * flows.use[:, 3]).sum()
    assert both.to_dict()["totals"]["first_year_return"] == pytest.approx(net_2029 / 1500, rel=1e-12)
    for starts in ({"M2": 2031}, {"M1": 2035}):
        apart = appraise_package(scenario, ["M1", "M2"], starts)
        assert apart.first_year is None and apart.to_dict()["totals"]["first_year_return"] is None
