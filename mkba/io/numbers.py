"""Numbers as people write them in a spreadsheet: the Dutch and the English convention.

In Dutch (``nl``) ``,`` is the decimal mark and ``.`` groups thousands (``1.234,5``); in English
(``en``) the other way round (``1,234.5``). Most numbers read the same in both (``1500``, ``-3``);
some only in one (``0,5`` and ``1.500.000`` are Dutch, ``0.5`` and ``1,500,000`` English); and
some in both with different values: ``600.000`` is 600 in English and 600,000 in Dutch,
``1,500`` 1500 in English and 1.5 in Dutch. Those are *ambiguous*: they are read only under a
convention the scenario declares (``number_format``) or the table shows (:func:`detect`), and
refused otherwise, naming both readings.

Pure functions on texts; where the numbers come from (a CSV, an XLSX text cell, YAML) is the
caller's business.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["CONVENTIONS", "NAMES", "TABLE_RULES", "Readings", "readings", "read_as", "shown", "Found", "Evidence", "detect"]

CONVENTIONS = ("nl", "en")
NAMES = {"nl": "Dutch notation (',' as decimal mark, '.' between thousands)",
         "en": "English notation ('.' as decimal point, ',' between thousands)"}


def _pattern(decimal: str, group: str) -> re.Pattern[str]:
    """A number with ``decimal`` as decimal mark and optionally ``group`` between thousands: an
    integer part (plain digits, or 1-3 digits not starting with 0 then groups of three), a
    fraction, or both, and an optional exponent (Excel's 1,5E+06)."""
    d, g = re.escape(decimal), re.escape(group)
    return re.compile(rf"^(?P<sign>[-+]?)(?:(?P<int>[1-9][0-9]{{0,2}}(?:{g}[0-9]{{3}})+|[0-9]+)(?:{d}(?P<frac>[0-9]*))?"
                      rf"|{d}(?P<only>[0-9]+))(?P<exp>[eE][-+]?[0-9]+)?$")


_PATTERNS = {"nl": _pattern(",", "."), "en": _pattern(".", ",")}
_WHOLE = re.compile(r"[-+]?[0-9]+")
_GROUP = {"nl": ".", "en": ","}


TABLE_RULES = (
    '- **Numbers in the measures table** are read in one notation per file: Dutch (`nl`: `1.234,5` = 1234.5, '
    '`600.000` = 600000, `0,5` = 0.5) or English (`en`: `1,234.5` = 1234.5, `600.000` = 600). The scenario '
    'may declare it (`number_format: nl`); then a cell in the other notation is an error naming the same '
    'number in the declared one. Without a declaration it is detected: a table with a number only Dutch '
    'notation reads (`0,5`, `1.234,5`, `1.500.000`) and none only English reads is `nl`; one that groups '
    'thousands with `,` (`1,234.5`, `1,500,000`) and has no Dutch number is `en`; both are said in a warning,'
    ' with the first number whose meaning the detection settled. A table whose numbers only show `.` as '
    'decimal point (`0.5`) settles nothing: a Dutch hand typing `600.000` into it meant 600000, so such a '
    'number is refused there (file, row, column, both readings, and how to declare the notation). A table '
    'written in both notations without a declaration is refused. Plain numbers (`1500`, `-3`, `0`) read the '
    'same in both.')
"""How the measures table's numbers are read, for docs/scenario-format.md ('Reading the files')."""


@dataclass(frozen=True)
class Readings:
    """A text read in each convention: a plain number text (``.`` as decimal point, no grouping,
    as ``float`` reads it) or None where it is not a number in that convention."""

    nl: str | None
    en: str | None

    def of(self, convention: str) -> str | None:
        return self.nl if convention == "nl" else self.en

    @property
    def ambiguous(self) -> bool:
        """Both conventions read it, with different values (``600.000``, ``1,500``)."""
        return self.nl is not None and self.en is not None and float(self.nl) != float(self.en)

    @property
    def only(self) -> str | None:
        """The one convention that reads it (``0,5`` -> nl), None when both or neither do."""
        if (self.nl is None) == (self.en is None):
            return None
        return "nl" if self.nl is not None else "en"


def _plain(text: str, convention: str) -> str | None:
    m = _PATTERNS[convention].match(text)
    if m is None:
        return None
    integer = (m["int"] or "").replace(_GROUP[convention], "")
    fraction = m["frac"] if m["frac"] is not None else m["only"]
    body = integer + ("." + fraction if fraction else "") if integer else "0." + (fraction or "")
    return m["sign"] + body + (m["exp"] or "")


@lru_cache(maxsize=65_536)
def readings(text: str) -> Readings:
    """``text`` (stripped) read in both conventions (a whole number without marks at once: it is
    most cells of a table, and the same few texts come back, hence the cache)."""
    s = text.strip()
    if _WHOLE.fullmatch(s):
        return Readings(s, s)
    return Readings(_plain(s, "nl"), _plain(s, "en"))


def read_as(text: str, convention: str) -> str | None:
    """``text`` as a plain number text under ``convention``, or None when it is not a number there."""
    return _plain(text.strip(), convention)


def shown(plain: str) -> str:
    """A plain number text as a message shows it: ``1.500`` -> ``1.5``, ``600000.0`` -> ``600000``."""
    text = repr(float(plain))
    return text[:-2] if text.endswith(".0") else text


Found = tuple[tuple[int, str], str]
"""A text found in a table: ((row, column), text)."""


@dataclass(frozen=True)
class Evidence:
    """What the numbers of a table show about its convention: the first text only Dutch notation
    reads, the first only English notation reads, and the first English one with ``,`` between
    thousands; each as ((row, column), text)."""

    nl: Found | None = None
    en: Found | None = None
    en_grouped: Found | None = None

    @property
    def mixed(self) -> bool:
        return self.nl is not None and self.en is not None

    @property
    def convention(self) -> str | None:
        """``nl`` when some number is written the Dutch way and none the English way; ``en`` when
        some number groups thousands with ``,`` and none is Dutch; None otherwise. A table whose
        numbers only show ``.`` as decimal point (``0.5``) does not settle ``600.000``: a Dutch hand
        typing thousands into an English file is the mistake this guards against."""
        if self.mixed:
            return None
        if self.nl is not None:
            return "nl"
        return "en" if self.en_grouped is not None else None


def detect(cells: Iterable[Found]) -> Evidence:
    """The evidence in ``cells`` (((row, column), text) pairs; texts that are no number in either
    convention are passed over)."""
    nl: Found | None = None
    en: Found | None = None
    grouped: Found | None = None
    for where, text in cells:
        r = readings(text)
        only = r.only
        if only == "nl" and nl is None:
            nl = (where, text.strip())
        elif only == "en":
            if en is None:
                en = (where, text.strip())
            if grouped is None and "," in text:
                grouped = (where, text.strip())
        if nl is not None and en is not None and grouped is not None:
            break
    return Evidence(nl, en, grouped)
