"""Property tests (hypothesis) for the sensitivity stage: ranks, SMAA invariants, stability intervals."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from mkba import mcda
from mkba.sensitivity import smaa, stability_intervals, uniform_simplex
from mkba.sensitivity.ranks import rank_block

FAST = settings(max_examples=40, deadline=None)


@FAST
@given(arrays(np.float64, st.tuples(st.integers(1, 6), st.integers(1, 9)),
              elements=st.sampled_from([0.0, -0.0, 1.0, -1.0, 1.0 + 1e-13, 1.0 + 3e-12, 2.5, -7.0, 1e300, 1e-300])),
       st.booleans())
def test_rank_block_is_mcda_rank(s: np.ndarray, higher: bool) -> None:
    np.testing.assert_array_equal(rank_block(s, higher).ranks(), mcda.rank(s, higher_is_better=higher) - 1)


@st.composite
def problems(draw):
    n = draw(st.integers(2, 7))
    m = draw(st.integers(1, 4))
    x = draw(arrays(np.float64, (n, m), elements=st.floats(0.5, 100.0)))
    t = np.array(draw(st.lists(st.sampled_from([1.0, -1.0]), min_size=m, max_size=m)))
    seed = draw(st.integers(0, 2**32 - 1))
    method = draw(st.sampled_from(["wsm", "topsis", "vikor", "spotis", "promethee2"]))
    return x, t, seed, method


@FAST
@given(problems())
def test_smaa_invariants(problem) -> None:
    x, t, seed, method = problem
    n, m = x.shape
    r = smaa(x, uniform_simplex(m, 200, seed=seed), t, method=method, block_size=57)
    np.testing.assert_allclose(r.rank_acceptability.sum(axis=1), 1.0, atol=1e-12)
    # rank-1 acceptability, central weights and confidence are consistent
    first = r.rank_acceptability[:, 0] > 0
    assert np.isnan(r.central_weights[~first]).all() and np.isfinite(r.central_weights[first]).all()
    np.testing.assert_allclose(r.central_weights[first].sum(axis=1), 1.0, atol=1e-9)
    assert set(np.unique(r.confidence[first])) <= {0.0, 1.0}
    assert (r.pairwise_winning + r.pairwise_winning.T <= 1 + 1e-12).all()
    # a measure's holistic acceptability lies between its worst and best meta-weight
    assert ((r.holistic >= -1e-12) & (r.holistic <= 1 + 1e-12)).all()
    # relabelling the measures permutes every index the same way
    p = np.random.default_rng(seed).permutation(n)
    q = smaa(x[p], uniform_simplex(m, 200, seed=seed), t, method=method, block_size=200)
    np.testing.assert_array_equal(q.rank_acceptability, r.rank_acceptability[p])
    np.testing.assert_array_equal(q.pairwise_winning, r.pairwise_winning[np.ix_(p, p)])


@FAST
@given(problems())
def test_stability_interval_contains_the_current_weight(problem) -> None:
    x, t, seed, method = problem
    m = x.shape[1]
    w = np.random.default_rng(seed).dirichlet(np.ones(m))
    res = stability_intervals(x, w, t, method=method)
    for iv in (res.top_interval, res.ranking_interval):
        assert ((iv[:, 0] <= w + 1e-12) & (w <= iv[:, 1] + 1e-12)).all()
        assert ((iv >= 0) & (iv <= 1)).all()
    # the ranking interval is inside the top interval
    assert (res.ranking_interval[:, 0] >= res.top_interval[:, 0] - 1e-9).all()
    assert (res.ranking_interval[:, 1] <= res.top_interval[:, 1] + 1e-9).all()
