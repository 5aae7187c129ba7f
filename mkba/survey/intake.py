"""Returned forms are untrusted input: the raw reading of one form file, bounded in size, rows,
columns and so in time and memory.

A returned form comes from outside: anyone may have edited it. So the reader

* refuses a file larger than :data:`MAX_FORM_BYTES`, and an XLSX whose parts unpack to more than
  :data:`MAX_PART_BYTES` each or :data:`MAX_UNPACKED_BYTES` together, or that has more than
  :data:`MAX_PARTS` parts (the declared sizes bound what is unpacked: :mod:`zipfile` stops at them
  and checks the CRC), before parsing any XML;
* opens the workbook read-only (openpyxl streams each sheet's XML), reads at most
  :data:`MAX_META_ROWS` rows of the hidden description sheet and, on the question sheet, only
  rows 1 to the form's last question and columns A to H: the layout is
  :mod:`mkba.survey.forms_xlsx`'s, never a range, sheet or cell named in the file (a stored
  ``<dimension>`` or a range such as ``A1:XFD1048576`` is never used), and the sheet is not read
  past that row (a sheet with two million extra rows costs nothing);
* reads a JSON form of at most :data:`MAX_FORM_BYTES`, nesting and huge numbers refused as errors.

The form's description itself is checked by :mod:`mkba.survey.answers` (at most
:data:`MAX_CRITERIA` criteria, known kind and language) and its signature by
:mod:`mkba.survey.signature` before any answer cell is read.
"""

from __future__ import annotations

import json
import zipfile
import zlib
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

__all__ = ["MAX_FORM_BYTES", "MAX_PART_BYTES", "MAX_UNPACKED_BYTES", "MAX_PARTS", "MAX_META_ROWS", "MAX_CRITERIA",
           "LAYOUT_COLUMNS", "READ_ERRORS", "FormFileProblem", "archive_problem", "open_workbook", "meta_rows",
           "layout_cells", "read_json"]

MAX_FORM_BYTES = 16 * 2**20
"""Largest returned form file (XLSX or JSON): a pairwise form of 100 criteria is about 1 MB."""
MAX_PART_BYTES = 64 * 2**20
"""Largest unpacked part (one sheet's XML, the shared strings) of a returned XLSX."""
MAX_UNPACKED_BYTES = 256 * 2**20
"""Largest unpacked size of all parts of a returned XLSX together."""
MAX_PARTS = 1000
MAX_META_ROWS = 64
"""Rows of the hidden description sheet read (mkba writes 14)."""
MAX_CRITERIA = 100
"""Most criteria a form may describe (4,950 pairwise questions)."""
LAYOUT_COLUMNS = 8
"""Columns A..H of the question sheet: every cell the reader uses lies there."""

READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, KeyError, ValueError, TypeError, IndexError,
               AttributeError, ParseError, RecursionError, UnicodeDecodeError)
"""What a damaged XLSX can raise in openpyxl or zipfile while it is opened or read."""


class FormFileProblem(Exception):
    """A returned form that cannot be read at all: ``problem`` and what would be valid."""

    def __init__(self, problem: str, expected: str) -> None:
        super().__init__(problem)
        self.problem, self.expected = problem, expected


def _unreadable(err: BaseException) -> FormFileProblem:
    return FormFileProblem(f"not a readable XLSX workbook ({type(err).__name__})",
                           "the .xlsx form, saved by Excel or LibreOffice")


def _at_most(size: int, limit: int, what: str) -> None:
    if size > limit:
        raise FormFileProblem(f"{what} {size:,} bytes, more than a returned form can hold",
                              f"at most {limit:,} bytes: the form as `mkba survey` wrote it, filled in")


def _size_problem(path: Path) -> None:
    _at_most(path.stat().st_size, MAX_FORM_BYTES, "the file has")


def archive_problem(path: Path) -> None:
    """Raise :class:`FormFileProblem` if ``path`` is too large or its parts would unpack too large."""
    _size_problem(path)
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except READ_ERRORS as err:
        raise _unreadable(err) from None
    if len(parts) > MAX_PARTS:
        raise FormFileProblem(f"the workbook has {len(parts):,} parts", f"at most {MAX_PARTS:,}: the form as written")
    for part in parts:
        _at_most(part.file_size, MAX_PART_BYTES, f"part {part.filename!r} of the workbook unpacks to")
    _at_most(sum(p.file_size for p in parts), MAX_UNPACKED_BYTES, "the workbook unpacks to")


def open_workbook(path: Path) -> Any:
    """The workbook, read-only (streamed), cached values instead of formulas, links not followed."""
    archive_problem(path)
    try:
        return load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except READ_ERRORS as err:
        raise _unreadable(err) from None


def _json_value(value: object) -> object:
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except (ValueError, RecursionError):
        return None


def meta_rows(ws: Any) -> dict[str, object]:
    """The key / JSON rows of the description sheet, at most :data:`MAX_META_ROWS` rows, columns A:B."""
    raw: dict[str, object] = {}
    for row in ws.iter_rows(min_row=1, max_row=MAX_META_ROWS, max_col=2, values_only=True):
        if row and row[0] is not None:
            raw[str(row[0])] = _json_value(row[1] if len(row) > 1 else None)
    return raw


def layout_cells(ws: Any, last_row: int) -> dict[str, object]:
    """The non-empty cells of rows 1..``last_row``, columns A..H, by reference (``"C9"``); the
    sheet's XML is streamed and not read beyond ``last_row``."""
    cells: dict[str, object] = {}
    rows = ws.iter_rows(min_row=1, max_row=last_row, min_col=1, max_col=LAYOUT_COLUMNS, values_only=True)
    for r, row in zip(range(1, last_row + 1), rows):
        for c, value in enumerate(row[:LAYOUT_COLUMNS], start=1):
            if value is not None:
                cells[f"{get_column_letter(c)}{r}"] = value
    return cells


def read_json(path: Path) -> object:
    """The JSON document of a form saved by the HTML form, bounded in size; its problems raised as
    :class:`FormFileProblem` with the line where there is one."""
    _size_problem(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FormFileProblem("not UTF-8 text", "the .json file saved by the HTML form") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise FormFileProblem(f"not valid JSON: {err.msg} (line {err.lineno})",
                              "the .json file saved by the HTML form, unchanged") from None
    except RecursionError:
        raise FormFileProblem("not valid JSON for a form: nested too deeply",
                              "the .json file saved by the HTML form, unchanged") from None
    except ValueError as err:  # e.g. an integer of more than 4,300 digits
        raise FormFileProblem(f"not valid JSON for a form: {err}",
                              "the .json file saved by the HTML form, unchanged") from None
