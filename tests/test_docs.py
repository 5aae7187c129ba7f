"""docs/scenario-format.md is generated from the field metadata in mkba/io/schema.py."""

from __future__ import annotations

from pathlib import Path

from mkba.io.schema import MEASURE_COLUMNS, render_markdown

DOC = Path(__file__).resolve().parents[1] / "docs" / "scenario-format.md"


def test_scenario_format_doc_is_in_sync():
    assert DOC.read_text(encoding="utf-8") == render_markdown(), (
        "docs/scenario-format.md is stale: run `python -m mkba.io.schema > docs/scenario-format.md`")


def test_every_measure_column_is_documented():
    text = DOC.read_text(encoding="utf-8")
    for f in MEASURE_COLUMNS:
        assert f"`{f.name}`" in text


def test_methods_doc_table_is_generated_from_the_registry():
    from mkba.mcda import METHODS
    from mkba.mcda.docs import update

    path = DOC.parent / "methods.md"
    assert path.read_text(encoding="utf-8") == update(path), (
        "docs/methods.md is stale: run `python -m mkba.mcda.docs`")
    for name in METHODS:
        assert f"### `{name}`" in path.read_text(encoding="utf-8")
