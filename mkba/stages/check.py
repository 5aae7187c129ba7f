"""Validate a scenario as ``mkba run`` would find it: the files, then a dry run of the stages.

:mod:`mkba.io.scenario` reads the files and locates every problem in them. What only the stages
find in a file that reads well (the weights a party gave cannot be derived for the decision matrix:
a swing on a criterion without spread, entropy weights on negative NPVs...) is found here by
running appraise -> build -> weigh (:func:`mkba.stages.prepare.prepare`), so that ``mkba validate``
reports it and ``mkba run`` never starts on it. These are the :func:`mkba.check_scenario` and
:func:`mkba.read_scenario` of the library.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputIssue, ScenarioError
from ..io import scenario as reader
from ..io.scenario.build import Parts, build
from ..model import Scenario
from .prepare import prepare

if TYPE_CHECKING:  # typing.Unpack is 3.11+; only mypy reads the annotations (postponed)
    from typing_extensions import Unpack

__all__ = ["check_scenario", "read_scenario", "dry_run", "scenario", "check_built"]


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
    return _with_dry_run(*reader.check_scenario(path))


def scenario(spec: Mapping[str, Any] | None = None, /, **parts: Unpack[Parts]) -> Scenario:
    """A scenario built in code, validated as :func:`read_scenario` validates a file.

    ``spec`` is what a scenario file holds, as a mapping (``name``, ``appraisal``, ``criteria``,
    ``stakeholders``, ``budget``, ``rules``...: docs/scenario-format.md); the keywords give parts of
    it as tables: ``measures`` (the longlist: a DataFrame with a row per measure and the columns of
    the measures table, or a list of mappings), ``criteria`` and ``stakeholders`` (DataFrames or lists
    of mappings), ``weights`` (a DataFrame of direct weights, a row per stakeholder id and a column per
    matrix criterion), or any other section as a mapping; ``folder`` is where the files it names lie
    (the map's GeoJSON), ``source`` the name it goes by in messages and the report.

    Raises
    ------
    ScenarioError
        Listing every error (and warning) found, each located by its field path instead of a line:
        ``criteria[2].shadow_prce``, ``stakeholders.huurders.weights``, ``measures[3].investment``
        (lists and the longlist's rows counted from 1).
    """
    return reader.checked(*check_built(spec, **parts))


def check_built(spec: Mapping[str, Any] | None = None, /, **parts: Unpack[Parts]
                ) -> tuple[Scenario | None, list[InputIssue]]:
    """Validate a scenario built in code (see :func:`scenario`) and return it (None when it has
    errors) with every issue found, as :func:`check_scenario` does for a file."""
    return _with_dry_run(*build(spec, **parts))


def _with_dry_run(scenario: Scenario | None, issues: list[InputIssue]) -> tuple[Scenario | None, list[InputIssue]]:
    """A scenario that reads well, checked against the stages too (:func:`dry_run`)."""
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
