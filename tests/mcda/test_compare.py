"""How much does the method matter (issue 23 item 5): rank correlation, consensus, compare().

Sources each test verifies against:

- Kendall's tau-b and Spearman's rho: scipy.stats (an independent implementation), on rankings with ties.
- WS coefficient: Sałabun & Urbaniak (2020), ICCS 2020, LNCS 12138:632-645, doi:10.1007/978-3-030-50417-5_47,
  its formula evaluated by hand in the test for one swap at the top, and pymcdm 1.4's ``correlations.ws``
  (written by the coefficient's authors' group) on random rankings.
- Borda and Kemeny: the Tennessee capital example of the Wikipedia articles "Borda count" and
  "Kemeny-Young method" (100 voters: 42 M>N>C>K, 26 N>C>K>M, 15 C>K>N>M, 17 K>C>N>M): Borda points
  Memphis 126, Nashville 194, Chattanooga 173, Knoxville 107 (3-2-1-0 points); Kemeny order
  Nashville > Chattanooga > Knoxville > Memphis with 393 of 600 pairwise agreements.
- Kemeny exactness: brute force over every permutation (hypothesis, n <= 6 with ties).
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pymcdm import correlations as pc
from scipy import stats

from mkba import mcda
from mkba.errors import MethodError
from mkba.mcda import consensus as cons
from mkba.mcda.compare import compare, consensus_ranks

FAST = settings(max_examples=60, deadline=None)


@st.composite
def rank_rows(draw, min_n: int = 2, max_n: int = 6, min_k: int = 2, max_k: int = 5):
    """k rankings of n measures, with ties (ranks drawn from 1..n and made competition ranks)."""
    n = draw(st.integers(min_n, max_n))
    k = draw(st.integers(min_k, max_k))
    raw = np.array(draw(st.lists(st.lists(st.integers(1, n), min_size=n, max_size=n), min_size=k, max_size=k)))
    return np.vstack([mcda.rank(row.astype(float), higher_is_better=False) for row in raw])


@given(rank_rows(min_n=3, max_n=9))
@FAST
def test_kendall_and_spearman_equal_scipy_with_ties(r: np.ndarray) -> None:
    tau = cons.kendall_tau_b(r)
    rho = cons.spearman_rho(r)
    for a, b in itertools.product(range(len(r)), repeat=2):
        if np.ptp(r[a]) == 0 or np.ptp(r[b]) == 0:
            assert np.isnan(tau[a, b]) and np.isnan(rho[a, b])
            continue
        assert tau[a, b] == pytest.approx(stats.kendalltau(r[a], r[b]).statistic, abs=1e-12)
        assert rho[a, b] == pytest.approx(stats.spearmanr(r[a], r[b]).statistic, abs=1e-12)


def test_mid_ranks_share_the_mean_place() -> None:
    np.testing.assert_array_equal(cons.mid_ranks(np.array([[1, 2, 2, 4, 4, 4]])), [[1, 2.5, 2.5, 5, 5, 5]])


def test_ws_salabun_urbaniak_formula_by_hand() -> None:
    """Reference (1,2,3,4,5), swap of the first two: WS = 1 - (2^-1 * 1/4 + 2^-2 * 1/3) = 0.791666...
    (the reference's first place weighs 1/2: |1 - 2| / max(0, 4); the second 1/4: |2 - 1| / max(1, 3))."""
    ws = cons.ws_coefficient(np.array([[1, 2, 3, 4, 5], [2, 1, 3, 4, 5]]))
    assert ws[0, 1] == pytest.approx(1 - (0.5 / 4 + 0.25 / 3), abs=1e-15)
    # a swap at the bottom matters much less: 1 - (2^-4 * 1/3 + 2^-5 * 1/4)
    ws = cons.ws_coefficient(np.array([[1, 2, 3, 4, 5], [1, 2, 3, 5, 4]]))
    assert ws[0, 1] == pytest.approx(1 - (1 / 16 / 3 + 1 / 32 / 4), abs=1e-15)


@given(st.integers(2, 9), st.integers(0, 2**32 - 1))
@FAST
def test_ws_equals_pymcdm(n: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    r = np.vstack([rng.permutation(n) + 1 for _ in range(3)]).astype(float)
    ws = cons.ws_coefficient(r)
    for a, b in itertools.product(range(3), repeat=2):
        assert ws[a, b] == pytest.approx(pc.ws(r[a], r[b]), abs=1e-12)


# -- consensus ------------------------------------------------------------------------------------
TENNESSEE = ["Memphis", "Nashville", "Chattanooga", "Knoxville"]
_BALLOTS = [(42, "MNCK"), (26, "NCKM"), (15, "CKNM"), (17, "KCNM")]


def _tennessee() -> np.ndarray:
    rows = []
    for count, order in _BALLOTS:
        rank = [order.index(city[0]) + 1 for city in TENNESSEE]
        rows += [rank] * count
    return np.array(rows, dtype=float)


def test_borda_tennessee_wikipedia() -> None:
    """Borda points 126, 194, 173, 107 (3 for a first place ... 0 for a last, 100 voters)."""
    np.testing.assert_array_equal(cons.borda(_tennessee()), [126, 194, 173, 107])


def test_kemeny_tennessee_wikipedia() -> None:
    """Kemeny-Young: Nashville > Chattanooga > Knoxville > Memphis, 393 of 600 pairwise agreements."""
    order, cost = cons.kemeny(_tennessee())
    assert [TENNESSEE[i] for i in order] == ["Nashville", "Chattanooga", "Knoxville", "Memphis"]
    assert 600 - cost == 393
    # Copeland: Nashville beats every other city head to head (the Condorcet winner)
    assert cons.copeland(_tennessee()).tolist() == [-3, 3, 1, -1]


def _brute_kemeny(r: np.ndarray) -> int:
    n = r.shape[1]
    return min(cons.kemeny_cost(list(p), r) for p in itertools.permutations(range(n)))


def _cost_by_definition(order: list[int], r: np.ndarray) -> int:
    """Kendall distance of a strict order to each ranking, summed (pairs the ranking puts the other way)."""
    return sum(int(row[order[b]] < row[order[a]]) for row in r
               for a in range(len(order)) for b in range(a + 1, len(order)))


@given(rank_rows(min_n=1, max_n=6, min_k=1, max_k=5))
@FAST
def test_kemeny_equals_brute_force(r: np.ndarray) -> None:
    order, cost = cons.kemeny(r)
    assert sorted(order.tolist()) == list(range(r.shape[1]))
    assert cost == _cost_by_definition(order.tolist(), r) == cons.kemeny_cost(order, r)
    assert cost == _brute_kemeny(r)


@given(rank_rows(min_n=2, max_n=7, min_k=1, max_k=1), st.integers(1, 5))
@FAST
def test_consensus_of_identical_rankings_is_that_ranking(one: np.ndarray, k: int) -> None:
    r = np.repeat(one, k, axis=0)
    ranks, note = consensus_ranks(r)
    assert note == ""
    np.testing.assert_array_equal(ranks["borda"], one[0])
    np.testing.assert_array_equal(ranks["copeland"], one[0])
    # Kemeny gives a strict order: ties of the ranking broken, never reversed
    kem = ranks["kemeny"]
    assert sorted(kem.tolist()) == list(range(1, r.shape[1] + 1))
    assert np.all((one[0][:, None] < one[0][None, :]) <= (kem[:, None] < kem[None, :]))


def test_borda_and_copeland_by_definition() -> None:
    r = np.array([[1, 2, 2, 4], [2, 1, 3, 3], [1, 3, 2, 4]], dtype=float)
    n = r.shape[1]
    borda = [sum((row > row[i]).sum() + 0.5 * ((row == row[i]).sum() - 1) for row in r) for i in range(n)]
    np.testing.assert_array_equal(cons.borda(r), borda)
    cope = [sum(np.sign(sum(int(row[i] < row[j]) - int(row[i] > row[j]) for row in r)) for j in range(n) if j != i)
            for i in range(n)]
    np.testing.assert_array_equal(cons.copeland(r), cope)
    np.testing.assert_array_equal(cons.copeland(r, block=1), cope)   # the blocks add up the same


def test_kemeny_refuses_long_lists_and_compare_says_why() -> None:
    r = np.tile(np.arange(1, cons.KEMENY_MAX + 2, dtype=float), (2, 1))
    with pytest.raises(MethodError, match="at most 12 measures; got 13.*Borda or Copeland"):
        cons.kemeny(r)
    x = np.random.default_rng(0).uniform(1, 9, (cons.KEMENY_MAX + 1, 3))
    res = compare(x, [0.4, 0.3, 0.3], [1, 1, -1])
    assert "kemeny" not in res.consensus and "13 measures" in res.kemeny_note


# -- compare ----------------------------------------------------------------------------------------
@st.composite
def problems(draw):
    n = draw(st.integers(2, 7))
    m = draw(st.integers(2, 4))
    x = np.array(draw(st.lists(st.lists(st.floats(1.0, 100.0), min_size=m, max_size=m), min_size=n, max_size=n)))
    w = np.array(draw(st.lists(st.floats(0.05, 1.0), min_size=m, max_size=m)))
    t = np.array(draw(st.lists(st.sampled_from([1.0, -1.0]), min_size=m, max_size=m)))
    return x, w / w.sum(), t


@given(problems())
@FAST
def test_compare_ranks_are_each_methods_own_and_a_method_agrees_with_itself(p) -> None:
    x, w, t = p
    res = compare(x, w, t, methods=["topsis", "vikor", "promethee2", "wsm"])
    for k, m in enumerate(res.methods):
        np.testing.assert_array_equal(res.ranks[k], mcda.rank(mcda.evaluate(m, x, w, t),
                                                              higher_is_better=mcda.METHODS[m].higher_is_better))
        if np.ptp(res.ranks[k]) > 0:   # tau undefined (NaN) only when a method ties every measure
            assert res.kendall[k, k] == 1.0 and res.spearman[k, k] == 1.0
        assert res.ws[k, k] == 1.0
    np.testing.assert_allclose(res.kendall, res.kendall.T, equal_nan=True)
    dis = res.disagreements()
    assert set(dis.index) == {res.measures[i] for i in np.flatnonzero(np.ptp(res.ranks, axis=0) > 0)}


def test_compare_labelled_in_and_out() -> None:
    x = pd.DataFrame([[3, 7, 2], [5, 4, 6], [8, 2, 5], [4, 9, 1]], index=["M1", "M2", "M3", "M4"],
                     columns=["cost", "co2", "jobs"], dtype=float)
    w = pd.Series({"jobs": 0.2, "cost": 0.5, "co2": 0.3})
    res = compare(x, w, {"cost": "min", "co2": "min", "jobs": "max"}, methods=["topsis", "copras", "wsm"],
                  params={"wsm": {"normalization": "max"}})
    arr = compare(x.to_numpy(), w[["cost", "co2", "jobs"]].to_numpy(), [-1, -1, 1], methods=["topsis", "copras", "wsm"],
                  params={"wsm": {"normalization": "max"}})
    np.testing.assert_array_equal(res.ranks, arr.ranks)
    assert list(res.ranking("wsm").index) == ["M1", "M2", "M3", "M4"]
    assert isinstance(arr.ranking("wsm"), np.ndarray)
    assert list(res.correlation("spearman").index) == ["topsis", "copras", "wsm"]
    d = res.to_dict()
    assert set(d["ranks"]["topsis"]) == {"M1", "M2", "M3", "M4"} and set(d["consensus"]) == {"borda", "copeland", "kemeny"}


@pytest.mark.parametrize("kwargs, match", [
    ({"methods": ["topsis"]}, "at least two methods"),
    ({"methods": ["topsis", "TOPSIS"]}, "named twice"),
    ({"methods": ["topsis", "vikro"]}, "did you mean 'vikor'"),
    ({"methods": ["topsis", "wsm"], "params": {"vikor": {"v": 0.3}}}, "vikor, which is not compared"),
])
def test_compare_refuses_clearly(kwargs, match) -> None:
    with pytest.raises(MethodError, match=match):
        compare(np.eye(3) + 1, [0.4, 0.3, 0.3], [1, 1, 1], **kwargs)


def test_compare_one_weight_vector_only() -> None:
    with pytest.raises(MethodError, match="one weight vector"):
        compare(np.eye(3) + 1, [[0.4, 0.3, 0.3]] * 2, [1, 1, 1])
