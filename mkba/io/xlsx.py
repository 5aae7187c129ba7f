"""Deterministic .xlsx bytes: the same workbook content gives the same bytes on every save.

openpyxl stamps the clock into ``docProps/core.xml`` and every zip entry; reports, templates
and the bundled scenarios' longlists must be byte-identical from run to run, so the document
times are fixed and the zip is rewritten with fixed entry times.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from openpyxl import Workbook
from openpyxl.xml.functions import tostring

__all__ = ["FIXED_TIME", "longlist_workbook", "workbook_bytes"]

FIXED_TIME = dt.datetime(2000, 1, 1)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def workbook_bytes(workbook: Workbook, *, creator: str = "mkba", when: dt.datetime = FIXED_TIME) -> bytes:
    """The workbook saved as .xlsx bytes with fixed document and zip times."""
    props = workbook.properties
    props.creator = creator
    props.created = props.modified = when
    raw = io.BytesIO()
    workbook.save(raw)
    props.modified = when  # openpyxl stamps the clock into it while saving
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = tostring(props.to_tree())
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, content)
    return out.getvalue()


def longlist_workbook(columns: list[str], rows: list, units: dict[str, str], *, sheet: str = "maatregelen",
                      units_sheet: str = "eenheden", units_header: tuple[str, str] = ("kolom", "eenheid")) -> Workbook:
    """A measures sheet as a consultant delivers it: bold frozen header in row 1 (what the reader
    expects), one row per measure, and a second sheet naming each column's unit."""
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(list(columns))
    for row in rows:
        ws.append(list(row))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "C2"
    notes = wb.create_sheet(units_sheet)
    notes.append(list(units_header))
    for column in columns:
        if column in units:
            notes.append([column, units[column]])
    return wb
