"""The start of every run: appraise -> build the decision matrix -> weigh, in one place.

The pipeline, the portfolio problem of a scenario (:func:`mkba.stages.selection.problem_from_scenario`),
the dry run of ``mkba validate`` (:mod:`mkba.stages.check`) and the survey forms all begin here.
"""

from typing import NamedTuple

from ..model import Scenario
from .appraisal import Appraisal, appraise
from .matrix import DecisionMatrix, build
from .weighting import WeightTable, weigh

__all__ = ["Prepared", "prepare"]


class Prepared(NamedTuple):
    """The appraisal of a scenario, its decision matrix and every party's weights (and the group's)."""

    appraisal: Appraisal
    matrix: DecisionMatrix
    weights: WeightTable


def prepare(scenario: Scenario) -> Prepared:
    """Appraise a scenario, build its decision matrix and weigh it.

    Raises
    ------
    ScenarioError
        When a party's weights cannot be derived for this matrix (see
        :func:`mkba.stages.weighting.weigh`).
    """
    appraisal = appraise(scenario)
    matrix = build(scenario, appraisal)
    return Prepared(appraisal, matrix, weigh(scenario, matrix))
