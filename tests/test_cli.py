"""The `mkba` command: exit codes, messages without tracebacks, files on disk."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from mkba.cli import main
from mkba.writers import MANIFEST, read_manifest, strangers


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


def test_survey_and_collect_commands_round_trip(mini_path, tmp_path, capsys):
    """`mkba survey` writes forms; filled in (ranking), `mkba collect` writes a new scenario that loads."""
    from openpyxl import load_workbook

    import mkba

    folder = tmp_path / "mini"
    import shutil

    shutil.copytree(mini_path.parent, folder)
    scenario = folder / "scenario.yaml"
    assert main(["survey", str(scenario), "--out", str(tmp_path / "forms"), "--kind", "ranking", "--lang", "en"]) == 0
    form = tmp_path / "forms" / "residents.xlsx"
    assert form.is_file() and (tmp_path / "forms" / "residents.html").is_file()
    assert main(["collect", str(scenario), str(form)]) == 2  # an empty form: located errors, exit 2
    err = capsys.readouterr().err
    assert "residents.xlsx, sheet" in err and "required answer missing" in err
    book = load_workbook(form)
    sheet = book["Questions"]
    order = {"liveability": 1, "npv": 2, "nuisance": 3}
    filled = 0
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value in order and cell.column == 6:  # the code column
                sheet.cell(row=cell.row, column=5, value=order[cell.value])
                filled += 1
    assert filled == 3
    book.save(form)
    out = tmp_path / "mini" / "collected.yaml"
    assert main(["collect", str(scenario), str(form), "--out", str(out)]) == 0, capsys.readouterr().err
    collected = mkba.read_scenario(out)
    residents = next(s for s in collected.stakeholders if s.id == "residents")
    assert residents.survey["kind"] == "ranking" and residents.survey["respondents"] == 1
    run = mkba.run(out)
    w = dict(zip(run.weights.criteria, run.weights.values[run.weights.stakeholders.index("residents")]))
    assert w["liveability"] > w["npv"] > w["nuisance"]


def test_report_command_writes_only_the_markdown_in_english(mini_dir, tmp_path, capsys):
    """`mkba report OUT --format md --lang en` re-renders from results.json: report.md only, in English,
    also for a Dutch scenario."""
    scenario = mini_dir / "scenario.yaml"
    scenario.write_text(scenario.read_text().replace("language: en", "language: nl"))
    out = tmp_path / "out"
    assert main(["run", str(scenario), "--out", str(out), "--no-report", "--no-sensitivity", "--quiet"]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert not any(name.startswith("report.") for name in before)
    capsys.readouterr()
    assert main(["report", str(out), "--format", "md", "--lang", "en"]) == 0
    assert "report.md" in capsys.readouterr().out
    after = {p.name: p.read_bytes() for p in out.iterdir()}
    assert sorted(after) == sorted([*before, "report.md"])  # no report.html, no report.xlsx
    assert all(after[name] == data for name, data in before.items() if name != MANIFEST)  # results untouched
    assert list(strangers(out)) == [] and "report.md" in read_manifest(out).files  # still mkba's folder
    md = after["report.md"].decode("utf-8")
    assert md.startswith("# Mini wijk\n")
    assert "## Decision proposal" in md and "## Summary" in md and "## Appendix: every measure" in md
    assert "## Besluitvoorstel" not in md and "## Samenvatting" not in md
    assert main(["report", str(out), "--format", "md"]) == 0  # without --lang: the scenario's language
    assert "## Samenvatting" in (out / "report.md").read_text(encoding="utf-8")
    (out / "report.md").write_text("my edits")  # a report the user changed is not overwritten (issue 18)
    assert main(["report", str(out), "--format", "md"]) == 1
    assert "report.md" in capsys.readouterr().err and (out / "report.md").read_text() == "my edits"


import pytest  # noqa: E402


@pytest.mark.parametrize("argv, words", [
    (["--samples", "0"], "too small (got 0)"),
    (["--samples", "-5"], "too small (got -5)"),
    (["--samples", "99999999999"], "too large (got 99,999,999,999)"),
    (["--samples", "1e4"], "not a whole number"),
    (["--samples", "1" * 5000], "not a whole number"),
    (["--samples", "1²"], "not a whole number"),  # str.isdigit() is True for '²', int() refuses it (found by the fuzz)
    (["--samples", "٣٠٠"], "not a whole number"),  # Arabic-Indic digits: int() would read 300
    (["--samples", "+-500"], "not a whole number"),
    (["--seed", "-1"], "too small (got -1)"),
    (["--seed", str(2**64)], "too large"),
    (["--budget", "nan"], "not a finite number"),
    (["--time-limit", "0"], "seconds > 0"),
])
def test_numeric_options_are_bounded_with_a_clear_message(mini_path, tmp_path, capsys, argv, words):
    with pytest.raises(SystemExit) as stop:
        main(["run", str(mini_path), "--out", str(tmp_path / "out"), *argv])
    err = capsys.readouterr().err
    assert stop.value.code == 2 and words in err and f"argument {argv[0]}" in err and "Traceback" not in err
    assert "100 to 10,000,000" in err or argv[0] != "--samples"
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("command", [["batch", "x.yaml", "--out", "o", "--workers", "0"],
                                     ["survey", "x.yaml", "--out", "o", "--respondents", "0"]])
def test_counts_of_workers_and_forms_start_at_one(command, capsys):
    with pytest.raises(SystemExit) as stop:
        main(command)
    assert stop.value.code == 2 and "too small (got 0)" in capsys.readouterr().err



def test_the_portfolio_lines_say_which_rule_the_simple_package_breaks(tmp_path, capsys):
    """Landlust's simple package (value per euro until the money is out) breaks 'at least 2
    sustainability measures': the CLI says so instead of calling its higher value '-7% less' (issue 16),
    and names the objective in words, not 'value+npv'."""
    scenario = Path(__file__).parents[1] / "scenarios" / "landlust-westerkwartier" / "scenario.yaml"
    assert main(["run", str(scenario), "--out", str(tmp_path / "out"), "--no-report", "--no-sensitivity"]) == 0
    out = capsys.readouterr().out
    simple = next(line for line in out.splitlines() if line.startswith("funding by value per euro"))
    assert "but it breaks theme duurzaamheid" in simple and "fewer than 2" in simple and "less" not in simple
    assert "value (MAVT) including NPV" in out and "value+npv" not in out
