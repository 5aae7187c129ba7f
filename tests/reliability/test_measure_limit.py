"""A longlist longer than a run can handle is refused up front, located, before its rows are checked
(issue 18 item 4: 300,000 measures validated for 6 minutes and then ran out of memory in the run)."""

from __future__ import annotations

import csv

from mkba.io.limits import MAX_MEASURES
from mkba.stages.check import check_scenario


def _grow(mini_dir, n: int) -> None:
    path = mini_dir / "measures.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    header, first = rows[0], rows[1]
    ident = header.index("id")
    with open(path, "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(header)
        for k in range(n):
            out.writerow([f"X{k}" if i == ident else v for i, v in enumerate(first)])


def test_one_measure_over_the_limit_is_refused_at_the_first_row_too_many(mini_dir):
    _grow(mini_dir, MAX_MEASURES + 1)
    scenario, issues = check_scenario(mini_dir / "scenario.yaml")
    errors = [i for i in issues if i.severity == "error"]
    assert scenario is None and len(errors) == 1, errors  # one issue, not one per row or a follow-up
    e = errors[0]
    assert e.file.endswith("measures.csv") and e.row == MAX_MEASURES + 2 and e.field == "measures"
    assert e.value == MAX_MEASURES + 1 and "20,000" in e.expected and "split the longlist" in e.expected


def test_a_longlist_at_the_limit_is_read(mini_dir):
    _grow(mini_dir, MAX_MEASURES)
    scenario, issues = check_scenario(mini_dir / "scenario.yaml")
    assert not [i for i in issues if "more than a run can handle" in i.message]
