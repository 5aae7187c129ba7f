"""Excel report: one sheet per table, frozen header with units, number formats, no formulas."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest

from mkba.io.writers import to_json
from mkba.pipeline import run
from mkba.report import render
from mkba.report import tables as tb
from mkba.report.excel import sheet_names

KRAAIHOEK = Path(__file__).resolve().parents[2] / "scenarios" / "kraaihoek" / "scenario.yaml"


@pytest.fixture(scope="module")
def results() -> dict:
    return json.loads(to_json(run(KRAAIHOEK).to_dict()))


@pytest.fixture(scope="module")
def workbook(results):
    return openpyxl.load_workbook(io.BytesIO(render(results, "xlsx", lang="en")))


def test_one_sheet_per_table(results, workbook):
    tables = tb.build(results, "en").tables
    assert workbook.sheetnames == ["Contents", *sheet_names(tables, "en")]
    for name, table in zip(workbook.sheetnames[1:], tables):
        ws = workbook[name]
        assert ws.max_row == len(table.rows) + 1
        assert [c.value for c in ws[1]] == [col.header for col in table.columns]


def test_frozen_header_units_and_number_formats(workbook):
    ws = workbook["Costs and benefits"]
    assert ws.freeze_panes == "A2"
    headers = [c.value for c in ws[1]]
    assert "NPV (EUR, PV)" in headers and "B/C ratio" in headers
    npv = headers.index("NPV (EUR, PV)") + 1
    assert isinstance(ws.cell(2, npv).value, float) and ws.cell(2, npv).number_format == "#,##0"
    assert ws.cell(2, headers.index("B/C ratio") + 1).number_format == "0.00"
    weights = workbook["Weights"]
    assert weights.freeze_panes == "A2" and weights.cell(2, 3).number_format == "0.0%"
    assert all(ws.column_dimensions[c].width >= 8 for c in "ABCDEFGHI")
    assert ws.column_dimensions["B"].width > ws.column_dimensions["A"].width  # names are wider than codes


def test_strings_cannot_become_formulas(results):
    hostile = json.loads(json.dumps(results))
    payloads = ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)"]
    for m, text in zip(hostile["scenario"]["measures"], payloads):
        m["name"] = text
    data = render(hostile, "xlsx", lang="en")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb["Costs and benefits"]
    names = {ws.cell(r, 2).value for r in range(2, ws.max_row + 1)}
    assert set(payloads) <= names
    assert all(ws.cell(r, 2).data_type == "s" for r in range(2, ws.max_row + 1))


def test_xlsx_is_byte_identical_with_fixed_dates(results):
    import time

    a = render(results, "xlsx")
    time.sleep(1.1)  # openpyxl stamps the clock (seconds) while saving; it must not reach the bytes
    b = render(results, "xlsx")
    assert a == b
    with zipfile.ZipFile(io.BytesIO(a)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert b"2000-01-01T00:00:00Z" in z.read("docProps/core.xml")
