"""The report's charts: ticks for any money from 1e-12 to 1e15 EUR, bars of one thickness, the
saldo chart marking the package, the frontier plotted against investment."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from mkba.pipeline import run
from mkba.report import figures
from mkba.report.i18n import catalogue
from mkba.report.svg import _decimals, _money_scale, nice_ticks
from mkba.writers import to_json

KRAAIHOEK = Path(__file__).resolve().parents[2] / "scenarios" / "kraaihoek" / "scenario.yaml"
money = st.floats(min_value=1e-12, max_value=1e15) | st.floats(min_value=-1e15, max_value=-1e-12) | st.just(0.0)


@pytest.fixture(scope="module")
def results() -> dict:
    return json.loads(to_json(run(KRAAIHOEK, sensitivity=False).to_dict()))


@given(money, money)
def test_ticks_cover_any_money_range_with_distinct_labels(a, b):
    lo, hi = min(a, b), max(a, b)
    ticks = nice_ticks(lo, hi)
    assert 2 <= len(ticks) <= 12
    assert all(math.isfinite(t) for t in ticks)
    assert all(x < y for x, y in zip(ticks, ticks[1:]))
    step = ticks[1] - ticks[0]
    assert ticks[0] <= lo + 1e-8 * step and ticks[-1] >= hi - 1e-8 * step  # within a billionth of a step
    divisor, unit = _money_scale([lo, hi], catalogue("nl"))
    scaled = [t / divisor for t in ticks]
    shown = [round(t, _decimals(scaled)) for t in scaled]
    assert len(set(shown)) == len(ticks), (ticks, divisor)  # the labels tell the ticks apart
    assert shown == pytest.approx(scaled, rel=1e-9, abs=1e-9 * (scaled[1] - scaled[0]))  # and show them exactly
    assert unit.endswith("EUR")


def test_tick_labels_show_quarter_steps_exactly():
    assert _decimals([0.0, 0.25, 0.5, 0.75]) == 2  # 0,25 and 0,75, not 0,3 and 0,8
    assert _decimals([0.0, 0.5, 1.0]) == 1 and _decimals([0.0, 2.0, 4.0]) == 0 and _decimals([0.0, 2.5, 5.0]) == 1


@given(st.lists(money, min_size=1, max_size=6))
def test_charts_draw_any_money(values):
    cat = catalogue("nl")
    labels = [f"M{k}" for k in range(len(values))]
    for svg in (figures.hbar_chart("x", "t", labels, values, "saldo", cat, money=True),
                figures.tornado_chart("x", "t", labels, values, [v * 2 for v in values], values[0], "saldo", cat,
                                      money=True),
                figures.line_chart("x", "t", [abs(v) for v in values], values, "investering", "waarde", cat,
                                   mark=0, y_money=True, steps=True)):
        numbers = [float(n) for n in re.findall(r'(?:x|y|x1|x2|y1|y2|cx|cy|width|height)="(-?[\d.]+)"', svg)]
        assert numbers and all(math.isfinite(n) for n in numbers)
        assert "nan" not in svg and "inf" not in svg.lower().replace("info", "")


@pytest.mark.parametrize("low, high", [(5.0, 8.0), (8.0, 5.0), (-5.0, -8.0), (-8.0, -5.0), (-4.0, 6.0)])
def test_a_tornado_bar_with_both_ends_on_one_side_shows_both(low, high):
    """A future bar (or a measure that gains either way) has both ends on one side of the base: the
    farther end is drawn first and the nearer over it, so neither hides the other."""
    svg = figures.tornado_chart("x", "t", ["M1"], [low], [high], 0.0, "saldo", catalogue("nl"), money=False)
    bars = re.findall(r'<rect class="bar" x="([\d.]+)" y="[\d.]+" width="([\d.]+)" height="[\d.]+" fill="(#\w+)"', svg)
    assert len(bars) == 2
    widths = {fill: float(w) for _, w, fill in bars}
    assert widths["#E69F00"] != widths["#0072B2"]
    if (low > 0) == (high > 0):  # one side: the later-drawn (visible on top) bar is the shorter one
        assert float(bars[1][1]) < float(bars[0][1])


def test_every_bar_of_a_chart_is_equally_thick(results):
    cat = catalogue("nl")
    for name in ("npv", "tornado"):
        fig = figures.render(name, results, cat)
        if fig is None:
            continue
        heights = set(re.findall(r'<rect class="bar" [^>]*height="([\d.]+)"', fig.svg))
        assert heights == {f"{figures.BAR:.1f}"}, name
    # the labels wrap over one to four lines, the bars do not follow them
    npv = figures.render("npv", results, cat)
    assert len({t.count("<tspan") for t in re.findall(r"<text[^>]*text-anchor=\"end\"[^>]*>.*?</text>", npv.svg)}) > 1


def test_saldo_chart_marks_the_package(results):
    svg = figures.render("npv", results, catalogue("nl")).svg
    bands = [float(y) for y in re.findall(r'<rect class="marked" x="2" y="([\d.]+)"', svg)]
    assert len(bands) == len(results["portfolio"]["selected"])
    assert "in het voorgestelde pakket" in svg
    bold = re.findall(r'font-weight="bold"><tspan[^>]*>(\S+) ', svg)
    assert sorted(bold) == sorted(results["portfolio"]["selected"])


def test_frontier_is_value_against_investment(results):
    points = results["portfolio"]["frontier"]["points"]
    svg = figures.render("frontier", results, catalogue("nl")).svg
    assert "Investering van het pakket (nominaal)" in svg and "value+npv" not in svg
    line = re.search(r'<polyline class="line" points="([^"]+)"', svg).group(1)
    xs = [float(p.split(",")[0]) for p in line.split()]
    assert xs == sorted(xs)  # never back: the frontier is efficient in investment
    # the tooltips carry the investment (spend) of each point, not its present-value cost
    shown = re.findall(r"<circle[^>]*r=\"3.5\"[^>]*><title>([^:]+):", svg)
    cat = catalogue("nl")
    assert sorted(shown) == sorted(cat.money(p["spend"]) for p in points if p["spend"] is not None
                                   and p["objective"] is not None)
    assert 'class="mark"' in svg


def test_a_report_with_tiny_and_huge_money_renders(results):
    from mkba.report import render

    for factor in (1e-18, 1e8):
        scaled = json.loads(json.dumps(results))
        for p in scaled["portfolio"]["frontier"]["points"]:
            p["spend"] = p["spend"] * factor if p["spend"] is not None else None
        for m in scaled["appraisal"]["measures"].values():
            m["npv"] = m["npv"] * factor if m["npv"] is not None else None
        html = render(scaled, "html").decode()
        assert 'id="fig-frontier"' in html and 'id="fig-npv"' in html
