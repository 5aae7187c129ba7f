"""Scenarios built in code (mkba.scenario): the same checks as a file, located by field path."""

from __future__ import annotations

import json
import re
from dataclasses import fields, is_dataclass, replace
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import mkba
from mkba.io.readers import load_yaml, plain_yaml
from mkba.io.scenario import check_scenario as check_files
from mkba.io.scenario.build import build
from mkba.writers import render_files

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
APPRAISAL = {"price_year": 2025, "start_year": 2026, "horizon": 30, "discount": "nl-2026"}


def _spec_and_table(name: str) -> tuple[dict, pd.DataFrame]:
    """A bundled scenario's file as a mapping (read by mkba's own YAML loader) and its CSV longlist
    as a DataFrame of the texts the file holds."""
    folder = SCENARIOS / name
    doc, issues = load_yaml((folder / "scenario.yaml").read_text(encoding="utf-8"), "scenario.yaml")
    assert not issues
    spec = plain_yaml(doc)
    table = pd.read_csv(folder / spec.pop("measures"), dtype=str, keep_default_na=False)
    return spec, table


def _without_lines(value: object) -> object:
    """A scenario without what only a file has: its name, hash, the line of each entry (rules, futures,
    ambitions...), and where its warnings are (their messages stay)."""
    if isinstance(value, tuple):
        return tuple(_without_lines(v) for v in value)
    if not is_dataclass(value) or isinstance(value, type):
        return value
    changes = {f.name: _without_lines(getattr(value, f.name)) for f in fields(value)}
    if "line" in changes:
        changes["line"] = None
    if isinstance(value, mkba.Scenario):
        changes.update(source="", input_hash="", warnings=tuple(w.message for w in value.warnings))
    return replace(value, **changes)


def _small(**changes: object) -> dict:
    """The parts of a small scenario built from typed frames (numbers as numbers)."""
    measures = pd.DataFrame({
        "id": ["M1", "M2", "M3"], "name": ["Isolatie", "Warmtenet", "Groen schoolplein"],
        "theme": ["energie", "energie", "leefbaarheid"], "start_year": [2026, 2027, 2026],
        "investment": [2.0e6, 5.0e6, 0.3e6], "running_cost": [1e4, 5e4, 2e3], "lifetime": [30, 40, 20],
        "payer": ["corporatie:1", "gemeente:0.5;corporatie:0.5", "gemeente:1"],
        "co2": [150, 400, 0], "leefbaarheid": [0.2, 0.1, 0.8],
    }).set_index("id")
    criteria = pd.DataFrame({
        "id": ["co2", "leefbaarheid"], "name": ["CO2-reductie", "Leefbaarheid"], "unit": ["t/jaar", "score"],
        "direction": ["benefit", "benefit"], "shadow_price": [160, None],
    })
    weights = pd.DataFrame({"npv": [0.6, 0.3], "leefbaarheid": [0.4, 0.7]}, index=["corporatie", "gemeente"])
    parts = {"criteria": criteria, "measures": measures, "weights": weights}
    parts.update(changes)
    return parts


@pytest.mark.parametrize("name", ["kraaihoek", "vitale-kerngebieden"])
def test_built_from_frames_equals_the_files(name: str) -> None:
    spec, table = _spec_and_table(name)
    built = mkba.scenario(spec, measures=table, folder=SCENARIOS / name)
    read = mkba.read_scenario(SCENARIOS / name / "scenario.yaml")
    assert _without_lines(built) == _without_lines(read)
    assert built.source == "mkba.scenario()" and read.source == "scenario.yaml"
    named = mkba.scenario({**spec, "measures": "measures.csv"}, folder=SCENARIOS / name)  # the table as a file
    assert _without_lines(named) == _without_lines(read)
    assert len(built.input_hash) == 64 and built.input_hash != read.input_hash
    # the same inputs give the same hash; another value another
    again = mkba.scenario(spec, measures=table, folder=SCENARIOS / name)
    assert again.input_hash == built.input_hash
    other = table.copy()
    other.loc[0, "running_cost"] = "1"
    assert mkba.scenario(spec, measures=other, folder=SCENARIOS / name).input_hash != built.input_hash


def test_built_scenario_gives_the_results_of_the_files() -> None:
    """Every result file is byte-identical; results.json differs only where it names the input."""
    name = "vitale-kerngebieden"
    spec, table = _spec_and_table(name)
    built = render_files(mkba.run(mkba.scenario(spec, measures=table, folder=SCENARIOS / name), sensitivity=False))
    read = render_files(mkba.run(SCENARIOS / name / "scenario.yaml", sensitivity=False))
    assert built.keys() == read.keys()
    assert {k for k in read if read[k] != built[k]} <= {"results.json"}
    named = json.loads(re.sub(r"scenario\.yaml(, line \d+)?", "mkba.scenario()", read["results.json"]))
    ours = json.loads(built["results.json"])
    for data in (named, ours):
        data["provenance"].pop("input_hash")
    assert ours == named


def test_typed_frames_lists_and_dicts_give_one_scenario() -> None:
    parts = _small()
    built = mkba.scenario({"name": "Wijk", "appraisal": APPRAISAL}, **parts)
    as_lists = mkba.scenario({
        "name": "Wijk", "appraisal": APPRAISAL,
        "criteria": [{k: v for k, v in row.items() if pd.notna(v)} for row in parts["criteria"].to_dict("records")],
        "stakeholders": [{"id": sid, "name": sid, "weights": row} for sid, row in
                         parts["weights"].to_dict("index").items()],
    }, measures=parts["measures"].reset_index().to_dict("records"))
    assert replace(built, input_hash="") == replace(as_lists, input_hash="")  # the hash follows the order given
    assert [m.id for m in built.measures] == ["M1", "M2", "M3"]  # the named index is the id column
    assert built.measures[1].investment == {2027: 5.0e6} and built.measures[1].lifetime == 40
    assert built.criterion("co2").shadow_price == 160 and not built.criterion("leefbaarheid").monetised
    assert [s.elicitation.weights["leefbaarheid"] for s in built.stakeholders] == [0.4, 0.7]
    run = mkba.run(built, sensitivity=False)
    assert sorted(run.scores.ranking("group").index) == ["M1", "M2", "M3"]


def _issues(spec: dict | None = None, **parts: object) -> list[mkba.InputIssue]:
    with pytest.raises(mkba.ScenarioError) as caught:
        mkba.scenario({"name": "Wijk", "appraisal": APPRAISAL, **(spec or {})}, **parts)
    assert all(i.file == "mkba.scenario()" and i.row is None for i in caught.value.issues)
    return list(caught.value.errors)


def test_a_weight_typo_is_a_located_error_naming_the_criteria() -> None:
    parts = _small()
    parts["weights"] = parts["weights"].rename(columns={"leefbaarheid": "leef"})
    errors = _issues(**parts)
    unknown = [i for i in errors if i.message == "unknown criterion"]
    assert [(i.field, i.value) for i in unknown] == [("stakeholders.corporatie.weights", "leef"),
                                                     ("stakeholders.gemeente.weights", "leef")]
    assert "['npv', 'leefbaarheid']" in unknown[0].expected
    assert "unknown criterion (got 'leef')" in str(unknown[0])


def test_a_cell_of_the_longlist_is_located_by_its_measure_and_column() -> None:
    parts = _small()
    measures = parts["measures"].copy()
    measures.loc["M3", "investment"] = -5.0
    measures.loc["M2", "lifetime"] = 0
    errors = _issues(**{**parts, "measures": measures})
    assert {(i.field, i.message) for i in errors} == {("measures[3].investment", "negative amount"),
                                                      ("measures[2].lifetime", "out of range or not a whole number")}


def test_a_misspelt_column_key_or_section_is_located_with_the_name_meant() -> None:
    parts = _small()
    parts["measures"] = parts["measures"].rename(columns={"co2": "co_2"})
    criteria = parts["criteria"].rename(columns={"shadow_price": "shadow_prce"})
    errors = _issues({"seeed": 1}, **{**parts, "criteria": criteria})
    found = {i.field: i.suggestion for i in errors}
    assert found["measures.co_2"] == "co2"
    assert found["criteria[1].shadow_prce"] == "shadow_price"  # criteria[2] has none: NaN is an empty cell
    assert "criteria[2].shadow_prce" not in found
    assert found["seeed"] == "seed"


def test_a_part_given_twice_is_refused() -> None:
    parts = _small()
    errors = _issues({"measures": []}, **parts)
    assert [(i.field, i.message) for i in errors] == [("measures", "given twice: in the mapping and as a keyword")]


def test_the_stages_dry_run_is_part_of_the_check() -> None:
    """What only the stages find (entropy weights on negative NPVs) is raised too, as for a file."""
    parts = _small()
    stakeholders = [{"id": "gemeente", "name": "Gemeente", "weights": {"npv": 0.5, "leefbaarheid": 0.5}},
                    {"id": "corporatie", "name": "Corporatie", "objective": "entropy"}]
    errors = _issues({"stakeholders": stakeholders}, criteria=parts["criteria"], measures=parts["measures"])
    assert [(i.field, i.value) for i in errors] == [("stakeholders.corporatie", "objective")]
    assert "entropy weights need non-negative data" in errors[0].message


@pytest.mark.parametrize("change, message", [
    (lambda w: {**{k: v for k, v in w.items() if k != "leefbaarheid"}, "leef": w["leefbaarheid"]},
     "no such criterion 'leef' in its weights (known: npv, leefbaarheid)"),
    (lambda w: {"npv": 1.0}, "its weights leave out 'leefbaarheid'; they need every matrix criterion (npv, leefbaarheid)"),
])
def test_a_scenario_made_from_the_dataclasses_gets_the_same_sense_at_run(change, message) -> None:
    """Built from the dataclasses (no reader), a weight typo is a located ScenarioError at run, not a KeyError."""
    from mkba.model import DirectWeights, FrozenMap

    scenario = mkba.scenario({"name": "Wijk", "appraisal": APPRAISAL}, **_small())
    first = scenario.stakeholders[0]
    typo = DirectWeights(FrozenMap(change(dict(first.elicitation.weights))))
    edited = replace(scenario, stakeholders=(replace(first, elicitation=typo), *scenario.stakeholders[1:]))
    with pytest.raises(mkba.ScenarioError) as caught:
        mkba.run(edited, sensitivity=False)
    assert [(i.field, i.message) for i in caught.value.errors] == [("stakeholders.corporatie", message)]


_CELLS = st.one_of(st.sampled_from(["", "-5", "0", "abc", "1.5e3", "600.000", "2026:1e6;2027:x", "80|120|150",
                                    "150|120|80", "corporatie:0.5", "nobody:1", "3000", "1/3", "nan", "1e400"]),
                   st.text(alphabet="0123456789.:;|-abcM", max_size=8))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(row=st.integers(0, 25), column=st.sampled_from(["id", "start_year", "investment", "running_cost", "lifetime",
                                                        "payer", "transfers", "start_years", "co2", "hinder"]),
       value=_CELLS)
def test_a_cell_gives_the_issues_it_gives_in_a_file(tmp_path_factory, row: int, column: str, value: str) -> None:
    """Any value in any cell of the longlist: the built scenario has the file's issues, each at
    ``measures[k].column`` where the file says row k + 1 (the same messages, values and hints)."""
    folder = tmp_path_factory.mktemp("kraaihoek")
    for name in ("scenario.yaml", "measures.csv"):
        (folder / name).write_bytes((SCENARIOS / "kraaihoek" / name).read_bytes())
    spec, table = _spec_and_table("kraaihoek")
    table.loc[row, column] = value
    table.to_csv(folder / "measures.csv", index=False)
    _, file_issues = check_files(folder / "scenario.yaml")
    _, built_issues = build(spec, measures=table, folder=folder)

    def where(i: mkba.InputIssue) -> tuple:
        if i.file.endswith("measures.csv"):
            field = f"measures[{i.row - 1}].{i.field}" if i.row and i.row > 1 else f"measures.{i.field}"
        else:
            field = i.field
        return field, i.message, repr(i.value), i.expected, i.suggestion, i.severity

    assert sorted(map(where, built_issues)) == sorted(map(where, file_issues))
