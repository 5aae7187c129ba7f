"""The batch: variants handed to a Dask cluster (embedded or existing), completed folders kept,
Ctrl-C answered with a partial summary, and summary.csv (and .parquet) plus the comparison
report written at the end."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import ScenarioError
from ..io.canonical import canonical_frame, csv_text
from ..stages.check import check_scenario
from ..writers import (MANIFEST, Manifest, check_folder, discard, put_back, read_manifest, recover, sha256,
                       temporaries, write_error, write_manifest)
from ..model import Scenario
from .comparison import comparison_files
from .sweep import combine, parse_sweep, parse_vary
from .variants import Variant, expand, scenario_files, scenario_stem
from .worker import VARIANT_FILE, pack_scenario, run_packed


SCHEDULER_ENV = "MKBA_SCHEDULER"
"""Environment variable with the address of an existing Dask scheduler (tcp://host:port)."""

SUMMARY_FILE = "summary.csv"


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


def clean_temporaries(out: Path) -> None:
    """Remove temporary folders left by an interrupted run; never lose a completed variant folder.

    A ``.NAME.old-PID`` is a complete earlier output of NAME, moved aside by a writer that was
    killed before it moved the new one in (a variant recomputed after its worker died, say): it is
    put back when NAME is missing, and removed only when NAME is there. Only temporaries mkba made
    (their name and the manifest inside, :func:`~mkba.writers.temporaries`) are touched: a user's
    ``.draft.tmp-2`` or ``.thesis.old-1`` stays as it is.
    """
    for path, name, what in temporaries(out):
        if what == "old" and path.is_dir():
            put_back(path, out / name)
        else:
            discard(path)  # an unfinished write: a variant's folder, the summary's, a manifest file


def _claim_root(out: Path) -> Path:
    """The batch folder ``out`` (a symbolic link's target) made ready: created with its manifest when
    new or empty; when it is there, mkba's temporaries cleaned up and the folder checked to be a
    batch's that holds only mkba's unchanged files (its summary and comparison, variant folders each
    with only its own files): anything else is refused, naming it (:func:`~mkba.writers.check_folder`)."""
    out = Path(os.path.realpath(out)) if out.is_symlink() else out
    if out.exists() and not out.is_dir():
        check_folder(out, "batch")  # refused: a file, not a folder
    try:
        out.mkdir(parents=True, exist_ok=True)
        clean_temporaries(out)
    except OSError as err:
        raise write_error(err, out, "the batch") from None
    check_folder(out, "batch")
    if read_manifest(out) is None:  # new or empty: the folder becomes mkba's before any variant is in it
        try:
            write_manifest(out, Manifest("batch", {}))
        except OSError as err:
            raise write_error(err, out, "the batch") from None
    return out


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
    return Client(local_cluster(workers)), True


def local_cluster(workers: int | None = None):
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
             resume: bool = True, retries: int = 2, sensitivity: bool | None = None, reports: bool = True,
             progress: Callable[[int, int, dict], None] | None = None) -> Batch:
    """Run every scenario and variant on Dask and write one folder per variant plus ``summary.csv``.

    Parameters
    ----------
    items : scenario files, folders (every ``scenario*.yaml`` below) or :class:`Scenario` objects.
    out : output folder; variants already complete there (same input hash) are skipped (``resume``).
        It must be new, empty, or a batch's folder mkba made holding nothing but mkba's unchanged
        files (anything else is refused before a variant runs, naming it). Without ``out`` the runs are done and summarised but nothing is written. The workers get it
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
    reports : each variant's folder gets its report.html, report.md and report.xlsx, as ``mkba run``
        writes them, rendered on the worker (default); False writes the result files only.
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
            invalid.append({"scenario": scenario_stem(path), "key": scenario_stem(path), "status": "invalid",
                            "error": str(ScenarioError(issues)), "folder": "", "input_hash": ""})
        else:
            scenarios.append((scenario_stem(path), scenario))
    flags = [parse_vary(v) if isinstance(v, str) else (v[0], tuple(v[1])) for v in vary]
    sweeps = combine(parse_sweep(sweep) if sweep is not None else [], flags,
                      "sweep" if sweep is None or isinstance(sweep, Mapping) else str(sweep))
    variants = expand(scenarios, sweeps, seed=seed)
    out_path = Path(out) if out is not None else None
    rows: dict[int, dict] = {}
    todo = []
    if out_path is not None:
        out_path = _claim_root(out_path)
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
                    blobs[id(v.scenario)] = pack_scenario(v.scenario)
            futures = dask_client.map(run_packed, [blobs[id(v.scenario)] for v in todo],
                                      [(v.index, v.stem, v.overrides, v.seed) for v in todo],
                                      out_root=target, sensitivity=sensitivity, reports=reports, pure=False, retries=retries,
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
            clean_temporaries(out_path)  # the embedded workers are gone: their unfinished folders too
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
    try:
        _replace_files(out, {name: content.encode("utf-8") if isinstance(content, str) else content
                             for name, content in files.items()})
    except OSError as err:
        raise write_error(err, out, "the batch summary") from None


def _replace_files(out: Path, files: dict[str, bytes]) -> None:
    """Put ``files`` into the batch root ``out`` and its manifest, so that a kill at any moment leaves
    each file old or new and the manifest accepting it.

    The files go to a hidden temporary folder (its own manifest inside: mkba's), the root's manifest
    is extended to accept the old and the new content, the files are moved in, and the manifest
    lists the new content alone; an interrupt leaves the former summary or the new one, and the
    temporary folder is removed (or by the next run)."""
    before = read_manifest(out) or Manifest("batch", {})
    new = {name: frozenset({sha256(data)}) for name, data in files.items()}
    tmp = out / f".summary.tmp-{os.getpid()}"
    if tmp.exists():
        discard(tmp)
    try:
        tmp.mkdir()
        (tmp / MANIFEST).write_text(Manifest("run", new).text(), encoding="utf-8")
        for name, data in files.items():
            (tmp / name).write_bytes(data)
        write_manifest(out, Manifest("batch", {**before.files, **{n: h | before.files.get(n, frozenset())
                                                                   for n, h in new.items()}}))
        for name in files:
            os.replace(tmp / name, out / name)
        write_manifest(out, Manifest("batch", {**before.files, **new}))
    finally:
        discard(tmp)
