"""The ``criteria`` section: what is measured, in which direction, and at which shadow price."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ...errors import closest
from ...model import NPV_ID, SOCIETY_ID, AppraisalSettings, Criterion, FrozenMap
from .. import schema
from ..readers import LineDict, LineList
from .reader import ID, Reader
from .scales import read_scale

__all__ = ["read_criteria", "with_receivers"]

Receivers = list[tuple[int, object, "int | None"]]
"""Per criterion read: (its index, its raw ``receivers``, their line), checked once the stakeholders are known."""


def read_criteria(r: Reader, items: object, doc: LineDict, appraisal: AppraisalSettings | None = None
                  ) -> tuple[list[Criterion], Receivers]:
    """The valid criteria, and their receivers to check later (see :func:`with_receivers`); a price path's
    years must lie in the ``appraisal`` period."""
    receivers: Receivers = []
    if not isinstance(items, LineList) or not items:
        if "criteria" in doc:
            r.error("expected a non-empty list of criteria", field="criteria", row=doc.lines.get("criteria"))
        r.criteria_complete = False
        return [], receivers
    criteria: list[Criterion] = []
    seen: set[str] = set()
    known = {f.name for f in schema.fields("criteria")}
    for k, item in enumerate(items):
        line = items.lines[k]
        if not isinstance(item, LineDict):
            r.error("expected a mapping with id, name, direction", field=f"criteria[{k + 1}]", row=line)
            r.criteria_complete = False
            continue
        r.check_keys(item, "criteria", f"criterion {k + 1}")
        cid = r.identifier(item, "id", f"criteria[{k + 1}].id", seen)
        raw_id = item.get("id")
        raw_id = str(raw_id).strip() if raw_id is not None and not isinstance(raw_id, (dict, list)) else None
        if cid is None:
            # an invalid id: still read, so references to it are not reported a second time
            if not raw_id:
                r.criteria_complete = False
            elif raw_id not in seen and raw_id != NPV_ID:
                r.loose_criteria.add(raw_id)
                if raw_id != SOCIETY_ID and not ID.match(raw_id):
                    r.bad_ids["criterion"].add(raw_id)
        label = cid or raw_id or f"criteria[{k + 1}]"
        direction = item.get("direction")
        if direction not in ("benefit", "cost"):
            if "direction" in item:  # absent: reported by check_keys as a missing required key
                r.error("direction must be 'benefit' or 'cost'", field=f"criteria.{label}.direction",
                        row=item.lines.get("direction", line), value=direction,
                        expected="'benefit' (more is better) or 'cost' (less is better)",
                        suggestion=closest(direction, ("benefit", "cost")))
            direction = "benefit"
        price = None
        price_known = True  # whether this criterion is certainly monetised or certainly a PM item
        path = _price_path(r, item, label, appraisal)
        if path and item.get("shadow_price") is not None:
            r.error("give a shadow_price or a price_path, not both", field=f"criteria.{label}.price_path",
                    row=item.lines.get("price_path"), expected="the price per year in price_path alone")
        elif path:
            start = appraisal.start_year if appraisal is not None else min(path)
            price = float(np.interp(start, sorted(path), [path[y] for y in sorted(path)]))
        elif "price_path" in item:
            price_known = False
        if item.get("shadow_price") is not None:
            price = r.number(item["shadow_price"], money=True, field=f"criteria.{label}.shadow_price",
                             row=item.lines.get("shadow_price"))
            if price is not None and price <= 0:
                r.error("a shadow price must be positive", field=f"criteria.{label}.shadow_price",
                        row=item.lines.get("shadow_price"), value=price,
                        expected="euros per unit > 0 (the direction says whether more is good)")
            price_known = price is not None and price > 0
        elif any(key not in known for key in item):
            price_known = False  # an unknown key may be a misspelt shadow_price
        growth = _price_growth(r, item, label, monetised=price is not None or not price_known)
        scale = read_scale(r, item, label, monetised=price is not None)
        if cid is None:
            continue
        if not price_known:
            # whether it is weighted (a PM item) or inside 'npv' is unknown: no stakeholder is
            # told it is missing or monetised because of this one error
            r.loose_criteria.add(cid)
        receivers.append((len(criteria), item.get("receivers"), item.lines.get("receivers")))
        criteria.append(Criterion(
            id=cid, name=r.text(item, "name", default=cid) or cid, unit=r.text(item, "unit") or "",
            direction=direction, theme=r.text(item, "theme") or "", shadow_price=price,
            description=r.text(item, "description") or "", price_growth=growth,
            price_path=FrozenMap(path) if path else FrozenMap(), scale=scale,
        ))
    return criteria, receivers


def _price_growth(r: Reader, item: LineDict, label: str, *, monetised: bool) -> float:
    """``price_growth``: a real yearly growth > -1 (a growth of -100 % or less makes the price zero or
    negative), only on a monetised criterion without a price path; 0 when absent or wrong (reported)."""
    if item.get("price_growth") is None:
        return 0.0
    field, row = f"criteria.{label}.price_growth", item.lines.get("price_growth")
    growth = r.number(item["price_growth"], field=field, row=row)
    if growth is None:
        return 0.0
    if growth <= -1:
        r.error("a yearly growth of -100 % or less makes the shadow price zero or negative", field=field, row=row,
                value=growth, expected="a fraction per year > -1, e.g. 0.02 for 2 % real growth")
        return 0.0
    if "price_path" in item:
        r.error("give a price_growth or a price_path, not both", field=field, row=row, value=growth,
                expected="the growth inside the price_path's prices, or no price_path")
        return 0.0
    if not monetised:
        r.error("a price growth needs a shadow price", field=field, row=row, value=growth,
                expected="a shadow_price on this criterion, or no price_growth (a PM item has no price)")
        return 0.0
    return growth


def _price_path(r: Reader, item: LineDict, label: str, appraisal: AppraisalSettings | None) -> dict[int, float]:
    """``price_path``: year -> euros per unit, years within the appraisal period, prices >= 0, at least one;
    {} when absent or wrong (each problem reported at its line)."""
    raw = item.get("price_path")
    if raw is None:
        return {}
    field, row = f"criteria.{label}.price_path", item.lines.get("price_path")
    if not isinstance(raw, dict) or not raw:
        r.error("expected a mapping year: euros per unit", field=field, row=row, value=raw,
                expected="e.g. {2026: 100, 2030: 150, 2050: 250} (linear between the years, flat outside)")
        return {}
    lo, hi = (appraisal.start_year, appraisal.start_year + appraisal.horizon - 1) if appraisal else (1900, 2200)
    out: dict[int, float] = {}
    ok = True
    for key, value in raw.items():
        line = raw.lines.get(key, row) if isinstance(raw, LineDict) else row
        year = r.whole(key, minimum=lo, maximum=hi, field=f"{field}.{key}", row=line,
                       expected=f"a year from {lo} to {hi} (the appraisal period)")
        price = r.number(value, money=True, field=f"{field}.{key}", row=line)
        if price is not None and price < 0:
            r.error("a shadow price cannot be negative", field=f"{field}.{key}", row=line, value=value,
                    expected="euros per unit >= 0 (the direction says whether more is good)")
            price = None
        if year is None or price is None:
            ok = False
        else:
            out[year] = price
    if ok and not any(p > 0 for p in out.values()):
        r.error("a price path of zeros prices nothing", field=field, row=row,
                expected="at least one price > 0, or no shadow price (a PM item)")
        ok = False
    return out if ok else {}


def with_receivers(r: Reader, criteria: list[Criterion], receivers: Receivers, stakeholder_ids: list[str]
                   ) -> list[Criterion]:
    """The criteria with the default receivers of their monetised effects, checked against the
    stakeholders (every id read, valid or not) and 'society'."""
    actors = tuple(stakeholder_ids) + (SOCIETY_ID,)
    criteria = list(criteria)
    for index, raw, line in receivers:
        c = criteria[index]
        shares = r.shares(raw, actors, what="receivers", field=f"criteria.{c.id}.receivers", row=line)
        if shares is not None:
            if not c.monetised:
                r.warn("receivers are only used for monetised criteria", field=f"criteria.{c.id}.receivers",
                       row=line, expected="a shadow_price, or no receivers")
            criteria[index] = replace(c, receivers=shares)
    return criteria
