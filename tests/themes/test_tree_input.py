"""The ``value_tree`` and ``money`` keys of a scenario (issue 21 item 1): parsed into the model, or located errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from mkba.io.scenario import check_scenario

TREE = """
money: theme
value_tree:
  - id: duurzaam
    name: Duurzame wijk
    description: Hoger doel
    themes: [klimaat, leefbaar]
  - id: klimaat
    name: Klimaat
    criteria: [co2]
  - id: leefbaar
    name: Leefbaarheid
    description: Wensen en uitdagingen
    criteria: [noise, liveability, nuisance]
"""


def with_text(folder: Path, text: str) -> tuple:
    """The mini scenario with ``text`` appended: (scenario or None, its errors)."""
    path = folder / "scenario.yaml"
    base = path.read_text()
    path.write_text(base + text)
    scenario, issues = check_scenario(path)
    return scenario, [i for i in issues if i.severity == "error"], len(base.splitlines())


def test_tree_parses(mini_dir):
    scenario, errors, base = with_text(mini_dir, TREE)
    assert scenario is not None, "\n".join(map(str, errors))
    assert scenario.money == "theme"
    assert [(w.field, w.row) for w in scenario.warnings if "money" in w.message] == [("money", base + 2)]
    root, klimaat, leefbaar = scenario.value_tree
    assert (root.id, root.name, root.description, root.children) == ("duurzaam", "Duurzame wijk", "Hoger doel",
                                                                      ("klimaat", "leefbaar"))
    assert klimaat.criteria == ("co2",) and leefbaar.criteria == ("noise", "liveability", "nuisance")
    assert leefbaar.description == "Wensen en uitdagingen" and klimaat.children == ()


def test_flat_scenario_has_no_tree(mini_path):
    scenario, _ = check_scenario(mini_path)
    assert scenario.value_tree == () and scenario.money == "npv"


@pytest.mark.parametrize(("text", "field", "line", "message"), [
    ("  - {id: a, name: A, criteria: [co2x]}", "value_tree.a.criteria", 2, "unknown criterion 'co2x'"),
    ("  - {id: a, name: A, themes: [b]}", "value_tree.a.themes", 2, "unknown node 'b'"),
    ("  - {id: a, name: A, criteria: [co2]}\n  - {id: b, name: B, criteria: [co2]}", "value_tree.b.criteria", 3,
     "'co2' is already under node 'a'"),
    ("  - {id: a, name: A, themes: [b]}\n  - {id: b, name: B, themes: [a]}", "value_tree.a.themes", 2,
     "a cycle in the value tree"),
    ("  - {id: a, name: A, themes: [a]}", "value_tree.a.themes", 2, "a cycle in the value tree: a -> a"),
    ("  - {id: a, name: A}", "value_tree.a", 2, "an empty node"),
    ("  - {id: a, name: A, criteria: []}", "value_tree.a", 2, "an empty node"),
    ("  - {id: co2, name: A, criteria: [noise]}", "value_tree.co2.id", 2, "must differ from every criterion"),
    ("  - {id: a, name: A, criteria: co2}", "value_tree.a.criteria", 2, "expected a list of ids"),
])
def test_tree_errors_are_located(mini_dir, text, field, line, message):
    scenario, errors, base = with_text(mini_dir, "value_tree:\n" + text + "\n")
    assert scenario is None
    hit = [e for e in errors if e.field == field and message in e.message]
    assert hit, [str(e) for e in errors]
    assert hit[0].row == base + line


def test_a_cycle_entered_from_above_is_a_second_parent(mini_dir):
    text = "value_tree:\n  - {id: top, name: T, themes: [a]}\n  - {id: a, name: A, themes: [b]}\n" \
           "  - {id: b, name: B, themes: [a]}\n"
    scenario, errors, _ = with_text(mini_dir, text)
    assert scenario is None
    assert [(e.field, e.message) for e in errors] == [("value_tree.b.themes", "'a' is already under node 'top'")]


def test_three_node_cycle_reported_once(mini_dir):
    text = "value_tree:\n  - {id: a, name: A, themes: [b]}\n  - {id: b, name: B, themes: [c]}\n" \
           "  - {id: c, name: C, themes: [a]}\n"
    _, errors, _ = with_text(mini_dir, text)
    assert [e.message for e in errors] == ["a cycle in the value tree: a -> b -> c -> a"]


def test_money_theme_needs_a_tree(mini_dir):
    scenario, errors, base = with_text(mini_dir, "money: theme\n")
    assert scenario is None and [(e.field, e.row) for e in errors] == [("money", base + 1)]


def test_unknown_node_key_names_the_closest(mini_dir):
    _, errors, _ = with_text(mini_dir, "value_tree:\n  - {id: a, name: A, criteria: [co2], critera: [noise]}\n")
    assert any("critera" in str(e) and "criteria" in str(e) for e in errors)
