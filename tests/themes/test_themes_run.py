"""Theme priorities in a run and its results.json (issue 21 item 3)."""

from __future__ import annotations

import numpy as np
import pytest

from mkba.pipeline import run
from mkba.results.validate import check
from mkba.stages.sensitivity import first_rows, weight_stream
from mkba.weights.hierarchy import ranks

TREE = """
value_tree:
  - {id: a, name: Leefbaar, criteria: [liveability, noise]}
  - {id: b, name: Hinder, criteria: [nuisance]}
"""


@pytest.fixture
def treed_path(mini_dir):
    path = mini_dir / "scenario.yaml"
    path.write_text(path.read_text() + TREE)
    return path


def test_run_writes_theme_priorities_with_stability(treed_path):
    done = run(treed_path, samples=400)
    block = done.to_dict()["themes"]
    check(done.to_dict())
    assert [n["id"] for n in block["nodes"]] == ["a", "b"] and block["n_samples"] == 400
    w = done.weights.to_frame()
    for party in done.weights.labels:
        a, b = w.loc[party, "liveability"], w.loc[party, "nuisance"]
        got = block["parties"][party]
        assert (got["a"]["weight"], got["b"]["weight"]) == pytest.approx((a, b))
        assert got["a"]["rank"] == (1 if a >= b else 2)
    # stability from the run's own SMAA weight samples, recomputed here
    seed = np.random.SeedSequence(done.scenario.seed).spawn(2)[0]
    s = first_rows(weight_stream(done.scenario, done.matrix, done.weights, 400, seed), 400)
    col = list(done.matrix.criteria)
    theme_w = np.column_stack([s[:, col.index("liveability")], s[:, col.index("nuisance")]])
    r = ranks(theme_w) + 1
    group = block["parties"]["group"]
    assert group["a"]["stability"] == pytest.approx(np.mean(r[:, 0] == group["a"]["rank"]))
    assert group["b"]["stability"] == pytest.approx(np.mean(r[:, 1] == group["b"]["rank"]))
    for party in done.weights.stakeholders:  # each party's rank, against the same samples
        assert block["parties"][party]["b"]["stability"] == pytest.approx(
            np.mean(r[:, 1] == block["parties"][party]["b"]["rank"]))


def test_run_without_tree_has_no_themes(mini_path):
    assert "themes" not in run(mini_path, sensitivity=False).to_dict()


def test_run_without_sensitivity_has_no_stability(treed_path):
    block = run(treed_path, sensitivity=False).to_dict()["themes"]
    assert block["n_samples"] == 0 and "stability" not in block["parties"]["group"]["a"]


def test_theme_priorities_csv(treed_path):
    import io

    import pandas as pd

    from mkba.writers import render_files

    done = run(treed_path, samples=200)
    frame = pd.read_csv(io.StringIO(render_files(done)["theme_priorities.csv"]))
    assert list(frame.columns) == ["party", "theme", "name", "parent", "weight", "rank", "stability"]
    block = done.to_dict()["themes"]["parties"]
    for row in frame.itertuples():
        assert (row.weight, row.rank, row.stability) == pytest.approx(
            (block[row.party][row.theme]["weight"], block[row.party][row.theme]["rank"],
             block[row.party][row.theme]["stability"]))
    assert len(frame) == 2 * len(done.weights.labels)


def test_no_theme_csv_without_a_tree(mini_path):
    from mkba.writers import render_files

    assert "theme_priorities.csv" not in render_files(run(mini_path, sensitivity=False))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_report_has_the_theme_section(treed_path, tmp_path, lang):
    from mkba.report.figures import render
    from mkba.report.i18n import catalogue
    from mkba.report.markdown import render_markdown
    from mkba.report.tables import build

    results = run(treed_path, samples=200).to_dict()
    report = build(results, lang)
    section = next(s for s in report.sections if s.id == "themes")
    parties, group = [b for b in section.blocks if hasattr(b, "rows")]
    block = results["themes"]["parties"]["group"]
    assert [r[0] for r in group.rows] == ["Leefbaar", "Hinder"]
    assert [r[1:] for r in group.rows] == [(block[t]["weight"], block[t]["rank"], block[t]["stability"]) for t in "ab"]
    assert parties.rows[0][-2:] == (block["a"]["weight"], block["a"]["rank"])
    fig = render("themes", results, catalogue(lang))
    assert fig is not None and "Leefbaar" in fig.svg
    md = render_markdown(results, lang)
    assert catalogue(lang)("section.themes") in md and catalogue(lang)("themes.table.group") in md


def test_flat_report_has_no_theme_section(mini_path):
    from mkba.report.tables import build

    assert all(s.id != "themes" for s in build(run(mini_path, sensitivity=False).to_dict()).sections)


def test_html_and_excel_carry_the_theme_section(treed_path):
    import io

    import openpyxl

    from mkba.report.excel import render_xlsx
    from mkba.report.html import render_html
    from mkba.report.i18n import catalogue

    results = run(treed_path, samples=200).to_dict()
    cat = catalogue("en")
    html = render_html(results, "en")
    assert cat("section.themes") in html and 'id="fig-themes"' in html
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(results, "en")))
    sheet = next(ws for ws in book.worksheets if cat("themes.table.group").startswith(ws.title))
    cells = [c.value for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "Leefbaar" in cells and "Hinder" in cells
