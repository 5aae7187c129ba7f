"""The results format (mkba.results): results.json carries its format version, matches the declared
types, docs/results-format.md is generated from them, and a reader stops loudly on a missing or
renamed field, a wrong type or an unknown format version instead of printing "–"."""

from __future__ import annotations

import json
import typing
from pathlib import Path

import pytest

from mkba import results as rf
from mkba.results import validate as rv
from mkba.cli import main
from mkba.pipeline import run
from mkba.report import FORMATS, render, write_reports
from mkba.writers import to_json

ROOT = Path(__file__).resolve().parents[2]
KRAAIHOEK = ROOT / "scenarios" / "kraaihoek" / "scenario.yaml"
DOC = ROOT / "docs" / "results-format.md"
STORED = Path(__file__).parent / "data" / "kraaihoek-results-v1.json"
"""A results.json of format version 1 (the goldens' source, versions normalised), kept as written."""


@pytest.fixture(scope="module")
def results() -> dict:
    return json.loads(to_json(run(KRAAIHOEK).to_dict()))


def test_doc_is_generated_from_the_types():
    assert DOC.read_text(encoding="utf-8") == rf.markdown(), (
        "docs/results-format.md is stale: run `python -m mkba.results > docs/results-format.md`")


def test_every_field_of_every_block_has_a_type_and_a_meaning():
    for block in rf.blocks():
        for name, tp in typing.get_type_hints(block, include_extras=True).items():
            assert typing.get_origin(tp) is typing.Annotated, (block.__name__, name)
            assert rv._strip(tp)[1], (block.__name__, name)


def test_results_json_carries_the_format_version_and_matches_the_types(results):
    assert results["format_version"] == rf.FORMAT_VERSION in rf.KNOWN_VERSIONS
    assert rf.load(results) is results
    assert rf.load(json.loads(STORED.read_text(encoding="utf-8")))["format_version"] == "1"


def _undeclared(value, tp, path: str) -> list[str]:
    """Paths of keys in ``value`` that the types do not declare (the appraisal rows' pv_/pm_ keys aside)."""
    tp, _ = rv._strip(tp)
    args = rv._union_args(tp)
    if args is not None:
        return _undeclared(value, next((a for a in args if a is not type(None)), tp), path) if value is not None else []
    if rv._is_typeddict(tp):
        fields = rv._fields(tp)
        out = [f"{path}.{k}" for k in value if k not in fields and not (tp is rf.AppraisalRow and k[:3] in ("pv_", "pm_"))]
        return out + [p for k, sub in fields.items() if k in value for p in _undeclared(value[k], sub, f"{path}.{k}")]
    origin = typing.get_origin(tp)
    if origin is list:
        return [p for k, v in enumerate(value) for p in _undeclared(v, typing.get_args(tp)[0], f"{path}[{k}]")]
    if origin is dict:
        return [p for k, v in value.items() for p in _undeclared(v, typing.get_args(tp)[1], f"{path}.{k}")]
    return []


def test_the_types_declare_every_field_a_run_writes(results):
    """The doc is complete: nothing in a full run's results.json (portfolio, sensitivity, roadmap,
    monitoring, map) is missing from docs/results-format.md."""
    assert {"portfolio", "sensitivity", "roadmap", "monitoring", "map"} <= set(results)
    assert _undeclared(results, rf.Results, "") == []


def _copy_at(results: dict, path: str) -> tuple[dict, dict, str]:
    """A copy of ``results``, the object in it that holds ``path`` (dots and [index]) and the last key."""
    out = json.loads(json.dumps(results))
    node = out
    parts = path.replace("[", ".[").split(".")
    for part in parts[:-1]:
        node = node[int(part[1:-1])] if part.startswith("[") else node[part]
    return out, node, parts[-1]


def _renamed(results: dict, path: str) -> dict:
    """A copy of ``results`` with the last key of ``path`` renamed to '<key>_old'."""
    out, node, key = _copy_at(results, path)
    node[key + "_old"] = node.pop(key)
    return out


RENAMED = ["scenario.measures[3].name", "appraisal.totals.npv", "appraisal.measures.M12.pv_costs",
           "weights.group_method", "scores.rankings.group[0].rank", "matrix.criteria[1].direction",
           "provenance.seed", "portfolio.greedy.objective", "portfolio.budget.total",
           "portfolio.frontier.points[2].selected", "sensitivity.sampler.method", "sensitivity.tornado.bars[0].kind",
           "sensitivity.smaa.rank_acceptability", "sensitivity.portfolio_robustness.classes",
           "roadmap.tasks[0].in_use", "monitoring[0].planned", "map.illustrative"]


@pytest.mark.parametrize("path", RENAMED)
def test_a_renamed_required_field_fails_loudly_naming_it(results, path):
    broken = _renamed(results, path)
    with pytest.raises(rf.ResultsFormatError) as err:
        render(broken, "md")
    message = str(err.value)
    assert f"'{path}' is missing" in message and "format_version '1'" in message, message
    assert f"'{path.rsplit('.', 1)[-1].split(']')[-1]}_old'" in message  # the renamed key is named too


@pytest.mark.parametrize("path, value, expected", [
    ("appraisal.totals.npv", "12", "is text, expected number"),
    ("scores.rankings.group[0].rank", None, "is null, expected integer"),
    ("portfolio.objective_name", "value_npv", "is 'value_npv', expected one of 'npv', 'value', 'value+npv'"),
    ("sensitivity.tornado.bars", {}, "is an object, expected a list"),
])
def test_a_field_of_the_wrong_type_fails_naming_it(results, path, value, expected):
    broken, node, key = _copy_at(results, path)
    node[key] = value
    with pytest.raises(rf.ResultsFormatError) as err:
        render(broken, "html")
    assert f"'{path}' {expected}" in str(err.value), str(err.value)


def test_optional_blocks_may_be_absent_but_not_null(results):
    bare = {k: v for k, v in results.items() if k not in ("portfolio", "sensitivity", "roadmap", "monitoring", "map")}
    assert render(bare, "md")
    with pytest.raises(rf.ResultsFormatError, match="'portfolio' is null"):
        render(dict(results, portfolio=None), "md")


@pytest.mark.parametrize("version, expected", [
    ("2", "has format_version '2', which this mkba does not read"),
    (None, "has no format_version"),
])
def test_another_format_version_is_refused_by_render_and_by_mkba_report(results, tmp_path, capsys, version,
                                                                         expected):
    other = {k: v for k, v in results.items() if k != "format_version"}
    if version is not None:
        other["format_version"] = version
    with pytest.raises(rf.ResultsFormatError, match=expected):
        render(other, "md")
    (tmp_path / "results.json").write_text(to_json(other), encoding="utf-8")
    assert main(["report", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and expected in err and str(tmp_path / "results.json") in err
    assert "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results.json"]  # no report written


def test_results_of_this_format_version_keep_rendering(tmp_path):
    """The stored results.json of format version 1 renders in every format and language, with every
    section; an mkba that can no longer read it must raise the format version."""
    stored = json.loads(STORED.read_text(encoding="utf-8"))
    for fmt in FORMATS:
        for lang in ("nl", "en"):
            assert render(stored, fmt, lang=lang)
    md = render(stored, "md", lang="en").decode()
    for title in ("## Decision proposal", "## Summary and key figures", "## Package, simple ranking and parties",
                  "## Sensitivity", "## Assumptions"):
        assert title in md
    (tmp_path / "results.json").write_bytes(STORED.read_bytes())
    assert [p.name for p in write_reports(tmp_path)] == ["report.html", "report.md", "report.xlsx"]
