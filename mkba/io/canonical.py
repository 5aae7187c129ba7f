"""One written form for every number: results agree across dependency versions, not just within one.

Two environments that differ only in a library's last bit (a LAPACK build, a numpy release) compute
numbers that agree to about 1e-15 relative. Written as full ``repr`` they would differ in the last
digit, and byte-identical result files, goldens and input hashes of later stages would break. So
every float mkba writes (results.json, the CSV tables, the report's embedded data, the GeoJSON
export, the batch summary) first passes :func:`canonical_float`: rounded to
:data:`SIGNIFICANT_DIGITS` significant decimal digits, then written as the shortest text that reads
back as that number (Python's ``repr``). ``-0.0`` is written as ``0.0``; NaN and infinities are
``null`` in JSON and empty in CSV.

Numbers that agree to 1e-12 relative are then written the same, except in the rare case that they
straddle a rounding boundary of the 12th digit. The format is documented in docs/reliability.md, "Numbers in result files".
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["SIGNIFICANT_DIGITS", "canonical_float", "canonical", "canonical_frame", "csv_text"]

SIGNIFICANT_DIGITS = 12
_FORMAT = f".{SIGNIFICANT_DIGITS}g"


def canonical_float(value: float) -> float:
    """``value`` rounded to 12 significant digits (correctly rounded, via its decimal text), ``-0.0`` as ``0.0``.

    Non-finite values are returned as they are (the writers decide how to show them).
    """
    value = float(value)
    if not math.isfinite(value):
        return value
    return float(format(value, _FORMAT)) + 0.0  # + 0.0 turns -0.0 into 0.0


def canonical(value: Any) -> Any:
    """JSON-safe and canonical: numpy scalars and arrays to Python, floats through
    :func:`canonical_float`, non-finite floats to None, mapping keys to str, tuples to lists."""
    if isinstance(value, dict):
        return {str(k): canonical(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [canonical(v) for v in value]
    if isinstance(value, np.ndarray):
        return canonical(value.tolist())
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, (np.integer, int)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        return canonical_float(value) if math.isfinite(value) else None
    if isinstance(value, (str, type(None))):
        return value
    if hasattr(value, "items"):
        return canonical(dict(value.items()))
    return str(value)


_canonical_array = np.frompyfunc(canonical_float, 1, 1)


def canonical_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose float columns (and float index levels) hold canonical floats."""
    out = frame.copy()
    for i, dtype in enumerate(out.dtypes):
        if pd.api.types.is_float_dtype(dtype):
            values = out.iloc[:, i].to_numpy(dtype=float, na_value=np.nan)
            out.isetitem(i, _canonical_array(values).astype(float))
        elif dtype == object:  # mixed columns: only their floats change
            out.isetitem(i, out.iloc[:, i].map(_canonical_cell))
    return out


def _canonical_cell(value: Any) -> Any:
    return canonical_float(value) if isinstance(value, (float, np.floating)) else value


def csv_text(frame: pd.DataFrame, *, index: bool = True) -> str:
    """The CSV text mkba writes: canonical floats, ``\\n`` line ends, empty cells for missing values."""
    return canonical_frame(frame).to_csv(index=index, lineterminator="\n")
