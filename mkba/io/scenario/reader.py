"""What the section parsers share: the issues, the input hash, the ids read so far and the
parsing of single values (keys, texts, choices, numbers, whole numbers, shares, ids, files)."""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Mapping, Sequence
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

from ...errors import InputIssue, closest
from ...model import NPV_ID, SOCIETY_ID, FrozenMap
from .. import schema
from ..limits import MAX_NUMBER_CHARS
from ..readers import LineDict
from ..numbers import NAMES as NOTATIONS, readings, shown
from ..tables import Table, read_table
from .issues import Issues, Location

if TYPE_CHECKING:  # typing.Unpack is 3.11+; only mypy reads the annotations (postponed)
    from typing_extensions import Unpack

__all__ = ["Reader", "MAX_MAGNITUDE", "ID", "ENTRY_SPLIT"]

ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
ENTRY_SPLIT = re.compile(r"\s*[;,\n]\s*(?=[A-Za-z0-9_.\-]+\s*[:>])|\s*;\s*")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""Control characters (a vertical tab from Word, ESC, NUL...); tab, newline and return are text."""
_BAD_NUMBER_HINT = "a plain number with '.' as decimal point and no thousands separators, e.g. 12000 or 0.5"

MAX_MAGNITUDE = 1e15
"""The largest number a scenario may hold (in size): a thousand trillion euros, or units of an
effect. Present values over a horizon of up to 500 years of such amounts stay far from overflow."""


def _reference_ok(key: object, valid: Sequence[str] | None, complete: bool = True) -> bool:
    """Whether a reference may stand without an error of its own: a known id, or any id when not
    every entry could be named (``valid`` None or not ``complete``: it may be the unnamed one)."""
    return valid is None or not complete or key in valid


class Reader(Issues):
    """One scenario being read: its issues and input hash, and what each section learnt that the
    sections after it need (the ids read, valid or not, so that one invalid entry does not turn each
    reference to it into a second, false "unknown ..." error: one root problem, one message)."""

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path
        self.hash = hashlib.sha256()
        self.table_file = self.file
        self.table_sheet: str | None = None
        """Where the measures table was read from (file as shown, sheet), for the map's point errors."""
        self.points: dict[str, tuple[str, list[float], int]] = {}
        """Measure id -> (reference system, [x, y], row) from the measures table's coordinate columns."""
        # A flag False means some entry could not be named at all (a section that is not a list, an
        # item without an id): references are then not checked against the ids.
        self.loose_criteria: set[str] = set()
        """Criterion ids that were read but are invalid (a bad id, or a shadow price that is invalid or
        perhaps misspelt): references to them are accepted and they are not required anywhere."""
        self.criteria_complete = True
        self.stakeholder_ids: list[str] = []
        self.stakeholders_complete = True
        self.stakeholder_kinds: dict[str, str | None] = {}
        """Stakeholder id -> the elicitation it gave (None when not exactly one)."""
        self.measure_ids: list[str] | None = None
        """Every measure id in the table, rows with errors included; None when they cannot all be named."""
        self.themes: list[str] | None = None
        """Every theme in the table, rows with errors included; None when they cannot all be named."""
        self.number_format: str | None = None
        """The scenario's ``number_format`` (``nl`` or ``en``): how the tables write their numbers."""
        self.number_formats: dict[str, tuple[str | None, str]] = {}
        """Table file (as shown) -> the notation its numbers are read in and how it is known
        (``declared``, ``detected``; (None, '') when neither): see :mod:`mkba.io.numbers`."""

    # -- references ----------------------------------------------------------------------------
    def actor_known(self, key: object, actors: Sequence[str]) -> bool:
        """Whether a stakeholder (or 'society') reference may stand (see ``_reference_ok``)."""
        return _reference_ok(key, actors, self.stakeholders_complete)

    def measure_known(self, key: object) -> bool:
        """Whether a measure reference may stand: checked against every row of the table, rows with
        errors included (see ``_reference_ok``)."""
        return _reference_ok(str(key), self.measure_ids)

    # -- single values -------------------------------------------------------------------------
    def check_keys(self, mapping: LineDict, section: str, where: str) -> None:
        """Unknown keys (with the closest valid one) and missing required keys of a mapping that
        holds the fields of ``section`` (see :data:`mkba.io.schema.SECTIONS`)."""
        specs = schema.fields(section)
        valid = [f.name for f in specs]
        for key in mapping:
            if key not in valid:
                self.error(f"unknown key in {where}", field=str(key), row=mapping.lines.get(key), value=key,
                           expected=f"one of {valid}", suggestion=closest(key, valid))
        for f in specs:
            if f.required and f.name not in mapping:
                self.error(f"missing required key in {where}", field=f.name, row=mapping.line,
                           expected=f.expected)

    def text(self, m: LineDict, key: str, *, required: bool = False, default: str = "") -> str | None:
        value = m.get(key)
        if required and key in m and (value is None or (isinstance(value, str) and not value.strip())):
            # present but empty (an absent key is reported by check_keys as a missing required key)
            self.error("empty value", field=key, row=m.lines.get(key), value=value, expected="a text")
            return None
        if value is None:
            return None if required else default
        if isinstance(value, (dict, list)):
            self.error("expected a text", field=key, row=m.lines.get(key), value=type(value).__name__)
            return None
        text = str(value).strip()
        return text if self.printable(text, field=key, row=m.lines.get(key)) else None

    def printable(self, text: str, **where: Unpack[Location]) -> bool:
        """Whether a text holds no control character (reported, with the first one's position):
        names and texts go into reports, workbooks and the terminal, where they break or mislead."""
        found = CONTROL.search(text)
        if found is None:
            return True
        self.error(f"a control character ({found.group()!r}, at character {found.start() + 1}) in a text",
                   value=text, expected="text without control characters (e.g. a vertical tab pasted from Word: "
                   "retype the line break as a space)", **where)
        return False

    def choice(self, m: LineDict, spec: schema.FieldSpec) -> str:
        """The choice under a field whose default is one of its choices (see :meth:`optional_choice`)."""
        value = self.optional_choice(m, spec)
        return value if value is not None else str(spec.default)

    def optional_choice(self, m: LineDict, spec: schema.FieldSpec) -> str | None:
        """One of ``spec.choices``; the field's default (None for a field without one) when the key is
        absent or its value is not a valid choice (reported)."""
        value = m.get(spec.name, spec.default)
        if value not in spec.choices:
            self.error("not a valid choice", field=spec.name, row=m.lines.get(spec.name), value=value,
                       expected=spec.expected, suggestion=closest(value, spec.choices))
            return spec.default if isinstance(spec.default, str) else None
        return value

    def number(self, value: object, *, money: bool = False, **where: Unpack[Location]) -> float | None:
        """A finite float from a YAML or cell value; None (with an issue) when it is not one.

        A text in a table is read in the table's notation (:attr:`number_formats`); a text whose
        meaning depends on the notation (``600.000``: 600 or 600000; ``1,500``: 1500 or 1.5) is
        refused, naming both readings, where no notation is declared or detected (and always in
        YAML, whose numbers take '.' as decimal point). ``money`` is kept for the callers that say
        an amount is meant; every number is read the same way."""
        if isinstance(value, bool):
            self.error("expected a number", value=value, expected=_BAD_NUMBER_HINT, **where)
            return None
        if isinstance(value, (int, float)):
            number = float(value) if not isinstance(value, int) or abs(value) < 10**300 else math.inf
        elif isinstance(value, str):
            text = value.strip().replace("\u2212", "-")
            if len(text) > MAX_NUMBER_CHARS:
                self.error(f"too long for a number ({len(text):,} characters)", value=value,
                           expected=f"a number of at most {MAX_NUMBER_CHARS} characters, e.g. 12000 or 1.2e6", **where)
                return None
            plain = self._in_notation(text, value, where)
            if plain is None:
                return None
            try:
                number = float(Fraction(plain)) if "/" in plain else float(plain)
            except (ValueError, ZeroDivisionError):
                self.error("not a number", value=value, expected=_BAD_NUMBER_HINT, **where)
                return None
        else:
            self.error("expected a number", value=type(value).__name__, expected=_BAD_NUMBER_HINT, **where)
            return None
        if not math.isfinite(number):
            self.error("not a finite number (NaN or infinity)", value=value, expected="a finite number", **where)
            return None
        if abs(number) > MAX_MAGNITUDE:
            self.error("too large", value=value, expected=f"a number of at most {MAX_MAGNITUDE:.0e} in size "
                       "(larger amounts overflow the present values)", **where)
            return None
        return number

    def _in_notation(self, text: str, value: object, where: Location) -> str | None:
        """``text`` as ``float`` reads it: converted from the table's notation, or as it is; None
        (with an issue) when its meaning depends on a notation nobody stated, or it is written in the
        other notation than the one declared."""
        file = where.get("file")
        convention, how = self.number_formats.get(file, (None, "")) if file is not None else (None, "")
        read = readings(text)
        if convention is not None:
            plain = read.of(convention)
            other = read.of("en" if convention == "nl" else "nl")
            if plain is None and other is not None:
                written = shown(other).replace(".", ",") if convention == "nl" else shown(other)
                said = ("the scenario declares (number_format: " + convention + ")" if how == "declared"
                        else "the rest of this table uses")
                self.error(f"{text} is not a number in {NOTATIONS[convention]}, which {said}", value=value,
                           expected=f"{written} (the same number in that notation)", **where)
                return None
            return plain if plain is not None else text
        if not read.ambiguous or read.nl is None or read.en is None:
            return text
        nl, en = shown(read.nl), shown(read.en)
        mark = "'.'" if "." in text else "','"
        dutch, english = ("between thousands", "as decimal point") if mark == "'.'" else (
            "as decimal mark", "between thousands")
        table = file is not None and file in self.number_formats
        how_to = ("'number_format: nl' or 'number_format: en' at the top of the scenario to say how this table "
                  f"writes numbers, or the number written plainly: {nl} or {en}") if table else (
                  f"{nl} or {en} written plainly (YAML numbers take '.' as decimal point and no "
                  "thousands separators)")
        self.error(f"ambiguous: {text} is {nl} in Dutch notation ({mark} {dutch}) or {en} in English "
                   f"notation ({mark} {english})" + (", and the table does not say which" if table else ""),
                   value=value, expected=how_to, **where)
        return None

    def integer(self, m: LineDict, key: str, *, default: int | None = None, minimum: int | None = None,
                maximum: int | None = None, expected: str = "a whole number") -> int | None:
        """The whole number under ``key`` of a mapping, located at its line; ``default`` when absent."""
        if key not in m:
            return default
        return self.whole(m[key], minimum=minimum, maximum=maximum, expected=expected,
                          field=key, row=m.lines.get(key))

    def whole(self, value: object, *, minimum: int | None = None, maximum: int | None = None,
              expected: str = "a whole number", **where: Unpack[Location]) -> int | None:
        number = self.number(value, **where)
        if number is None:
            return None
        if number != int(number) or (minimum is not None and number < minimum) or (
                maximum is not None and number > maximum):
            self.error("out of range or not a whole number", value=value, expected=expected, **where)
            return None
        return int(number)

    def shares(self, value: object, valid: Sequence[str], *, what: str,
               **where: Unpack[Location]) -> FrozenMap | None:
        """Shares per actor, from a YAML mapping or text like ``a:0.6;b:0.4``; they must sum to 1."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, Mapping):
            pairs = list(value.items())
        elif isinstance(value, str):
            pairs = []
            for entry in filter(None, ENTRY_SPLIT.split(value.strip())):
                key, sep, share = entry.partition(":")
                if not sep:
                    self.error(f"{what}: entry without ':'", value=entry,
                               expected="id:share entries separated by ';', e.g. corporatie:0.6;gemeente:0.4",
                               **where)
                    return None
                pairs.append((key.strip(), share))
        else:
            self.error(f"{what}: expected shares", value=value,
                       expected="id:share entries separated by ';', e.g. corporatie:0.6;gemeente:0.4", **where)
            return None
        shares: dict[str, float] = {}
        ok = True
        for key, share in pairs:
            if not self.actor_known(key, valid):
                self.unknown(f"{what} id", key, valid, ref="stakeholder", **where)
                ok = False
                continue
            number = self.number(share, **where)
            if number is None:
                ok = False
            elif number < 0:
                self.error(f"{what}: negative share", value=share, expected="a share between 0 and 1", **where)
                ok = False
            else:
                shares[key] = shares.get(key, 0.0) + number
        if not ok:
            return None
        total = sum(shares.values())
        if abs(total - 1.0) > 1e-6:
            self.error(f"{what}: shares sum to {total:g}", value=value, expected="shares summing to 1", **where)
            return None
        return FrozenMap(shares)

    def identifier(self, item: LineDict, key: str, field: str, seen: set[str]) -> str | None:
        """A valid, unreserved id not in ``seen`` (which it joins); None with an issue otherwise."""
        value = item.get(key)
        line = item.lines.get(key, item.line)
        if value is None:
            if key in item:  # an absent key is reported by check_keys as a missing required key
                self.error("missing id", field=field, row=line, expected="an identifier such as co2 or M01")
            return None
        text = str(value).strip()
        if not ID.match(text):
            self.error("not a valid identifier", field=field, row=line, value=value,
                       expected="letters, digits, '_', '.' or '-', starting with a letter or digit")
            return None
        if text in (NPV_ID, SOCIETY_ID):
            self.error(f"'{text}' is a reserved id", field=field, row=line, value=value,
                       expected="another id ('npv' is the net present value, 'society' the rest of society)")
            return None
        if text in seen:
            self.error("duplicate id", field=field, row=line, value=value, expected="a unique id")
            return None
        seen.add(text)
        return text

    def side_file(self, rel: object, field: str, line: int | None, expected: str, example: str
                  ) -> tuple[Path, str] | None:
        """A file named in the scenario, confined to the scenario's folder and added to the input hash:
        (its path, its name as shown in issues)."""
        if not isinstance(rel, str) or not rel.strip() or "\x00" in rel:
            self.error("expected a file name", field=field, row=line, value=rel, expected=expected)
            return None
        folder = self.path.parent.resolve()
        candidate = Path(rel)
        target = (folder / candidate).resolve()
        if candidate.is_absolute() or folder not in target.parents:
            self.error(f"the {field} file must lie inside the scenario's folder", field=field, row=line,
                       value=rel, expected=f"a relative path without '..', e.g. {example}")
            return None
        if not target.is_file():
            self.error(f"{field} file not found", field=field, row=line, value=rel, expected=expected)
            return None
        self.hash.update(b"\0" + candidate.as_posix().encode() + b"\0" + target.read_bytes())
        return target, str(self.path.parent / candidate)

    def measures_table(self, rel: str, line: int | None, sheet: str | None) -> tuple[Table | None, list[InputIssue]]:
        """The measures table named under ``measures`` (a file beside the scenario) with the issues of
        reading it; (None, []) when the file cannot be found (reported). A scenario built in code
        (:mod:`.build`) gives its table here instead."""
        found = self.side_file(rel, "measures", line, "a .csv or .xlsx file next to the scenario", "measures.csv")
        if found is None:
            return None, []
        target, display = found
        table, issues = read_table(target, display, sheet=sheet, number_format=self.number_format)
        return self.note_notation(table), issues

    def note_notation(self, table: Table | None) -> Table | None:
        """The table, its numbers' notation remembered: :meth:`number` reads its cells in it."""
        if table is not None:
            self.number_formats[table.file] = (table.numbers, table.numbers_from)
        return table
