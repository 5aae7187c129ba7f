"""SMAA-2 against an independent brute force (plain loops over samples) for every registered method."""

from __future__ import annotations

import numpy as np
import pytest

from mkba import mcda
from mkba.errors import MethodError
from mkba.sensitivity import SMAAResult, effects, sampled_scores, smaa, uniform_simplex

TYPES = np.array([1.0, -1.0, 1.0, 1.0])


def _params(name: str, x: np.ndarray) -> dict:
    # mavt has a required parameter (the elicitation ranges): give bounds that contain every sample.
    if name == "mavt":
        return {"bounds": np.column_stack([np.full(x.shape[-1], 0.0), np.full(x.shape[-1], 200.0)])}
    return {}


def _brute(name, x, w, t, params, fixed_values: bool):
    """Plain-loop SMAA-2: one reference-implementation call and one rank per sample."""
    entry = mcda.METHODS[name]
    resolved = mcda.check_params(name, params, n_criteria=t.size)
    n_s = w.shape[0]
    n = x.shape[-2]
    ra = np.zeros((n, n))
    cw = np.zeros((n, t.size))
    pw = np.zeros((n, n))
    for k in range(n_s):
        xk = x if fixed_values else x[k]
        s = entry.reference(xk, w[k], t, **resolved)
        r = mcda.rank(s, higher_is_better=entry.higher_is_better)
        for i in range(n):
            ra[i, r[i] - 1] += 1
            if r[i] == 1:
                cw[i] += w[k]
            for j in range(n):
                if r[i] < r[j]:
                    pw[i, j] += 1
    with np.errstate(invalid="ignore"):
        cw = cw / ra[:, :1]
    conf = np.full(n, np.nan)
    for i in range(n):
        if ra[i, 0] == 0:
            continue
        hits = 0
        for k in range(1 if fixed_values else n_s):
            xk = x if fixed_values else x[k]
            s = entry.reference(xk, cw[i], t, **resolved)
            hits += mcda.rank(s, higher_is_better=entry.higher_is_better)[i] == 1
        conf[i] = hits / (1 if fixed_values else n_s)
    return ra / n_s, cw, conf, pw / n_s


def assert_equals_brute(got, name, x, w, params, fixed_values: bool) -> None:
    """Every SMAA index of ``got`` equals the brute-force loop over the samples."""
    ra, cw, conf, pw = _brute(name, x, w, TYPES, params, fixed_values=fixed_values)
    np.testing.assert_array_equal(got.rank_acceptability, ra)
    np.testing.assert_allclose(got.central_weights, cw, rtol=0, atol=1e-13)
    np.testing.assert_array_equal(got.confidence, conf)
    np.testing.assert_array_equal(got.pairwise_winning, pw)


def sampled_values() -> np.ndarray:
    """150 sampled 5-measure matrices (triangular effects of +-15 around random modes)."""
    mode = np.random.default_rng(12).uniform(20.0, 80.0, size=(5, TYPES.size))
    return effects(mode - 15.0, mode, mode + 15.0, 150, seed=3).array()


def sampled_weights() -> np.ndarray:
    return uniform_simplex(TYPES.size, 150, seed=4).array()


@pytest.mark.parametrize("name", sorted(mcda.METHODS))
def test_fixed_values_equal_brute_force(name: str) -> None:
    rng = np.random.default_rng(11)
    x = rng.uniform(1.0, 100.0, size=(6, TYPES.size))
    w = uniform_simplex(TYPES.size, 400, seed=5).array()
    params = _params(name, x)
    got = smaa(x, w, TYPES, method=name, params=params, block_size=64)
    assert_equals_brute(got, name, x, w, params, fixed_values=True)
    assert got.higher_is_better == mcda.METHODS[name].higher_is_better


@pytest.mark.parametrize("name", sorted(mcda.METHODS))
def test_sampled_values_equal_brute_force(name: str) -> None:
    x = sampled_values()
    w = sampled_weights()
    params = _params(name, x)
    got = smaa(x, w, TYPES, method=name, params=params, block_size=32)
    assert_equals_brute(got, name, x, w, params, fixed_values=False)


#: copras and promethee2 with every preference function (thresholds on the scale of the values).
_SAMPLED_KERNEL_CASES = [("copras", {})] + [("promethee2", p) for p in (
    {"preference": "usual"}, {"preference": "ushape", "q": 5.0}, {"preference": "vshape", "p": 10.0},
    {"preference": "level", "q": 5.0, "p": 10.0}, {"preference": "linear", "q": 5.0, "p": 15.0},
    {"preference": "gaussian", "s": 8.0},
    {"preference": ["linear", "level", "gaussian", "ushape"], "q": [2.0, 5.0, 0.0, 10.0], "p": [12.0, 10.0, 1.0, 20.0],
     "s": [1.0, 1.0, 6.0, 1.0]})]


@pytest.mark.parametrize("ties", [False, True], ids=["continuous", "ties"])
@pytest.mark.parametrize("name,params", _SAMPLED_KERNEL_CASES,
                         ids=["copras"] + [f"promethee2-{i}" for i in range(len(_SAMPLED_KERNEL_CASES) - 1)])
def test_sampled_values_equal_brute_force_copras_promethee2(name: str, params: dict, ties: bool) -> None:
    # as test_sampled_values_equal_brute_force, for the methods with their own sampled kernels:
    # optionally values on a grid of 5 (ties, differences equal to the thresholds) and a zero-spread criterion
    x = sampled_values()
    if ties:
        x = np.round(x / 5.0) * 5.0
        x[:, :, 2] = 50.0
    w = sampled_weights()
    got = smaa(x, w, TYPES, method=name, params=params, block_size=32)
    assert_equals_brute(got, name, x, w, params, fixed_values=False)


@pytest.mark.parametrize("name", sorted(mcda.METHODS))
def test_sampled_scores_equal_per_sample_evaluate(name: str) -> None:
    rng = np.random.default_rng(13)
    x = rng.uniform(1.0, 100.0, size=(9, 7, TYPES.size))
    w = rng.dirichlet(np.ones(TYPES.size), size=9)
    params = _params(name, x)
    got = sampled_scores(name, x, w, TYPES, mcda.check_params(name, params, n_criteria=TYPES.size))
    want = np.array([mcda.evaluate(name, x[k], w[k], TYPES, **params) for k in range(9)])
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-12)


def test_acceptabilities_sum_to_one_per_measure_and_rank() -> None:
    rng = np.random.default_rng(1)
    x = rng.uniform(0, 1, size=(12, 5))
    r = smaa(x, uniform_simplex(5, 3000, seed=1), np.ones(5), method="topsis")
    np.testing.assert_allclose(r.rank_acceptability.sum(axis=1), 1.0, atol=1e-12)
    np.testing.assert_allclose(r.rank_acceptability.sum(axis=0), 1.0, atol=1e-12)
    # c_il + c_li = 1 without ties
    off = ~np.eye(12, dtype=bool)
    np.testing.assert_allclose((r.pairwise_winning + r.pairwise_winning.T)[off], 1.0, atol=1e-12)


@pytest.mark.slow
def test_block_size_and_stream_consumption_do_not_matter() -> None:
    rng = np.random.default_rng(2)
    x = rng.uniform(1, 50, size=(30, 6))
    t = np.array([1, 1, -1, 1, -1, 1.0])
    stream = uniform_simplex(6, 5000, seed=99, block_size=700)
    ref = smaa(x, stream.array(), t, method="vikor", block_size=5000)
    for block in (1, 333, 1024):
        got = smaa(x, stream, t, method="vikor", block_size=block)
        for name in ("rank_acceptability", "central_weights", "confidence", "pairwise_winning"):
            np.testing.assert_array_equal(getattr(got, name), getattr(ref, name))


def test_ties_take_the_best_shared_rank_and_never_first_is_nan() -> None:
    x = np.array([[1.0, 1.0], [1.0, 1.0], [0.0, 0.0]])   # two identical measures, one dominated
    r = smaa(x, uniform_simplex(2, 50, seed=0), method="weighted_sum")
    np.testing.assert_array_equal(r.rank_acceptability, [[1, 0, 0], [1, 0, 0], [0, 0, 1]])
    assert np.isnan(r.central_weights[2]).all() and np.isnan(r.confidence[2])
    assert r.pairwise_winning[0, 1] == 0 and r.pairwise_winning[0, 2] == 1


def test_monte_carlo_errors_and_holistic() -> None:
    rng = np.random.default_rng(3)
    x = rng.uniform(0, 1, size=(4, 3))
    r = smaa(x, uniform_simplex(3, 2000, seed=3), method="weighted_sum", meta_weights="inverse")
    b = r.rank_acceptability
    np.testing.assert_allclose(r.mc_error["rank_acceptability"], 1.96 * np.sqrt(b * (1 - b) / 2000))
    np.testing.assert_allclose(r.meta_alpha, [1, 1 / 2, 1 / 3, 1 / 4])
    np.testing.assert_allclose(r.holistic, b @ r.meta_alpha)
    assert r.meta_weights == "inverse"
    assert (r.mc_error["confidence"][np.isfinite(r.confidence)] == 0).all()   # fixed values: exact
    lin = smaa(x, uniform_simplex(3, 2000, seed=3), method="weighted_sum")
    np.testing.assert_allclose(lin.meta_alpha, [1, 2 / 3, 1 / 3, 0])


def test_result_is_small_and_serialisable() -> None:
    rng = np.random.default_rng(4)
    r = smaa(rng.uniform(size=(3, 2)), uniform_simplex(2, 100, seed=1), np.ones(2), method="wsm")
    assert isinstance(r, SMAAResult) and "N=100" in repr(r) and len(repr(r)) < 200
    d = r.to_dict()
    assert set(d) >= {"rank_acceptability", "central_weights", "confidence", "pairwise_winning", "mc_error"}
    frame = r.to_frame(measures=["a", "b", "c"], criteria=["x", "y"])
    assert list(frame.index) == ["a", "b", "c"] and "cw_x" in frame.columns
    with pytest.raises(ValueError):
        r.rank_acceptability[0, 0] = 1.0


def test_bad_input_raises_method_error() -> None:
    x = np.ones((3, 2))
    with pytest.raises(MethodError, match="sum to 1"):
        smaa(x, np.array([[0.5, 0.6]]), np.ones(2))
    with pytest.raises(MethodError, match=">= 0"):
        smaa(x, np.array([[1.5, -0.5]]), np.ones(2))
    with pytest.raises(MethodError, match="same number of samples"):
        smaa(np.ones((4, 3, 2)), np.full((5, 2), 0.5), np.ones(2))
    with pytest.raises(MethodError, match="unknown MCDA method"):
        smaa(x, np.full((2, 2), 0.5), np.ones(2), method="topsys")
    with pytest.raises(MethodError, match="types"):
        smaa(x, np.full((2, 2), 0.5), np.array([1.0, -1.0]), method="weighted_sum")
    with pytest.raises(MethodError, match="meta"):
        smaa(x, np.full((2, 2), 0.5), np.ones(2), meta_weights="quadratic")
