"""End to end: scenario -> appraisal -> matrix -> weights -> scores -> result files."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

import mkba
from mkba import mcda
from mkba.writers import RESULT_FILES, write_run


@pytest.fixture
def mini_run(mini_path):
    return mkba.run(mkba.read_scenario(mini_path))


def test_decision_matrix_is_npv_plus_pm_criteria(mini_run):
    m = mini_run.matrix
    assert m.criteria == ("npv", "liveability", "nuisance")
    np.testing.assert_allclose(m.values[:, 0], mini_run.appraisal.npv)
    np.testing.assert_array_equal(m.types, [1, 1, -1])


def test_every_stakeholder_and_group_weight_on_simplex(mini_run):
    w = mini_run.weights.all
    assert w.shape == (5, 3)
    np.testing.assert_allclose(w.sum(axis=1), 1, atol=1e-12)
    assert (w >= 0).all()


def test_group_is_influence_weighted_mean_of_priorities(mini_run):
    w = mini_run.weights
    expected = np.array([2, 1, 1, 1]) / 5 @ w.values
    np.testing.assert_allclose(w.group, expected, atol=1e-12)
    assert w.group_method == "mean"


def test_rank_order_weights_for_residents(mini_run):
    """Residents ranked liveability first, then npv and nuisance tied: ROC with a tie."""
    w = mini_run.weights
    row = w.values[w.stakeholders.index("residents")]
    first = (1 + 1 / 2 + 1 / 3) / 3
    tied = ((1 / 2 + 1 / 3) / 3 + (1 / 3) / 3) / 2
    np.testing.assert_allclose(row, [tied, first, tied], atol=1e-12)


def test_direct_weights_for_municipality(mini_run):
    w = mini_run.weights
    np.testing.assert_allclose(w.values[w.stakeholders.index("municipality")], [0.5, 0.3, 0.2])


def test_scores_match_evaluate_for_each_row(mini_run):
    """Each stakeholder's scores are the method applied to its own weight vector alone."""
    s, m, w = mini_run.scores, mini_run.matrix, mini_run.weights
    for k in range(len(w.labels)):
        np.testing.assert_allclose(s.values[k], mcda.evaluate("topsis", m.values, w.all[k], m.types), atol=1e-12)


def test_kendall_tau_matrix_symmetric_with_unit_diagonal(mini_run):
    tau = mini_run.scores.kendall
    np.testing.assert_allclose(tau, tau.T)
    np.testing.assert_allclose(np.diag(tau), 1)
    assert np.nanmax(np.abs(tau)) <= 1


def test_result_files_are_written_and_byte_identical(mini_path, tmp_path):
    a = write_run(mkba.run(mkba.read_scenario(mini_path)), tmp_path / "a")
    b = write_run(mkba.run(mkba.read_scenario(mini_path)), tmp_path / "b")
    for name in RESULT_FILES:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    data = json.loads((a / "results.json").read_text())
    prov = data["provenance"]
    assert prov["input_hash"] == mkba.read_scenario(mini_path).input_hash and len(prov["input_hash"]) == 64
    assert prov["seed"] == 7 and prov["method"] == "topsis" and "numpy" in prov["dependencies"]
    text = (a / "results.json").read_text()
    assert str(tmp_path) not in text and str(mini_path.parent) not in text
    assert list(data) == sorted(data)


def test_rewrite_replaces_previous_output_and_leaves_no_temp(mini_run, tmp_path):
    out = tmp_path / "out"
    write_run(mini_run, out)
    (out / "weights.csv").unlink()  # mkba's own output, a file missing: replaced whole ...
    write_run(mini_run, out)
    assert (out / "weights.csv").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    (out / "notes.txt").write_text("mine")  # ... a file of the user's is never lost (issue 18)
    with pytest.raises(mkba.MkbaError, match="notes.txt"):
        write_run(mini_run, out)
    assert (out / "notes.txt").read_text() == "mine"


def test_refuses_to_overwrite_a_foreign_folder(mini_run, tmp_path):
    foreign = tmp_path / "thesis"
    foreign.mkdir()
    (foreign / "chapter1.docx").write_text("precious")
    with pytest.raises(mkba.MkbaError, match="not an mkba output"):
        write_run(mini_run, foreign)
    assert (foreign / "chapter1.docx").read_text() == "precious"


def test_failed_write_leaves_nothing(mini_run, tmp_path, monkeypatch):
    from mkba import writers

    def boom(run):
        raise RuntimeError("disk full")

    monkeypatch.setattr(writers, "render_files", boom)
    with pytest.raises(RuntimeError):
        write_run(mini_run, tmp_path / "out")
    assert list(tmp_path.iterdir()) == []


def test_kendall_matrix_equals_scipy_tau_b_with_ties():
    """The vectorised tau-b against scipy.stats.kendalltau (an independent implementation)."""
    from scipy.stats import kendalltau

    from mkba.stages.scoring import kendall_matrix

    rng = np.random.default_rng(3)
    ranks = rng.integers(1, 12, size=(5, 40))  # many ties
    ranks[4] = 7  # an all-tied row: undefined
    tau = kendall_matrix(ranks, block=7)
    for a in range(4):
        for b in range(4):
            expected = 1.0 if a == b else kendalltau(ranks[a], ranks[b]).statistic
            assert tau[a, b] == pytest.approx(expected, abs=1e-12)
    assert np.isnan(tau[4, :4]).all() and tau[4, 4] == 1


def test_a_measure_named_like_a_formula_is_inert_in_every_csv(mini_dir, tmp_path):
    """A name typed as a formula reaches every CSV as text a spreadsheet does not run (OWASP)."""
    import csv

    table = mini_dir / "measures.csv"
    hostile = "=SUM(A1:A9)*10"
    table.write_text(table.read_text(encoding="utf-8").replace("M1,Insulation,", f"M1,{hostile},", 1), encoding="utf-8")
    out = write_run(mkba.run(mkba.read_scenario(mini_dir / "scenario.yaml")), tmp_path / "out", reports=())
    cells = {p.name: [c for row in csv.reader(p.open(encoding="utf-8", newline="")) for c in row if "SUM(A1" in c]
             for p in out.glob("*.csv")}
    assert {name for name, found in cells.items() if found} >= {"appraisal.csv", "ranking.csv"}
    assert {c for found in cells.values() for c in found} == {"'" + hostile}


def test_results_record_the_time_limit_asked_not_what_was_left_of_it():
    """Zonnehof's soft ambitions make the core strategy solve a second round with what is left of the
    time limit; results.json recorded that remainder (59.9985...), a wall-clock figure, so two runs of the
    same inputs differed. Every recorded limit is the one asked for."""
    scenario = Path(__file__).resolve().parents[1] / "scenarios" / "wijkaanpak-aardgasvrij" / "scenario.yaml"
    text = json.dumps(mkba.run(scenario, sensitivity=False).to_dict(), default=str)
    limits = set(re.findall(r'"time_limit": ([^,}]*)', text))
    assert limits == {"60.0"}, limits
