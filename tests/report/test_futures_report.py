"""The report's futures section (issue 17 item 4): both futures side by side with the base, in every format
and both languages, from Kraaihoek's results; the wording of the spread; no section without futures."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import openpyxl
import pytest

from mkba.pipeline import run
from mkba.report import render
from mkba.report import tables as tb
from mkba.report.futures import NEAR_ZERO, futures_paragraphs
from mkba.report.i18n import catalogue
from mkba.writers import to_json

ROOT = Path(__file__).resolve().parents[2]
KRAAIHOEK = ROOT / "scenarios" / "kraaihoek" / "scenario.yaml"


@pytest.fixture(scope="module")
def results() -> dict:
    return json.loads(to_json(run(KRAAIHOEK, samples=300).to_dict()))


def _table(report, table_id):
    return next(t for t in report.tables if t.id == table_id)


@pytest.mark.parametrize(("lang", "base", "npv_row", "chosen"), [
    ("nl", "Basis", "Saldo (baten min kosten)", "Het pakket is gekozen in de basis"),
    ("en", "Base", "Net present value (benefits less costs)", "The package is chosen in the base"),
])
def test_the_package_table_shows_base_hoog_and_laag_side_by_side(results, lang, base, npv_row, chosen):
    report = tb.build(results, lang)
    section = next(s for s in report.sections if s.id == "futures")
    assert any(chosen in p for p in section.intro)
    table = _table(report, "futures_package")
    assert [c.label for c in table.columns[2:]] == [base, "WLO Hoog", "WLO Laag"]
    rows = {r[0]: r[2:] for r in table.rows}
    package = results["portfolio"]["package"]["totals"]
    hoog, laag = (f["package"]["totals"] for f in results["futures"])
    assert [c.value for c in rows[npv_row]] == [package["npv"], hoog["npv"], laag["npv"]]
    assert len({c.value for c in rows[npv_row]}) == 3  # the futures differ from the base and each other
    # per measure: saldo and B/K per future for each measure of the package, and the package's total
    per = _table(report, "futures_measures")
    assert [r[0] for r in per.rows[:-1]] == [r["measure"] for r in results["portfolio"]["package"]["measures"]]
    assert per.total_row and per.rows[-1][2::2] == (package["npv"], hoog["npv"], laag["npv"])


def test_every_format_shows_both_futures(results):
    md = render(results, "md").decode()
    section = md.split("## Toekomstscenario's", 1)[1].split("\n## ", 1)[0]
    assert "| Onderdeel | Eenheid | Basis | WLO Hoog | WLO Laag |" in section
    assert "Het pakket is gekozen in de basis" in section and "illustratief" in section
    html = render(results, "html", lang="en").decode()
    body = html.split('<section id="futures">', 1)[1].split("</section>", 1)[0]
    assert re.search(r"<th[^>]*>Base.*<th[^>]*>WLO Hoog.*<th[^>]*>WLO Laag", body)
    book = openpyxl.load_workbook(io.BytesIO(render(results, "xlsx")))
    sheet = book["Pakket per toekomstscenario"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(r for r in values if "WLO Hoog" in r)
    assert header[-3:] == ["Basis", "WLO Hoog", "WLO Laag"]
    assert {"Saldo per toekomstscenario", "Toekomstscenario's"} <= set(book.sheetnames)


def test_the_tornado_has_the_futures_as_a_bar(results):
    bars = [b for b in results["sensitivity"]["tornado"]["bars"] if b["kind"] == "future"]
    assert len(bars) == 1 and {bars[0]["low"], bars[0]["high"]} == {"hoog", "laag"}
    focus = results["sensitivity"]["tornado"]["measure"]
    npv = {f["id"]: f["measures"][focus]["npv"] for f in results["futures"]}
    assert (bars[0]["npv_low"], bars[0]["npv_high"]) == pytest.approx((min(npv.values()), max(npv.values())))
    table = _table(tb.build(results, "nl"), "tornado")
    row = next(r for r in table.rows if r[0] == "toekomstscenario")
    assert {row[1].value, row[2].value} == {"WLO Hoog", "WLO Laag"}


def test_no_futures_no_section(results):
    older = {k: v for k, v in results.items() if k != "futures"}
    older["sensitivity"] = json.loads(json.dumps(results["sensitivity"]))
    older["sensitivity"]["tornado"]["bars"] = [b for b in older["sensitivity"]["tornado"]["bars"] if b["kind"] != "future"]
    report = tb.build(older)
    assert "futures" not in [s.id for s in report.sections]
    assert not any(t.id.startswith("futures") for t in report.tables)


def _with_npv(results: dict, npvs: list[float], costs: float = 10e6) -> dict:
    out = json.loads(json.dumps(results))
    totals = [out["portfolio"]["package"]["totals"]] + [f["package"]["totals"] for f in out["futures"]]
    for t, v in zip(totals, npvs):
        t.update(npv=v, pv_costs=costs, pv_benefits=costs + v)
    return out


@pytest.mark.parametrize(("npvs", "start"), [
    ([1e6, 2e6, 0.5e6], "In every future the package's benefits exceed its costs"),
    ([-1e6, -2e6, -0.5e6], "In no future do the package's benefits outweigh its costs"),
    ([0.5e6, 0.9e6, -0.4e6], "Benefits about equal to costs"),
    ([0.5e6, 3e6, -2e6], "Uncertain whether the benefits exceed the costs"),
])
def test_the_spread_is_worded_as_the_rws_suggests(results, npvs, start):
    assert NEAR_ZERO * 10e6 == 1e6  # the 'about equal' band of these cases: 10 % of 10 mln
    (text,) = futures_paragraphs(_with_npv(results, npvs), catalogue("en"))
    assert text.startswith(start)
    low, high = min(npvs), max(npvs)
    mln = max(abs(low), abs(high)) >= 1e6  # both ends on one scale, in millions when either is a million or more
    assert catalogue("en").money(low, 2, millions=mln) in text and catalogue("en").money(high, 2, millions=mln) in text
    assert text.count("million") == (2 if mln else 0)


def test_the_decision_names_the_saldo_in_every_future(results):
    """The Besluitvoorstel does not make the base the only headline: after the package's saldo, its range over
    the futures, with the lowest and highest future named."""
    cat = catalogue("nl")
    decision = next(s for s in tb.build(results, "nl").sections if s.id == "decision").paragraphs
    npv = {f["label"]: f["package"]["totals"]["npv"] for f in results["futures"]}
    npv["Basis"] = results["portfolio"]["package"]["totals"]["npv"]
    low, high = min(npv, key=npv.get), max(npv, key=npv.get)
    (line,) = [p for p in decision if "toekomstscenario" in p]
    mln = max(abs(npv[low]), abs(npv[high])) >= 1e6
    assert f"{cat.money(npv[low], 2, millions=mln)} ({low})" in line
    assert f"{cat.money(npv[high], 2, millions=mln)} ({high})" in line
    assert decision.index(line) == [i for i, p in enumerate(decision) if "Voorgesteld wordt" in p][0] + 1
