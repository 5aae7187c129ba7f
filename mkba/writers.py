"""Deterministic result files, written to a temporary folder and moved into place when complete.

``results.json`` holds everything in the results format (:mod:`mkba.results`, with its
``format_version``; sorted keys, NaN as null, no timestamps, hosts or absolute paths); the CSV
files are the tables an analyst opens. The same run gives the same bytes.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import MkbaError
from .io.canonical import canonical, csv_text
from .report import FILE_NAMES, render
from .results import Results
from .stages.places import feature_collections
from .stages.selection import portfolio_table

if TYPE_CHECKING:
    from .pipeline import Run

__all__ = ["write_run", "write_folder", "render_files", "to_json", "put_back", "recover", "RESULT_FILES", "SENSITIVITY_FILES",
           "REPORT_FORMATS"]

RESULT_FILES = ("results.json", "appraisal.csv", "ranking.csv", "distribution.csv", "weights.csv", "matrix.csv")
#: Written by every run with the sensitivity analysis; critical.csv, pairwise.csv (up to 500 measures) and
#: core_index.csv (with a portfolio) come too when they apply.
SENSITIVITY_FILES = ("sensitivity.csv", "tornado.csv", "stability.csv", "central_weights.csv")
REPORT_FORMATS = ("html", "md", "xlsx")
"""The report formats :func:`write_run` writes by default (report.html, report.md, report.xlsx)."""


def to_json(data: Results | dict) -> str:
    """Canonical JSON text: sorted keys, two-space indent, UTF-8, newline at the end, floats to 12
    significant digits (:mod:`mkba.io.canonical`), NaN and infinities as null."""
    return json.dumps(canonical(data), sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _csv(frame) -> str:
    return csv_text(frame)


def render_files(run: Run) -> dict[str, str]:
    """The text of every result file."""
    measures = {m.id: m for m in run.scenario.measures}
    appraisal = run.appraisal.to_frame()
    appraisal.insert(0, "theme", [measures[i].theme for i in appraisal.index])
    appraisal.insert(0, "name", [measures[i].name for i in appraisal.index])
    ranking = run.scores.to_frame()
    ranking.insert(0, "name", [measures[i].name for i in ranking.index.get_level_values("measure")])
    files = {
        "results.json": to_json(run.to_dict()),
        "appraisal.csv": _csv(appraisal),
        "ranking.csv": _csv(ranking),
        "distribution.csv": _csv(run.appraisal.distribution_frame()),
        "weights.csv": _csv(run.weights.to_frame()),
        "matrix.csv": _csv(run.matrix.to_frame()),
    }
    if run.sensitivity is not None:
        files.update(_sensitivity_files(run))
    if run.portfolio is not None:
        files.update(_portfolio_files(run))
    files.update(_plan_files(run, files["results.json"]))
    return files


def _plan_files(run: Run, results_json: str) -> dict[str, str]:
    """roadmap.csv (per chosen measure: theme, years carried out, in use from, spend per year),
    monitoring.csv (per ambition and year: planned, realised) and the GIS export of the map."""
    import pandas as pd

    files = {}
    if run.roadmap is not None:
        years = run.roadmap.years
        frame = pd.DataFrame([{"measure": t.id, "name": t.name, "theme": t.theme, "start": t.start, "end": t.end,
                               "in_use": t.in_use, **{str(y): t.spend.get(y, 0.0) for y in years}}
                              for t in run.roadmap.tasks]).set_index("measure")
        files["roadmap.csv"] = _csv(frame)
    if run.monitoring:
        rows = [{"ambition": t.id, "name": t.name, "unit": t.unit, "year": y, "planned": p, "realised": r}
                for t in run.monitoring for y, p, r in zip(t.years, t.planned, t.realised)]
        files["monitoring.csv"] = csv_text(pd.DataFrame(rows), index=False)
    if run.scenario.map is not None:
        files.update(feature_collections(json.loads(results_json)))
    return files


def _portfolio_files(run: Run) -> dict[str, str]:
    """portfolio.csv (every measure: chosen, start year, greedy, cost, value, who pays), frontier.csv,
    frontier_entry.csv (the budget at which each measure enters) and stakeholders_portfolio.csv."""
    p = run.portfolio
    if p is None:
        raise ValueError("_portfolio_files needs a run with a portfolio")
    files = {"portfolio.csv": _csv(portfolio_table(p, run.scenario, run.appraisal))}
    if p.frontier is not None:
        files["frontier.csv"] = _csv(p.frontier.to_frame())
        files["frontier_entry.csv"] = _csv(p.frontier.entry_frame())
    if p.stakeholders is not None:
        files["stakeholders_portfolio.csv"] = _csv(p.stakeholders.to_frame())
    return files


def _sensitivity_files(run: Run) -> dict[str, str]:
    """The sensitivity analysis's tables (:meth:`mkba.stages.sensitivity.Sensitivity.to_frames`) as CSV;
    tornado.csv has no index column (its rows are bars, not measures)."""
    s = run.sensitivity
    if s is None:
        raise ValueError("_sensitivity_files needs a run with the sensitivity analysis")
    return {name: csv_text(frame, index=name != "tornado.csv") for name, frame in s.to_frames().items()}


def write_run(run: Run, out_dir: str | Path, *, extra: dict[str, str] | None = None,
              reports: tuple[str, ...] = REPORT_FORMATS, lang: str | None = None) -> Path:
    """Write the result files of ``run``, the steering-group reports and any ``extra`` files into
    ``out_dir`` atomically, as ``mkba run`` does.

    ``reports``: the report formats among html, md, xlsx, rendered from results.json (default:
    all three, like the CLI; ``()`` writes the result files only). ``lang``: the report language
    (default: the scenario's).
    """
    files: dict[str, str | bytes] = dict(render_files(run))  # everything is rendered before the disk is touched
    if reports:
        results = json.loads(files["results.json"])
        files.update({FILE_NAMES[fmt]: render(results, fmt, lang=lang) for fmt in reports})
    files.update(extra or {})
    return write_folder(files, out_dir)


def _alive(pid: str) -> bool:
    """Whether process ``pid`` runs: a killed process its parent has not reaped yet (a zombie, as a
    Dask worker is for a moment after kill -9) writes nothing more, so it counts as dead."""
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:  # someone else's live process
        return True
    try:
        stat = Path(f"/proc/{int(pid)}/stat").read_text()
    except OSError:  # no /proc (macOS, Windows): the signal test is all there is
        return True
    return stat.rsplit(")", 1)[-1].split()[0] not in ("Z", "X")


def recover(out: Path) -> None:
    """Clean up after an mkba killed while writing ``out`` (kill -9, power loss).

    A hidden ``.NAME.tmp-PID`` of a dead process is an unfinished write: removed. A hidden
    ``.NAME.old-PID`` is the previous output, moved aside just before the new one was moved in:
    put back when ``out`` is missing (the kill fell between the two renames), else removed.
    """
    for stale in sorted(out.parent.glob(f".{out.name}.tmp-*")):
        if not _alive(stale.name.rsplit("-", 1)[-1]):
            shutil.rmtree(stale, ignore_errors=True)
    for old in sorted(out.parent.glob(f".{out.name}.old-*")):
        if not _alive(old.name.rsplit("-", 1)[-1]):
            put_back(old, out)


def put_back(old: Path, out: Path) -> None:
    """A complete earlier output ``old`` moved aside by a writer killed before it moved the new one
    in: renamed back to ``out`` when that is missing, else removed (``out`` is the newer output)."""
    if not out.exists():
        old.rename(out)
    else:
        shutil.rmtree(old, ignore_errors=True)


def write_folder(files: dict[str, str | bytes], out_dir: str | Path) -> Path:
    """Write ``files`` (name -> text or bytes) as the folder ``out_dir``, all or nothing.

    The files go to a hidden temporary folder beside ``out_dir``, each flushed to disk, and the
    folder is renamed into place only when all are complete; a previous mkba output in
    ``out_dir`` is replaced, any other non-empty folder is refused so nothing of the user's is lost.
    Leftovers of a killed earlier write are cleaned up first (:func:`recover`); a write that
    fails (a full disk, no permission) raises :class:`MkbaError` naming the folder and the cause,
    with nothing half-written left behind.
    """
    out = Path(out_dir)
    if out.parent.exists():
        recover(out)
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / "results.json").is_file())):
        msg = f"{out} exists and is not an mkba output folder; choose an empty or new folder"
        raise MkbaError(msg)
    tmp = out.parent / f".{out.name}.tmp-{os.getpid()}"
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        for name, content in files.items():
            data = content.encode("utf-8") if isinstance(content, str) else content
            with open(tmp / name, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        if out.exists():
            out.rename(old)
        tmp.rename(out)
    except BaseException as err:
        shutil.rmtree(tmp, ignore_errors=True)
        if old.exists() and not out.exists():
            old.rename(out)
        if isinstance(err, OSError):
            cause = err.strerror or type(err).__name__
            raise MkbaError(f"could not write the results to {out}: {cause}; nothing was written "
                            "(free some space or choose another --out folder)") from None
        raise
    shutil.rmtree(old, ignore_errors=True)
    return out
