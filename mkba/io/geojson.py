"""Read a GeoJSON file (FeatureCollection, Feature or bare geometry) with the line of each feature.

Only reading and locating happens here; checking and converting the geometries is
:func:`mkba.geo.parse_geometry`. The line numbers let every message point at the feature.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputIssue
from .limits import MAX_GEOJSON_BYTES as MAX_BYTES
from .limits import MAX_JSON_DEPTH

__all__ = ["RawFeature", "read_features", "MAX_BYTES"]

_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


@dataclass(frozen=True)
class RawFeature:
    """One feature as written: its properties, its raw geometry and the line it starts on."""

    properties: dict
    geometry: object
    line: int | None
    index: int


def _feature_lines(text: str) -> list[int]:
    """The line on which each element of the top-level ``features`` array starts: one pass, the
    newlines counted only between one feature and the next (linear in the file's size)."""
    match = re.search(r'"features"\s*:\s*\[', text)
    if not match:
        return []
    decoder, pos = json.JSONDecoder(), match.end()
    lines: list[int] = []
    line, counted = 1, 0  # the line at offset ``counted``
    while True:
        while pos < len(text) and text[pos] in " \t\r\n,":
            pos += 1
        if pos >= len(text) or text[pos] == "]":
            return lines
        line += text.count("\n", counted, pos)
        counted = pos
        lines.append(line)
        try:
            _, pos = decoder.raw_decode(text, pos)
        except ValueError:
            return lines


def _depth(doc: object) -> int:
    """How deep lists and objects nest in a JSON value, level by level (iterative: any depth;
    the walk stops one level past :data:`MAX_JSON_DEPTH`)."""
    depth, level = 0, [doc] if isinstance(doc, (dict, list)) else []
    while level and depth <= MAX_JSON_DEPTH:
        depth += 1
        level = [x for v in level for x in (v.values() if isinstance(v, dict) else v) if isinstance(x, (dict, list))]
    return depth + (1 if level else 0)


def _too_deep_line(text: str) -> int | None:
    """The line where the nesting first goes deeper than :data:`MAX_JSON_DEPTH` (strings skipped)."""
    level = 0
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            level += 1
            if level > MAX_JSON_DEPTH:
                return text.count("\n", 0, match.start()) + 1
        elif token in "]}":
            level -= 1
    return None


def read_features(path: Path, display: str) -> tuple[list[RawFeature], str | None, list[InputIssue]]:
    """The features of a GeoJSON file, its declared reference system (the legacy ``crs`` member,
    if any) and the issues met; an unreadable file gives no features and one located error."""
    def fail(message: str, expected: str, line: int | None = None) -> tuple[list, None, list[InputIssue]]:
        return [], None, [InputIssue(file=display, message=message, expected=expected, row=line)]

    if path.stat().st_size > MAX_BYTES:
        return fail(f"file larger than {MAX_BYTES // 1_000_000} MB", "a simplified GeoJSON file for the map")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        return fail("not UTF-8 text", "a GeoJSON file saved as UTF-8")
    deep = f"nested more than {MAX_JSON_DEPTH} levels deep"
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        return fail(f"not valid JSON: {exc.msg}", "a GeoJSON FeatureCollection", exc.lineno)
    except RecursionError:
        return fail(deep, "GeoJSON geometries (a multipolygon nests 4 levels)", _too_deep_line(text))
    if _depth(doc) > MAX_JSON_DEPTH:
        return fail(deep, "GeoJSON geometries (a multipolygon nests 4 levels)", _too_deep_line(text))
    if not isinstance(doc, dict):
        return fail("not a GeoJSON object", "a GeoJSON FeatureCollection")
    crs = None
    if isinstance(doc.get("crs"), dict):
        crs = str((doc["crs"].get("properties") or {}).get("name", "")) or None
    kind = doc.get("type")
    if kind == "FeatureCollection":
        items = doc.get("features")
        if not isinstance(items, list):
            return fail("a FeatureCollection needs a 'features' list", "\"features\": [...]")
        lines = _feature_lines(text)
    elif kind == "Feature":
        items, lines = [doc], [1]
    elif isinstance(kind, str) and "coordinates" in doc:
        items, lines = [{"type": "Feature", "properties": {}, "geometry": doc}], [1]
    else:
        return fail(f"unknown GeoJSON type {kind!r}", "'FeatureCollection', 'Feature' or a geometry")
    features, issues = [], []
    for k, item in enumerate(items):
        line = lines[k] if k < len(lines) else None
        if not isinstance(item, dict) or item.get("type") != "Feature":
            issues.append(InputIssue(file=display, message="not a GeoJSON Feature", row=line,
                                     field=f"features[{k}]", expected="{\"type\": \"Feature\", \"properties\": ..., "
                                     "\"geometry\": ...}"))
            continue
        props = item.get("properties") or {}
        if not isinstance(props, dict):
            issues.append(InputIssue(file=display, message="properties must be an object", row=line,
                                     field=f"features[{k}].properties", value=props))
            continue
        features.append(RawFeature(props, item.get("geometry"), line, k))
    return features, crs, issues
