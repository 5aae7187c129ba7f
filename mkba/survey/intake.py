"""Returned forms are untrusted input: the raw reading of one form file, bounded in size, rows,
columns and so in time and memory.

A returned form comes from outside: anyone may have edited it. So the reader

* refuses a file larger than :data:`MAX_FORM_BYTES`, and an XLSX whose parts unpack to more than
  :data:`MAX_PART_BYTES` each or :data:`MAX_UNPACKED_BYTES` together, or that has more than
  :data:`MAX_PARTS` parts (the declared sizes bound what is unpacked: :mod:`zipfile` stops at them
  and checks the CRC), before parsing any XML;
* parses, with its own streaming reader (:class:`FormBook`, not openpyxl's loader, which parses
  styles, every shared string and, for a sheet without a stored ``<dimension>``, the whole
  sheet), only the sheet list, the shared strings up to the last one needed, at most
  :data:`MAX_META_ROWS` rows of the hidden description sheet and, on the question sheet, rows 1
  to the form's last question, columns A to H. The layout is :mod:`mkba.survey.forms_xlsx`'s,
  never a range, sheet or cell named in the file (a stored ``<dimension>`` or a range such as
  ``A1:XFD1048576`` is never used); the sheet is left at the first row past the last question,
  so rows below the questions cost nothing; and each part may cost at most a budget of XML
  elements proportional to the rows needed, so a row of 200,000 cells or 200,000 column
  definitions before the rows is refused after a bounded amount of work. A DTD or entity
  declaration is refused;
* reads a JSON form of at most :data:`MAX_FORM_BYTES`, nesting and huge numbers refused as errors.

The form's description itself is checked by :mod:`mkba.survey.answers` (at most
:data:`MAX_CRITERIA` criteria, known kind and language) and its signature by
:mod:`mkba.survey.signature` before any answer cell is read.
"""

from __future__ import annotations

import json
import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError, iterparse

from openpyxl.utils import column_index_from_string, get_column_letter

__all__ = ["MAX_FORM_BYTES", "MAX_PART_BYTES", "MAX_UNPACKED_BYTES", "MAX_PARTS", "MAX_META_ROWS", "MAX_CRITERIA",
           "MAX_STRINGS", "LAYOUT_COLUMNS", "READ_ERRORS", "FormFileProblem", "FormBook", "archive_problem", "open_workbook",
           "meta_rows", "read_json"]

MAX_FORM_BYTES = 8 * 2**20
"""Largest returned form file (XLSX or JSON): a pairwise form of 100 criteria is 0.8 MB."""
MAX_PART_BYTES = 32 * 2**20
"""Largest unpacked part (one sheet's XML, the shared strings) of a returned XLSX: the largest of a
pairwise form of 100 criteria (its hidden calculation sheet) is 5 MB."""
MAX_UNPACKED_BYTES = 96 * 2**20
"""Largest unpacked size of all parts of a returned XLSX together (7.4 MB for 100 criteria)."""
MAX_PARTS = 1000
MAX_META_ROWS = 64
"""Rows of the hidden description sheet read (mkba writes 14)."""
MAX_CRITERIA = 100
"""Most criteria a form may describe (4,950 pairwise questions)."""
MAX_STRINGS = 50_000
"""Shared strings a returned XLSX may use in the cells read (a form has a few hundred); a cell
pointing past it reads as empty."""
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


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CELL_REF = re.compile(r"([A-Z]{1,3})(\d{1,7})")


class _Budget:
    """At most ``limit`` XML elements for one part: the work reading it may do, whatever it holds."""

    def __init__(self, part: str, limit: int) -> None:
        self.part, self.limit, self.used = part, limit, 0

    def spend(self) -> None:
        self.used += 1
        if self.used > self.limit:
            raise FormFileProblem(f"part {self.part!r} of the workbook holds far more than a form's cells "
                                  f"(over {self.limit:,} XML elements before the last cell the reader needs)",
                                  "the form as `mkba survey` wrote it, filled in and saved by Excel or LibreOffice")


class FormBook:
    """The parts of a returned XLSX the reader needs, streamed with bounded work.

    Only ``xl/workbook.xml`` (up to its sheet list), its relationships, the shared strings (up to
    the last one a needed cell uses) and the sheets asked for (up to the last row asked for) are
    parsed, each within an element budget (:class:`_Budget`); a DTD or entity declaration is
    refused. Cached values stand for formulas (as openpyxl's ``data_only``); nothing else of the
    workbook (styles, defined names, other sheets) is parsed."""

    def __init__(self, path: Path) -> None:
        archive_problem(path)
        try:
            self._zip = zipfile.ZipFile(path)
            self.sheets = self._sheet_list()
        except READ_ERRORS as err:
            raise _unreadable(err) from None

    def close(self) -> None:
        self._zip.close()

    @property
    def sheetnames(self) -> list[str]:
        return list(self.sheets)

    def visible(self) -> list[str]:
        return [name for name, (_part, state) in self.sheets.items() if state == "visible"]

    def _elements(self, part: str, budget: _Budget) -> Iterator[Any]:
        with self._zip.open(part) as head:
            start = head.read(4096)
        if b"<!DOCTYPE" in start or b"<!ENTITY" in start:
            raise FormFileProblem(f"part {part!r} of the workbook declares a DTD or entities",
                                  "the form as saved by Excel or LibreOffice (they never write one)")
        with self._zip.open(part) as source:
            for _event, element in iterparse(source):
                budget.spend()
                yield element

    def _sheet_list(self) -> dict[str, tuple[str, str]]:
        rels, book = "xl/_rels/workbook.xml.rels", "xl/workbook.xml"
        targets = {}
        for element in self._elements(rels, _Budget(rels, 10_000)):
            if element.tag == f"{_PACKAGE_REL}Relationship":
                target = element.get("Target", "")
                targets[element.get("Id")] = target.lstrip("/") if target.startswith("/") else "xl/" + target
        sheets: dict[str, tuple[str, str]] = {}
        for element in self._elements(book, _Budget(book, 10_000)):
            if element.tag == f"{_MAIN}sheet" and element.get(f"{_REL}id") in targets:
                sheets[element.get("name", "")] = (targets[element.get(f"{_REL}id")], element.get("state", "visible"))
            elif element.tag == f"{_MAIN}sheets":
                break  # the sheet list is all it needs: defined names and the rest are never parsed
        return sheets

    def cells(self, sheet: str, last_row: int, last_column: int = LAYOUT_COLUMNS) -> dict[str, object]:
        """The non-empty cells of rows 1..``last_row``, columns 1..``last_column``, by reference
        (``"C9"``); the sheet's XML is streamed and left at the first row past ``last_row``."""
        part = self.sheets[sheet][0]
        raw: dict[str, tuple[str, str]] = {}
        row_number = 0
        for element in self._elements(part, _Budget(part, 2_000 + 100 * last_row)):
            if element.tag != f"{_MAIN}row":
                continue
            given = element.get("r")
            row_number = int(given) if given and _small(given) else row_number + 1
            if row_number > last_row:
                break
            column = 0
            for cell in element.iterfind(f"{_MAIN}c"):
                match = _CELL_REF.fullmatch(cell.get("r") or "")
                column = column_index_from_string(match.group(1)) if match else column + 1
                kind = cell.get("t") or "n"
                value = ("".join(t.text or "" for t in cell.iter(f"{_MAIN}t")) if kind == "inlineStr"
                         else cell.findtext(f"{_MAIN}v"))
                if column <= last_column and value is not None:
                    raw[f"{get_column_letter(column)}{row_number}"] = (kind, value)
            element.clear()
        return self._values(raw)

    def _values(self, raw: dict[str, tuple[str, str]]) -> dict[str, object]:
        """Typed values: shared strings looked up, numbers as int or float, booleans."""
        wanted = [int(v) for t, v in raw.values() if t == "s" and _small(v) and int(v) < MAX_STRINGS]
        strings = self._strings(max(wanted)) if wanted else []
        out: dict[str, object] = {}
        for ref, (kind, value) in raw.items():
            if kind == "s":
                index = int(value) if _small(value) else -1
                out[ref] = strings[index] if 0 <= index < len(strings) else None
            elif kind == "b":
                out[ref] = value == "1"
            elif kind == "n":
                out[ref] = _number_text(value)
            else:  # str (a formula's text), inlineStr, e (an error such as #VALUE!), d (an ISO date)
                out[ref] = value
        return out

    def _strings(self, last: int) -> list[str]:
        """The shared strings 0..``last`` (rich text joined, phonetic runs left out)."""
        part = "xl/sharedStrings.xml"
        if part not in self._zip.namelist():
            return []
        strings: list[str] = []
        for element in self._elements(part, _Budget(part, 2_000 + 50 * (last + 1))):
            if element.tag == f"{_MAIN}si":
                runs = [element] + list(element.iterfind(f"{_MAIN}r"))
                strings.append("".join(run.findtext(f"{_MAIN}t") or "" for run in runs))
                element.clear()
                if len(strings) > last:
                    break
        return strings


def _small(digits: str) -> bool:
    """A whole number of at most 9 digits (a row number, a string index)."""
    return digits.isascii() and digits.isdigit() and len(digits) <= 9


def _number_text(value: str) -> object:
    """A numeric cell's text as int (whole numbers) or float; other text as it is."""
    try:
        return int(value) if value.lstrip("-").isdigit() and len(value) < 20 else float(value)
    except ValueError:
        return value


def open_workbook(path: Path) -> FormBook:
    """The returned XLSX, checked for size (:func:`archive_problem`) and opened for bounded reading."""
    return FormBook(path)


def _json_value(value: object) -> object:
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except (ValueError, RecursionError):
        return None


def meta_rows(book: FormBook, sheet: str) -> dict[str, object]:
    """The key / JSON rows of the description sheet, at most :data:`MAX_META_ROWS` rows, columns A:B."""
    cells = book.cells(sheet, MAX_META_ROWS, 2)
    return {str(cells[f"A{r}"]): _json_value(cells.get(f"B{r}")) for r in range(1, MAX_META_ROWS + 1)
            if cells.get(f"A{r}") is not None}


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
