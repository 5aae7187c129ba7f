"""Every method's kernels against each other, walking the registry (a new method is checked automatically).

For every entry of :data:`mkba.mcda.METHODS` (and SMAA's weighted sum of partial values) and every
parameter set of its ``examples``, on seeded random matrices (continuous, with ties, with a
zero-spread criterion, one and two measures) and weights (some zero, a vertex):

- the batch kernel equals the one-vector reference, row by row;
- the sampled kernels (``prepare``/``combine``) equal the batch kernel sample by sample, with
  per-sample weights and with one weight vector broadcast over the block;
- a method registered as linear in the weights scores ``W @ v.T`` with ``v`` its scores at the
  unit weight vectors.

Tolerance 1e-9 relative to the largest |score| of the comparison (scores near 0, e.g. net flows,
have no relative precision of their own).
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from mkba import mcda
from mkba.mcda import registry
from mkba.mcda.sampled import PerSampleFallbackWarning, sampled_scorer, sampled_scores
from mkba.sensitivity import smaa
from mkba.sensitivity.methods import PARTIAL_VALUES

RTOL = 1e-9
TYPES = np.array([1.0, -1.0, 1.0, -1.0, 1.0])
ENTRIES = {**mcda.METHODS, PARTIAL_VALUES.name: PARTIAL_VALUES}

#: (samples B, measures n, variant) of the seeded value blocks.
LAYOUTS = [(6, 9, "continuous"), (6, 12, "ties"), (5, 8, "flat"), (4, 2, "continuous"), (3, 1, "continuous")]


def _close(got: np.ndarray, want: np.ndarray, what: str) -> None:
    scale = max(1.0, float(np.abs(want).max()))
    np.testing.assert_allclose(got, want, rtol=RTOL, atol=RTOL * scale, err_msg=what)


def _values(seed: int, b: int, n: int, variant: str) -> np.ndarray:
    """B sampled (n, m) matrices with values in [1, 100] (every method's domain)."""
    x = np.random.default_rng(seed).uniform(1.0, 100.0, size=(b, n, TYPES.size))
    if variant == "ties":
        x = np.round(x / 10.0) * 10.0 + 1.0     # few distinct values: ties, differences on the thresholds
    if variant == "flat":
        x[:, :, 2] = 42.0                       # a criterion on which every measure is equal
        x[:2, :, 3] = 7.0                       # flat in some samples only
    return x


def _weights(seed: int, k: int) -> np.ndarray:
    w = np.random.default_rng(seed + 1).dirichlet(np.ones(TYPES.size), size=k)
    w[::3, 1] = 0.0                              # no weight on a cost criterion
    w[1 % k] = np.eye(TYPES.size)[0]             # a vertex
    return w / w.sum(axis=1, keepdims=True)


def _cases(name: str):
    entry = ENTRIES[name]
    for seed, (b, n, variant) in enumerate(LAYOUTS):
        x = _values(seed, b, n, variant)
        for params in entry.example_params(x):
            resolved = mcda.check_params(name, params, n_criteria=TYPES.size) if name in mcda.METHODS else params
            yield f"{variant}-n{n}-{params}", x, _weights(seed, b), resolved


def test_every_entry_has_kernels_and_examples_that_check() -> None:
    for name, entry in ENTRIES.items():
        assert callable(entry.reference) and callable(entry.kernel), name
        assert entry.sampled == (entry.prepare is not None), name
        assert entry.example_params(np.ones((2, 3, TYPES.size))), name


@pytest.mark.parametrize("name", sorted(ENTRIES))
def test_batch_kernel_equals_reference(name: str) -> None:
    entry = ENTRIES[name]
    for case, x, w, params in _cases(name):
        got = entry.kernel(x[0], w, TYPES, **params)
        assert got.shape == (w.shape[0], x.shape[1]), case
        want = np.array([entry.reference(x[0], row, TYPES, **params) for row in w])
        _close(got, want, f"{name} {case}: batch kernel vs reference")


@pytest.mark.parametrize("name", sorted(ENTRIES))
def test_sampled_kernels_equal_batch_kernel(name: str) -> None:
    entry = ENTRIES[name]
    if not entry.sampled:
        pytest.skip(f"{name} has no sampled kernels (per-sample fallback, tested below)")
    for case, x, w, params in _cases(name):
        want = np.array([entry.kernel(x[k], w[k:k + 1], TYPES, **params)[0] for k in range(x.shape[0])])
        got = sampled_scores(entry, x, w, TYPES, params)
        assert got.shape == want.shape, case
        _close(got, want, f"{name} {case}: sampled kernels vs batch kernel, per-sample weights")
        one = np.broadcast_to(w[0], w.shape)      # the confidence factors' central weight vector
        want_one = np.array([entry.kernel(xk, w[:1], TYPES, **params)[0] for xk in x])
        _close(sampled_scorer(entry, x, TYPES, params)(one), want_one,
               f"{name} {case}: sampled kernels vs batch kernel, one weight vector")


@pytest.mark.parametrize("name", sorted(ENTRIES))
def test_linear_flag_matches_the_kernel(name: str) -> None:
    entry = ENTRIES[name]
    for case, x, w, params in _cases(name):
        scores = entry.kernel(x[0], w, TYPES, **params)
        v = entry.kernel(x[0], np.eye(TYPES.size), TYPES, **params).T
        linear = np.allclose(scores, w @ v.T, rtol=RTOL, atol=RTOL * max(1.0, float(np.abs(scores).max())))
        if entry.linear:
            assert linear, f"{name} {case}: registered as linear in the weights, but W @ v.T differs"
        elif x.shape[1] > 2 and "ties" not in case:
            assert not linear, f"{name} {case}: linear in the weights but not registered so (linear=True)"


def test_a_method_without_sampled_kernels_falls_back_per_sample_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    slow = registry.check_method(dataclasses.replace(mcda.METHODS["topsis"], name="topsis_per_sample",
                                                     prepare=None, combine=None))
    assert not slow.sampled
    x = _values(7, 6, 9, "continuous")
    w = _weights(7, 6)
    with pytest.warns(PerSampleFallbackWarning, match="topsis_per_sample.*one call per sample"):
        got = sampled_scores(slow, x, w, TYPES, {"normalization": "minmax"})
    _close(got, sampled_scores("topsis", x, w, TYPES, {"normalization": "minmax"}), "fallback vs sampled kernels")
    monkeypatch.setitem(registry._METHODS, slow.name, slow)
    with pytest.warns(PerSampleFallbackWarning):
        got = smaa(x, w, TYPES, method=slow.name)
    want = smaa(x, w, TYPES, method="topsis")
    np.testing.assert_array_equal(got.rank_acceptability, want.rank_acceptability)
    np.testing.assert_array_equal(got.confidence, want.confidence)


def test_registration_checks_the_sampled_pair_and_examples() -> None:
    wsm = mcda.METHODS["wsm"]
    with pytest.raises(TypeError, match="sampled kernels come as a pair"):
        registry.check_method(dataclasses.replace(wsm, name="half", combine=None))
    with pytest.raises(TypeError, match="needs examples"):
        registry.check_method(dataclasses.replace(mcda.METHODS["mavt"], name="noexamples", examples=None))

    def prepare(xt, t):                                           # does not accept the method's parameter
        return xt

    with pytest.raises(TypeError, match=r"prepare does not accept \['normalization'\]"):
        registry.check_method(dataclasses.replace(mcda.METHODS["topsis"], name="badprep", prepare=prepare))
