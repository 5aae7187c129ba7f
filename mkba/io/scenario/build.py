"""A scenario built in code: the scenario file's content as a Python mapping, the longlist (and
the criteria, stakeholders, weights) as pandas DataFrames or lists of mappings.

It is read by the same section parsers as a file (:mod:`.document` and the modules beside it), so
it is checked the same way and every problem is the same located issue; only the location differs:
a field path instead of a line (``stakeholders.huurders.weights``, ``criteria[2]``) and, for
the longlist, ``measures[3].investment`` (the third measure, counted from 1 as the other lists)
instead of a row. The public entry is :func:`mkba.scenario` (:mod:`mkba.stages.check`), which
adds the dry run of the stages as :func:`mkba.read_scenario` does.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

import pandas as pd

from ...errors import InputIssue
from ...model import Scenario
from ..readers import LineDict, LineList
from ..tables import Table, with_notation
from .document import _scenario as read_document
from .reader import Reader

if TYPE_CHECKING:  # typing.Unpack is 3.11+; only mypy reads the annotations (postponed)
    from typing_extensions import Unpack

__all__ = ["Parts", "build", "SOURCE"]

SOURCE = "mkba.scenario()"
"""Where a built scenario's issues say they are (its ``Scenario.source``), unless ``source`` is given."""

_TABLE = "\0measures"
"""The file name the longlist's issues carry until they are given their field path."""

_TABLE_KEYS = ("criteria", "stakeholders", "measures")
"""The keys of the scenario a table (DataFrame or list of mappings) may stand for."""


class Parts(TypedDict, total=False):
    """The parts of a scenario given beside (or instead of) its mapping; each replaces that key.

    ``measures``: the longlist (a DataFrame with a row per measure and the columns of the measures
    table, a list of mappings, or the name of a .csv/.xlsx file in ``folder``). ``criteria`` and
    ``stakeholders``: a DataFrame (a row per entry) or a list of mappings. ``weights``: a DataFrame
    with a row per stakeholder (its index the stakeholder ids) and a column per matrix criterion;
    each row becomes that stakeholder's ``weights`` (a stakeholder not in ``stakeholders`` is added
    with influence 1). ``appraisal``, ``portfolio``, ``budget``, ``rules``, ``sensitivity``: the
    sections as mappings. ``folder``: where the files a scenario names lie (a measures file, the
    map's GeoJSON); the current folder by default. ``source``: the name the issues and the report
    give the scenario (default ``mkba.scenario()``).
    """

    measures: Any
    criteria: Any
    stakeholders: Any
    weights: Any
    appraisal: Mapping[str, Any]
    portfolio: Mapping[str, Any]
    budget: Mapping[str, Any]
    rules: Sequence[Any]
    sensitivity: Mapping[str, Any]
    folder: str | Path
    source: str


def build(spec: Mapping[str, Any] | None = None, **parts: Unpack[Parts]) -> tuple[Scenario | None, list[InputIssue]]:
    """The scenario of a mapping and its parts (None when it has errors) with every issue found in
    it, each located by its field path (see the module)."""
    folder = Path(parts.pop("folder", "."))
    source = str(parts.pop("source", SOURCE))
    weights = parts.pop("weights", None)
    doc: dict[str, Any] = dict(spec or {})
    twice = [key for key in parts if key in doc]
    r = _Built(folder, source)
    for key in twice:
        r.error("given twice: in the mapping and as a keyword", field=key, expected="one of the two")
    doc.update(parts)
    table = doc.get("measures")
    if table is not None and not isinstance(table, str):
        r.table = _table(table)
        doc["measures"] = "measures"
    for key in ("criteria", "stakeholders"):
        if key in doc and not isinstance(doc[key], (str, Mapping)):
            doc[key] = _records(doc[key])
    if weights is not None:
        doc["stakeholders"] = _with_weights(doc.get("stakeholders"), weights)
    plain = _plain(doc)
    r.hash.update(repr((plain, r.table.rows if r.table else None)).encode())  # plain values: a stable repr
    if twice:
        return None, r.issues
    located = _located(plain)
    assert isinstance(located, LineDict)  # a mapping is located as one
    scenario = read_document(r, located)
    issues = [_place(i, r.table, source) for i in r.issues]
    if scenario is not None:
        scenario = replace(scenario, source=source, warnings=tuple(i for i in issues if i.severity == "warning"))
    return scenario, issues


class _Built(Reader):
    """A reader whose file is the mapping and whose measures table, when given, is in memory."""

    def __init__(self, folder: Path, source: str) -> None:
        super().__init__(folder / "scenario")
        self.file = self.table_file = source
        self.table: Table | None = None

    def check_keys(self, mapping: LineDict, section: str, where: str) -> None:
        """As a file's, with each key's field path (``criteria[2].shadow_prce``) instead of its line."""
        start = len(self.issues)
        super().check_keys(mapping, section, where)
        path = getattr(mapping, "path", "")
        if path:
            self.issues[start:] = [replace(i, field=f"{path}.{i.field}") for i in self.issues[start:]]

    def measures_table(self, rel: str, line: int | None, sheet: str | None) -> tuple[Table | None, list[InputIssue]]:
        if self.table is None:
            return super().measures_table(rel, line, sheet)
        table, issues = with_notation(self.table, self.number_format)  # as read_table settles a file's
        return self.note_notation(table), issues


def _place(issue: InputIssue, table: Table | None, source: str) -> InputIssue:
    """An issue of the longlist given in memory, located by field path: ``measures[k].column`` for a
    cell, ``measures.column`` for a column, ``measures`` for the whole table."""
    if issue.file != _TABLE or table is None:
        return issue
    column = f".{issue.field}" if issue.field else ""
    if issue.row is None or issue.row <= table.header_row:
        field = f"measures{column}"
    else:
        field = f"measures[{issue.row - table.header_row}]{column}"
    return replace(issue, file=source, sheet=None, row=None, field=field)


def _table(data: object) -> Table:
    """The longlist as the table reader gives it: rows numbered from 2 below a header in row 1 (as
    a spreadsheet of it shows them), empty and missing cells as None."""
    records = _records(data)
    columns: dict[str, None] = {}
    for record in records:
        columns.update(dict.fromkeys(record))
    rows = tuple((k + 2, {c: v for c, v in record.items() if v is not None}) for k, record in enumerate(records))
    return Table(file=_TABLE, sheet=None, columns=tuple(columns), rows=rows)


def _records(data: object) -> list[dict[str, Any]]:
    """A table's rows as mappings of plain values: a DataFrame (its index too when it is named, e.g.
    ``id``), a list of mappings or anything ``pandas.DataFrame`` reads; missing values (NaN, None,
    NA) are left out, as an empty cell is."""
    frame = _frame(data)
    if frame is None:
        return data  # type: ignore[return-value]  # not a table: the section parser says what it should be
    if frame.index.name is not None and frame.index.name not in frame.columns:
        frame = frame.reset_index()
    return [{str(c): _value(v) for c, v in zip(frame.columns, row) if not _missing(v)}
            for row in frame.itertuples(index=False, name=None)]


def _frame(data: object) -> Any:
    """``data`` as a DataFrame when it is a table (a DataFrame, or a list of mappings); None otherwise."""
    if isinstance(data, pd.DataFrame):
        return data
    if isinstance(data, Sequence) and not isinstance(data, str) and all(isinstance(x, Mapping) for x in data):
        return pd.DataFrame([dict(x) for x in data])
    return None


def _with_weights(stakeholders: object, weights: object) -> object:
    """The stakeholder entries with each row of ``weights`` as that stakeholder's ``weights`` (a new
    entry for a stakeholder not listed)."""
    frame = _frame(weights)
    if frame is None:
        return stakeholders  # reported: 'weights' must be a table
    if stakeholders is None:
        stakeholders = []
    if not isinstance(stakeholders, list):
        return stakeholders  # reported: 'stakeholders' must be a list
    entries = [dict(e) if isinstance(e, Mapping) else e for e in stakeholders]
    by_id = {e.get("id"): e for e in entries if isinstance(e, dict)}
    for sid, row in frame.iterrows():
        given = {str(c): _value(v) for c, v in row.items() if not _missing(v)}
        entry = by_id.get(sid)
        if entry is None:
            entry = by_id[sid] = {"id": sid, "name": sid}
            entries.append(entry)
        entry["weights"] = given
    return entries


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or type(value).__name__ in (
        "NAType", "NaTType")


def _value(value: object) -> object:
    """A plain Python value: NumPy scalars as Python numbers (a NumPy integer is not an ``int``)."""
    item = getattr(value, "item", None)
    return item() if callable(item) and type(value).__module__ == "numpy" else value


def _plain(value: object) -> object:
    """Mappings and lists of plain values, all the way down (tuples as lists, NumPy as Python)."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if type(value).__module__ == "numpy" and hasattr(value, "tolist"):
        return _plain(value.tolist())
    return value


def _located(value: object, path: str = "") -> object:
    """The mapping as the YAML loader gives it (:class:`LineDict`, :class:`LineList`), without lines;
    each mapping knows its field path (``path``: ``criteria[2]``, items counted from 1)."""
    if isinstance(value, dict):
        out = LineDict((k, _located(v, f"{path}.{k}" if path else str(k))) for k, v in value.items())
        out.line, out.lines = None, {}  # type: ignore[assignment]
        out.path = path  # type: ignore[attr-defined]
        return out
    if isinstance(value, list):
        items = LineList(_located(v, f"{path}[{k + 1}]") for k, v in enumerate(value))
        items.line, items.lines = None, [None] * len(items)  # type: ignore[assignment]
        return items
    return value
