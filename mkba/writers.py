"""Deterministic result files, written to a temporary folder and moved into place when complete.

``results.json`` holds everything in the results format (:mod:`mkba.results`, with its
``format_version``; sorted keys, NaN as null, no timestamps, hosts or absolute paths); the CSV
files are the tables an analyst opens. The same run gives the same bytes.

An output folder is mkba's only if mkba made it: each carries :data:`MANIFEST`, the list of the
files mkba wrote there with their SHA-256 (no time stamps: the same bytes every run), and mkba
replaces a folder only while it holds those files, unchanged, and nothing else
(:func:`check_folder`). Hidden temporaries (``.NAME.tmp-PID``, ``.NAME.old-PID``) are cleaned up or
put back only when they carry that marker, so a user's ``.draft.tmp-2`` is never touched. Write
errors say what happened (:func:`write_error`).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import itertools
import json
import os
import re
import shutil
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import MkbaError
from .io.canonical import canonical, csv_text
from .io.limits import REPORT_FORMATS  # the formats write_run writes by default (report.html, .md, .xlsx)
from .report import FILE_NAMES, render_all
from .results import Results
from .stages.places import feature_collections
from .stages.provenance import mkba_version
from .stages.selection import portfolio_table

if TYPE_CHECKING:
    from .pipeline import Run

__all__ = ["write_run", "write_folder", "render_files", "to_json", "put_back", "recover", "RESULT_FILES", "SENSITIVITY_FILES",
           "REPORT_FORMATS", "MANIFEST", "Manifest", "manifest_of", "read_manifest", "strangers", "check_folder",
           "temporaries", "discard", "write_error", "write_manifest", "check_rewrite", "record"]

RESULT_FILES = ("results.json", "appraisal.csv", "ranking.csv", "distribution.csv", "weights.csv", "matrix.csv")
#: Written by every run with the sensitivity analysis; critical.csv, pairwise.csv (up to 500 measures) and
#: core_index.csv (with a portfolio) come too when they apply.
SENSITIVITY_FILES = ("sensitivity.csv", "tornado.csv", "stability.csv", "central_weights.csv")


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
    if run.themes is not None:  # theme_priorities.csv: one row per (party, theme) with a value tree (issue 21)
        files["theme_priorities.csv"] = csv_text(run.themes.to_frame(), index=False)
    return files


def _plan_files(run: Run, results_json: str) -> dict[str, str]:
    """roadmap.csv (per chosen measure: theme, years carried out, in use from, spend per year),
    monitoring.csv (per ambition and year: planned, realised), ambitions.csv (per target of each shared
    ambition: level, what the package reaches, gap, met, cost) and the GIS export of the map."""
    import pandas as pd

    files = {}
    if run.roadmap is not None:
        files["roadmap.csv"] = _csv(run.roadmap.to_frame())
    if run.monitoring:
        rows = [{"ambition": t.id, "name": t.name, "unit": t.unit, "year": y, "planned": p, "realised": r}
                for t in run.monitoring for y, p, r in zip(t.years, t.planned, t.realised)]
        files["monitoring.csv"] = csv_text(pd.DataFrame(rows), index=False)
    if run.ambitions is not None:  # ambitions.csv: one row per target of each ambition, against the package
        rows = [{"ambition": i["id"], "name": i["name"], "theme": i["theme"], "kind": i["kind"], "unit": i["unit"],
                 "year": t["year"], "sense": t["sense"], "level": t["level"], "reached": t["reached"], "gap": t["gap"],
                 "met": t["met"], "package": run.ambitions.package,
                 "cost_value": (i["cost"] or {}).get("cost_value"), "min_investment": (i["cost"] or {}).get("min_investment")}
                for i in run.ambitions.to_dict()["items"] for t in i["targets"]]
        files["ambitions.csv"] = csv_text(pd.DataFrame(rows).astype({"year": "Int64"}), index=False)
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
        files.update({FILE_NAMES[fmt]: data for fmt, data in render_all(results, reports, lang=lang).items()})
    files.update(extra or {})
    return write_folder(files, out_dir)


# -- output folders: mkba's only when mkba made them ------------------------------------------------

MANIFEST = ".mkba-manifest.json"
"""The marker of a folder mkba made: every file it wrote there with its SHA-256 (and the mkba version)."""
_TEMPORARY = re.compile(r"^\.(?P<name>.+)\.(?P<what>tmp|old)-(?P<pid>\d+)$")
"""A hidden ``.NAME.tmp-PID`` (a write under way) or ``.NAME.old-PID`` (the previous output moved aside)."""
_SHOWN = 5
"""Names a refusal shows (then 'and N more')."""
_COUNTED = 10_000
"""Entries a refusal counts at most (a home folder given as --out is not walked whole)."""


@dataclass(frozen=True)
class Manifest:
    """A folder's :data:`MANIFEST`: its kind ("run": a run's or a batch variant's folder; "batch": a
    batch's root) and, per file mkba wrote, the hashes its content may have (one, or two while a
    batch summary is being replaced)."""

    kind: str
    files: dict[str, frozenset[str]]

    def text(self) -> str:
        """Deterministic bytes: sorted keys, no time stamps, so an output stays byte-identical."""
        return to_json({"kind": self.kind, "mkba": mkba_version(),
                        "files": {n: sorted(h)[0] if len(h) == 1 else sorted(h) for n, h in sorted(self.files.items())},
                        "about": "written by mkba: mkba replaces or updates this folder only while it holds "
                                 "these files, unchanged, and nothing else"})


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest_of(files: dict[str, str | bytes], kind: str = "run") -> Manifest:
    """The manifest of ``files`` (name -> text or bytes) as :func:`write_folder` writes them."""
    return Manifest(kind, {n: frozenset({sha256(_bytes(c))}) for n, c in files.items()})


def _bytes(content: str | bytes) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else content


def read_manifest(path: Path) -> Manifest | None:
    """The manifest of folder ``path`` (or the manifest file ``path``), None when there is none or it
    is not mkba's (unreadable, another shape, a name leaving the folder)."""
    file = path / MANIFEST if path.is_dir() and not path.is_symlink() else path
    try:
        if file.is_symlink() or file.stat().st_size > 50_000_000:
            return None
        data = json.loads(file.read_text(encoding="utf-8"))
        kind, listed = data["kind"], data["files"]
        files = {str(n): frozenset([h] if isinstance(h, str) else h) for n, h in listed.items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    safe = all(n and not n.startswith("/") and ".." not in n.split("/") and n != MANIFEST for n in files)
    if kind not in ("run", "batch") or not safe or not all(isinstance(h, str) for v in files.values() for h in v):
        return None
    return Manifest(kind, files)


def _hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def strangers(folder: Path, kind: str = "run") -> Iterator[str]:
    """What in ``folder`` mkba did not write, as paths relative to it ("sub/notes.txt", "results.json
    (changed)"): everything when the folder has no manifest of ``kind``; else each file not in the
    manifest or whose content changed, each symbolic link, and in a batch root each folder that is not
    a run's folder holding only its own files, or a write of mkba under way."""
    manifest = read_manifest(folder)
    yield from _walk(folder, "", manifest if manifest is not None and manifest.kind == kind else None, kind)


def _walk(folder: Path, prefix: str, manifest: Manifest | None, kind: str) -> Iterator[str]:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        yield prefix or "."
        return
    listed = manifest.files if manifest is not None else {}
    for entry in entries:
        rel = f"{prefix}{entry.name}"
        if manifest is not None and rel == MANIFEST:
            continue
        if entry.is_symlink():
            yield rel
        elif entry.is_dir():
            sub = Path(entry.path)
            inner = read_manifest(sub) if manifest is not None and kind == "batch" and not prefix else None
            if inner is not None and inner.kind == "run":  # a variant's folder: its own manifest rules it
                yield from (f"{rel}/{s}" for s in _walk(sub, "", inner, "run"))
            elif not (manifest is not None and not prefix and _is_temporary(sub)):
                before = rel + "/"
                found = False
                for s in _walk(sub, before, manifest, kind):
                    found = True
                    yield s
                if not found and not any(n.startswith(before) for n in listed):
                    yield before  # an empty folder of the user's
        elif rel not in listed:
            yield rel
        else:
            try:
                same = _hash_file(Path(entry.path)) in listed[rel]
            except OSError:
                same = False
            if not same:
                yield f"{rel} (changed)"


def check_folder(out: Path, kind: str = "run", flag: str = "--out") -> None:
    """Refuse (:class:`MkbaError`) to write into ``out`` unless it is missing, empty, or a folder
    mkba made (its manifest of ``kind``) holding nothing but mkba's unchanged files. The message
    names what is there (a few names and how many more) and the way out."""
    try:  # one stat, not exists() then is_dir(): another mkba may move the folder away in between
        mode = os.stat(out).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return
    if not stat.S_ISDIR(mode):
        raise MkbaError(f"{out} is a file, not a folder; nothing was written (choose another {flag} folder)")
    manifest = read_manifest(out)
    way_out = f"nothing was written. Choose another {flag} folder, or move those files away or delete {out} yourself"
    if manifest is not None and manifest.kind != kind:
        made = {"run": "`mkba run` (one scenario's results)", "batch": "`mkba batch` (a batch's variants)"}
        raise MkbaError(f"{out} holds the output of {made[manifest.kind]}, not of {made[kind].split(' (')[0]}; "
                        f"{way_out}")
    for _ in range(3):  # another mkba may replace the folder while it is read: then it is read again
        if not out.is_dir():
            return
        marker = _stamp(out)
        found = strangers(out, kind)
        shown = list(itertools.islice(found, _SHOWN))
        if not shown:
            return
        if _stamp(out) == marker:
            break
        manifest = read_manifest(out)
    more = sum(1 for _ in itertools.islice(found, _COUNTED))
    names = ", ".join(shown) + (f" and {more}{'+' if more == _COUNTED else ''} more" if more else "")
    if manifest is None:
        raise MkbaError(f"{out} is not an mkba output folder (it has no {MANIFEST}) and is not empty: it holds "
                        f"{names}. mkba writes only into a new or empty folder or one it made itself; {way_out}")
    raise MkbaError(f"{out} was made by mkba but holds what mkba did not write there, or changed since: {names}. "
                    f"mkba replaces its own output only, so nothing of yours is lost; {way_out}")


def _stamp(folder: Path) -> tuple[int, int] | None:
    """The identity of ``folder`` and of its manifest file: changed when another writer swapped it in."""
    try:
        return os.stat(folder).st_ino, os.stat(folder / MANIFEST).st_ino
    except OSError:
        return None


def _is_temporary(path: Path, name: str | None = None) -> bool:
    """Whether ``path`` is a hidden temporary mkba made: ``.NAME.tmp-PID`` or ``.NAME.old-PID`` (of
    ``name`` when given), a folder holding its manifest and nothing that is not listed there (a
    write killed before its manifest was whole leaves only the manifest, or nothing); or a
    manifest file written under such a name (``.mkba-manifest.json.tmp-PID``, whatever it holds)."""
    match = _TEMPORARY.match(path.name)
    if match is None or (name is not None and match["name"] != name) or path.is_symlink():
        return False
    if path.is_file():  # a manifest being replaced: whole, or cut short by a kill (its name is mkba's own)
        return match["name"] == MANIFEST[1:] or read_manifest(path) is not None
    try:
        entries = sorted(e.name for e in os.scandir(path))
    except OSError:
        return False
    manifest = read_manifest(path)
    if manifest is None:
        return entries in ([], [MANIFEST])
    return all(e == MANIFEST or e in manifest.files for e in entries)


def discard(path: Path) -> None:
    """Remove a temporary or output folder of mkba: the files its manifest lists and the manifest,
    then the folder when that left it empty (anything else in it stays, and so does the folder)."""
    if path.is_file() or path.is_symlink():
        path.unlink(missing_ok=True)
        return
    manifest = read_manifest(path)
    for name in [*(manifest.files if manifest is not None else ()), MANIFEST]:
        (path / name).unlink(missing_ok=True)
    for sub in sorted({(path / n).parent for n in (manifest.files if manifest else ())}, key=lambda p: -len(p.parts)):
        if sub != path:
            with contextlib.suppress(OSError):
                sub.rmdir()
    with contextlib.suppress(OSError):
        path.rmdir()


def _alive(pid: str) -> bool:
    """Whether process ``pid`` runs: a killed process its parent has not reaped yet (a zombie, as a
    Dask worker is for a moment after kill -9) writes nothing more, so it counts as dead."""
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError, OverflowError):
        return False
    except PermissionError:  # someone else's live process
        return True
    try:
        state = Path(f"/proc/{int(pid)}/stat").read_text()
    except OSError:  # no /proc (macOS, Windows): the signal test is all there is
        return True
    return state.rsplit(")", 1)[-1].split()[0] not in ("Z", "X")


def temporaries(folder: Path, name: str | None = None) -> list[tuple[Path, str, str]]:
    """(path, NAME, "tmp" or "old") of each hidden temporary mkba made in ``folder`` (of ``name``
    when given); a user's ``.draft.tmp-2`` (no manifest inside) is not one."""
    try:
        paths = sorted(folder.iterdir())
    except OSError:
        return []
    return [(p, m["name"], m["what"]) for p in paths if (m := _TEMPORARY.match(p.name)) is not None
            and (name is None or m["name"] == name) and _is_temporary(p)]


def recover(out: Path) -> None:
    """Clean up after an mkba killed while writing ``out`` (kill -9, power loss).

    A hidden ``.NAME.tmp-PID`` of a dead process is an unfinished write: removed. A hidden
    ``.NAME.old-PID`` is the previous output, moved aside just before the new one was moved in:
    put back when ``out`` is missing (the kill fell between the two renames), else removed. Only
    temporaries mkba made (:func:`temporaries`) are touched.
    """
    for path, _, what in temporaries(out.parent, out.name):
        if not _alive(path.name.rsplit("-", 1)[-1]):
            if what == "tmp":
                discard(path)
            else:
                put_back(path, out)


def put_back(old: Path, out: Path) -> None:
    """A complete earlier output ``old`` moved aside by a writer killed before it moved the new one
    in: renamed back to ``out`` when that is missing, else removed (``out`` is the newer output)."""
    if not out.exists() and not out.is_symlink():
        old.rename(out)
    else:
        discard(old)


def write_error(err: OSError, target: Path, what: str = "the results") -> MkbaError:
    """What went wrong writing ``target``, in words, with the path and the way out: a read-only
    file system, no permission, busy (open or locked elsewhere), a parent that is a file, a full disk."""
    path = err.filename or target
    reason = err.strerror or type(err).__name__
    code = err.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        said, hint = f"the disk is full ({reason})", "free some space or choose another --out folder"
    elif code == errno.EROFS:
        said, hint = f"the file system is read-only ({reason})", "choose an --out folder on a disk you can write to"
    elif code in (errno.EBUSY, errno.ETXTBSY) or getattr(err, "winerror", None) in (32, 33):
        said, hint = (f"it is busy, open or locked by another program ({reason})",
                      "close the program that uses it (a spreadsheet, a file browser, a sync client) and run "
                      "again, or choose another --out folder")
    elif code in (errno.EACCES, errno.EPERM):
        said, hint = f"permission denied ({reason})", "choose an --out folder you may write to, or get write permission"
    elif code == errno.ENOTDIR:
        blocker = next((p for p in (target, *target.parents) if p.exists() and not p.is_dir()), None)
        said = f"{blocker} is a file, not a folder" if blocker is not None else f"a part of the path is not a folder ({reason})"
        hint = "choose an --out folder whose parents are all folders"
    elif code == errno.ENAMETOOLONG:
        said, hint = f"a name is too long ({reason})", "choose a shorter --out path"
    else:
        said, hint = reason, "choose another --out folder"
    where = f" (at {path})" if str(path) != str(target) else ""
    return MkbaError(f"could not write {what} to {target}: {said}{where}; nothing was written ({hint})")


def _target(out: Path) -> Path:
    """``out``, or the folder it links to: a symbolic link given as --out is written through, so no
    hidden ``.out.old-PID`` is left beside the link."""
    return Path(os.path.realpath(out)) if out.is_symlink() else out


def _claim(path: Path) -> None:
    """Make room for this process's temporary ``path``: a stale one of mkba (an earlier process with
    the same id) is removed; anything else of that name is refused, never removed."""
    if path.exists() or path.is_symlink():
        if not _is_temporary(path):
            raise MkbaError(f"{path} is in the way of mkba's temporary folder and is not mkba's; nothing was "
                            "written (move it away, or choose another --out folder)")
        discard(path)


def _write_file(path: Path, data: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def write_folder(files: dict[str, str | bytes], out_dir: str | Path) -> Path:
    """Write ``files`` (name -> text or bytes) as the folder ``out_dir``, all or nothing, with its
    manifest (:data:`MANIFEST`).

    The manifest, then each file, go to a hidden temporary folder beside ``out_dir``, each flushed
    to disk, and the folder is renamed into place only when all are complete. A folder is replaced
    only when mkba made it and it holds nothing else (:func:`check_folder`); leftovers of a killed
    earlier write are cleaned up first (:func:`recover`). A write that fails raises
    :class:`MkbaError` saying what happened (:func:`write_error`), with nothing half-written left.
    """
    out = _target(Path(out_dir))
    try:
        if out.parent.is_dir():
            recover(out)
    except OSError as err:
        raise write_error(err, out) from None
    check_folder(out)
    content = {name: _bytes(c) for name, c in files.items()}
    manifest = manifest_of(dict(content)).text().encode("utf-8")
    tmp = out.parent / f".{out.name}.tmp-{os.getpid()}"
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    _claim(tmp)
    _claim(old)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp.mkdir()
        _write_file(tmp / MANIFEST, manifest)  # first: the marker that makes the folder mkba's
        for name, data in content.items():
            _write_file(tmp / name, data)
        _swap(tmp, out, old)
    except BaseException as err:
        shutil.rmtree(tmp, ignore_errors=True)  # this call's own folder
        if old.exists():
            put_back(old, out)
        if isinstance(err, OSError):
            raise write_error(err, out) from None
        raise
    discard(old)
    return out


def _swap(tmp: Path, out: Path, old: Path, attempts: int = 5) -> None:
    """Move the previous output aside and the new one in. When another mkba writing the same folder
    moves its output in between (a race), ours replaces it, and the output moved aside is removed
    each time, so no ``.out.old-PID`` stays behind."""
    for attempt in range(attempts):
        if out.exists() or out.is_symlink():
            with contextlib.suppress(FileNotFoundError):  # another writer moved it aside meanwhile
                out.rename(old)
        try:
            tmp.rename(out)
            return
        except OSError as err:
            if err.errno not in (errno.EEXIST, errno.ENOTEMPTY) or attempt == attempts - 1:
                raise
            if old.exists():
                discard(old)  # the other writer's output is in place: the one moved aside is older
            if out.exists():
                check_folder(out)


def write_manifest(folder: Path, manifest: Manifest) -> None:
    """Write ``folder``'s manifest atomically (a hidden temporary file, itself a manifest, then
    renamed over): a batch root's, updated as its summary files are replaced."""
    tmp = folder / f"{MANIFEST}.tmp-{os.getpid()}"
    try:
        _write_file(tmp, manifest.text().encode("utf-8"))
        os.replace(tmp, folder / MANIFEST)
    finally:
        tmp.unlink(missing_ok=True)


def check_rewrite(folder: Path, names: list[str]) -> None:
    """Before mkba writes ``names`` again into ``folder`` (``mkba report`` re-rendering the reports):
    each one there must be mkba's, unchanged (listed in the folder's manifest with its content);
    a file of the user's under such a name, or in a folder without the manifest, is refused."""
    manifest = read_manifest(folder)
    listed = manifest.files if manifest is not None and manifest.kind == "run" else {}
    taken = [n for n in names if (folder / n).exists() or (folder / n).is_symlink()]
    foreign = [n for n in taken if n not in listed or (folder / n).is_symlink() or not (folder / n).is_file()
               or _hash_file(folder / n) not in listed[n]]
    if foreign:
        raise MkbaError(f"{folder} holds {', '.join(foreign)}, which mkba did not write there or which changed since; "
                        "nothing was written, so nothing of yours is lost (move those files away, or run "
                        "`mkba run` with another --out)")


def record(folder: Path, names: list[str]) -> None:
    """After mkba wrote ``names`` again into its own ``folder``: its manifest lists their new content, so the
    next run still recognises the folder as mkba's. A folder without mkba's manifest is left as it is."""
    manifest = read_manifest(folder)
    if manifest is None or manifest.kind != "run":
        return
    write_manifest(folder, Manifest("run", {**manifest.files, **{n: frozenset({_hash_file(folder / n)})
                                                                  for n in names}}))
