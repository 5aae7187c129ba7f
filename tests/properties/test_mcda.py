"""Property tests (hypothesis): dominance, scale invariance, batch == single, rank ties."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from mkba import mcda

FAST = settings(max_examples=60, deadline=None)

values = st.floats(min_value=0.5, max_value=1000.0, allow_nan=False, allow_infinity=False)


@st.composite
def problems(draw, min_n: int = 2, max_n: int = 12, max_m: int = 5):
    n = draw(st.integers(min_n, max_n))
    m = draw(st.integers(1, max_m))
    x = draw(arrays(np.float64, (n, m), elements=values))
    t = np.array(draw(st.lists(st.sampled_from([1.0, -1.0]), min_size=m, max_size=m)))
    raw = draw(arrays(np.float64, (m,), elements=st.floats(0.01, 1.0)))
    return x, t, raw / raw.sum()


@FAST
@given(problems(), st.data())
def test_dominated_measure_never_outranks_its_dominator(problem, data) -> None:
    x, t, w = problem
    a = data.draw(st.integers(0, x.shape[0] - 1))
    b = (a + 1) % x.shape[0]
    # make b dominated by a: worse or equal on every criterion
    gap = np.array(data.draw(st.lists(st.floats(0.0, 5.0), min_size=x.shape[1], max_size=x.shape[1])))
    x = x.copy()
    x[b] = x[a] - t * gap
    x[b] = np.where(x[b] <= 0, x[a], x[b])   # keep positivity: equal is still dominated-or-equal
    for name in ("wsm", "topsis"):
        s = mcda.evaluate(name, x, w, t)
        r = mcda.rank(s)
        assert r[a] <= r[b], name


@FAST
@given(problems(min_n=3), st.floats(0.01, 1000.0), st.data())
def test_positive_scaling_of_one_criterion_keeps_the_ranking(problem, factor, data) -> None:
    x, t, w = problem
    j = data.draw(st.integers(0, x.shape[1] - 1))
    y = x.copy()
    y[:, j] *= factor
    for name, params in [("wsm", {}), ("topsis", {}), ("topsis", {"normalization": "vector"}),
                         ("vikor", {}), ("spotis", {}), ("promethee2", {})]:
        hib = mcda.METHODS[name].higher_is_better
        before = mcda.evaluate(name, x, w, t, **params)
        after = mcda.evaluate(name, y, w, t, **params)
        np.testing.assert_allclose(after, before, rtol=1e-9, atol=1e-9, err_msg=name)
        np.testing.assert_array_equal(mcda.rank(after, higher_is_better=hib),
                                      mcda.rank(before, higher_is_better=hib), err_msg=name)


@FAST
@given(problems(min_n=1), st.integers(1, 6), st.sampled_from(sorted(set(mcda.METHODS) - {"mavt"})), st.data())
def test_batch_equals_single(problem, k, name, data) -> None:
    x, t, _ = problem
    raw = data.draw(arrays(np.float64, (k, x.shape[1]), elements=st.floats(0.0, 1.0)))
    raw[:, 0] += 1e-3
    w = raw / raw.sum(axis=1, keepdims=True)
    params = {"preference": "linear", "q": 1.0, "p": 50.0} if name == "promethee2" else {}
    if name == "edas" and np.any(x.mean(axis=0) == 0):
        return
    batch = mcda.evaluate(name, x, w, t, **params)
    entry = mcda.METHODS[name]
    resolved = mcda.check_params(name, params, n_criteria=x.shape[1])
    for row, got in zip(w, batch):
        np.testing.assert_allclose(got, mcda.evaluate(name, x, row, t, **params), rtol=0, atol=1e-9)
        np.testing.assert_allclose(got, entry.reference(x, row, t, **resolved), rtol=0, atol=1e-9)


@FAST
@given(arrays(np.float64, st.integers(1, 30), elements=st.sampled_from([0.0, 0.25, 0.5, 1.0, 2.0])),
       st.booleans())
def test_rank_ties_share_the_best_rank(scores, hib) -> None:
    r = mcda.rank(scores, higher_is_better=hib)
    for i, s in enumerate(scores):
        better = (scores > s).sum() if hib else (scores < s).sum()
        assert r[i] == 1 + better
