"""Amounts, lists and numbers as a reader sees them: in a message (``2.4 M€``, ``a, b and c``) or in JSON.

The bottom of :mod:`mkba.portfolio`: every message of the package (a rule's description, a
broken rule, a conflict) formats money and lists of measures with these helpers, and every
``to_dict`` writes its floats through :func:`jsonable` (JSON has no NaN or infinity).
"""

from __future__ import annotations

import math
from typing import Any, Sequence

import numpy as np

__all__ = ["money", "join_words", "jsonable"]


def money(amount: float, digits: int = 1) -> str:
    """An amount in euros as a user reads it: ``2.4 M€`` from a million up, else ``950,000 €``."""
    if not math.isfinite(amount):
        return "unlimited" if amount > 0 else "-unlimited"
    if abs(amount) >= 1e6:
        return f"{amount / 1e6:.{digits}f} M€"
    return f"{amount:,.0f} €"


def join_words(items: Sequence[str], word: str = "and") -> str:
    """``a, b and c`` (``word`` = ``"or"``: ``a, b or c``); one item as is, none as ``""``."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {word} " + items[-1]


def jsonable(v: Any) -> Any:
    """A JSON-safe scalar: a float (NaN and infinities as None), an int for a NumPy integer, else ``v``."""
    if isinstance(v, (float, np.floating)):
        v = float(v)
        return v if math.isfinite(v) else None
    if isinstance(v, np.integer):
        return int(v)
    return v
