"""Issue 20 item 4: descriptive text columns declared under ``fields`` are read per measure and carried to
results.json, the report's Kansen table (HTML, Markdown, Excel; nl and en) and the map's pop-ups; an
undeclared column stays an error."""

from __future__ import annotations

import io
import json

import openpyxl
import pandas as pd
import pytest

import mkba
from mkba.results import load
from mkba.io.scenario.build import build
from mkba.report import render_all
from mkba.testing.opportunity import small
from mkba.writers import render_files

STORY = {"initiatiefnemer": ["Ondernemersvereniging", "Stadsdeel West", None],
         "wens": ["Minder energie", "  Warmte uit de buurt  ", "Groen"], "bron": [2021, None, "werksessie"]}


def test_declared_fields_are_read_per_measure_empty_cells_left_out() -> None:
    parts = small(["initiatiefnemer", "wens", "bron"], **STORY)
    s = mkba.scenario(parts["spec"], measures=parts["measures"])
    assert s.fields == ("initiatiefnemer", "wens", "bron")
    by_id = {m.id: dict(m.fields) for m in s.measures}
    assert by_id["M1"] == {"initiatiefnemer": "Ondernemersvereniging", "wens": "Minder energie", "bron": "2021"}
    assert by_id["M2"] == {"initiatiefnemer": "Stadsdeel West", "wens": "Warmte uit de buurt"}
    assert by_id["M3"] == {"wens": "Groen", "bron": "werksessie"}


def test_an_undeclared_column_stays_an_error_with_the_declared_ones_offered() -> None:
    parts = small(["initiatiefnemer"], initiatiefnemer=["a", "b", "c"], uitdaging=["x", "y", "z"])
    scenario, issues = build(parts["spec"], measures=parts["measures"])
    assert scenario is None
    errors = [i for i in issues if i.severity == "error"]
    assert [(i.message, i.field, i.value) for i in errors] == [("unknown column", "measures.uitdaging", "uitdaging")]
    assert "initiatiefnemer" in (errors[0].expected or "")
    # without the declaration the story column itself is refused, as before
    _, issues = build(small(None, initiatiefnemer=["a", "b", "c"])["spec"],
                      measures=small(None, initiatiefnemer=["a", "b", "c"])["measures"])
    assert [i.field for i in issues if i.severity == "error"] == ["measures.initiatiefnemer"]


@pytest.mark.parametrize(("fields", "message", "value"), [
    ("", "a descriptive field must be a column name", ""),
    ([["a"]], "a descriptive field must be a column name", ["a"]),
    (["wens", "wens"], "a descriptive field listed twice", "wens"),
    (["theme"], "a descriptive field may not be a column the measures table already has", "theme"),
    (["co2"], "a descriptive field may not be a column the measures table already has", "co2"),
    ({"a": 1}, "fields must be a list of column names", {"a": 1}),
])
def test_wrong_declarations_are_located(fields: object, message: str, value: object) -> None:
    parts = small(fields, wens=["a", "b", "c"])
    _, issues = build(parts["spec"], measures=parts["measures"])
    assert any(i.message == message and i.field == "fields" and i.value == value for i in issues), issues


def test_a_file_scenario_reports_the_line_of_fields(tmp_path) -> None:
    parts = small(["wens", 3.5], wens=["a", "b", "c"])
    parts["measures"].to_csv(tmp_path / "measures.csv", index=False)
    import yaml
    (tmp_path / "scenario.yaml").write_text(yaml.safe_dump({**parts["spec"], "measures": "measures.csv"}, sort_keys=False))
    _, issues = mkba.io.scenario.check_scenario(tmp_path / "scenario.yaml")
    wrong = [i for i in issues if i.field == "fields"]
    assert len(wrong) == 1 and wrong[0].file.endswith("scenario.yaml") and wrong[0].row is not None and wrong[0].value == 3.5


def test_fields_reach_results_json_and_a_scenario_without_them_writes_no_key() -> None:
    parts = small(["initiatiefnemer", "wens", "bron"], **STORY)
    data = load(mkba.run(mkba.scenario(parts["spec"], measures=parts["measures"]),
                                      sensitivity=False).to_dict())
    block = data["scenario"]
    assert block["fields"] == ["initiatiefnemer", "wens", "bron"]
    assert [m.get("fields") for m in block["measures"]] == [
        {"initiatiefnemer": "Ondernemersvereniging", "wens": "Minder energie", "bron": "2021"},
        {"initiatiefnemer": "Stadsdeel West", "wens": "Warmte uit de buurt"}, {"wens": "Groen", "bron": "werksessie"}]
    plain = small()
    flat = mkba.run(mkba.scenario(plain["spec"], measures=plain["measures"]), sensitivity=False).to_dict()
    assert "fields" not in flat["scenario"] and all("fields" not in m for m in flat["scenario"]["measures"])


def _rendered(language: str) -> tuple[dict, dict]:
    """The results files and the three reports of the small scenario with fields and points on the map."""
    parts = small(["initiatiefnemer", "wens", "bron"], **STORY, lon=[4.85, 4.86, 4.87], lat=[52.37, 52.38, 52.375])
    parts["spec"]["language"] = language
    run = mkba.run(mkba.scenario(parts["spec"], measures=parts["measures"]), sensitivity=False)
    return render_files(run), render_all(run.to_dict())


@pytest.mark.parametrize(("language", "title"), [("nl", "Kansen: wie ze inbracht"), ("en", "Opportunities: who proposed")])
def test_fields_in_the_three_report_formats_and_the_map_pop_up(language: str, title: str) -> None:
    files, reports = _rendered(language)
    html, md = reports["html"].decode(), reports["md"].decode()
    for text in (html, md):
        assert title in text and "Ondernemersvereniging" in text and "werksessie" in text and "initiatiefnemer" in text
    # the map's pop-up (the measure's <title>) tells the story under the name
    assert "<title>M1 Isolatie\ninitiatiefnemer: Ondernemersvereniging\nwens: Minder energie\nbron: 2021</title>" in html
    book = openpyxl.load_workbook(io.BytesIO(reports["xlsx"]))
    cells = {str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None}
    assert {"Ondernemersvereniging", "Warmte uit de buurt", "werksessie", "initiatiefnemer"} <= cells
    # the map export carries the fields as attributes for a GIS pop-up
    props = {f["properties"]["id"]: f["properties"] for f in json.loads(files["map_points.geojson"])["features"]}
    assert props["M1"]["initiatiefnemer"] == "Ondernemersvereniging" and "initiatiefnemer" not in props["M3"]


def test_a_flat_scenario_has_no_opportunities_table() -> None:
    plain = small()
    reports = render_all(mkba.run(mkba.scenario(plain["spec"], measures=plain["measures"]), sensitivity=False).to_dict())
    assert b"Kansen: wie ze inbracht" not in reports["html"] and b"Kansen: wie ze inbracht" not in reports["md"]
