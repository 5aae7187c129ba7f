"""Numbers as a reader sees them, in Dutch or English: the one formatter of the report and the
survey forms (both are edges; this module imports nothing of mkba, so either may use it).

Dutch groups thousands with a dot and uses a decimal comma (1.234.567,89); English the other way
round (1,234,567.89). The sign is a parameter: the report writes a hyphen-minus (its goldens, its
Markdown and Excel text stay plain ASCII where they were), the survey forms the typographic minus
U+2212 (:data:`MINUS`), which a respondent cannot mistake for a dash.
"""

from __future__ import annotations

import math

__all__ = ["format_number", "MISSING", "MINUS"]

MISSING = "–"
"""What a missing number (None, NaN, infinity) is shown as: an en dash."""
MINUS = "\u2212"
"""The typographic minus sign."""


def format_number(value: float | None, decimals: int | None = 0, lang: str = "nl", *, minus: str = "-") -> str:
    """Group thousands and place the decimal mark by language.

    >>> format_number(1234567.891, 2, "nl")
    '1.234.567,89'
    >>> format_number(-1234567.891, 2, "en")
    '-1,234,567.89'
    >>> format_number(-4907110.0, None, "nl", minus=MINUS)
    '−4.907.110'

    ``decimals``: a fixed number of decimals, and a value that rounds to zero is shown without a
    sign; ``None``: as many as a survey form shows (none from 1,000 or for a whole number, else
    four significant digits, three below 1). ``None``, NaN and infinities are :data:`MISSING`.
    """
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return MISSING
    x = float(value)
    if decimals is None:
        text = f"{x:,.0f}" if abs(x) >= 1000 or x == int(x) else (f"{x:,.4g}" if abs(x) >= 1 else f"{x:.3g}")
    else:
        text = f"{abs(x):,.{decimals}f}"
        if x < 0 and float(text.replace(",", "")) != 0:
            text = f"-{text}"
    if lang == "nl":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text.replace("-", minus)
