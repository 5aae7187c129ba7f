"""The bundled example scenarios/kraaihoek: it validates, runs, and its documented findings hold.

The findings are those written in scenarios/kraaihoek/README.md section 3; if the data change
so that they no longer hold, the README must change with them.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import mkba
from mkba.cli import main

KRAAIHOEK = Path(__file__).resolve().parents[1] / "scenarios" / "kraaihoek" / "scenario.yaml"


@pytest.fixture(scope="module")
def run():
    return mkba.run(KRAAIHOEK)


def test_validates_cleanly():
    scenario, issues = mkba.check_scenario(KRAAIHOEK)
    assert scenario is not None and issues == []
    assert len(scenario.measures) == 27 and len(scenario.criteria) == 8 and len(scenario.pm_criteria) == 5
    assert len(scenario.stakeholders) == 6
    kinds = {s.elicitation.kind for s in scenario.stakeholders}
    assert kinds == {"direct", "ranking", "ahp", "swing"}


def top(run, label, k):
    return run.scores.ranking(label)[:k]


def test_tenants_put_cheap_energy_first_and_heat_networks_and_demolition_last(run):
    n = len(run.scores.measures)
    assert set(top(run, "huurders", 3)) == {"M04", "M01", "M02"}
    bottom = run.scores.ranking("huurders")[n - 5:]
    assert {"M05a", "M05b", "M09"} <= set(bottom)


def test_school_board_ranks_school_variants_first(run):
    assert set(top(run, "scholen", 2)) == {"M15a", "M15b"}
    n = len(run.scores.measures)
    for party in ("corporatie", "gemeente", "zorg", "warmtebedrijf"):
        ranking = run.scores.ranking(party)
        assert min(ranking.index("M15a"), ranking.index("M15b")) >= n - n // 3 - 1, party


def test_heat_company_ranks_heat_networks_in_its_top_three(run):
    assert {"M05a", "M05b"} <= set(top(run, "warmtebedrijf", 3))


def test_group_top_three_as_documented(run):
    assert top(run, "group", 3) == ["M12", "M04", "M18"]


def test_tenants_weights_are_rank_order_centroid(run):
    """huurders: woonlasten > leefbaarheid > (woonkwaliteit = hinder) > onderwijs > npv (ROC, n = 6)."""
    w = run.weights
    row = dict(zip(w.criteria, w.values[w.stakeholders.index("huurders")]))
    roc = [sum(1 / i for i in range(k, 7)) / 6 for k in range(1, 7)]
    assert row["woonlasten"] == pytest.approx(roc[0])
    assert row["leefbaarheid"] == pytest.approx(roc[1])
    assert row["woonkwaliteit"] == pytest.approx((roc[2] + roc[3]) / 2) == pytest.approx(row["hinder"])
    assert row["npv"] == pytest.approx(roc[5])


def test_transfers_sum_to_zero_and_rows_to_totals(run):
    frame = run.appraisal.distribution_frame(measures=False)
    assert frame.loc["transfers", "total"] == pytest.approx(0, abs=1e-6)
    assert frame["total"].sum() == pytest.approx(run.appraisal.npv.sum())


def test_cli_run_twice_gives_identical_bytes(tmp_path):
    for name in ("a", "b"):
        assert main(["run", str(KRAAIHOEK), "--out", str(tmp_path / name), "--quiet"]) == 0
    for f in sorted((tmp_path / "a").iterdir()):
        assert f.read_bytes() == (tmp_path / "b" / f.name).read_bytes(), f.name
    assert np.isfinite(mkba.run(KRAAIHOEK).scores.values).all()
