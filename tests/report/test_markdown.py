"""Markdown report: escaping of user strings and table shape."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mkba.writers import to_json
from mkba.pipeline import run
from mkba.report import render
from mkba.report.markdown import escape_md

KRAAIHOEK = Path(__file__).resolve().parents[2] / "scenarios" / "kraaihoek" / "scenario.yaml"


def test_escape_md():
    assert escape_md("a|b") == "a\\|b"
    assert escape_md("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert escape_md("`code` *x* _y_ [l](u) #h") == "\\`code\\` \\*x\\* \\_y\\_ \\[l\\](u) \\#h"
    assert escape_md("line\nbreak") == "line break"
    assert escape_md("&amp;") == "&amp;amp;"


@pytest.mark.slow
def test_hostile_names_cannot_break_tables_or_inject_html():
    results = json.loads(to_json(run(KRAAIHOEK).to_dict()))
    results["scenario"]["measures"][0]["name"] = "Evil | `x` <b>bold</b>\nnext"
    md = render(results, "md").decode()
    assert "<b>" not in md and "Evil \\| \\`x\\` &lt;b&gt;bold&lt;/b&gt; next" in md
    # every table row has as many cells as its header
    lines = md.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("|---") or line.startswith("|--"):
            width = lines[i - 1].replace("\\|", "").count("|")
            k = i + 1
            while k < len(lines) and lines[k].startswith("|"):
                assert lines[k].replace("\\|", "").count("|") == width, lines[k]
                k += 1
