"""Places: reference systems, geometry checks, label placement and sub-areas (mkba.geo, mkba.report.mapfig)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, strategies as st

from mkba import geo
from mkba.model import Area
from mkba.report.mapfig import label_size, place_labels


def _pt(x, y, crs=geo.RD_NEW):
    g, problem, _ = geo.parse_geometry({"type": "Point", "coordinates": [x, y]}, crs)
    assert g is not None, problem
    return g


def test_amersfoort_reference_point():
    # The RD New origin-based reference point "Amersfoort, Onze Lieve Vrouwetoren": RD (155000, 463000)
    # is 52.15517440 N, 5.38720621 E in ETRS89/WGS84 (Kadaster, RDNAPTRANS(TM)2018 reference point).
    # Without the RDNAPTRANS grid PROJ's datum shift is accurate to about a metre; we require < 1 m.
    g = _pt(5.38720621, 52.15517440, geo.WGS84)
    x, y = g.coordinates
    assert math.hypot(x - 155000, y - 463000) < 1.0
    lon, lat = geo.to_wgs84(_pt(155000, 463000))["coordinates"]
    assert abs(lon - 5.38720621) < 2e-5 and abs(lat - 52.15517440) < 1e-5


@given(st.floats(20_000, 270_000), st.floats(310_000, 610_000))
def test_round_trip_rd_wgs84_within_a_centimetre(x, y):
    back = _pt(*geo.to_wgs84(_pt(x, y))["coordinates"], geo.WGS84).coordinates
    assert math.hypot(back[0] - x, back[1] - y) < 0.02


@pytest.mark.parametrize("geometry, crs, words", [
    ({"type": "Point", "coordinates": [155000, 463000]}, geo.WGS84, ["WGS84 (EPSG:4326)", "look like RD New (EPSG:28992)"]),
    ({"type": "Point", "coordinates": [5.39, 52.16]}, geo.RD_NEW, ["not RD New", "WGS84 (EPSG:4326)"]),
    ({"type": "Point", "coordinates": [52.16, 5.39]}, geo.WGS84, ["latitude, longitude", "longitude first"]),
    ({"type": "Point", "coordinates": [900000, 463000]}, geo.RD_NEW, ["outside the RD New"]),
    ({"type": "Polygon", "coordinates": [[[150000, 460000], [150100, 460100], [150100, 460000], [150000, 460100],
                                          [150000, 460000]]]}, geo.RD_NEW, ["invalid Polygon", "Self-intersection"]),
    ({"type": "Polygon", "coordinates": [[[150000, 460000], [150100, 460000], [150100, 460100]]]}, geo.RD_NEW,
     ["at least four positions"]),
    ({"type": "LineString", "coordinates": [[150000, 460000]]}, geo.RD_NEW, ["at least two positions"]),
    ({"type": "Polygon", "coordinates": [150000, 460000]}, geo.RD_NEW, ["malformed coordinates"]),
    ({"type": "Point", "coordinates": [150000, float("nan")]}, geo.RD_NEW, ["malformed coordinates"]),
    ({"type": "Circle", "coordinates": [150000, 460000]}, geo.RD_NEW, ["unsupported geometry type 'Circle'"]),
    ([1, 2], geo.RD_NEW, ["not a GeoJSON geometry"]),
])
def test_bad_geometry_is_named(geometry, crs, words):
    g, problem, expected = geo.parse_geometry(geometry, crs)
    assert g is None and expected
    for w in words:
        assert w in problem


def test_anchor_and_area():
    square = geo.parse_geometry({"type": "Polygon", "coordinates": [[[150000, 460000], [150100, 460000],
                                [150100, 460100], [150000, 460100], [150000, 460000]]]}, geo.RD_NEW)[0]
    east = geo.parse_geometry({"type": "Polygon", "coordinates": [[[150100, 460000], [150300, 460000],
                              [150300, 460100], [150100, 460100], [150100, 460000]]]}, geo.RD_NEW)[0]
    areas = [Area("w", "West", square), Area("e", "East", east)]
    assert geo.area_of([_pt(150050, 460050)], areas) == "w"
    assert geo.area_of([_pt(150200, 460050)], areas) == "e"
    assert geo.area_of([_pt(150500, 460050)], areas) is None
    # a line mostly in the east: its middle is there
    line = geo.parse_geometry({"type": "LineString", "coordinates": [[150090, 460050], [150290, 460050]]}, geo.RD_NEW)[0]
    assert geo.anchor([line]) == (150190.0, 460050.0) and geo.area_of([line], areas) == "e"
    x, y = geo.anchor([square])
    assert 150000 < x < 150100 and 460000 < y < 460100


@given(st.lists(st.tuples(st.floats(0, 400), st.floats(0, 300)), min_size=1, max_size=40),
       st.lists(st.text("ABCKM0123456789", min_size=1, max_size=5), min_size=40, max_size=40))
def test_labels_never_overlap_or_leave_the_frame(anchors, texts):
    frame = (0.0, 0.0, 400.0, 300.0)
    obstacles = [(x - 7, y - 7, x + 7, y + 7) for x, y in anchors[::3]]
    sizes = [label_size(t) for t in texts[:len(anchors)]]
    boxes = place_labels(anchors, sizes, frame, obstacles)
    placed = [b for b in boxes if b is not None]
    for k, a in enumerate(placed):
        assert frame[0] <= a[0] and frame[1] <= a[1] and a[2] <= frame[2] and a[3] <= frame[3]
        for b in placed[k + 1:] + obstacles:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])
    for box, (w, h) in zip(boxes, sizes):
        assert box is None or np.allclose((box[2] - box[0], box[3] - box[1]), (w, h))
    # with room to spare every label is placed, next to its anchor when that spot is free
    if len(anchors) == 1:
        assert boxes[0] is not None
