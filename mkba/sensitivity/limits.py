"""What the sensitivity analysis refuses up front: longlists whose n x n tables would not fit.

SMAA-2's rank acceptabilities are n x n (every measure can take every rank), and so are their
Monte Carlo errors; both go into results.json and sensitivity.csv. Checked before anything is
allocated, with the reason and the way round it (docs/sensitivity.md, "Large longlists").
"""

from __future__ import annotations

from ..errors import MethodError

__all__ = ["MAX_MEASURES", "check_measures"]

#: Most measures SMAA-2 ranks. Its rank acceptabilities are n x n (counts, shares and their MC
#: errors, all in results.json and sensitivity.csv): 2,000 measures are 4 million numbers a table
#: (a 130 MB results.json, 1.7 GB peak); the 334,301 of a 50 MB longlist would be 1.1e11 (0.9 TB
#: a table). Longer lists are refused before anything is allocated (:func:`check_measures`).
MAX_MEASURES = 2000


def _size(nbytes: float) -> str:
    return f"{nbytes / 2**30:,.0f} GiB" if nbytes >= 2**30 else f"{nbytes / 2**20:,.0f} MiB"


def check_measures(n: int) -> None:
    """Refuse, with the reason and the way round it, more measures than :data:`MAX_MEASURES`."""
    if n > MAX_MEASURES:
        raise MethodError(
            f"the sensitivity analysis (SMAA-2) is limited to {MAX_MEASURES:,} measures; this longlist has {n:,}: "
            f"its rank acceptabilities alone would be {n:,} x {n:,} = {float(n) * n:.2g} numbers "
            f"({_size(8.0 * n * n)} a table). Run without it (mkba run --no-sensitivity, "
            "sensitivity: {enabled: false} in the scenario, or mkba.run(..., sensitivity=False)) to appraise, "
            "rank and select the portfolio, or shorten the longlist")
