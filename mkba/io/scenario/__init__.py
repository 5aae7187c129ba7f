"""Read and validate a scenario: YAML file + measures table -> :class:`mkba.model.Scenario`.

Every problem is collected with its file, sheet, row (as the spreadsheet or editor shows it),
field, bad value, what would be valid and the closest valid name; then one
:class:`~mkba.errors.ScenarioError` lists them all. Warnings (e.g. an inconsistent AHP matrix)
do not stop the run; they travel in ``Scenario.warnings``.

This package reads the files only. What the stages would refuse for a file that reads well (the
weights a party gave cannot be derived for the decision matrix, e.g. entropy weights on negative
NPVs) is found by the dry run of :mod:`mkba.stages.check`, which :func:`mkba.check_scenario`,
:func:`mkba.read_scenario` and ``mkba validate`` use.

One module per part of the file: :mod:`.document` (the top level, appraisal and method, and the
order of the sections), :mod:`.criteria`, :mod:`.stakeholders` with :mod:`.elicitation`,
:mod:`.measures` (the table), :mod:`.portfolio` (budget, settings, rules), :mod:`.sensitivity`,
:mod:`.map` and :mod:`.monitoring`; :mod:`.issues` locates and collects the issues and
:mod:`.reader` holds what the sections share and parses single values. :mod:`.build` gives the
same parsers a scenario built in code (a mapping and DataFrames; :func:`mkba.scenario`).
"""

from __future__ import annotations

from pathlib import Path

from ...errors import InputIssue, ScenarioError
from ...model import Scenario
from .document import read_file
from .reader import MAX_MAGNITUDE

__all__ = ["read_scenario", "check_scenario", "checked", "MAX_MAGNITUDE"]


def read_scenario(path: str | Path) -> Scenario:
    """Read a scenario file and its measures table, validated (the files only; see the module).

    Raises
    ------
    ScenarioError
        Listing every error (and warning) found, each located; nothing is raised for warnings
        alone: they are kept in ``Scenario.warnings``.
    """
    return checked(*check_scenario(path))


def check_scenario(path: str | Path) -> tuple[Scenario | None, list[InputIssue]]:
    """Validate a scenario file and its measures table and return the scenario (None when they have
    errors) with every issue found in them."""
    return read_file(Path(path))


def checked(scenario: Scenario | None, issues: list[InputIssue]) -> Scenario:
    """The scenario of a check, or the :class:`ScenarioError` listing its issues when it has errors."""
    if scenario is None or any(i.severity == "error" for i in issues):
        raise ScenarioError(issues)
    return scenario
