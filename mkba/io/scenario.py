"""Read and validate a scenario: YAML file + measures table -> :class:`mkba.model.Scenario`.

Every problem is collected with its file, sheet, row (as the spreadsheet or editor shows it),
field, bad value, what would be valid and the closest valid name; then one
:class:`~mkba.errors.ScenarioError` lists them all. Warnings (e.g. an inconsistent AHP matrix)
do not stop the run; they travel in ``Scenario.warnings``.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import replace
from collections.abc import Mapping, Sequence
from fractions import Fraction
from pathlib import Path

import numpy as np

from ..errors import InputIssue, MethodError, ScenarioError, closest
from .. import geo
from ..model import (NPV_ID, SOCIETY_ID, AHPJudgements, Ambition, AppraisalSettings, Area, Budget, Criterion, DirectWeights, Effect, FrozenMap, Layer, MapSettings, Measure, MethodSpec, ObjectiveWeights, PortfolioSettings, RankOrder, SensitivitySettings, Rule, Scenario, Stakeholder, SwingWeights, Transfer)
from . import schema
from .geojson import read_features
from .readers import LineDict, LineList, Table, load_yaml, plain_yaml, read_table

__all__ = ["read_scenario", "check_scenario"]

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
_ENTRY_SPLIT = re.compile(r"\s*[;,\n]\s*(?=[A-Za-z0-9_.\-]+\s*[:>])|\s*;\s*")
_BAD_NUMBER_HINT = "a plain number with '.' as decimal point and no thousands separators, e.g. 12000 or 0.5"


def read_scenario(path: str | Path) -> Scenario:
    """Read a scenario file and its measures table, validated.

    Raises
    ------
    ScenarioError
        Listing every error (and warning) found, each located; nothing is raised for warnings
        alone: they are kept in ``Scenario.warnings``.
    """
    scenario, issues = check_scenario(path)
    if scenario is None or any(i.severity == "error" for i in issues):
        raise ScenarioError(issues)
    return scenario


def check_scenario(path: str | Path) -> tuple[Scenario | None, list[InputIssue]]:
    """Validate a scenario and return it (None when it has errors) with every issue found.

    Beyond the file itself, the weights each party gave are derived against the decision
    matrix (a swing on a criterion without spread, AHP on criteria the matrix lacks...), so that
    what ``mkba run`` would refuse is found here already.
    """
    scenario, issues = _Reader(Path(path)).read()
    if scenario is not None and not any(i.severity == "error" for i in issues):
        stage = _stage_issues(scenario)
        if stage:
            return None, issues + stage
    return scenario, issues


def _stage_issues(scenario: Scenario) -> list[InputIssue]:
    """Errors the appraisal, the decision matrix and the weighting raise for a valid file."""
    from ..stages import appraisal as cba, weighting
    from ..stages import matrix as matrix_stage

    try:
        weighting.weigh(scenario, matrix_stage.build(scenario, cba.appraise(scenario)))
    except ScenarioError as err:
        return [i for i in err.issues if i.severity == "error"]
    return []


MAX_MAGNITUDE = 1e15
"""The largest number a scenario may hold (in size): a thousand trillion euros, or units of an
effect. Present values over a horizon of up to 500 years of such amounts stay far from overflow."""


class _Reader:
    """Collects issues while turning raw YAML and table cells into domain objects."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.file = str(path)
        self.issues: list[InputIssue] = []
        self.hash = hashlib.sha256()
        self._table_file, self._table_sheet = self.file, None
        self.points: dict[str, tuple[str, list[float], int]] = {}
        """Measure id -> (reference system, [x, y], row) from the measures table's coordinate columns."""
        # Every id that was read, valid entry or not, so that one invalid entry does not turn
        # each reference to it into a second, false "unknown ..." error (one root problem, one
        # message). A flag False means some entry could not be named at all (a section that is
        # not a list, an item without an id): references are then not checked against the ids.
        self.loose_criteria: set[str] = set()
        """Criterion ids that were read but are invalid (a bad id, or a shadow price that is invalid or
        perhaps misspelt): references to them are accepted and they are not required anywhere."""
        self.criteria_complete = True
        self.bad_ids: dict[str, set[str]] = {"criterion": set(), "stakeholder": set(), "measure": set()}
        """Ids that were read but are not valid identifiers (or reserved), reported there. An unknown
        reference may be meant for such an entry: see :meth:`_resolve_references`."""
        self._references: list[tuple[InputIssue, str, str, list[str]]] = []
        """Each 'unknown ...' reference issue with the kind of entry and the name it refers to."""
        self.stakeholder_ids: list[str] = []
        self.stakeholders_complete = True
        self.stakeholder_kinds: dict[str, str | None] = {}
        """Stakeholder id -> the elicitation it gave (None when not exactly one)."""
        self.measure_ids: list[str] | None = None
        """Every measure id in the table, rows with errors included; None when they cannot all be named."""
        self.themes: list[str] | None = None
        """Every theme in the table, rows with errors included; None when they cannot all be named."""

    # -- issue helpers -------------------------------------------------------------------------
    def error(self, message: str, *, file: str | None = None, **where: object) -> None:
        self.issues.append(InputIssue(file=file or self.file, message=message, **where))

    def warn(self, message: str, *, file: str | None = None, **where: object) -> None:
        self.issues.append(InputIssue(file=file or self.file, message=message, severity="warning", **where))

    def unknown(self, what: str, value: object, valid: Sequence[str], *, ref: str | None = None,
                **where: object) -> None:
        """An unknown name; ``ref`` is the kind of entry ('criterion', 'stakeholder', 'measure') when the
        name refers to an entry defined elsewhere in the scenario."""
        self.error(f"unknown {what}", value=value, expected=f"one of {list(valid)}",
                   suggestion=closest(value, valid), **where)
        if ref is not None:
            self._references.append((self.issues[-1], ref, str(value), [str(v) for v in valid]))

    def _resolve_references(self) -> None:
        """Drop the unknown references that are meant for an entry whose own id is invalid.

        That entry is reported already; each reference to it would be a second, false error. When
        a kind has k entries with an invalid id and at most k distinct unknown names refer to that
        kind, all of them are taken to mean those entries; with more names, those nearer to an
        invalid id than to a valid one are.
        """
        drop = set()
        for kind, bad in self.bad_ids.items():
            if not bad:
                continue
            refs = [(issue, name, valid) for issue, k, name, valid in self._references if k == kind]
            names = {name for _, name, _ in refs}
            for issue, name, valid in refs:
                if len(names) <= len(bad) or closest(name, valid + sorted(bad)) in bad:
                    drop.add(id(issue))
        if drop:
            self.issues = [i for i in self.issues if id(i) not in drop]

    def error_count(self) -> int:
        return sum(i.severity == "error" for i in self.issues)

    @staticmethod
    def _reference_ok(key: object, valid: Sequence[str] | None, complete: bool = True) -> bool:
        """Whether a reference may stand without an error of its own: a known id, or any id when not
        every entry could be named (``valid`` None or not ``complete``: it may be the unnamed one)."""
        return valid is None or not complete or key in valid

    def _actor_known(self, key: object, actors: Sequence[str]) -> bool:
        """Whether a stakeholder (or 'society') reference may stand, see :meth:`_reference_ok`."""
        return self._reference_ok(key, actors, self.stakeholders_complete)

    def _measure_known(self, key: object) -> bool:
        """Whether a measure reference may stand: checked against every row of the table, rows with
        errors included, see :meth:`_reference_ok`."""
        return self._reference_ok(str(key), self.measure_ids)

    # -- entry point ---------------------------------------------------------------------------
    def read(self) -> tuple[Scenario | None, list[InputIssue]]:
        if not self.path.is_file():
            self.error("scenario file not found", expected="the path of a scenario .yaml file")
            return None, self.issues
        raw = self.path.read_bytes()
        self.hash.update(self.path.name.encode() + b"\0" + raw)
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            self.error("the scenario file is not UTF-8 text", expected="a YAML file saved as UTF-8")
            return None, self.issues
        doc, issues = load_yaml(text, self.file)
        self.issues += issues
        if issues:
            return None, self.issues
        if not isinstance(doc, dict):
            self.error("the scenario file must be a YAML mapping", value=type(doc).__name__,
                       expected="keys such as name, appraisal, criteria, stakeholders, measures")
            return None, self.issues
        return self._scenario(doc), self.issues

    def _scenario(self, doc: LineDict) -> Scenario | None:
        self._keys(doc, schema.SCENARIO_FIELDS, "scenario")
        name = self._text(doc, "name", required=True)
        language = self._choice(doc, schema.SCENARIO_FIELDS[2])
        group = self._choice(doc, schema.SCENARIO_FIELDS[5])
        seed = self._int(doc, "seed", default=0, minimum=0)
        appraisal = self._appraisal(doc.get("appraisal"), doc)
        criteria = self._criteria(doc.get("criteria"), doc)
        stakeholders_raw = doc.get("stakeholders")
        stakeholder_ids = self._stakeholder_ids(stakeholders_raw)
        measures = self._measures(doc, criteria, stakeholder_ids, appraisal)
        matrix_ids = (NPV_ID,) + tuple(c.id for c in criteria if not c.monetised)
        stakeholders = self._stakeholders(stakeholders_raw, criteria, matrix_ids)
        method = self._method(doc.get("method", "topsis"), doc, matrix_ids)
        portfolio = self._portfolio(doc, appraisal)
        sensitivity = self._sensitivity(doc, matrix_ids)
        places = self._map(doc, measures)
        monitoring = self._monitoring(doc, criteria, portfolio)
        if group == "aij" and any(kind not in (None, "ahp") for kind in self.stakeholder_kinds.values()):
            self.error("group 'aij' needs AHP judgements from every stakeholder", field="group",
                       row=doc.lines.get("group"), value=group,
                       expected="'mean', or 'ahp' for every stakeholder")
        self._resolve_references()
        if any(i.severity == "error" for i in self.issues) or None in (appraisal, name):
            return None
        return Scenario(
            name=name, appraisal=appraisal, method=method, criteria=tuple(criteria),
            stakeholders=tuple(stakeholders), measures=tuple(measures), language=language, group=group,
            seed=seed, source=self.path.name, input_hash=self.hash.hexdigest(),
            warnings=tuple(i for i in self.issues if i.severity == "warning"), portfolio=portfolio,
            sensitivity=sensitivity, map=places, monitoring=monitoring,
        )

    # -- generic field parsing -----------------------------------------------------------------
    def _keys(self, mapping: LineDict, fields: Sequence[schema.FieldSpec], where: str,
              extra: Sequence[str] = ()) -> None:
        valid = [f.name for f in fields] + list(extra)
        for key in mapping:
            if key not in valid:
                self.error(f"unknown key in {where}", field=str(key), row=mapping.lines.get(key), value=key,
                           expected=f"one of {valid}", suggestion=closest(key, valid))
        for f in fields:
            if f.required and f.name not in mapping:
                self.error(f"missing required key in {where}", field=f.name, row=mapping.line,
                           expected=f.expected)

    def _text(self, m: LineDict, key: str, *, required: bool = False, default: str = "") -> str | None:
        value = m.get(key)
        if required and key in m and (value is None or (isinstance(value, str) and not value.strip())):
            # present but empty (an absent key is reported by _keys as a missing required key)
            self.error("empty value", field=key, row=m.lines.get(key), value=value, expected="a text")
            return None
        if value is None:
            return None if required else default
        if isinstance(value, (dict, list)):
            self.error("expected a text", field=key, row=m.lines.get(key), value=type(value).__name__)
            return None
        return str(value).strip()

    def _choice(self, m: LineDict, spec: schema.FieldSpec) -> str:
        value = m.get(spec.name, spec.default)
        if value not in spec.choices:
            self.error("not a valid choice", field=spec.name, row=m.lines.get(spec.name), value=value,
                       expected=spec.expected, suggestion=closest(value, spec.choices))
            return spec.default
        return value

    def _objective(self, settings: LineDict) -> str:
        """``portfolio.objective``; a ranking method's name is refused with the reason (its scores
        cannot be summed over a portfolio), not just as an unknown choice."""
        from ..mcda import METHODS
        from ..portfolio.problem import refuse_non_additive

        spec = schema.PORTFOLIO_FIELDS[0]
        value = settings.get(spec.name, spec.default)
        if isinstance(value, str) and value not in spec.choices and value.lower() in METHODS:
            try:
                refuse_non_additive(value)
            except MethodError as err:
                self.error("cannot be the portfolio objective", field="portfolio.objective",
                           row=settings.lines.get(spec.name), value=value,
                           expected=f"{spec.expected}; {err}")
                return spec.default
        return self._choice(settings, spec)

    def _number(self, value: object, **where: object) -> float | None:
        """A finite float from a YAML or cell value; None (with an issue) when it is not one."""
        if isinstance(value, bool):
            self.error("expected a number", value=value, expected=_BAD_NUMBER_HINT, **where)
            return None
        if isinstance(value, (int, float)):
            number = float(value) if not isinstance(value, int) or abs(value) < 10**300 else math.inf
        elif isinstance(value, str):
            text = value.strip().replace("\u2212", "-")
            try:
                number = float(Fraction(text)) if "/" in text else float(text)
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

    def _int(self, m: LineDict, key: str, *, default: int | None = None, minimum: int | None = None,
             maximum: int | None = None, expected: str = "a whole number") -> int | None:
        if key not in m:
            return default
        return self._whole(m[key], minimum=minimum, maximum=maximum, expected=expected,
                           field=key, row=m.lines.get(key))

    def _whole(self, value: object, *, minimum: int | None = None, maximum: int | None = None,
               expected: str = "a whole number", **where: object) -> int | None:
        number = self._number(value, **where)
        if number is None:
            return None
        if number != int(number) or (minimum is not None and number < minimum) or (
                maximum is not None and number > maximum):
            self.error("out of range or not a whole number", value=value, expected=expected, **where)
            return None
        return int(number)

    def _shares(self, value: object, valid: Sequence[str], *, what: str, **where: object) -> FrozenMap | None:
        """Shares per actor, from a YAML mapping or text like ``a:0.6;b:0.4``; they must sum to 1."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, Mapping):
            pairs = list(value.items())
        elif isinstance(value, str):
            pairs = []
            for entry in filter(None, _ENTRY_SPLIT.split(value.strip())):
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
            if not self._actor_known(key, valid):
                self.unknown(f"{what} id", key, valid, ref="stakeholder", **where)
                ok = False
                continue
            number = self._number(share, **where)
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

    # -- sections ------------------------------------------------------------------------------
    def _appraisal(self, m: object, doc: LineDict) -> AppraisalSettings | None:
        if m is None:
            return None
        if not isinstance(m, LineDict):
            self.error("expected a mapping", field="appraisal", row=doc.lines.get("appraisal"),
                       expected="price_year, start_year, horizon, discount")
            return None
        self._keys(m, schema.APPRAISAL_FIELDS, "appraisal")
        years = dict(minimum=1900, maximum=2200, expected="a year between 1900 and 2200")
        price_year = self._int(m, "price_year", **years)
        start_year = self._int(m, "start_year", **years)
        horizon = self._int(m, "horizon", minimum=1, maximum=500, expected="a whole number of years from 1 to 500")
        discount = m.get("discount", "nl-2026")
        from ..discount import discount_set

        try:
            discount_set(discount)
        except MethodError as err:
            self.error(str(err), field="appraisal.discount", row=m.lines.get("discount"), value=discount)
            return None
        if None in (price_year, start_year, horizon):
            return None
        if price_year > start_year:
            self.warn("the price year lies after the start year", field="appraisal.price_year",
                      row=m.lines.get("price_year"), value=price_year,
                      expected="a price year at or before the start year")
        return AppraisalSettings(price_year, start_year, horizon, discount)

    def _criteria(self, items: object, doc: LineDict) -> list[Criterion]:
        # receivers are checked once stakeholders are known: collect raw first
        self._criterion_receivers: list[tuple[int, object, int | None]] = []
        if not isinstance(items, LineList) or not items:
            if "criteria" in doc:
                self.error("expected a non-empty list of criteria", field="criteria", row=doc.lines.get("criteria"))
            self.criteria_complete = False
            return []
        criteria: list[Criterion] = []
        seen: set[str] = set()
        known = {f.name for f in schema.CRITERION_FIELDS}
        for k, item in enumerate(items):
            line = items.lines[k]
            if not isinstance(item, LineDict):
                self.error("expected a mapping with id, name, direction", field=f"criteria[{k + 1}]", row=line)
                self.criteria_complete = False
                continue
            self._keys(item, schema.CRITERION_FIELDS, f"criterion {k + 1}")
            cid = self._identifier(item, "id", f"criteria[{k + 1}].id", seen)
            raw_id = item.get("id")
            raw_id = str(raw_id).strip() if raw_id is not None and not isinstance(raw_id, (dict, list)) else None
            if cid is None:
                # an invalid id: still read, so references to it are not reported a second time
                if not raw_id:
                    self.criteria_complete = False
                elif raw_id not in seen and raw_id != NPV_ID:
                    self.loose_criteria.add(raw_id)
                    if raw_id != SOCIETY_ID and not _ID.match(raw_id):
                        self.bad_ids["criterion"].add(raw_id)
            label = cid or raw_id or f"criteria[{k + 1}]"
            direction = item.get("direction")
            if direction not in ("benefit", "cost"):
                if "direction" in item:  # absent: reported by _keys as a missing required key
                    self.error("direction must be 'benefit' or 'cost'", field=f"criteria.{label}.direction",
                               row=item.lines.get("direction", line), value=direction,
                               expected="'benefit' (more is better) or 'cost' (less is better)",
                               suggestion=closest(direction, ("benefit", "cost")))
                direction = "benefit"
            price = None
            price_known = True  # whether this criterion is certainly monetised or certainly a PM item
            if item.get("shadow_price") is not None:
                price = self._number(item["shadow_price"], field=f"criteria.{label}.shadow_price",
                                     row=item.lines.get("shadow_price"))
                if price is not None and price <= 0:
                    self.error("a shadow price must be positive", field=f"criteria.{label}.shadow_price",
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
                self.loose_criteria.add(cid)
            self._criterion_receivers.append((len(criteria), item.get("receivers"), item.lines.get("receivers")))
            criteria.append(Criterion(
                id=cid, name=self._text(item, "name", default=cid) or cid, unit=self._text(item, "unit") or "",
                direction=direction, theme=self._text(item, "theme") or "", shadow_price=price,
                description=self._text(item, "description") or "",
            ))
        return criteria

    def _identifier(self, item: LineDict, key: str, field: str, seen: set[str]) -> str | None:
        value = item.get(key)
        line = item.lines.get(key, item.line)
        if value is None:
            if key in item:  # an absent key is reported by _keys as a missing required key
                self.error("missing id", field=field, row=line, expected="an identifier such as co2 or M01")
            return None
        text = str(value).strip()
        if not _ID.match(text):
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

    def _stakeholder_ids(self, items: object) -> list[str]:
        """The id of every stakeholder entry, valid or not; notes when some cannot be named."""
        if not isinstance(items, LineList) or not items:
            self.stakeholders_complete = False
            return []
        ids = []
        for i in items:
            if isinstance(i, LineDict) and i.get("id") is not None and not isinstance(i.get("id"), (dict, list)):
                sid = str(i["id"]).strip()
                if not sid:
                    self.stakeholders_complete = False
                    continue
                if sid not in ids:
                    ids.append(sid)
                if not _ID.match(sid) or sid == NPV_ID:
                    self.bad_ids["stakeholder"].add(sid)
            else:
                self.stakeholders_complete = False
        self.stakeholder_ids = ids
        return ids

    def _stakeholders(self, items: object, criteria: list[Criterion], matrix_ids: tuple[str, ...]
                      ) -> list[Stakeholder]:
        actors = tuple(self._stakeholder_ids(items)) + (SOCIETY_ID,)
        # criterion default receivers need the stakeholder ids
        for index, raw, line in getattr(self, "_criterion_receivers", []):
            c = criteria[index]
            shares = self._shares(raw, actors, what="receivers", field=f"criteria.{c.id}.receivers", row=line)
            if shares is not None:
                if not c.monetised:
                    self.warn("receivers are only used for monetised criteria", field=f"criteria.{c.id}.receivers",
                              row=line, expected="a shadow_price, or no receivers")
                criteria[index] = replace(c, receivers=shares)
        if not isinstance(items, LineList) or not items:
            self.error("expected a non-empty list of stakeholders", field="stakeholders")
            return []
        stakeholders: list[Stakeholder] = []
        influences: list[float | None] = []  # invalid ones as None
        seen: set[str] = set()
        monetised = {c.id: c for c in criteria if c.monetised}
        for k, item in enumerate(items):
            line = items.lines[k]
            if not isinstance(item, LineDict):
                self.error("expected a mapping with id, name and one of weights/ahp/swing/ranking",
                           field=f"stakeholders[{k + 1}]", row=line)
                continue
            self._keys(item, schema.STAKEHOLDER_FIELDS, f"stakeholder {k + 1}")
            sid = self._identifier(item, "id", f"stakeholders[{k + 1}].id", seen)
            raw_id = item.get("id")
            # an entry with an invalid id is still checked: its other problems are problems too
            label = sid or (str(raw_id).strip() if raw_id is not None and not isinstance(raw_id, (dict, list))
                            else "") or f"stakeholders[{k + 1}]"
            influence = 1.0
            if "influence" in item:
                influence = self._number(item["influence"], field=f"stakeholders.{label}.influence",
                                         row=item.lines.get("influence"))
                if influence is not None and influence < 0:
                    self.error("influence must be >= 0", field=f"stakeholders.{label}.influence",
                               row=item.lines.get("influence"), value=influence, expected="a number >= 0")
                    influence = None
            influences.append(influence)
            given = [key for key in schema.ELICITATION_KEYS if key in item]
            if sid is not None:
                self.stakeholder_kinds[sid] = given[0] if len(given) == 1 else None
            if len(given) != 1:
                self.error("give exactly one of weights, ahp, swing, ranking, objective",
                           field=f"stakeholders.{label}", row=line, value=given or None,
                           expected="one elicitation per stakeholder")
                continue
            kind = given[0]
            ctx = _Where(self, f"stakeholders.{label}.{kind}", item.lines.get(kind, line), matrix_ids, monetised)
            elicitation = getattr(self, f"_elicit_{kind}")(item[kind], ctx)
            survey = self._survey(item.get("survey"), f"stakeholders.{label}.survey", item.lines.get("survey", line))
            if sid is not None and elicitation is not None and influence is not None:
                stakeholders.append(Stakeholder(sid, self._text(item, "name", default=sid) or sid, influence,
                                                elicitation, survey))
        if influences and all(v == 0 for v in influences):  # an invalid influence (None) may be > 0
            self.error("every stakeholder has influence 0", field="stakeholders.influence",
                       expected="at least one stakeholder with influence > 0")
        return stakeholders

    def _survey(self, raw: object, field: str, row: int | None) -> FrozenMap:
        """The record of how a stakeholder's weights were collected; checked, kept as given."""
        if raw is None:
            return FrozenMap()
        if not isinstance(raw, LineDict):
            self.error("expected a mapping", field=field, row=row, value=raw, expected="kind, respondents, ...")
            return FrozenMap()
        self._keys(raw, schema.SURVEY_FIELDS, field)
        for spec in schema.SURVEY_FIELDS:
            if spec.name not in raw:
                continue
            value, where = raw[spec.name], dict(field=f"{field}.{spec.name}", row=raw.lines.get(spec.name))
            if spec.choices and value not in spec.choices:
                self.error("not a valid choice", value=value, expected=spec.expected,
                           suggestion=closest(value, spec.choices), **where)
            elif spec.kind == "positive_int":
                self._whole(value, minimum=1, expected=spec.expected, **where)
            elif spec.kind == "number":
                number = self._number(value, **where)
                if number is not None and number < 0:
                    self.error("must not be negative", value=value, expected=spec.expected, **where)
            elif spec.kind == "list" and not isinstance(value, list):
                self.error("expected a list", value=value, expected=spec.expected, **where)
        return FrozenMap(plain_yaml(raw))

    def _elicit_weights(self, raw: object, ctx: _Where) -> DirectWeights | None:
        if not isinstance(raw, LineDict):
            ctx.error("expected a mapping criterion: weight", value=raw)
            return None
        weights, given = {}, set()
        for key, value in raw.items():
            if not ctx.criterion(key, raw.lines.get(key)):
                continue
            given.add(key)  # present, even when its weight is invalid
            number = self._number(value, field=f"{ctx.field}.{key}", row=raw.lines.get(key))
            if number is not None and number < 0:
                self.error("negative weight", field=f"{ctx.field}.{key}", row=raw.lines.get(key), value=value,
                           expected="a weight >= 0")
            elif number is not None:
                weights[key] = number
        ctx.complete(given, raw.line)
        if ctx.failed:  # "all zero" only when every weight could be read
            return None
        if sum(weights.values()) <= 0:
            ctx.error("all weights are zero", expected="at least one weight > 0")
            return None
        total = sum(weights.values())
        if abs(total - 1.0) > 1e-9:
            self.warn(f"weights sum to {total:g}; they are normalised to sum to 1", field=ctx.field, row=ctx.row,
                      expected="weights summing to 1")
        return DirectWeights(FrozenMap({c: weights.get(c, 0.0) for c in ctx.matrix_ids}))

    def _elicit_objective(self, raw: object, ctx: _Where) -> ObjectiveWeights | None:
        if raw not in ("entropy", "critic"):
            ctx.error("unknown objective weighting", value=raw, expected="'entropy' or 'critic'",
                      suggestion=closest(raw, ("entropy", "critic")))
            return None
        return ObjectiveWeights(raw)

    def _elicit_ranking(self, raw: object, ctx: _Where) -> RankOrder | None:
        if not isinstance(raw, list) or not raw:
            ctx.error("expected a list of criteria, most important first", value=raw)
            return None
        order: list[tuple[str, ...]] = []
        named: dict[str, float] = {}
        for position, entry in enumerate(raw):
            group = entry if isinstance(entry, list) else [entry]
            ids = []
            for key in group:
                key = str(key)
                if ctx.criterion(key, raw.lines[position] if isinstance(raw, LineList) else ctx.row):
                    if key in named:
                        ctx.error("criterion ranked twice", value=key, expected="each criterion once")
                    named[key] = 1.0
                    ids.append(key)
            if ids:
                order.append(tuple(ids))
        ctx.complete(named, ctx.row)
        if ctx.failed:
            return None
        return RankOrder(tuple(order))

    def _elicit_ahp(self, raw: object, ctx: _Where) -> AHPJudgements | None:
        if not isinstance(raw, LineDict) or "criteria" not in raw or "matrix" not in raw:
            ctx.error("expected a mapping with 'criteria' and 'matrix'", expected="ahp: {criteria: [...], matrix: [[...]]}")
            return None
        if not isinstance(raw["criteria"], list) or not raw["criteria"]:
            ctx.error("ahp.criteria must be a list of criteria", row=raw.lines.get("criteria"), value=raw["criteria"],
                      expected=f"the matrix criteria in the order of the matrix rows: {list(ctx.matrix_ids)}")
            return None
        crit = [str(c) for c in raw["criteria"]]
        known = {c: 1.0 for c in crit if ctx.criterion(c, raw.lines.get("criteria"))}
        if len(set(crit)) != len(crit):
            ctx.error("a criterion appears twice in ahp.criteria", value=crit, row=raw.lines.get("criteria"))
        ctx.complete(known, raw.lines.get("criteria"))
        # the matrix is checked against the criteria as listed, whatever is wrong with their names
        rows = raw["matrix"]
        mrow = raw.lines.get("matrix")
        n = len(crit)
        if not isinstance(rows, list) or len(rows) != n or not all(isinstance(r, list) and len(r) == n for r in rows):
            short = [i for i, r in enumerate(rows) if not (isinstance(r, list) and len(r) == n)] \
                if isinstance(rows, LineList) and len(rows) == n else []
            ctx.error(f"the AHP matrix must be square, {n} x {n} (one row and column per criterion)",
                      row=rows.lines[short[0]] if short else mrow,
                      value=[len(r) if isinstance(r, list) else r for r in rows] if isinstance(rows, list) else rows,
                      expected=f"{n} rows of {n} judgements")
            return None
        matrix = []
        for i, r in enumerate(rows):
            line = rows.lines[i] if isinstance(rows, LineList) else mrow
            matrix.append([self._number(v, field=f"{ctx.field}.matrix[{i + 1}][{j + 1}]", row=line)
                           for j, v in enumerate(r)])
        if any(None in r for r in matrix):
            return None
        from .. import weights as wt

        problems = wt.check_pairwise(np.array(matrix))
        for p in problems:
            line = rows.lines[p.i] if isinstance(rows, LineList) and p.i is not None and p.i < n else mrow
            self.error(f"AHP matrix: {p.message}", field=f"{ctx.field}.matrix", row=line,
                       expected="positive judgements with matrix[j][i] = 1/matrix[i][j] and 1 on the diagonal")
        if ctx.failed:
            return None
        result = wt.ahp(np.array(matrix), ri_table=wt.default_ri_table(n))
        if not result.consistent:
            i, j = result.worst[0], result.worst[1]
            self.warn(f"AHP consistency ratio CR = {result.cr:.3f} exceeds {result.threshold:.2f}; the least "
                      f"consistent judgement is {crit[i]} vs {crit[j]} = {matrix[i][j]:g} (consistent value "
                      f"about {result.worst[3]:.2g})", field=f"{ctx.field}.matrix", row=mrow,
                      expected=f"CR <= {result.threshold:.2f}: revisit that judgement")
        return AHPJudgements(tuple(crit), tuple(tuple(r) for r in matrix))

    def _elicit_swing(self, raw: object, ctx: _Where) -> SwingWeights | None:
        if not isinstance(raw, LineDict) or "points" not in raw or not isinstance(raw["points"], LineDict):
            ctx.error("expected a mapping with 'points' (and 'ranges')",
                      expected="swing: {points: {criterion: 0-100}, ranges: {criterion: [worst, best]}}")
            return None
        points_raw = raw["points"]
        points, given = {}, set()
        for key, value in points_raw.items():
            if ctx.criterion(key, points_raw.lines.get(key)):
                given.add(key)
                number = self._number(value, field=f"{ctx.field}.points.{key}", row=points_raw.lines.get(key))
                if number is not None and not 0 <= number <= 100:
                    self.error("swing points must lie between 0 and 100", field=f"{ctx.field}.points.{key}",
                               row=points_raw.lines.get(key), value=value, expected="0 to 100 (most important = 100)")
                elif number is not None:
                    points[key] = number
        ctx.complete(given, points_raw.line)
        if not ctx.failed and max(points.values(), default=0.0) <= 0:
            ctx.error("all swing points are zero", expected="100 for the most important swing")
        ranges = {}
        ranges_raw = raw.get("ranges")
        if ranges_raw is None:
            self.warn("swing weights without the ranges they were elicited on; they are used as given",
                      field=ctx.field, row=ctx.row, expected="ranges: {criterion: [worst, best]}")
        elif isinstance(ranges_raw, LineDict):
            ctx.reset()
            for key, value in ranges_raw.items():
                line = ranges_raw.lines.get(key)
                if not ctx.criterion(key, line):
                    continue
                pair = [self._number(v, field=f"{ctx.field}.ranges.{key}", row=line) for v in value] \
                    if isinstance(value, list) and len(value) == 2 else None
                if pair is None:
                    self.error("a range is [worst, best]", field=f"{ctx.field}.ranges.{key}", row=line, value=value,
                               expected="two numbers [worst, best]")
                elif None not in pair and pair[0] == pair[1]:
                    self.error("a range must not be empty", field=f"{ctx.field}.ranges.{key}", row=line, value=value,
                               expected="worst and best differ")
                elif None not in pair:
                    ranges[key] = tuple(pair)
            missing = ctx.missing(ranges_raw)
            if missing:
                self.error("swing ranges missing for some criteria", field=f"{ctx.field}.ranges", row=ranges_raw.line,
                           value=missing, expected="a [worst, best] range for every weighted criterion")
        else:
            ctx.error("ranges must be a mapping criterion: [worst, best]", value=ranges_raw)
        if ctx.failed:
            return None
        return SwingWeights(FrozenMap({c: points.get(c, 0.0) for c in ctx.matrix_ids}),
                            FrozenMap({c: ranges[c] for c in ctx.matrix_ids if c in ranges}))

    def _method(self, raw: object, doc: LineDict, matrix_ids: tuple[str, ...]) -> MethodSpec:
        from .. import mcda

        line = doc.lines.get("method")
        if isinstance(raw, str):
            name, params = raw, {}
        elif isinstance(raw, Mapping) and "name" in raw:
            name, params = str(raw["name"]), {k: v for k, v in raw.items() if k != "name"}
        else:
            self.error("method must be a name or a mapping with 'name'", field="method", row=line, value=raw,
                       expected=f"one of {sorted(mcda.METHODS)}")
            return MethodSpec()
        name = name.strip().lower()
        if name not in mcda.METHODS:
            self.unknown("MCDA method", name, sorted(mcda.METHODS), field="method.name", row=line)
            return MethodSpec()
        resolved = {}
        loose = self.loose_criteria
        for key, value in params.items():
            if isinstance(value, Mapping):  # per criterion: {criterion: value}, in matrix order
                unknown = [c for c in value if c not in loose and c not in matrix_ids]
                if not self.criteria_complete:
                    unknown = []
                for c in unknown:
                    self.unknown("criterion in method parameter", c, matrix_ids, field=f"method.{key}", row=line,
                                 ref="criterion")
                typos = {closest(c, matrix_ids) for c in unknown}
                missing = [c for c in matrix_ids if c not in value and c not in loose and c not in typos]
                if missing:
                    self.error("a per-criterion parameter needs a value for every matrix criterion",
                               field=f"method.{key}", row=line, value=missing,
                               expected=f"values for {list(matrix_ids)} or one number for all")
                if unknown or missing or any(c not in value for c in matrix_ids):
                    continue
                value = [value[c] for c in matrix_ids]
            resolved[key] = value
        # with an invalid criterion entry the number of matrix criteria is not known
        n_criteria = len(matrix_ids) if self.criteria_complete and not loose else None
        try:
            mcda.check_params(name, resolved, n_criteria=n_criteria)
        except MethodError as err:
            self.error(str(err), field="method", row=line)
        return MethodSpec(name, FrozenMap(resolved))

    # -- portfolio: budget, objective, rules ---------------------------------------------------
    def _money_value(self, value: object, field: str, row: int | None) -> float | None:
        number = self._number(value, field=field, row=row)
        if number is not None and number < 0:
            self.error("a budget cannot be negative", field=field, row=row, value=value, expected="euros >= 0")
            return None
        return number

    def _year_amounts(self, raw: object, field: str, row: int | None, appraisal: AppraisalSettings | None,
                      ) -> FrozenMap:
        if not isinstance(raw, dict):
            self.error("expected a mapping year: euros", field=field, row=row, value=raw,
                       expected="e.g. {2026: 2000000, 2027: 2500000}")
            return FrozenMap()
        lo, hi = (appraisal.start_year, appraisal.start_year + appraisal.horizon - 1) if appraisal else (1900, 2200)
        out = {}
        for key, value in raw.items():
            line = raw.lines.get(key, row) if isinstance(raw, LineDict) else row
            year = self._whole(key, minimum=lo, maximum=hi, expected=f"a year from {lo} to {hi}",
                               field=f"{field}.{key}", row=line)
            amount = self._money_value(value, f"{field}.{key}", line)
            if year is not None and amount is not None:
                out[year] = amount
        return FrozenMap(dict(sorted(out.items())))

    def _budget(self, raw: object, doc: LineDict, appraisal: AppraisalSettings | None) -> Budget:
        row = doc.lines.get("budget")
        if not isinstance(raw, LineDict):
            self.error("expected a mapping", field="budget", row=row, value=raw,
                       expected="total, per_year, carry_over, per_payer, running_cost_cap")
            return Budget()
        self._keys(raw, schema.BUDGET_FIELDS, "budget")
        line = raw.lines.get
        total = self._money_value(raw["total"], "budget.total", line("total")) if "total" in raw else None
        per_year = (self._year_amounts(raw["per_year"], "budget.per_year", line("per_year"), appraisal)
                    if "per_year" in raw else FrozenMap())
        carry = raw.get("carry_over", False)
        if not isinstance(carry, bool):
            self.error("expected true or false", field="budget.carry_over", row=line("carry_over"), value=carry)
            carry = False
        per_payer = {}
        payers = raw.get("per_payer", {})
        ids = self.stakeholder_ids + [SOCIETY_ID]  # every stakeholder read, valid or not
        if not isinstance(payers, dict):
            self.error("expected a mapping stakeholder: euros", field="budget.per_payer", row=line("per_payer"),
                       value=payers)
            payers = {}
        for key, value in payers.items():
            where = payers.lines.get(key) if isinstance(payers, LineDict) else line("per_payer")
            if not self._actor_known(key, ids):
                self.unknown("stakeholder", key, ids, field="budget.per_payer", row=where, ref="stakeholder")
                continue
            amount = self._money_value(value, f"budget.per_payer.{key}", where)
            if amount is not None:
                per_payer[key] = amount
        cap = raw.get("running_cost_cap")
        if cap is None:
            caps = FrozenMap()
        elif isinstance(cap, dict):
            caps = self._year_amounts(cap, "budget.running_cost_cap", line("running_cost_cap"), appraisal)
        else:
            amount = self._money_value(cap, "budget.running_cost_cap", line("running_cost_cap"))
            years = range(appraisal.start_year, appraisal.start_year + appraisal.horizon) if appraisal else ()
            caps = FrozenMap({y: amount for y in years}) if amount is not None else FrozenMap()
        budget = Budget(total, per_year, carry, FrozenMap(per_payer), caps)
        if budget.empty:
            self.warn("the budget sets no limit", field="budget", row=row,
                      expected="a total, per_year, per_payer or running_cost_cap")
        return budget

    def _measure_ref(self, value: object, ids: Sequence[str] | None, field: str, row: int | None
                     ) -> tuple[str, ...] | None:
        """Measure ids named in a rule; ``ids`` is every id in the table (None: not all known)."""
        values = value if isinstance(value, list) else [value]
        out = []
        for v in values:
            if not self._measure_known(v):
                self.unknown("measure", v, ids, field=field, row=row, ref="measure")
                return None
            out.append(str(v))
        return tuple(out)

    def _rule(self, raw: object, row: int | None, ids: Sequence[str] | None, themes: Sequence[str] | None
              ) -> Rule | None:
        kinds = [f.name for f in schema.RULE_FIELDS]
        if not isinstance(raw, LineDict):
            self.error("a rule is a mapping such as {mandatory: M01}", field="rules", row=row, value=raw,
                       expected=f"one of {kinds}")
            return None
        named = [k for k in raw if k in kinds]
        if len(named) != 1:
            key = next(iter(raw), None)
            self.error("a rule names exactly one kind", field="rules", row=row, value=list(raw),
                       expected=f"one of {kinds}", suggestion=closest(key, kinds) if key is not None else None)
            return None
        kind = named[0]
        extra = {"requires": ("on", "lag"), "theme": ("min_count", "max_count", "min_spend", "max_spend"),
                 "synergy": ("value", "cost_saving")}.get(kind, ())
        for key in raw:
            if key != kind and key not in extra:
                self.error(f"unknown key in a '{kind}' rule", field=f"rules.{kind}", row=row, value=key,
                           expected=f"{list(extra) or 'no other keys'}", suggestion=closest(key, extra))
                return None
        field = f"rules.{kind}"
        params: dict[str, object] = {}
        if kind in ("mandatory", "forbidden"):
            measures = self._measure_ref(raw[kind], ids, field, row)
        elif kind == "exclusive":
            if not isinstance(raw[kind], list) or len(raw[kind]) < 2:
                self.error("an exclusive group lists at least two measures", field=field, row=row, value=raw[kind],
                           expected="e.g. [M05a, M05b]")
                return None
            measures = self._measure_ref(raw[kind], ids, field, row)
        elif kind == "requires":
            if "on" not in raw:
                self.error("'requires' needs 'on': the measure(s) it depends on", field=field, row=row,
                           expected="e.g. {requires: M08, on: [M05a, M05b]}")
                return None
            first = self._measure_ref(raw[kind], ids, field, row)
            on = self._measure_ref(raw["on"], ids, f"{field}.on", row)
            if first is None or on is None:
                return None
            if len(first) != 1 or first[0] in on:
                self.error("'requires' names one measure that needs others", field=field, row=row,
                           value=raw[kind], expected="one measure id, not among 'on'")
                return None
            measures = first + on
            if "lag" in raw:  # no lag: no timing; lag 0: started no later than the measure
                lag = self._whole(raw["lag"], minimum=0, maximum=200, expected="whole years >= 0",
                                  field=f"{field}.lag", row=row)
                if lag is None:
                    return None
                params["lag"] = lag
        elif kind == "theme":
            theme = str(raw[kind])
            if themes is not None and theme not in themes:
                self.unknown("theme", theme, themes, field=field, row=row)
                return None
            params["name"] = theme
            for key in extra:
                if key in raw:
                    amount = (self._whole(raw[key], minimum=0, expected="a whole number >= 0", field=f"{field}.{key}",
                                          row=row) if key.endswith("count")
                              else self._money_value(raw[key], f"{field}.{key}", row))
                    if amount is None:
                        return None
                    params[key] = amount
            if len(params) == 1:
                self.error("a theme rule needs a limit", field=field, row=row, expected=str(list(extra)))
                return None
            measures = ()
        else:  # synergy
            pair = raw[kind]
            if not isinstance(pair, list) or len(pair) != 2 or pair[0] == pair[1]:
                self.error("a synergy names two different measures", field=field, row=row, value=pair,
                           expected="e.g. [M01, M02]")
                return None
            measures = self._measure_ref(pair, ids, field, row)
            for key in extra:
                if key in raw:
                    number = self._number(raw[key], field=f"{field}.{key}", row=row)
                    if number is None:
                        return None
                    params[key] = number
            if not params:
                self.error("a synergy needs 'value' and/or 'cost_saving'", field=field, row=row,
                           expected="euros, e.g. cost_saving: 150000")
                return None
        if measures is None:
            return None
        return Rule(kind, measures, FrozenMap(params), row)

    def _portfolio(self, doc: LineDict, appraisal: AppraisalSettings | None) -> PortfolioSettings | None:
        has_rules = "rules" in doc
        budget = None
        if "budget" in doc:
            budget = self._budget(doc["budget"], doc, appraisal)
        elif not has_rules and "portfolio" not in doc:
            return None
        else:  # checked and kept: they apply when a budget is given on the command line or in a batch
            for key in ("rules", "portfolio"):
                if key in doc:
                    self.warn(f"'{key}' applies only with a budget; no portfolio is selected unless one is "
                              "given (--budget, --vary budget)", field=key, row=doc.lines.get(key),
                              expected="a 'budget' section")
        settings = doc.get("portfolio", {})
        objective, weights, solver, time_limit = "value+npv", "group", None, PortfolioSettings.time_limit
        if not isinstance(settings, dict):
            self.error("expected a mapping", field="portfolio", row=doc.lines.get("portfolio"), value=settings)
        else:
            if isinstance(settings, LineDict):
                self._keys(settings, schema.PORTFOLIO_FIELDS, "portfolio")
                objective = self._objective(settings)
                if "solver" in settings:
                    solver = self._choice(settings, schema.PORTFOLIO_FIELDS[2])
                if "time_limit" in settings:
                    time_limit = self._time_limit(settings)
            weights = str(settings.get("weights", "group"))
            valid = ["group"] + self.stakeholder_ids
            if not self._actor_known(weights, valid):
                self.unknown("weights for the portfolio", weights, valid, field="portfolio.weights", ref="stakeholder",
                             row=settings.lines.get("weights") if isinstance(settings, LineDict) else None)
        rules: list[Rule] = []
        raw_rules = doc.get("rules", []) if has_rules else []
        if not isinstance(raw_rules, list):
            self.error("rules must be a list", field="rules", row=doc.lines.get("rules"), value=raw_rules)
            raw_rules = []
        # references are checked against every measure in the table, rows with errors included
        ids = self.measure_ids
        themes = sorted(self.themes) if self.themes is not None else None
        for k, raw in enumerate(raw_rules):
            line = raw_rules.lines[k] if isinstance(raw_rules, LineList) else doc.lines.get("rules")
            rule = self._rule(raw, line, ids, themes)
            if rule is not None:
                rules.append(rule)
        self._prerequisite_cycles(rules)
        return PortfolioSettings(budget, tuple(rules), objective, weights, solver, time_limit)

    def _time_limit(self, settings: LineDict) -> float | None:
        """``portfolio.time_limit``: seconds > 0, or 'none' (or null) for no limit."""
        spec = schema.PORTFOLIO_FIELDS[3]
        raw, where = settings["time_limit"], {"field": "portfolio.time_limit", "row": settings.lines.get("time_limit")}
        if raw is None or isinstance(raw, str) and raw.strip().lower() == "none":
            return None
        if isinstance(raw, str):
            try:
                float(raw)
            except ValueError:
                self.error("not a number", value=raw, expected=spec.expected,
                           suggestion=closest(raw.strip().lower(), ["none"]), **where)
                return spec.default
        seconds = self._number(raw, **where)
        if seconds is not None and seconds <= 0:
            self.error("must be positive", value=raw, expected=spec.expected, **where)
        return seconds if seconds is not None and seconds > 0 else spec.default

    def _prerequisite_cycles(self, rules: list[Rule]) -> None:
        """Warn about a cycle of prerequisites (A needs B, B needs A): its measures can only be chosen
        together, and when a rule in it has a lag none of them can be chosen. Only rules naming one
        prerequisite count (with several, any one suffices, so no cycle is forced)."""
        edges: dict[str, list[Rule]] = {}
        for r in rules:
            if r.kind == "requires" and len(r.measures) == 2:
                edges.setdefault(r.measures[0], []).append(r)
        seen: set[frozenset] = set()

        def walk(start: str, node: str, path: list[Rule]) -> None:
            for r in edges.get(node, []):
                nxt = r.measures[1]
                if nxt == start:
                    cycle = path + [r]
                    key = frozenset(id(x) for x in cycle)
                    if key not in seen:
                        seen.add(key)
                        chain = " -> ".join([c.measures[0] for c in cycle] + [start])
                        lagged = any(c.params.get("lag") for c in cycle)
                        self.warn(f"prerequisites form a cycle: {chain}; "
                                  + ("with a lag in it none of these measures can be chosen" if lagged else
                                     "these measures can only be chosen together"),
                                  field="rules.requires", row=cycle[0].line, value=chain,
                                  expected="prerequisites that do not lead back to the measure")
                elif all(nxt != c.measures[0] for c in path) and len(path) < 50:
                    walk(start, nxt, path + [r])

        for start in sorted(edges):
            walk(start, start, [])

    def _sensitivity(self, doc: LineDict, matrix_ids: tuple[str, ...]) -> SensitivitySettings:
        raw = doc.get("sensitivity")
        if raw is None:
            return SensitivitySettings()
        row = doc.lines.get("sensitivity")
        if not isinstance(raw, LineDict):
            self.error("expected a mapping", field="sensitivity", row=row, value=raw,
                       expected=", ".join(f.name for f in schema.SENSITIVITY_FIELDS))
            return SensitivitySettings()
        self._keys(raw, schema.SENSITIVITY_FIELDS, "sensitivity")
        line = raw.lines.get
        values: dict[str, object] = {}
        for key in ("enabled", "effects"):
            if key in raw:
                if not isinstance(raw[key], bool):
                    self.error("expected true or false", field=f"sensitivity.{key}", row=line(key), value=raw[key])
                else:
                    values[key] = raw[key]
        if "samples" in raw:
            samples = self._int(raw, "samples", minimum=100, maximum=10_000_000,
                                expected="a whole number from 100 to 10,000,000")
            if samples is not None:
                values["samples"] = samples
        if "portfolio_samples" in raw:
            samples = self._int(raw, "portfolio_samples", minimum=10, maximum=100_000,
                                expected="a whole number from 10 to 100,000")
            if samples is not None:
                values["portfolio_samples"] = samples
        if "weights" in raw:
            values["weights"] = self._choice(raw, next(f for f in schema.SENSITIVITY_FIELDS if f.name == "weights"))
        if "concentration" in raw:
            c = self._number(raw["concentration"], field="sensitivity.concentration", row=line("concentration"))
            if c is not None and c <= 0:
                self.error("must be positive", field="sensitivity.concentration", row=line("concentration"), value=c,
                           expected="a number > 0")
            elif c is not None:
                values["concentration"] = c
        if "cost_range" in raw:
            pair = raw["cost_range"]
            nums = [self._number(v, field="sensitivity.cost_range", row=line("cost_range")) for v in pair] \
                if isinstance(pair, list) and len(pair) == 2 else None
            if nums is None or None in nums or not 0 <= nums[0] <= 1 <= nums[1]:
                self.error("a cost range is [low, high] with low <= 1 <= high", field="sensitivity.cost_range",
                           row=line("cost_range"), value=pair, expected="e.g. [0.8, 1.3]")
            else:
                values["cost_range"] = (nums[0], nums[1])
        if "measure" in raw:
            ids = self.measure_ids
            if not self._measure_known(raw["measure"]):
                self.unknown("measure", raw["measure"], ids, field="sensitivity.measure", row=line("measure"),
                             ref="measure")
            else:
                values["measure"] = str(raw["measure"])
        if "effects_distribution" in raw:
            values["effects_distribution"] = self._choice(
                raw, next(f for f in schema.SENSITIVITY_FIELDS if f.name == "effects_distribution"))
        values.update(self._weight_region(raw, matrix_ids))
        if values.get("weights") == "constrained" and not any(k in raw for k in ("lower", "upper", "order")):
            self.error("'constrained' needs lower, upper or order", field="sensitivity.weights", row=line("weights"),
                       value="constrained", expected="e.g. lower: {npv: 0.2} or order: [npv, leefbaarheid]")
        elif values.get("weights") != "constrained" and any(k in raw for k in ("lower", "upper", "order")):
            self.warn("lower, upper and order are used only with weights: constrained", field="sensitivity.weights",
                         row=line("weights") or row, value=values.get("weights", "stakeholder-hull"),
                         expected="weights: constrained")
        return SensitivitySettings(**values)

    def _weight_region(self, raw: LineDict, matrix_ids: tuple[str, ...]) -> dict[str, object]:
        """``lower``/``upper`` (criterion: weight in [0, 1]) and ``order`` (criteria, most important
        first) of ``weights: constrained``, over the matrix criteria (a monetised criterion is in 'npv')."""
        out: dict[str, object] = {}
        line = raw.lines.get
        for key in ("lower", "upper"):
            if key not in raw:
                continue
            bounds = raw[key]
            if not isinstance(bounds, dict):
                self.error("expected a mapping criterion: weight", field=f"sensitivity.{key}", row=line(key),
                           value=bounds, expected="e.g. {npv: 0.2, leefbaarheid: 0.1}")
                continue
            ok = {}
            for cid, v in bounds.items():
                where = dict(field=f"sensitivity.{key}.{cid}", row=line(key))
                if cid not in matrix_ids:
                    self.unknown("criterion", cid, list(matrix_ids), ref="criterion", **where)
                    continue
                number = self._number(v, **where)
                if number is not None and not 0.0 <= number <= 1.0:
                    self.error("a weight bound lies between 0 and 1", value=v, expected="a number from 0 to 1", **where)
                elif number is not None:
                    ok[str(cid)] = number
            out[key] = FrozenMap(ok)
        if "order" in raw:
            order = raw["order"]
            if not isinstance(order, list) or len(order) < 2:
                self.error("expected a list of two or more criteria, most important first", field="sensitivity.order",
                           row=line("order"), value=order, expected="e.g. [npv, leefbaarheid, hinder]")
            else:
                known = [c for c in order if c in matrix_ids]
                for c in order:
                    if c not in matrix_ids:
                        self.unknown("criterion", c, list(matrix_ids), field="sensitivity.order", row=line("order"),
                                     ref="criterion")
                if len(set(known)) != len(known):
                    self.error("a criterion appears twice in the order", field="sensitivity.order", row=line("order"),
                               value=order, expected="each criterion once")
                elif len(known) == len(order):
                    out["order"] = tuple(str(c) for c in order)
        lo, up = out.get("lower", {}), out.get("upper", {})
        if sum(lo.values()) > 1.0 + 1e-9 or any(lo.get(c, 0.0) > up[c] for c in up):
            self.error("the weight bounds leave no weights: lower bounds sum above 1 or exceed an upper bound",
                       field="sensitivity.lower", row=line("lower") or line("upper"), value=dict(lo),
                       expected="lower bounds summing to at most 1, each at most its upper bound")
        return out

    def _file(self, rel: object, field: str, line: int | None, expected: str, example: str
              ) -> tuple[Path, str] | None:
        """A file named in the scenario, confined to the scenario's folder and added to the input hash."""
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

    # -- the opportunity map and monitoring -----------------------------------------------------
    def _geometries(self, rel: object, field: str, line: int | None, crs: str, *, allowed=tuple(geo.GEOMETRY_TYPES)
                    ) -> list[tuple[dict, object, int | None, str]] | None:
        """(properties, RD New geometry, line, file) of every valid feature of a GeoJSON file;
        invalid features are reported with their line; None when the file cannot be read."""
        found = self._file(rel, field, line, "a .geojson file next to the scenario", "places.geojson")
        if found is None:
            return None
        target, display = found
        features, declared, issues = read_features(target, display)
        self.issues += issues
        if declared is not None:
            crs_of_file = geo.normalise_crs(declared)
            if crs_of_file is None:
                self.error("unsupported reference system", file=display, field="crs", value=declared,
                           expected="EPSG:28992 (RD New) or EPSG:4326 (WGS84); reproject the file in QGIS")
                return None
            crs = crs_of_file
        out = []
        for f in features:
            geometry, problem, expected = geo.parse_geometry(f.geometry, crs, allowed=allowed)
            if geometry is None:
                self.error(problem, file=display, row=f.line, field=f"features[{f.index}].geometry",
                           value=f.properties.get("id"), expected=expected)
                continue
            out.append((f.properties, geometry, f.line, display, f.index))
        return out

    def _map(self, doc: LineDict, measures: list[Measure]) -> MapSettings | None:
        raw = doc.get("map")
        ids = [m.id for m in measures]
        read_ids = self.measure_ids  # every id in the table, rows with errors included (None: unknown)
        locations: dict[str, list] = {}
        for mid, (crs, xy, row) in self.points.items():
            geometry, problem, expected = geo.parse_geometry({"type": "Point", "coordinates": xy}, crs)
            if geometry is None:
                self.error(problem, file=self._table_file, sheet=self._table_sheet, row=row,
                           field="x/y" if crs == geo.RD_NEW else "lon/lat", value=xy, expected=expected)
            else:
                locations[mid] = [geometry]
        if raw is None:
            return MapSettings(FrozenMap({m: tuple(g) for m, g in locations.items()})) if locations else None
        row = doc.lines.get("map")
        if not isinstance(raw, LineDict):
            self.error("expected a mapping", field="map", row=row, value=raw,
                       expected=", ".join(f.name for f in schema.MAP_FIELDS))
            return None
        self._keys(raw, schema.MAP_FIELDS, "map")
        line = raw.lines.get
        crs = self._choice(raw, schema.MAP_FIELDS[3]) if "crs" in raw else geo.WGS84
        crs = geo.normalise_crs(crs) or geo.WGS84
        illustrative = raw.get("illustrative", False)
        if not isinstance(illustrative, bool):
            self.error("expected true or false", field="map.illustrative", row=line("illustrative"), value=illustrative)
            illustrative = False
        colour = raw.get("colour", list(schema.MAP_FIELDS[5].choices))
        colour = [colour] if isinstance(colour, str) else colour
        if not isinstance(colour, list) or not colour or any(c not in schema.MAP_FIELDS[5].choices for c in colour):
            self.error("not a valid choice", field="map.colour", row=line("colour"), value=colour,
                       expected=schema.MAP_FIELDS[5].expected)
            colour = list(schema.MAP_FIELDS[5].choices)
        errors_before = sum(i.severity == "error" for i in self.issues)
        if "locations" in raw:
            for props, geometry, fline, display, k in self._geometries(raw["locations"], "map.locations",
                                                                      line("locations"), crs) or []:
                mid = props.get("id", props.get("measure"))
                where = dict(file=display, row=fline, field=f"features[{k}].properties.id")
                if mid is None:
                    self.error("feature without a measure id", expected="properties.id naming a measure", **where)
                elif not self._measure_known(mid):
                    self.unknown("measure id", str(mid), read_ids, ref="measure", **where)
                elif str(mid) in self.points:
                    self.error("measure has a location both in the measures table and in this file", value=mid,
                               expected="one of the two", **where)
                else:
                    locations.setdefault(str(mid), []).append(geometry)
        areas = self._areas(raw, crs)
        layers = self._layers(raw, crs)
        if not locations:
            if sum(i.severity == "error" for i in self.issues) == errors_before:
                self.error("the map has no measure locations", field="map", row=row,
                           expected="map.locations (a GeoJSON file) or x/y or lon/lat columns in the measures table")
            return None
        ordered = {m: tuple(locations[m]) for m in ids if m in locations}
        return MapSettings(FrozenMap(ordered), tuple(areas), tuple(layers), illustrative, tuple(colour), crs)

    def _areas(self, raw: LineDict, crs: str) -> list[Area]:
        if "areas" not in raw:
            return []
        areas, seen = [], set()
        for props, geometry, fline, display, k in self._geometries(
                raw["areas"], "map.areas", raw.lines.get("areas"), crs, allowed=("Polygon", "MultiPolygon")) or []:
            aid = props.get("id")
            if aid is None or not _ID.match(str(aid)) or str(aid) in seen:
                self.error("missing, invalid or duplicate area id", file=display, row=fline,
                           field=f"features[{k}].properties.id", value=aid, expected="a unique identifier")
                continue
            seen.add(str(aid))
            areas.append(Area(str(aid), str(props.get("name") or aid), geometry))
        return areas

    def _layers(self, raw: LineDict, crs: str) -> list[Layer]:
        items = raw.get("layers", [])
        if not isinstance(items, list):
            self.error("expected a list of layers", field="map.layers", row=raw.lines.get("layers"), value=items,
                       expected="e.g. [{file: streets.geojson, kind: street}]")
            return []
        layers = []
        for k, item in enumerate(items):
            line = items.lines[k] if isinstance(items, LineList) else raw.lines.get("layers")
            if not isinstance(item, LineDict):
                self.error("expected a mapping", field=f"map.layers[{k}]", row=line, value=item,
                           expected="{file: ..., kind: ..., name: ...}")
                continue
            self._keys(item, schema.LAYER_FIELDS, f"map.layers[{k}]")
            kind = self._choice(item, schema.LAYER_FIELDS[1])
            found = self._geometries(item.get("file"), f"map.layers[{k}].file", line, crs)
            if found is not None:
                layers.append(Layer(kind, self._text(item, "name") or kind, tuple(g for _, g, *_ in found)))
        return layers

    def _monitoring(self, doc: LineDict, criteria: list[Criterion], portfolio: PortfolioSettings | None
                    ) -> tuple[Ambition, ...]:
        items = doc.get("monitoring")
        if items is None:
            return ()
        if not isinstance(items, list):
            self.error("expected a list of ambitions", field="monitoring", row=doc.lines.get("monitoring"),
                       value=items, expected="e.g. [{id: co2, name: CO2-reductie, criterion: co2, realised: {2026: 120}}]")
            return ()
        crit = {c.id: c for c in criteria}
        out, seen = [], set()
        loose = self.loose_criteria
        for k, item in enumerate(items):
            line = items.lines[k] if isinstance(items, LineList) else doc.lines.get("monitoring")
            if not isinstance(item, LineDict):
                self.error("expected a mapping", field=f"monitoring[{k}]", row=line, value=item,
                           expected=", ".join(f.name for f in schema.AMBITION_FIELDS))
                continue
            self._keys(item, schema.AMBITION_FIELDS, f"monitoring[{k}]")
            aid = self._identifier(item, "id", "monitoring.id", seen)
            name = self._text(item, "name", required=True)
            cid = item.get("criterion")
            if cid is not None and str(cid) not in crit:
                if self.criteria_complete and str(cid) not in loose:
                    self.unknown("criterion", cid, list(crit), field="monitoring.criterion",
                                 row=item.lines.get("criterion"), ref="criterion")
                cid = None
            elif cid is not None and (portfolio is None or portfolio.budget is None):
                self.error("a plan derived from a criterion needs the portfolio", field="monitoring.criterion",
                           row=item.lines.get("criterion"), value=cid,
                           expected="a 'budget' section, or 'planned' values instead of 'criterion'")
                cid = None
            if ("criterion" in item) == ("planned" in item):
                self.error("give either 'criterion' or 'planned'", field=f"monitoring[{k}]", row=line,
                           expected="'criterion' (the plan follows the portfolio) or 'planned' (year: value)")
            planned = self._year_values(item.get("planned", {}), "monitoring.planned", item.lines.get("planned"))
            realised = self._year_values(item.get("realised", {}), "monitoring.realised", item.lines.get("realised"))
            unit = self._text(item, "unit") or (crit[str(cid)].unit if cid is not None else "")
            if aid is not None and name is not None:
                out.append(Ambition(aid, name, unit, str(cid) if cid is not None else None, planned, realised, line))
        return tuple(out)

    def _year_values(self, raw: object, field: str, row: int | None) -> FrozenMap:
        if not isinstance(raw, dict):
            self.error("expected a mapping year: value", field=field, row=row, value=raw, expected="e.g. {2026: 120}")
            return FrozenMap()
        out = {}
        for key, value in raw.items():
            line = raw.lines.get(key, row) if isinstance(raw, LineDict) else row
            year = self._whole(key, minimum=1900, maximum=2200, expected="a year", field=f"{field}.{key}", row=line)
            number = self._number(value, field=f"{field}.{key}", row=line)
            if year is not None and number is not None:
                out[year] = number
        return FrozenMap(dict(sorted(out.items())))

    # -- measures table ------------------------------------------------------------------------
    def _measures(self, doc: LineDict, criteria: list[Criterion], stakeholders: list[str],
                  appraisal: AppraisalSettings | None) -> list[Measure]:
        rel = doc.get("measures")
        line = doc.lines.get("measures")
        if rel is None:
            return []
        if not isinstance(rel, str) or not rel.strip():
            self.error("measures must name a table file", field="measures", row=line, value=rel,
                       expected="a .csv or .xlsx file next to the scenario")
            return []
        found = self._file(rel, "measures", line, "a .csv or .xlsx file next to the scenario", "measures.csv")
        if found is None:
            return []
        target, display = found
        table, issues = read_table(target, display, sheet=doc.get("measures_sheet"))
        longer = [i for i in issues if i.message == "more cells than header columns"]
        if table is not None and len(table.rows) > 1 and len(longer) == len(table.rows):
            # every row longer than the header: one name missing from the header, not a problem per row
            issues = [i for i in issues if i not in longer] + [InputIssue(
                file=table.file, sheet=table.sheet, row=1, message="every row has more cells than the header "
                "has column names; a column name is missing from the header",
                expected=f"a name in row 1 above every column (the header has {len(table.columns)})")]
        self.issues += issues
        if table is None:
            return []
        self._table_file, self._table_sheet = table.file, table.sheet
        return _MeasureRows(self, table, criteria, stakeholders, appraisal).parse()


class _Where:
    """Location and valid criteria of one stakeholder's elicitation, for its messages.

    ``failed`` tells whether any error was found since it was made. A criterion named under an
    unknown key that is a typo of a missing one is reported once (the typo, with the name it
    was meant to be), not again as missing; so is a criterion whose entry in ``criteria`` is
    itself invalid (``reader.loose_criteria``).
    """

    def __init__(self, reader: _Reader, field: str, row: int | None, matrix_ids: tuple[str, ...],
                 monetised: dict[str, Criterion]) -> None:
        self.reader, self.field, self.row, self.matrix_ids, self.monetised = reader, field, row, matrix_ids, monetised
        self.start = reader.error_count()
        self.suggested: set[str] = set()

    @property
    def failed(self) -> bool:
        return self.reader.error_count() > self.start

    def reset(self) -> None:
        """Start a new mapping of criteria (swing ranges after swing points)."""
        self.suggested = set()

    def error(self, message: str, **kw: object) -> None:
        kw.setdefault("row", self.row)
        self.reader.error(message, field=self.field, **kw)

    def criterion(self, key: object, row: int | None) -> bool:
        if key in self.matrix_ids:
            return True
        reader = self.reader
        if key in reader.loose_criteria:
            return False  # its entry in 'criteria' is invalid and reported there
        if key in self.monetised:
            c = self.monetised[key]
            reader.error(f"'{key}' is monetised (shadow price {c.shadow_price:g} per {c.unit or 'unit'}), "
                         "so it is part of 'npv'", field=self.field, row=row, value=key,
                         expected=f"weigh 'npv' instead; matrix criteria are {list(self.matrix_ids)}")
        elif reader.criteria_complete:  # else the key may name a criterion without an id
            suggestion = closest(key, self.matrix_ids)
            if suggestion is not None:
                self.suggested.add(suggestion)
            reader.unknown("criterion", key, self.matrix_ids, field=self.field, row=row, ref="criterion")
        return False

    def missing(self, given: Mapping | set) -> list[str]:
        """Matrix criteria not given, leaving out those an unknown key was a typo of and those
        whose own entry is invalid."""
        return [c for c in self.matrix_ids
                if c not in given and c not in self.suggested and c not in self.reader.loose_criteria]

    def complete(self, given: Mapping | set, row: int | None) -> None:
        missing = self.missing(given)
        if missing:
            self.reader.error("criteria missing", field=self.field, row=row, value=missing,
                              expected=f"every matrix criterion: {list(self.matrix_ids)}")


class _MeasureRows:
    """Parses the measures table row by row, locating every issue by row and column."""

    def __init__(self, reader: _Reader, table: Table, criteria: list[Criterion], stakeholders: list[str],
                 appraisal: AppraisalSettings | None) -> None:
        self.r, self.table, self.criteria, self.stakeholders, self.appraisal = (
            reader, table, criteria, stakeholders, appraisal)

    def issue(self, kind: str, message: str, row: int | None, column: str | None, **kw: object) -> None:
        getattr(self.r, {"warning": "warn"}.get(kind, kind))(message, file=self.table.file, sheet=self.table.sheet, row=row, field=column, **kw)

    def parse(self) -> list[Measure]:
        """Every row is read and checked, also when a column is missing or misspelt (only the checks
        that need that column are skipped) and also when a row has errors (its id and theme are
        still recorded, so references to it are not reported as unknown)."""
        base = [f.name for f in schema.MEASURE_COLUMNS if not f.name.startswith("<")]
        crit_ids = [c.id for c in self.criteria]
        valid = base + crit_ids
        columns = self.table.columns
        required = [f.name for f in schema.MEASURE_COLUMNS if f.required and not f.name.startswith("<")] + crit_ids
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
                self.issue("error", f"unknown column; the required {kind} '{hint}' is missing", 1, col, value=col,
                           expected=f"one of {valid}", suggestion=hint)
            else:
                self.issue("error", "unknown column", 1, col, value=col, expected=f"one of {valid}", suggestion=hint)
                if hint not in base:  # perhaps the column of a criterion whose id is invalid
                    self.r._references.append((self.r.issues[-1], "criterion", col, valid))
        for col in missing:
            if col in explained:
                continue
            kind = "criterion column" if col in crit_ids else "column"
            self.issue("error", f"missing {kind}", 1, col,
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
        measures, seen = [], set()
        for row, cells in self.table.rows:
            m = self._row(row, cells, seen)
            if m is not None:
                measures.append(m)
        self.r.measure_ids = self.ids if self.ids_complete else None
        self.r.themes = self.themes if self.themes_complete else None
        self._spread()
        return measures

    def _cell(self, cells: dict, column: str) -> object:
        value = cells.get(column)
        return None if isinstance(value, str) and not value.strip() else value

    def _row(self, row: int, cells: dict, seen: set[str]) -> Measure | None:
        """The measure in one row, or None when the row has an error; every cell is checked."""
        ok = True
        where = dict(file=self.table.file, sheet=self.table.sheet, row=row)
        skip = self.skip

        def fail() -> None:
            nonlocal ok
            ok = False

        mid = None
        if "id" not in skip:
            raw_id = self._cell(cells, "id")
            mid = str(raw_id).strip() if raw_id is not None else None
            if mid is None or not _ID.match(mid):
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
        lifetime = None
        if "lifetime" not in skip:
            lifetime = self._cell(cells, "lifetime")
            lifetime = self.r._whole(lifetime, minimum=1, maximum=1000, expected="a whole number of years >= 1",
                                     field="lifetime", **where) if lifetime is not None else None
            if lifetime is None and self._cell(cells, "lifetime") is None:
                self.issue("error", "empty cell", row, "lifetime", expected="a whole number of years >= 1")
        if lifetime is None:
            fail()
        actors = tuple(self.stakeholders) + (SOCIETY_ID,)
        payers = None
        if "payer" not in skip:
            payers = self.r._shares(self._cell(cells, "payer"), actors, what="payer", field="payer", **where)
            if payers is None and self._cell(cells, "payer") is None:
                self.issue("error", "empty cell", row, "payer",
                           expected="stakeholder ids with shares summing to 1, e.g. corporatie:0.6;gemeente:0.4")
        if payers is None:
            fail()
        receivers_all = self.r._shares(self._cell(cells, "receivers"), actors, what="receivers",
                                       field="receivers", **where)
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
                if self.values[c.id] is not None:
                    self.values[c.id].append(effect.value)
        point = self._point(cells, row)
        if point is False:
            fail()
        elif point and mid is not None:
            self.r.points[mid] = point
        if not ok:
            return None
        receivers = FrozenMap({c.id: receivers_all for c in self.criteria if c.monetised}) if receivers_all else FrozenMap()
        measure = Measure(id=mid, name=str(name).strip(), theme=str(theme).strip(), start_year=start,
                          investment=investment, running_cost=running, lifetime=lifetime, payers=payers,
                          effects=FrozenMap(effects), receivers=receivers, transfers=transfers, row=row,
                          start_years=start_years)
        self._horizon(measure)
        return measure

    def _point(self, cells: dict, row: int) -> tuple[str, list[float], int] | None | bool:
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
        values = [self.r._number(given[c], file=self.table.file, sheet=self.table.sheet, row=row, field=c) for c in cols]
        return False if None in values else (crs, values, row)

    def _year(self, cells: dict, row: int, column: str) -> int | None:
        value = self._cell(cells, column)
        if value is None:
            self.issue("error", "empty cell", row, column, expected="a year")
            return None
        a = self.appraisal
        lo, hi = (a.start_year, a.start_year + a.horizon - 1) if a else (1900, 2200)
        return self.r._whole(value, minimum=lo, maximum=hi, expected=f"a year from {lo} to {hi} (the appraisal period)",
                             file=self.table.file, sheet=self.table.sheet, row=row, field=column)

    def _start_years(self, value: object, row: int, start: int | None) -> tuple[int, ...] | None:
        if value is None:
            return ()
        a = self.appraisal
        lo, hi = (a.start_year, a.start_year + a.horizon - 1) if a else (1900, 2200)
        years = []
        for part in filter(None, re.split(r"\s*[;,|]\s*", str(value).strip())):
            year = self.r._whole(part, minimum=lo, maximum=hi, expected=f"years from {lo} to {hi}, e.g. 2026;2027",
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
        number = self.r._number(value, file=self.table.file, sheet=self.table.sheet, row=row, field=column)
        if number is not None and number < 0:
            self.issue("error", "negative amount", row, column, value=value, expected="euros >= 0")
            return None
        return number

    def _investment(self, value: object, row: int, start: int | None) -> FrozenMap | None:
        if isinstance(value, str) and ":" in value:
            split = {}
            for entry in filter(None, re.split(r"\s*[;,]\s*", value.strip())):
                year, _, amount = entry.partition(":")
                y = self.r._whole(year, minimum=1900, maximum=2200, expected="a year, e.g. 2026:1500000",
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
        for entry in filter(None, _ENTRY_SPLIT.split(str(value).strip())):
            pair, sep, amount = entry.partition(":")
            source, arrow, target = pair.partition(">")
            if not sep or not arrow:
                self.issue("error", "not a transfer", row, "transfers", value=entry, expected=expected)
                return None
            ok = True
            for actor in (source.strip(), target.strip()):
                if not self.r._actor_known(actor, actors):
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
        where = dict(file=self.table.file, sheet=self.table.sheet, row=row, field=column)
        if value is None or (isinstance(value, str) and not value.strip()):
            return Effect(0.0)
        if isinstance(value, str) and "|" in value:
            parts = value.split("|")
            if len(parts) != 3:
                self.issue("error", "an uncertain effect is low|most_likely|high", row, column, value=value,
                           expected="three numbers, e.g. 80|120|150")
                return None
            low, mode, high = (self.r._number(p, **where) for p in parts)
            if None in (low, mode, high):
                return None
            if not low <= mode <= high:
                self.issue("error", "low <= most likely <= high does not hold", row, column, value=value,
                           expected="three ordered numbers, e.g. 80|120|150")
                return None
            return Effect(mode, low, high)
        number = self.r._number(value, **where)
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
