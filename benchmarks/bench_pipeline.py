"""Where the time of ``mkba.run`` goes, stage by stage, on a plan of kraaihoek's size: the old path beside the new.

Run: ``python benchmarks/bench_pipeline.py [--scenario DIR] [--repeats N] [--no-sensitivity] [--only new|old]``.

Measures ``mkba.run(scenario, sensitivity=False)`` and ``mkba.run(scenario)`` (the default
sensitivity) on one scenario (default the bundled kraaihoek, 27 measures), in one process:

* **old**: every portfolio solve by the general MIP (``MKBA_SMALL_SOLVER=0``, the switch of
  :mod:`mkba.portfolio.small`); **new**: the exact small-model search first, the MIP when it declines;
* the two paths alternate call by call, so load on the machine hits both alike; the table gives
  the first call of each and the best of ``--repeats`` calls, and per stage the time of the best call
  (inclusive: a stage's own sub-stages are listed under it, indented);
* both paths' results are compared: results.json of old and new must be the same bytes once the
  wall-clock fields are left out (the solver's ``solve_time``/``build_time`` and the strategy notes
  of the re-solves do not enter results.json).

Stages are timed by wrapping the functions the pipeline calls (``mkba.pipeline.prepare``,
``select_portfolio``'s ``pf.select``/``pf.frontier``/..., the sensitivity stage's
``pf.reoptimise``/``pf.portfolio_robustness``/...), without changing them. Times are wall clock on
whatever else this machine runs: the ratio old/new within one run is the figure to read.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import mkba  # noqa: E402
from mkba import pipeline  # noqa: E402
from mkba.portfolio import frontier as frontier_mod, robustness as robustness_mod, select as select_mod  # noqa: E402
from mkba.portfolio import small  # noqa: E402
from mkba.stages import selection as selection_mod, sensitivity as sensitivity_mod  # noqa: E402
from mkba.stages.check import read_scenario  # noqa: E402

# (label, module, attribute, parent label): the functions timed, looked up where the caller finds them
STAGES: list[tuple[str, Any, str, str | None]] = [
    ("prepare (appraisal, matrix, weights)", pipeline, "prepare", None),
    ("scores", pipeline.scoring, "score", None),
    ("portfolio", pipeline, "select_portfolio", None),
    ("main solve (select)", selection_mod.pf, "select", "portfolio"),
    ("frontier", selection_mod.pf, "frontier", "portfolio"),
    ("stakeholders' portfolios", selection_mod.pf, "stakeholder_portfolios", "portfolio"),
    ("package appraisal", selection_mod, "appraise_package", "portfolio"),
    ("left_out re-solves", selection_mod, "left_out_rows", "portfolio"),
    ("sensitivity", pipeline, "analyse", None),
    ("portfolio optima per sample (reoptimise)", sensitivity_mod, "_portfolio_optima", "sensitivity"),
    ("robustness / core index", sensitivity_mod.pf, "portfolio_robustness", "sensitivity"),
    ("reoptimise (core index)", robustness_mod, "reoptimise", "robustness / core index"),
    ("non-dominated portfolios", robustness_mod, "nondominated_portfolios", "robustness / core index"),
    ("SMAA", sensitivity_mod, "smaa", "sensitivity"),
    ("roadmap", pipeline.roadmap_stage, "schedule", None),
    ("provenance", pipeline, "capture", None),
]


class Timer:
    """Wraps the stage functions; adds each call's wall time to its label while ``active``."""

    def __init__(self) -> None:
        self.times: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self.saved: list[tuple[Any, str, Callable]] = []

    def install(self) -> None:
        for label, module, attr, _ in STAGES:
            if not hasattr(module, attr):
                continue
            fn = getattr(module, attr)
            self.saved.append((module, attr, fn))
            setattr(module, attr, self._wrap(label, fn))

    def _wrap(self, label: str, fn: Callable) -> Callable:
        def timed(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.times[label] += time.perf_counter() - t0
                self.calls[label] += 1
        return timed

    def take(self) -> dict[str, float]:
        out = dict(self.times)
        self.times.clear()
        self.calls.clear()
        return out


@contextmanager
def path(name: str) -> Iterator[None]:
    """``old``: every solve by the MIP; ``new``: the small-model search first."""
    before = os.environ.get(small.ENV)
    os.environ[small.ENV] = "0" if name == "old" else "1"
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(small.ENV, None)
        else:
            os.environ[small.ENV] = before


def comparable(run: pipeline.Run) -> str:
    """results.json of a run as text (what the writers write; wall-clock fields are not in it)."""
    return json.dumps(run.to_dict(), sort_keys=True, default=str)


def measure(scenario: Any, sensitivity: bool, repeats: int, paths: list[str], timer: Timer
            ) -> tuple[dict[str, dict[str, Any]], bool | None]:
    """Per path: first call, best call and the stage times of the best call; and whether results agree."""
    out: dict[str, dict[str, Any]] = {p: {"first": None, "best": float("inf"), "stages": {}} for p in paths}
    texts: dict[str, str] = {}
    for i in range(repeats):
        for name in (paths if i % 2 == 0 else paths[::-1]):
            with path(name):
                timer.take()
                t0 = time.perf_counter()
                r = mkba.run(scenario, sensitivity=sensitivity)
                dt = time.perf_counter() - t0
                stages = timer.take()
            slot = out[name]
            if slot["first"] is None:
                slot["first"] = dt
                texts[name] = comparable(r)
            if dt < slot["best"]:
                slot["best"], slot["stages"] = dt, stages
    same = texts["old"] == texts["new"] if len(texts) == 2 else None
    return out, same


def table(title: str, res: dict[str, dict[str, Any]], same: bool | None) -> str:
    paths = list(res)
    lines = [f"\n{title}", f"{'':48s}" + "".join(f"{p:>12s}" for p in paths)
             + ("       old/new" if len(paths) == 2 else "")]

    def row(label: str, vals: list[float]) -> str:
        cells = "".join(f"{v * 1e3:10.1f}ms" if v == v else f"{'-':>12s}" for v in vals)
        ratio = f"{vals[0] / vals[1]:12.1f}x" if len(vals) == 2 and vals[1] > 0 else ""
        return f"{label:48s}{cells}{ratio}"

    lines.append(row("first call", [res[p]["first"] for p in paths]))
    lines.append(row("best call", [res[p]["best"] for p in paths]))
    lines.append("stages of the best call:")
    depth = {}
    for label, _, _, parent in STAGES:
        depth[label] = 0 if parent is None else depth.get(parent, 0) + 1
        vals = [res[p]["stages"].get(label, float("nan")) for p in paths]
        if all(v != v for v in vals):
            continue
        lines.append(row("  " + "  " * depth[label] + label, vals))
    accounted = [sum(res[p]["stages"].get(lbl, 0.0) for lbl, _, _, par in STAGES if par is None) for p in paths]
    lines.append(row("  rest (outside the stages above)", [res[p]["best"] - a for p, a in zip(paths, accounted)]))
    if same is not None:
        lines.append(f"results.json of old and new: {'identical' if same else 'DIFFERENT'}")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--scenario", default=str(ROOT / "scenarios" / "kraaihoek"))
    ap.add_argument("--repeats", type=int, default=7, help="calls per path (best of these)")
    ap.add_argument("--sensitivity-repeats", type=int, default=3)
    ap.add_argument("--no-sensitivity", action="store_true", help="only the run without sensitivity")
    ap.add_argument("--only", choices=("old", "new"), help="one path only")
    args = ap.parse_args()
    folder = Path(args.scenario)
    scenario = read_scenario(folder / "scenario.yaml" if folder.is_dir() else folder)
    paths = [args.only] if args.only else ["old", "new"]
    timer = Timer()
    timer.install()
    print(f"{scenario.name}: {len(scenario.measures)} measures; {os.cpu_count()} CPUs; "
          f"load average {os.getloadavg()[0]:.1f} at the start")
    res, same = measure(scenario, False, args.repeats, paths, timer)
    print(table("mkba.run(scenario, sensitivity=False)", res, same))
    if not args.no_sensitivity:
        res, same = measure(scenario, True, args.sensitivity_repeats, paths, timer)
        print(table("mkba.run(scenario)  (default sensitivity)", res, same))
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
