"""The bundled example scenarios (issue 7): each validates, runs, builds its report, and the
findings documented in its README hold.

The findings are those in each scenario's README ("What the result shows"); if the data change so
that they no longer hold, the README must change with them. scenarios/kraaihoek has its own test.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

import mkba
from mkba import portfolio as pf
from mkba.cli import main

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
LANDLUST = SCENARIOS / "landlust-westerkwartier" / "scenario.yaml"
ZONNEHOF = SCENARIOS / "wijkaanpak-aardgasvrij" / "scenario.yaml"
ASSEN = {c: SCENARIOS / "assen" / f"scenario-{c}.yaml" for c in ("noord", "stadsbedrijvenpark", "zuidwest", "verspreid")}
VITAAL = SCENARIOS / "vitale-kerngebieden" / "scenario.yaml"
ALL = {"landlust": LANDLUST, "zonnehof": ZONNEHOF, **{f"assen-{c}": p for c, p in ASSEN.items()}}
ALL["vitaal"] = VITAAL

_RUNS: dict[str, mkba.Run] = {}


def run_of(key: str) -> mkba.Run:
    """One full run (rankings, portfolio, sensitivity) per scenario, shared by every test."""
    if key not in _RUNS:
        _RUNS[key] = mkba.run(ALL[key])
    return _RUNS[key]


def core(run) -> set[str]:
    return {m for m, c in run.sensitivity.robustness.classes.items() if c == "core"}


def index(run) -> dict[str, float]:
    robust = run.sensitivity.robustness
    return dict(zip(robust.ids, robust.core_index))


# -- every scenario ------------------------------------------------------------------------------

@pytest.mark.parametrize("key", sorted(ALL))
def test_validates_without_issues(key):
    scenario, issues = mkba.check_scenario(ALL[key])
    assert scenario is not None and issues == []
    assert main(["validate", str(ALL[key])]) == 0


@pytest.mark.slow
@pytest.mark.parametrize("key", sorted(ALL))
def test_runs_and_the_portfolio_respects_every_rule(key):
    run = run_of(key)
    assert np.isfinite(run.scores.values).all()
    result, problem = run.portfolio.portfolio, run.portfolio.problem
    assert result.status == "optimal"
    assert pf.check_feasible(problem, result.selected, result.start_years) == []
    assert run.sensitivity is not None and run.sensitivity.robustness is not None
    settings = run.scenario.portfolio
    assert settings is not None and settings.rules and settings.budget.per_year and settings.budget.per_payer


@pytest.mark.parametrize("key", sorted(ALL))
def test_report_builds(key, tmp_path):
    out = mkba.write_run(run_of(key), tmp_path / key, reports=("html", "md", "xlsx"))
    for name in ("results.json", "report.html", "report.md", "report.xlsx", "ranking.csv", "portfolio.csv"):
        assert (out / name).stat().st_size > 0, name
    assert run_of(key).scenario.name in (out / "report.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("folder, script", [("landlust-westerkwartier", "make_measures.py"),
                                            ("wijkaanpak-aardgasvrij", "make_measures.py"),
                                            ("assen", "make_scenarios.py")])
def test_generated_files_are_reproducible(folder, script, tmp_path):
    """The workbook (and Assen's four YAML files) are exactly what the generator script writes."""
    spec = importlib.util.spec_from_file_location(f"gen_{folder.replace('-', '_')}", SCENARIOS / folder / script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    written = module.main(tmp_path / "measures.xlsx") if script == "make_measures.py" else module.main(tmp_path)
    for path in written if isinstance(written, list) else [written]:
        assert _content(path) == _content(SCENARIOS / folder / path.name), path.name


def _content(path):
    """A file's bytes; for a workbook, the bytes of every part but docProps/app.xml, where openpyxl
    writes its own version (so a newer openpyxl does not make the committed workbooks stale)."""
    import zipfile

    if path.suffix != ".xlsx":
        return path.read_bytes()
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in sorted(z.namelist()) if name != "docProps/app.xml"}


# -- landlust-westerkwartier (README section 6) ------------------------------------------------------

def test_landlust_rankings_as_documented():
    run = run_of("landlust")
    ranking = run.scores.order
    assert ranking("group")[:3] == ["K07", "K05a", "K03"]
    assert ranking("ondernemers")[0] == "K03" and ranking("ondernemers")[-1] == "K05b"
    assert ranking("eigenaren")[0] == ranking("ez")[0] == "K05a"
    assert ranking("stadsdeel")[:2] == ["K07", "K05b"]
    n = len(run.scores.measures)
    for label in run.scores.labels:
        assert ranking(label).index("K16") >= n - 3, label


def test_landlust_portfolio_greedy_and_core_as_documented():
    run = run_of("landlust")
    result, problem = run.portfolio.portfolio, run.portfolio.problem
    assert set(result.selected) == {"K01", "K03", "K07", "K08", "K10", "K11", "K12", "K15"}
    assert result.spend == pytest.approx(8.38e6)
    # K07 (NPV +4.0 mln) starts in 2027, not 2029: since start years are appraised, deferring it costs value
    assert dict(result.start_years) == {"K03": 2029, "K07": 2027, "K10": 2026, "K11": 2028, "K15": 2029}
    assert not {"K05a", "K05b", "K06"} & set(result.selected)
    # greedy takes K14 instead of K15 and so breaks the district's sustainability condition
    greedy = result.greedy
    assert "K14" in greedy.selected and "K15" not in greedy.selected
    assert any("duurzaamheid" in v for v in pf.check_feasible(problem, greedy.selected, greedy.start_years))
    # the total budget binds, not the yearly or per-party caps
    from dataclasses import replace
    assert pf.select(replace(problem, budget_total=np.inf)).objective == pytest.approx(1.394, abs=0.002)
    free = replace(problem, budget_per_year=problem.budget_per_year * np.inf,
                   payer_budgets=problem.payer_budgets * np.inf)
    assert pf.select(free).objective == pytest.approx(result.objective)
    assert core(run) == {"K01", "K03", "K07", "K08", "K11", "K12", "K15"}
    assert 0.9 < index(run)["K10"] < 1.0 and index(run)["K05a"] == 0.0
    assert run.sensitivity.robustness.base_share >= 0.9


# -- wijkaanpak-aardgasvrij (README section 5) ---------------------------------------------------

def test_zonnehof_rankings_split_along_the_political_line():
    run = run_of("zonnehof")
    ranking = run.scores.order
    for party in ("gemeente", "warmtebedrijf"):
        assert ranking(party)[:2] == ["A03a", "A03b"], party
    for party in ("corporatie", "huurders", "eigenaren", "waterschap"):
        assert ranking(party)[-1] == "A03a", party
    assert ranking("group")[:3] == ["A05", "A11", "A06"]


def test_zonnehof_the_hard_ambition_turns_the_hybrid_step_into_all_electric():
    run = run_of("zonnehof")
    result = run.portfolio.portfolio
    assert set(result.selected) == {"A01", "A03b", "A05", "A06", "A07", "A09", "A10", "A11", "A13"}
    assert result.spend == pytest.approx(18.97e6)
    column = run.matrix.criteria.index("aardgasvrij")
    chosen = [run.matrix.measures.index(m) for m in result.selected]
    assert run.matrix.values[chosen, column].sum() == 420
    block = run.to_dict()["ambitions"]
    assert block["package"] == "chosen" and block["not_met"] == [] and len(block["met"]) == 6
    gas = block["items"][0]
    assert gas["id"] == "aardgasvrij" and gas["targets"][0]["reached"] == 420
    assert gas["cost"]["value_without"] == pytest.approx(0.785, abs=0.001)  # the hybrid package A03c
    assert gas["cost"]["cost_value"] == pytest.approx(0.041, abs=0.001)
    assert gas["cost"]["min_investment"] == pytest.approx(14.32e6)
    assert not result.greedy.feasible and "A03c" in result.greedy.selected  # the simple rule misses it
    parties = run.portfolio.stakeholders
    assert all("A03b" in parties.selected(p) for p in parties.portfolios)
    assert parties.min_share >= 0.95


def test_zonnehof_the_package_is_firm_and_higher_costs_break_the_ambition():
    run = run_of("zonnehof")
    robust = run.sensitivity.robustness
    assert robust.base_share >= 0.5
    assert core(run) == {"A01", "A03b", "A05", "A06", "A07", "A09", "A10", "A11", "A13"}
    costs = next(b for b in run.sensitivity.tornado if b.input == "investment costs")
    assert np.isnan(costs.portfolio[1])  # at 1.3 x the investment no package meets the hard ambition


# -- assen (README section 2): the four masterplans as one batch -----------------------------------

ASSEN_FINDINGS = {
    "noord": (["N04", "N02a", "N06"], {"N02b", "N03", "N04", "N05", "N07", "N09"}, {"N04", "N05"}),
    "stadsbedrijvenpark": (["S02", "S03a", "S05"], {"S01", "S02", "S04", "S07", "S08"}, {"S01", "S02", "S04", "S08"}),
    "zuidwest": (["Z04", "Z01", "Z02"], {"Z02", "Z03", "Z04", "Z05", "Z07", "Z08", "Z09"},
                 {"Z02", "Z03", "Z05", "Z07", "Z08"}),
    "verspreid": (["V03", "V02a", "V05"], {"V01", "V03", "V04", "V05", "V06", "V07", "V08"},
                  {"V01", "V03", "V04"}),  # V05, V07: in 2 of the 3 non-dominated portfolios (exact RPM)
}


@pytest.mark.parametrize("circle", sorted(ASSEN_FINDINGS))
def test_assen_circle_findings_as_documented(circle):
    run = run_of(f"assen-{circle}")
    top, selected, core_set = ASSEN_FINDINGS[circle]
    assert len(run.matrix.criteria) == 12  # npv plus eleven theme scores: twelve themes weighed
    assert len({m.theme for m in run.scenario.measures}) >= 7
    assert run.scores.order("group")[:3] == top
    assert set(run.portfolio.portfolio.selected) == selected
    assert core(run) == core_set


def test_assen_greedy_breaks_the_energy_pact_in_two_circles():
    for circle, broken in (("noord", False), ("stadsbedrijvenpark", True), ("zuidwest", False), ("verspreid", True)):
        run = run_of(f"assen-{circle}")
        greedy = run.portfolio.portfolio.greedy
        issues = pf.check_feasible(run.portfolio.problem, greedy.selected, greedy.start_years)
        assert bool(issues) is broken, circle
        if broken:
            assert any("energie" in i for i in issues)
    zuidwest = run_of("assen-zuidwest")
    assert zuidwest.portfolio.portfolio.greedy.share_lost == pytest.approx(0.072, abs=0.005)
    assert zuidwest.sensitivity.robustness.base_share < 0.35  # the least firm circle (32 %)


@pytest.mark.filterwarnings("ignore:Port .* is already in use")
def test_assen_batch_writes_the_comparison(tmp_path):
    """`mkba batch scenarios/assen` as a library call, on an in-process Dask client (no LocalCluster
    of worker processes; run_many has no Dask-free path)."""
    from distributed import Client

    from mkba.batch import run_many, scenario_files

    assert [p.name for p in scenario_files([SCENARIOS / "assen"])] == sorted(p.name for p in ASSEN.values())
    with Client(processes=False, n_workers=1, threads_per_worker=1, dashboard_address=":0") as client:
        batch = run_many([SCENARIOS / "assen"], out=tmp_path, client=client, sensitivity=False)
    frame = batch.to_frame()
    assert list(frame["status"]) == ["done"] * 4
    assert dict(zip(frame["scenario"], frame["top_1"])) == {
        "scenario-noord": "N04", "scenario-stadsbedrijvenpark": "S02", "scenario-verspreid": "V03",
        "scenario-zuidwest": "Z04"}
    comparison = (tmp_path / "comparison.md").read_text(encoding="utf-8")
    for circle in ASSEN:
        assert f"scenario-{circle}" in comparison
    # the scenarios are Dutch: so is the comparison, with the measures' names beside their codes
    assert comparison.startswith("# Vergelijking van de varianten") and "4 varianten van 4 scenario's" in comparison
    assert "| 1 | N04 | Vrachtroute buiten de woonwijk om en betere aansluiting N33 | ja |" in comparison
    assert "| 3.200.000 |" in comparison and "3200000" not in comparison
    assert (tmp_path / "comparison.html").stat().st_size > 0 and (tmp_path / "summary.csv").exists()


# -- vitale-kerngebieden (README section 5) ------------------------------------------------------

def test_vitale_kerngebieden_rankings_as_documented():
    run = run_of("vitaal")
    ranking = run.scores.order
    assert ranking("group")[:3] == ["O01", "H01a", "B01"]
    assert ranking("ondernemers")[0] == "B03" and ranking("ondernemers")[-1] == "B01"
    assert ranking("eigenaren")[0] == "B01" and ranking("bewoners")[0] == "H01a" and ranking("gemeente")[0] == "O01"


def test_vitale_kerngebieden_portfolio_covers_every_area_and_leaves_de_hoven_open():
    run = run_of("vitaal")
    result = run.portfolio.portfolio
    assert set(result.selected) == {"B01", "B03", "B04", "B05", "O01", "O02", "O03", "O04", "H02", "H03",
                                    "W01", "W02", "W03"}
    assert result.spend == pytest.approx(6.43e6)
    areas = {m.id: m.theme for m in run.scenario.measures}
    assert {areas[m] for m in result.selected} == {"binnenstad", "oost", "de hoven", "westdorp"}
    centre = sum(sum(m.investment.values()) for m in run.scenario.measures
                 if m.id in result.selected and m.theme == "binnenstad")
    assert centre == pytest.approx(2.53e6)
    parties = run.portfolio.stakeholders
    assert not {"H01a", "H01b"} & set(result.selected)
    assert "H01a" in parties.selected("bewoners")
    assert "H01b" in parties.selected("ondernemers") and "H01b" in parties.selected("gemeente")
    # greedy funds the same measures, each in the first year that fits: B01, O02 and W01 in 2027, a year before the optimum
    assert set(result.greedy.selected) == set(result.selected)
    assert result.greedy.share_lost == pytest.approx(0.0034, abs=0.0005)
    from dataclasses import replace
    problem = run.portfolio.problem
    free = replace(problem, budget_per_year=problem.budget_per_year * np.inf,
                   payer_budgets=problem.payer_budgets * np.inf)
    assert pf.select(free).objective == pytest.approx(1.287, abs=0.002)
    assert pf.select(replace(problem, budget_total=np.inf)).objective == pytest.approx(result.objective)


def test_vitale_kerngebieden_core_as_documented():
    run = run_of("vitaal")
    assert core(run) == {"B04", "B05", "O01", "O02", "O04", "H02", "H03", "W03"}
    assert 0.75 < run.sensitivity.robustness.base_share < 0.9
    i = index(run)
    assert i["B02"] == 0.0 and 0.7 < i["B01"] < 0.9 and i["H01a"] < 0.2 and i["H01b"] < 0.2
