"""A library imported by other tools never writes to stdout or stderr (issue 15): not the solver's
banner, not a progress line. Only the CLI's own output and the ``warnings`` module speak."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = sorted(p.relative_to(ROOT / "scenarios").as_posix() for p in (ROOT / "scenarios").glob("*/scenario*.yaml"))


def test_every_bundled_scenario_is_found():
    assert len(BUNDLED) == 8 and "kraaihoek/scenario.yaml" in BUNDLED


@pytest.mark.slow
@pytest.mark.parametrize("scenario", BUNDLED)
def test_mkba_run_quiet_prints_nothing(scenario, tmp_path):
    """A fresh process each time: highspy 1.16 prints its banner at the first ``Highs()`` of a process."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHONWARNINGS")}
    done = subprocess.run([sys.executable, "-m", "mkba", "run", str(ROOT / "scenarios" / scenario),
                           "--out", str(tmp_path / "out"), "--quiet"],
                          capture_output=True, text=True, cwd=tmp_path, env=env, timeout=600)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "" and done.stderr == ""
    assert (tmp_path / "out" / "report.html").exists()


@pytest.mark.slow
def test_the_public_api_prints_nothing_even_at_the_first_solver_of_a_process(tmp_path):
    """In a fresh interpreter (the banner comes once per process) under the C-level file descriptors:
    reading, running with a portfolio and the sensitivity analysis, writing, and a bare portfolio."""
    code = f"""
import mkba
from mkba import portfolio as pf
problem = pf.PortfolioProblem.from_arrays([5.0, 4.0, 3.0], [4.0, 3.0, 3.0], 7.0, ids=["a", "b", "c"], exclusive=[["a", "b"]])
assert pf.select(problem).selected == ("a", "c")
run = mkba.run(mkba.read_scenario({str(ROOT / "scenarios" / "kraaihoek" / "scenario.yaml")!r}), samples=100)
assert run.portfolio is not None and run.sensitivity is not None
mkba.write_run(run, {str(tmp_path / "out")!r})
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=600)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "" and done.stderr == ""


def test_a_solver_session_prints_nothing_under_capfd(capfd):
    """The same within this process, as a tool embedding mkba sees it (capfd reads file descriptors 1, 2)."""
    import numpy as np

    from mkba.portfolio import PortfolioProblem, select
    from mkba.portfolio.backends import quiet_highs

    print("before")  # the caller's own buffered output survives the redirect around construction
    quiet_highs()
    res = select(PortfolioProblem.from_arrays(np.arange(1.0, 9.0), np.ones(8), 3.0), solver="highs")
    assert res.status == "optimal" and len(res.selected) == 3
    out, err = capfd.readouterr()
    assert out == "before\n" and err == ""
