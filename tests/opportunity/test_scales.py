"""Issue 20 item 1: a criterion scored with ordered labels; the point result uses the documented values,
the sensitivity analysis samples any values in the labels' order (SMAA-O)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, strategies as st

import mkba
from mkba.io.scenario.build import build
from mkba.report import render_all
from mkba.results import load
from mkba.sensitivity.ordinal import monotone
from mkba.testing.opportunity import small


def _scaled(scale: object, cells: list, **more: object) -> tuple:
    parts = small(leefbaarheid=cells)
    parts["spec"]["criteria"][1]["scale"] = scale
    parts["spec"]["criteria"][1].update(more)
    return build(parts["spec"], measures=parts["measures"])


@pytest.mark.parametrize(("scale", "cells", "values"), [
    ("default", ["++", "\u2212", "0"], [2.0, -1.0, 0.0]),
    (True, ["\u2212\u2212", "+", "\u2013"], [-2.0, 1.0, -1.0]),
    (["laag", "midden", "hoog"], ["hoog", "laag", " midden "], [3.0, 1.0, 2.0]),
    ({"laag": 1, "midden": 2, "hoog": 4}, ["hoog", "laag", "midden"], [4.0, 1.0, 2.0]),
])
def test_labels_take_the_documented_values(scale: object, cells: list, values: list) -> None:
    scenario, issues = _scaled(scale, cells)
    assert scenario is not None, issues
    assert [m.effects["leefbaarheid"].value for m in scenario.measures] == values


@pytest.mark.parametrize(("scale", "cells", "more", "message", "field"), [
    ("default", ["++", "3", "0"], {}, "not a label of the criterion's scale", "measures[2].leefbaarheid"),
    (["laag"], ["laag"] * 3, {}, "a scale needs two or more different labels", "criteria.leefbaarheid.scale"),
    (["a", "a"], ["a"] * 3, {}, "a scale needs two or more different labels", "criteria.leefbaarheid.scale"),
    ({"a": 2, "b": 1}, ["a", "b", "a"], {}, "the values of a scale must increase", "criteria.leefbaarheid.scale"),
    ("default", ["+", "-", "0"], {"shadow_price": 10}, "a scale of labels cannot be priced", "criteria.leefbaarheid.scale"),
    (3, ["+", "-", "0"], {}, "not a scale", "criteria.leefbaarheid.scale"),
])
def test_wrong_scales_and_labels_are_located(scale, cells, more, message, field) -> None:
    scenario, issues = _scaled(scale, cells, **more)
    assert scenario is None
    assert any(i.message.startswith(message) and i.field == field for i in issues), [str(i) for i in issues]


@given(st.lists(st.floats(-5, 5), min_size=2, max_size=7, unique=True), st.integers(0, 2**32 - 1))
def test_monotone_values_keep_the_order_and_the_ends(points: list, seed: int) -> None:
    points = np.sort(points)
    drawn = monotone(points, 200, np.random.default_rng(seed))
    assert drawn.shape == (200, len(points))
    assert np.all(np.diff(drawn, axis=1) >= 0)
    assert np.all(drawn[:, 0] == points[0]) and np.all(drawn[:, -1] == points[-1])
    if len(points) > 2:  # the inner values move: the mapping is uncertain
        assert np.ptp(drawn[:, 1]) > 0


def _smaa(scale: object, cells: list) -> dict:
    parts = small(leefbaarheid=cells)
    if scale is not None:
        parts["spec"]["criteria"][1]["scale"] = scale
    parts["spec"]["sensitivity"] = {"samples": 3000}
    return load(mkba.run(mkba.scenario(parts["spec"], measures=parts["measures"])).to_dict())


def test_the_sensitivity_analysis_samples_the_mapping_and_the_point_result_uses_the_values() -> None:
    labelled = _smaa("default", ["+", "++", "-"])
    numbers = _smaa(None, [1.0, 2.0, -1.0])
    assert labelled["scores"] == numbers["scores"]  # the point result: the documented values
    assert labelled["sensitivity"]["smaa"]["rank_acceptability"] != numbers["sensitivity"]["smaa"]["rank_acceptability"]
    # with two labels only the ends are used: nothing to sample, the same acceptabilities as the numbers
    two = _smaa(["laag", "hoog"], ["hoog", "hoog", "laag"])
    plain = _smaa(None, [2.0, 2.0, 1.0])
    assert two["sensitivity"]["smaa"]["rank_acceptability"] == plain["sensitivity"]["smaa"]["rank_acceptability"]


def test_the_scale_reaches_results_json_only_when_given() -> None:
    labelled = _smaa("default", ["+", "++", "-"])
    assert [c.get("scale") for c in labelled["scenario"]["criteria"]] == [
        None, {"--": -2.0, "-": -1.0, "0": 0.0, "+": 1.0, "++": 2.0}]
    assert all("scale" not in c for c in _smaa(None, [1.0, 2.0, -1.0])["scenario"]["criteria"])


@pytest.mark.parametrize(("language", "title"), [("nl", "Criteria gescoord met labels"), ("en", "Criteria scored with labels")])
def test_the_report_shows_the_scale_and_that_its_values_are_sampled(language: str, title: str) -> None:
    parts = small(leefbaarheid=["hoog", "laag", "midden"])
    parts["spec"]["criteria"][1]["scale"] = {"laag": 1, "midden": 2, "hoog": 4}
    parts["spec"]["language"] = language
    reports = render_all(mkba.run(mkba.scenario(parts["spec"], measures=parts["measures"]), sensitivity=False).to_dict())
    for text in (reports["html"].decode(), reports["md"].decode()):
        assert title in text and "laag = 1, midden = 2, hoog = 4" in text and "SMAA-O" in text
    plain = small()
    flat = render_all(mkba.run(mkba.scenario(plain["spec"], measures=plain["measures"]), sensitivity=False).to_dict())
    assert title.encode() not in flat["html"]
