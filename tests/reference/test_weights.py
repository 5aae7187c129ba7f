"""Weights against published worked examples and tables.

Tolerance is the printed precision (half a unit in the last printed digit) unless a docstring
says otherwise and why. Each docstring names where the numbers were read.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pymcdm.weights import critic_weights, entropy_weights
from pymcdm.weights.subjective import AHP as PymcdmAHP

from mkba import weights as wt


def matrix_from_pairs(names: list[str], pairs: dict[tuple[str, str], float]) -> np.ndarray:
    """A reciprocal matrix from judgements ``{(a, b): a_ab}``; unlisted diagonal = 1."""
    index = {name: k for k, name in enumerate(names)}
    a = np.ones((len(names), len(names)))
    for (x, y), v in pairs.items():
        a[index[x], index[y]] = v
        a[index[y], index[x]] = 1.0 / v
    assert len({frozenset(p) for p in pairs}) == len(names) * (len(names) - 1) // 2
    return a


# ---------------------------------------------------------------------------------------------
# AHP
# ---------------------------------------------------------------------------------------------

DRINK_NAMES = ["coffee", "wine", "tea", "beer", "soda", "milk", "water"]
DRINKS = matrix_from_pairs(DRINK_NAMES, {
    ("coffee", "wine"): 9, ("coffee", "tea"): 5, ("coffee", "beer"): 2, ("coffee", "soda"): 1,
    ("coffee", "milk"): 1, ("water", "coffee"): 2,
    ("tea", "wine"): 3, ("beer", "wine"): 9, ("soda", "wine"): 9, ("milk", "wine"): 9, ("water", "wine"): 9,
    ("beer", "tea"): 3, ("soda", "tea"): 4, ("milk", "tea"): 3, ("water", "tea"): 9,
    ("soda", "beer"): 2, ("beer", "milk"): 1, ("water", "beer"): 3,
    ("soda", "milk"): 2, ("water", "soda"): 2, ("water", "milk"): 3,
})


def test_saaty_2008_drinks_weights_and_cr():
    """Saaty (2008), 'Decision making with the analytic hierarchy process', Int. J. Services
    Sciences 1(1):83-98, table 'Which drink is consumed more in the U.S.?'. Printed derived
    scale: coffee .177, wine .019, tea .042, beer .116, sodas .190, milk .129, water .327, with
    C.R. = .022 (Saaty RI). Matrix and numbers as encoded in the AHPy test suite
    (PhilipGriffith/AHPy tests/test_ahp.py: weights at 3 decimals and CR 0.022 with
    random_index='saaty'). lambda_max is not printed; it is checked as the value the printed
    CR implies, 7 + 6 * 1.32 * CR.
    """
    r = wt.ahp(DRINKS)
    printed = [0.177, 0.019, 0.042, 0.116, 0.190, 0.129, 0.327]
    np.testing.assert_allclose(r.weights, printed, atol=5e-4)
    assert r.cr == pytest.approx(0.022, abs=5e-4)
    assert r.ri == 1.32 and r.ri_table == "saaty"
    assert r.lambda_max == pytest.approx(7 + 0.022 * 1.32 * 6, abs=5e-4 * 1.32 * 6)
    assert r.consistent


LEADER_CRITERIA = np.array([  # experience, education, charisma, age
    [1, 4, 3, 7],
    [1 / 4, 1, 1 / 3, 3],
    [1 / 3, 3, 1, 5],
    [1 / 7, 1 / 3, 1 / 5, 1],
])
LEADER_ALTERNATIVES = {  # Tom, Dick, Harry under each criterion
    "experience": np.array([[1, 1 / 4, 4], [4, 1, 9], [1 / 4, 1 / 9, 1]]),
    "education": np.array([[1, 3, 1 / 5], [1 / 3, 1, 1 / 7], [5, 7, 1]]),
    "charisma": np.array([[1, 5, 9], [1 / 5, 1, 4], [1 / 9, 1 / 4, 1]]),
    "age": np.array([[1, 1 / 3, 5], [3, 1, 9], [1 / 5, 1 / 9, 1]]),
}


def test_leader_example_priorities_and_synthesis():
    """Wikipedia, 'Analytic hierarchy process - leader example' (read in stored copies, e.g.
    everything.explained.today and en.m.wiki.x.io): criteria weights experience .547,
    education .127, charisma .270, age .056; overall Tom .358, Dick .493, Harry .149.
    Judgements as encoded in PhilipGriffith/AHPy tests/examples.py.

    Tolerance one unit in the 3rd decimal (1e-3), not half: the page prints experience as .547
    while the eigenvector is 0.54757 (truncated, not rounded); every other figure rounds.
    """
    crit = wt.ahp(LEADER_CRITERIA)
    np.testing.assert_allclose(crit.weights, [0.547, 0.127, 0.270, 0.056], atol=1e-3)
    local = np.array([wt.ahp(LEADER_ALTERNATIVES[c]).weights
                      for c in ("experience", "education", "charisma", "age")])
    np.testing.assert_allclose(crit.weights @ local, [0.358, 0.493, 0.149], atol=5e-4)


CITIES = ["Bethesda", "Boston", "Pittsburgh", "Santa Fe"]
CITY_CRITERIA = ["Culture", "Family", "Housing", "Jobs", "Transportation"]


def test_saaty_2005_best_city_synthesis():
    """Saaty (2005), Theory and Applications of the Analytic Network Process, 'best city to
    live in' hierarchy (also on passagetechnology.com 'What is the AHP'): overall priorities
    Bethesda .229, Boston .275, Pittsburgh .385, Santa Fe .111. Judgements (including the
    non-integer 1.5, 2.5 and 3.5) and the printed result as encoded in PhilipGriffith/AHPy
    tests/test_ahp.py (test_cities_weights_saaty_precision_3).
    """
    criteria = matrix_from_pairs(CITY_CRITERIA, {
        ("Culture", "Housing"): 3, ("Culture", "Transportation"): 5, ("Family", "Culture"): 5,
        ("Family", "Housing"): 7, ("Family", "Transportation"): 7, ("Housing", "Transportation"): 3,
        ("Jobs", "Culture"): 2, ("Jobs", "Housing"): 4, ("Jobs", "Transportation"): 7, ("Family", "Jobs"): 1})
    local = {
        "Culture": {("Bethesda", "Pittsburgh"): 1, ("Boston", "Bethesda"): 2, ("Boston", "Pittsburgh"): 2.5,
                    ("Boston", "Santa Fe"): 1, ("Santa Fe", "Bethesda"): 2, ("Santa Fe", "Pittsburgh"): 2.5},
        "Family": {("Bethesda", "Boston"): 2, ("Bethesda", "Santa Fe"): 4, ("Boston", "Santa Fe"): 2,
                   ("Pittsburgh", "Bethesda"): 3, ("Pittsburgh", "Boston"): 8, ("Pittsburgh", "Santa Fe"): 9},
        "Housing": {("Bethesda", "Boston"): 5, ("Bethesda", "Santa Fe"): 2.5, ("Pittsburgh", "Bethesda"): 2,
                    ("Pittsburgh", "Boston"): 9, ("Pittsburgh", "Santa Fe"): 7, ("Santa Fe", "Boston"): 4},
        "Jobs": {("Bethesda", "Pittsburgh"): 3, ("Bethesda", "Santa Fe"): 4, ("Boston", "Bethesda"): 2,
                 ("Boston", "Pittsburgh"): 6, ("Boston", "Santa Fe"): 8, ("Pittsburgh", "Santa Fe"): 1},
        "Transportation": {("Bethesda", "Boston"): 1.5, ("Bethesda", "Santa Fe"): 4, ("Boston", "Santa Fe"): 2.5,
                           ("Pittsburgh", "Bethesda"): 2, ("Pittsburgh", "Boston"): 3.5,
                           ("Pittsburgh", "Santa Fe"): 9},
    }
    w = wt.ahp(criteria).weights
    scores = np.array([wt.ahp(matrix_from_pairs(CITIES, local[c])).weights for c in CITY_CRITERIA])
    np.testing.assert_allclose(w @ scores, [0.229, 0.275, 0.385, 0.111], atol=5e-4)


def test_consistent_matrix_returns_its_generating_weights():
    """methodology.md E6 [D]: a_ij = w_i / w_j gives back w, lambda_max = n and CR = 0."""
    w = np.array([0.4, 0.25, 0.2, 0.1, 0.05])
    r = wt.ahp(w[:, None] / w[None, :])
    np.testing.assert_allclose(r.weights, w, atol=1e-12)
    assert r.lambda_max == pytest.approx(5, abs=1e-10)
    assert r.ci == pytest.approx(0, abs=1e-10) and r.cr == pytest.approx(0, abs=1e-10)
    assert r.consistent


def test_cross_check_pymcdm_ahp_differs_only_by_the_random_index():
    """pymcdm 1.4 AHP on the same matrix: identical weights; its get_cr() uses the
    Tummala-Ling table (AHP.RI_M), so it equals our CR with ri_table='tummala-ling', and our
    default (Saaty) CR times RI_saaty / RI_tummala-ling. CI is the same in both.
    """
    for a in (DRINKS, LEADER_CRITERIA):
        theirs = PymcdmAHP(matrix=a)
        ours_saaty = wt.ahp(a)
        ours_tl = wt.ahp(a, ri_table="tummala-ling")
        np.testing.assert_allclose(theirs(), ours_saaty.weights, atol=1e-10)
        n = a.shape[0]
        assert theirs.get_cr() == pytest.approx(ours_tl.cr, rel=1e-9)
        assert theirs.get_cr() == pytest.approx(ours_saaty.cr * ours_saaty.ri / ours_tl.ri, rel=1e-9)
        assert ours_saaty.ci == pytest.approx(ours_tl.ci, rel=1e-12)
        assert ours_saaty.cr != pytest.approx(ours_tl.cr, rel=1e-3)  # the tables really differ
        assert ours_tl.ri == PymcdmAHP.RI_M[n - 1]


def test_ri_tables_values():
    """Saaty (1980) RI, n = 1..10: 0, 0, .58, .90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49 (quoted
    identically by many stored implementations, e.g. Olddays/MMTools AHP/AHP.m,
    Sable/mcbench-benchmarks 33406-fuzzy-ahp/ConsistencyAHP.m). Alonso & Lamata (2006) as
    quoted with that attribution in a public R implementation ('Alonso-Lamata RI values
    (100,000 matrices)'). Tummala & Ling (1998) as shipped by pymcdm 1.4 AHP.RI_M.
    """
    assert RI(wt, "saaty") == (0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49)
    assert RI(wt, "alonso-lamata") == (0, 0, 0.5245, 0.8815, 1.1086, 1.2479, 1.3417, 1.4056, 1.4499,
                                       1.4854, 1.5141, 1.5365, 1.5551, 1.5713, 1.5838)
    assert RI(wt, "tummala-ling") == tuple(PymcdmAHP.RI_M)
    for table in wt.RI_TABLES.values():
        assert table["source"] and table["note"] and table["version"]


def RI(module, name):  # noqa: N802 - reads like the table
    return module.RI_TABLES[name]["values"]


# ---------------------------------------------------------------------------------------------
# Rank order centroid
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("n, printed", [
    (3, [0.6111, 0.2778, 0.1111]),
    (4, [0.5208, 0.2708, 0.1458, 0.0625]),
    (5, [0.4567, 0.2567, 0.1567, 0.0900, 0.0400]),
    (6, [0.4083, 0.2417, 0.1583, 0.1028, 0.0611, 0.0278]),
])
def test_rank_order_centroid_table(n, printed):
    """Barron & Barrett (1996), Management Science 42(11):1515-1523, ROC weights; values as
    tabulated in methodology.md C.3 (4 decimals). n = 4 also printed to 2 decimals
    (0.52, 0.27, 0.15, 0.06) in a stored business-mathematics page (couryes.com, 'Rank Order
    Centroid Method', citing Chang 2004).
    """
    np.testing.assert_allclose(wt.rank_order_centroid(n), printed, atol=5e-5)


@pytest.mark.parametrize("method, printed", [
    ("roc", [0.5208, 0.2708, 0.1458, 0.0625]),
    ("rank-sum", [0.4, 0.3, 0.2, 0.1]),
    ("rank-reciprocal", [0.48, 0.24, 0.16, 0.12]),
])
def test_rank_weights_four_criteria_mapped_onto_names(method, printed):
    """Four ranked criteria: ROC (Barron & Barrett 1996, as above), rank sum 0.4, 0.3, 0.2, 0.1 and rank
    reciprocal 0.48, 0.24, 0.16, 0.12 (Stillwell, Seaver & Edwards 1981, OBHP 28:62-77; the n = 4
    columns as tabulated by Roberts & Goodwin 2002, J. Multi-Criteria Decision Analysis 11:291-303).
    Given as groups of names, as ranks keyed by name, and as ranks per position: the same numbers,
    each on its criterion."""
    names = ["safety", "cost", "noise", "nature"]
    by_groups = wt.rank_weights([["safety"], "cost", ["noise"], "nature"], method=method)
    assert list(by_groups.index) == names
    np.testing.assert_allclose(by_groups.to_numpy(), printed, atol=5e-5)
    by_ranks = wt.rank_weights(pd.Series({"noise": 3, "safety": 1, "nature": 4, "cost": 2}), method=method)
    pd.testing.assert_series_equal(by_ranks, by_groups.reindex(by_ranks.index), atol=1e-15)
    np.testing.assert_allclose(wt.rank_weights([3, 1, 4, 2], method=method), by_ranks.to_numpy(), atol=1e-15)


def test_roc_with_ties_shares_the_positions_and_matches_the_scenario_path():
    """Barron & Barrett's ROC with a tie: 'cost' and 'noise' tied second share the mean of the
    position weights 2 and 3 ((0.2708 + 0.1458) / 2 = 0.2083); the same as rank_order_weights([1, 2, 1])
    that the scenario and survey paths use, now mapped onto the criteria; dense and competition
    ranks give the same weights."""
    w = wt.roc_weights([["safety"], ["cost", "noise"], ["nature"]])
    np.testing.assert_allclose(w.to_numpy(), [0.5208, 0.2083, 0.2083, 0.0625], atol=5e-5)
    np.testing.assert_allclose(w.to_numpy(), wt.rank_order_weights([1, 2, 1]), atol=1e-15)
    dense = wt.roc_weights({"safety": 1, "cost": 2, "noise": 2, "nature": 3})
    competition = wt.roc_weights({"safety": 1, "cost": 2, "noise": 2, "nature": 4})
    pd.testing.assert_series_equal(dense, w)
    pd.testing.assert_series_equal(competition, w)
    np.testing.assert_allclose(wt.rank_sum_weights([1, 2, 2, 3]), [0.4, 0.25, 0.25, 0.1], atol=1e-15)


# ---------------------------------------------------------------------------------------------
# Objective weights
# ---------------------------------------------------------------------------------------------

TUS_ADALI = np.array([  # time-and-attendance software; price is a cost criterion in the paper
    [5000, 3, 3, 4, 3, 2],
    [680, 5, 3, 2, 2, 1],
    [2000, 3, 2, 3, 4, 3],
    [600, 4, 3, 1, 2, 2],
    [800, 2, 4, 3, 3, 4],
], dtype=float)


def test_critic_tus_aytac_adali_2019():
    """Tuş & Aytaç Adalı (2019), 'The new combination with CRITIC and WASPAS methods for the time
    and attendance software selection problem', Opsearch 56(2):528-538: CRITIC weights
    0.157, 0.249, 0.168, 0.121, 0.154, 0.151 (data and numbers as encoded in the pyrepo-mcda /
    objective-weights-mcda test suites, test_critic).

    Those printed numbers come from min-max scaling *every* column as a benefit criterion (the
    price column is not reversed), so this test passes types = all +1 to reproduce the
    computation they made. The Diakoulaki et al. (1995) scaling with price as a cost criterion
    gives other numbers; see test_critic_cost_column_follows_diakoulaki.
    """
    w = wt.critic(TUS_ADALI, np.ones(6))
    np.testing.assert_allclose(w, [0.157, 0.249, 0.168, 0.121, 0.154, 0.151], atol=5e-4)
    np.testing.assert_allclose(wt.critic(TUS_ADALI), w, atol=0)  # types optional, as in entropy: all benefit
    np.testing.assert_allclose(w, critic_weights(TUS_ADALI), atol=1e-12)  # pymcdm agrees here


def test_critic_cost_column_follows_diakoulaki():
    """Diakoulaki, Mavrotas & Papayannakis (1995): each criterion is scaled between its worst
    and best value, so for a cost criterion r = (max - x)/(max - min). Reversing a column
    leaves its sigma but flips the sign of its correlations; we check against that hand
    formula, and that pymcdm (which never reverses) differs.
    """
    x = TUS_ADALI
    types = np.array([-1, 1, 1, 1, 1, 1])
    r = (x - x.min(0)) / (x.max(0) - x.min(0))
    r[:, 0] = 1 - r[:, 0]
    c = r.std(0) * (1 - np.corrcoef(r.T)).sum(0)
    w = wt.critic(x, types)
    np.testing.assert_allclose(w, c / c.sum(), atol=1e-12)
    assert np.max(np.abs(w - critic_weights(x))) > 0.01


def test_entropy_xu_2004():
    """Xu (2004), 'A note on the subjective and objective integrated approach to determine
    attribute weights', EJOR 156(2):530-532: entropy weights 0.4630, 0.3992, 0.1378, 0.0000
    (data and numbers as encoded in the pyrepo-mcda test suite, test_Entropy).
    """
    x = np.array([[30, 30, 38, 29], [19, 54, 86, 29], [19, 15, 85, 28.9], [68, 70, 60, 29]])
    w = wt.entropy(x)
    np.testing.assert_allclose(w, [0.4630, 0.3992, 0.1378, 0.0000], atol=5e-5)
    np.testing.assert_allclose(w, entropy_weights(x), atol=1e-12)  # pymcdm agrees on positive data


def test_entropy_zavadskas_podvezko_2016():
    """Zavadskas & Podvezko (2016), 'Integrated determination of objective criteria weights in
    MCDM', IJITDM 15(2):267-283: entropy weights 0.1146, 0.1981, 0.4185, 0.2689 for criteria
    of types (-1, +1, -1, +1) -- direction does not enter the entropy method (data and numbers
    as encoded in the pyrepo-mcda test suite, test_Entropy2).
    """
    x = np.array([[3.0, 100, 10, 7], [2.5, 80, 8, 5], [1.8, 50, 20, 11], [2.2, 70, 12, 9]])
    w = wt.entropy(x, types=[-1, 1, -1, 1])
    np.testing.assert_allclose(w, [0.1146, 0.1981, 0.4185, 0.2689], atol=5e-5)
    np.testing.assert_allclose(w, wt.entropy(x), atol=0)


# ---------------------------------------------------------------------------------------------
# Swing and direct
# ---------------------------------------------------------------------------------------------


def test_swing_points_to_weights():
    """Swing weighting (von Winterfeldt & Edwards 1986; methodology.md C.3 step 4):
    w_i = s_i / sum s. Points 100, 80, 20 give 100/200, 80/200, 20/200 = 0.5, 0.4, 0.1.
    """
    np.testing.assert_allclose(wt.swing([100, 80, 20]), [0.5, 0.4, 0.1], atol=1e-15)


def test_swing_range_rebasing_formula():
    """methodology.md C.3 (Edwards & Barron 1994 [K]): with linear value functions, when range i
    changes from D_i to D_i', the weight becomes w_i' ∝ w_i * D_i'/D_i. Points 100, 50 on
    ranges 10 and 100; longlist ranges 5 and 100: 100*5/10 = 50 and 50*100/100 = 50, so the
    weights become 0.5, 0.5.
    """
    w = wt.swing([100, 50], elicited_ranges=[10, 100], observed_ranges=[5, 100])
    np.testing.assert_allclose(w, [0.5, 0.5], atol=1e-15)


def test_direct_percentages_with_warning():
    """Direct weights as percentages 50/30/20 are 0.5/0.3/0.2 and the user is told."""
    w, note = wt.direct([50, 30, 20])
    np.testing.assert_allclose(w, [0.5, 0.3, 0.2], atol=1e-15)
    assert note is not None and "100" in note


def test_pymcdm_rejects_valid_non_integer_judgements():
    """Why mkba validates and computes AHP itself: pymcdm 1.4's matrix validator only accepts the
    integer 1-9 scale and its reciprocals, so Saaty's own 2.5 (best-city example above) is
    refused, while mkba accepts any positive reciprocal judgement.
    """
    a = matrix_from_pairs(["a", "b", "c"], {("a", "b"): 2.5, ("a", "c"): 1, ("b", "c"): 1})
    with pytest.raises(ValueError):
        PymcdmAHP(matrix=a)
    assert wt.ahp(a).weights.sum() == pytest.approx(1)

