"""Every Python block of README.md and docs/*.md runs as written (issue 15), from a fresh folder
that sees the repository's bundled scenarios at ``scenarios/``, as a user in a clone would."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]  # docs/tutorials/ too
BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def blocks() -> list[tuple[str, str]]:
    found = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        for i, match in enumerate(BLOCK.finditer(text), start=1):
            line = text[:match.start()].count("\n") + 1
            found.append((f"{doc.relative_to(ROOT).as_posix()}:{line}", match.group(1)))
    return found


BLOCKS = blocks()


def test_the_readme_has_python_examples():
    assert any(name.startswith("README.md") for name, _ in BLOCKS)


def test_every_tutorial_runs_here_and_is_linked_from_the_readme():
    """Each page of docs/tutorials/ has Python that the test below runs, and the README links it."""
    tutorials = sorted((ROOT / "docs" / "tutorials").glob("*.md"))
    assert len(tutorials) >= 6
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for page in tutorials:
        name = page.relative_to(ROOT).as_posix()
        assert any(block.startswith(f"{name}:") for block, _ in BLOCKS), name
        assert f"]({name})" in readme, f"README.md does not link {name}"


@pytest.mark.slow
@pytest.mark.parametrize("code", [c for _, c in BLOCKS], ids=[n for n, _ in BLOCKS])
def test_python_block_runs(code, tmp_path):
    (tmp_path / "scenarios").symlink_to(ROOT / "scenarios", target_is_directory=True)
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "" and done.stderr == ""  # the examples print nothing; the library neither
    if "write_run(" in code:  # the README promises the reports, like the CLI's
        out = tmp_path / "out"
        assert {"results.json", "report.html", "report.md", "report.xlsx"} <= {p.name for p in out.iterdir()}
