"""The ``stakeholders`` section: the parties, their influence, the one elicitation each gave (read
by :mod:`.elicitation`) and the record of how a survey collected it."""

from __future__ import annotations

from ...errors import closest
from ...model import NPV_ID, Criterion, FrozenMap, Stakeholder, TreeNode
from .. import schema
from ..readers import LineDict, LineList, plain_yaml
from .elicitation import ELICIT, Where
from .issues import Location
from .levels import read_levels
from .reader import ID, Reader

__all__ = ["read_stakeholder_ids", "read_stakeholders"]


def read_stakeholder_ids(r: Reader, items: object) -> list[str]:
    """The id of every stakeholder entry, valid or not; notes when some cannot be named."""
    if not isinstance(items, LineList) or not items:
        r.stakeholders_complete = False
        return []
    ids = []
    for i in items:
        if isinstance(i, LineDict) and i.get("id") is not None and not isinstance(i.get("id"), (dict, list)):
            sid = str(i["id"]).strip()
            if not sid:
                r.stakeholders_complete = False
                continue
            if sid not in ids:
                ids.append(sid)
            if not ID.match(sid) or sid == NPV_ID:
                r.bad_ids["stakeholder"].add(sid)
        else:
            r.stakeholders_complete = False
    r.stakeholder_ids = ids
    return ids


def read_stakeholders(r: Reader, items: object, criteria: list[Criterion], matrix_ids: tuple[str, ...],
                      tree: tuple[TreeNode, ...] = ()) -> list[Stakeholder]:
    if not isinstance(items, LineList) or not items:
        r.error("expected a non-empty list of stakeholders", field="stakeholders")
        return []
    stakeholders: list[Stakeholder] = []
    influences: list[float | None] = []  # invalid ones as None
    seen: set[str] = set()
    monetised = {c.id: c for c in criteria if c.monetised}
    for k, item in enumerate(items):
        line = items.lines[k]
        if not isinstance(item, LineDict):
            r.error("expected a mapping with id, name and one of weights/ahp/swing/ranking",
                    field=f"stakeholders[{k + 1}]", row=line)
            continue
        r.check_keys(item, "stakeholders", f"stakeholder {k + 1}")
        sid = r.identifier(item, "id", f"stakeholders[{k + 1}].id", seen)
        raw_id = item.get("id")
        # an entry with an invalid id is still checked: its other problems are problems too
        label = sid or (str(raw_id).strip() if raw_id is not None and not isinstance(raw_id, (dict, list))
                        else "") or f"stakeholders[{k + 1}]"
        influence: float | None = 1.0
        if "influence" in item:
            influence = r.number(item["influence"], field=f"stakeholders.{label}.influence",
                                 row=item.lines.get("influence"))
            if influence is not None and influence < 0:
                r.error("influence must be >= 0", field=f"stakeholders.{label}.influence",
                        row=item.lines.get("influence"), value=influence, expected="a number >= 0")
                influence = None
        influences.append(influence)
        given = [key for key in schema.ELICITATION_KEYS if key in item]
        if sid is not None:
            r.stakeholder_kinds[sid] = given[0] if len(given) == 1 else None
        if len(given) != 1:
            r.error("give exactly one of weights, ahp, swing, ranking, objective",
                    field=f"stakeholders.{label}", row=line, value=given or None,
                    expected="one elicitation per stakeholder")
            continue
        kind = given[0]
        where = Where(r, f"stakeholders.{label}.{kind}", item.lines.get(kind, line), matrix_ids, monetised)
        elicitation = read_levels(r, item[kind], where.field, where.row, tree, matrix_ids, monetised) \
            if kind == "levels" else ELICIT[kind](r, item[kind], where)
        survey = _survey(r, item.get("survey"), f"stakeholders.{label}.survey", item.lines.get("survey", line))
        if sid is not None and elicitation is not None and influence is not None:
            stakeholders.append(Stakeholder(sid, r.text(item, "name", default=sid) or sid, influence,
                                            elicitation, survey))
    if influences and all(v == 0 for v in influences):  # an invalid influence (None) may be > 0
        r.error("every stakeholder has influence 0", field="stakeholders.influence",
                expected="at least one stakeholder with influence > 0")
    return stakeholders


def _survey(r: Reader, raw: object, field: str, row: int | None) -> FrozenMap:
    """The record of how a stakeholder's weights were collected; checked, kept as given."""
    if raw is None:
        return FrozenMap()
    if not isinstance(raw, LineDict):
        r.error("expected a mapping", field=field, row=row, value=raw, expected="kind, respondents, ...")
        return FrozenMap()
    r.check_keys(raw, "survey", field)
    for spec in schema.fields("survey"):
        if spec.name not in raw:
            continue
        value = raw[spec.name]
        where: Location = {"field": f"{field}.{spec.name}", "row": raw.lines.get(spec.name)}
        if spec.choices and value not in spec.choices:
            r.error("not a valid choice", value=value, expected=spec.expected,
                    suggestion=closest(value, spec.choices), **where)
        elif spec.kind == "positive_int":
            r.whole(value, minimum=1, expected=spec.expected, **where)
        elif spec.kind == "number":
            number = r.number(value, **where)
            if number is not None and number < 0:
                r.error("must not be negative", value=value, expected=spec.expected, **where)
        elif spec.kind == "list" and not isinstance(value, list):
            r.error("expected a list", value=value, expected=spec.expected, **where)
    return FrozenMap(plain_yaml(raw))
