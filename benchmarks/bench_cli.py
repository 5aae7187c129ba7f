"""Benchmark the command line as a user waits for it (issue 24 item 2): ``mkba validate`` and
``mkba run`` (with and without the sensitivity analysis, the three reports written), warm.

Run: ``python benchmarks/bench_cli.py [--repeat N] [--scenario PATH]``. Prints, per command, the best
and the median wall-clock seconds of ``--repeat`` subprocess runs (after one untimed warm-up run),
beside the numbers measured at :data:`BEFORE_COMMIT` (before issue 24 item 2) and the same command
now with the old start-up's imports made first (:data:`OLD_STARTUP`: old beside new under the same
load), then where the time of one in-process ``mkba run`` goes: importing the command, reading the
scenario, the pipeline, the result files, each report and the three in one pass.

The "at 364d9ab" column is a constant, measured with this script's method on the same two-core
machine at :data:`BEFORE_COMMIT` before anything changed (load average about 6: other sessions ran).
CPU seconds (user + system of the child) are printed too: on a shared machine whose load average
went from 6 to 14 during the session, they are the figure to compare.

Measured 2026-12-08 00:45 UTC, load average 11.5 on 2 cores (``--quick --repeat 3``; the CPU seconds
are the comparable figures: wall clocks were 3-6 times the CPU under that load)::

    command          at 364d9ab  old start   now   CPU old  CPU now
    mkba validate          1.56       7.13   5.27     1.84     0.89
    import mkba.cli        1.15       4.86   0.05     1.41     0.02

What is left of validate's 0.89 s of CPU is mostly pandas with pyarrow (about 0.45 s: the labelled
API and the stages' frames import it at module level), numpy and the dry run itself. The full run
(``--repeat 2``, load 14.3): ``mkba run --no-sensitivity`` 2.62 s of CPU, ``mkba run`` 6.02 s, almost
all of it the pipeline (issue 24 items 1, 3: another helper's work); in one process the result
files took 2.7 s and the three reports 1.8 s of wall clock under that load.

and report.xlsx of Kraaihoek 0.64-0.89 s -> 0.32-0.49 s in one process under the same load (cell
styles set once per workbook), the three reports from one check of the results and one build of the
tables (:func:`mkba.report.render_all`) instead of six checks and three builds.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

KRAAIHOEK = ROOT / "scenarios" / "kraaihoek" / "scenario.yaml"
BEFORE_COMMIT = "364d9ab"
BEFORE = {  # best of 3 warm runs at BEFORE_COMMIT, seconds (the machine's load moves these by ~10 %)
    "mkba validate": 1.56,
    "mkba run --no-sensitivity": 2.12,
    "mkba run": 5.50,
    "import mkba.cli": 1.15,
}


OLD_STARTUP = "import scipy.optimize, mkba.writers"
"""What the command imported at start before issue 24 item 2 (``mkba.cli`` imported ``mkba.writers``,
hence every report, Excel and portfolio module; ``mkba.discount`` imported scipy.optimize): timing the
same command with these imported first gives the old start-up under the machine's load of the moment."""


def wall(argv: list[str], repeat: int, preload: str = "") -> list[float]:
    """Wall-clock seconds of ``repeat`` runs of ``python -m mkba ARGV`` after one untimed warm-up
    (``preload``: imports made first, in the same interpreter)."""
    code = f"import sys; {preload + '; ' if preload else ''}import mkba.cli; sys.exit(mkba.cli.main(sys.argv[1:]))"
    cmd = [sys.executable, "-c", code, *argv]
    subprocess.run(cmd, check=True, capture_output=True)
    times = []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), _children_cpu()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append((time.perf_counter() - t0, _children_cpu() - c0))
    return times


def _children_cpu() -> float:
    """CPU seconds (user + system) of the finished child processes: unlike the wall clock, hardly
    moved by other jobs on a shared machine."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def import_time(repeat: int, preload: str = "") -> list[tuple[float, float]]:
    """(wall, CPU) seconds to import ``mkba.cli`` (after ``preload``, timed too) in a fresh interpreter."""
    code = (f"import time; t, c = time.perf_counter(), time.process_time(); {preload + '; ' if preload else ''}"
            "import mkba.cli; print(time.perf_counter() - t, time.process_time() - c)")
    out = []
    for _ in range(repeat):
        done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
        wall_s, cpu_s = map(float, done.stdout.split())
        out.append((wall_s, cpu_s))
    return out


def stages(scenario: Path) -> dict[str, float]:
    """One in-process ``mkba run`` taken apart, in a fresh interpreter: seconds per step."""
    code = f"""
import json, sys, time
t = time.perf_counter(); import mkba.cli; imp = time.perf_counter() - t
from mkba.stages.check import read_scenario
from mkba.pipeline import run
from mkba.writers import render_files
from mkba.report import render, render_all
t = time.perf_counter(); s = read_scenario({str(scenario)!r}); read = time.perf_counter() - t
t = time.perf_counter(); r = run(s); pipe = time.perf_counter() - t
t = time.perf_counter(); files = render_files(r); res = time.perf_counter() - t
results = json.loads(files["results.json"])
out = {{"import mkba.cli": imp, "read_scenario (validate's work)": read, "pipeline (mkba.run)": pipe,
        "result files (json, csv)": res}}
for fmt in ("html", "md", "xlsx"):
    t = time.perf_counter(); render(results, fmt); out["report " + fmt] = time.perf_counter() - t
t = time.perf_counter(); render_all(results); out["the three reports in one pass"] = time.perf_counter() - t
print(json.dumps(out))
"""
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scenario", type=Path, default=KRAAIHOEK)
    parser.add_argument("--quick", action="store_true", help="validate and the import only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = str(Path(tmp) / "out")
        cases = {
            "mkba validate": ["validate", str(args.scenario)],
            "mkba run --no-sensitivity": ["run", str(args.scenario), "--out", out, "--quiet", "--no-sensitivity"],
            "mkba run": ["run", str(args.scenario), "--out", out, "--quiet"],
        }
        if args.quick:
            cases = {"mkba validate": cases["mkba validate"]}
        rows = {name: (wall(argv, args.repeat, OLD_STARTUP), wall(argv, args.repeat)) for name, argv in cases.items()}
    rows["import mkba.cli"] = (import_time(args.repeat, OLD_STARTUP), import_time(args.repeat))
    print(f"{args.scenario} · {args.repeat} warm runs each · before = {BEFORE_COMMIT} · load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'command':<28} {'at ' + BEFORE_COMMIT:>10} {'old start':>10} {'now':>8} {'median':>8} "
          f"{'CPU old':>8} {'CPU now':>8}")
    for name, (old, new) in rows.items():
        before = BEFORE.get(name) if args.scenario == KRAAIHOEK else None
        print(f"{name:<28} {before if before is not None else float('nan'):>10.2f} {min(w for w, _ in old):>10.2f} "
              f"{min(w for w, _ in new):>8.2f} {statistics.median(w for w, _ in new):>8.2f} "
              f"{min(c for _, c in old):>8.2f} {min(c for _, c in new):>8.2f}")
    print(f"(wall-clock seconds, best of the runs unless 'median'; 'at {BEFORE_COMMIT}': measured then; 'old start': "
          f"now, with the old start-up's imports ({OLD_STARTUP}) made first; CPU: user + system seconds, best)")
    if args.quick:
        return
    print("\nwhere one in-process `mkba run` spends its time (s):")
    for name, seconds in stages(args.scenario).items():
        print(f"  {name:<34} {seconds:>6.3f}")


if __name__ == "__main__":
    main()
