"""The `mkba` command: exit codes, messages without tracebacks, files on disk."""

from __future__ import annotations

import subprocess
import sys

from mkba.cli import main


def test_validate_ok(mini_path, capsys):
    assert main(["validate", str(mini_path)]) == 0
    assert "4 measures" in capsys.readouterr().out


def test_validate_bad_input_exit_2_lists_issues_no_traceback(mini_dir, capsys):
    csv = mini_dir / "measures.csv"
    csv.write_text(csv.read_text().replace("corporation:1,", "corporatoin:1,").replace(",1000,10,", ",-1000,10,"))
    assert main(["validate", str(mini_dir / "scenario.yaml")]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "row 4, field 'payer'" in err and "did you mean 'corporation'" in err
    assert "row 2, field 'investment'" in err


def test_run_writes_results_and_prints_table(mini_path, tmp_path, capsys):
    assert main(["run", str(mini_path), "--out", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert "rank" in out and "M1" in out
    assert (tmp_path / "out" / "results.json").is_file()


def test_missing_file_is_bad_input(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nope.yaml")]) == 2
    assert "not found" in capsys.readouterr().err


def test_console_script_runs_as_module(mini_path):
    done = subprocess.run([sys.executable, "-m", "mkba", "validate", str(mini_path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_yaml_issues_say_line_and_tables_say_row(mini_dir, capsys):
    p = mini_dir / "scenario.yaml"
    p.write_text(p.read_text().replace("method: {name: topsis}", "method: {name: topsys}"))
    assert main(["validate", str(p)]) == 2
    err = capsys.readouterr().err
    assert "scenario.yaml, line 5, field 'method.name'" in err and "did you mean 'topsis'" in err
