"""The HTML report: one self-contained page (inline CSS, inline SVG, inline JavaScript).

Rendered with Jinja2 with autoescaping on, so every scenario string (measure names, notes) is
text, never markup. The weight explorer's data travels in a ``<script type="application/json">``
block with ``<``, ``>`` and ``&`` written as JSON escapes, so no name can end the block. A
Content-Security-Policy meta tag forbids every network fetch. Nothing depends on the clock.
"""

from __future__ import annotations

import functools
import json
from importlib import resources

import jinja2

from ..io.canonical import canonical
from ..results import Results
from ..results.portfolio import StartOption
from ..results.types import MatrixBlock
from . import facts, figures, tables as tb
from .i18n import Catalogue, catalogue, format_value

__all__ = ["render_html", "explorer_data", "package_data", "script_json"]

EXPLORER_METHODS = ("wsm", "topsis")
WIDE_COLUMNS = ("name", "payers", "measures", "value")
"""Text columns given a minimum width so long names wrap over a few lines, not a word per line."""
PRINT_PLACES = 10
"""A printed page shows the rank-acceptability table's places 1..PRINT_PLACES (the heatmap has all)."""
MANY_COLUMNS = 9
"""A table with more columns is printed in a smaller font (class ``many``)."""


def _template(name: str) -> str:
    return resources.files("mkba.report").joinpath("templates").joinpath(name).read_text(encoding="utf-8")


@functools.lru_cache(maxsize=1)
def _page() -> jinja2.Template:
    """The report's page template, compiled once per process (a batch renders many reports)."""
    env = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                             undefined=jinja2.StrictUndefined)
    return env.from_string(_template("report.html.j2"))


def script_json(data: object) -> str:
    """JSON safe inside a ``<script>`` element: sorted keys, and ``<``, ``>``, ``&`` escaped."""
    text = json.dumps(canonical(data), sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def explorer_data(results: Results, cat: Catalogue) -> dict:
    """What the explorer needs: the decision matrix, criterion types, every stakeholder's weights
    (matrix-criterion order) and raw influence, the starting method and the labels."""
    matrix = results["matrix"]
    criteria = [c["id"] for c in matrix["criteria"]]
    raw = {s["id"]: s["influence"] for s in results["scenario"]["stakeholders"]}
    w = results["weights"]["stakeholders"]
    names = facts.measure_names(results)
    method = results["scores"]["method"]
    return {
        "measures": [{"id": m, "name": names[m]} for m in matrix["measures"]],
        "criteria": [{"id": c["id"], "name": c["name"], "unit": c["unit"]} for c in matrix["criteria"]],
        "types": [1 if c["direction"] == "benefit" else -1 for c in matrix["criteria"]],
        "values": matrix["values"],
        "stakeholders": [{"id": s, "name": w[s]["name"], "influence": float(raw[s]),
                          "weights": [w[s]["weights"][c] for c in criteria]} for s in facts.stakeholder_ids(results)],
        "method": method if method in EXPLORER_METHODS else "topsis",
        "format": {"group": "." if cat.lang == "nl" else ",", "decimal": "," if cat.lang == "nl" else ".",
                   "percent": " %" if cat.lang == "nl" else "%"},
        "labels": {"ranking": cat("explorer.ranking"), "axis": cat("fig.explorer.axis")},
        "package": package_data(results, cat),
    }


PACKAGE_LABELS = ("package", "exact", "outside", "incomplete", "known", "npv", "not_additive", "same", "count",
                  "enters", "leaves", "value", "value_base", "none")
"""The explorer's package texts (``explorer.package_*`` in :mod:`.i18n`); ``{n}``-style fields are filled in JS."""


def package_data(results: Results, cat: Catalogue) -> dict | None:
    """What the explorer needs to choose the package for any weights (None without a chosen package).

    ``portfolios``: the candidate packages as measure indices (matrix order), first the non-dominated
    portfolios the robustness stage enumerated over the parties' hull (``nondominated`` of them; all of
    them when ``complete``), then the other known feasible packages (the sampled optima, each party's
    optimum, the proposal) not among those; ``starts`` per candidate the start year of its measures with
    a start-year choice (measure index -> year; a measure not listed starts as planned), and ``options``
    per such measure its NPV at each start (``portfolio.start_options``), so the page values a package at
    its own starts as :func:`mkba.stages.selection.start_option_values` does: the NPV column replaced by
    the NPV at that start, on the base matrix's anchors. A known package whose starts results.json does
    not hold (a sampled or a party's optimum with such a measure) is left out. Under an additive
    objective the best package for weights inside the hull is one of the non-dominated ones, so the
    explorer's choice is exact there. ``weights``: the weight row the proposal was chosen with (matrix
    order). ``additive``: whether a package is worth the sum of its measures' values at its starts: the
    proposal's objective is, and every synergy is seen to add nothing in it; else the explorer's sums are
    an approximation and it says so.
    """
    port = facts.portfolio_block(results)
    objective = port["objective"] if port is not None else None
    if port is None or not port["selected"] or objective is None:
        return None
    matrix = results["matrix"]
    index = {m: i for i, m in enumerate(matrix["measures"])}
    options = port.get("start_options", {}) if port["objective_name"] != "value" else {}
    robust = facts.portfolio_robustness(results)
    front = [list(s) for s in robust.get("nondominated_portfolios", [])] if robust is not None else []
    front_starts = list(robust.get("nondominated_starts", [{}] * len(front))) if robust is not None else []
    known = [list(r["selected"]) for r in robust["portfolios"]] if robust is not None else []
    parties = port["stakeholders"]
    if parties is not None:
        known += [list(sel) for sel in parties["selected"].values()]
    # the starts of a known package are not in results.json: one with a measure that may move is left out
    pairs = [*zip(front, front_starts), (list(port["selected"]), dict(port["start_years"])),
             *((sel, {}) for sel in known if not options.keys() & set(sel))]
    candidates: list[list[int]] = []
    starts: list[dict[str, int]] = []
    for sel, at in pairs:
        members = sorted(index[m] for m in sel)
        if members not in candidates:
            candidates.append(members)
            starts.append({str(index[m]): int(y) for m, y in sorted(at.items()) if m in options})
    w = results["weights"]
    row = w["group"] if port["weights"] not in w["stakeholders"] else w["stakeholders"][port["weights"]]["weights"]
    weights = [row[c["id"]] for c in matrix["criteria"]]
    total = sum(float(port["values"][m] or 0.0) for m in port["selected"]) + sum(  # (+ its starts' gains)
        _start_gain(matrix, weights, port["objective_name"], index[m], options[m], y)
        for m, y in port["start_years"].items() if m in options)
    scale = max(abs(objective), abs(total), 1e-300)
    parts = [r["part"] for r in port["rules"] if "part" in r]
    chosen = set(port["selected"])
    # a synergy's extra value shows only in a proposal that holds both measures
    additive = (abs(objective - total) <= 1e-9 * scale
                and all(set(p["measures"]) <= chosen for p in parts if p.get("rule") == "synergy"))
    return {
        "objective": port["objective_name"], "proposal": sorted(index[m] for m in port["selected"]),
        "weights": weights, "portfolios": candidates, "starts": starts,
        "options": {str(index[m]): {"years": list(o["years"]), "npv": list(o["npv"])} for m, o in sorted(options.items())},
        "nondominated": len(front),
        "complete": bool(front) and robust is not None and bool(robust["nondominated_complete"]),
        "additive": additive,
        "money": port["objective_name"] == "npv",
        "points": cat("unit.points_amount", value="{value}"),
        "labels": {k: cat(f"explorer.package_{k}") for k in PACKAGE_LABELS},
    }


def _start_gain(matrix: MatrixBlock, weights: list[float], objective: str, i: int, option: StartOption,
                year: int) -> float:
    """What measure ``i`` gains in the objective by starting in ``year`` instead of as planned: its NPV
    at that start in place of the matrix's NPV column (explorer.js ``startGains`` does the same)."""
    delta = float(option["npv"][list(option["years"]).index(year)]) - float(matrix["values"][i][0] or 0.0)
    if objective == "npv":
        return delta
    total = sum(weights)
    anchor = max((abs(float(r[0] or 0.0)) for r in matrix["values"]), default=0.0) or 1.0
    sign = 1.0 if matrix["criteria"][0]["direction"] == "benefit" else -1.0
    return (weights[0] / total if total > 0 else 0.0) * sign * delta / anchor


def _explorer_view(results: Results, data: dict, cat: Catalogue) -> dict:
    notes = []
    if results["scores"]["method"] not in EXPLORER_METHODS:
        notes.append(cat("explorer.note_method", method=facts.method_label(results)))
    if results["weights"]["group_method"] != "mean":
        notes.append(cat("explorer.note_aij"))
    top = max((h["influence"] for h in data["stakeholders"]), default=1.0)
    return {
        "intro": cat("explorer.intro"), "notes": notes, "noscript": cat("explorer.noscript"),
        "method_label": cat("explorer.method"),
        "methods": [{"id": m, "label": cat(f"explorer.{m}"), "checked": m == data["method"]}
                    for m in EXPLORER_METHODS],
        "influence_label": cat("explorer.influence"), "criteria_label": cat("explorer.criteria"),
        "influence_max": format_value(max(4.0, 2 * top), "number", "en", 1).replace(",", ""),
        "stakeholders": [{"name": h["name"], "value": repr(float(h["influence"])),
                          "shown": cat.number(h["influence"], 1)} for h in data["stakeholders"]],
        "criteria": [{"name": f"{c['name']} ({c['unit']})" if c["unit"] else c["name"]} for c in data["criteria"]],
        "reset": cat("explorer.reset"), "ranking_label": cat("explorer.ranking"),
        "col_rank": cat("col.rank"), "col_id": cat("col.id"), "col_name": cat("col.name"),
        "col_score": cat("col.score"), "col_change": "Δ",
        "package": cat("explorer.package_package") if data["package"] is not None else "",
    }


def _screen_only(table: tb.Table, column: tb.Column) -> bool:
    """Columns left out on paper: the rank-acceptability places after :data:`PRINT_PLACES`."""
    return table.id == "rank_acceptability" and column.key[1:].isdigit() and int(column.key[1:]) > PRINT_PLACES


def _classes(column: tb.Column, numeric: bool, screen_only: bool = False) -> str:
    return " ".join(k for k, on in (("num", numeric), ("wide", column.key in WIDE_COLUMNS),
                                    ("screen-only", screen_only)) if on)


def _table_view(table: tb.Table, cat: Catalogue) -> dict:
    numeric = [c.kind not in ("text", "bool") for c in table.columns]
    hidden = [_screen_only(table, c) for c in table.columns]
    places = sum(1 for c in table.columns if table.id == "rank_acceptability" and c.key[1:].isdigit())
    print_note = cat("print.places", n=PRINT_PLACES, total=places) if any(hidden) else ""
    return {
        "kind": "table", "id": table.id, "title": table.title, "note": table.note, "total_row": table.total_row,
        "cls": "many" if len(table.columns) - sum(hidden) > MANY_COLUMNS else "", "print_note": print_note,
        "headers": [{"label": c.label, "unit": c.unit, "numeric": num, "cls": _classes(c, num, h)}
                    for c, num, h in zip(table.columns, numeric, hidden)],
        # a cell aligns with its column: 'PM' in a column of amounts stands right like the amounts
        "rows": [[{"text": tb.format_cell(v, c, cat.lang), "cls": _classes(c, tb.is_numeric(v, c) or num, h)}
                  for v, c, h, num in zip(row, table.columns, hidden, numeric)] for row in table.rows],
    }


def render_html(results: Results, lang: str | None = None, report: tb.Report | None = None) -> str:
    """The HTML report as text (deterministic: the same results give the same text).

    Parameters
    ----------
    results : dict
        The content of ``results.json``.
    lang : {"nl", "en"}, optional
        Default: the scenario's language.
    report : the report's tables already built from ``results`` in ``lang`` (:func:`.tables.build`), if at hand.
    """
    report = report if report is not None else tb.build(results, lang)
    cat = catalogue(report.lang)
    sections = []
    for s in report.sections:
        blocks = []
        for b in s.blocks:
            if isinstance(b, tb.Table):
                blocks.append(_table_view(b, cat))
            else:
                fig = figures.render(b.name, results, cat)
                if fig is not None:
                    blocks.append({"kind": "figure", "name": fig.name, "svg": fig.svg, "caption": fig.caption})
        sections.append({"id": s.id, "title": s.title, "paragraphs": s.paragraphs, "blocks": blocks, "intro": s.intro,
                         "callout": s.callout})
        if s.id == "rankings":
            sections.append({"id": "explorer", "title": cat("section.explorer"), "paragraphs": (), "blocks": [],
                             "intro": (), "callout": ""})
    data = explorer_data(results, cat)
    template = _page()
    version = results["provenance"]["mkba"]
    return template.render(
        lang=cat.lang, title=report.title, subtitle=report.subtitle, report_title=cat("report.title"),
        contents=cat("report.contents"), sections=sections, explorer=_explorer_view(results, data, cat),
        generated_by=cat("report.generated_by", version=version), css=_template("report.css"),
        js=_template("explorer.js"), data_json=script_json(data),
    )
