"""The portfolio stage on scenario files: problem built from budget and rules, solved, compared.

The optimum is checked against brute force over every subset of the (small) longlist, with the
rules applied directly from the scenario (an independent path from the ILP formulation).
"""

from __future__ import annotations

import itertools
import json
import shutil
from pathlib import Path

import numpy as np
import pytest

import mkba
from mkba.cli import main
from mkba import portfolio as pf
from mkba.errors import ScenarioError
from mkba.stages.selection import objective_values, problem_from_scenario

PORTFOLIO = """
budget:
  total: 1500
  per_year: {2026: 1000, 2027: 600}
portfolio: {objective: value+npv}
rules:
  - {mandatory: M1}
  - {exclusive: [M2, M3]}
  - {requires: M3, on: M1}
"""


@pytest.fixture
def scenario_path(mini_dir: Path) -> Path:
    path = mini_dir / "scenario.yaml"
    path.write_text(path.read_text() + PORTFOLIO)
    return path


def brute_force(run) -> tuple[float, set[str]]:
    s, values = run.scenario, run.portfolio.problem.values
    ids = [m.id for m in s.measures]
    best, best_set = -np.inf, set()
    for bits in itertools.product([0, 1], repeat=len(ids)):
        chosen = {m for m, b in zip(ids, bits) if b}
        spend = {2026: 0.0, 2027: 0.0}
        for m in s.measures:
            if m.id in chosen:
                for y, a in m.investment.items():
                    spend[y] = spend.get(y, 0.0) + a
        if sum(spend.values()) > 1500 or spend.get(2026, 0) > 1000 or spend.get(2027, 0) > 600:
            continue
        if "M1" not in chosen or {"M2", "M3"} <= chosen or ("M3" in chosen and "M1" not in chosen):
            continue
        value = sum(v for m, v in zip(ids, values) if m in chosen)
        if value > best + 1e-12:
            best, best_set = value, chosen
    return best, best_set


def test_optimum_equals_brute_force(scenario_path):
    run = mkba.run(scenario_path, sensitivity=False)
    p = run.portfolio.portfolio
    best, best_set = brute_force(run)
    assert p.status == "optimal" and p.objective == pytest.approx(best, abs=1e-9)
    assert set(p.selected) == best_set


def test_value_objective_is_anchored_mavt(scenario_path):
    """value+npv: Σ_j w_j d_j e_ij / max_i |e_ij| over the matrix criteria (zero effect = 0)."""
    run = mkba.run(scenario_path, sensitivity=False)
    x, d, w = run.matrix.values, run.matrix.types, run.weights.group
    expected = (x * d / np.abs(x).max(axis=0)) @ w
    np.testing.assert_allclose(run.portfolio.problem.values, expected, atol=1e-12)
    npv = objective_values(run.scenario, run.matrix, w, "npv")
    np.testing.assert_allclose(npv, run.appraisal.npv)
    pm = objective_values(run.scenario, run.matrix, w, "value")
    wp = w[1:] / w[1:].sum()
    np.testing.assert_allclose(pm, (x[:, 1:] * d[1:] / np.abs(x[:, 1:]).max(axis=0)) @ wp, atol=1e-12)


def test_rules_point_back_at_their_scenario_line(scenario_path):
    run = mkba.run(scenario_path, sensitivity=False)
    origins = [r.origin for r in run.portfolio.problem.rules]
    text = scenario_path.read_text().splitlines()
    for origin in origins:
        line = int(origin.rsplit("line ", 1)[1])
        assert text[line - 1].lstrip().startswith("- {"), origin


def test_infeasible_is_a_result_naming_the_conflict(scenario_path, tmp_path, capsys):
    scenario_path.write_text(scenario_path.read_text().replace("per_year: {2026: 1000, 2027: 600}",
                                                               "per_year: {2026: 900, 2027: 600}"))
    run = mkba.run(scenario_path, sensitivity=False)
    p = run.portfolio.portfolio
    assert p.status == "infeasible" and not p.selected
    assert "M1" in p.message and "2026" in p.message
    assert main(["run", str(scenario_path), "--out", str(tmp_path / "o"), "--no-sensitivity"]) == 0
    assert "infeasible" in capsys.readouterr().out
    data = json.loads((tmp_path / "o" / "results.json").read_text())
    assert data["portfolio"]["status"] == "infeasible"


def test_budget_override_and_files(scenario_path, tmp_path):
    assert main(["run", str(scenario_path), "--out", str(tmp_path / "o"), "--budget", "5000",
                 "--no-sensitivity", "--quiet"]) == 0
    for name in ("portfolio.csv", "frontier.csv", "frontier_entry.csv", "stakeholders_portfolio.csv"):
        assert (tmp_path / "o" / name).is_file(), name
    data = json.loads((tmp_path / "o" / "results.json").read_text())
    assert data["portfolio"]["problem"]["budget_total"] == 5000
    assert data["provenance"]["solver"]["name"] in ("cbc", "highs")
    values = [v for v in data["portfolio"]["frontier"]["values"] if v is not None]
    assert values == sorted(values), "more budget never lowers the best value"


def test_each_party_gets_all_of_its_own_best(scenario_path):
    run = mkba.run(scenario_path, sensitivity=False)
    st = run.portfolio.stakeholders
    for k, sid in enumerate(st.stakeholders):
        if st.best[k] > 0:
            assert st.shares[st.portfolios.index(sid), k] == pytest.approx(1.0)
    assert "compromise" in st.portfolios and "group" in st.portfolios


def test_both_solvers_agree(scenario_path):
    a = mkba.run(scenario_path, sensitivity=False, solver="cbc").portfolio.portfolio
    b = mkba.run(scenario_path, sensitivity=False, solver="highs").portfolio.portfolio
    assert a.objective == pytest.approx(b.objective, abs=1e-9) and set(a.selected) == set(b.selected)


def test_problem_from_scenario_is_the_run_s_problem_and_refuses_scores(scenario_path, mini_path):
    from mkba.errors import MethodError

    run = mkba.run(scenario_path, sensitivity=False)
    problem = problem_from_scenario(scenario_path)
    np.testing.assert_array_equal(problem.values, run.portfolio.problem.values)
    np.testing.assert_array_equal(problem.costs, run.portfolio.problem.costs)
    assert problem.rules == run.portfolio.problem.rules
    assert pf.select(problem).selected == run.portfolio.portfolio.selected
    npv = problem_from_scenario(scenario_path, objective="npv", budget=1e12)
    np.testing.assert_allclose(npv.values, run.appraisal.npv)
    assert npv.budget_total == 1e12
    with pytest.raises(ScenarioError, match="has no budget"):
        problem_from_scenario(mini_path)
    with pytest.raises(MethodError, match="normalised over the longlist"):
        problem_from_scenario(scenario_path, objective="topsis")
    with pytest.raises(ScenarioError, match="no such weight set"):
        problem_from_scenario(scenario_path, weights="nobody")


def test_portfolio_settings_and_rules_without_a_budget_apply_when_a_budget_is_given(mini_dir, capsys):
    """A scenario with 'portfolio' and 'rules' but no 'budget': both are checked when read (a typo
    in a rule is a located error), no portfolio is selected, and a budget given on the command line,
    in Python or as a batch variant selects one under exactly those settings and rules."""
    import json

    import mkba
    from mkba.batch import apply_overrides
    from mkba.cli import main

    path = mini_dir / "scenario.yaml"
    base = path.read_text(encoding="utf-8")
    path.write_text(base + "portfolio: {objective: npv, time_limit: 5}\nrules:\n  - {mandatory: M1}\n  - {forbidden: M3}\n",
                    encoding="utf-8")
    scenario = mkba.read_scenario(path)
    assert scenario.portfolio is not None and scenario.portfolio.budget is None
    assert any("applies only with a budget" in str(w) for w in scenario.warnings)
    assert mkba.run(scenario, sensitivity=False).portfolio is None
    chosen = mkba.run(scenario, sensitivity=False, budget=5_000).portfolio
    assert chosen.objective == "npv" and chosen.time_limit == 5
    assert "M1" in chosen.portfolio.selected and "M3" not in chosen.portfolio.selected
    varied = mkba.run(apply_overrides(scenario, (("budget", 5_000.0),)), sensitivity=False).portfolio
    assert varied.portfolio.selected == chosen.portfolio.selected and varied.objective == "npv"
    out = mini_dir / "out"
    assert main(["run", str(path), "--out", str(out), "--budget", "5000", "--no-sensitivity", "--no-report",
                 "--quiet"]) == 0
    written = json.loads((out / "results.json").read_text(encoding="utf-8"))["portfolio"]
    assert written["selected"] == list(chosen.portfolio.selected) and written["options"]["time_limit"] == 5
    path.write_text(base + "rules:\n  - {mandatory: M9}\n", encoding="utf-8")  # checked even without a budget
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "M9" in err and "scenario.yaml" in err, err
