"""Places on the opportunity map: GeoJSON geometries checked, converted to RD New, and related.

A scenario may give coordinates in RD New (EPSG:28992, the Dutch national grid, metres) or in
WGS84 (EPSG:4326, longitude/latitude as GeoJSON writes them). Everything inside mkba is RD New:
lengths and areas are metres and the map is drawn without distortion. Exports for GIS are WGS84,
as RFC 7946 (GeoJSON) requires. Conversion by pyproj (PROJ), geometry checks by shapely (GEOS).

Pure functions; reading the files is :mod:`mkba.io.geojson`.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Iterator, Sequence

import numpy as np

from .model import Area, Geometry

if TYPE_CHECKING:
    from pyproj import Transformer

__all__ = ["RD_NEW", "WGS84", "CRS_NAMES", "normalise_crs", "parse_geometry", "anchor", "bounds",
           "area_of", "to_wgs84", "GEOMETRY_TYPES"]

RD_NEW = "EPSG:28992"
WGS84 = "EPSG:4326"
CRS_NAMES = {
    "epsg:28992": RD_NEW, "rd": RD_NEW, "rd new": RD_NEW, "rd_new": RD_NEW, "amersfoort / rd new": RD_NEW,
    "urn:ogc:def:crs:epsg::28992": RD_NEW,
    "epsg:4326": WGS84, "wgs84": WGS84, "wgs 84": WGS84, "crs84": WGS84, "ogc:crs84": WGS84,
    "urn:ogc:def:crs:ogc:1.3:crs84": WGS84, "urn:ogc:def:crs:epsg::4326": WGS84,
}
"""Accepted spellings of the two reference systems (case-insensitive)."""

GEOMETRY_TYPES = {"Point": 1, "MultiPoint": 2, "LineString": 2, "MultiLineString": 3, "Polygon": 3,
                  "MultiPolygon": 4}
"""GeoJSON geometry types and the nesting depth of their coordinates."""

_RD_BOX = (-7_000.0, 289_000.0, 300_000.0, 629_000.0)
"""The RD New grid's extent (x_min, y_min, x_max, y_max) over the Netherlands and its coast."""
_NL_LONLAT = (3.0, 50.5, 7.5, 53.8)


def normalise_crs(name: object) -> str | None:
    """``"EPSG:28992"`` or ``"EPSG:4326"`` for any accepted spelling, else None."""
    return CRS_NAMES.get(str(name).strip().lower()) if name is not None else None


@lru_cache(maxsize=4)
def _transformer(source: str, target: str) -> Transformer:
    from pyproj import Transformer

    return Transformer.from_crs(source, target, always_xy=True)


def _positions(coords: Any, depth: int) -> list[tuple[float, float]] | None:
    """All positions of a coordinates array of the given depth, or None when malformed."""
    if depth == 1:
        if (isinstance(coords, list) and len(coords) in (2, 3)
                and all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in coords)):
            return [(float(coords[0]), float(coords[1]))]
        return None
    if not isinstance(coords, list) or not coords:
        return None
    out: list[tuple[float, float]] = []
    for part in coords:
        sub = _positions(part, depth - 1)
        if sub is None:
            return None
        out += sub
    return out


def _geometry_positions(g: Geometry) -> list[tuple[float, float]]:
    """All positions of a checked geometry (as :func:`parse_geometry` builds them)."""
    points = _positions(g.to_geojson()["coordinates"], GEOMETRY_TYPES[g.type])
    if points is None:
        raise ValueError(f"malformed coordinates in a {g.type} geometry")
    return points


def _rebuild(coords: Any, depth: int, points: Iterator[tuple[float, float]]) -> tuple:
    if depth == 1:
        return next(points)
    return tuple(_rebuild(c, depth - 1, points) for c in coords)


def _plausible(points: np.ndarray, crs: str) -> str | None:
    """Why ``points`` cannot be in ``crs`` (naming the reference system they look like), or None."""
    x, y = points[:, 0], points[:, 1]
    lonlat = bool(np.all((np.abs(x) <= 180) & (np.abs(y) <= 90)))
    in_rd = bool(np.all((x >= _RD_BOX[0]) & (x <= _RD_BOX[2]) & (y >= _RD_BOX[1]) & (y <= _RD_BOX[3])))
    if crs == WGS84:
        swapped = bool(np.all((x >= _NL_LONLAT[1]) & (x <= _NL_LONLAT[3]) & (y >= _NL_LONLAT[0]) & (y <= _NL_LONLAT[2])))
        if in_rd and not lonlat:
            return ("coordinates such as ({:.0f}, {:.0f}) are not longitude/latitude in WGS84 (EPSG:4326); "
                    "they look like RD New (EPSG:28992)").format(*points[0])
        if swapped:
            return ("coordinates such as ({:g}, {:g}) look like latitude, longitude in the Netherlands; "
                    "GeoJSON and WGS84 (EPSG:4326) here are longitude first").format(*points[0])
        if not lonlat:
            return "coordinates such as ({:g}, {:g}) are not longitude/latitude in WGS84 (EPSG:4326)".format(*points[0])
        return None
    if lonlat:
        return ("coordinates such as ({:g}, {:g}) are not RD New (EPSG:28992) metres; they look like "
                "longitude/latitude in WGS84 (EPSG:4326)").format(*points[0])
    if not in_rd:
        return ("coordinates such as ({:.0f}, {:.0f}) lie outside the RD New (EPSG:28992) grid of the "
                "Netherlands (x {:.0f} to {:.0f}, y {:.0f} to {:.0f})").format(*points[0], _RD_BOX[0], _RD_BOX[2],
                                                                              _RD_BOX[1], _RD_BOX[3])
    return None


def parse_geometry(obj: object, crs: str, *, allowed: Sequence[str] = tuple(GEOMETRY_TYPES)
                   ) -> tuple[Geometry | None, str, str]:
    """A GeoJSON geometry in ``crs`` checked and converted to RD New.

    Returns ``(geometry, "", "")`` or ``(None, problem, what would be valid)``. Checked: the type,
    the nesting and finiteness of the coordinates, at least two positions per line and closed
    rings of at least four, coordinates plausible for ``crs`` (a wrong reference system is named),
    and validity in the OGC sense (shapely's reason, e.g. a self-intersecting ring).
    """
    if not isinstance(obj, dict) or "type" not in obj:
        return None, "not a GeoJSON geometry", "a mapping with 'type' and 'coordinates'"
    kind = obj.get("type")
    if not isinstance(kind, str) or kind not in allowed:
        return None, f"unsupported geometry type {kind!r}", f"one of {list(allowed)}"
    depth = GEOMETRY_TYPES[kind]
    coords = obj.get("coordinates")
    points = _positions(coords, depth)
    if points is None:
        return None, f"malformed coordinates for a {kind}", (
            f"{'a position' if depth == 1 else 'nested lists'} of [x, y] numbers ({depth} level(s) deep)")
    problem = _plausible(np.array(points), crs)
    if problem:
        return None, problem, "set map.crs (or the file's 'crs' member) to the system the coordinates are in"
    if crs != RD_NEW:
        xs, ys = _transformer(crs, RD_NEW).transform([p[0] for p in points], [p[1] for p in points])
        points = list(zip(map(float, xs), map(float, ys)))
    rounded = iter((round(x, 3) + 0.0, round(y, 3) + 0.0) for x, y in points)  # millimetres: stable bytes
    geometry = Geometry(kind, _rebuild(coords, depth, rounded))
    reason = _invalid(geometry)
    if reason:
        return None, f"invalid {kind}: {reason}", "a valid geometry (closed rings that do not cross themselves)"
    return geometry, "", ""


def _shape(g: Geometry) -> Any:  # a shapely geometry (shapely has no type stubs here)
    from shapely.geometry import shape

    return shape(g.to_geojson())


def _invalid(g: Geometry) -> str:
    import shapely

    lines = [g.coordinates] if g.type == "LineString" else list(g.coordinates) if g.type == "MultiLineString" else []
    if any(len(line) < 2 for line in lines):
        return "a line needs at least two positions"
    rings = list(g.coordinates) if g.type == "Polygon" else \
        [r for p in g.coordinates for r in p] if g.type == "MultiPolygon" else []
    for ring in rings:
        if len(ring) < 4 or ring[0] != ring[-1]:
            return "every ring needs at least four positions and must end where it starts"
    geom = _shape(g)
    if geom.is_empty:
        return "empty geometry"
    return "" if shapely.is_valid(geom) else str(shapely.is_valid_reason(geom))


def anchor(geometries: Sequence[Geometry]) -> tuple[float, float]:
    """Where a measure's symbol and label go: the point, the middle of the line, or a point
    guaranteed inside the polygon (shapely's representative point), of its first geometry."""
    g = geometries[0]
    geom = _shape(g)
    if g.type in ("LineString", "MultiLineString"):
        p = geom.interpolate(0.5, normalized=True) if g.type == "LineString" else \
            max(geom.geoms, key=lambda part: part.length).interpolate(0.5, normalized=True)
    else:
        p = geom.representative_point()
    return round(p.x, 3) + 0.0, round(p.y, 3) + 0.0


def bounds(geometries: Sequence[Geometry]) -> tuple[float, float, float, float]:
    """(x_min, y_min, x_max, y_max) over all geometries."""
    pts = np.array([p for g in geometries for p in _geometry_positions(g)])
    return float(pts[:, 0].min()), float(pts[:, 1].min()), float(pts[:, 0].max()), float(pts[:, 1].max())


def area_of(geometries: Sequence[Geometry], areas: Sequence[Area]) -> str | None:
    """The sub-area a measure belongs to: the one containing its anchor, else the one it overlaps
    most (by area, length or count of points); None when it lies outside every area."""
    from shapely.geometry import Point

    if not areas:
        return None
    shapes = [(a.id, _shape(a.geometry)) for a in areas]
    point = Point(anchor(geometries))
    inside = [aid for aid, s in shapes if s.covers(point)]
    if inside:
        return inside[0]
    best, best_size = None, 0.0
    for aid, s in shapes:
        size = 0.0
        for g in geometries:
            part = s.intersection(_shape(g))
            size += part.area or part.length or (0.0 if part.is_empty else 1e-9)
        if size > best_size:
            best, best_size = aid, size
    return best


def to_wgs84(g: Geometry, decimals: int = 7) -> dict:
    """The geometry as RFC 7946 GeoJSON: longitude/latitude in WGS84, 7 decimals (about 1 cm)."""
    depth = GEOMETRY_TYPES[g.type]
    points = _geometry_positions(g)
    lon, lat = _transformer(RD_NEW, WGS84).transform([p[0] for p in points], [p[1] for p in points])
    it = iter((round(float(a), decimals) + 0.0, round(float(b), decimals) + 0.0) for a, b in zip(lon, lat))
    return Geometry(g.type, _rebuild(g.to_geojson()["coordinates"], depth, it)).to_geojson()
