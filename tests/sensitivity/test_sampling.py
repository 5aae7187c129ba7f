"""Samplers: uniformity (KS against known marginals), seeding by blocks, constraints, effects."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from mkba.errors import MethodError
from mkba.sensitivity import (child_seed, constrained, dirichlet_around, effects, hull, uniform_simplex)
from mkba.weights import rank_order_centroid


@pytest.mark.parametrize("m", [2, 3, 7])
def test_uniform_simplex_marginals_are_beta_1_m_minus_1(m: int) -> None:
    w = uniform_simplex(m, 20_000, seed=2024).array()
    np.testing.assert_allclose(w.sum(axis=1), 1.0, atol=1e-12)
    for j in range(m):
        assert stats.kstest(w[:, j], stats.beta(1, m - 1).cdf).pvalue > 0.01
    np.testing.assert_allclose(w.mean(axis=0), 1 / m, atol=0.01)
    np.testing.assert_allclose(w.var(axis=0), (m - 1) / (m * m * (m + 1)), rtol=0.05)


def test_normalised_uniforms_fail_the_same_ks_test() -> None:
    # the test above can fail: the wrong sampler (normalised U(0,1)) is rejected by it
    rng = np.random.default_rng(2024)
    u = rng.random((20_000, 3))
    w = u / u.sum(axis=1, keepdims=True)
    assert stats.kstest(w[:, 0], stats.beta(1, 2).cdf).pvalue < 1e-6


def test_stream_is_independent_of_consumption_block_size() -> None:
    s = uniform_simplex(4, 10_000, seed=7, block_size=1000)
    full = s.array()
    assert full.shape == (10_000, 4)
    for size in (1, 999, 1000, 3333, 20_000):
        np.testing.assert_array_equal(np.concatenate(list(s.blocks(size))), full)
    # block b comes from child b of SeedSequence(seed), as spawn numbers it
    child = np.random.SeedSequence(7).spawn(4)[3]
    assert child_seed(7, 3).generate_state(4).tolist() == child.generate_state(4).tolist()
    assert not np.array_equal(uniform_simplex(4, 100, seed=8).array(), full[:100])
    d = s.to_dict()
    assert d["block_size"] == 1000 and d["seed"]["entropy"] == 7


def test_constrained_order_only_is_uniform_on_the_ordinal_region() -> None:
    m = 4
    w = constrained(m, 40_000, seed=1, order=[0, 1, 2, 3]).array()
    assert (np.diff(w, axis=1) <= 0).all()
    # the centroid of {w1 >= ... >= wm} is the rank-order centroid (Barron & Barrett 1996)
    np.testing.assert_allclose(w.mean(axis=0), rank_order_centroid(m), atol=0.004)
    # w_m is the smallest of m uniform-simplex coordinates: P(min > t) = (1 - m t)^(m-1)
    t = np.sort(w[:, -1])
    assert stats.kstest(t, lambda v: 1 - np.clip(1 - m * v, 0, 1) ** (m - 1)).pvalue > 0.01


@pytest.mark.parametrize("low, algorithm", [(0.5, "rejection"), (0.95, "hit-and-run")])
def test_constrained_lower_bound_has_the_known_marginal(low: float, algorithm: str) -> None:
    # {w0 >= low} on the 3-simplex is a scaled simplex: (w0 - low)/(1 - low) ~ Beta(1, 2)
    s = constrained(3, 3000, seed=5, lower=[low, 0, 0])
    assert s.algorithm == algorithm
    w = s.array()
    assert (w[:, 0] >= low - 1e-12).all() and (w >= -1e-12).all()
    np.testing.assert_allclose(w.sum(axis=1), 1.0, atol=1e-12)
    assert stats.kstest((w[:, 0] - low) / (1 - low), stats.beta(1, 2).cdf).pvalue > 0.01
    # the other two coordinates are exchangeable
    assert stats.ks_2samp(w[:, 1], w[:, 2]).pvalue > 0.01


def test_hit_and_run_respects_bounds_and_order_together() -> None:
    s = constrained(5, 2000, seed=3, lower=[0.3, 0.0, 0.0, 0.0, 0.0], upper=[0.4, 0.3, 1, 1, 1],
                    order=[1, 2, 3])
    w = s.array()
    assert (w[:, 0] >= 0.3 - 1e-9).all() and (w[:, 0] <= 0.4 + 1e-9).all() and (w[:, 1] <= 0.3 + 1e-9).all()
    assert (w[:, 1] >= w[:, 2] - 1e-9).all() and (w[:, 2] >= w[:, 3] - 1e-9).all()
    with pytest.raises(MethodError, match="infeasible"):
        constrained(3, 10, seed=0, lower=[0.5, 0.5, 0.5])


def test_hull_of_affinely_independent_vertices_is_uniform() -> None:
    v = np.array([[0.6, 0.2, 0.2], [0.2, 0.6, 0.2], [0.2, 0.2, 0.6]])
    w = hull(v, 20_000, seed=4).array()
    # the hull is the simplex scaled by 0.4 around the centroid: (w0 - 0.2)/0.4 ~ Beta(1, 2)
    assert stats.kstest((w[:, 0] - 0.2) / 0.4, stats.beta(1, 2).cdf).pvalue > 0.01


def test_hull_with_more_vertices_than_dimensions_is_uniform_in_volume() -> None:
    # a square in the plane w2 = 0.2: vertices (a, 0.8 - a, 0.2), a in {0.1, 0.7}, and two more mid points
    v = np.array([[0.1, 0.7, 0.2], [0.7, 0.1, 0.2], [0.4, 0.4, 0.2], [0.25, 0.55, 0.2]])
    w = hull(v, 5000, seed=2).array()
    # collinear vertices: the hull is a segment; uniform in length
    assert stats.kstest((w[:, 0] - 0.1) / 0.6, stats.uniform.cdf).pvalue > 0.01
    sq = np.array([[0.1, 0.1, 0.8], [0.5, 0.1, 0.4], [0.1, 0.5, 0.4], [0.5, 0.5, 0.0]])
    ws = hull(sq, 20_000, seed=3).array()
    # the square's first coordinate is uniform on [0.1, 0.5]; Dirichlet mixing of 4 points is not
    assert stats.kstest((ws[:, 0] - 0.1) / 0.4, stats.uniform.cdf).pvalue > 0.01
    mix = hull(sq, 20_000, seed=3, uniform="mixing").array()
    assert stats.kstest((mix[:, 0] - 0.1) / 0.4, stats.uniform.cdf).pvalue < 1e-6


def test_dirichlet_around_has_the_right_mean_and_variance() -> None:
    w0 = np.array([0.5, 0.3, 0.2, 0.0])
    w = dirichlet_around(w0, 50.0, 20_000, seed=6).array()
    assert (w[:, 3] == 0).all()
    np.testing.assert_allclose(w.mean(axis=0), w0, atol=0.003)
    np.testing.assert_allclose(w.var(axis=0)[:3], w0[:3] * (1 - w0[:3]) / 51, rtol=0.06)


def test_hull_with_respondent_spread_has_the_mixture_moments() -> None:
    """w = l v1~ + (1 - l) v2, l ~ U(0, 1), v1~ ~ Dirichlet(k v1), v2 exact. By the law of total
    variance Var w_j = (v1j - v2j)^2 / 12 + E[l^2] v1j (1 - v1j) / (k + 1), E[l^2] = 1/3; the mean
    is the midpoint. One vertex alone is Dirichlet(k v1) (dirichlet_around's law)."""
    v = np.array([[0.6, 0.3, 0.1], [0.2, 0.2, 0.6]])
    for k in (5.0, 50.0):
        w = hull(v, 40_000, seed=8, spread=[k, np.nan]).array()
        assert np.allclose(w.sum(axis=1), 1.0) and (w >= 0).all()
        np.testing.assert_allclose(w.mean(axis=0), v.mean(axis=0), atol=0.004)
        want = (v[0] - v[1]) ** 2 / 12 + v[0] * (1 - v[0]) / (3 * (k + 1))
        np.testing.assert_allclose(w.var(axis=0), want, rtol=0.05)
    one = hull(v[:1], 20_000, seed=9, spread=[20.0]).array()
    np.testing.assert_allclose(one.var(axis=0), v[0] * (1 - v[0]) / 21, rtol=0.06)
    # the wider the respondents' disagreement (smaller k), the wider the sampled weights
    spreads = [hull(v, 20_000, seed=2, spread=[k, k]).array().std(axis=0).sum() for k in (2.0, 20.0, 200.0)]
    assert spreads[0] > spreads[1] > spreads[2]
    with pytest.raises(MethodError, match="one concentration per vertex"):
        hull(v, 10, seed=1, spread=[5.0])


@pytest.mark.slow
def test_the_sensitivity_analysis_uses_the_respondents_spread() -> None:
    """A stakeholder whose weights came from several respondents (survey.concentration, written by
    mkba collect) widens the sampled weights; without it the plain hull is used."""
    from dataclasses import replace
    from pathlib import Path

    from mkba.io.scenario import read_scenario
    from mkba.model import FrozenMap
    from mkba.pipeline import run

    path = Path(__file__).resolve().parents[2] / "scenarios" / "kraaihoek" / "scenario.yaml"
    scenario = read_scenario(path)
    scenario = replace(scenario, sensitivity=replace(scenario.sensitivity, samples=2000, portfolio_samples=10))
    first = scenario.stakeholders[0]
    spread = replace(scenario, stakeholders=(replace(first, survey=FrozenMap({"kind": "ranking", "respondents": 10,
                                                                              "concentration": 8.0})),
                                             *scenario.stakeholders[1:]))
    plain, wide = run(scenario, seed=3).sensitivity, run(spread, seed=3).sensitivity
    assert "spread" not in plain.sampler["params"]
    assert wide.sampler["params"]["spread"][0] == 8.0 and set(wide.sampler["params"]["spread"][1:]) == {None}
    assert not np.array_equal(plain.smaa.rank_acceptability, wide.smaa.rank_acceptability)


def test_effects_triangular_and_normal() -> None:
    low = np.array([[80.0, 1.0], [0.0, 5.0]])
    mode = np.array([[120.0, 1.0], [0.0, 7.0]])
    high = np.array([[150.0, 1.0], [10.0, 7.0]])
    x = effects(low, mode, high, 20_000, seed=8).array()
    assert x.shape == (20_000, 2, 2)
    assert (x[:, 0, 1] == 1.0).all()                       # certain cell
    for (i, j) in [(0, 0), (1, 0), (1, 1)]:
        a, c, b = low[i, j], mode[i, j], high[i, j]
        dist = stats.triang((c - a) / (b - a), loc=a, scale=b - a)
        assert stats.kstest(x[:, i, j], dist.cdf).pvalue > 0.01
    xn = effects(low, mode, high, 20_000, seed=8, dist="normal").array()
    assert stats.kstest(xn[:, 1, 0], stats.norm(0.0, 10.0 / 3.919927969).cdf).pvalue > 0.01
    with pytest.raises(MethodError, match="low <= mode <= high"):
        effects(high, mode, low, 10, seed=0)
