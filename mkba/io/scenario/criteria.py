"""The ``criteria`` section: what is measured, in which direction, and at which shadow price."""

from __future__ import annotations

from dataclasses import replace

from ...errors import closest
from ...model import NPV_ID, SOCIETY_ID, Criterion
from .. import schema
from ..readers import LineDict, LineList
from .reader import ID, Reader

__all__ = ["read_criteria", "with_receivers"]

Receivers = list[tuple[int, object, "int | None"]]
"""Per criterion read: (its index, its raw ``receivers``, their line), checked once the stakeholders are known."""


def read_criteria(r: Reader, items: object, doc: LineDict) -> tuple[list[Criterion], Receivers]:
    """The valid criteria, and their receivers to check later (see :func:`with_receivers`)."""
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
            description=r.text(item, "description") or "",
        ))
    return criteria, receivers


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
