"""A stakeholder's weights per level of the value tree (issue 21 item 2)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from mkba.io.scenario import check_scenario
from mkba.stages.prepare import prepare
from mkba.weights import ahp

TREE = """
value_tree:
  - {id: leefbaar, name: Leefbaarheid, criteria: [noise, liveability, nuisance]}
  - {id: klimaat, name: Klimaat, criteria: [co2]}
"""
# the municipality weighs per level: the goal over npv and leefbaar (AHP), then within leefbaar
LEVELS = """  - id: wijkraad
    name: Wijkraad
    levels:
      goal:
        ahp: {criteria: [npv, leefbaar], matrix: [[1, "1/3"], [3, 1]]}
      leefbaar: {weights: {liveability: 2, nuisance: 1}}
"""


def scenario_with(folder: Path, stakeholder: str, tree: str = TREE) -> tuple:
    path, orig = folder / "scenario.yaml", folder / "scenario.orig"
    if not orig.exists():
        orig.write_text(path.read_text())
    text = orig.read_text().replace("stakeholders:\n", "stakeholders:\n" + stakeholder, 1) + tree
    path.write_text(text)
    scenario, issues = check_scenario(path)
    return scenario, [i for i in issues if i.severity == "error"], [i for i in issues if i.severity == "warning"]


def test_global_weights_are_products_along_the_path(mini_dir):
    scenario, errors, _ = scenario_with(mini_dir, LEVELS)
    assert scenario is not None, "\n".join(map(str, errors))
    e = scenario.stakeholders[0].elicitation
    top = np.asarray(ahp(np.array([[1, 1 / 3], [3, 1]])).weights)  # 0.25, 0.75
    assert dict(e.weights) == pytest.approx({"npv": top[0], "liveability": top[1] * 2 / 3,
                                             "nuisance": top[1] / 3})
    _, _, weights = prepare(scenario)
    row = weights.to_frame().loc["wijkraad"]
    assert row.to_dict() == pytest.approx({"npv": 0.25, "liveability": 0.5, "nuisance": 0.25})


def test_ranking_per_level_and_one_item_nodes(mini_dir):
    levels = LEVELS.replace('ahp: {criteria: [npv, leefbaar], matrix: [[1, "1/3"], [3, 1]]}',
                            "ranking: [leefbaar, npv]")
    scenario, errors, _ = scenario_with(mini_dir, levels)
    assert scenario is not None, "\n".join(map(str, errors))
    w = dict(scenario.stakeholders[0].elicitation.weights)
    assert w == pytest.approx({"npv": 0.25, "liveability": 0.75 * 2 / 3, "nuisance": 0.25})  # ROC(2) = .75, .25


def test_inconsistent_ahp_warned_at_its_node(mini_dir):
    three = """  - id: wijkraad
    name: Wijkraad
    levels:
      goal: {weights: {npv: 1, leefbaar: 1}}
      leefbaar:
        ahp:
          criteria: [liveability, nuisance, npv]
          matrix: [[1, 5, "1/5"], ["1/5", 1, 5], [5, "1/5", 1]]
"""
    _, errors, _ = scenario_with(mini_dir, three)
    assert any(e.field == "stakeholders.wijkraad.levels.leefbaar.ahp" and "npv" in str(e) for e in errors)
    ok = three.replace("nuisance, npv]", "nuisance]").replace(
        'matrix: [[1, 5, "1/5"], ["1/5", 1, 5], [5, "1/5", 1]]', 'matrix: [[1, 5], ["1/5", 1]]')
    scenario, errors, _ = scenario_with(mini_dir, ok)
    assert scenario is not None, "\n".join(map(str, errors))


def test_inconsistent_three_by_three_node_warns(mini_dir):
    tree = "value_tree:\n  - {id: a, name: A, criteria: [liveability]}\n  - {id: b, name: B, criteria: [nuisance, noise]}\n"
    levels = """  - id: wijkraad
    name: Wijkraad
    levels:
      goal:
        ahp:
          criteria: [a, b, npv]
          matrix: [[1, 5, "1/5"], ["1/5", 1, 5], [5, "1/5", 1]]
"""
    scenario, errors, warnings = scenario_with(mini_dir, levels, tree)
    assert scenario is not None, "\n".join(map(str, errors))  # a and b hold one matrix criterion each: no levels
    assert any(w.field == "stakeholders.wijkraad.levels.goal.ahp.matrix" and "consistency ratio" in w.message
               for w in warnings), [str(w) for w in warnings]
    g = np.asarray(ahp(np.array([[1, 5, 1 / 5], [1 / 5, 1, 5], [5, 1 / 5, 1]])).weights)
    assert dict(scenario.stakeholders[0].elicitation.weights) == pytest.approx(
        {"npv": g[2], "liveability": g[0], "nuisance": g[1]})


@pytest.mark.parametrize(("levels", "field", "message"), [
    ("      goal: {weights: {npv: 1, leefbaar: 1}}\n", "stakeholders.wijkraad.levels", "levels missing for nodes"),
    ("      goal: {weights: {npv: 1, leefbaar: 1}}\n      leefbar: {weights: {liveability: 1}}\n",
     "stakeholders.wijkraad.levels.leefbar", "unknown node"),
    ("      goal: {swing: {points: {npv: 1}}}\n      leefbaar: {weights: {liveability: 1, nuisance: 1}}\n",
     "stakeholders.wijkraad.levels.goal", "exactly one of weights, ahp, ranking"),
    ("      goal: {weights: {npv: 1, leefbaar: 1}}\n      leefbaar: {weights: {liveability: 1, co2: 1}}\n",
     "stakeholders.wijkraad.levels.leefbaar.weights", "is monetised"),
])
def test_level_errors_are_located(mini_dir, levels, field, message):
    scenario, errors, _ = scenario_with(mini_dir, "  - id: wijkraad\n    name: Wijkraad\n    levels:\n" + levels)
    assert scenario is None
    assert any(e.field == field and message in e.message for e in errors), [str(e) for e in errors]


def test_levels_without_a_tree(mini_dir):
    scenario, errors, _ = scenario_with(mini_dir, LEVELS, tree="")
    assert scenario is None and any("levels need a value_tree" in e.message for e in errors)
