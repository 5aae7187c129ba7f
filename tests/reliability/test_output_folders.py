"""Nothing of the user's is ever lost in an output folder (issue 18, item 1), and a write that fails
says what happened (item 7).

An output folder is mkba's only if mkba made it: it carries ``.mkba-manifest.json`` (every file mkba
wrote there with its SHA-256), and mkba replaces it only while it holds those files, unchanged, and
nothing else. The tests plant a user's files in every place an output folder could hold them (top
level, a subfolder, a hidden file, a file with one of mkba's names but other content, an empty
folder, a link; beside the folder under mkba's temporary names; in a batch's root and its variant
folders), and check that each survives byte for byte and that the refusal names it. Write errors
are raised with each errno (patched), and for real where Linux allows it (a read-only mount, an
immutable or read-only folder, a mount point that cannot be renamed, a file as a parent).
"""

from __future__ import annotations

import errno
import multiprocessing
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mkba.writers as w
from mkba.batch import run_many
from mkba.batch.run import Batch, _write_summary
from mkba.cli import main
from mkba.errors import MkbaError
from mkba.writers import MANIFEST, Manifest, check_folder, read_manifest, strangers, write_folder, write_manifest

FILES: dict[str, str | bytes] = {"results.json": '{"a": 1}\n', "ranking.csv": "measure,rank\nM1,1\n",
                                 "report.xlsx": b"PK\x03\x04 not really"}
NEWER: dict[str, str | bytes] = {"results.json": '{"a": 2}\n', "ranking.csv": "measure,rank\nM1,2\n"}


def tree(folder: Path) -> dict[str, bytes | str]:
    """Every entry below ``folder``: a file's bytes, a link's target, a folder as 'dir'."""
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        rel = str(path.relative_to(folder))
        found[rel] = (f"-> {os.readlink(path)}" if path.is_symlink() else "dir" if path.is_dir()
                      else path.read_bytes())
    return found


def hidden_beside(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith("."))


def dead_pid() -> int:
    """The id of a process that has ended (and been reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


# -- a run's folder -------------------------------------------------------------------------------

def test_the_issues_case_a_users_folder_with_results_json_is_refused_and_kept(mini_path, tmp_path, capsys):
    """The probe's case: results.json, thesis.docx and sub/notes.txt in --out; it was replaced whole, exit 0."""
    out = tmp_path / "thesis"
    (out / "sub").mkdir(parents=True)
    (out / "results.json").write_text('{"mine": true}')
    (out / "thesis.docx").write_bytes(b"chapter 1")
    (out / "sub" / "notes.txt").write_text("notes")
    before = tree(tmp_path)
    code = main(["run", str(mini_path), "--out", str(out), "--quiet", "--no-sensitivity", "--no-report"])
    err = capsys.readouterr().err
    assert code == 1
    for name in ("results.json", "thesis.docx", "sub/notes.txt", "not an mkba output folder", "--out",
                 f"delete {out} yourself"):
        assert name in err, err
    assert "Traceback" not in err
    assert tree(tmp_path) == before


PLANTS = {
    "a file at the top": ("notes.txt", "notes.txt"),
    "a file in a subfolder": ("sub/notes.txt", "sub/notes.txt"),
    "a hidden file": (".notes", ".notes"),
    "one of mkba's names with other content": ("ranking.csv", "ranking.csv (changed)"),
    "one of mkba's names as a folder": ("ranking.csv/inside.txt", "ranking.csv/inside.txt"),
    "an empty folder": ("empty/", "empty/"),
    "a link to the user's file": ("link.csv@", "link.csv"),
    "the manifest edited": (MANIFEST, "not an mkba output folder"),
}


def plant(out: Path, spec: str, outside: Path) -> None:
    """Put the user's entry ``spec`` into ``out``: 'dir/' a folder, 'name@' a link, else a file."""
    if spec.endswith("/"):
        (out / spec).mkdir()
    elif spec.endswith("@"):
        outside.write_text("the user's own")
        (out / spec[:-1]).symlink_to(outside)
    elif spec == MANIFEST:
        (out / spec).write_text('{"kind": "mine"}')
    else:
        target = out / spec
        for taken in (target, target.parent):  # a name of mkba's: the user's file or folder replaces it
            if taken.is_file():
                taken.unlink()
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("the user's own")


@pytest.mark.parametrize("where", list(PLANTS))
def test_a_users_file_anywhere_in_mkbas_folder_is_refused_and_survives(tmp_path, where):
    spec, named = PLANTS[where]
    out = write_folder(FILES, tmp_path / "out")
    plant(out, spec, tmp_path / "outside.txt")
    before = tree(tmp_path)
    with pytest.raises(MkbaError) as info:
        write_folder(NEWER, out)
    message = str(info.value)
    assert named in message and str(out) in message and "--out" in message, message
    assert tree(tmp_path) == before  # every byte, mkba's own files and manifest included


def test_a_second_run_replaces_mkbas_own_folder_and_leaves_nothing_beside(tmp_path):
    out = write_folder(FILES, tmp_path / "out")
    manifest = read_manifest(out)
    assert manifest is not None and manifest.kind == "run" and set(manifest.files) == set(FILES)
    (out / "report.xlsx").unlink()  # mkba's, deleted by the user: nothing of the user's is in it
    write_folder(NEWER, out)
    assert tree(out) == {**{n: c.encode() for n, c in NEWER.items() if isinstance(c, str)},
                         MANIFEST: (out / MANIFEST).read_bytes()}
    assert list(strangers(out)) == [] and hidden_beside(out) == []
    assert set(read_manifest(out).files) == set(NEWER)  # type: ignore[union-attr]


def test_the_manifest_has_the_same_bytes_every_time(tmp_path):
    a, b = write_folder(FILES, tmp_path / "a"), write_folder(dict(reversed(FILES.items())), tmp_path / "b")
    assert (a / MANIFEST).read_bytes() == (b / MANIFEST).read_bytes()
    text = (a / MANIFEST).read_text()
    assert str(tmp_path) not in text and "time" not in text


def test_a_refusal_shows_a_few_names_and_counts_the_rest(tmp_path):
    out = tmp_path / "full"
    out.mkdir()
    for k in range(12):
        (out / f"file{k:02d}.txt").write_text("x")
    with pytest.raises(MkbaError) as info:
        write_folder(FILES, out)
    message = str(info.value)
    assert "file00.txt, file01.txt, file02.txt, file03.txt, file04.txt and 7 more" in message
    assert "file05.txt" not in message


def test_an_empty_folder_is_used_and_a_file_as_out_is_refused(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    write_folder(FILES, empty)
    assert read_manifest(empty) is not None
    afile = tmp_path / "out.txt"
    afile.write_text("mine")
    with pytest.raises(MkbaError, match="is a file, not a folder"):
        write_folder(FILES, afile)
    assert afile.read_text() == "mine"


def test_run_and_batch_do_not_take_each_others_folders(tmp_path):
    run_out = write_folder(FILES, tmp_path / "run")
    with pytest.raises(MkbaError, match="holds the output of `mkba run`"):
        run_many([], out=run_out)  # refused before any cluster starts
    batch_out = tmp_path / "batch"
    batch_out.mkdir()
    write_manifest(batch_out, Manifest("batch", {}))
    with pytest.raises(MkbaError, match="holds the output of `mkba batch`"):
        write_folder(FILES, batch_out)
    assert read_manifest(run_out).kind == "run" and read_manifest(batch_out).kind == "batch"  # type: ignore[union-attr]


# -- hidden temporaries beside a run's folder ----------------------------------------------------

def test_a_users_hidden_names_like_mkbas_temporaries_are_never_touched(tmp_path):
    out = write_folder(FILES, tmp_path / "out")
    pid = dead_pid()
    mine = {f".out.tmp-{pid}/draft.docx": b"draft", f".out.old-{pid}/thesis": b"thesis",
            ".out.tmp-2": b"a file", f".out.old-{pid + 1}/results.json": b"{}"}
    for name, data in mine.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_bytes(data)
    before = {n: (tmp_path / n).read_bytes() for n in mine}
    write_folder(NEWER, out)
    shutil.rmtree(out)  # out missing: an .old- of mkba's would be put back, a user's must not be
    write_folder(NEWER, out)
    assert {n: (tmp_path / n).read_bytes() for n in mine} == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == sorted(
        {n.split("/")[0] for n in mine})


def test_mkbas_own_leftovers_of_a_dead_process_are_cleaned_or_put_back(tmp_path):
    out = tmp_path / "out"
    pid = dead_pid()
    old = write_folder(FILES, tmp_path / f".out.old-{pid}")  # the previous output, moved aside
    unfinished = write_folder(NEWER, tmp_path / f".out.tmp-{pid}")
    (unfinished / "ranking.csv").unlink()  # killed before its last file
    empty = tmp_path / f".out.tmp-{pid + 100000}"  # killed before its manifest was written
    empty.mkdir()
    w.recover(out)
    assert not old.exists() and not unfinished.exists() and not empty.exists()
    assert (out / "results.json").read_text() == FILES["results.json"]  # put back whole
    assert list(strangers(out)) == []


def test_a_users_folder_in_the_way_of_the_temporary_name_is_refused(tmp_path):
    out = tmp_path / "out"
    blocker = tmp_path / f".out.tmp-{os.getpid()}"
    blocker.mkdir()
    (blocker / "keep.txt").write_text("mine")
    with pytest.raises(MkbaError, match="in the way"):
        write_folder(FILES, out)
    assert (blocker / "keep.txt").read_text() == "mine" and not out.exists()


def test_a_symlinked_out_is_written_through_and_leaves_nothing_beside(tmp_path):
    target = tmp_path / "real"
    link = tmp_path / "link"
    link.symlink_to(target, target_is_directory=True)
    write_folder(FILES, link)
    write_folder(NEWER, link)
    assert link.is_symlink() and (link / "results.json").read_text() == NEWER["results.json"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link", "real"]
    user = tmp_path / "user"
    user.mkdir()
    (user / "a.txt").write_text("mine")
    link.unlink()
    link.symlink_to(user, target_is_directory=True)
    with pytest.raises(MkbaError, match="a.txt"):
        write_folder(FILES, link)
    assert tree(user) == {"a.txt": b"mine"}


def test_a_writer_that_moves_its_output_in_between_is_replaced_and_nothing_stays_beside(tmp_path, monkeypatch):
    """A forced race: just before this writer moves its folder in, another mkba moves its own in."""
    other = write_folder(NEWER, tmp_path / "other")
    out = write_folder(FILES, tmp_path / "out")
    real = Path.rename
    raced = []

    def rename(self, target):
        if ".out.tmp-" in self.name and not raced:
            raced.append(True)
            shutil.copytree(other, out)  # the other writer's complete output lands at out first
        return real(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    write_folder({"results.json": "{}\n"}, out)
    assert raced and (out / "results.json").read_text() == "{}\n"
    assert list(strangers(out)) == [] and hidden_beside(out) == []


def _race(out: str, k: int, rounds: int, errors) -> None:
    for r in range(rounds):
        try:
            write_folder({"results.json": f'{{"writer": {k}, "round": {r}}}\n', f"w{k}.csv": "x\n"}, out)
        except MkbaError as err:
            errors.put(str(err))


@pytest.mark.skipif(sys.platform == "win32", reason="fork")
def test_two_processes_writing_the_same_folder_leave_one_whole_output_and_no_leftovers(tmp_path):
    """A real race: two processes write the same --out 40 times each."""
    out = tmp_path / "out"
    ctx = multiprocessing.get_context("fork")
    errors = ctx.Queue()
    procs = [ctx.Process(target=_race, args=(str(out), k, 40, errors)) for k in (1, 2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=120)
    assert [p.exitcode for p in procs] == [0, 0]  # no traceback
    refused = []
    while not errors.empty():
        refused.append(errors.get())
    assert refused == []  # each replaced the other's output (a racing swap is retried, a racing read re-read)
    assert hidden_beside(out) == []
    assert list(strangers(out)) == [] and len(read_manifest(out).files) == 2  # type: ignore[union-attr]


# -- a batch's folder -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def batch_root(tmp_path_factory, mini_path_module, client1):
    """A complete batch folder (two variants, no reports: the ownership rules are the same)."""
    out = tmp_path_factory.mktemp("batch") / "out"
    batch = run_many([mini_path_module], out=out, vary=["method=topsis,vikor"], client=client1,
                     sensitivity=False, reports=False)
    assert batch.counts == {"done": 2}
    return out, [r["folder"] for r in batch.rows]


@pytest.fixture(scope="module")
def mini_path_module():
    return Path(__file__).resolve().parents[1] / "data" / "mini" / "scenario.yaml"


BATCH_PLANTS = {
    "summary.csv edited": ("summary.csv", "+", "summary.csv (changed)"),
    "comparison.md edited": ("comparison.md", "+", "comparison.md (changed)"),
    "a hidden draft like a temporary": (".draft.tmp-2", "new", ".draft.tmp-2"),
    "a hidden folder like a moved-aside output": (".thesis.old-1/thesis", "new", ".thesis.old-1/thesis"),
    "a folder of the user's": ("extra/notes.txt", "new", "extra/notes.txt"),
    "a file in a variant folder": ("{v}/notes.txt", "new", "{v}/notes.txt"),
    "a variant's results changed": ("{v}/results.json", "+", "{v}/results.json (changed)"),
    "a variant's manifest removed": ("{v}/" + MANIFEST, "rm", "{v}/appraisal.csv"),
}


@pytest.mark.parametrize("where", list(BATCH_PLANTS))
def test_a_users_file_anywhere_in_a_batch_folder_is_refused_and_survives(batch_root, mini_path_module, tmp_path,
                                                                        where):
    root, folders = batch_root
    out = tmp_path / "out"
    shutil.copytree(root, out, symlinks=True)
    spec, how, named = (s.replace("{v}", folders[0]) for s in BATCH_PLANTS[where])
    path = out / spec
    path.parent.mkdir(parents=True, exist_ok=True)
    if how == "+":
        path.write_bytes(path.read_bytes() + b"\nmy note")
    elif how == "rm":
        path.unlink()
    else:
        path.write_text("the user's own")
    before = tree(out)
    with pytest.raises(MkbaError) as info:
        run_many([mini_path_module], out=out, vary=["method=topsis,vikor"], sensitivity=False, reports=False)
    assert named in str(info.value) and "--out" in str(info.value), str(info.value)
    assert tree(out) == before


def test_a_non_empty_batch_folder_without_the_manifest_is_refused(mini_path, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "summary.csv").write_text("my own summary")
    (out / "comparison.md").write_text("my notes")
    with pytest.raises(MkbaError, match="comparison.md, summary.csv"):
        run_many([mini_path], out=out)
    assert tree(out) == {"summary.csv": b"my own summary", "comparison.md": b"my notes"}


def test_a_batch_folder_with_only_mkbas_files_passes_the_check(batch_root):
    root, folders = batch_root
    check_folder(root, "batch")  # no error
    assert read_manifest(root).kind == "batch"  # type: ignore[union-attr]
    assert set(read_manifest(root).files) >= {"summary.csv", "comparison.md", "comparison.html"}  # type: ignore[union-attr]
    assert all(read_manifest(root / f).kind == "run" for f in folders)  # type: ignore[union-attr]


def test_the_batch_summary_replaced_with_its_manifest_and_a_kill_between_leaves_it_accepted(tmp_path, monkeypatch):
    """The summary files are moved in one by one; a kill after the first leaves the root's manifest
    accepting the old and the new content, so the next run goes on."""
    out = tmp_path / "out"
    out.mkdir()
    write_manifest(out, Manifest("batch", {}))
    row = {"index": 0, "scenario": "x", "key": "x", "status": "invalid", "error": "bad", "folder": "", "input_hash": ""}
    _write_summary(Batch(out, (row,)), out)
    check_folder(out, "batch")
    calls = []
    real = os.replace

    def replace_then_die(src, dst):
        calls.append(dst)
        if len(calls) == 3:  # the extended manifest, then one file: "killed"
            raise KeyboardInterrupt
        return real(src, dst)

    monkeypatch.setattr(os, "replace", replace_then_die)
    with pytest.raises(KeyboardInterrupt):
        _write_summary(Batch(out, ({**row, "error": "worse"},)), out)
    monkeypatch.undo()
    check_folder(out, "batch")  # old and new content both accepted
    assert not [p for p in out.iterdir() if p.name.startswith(".summary")]


# -- write errors say what happened ----------------------------------------------------------------

ERRNOS = {
    "full disk": (errno.ENOSPC, "the disk is full"),
    "over quota": (errno.EDQUOT, "the disk is full"),
    "read-only file system": (errno.EROFS, "the file system is read-only"),
    "permission denied": (errno.EACCES, "permission denied"),
    "operation not permitted": (errno.EPERM, "permission denied"),
    "busy": (errno.EBUSY, "busy, open or locked by another program"),
    "a parent is a file": (errno.ENOTDIR, "not a folder"),
    "name too long": (errno.ENAMETOOLONG, "a name is too long"),
}


@pytest.mark.parametrize("case", list(ERRNOS))
def test_each_write_error_says_what_happened(tmp_path, monkeypatch, case):
    code, said = ERRNOS[case]
    real_open = open

    def failing(path, mode="r", *a, **kw):
        if "w" in mode:
            raise OSError(code, os.strerror(code), str(path))
        return real_open(path, mode, *a, **kw)

    monkeypatch.setattr(w, "open", failing, raising=False)
    out = tmp_path / "out"
    with pytest.raises(MkbaError) as info:
        write_folder(FILES, out)
    message = str(info.value)
    assert said in message and str(out) in message and "nothing was written" in message, message
    assert ("free some space" in message) == (code in (errno.ENOSPC, errno.EDQUOT))
    assert not out.exists() and hidden_beside(out) == []


def test_a_file_as_a_parent_is_named(tmp_path):
    parent = tmp_path / "report.docx"
    parent.write_text("a file")
    with pytest.raises(MkbaError) as info:
        write_folder(FILES, parent / "sub" / "out")
    assert f"{parent} is a file, not a folder" in str(info.value), str(info.value)
    assert parent.read_text() == "a file"


@pytest.fixture
def mounted(tmp_path, reliability_log):
    """mount(options, folder): a small tmpfs at ``folder``, unmounted afterwards; skipped (noted in
    the reliability log) where the machine does not allow mounting."""
    done = []

    def mount(options: str, folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True,
                                text=True)
        if result.returncode != 0:
            reliability_log["notes"].append(f"write errors: a real tmpfs ({options}) NOT mounted; the patched "
                                            "errno tests ran")
            pytest.skip(f"cannot mount a tmpfs here: {result.stderr.strip() or result.returncode}")
        done.append(folder)
        return folder

    yield mount
    for folder in reversed(done):
        subprocess.run(["umount", str(folder)], capture_output=True)


def test_a_real_read_only_file_system(tmp_path, mounted):
    disk = mounted("size=64k,ro", tmp_path / "ro")
    with pytest.raises(MkbaError, match="the file system is read-only"):
        write_folder(FILES, disk / "out")


def test_a_real_busy_folder_a_mount_point_cannot_be_moved_aside(tmp_path, mounted):
    out = mounted("size=256k", tmp_path / "out")
    made = write_folder(FILES, tmp_path / "made")
    for p in made.iterdir():
        shutil.copy(p, out / p.name)  # mkba's own output, but the folder is a mount point
    with pytest.raises(MkbaError) as info:
        write_folder(NEWER, out)
    assert "busy" in str(info.value) and str(out) in str(info.value), str(info.value)
    assert tree(out) == tree(made)  # untouched
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.")]


def test_a_real_folder_one_may_not_write_to(tmp_path):
    """An immutable folder (root ignores permission bits, not chattr +i) or, for another user, read-only bits."""
    locked = tmp_path / "locked"
    locked.mkdir()
    if os.geteuid() == 0:
        result = subprocess.run(["chattr", "+i", str(locked)], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr  # ext4 and tmpfs support it
    else:
        locked.chmod(0o500)
    try:
        with pytest.raises(MkbaError, match="permission denied") as info:
            write_folder(FILES, locked / "out")
        assert str(locked / "out") in str(info.value)
    finally:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(locked)], capture_output=True)
        else:
            locked.chmod(0o700)
    assert list(locked.iterdir()) == []


def test_a_batch_summary_on_a_full_disk_names_the_folder(tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    out.mkdir()
    write_manifest(out, Manifest("batch", {}))
    row = {"index": 0, "scenario": "x", "key": "x", "status": "invalid", "error": "bad", "folder": "", "input_hash": ""}

    def full(self, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))

    monkeypatch.setattr(Path, "write_bytes", full)
    with pytest.raises(MkbaError) as info:
        _write_summary(Batch(out, (row,)), out)
    message = str(info.value)
    assert f"could not write the batch summary to {out}: the disk is full" in message, message
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST]


def test_a_batch_into_a_file_or_below_one_is_refused_naming_the_file(tmp_path):
    afile = tmp_path / "notes.txt"
    afile.write_text("mine")
    with pytest.raises(MkbaError, match="notes.txt is a file, not a folder"):
        run_many([], out=afile)
    with pytest.raises(MkbaError, match="could not write the batch to .*notes.txt is a file, not a folder"):
        run_many([], out=afile / "sub")
    assert afile.read_text() == "mine"


NAMES = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789_-.", min_size=1, max_size=12).filter(
    lambda n: n not in (".", "..", MANIFEST) and not n.startswith("."))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files=st.dictionaries(NAMES, st.binary(max_size=64), min_size=1, max_size=6), extra=NAMES,
       data=st.binary(max_size=16))
def test_any_output_is_mkbas_and_any_file_added_to_it_is_named(tmp_path_factory, files, extra, data):
    """For any set of files: the manifest lists exactly them, the folder holds nothing else, a rewrite
    is allowed; any file added (or any of them changed) is named in the refusal and kept."""
    out = write_folder(dict(files), tmp_path_factory.mktemp("prop") / "out")
    manifest = read_manifest(out)
    assert manifest is not None and set(manifest.files) == set(files) and list(strangers(out)) == []
    write_folder(dict(files), out)
    target = out / extra
    changed = extra in files and files[extra] != data
    target.write_bytes(data)
    if extra in files and not changed:
        write_folder(dict(files), out)  # the same content: still mkba's own file
        return
    with pytest.raises(MkbaError) as info:
        write_folder(dict(files), out)
    assert (f"{extra} (changed)" if changed else extra) in str(info.value)
    assert target.read_bytes() == data


def test_a_manifest_update_cut_short_is_cleaned_up_and_the_batch_goes_on(tmp_path):
    """A kill while the batch root's manifest is replaced leaves .mkba-manifest.json.tmp-PID, whole or
    cut short: the next batch removes it (a user's file of another name stays, and is refused)."""
    from mkba.batch.run import clean_temporaries

    out = tmp_path / "out"
    out.mkdir()
    write_manifest(out, Manifest("batch", {}))
    (out / f"{MANIFEST}.tmp-{dead_pid()}").write_text('{"kind": "ba')  # cut short
    (out / f"{MANIFEST}.tmp-{dead_pid()}").write_text(Manifest("batch", {}).text())  # whole
    (out / ".notes.tmp-3").write_text("mine")
    clean_temporaries(out)
    assert sorted(p.name for p in out.iterdir()) == [".mkba-manifest.json", ".notes.tmp-3"]
    with pytest.raises(MkbaError, match=r"\.notes\.tmp-3"):
        check_folder(out, "batch")


def test_a_folder_moved_away_between_two_looks_is_not_called_a_file(tmp_path, monkeypatch):
    """The real race above once failed with 'out is a file, not a folder': the check asked exists()
    (True) and then is_dir() (False, another mkba had just moved the folder aside). One stat now."""
    from mkba.writers import check_folder

    out = tmp_path / "out"
    monkeypatch.setattr(Path, "exists", lambda self: True)  # the first look saw the folder ...
    check_folder(out)  # ... which is gone by the next: a missing folder, nothing to refuse
    monkeypatch.undo()
    out.write_text("a file")
    with pytest.raises(MkbaError, match="is a file, not a folder"):
        check_folder(out)
