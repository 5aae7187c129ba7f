"""Labels in, labels out: pandas objects at the edge of the array kernels (mcda, weights).

The kernels work on NumPy arrays. A tool that hands them a DataFrame (measures x criteria), a
weight Series or a DataFrame of K weight vectors gets its labels back: this module takes the
arrays and the labels apart (:func:`criteria_of`, :func:`align`, :func:`parse_types`) and puts
them together again (:func:`as_series`, :func:`as_frame`), without copying the numbers. It also
names criteria in messages the same way everywhere (:func:`criteria_names`): by label when there
are labels, else by position counted from 1.

Criterion types are accepted as +1/-1, ``'max'``/``'min'``, ``'benefit'``/``'cost'`` or booleans
(True = benefit), as a sequence in column order or as a Series/mapping keyed by criterion.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Hashable, Sequence

import numpy as np
import pandas as pd

from .errors import MethodError

__all__ = ["TYPE_WORDS", "is_labelled", "criteria_of", "criteria_names", "parse_types", "align", "by_criteria",
           "as_series",
           "as_frame"]

#: Words accepted for a criterion type (case-insensitive), besides +1/-1 and booleans.
TYPE_WORDS: Mapping[str, float] = {"max": 1.0, "benefit": 1.0, "min": -1.0, "cost": -1.0}


def is_labelled(obj: object) -> bool:
    """Whether ``obj`` is a pandas Series or DataFrame (its labels are kept)."""
    return isinstance(obj, (pd.Series, pd.DataFrame))


def criteria_of(matrix: object) -> pd.Index | None:
    """The criterion labels of a DataFrame matrix (its columns), None for anything else."""
    return matrix.columns if isinstance(matrix, pd.DataFrame) else None


def criteria_names(cols: Sequence[int] | np.ndarray, labels: Sequence[Hashable] | None = None) -> str:
    """``"criterion 'noise'"``, ``"criteria 'noise', 'cost'"`` or by position from 1: ``"criteria 2, 3"``."""
    idx = [int(c) for c in np.asarray(cols, dtype=int).ravel()]
    names = [repr(labels[c]) if labels is not None else str(c + 1) for c in idx]
    return ("criterion " if len(names) == 1 else "criteria ") + ", ".join(names)


def _one_type(value: object, where: str) -> float:
    if isinstance(value, (bool, np.bool_)):
        return 1.0 if value else -1.0
    if isinstance(value, str):
        key = value.strip().lower()
        if key in TYPE_WORDS:
            return TYPE_WORDS[key]
    elif isinstance(value, (int, float, np.integer, np.floating)) and float(value) in (1.0, -1.0):
        return float(value)
    raise MethodError(f"types: {where} has {value!r}; a type is +1 or -1, 'max' or 'min', 'benefit' or 'cost', "
                      "or True (benefit) / False (cost)")


def parse_types(types: Any, labels: Sequence[Hashable] | None = None, m: int | None = None) -> np.ndarray:
    """Criterion types as a float array of +1 (benefit) and -1 (cost), in the order of ``labels``.

    ``types`` is a sequence in column order, or a Series/mapping keyed by criterion (aligned to
    ``labels`` when given; every criterion needs an entry and no other key is allowed).

    Raises
    ------
    MethodError
        A value that is not a type (naming the criterion), or a missing/unknown criterion.
    """
    if isinstance(types, (pd.Series, Mapping)):
        keyed = pd.Series(types) if isinstance(types, Mapping) else types
        if labels is not None:
            keyed = _reindex(keyed, labels, "types")
        values: list[object] = list(keyed.to_numpy())
        names: Sequence[Hashable] | None = list(keyed.index)
    else:
        arr = np.asarray(types, dtype=object if isinstance(types, (list, tuple)) else None)
        if arr.dtype.kind in "fiu" and arr.ndim == 1 and np.isin(arr, (1, -1)).all():
            return arr.astype(float)  # the common case, without a Python loop
        if arr.ndim != 1:
            raise MethodError(f"types must have one entry per criterion; got shape {arr.shape}")
        values, names = list(arr.tolist()), labels
    if m is not None and len(values) != m:
        raise MethodError(f"types must have one entry per criterion, shape ({m},); got {len(values)} entries")
    return np.array([_one_type(v, criteria_names([j], names if names is not None and len(names) == len(values)
                                                   else None))
                     for j, v in enumerate(values)], dtype=float)


def _reindex(obj: pd.Series | pd.DataFrame, labels: Sequence[Hashable], what: str, rows: bool = False) -> Any:
    """``obj`` (a Series, or a DataFrame by its columns, or by its rows if ``rows``) in the order of
    ``labels``; its labels must be the same set."""
    by_index = isinstance(obj, pd.Series) or rows
    have = obj.index if by_index else obj.columns
    if len(have) == len(labels) and all(a == b for a, b in zip(have, labels)):  # no new Index: the common case
        return obj
    missing = [c for c in labels if c not in have]
    extra = [c for c in have if c not in set(labels)]
    if missing or extra or have.has_duplicates:
        parts = []
        if missing:
            parts.append(f"no entry for {criteria_names(range(len(missing)), missing)}")
        if extra:
            parts.append(f"{criteria_names(range(len(extra)), extra)} not in the matrix")
        if have.has_duplicates:
            parts.append("a criterion appears twice")
        raise MethodError(f"{what} must be keyed by the matrix's criteria {list(labels)}: " + "; ".join(parts))
    return obj.reindex(labels) if by_index else obj.reindex(columns=labels)


def by_criteria(obj: Any, labels: Sequence[Hashable] | None, what: str) -> Any:
    """A per-criterion input (a Series, or a DataFrame with one row per criterion) in the order of
    ``labels``; anything else, or no labels, unchanged."""
    if labels is None or not isinstance(obj, (pd.Series, pd.DataFrame)):
        return obj
    return _reindex(obj, labels, what, rows=True)


def align(weights: Any, labels: Sequence[Hashable] | None, what: str = "weights") -> tuple[Any, pd.Index | None]:
    """Weights as an array-like in criterion order, and the index of their rows (a DataFrame's) or None.

    A Series or DataFrame is aligned to ``labels`` by criterion when the matrix has labels; with
    an unlabelled matrix its order is taken as the column order. A Series is not copied; a
    DataFrame's (column-major) block is copied once into row order, as the kernels read it.
    """
    if isinstance(weights, pd.DataFrame):
        frame = _reindex(weights, labels, what) if labels is not None else weights
        # a frame's block is column-major; the kernels read weight rows: one C-ordered copy (K x m, small)
        return np.ascontiguousarray(frame.to_numpy(dtype=float, copy=False)), frame.index
    if isinstance(weights, pd.Series):
        series = _reindex(weights, labels, what) if labels is not None else weights
        return series.to_numpy(dtype=float, copy=False), None
    return weights, None


def as_series(values: np.ndarray, index: Sequence[Hashable] | pd.Index, name: Hashable = None) -> pd.Series:
    """``values`` (n,) as a Series on ``index`` (no copy)."""
    return pd.Series(values, index=index, name=name, copy=False)


def as_frame(values: np.ndarray, index: Sequence[Hashable] | pd.Index | None,
             columns: Sequence[Hashable] | pd.Index) -> pd.DataFrame:
    """``values`` (K, n) as a DataFrame with rows ``index`` (default 0..K-1) and ``columns`` (no copy)."""
    return pd.DataFrame(values, index=index, columns=columns, copy=False)
