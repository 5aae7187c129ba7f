"""Labelled results: rankings as Series, and a frame from every result object."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from mkba.stages.scoring import Scores, kendall_matrix
from mkba.mcda import rank


def _scores(values: np.ndarray, measures: list[str], labels: list[str]) -> Scores:
    ranks = rank(values, higher_is_better=True)
    return Scores(method="wsm", params={}, higher_is_better=True, labels=tuple(labels), measures=tuple(measures),
                  values=values, ranks=ranks, kendall=kendall_matrix(ranks))


def test_ranking_is_a_series_of_competition_ranks_in_order() -> None:
    s = _scores(np.array([[0.2, 0.9, 0.9, 0.1], [0.5, 0.4, 0.3, 0.6]]), ["a", "b", "c", "d"], ["huurders", "group"])
    r = s.ranking("huurders")
    assert isinstance(r, pd.Series) and r.name == "huurders" and r.index.name == "measure"
    assert list(r.index) == ["b", "c", "a", "d"] and list(r) == [1, 1, 3, 4]  # a tie shares the best rank
    assert list(s.ranking().index) == s.order() == ["d", "a", "b", "c"]
    with pytest.raises(KeyError, match="no ranking for 'tenants'; the rankings are huurders, group"):
        s.ranking("tenants")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 4), min_size=1, max_size=9))
def test_ranking_agrees_with_the_frame(points: list[int]) -> None:
    """The Series holds the frame's rank of each measure, sorted by rank, ties in longlist order."""
    measures = [f"M{i}" for i in range(len(points))]
    s = _scores(np.array([points], dtype=float), measures, ["group"])
    frame = s.to_frame().loc["group"]
    r = s.ranking()
    assert r.to_dict() == frame["rank"].to_dict()
    assert list(r) == sorted(r)
    for k in range(len(r) - 1):
        if r.iloc[k] == r.iloc[k + 1]:
            assert measures.index(r.index[k]) < measures.index(r.index[k + 1])
