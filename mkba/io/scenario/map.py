"""The ``map`` section (the opportunity map, *kansenkaart*): where the measures are (GeoJSON or the
table's coordinate columns), sub-areas and base layers, every shape converted to RD New and checked."""

from __future__ import annotations

from ... import geo
from ...model import Area, FrozenMap, Geometry, Layer, MapSettings, Measure
from .. import schema
from ..geojson import read_features
from ..readers import LineDict, LineList
from .issues import Location
from .reader import ID, Reader

__all__ = ["read_map"]


def _geometries(r: Reader, rel: object, field: str, line: int | None, crs: str, *,
                allowed: tuple[str, ...] = tuple(geo.GEOMETRY_TYPES)
                ) -> list[tuple[dict, Geometry, int | None, str, int]] | None:
    """(properties, RD New geometry, line, file, index) of every valid feature of a GeoJSON file;
    invalid features are reported with their line; None when the file cannot be read."""
    found = r.side_file(rel, field, line, "a .geojson file next to the scenario", "places.geojson")
    if found is None:
        return None
    target, display = found
    features, declared, issues = read_features(target, display)
    r.issues += issues
    if declared is not None:
        crs_of_file = geo.normalise_crs(declared)
        if crs_of_file is None:
            r.error("unsupported reference system", file=display, field="crs", value=declared,
                    expected="EPSG:28992 (RD New) or EPSG:4326 (WGS84); reproject the file in QGIS")
            return None
        crs = crs_of_file
    out = []
    for f in features:
        geometry, problem, expected = geo.parse_geometry(f.geometry, crs, allowed=allowed)
        if geometry is None:
            r.error(problem, file=display, row=f.line, field=f"features[{f.index}].geometry",
                    value=f.properties.get("id"), expected=expected)
            continue
        out.append((f.properties, geometry, f.line, display, f.index))
    return out


def read_map(r: Reader, doc: LineDict, measures: list[Measure]) -> MapSettings | None:
    """The map: the locations from the table's coordinate columns and ``map.locations``, the areas
    and layers; None without locations (an error when a ``map`` section gives none)."""
    raw = doc.get("map")
    ids = [m.id for m in measures]
    read_ids = r.measure_ids  # every id in the table, rows with errors included (None: unknown)
    locations: dict[str, list] = {}
    for mid, (crs, xy, point_row) in r.points.items():
        geometry, problem, expected = geo.parse_geometry({"type": "Point", "coordinates": xy}, crs)
        if geometry is None:
            r.error(problem, file=r.table_file, sheet=r.table_sheet, row=point_row,
                    field="x/y" if crs == geo.RD_NEW else "lon/lat", value=xy, expected=expected)
        else:
            locations[mid] = [geometry]
    if raw is None:
        return MapSettings(FrozenMap({m: tuple(g) for m, g in locations.items()})) if locations else None
    row = doc.lines.get("map")
    if not isinstance(raw, LineDict):
        r.error("expected a mapping", field="map", row=row, value=raw,
                expected=", ".join(f.name for f in schema.fields("map")))
        return None
    r.check_keys(raw, "map", "map")
    line = raw.lines.get
    crs = r.choice(raw, schema.field("map", "crs")) if "crs" in raw else geo.WGS84
    crs = geo.normalise_crs(crs) or geo.WGS84
    illustrative = raw.get("illustrative", False)
    if not isinstance(illustrative, bool):
        r.error("expected true or false", field="map.illustrative", row=line("illustrative"), value=illustrative)
        illustrative = False
    colours = schema.field("map", "colour")
    colour = raw.get("colour", list(colours.choices))
    colour = [colour] if isinstance(colour, str) else colour
    if not isinstance(colour, list) or not colour or any(c not in colours.choices for c in colour):
        r.error("not a valid choice", field="map.colour", row=line("colour"), value=colour,
                expected=colours.expected)
        colour = list(colours.choices)
    errors_before = r.error_count()
    if "locations" in raw:
        for props, geometry, fline, display, k in _geometries(r, raw["locations"], "map.locations",
                                                              line("locations"), crs) or []:
            named = props.get("id", props.get("measure"))
            where: Location = {"file": display, "row": fline, "field": f"features[{k}].properties.id"}
            if named is None:
                r.error("feature without a measure id", expected="properties.id naming a measure", **where)
            elif read_ids is not None and not r.measure_known(named):  # read_ids None: any id may stand
                r.unknown("measure id", str(named), read_ids, ref="measure", **where)
            elif str(named) in r.points:
                r.error("measure has a location both in the measures table and in this file", value=named,
                        expected="one of the two", **where)
            else:
                locations.setdefault(str(named), []).append(geometry)
    areas = _areas(r, raw, crs)
    layers = _layers(r, raw, crs)
    if not locations:
        if r.error_count() == errors_before:
            r.error("the map has no measure locations", field="map", row=row,
                    expected="map.locations (a GeoJSON file) or x/y or lon/lat columns in the measures table")
        return None
    ordered = {m: tuple(locations[m]) for m in ids if m in locations}
    return MapSettings(FrozenMap(ordered), tuple(areas), tuple(layers), illustrative, tuple(colour), crs)


def _areas(r: Reader, raw: LineDict, crs: str) -> list[Area]:
    if "areas" not in raw:
        return []
    areas, seen = [], set()
    for props, geometry, fline, display, k in _geometries(
            r, raw["areas"], "map.areas", raw.lines.get("areas"), crs, allowed=("Polygon", "MultiPolygon")) or []:
        aid = props.get("id")
        if aid is None or not ID.match(str(aid)) or str(aid) in seen:
            r.error("missing, invalid or duplicate area id", file=display, row=fline,
                    field=f"features[{k}].properties.id", value=aid, expected="a unique identifier")
            continue
        seen.add(str(aid))
        if not r.printable(str(props.get("name") or aid), file=display, row=fline,
                           field=f"features[{k}].properties.name"):
            continue
        areas.append(Area(str(aid), str(props.get("name") or aid), geometry))
    return areas


def _layers(r: Reader, raw: LineDict, crs: str) -> list[Layer]:
    items = raw.get("layers", [])
    if not isinstance(items, list):
        r.error("expected a list of layers", field="map.layers", row=raw.lines.get("layers"), value=items,
                expected="e.g. [{file: streets.geojson, kind: street}]")
        return []
    layers = []
    for k, item in enumerate(items):
        line = items.lines[k] if isinstance(items, LineList) else raw.lines.get("layers")
        if not isinstance(item, LineDict):
            r.error("expected a mapping", field=f"map.layers[{k}]", row=line, value=item,
                    expected="{file: ..., kind: ..., name: ...}")
            continue
        r.check_keys(item, "map.layers", f"map.layers[{k}]")
        kind = r.choice(item, schema.field("map.layers", "kind"))
        found = _geometries(r, item.get("file"), f"map.layers[{k}].file", line, crs)
        if found is not None:
            layers.append(Layer(kind, r.text(item, "name") or kind, tuple(g for _, g, *_ in found)))
    return layers

