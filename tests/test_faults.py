"""Faults lose nothing: kill -9 while results are written, a full disk, a solver time limit.

The kill tests run ``mkba run`` in a child process that sends itself SIGKILL at a chosen moment
of the write (after the k-th file is flushed, or between moving the old output aside and the new
one in), so every dangerous moment is hit deterministically. Afterwards the output folder is
either the previous complete output or absent, never half written, and a re-run completes and
leaves no hidden leftovers.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from mkba.cli import main
from mkba.io.writers import RESULT_FILES

ROOT = Path(__file__).resolve().parents[1]

CHILD = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    import mkba.io.writers as w
    mode, k = sys.argv[1], int(sys.argv[2])
    calls = {"n": 0}
    def die():
        calls["n"] += 1
        if calls["n"] == k:
            os.kill(os.getpid(), signal.SIGKILL)
    if mode == "fsync":
        real = os.fsync
        def fsync(fd):
            real(fd)
            die()
        w.os.fsync = fsync
    else:
        real_rename = Path.rename
        def rename(self, target):
            result = real_rename(self, target)
            die()
            return result
        Path.rename = rename
    from mkba.cli import main
    sys.exit(main(sys.argv[3:]))
""")


def complete(out: Path) -> bool:
    return all((out / f).is_file() for f in RESULT_FILES) and bool(json.loads((out / "results.json").read_text()))


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


@pytest.mark.parametrize("mode,k", [("fsync", 1), ("fsync", 4), ("rename", 1)])
@pytest.mark.parametrize("previous", [False, True])
def test_kill_9_while_writing_leaves_the_old_output_or_none(mini_path, tmp_path, mode, k, previous):
    out = tmp_path / "out"
    args = ["run", str(mini_path), "--out", str(out), "--quiet", "--no-sensitivity", "--no-report"]
    if previous:
        assert main(args) == 0
        before = {p.name: p.read_bytes() for p in out.iterdir()}
    child = subprocess.run([sys.executable, "-c", CHILD, mode, str(k), *args], cwd=ROOT, capture_output=True,
                           timeout=300)
    assert child.returncode == -9, child.stderr.decode()[-2000:]  # it really died mid-write
    if mode == "rename" and previous:
        assert not out.exists()  # killed between the renames: the old output waits aside ...
    elif mode == "rename":
        assert complete(out)  # killed just after the new output moved in: it is whole
    elif previous:
        assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # ... or is untouched
    else:
        assert not out.exists()
    assert main(args) == 0  # a re-run recovers and completes
    assert complete(out) and leftovers(out) == []


def test_full_disk_gives_a_clear_error_and_no_output(mini_path, tmp_path, capsys):
    disk = tmp_path / "tiny"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24k", "tmpfs", str(disk)],
                             capture_output=True).returncode == 0
    try:
        if not mounted:  # no permission to mount: fill the disk by making every write fail alike
            import errno

            import mkba.io.writers as w

            real_open = open

            def full(path, mode="r", *a, **kw):
                if "w" in mode and str(disk) in str(path):
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
                return real_open(path, mode, *a, **kw)

            w.open = full  # module-level name lookup in write_folder
        out = disk / "out"
        code = main(["run", str(mini_path), "--out", str(out), "--quiet", "--no-sensitivity"])
        err = capsys.readouterr().err
        assert code == 1, err  # a failure of the machine, not of the input (that is 2)
        assert "No space left on device" in err and str(out) in err and "Traceback" not in err
        assert not out.exists() and leftovers(out) == []
    finally:
        if mounted:
            subprocess.run(["umount", str(disk)], capture_output=True)
        else:
            import mkba.io.writers as w

            if hasattr(w, "open"):
                del w.open
