"""`mkba validate` / `read_scenario`: every problem found in one pass, each located.

Each test breaks the small scenario in tests/data/mini in one way and checks that the issue
names the file, sheet, row (as the spreadsheet or editor shows it), field, the bad value,
what is valid and, for typos, the closest valid name.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mkba.errors import ScenarioError
from mkba.stages.check import check_scenario, read_scenario  # what `mkba validate` runs: the file, then the dry run


def edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def issues_of(folder: Path, severity: str = "error"):
    scenario, issues = check_scenario(folder / "scenario.yaml")
    found = [i for i in issues if i.severity == severity]
    if severity == "error":
        assert scenario is None and found, "expected the scenario to be rejected"
    return found


def one(issues, **match):
    hits = [i for i in issues if all(
        (str(v) in str(getattr(i, k))) if k in ("message", "file", "expected") else getattr(i, k) == v
        for k, v in match.items())]
    assert hits, f"no issue matching {match} in:\n" + "\n".join(map(str, issues))
    return hits[0]


def test_clean_scenario_has_no_errors(mini_path):
    scenario, issues = check_scenario(mini_path)
    assert scenario is not None
    assert [i for i in issues if i.severity == "error"] == []
    assert len(scenario.measures) == 4 and scenario.matrix_criteria == ("npv", "liveability", "nuisance")


def test_unknown_column_suggests_closest_and_missing_is_named(mini_dir):
    edit(mini_dir, "measures.csv", "running_cost", "runing_cost")
    issues = issues_of(mini_dir)
    i = one(issues, message="unknown column", row=1, field="runing_cost")
    assert i.suggestion == "running_cost" and i.file.endswith("measures.csv")
    # the missing column is named in the same issue: one misspelt header is one problem, not two
    assert "'running_cost' is missing" in i.message and len(issues) == 1


def test_missing_column_without_a_typo_is_named(mini_dir):
    import csv

    with open(mini_dir / "measures.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    col = rows[0].index("running_cost")
    with open(mini_dir / "measures.csv", "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows([r[:col] + r[col + 1:] for r in rows])
    issues = issues_of(mini_dir)
    one(issues, message="missing column", row=1, field="running_cost")
    assert len(issues) == 1, issues


def test_missing_criterion_column(mini_dir):
    edit(mini_dir, "measures.csv", ",nuisance\n", "\n")
    one(issues_of(mini_dir), message="missing criterion column", field="nuisance")


def test_non_numeric_money_is_located_with_valid_form(mini_dir):
    edit(mini_dir, "measures.csv", "M1,Insulation,energy,2026,1000,", 'M1,Insulation,energy,2026,"1.000,-",')
    i = one(issues_of(mini_dir), message="not a number", row=2, field="investment")
    assert i.value == "1.000,-" and "plain number" in i.expected


def test_negative_money(mini_dir):
    edit(mini_dir, "measures.csv", "2027:300;2028:200,0,20", "2027:300;2028:200,-5,20")
    one(issues_of(mini_dir), message="negative amount", row=3, field="running_cost")


@pytest.mark.parametrize("bad", ["nan", "inf", "-Infinity"])
def test_nan_and_inf_are_rejected(mini_dir, bad):
    edit(mini_dir, "measures.csv", "1|1.5|3,1,0,0", f"{bad},1,0,0")
    one(issues_of(mini_dir), message="finite", row=4, field="co2")


@pytest.mark.parametrize("bad", ["1e308", "2e15", "-1e16"])
def test_numbers_too_large_to_appraise_are_rejected(mini_dir, bad):
    """Found by tests/reliability/test_fuzz_loader.py: 1e308 passed validation and overflowed the present values."""
    edit(mini_dir, "measures.csv", "1|1.5|3,1,0,0", f"{bad},1,0,0")
    i = one(issues_of(mini_dir), message="too large", row=4, field="co2")
    assert "1e+15" in i.expected


def test_duplicate_measure_id_points_at_second_row(mini_dir):
    edit(mini_dir, "measures.csv", "M3,Heat", "M2,Heat")
    one(issues_of(mini_dir), message="duplicate measure id", row=4, field="id")


def test_unknown_payer_suggests_stakeholder(mini_dir):
    edit(mini_dir, "measures.csv", "corporation:1,", "corporatoin:1,")
    i = one(issues_of(mini_dir), message="unknown payer id", row=4, field="payer")
    assert i.suggestion == "corporation"


def test_shares_must_sum_to_one(mini_dir):
    edit(mini_dir, "measures.csv", "corporation:0.5;municipality:0.5", "corporation:0.5;municipality:0.4")
    one(issues_of(mini_dir), message="sum to 0.9", row=2, field="payer")


def test_unknown_criterion_in_weights_suggests(mini_dir):
    edit(mini_dir, "scenario.yaml", "liveability: 0.3, nuisance: 0.2}}", "livability: 0.3, nuisance: 0.2}}")
    issues = issues_of(mini_dir)
    i = one(issues, message="unknown criterion", field="stakeholders.municipality.weights")
    assert i.suggestion == "liveability" and i.row == 14
    # the typo names the criterion it was meant to be; it is not reported again as missing
    assert len(issues) == 1, issues


def test_criterion_left_out_of_weights_is_missing(mini_dir):
    edit(mini_dir, "scenario.yaml", "{npv: 0.5, liveability: 0.3, nuisance: 0.2}", "{npv: 0.5, nuisance: 0.2}")
    i = one(issues_of(mini_dir), message="criteria missing", field="stakeholders.municipality.weights")
    assert i.value == ["liveability"]


def test_monetised_criterion_cannot_be_weighted(mini_dir):
    edit(mini_dir, "scenario.yaml", "{npv: 0.5, liveability", "{co2: 0.5, liveability")
    i = one(issues_of(mini_dir), message="monetised", field="stakeholders.municipality.weights")
    assert "npv" in i.expected


def test_negative_and_all_zero_weights(mini_dir):
    edit(mini_dir, "scenario.yaml", "{npv: 0.5, liveability: 0.3, nuisance: 0.2}", "{npv: -0.5, liveability: 0.3, nuisance: 0.2}")
    one(issues_of(mini_dir), message="negative weight", field="stakeholders.municipality.weights.npv")


def test_all_zero_weights(mini_dir):
    edit(mini_dir, "scenario.yaml", "{npv: 0.5, liveability: 0.3, nuisance: 0.2}", "{npv: 0, liveability: 0, nuisance: 0}")
    one(issues_of(mini_dir), message="all weights are zero")


def test_weights_not_summing_to_one_warn_and_normalise(mini_dir):
    edit(mini_dir, "scenario.yaml", "{npv: 0.5, liveability: 0.3, nuisance: 0.2}", "{npv: 5, liveability: 3, nuisance: 2}")
    scenario, issues = check_scenario(mini_dir / "scenario.yaml")
    assert scenario is not None
    one([i for i in issues if i.severity == "warning"], message="sum to 10", field="stakeholders.municipality.weights")


def test_ahp_not_square(mini_dir):
    edit(mini_dir, "scenario.yaml", "        - [2, 1, 5]\n", "        - [2, 1]\n")
    one(issues_of(mini_dir), message="square", field="stakeholders.corporation.ahp")


def test_ahp_not_reciprocal_and_not_positive(mini_dir):
    edit(mini_dir, "scenario.yaml", '- [2, 1, 5]', '- [2, 1, 4]')
    edit(mini_dir, "scenario.yaml", '- [1, "1/2", 3]', '- [1, "1/2", -3]')
    issues = issues_of(mini_dir)
    assert any("recipro" in i.message for i in issues)
    assert any("positive" in i.message for i in issues)


def test_inconsistent_ahp_is_a_warning_naming_cr_and_worst_judgement(mini_dir):
    # liveability vs nuisance = 3 but via npv it should be about 10; make it 1/9 to be very inconsistent
    edit(mini_dir, "scenario.yaml", '- [1, "1/2", 3]', '- [1, "1/2", "1/9"]')
    edit(mini_dir, "scenario.yaml", '- ["1/3", "1/5", 1]', '- [9, "1/5", 1]')
    scenario, issues = check_scenario(mini_dir / "scenario.yaml")
    assert scenario is not None, "an inconsistent AHP matrix must not stop the run"
    w = one([i for i in issues if i.severity == "warning"], message="CR =", field="stakeholders.corporation.ahp.matrix")
    assert "exceeds" in w.message and " vs " in w.message


def test_zero_spread_criterion_is_a_warning(mini_dir):
    text = (mini_dir / "measures.csv").read_text().splitlines()
    rows = [text[0]] + [",".join(line.split(",")[:-1] + ["1"]) for line in text[1:]]
    (mini_dir / "measures.csv").write_text("\n".join(rows) + "\n")
    scenario, issues = check_scenario(mini_dir / "scenario.yaml")
    assert scenario is not None
    one([i for i in issues if i.severity == "warning"], message="same effect for every measure", field="nuisance")


def test_empty_longlist(mini_dir):
    header = (mini_dir / "measures.csv").read_text().splitlines()[0]
    (mini_dir / "measures.csv").write_text(header + "\n")
    one(issues_of(mini_dir), message="longlist is empty")


def test_every_problem_in_one_pass(mini_dir):
    edit(mini_dir, "measures.csv", "corporation:1,", "corporatoin:1,")
    edit(mini_dir, "measures.csv", "M1,Insulation,energy,2026,1000,", "M1,Insulation,energy,2026,abc,")
    edit(mini_dir, "scenario.yaml", "method: {name: topsis}", "method: {name: topsys}")
    edit(mini_dir, "scenario.yaml", "direction: benefit, theme: energy", "direction: benefitt, theme: energy")
    with pytest.raises(ScenarioError) as info:
        read_scenario(mini_dir / "scenario.yaml")
    issues = info.value.errors
    one(issues, field="payer", row=4)
    one(issues, field="investment", row=2)
    assert one(issues, field="method.name").suggestion == "topsis"
    assert one(issues, field="criteria.co2.direction").suggestion == "benefit"
    text = str(info.value)
    assert "measures.csv, row 4, field 'payer'" in text


def test_yaml_syntax_error_is_located(mini_dir):
    edit(mini_dir, "scenario.yaml", "group: mean", "group: [mean")
    i = one(issues_of(mini_dir), message="not valid YAML")
    assert i.row is not None


def test_unknown_top_level_key_and_missing_required(mini_dir):
    edit(mini_dir, "scenario.yaml", "seed: 7", "sede: 7")
    edit(mini_dir, "scenario.yaml", "name: Mini wijk\n", "")
    issues = issues_of(mini_dir)
    assert one(issues, message="unknown key", field="sede").suggestion == "seed"
    one(issues, message="missing required key", field="name")


@pytest.mark.parametrize("path", ["../measures.csv", "/etc/passwd"])
def test_measures_path_must_stay_in_scenario_folder(mini_dir, path):
    edit(mini_dir, "scenario.yaml", "measures: measures.csv", f"measures: {path}")
    one(issues_of(mini_dir), message="inside the scenario's folder", field="measures")


def test_yaml_does_not_construct_objects(mini_dir):
    edit(mini_dir, "scenario.yaml", "name: Mini wijk", "name: !!python/object/apply:os.system ['echo hacked']")
    one(issues_of(mini_dir), message="not valid YAML")


def test_uncertain_effect_must_be_ordered(mini_dir):
    edit(mini_dir, "measures.csv", "1|1.5|3", "2|1.5|3")
    one(issues_of(mini_dir), message="low <= most likely <= high", row=4, field="co2")


def test_uncertain_effect_keeps_low_and_high(mini_path):
    scenario = read_scenario(mini_path)
    e = next(m for m in scenario.measures if m.id == "M3").effects["co2"]
    assert (e.low, e.value, e.high) == (1.0, 1.5, 3.0)


def test_xlsx_longlist_with_sheet_rows_and_formula(mini_dir):
    import csv

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "measures"
    with open(mini_dir / "measures.csv", encoding="utf-8") as fh:
        for r, row in enumerate(csv.reader(fh)):
            sheet.append([float(v) if r and v.replace(".", "", 1).isdigit() else v for v in row])
    sheet["E3"] = "=1+1"
    book.save(mini_dir / "measures.xlsx")
    edit(mini_dir, "scenario.yaml", "measures: measures.csv", "measures: measures.xlsx")
    i = one(issues_of(mini_dir), message="formulas are not evaluated", row=3)
    assert i.sheet == "measures"
    # without the formula the workbook reads like the CSV
    sheet["E3"] = "2027:300;2028:200"
    book.save(mini_dir / "measures.xlsx")
    scenario = read_scenario(mini_dir / "scenario.yaml")
    assert [m.id for m in scenario.measures] == ["M1", "M2", "M3", "M4"]


def test_input_hash_changes_with_the_table(mini_dir):
    before = read_scenario(mini_dir / "scenario.yaml").input_hash
    edit(mini_dir, "measures.csv", "M4,", "M5,")
    assert read_scenario(mini_dir / "scenario.yaml").input_hash != before


def test_description_is_read_and_a_wrong_type_is_refused(mini_dir):
    """The scenario's paragraph reaches the model (and results.json); a number or list there is a mistake
    in the file and is refused with its line, not silently dropped (issue 18: 'a description of any type
    is ignored')."""
    text = (mini_dir / "scenario.yaml").read_text(encoding="utf-8")
    (mini_dir / "scenario.yaml").write_text("description: Een wijk met plannen.\n" + text, encoding="utf-8")
    scenario, _ = check_scenario(mini_dir / "scenario.yaml")
    assert scenario is not None and scenario.description == "Een wijk met plannen."
    from mkba.results.build import scenario_block
    assert scenario_block(scenario)["description"] == "Een wijk met plannen."
    for bad, kind in (("3", 3), ("[a, b]", "a list"), ("{a: 1}", "a mapping")):
        (mini_dir / "scenario.yaml").write_text(f"description: {bad}\n" + text, encoding="utf-8")
        i = one(issues_of(mini_dir), field="description", row=1)
        assert i.value == kind and "text" in i.message
