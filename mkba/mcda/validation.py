"""Vectorised input checks for :func:`mkba.mcda.evaluate` and the parameter checkers.

The checks are whole-array NumPy reductions (no Python loop over weight rows, and no
pairwise dominance check as pymcdm does): for 10,000 x 12 weights and a 2,000 x 12
matrix they take well under a millisecond. The slow path (locating the first bad row
to name it in the message) runs only when a check has already failed.
"""

from __future__ import annotations

import warnings
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Hashable, Iterator, Sequence

import numpy as np

from ..errors import MethodError, closest
from ..labels import criteria_names, criteria_of, parse_types

__all__ = ["WEIGHT_SUM_TOL", "WEIGHT_NORMALIZE_TOL", "WeightsNormalizedWarning", "as_arrays", "check_inputs",
           "settle_weights", "names", "criteria_here", "measure_here", "per_criterion", "choice", "number_in", "bound_pairs",
           "point"]

#: Each weight row must sum to 1 within this absolute tolerance to be used as given.
WEIGHT_SUM_TOL = 1e-6
#: Rows within this distance of sum 1 (published weights rounded to two or three decimals: 0.999,
#: 1.01) are divided by their sum, with a UserWarning saying so. Rows further off are refused
#: unless ``normalize_weights=True`` is passed.
WEIGHT_NORMALIZE_TOL = 1e-2


class WeightsNormalizedWarning(UserWarning):
    """Weights that summed to nearly 1 (within :data:`WEIGHT_NORMALIZE_TOL`) were divided by their sum."""


def as_arrays(matrix: Any, weights: Any, types: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Convert to float64 matrix, float64 weights and float64 types (types in any accepted form, see
    :func:`mkba.labels.parse_types`; weights already in criterion order)."""
    try:
        x = np.asarray(matrix, dtype=float)
        w = np.asarray(weights, dtype=float)
    except (TypeError, ValueError) as err:
        raise MethodError(f"matrix and weights must be numeric arrays: {err}") from None
    labels = criteria_of(matrix)
    if labels is not None:  # a frame's block is column-major: row order, so sums round as for the array
        x = np.ascontiguousarray(x)
    t = parse_types(types, None if labels is None else list(labels))
    return x, w, t


def _first(mask: np.ndarray) -> int:
    return int(np.flatnonzero(mask.reshape(mask.shape[0], -1).any(axis=1) if mask.ndim > 1 else mask)[0])


def _row(k: int, w: np.ndarray, rows: Sequence[Hashable] | None) -> str:
    """The weight row k, by its label, else counted from 1 ("the weight vector" when there is one)."""
    if w.ndim == 1:
        return "the weight vector"
    return f"weight row {rows[k]!r}" if rows is not None else f"weight row {k + 1}"


def check_inputs(x: np.ndarray, w: np.ndarray, t: np.ndarray, *, criteria: Sequence[Hashable] | None = None,
                 measures: Sequence[Hashable] | None = None, rows: Sequence[Hashable] | None = None) -> None:
    """Check shapes, finiteness, types in {+1, -1}, weights >= 0 summing to 1 per row (within
    :data:`WEIGHT_SUM_TOL`).

    ``criteria``, ``measures`` and ``rows`` are the labels of the matrix's columns and rows and of
    the weight rows, used in messages (else positions counted from 1).

    Raises
    ------
    MethodError
        With the offending measure, criterion or weight row, and the value found.
    """
    if x.ndim != 2 or x.shape[0] < 1 or x.shape[1] < 1:
        raise MethodError(f"matrix must be 2-D (measures x criteria) with at least one of each; got shape {x.shape}")
    n, m = x.shape
    if t.shape != (m,):
        raise MethodError(f"types must have one entry per criterion, shape ({m},); got shape {t.shape}")
    if w.ndim not in (1, 2) or w.shape[-1] != m or w.ndim == 2 and w.shape[0] < 1:
        raise MethodError(f"weights must have shape ({m},) or (K, {m}) for {m} criteria; got shape {w.shape}")
    bad = ~np.isfinite(x)
    if bad.any():
        i, j = np.argwhere(bad)[0]
        measure = repr(measures[i]) if measures is not None else str(i + 1)
        raise MethodError(f"matrix has {int(bad.sum())} non-finite value(s); first at measure {measure}, "
                          f"{criteria_names([j], criteria)}: {float(x[i, j])!r}")
    bad_t = (t != 1.0) & (t != -1.0)
    if bad_t.any():
        j = int(np.flatnonzero(bad_t)[0])
        raise MethodError(f"types must be +1 (benefit) or -1 (cost); {criteria_names([j], criteria)} has "
                          f"{float(t[j])!r}")
    w2 = _check_signs(w, m, criteria, rows)
    sums = w2.sum(axis=1)
    off = np.abs(sums - 1.0) > WEIGHT_SUM_TOL
    if off.any():
        k = int(np.flatnonzero(off)[0])
        raise MethodError(f"each weight row must sum to 1 (within {WEIGHT_SUM_TOL:g}); {_row(k, w, rows)} sums to "
                          f"{float(sums[k])!r} ({int(off.sum())} row(s) off)")


def _check_signs(w: np.ndarray, m: int, criteria: Sequence[Hashable] | None,
                 rows: Sequence[Hashable] | None) -> np.ndarray:
    """``w`` as (K, m) after checking every weight is finite and >= 0 (naming the row and criterion)."""
    w2 = w.reshape(-1, m)
    for bad, need in ((~np.isfinite(w2), "finite"), (w2 < 0, ">= 0")):
        if bad.any():
            k = _first(bad)
            cols = np.flatnonzero(bad[k])
            raise MethodError(f"weights must be {need}; {_row(k, w, rows)} has {w2[k, cols].tolist()} on "
                              f"{criteria_names(cols, criteria)}")
    return w2


def settle_weights(w: np.ndarray, *, normalize_weights: bool = False, criteria: Sequence[Hashable] | None = None,
                   rows: Sequence[Hashable] | None = None) -> np.ndarray:
    """The weights as used: rows summing to 1 unchanged, rows near 1 or (if asked) anywhere divided by their sum.

    A row within :data:`WEIGHT_SUM_TOL` of sum 1 is used as given. A row within
    :data:`WEIGHT_NORMALIZE_TOL` (published weights rounded to a few decimals) is divided by its
    sum with a :class:`WeightsNormalizedWarning`. Positive weights further off (unit weights,
    points out of 100) are divided by their sum only with ``normalize_weights=True`` (silently:
    it was asked), else a MethodError names that flag. Negative or non-finite weights, or a row
    of zeros, always raise. Shapes are checked by :func:`check_inputs`; a wrong shape is returned
    unchanged for it to report.
    """
    if w.ndim not in (1, 2) or w.size == 0:
        return w
    m = w.shape[-1]
    w2 = _check_signs(w, m, criteria, rows)
    sums = w2.sum(axis=1)
    off = np.abs(sums - 1.0) > WEIGHT_SUM_TOL
    if not off.any():
        return w
    zero = sums == 0
    if zero.any():
        raise MethodError(f"weights must not all be 0; {_row(_first(zero), w, rows)} is all zero")
    far = np.abs(sums - 1.0) > WEIGHT_NORMALIZE_TOL
    if far.any() and not normalize_weights:
        k = int(np.flatnonzero(far)[0])
        raise MethodError(f"each weight row must sum to 1; {_row(k, w, rows)} sums to {float(sums[k])!r} "
                          f"({int(far.sum())} row(s) more than {WEIGHT_NORMALIZE_TOL:g} off). Pass "
                          "normalize_weights=True to divide every row by its sum (e.g. unit weights or points)")
    if not normalize_weights:
        k = int(np.flatnonzero(off)[0])
        warnings.warn(f"{int(off.sum())} weight row(s) summed to within {WEIGHT_NORMALIZE_TOL:g} of 1, not 1 "
                      f"({_row(k, w, rows)}: {float(sums[k])!r}); divided by their sum", WeightsNormalizedWarning,
                      stacklevel=4)
    out = w2 / sums[:, None]
    return out.reshape(w.shape)


# -- names in the kernels' messages ------------------------------------------------------------

_NAMES: ContextVar[tuple[Sequence[Hashable] | None, Sequence[Hashable] | None]] = ContextVar(
    "mkba_mcda_names", default=(None, None))


@contextmanager
def names(criteria: Sequence[Hashable] | None, measures: Sequence[Hashable] | None) -> Iterator[None]:
    """Within this block, :func:`criteria_here` and :func:`measure_here` name by these labels.

    ``evaluate`` sets them around the kernel call, so a kernel's own check (COPRAS's positive
    values, SPOTIS's bounds, ...) names a DataFrame's criteria and measures by label without
    every kernel taking the labels as a parameter.
    """
    token = _NAMES.set((criteria, measures))
    try:
        yield
    finally:
        _NAMES.reset(token)


def criteria_here(cols: Sequence[int] | np.ndarray) -> str:
    """Criteria ``cols`` (0-based positions) by label inside :func:`names`, else counted from 1."""
    return criteria_names(cols, _NAMES.get()[0])


def measure_here(i: int) -> str:
    """Measure ``i`` (0-based) by label inside :func:`names`, else counted from 1."""
    labels = _NAMES.get()[1]
    return f"measure {labels[int(i)]!r}" if labels is not None else f"measure {int(i) + 1}"


# -- parameter checkers (used by the registry) ----------------------------------------------

def choice(name: str, options: Sequence[str]):
    """A checker accepting one of ``options`` (case-insensitive)."""
    def check(value: Any, n_criteria: int | None) -> str:
        key = str(value).strip().lower() if isinstance(value, str) else None
        if key is None or key not in options:
            hint = closest(value, options) if isinstance(value, str) else None
            msg = f"parameter {name!r} must be one of {', '.join(options)}; got {value!r}"
            raise MethodError(msg + (f"; did you mean {hint!r}?" if hint else ""))
        return key
    return check


def number_in(name: str, low: float, high: float, *, low_open: bool = False):
    """A checker accepting one real number in [low, high] (or (low, high] if ``low_open``)."""
    def check(value: Any, n_criteria: int | None) -> float:
        try:
            v = float(value)
        except (TypeError, ValueError):
            v = float("nan")
        ok = np.isfinite(v) and (v > low if low_open else v >= low) and v <= high
        if isinstance(value, bool) or not ok:
            bracket = "(" if low_open else "["
            raise MethodError(f"parameter {name!r} must be a number in {bracket}{low:g}, {high:g}]; got {value!r}")
        return v
    return check


def _floats(value: Any) -> np.ndarray:
    """``value`` as a float array; a NaN scalar (which every array check rejects) if it is not numeric."""
    try:
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return np.array(np.nan)


def _read_only(a: np.ndarray) -> np.ndarray:
    a = a.copy()
    a.setflags(write=False)
    return a


def per_criterion(name: str, *, positive: bool = False, allow_zero: bool = True):
    """A checker for a threshold given as one number or one number per criterion.

    Returns a float (scalar) or a read-only float array of length ``n_criteria``.
    """
    def check(value: Any, n_criteria: int | None) -> float | np.ndarray:
        try:
            arr = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            raise MethodError(f"parameter {name!r} must be a number or a list with one number per criterion; "
                              f"got {value!r}") from None
        if arr.ndim > 1 or (arr.ndim == 1 and n_criteria is not None and arr.shape[0] != n_criteria):
            raise MethodError(f"parameter {name!r} must be one number or {n_criteria} numbers (one per "
                              f"criterion); got shape {arr.shape}")
        bad = ~np.isfinite(arr) | (arr < 0) | ((arr == 0) & (positive or not allow_zero))
        if bad.any():
            need = "> 0" if positive or not allow_zero else ">= 0"
            raise MethodError(f"parameter {name!r} must be finite and {need}; got {value!r}")
        if arr.ndim == 0:
            return float(arr)
        return _read_only(arr)
    return check


def bound_pairs(name: str):
    """A checker for one finite ``[low, high]`` pair per criterion with low < high (read-only (m, 2) array)."""
    def check(value: Any, n_criteria: int | None) -> np.ndarray:
        b = _floats(value)
        want = (n_criteria, 2) if n_criteria is not None else (b.shape[0] if b.ndim == 2 else -1, 2)
        if b.ndim != 2 or b.shape != want or not np.isfinite(b).all() or not (b[:, 0] < b[:, 1]).all():
            rows = "one" if n_criteria is None else str(n_criteria)
            raise MethodError(f"parameter {name!r} must be {rows} [low, high] pair(s), one per criterion, finite "
                              f"with low < high; got {value!r}")
        return _read_only(b)
    return check


def point(name: str):
    """A checker for one finite number per criterion (read-only (m,) array)."""
    def check(value: Any, n_criteria: int | None) -> np.ndarray:
        e = _floats(value)
        if e.ndim != 1 or (n_criteria is not None and e.shape[0] != n_criteria) or not np.isfinite(e).all():
            raise MethodError(f"parameter {name!r} must be one finite number per criterion; got {value!r}")
        return _read_only(e)
    return check
