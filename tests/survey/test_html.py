"""HTML survey forms: self-contained and escaped; filled in headless Chromium and read back.

Chromium is driven by :mod:`mkba.testing.chromium`. The tests skip, with the reason, only when
no Chromium binary is found on PATH.
"""

from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path

import numpy as np
import pytest

from mkba.stages.check import read_scenario
from mkba.survey import read_form, write_forms
from mkba.survey.design import form_specs, pairwise_design
from mkba.survey.forms_html import render_html
from mkba.testing.chromium import Chromium

ROOT = Path(__file__).resolve().parents[2]
KRAAIHOEK = ROOT / "scenarios" / "kraaihoek"


@pytest.fixture
def kraaihoek(tmp_path: Path) -> Path:
    target = tmp_path / "kraaihoek"
    shutil.copytree(KRAAIHOEK, target)
    return target / "scenario.yaml"


# ---------------------------------------------------------------------------------------------
# Static checks
# ---------------------------------------------------------------------------------------------


def test_html_is_self_contained_and_escaped(kraaihoek):
    text = kraaihoek.read_text(encoding="utf-8")
    evil = '<script>alert("x")</script> & "Bewoners"'
    kraaihoek.write_text(text.replace("name: Huurdersvereniging Kraaihoek", f"name: '{evil}'"), encoding="utf-8")
    spec = next(s for s in form_specs(kraaihoek, kind="pairwise") if s.stakeholder == "huurders")
    page = render_html(spec)
    assert evil not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;Bewoners&quot;" in page
    assert page.count("<script") == 2  # the data block and the form's own script, nothing injected
    assert not re.search(r"(src|href)\s*=\s*[\"']?(https?:)?//", page)
    assert "default-src 'none'" in page
    data = re.search(r'<script type="application/json" id="mkba-data">(.*?)</script>', page, re.S).group(1)
    assert "<" not in data and json.loads(data)["meta"]["stakeholder"] == "huurders"


def test_html_labels_follow_language(kraaihoek):
    nl = render_html(form_specs(kraaihoek, kind="ranking", lang="nl")[0])
    en = render_html(form_specs(kraaihoek, kind="ranking", lang="en")[0])
    assert "Rang (1 = belangrijkst)" in nl and 'lang="nl"' in nl
    assert "Rank (1 = most important)" in en and 'lang="en"' in en


# ---------------------------------------------------------------------------------------------
# Headless Chromium over the DevTools pipe
# ---------------------------------------------------------------------------------------------


def _set(browser: Chromium, element_id: str, value: str) -> None:
    browser.js(f"""(function(){{var el=document.getElementById({json.dumps(element_id)});
        el.value={json.dumps(value)}; el.dispatchEvent(new Event('change', {{bubbles:true}})); return el.value;}})()""")


def _save(browser: Chromium, downloads: Path) -> tuple[Path, dict]:
    downloads.mkdir(exist_ok=True)
    browser.send("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}, browser=True)
    browser.js("document.getElementById('save').click()")
    exported = json.loads(browser.js("document.getElementById('export').value"))
    # Chromium creates the file before it writes it: wait until it is complete JSON.
    for _ in range(400):
        files = [p for p in downloads.iterdir() if p.suffix == ".json"]
        if files:
            try:
                json.loads(files[0].read_text(encoding="utf-8"))
                return files[0], exported
            except ValueError:
                pass
        time.sleep(0.05)
    raise AssertionError(f"no complete file was downloaded to {downloads}")


def _choice(a: float) -> str:
    if abs(a - 1) < 1e-9:
        return "eq"
    return f"a{int(round(a))}" if a > 1 else f"b{int(round(1 / a))}"


def test_pairwise_html_in_chromium(kraaihoek, tmp_path, browser):
    write_forms(kraaihoek, tmp_path / "f", kind="pairwise", lang="nl")
    browser.open((tmp_path / "f" / "huurders.html").as_uri())
    assert "beantwoord eerst" in browser.js("document.getElementById('status').textContent")
    w = np.array([4, 2, 2, 1, 1, 4.0])
    design = pairwise_design(6)
    for k, (i, j) in enumerate(design):
        _set(browser, f"q{k}", _choice(w[i] / w[j]))
    status = browser.js("document.getElementById('status').textContent")
    assert "(CR): 0.000" in status and "in orde" in status
    shown = browser.js("Array.from(document.querySelectorAll('#weights tr td:nth-child(2)')).map(t => t.textContent)")
    assert shown == [f"{100 * x:.1f} %" for x in w / w.sum()]
    # an inconsistent answer: the status turns red and points at that question
    _set(browser, "q5", "b9")  # leefbaarheid vs woonkwaliteit, consistent is 1
    status = browser.js("document.getElementById('status').textContent")
    assert "te inconsistent" in status and "vraag 6" in status
    assert browser.js("document.getElementById('status').className") == "bad"
    assert browser.js("document.getElementById('row5').className") == "worst"
    _set(browser, "q5", "eq")
    _set(browser, "respondent", "Mevr. de Vries")
    path, exported = _save(browser, tmp_path / "downloads")
    assert path.name == "huurders-Mevr-de-Vries.json"
    assert json.loads(path.read_text(encoding="utf-8")) == exported
    answers = read_form(path, read_scenario(kraaihoek).input_hash)  # the signature survives the browser's JSON
    assert answers.stakeholder == "huurders" and answers.respondent == "Mevr. de Vries"
    np.testing.assert_allclose(answers.weights(), w / w.sum(), atol=1e-12)
    assert answers.warnings == ()


def test_javascript_harker_and_cr_equal_python(kraaihoek, tmp_path, browser):
    """Incomplete, inconsistent answers: the page's weights and CR equal mkba's (Harker 1987)."""
    from mkba.survey.design import harker

    write_forms(kraaihoek, tmp_path / "f", kind="pairwise", lang="en")
    browser.open((tmp_path / "f" / "corporatie.html").as_uri())
    rng = np.random.default_rng(7)
    design = pairwise_design(6)
    answered = {}
    for k, (i, j) in enumerate(design[:10]):  # the star and five optional pairs
        choice = str(rng.choice(["a3", "a2", "eq", "b2", "b5", "a7"]))
        _set(browser, f"q{k}", choice)
        answered[(i, j)] = 1.0 if choice == "eq" else (int(choice[1]) if choice[0] == "a" else 1 / int(choice[1]))
    expected = harker(6, answered)
    js_w = browser.js("Array.from(document.querySelectorAll('#weights tr')).map(r => Number(r.dataset.w))")
    np.testing.assert_allclose(js_w, expected.weights, atol=1e-9)
    assert float(browser.js("document.getElementById('status').dataset.cr")) == pytest.approx(expected.cr, abs=1e-9)
    worst = expected.worst_given()
    status = browser.js("document.getElementById('status').textContent")
    if expected.cr > 0.10:
        k = design.index((worst[0], worst[1]))
        assert f"question {k + 1}" in status and browser.js(f"document.getElementById('row{k}').className") == "worst"
    path, _ = _save(browser, tmp_path / "d")
    np.testing.assert_allclose(read_form(path).weights(), expected.weights, atol=1e-12)


def test_ranking_and_swing_html_in_chromium(kraaihoek, tmp_path, browser):
    write_forms(kraaihoek, tmp_path / "f", kind="ranking", lang="en")
    browser.open((tmp_path / "f" / "zorg.html").as_uri())
    ranks = [3, 1, 2, 2, 5, 6]
    for k, r in enumerate(ranks):
        _set(browser, f"q{k}", str(r))
    path, _ = _save(browser, tmp_path / "d1")
    answers = read_form(path, read_scenario(kraaihoek).input_hash)
    assert dict(answers.ranks) == dict(zip(answers.criteria, ranks))

    write_forms(kraaihoek, tmp_path / "s", kind="swing", lang="nl")
    browser.open((tmp_path / "s" / "scholen.html").as_uri())
    points = ["30", "70", "10", "100", "45", "20,5"]  # a Dutch decimal comma is accepted
    for k, p in enumerate(points):
        _set(browser, f"q{k}", p)
    path, _ = _save(browser, tmp_path / "d2")
    answers = read_form(path, read_scenario(kraaihoek).input_hash)  # ranges such as 1234567.0 written by JS as 1234567
    p = np.array([30, 70, 10, 100, 45, 20.5])
    np.testing.assert_allclose(answers.weights(), p / p.sum(), atol=1e-12)
    spec = form_specs(kraaihoek, kind="swing")[0]
    assert dict(answers.ranges) == {c.id: (c.worst, c.best) for c in spec.criteria}


def test_half_filled_html_form_gives_located_errors(kraaihoek, tmp_path, browser):
    from mkba.errors import ScenarioError

    write_forms(kraaihoek, tmp_path / "f", kind="pairwise", lang="en")
    browser.open((tmp_path / "f" / "gemeente.html").as_uri())
    _set(browser, "q0", "a3")
    _set(browser, "q2", "b2")
    path, _ = _save(browser, tmp_path / "d")
    assert "Not yet answered" in browser.js("document.getElementById('saved').textContent")
    with pytest.raises(ScenarioError) as exc:
        read_form(path)
    fields = [i.field for i in exc.value.issues if i.severity == "error"]
    assert fields == ["answers.pairwise[1].more", "answers.pairwise[3].more", "answers.pairwise[4].more"]
