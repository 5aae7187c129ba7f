"""Published worked examples for WSM, WPM and PROMETHEE II with a linear preference function.

Issue 2, item 7 ("Trust the numbers"). As in ``test_mcda.py``, where the numbers were
read through another project's test suite or a reproduction of the source, that is said; the
book or paper is cited for the data. Page and table numbers of the books could not be checked
against the books themselves, so none are given.

Sources, as read:

* WSM: Triantaphyllou, E. (2000). *Multi-Criteria Decision Making Methods: A Comparative Study*.
  Kluwer, ch. 2 (the WSM numerical example: 3 alternatives x 4 benefit criteria). Read as the
  Wikipedia article "Weighted sum model" reproduces it (data, weights and the printed scores
  21.50, 22.00, 22.00; seen in stored copies of the article, e.g. cryer.org.uk/weighted_sum_model
  and everyfhing.explained.today/Weighted_sum_model).
* WPM: same book, ch. 2, the WPM example on the same data. Read through scikit-criteria's test
  ``tests/agg/test_simple.py::test_WeightedProductModel_enwiki_1015567716``
  (github.com/quatrope/scikit-criteria; data "from http://en.wikipedia.org/wiki/Weighted_product_model",
  retrieved 2017-01-07): ranking A1 > A2 > A3 and log10 scores (-0.50128589, -0.50448471,
  -0.52947246) on sum-scaled data with weights scaled to sum 1.
* PROMETHEE II, linear and V-shape preference: Papathanasiou, J. & Ploskas, N. (2018).
  PROMETHEE. In *Multiple Criteria Decision Aid: Methods, Examples and Python Implementations*,
  Springer Optimization and Its Applications 136, ch. 3, pp. 57-89,
  doi:10.1007/978-3-319-91648-4_3; Ziemba et al. (2017) and Ziemba (2019) (cited below): all
  three as quoted in pyrepo-mcda's test suite (github.com/energyinpython/pyrepo-mcda,
  ``tests/test_mcda_methods_2.py``, ``Test_PROMETHEE_II``, ``_2`` and ``_3``).
"""

from __future__ import annotations

import numpy as np
import pytest
from pymcdm import methods as pm

from mkba import mcda

# Triantaphyllou (2000), ch. 2: three alternatives, four benefit criteria in one common unit.
TRIANT_X = np.array([[25, 20, 15, 30],
                     [10, 30, 20, 30],
                     [30, 10, 30, 10]], dtype=float)
TRIANT_W = np.array([0.20, 0.15, 0.40, 0.25])
TRIANT_T = np.ones(4)
TRIANT_WSM = np.array([21.50, 22.00, 22.00])   # as printed: A2 and A3 tie, A1 last


def test_wsm_triantaphyllou_2000_ch2_example_via_common_anchors() -> None:
    """Triantaphyllou (2000), ch. 2, WSM example: A_i = sum_j w_j a_ij = 21.50, 22.00, 22.00
    (A2 and A3 tie for best).

    The published WSM adds raw values that are all in one unit (the book stresses it applies
    only then). mkba's ``wsm`` rescales each criterion min-max over the list by default
    (docs/methods.md, ``wsm``), which is a different value model and does not reproduce this
    setting (on these data it gives 0.475, 0.533, 0.600: A3 alone best); ``normalization='max'``
    does (tests/reference/test_mcda_variants.py).
    The published setting is a linear value function per criterion with the same anchors for
    every criterion, which is mkba's ``mavt`` with common bounds [0, U]: each score is then
    WSM / U exactly. U = 100 is arbitrary (any common U > 0 gives the same ranking).
    """
    got = mcda.evaluate("mavt", TRIANT_X, TRIANT_W, TRIANT_T, bounds=[[0.0, 100.0]] * 4)
    np.testing.assert_allclose(got * 100.0, TRIANT_WSM, atol=5e-3)
    np.testing.assert_array_equal(mcda.rank(got), [3, 1, 1])   # the published tie stays a tie


def test_wsm_is_the_same_sum_anchored_on_the_lists_worst_and_best() -> None:
    """What mkba's ``wsm`` is, in the terms of the test above: the same weighted sum of linear
    value functions, anchored at each criterion's worst and best value in the list (not
    published; an identity that says why ``wsm`` differs from Triantaphyllou's raw WSM)."""
    bounds = np.column_stack([TRIANT_X.min(axis=0), TRIANT_X.max(axis=0)])
    np.testing.assert_allclose(mcda.evaluate("wsm", TRIANT_X, TRIANT_W, TRIANT_T),
                               mcda.evaluate("mavt", TRIANT_X, TRIANT_W, TRIANT_T, bounds=bounds),
                               atol=1e-12)


def test_pymcdm_default_wsm_deviates_from_the_published_example() -> None:
    """pymcdm 1.4's ``WSM()`` defaults to sum normalisation (x / column sum). The column sums
    differ (65, 60, 65, 70), so it reweights the criteria: on Triantaphyllou's example it breaks
    the published A2 = A3 tie and makes A3 the unique best (0.3264, 0.3360, 0.3376), where mkba
    with common anchors reproduces 21.50, 22.00, 22.00 (test above)."""
    theirs = pm.WSM()(TRIANT_X, TRIANT_W, TRIANT_T)
    np.testing.assert_array_equal(mcda.rank(theirs), [3, 2, 1])
    assert theirs[2] - theirs[1] > 1e-3
    # not proportional to the published scores either
    assert np.abs(theirs / theirs.sum() - TRIANT_WSM / TRIANT_WSM.sum()).max() > 1e-3
    ours = mcda.evaluate("mavt", TRIANT_X, TRIANT_W, TRIANT_T, bounds=[[0.0, 100.0]] * 4)
    np.testing.assert_array_equal(mcda.rank(ours), [3, 1, 1])


def test_wpm_triantaphyllou_2000_ch2_example() -> None:
    """Triantaphyllou (2000), ch. 2, WPM example on the same data: P(A_K/A_L) =
    prod_j (a_Kj / a_Lj)^w_j; A1 is better than A2 and A3, A2 better than A3.

    The ratios are recovered from scikit-criteria's printed log10 scores s_i (sum-scaled
    columns, weights 20/15/40/25 scaled to sum 1): the column sums cancel in a ratio, so
    P(A_K/A_L) = 10^(s_K - s_L) = 1.0074, 1.0671, 1.0592 for (1,2), (1,3), (2,3). mkba's
    ``wpm`` (x / column max for a benefit criterion, its default) scales every alternative by
    the same constant, so P_K / P_L is exactly Triantaphyllou's ratio. (``normalization='sum'``
    gives scikit-criteria's scores themselves: tests/reference/test_mcda_variants.py.)
    """
    s = np.array([-0.50128589, -0.50448471, -0.52947246])
    got = mcda.evaluate("wpm", TRIANT_X, TRIANT_W, TRIANT_T)
    for k, l in [(0, 1), (0, 2), (1, 2)]:
        assert got[k] / got[l] == pytest.approx(10 ** (s[k] - s[l]), rel=1e-7)
        assert got[k] / got[l] > 1.0
    np.testing.assert_array_equal(mcda.rank(got), [1, 2, 3])


# Papathanasiou & Ploskas (2018), ch. 3: 6 alternatives x 4 benefit criteria.
PP_X = np.array([[8, 7, 2, 1],
                 [5, 3, 7, 5],
                 [7, 5, 6, 4],
                 [9, 9, 7, 3],
                 [11, 10, 3, 7],
                 [6, 9, 5, 4]], dtype=float)
PP_W = [0.4, 0.3, 0.1, 0.2]
PP_PHI = [-0.26, -0.52, -0.22, 0.36, 0.70, -0.06]


def test_promethee2_linear_papathanasiou_ploskas_2018() -> None:
    """Papathanasiou & Ploskas (2018), ch. 3 (PROMETHEE) numerical example: linear preference
    function (type V, "V-shape with indifference") on every criterion with q = 1, p = 2,
    w = (0.4, 0.3, 0.1, 0.2); net flows (-0.26, -0.52, -0.22, 0.36, 0.70, -0.06), 2 decimals,
    as quoted in pyrepo-mcda's test suite. mkba's ``linear`` is that function:
    P = (d - q)/(p - q) for q < d <= p, 1 beyond.
    """
    got = mcda.evaluate("promethee2", PP_X, PP_W, [1, 1, 1, 1], preference="linear", q=1, p=2)
    np.testing.assert_allclose(got, PP_PHI, atol=5e-3)
    np.testing.assert_array_equal(mcda.rank(got), [5, 6, 4, 2, 1, 3])
    # the same with per-criterion thresholds and the function named once per criterion
    per = mcda.evaluate("promethee2", PP_X, PP_W, [1, 1, 1, 1], preference=["linear"] * 4,
                        q=[1, 1, 1, 1], p=[2, 2, 2, 2])
    np.testing.assert_allclose(per, got, atol=1e-12)


def test_promethee2_vshape_ziemba_et_al_2017_offshore_wind() -> None:
    """Ziemba, P., Wątróbski, J., Zioło, M. & Karczmarczyk, A. (2017). Using the PROSA method in
    offshore wind farm location problems. Energies 10(11):1755, doi:10.3390/en10111755:
    4 locations x 12 criteria (mixed cost/benefit), V-shape preference (d/p up to p, then 1) on
    every criterion with the printed p; PROMETHEE II net flows (-0.0445, 0.1884, -0.0954, -0.0485)
    (4 decimals; as quoted in pyrepo-mcda's test suite, ``Test_PROMETHEE_II_3``). The printed
    weights (20, 5, 5, 1.67, ...) are divided by their sum, as there.
    """
    x = np.array([[16347, 14219, 8160, 8160],
                  [9, 8.5, 9, 8.5],
                  [73.8, 55, 64.8, 62.5],
                  [36.7, 36, 28.5, 29.5],
                  [1.5, 2, 2, 1.5],
                  [3730, 3240, 1860, 1860],
                  [2, 1, 2, 1],
                  [1, 1, 2, 3],
                  [38.8, 33.1, 45.8, 27.3],
                  [4, 2, 4, 3],
                  [1720524, 1496512, 858830, 858830],
                  [40012, 34803, 19973, 19973]], dtype=float).T
    w = np.array([20, 5, 5, 1.67, 1.67, 11.67, 11.67, 5, 5, 16.67, 8.33, 8.33])
    t = [-1, -1, -1, -1, -1, 1, -1, -1, 1, -1, 1, 1]
    p = [7280, 4, 13.4, 7.4, 3, 1662, 3, 3, 13.8, 3, 766240, 17820]
    got = mcda.evaluate("promethee2", x, w / w.sum(), t, preference="vshape", p=p)
    np.testing.assert_allclose(got, [-0.0445, 0.1884, -0.0954, -0.0485], atol=5e-5)


def test_promethee2_linear_ziemba_2019_per_criterion_thresholds() -> None:
    """Ziemba, P. (2019). Towards strong sustainability management - a generalized PROSA method.
    Sustainability 11(6):1555, doi:10.3390/su11061555: 9 alternatives x 12 criteria (mixed
    cost/benefit), linear preference with a different q and p per criterion; PROMETHEE II net
    flows (-0.4143, -0.5056, -0.2317, -0.2892, 0.3313, 0.0619, 0.4296, 0.1626, 0.4554)
    (4 decimals; as quoted in pyrepo-mcda's test suite, ``Test_PROMETHEE_II_2``). The printed
    weights are divided by their sum, as there.
    """
    x = np.array([[38723, 34913, 25596, 34842, 22570, 39773, 19500, 34525, 16486],
                  [33207, 32085, 2123, 32095, 1445, 17485, 868, 16958, 958],
                  [0, 0.2, 5, 0.2, 0.2, 0.2, 99, 99, 99],
                  [3375, 3127, 3547, 3115, 3090, 4135, 3160, 4295, 3653],
                  [11.36, 12.78, 12.78, 12.86, 12.86, 17, 12.86, 17, 12.86],
                  [-320.9, -148.4, -148.4, -9.9, -9.9, 0, -9.9, 0, -9.9],
                  [203.7, 463, 356.2, 552.5, 295, 383, 264, 352, 264],
                  [0, 11.7, 44.8, 11.7, 95.9, 95.9, 116.8, 116.8, 164.9],
                  [0, 4.9, 10.7, 5.4, 11.2, 11.2, 11.2, 11.2, 11.2],
                  [1, 1, 1, 3.5, 4, 4, 4, 4, 4],
                  [21.5, 47.9, 27.7, 39.7, 1.5, 22.7, 2.7, 23.9, 1],
                  [0, 3.7, 4.5, 10.3, 11.5, 11.5, 11.3, 11.3, 11.4]], dtype=float).T
    w = np.array([0.3333, 0.1667, 0.1667, 0.3333, 0.25, 0.75, 1, 1, 0.4, 0.20, 0.40, 1])
    t = [-1, -1, 1, -1, 1, 1, -1, 1, 1, -1, -1, 1]
    p = [2100, 5000, 50, 200, 5, 20, 100, 80, 4, 2, 23, 3]
    q = [420, 1000, 10, 40, 1, 7, 50, 20, 1, 1, 4.6, 1]
    got = mcda.evaluate("promethee2", x, w / w.sum(), t, preference="linear", q=q, p=p)
    np.testing.assert_allclose(got, [-0.4143, -0.5056, -0.2317, -0.2892, 0.3313, 0.0619, 0.4296,
                                     0.1626, 0.4554], atol=5e-5)
