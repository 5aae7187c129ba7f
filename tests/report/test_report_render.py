"""Rendering from results.json: determinism, atomic writing, optional sections, summary content."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mkba.io.writers import to_json
from mkba.pipeline import run
from mkba.report import FILE_NAMES, FORMATS, render, write_reports
from mkba.report import tables as tb

ROOT = Path(__file__).resolve().parents[2]
KRAAIHOEK = ROOT / "scenarios" / "kraaihoek" / "scenario.yaml"


@pytest.fixture(scope="module")
def results() -> dict:
    return json.loads(to_json(run(KRAAIHOEK).to_dict()))


def _without(results: dict, *keys: str) -> dict:
    return {k: v for k, v in results.items() if k not in keys}


def _with_portfolio(results: dict) -> dict:
    out = json.loads(json.dumps(results))
    measures = list(results["matrix"]["measures"])
    out["portfolio"] = {
        "status": "optimal", "message": "", "selected": ["M12", "M04", "M13"], "objective": 3733773.8,
        "objective_name": "npv", "budget": {"total": 4500000}, "solver": {"name": "HiGHS", "version": "1.7"},
        "greedy": {"selected": ["M12", "M04"], "objective": 2474821.5},
        "frontier": [{"budget": b, "cost": c, "objective": o, "selected": s} for b, c, o, s in (
            (1e6, 6.4e5, 4.4e5, ["M04"]), (3e6, 1.3e6, 1.7e6, ["M04", "M13"]),
            (4.5e6, 5.6e6, 3.7e6, ["M12", "M04", "M13"]))],
    }
    out["sensitivity"] = dict(out.get("sensitivity") or {}, core_index={m: (1.0 if m == "M12" else 0.25) for m in
                                                                       measures[:6]})
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


def test_absent_sections_leave_no_heading(results):
    bare = results
    for key in ("sensitivity", "portfolio", "roadmap", "map", "monitoring"):
        bare = _without(bare, key)
    for lang, absent in (("nl", ("Pakket binnen het budget", "Efficiënte grens", "Gevoeligheid")),
                         ("en", ("Portfolio within the budget", "Efficient frontier", "Sensitivity"))):
        html = render(bare, "html", lang=lang).decode()
        md = render(bare, "md", lang=lang).decode()
        for title in absent:
            assert f">{title}<" not in html and f"## {title}" not in md
    ids = [s.id for s in tb.build(bare).sections]
    assert ids == ["summary", "appraisal", "weights", "rankings", "assumptions", "provenance"]


def test_summary_without_portfolio_or_sensitivity_is_useful_and_claims_no_firmness(results):
    text = " ".join(tb.build(_without(results, "sensitivity"), "en").sections[0].paragraphs)
    top = [r["measure"] for r in results["scores"]["rankings"]["group"][:tb.TOP_N]]
    for m in top:
        assert m in text
    assert "NPV" in text and "B/C" in text and "Who pays" in text and "Kendall" in text
    assert "firm" not in text and "SMAA" not in text


def test_summary_mentions_firmness_only_with_sensitivity(results):
    assert "sensitivity" in results, "the pipeline now writes a sensitivity block"
    text = " ".join(tb.build(results, "en").sections[0].paragraphs)
    assert "How firm" in text and "SMAA" in text


def test_portfolio_frontier_and_core_index_render_when_present(results):
    rich = _with_portfolio(results)
    ids = [s.id for s in tb.build(rich).sections]
    assert ids == ["summary", "appraisal", "weights", "rankings", "portfolio", "roadmap", "map", "monitoring",
                   "frontier", "sensitivity", "assumptions", "provenance"]
    html = render(rich, "html", lang="en").decode()
    for fig in ("fig-frontier", "fig-core_index", "fig-acceptability", "fig-stability", "fig-tornado"):
        assert f'id="{fig}"' in html
    summary = " ".join(tb.build(rich, "en").sections[0].paragraphs)
    assert "Within the budget of €4.5 million" in summary and "M13" in summary
    assert "Funding down the ranking" in summary and "M12" in summary
    md = render(rich, "md", lang="en").decode()
    assert "## Portfolio within the budget" in md and "## Efficient frontier" in md
    assert "| HiGHS 1.7 |" in md.replace("Solver | HiGHS 1.7", "| HiGHS 1.7")


def test_every_table_has_titled_columns_and_units_for_amounts(results):
    report = tb.build(_with_portfolio(results), "nl")
    for table in report.tables:
        assert table.title and table.columns
        assert all(len(row) == len(table.columns) for row in table.rows), table.id
        for col in table.columns:
            if col.kind in ("money", "share"):
                assert col.unit, (table.id, col.key)


def test_distribution_rows_sum_to_the_total_column(results):
    table = next(t for t in tb.build(results).tables if t.id == "distribution")
    for row in table.rows:
        assert sum(row[1:-1]) == pytest.approx(row[-1], abs=1e-6)


def test_rank_table_matches_the_scores(results):
    table = next(t for t in tb.build(results).tables if t.id == "ranks")
    assert [r[0] for r in table.rows] == [r["measure"] for r in results["scores"]["rankings"]["group"]]
    assert [r[2] for r in table.rows] == [r["rank"] for r in results["scores"]["rankings"]["group"]]
