"""How much the method matters, for the scenario's group weights: the scenario's ``method.compare`` and
``method.rank_reversal`` options (:func:`mkba.mcda.compare`, :func:`mkba.mcda.rank_reversal`).

The group's weight vector ranks the measures with the scenario's method and each listed one (the
scenario's parameters go to its own method; the others use their defaults). With ``rank_reversal``
the same methods are audited (Wang & Triantaphyllou's tests 1-3 and leave-one-out); a list longer
than :data:`mkba.mcda.reversal.AUDIT_MAX` measures is not audited, and the block says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import mcda
from ..errors import InputIssue, MethodError, ScenarioError
from ..mcda.compare import Comparison
from ..mcda.reversal import AUDIT_MAX, RankReversal
from ..model import Scenario
from .matrix import DecisionMatrix
from .weighting import WeightTable

__all__ = ["MethodComparison", "compare_methods"]


@dataclass(frozen=True)
class MethodComparison:
    """The comparison of methods (None with a single method) and the rank-reversal audit (None when not
    asked or not run; ``reversal_note`` says why it was not run)."""

    methods: tuple[str, ...]
    comparison: Comparison | None
    reversal: RankReversal | None
    reversal_note: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The results.json block ``method_comparison`` (MethodComparisonBlock in mkba.results.types)."""
        return {"methods": list(self.methods),
                "compare": self.comparison.to_dict() if self.comparison is not None else None,
                "rank_reversal": self.reversal.to_dict() if self.reversal is not None else None,
                "reversal_note": self.reversal_note}


def compare_methods(scenario: Scenario, matrix: DecisionMatrix, weights: WeightTable) -> MethodComparison | None:
    """The comparison the scenario asks for (None when it asks for none).

    Raises
    ------
    ScenarioError
        When a listed method cannot rank this matrix (e.g. COPRAS with negative NPVs), located at
        ``method.compare`` with the reason.
    """
    spec = scenario.method
    methods = spec.compare
    if not methods:
        return None
    params = {spec.name: dict(spec.params)}
    frame = matrix.to_frame()
    comparison = reversal = None
    note = ""
    try:
        if len(methods) >= 2:
            comparison = mcda.compare(frame, weights.group, matrix.types, methods=methods, params=params)
        if spec.rank_reversal:
            if len(matrix.measures) > AUDIT_MAX:
                note = (f"rank-reversal audit not run: {len(matrix.measures)} measures, more than {AUDIT_MAX} "
                        "(the decomposition test ranks every pair of measures)")
            elif len(matrix.measures) < 2:
                note = "rank-reversal audit not run: fewer than 2 measures"
            else:
                reversal = mcda.rank_reversal(frame, weights.group, matrix.types, methods=methods, params=params)
    except MethodError as err:
        issue = InputIssue(file=scenario.source or "scenario", field="method.compare", value=list(methods),
                           message=f"{err} (column order: {', '.join(matrix.criteria)})",
                           expected="methods that accept this decision matrix, e.g. topsis, vikor, promethee2, wsm")
        raise ScenarioError([issue]) from None
    return MethodComparison(methods=tuple(methods), comparison=comparison, reversal=reversal, reversal_note=note)
