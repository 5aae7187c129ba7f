"""Where the ranking depends on what is not known (issue 20 item 2): per missing criterion cell the
measure's group rank with that cell at the low and at the high end of its sampled range (all else at the
point result), and per measure its rank with all its missing cells at their worst and at their best ends.

The cell to fill first is the one whose two ends move the measure's rank most (ties: the first criterion
in scenario order); the measures whose place depends most on missing data are those with the widest
worst-to-best range. One MCDA evaluation per end (two per cell, two per measure), never one per sample;
the rank acceptabilities over every missing cell at once are the sensitivity analysis' (the missing cells
are uncertain effects there)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import mcda
from ..model import Scenario
from ..results.opportunity import MissingBlock, MissingCellRow, MissingMeasureRow
from .appraisal import Appraisal
from .matrix import DecisionMatrix
from .sensitivity import _matrix_with
from .weighting import WeightTable

__all__ = ["MissingData", "analyse_missing", "MAX_ANALYSED"]

MAX_ANALYSED = 1000
"""At most this many missing cells (in scenario order) get their ends' ranks: two MCDA evaluations of the
whole matrix each, so a 10,000-measure longlist full of gaps stays seconds, not hours. The sensitivity
analysis samples every missing cell regardless; the block says how many were not analysed."""


@dataclass(frozen=True)
class MissingData:
    """The missing cells and the measures that have them, with the ranks at their ends."""

    cells: tuple[MissingCellRow, ...]
    measures: tuple[MissingMeasureRow, ...]
    not_analysed: int = 0

    def to_dict(self) -> MissingBlock:
        return MissingBlock(imputation="median", range="observed", cells=list(self.cells), measures=list(self.measures),
                            not_analysed=self.not_analysed)


def analyse_missing(scenario: Scenario, appraisal: Appraisal, matrix: DecisionMatrix, weights: WeightTable) -> MissingData | None:
    """The ranks at the ends of every missing cell; None when no cell is missing (nothing changes then)."""
    gaps = [(i, cid) for i, m in enumerate(scenario.measures) for cid, e in m.effects.items() if e.missing]
    if not gaps:
        return None
    skipped = max(0, len(gaps) - MAX_ANALYSED)
    gaps = gaps[:MAX_ANALYSED]
    method, params = scenario.method.name, dict(scenario.method.params)
    better = mcda.METHODS[method].higher_is_better

    def rank_of(i: int, changes: dict) -> int:
        x = _matrix_with(scenario, appraisal, matrix, changes)
        return int(mcda.rank(mcda.evaluate(method, x, weights.group, matrix.types, **params), higher_is_better=better)[i])

    base = mcda.rank(mcda.evaluate(method, matrix.values, weights.group, matrix.types, **params), higher_is_better=better)
    cells = []
    for i, cid in gaps:
        e = scenario.measures[i].effects[cid]
        cells.append(MissingCellRow(measure=scenario.measures[i].id, criterion=cid, imputed=e.value, low=float(e.low or 0.0),
                                    high=float(e.high or 0.0), rank_low=rank_of(i, {(i, cid): e.low}),
                                    rank_high=rank_of(i, {(i, cid): e.high})))
    rows = []
    for i in sorted({i for i, _ in gaps}):
        own = [(c, cid) for c, (k, cid) in zip(cells, gaps) if k == i]
        ends = {}
        for label, good in (("worst", False), ("best", True)):
            ends[label] = rank_of(i, {(i, cid): (c["high"] if (scenario.criterion(cid).direction == "benefit") == good
                                                 else c["low"]) for c, cid in own})
        swings = [abs(c["rank_low"] - c["rank_high"]) for c, _ in own]
        first = own[int(np.argmax(swings))][1]
        rows.append(MissingMeasureRow(measure=scenario.measures[i].id, criteria=[cid for _, cid in own], rank=int(base[i]),
                                      rank_best=ends["best"], rank_worst=ends["worst"], fill_first=first))
    rows.sort(key=lambda r: (-(r["rank_worst"] - r["rank_best"]), r["rank"]))
    return MissingData(tuple(cells), tuple(rows), skipped)
