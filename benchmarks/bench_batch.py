"""Benchmark mkba batch runs on Dask: 1 vs 2 workers, and the machinery's cost per variant.

Run: ``python benchmarks/bench_batch.py [--variants N] [--quick]``. One table, measured in one run:
- N variants of the bundled kraaihoek scenario (sensitivity off) through ``run_many`` on a
  LocalCluster with 1 and with 2 worker processes (targets: 2 workers >= 1.7x faster than 1);
- the same N variants run and written in a plain loop in this process (no Dask, no summary):
  the difference per variant is what the batch machinery adds (target < 50 ms per variant).
Cluster start-up is timed separately and left out of the per-variant figures.
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
from mkba.io.scenario import read_scenario  # noqa: E402
from mkba.io.writers import write_run  # noqa: E402
from mkba.pipeline import run  # noqa: E402

SCENARIO = ROOT / "scenarios" / "kraaihoek" / "scenario.yaml"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--variants", type=int, default=1000)
    ap.add_argument("--quick", action="store_true", help="100 variants")
    args = ap.parse_args()
    n = 100 if args.quick else args.variants
    vary = [f"seed=0:{n - 1}:{n}"]
    from distributed import Client, LocalCluster

    rows = []
    tmp = Path(tempfile.mkdtemp(prefix="mkba-bench-batch-"))
    try:
        # plain loop: the same work without Dask or the summary
        scenario = read_scenario(SCENARIO)
        variants = expand([("kraaihoek", scenario)], [parse_vary(vary[0])])
        t0 = time.perf_counter()
        for v in variants:
            write_run(run(apply_overrides(v.scenario, v.overrides), seed=v.seed, sensitivity=False),
                      tmp / "loop" / v.folder)
        t_loop = time.perf_counter() - t0
        rows.append(("plain loop, 1 process (no Dask)", t_loop, None))
        times = {}
        for workers in (1, 2):
            t0 = time.perf_counter()
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                                   host="127.0.0.1")
            client = Client(cluster)
            client.run(lambda: __import__("mkba.pipeline"))  # warm the workers' imports
            t_start = time.perf_counter() - t0
            t0 = time.perf_counter()
            batch = run_many([SCENARIO], out=tmp / f"w{workers}", vary=vary, client=client, resume=False,
                             sensitivity=False)
            times[workers] = time.perf_counter() - t0
            client.close()
            cluster.close()
            assert batch.counts == {"done": n}, batch.counts
            rows.append((f"run_many, {workers} worker(s)", times[workers], t_start))
        same = all((tmp / "w1" / v.folder / "results.json").read_bytes()
                   == (tmp / "w2" / v.folder / "results.json").read_bytes() for v in variants)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{n} variants of kraaihoek (sensitivity off)")
    print(f"{'case':<36} | {'total':>9} | {'per variant':>11} | {'cluster start':>13}")
    print("-" * 80)
    for name, total, start in rows:
        start_text = "-" if start is None else f"{start:.2f} s"
        print(f"{name:<36} | {total:>7.2f} s | {total / n * 1e3:>8.1f} ms | {start_text:>13}")
    speedup = times[1] / times[2]
    overhead = (times[1] - t_loop) / n * 1e3
    print(f"speed-up 2 vs 1 worker: {speedup:.2f}x (target >= 1.7x)")
    print(f"batch machinery per variant (1 worker minus plain loop): {overhead:.1f} ms (target < 50 ms)")
    print(f"1 and 2 workers byte-identical results: {same}")


if __name__ == "__main__":
    main()
