"""The measures table (CSV or XLSX, one row per measure): every row read and every cell checked,
each issue located by file, sheet, row and column as the spreadsheet shows them."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Literal

from ... import geo
from ...errors import InputIssue, closest
from ...model import SOCIETY_ID, AppraisalSettings, Criterion, Effect, FrozenMap, Measure, Transfer
from .. import schema
from ..readers import LineDict
from ..limits import MAX_MEASURES
from ..tables import Table
from .fields import field_texts
from .issues import Detail, Location
from .missing import impute, is_missing
from .scales import label_value
from .reader import ENTRY_SPLIT, ID, Reader

if TYPE_CHECKING:  # typing.Unpack is 3.11+; only mypy reads the annotations (postponed)
    from typing_extensions import Unpack

__all__ = ["read_measures"]


def read_measures(r: Reader, doc: LineDict, criteria: list[Criterion], stakeholders: list[str],
                  appraisal: AppraisalSettings | None, fields: tuple[str, ...] = ()) -> list[Measure]:
    """The valid measures of the table named under ``measures``; records every id and theme in it
    (rows with errors included) and the coordinates given in its columns on ``r``; ``fields`` are the
    declared descriptive columns."""
    rel = doc.get("measures")
    line = doc.lines.get("measures")
    if rel is None:
        return []
    if not isinstance(rel, str) or not rel.strip():
        r.error("measures must name a table file", field="measures", row=line, value=rel,
                expected="a .csv or .xlsx file next to the scenario")
        return []
    table, issues = r.measures_table(rel, line, doc.get("measures_sheet"))
    longer = [i for i in issues if i.message == "more cells than header columns"]
    if table is not None and len(table.rows) > 1 and len(longer) == len(table.rows):
        # every row longer than the header: one name missing from the header, not a problem per row
        issues = [i for i in issues if i not in longer] + [InputIssue(
            file=table.file, sheet=table.sheet, row=table.header_row, message="every row has more cells than the "
            "header has column names; a column name is missing from the header",
            expected=f"a name in row {table.header_row} above every column (the header has {len(table.columns)})")]
    r.issues += issues
    if table is None:
        return []
    r.table_file, r.table_sheet = table.file, table.sheet
    if len(table.rows) > MAX_MEASURES:  # before checking 20,000+ rows one by one
        r.error(f"{len(table.rows):,} measures: more than a run can handle", file=table.file, sheet=table.sheet,
                row=table.rows[MAX_MEASURES][0], field="measures", value=len(table.rows),
                expected=f"at most {MAX_MEASURES:,} measures; split the longlist by area or theme, or screen it first")
        return []
    return MeasureRows(r, table, criteria, stakeholders, appraisal, fields).parse()


class MeasureRows:
    """Parses the measures table row by row, locating every issue by row and column."""

    def __init__(self, reader: Reader, table: Table, criteria: list[Criterion], stakeholders: list[str],
                 appraisal: AppraisalSettings | None, fields: tuple[str, ...] = ()) -> None:
        self.r, self.table, self.criteria, self.stakeholders, self.appraisal = (
            reader, table, criteria, stakeholders, appraisal)
        self.fields = fields
        self.scales = {c.id: c.scale for c in criteria if c.scale}

    def issue(self, kind: str, message: str, row: int | None, column: str | None, **kw: Unpack[Detail]) -> None:
        report = self.r.warn if kind == "warning" else self.r.error
        report(message, file=self.table.file, sheet=self.table.sheet, row=row, field=column, **kw)

    def parse(self) -> list[Measure]:
        """Every row is read and checked, also when a column is missing or misspelt (only the checks
        that need that column are skipped) and also when a row has errors (its id and theme are
        still recorded, so references to it are not reported as unknown)."""
        base = [f.name for f in schema.fields("measures") if not f.name.startswith("<")]
        crit_ids = [c.id for c in self.criteria]
        valid = base + crit_ids + list(self.fields)
        columns = self.table.columns
        required = [f.name for f in schema.fields("measures") if f.required and not f.name.startswith("<")] + crit_ids
        missing = [c for c in required if c not in columns]
        explained: set[str] = set()
        for col in columns:
            if col in valid or col in self.r.loose_criteria:
                continue
            hint = closest(col, valid)
            if not self.r.criteria_complete and hint not in base:
                continue  # perhaps the column of a criterion whose entry has no id
            if hint in missing and hint not in explained:
                # a misspelt header: one problem, reported once, with the name it should have
                explained.add(hint)
                kind = "criterion column" if hint in crit_ids else "column"
                self.issue("error", f"unknown column; the required {kind} '{hint}' is missing", self.table.header_row,
                           col, value=col,
                           expected=f"one of {valid}", suggestion=hint)
            else:
                self.issue("error", "unknown column", self.table.header_row, col, value=col, expected=f"one of {valid}",
                           suggestion=hint)
                if hint not in base:  # perhaps the column of a criterion whose id is invalid
                    self.r.refers_to("criterion", col, valid)
        for col in missing:
            if col in explained:
                continue
            kind = "criterion column" if col in crit_ids else "column"
            self.issue("error", f"missing {kind}", self.table.header_row, col,
                       expected="a column per required field and per criterion (docs/scenario-format.md)")
        self.skip = set(missing)
        self.ids: list[str] = []
        self.ids_complete = "id" not in self.skip
        self.themes: list[str] = []
        self.themes_complete = "theme" not in self.skip
        self.values: dict[str, list[float] | None] = {c.id: ([] if c.id not in self.skip else None)
                                                      for c in self.criteria}
        if not self.table.rows:
            self.issue("error", "the longlist is empty", None, None, expected="at least one measure row")
            self.r.measure_ids, self.r.themes = [], []
            return []
        measures: list[Measure] = []
        seen: set[str] = set()
        for row, cells in self.table.rows:
            m = self._row(row, cells, seen)
            if m is not None:
                measures.append(m)
        self.r.measure_ids = self.ids if self.ids_complete else None
        self.r.themes = self.themes if self.themes_complete else None
        self._spread()
        return impute(self.r, self.table, self.criteria, measures)

    def _at(self, row: int, column: str) -> Location:
        """A cell of the table, located as an issue names it."""
        return {"file": self.table.file, "sheet": self.table.sheet, "row": row, "field": column}

    def _cell(self, cells: dict, column: str) -> object:
        value = cells.get(column)
        return None if isinstance(value, str) and not value.strip() else value

    def _row(self, row: int, cells: dict, seen: set[str]) -> Measure | None:
        """The measure in one row, or None when the row has an error; every cell is checked."""
        ok = True
        skip = self.skip

        def fail() -> None:
            nonlocal ok
            ok = False

        mid = None
        if "id" not in skip:
            raw_id = self._cell(cells, "id")
            mid = str(raw_id).strip() if raw_id is not None else None
            if mid is None or not ID.match(mid):
                self.issue("error", "missing or invalid measure id", row, "id", value=mid,
                           expected="an identifier such as M01")
                if mid is None:
                    self.ids_complete = False  # a reference may be to this row
                else:
                    self.r.bad_ids["measure"].add(mid)
                mid = None
                fail()
            elif mid in seen:
                self.issue("error", "duplicate measure id", row, "id", value=mid, expected="a unique id")
                mid = None
                fail()
            else:
                seen.add(mid)
                self.ids.append(mid)
        else:
            fail()
        name = self._cell(cells, "name")
        theme = self._cell(cells, "theme")
        for col, value in (("name", name), ("theme", theme)):
            if col in skip:
                fail()
            elif value is None:
                self.issue("error", "empty cell", row, col, expected="a text")
                fail()
            elif not self.r.printable(str(value), **self._at(row, col)):
                fail()
        if "theme" not in skip:
            if theme is None:
                self.themes_complete = False
            elif str(theme).strip() not in self.themes:
                self.themes.append(str(theme).strip())
        start = self._year(cells, row, "start_year") if "start_year" not in skip else None
        if start is None:
            fail()
        investment = self._investment(cells.get("investment"), row, start) if "investment" not in skip else None
        if investment is None:
            fail()
        running = self._money(cells.get("running_cost"), row, "running_cost") if "running_cost" not in skip else None
        if running is None:
            fail()
        lifetime: int | None = None
        if "lifetime" not in skip:
            cell = self._cell(cells, "lifetime")
            lifetime = self.r.whole(cell, minimum=1, maximum=1000, expected="a whole number of years >= 1",
                                     **self._at(row, "lifetime")) if cell is not None else None
            if lifetime is None and self._cell(cells, "lifetime") is None:
                self.issue("error", "empty cell", row, "lifetime", expected="a whole number of years >= 1")
        if lifetime is None:
            fail()
        over_time = self._over_time(cells, row, lifetime)
        if over_time is None:
            fail()
        actors = tuple(self.stakeholders) + (SOCIETY_ID,)
        payers = None
        if "payer" not in skip:
            payers = self.r.shares(self._cell(cells, "payer"), actors, what="payer", **self._at(row, "payer"))
            if payers is None and self._cell(cells, "payer") is None:
                self.issue("error", "empty cell", row, "payer",
                           expected="stakeholder ids with shares summing to 1, e.g. corporatie:0.6;gemeente:0.4")
        if payers is None:
            fail()
        receivers_all = self.r.shares(self._cell(cells, "receivers"), actors, what="receivers",
                                       **self._at(row, "receivers"))
        if self._cell(cells, "receivers") is not None and receivers_all is None:
            fail()
        transfers = self._transfers(self._cell(cells, "transfers"), row, actors)
        if transfers is None:
            fail()
        start_years = self._start_years(self._cell(cells, "start_years"), row, start)
        if start_years is None:
            fail()
        effects = {}
        for c in self.criteria:
            if c.id in skip:
                fail()
                continue
            effect = self._effect(cells.get(c.id), row, c.id)
            if effect is None:
                fail()
                self.values[c.id] = None  # the spread of this criterion is not known
            else:
                effects[c.id] = effect
                values = self.values[c.id]
                if values is not None and not effect.missing:
                    values.append(effect.value)
        point = self._point(cells, row)
        if point is False:
            fail()
        elif point and mid is not None:
            self.r.points[mid] = point
        if (not ok or mid is None or start is None or investment is None or running is None or lifetime is None
                or payers is None or transfers is None or start_years is None or over_time is None):
            return None  # each is set when ok; the checks are for the type checker
        receivers = (FrozenMap({c.id: receivers_all for c in self.criteria if c.monetised}) if receivers_all
                     else FrozenMap())
        measure = Measure(id=mid, name=str(name).strip(), theme=str(theme).strip(), start_year=start,
                          investment=investment, running_cost=running, lifetime=lifetime, payers=payers,
                          effects=FrozenMap(effects), receivers=receivers, transfers=transfers, row=row,
                          start_years=start_years, ramp_up=over_time[0], effect_growth=over_time[1],
                          reinvest=over_time[2], fields=FrozenMap(field_texts(cells, self.fields)))
        self._horizon(measure)
        return measure

    def _over_time(self, cells: dict, row: int, lifetime: int | None) -> tuple[int, float, bool] | None:
        """(ramp_up, effect_growth, reinvest) of a row, (0, 0.0, False) where empty; None (reported) when wrong:
        a ramp-up longer than the lifetime never reaches its full effect, a growth of -100 % or less makes
        the effect vanish or turn over."""
        ok = True
        ramp, growth, reinvest = 0, 0.0, False
        cell = self._cell(cells, "ramp_up")
        if cell is not None:
            value = self.r.whole(cell, minimum=0, maximum=1000, expected="a whole number of years >= 0 (0: at once)",
                                 **self._at(row, "ramp_up"))
            if value is None:
                ok = False
            elif lifetime is not None and value > lifetime:
                self.issue("error", "a ramp-up longer than the lifetime never reaches the full effect", row, "ramp_up",
                           value=cell, expected=f"at most the lifetime ({lifetime} years)")
                ok = False
            else:
                ramp = value
        cell = self._cell(cells, "effect_growth")
        if cell is not None:
            number = self.r.number(cell, **self._at(row, "effect_growth"))
            if number is not None and number <= -1:
                self.issue("error", "a yearly growth of -100 % or less makes the effect vanish or turn over", row,
                           "effect_growth", value=cell, expected="a fraction per year > -1, e.g. -0.02 for 2 % less a year")
                number = None
            if number is None:
                ok = False
            else:
                growth = number
        cell = self._cell(cells, "reinvest")
        if cell is not None:
            word = str(cell).strip().lower()
            if word in ("true", "yes", "ja", "1", "1.0"):
                reinvest = True
            elif word not in ("false", "no", "nee", "0", "0.0"):
                self.issue("error", "expected true or false", row, "reinvest", value=cell,
                           expected="true (replace the measure at the end of each lifetime) or false")
                ok = False
        return (ramp, growth, reinvest) if ok else None

    def _point(self, cells: dict, row: int) -> tuple[str, list[float], int] | Literal[False] | None:
        """The measure's location from the x/y (RD New) or lon/lat (WGS84) columns: None when
        absent, False (with an issue) when half given or not numbers."""
        given = {c: self._cell(cells, c) for c in ("x", "y", "lon", "lat")}
        pairs = [(geo.RD_NEW, ("x", "y")), (geo.WGS84, ("lon", "lat"))]
        used = [(crs, cols) for crs, cols in pairs if any(given[c] is not None for c in cols)]
        if not used:
            return None
        if len(used) == 2:
            self.issue("error", "a location in both x/y and lon/lat", row, "x", expected="one pair of coordinates")
            return False
        crs, cols = used[0]
        if any(given[c] is None for c in cols):
            missing = next(c for c in cols if given[c] is None)
            self.issue("error", "empty cell", row, missing, expected=f"both {cols[0]} and {cols[1]}, or neither")
            return False
        values = [self.r.number(given[c], file=self.table.file, sheet=self.table.sheet, row=row, field=c) for c in cols]
        numbers = [v for v in values if v is not None]
        return False if len(numbers) < len(values) else (crs, numbers, row)

    def _year(self, cells: dict, row: int, column: str) -> int | None:
        value = self._cell(cells, column)
        if value is None:
            self.issue("error", "empty cell", row, column, expected="a year")
            return None
        a = self.appraisal
        lo, hi = (a.start_year, a.start_year + a.horizon - 1) if a else (1900, 2200)
        return self.r.whole(value, minimum=lo, maximum=hi, expected=f"a year from {lo} to {hi} (the appraisal period)",
                             file=self.table.file, sheet=self.table.sheet, row=row, field=column)

    def _start_years(self, value: object, row: int, start: int | None) -> tuple[int, ...] | None:
        if value is None:
            return ()
        a = self.appraisal
        lo, hi = (a.start_year, a.start_year + a.horizon - 1) if a else (1900, 2200)
        years = []
        for part in filter(None, re.split(r"\s*[;,|]\s*", str(value).strip())):
            year = self.r.whole(part, minimum=lo, maximum=hi, expected=f"years from {lo} to {hi}, e.g. 2026;2027",
                                 file=self.table.file, sheet=self.table.sheet, row=row, field="start_years")
            if year is None:
                return None
            years.append(year)
        if start is not None and start not in years:
            self.issue("error", "start_year must be one of the start_years", row, "start_years", value=value,
                       expected=f"a list that includes {start}")
            return None
        return tuple(sorted(set(years)))

    def _money(self, value: object, row: int, column: str) -> float | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            self.issue("error", "empty cell", row, column, expected="euros >= 0 (0 if none)")
            return None
        number = self.r.number(value, money=True, file=self.table.file, sheet=self.table.sheet, row=row,
                               field=column)
        if number is not None and number < 0:
            self.issue("error", "negative amount", row, column, value=value, expected="euros >= 0")
            return None
        return number

    def _investment(self, value: object, row: int, start: int | None) -> FrozenMap | None:
        if isinstance(value, str) and ":" in value:
            split: dict[int, float] = {}
            # entries split at ';', or at ',' before the next year (the ',' of 2028:1.200,50 is a decimal mark)
            for entry in filter(None, re.split(r"\s*;\s*|\s*,\s*(?=[0-9]{4}\s*:)", value.strip())):
                year, _, amount = entry.partition(":")
                y = self.r.whole(year, minimum=1900, maximum=2200, expected="a year, e.g. 2026:1500000",
                                  file=self.table.file, sheet=self.table.sheet, row=row, field="investment")
                a = self._money(amount, row, "investment")
                if y is None or a is None:
                    return None
                split[y] = split.get(y, 0.0) + a
            if start is not None and min(split) < start:
                self.issue("error", "investment before start_year", row, "investment", value=value,
                           expected=f"years from start_year {start} on")
                return None
            return FrozenMap(dict(sorted(split.items())))
        amount = self._money(value, row, "investment")
        if amount is None or start is None:
            return None
        return FrozenMap({start: amount} if amount > 0 else {})

    def _transfers(self, value: object, row: int, actors: tuple[str, ...]) -> tuple[Transfer, ...] | None:
        if value is None:
            return ()
        out = []
        expected = "source>target:euros per year, e.g. gemeente>huurders:25000"
        for entry in filter(None, ENTRY_SPLIT.split(str(value).strip())):
            pair, sep, amount = entry.partition(":")
            source, arrow, target = pair.partition(">")
            if not sep or not arrow:
                self.issue("error", "not a transfer", row, "transfers", value=entry, expected=expected)
                return None
            ok = True
            for actor in (source.strip(), target.strip()):
                if not self.r.actor_known(actor, actors):
                    self.r.unknown("actor in transfer", actor, actors, ref="stakeholder", file=self.table.file,
                                   sheet=self.table.sheet,
                                   row=row, field="transfers")
                    ok = False
            number = self._money(amount, row, "transfers")
            if not ok or number is None:
                return None
            if source.strip() == target.strip():
                self.issue("error", "a transfer from an actor to itself", row, "transfers", value=entry,
                           expected="two different actors")
                return None
            out.append(Transfer(source.strip(), target.strip(), number))
        return tuple(out)

    def _effect(self, value: object, row: int, column: str) -> Effect | None:
        where = self._at(row, column)
        if is_missing(value):  # not known, never 0: imputed and sampled over the criterion's range (.missing)
            return Effect(0.0, missing=True)
        if column in self.scales:  # a qualitative criterion: a label of its scale, never a number
            number = label_value(self.scales[column], value)
            if number is None:
                self.issue("error", "not a label of the criterion's scale", row, column, value=value,
                           expected=f"one of {list(self.scales[column])} (or empty, ?, onbekend when not known)")
            return None if number is None else Effect(number)
        if isinstance(value, str) and "|" in value:
            parts = value.split("|")
            if len(parts) != 3:
                self.issue("error", "an uncertain effect is low|most_likely|high", row, column, value=value,
                           expected="three numbers, e.g. 80|120|150")
                return None
            low, mode, high = (self.r.number(p, **where) for p in parts)
            if low is None or mode is None or high is None:
                return None
            if not low <= mode <= high:
                self.issue("error", "low <= most likely <= high does not hold", row, column, value=value,
                           expected="three ordered numbers, e.g. 80|120|150")
                return None
            return Effect(mode, low, high)
        number = self.r.number(value, **where)
        return None if number is None else Effect(number)

    def _horizon(self, m: Measure) -> None:
        a = self.appraisal
        if a is None:
            return
        end = a.start_year + a.horizon - 1
        late = [y for y in m.investment if y > end]
        if late:
            self.issue("warning", "investment after the appraisal horizon is left out", m.row, "investment",
                       value=late, expected=f"years up to {end}")
        if m.first_year_of_use > end:
            self.issue("warning", "the measure is not in use within the horizon; its effects count as zero",
                       m.row, "start_year", value=m.start_year, expected=f"use starting by {end}")

    def _spread(self) -> None:
        """Warn about a criterion with the same effect in every row (over every row, also those with
        errors elsewhere; not when one of its own cells is invalid)."""
        if len(self.table.rows) < 2:
            return
        for c in self.criteria:
            values = self.values.get(c.id)
            if values is None or len(values) != len(self.table.rows):
                continue
            if len(set(values)) == 1:
                self.issue("warning", f"criterion '{c.id}' has the same effect for every measure, so it cannot "
                           "tell them apart", None, c.id, value=values[0],
                           expected="effects that differ between measures (or leave the criterion out)")
