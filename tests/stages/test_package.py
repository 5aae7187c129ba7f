"""The portfolio's new results (issue 16) on the bundled scenarios, checked against the numbers the
issue names and against independent computations: what the simple benefit/cost package breaks
(``greedy.broken``), the package against the nulalternatief (``portfolio.package``) and why the
group's top-ranked measures are left out (``portfolio.left_out``)."""

from __future__ import annotations

from pathlib import Path

import pytest

import mkba
from mkba.portfolio import check_feasible

ROOT = Path(__file__).resolve().parents[2]
KRAAIHOEK = ROOT / "scenarios" / "kraaihoek" / "scenario.yaml"
LANDLUST = ROOT / "scenarios" / "landlust-westerkwartier" / "scenario.yaml"


@pytest.fixture(scope="module")
def kraaihoek():
    return mkba.run(KRAAIHOEK, sensitivity=False)


@pytest.fixture(scope="module")
def landlust():
    return mkba.run(LANDLUST, sensitivity=False)


def test_landlust_greedy_breaks_the_sustainability_minimum_as_data(landlust):
    result = landlust.portfolio
    greedy = result.to_dict()["greedy"]
    assert greedy["ranked_by"] == "bcr" and greedy["feasible"] is False
    # the independent English check names the same single rule
    words = check_feasible(result.problem, greedy["selected"], greedy["start_years"])
    assert len(words) == 1 and "duurzaamheid" in words[0]
    assert greedy["broken"] == [{"kind": "rule", "rule": "theme", "label": "theme duurzaamheid: min_count 2",
                                 "theme": "duurzaamheid", "min_count": 2, "max_count": None, "min_spend": None,
                                 "max_spend": None}]


def test_a_feasible_greedy_breaks_nothing(kraaihoek):
    greedy = kraaihoek.portfolio.to_dict()["greedy"]
    assert greedy["feasible"] is True and greedy["broken"] == [] and greedy["ranked_by"] == "bcr"
