"""Writes the illustrative places of the Landlust and Westerkwartier business parks: places.geojson
(the opportunities), areas.geojson (the two parks) and the base layers. The parks are fictional, so
every shape is invented (the scenario marks the map illustrative). Shapes are drawn in RD New metres
around an arbitrary origin and written in WGS84 longitude/latitude, as GeoJSON's standard has it, to
show that mkba converts them.

Run ``python make_places.py`` in this folder (needs pyproj); the output is deterministic.
"""

import json
from pathlib import Path

from pyproj import Transformer

X0, Y0 = 233_000, 581_000  # arbitrary origin of the invented parks
TO_WGS84 = Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)


def pt(x, y):
    lon, lat = TO_WGS84.transform(X0 + x, Y0 + y)
    return [round(lon, 7), round(lat, 7)]


def box(x0, y0, x1, y1):
    return {"type": "Polygon", "coordinates": [[pt(x0, y0), pt(x1, y0), pt(x1, y1), pt(x0, y1), pt(x0, y0)]]}


def line(*xy):
    return {"type": "LineString", "coordinates": [pt(x, y) for x, y in xy]}


def point(x, y):
    return {"type": "Point", "coordinates": pt(x, y)}


def multi(*boxes):
    return {"type": "MultiPolygon", "coordinates": [b["coordinates"] for b in boxes]}


MEASURES = {
    "K02": multi(box(150, 520, 300, 640), box(700, 150, 880, 260), box(1750, 600, 1950, 720), box(2250, 250, 2420, 380)),
    "K04": multi(box(380, 120, 560, 260), box(1600, 200, 1760, 330), box(2050, 650, 2200, 780)),
    "K05a": box(420, 420, 640, 600), "K05b": box(60, 80, 330, 330),
    "K03": point(1700, 300), "K06": box(2000, 150, 2300, 420), "K07": line((1600, 500), (1420, 500), (1200, 470)),
    "K08": point(2480, 560), "K09": line((100, 400), (600, 400), (1150, 380)),
    "K11": box(1800, 420, 1920, 520), "K12": point(900, 650), "K13": line((1650, 650), (1850, 560), (2150, 600)),
    "K14": {"type": "MultiPoint", "coordinates": [pt(80, 420), pt(1150, 400), pt(1560, 520), pt(2560, 480)]},
    "K15": multi(box(40, 680, 380, 760), box(2420, 150, 2580, 260)), "K16": box(900, 80, 1120, 220),
}
AREAS = [("landlust", "Landlust", box(0, 0, 1200, 800)), ("westerkwartier", "Westerkwartier", box(1500, 100, 2600, 900))]
LAYERS = {
    "outline.geojson": [box(0, 0, 1200, 800), box(1500, 100, 2600, 900)],
    "streets.geojson": [line((1330, -100), (1330, 1000)), line((0, 400), (1200, 380)), line((1500, 500), (2600, 500)),
                        line((600, 0), (600, 800)), line((2050, 100), (2050, 900))],
    "water.geojson": [box(-60, -80, 2700, -40)],
    "plots.geojson": [box(20, 20, 580, 380), box(620, 20, 1180, 360), box(20, 420, 580, 780), box(620, 410, 1180, 780),
                      box(1520, 120, 2030, 480), box(2070, 120, 2580, 480), box(1520, 520, 2030, 880),
                      box(2070, 520, 2580, 880)],
}


def collection(features):
    return {"type": "FeatureCollection", "name": "landlust-westerkwartier (illustrative)", "features": features}


def write(name, data):
    Path(name).write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write("places.geojson", collection([{"type": "Feature", "properties": {"id": k}, "geometry": g}
                                        for k, g in MEASURES.items()]))
    write("areas.geojson", collection([{"type": "Feature", "properties": {"id": i, "name": n}, "geometry": g}
                                       for i, n, g in AREAS]))
    for name, shapes in LAYERS.items():
        write(name, collection([{"type": "Feature", "properties": {}, "geometry": g} for g in shapes]))
