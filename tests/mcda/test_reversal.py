"""Rank-reversal audit (issue 23 item 5): Wang & Triantaphyllou (2008) tests 1-3 and leave-one-out.

Verified against:

- a hand computation (WSM with min-max normalisation, below): the classic reversal when a measure
  leaves the list;
- an independent computation written here with plain loops over :func:`mkba.mcda.evaluate` on every
  sub-matrix (the audit scores its sub-problems in blocks through the sampled kernels instead);
- the property that a method with a fixed value scale (``mavt`` with bounds, not list-relative) passes
  every test (Wang & Triantaphyllou 2008, Omega 36:45-63, section 3: the irregularities come from
  evaluations relative to the other alternatives).
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
from mkba.mcda.reversal import AUDIT_MAX, _intransitive, rank_reversal

FAST = settings(max_examples=25, deadline=None)
METHODS = ["topsis", "vikor", "promethee2", "wsm", "wpm", "copras", "moora", "edas"]


def test_wsm_minmax_reversal_by_hand() -> None:
    """A = (1, 0), B = (0, 0.9), C = (0.5, 2), two benefit criteria, w = (0.4, 0.6), min-max WSM.

    All three: ranges [0, 1] and [0, 2]: A = 0.4, B = 0.6 * 0.45 = 0.27, C = 0.4 * 0.5 + 0.6 = 0.8: C > A > B.
    Without C (leave-one-out, and the sub-problem {A, B}): each range is its pair: A = 0.4, B = 0.6:
    B > A, a reversal of (A, B); decomposition fails on that pair only. {A, C} gives C, {B, C} gives C:
    the sub-problems are transitive (C > B > A). Worse replacements: A -> (0.5, 0) or B -> (0, 0.45)
    keep C best.
    """
    x = pd.DataFrame([[1, 0], [0, 0.9], [0.5, 2]], index=["A", "B", "C"], columns=["c1", "c2"], dtype=float)
    got = rank_reversal(x, [0.4, 0.6], ["max", "max"], methods=["wsm"]).audits["wsm"]
    assert got.passed == {"worse_replacement": True, "transitivity": True, "decomposition": False,
                          "leave_one_out": False}
    assert got.decomposition == (("A", "B"),)
    assert got.leave_one_out == (("C", (("A", "B"),)),)


def _independent(method: str, x: np.ndarray, w: np.ndarray, t: np.ndarray, delta: float) -> dict:
    """Every test by its definition, one mcda.evaluate per sub-problem."""
    hib = mcda.METHODS[method].higher_is_better

    def ranks(sub: np.ndarray) -> np.ndarray:
        return mcda.rank(mcda.evaluate(method, sub, w, t), higher_is_better=hib)

    n = len(x)
    base = ranks(x)
    best = set(np.flatnonzero(base == 1))
    worst = np.where(t > 0, x.min(axis=0), x.max(axis=0))
    worse = []
    for k in range(n):
        if k in best or np.array_equal(x[k], worst):
            continue
        y = x.copy()
        y[k] = x[k] + delta * (worst - x[k])
        if set(np.flatnonzero(ranks(y) == 1)) != best:
            worse.append(k)
    verdict = {}
    for a, b in itertools.combinations(range(n), 2):
        r = ranks(x[[a, b]])
        verdict[a, b] = int(np.sign(r[1] - r[0]))
        verdict[b, a] = -verdict[a, b]
    triples = {frozenset((a, b, c)) for a, b, c in itertools.permutations(range(n), 3)
               if verdict[a, b] >= 0 and verdict[b, c] >= 0 and verdict[c, a] > 0}
    decomposition = sum(verdict[a, b] != int(np.sign(base[b] - base[a])) for a, b in itertools.combinations(range(n), 2))
    loo = 0
    for k in range(n):
        rest = [j for j in range(n) if j != k]
        r = ranks(x[rest])
        loo += sum(base[rest[a]] < base[rest[b]] and r[a] > r[b] for a in range(n - 1) for b in range(n - 1))
    return {"worse": worse, "triples": len(triples), "decomposition": decomposition, "loo": loo}


@st.composite
def problems(draw):
    n = draw(st.integers(3, 6))
    m = draw(st.integers(2, 4))
    x = np.array(draw(st.lists(st.lists(st.integers(1, 9), min_size=m, max_size=m), min_size=n, max_size=n)),
                 dtype=float)
    w = np.array(draw(st.lists(st.integers(1, 5), min_size=m, max_size=m)), dtype=float)
    t = np.array(draw(st.lists(st.sampled_from([1.0, -1.0]), min_size=m, max_size=m)))
    return x, w / w.sum(), t


@given(problems(), st.sampled_from([0.5, 1.0]))
@FAST
def test_audit_equals_an_independent_computation(p, delta: float) -> None:
    x, w, t = p
    got = rank_reversal(x, w, t, methods=METHODS, delta=delta, max_listed=10_000)
    for method in METHODS:
        ref = _independent(method, x, w, t, delta)
        a = got.audits[method]
        assert [k for k, _ in a.worse_replacement] == ref["worse"], method
        assert a.intransitive_count == len(a.intransitive) == ref["triples"], method
        assert a.decomposition_count == len(a.decomposition) == ref["decomposition"], method
        assert a.leave_one_out_count == ref["loo"], method


@given(problems())
@FAST
def test_fixed_scale_value_model_never_reverses(p) -> None:
    x, w, t = p
    bounds = [[0.0, 10.0]] * x.shape[1]
    got = rank_reversal(x, w, t, methods=["mavt"], params={"mavt": {"bounds": bounds}}).audits["mavt"]
    assert all(got.passed.values()), got


def test_frame_and_dict_summarise_every_method() -> None:
    x = np.array([[1, 0.1], [0.1, 0.9], [0.5, 2]])
    res = rank_reversal(x, [0.4, 0.6], [1, 1], methods=["topsis", "wsm"])
    frame = res.to_frame()
    assert list(frame.index) == ["topsis", "wsm"] and list(frame.columns) == [
        "worse_replacement", "transitivity", "decomposition", "leave_one_out"]
    d = res.to_dict()
    assert d["delta"] == 0.5 and set(d["methods"]) == {"topsis", "wsm"}
    assert d["methods"]["wsm"]["passed"]["leave_one_out"] is bool(frame.loc["wsm", "leave_one_out"] == 0)


@pytest.mark.parametrize("kwargs, match", [
    ({"delta": 0}, r"delta must be in \(0, 1\]"),
    ({"delta": 1.5}, r"delta must be in \(0, 1\]"),
    ({"methods": ["topsis", "nope"]}, "unknown MCDA method 'nope'"),
])
def test_refuses_clearly(kwargs, match) -> None:
    with pytest.raises(MethodError, match=match):
        rank_reversal(np.eye(3) + 1, [0.4, 0.3, 0.3], [1, 1, 1], **kwargs)


def test_refuses_long_lists_and_many_weight_vectors() -> None:
    with pytest.raises(MethodError, match=f"2 to {AUDIT_MAX} measures; got {AUDIT_MAX + 1}"):
        rank_reversal(np.ones((AUDIT_MAX + 1, 2)) + np.arange(AUDIT_MAX + 1)[:, None], [0.5, 0.5], [1, 1])
    with pytest.raises(MethodError, match="one weight vector"):
        rank_reversal(np.eye(3) + 1, [[0.4, 0.3, 0.3]] * 2, [1, 1, 1])


@given(st.integers(1, 8), st.integers(0, 2**32 - 1))
@settings(max_examples=200, deadline=None)
def test_intransitive_sets_counted_by_matrix_products_equal_enumeration(n: int, seed: int) -> None:
    """The count of intransitive sets of three (three matrix products) equals walking every triple, on
    random complete relations with ties."""
    rng = np.random.default_rng(seed)
    upper = np.triu(rng.integers(-1, 2, (n, n)), 1)
    pref = upper - upper.T
    listed, count = _intransitive(pref, 10**6)
    sets = {frozenset(t) for t in itertools.permutations(range(n), 3)
            if pref[t[0], t[1]] >= 0 and pref[t[1], t[2]] >= 0 and pref[t[2], t[0]] > 0}
    assert count == len(sets) == len(listed) and {frozenset(t) for t in listed} == sets
