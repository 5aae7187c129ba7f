"""Scenario -> weight table: each elicitation in matrix-criterion order, and the group vector."""

from __future__ import annotations

import numpy as np
import pytest

import mkba
from mkba import weights as wt


def test_ahp_judgements_are_reordered_to_matrix_order(mini_path):
    """The corporation gave judgements in the order (liveability, npv, nuisance)."""
    run = mkba.run(mini_path)
    w = run.weights
    row = w.values[w.stakeholders.index("corporation")]
    given = np.array([[1, 1 / 2, 3], [2, 1, 5], [1 / 3, 1 / 5, 1]])
    direct = wt.ahp(given).weights  # liveability, npv, nuisance
    np.testing.assert_allclose(row, [direct[1], direct[0], direct[2]], atol=1e-12)
    detail = w.details[w.stakeholders.index("corporation")]
    assert detail["elicitation"] == "ahp" and detail["ri_table"] == "saaty" and detail["cr"] < 0.1


def test_swing_points_are_rescaled_to_the_ranges_of_the_longlist(mini_path):
    run = mkba.run(mini_path)
    w, m = run.weights, run.matrix
    row = w.values[w.stakeholders.index("school")]
    points = np.array([50, 100, 20.0])
    elicited = np.array([2000, 4, 2.0])
    observed = m.values.max(axis=0) - m.values.min(axis=0)
    expected = points * observed / elicited
    np.testing.assert_allclose(row, expected / expected.sum(), atol=1e-12)


def test_group_by_geometric_mean_of_judgements_when_all_gave_ahp(mini_dir):
    text = (mini_dir / "scenario.yaml").read_text()
    ahp = """    ahp:
      criteria: [npv, liveability, nuisance]
      matrix: [[1, {a}, {b}], ["1/{a}", 1, {c}], ["1/{b}", "1/{c}", 1]]
"""
    head = text.split("stakeholders:")[0]
    body = "stakeholders:\n"
    judgements = {"a1": (3, 5, 2), "a2": (1, 2, 3), "a3": (5, 7, 1)}
    for k, (a, b, c) in enumerate(judgements.values()):
        body += f"  - id: p{k}\n    name: P{k}\n    influence: {k + 1}\n" + ahp.format(a=a, b=b, c=c)
    tail = "measures: measures.csv\n"
    (mini_dir / "scenario.yaml").write_text(head.replace("group: mean", "group: auto") + body + tail)
    csv = mini_dir / "measures.csv"
    csv.write_text(csv.read_text().replace("corporation", "p0").replace("municipality", "p1").replace("residents", "p2"))
    text = (mini_dir / "scenario.yaml").read_text().replace("receivers: {residents: 1.0}", "receivers: {p2: 1.0}")
    (mini_dir / "scenario.yaml").write_text(text)
    scenario = mkba.read_scenario(mini_dir / "scenario.yaml")
    run = mkba.run(scenario)
    assert run.weights.group_method == "aij"
    mats = np.array([[[1, a, b], [1 / a, 1, c], [1 / b, 1 / c, 1]] for a, b, c in judgements.values()])
    influence = np.array([1, 2, 3]) / 6
    geo = np.exp(np.tensordot(influence, np.log(mats), axes=1))  # weighted geometric mean, by hand
    np.testing.assert_allclose(geo * geo.T, 1, atol=1e-12)  # reciprocal
    np.testing.assert_allclose(run.weights.group, wt.ahp(geo).weights, atol=1e-12)
    # and not the mean of priorities
    mean = influence @ run.weights.values
    assert not np.allclose(run.weights.group, mean, atol=1e-6)


def test_weights_not_summing_to_one_are_normalised(mini_dir):
    p = mini_dir / "scenario.yaml"
    p.write_text(p.read_text().replace("{npv: 0.5, liveability: 0.3, nuisance: 0.2}", "{npv: 5, liveability: 3, nuisance: 2}"))
    run = mkba.run(p)
    np.testing.assert_allclose(run.weights.values[0], [0.5, 0.3, 0.2])


@pytest.mark.parametrize("method", ["topsis", "vikor", "promethee2", "wsm", "moora", "edas", "spotis"])
def test_every_method_runs_the_mini_scenario(mini_dir, method):
    p = mini_dir / "scenario.yaml"
    p.write_text(p.read_text().replace("method: {name: topsis}", f"method: {{name: {method}}}"))
    run = mkba.run(p)
    s = run.scores
    assert s.values.shape == (5, 4) and np.isfinite(s.values).all()
    for row in s.ranks:
        assert sorted(row)[0] == 1


@pytest.mark.parametrize("method", ["copras", "wpm"])
def test_method_that_cannot_take_negative_npv_is_bad_input(mini_dir, method):
    p = mini_dir / "scenario.yaml"
    p.write_text(p.read_text().replace("method: {name: topsis}", f"method: {{name: {method}}}"))
    with pytest.raises(mkba.ScenarioError) as info:
        mkba.run(p)
    issue = info.value.errors[0]
    assert issue.field == "method" and issue.value == method
    assert ("negative" in issue.message or "<= 0" in issue.message) and "npv" in issue.message


def test_large_ahp_matrices_fall_back_to_a_table_that_covers_them():
    """Saaty's table stops at n = 10; 11+ criteria use Alonso & Lamata (2006), and say so."""
    assert wt.default_ri_table(10) == "saaty"
    assert wt.default_ri_table(11) == "alonso-lamata"
    w = np.linspace(1, 2, 12)
    result = wt.ahp(w[:, None] / w[None, :], ri_table=wt.default_ri_table(12))
    np.testing.assert_allclose(result.weights, w / w.sum(), atol=1e-12)
    assert result.ri_table == "alonso-lamata" and result.cr == pytest.approx(0, abs=1e-12)


CORPORATION_AHP = """    ahp:
      criteria: [liveability, npv, nuisance]
      matrix:
        - [1, "1/2", 3]
        - [2, 1, 5]
        - ["1/3", "1/5", 1]
"""


def corporation_objective(folder, method):
    p = folder / "scenario.yaml"
    text = p.read_text()
    assert CORPORATION_AHP in text
    p.write_text(text.replace(CORPORATION_AHP, f"    objective: {method}\n"))
    return p


def test_objective_weights_from_the_matrix(mini_dir):
    run = mkba.run(corporation_objective(mini_dir, "critic"))
    k = run.weights.stakeholders.index("corporation")
    np.testing.assert_allclose(run.weights.values[k], wt.critic(run.matrix.values, run.matrix.types), atol=1e-12)
    assert run.weights.details[k] == {"elicitation": "objective", "method": "critic"}


def test_entropy_on_negative_npv_is_located_bad_input(mini_dir):
    with pytest.raises(mkba.ScenarioError) as info:
        mkba.run(corporation_objective(mini_dir, "entropy"))
    issue = info.value.errors[0]
    assert issue.field == "stakeholders.corporation" and "negative" in issue.message
