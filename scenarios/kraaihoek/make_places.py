"""Writes the illustrative places of Kraaihoek: places.geojson (the measures), areas.geojson (three
buurten) and the base layers. Kraaihoek is fictional, so every shape is invented (the scenario marks
the map illustrative). Coordinates in RD New metres around an arbitrary origin.

Run ``python make_places.py`` in this folder; the output is deterministic.
"""

import json
from pathlib import Path

X0, Y0 = 161_000, 441_000  # arbitrary origin of the invented neighbourhood


def pt(x, y):
    return [X0 + x, Y0 + y]


def box(x0, y0, x1, y1):
    return {"type": "Polygon", "coordinates": [[pt(x0, y0), pt(x1, y0), pt(x1, y1), pt(x0, y1), pt(x0, y0)]]}


def line(*xy):
    return {"type": "LineString", "coordinates": [pt(x, y) for x, y in xy]}


def points(*xy):
    return {"type": "MultiPoint", "coordinates": [pt(x, y) for x, y in xy]}


MEASURES = {
    "M01": box(100, 480, 400, 650), "M02": box(520, 480, 850, 640), "M03": box(80, 40, 380, 180),
    "M04": {"type": "Point", "coordinates": pt(470, 320)},
    "M05a": line((60, 560), (420, 560), (450, 430)),
    "M05b": line((60, 575), (465, 575), (465, 300), (820, 300)),
    "M06": box(520, 230, 850, 400), "M07": points((150, 620), (300, 520), (600, 600), (760, 520)),
    "M08": {"type": "Point", "coordinates": pt(700, 360)}, "M09": box(120, 250, 260, 380),
    "M10": box(280, 250, 420, 400), "M11": points((140, 500), (240, 500), (340, 500)),
    "M12": {"type": "Point", "coordinates": pt(500, 440)}, "M15a": box(40, 400, 140, 460),
    "M15b": box(25, 390, 175, 470), "M16": box(180, 400, 240, 460),
    "M17": line((90, 380), (90, 200), (450, 200)), "M18": box(550, 60, 800, 190),
    "M19": {"type": "MultiLineString", "coordinates": [[pt(0, 420), pt(450, 420)], [pt(460, 200), pt(900, 200)]]},
    "M21": box(760, 420, 860, 460), "M22": {"type": "Point", "coordinates": pt(420, 330)},
    "M23": points((520, 240), (600, 200)), "M24": {"type": "Point", "coordinates": pt(885, 430)},
    "M25": {"type": "MultiPolygon", "coordinates": [box(600, 200, 640, 225)["coordinates"],
                                                    box(290, 600, 330, 640)["coordinates"]]},
}
AREAS = [("vogelbuurt", "Vogelbuurt", box(0, 420, 900, 700)), ("midden", "Kraaihoek-Midden", box(0, 200, 900, 420)),
         ("parkzijde", "Parkzijde", box(0, 0, 900, 200))]
LAYERS = {
    "outline.geojson": [box(0, 0, 900, 700)],
    "streets.geojson": [line((450, 0), (450, 700)), line((0, 200), (900, 200)), line((0, 420), (900, 420)),
                        line((0, 0), (900, 0))],
    "water.geojson": [box(-40, -45, 940, -15)],
    "green.geojson": [box(540, 50, 810, 195), box(20, 620, 90, 690)],
}


def collection(features):
    return {"type": "FeatureCollection", "name": "kraaihoek (illustrative)",
            "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}}, "features": features}


def write(name, data):
    Path(name).write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write("places.geojson", collection([{"type": "Feature", "properties": {"id": k}, "geometry": g}
                                        for k, g in MEASURES.items()]))
    write("areas.geojson", collection([{"type": "Feature", "properties": {"id": i, "name": n}, "geometry": g}
                                       for i, n, g in AREAS]))
    for name, shapes in LAYERS.items():
        write(name, collection([{"type": "Feature", "properties": {}, "geometry": g} for g in shapes]))
