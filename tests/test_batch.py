"""Batch runs on a real Dask LocalCluster on loopback: determinism, resume, failures, killed workers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mkba.batch import expand, parse_vary, run_many, scenario_files
from mkba.errors import MkbaError, ScenarioError
from mkba.io.scenario import read_scenario
from mkba.io.writers import RESULT_FILES, SENSITIVITY_FILES

distributed = pytest.importorskip("distributed", reason="dask.distributed is a declared dependency")


@pytest.fixture(scope="module")
def cluster2():
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      host="127.0.0.1") as cluster, Client(cluster) as client:
        yield client


@pytest.fixture(scope="module")
def cluster1():
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None,
                      host="127.0.0.1") as cluster, Client(cluster) as client:
        yield client


VARY = ["method=topsis,vikor", "discount=nl-2021,0.03"]


def test_parse_vary_lists_ranges_and_errors():
    assert parse_vary("method=topsis,vikor") == ("method", ("topsis", "vikor"))
    assert parse_vary("horizon=20:40:3") == ("horizon", (20.0, 30.0, 40.0))
    assert parse_vary("stakeholders.huurders.influence=0.5,1,2") == ("stakeholders.huurders.influence", (0.5, 1, 2))
    with pytest.raises(MkbaError, match="did you mean 'method'"):
        parse_vary("methd=topsis")
    with pytest.raises(MkbaError, match="PATH=VALUES"):
        parse_vary("method")


def test_expand_is_the_cartesian_product_with_spawned_seeds(mini_path):
    s = read_scenario(mini_path)
    variants = expand([("a", s), ("b", s)], [parse_vary(v) for v in VARY], seed=5)
    assert [v.key for v in variants[:4]] == ["a[method=topsis,discount=nl-2021]", "a[method=topsis,discount=0.03]",
                                             "a[method=vikor,discount=nl-2021]", "a[method=vikor,discount=0.03]"]
    assert len(variants) == 8 and len({v.seed for v in variants}) == 8
    assert [v.seed for v in expand([("a", s), ("b", s)], [parse_vary(v) for v in VARY], seed=5)] == \
        [v.seed for v in variants]
    assert len({v.folder for v in variants}) == 8


def test_bad_override_is_located(mini_path, tmp_path, cluster2):
    batch = run_many([mini_path], out=tmp_path, vary=["stakeholders.residnts.influence=2", "method=topsis"],
                     client=cluster2)
    (row,) = batch.rows
    assert row["status"] == "invalid" and "did you mean 'residents'" in row["error"]


def folder_bytes(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.parent != out}


def test_one_and_two_workers_give_identical_bytes(mini_path, tmp_path, cluster1, cluster2):
    a = run_many([mini_path], out=tmp_path / "one", vary=VARY, seed=3, client=cluster1)
    b = run_many([mini_path], out=tmp_path / "two", vary=VARY, seed=3, client=cluster2)
    assert a.counts == b.counts == {"done": 4}
    one, two = folder_bytes(tmp_path / "one"), folder_bytes(tmp_path / "two")
    assert one == two and len(one) == 4 * 10
    assert (tmp_path / "one" / "summary.csv").read_bytes() == (tmp_path / "two" / "summary.csv").read_bytes()


def test_resume_skips_complete_variants_and_redoes_missing(mini_path, tmp_path, cluster2):
    out = tmp_path / "out"
    first = run_many([mini_path], out=out, vary=VARY, client=cluster2)
    assert first.counts == {"done": 4}
    victim = out / first.rows[1]["folder"]
    for f in victim.iterdir():
        f.unlink()
    victim.rmdir()
    (out / ".leftover.tmp-123").mkdir()
    second = run_many([mini_path], out=out, vary=VARY, client=cluster2)
    assert second.counts == {"done": 1, "skipped": 3}
    assert victim.is_dir() and not (out / ".leftover.tmp-123").exists()
    summary = (out / "summary.csv").read_text()
    assert summary.count("\n") == 5 and "comparison" not in summary
    assert (out / "comparison.md").is_file() and (out / "comparison.html").is_file()


def test_failing_variant_is_recorded_and_the_rest_go_on(mini_path, tmp_path, cluster2):
    batch = run_many([mini_path], out=tmp_path, vary=["method=topsis,copras,vikor"], client=cluster2)
    status = {r["key"]: r["status"] for r in batch.rows}
    assert status == {"mini[method=topsis]": "done", "mini[method=copras]": "invalid", "mini[method=vikor]": "done"}
    copras = next(r for r in batch.rows if r["key"] == "mini[method=copras]")
    assert "copras" in copras["error"] and not (tmp_path / copras["folder"]).exists()


def test_invalid_scenario_file_is_recorded(mini_dir, mini_path, tmp_path, cluster2):
    bad = mini_dir / "scenario.yaml"
    bad.write_text(bad.read_text().replace("direction: benefit", "direction: benfit", 1))
    batch = run_many([mini_path, bad], out=tmp_path, client=cluster2)
    assert sorted(r["status"] for r in batch.rows) == ["done", "invalid"]


def test_killed_worker_loses_no_variant(mini_path, tmp_path):
    """A worker killed (os.kill, SIGKILL) during the run: each variant is retried or recorded, none missing."""
    from distributed import Client, LocalCluster

    vary = ["seed=" + ",".join(str(i) for i in range(24))]
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      host="127.0.0.1") as cluster, Client(cluster) as client:
        pids = list(client.run(os.getpid).values())
        killed = []

        def progress(done, total, row):
            if done == 2 and not killed:
                os.kill(pids[0], signal.SIGKILL)
                killed.append(pids[0])

        batch = run_many([mini_path], out=tmp_path, vary=vary, client=client, progress=progress)
    assert killed
    assert len(batch.rows) == 24 and {r["index"] for r in batch.rows} == set(range(24))
    assert all(r["status"] in ("done", "failed") for r in batch.rows)
    for r in batch.rows:
        if r["status"] == "done":
            assert (tmp_path / r["folder"] / "results.json").is_file()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_ctrl_c_leaves_no_half_written_folder_and_rerun_completes(mini_path, tmp_path):
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "mkba", "batch", str(mini_path), "--out", str(out), "--workers", "1",
           "--vary", "seed=" + ",".join(str(i) for i in range(200))]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 60
    while time.time() < deadline and not (out.is_dir() and len([p for p in out.iterdir() if not p.name.startswith(".")]) >= 3):
        time.sleep(0.1)
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=60)
    folders = [p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")]
    assert folders, "the batch should have written some variants before the interrupt"
    for folder in folders:
        assert sorted(f.name for f in folder.iterdir()) == sorted(
            RESULT_FILES + SENSITIVITY_FILES + ("variant.json",)), folder
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "200 variants" in done.stdout
    assert len([p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")]) == 200


def test_scenario_files_from_folders(tmp_path, mini_dir):
    assert scenario_files([mini_dir.parent]) == [mini_dir / "scenario.yaml"]
    with pytest.raises(ScenarioError):
        read_scenario(tmp_path / "missing.yaml")


def test_budget_variants_give_portfolio_columns_and_comparison(mini_path, tmp_path, cluster2):
    from mkba.batch_report import comparison_markdown

    batch = run_many([mini_path], out=tmp_path, vary=["budget=1e6:4e6:3", "objective=npv,value+npv"],
                     client=cluster2, sensitivity=False)
    assert batch.counts == {"done": 6}
    rows = sorted(batch.rows, key=lambda r: (r["vary:objective"], r["budget"]))
    npv = [r for r in rows if r["vary:objective"] == "npv"]
    assert [r["budget"] for r in npv] == [1e6, 2.5e6, 4e6]
    values = [r["portfolio_value"] for r in npv]
    assert values == sorted(values)  # more money never buys less
    assert all(r["portfolio_spend"] <= r["budget"] + 1e-6 for r in npv)
    assert all(r["greedy_value"] <= r["portfolio_value"] + 1e-9 for r in rows)
    text = comparison_markdown(batch.to_frame())
    assert "in how many variants each measure is in the best portfolio" in text
    assert "portfolio value and spend across budgets" in text
    with pytest.raises(ScenarioError, match="one of npv, value, value\\+npv"):
        from mkba.batch import apply_overrides

        apply_overrides(read_scenario(mini_path), [("budget", 1e6), ("objective", "topsis")])
