"""Invariants of the whole flow on generated scenarios (mkba.testing.strategies.scenarios).

Sources of the invariants: distribution-table rows sum to the societal effect and transfers
sum to zero (RWS "Wat is een MKBA"; Green Book annex A3); weights lie on the simplex; every
ranking is a competition ranking of all measures.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

import mkba
from mkba.testing.strategies import scenarios

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(scenarios())
def test_distribution_table_adds_up(scenario):
    a = mkba.run(scenario, sensitivity=False).appraisal
    d = a.distribution
    totals = d.sum(axis=2)  # (measure, item): the societal effect of each item
    np.testing.assert_allclose(totals[:, 0], -a.pv_investment, rtol=1e-9, atol=1e-6)
    np.testing.assert_allclose(totals[:, 1], -a.pv_running, rtol=1e-9, atol=1e-6)
    np.testing.assert_allclose(totals[:, 2:-1], a.benefits, rtol=1e-9, atol=1e-6)
    np.testing.assert_allclose(totals[:, -1], 0, atol=1e-6 * (1 + np.abs(d[:, -1]).max()))
    np.testing.assert_allclose(d.sum(axis=(1, 2)), a.npv, rtol=1e-9, atol=1e-6)


@SETTINGS
@given(scenarios())
def test_weights_on_simplex_and_ranks_complete(scenario):
    run = mkba.run(scenario, samples=200)
    w = run.weights.all
    assert (w >= 0).all()
    np.testing.assert_allclose(w.sum(axis=1), 1, atol=1e-12)
    n = len(scenario.measures)
    for row in run.scores.ranks:
        assert row.min() == 1 and row.max() <= n
        # competition ranking: a rank r is shared by exactly (next rank - r) measures
        values, counts = np.unique(row, return_counts=True)
        np.testing.assert_array_equal(values[1:], values[:-1] + counts[:-1])
    ra = run.sensitivity.smaa.rank_acceptability  # SMAA: each measure's acceptabilities are a distribution
    np.testing.assert_allclose(ra.sum(axis=1), 1, atol=1e-12)
    # ties share the best rank (rsmaa), so a rank's column sums to 1 only without ties; the first
    # k ranks together hold at least k measures' worth of acceptability
    np.testing.assert_array_less(np.arange(1, n + 1) - 1e-9, np.cumsum(ra.sum(axis=0)))


@pytest.mark.slow
@SETTINGS
@given(scenarios(max_measures=6))
def test_same_scenario_same_bytes(scenario):
    from mkba.writers import render_files

    first = render_files(mkba.run(scenario, samples=200))
    second = render_files(mkba.run(scenario, samples=200))
    assert first == second
