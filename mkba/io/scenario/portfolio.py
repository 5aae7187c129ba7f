"""The portfolio sections: ``budget`` (what the parties bring in), ``portfolio`` (objective,
weights, solver, time limit) and ``rules`` (mandatory, forbidden, exclusive, requires, theme,
synergy), every measure and theme they name checked against the measures table."""

from __future__ import annotations

from collections.abc import Sequence

from ...errors import MethodError, closest
from ...mcda import METHODS
from ...mcda.registry import refuse_non_additive
from ...model import SOCIETY_ID, AppraisalSettings, Budget, FrozenMap, PortfolioSettings, Rule
from .. import schema
from ..readers import LineDict, LineList
from .issues import Location
from .reader import Reader

__all__ = ["read_portfolio"]


def read_portfolio(r: Reader, doc: LineDict, appraisal: AppraisalSettings | None) -> PortfolioSettings | None:
    """The budget, the portfolio settings and the rules; None when the scenario has none of them.
    Rules and settings without a budget are checked and kept: they apply when a budget is given."""
    has_rules = "rules" in doc
    budget = None
    if "budget" in doc:
        budget = _budget(r, doc["budget"], doc, appraisal)
    elif not has_rules and "portfolio" not in doc:
        return None
    else:  # checked and kept: they apply when a budget is given on the command line or in a batch
        for key in ("rules", "portfolio"):
            if key in doc:
                r.warn(f"'{key}' applies only with a budget; no portfolio is selected unless one is "
                       "given (--budget, --vary budget)", field=key, row=doc.lines.get(key),
                       expected="a 'budget' section")
    settings = doc.get("portfolio", {})
    objective, weights, solver, time_limit = "value+npv", "group", None, PortfolioSettings.time_limit
    if not isinstance(settings, dict):
        r.error("expected a mapping", field="portfolio", row=doc.lines.get("portfolio"), value=settings)
    else:
        if isinstance(settings, LineDict):
            r.check_keys(settings, "portfolio", "portfolio")
            objective = _objective(r, settings)
            if "solver" in settings:
                solver = r.optional_choice(settings, schema.field("portfolio", "solver"))
            if "time_limit" in settings:
                time_limit = _time_limit(r, settings)
        weights = str(settings.get("weights", "group"))
        valid = ["group"] + r.stakeholder_ids
        if not r.actor_known(weights, valid):
            r.unknown("weights for the portfolio", weights, valid, field="portfolio.weights", ref="stakeholder",
                      row=settings.lines.get("weights") if isinstance(settings, LineDict) else None)
    rules: list[Rule] = []
    raw_rules = doc.get("rules", []) if has_rules else []
    if not isinstance(raw_rules, list):
        r.error("rules must be a list", field="rules", row=doc.lines.get("rules"), value=raw_rules)
        raw_rules = []
    # references are checked against every measure in the table, rows with errors included
    ids = r.measure_ids
    themes = sorted(r.themes) if r.themes is not None else None
    for k, raw in enumerate(raw_rules):
        line = raw_rules.lines[k] if isinstance(raw_rules, LineList) else doc.lines.get("rules")
        rule = _rule(r, raw, line, ids, themes)
        if rule is not None:
            rules.append(rule)
    _prerequisite_cycles(r, rules)
    return PortfolioSettings(budget, tuple(rules), objective, weights, solver, time_limit)


def _objective(r: Reader, settings: LineDict) -> str:
    """``portfolio.objective``; a ranking method's name is refused with the reason (its scores
    cannot be summed over a portfolio), not just as an unknown choice."""
    spec = schema.field("portfolio", "objective")
    value = settings.get(spec.name, spec.default)
    if isinstance(value, str) and value not in spec.choices and value.lower() in METHODS:
        try:
            refuse_non_additive(value)
        except MethodError as err:
            r.error("cannot be the portfolio objective", field="portfolio.objective",
                    row=settings.lines.get(spec.name), value=value,
                    expected=f"{spec.expected}; {err}")
            return str(spec.default)
    return r.choice(settings, spec)


def _time_limit(r: Reader, settings: LineDict) -> float | None:
    """``portfolio.time_limit``: seconds > 0, or 'none' (or null) for no limit."""
    spec = schema.field("portfolio", "time_limit")
    default = spec.default if isinstance(spec.default, (int, float)) else None  # 60 seconds
    raw = settings["time_limit"]
    where: Location = {"field": "portfolio.time_limit", "row": settings.lines.get("time_limit")}
    if raw is None or isinstance(raw, str) and raw.strip().lower() == "none":
        return None
    if isinstance(raw, str):
        try:
            float(raw)
        except ValueError:
            r.error("not a number", value=raw, expected=spec.expected,
                    suggestion=closest(raw.strip().lower(), ["none"]), **where)
            return default
    seconds = r.number(raw, **where)
    if seconds is not None and seconds <= 0:
        r.error("must be positive", value=raw, expected=spec.expected, **where)
    return seconds if seconds is not None and seconds > 0 else default


def _budget(r: Reader, raw: object, doc: LineDict, appraisal: AppraisalSettings | None) -> Budget:
    row = doc.lines.get("budget")
    if not isinstance(raw, LineDict):
        r.error("expected a mapping", field="budget", row=row, value=raw,
                expected="total, per_year, carry_over, per_payer, running_cost_cap")
        return Budget()
    r.check_keys(raw, "budget", "budget")
    line = raw.lines.get
    total = _money_value(r, raw["total"], "budget.total", line("total")) if "total" in raw else None
    per_year = (_year_amounts(r, raw["per_year"], "budget.per_year", line("per_year"), appraisal)
                if "per_year" in raw else FrozenMap())
    carry = raw.get("carry_over", False)
    if not isinstance(carry, bool):
        r.error("expected true or false", field="budget.carry_over", row=line("carry_over"), value=carry)
        carry = False
    per_payer = {}
    payers = raw.get("per_payer", {})
    ids = r.stakeholder_ids + [SOCIETY_ID]  # every stakeholder read, valid or not
    if not isinstance(payers, dict):
        r.error("expected a mapping stakeholder: euros", field="budget.per_payer", row=line("per_payer"),
                value=payers)
        payers = {}
    for key, value in payers.items():
        where = payers.lines.get(key) if isinstance(payers, LineDict) else line("per_payer")
        if not r.actor_known(key, ids):
            r.unknown("stakeholder", key, ids, field="budget.per_payer", row=where, ref="stakeholder")
            continue
        amount = _money_value(r, value, f"budget.per_payer.{key}", where)
        if amount is not None:
            per_payer[key] = amount
    cap = raw.get("running_cost_cap")
    if cap is None:
        caps = FrozenMap()
    elif isinstance(cap, dict):
        caps = _year_amounts(r, cap, "budget.running_cost_cap", line("running_cost_cap"), appraisal)
    else:
        amount = _money_value(r, cap, "budget.running_cost_cap", line("running_cost_cap"))
        years = range(appraisal.start_year, appraisal.start_year + appraisal.horizon) if appraisal else ()
        caps = FrozenMap({y: amount for y in years}) if amount is not None else FrozenMap()
    other = _other_years(r, raw, per_year, carry) if "other_years" in raw else "unlimited"
    _gaps(r, raw, per_year, carry, other)
    budget = Budget(total, per_year, carry, FrozenMap(per_payer), caps, other)
    if budget.empty:
        r.warn("the budget sets no limit", field="budget", row=row,
               expected="a total, per_year, per_payer or running_cost_cap")
    return budget


def _other_years(r: Reader, raw: LineDict, per_year: FrozenMap, carry: bool) -> str:
    """``budget.other_years``: what a year without its own line in ``per_year`` may spend. ``0`` with
    carry-over and ``carry`` without it are refused with the reason: the yearly caps with carry-over
    are cumulative, so a year can only be closed to new money (``carry``), not to money left over."""
    spec = schema.field("budget", "other_years")
    value = raw["other_years"]
    text = str(value).strip().lower() if isinstance(value, (str, int)) and not isinstance(value, bool) else None
    where: Location = {"field": "budget.other_years", "row": raw.lines.get("other_years")}
    if text not in spec.choices:
        r.error("not a valid choice", value=value, expected=spec.expected,
                suggestion=closest(text, spec.choices) if text else None, **where)
        return str(spec.default)
    if text == "carry" and not carry:
        r.error("'carry' lets a year without a budget line spend what earlier years left, which needs "
                "carry_over: true", value=value, expected="carry_over: true, or other_years: 0 (nothing in "
                "those years) or unlimited", **where)
    elif text == "0" and carry:
        r.error("with carry_over: true the yearly budgets are cumulative, so a year without a line can still "
                "spend what earlier years left; 'nothing at all in that year' cannot be written that way",
                value=value, expected="other_years: carry (no new money, the carried-over money may be spent), "
                "or carry_over: false with other_years: 0", **where)
    if not per_year:
        r.warn("other_years has no effect without per_year (there are no yearly budgets)", value=value,
               expected="a per_year mapping, or no other_years", **where)
    return text


def _gaps(r: Reader, raw: LineDict, per_year: FrozenMap, carry: bool, other: str) -> None:
    """With carry-over and unlimited other years, a year missing between two listed years lifts the
    caps of every later year (the caps are cumulative): said in a warning naming the year."""
    if not (carry and other == "unlimited" and per_year):
        return
    missing = [y for y in range(min(per_year), max(per_year)) if y not in per_year]
    if missing:
        r.warn(f"with carry_over and other_years: unlimited, {missing[0]} has no budget line and so no limit; "
               f"the budgets are cumulative, so every year after it has none either", field="budget.per_year",
               row=raw.lines.get("per_year"), value=missing, expected=f"a line for {missing[0]}, or "
               "other_years: carry (no new money in years without a line)")


def _year_amounts(r: Reader, raw: object, field: str, row: int | None, appraisal: AppraisalSettings | None,
                  ) -> FrozenMap:
    if not isinstance(raw, dict):
        r.error("expected a mapping year: euros", field=field, row=row, value=raw,
                expected="e.g. {2026: 2000000, 2027: 2500000}")
        return FrozenMap()
    lo, hi = (appraisal.start_year, appraisal.start_year + appraisal.horizon - 1) if appraisal else (1900, 2200)
    out = {}
    for key, value in raw.items():
        line = raw.lines.get(key, row) if isinstance(raw, LineDict) else row
        year = r.whole(key, minimum=lo, maximum=hi, expected=f"a year from {lo} to {hi}",
                       field=f"{field}.{key}", row=line)
        amount = _money_value(r, value, f"{field}.{key}", line)
        if year is not None and amount is not None:
            out[year] = amount
    return FrozenMap(dict(sorted(out.items())))


def _money_value(r: Reader, value: object, field: str, row: int | None) -> float | None:
    number = r.number(value, money=True, field=field, row=row)
    if number is not None and number < 0:
        r.error("a budget cannot be negative", field=field, row=row, value=value, expected="euros >= 0")
        return None
    return number


def _rule(r: Reader, raw: object, row: int | None, ids: Sequence[str] | None, themes: Sequence[str] | None
          ) -> Rule | None:
    kinds = [f.name for f in schema.fields("rules")]
    if not isinstance(raw, LineDict):
        r.error("a rule is a mapping such as {mandatory: M01}", field="rules", row=row, value=raw,
                expected=f"one of {kinds}")
        return None
    named = [k for k in raw if k in kinds]
    if len(named) != 1:
        key = next(iter(raw), None)
        r.error("a rule names exactly one kind", field="rules", row=row, value=list(raw),
                expected=f"one of {kinds}", suggestion=closest(key, kinds) if key is not None else None)
        return None
    kind = named[0]
    extra = {"requires": ("on", "lag"), "theme": ("min_count", "max_count", "min_spend", "max_spend"),
             "synergy": ("value", "cost_saving")}.get(kind, ())
    for key in raw:
        if key != kind and key not in extra:
            r.error(f"unknown key in a '{kind}' rule", field=f"rules.{kind}", row=row, value=key,
                    expected=f"{list(extra) or 'no other keys'}", suggestion=closest(key, extra))
            return None
    field = f"rules.{kind}"
    params: dict[str, object] = {}
    if kind in ("mandatory", "forbidden"):
        measures = _measure_ref(r, raw[kind], ids, field, row)
    elif kind == "exclusive":
        if not isinstance(raw[kind], list) or len(raw[kind]) < 2:
            r.error("an exclusive group lists at least two measures", field=field, row=row, value=raw[kind],
                    expected="e.g. [M05a, M05b]")
            return None
        measures = _measure_ref(r, raw[kind], ids, field, row)
    elif kind == "requires":
        if "on" not in raw:
            r.error("'requires' needs 'on': the measure(s) it depends on", field=field, row=row,
                    expected="e.g. {requires: M08, on: [M05a, M05b]}")
            return None
        first = _measure_ref(r, raw[kind], ids, field, row)
        on = _measure_ref(r, raw["on"], ids, f"{field}.on", row)
        if first is None or on is None:
            return None
        if len(first) != 1 or first[0] in on:
            r.error("'requires' names one measure that needs others", field=field, row=row,
                    value=raw[kind], expected="one measure id, not among 'on'")
            return None
        measures = first + on
        if "lag" in raw:  # no lag: no timing; lag 0: started no later than the measure
            lag = r.whole(raw["lag"], minimum=0, maximum=200, expected="whole years >= 0",
                          field=f"{field}.lag", row=row)
            if lag is None:
                return None
            params["lag"] = lag
    elif kind == "theme":
        theme = str(raw[kind])
        if themes is not None and theme not in themes:
            r.unknown("theme", theme, themes, field=field, row=row)
            return None
        params["name"] = theme
        for key in extra:
            if key in raw:
                amount = (r.whole(raw[key], minimum=0, expected="a whole number >= 0", field=f"{field}.{key}",
                                  row=row) if key.endswith("count")
                          else _money_value(r, raw[key], f"{field}.{key}", row))
                if amount is None:
                    return None
                params[key] = amount
        if len(params) == 1:
            r.error("a theme rule needs a limit", field=field, row=row, expected=str(list(extra)))
            return None
        measures = ()
    else:  # synergy
        pair = raw[kind]
        if not isinstance(pair, list) or len(pair) != 2 or pair[0] == pair[1]:
            r.error("a synergy names two different measures", field=field, row=row, value=pair,
                    expected="e.g. [M01, M02]")
            return None
        measures = _measure_ref(r, pair, ids, field, row)
        for key in extra:
            if key in raw:
                number = r.number(raw[key], field=f"{field}.{key}", row=row)
                if number is None:
                    return None
                params[key] = number
        if not params:
            r.error("a synergy needs 'value' and/or 'cost_saving'", field=field, row=row,
                    expected="euros, e.g. cost_saving: 150000")
            return None
    if measures is None:
        return None
    return Rule(kind, measures, FrozenMap(params), row)


def _measure_ref(r: Reader, value: object, ids: Sequence[str] | None, field: str, row: int | None
                 ) -> tuple[str, ...] | None:
    """Measure ids named in a rule; ``ids`` is every id in the table (None: not all known)."""
    values = value if isinstance(value, list) else [value]
    out = []
    for v in values:
        if ids is not None and not r.measure_known(v):  # ids is r.measure_ids: None accepts any
            r.unknown("measure", v, ids, field=field, row=row, ref="measure")
            return None
        out.append(str(v))
    return tuple(out)


def _prerequisite_cycles(r: Reader, rules: list[Rule]) -> None:
    """Warn about a cycle of prerequisites (A needs B, B needs A): its measures can only be chosen
    together, and when a rule in it has a lag none of them can be chosen. Only rules naming one
    prerequisite count (with several, any one suffices, so no cycle is forced)."""
    edges: dict[str, list[Rule]] = {}
    for rule in rules:
        if rule.kind == "requires" and len(rule.measures) == 2:
            edges.setdefault(rule.measures[0], []).append(rule)
    seen: set[frozenset] = set()

    def walk(start: str, node: str, path: list[Rule]) -> None:
        for rule in edges.get(node, []):
            nxt = rule.measures[1]
            if nxt == start:
                cycle = path + [rule]
                key = frozenset(id(x) for x in cycle)
                if key not in seen:
                    seen.add(key)
                    chain = " -> ".join([c.measures[0] for c in cycle] + [start])
                    lagged = any(c.params.get("lag") for c in cycle)
                    r.warn(f"prerequisites form a cycle: {chain}; "
                           + ("with a lag in it none of these measures can be chosen" if lagged else
                              "these measures can only be chosen together"),
                           field="rules.requires", row=cycle[0].line, value=chain,
                           expected="prerequisites that do not lead back to the measure")
            elif all(nxt != c.measures[0] for c in path) and len(path) < 50:
                walk(start, nxt, path + [rule])

    for start in sorted(edges):
        walk(start, start, [])
