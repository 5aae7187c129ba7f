"""Weights from and to pandas objects (issue 23, item 1): a Series or DataFrame in gives a Series on
the criteria out, matched by label, with the numbers of the array call; entropy and CRITIC share
one signature (types optional in both)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mkba import weights as wt
from mkba.errors import MethodError

X = pd.DataFrame({"price": [5000, 680, 2000, 600, 800], "support": [3, 5, 3, 4, 2], "ease": [3, 3, 2, 3, 4]},
                 index=list("ABCDE"), dtype=float)


@pytest.mark.parametrize("func", [wt.entropy, wt.critic])
def test_objective_weights_keep_the_criteria_and_share_one_signature(func) -> None:
    types = {"ease": "max", "price": "cost", "support": True}
    got = func(X, types)
    assert isinstance(got, pd.Series) and list(got.index) == list(X.columns)
    np.testing.assert_array_equal(got.to_numpy(), func(X.to_numpy(), [-1, 1, 1]))
    np.testing.assert_array_equal(func(X).to_numpy(), func(X.to_numpy(), None))   # types optional in both
    assert func(X, types=None).sum() == pytest.approx(1.0, abs=1e-12)


def test_objective_weight_errors_name_criteria_by_label() -> None:
    with pytest.raises(MethodError, match="criterion 'support' hold"):
        wt.entropy(X.assign(support=[-1.0, 2, 3, 4, 5]))
    with pytest.raises(MethodError, match="criterion 'ease' has/have the same value"):
        wt.critic(X.assign(ease=1.0))
    with pytest.raises(MethodError, match="CRITIC weights: types: criterion 'price' has 'cheap'"):
        wt.critic(X, ["cheap", "max", "max"])


def test_ahp_on_a_dataframe_gives_a_series_and_refuses_mismatched_labels() -> None:
    a = np.array([[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]])
    frame = pd.DataFrame(a, index=["cost", "noise", "nature"], columns=["cost", "noise", "nature"])
    got = wt.ahp(frame)
    assert list(got.weights.index) == ["cost", "noise", "nature"]
    np.testing.assert_array_equal(got.weights.to_numpy(), wt.ahp(a).weights)
    assert got.to_dict()["weights"] == wt.ahp(a).to_dict()["weights"] and "CR=" in repr(got)
    with pytest.raises(MethodError, match="same criteria, in the same order, as rows and columns"):
        wt.ahp(frame.rename(index={"cost": "costs"}))


def test_group_weights_match_stakeholders_and_criteria_by_label() -> None:
    priorities = pd.DataFrame([[0.5, 0.3, 0.2], [0.2, 0.2, 0.6]], index=["farmers", "city"],
                              columns=["cost", "noise", "nature"])
    influence = pd.Series({"city": 1.0, "farmers": 3.0})          # another order: matched by label
    got = wt.aggregate_priorities(priorities, influence)
    assert list(got.index) == ["cost", "noise", "nature"]
    np.testing.assert_allclose(got.to_numpy(), (3 * priorities.iloc[0] + priorities.iloc[1]).to_numpy() / 4,
                               atol=1e-15)
    a = pd.DataFrame([[1, 2], [0.5, 1]], index=["x", "y"], columns=["x", "y"])
    b = pd.DataFrame([[1, 2], [0.5, 1]], index=["y", "x"], columns=["y", "x"])  # y twice x, written the other way
    group = wt.aggregate_judgements([a, b], [1, 1])
    assert list(group.index) == ["x", "y"] and group.loc["x", "y"] == pytest.approx(1.0)


def test_direct_and_swing_keep_labels_and_match_ranges_by_label() -> None:
    w, note = wt.direct(pd.Series({"a": 20, "b": 30, "c": 50}))
    assert list(w.index) == ["a", "b", "c"] and note is not None
    points = pd.Series({"a": 100, "b": 50})
    elicited = pd.DataFrame({"worst": [0, 0], "best": [10, 4]}, index=["b", "a"])   # rows by label
    observed = pd.Series({"b": 5.0, "a": 4.0})
    got = wt.swing(points, elicited_ranges=elicited, observed_ranges=observed)
    want = wt.swing([100, 50], elicited_ranges=[4, 10], observed_ranges=[4, 5])
    assert list(got.index) == ["a", "b"]
    np.testing.assert_allclose(got.to_numpy(), want, atol=1e-15)
    with pytest.raises(MethodError, match="no entry for criterion 'a'"):
        wt.swing(points, elicited_ranges=pd.Series({"b": 1.0, "z": 1.0}), observed_ranges=observed)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(1, 5), min_size=1, max_size=9), st.sampled_from(sorted(wt.RANK_WEIGHTS)))
def test_rank_weights_are_on_the_simplex_monotone_and_equal_within_ties(ranks, method) -> None:
    names = [f"c{i}" for i in range(len(ranks))]
    w = wt.rank_weights(pd.Series(ranks, index=names), method=method)
    assert list(w.index) == names
    assert w.sum() == pytest.approx(1.0, abs=1e-12) and (w > 0).all()
    r = np.array(ranks)
    for i in range(len(r)):
        for j in range(len(r)):
            if r[i] < r[j]:
                assert w.iloc[i] > w.iloc[j]
            elif r[i] == r[j]:
                assert w.iloc[i] == w.iloc[j]


@pytest.mark.parametrize("ranking,match", [
    ([["a"], ["b", "a"]], "more than once: 'a'"),
    ([["a"], []], "at least one criterion"),
    ([1, np.nan], "finite rank"),
    (["a"], None),
])
def test_rank_weight_inputs(ranking, match) -> None:
    if match is None:
        assert wt.rank_weights(ranking).to_dict() == {"a": 1.0}
        return
    with pytest.raises(MethodError, match=match):
        wt.rank_weights(ranking)
    with pytest.raises(MethodError, match="did you mean 'rank-sum'"):
        wt.rank_weights([1, 2], method="rank_sum")


def test_pairwise_problems_name_the_criteria_of_a_dataframe() -> None:
    frame = pd.DataFrame([[1, 3, 5], [1 / 3, 1, 3], [5, 1 / 3, 1]], index=["cost", "noise", "nature"],
                         columns=["cost", "noise", "nature"])
    with pytest.raises(MethodError, match=r"row 1, column 3 \('cost' over 'nature'\) is 5 but row 3, column 1"):
        wt.ahp(frame)
    assert "row 1, column 3 is 5" in str(wt.check_pairwise(frame.to_numpy())[0])
