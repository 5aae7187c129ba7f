"""The ``monitoring`` section: measurable ambitions, planned (from the portfolio or given) against
the values realised so far."""

from __future__ import annotations

from ...model import Ambition, Criterion, FrozenMap, PortfolioSettings
from .. import schema
from ..readers import LineDict, LineList
from .reader import Reader

__all__ = ["read_monitoring", "year_values"]


def read_monitoring(r: Reader, doc: LineDict, criteria: list[Criterion], portfolio: PortfolioSettings | None
                    ) -> tuple[Ambition, ...]:
    items = doc.get("monitoring")
    if items is None:
        return ()
    if not isinstance(items, list):
        r.error("expected a list of ambitions", field="monitoring", row=doc.lines.get("monitoring"),
                value=items, expected="e.g. [{id: co2, name: CO2-reductie, criterion: co2, realised: {2026: 120}}]")
        return ()
    crit = {c.id: c for c in criteria}
    out: list[Ambition] = []
    seen: set[str] = set()
    loose = r.loose_criteria
    for k, item in enumerate(items):
        line = items.lines[k] if isinstance(items, LineList) else doc.lines.get("monitoring")
        if not isinstance(item, LineDict):
            r.error("expected a mapping", field=f"monitoring[{k}]", row=line, value=item,
                    expected=", ".join(f.name for f in schema.fields("monitoring")))
            continue
        r.check_keys(item, "monitoring", f"monitoring[{k}]")
        aid = r.identifier(item, "id", "monitoring.id", seen)
        name = r.text(item, "name", required=True)
        cid = item.get("criterion")
        if cid is not None and str(cid) not in crit:
            if r.criteria_complete and str(cid) not in loose:
                r.unknown("criterion", cid, list(crit), field="monitoring.criterion",
                          row=item.lines.get("criterion"), ref="criterion")
            cid = None
        elif cid is not None and (portfolio is None or portfolio.budget is None):
            r.error("a plan derived from a criterion needs the portfolio", field="monitoring.criterion",
                    row=item.lines.get("criterion"), value=cid,
                    expected="a 'budget' section, or 'planned' values instead of 'criterion'")
            cid = None
        if ("criterion" in item) == ("planned" in item):
            r.error("give either 'criterion' or 'planned'", field=f"monitoring[{k}]", row=line,
                    expected="'criterion' (the plan follows the portfolio) or 'planned' (year: value)")
        planned = year_values(r, item.get("planned", {}), "monitoring.planned", item.lines.get("planned"))
        realised = year_values(r, item.get("realised", {}), "monitoring.realised", item.lines.get("realised"))
        unit = r.text(item, "unit") or (crit[str(cid)].unit if cid is not None else "")
        if aid is not None and name is not None:
            out.append(Ambition(aid, name, unit, str(cid) if cid is not None else None, planned, realised, line))
    return tuple(out)


def year_values(r: Reader, raw: object, field: str, row: int | None) -> FrozenMap:
    if not isinstance(raw, dict):
        r.error("expected a mapping year: value", field=field, row=row, value=raw, expected="e.g. {2026: 120}")
        return FrozenMap()
    out = {}
    for key, value in raw.items():
        line = raw.lines.get(key, row) if isinstance(raw, LineDict) else row
        year = r.whole(key, minimum=1900, maximum=2200, expected="a year", field=f"{field}.{key}", row=line)
        number = r.number(value, field=f"{field}.{key}", row=line)
        if year is not None and number is not None:
            out[year] = number
    return FrozenMap(dict(sorted(out.items())))

