"""Input checks shared by the weighting methods: each returns clean arrays or raises a MethodError
saying what is wrong, with entries counted from 1."""

from __future__ import annotations

import numpy as np

from ..errors import MethodError

__all__ = ["as_vector", "check_nonnegative", "to_simplex", "as_decision_matrix", "as_types"]

def as_vector(values: object, what: str) -> np.ndarray:
    try:
        v = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as exc:
        raise MethodError(f"{what} must be numbers: {exc}") from None
    if v.ndim != 1 or v.size == 0:
        raise MethodError(f"{what} must be a non-empty 1-D list of numbers; got shape {v.shape}")
    bad = np.flatnonzero(~np.isfinite(v))
    if bad.size:
        raise MethodError(f"{what} must be finite; entries {[int(k) + 1 for k in bad]} are {v[bad].tolist()}")
    return v


def check_nonnegative(v: np.ndarray, what: str) -> None:
    neg = np.flatnonzero(v < 0)
    if neg.size:
        raise MethodError(f"{what} must be >= 0; entries {[int(k) + 1 for k in neg]} are {v[neg].tolist()}")
    if not np.any(v > 0):
        raise MethodError(f"{what} are all zero; at least one must be positive")


def to_simplex(v: np.ndarray) -> np.ndarray:
    w = v / v.sum()
    return w / w.sum()


def as_decision_matrix(matrix: object, what: str) -> np.ndarray:
    try:
        x = np.asarray(matrix, dtype=float)
    except (TypeError, ValueError) as exc:
        raise MethodError(f"{what}: the decision matrix must be numbers: {exc}") from None
    if x.ndim != 2 or x.shape[1] == 0:
        raise MethodError(f"{what}: the decision matrix must be 2-D (alternatives x criteria); got shape {x.shape}")
    if x.shape[0] < 2:
        raise MethodError(f"{what} needs at least 2 alternatives; got {x.shape[0]}")
    if not np.all(np.isfinite(x)):
        rows, cols = np.nonzero(~np.isfinite(x))
        cells = [(int(r) + 1, int(c) + 1) for r, c in zip(rows, cols)]
        raise MethodError(f"{what}: the decision matrix has NaN/inf at (row, column) {cells}")
    return x


def as_types(types: object, m: int, what: str) -> np.ndarray:
    t = np.asarray(types, dtype=float)
    if t.shape != (m,) or not np.all(np.isin(t, (-1.0, 1.0))):
        raise MethodError(f"{what}: types must be {m} values of +1 (benefit) or -1 (cost); got {t.tolist()}")
    return t
