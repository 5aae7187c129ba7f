"""The map and monitoring sections of a scenario: read, converted and, when wrong, located errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from mkba.errors import ScenarioError
from mkba.io.scenario import check_scenario, read_scenario

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def kraaihoek(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "scenarios" / "kraaihoek", tmp_path / "k")
    return tmp_path / "k" / "scenario.yaml"


def _errors(path: Path) -> list[str]:
    scenario, issues = check_scenario(path)
    assert scenario is None
    return [str(i) for i in issues if i.severity == "error"]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_bundled_maps_are_read_and_converted():
    k = read_scenario(ROOT / "scenarios" / "kraaihoek" / "scenario.yaml")
    assert k.map.illustrative and len(k.map.locations) == 24 and [a.id for a in k.map.areas] == [
        "vogelbuurt", "midden", "parkzijde"]
    assert [layer.kind for layer in k.map.layers] == ["water", "green", "street", "outline"]
    assert k.map.locations["M04"][0].coordinates == (161470.0, 441320.0)  # RD New as written (make_places.py)
    assert {m.id for m in k.measures} - set(k.map.locations) == {"M13", "M14", "M20"}
    ll = read_scenario(ROOT / "scenarios" / "landlust-westerkwartier" / "scenario.yaml")
    assert ll.map.crs == "EPSG:4326"
    x, y = ll.map.locations["K08"][0].coordinates  # written as lon/lat from RD (235480, 581560)
    assert abs(x - 235480) < 0.05 and abs(y - 581560) < 0.05
    assert [c for c in k.monitoring] and k.monitoring[0].criterion == "co2" and k.monitoring[1].planned[2030] == 600


def test_unknown_measure_in_geojson_is_located_with_its_line(kraaihoek):
    places = kraaihoek.parent / "places.geojson"
    _edit(places, '"id": "M09"', '"id": "M99"')
    errors = _errors(kraaihoek)
    line = next(k + 1 for k, text in enumerate(places.read_text().splitlines()) if '"M99"' in text)
    hit = [e for e in errors if "M99" in e]
    assert len(hit) == 1 and "places.geojson" in hit[0] and "unknown measure id" in hit[0]
    feature_line = int(hit[0].split("line ")[1].split(",")[0])
    assert feature_line <= line and line - feature_line < 8  # the line where the feature starts


def test_wrong_reference_system_is_named(kraaihoek):
    places = kraaihoek.parent / "places.geojson"
    doc = json.loads(places.read_text())
    del doc["crs"]  # RD New coordinates, but GeoJSON without a crs member means WGS84
    places.write_text(json.dumps(doc, indent=1))
    errors = _errors(kraaihoek)
    assert len(errors) == 24 and all("look like RD New (EPSG:28992)" in e for e in errors)
    _edit(kraaihoek, "  locations: places.geojson", "  crs: EPSG:28992\n  locations: places.geojson")
    scenario, _ = check_scenario(kraaihoek)
    assert scenario is not None and len(scenario.map.locations) == 24


def test_invalid_geometry_and_unsupported_crs(kraaihoek):
    areas = kraaihoek.parent / "areas.geojson"
    doc = json.loads(areas.read_text())
    ring = doc["features"][0]["geometry"]["coordinates"][0]
    ring[1], ring[2] = ring[2], ring[1]  # a bow tie
    doc["features"][1]["geometry"] = {"type": "Point", "coordinates": ring[0]}
    areas.write_text(json.dumps(doc, indent=1))
    errors = _errors(kraaihoek)
    assert any("areas.geojson" in e and "Self-intersection" in e and "features[0].geometry" in e for e in errors)
    assert any("areas.geojson" in e and "unsupported geometry type 'Point'" in e for e in errors)
    green = kraaihoek.parent / "green.geojson"
    _edit(green, "urn:ogc:def:crs:EPSG::28992", "EPSG:3035")
    assert any("green.geojson" in e and "unsupported reference system" in e and "EPSG:3035" in e
               for e in _errors(kraaihoek))


def test_map_files_stay_in_the_folder_and_must_exist(kraaihoek):
    _edit(kraaihoek, "locations: places.geojson", "locations: ../places.geojson")
    _edit(kraaihoek, "{file: water.geojson", "{file: missing.geojson")
    errors = _errors(kraaihoek)
    assert any("map.locations" in e and "inside the scenario's folder" in e for e in errors)
    assert any("map.layers[0].file" in e and "file not found" in e for e in errors)


def test_coordinates_in_the_measures_table(kraaihoek):
    table = kraaihoek.parent / "measures.csv"
    lines = table.read_text(encoding="utf-8").splitlines()
    lines[0] += ",x,y"
    lines[1] += ",155000,463000"  # M01 in RD New
    lines[2] += ",155100,"  # M02: half a location
    lines[3] += ",5.39,52.16"  # M03: WGS84 in the RD columns
    table.write_text("\n".join(lines[:3] + [lines[3]] + [line + ",," for line in lines[4:]]) + "\n", encoding="utf-8")
    errors = _errors(kraaihoek)
    assert any("row 3" in e and "'y'" in e and "empty cell" in e for e in errors)
    assert any("row 4" in e and "WGS84 (EPSG:4326)" in e for e in errors)
    assert any("M01" in e and "both in the measures table and in this file" in e for e in errors)


def test_monitoring_errors(kraaihoek):
    _edit(kraaihoek, "    criterion: co2                   #", "    criterion: co3                   #")
    _edit(kraaihoek, "    unit: woningen\n", "    unit: woningen\n    criterion: energie\n")
    _edit(kraaihoek, "realised: {2026: 32}", "realised: {2026: abc}")
    errors = _errors(kraaihoek)
    assert any("monitoring.criterion" in e and "unknown criterion" in e and "'co2'" in e for e in errors)
    assert any("give either 'criterion' or 'planned'" in e for e in errors)
    assert any("monitoring.realised.2026" in e and "not a number" in e for e in errors)


def test_plan_from_a_criterion_needs_a_budget(tmp_path):
    shutil.copytree(ROOT / "scenarios" / "kraaihoek", tmp_path / "k")
    path = tmp_path / "k" / "scenario.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("\nbudget:")
    end = text.index("\n", text.index("\nrules:") + 1)
    rules_end = text.index("\n\n", end)
    path.write_text(text[:start] + text[rules_end:], encoding="utf-8")
    errors = _errors(path)
    assert any("needs the portfolio" in e and "monitoring.criterion" in e for e in errors), errors
