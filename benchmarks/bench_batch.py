"""Benchmark mkba batch runs on Dask: 1 vs 2 workers, and the machinery's cost per variant.

Run: ``python benchmarks/bench_batch.py [--variants N] [--quick]``. One table, measured in one run:
- N variants of the bundled kraaihoek scenario (sensitivity off) through ``run_many`` on a
  LocalCluster with 1 and with 2 worker processes (targets: 2 workers >= 1.7x faster than 1);
- the same N variants run and written in a plain loop in this process (no Dask, no summary):
  the difference per variant is what the batch machinery adds (target < 50 ms per variant).
With ``--compare`` (issue 24 item 3) it runs the N variants on 2 workers twice instead, the old
way (every solve by the MIP, ``MKBA_SMALL_SOLVER=0``; every variant run on its own,
``MKBA_BATCH_SHARE=0``) and the new (the small-model search; variants that differ only in the seed
share a run per worker when sensitivity is off), and compares the bytes of every results.json.
Cluster start-up is timed separately and left out of the per-variant figures. The clusters are
made as ``run_many`` makes its own (``mkba.batch.run.local_cluster``). The scenario folder is copied
first, so an edit of the bundled scenario during the run cannot change the inputs half-way.
Wall times depend on whatever else the machine runs; the CPU seconds of this process and its
children (scheduler, nannies, workers) are printed beside them and are much less sensitive to it.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mkba.batch import apply_overrides, expand, parse_vary, run_many  # noqa: E402
from mkba.batch.run import local_cluster  # noqa: E402
from mkba.io.scenario import read_scenario  # noqa: E402
from mkba.writers import write_run  # noqa: E402
from mkba.pipeline import run  # noqa: E402

BUNDLED = ROOT / "scenarios" / "kraaihoek"


def _cpu() -> float:
    """CPU seconds (user + system) of this process and all its children so far (live and reaped)."""
    import psutil

    me = psutil.Process()
    total = sum(me.cpu_times()[:4])  # user, system, children_user, children_system
    for child in me.children(recursive=True):
        try:
            total += sum(child.cpu_times()[:2])
        except psutil.Error:
            pass
    return total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--variants", type=int, default=1000)
    ap.add_argument("--quick", action="store_true", help="100 variants")
    ap.add_argument("--compare", action="store_true", help="2 workers, the old way beside the new")
    args = ap.parse_args()
    n = 100 if args.quick else args.variants
    if args.compare:
        compare(n)
        return
    vary = [f"seed=0:{n - 1}:{n}"]
    from distributed import Client

    rows = []
    tmp = Path(tempfile.mkdtemp(prefix="mkba-bench-batch-"))
    try:
        shutil.copytree(BUNDLED, tmp / "kraaihoek")
        scenario_file = tmp / "kraaihoek" / "scenario.yaml"
        # plain loop: the same work without Dask or the summary
        scenario = read_scenario(scenario_file)
        variants = expand([("kraaihoek", scenario)], [parse_vary(vary[0])])
        t0, c0 = time.perf_counter(), _cpu()
        for v in variants:
            write_run(run(apply_overrides(v.scenario, v.overrides), seed=v.seed, sensitivity=False),
                      tmp / "loop" / v.folder, reports=())
        t_loop, c_loop = time.perf_counter() - t0, _cpu() - c0
        rows.append(("plain loop, 1 process (no Dask)", t_loop, c_loop, None))
        times, cpus = {}, {}
        for workers in (1, 2):
            t0 = time.perf_counter()
            cluster = local_cluster(workers)
            client = Client(cluster)
            client.run(lambda: __import__("mkba.pipeline"))  # warm the workers' imports
            t_start = time.perf_counter() - t0
            t0, c0 = time.perf_counter(), _cpu()
            batch = run_many([scenario_file], out=tmp / f"w{workers}", vary=vary, client=client, resume=False,
                             sensitivity=False, reports=False)  # as the loop: result files only
            times[workers], cpus[workers] = time.perf_counter() - t0, _cpu() - c0
            client.close()
            cluster.close()
            assert batch.counts == {"done": n}, batch.counts
            rows.append((f"run_many, {workers} worker(s)", times[workers], cpus[workers], t_start))
        same = all((tmp / "w1" / v.folder / "results.json").read_bytes()
                   == (tmp / "w2" / v.folder / "results.json").read_bytes() for v in variants)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{n} variants of kraaihoek (sensitivity off)")
    print(f"{'case':<36} | {'total':>9} | {'per variant':>11} | {'CPU per variant':>15} | {'cluster start':>13}")
    print("-" * 98)
    for name, total, cpu, start in rows:
        start_text = "-" if start is None else f"{start:.2f} s"
        print(f"{name:<36} | {total:>7.2f} s | {total / n * 1e3:>8.1f} ms | {cpu / n * 1e3:>12.1f} ms | "
              f"{start_text:>13}")
    speedup = times[1] / times[2]
    overhead = (times[1] - t_loop) / n * 1e3
    print(f"speed-up 2 vs 1 worker: {speedup:.2f}x (target >= 1.7x)")
    print(f"batch machinery per variant (1 worker minus plain loop): {overhead:.1f} ms (target < 50 ms)")
    print(f"  the same in CPU time (all processes): {(cpus[1] - c_loop) / n * 1e3:.1f} ms per variant")
    print(f"1 and 2 workers byte-identical results: {same}")


def compare(n: int) -> None:
    """N seed variants on 2 workers, old way and new way, each on its own cluster; the same bytes?"""
    import os

    from distributed import Client

    vary = [f"seed=0:{n - 1}:{n}"]
    tmp = Path(tempfile.mkdtemp(prefix="mkba-bench-batch-"))
    rows = []
    try:
        shutil.copytree(BUNDLED, tmp / "kraaihoek")
        scenario_file = tmp / "kraaihoek" / "scenario.yaml"
        for name, env in (("old: MIP per solve, no sharing", {"MKBA_SMALL_SOLVER": "0", "MKBA_BATCH_SHARE": "0"}),
                          ("new: small search, shared runs", {"MKBA_SMALL_SOLVER": "1", "MKBA_BATCH_SHARE": "1"})):
            os.environ.update(env)  # the worker processes inherit it
            t0 = time.perf_counter()
            cluster = local_cluster(2)
            client = Client(cluster)
            client.run(lambda: __import__("mkba.pipeline"))
            t_start = time.perf_counter() - t0
            t0, c0 = time.perf_counter(), _cpu()
            out = tmp / ("old" if name.startswith("old") else "new")
            batch = run_many([scenario_file], out=out, vary=vary, client=client, resume=False, sensitivity=False,
                             reports=False)
            rows.append((name, time.perf_counter() - t0, _cpu() - c0, t_start))
            client.close()
            cluster.close()
            assert batch.counts == {"done": n}, batch.counts
        folders = sorted(p.name for p in (tmp / "old").iterdir() if (p / "results.json").exists())
        same = all((tmp / "old" / f / "results.json").read_bytes() == (tmp / "new" / f / "results.json").read_bytes()
                   for f in folders) and len(folders) == n
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{n} variants of kraaihoek (seed varied, sensitivity off), 2 workers; load average {os.getloadavg()[0]:.1f}")
    print(f"{'case':<36} | {'total':>9} | {'per variant':>11} | {'CPU per variant':>15} | {'cluster start':>13}")
    for name, total, cpu, start in rows:
        print(f"{name:<36} | {total:>7.2f} s | {total / n * 1e3:>8.1f} ms | {cpu / n * 1e3:>12.1f} ms | {start:>11.2f} s")
    print(f"old/new: {rows[0][1] / rows[1][1]:.1f}x; results.json byte-identical old vs new: {same}")


if __name__ == "__main__":
    main()
