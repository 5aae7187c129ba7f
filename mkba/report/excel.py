"""The Excel report (openpyxl): a contents sheet linking to every sheet, then one sheet per table
of the report, named in plain words.

Each sheet has its header in row 1 with the unit in brackets, an autofilter over the table (the
total row left out, so sorting keeps it last), the header row and the columns that name a row
(code, name) frozen, a number format per column kind (the numbers stay numbers; Excel shows them
in the reader's locale), and column widths that fit the longest value (long names wrap). Text is
always stored as text (:func:`mkba.io.canonical.set_xlsx_text`): a value starting with ``=``,
``+``, ``-`` or ``@`` cannot become a formula; the workbook holds no formula.

The bytes are deterministic: the workbook's created and modified times are fixed
(:data:`FIXED_TIME`) and every zip entry is rewritten with the date 1980-01-01.
"""

from __future__ import annotations

import re
from copy import copy

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink

from ..io.canonical import set_xlsx_text
from ..io.xlsx import FIXED_TIME, workbook_bytes
from ..results import Results
from . import tables as tb
from .i18n import Catalogue, catalogue, format_value

__all__ = ["render_xlsx", "FIXED_TIME", "NUMBER_FORMATS", "sheet_names"]

MAX_WIDTH = 60
NUMBER_FORMATS = {"int": "0", "year": "0", "money": "#,##0", "ratio": "0.00", "score": "0.0000", "tau": "0.00",
                  "share": "0.0%"}
_SHEET_KEYS = {
    "nl": {"contents": "Inhoud", "key_figures": "Kerncijfers", "top": "Top groep", "appraisal": "Kosten en baten", "pm": "PM-posten",
           "distribution": "Verdeling", "criteria": "Criteria", "weights": "Gewichten", "ranks": "Rang per partij",
           "scores": "Score per partij", "kendall": "Overeenstemming partijen", "portfolio": "Pakket",
           "greedy": "Pakket en rangorde per euro", "frontier": "Waarde per budget",
           "rank_acceptability": "Kans op elke plaats", "stability": "Stabiliteit gewichten",
           "tornado": "Gevoeligheid saldo", "switching": "Omslagwaarden", "core_index": "Kernindex", "assumptions": "Uitgangspunten",
           "provenance": "Herkomst", "versions": "Versies", "stakeholder_portfolios": "Pakket per partij",
           "roadmap": "Planning", "spend": "Uitgaven per jaar", "monitoring": "Monitoring",
           "tornado_portfolio": "Gevoeligheid pakket", "map_measures": "Kaart", "areas": "Deelgebieden",
           "package_mkba": "Pakket tegenover nulalternatief",
           "futures_package": "Pakket per toekomstscenario", "futures_measures": "Saldo per toekomstscenario",
           "futures_assumptions": "Toekomstscenario's",
           "col.sheet": "Blad", "col.title": "Titel", "col.note": "Toelichting"},
    "en": {"contents": "Contents", "key_figures": "Key figures", "top": "Group top", "appraisal": "Costs and benefits", "pm": "PM items",
           "distribution": "Distribution", "criteria": "Criteria", "weights": "Weights", "ranks": "Rank per party",
           "scores": "Score per party", "kendall": "Agreement between parties", "portfolio": "Package",
           "greedy": "Package and ranking per euro", "frontier": "Value per budget",
           "rank_acceptability": "Chance of each place", "stability": "Stability of weights",
           "tornado": "Sensitivity of the NPV",
           "switching": "Switching values", "core_index": "Core index", "assumptions": "Assumptions", "provenance": "Provenance",
           "versions": "Versions", "stakeholder_portfolios": "Package per party", "roadmap": "Roadmap",
           "spend": "Spend per year", "monitoring": "Monitoring", "tornado_portfolio": "Sensitivity of package",
           "map_measures": "Map", "areas": "Sub-areas",
           "package_mkba": "Package vs do-nothing",
           "futures_package": "Package per future", "futures_measures": "NPV per future",
           "futures_assumptions": "Futures",
           "col.sheet": "Sheet", "col.title": "Title", "col.note": "Note"},
}
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="F3F6F9")
_GANTT_FILL = PatternFill("solid", fgColor="BFD9EC")
"""The roadmap sheet shades the years a measure is carried out, so the table reads as a Gantt chart."""
_TOP = Alignment(vertical="top")
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")
_WRAP_BOTTOM = Alignment(wrap_text=True, vertical="bottom")


def _number_format(kind: str, decimals: int | None) -> str | None:
    if kind == "number":
        d = 2 if decimals is None else decimals
        return "#,##0" + ("." + "0" * d if d else "")
    if kind in NUMBER_FORMATS and decimals is not None and kind not in ("share", "int", "year"):
        return "#,##0" + ("." + "0" * decimals if decimals else "")
    return NUMBER_FORMATS.get(kind)


SHEET_NAME_MAX = 31
"""Excel's limit on the length of a sheet name."""
COLUMN_FORMATS = {"cr": "0.000"}
"""Number formats by column key, for every data cell of the column (also empty ones): AHP's CR."""


def _fit(text: str, width: int) -> str:
    """``text`` in at most ``width`` characters, cut after a whole word (a single long word is cut)."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    head = text[:width + 1]
    cut = head.rsplit(" ", 1)[0] if " " in head else text[:width]
    return cut.rstrip(" ,;.-–") or text[:width]


def sheet_names(tables: list[tb.Table], lang: str) -> list[str]:
    """A valid, unique sheet name (<= 31 characters, no ``[]:*?/\\``) per table.

    The short name of :data:`_SHEET_KEYS`, or else the table's title cut after a whole word; no
    double spaces (a forbidden character becomes a space, runs of spaces become one)."""
    names = _SHEET_KEYS[lang]
    used = {names["contents"].lower()}
    out = []
    for t in tables:
        base = _fit(re.sub(r"[\[\]:*?/\\]", " ", names.get(t.id, t.title)), SHEET_NAME_MAX) or t.id[:SHEET_NAME_MAX]
        name, k = base, 2
        while name.lower() in used:
            suffix = f" {k}"
            name, k = _fit(base, SHEET_NAME_MAX - len(suffix)) + suffix, k + 1
        used.add(name.lower())
        out.append(name)
    return out


IDENTIFYING = ("id", "name", "theme", "stakeholder", "criterion", "item", "input", "portfolio", "approach",
               "ambition", "area", "budget", "term", "package", "rank", "year", "sheet")
"""Column keys that name a row; the leading ones (through the name) stay in view when scrolling right."""


def frozen_columns(table: tb.Table) -> int:
    """How many leading columns name the row (code, name; at most 3, never all columns)."""
    n = 0
    for col in table.columns[:3]:
        if col.key not in IDENTIFYING:
            break
        n += 1
        if col.key == "name":
            break
    return min(n, len(table.columns) - 1)


ROW_HEIGHT = 15.0
"""Height (pt) of one line of text in a row (Calibri 11, the workbook's font)."""


def wrapped_lines(text: str) -> int:
    """Lines ``text`` takes in a column :data:`MAX_WIDTH` characters wide (an estimate on the safe side)."""
    per_line = int(MAX_WIDTH * 0.85)
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))


def _style(cell, styles: dict, attrs: dict) -> None:
    """Give ``cell`` the style ``attrs`` (font, fill, alignment, number format, in that order of
    setting): set on the first cell with that style and its quote prefix, copied as style ids to every
    later one. (Setting a Font or an Alignment hashes it into the workbook's style lists on every
    cell: about a third of the workbook's build time. The first cell registers the styles in the same
    order as before, so the bytes do not change.)"""
    key = (bool(cell.quotePrefix), *((k, v if isinstance(v, str) else id(v)) for k, v in attrs.items()))
    ids = styles.get(key)
    if ids is None:
        for name, value in attrs.items():
            setattr(cell, name, value)
        styles[key] = copy(cell._style)
    else:
        cell._style = copy(ids)


def _write_sheet(ws, table: tb.Table, cat: Catalogue, styles: dict | None = None) -> None:
    """One table on sheet ``ws``; ``styles``: the workbook's styles so far (:func:`_style`)."""
    styles = {} if styles is None else styles
    widths = [len(c.header) for c in table.columns]
    for j, col in enumerate(table.columns, start=1):
        cell = ws.cell(row=1, column=j)
        set_xlsx_text(cell, col.header)
        _style(cell, styles, {"font": _HEADER_FONT, "fill": _HEADER_FILL, "alignment": _WRAP_BOTTOM})
    for i, row in enumerate(table.rows, start=2):
        lines = 1
        for j, (value, col) in enumerate(zip(row, table.columns), start=1):
            raw, kind, decimals = tb.cell_parts(value, col)
            cell = ws.cell(row=i, column=j)
            attrs: dict = {}
            if col.key in COLUMN_FORMATS and kind not in ("text", "bool"):
                attrs["number_format"] = COLUMN_FORMATS[col.key]
            if raw is None or (isinstance(raw, float) and raw != raw):
                if attrs:
                    _style(cell, styles, attrs)
                continue
            if kind in ("text", "bool"):
                text = format_value(raw, kind, cat.lang)
                set_xlsx_text(cell, text)
                widths[j - 1] = max(widths[j - 1], len(text))
                if len(text) > MAX_WIDTH or "\n" in text:
                    attrs["alignment"] = _WRAP_TOP
                    lines = max(lines, wrapped_lines(text))
                else:
                    attrs["alignment"] = _TOP
            else:
                cell.value = float(raw) if kind not in ("int", "year") else int(raw)
                fmt = COLUMN_FORMATS.get(col.key) or _number_format(kind, decimals)
                if fmt:
                    attrs["number_format"] = fmt
                widths[j - 1] = max(widths[j - 1], len(format_value(raw, kind, "en", decimals)) + 1)
            if table.total_row and i == len(table.rows) + 1:
                attrs["font"] = _HEADER_FONT
            elif table.id == "roadmap" and col.key.isdigit():
                attrs["fill"] = _GANTT_FILL
            if attrs:
                _style(cell, styles, attrs)
        if lines > 1:  # spreadsheet programs do not all grow a row to its wrapped text (LibreOffice does not)
            ws.row_dimensions[i].height = ROW_HEIGHT * lines
    for j, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = min(MAX_WIDTH, max(8, width + 2))
    ws.freeze_panes = f"{get_column_letter(frozen_columns(table) + 1)}2"
    last = len(table.rows) + 1 - (1 if table.total_row and table.rows else 0)
    ws.auto_filter.ref = f"A1:{get_column_letter(max(len(table.columns), 1))}{max(last, 1)}"


def _link(cell, sheet: str) -> None:
    """Make ``cell`` an internal hyperlink to cell A1 of ``sheet`` (a link, not a formula)."""
    cell.hyperlink = Hyperlink(ref=cell.coordinate, location="'" + sheet.replace("'", "''") + "'!A1")
    cell.font = Font(color="0563C1", underline="single")


def render_xlsx(results: Results, lang: str | None = None, report: tb.Report | None = None) -> bytes:
    """The Excel report as bytes (deterministic).

    Parameters
    ----------
    results : dict
        The content of ``results.json``.
    lang : {"nl", "en"}, optional
        Default: the scenario's language.
    report : the report's tables already built from ``results`` in ``lang`` (:func:`.tables.build`), if at hand.
    """
    report = report if report is not None else tb.build(results, lang)
    cat = catalogue(report.lang)
    tables = report.tables
    names = sheet_names(tables, cat.lang)
    keys = _SHEET_KEYS[cat.lang]
    contents = tb.Table("contents", keys["contents"], (
        tb.Column("sheet", keys["col.sheet"]), tb.Column("title", keys["col.title"]),
        tb.Column("note", keys["col.note"])), tuple((n, t.title, t.note) for n, t in zip(names, tables)))
    wb = Workbook()
    ws = wb.active
    ws.title = keys["contents"]
    styles: dict = {}  # one workbook's cell styles (:func:`_style`)
    _write_sheet(ws, contents, cat, styles)
    for row, name in enumerate(names, start=2):
        _link(ws.cell(row=row, column=1), name)
    for name, table in zip(names, tables):
        _write_sheet(wb.create_sheet(name), table, cat, styles)
    wb.properties.title = report.title
    wb.properties.language = cat.lang
    return workbook_bytes(wb)
