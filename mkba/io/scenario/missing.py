"""Missing criterion cells (issue 20 item 2): an empty cell, ``?`` or ``onbekend`` is not known, never 0.

The point result (the MKBA, the ranking, the package) takes the criterion's **median** over the measures
whose cell is known: a neutral guess that neither rewards nor punishes a measure for what nobody measured
(the worst value would punish the proposer of an idea nobody has costed yet, the best reward it), and
robust to one extreme measure. The sensitivity analysis samples each missing cell over the criterion's
observed range (the smallest to the largest known value, the ends of known ``low|mode|high`` ranges
included; triangular with the median as mode, as any uncertain effect), so rank acceptabilities and core
indices carry what is not known. A cell known only roughly is better given as ``low|mode|high``."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ...model import Criterion, Effect, FrozenMap, Measure
from ..tables import Table
from .reader import Reader

__all__ = ["MISSING_WORDS", "is_missing", "impute"]

MISSING_WORDS = ("?", "onbekend", "unknown", "nb", "n.b.")
"""Cell texts (any case) that mean 'not known', like an empty cell."""


def is_missing(value: object) -> bool:
    """Whether a criterion cell says nothing is known: empty, or one of :data:`MISSING_WORDS`."""
    return value is None or (isinstance(value, str) and (not value.strip() or value.strip().lower() in MISSING_WORDS))


def impute(r: Reader, table: Table, criteria: list[Criterion], measures: list[Measure]) -> list[Measure]:
    """The measures with each missing cell as the criterion's median over its known cells, uncertain over
    their range; a warning per criterion and per measure says how many cells are missing; a criterion with
    no known cell at all is an error (there is nothing to take a value or a range from)."""
    if not any(e.missing for m in measures for e in m.effects.values()):
        return measures
    filled: dict[str, Effect] = {}
    for c in criteria:
        known = [e for m in measures if c.id in m.effects for e in (m.effects[c.id],) if not e.missing]
        gaps = [m for m in measures if c.id in m.effects and m.effects[c.id].missing]
        if not gaps:
            continue
        ids = ", ".join(m.id for m in gaps)
        if not known:
            r.error(f"every cell of criterion '{c.id}' is missing: there is no value to rank on nor a range to "
                    "sample", file=table.file, sheet=table.sheet, row=None, field=c.id, value=ids,
                    expected="at least one known value, or low|most_likely|high ranges where a value is guessed")
            continue
        ends = [v for e in known for v in (e.value, e.low, e.high) if v is not None]
        median = float(np.median([e.value for e in known]))
        filled[c.id] = Effect(median, float(min(ends)), float(max(ends)), missing=True)
        r.warn(f"{len(gaps)} of {len(gaps) + len(known)} cells of criterion '{c.id}' are missing ({ids}): the "
               f"ranking takes the criterion's median {median:g}, the sensitivity analysis samples them from "
               f"{min(ends):g} to {max(ends):g}", file=table.file, sheet=table.sheet, row=None, field=c.id,
               value=len(gaps), expected="a value (or low|most_likely|high) in each cell when known")
    out = []
    for m in measures:
        cells = [cid for cid, e in m.effects.items() if e.missing]
        if cells:
            r.warn(f"measure {m.id}: {len(cells)} of {len(m.effects)} criterion cells missing ({', '.join(cells)})",
                   file=table.file, sheet=table.sheet, row=m.row, field=cells[0], value=len(cells),
                   expected="a value in each cell when known; see the report's 'fill first' list")
            m = replace(m, effects=FrozenMap({cid: filled.get(cid, e) if e.missing else e for cid, e in m.effects.items()}))
        out.append(m)
    return out
