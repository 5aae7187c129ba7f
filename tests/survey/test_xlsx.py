"""Excel survey forms: written, filled with openpyxl, collected; weights round-trip; located errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
import yaml
from openpyxl import load_workbook

import mkba
from mkba import weights as wt
from mkba.errors import MkbaError, ScenarioError
from mkba.io.readers import load_yaml, plain_yaml
from mkba.survey import collect, gather, read_form, write_forms
from mkba.survey.design import fit_concentration, form_specs, pairwise_design

ROOT = Path(__file__).resolve().parents[2]
KRAAIHOEK = ROOT / "scenarios" / "kraaihoek"
SHEET = "Vragen"
FIRST = 9


@pytest.fixture
def kraaihoek(tmp_path: Path) -> Path:
    target = tmp_path / "kraaihoek"
    shutil.copytree(KRAAIHOEK, target)
    return target / "scenario.yaml"


def fill_pairwise(path: Path, judgements: dict[tuple[int, int], float], sheet: str = SHEET, n: int = 6) -> None:
    """Answer pair (i, j) with a_ij on the 1-9 scale; pairs not in ``judgements`` stay empty."""
    wb = load_workbook(path)
    ws = wb[sheet]
    for k, (i, j) in enumerate(pairwise_design(n)):
        if (i, j) not in judgements:
            continue
        r, a = FIRST + k, judgements[(i, j)]
        if abs(a - 1) < 1e-9:
            ws[f"C{r}"] = "gelijk"
        elif a > 1:
            ws[f"C{r}"], ws[f"D{r}"] = "A", int(round(a))
        else:
            ws[f"C{r}"], ws[f"D{r}"] = "B", int(round(1 / a))
    wb.save(path)


def consistent(w: np.ndarray, pairs) -> dict:
    return {(i, j): w[i] / w[j] for i, j in pairs}


def fill_column(path: Path, column: str, values: list, sheet: str = SHEET, respondent: str | None = None) -> None:
    wb = load_workbook(path)
    ws = wb[sheet]
    for k, v in enumerate(values):
        ws[f"{column}{FIRST + k}"] = v
    if respondent:
        ws["C5"] = respondent
    wb.save(path)


def weights_of(path: Path, sid: str) -> np.ndarray:
    return mkba.run(path).weights.to_frame().loc[sid].to_numpy()


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------


def test_write_forms_one_xlsx_and_html_per_stakeholder(kraaihoek, tmp_path):
    out = tmp_path / "forms"
    files = write_forms(kraaihoek, out, kind="pairwise", lang="nl")
    ids = ["corporatie", "huurders", "gemeente", "scholen", "zorg", "warmtebedrijf"]
    assert [f.name for f in files] == [f"{s}.{ext}" for s in ids for ext in ("xlsx", "html")]
    assert sorted(p.name for p in out.iterdir()) == sorted(f.name for f in files)  # no temp files left
    wb = load_workbook(files[0])
    assert wb.sheetnames[0] == "Toelichting" and "Vragen" in wb.sheetnames
    assert wb["_mkba"].sheet_state == "veryHidden"
    assert wb.security.lockStructure
    ws = wb["Vragen"]
    assert ws.protection.sheet
    assert ws["C4"].value == "corporatie" and ws["C4"].protection.locked
    n = 6
    answer_cells = [f"{c}{FIRST + k}" for k in range(n * (n - 1) // 2) for c in "CD"] + ["C5"]
    validated = {str(ref) for dv in ws.data_validations.dataValidation for rng in dv.sqref.ranges
                 for row in rng.cells for ref in [f"{_col(row[1])}{row[0]}"]}
    assert set(answer_cells) <= validated
    assert all(not ws[ref].protection.locked for ref in answer_cells)
    assert ws["F9"].value == "verplicht" and ws[f"F{FIRST + n - 1}"].value == "optioneel"
    assert str(ws["C6"].value).startswith("=IF(")  # live CR formula


@pytest.mark.parametrize("kind,column", [("ranking", "E"), ("swing", "G")])
def test_ranking_and_swing_answer_cells_are_validated_and_unlocked(kraaihoek, tmp_path, kind, column):
    """Every answer cell of a ranking or swing form has data validation (a whole rank 1..n, or points
    0..100) and is the only kind of cell left unlocked on the protected sheet."""
    files = write_forms(kraaihoek, tmp_path / kind, kind=kind, lang="nl")
    ws = load_workbook(files[0])["Vragen"]
    assert ws.protection.sheet
    n = 6
    answer_cells = [f"{column}{FIRST + k}" for k in range(n)]
    rules = {f"{_col(row[1])}{row[0]}": dv for dv in ws.data_validations.dataValidation for rng in dv.sqref.ranges
             for row in rng.cells}
    assert set(answer_cells) <= set(rules)
    kinds = {rules[ref].type for ref in answer_cells}
    assert kinds <= {"whole", "decimal"} and all(rules[ref].formula1 is not None for ref in answer_cells)
    assert all(not ws[ref].protection.locked for ref in answer_cells)
    assert ws["C4"].protection.locked  # the stakeholder cell stays locked


def _col(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


@pytest.mark.slow
def test_swing_form_shows_the_longlist_ranges(kraaihoek, tmp_path):
    files = write_forms(kraaihoek, tmp_path / "f", kind="swing", lang="en")
    ws = load_workbook(files[0])["Questions"]
    run = mkba.run(kraaihoek)
    lo, hi = run.matrix.values.min(axis=0), run.matrix.values.max(axis=0)
    for k, cid in enumerate(run.matrix.criteria):
        r = FIRST + k
        assert ws[f"H{r}"].value == cid
        worst, best = (lo[k], hi[k]) if run.matrix.types[k] > 0 else (hi[k], lo[k])
        assert ws[f"E{r}"].value == pytest.approx(worst, rel=1e-5, abs=0.5)
        assert ws[f"F{r}"].value == pytest.approx(best, rel=1e-5, abs=0.5)


def test_respondents_numbered_forms(kraaihoek, tmp_path):
    files = write_forms(kraaihoek, tmp_path / "f", kind="ranking", respondents={"huurders": 3})
    names = [f.name for f in files]
    assert "huurders-01.xlsx" in names and "huurders-03.html" in names and "corporatie.xlsx" in names


def test_bad_kind_and_language(kraaihoek, tmp_path):
    with pytest.raises(MkbaError, match="ranking"):
        write_forms(kraaihoek, tmp_path / "f", kind="rankin")
    with pytest.raises(MkbaError):
        write_forms(kraaihoek, tmp_path / "f", lang="de")


# ---------------------------------------------------------------------------------------------
# Round trips: the collected weights are the ones that produced the answers
# ---------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_pairwise_required_only_round_trip(kraaihoek, tmp_path):
    files = write_forms(kraaihoek, tmp_path / "f", kind="pairwise")
    form = tmp_path / "f" / "huurders.xlsx"
    ratios = np.array([1, 1 / 3, 2, 1 / 5, 4, 1 / 9])  # w_0 / w_j on the scale, answered for the star only
    w = ratios[0] / ratios
    w = w / w.sum()
    fill_pairwise(form, consistent(w, pairwise_design(6)[:5]))
    out = collect(kraaihoek, [form])
    assert out == kraaihoek.with_name("scenario.collected.yaml")
    np.testing.assert_allclose(weights_of(out, "huurders"), w, atol=1e-9)
    doc = yaml.safe_load(out.read_text(encoding="utf-8"))
    item = next(s for s in doc["stakeholders"] if s["id"] == "huurders")
    assert "ahp" in item and "ranking" not in item
    assert set(item["survey"]) == {"kind", "respondents", "aggregation", "cr", "respondent_cr",
                                   "respondent_weights", "forms"}
    assert item["survey"]["kind"] == "pairwise" and item["survey"]["respondents"] == 1
    assert item["survey"]["cr"] == pytest.approx(0.0, abs=1e-9)
    assert item["survey"]["forms"] == ["huurders.xlsx"]
    assert files


@pytest.mark.slow
def test_pairwise_all_pairs_round_trip_and_rest_preserved(kraaihoek, tmp_path):
    write_forms(kraaihoek, tmp_path / "f", kind="pairwise", lang="en")
    form = tmp_path / "f" / "gemeente.xlsx"
    w = np.array([4, 2, 2, 1, 1, 4.0]) / 14  # every ratio is 1, 2 or 4: exact on the scale
    wb = load_workbook(form)
    ws = wb["Questions"]
    for k, (i, j) in enumerate(pairwise_design(6)):
        a = w[i] / w[j]
        ws[f"C{FIRST + k}"] = "equal" if a == 1 else ("A" if a > 1 else "B")
        ws[f"D{FIRST + k}"] = int(round(max(a, 1 / a)))
    wb.save(form)
    out = collect(kraaihoek, [form])
    np.testing.assert_allclose(weights_of(out, "gemeente"), w, atol=1e-12)
    original, new = (plain_yaml(load_yaml(p.read_text(encoding="utf-8"), p.name)[0]) for p in (kraaihoek, out))
    for key in original:
        if key != "stakeholders":
            assert new[key] == original[key]
    for a, b in zip(original["stakeholders"], new["stakeholders"]):
        if a["id"] != "gemeente":
            assert a == b
        else:
            assert {k: v for k, v in b.items() if k not in ("ahp", "survey")} == \
                   {k: v for k, v in a.items() if k != "ahp"}
    # the other stakeholders' weights are unchanged
    before, after = mkba.run(kraaihoek).weights.to_frame(), mkba.run(out).weights.to_frame()
    for sid in ("corporatie", "huurders", "scholen", "zorg", "warmtebedrijf"):
        np.testing.assert_allclose(after.loc[sid], before.loc[sid], atol=1e-12)


@pytest.mark.slow
def test_ranking_round_trip_with_ties(kraaihoek, tmp_path):
    write_forms(kraaihoek, tmp_path / "f", kind="ranking")
    form = tmp_path / "f" / "zorg.xlsx"
    ranks = [3, 1, 2, 2, 5, 6]  # npv, leefbaarheid, woonkwaliteit, onderwijs, woonlasten, hinder
    fill_column(form, "E", ranks)
    out = collect(kraaihoek, [form])
    roc = wt.rank_order_weights([1, 2, 1, 1, 1])  # leefbaarheid; (woonkwaliteit, onderwijs); npv; ...
    expected = np.array([roc[3], roc[0], roc[1], roc[2], roc[4], roc[5]])
    np.testing.assert_allclose(weights_of(out, "zorg"), expected, atol=1e-12)
    item = next(s for s in yaml.safe_load(out.read_text(encoding="utf-8"))["stakeholders"] if s["id"] == "zorg")
    assert item["ranking"] == ["leefbaarheid", ["woonkwaliteit", "onderwijs"], "npv", "woonlasten", "hinder"]
    assert "weights" not in item


@pytest.mark.slow
def test_swing_round_trip_records_the_ranges(kraaihoek, tmp_path):
    write_forms(kraaihoek, tmp_path / "f", kind="swing")
    form = tmp_path / "f" / "scholen.xlsx"
    points = [30, 70, 10, 100, 45, 20.5]
    fill_column(form, "G", points)
    out = collect(kraaihoek, [form])
    p = np.array(points)
    np.testing.assert_allclose(weights_of(out, "scholen"), p / p.sum(), atol=1e-5)  # ranges rounded to 6 digits
    item = next(s for s in yaml.safe_load(out.read_text(encoding="utf-8"))["stakeholders"] if s["id"] == "scholen")
    spec = form_specs(kraaihoek, kind="swing")[0]
    assert item["swing"]["ranges"] == {c.id: [c.worst, c.best] for c in spec.criteria}
    assert item["swing"]["points"] == dict(zip(spec.ids, map(float, points)))


# ---------------------------------------------------------------------------------------------
# Several respondents per stakeholder
# ---------------------------------------------------------------------------------------------


def _pairwise_forms(kraaihoek, tmp_path, answers: list[dict]) -> list[Path]:
    write_forms(kraaihoek, tmp_path / "f", kind="pairwise", respondents={"huurders": len(answers)})
    forms = [tmp_path / "f" / f"huurders-{k + 1:02d}.xlsx" for k in range(len(answers))]
    for form, judgements in zip(forms, answers):
        fill_pairwise(form, judgements)
    return forms


@pytest.mark.slow
def test_geometric_mean_of_judgements_within_stakeholder(kraaihoek, tmp_path):
    design = pairwise_design(6)
    rng = np.random.default_rng(3)
    answers = [{p: float(rng.choice([1 / 3, 1 / 2, 1, 2, 3])) for p in design} for _ in range(3)]
    forms = _pairwise_forms(kraaihoek, tmp_path, answers)
    out = collect(kraaihoek, forms)
    # by hand: geometric mean of each full matrix's entries, then the principal eigenvector
    mats = []
    for ans in answers:
        a = np.ones((6, 6))
        for (i, j), v in ans.items():
            a[i, j], a[j, i] = v, 1 / v
        mats.append(a)
    g = np.exp(np.mean(np.log(mats), axis=0))
    expected = wt.ahp(g)
    np.testing.assert_allclose(weights_of(out, "huurders"), expected.weights, atol=1e-10)
    survey = next(s for s in yaml.safe_load(out.read_text(encoding="utf-8"))["stakeholders"]
                  if s["id"] == "huurders")["survey"]
    assert survey["respondents"] == 3 and survey["aggregation"] == "geometric-mean-judgements"
    assert survey["cr"] == pytest.approx(expected.cr, abs=1e-10)
    assert survey["respondent_cr"] == pytest.approx([wt.ahp(m).cr for m in mats], abs=1e-10)
    per = np.array([[r[c] for c in mkba.run(out).matrix.criteria] for r in survey["respondent_weights"]])
    np.testing.assert_allclose(per, [wt.ahp(m).weights for m in mats], atol=1e-10)
    assert survey["concentration"] == pytest.approx(fit_concentration(per), rel=1e-9)
    assert survey["forms"] == ["huurders-01.xlsx", "huurders-02.xlsx", "huurders-03.xlsx"]


@pytest.mark.slow
def test_mean_of_priorities_within_stakeholder(kraaihoek, tmp_path):
    design = pairwise_design(6)
    w1, w2 = np.array([4, 2, 2, 1, 1, 4.0]), np.array([1, 2, 4, 4, 2, 1.0])
    forms = _pairwise_forms(kraaihoek, tmp_path, [consistent(w1, design), consistent(w2, design)])
    out = collect(kraaihoek, forms, aggregation="mean-priorities")
    expected = (w1 / w1.sum() + w2 / w2.sum()) / 2
    np.testing.assert_allclose(weights_of(out, "huurders"), expected, atol=1e-12)
    item = next(s for s in yaml.safe_load(out.read_text(encoding="utf-8"))["stakeholders"] if s["id"] == "huurders")
    assert "weights" in item and item["survey"]["aggregation"] == "mean-priorities"


@pytest.mark.slow
def test_swing_respondents_mean_and_ranges(kraaihoek, tmp_path):
    write_forms(kraaihoek, tmp_path / "f", kind="swing", respondents={"scholen": ["An", "Bo"]})
    forms = [tmp_path / "f" / "scholen-An.xlsx", tmp_path / "f" / "scholen-Bo.xlsx"]
    p1, p2 = [100, 50, 20, 80, 10, 0], [40, 100, 60, 30, 20, 10]
    fill_column(forms[0], "G", p1, respondent="An")
    fill_column(forms[1], "G", p2, respondent="Bo")
    collection = gather(kraaihoek, forms)
    out = collect(kraaihoek, forms)
    run = mkba.run(out)
    result = collection.results[0]
    np.testing.assert_allclose(weights_of(out, "scholen"), result.weights, atol=1e-10)
    # the mean of the respondents' weights, each as mkba would use it alone (ranges rescaled)
    spec = form_specs(kraaihoek, kind="swing")[0]
    elicited = np.array([c.width for c in spec.criteria])
    per = [wt.swing(np.array(p, float), elicited_ranges=elicited, observed_ranges=run.matrix.spread) for p in (p1, p2)]
    np.testing.assert_allclose(result.weights, np.mean(per, axis=0), atol=1e-10)
    item = next(s for s in yaml.safe_load(out.read_text(encoding="utf-8"))["stakeholders"] if s["id"] == "scholen")
    assert item["swing"]["ranges"] == {c.id: [c.worst, c.best] for c in spec.criteria}
    assert max(item["swing"]["points"].values()) == pytest.approx(100.0)


@pytest.mark.slow
def test_concentration_recovers_alpha_from_many_respondents(kraaihoek, tmp_path):
    """Sixty simulated respondents drawn from Dirichlet(alpha * w), returned as JSON swing answers."""
    alpha, w = 60.0, np.array([0.3, 0.25, 0.15, 0.12, 0.1, 0.08])
    rng = np.random.default_rng(5)
    samples = rng.dirichlet(alpha * w, size=60)
    spec = form_specs(kraaihoek, kind="swing")[0]
    run = mkba.run(kraaihoek)
    elicited = np.array([c.width for c in spec.criteria])
    forms = []
    for k, target in enumerate(samples):
        # points that give this respondent the sampled weights on the longlist ranges
        v = target * elicited / run.matrix.spread
        points = np.minimum(100 * v / v.max(), 100.0)
        points[np.argmax(v)] = 100.0
        doc = spec.meta() | {"respondent": f"r{k}", "answers": {"swing": dict(zip(spec.ids, points.tolist()))}}
        path = tmp_path / f"r{k:02d}.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        forms.append(path)
    collection = gather(kraaihoek, forms)
    result = collection.results[0]
    np.testing.assert_allclose(np.array([[r[c] for c in spec.ids] for r in result.survey["respondent_weights"]]),
                               samples, atol=1e-8)
    assert result.survey["concentration"] == pytest.approx(alpha, rel=0.3)


# ---------------------------------------------------------------------------------------------
# Located errors
# ---------------------------------------------------------------------------------------------


def _issues(exc: pytest.ExceptionInfo) -> list:
    return [i for i in exc.value.issues if i.severity == "error"]


def test_half_filled_form_lists_every_missing_required_cell(kraaihoek, tmp_path):
    write_forms(kraaihoek, tmp_path / "f", kind="pairwise")
    form = tmp_path / "f" / "huurders.xlsx"
    wb = load_workbook(form)
    ws = wb[SHEET]
    ws["C9"], ws["D9"] = "A", 3
    ws["C10"] = "B"  # intensity missing
    wb.save(form)
    with pytest.raises(ScenarioError) as exc:
        read_form(form)
    errors = _issues(exc)
    assert {(i.sheet, i.field) for i in errors} == {(SHEET, "D10"), (SHEET, "C11"), (SHEET, "C12"), (SHEET, "C13")}
    assert all(i.file == str(form) and "missing" in i.message for i in errors)
    assert {i.row for i in errors} == {10, 11, 12, 13}


def test_malformed_cells_are_located(kraaihoek, tmp_path):
    write_forms(kraaihoek, tmp_path / "f", kind="pairwise")
    form = tmp_path / "f" / "huurders.xlsx"
    wb = load_workbook(form)
    ws = wb[SHEET]
    for k in range(5):
        ws[f"C{FIRST + k}"], ws[f"D{FIRST + k}"] = "A", 2
    ws["D10"] = "drie"  # text in a number cell
    ws["D11"] = 12  # out of scale
    ws["C12"] = "misschien"  # not A/B/gelijk
    ws["D13"] = 2.5  # not a whole number
    wb.save(form)
    with pytest.raises(ScenarioError) as exc:
        read_form(form)
    found = {i.field: i for i in _issues(exc)}
    assert set(found) == {"D10", "D11", "C12", "D13"}
    assert found["D10"].value == "drie" and "1 (equal) to 9" in found["D10"].expected
    assert found["D11"].value == 12 and found["C12"].sheet == SHEET
    assert "1 (equal) to 9" in str(found["D11"])


def test_ranking_and_swing_cells_are_located(kraaihoek, tmp_path):
    write_forms(kraaihoek, tmp_path / "f", kind="ranking")
    form = tmp_path / "f" / "zorg.xlsx"
    fill_column(form, "E", [1, 2, "twee", 7, None, 3])
    with pytest.raises(ScenarioError) as exc:
        read_form(form)
    assert {i.field for i in _issues(exc)} == {"E11", "E12", "E13"}
    write_forms(kraaihoek, tmp_path / "s", kind="swing")
    form = tmp_path / "s" / "zorg.xlsx"
    fill_column(form, "G", [100, -5, 101, "veel", 0, None])
    with pytest.raises(ScenarioError) as exc:
        read_form(form)
    assert {i.field for i in _issues(exc)} == {"G10", "G11", "G12", "G14"}


def test_unknown_stakeholder_and_every_form_listed(kraaihoek, tmp_path):
    write_forms(kraaihoek, tmp_path / "f", kind="ranking")
    good, bad, broken = (tmp_path / "f" / f"{s}.xlsx" for s in ("zorg", "huurders", "gemeente"))
    fill_column(good, "E", [1, 2, 3, 4, 5, 6])
    fill_column(bad, "E", [1, 2, 3, 4, 5, 6])
    wb = load_workbook(bad)
    wb[SHEET]["C4"] = "huurder"
    wb.save(bad)
    fill_column(broken, "E", [1, 2, 3, None, 5, 6])
    with pytest.raises(ScenarioError) as exc:
        collect(kraaihoek, [good, bad, broken])
    errors = _issues(exc)
    changed = next(i for i in errors if i.file == str(bad))  # a form answers for the party it was made for
    assert changed.message.startswith("the party code was changed") and changed.field == "C4"
    assert changed.sheet == SHEET and changed.value == "huurder" and "'huurders'" in changed.expected
    assert any(i.file == str(broken) and i.field == "E12" for i in errors)
    assert not kraaihoek.with_name("scenario.collected.yaml").exists()


def test_wrong_or_missing_sheet(kraaihoek, tmp_path):
    write_forms(kraaihoek, tmp_path / "f", kind="ranking")
    form = tmp_path / "f" / "zorg.xlsx"
    wb = load_workbook(form)
    wb[SHEET].title = "Vragenlijst"
    wb.save(form)
    with pytest.raises(ScenarioError) as exc:
        read_form(form)
    (issue,) = _issues(exc)
    assert issue.sheet == SHEET and "missing" in issue.message and issue.suggestion == "Vragenlijst"
    # answers typed on the wrong sheet leave the question sheet empty: every answer cell is listed
    write_forms(kraaihoek, tmp_path / "g", kind="ranking")
    form = tmp_path / "g" / "zorg.xlsx"
    fill_column(form, "E", [1, 2, 3, 4, 5, 6], sheet="Criteria")
    with pytest.raises(ScenarioError) as exc:
        read_form(form)
    assert [i.field for i in _issues(exc)] == [f"E{FIRST + k}" for k in range(6)]


def test_not_a_form(tmp_path):
    from openpyxl import Workbook

    path = tmp_path / "other.xlsx"
    Workbook().save(path)
    with pytest.raises(ScenarioError, match="not an mkba survey form"):
        read_form(path)
    text = tmp_path / "x.xlsx"
    text.write_text("hello")
    with pytest.raises(ScenarioError, match="not a readable XLSX"):
        read_form(text)


def test_moved_rows_are_reported(kraaihoek, tmp_path):
    write_forms(kraaihoek, tmp_path / "f", kind="ranking")
    form = tmp_path / "f" / "zorg.xlsx"
    wb = load_workbook(form)
    wb[SHEET]["F10"] = "hinder"
    wb.save(form)
    with pytest.raises(ScenarioError) as exc:
        read_form(form)
    moved = [i for i in _issues(exc) if i.field == "F10"]
    assert moved and "rows were changed" in moved[0].message


def test_inconsistent_pairwise_form_warns_at_the_worst_answer(kraaihoek, tmp_path):
    write_forms(kraaihoek, tmp_path / "f", kind="pairwise")
    form = tmp_path / "f" / "huurders.xlsx"
    judgements = consistent(np.array([4, 2, 2, 1, 1, 4.0]), pairwise_design(6))
    judgements[(1, 2)] = 1 / 9  # leefbaarheid vs woonkwaliteit: should be 1
    fill_pairwise(form, judgements)
    answers = read_form(form)
    (warning,) = answers.warnings
    assert warning.severity == "warning" and "CR" in warning.message and warning.field == f"C{FIRST + 5}"
    collection = gather(kraaihoek, [form])
    assert collection.results[0].survey["cr"] > 0.1


def test_collect_refuses_to_overwrite(kraaihoek, tmp_path):
    write_forms(kraaihoek, tmp_path / "f", kind="ranking")
    form = tmp_path / "f" / "zorg.xlsx"
    fill_column(form, "E", [1, 2, 3, 4, 5, 6])
    with pytest.raises(MkbaError, match="original"):
        collect(kraaihoek, [form], out_path=kraaihoek)
    with pytest.raises(MkbaError, match="folder"):
        collect(kraaihoek, [form], out_path=tmp_path / "elsewhere.yaml")
    out = collect(kraaihoek, [form])
    with pytest.raises(MkbaError, match="exists"):
        collect(kraaihoek, [form])
    assert collect(kraaihoek, [form], overwrite=True) == out
    with pytest.raises(MkbaError, match="aggregation"):
        collect(kraaihoek, [form], kraaihoek.with_name("x.yaml"), aggregation="mean")
    bundled = {p.name for p in (ROOT / "scenarios" / "kraaihoek").iterdir()}
    assert {p.name for p in kraaihoek.parent.iterdir()} == bundled | {"scenario.collected.yaml"}


def test_mixed_kinds_for_one_stakeholder(kraaihoek, tmp_path):
    write_forms(kraaihoek, tmp_path / "r", kind="ranking")
    write_forms(kraaihoek, tmp_path / "s", kind="swing")
    a, b = tmp_path / "r" / "zorg.xlsx", tmp_path / "s" / "zorg.xlsx"
    fill_column(a, "E", [1, 2, 3, 4, 5, 6])
    fill_column(b, "G", [100, 2, 3, 4, 5, 6])
    with pytest.raises(ScenarioError, match="different kinds"):
        gather(kraaihoek, [a, b])


# ---------------------------------------------------------------------------------------------
# The workbook's live consistency ratio, recalculated by a spreadsheet engine
# ---------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_excel_live_cr_formulas_match_python(kraaihoek, tmp_path):
    """LibreOffice recalculates the form; its CR, weights and pointer equal mkba's (Harker 1987).

    Skips when LibreOffice (``soffice``, Debian package libreoffice-calc-nogui) is not installed.
    """
    import subprocess

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed; the formulas are checked only with it")
    write_forms(kraaihoek, tmp_path / "f", kind="pairwise", lang="nl")
    form = tmp_path / "f" / "huurders.xlsx"
    rng = np.random.default_rng(2)
    judgements = {p: float(rng.choice([1 / 5, 1 / 2, 1, 3, 4])) for p in pairwise_design(6)[:11]}
    fill_pairwise(form, judgements)
    profile = tmp_path / "lo-profile"
    done = subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--calc",
                           "--convert-to", "xlsx", "--outdir", str(tmp_path / "calc"), str(form)],
                          capture_output=True, timeout=120)
    recalculated = tmp_path / "calc" / "huurders.xlsx"
    if done.returncode != 0 or not recalculated.is_file():
        pytest.skip(f"LibreOffice could not convert the form: {done.stderr.decode(errors='replace')[-300:]}")
    ws = load_workbook(recalculated, data_only=True)[SHEET]
    expected = read_form(form).harker()
    np.testing.assert_allclose([ws[f"K{FIRST + i}"].value for i in range(6)], expected.weights, atol=1e-9)
    status = str(ws["C6"].value)
    assert status.startswith(f"CR = {round(expected.cr, 3)}")
    if expected.cr > 0.10:
        i, j, _, _ = expected.worst_given()
        assert f"vraag {pairwise_design(6).index((i, j)) + 1}:" in status
