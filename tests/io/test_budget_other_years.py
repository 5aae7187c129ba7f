"""Budgets by year are explicit (issue 17 item 2): ``budget.other_years`` says what a year without
its own line in ``per_year`` may spend, and the report says which rule holds and what the package
spends in such years.

The small scenario is the mini longlist with M3's investment moved to 2030 and M3 made mandatory,
yearly budgets for 2026-2028 only: under ``unlimited`` (the default) M3 spends its 400 in 2030;
under ``0`` it cannot, so the rule makes the package infeasible; under ``carry`` 2030 may spend
what 2026-2028 left.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import mkba
from mkba.io.scenario import check_scenario
from mkba.report import render

BUDGET = "budget:\n  per_year: {2026: 2000, 2027: 1000, 2028: 1000}\n"


def _scenario(mini_dir: Path, budget: str, *, rules: str = "rules:\n  - {mandatory: M3}\n") -> Path:
    table = mini_dir / "measures.csv"
    text = table.read_text(encoding="utf-8")
    assert "M3,Heat pump pilot,energy,2026,400," in text
    table.write_text(text.replace("M3,Heat pump pilot,energy,2026,400,", "M3,Heat pump pilot,energy,2030,400,"),
                     encoding="utf-8")
    path = mini_dir / "scenario.yaml"
    path.write_text(path.read_text(encoding="utf-8") + budget + rules, encoding="utf-8")
    return path


def _issues(path: Path, severity: str) -> list:
    return [i for i in check_scenario(path)[1] if i.severity == severity]


@pytest.mark.parametrize("line, carry, other", [("", "false", "unlimited"), ("  other_years: unlimited\n", "false",
                                                "unlimited"), ("  other_years: 0\n", "false", "0"),
                                               ("  other_years: '0'\n", "false", "0"),
                                               ("  other_years: carry\n", "true", "carry")])
def test_other_years_is_read(mini_dir, line, carry, other):
    path = _scenario(mini_dir, BUDGET + f"  carry_over: {carry}\n" + line)
    scenario, issues = check_scenario(path)
    assert [i for i in issues if i.severity == "error"] == []
    assert scenario.portfolio.budget.other_years == other


@pytest.mark.parametrize("line, carry, words", [
    ("  other_years: carry\n", "false", "needs carry_over: true"),
    ("  other_years: 0\n", "true", "cumulative"),
    ("  other_years: none\n", "false", "not a valid choice"),
])
def test_a_rule_the_model_cannot_keep_is_a_located_error(mini_dir, line, carry, words):
    path = _scenario(mini_dir, BUDGET + f"  carry_over: {carry}\n" + line)
    errors = _issues(path, "error")
    assert len(errors) == 1 and errors[0].field == "budget.other_years" and words in errors[0].message
    text = path.read_text(encoding="utf-8").splitlines()
    assert text[errors[0].row - 1].strip().startswith("other_years:")


def test_a_gap_with_carry_over_is_warned(mini_dir):
    path = _scenario(mini_dir, "budget:\n  per_year: {2026: 2000, 2028: 1000}\n  carry_over: true\n")
    warnings = _issues(path, "warning")
    assert any(w.field == "budget.per_year" and "2027 has no budget line" in w.message for w in warnings)


def test_other_years_without_per_year_is_warned(mini_dir):
    path = _scenario(mini_dir, "budget:\n  total: 5000\n  other_years: 0\n")
    assert any(w.field == "budget.other_years" and "no effect" in w.message for w in _issues(path, "warning"))


def _run(path: Path):
    return mkba.run(path, sensitivity=False).to_dict()


def test_unlimited_other_years_spend_in_2030_and_the_report_says_so(mini_dir):
    results = _run(_scenario(mini_dir, BUDGET))
    port, plan = results["portfolio"], results["roadmap"]
    assert port["status"] == "optimal" and "M3" in port["selected"] and "other_years" not in port["budget"]
    spent = dict(zip(plan["years"], plan["total"]))
    assert spent[2030] == 400.0 and dict(zip(plan["years"], plan["budget"]))[2030] is None
    md = render(results, "md", lang="en").decode("utf-8")
    assert "2030: the package spends €400 without a yearly budget of its own" in md
    assert "| Years without a budget line | unlimited: only the total budget" in md
    nl = render(results, "md", lang="nl").decode("utf-8")
    assert "2030: het pakket besteedt € 400 zonder eigen jaarbudget" in nl and "other\\_years: unlimited" in nl


def test_zero_other_years_cannot_spend_in_2030(mini_dir):
    results = _run(_scenario(mini_dir, BUDGET + "  other_years: 0\n"))
    port = results["portfolio"]
    assert port["status"] == "infeasible" and port["budget"]["other_years"] == "0"
    assert port["budget"]["per_year"]["2030"] == 0.0 and port["budget"]["per_year"]["2026"] == 2000.0
    assert "2031" not in port["budget"]["per_year"]  # after the last year anything may be spent a cap changes nothing
    assert "budget other_years: 0 (scenario.yaml)" in json.dumps(port["diagnosis"])  # the cap M3 cannot keep
    md = render(results, "md", lang="en").decode("utf-8")
    assert "| Years without a budget line | no money: nothing may be spent in such a year (other\\_years: 0) |" in md


def test_zero_other_years_without_the_mandate_leaves_2030_empty(mini_dir):
    results = _run(_scenario(mini_dir, BUDGET + "  other_years: 0\n", rules=""))
    port = results["portfolio"]
    assert port["status"] == "optimal" and "M3" not in port["selected"]
    assert 2030 not in results["roadmap"]["years"] or dict(zip(results["roadmap"]["years"],
                                                               results["roadmap"]["total"]))[2030] == 0.0


@pytest.mark.parametrize("yearly, feasible", [((2000, 1000, 1000), True), ((100, 100, 100), False)])
def test_carry_lets_2030_spend_what_earlier_years_left(mini_dir, yearly, feasible):
    """2026-2028 bring 4000 in all (or 300, less than M3's 400): 2030 brings no money of its own and
    may spend only what those years left."""
    per_year = ", ".join(f"{y}: {a}" for y, a in zip((2026, 2027, 2028), yearly))
    budget = f"budget:\n  per_year: {{{per_year}}}\n  carry_over: true\n  other_years: carry\n"
    results = _run(_scenario(mini_dir, budget))
    port = results["portfolio"]
    assert port["budget"]["other_years"] == "carry"
    assert (port["status"] == "optimal") == feasible
    if feasible:
        plan = results["roadmap"]
        available = dict(zip(plan["years"], plan["available"]))
        assert dict(zip(plan["years"], plan["total"]))[2030] == 400.0 and available[2030] >= 400.0
        md = render(results, "md", lang="en").decode("utf-8")
        assert "no new money: such a year may spend only what earlier years left (other\\_years: carry)" in md
        assert "without a yearly budget of its own" not in md
