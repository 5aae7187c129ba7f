"""The scenario's descriptive columns (``fields``): text columns of the measures table that carry an
opportunity's story (who proposed it, the wish, the challenge, the source) to the results, the
report's tables and the map. Only declared columns are read; any other unknown column stays an error."""

from __future__ import annotations

from ...model import NPV_ID, SOCIETY_ID, Criterion
from .. import schema
from ..readers import LineDict
from .reader import ID, Reader

__all__ = ["read_fields", "field_texts"]


def read_fields(r: Reader, doc: LineDict, criteria: list[Criterion]) -> tuple[str, ...]:
    """The declared descriptive column names, in the scenario's order; each wrong name is reported
    (not a name, a duplicate, or the name of a column the table already has)."""
    raw = doc.get("fields")
    if raw is None:
        return ()
    row = doc.lines.get("fields")
    expected = schema.field("scenario", "fields").expected
    items = [raw] if isinstance(raw, str) else raw
    if not isinstance(items, list):
        r.error("fields must be a list of column names", field="fields", row=row, value=raw, expected=expected)
        return ()
    taken = {f.name for f in schema.fields("measures")} | {c.id for c in criteria} | {NPV_ID, SOCIETY_ID}
    out: list[str] = []
    for item in items:
        name = str(item).strip() if isinstance(item, (str, int)) and not isinstance(item, bool) else None
        if name is None or not ID.match(name):
            r.error("a descriptive field must be a column name", field="fields", row=row, value=item, expected=expected)
        elif name in taken:
            r.error("a descriptive field may not be a column the measures table already has", field="fields", row=row,
                    value=name, expected="a name other than the measure columns and the criterion ids")
        elif name in out:
            r.error("a descriptive field listed twice", field="fields", row=row, value=name, expected="each name once")
        else:
            out.append(name)
    return tuple(out)


def field_texts(cells: dict, fields: tuple[str, ...]) -> dict[str, str]:
    """A row's declared descriptive texts, stripped; empty cells left out. A number is shown as written
    (an XLSX cell holding 2021 is the text '2021', not '2021.0')."""
    out = {}
    for name in fields:
        value = cells.get(name)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = "" if value is None else str(value).strip()
        if text:
            out[name] = text
    return out
