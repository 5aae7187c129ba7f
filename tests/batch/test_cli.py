"""`mkba batch` on the command line: an existing cluster (--scheduler, MKBA_SCHEDULER), the sweep
file, the progress output (plain lines off a terminal, rich on one)."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from mkba.batch import SCHEDULER_ENV
from mkba.batch.run import local_cluster
from mkba.cli import main

distributed = pytest.importorskip("distributed", reason="dask.distributed is a declared dependency")


@pytest.fixture(scope="module")
def scheduler():
    """The address of a LocalCluster on loopback (two worker processes)."""
    with local_cluster(2) as cluster:
        yield cluster.scheduler_address


def variant_files(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


ARGS = ["--vary", "method=topsis,vikor", "--vary", "discount=nl-2021,0.03", "--seed", "4"]


@pytest.mark.slow
def test_scheduler_flag_and_environment_give_the_embedded_runs_bytes(mini_path, tmp_path, scheduler, monkeypatch,
                                                                      capsys):
    monkeypatch.delenv(SCHEDULER_ENV, raising=False)
    assert main(["batch", str(mini_path), "--out", str(tmp_path / "embedded"), "--workers", "1", *ARGS]) == 0
    embedded = capsys.readouterr()
    assert "using the Dask scheduler" not in embedded.err
    assert main(["batch", str(mini_path), "--out", str(tmp_path / "flag"), "--scheduler", scheduler, *ARGS]) == 0
    capsys.readouterr()
    monkeypatch.setenv(SCHEDULER_ENV, scheduler)
    assert main(["batch", str(mini_path), "--out", str(tmp_path / "env"), *ARGS]) == 0
    env = capsys.readouterr()
    assert f"using the Dask scheduler at {scheduler} ({SCHEDULER_ENV})" in env.err
    assert "4 variants: 4 done" in env.out
    reference = variant_files(tmp_path / "embedded")
    assert len([k for k in reference if k.endswith("results.json")]) == 4
    assert variant_files(tmp_path / "flag") == reference
    assert variant_files(tmp_path / "env") == reference


def test_plain_progress_lines_when_not_a_terminal(mini_path, tmp_path, scheduler, capsys):
    assert not sys.stderr.isatty()
    assert main(["batch", str(mini_path), "--out", str(tmp_path), "--scheduler", scheduler, "--no-sensitivity",
                 "--vary", "method=topsis,vikor"]) == 0
    lines = [line for line in capsys.readouterr().err.splitlines() if line.startswith("[")]
    assert sorted(lines) == ["[1/2] done: mini[method=topsis]", "[2/2] done: mini[method=vikor]"] or \
        sorted(lines) == ["[1/2] done: mini[method=vikor]", "[2/2] done: mini[method=topsis]"]
    assert "\x1b[" not in "".join(lines)  # no terminal codes
    # a second run: every variant is skipped, still one line each
    assert main(["batch", str(mini_path), "--out", str(tmp_path), "--scheduler", scheduler, "--no-sensitivity",
                 "--vary", "method=topsis,vikor"]) == 0
    out = capsys.readouterr()
    assert "[2/2] skipped: mini[method=" in out.err and "2 variants: 2 skipped" in out.out


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_rich_progress_keeps_the_brackets_of_a_variant_key(monkeypatch):
    """rich reads [method=vikor] as markup and would print 'done: mini'."""
    from mkba.cli import _progress_reporter

    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    report, close = _progress_reporter()
    report(1, 2, {"status": "done", "key": "mini[method=topsis]"})
    report(2, 2, {"status": "done", "key": "mini[method=vikor]"})
    close()
    assert "done: mini[method=vikor]" in terminal.getvalue()


def test_sweep_file_with_vary_flags(mini_path, tmp_path, scheduler, capsys):
    sweep = tmp_path / "sweep.yaml"
    sweep.write_text("# methods and budgets\nmethod: [topsis, vikor, wsm]\nbudget: 1e6:4e6:2\n")
    out = tmp_path / "out"
    assert main(["batch", str(mini_path), "--out", str(out), "--sweep", str(sweep), "--vary",
                 "stakeholders.residents.influence=0.5,2", "--scheduler", scheduler, "--no-sensitivity"]) == 0
    captured = capsys.readouterr()
    assert "12 variants: 12 done" in captured.out
    assert "mini[method=wsm,budget=4000000.0,stakeholders.residents.influence=2]" in captured.err
    summary = (out / "summary.csv").read_text()
    assert summary.count("\n") == 13
    comparison = (out / "comparison.md").read_text()
    assert "where methods disagree" in comparison
    assert "over the 4 combinations of budget and influence of Residents" in comparison


@pytest.mark.parametrize(("text", "extra", "expected"), [
    ("methd: [topsis, vikor]\n", [], ["field 'methd'", "cannot vary", "did you mean 'method'"]),
    ("budget: 1e6:5e6\n", [], ["field 'budget'", "not a valid range", "START:STOP:COUNT"]),
    ("budget: 1e6:5e6:0\n", [], ["field 'budget'", "not a valid range"]),
    ("[method, budget]\n", [], ["must be a non-empty mapping, not list"]),
    ("", [], ["must be a non-empty mapping, not an empty file"]),
    ("method: [topsis\nbudget: 1\n", [], ["not valid YAML"]),
    ("method: [topsis, vikor]\n", ["--vary", "method=wsm"],
     ["field 'method'", "varied both in the sweep file", "and by --vary"]),
    (None, [], ["sweep file not found"]),
])
def test_sweep_errors_exit_2_name_file_and_key_without_traceback(mini_path, tmp_path, capsys, text, extra,
                                                                  expected):
    sweep = tmp_path / "sweep.yaml"
    if text is not None:
        sweep.write_text(text)
    code = main(["batch", str(mini_path), "--out", str(tmp_path / "out"), "--sweep", str(sweep), *extra])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "Traceback" not in err
    assert str(sweep) in err
    for part in expected:
        assert part in err, err
    assert not (tmp_path / "out" / "summary.csv").exists()


def test_bad_vary_flags_exit_2(mini_path, tmp_path, capsys):
    assert main(["batch", str(mini_path), "--out", str(tmp_path), "--vary", "methd=topsis"]) == 2
    assert "did you mean 'method'" in capsys.readouterr().err
    assert main(["batch", str(mini_path), "--out", str(tmp_path), "--vary", "method=topsis",
                 "--vary", "method=vikor"]) == 2
    assert "'method' is varied twice in --vary" in capsys.readouterr().err
    assert main(["batch", str(mini_path), "--out", str(tmp_path), "--vary", "budget=1e6:2e6"]) == 2
    assert "not a valid range" in capsys.readouterr().err
