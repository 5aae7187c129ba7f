"""Theme priorities and the money split (issue 21 items 1, 3) on the mini scenario with a value tree."""

from __future__ import annotations

import numpy as np
import pytest

from mkba.io.scenario import check_scenario
from mkba.stages.prepare import prepare
from mkba.stages.themes import priorities, split_money

TREE = """
value_tree:
  - {id: duurzaam, name: Duurzame wijk, themes: [klimaat, leefbaar]}
  - {id: klimaat, name: Klimaat, criteria: [co2]}
  - {id: leefbaar, name: Leefbaarheid, criteria: [noise, liveability, nuisance]}
"""


@pytest.fixture
def treed(mini_dir):
    path = mini_dir / "scenario.yaml"
    path.write_text(path.read_text() + TREE)
    scenario, issues = check_scenario(path)
    assert scenario is not None, "\n".join(map(str, issues))
    return scenario


def test_split_money_sums_to_the_npv(treed):
    appraisal, _, _ = prepare(treed)
    ids, values = split_money(treed, appraisal)
    frame = appraisal.to_frame()
    assert ids == ("npv", "npv_klimaat", "npv_leefbaar")
    np.testing.assert_allclose(values.sum(axis=1), frame["npv"], rtol=1e-12, atol=1e-6)
    np.testing.assert_allclose(values[:, 1], frame["pv_co2"])
    np.testing.assert_allclose(values[:, 2], frame["pv_noise"])
    np.testing.assert_allclose(values[:, 0], -frame["pv_costs"], atol=1e-6)  # every monetised effect is themed


def test_priorities_per_party_and_group(treed):
    _, matrix, weights = prepare(treed)
    result = priorities(treed, matrix, weights)
    assert result.nodes == ("duurzaam", "klimaat", "leefbaar") and result.parents == ("", "duurzaam", "duurzaam")
    assert result.depth == (1, 2, 2) and result.parties == weights.labels
    frame = weights.to_frame()
    # money stays in one 'npv' column: klimaat (co2 is monetised) gets no weight; leefbaar its two PM criteria
    expect = frame["liveability"] + frame["nuisance"]
    np.testing.assert_allclose(result.weights[:, 2], expect)
    np.testing.assert_allclose(result.weights[:, 1], 0.0)
    np.testing.assert_allclose(result.weights[:, 0], expect)
    assert (result.ranks[:, 2] == 1).all() and (result.ranks[:, 1] == 2).all() and (result.ranks[:, 0] == 1).all()
    assert result.stability is None


def test_stability_is_the_share_keeping_the_rank(treed):
    _, matrix, weights = prepare(treed)
    rng = np.random.default_rng(3)
    samples = rng.dirichlet(np.ones(len(matrix.criteria)), size=500)
    result = priorities(treed, matrix, weights, samples)
    col = {c: j for j, c in enumerate(matrix.criteria)}
    leef = samples[:, col["liveability"]] + samples[:, col["nuisance"]]
    # klimaat holds no matrix criterion, so leefbaar is first among the two in every sample
    assert (result.stability[:, 2] == 1.0).all() and (result.stability[:, 1] == 1.0).all()
    assert result.n_samples == 500 and (leef > 0).all()
    row = result.to_dict()["parties"]["group"]["leefbaar"]
    assert row["rank"] == 1 and row["stability"] == 1.0


def test_flat_scenario_has_no_priorities(mini_path):
    scenario, _ = check_scenario(mini_path)
    _, matrix, weights = prepare(scenario)
    assert priorities(scenario, matrix, weights) is None
