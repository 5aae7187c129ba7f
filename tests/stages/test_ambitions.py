"""Ambitions through the pipeline (issue 19 items 2, 3, 5): the package meets the hard ones, the report says so."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mkba import run
from mkba.io.scenario import check_scenario
from mkba.report.markdown import render_markdown
from mkba.stages.ambitions import path
from mkba.writers import render_files as run_files

# Mini: M1 (liveability 1, in use 2027-2031), M2 (3, from 2029), M3 (co2 1.5, from 2027), M4 (2, from 2026)
BUDGET = "\nbudget: {total: 1500}\n"


def scenario_with(folder: Path, ambitions: str, budget: str = BUDGET):
    path_ = folder / "scenario.yaml"
    path_.write_text(path_.read_text() + budget + "\nambitions:\n" + ambitions)
    scenario, issues = check_scenario(path_)
    assert scenario is not None, "\n".join(map(str, issues))
    return scenario


def test_a_hard_ambition_is_met_and_reported(mini_dir):
    s = scenario_with(mini_dir, "  - {id: leef, name: Leefbaar, criterion: liveability, "
                                "target: {year: 2029, at_least: 5}}\n")
    r = run(s, sensitivity=False)
    assert {"M2", "M4"} <= set(r.portfolio.portfolio.selected)
    block = r.to_dict()["ambitions"]
    assert block["package"] == "chosen" and block["met"] == ["leef"]
    item = block["items"][0]
    target = item["targets"][0]
    reached = sum(m.effects["liveability"].value for m in s.measures if m.id in r.portfolio.portfolio.selected
                  and m.first_year_of_use <= 2029 < m.first_year_of_use + m.lifetime)
    assert target["reached"] == reached >= 5 and target["met"] and target["gap"] == 0
    assert item["planned"][item["years"].index(2029)] == reached
    assert item["cost"]["cost_value"] >= -1e-9  # holding an ambition never adds value
    files = run_files(r)
    assert "ambitions.csv" in files and "leef,Leefbaar" in files["ambitions.csv"]
    text = render_markdown(json.loads(files["results.json"]))
    assert "## Ambitions" in text and "The proposal meets all 1 ambitions." in text


def test_unreachable_hard_ambitions_name_the_conflict_and_the_closest_package(mini_dir):
    s = scenario_with(mini_dir, "  - {id: leef, name: Leefbaar, criterion: liveability, "
                                "target: {year: 2028, at_least: 4}}\n")
    r = run(s, sensitivity=False)  # by 2028 only M1 (1) and M4 (2) are in use: 3 at most
    assert r.portfolio.portfolio.status == "infeasible"
    block = r.to_dict()["ambitions"]
    assert block["package"] == "closest" and block["not_met"] == ["leef"]
    assert set(block["selected"]) >= {"M1", "M4"}
    assert block["items"][0]["targets"][0]["reached"] == 3 and block["items"][0]["targets"][0]["gap"] == 1
    assert any("scenario.yaml, line" in w for w in block["conflict"])
    text = render_markdown(json.loads(run_files(r)["results.json"]))
    assert "No package meets all 1 hard ambitions" in text and "Leefbaar (3 (score 0-10) instead of at least 4 (score 0-10) in 2028)" in text


def test_a_soft_ambition_is_approached_and_its_gap_reported(mini_dir):
    s = scenario_with(mini_dir, "  - {id: leef, name: Leefbaar, criterion: liveability, kind: soft, "
                                "target: {year: 2028, at_least: 4}}\n")
    r = run(s, sensitivity=False)
    assert r.portfolio.portfolio.status == "optimal"
    item = r.to_dict()["ambitions"]["items"][0]
    assert item["targets"][0]["reached"] == 3 and not item["met"]  # the most any package reaches in 2028


def test_the_path_counts_a_measure_from_its_first_year_of_use_for_its_lifetime(mini_path):
    s, _ = check_scenario(mini_path)
    s = s.__class__(**{**s.__dict__})
    from mkba.model import AmbitionTarget, SharedAmbition
    a = SharedAmbition("l", "L", "", ("liveability",), (AmbitionTarget(">=", 1.0),))
    years = tuple(range(2026, 2034))
    assert path(s, a, ["M1"], {}, years) == (0, 1, 1, 1, 1, 1, 0, 0)  # 2027-2031
    assert path(s, a, ["M2"], {}, years) == (0, 0, 0, 3, 3, 3, 3, 3)


def test_monitoring_follows_the_ambition_and_flags_how_far_it_lags(mini_dir):
    s = scenario_with(mini_dir, "  - {id: leef, name: Leefbaar, criterion: liveability, "
                                "target: {year: 2029, at_least: 5}, realised: {2026: 2, 2027: 1}}\n")
    r = run(s, sensitivity=False)
    track = next(t for t in r.monitoring if t.id == "leef")
    chosen = set(r.portfolio.portfolio.selected)
    expected = path(s, s.ambitions[0], chosen, r.portfolio.portfolio.start_years, track.years)
    assert track.planned == expected and track.target[track.years.index(2029)] == 5
    assert track.realised[:2] == (2, 1)
    plan_2027 = track.planned[1]
    assert track.behind[1] == plan_2027 - 1 > 0  # M4 and M1 planned in use in 2027
    flag = track.to_dict()["flag"]
    assert flag == {"year": 2027, "behind": plan_2027 - 1, "target_gap": None}
    text = render_markdown(json.loads(run_files(r)["results.json"]))
    assert f"Behind plan: Leefbaar is {plan_2027 - 1:.1f}".rstrip("0").rstrip(".") in text


def test_a_plain_monitoring_line_has_no_flag(mini_dir):
    s = scenario_with(mini_dir, "  - {id: leef, name: Leefbaar, criterion: liveability, target: {at_least: 1}}\n")
    r = run(s, sensitivity=False)
    assert r.monitoring[-1].to_dict()["flag"] is None  # no realised value yet


def test_the_share_of_sampled_effects_in_which_the_package_still_meets_it(mini_dir):
    from mkba.stages.ambitions import met_share, sampled_effects
    s = scenario_with(mini_dir, "  - {id: co2, name: CO2, criterion: co2, target: {year: 2027, at_least: 1.5}}\n")
    effects, criteria = sampled_effects(s, 20_000, seed=3)
    share = met_share(s, ["M3"], {}, effects, criteria)["co2"]
    # M3's CO2 effect is Triangular(1, 1.5, 3): P(X >= 1.5) = 1 - (1.5 - 1) / (3 - 1) = 0.75
    assert share == pytest.approx(0.75, abs=0.01)
    assert met_share(s, ["M2"], {}, effects, criteria)["co2"] == 0.0  # M2 has no CO2 effect at all
    assert met_share(s, ["M1"], {}, effects, criteria)["co2"] == 1.0  # M1: a certain 2 t/year
    r = run(s, samples=500)
    item = r.to_dict()["ambitions"]["items"][0]
    assert 0.0 <= item["robustness"] <= 1.0
