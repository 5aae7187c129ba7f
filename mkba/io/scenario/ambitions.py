"""The ``ambitions`` section: the shared ambitions (gezamenlijke ambitie) the package is chosen to meet.

Each ambition names the criterion (or criteria, summed) it is measured by, one or more targets
(``at_least``, ``at_most`` or ``equals`` a level, in a year of the appraisal or, without a year,
for the horizon), whether it is hard or soft (with a weight or a priority) and what its container
terms mean. Located errors: an unknown criterion (with the closest id), a target year outside the
appraisal, targets of one year that contradict each other (naming both lines).
"""

from __future__ import annotations

from ...model import AmbitionTarget, AppraisalSettings, Criterion, FrozenMap, SharedAmbition
from .. import schema
from ..readers import LineDict, LineList
from .monitoring import year_values
from .reader import Reader

__all__ = ["read_ambitions", "SENSE_KEYS"]

#: The keys of a target and the comparison each stands for.
SENSE_KEYS = {"at_least": ">=", "at_most": "<=", "equals": "="}

_EXAMPLE = "e.g. {id: aardgasvrij, name: Woningen van het aardgas af, criterion: aardgasvrij, " \
           "targets: [{year: 2030, at_least: 420}]}"


def read_ambitions(r: Reader, doc: LineDict, criteria: list[Criterion],
                   appraisal: AppraisalSettings | None) -> tuple[SharedAmbition, ...]:
    """Every ambition of the scenario, checked against its criteria and appraisal years."""
    items = doc.get("ambitions")
    if items is None:
        return ()
    if not isinstance(items, list):
        r.error("expected a list of ambitions", field="ambitions", row=doc.lines.get("ambitions"), value=items,
                expected=_EXAMPLE)
        return ()
    crit = {c.id: c for c in criteria}
    out: list[SharedAmbition] = []
    seen: set[str] = set()
    for k, item in enumerate(items):
        line = items.lines[k] if isinstance(items, LineList) else doc.lines.get("ambitions")
        where = f"ambitions[{k}]"
        if not isinstance(item, LineDict):
            r.error("expected a mapping", field=where, row=line, value=item,
                    expected=", ".join(f.name for f in schema.fields("ambitions")))
            continue
        r.check_keys(item, "ambitions", where)
        aid = r.identifier(item, "id", "ambitions.id", seen)
        name = r.text(item, "name", required=True)
        ids = _criteria(r, item, crit)
        targets = _targets(r, item, appraisal)
        kind = r.choice(item, schema.field("ambitions", "kind"))
        weight, priority = _soft(r, item, kind)
        unit = r.text(item, "unit") or _unit(r, item, ids, crit)
        definitions = _definitions(r, item)
        realised = year_values(r, item.get("realised", {}), "ambitions.realised", item.lines.get("realised"))
        if aid is None or name is None or ids is None or targets is None or weight is None:
            continue
        out.append(SharedAmbition(aid, name, r.text(item, "theme") or "", ids, targets, kind == "hard", weight,
                                  priority, unit or "", definitions, r.text(item, "description") or "", realised,
                                  line))
    return tuple(out)


def _criteria(r: Reader, item: LineDict, crit: dict[str, Criterion]) -> tuple[str, ...] | None:
    raw = item.get("criterion")
    row = item.lines.get("criterion", item.line)
    names = raw if isinstance(raw, list) else [raw] if raw is not None else []
    if not names or any(not isinstance(n, str) for n in names):
        if "criterion" in item:
            r.error("expected a criterion id or a list of them (summed)", field="ambitions.criterion", row=row,
                    value=raw, expected=f"one or more of {list(crit)}")
        return None
    ok = True
    for n in names:
        if n not in crit:
            if r.criteria_complete and n not in r.loose_criteria:
                r.unknown("criterion", n, list(crit), field="ambitions.criterion", row=row, ref="criterion")
            ok = False
    if len(set(names)) != len(names):
        r.error("a criterion is named twice", field="ambitions.criterion", row=row, value=raw,
                expected="each criterion once (they are summed)")
        ok = False
    return tuple(names) if ok else None


def _unit(r: Reader, item: LineDict, ids: tuple[str, ...] | None, crit: dict[str, Criterion]) -> str:
    units = list(dict.fromkeys(crit[c].unit for c in ids or ()))
    if len(units) > 1:
        r.warn("the criteria summed have different units", field="ambitions.criterion",
               row=item.lines.get("criterion", item.line), value=units,
               expected="criteria in one unit, or a 'unit' saying what the sum is")
    return units[0] if units else ""


def _targets(r: Reader, item: LineDict, appraisal: AppraisalSettings | None) -> tuple[AmbitionTarget, ...] | None:
    if ("target" in item) == ("targets" in item):
        r.error("give either 'target' (one) or 'targets' (a list)", field="ambitions.targets",
                row=item.line, expected="e.g. targets: [{year: 2030, at_least: 420}, {at_least: 600}]")
        return None
    raw = [item["target"]] if "target" in item else item["targets"]
    key = "target" if "target" in item else "targets"
    if not isinstance(raw, list) or not raw:
        r.error("expected a list of targets", field=f"ambitions.{key}", row=item.lines.get(key), value=raw,
                expected="e.g. [{year: 2030, at_least: 420}]")
        return None
    first, last = (appraisal.start_year, appraisal.start_year + appraisal.horizon - 1) if appraisal else (None, None)
    out: list[AmbitionTarget] = []
    ok = True
    for k, t in enumerate(raw):
        row = raw.lines[k] if isinstance(raw, LineList) else item.lines.get(key)
        if not isinstance(t, LineDict):
            r.error("expected a mapping", field=f"ambitions.{key}[{k}]", row=row, value=t,
                    expected="year (optional) and one of at_least, at_most, equals")
            ok = False
            continue
        row = t.line or row
        r.check_keys(t, "ambitions.targets", f"ambitions.{key}[{k}]")
        senses = [s for s in SENSE_KEYS if s in t]
        if len(senses) != 1:
            r.error("give exactly one of at_least, at_most, equals", field=f"ambitions.{key}[{k}]", row=row,
                    value=senses or None, expected="e.g. {year: 2030, at_least: 420}")
            ok = False
            continue
        level = r.number(t[senses[0]], field=f"ambitions.{key}.{senses[0]}", row=t.lines.get(senses[0], row))
        year = None
        if "year" in t:
            year = r.whole(t["year"], minimum=1900, maximum=2200, expected="a year", field=f"ambitions.{key}.year",
                           row=t.lines.get("year", row))
            if year is None:
                ok = False
            elif first is not None and last is not None and not first <= year <= last:
                r.error("target year outside the appraisal", field=f"ambitions.{key}.year",
                        row=t.lines.get("year", row), value=year,
                        expected=f"a year from {first} to {last} (the appraisal), or no year for the horizon")
                ok = False
        if level is None:
            ok = False
            continue
        out.append(AmbitionTarget(SENSE_KEYS[senses[0]], level, year, row))
    return tuple(out) if ok and _consistent(r, out) else None


def _consistent(r: Reader, targets: list[AmbitionTarget]) -> bool:
    """No two targets of one year (or both for the horizon) that no total can meet together."""
    ok = True
    for a_i, a in enumerate(targets):
        for b in targets[a_i + 1:]:
            if a.year != b.year:
                continue
            lo = max([t.level for t in (a, b) if t.sense in (">=", "=")], default=-float("inf"))
            hi = min([t.level for t in (a, b) if t.sense in ("<=", "=")], default=float("inf"))
            if lo > hi:
                when = f"in {a.year}" if a.year is not None else "for the horizon"
                r.error(f"contradictory targets {when}: {a.sense} {a.level:g} (line {a.line}) and "
                        f"{b.sense} {b.level:g} (line {b.line})", field="ambitions.targets", row=b.line,
                        value=b.level, expected="targets of one year that a total can meet together")
                ok = False
    return ok


def _soft(r: Reader, item: LineDict, kind: str) -> tuple[float | None, int | None]:
    weight: float | None = 1.0
    if "weight" in item:
        weight = r.number(item["weight"], field="ambitions.weight", row=item.lines.get("weight"))
        if weight is not None and not weight > 0:
            r.error("a weight must be > 0", field="ambitions.weight", row=item.lines.get("weight"), value=weight,
                    expected="a positive number, e.g. 2 for twice as important")
            weight = None
    priority = r.integer(item, "priority", minimum=1, maximum=100, expected="a whole number from 1 (first) to 100")
    if kind == "hard":
        for key in ("weight", "priority"):
            if key in item:
                r.error(f"'{key}' is for a soft ambition", field=f"ambitions.{key}", row=item.lines.get(key),
                        value=item[key], expected="kind: soft, or no weight or priority for a hard ambition")
    return weight, priority


def _definitions(r: Reader, item: LineDict) -> FrozenMap:
    raw = item.get("definitions", {})
    if not isinstance(raw, dict):
        r.error("expected a mapping term: meaning", field="ambitions.definitions", row=item.lines.get("definitions"),
                value=raw, expected="e.g. {woonlastenneutraal: 'huur plus energierekening gaan niet omhoog'}")
        return FrozenMap()
    out = {}
    for term, meaning in raw.items():
        if not isinstance(meaning, str) or not meaning.strip():
            r.error("expected a text", field=f"ambitions.definitions.{term}", value=meaning,
                    row=raw.lines.get(term) if isinstance(raw, LineDict) else item.lines.get("definitions"),
                    expected="what the term means here, in a sentence")
            continue
        out[str(term)] = meaning.strip()
    return FrozenMap(out)
