"""Competition ranking ("1224") with a relative tie tolerance."""

from __future__ import annotations

import numpy as np
import pytest

from mkba import mcda
from mkba.errors import MethodError


def test_competition_ranking_higher_is_better() -> None:
    np.testing.assert_array_equal(mcda.rank([0.9, 0.5, 0.9, 0.1]), [1, 3, 1, 4])


def test_competition_ranking_lower_is_better() -> None:
    np.testing.assert_array_equal(mcda.rank([0.2, 0.5, 0.2, 0.1], higher_is_better=False), [2, 4, 2, 1])


def test_float_noise_does_not_break_a_tie() -> None:
    a = 0.1 + 0.2
    b = 0.3
    assert a != b
    np.testing.assert_array_equal(mcda.rank([a, b, 0.2]), [1, 1, 3])


def test_real_differences_are_not_ties() -> None:
    np.testing.assert_array_equal(mcda.rank([1.0, 1.0 - 1e-9, 0.5]), [1, 2, 3])


def test_two_dimensional_rows_ranked_independently() -> None:
    s = np.array([[3.0, 1.0, 2.0, 2.0], [0.0, 0.0, 0.0, 1.0]])
    np.testing.assert_array_equal(mcda.rank(s), [[1, 4, 2, 2], [2, 2, 2, 1]])


def test_rank_rejects_nan() -> None:
    with pytest.raises(MethodError):
        mcda.rank([1.0, np.nan])


def test_rank_matches_plain_definition_on_random_ties() -> None:
    rng = np.random.default_rng(0)
    s = rng.integers(0, 5, size=(20, 15)).astype(float)
    got = mcda.rank(s)
    want = np.array([[1 + int((row > v).sum()) for v in row] for row in s])
    np.testing.assert_array_equal(got, want)
