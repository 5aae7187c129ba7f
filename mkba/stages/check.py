"""Validate a scenario as ``mkba run`` would find it: the files, then a dry run of the stages.

:mod:`mkba.io.scenario` reads the files and locates every problem in them. What only the stages
find in a file that reads well (the weights a party gave cannot be derived for the decision matrix:
a swing on a criterion without spread, entropy weights on negative NPVs...) is found here by
running appraise -> build -> weigh (:func:`mkba.stages.prepare.prepare`), so that ``mkba validate``
reports it and ``mkba run`` never starts on it. These are the :func:`mkba.check_scenario` and
:func:`mkba.read_scenario` of the library.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputIssue, ScenarioError
from ..io import scenario as reader
from ..model import Scenario
from .prepare import prepare

__all__ = ["check_scenario", "read_scenario", "dry_run"]


def read_scenario(path: str | Path) -> Scenario:
    """Read a scenario file and its measures table, validated, also against the stages: as
    :func:`mkba.io.scenario.read_scenario`, with the errors of :func:`dry_run` among those raised."""
    return reader.checked(*check_scenario(path))


def check_scenario(path: str | Path) -> tuple[Scenario | None, list[InputIssue]]:
    """Validate a scenario and return it (None when it has errors) with every issue found.

    Beyond the file itself, the weights each party gave are derived against the decision
    matrix (a swing on a criterion without spread, AHP on criteria the matrix lacks...), so that
    what ``mkba run`` would refuse is found here already.
    """
    scenario, issues = reader.check_scenario(path)
    if scenario is not None and not any(i.severity == "error" for i in issues):
        stage = dry_run(scenario)
        if stage:
            return None, issues + stage
    return scenario, issues


def dry_run(scenario: Scenario) -> list[InputIssue]:
    """The errors the appraisal, the decision matrix and the weighting raise for a scenario that
    reads well, each located as the stage located it (empty when they run)."""
    try:
        prepare(scenario)
    except ScenarioError as err:
        return [i for i in err.issues if i.severity == "error"]
    return []
