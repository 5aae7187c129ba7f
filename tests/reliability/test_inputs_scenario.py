"""Hostile and surprising inputs through ``mkba validate`` (issue 18): each ends in a located error
(exit 2, file, line or row, field, what is valid) or a correct read, never a traceback, a hang or a
silent misread."""

from __future__ import annotations

import json
import shutil
import warnings
from pathlib import Path

import pytest

from mkba.cli import main
from mkba.io.geojson import read_features
from mkba.io.limits import MAX_JSON_DEPTH
from mkba.stages.check import check_scenario

ROOT = Path(__file__).resolve().parents[2]


def _validate(path: Path, capsys) -> tuple[int, str]:
    code = main(["validate", str(path)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and "unexpected error" not in captured.err
    return code, captured.err


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize("char", ["\x0b", "\x1b", "\x00", "\x7f"])
def test_a_control_character_in_a_name_is_refused_with_its_field(mini_dir, capsys, char):
    table = mini_dir / "measures.csv"
    _edit(table, "M3,Heat pump pilot", f"M3,Heat{char}pump pilot")
    code, err = _validate(mini_dir / "scenario.yaml", capsys)
    assert code == 2 and "measures.csv, row 4, field 'name': a control character" in err
    scenario = mini_dir / "scenario.yaml"
    _edit(table, f"Heat{char}pump", "Heat pump")
    escaped = {"\x0b": "\\v", "\x1b": "\\e", "\x00": "\\0", "\x7f": "\\x7f"}[char]
    _edit(scenario, "name: Mini wijk", f'name: "Mini{escaped}wijk"')
    code, err = _validate(scenario, capsys)
    assert code == 2 and "line 2, field 'name': a control character" in err


def test_an_out_of_range_discount_rate_is_warned_with_its_field(mini_dir, capsys):
    scenario = mini_dir / "scenario.yaml"
    _edit(scenario, "discount: 0.03", "discount: 3")
    code, err = _validate(scenario, capsys)
    assert code == 0 and "line 4, field 'appraisal.discount'" in err and "did you mean 0.03" in err


def test_a_rate_near_minus_one_over_centuries_is_an_error_on_the_discount(mini_dir, capsys):
    scenario = mini_dir / "scenario.yaml"
    _edit(scenario, "horizon: 10, discount: 0.03", "horizon: 500, discount: -0.9")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no numpy RuntimeWarning on the way
        code, err = _validate(scenario, capsys)
    assert code == 2 and err.count("error:") == 1
    assert "field 'appraisal.discount'" in err and "stakeholders" not in err and "method" not in err


@pytest.mark.parametrize("old, new, where", [
    ("horizon: 10", "horizon: 1:30", "field 'horizon'"),          # YAML 1.1 would read 90
    ("seed: 7", "seed: 0755", None),                               # 755, not octal 493
    ("seed: 7", "seed: 7\nseed: 8", "line 8"),                     # a key twice
    ("name: Mini wijk", "name: No", None),                         # the text 'No', not False
])
def test_yaml_surprises_in_a_scenario(mini_dir, capsys, old, new, where):
    scenario = mini_dir / "scenario.yaml"
    _edit(scenario, old, new)
    code, err = _validate(scenario, capsys)
    if where is None:
        assert code == 0
        read, _ = check_scenario(scenario)
        assert (read.seed, read.name) in ((755, "Mini wijk"), (7, "No"))
    else:
        assert code == 2 and where in err


def test_an_alias_bomb_in_a_scenario_is_refused(mini_dir, capsys):
    scenario = mini_dir / "scenario.yaml"
    bomb = 'x0: &x0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
        f"x{i}: &x{i} [" + ", ".join([f"*x{i - 1}"] * 9) + "]\n" for i in range(1, 9))
    scenario.write_text(bomb + scenario.read_text(encoding="utf-8"), encoding="utf-8")
    code, err = _validate(scenario, capsys)
    assert code == 2 and "scenario.yaml, line 5: refused: aliases" in err and len(err) < 1000


@pytest.mark.parametrize("cell, severity", [("600.000", "error"), ("1.500", "error"), ("600000", None)])
def test_a_thousands_dot_in_money_is_not_read_as_a_decimal_point(mini_dir, capsys, cell, severity):
    _edit(mini_dir / "measures.csv", "M1,Insulation,energy,2026,1000,", f"M1,Insulation,energy,2026,{cell},")
    code, err = _validate(mini_dir / "scenario.yaml", capsys)
    if severity is None:
        assert code == 0
    else:
        assert code == 2 and "row 2, field 'investment': ambiguous" in err


def test_a_thousands_dot_in_an_effect_is_refused_with_both_readings(mini_dir, capsys):
    """1.500 in an effect was read as 1.5 with a warning; a table that does not say its notation now
    refuses it, as it does for money (issue 17 item 5)."""
    _edit(mini_dir / "measures.csv", "M4,\"Street party, yearly\",social,2026,0,30,10,municipality:1,,,0,0,2,0",
          "M4,\"Street party, yearly\",social,2026,0,30,10,municipality:1,,,1.500,0,2,0")
    code, err = _validate(mini_dir / "scenario.yaml", capsys)
    assert code == 2 and "row 5, field 'co2': ambiguous: 1.500 is 1500 in Dutch notation" in err
    assert "or 1.5 in English notation" in err and "number_format: nl" in err


def test_a_long_run_of_digits_is_a_located_error(mini_dir, capsys):
    _edit(mini_dir / "scenario.yaml", "seed: 7", "seed: " + "9" * 5000)
    code, err = _validate(mini_dir / "scenario.yaml", capsys)
    assert code == 2 and "field 'seed'" in err and "Exceeds" not in err
    _edit(mini_dir / "scenario.yaml", "seed: " + "9" * 5000, "seed: 7")
    _edit(mini_dir / "measures.csv", ",1000,10,", f",{'1' * 5000},10,")
    code, err = _validate(mini_dir / "scenario.yaml", capsys)
    assert code == 2 and "row 2, field 'investment': too long for a number" in err


def test_an_xlsx_longlist_with_a_stale_dimension_reads_every_measure(tmp_path, capsys):
    from openpyxl import Workbook
    import csv
    import re
    import zipfile

    folder = tmp_path / "mini"
    shutil.copytree(ROOT / "tests" / "data" / "mini", folder)
    rows = list(csv.reader((folder / "measures.csv").open(encoding="utf-8")))
    wb = Workbook()
    ws = wb.active
    ws.title = "measures"
    for row in rows:
        ws.append([float(v) if re.fullmatch(r"-?[0-9.]+", v) else (v or None) for v in row])
    wb.save(folder / "measures.xlsx")
    with zipfile.ZipFile(folder / "measures.xlsx") as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1:N3"/>', parts[sheet])
    with zipfile.ZipFile(folder / "measures.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    _edit(folder / "scenario.yaml", "measures: measures.csv", "measures: measures.xlsx")
    code, _ = _validate(folder / "scenario.yaml", capsys)
    assert code == 0 and "4 measures" in capsys.readouterr().out or check_scenario(folder / "scenario.yaml")[0]
    assert len(check_scenario(folder / "scenario.yaml")[0].measures) == 4


def _collection(features: list[str]) -> str:
    return '{"type": "FeatureCollection", "features": [\n' + ",\n".join(features) + "\n]}\n"


def test_geojson_features_keep_their_lines(tmp_path):
    point = '{"type": "Feature", "properties": {"id": "P%d"}, "geometry": {"type": "Point", "coordinates": [1, 2]}}'
    features = [point % k if k % 2 else (point % k).replace(", ", ",\n  ") for k in range(30)]
    path = tmp_path / "p.geojson"
    path.write_text(_collection(features), encoding="utf-8")
    found, _, issues = read_features(path, "p.geojson")
    starts = [2 + sum(f.count("\n") + 1 for f in features[:k]) for k in range(30)]
    assert not issues and [f.line for f in found] == starts
    assert starts[:3] == [2, 7, 8]  # a feature over 5 lines, one on 1 line, ...


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 1000, 100_000])
def test_deeply_nested_geojson_is_a_located_error(tmp_path, depth):
    path = tmp_path / "deep.geojson"
    geometry = '{"type": "Point", "coordinates": ' + "[" * depth + "]" * depth + "}"
    path.write_text(_collection(['{"type": "Feature", "properties": {},\n "geometry": ' + geometry + "}"]),
                    encoding="utf-8")
    found, _, issues = read_features(path, "deep.geojson")
    assert found == [] and len(issues) == 1 and issues[0].file == "deep.geojson"
    assert f"{MAX_JSON_DEPTH} levels" in issues[0].message and issues[0].row == 3


def test_results_json_faults_name_the_file(mini_path, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["run", str(mini_path), "--out", str(out), "--no-sensitivity", "--no-report", "--quiet"]) == 0
    full = (out / "results.json").read_text(encoding="utf-8")
    for content, words in [("{}", "empty object"), ("[1, 2]", "holds a list"), (full[:2000], "ends early"),
                           ("not json", "not valid JSON at line 1"), ("[" * 100_000, "nests too deep")]:
        (out / "results.json").write_text(content, encoding="utf-8")
        assert main(["report", str(out)]) == 2
        err = capsys.readouterr().err
        assert str(out / "results.json") in err and words in err and "Traceback" not in err


@pytest.mark.parametrize("total, ok", [("600.000", False), ("600000", True), ("'600.000'", False), (".nan", False),
                                       (".inf", False), ("1:30", False)])
def test_a_yaml_budget_is_never_misread(mini_dir, capsys, total, ok):
    scenario = mini_dir / "scenario.yaml"
    scenario.write_text(scenario.read_text(encoding="utf-8") + f"budget:\n  total: {total}\n", encoding="utf-8")
    code, err = _validate(scenario, capsys)
    assert code == (0 if ok else 2), err
    if not ok:
        assert "field 'budget.total'" in err or "field 'total'" in err
