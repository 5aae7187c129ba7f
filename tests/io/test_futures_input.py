"""The ``futures`` section of a scenario file (issue 17 item 4): parsed into the model, or located errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from mkba.io.scenario import check_scenario

FUTURES = """
futures:
  hoog:
    description: Hoge groei
    effects: {co2: 1.2, liveability: 1.1}
    shadow_prices: {co2: 1.5}
    price_growth: {noise: 0.01}
    investment: 1.1
  laag:
    label: WLO Laag (2015)
    running_cost: 0.9
  stress: {}
"""


def with_futures(folder: Path, text: str) -> tuple:
    """The mini scenario with ``text`` appended: (scenario or None, its issues, its errors)."""
    path = folder / "scenario.yaml"
    path.write_text(path.read_text() + text)
    scenario, issues = check_scenario(path)
    return scenario, issues, [i for i in issues if i.severity == "error"]


def test_futures_parse(mini_dir):
    scenario, issues, _ = with_futures(mini_dir, FUTURES)
    assert scenario is not None, "\n".join(map(str, issues))
    hoog, laag, stress = scenario.futures
    assert (hoog.id, hoog.label, hoog.description) == ("hoog", "WLO Hoog", "Hoge groei")
    assert dict(hoog.effects) == {"co2": 1.2, "liveability": 1.1} and dict(hoog.shadow_prices) == {"co2": 1.5}
    assert dict(hoog.price_growth) == {"noise": 0.01} and (hoog.investment, hoog.running_cost) == (1.1, 1.0)
    assert (laag.label, laag.running_cost, laag.investment) == ("WLO Laag (2015)", 0.9, 1.0)
    assert (stress.label, dict(stress.effects)) == ("stress", {})
    assert hoog.line is not None and laag.line == hoog.line + 6


def test_no_futures(mini_path):
    scenario, _ = check_scenario(mini_path)
    assert scenario.futures == ()


@pytest.mark.parametrize(("text", "field", "line", "message", "suggestion"), [
    ("  hoog: {effects: {co2x: 1.2}}", "futures.hoog.effects", 2, "unknown criterion", "co2"),
    ("  hoog: {effects: {co2: 0}}", "futures.hoog.effects.co2", 2, "a factor must be positive", None),
    ("  hoog: {effects: {co2: -1.2}}", "futures.hoog.effects.co2", 2, "a factor must be positive", None),
    ("  hoog: {effects: {co2: .nan}}", "futures.hoog.effects.co2", 2, "not a finite number", None),
    ("  hoog: {investment: .inf}", "futures.hoog.investment", 2, "not a finite number", None),
    ("  hoog: {running_cost: 0}", "futures.hoog.running_cost", 2, "a factor must be positive", None),
    ("  hoog: {shadow_prices: {liveability: 2}}", "futures.hoog.shadow_prices.liveability", 2,
     "has no shadow price", None),
    ("  hoog: {price_growth: {co2: -1}}", "futures.hoog.price_growth.co2", 2, "zero or negative", None),
    ("  hoog: {price_growth: {co2: 1e12}}", "futures.hoog.price_growth.co2", 2, "changes the price more than", None),
    ("  hoog: {efects: {co2: 1.2}}", "efects", 2, "unknown key in future 'hoog'", "effects"),
    ("  hoog:\n    effects: {co2: 1.1}\n    investment: abc", "futures.hoog.investment", 4, "not a number", None),
    ("  hoog: [1, 2]", "futures.hoog", 2, "expected a mapping", None),
    ("  'h o': {}", "futures.h o", 2, "not a valid identifier", None),
])
def test_futures_errors_are_located(mini_dir, text, field, line, message, suggestion):
    lines = (mini_dir / "scenario.yaml").read_text().count("\n")
    scenario, _, (issue,) = with_futures(mini_dir, "futures:\n" + text + "\n")
    assert scenario is None
    assert issue.field == field and message in issue.message, str(issue)
    assert issue.row == lines + line and issue.file.endswith("scenario.yaml")
    assert issue.suggestion == suggestion


def test_futures_must_be_a_mapping(mini_dir):
    scenario, _, (issue,) = with_futures(mini_dir, "futures: [hoog, laag]\n")
    assert scenario is None and issue.field == "futures" and "mapping of named futures" in issue.message


def test_a_large_growth_is_warned_not_refused(mini_dir):
    scenario, issues, _ = with_futures(mini_dir, "futures:\n  hoog: {price_growth: {co2: 0.2}}\n")
    assert scenario is not None and scenario.futures[0].price_growth["co2"] == 0.2
    assert any("outside -10..10 %" in i.message and i.field == "futures.hoog.price_growth.co2" for i in issues)


def test_a_criterion_whose_shadow_price_is_wrong_gives_no_second_error(mini_dir):
    """One root problem, one message: a misspelt shadow_price makes co2's pricing unknown, so the futures that
    price co2 are not also told it is a PM item."""
    path = mini_dir / "scenario.yaml"
    path.write_text(path.read_text().replace("shadow_price: 100", "shadow_prise: 100"))
    scenario, _, errs = with_futures(mini_dir, "futures:\n  hoog: {shadow_prices: {co2: 1.2}, price_growth: {co2: 0.01}}\n")
    assert scenario is None and [e.field for e in errs] == ["shadow_prise"]


_json = st.recursive(st.none() | st.booleans() | st.integers(-10, 10) | st.floats(allow_nan=True) | st.text(max_size=5),
                     lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
                     max_leaves=8)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(key=st.sampled_from(["", "effects", "shadow_prices", "price_growth", "investment", "label"]), value=_json)
def test_any_value_in_a_future_is_read_or_located(mini_dir, key, value):
    """Whatever stands in a future (or in one of its keys), reading never crashes: a scenario, or errors that
    each name the scenario file, a line and a field."""
    future = value if not key else {key: value}
    text = (mini_dir / "scenario.yaml").read_text()
    (mini_dir / "scenario.yaml").write_text(text + "futures:\n  hoog: " + json.dumps(future) + "\n")
    try:
        scenario, issues = check_scenario(mini_dir / "scenario.yaml")
    finally:
        (mini_dir / "scenario.yaml").write_text(text)
    errs = [i for i in issues if i.severity == "error"]
    assert (scenario is None) == bool(errs)
    assert all(e.row and e.field is not None and e.file.endswith("scenario.yaml") for e in errs), errs
