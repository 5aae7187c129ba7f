"""Read a measures table (CSV or XLSX) as it is, with the row number the spreadsheet shows.

Only reading happens here; every judgement about the values is left to :mod:`mkba.io.scenario`.
Both formats are untrusted input and bounded (:mod:`mkba.io.limits`): a workbook is checked as a
zip archive before openpyxl opens it (size, unpacked size and ratio of each part: no zip bomb;
no XML entity declarations; no damaged part), its sheet is read to its real extent (the stored
``<dimension>`` some exporters leave stale is ignored), and anything openpyxl cannot parse becomes
one issue naming the file. A CSV file is read as UTF-8, or as Windows-1252 (what Excel writes)
with a warning; a file with ``;`` between cells and ``,`` as decimal mark (Dutch Excel) is read
with that mark, said in a warning; a file that mixes both marks is refused.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputIssue
from .limits import (MAX_CSV_BYTES, MAX_TABLE_WIDTH, MAX_TABLE_ROWS, MAX_XLSX_BYTES, MAX_XLSX_PART_BYTES,
                     MAX_XLSX_RATIO)

__all__ = ["Table", "read_table", "THOUSANDS"]

_XLSX_EXPECTED = "an .xlsx file saved by Excel or LibreOffice"
_COMMA_DECIMAL = re.compile(r"^[-+]?(?:[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+),[0-9]+$")
_DOT_DECIMAL = re.compile(r"^[-+]?[0-9]*\.[0-9]+$")
THOUSANDS = re.compile(r"^[-+]?[1-9][0-9]{0,2}(?:\.[0-9]{3})+$")
"""A number such as 600.000 or 1.500.000: '.' between thousands, or (once) a decimal point."""
_PROLOG = 65_536
"""Bytes of each XML part read to find a DOCTYPE before the first element."""


@dataclass(frozen=True)
class Table:
    """A table as read: column names, and each data row with the row number the spreadsheet shows."""

    file: str
    sheet: str | None
    columns: tuple[str, ...]
    rows: tuple[tuple[int, dict], ...]
    header_row: int = 1
    """The row of the column names (after leading empty rows)."""


def read_table(path: Path, display: str, *, sheet: str | None = None) -> tuple[Table | None, list[InputIssue]]:
    """Read a CSV or XLSX table; the first non-empty row is the header.

    Empty rows are skipped; every row keeps the number the spreadsheet (or editor) shows. Cells
    stay raw (strings from CSV, cell values from XLSX) so the caller can say exactly what was
    wrong with them.
    """
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        return _read_csv(path, display)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, display, sheet)
    return None, [InputIssue(file=display, message=f"unsupported table format {suffix!r}",
                             expected="a .csv or .xlsx file")]


# -- CSV ---------------------------------------------------------------------------------------
def _read_csv(path: Path, display: str) -> tuple[Table | None, list[InputIssue]]:
    if path.stat().st_size > MAX_CSV_BYTES:
        return None, [InputIssue(file=display, message=f"file larger than {MAX_CSV_BYTES // 1_000_000} MB",
                                 expected="a measures table of at most that size")]
    raw = path.read_bytes()
    issues: list[InputIssue] = []
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff") or raw[:4096].count(b"\x00") > len(raw[:4096]) // 4:
        return None, [InputIssue(file=display, message="UTF-16 text or a binary file, not a CSV file",
                                 expected="a CSV file saved as 'CSV UTF-8' (or an .xlsx workbook)")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            line = raw.count(b"\n", 0, err.start) + 1
            return None, [InputIssue(file=display, row=line, message=f"not UTF-8 or Windows-1252 text (byte "
                                     f"{err.start})", expected="a CSV file saved as 'CSV UTF-8'")]
        issues.append(InputIssue(file=display, row=raw.count(b"\n", 0, err.start) + 1, severity="warning",
                                 message="not UTF-8: read as Windows-1252, the encoding of Excel's CSV",
                                 expected="a CSV file saved as 'CSV UTF-8', so that every character is sure"))
    # the delimiter from the header (its names hold neither mark; data rows may hold decimal commas)
    sample = next((line for line in text[:65_536].splitlines() if line.strip()), "")
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[tuple[int, list]] = []
    line = 1
    try:
        for values in reader:
            records.append((line, values))
            line = reader.line_num + 1
            if len(records) > MAX_TABLE_ROWS + 1 and any(v.strip() for v in values):
                return None, [_too_many_rows(display, None, line - 1)]
    except csv.Error as err:
        return None, [InputIssue(file=display, row=reader.line_num, message=f"unreadable CSV: {err}")]
    if delimiter == ";":
        converted, more = _decimal_comma(display, records)
        issues += more
        if converted is None:
            return None, issues
        records = converted
    table, more = _to_table(display, None, records)
    return table, issues + more


def _decimal_comma(display: str, records: list[tuple[int, list]]
                   ) -> tuple[list[tuple[int, list]] | None, list[InputIssue]]:
    """A ``;`` file with ``,`` as decimal mark (Dutch Excel): its numbers with ``.`` as decimal
    point, said in a warning; a file with both marks is refused (which one a cell means is unknown)."""
    start = next((k for k, (_, values) in enumerate(records) if any(v.strip() for v in values)), len(records))
    header = records[start][1] if start < len(records) else []
    comma = dot = None
    for line, values in records[start + 1:]:
        for j, v in enumerate(values):
            v = v.strip()
            if comma is None and _COMMA_DECIMAL.match(v):
                comma = (line, j, v)
            elif dot is None and _DOT_DECIMAL.match(v) and not THOUSANDS.match(v):
                dot = (line, j, v)
    if comma is None:
        return records, []

    def column(j: int) -> str:
        return header[j].strip() if j < len(header) and header[j].strip() else f"column {j + 1}"

    if dot is not None:
        return None, [InputIssue(file=display, row=line, field=column(j), value=v, message="this table uses both ',' "
                    f"(row {comma[0]}, {comma[2]!r}) and '.' (row {dot[0]}, {dot[2]!r}) as decimal mark; which one "
                    "a cell means is unknown", expected="one decimal mark in the whole file, e.g. 0.5 everywhere")
                    for line, j, v in (dot,)]

    def number(v: str) -> str:
        s = v.strip()
        return s.replace(".", "").replace(",", ".") if _COMMA_DECIMAL.match(s) or THOUSANDS.match(s) else v

    out = records[:start + 1] + [(line, [number(v) for v in values]) for line, values in records[start + 1:]]
    line, j, v = comma
    return out, [InputIssue(file=display, row=line, field=column(j), value=v, severity="warning",
                            message="read with ',' as decimal mark and '.' between thousands (a CSV of Dutch Excel)",
                            expected="numbers such as 1500000 or 0.5 to be sure")]


# -- XLSX --------------------------------------------------------------------------------------
def _zip_issue(path: Path, display: str) -> InputIssue | None:
    """Why the workbook cannot be opened safely (not a zip, too large, a zip bomb, an entity
    declaration, a damaged part), or None."""
    def issue(message: str, expected: str = _XLSX_EXPECTED, part: str | None = None) -> InputIssue:
        return InputIssue(file=display, field=f"part {part}" if part else None, message=message, expected=expected)

    if path.stat().st_size > MAX_XLSX_BYTES:
        return issue(f"workbook larger than {MAX_XLSX_BYTES // 1_000_000} MB", "a smaller workbook, or a CSV file")
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if len(infos) > 10_000:
                return issue(f"a workbook of {len(infos):,} parts (an .xlsx holds a few dozen)")
            for info in infos:
                if info.file_size > MAX_XLSX_PART_BYTES or (
                        info.file_size > 10_000_000 and info.file_size > MAX_XLSX_RATIO * max(info.compress_size, 1)):
                    return issue(f"unpacks to {info.file_size:,} bytes from {info.compress_size:,} (a zip bomb, or "
                                 f"a sheet too large); at most {MAX_XLSX_PART_BYTES // 1_000_000} MB and "
                                 f"{MAX_XLSX_RATIO} times its packed size", part=info.filename)
            for info in infos:
                if info.filename.endswith((".xml", ".rels")):
                    with archive.open(info) as part:
                        head = part.read(_PROLOG)
                    problem = _prolog_problem(head, info.file_size)
                    if problem:
                        return issue(problem, part=info.filename)
    except zipfile.BadZipFile as err:
        return issue(f"not a readable XLSX workbook (not a zip archive, or damaged: {err})")
    except (zipfile.LargeZipFile, NotImplementedError, EOFError, OSError, ValueError) as err:
        return issue(f"not a readable XLSX workbook ({type(err).__name__}: {str(err)[:200]})")
    except Exception as err:  # noqa: BLE001 - zlib.error (a damaged deflate stream) and its kind
        return issue(f"a damaged part ({type(err).__name__}: {str(err)[:200]})")
    return None


def _prolog_problem(head: bytes, size: int) -> str | None:
    """A DOCTYPE (entity declarations, external entities) before the first element of an XML part,
    or no element in its first bytes; openpyxl's parser would otherwise follow them."""
    text = head.decode("utf-8", errors="replace")
    first = re.search(r"<[A-Za-z_]", text)
    if first is None:
        return None if size < _PROLOG and "<!" not in text else "no XML element at its start"
    if re.search(r"<!(?:DOCTYPE|ENTITY)", text[:first.start()], re.I):
        return "XML with a DOCTYPE or entity declarations, which a workbook never has; refused"
    return None


def _read_xlsx(path: Path, display: str, sheet: str | None) -> tuple[Table | None, list[InputIssue]]:
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    refused = _zip_issue(path, display)
    if refused is not None:
        return None, [refused]
    try:
        book = load_workbook(path, read_only=True, data_only=False)
    except Exception as err:  # noqa: BLE001 - openpyxl parsing an untrusted file raises many kinds
        return None, [InputIssue(file=display, message=f"not a readable XLSX workbook ({type(err).__name__}: "
                                 f"{str(err)[:200]})", expected=_XLSX_EXPECTED)]
    try:
        names = book.sheetnames
        wanted = sheet or next((n for n in names if n.lower() in ("measures", "maatregelen")), None)
        if wanted is None and len(names) == 1:
            wanted = names[0]
        if wanted not in names:
            return None, [InputIssue(file=display, field="sheet", value=sheet,
                                     message="no sheet with the measures",
                                     expected=f"a sheet named 'measures' (sheets: {names})")]
        issues = []
        records = []
        ws = book[wanted]
        ws.reset_dimensions()  # read the real extent: a stored <dimension ref> may be stale
        for r, row in enumerate(ws.iter_rows(values_only=True), start=1):
            values = list(row)
            if len(values) > MAX_TABLE_WIDTH:
                if any(v is not None and v != "" for v in values[MAX_TABLE_WIDTH:]):
                    return None, [InputIssue(file=display, sheet=wanted, row=r,
                                             message=f"more than {MAX_TABLE_WIDTH:,} columns",
                                             expected=f"a measures table of at most {MAX_TABLE_WIDTH:,} columns")]
                values = values[:MAX_TABLE_WIDTH]
            for j, value in enumerate(values):
                if isinstance(value, str) and value.startswith("="):
                    issues.append(InputIssue(file=display, sheet=wanted, row=r, field=get_column_letter(j + 1),
                                             value=value, message="formulas are not evaluated",
                                             expected="a plain value (paste values only)"))
                    values[j] = None
            if r > MAX_TABLE_ROWS + 1 and any(v is not None for v in values):
                return None, [_too_many_rows(display, wanted, r)]
            records.append((r, values))
    except Exception as err:  # noqa: BLE001 - a malformed sheet, shared strings or styles part
        # openpyxl parses row by row: the row after the last one read holds the fault
        at = len(records) + 1 if records else None
        why = ("a number of more than 4,300 digits" if "digits" in str(err) else
               f"{type(err).__name__}: {str(err)[:200]}")
        return None, [InputIssue(file=display, sheet=wanted, row=at, message=f"not a readable XLSX sheet ({why})",
                                 expected=_XLSX_EXPECTED)]
    finally:
        book.close()
    table, more = _to_table(display, wanted, records)
    return table, issues + more


# -- both --------------------------------------------------------------------------------------
def _too_many_rows(display: str, sheet: str | None, row: int) -> InputIssue:
    return InputIssue(file=display, sheet=sheet, row=row, message=f"more than {MAX_TABLE_ROWS:,} rows of measures",
                      expected=f"a longlist of at most {MAX_TABLE_ROWS:,} measures")


def _blank(v: object) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _to_table(display: str, sheet: str | None, records: list[tuple[int, list]]
              ) -> tuple[Table | None, list[InputIssue]]:
    """The table of numbered records: the first non-empty one is the header."""
    start = next((k for k, (_, values) in enumerate(records) if not all(_blank(v) for v in values)), None)
    if start is None:
        return None, [InputIssue(file=display, sheet=sheet, message="the table is empty",
                                 expected="a header row and one row per measure")]
    head_row, head = records[start]
    header = [str(v).strip() if not _blank(v) else "" for v in head]
    while header and not header[-1]:
        header.pop()
    if len(header) > MAX_TABLE_WIDTH:
        return None, [InputIssue(file=display, sheet=sheet, row=head_row, message=f"more than {MAX_TABLE_WIDTH:,} "
                                 "columns", expected=f"a measures table of at most {MAX_TABLE_WIDTH:,} columns")]
    issues = [InputIssue(file=display, sheet=sheet, row=head_row, field=f"column {j + 1}",
                         message="empty column name", expected="a column name in the header row")
              for j, h in enumerate(header) if not h]
    seen: set[str] = set()
    for h in header:
        if h and h in seen:
            issues.append(InputIssue(file=display, sheet=sheet, row=head_row, field=h, message="duplicate column"))
        seen.add(h)
    rows = []
    for r, values in records[start + 1:]:
        if all(_blank(v) for v in values):
            continue
        if len(values) > len(header) and any(not _blank(v) for v in values[len(header):]):
            issues.append(InputIssue(file=display, sheet=sheet, row=r, message="more cells than header columns",
                                     expected=f"{len(header)} cells"))
        rows.append((r, {h: (values[j] if j < len(values) else None) for j, h in enumerate(header) if h}))
    return Table(display, sheet, tuple(h for h in header if h), tuple(rows), head_row), issues
