"""The scenario option ``method.compare`` / ``method.rank_reversal`` (issue 23 item 5): read with located
errors, run on the group's weights, written to results.json and shown in the report (nl and en)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from mkba import mcda
from mkba.errors import ScenarioError
from mkba.pipeline import run
from mkba.report import render
from mkba.results import load
from mkba.stages.check import read_scenario

MINI = Path(__file__).resolve().parents[1] / "data" / "mini"


def _scenario(tmp_path: Path, method: str) -> Path:
    shutil.copy(MINI / "measures.csv", tmp_path / "measures.csv")
    text = (MINI / "scenario.yaml").read_text(encoding="utf-8")
    assert "method: {name: topsis}" in text
    (tmp_path / "scenario.yaml").write_text(text.replace("method: {name: topsis}", f"method: {method}"),
                                            encoding="utf-8")
    return tmp_path / "scenario.yaml"


def test_compare_and_audit_reach_results_and_report(tmp_path: Path) -> None:
    path = _scenario(tmp_path, "{name: topsis, compare: [vikor, PROMETHEE2, wsm], rank_reversal: true}")
    scenario = read_scenario(path)
    assert scenario.method.compare == ("topsis", "vikor", "promethee2", "wsm") and scenario.method.rank_reversal
    result = run(scenario, sensitivity=False)
    data = json.loads(json.dumps(result.to_dict()))
    load(data)  # the block matches the results format
    block = data["method_comparison"]
    assert block["methods"] == ["topsis", "vikor", "promethee2", "wsm"] and block["reversal_note"] == ""
    # the ranks are mcda.compare's on the decision matrix and the group's weights
    direct = mcda.compare(result.matrix.to_frame(), result.weights.group, result.matrix.types,
                          methods=block["methods"])
    for k, m in enumerate(direct.methods):
        assert [block["compare"]["ranks"][m][i] for i in result.matrix.measures] == direct.ranks[k].tolist()
    # TOPSIS's ranks are the scenario's own group ranking
    own = {r["measure"]: r["rank"] for r in data["scores"]["rankings"]["group"]}
    assert block["compare"]["ranks"]["topsis"] == own
    assert set(block["rank_reversal"]["methods"]) == set(block["methods"])
    for lang, title in (("nl", "Hoeveel maakt de methode uit?"), ("en", "How much does the method matter?")):
        md = render(data, "md", lang=lang).decode()
        html = render(data, "html", lang=lang).decode()
        assert f"## {title}" in md and f">{title}<" in html
        assert ("**Rank reversal per method**" if lang == "en" else "**Rangomkering per methode**") in md
        assert 'id="table-method_ranks"' in html and 'id="table-rank_reversal"' in html


def test_a_flat_scenario_has_no_block_and_no_section(tmp_path: Path) -> None:
    data = json.loads(json.dumps(run(_scenario(tmp_path, "{name: topsis}"), sensitivity=False).to_dict()))
    assert "method_comparison" not in data
    assert "How much does the method matter?" not in render(data, "md", lang="en").decode()


def test_rank_reversal_alone_audits_the_scenarios_method(tmp_path: Path) -> None:
    data = run(_scenario(tmp_path, "{name: vikor, v: 0.6, rank_reversal: true}"), sensitivity=False).to_dict()
    block = data["method_comparison"]
    assert block["methods"] == ["vikor"] and block["compare"] is None
    assert list(block["rank_reversal"]["methods"]) == ["vikor"]
    md = render(json.loads(json.dumps(data)), "md", lang="en").decode()
    assert "## How much does the method matter?" in md and "VIKOR" in md


@pytest.mark.parametrize("method, field, words", [
    ("{name: topsis, compare: [vikro]}", "method.compare", "unknown MCDA method"),
    ("{name: topsis, compare: [vikor, vikor]}", "method.compare", "listed twice"),
    ("{name: topsis, compare: [topsis]}", "method.compare", "no method other than the scenario's own"),
    ("{name: topsis, compare: vikor}", "method.compare", "expected a list of MCDA methods"),
    ("{name: topsis, rank_reversal: yes please}", "method.rank_reversal", "expected true or false"),
])
def test_located_errors(tmp_path: Path, method: str, field: str, words: str) -> None:
    with pytest.raises(ScenarioError) as err:
        read_scenario(_scenario(tmp_path, method))
    issues = [i for i in err.value.issues if i.field == field]
    assert issues and words in issues[0].message and issues[0].row is not None
    if "vikro" in method:
        assert issues[0].suggestion == "vikor"


def test_the_weights_are_the_groups(tmp_path: Path) -> None:
    result = run(_scenario(tmp_path, "{name: wsm, compare: [topsis]}"), sensitivity=False)
    comparison = result.method_comparison
    assert comparison is not None and comparison.comparison is not None
    np.testing.assert_array_equal(
        comparison.comparison.ranks[0],
        mcda.rank(mcda.evaluate("wsm", result.matrix.values, result.weights.group, result.matrix.types)))
