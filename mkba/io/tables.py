"""Read a measures table (CSV or XLSX) as it is, with the row number the spreadsheet shows.

Only reading happens here; every judgement about the values is left to :mod:`mkba.io.scenario`.
Both formats are untrusted input and bounded (:mod:`mkba.io.limits`): a workbook is checked as a
zip archive before openpyxl opens it (size, unpacked size and ratio of each part: no zip bomb;
no XML entity declarations; no damaged part), its sheet is read to its real extent (the stored
``<dimension>`` some exporters leave stale is ignored), and anything openpyxl cannot parse becomes
one issue naming the file.

A CSV file's delimiter (``,``, ``;`` or tab) is taken from its header row, its encoding is UTF-8
(with or without BOM) or else Windows-1252, what Excel writes (said in a warning; a file that is
partly UTF-8 and partly not is refused, never read half garbled). The numbers' notation
(:mod:`mkba.io.numbers`: Dutch ``1.234,5`` or English ``1,234.5``) is the one the scenario declares
(``number_format``) or the one the table's own numbers show (:func:`mkba.io.numbers.detect`); it
travels with the table (:attr:`Table.numbers`) to the reader of each cell, which refuses a number
whose meaning depends on it when neither says which. A table written in both notations without a
declaration is refused. XLSX numeric cells are numbers; its text cells follow the same rules.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import InputIssue
from . import numbers, schema
from .limits import (MAX_CSV_BYTES, MAX_TABLE_WIDTH, MAX_TABLE_ROWS, MAX_XLSX_BYTES, MAX_XLSX_PART_BYTES,
                     MAX_XLSX_RATIO)

__all__ = ["Table", "read_table", "with_notation", "DELIMITERS"]

_XLSX_EXPECTED = "an .xlsx file saved by Excel or LibreOffice"
DELIMITERS = (",", ";", "\t")
"""The CSV delimiters read, in the order that wins a tie in the header row."""
_WORDS = frozenset(f.name for f in schema.fields("measures") if f.kind in ("id", "text", "years"))
"""Columns of names and year lists, whose texts say nothing about the numbers' notation
(``2026,2027`` is a list of years, not 2026.2027)."""
_PARTS = re.compile(r"[|;]")
_UTF8 = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
"""A UTF-8 sequence of a character beyond ASCII (é is C3 A9)."""
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
    numbers: str | None = None
    """The numbers' notation, ``nl`` or ``en`` (:mod:`mkba.io.numbers`): the scenario's
    ``number_format``, else what the table's numbers show; None when neither says, and a number
    whose meaning depends on it is then refused."""
    numbers_from: str = ""
    """``declared`` (the scenario's ``number_format``) or ``detected``; empty when ``numbers`` is None."""


def read_table(path: Path, display: str, *, sheet: str | None = None,
               number_format: str | None = None) -> tuple[Table | None, list[InputIssue]]:
    """Read a CSV or XLSX table; the first non-empty row is the header.

    Empty rows are skipped; every row keeps the number the spreadsheet (or editor) shows. Cells
    stay raw (strings from CSV, cell values from XLSX) so the caller can say exactly what was
    wrong with them; the notation their numbers are read in is :attr:`Table.numbers`:
    ``number_format`` (``nl`` or ``en``, the scenario's declaration) or what the numbers show.
    """
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        table, issues = _read_csv(path, display)
    elif suffix in (".xlsx", ".xlsm"):
        table, issues = _read_xlsx(path, display, sheet)
    else:
        return None, [InputIssue(file=display, message=f"unsupported table format {suffix!r}",
                                 expected="a .csv or .xlsx file")]
    if table is None:
        return None, issues
    table, more = with_notation(table, number_format)
    return table, issues + more


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
    text, more = _decode(raw, display)
    issues += more
    if text is None:
        return None, issues
    # the delimiter from the header (its names hold none; data rows may hold decimal commas)
    sample = next((line for line in text[:65_536].splitlines() if line.strip()), "")
    delimiter = max(DELIMITERS, key=lambda d: (sample.count(d), -DELIMITERS.index(d)))
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
    table, more = _to_table(display, None, records)
    return table, issues + more


def _decode(raw: bytes, display: str) -> tuple[str | None, list[InputIssue]]:
    """The text of a CSV file: UTF-8 (a BOM is dropped), else Windows-1252 with a warning. A file
    that is partly UTF-8 and partly not (two programs saved into it) is refused at the first byte
    that is not UTF-8: read either way, some of its characters would come out wrong."""
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        expected = "a CSV file saved as 'CSV UTF-8' (or an .xlsx workbook)"
        utf8 = _UTF8.search(raw)
        if utf8 is not None:
            both = raw.count(b"\n", 0, utf8.start()) + 1
            return None, [InputIssue(file=display, row=line, message=f"partly UTF-8 (line {both}: "
                          f"{utf8.group().decode('utf-8')!r}) and partly not (line {line}, byte {err.start}: "
                          f"0x{raw[err.start]:02X}); read either way some characters would be wrong",
                          expected=expected)]
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError as neither:
            return None, [InputIssue(file=display, row=raw.count(b"\n", 0, neither.start) + 1, message=(
                f"not UTF-8 or Windows-1252 text (byte {neither.start}: 0x{raw[neither.start]:02X})"),
                expected=expected)]
        return text, [InputIssue(file=display, row=line, severity="warning",
                                 message="not UTF-8: read as Windows-1252, the encoding of Excel's CSV",
                                 expected="a CSV file saved as 'CSV UTF-8', so that every character is sure")]


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


def _number_texts(table: Table) -> list[numbers.Found]:
    """((row, column), text) of every text in the table that may be a number: whole cells, the parts
    of ``low|mode|high`` and of ``;``-lists, the amount after a ``year:`` or ``id:`` (not names and
    year lists, see :data:`_WORDS`)."""
    out = []
    for row, cells in table.rows:
        for column, value in cells.items():
            if not isinstance(value, str) or column in _WORDS:
                continue
            for part in _PARTS.split(value) if "|" in value or ";" in value else (value,):
                text = part.rpartition(":")[2].strip() if ":" in part else part.strip()
                if text:
                    out.append(((row, column), text))
    return out


def with_notation(table: Table, declared: str | None) -> tuple[Table | None, list[InputIssue]]:
    """The table (as read, or built in memory) with the notation its numbers are read in (declared,
    else detected), and what the reader should know: which notation was detected and from which
    cell, the first number whose meaning the detection settled; a table in both notations without a
    declaration is refused."""
    if declared is not None:
        return replace(table, numbers=declared, numbers_from="declared"), []
    texts = _number_texts(table)
    found = numbers.detect(texts)
    f, s = table.file, table.sheet
    if found.mixed and found.nl is not None and found.en is not None:
        (nl_row, nl_col), nl_text = found.nl
        (en_row, en_col), en_text = found.en
        row, col, text = (nl_row, nl_col, nl_text) if nl_row >= en_row else (en_row, en_col, en_text)
        return None, [InputIssue(file=f, sheet=s, row=row, field=col, value=text, message=(
            f"this table writes numbers both in Dutch notation (row {nl_row}, {nl_col}: {nl_text!r}) and in English "
            f"notation (row {en_row}, {en_col}: {en_text!r}); which one a cell such as 600.000 or 1,500 means is "
            "unknown"),
            expected="one notation in the whole file (e.g. 0,5 everywhere), or 'number_format: nl' (or en) in "
            "the scenario, after which each cell in the other notation is an error of its own")]
    convention = found.convention
    if convention is None:
        return table, []
    evidence = found.nl if convention == "nl" else found.en_grouped
    if evidence is None:  # the convention is known from it
        return table, []
    (row, col), text = evidence
    issues = [InputIssue(file=f, sheet=s, row=row, field=col, value=text, severity="warning", message=(
        "read with ',' as decimal mark and '.' between thousands (Dutch notation, as in a CSV of Dutch Excel)"
        if convention == "nl" else "read with '.' as decimal point and ',' between thousands (English notation)"),
        expected=f"'number_format: {convention}' in the scenario to make it sure, or plain numbers such as "
                 "1500000 or 0.5")]
    settled = next(((where, t) for where, t in texts if numbers.readings(t).ambiguous), None)
    if settled is not None:
        (arow, acol), atext = settled
        plain = numbers.read_as(atext, convention)
        value = numbers.shown(plain) if plain is not None else atext
        issues.append(InputIssue(file=f, sheet=s, row=arow, field=acol, value=atext, severity="warning", message=(
            f"{atext} read as {value} in {numbers.NAMES[convention]}, the notation of this table "
            f"(row {row}, {col}: {text!r})"), expected=f"'number_format: {convention}' in the scenario to make it "
            f"sure, or {value} written plainly"))
    return replace(table, numbers=convention, numbers_from="detected"), issues
