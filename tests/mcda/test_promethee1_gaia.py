"""PROMETHEE I partial ranking and the GAIA plane (issue 23 item 6).

What each test verifies against, and what could not be:

- PROMETHEE I's net flow phi+ - phi- equals PROMETHEE II's published net flows: Papathanasiou & Ploskas
  (2018), *Multiple Criteria Decision Aid*, Springer, ch. 3 (linear preference, q = 1, p = 2; net flows
  -0.26, -0.52, -0.22, 0.36, 0.70, -0.06), as quoted in pyrepo-mcda's test suite (see
  tests/reference/test_mcda_wsm_wpm_promethee.py, which also holds the other published PROMETHEE II cases:
  phi here equals ``evaluate("promethee2")`` for every preference function, tested below).
- The positive and negative flows themselves, and the P / I / R relations: checked against Brans &
  Vincke's (1985) published worked example in tests/mcda/test_promethee1_published.py, and here,
  for every preference function and random problems, against an independent computation
  written here with numpy only (the pairwise definitions of Brans & Vincke 1985 and of Brans &
  Mareschal 2005, section 4.1, with their own preference functions).
- GAIA: no published delta or coordinates were reachable either; the plane is checked against an
  independent numpy computation (SVD of the unicriterion net flow matrix built pairwise here) and the
  defining properties of Mareschal & Brans (1988): delta = 1 with two criteria, and then the
  projection on the decision stick is the PROMETHEE II net flow.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mkba import mcda
from mkba.errors import MethodError
from mkba.mcda.gaia import gaia
from mkba.mcda.methods.promethee1 import promethee1

FAST = settings(max_examples=40, deadline=None)

PP_X = np.array([[8, 7, 2, 1], [5, 3, 7, 5], [7, 5, 6, 4], [9, 9, 7, 3], [11, 10, 3, 7], [6, 9, 5, 4]], dtype=float)
PP_W = [0.4, 0.3, 0.1, 0.2]


def _p(d: float, kind: str, q: float, p: float, s: float) -> float:
    """Brans & Vincke's six generalised criteria, written out again for one difference d."""
    if d <= 0:
        return 0.0
    if kind == "usual":
        return 1.0
    if kind == "ushape":
        return float(d > q)
    if kind == "vshape":
        return min(d / p, 1.0)
    if kind == "level":
        return 0.0 if d <= q else (0.5 if d <= p else 1.0)
    if kind == "linear":
        return 0.0 if d <= q else min((d - q) / (p - q), 1.0)
    return 1.0 - np.exp(-d * d / (2 * s * s))


def _flows(x, w, t, kind, q=0.0, p=1.0, s=1.0):
    n, m = x.shape
    pi = np.zeros((n, n))
    for a, b in itertools.permutations(range(n), 2):
        pi[a, b] = sum(w[j] * _p(t[j] * (x[a, j] - x[b, j]), kind, q, p, s) for j in range(m))
    uni = np.array([[sum(_p(t[j] * (x[a, j] - x[b, j]), kind, q, p, s) - _p(t[j] * (x[b, j] - x[a, j]), kind, q, p, s)
                         for b in range(n) if b != a) / (n - 1) for j in range(m)] for a in range(n)])
    return pi.sum(axis=1) / (n - 1), pi.sum(axis=0) / (n - 1), uni


@st.composite
def problems(draw):
    n = draw(st.integers(2, 7))
    m = draw(st.integers(2, 4))
    x = np.array(draw(st.lists(st.lists(st.integers(0, 6), min_size=m, max_size=m), min_size=n, max_size=n)),
                 dtype=float)
    w = np.array(draw(st.lists(st.integers(1, 5), min_size=m, max_size=m)), dtype=float)
    t = np.array(draw(st.lists(st.sampled_from([1.0, -1.0]), min_size=m, max_size=m)))
    kind = draw(st.sampled_from(mcda.methods.promethee2.PREFERENCES))
    return x, w / w.sum(), t, kind


def _params(kind: str) -> dict:
    return {"usual": {}, "ushape": {"q": 1.0}, "vshape": {"p": 3.0}, "level": {"q": 1.0, "p": 3.0},
            "linear": {"q": 1.0, "p": 3.0}, "gaussian": {"s": 2.0}}[kind]


def test_promethee1_net_flow_is_papathanasiou_ploskas_published() -> None:
    got = promethee1(PP_X, PP_W, [1, 1, 1, 1], preference="linear", q=1, p=2)
    np.testing.assert_allclose(got.phi, [-0.26, -0.52, -0.22, 0.36, 0.70, -0.06], atol=5e-3)
    np.testing.assert_allclose(np.asarray(got.phi_plus) - np.asarray(got.phi_minus), got.phi, atol=1e-15)


@given(problems())
@FAST
def test_flows_equal_the_pairwise_definition(case) -> None:
    x, w, t, kind = case
    params = _params(kind)
    got = promethee1(x, w, t, preference=kind, **params)
    plus, minus, _ = _flows(x, w, t, kind, **params)
    np.testing.assert_allclose(got.phi_plus, plus, atol=1e-12)
    np.testing.assert_allclose(got.phi_minus, minus, atol=1e-12)
    np.testing.assert_allclose(got.phi, mcda.evaluate("promethee2", x, w, t, preference=kind, **params), atol=1e-12)


@given(problems())
@FAST
def test_relations_by_definition_and_their_properties(case) -> None:
    x, w, t, kind = case
    got = promethee1(x, w, t, preference=kind, **_params(kind))
    plus, minus = np.asarray(got.phi_plus), np.asarray(got.phi_minus)
    n = len(plus)
    pref, ind, inc = got.preferred(), got.indifferent(), got.incomparable()
    for a, b in itertools.product(range(n), repeat=2):
        gp = plus[a] - plus[b]
        gm = minus[b] - minus[a]
        eq_p, eq_m = abs(gp) <= 1e-9, abs(gm) <= 1e-9
        want_p = (gp > 1e-9 and gm > 1e-9) or (eq_p and gm > 1e-9) or (gp > 1e-9 and eq_m)
        assert pref[a, b] == want_p
        assert ind[a, b] == (eq_p and eq_m)
        assert inc[a, b] == ((gp > 1e-9 and gm < -1e-9) or (gp < -1e-9 and gm > 1e-9))
        # exactly one of a P b, b P a, a I b, a R b
        assert int(pref[a, b]) + int(pref[b, a]) + int(ind[a, b]) + int(inc[a, b]) == 1
    # P is transitive (an intersection of two weak orders)
    assert not np.any((pref.astype(int) @ pref.astype(int) > 0) & ~pref)
    assert set(got.best) == {i for i in range(n) if not pref[:, i].any()}


def test_incomparabilities_shown_papathanasiou_ploskas() -> None:
    """A1 (phi+ 0.28, phi- 0.54) against A3 (0.22, 0.44) and A6 (0.26, 0.32): A1 leaves more but
    receives more: incomparable; A5 (0.78, 0.08) is preferred to every other (flows from the pairwise
    definition above)."""
    x = pd.DataFrame(PP_X, index=[f"A{i}" for i in range(1, 7)], columns=["c1", "c2", "c3", "c4"])
    got = promethee1(x, pd.Series(PP_W, index=x.columns), [1, 1, 1, 1], preference="linear", q=1, p=2)
    plus, minus, _ = _flows(PP_X, PP_W, np.ones(4), "linear", q=1, p=2)
    np.testing.assert_allclose(got.phi_plus.to_numpy(), plus, atol=1e-12)
    assert got.incomparable_pairs() == [("A1", "A3"), ("A1", "A6")]
    assert got.best == ("A5",)
    rel = got.relation_frame()
    assert rel.loc["A1", "A3"] == "R" and rel.loc["A5", "A1"] == "P" and rel.loc["A1", "A5"] == "P-"
    assert list(got.to_frame().columns) == ["phi_plus", "phi_minus", "phi", "preferred_to", "preferred_by",
                                           "incomparable"]
    assert got.to_dict()["incomparable"] == [["A1", "A3"], ["A1", "A6"]]


# -- GAIA ---------------------------------------------------------------------------------------------

@given(problems())
@FAST
def test_gaia_equals_an_independent_svd(case) -> None:
    x, w, t, kind = case
    params = _params(kind)
    got = gaia(x, w, t, preference=kind, **params)
    _, _, uni = _flows(x, w, t, kind, **params)
    np.testing.assert_allclose(got.flows, uni, atol=1e-12)
    n = len(x)
    _, sv, vt = np.linalg.svd(uni, full_matrices=False)
    lam = np.zeros(uni.shape[1])
    lam[:len(sv)] = sv ** 2 / n
    np.testing.assert_allclose(got.eigenvalues, lam, atol=1e-12)
    if lam.sum() > 1e-12:
        assert got.delta == pytest.approx((lam[0] + lam[1]) / lam.sum(), abs=1e-9)
    else:
        assert np.isnan(got.delta)
    # the components are orthonormal, and span the SVD's top plane when its eigenvalues are distinct
    np.testing.assert_allclose(got.components.T @ got.components, np.eye(2), atol=1e-9)
    if len(sv) >= 3 and sv[1] - sv[2] > 1e-6 and sv[0] - sv[1] > 1e-6:
        for k in range(2):
            assert abs(float(got.components[:, k] @ vt[k])) == pytest.approx(1.0, abs=1e-8)
    np.testing.assert_allclose(got.points, uni @ got.components, atol=1e-12)
    np.testing.assert_allclose(got.stick, w @ got.components, atol=1e-12)
    assert np.all(got.stick >= -1e-12)


@given(problems())
@FAST
def test_gaia_two_criteria_keeps_everything_and_the_stick_gives_the_net_flow(case) -> None:
    x, w, t, kind = case
    x, w, t = x[:, :2], w[:2] / w[:2].sum(), t[:2]
    got = gaia(x, w, t, preference=kind, **_params(kind))
    phi = mcda.evaluate("promethee2", x, w, t, preference=kind, **_params(kind))
    if got.eigenvalues.sum() > 1e-12:
        assert got.delta == pytest.approx(1.0, abs=1e-12)
    np.testing.assert_allclose(got.points @ got.stick, phi, atol=1e-12)


def test_gaia_labels_and_refusals() -> None:
    x = pd.DataFrame(PP_X, index=[f"A{i}" for i in range(1, 7)], columns=["c1", "c2", "c3", "c4"])
    got = gaia(x, pd.Series(PP_W, index=x.columns), [1, 1, 1, 1], preference="linear", q=1, p=2)
    frame = got.to_frame()
    assert frame.loc[("criterion", "c3")].shape == (2,) and ("stick", "decision stick") in frame.index
    assert set(got.to_dict()["measures"]) == set(x.index) and 0 < got.delta <= 1
    with pytest.raises(MethodError, match="at least 2 criteria"):
        gaia(PP_X[:, :1], [1.0], [1])
    with pytest.raises(MethodError, match="one weight vector"):
        gaia(PP_X, [PP_W, PP_W], [1, 1, 1, 1])
    with pytest.raises(MethodError, match="needs the preference threshold p"):
        promethee1(PP_X, PP_W, [1, 1, 1, 1], preference="linear")
