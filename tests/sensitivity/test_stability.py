"""Weight stability intervals and the most critical criterion against brute force on a fine grid."""

from __future__ import annotations

import numpy as np
import pytest

from mkba import mcda
from mkba.errors import MethodError
from mkba.sensitivity import critical_criterion, stability_intervals

GRID = np.linspace(0.0, 1.0, 20_001)   # step 5e-5


def _path(w: np.ndarray, k: int, lam: np.ndarray) -> np.ndarray:
    out = np.repeat(w[None, :], lam.size, axis=0) * ((1 - lam) / (1 - w[k]))[:, None]
    out[:, k] = lam
    return out


def _grid_interval(same: np.ndarray, wk: float) -> tuple[float, float]:
    i0 = int(np.searchsorted(GRID, wk))
    lo = i0
    while lo > 0 and same[lo - 1]:
        lo -= 1
    hi = i0 - 1
    while hi + 1 < GRID.size and same[hi + 1]:
        hi += 1
    return GRID[lo], GRID[hi]


def _problem(seed: int):
    rng = np.random.default_rng(seed)
    x = rng.uniform(1, 10, size=(7, 4))
    t = np.array([1.0, -1.0, 1.0, 1.0])
    w = rng.dirichlet(np.ones(4) * 3)
    return x, t, w


@pytest.mark.parametrize("method", ["wsm", "spotis", "promethee2", "topsis", "vikor", "edas"])
@pytest.mark.parametrize("seed", [0, 1])
def test_intervals_match_a_fine_grid(method: str, seed: int) -> None:
    x, t, w = _problem(seed)
    res = stability_intervals(x, w, t, method=method)
    assert res.exact == (method in ("wsm", "spotis", "promethee2"))
    hib = mcda.METHODS[method].higher_is_better
    r0 = mcda.rank(mcda.evaluate(method, x, w, t), higher_is_better=hib)
    assert r0[res.top] == 1
    for k in range(w.size):
        ranks = mcda.rank(mcda.evaluate(method, x, _path(w, k, GRID), t), higher_is_better=hib)
        for got, same in ((res.top_interval[k], ranks[:, res.top] == 1), (res.ranking_interval[k], (ranks == r0).all(1))):
            lo, hi = _grid_interval(same, w[k])
            # the grid interval lies inside the true one, within one grid step of it
            assert got[0] <= lo + 1e-9 and lo - got[0] <= 5e-5 + 1e-9, (k, got, lo)
            assert got[1] >= hi - 1e-9 and got[1] - hi <= 5e-5 + 1e-9, (k, got, hi)


def test_exact_crossing_point_formula() -> None:
    # two measures, weighted sum of partial values: V_a = 0.9 w0 + 0.1 w1, V_b = 0.2 w0 + 0.7 w1
    x = np.array([[0.9, 0.1], [0.2, 0.7]])
    res = stability_intervals(x, np.array([0.6, 0.4]), method="weighted_sum")
    # crossing where 0.9 l + 0.1 (1 - l) = 0.2 l + 0.7 (1 - l)  ->  l = 0.6 / 1.3
    np.testing.assert_allclose(res.top_interval[0], [0.6 / 1.3, 1.0], atol=1e-15)
    np.testing.assert_allclose(res.top_interval[1], [0.0, 1 - 0.6 / 1.3], atol=1e-15)
    assert res.top == 0 and res.to_frame().shape == (2, 5)


def _brute_critical(v: np.ndarray, w: np.ndarray):
    """Smallest relative decrease/increase of w_k (no renormalisation) that changes the best / any pair."""
    p = v @ w
    order = np.argsort(-p, kind="stable")
    pt, pa = np.full(w.size, np.inf), np.full(w.size, np.inf)
    rel = np.linspace(-100, 100, 400_001)   # percent of w_k, step 5e-4 %
    for k in range(w.size):
        delta = rel / 100 * w[k]
        ok = (w[k] - delta >= 0) & (w[k] - delta <= 1)
        # P'(delta) = P - delta * v[:, k]
        pp = p[None, :] - delta[:, None] * v[None, :, k]
        best = pp[:, order[0]][:, None] >= pp - 1e-15
        flip_top = ok & ~best.all(axis=1)
        if flip_top.any():
            pt[k] = np.abs(rel[flip_top]).min()
        ranked = pp[:, order]
        flip_any = ok & (np.diff(ranked, axis=1) > 1e-15).any(axis=1)
        if flip_any.any():
            pa[k] = np.abs(rel[flip_any]).min()
    return pt, pa


@pytest.mark.parametrize("seed", [0, 3, 7])
def test_critical_criterion_matches_brute_force(seed: int) -> None:
    rng = np.random.default_rng(seed)
    x = rng.uniform(0, 1, size=(5, 4))
    w = rng.dirichlet(np.ones(4) * 2)
    res = critical_criterion(x, w, method="weighted_sum")
    pt, pa = _brute_critical(x, w)
    fin = np.isfinite(pt)
    np.testing.assert_array_equal(np.isfinite(res.percent_top), fin)
    np.testing.assert_allclose(res.percent_top[fin], pt[fin], atol=1e-3)
    np.testing.assert_allclose(res.percent_any[np.isfinite(pa)], pa[np.isfinite(pa)], atol=1e-3)
    assert res.top_criterion == (int(np.argmin(pt)) if fin.any() else -1)
    assert res.any_criterion == int(np.argmin(pa))
    # the threshold reverses the pair exactly
    k = res.any_criterion
    i, j = res.any_pair[k]
    w2 = w.copy()
    w2[k] -= res.any_delta[k]
    assert abs((x[i] - x[j]) @ w2) < 1e-12


def test_critical_criterion_on_wsm_uses_the_normalised_matrix() -> None:
    x, t, w = _problem(5)
    res = critical_criterion(x, w, t, method="wsm")
    r = mcda.normalize.minmax(x, t)
    np.testing.assert_array_equal(res.percent_any, critical_criterion(r, w, method="weighted_sum").percent_any)
    with pytest.raises(MethodError, match="linear"):
        critical_criterion(x, w, t, method="topsis", exact=True)
