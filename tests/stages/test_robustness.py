"""The portfolio part of the sensitivity stage: core indices and the tornado on the portfolio value.

Checked by independent re-computation: the same sampled weightings and effects (same seeds),
values by ``anchored_values`` one sample at a time, each optimum by a fresh ``select``.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

import mkba
from mkba import portfolio as pf
from mkba.stages.sensitivity import first_rows, sample_matrices, scale_investment
from mkba.sensitivity.sampling import hull

KRAAIHOEK = Path(__file__).resolve().parents[2] / "scenarios" / "kraaihoek" / "scenario.yaml"


@pytest.fixture(scope="module")
def run():
    return mkba.run(KRAAIHOEK, samples=1000)


def test_core_index_is_the_share_of_independently_solved_optima(run):
    sens, port = run.sensitivity, run.portfolio
    k = run.scenario.sensitivity.portfolio_samples
    weight_seed, effect_seed = np.random.SeedSequence(run.provenance.seed).spawn(2)
    W = first_rows(hull(run.weights.values, 1000, weight_seed), k)
    X = first_rows(sample_matrices(run.scenario, run.appraisal, run.matrix, 1000, effect_seed), k)
    scale = np.abs(run.matrix.values).max(axis=0)
    chosen = np.zeros((k, len(run.matrix.measures)))
    for i in range(k):
        v = pf.anchored_values(X[i], W[i] / W[i].sum(), run.matrix.types, scale=scale)
        chosen[i] = pf.select(port.problem.with_values(v), greedy=False).mask
    np.testing.assert_allclose(sens.robustness.core_index, chosen.mean(axis=0))
    base = port.portfolio.mask
    assert sens.robustness.base_share == pytest.approx(np.mean((chosen == base).all(axis=1)))
    core = [m for m, c in sens.robustness.classes.items() if c == "core"]
    assert all(sens.robustness.core_index[run.matrix.measures.index(m)] > 0 for m in core)
    assert run.to_dict()["sensitivity"]["core_index"]["M12"] == pytest.approx(1.0)


def test_tornado_on_the_portfolio_value(run):
    sens = run.sensitivity
    assert sens.base_portfolio == pytest.approx(run.portfolio.portfolio.objective)
    cost = next(b for b in sens.tornado if b.input == "investment costs")
    low, high = cost.portfolio
    assert high < sens.base_portfolio < low  # dearer measures: less value for the same money
    for b in sens.tornado:  # every bar has a portfolio value, both ends feasible
        assert b.portfolio is not None and np.isfinite(b.portfolio).all()


def test_scaling_investment_equals_scaling_the_budgets():
    rng = np.random.default_rng(11)
    for _ in range(20):
        n, T = 9, 3
        costs = rng.integers(0, 6, (n, T)).astype(float)
        ids = [f"m{j}" for j in range(n)]
        p = pf.PortfolioProblem.from_arrays(
            rng.integers(-2, 9, n).astype(float), costs, rng.integers(3, 12, T).astype(float), ids=ids,
            total_budget=float(rng.integers(8, 30)), themes=["a", "b", "c"] * 3, objective="npv",
            theme_limits=[pf.ThemeLimit("a", max_spend=float(rng.integers(4, 15)))])
        for f in (0.7, 1.4):
            direct = pf.select(replace(p, costs=p.costs * f), greedy=False)
            scaled = pf.select(scale_investment(p, f), greedy=False)
            assert direct.status == scaled.status
            if direct.has_solution:
                assert direct.objective == pytest.approx(scaled.objective)
