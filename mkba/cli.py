"""The ``mkba`` command: parse, call the library, write, exit code. Nothing else lives here.

Exit codes: 0 success; 2 bad input (every issue listed on stderr, no traceback); 1 any other
failure (a traceback only with ``--debug``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import MkbaError, ScenarioError

__all__ = ["main"]


def _table(run, limit: int = 10) -> str:
    """A short plain-text table of the group ranking with NPV and B/C."""
    scores, appraisal = run.scores, run.appraisal
    names = {m.id: m.name for m in run.scenario.measures}
    k = scores.labels.index("group")
    index = {m: i for i, m in enumerate(scores.measures)}
    lines = [f"{run.scenario.name} · {scores.method} · group weights ({run.weights.group_method})",
             f"{'rank':>4}  {'measure':<8} {'name':<42} {'score':>8} {'NPV (EUR)':>14} {'B/C':>6}"]
    for mid in scores.ranking("group")[:limit]:
        i = index[mid]
        tie = "=" if scores.tied[k, i] else " "
        bcr = appraisal.bcr[i]
        lines.append(f"{scores.ranks[k, i]:>3}{tie}  {mid:<8} {names[mid][:42]:<42} {scores.values[k, i]:>8.4f} "
                     f"{appraisal.npv[i]:>14,.0f} {'  n/a' if bcr != bcr else f'{bcr:>6.2f}'}")
    if len(scores.measures) > limit:
        lines.append(f"      ... {len(scores.measures) - limit} more in ranking.csv")
    return "\n".join(lines)


def _validate(args: argparse.Namespace) -> int:
    from .io.scenario import read_scenario

    scenario = read_scenario(args.file)
    for warning in scenario.warnings:
        print(warning, file=sys.stderr)
    print(f"ok: {args.file}: {len(scenario.measures)} measures, {len(scenario.criteria)} criteria "
          f"({len(scenario.pm_criteria)} PM), {len(scenario.stakeholders)} stakeholders, "
          f"{len(scenario.warnings)} warning(s)")
    return 0


def _run(args: argparse.Namespace) -> int:
    from .io.scenario import read_scenario
    from .io.writers import write_run
    from .pipeline import run

    scenario = read_scenario(args.file)
    for warning in scenario.warnings:
        print(warning, file=sys.stderr)
    result = run(scenario, seed=args.seed)
    out = write_run(result, args.out)
    if not args.quiet:
        print(_table(result))
        print(f"results written to {out}/")
    return 0


def _parser() -> argparse.ArgumentParser:
    from . import __version__

    parser = argparse.ArgumentParser(prog="mkba", description="Social cost-benefit analysis (MKBA) and "
                                     "stakeholder-weighted multi-criteria ranking of measures.")
    parser.add_argument("--version", action="version", version=f"mkba {__version__}")
    parser.add_argument("--debug", action="store_true", help="show a traceback on unexpected errors")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("validate", help="check a scenario and list every problem")
    p.add_argument("file", type=Path, help="scenario YAML file")
    p.set_defaults(func=_validate)
    p = sub.add_parser("run", help="appraise, weigh and rank a scenario and write the results")
    p.add_argument("file", type=Path, help="scenario YAML file")
    p.add_argument("--out", type=Path, required=True, help="output folder (replaced atomically)")
    p.add_argument("--seed", type=int, default=None, help="seed (default: the scenario's)")
    p.add_argument("--quiet", action="store_true", help="print nothing on success")
    p.set_defaults(func=_run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``mkba`` command; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        return args.func(args)
    except ScenarioError as err:
        print(err, file=sys.stderr)
        return 2
    except MkbaError as err:
        if args.debug:
            raise
        print(f"error: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted; nothing was written", file=sys.stderr)
        return 130
    except Exception as err:  # noqa: BLE001 - the last line of defence for a user at a terminal
        if args.debug:
            raise
        print(f"unexpected error: {type(err).__name__}: {err} (run with --debug for a traceback)", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
