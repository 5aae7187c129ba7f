"""Input checks: shapes, finiteness, types, weights; clear MethodError messages."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from mkba import mcda
from mkba.errors import MethodError
from mkba.mcda.validation import WeightsNormalizedWarning

X = np.array([[1.0, 2.0, 3.0], [2.0, 1.0, 4.0], [3.0, 3.0, 1.0]])
T = [1, -1, 1]


def X_SCORES(w: np.ndarray) -> np.ndarray:
    """The min-max weighted sum of X, written out: columns (x - 1)/2, (3 - x)/2 (cost), (x - 1)/3."""
    r = np.array([[0.0, 0.5, 2 / 3], [0.5, 1.0, 1.0], [1.0, 0.0, 0.0]])
    return r @ w


@pytest.mark.parametrize("matrix,weights,types,match", [
    (X[0], [0.2, 0.3, 0.5], T, "matrix must be 2-D"),
    (np.empty((0, 3)), [0.2, 0.3, 0.5], T, "at least one"),
    (X, [0.5, 0.5], T, r"weights must have shape \(3,\) or \(K, 3\)"),
    (X, [0.2, 0.3, 0.5], [1, -1], r"types must have one entry per criterion, shape \(3,\)"),
    (X, [0.2, 0.3, 0.5], [1, 0, 1], "criterion 2 has 0"),
    (np.where(X == 4.0, np.nan, X), [0.2, 0.3, 0.5], T, "measure 2, criterion 3"),
    (X, [0.2, np.inf, 0.5], T, "finite"),
    (X, [0.7, -0.2, 0.5], T, ">= 0"),
    (X, [0.2, 0.3, 0.4], T, "the weight vector sums to 0.9"),
    (X, [[0.2, 0.3, 0.5], [0.2, 0.3, 0.5], [0.5, 0.5, 0.5]], T, "weight row 3 sums to 1.5"),
    ("abc", [0.2, 0.3, 0.5], T, "numeric"),
])
def test_bad_inputs_raise_method_error(matrix, weights, types, match: str) -> None:
    with pytest.raises(MethodError, match=match):
        mcda.evaluate("wsm", matrix, weights, types)


def test_weights_within_1e_6_are_used_as_given_and_within_1e_2_normalised_with_a_warning() -> None:
    w = np.array([0.2, 0.3, 0.5 + 5e-7])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_array_equal(mcda.evaluate("wsm", X, w, T), X_SCORES(w))
    rounded = np.array([0.2, 0.3, 0.499])  # three decimals, as papers print them
    with pytest.warns(WeightsNormalizedWarning, match="divided by their sum"):
        got = mcda.evaluate("wsm", X, rounded, T)
    np.testing.assert_allclose(got, X_SCORES(rounded / rounded.sum()), atol=1e-15)
    with pytest.raises(MethodError, match="normalize_weights=True"):
        mcda.evaluate("wsm", X, [0.2, 0.3, 0.52], T)


def test_validate_false_skips_checks() -> None:
    got = mcda.evaluate("wsm", X, [0.2, 0.3, 0.4], T, validate=False)
    assert got.shape == (3,)


def test_method_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        mcda.evaluate("wsm", X, [1.0, 1.0, 1.0], T)
