"""PROMETHEE II: the O(n log n) flows equal pymcdm, the pairwise reference and a plain loop."""

from __future__ import annotations

import numpy as np
import pytest
from pymcdm import methods as pm

from mkba import mcda
from mkba.mcda.methods import promethee2 as promethee

CASES = [
    ("usual", {}, {}),
    ("ushape", {"q": 1.0}, {"q": 1.0}),
    ("vshape", {"p": 2.0}, {"p": 2.0}),
    ("level", {"q": 1.0, "p": 3.0}, {"q": 1.0, "p": 3.0}),
    ("linear", {"q": 1.0, "p": 3.0}, {"q": 1.0, "p": 3.0}),
]


def _pymcdm(pref: str, thresholds: dict, x, w, t):
    m = x.shape[1]
    kw = {k: [v] * m for k, v in thresholds.items()}
    # a fresh object per call: pymcdm keeps p/q functions in a generator consumed by the first call
    return pm.PROMETHEE_II("vshape_2" if pref == "linear" else pref, **kw)(x, w, t, validation=False)


def _plain_loop(x, w, t, pref: str, q: float = 0.0, p: float = 0.0, s: float = 1.0) -> np.ndarray:
    """Textbook PROMETHEE II, pair by pair, criterion by criterion."""
    import math
    n, m = x.shape

    def pf(d: float) -> float:
        if pref == "usual":
            return 1.0 if d > 0 else 0.0
        if pref == "ushape":
            return 1.0 if d > q else 0.0
        if pref == "vshape":
            return 1.0 if d > p else (d / p if d > 0 else 0.0)
        if pref == "level":
            return 1.0 if d > p else (0.5 if d > q else 0.0)
        if pref == "linear":
            return 1.0 if d > p else ((d - q) / (p - q) if d > q else 0.0)
        return 1.0 - math.exp(-d * d / (2 * s * s)) if d > 0 else 0.0

    phi = []
    for a in range(n):
        total = 0.0
        for b in range(n):
            for j in range(m):
                da = t[j] * (x[a, j] - x[b, j])
                total += w[j] * (pf(da) - pf(-da))
        phi.append(total / (n - 1))
    return np.array(phi)


@pytest.mark.parametrize("pref,params,thresholds", CASES)
def test_integer_data_with_ties_equals_pymcdm(pref: str, params: dict, thresholds: dict) -> None:
    rng = np.random.default_rng(1)
    x = rng.integers(0, 6, size=(120, 4)).astype(float)   # many ties and d == q / d == p boundaries
    t = np.array([1.0, -1.0, 1.0, -1.0])
    w = rng.dirichlet(np.ones(4), size=5)
    got = mcda.evaluate("promethee2", x, w, t, preference=pref, **params)
    want = np.array([_pymcdm(pref, thresholds, x, row, t) for row in w])
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-12)


@pytest.mark.parametrize("pref,params,thresholds", CASES)
def test_float_data_equals_pymcdm_at_n_1000(pref: str, params: dict, thresholds: dict) -> None:
    rng = np.random.default_rng(2)
    x = rng.normal(0.0, 1.5, size=(1000, 3))
    t = np.array([1.0, -1.0, 1.0])
    w = np.array([0.5, 0.3, 0.2])
    got = mcda.evaluate("promethee2", x, w, t, preference=pref, **params)
    np.testing.assert_allclose(got, _pymcdm(pref, thresholds, x, w, t), rtol=0, atol=1e-12)


@pytest.mark.parametrize("pref,params", [(c[0], c[1]) for c in CASES] + [("gaussian", {"s": 0.8})])
def test_equals_plain_loop(pref: str, params: dict) -> None:
    rng = np.random.default_rng(3)
    x = np.round(rng.normal(size=(25, 3)), 1)
    t = np.array([1.0, 1.0, -1.0])
    w = np.array([0.2, 0.5, 0.3])
    got = mcda.evaluate("promethee2", x, w, t, preference=pref, **params)
    np.testing.assert_allclose(got, _plain_loop(x, w, t, pref, **params), rtol=0, atol=1e-12)


def test_gaussian_chunks_equal_reference(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(4)
    x = rng.normal(size=(300, 2))
    w = np.array([0.6, 0.4])
    t = np.array([1.0, -1.0])
    want = promethee.reference(x, w, t, preference="gaussian", s=0.5)
    monkeypatch.setattr(promethee, "_GAUSS_BUDGET", 8 * 300 * 2 * 7)  # 7 rows per chunk
    got = mcda.evaluate("promethee2", x, w, t, preference="gaussian", s=0.5)
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-12)


def test_per_criterion_functions_and_thresholds() -> None:
    rng = np.random.default_rng(5)
    x = rng.integers(0, 10, size=(60, 3)).astype(float)
    t = np.array([1.0, -1.0, 1.0])
    w = np.array([0.3, 0.3, 0.4])
    params = {"preference": ["usual", "linear", "level"], "q": [0.0, 1.0, 2.0], "p": [1.0, 4.0, 5.0]}
    got = mcda.evaluate("promethee2", x, w, t, **params)
    want = sum(w[j] * _plain_loop(x[:, [j]], np.array([1.0]), t[[j]], params["preference"][j],
                                  q=params["q"][j], p=params["p"][j]) for j in range(3))
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-12)


def test_threaded_path_equals_serial(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(6)
    x = rng.normal(size=(500, 4))
    t = np.ones(4)
    w = np.full(4, 0.25)
    serial = mcda.evaluate("promethee2", x, w, t, preference="linear", q=0.1, p=1.0)
    monkeypatch.setattr(promethee, "_THREAD_MIN_N", 10)
    threaded = mcda.evaluate("promethee2", x, w, t, preference="linear", q=0.1, p=1.0)
    np.testing.assert_array_equal(serial, threaded)


def test_net_flows_sum_to_zero_and_batch_is_w_times_f() -> None:
    rng = np.random.default_rng(7)
    x = rng.normal(size=(200, 5))
    t = np.array([1, -1, 1, -1, 1.0])
    w = rng.dirichlet(np.ones(5), size=300)
    got = mcda.evaluate("promethee2", x, w, t, preference="vshape", p=1.0)
    assert np.abs(got.sum(axis=1)).max() < 1e-9
    f = promethee.unicriterion_flows(x, t, preference="vshape", p=1.0)
    np.testing.assert_allclose(got, w @ f, atol=1e-15)


def test_duplicate_block_at_threshold_boundary() -> None:
    # many equal values exactly at distance q and p: the boundary fix must jump whole blocks
    x = np.repeat([0.0, 0.1, 0.2, 0.30000000000000004, 0.7], 40)[:, None]
    w = np.array([1.0])
    t = np.array([1.0])
    for pref in ("ushape", "level", "linear"):
        got = mcda.evaluate("promethee2", x, w, t, preference=pref, q=0.1, p=0.2)
        np.testing.assert_allclose(got, _plain_loop(x, w, t, pref, q=0.1, p=0.2), atol=1e-12)
