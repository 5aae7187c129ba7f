"""Fuzzing the loader and the run: mutated copies of every bundled scenario end in a located error
(exit code 2 from ``mkba run``) or in a valid run, never in a traceback or a hang.

Each case copies the whole scenario folder (GeoJSON files and every sheet included), applies one
mutation and runs ``mkba run --no-sensitivity --no-report`` through the CLI entry point under a
time limit. Mutations (hypothesis, derandomized: the same cases on every machine):

- YAML: a value replaced by a wrong type, a huge or non-finite number, odd unicode or an empty
  container; a key deleted; a key misspelt; the file truncated at a random byte;
- measures table, in its own format (CSV, or the scenario's sheet of the XLSX): a cell replaced the
  same way; a column dropped; the table emptied (no rows, or the header only); the file truncated;
  a cell replaced after converting the table to the other format (CSV <-> XLSX);
- GeoJSON (scenarios with a map): a file truncated;
- rules: a prerequisite cycle (A requires B, B requires A, with or without a lag), a measure both
  mandatory and forbidden, two mandatory measures in one exclusive group.

An exit code 2 must come with a located message: every ``error:`` line names a file of the case
and a line, row, sheet or field, or is one of the few problems of a whole file (``WHOLE_FILE``: an
unreadable workbook, an empty table, a YAML file that is not a mapping). A valid run must have
written results.json; for the rule mutations it must also give the defined result (contradictions:
an infeasible portfolio naming the rules with their lines; a cycle: both or neither, or neither
when a lag makes it impossible).
The counts per scenario are printed in the terminal summary (tests/conftest.py).

Beyond the scenarios (issue 18): the internals of an XLSX longlist (the stored dimension, the sheet's
XML bytes cut, spliced or trimmed, the shared strings indexed past their end, cut, dropped, with an
entity declaration or empty, and zip entries dropped, garbled or renamed) give exit 0 or 2 with a
located error, and a well-formed stale dimension never changes what is read; every numeric CLI option
(hypothesis over integers, floats, text) parses within its documented bounds or is refused by
argparse naming the option and the range.
"""

from __future__ import annotations

import contextlib
import copy
import csv
import io
import json
import re
import shutil
import signal
import time
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkba.cli import main
from mkba.io.readers import load_yaml, plain_yaml

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = sorted(p.relative_to(ROOT / "scenarios").as_posix() for p in (ROOT / "scenarios").rglob("scenario*.yaml")
                   if ".collected" not in p.name)
ODD = [None, "", "abc", -1, 0, 1e308, -1e308, float("nan"), float("inf"), [], {}, True, 10**40,
       "\u202e\U0001F600\x00", "1e999", "  ", "NaN", -0.0, [1, "x"], {"a": {"b": None}}]
KINDS = ("yaml_value", "yaml_delete", "yaml_key_typo", "truncate_yaml", "cell", "cell_other_format", "column",
         "empty_table", "truncate_table", "requires_cycle", "mandatory_forbidden", "mandatory_exclusive")
RULE_KINDS = ("requires_cycle", "mandatory_forbidden", "mandatory_exclusive")

PER_KIND = {"kraaihoek/scenario.yaml": 2, "default": 3}
"""Cases per kind of mutation and scenario: 3, and 2 for kraaihoek, whose valid runs cost most (its
frontier and parties' portfolios take about 1.5 s): 281 cases, 30-60 s on a two-core machine."""
MIN_VALID = 0.20
"""The least share of cases per scenario that must reach a valid run (measured 31-39 %, see
docs/reliability.md). A broken base (the audit's: a copy without the GeoJSON files) gives 0 %."""
CASE_LIMIT = 60
"""Seconds one case may take before it counts as a hang."""



class _Hang(BaseException):  # not an Exception: the CLI's last line of defence must not swallow it
    pass


def _alarm(signum, frame):  # pragma: no cover - only on a hang
    raise _Hang


def _paths(doc, prefix=()):
    """Every path to a value in a nested dict/list document."""
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


@dataclass(frozen=True)
class Base:
    """One bundled scenario as the fuzzer sees it."""

    name: str            # e.g. "assen/scenario-noord.yaml"
    folder: Path         # its folder in the repository (copied whole for every case)
    yaml_name: str
    doc: dict
    paths: tuple
    table: str           # the measures file, relative to the folder
    sheet: str | None    # the sheet of an XLSX table
    rows: tuple          # header and data rows: text for CSV, typed cells for XLSX
    ids: tuple
    geojson: tuple       # GeoJSON files in the folder

    @property
    def xlsx(self) -> bool:
        return self.table.lower().endswith(".xlsx")


@lru_cache(maxsize=None)
def base(name: str) -> Base:
    path = ROOT / "scenarios" / name
    doc = plain_yaml(load_yaml(path.read_text(encoding="utf-8"), path.name)[0])
    table = doc["measures"]
    sheet = None
    if table.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        wb = load_workbook(path.parent / table, read_only=True)
        names = wb.sheetnames
        sheet = doc.get("measures_sheet") or next((s for s in ("measures", "maatregelen") if s in names), names[0])
        rows = [list(r) for r in wb[sheet].iter_rows(values_only=True)]
        wb.close()
        rows = [r for r in rows if any(v is not None for v in r)]
    else:
        rows = list(csv.reader(io.StringIO((path.parent / table).read_text(encoding="utf-8"))))
    col = rows[0].index("id")
    return Base(name, path.parent, path.name, doc, tuple(_paths(doc)), table, sheet, tuple(map(tuple, rows)),
                tuple(str(r[col]) for r in rows[1:]), tuple(sorted(p.name for p in path.parent.glob("*.geojson"))))


def _pick(b: Base, kind: str, field: str, n: int) -> st.SearchStrategy[int]:
    """An index in range(n). Hypothesis starts from its simplest draw (0); the offset, fixed per
    scenario, kind and field, makes that first case a different cell, path or value in each."""
    offset = zlib.crc32(f"{b.name}:{kind}:{field}".encode())
    return st.integers(0, 2**20).map(lambda i: (i + offset) % n)


def _fraction(b: Base, kind: str) -> st.SearchStrategy[float]:
    offset = zlib.crc32(f"{b.name}:{kind}".encode()) / 2**32
    return st.floats(0.0, 1.0).map(lambda x: (x + offset) % 1.0)


def kinds(b: Base) -> tuple[str, ...]:
    return KINDS + (("truncate_geojson",) if b.geojson else ())


def mutation(b: Base, kind: str) -> st.SearchStrategy[dict]:
    """The parameters of one ``kind`` of mutation of scenario ``b``."""
    n_rows, n_cols, n_ids = len(b.rows) - 1, len(b.rows[0]), len(b.ids)
    if kind in ("yaml_value", "yaml_delete", "yaml_key_typo"):
        return st.fixed_dictionaries({"path": _pick(b, kind, "path", len(b.paths)),
                                      "odd": _pick(b, kind, "odd", len(ODD))})
    if kind in ("cell", "cell_other_format"):
        return st.fixed_dictionaries({"row": _pick(b, kind, "row", n_rows).map(lambda r: r + 1),
                                      "col": _pick(b, kind, "col", n_cols), "odd": _pick(b, kind, "odd", len(ODD))})
    if kind == "column":
        return st.fixed_dictionaries({"col": _pick(b, kind, "col", n_cols)})
    if kind == "empty_table":
        return st.fixed_dictionaries({"header": _pick(b, kind, "header", 2).map(bool)})
    if kind in RULE_KINDS:
        return st.fixed_dictionaries({"i": _pick(b, kind, "i", n_ids), "j": _pick(b, kind, "j", n_ids - 1),
                                      "lag": _pick(b, kind, "lag", 3)}).map(
            lambda p: {**p, "j": p["j"] + (p["j"] >= p["i"])})
    if kind == "truncate_geojson":
        return st.fixed_dictionaries({"file": _pick(b, kind, "file", len(b.geojson)), "at": _fraction(b, kind)})
    return st.fixed_dictionaries({"at": _fraction(b, kind)})


def _cell(value):
    """A value as an XLSX cell: numbers as numbers (as a consultant's sheet has them), no control characters."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, (list, dict)):
        value = str(value)
    if isinstance(value, str):  # a workbook cannot hold control characters at all
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        try:
            return float(value) if value.strip() and not re.search(r"[^0-9eE.+-]", value.strip()) else value
        except ValueError:
            return value
    return value


def _text(value) -> str:
    return "" if value is None else str(value)


def _xlsx_bytes(rows, sheet: str = "measures") -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    for row in rows:
        ws.append([_cell(v) for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _csv_text(rows) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([[_text(v) for v in row] for row in rows])
    return buf.getvalue()


def write_case(b: Base, folder: Path, kind: str | None, p: dict) -> Path:
    """Copy the whole scenario folder to ``folder`` and apply the mutation; returns the scenario file.

    ``kind=None`` writes the unmutated base through the harness (the YAML re-dumped); the kinds
    ``"as_csv"`` and ``"as_xlsx"`` write the unmutated table converted to that format."""
    shutil.copytree(b.folder, folder)
    doc, rows = copy.deepcopy(b.doc), [list(r) for r in b.rows]
    scenario = folder / b.yaml_name
    dump_yaml = kind is None
    table = None  # None: keep the copied file; else the rows to write, converted or native
    convert = kind in ("cell_other_format", "as_csv", "as_xlsx") and (kind != "as_csv" or b.xlsx) \
        and (kind != "as_xlsx" or not b.xlsx)
    if kind in ("yaml_value", "yaml_delete", "yaml_key_typo"):
        path, dump_yaml = b.paths[p["path"]], True
        if kind == "yaml_value":
            _set(doc, path, ODD[p["odd"]])
        elif kind == "yaml_delete" or not isinstance(path[-1], str):
            _set(doc, path, None, delete=True)
        else:  # a misspelt key: the value stays, under a name one letter off
            parent = doc
            for key in path[:-1]:
                parent = parent[key]
            parent[path[-1][:-1] + "x" if len(path[-1]) > 1 else "x"] = parent.pop(path[-1])
    elif kind in ("cell", "cell_other_format"):
        rows[p["row"]][p["col"]] = ODD[p["odd"]]
        table = rows
    elif kind == "column":
        table = [r[:p["col"]] + r[p["col"] + 1:] for r in rows]
    elif kind == "empty_table":
        table = rows[:1] if p["header"] else []
    elif kind in ("as_csv", "as_xlsx"):
        table = rows
    elif kind in RULE_KINDS:
        a, c = b.ids[p["i"]], b.ids[p["j"]]
        rules = doc.get("rules") if isinstance(doc.get("rules"), list) else []
        if kind == "requires_cycle":
            lag = {"lag": p["lag"]} if p["lag"] else {}
            rules += [{"requires": a, "on": c, **lag}, {"requires": c, "on": [a], **lag}]
        elif kind == "mandatory_forbidden":
            rules += [{"mandatory": a}, {"forbidden": a}]
        else:
            rules += [{"mandatory": [a, c]}, {"exclusive": [a, c]}]
        doc["rules"], dump_yaml = rules, True
    elif kind == "truncate_yaml":
        raw = (b.folder / b.yaml_name).read_bytes()
        scenario.write_bytes(raw[: int(p["at"] * len(raw))])
    elif kind == "truncate_table":
        raw = (b.folder / b.table).read_bytes()
        (folder / b.table).write_bytes(raw[: int(p["at"] * len(raw))])
    elif kind == "truncate_geojson":
        raw = (b.folder / b.geojson[p["file"]]).read_bytes()
        (folder / b.geojson[p["file"]]).write_bytes(raw[: int(p["at"] * len(raw))])
    if table is not None:
        to_xlsx = b.xlsx != convert
        if convert:  # the table in the other format, under a new name beside the original
            doc["measures"] = "measures-fuzz.xlsx" if to_xlsx else "measures-fuzz.csv"
            doc.pop("measures_sheet", None)
            dump_yaml = True
        target = folder / doc["measures"]
        if not to_xlsx:
            target.write_text(_csv_text(table), encoding="utf-8")
        elif convert:
            target.write_bytes(_xlsx_bytes(table))
        else:  # the scenario's own workbook, its other sheets kept
            from openpyxl import load_workbook

            wb = load_workbook(b.folder / b.table)
            ws = wb[b.sheet]
            ws.delete_rows(1, ws.max_row)
            for row in table:
                ws.append([_cell(v) for v in row])
            wb.save(target)
    if dump_yaml:
        scenario.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return scenario


LOCATION = re.compile(r"\b(line|row) \d+|\bfield '|\bsheet '")
WHOLE_FILE = ("not a readable XLSX workbook", "the table is empty", "the longlist is empty",
              "the scenario file must be a YAML mapping")
"""Problems of a whole file, located by the file name alone (there is no line to point at)."""


def unlocated(err: str, folder: Path) -> list[str]:
    """The ``error:`` lines of ``err`` that do not name a file of ``folder`` and a line, row, sheet or field."""
    names = {p.name for p in folder.rglob("*") if p.is_file()}
    lines = [line.strip() for line in err.splitlines() if line.strip().startswith("error:")]
    if not lines:
        return [f"no 'error:' line in {err[-500:]!r}"]
    bad = []
    for line in lines:
        where, _, message = line[len("error:"):].strip().partition(": ")
        if not (any(n in where for n in names) and (LOCATION.search(where) or message.startswith(WHOLE_FILE))):
            bad.append(line)
    return bad


def cli(*args: str) -> tuple[int, str, str]:
    """``mkba ARGS`` in this process: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def defined_result(b: Base, kind: str, p: dict, results: dict) -> str | None:
    """What is wrong with a valid run's result for a rule mutation (None: as defined)."""
    if kind not in RULE_KINDS:
        return None
    portfolio = results.get("portfolio")
    if portfolio is None:
        return "no portfolio in results.json"
    a, c = b.ids[p["i"]], b.ids[p["j"]]
    if kind in ("mandatory_forbidden", "mandatory_exclusive"):
        diagnosis = portfolio.get("diagnosis") or {}
        origins = diagnosis.get("origins") or []
        if portfolio["status"] != "infeasible" or not origins or not all(re.search(r"line \d+", o) for o in origins):
            return f"contradictory rules gave {portfolio['status']} with diagnosis {diagnosis!r}"
        return None
    if portfolio["status"] not in ("optimal", "time_limit"):
        return None  # the base rules and budget with the cycle may conflict: an explained infeasibility is fine
    chosen = set(portfolio["selected"])
    if p["lag"] and chosen & {a, c}:
        return f"{a} and {c} require each other {p['lag']} year(s) earlier, yet {sorted(chosen & {a, c})} chosen"
    if not p["lag"] and len(chosen & {a, c}) == 1:
        return f"{a} and {c} require each other, yet only {sorted(chosen & {a, c})} chosen"
    return None


def run_case(b: Base, kind: str, p: dict, work: Path) -> tuple[str, str]:
    """(outcome, detail): outcome is valid, located, unlocated, traceback or hang."""
    scenario = write_case(b, work / "s", kind, p)
    out = work / "out"
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(CASE_LIMIT)
    try:
        code, stdout, stderr = cli("run", str(scenario), "--out", str(out), "--no-sensitivity", "--no-report",
                                   "--quiet", "--time-limit", "10")
    except _Hang:  # pragma: no cover
        return "hang", f"no answer within {CASE_LIMIT} s"
    except Exception as err:  # noqa: BLE001 - escaped the CLI: that is the traceback a user would see
        return "traceback", f"{type(err).__name__}: {err}"
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    if code == 2:
        bad = unlocated(stderr, work / "s")
        return ("unlocated", "\n".join(bad)) if bad else ("located", "")
    if code != 0 or "Traceback" in stdout + stderr:
        return "traceback", f"exit code {code}: {stderr[-2000:]}"
    if not (out / "results.json").is_file():
        return "traceback", "exit code 0 without results.json"
    problem = defined_result(b, kind, p, json.loads((out / "results.json").read_text(encoding="utf-8")))
    return ("traceback", problem) if problem else ("valid", "")


@pytest.mark.parametrize("name", SCENARIOS)
def test_unmutated_base_validates(name, tmp_path):
    """The base of the fuzzer is a valid scenario: copied as is, re-written by the harness, and with
    its table converted to the other format. Otherwise every case would stop on the same error."""
    b = base(name)
    for kind in (None, "as_csv", "as_xlsx"):
        folder = tmp_path / str(kind)
        scenario = (shutil.copytree(b.folder, folder) / b.yaml_name) if kind is None else \
            write_case(b, folder / "s", kind, {})
        code, _, err = cli("validate", str(scenario))
        assert code == 0 and "error:" not in err, (kind, err[-3000:])
        if kind is None:
            code, _, err = cli("validate", str(write_case(b, tmp_path / "dumped", None, {})))
            assert code == 0 and "error:" not in err, ("re-dumped YAML", err[-3000:])


def test_every_bundled_scenario_is_fuzzed():
    assert {"kraaihoek/scenario.yaml", "landlust-westerkwartier/scenario.yaml", "vitale-kerngebieden/scenario.yaml",
            "wijkaanpak-aardgasvrij/scenario.yaml", "assen/scenario-noord.yaml",
            "assen/scenario-stadsbedrijvenpark.yaml", "assen/scenario-verspreid.yaml",
            "assen/scenario-zuidwest.yaml"} <= set(SCENARIOS)


def test_the_located_check_rejects_what_a_user_cannot_find(tmp_path):
    (tmp_path / "scenario.yaml").write_text("name: x\n")
    (tmp_path / "measures.csv").write_text("id\n")
    assert unlocated("1 error(s) in the input:\n  error: /t/scenario.yaml, line 3, field 'a.b': bad (got 1)\n"
                     "  error: /t/measures.csv, row 4, field 'co2': not a number\n  warning: x: y\n", tmp_path) == []
    assert unlocated("error: /t/measures.csv: the table is empty; expected a header row", tmp_path) == []
    for err in ("error: something went wrong", "error: /t/scenario.yaml: bad", "error: line 3: bad",
                "unexpected error: KeyError: 'x'", "error: /t/other.yaml, line 3: bad", "0 error(s) in the input:\n",
                "error: /t/scenario.yaml: missing key"):
        assert unlocated(err, tmp_path), err


@pytest.mark.slow
@pytest.mark.parametrize("name", SCENARIOS)
def test_mutated_scenario_gives_a_located_error_or_a_valid_run(name, tmp_path_factory, reliability_log):
    """Every kind of mutation, PER_KIND cases each (hypothesis draws where), on one scenario.
    Failures are recorded rather than raised, so every case runs and the message lists them all."""
    b = base(name)
    tally: Counter = Counter()
    failures: list = []
    t0 = time.perf_counter()
    per_kind = PER_KIND.get(name, PER_KIND["default"])
    try:
        for kind in kinds(b):
            @settings(max_examples=per_kind, deadline=None, suppress_health_check=list(HealthCheck))
            @given(mutation(b, kind))
            def case(p):
                work = tmp_path_factory.mktemp("fuzz")
                try:
                    outcome, detail = run_case(b, kind, p, work)
                finally:
                    shutil.rmtree(work, ignore_errors=True)
                tally["cases"] += 1
                tally[outcome] += 1
                tally[f"{kind}:{outcome}"] += 1
                if outcome not in ("valid", "located"):
                    failures.append(((kind, p), outcome, detail))

            case()
    finally:
        reliability_log["fuzz"][name] = {**tally, "seconds": time.perf_counter() - t0}
    assert not failures, f"{len(failures)} of {tally['cases']} cases failed:\n" + "\n".join(
        f"{m}: {outcome}: {detail[:500]}" for m, outcome, detail in failures)
    assert tally["cases"] >= 0.9 * per_kind * len(kinds(b)), dict(tally)  # hypothesis really ran the cases
    assert tally["valid"] >= MIN_VALID * tally["cases"], (f"only {tally['valid']} of {tally['cases']} cases reached "
                                                          f"a valid run (floor {MIN_VALID:.0%})", dict(tally))


@pytest.mark.parametrize("kind,p", [("requires_cycle", {"i": 0, "j": 1, "lag": 0}),
                                    ("requires_cycle", {"i": 0, "j": 1, "lag": 2}),
                                    ("mandatory_forbidden", {"i": 2, "j": 0, "lag": 0}),
                                    ("mandatory_exclusive", {"i": 0, "j": 3, "lag": 0}),
                                    ("empty_table", {"header": False}), ("empty_table", {"header": True})])
@pytest.mark.parametrize("name", ["vitale-kerngebieden/scenario.yaml", "wijkaanpak-aardgasvrij/scenario.yaml"])
def test_each_new_mutation_kind_has_its_defined_outcome(name, kind, p, tmp_path):
    """The new kinds once each on a CSV and an XLSX scenario, whatever hypothesis draws: contradictory
    rules are an infeasible portfolio naming both rules by line, a cycle is both-or-neither (neither
    with a lag), an empty table (CSV file or XLSX sheet) is a located error."""
    outcome, detail = run_case(base(name), kind, p, tmp_path)
    assert outcome == ("located" if kind == "empty_table" else "valid"), detail


def test_a_required_text_set_to_null_is_a_located_error(tmp_path):
    """Found by this fuzzer in every scenario: ``name: null`` gave exit code 2 with the bare line
    "0 error(s) in the input:" and nothing else (the loader raised a ScenarioError without an issue)."""
    b = base("vitale-kerngebieden/scenario.yaml")
    outcome, detail = run_case(b, "yaml_value", {"path": b.paths.index(("name",)), "odd": ODD.index(None)}, tmp_path)
    assert outcome == "located", detail


# -- XLSX internals (issue 18): the parts of the workbook mutated, not only its cells --------------

SHEET_XML = "xl/worksheets/sheet1.xml"


def _shared_strings(parts: dict) -> dict:
    """The workbook with its text cells in a shared-strings part, as Excel writes it (openpyxl
    writes them inline)."""
    strings: list[str] = []

    def shared(match: re.Match) -> bytes:
        text = match.group(2).decode()
        if text not in strings:
            strings.append(text)
        return match.group(1).replace(b't="inlineStr"', b't="s"') + b"<v>%d</v></c>" % strings.index(text)

    sheet = re.sub(rb'(<c [^>]*t="inlineStr"[^>]*>)<is><t[^>]*>([^<]*)</t></is></c>', shared, parts[SHEET_XML])
    sst = (b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">'
           % (len(strings), len(strings)) + b"".join(b"<si><t>%s</t></si>" % s.encode() for s in strings) + b"</sst>")
    rels = parts["xl/_rels/workbook.xml.rels"].replace(b"</Relationships>", b'<Relationship Id="rIdS" Type="http://'
           b'schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
           b"</Relationships>")
    types = parts["[Content_Types].xml"].replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" '
            b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    return {**parts, SHEET_XML: sheet, "xl/sharedStrings.xml": sst, "xl/_rels/workbook.xml.rels": rels,
            "[Content_Types].xml": types}


@lru_cache(maxsize=None)
def _mini_workbook() -> dict:
    """The parts of the mini scenario's longlist as an XLSX workbook with shared strings."""
    rows = list(csv.reader(io.StringIO((ROOT / "tests" / "data" / "mini" / "measures.csv").read_text(encoding="utf-8"))))
    typed = [rows[0]] + [[_cell(v) for v in row] for row in rows[1:]]
    with zipfile.ZipFile(io.BytesIO(_xlsx_bytes(typed))) as z:
        return _shared_strings({i.filename: z.read(i.filename) for i in z.infolist()})


XLSX_PART_KINDS = ("dimension", "sheet_bytes", "shared_strings", "zip_entries")
VALID_REFS = ("A1:N3", "A1", "A1:B2", "A1:XFD1048576", "A1:N1", "B2:C3")
"""Stored extents that are well formed (stale or too large): the real extent is read whatever they say.
A malformed one (``garbage``) may instead be refused as an unreadable workbook, located."""


class Parts(dict):
    """The workbook's parts; shown by their names only when hypothesis reports a case."""

    def __init__(self, parts: dict, what: str) -> None:
        super().__init__(parts)
        self.what = what

    def __repr__(self) -> str:
        return f"Parts({self.what}; {sorted(self)})"


@st.composite
def xlsx_part_mutation(draw) -> tuple[str, dict]:
    kind = draw(st.sampled_from(XLSX_PART_KINDS))
    parts = dict(_mini_workbook())
    sheet = parts[SHEET_XML]
    if kind == "dimension":  # any stored extent, stale or absurd: the real one is read
        ref = draw(st.sampled_from(VALID_REFS + ("Z9:A1", "", "garbage")))
        parts[SHEET_XML] = re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="%s"/>' % ref.encode(), sheet)
        return kind, Parts(parts, f"dimension {ref!r}")
    elif kind == "sheet_bytes":
        at = draw(st.integers(0, len(sheet)))
        how = draw(st.sampled_from(["cut", "insert", "delete"]))
        junk = draw(st.binary(min_size=1, max_size=20) | st.sampled_from([b"<", b">", b"&", b"<!DOCTYPE x>", b'"']))
        parts[SHEET_XML] = (sheet[:at] if how == "cut" else sheet[:at] + junk + sheet[at:] if how == "insert"
                            else sheet[:at] + sheet[at + draw(st.integers(1, 50)):])
        what = f"sheet XML {how} at {at} ({junk!r})"
    elif kind == "shared_strings":
        sst = parts["xl/sharedStrings.xml"]
        how = draw(st.sampled_from(["index", "cut", "drop", "entity", "empty"]))
        what = f"shared strings {how}"
        if how == "index":
            parts[SHEET_XML] = re.sub(rb"<v>0</v>", b"<v>%d</v>" % draw(st.integers(-5, 10**6)), sheet, count=1)
        elif how == "cut":
            parts["xl/sharedStrings.xml"] = sst[:draw(st.integers(0, len(sst) - 1))]
        elif how == "drop":
            del parts["xl/sharedStrings.xml"]
        elif how == "entity":
            parts["xl/sharedStrings.xml"] = b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY e "x">]>' + sst
        else:
            parts["xl/sharedStrings.xml"] = b""
    else:
        names = sorted(parts)
        name = draw(st.sampled_from(names))
        how = draw(st.sampled_from(["drop", "garbage", "rename"]))
        what = f"zip entry {name} {how}"
        if how == "drop":
            del parts[name]
        elif how == "garbage":
            parts[name] = draw(st.binary(max_size=64))
        else:
            parts[name.upper() if name != name.upper() else name + "x"] = parts.pop(name)
    return kind, Parts(parts, what)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(xlsx_part_mutation())
def test_xlsx_internals_give_a_located_error_or_a_correct_read(tmp_path_factory, case):
    """Parts of the workbook mutated (the stored dimension, the sheet's XML bytes, the shared strings,
    the zip entries): ``mkba validate`` exits 0 or 2, never 1; a dimension never changes what is read;
    every error names the workbook and where in it, or is a whole-file problem."""
    kind, parts = case
    folder = tmp_path_factory.mktemp("xlsx")
    shutil.copytree(ROOT / "tests" / "data" / "mini", folder, dirs_exist_ok=True)
    (folder / "measures.csv").unlink()
    with zipfile.ZipFile(folder / "measures.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    scenario = folder / "scenario.yaml"
    scenario.write_text(scenario.read_text(encoding="utf-8").replace("measures.csv", "measures.xlsx"), encoding="utf-8")
    code, out, err = cli("validate", str(scenario))
    assert code in (0, 2) and "Traceback" not in err and "unexpected error" not in err, (kind, err[-800:])
    if kind == "dimension" and any(f"'{ref}'" in parts.what for ref in VALID_REFS):
        assert code == 0 and "4 measures" in out, err
    if code == 2:
        assert not unlocated(err, folder), (kind, err[-800:])


def test_the_unmutated_shared_strings_workbook_reads(tmp_path):
    """The fuzzer's base workbook (shared strings, as Excel writes) reads all four measures."""
    from mkba.io.tables import read_table

    path = tmp_path / "m.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        for name, data in _mini_workbook().items():
            z.writestr(name, data)
    assert b't="s"' in _mini_workbook()[SHEET_XML]
    table, issues = read_table(path, "m.xlsx")
    assert issues == [] and [c["id"] for _, c in table.rows] == ["M1", "M2", "M3", "M4"]


# -- CLI arguments (issue 18): every numeric option refuses with its range or parses within it -------

NUMERIC_OPTIONS = {  # option: (command, low, high)
    "--samples": ("run", 100, 10_000_000), "--seed": ("run", 0, 2**63 - 1), "--budget": ("run", 0, 1e15),
    "--time-limit": ("run", 0, float("inf")), "--workers": ("batch", 1, 1_024), "--respondents": ("survey", 1, 1_000)}
ARG_TEXT = (st.integers(-10**40, 10**40).map(str) | st.floats(allow_nan=True, allow_infinity=True).map(repr)
            | st.text(max_size=30) | st.sampled_from(["0", "-0", "1e4", "nan", "inf", "none", "", " 5 ", "1_000",
                                                     "9" * 5000, "0x10", "½", "١٢٣"]))


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.sampled_from(sorted(NUMERIC_OPTIONS)), ARG_TEXT)
def test_numeric_cli_options_parse_within_bounds_or_refuse_clearly(option, text):
    from mkba.cli import _parser

    command, low, high = NUMERIC_OPTIONS[option]
    argv = [command, "x.yaml", "--out", "o", f"{option}={text}"]
    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err):
            args = _parser().parse_args(argv)
    except SystemExit as stop:
        assert stop.code == 2 and f"argument {option}" in err.getvalue() and "Traceback" not in err.getvalue()
        assert "expected" in err.getvalue() or "got" in err.getvalue()
        return
    value = getattr(args, option.lstrip("-").replace("-", "_"))
    assert value is None and option == "--time-limit" or low <= value <= high, (option, text, value)
    if option in ("--samples", "--seed", "--workers", "--respondents"):
        assert isinstance(value, int) and not isinstance(value, bool)
