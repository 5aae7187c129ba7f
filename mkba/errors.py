"""Errors raised by mkba, and the located input issue they carry.

Bad input is collected, never raised one problem at a time: the loader gathers every
:class:`InputIssue` and raises one :class:`ScenarioError`, so a user fixes a file in one pass.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from difflib import get_close_matches
from typing import Iterable, Sequence

__all__ = [
    "MkbaError",
    "InputIssue",
    "ScenarioError",
    "MethodError",
    "closest",
    "printable",
    "is_control",
]

_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def is_control(ch: str) -> bool:
    """True for a character that acts instead of showing: a C0/C1 control (NUL, ESC, vertical tab,
    DEL...), a bidirectional override or isolate (which reorder the text around them), a line or
    paragraph separator, a lone surrogate or a Unicode noncharacter (U+FFFE, U+FFFF...; illegal in XML)."""
    code = ord(ch)
    return (unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp") or ch in _BIDI
            or 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE)


def printable(text: str, keep: str = "\n") -> str:
    """``text`` with every control character (:func:`is_control`) except those in ``keep`` shown as
    Python shows it in a string literal (ESC as ``\\x1b``, NUL as ``\\x00``, U+202E as ``\\u202e``),
    so a name can neither move the terminal's cursor, recolour it, reorder a line nor hide text.
    Text without control characters is returned unchanged."""
    if text.isprintable():  # fast path: no control, separator or format character at all
        return text
    return "".join(repr(ch)[1:-1] if is_control(ch) and ch not in keep else ch for ch in text)


MAX_SHOWN = 120
"""Characters of a bad value's repr shown in a message (see :data:`mkba.io.limits.MAX_SHOWN`)."""


class MkbaError(Exception):
    """Base class of every error mkba raises on purpose. Its text is :func:`printable`: a name
    with ESC sequences or other control characters is shown, never obeyed, on the terminal."""

    def __str__(self) -> str:
        return printable(super().__str__())


@dataclass(frozen=True)
class InputIssue:
    """One problem in the input, located as the user sees it.

    ``row`` is the row number the spreadsheet shows (header = row 1, first data row = 2);
    for YAML it is the line number. ``severity`` is ``"error"`` (the scenario cannot run)
    or ``"warning"`` (it runs, but a user should look).
    """

    file: str
    message: str
    field: str | None = None
    value: object = None
    expected: str | None = None
    sheet: str | None = None
    row: int | None = None
    suggestion: str | None = None
    severity: str = "error"

    def location(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(f"sheet {self.sheet!r}")
        if self.row is not None:
            is_text = self.file.lower().endswith((".yaml", ".yml", ".json", ".geojson"))
            parts.append(f"{'line' if is_text else 'row'} {self.row}")
        if self.field:
            parts.append(f"field {self.field!r}")
        return ", ".join(parts)

    def __str__(self) -> str:
        text = f"{self.severity}: {self.location()}: {self.message}"
        if self.value is not None:
            shown = repr(self.value)  # cut: a message never shows a whole long (or expanded) value
            text += f" (got {shown if len(shown) <= MAX_SHOWN else f'{shown[:MAX_SHOWN]}... ({len(shown):,} characters)'})"
        if self.expected:
            text += f"; expected {self.expected}"
        if self.suggestion:
            text += f"; did you mean {self.suggestion!r}?"
        return printable(text)

    def to_dict(self) -> dict:
        value = self.value if isinstance(self.value, (int, float, str, bool, type(None))) else repr(self.value)
        return {
            "file": self.file, "sheet": self.sheet, "row": self.row, "field": self.field,
            "value": value, "message": self.message, "expected": self.expected,
            "suggestion": self.suggestion, "severity": self.severity,
        }


class ScenarioError(ValueError, MkbaError):
    """One or more errors in a scenario; ``issues`` lists every one (warnings included)."""

    def __init__(self, issues: Sequence[InputIssue]) -> None:
        self.issues = tuple(issues)
        super().__init__(str(self))

    @property
    def errors(self) -> tuple[InputIssue, ...]:
        return tuple(i for i in self.issues if i.severity == "error")

    def __str__(self) -> str:
        n = len(self.errors)
        lines = [f"{n} error(s) in the input:"]
        lines += [f"  {issue}" for issue in self.issues]  # each issue printable already
        return "\n".join(lines)

    def __reduce__(self) -> tuple[type[ScenarioError], tuple[tuple[InputIssue, ...]]]:
        return type(self), (self.issues,)


class MethodError(ValueError, MkbaError):
    """An MCDA method or weighting was asked for something it cannot do (bad name, bad parameter)."""


def closest(name: object, valid: Iterable[str]) -> str | None:
    """The closest valid name to a typo, or None (difflib ratio >= 0.6)."""
    matches = get_close_matches(str(name), list(valid), n=1, cutoff=0.6)
    return matches[0] if matches else None
