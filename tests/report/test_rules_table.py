"""The portfolio's rules in the report's Uitgangspunten (issue 16): each rule of results.json
``portfolio.rules`` carries its ``part`` (the rule as data, from the model's rule group), the report
phrases it in its own language with where it is written, and a results.json without ``part`` (older
files) still renders with the English text."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from mkba import portfolio as pf
from mkba.pipeline import run
from mkba.report import render, tables as tb
from mkba.results import load
from mkba.writers import to_json

ROOT = Path(__file__).resolve().parents[2]
KRAAIHOEK = ROOT / "scenarios" / "kraaihoek" / "scenario.yaml"


@pytest.fixture(scope="module")
def kraaihoek() -> dict:
    return json.loads(to_json(run(KRAAIHOEK).to_dict()))


def _rules_table(results: dict, lang: str) -> tb.Table:
    section = next(s for s in tb.build(results, lang).sections if s.id == "assumptions")
    return next(b for b in section.blocks if isinstance(b, tb.Table) and b.id == "rules")


def test_every_kraaihoek_rule_has_its_part_and_the_results_validate(kraaihoek):
    rules = load(kraaihoek)["portfolio"]["rules"]
    assert rules and all(r["part"]["kind"] == "rule" for r in rules)
    by_label = {r["rule"]: r["part"] for r in rules}
    assert by_label["mandatory M15a"] == {"kind": "rule", "rule": "mandatory", "label": "mandatory M15a",
                                          "measures": ["M15a"]}
    assert by_label["exclusive M15a, M15b"]["measures"] == ["M15a", "M15b"]
    assert by_label["exclusive M15a, M15b"]["at_most"] == 1
    assert by_label["M08 requires M05a or M05b"]["on"] == ["M05a", "M05b"]


def test_kraaihoek_rules_appear_in_dutch_with_their_origin(kraaihoek):
    table = _rules_table(kraaihoek, "nl")
    rows = dict(table.rows)
    assert table.title == "Regels voor het pakket"
    assert rows["Verplicht: M15a"] == "scenario.yaml, regel 162"
    assert rows["Hoogstens één van M15a of M15b"] == "scenario.yaml, regel 160"
    assert rows["Hoogstens één van M05a of M05b"] == "scenario.yaml, regel 159"
    assert rows["M08 vereist M05a of M05b"] == "scenario.yaml, regel 161"
    assert rows["Thema energie: minstens 2 maatregelen"] == "scenario.yaml, regel 163"
    assert rows["M19 start in 2028 of 2029"] == "scenario.yaml, maatregelen rij 22"
    assert len(rows) == len(kraaihoek["portfolio"]["rules"])
    md, html = render(kraaihoek, "md", lang="nl").decode(), render(kraaihoek, "html", lang="nl").decode()
    for text, origin in rows.items():
        assert f"| {text} | {origin} |" in md
        assert text in html and origin in html
    for english in ("mandatory M15a", "exclusive M15a, M15b", "requires", "may start in", ", line 16"):
        assert english not in md.split("**Regels voor het pakket**")[1].split("**Begrippen**")[0]


def test_english_report_phrases_the_same_rules_in_english(kraaihoek):
    rows = dict(_rules_table(kraaihoek, "en").rows)
    assert rows["Mandatory M15a"] == "scenario.yaml, line 162"
    assert rows["At most one of M15a or M15b"] == "scenario.yaml, line 160"
    assert rows["M19 starts in 2028 or 2029"] == "scenario.yaml, measures row 22"


def test_results_without_part_still_render_with_the_english_rule(kraaihoek):
    old = copy.deepcopy(kraaihoek)
    for rule in old["portfolio"]["rules"]:
        del rule["part"]
    load(old)
    rows = dict(_rules_table(old, "nl").rows)
    assert rows["Mandatory M15a"] == "scenario.yaml, regel 162"
    assert "| Exclusive M15a, M15b | scenario.yaml, regel 160 |" in render(old, "md", lang="nl").decode()
    render(old, "html")


def test_rule_parts_follow_the_problem_rules_one_to_one():
    """Each rule's part is read from its own rule group: same kind, same measures as the rule object."""
    problem = pf.PortfolioProblem(
        ids=("a", "b", "c"), costs=(1.0, 2.0, 3.0), values=(3.0, 2.0, 1.0), budget_total=5.0,
        rules=(pf.Mandatory("a"), pf.Exclusive(("b", "c"), 1), pf.Requires("c", ("a",), 2), pf.Forbidden("b")))
    parts = pf.rule_parts(problem)
    assert [p["rule"] for p in parts] == ["mandatory", "exclusive", "requires", "forbidden"]
    assert parts[0]["measures"] == ["a"] and parts[3]["measures"] == ["b"]
    assert parts[1]["measures"] == ["b", "c"] and parts[1]["at_most"] == 1
    assert (parts[2]["measure"], parts[2]["on"], parts[2]["lag"]) == ("c", ["a"], 2)
