"""Large inputs stay within memory or are refused up front with the reason (issue 18, item 4).

Kendall's tau between rankings is O(n log n) per pair with no n x n array; SMAA-2 (whose rank
acceptabilities are n x n) refuses more than ``MAX_MEASURES`` measures naming the count and the
flag that skips it; sample streams refuse absurd counts. benchmarks/large_longlist.py measures
validate and run at 10k, 100k and 300k measures.
"""

from __future__ import annotations

import shutil
import tracemalloc
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import kendalltau

import mkba.stages.scoring as scoring
from mkba.cli import main
from mkba.errors import MethodError
from mkba.sensitivity import (MAX_MEASURES, MAX_SAMPLES, critical_criterion, smaa, stability_intervals,
                              uniform_simplex)

import mkba.sensitivity.limits as limits
MINI = Path(__file__).resolve().parents[1] / "data" / "mini"


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 5), st.integers(2, 60), st.integers(1, 8), st.integers(0, 2**32 - 1))
def test_kendall_pairwise_path_equals_the_blocked_path_and_scipy(k, n, levels, seed):
    rng = np.random.default_rng(seed)
    ranks = rng.integers(1, levels + 1, (k, n))  # few levels: many ties, sometimes a constant row
    blocked = scoring.kendall_matrix(ranks, block=7)
    old = scoring.KENDALL_BLOCKED_MAX
    try:
        scoring.KENDALL_BLOCKED_MAX = 1  # force the O(n log n) path
        pairwise = scoring.kendall_matrix(ranks)
    finally:
        scoring.KENDALL_BLOCKED_MAX = old
    np.testing.assert_allclose(pairwise, blocked, atol=1e-12, equal_nan=True)
    for a in range(k):
        for b in range(k):
            if a != b and np.ptp(ranks[a]) and np.ptp(ranks[b]):
                assert pairwise[a, b] == pytest.approx(kendalltau(ranks[a], ranks[b]).statistic, abs=1e-12)


def test_kendall_on_300k_measures_needs_no_n_by_n_memory():
    rng = np.random.default_rng(3)
    n = 300_000
    ranks = np.argsort(rng.random((3, n)), axis=1) + 1
    ranks[1] = ranks[0]  # identical rankings: tau 1
    ranks[2] = n + 1 - ranks[0]  # reversed: tau -1
    tracemalloc.start()
    try:
        tau = scoring.kendall_matrix(ranks)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    np.testing.assert_allclose(tau, [[1, 1, -1], [1, 1, -1], [-1, -1, 1]], atol=1e-12)
    assert peak < 64 * n * 8  # a few arrays of n; the blocked sums needed 3 x 256 x n x 8 bytes a block


def test_smaa_refuses_more_measures_than_its_limit_naming_the_count_and_the_way_round():
    values = np.random.default_rng(1).random((MAX_MEASURES + 1, 3))
    with pytest.raises(MethodError, match=rf"limited to {MAX_MEASURES:,} measures; this longlist has "
                                          rf"{MAX_MEASURES + 1:,}.*--no-sensitivity") as info:
        smaa(values, uniform_simplex(3, 10, 1), [1, 1, 1], method="topsis")
    assert "a table" in str(info.value)
    ok = smaa(values[:MAX_MEASURES], uniform_simplex(3, 5, 1), [1, 1, 1], method="topsis", pairwise=False)
    assert ok.rank_acceptability.shape == (MAX_MEASURES, MAX_MEASURES)
    np.testing.assert_allclose(ok.rank_acceptability.sum(axis=1), 1.0)


def test_stability_and_critical_criterion_refuse_the_same_longlists():
    values = np.random.default_rng(2).random((MAX_MEASURES + 1, 3))
    for analysis in (stability_intervals, critical_criterion):
        with pytest.raises(MethodError, match=rf"this longlist has {MAX_MEASURES + 1:,}.*--no-sensitivity"):
            analysis(values, np.ones(3) / 3, [1, 1, 1], method="topsis")


def test_sample_counts_are_bounded_cleanly():
    assert uniform_simplex(3, MAX_SAMPLES, 1).n_samples == MAX_SAMPLES  # lazy: nothing drawn yet
    with pytest.raises(MethodError, match="at most 10,000,000 samples; got 99,999,999,999"):
        uniform_simplex(3, 99_999_999_999, 1)
    with pytest.raises(MethodError, match="the number of samples must be a non-negative integer; got -5"):
        uniform_simplex(3, -5, 1)


@pytest.mark.slow
def test_run_refuses_the_sensitivity_stage_of_a_longlist_over_the_limit_and_runs_without_it(
        tmp_path, monkeypatch, capsys):
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    monkeypatch.setattr(limits, "MAX_MEASURES", 3)  # the mini scenario has 4 measures
    code = main(["run", str(folder / "scenario.yaml"), "--out", str(tmp_path / "out"), "--no-report",
                 "--samples", "100"])
    err = capsys.readouterr().err
    assert code == 2 and "limited to 3 measures; this longlist has 4" in err and "--no-sensitivity" in err
    assert not (tmp_path / "out").exists()
    code = main(["run", str(folder / "scenario.yaml"), "--out", str(tmp_path / "out"), "--no-report",
                 "--no-sensitivity", "--quiet"])
    assert code == 0 and (tmp_path / "out" / "results.json").exists()


def test_the_sensitivity_limit_is_checked_before_any_stage_runs(monkeypatch):
    """The refusal comes before the appraisal and the portfolio, not after minutes of solving."""
    import mkba.pipeline as pipeline

    monkeypatch.setattr(limits, "MAX_MEASURES", 3)  # the mini scenario has 4 measures

    def too_late(*args, **kwargs):
        raise AssertionError("a stage ran before the limit was checked")

    monkeypatch.setattr(pipeline, "prepare", too_late)
    with pytest.raises(MethodError, match="limited to 3 measures; this longlist has 4"):
        pipeline.run(MINI / "scenario.yaml", samples=100)
