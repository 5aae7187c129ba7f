"""Excel report: one sheet per table, frozen header with units, number formats, no formulas."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import openpyxl
from hypothesis import given, settings, strategies as st
import pytest

from mkba.writers import to_json
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
    assert ws.freeze_panes == "C2"  # the header row and the code and name columns
    headers = [c.value for c in ws[1]]
    assert "NPV (EUR, present value)" in headers and "B/C ratio" in headers
    npv = headers.index("NPV (EUR, present value)") + 1
    assert isinstance(ws.cell(2, npv).value, float) and ws.cell(2, npv).number_format == "#,##0"
    assert ws.cell(2, headers.index("B/C ratio") + 1).number_format == "0.00"
    weights = workbook["Weights"]
    assert weights.freeze_panes == "B2" and weights.cell(2, 3).number_format == "0.0%"
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
    # Excel's quote prefix keeps them text when someone edits the cell (mkba.io.canonical.set_xlsx_text)
    assert all(ws.cell(r, 2).quotePrefix == (ws.cell(r, 2).value in payloads) for r in range(2, ws.max_row + 1))


@pytest.mark.slow
def test_xlsx_is_byte_identical_with_fixed_dates(results):
    import time

    a = render(results, "xlsx")
    time.sleep(1.1)  # openpyxl stamps the clock (seconds) while saving; it must not reach the bytes
    b = render(results, "xlsx")
    assert a == b
    with zipfile.ZipFile(io.BytesIO(a)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert b"2000-01-01T00:00:00Z" in z.read("docProps/core.xml")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_sheet_names_fit_whole_words_without_double_spaces(results, lang):
    import re

    from mkba.report.excel import _SHEET_KEYS

    tables = tb.build(results, lang).tables
    names = sheet_names(tables, lang)
    assert len(set(n.lower() for n in names)) == len(names)
    for name, table in zip(names, tables):
        assert 0 < len(name) <= 31 and "  " not in name and name == name.strip(), name
        assert not re.search(r"[\[\]:*?/\\]", name)
        # the short name of the map, or the title's first whole words: never cut mid-word
        title = " ".join(re.sub(r"[\[\]:*?/\\]", " ", table.title).split())
        assert name == _SHEET_KEYS[lang].get(table.id) or title == name or title.startswith(name + " "), name
    for table_id in ("roadmap", "spend", "monitoring", "tornado_portfolio", "stakeholder_portfolios"):
        assert table_id in _SHEET_KEYS[lang]
        assert len(_SHEET_KEYS[lang][table_id]) <= 31
    # a table without a short name: its title cut after a whole word, a colon not left as a double space
    long = tb.Table("unmapped", "Planning van het pakket: investering per jaar per maatregel",
                    (tb.Column("a", "A"),), ())
    assert sheet_names([long, long], lang) == ["Planning van het pakket", "Planning van het pakket 2"]
    word = tb.Table("word", "X" * 40, (tb.Column("a", "A"),), ())
    assert sheet_names([word], lang) == ["X" * 31]
    wb = openpyxl.load_workbook(io.BytesIO(render(results, "xlsx", lang=lang)))
    assert wb.sheetnames[1:] == names


def test_tornado_values_are_numbers_and_cr_has_three_decimals(workbook):
    ws = workbook["Sensitivity of the NPV"]
    headers = [c.value for c in ws[1]]
    low, high = headers.index("Low value") + 1, headers.index("High value") + 1
    kinds = {}
    for r in range(2, ws.max_row + 1):
        name = ws.cell(r, 1).value
        kinds[name] = (ws.cell(r, low).value, ws.cell(r, high).value)
        if name in ("discount set", "future"):  # set names and future labels are text
            assert ws.cell(r, low).data_type == "s"
        else:
            assert ws.cell(r, low).data_type == "n" and ws.cell(r, high).data_type == "n", name
            assert isinstance(ws.cell(r, low).value, (int, float)), name
            assert ws.cell(r, low).number_format != "General"
    assert kinds["investment costs (factor)"] == (0.8, 1.3)
    assert kinds["weight Netto contante waarde (saldo)"][0] == pytest.approx(0.0278, abs=1e-4)
    weights = workbook["Weights"]
    cr = [c.value for c in weights[1]].index("CR") + 1
    assert all(weights.cell(r, cr).number_format == "0.000" for r in range(2, weights.max_row + 1))
    assert any(isinstance(weights.cell(r, cr).value, float) for r in range(2, weights.max_row + 1))


def test_key_figures_do_not_repeat_the_percent_sign(workbook):
    ws = workbook["Key figures"]
    for r in range(2, ws.max_row + 1):
        value, unit = ws.cell(r, 2), ws.cell(r, 3).value
        if "%" in value.number_format:
            assert not unit, ws.cell(r, 1).value


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_table_has_an_autofilter_frozen_names_and_a_link_from_the_contents(results, lang):
    from openpyxl.utils import get_column_letter

    from mkba.report.excel import frozen_columns

    wb = openpyxl.load_workbook(io.BytesIO(render(results, "xlsx", lang=lang)))
    tables = tb.build(results, lang).tables
    contents = wb.worksheets[0]
    links = {}
    for r in range(2, contents.max_row + 1):
        cell = contents.cell(r, 1)
        assert cell.hyperlink is not None and cell.hyperlink.target is None, cell.value  # inside the file
        links[cell.value] = cell.hyperlink.location
    assert list(links) == wb.sheetnames[1:]
    for name, location in links.items():
        assert location == "'" + name.replace("'", "''") + "'!A1"
    for name, table in zip(wb.sheetnames[1:], tables):
        ws = wb[name]
        rows = len(table.rows) + 1 - (1 if table.total_row and table.rows else 0)
        assert ws.auto_filter.ref == f"A1:{get_column_letter(len(table.columns))}{rows}", name
        frozen = frozen_columns(table)
        assert ws.freeze_panes == f"{get_column_letter(frozen + 1)}2", name
        keys = [c.key for c in table.columns]
        if keys[:2] == ["id", "name"]:
            assert frozen == 2, name  # code and name stay in view
    assert contents.auto_filter.ref == f"A1:C{len(tables) + 1}"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_sheet_names_are_plain_words(results, lang):
    names = sheet_names(tb.build(results, lang).tables, lang)
    for jargon in ("greedy", "Tornado", "tau", "frontier", "Rangacceptatie", "acceptability", "Efficiënte"):
        assert not any(jargon.lower() in n.lower() for n in names), (jargon, names)


def test_the_workbook_holds_no_formula(results):
    data = render(results, "xlsx", lang="nl")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name), name


@given(st.lists(st.text(min_size=1, max_size=30), min_size=1, max_size=5))
@settings(max_examples=60, deadline=None)
def test_any_text_stays_text(texts):
    """Whatever a name holds, the sheet stores it as text (no formula), shown as mkba writes text."""
    from openpyxl import Workbook

    from mkba.io.canonical import file_text
    from mkba.report.excel import _write_sheet
    from mkba.report.i18n import catalogue

    table = tb.Table("appraisal", "T", (tb.Column("id", "Code"), tb.Column("name", "Name")),
                     tuple((f"M{k}", t) for k, t in enumerate(texts)))
    wb = Workbook()
    _write_sheet(wb.active, table, catalogue("en"))
    buffer = io.BytesIO()
    wb.save(buffer)
    back = openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).active
    for r, text in enumerate(texts, start=2):
        assert back.cell(r, 2).data_type == "s"
        assert back.cell(r, 2).value == file_text(text)
    with zipfile.ZipFile(buffer) as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
        assert b"<f>" not in sheet and b"<f " not in sheet
