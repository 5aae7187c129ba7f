"""The published variants of the weighted sum, the weighted product and VIKOR (issue 23, item 3).

Each variant is checked against a published worked example (cited per test) and, where pymcdm
1.4 has the variant, against pymcdm to 1e-9 (also tests/mcda/test_batch.py for every
normalisation on random data).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pymcdm import methods as pm
from pymcdm import normalizations as pn

from mkba import mcda
from mkba.errors import MethodError

# Triantaphyllou (2000), Multi-Criteria Decision Making Methods: A Comparative Study, ch. 2 (read as
# test_mcda_wsm_wpm_promethee.py says): 3 alternatives x 4 benefit criteria in one unit.
TRIANT_X = np.array([[25, 20, 15, 30], [10, 30, 20, 30], [30, 10, 30, 10]], dtype=float)
TRIANT_W = np.array([0.20, 0.15, 0.40, 0.25])
TRIANT_WSM = np.array([21.50, 22.00, 22.00])


def test_wsm_max_reproduces_triantaphyllou_2000_ch2_raw_weighted_sum() -> None:
    """Triantaphyllou (2000), ch. 2, WSM example: 21.50, 22.00, 22.00 (A2 and A3 tie). Every column's
    maximum is 30, so the max normalisation x/max divides each published score by 30 exactly."""
    got = mcda.evaluate("wsm", TRIANT_X, TRIANT_W, ["max"] * 4, normalization="max")
    np.testing.assert_allclose(got * 30.0, TRIANT_WSM, atol=5e-3)
    np.testing.assert_array_equal(mcda.rank(got), [3, 1, 1])


def test_wpm_sum_reproduces_the_printed_log_scores_of_triantaphyllous_wpm_example() -> None:
    """Triantaphyllou (2000), ch. 2, WPM example on the same data, as scikit-criteria's test
    ``test_WeightedProductModel_enwiki_1015567716`` prints it: log10 scores -0.50128589,
    -0.50448471, -0.52947246 of the sum-scaled columns (x / column sum) with the weights. That is
    mkba's ``wpm`` with ``normalization='sum'`` (and pymcdm's WPM default)."""
    got = mcda.evaluate("wpm", TRIANT_X, TRIANT_W, [True] * 4, normalization="sum")
    np.testing.assert_allclose(np.log10(got), [-0.50128589, -0.50448471, -0.52947246], atol=5e-9)
    np.testing.assert_allclose(got, pm.WPM()(TRIANT_X, TRIANT_W, np.ones(4)), rtol=1e-9)


def test_wsm_sum_is_pymcdms_default_wsm_on_triantaphyllous_example() -> None:
    """pymcdm's WSM() (sum normalisation) gives 0.3264, 0.3360, 0.3376 here (see
    test_mcda_wsm_wpm_promethee.py); ``normalization='sum'`` is that variant, to 1e-9."""
    got = mcda.evaluate("wsm", TRIANT_X, TRIANT_W, [1] * 4, normalization="sum")
    np.testing.assert_allclose(got, pm.WSM()(TRIANT_X, TRIANT_W, np.ones(4)), rtol=1e-9, atol=0)
    np.testing.assert_allclose(got, [0.3264, 0.3360, 0.3376], atol=5e-5)


# Opricovic, S. & Tzeng, G.-H. (2004). Compromise solution by MCDM methods: a comparative analysis of VIKOR and
# TOPSIS. EJOR 156(2):445-455, section 4: f1 (cost) = 1, 2, 5; f2 (benefit) = 3000, 3750, 4500; equal weights.
OT_X = pd.DataFrame({"f1": [1.0, 2.0, 5.0], "f2": [3000.0, 3750.0, 4500.0]}, index=["A1", "A2", "A3"])


def test_vikor_details_opricovic_tzeng_2004_section_4() -> None:
    """The paper's S = (0.5, 0.375, 0.5), R = (0.5, 0.25, 0.5), Q = (1, 0, 1) with v = 0.5: A2 is best
    by Q, S and R, so both conditions hold (Q(A1) - Q(A2) = 1 >= DQ = 1/(3 - 1)) and the
    compromise solution is A2 alone, as the paper concludes."""
    got = mcda.vikor_details(OT_X, pd.Series({"f2": 0.5, "f1": 0.5}), {"f1": "cost", "f2": "benefit"})
    pd.testing.assert_series_equal(got.S, pd.Series([0.5, 0.375, 0.5], index=OT_X.index, name="S"))
    pd.testing.assert_series_equal(got.R, pd.Series([0.5, 0.25, 0.5], index=OT_X.index, name="R"))
    pd.testing.assert_series_equal(got.Q, pd.Series([1.0, 0.0, 1.0], index=OT_X.index, name="Q"))
    assert got.order[0] == "A2" and got.dq == 0.5
    assert got.advantage and got.stability and got.compromise == ("A2",)
    frame = got.to_frame()
    assert frame.loc["A2", "rank"] == 1 and frame["compromise"].tolist() == [False, True, False]


def test_vikor_details_equal_pymcdm_s_r_q_and_evaluate() -> None:
    """S, R and Q equal pymcdm's VIKOR internals to 1e-9 (Yang & Wu 2020 data, test_mcda.py), and Q is
    what ``evaluate('vikor')`` returns (the batch kernel)."""
    x = np.array([[78, 56, 34, 6], [4, 45, 3, 97], [18, 2, 50, 63], [9, 14, 11, 92], [85, 9, 100, 29]], float)
    w, t = np.full(4, 0.25), np.ones(4)
    for v in (0.0, 0.3, 0.5, 1.0):
        got = mcda.vikor_details(x, w, t, v=v)
        _, _, _, s, r, q = pm.VIKOR(v=v)._method(x, w, t)
        np.testing.assert_allclose(got.S, s, rtol=1e-9)
        np.testing.assert_allclose(got.R, r, rtol=1e-9)
        np.testing.assert_allclose(got.Q, q, rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(got.Q, mcda.evaluate("vikor", x, w, t, v=v), atol=1e-12)


def test_vikor_compromise_when_the_advantage_is_not_acceptable() -> None:
    """One benefit criterion 10, 9, 5, 0 (w = 1): Q = S = R = (0, 0.1, 0.5, 1), DQ = 1/3. C1 fails
    (0.1 < 1/3), so the set is every measure with Q - Q(a') < 1/3: the first two (Opricovic & Tzeng
    2004, section 2.2, step 5)."""
    got = mcda.vikor_details([[10.0], [9.0], [5.0], [0.0]], [1.0], ["max"])
    np.testing.assert_allclose(got.Q, [0.0, 0.1, 0.5, 1.0], atol=1e-15)
    assert not got.advantage and got.stability and got.compromise == (0, 1)


def test_vikor_compromise_when_the_decision_is_not_stable() -> None:
    """Q best but neither S- nor R-best: C2 fails and the compromise set is a' and a'' (Opricovic &
    Tzeng 2004, section 2.2). Data (5 measures, 3 benefit criteria, equal weights, v = 0.5): by
    pymcdm's S, R, Q the second measure is best by Q, by 0.26 >= DQ = 1/4 over the first, while S is
    lowest for the third and fifth and R for the first."""
    x = np.array([[4, 4, 1], [3, 8, 3], [2, 9, 5], [2, 3, 3], [9, 9, 0]], dtype=float)
    w, t = np.full(3, 1 / 3), np.ones(3)
    got = mcda.vikor_details(x, w, t)
    _, _, _, s, r, q = pm.VIKOR()._method(x, w, t)
    best = int(np.argmin(q))
    assert best == 1 and s[best] > s.min() and r[best] > r.min()
    assert np.sort(q)[1] - q[best] >= 1 / 4          # C1 holds
    assert got.advantage and not got.stability
    assert got.compromise == tuple(int(i) for i in np.argsort(q)[:2])


def test_vikor_details_takes_one_weight_vector() -> None:
    with pytest.raises(MethodError, match="one weight vector"):
        mcda.vikor_details(OT_X, [[0.5, 0.5], [0.4, 0.6]], [-1, 1])


@pytest.mark.parametrize("norm,func", [("max", pn.linear_normalization), ("sum", pn.sum_normalization),
                                       ("vector", pn.vector_normalization), ("minmax", pn.minmax_normalization),
                                       ("max-complement", pn.max_normalization)])
def test_wsm_every_normalisation_with_a_cost_criterion_equals_pymcdm(norm: str, func) -> None:
    """Hwang & Yoon (1981)-style mixed problem (a cost criterion: min/x under 'max'): pymcdm's WSM with the
    same normalisation function, to 1e-9."""
    x = np.array([[2.0, 1500, 20000, 5.5, 5, 9], [2.5, 2700, 18000, 6.5, 3, 5],
                  [1.8, 2000, 21000, 4.5, 7, 7], [2.2, 1800, 20000, 5.0, 5, 5]])
    w = np.array([0.2, 0.1, 0.1, 0.1, 0.2, 0.3])
    t = np.array([1, 1, -1, -1, 1, 1], dtype=float)
    got = mcda.evaluate("wsm", x, w, ["benefit", "benefit", "cost", "cost", "benefit", "benefit"], normalization=norm)
    np.testing.assert_allclose(got, pm.WSM(func)(x, w, t), rtol=1e-9, atol=1e-12)
