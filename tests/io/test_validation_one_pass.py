"""`mkba validate` lists every problem once: one problem neither hides another nor creates false ones.

Each test copies the bundled scenario (scenarios/kraaihoek), plants independent errors and checks
that exactly those are reported, each located (file, row or line, field), and nothing else: no
"unknown measure 'M05a'; expected one of []" because a misspelt header dropped the measures
table, no "unknown stakeholder 'gemeente'" because gemeente's AHP matrix was invalid, no
"criteria missing" for a criterion that is present with a bad value (issue 2, item 3).
"""

from __future__ import annotations

import csv
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from mkba.cli import main
from mkba.errors import ScenarioError
from mkba.stages.check import check_scenario, read_scenario  # what `mkba validate` runs: the file, then the dry run

KRAAIHOEK = Path(__file__).resolve().parents[2] / "scenarios" / "kraaihoek"


# -- planting errors ---------------------------------------------------------------------------
@pytest.fixture
def kh(tmp_path: Path) -> Path:
    """A fresh copy of the bundled scenario."""
    folder = tmp_path / "kraaihoek"
    shutil.copytree(KRAAIHOEK, folder)
    return folder


def edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"test setup: {old!r} is not once in {name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(folder: Path, name: str, text: str) -> int:
    """The 1-based line of the only line of a file containing ``text`` (as an editor shows it)."""
    lines = [n for n, line in enumerate((folder / name).read_text(encoding="utf-8").splitlines(), 1) if text in line]
    assert len(lines) == 1, f"test setup: {text!r} on lines {lines} of {name}"
    return lines[0]


def read_rows(folder: Path) -> list[list[str]]:
    with open(folder / "measures.csv", encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def write_rows(folder: Path, rows: list[list[str]]) -> None:
    with open(folder / "measures.csv", "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def row_of(folder: Path, measure: str) -> int:
    """The row the spreadsheet shows for a measure (header = row 1)."""
    rows = read_rows(folder)
    return next(r for r, row in enumerate(rows, 1) if row[0] == measure)


def set_cell(folder: Path, measure: str, column: str, value: str) -> int:
    rows = read_rows(folder)
    c = rows[0].index(column)
    r = next(r for r, row in enumerate(rows) if row[0] == measure)
    rows[r][c] = value
    write_rows(folder, rows)
    return r + 1


def rename_column(folder: Path, old: str, new: str) -> None:
    rows = read_rows(folder)
    rows[0][rows[0].index(old)] = new
    write_rows(folder, rows)


def drop_column(folder: Path, column: str) -> None:
    rows = read_rows(folder)
    c = rows[0].index(column)
    write_rows(folder, [row[:c] + row[c + 1:] for row in rows])


def duplicate_row(folder: Path, measure: str) -> int:
    """Append a copy of a measure's row (its id is then a duplicate); return the new row."""
    rows = read_rows(folder)
    rows.append(list(next(row for row in rows if row[0] == measure)))
    write_rows(folder, rows)
    return len(rows)


# -- what is expected --------------------------------------------------------------------------
@dataclass
class Expect:
    file: str  # the file's name
    row: int
    field: str
    message: str  # part of the message
    suggestion: str | None = None

    def matches(self, issue) -> bool:
        return (Path(issue.file).name == self.file and issue.row == self.row and issue.field == self.field
                and self.message in issue.message
                and (self.suggestion is None or issue.suggestion == self.suggestion))


def assert_exactly(folder: Path, *expected: Expect) -> None:
    """Exactly these errors, each located, and nothing else; no Scenario (and read_scenario raises)."""
    scenario, issues = check_scenario(folder / "scenario.yaml")
    errors = [i for i in issues if i.severity == "error"]
    listing = "\n".join(map(str, errors))
    assert scenario is None, "a scenario with errors must not be returned"
    assert not any("expected one of []" in str(i) for i in errors), listing
    for want in expected:
        hits = [i for i in errors if want.matches(i)]
        assert len(hits) == 1, f"expected once: {want}\ngot {len(errors)} error(s):\n{listing}"
    assert len(errors) == len(expected), f"expected {len(expected)} error(s), got {len(errors)}:\n{listing}"
    with pytest.raises(ScenarioError) as info:
        read_scenario(folder / "scenario.yaml")
    assert len(info.value.errors) == len(expected)


GEMEENTE_ROW2 = "        - [1, 1, 2, 2, 3, 3]\n"


# -- two independent errors: both reported, nothing else ----------------------------------------
def test_header_typo_and_nan_in_another_row(kh):
    """A misspelt column no longer drops the table: the NaN is still found, rules and places.geojson
    still know every measure id (before: ~30 false 'unknown measure ...; expected one of []')."""
    rename_column(kh, "running_cost", "runing_cost")
    row = set_cell(kh, "M05a", "co2", "nan")
    assert_exactly(kh, Expect("measures.csv", 1, "runing_cost", "unknown column", "running_cost"),
                   Expect("measures.csv", row, "co2", "not a finite number"))


def test_missing_criterion_column_and_duplicate_id(kh):
    drop_column(kh, "hinder")
    row = duplicate_row(kh, "M03")
    assert_exactly(kh, Expect("measures.csv", 1, "hinder", "missing criterion column"),
                   Expect("measures.csv", row, "id", "duplicate measure id"))


def test_non_reciprocal_ahp_and_duplicate_measure_id(kh):
    """gemeente's invalid matrix no longer removes gemeente: budget.per_payer still knows it."""
    line = line_of(kh, "scenario.yaml", GEMEENTE_ROW2.strip())
    edit(kh, "scenario.yaml", GEMEENTE_ROW2, "        - [1, 1, 2, 2, 3, 5]\n")
    row = duplicate_row(kh, "M03")
    assert_exactly(kh, Expect("scenario.yaml", line, "stakeholders.gemeente.ahp.matrix", "not reciprocal"),
                   Expect("measures.csv", row, "id", "duplicate measure id"))


def test_bad_cell_in_a_referenced_measure_and_negative_budget(kh):
    """M05a (named by two rules and by places.geojson) has one bad cell: only that cell is reported,
    not its id in the rules and the map."""
    row = set_cell(kh, "M05a", "lifetime", "dertig")
    edit(kh, "scenario.yaml", "total: 12000000", "total: -12000000")
    assert_exactly(kh, Expect("measures.csv", row, "lifetime", "not a number"),
                   Expect("scenario.yaml", line_of(kh, "scenario.yaml", "total: -12000000"), "budget.total",
                          "negative"))


def test_criteria_key_typo_and_non_square_ahp(kh):
    """`shadow_prise` makes co2's monetisation unknown: no 'criteria missing (got [co2])' for every
    stakeholder, and gemeente's non-square matrix is still found (before: 12+ messages, matrix hidden)."""
    edit(kh, "scenario.yaml", "shadow_price: 160", "shadow_prise: 160")
    line = line_of(kh, "scenario.yaml", GEMEENTE_ROW2.strip())
    edit(kh, "scenario.yaml", GEMEENTE_ROW2, "        - [1, 1, 2, 2, 3]\n")
    assert_exactly(kh, Expect("scenario.yaml", 27, "shadow_prise", "unknown key", "shadow_price"),
                   Expect("scenario.yaml", line, "stakeholders.gemeente.ahp", "must be square"))


def test_negative_weight_and_non_reciprocal_ahp(kh):
    """A negative weight is one error, not also 'criteria missing (got [leefbaarheid])'; neither
    stakeholder disappears from budget.per_payer."""
    edit(kh, "scenario.yaml", "weights: {leefbaarheid: 0.30", "weights: {leefbaarheid: -0.30")
    line = line_of(kh, "scenario.yaml", GEMEENTE_ROW2.strip())
    edit(kh, "scenario.yaml", GEMEENTE_ROW2, "        - [1, 1, 2, 2, 3, 5]\n")
    assert_exactly(kh, Expect("scenario.yaml", line_of(kh, "scenario.yaml", "leefbaarheid: -0.30"),
                              "stakeholders.zorg.weights.leefbaarheid", "negative weight"),
                   Expect("scenario.yaml", line, "stakeholders.gemeente.ahp.matrix", "not reciprocal"))


def test_all_zero_weights_and_bad_payer_share(kh):
    old = "weights: {npv: 0.30, woonkwaliteit: 0.30, leefbaarheid: 0.15, woonlasten: 0.10, hinder: 0.10, onderwijs: 0.05}"
    edit(kh, "scenario.yaml", old, "weights: {npv: 0, woonkwaliteit: 0, leefbaarheid: 0, woonlasten: 0, hinder: 0, "
         "onderwijs: 0}")
    row = set_cell(kh, "M08", "payer", "gemeente:0.5;zorg:0.4")
    assert_exactly(kh, Expect("scenario.yaml", line_of(kh, "scenario.yaml", "weights: {npv: 0, "),
                              "stakeholders.corporatie.weights", "all weights are zero"),
                   Expect("measures.csv", row, "payer", "shares sum to 0.9"))


def test_every_cell_of_a_row_with_a_bad_id_is_still_checked(kh):
    set_cell(kh, "M13", "running_cost", "-5")
    row = set_cell(kh, "M13", "id", "")
    assert_exactly(kh, Expect("measures.csv", row, "id", "missing or invalid measure id"),
                   Expect("measures.csv", row, "running_cost", "negative amount"))


# -- one planted error: exactly one error --------------------------------------------------------
def _plant_header_typo(kh):
    rename_column(kh, "woonlasten", "woonlasen")
    return Expect("measures.csv", 1, "woonlasen", "unknown column", "woonlasten")


def _plant_dropped_column(kh):
    drop_column(kh, "lifetime")
    return Expect("measures.csv", 1, "lifetime", "missing column")


def _plant_nan(kh):
    return Expect("measures.csv", set_cell(kh, "M10", "leefbaarheid", "NaN"), "leefbaarheid", "finite")


def _plant_negative_money(kh):
    return Expect("measures.csv", set_cell(kh, "M15a", "running_cost", "-100"), "running_cost", "negative amount")


def _plant_text_money(kh):
    return Expect("measures.csv", set_cell(kh, "M08", "investment", "1.000.000,-"), "investment", "not a number")


def _plant_duplicate_id(kh):
    return Expect("measures.csv", duplicate_row(kh, "M05b"), "id", "duplicate measure id")


def _plant_unknown_payer(kh):
    row = set_cell(kh, "M05b", "payer", "warmtebedrijf:0.5;gemeete:0.5")
    return Expect("measures.csv", row, "payer", "unknown payer id", "gemeente")


def _plant_bad_cell_in_rule_measure(kh):
    return Expect("measures.csv", set_cell(kh, "M08", "start_year", "2O27"), "start_year", "not a number")


def _plant_non_reciprocal(kh):
    line = line_of(kh, "scenario.yaml", GEMEENTE_ROW2.strip())
    edit(kh, "scenario.yaml", GEMEENTE_ROW2, "        - [1, 1, 2, 2, 3, 5]\n")
    return Expect("scenario.yaml", line, "stakeholders.gemeente.ahp.matrix", "not reciprocal")


def _plant_non_square(kh):
    line = line_of(kh, "scenario.yaml", GEMEENTE_ROW2.strip())
    edit(kh, "scenario.yaml", GEMEENTE_ROW2, "        - [1, 1, 2, 2, 3]\n")
    return Expect("scenario.yaml", line, "stakeholders.gemeente.ahp", "must be square")


def _plant_ahp_criterion_typo(kh):
    old = "criteria: [npv, leefbaarheid, onderwijs"
    edit(kh, "scenario.yaml", old, "criteria: [npv, leefbaarhied, onderwijs")
    return Expect("scenario.yaml", line_of(kh, "scenario.yaml", "leefbaarhied"), "stakeholders.gemeente.ahp",
                  "unknown criterion", "leefbaarheid")


def _plant_negative_weight(kh):
    edit(kh, "scenario.yaml", "weights: {leefbaarheid: 0.30", "weights: {leefbaarheid: -0.30")
    return Expect("scenario.yaml", line_of(kh, "scenario.yaml", "leefbaarheid: -0.30"),
                  "stakeholders.zorg.weights.leefbaarheid", "negative weight")


def _plant_text_weight(kh):
    edit(kh, "scenario.yaml", "weights: {leefbaarheid: 0.30", "weights: {leefbaarheid: veel")
    return Expect("scenario.yaml", line_of(kh, "scenario.yaml", "leefbaarheid: veel"),
                  "stakeholders.zorg.weights.leefbaarheid", "not a number")


def _plant_weight_key_typo(kh):
    edit(kh, "scenario.yaml", "weights: {leefbaarheid: 0.30", "weights: {leefbaarhied: 0.30")
    return Expect("scenario.yaml", line_of(kh, "scenario.yaml", "leefbaarhied: 0.30"), "stakeholders.zorg.weights",
                  "unknown criterion", "leefbaarheid")


def _plant_swing_point_out_of_range(kh):
    edit(kh, "scenario.yaml", "points: {onderwijs: 100,", "points: {onderwijs: 150,")
    return Expect("scenario.yaml", line_of(kh, "scenario.yaml", "onderwijs: 150"),
                  "stakeholders.scholen.swing.points.onderwijs", "between 0 and 100")


def _plant_ranking_typo(kh):
    edit(kh, "scenario.yaml", "ranking: [woonkwaliteit, npv,", "ranking: [woonkwalitiet, npv,")
    return Expect("scenario.yaml", line_of(kh, "scenario.yaml", "woonkwalitiet"),
                  "stakeholders.warmtebedrijf.ranking", "unknown criterion", "woonkwaliteit")


def _plant_negative_influence(kh):
    old = "    name: Gemeente (wethouder wonen en wijken)\n    influence: 2"
    edit(kh, "scenario.yaml", old, old.replace("influence: 2", "influence: -2"))
    return Expect("scenario.yaml", line_of(kh, "scenario.yaml", "influence: -2"), "stakeholders.gemeente.influence",
                  "influence must be >= 0")


def _plant_shadow_price_key_typo(kh):
    edit(kh, "scenario.yaml", "shadow_price: 160", "shadow_prise: 160")
    return Expect("scenario.yaml", 27, "shadow_prise", "unknown key", "shadow_price")


def _plant_shadow_price_text(kh):
    edit(kh, "scenario.yaml", "shadow_price: 160", "shadow_price: 160 euro")
    return Expect("scenario.yaml", 27, "criteria.co2.shadow_price", "not a number")


def _plant_negative_budget(kh):
    edit(kh, "scenario.yaml", "total: 12000000", "total: -12000000")
    return Expect("scenario.yaml", line_of(kh, "scenario.yaml", "total: -12000000"), "budget.total", "negative")


def _plant_per_payer_typo(kh):
    edit(kh, "scenario.yaml", "gemeente: 5000000", "gemeete: 5000000")
    return Expect("scenario.yaml", line_of(kh, "scenario.yaml", "gemeete: 5000000"), "budget.per_payer",
                  "unknown stakeholder", "gemeente")


def _plant_rule_typo(kh):
    edit(kh, "scenario.yaml", "{mandatory: M15a}", "{mandatory: M15c}")
    return Expect("scenario.yaml", line_of(kh, "scenario.yaml", "{mandatory: M15c}"), "rules.mandatory",
                  "unknown measure")


def _plant_unknown_place(kh):
    edit(kh, "places.geojson", '"id": "M24"', '"id": "M42"')
    # located at the feature's opening brace, three lines above its id
    return Expect("places.geojson", line_of(kh, "places.geojson", '"id": "M42"') - 3,
                  "features[22].properties.id", "unknown measure id")


def _plant_two_elicitations(kh):
    """gemeente gives AHP judgements and an objective weighting: it is still a known stakeholder
    for the payers, the criteria's receivers and budget.per_payer."""
    old = "    name: Gemeente (wethouder wonen en wijken)\n"
    edit(kh, "scenario.yaml", old, old + "    objective: entropy\n")
    return Expect("scenario.yaml", line_of(kh, "scenario.yaml", "- id: gemeente"), "stakeholders.gemeente",
                  "give exactly one of")


def _plant_invalid_stakeholder_id(kh):
    """An invalid id is one error, not also one per payer, receiver, transfer and budget naming it."""
    edit(kh, "scenario.yaml", "- id: gemeente", "- id: gemeente utrecht")
    return Expect("scenario.yaml", line_of(kh, "scenario.yaml", "- id: gemeente utrecht"), "stakeholders[3].id",
                  "not a valid identifier")


def _plant_invalid_criterion_id(kh):
    """Not also its column in the measures table and every stakeholder weighing it."""
    edit(kh, "scenario.yaml", "- id: leefbaarheid", "- id: leefbaar heid")
    return Expect("scenario.yaml", line_of(kh, "scenario.yaml", "- id: leefbaar heid"), "criteria[4].id",
                  "not a valid identifier")


def _plant_invalid_measure_id(kh):
    """Not also the rules and the places.geojson feature naming M05a."""
    return Expect("measures.csv", set_cell(kh, "M05a", "id", "M05 a"), "id", "missing or invalid measure id")


def _plant_payer_typo_of_another_stakeholder(kh):
    row = set_cell(kh, "M01", "payer", "corporatei:1.0")
    return Expect("measures.csv", row, "payer", "unknown payer id", "corporatie")


SINGLE = [_plant_header_typo, _plant_dropped_column, _plant_nan, _plant_negative_money, _plant_text_money,
          _plant_duplicate_id, _plant_unknown_payer, _plant_bad_cell_in_rule_measure, _plant_non_reciprocal,
          _plant_non_square, _plant_ahp_criterion_typo, _plant_negative_weight, _plant_text_weight,
          _plant_weight_key_typo, _plant_swing_point_out_of_range, _plant_ranking_typo, _plant_negative_influence,
          _plant_shadow_price_key_typo, _plant_shadow_price_text, _plant_negative_budget, _plant_per_payer_typo,
          _plant_rule_typo, _plant_unknown_place, _plant_two_elicitations, _plant_invalid_stakeholder_id,
          _plant_invalid_criterion_id, _plant_invalid_measure_id]


@pytest.mark.parametrize("plant", SINGLE, ids=[f.__name__[len("_plant_"):] for f in SINGLE])
def test_one_planted_error_gives_exactly_one_error(kh, plant):
    assert_exactly(kh, plant(kh))


@pytest.mark.parametrize("first, second", [
    (_plant_header_typo, _plant_nan), (_plant_dropped_column, _plant_rule_typo),
    (_plant_bad_cell_in_rule_measure, _plant_unknown_place), (_plant_shadow_price_key_typo, _plant_ranking_typo),
    (_plant_non_square, _plant_per_payer_typo), (_plant_negative_influence, _plant_negative_money),
    (_plant_text_weight, _plant_duplicate_id), (_plant_swing_point_out_of_range, _plant_text_money),
    (_plant_two_elicitations, _plant_negative_budget), (_plant_invalid_measure_id, _plant_rule_typo),
    (_plant_invalid_stakeholder_id, _plant_payer_typo_of_another_stakeholder),
], ids=lambda f: f.__name__[len("_plant_"):])
def test_two_planted_errors_give_exactly_those_two(kh, first, second):
    assert_exactly(kh, first(kh), second(kh))


def test_validate_cli_lists_both_with_exit_code_2(kh, capsys):
    rename_column(kh, "running_cost", "runing_cost")
    set_cell(kh, "M05a", "co2", "nan")
    assert main(["validate", str(kh / "scenario.yaml")]) == 2
    out = capsys.readouterr()
    text = out.out + out.err
    assert "Traceback" not in text
    assert "field 'runing_cost'" in text and "'running_cost'" in text and "field 'co2'" in text
    assert "expected one of []" not in text and "unknown measure" not in text


def test_the_bundled_scenario_is_still_valid():
    scenario, issues = check_scenario(KRAAIHOEK / "scenario.yaml")
    assert scenario is not None and not [i for i in issues if i.severity == "error"]


def test_ranking_method_as_portfolio_objective_is_refused_with_the_reason(kh):
    """`objective: topsis` is not merely 'not a valid choice': the message says why a ranking score
    cannot be summed over a portfolio (normalised over the longlist, zero is not 'not done')."""
    edit(kh, "scenario.yaml", "portfolio: {objective: value+npv, weights: group}",
         "portfolio: {objective: topsis, weights: group}")
    row = line_of(kh, "scenario.yaml", "portfolio: {objective: topsis")
    assert_exactly(kh, Expect("scenario.yaml", row, "portfolio.objective", "cannot be the portfolio objective"))
    _, issues = check_scenario(kh / "scenario.yaml")
    (issue,) = [i for i in issues if i.severity == "error"]
    assert "normalised over the longlist" in str(issue) and "'npv', 'value' or 'value+npv'" in str(issue)
