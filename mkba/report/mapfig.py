"""The opportunity map (*kansenkaart*) as inline SVG: base layers, sub-areas and the measures,
coloured by portfolio, priority or core index, with a legend, a scale bar and labels that do
not overlap.

Coordinates are RD New metres (results.json ``map``), drawn north up at one scale for x and y.
Each measure is a ``<g class="measure" data-measure="ID">`` with a ``<title>`` (its name shows on
hover) and its label a ``<text class="map-label" data-measure="ID">``, so tests and readers can
find every measure. Labels are placed greedily, most important first, at the first free spot of
rings of candidate positions around the measure's anchor, with a leader line when moved away.
"""

from __future__ import annotations

import math
from html import escape
from typing import Sequence, cast

from ..results import Results
from ..stages import places
from .facts import core_index
from .i18n import Catalogue
from .svg import INK, POSITIVE, Figure, _blend, _f, _svg, _text, nice_ticks

__all__ = ["map_figure", "place_labels", "LABEL_FONT", "MAP_WIDTH"]

MAP_WIDTH, MAP_HEIGHT = 1120.0, 760.0
"""The map's largest size (px): the report's full width; print scales it down to the page."""
LINE_WIDTH = 5.0
"""Width of a line measure (px); measures along the same street are drawn this far apart."""
_LINE_DASHES = ("", "9 5", "3 3", "12 3 3 3")
"""Dash patterns that tell measures along the same street apart beyond their colour."""
LABEL_FONT = 11
_LABEL_CHAR = 0.64 * LABEL_FONT
"""Width of one label character (bold Arial digits and capitals are at most ~0.61 em)."""
_LAYER_STYLE = {
    "green": 'fill="#DCEFD8" stroke="none"', "water": 'fill="#CFE6F5" stroke="#9CC8E6" stroke-width="0.8"',
    "plot": 'fill="#F4F1EA" stroke="#D9D2C3" stroke-width="0.6"', "building": 'fill="#D8D4CE" stroke="none"',
    "street": 'fill="none" stroke="#FFFFFF" stroke-width="4" stroke-linecap="round"',
    "outline": 'fill="none" stroke="#555555" stroke-width="1.4" stroke-dasharray="8 4"',
}
_STREET_EDGE = 'fill="none" stroke="#C9C3B8" stroke-width="6.5" stroke-linecap="round"'
_NOT_CHOSEN = "#9E9E9E"
_GROUND = "#EFEDE8"
"""Map background: light warm grey, so white streets and grey (not chosen) measures both stand out."""
_LAYER_ORDER = ("green", "water", "plot", "building", "street", "outline")
Box = tuple[float, float, float, float]


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def label_size(text: str) -> tuple[float, float]:
    return len(text) * _LABEL_CHAR + 4, LABEL_FONT + 3


def place_labels(anchors: Sequence[tuple[float, float]], sizes: Sequence[tuple[float, float]], frame: Box,
                 obstacles: Sequence[Box] = (), gap: float = 9.0) -> list[Box | None]:
    """Boxes (x0, y0, x1, y1) for labels of the given sizes near their anchors, in input order of
    priority: no box overlaps another, an obstacle or leaves ``frame``. Candidates are eight
    directions on rings of growing radius; None when no free spot is left within 12 rings."""
    placed: list[Box] = []
    out: list[Box | None] = []
    directions = ((1, 0), (-1, 0), (0, -1), (0, 1), (1, -1), (-1, -1), (1, 1), (-1, 1))
    for (ax, ay), (w, h) in zip(anchors, sizes):
        found = None
        for ring in range(12):
            r = gap + ring * (h + 2)
            for dx, dy in directions:
                cx = ax + dx * (r + w / 2) if dx else ax
                cy = ay + dy * (r + h / 2) if dy else ay
                box = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
                if (box[0] >= frame[0] and box[1] >= frame[1] and box[2] <= frame[2] and box[3] <= frame[3]
                        and not any(_overlaps(box, o) for o in placed)
                        and not any(_overlaps(box, o) for o in obstacles)):
                    found = box
                    break
            if found:
                break
        if found:
            placed.append(found)
        out.append(found)
    return out


def _rings(geometry: dict) -> tuple[str, list]:
    """(kind, list of coordinate sequences): 'polygon' rings, 'line' paths or 'point' positions."""
    t, c = geometry["type"], geometry["coordinates"]
    if t == "Polygon":
        return "polygon", [c]
    if t == "MultiPolygon":
        return "polygon", list(c)
    if t == "LineString":
        return "line", [c]
    if t == "MultiLineString":
        return "line", list(c)
    if t == "Point":
        return "point", [c]
    return "point", list(c)


def _all_points(geometries: list[dict]) -> list[tuple[float, float]]:
    pts = []
    for g in geometries:
        kind, parts = _rings(g)
        for part in parts:
            if kind == "point":
                pts.append(tuple(part))
            elif kind == "line":
                pts += [tuple(p) for p in part]
            else:
                pts += [tuple(p) for ring in part for p in ring]
    return pts


def _parts(geometries: list[dict]) -> list[tuple[str, list]]:
    """Every part of a measure's geometries: ('polygon', rings), ('line', path) or ('point', position)."""
    out: list[tuple[str, list]] = []
    for g in geometries:
        kind, parts = _rings(g)
        out += [(kind, part) for part in parts]
    return out


def _part_anchor(kind: str, part: list) -> tuple[float, float]:
    """Where a part's label points: a point itself, a line's middle vertex, a polygon's box centre."""
    if kind == "point":
        return float(part[0]), float(part[1])
    if kind == "line":
        middle = part[len(part) // 2]
        return float(middle[0]), float(middle[1])
    xs, ys = [p[0] for p in part[0]], [p[1] for p in part[0]]
    return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2


def _near(p: tuple[float, float], path: Sequence[tuple[float, float]], tol: float) -> bool:
    """Whether ``p`` lies within ``tol`` of the polyline ``path``."""
    for (ax, ay), (bx, by) in zip(path, path[1:]):
        dx, dy = bx - ax, by - ay
        t = 0.0 if dx == dy == 0 else max(0.0, min(1.0, ((p[0] - ax) * dx + (p[1] - ay) * dy) / (dx * dx + dy * dy)))
        if math.hypot(p[0] - ax - t * dx, p[1] - ay - t * dy) <= tol:
            return True
    return False


def _shared(a: Sequence[tuple[float, float]], b: Sequence[tuple[float, float]], tol: float = 4.0) -> bool:
    """Whether two drawn paths run along each other (two vertices of one on the other)."""
    return sum(_near(p, b, tol) for p in a) >= 2 or sum(_near(p, a, tol) for p in b) >= 2


def _offset(path: Sequence[tuple[float, float]], d: float) -> list[tuple[float, float]]:
    """``path`` moved ``d`` px sideways (left of its direction), each vertex along its segments' mean normal."""
    if d == 0 or len(path) < 2:
        return list(path)
    normals = []
    for (ax, ay), (bx, by) in zip(path, path[1:]):
        length = math.hypot(bx - ax, by - ay) or 1.0
        normals.append((-(by - ay) / length, (bx - ax) / length))
    out = []
    for k, (x, y) in enumerate(path):
        around = normals[max(k - 1, 0):k + 1]
        nx, ny = sum(n[0] for n in around), sum(n[1] for n in around)
        norm = math.hypot(nx, ny) or 1.0
        out.append((x + d * nx / norm, y + d * ny / norm))
    return out


def _line_offsets(paths: dict[str, list[list[tuple[float, float]]]], width: float) -> dict[str, tuple[float, str]]:
    """A sideways offset (px) and a dash pattern per line measure, so measures drawn along the same
    street lie side by side and differ in dash as well as colour."""
    offsets: dict[str, tuple[float, str]] = {}
    groups: list[list[str]] = []
    for mid in paths:
        group = next((g for g in groups if any(_shared(a, b) for other in g for a in paths[other] for b in paths[mid])),
                     None)
        if group is None:
            groups.append([mid])
        else:
            group.append(mid)
    for group in groups:
        for k, mid in enumerate(group):
            offsets[mid] = ((k - (len(group) - 1) / 2) * width, _LINE_DASHES[k % len(_LINE_DASHES)])
    return offsets


class _Frame:
    """RD New metres -> SVG pixels, north up, one scale for both axes."""

    def __init__(self, points: list[tuple[float, float]], width: float, max_height: float, pad: float) -> None:
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        self.x0, self.y0, x1, y1 = min(xs), min(ys), max(xs), max(ys)
        dx, dy = max(x1 - self.x0, 1.0), max(y1 - self.y0, 1.0)
        self.k = min((width - 2 * pad) / dx, (max_height - 2 * pad) / dy)
        self.pad, self.y1 = pad, y1
        self.width, self.height = width, dy * self.k + 2 * pad

    def xy(self, p: Sequence[float]) -> tuple[float, float]:
        return self.pad + (p[0] - self.x0) * self.k, self.pad + (self.y1 - p[1]) * self.k

    @staticmethod
    def polyline(points: Sequence[tuple[float, float]]) -> str:
        return "M" + " L".join(f"{_f(x)},{_f(y)}" for x, y in points)

    def path(self, geometry: dict) -> str:
        kind, parts = _rings(geometry)
        if kind == "polygon":
            return " ".join("M" + " L".join(f"{_f(x)},{_f(y)}" for x, y in map(self.xy, ring)) + " Z"
                            for poly in parts for ring in poly)
        return " ".join("M" + " L".join(f"{_f(x)},{_f(y)}" for x, y in map(self.xy, line)) for line in parts)


def _classes(colour: str, attrs: dict[str, dict], cat: Catalogue) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Fill per measure and the legend entries (colour, text) for one colouring."""
    if colour == "portfolio":
        fills = {m: POSITIVE if a["chosen"] else _NOT_CHOSEN for m, a in attrs.items()}
        return fills, [(POSITIVE, cat("map.chosen")), (_NOT_CHOSEN, cat("map.not_chosen"))]
    if colour == "core":
        def band(v: float | None) -> str:
            v = v or 0.0
            if v <= 0.0:
                return _NOT_CHOSEN
            if v >= 1.0:
                return _blend(1.0)
            return _blend(0.3) if v < 0.5 else _blend(0.65)
        fills = {m: band(a["core_index"]) for m, a in attrs.items()}
        legend = [(_NOT_CHOSEN, cat("map.core_none")), (_blend(0.3), cat("map.core_band", lo="1", hi="49")),
                  (_blend(0.65), cat("map.core_band", lo="50", hi="99")), (_blend(1.0), cat("map.core_all"))]
        return fills, legend
    n = max((a["rank"] or 0 for a in attrs.values()), default=1) or 1
    size = max(1, math.ceil(n / 4))
    shades = (_blend(1.0), _blend(0.7), _blend(0.45), _blend(0.22))
    fills = {m: shades[min(((a["rank"] or n) - 1) // size, 3)] for m, a in attrs.items()}
    legend = [(shades[k], cat("map.rank_band", lo=str(k * size + 1), hi=str(min((k + 1) * size, n))))
              for k in range(4) if k * size < n]
    return fills, legend


def _scale_bar(frame: _Frame, y: float) -> list[str]:
    target = (frame.width - 2 * frame.pad) / 5 / frame.k
    length = max(t for t in nice_ticks(0, target * 1.0001, 2) if t <= target * 1.0001) or target
    px = length * frame.k
    x0 = frame.pad
    label = f"{length / 1000:g} km" if length >= 1000 else f"{length:g} m"
    return [f'<rect x="{_f(x0)}" y="{_f(y)}" width="{_f(px)}" height="5" fill="{INK}"/>',
            _text(x0 + px + 6, y + 6, label, size=11)]


def map_figure(results: Results, cat: Catalogue, colour: str) -> Figure | None:
    """The map with measures coloured by ``colour`` ('portfolio', 'priority' or 'core'); None when
    the scenario has no places or the colouring's result is absent."""
    block = results["map"] if "map" in results else None
    if block is None or colour not in block["colour"]:
        return None
    attrs = places.measure_attributes(cast(dict, results))
    stories = {m["id"]: m.get("fields", {}) for m in results["scenario"]["measures"]}  # the pop-up's story lines
    if colour == "portfolio" and ("portfolio" not in results or not results["portfolio"]["selected"]):
        return None
    if colour == "core" and not core_index(results):
        return None
    name = f"map_{colour}"
    located = block["measures"]
    everything = [g for p in located.values() for g in p["geometry"]] + [a["geometry"] for a in block["areas"]] + \
        [g for layer in block["layers"] for g in layer["geometry"]]
    frame = _Frame(_all_points(everything), MAP_WIDTH, MAP_HEIGHT, 28.0)
    fills, legend = _classes(colour, attrs, cat)
    body = [f'<rect x="0" y="0" width="{_f(frame.width)}" height="{_f(frame.height)}" fill="{_GROUND}" stroke="#DDDDDD"/>']
    for kind in _LAYER_ORDER:
        for layer in (x for x in block["layers"] if x["kind"] == kind):
            for g in layer["geometry"]:
                style = _LAYER_STYLE[kind] if _rings(g)[0] != "line" or kind in ("street", "outline") else \
                    'fill="none" stroke="#9CC8E6" stroke-width="2"'
                if kind == "street":  # a grey edge, so white streets show on the light ground
                    body.append(f'<path d="{frame.path(g)}" {_STREET_EDGE}/>')
                body.append(f'<path d="{frame.path(g)}" {style} fill-rule="evenodd"/>')
    for a in block["areas"]:
        body.append(f'<path d="{frame.path(a["geometry"])}" fill="none" stroke="#777777" stroke-width="1.2" '
                    f'stroke-dasharray="3 3"><title>{escape(a["name"])}</title></path>')
    # measures: polygons first, then lines, then points, so small symbols stay on top
    order = sorted(located, key=lambda m: ({"polygon": 0, "line": 1, "point": 2}[_rings(located[m]["geometry"][0])[0]],
                                           attrs[m]["rank"] or 0, m))
    markers: list[tuple[float, float, float, float]] = []
    lines = {m: [[frame.xy(p) for p in part] for kind, part in _parts(located[m]["geometry"]) if kind == "line"]
             for m in order}
    offsets = _line_offsets({m: paths for m, paths in lines.items() if paths}, LINE_WIDTH)
    for mid in order:
        fill = fills[mid]
        parts = []
        for g in located[mid]["geometry"]:
            kind, coords = _rings(g)
            if kind == "polygon":
                parts.append(f'<path d="{frame.path(g)}" fill="{fill}" fill-opacity="0.6" stroke="{fill}" '
                             f'stroke-width="1.5" fill-rule="evenodd"/>')
            elif kind == "line":
                shift, pattern = offsets.get(mid, (0.0, ""))
                dash = f' stroke-dasharray="{pattern}"' if pattern else ""
                for line in coords:
                    drawn = _offset([frame.xy(p) for p in line], shift)
                    parts.append(f'<path d="{frame.polyline(drawn)}" fill="none" stroke="{fill}" '
                                 f'stroke-width="{_f(LINE_WIDTH)}" stroke-linecap="butt" stroke-linejoin="round"{dash}/>')
            else:
                for p in coords:
                    x, y = frame.xy(p)
                    markers.append((x - 7, y - 7, x + 7, y + 7))
                    parts.append(f'<circle cx="{_f(x)}" cy="{_f(y)}" r="6.5" fill="{fill}" stroke="#FFFFFF" '
                                 f'stroke-width="1.5"/>')
        tip = "\n".join([f"{mid} {attrs[mid]['name']}", *(f"{k}: {v}" for k, v in stories[mid].items())])
        body.append(f'<g class="measure" id="fig-{name}-{escape(mid)}" data-measure="{escape(mid)}">'
                    f'<title>{escape(tip)}</title>{"".join(parts)}</g>')
    # labels: the chosen and best-ranked first, so they get the spot next to their measure; then the other
    # parts of measures of several parts (points, lines, areas), each labelled too
    priority = sorted(located, key=lambda m: (not attrs[m]["chosen"], attrs[m]["rank"] or 10**6, m))
    first = [(m, frame.xy(located[m]["anchor"])) for m in priority]
    extra = []
    for m in priority:
        pieces = _parts(located[m]["geometry"])
        if len(pieces) > 1:
            spots = [frame.xy(_part_anchor(kind, piece)) for kind, piece in pieces]
            main = min(range(len(spots)), key=lambda k: math.dist(spots[k], first[priority.index(m)][1]))
            extra += [(m, spot) for k, spot in enumerate(spots) if k != main]
    labelled = first + extra
    boxes = place_labels([a for _, a in labelled], [label_size(m) for m, _ in labelled],
                         (2, 2, frame.width - 2, frame.height - 2), markers)
    for (mid, (ax, ay)), box in zip(labelled, boxes):
        if box is None:
            continue
        cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
        if math.hypot(cx - ax, cy - ay) > 9 + (box[2] - box[0]) / 2 + 6:
            ex = min(max(ax, box[0]), box[2])
            ey = min(max(ay, box[1]), box[3])
            body.append(f'<line x1="{_f(ax)}" y1="{_f(ay)}" x2="{_f(ex)}" y2="{_f(ey)}" stroke="{INK}" '
                        f'stroke-width="0.7"/>')
        body.append(f'<rect x="{_f(box[0])}" y="{_f(box[1])}" width="{_f(box[2] - box[0])}" '
                    f'height="{_f(box[3] - box[1])}" fill="#FFFFFF" fill-opacity="0.8"/>')
        body.append(f'<text class="map-label" data-measure="{escape(mid)}" x="{_f(cx)}" y="{_f(box[3] - 3.5)}" '
                    f'text-anchor="middle" font-size="{LABEL_FONT}" font-weight="bold" fill="{INK}">{escape(mid)}</text>')
    missing = list(dict.fromkeys(m for (m, _), box in zip(labelled, boxes) if box is None))
    taken = [b for b in boxes if b is not None] + markers
    area_sizes = [(len(a["name"]) * 5.6 + 4, 13.0) for a in block["areas"]]
    area_boxes = place_labels([frame.xy(a["anchor"]) for a in block["areas"]], area_sizes,
                              (2, 2, frame.width - 2, frame.height - 2), taken, gap=0.0)
    for a, box in zip(block["areas"], area_boxes):  # sub-area names, small and grey, only where they fit
        if box is not None:
            body.append(_text((box[0] + box[2]) / 2, box[3] - 3, a["name"], anchor="middle", size=10,
                              fill="#555555", cls="area-label"))
    # legend, scale bar, notes
    y = frame.height + 18
    body.append(_text(0, y, cat(f"map.colour.{colour}"), weight="bold"))
    x = 0.0
    y += 18
    for fill, text in legend:
        body.append(f'<rect x="{_f(x)}" y="{_f(y - 10)}" width="14" height="12" fill="{fill}"/>')
        body.append(_text(x + 19, y, text, size=11))
        x += 19 + len(text) * 6.2 + 18
    if block["layers"]:
        y += 20
        x = 0.0
        for layer in block["layers"]:
            style = _LAYER_STYLE[layer["kind"]]
            body.append(f'<rect class="swatch-ground" x="{_f(x - 2)}" y="{_f(y - 12)}" width="18" height="16" '
                        f'fill="{_GROUND}"/>')
            if layer["kind"] in ("street", "outline"):  # drawn as the line the map shows, on the map's ground
                swatch = f'M{_f(x)},{_f(y - 4)} L{_f(x + 14)},{_f(y - 4)}'
                if layer["kind"] == "street":
                    body.append(f'<path d="{swatch}" {_STREET_EDGE.replace("round", "butt")}/>')
                body.append(f'<path class="swatch" d="{swatch}" {style.replace("round", "butt")}/>')
            else:
                body.append(f'<rect class="swatch" x="{_f(x)}" y="{_f(y - 10)}" width="14" height="12" {style}/>')
            body.append(_text(x + 19, y, layer["name"], size=11))
            x += 19 + len(layer["name"]) * 6.2 + 18
    y += 16
    body += _scale_bar(frame, y)
    notes = []
    outside = [m for m in attrs if not attrs[m]["on_map"]]
    if outside:
        notes.append(cat("map.not_located", n=str(len(outside)), items=", ".join(outside)))
    if missing:
        notes.append(cat("map.unlabelled", items=", ".join(missing)))
    if block["illustrative"]:
        notes.append(cat("map.illustrative"))
    for note in notes:
        y += 18
        body.append(_text(0, y + 4, note, size=11, fill="#555555", cls="map-note"))
    title = cat(f"fig.{name}")
    return Figure(name, title, _svg(name, title, frame.width, y + 14, body))


def portfolio_map(results: Results, cat: Catalogue) -> Figure | None:
    return map_figure(results, cat, "portfolio")


def priority_map(results: Results, cat: Catalogue) -> Figure | None:
    return map_figure(results, cat, "priority")


def core_map(results: Results, cat: Catalogue) -> Figure | None:
    return map_figure(results, cat, "core")
