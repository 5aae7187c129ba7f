"""Raw readers that keep locations: YAML with line numbers, CSV/XLSX tables with spreadsheet rows.

They only read; every judgement about the values is left to :mod:`mkba.io.scenario`. YAML is
loaded with the safe loader (no object construction); XLSX formulas are reported, never
evaluated.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import overload

import yaml

from ..errors import InputIssue

__all__ = ["Located", "LineDict", "LineList", "load_yaml", "plain_yaml", "Table", "read_table"]


class LineDict(dict):
    """A YAML mapping that remembers the line of each key (``lines``) and its own (``line``)."""

    line: int = 0
    lines: dict


class LineList(list):
    """A YAML sequence that remembers the line of each item (``lines``) and its own (``line``)."""

    line: int = 0
    lines: list


class _LineLoader(yaml.SafeLoader):
    """The safe loader, building :class:`LineDict`/:class:`LineList` with 1-based line numbers."""

    def construct_mapping(self, node, deep=False):  # noqa: D102
        if not isinstance(node, yaml.MappingNode):
            return super().construct_mapping(node, deep=deep)
        result = LineDict()
        result.line = node.start_mark.line + 1
        result.lines = {}
        self.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, bool) and isinstance(key_node, yaml.ScalarNode):
                key = key_node.value  # YAML 1.1 reads keys such as 'on' or 'no' as booleans; keys are names
            try:
                hash(key)
            except TypeError:
                key = str(key)
            result[key] = self.construct_object(value_node, deep=True)
            result.lines[key] = key_node.start_mark.line + 1
        return result

    def construct_sequence(self, node, deep=False):  # noqa: D102
        result = LineList(self.construct_object(child, deep=True) for child in node.value)
        result.line = node.start_mark.line + 1
        result.lines = [child.start_mark.line + 1 for child in node.value]
        return result


_LineLoader.add_constructor("tag:yaml.org,2002:map", _LineLoader.construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _LineLoader.construct_sequence)


@overload
def plain_yaml(value: dict) -> dict: ...


@overload
def plain_yaml(value: object) -> object: ...


def plain_yaml(value: object) -> object:
    """YAML values without the line bookkeeping: plain dicts and lists (e.g. to dump them again)."""
    if isinstance(value, dict):
        return {k: plain_yaml(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain_yaml(v) for v in value]
    return value


@dataclass(frozen=True)
class Located:
    """Where a value came from: file (as the user named it), sheet and row."""

    file: str
    sheet: str | None = None
    row: int | None = None


def load_yaml(text: str, file: str, *, loader: type = _LineLoader,
              expected: str = "YAML as in docs/scenario-format.md") -> tuple[object, list[InputIssue]]:
    """Parse YAML text safely (``loader`` must be a ``yaml.SafeLoader``); a syntax error becomes an
    issue with its line."""
    try:
        return yaml.load(text, Loader=loader), []  # noqa: S506 - a SafeLoader
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        return None, [InputIssue(file=file, row=(mark.line + 1) if mark else None,
                                 message=f"not valid YAML: {problem}", expected=expected)]


@dataclass(frozen=True)
class Table:
    """A table as read: column names, and each data row with the row number the spreadsheet shows."""

    file: str
    sheet: str | None
    columns: tuple[str, ...]
    rows: tuple[tuple[int, dict], ...]


def read_table(path: Path, display: str, *, sheet: str | None = None) -> tuple[Table | None, list[InputIssue]]:
    """Read a CSV or XLSX table; row 1 is the header, so the first measure is row 2.

    Empty rows are skipped. Cells stay raw (strings from CSV, cell values from XLSX) so the
    caller can say exactly what was wrong with them.
    """
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        return _read_csv(path, display)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, display, sheet)
    return None, [InputIssue(file=display, message=f"unsupported table format {suffix!r}",
                             expected="a .csv or .xlsx file")]


def _read_csv(path: Path, display: str) -> tuple[Table | None, list[InputIssue]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        return None, [InputIssue(file=display, message=f"not UTF-8 text (byte {err.start})",
                                 expected="a CSV file saved as UTF-8")]
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        records = list(reader)
    except csv.Error as err:
        return None, [InputIssue(file=display, row=reader.line_num, message=f"unreadable CSV: {err}")]
    return _to_table(display, None, records)


def _read_xlsx(path: Path, display: str, sheet: str | None) -> tuple[Table | None, list[InputIssue]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=False)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as err:
        return None, [InputIssue(file=display, message=f"not a readable XLSX workbook ({type(err).__name__})",
                                 expected="an .xlsx file saved by Excel or LibreOffice")]
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
        for r, row in enumerate(book[wanted].iter_rows(), start=1):
            values = []
            for cell in row:
                value = cell.value
                if isinstance(value, str) and value.startswith("="):
                    issues.append(InputIssue(file=display, sheet=wanted, row=r, field=cell.column_letter,
                                             value=value, message="formulas are not evaluated",
                                             expected="a plain value (paste values only)"))
                    value = None
                values.append(value)
            records.append(values)
    finally:
        book.close()
    table, more = _to_table(display, wanted, records)
    return table, issues + more


def _to_table(display: str, sheet: str | None, records: list[list]) -> tuple[Table | None, list[InputIssue]]:
    def blank(v: object) -> bool:
        return v is None or (isinstance(v, str) and not v.strip())

    while records and all(blank(v) for v in records[0]):
        records = records[1:]
    if not records:
        return None, [InputIssue(file=display, sheet=sheet, message="the table is empty",
                                 expected="a header row and one row per measure")]
    header = [str(v).strip() if not blank(v) else "" for v in records[0]]
    while header and not header[-1]:
        header.pop()
    issues = [InputIssue(file=display, sheet=sheet, row=1, field=f"column {j + 1}",
                         message="empty column name", expected="a column name in the header row")
              for j, h in enumerate(header) if not h]
    seen: set[str] = set()
    for h in header:
        if h and h in seen:
            issues.append(InputIssue(file=display, sheet=sheet, row=1, field=h, message="duplicate column"))
        seen.add(h)
    rows = []
    for r, values in enumerate(records[1:], start=2):
        if all(blank(v) for v in values):
            continue
        if len(values) > len(header) and any(not blank(v) for v in values[len(header):]):
            issues.append(InputIssue(file=display, sheet=sheet, row=r, message="more cells than header columns",
                                     expected=f"{len(header)} cells"))
        rows.append((r, {h: (values[j] if j < len(values) else None) for j, h in enumerate(header) if h}))
    return Table(display, sheet, tuple(h for h in header if h), tuple(rows)), issues
