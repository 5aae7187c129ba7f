"""The HTML report in headless Chromium: no console errors, every chart drawn, the weight
explorer ranks as mkba.mcda does, and a measure named <script>alert(1)</script> stays text.

Chromium is driven by :mod:`mkba.testing.chromium`. The tests skip only when no Chromium
binary is on PATH (CI installs the Debian packages chromium and chromium-driver).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from mkba import mcda
from mkba.writers import to_json
from mkba.pipeline import run
from mkba.report import render
from mkba.report.mapfig import _parts

ROOT = Path(__file__).resolve().parents[2]
KRAAIHOEK = ROOT / "scenarios" / "kraaihoek" / "scenario.yaml"
XSS = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def results() -> dict:
    return json.loads(to_json(run(KRAAIHOEK).to_dict()))


def _page(tmp_path: Path, results: dict, name: str = "report.html", lang: str | None = None) -> Path:
    path = tmp_path / name
    path.write_bytes(render(results, "html", lang=lang))
    return path


def test_report_has_no_console_errors_and_every_chart_has_a_box(browser, results, tmp_path):
    browser.open(_page(tmp_path, results))
    assert browser.problems() == []
    boxes = browser.js("""Array.from(document.querySelectorAll('svg.chart')).map(function (s) {
        var r = s.getBoundingClientRect(); return [s.id, r.width, r.height, s.childElementCount]; })""")
    ids = [b[0] for b in boxes]
    for expected in ("fig-npv", "fig-weights", "fig-multi_actor", "fig-explorer", "fig-frontier",
                     "fig-acceptability", "fig-stability", "fig-tornado"):
        assert expected in ids
    for ident, width, height, children in boxes:
        assert width > 50 and height > 50 and children > 1, (ident, width, height, children)
    # nothing is fetched: every resource is the page itself
    assert browser.js("performance.getEntriesByType('resource').length") == 0


A4_CONTENT_MM = 210 - 2 * 12
"""A4's width less the left and right margins of the report's ``@page`` rule (report.css)."""


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "nl"])
def test_report_prints_on_a4(browser, results, tmp_path, lang):
    browser.open(_page(tmp_path, results, f"print-{lang}.html", lang=lang))
    # lay the page out as the printer does: print media, the width of an A4 page inside its margins
    width = round(A4_CONTENT_MM / 25.4 * 96)
    browser.send("Emulation.setEmulatedMedia", {"media": "print"})
    browser.send("Emulation.setScrollbarsHidden", {"hidden": True})
    browser.send("Emulation.setDeviceMetricsOverride", {"width": width, "height": 1123, "deviceScaleFactor": 1,
                                                        "mobile": False})
    browser.settle(0.2)
    layout = browser.js("""(function () {
        var page = document.documentElement.clientWidth;
        var shown = Array.from(document.querySelectorAll('table, svg')).filter(function (e) {
            return e.getClientRects().length > 0; });
        return {page: page, scroll: document.documentElement.scrollWidth, count: shown.length,
                wide: shown.map(function (e) { var r = e.getBoundingClientRect();
                    return [e.id || e.tagName, Math.round(r.left), Math.round(r.right)]; })
                  .filter(function (b) { return b[1] < -0.5 || b[2] > page + 0.5; }),
                places: document.querySelectorAll('#table-rank_acceptability thead th').length,
                places_shown: Array.from(document.querySelectorAll('#table-rank_acceptability thead th'))
                  .filter(function (th) { return th.getClientRects().length > 0; }).length,
                note: Array.from(document.querySelectorAll('.print-only')).filter(function (e) {
                    return e.getClientRects().length > 0; }).length};
    })()""")
    assert layout["page"] == width
    assert layout["count"] > 20  # the tables and charts are laid out, not hidden
    assert layout["wide"] == [], (f"wider than an A4 page ({width}px): {layout['wide']}; the report is set in Arial: "
                                  "without it or a font of its metrics (Debian: fonts-liberation) Chromium falls "
                                  "back to a wider font")
    assert layout["scroll"] <= width
    # the rank-acceptability table prints places 1-10 (with a note); the heatmap shows all
    assert layout["places"] == 2 + len(results["matrix"]["measures"]) + 2
    assert layout["places_shown"] == 2 + 10 + 2 and layout["note"] == 1
    pdf = browser.send("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True}, timeout=60)
    assert len(pdf["data"]) > 10_000
    assert browser.problems() == []


def _python_ranking(results: dict, method: str, influence: list[float], factors: list[float]) -> tuple[list, list]:
    criteria = [c["id"] for c in results["matrix"]["criteria"]]
    ids = [s["id"] for s in results["scenario"]["stakeholders"]]
    weights = np.array([[results["weights"]["stakeholders"][s]["weights"][c] for c in criteria] for s in ids])
    share = np.asarray(influence) / np.sum(influence)
    w = (share @ weights) * np.asarray(factors)
    w = w / w.sum()
    values = np.asarray(results["matrix"]["values"], dtype=float)
    types = np.array([1 if c["direction"] == "benefit" else -1 for c in results["matrix"]["criteria"]])
    scores = mcda.evaluate(method, values, w, types)
    ranks = mcda.rank(scores)
    order = [results["matrix"]["measures"][i] for i in np.argsort(ranks, kind="stable")]
    return order, [int(ranks[results["matrix"]["measures"].index(m)]) for m in order]


SETTINGS = [
    ("topsis", None, None),
    ("wsm", None, None),
    ("topsis", {"huurders": 2.0}, None),                       # the tenants count double
    ("wsm", {"huurders": 2.0, "gemeente": 0.5}, [1, 2.0, 1, 1, 1, 1]),
    ("topsis", {"corporatie": 0.0, "warmtebedrijf": 4.0}, [0.3, 1, 1, 2.5, 1, 0]),
    ("wsm", {"scholen": 3.0}, [0, 1, 1, 1, 1, 1]),
]


@pytest.mark.parametrize("method,influence,factors", SETTINGS)
def test_explorer_ranking_equals_python(browser, results, tmp_path, method, influence, factors):
    browser.open(_page(tmp_path, results, "explorer.html"))
    ids = [s["id"] for s in results["scenario"]["stakeholders"]]
    raw = [s["influence"] for s in results["scenario"]["stakeholders"]]
    target_influence = [float((influence or {}).get(s, r)) for s, r in zip(ids, raw)]
    target_factors = [float(f) for f in (factors or [1.0] * len(results["matrix"]["criteria"]))]
    state = browser.js(f"""(function (s) {{
        document.getElementById('explorer-reset').click();
        document.getElementById('method-' + s.method).click();
        s.influence.forEach(function (v, k) {{ document.getElementById('influence-' + k).value = String(v); }});
        s.factors.forEach(function (v, j) {{ document.getElementById('criterion-' + j).value = String(v); }});
        document.getElementById('criterion-0').dispatchEvent(new Event('input', {{bubbles: true}}));
        return {{
          rows: Array.from(document.querySelectorAll('#explorer-ranking tbody tr')).map(function (tr) {{
            return [tr.getAttribute('data-measure'), Number(tr.getAttribute('data-rank'))]; }}),
          influence: Array.from(document.querySelectorAll("input[id^='influence-']")).map(function (e) {{
            return Number(e.value); }}),
          factors: Array.from(document.querySelectorAll("input[id^='criterion-']")).map(function (e) {{
            return Number(e.value); }}),
          bars: document.querySelectorAll('#fig-explorer rect').length,
          thickness: Array.from(new Set(Array.from(document.querySelectorAll('#fig-explorer rect.bar')).map(
            function (r) {{ return r.getAttribute('height'); }})))
        }};
    }})({json.dumps({"method": method, "influence": target_influence, "factors": target_factors})})""")
    assert state["influence"] == pytest.approx(target_influence)
    assert state["factors"] == pytest.approx(target_factors)
    order, ranks = _python_ranking(results, method, state["influence"], state["factors"])
    assert [r[0] for r in state["rows"]] == order
    assert [r[1] for r in state["rows"]] == ranks
    assert state["bars"] == len(order)
    assert state["thickness"] == ["14.0"]  # one thickness, whatever the labels wrap to
    if influence is None and factors is None and method == results["scores"]["method"]:
        # at the scenario's own weights the explorer reproduces the report's group ranking
        assert order == [r["measure"] for r in results["scores"]["rankings"]["group"]]
    assert browser.problems() == []


def test_script_in_a_measure_name_is_shown_as_text(browser, results, tmp_path):
    hostile = json.loads(json.dumps(results))
    hostile["scenario"]["measures"][0]["name"] = XSS
    hostile["scenario"]["name"] = f"Wijk {XSS}"
    hostile["scenario"]["stakeholders"][0]["name"] = "</script><script>alert(2)</script>"
    hostile["weights"]["stakeholders"]["corporatie"]["name"] = "</script><script>alert(2)</script>"
    browser.open(_page(tmp_path, hostile, "hostile.html"))
    browser.settle(0.3)
    assert browser.dialogs() == []
    assert browser.problems() == []
    assert browser.js("document.querySelectorAll('script').length") == 2  # the JSON data and the explorer
    text = browser.js("document.body.innerText")
    assert XSS in text
    cell = browser.js(f"""Array.from(document.querySelectorAll('#explorer-ranking td')).some(function (td) {{
        return td.textContent === {json.dumps(XSS)}; }})""")
    assert cell is True


def test_maps_render_every_measure_with_labels_that_do_not_overlap(browser, results, tmp_path):
    browser.open(_page(tmp_path, results, "map.html"))
    located = sorted(results["map"]["measures"])
    maps = browser.js("""Array.from(document.querySelectorAll('svg[id^="fig-map_"]')).map(function (s) {
        var groups = Array.from(s.querySelectorAll('g.measure')).map(function (g) {
            var b = g.getBBox(); return [g.dataset.measure, b.width, b.height]; });
        var labels = Array.from(s.querySelectorAll('text.map-label, text.area-label')).map(function (t) {
            var r = t.getBoundingClientRect(); return [t.textContent, r.left, r.top, r.right, r.bottom]; });
        return [s.id, groups, labels]; })""")
    assert sorted(m[0] for m in maps) == ["fig-map_core", "fig-map_portfolio", "fig-map_priority"]
    for ident, groups, labels in maps:
        assert sorted(g[0] for g in groups) == located, ident
        assert all(w > 0 and h > 0 for _, w, h in groups), ident
        codes = [lab[0] for lab in labels if lab[0] in located]
        assert sorted(set(codes)) == located, ident  # every measure labelled, each part of it (test_map.py)
        assert len(codes) == sum(len(_parts(results["map"]["measures"][m]["geometry"])) for m in located), ident
        for k, a in enumerate(labels):  # as the browser lays them out, not as estimated
            for b in labels[k + 1:]:
                overlap = min(a[3], b[3]) - max(a[1], b[1]), min(a[4], b[4]) - max(a[2], b[2])
                assert overlap[0] <= 0.5 or overlap[1] <= 0.5, (ident, a, b)


# -- layout on screens and paper, for every bundled scenario ---------------------------------------

SCENARIOS = sorted((ROOT / "scenarios").glob("*/*.yaml"))
SCREEN = 1280
A4_PRINT_PX = round(A4_CONTENT_MM / 25.4 * 96)
A4_HEIGHT_PX = (297 - 15 - 16) / 25.4 * 96
"""A4's printable height (px) inside the top and bottom margins of the report's ``@page`` rule."""
WIDE = """(function () {
    var page = document.documentElement.clientWidth, out = [];
    document.querySelectorAll('body *').forEach(function (e) {
        if (!e.getClientRects().length || e.closest('svg') && e.tagName.toLowerCase() !== 'svg') return;
        var r = e.getBoundingClientRect();
        if (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible' || r.right > page + 0.5)
            out.push([e.tagName.toLowerCase() + (e.id ? '#' + e.id : ''), Math.round(r.right), e.scrollWidth]);
    });
    return {page: page, scroll: document.documentElement.scrollWidth, wide: out};
})()"""
BROKEN_WORDS = """(function () {
    var out = [];
    document.querySelectorAll('h1, h2, h3, th, caption').forEach(function (e) {
        if (!e.getClientRects().length) return;
        var walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT), node;
        while ((node = walker.nextNode())) {
            var re = /[^\\s\\-\\u2013\\/]+/g, m;
            while ((m = re.exec(node.data))) {
                var range = document.createRange();
                range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
                var lines = new Set(Array.from(range.getClientRects()).map(function (r) {
                    return e.closest('th') && getComputedStyle(e).writingMode !== 'horizontal-tb'
                        ? Math.round(r.left) : Math.round(r.top); }));
                if (lines.size > 1) out.push(m[0]);
            }
        }
    });
    return out;
})()"""
"""Words of headings, table headers and captions that are split over two lines (a break mid-word)."""
BREAK_LAYOUT = ("figure.chart-figure { break-inside: auto !important; } svg.chart { max-height: none !important; } "
                "figcaption { break-before: auto !important; }")


def _scenario_results(path: Path) -> dict:
    return json.loads(to_json(run(path).to_dict()))


@pytest.fixture(scope="module", params=SCENARIOS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def bundled(request) -> tuple[Path, dict]:
    return request.param, _scenario_results(request.param)


def _lay_out(browser, media: str, width: int) -> dict:
    browser.send("Emulation.setEmulatedMedia", {"media": media})
    browser.send("Emulation.setScrollbarsHidden", {"hidden": True})
    browser.send("Emulation.setDeviceMetricsOverride", {"width": width, "height": 1000, "deviceScaleFactor": 1,
                                                        "mobile": False})
    browser.settle(0.1)
    return browser.js(WIDE)


def _print(browser) -> bytes:
    import base64

    reply = browser.send("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True,
                                             "generateTaggedPDF": True}, timeout=120)
    return base64.b64decode(reply["data"])


def _break(browser, css: str) -> None:
    browser.js(f"(function () {{ var s = document.createElement('style'); s.textContent = {json.dumps(css)}; "
               "document.head.appendChild(s); return 1; })()")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_element_is_wider_than_the_page_on_screen_and_on_a4(browser, bundled, tmp_path, lang):
    """At 1280 px and at the width of an A4 page, no table, chart or text runs past the page or
    hides columns behind a scroll bar (an element that scrolls sideways counts as too wide)."""
    path, results = bundled
    browser.open(_page(tmp_path, results, f"{path.stem}-{lang}.html", lang=lang))
    for media, width in (("screen", SCREEN), ("print", A4_PRINT_PX)):
        layout = _lay_out(browser, media, width)
        assert layout["page"] == width
        assert layout["wide"] == [] and layout["scroll"] <= width, (path.parent.name, lang, media, layout["wide"])
        assert browser.js(BROKEN_WORDS) == [], (path.parent.name, lang, media)  # e.g. "Woningcorporati/e"
    assert browser.problems() == []


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a4_print_keeps_every_figure_on_one_page(browser, bundled, tmp_path, lang):
    """Printed to PDF: a sane number of pages, every printed <figure> (chart and caption) on one page."""
    from mkba.testing.chromium import pdf_figures, pdf_pages

    path, results = bundled
    browser.open(_page(tmp_path, results, f"{path.stem}-{lang}-print.html", lang=lang))
    layout = browser.js("""(function () {
        return {height: document.documentElement.scrollHeight,
                figures: Array.from(document.querySelectorAll('figure')).filter(function (f) {
                    return f.getClientRects().length > 0; }).length}; })()""")
    browser.send("Emulation.setEmulatedMedia", {"media": "print"})
    printed = browser.js("Array.from(document.querySelectorAll('figure')).filter(function (f) { "
                         "return f.getClientRects().length > 0; }).length")
    pdf = _print(browser)
    pages = len(pdf_pages(pdf))
    figures = pdf_figures(pdf)
    assert 2 <= pages <= 80, pages
    # about as many pages as the screen layout's height fills, at most three times that (blank pages, breaks)
    assert pages <= 3 * layout["height"] / A4_HEIGHT_PX + 3, (pages, layout["height"])
    assert len(figures) == printed >= 1 and printed <= layout["figures"]
    split = [f for f in figures if len(f[1]) != 1]
    assert split == [], f"{path.parent.name} ({lang}): figures across pages {split}"
    assert browser.problems() == []


def test_the_layout_checks_see_a_broken_layout(browser, results, tmp_path):
    """The two checks above fail when the layout is wrong: a figure allowed to break over pages (the
    Kraaihoek NPV chart is taller than a page) and a table wider than the page are found."""
    from mkba.testing.chromium import pdf_figures

    browser.open(_page(tmp_path, results, "broken.html"))
    _break(browser, BREAK_LAYOUT)
    assert any(len(pages) > 1 for _, pages in pdf_figures(_print(browser)))
    _break(browser, "table { min-width: 1400px; }")
    assert _lay_out(browser, "screen", SCREEN)["wide"]
    assert _lay_out(browser, "print", A4_PRINT_PX)["wide"]
    _break(browser, "th { max-width: 4em !important; min-width: 0 !important; overflow-wrap: anywhere !important; } "
                    "table { min-width: 0 !important; }")
    assert "Woningcorporatie" in browser.js(BROKEN_WORDS)


def _text_blocks(pdf: bytes) -> int:
    """The number of text objects (BT ... ET) in the PDF's content streams."""
    import re
    import zlib

    count = 0
    for m in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            count += len(re.findall(rb"\bBT\b", zlib.decompress(m.group(1))))
        except zlib.error:  # an image or font stream
            pass
    return count


def test_a4_pages_are_numbered(browser, results, tmp_path):
    """Every printed page carries its number ("3 / 31") in the bottom margin (CSS @page margin box):
    the same report printed without the margin box has at least one text object less per page."""
    from mkba.testing.chromium import pdf_pages

    browser.open(_page(tmp_path, results, "numbers.html"))
    numbered = _print(browser)
    _break(browser, "@page { @bottom-right { content: none; } }")
    bare = _print(browser)
    pages = len(pdf_pages(numbered))
    assert pages == len(pdf_pages(bare)) > 3
    assert _text_blocks(numbered) - _text_blocks(bare) >= pages
