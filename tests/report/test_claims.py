"""The first screen of every bundled scenario, read as a steering-group member reads it and checked
against results.json (issue 16): every euro figure is one field of results.json as the report formats
it, the package and the measures left out are disjoint, the simple package's broken rules are named,
no code words and no negative percentages in the prose, one robustness vocabulary.

Kraaihoek runs in the fast lane; the other bundled scenarios in the slow lane.
"""

from __future__ import annotations

import html as htmlmod
import json
import re
from pathlib import Path

import pytest

from mkba.pipeline import run
from mkba.report import render, sentences, tables as tb
from mkba.report.i18n import catalogue, format_value
from mkba.writers import to_json

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = sorted(p for p in (ROOT / "scenarios").glob("*/scenario*.yaml"))
FAST = {"kraaihoek"}

CODE_WORDS = ("value+npv", "greedy", "nl-2021", "nl-2026", "uk-green-book", "budget_total", "budget_cumulative",
              "running_cost", "pm_", "linear metagewichten", "linear meta", "borderline", "exterior", "None", "nan",
              "Altijd erin", "Twijfelgevallen", "Zeker in het pakket", "Always in (core)", "In every efficient")
"""Code names and the old, contradicting robustness lists, never in the text a reader reads first."""
NEGATIVE_PERCENT = re.compile(r"[-−]\s?\d+(?:[.,]\d+)?\s?%")
EURO = {"nl": re.compile("€[ \u00a0]−?\\d{1,3}(?:\\.\\d{3})*(?:,\\d+)?(?:[ \u00a0]mln)?"),
        "en": re.compile("−?\u2060?€\\d{1,3}(?:,\\d{3})*(?:\\.\\d+)?(?:[ \u00a0]million)?")}
"""An amount as the report writes it in running text (no-break spaces, a word joiner after the sign)."""
INTERNAL_NOTES = ("nagelezen", "until the primary report is checked", "TODO", "FIXME")


def _params():
    for path in SCENARIOS:
        marks = () if path.parent.name in FAST else (pytest.mark.slow,)
        yield pytest.param(path, marks=marks, id=f"{path.parent.name}/{path.stem}")


@pytest.fixture(scope="module", params=list(_params()))
def results(request) -> dict:
    return json.loads(to_json(run(request.param).to_dict()))


def _numbers(node) -> list[float]:
    """Every number in results.json (booleans left out)."""
    if isinstance(node, dict):
        return [x for v in node.values() for x in _numbers(v)]
    if isinstance(node, list):
        return [x for v in node for x in _numbers(v)]
    if isinstance(node, (int, float)) and not isinstance(node, bool):
        return [float(node)]
    return []


def _first_screen(results: dict, lang: str) -> tuple[str, list]:
    """The prose of the decision proposal and the summary, and their tables."""
    report = tb.build(results, lang)
    sections = [s for s in report.sections if s.id in ("decision", "summary")]
    text = " ".join(p for s in sections for p in (*s.intro, s.callout, *s.paragraphs))
    tables = [b for s in sections for b in s.blocks if isinstance(b, tb.Table)]
    return text, tables


def _visible_html(page: str, section: str) -> str:
    start = page.index(f'<section id="{section}"')
    part = page[start:page.index("</section>", start)]
    return htmlmod.unescape(" ".join(re.sub(r"<[^>]+>", " ", part).split()))


def _md_section(md: str, title: str) -> str:
    start = md.index(f"## {title}")
    end = md.find("\n## ", start + 3)
    return md[start:end if end > 0 else None]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_euro_figure_of_the_first_screen_is_one_field(results, lang):
    cat = catalogue(lang)
    # as running text writes an amount: compact, or in millions to two decimals where two amounts named
    # together share a scale (the futures' spread)
    fields = {cat.money(x) for x in _numbers(results)} | {cat.money(x, 2, millions=True) for x in _numbers(results)}
    text, tables = _first_screen(results, lang)
    figures = EURO[lang].findall(text)
    assert figures, "the proposal names the package's money"
    stray = [f for f in figures if f not in fields]
    assert stray == [], f"euro figures that are no field of results.json: {stray}"
    # the tables of the first screen: every amount is one field as the table formats it
    cells = {format_value(x, "money", lang) for x in _numbers(results)}
    for table in tables:
        for k, col in enumerate(table.columns):
            for row in table.rows:
                value = row[k]
                if table.id == "budgets" and col.key == "room":  # what is left: the cap less what is used
                    assert value == pytest.approx(row[1] - row[2])
                elif col.kind == "money" and isinstance(value, (int, float)):
                    assert format_value(value, "money", lang) in cells, (table.id, col.key, value)


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("fmt", ["html", "md"])
def test_the_rendered_proposal_keeps_its_claims(results, lang, fmt):
    """Read in the rendered file: the decision block comes first, says what is proposed, lists the
    package and the left-out measures disjointly, and names the simple package's broken rules."""
    cat = catalogue(lang)
    page = render(results, fmt, lang=lang).decode()
    if fmt == "html":
        first = _visible_html(page, "decision") + " " + _visible_html(page, "summary")
        assert page.index('<section id="decision"') < page.index('<section id="summary"')
    else:
        first = _md_section(page, cat("section.decision")) + _md_section(page, cat("section.summary"))
        assert page.index(f"## {cat('section.decision')}") < page.index(f"## {cat('section.summary')}")
    port = results.get("portfolio")
    description = results["scenario"].get("description", "")
    if description:
        assert " ".join(description.split())[:60] in " ".join(first.split()).replace("\\", "")
    if results.get("map", {}).get("illustrative"):
        assert cat("map.illustrative") in first
    for word in CODE_WORDS:
        assert word not in first, word
    for note in INTERNAL_NOTES:
        assert note not in page, note
    if port is None or not port["selected"]:
        return
    package = port["package"]
    chosen = [r["measure"] for r in package["measures"]]
    assert chosen == port["selected"]
    left = [i["measure"] for i in port.get("left_out", [])]
    assert not set(left) & set(chosen), "a measure is both proposed and left out"
    for m in chosen + left:
        assert m in first
    greedy = port["greedy"]
    if greedy is not None and not greedy["feasible"]:
        # the comparison names each rule the simple package breaks, and never calls its higher value a loss
        assert greedy["broken"], "an infeasible simple package comes with the rules it breaks"
        flat = " ".join(first.split()).replace("\\", "")
        for part in greedy["broken"]:
            assert sentences.part_phrase(results, part, cat, need=True) in flat
        assert cat("greedy.less", rule="", items="", lost="", share="")[-12:] not in flat


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_prose_has_no_code_words_no_negative_percentages_and_one_robustness_vocabulary(results, lang):
    report = tb.build(results, lang)
    prose = [p for s in report.sections for p in (*s.intro, *s.paragraphs)]
    notes = [b.note for s in report.sections for b in s.blocks if isinstance(b, tb.Table)]
    for text in prose:
        assert not NEGATIVE_PERCENT.search(text), text
        for word in CODE_WORDS:
            assert word not in text, (word, text)
    for text in notes:
        for word in ("value+npv", "greedy", "linear metagewichten", "uk-green-book", "nl-2021"):
            assert word not in text, (word, text)
    # one truth: the firmness sentence names as 'not always' exactly the chosen measures with a core index below 1
    port = results.get("portfolio")
    sens = results.get("sensitivity") or {}
    core = sens.get("core_index") or {}
    if port and port["selected"] and core:
        decision = " ".join(next(s for s in report.sections if s.id == "decision").paragraphs)
        shaky = [m for m in port["selected"] if (core.get(m) or 0.0) < 1.0 - 1e-9]
        for m in port["selected"]:
            assert (f"{m} (" in decision) == (m in shaky), m


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_key_figures_are_the_package_never_the_longlist_sum(results, lang):
    """Kerncijfers never add mutually exclusive variants: with a package they show its totals."""
    cat = catalogue(lang)
    table = next(t for t in tb.build(results, lang).tables if t.id == "key_figures")
    labels = [r[0] for r in table.rows]
    port = results.get("portfolio")
    if port and port["selected"]:
        totals = port["package"]["totals"]
        values = {r[0]: r[1].value for r in table.rows}
        assert values[cat("key.package_costs")] == pytest.approx(totals["pv_costs"])
        assert values[cat("key.package_npv")] == pytest.approx(totals["npv"])
        assert values[cat("key.package_investment")] == pytest.approx(totals["investment"])
    total = results["appraisal"]["totals"]
    shown = [r[1].value for r in table.rows if r[1].kind == "money"]
    assert total["pv_costs"] not in shown and total["npv"] not in shown
    assert all("alle maatregelen" not in label and "all measures" not in label for label in labels)


def test_switching_values_are_empty_where_no_factor_flips_the_saldo(results):
    table = next((t for t in tb.build(results, "nl").tables if t.id == "switching"), None)
    if table is None:
        return
    for row in table.rows:
        for cell in row[3:]:
            assert cell.value == "" or cell.value > 0, row
