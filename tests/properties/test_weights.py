"""Invariants of mkba.weights (methodology.md E6), checked with hypothesis."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from mkba import weights as wt
from mkba.errors import MethodError

FAST = settings(max_examples=60, deadline=None)
SAATY_SCALE = [1 / k for k in range(9, 1, -1)] + list(range(1, 10))


def on_simplex(w: np.ndarray) -> bool:
    return bool(np.all(w >= 0) and abs(w.sum() - 1) <= 1e-12 and np.all(np.isfinite(w)))


@st.composite
def reciprocal_matrices(draw, min_n=1, max_n=8):
    n = draw(st.integers(min_n, max_n))
    a = np.ones((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            v = float(draw(st.sampled_from(SAATY_SCALE)))
            a[i, j], a[j, i] = v, 1.0 / v
    return a


# zero or a normal (not subnormal) magnitude: scaling a subnormal by 1e-3 underflows, which is
# float arithmetic, not a property of the weighting
positive_vectors = st.integers(1, 10).flatmap(
    lambda m: arrays(float, m, elements=st.one_of(st.just(0.0), st.floats(1e-100, 1e6)))
).filter(lambda v: v.sum() > 0)


@FAST
@given(reciprocal_matrices())
def test_ahp_weights_on_simplex_positive_and_eigen(a):
    r = wt.ahp(a)
    assert on_simplex(r.weights) and np.all(r.weights > 0)
    np.testing.assert_allclose(a @ r.weights, r.lambda_max * r.weights, rtol=1e-8)
    assert r.lambda_max >= a.shape[0] - 1e-9 and r.cr >= 0


@FAST
@given(reciprocal_matrices(min_n=2), st.randoms(use_true_random=False))
def test_permuting_criteria_permutes_ahp_weights(a, rnd):
    n = a.shape[0]
    perm = list(range(n))
    rnd.shuffle(perm)
    r, rp = wt.ahp(a), wt.ahp(a[np.ix_(perm, perm)])
    np.testing.assert_allclose(rp.weights, r.weights[perm], atol=1e-10)
    assert abs(rp.cr - r.cr) <= 1e-9


@FAST
@given(arrays(float, st.integers(1, 8), elements=st.floats(0.01, 100)))
def test_consistent_matrix_round_trip(w):
    w = w / w.sum()
    r = wt.ahp(w[:, None] / w[None, :])
    np.testing.assert_allclose(r.weights, w, rtol=1e-9, atol=1e-12)
    assert r.cr <= 1e-9 and r.consistent


@FAST
@given(st.integers(1, 4).flatmap(lambda s: st.tuples(
    st.lists(reciprocal_matrices(min_n=4, max_n=4), min_size=s, max_size=s),
    arrays(float, s, elements=st.floats(0, 10)).filter(lambda v: v.sum() > 0)),
))
def test_aij_of_reciprocal_matrices_is_reciprocal(args):
    matrices, influence = args
    g = wt.aggregate_judgements(np.stack(matrices), influence)
    np.testing.assert_allclose(g * g.T, np.ones_like(g), rtol=1e-12)
    np.testing.assert_allclose(np.diag(g), 1, rtol=1e-12)
    assert on_simplex(wt.ahp(g).weights)


@FAST
@given(st.integers(1, 5).flatmap(lambda s: st.integers(1, 6).flatmap(lambda m: st.tuples(
    arrays(float, (s, m), elements=st.floats(0.001, 1)),
    arrays(float, s, elements=st.floats(0, 10)).filter(lambda v: v.sum() > 0)))),
    st.sampled_from(["arithmetic", "geometric"]))
def test_aip_on_simplex_and_unanimity(args, how):
    p, lam = args
    assert on_simplex(wt.aggregate_priorities(p, lam, how=how))
    same = np.repeat(p[:1] / p[:1].sum(), p.shape[0], axis=0)
    np.testing.assert_allclose(wt.aggregate_priorities(same, lam, how=how), same[0], atol=1e-12)


@FAST
@given(positive_vectors, st.floats(1e-3, 1e3))
def test_direct_is_scale_invariant_and_on_simplex(v, c):
    w, _ = wt.direct(v)
    wc, _ = wt.direct(v * c)
    assert on_simplex(w)
    np.testing.assert_allclose(wc, w, rtol=1e-12, atol=1e-15)


@FAST
@given(st.integers(1, 40))
def test_roc_decreasing_and_on_simplex(n):
    w = wt.rank_order_centroid(n)
    assert on_simplex(w) and np.all(np.diff(w) < 0)


@FAST
@given(st.lists(st.integers(1, 4), min_size=1, max_size=8))
def test_roc_with_ties_on_simplex_and_non_increasing(groups):
    w = wt.rank_order_weights(groups)
    assert on_simplex(w) and np.all(np.diff(w) <= 1e-15)


@FAST
@given(st.integers(1, 8).flatmap(lambda m: st.tuples(
    arrays(float, m, elements=st.floats(0, 100)).filter(lambda p: p.max() > 0),
    arrays(float, m, elements=st.floats(0.1, 50)),
    arrays(float, m, elements=st.floats(0.1, 50)))))
def test_swing_on_simplex(args):
    p, elicited, observed = args
    assert on_simplex(wt.swing(p))
    assert on_simplex(wt.swing(p, elicited_ranges=elicited, observed_ranges=observed))


@FAST
@given(st.integers(2, 8).flatmap(lambda a: st.integers(1, 6).flatmap(lambda m: st.tuples(
    arrays(float, (a, m), elements=st.floats(0, 1000)),
    arrays(float, m, elements=st.sampled_from([-1.0, 1.0]))))))
def test_objective_weights_on_simplex(args):
    x, types = args
    if np.all(x.sum(axis=0) > 0) and np.any(x.max(0) > x.min(0)):
        assert on_simplex(wt.entropy(x))
    if np.all(x.max(0) > x.min(0)):
        r = (x - x.min(0)) / (x.max(0) - x.min(0))
        r = np.where(types > 0, r, 1 - r)
        try:
            assert on_simplex(wt.critic(x, types))
        except MethodError as exc:  # only when every criterion is perfectly correlated: undefined
            assert "perfectly correlated" in str(exc)
            assert x.shape[1] > 1 and np.allclose(r, r[:, :1])
