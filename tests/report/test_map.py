"""The map, roadmap and monitoring in the reports (HTML, Markdown, Excel) and the GIS export."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import openpyxl
import pytest

from mkba.stages import places
from mkba.writers import render_files, to_json
from mkba.pipeline import run as run_scenario
from mkba.report import render
from mkba.report.mapfig import LINE_WIDTH, MAP_WIDTH, _parts

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def kraaihoek():
    return run_scenario(ROOT / "scenarios" / "kraaihoek" / "scenario.yaml", sensitivity=False)


@pytest.fixture(scope="module")
def results(kraaihoek) -> dict:
    return json.loads(to_json(kraaihoek.to_dict()))


def test_html_map_draws_every_located_measure_and_lists_the_rest(results):
    html = render(results, "html").decode()
    for name in ("map_portfolio", "map_priority"):
        svg = re.search(r'<svg[^>]*id="fig-%s".*?</svg>' % name, html, re.S).group(0)
        drawn = re.findall(r'<g class="measure" id="fig-%s-([^"]+)" data-measure="\1">' % name, svg)
        assert sorted(drawn) == sorted(results["map"]["measures"])
        labels = re.findall(r'class="map-label" data-measure="([^"]+)"', svg)
        assert sorted(set(labels)) == sorted(drawn)
        for mid in drawn:  # every part of a measure of several parts (points, lines, areas) carries its code
            assert labels.count(mid) == len(_parts(results["map"]["measures"][mid]["geometry"])), mid
        assert "M13, M14, M20" in svg and "Illustratief" in svg
    assert 'id="fig-map_core"' not in html  # no sensitivity run: no core index, no core map
    for name in ("roadmap", "spend", "monitoring"):
        assert f'id="fig-{name}"' in html


def test_map_takes_the_full_width_separates_variants_and_shows_every_swatch(results):
    svg = re.search(r'<svg[^>]*id="fig-map_portfolio".*?</svg>', render(results, "html").decode(), re.S).group(0)
    assert float(re.search(r'width="([\d.]+)"', svg).group(1)) == MAP_WIDTH
    # two variants drawn along the same street (M05b given M05a's line) lie side by side, one dashed
    same = json.loads(json.dumps(results))
    same["map"]["measures"]["M05b"]["geometry"] = same["map"]["measures"]["M05a"]["geometry"]
    shared = re.search(r'<svg[^>]*id="fig-map_portfolio".*?</svg>', render(same, "html").decode(), re.S).group(0)
    paths = {m: re.search(r'data-measure="%s"><title>[^<]*</title><path d="([^"]+)"([^>]*)/>' % m, shared)
             for m in ("M05a", "M05b")}
    a, b = ([tuple(map(float, p.split(","))) for p in re.findall(r"[\d.]+,[\d.]+", paths[m].group(1))]
            for m in ("M05a", "M05b"))
    assert len(a) == len(b) and a[0][1] != b[0][1]
    assert abs(a[0][1] - b[0][1]) == pytest.approx(LINE_WIDTH, abs=0.11)  # the first leg runs east-west
    assert ("stroke-dasharray" in paths["M05a"].group(2)) != ("stroke-dasharray" in paths["M05b"].group(2))
    # every layer's swatch differs from the ground it stands on: the white streets have a grey edge
    swatches = re.findall(r'<(?:rect|path) class="swatch"[^>]*>', svg)
    assert len(swatches) == len(results["map"]["layers"])
    for swatch in swatches:
        colours = set(re.findall(r'(?:fill|stroke)="(#[0-9A-Fa-f]{6})"', swatch))
        assert colours - {"#EFEDE8"}, swatch
    street = next(s for s in swatches if 'stroke="#FFFFFF"' in s)
    before = svg[:svg.index(street)]
    assert before.rstrip().endswith("/>") and 'stroke="#C9C3B8"' in before[before.rindex("<path"):]


def test_portfolio_map_colours_chosen_measures(results):
    html = render(results, "html").decode()
    svg = re.search(r'<svg[^>]*id="fig-map_portfolio".*?</svg>', html, re.S).group(0)
    chosen = set(results["portfolio"]["selected"])
    for mid in results["map"]["measures"]:
        group = re.search(r'data-measure="%s"><title>[^<]*</title>(.*?)</g>' % re.escape(mid), svg, re.S).group(1)
        assert ("#0072B2" in group) == (mid in chosen), mid


def test_markdown_and_excel_carry_the_roadmap_map_and_monitoring(results):
    md = render(results, "md", lang="en").decode()
    for heading in ("## Implementation roadmap", "## Opportunity map", "## Monitoring: planned and realised"):
        assert heading in md
    roadmap = md.split("## Implementation roadmap")[1].split("\n## ")[0]
    for mid in results["portfolio"]["selected"]:
        assert f"| {mid} |" in roadmap
    assert "| Year | " in roadmap and "Yearly budget (EUR" in roadmap
    book = openpyxl.load_workbook(io.BytesIO(render(results, "xlsx", lang="en")))
    titles = {ws.title: ws for ws in book.worksheets}
    text = {name: " ".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)
            for name, ws in titles.items()}
    roadmap = next(ws for ws in book.worksheets if any(c.value == "In use from" for c in ws[1]))
    years = [c.column for c in roadmap[1] if str(c.value).split(" ")[0].isdigit()]
    shaded = {(c.row, c.column) for row in roadmap.iter_rows(min_row=2, max_row=roadmap.max_row - 1) for c in row
              if c.fill.fgColor.rgb.endswith("BFD9EC")}
    filled = {(c.row, c.column) for row in roadmap.iter_rows(min_row=2, max_row=roadmap.max_row - 1) for c in row
              if c.column in years and c.value is not None}
    assert shaded == filled and filled  # the years each measure is carried out read as a Gantt chart
    assert any("Sub-area" in t and "Vogelbuurt" in t for t in text.values())
    assert any("Realised" in t and "CO2-reductie" in t for t in text.values())


def test_area_sums_add_up(results):
    rows = places.area_aggregates(results)
    attrs = places.measure_attributes(results)
    located = [a for a in attrs.values() if a["on_map"]]
    assert sum(r["n_measures"] for r in rows) == len(located) == 24
    chosen = [a for a in located if a["chosen"]]
    assert sum(r["n_chosen"] for r in rows) == len(chosen)
    assert sum(r["investment"] for r in rows) == pytest.approx(sum(a["investment"] for a in chosen))
    assert [r["id"] for r in rows] == ["vogelbuurt", "midden", "parkzijde"]  # every measure lies in an area


def test_geojson_export_is_wgs84_one_type_per_layer_with_typed_columns(kraaihoek, results):
    """Each file is one GIS layer: one Multi* geometry type, no GeometryCollection, flat columns of
    one JSON type each (never a column empty everywhere), names a shapefile can hold."""
    files = render_files(kraaihoek)
    layers = {name: json.loads(files[name]) for name in files if name.startswith("map_")}
    assert set(layers) == {"map_points.geojson", "map_lines.geojson", "map_polygons.geojson"}
    ids = []
    for name, fc in layers.items():
        assert fc["type"] == "FeatureCollection" and fc["features"]
        assert {f["geometry"]["type"] for f in fc["features"]} == {places.LAYER_FILES[name.removesuffix(".geojson")]}
        keys = [tuple(f["properties"]) for f in fc["features"]]
        assert len(set(keys)) == 1 and all(len(k) <= 10 for k in keys[0])
        for k in keys[0]:
            kinds = {type(f["properties"][k]).__name__ for f in fc["features"]} - {"NoneType"}
            assert len(kinds) == 1 or kinds == {"int", "float"}, (name, k, kinds)
        for f in fc["features"]:
            assert f["properties"]["invented"] is True  # the scenario marks its shapes illustrative
            for lon, lat in re.findall(r"\[(-?\d+\.\d+), (-?\d+\.\d+)\]", json.dumps(f["geometry"])):
                assert 3 < float(lon) < 8 and 50 < float(lat) < 54
        ids += [f["properties"]["id"] for f in fc["features"]]
    assert sorted(set(ids)) == sorted(results["map"]["measures"])
    m04 = next(f for f in layers["map_points.geojson"]["features"] if f["properties"]["id"] == "M04")
    assert m04["geometry"]["type"] == "MultiPoint" and m04["properties"]["chosen"] is True
    assert "core_index" not in m04["properties"]  # no sensitivity run: the column is left out, not null
    areas = json.loads(files["areas.geojson"])
    assert [f["properties"]["name"] for f in areas["features"]] == ["Vogelbuurt", "Kraaihoek-Midden", "Parkzijde"]
    assert {f["geometry"]["type"] for f in areas["features"]} == {"MultiPolygon"}
    assert {"roadmap.csv", "monitoring.csv"} <= set(files)
    assert render_files(kraaihoek) == files  # deterministic


def test_a_measure_of_several_parts_is_one_multi_feature_per_kind():
    results = {"scenario": {"measures": [{"id": "a", "name": "A", "theme": "t", "investment": {"2026": 1.0},
                                          "start_year": 2026}]},
               "scores": {"rankings": {"group": [{"measure": "a", "rank": 1}]}}, "appraisal": {"measures": {}},
               "map": {"illustrative": False, "areas": [], "measures": {"a": {"geometry": [
                   {"type": "Polygon", "coordinates": [[[155000, 463000], [155100, 463000], [155100, 463100],
                                                        [155000, 463000]]]},
                   {"type": "Polygon", "coordinates": [[[156000, 463000], [156100, 463000], [156100, 463100],
                                                        [156000, 463000]]]},
                   {"type": "Point", "coordinates": [155500, 463500]}]}}}}
    files = places.feature_collections(results)
    assert set(files) == {"map_points.geojson", "map_polygons.geojson"}
    poly = json.loads(files["map_polygons.geojson"])["features"]
    assert len(poly) == 1 and poly[0]["geometry"]["type"] == "MultiPolygon" and len(poly[0]["geometry"]["coordinates"]) == 2
    point = json.loads(files["map_points.geojson"])["features"][0]
    assert point["geometry"]["type"] == "MultiPoint" and point["properties"]["invented"] is False
    assert "chosen" not in point["properties"]  # no portfolio: no column


def test_landlust_map_from_wgs84_files_shows_both_parks():
    result = run_scenario(ROOT / "scenarios" / "landlust-westerkwartier" / "scenario.yaml", sensitivity=False)
    data = json.loads(to_json(result.to_dict()))
    assert data["map"]["source_crs"] == "EPSG:4326"
    html = render(data, "html").decode()
    svg = re.search(r'<svg[^>]*id="fig-map_portfolio".*?</svg>', html, re.S).group(0)
    assert sorted(re.findall(r'<g class="measure" id="fig-map_portfolio-([^"]+)"', svg)) == sorted(data["map"]["measures"])
    assert "K01, K10" in svg  # the park management and the safety label have no place
    areas = {r["id"]: r for r in places.area_aggregates(data)}
    assert set(areas) == {"landlust", "westerkwartier"}
    assert places.measure_attributes(data)["K08"]["area"] == "westerkwartier"
    assert places.measure_attributes(data)["K05a"]["area"] == "landlust"
