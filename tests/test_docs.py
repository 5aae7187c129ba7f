"""docs/scenario-format.md is generated from the field metadata in mkba/io/schema.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mkba.io import schema
from mkba.io.schema import MEASURE_COLUMNS, render_markdown

DOC = Path(__file__).resolve().parents[1] / "docs" / "scenario-format.md"


def test_scenario_format_doc_is_in_sync():
    assert DOC.read_text(encoding="utf-8") == render_markdown(), (
        "docs/scenario-format.md is stale: run `python -m mkba.io.schema > docs/scenario-format.md`")


def test_every_measure_column_is_documented():
    text = DOC.read_text(encoding="utf-8")
    for f in MEASURE_COLUMNS:
        assert f"`{f.name}`" in text


def test_the_schema_is_looked_up_by_section_and_name():
    assert schema.field("portfolio", "time_limit").default == 60
    assert schema.field("map", "colour").choices == ("portfolio", "priority", "core")
    assert schema.fields("measures") is MEASURE_COLUMNS
    text = DOC.read_text(encoding="utf-8")
    for section, specs in schema.SECTIONS.items():
        assert [schema.field(section, f.name) for f in specs] == list(specs)
        heading = {"scenario": "## Top level", "measures": "## Measures table"}.get(section, f"## `{section}`")
        assert heading in text.replace("### `", "## `")
    with pytest.raises(KeyError):
        schema.field("portfolio", "timelimit")


def test_the_reader_never_looks_a_field_up_by_position():
    root = DOC.parents[1] / "mkba" / "io"
    indexed = [f"{p.name}:{k + 1}" for p in sorted(root.rglob("*.py")) if p.name != "schema.py"
               for k, line in enumerate(p.read_text(encoding="utf-8").splitlines())
               if re.search(r"_(FIELDS|COLUMNS)\b", line)]
    assert indexed == [], "use mkba.io.schema.field(section, name) or fields(section)"


def test_methods_doc_table_is_generated_from_the_registry():
    from mkba.mcda import METHODS
    from mkba.mcda.docs import update

    path = DOC.parent / "methods.md"
    assert path.read_text(encoding="utf-8") == update(path), (
        "docs/methods.md is stale: run `python -m mkba.mcda.docs`")
    for name in METHODS:
        assert f"### `{name}`" in path.read_text(encoding="utf-8")
