"""The report's content model: a :class:`Report` of :class:`Section`, each with paragraphs and blocks
(a :class:`Table` of raw rows with typed columns, or a :class:`FigureRef`), shared by the three
formats. Numbers stay raw in the rows: each format formats them by the column's ``kind`` (see
:func:`mkba.report.i18n.format_value`), Excel with a number format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Union

from .i18n import format_value

__all__ = ["Column", "Cell", "Table", "FigureRef", "Block", "Section", "Report", "cell_parts", "format_cell",
           "is_numeric"]


@dataclass(frozen=True)
class Column:
    """One column: a label, its unit (shown in the header) and how its cells are formatted."""

    key: str
    label: str
    unit: str = ""
    kind: str = "text"
    decimals: int | None = None

    @property
    def header(self) -> str:
        """'Label (unit)', the header of the Markdown and Excel formats."""
        return f"{self.label} ({self.unit})" if self.unit else self.label


@dataclass(frozen=True)
class Cell:
    """A cell whose kind differs from its column's (e.g. a key-figures value)."""

    value: Any
    kind: str = "text"
    decimals: int | None = None


@dataclass(frozen=True)
class Table:
    """A titled table; ``total_row`` marks the last row as a total (bold in HTML)."""

    id: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    note: str = ""
    total_row: bool = False


@dataclass(frozen=True)
class FigureRef:
    """A chart of :mod:`mkba.report.figures` by name; rendered in HTML only."""

    name: str


Block = Union[Table, FigureRef]


@dataclass(frozen=True)
class Section:
    """A section: ``intro`` paragraphs as running text, a ``callout`` note (e.g. "illustrative"),
    ``paragraphs`` as a list of points, then the blocks."""

    id: str
    title: str
    paragraphs: tuple[str, ...] = ()
    blocks: tuple[Block, ...] = ()
    intro: tuple[str, ...] = ()
    callout: str = ""


@dataclass(frozen=True)
class Report:
    title: str
    subtitle: str
    lang: str
    sections: tuple[Section, ...] = field(default_factory=tuple)

    @property
    def tables(self) -> list[Table]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Table)]


def cell_parts(value: Any, column: Column) -> tuple[Any, str, int | None]:
    """(raw value, kind, decimals) of one cell: the cell's own kind if it is a :class:`Cell`."""
    if isinstance(value, Cell):
        return value.value, value.kind, value.decimals
    return value, column.kind, column.decimals


def format_cell(value: Any, column: Column, lang: str) -> str:
    """The cell as text in ``lang`` (the HTML and Markdown formats)."""
    raw, kind, decimals = cell_parts(value, column)
    return format_value(raw, kind, lang, decimals)


def is_numeric(value: Any, column: Column) -> bool:
    return cell_parts(value, column)[1] not in ("text", "bool")
