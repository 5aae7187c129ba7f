"""The batch's comparison report (comparison.md, comparison.html) in Dutch and English: the
catalogue's words, numbers in the report's format, names beside codes, singular and plural right,
no raw summary keys, every name escaped, the same bytes for the same inputs."""

from __future__ import annotations

import html
import re
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from mkba.batch import expand, parse_vary, run_variant, summary_frame
from mkba.io.scenario import read_scenario
from mkba.batch.comparison import comparison_files, read_scenarios
from mkba.report.comparison import ScenarioInfo, comparison_html, comparison_markdown, comparison_report
from mkba.stages.provenance import mkba_version

MINI = Path(__file__).resolve().parents[1] / "data" / "mini" / "scenario.yaml"
NAMES = {"M1": "Insulation", "M2": "Park", "M3": "Heat pump pilot", "M4": "Street party, yearly"}
HOSTILE = '<script>alert("x")</script> & <b>bold</b> | *star* _under_ `tick` [link](http://x)'

RAW = ("top_1", "top_2", "top_3", "npv_positive", "portfolio_value", "portfolio_spend", "portfolio_status",
       "portfolio_measures", "portfolio_objective", "greedy_value", "greedy_feasible", "group_ranking", "group_ranks",
       "vary:", "input_hash", "value+npv", "in top 3 (variants)", "True", "False", "nan", "None", "time_limit")
"""Summary column names and raw values the reader must never see."""


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> tuple[pd.DataFrame, Path]:
    """mini (English) under three methods and two budgets: six variant folders and their summary,
    run as the workers of ``mkba batch`` run them (without a cluster)."""
    out = tmp_path_factory.mktemp("batch")
    variants = expand([("mini", read_scenario(MINI))],
                      [parse_vary("method=topsis,vikor,wsm"), parse_vary("budget=1e6,2.5e6")])
    rows = [run_variant(v, str(out), sensitivity=False) for v in variants]
    assert [r["status"] for r in rows] == ["done"] * 6
    return summary_frame(rows), out


@pytest.fixture(scope="module")
def scenarios(batch) -> dict[str, ScenarioInfo]:
    return read_scenarios(*batch)


def visible(page: str) -> str:
    """The text of an HTML page as a reader sees it (tags and the style block dropped, entities decoded)."""
    return html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<style>.*?</style>", "", page, flags=re.S)))


def both(summary, **kwargs) -> tuple[str, str]:
    return comparison_markdown(summary, **kwargs), visible(comparison_html(summary, **kwargs))


def test_the_scenarios_names_and_language_come_from_the_variant_folders(scenarios):
    assert list(scenarios) == ["mini"]
    info = scenarios["mini"]
    assert (info.name, info.language, info.measures) == ("Mini wijk", "en", NAMES)
    assert info.stakeholders["residents"] == "Residents"


def test_english_comparison_in_the_scenarios_language(batch, scenarios):
    summary, _ = batch
    for text in both(summary, scenarios=scenarios):
        for words in ("Comparison of the variants", "6 variants of 1 scenario: 6 done", "The same in every variant",
                      "Outcome per variant", "Group rank per method: where methods disagree", "First place differs",
                      "over the 2 combinations of budget", "first place differs for 2 measures",
                      "top-3 membership for 1 measure.", "6 variants with a portfolio",
                      "Portfolio yield and investment across budgets", "Mini wijk · mini"):
            assert words in text, words
        for dutch in ("varianten", "Maatregel", "Vergelijking", "ja", "nee", "verschil"):
            assert not re.search(rf"\b{dutch}\b", text), dutch


def test_dutch_comparison_when_the_scenario_is_dutch(batch, scenarios):
    summary, _ = batch
    dutch = {k: replace(v, language="nl") for k, v in scenarios.items()}
    for text in both(summary, scenarios=dutch):
        for words in ("Vergelijking van de varianten", "6 varianten van 1 scenario: 6 doorgerekend",
                      "Gelijk in alle varianten", "Uitkomst per variant", "waar de methoden verschillen",
                      "Eerste plaats verschilt", "over de 2 combinaties van budget",
                      "de eerste plaats verschilt voor 2 maatregelen", "top 3 voor 1 maatregel.",
                      "6 varianten met een pakket", "Rapport voor de stuurgroep", "Discontovoet (set)"):
            assert words in text, words
        for english in ("variants", "Measure", "Comparison", "yes", "no", "differs", "done", "Rank"):
            assert not re.search(rf"\b{english}\b", text), english
    assert '<html lang="nl">' in comparison_html(summary, scenarios=dutch)


def test_no_raw_keys(batch, scenarios):
    summary, _ = batch
    for lang in ("nl", "en"):
        for text in both(summary, scenarios=scenarios, lang=lang):
            text = text.replace("\\_", "_")
            for raw in RAW:
                assert raw not in text, (lang, raw)


def test_numbers_are_formatted_as_in_the_report(batch, scenarios):
    summary, _ = batch
    md_nl, page_nl = both(summary, scenarios=scenarios, lang="nl")
    md_en, page_en = both(summary, scenarios=scenarios, lang="en")
    for text in (md_nl, page_nl, md_en, page_en):
        assert not re.search(r"\d[.,]\d{4,}", text), "a float with more digits than the format shows"
        shown = text.replace(f"mkba {mkba_version()}", "")
        assert not re.search(r"\d\.0\b(?![.\d%])", shown), "a float written as x.0 (not a share)"
        assert not re.search(r"(?<![\d.,])\d{5,}", text), "a large number without grouping"
    assert "2.500.000" in md_nl and "1.000.000" in page_nl and "3 %" in md_nl and "0,380" in md_nl
    assert "2,500,000" in md_en and "1,000,000" in page_en and "3%" in md_en and "0.380" in md_en
    assert "100,0 %" in md_nl and "100.0%" in md_en  # the share of variants with M3 in the portfolio


def test_where_methods_disagree_within_combinations_of_other_settings():
    """Other varied settings: only variants that differ in the method alone are compared; ranks
    are medians over those combinations (one decimal only when needed), flags count combinations."""
    rows = []
    orders = {("topsis", "a"): "A B C D", ("vikor", "a"): "B A C D",
              ("topsis", "b"): "B A C D", ("vikor", "b"): "B A D C"}
    for i, ((method, setting), order) in enumerate(orders.items()):
        rows.append({"index": i, "scenario": "s", "key": f"s[{method},{setting}]", "status": "done",
                     "method": method, "group_ranking": order, "group_ranks": "1 2 3 4",
                     "vary:method": method, "vary:discount": setting})
    en, nl = (comparison_markdown(pd.DataFrame(rows), lang=lang) for lang in ("en", "nl"))
    # across settings topsis alone moves A from 1 to 2: not a method disagreement in setting b
    assert "| B |  | 1.5 | 1 | 0.5 | 1 of 2 |  |\n| A |  | 1.5 | 2 | 0.5 | 1 of 2 |  |" in en
    assert "| C |  | 3 | 3.5 | 0.5 |  | 1 of 2 |\n| D |  | 4 | 3.5 | 0.5 |  | 1 of 2 |" in en
    assert "over the 2 combinations of discount set (variants" in en
    assert "| A |  | 1,5 | 2 | 0,5 | 1 van 2 |  |" in nl and "| D |  | 4 | 3,5 | 0,5 |  | 1 van 2 |" in nl
    assert "over de 2 combinaties van discontovoet (set) (een variant" in nl  # the settings in words


def test_names_beside_codes(batch, scenarios):
    summary, _ = batch
    md, page = both(summary, scenarios=scenarios, lang="en")
    assert "| M2 Park | M3 Heat pump pilot | M4 Street party, yearly |" in md  # the top 3 of a variant
    assert "| M2 | Park |" in md and "| M1 | Insulation |" in md  # code and name columns per measure
    assert "M3 Heat pump pilot" in page
    for code, name in NAMES.items():
        assert f"{code} {name}" in md or f"| {code} | {name} |" in md
    # without the variant folders the codes stand alone, and the scenario is its file name
    bare = comparison_markdown(summary, lang="en")
    assert "| M2 | M3 | M4 |" in bare and "## mini" in bare


def test_singular_and_plural(batch, scenarios):
    summary, _ = batch
    one = summary.iloc[:1]
    for lang, singular, plural in (("en", "1 variant of 1 scenario: 1 done", "6 variants of 1 scenario"),
                                   ("nl", "1 variant van 1 scenario: 1 doorgerekend", "6 varianten van 1 scenario")):
        md_one = comparison_markdown(one, scenarios=scenarios, lang=lang)
        assert singular in md_one and "(1 variant)" in md_one
        assert "1 variants" not in md_one and "1 varianten" not in md_one
        assert plural in comparison_markdown(summary, scenarios=scenarios, lang=lang)
    two = pd.concat([summary, summary.assign(scenario="other", index=summary["index"] + 6)], ignore_index=True)
    assert "12 varianten van 2 scenario's" in comparison_markdown(two, lang="nl")
    assert "12 variants of 2 scenarios" in comparison_markdown(two, lang="en")


def test_one_variant_shows_its_ranking_and_portfolio(batch, scenarios):
    summary, _ = batch
    md = comparison_markdown(summary.iloc[:1], scenarios=scenarios, lang="nl")
    assert "Rangorde van de groep (1 variant)" in md
    assert "| 1 | M2 | Park | nee |" in md and "| 2 | M3 | Heat pump pilot | ja |" in md
    assert "Spreiding" not in md and "In het beste pakket" not in md


def test_hostile_names_are_escaped(batch, scenarios):
    summary, _ = batch
    evil = {"mini": replace(scenarios["mini"], name=HOSTILE, measures={**NAMES, "M2": HOSTILE},
                            stakeholders={"residents": HOSTILE})}
    failed = pd.DataFrame([{"index": 9, "scenario": "evil<i>", "key": "evil<i>", "status": "failed",
                            "error": f"ValueError: {HOSTILE}", "folder": "", "input_hash": ""}])
    summary = pd.concat([summary.assign(**{"vary:stakeholders.residents.influence": 2}), failed], ignore_index=True)
    page = comparison_html(summary, scenarios=evil, lang="en")
    assert "<script>" not in page and "<b>" not in page and "<i>" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in page
    assert "Influence of &lt;script&gt;" in page and "evil&lt;i&gt;" in page
    assert "http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'" in page
    assert not re.search(r"(src|href)=", page)  # self-contained: nothing fetched, no link
    md = comparison_markdown(summary, scenarios=evil, lang="en")
    assert "<script>" not in md and "&lt;script&gt;" in md
    assert "\\| \\*star\\* \\_under\\_ \\`tick\\` \\[link\\](http://x)" in md
    tables: list[list[str]] = []  # a name never opens a table column: every row has its header's cells
    for line, before in zip(md.splitlines(), [""] + md.splitlines()):
        if line.startswith("|"):
            if not before.startswith("|"):
                tables.append([])
            tables[-1].append(line)
    assert any("&lt;script&gt;" in "".join(t) for t in tables)
    for table in tables:
        assert len({len(re.findall(r"(?<!\\)\|", row)) for row in table}) == 1, table


def test_same_inputs_give_the_same_bytes(batch):
    summary, out = batch
    first = comparison_files(summary, out)
    again = comparison_files(summary_frame(summary.to_dict("records")), out)
    resumed = comparison_files(summary.assign(status="skipped"), out)  # the second run of the same batch
    assert first == again == resumed and set(first) == {"comparison.md", "comparison.html"}
    assert first["comparison.html"].startswith("<!DOCTYPE html>") and first["comparison.html"].endswith("</html>\n")


def test_mixed_languages_follow_the_first_scenario(batch, scenarios):
    summary, _ = batch
    two = pd.concat([summary, summary.assign(scenario="zz", index=summary["index"] + 6)], ignore_index=True)
    mixed = {"mini": replace(scenarios["mini"], language="nl"), "zz": scenarios["mini"]}
    md = comparison_markdown(two, scenarios=mixed)
    assert "Vergelijking van de varianten" in md and "verschillende talen" in md and "eerste scenario" in md
    md = comparison_markdown(two, scenarios=dict(reversed(list(mixed.items()))))
    assert "Comparison of the variants" in md and "different languages" in md
    with pytest.raises(ValueError, match="nl, en"):
        comparison_report(summary, lang="fr")


def test_statuses_and_failures_are_named(batch, scenarios):
    summary, _ = batch
    rows = summary.to_dict("records")
    rows[0] = {**rows[0], "status": "skipped"}
    rows.append({"index": 6, "scenario": "broken", "key": "broken", "status": "invalid",
                 "error": "scenario.yaml: field 'methd'", "folder": "", "input_hash": ""})
    md = comparison_markdown(pd.DataFrame(rows), scenarios=scenarios, lang="nl")
    assert "7 varianten van 2 scenario's: 6 doorgerekend en 1 ongeldig." in md  # resumed counts as done
    assert "| Foutmelding |" in md and "field 'methd'" in md and "| ongeldig |" in md
    assert comparison_markdown(pd.DataFrame(), lang="en").startswith("# Comparison of the variants")
