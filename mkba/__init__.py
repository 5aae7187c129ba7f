"""mkba: social cost-benefit analysis (MKBA) and stakeholder-weighted multi-criteria prioritisation.

The flow: scenario files -> :func:`read_scenario` -> :func:`run` (appraisal, decision matrix,
weights, scores, portfolio, sensitivity, roadmap) -> :func:`write_run` (results.json, CSV tables
and the reports). Many scenarios and variants: :func:`run_many`.

Public names (imported on first use, so ``import mkba`` stays fast):

- reading: ``read_scenario``, ``check_scenario``, ``Scenario``; built in code: ``scenario``
- running: ``run``, ``Run``, ``run_many``, ``Batch``, ``appraise``
- results: ``Appraisal``, ``DecisionMatrix``, ``WeightTable``, ``Scores``, ``Provenance``
- writing: ``write_run``
- errors: ``MkbaError``, ``ScenarioError``, ``InputIssue``, ``MethodError``

The kernels other tools use without a scenario: :mod:`mkba.mcda` (rankings, vectorised over many
weight vectors), :mod:`mkba.weights`, :mod:`mkba.portfolio`, :mod:`mkba.sensitivity`,
:mod:`mkba.discount`; the results format: :mod:`mkba.results`. See docs/architecture.md.
"""

from __future__ import annotations

from importlib import import_module as _import_module
from typing import TYPE_CHECKING

__version__ = "0.1.0"

_EXPORTS = {
    "read_scenario": "mkba.stages.check",
    "check_scenario": "mkba.stages.check",
    "scenario": "mkba.stages.check",
    "run": "mkba.pipeline",
    "run_many": "mkba.batch",
    "Batch": "mkba.batch",
    "Run": "mkba.pipeline",
    "write_run": "mkba.writers",
    "Scenario": "mkba.model",
    "Appraisal": "mkba.stages.appraisal",
    "appraise": "mkba.stages.appraisal",
    "DecisionMatrix": "mkba.stages.matrix",
    "WeightTable": "mkba.stages.weighting",
    "Scores": "mkba.stages.scoring",
    "Provenance": "mkba.stages.provenance",
    "MkbaError": "mkba.errors",
    "ScenarioError": "mkba.errors",
    "InputIssue": "mkba.errors",
    "MethodError": "mkba.errors",
}
__all__ = sorted(_EXPORTS) + ["__version__"]

if TYPE_CHECKING:  # pragma: no cover
    from .stages.appraisal import Appraisal, appraise
    from .errors import InputIssue, MethodError, MkbaError, ScenarioError
    from .stages.check import check_scenario, read_scenario, scenario
    from .batch import Batch, run_many
    from .writers import write_run
    from .stages.matrix import DecisionMatrix
    from .model import Scenario
    from .pipeline import Run, run
    from .stages.provenance import Provenance
    from .stages.scoring import Scores
    from .stages.weighting import WeightTable


def __getattr__(name: str) -> object:
    if name in _EXPORTS:
        return getattr(_import_module(_EXPORTS[name]), name)
    msg = f"module 'mkba' has no attribute {name!r}"
    raise AttributeError(msg)


def __dir__() -> list[str]:
    """The public names and the module's own dunders (what ``dir(mkba)`` and tab completion show)."""
    return sorted({*_EXPORTS, *(name for name in globals() if name.startswith("__"))})
