"""The ``ambitions`` section of a scenario file (issue 19 item 1): parsed into the model, or located errors."""

from __future__ import annotations


import pytest

from mkba.io.scenario import check_scenario

AMBITIONS = """
ambitions:
  - id: leefbaar
    name: Leefbare wijk
    theme: liveability
    criterion: [liveability, nuisance]
    unit: punten
    targets: [{year: 2029, at_least: 5}, {at_most: 9}]
    definitions: {leefbaar: veilig en groen}
    realised: {2026: 1}
  - id: co2
    name: Minder CO2
    criterion: co2
    target: {year: 2030, at_least: 2}
    kind: soft
    weight: 2
    priority: 1
"""


def errors(issues):
    return [i for i in issues if i.severity == "error"]


def test_ambitions_parse(mini_plus):
    scenario, issues = mini_plus(AMBITIONS)
    assert scenario is not None, "\n".join(map(str, issues))
    leefbaar, co2 = scenario.ambitions
    assert (leefbaar.id, leefbaar.theme, leefbaar.criteria, leefbaar.unit) == (
        "leefbaar", "liveability", ("liveability", "nuisance"), "punten")
    assert [(t.sense, t.level, t.year) for t in leefbaar.targets] == [(">=", 5.0, 2029), ("<=", 9.0, None)]
    assert leefbaar.hard and dict(leefbaar.definitions) == {"leefbaar": "veilig en groen"}
    assert dict(leefbaar.realised) == {2026: 1.0}
    assert (co2.hard, co2.weight, co2.priority, co2.unit) == (False, 2.0, 1, "t/year")  # unit from the criterion
    assert co2.targets[0].line == co2.line + 3


def test_no_ambitions(mini_path):
    scenario, _ = check_scenario(mini_path)
    assert scenario.ambitions == ()


@pytest.mark.parametrize(("text", "field", "line", "message"), [
    ("  - {id: a, name: A, criterion: livability, target: {at_least: 1}}", "ambitions.criterion", 2,
     "unknown criterion"),
    ("  - {id: a, name: A, criterion: npv, target: {at_least: 1}}", "ambitions.criterion", 2, "unknown criterion"),
    ("  - {id: a, name: A, criterion: co2, target: {year: 2040, at_least: 1}}", "ambitions.target.year", 2,
     "target year outside the appraisal"),
    ("  - {id: a, name: A, criterion: co2, target: {year: 2025, at_least: 1}}", "ambitions.target.year", 2,
     "target year outside the appraisal"),
    ("  - {id: a, name: A, criterion: co2, target: {at_least: 1, at_most: 2}}", "ambitions.target[0]", 2,
     "give exactly one of at_least, at_most, equals"),
    ("  - {id: a, name: A, criterion: co2, target: {at_least: 1}, targets: []}", "ambitions.targets", 2,
     "give either 'target' (one) or 'targets' (a list)"),
    ("  - {id: a, name: A, criterion: co2, target: {at_least: 1}, weight: 2}", "ambitions.weight", 2,
     "'weight' is for a soft ambition"),
    ("  - {id: a, name: A, criterion: co2, target: {at_least: 1}, kind: soft, weight: 0}", "ambitions.weight", 2,
     "a weight must be > 0"),
    ("  - {id: a, name: A, criterion: co2, target: {at_least: 1}, kind: firm}", "kind", 2, "not a valid choice"),
    ("  - {id: a, name: A, criterion: co2, target: {at_least: 1, in: 2030}}", "in", 2, "unknown key"),
])
def test_located_errors(mini_dir, text, field, line, message, mini_plus):
    scenario, issues = mini_plus("\nambitions:\n" + text + "\n")
    found = errors(issues)
    assert scenario is None and found, issues
    first = found[0]
    base = len((mini_dir / "scenario.yaml").read_text().splitlines()) - 2
    assert message in first.message and first.field == field and first.row == base + line


def test_an_unknown_criterion_names_the_closest(mini_plus):
    _, issues = mini_plus("\nambitions:\n  - {id: a, name: A, criterion: livability, target: {at_least: 1}}\n")
    assert errors(issues)[0].suggestion == "liveability"


def test_contradictory_targets_name_both_lines(mini_dir, mini_plus):
    text = ("\nambitions:\n  - id: a\n    name: A\n    criterion: co2\n    targets:\n"
            "      - {year: 2030, at_least: 5}\n      - {year: 2031, at_most: 3}\n      - {year: 2030, at_most: 3}\n")
    scenario, issues = mini_plus(text)
    found = errors(issues)
    assert scenario is None and len(found) == 1
    total = len((mini_dir / "scenario.yaml").read_text().splitlines())
    assert "contradictory targets in 2030" in found[0].message
    assert f"line {total - 2}" in found[0].message and found[0].row == total


def test_equal_targets_that_differ_contradict(mini_plus):
    text = "\nambitions:\n  - {id: a, name: A, criterion: co2, targets: [{equals: 2}, {equals: 3}]}\n"
    _, issues = mini_plus(text)
    assert any("contradictory targets for the horizon" in i.message for i in errors(issues))
