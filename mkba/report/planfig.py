"""The roadmap and monitoring charts as inline SVG: a Gantt chart of the chosen measures per theme,
the yearly spend per payer against the yearly budget, and planned against realised per ambition.

Same conventions as :mod:`mkba.report.figures` (fixed ids, one-decimal coordinates, Okabe-Ito
colours, escaped strings, names wrapped and never cut).
"""

from __future__ import annotations

from html import escape
from typing import Literal

from ..results import Results
from .facts import stakeholder_label
from .i18n import Catalogue
from .svg import (CHAR, GRID, INK, LINE, NEGATIVE, OKABE_ITO, POSITIVE, Figure, _f, _lines, _money_scale, _svg,
                  _text, _y_axis, nice_ticks, wrap)

__all__ = ["roadmap_figure", "spend_figure", "monitoring_figure"]


def _year_axis(years: list[int], left: float, col: float, top: float, bottom: float) -> list[str]:
    out = []
    for k, y in enumerate(years):
        x = left + k * col
        out.append(f'<line x1="{_f(x)}" y1="{_f(top)}" x2="{_f(x)}" y2="{_f(bottom)}" stroke="{GRID}"/>')
        out.append(_text(x + col / 2, top - 6, str(y), anchor="middle", size=11))
    return out


def roadmap_figure(results: Results, cat: Catalogue) -> Figure | None:
    """Gantt chart: one row per chosen measure under its theme; a solid bar over the years it is
    carried out (investment years), a thin bar from the year it is in use."""
    plan = results["roadmap"] if "roadmap" in results else None
    if not plan or not plan["tasks"]:
        return None
    tasks = plan["tasks"]
    last = max(max(t["end"] for t in tasks), max(t["in_use"] for t in tasks)) + 1
    years = list(range(min(t["start"] for t in tasks), last + 1))
    labels = [wrap(f"{t['id']} {t['name']}", 38) for t in tasks]
    left = max(len(line) for lines in labels for line in lines) * CHAR + 16
    col = max(34.0, min(64.0, 520.0 / len(years)))
    themes = list(dict.fromkeys(t["theme"] for t in tasks))
    colour = {th: OKABE_ITO[k % 6] for k, th in enumerate(themes)}
    top = 26.0
    y = top
    body: list[str] = []
    rows: list[str] = []
    for theme in themes:
        rows.append(_text(6, y + 15, theme, weight="bold"))
        y += 22
        for t, lines in zip(tasks, labels):
            if t["theme"] != theme:
                continue
            h = max(22.0, len(lines) * LINE + 8)
            rows.append(_lines(left - 8, y + h / 2 - (len(lines) - 1) * LINE / 2 + 4, lines))
            x0 = left + (t["start"] - years[0]) * col
            x1 = left + (t["end"] - years[0] + 1) * col
            xu = left + (t["in_use"] - years[0]) * col
            xe = left + len(years) * col
            tip = cat("roadmap.tip", id=t["id"], start=str(t["start"]), end=str(t["end"]), in_use=str(t["in_use"]))
            rows.append(f'<g class="task" data-measure="{escape(t["id"])}"><title>{escape(tip)}</title>'
                        f'<rect x="{_f(x0 + 2)}" y="{_f(y + h / 2 - 7)}" width="{_f(x1 - x0 - 4)}" height="14" '
                        f'rx="2" fill="{colour[theme]}"/>'
                        f'<rect x="{_f(xu + 2)}" y="{_f(y + h / 2 - 2)}" width="{_f(max(xe - xu - 4, 0))}" '
                        f'height="4" fill="{colour[theme]}" fill-opacity="0.45"/></g>')
            y += h
    body += _year_axis(years, left, col, top, y)
    body += rows
    y += 16
    body.append(f'<rect x="{_f(left)}" y="{_f(y - 10)}" width="24" height="12" fill="{INK}"/>')
    body.append(_text(left + 30, y, cat("roadmap.legend_build"), size=11))
    x = left + 30 + len(cat("roadmap.legend_build")) * 6.2 + 20
    body.append(f'<rect x="{_f(x)}" y="{_f(y - 6)}" width="24" height="4" fill="{INK}" fill-opacity="0.45"/>')
    body.append(_text(x + 30, y, cat("roadmap.legend_use"), size=11))
    title = cat("fig.roadmap")
    return Figure("roadmap", title, _svg("roadmap", title, left + len(years) * col + 12, y + 12, body))


def spend_figure(results: Results, cat: Catalogue) -> Figure | None:
    """Stacked bars of the yearly investment per payer, the synergy savings below zero, and the
    yearly budget as a black mark (with carry-over: what the year may spend, its budget plus what
    earlier years left)."""
    plan = results["roadmap"] if "roadmap" in results else None
    if not plan or not plan["tasks"]:
        return None
    years, payers = plan["years"], list(plan["spend_per_payer"])
    gross = [sum(plan["spend_per_payer"][p][k] for p in payers) for k in range(len(years))]
    caps = plan["available"] if plan["carry_over"] else plan["budget"]
    cap_label = cat("col.budget_available" if plan["carry_over"] else "col.budget_year")
    budget = [b for b in caps if b is not None]
    savings = plan["savings"]
    divisor, unit = _money_scale(gross + budget, cat)
    ticks = nice_ticks(-max(savings, default=0.0), max(gross + budget + [1.0]))
    left, top, plot_h = 90.0, 12.0, 260.0
    col = max(40.0, min(80.0, 520.0 / len(years)))

    def sy(v: float) -> float:
        return top + plot_h - (v - ticks[0]) / (ticks[-1] - ticks[0]) * plot_h

    body = _y_axis(ticks, sy, left, left + col * len(years), f"{cat('fig.spend.axis')} ({unit})", top + plot_h / 2,
                   cat, divisor=divisor)
    for k, year in enumerate(years):
        x = left + k * col + col * 0.18
        w = col * 0.64
        base = 0.0
        for j, p in enumerate(payers):
            v = plan["spend_per_payer"][p][k]
            if v <= 0:
                continue
            body.append(f'<rect x="{_f(x)}" y="{_f(sy(base + v))}" width="{_f(w)}" height="{_f(sy(base) - sy(base + v))}" '
                        f'fill="{OKABE_ITO[j % len(OKABE_ITO)]}"><title>{escape(str(year))} · '
                        f'{escape(stakeholder_label(results, p, cat))}: {escape(cat.money(v))}</title></rect>')
            base += v
        if savings[k] > 0:
            body.append(f'<rect x="{_f(x)}" y="{_f(sy(0))}" width="{_f(w)}" height="{_f(sy(-savings[k]) - sy(0))}" '
                        f'fill="#FFFFFF" stroke="{NEGATIVE}" stroke-dasharray="3 2"><title>{escape(cat("col.savings"))}: '
                        f'{escape(cat.money(savings[k]))}</title></rect>')
        cap = caps[k]
        if cap is not None:
            yb = sy(cap)
            body.append(f'<line x1="{_f(x - 6)}" y1="{_f(yb)}" x2="{_f(x + w + 6)}" y2="{_f(yb)}" stroke="{INK}" '
                        f'stroke-width="2.5"><title>{escape(cap_label)}: {escape(cat.money(cap))}</title></line>')
        body.append(_text(x + w / 2, top + plot_h + 16, str(year), anchor="middle", size=11))
    body.append(f'<line x1="{_f(left)}" y1="{_f(sy(0))}" x2="{_f(left + col * len(years))}" y2="{_f(sy(0))}" stroke="{INK}"/>')
    y = top + plot_h + 38
    x = left
    entries = [(OKABE_ITO[j % len(OKABE_ITO)], stakeholder_label(results, p, cat)) for j, p in enumerate(payers)]
    for fill, text in entries:
        width = 19 + len(text) * 6.2 + 16
        if x + width > left + max(col * len(years), 420):
            x, y = left, y + 18
        body.append(f'<rect x="{_f(x)}" y="{_f(y - 10)}" width="14" height="12" fill="{fill}"/>')
        body.append(_text(x + 19, y, text, size=11))
        x += width
    if budget:
        y += 18
        body.append(f'<line x1="{_f(left)}" y1="{_f(y - 4)}" x2="{_f(left + 14)}" y2="{_f(y - 4)}" stroke="{INK}" stroke-width="2.5"/>')
        body.append(_text(left + 19, y, cap_label, size=11))
    title = cat("fig.spend")
    width = max(left + col * len(years) + 20, x + 20)
    return Figure("spend", title, _svg("spend", title, width, y + 12, body))


def monitoring_figure(results: Results, cat: Catalogue) -> Figure | None:
    """One panel per ambition: the plan as a blue line, the realised values as orange points joined."""
    tracks = results["monitoring"] if "monitoring" in results else None
    if not tracks:
        return None
    left, panel_w, panel_h = 80.0, 480.0, 150.0
    body: list[str] = []
    y0 = 8.0
    for t in tracks:
        values = [v for v in t["planned"] + t["realised"] if v is not None] or [0.0]
        ticks = nice_ticks(min(0.0, *values), max(values), 4)
        years = t["years"]
        step = panel_w / max(len(years) - 1, 1)
        top = y0 + 22

        def sx(k: int) -> float:
            return left + k * step

        def sy(v: float) -> float:
            return top + panel_h - (v - ticks[0]) / (ticks[-1] - ticks[0]) * panel_h

        body.append(_text(left, y0 + 12, f"{t['name']} ({t['unit']})" if t["unit"] else t["name"], weight="bold"))
        body += _y_axis(ticks, sy, left, left + panel_w, "", top + panel_h / 2, cat)
        label_every = max(1, len(years) // 12)
        for k, year in enumerate(years):
            if k % label_every == 0:
                body.append(_text(sx(k), top + panel_h + 17, str(year), anchor="middle", size=11))
        curves: tuple[tuple[Literal["planned", "realised"], str], ...] = (("planned", POSITIVE), ("realised", OKABE_ITO[1]))
        for series, colour in curves:
            pts = [(sx(k), sy(v)) for k, v in enumerate(t[series]) if v is not None]
            if len(pts) > 1:
                body.append(f'<polyline points="{" ".join(f"{_f(a)},{_f(b)}" for a, b in pts)}" fill="none" '
                            f'stroke="{colour}" stroke-width="2"/>')
            for (a, b), (k, v) in zip(pts, [(k, v) for k, v in enumerate(t[series]) if v is not None]):
                body.append(f'<circle cx="{_f(a)}" cy="{_f(b)}" r="{3 if series == "planned" else 4.5}" fill="{colour}">'
                            f'<title>{years[k]} · {escape(cat(f"col.{series}"))}: {escape(cat.number(v, 2))}</title></circle>')
        y0 = top + panel_h + 32
    body.append(f'<line x1="{_f(left)}" y1="{_f(y0 + 2)}" x2="{_f(left + 20)}" y2="{_f(y0 + 2)}" stroke="{POSITIVE}" stroke-width="2"/>')
    body.append(_text(left + 26, y0 + 6, cat("col.planned"), size=11))
    x = left + 26 + len(cat("col.planned")) * 6.2 + 20
    body.append(f'<circle cx="{_f(x + 6)}" cy="{_f(y0 + 2)}" r="4.5" fill="{OKABE_ITO[1]}"/>')
    body.append(_text(x + 16, y0 + 6, cat("col.realised"), size=11))
    title = cat("fig.monitoring")
    return Figure("monitoring", title, _svg("monitoring", title, left + panel_w + 30, y0 + 16, body))
