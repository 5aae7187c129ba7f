"""The scenario file as a whole: its top-level keys, the appraisal settings and the MCDA method,
and the order in which the sections are read (each may use what the ones before it learnt)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path

from ... import mcda
from ...discount import discount_set
from ...errors import InputIssue, MethodError, closest
from ...model import NPV_ID, AppraisalSettings, FrozenMap, MethodSpec, Scenario
from .. import schema
from ..limits import MAX_DISCOUNT_FACTOR
from ..readers import LineDict, load_yaml
from .ambitions import read_ambitions
from .criteria import read_criteria, with_receivers
from .tree import read_money, read_value_tree
from .fields import read_fields
from .futures import read_futures
from .map import read_map
from .measures import read_measures
from .monitoring import read_monitoring
from .portfolio import read_portfolio
from .reader import Reader
from .sensitivity import read_sensitivity
from .stakeholders import read_stakeholder_ids, read_stakeholders

__all__ = ["read_file"]


def read_file(path: Path) -> tuple[Scenario | None, list[InputIssue]]:
    """The scenario in the file (None when it has errors) with every issue found in it."""
    r = Reader(path)
    if not path.is_file():
        r.error("scenario file not found", expected="the path of a scenario .yaml file")
        return None, r.issues
    raw = path.read_bytes()
    r.hash.update(path.name.encode() + b"\0" + raw)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        r.error("the scenario file is not UTF-8 text", expected="a YAML file saved as UTF-8")
        return None, r.issues
    doc, issues = load_yaml(text, r.file)
    r.issues += issues
    if issues:
        return None, r.issues
    if not isinstance(doc, LineDict):  # the loader reads every mapping as a LineDict
        r.error("the scenario file must be a YAML mapping", value=type(doc).__name__,
                expected="keys such as name, appraisal, criteria, stakeholders, measures")
        return None, r.issues
    return _scenario(r, doc), r.issues


def _scenario(r: Reader, doc: LineDict) -> Scenario | None:
    r.check_keys(doc, "scenario", "scenario")
    name = r.text(doc, "name", required=True)
    description = _description(r, doc)
    language = r.choice(doc, schema.field("scenario", "language"))
    group = r.choice(doc, schema.field("scenario", "group"))
    seed = r.integer(doc, "seed", default=0, minimum=0)
    appraisal = _appraisal(r, doc.get("appraisal"), doc)
    criteria, receivers = read_criteria(r, doc.get("criteria"), doc, appraisal)
    value_tree = read_value_tree(r, doc, criteria)
    money = read_money(r, doc, value_tree)
    stakeholders_raw = doc.get("stakeholders")
    stakeholder_ids = read_stakeholder_ids(r, stakeholders_raw)
    if "number_format" in doc:  # before the table, whose numbers it says how to read
        r.number_format = r.optional_choice(doc, schema.field("scenario", "number_format"))
    fields = read_fields(r, doc, criteria)
    measures = read_measures(r, doc, criteria, stakeholder_ids, appraisal, fields)
    matrix_ids = (NPV_ID,) + tuple(c.id for c in criteria if not c.monetised)
    criteria = with_receivers(r, criteria, receivers, stakeholder_ids)  # they need the stakeholder ids
    stakeholders = read_stakeholders(r, stakeholders_raw, criteria, matrix_ids, value_tree)
    method = _method(r, doc.get("method", "topsis"), doc, matrix_ids)
    portfolio = read_portfolio(r, doc, appraisal)
    sensitivity = read_sensitivity(r, doc, matrix_ids)
    places = read_map(r, doc, measures)
    monitoring = read_monitoring(r, doc, criteria, portfolio)
    ambitions = read_ambitions(r, doc, criteria, appraisal)
    futures = read_futures(r, doc, criteria, appraisal.horizon if appraisal is not None else None)
    if group == "aij" and any(kind not in (None, "ahp") for kind in r.stakeholder_kinds.values()):
        r.error("group 'aij' needs AHP judgements from every stakeholder", field="group",
                row=doc.lines.get("group"), value=group, expected="'mean', or 'ahp' for every stakeholder")
    r.resolve_references()
    if r.error_count() or appraisal is None or name is None or seed is None:  # seed is None only with an error
        return None
    return Scenario(
        name=name, description=description, appraisal=appraisal, method=method, criteria=tuple(criteria),
        stakeholders=tuple(stakeholders), measures=tuple(measures), language=language, group=group,
        seed=seed, source=r.path.name, input_hash=r.hash.hexdigest(),
        warnings=tuple(i for i in r.issues if i.severity == "warning"), portfolio=portfolio,
        sensitivity=sensitivity, map=places, monitoring=monitoring, futures=futures, ambitions=ambitions,
        fields=fields, value_tree=value_tree, money=money,
    )


def _description(r: Reader, doc: LineDict) -> str:
    """The paragraph on the case, shown under the report's title; only text is taken (a number, list
    or mapping there is a mistake in the file, not a description)."""
    raw = doc.get("description")
    if raw is not None and not isinstance(raw, str):
        r.error("expected a text", field="description", row=doc.lines.get("description"), value=raw if isinstance(raw, (int, float, bool)) else
                ("a list" if isinstance(raw, list) else "a mapping"),
                expected="a paragraph of text (quote it if it starts with a number or a special character)")
        return ""
    return r.text(doc, "description") or ""


def _appraisal(r: Reader, m: object, doc: LineDict) -> AppraisalSettings | None:
    if m is None:
        return None
    if not isinstance(m, LineDict):
        r.error("expected a mapping", field="appraisal", row=doc.lines.get("appraisal"),
                expected="price_year, start_year, horizon, discount")
        return None
    r.check_keys(m, "appraisal", "appraisal")
    year = "a year between 1900 and 2200"
    price_year = r.integer(m, "price_year", minimum=1900, maximum=2200, expected=year)
    start_year = r.integer(m, "start_year", minimum=1900, maximum=2200, expected=year)
    horizon = r.integer(m, "horizon", minimum=1, maximum=500, expected="a whole number of years from 1 to 500")
    discount = m.get("discount", "nl-2026")
    try:
        dset = discount_set(discount)
    except MethodError as err:
        r.error(str(err), field="appraisal.discount", row=m.lines.get("discount"), value=discount)
        return None
    if price_year is None or start_year is None or horizon is None:
        return None
    if not _discount_ok(r, dset.final_rate if not dset.steps else None, horizon, m):
        return None
    if price_year > start_year:
        r.warn("the price year lies after the start year", field="appraisal.price_year",
               row=m.lines.get("price_year"), value=price_year, expected="a price year at or before the start year")
    return AppraisalSettings(price_year, start_year, horizon, discount,
                             r.choice(m, schema.field("appraisal", "residual_value")))


def _discount_ok(r: Reader, rate: float | None, horizon: int, m: LineDict) -> bool:
    """A constant rate outside 0-10 % a year is warned (``3`` is 300 %: meant 0.03?); one whose
    discount factors over the horizon exceed :data:`MAX_DISCOUNT_FACTOR` (a rate near -100 % over
    centuries) is refused here, not met as an overflow in a later stage."""
    if rate is None:
        return True
    row, value = m.lines.get("discount"), m.get("discount")
    log_factor = -(horizon - 1) * math.log10(1.0 + rate)
    if log_factor > math.log10(MAX_DISCOUNT_FACTOR):
        r.error(f"a discount rate of {rate * 100:g} % a year over a horizon of {horizon} years gives discount factors "
                f"up to 1e{log_factor:.0f}, beyond 1e{math.log10(MAX_DISCOUNT_FACTOR):.0f}",
                expected="a real rate such as 0.03, "
                "or a shorter horizon", field="appraisal.discount", row=row, value=value)
        return False
    if not 0.0 <= rate <= 0.10:
        hint = f": did you mean {rate / 100:g} ({rate:g} %)?" if rate >= 1 else ""
        r.warn(f"a discount rate of {rate * 100:g} % a year lies outside 0-10 %{hint}",
               expected="a real rate as a fraction, "
               "e.g. 0.03 for 3 % (the Dutch standard sets: nl-2021, nl-2026)", field="appraisal.discount", row=row,
               value=value)
    return True


def _method(r: Reader, raw: object, doc: LineDict, matrix_ids: tuple[str, ...]) -> MethodSpec:
    line = doc.lines.get("method")
    if isinstance(raw, str):
        name, params = raw, {}
    elif isinstance(raw, Mapping) and "name" in raw:
        name, params = str(raw["name"]), {k: v for k, v in raw.items() if k not in _METHOD_OPTIONS}
    else:
        r.error("method must be a name or a mapping with 'name'", field="method", row=line, value=raw,
                expected=f"one of {sorted(mcda.METHODS)}")
        return MethodSpec()
    name = name.strip().lower()
    if name not in mcda.METHODS:
        r.unknown("MCDA method", name, sorted(mcda.METHODS), field="method.name", row=line)
        return MethodSpec()
    resolved = {}
    loose = r.loose_criteria
    for key, value in params.items():
        if isinstance(value, Mapping):  # per criterion: {criterion: value}, in matrix order
            unknown = [c for c in value if c not in loose and c not in matrix_ids]
            if not r.criteria_complete:
                unknown = []
            for c in unknown:
                r.unknown("criterion in method parameter", c, matrix_ids, field=f"method.{key}", row=line,
                          ref="criterion")
            typos = {closest(c, matrix_ids) for c in unknown}
            missing = [c for c in matrix_ids if c not in value and c not in loose and c not in typos]
            if missing:
                r.error("a per-criterion parameter needs a value for every matrix criterion",
                        field=f"method.{key}", row=line, value=missing,
                        expected=f"values for {list(matrix_ids)} or one number for all")
            if unknown or missing or any(c not in value for c in matrix_ids):
                continue
            value = [value[c] for c in matrix_ids]
        resolved[key] = value
    # with an invalid criterion entry the number of matrix criteria is not known
    n_criteria = len(matrix_ids) if r.criteria_complete and not loose else None
    try:
        mcda.check_params(name, resolved, n_criteria=n_criteria)
    except MethodError as err:
        r.error(str(err), field="method", row=line)
    compare, reversal = _comparison(r, raw, line, name) if isinstance(raw, Mapping) else ((), False)
    return MethodSpec(name, FrozenMap(resolved), compare, reversal)


#: Keys of the method mapping that are options of the run, not parameters of the method.
_METHOD_OPTIONS = ("name", "compare", "rank_reversal")


def _comparison(r: Reader, raw: Mapping, line: int | None, name: str) -> tuple[tuple[str, ...], bool]:
    """``method.compare`` (other methods to rank with, the scenario's own first) and ``method.rank_reversal``."""
    lines = getattr(raw, "lines", {})
    methods: list[str] = []
    valid = True
    listed = raw.get("compare")
    if listed is not None:
        row = lines.get("compare", line)
        if not isinstance(listed, list) or not listed:
            r.error("expected a list of MCDA methods", field="method.compare", row=row, value=listed,
                    expected=f"e.g. [topsis, vikor, promethee2, wsm]; methods: {sorted(mcda.METHODS)}")
        for item in listed if isinstance(listed, list) else ():
            key = str(item).strip().lower()
            if key not in mcda.METHODS:
                valid = False
                r.unknown("MCDA method", item, sorted(mcda.METHODS), field="method.compare", row=row)
            elif key in methods:
                r.error("a method listed twice", field="method.compare", row=row, value=item,
                        expected="each method once")
            else:
                methods.append(key)
    reversal = raw.get("rank_reversal", False)
    if not isinstance(reversal, bool):
        r.error("expected true or false", field="method.rank_reversal", row=lines.get("rank_reversal", line),
                value=reversal)
        reversal = False
    if name in methods:
        methods.remove(name)
    if valid and not methods and isinstance(listed, list) and listed:
        r.error(f"compare lists no method other than the scenario's own ({name})", field="method.compare",
                row=lines.get("compare", line), value=listed, expected="one or more other MCDA methods")
    return ((name, *methods) if methods or reversal else ()), reversal
