"""The reader reads; the stages' dry run finds what only the stages refuse (issue 22, item 4).

:mod:`mkba.io.scenario` checks the files alone and imports no stage. :func:`mkba.check_scenario`
(:mod:`mkba.stages.check`) adds a dry run of appraise -> build -> weigh
(:func:`mkba.stages.prepare.prepare`), whose errors are located as the weighting located them, so
that ``mkba validate`` reports what ``mkba run`` would refuse.
"""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pytest

import mkba
from mkba.cli import main
from mkba.errors import ScenarioError
from mkba.io import scenario as reader
from mkba.stages.appraisal import appraise
from mkba.stages.matrix import build
from mkba.stages.prepare import prepare
from mkba.stages.weighting import weigh

ROOT = Path(__file__).resolve().parents[2]
RESIDENTS_RANKING = "ranking: [liveability, [nuisance, npv]]"


def entropy_on_negative_npv(folder: Path) -> Path:
    """The mini scenario with the residents' weights computed by entropy: the NPV column has
    negative values, so the weighting refuses it (a file that reads well, a run that cannot start)."""
    path = folder / "scenario.yaml"
    text = path.read_text(encoding="utf-8")
    assert RESIDENTS_RANKING in text
    path.write_text(text.replace(RESIDENTS_RANKING, "objective: entropy"), encoding="utf-8")
    return path


def errors(issues):
    return [i for i in issues if i.severity == "error"]


def test_the_reader_accepts_the_file_and_the_dry_run_finds_the_stage_error(mini_dir):
    path = entropy_on_negative_npv(mini_dir)
    scenario, read = reader.check_scenario(path)
    assert scenario is not None and not errors(read)
    assert reader.read_scenario(path) == scenario
    none, issues = mkba.check_scenario(path)
    assert none is None and issues[:len(read)] == read  # the file's own issues first, then the stages'
    (issue,) = errors(issues)
    assert issue.field == "stakeholders.residents" and issue.value == "objective" and "negative" in issue.message
    assert issue.file == "scenario.yaml" and issue.expected == "an elicitation that suits this decision matrix"
    with pytest.raises(ScenarioError) as info:
        mkba.read_scenario(path)
    assert info.value.issues == tuple(issues)


def test_validate_and_run_report_the_stage_error_located(mini_dir, capsys):
    path = entropy_on_negative_npv(mini_dir)
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "1 error(s) in the input:" in err and "field 'stakeholders.residents'" in err and "Traceback" not in err
    _, issues = mkba.check_scenario(path)
    with pytest.raises(ScenarioError) as info:
        mkba.run(path)
    assert info.value.issues == tuple(issues)


def test_a_valid_scenario_passes_both(mini_path):
    scenario, issues = mkba.check_scenario(mini_path)
    assert scenario is not None and (scenario, issues) == reader.check_scenario(mini_path)
    assert mkba.read_scenario(mini_path) == reader.read_scenario(mini_path)


def test_the_chain_is_appraise_build_weigh(mini_path):
    scenario = mkba.read_scenario(mini_path)
    appraisal, matrix, weights = prepare(scenario)
    a = appraise(scenario)
    m = build(scenario, a)
    w = weigh(scenario, m)
    np.testing.assert_array_equal(appraisal.npv, a.npv)
    assert matrix.criteria == m.criteria and matrix.measures == m.measures
    np.testing.assert_array_equal(matrix.values, m.values)
    assert weights.labels == w.labels
    np.testing.assert_array_equal(weights.all, w.all)


FORBIDDEN = ("mkba.stages", "mkba.pipeline", "mkba.report", "mkba.batch", "mkba.survey", "mkba.cli")


def _imported(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import of an mkba module in a file of the package."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join(parent + ([node.module] if node.module else []))
            names = [base] + [f"{base}.{a.name}" for a in node.names]
            found += [(node.lineno, n) for n in names if n.startswith("mkba")]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("mkba")]
    return found


def test_the_reader_imports_no_stage_and_no_edge():
    files = sorted((ROOT / "mkba" / "io").rglob("*.py"))
    assert ROOT / "mkba" / "io" / "scenario" / "__init__.py" in files
    bad = [f"{p.relative_to(ROOT)}:{line} {name}" for p in files for line, name in _imported(p)
           if name.startswith(FORBIDDEN)]
    assert bad == []
    # the check sees relative imports: the dry run imports the reader as "from ..io import scenario"
    assert any(name == "mkba.io.scenario" for _, name in _imported(ROOT / "mkba" / "stages" / "check.py"))
