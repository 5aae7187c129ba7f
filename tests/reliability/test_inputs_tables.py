"""Measures tables are read to their real extent, bounded, and never misread (issue 18, items 3-4):
a stale ``<dimension>``, leading empty rows, Dutch Excel CSV (``;``, ``,`` decimal mark, Windows-1252)
and a damaged or hostile workbook (malformed XML, entity declarations, a corrupt deflate stream, a
zip bomb) each give a correct read or one issue naming the file."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

import mkba.io.tables as tables
from mkba.io import numbers
from mkba.io.tables import read_table


def _book(path: Path, rows: list[list]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "measures"
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def _rewrite(path: Path, change) -> None:
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    parts = change(parts)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


SHEET = "xl/worksheets/sheet1.xml"


def test_a_stale_dimension_is_ignored(tmp_path):
    path = _book(tmp_path / "m.xlsx", [["id", "x"], ["M1", 1], ["M2", 2], ["M3", 3], ["M4", 4]])
    _rewrite(path, lambda p: {**p, SHEET: re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1:B3"/>', p[SHEET])})
    assert b'ref="A1:B3"' in zipfile.ZipFile(path).read(SHEET)
    table, issues = read_table(path, "m.xlsx")
    assert issues == [] and [cells["id"] for _, cells in table.rows] == ["M1", "M2", "M3", "M4"]


def test_rows_keep_their_numbers_after_leading_empty_rows(tmp_path):
    path = _book(tmp_path / "m.xlsx", [[None], [None], ["id", "x"], [None], ["M1", None, None, None, "=1+1"]])
    table, issues = read_table(path, "m.xlsx")
    assert table.header_row == 3 and [r for r, _ in table.rows] == [5]
    assert [(i.row, i.field) for i in issues] == [(5, "E")]  # the formula in E5, and the cells past the header
    csv = tmp_path / "m.csv"
    csv.write_text("\n\n\nid,x\n\n\nM1,2\n", encoding="utf-8")
    table, issues = read_table(csv, "m.csv")
    assert issues == [] and table.header_row == 4 and table.rows == ((7, {"id": "M1", "x": "2"}),)


def test_dutch_excel_csv_reads_right_with_a_warning(tmp_path):
    path = tmp_path / "m.csv"
    path.write_bytes("id;naam;investment;x\nM1;Café;1.500.000,25;0,5\nM2;b;600.000;3\n".encode("cp1252"))
    table, issues = read_table(path, "m.csv")
    assert [cells for _, cells in table.rows] == [  # raw cells, read in the table's notation by the reader
        {"id": "M1", "naam": "Café", "investment": "1.500.000,25", "x": "0,5"},
        {"id": "M2", "naam": "b", "investment": "600.000", "x": "3"}]
    assert (table.numbers, table.numbers_from) == ("nl", "detected")
    assert [numbers.read_as(cells["investment"], table.numbers) for _, cells in table.rows] == ["1500000.25", "600000"]
    assert [i.severity for i in issues] == ["warning", "warning", "warning"]
    assert "Windows-1252" in issues[0].message and issues[1].field == "investment"
    assert (issues[2].row, issues[2].field) == (3, "investment") and "600.000 read as 600000" in issues[2].message


def test_a_csv_with_both_decimal_marks_is_refused(tmp_path):
    path = tmp_path / "m.csv"
    path.write_text("id;investment;x\nM1;1,5;2\nM2;3;0.5\n", encoding="utf-8")
    table, issues = read_table(path, "m.csv")
    assert table is None and len(issues) == 1
    assert issues[0].row == 3 and issues[0].field == "x" and "both in Dutch notation" in issues[0].message


def test_utf16_is_refused_with_the_reason(tmp_path):
    path = tmp_path / "m.csv"
    path.write_bytes("id,x\nM1,1\n".encode("utf-16"))
    table, issues = read_table(path, "m.csv")
    assert table is None and "UTF-16" in issues[0].message


def _damaged(path: Path, kind: str) -> None:
    if kind == "malformed":
        _rewrite(path, lambda p: {**p, SHEET: p[SHEET][:-40]})
    elif kind == "entity":
        _rewrite(path, lambda p: {**p, SHEET: b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaa">]>'
                                  + p[SHEET].replace(b"M1", b"&a;")})
    elif kind == "deflate":
        data = bytearray(path.read_bytes())
        info = zipfile.ZipFile(path).getinfo(SHEET)
        start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + 4
        data[start:start + 12] = b"\xff" * 12
        path.write_bytes(bytes(data))
    elif kind == "bomb":
        _rewrite(path, lambda p: {**p, "xl/worksheets/sheet2.xml": b" " * 60_000_000})
    elif kind == "not a zip":
        path.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    elif kind == "workbook":
        _rewrite(path, lambda p: {**p, "xl/workbook.xml": b"<workbook><sheets><sheet"})
    elif kind == "content types":
        _rewrite(path, lambda p: {k: v for k, v in p.items() if k != "[Content_Types].xml"})


@pytest.mark.parametrize("kind", ["malformed", "entity", "deflate", "bomb", "not a zip", "workbook",
                                  "content types"])
def test_a_damaged_or_hostile_workbook_is_one_issue_naming_the_file(tmp_path, kind, monkeypatch):
    monkeypatch.setattr(tables, "MAX_XLSX_PART_BYTES", 50_000_000)  # the bomb test stays small
    path = _book(tmp_path / "m.xlsx", [["id", "x"], ["M1", 1]])
    _damaged(path, kind)
    table, issues = read_table(path, "m.xlsx")
    assert table is None and len(issues) == 1 and issues[0].file == "m.xlsx"
    assert "unexpected" not in issues[0].message
    if kind == "entity":
        assert "entity" in issues[0].message and issues[0].field == f"part {SHEET}"
    if kind == "bomb":
        assert "zip bomb" in issues[0].message


def test_rows_and_columns_are_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(tables, "MAX_TABLE_ROWS", 3)
    monkeypatch.setattr(tables, "MAX_TABLE_WIDTH", 4)
    path = _book(tmp_path / "m.xlsx", [["id"]] + [[f"M{k}"] for k in range(5)])
    table, issues = read_table(path, "m.xlsx")
    assert table is None and issues[0].row == 5 and "more than 3 rows" in issues[0].message
    csv = tmp_path / "m.csv"
    csv.write_text("id\n" + "".join(f"M{k}\n" for k in range(5)), encoding="utf-8")
    table, issues = read_table(csv, "m.csv")
    assert table is None and issues[0].row == 5
    wide = _book(tmp_path / "w.xlsx", [["id", "a", "b", "c", "d", "e"], ["M1"]])
    table, issues = read_table(wide, "w.xlsx")
    assert table is None and "more than 4 columns" in issues[0].message
    _book(wide, [["id", "a"], ["M1", None, None, None, None, None, None]])  # empty cells far right: fine
    table, issues = read_table(wide, "w.xlsx")
    assert issues == [] and table.columns == ("id", "a")


def test_a_cell_of_5000_digits_is_located_at_its_row(tmp_path):
    path = _book(tmp_path / "m.xlsx", [["id", "x"], ["M1", 5], ["M2", 6]])
    _rewrite(path, lambda p: {**p, SHEET: p[SHEET].replace(b"<v>6</v>", b"<v>" + b"9" * 5000 + b"</v>")})
    table, issues = read_table(path, "m.xlsx")
    assert table is None and len(issues) == 1
    assert (issues[0].sheet, issues[0].row) == ("measures", 3) and "4,300 digits" in issues[0].message
