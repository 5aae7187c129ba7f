"""`mkba init`: a new scenario folder from the template validates and runs as it is."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

import mkba
from mkba.errors import MkbaError
from mkba.init import create


@pytest.mark.parametrize("lang, sheet, notes", [("nl", "maatregelen", "toelichting"), ("en", "measures", "notes")])
def test_created_scenario_validates_and_runs(tmp_path, lang, sheet, notes):
    folder = create("Wijkplan Noord", tmp_path / "projects", lang=lang)
    assert folder == tmp_path / "projects" / "Wijkplan Noord"
    assert sorted(p.name for p in folder.iterdir()) == ["README.md", "measures.xlsx", "scenario.yaml"]
    scenario, issues = mkba.check_scenario(folder / "scenario.yaml")
    assert scenario is not None
    assert [i for i in issues if i.severity == "error"] == [] and issues == []
    assert scenario.name == "Wijkplan Noord" and scenario.language == lang
    assert len(scenario.measures) == 3 and scenario.portfolio is not None

    run = mkba.run(folder / "scenario.yaml", samples=500)
    assert run.portfolio.portfolio.status == "optimal"
    assert run.sensitivity is not None
    out = mkba.write_run(run, tmp_path / "out", reports=("md",))
    assert "Wijkplan Noord" in (out / "report.md").read_text(encoding="utf-8")

    book = load_workbook(folder / "measures.xlsx")
    assert book.sheetnames == [sheet, notes]
    header = [c.value for c in book[sheet][1]]
    assert header[:9] == ["id", "name", "theme", "start_year", "start_years", "investment", "running_cost",
                          "lifetime", "payer"]
    assert all(c.comment is not None and c.comment.text for c in book[sheet][1])  # the unit of every column
    assert [r[0] for r in book[notes].iter_rows(min_row=2, values_only=True)] == header
    assert book[sheet].max_row == 4  # header plus three example rows


def test_template_workbook_is_reproducible(tmp_path):
    a = create("a", tmp_path)
    b = create("b", tmp_path)
    assert (a / "measures.xlsx").read_bytes() == (b / "measures.xlsx").read_bytes()


def test_refuses_to_overwrite_an_existing_folder(tmp_path):
    folder = create("plan", tmp_path)
    (folder / "scenario.yaml").write_text("mine", encoding="utf-8")
    with pytest.raises(MkbaError, match="already exists; nothing was written"):
        create("plan", tmp_path)
    assert (folder / "scenario.yaml").read_text(encoding="utf-8") == "mine"
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    with pytest.raises(MkbaError, match="already exists"):
        create("afile", tmp_path)


@pytest.mark.parametrize("name", ["", "  ", "a/b", "..", "a\\b"])
def test_rejects_names_that_are_not_plain_folder_names(tmp_path, name):
    with pytest.raises(MkbaError, match="not a usable folder name"):
        create(name, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_rejects_unknown_language(tmp_path):
    with pytest.raises(MkbaError, match="unknown language 'de'"):
        create("plan", tmp_path, lang="de")
    assert list(tmp_path.iterdir()) == []
