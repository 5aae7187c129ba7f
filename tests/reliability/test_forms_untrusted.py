"""Returned survey forms are untrusted input (issue 18, item 3): each attack of the probe, built
here from an honest form, is refused with its reason and file, or costs nothing; honest forms
still collect as before.

The builders (:func:`honest_form`, :func:`with_rows`, :func:`rewrite_part` ...) are also used by
benchmarks/bench_hostile_forms.py, which measures time and memory of the full-size attacks.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import tracemalloc
import zipfile
from pathlib import Path
from typing import Callable

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from openpyxl import load_workbook

from mkba.errors import ScenarioError
from mkba.stages.check import read_scenario
from mkba.survey import check_form, collect, gather, intake, write_forms
from mkba.survey.forms_xlsx import FIRST_ROW, META_SHEET
from mkba.survey.signature import SIGNED_KEYS, sign

ROOT = Path(__file__).resolve().parents[2]
KRAAIHOEK = ROOT / "scenarios" / "kraaihoek"
SHEET = "Questions"
RANKS = [2, 1, 3, 5, 4, 6]


# ---------------------------------------------------------------------------------------------
# Builders of honest and hostile forms
# ---------------------------------------------------------------------------------------------


def copy_scenario(target: Path) -> Path:
    shutil.copytree(KRAAIHOEK, target)
    return target / "scenario.yaml"


def honest_form(scenario: Path, out: Path, party: str = "gemeente", ranks: list[int] = RANKS) -> Path:
    """A ranking form (English) of ``party``, filled in with ``ranks`` as a party would."""
    write_forms(scenario, out, kind="ranking", lang="en")
    form = out / f"{party}.xlsx"
    wb = load_workbook(form)
    for k, rank in enumerate(ranks):
        wb[SHEET][f"E{FIRST_ROW + k}"] = rank
    wb.save(form)
    return form


def part_of(form: Path, title: str) -> str:
    """The zip part holding the sheet called ``title``."""
    with zipfile.ZipFile(form) as z:
        book = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
    sheet = next(m for m in re.findall(r"<sheet\b[^>]*>", book) if f'name="{title}"' in m)
    rid = re.search(r'r:id="([^"]+)"', sheet).group(1)
    target = re.search(rf'<Relationship\b[^>]*Id="{rid}"[^>]*>', rels).group(0)
    path = re.search(r'Target="([^"]+)"', target).group(1)
    return path.lstrip("/") if path.startswith("/") else "xl/" + path


def rewrite_part(form: Path, part: str, change: Callable[[bytes], bytes]) -> None:
    """Replace one part of the XLSX zip by ``change(part)`` (the others are copied)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(form) as src, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            dst.writestr(info.filename, change(data) if info.filename == part else data)
    form.write_bytes(buffer.getvalue())


def with_rows(form: Path, n: int, *, tail: bytes = b"") -> None:
    """Append ``n`` rows (from row 1,000) to the question sheet, then ``tail`` inside sheetData."""
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>1</v></c></row>' for r in range(1000, 1000 + n)).encode()
    rewrite_part(form, part_of(form, SHEET), lambda x: x.replace(b"</sheetData>", rows + tail + b"</sheetData>"))


def with_huge_ranges(form: Path) -> None:
    """What the probe did, and more: the description names the whole sheet as the party cell and
    answer sheet, and the question sheet's stored dimension claims A1:XFD1048576."""
    wb = load_workbook(form)
    meta = wb[META_SHEET]
    for key, value in (("stakeholder_cell", "A1:XFD1048576"), ("respondent_cell", "A1:XFD1048576"),
                       ("answer_sheet", "Instructions"), ("first_row", 1)):
        meta.append([key, json.dumps(value)])
    wb.save(form)
    part = part_of(form, SHEET)
    rewrite_part(form, part, lambda x: re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1:XFD1048576"/>', x))
    with zipfile.ZipFile(form) as z:
        assert b'<dimension ref="A1:XFD1048576"/>' in z.read(part)


def set_meta(form: Path, key: str, value: object) -> None:
    """Change (or, with None, delete) one key of the form's hidden description."""
    wb = load_workbook(form)
    meta = wb[META_SHEET]
    for row in list(meta.iter_rows()):
        if row[0].value == key:
            if value is None:
                meta.delete_rows(row[0].row)
            else:
                row[1].value = json.dumps(value)
    wb.save(form)


def json_form(scenario: Path, out: Path, party: str = "gemeente", ranks: list[int] = RANKS) -> Path:
    """The JSON the HTML form saves (its script copies the form's description, then the answers),
    numbers written as JavaScript writes them (1234567.0 as 1234567)."""
    write_forms(scenario, out, kind="ranking", lang="en")
    page = (out / f"{party}.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'id="mkba-data">(.*?)</script>', page, re.S).group(1))
    doc = dict(data["meta"]) | {"respondent": "", "answers": {"ranking": dict(zip(data["meta"]["criteria"], ranks))}}
    text = json.dumps(doc, indent=2)
    path = out / f"{party}.json"
    path.write_text(re.sub(r"(\d)\.0\b", r"\1", text), encoding="utf-8")
    return path


def issues_of(call: Callable[[], object]) -> list:
    with pytest.raises(ScenarioError) as exc:
        call()
    return [i for i in exc.value.issues if i.severity == "error"]


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    return copy_scenario(tmp_path / "kraaihoek")


@pytest.fixture
def input_hash(scenario: Path) -> str:
    return read_scenario(scenario).input_hash


def peak_mib(call: Callable[[], object]) -> tuple[object, float]:
    tracemalloc.start()
    try:
        result = call()
        return result, tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


# ---------------------------------------------------------------------------------------------
# Bounded reading
# ---------------------------------------------------------------------------------------------


def test_ranges_named_in_the_file_are_never_used(scenario, input_hash, tmp_path):
    """The probe's 15 KB form naming A1:XFD1048576 ran to 3.6 GB: the reader now takes every
    cell from mkba's own layout, so the named ranges and the stored dimension change nothing."""
    honest = check_form(honest_form(scenario, tmp_path / "a"), input_hash)[0]
    form = honest_form(scenario, tmp_path / "b")
    with_huge_ranges(form)
    (got, issues), peak = peak_mib(lambda: check_form(form, input_hash))
    assert issues == [] and got is not None and honest is not None
    assert dict(got.ranks) == dict(honest.ranks) == dict(zip(honest.criteria, RANKS))
    assert got.stakeholder == "gemeente"
    assert peak < 64  # MiB traced by Python: the old reader built every cell of the named range


def test_rows_below_the_questions_are_never_read(scenario, input_hash, tmp_path):
    """The sheet is streamed and left at the last question: 100,000 extra rows followed by broken
    XML are never parsed (a reader that went on would fail on the broken tail)."""
    form = honest_form(scenario, tmp_path / "f")
    with_rows(form, 100_000, tail=b"<row r='5000000'><c r='A5000000'><v>1</v></c></row><not-closed>")
    (got, issues), peak = peak_mib(lambda: check_form(form, input_hash))
    assert issues == [] and got is not None and dict(got.ranks) == dict(zip(got.criteria, RANKS))
    assert peak < 64


def test_a_part_that_unpacks_too_large_is_refused_before_it_is_parsed(scenario, input_hash, tmp_path, monkeypatch):
    form = honest_form(scenario, tmp_path / "f")
    with_rows(form, 40_000)
    monkeypatch.setattr(intake, "MAX_PART_BYTES", 1_000_000)
    (issue,) = issues_of(lambda: gather(scenario, [form]))
    assert issue.file == str(form) and "unpacks to" in issue.message and "sheet" in issue.message
    assert "at most 1,000,000 bytes" in issue.expected
    monkeypatch.setattr(intake, "MAX_FORM_BYTES", 1000)
    (issue,) = issues_of(lambda: gather(scenario, [form]))
    assert issue.file == str(form) and issue.message.startswith("the file has") and "more than" in issue.message


def test_a_sheet_with_far_more_than_the_forms_cells_is_refused_within_a_budget(scenario, input_hash, tmp_path):
    """A question row with 200,000 cells, 200,000 column definitions before the rows, a DTD: each
    refused by what it is, after a bounded amount of XML, never parsed to its end."""
    cells = "".join(f'<c r="A{FIRST_ROW}"><v>1</v></c>' for _ in range(200_000)).encode()
    columns = b'<col min="1" max="1" width="3"/>' * 200_000
    for name, change in (
            ("row", lambda x: x.replace(f'<row r="{FIRST_ROW}"'.encode(), f'<row r="{FIRST_ROW}"'.encode(), 1)
             .replace(f'<c r="A{FIRST_ROW}"'.encode(), cells + f'<c r="A{FIRST_ROW}"'.encode(), 1)),
            ("cols", lambda x: x.replace(b"<sheetData>", b"<cols>" + columns + b"</cols><sheetData>", 1)),
            ("dtd", lambda x: x.replace(b"<worksheet", b'<!DOCTYPE w [<!ENTITY a "aaaa">]><worksheet', 1))):
        form = honest_form(scenario, tmp_path / name)
        rewrite_part(form, part_of(form, SHEET), change)
        (issue,) = [i for i in check_form(form, input_hash)[1] if i.severity == "error"]
        assert issue.file == str(form)
        words = "declares a DTD" if name == "dtd" else "holds far more than a form's cells"
        assert words in issue.message, (name, issue.message)


def test_damaged_workbooks_and_json_are_located_errors(scenario, tmp_path):
    form = honest_form(scenario, tmp_path / "f")
    broken = tmp_path / "broken.xlsx"
    shutil.copy(form, broken)
    rewrite_part(broken, part_of(broken, META_SHEET), lambda x: x[: len(x) // 2])
    (issue,) = issues_of(lambda: gather(scenario, [broken]))
    assert issue.file == str(broken) and "damaged" in issue.message
    deflate = tmp_path / "deflate.xlsx"
    data = bytearray(form.read_bytes())
    start = data.index(part_of(form, SHEET).encode()) + 100  # inside the question sheet's deflate stream
    data[start:start + 64] = bytes(64)
    deflate.write_bytes(bytes(data))
    (issue,) = issues_of(lambda: gather(scenario, [deflate]))
    assert issue.file == str(deflate) and ("damaged" in issue.message or "not a readable" in issue.message)
    for name, text, words in (("deep.json", "[" * 100_000 + "]" * 100_000, "nested too deeply"),
                              ("digits.json", '{"format": ' + "9" * 5000 + "}", "digits"),
                              ("cut.json", '{"format": "mkba-survey", ', "not valid JSON")):
        path = tmp_path / name
        path.write_text(text)
        (issue,) = issues_of(lambda: gather(scenario, [path]))
        assert issue.file == str(path) and words in issue.message


def test_a_flood_of_unknown_answers_is_a_few_issues(scenario, tmp_path):
    path = json_form(scenario, tmp_path / "f")
    doc = json.loads(path.read_text())
    doc["answers"]["ranking"] |= {f"x{k}": 1 for k in range(50_000)}
    path.write_text(json.dumps(doc))
    errors = issues_of(lambda: gather(scenario, [path]))
    assert len(errors) == 11 and errors[-1].message == "49,990 more unknown criteria in the answers"


def test_a_long_cell_is_shown_clipped(scenario, input_hash, tmp_path):
    form = honest_form(scenario, tmp_path / "f")
    wb = load_workbook(form)
    wb[SHEET][f"E{FIRST_ROW}"] = "x" * 30_000
    wb.save(form)
    (issue,) = [i for i in check_form(form, input_hash)[1] if i.severity == "error"]
    assert issue.field == f"E{FIRST_ROW}" and len(str(issue)) < 400


# ---------------------------------------------------------------------------------------------
# The signature: party and scenario
# ---------------------------------------------------------------------------------------------


def test_a_form_changed_to_claim_another_party_is_refused(scenario, tmp_path):
    """The probe changed the party cell and one party's answers replaced another's weights."""
    form = honest_form(scenario, tmp_path / "f", party="gemeente")
    other = honest_form(scenario, tmp_path / "g", party="corporatie", ranks=[1, 2, 3, 4, 5, 6])
    wb = load_workbook(form)
    wb[SHEET]["C4"] = "corporatie"
    wb.save(form)
    (issue,) = issues_of(lambda: collect(scenario, [form, other]))
    assert issue.file == str(form) and issue.field == "C4" and issue.message.startswith("the party code was changed")
    assert not scenario.with_name("scenario.collected.yaml").exists()
    # the party cell and the signed description both changed: the signature no longer holds
    set_meta(form, "stakeholder", "corporatie")
    (issue,) = issues_of(lambda: gather(scenario, [form]))
    assert issue.file == str(form) and issue.sheet == META_SHEET and "changed after `mkba survey` wrote it" in issue.message


def test_a_json_form_changed_to_claim_another_party_is_refused(scenario, tmp_path):
    path = json_form(scenario, tmp_path / "f")
    assert gather(scenario, [path]).results[0].stakeholder == "gemeente"
    doc = json.loads(path.read_text())
    path.write_text(json.dumps(doc | {"stakeholder": "corporatie"}))
    (issue,) = issues_of(lambda: gather(scenario, [path]))
    assert issue.file == str(path) and issue.field == "signature" and "no longer match" in issue.message


def test_changed_questions_are_refused(scenario, tmp_path):
    """Any signed field: here the criteria's ranges and the kind."""
    form = honest_form(scenario, tmp_path / "f")
    meta = {row[0]: json.loads(row[1]) for row in load_workbook(form)[META_SHEET].iter_rows(values_only=True)}
    ranges = meta["ranges"] | {meta["criteria"][1]: [0, 1e9]}
    set_meta(form, "ranges", ranges)
    (issue,) = issues_of(lambda: gather(scenario, [form]))
    assert "changed after `mkba survey` wrote it" in issue.message


def test_a_form_from_another_scenario_is_refused(scenario, tmp_path):
    other = copy_scenario(tmp_path / "other")
    measures = other.parent / "measures.csv"
    text = measures.read_text(encoding="utf-8") if measures.exists() else None
    other.write_text(other.read_text(encoding="utf-8") + "\n# another version\n", encoding="utf-8")
    form = honest_form(other, tmp_path / "f")
    (issue,) = issues_of(lambda: gather(scenario, [form]))
    assert issue.file == str(form) and "made for another scenario" in issue.message
    assert "make new forms" in issue.expected
    assert text is None or measures.read_text(encoding="utf-8") == text


def test_a_form_without_signature_is_refused(scenario, tmp_path):
    form = honest_form(scenario, tmp_path / "f")
    set_meta(form, "signature", None)
    (issue,) = issues_of(lambda: gather(scenario, [form]))
    assert issue.file == str(form) and "carries no signature" in issue.message
    path = json_form(scenario, tmp_path / "g")
    doc = json.loads(path.read_text())
    del doc["signature"]
    path.write_text(json.dumps(doc))
    (issue,) = issues_of(lambda: gather(scenario, [path]))
    assert issue.file == str(path) and "carries no signature" in issue.message


def test_the_signature_covers_every_described_field_and_no_answer(input_hash):
    meta = {"format": "mkba-survey", "version": 2, "kind": "ranking", "lang": "en", "scenario": "S",
            "scenario_file": "s.yaml", "stakeholder": "p", "criteria": ["npv", "c"],
            "ranges": {"npv": [0.0, 1e6], "c": [1.5, 3.0]}, "pairs": [], "required": 0, "scenario_tag": "t"}
    base = sign(meta, input_hash)
    assert set(meta) == set(SIGNED_KEYS)
    for key in SIGNED_KEYS:
        assert sign(meta | {key: "other"}, input_hash) != base, key
    assert sign(meta | {"ranges": {"npv": [0, 1000000], "c": [1.5, 3]}}, input_hash) == base  # JS writes 1e6 as 1000000
    assert sign(meta | {"respondent": "me", "answers": {"x": 1}}, input_hash) == base
    assert sign(meta, input_hash[::-1]) != base


# ---------------------------------------------------------------------------------------------
# Honest forms
# ---------------------------------------------------------------------------------------------


def test_honest_xlsx_and_json_forms_collect_the_same_weights(scenario, tmp_path):
    xlsx = honest_form(scenario, tmp_path / "x", party="gemeente")
    other = honest_form(scenario, tmp_path / "y", party="corporatie", ranks=[1, 2, 3, 4, 5, 6])
    js = json_form(scenario, tmp_path / "j", party="gemeente")
    from_xlsx, from_json = gather(scenario, [xlsx, other]), gather(scenario, [js, other])
    assert [r.stakeholder for r in from_xlsx.results] == [r.stakeholder for r in from_json.results]
    for a, b in zip(from_xlsx.results, from_json.results):
        np.testing.assert_array_equal(a.weights, b.weights)
        assert a.elicitation == b.elicitation
    first = collect(scenario, [xlsx, other]).read_bytes()
    again = collect(scenario, [xlsx, other], overwrite=True).read_bytes()
    assert first == again


# ---------------------------------------------------------------------------------------------
# Fuzz: any damage to any part is a located issue, never an exception
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fuzz_form(tmp_path_factory) -> tuple[Path, str, bytes, list[str]]:
    folder = tmp_path_factory.mktemp("fuzz")
    scenario = copy_scenario(folder / "kraaihoek")
    form = honest_form(scenario, folder / "f")
    with zipfile.ZipFile(form) as z:
        parts = sorted(z.namelist())
    return form, read_scenario(scenario).input_hash, form.read_bytes(), parts


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_damaged_forms_give_located_issues_never_an_exception(fuzz_form, tmp_path_factory, data):
    form, input_hash, original, parts = fuzz_form
    path = tmp_path_factory.mktemp("case") / "form.xlsx"
    path.write_bytes(original)
    part = data.draw(st.sampled_from(parts + ["<zip>"]))
    if part == "<zip>":  # bytes of the archive itself: headers, deflate streams, directory
        at = data.draw(st.integers(0, len(original) - 1))
        path.write_bytes(original[:at] + data.draw(st.binary(max_size=16)) + original[at + data.draw(st.integers(0, 16)):])
    else:
        def change(xml: bytes) -> bytes:
            at = data.draw(st.integers(0, len(xml)))
            new = data.draw(st.binary(max_size=12) | st.sampled_from(
                [b"<", b">", b"</row>", b'<c r="C4" t="s"><v>99999999999</v></c>', b"&a;", b'r="0"', b"\x00"]))
            return xml[:at] + new + xml[at + data.draw(st.integers(0, 12)):]

        rewrite_part(path, part, change)
    answers, issues = check_form(path, input_hash)
    assert answers is not None or any(i.severity == "error" and i.file == str(path) for i in issues)
