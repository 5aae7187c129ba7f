"""Budget, portfolio settings and rules in the scenario file: parsed into the model, or located errors."""

from __future__ import annotations


import pytest

from mkba.io.scenario import check_scenario

PORTFOLIO = """
budget:
  total: 1500
  per_year: {2026: 1000, 2027: 600}
  carry_over: true
  per_payer: {municipality: 900}
  running_cost_cap: 40
portfolio: {objective: value+npv, weights: residents, solver: cbc}
rules:
  - {mandatory: M1}
  - {forbidden: [M4]}
  - {exclusive: [M2, M3]}
  - {requires: M3, on: [M1, M2], lag: 1}
  - {theme: energy, min_count: 1, max_spend: 1200}
  - {synergy: [M1, M3], cost_saving: 100}
"""


def errors(issues):
    return [i for i in issues if i.severity == "error"]


def test_budget_and_rules_parse(mini_plus):
    scenario, issues = mini_plus(PORTFOLIO)
    assert scenario is not None, "\n".join(map(str, issues))
    p = scenario.portfolio
    assert p.budget.total == 1500 and dict(p.budget.per_year) == {2026: 1000, 2027: 600}
    assert p.budget.carry_over and dict(p.budget.per_payer) == {"municipality": 900}
    assert set(p.budget.running_cost_cap) == set(range(2026, 2036)) and p.budget.running_cost_cap[2030] == 40
    assert (p.objective, p.weights, p.solver) == ("value+npv", "residents", "cbc")
    kinds = [r.kind for r in p.rules]
    assert kinds == ["mandatory", "forbidden", "exclusive", "requires", "theme", "synergy"]
    requires = p.rules[3]
    assert requires.measures == ("M3", "M1", "M2") and requires.params["lag"] == 1
    assert requires.line is not None and requires.line > 30
    assert dict(p.rules[4].params) == {"name": "energy", "min_count": 1, "max_spend": 1200.0}


def test_no_budget_no_portfolio(mini_path):
    scenario, _ = check_scenario(mini_path)
    assert scenario.portfolio is None


@pytest.mark.parametrize(("old", "new", "field", "message", "suggestion"), [
    ("{mandatory: M1}", "{mandatory: M7}", "rules.mandatory", "unknown measure", None),
    ("{exclusive: [M2, M3]}", "{exclusive: [M2, M33]}", "rules.exclusive", "unknown measure", "M3"),
    ("{theme: energy,", "{theme: enrgy,", "rules.theme", "unknown theme", "energy"),
    ("per_payer: {municipality: 900}", "per_payer: {municipalty: 900}", "budget.per_payer", "unknown stakeholder",
     "municipality"),
    ("total: 1500", "total: -5", "budget.total", "negative", None),
    ("2027: 600", "2047: 600", "budget.per_year.2047", "out of range", None),
    ("{forbidden: [M4]}", "{forbiden: [M4]}", "rules", "exactly one kind", "forbidden"),
    ("lag: 1", "lag: -1", "rules.requires.lag", "out of range", None),
    ("weights: residents", "weights: resident", "portfolio.weights", "unknown weights", "residents"),
    ("objective: value+npv", "objective: topsis", "portfolio.objective", "cannot be the portfolio objective", None),
    ("objective: value+npv", "objective: npvv", "objective", "not a valid choice", "npv"),
])
def test_bad_portfolio_input_is_located(old, new, field, message, suggestion, mini_plus):
    assert old in PORTFOLIO
    scenario, issues = mini_plus(PORTFOLIO.replace(old, new))
    assert scenario is None
    hits = [i for i in errors(issues) if i.field == field and message in i.message]
    assert hits, "\n".join(map(str, issues))
    assert hits[0].row is not None
    if suggestion:
        assert hits[0].suggestion == suggestion


def test_start_years_column(mini_dir):
    csv = mini_dir / "measures.csv"
    text = csv.read_text().replace("transfers,co2", "transfers,start_years,co2")
    lines = text.splitlines()
    lines[1] = lines[1].replace(",,,2,0,1,1", ",,,2026;2027;2028,2,0,1,1")
    for k in range(2, len(lines)):
        parts = lines[k].split(",")
        lines[k] = ",".join(parts[:10] + [""] + parts[10:])
    csv.write_text("\n".join(lines) + "\n")
    scenario, issues = check_scenario(mini_dir / "scenario.yaml")
    assert scenario is not None, "\n".join(map(str, issues))
    assert scenario.measures[0].start_years == (2026, 2027, 2028) and scenario.measures[1].start_years == ()
    csv.write_text(csv.read_text().replace("2026;2027;2028", "2027;2028"))
    scenario, issues = check_scenario(mini_dir / "scenario.yaml")
    assert any(i.field == "start_years" and i.row == 2 for i in errors(issues))


@pytest.mark.parametrize("lag,says", [("", "can only be chosen together"), (", lag: 1", "none of these measures")])
def test_a_prerequisite_cycle_is_a_located_warning(lag, says, mini_plus):
    """M1 needs M2, M2 needs M3, M3 needs M1: one warning (not one per starting measure) at the
    first rule's line, naming the chain; a rule with several prerequisites forces no cycle."""
    rules = ("budget: {total: 1500}\nrules:\n"
             f"  - {{requires: M1, on: M2{lag}}}\n  - {{requires: M2, on: M3}}\n  - {{requires: M3, on: M1}}\n"
             "  - {requires: M4, on: [M1, M2]}\n  - {requires: M1, on: M4}\n")
    scenario, issues = mini_plus(rules)
    assert scenario is not None and not errors(issues)
    cycles = [i for i in issues if "cycle" in i.message]
    assert len(cycles) == 1, cycles
    (w,) = cycles
    assert w.severity == "warning" and w.field == "rules.requires" and says in w.message
    assert w.value == "M1 -> M2 -> M3 -> M1" and w.row is not None
