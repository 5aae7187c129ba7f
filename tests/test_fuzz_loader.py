"""Fuzzing the loader and the run: mutated copies of the bundled scenario end in a located error
(exit code 2 from the CLI) or in a valid run, never in a traceback or a hang.

Mutations (hypothesis, seeded by its database): a YAML value replaced by a wrong type, a huge or
non-finite number, odd unicode, an empty container; a key deleted; a measures-table cell replaced
the same way (in the CSV and in an XLSX copy); a column dropped; the YAML, the CSV or the XLSX
truncated at a random byte. Every case runs
``mkba validate`` through the CLI entry point under a time limit, and, when the scenario is valid,
``mkba.run`` without sensitivity (the portfolio included). The number of cases is printed.
"""

from __future__ import annotations

import csv
import io
import shutil
import signal
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mkba
from mkba.cli import main
from mkba.errors import ScenarioError
from mkba.io.readers import load_yaml, plain_yaml

KRAAIHOEK = Path(__file__).resolve().parents[1] / "scenarios" / "kraaihoek"
ODD = [None, "", "abc", -1, 0, 1e308, -1e308, float("nan"), float("inf"), [], {}, True, 10**40,
       "\u202e\U0001F600\x00", "1e999", "  ", "NaN", -0.0, [1, "x"], {"a": {"b": None}}]
CASES = {"n": 0, "valid": 0}


class _Hang(Exception):
    pass


def _alarm(signum, frame):  # pragma: no cover - only on a hang
    raise _Hang


def _paths(doc, prefix=()):
    """Every (path) to a value in a nested dict/list document."""
    if isinstance(doc, dict):
        for k, v in doc.items():
            yield prefix + (k,)
            yield from _paths(v, prefix + (k,))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            yield prefix + (i,)
            yield from _paths(v, prefix + (i,))


def _set(doc, path, value, delete=False):
    target = doc
    for key in path[:-1]:
        target = target[key]
    if delete:
        del target[path[-1]]
    else:
        target[path[-1]] = value


BASE_DOC = plain_yaml(load_yaml((KRAAIHOEK / "scenario.yaml").read_text(encoding="utf-8"), "scenario.yaml")[0])
BASE_PATHS = list(_paths(BASE_DOC))
BASE_ROWS = list(csv.reader(io.StringIO((KRAAIHOEK / "measures.csv").read_text(encoding="utf-8"))))


@st.composite
def mutation(draw):
    kind = draw(st.sampled_from(["yaml_value", "yaml_delete", "csv_cell", "csv_column", "truncate_yaml",
                                 "truncate_csv", "truncate_xlsx", "xlsx_cell"]))
    if kind in ("yaml_value", "yaml_delete"):
        return kind, draw(st.integers(0, len(BASE_PATHS) - 1)), draw(st.integers(0, len(ODD) - 1))
    if kind in ("csv_cell", "xlsx_cell"):
        return kind, (draw(st.integers(1, len(BASE_ROWS) - 1)), draw(st.integers(0, len(BASE_ROWS[0]) - 1))), \
            draw(st.integers(0, len(ODD) - 1))
    if kind == "csv_column":
        return kind, draw(st.integers(0, len(BASE_ROWS[0]) - 1)), 0
    return kind, draw(st.floats(0.0, 1.0)), 0


def _xlsx(rows: list[list]) -> bytes:
    """The measures table as a workbook, numbers as numbers (as a consultant's sheet has them)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "measures"
    for row in rows:
        ws.append([_cell(v) for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _cell(value):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):  # a workbook cannot hold control characters at all
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    try:
        return float(value) if isinstance(value, str) and value.strip() else value
    except ValueError:
        return value


def _write(folder: Path, kind: str, where, odd: int) -> None:
    import copy

    doc, rows = copy.deepcopy(BASE_DOC), [list(r) for r in BASE_ROWS]
    yaml_text = csv_text = None
    if kind == "yaml_value":
        _set(doc, BASE_PATHS[where], ODD[odd])
    elif kind == "yaml_delete":
        _set(doc, BASE_PATHS[where], None, delete=True)
    elif kind == "csv_cell":
        r, c = where
        rows[r][c] = str(ODD[odd])
    elif kind == "csv_column":
        rows = [row[:where] + row[where + 1:] for row in rows]
    elif kind == "xlsx_cell":
        r, c = where
        rows[r][c] = ODD[odd] if not isinstance(ODD[odd], (list, dict)) else str(ODD[odd])
    if kind in ("truncate_xlsx", "xlsx_cell"):
        doc["measures"] = "measures.xlsx"
        data = _xlsx(rows)
        if kind == "truncate_xlsx":
            data = data[: int(where * len(data))]
        (folder / "measures.xlsx").write_bytes(data)
    if kind == "truncate_yaml":
        raw = (KRAAIHOEK / "scenario.yaml").read_bytes()
        (folder / "scenario.yaml").write_bytes(raw[: int(where * len(raw))])
    else:
        yaml_text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
        (folder / "scenario.yaml").write_text(yaml_text, encoding="utf-8")
    if kind in ("truncate_xlsx", "xlsx_cell"):
        return
    if kind == "truncate_csv":
        raw = (KRAAIHOEK / "measures.csv").read_bytes()
        (folder / "measures.csv").write_bytes(raw[: int(where * len(raw))])
    else:
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(rows)
        csv_text = buf.getvalue()
        (folder / "measures.csv").write_text(csv_text, encoding="utf-8")


@settings(max_examples=160, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(mutation())
def test_mutated_scenario_gives_a_located_error_or_a_valid_run(tmp_path_factory, capsys, case):
    folder = tmp_path_factory.mktemp("fuzz")
    _write(folder, *case)
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(60)
    try:
        code = main(["validate", str(folder / "scenario.yaml")])
        out = capsys.readouterr()
        assert code in (0, 2), (case, code)
        assert "Traceback" not in out.out + out.err, case
        if code == 2:
            assert "error" in (out.out + out.err).lower(), case
        else:
            scenario = mkba.read_scenario(folder / "scenario.yaml")
            try:
                mkba.run(scenario, sensitivity=False)
            except ScenarioError as err:  # e.g. a budget the rules cannot meet: located, not a crash
                assert err.issues, case
            CASES["valid"] += 1
    except _Hang:  # pragma: no cover
        pytest.fail(f"no answer within 60 s for {case}")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        shutil.rmtree(folder, ignore_errors=True)
    CASES["n"] += 1


def test_report_how_many_cases_ran():
    """Runs after the fuzz test (file order): prints the count, and fails if the fuzzer did not run."""
    print(f"fuzz: {CASES['n']} mutated scenarios, {CASES['valid']} of them valid runs")
    assert CASES["n"] >= 100
