"""Unit tests of mkba.weights: validation, edge cases, error messages.

Expected numbers are hand-derived from the formulas in the module docstrings (derivation in
each test's docstring); published examples live in tests/reference/test_weights.py.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from mkba import weights as wt
from mkba.errors import MethodError, MkbaError

SAATY3 = np.array([[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]])


# ---------------------------------------------------------------------------------------------
# check_pairwise
# ---------------------------------------------------------------------------------------------


def kinds(problems):
    return [(p.kind, p.i, p.j) for p in problems]


def test_valid_matrix_has_no_problems():
    assert wt.check_pairwise(SAATY3) == []


def test_three_decimal_reciprocals_pass_two_decimal_fail():
    """RECIPROCITY_TOLERANCE = 5e-3: 0.333*3 = 0.999, 0.167*6 = 1.002 pass; 0.33*3 = 0.99 fails."""
    ok = np.array([[1, 3, 6], [0.333, 1, 1], [0.167, 1, 1]])
    assert wt.check_pairwise(ok) == []
    bad = np.array([[1, 3, 6], [0.33, 1, 1], [0.167, 1, 1]])
    assert kinds(wt.check_pairwise(bad)) == [("not_reciprocal", 0, 1)]


@pytest.mark.parametrize("matrix, shape", [
    ([[1, 2, 3], [0.5, 1, 2]], (2, 3)),
    ([1, 2, 3], (3,)),
    ([], (0,)),
    (np.ones((2, 2, 2)), (2, 2, 2)),
])
def test_not_square(matrix, shape):
    (p,) = wt.check_pairwise(matrix)
    assert (p.kind, p.i, p.j, p.value) == ("not_square", None, None, shape)


def test_non_numeric_is_reported_not_raised():
    (p,) = wt.check_pairwise([["a", 1], [1, 1]])
    assert p.kind == "not_finite" and p.i is None


def test_collects_every_problem_with_location():
    a = np.array([
        [1, 3, np.nan, 2],
        [1 / 3, 2, 4, -1],
        [0.5, 1 / 4, 1, 2],
        [0.5, np.inf, 1, 1],
    ])
    assert kinds(wt.check_pairwise(a)) == [
        ("not_finite", 0, 2), ("diagonal", 1, 1), ("not_positive", 1, 3), ("not_finite", 3, 1),
        ("not_reciprocal", 2, 3),
    ]


def test_messages_count_from_one():
    (p,) = wt.check_pairwise([[1, 3], [3, 1]])
    assert p.kind == "not_reciprocal" and (p.i, p.j) == (0, 1) and p.value == 3
    assert "row 1, column 2" in p.message and "row 2, column 1" in p.message and "1/3" in p.message


def test_problem_is_frozen():
    (p,) = wt.check_pairwise([[1, 3], [3, 1]])
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.kind = "x"


# ---------------------------------------------------------------------------------------------
# ahp
# ---------------------------------------------------------------------------------------------


def test_ahp_raises_method_error_listing_all_problems():
    with pytest.raises(MethodError) as info:
        wt.ahp([[1, 3, -2], [3, 1, 1], [np.nan, 1, 1]])
    text = str(info.value)
    assert "3 problem(s)" in text
    assert "row 1, column 3" in text and "row 3, column 1" in text and "row 1, column 2" in text
    assert isinstance(info.value, ValueError) and isinstance(info.value, MkbaError)


def test_ahp_three_by_three_eigenvector():
    """Hand check: for A = [[1,3,5],[1/3,1,3],[1/5,1/3,1]], A w = lambda w holds componentwise,
    w > 0, sum 1, and CR = (lambda - 3)/2 / 0.58 (Saaty RI for n = 3)."""
    r = wt.ahp(SAATY3)
    np.testing.assert_allclose(SAATY3 @ r.weights, r.lambda_max * r.weights, rtol=1e-12)
    assert np.all(r.weights > 0) and r.weights.sum() == pytest.approx(1, abs=1e-12)
    assert r.ci == pytest.approx((r.lambda_max - 3) / 2, abs=1e-15)
    assert r.ri == 0.58 and r.cr == pytest.approx(r.ci / 0.58, abs=1e-15)
    assert r.threshold == 0.05 and r.consistent == (r.cr <= 0.05)
    assert r.ri_table == "saaty" and r.n == 3


def test_ahp_small_n():
    one = wt.ahp([[1]])
    assert one.weights.tolist() == [1.0] and one.cr == 0 and one.worst is None and one.consistent
    two = wt.ahp([[1, 4], [0.25, 1]])
    np.testing.assert_allclose(two.weights, [0.8, 0.2], atol=1e-12)
    assert two.cr == 0 and two.ci == 0 and two.lambda_max == pytest.approx(2)


def test_thresholds():
    assert [wt.consistency_threshold(n) for n in (2, 3, 4, 5, 9)] == [0.10, 0.05, 0.08, 0.10, 0.10]


def test_worst_judgement_is_the_planted_error():
    """A consistent 4 x 4 matrix with one judgement (1, 4) replaced by its inverse: that pair
    is reported as worst, with the given value and the one the priorities imply."""
    w = np.array([0.4, 0.3, 0.2, 0.1])
    a = w[:, None] / w[None, :]
    a[0, 3], a[3, 0] = 1 / a[0, 3], a[0, 3]
    r = wt.ahp(a)
    assert (r.worst.i, r.worst.j) == (0, 3)
    assert r.worst.given == pytest.approx(0.25)
    assert r.worst.consistent == pytest.approx(r.weights[0] / r.weights[3])
    assert not r.consistent


def test_ri_table_choice_and_errors():
    a = SAATY3
    al = wt.ahp(a, ri_table="alonso-lamata")
    assert al.ri == 0.5245 and al.ri_table == "alonso-lamata"
    with pytest.raises(MethodError, match="did you mean 'saaty'"):
        wt.ahp(a, ri_table="saatty")
    big = np.ones((11, 11))
    with pytest.raises(MethodError, match="n = 1..10.*alonso-lamata"):
        wt.ahp(big, ri_table="saaty")          # a table named explicitly is used, or refused
    assert wt.ahp(big, ri_table="alonso-lamata").cr == pytest.approx(0, abs=1e-12)
    # no table named: the table every path chooses (default_ri_table), Saaty to 10, Alonso-Lamata beyond
    assert wt.ahp(big).ri_table == wt.default_ri_table(11) == "alonso-lamata"
    assert wt.ahp(big).ri == wt.random_index(11, "alonso-lamata")
    assert wt.ahp(a).ri_table == "saaty" and wt.ahp(a).ri == 0.58
    with pytest.raises(MethodError, match="no shipped table"):
        wt.random_index(16, "alonso-lamata")


def test_ri_tables_are_read_only():
    with pytest.raises(TypeError):
        wt.RI_TABLES["mine"] = {}
    with pytest.raises(TypeError):
        wt.RI_TABLES["saaty"]["values"] = ()


def test_result_is_frozen_and_serialisable():
    r = wt.ahp(SAATY3)
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.cr = 0
    with pytest.raises(ValueError):
        r.weights[0] = 1
    d = r.to_dict()
    assert d["ri_table"] == "saaty" and len(d["weights"]) == 3 and set(d["worst"]) == {"i", "j", "given", "consistent"}
    assert "CR=" in repr(r)


def test_tolerated_rounding_gives_nonnegative_ci():
    """0.333 for 1/3 is accepted and used as given; CI is clipped at 0, never negative."""
    r = wt.ahp([[1, 3], [0.333, 1]])
    assert r.ci == 0
    r = wt.ahp([[1, 1, 1], [1, 1, 1.001], [1, 0.999, 1]])
    assert r.ci >= 0


# ---------------------------------------------------------------------------------------------
# direct, swing, rank order
# ---------------------------------------------------------------------------------------------


def test_direct_no_warning_when_summing_to_one():
    w, note = wt.direct([0.2, 0.3, 0.5])
    assert note is None and w.sum() == pytest.approx(1, abs=1e-12)


@pytest.mark.parametrize("bad, match", [
    ([0.5, -0.1, 0.6], "must be >= 0; entries \\[2\\]"),
    ([0.5, np.nan], "finite"),
    ([np.inf, 1], "finite"),
    ([0, 0, 0], "all zero"),
    ([], "non-empty"),
    ([[0.5, 0.5]], "1-D"),
])
def test_direct_rejects(bad, match):
    with pytest.raises(MethodError, match=match):
        wt.direct(bad)


def test_swing_rejections():
    with pytest.raises(MethodError, match="0-100"):
        wt.swing([120, 50])
    with pytest.raises(MethodError, match=">= 0"):
        wt.swing([100, -5])
    with pytest.raises(MethodError, match="all zero"):
        wt.swing([0, 0])
    with pytest.raises(MethodError, match="both"):
        wt.swing([100, 50], elicited_ranges=[1, 1])
    with pytest.raises(MethodError, match="zero width"):
        wt.swing([100, 50], elicited_ranges=[0, 1], observed_ranges=[1, 1])
    with pytest.raises(MethodError, match="widths"):
        wt.swing([100, 50], elicited_ranges=[1, 1, 1], observed_ranges=[1, 1])
    with pytest.raises(MethodError, match="zero observed range"):
        wt.swing([100, 0], elicited_ranges=[1, 1], observed_ranges=[0, 1])


def test_swing_ranges_as_pairs_and_zero_observed():
    """[worst, best] pairs give widths |best - worst|; a criterion the longlist does not vary on
    gets 0. Points 100, 60, 40 on widths 10, 20, 5; observed 20, 20, 0 ->
    100*20/10 = 200, 60*20/20 = 60, 0 -> 200/260, 60/260, 0."""
    w = wt.swing([100, 60, 40], elicited_ranges=[[0, 10], [50, 30], [1, 6]],
                 observed_ranges=[[0, 20], [10, 30], [3, 3]])
    np.testing.assert_allclose(w, [200 / 260, 60 / 260, 0], atol=1e-15)


def test_swing_same_ranges_changes_nothing():
    p = [100, 70, 30, 10]
    np.testing.assert_allclose(wt.swing(p, elicited_ranges=[2, 3, 4, 5], observed_ranges=[2, 3, 4, 5]),
                               wt.swing(p), atol=1e-15)


def test_rank_order_centroid_formula_and_errors():
    """n = 2: w1 = (1 + 1/2)/2 = 0.75, w2 = (1/2)/2 = 0.25; n = 1: [1]."""
    np.testing.assert_allclose(wt.rank_order_centroid(2), [0.75, 0.25], atol=1e-15)
    assert wt.rank_order_centroid(1).tolist() == [1.0]
    for bad in (0, -1, 2.5, True, "3"):
        with pytest.raises(MethodError):
            wt.rank_order_centroid(bad)


def test_rank_order_weights_with_ties():
    """Groups [1, 2, 1] over ROC(4) = 0.5208, 0.2708, 0.1458, 0.0625: the tied pair gets
    (0.2708 + 0.1458)/2 = 0.2083 each."""
    roc = wt.rank_order_centroid(4)
    w = wt.rank_order_weights([1, 2, 1])
    np.testing.assert_allclose(w, [roc[0], (roc[1] + roc[2]) / 2, (roc[1] + roc[2]) / 2, roc[3]], atol=1e-15)
    np.testing.assert_allclose(wt.rank_order_weights([1, 1, 1, 1]), roc, atol=1e-15)
    np.testing.assert_allclose(wt.rank_order_weights([3]), [1 / 3] * 3, atol=1e-15)
    for bad in ([], [0, 2], [1.5], [True]):
        with pytest.raises(MethodError):
            wt.rank_order_weights(bad)


# ---------------------------------------------------------------------------------------------
# entropy, critic
# ---------------------------------------------------------------------------------------------


def test_entropy_handles_zeros_with_0_log_0():
    """Column [0, 1]: p = (0, 1), E = 0, d = 1; column [1, 1]: E = 1, d = 0 -> weights 1, 0.
    (pymcdm's entropy_weights raises on the 0.)"""
    w = wt.entropy([[0, 1], [1, 1]])
    np.testing.assert_allclose(w, [1, 0], atol=1e-15)


@pytest.mark.parametrize("x, match", [
    ([[1, -2], [3, 4]], "non-negative.*criterion 2 hold"),
    ([[0, 1], [0, 2]], "zero for every alternative"),
    ([[1, 2], [1, 2]], "no criterion varies"),
    ([[1, 2]], "at least 2 alternatives"),
    ([[1, np.nan], [1, 2]], "NaN/inf at \\(row, column\\) \\[\\(1, 2\\)\\]"),
    ([1, 2, 3], "2-D"),
])
def test_entropy_rejects(x, match):
    with pytest.raises(MethodError, match=match):
        wt.entropy(x)


def test_entropy_checks_types_shape():
    with pytest.raises(MethodError, match="types"):
        wt.entropy([[1, 2], [2, 1]], types=[1, 0])


def test_critic_rejects_flat_column_and_bad_types():
    with pytest.raises(MethodError, match="criterion 2 has/have the same value"):
        wt.critic([[1, 5, 2], [2, 5, 1], [3, 5, 7]], [1, 1, 1])
    with pytest.raises(MethodError, match="types"):
        wt.critic([[1, 2], [2, 1]], [1])
    with pytest.raises(MethodError, match="types"):
        wt.critic([[1, 2], [2, 1]], [1, 2])


def test_critic_perfectly_correlated_is_undefined():
    """Two alternatives: every scaled column is (0, 1), all correlations 1, every C_j = 0."""
    with pytest.raises(MethodError, match="perfectly correlated"):
        wt.critic([[0, 5], [1, 9]], [1, 1])
    np.testing.assert_allclose(wt.critic([[0, 5], [1, 9]], [1, -1]), [0.5, 0.5], atol=1e-15)


def test_entropy_tiny_real_spread_still_counts():
    """A constant column gets exactly 0; a column with a tiny real spread keeps its weight."""
    w = wt.entropy([[1.0, 7.0], [1.0 + 1e-6, 7.0]])
    np.testing.assert_allclose(w, [1, 0], atol=0)


def test_critic_accepts_negative_data_and_is_shift_invariant():
    x = np.array([[-3.0, 10, 2], [1, 12, 9], [4, 7, 1], [0, 15, 4]])
    np.testing.assert_allclose(wt.critic(x, [1, -1, 1]), wt.critic(x + 100, [1, -1, 1]), atol=1e-12)


def test_critic_reversing_type_equals_reversing_data():
    """A cost criterion is scored as the benefit of -x (Diakoulaki: best value scaled to 1)."""
    x = np.array([[3.0, 10, 2], [1, 12, 9], [4, 7, 1], [0, 15, 4]])
    flipped = x.copy()
    flipped[:, 1] *= -1
    np.testing.assert_allclose(wt.critic(x, [1, -1, 1]), wt.critic(flipped, [1, 1, 1]), atol=1e-12)


# ---------------------------------------------------------------------------------------------
# group aggregation
# ---------------------------------------------------------------------------------------------


def test_aip_arithmetic_and_geometric_by_hand():
    """P = [[0.6, 0.4], [0.2, 0.8]], influence 3:1 -> 0.75/0.25.
    Arithmetic: 0.75*0.6 + 0.25*0.2 = 0.5, 0.75*0.4 + 0.25*0.8 = 0.5.
    Geometric: 0.6^.75 0.2^.25 and 0.4^.75 0.8^.25, renormalised."""
    p = [[0.6, 0.4], [0.2, 0.8]]
    np.testing.assert_allclose(wt.aggregate_priorities(p, [3, 1]), [0.5, 0.5], atol=1e-15)
    g = np.array([0.6 ** 0.75 * 0.2 ** 0.25, 0.4 ** 0.75 * 0.8 ** 0.25])
    np.testing.assert_allclose(wt.aggregate_priorities(p, [3, 1], how="geometric"), g / g.sum(), atol=1e-15)


def test_aip_zero_influence_stakeholder_is_ignored_even_with_zero_priority():
    p = [[0.5, 0.5], [0.0, 1.0]]
    np.testing.assert_allclose(wt.aggregate_priorities(p, [1, 0], how="geometric"), [0.5, 0.5], atol=1e-15)


@pytest.mark.parametrize("kwargs, match", [
    (dict(priorities=[[0.5, 0.5]], influence=[1], how="median"), "unknown mean"),
    (dict(priorities=[[0.5, 0.5]], influence=[1], how="geometrc"), "did you mean 'geometric'"),
    (dict(priorities=[[0.5, 0.5]], influence=[-1]), ">= 0"),
    (dict(priorities=[[0.5, 0.5]], influence=[0]), "all zero"),
    (dict(priorities=[[0.5, 0.5]], influence=[1, 1]), "one value per stakeholder"),
    (dict(priorities=[[0.5, -0.5]], influence=[1]), ">= 0"),
    (dict(priorities=[[0.0, 0.0]], influence=[1]), "all zero"),
    (dict(priorities=[0.5, 0.5], influence=[1]), "stakeholders x criteria"),
    (dict(priorities=[[1.0, 0.0], [0.0, 1.0]], influence=[1, 1], how="geometric"), "arithmetic"),
])
def test_aip_rejects(kwargs, match):
    with pytest.raises(MethodError, match=match):
        wt.aggregate_priorities(**kwargs)


def test_aij_by_hand_and_reciprocal():
    """a12: 9 and 1 with influence 1:1 -> sqrt(9 * 1) = 3; a21 = 1/3 exactly."""
    a1 = [[1, 9], [1 / 9, 1]]
    a2 = [[1, 1], [1, 1]]
    g = wt.aggregate_judgements([a1, a2], [1, 1])
    np.testing.assert_allclose(g, [[1, 3], [1 / 3, 1]], rtol=1e-14)
    assert wt.check_pairwise(g) == []


def test_aij_symmetrises_tolerated_rounding():
    g = wt.aggregate_judgements([[[1, 3], [0.333, 1]]], [1])
    assert g[0, 1] * g[1, 0] == pytest.approx(1, abs=1e-14)
    assert g[0, 1] == pytest.approx(np.sqrt(3 / 0.333), rel=1e-14)


def test_aij_refuses_arithmetic_with_reason():
    with pytest.raises(MethodError, match="not reciprocal.*geometric"):
        wt.aggregate_judgements([SAATY3], [1], how="arithmetic")
    with pytest.raises(MethodError, match="only 'geometric'"):
        wt.aggregate_judgements([SAATY3], [1], how="harmonic")


def test_aij_lists_problems_per_stakeholder():
    bad = np.array([[1, 3, 5], [3, 1, 3], [1 / 5, 1 / 3, 1]])
    with pytest.raises(MethodError, match="stakeholder 2: not reciprocal: row 1, column 2"):
        wt.aggregate_judgements([SAATY3, bad], [1, 1])
    with pytest.raises(MethodError, match="stakeholders x m x m"):
        wt.aggregate_judgements(SAATY3, [1])
