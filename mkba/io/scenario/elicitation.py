"""One stakeholder's elicitation: weights given directly, AHP judgements, swing points with their
ranges, a rank order or an objective weighting, each checked against the matrix criteria."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

import numpy as np

from ... import weights as wt
from ...errors import closest
from ...model import (AHPJudgements, Criterion, DirectWeights, Elicitation, FrozenMap, ObjectiveWeights, RankOrder,
                      SwingWeights)
from ..readers import LineDict, LineList
from .issues import Detail
from .reader import Reader

if TYPE_CHECKING:  # typing.Unpack is 3.11+; only mypy reads the annotations (postponed)
    from typing_extensions import Unpack

__all__ = ["Where", "ELICIT"]


class _Said(Detail, total=False):
    """What an elicitation's issue says, and its line when not the elicitation's own."""

    row: int | None


class Where:
    """Location and valid criteria of one stakeholder's elicitation, for its messages.

    ``failed`` tells whether any error was found since it was made. A criterion named under an
    unknown key that is a typo of a missing one is reported once (the typo, with the name it
    was meant to be), not again as missing; so is a criterion whose entry in ``criteria`` is
    itself invalid (``reader.loose_criteria``).
    """

    def __init__(self, reader: Reader, field: str, row: int | None, matrix_ids: tuple[str, ...],
                 monetised: dict[str, Criterion]) -> None:
        self.reader, self.field, self.row, self.matrix_ids, self.monetised = reader, field, row, matrix_ids, monetised
        self.start = reader.error_count()
        self.suggested: set[str] = set()

    @property
    def failed(self) -> bool:
        return self.reader.error_count() > self.start

    def reset(self) -> None:
        """Start a new mapping of criteria (swing ranges after swing points)."""
        self.suggested = set()

    def error(self, message: str, **kw: Unpack[_Said]) -> None:
        kw.setdefault("row", self.row)
        self.reader.error(message, field=self.field, **kw)

    def criterion(self, key: object, row: int | None) -> bool:
        if key in self.matrix_ids:
            return True
        reader = self.reader
        if key in reader.loose_criteria:
            return False  # its entry in 'criteria' is invalid and reported there
        if key in self.monetised:
            c = self.monetised[key]
            reader.error(f"'{key}' is monetised (shadow price {c.shadow_price:g} per {c.unit or 'unit'}), "
                         "so it is part of 'npv'", field=self.field, row=row, value=key,
                         expected=f"weigh 'npv' instead; matrix criteria are {list(self.matrix_ids)}")
        elif reader.criteria_complete:  # else the key may name a criterion without an id
            suggestion = closest(key, self.matrix_ids)
            if suggestion is not None:
                self.suggested.add(suggestion)
            reader.unknown("criterion", key, self.matrix_ids, field=self.field, row=row, ref="criterion")
        return False

    def missing(self, given: Mapping | set) -> list[str]:
        """Matrix criteria not given, leaving out those an unknown key was a typo of and those
        whose own entry is invalid."""
        return [c for c in self.matrix_ids
                if c not in given and c not in self.suggested and c not in self.reader.loose_criteria]

    def complete(self, given: Mapping | set, row: int | None) -> None:
        missing = self.missing(given)
        if missing:
            self.reader.error("criteria missing", field=self.field, row=row, value=missing,
                              expected=f"every matrix criterion: {list(self.matrix_ids)}")


def _weights(r: Reader, raw: object, ctx: Where) -> DirectWeights | None:
    if not isinstance(raw, LineDict):
        ctx.error("expected a mapping criterion: weight", value=raw)
        return None
    weights, given = {}, set()
    for key, value in raw.items():
        if not ctx.criterion(key, raw.lines.get(key)):
            continue
        given.add(key)  # present, even when its weight is invalid
        number = r.number(value, field=f"{ctx.field}.{key}", row=raw.lines.get(key))
        if number is not None and number < 0:
            r.error("negative weight", field=f"{ctx.field}.{key}", row=raw.lines.get(key), value=value,
                    expected="a weight >= 0")
        elif number is not None:
            weights[key] = number
    ctx.complete(given, raw.line)
    if ctx.failed:  # "all zero" only when every weight could be read
        return None
    if sum(weights.values()) <= 0:
        ctx.error("all weights are zero", expected="at least one weight > 0")
        return None
    total = sum(weights.values())
    if abs(total - 1.0) > 1e-9:
        r.warn(f"weights sum to {total:g}; they are normalised to sum to 1", field=ctx.field, row=ctx.row,
               expected="weights summing to 1")
    return DirectWeights(FrozenMap({c: weights.get(c, 0.0) for c in ctx.matrix_ids}))


def _objective(r: Reader, raw: object, ctx: Where) -> ObjectiveWeights | None:
    if raw not in ("entropy", "critic"):
        ctx.error("unknown objective weighting", value=raw, expected="'entropy' or 'critic'",
                  suggestion=closest(raw, ("entropy", "critic")))
        return None
    return ObjectiveWeights(raw)


def _ranking(r: Reader, raw: object, ctx: Where) -> RankOrder | None:
    if not isinstance(raw, list) or not raw:
        ctx.error("expected a list of criteria, most important first", value=raw)
        return None
    order: list[tuple[str, ...]] = []
    named: dict[str, float] = {}
    for position, entry in enumerate(raw):
        group = entry if isinstance(entry, list) else [entry]
        ids = []
        for key in group:
            key = str(key)
            if ctx.criterion(key, raw.lines[position] if isinstance(raw, LineList) else ctx.row):
                if key in named:
                    ctx.error("criterion ranked twice", value=key, expected="each criterion once")
                named[key] = 1.0
                ids.append(key)
        if ids:
            order.append(tuple(ids))
    ctx.complete(named, ctx.row)
    if ctx.failed:
        return None
    return RankOrder(tuple(order))


def _ahp(r: Reader, raw: object, ctx: Where) -> AHPJudgements | None:
    if not isinstance(raw, LineDict) or "criteria" not in raw or "matrix" not in raw:
        ctx.error("expected a mapping with 'criteria' and 'matrix'", expected="ahp: {criteria: [...], matrix: [[...]]}")
        return None
    if not isinstance(raw["criteria"], list) or not raw["criteria"]:
        ctx.error("ahp.criteria must be a list of criteria", row=raw.lines.get("criteria"), value=raw["criteria"],
                  expected=f"the matrix criteria in the order of the matrix rows: {list(ctx.matrix_ids)}")
        return None
    crit = [str(c) for c in raw["criteria"]]
    known = {c: 1.0 for c in crit if ctx.criterion(c, raw.lines.get("criteria"))}
    if len(set(crit)) != len(crit):
        ctx.error("a criterion appears twice in ahp.criteria", value=crit, row=raw.lines.get("criteria"))
    ctx.complete(known, raw.lines.get("criteria"))
    # the matrix is checked against the criteria as listed, whatever is wrong with their names
    rows = raw["matrix"]
    mrow = raw.lines.get("matrix")
    n = len(crit)
    if not isinstance(rows, list) or len(rows) != n or not all(isinstance(x, list) and len(x) == n for x in rows):
        short = [i for i, x in enumerate(rows) if not (isinstance(x, list) and len(x) == n)] \
            if isinstance(rows, LineList) and len(rows) == n else []
        ctx.error(f"the AHP matrix must be square, {n} x {n} (one row and column per criterion)",
                  row=rows.lines[short[0]] if short else mrow,
                  value=[len(x) if isinstance(x, list) else x for x in rows] if isinstance(rows, list) else rows,
                  expected=f"{n} rows of {n} judgements")
        return None
    cells = []
    for i, x in enumerate(rows):
        line = rows.lines[i] if isinstance(rows, LineList) else mrow
        cells.append([r.number(v, field=f"{ctx.field}.matrix[{i + 1}][{j + 1}]", row=line)
                      for j, v in enumerate(x)])
    if any(None in x for x in cells):
        return None
    matrix = [[v for v in x if v is not None] for x in cells]  # every cell is a number here
    problems = wt.check_pairwise(np.array(matrix))
    for p in problems:
        line = rows.lines[p.i] if isinstance(rows, LineList) and p.i is not None and p.i < n else mrow
        r.error(f"AHP matrix: {p.message}", field=f"{ctx.field}.matrix", row=line,
                expected="positive judgements with matrix[j][i] = 1/matrix[i][j] and 1 on the diagonal")
    if ctx.failed:
        return None
    result = wt.ahp(np.array(matrix), ri_table=wt.default_ri_table(n))
    worst = result.worst  # None only for one criterion, which is always consistent
    if not result.consistent and worst is not None:
        i, j = worst[0], worst[1]
        r.warn(f"AHP consistency ratio CR = {result.cr:.3f} exceeds {result.threshold:.2f}; the least "
               f"consistent judgement is {crit[i]} vs {crit[j]} = {matrix[i][j]:g} (consistent value "
               f"about {worst[3]:.2g})", field=f"{ctx.field}.matrix", row=mrow,
               expected=f"CR <= {result.threshold:.2f}: revisit that judgement")
    return AHPJudgements(tuple(crit), tuple(tuple(x) for x in matrix))


def _swing(r: Reader, raw: object, ctx: Where) -> SwingWeights | None:
    if not isinstance(raw, LineDict) or "points" not in raw or not isinstance(raw["points"], LineDict):
        ctx.error("expected a mapping with 'points' (and 'ranges')",
                  expected="swing: {points: {criterion: 0-100}, ranges: {criterion: [worst, best]}}")
        return None
    points_raw = raw["points"]
    points, given = {}, set()
    for key, value in points_raw.items():
        if ctx.criterion(key, points_raw.lines.get(key)):
            given.add(key)
            number = r.number(value, field=f"{ctx.field}.points.{key}", row=points_raw.lines.get(key))
            if number is not None and not 0 <= number <= 100:
                r.error("swing points must lie between 0 and 100", field=f"{ctx.field}.points.{key}",
                        row=points_raw.lines.get(key), value=value, expected="0 to 100 (most important = 100)")
            elif number is not None:
                points[key] = number
    ctx.complete(given, points_raw.line)
    if not ctx.failed and max(points.values(), default=0.0) <= 0:
        ctx.error("all swing points are zero", expected="100 for the most important swing")
    ranges = {}
    ranges_raw = raw.get("ranges")
    if ranges_raw is None:
        r.warn("swing weights without the ranges they were elicited on; they are used as given",
               field=ctx.field, row=ctx.row, expected="ranges: {criterion: [worst, best]}")
    elif isinstance(ranges_raw, LineDict):
        ctx.reset()
        for key, value in ranges_raw.items():
            line = ranges_raw.lines.get(key)
            if not ctx.criterion(key, line):
                continue
            pair = [r.number(v, field=f"{ctx.field}.ranges.{key}", row=line) for v in value] \
                if isinstance(value, list) and len(value) == 2 else None
            if pair is None:
                r.error("a range is [worst, best]", field=f"{ctx.field}.ranges.{key}", row=line, value=value,
                        expected="two numbers [worst, best]")
            elif None not in pair and pair[0] == pair[1]:
                r.error("a range must not be empty", field=f"{ctx.field}.ranges.{key}", row=line, value=value,
                        expected="worst and best differ")
            elif None not in pair:
                ranges[key] = tuple(pair)
        missing = ctx.missing(ranges_raw)
        if missing:
            r.error("swing ranges missing for some criteria", field=f"{ctx.field}.ranges", row=ranges_raw.line,
                    value=missing, expected="a [worst, best] range for every weighted criterion")
    else:
        ctx.error("ranges must be a mapping criterion: [worst, best]", value=ranges_raw)
    if ctx.failed:
        return None
    return SwingWeights(FrozenMap({c: points.get(c, 0.0) for c in ctx.matrix_ids}),
                        FrozenMap({c: ranges[c] for c in ctx.matrix_ids if c in ranges}))


ELICIT: dict[str, Callable[[Reader, object, Where], Elicitation | None]] = {
    "weights": _weights, "ahp": _ahp, "swing": _swing, "ranking": _ranking, "objective": _objective,
}
"""The reader of each elicitation key in :data:`mkba.io.schema.ELICITATION_KEYS`."""
