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
from mkba.batch.run import local_cluster
from mkba.errors import MkbaError, ScenarioError
from mkba.io.scenario import read_scenario
from mkba.writers import MANIFEST, RESULT_FILES, SENSITIVITY_FILES, Manifest, check_folder

distributed = pytest.importorskip("distributed", reason="dask.distributed is a declared dependency")


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


def test_bad_override_is_located(mini_path, tmp_path, client2):
    batch = run_many([mini_path], out=tmp_path, vary=["stakeholders.residnts.influence=2", "method=topsis"],
                     client=client2)
    (row,) = batch.rows
    assert row["status"] == "invalid" and "did you mean 'residents'" in row["error"]


def hidden(folder: Path) -> list[str]:
    """Hidden entries of a batch folder other than its manifest: temporaries left behind."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".") and p.name != MANIFEST)


def folder_bytes(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.parent != out}


@pytest.mark.slow
def test_one_and_two_workers_give_identical_bytes(mini_path, tmp_path, client1, client2):
    a = run_many([mini_path], out=tmp_path / "one", vary=VARY, seed=3, client=client1)
    b = run_many([mini_path], out=tmp_path / "two", vary=VARY, seed=3, client=client2)
    assert a.counts == b.counts == {"done": 4}
    one, two = folder_bytes(tmp_path / "one"), folder_bytes(tmp_path / "two")
    assert one == two
    names = {}
    for key in one:
        folder, name = key.split("/")
        names.setdefault(folder, set()).add(name)
    assert len(names) == 4 and all(n == names[next(iter(names))] for n in names.values())
    assert set(RESULT_FILES + SENSITIVITY_FILES + ("variant.json",)) <= names[next(iter(names))]
    assert (tmp_path / "one" / "summary.csv").read_bytes() == (tmp_path / "two" / "summary.csv").read_bytes()


def test_resume_skips_complete_variants_and_redoes_missing(mini_path, tmp_path, client2):
    out = tmp_path / "out"
    first = run_many([mini_path], out=out, vary=VARY, client=client2)
    assert first.counts == {"done": 4}
    victim = out / first.rows[1]["folder"]
    for f in victim.iterdir():
        f.unlink()
    victim.rmdir()
    leftover = out / ".leftover.tmp-123"  # an unfinished write of mkba: its manifest inside marks it
    leftover.mkdir()
    (leftover / MANIFEST).write_text(Manifest("run", {"results.json": frozenset({"0" * 64})}).text())
    (leftover / "results.json").write_text("{")
    second = run_many([mini_path], out=out, vary=VARY, client=client2)
    assert second.counts == {"done": 1, "skipped": 3}
    assert victim.is_dir() and not leftover.exists()
    summary = (out / "summary.csv").read_text()
    assert summary.count("\n") == 5 and "comparison" not in summary
    assert (out / "comparison.md").is_file() and (out / "comparison.html").is_file()


def test_failing_variant_is_recorded_and_the_rest_go_on(mini_path, tmp_path, client2):
    batch = run_many([mini_path], out=tmp_path, vary=["method=topsis,copras,vikor"], client=client2)
    status = {r["key"]: r["status"] for r in batch.rows}
    assert status == {"mini[method=topsis]": "done", "mini[method=copras]": "invalid", "mini[method=vikor]": "done"}
    copras = next(r for r in batch.rows if r["key"] == "mini[method=copras]")
    assert "copras" in copras["error"] and not (tmp_path / copras["folder"]).exists()


def test_invalid_scenario_file_is_recorded(mini_dir, mini_path, tmp_path, client2):
    bad = mini_dir / "scenario.yaml"
    bad.write_text(bad.read_text().replace("direction: benefit", "direction: benfit", 1))
    batch = run_many([mini_path, bad], out=tmp_path / "out", client=client2)
    assert sorted(r["status"] for r in batch.rows) == ["done", "invalid"]


@pytest.mark.slow
def test_killed_worker_loses_no_variant(mini_path, tmp_path):
    """A worker killed (os.kill, SIGKILL) during the run: each variant is retried or recorded, none missing."""
    from distributed import Client

    vary = ["seed=" + ",".join(str(i) for i in range(24))]
    with local_cluster(2) as cluster, Client(cluster) as client:
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
    assert hidden(tmp_path) == []


@pytest.mark.slow
def test_workers_killed_at_random_moments_then_a_rerun_completes_with_the_same_bytes(mini_path, tmp_path):
    """kill -9 of a worker at seeded random moments (two kills, any worker alive then): no variant
    is missing or half-written; re-running the same batch resumes and completes, and every
    variant's results.json equals that of an undisturbed run byte for byte."""
    import numpy as np
    from distributed import Client

    n = 24
    vary = ["seed=" + ",".join(str(i) for i in range(n))]
    moments = sorted(int(k) for k in np.random.default_rng(11).choice(np.arange(1, n - 4), 2, replace=False))
    out, clean = tmp_path / "killed", tmp_path / "clean"
    import dask

    # allowed-failures 0: a task whose worker dies is not rescheduled by Dask, so the batch must
    # record it as failed and the re-run must complete it (the path a user takes after a crash)
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), \
            local_cluster(2) as cluster, Client(cluster) as client:
        killed: list[int] = []

        def progress(done, total, row):
            if len(killed) < len(moments) and done >= moments[len(killed)]:
                pid = sorted(client.run(os.getpid).values())[len(killed) % 2 - 1]
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)

        first = run_many([mini_path], out=out, vary=vary, client=client, progress=progress, retries=0)
        assert len(killed) == len(moments)
        assert {r["index"] for r in first.rows} == set(range(n))
        assert all(r["status"] in ("done", "failed") for r in first.rows)
        assert hidden(out) == []  # no temporary folder left
        check_folder(out, "batch")  # the folder is still the batch's own: the re-run may go on
        for r in first.rows:  # a folder is there exactly when its variant is done, and then complete
            folder = out / r["folder"]
            assert folder.is_dir() == (r["status"] == "done")
            if folder.is_dir():
                assert all((folder / f).is_file() for f in RESULT_FILES)
        again = run_many([mini_path], out=out, vary=vary, client=client)
        reference = run_many([mini_path], out=clean, vary=vary, client=client)
    statuses = [r["status"] for r in again.rows]
    assert set(statuses) <= {"done", "skipped"} and len(statuses) == n  # resumed: the rest done now
    assert statuses.count("done") == sum(r["status"] == "failed" for r in first.rows) >= 1  # a kill cost a variant
    for r in reference.rows:
        assert (out / r["folder"] / "results.json").read_bytes() == (clean / r["folder"] / "results.json").read_bytes()


def _die_while_writing(marker: str) -> None:
    """On a worker: SIGKILL itself on the first fsync of a file in a folder whose name holds ``marker``."""
    import os as _os
    import signal as _signal

    real = _os.fsync

    def fsync(fd):
        if marker in _os.readlink(f"/proc/self/fd/{fd}"):
            _os.kill(_os.getpid(), _signal.SIGKILL)
        real(fd)

    _os.fsync = fsync


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="finds the written file through /proc (Linux)")
def test_a_worker_killed_in_the_middle_of_writing_leaves_no_temporary_folder(mini_path, tmp_path):
    """The kill lands inside write_folder (its temporary folder half full): the variant is recorded
    as failed, its unfinished temporary folder is removed, and a re-run completes it."""
    import dask
    from distributed import Client

    out = tmp_path / "out"
    vary = ["seed=0,1,2,3"]
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), \
            local_cluster(1) as cluster, Client(cluster) as client:
        client.run(_die_while_writing, "seed=2")  # the nanny restarts the worker without the patch
        first = run_many([mini_path], out=out, vary=vary, client=client, retries=0)
        statuses = [r["status"] for r in first.rows]
        # seed=2 died; a task already queued on the dying worker may go down with it
        assert statuses[:3] == ["done", "done", "failed"] and statuses[3] in ("done", "failed")
        assert hidden(out) == []  # the half-written folder is gone
        assert sorted(p.name for p in out.iterdir() if p.is_dir()) == [r["folder"] for r in first.rows
                                                                        if r["status"] == "done"]
        again = run_many([mini_path], out=out, vary=vary, client=client)
    assert [r["status"] == "done" for r in again.rows] == [s == "failed" for s in statuses]  # the rest skipped


@pytest.mark.slow
def test_ctrl_c_leaves_no_half_written_folder_reports_what_is_complete_and_rerun_completes(mini_path, tmp_path):
    """Ctrl-C as a terminal sends it (SIGINT to the whole process group, workers included): whole
    folders only, a message counting them, a partial summary of exactly those, no traceback."""
    out = tmp_path / "out"
    n = 60
    cmd = [sys.executable, "-m", "mkba", "batch", str(mini_path), "--out", str(out), "--workers", "1",
           "--vary", "seed=" + ",".join(str(i) for i in range(n))]
    # the batch runs at the lowest priority, so on a busy machine this test's polling still gets the CPU
    # before the batch can finish every variant (it did once, with both cores loaded)
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                            preexec_fn=lambda: os.nice(19))
    deadline = time.time() + 60
    while time.time() < deadline and not (out.is_dir() and len([p for p in out.iterdir() if not p.name.startswith(".")]) >= 3):
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    folders = [p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")]
    assert folders, "the batch should have written some variants before the interrupt"
    assert len(folders) < n, "the interrupt came too late to test anything"
    interrupted = {folder.name: sorted(f.name for f in folder.iterdir()) for folder in folders}
    for names in interrupted.values():
        assert set(RESULT_FILES + SENSITIVITY_FILES + ("variant.json",)) <= set(names)
    assert proc.returncode == 130, err[-2000:]
    assert "nothing was written" not in err and "Traceback" not in err, err[-3000:]
    assert f"interrupted: {len(folders)} of {n} variants complete in {out}/" in err, err[-2000:]
    assert f"partial summary of the {len(folders)} complete variants written to {out}/summary.csv" in err
    assert "run the same command again to resume" in err
    summary = (out / "summary.csv").read_text().splitlines()
    assert len(summary) == 1 + len(folders)
    assert hidden(out) == []  # no temporaries left
    check_folder(out, "batch")
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert f"{n} variants: {n - len(folders)} done, {len(folders)} skipped" in done.stdout
    complete = {p.name: sorted(f.name for f in p.iterdir()) for p in out.iterdir()
                if p.is_dir() and not p.name.startswith(".")}
    assert len(complete) == n
    assert all(names == complete[folder] for folder, names in interrupted.items())  # whole, as a fresh one
    assert len({tuple(names) for names in complete.values()}) == 1


def test_scenario_files_from_folders(tmp_path, mini_dir):
    assert scenario_files([mini_dir.parent]) == [mini_dir / "scenario.yaml"]
    with pytest.raises(ScenarioError):
        read_scenario(tmp_path / "missing.yaml")


def test_budget_variants_give_portfolio_columns_and_comparison(mini_path, tmp_path, client2):
    batch = run_many([mini_path], out=tmp_path, vary=["budget=1e6:4e6:3", "objective=npv,value+npv"],
                     client=client2, sensitivity=False)
    assert batch.counts == {"done": 6}
    rows = sorted(batch.rows, key=lambda r: (r["vary:objective"], r["budget"]))
    npv = [r for r in rows if r["vary:objective"] == "npv"]
    assert [r["budget"] for r in npv] == [1e6, 2.5e6, 4e6]
    values = [r["portfolio_value"] for r in npv]
    assert values == sorted(values)  # more money never buys less
    assert all(r["portfolio_spend"] <= r["budget"] + 1e-6 for r in npv)
    assert all(r["greedy_value"] <= r["portfolio_value"] + 1e-9 for r in rows)
    text = (tmp_path / "comparison.md").read_text(encoding="utf-8")  # mini is English
    assert "each measure is in the best portfolio (6 variants with a portfolio)" in text
    assert "Portfolio yield and investment across budgets" in text and "| 2,500,000 |" in text
    with pytest.raises(ScenarioError, match="one of npv, value, value\\+npv"):
        from mkba.batch import apply_overrides

        apply_overrides(read_scenario(mini_path), [("budget", 1e6), ("objective", "topsis")])


def test_relative_out_is_the_clients_even_when_workers_work_elsewhere(mini_path, tmp_path, monkeypatch, client2):
    """An existing cluster's workers have their own working folder: a relative --out must not land there."""
    here, elsewhere = tmp_path / "client", tmp_path / "worker"
    here.mkdir()
    elsewhere.mkdir()
    before = client2.run(os.getcwd)
    client2.run(os.chdir, str(elsewhere))
    try:
        monkeypatch.chdir(here)
        batch = run_many([mini_path], out="rel-out", vary=["method=topsis,vikor"], client=client2, sensitivity=False)
    finally:
        for worker, cwd in before.items():
            client2.run(os.chdir, cwd, workers=[worker])
    assert batch.counts == {"done": 2}
    for row in batch.rows:
        assert (here / "rel-out" / row["folder"] / "results.json").is_file()
    assert (here / "rel-out" / "summary.csv").is_file()
    assert not list(elsewhere.iterdir())


SWEEP = "method: [topsis, vikor]\nbudget: 1e6:4e6:2\n"


def test_sweep_file_gives_the_variants_of_the_same_vary_flags(mini_path, tmp_path, client2):
    from mkba.batch import parse_sweep

    sweep = tmp_path / "sweep.yaml"
    sweep.write_text(SWEEP + "stakeholders:\n  residents: {influence: [0.5, 2]}\n")
    assert parse_sweep(sweep) == [("method", ("topsis", "vikor")), ("budget", (1e6, 4e6)),
                                  ("stakeholders.residents.influence", (0.5, 2))]
    assert parse_sweep({"horizon": "20:40:3"}) == [("horizon", (20.0, 30.0, 40.0))]
    sweep.write_text("horizon: 20:40:3\n")  # YAML 1.1 would read 20:40:3 as the base-60 integer 74403
    assert parse_sweep(sweep) == [("horizon", (20.0, 30.0, 40.0))]
    sweep.write_text(SWEEP)
    from_file = run_many([mini_path], sweep=sweep, vary=["discount=nl-2021,0.03"], client=client2,
                         sensitivity=False)
    from_flags = run_many([mini_path], vary=["method=topsis,vikor", "budget=1e6,4e6", "discount=nl-2021,0.03"],
                          client=client2, sensitivity=False)
    assert from_file.counts == {"done": 8}
    assert from_file.rows[0]["key"] == "mini[method=topsis,budget=1000000.0,discount=nl-2021]"
    assert from_file.rows == from_flags.rows
    as_mapping = run_many([mini_path], sweep={"method": ["topsis", "vikor"], "budget": "1e6:4e6:2"},
                          vary=["discount=nl-2021,0.03"], client=client2, sensitivity=False)
    assert as_mapping.rows == from_file.rows


@pytest.mark.parametrize(("text", "vary", "expected"), [
    ("methd: [topsis]\n", [], ["field 'methd'", "did you mean 'method'"]),
    ("budget: 1e6:5e6\n", [], ["field 'budget'", "not a valid range"]),
    ("budget: 1e6:5e6:2.5\n", [], ["field 'budget'", "not a valid range"]),
    ("- method\n- budget\n", [], ["must be a non-empty mapping, not list"]),
    ("method: [topsis,\n", [], ["line 2", "not valid YAML"]),
    ("method: [[topsis]]\n", [], ["field 'method'", "not a single value"]),
    ("method: [topsis, vikor]\n", ["method=wsm"], ["field 'method'", "both in the sweep file"]),
])
def test_sweep_errors_name_the_file_and_key(tmp_path, mini_path, text, vary, expected):
    sweep = tmp_path / "sweep.yaml"
    sweep.write_text(text)
    with pytest.raises(ScenarioError) as info:
        run_many([mini_path], sweep=sweep, vary=vary)  # raised before any cluster is started
    message = str(info.value)
    assert str(sweep) in message
    for part in expected:
        assert part in message, message


def test_where_methods_disagree(mini_path, tmp_path, client2):
    """mini under topsis, vikor and wsm: wsm puts M3 first, the others M2; vikor ties M1 and M3 at 3."""
    from mkba.batch.comparison import read_scenarios
    from mkba.report.comparison import comparison_report

    batch = run_many([mini_path], out=tmp_path, vary=["method=topsis,vikor,wsm"], client=client2, sensitivity=False)
    assert batch.counts == {"done": 3}
    ranks = {r["method"]: dict(zip(r["group_ranking"].split(), map(int, r["group_ranks"].split())))
             for r in batch.rows}
    frame = batch.to_frame()
    report = comparison_report(frame, scenarios=read_scenarios(frame, tmp_path))
    (table,) = [t for t in report.tables if "where methods disagree" in t.title]
    table = method_table(table)
    assert list(table.columns[:4]) == ["name", "TOPSIS", "VIKOR", "WSM"]
    for method, by_measure in ranks.items():
        assert table[method.upper()].to_dict() == by_measure
    firsts = {m for m in table.index if len({ranks[k][m] == 1 for k in ranks}) > 1}
    tops = {m for m in table.index if len({ranks[k][m] <= 3 for k in ranks}) > 1}
    assert firsts == {"M2", "M3"} and ranks["vikor"]["M1"] == ranks["vikor"]["M3"] == 3
    assert tops == {"M1"}  # M3 shares third place under vikor: in the top 3 under every method
    assert {m for m in table.index if table.loc[m, "first_differs"] == "yes"} == firsts
    assert {m for m in table.index if table.loc[m, "top3_differs"] == "yes"} == tops
    assert table.loc["M2", "name"] == "Park"
    md, page = (tmp_path / "comparison.md").read_text(), (tmp_path / "comparison.html").read_text()
    assert "first place differs for 2 measures, top-3 membership for 1 measure." in md
    assert "where methods disagree" in md and "| Code | Name | TOPSIS | VIKOR | WSM |" in md
    assert "where methods disagree" in page and '<td class="flag">yes</td>' in page


def method_table(table):
    """A comparison table as a frame of raw values: index the measure code, a column per column key
    (a method's column by its label)."""
    import pandas as pd

    keys = [c.label if c.key.startswith("method:") else c.key for c in table.columns]
    rows = [[getattr(v, "value", v) for v in row] for row in table.rows]
    return pd.DataFrame(rows, columns=keys).set_index("id")


def test_summary_parquet_reads_back_as_summary_csv(mini_path, tmp_path, client2):
    pytest.importorskip("pyarrow", reason="summary.parquet is written only when pyarrow is installed")
    import pandas as pd

    # copras: invalid rows, so missing values in many columns; discount: a column of names and numbers
    run_many([mini_path], out=tmp_path, vary=["method=topsis,copras", "discount=nl-2021,0.03", "budget=1e6"],
             client=client2, sensitivity=False)
    back = pd.read_parquet(tmp_path / "summary.parquet")
    csv = (tmp_path / "summary.csv").read_text()
    assert back.to_csv(index=False, lineterminator="\n") == csv
    assert back["error"].isna().sum() == 0 and back["portfolio_status"].isna().sum() == 2


def test_greedy_feasible_column_shows_greedy_breaking_a_rule():
    """Assen: greedy beats the optimum in stadsbedrijvenpark only by breaking the energy pact."""
    from mkba.batch import run_variant

    root = Path(__file__).resolve().parents[2] / "scenarios" / "assen"
    for circle, feasible in (("stadsbedrijvenpark", False), ("noord", True)):
        scenario = read_scenario(root / f"scenario-{circle}.yaml")
        (variant,) = expand([(circle, scenario)], [])
        row = run_variant(variant, sensitivity=False)
        assert row["greedy_feasible"] is feasible, circle
        if not feasible:
            assert row["greedy_value"] > row["portfolio_value"]


def test_cleaning_up_puts_back_an_output_moved_aside_by_a_killed_writer(tmp_path):
    """A writer killed between its two renames leaves the complete earlier output as .NAME.old-PID
    and no NAME: cleaning up restores it; an unfinished .NAME.tmp-PID is removed. Only folders
    carrying mkba's manifest are touched: a user's .draft.tmp-2 and .thesis.old-1 stay as they are."""
    from mkba.batch.run import clean_temporaries
    from mkba.writers import write_folder

    def mkba_folder(name: str, files: dict[str, str]) -> Path:
        return write_folder(files, tmp_path / name)

    mkba_folder(".mini__seed=0-abc.old-4242", {"results.json": "{}"})
    unfinished = mkba_folder(".mini__seed=1-def.tmp-4242", {"results.json": "{}", "ranking.csv": "x"})
    (unfinished / "ranking.csv").unlink()  # killed before its last file
    kept = mkba_folder("mini__seed=2-fff", {"results.json": "{}"})
    mkba_folder(".mini__seed=2-fff.old-4242", {"results.json": "[]"})  # NAME exists: the aside copy is stale
    mine = {".draft.tmp-2": b"my draft", ".thesis.old-1/thesis": b"chapter 1", ".notes.old-7/results.json": b"{}"}
    for name, data in mine.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_bytes(data)
    clean_temporaries(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".draft.tmp-2", ".notes.old-7", ".thesis.old-1",
                                                           "mini__seed=0-abc", "mini__seed=2-fff"]
    assert (tmp_path / "mini__seed=0-abc" / "results.json").read_text() == "{}"
    assert (kept / "results.json").read_text() == "{}"
    assert {name: (tmp_path / name).read_bytes() for name in mine} == mine
