"""Issue 20 item 2: an empty criterion cell (or ?, onbekend) is missing, never 0: the point result takes the
criterion's median over its known cells, the sensitivity analysis samples the cell over the observed range,
and the report says which measures depend most on missing data and which cell to fill first."""

from __future__ import annotations

import io

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import mkba
from mkba.io.scenario.build import build
from mkba.report import render_all
from mkba.results import load
from mkba.testing.opportunity import small

MISSING = [None, "", "?", "onbekend", " Onbekend "]


@pytest.mark.parametrize("empty", MISSING)
def test_a_missing_cell_is_the_median_over_the_observed_range_with_counts_warned(empty: object) -> None:
    parts = small(co2=[150, empty, 300], leefbaarheid=[0.2, 0.4, empty])
    scenario, issues = build(parts["spec"], measures=parts["measures"])
    assert scenario is not None
    co2 = scenario.measures[1].effects["co2"]
    assert (co2.value, co2.low, co2.high, co2.missing) == (225.0, 150.0, 300.0, True)
    leef = scenario.measures[2].effects["leefbaarheid"]
    assert leef.missing and leef.value == pytest.approx(0.3) and (leef.low, leef.high) == (0.2, 0.4)
    assert not scenario.measures[0].effects["co2"].missing
    warned = {(i.field, i.value): i.message for i in issues if i.severity == "warning"}
    assert warned[("measures.co2", 1)].startswith("1 of 3 cells of criterion 'co2' are missing (M2)")
    assert "median 225" in warned[("measures.co2", 1)] and "from 150 to 300" in warned[("measures.co2", 1)]
    assert warned[("measures[2].co2", 1)] == "measure M2: 1 of 2 criterion cells missing (co2)"
    assert warned[("measures[3].leefbaarheid", 1)] == "measure M3: 1 of 2 criterion cells missing (leefbaarheid)"


def test_known_ranges_widen_the_sampled_range_and_a_criterion_with_no_known_cell_is_an_error() -> None:
    parts = small(co2=["100|150|400", None, 300])
    scenario, _ = build(parts["spec"], measures=parts["measures"])
    e = scenario.measures[1].effects["co2"]
    assert (e.value, e.low, e.high) == (225.0, 100.0, 400.0)
    parts = small(leefbaarheid=[None, "?", "onbekend"])
    scenario, issues = build(parts["spec"], measures=parts["measures"])
    assert scenario is None
    errors = [i for i in issues if i.severity == "error"]
    assert len(errors) == 1 and errors[0].field == "measures.leefbaarheid" and errors[0].value == "M1, M2, M3"
    assert "every cell of criterion 'leefbaarheid' is missing" in errors[0].message


cells = st.lists(st.integers(0, 40).map(float), min_size=4, max_size=4)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(co2=cells, leef=cells, mask=st.lists(st.booleans(), min_size=8, max_size=8))
def test_the_point_result_is_the_matrix_filled_with_the_median_and_complete_matrices_add_nothing(co2, leef, mask) -> None:
    """Missing cells give the results of the matrix with each filled by its criterion's median (so the stated
    imputation is what the ranking uses); a complete matrix writes no missing block or key."""
    if all(mask[:4]) or all(mask[4:]):
        mask = [False] * 8  # a criterion needs a known cell
    holed = {"co2": [None if m else v for v, m in zip(co2, mask[:4])],
             "leefbaarheid": [None if m else v for v, m in zip(leef, mask[4:])]}
    filled = {k: [float(np.median([x for x in v if x is not None])) if x is None else x for x in v] for k, v in holed.items()}
    extra = {"id": ["M1", "M2", "M3", "M4"], "name": list("ABCD"), "theme": ["t"] * 4, "start_year": [2026] * 4,
             "investment": [1e5, 2e5, 3e5, 4e5], "running_cost": [0] * 4, "lifetime": [20] * 4, "payer": ["gemeente:1"] * 4}
    runs = []
    for table in (holed, filled):
        parts = small(**extra, **table)
        runs.append(mkba.run(mkba.scenario(parts["spec"], measures=parts["measures"]), sensitivity=False).to_dict())
    ours, theirs = runs
    for key in ("appraisal", "matrix", "weights", "scores"):
        assert ours[key] == theirs[key]
    assert "missing" not in theirs and all("missing" not in m for m in theirs["scenario"]["measures"])
    assert ("missing" in ours) == any(mask)


def _run(sensitivity: bool = False, **table: list) -> dict:
    parts = small(**table)
    if sensitivity:
        parts["spec"]["sensitivity"] = {"samples": 4000}
    return load(mkba.run(mkba.scenario(parts["spec"], measures=parts["measures"]), sensitivity=sensitivity).to_dict())


def test_ranks_at_the_ends_are_those_of_the_matrix_filled_at_that_end_and_the_fill_first_cell_moves_most() -> None:
    data = _run(co2=[150, None, 300], leefbaarheid=[0.2, "?", 0.8])
    block = data["missing"]
    assert (block["imputation"], block["range"]) == ("median", "observed")
    for cell in block["cells"]:
        for end in ("low", "high"):
            table = {"co2": [150, 225.0, 300], "leefbaarheid": [0.2, 0.5, 0.8]}
            table[cell["criterion"]][1] = cell[end]
            group = {r["measure"]: r["rank"] for r in _run(**table)["scores"]["rankings"]["group"]}
            assert cell[f"rank_{end}"] == group["M2"]
    (row,) = block["measures"]
    swing = {c["criterion"]: abs(c["rank_low"] - c["rank_high"]) for c in block["cells"]}
    assert swing[row["fill_first"]] == max(swing.values())
    best = _run(co2=[150, 300, 300], leefbaarheid=[0.2, 0.8, 0.8])  # both benefit criteria at their high end
    worst = _run(co2=[150, 150, 300], leefbaarheid=[0.2, 0.2, 0.8])
    for label, data_end in (("rank_best", best), ("rank_worst", worst)):
        assert row[label] == {r["measure"]: r["rank"] for r in data_end["scores"]["rankings"]["group"]}["M2"]
    assert [m.get("missing") for m in data["scenario"]["measures"]] == [None, ["co2", "leefbaarheid"], None]


def test_the_sensitivity_analysis_samples_the_missing_cells() -> None:
    """With the cell missing M2's rank acceptabilities spread over the observed range; filled at the median
    they do not: the uncertainty of what is not known reaches the acceptabilities."""
    holed = _run(True, leefbaarheid=[0.2, None, 0.8])["sensitivity"]["smaa"]
    known = _run(True, leefbaarheid=[0.2, 0.5, 0.8])["sensitivity"]["smaa"]
    assert holed["rank_acceptability"] != known["rank_acceptability"]
    tornado = _run(True, leefbaarheid=[0.2, None, 0.8])["sensitivity"]["tornado"]["bars"]
    assert any(b["measure"] == "M2" and b["criterion"] == "leefbaarheid" and (b["low"], b["high"]) == (0.2, 0.8)
               for b in tornado)


@pytest.mark.parametrize(("language", "title", "fill"), [("nl", "Ontbrekende waarden", "Eerst invullen"),
                                                         ("en", "Missing values", "Fill first")])
def test_the_report_lists_the_measures_and_the_cell_to_fill_first(language: str, title: str, fill: str) -> None:
    parts = small(co2=[150, None, 300], leefbaarheid=[0.2, "?", 0.8])
    parts["spec"]["language"] = language
    parts["spec"]["sensitivity"] = {"samples": 1000}
    reports = render_all(mkba.run(mkba.scenario(parts["spec"], measures=parts["measures"])).to_dict())
    for text in (reports["html"].decode(), reports["md"].decode()):
        assert title in text and fill in text
    book = openpyxl.load_workbook(io.BytesIO(reports["xlsx"]))
    cells = {str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None}
    assert any(fill in c for c in cells)
    flat = render_all(_plain_run())
    assert title.encode() not in flat["html"]


def _plain_run() -> dict:
    parts = small()
    return mkba.run(mkba.scenario(parts["spec"], measures=parts["measures"]), sensitivity=False).to_dict()


def test_only_the_first_cells_up_to_the_limit_get_end_ranks(monkeypatch: pytest.MonkeyPatch) -> None:
    from mkba.stages import missing
    monkeypatch.setattr(missing, "MAX_ANALYSED", 1)
    data = _run(co2=[150, None, 300], leefbaarheid=[0.2, "?", 0.8])["missing"]
    assert [(c["measure"], c["criterion"]) for c in data["cells"]] == [("M2", "co2")] and data["not_analysed"] == 1
    assert _run(co2=[150, None, 300])["missing"]["not_analysed"] == 0
