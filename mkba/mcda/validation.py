"""Vectorised input checks for :func:`mkba.mcda.evaluate` and the parameter checkers.

The checks are whole-array NumPy reductions (no Python loop over weight rows, and no
pairwise dominance check as pymcdm does): for 10,000 x 12 weights and a 2,000 x 12
matrix they take well under a millisecond. The slow path (locating the first bad row
to name it in the message) runs only when a check has already failed.
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from ..errors import MethodError, closest

__all__ = ["WEIGHT_SUM_TOL", "as_arrays", "check_inputs", "per_criterion", "choice", "number_in", "bound_pairs",
           "point"]

#: Each weight row must sum to 1 within this absolute tolerance.
WEIGHT_SUM_TOL = 1e-6


def as_arrays(matrix: Any, weights: Any, types: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Convert to float64 matrix, float64 weights and float64 types (no checks)."""
    try:
        x = np.asarray(matrix, dtype=float)
        w = np.asarray(weights, dtype=float)
        t = np.asarray(types, dtype=float)
    except (TypeError, ValueError) as err:
        raise MethodError(f"matrix, weights and types must be numeric arrays: {err}") from None
    return x, w, t


def _first(mask: np.ndarray) -> int:
    return int(np.flatnonzero(mask.reshape(mask.shape[0], -1).any(axis=1) if mask.ndim > 1 else mask)[0])


def check_inputs(x: np.ndarray, w: np.ndarray, t: np.ndarray) -> None:
    """Check shapes, finiteness, types in {+1, -1}, weights >= 0 summing to 1 per row.

    Raises
    ------
    MethodError
        With the offending row of the matrix or of the weights, and the value found.
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
        raise MethodError(f"matrix has {int(bad.sum())} non-finite value(s); first at measure row {i}, "
                          f"criterion column {j}: {float(x[i, j])!r}")
    bad_t = (t != 1.0) & (t != -1.0)
    if bad_t.any():
        j = int(np.flatnonzero(bad_t)[0])
        raise MethodError(f"types must be +1 (benefit) or -1 (cost); criterion column {j} has {float(t[j])!r}")
    w2 = w.reshape(-1, m)
    if not np.isfinite(w2).all():
        k = _first(~np.isfinite(w2))
        raise MethodError(f"weights must be finite; row {k} is {w2[k].tolist()}")
    if (w2 < 0).any():
        k = _first(w2 < 0)
        raise MethodError(f"weights must be >= 0; row {k} is {w2[k].tolist()}")
    sums = w2.sum(axis=1)
    off = np.abs(sums - 1.0) > WEIGHT_SUM_TOL
    if off.any():
        k = int(np.flatnonzero(off)[0])
        where = f"row {k}" if w.ndim == 2 else "the weight vector"
        raise MethodError(f"each weight row must sum to 1 (within {WEIGHT_SUM_TOL:g}); {where} sums to "
                          f"{float(sums[k])!r} ({int(off.sum())} row(s) off)")


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
