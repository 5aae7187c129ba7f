"""Dutch spreadsheets read right or not at all (issue 17 item 5).

The files are written here as Dutch Excel writes them: ``;`` between cells, ``,`` as decimal mark,
``.`` between thousands, Windows-1252 bytes (``€`` is 0x80, ``ë`` 0xEB), or UTF-8 with a BOM. Each
is read through the whole scenario reader, so what is checked is the number a measure gets.
The property tests format numbers in each notation with a formatter written here (not mkba's) and
read them back; and they check that a number whose meaning depends on the notation is never read
without one.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from openpyxl import Workbook

from mkba.io import numbers
from mkba.io.scenario import check_scenario
from mkba.io.scenario.reader import Reader
from mkba.io.tables import read_table

MINI = Path(__file__).resolve().parents[1] / "data" / "mini"
HEADER = ["id", "name", "theme", "start_year", "investment", "running_cost", "lifetime", "payer", "receivers",
          "transfers", "co2", "noise", "liveability", "nuisance"]
DUTCH_ROWS = [  # the mini longlist as Dutch Excel shows it
    ["M1", "Isolatie € ë", "energy", "2026", "600.000", "10", "5", "corporation:0,5;municipality:0,5", "", "", "2", "0",
     "1", "1"],
    ["M2", "Park", "public space", "2027", "2027:300;2028:1.200,50", "0", "20", "municipality:1", "residents:1",
     "municipality>residents:5", "0", "-1", "3", "2"],
    ["M3", "Warmtepomp", "energy", "2026", "400", "5", "8", "corporation:1", "", "", "1|1,5|3", "1", "0", "0"],
    ["M4", "Straatfeest", "social", "2026", "0", "30", "10", "municipality:1", "", "", "0", "0", "2,5", "0"],
]


def _csv(rows: list[list[str]], delimiter: str) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows([HEADER, *rows])
    return out.getvalue()


def _scenario(folder: Path, table: bytes | None = None, *, number_format: str | None = None,
              name: str = "measures.csv") -> Path:
    folder.mkdir(exist_ok=True)
    yaml = (MINI / "scenario.yaml").read_text(encoding="utf-8").replace("measures: measures.csv", f"measures: {name}")
    if number_format is not None:
        yaml += f"number_format: {number_format}\n"
    (folder / "scenario.yaml").write_text(yaml, encoding="utf-8")
    if table is not None:
        (folder / name).write_bytes(table)
    return folder / "scenario.yaml"


def _read(path: Path):
    scenario, issues = check_scenario(path)
    errors = [i for i in issues if i.severity == "error"]
    return scenario, errors, [i for i in issues if i.severity == "warning"]


def _measures(scenario) -> dict:
    return {m.id: m for m in scenario.measures}


# -- real Dutch Excel files ---------------------------------------------------------------------

@pytest.mark.parametrize("encoding, bom", [("cp1252", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-8", b"")])
@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_a_dutch_excel_csv_reads_right(tmp_path, encoding, bom, delimiter):
    data = bom + _csv(DUTCH_ROWS, delimiter).encode(encoding)
    if encoding == "cp1252":
        assert b"\x80" in data and b"\xeb" in data  # the euro sign and e-trema as Windows-1252 bytes
    scenario, errors, warnings = _read(_scenario(tmp_path / "s", data))
    assert errors == []
    m = _measures(scenario)
    assert m["M1"].name == "Isolatie € ë"
    assert dict(m["M1"].investment) == {2026: 600000.0}  # not 600
    assert dict(m["M2"].investment) == {2027: 300.0, 2028: 1200.5}
    assert dict(m["M1"].payers) == {"corporation": 0.5, "municipality": 0.5}
    assert (m["M3"].effects["co2"].low, m["M3"].effects["co2"].value, m["M3"].effects["co2"].high) == (1.0, 1.5, 3.0)
    assert m["M4"].effects["liveability"].value == 2.5
    said = " | ".join(w.message for w in warnings)
    assert "Dutch notation" in said and "600.000 read as 600000" in said
    assert ("Windows-1252" in said) == (encoding == "cp1252")


def test_declared_dutch_reads_the_same_without_the_detection_warnings(tmp_path):
    data = _csv(DUTCH_ROWS, ";").encode("cp1252")
    scenario, errors, warnings = _read(_scenario(tmp_path / "s", data, number_format="nl"))
    assert errors == [] and dict(_measures(scenario)["M1"].investment) == {2026: 600000.0}
    assert [w.message for w in warnings] == ["not UTF-8: read as Windows-1252, the encoding of Excel's CSV"]


def test_a_dutch_file_declared_english_is_refused_cell_by_cell(tmp_path):
    data = _csv(DUTCH_ROWS, ";").encode("utf-8")
    _, errors, _ = _read(_scenario(tmp_path / "s", data, number_format="en"))
    found = {(e.row, e.field): e for e in errors}
    e = found[(5, "liveability")]
    assert e.file.endswith("measures.csv") and "2,5 is not a number in English notation" in e.message
    assert "number_format: en" in e.message and e.expected.startswith("2.5")
    assert (2, "payer") in found  # corporation:0,5


def test_an_english_file_declared_dutch_is_refused_cell_by_cell(mini_dir):
    yaml = mini_dir / "scenario.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8") + "number_format: nl\n", encoding="utf-8")
    _, errors, _ = _read(yaml)
    e = next(e for e in errors if e.field == "co2")  # M3's 1|1.5|3
    assert e.row == 4 and "1.5 is not a number in Dutch notation" in e.message and e.expected.startswith("1,5")


@pytest.mark.parametrize("cell, column, nl, en", [
    ("600.000", "investment", "600000", "600"), ("1,500", "co2", "1.5", "1500"), ("1.500", "liveability", "1500", "1.5")])
def test_an_ambiguous_number_without_a_notation_is_refused_with_both_readings(tmp_path, cell, column, nl, en):
    """Neither declared nor detectable (the other numbers are whole): refused at its file, row and
    column, naming both readings and how to declare the notation."""
    rows = [["M1", "a", "energy", "2026", "1000", "10", "5", "corporation:1", "", "", "2", "0", "1", "1"],
            ["M2", "b", "energy", "2026", "400", "5", "8", "corporation:1", "", "", "1", "1", "0", "0"]]
    rows[1][HEADER.index(column)] = cell
    _, errors, _ = _read(_scenario(tmp_path / "s", _csv(rows, ";").encode("utf-8")))
    assert len(errors) == 1
    e = errors[0]
    assert (Path(e.file).name, e.row, e.field) == ("measures.csv", 3, column)
    assert f"ambiguous: {cell} is {nl} in Dutch notation" in e.message and f"or {en} in English notation" in e.message
    assert "number_format: nl" in e.expected and "number_format: en" in e.expected


@pytest.mark.parametrize("declared, expected", [("nl", 1.5), ("en", 1500.0)])
def test_the_declared_notation_settles_an_ambiguous_number(tmp_path, declared, expected):
    rows = [["M1", "a", "energy", "2026", "1000", "10", "5", "corporation:1", "", "", "1,500", "0", "1", "1"],
            ["M2", "b", "energy", "2026", "400", "5", "8", "corporation:1", "", "", "1", "1", "0", "0"]]
    scenario, errors, _ = _read(_scenario(tmp_path / "s", _csv(rows, ";").encode("utf-8"), number_format=declared))
    assert errors == [] and _measures(scenario)["M1"].effects["co2"].value == expected


def test_a_thousands_dot_in_an_english_decimal_file_is_refused(mini_dir):
    """The mini file shows '.' as decimal point (1|1.5|3) but never groups thousands: 600.000 typed into
    it by a Dutch hand meant 600000, so it is refused, not read as 600."""
    table = mini_dir / "measures.csv"
    table.write_text(table.read_text(encoding="utf-8").replace("2026,1000,10,5", "2026,600.000,10,5"), encoding="utf-8")
    _, errors, _ = _read(mini_dir / "scenario.yaml")
    assert [(e.row, e.field) for e in errors] == [(2, "investment")] and "600 in English notation" in errors[0].message


def test_english_thousands_settle_the_notation(tmp_path):
    rows = [["M1", "a", "energy", "2026", "1,250,000.5", "10", "5", "corporation:1", "", "", "2", "0", "1", "1"],
            ["M2", "b", "energy", "2026", "400", "5", "8", "corporation:1", "", "", "1,500", "1", "0", "0"]]
    scenario, errors, warnings = _read(_scenario(tmp_path / "s", _csv(rows, ",").encode("utf-8")))
    m = _measures(scenario)
    assert errors == [] and dict(m["M1"].investment) == {2026: 1250000.5} and m["M2"].effects["co2"].value == 1500.0
    assert any("English notation" in w.message and w.row == 2 for w in warnings)


def test_a_file_in_both_notations_is_refused(tmp_path):
    rows = [["M1", "a", "energy", "2026", "1000", "10", "5", "corporation:1", "", "", "2,5", "0", "1", "1"],
            ["M2", "b", "energy", "2026", "400", "5", "8", "corporation:1", "", "", "0.5", "1", "0", "0"]]
    scenario, errors, _ = _read(_scenario(tmp_path / "s", _csv(rows, ";").encode("utf-8")))
    assert scenario is None and len(errors) == 1
    assert "both in Dutch notation (row 2, co2: '2,5')" in errors[0].message and "(row 3, co2: '0.5'" in errors[0].message


# -- encodings ----------------------------------------------------------------------------------

def test_a_file_partly_utf8_and_partly_windows_1252_is_refused(tmp_path):
    data = _csv(DUTCH_ROWS[:2], ";").encode("utf-8") + _csv(DUTCH_ROWS[2:], ";").split("\r\n", 1)[1].replace(
        "Warmtepomp", "Warmtepompë").encode("cp1252")
    _, errors, _ = _read(_scenario(tmp_path / "s", data))
    assert len(errors) == 1 and "partly UTF-8" in errors[0].message and "'€'" in errors[0].message
    assert errors[0].row == 4  # the line of the first byte that is not UTF-8


def test_bytes_that_are_neither_utf8_nor_windows_1252_are_refused(tmp_path):
    data = _csv(DUTCH_ROWS, ";").encode("cp1252").replace(b"Park", b"P\x81rk")
    _, errors, _ = _read(_scenario(tmp_path / "s", data))
    assert len(errors) == 1 and "not UTF-8 or Windows-1252" in errors[0].message and errors[0].row == 3


# -- XLSX ---------------------------------------------------------------------------------------

def _workbook(path: Path, rows: list[list]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "measures"
    for row in [HEADER, *rows]:
        ws.append(row)
    wb.save(path)
    return path.read_bytes()


@pytest.mark.parametrize("declared", [None, "nl", "en"])
def test_xlsx_numeric_cells_are_numbers_in_any_notation(tmp_path, declared):
    rows = [["M1", "a", "energy", 2026, 600000, 10.5, 5, "corporation:1", None, None, 0.25, 0, 1, 1],
            ["M2", "b", "energy", 2026, 400, 5, 8, "corporation:1", None, None, 1, 1, 0, 0]]
    data = _workbook(tmp_path / "x.xlsx", rows)
    scenario, errors, _ = _read(_scenario(tmp_path / "s", data, number_format=declared, name="m.xlsx"))
    m = _measures(scenario)
    assert errors == [] and dict(m["M1"].investment) == {2026: 600000.0} and m["M1"].running_cost == 10.5
    assert m["M1"].effects["co2"].value == 0.25


def test_xlsx_text_cells_follow_the_notation(tmp_path):
    rows = [["M1", "a", "energy", 2026, "600.000", 10, 5, "corporation:1", None, None, "0,25", 0, 1, 1],
            ["M2", "b", "energy", 2026, "1.500", 5, 8, "corporation:1", None, None, 1, 1, 0, 0]]
    data = _workbook(tmp_path / "x.xlsx", rows)
    scenario, errors, _ = _read(_scenario(tmp_path / "s", data, name="m.xlsx"))  # '0,25' shows Dutch notation
    m = _measures(scenario)
    assert errors == [] and dict(m["M1"].investment) == {2026: 600000.0} and dict(m["M2"].investment) == {2026: 1500.0}
    rows[0][10] = 0.25  # without the Dutch text cell nothing says which notation the text cells use
    data = _workbook(tmp_path / "y.xlsx", rows)
    _, errors, _ = _read(_scenario(tmp_path / "t", data, name="m.xlsx"))
    assert sorted((e.row, e.field) for e in errors) == [(2, "investment"), (3, "investment")]
    assert all(e.sheet == "measures" and "ambiguous" in e.message for e in errors)


# -- properties -----------------------------------------------------------------------------------

def fmt(value: Decimal, convention: str, grouped: bool) -> str:
    """``value`` written in ``convention``, with or without thousands separators (written here, not mkba's)."""
    decimal, group = (",", ".") if convention == "nl" else (".", ",")
    sign = "-" if value < 0 else ""
    whole, _, fraction = format(abs(value), "f").partition(".")
    if grouped:
        whole = f"{int(whole):,}".replace(",", group)
    return sign + whole + (decimal + fraction if fraction else "")


VALUES = st.builds(lambda n, k: Decimal(n).scaleb(-k), st.integers(-10**12, 10**12), st.integers(0, 4))


@settings(max_examples=400, deadline=None)
@given(value=VALUES, convention=st.sampled_from(numbers.CONVENTIONS), grouped=st.booleans())
def test_a_number_formatted_in_a_notation_reads_back_in_it(value, convention, grouped):
    text = fmt(value, convention, grouped)
    assert Decimal(numbers.read_as(text, convention)) == value
    other = "en" if convention == "nl" else "nl"
    read = numbers.readings(text)
    assert read.ambiguous == (read.of(other) is not None and Decimal(read.of(other)) != value)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=VALUES.filter(lambda v: v >= 0), convention=st.sampled_from(numbers.CONVENTIONS), grouped=st.booleans(),
       declared=st.booleans())
def test_a_cell_is_read_as_written_or_refused_never_misread(tmp_path_factory, value, convention, grouped, declared):
    """One investment cell in a table with no other evidence: with the notation declared it reads
    back exactly; without, it reads back exactly or (when it means something else in the other
    notation) is refused as ambiguous, never read as another number."""
    text = fmt(value, convention, grouped)
    rows = [["M1", "a", "energy", "2026", text, "10", "5", "corporation:1", "", "", "2", "0", "1", "1"],
            ["M2", "b", "energy", "2026", "400", "5", "8", "corporation:1", "", "", "1", "1", "0", "0"]]
    delimiter = ";" if convention == "nl" else ","
    path = _scenario(tmp_path_factory.mktemp("p"), _csv(rows, delimiter).encode("utf-8"),
                     number_format=convention if declared else None)
    scenario, errors, _ = _read(path)
    if scenario is not None:
        assert _measures(scenario)["M1"].investment.get(2026, 0.0) == float(value)
    else:
        assert not declared and numbers.readings(text).ambiguous
        assert [(e.row, e.field) for e in errors] == [(2, "investment")] and "ambiguous" in errors[0].message


@settings(max_examples=300, deadline=None)
@given(text=st.from_regex(r"\A[-+]?[0-9]{1,4}([.,][0-9]{1,4}){0,3}\Z", fullmatch=True))
def test_an_ambiguous_token_is_never_read_silently(text):
    """Whatever a token looks like: both readings agree, or exactly one exists, or it is ambiguous and
    the reader refuses it (no notation given)."""
    r = Reader(Path("scenario.yaml"))
    r.number_formats["m.csv"] = (None, "")
    got = r.number(text, file="m.csv", row=2, field="co2")
    read = numbers.readings(text)
    if read.ambiguous:
        assert got is None and "ambiguous" in r.issues[-1].message
    elif got is not None:  # read as written: the one reading there is (English, float's own)
        assert read.en is not None and got == float(read.en)


def test_read_table_keeps_raw_cells_and_the_notation(tmp_path):
    path = tmp_path / "m.csv"
    path.write_bytes(_csv(DUTCH_ROWS, "\t").encode("cp1252"))
    table, issues = read_table(path, "m.csv")
    assert table.numbers == "nl" and table.numbers_from == "detected" and table.rows[0][1]["investment"] == "600.000"
    table, issues = read_table(path, "m.csv", number_format="en")
    assert (table.numbers, table.numbers_from) == ("en", "declared")
