"""The ``futures`` section: named futures (toekomstscenario's, e.g. WLO Hoog and Laag) that scale the
effects, the shadow prices (a factor and an extra real growth of the price) and the costs.

CPB/PBL *Algemene leidraad voor MKBA* (2013) and the RWS MIRT werkwijzer ask for the results in at
least the two WLO futures, Hoog and Laag, shown side by side; the discount rate stays the same in
every future (its uncertainty is a sensitivity run, CPB/PBL 2020). The base future is the scenario as
written; each future here is read into a :class:`mkba.model.Future` and applied by
:func:`mkba.stages.futures.in_future`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

from ...model import Criterion, FrozenMap, Future
from .. import schema
from ..limits import MAX_DISCOUNT_FACTOR
from ..readers import LineDict
from .issues import Location
from .reader import ID, Reader

if TYPE_CHECKING:  # typing.Unpack is 3.11+; only mypy reads the annotations (postponed)
    from typing_extensions import Unpack

__all__ = ["read_futures", "DEFAULT_LABELS", "MAX_FUTURES"]

DEFAULT_LABELS = {"hoog": "WLO Hoog", "laag": "WLO Laag"}
"""Labels of the futures named after the two WLO scenarios when the scenario gives none."""

MAX_FUTURES = 12
"""Each future appraises the scenario again and becomes a tornado bar end; a dozen is more than any
MKBA shows (the guidance asks for two)."""

_FACTOR = "a factor > 0, e.g. 1.2 (20 % more) or 0.8"
_GROWTH = "a real yearly growth as a fraction > -1, e.g. 0.01 for 1 % a year"
Check = Callable[..., "float | None"]
"""Reads one number of a future at its location: ``(reader, value, field=, row=) -> number or None``."""


def read_futures(r: Reader, doc: LineDict, criteria: list[Criterion], horizon: int | None) -> tuple[Future, ...]:
    """The valid futures of ``doc['futures']`` (a mapping id -> future); every problem located."""
    raw = doc.get("futures")
    if raw is None:
        return ()
    if not isinstance(raw, LineDict):
        r.error("expected a mapping of named futures", field="futures", row=doc.lines.get("futures"),
                value=type(raw).__name__, expected="e.g. {hoog: {effects: {co2: 1.2}}, laag: {effects: {co2: 0.8}}}")
        return ()
    if len(raw) > MAX_FUTURES:
        r.error(f"{len(raw)} futures, more than {MAX_FUTURES}", field="futures", row=doc.lines.get("futures"),
                expected=f"at most {MAX_FUTURES} futures (the guidance asks for two: WLO Hoog and Laag)")
        return ()
    out = []
    for key, item in raw.items():
        line = raw.lines.get(key, raw.line)
        fid = str(key).strip()
        where = f"futures.{fid}"
        if not ID.match(fid):
            r.error("not a valid identifier", field=where, row=line, value=key,
                    expected="letters, digits, '_', '.' or '-', starting with a letter or digit, e.g. hoog")
            continue
        if not isinstance(item, LineDict):
            r.error("expected a mapping", field=where, row=line, value=item if item is None else type(item).__name__,
                    expected=", ".join(f.name for f in schema.fields("futures")))
            continue
        r.check_keys(item, "futures", f"future {fid!r}")
        future = _future(r, fid, item, line, criteria, horizon)
        if future is not None:
            out.append(future)
    return tuple(out)


def _future(r: Reader, fid: str, item: LineDict, line: int, criteria: list[Criterion], horizon: int | None
            ) -> Future | None:
    where = f"futures.{fid}"
    before = r.error_count()
    label = r.text(item, "label") or DEFAULT_LABELS.get(fid.lower(), fid)
    description = r.text(item, "description") or ""
    effects = _per_criterion(r, item, "effects", where, criteria, monetised_only=False, check=_factor)
    prices = _per_criterion(r, item, "shadow_prices", where, criteria, monetised_only=True, check=_factor)
    growth = _per_criterion(r, item, "price_growth", where, criteria, monetised_only=True,
                            check=lambda r, v, **w: _growth(r, v, horizon, **w))
    investment, running = (1.0 if key not in item else
                           _factor(r, item[key], field=f"{where}.{key}", row=item.lines.get(key, line))
                           for key in ("investment", "running_cost"))
    if r.error_count() > before or investment is None or running is None:
        return None
    return Future(fid, label, effects, prices, growth, investment, running, description, line)


def _per_criterion(r: Reader, item: LineDict, key: str, where: str, criteria: list[Criterion], *,
                   monetised_only: bool, check: Check) -> FrozenMap:
    """A mapping criterion id -> number under ``key``, each id a known criterion (monetised when
    ``monetised_only``) and each number passing ``check``."""
    raw = item.get(key)
    row = item.lines.get(key, item.line)
    if raw is None:
        return FrozenMap()
    if not isinstance(raw, LineDict):
        r.error("expected a mapping criterion: number", field=f"{where}.{key}", row=row,
                value=type(raw).__name__, expected=schema.field("futures", key).expected)
        return FrozenMap()
    by_id = {c.id: c for c in criteria}
    valid = [c.id for c in criteria if c.monetised or not monetised_only]
    out = {}
    for cid, value in raw.items():
        line = raw.lines.get(cid, row)
        name = str(cid)
        if name not in by_id:
            if r.criteria_complete and name not in r.loose_criteria:
                r.unknown("criterion", cid, valid, field=f"{where}.{key}", row=line, ref="criterion")
            continue
        if monetised_only and not by_id[name].monetised:
            if name in r.loose_criteria:  # its shadow price is in error (reported there): monetised or not is unknown
                continue
            r.error(f"criterion {name!r} has no shadow price (a PM item)", field=f"{where}.{key}.{name}", row=line,
                    value=cid, expected=f"a monetised criterion: one of {valid}")
            continue
        number = check(r, value, field=f"{where}.{key}.{name}", row=line)
        if number is not None:
            out[name] = number
    return FrozenMap(out)


def _factor(r: Reader, value: object, **where: Unpack[Location]) -> float | None:
    number = r.number(value, **where)
    if number is not None and number <= 0:
        r.error("a factor must be positive", value=value, expected=_FACTOR, **where)
        return None
    return number


def _growth(r: Reader, value: object, horizon: int | None, **where: Unpack[Location]) -> float | None:
    """An extra real growth g of a price: > -1 (else the price turns zero or negative) and with (1 + g)
    to the horizon within :data:`MAX_DISCOUNT_FACTOR`; outside -10 %..10 % a year it is warned."""
    number = r.number(value, **where)
    if number is None:
        return None
    if number <= -1:
        r.error(f"a growth of {number * 100:g} % a year makes the price zero or negative", value=value,
                expected=_GROWTH, **where)
        return None
    years = max((horizon or 1) - 1, 1)
    if abs(years * math.log10(1.0 + number)) > math.log10(MAX_DISCOUNT_FACTOR):
        r.error(f"a growth of {number * 100:g} % a year over {years} years changes the price more than "
                f"{MAX_DISCOUNT_FACTOR:.0e} times", value=value, expected=_GROWTH, **where)
        return None
    if abs(number) > 0.10:
        hint = f": did you mean {number / 100:g} ({number:g} %)?" if abs(number) >= 1 else ""
        r.warn(f"a growth of {number * 100:g} % a year lies outside -10..10 %{hint}", value=value,
               expected=_GROWTH, **where)
    return number
