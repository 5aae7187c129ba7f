"""The ``mkba`` command: parse, call the library, write, exit code. Nothing else lives here.

Exit codes: 0 success; 2 bad input (every issue listed on stderr, no traceback); 1 any other
failure (a traceback only with ``--debug``).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import MkbaError, ScenarioError, printable
from .io.limits import REPORT_FORMATS

if TYPE_CHECKING:  # for the annotations only: the commands import their machinery when they run
    from .batch import BatchInterrupted
    from .pipeline import Run
    from .stages.selection import PortfolioResult

__all__ = ["main"]


def _table(run: Run, limit: int = 10) -> str:
    """A short plain-text table of the group ranking with NPV and B/C."""
    scores, appraisal = run.scores, run.appraisal
    names = {m.id: m.name for m in run.scenario.measures}
    k = scores.labels.index("group")
    index = {m: i for i, m in enumerate(scores.measures)}
    sens = run.sensitivity
    first = dict(zip(sens.measures, sens.smaa.rank_acceptability[:, 0])) if sens is not None else {}
    lines = [f"{run.scenario.name} · {scores.method} · group weights ({run.weights.group_method})"
             + (f" · first-rank acceptability over {sens.smaa.n_samples:,} samples ({sens.sampler['kind']})"
                if sens is not None else ""),
             f"{'rank':>4}  {'measure':<8} {'name':<42} {'score':>8} {'NPV (EUR)':>14} {'B/C':>6}"
             + (f" {'first':>6}" if sens is not None else "")]
    for mid in scores.order("group")[:limit]:
        i = index[mid]
        tie = "=" if scores.tied[k, i] else " "
        bcr = appraisal.bcr[i]
        lines.append(f"{scores.ranks[k, i]:>3}{tie}  {mid:<8} {names[mid][:42]:<42} {scores.values[k, i]:>8.4f} "
                     f"{appraisal.npv[i]:>14,.0f} {'  n/a' if bcr != bcr else f'{bcr:>6.2f}'}"
                     + (f" {first[mid]:>6.0%}" if sens is not None else ""))
    if len(scores.measures) > limit:
        lines.append(f"      ... {len(scores.measures) - limit} more in ranking.csv")
    return "\n".join(lines)


_OBJECTIVES = {"npv": "NPV", "value": "value (MAVT)", "value+npv": "value (MAVT) including NPV"}


def _portfolio_text(chosen: PortfolioResult) -> str:
    """Two lines on the chosen portfolio and what the simple ranking by value per euro would have funded
    (saying which rules that package breaks, when it breaks any)."""
    p = chosen.portfolio
    if not p.has_solution:
        return f"portfolio: {p.status}: {p.message}"
    unit = chosen.unit
    gap = f", gap {p.gap:.2%}" if p.gap else ""
    lines = [f"portfolio ({p.status}{gap}, {p.solver}, {p.solve_time:.2f} s): {len(p.selected)} measures, "
             f"investment {p.spend:,.0f} EUR, "
             f"{_OBJECTIVES.get(chosen.objective, chosen.objective)} {p.objective:,.4g} {unit}: {', '.join(p.selected)}"]
    if p.greedy is not None:
        g = p.greedy
        funded = f"funding by value per euro until the money is out picks {', '.join(g.selected) or 'nothing'}: "
        if not g.feasible:  # a package that breaks a rule is no alternative: never call its value a loss or a gain
            lines.append(funded + f"{g.value:,.4g} {unit}, but it breaks {'; '.join(g.violations)}")
        elif g.value_lost > 0:
            lines.append(funded + f"{g.value:,.4g} {unit} ({g.share_lost:.0%} less)")
        else:
            lines.append(funded + f"{g.value:,.4g} {unit}, as much as the optimum")
    return "\n".join(lines)




def _report(args: argparse.Namespace) -> int:
    from .report import FILE_NAMES, write_reports
    from .writers import check_rewrite, record

    if not (args.out / "results.json").is_file():
        print(f"error: {args.out}/results.json not found; run `mkba run SCENARIO --out {args.out}` first",
              file=sys.stderr)
        return 2
    formats = tuple(args.format or REPORT_FORMATS)
    check_rewrite(args.out, [FILE_NAMES[f] for f in formats])  # a report of the user's is never overwritten
    paths = write_reports(args.out, formats=formats, lang=args.lang)
    record(args.out, [p.name for p in paths])  # the folder stays mkba's: the next run may replace it
    print("written: " + ", ".join(str(p) for p in paths))
    return 0


def _validate(args: argparse.Namespace) -> int:
    from .stages.check import read_scenario

    scenario = read_scenario(args.file)
    for warning in scenario.warnings:
        print(warning, file=sys.stderr)
    print(f"ok: {args.file}: {len(scenario.measures)} measures, {len(scenario.criteria)} criteria "
          f"({len(scenario.pm_criteria)} PM), {len(scenario.stakeholders)} stakeholders, "
          f"{len(scenario.warnings)} warning(s)")
    return 0


def _run(args: argparse.Namespace) -> int:
    from .stages.check import read_scenario
    from .writers import write_run
    from .pipeline import run
    from .stages.selection import SCENARIO

    scenario = read_scenario(args.file)
    for warning in scenario.warnings:
        print(warning, file=sys.stderr)
    result = run(scenario, seed=args.seed, samples=args.samples, sensitivity=False if args.no_sensitivity else None,
                 solver=args.solver, budget=args.budget, time_limit=getattr(args, "time_limit", SCENARIO))
    out = write_run(result, args.out, reports=() if args.no_report else REPORT_FORMATS, lang=args.lang)
    if not args.quiet:
        print(printable(_table(result)))  # names with ESC sequences are shown, not obeyed
        if result.portfolio is not None:
            print(printable(_portfolio_text(result.portfolio)))
        print(f"results written to {out}/")
    return 0


def _batch(args: argparse.Namespace) -> int:
    import os

    from .batch import SCHEDULER_ENV, BatchInterrupted, run_many

    client = None
    report, close = _progress_reporter()
    try:
        if args.scheduler:
            from distributed import Client

            client = Client(args.scheduler)
        elif os.environ.get(SCHEDULER_ENV):
            print(f"using the Dask scheduler at {os.environ[SCHEDULER_ENV]} ({SCHEDULER_ENV})", file=sys.stderr)
        batch = run_many(args.items, out=args.out, seed=args.seed, vary=args.vary, sweep=args.sweep, client=client,
                         workers=args.workers, resume=not args.no_resume, progress=report,
                         sensitivity=False if args.no_sensitivity else None, reports=not args.no_report)
    except BatchInterrupted as stop:
        close()
        print(_interrupted_text(stop, args.out), file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        close()
        print(f"interrupted before any variant finished; complete variant folders already in {args.out}/ are "
              "kept, and running the same command again resumes", file=sys.stderr)
        return 130
    finally:
        close()
        if client is not None:
            client.close()
    counts = ", ".join(f"{n} {status}" for status, n in batch.counts.items())
    print(f"{len(batch.rows)} variants: {counts}; summary in {args.out}/summary.csv")
    for row in batch.rows:
        if row["status"] in ("failed", "invalid"):
            print(printable(f"{row['status']}: {row['key']}: {row['error'].splitlines()[0] if row['error'] else ''}"),
                  file=sys.stderr)
    return 0 if all(r["status"] in ("done", "skipped") for r in batch.rows) else 1


def _interrupted_text(stop: BatchInterrupted, out: Path) -> str:
    """What Ctrl-C left: the complete variant folders, the partial summary, how to resume."""
    n, total = stop.complete, stop.total
    lines = [f"interrupted: {n} of {total} variant{'s' if total != 1 else ''} complete in {out}/ (each a whole "
             "folder; unfinished ones are discarded)"]
    if stop.summary_written:
        lines.append(f"partial summary of the {n} complete variant{'s' if n != 1 else ''} written to "
                     f"{out}/summary.csv (and the comparison report)")
    else:
        lines.append(f"no summary was written ({out}/summary.csv, if there, is from an earlier run)")
    lines.append("run the same command again to resume: complete variants are skipped")
    return "\n".join(lines)


def _survey(args: argparse.Namespace) -> int:
    from .survey import write_forms

    respondents = args.respondents
    files = write_forms(args.file, args.out, kind=args.kind, lang=args.lang, respondents=respondents)
    print(f"{len(files)} forms written to {args.out}/ ({args.kind}, {args.lang}): send each party its "
          ".xlsx or .html form and collect the returned files with `mkba collect`")
    return 0


def _collect(args: argparse.Namespace) -> int:
    from .survey import collect, gather

    collection = gather(args.file, args.forms, aggregation=args.aggregation)
    for warning in collection.warnings:
        print(warning, file=sys.stderr)
    path = collect(args.file, args.forms, args.out, aggregation=args.aggregation, overwrite=args.overwrite)
    print(f"weights of {len(collection.results)} stakeholder(s) from {len(args.forms)} form(s) written to {path}")
    return 0


def _progress_reporter() -> tuple[Callable[[int, int, dict], None], Callable[[], None]]:
    """(callback, close): a rich progress bar on a terminal, plain lines otherwise."""
    if sys.stderr.isatty():
        from rich.console import Console
        from rich.markup import escape
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        bar = Progress(TextColumn("[bold]mkba batch"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                       TextColumn("{task.description}"), transient=False, console=Console(stderr=True))
        task = None

        def report(done: int, total: int, row: dict) -> None:
            nonlocal task
            # escaped: a variant key such as mini[method=vikor] is not rich markup
            description = escape(f"{row.get('status')}: {row.get('key', '')}")
            if task is None:
                bar.start()
                task = bar.add_task(description, total=total)
            bar.update(task, completed=done, description=description)

        return report, bar.stop

    def plain(done: int, total: int, row: dict) -> None:
        print(f"[{done}/{total}] {row.get('status')}: {row.get('key', '')}", file=sys.stderr, flush=True)

    return plain, lambda: None


def _init(args: argparse.Namespace) -> int:
    from .init import create

    folder = create(args.name, args.dir, lang=args.lang)
    print(f"created {folder}/ (scenario.yaml, measures.xlsx, README.md); next: mkba validate "
          f"{folder / 'scenario.yaml'}")
    return 0


def _euros(text: str) -> float:
    """``--budget``: refused as the scenario's ``budget.total`` is (NaN, infinity, negative, above 1e15)."""
    from .io.scenario import MAX_MAGNITUDE

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number (got {text!r}); expected euros >= 0, e.g. 5e6") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise argparse.ArgumentTypeError(
            f"not a finite number (NaN or infinity) (got {text!r}); expected euros >= 0 of at most "
            f"{MAX_MAGNITUDE:.0e}, as for budget.total in a scenario (for no limit on the total, leave --budget "
            "out and the total out of the scenario's budget)")
    if value < 0 or value > MAX_MAGNITUDE:
        raise argparse.ArgumentTypeError(f"{'negative' if value < 0 else 'too large'} (got {text!r}); expected "
                                         f"euros >= 0 of at most {MAX_MAGNITUDE:.0e}")
    return value


def _whole(low: int, high: int, what: str, example: str) -> Callable[[str], int]:
    """An argparse type: a whole number from ``low`` to ``high`` (digits only, at most 30), the
    bounds and an example said when it is refused."""
    def parse(text: str) -> int:
        expected = f"expected {what}: a whole number from {low:,} to {high:,}, e.g. {example}"
        digits = text.strip().replace("_", "")
        if len(digits) > 30 or not re.fullmatch(r"[+-]?[0-9]+", digits):  # ASCII digits: str.isdigit takes '²'
            raise argparse.ArgumentTypeError(f"not a whole number (got {text[:40]!r}); {expected}")
        value = int(digits)
        if value < low or value > high:
            raise argparse.ArgumentTypeError(f"{'too small' if value < low else 'too large'} (got {value:,}); "
                                             f"{expected}")
        return value
    return parse


def _seconds(text: str) -> float | None:
    """``--time-limit``: a finite number of seconds > 0, or ``none`` for no limit."""
    if text.strip().lower() == "none":
        return None
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not (0 < value < float("inf")):
        raise argparse.ArgumentTypeError(f"got {text!r}; expected a number of seconds > 0, e.g. 60, or none")
    return value


def _parser() -> argparse.ArgumentParser:
    from . import __version__
    from .io.limits import MAX_RESPONDENTS, MAX_SAMPLES, MAX_SEED, MAX_WORKERS

    seed = _whole(0, MAX_SEED, "a seed", "42")
    samples = _whole(100, MAX_SAMPLES, "Monte Carlo samples, as sensitivity.samples in a scenario", "10000")

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
    p.add_argument("--seed", type=seed, default=None, help="seed, 0 or more (default: the scenario's)")
    p.add_argument("--samples", type=samples, default=None,
                   help=f"Monte Carlo samples, 100 to {MAX_SAMPLES:,} (default: the scenario's)")
    p.add_argument("--no-sensitivity", action="store_true", help="skip the sensitivity analysis")
    p.add_argument("--budget", type=_euros, default=None, help="total budget in euros (overrides the scenario's)")
    p.add_argument("--solver", choices=("cbc", "highs"), default=None, help="portfolio solver (default: automatic)")
    p.add_argument("--time-limit", type=_seconds, default=argparse.SUPPRESS, metavar="SECONDS",
                   help="solver time limit per solve, also per re-optimisation in the sensitivity analysis "
                        "(default: the scenario's portfolio.time_limit, else 60; none: no limit); when reached, "
                        "the best portfolio found so far is kept with status time_limit and its optimality gap")
    p.add_argument("--no-report", action="store_true", help="write no report.html/.md/.xlsx")
    p.add_argument("--lang", choices=("nl", "en"), default=None, help="report language (default: the scenario's)")
    p.add_argument("--quiet", action="store_true", help="print nothing on success")
    p.set_defaults(func=_run)
    p = sub.add_parser("report", help="render the report of a results folder (from its results.json)")
    p.add_argument("out", type=Path, help="a folder written by `mkba run`")
    p.add_argument("--format", action="append", choices=REPORT_FORMATS, default=None,
                   help="html, md or xlsx (repeatable; default: all three)")
    p.add_argument("--lang", choices=("nl", "en"), default=None, help="report language (default: the scenario's)")
    p.set_defaults(func=_report)
    p = sub.add_parser("batch", help="run many scenarios and variants on Dask; one folder per variant")
    p.add_argument("items", nargs="+", type=Path, help="scenario files or folders (every scenario*.yaml below)")
    p.add_argument("--out", type=Path, required=True, help="output folder (variants already there are skipped); "
                   "the workers of an existing cluster must see it at the same absolute path")
    p.add_argument("--vary", action="append", default=[], metavar="PATH=VALUES",
                   help="e.g. method=topsis,vikor; discount=nl-2021,nl-2026; budget=1e6:5e6:9 (start:stop:count); "
                        "objective=npv,value+npv; stakeholders.ID.influence=0.5,1,2; horizon=20:40:3; "
                        "repeatable, the cartesian product is run")
    p.add_argument("--sweep", type=Path, default=None, metavar="FILE",
                   help="YAML file of PATH: values, e.g. 'method: [topsis, vikor]', 'budget: 1e6:5e6:9'; "
                        "combined with --vary (cartesian product; a path in both is an error)")
    p.add_argument("--seed", type=seed, default=0, help="one seed, 0 or more; each variant gets its own child seed")
    p.add_argument("--scheduler", default=None, help="address of a running Dask scheduler (tcp://HOST:PORT); "
                   "default: MKBA_SCHEDULER, else a local cluster")
    p.add_argument("--workers", type=_whole(1, MAX_WORKERS, "local worker processes", "4"), default=None,
                   help=f"local worker processes, 1 to {MAX_WORKERS:,} (default: one per core)")
    p.add_argument("--no-resume", action="store_true", help="rerun variants that are already complete")
    p.add_argument("--no-sensitivity", action="store_true", help="skip the sensitivity analysis in every variant")
    p.add_argument("--no-report", action="store_true",
                   help="write no report.html/.md/.xlsx in the variant folders (the comparison is written)")
    p.set_defaults(func=_batch)
    p = sub.add_parser("survey", help="write a priorities form (Excel and HTML) for every stakeholder")
    p.add_argument("file", type=Path, help="scenario YAML file")
    p.add_argument("--out", type=Path, required=True, help="folder for the forms")
    p.add_argument("--kind", choices=("pairwise", "ranking", "swing"), default="pairwise")
    p.add_argument("--lang", choices=("nl", "en"), default="nl")
    p.add_argument("--respondents", type=_whole(1, MAX_RESPONDENTS, "forms per stakeholder", "3"), default=None,
                   help=f"forms per stakeholder, 1 to {MAX_RESPONDENTS:,} (default 1)")
    p.set_defaults(func=_survey)
    p = sub.add_parser("collect", help="read returned forms and write the weights into a new scenario file")
    p.add_argument("file", type=Path, help="the scenario the forms were made for")
    p.add_argument("forms", nargs="+", type=Path, help="returned .xlsx or .json forms")
    p.add_argument("--out", type=Path, default=None, help="new scenario file (default: <name>.collected.yaml)")
    p.add_argument("--aggregation", choices=("geometric-mean-judgements", "mean-priorities"),
                   default="geometric-mean-judgements", help="how respondents of one stakeholder are combined")
    p.add_argument("--overwrite", action="store_true", help="replace an existing output file (never the original)")
    p.set_defaults(func=_collect)
    p = sub.add_parser("init", help="create a new scenario folder from a template (scenario.yaml, measures.xlsx, "
                                    "README.md)")
    p.add_argument("name", help="name of the new folder, also the scenario's name")
    p.add_argument("--dir", type=Path, default=Path("."), help="folder to create it in (default: the current folder)")
    p.add_argument("--lang", choices=("nl", "en"), default="nl", help="language of the template (default: nl)")
    p.set_defaults(func=_init)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``mkba`` command; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        return args.func(args)
    except ScenarioError as err:
        print(err, file=sys.stderr)
        return 2
    except ValueError as err:  # e.g. an unknown report format or language from the API
        if args.debug:
            raise
        print(f"error: {err}", file=sys.stderr)
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
        print(printable(f"unexpected error: {type(err).__name__}: {err} (run with --debug for a traceback)"),
              file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
