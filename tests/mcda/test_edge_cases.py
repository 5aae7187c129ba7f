"""Degenerate inputs: zero-spread criteria, one measure, one criterion; no NaN, no crash."""

from __future__ import annotations

import numpy as np
import pytest

from mkba import mcda
from mkba.errors import MethodError

ALL = sorted(mcda.METHODS)


def _params(name: str, x: np.ndarray) -> dict:
    if name == "mavt":
        return {"bounds": np.column_stack([x.min(axis=0) - 1.0, x.max(axis=0) + 1.0])}
    return {}


@pytest.mark.parametrize("name", ALL)
def test_zero_spread_criterion_adds_the_same_to_every_measure(name: str) -> None:
    rng = np.random.default_rng(0)
    base = rng.uniform(1, 10, size=(12, 3))
    flat = np.column_stack([base, np.full(12, 7.0)])
    t = np.array([1.0, -1.0, 1.0, 1.0])
    w = np.array([0.3, 0.3, 0.2, 0.2])
    got = mcda.evaluate(name, flat, w, t, **_params(name, flat))
    assert np.isfinite(got).all()
    # Moving the weight of the flat criterion elsewhere and back must not change the ranking
    # relative to the 3-criterion problem with the flat criterion's weight dropped.
    w3 = w[:3] / w[:3].sum()
    ref = mcda.evaluate(name, base, w3, t[:3], **_params(name, base))
    hib = mcda.METHODS[name].higher_is_better
    np.testing.assert_array_equal(mcda.rank(got, higher_is_better=hib), mcda.rank(ref, higher_is_better=hib))


@pytest.mark.parametrize("name", ALL)
def test_all_criteria_flat_gives_one_shared_rank(name: str) -> None:
    x = np.tile([[3.0, 4.0]], (5, 1))
    got = mcda.evaluate(name, x, [0.5, 0.5], [1, -1], **_params(name, x))
    assert np.isfinite(got).all()
    assert (mcda.rank(got) == 1).all()


def test_vikor_zero_spread_does_not_raise_and_matches_dropping_it() -> None:
    x = np.array([[1.0, 5.0, 2.0], [2.0, 5.0, 1.0], [3.0, 5.0, 3.0]])
    got = mcda.evaluate("vikor", x, [0.4, 0.2, 0.4], [1, 1, -1])
    # S and R with the flat term at 0 are those of the 2-criterion problem with weights 0.4/0.4
    d = np.array([[1.0, 0.5], [0.5, 0.0], [0.0, 1.0]]) * 0.4
    s, r = d.sum(axis=1), d.max(axis=1)
    want = 0.5 * (s - s.min()) / np.ptp(s) + 0.5 * (r - r.min()) / np.ptp(r)
    np.testing.assert_allclose(got, want, atol=1e-12)


def test_vikor_equal_s_gives_zero_s_term() -> None:
    # two measures mirror each other: S equal, R equal -> Q = 0 for both (no NaN)
    x = np.array([[0.0, 1.0], [1.0, 0.0]])
    got = mcda.evaluate("vikor", x, [0.5, 0.5], [1, 1])
    np.testing.assert_array_equal(got, [0.0, 0.0])


@pytest.mark.parametrize("name", ALL)
def test_one_measure(name: str) -> None:
    x = np.array([[2.0, 3.0, 4.0]])
    got = mcda.evaluate(name, x, np.array([[0.2, 0.3, 0.5], [1.0, 0.0, 0.0]]), [1, -1, 1], **_params(name, x))
    assert got.shape == (2, 1)
    assert np.isfinite(got).all()


@pytest.mark.parametrize("name", ALL)
def test_one_criterion_orders_by_it(name: str) -> None:
    x = np.array([[4.0], [1.0], [3.0], [2.0]])
    got = mcda.evaluate(name, x, [1.0], [1], **_params(name, x))
    ranks = mcda.rank(got, higher_is_better=mcda.METHODS[name].higher_is_better)
    np.testing.assert_array_equal(ranks, [1, 4, 2, 3])


def test_topsis_every_weighted_criterion_flat_is_half() -> None:
    x = np.array([[1.0, 2.0], [1.0, 3.0], [1.0, 1.0]])
    np.testing.assert_array_equal(mcda.evaluate("topsis", x, [1.0, 0.0], [1, 1]), [0.5, 0.5, 0.5])


def test_edas_zero_average_nonconstant_raises() -> None:
    with pytest.raises(MethodError, match=r"criterion 1 average\(s\) 0"):
        mcda.evaluate("edas", [[-1.0, 2.0], [1.0, 3.0]], [0.5, 0.5], [1, 1])


@pytest.mark.parametrize("name,x,match", [
    ("wpm", [[0.0, 1.0], [1.0, 2.0]], "> 0"),
    ("copras", [[1.0, -1.0], [1.0, 2.0]], ">= 0"),
    ("copras", [[1.0, 0.0], [1.0, 2.0]], "cost"),
    ("topsis", [[1.0, 0.0], [1.0, 2.0]], "> 0"),
])
def test_ratio_scales_need_positive_values(name: str, x, match: str) -> None:
    params = {"normalization": "sum"} if name == "topsis" else {}
    with pytest.raises(MethodError, match=match):
        mcda.evaluate(name, x, [0.5, 0.5], [1, -1], **params)


def test_topsis_with_a_subnormal_distance_to_the_anti_ideal_warns_nothing():
    """D-^2 = 1e-320 (subnormal): the ratio D+^2/D-^2 overflows to inf and C is 0 (exactly 1e-160
    in real numbers); found by the pipeline property test through the stability analysis."""
    import warnings

    from mkba import mcda

    x = np.array([[0.0], [1e-160], [1.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        c = mcda.evaluate("topsis", x, np.array([[1.0]]), types=[1])
    np.testing.assert_allclose(c, [[0.0, 1e-160, 1.0]], atol=1e-12)
