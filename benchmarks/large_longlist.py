"""Large longlists: time and peak memory of ``mkba validate`` and ``mkba run`` at 10k, 100k and 300k measures.

Run: ``python benchmarks/large_longlist.py [--sizes 10000 100000 300000] [--samples 200]
[--keep DIR]``. Prints one table. Each size gets a generated scenario (one CSV row per measure,
about 150 bytes a row: 300,000 measures is a 45 MB longlist, the size of the probe's 50 MB file),
and each command runs in a fresh Python process, so the peak resident set size
(``resource.getrusage``'s ``ru_maxrss`` of that process) is the command's own.

``run`` is measured as a user runs it on such a list: ``--no-report`` (a report of 300,000 rows
is not a document anyone reads; the tables are still written as CSV), with the sensitivity
analysis (``--samples``; above 2,000 measures it is refused, see docs/sensitivity.md, "Large
longlists") or ``--no-sensitivity``. ``--memory-limit`` caps each command's address space, so a
blow-up ends in the command's own MemoryError instead of swapping a shared machine.

Measured 2026-12-07 on a 2-CPU machine shared with other test runs (so the times are long and
noisy), ``--no-sensitivity --memory-limit 6``: validate 10k 12.6 s / 185 MiB, 100k 133 s /
479 MiB, 300k 357 s / 1,133 MiB; run 10k 313 s / 511 MiB (112 s alone), 100k not done in
2,700 s, 300k MemoryError after 2,056 s at 4.7 GiB resident (stage not located yet).
Scores, ranks and Kendall's tau of 4 rankings at 334,301 measures: 8.7 s, 75 MiB traced.
Since then a scenario of more than 20,000 measures (``mkba.io.limits.MAX_MEASURES``) is refused when
its table is read, so the 100k and 300k rows show that refusal and how long it takes.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

SCENARIO = """name: Large longlist of {n} measures
language: en
appraisal: {{price_year: 2025, start_year: 2026, horizon: 15, discount: 0.03}}
method: {{name: topsis}}
group: mean
seed: 7
criteria:
  - {{id: co2, name: CO2 reduction, unit: t/year, direction: benefit, theme: energy, shadow_price: 100}}
  - {{id: noise, name: Noise, unit: dwellings/year, direction: cost, theme: liveability, shadow_price: 50}}
  - {{id: liveability, name: Liveability, unit: score 0-10, direction: benefit, theme: liveability}}
  - {{id: nuisance, name: Nuisance during works, unit: score 0-10, direction: cost, theme: liveability}}
stakeholders:
  - {{id: municipality, name: Municipality, influence: 2, weights: {{npv: 0.5, liveability: 0.3, nuisance: 0.2}}}}
  - {{id: residents, name: Residents, influence: 1, weights: {{npv: 0.2, liveability: 0.5, nuisance: 0.3}}}}
  - {{id: corporation, name: Housing corporation, influence: 1, weights: {{npv: 0.6, liveability: 0.2, nuisance: 0.2}}}}
measures: measures.csv
budget: {{total: {budget}}}
"""

#: What a child process runs: the CLI, then its own peak RSS on the last line of stderr.
CHILD = """
import resource, sys, time
limit = int(sys.argv[1])
if limit:  # address space, so an allocation beyond it fails in the process instead of swapping the machine
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from mkba.cli import main
t0 = time.perf_counter()
code = main(sys.argv[2:])
sys.stderr.write("\\n@@ %d %.3f %d\\n" % (code, time.perf_counter() - t0,
                 resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))
"""


def write_case(folder: Path, n: int, seed: int = 1) -> Path:
    """A scenario with ``n`` generated measures in ``folder``; returns the YAML path."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    inv = rng.integers(10, 2000, n) * 1000
    run = rng.integers(0, 50, n) * 100
    co2 = rng.integers(0, 400, n) / 10
    noise = rng.integers(0, 30, n)
    live = rng.integers(0, 100, n) / 10
    nuis = rng.integers(0, 100, n) / 10
    themes = np.array(["energy", "public space", "social", "mobility"])[rng.integers(0, 4, n)]
    lines = ["id,name,theme,start_year,investment,running_cost,lifetime,payer,co2,noise,liveability,nuisance"]
    lines += [f"M{j + 1:06d},Measure number {j + 1} of the longlist,{themes[j]},2026,{inv[j]},{run[j]},15,"
              f"municipality:1,{co2[j]},{noise[j]},{live[j]},{nuis[j]}" for j in range(n)]
    (folder / "measures.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    path = folder / "scenario.yaml"
    path.write_text(SCENARIO.format(n=n, budget=int(inv.sum() // 10)), encoding="utf-8")
    return path


def measure(args: list[str], timeout: float, limit: int = 0) -> dict:
    """Run the CLI in a fresh process: exit code, seconds, peak RSS (MiB), the last line it printed."""
    t0 = time.perf_counter()
    try:
        proc = subprocess.run([sys.executable, "-c", CHILD, str(limit), *args], capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"code": "timeout", "seconds": time.perf_counter() - t0, "rss": float("nan"), "said": ""}
    tail = [ln for ln in proc.stderr.splitlines() if ln.startswith("@@ ")]
    said = [ln for ln in (proc.stderr + proc.stdout).splitlines() if ln.strip() and not ln.startswith("@@ ")]
    if not tail:  # killed (e.g. out of memory)
        return {"code": proc.returncode, "seconds": time.perf_counter() - t0, "rss": float("nan"),
                "said": said[-1] if said else ""}
    code, seconds, rss = tail[-1].split()[1:]
    return {"code": int(code), "seconds": float(seconds), "rss": int(rss) / 1024, "said": said[-1] if said else ""}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 300_000])
    parser.add_argument("--samples", type=int, default=200, help="Monte Carlo samples of the run")
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds per command")
    parser.add_argument("--memory-limit", type=float, default=12.0,
                        help="GiB of address space per command (0: none); beyond it the command fails with its error")
    parser.add_argument("--no-sensitivity", action="store_true", help="run with --no-sensitivity")
    parser.add_argument("--keep", type=Path, default=None, help="keep the generated scenarios here")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="mkba-large-"))
    what = "--no-sensitivity" if args.no_sensitivity else f"--samples {args.samples}"
    print(f"mkba validate / run on generated longlists (python {sys.version.split()[0]}, {os.cpu_count()} CPUs, "
          f"run --no-report {what}, address space limit {args.memory_limit:g} GiB); peak RSS of each process",
          flush=True)
    print(f"{'measures':>9} {'CSV MB':>7} {'command':<9} {'exit':>5} {'seconds':>8} {'peak RSS MiB':>13}  last line")
    rows = []
    for n in args.sizes:
        path = write_case(root / f"n{n}", n)
        mb = (path.parent / "measures.csv").stat().st_size / 1e6
        run = ["run", str(path), "--out", str(root / f"out{n}"), "--no-report", "--quiet"]
        run += ["--no-sensitivity"] if args.no_sensitivity else ["--samples", str(args.samples)]
        for name, cmd in (("validate", ["validate", str(path)]), ("run", run)):
            r = measure(cmd, args.timeout, int(args.memory_limit * 2**30))
            rows.append({"measures": n, "csv_mb": mb, "command": name, **r})
            print(f"{n:>9,} {mb:>7.1f} {name:<9} {r['code']!s:>5} {r['seconds']:>8.1f} {r['rss']:>13.0f}  "
                  f"{r['said'][:90]}", flush=True)
    if args.keep:
        (root / "large_longlist.json").write_text(json.dumps(rows, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
