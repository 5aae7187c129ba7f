"""Stakeholder weights over the decision-matrix criteria, and the group weights.

Each stakeholder's elicitation (direct, AHP, swing, rank order) becomes a weight vector on the
simplex, in matrix-criterion order, by the pure functions of :mod:`mkba.weights`. The group
vector is the influence-weighted mean of the priorities (AIP), or, when every stakeholder gave
AHP judgements, the eigenvector of their influence-weighted geometric-mean judgements (AIJ;
Forman & Peniwati 1998). The arithmetic mean of judgements is never used: it breaks reciprocity.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import weights as wt
from ..errors import InputIssue, MethodError, ScenarioError, closest
from .matrix import DecisionMatrix
from ..model import (AHPJudgements, DirectWeights, Elicitation, ObjectiveWeights, RankOrder, Scenario, Stakeholder,
                     SwingWeights)

__all__ = ["WeightTable", "weigh", "stakeholder_weights", "GROUP_ID"]

GROUP_ID = "group"
"""Row label of the group weights and group ranking."""


@dataclass(frozen=True)
class WeightTable:
    """One weight vector per stakeholder (rows, matrix-criterion columns) and the group vector.

    ``details[k]`` records how stakeholder k's weights were derived (elicitation kind, and for
    AHP lambda_max, CI, CR and the RI table; for swing the ranges used).
    """

    criteria: tuple[str, ...]
    stakeholders: tuple[str, ...]
    names: tuple[str, ...]
    influence: np.ndarray
    values: np.ndarray
    group: np.ndarray
    group_method: str
    details: tuple[dict, ...]

    @property
    def all(self) -> np.ndarray:
        """Stakeholder rows then the group row: shape (s + 1, m)."""
        return np.vstack([self.values, self.group[None, :]])

    @property
    def labels(self) -> tuple[str, ...]:
        return self.stakeholders + (GROUP_ID,)

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.all, index=pd.Index(self.labels, name="stakeholder"),
                            columns=pd.Index(self.criteria, name="criterion"))

    def to_dict(self) -> dict:
        return {
            "criteria": list(self.criteria),
            "group": dict(zip(self.criteria, map(float, self.group))),
            "group_method": self.group_method,
            "stakeholders": {
                sid: {"name": name, "influence": float(infl), "weights": dict(zip(self.criteria, map(float, row))),
                      **detail}
                for sid, name, infl, row, detail in zip(self.stakeholders, self.names, self.influence,
                                                        self.values, self.details)
            },
        }

    def __repr__(self) -> str:
        return (f"<WeightTable {len(self.stakeholders)} stakeholders x {len(self.criteria)} criteria · "
                f"group by {self.group_method}>")


def _ahp_matrix(e: AHPJudgements, criteria: tuple[str, ...]) -> np.ndarray:
    """The judgement matrix re-ordered to matrix-criterion order."""
    order = [e.criteria.index(c) for c in criteria]
    return np.asarray(e.matrix, dtype=float)[np.ix_(order, order)]


def _judgements(stakeholder: Stakeholder) -> AHPJudgements:
    """The stakeholder's AHP judgements (group 'aij' needs them from every stakeholder)."""
    e = stakeholder.elicitation
    if not isinstance(e, AHPJudgements):
        raise MethodError(f"group 'aij' needs AHP judgements from every stakeholder; "
                          f"{stakeholder.id!r} gave {e.kind!r}")
    return e


_GIVEN = {"direct": "weights", "ahp": "AHP judgements", "swing": "swing points", "ranking": "ranking"}


def _check_named(e: Elicitation, criteria: tuple[str, ...]) -> None:
    """Refuse an elicitation that names a criterion the matrix lacks or leaves one out, as a
    :class:`MethodError` naming both (a scenario read from files is checked so by the reader; one
    built from the dataclasses gets the same sense here, not a bare ``KeyError``)."""
    named: list[str] | None = (list(e.weights) if isinstance(e, DirectWeights) else list(e.criteria)
                               if isinstance(e, AHPJudgements) else list(e.points) if isinstance(e, SwingWeights)
                               else [c for group in e.order for c in group] if isinstance(e, RankOrder) else None)
    if named is None:
        return
    unknown = [c for c in named if c not in criteria]
    if unknown:
        hint = closest(unknown[0], criteria)
        raise MethodError(f"no such criterion {unknown[0]!r} in its {_GIVEN[e.kind]} (known: {', '.join(criteria)})"
                          + (f"; did you mean {hint!r}?" if hint else ""))
    missing = [c for c in criteria if c not in named]
    if missing:
        raise MethodError(f"its {_GIVEN[e.kind]} leave out {', '.join(map(repr, missing))}; they need every matrix "
                          f"criterion ({', '.join(criteria)})")


def stakeholder_weights(stakeholder: Stakeholder, matrix: DecisionMatrix) -> tuple[np.ndarray, dict]:
    """One stakeholder's weights in matrix-criterion order, with how they were derived.

    Raises
    ------
    MethodError
        When the elicitation names a criterion the matrix lacks or leaves one out, or its weights
        cannot be derived for this matrix.
    """
    e = stakeholder.elicitation
    criteria = matrix.criteria
    _check_named(e, criteria)
    if isinstance(e, DirectWeights):
        w, note = wt.direct(np.array([e.weights[c] for c in criteria], dtype=float))
        return w, {"elicitation": "direct", **({"note": note} if note else {})}
    if isinstance(e, AHPJudgements):
        result = wt.ahp(_ahp_matrix(e, criteria), ri_table=wt.default_ri_table(len(criteria)))
        return result.weights, {"elicitation": "ahp", "lambda_max": float(result.lambda_max),
                                "ci": float(result.ci), "cr": float(result.cr), "ri_table": result.ri_table,
                                "consistent": bool(result.consistent)}
    if isinstance(e, SwingWeights):
        points = np.array([e.points[c] for c in criteria], dtype=float)
        if len(e.ranges) == len(criteria):
            elicited = np.array([abs(e.ranges[c][1] - e.ranges[c][0]) for c in criteria], dtype=float)
            observed = matrix.spread
            w = wt.swing(points, elicited_ranges=elicited, observed_ranges=observed)
            return w, {"elicitation": "swing", "points": dict(zip(criteria, points.tolist())),
                       "elicited_ranges": {c: list(e.ranges[c]) for c in criteria},
                       "observed_ranges": dict(zip(criteria, observed.tolist()))}
        return wt.swing(points), {"elicitation": "swing", "points": dict(zip(criteria, points.tolist()))}
    if isinstance(e, RankOrder):
        position = wt.rank_order_weights([len(g) for g in e.order])
        by_id = {c: position[k] for k, c in enumerate(c for g in e.order for c in g)}
        return np.array([by_id[c] for c in criteria]), {"elicitation": "ranking",
                                                        "order": [list(g) for g in e.order]}
    if isinstance(e, ObjectiveWeights):
        compute = wt.entropy if e.method == "entropy" else wt.critic
        return compute(matrix.values, matrix.types), {"elicitation": "objective", "method": e.method}
    raise TypeError(f"unknown elicitation {type(e).__name__}")  # pragma: no cover - model forbids it


def weigh(scenario: Scenario, matrix: DecisionMatrix) -> WeightTable:
    """Every stakeholder's weights and the group weights (see the module docstring).

    Raises
    ------
    ScenarioError
        When a weighting cannot be derived for this matrix, naming each stakeholder and why.
    """
    derived, issues = [], []
    for s in scenario.stakeholders:
        try:
            derived.append(stakeholder_weights(s, matrix))
        except MethodError as err:  # e.g. entropy on negative NPVs: bad input for this scenario
            issues.append(InputIssue(file=scenario.source or "scenario", field=f"stakeholders.{s.id}",
                                     value=s.elicitation.kind, message=str(err),
                                     expected="an elicitation that suits this decision matrix"))
    if issues:
        raise ScenarioError(issues)
    rows, details = zip(*derived)
    values = np.vstack(rows)
    influence = np.array([s.influence for s in scenario.stakeholders], dtype=float)
    influence = influence / influence.sum()
    all_ahp = all(isinstance(s.elicitation, AHPJudgements) for s in scenario.stakeholders)
    method = scenario.group if scenario.group != "auto" else ("aij" if all_ahp else "mean")
    if method == "aij":
        stacked = np.stack([_ahp_matrix(_judgements(s), matrix.criteria) for s in scenario.stakeholders])
        group = wt.ahp(wt.aggregate_judgements(stacked, influence),
                       ri_table=wt.default_ri_table(len(matrix.criteria))).weights
    else:
        group = wt.aggregate_priorities(values, influence)
    return WeightTable(
        criteria=matrix.criteria, stakeholders=tuple(s.id for s in scenario.stakeholders),
        names=tuple(s.name for s in scenario.stakeholders), influence=influence, values=values,
        group=np.asarray(group, dtype=float), group_method=method, details=tuple(details),
    )
