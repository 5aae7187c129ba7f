"""Vectorised sampled-values kernels of SMAA (copras, promethee2) against the one-matrix path.

Each sample k of a block (B, n, m) must score as ``mcda.evaluate(method, X[k], W[k], types)``
to 1e-9; the PROMETHEE II unicriterion flows are even bit-identical to the one-matrix
``promethee.criterion_flow`` (same exact predicates, same prefix sums).
"""

from __future__ import annotations

import importlib

import numpy as np
import pytest

from mkba import mcda
from mkba.errors import MethodError
from mkba.mcda.methods import promethee2 as pm
from mkba.sensitivity import sampled_scores, smaa

smaa_mod = importlib.import_module("mkba.sensitivity.smaa")

TOL = 1e-9

#: One entry per preference function (scalar thresholds), plus per-criterion thresholds and a mix.
PREFERENCES = {
    "usual": {"preference": "usual"},
    "ushape": {"preference": "ushape", "q": 1.0},
    "vshape": {"preference": "vshape", "p": 3.0},
    "level": {"preference": "level", "q": 1.0, "p": 3.0},
    "linear": {"preference": "linear", "q": 1.0, "p": 3.0},
    "gaussian": {"preference": "gaussian", "s": 2.0},
    "ushape-per-criterion": {"preference": "ushape", "q": [0.0, 2.0, 1.0, 0.5, 3.0]},
    "linear-per-criterion": {"preference": "linear", "q": [0.0, 1.0, 0.5, 2.0, 0.0], "p": [1.0, 4.0, 2.5, 3.0, 6.0]},
    "mixed": {"preference": ["usual", "vshape", "level", "gaussian", "linear"], "q": [0.0, 0.0, 1.0, 0.0, 0.5],
              "p": [1.0, 2.0, 3.0, 1.0, 4.0], "s": [1.0, 1.0, 1.0, 1.5, 1.0]},
}


def _block(seed: int, b: int = 40, n: int = 11, m: int = 5, *, integer: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Sampled matrices with ties (integer values: differences hit q and p exactly), one zero-spread
    criterion (column 2), and weights with some zero entries."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(1.0, 12.0, size=(b, n, m))
    x = np.round(x) if integer else x
    x[:, :, 2] = 5.0
    x[: b // 4, :, 3] = 7.0                       # a criterion flat in some samples only
    w = rng.dirichlet(np.ones(m), size=b)
    w[::5, 1] = 0.0                               # no weight on a cost criterion in some samples
    w /= w.sum(axis=1, keepdims=True)
    return x, w


def _loop(name: str, x: np.ndarray, w: np.ndarray, t: np.ndarray, params: dict) -> np.ndarray:
    return np.array([mcda.evaluate(name, x[k], w[k], t, **params) for k in range(x.shape[0])])


def _vectorised(name: str, x: np.ndarray, w: np.ndarray, t: np.ndarray, params: dict) -> np.ndarray:
    return sampled_scores(name, x, w, t, mcda.check_params(name, params, n_criteria=t.size))


def test_every_builtin_method_has_sampled_kernels() -> None:
    assert all(entry.sampled for entry in mcda.METHODS.values())


@pytest.mark.parametrize("types", [[1, -1, 1, 1, -1], [1, 1, 1, 1, 1], [-1, -1, -1, -1, -1]],
                         ids=["mixed", "benefit", "cost"])
@pytest.mark.parametrize("integer", [True, False], ids=["ties", "continuous"])
def test_copras_kernel_equals_per_sample_evaluate(types: list[int], integer: bool) -> None:
    t = np.asarray(types, dtype=float)
    x, w = _block(21, integer=integer)
    x[3, 4, 0] = 0.0                              # zeros are allowed on benefit criteria
    if t[0] < 0:
        x[3, 4, 0] = 1.0
    got = _vectorised("copras", x, w, t, {})
    want = _loop("copras", x, w, t, {})
    np.testing.assert_allclose(got, want, rtol=0, atol=TOL)


def test_copras_kernel_reports_the_failing_sample() -> None:
    t = np.array([1.0, -1.0, 1.0, 1.0, 1.0])
    x, w = _block(22)
    bad = x.copy()
    bad[6, 2, 1] = 0.0                            # a zero on a cost criterion in sample 6
    with pytest.raises(MethodError, match=r"copras needs values on cost criteria > 0.*criterion 2 .*value sample 6"):
        _vectorised("copras", bad, w, t, {})
    bad = x.copy()
    bad[2, 0, 3] = -1.0
    with pytest.raises(MethodError, match=r"copras needs values >= 0.*value sample 2"):
        _vectorised("copras", bad, w, t, {})
    bad = x.copy()
    bad[9, :, 0] = 0.0
    with pytest.raises(MethodError, match=r"positive column sum.*value sample 9"):
        _vectorised("copras", bad, w, t, {})


@pytest.mark.parametrize("pref", sorted(PREFERENCES))
@pytest.mark.parametrize("integer", [True, False], ids=["ties", "continuous"])
def test_promethee2_kernel_equals_per_sample_evaluate(pref: str, integer: bool) -> None:
    t = np.array([1.0, -1.0, 1.0, -1.0, 1.0])
    x, w = _block(23, integer=integer)
    params = PREFERENCES[pref]
    got = _vectorised("promethee2", x, w, t, params)
    want = _loop("promethee2", x, w, t, params)
    np.testing.assert_allclose(got, want, rtol=0, atol=TOL)
    np.testing.assert_allclose(got.sum(axis=1), 0.0, atol=1e-12)          # net flows sum to 0


@pytest.mark.parametrize("kind,q,p,s", [("usual", 0.0, 0.0, 1.0), ("ushape", 0.1, 0.0, 1.0), ("ushape", 0.2, 0.0, 1.0),
                                         ("vshape", 0.0, 0.2, 1.0), ("level", 0.1, 0.2, 1.0),
                                         ("linear", 0.1, 0.3, 1.0), ("gaussian", 0.0, 0.0, 0.3)])
def test_unicriterion_flows_are_bit_identical_to_the_one_matrix_path(kind: str, q: float, p: float, s: float) -> None:
    # multiples of 0.1 in floating point: fl(x_a - x_b) lands on either side of q and p, so the
    # exact-predicate corrections (_fix_prefix) are exercised
    rng = np.random.default_rng(24)
    cols = np.round(rng.uniform(0.0, 10.0, size=(200, 23))) * 0.1
    cols[:20] = 0.3                                                         # zero spread
    got = pm._rows_flow(cols, kind, q, p, s)
    want = np.array([pm.criterion_flow(c, kind, q, p, s) for c in cols])
    np.testing.assert_array_equal(got, want)


def test_promethee2_chunking_does_not_change_scores(monkeypatch: pytest.MonkeyPatch) -> None:
    t = np.array([1.0, -1.0, 1.0, -1.0, 1.0])
    x, w = _block(25, b=30, n=9)
    for pref in ("linear-per-criterion", "gaussian", "mixed"):
        params = PREFERENCES[pref]
        ref = _vectorised("promethee2", x, w, t, params)
        with monkeypatch.context() as mp:
            mp.setattr(pm, "PROMETHEE_ROW_BYTES", 8 * 9 * 4)             # 4 samples per chunk
            mp.setattr(pm, "_GAUSS_BUDGET", 16 * 9 * 9 * 3)                     # 3 samples per Gaussian chunk
            np.testing.assert_array_equal(_vectorised("promethee2", x, w, t, params), ref)
            mp.setattr(pm, "_GAUSS_BUDGET", 16 * 9 * 4)                         # row chunks within a sample
            np.testing.assert_array_equal(_vectorised("promethee2", x, w, t, params), ref)


@pytest.mark.parametrize("n", [1, 2, 3])
def test_promethee2_kernel_short_lists(n: int) -> None:
    t = np.array([1.0, -1.0, 1.0, -1.0, 1.0])
    x, w = _block(26, b=12, n=n)
    for params in PREFERENCES.values():
        np.testing.assert_allclose(_vectorised("promethee2", x, w, t, params), _loop("promethee2", x, w, t, params),
                                   rtol=0, atol=TOL)


def test_promethee2_kernel_checks_its_parameters() -> None:
    x, w = _block(27, b=4)
    with pytest.raises(MethodError, match="needs the preference threshold p"):
        sampled_scores("promethee2", x, w, np.ones(5), {"preference": "linear", "q": 1.0})


@pytest.mark.parametrize("name,params", [("copras", {}), ("promethee2", PREFERENCES["mixed"])])
def test_block_size_does_not_change_smaa(name: str, params: dict) -> None:
    t = np.array([1.0, -1.0, 1.0, -1.0, 1.0])
    x, w = _block(28, b=90, n=7)
    ref = smaa(x, w, t, method=name, params=params, block_size=90)
    for block in (1, 17, 64):
        got = smaa(x, w, t, method=name, params=params, block_size=block)
        for field in ("rank_acceptability", "central_weights", "confidence", "pairwise_winning"):
            np.testing.assert_array_equal(getattr(got, field), getattr(ref, field))


@pytest.mark.parametrize("name,params", [("topsis", {}), ("wsm", {}), ("vikor", {}), ("wpm", {}), ("moora", {}),
                                         ("edas", {}), ("copras", {}), ("spotis", {}), ("weighted_sum", {}),
                                         ("promethee2", PREFERENCES["mixed"])])
def test_a_prepared_block_scores_any_weight_vector_as_the_one_matrix_path(name: str, params: dict) -> None:
    """``sampled_scorer`` prepares a block once (normalisation, distances, flows) and scores it with
    any weights: per-sample weights exactly as ``sampled_scores``; one weight vector broadcast over
    the block (the confidence factors' central weights; a matrix-vector product) as the one-matrix
    path of ``mcda.evaluate`` to 1e-9."""
    t = np.array([1.0, -1.0, 1.0, -1.0, 1.0])
    x, w = _block(31, b=30, n=9, integer=False)
    x[:, :, 2] += np.linspace(0.0, 1.0, 9)           # COPRAS needs positive sums; keep every column alive
    resolved = {} if name == "weighted_sum" else mcda.check_params(name, params, n_criteria=t.size)
    score = smaa_mod.sampled_scorer(name, x, t, resolved)
    np.testing.assert_array_equal(score(w), sampled_scores(name, x, w, t, resolved))
    for w0 in (w[3], np.full(5, 0.2)):
        fixed = np.broadcast_to(w0, w.shape)
        want = (np.einsum("bnm,m->bn", x, w0) if name == "weighted_sum"
                else np.array([mcda.evaluate(name, x[k], w0, t, **params) for k in range(x.shape[0])]))
        np.testing.assert_allclose(score(fixed), want, rtol=0, atol=TOL)
