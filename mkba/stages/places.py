"""The opportunity map's results: the places for results.json, what each measure brings there, and
the sums per sub-area; exported as GeoJSON for GIS users.

:func:`map_data` turns the scenario's places into the ``map`` block of results.json (geometries
in RD New metres, each measure's label anchor and sub-area). The other functions read only
results.json, so the report and the GIS export say the same thing, and ``mkba report`` can redraw
them without the scenario.
"""

from __future__ import annotations

import json

from .. import geo
from ..io.canonical import canonical
from ..model import Geometry, Scenario

__all__ = ["map_data", "group_ranks", "core_index", "measure_attributes", "area_aggregates", "feature_collections"]


def map_data(scenario: Scenario) -> dict | None:
    """The ``map`` block of results.json; None when the scenario has no places."""
    m = scenario.map
    if m is None:
        return None
    return {
        "crs": geo.RD_NEW, "source_crs": m.crs, "illustrative": m.illustrative, "colour": list(m.colour),
        "measures": {mid: {"geometry": [g.to_geojson() for g in gs], "anchor": list(geo.anchor(gs)),
                           "area": geo.area_of(gs, m.areas)}
                     for mid, gs in m.locations.items()},
        "areas": [{"id": a.id, "name": a.name, "geometry": a.geometry.to_geojson(), "anchor": list(geo.anchor([a.geometry]))}
                  for a in m.areas],
        "layers": [{"kind": layer.kind, "name": layer.name, "geometry": [g.to_geojson() for g in layer.geometries]}
                   for layer in m.layers],
    }


def group_ranks(results: dict) -> dict[str, int]:
    """Measure id -> rank in the group ranking of results.json."""
    return {r["measure"]: int(r["rank"]) for r in results["scores"]["rankings"]["group"]}


def core_index(results: dict) -> dict:
    """Measure id -> core index (share of sampled weightings whose best portfolio holds it); {} if absent."""
    return (results.get("sensitivity") or {}).get("core_index") or (results.get("portfolio") or {}).get(
        "core_index") or {}


def measure_attributes(results: dict) -> dict[str, dict]:
    """Per measure (on the map or not): name, theme, area, group rank, chosen, start year, core
    index, investment, PV costs, NPV and B/C ratio, and the scenario's descriptive fields; flat values, as a
    GIS attribute table wants."""
    scenario = results["scenario"]
    place = (results.get("map") or {}).get("measures", {})
    ranks = group_ranks(results)
    port = results.get("portfolio") or {}
    chosen = set(port.get("selected") or [])
    starts = port.get("start_years") or {}
    core = core_index(results)
    appraisal = results.get("appraisal", {}).get("measures", {})
    out = {}
    for m in scenario["measures"]:
        mid = m["id"]
        a = appraisal.get(mid, {})
        out[mid] = {
            "id": mid, "name": m["name"], "theme": m["theme"], "area": (place.get(mid) or {}).get("area"),
            "on_map": mid in place, "rank": ranks.get(mid),
            "chosen": (mid in chosen) if port else None,
            "start_year": (starts.get(mid, m["start_year"]) if mid in chosen else None),
            "core_index": core.get(mid) if core else None,
            "investment": float(sum(m["investment"].values())), "pv_costs": a.get("pv_costs"),
            "npv": a.get("npv"), "bcr": a.get("bcr"),
        }
        # the scenario's descriptive fields (initiatiefnemer, wens...), after the attributes above, never over one
        out[mid].update({k: v for k, v in m.get("fields", {}).items() if k not in out[mid]})
    return out


def area_aggregates(results: dict) -> list[dict]:
    """Per sub-area: how many measures lie there (``n_measures``) and are chosen (``n_chosen``), the
    investment and NPV of the chosen ones, and the best-ranked measure; plus a row ``None`` for
    measures outside every area."""
    areas = (results.get("map") or {}).get("areas") or []
    if not areas:
        return []
    attrs = measure_attributes(results)
    rows = []
    for area_id, name in [(a["id"], a["name"]) for a in areas] + [(None, None)]:
        inside = [a for a in attrs.values() if a["on_map"] and a["area"] == area_id]
        if area_id is None and not inside:
            continue
        picked = [a for a in inside if a["chosen"]]
        best = min((a for a in inside if a["rank"] is not None), key=lambda a: a["rank"], default=None)
        rows.append({"id": area_id, "name": name, "n_measures": len(inside), "n_chosen": len(picked),
                     "investment": float(sum(a["investment"] for a in picked)),
                     "npv": float(sum(a["npv"] or 0.0 for a in picked)),
                     "best": best["id"] if best else None})
    return rows


#: The GIS layers of :func:`feature_collections`: file stem -> the one geometry type of its features.
LAYER_FILES = {"map_points": "MultiPoint", "map_lines": "MultiLineString", "map_polygons": "MultiPolygon"}
_KIND = {"Point": "MultiPoint", "MultiPoint": "MultiPoint", "LineString": "MultiLineString",
         "MultiLineString": "MultiLineString", "Polygon": "MultiPolygon", "MultiPolygon": "MultiPolygon"}


def feature_collections(results: dict) -> dict[str, str]:
    """The GIS export: RFC 7946 GeoJSON in WGS84, one file per geometry kind so each is one layer
    of one declared type, as a GeoPackage layer (and a shapefile) needs:

    * ``map_points.geojson``, ``map_lines.geojson``, ``map_polygons.geojson``: one feature per
      located measure and kind, its parts merged into one Multi* geometry (a measure drawn as a
      point and a polygon appears in both files with the same attributes);
    * ``areas.geojson`` (with sub-areas): each area as a MultiPolygon with its sums.

    Properties are flat, with names of at most 10 characters (shapefile-safe); a column that would
    be empty in every feature (e.g. ``core_index`` without a sensitivity run) is left out, so GIS
    tools never type it as text. ``invented`` is true where the scenario marks its shapes
    illustrative (invented, not surveyed).
    """

    block = results.get("map")
    if not block:
        return {}
    attrs = measure_attributes(results)
    illustrative = bool(block.get("illustrative"))

    def merged(gs: list[dict]) -> dict[str, dict]:
        """Geometry kind -> one WGS84 Multi* geometry of the parts of that kind."""
        by_kind: dict[str, list] = {}
        for g in gs:
            wgs = geo.to_wgs84(Geometry(g["type"], _tuples(g["coordinates"])))
            single = not g["type"].startswith("Multi")
            by_kind.setdefault(_KIND[g["type"]], []).extend([wgs["coordinates"]] if single else wgs["coordinates"])
        return {kind: {"type": kind, "coordinates": parts} for kind, parts in by_kind.items()}

    def collection(name: str, features: list[dict]) -> str:
        empty = [k for k in features[0]["properties"] if all(f["properties"][k] is None for f in features)]
        for f in features:
            for k in empty:
                del f["properties"][k]
        return json.dumps(canonical({"type": "FeatureCollection", "name": name, "features": features}),
                          ensure_ascii=False, indent=1) + "\n"

    layers: dict[str, list[dict]] = {kind: [] for kind in LAYER_FILES.values()}
    for mid, p in block["measures"].items():
        props = {k: v for k, v in attrs[mid].items() if k != "on_map"} | {"invented": illustrative}
        for kind, geometry in merged(p["geometry"]).items():
            layers[kind].append({"type": "Feature", "properties": dict(props), "geometry": geometry})
    files = {f"{stem}.geojson": collection(stem, layers[kind]) for stem, kind in LAYER_FILES.items() if layers[kind]}
    aggregates = {r["id"]: r for r in area_aggregates(results)}
    if block.get("areas"):
        files["areas.geojson"] = collection("areas", [
            {"type": "Feature", "properties": aggregates[a["id"]] | {"invented": illustrative},
             "geometry": merged([a["geometry"]])["MultiPolygon"]} for a in block["areas"]])
    return files


def _tuples(c: list) -> tuple:  # nested lists of GeoJSON coordinates -> nested tuples
    return tuple(_tuples(x) for x in c) if isinstance(c, list) and c and isinstance(c[0], list) else tuple(c)
