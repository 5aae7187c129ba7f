"""Batch kernels vs the one-vector reference vs pymcdm (where pymcdm is right), K in {1, 7, 300}."""

from __future__ import annotations

import numpy as np
import pytest
from pymcdm import methods as pm
from pymcdm import normalizations as pn

from mkba import mcda
from mkba.mcda import batch
from mkba.mcda.methods import vikor

TOL = 1e-9
TYPES = np.array([1, -1, 1, -1, 1], dtype=float)


def _problem(k: int, seed: int, n: int = 40):
    rng = np.random.default_rng(seed)
    x = rng.uniform(1.0, 100.0, size=(n, TYPES.size))
    w = rng.dirichlet(np.ones(TYPES.size), size=k)
    return x, w


def _pymcdm(name: str, x: np.ndarray, w: np.ndarray, t: np.ndarray) -> np.ndarray:
    body = {
        "topsis": lambda: pm.TOPSIS(),
        "vikor": lambda: pm.VIKOR(),
        "wsm": lambda: pm.WSM(pn.minmax_normalization),
        "wpm": lambda: pm.WPM(pn.linear_normalization),
        "moora": lambda: pm.MOORA(),
        "edas": lambda: pm.EDAS(),
        "spotis": lambda: pm.SPOTIS(pm.SPOTIS.make_bounds(x)),
    }[name]()
    return body(x, w, t, validation=False)


PYMCDM_RIGHT = ["topsis", "vikor", "wsm", "wpm", "moora", "edas", "spotis"]


@pytest.mark.parametrize("k", [1, 7, 300])
@pytest.mark.parametrize("name", sorted(set(mcda.METHODS) - {"mavt"}))
def test_batch_equals_reference(name: str, k: int) -> None:
    x, w = _problem(k, seed=k)
    entry = mcda.METHODS[name]
    params = mcda.check_params(name, {"p": 30.0, "q": 5.0, "preference": "linear"} if name == "promethee2" else {},
                               n_criteria=x.shape[1])
    got = mcda.evaluate(name, x, w, TYPES, **({"p": 30.0, "q": 5.0, "preference": "linear"}
                                               if name == "promethee2" else {}))
    assert got.shape == (k, x.shape[0])
    want = np.array([entry.reference(x, row, TYPES, **params) for row in w])
    np.testing.assert_allclose(got, want, rtol=0, atol=TOL)
    single = mcda.evaluate(name, x, w[0], TYPES, **params)
    assert single.shape == (x.shape[0],)
    np.testing.assert_allclose(single, got[0], rtol=0, atol=TOL)


@pytest.mark.parametrize("k", [1, 7, 300])
@pytest.mark.parametrize("name", PYMCDM_RIGHT)
def test_batch_equals_pymcdm(name: str, k: int) -> None:
    x, w = _problem(k, seed=100 + k)
    got = mcda.evaluate(name, x, w, TYPES)
    want = np.array([_pymcdm(name, x, row, TYPES) for row in w])
    np.testing.assert_allclose(got, want, rtol=0, atol=TOL)


def _textbook_minmax(x: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Min-max column by column as written in the literature: (x - min)/span, (max - x)/span."""
    r = np.empty_like(x)
    for j in range(x.shape[-1]):
        col = x[..., j]
        lo, hi = col.min(axis=0), col.max(axis=0)
        span = hi - lo
        r[..., j] = np.where(span == 0, 1.0, ((col - lo) if t[j] > 0 else (hi - col)) / np.where(span == 0, 1.0, span))
    return r


def test_minmax_is_the_textbook_formula_bit_for_bit_without_negative_zeros() -> None:
    """The one-division form (x - worst) / signed span equals (max - x) / span exactly on cost
    criteria; the worst cost value is 0.0, not -0.0 (which would print as "-0.0" in results)."""
    x, _ = _problem(1, seed=8, n=60)
    x[:, 3] = 7.5                  # a zero-spread cost column
    x[5, 1] = x[:, 1].max()        # the worst value of a cost criterion
    got = mcda.normalize.minmax(x, TYPES)
    want = _textbook_minmax(x, TYPES)
    np.testing.assert_array_equal(got, want)
    assert not np.signbit(got).any()
    for j in (0, 1, 2, 4):  # pymcdm's own column normalisation, bit for bit (it has no zero-spread rule)
        np.testing.assert_array_equal(got[:, j], pn.minmax_normalization(x[:, j], cost=TYPES[j] < 0))
    whole = np.round(x).astype(np.int64)                       # integer input is normalised as floats
    np.testing.assert_array_equal(mcda.normalize.minmax(whole, TYPES), _textbook_minmax(whole.astype(float), TYPES))
    cube = np.stack([x, x[::-1] * 2.0, x + 1.0], axis=1)      # (n, samples, m): the SMAA layout
    np.testing.assert_array_equal(mcda.normalize.minmax(np.round(cube).astype(int), TYPES),
                                  _textbook_minmax(np.round(cube), TYPES))
    np.testing.assert_array_equal(mcda.normalize.minmax(cube, TYPES), _textbook_minmax(cube, TYPES))
    assert not np.signbit(mcda.normalize.minmax(cube, TYPES)).any()
    regret = vikor.regret(x, TYPES)
    best = np.where(TYPES > 0, x.max(axis=0), x.min(axis=0))
    span = x.max(axis=0) - x.min(axis=0)
    want_regret = np.where(span == 0, 0.0, np.abs(best - x) / np.where(span == 0, 1.0, span))
    np.testing.assert_array_equal(regret, want_regret)
    assert not np.signbit(regret).any()


NORMS = [("minmax", pn.minmax_normalization), ("vector", pn.vector_normalization), ("max", pn.linear_normalization),
         ("max-complement", pn.max_normalization), ("sum", pn.sum_normalization)]


PEERS = {"topsis": pm.TOPSIS, "wsm": pm.WSM, "wpm": pm.WPM}


@pytest.mark.parametrize("name,norm,func", [("topsis", *n) for n in NORMS] + [("wsm", *n) for n in NORMS]
                         + [("wpm", "max", pn.linear_normalization), ("wpm", "sum", pn.sum_normalization)])
def test_normalizations_equal_pymcdm(name: str, norm: str, func) -> None:
    """Every normalisation of TOPSIS, the weighted sum and the weighted product equals pymcdm's method with
    the same normalisation function (WPM 'sum' is pymcdm's WPM default, WSM 'sum' its WSM default)."""
    x, w = _problem(7, seed=3)
    got = mcda.evaluate(name, x, w, TYPES, normalization=norm)
    want = np.array([PEERS[name](func)(x, row, TYPES, validation=False) for row in w])
    np.testing.assert_allclose(got, want, rtol=TOL, atol=TOL)


def test_chunked_and_threaded_equal_unchunked(monkeypatch: pytest.MonkeyPatch) -> None:
    x, w = _problem(50, seed=5)
    full = {name: mcda.evaluate(name, x, w, TYPES) for name in ("topsis", "vikor", "copras", "edas")}
    monkeypatch.setattr(batch, "CHUNK_BYTES", 8 * x.shape[0] * 3)  # 3 rows per chunk: 17 chunks
    calls = []
    real = batch.map_rows

    def counting(work, W, n, arrays=4):
        calls.append(W.shape[0])
        return real(work, W, n, arrays)

    monkeypatch.setattr(batch, "map_rows", counting)
    for name, want in full.items():
        np.testing.assert_array_equal(mcda.evaluate(name, x, w, TYPES), want)
    monkeypatch.setattr(batch, "PARALLEL_CELLS", 0)  # force the thread pool
    for name, want in full.items():
        np.testing.assert_array_equal(mcda.evaluate(name, x, w, TYPES), want)
    assert calls, "the kernels must go through map_rows"


def test_map_rows_bounds_temporaries() -> None:
    # 10,000 x 2,000: each (chunk, n) temporary stays near CHUNK_BYTES and far under the budget
    seen = []
    W = np.ones((10_000, 2))

    def work(w: np.ndarray, out: np.ndarray) -> None:
        seen.append(w.shape[0])
        out[:] = 0.0

    out = batch.map_rows(work, W, 2_000, arrays=4)
    assert out.shape == (10_000, 2_000) and sum(seen) == 10_000
    assert max(seen) * 2_000 * 8 <= batch.CHUNK_BYTES
    assert max(seen) * 2_000 * 8 * 4 <= batch.TEMP_BUDGET


def test_copras_deviates_from_pymcdm_only_through_its_cost_formula() -> None:
    """pymcdm 1.4 computes Q = S+ + S-; mkba the published Q. Their difference is exactly that term."""
    x, w = _problem(1, seed=9)
    ours = mcda.evaluate("copras", x, w[0], TYPES)
    theirs = pm.COPRAS()(x, w[0], TYPES, validation=False)
    d = x / x.sum(axis=0) * w[0]
    naive = d[:, TYPES > 0].sum(axis=1) + d[:, TYPES < 0].sum(axis=1)
    np.testing.assert_allclose(theirs, naive / naive.max(), atol=1e-12)   # the bug, made explicit
    assert np.abs(ours - theirs).max() > 1e-3


def test_copras_without_cost_criteria_is_normalised_s_plus() -> None:
    x, w = _problem(3, seed=11)
    t = np.ones(x.shape[1])
    got = mcda.evaluate("copras", x, w, t)
    s_plus = w @ (x / x.sum(axis=0)).T
    np.testing.assert_allclose(got, s_plus / s_plus.max(axis=1, keepdims=True), atol=1e-12)


def test_copras_zero_cost_weight_falls_back_to_s_plus() -> None:
    x, _ = _problem(1, seed=12)
    w = np.array([0.5, 0.0, 0.5, 0.0, 0.0])
    got = mcda.evaluate("copras", x, w, TYPES)
    s_plus = (x / x.sum(axis=0) * w).sum(axis=1)
    np.testing.assert_allclose(got, s_plus / s_plus.max(), atol=1e-12)


def test_moora_all_benefit_is_allowed() -> None:
    x, w = _problem(1, seed=13)
    t = np.ones(x.shape[1])
    got = mcda.evaluate("moora", x, w[0], t)
    np.testing.assert_allclose(got, (x / np.sqrt((x ** 2).sum(axis=0)) * w[0]).sum(axis=1), atol=1e-12)


def test_edas_negative_average_keeps_direction_where_pymcdm_flips() -> None:
    """A benefit criterion with a negative mean: the better measure must score higher."""
    x = np.array([[-1.0], [-3.0], [-5.0]])
    w = np.array([1.0])
    t = np.array([1.0])
    ours = mcda.evaluate("edas", x, w, t)
    assert ours[0] > ours[1] > ours[2]
    theirs = pm.EDAS()(x, w, t, validation=False)
    assert theirs[0] < theirs[2]   # pymcdm divides by the negative mean and rewards the worst


def test_spotis_explicit_bounds_make_scores_list_independent() -> None:
    x, w = _problem(1, seed=14)
    bounds = np.column_stack([np.zeros(5), np.full(5, 100.0)])
    full = mcda.evaluate("spotis", x, w[0], TYPES, bounds=bounds)
    part = mcda.evaluate("spotis", x[:10], w[0], TYPES, bounds=bounds)
    np.testing.assert_allclose(full[:10], part, atol=1e-15)


def test_mavt_is_anchored_and_additive() -> None:
    x, w = _problem(4, seed=15)
    bounds = np.column_stack([np.zeros(5), np.full(5, 100.0)])
    got = mcda.evaluate("mavt", x, w, TYPES, bounds=bounds)
    v = np.where(TYPES > 0, x / 100.0, (100.0 - x) / 100.0)
    np.testing.assert_allclose(got, w @ v.T, atol=1e-12)
    np.testing.assert_allclose(mcda.evaluate("mavt", x[:5], w, TYPES, bounds=bounds), got[:, :5], atol=1e-15)
    assert mcda.METHODS["mavt"].additive


def test_topsis_extremes_exact_across_chunks_and_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    """Best on every criterion -> exactly 1, worst -> exactly 0 (D- = 0), whatever the chunking.

    Chunks of 3 rows over 20 weight rows leave a short last chunk, so the per-thread D+/D- buffers
    are reused at two sizes; rows weighting only a flat criterion give 0.5.
    """
    rng = np.random.default_rng(21)
    x = rng.uniform(10.0, 90.0, size=(30, TYPES.size))
    x[0] = np.where(TYPES > 0, 100.0, 0.0)    # best everywhere
    x[1] = np.where(TYPES > 0, 0.0, 100.0)    # worst everywhere
    x = np.column_stack([x, np.full(30, 7.0)])  # a flat sixth criterion
    t = np.append(TYPES, 1.0)
    w = rng.dirichlet(np.ones(t.size), size=20)
    w[3] = np.eye(t.size)[0]
    w[4] = np.eye(t.size)[-1]                 # all weight on the flat criterion
    full = mcda.evaluate("topsis", x, w, t)
    monkeypatch.setattr(batch, "CHUNK_BYTES", 8 * x.shape[0] * 3)
    monkeypatch.setattr(batch, "PARALLEL_CELLS", 0)
    chunked = mcda.evaluate("topsis", x, w, t)
    np.testing.assert_array_equal(chunked, full)
    rows = np.arange(20) != 4
    assert (full[rows, 0] == 1.0).all() and (full[rows, 1] == 0.0).all()
    assert (full[4] == 0.5).all()
    want = np.array([mcda.METHODS["topsis"].reference(x, row, t) for row in w])
    np.testing.assert_allclose(full, want, rtol=0, atol=TOL)
