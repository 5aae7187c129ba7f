"""Input checks shared by the weighting methods: each returns clean arrays or raises a MethodError
saying what is wrong, with entries counted from 1 (or named by label); and the labels: a Series
or DataFrame in gives a Series out (:func:`labels_of`, :func:`labelled`)."""

from __future__ import annotations

from typing import Any, Hashable, Sequence

import numpy as np
import pandas as pd

from ..errors import MethodError
from ..labels import as_series, criteria_names, parse_types

__all__ = ["as_vector", "check_nonnegative", "to_simplex", "as_decision_matrix", "as_types", "criteria_text", "labels_of",
           "labelled"]


def labels_of(obj: object) -> pd.Index | None:
    """The criterion labels of a weighting input: a Series' index or a DataFrame's columns (else None)."""
    if isinstance(obj, pd.Series):
        return obj.index
    return obj.columns if isinstance(obj, pd.DataFrame) else None


def labelled(w: np.ndarray, labels: Sequence[Hashable] | pd.Index | None, name: str = "weight") -> Any:
    """``w`` as given, or as a Series on ``labels`` when the input had labels."""
    return w if labels is None else as_series(w, labels, name)

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
        x = np.ascontiguousarray(matrix, dtype=float)  # a DataFrame is column-major: sums round as for arrays
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


def as_types(types: object, m: int, what: str, labels: Sequence[Hashable] | None = None) -> np.ndarray:
    """Criterion types in any form :func:`mkba.labels.parse_types` accepts, by label when ``labels`` are given;
    None is all benefit."""
    if types is None:
        return np.ones(m)
    try:
        return parse_types(types, None if labels is None else list(labels), m)
    except MethodError as exc:
        raise MethodError(f"{what}: {exc}") from None


def criteria_text(cols: Sequence[int] | np.ndarray, labels: Sequence[Hashable] | None) -> str:
    """Criteria by label, or counted from 1 (see :func:`mkba.labels.criteria_names`)."""
    return criteria_names(cols, labels)
