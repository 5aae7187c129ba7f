"""Batch runs: many scenarios and their variants, on a Dask cluster from a laptop to a cluster.

A *variant* is a scenario with a few settings overridden (``--vary method=topsis,vikor``);
the batch is the cartesian product of the overrides for every scenario, in a fixed order.
Each variant gets its own seed, spawned from one seed in that order (DESIGN C9), so one or many
workers give byte-identical results. Each variant writes its own folder atomically; the summary
is rebuilt from the folders, so an interrupted batch resumes where it stopped and nothing is lost.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import pickle
import re
import shutil
import traceback
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import InputIssue, MkbaError, ScenarioError, closest
from . import mcda
from .discount import discount_set
from .pipeline import run
from .io.canonical import canonical_frame, csv_text
from .io.readers import load_yaml
from .stages.check import check_scenario
from .writers import put_back, recover, to_json, write_folder, write_run
from .model import Budget, MethodSpec, PortfolioSettings, Scenario
from .report.comparison import comparison_files

__all__ = ["Variant", "Batch", "BatchInterrupted", "VARY_PATHS", "parse_vary", "parse_sweep", "expand",
           "scenario_files", "run_variant", "run_many", "summary_frame", "SCHEDULER_ENV"]

SCHEDULER_ENV = "MKBA_SCHEDULER"
"""Environment variable with the address of an existing Dask scheduler (tcp://host:port)."""

VARY_PATHS = ("method", "discount", "horizon", "group", "seed", "budget", "objective", "solver",
              "stakeholders.<id>.influence")
"""Settings a batch can vary."""

SUMMARY_FILE = "summary.csv"
VARIANT_FILE = "variant.json"


# -- sweep specification -------------------------------------------------------------------------

def _value(text: str) -> object:
    try:
        number = float(text)
    except ValueError:
        return text.strip()
    return int(number) if number.is_integer() and "." not in text and "e" not in text.lower() else number


_RANGE_HINT = "START:STOP:COUNT, e.g. 1e6:5e6:9 (COUNT evenly spaced values, both ends included)"


def _path_issue(path: str, file: str) -> InputIssue | None:
    """An issue when ``path`` is not a setting a batch can vary, else None."""
    known = [p for p in VARY_PATHS if "<" not in p]
    if path in known or re.fullmatch(r"stakeholders\.[^.]+\.influence", path):
        return None
    return InputIssue(file=file, field=path, message=f"cannot vary {path!r}",
                      expected=f"one of {', '.join(VARY_PATHS)}", suggestion=closest(path, known))


def _values_from_text(text: str, path: str, file: str) -> tuple[tuple[object, ...], InputIssue | None]:
    """``"v1,v2"`` or ``"start:stop:count"`` -> (values, None), or ((), the issue)."""
    if ":" in text:
        parts = [p.strip() for p in text.split(":")]
        numbers: tuple[float, float, float] | None = None
        if len(parts) == 3:
            try:
                numbers = (float(parts[0]), float(parts[1]), float(parts[2]))
            except ValueError:
                numbers = None
        if numbers is None or not np.isfinite(numbers).all() or not numbers[2].is_integer() or numbers[2] < 1:
            return (), InputIssue(file=file, field=path, value=text, message="not a valid range",
                                  expected=_RANGE_HINT + "; COUNT a whole number >= 1")
        start, stop, count_f = numbers
        return tuple(float(v) for v in np.linspace(start, stop, int(count_f))), None
    values = tuple(_value(v) for v in text.split(",") if v.strip())
    if not values:
        return (), InputIssue(file=file, field=path, value=text, message="no values",
                              expected="values separated by commas, or " + _RANGE_HINT)
    return values, None


def parse_vary(spec: str) -> tuple[str, tuple[object, ...]]:
    """``"path=v1,v2"`` or ``"path=start:stop:count"`` (inclusive, evenly spaced) -> (path, values).

    Bad input raises :class:`ScenarioError` (file ``--vary``, field the path).
    """
    path, sep, values = spec.partition("=")
    path = path.strip()
    if not sep or not path or not values.strip():
        raise ScenarioError([InputIssue(file="--vary", value=spec, message="not in the form PATH=VALUES",
                                        expected="e.g. method=topsis,vikor or discount=nl-2021,nl-2026")])
    issue = _path_issue(path, "--vary")
    if issue is None:
        parsed, issue = _values_from_text(values, path, "--vary")
    if issue is not None:
        raise ScenarioError([issue])
    return path, parsed


def _flatten(data: Mapping, prefix: str = "") -> list[tuple[str, object]]:
    """Nested mappings as dotted keys: ``{stakeholders: {huurders: {influence: [..]}}}`` ->
    ``stakeholders.huurders.influence``."""
    items: list[tuple[str, object]] = []
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping) and value:
            items += _flatten(value, name + ".")
        else:
            items.append((name, value))
    return items


def _sweep_loader() -> type:
    """``yaml.SafeLoader`` that reads ``20:40:3`` as the text of a range, not as YAML 1.1's base-60
    integer 74403 (``horizon: 20:40:3`` would silently become one absurd horizon)."""
    import yaml

    class SweepLoader(yaml.SafeLoader):
        yaml_implicit_resolvers = {k: list(v) for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}

    as_text = ("tag:yaml.org,2002:str", re.compile(r"^[-+0-9.][^:]*:.*$"))
    for first in "-+0123456789.":
        SweepLoader.yaml_implicit_resolvers.setdefault(first, []).insert(0, as_text)
    return SweepLoader


def parse_sweep(sweep: str | Path | Mapping) -> list[tuple[str, tuple[object, ...]]]:
    """A sweep file (YAML) or mapping -> [(path, values)], in the file's order.

    Each key is a path ``--vary`` takes (:data:`VARY_PATHS`; nested mappings are read as dotted
    paths), each value a list of values or a ``"start:stop:count"`` (or ``"v1,v2"``) string, as
    after the ``=`` of ``--vary``; a single number or name is one value. Every problem (file
    missing, YAML syntax, not a mapping, unknown key, bad range or value) is collected into one
    :class:`ScenarioError` naming the file and the key.
    """
    data: object
    if isinstance(sweep, Mapping):
        file, data = "sweep", sweep
    else:
        file = str(sweep)
        try:
            text = Path(sweep).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ScenarioError([InputIssue(file=file, message="sweep file not found")]) from None
        except (OSError, UnicodeDecodeError) as err:
            raise ScenarioError([InputIssue(file=file, message=f"cannot read the sweep file: {err}")]) from None
        data, yaml_issues = load_yaml(text, file, loader=_sweep_loader(), expected="a YAML mapping of PATH: values")
        if yaml_issues:
            raise ScenarioError(yaml_issues)
    example = "a mapping of PATH: values, e.g. 'method: [topsis, vikor]' and 'budget: 1e6:5e6:9'"
    if not isinstance(data, Mapping) or not data:
        got = "an empty file" if data is None else type(data).__name__
        raise ScenarioError([InputIssue(file=file, message=f"a sweep must be a non-empty mapping, not {got}",
                                        expected=example)])
    issues: list[InputIssue] = []
    sweeps: list[tuple[str, tuple[object, ...]]] = []
    for path, value in _flatten(data):
        issue = _path_issue(path, file)
        values: tuple[object, ...] = ()
        if issue is None:
            if isinstance(value, str):
                values, issue = _values_from_text(value, path, file)
            elif isinstance(value, list) and value:
                bad = [v for v in value if isinstance(v, bool) or not isinstance(v, (str, int, float))]
                if bad:
                    issue = InputIssue(file=file, field=path, value=bad[0], message="not a single value",
                                       expected="numbers or names, e.g. [0.5, 1, 2] or [topsis, vikor]")
                else:
                    values = tuple(_value(v) if isinstance(v, str) else v for v in value)
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                values = (value,)
            else:
                issue = InputIssue(file=file, field=path, value=value, message="no values to vary",
                                   expected="a list of values or a range " + _RANGE_HINT)
        if issue is not None:
            issues.append(issue)
        else:
            sweeps.append((path, values))
    if issues:
        raise ScenarioError(issues)
    return sweeps


def _combine(sweeps: Sequence[tuple[str, tuple[object, ...]]], vary: Sequence[tuple[str, tuple[object, ...]]],
             sweep_file: str) -> list[tuple[str, tuple[object, ...]]]:
    """The sweep file's paths, then the ``--vary`` ones; a path given twice is an error."""
    issues = []
    seen: dict[str, str] = {}
    for source, items in ((sweep_file, sweeps), ("--vary", vary)):
        for path, _ in items:
            if path in seen:
                where = "twice in --vary" if seen[path] == source == "--vary" else \
                    f"both in the sweep file {sweep_file} and by --vary"
                issues.append(InputIssue(file=source, field=path, message=f"{path!r} is varied {where}",
                                         expected="each setting varied in one place (the product would repeat it)"))
            seen.setdefault(path, source)
    if issues:
        raise ScenarioError(issues)
    return [*sweeps, *vary]


# -- variants ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Variant:
    """One scenario with its overrides and its own seed; ``index`` is its place in the batch."""

    index: int
    stem: str
    scenario: Scenario
    overrides: tuple[tuple[str, object], ...]
    seed: int

    @property
    def key(self) -> str:
        """Readable key: the scenario and its overrides, e.g. ``kraaihoek[method=vikor]``."""
        inner = ",".join(f"{p}={v}" for p, v in self.overrides)
        return f"{self.stem}[{inner}]" if inner else self.stem

    @property
    def input_hash(self) -> str:
        """SHA-256 of the scenario's inputs, the overrides and the seed."""
        text = json.dumps([self.scenario.input_hash, [[p, str(v)] for p, v in self.overrides], self.seed])
        return hashlib.sha256(text.encode()).hexdigest()

    @property
    def folder(self) -> str:
        """Folder name: readable key made file-safe, plus 10 hex digits of the input hash."""
        slug = re.sub(r"[^A-Za-z0-9_.=-]+", "_", self.key.replace("[", "__").replace("]", ""))[:80]
        return f"{slug}-{self.input_hash[:10]}"


def apply_overrides(scenario: Scenario, overrides: Sequence[tuple[str, object]]) -> Scenario:
    """The scenario with each (path, value) override applied; bad values raise ScenarioError."""

    issues = []

    def bad(path: str, value: object, expected: str, message: str = "invalid --vary value") -> None:
        issues.append(InputIssue(file="--vary", field=path, value=value, message=message, expected=expected))

    for path, value in overrides:
        if path in ("seed", "horizon") and isinstance(value, float) and value.is_integer():
            value = int(value)  # from a start:stop:count range
        if path == "method":
            if value not in mcda.METHODS:
                bad(path, value, f"one of {sorted(mcda.METHODS)}")
                continue
            scenario = replace(scenario, method=MethodSpec(str(value)))
        elif path == "discount":
            try:
                # any value: discount_set says what is wrong with one that is neither a set's name nor a rate
                discount_set(value)  # type: ignore[arg-type]
            except MkbaError as err:
                bad(path, value, str(err))
                continue
            if not isinstance(value, (str, int, float)):  # cannot happen: discount_set took it
                raise TypeError(f"discount {value!r} is neither a discount set's name nor a rate")
            scenario = replace(scenario, appraisal=replace(scenario.appraisal, discount=value))
        elif path == "horizon":
            if not isinstance(value, int) or not 1 <= value <= 500:
                bad(path, value, "a whole number of years from 1 to 500")
                continue
            scenario = replace(scenario, appraisal=replace(scenario.appraisal, horizon=value))
        elif path == "group":
            if value not in ("auto", "mean", "aij"):
                bad(path, value, "'auto', 'mean' or 'aij'")
                continue
            scenario = replace(scenario, group=str(value))
        elif path == "seed":
            if not isinstance(value, int) or value < 0:
                bad(path, value, "a whole number >= 0")
                continue
            scenario = replace(scenario, seed=value)
        elif path == "budget":  # the total budget; a scenario without one gets a portfolio with it
            if not isinstance(value, (int, float)) or not value >= 0 or value == float("inf"):
                bad(path, value, "euros >= 0, e.g. budget=1e6:5e6:9")
                continue
            settings = scenario.portfolio or PortfolioSettings()
            scenario = replace(scenario, portfolio=replace(settings, budget=replace(settings.budget or Budget(),
                                                                                   total=float(value))))
        elif path in ("objective", "solver"):
            choices = {"objective": ("npv", "value", "value+npv"), "solver": ("cbc", "highs")}[path]
            if value not in choices:
                bad(path, value, f"one of {', '.join(choices)}")
                continue
            if scenario.portfolio is None:
                bad(path, value, "a scenario with a 'budget' (or vary budget too)", "the scenario has no portfolio")
                continue
            settings = scenario.portfolio
            scenario = replace(scenario, portfolio=replace(settings, objective=str(value)) if path == "objective"
                               else replace(settings, solver=str(value)))
        else:  # stakeholders.<id>.influence
            sid = path.split(".")[1]
            ids = [s.id for s in scenario.stakeholders]
            if sid not in ids:
                issues.append(InputIssue(file="--vary", field=path, value=sid, message="unknown stakeholder",
                                         expected=f"one of {ids}", suggestion=closest(sid, ids)))
                continue
            if not isinstance(value, (int, float)) or value < 0:
                bad(path, value, "a number >= 0")
                continue
            scenario = replace(scenario, stakeholders=tuple(
                replace(s, influence=float(value)) if s.id == sid else s for s in scenario.stakeholders))
    if issues:
        raise ScenarioError(issues)
    return scenario


def scenario_files(items: Iterable[str | Path]) -> list[Path]:
    """Scenario files from files and folders (a folder: every ``scenario*.yaml`` below it), sorted, unique."""
    found: list[Path] = []
    for item in items:
        path = Path(item)
        if path.is_dir():
            found += sorted(p for p in path.rglob("scenario*.yaml") if not any(q.startswith(".") for q in p.parts))
        else:
            found.append(path)
    unique = list(dict.fromkeys(found))
    return unique


def _stem(path: Path) -> str:
    """A short name: the folder for ``…/name/scenario.yaml``, else the file stem."""
    return path.parent.name if path.stem == "scenario" and path.parent.name else path.stem


def expand(scenarios: Sequence[tuple[str, Scenario]], vary: Sequence[tuple[str, Sequence[object]]], *,
           seed: int = 0) -> list[Variant]:
    """Every scenario times the cartesian product of the ``vary`` values, with spawned seeds.

    The order (scenarios as given, then the product in the order of ``vary``) fixes the seeds:
    variant *i* gets child *i* of ``SeedSequence(seed)``.
    """
    combos = list(itertools.product(*[[(path, v) for v in values] for path, values in vary])) or [()]
    plan = [(stem, scenario, combo) for stem, scenario in scenarios for combo in combos]
    children = np.random.SeedSequence(seed).spawn(len(plan))
    return [Variant(i, stem, scenario, tuple(combo), int(child.generate_state(1)[0]))
            for i, ((stem, scenario, combo), child) in enumerate(zip(plan, children))]


# -- one variant (runs on a worker) -------------------------------------------------------------

def _summary_row(variant: Variant, run) -> dict:
    s = run.scores
    order = s.ranking("group")
    top = order[:3]
    a = run.appraisal
    row = {
        "index": variant.index, "scenario": variant.stem, "key": variant.key, "folder": variant.folder,
        "input_hash": variant.input_hash, "seed": variant.seed, "status": "done", "error": "",
        "method": run.scenario.method.name, "discount": str(run.scenario.appraisal.discount),
        "measures": len(a.measures), "pv_costs_total": float(a.pv_costs.sum()),
        "npv_total": float(a.npv.sum()), "npv_positive": int((a.npv > 0).sum()),
        "top_1": top[0] if len(top) > 0 else "", "top_2": top[1] if len(top) > 1 else "",
        "top_3": top[2] if len(top) > 2 else "",
        "group_ranking": " ".join(order),
        # the rank of each measure of group_ranking, in that order (its ranks sorted): tied measures share a rank
        "group_ranks": " ".join(str(int(r)) for r in np.sort(s.ranks[s.labels.index("group")])),
    }
    chosen = run.portfolio
    if chosen is not None:
        p = chosen.portfolio
        row.update({
            "budget": chosen.problem.budget_total if np.isfinite(chosen.problem.budget_total) else None,
            "portfolio_status": p.status, "portfolio_objective": chosen.objective,
            "portfolio_value": p.objective if p.has_solution else None,
            "portfolio_spend": p.spend if p.has_solution else None,
            "portfolio_cost_pv": chosen.pv_cost(p.selected) if p.has_solution else None,
            "portfolio_measures": " ".join(p.selected),
            "greedy_value": p.greedy.value if p.greedy is not None else None,
            # benefit/cost greedy ignores the rules beyond the budget: its value can exceed the
            # optimum only by breaking one, which this column shows
            "greedy_feasible": p.greedy.feasible if p.greedy is not None else None,
        })
    robust = run.sensitivity.robustness if run.sensitivity is not None else None
    if robust is not None and robust.status in ("optimal", "time_limit"):
        row.update({f"core:{m}": float(v) for m, v in zip(robust.ids, robust.core_index)})
    row.update({f"vary:{p}": v for p, v in variant.overrides})
    return row


def run_variant(variant: Variant, out_root: str | None = None, sensitivity: bool | None = None) -> dict:
    """Run one variant and, with ``out_root``, write its folder atomically; returns its summary row.

    Input problems become a row with status ``invalid``; any other error a row with status
    ``failed``: a batch goes on past a bad variant.
    """

    base = {"index": variant.index, "scenario": variant.stem, "key": variant.key, "folder": variant.folder,
            "input_hash": variant.input_hash, "seed": variant.seed}
    try:
        scenario = apply_overrides(variant.scenario, variant.overrides)
        result = run(scenario, seed=variant.seed, sensitivity=sensitivity)
        row = _summary_row(variant, result)
        if out_root is not None:
            write_run(result, Path(out_root) / variant.folder, extra={VARIANT_FILE: to_json(row)}, reports=())
        return row
    except ScenarioError as err:
        return {**base, "status": "invalid", "error": str(err)}
    except Exception as err:  # noqa: BLE001 - recorded in the summary, the batch goes on
        return {**base, "status": "failed", "error": f"{type(err).__name__}: {err}",
                "traceback": traceback.format_exc(limit=5)}


def _pack(scenario: Scenario) -> bytes:
    """The scenario as pickle bytes, made once per scenario on the client.

    A task that carries a :class:`Variant` makes Dask pickle and unpickle the whole scenario
    object graph for every variant (client, scheduler and worker: about 10 ms of CPU per variant,
    more with geometry); bytes pass through almost for free and are unpickled once per worker
    process by :func:`_unpack`.
    """
    try:
        return pickle.dumps(scenario, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - e.g. a scenario built in Python holding a lambda
        import cloudpickle

        return cloudpickle.dumps(scenario, protocol=pickle.HIGHEST_PROTOCOL)


@lru_cache(maxsize=8)
def _unpack(blob: bytes) -> Scenario:
    """The scenario of :func:`_pack`'s bytes, unpickled once per worker process and shared by its
    variants, as in a plain loop (a Scenario is frozen and no stage changes it)."""
    return pickle.loads(blob)  # noqa: S301 - bytes made by _pack in this batch


def _run_packed(blob: bytes, spec: tuple, out_root: str | None = None, sensitivity: bool | None = None) -> dict:
    """:func:`run_variant` for a task: the scenario as :func:`_pack` bytes, the rest of the variant
    as ``(index, stem, overrides, seed)``."""
    index, stem, overrides, seed = spec
    return run_variant(Variant(index, stem, _unpack(blob), overrides, seed), out_root, sensitivity)


# -- the batch -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Batch:
    """The outcome of :func:`run_many`: one row per variant (done, skipped, invalid or failed)."""

    out: Path | None
    rows: tuple[dict, ...]

    def to_frame(self) -> pd.DataFrame:
        return summary_frame(self.rows)

    @property
    def counts(self) -> dict[str, int]:
        statuses = [r["status"] for r in self.rows]
        return {s: statuses.count(s) for s in sorted(set(statuses))}

    def __repr__(self) -> str:
        return f"<Batch {len(self.rows)} variants · {self.counts} · {self.out}>"


class BatchInterrupted(KeyboardInterrupt):
    """Ctrl-C during :func:`run_many`, raised after the cluster is stopped.

    ``batch`` holds a row for every variant that finished (complete folders found on disk
    included), ``total`` the number of variants planned, ``summary_written`` whether the partial
    ``summary.csv`` (and comparison) of those rows was written. Re-running resumes.
    """

    def __init__(self, batch: Batch, total: int, summary_written: bool) -> None:
        super().__init__(f"interrupted after {len(batch.rows)} of {total} variants")
        self.batch, self.total, self.summary_written = batch, total, summary_written

    @property
    def complete(self) -> int:
        """Variants with a complete folder in ``batch.out``."""
        return sum(r["status"] in ("done", "skipped") for r in self.batch.rows)


def summary_frame(rows: Iterable[dict]) -> pd.DataFrame:
    """Rows as a frame in batch order, fixed column order (known columns first, then the varied ones)."""
    frame = pd.DataFrame(list(rows))
    if frame.empty:
        return frame
    frame = frame.drop(columns=[c for c in ("traceback",) if c in frame]).sort_values("index")
    first = ["index", "scenario", "key", "status", "error", "method", "discount", "measures", "pv_costs_total",
             "npv_total", "npv_positive", "top_1", "top_2", "top_3"]
    cols = [c for c in first if c in frame] + sorted(c for c in frame if c.startswith("vary:")) + \
        [c for c in frame if c not in first and not c.startswith("vary:")]
    return frame[cols].reset_index(drop=True)


def _done(out: Path, variant: Variant) -> dict | None:
    """The summary row of a variant already complete in ``out`` (same input hash), else None."""
    path = out / variant.folder / VARIANT_FILE
    if not (out / variant.folder / "results.json").is_file() or not path.is_file():
        return None
    try:
        row = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return row if row.get("input_hash") == variant.input_hash else None


def _clean_temporaries(out: Path) -> None:
    """Remove temporary folders left by an interrupted run; never lose a completed variant folder.

    A ``.NAME.old-PID`` is a complete earlier output of NAME, moved aside by a writer that was
    killed before it moved the new one in (a variant recomputed after its worker died, say): it is
    put back when NAME is missing, and removed only when NAME is there.
    """
    for old in out.glob(".*.old-*"):
        if old.is_dir() and not old.is_symlink():
            put_back(old, out / old.name[1:].rsplit(".old-", 1)[0])
    for tmp in [*out.glob(".*.tmp-*"), *out.glob(".*.old-*")]:  # what is left: unfinished writes, stray files
        if tmp.is_dir() and not tmp.is_symlink():
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            tmp.unlink(missing_ok=True)  # e.g. .summary.csv.tmp-PID of an interrupted summary


def _recover_quietly(folder: Path) -> None:
    """Remove the unfinished write of a variant whose worker was killed (its process is gone, so
    :func:`~mkba.writers.recover` sees a dead PID); a clean-up that fails (permissions, a
    race with a writer Dask wrongly thought dead) is left to the re-run, never fatal to the batch."""
    try:
        recover(folder)
    except OSError:
        pass


def _client(client, workers: int | None):
    """(client, owned): the given client, one for MKBA_SCHEDULER, or an embedded LocalCluster."""
    if client is not None:
        return client, False
    from distributed import Client

    address = os.environ.get(SCHEDULER_ENV)
    if address:
        return Client(address), True
    return Client(_local_cluster(workers)), True


def _local_cluster(workers: int | None = None):
    """The embedded LocalCluster: ``workers`` single-threaded worker processes (default: one per core).

    Without a dashboard nobody can look at the workers' statistical profiler, which samples the
    running task every 10 ms (a few % of every variant's time): it is switched off. The nannies
    keep this setting for workers they restart. The scheduler's HTTP server (health and metrics)
    takes a free port: without a dashboard it would still try 8787 and warn when another cluster
    (a second batch, a notebook) holds it.
    """
    import dask
    from distributed import LocalCluster

    with dask.config.set({"distributed.worker.profile.enabled": False}), _workers_ignore_ctrl_c():
        return LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                            dashboard_address=":0", host="127.0.0.1")


@contextmanager
def _workers_ignore_ctrl_c():
    """SIGINT ignored while the embedded workers are spawned, so they inherit the ignoring.

    Ctrl-C in a terminal goes to every process of the foreground group: without this each worker
    process dies with its own KeyboardInterrupt traceback. With it only this process gets the
    interrupt, and closes the cluster in order. (A worker the nanny restarts later, after a crash,
    has the default handler again.) Only in the main thread, where signal handlers can be set.
    """
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def run_many(items: Sequence[str | Path | Scenario], *, out: str | Path | None = None, seed: int = 0,
             vary: Sequence[str | tuple[str, Sequence[object]]] = (), sweep: str | Path | Mapping | None = None,
             client=None, workers: int | None = None,
             resume: bool = True, retries: int = 2, sensitivity: bool | None = None,
             progress: Callable[[int, int, dict], None] | None = None) -> Batch:
    """Run every scenario and variant on Dask and write one folder per variant plus ``summary.csv``.

    Parameters
    ----------
    items : scenario files, folders (every ``scenario*.yaml`` below) or :class:`Scenario` objects.
    out : output folder; variants already complete there (same input hash) are skipped (``resume``).
        Without ``out`` the runs are done and summarised but nothing is written. The workers get it
        as an absolute path, so the workers of an existing cluster must see the same filesystem
        (a relative ``out`` is relative to this process, never to a worker's working folder).
    seed : one seed; variant *i* gets child *i* (so 1 or many workers give the same bytes).
    vary : ``"path=values"`` strings or (path, values) pairs; see :data:`VARY_PATHS`.
    sweep : a sweep file (YAML) or mapping of the same paths to lists of values or
        ``"start:stop:count"`` ranges (:func:`parse_sweep`); its paths come first, then ``vary``'s,
        and the cartesian product of all is run. A path in both is an error.
    client : a ``distributed.Client``; default: ``MKBA_SCHEDULER`` if set, else a LocalCluster with
        ``workers`` worker processes (default: one per core).
    retries : how often a variant whose worker died is retried before it is recorded as failed.
    sensitivity : False skips the sensitivity stage in every variant (default: each scenario's setting).
    progress : called as ``progress(done, total, row)`` after each variant (the library never prints).

    Ctrl-C stops the cluster's tasks (an embedded cluster is closed), writes the summary of the
    variants complete so far and raises :class:`BatchInterrupted`; re-running resumes.
    """
    from distributed import as_completed

    scenarios: list[tuple[str, Scenario]] = []
    invalid: list[dict] = []
    paths = [i for i in items if not isinstance(i, Scenario)]
    for item in items:
        if isinstance(item, Scenario):
            scenarios.append((Path(item.source).stem or item.name, item))
    for path in scenario_files(paths):
        scenario, issues = check_scenario(path)
        if scenario is None:
            invalid.append({"scenario": _stem(path), "key": _stem(path), "status": "invalid",
                            "error": str(ScenarioError(issues)), "folder": "", "input_hash": ""})
        else:
            scenarios.append((_stem(path), scenario))
    flags = [parse_vary(v) if isinstance(v, str) else (v[0], tuple(v[1])) for v in vary]
    sweeps = _combine(parse_sweep(sweep) if sweep is not None else [], flags,
                      "sweep" if sweep is None or isinstance(sweep, Mapping) else str(sweep))
    variants = expand(scenarios, sweeps, seed=seed)
    out_path = Path(out) if out is not None else None
    rows: dict[int, dict] = {}
    todo = []
    if out_path is not None:
        out_path.mkdir(parents=True, exist_ok=True)
        _clean_temporaries(out_path)
    for v in variants:
        previous = _done(out_path, v) if (out_path is not None and resume) else None
        if previous is not None:
            rows[v.index] = {**previous, "status": "skipped"}
        else:
            todo.append(v)
    total, done = len(variants), len(rows)
    for row in rows.values():
        if progress:
            progress(done, total, row)
    interrupted = False
    if todo:
        # absolute, resolved here: a worker's working folder is not this process's (issue 6 audit)
        target = os.path.abspath(out_path) if out_path is not None else None
        dask_client, owned, futures = None, False, []
        try:
            dask_client, owned = _client(client, workers)
            # task keys unique to this call: on a client that ran the batch before, Dask would
            # otherwise hand back the old tasks' results (a failed variant would fail again)
            run_token = uuid.uuid4().hex[:8]
            blobs: dict[int, bytes] = {}  # one pickle per scenario, shared by its variants' tasks
            for v in todo:
                if id(v.scenario) not in blobs:
                    blobs[id(v.scenario)] = _pack(v.scenario)
            futures = dask_client.map(_run_packed, [blobs[id(v.scenario)] for v in todo],
                                      [(v.index, v.stem, v.overrides, v.seed) for v in todo],
                                      out_root=target, sensitivity=sensitivity, pure=False, retries=retries,
                                      key=[f"mkba-variant-{v.index}-{v.input_hash[:12]}-{run_token}" for v in todo])
            by_key = {f.key: v for f, v in zip(futures, todo)}
            for future in as_completed(futures):
                v = by_key[future.key]
                try:
                    row = future.result()
                except Exception as err:  # noqa: BLE001 - e.g. KilledWorker after the retries
                    row = {"index": v.index, "scenario": v.stem, "key": v.key, "folder": v.folder,
                           "input_hash": v.input_hash, "seed": v.seed, "status": "failed",
                           "error": f"{type(err).__name__}: {err}"}
                    if target is not None and type(err).__name__ == "KilledWorker":
                        _recover_quietly(Path(target) / v.folder)
                rows[v.index] = row
                future.release()  # read: a worker that dies later must not make Dask run it again
                done += 1
                if progress:
                    progress(done, total, row)
        except KeyboardInterrupt:
            interrupted = True
            if futures and not owned and dask_client is not None:  # an existing cluster keeps running: take our tasks off it
                try:
                    dask_client.cancel(futures)
                except Exception:  # noqa: BLE001 - best effort; a task still running writes a whole folder
                    pass
        finally:
            if owned and dask_client is not None:
                cluster = getattr(dask_client, "cluster", None)
                dask_client.close()
                if cluster is not None:
                    cluster.close()
    if interrupted:
        if owned and out_path is not None:
            _clean_temporaries(out_path)  # the embedded workers are gone: their unfinished folders too
        for v in variants:  # a variant finished on a worker but not yet reported is complete all the same
            if v.index not in rows and out_path is not None:
                previous = _done(out_path, v)
                if previous is not None:
                    rows[v.index] = previous
    ordered = [rows[i] for i in sorted(rows)] + invalid
    batch = Batch(out_path, tuple(ordered))
    if interrupted:
        written = False
        if out_path is not None:
            try:
                _write_summary(batch, out_path)
                written = True
            except KeyboardInterrupt:  # a second Ctrl-C while writing: the old summary stays whole
                pass
        raise BatchInterrupted(batch, total + len(invalid), written)
    if out_path is not None:
        _write_summary(batch, out_path)
    return batch


def _write_summary(batch: Batch, out: Path) -> None:
    """summary.csv (and summary.parquet when pyarrow is installed) plus the comparison reports, atomically."""
    frame = batch.to_frame()
    files: dict[str, str | bytes] = {SUMMARY_FILE: csv_text(frame, index=False)}
    try:
        import io

        import pyarrow  # noqa: F401

        buffer = io.BytesIO()
        # text columns as nullable strings: a missing value stays missing (not the text "None")
        canonical_frame(frame).astype({c: "string" for c in frame.columns if frame[c].dtype == object}).to_parquet(buffer,
                                                                                                 index=False)
        files["summary.parquet"] = buffer.getvalue()
    except ImportError:
        pass
    files.update(comparison_files(frame, out))  # the scenarios' names and language from the variant folders
    # every file to a temporary name first, then all moved into place: an interrupt leaves the
    # former summary or the new one, and the temporaries are removed (or by the next run)
    temporaries = {name: out / f".{name}.tmp-{os.getpid()}" for name in files}
    try:
        for name, content in files.items():
            temporaries[name].write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        for name, tmp in temporaries.items():
            os.replace(tmp, out / name)
    finally:
        for tmp in temporaries.values():
            tmp.unlink(missing_ok=True)
