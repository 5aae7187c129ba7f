"""mkba: social cost-benefit analysis (MKBA) and stakeholder-weighted multi-criteria prioritisation.

The flow: scenario files -> :func:`read_scenario` -> :func:`run` (appraisal, decision matrix,
weights, scores) -> :func:`write_run`. Submodules: :mod:`mkba.stages.appraisal`, :mod:`mkba.mcda`,
:mod:`mkba.weights`. Names are imported lazily, so ``import mkba`` stays fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "read_scenario": "mkba.stages.check",
    "check_scenario": "mkba.stages.check",
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
    from .stages.check import check_scenario, read_scenario
    from .batch import Batch, run_many
    from .writers import write_run
    from .stages.matrix import DecisionMatrix
    from .model import Scenario
    from .pipeline import Run, run
    from .stages.provenance import Provenance
    from .stages.scoring import Scores
    from .stages.weighting import WeightTable


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    msg = f"module 'mkba' has no attribute {name!r}"
    raise AttributeError(msg)
