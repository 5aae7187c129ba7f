"""Most critical criterion (Triantaphyllou & Sanchez 1997) for every method: the bisection path
against brute force on a fine grid of T&S weight changes, and against the closed form for the
linear-score methods."""

from __future__ import annotations

import json

import numpy as np
import pytest

from mkba import mcda
from mkba.errors import MethodError
from mkba.sensitivity import critical_criterion, stability_intervals
from mkba.sensitivity.stability import BISECT_TOL

N_GRID = 20_000   # grid points per side and criterion


def _problem(seed: int, n: int = 7, m: int = 4):
    rng = np.random.default_rng(seed)
    x = rng.uniform(1, 10, size=(n, m))
    t = np.array([1.0, -1.0, 1.0, 1.0])[:m]
    w = rng.dirichlet(np.ones(m) * 3)
    return x, t, w


def _ranks(method: str, x, W, t) -> np.ndarray:
    hib = mcda.METHODS[method].higher_is_better
    return mcda.rank(mcda.evaluate(method, x, np.atleast_2d(W), t), higher_is_better=hib)


def _ts_weights(w: np.ndarray, k: int, delta: np.ndarray) -> np.ndarray:
    """T&S change w_k -> w_k - delta (others fixed), renormalised: one row per delta."""
    W = np.repeat(w[None, :], delta.size, axis=0)
    W[:, k] -= delta
    return W / W.sum(axis=1, keepdims=True)


def _brute(method: str, x, t, w):
    """Per criterion and kind (0 top, 1 any): bracket [last unchanged, first changed] of |delta'| (%)
    over a fine grid of feasible T&S changes on each side (inf, inf when none)."""
    r0 = _ranks(method, x, w, t)[0]
    best = int(np.flatnonzero(r0 == 1)[0])
    out = np.full((2, w.size, 2), np.inf)
    for k in range(w.size):
        # feasible 0 <= w_k - delta <= 1: relative change from 100 % (down to 0) to -100 (1 - w_k) / w_k % (up to 1)
        for end in (100.0, -100.0 * (1 - w[k]) / w[k]):
            rel = end * np.arange(1, N_GRID + 1) / N_GRID
            r = _ranks(method, x, _ts_weights(w, k, rel / 100 * w[k]), t)
            for kind, changed in enumerate((r[:, best] != 1, (r != r0[None, :]).any(axis=1))):
                hit = np.flatnonzero(changed)
                if hit.size:
                    i = int(hit[0])
                    bracket = (abs(rel[i - 1]) if i else 0.0, abs(rel[i]))
                    if bracket[1] < out[kind, k, 1]:
                        out[kind, k] = bracket
    return out, best


@pytest.mark.parametrize("method,seed", [("topsis", 0), ("topsis", 1), ("topsis", 2), ("topsis", 4), ("vikor", 0),
                                         ("edas", 1)])
def test_bisection_matches_brute_force_grid(method: str, seed: int) -> None:
    x, t, w = _problem(seed)
    res = critical_criterion(x, w, t, method=method)
    assert not res.exact and res.tolerance == BISECT_TOL
    brute, best = _brute(method, x, t, w)
    assert res.best == best
    for kind, pct, crit, delta, lam, pair in ((0, res.percent_top, res.top_criterion, res.top_delta, res.top_weight,
                                               res.top_pair),
                                              (1, res.percent_any, res.any_criterion, res.any_delta, res.any_weight,
                                               res.any_pair)):
        lo, hi = brute[kind, :, 0], brute[kind, :, 1]
        fin = np.isfinite(hi)
        np.testing.assert_array_equal(np.isfinite(pct), fin)
        # the result lies in the grid bracket (to the bisection precision)
        assert (pct[fin] >= lo[fin] - 1e-6).all() and (pct[fin] <= hi[fin] + 1e-6).all(), (kind, pct, lo, hi)
        if fin.any():
            order = np.argsort(hi)
            if fin.sum() == 1 or lo[order[1]] > hi[order[0]]:   # the grid tells the minimum apart
                assert crit == order[0]
        else:
            assert crit == -1
        for k in np.flatnonzero(fin):
            # delta' = 100 delta / w_k; lambda = the renormalised weight reached by that delta
            assert pct[k] == pytest.approx(abs(100 * delta[k] / w[k]), rel=1e-12)
            assert lam[k] == pytest.approx(_ts_weights(w, k, np.array([delta[k]]))[0, k], abs=1e-12)
            # to the bisection tolerance: unchanged at the reported change point, changed just past it
            step = np.sign(w[k] - lam[k]) * -3 * BISECT_TOL
            past = lam[k] + step
            past_delta = (w[k] - past) / (1 - past)
            r_in = _ranks(method, x, _ts_weights(w, k, np.array([delta[k]])), t)[0]
            r_out = _ranks(method, x, _ts_weights(w, k, np.array([past_delta])), t)[0]
            r0 = _ranks(method, x, w, t)[0]
            if kind == 0:
                assert r_in[best] == 1 and r_out[best] != 1
                assert pair[k, 0] == best and r_out[pair[k, 1]] == 1
            else:
                assert (r_in == r0).all() and (r_out != r0).any()
                i, j = pair[k]
                assert r0[i] < r0[j] and r_out[i] >= r_out[j]


@pytest.mark.parametrize("method", ["wsm", "promethee2", "spotis", "mavt"])
@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_bisection_path_agrees_with_closed_form(method: str, seed: int) -> None:
    x, t, w = _problem(seed)
    params = {"bounds": np.c_[x.min(0) - 1, x.max(0) + 1]} if method in ("spotis", "mavt") else None
    exact = critical_criterion(x, w, t, method=method, params=params)
    bis = critical_criterion(x, w, t, method=method, params=params, exact=False)
    assert exact.exact and not bis.exact and exact.tolerance == 0.0
    stab = stability_intervals(x, w, t, method=method, params=params)
    assert stab.exact
    for a, b, lam_a, lam_b, iv in ((exact.percent_top, bis.percent_top, exact.top_weight, bis.top_weight,
                                    stab.top_interval),
                                   (exact.percent_any, bis.percent_any, exact.any_weight, bis.any_weight,
                                    stab.ranking_interval)):
        fin = np.isfinite(a)
        np.testing.assert_array_equal(np.isfinite(b), fin)
        # precision of delta' from a lambda within BISECT_TOL: 100 (1 - w_k) tol / (w_k (1 - lambda)^2)
        bound = 100 * (1 - w) * 2 * BISECT_TOL / (w * (1 - np.maximum(lam_a, lam_b)) ** 2)
        assert (np.abs(a[fin] - b[fin]) <= bound[fin] + 1e-12).all(), (a, b)
        np.testing.assert_allclose(lam_b[fin], lam_a[fin], atol=2 * BISECT_TOL)
        # the closed form's change point is an end of the exact stability interval (same perturbation)
        for k in np.flatnonzero(fin):
            assert np.min(np.abs(iv[k] - lam_a[k])) < 1e-12, (k, iv[k], lam_a[k])
    assert (exact.top_criterion, exact.any_criterion) == (bis.top_criterion, bis.any_criterion)
    np.testing.assert_array_equal(exact.top_pair, bis.top_pair)
    np.testing.assert_array_equal(exact.any_pair, bis.any_pair)
    np.testing.assert_allclose(bis.top_delta, exact.top_delta, atol=1e-6)
    np.testing.assert_allclose(bis.any_delta, exact.any_delta, atol=1e-6)


def test_topsis_intervals_and_critical_use_the_same_change_points() -> None:
    x, t, w = _problem(3)
    res = critical_criterion(x, w, t, method="topsis")
    stab = stability_intervals(x, w, t, method="topsis")
    assert res.best == stab.top
    for lam, iv, pct in ((res.top_weight, stab.top_interval, res.percent_top),
                         (res.any_weight, stab.ranking_interval, res.percent_any)):
        for k in range(w.size):
            if np.isfinite(pct[k]):
                assert np.min(np.abs(iv[k] - lam[k])) == 0.0
                # the minimal side: the other end (if a change there) needs a larger relative change
                other = iv[k][np.argmax(np.abs(iv[k] - lam[k]))]
                if 0.0 < other < 1.0:
                    d = (w[k] - other) / (1 - other)
                    assert abs(100 * d / w[k]) >= pct[k] or w[k] - d > 1


@pytest.mark.parametrize("method", ["topsis", "wsm", "vikor"])
def test_no_weight_change_alters_the_top(method: str) -> None:
    # measure 0 is best on every criterion: no weighting makes another measure first
    x = np.array([[10.0, 1.0, 9.0], [6.0, 3.0, 2.0], [4.0, 5.0, 8.0], [2.0, 7.0, 5.0]])
    t = np.array([1.0, -1.0, 1.0])
    w = np.array([0.5, 0.3, 0.2])
    res = critical_criterion(x, w, t, method=method)
    assert res.best == 0
    assert res.top_criterion == -1 and np.isinf(res.percent_top).all()
    assert (res.top_pair == -1).all() and np.isnan(res.top_delta).all() and np.isnan(res.top_weight).all()
    assert "best measure" in res.message
    d = res.to_dict()
    assert d["top_criterion"] == -1 and d["percent_top"] == [None, None, None]
    json.dumps(d, allow_nan=False)
    assert res.sensitivity_top.tolist() == [0.0, 0.0, 0.0]
    # the lower ranks do move
    assert res.any_criterion >= 0 and "any rank" not in res.message


@pytest.mark.parametrize("method", ["topsis", "wsm"])
def test_nothing_moves_at_all(method: str) -> None:
    # two measures, one dominating: neither the top nor any rank can change
    x = np.array([[5.0, 1.0], [3.0, 2.0]])
    t = np.array([1.0, -1.0])
    res = critical_criterion(x, np.array([0.4, 0.6]), t, method=method)
    assert (res.top_criterion, res.any_criterion) == (-1, -1)
    assert np.isinf(res.percent_any).all() and (res.any_pair == -1).all()
    assert "best measure" in res.message and "any rank" in res.message


@pytest.mark.parametrize("exact", [None, False])
def test_weight_zero_or_one_has_no_feasible_change(exact) -> None:
    x, t, w = _problem(1, m=3)
    res = critical_criterion(x, np.array([1.0, 0.0, 0.0]), t, method="wsm", exact=exact)
    assert (res.top_criterion, res.any_criterion) == (-1, -1)
    res = critical_criterion(x[:, :1], np.array([1.0]), t[:1], method="topsis")
    assert (res.top_criterion, res.any_criterion) == (-1, -1) and res.percent_top.shape == (1,)
    # zero weight: no relative change, the others still count
    res = critical_criterion(x, np.array([0.6, 0.4, 0.0]), t, method="topsis", exact=exact)
    assert np.isinf(res.percent_top[2]) and np.isinf(res.percent_any[2])


def test_exact_true_needs_a_linear_method() -> None:
    x, t, w = _problem(0)
    with pytest.raises(MethodError, match="linear"):
        critical_criterion(x, w, t, method="topsis", exact=True)
    assert critical_criterion(x, w, t, method="wsm", exact=True).exact
