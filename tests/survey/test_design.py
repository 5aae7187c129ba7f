"""Unit tests of the survey design: pairwise order, Harker completion, Dirichlet concentration fit."""

from __future__ import annotations

import numpy as np
import pytest

from mkba import weights as wt
from mkba.errors import MkbaError
from mkba.survey.design import (MESSAGES, fit_concentration, form_specs, format_number, harker, pairwise_design,
                                respondent_labels)


def test_pairwise_design_star_first_then_bands():
    pairs = pairwise_design(5)
    assert pairs[:4] == ((0, 1), (0, 2), (0, 3), (0, 4))
    assert pairs[4:] == ((1, 2), (2, 3), (3, 4), (1, 3), (2, 4), (1, 4))
    for n in range(2, 11):
        p = pairwise_design(n)
        assert len(p) == n * (n - 1) // 2 and len(set(p)) == len(p)
        assert all(i < j for i, j in p)


def test_pairwise_design_first_optional_answer_closes_a_cycle():
    # after the star, every optional pair (i, j) forms the triangle (0, i, j): CR defined at once
    n = 6
    w = np.array([5.0, 1, 2, 3, 4, 6])
    star = {p: w[p[0]] / w[p[1]] for p in pairwise_design(n)[: n - 1]}
    assert harker(n, star).cr == pytest.approx(0.0, abs=1e-12)
    i, j = pairwise_design(n)[n - 1]
    noisy = star | {(i, j): 3 * w[i] / w[j]}
    assert harker(n, noisy).cr > 0.0


def test_harker_spanning_tree_gives_the_unique_consistent_weights():
    w = np.array([0.1, 0.4, 0.2, 0.3])
    tree = {(0, 1): w[0] / w[1], (0, 2): w[0] / w[2], (0, 3): w[0] / w[3]}
    r = harker(4, tree)
    np.testing.assert_allclose(r.weights, w, atol=1e-12)
    np.testing.assert_allclose(r.matrix, w[:, None] / w[None, :], rtol=1e-12)
    assert r.cr == pytest.approx(0.0, abs=1e-12)


def test_harker_on_a_complete_matrix_is_plain_ahp():
    a = np.array([[1, 3, 5, 1 / 2], [1 / 3, 1, 2, 1 / 4], [1 / 5, 1 / 2, 1, 1 / 7], [2, 4, 7, 1]])
    judgements = {(i, j): a[i, j] for i in range(4) for j in range(i + 1, 4)}
    r = harker(4, judgements)
    ref = wt.ahp(a)
    np.testing.assert_allclose(r.weights, ref.weights, atol=1e-12)
    assert r.cr == pytest.approx(ref.cr, abs=1e-12)


def test_harker_completion_shares_the_eigenpair_of_c():
    """Harker (1987): the completed matrix A* has C's principal eigenvector and eigenvalue."""
    a = {(0, 1): 3.0, (0, 2): 5.0, (0, 3): 0.5, (1, 2): 4.0, (2, 3): 1 / 6}
    n = 4
    c = np.zeros((n, n))
    for (i, j), v in a.items():
        c[i, j], c[j, i] = v, 1 / v
    for i in range(n):
        c[i, i] = 1 + sum(1 for j in range(n) if j != i and c[i, j] == 0)
    values, vectors = np.linalg.eig(c)
    k = np.argmax(values.real)
    v = np.abs(vectors[:, k].real)
    v /= v.sum()
    r = harker(n, a)
    np.testing.assert_allclose(r.weights, v, atol=1e-10)
    assert r.ahp.lambda_max == pytest.approx(values[k].real, rel=1e-10)
    assert not r.given[1, 3] and r.matrix[1, 3] == pytest.approx(v[1] / v[3])
    assert wt.check_pairwise(r.matrix) == []


def test_harker_refuses_disconnected_comparisons():
    with pytest.raises(MkbaError, match="connect"):
        harker(4, {(0, 1): 2.0, (2, 3): 3.0})


@pytest.mark.parametrize("alpha", [5.0, 40.0, 200.0])
def test_fit_concentration_recovers_a_known_alpha(alpha):
    rng = np.random.default_rng(11)
    w = np.array([0.4, 0.25, 0.2, 0.1, 0.05])
    samples = rng.dirichlet(alpha * w, size=4000)
    est = fit_concentration(samples)
    assert est == pytest.approx(alpha, rel=0.08)


def test_fit_concentration_edge_cases():
    assert fit_concentration(np.array([[0.5, 0.5]])) is None
    assert fit_concentration(np.array([[0.5, 0.5], [0.5, 0.5]])) is None
    extreme = np.array([[1.0, 0.0], [0.0, 1.0]])
    assert fit_concentration(extreme) == pytest.approx(1e-3)


def test_messages_have_the_same_keys_in_both_languages():
    assert set(MESSAGES["nl"]) == set(MESSAGES["en"])


def test_respondent_labels():
    assert respondent_labels(None, "x") == [""]
    assert respondent_labels(3, "x") == ["01", "02", "03"]
    assert respondent_labels({"x": ["An", "Bo"]}, "x") == ["An", "Bo"]
    assert respondent_labels({"y": 2}, "x") == [""]
    with pytest.raises(MkbaError):
        respondent_labels(0, "x")


def test_form_specs_ranges_follow_direction(mini_path):
    spec = form_specs(mini_path, kind="swing", lang="en")[0]
    assert spec.ids == ("npv", "liveability", "nuisance")
    by_id = {c.id: c for c in spec.criteria}
    assert by_id["liveability"].worst == 0 and by_id["liveability"].best == 3
    assert by_id["nuisance"].worst == 2 and by_id["nuisance"].best == 0  # cost: worst is the largest
    assert by_id["npv"].worst < by_id["npv"].best


def test_format_number():
    assert format_number(-4907110.0, "nl") == "\u22124.907.110"
    assert format_number(1.5, "nl") == "1,5"
    assert format_number(1.5, "en") == "1.5"
