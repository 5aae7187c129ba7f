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

Text is made inert here too, one function per format people open (docs/reliability.md, "Files
people open are inert"): :func:`csv_text` (through :func:`inert_text`) for CSV, :func:`set_xlsx_text`
(and :func:`set_xlsx_value`; formulas only through :func:`set_xlsx_formula`) for XLSX cells,
:func:`html_text` for HTML; :func:`mkba.errors.printable` for the terminal. Each shows control
characters visibly (ESC as ``\\x1b``) instead of writing them.
"""

from __future__ import annotations

import math
from html import escape
from typing import Any, Callable, SupportsFloat

import numpy as np
import pandas as pd

from ..errors import printable

__all__ = ["SIGNIFICANT_DIGITS", "canonical_float", "canonical", "canonical_frame", "csv_text", "inert_text",
           "FORMULA_STARTS", "file_text", "set_xlsx_text", "set_xlsx_value", "set_xlsx_formula", "html_text"]

SIGNIFICANT_DIGITS = 12
_FORMAT = f".{SIGNIFICANT_DIGITS}g"


def canonical_float(value: SupportsFloat) -> float:
    """``value`` rounded to 12 significant digits (correctly rounded, via its decimal text), ``-0.0`` as ``0.0``.

    Non-finite values are returned as they are (the writers decide how to show them).
    """
    number = float(value)
    if not math.isfinite(number):
        return number
    return float(format(number, _FORMAT)) + 0.0  # + 0.0 turns -0.0 into 0.0


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


def _mapped(frame: pd.DataFrame, cell: Callable[[Any], Any], *, labels: bool) -> pd.DataFrame:
    """A copy of ``frame`` with its float columns canonical and ``cell`` applied to every value of
    its other non-numeric columns; with ``labels``, also to the header and the index (each level of
    a MultiIndex). A float index is made canonical either way."""
    out = frame.copy()
    for i, dtype in enumerate(out.dtypes):
        if pd.api.types.is_float_dtype(dtype):
            values = out.iloc[:, i].to_numpy(dtype=float, na_value=np.nan)
            out.isetitem(i, _canonical_array(values).astype(float))
        elif not pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
            out.isetitem(i, out.iloc[:, i].map(cell))
    if labels:
        out.columns = out.columns.map(cell)
        out.index = out.index.map(lambda v: tuple(map(cell, v)) if isinstance(v, tuple) else cell(v))
    elif pd.api.types.is_float_dtype(out.index.dtype):
        out.index = out.index.map(_canonical_cell)
    return out


def canonical_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose floats (columns, mixed columns and a float index) are canonical."""
    return _mapped(frame, _canonical_cell, labels=False)


def _canonical_cell(value: Any) -> Any:
    return canonical_float(value) if isinstance(value, (float, np.floating)) else value


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A text cell starting with one of these is read as a formula by Excel and LibreOffice (CSV injection)."""


def inert_text(text: str) -> str:
    """``text`` as a spreadsheet shows it without running it: a leading apostrophe when it starts
    like a formula (OWASP, "CSV Injection"); a text that is a plain number (``-5``, ``+1.5``) is
    left alone, since a spreadsheet reads it as that number and nothing runs."""
    if not text.startswith(FORMULA_STARTS):
        return text
    try:
        if math.isfinite(float(text)) and text.strip() == text:
            return text
    except ValueError:
        pass
    return "'" + text


def _visible(text: str) -> str:
    """Control characters shown visibly (:func:`mkba.errors.printable`); tab, LF and CR kept."""
    return printable(text, keep="\t\n\r")


def _line_feeds(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def file_text(text: str) -> str:
    """``text`` as mkba writes it into a file people open: control characters shown visibly
    (ESC as ``\\x1b``, NUL as ``\\x00``, a bidi override as ``\\u202e``; see
    :func:`mkba.errors.is_control`), tab and line feed kept, CR and CRLF as LF."""
    return _line_feeds(_visible(text))


def _csv_cell(value: Any) -> Any:
    """One CSV cell: a float canonical; a text with its control characters visible, made inert,
    its carriage returns turned into line feeds, which the CSV writer quotes (a bare CR is not
    quoted by Python's csv module and would end the row for every reader)."""
    if isinstance(value, str):
        return _line_feeds(inert_text(_visible(value)))
    return _canonical_cell(value)


def csv_text(frame: pd.DataFrame, *, index: bool = True) -> str:
    """The CSV text mkba writes: canonical floats, text cells (values, index and header) made inert
    for spreadsheets (:func:`inert_text`), ``\\n`` line ends, empty cells for missing values."""
    return _mapped(frame, _csv_cell, labels=True).to_csv(index=index, lineterminator="\n")


def set_xlsx_text(cell: Any, text: str) -> Any:
    """Store ``text`` in an openpyxl ``cell`` as text, never as a formula; return the cell.

    openpyxl turns any str starting with ``=`` into a formula; here the cell is typed as a string
    (``data_type = "s"``: a shared string, no ``<f>`` element), its text is :func:`file_text`, and
    a text starting like a formula (:data:`FORMULA_STARTS`) also gets Excel's quote prefix (the
    XLSX form of the leading apostrophe), so Excel and LibreOffice show it as typed and keep it
    text when someone edits the cell. The text itself is stored unchanged (no apostrophe)."""
    visible = _visible(text)
    cell.value = _line_feeds(visible)
    cell.data_type = "s"
    if visible.startswith(FORMULA_STARTS):
        cell.quotePrefix = True
    return cell


def set_xlsx_value(cell: Any, value: Any) -> Any:
    """Store a number, bool, None or text in ``cell``: text through :func:`set_xlsx_text`; return the cell."""
    if isinstance(value, str):
        return set_xlsx_text(cell, value)
    cell.value = value
    return cell


def set_xlsx_formula(cell: Any, formula: str) -> Any:
    """Store a formula mkba wrote on purpose (the only way a formula enters an mkba workbook)."""
    if not formula.startswith("="):
        raise ValueError(f"a formula starts with '=': {formula[:40]!r}")
    cell.value = formula
    cell.data_type = "f"
    return cell


def html_text(text: str) -> str:
    """``text`` for HTML (element content or a quoted attribute): :func:`file_text`, then ``& < > " '``
    escaped, so no text can open a tag, end an attribute or carry a control character."""
    return escape(file_text(text), quote=True)
