"""The report's charts as inline SVG, written by string building (no plotting library).

Deterministic by construction: fixed ids (``fig-<name>``, ``fig-<name>-title``), coordinates
printed with one decimal, no clock or random numbers. Colours come from the Okabe-Ito palette
(Okabe & Ito 2008, "Color Universal Design"), safe for the common colour-vision deficiencies;
sequential cells run from white to Okabe-Ito blue. Every axis is labelled with its unit; long
measure and stakeholder names are wrapped over several lines, never cut. Every string is
XML-escaped.
"""

from __future__ import annotations

from html import escape
from typing import Callable, Sequence

from ..results import Results
from . import facts as tb
from .i18n import Catalogue
from .mapfig import core_map, portfolio_map, priority_map
from .planfig import monitoring_figure, roadmap_figure, spend_figure
from .sentences import tornado_bar
from .themes import theme_grid
from .svg import (CHAR, DASHES, GREY, INK, LINE, MARKERS, NEGATIVE, OKABE_ITO, POSITIVE, Figure, _blend, _f,
                  _lines, _marker, _money_scale, _svg, _text, _x_axis, _y_axis, nice_ticks, wrap)

__all__ = ["Figure", "FIGURES", "render", "OKABE_ITO", "wrap", "nice_ticks"]


def _label_block(labels: Sequence[str], width: int) -> tuple[list[list[str]], float]:
    wrapped = [wrap(s, width) for s in labels]
    longest = max((len(line) for lines in wrapped for line in lines), default=1)
    return wrapped, longest * CHAR + 12


# -- generic charts -----------------------------------------------------------------------------

BAR = 14.0
"""Thickness of every bar (px): rows grow with their wrapped labels, bars do not."""
_MARK_FILL = "#E3EEF7"
"""Background band behind the rows of measures in the proposed package."""
_WORDS = {
    "nl": {"in_package": "in het voorgestelde pakket", "frontier.spend": "Investering van het pakket (nominaal)",
           "package": "het voorgestelde pakket"},
    "en": {"in_package": "in the proposed package", "frontier.spend": "Investment of the package (nominal)",
           "package": "the proposed package"},
}
"""Chart words the catalogue (i18n) does not have yet; a catalogue entry of the same key wins."""


def _word(cat: Catalogue, key: str) -> str:
    return cat(f"fig.{key}") if cat.has(f"fig.{key}") else _WORDS.get(cat.lang, _WORDS["en"])[key]


def _row_heights(wrapped: Sequence[Sequence[str]], minimum: float) -> list[float]:
    return [max(minimum, len(w) * LINE + 8) for w in wrapped]


def hbar_chart(name: str, title: str, labels: Sequence[str], values: Sequence[float | None], axis: str,
               cat: Catalogue, *, money: bool = False, percent: bool = False, plot_width: float = 560,
               marked: Sequence[bool] = (), marked_label: str = "") -> str:
    """Horizontal bars from zero, one row per label, all of one thickness; negative values in
    vermillion. Rows with ``marked`` true get a light band and a bold label, explained under the axis."""
    wrapped, left = _label_block(labels, 36)
    vals = [0.0 if v is None else float(v) for v in values]
    flags = list(marked) + [False] * (len(vals) - len(marked))
    left *= 1.1 if any(flags) else 1.0  # bold labels are wider
    divisor, unit = _money_scale(vals, cat) if money else (1.0, "")
    label = f"{axis} ({unit})" if unit else axis
    ticks = nice_ticks(min(0.0, *vals), max(0.0, *vals)) if vals else [0.0, 1.0]
    lo, hi = ticks[0], ticks[-1]
    top = 10.0
    heights = _row_heights(wrapped, 22.0)
    plot_h = sum(heights)
    width = left + plot_width + 30

    def sx(v: float) -> float:
        return left + (v - lo) / (hi - lo) * plot_width

    body = [f'<rect class="marked" x="2" y="{_f(y0)}" width="{_f(left + plot_width - 2)}" height="{_f(h)}" '
            f'fill="{_MARK_FILL}"/>' for y0, h, flag in zip(_offsets(top, heights), heights, flags) if flag]
    body += _x_axis(ticks, sx, top, top + plot_h, label, left + plot_width / 2, cat, divisor=divisor, percent=percent)
    y = top
    for lines, v, h, raw, flag in zip(wrapped, vals, heights, values, flags):
        x0, x1 = sorted((sx(0.0), sx(v)))
        colour = NEGATIVE if v < 0 else POSITIVE
        shown = cat.money(raw) if money else (cat.share(raw, 1) if percent else cat.number(raw, 2))
        body.append(f'<rect class="bar" x="{_f(x0)}" y="{_f(y + (h - BAR) / 2)}" width="{_f(max(x1 - x0, 0.5))}" '
                    f'height="{_f(BAR)}" fill="{colour}"><title>{escape(" ".join(lines))}: {escape(shown)}</title></rect>')
        body.append(_lines(left - 8, y + h / 2 - (len(lines) - 1) * LINE / 2 + 4, lines, weight="bold" if flag else ""))
        y += h
    body.append(f'<line x1="{_f(sx(0.0))}" y1="{_f(top)}" x2="{_f(sx(0.0))}" y2="{_f(top + plot_h)}" stroke="{INK}"/>')
    height = top + plot_h + 44
    if any(flags) and marked_label:
        body.append(f'<rect x="{_f(left)}" y="{_f(height - 2)}" width="24" height="14" fill="{_MARK_FILL}" '
                    f'stroke="{GREY}"/>')
        body.append(_text(left + 30, height + 9, marked_label, size=11, weight="bold"))
        height += 22
    return _svg(name, title, width, height, body)


def _offsets(top: float, heights: Sequence[float]) -> list[float]:
    """The top of each row whose heights are ``heights``, the first at ``top``."""
    out, y = [], top
    for h in heights:
        out.append(y)
        y += h
    return out


def heatmap(name: str, title: str, rows: Sequence[str], cols: Sequence[str], values: Sequence[Sequence[float | None]],
            cat: Catalogue, *, x_label: str, cell: float = 64, percent: bool = True, show_text: bool = True,
            col_wrap: int = 11) -> str:
    """Rows x columns of cells shaded white to blue by value (relative to the largest value)."""
    wrapped, left = _label_block(rows, 36)
    if len(cols) <= 12:  # a column is as wide as its longest word, so no word is broken
        longest = max((len(w) for c in cols for w in str(c).split()), default=1)
        col_wrap = max(col_wrap, longest)
        cell = max(cell, longest * 0.56 * 11 + 8)
    col_lines = [wrap(c, col_wrap) if len(cols) <= 12 else [c] for c in cols]
    head = max(len(c) for c in col_lines) * LINE + 8
    top = head + 6
    heights = [max(cell * 0.5, len(w) * LINE + 8) for w in wrapped]
    width = left + cell * len(cols) + 20
    vmax = max((v for row in values for v in row if v is not None), default=1.0) or 1.0
    body = []
    for j, lines in enumerate(col_lines):
        cx = left + (j + 0.5) * cell
        spans = "".join(f'<tspan x="{_f(cx)}" dy="{0 if k == 0 else LINE}">{escape(s)}</tspan>'
                        for k, s in enumerate(lines))
        body.append(f'<text x="{_f(cx)}" y="{_f(top - 6 - (len(lines) - 1) * LINE)}" text-anchor="middle" '
                    f'font-size="11" fill="{INK}">{spans}</text>')
    y: float = top
    for i, (lines, row, h) in enumerate(zip(wrapped, values, heights)):
        body.append(_lines(left - 8, y + h / 2 - (len(lines) - 1) * LINE / 2 + 4, lines))
        for j, v in enumerate(row):
            x = left + j * cell
            share = 0.0 if v is None else v / vmax
            shown = "–" if v is None else (cat.share(v, 0) if percent else cat.number(v, 2))
            body.append(f'<rect x="{_f(x)}" y="{_f(y)}" width="{_f(cell)}" height="{_f(h)}" fill="{_blend(share)}" '
                        f'stroke="#FFFFFF"><title>{escape(rows[i])} · {escape(cols[j])}: {escape(shown)}</title></rect>')
            if show_text and v is not None:
                colour = "#FFFFFF" if share > 0.55 else INK
                text = cat.number(v * 100, 0) if percent else cat.number(v, 2)
                body.append(_text(x + cell / 2, y + h / 2 + 4, text, anchor="middle", size=11, fill=colour))
        y += h
    body.append(_text(left + cell * len(cols) / 2, y + 20, x_label, anchor="middle", weight="bold"))
    return _svg(name, title, width, y + 30, body)


def multi_actor_chart(name: str, title: str, groups: Sequence[str], series: Sequence[tuple[str, Sequence[float]]],
                      highlight: int, axis: str, x_axis: str, others: str, cat: Catalogue) -> str:
    """One line per measure across the stakeholder groups; the first ``highlight`` series coloured."""
    group_lines = [wrap(g, 19) for g in groups]
    legend_lines = [wrap(s[0], 34) for s in series[:highlight]]
    legend_w = max((len(line) for lines in legend_lines for line in lines), default=10) * CHAR + 40
    left, top = 64.0, 12.0
    step = 130.0
    plot_w = step * max(len(groups) - 1, 1)
    plot_h = 300.0
    all_values = [v for _, vs in series for v in vs if v is not None]
    ticks = nice_ticks(min(0.0, *all_values), max(all_values)) if all_values else [0.0, 1.0]
    lo, hi = ticks[0], ticks[-1]
    pad = 30.0

    def sx(k: int) -> float:
        return left + pad + k * step

    def sy(v: float) -> float:
        return top + plot_h - (v - lo) / (hi - lo) * plot_h

    body = _y_axis(ticks, sy, left, left + plot_w + 2 * pad, axis, top + plot_h / 2, cat)
    for k, lines in enumerate(group_lines):
        spans = "".join(f'<tspan x="{_f(sx(k))}" dy="{0 if i == 0 else LINE}">{escape(s)}</tspan>'
                        for i, s in enumerate(lines))
        body.append(f'<text x="{_f(sx(k))}" y="{_f(top + plot_h + 16)}" text-anchor="middle" font-size="11" '
                    f'fill="{INK}">{spans}</text>')
    label_h = max(len(lines) for lines in group_lines) * LINE
    body.append(_text(left + pad + plot_w / 2, top + plot_h + 24 + label_h, x_axis, anchor="middle", weight="bold"))
    for label, vs in series[highlight:]:
        pts = " ".join(f"{_f(sx(k))},{_f(sy(v))}" for k, v in enumerate(vs))
        body.append(f'<polyline points="{pts}" fill="none" stroke="{GREY}" stroke-width="1">'
                    f"<title>{escape(label)}</title></polyline>")
    colours = [c for c in OKABE_ITO if c != "#F0E442"]
    for n, (label, vs) in enumerate(series[:highlight]):
        colour = colours[n % len(colours)]
        pts = " ".join(f"{_f(sx(k))},{_f(sy(v))}" for k, v in enumerate(vs))
        dash = f' stroke-dasharray="{DASHES[n % len(DASHES)]}"' if DASHES[n % len(DASHES)] else ""
        body.append(f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="2.2"{dash}>'
                    f"<title>{escape(label)}</title></polyline>")
        body.extend(_marker(MARKERS[n % len(MARKERS)], sx(k), sy(v), colour) for k, v in enumerate(vs))
    lx = left + plot_w + 2 * pad + 20
    y = top + 8
    for n, lines in enumerate(legend_lines):
        colour = colours[n % len(colours)]
        dash = f' stroke-dasharray="{DASHES[n % len(DASHES)]}"' if DASHES[n % len(DASHES)] else ""
        body.append(f'<line x1="{_f(lx)}" y1="{_f(y - 4)}" x2="{_f(lx + 22)}" y2="{_f(y - 4)}" stroke="{colour}" '
                    f'stroke-width="2.2"{dash}/>')
        body.append(_marker(MARKERS[n % len(MARKERS)], lx + 11, y - 4, colour))
        body.append(_lines(lx + 30, y, lines, anchor="start"))
        y += len(lines) * LINE + 8
    if len(series) > highlight:
        body.append(f'<line x1="{_f(lx)}" y1="{_f(y - 4)}" x2="{_f(lx + 22)}" y2="{_f(y - 4)}" stroke="{GREY}"/>')
        body.append(_lines(lx + 30, y, wrap(others, 34), anchor="start"))
        y += LINE + 8
    height = max(top + plot_h + 40 + label_h, y + 10)
    return _svg(name, title, lx + legend_w, height, body)


def interval_chart(name: str, title: str, labels: Sequence[str], current: Sequence[float],
                   inner: Sequence[Sequence[float]], outer: Sequence[Sequence[float]], axis: str,
                   cat: Catalogue, plot_width: float = 560) -> str:
    """Per row: the outer interval as a light bar, the inner as a dark line, the current value as a dot."""
    wrapped, left = _label_block(labels, 30)
    ticks = nice_ticks(0.0, 1.0)
    top = 10.0
    heights = _row_heights(wrapped, 24.0)
    plot_h = sum(heights)

    def sx(v: float) -> float:
        return left + min(max(v, 0.0), 1.0) * plot_width

    body = _x_axis(ticks, sx, top, top + plot_h, axis, left + plot_width / 2, cat, percent=True)
    y = top
    for lines, w, a, b, h in zip(wrapped, current, outer, inner, heights):
        mid = y + h / 2
        body.append(f'<rect x="{_f(sx(a[0]))}" y="{_f(mid - 7)}" width="{_f(max(sx(a[1]) - sx(a[0]), 0.5))}" '
                    f'height="14" fill="#56B4E9" opacity="0.6"><title>{escape(cat.share(a[0], 1))} – '
                    f'{escape(cat.share(a[1], 1))}</title></rect>')
        body.append(f'<rect x="{_f(sx(b[0]))}" y="{_f(mid - 2)}" width="{_f(max(sx(b[1]) - sx(b[0]), 0.5))}" '
                    f'height="4" fill="#0072B2"/>')
        body.append(f'<circle cx="{_f(sx(w))}" cy="{_f(mid)}" r="4.5" fill="{INK}"/>')
        body.append(_lines(left - 8, mid - (len(lines) - 1) * LINE / 2 + 4, lines))
        y += h
    return _svg(name, title, left + plot_width + 30, top + plot_h + 44, body)


def tornado_chart(name: str, title: str, labels: Sequence[str], low: Sequence[float], high: Sequence[float],
                  base: float, axis: str, cat: Catalogue, *, money: bool, plot_width: float = 560) -> str:
    """Bars from the base outcome to the outcome at each input's low (orange) and high (blue) value; where
    both lie on one side of the base (a future bar, a measure that gains either way) the nearer one is
    drawn over the farther, so both stay visible."""
    wrapped, left = _label_block(labels, 30)
    vals = [base, *low, *high]
    divisor, unit = _money_scale(vals, cat) if money else (1.0, "")
    ticks = nice_ticks(min(vals), max(vals))
    lo, hi = ticks[0], ticks[-1]
    top = 10.0
    heights = _row_heights(wrapped, 24.0)
    plot_h = sum(heights)

    def sx(v: float) -> float:
        return left + (v - lo) / (hi - lo) * plot_width

    label = f"{axis} ({unit})" if unit else axis
    body = _x_axis(ticks, sx, top, top + plot_h, label, left + plot_width / 2, cat, divisor=divisor)
    y = top
    for lines, a, b, h in zip(wrapped, low, high, heights):
        # the end farther from the base first, so a nearer end on the same side is drawn over it, not hidden
        for v, colour in sorted(((a, "#E69F00"), (b, "#0072B2")), key=lambda e: -abs(e[0] - base)):
            x0, x1 = sorted((sx(base), sx(v)))
            body.append(f'<rect class="bar" x="{_f(x0)}" y="{_f(y + (h - BAR) / 2)}" width="{_f(max(x1 - x0, 0.5))}" '
                        f'height="{_f(BAR)}" fill="{colour}"><title>{escape(cat.number(v / divisor, 2))}</title></rect>')
        body.append(_lines(left - 8, y + h / 2 - (len(lines) - 1) * LINE / 2 + 4, lines))
        y += h
    body.append(f'<line x1="{_f(sx(base))}" y1="{_f(top)}" x2="{_f(sx(base))}" y2="{_f(top + plot_h)}" '
                f'stroke="{INK}" stroke-width="1.5"/>')
    ly = top + plot_h + 52
    for k, (colour, key) in enumerate((("#E69F00", "fig.low"), ("#0072B2", "fig.high"))):
        lx = left + k * 160
        body.append(f'<rect x="{_f(lx)}" y="{_f(ly - 10)}" width="12" height="12" fill="{colour}"/>')
        body.append(_text(lx + 18, ly, cat(key)))
    return _svg(name, title, left + plot_width + 30, ly + 10, body)


def line_chart(name: str, title: str, xs: Sequence[float], ys: Sequence[float], x_axis: str, y_axis: str,
               cat: Catalogue, *, mark: int | None, y_money: bool, steps: bool = False,
               mark_label: str = "") -> str:
    """Points joined by a line, or with ``steps`` by a staircase (the value holds until the next
    point, as the best value at a budget does); ``mark`` circles one point, explained by
    ``mark_label`` under the axis. The y axis label stands above the plot, wrapped to its width."""
    left, plot_w, plot_h = 80.0, 460.0, 280.0
    head = wrap(f"{y_axis} ({_money_scale(ys, cat)[1]})" if y_money else y_axis, int(plot_w / CHAR))
    top = 12.0 + len(head) * LINE
    x_div, x_unit = _money_scale(xs, cat)
    y_div = _money_scale(ys, cat)[0] if y_money else 1.0
    xt = nice_ticks(min(0.0, *xs), max(xs))
    yt = nice_ticks(min(0.0, *ys), max(ys))

    def sx(v: float) -> float:
        return left + (v - xt[0]) / (xt[-1] - xt[0]) * plot_w

    def sy(v: float) -> float:
        return top + plot_h - (v - yt[0]) / (yt[-1] - yt[0]) * plot_h

    body = _x_axis(xt, sx, top, top + plot_h, f"{x_axis} ({x_unit})", left + plot_w / 2, cat, divisor=x_div)
    body += _y_axis(yt, sy, left, left + plot_w, "", top + plot_h / 2, cat, divisor=y_div)
    body.append(_lines(left - 40, 14.0, head, anchor="start", weight="bold"))
    order = sorted(range(len(xs)), key=lambda i: (xs[i], ys[i]))
    corners = []
    for k, i in enumerate(order):
        if steps and k:
            corners.append((xs[i], ys[order[k - 1]]))
        corners.append((xs[i], ys[i]))
    pts = " ".join(f"{_f(sx(x))},{_f(sy(y))}" for x, y in corners)
    body.append(f'<polyline class="line" points="{pts}" fill="none" stroke="{POSITIVE}" stroke-width="2"/>')
    for i in order:
        body.append(f'<circle cx="{_f(sx(xs[i]))}" cy="{_f(sy(ys[i]))}" r="3.5" fill="{POSITIVE}"><title>'
                    f'{escape(cat.money(xs[i]))}: {escape(cat.number(ys[i] / y_div, 2))}</title></circle>')
    height = top + plot_h + 46
    if mark is not None:
        body.append(f'<circle class="mark" cx="{_f(sx(xs[mark]))}" cy="{_f(sy(ys[mark]))}" r="8" fill="none" '
                    f'stroke="{NEGATIVE}" stroke-width="2.5"/>')
        if mark_label:
            body.append(f'<circle cx="{_f(left + 8)}" cy="{_f(height + 2)}" r="7" fill="none" stroke="{NEGATIVE}" '
                        f'stroke-width="2.5"/>')
            body.append(_text(left + 22, height + 6, mark_label, size=11))
            height += 20
    return _svg(name, title, left + plot_w + 30, height, body)


# -- the report's figures -----------------------------------------------------------------------

def _scored(score: float | None, measure: str) -> float:
    """A measure's score for the chart, which draws every party's score."""
    if score is None:
        raise ValueError(f"measure {measure} has no score to draw")
    return score


def _label(results: Results, mid: str) -> str:
    return f"{mid} {tb.measure_names(results).get(mid, '')}".strip()


def npv_figure(results: Results, cat: Catalogue) -> Figure:
    measures = results["appraisal"]["measures"]
    order = sorted(measures, key=lambda m: (-(measures[m]["npv"] or 0.0), m))
    port = tb.portfolio_info(results)
    chosen = set(port["selected"]) if port is not None else set()
    title = cat("fig.npv")
    svg = hbar_chart("npv", title, [_label(results, m) for m in order], [measures[m]["npv"] for m in order],
                     cat("fig.npv.axis"), cat, money=True, marked=[m in chosen for m in order],
                     marked_label=_word(cat, "in_package"))
    return Figure("npv", title, svg)


def weights_figure(results: Results, cat: Catalogue) -> Figure:
    w = results["weights"]
    crit = tb.criterion_names(results)
    ids = tb.stakeholder_ids(results)
    rows = [tb.stakeholder_label(results, s, cat) for s in ids] + [cat("group")]
    values = [[w["stakeholders"][s]["weights"][c] for c in w["criteria"]] for s in ids]
    values.append([w["group"][c] for c in w["criteria"]])
    title = cat("fig.weights")
    svg = heatmap("weights", title, rows, [crit.get(c, c) for c in w["criteria"]], values, cat,
                  x_label=f"{cat('col.weight')} (%)", cell=96, col_wrap=15)
    return Figure("weights", title, svg)


def themes_figure(results: Results, cat: Catalogue) -> Figure | None:
    """Theme priorities per party and the group (issue 21), shaded as the weights are; None without a tree."""
    grid = theme_grid(results, cat)
    if grid is None:
        return None
    title = cat("fig.themes")
    return Figure("themes", title, heatmap("themes", title, grid[0], grid[1], grid[2], cat,
                                           x_label=f"{cat('col.weight')} (%)", cell=96, col_wrap=15))


def multi_actor_figure(results: Results, cat: Catalogue) -> Figure:
    ids = tb.stakeholder_ids(results)
    scores = {label: {r["measure"]: r["score"] for r in rows} for label, rows in results["scores"]["rankings"].items()}
    order = [r["measure"] for r in tb.group_rows(results)]
    series = [(_label(results, m), [_scored(scores[s][m], m) for s in ids]) for m in order]
    title = cat("fig.multi_actor")
    svg = multi_actor_chart("multi_actor", title, [tb.stakeholder_label(results, s, cat) for s in ids], series,
                            min(7, len(series)), cat("fig.multi_actor.axis", method=tb.method_label(results)),
                            cat("fig.multi_actor.xaxis"), cat("fig.multi_actor.others"), cat)
    return Figure("multi_actor", title, svg)


def frontier_figure(results: Results, cat: Catalogue) -> Figure | None:
    points = [p for p in tb.frontier_rows(results) if p["spend"] is not None and p["objective"] is not None]
    port = tb.portfolio_info(results)  # a frontier comes with a portfolio
    if not points or port is None:
        return None
    mark = next((i for i, p in enumerate(points) if sorted(p["selected"]) == sorted(port["selected"])), None)
    title = cat("fig.frontier")
    name = port["objective_name"]
    svg = line_chart("frontier", title, [p["spend"] for p in points], [p["objective"] for p in points],
                     _word(cat, "frontier.spend"), f"{cat('fig.frontier.y')}: {tb.objective_label(name, cat)}", cat,
                     mark=mark, y_money=name == "npv", steps=True, mark_label=_word(cat, "package"))
    return Figure("frontier", title, svg)


def acceptability_figure(results: Results, cat: Catalogue) -> Figure | None:
    smaa = tb.smaa_info(results)
    if smaa is None:
        return None
    ra = smaa["rank_acceptability"]
    order = sorted(range(len(ra)), key=lambda i: [-x for x in ra[i]])
    n = len(ra[0])
    title = cat("fig.acceptability")
    svg = heatmap("acceptability", title, [_label(results, smaa["measures"][i]) for i in order],
                  [str(r + 1) for r in range(n)], [ra[i] for i in order], cat,
                  x_label=f"{cat('fig.acceptability.x')} (%)", cell=28 if n > 12 else 48, show_text=True)
    return Figure("acceptability", title, svg)


def stability_figure(results: Results, cat: Catalogue) -> Figure | None:
    st = tb.stability_info(results)
    if st is None:
        return None
    crit = tb.criterion_names(results)
    title = cat("fig.stability")
    inner = [[lo if lo is not None else w, hi if hi is not None else w]
             for (lo, hi), w in zip(st["ranking_interval"], st["weights"])]
    svg = interval_chart("stability", title, [crit.get(c, c) for c in st["criteria"]], st["weights"],
                         inner, st["top_interval"], cat("fig.stability.axis"), cat)
    return Figure("stability", title, svg)


def tornado_figure(results: Results, cat: Catalogue) -> Figure | None:
    t = tb.tornado_info(results)
    if t is None or t["base_npv"] is None:
        return None
    bars = [b for b in t["bars"] if b["npv_low"] is not None and b["npv_high"] is not None
            and abs(b["npv_high"] - b["npv_low"]) > 1e-6 * max(1.0, abs(t["base_npv"]))]
    if not bars:
        return None
    bars.sort(key=lambda b: -abs(b["npv_high"] - b["npv_low"]))
    title = cat("fig.tornado")
    labels = [tornado_bar(results, b, cat)["label"] for b in bars]
    svg = tornado_chart("tornado", title, labels, [b["npv_low"] for b in bars], [b["npv_high"] for b in bars],
                        t["base_npv"], f"{cat('col.npv')} {t['measure']}", cat, money=True)
    return Figure("tornado", title, svg)


def tornado_rank_figure(results: Results, cat: Catalogue) -> Figure | None:
    t = tb.tornado_info(results)
    if t is None or t["base_rank"] is None:
        return None
    bars = [b for b in t["bars"] if b["rank_low"] is not None and b["rank_high"] is not None
            and (b["rank_low"], b["rank_high"]) != (t["base_rank"], t["base_rank"])]
    if not bars:
        return None
    bars.sort(key=lambda b: (-(max(b["rank_low"], b["rank_high"]) - t["base_rank"]), b["input"]))
    title = cat("fig.tornado_rank")
    labels = [tornado_bar(results, b, cat)["label"] for b in bars]
    svg = tornado_chart("tornado_rank", title, labels, [float(b["rank_low"]) for b in bars],
                        [float(b["rank_high"]) for b in bars], float(t["base_rank"]),
                        cat("fig.tornado_rank.axis", measure=t["measure"]), cat, money=False)
    return Figure("tornado_rank", title, svg)


def tornado_portfolio_figure(results: Results, cat: Catalogue) -> Figure | None:
    t = tb.tornado_info(results)
    port = tb.portfolio_info(results)
    if t is None or port is None or t["base_portfolio"] is None:
        return None
    base = t["base_portfolio"]
    bars = [b for b in t["bars"] if b["portfolio_low"] is not None and b["portfolio_high"] is not None
            and max(abs(b["portfolio_low"] - base), abs(b["portfolio_high"] - base)) > 1e-9 * max(1.0, abs(base))]
    if not bars:
        return None
    bars.sort(key=lambda b: (-abs(b["portfolio_high"] - b["portfolio_low"]), b["input"]))
    title = cat("fig.tornado_portfolio")
    labels = [tornado_bar(results, b, cat)["label"] for b in bars]
    name = port["objective_name"]
    svg = tornado_chart("tornado_portfolio", title, labels, [b["portfolio_low"] for b in bars],
                        [b["portfolio_high"] for b in bars], base,
                        cat("fig.tornado_portfolio.axis", objective=name), cat, money=name == "npv")
    return Figure("tornado_portfolio", title, svg)


def core_index_figure(results: Results, cat: Catalogue) -> Figure | None:
    core = tb.core_index(results)
    if not core:
        return None
    order = sorted(core, key=lambda m: (-(core[m] or 0.0), m))
    title = cat("fig.core_index")
    svg = hbar_chart("core_index", title, [_label(results, m) for m in order], [core[m] for m in order],
                     cat("fig.core_index.axis"), cat, percent=True)
    return Figure("core_index", title, svg)


FIGURES: dict[str, Callable[[Results, Catalogue], Figure | None]] = {
    "npv": npv_figure, "weights": weights_figure, "multi_actor": multi_actor_figure, "frontier": frontier_figure,
    "acceptability": acceptability_figure, "stability": stability_figure, "tornado": tornado_figure,
    "tornado_rank": tornado_rank_figure,
    "core_index": core_index_figure, "tornado_portfolio": tornado_portfolio_figure,
    "map_portfolio": portfolio_map, "map_priority": priority_map, "map_core": core_map,
    "roadmap": roadmap_figure, "spend": spend_figure, "monitoring": monitoring_figure, "themes": themes_figure,
}


def render(name: str, results: Results, cat: Catalogue) -> Figure | None:
    """The figure ``name`` of :data:`FIGURES`, or None when its data is absent."""
    return FIGURES[name](results, cat)
