"""Rendering from results.json: determinism, atomic writing, optional sections, summary content."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from mkba.writers import to_json
from mkba.pipeline import run
from mkba.report import FILE_NAMES, FORMATS, render, write_reports
from mkba.report import decision, facts, tables as tb
from mkba.report.i18n import catalogue

ROOT = Path(__file__).resolve().parents[2]
KRAAIHOEK = ROOT / "scenarios" / "kraaihoek" / "scenario.yaml"


@pytest.fixture(scope="module")
def results() -> dict:
    return json.loads(to_json(run(KRAAIHOEK).to_dict()))


def _without(results: dict, *keys: str) -> dict:
    return {k: v for k, v in results.items() if k not in keys}


def _with_portfolio(results: dict) -> dict:
    """The Kraaihoek results with a different portfolio of the same format: an NPV objective, another
    budget, greedy and frontier, and a core index for six measures only."""
    out = json.loads(json.dumps(results))
    measures = list(results["matrix"]["measures"])
    port = out["portfolio"]
    port.update(status="optimal", message="", selected=["M12", "M04", "M13"], objective=3733773.8,
                objective_name="npv", solver="highs")
    port["budget"]["total"] = 4500000.0
    for key in ("package", "left_out"):  # as an older results.json: the report rebuilds the package view
        port.pop(key, None)
    port["greedy"] = {k: v for k, v in port["greedy"].items() if k not in ("broken", "ranked_by")}
    port["greedy"].update(selected=["M12", "M04"], objective=2474821.5)
    port["frontier"]["points"] = [dict(port["frontier"]["points"][0], budget=b, cost=c, objective=o, selected=s)
                                  for b, c, o, s in ((1e6, 6.4e5, 4.4e5, ["M04"]), (3e6, 1.3e6, 1.7e6, ["M04", "M13"]),
                                                     (4.5e6, 5.6e6, 3.7e6, ["M12", "M04", "M13"]))]
    out["sensitivity"]["core_index"] = {m: (1.0 if m == "M12" else 0.25) for m in measures[:6]}
    return out


def test_render_is_deterministic_in_every_format_and_language(results):
    for fmt in FORMATS:
        for lang in ("nl", "en"):
            assert render(results, fmt, lang=lang) == render(json.loads(json.dumps(results)), fmt, lang=lang)


def test_write_reports_writes_each_file_atomically(results, tmp_path):
    (tmp_path / "results.json").write_text(to_json(results), encoding="utf-8")
    paths = write_reports(tmp_path)
    assert [p.name for p in paths] == [FILE_NAMES[f] for f in FORMATS]
    first = [p.read_bytes() for p in paths]
    assert [p.read_bytes() for p in write_reports(tmp_path)] == first
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["results.json", *FILE_NAMES.values()])
    assert write_reports(tmp_path, formats=("md",), lang="en")[0].read_text(encoding="utf-8").startswith("# ")


def test_unknown_format_and_language_are_named(results):
    with pytest.raises(ValueError, match="html, md, xlsx"):
        render(results, "pdf")
    with pytest.raises(ValueError, match="nl, en"):
        render(results, "md", lang="de")


def test_language_defaults_to_the_scenario(results):
    assert render(results, "md") == render(results, "md", lang=results["scenario"]["language"])
    assert "## Samenvatting" in render(results, "md").decode()
    assert "## Summary" in render(results, "md", lang="en").decode()


def _plain(text: str) -> str:
    """Text with the no-break spaces and word joiners of amounts as plain spaces."""
    return text.replace("\u00a0", " ").replace("\u2060", "")


def _paragraphs(results: dict, lang: str, section: str = "summary") -> tuple[str, ...]:
    return next(s for s in tb.build(results, lang).sections if s.id == section).paragraphs


def test_absent_sections_leave_no_heading(results):
    bare = results
    for key in ("sensitivity", "portfolio", "roadmap", "map", "monitoring"):
        bare = _without(bare, key)
    for lang, absent in (("nl", ("Pakket, eenvoudige rangorde en partijen", "Efficiënte grens", "Gevoeligheid")),
                         ("en", ("Package, simple ranking and parties", "Efficient frontier", "Sensitivity"))):
        html = render(bare, "html", lang=lang).decode()
        md = render(bare, "md", lang=lang).decode()
        for title in absent:
            assert f">{title}<" not in html and f"## {title}" not in md
    ids = [s.id for s in tb.build(bare).sections]
    assert ids == ["decision", "summary", "futures", "weights", "rankings", "assumptions", "appraisal", "provenance"]


def test_summary_without_portfolio_or_sensitivity_is_useful_and_claims_no_firmness(results):
    bare = _without(results, "sensitivity", "portfolio")
    text = " ".join(_paragraphs(bare, "en"))
    decision = " ".join(_paragraphs(bare, "en", "decision"))
    top = [r["measure"] for r in results["scores"]["rankings"]["group"][:tb.TOP_N]]
    for m in top:
        assert m in text and m in decision
    assert "NPV" in text and "B/C" in text and "Kendall" in text
    assert "firm" not in text + decision and "SMAA" not in text + decision


def test_summary_mentions_firmness_only_with_sensitivity(results):
    assert "sensitivity" in results, "the pipeline now writes a sensitivity block"
    text = " ".join(_paragraphs(results, "en"))
    assert "How firm" in text and "SMAA" in text
    assert "How firm" in " ".join(_paragraphs(results, "en", "decision"))


def test_portfolio_frontier_and_core_index_render_when_present(results):
    rich = _with_portfolio(results)
    ids = [s.id for s in tb.build(rich).sections]
    assert ids == ["decision", "summary", "package", "futures", "portfolio", "roadmap", "map", "monitoring", "frontier",
                   "weights", "rankings", "sensitivity", "assumptions", "appraisal", "provenance"]
    html = render(rich, "html", lang="en").decode()
    for fig in ("fig-frontier", "fig-core_index", "fig-acceptability", "fig-stability", "fig-tornado"):
        assert f'id="{fig}"' in html
    decision = " ".join(_paragraphs(rich, "en", "decision"))
    assert "a package of 3 measures" in decision
    assert "the simple ranking per euro" in decision and "M12 and M04" in decision
    md = render(rich, "md", lang="en").decode()
    assert "## Package, simple ranking and parties" in md and "## Efficient frontier" in md
    assert "| Total budget | 4,500,000 |" in md
    assert "| Solver | HiGHS |" in md


def test_every_table_has_titled_columns_and_units_for_amounts(results):
    report = tb.build(_with_portfolio(results), "nl")
    for table in report.tables:
        assert table.title and table.columns
        assert all(len(row) == len(table.columns) for row in table.rows), table.id
        for col in table.columns:
            if col.kind in ("money", "share"):
                assert col.unit, (table.id, col.key)


def test_distribution_rows_sum_to_the_total_column(results):
    cols, rows = decision.distribution_rows(results, results["appraisal"]["distribution"], catalogue("nl"))
    assert [c.key for c in cols[1:-1]] == results["appraisal"]["distribution"]["actors"]
    for row in rows:
        assert sum(row[1:-1]) == pytest.approx(row[-1], abs=1e-6)


def test_rank_table_matches_the_scores(results):
    table = next(t for t in tb.build(results).tables if t.id == "ranks")
    assert [r[0] for r in table.rows] == [r["measure"] for r in results["scores"]["rankings"]["group"]]
    assert [r[2] for r in table.rows] == [r["rank"] for r in results["scores"]["rankings"]["group"]]


# -- the audit of the steering-group report (issues 3 and 5) -------------------------------------

def _money_amounts(text: str, lang: str) -> list[float]:
    """Every euro amount in a sentence as the catalogue writes it ('€ 8,6 mln', '€283,586')."""
    pattern = r"(-?)€ ?([\d.,]+)( mln| million)?"
    out = []
    for sign, digits, scale in re.findall(pattern, text):
        digits = digits.rstrip(".,")
        number = digits.replace(".", "").replace(",", ".") if lang == "nl" else digits.replace(",", "")
        out.append(float(sign + number) * (1e6 if scale else 1.0))
    return out


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_decision_money_and_payers_describe_the_funded_package(results, lang):
    """The proposal's money is the package's (never the top 5's or the longlist's), the package
    table's total row is the sum of its rows, and who pays is the package's cost split."""
    cat = catalogue(lang)
    port = results["portfolio"]
    selected = port["selected"]
    top = [r["measure"] for r in results["scores"]["rankings"]["group"][:tb.TOP_N]]
    assert set(top) - set(selected), "the top 5 holds a measure the package does not fund (M10)"
    view = facts.package_view(results)
    assert [r["measure"] for r in view["rows"]] == selected
    assert view["complete"] and view["totals"]["investment"] == pytest.approx(port["spend"])
    t = view["totals"]
    sentence = _paragraphs(results, lang, "decision")[0]
    assert sentence == decision.package_sentence(results, cat)
    for amount in (port["budget"]["total"], t["investment"], t["pv_costs"], t["pv_benefits"], t["npv"]):
        assert cat.money(amount) in sentence
    assert f"{len(selected)} " in sentence and cat.number(t["bcr"], 2) in sentence
    table = next(t for t in tb.build(results, lang).tables if t.id == "package")
    *rows, total = table.rows
    for k, col in enumerate(table.columns):
        if col.kind == "money" and col.key != "pv_benefits":
            assert total[k] == pytest.approx(sum(r[k] for r in rows)), col.key
    shares = facts.package_payers(view)
    assert sum(shares.values()) == pytest.approx(1.0)
    who = [p for p in _paragraphs(results, lang) if p.startswith(cat("summary.payers", items="").rstrip("."))]
    assert len(who) == 1 and all(cat.share(v, 0) in who[0] for v in shares.values())
    # without a portfolio: the top of the ranking, no package money
    bare = _paragraphs(_without(results, "portfolio"), lang)
    top_start = cat("summary.top", method="", group_method="", items="").split("(")[0]
    assert any(p.startswith(top_start) for p in bare)
    assert not any(p.startswith(top_start) for p in _paragraphs(results, lang))


def test_stakeholder_portfolios_table_and_compromise_sentence(results):
    sp = results["portfolio"]["stakeholders"]
    holders = sp["stakeholders"]
    n = len(holders)
    report = tb.build(results, "en")
    table = next(t for t in report.tables if t.id == "stakeholder_portfolios")
    names = {s["id"]: s["name"] for s in results["scenario"]["stakeholders"]}
    assert [r[0] for r in table.rows] == [names[p] for p in sp["portfolios"][:-2]] + ["Group", "Compromise (maximin)"]
    assert [c.label for c in table.columns[1:1 + n]] == [names[h] for h in holders]
    assert all(c.kind == "share" and c.unit == "%" for c in table.columns[1:2 + n])
    for row, pid, shares in zip(table.rows, sp["portfolios"], sp["shares"]):
        assert list(row[1:1 + n]) == pytest.approx(shares)
        assert row[1 + n] == pytest.approx(min(shares))
        assert row[2 + n].split() == sp["selected"][pid]
        if pid in holders:  # a stakeholder's own best portfolio gives it all of its best value
            assert row[1 + holders.index(pid)] == pytest.approx(1.0)
    assert table.rows[-1][1 + n] == pytest.approx(sp["min_share"])
    assert min(r[1 + n] for r in table.rows) < sp["min_share"]  # maximin: no other row does better at worst
    # kraaihoek: the school board gets least from the compromise, 85 %
    compromise = sp["shares"][sp["portfolios"].index("compromise")]
    lowest = holders[compromise.index(min(compromise))]
    assert lowest == "scholen" and round(sp["min_share"], 2) == 0.85
    section = next(s for s in report.sections if s.id == "portfolio")
    sentence = next(p for p in section.paragraphs if "compromise" in p)
    assert "85%" in sentence and names["scholen"] in sentence
    nl = next(s for s in tb.build(results, "nl").sections if s.id == "portfolio")
    assert any("85 %" in p and names["scholen"] in p and "compromis" in p for p in nl.paragraphs)
    html = render(results, "html", lang="en").decode()
    assert 'id="table-stakeholder_portfolios"' in html and "Compromise (maximin)" in html
    md = render(results, "md", lang="nl").decode()
    assert "**Pakketten per partij" in md and "| Compromis (maximin) | 88,1 % |" in md


def _texts(markup: str) -> str:
    """The visible text of an HTML table or SVG chart (tags and attributes dropped)."""
    return " ".join(re.sub(r"<[^>]+>", " ", markup).split())


def _element(html: str, start: str, end: str) -> str:
    i = html.index(start)
    return html[i:html.index(end, i)]


ENGLISH_TORNADO = ("weight ", "effect ", "investment costs", "discount set", "line ")


def test_dutch_tornado_has_no_english_labels_or_decimals(results):
    bars = results["sensitivity"]["tornado"]["bars"]
    assert {b["kind"] for b in bars} == {"weight", "effect", "investment", "discount", "future"}
    for b in bars:  # structured data, and the plain label for older readers
        assert isinstance(b["label"], str) and b["label"].startswith(b["input"])
        if b["kind"] not in ("discount", "future"):  # a discount set's name, a future's id
            assert isinstance(b["low"], float) and isinstance(b["high"], float)
        assert (b["criterion"] is not None) == (b["kind"] in ("weight", "effect"))
        assert (b["measure"] is not None) == (b["kind"] == "effect")
    html = render(results, "html", lang="nl").decode()
    md = render(results, "md", lang="nl").decode()
    parts = [_texts(_element(html, f'<table id="table-{t}"', "</table>")) for t in ("tornado", "tornado_portfolio")]
    parts += [_texts(_element(html, f'<svg xmlns="http://www.w3.org/2000/svg" id="fig-{f}"', "</svg>"))
              for f in ("tornado", "tornado_rank", "tornado_portfolio")]
    parts += [_element(md, "**Tornado", "\n\n*")]
    for text in parts:
        for english in ENGLISH_TORNADO:
            assert english not in text.lower(), (english, text[:200])
        # no English decimal point: '0.028', '1.5', '0.30' (Dutch '3.500' groups thousands)
        assert not re.search(r"(?<![\d.,])(0\.\d+|\d+\.\d{1,2}(?![\d.]))", text), text
    tornado = " ".join(parts)
    assert "gewicht Netto contante waarde (saldo) (0,028 / 0,300)" in tornado
    assert "Leefbaarheid en veiligheid bij M14 (0,5 / 1,5)" in tornado
    assert "investeringen (×0,8 / ×1,3)" in tornado and "discontovoet (Green Book 3,5 % (VK, 2022) / discontovoet 2,25 % (2021))" in tornado
    en = render(results, "md", lang="en").decode()
    assert "| weight Netto contante waarde (saldo) | 0.028 | 0.300 |" in en


def test_dutch_assumptions_describe_discount_set_and_sampler_in_dutch(results):
    rows = dict((r[0], r[1]) for r in next(t for t in tb.build(results, "nl").tables if t.id == "assumptions").rows)
    description, source, sampler = rows["Discontovoet"], rows["Bron discontovoet"], rows["Steekproef van de gewichten"]
    assert "2,8 % in jaar 1–35, daarna 1,8 %" in description
    for english in ("rate", " for years", "after", "read as"):
        assert english not in description
    assert "as quoted" not in source and "termijnrentes" in source and "nagelezen" not in source
    assert "vertices" not in sampler and "mixing" not in sampler and "hoekpunten" in sampler
    assert rows["Doel van het pakket"] == "waarde (MAVT) inclusief saldo"
    assert rows["Discontovoet (set)"] == "discontovoet 2,8 % (2026)"
    en = dict((r[0], r[1]) for r in next(t for t in tb.build(results, "en").tables if t.id == "assumptions").rows)
    assert "2.8% in years 1–35, 1.8% after" in en["Discount rate"]


def _infeasible_problem():
    from mkba.portfolio import Mandatory, PortfolioProblem

    line = "scenario.yaml, line 163"
    return PortfolioProblem.from_arrays(
        [5, 4, 3], [1.2e6, 1.2e6, 0.1e6], 2.0e6, ids=["M03", "M11", "M05"],
        mandatory=[Mandatory("M03", line, "mandatory M03, M11"), Mandatory("M11", line, "mandatory M03, M11")])


def test_infeasibility_lists_each_origin_once_and_keeps_its_parts():
    from mkba.portfolio import select

    p = select(_infeasible_problem())
    d = p.diagnosis
    assert p.status == "infeasible"
    assert d.origins.count("scenario.yaml, line 163") == 2  # one per conflicting rule ...
    assert p.message.count("scenario.yaml, line 163") == 1  # ... but named once
    assert d.where == tuple(dict.fromkeys(d.origins))
    assert "mandatory M03 and M11 cost 2.4 M€, the total budget is 2.0 M€" in p.message
    parts = d.to_dict()["parts"]
    assert parts == [{"kind": "mandatory_cap", "measures": ["M03", "M11"], "amount": 2.4e6, "running": False,
                      "digits": 1, "cap": {"kind": "budget_total", "amount": 2.0e6}}]
    json.dumps(p.to_dict())


def test_infeasible_portfolio_is_explained_in_dutch(results):
    from mkba.portfolio import select

    p = select(_infeasible_problem())
    broken = json.loads(json.dumps(results))
    broken["portfolio"].update(status="infeasible", selected=[], message=p.message, objective=None, cost=None,
                               spend=None, greedy=None, stakeholders=None, objective_name="npv",
                               diagnosis=json.loads(json.dumps(p.diagnosis.to_dict())))
    nl = _plain(_paragraphs(broken, "nl", "decision")[0])
    assert nl == ("Het pakket kon niet worden bepaald (onhaalbaar): geen enkel pakket voldoet aan al deze regels "
                  "samen: verplichte maatregelen M03 en M11 kosten samen € 2,4 mln, het totale budget is € 2,0 mln "
                  "(budget.total, scenario.yaml, regel 163).")
    for english in ("no portfolio", "mandatory", "the total budget", "line ", "M€"):
        assert english not in nl
    en = _plain(_paragraphs(broken, "en", "decision")[0])
    assert ("mandatory M03 and M11 cost €2.4 million, the total budget is €2.0 million "
            "(budget.total, scenario.yaml, line 163)") in en
    # without a diagnosis: the solver's message as it is
    broken["portfolio"]["diagnosis"] = None
    assert p.message in _paragraphs(broken, "nl", "decision")[0]


def test_key_figures_show_a_share_with_one_percent_sign(results):
    for lang in ("nl", "en"):
        md = render(results, "md", lang=lang).decode()
        assert not re.search(r"%\s*\|\s*%", md)
        table = next(t for t in tb.build(results, lang).tables if t.id == "key_figures")
        for row in table.rows:
            if row[1].kind == "share":
                assert row[2] == ""


def test_critical_criterion_and_rpm_share_are_reported(results):
    """The stability note names the most critical criterion with its percent-top and percent-any
    from results.json; the core-index table shows each measure's share of the non-dominated
    portfolios and says how many there are."""
    sens = results["sensitivity"]
    crit = sens["critical"]
    criteria = [c["id"] for c in results["matrix"]["criteria"]]
    names = {c["id"]: c["name"] for c in results["matrix"]["criteria"]}
    md = render(results, "md", lang="en").decode()
    top = criteria[crit["top_criterion"]]
    assert (f"The most critical criterion for first place is {names[top]}: a change of "
            f"{crit['percent_top'][crit['top_criterion']]:.1f} % in its weight") in md
    any_ = criteria[crit["any_criterion"]]
    assert f"For the whole order it is {names[any_]}: {crit['percent_any'][crit['any_criterion']]:.1f} %" in md
    rob = sens["portfolio_robustness"]
    assert f"there are exactly {rob['nondominated_count']} non-dominated portfolios" in md
    table = md[md.index("**Core index"):]
    row = next(line for line in table.splitlines() if line.startswith("| M06 |"))
    assert f"{100 * rob['rpm_core_index']['M06']:.1f}%" in row and row.rstrip(" |").endswith("in some")
    nl = render(results, "md", lang="nl").decode()
    assert "Het meest kritieke criterium voor plaats 1 is" in nl and "Aandeel niet-gedomineerde pakketten" in nl
    assert "RPM-klasse (alle niet-gedomineerde pakketten)" in nl and "twijfel" not in nl


# -- the decision proposal on hand-made contract data (issue 16) ---------------------------------

def test_left_out_reasons_and_broken_rules_are_phrased_from_the_data(results):
    """A rule, a cap and a lower value each give their own reason; the simple package that breaks a
    rule is never called a loss."""
    data = json.loads(json.dumps(results))
    port = data["portfolio"]
    exclusive = {"kind": "rule", "rule": "exclusive", "measures": ["M15a", "M15b"], "at_most": 1, "label": "x"}
    port["left_out"] = [
        {"measure": "M15b", "group_rank": 3, "npv": -1.0, "bcr": 0.5, "reason": "rule", "binding": [exclusive],
         "forced": {"status": "infeasible", "objective": None, "value_lost": None, "dropped": [], "added": []}},
        {"measure": "M10", "group_rank": 4, "npv": 1.0, "bcr": 1.5, "reason": "budget",
         "binding": [{"kind": "cap", "cap": {"kind": "payer", "amount": 5.5e6, "payer": "corporatie"},
                      "amount": 5.9e6, "measures": ["M11"]},
                     {"kind": "cap", "cap": {"kind": "payer", "amount": 5.5e6, "payer": "corporatie"},
                      "amount": 6.1e6, "measures": ["M18"]}],
         "forced": {"status": "optimal", "objective": 1.0, "value_lost": 0.071, "dropped": ["M11"], "added": []}},
        {"measure": "M20", "group_rank": 5, "npv": 1.0, "bcr": 1.1, "reason": "value", "binding": [],
         "forced": {"status": "optimal", "objective": 1.1, "value_lost": 0.05, "dropped": [], "added": ["M20"]}},
    ]
    port["greedy"].update(feasible=False, objective=port["objective"] + 0.1, broken=[
        {"kind": "rule", "rule": "theme", "theme": "energie", "min_count": 2, "max_count": None, "min_spend": None,
         "max_spend": None, "label": "x"}])
    table = next(t for t in tb.build(data, "nl").tables if t.id == "left_out")
    reasons = {row[1]: _plain(row[-1]) for row in table.rows}
    assert reasons["M15b"] == "past niet binnen de regels: hoogstens één van M15a of M15b."
    corporation = facts.stakeholder_label(data, "corporatie", catalogue("nl"))
    assert reasons["M10"] == (f"past niet binnen deze budgetten: bijdrage {corporation} (€ 5,5 mln). Met M10 erin moet M11 eruit en "
                              "daalt de waarde van het pakket met 0,071 punten.")
    assert reasons["M20"] == "brengt minder op dan wat er nu in zit. Met M20 erin daalt de waarde van het pakket met 0,050 punten."
    decision = " ".join(_paragraphs(data, "nl", "decision"))
    assert "breekt de regels (thema energie: minstens 2 maatregelen)" in decision and "minder op" not in decision
    greedy = next(t for t in tb.build(data, "en").tables if t.id == "greedy")
    assert greedy.rows[1][-1] == "no: theme energie: at least 2 measures"


def test_an_older_results_file_gets_the_same_proposal_from_the_appraisal(results):
    """Without portfolio.package (format 1 files before it) the proposal is rebuilt from the appraisal:
    the same rows, totals that are the sum of the rows, the total budget, no left-out table."""
    old = json.loads(json.dumps(results))
    for key in ("package", "left_out"):
        del old["portfolio"][key]
    view = facts.package_view(old)
    assert not view["complete"] and [r["measure"] for r in view["rows"]] == old["portfolio"]["selected"]
    for key in ("investment", "pv_costs", "pv_benefits", "npv"):
        assert view["totals"][key] == pytest.approx(sum(r[key] for r in view["rows"]))
    assert [b["kind"] for b in view["budgets"]] == ["total"]
    ids = [t.id for t in tb.build(old, "nl").tables]
    assert "package" in ids and "budgets" in ids and "left_out" not in ids and "distribution" in ids
    assert "package_distribution" not in ids and "package_distribution" in [t.id for t in tb.build(results).tables]
