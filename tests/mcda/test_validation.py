"""Input checks: shapes, finiteness, types, weights; clear MethodError messages."""

from __future__ import annotations

import numpy as np
import pytest

from mkba import mcda
from mkba.errors import MethodError

X = np.array([[1.0, 2.0, 3.0], [2.0, 1.0, 4.0], [3.0, 3.0, 1.0]])
T = [1, -1, 1]


@pytest.mark.parametrize("matrix,weights,types,match", [
    (X[0], [0.2, 0.3, 0.5], T, "matrix must be 2-D"),
    (np.empty((0, 3)), [0.2, 0.3, 0.5], T, "at least one"),
    (X, [0.5, 0.5], T, r"weights must have shape \(3,\) or \(K, 3\)"),
    (X, [0.2, 0.3, 0.5], [1, -1], r"types must have one entry per criterion, shape \(3,\)"),
    (X, [0.2, 0.3, 0.5], [1, 0, 1], "criterion column 1 has 0.0"),
    (np.where(X == 4.0, np.nan, X), [0.2, 0.3, 0.5], T, "measure row 1, criterion column 2"),
    (X, [0.2, np.inf, 0.5], T, "finite"),
    (X, [0.7, -0.2, 0.5], T, ">= 0"),
    (X, [0.2, 0.3, 0.4], T, "the weight vector sums to 0.9"),
    (X, [[0.2, 0.3, 0.5], [0.2, 0.3, 0.5], [0.5, 0.5, 0.5]], T, "row 2 sums to 1.5"),
    ("abc", [0.2, 0.3, 0.5], T, "numeric"),
])
def test_bad_inputs_raise_method_error(matrix, weights, types, match: str) -> None:
    with pytest.raises(MethodError, match=match):
        mcda.evaluate("wsm", matrix, weights, types)


def test_weight_sum_tolerance_is_1e_6() -> None:
    w = np.array([0.2, 0.3, 0.5 + 5e-7])
    mcda.evaluate("wsm", X, w, T)
    with pytest.raises(MethodError):
        mcda.evaluate("wsm", X, np.array([0.2, 0.3, 0.5 + 2e-6]), T)


def test_validate_false_skips_checks() -> None:
    got = mcda.evaluate("wsm", X, [0.2, 0.3, 0.4], T, validate=False)
    assert got.shape == (3,)


def test_method_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        mcda.evaluate("wsm", X, [1.0, 1.0, 1.0], T)
