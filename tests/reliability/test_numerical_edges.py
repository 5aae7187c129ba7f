"""Numerical edge cases give defined results (docs/reliability.md lists them), never a crash.

Each case edits a copy of tests/data/mini: one measure, all measures equal, one criterion, all
costs zero, budgets of zero, of 1e15 and of infinity, weights at each corner of the simplex (for
every ranking method), effects of 1e12 and 1e-12.
"""

from __future__ import annotations

import csv
import io
import math
import re
import shutil
from pathlib import Path

import numpy as np
import pytest

import mkba
from mkba.cli import main
from mkba.errors import ScenarioError

MINI = Path(__file__).resolve().parents[1] / "data" / "mini"
SWING = """  - id: school
    name: School
    swing:
      points: {npv: 50, liveability: 100, nuisance: 20}
      ranges: {npv: [0, 2000], liveability: [0, 4], nuisance: [0, 2]}
"""


def make(tmp_path: Path, *, yaml=None, rows=None, budget=None, drop_swing=False) -> Path:
    folder = tmp_path / "case"
    shutil.copytree(MINI, folder)
    text = (folder / "scenario.yaml").read_text(encoding="utf-8")
    if drop_swing:
        assert SWING in text
        text = text.replace(SWING, "")
    if yaml:
        text = yaml(text)
    if budget is not None:
        text += f"budget: {{total: {budget}}}\n"
    (folder / "scenario.yaml").write_text(text, encoding="utf-8")
    table = list(csv.reader(io.StringIO((folder / "measures.csv").read_text(encoding="utf-8"))))
    if rows:
        table = rows(table)
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(table)
    (folder / "measures.csv").write_text(buf.getvalue(), encoding="utf-8")
    return folder / "scenario.yaml"


def test_one_measure(tmp_path):
    path = make(tmp_path, rows=lambda t: t[:2], budget=5000)
    with pytest.raises(ScenarioError, match="zero observed range"):  # swing weights need spread
        mkba.read_scenario(path)
    run = mkba.run(make(tmp_path / "b", rows=lambda t: t[:2], budget=5000, drop_swing=True), samples=200)
    assert run.scores.order("group") == ["M1"]
    np.testing.assert_allclose(run.sensitivity.smaa.rank_acceptability, [[1.0]])
    assert run.portfolio.portfolio.status == "optimal"


def test_all_measures_equal_tie(tmp_path):
    def same(t):
        return [t[0]] + [[f"M{k}", f"Same {k}", *t[1][2:]] for k in range(1, 4)]

    run = mkba.run(make(tmp_path, rows=same, drop_swing=True), samples=200)
    assert run.scenario.warnings  # zero spread on every criterion is reported
    assert (run.scores.ranks == 1).all() and run.scores.tied.all()  # one tie for first, explicit
    acc = run.sensitivity.smaa.rank_acceptability  # tied measures share the best rank (SMAA's convention)
    np.testing.assert_allclose(acc[:, 0], 1.0)
    np.testing.assert_allclose(acc.sum(axis=1), 1.0)


def test_all_costs_zero(tmp_path):
    def free(t):
        for row in t[1:]:
            row[4], row[5] = "0", "0"
        return t

    run = mkba.run(make(tmp_path, rows=free, budget=0), samples=200)
    assert np.isnan(run.appraisal.bcr).all()  # no costs: B/C undefined, never inf
    chosen = set(run.portfolio.portfolio.selected)
    positive = {m for m, v in zip(run.portfolio.problem.ids, run.portfolio.problem.values) if v > 0}
    assert chosen == positive  # free measures with value are all taken, even at budget 0


def test_budget_zero_and_budget_1e15(tmp_path):
    zero = mkba.run(make(tmp_path / "a", budget=0), sensitivity=False)
    free = [m.id for m in zero.scenario.measures if m.total_investment == 0]
    assert zero.portfolio.portfolio.status == "optimal"
    assert set(zero.portfolio.portfolio.selected) <= set(free)
    huge = mkba.run(make(tmp_path / "b", budget=1e15), sensitivity=False)
    p = huge.portfolio.problem
    best = {m for m, v in zip(p.ids, p.values) if v > 0}
    assert set(huge.portfolio.portfolio.selected) == best  # no rules: every measure with value


def test_budget_infinity_is_refused_alike_in_the_scenario_and_on_the_command_line(tmp_path, capsys):
    """``budget: {total: .inf}`` in the YAML and ``--budget inf`` are both refused as not finite (exit
    code 2, located: the line in the file, the argument on the command line); so are NaN, negative
    and > 1e15 amounts. No limit on the total is said by leaving the total out. Through the Python
    API ``budget=math.inf`` means just that, no limit on the total (as in PortfolioProblem)."""
    with pytest.raises(ScenarioError) as err:
        mkba.read_scenario(make(tmp_path / "yaml", budget=".inf"))
    issue = next(i for i in err.value.issues if i.field == "budget.total")
    assert issue.row is not None and "not a finite number" in issue.message
    out = tmp_path / "out"
    for bad, words in [("inf", "not a finite number"), ("-inf", "not a finite number"), ("nan", "not a finite number"),
                       ("-1", "negative"), ("1e16", "too large"), ("lots", "not a number")]:
        with pytest.raises(SystemExit) as exit_:
            main(["run", str(MINI / "scenario.yaml"), "--out", str(out), f"--budget={bad}", "--quiet"])
        assert exit_.value.code == 2
        assert f"argument --budget: {words}" in capsys.readouterr().err
        assert not out.exists()
    unlimited = mkba.run(make(tmp_path / "api"), budget=math.inf, sensitivity=False)
    p = unlimited.portfolio.problem
    assert p.budget_total == math.inf and unlimited.portfolio.portfolio.status == "optimal"
    assert set(unlimited.portfolio.portfolio.selected) == {m for m, v in zip(p.ids, p.values) if v > 0}


def test_weights_at_a_corner_rank_by_that_criterion(tmp_path):
    path = make(tmp_path, yaml=lambda y: y.replace("weights: {npv: 0.5, liveability: 0.3, nuisance: 0.2}",
                                                   "weights: {npv: 1, liveability: 0, nuisance: 0}"))
    run = mkba.run(path, sensitivity=False)
    order = run.scores.order("municipality")
    npv = dict(zip(run.matrix.measures, run.appraisal.npv))
    assert list(order) == sorted(npv, key=lambda m: -npv[m])


CORNER_METHODS = ("topsis", "vikor", "promethee2", "wsm", "moora", "edas", "spotis")


@pytest.mark.parametrize("criterion", ["npv", "liveability", "nuisance"])
@pytest.mark.parametrize("method", CORNER_METHODS + ("wpm", "copras"))
def test_every_corner_of_the_simplex_ranks_by_its_criterion(tmp_path, method, criterion):
    """All weight on one criterion (each unit vector, each method): the ranks follow that criterion
    alone, in its direction (nuisance is a cost), and equal values are one tie (M3 and M4 both have
    nuisance 0). WPM and COPRAS need positive values and refuse the negative NPVs, located at
    'method', at every corner alike."""
    weights = ", ".join(f"{c}: {int(c == criterion)}" for c in ("npv", "liveability", "nuisance"))

    def corner(text):
        text = text.replace("weights: {npv: 0.5, liveability: 0.3, nuisance: 0.2}", f"weights: {{{weights}}}")
        return text.replace("method: {name: topsis}", f"method: {{name: {method}}}")

    path = make(tmp_path, yaml=corner)
    if method not in CORNER_METHODS:
        with pytest.raises(ScenarioError) as err:
            mkba.run(path, sensitivity=False)
        assert [i.field for i in err.value.issues if i.severity == "error"] == ["method"]
        return
    run = mkba.run(path, sensitivity=False)
    k, j = run.scores.labels.index("municipality"), run.matrix.criteria.index(criterion)
    better = run.matrix.values[:, j] * run.matrix.types[j]  # larger is better in both directions
    ranks, tied = run.scores.ranks[k], run.scores.tied[k]
    n = len(better)
    for a in range(n):
        for b in range(n):
            if better[a] > better[b]:
                assert ranks[a] < ranks[b], (run.matrix.measures[a], run.matrix.measures[b])
            elif better[a] == better[b] and a != b:
                assert ranks[a] == ranks[b] and tied[a] and tied[b], (run.matrix.measures[a], run.matrix.measures[b])
    assert len(set(better)) < n or not tied.any()


@pytest.mark.parametrize("factor", [1e12, 1e-12])
def test_extreme_units_leave_the_ranking_unchanged(tmp_path, factor):
    def scaled(t):
        col = t[0].index("liveability")
        for row in t[1:]:
            row[col] = "|".join(repr(float(v) * factor) for v in row[col].split("|"))
        return t

    drop = dict(drop_swing=True)  # swing ranges are elicited in the original units
    base = mkba.run(make(tmp_path / "a", **drop), samples=500)
    big = mkba.run(make(tmp_path / "b", rows=scaled, **drop), samples=500)
    for label in ("group", "municipality", "residents", "corporation"):
        assert big.scores.order(label) == base.scores.order(label)
    np.testing.assert_allclose(big.sensitivity.smaa.rank_acceptability, base.sensitivity.smaa.rank_acceptability,
                               atol=1e-12)


def test_one_criterion_ranks_by_npv(tmp_path):
    def one(text):
        text = re.sub(r"  - \{id: liveability.*\n  - \{id: nuisance.*\n", "", text)
        text = text.replace("weights: {npv: 0.5, liveability: 0.3, nuisance: 0.2}", "weights: {npv: 1}")
        text = text.replace("ranking: [liveability, [nuisance, npv]]", "ranking: [npv]")
        return re.sub(r"    ahp:\n(      .*\n|        .*\n)+", "    weights: {npv: 1}\n", text)

    path = make(tmp_path, yaml=one, rows=lambda t: [r[:-2] for r in t], drop_swing=True)
    run = mkba.run(path, samples=200)
    npv = dict(zip(run.matrix.measures, run.appraisal.npv))
    assert run.scores.order("group") == sorted(npv, key=lambda m: -npv[m])
    assert run.matrix.criteria == ("npv",)


@pytest.mark.parametrize("cell", ["nan", "NaN", "inf", "-inf", "1e999", "9" * 5000, "1" + "0" * 400])
@pytest.mark.parametrize("column, before", [("investment", "2026,1000,10,"), ("running_cost", "1000,10,5,"),
                                            ("co2", ",,,2,0,1,1")])
def test_no_money_or_effect_is_infinite_nan_or_endless(mini_dir, capsys, cell, column, before):
    """A non-finite, overflowing or endless number in a money or effect cell is an error at its row and
    column (issue 18): never a NaN in the results, never Python's 4300-digit int error."""
    from mkba.cli import main

    path = mini_dir / "measures.csv"
    text = path.read_text(encoding="utf-8")
    after = {"investment": f"2026,{cell},10,", "running_cost": f"1000,{cell},5,", "co2": f",,,{cell},0,1,1"}[column]
    assert before in text.splitlines()[1]
    path.write_text(text.replace(before, after, 1), encoding="utf-8")
    assert main(["validate", str(mini_dir / "scenario.yaml")]) == 2
    err = capsys.readouterr().err
    assert f"measures.csv, row 2, field '{column}'" in err and "Exceeds" not in err and "Traceback" not in err
