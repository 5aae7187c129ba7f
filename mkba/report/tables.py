"""Every table of the report, built once from ``results.json`` and rendered by all three formats.

The report is a list of :class:`Section`; a section holds plain-language paragraphs and an
ordered list of blocks, each a :class:`Table` (title, columns with units and kinds, raw rows) or
a :class:`FigureRef` that the HTML renderer draws (Markdown and Excel skip figures). Numbers stay
raw in the rows: each format formats them by the column's ``kind`` (see
:func:`mkba.report.i18n.format_value`), Excel with a number format.

Adding a section later is one builder per table, ``(results, cat) -> Table | None``, and one line
in :data:`SECTIONS`. A builder returns ``None`` when its data is absent; a section whose blocks and
paragraphs are all empty is left out, heading and all.

Keys read beyond what ``mkba run`` writes today (the portfolio and sensitivity stages will add
them; every sub-key is optional):

- ``portfolio``: ``status``, ``message``, ``selected`` (measure ids), ``objective`` (a number,
  or ``{"name", "value"}``), ``objective_name`` (``"npv"``, ``"value"``, ``"value+npv"``),
  ``cost`` (EUR; default the selected measures' PV costs), ``spend`` (the investment counted
  against the budget, nominal EUR), ``budget`` (``{"total": EUR}`` or a
  number), ``gap``, ``greedy`` (``{"selected", "objective", "cost"}``), ``solver`` (a name or
  ``{"name", ...}``), ``frontier`` (as below).
- ``frontier`` (top level or inside ``portfolio``): a list of
  ``{"budget", "spend", "cost", "objective", "selected"}``, one per budget level.
- ``sensitivity``: ``smaa`` (:meth:`mkba.sensitivity.SMAAResult.to_dict`, measures in matrix
  order or in its ``measures`` list), ``stability`` (:meth:`StabilityResult.to_dict`, criteria in
  matrix order or its ``criteria`` list), ``tornado`` (``{"output", "unit", "base", "bars":
  [{"input", "label", "kind", "criterion", "measure", "low", "high", "npv_low", ...}]}``; ``kind`` is
  weight, effect, investment or discount and ``low``/``high`` are numbers, except discount-set
  names; an older file with only the English ``input`` and text ``low``/``high`` is read too),
  ``core_index`` (measure id -> share of efficient portfolios), ``samples``.
- ``portfolio.stakeholders`` (:meth:`mkba.portfolio.StakeholderAnalysis.to_dict`): each party's own
  best portfolio, the group's and the maximin compromise, with the cross-evaluation ``shares``.
- ``portfolio.diagnosis`` (:meth:`mkba.portfolio.Diagnosis.to_dict`): when infeasible, the
  conflicting rules as ``parts`` (phrased here in the report's language) and their origins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Union

from ..stages import places
from .i18n import Catalogue, catalogue, format_value

__all__ = ["cell_parts", "format_cell", "is_numeric", "Column", "Cell", "Table", "FigureRef", "Section", "Report", "SECTIONS", "build", "TOP_N",
           "measure_names", "stakeholder_label", "method_label", "group_rows", "portfolio_info", "frontier_rows",
           "smaa_info", "stability_info", "critical_sentence", "tornado_info", "core_index", "portfolio_robustness", "package_money",
           "tornado_bar", "stakeholder_portfolios", "portfolio_message", "conflict_phrases", "objective_label",
           "discount_description", "discount_source", "sampler_description"]

TOP_N = 5
"""How many measures of the group ranking the summary names."""


@dataclass(frozen=True)
class Column:
    """One column: a label, its unit (shown in the header) and how its cells are formatted."""

    key: str
    label: str
    unit: str = ""
    kind: str = "text"
    decimals: int | None = None

    @property
    def header(self) -> str:
        """'Label (unit)', the header of the Markdown and Excel formats."""
        return f"{self.label} ({self.unit})" if self.unit else self.label


@dataclass(frozen=True)
class Cell:
    """A cell whose kind differs from its column's (e.g. a key-figures value)."""

    value: Any
    kind: str = "text"
    decimals: int | None = None


@dataclass(frozen=True)
class Table:
    """A titled table; ``total_row`` marks the last row as a total (bold in HTML)."""

    id: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    note: str = ""
    total_row: bool = False


@dataclass(frozen=True)
class FigureRef:
    """A chart of :mod:`mkba.report.figures` by name; rendered in HTML only."""

    name: str


Block = Union[Table, FigureRef]


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    paragraphs: tuple[str, ...] = ()
    blocks: tuple[Block, ...] = ()


@dataclass(frozen=True)
class Report:
    title: str
    subtitle: str
    lang: str
    sections: tuple[Section, ...] = field(default_factory=tuple)

    @property
    def tables(self) -> list[Table]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Table)]


Builder = Callable[[dict, Catalogue], Union[Block, None]]


# -- shared look-ups ----------------------------------------------------------------------------

def cell_parts(value: Any, column: Column) -> tuple[Any, str, int | None]:
    """(raw value, kind, decimals) of one cell: the cell's own kind if it is a :class:`Cell`."""
    if isinstance(value, Cell):
        return value.value, value.kind, value.decimals
    return value, column.kind, column.decimals


def format_cell(value: Any, column: Column, lang: str) -> str:
    """The cell as text in ``lang`` (the HTML and Markdown formats)."""
    raw, kind, decimals = cell_parts(value, column)
    return format_value(raw, kind, lang, decimals)


def is_numeric(value: Any, column: Column) -> bool:
    return cell_parts(value, column)[1] not in ("text", "bool")


def measure_names(results: dict) -> dict[str, str]:
    """Measure id -> name, in scenario order."""
    return {m["id"]: m["name"] for m in results["scenario"]["measures"]}


def stakeholder_label(results: dict, sid: str, cat: Catalogue) -> str:
    """The stakeholder's name; 'Groep'/'Group' for the group; 'society' and unknown actors by label or id."""
    if sid == "group":
        return cat("group")
    info = results["weights"]["stakeholders"].get(sid)
    if info:
        return info["name"]
    for s in results["scenario"]["stakeholders"]:
        if s["id"] == sid:
            return s["name"]
    return cat(f"actor.{sid}") if cat.has(f"actor.{sid}") else sid


def stakeholder_ids(results: dict) -> list[str]:
    """Stakeholder ids in scenario order."""
    return [s["id"] for s in results["scenario"]["stakeholders"]]


def method_label(results: dict) -> str:
    name = results["scores"]["method"]
    return {"promethee2": "PROMETHEE II", "wsm": "WSM", "wpm": "WPM"}.get(name, name.upper())


def criterion_names(results: dict) -> dict[str, str]:
    """Decision-matrix criterion id -> name."""
    return {c["id"]: c["name"] for c in results["matrix"]["criteria"]}


def group_rows(results: dict) -> list[dict]:
    """The group ranking: ``{"measure", "score", "rank", "tied"}`` from first to last."""
    return results["scores"]["rankings"]["group"]


def _appraisal(results: dict, mid: str) -> dict:
    return results["appraisal"]["measures"][mid]


def _payer_costs(results: dict, measures: list[str]) -> dict[str, float]:
    """PV costs of ``measures`` split over their payers by share, largest first."""
    shares = {m["id"]: m["payers"] for m in results["scenario"]["measures"]}
    out: dict[str, float] = {}
    for mid in measures:
        cost = _appraisal(results, mid)["pv_costs"] or 0.0
        for payer, share in shares.get(mid, {}).items():
            out[payer] = out.get(payer, 0.0) + share * cost
    return dict(sorted(out.items(), key=lambda kv: (-kv[1], kv[0])))


def _payers_text(results: dict, mid: str, cat: Catalogue) -> str:
    payers = next((m["payers"] for m in results["scenario"]["measures"] if m["id"] == mid), {})
    return ", ".join(f"{stakeholder_label(results, p, cat)} {cat.share(s, 0)}" for p, s in payers.items())


def portfolio_info(results: dict) -> dict | None:
    """The portfolio keys, normalised (see the module docstring); None when absent."""
    p = results.get("portfolio")
    if not p:
        return None
    objective = p.get("objective")
    name = p.get("objective_name")
    if isinstance(objective, dict):
        name = name or objective.get("name")
        objective = objective.get("value")
    selected = list(p.get("selected") or [])
    cost = p.get("cost")
    if cost is None and selected:
        cost = sum(_appraisal(results, m)["pv_costs"] or 0.0 for m in selected if m in results["appraisal"]["measures"])
    budget = p.get("budget")
    if isinstance(budget, dict):
        budget = budget.get("total")
    greedy = p.get("greedy") or None
    gap = p.get("gap")
    solver = p.get("solver")
    if isinstance(solver, dict):
        solver = " ".join(str(solver[k]) for k in ("name", "version") if solver.get(k))
    return {"status": str(p.get("status", "")), "message": str(p.get("message", "") or ""), "selected": selected,
            "objective": objective, "objective_name": name or "npv", "cost": cost, "spend": p.get("spend"),
            "budget": budget,
            "greedy": greedy, "gap": gap, "solver": solver}


def frontier_rows(results: dict) -> list[dict]:
    """The efficient frontier's points (top-level ``frontier`` or ``portfolio.frontier``)."""
    rows = results.get("frontier")
    if rows is None:
        rows = (results.get("portfolio") or {}).get("frontier")
    if isinstance(rows, dict):
        rows = rows.get("points")
    return list(rows or [])


def objective_label(name: str, cat: Catalogue) -> str:
    """The portfolio objective in words ("value+npv" -> "waarde (MAVT) met het saldo als criterium")."""
    return cat(f"objective.{name}") if cat.has(f"objective.{name}") else name


def _objective_is_money(name: str) -> bool:
    return name == "npv"


def _objective_cell(value: Any, name: str) -> Cell:
    return Cell(value, "money") if _objective_is_money(name) else Cell(value, "number", 3)


def _objective_text(value: Any, name: str, cat: Catalogue) -> str:
    return cat.money(value) if _objective_is_money(name) else cat.number(value, 3)


# -- summary ------------------------------------------------------------------------------------

def summary_paragraphs(results: dict, cat: Catalogue) -> list[str]:
    """What to do first, for how much, who pays, what it yields, how much the parties agree, and
    (only with sensitivity data) how firm that is.

    With a portfolio the money sentences (costs, benefits, NPV, who pays) describe the funded
    package; only a run without one (or without a feasible one) names the top of the ranking."""
    names = measure_names(results)
    out: list[str] = []
    port = portfolio_info(results)
    top = [r["measure"] for r in group_rows(results)[:TOP_N]]
    if port is not None:
        out.extend(_portfolio_sentences(results, port, cat))
    if port is None or not port["selected"]:
        items = [cat("summary.top_item", name=f"{m} {names[m]}", npv=cat.money(_appraisal(results, m)["npv"]),
                     bcr=cat.number(_appraisal(results, m)["bcr"], 2)) for m in top]
        group_method = cat(f"group_method.{results['weights']['group_method']}")
        out.append(cat("summary.top", method=method_label(results), group_method=group_method,
                       items=cat.join(items)))
        money = package_money(results, top)
        out.append(cat("summary.cost", n=len(top), costs=cat.money(money["pv_costs"]),
                       investment=cat.money(money["pv_investment"]), benefits=cat.money(money["pv_benefits"]),
                       npv=cat.money(money["npv"])))
        out.extend(_payer_sentences(results, top, cat))
    out.extend(_agreement_sentences(results, cat))
    pm = results["appraisal"]["pm_criteria"]
    if pm:
        crit = {c["id"]: c["name"] for c in results["scenario"]["criteria"]}
        out.append(cat("summary.pm", items=cat.join([crit.get(c, c) for c in pm])))
    smaa = smaa_info(results)
    if smaa is not None and top:
        first = top[0]
        if first in smaa["measures"]:
            b1 = smaa["rank_acceptability"][smaa["measures"].index(first)][0]
            out.append(cat("summary.firm_first", name=f"{first} {names[first]}", share=cat.share(b1, 0),
                           samples=cat.number(smaa.get("n_samples"), 0)))
            firsts = [row[0] or 0.0 for row in smaa["rank_acceptability"]]
            best = max(range(len(firsts)), key=lambda i: (firsts[i], -i))
            if smaa["measures"][best] != first:
                mid = smaa["measures"][best]
                out.append(cat("summary.firm_most", name=f"{mid} {names.get(mid, '')}".strip(),
                               share=cat.share(firsts[best], 0)))
    return out


def package_money(results: dict, measures: list[str]) -> dict[str, float]:
    """The summed present values of ``measures`` (``pv_costs``, ``pv_investment``, ``pv_benefits``,
    ``npv``) from the appraisal; measures the appraisal does not know are skipped."""
    rows = [_appraisal(results, m) for m in measures if m in results["appraisal"]["measures"]]
    return {k: sum(r.get(k) or 0.0 for r in rows) for k in ("pv_costs", "pv_investment", "pv_benefits", "npv")}


def _payer_sentences(results: dict, measures: list[str], cat: Catalogue) -> list[str]:
    """'Who pays': the PV costs of ``measures`` split over their payers (:func:`_payer_costs`)."""
    payers = _payer_costs(results, measures)
    total = sum(payers.values())
    if not payers or total <= 0:
        return []
    return [cat("summary.payers", items=cat.join([
        cat("summary.payer_item", name=stakeholder_label(results, p, cat), amount=cat.money(a),
            share=cat.share(a / total, 0)) for p, a in payers.items()]))]


def _portfolio_sentences(results: dict, port: dict, cat: Catalogue) -> list[str]:
    names = measure_names(results)
    if port["status"] not in ("", "optimal", "ok", "feasible") and not port["selected"]:
        status = cat(f"status.{port['status']}") if cat.has(f"status.{port['status']}") else port["status"]
        return [cat("summary.portfolio_status", status=status, message=portfolio_message(results, cat))]
    items = cat.join([f"{m} {names.get(m, m)}" for m in port["selected"]]) or cat("none")
    key = "summary.portfolio" if port["budget"] is not None else "summary.portfolio_nobudget"
    if port["spend"] is not None:
        key += "_spend"
    out = [cat(key, budget=cat.money(port["budget"]), n=len(port["selected"]), spend=cat.money(port["spend"]),
               cost=cat.money(port["cost"]), items=items)]
    if port["selected"]:
        money = package_money(results, port["selected"])
        out.append(cat("summary.package_money", costs=cat.money(money["pv_costs"]),
                       investment=cat.money(money["pv_investment"]), benefits=cat.money(money["pv_benefits"]),
                       npv=cat.money(money["npv"])))
        out.extend(_payer_sentences(results, port["selected"], cat))
    if port["objective"] is not None:
        out.append(cat("summary.portfolio_yield", objective=objective_label(port["objective_name"], cat),
                       value=_objective_text(port["objective"], port["objective_name"], cat)))
    greedy = port["greedy"]
    if greedy and greedy.get("selected") is not None:
        if sorted(greedy["selected"]) == sorted(port["selected"]):
            out.append(cat("summary.greedy_same"))
        elif greedy.get("objective") is not None and port["objective"] is not None:
            gap = port["objective"] - greedy["objective"]
            out.append(cat("summary.greedy", items=cat.join(list(greedy["selected"])) or cat("none"),
                           value=_objective_text(greedy["objective"], port["objective_name"], cat),
                           gap=_objective_text(gap, port["objective_name"], cat)))
    robust = portfolio_robustness(results)
    if robust and robust.get("base_share") is not None and robust.get("classes"):
        classes = robust["classes"]
        chosen = [m for m in port["selected"] if classes.get(m) == "core"]
        doubt = [m for m, c in classes.items() if c == "borderline"]
        out.append(cat("summary.portfolio_firm", share=cat.share(robust["base_share"], 0),
                       samples=cat.number(robust["n_samples"], 0), core=cat.join(chosen) or cat("none"),
                       borderline=cat.join(doubt) or cat("none")))
    core = core_index(results)
    sure = [m for m, v in core.items() if v is not None and v >= 1.0]
    if sure:
        out.append(cat("summary.core", items=cat.join(sure)))
    return out


def _origin_text(origin: str, cat: Catalogue) -> str:
    """Where a rule is written, in the report's language ("scenario.yaml, line 163" -> "..., regel 163")."""
    match = re.fullmatch(r"(.+), line (\d+)", origin)
    return cat("origin.line", file=match.group(1), line=match.group(2)) if match else origin


def _cap_phrase(results: dict, cap: dict, digits: int, cat: Catalogue) -> str:
    fields: dict[str, Any] = {"amount": cat.money(cap.get("amount"), digits)}
    if "year" in cap:
        fields["year"] = cap["year"]
    if "payer" in cap:
        fields["payer"] = stakeholder_label(results, cap["payer"], cat)
    return cat(f"cap.{cap['kind']}", **fields)


def _rule_phrase(results: dict, part: dict, cat: Catalogue) -> str:
    rule = part.get("rule")
    if rule in ("mandatory", "forbidden", "synergy") and part.get("measures"):
        return cat(f"rule.{rule}", measures=cat.join(list(part["measures"])))
    if rule == "exclusive" and part.get("measures"):
        n = part.get("at_most", 1)
        items = ", ".join(part["measures"][:-1]) + f" {cat('or')} {part['measures'][-1]}" \
            if len(part["measures"]) > 1 else part["measures"][0]
        return cat("rule.exclusive", measures=items) if n == 1 else cat("rule.exclusive_n", n=n, measures=items)
    if rule == "requires" and part.get("measure"):
        on = f" {cat('or')} ".join(part.get("on") or [])
        if part.get("lag"):
            return cat("rule.requires_lag", measure=part["measure"], on=on, lag=part["lag"])
        return cat("rule.requires", measure=part["measure"], on=on)
    if rule == "theme" and part.get("theme") is not None:
        limits = [cat(f"rule.theme_{k}", value=cat.number(part[k], 0) if k.endswith("count") else cat.money(part[k]))
                  for k in ("min_count", "max_count", "min_spend", "max_spend") if part.get(k) is not None]
        return cat("rule.theme", theme=part["theme"], limits=cat.join(limits))
    if rule == "start_year" and part.get("measure"):
        years = [str(y) for y in part.get("years") or []]
        items = ", ".join(years[:-1]) + f" {cat('or')} {years[-1]}" if len(years) > 1 else "".join(years)
        return cat("rule.start_year", measure=part["measure"], years=items)
    return str(part.get("label", ""))


def conflict_phrases(results: dict, diagnosis: dict, cat: Catalogue) -> list[str]:
    """The infeasibility diagnosis (``portfolio.diagnosis.parts``) phrased in the report's language."""
    out = []
    for part in diagnosis.get("parts") or []:
        kind = part.get("kind")
        if kind == "mandatory_cap":
            many = len(part["measures"]) > 1
            key = ("conflict.mandatory_running" if part.get("running") else "conflict.mandatory_cost") + \
                ("_many" if many else "_one")
            digits = int(part.get("digits") or 1)
            out.append(cat(key, measures=cat.join(list(part["measures"])),
                           amount=cat.money(part.get("amount"), digits),
                           cap=_cap_phrase(results, part["cap"], digits, cat)))
        elif kind == "cap":
            text = _cap_phrase(results, part["cap"], 1, cat)
            out.append(text[:1].upper() + text[1:])
        elif kind == "mandatory":
            out.append(cat("rule.mandatory", measures=cat.join(list(part["measures"]))))
        else:
            out.append(_rule_phrase(results, part, cat))
    return out


def portfolio_message(results: dict, cat: Catalogue) -> str:
    """Why there is no portfolio, in the report's language: from the diagnosis's structured parts
    (each origin once), else the solver's message as it is."""
    port = results.get("portfolio") or {}
    diagnosis = port.get("diagnosis") or {}
    phrases = conflict_phrases(results, diagnosis, cat)
    if not phrases:
        return str(port.get("message", "") or "")
    origins = diagnosis.get("where")
    if origins is None:
        origins = list(dict.fromkeys(o for o in diagnosis.get("origins") or [] if o))
    where = ", ".join(_origin_text(o, cat) for o in origins)
    return cat("conflict.intro" if where else "conflict.intro_nowhere", items="; ".join(phrases), where=where)


def _agreement_sentences(results: dict, cat: Catalogue) -> list[str]:
    tau = results["scores"]["kendall_tau"]
    ids = [s for s in stakeholder_ids(results) if s in tau]
    with_group = [(s, tau[s]["group"]) for s in ids if tau[s].get("group") is not None]
    out = []
    if len(with_group) >= 2:
        best = max(with_group, key=lambda kv: kv[1])
        worst = min(with_group, key=lambda kv: kv[1])
        out.append(cat("summary.agreement", best=stakeholder_label(results, best[0], cat),
                       best_tau=cat.number(best[1], 2), worst=stakeholder_label(results, worst[0], cat),
                       worst_tau=cat.number(worst[1], 2)))
        pairs = [(tau[a][b], a, b) for i, a in enumerate(ids) for b in ids[i + 1:] if tau[a].get(b) is not None]
        if pairs:
            t, a, b = min(pairs)
            if t < 0.3:
                out.append(cat("summary.conflict", a=stakeholder_label(results, a, cat),
                               b=stakeholder_label(results, b, cat), tau=cat.number(t, 2)))
    names = measure_names(results)
    tops = []
    for s in ids:
        first = results["scores"]["rankings"][s][0]["measure"]
        tops.append(f"{stakeholder_label(results, s, cat)}: {first} {names[first]}")
    if tops:
        out.append(cat("summary.party_tops", items="; ".join(tops)))
    return out


def key_figures_table(results: dict, cat: Catalogue) -> Table:
    a = results["appraisal"]
    top = [r["measure"] for r in group_rows(results)[:TOP_N]]
    rows: list[tuple] = [
        (cat("key.measures"), Cell(len(a["measures"]), "int")),
        (cat("key.stakeholders"), Cell(len(results["weights"]["stakeholders"]), "int")),
        (cat("key.pv_costs"), Cell(a["totals"]["pv_costs"], "money")),
        (cat("key.pv_benefits"), Cell(a["totals"]["pv_benefits"], "money")),
        (cat("key.npv"), Cell(a["totals"]["npv"], "money")),
        (cat("key.positive_npv"), Cell(sum(1 for r in a["measures"].values() if (r["npv"] or 0) > 0), "int")),
        (cat("key.method"), Cell(method_label(results))),
        (cat("key.top_costs", n=len(top)), Cell(sum(a["measures"][m]["pv_costs"] for m in top), "money")),
        (cat("key.top_npv", n=len(top)), Cell(sum(a["measures"][m]["npv"] for m in top), "money")),
    ]
    port = portfolio_info(results)
    if port is not None:
        if port["budget"] is not None:
            rows.append((cat("key.budget"), Cell(port["budget"], "money"), cat("unit.eur")))
        if port["spend"] is not None:
            rows.append((cat("key.portfolio_spend"), Cell(port["spend"], "money"), cat("unit.eur")))
        rows.append((cat("key.portfolio_cost"), Cell(port["cost"], "money")))
        if port["objective"] is not None:
            rows.append((cat("key.portfolio_objective"), _objective_cell(port["objective"], port["objective_name"])))
    smaa = smaa_info(results)
    if smaa is not None and top and top[0] in smaa["measures"]:
        rows.append((cat("key.first_acceptability"),
                     Cell(smaa["rank_acceptability"][smaa["measures"].index(top[0])][0], "share")))
    units = {"money": cat("unit.eur_pv")}  # unless a row names its own unit; a share shows its % in the value
    rows = [(row[0], row[1], row[2] if len(row) > 2 else units.get(row[1].kind, "")) for row in rows]
    return Table("key_figures", cat("table.key_figures"),
                 (Column("item", cat("col.item")), Column("value", cat("col.value"), kind="text"),
                  Column("unit", cat("col.unit"))), tuple(rows))


def top_table(results: dict, cat: Catalogue) -> Table:
    names = measure_names(results)
    rows = []
    for r in group_rows(results)[:TOP_N]:
        m = r["measure"]
        a = _appraisal(results, m)
        rows.append((r["rank"], m, names[m], r["score"], a["pv_costs"], a["npv"], a["bcr"],
                     _payers_text(results, m, cat)))
    eur = cat("unit.eur_pv")
    return Table("top", cat("table.top"), (
        Column("rank", cat("col.rank"), kind="int"), Column("id", cat("col.id")), Column("name", cat("col.name")),
        Column("score", cat("col.score"), method_label(results), "score"),
        Column("pv_costs", cat("col.pv_costs"), eur, "money"), Column("npv", cat("col.npv"), eur, "money"),
        Column("bcr", cat("col.bcr"), kind="ratio"), Column("payers", cat("col.payers"))), tuple(rows))


# -- appraisal ----------------------------------------------------------------------------------

def appraisal_table(results: dict, cat: Catalogue) -> Table:
    names = measure_names(results)
    themes = {m["id"]: m["theme"] for m in results["scenario"]["measures"]}
    crit = {c["id"]: c for c in results["scenario"]["criteria"]}
    pm = results["appraisal"]["pm_criteria"]
    eur = cat("unit.eur_pv")
    cols = [Column("id", cat("col.id")), Column("name", cat("col.name")), Column("theme", cat("col.theme"))]
    cols += [Column(k, cat(f"col.{k}"), eur, "money")
             for k in ("pv_investment", "pv_running_cost", "pv_costs", "pv_benefits", "npv")]
    cols.append(Column("bcr", cat("col.bcr"), kind="ratio"))
    rows = []
    for mid, name in names.items():
        a = _appraisal(results, mid)
        rows.append((mid, name, themes.get(mid, "")) + tuple(a.get(c.key) for c in cols[3:]))
    return Table("appraisal", cat("table.appraisal"), tuple(cols), tuple(rows))


def pm_table(results: dict, cat: Catalogue) -> Table | None:
    """The PM items (effects not in money) per measure, beside the NPV; never silently zero."""
    pm = results["appraisal"]["pm_criteria"]
    if not pm:
        return None
    names = measure_names(results)
    crit = {c["id"]: c for c in results["scenario"]["criteria"]}
    cols = [Column("id", cat("col.id")), Column("name", cat("col.name")),
            Column("npv", cat("col.npv"), cat("unit.eur_pv"), "money")]
    cols += [Column(f"pm_{c}", crit[c]["name"] if c in crit else c, crit.get(c, {}).get("unit", ""), "number")
             for c in pm]
    rows = tuple((mid, name, *[_appraisal(results, mid).get(c.key) for c in cols[2:]]) for mid, name in names.items())
    return Table("pm", cat("table.pm"), tuple(cols), rows)


def distribution_table(results: dict, cat: Catalogue) -> Table:
    dist = results["appraisal"]["distribution"]
    actors = dist["actors"]
    crit = {c["id"]: c["name"] for c in results["scenario"]["criteria"]}
    eur = cat("unit.eur_pv")
    cols = [Column("item", cat("col.item"))]
    cols += [Column(a, stakeholder_label(results, a, cat), eur, "money") for a in actors]
    cols.append(Column("total", cat("col.total"), eur, "money"))
    rows = []
    sums = [0.0] * (len(actors) + 1)
    for item in dist["items"]:
        values = [dist["by_item"][item].get(a, 0.0) for a in actors]
        values.append(sum(values))
        sums = [s + v for s, v in zip(sums, values)]
        label = cat(f"item.{item}") if cat.has(f"item.{item}") else crit.get(item, item)
        rows.append((label, *values))
    rows.append((cat("item.total"), *sums))
    return Table("distribution", cat("table.distribution"), tuple(cols), tuple(rows), total_row=True)


# -- criteria and weights -----------------------------------------------------------------------

def criteria_table(results: dict, cat: Catalogue) -> Table:
    scen = {c["id"]: c for c in results["scenario"]["criteria"]}
    monetised = set(results["appraisal"]["monetised_criteria"])
    rows = []
    for c in results["matrix"]["criteria"]:
        role = "npv" if c["id"] not in scen else ("monetised" if c["id"] in monetised else "pm")
        rows.append((c["id"], c["name"], c["unit"], cat(f"direction.{c['direction']}"), cat(f"role.{role}"),
                     scen.get(c["id"], {}).get("theme", ""), None))
    for cid in results["appraisal"]["monetised_criteria"]:
        c = scen[cid]
        rows.append((cid, c["name"], c["unit"], cat(f"direction.{c['direction']}"), cat("role.monetised"),
                     c.get("theme", ""), Cell(c.get("shadow_price"), "number", 2)))
    return Table("criteria", cat("table.criteria"), (
        Column("id", cat("col.id")), Column("name", cat("col.name")), Column("unit", cat("col.unit")),
        Column("direction", cat("col.direction")), Column("role", cat("col.role")),
        Column("theme", cat("col.theme")), Column("shadow_price", cat("col.shadow_price"), cat("unit.eur_per_unit"), "number")),
        tuple(rows))


def weights_table(results: dict, cat: Catalogue) -> Table:
    w = results["weights"]
    crit = criterion_names(results)
    cols = [Column("stakeholder", cat("col.stakeholder")), Column("elicitation", cat("col.elicitation")),
            Column("influence", cat("col.influence"), cat("unit.share"), "share"),
            Column("cr", cat("col.cr"), kind="number", decimals=3)]
    cols += [Column(c, crit.get(c, c), cat("unit.share"), "share") for c in w["criteria"]]
    rows = []
    for sid in stakeholder_ids(results):
        s = w["stakeholders"][sid]
        kind = s.get("elicitation", "")
        rows.append((s["name"], cat(f"elicitation.{kind}") if cat.has(f"elicitation.{kind}") else kind,
                     s["influence"], s.get("cr"), *[s["weights"][c] for c in w["criteria"]]))
    rows.append((cat("group"), cat(f"group_method.{w['group_method']}"), 1.0, None,
                 *[w["group"][c] for c in w["criteria"]]))
    return Table("weights", cat("table.weights"), tuple(cols), tuple(rows), total_row=True)


# -- rankings -----------------------------------------------------------------------------------

def _by_label(results: dict, field_name: str) -> dict[str, dict[str, Any]]:
    return {label: {r["measure"]: r[field_name] for r in rows}
            for label, rows in results["scores"]["rankings"].items()}


def ranks_table(results: dict, cat: Catalogue) -> Table:
    return _per_stakeholder(results, cat, "rank", "int", "ranks", cat("table.ranks"), "")


def scores_table(results: dict, cat: Catalogue) -> Table:
    return _per_stakeholder(results, cat, "score", "score", "scores", cat("table.scores"), method_label(results))


def _per_stakeholder(results: dict, cat: Catalogue, field_name: str, kind: str, table_id: str, title: str,
                     unit: str) -> Table:
    names = measure_names(results)
    values = _by_label(results, field_name)
    ids = stakeholder_ids(results)
    cols = [Column("id", cat("col.id")), Column("name", cat("col.name")),
            Column("group", cat("group"), unit, kind)]
    cols += [Column(s, stakeholder_label(results, s, cat), unit, kind) for s in ids]
    rows = tuple((r["measure"], names[r["measure"]], values["group"][r["measure"]],
                  *[values[s][r["measure"]] for s in ids]) for r in group_rows(results))
    return Table(table_id, title, tuple(cols), rows)


def kendall_table(results: dict, cat: Catalogue) -> Table:
    tau = results["scores"]["kendall_tau"]
    labels = [s for s in stakeholder_ids(results) if s in tau] + ["group"]
    cols = [Column("stakeholder", cat("col.stakeholder"))]
    cols += [Column(s, stakeholder_label(results, s, cat), cat("unit.tau"), "tau") for s in labels]
    rows = tuple((stakeholder_label(results, a, cat), *[tau[a].get(b) for b in labels]) for a in labels)
    return Table("kendall", cat("table.kendall"), tuple(cols), rows)


# -- portfolio and frontier ---------------------------------------------------------------------

def portfolio_table(results: dict, cat: Catalogue) -> Table | None:
    port = portfolio_info(results)
    if port is None or not port["selected"]:
        return None
    names = measure_names(results)
    eur = cat("unit.eur_pv")
    rows = []
    for m in port["selected"]:
        a = results["appraisal"]["measures"].get(m, {})
        invest = next((sum(x["investment"].values()) for x in results["scenario"]["measures"] if x["id"] == m), None)
        rows.append((m, names.get(m, m), invest, a.get("pv_costs"), a.get("npv"), a.get("bcr"),
                     _payers_text(results, m, cat)))
    rows.append((cat("col.total"), "", *(sum(r[k] or 0.0 for r in rows) for k in (2, 3, 4)), None, ""))
    return Table("portfolio", cat("table.portfolio"), (
        Column("id", cat("col.id")), Column("name", cat("col.name")),
        Column("investment", cat("col.spend"), cat("unit.eur"), "money"),
        Column("pv_costs", cat("col.pv_costs"), eur, "money"), Column("npv", cat("col.npv"), eur, "money"),
        Column("bcr", cat("col.bcr"), kind="ratio"), Column("payers", cat("col.payers"))), tuple(rows),
        total_row=True)


def greedy_table(results: dict, cat: Catalogue) -> Table | None:
    port = portfolio_info(results)
    if port is None or not port["greedy"]:
        return None
    greedy = port["greedy"]
    name = port["objective_name"]
    g_cost = greedy.get("cost")
    if g_cost is None and greedy.get("selected"):
        g_cost = sum(results["appraisal"]["measures"][m]["pv_costs"] or 0.0 for m in greedy["selected"]
                     if m in results["appraisal"]["measures"])
    diff_obj = (None if port["objective"] is None or greedy.get("objective") is None
                else port["objective"] - greedy["objective"])
    diff_cost = None if port["cost"] is None or g_cost is None else port["cost"] - g_cost
    only_p = [m for m in port["selected"] if m not in (greedy.get("selected") or [])]
    only_g = [m for m in (greedy.get("selected") or []) if m not in port["selected"]]
    g_spend = greedy.get("spend")
    diff_spend = None if port["spend"] is None or g_spend is None else port["spend"] - g_spend
    rows = (
        (cat("col.portfolio"), Cell(port["spend"], "money"), Cell(port["cost"], "money"),
         _objective_cell(port["objective"], name), " ".join(port["selected"])),
        (cat("col.greedy"), Cell(g_spend, "money"), Cell(g_cost, "money"),
         _objective_cell(greedy.get("objective"), name), " ".join(greedy.get("selected") or [])),
        (cat("col.difference"), Cell(diff_spend, "money"), Cell(diff_cost, "money"), _objective_cell(diff_obj, name),
         " ".join([f"+{m}" for m in only_p] + [f"-{m}" for m in only_g])),
    )
    return Table("greedy", cat("table.greedy"), (
        Column("approach", cat("col.item")), Column("spend", cat("col.spend"), cat("unit.eur"), "money"),
        Column("cost", cat("col.cost"), cat("unit.eur_pv"), "money"),
        Column("objective", cat("col.objective"), name), Column("measures", cat("col.measures"))), rows)


def stakeholder_portfolios(results: dict) -> dict | None:
    """``portfolio.stakeholders`` (:meth:`mkba.portfolio.StakeholderPortfolios.to_dict`) when it has a
    cross-evaluation to show; None otherwise."""
    sp = (results.get("portfolio") or {}).get("stakeholders")
    if not sp or not sp.get("portfolios") or not sp.get("shares") or not sp.get("stakeholders"):
        return None
    return sp


def _portfolio_label(results: dict, pid: str, cat: Catalogue) -> str:
    if pid in ("group", "compromise"):
        return cat(f"portfolio.{pid}")
    return stakeholder_label(results, pid, cat)


def _min_share(row: list) -> tuple[int | None, float | None]:
    """(column, value) of the smallest known share in a row of the cross-evaluation."""
    known = [(v, k) for k, v in enumerate(row) if v is not None]
    if not known:
        return None, None
    v, k = min(known)
    return k, v


def stakeholder_portfolios_table(results: dict, cat: Catalogue) -> Table | None:
    """Each stakeholder's own best portfolio, the group's and the maximin compromise (rows), with the
    share of every stakeholder's own best value each one achieves (columns) and the measures chosen."""
    sp = stakeholder_portfolios(results)
    if sp is None:
        return None
    holders = list(sp["stakeholders"])
    selected = sp.get("selected") or {}
    group = set(selected.get("group") or [])
    rows = []
    for pid, shares in zip(sp["portfolios"], sp["shares"]):
        chosen = list(selected.get(pid) or [])
        diff = [f"+{m}" for m in chosen if m not in group] + [f"−{m}" for m in sorted(group - set(chosen))]
        rows.append((_portfolio_label(results, pid, cat), *shares, _min_share(shares)[1], " ".join(chosen),
                     " ".join(diff) if pid != "group" else ""))
    share = cat("unit.share")
    return Table("stakeholder_portfolios", cat("table.stakeholder_portfolios"), (
        Column("portfolio", cat("col.best_for")),
        *[Column(h, stakeholder_label(results, h, cat), share, "share") for h in holders],
        Column("min_share", cat("col.min_share"), share, "share"),
        Column("measures", cat("col.measures")), Column("vs_group", cat("col.vs_group"))), tuple(rows),
        note=cat("note.stakeholder_portfolios"))


def portfolio_paragraphs(results: dict, cat: Catalogue) -> list[str]:
    """The negotiation in a sentence or two: the compromise's lowest share, and who gets least from
    the group's portfolio."""
    sp = stakeholder_portfolios(results)
    if sp is None:
        return []
    out = []
    rows = dict(zip(sp["portfolios"], sp["shares"]))
    for pid, key in (("compromise", "summary.compromise"), ("group", "summary.group_lowest")):
        if pid not in rows:
            continue
        k, v = _min_share(rows[pid])
        if k is not None:
            out.append(cat(key, name=stakeholder_label(results, sp["stakeholders"][k], cat), share=cat.share(v, 0)))
    return out


def frontier_table(results: dict, cat: Catalogue) -> Table | None:
    points = frontier_rows(results)
    if not points:
        return None
    port = portfolio_info(results) or {"objective_name": "npv"}
    name = port["objective_name"]
    rows = tuple((p.get("budget"), p.get("spend"), p.get("cost"), _objective_cell(p.get("objective"), name),
                  " ".join(p.get("selected") or [])) for p in points)
    return Table("frontier", cat("table.frontier"), (
        Column("budget", cat("col.budget"), cat("unit.eur"), "money"),
        Column("spend", cat("col.spend"), cat("unit.eur"), "money"),
        Column("cost", cat("col.cost"), cat("unit.eur_pv"), "money"),
        Column("objective", cat("col.objective"), name), Column("measures", cat("col.measures"))), rows)


# -- sensitivity --------------------------------------------------------------------------------

def _by_measure(value: Any, measures: list[str]) -> list[Any]:
    """A per-measure field as a list in ``measures`` order (dicts keyed by id or plain lists)."""
    if isinstance(value, dict):
        return [value.get(m) for m in measures]
    return list(value) if value is not None else [None] * len(measures)


def smaa_info(results: dict) -> dict | None:
    """The SMAA block as lists in matrix-measure order; None when absent.

    Returns ``{"measures", "rank_acceptability" (n x n), "holistic", "confidence", "n_samples",
    "method", "meta_weights"}``.
    """
    sens = results.get("sensitivity") or {}
    smaa = sens.get("smaa")
    if not smaa or not smaa.get("rank_acceptability"):
        return None
    ra = smaa["rank_acceptability"]
    measures = [m for m in results["matrix"]["measures"] if m in ra] if isinstance(ra, dict) else \
        list(smaa.get("measures") or results["matrix"]["measures"])
    return {"measures": measures, "rank_acceptability": _by_measure(ra, measures),
            "holistic": _by_measure(smaa.get("holistic"), measures),
            "confidence": _by_measure(smaa.get("confidence"), measures),
            "n_samples": smaa.get("n_samples", sens.get("n_samples")), "method": smaa.get("method", ""),
            "meta_weights": smaa.get("meta_weights", "")}


def stability_info(results: dict) -> dict | None:
    """Stability intervals per matrix criterion: ``{"criteria", "weights", "top_interval",
    "ranking_interval", "top", "note"}``; weights default to the group weights."""
    st = (results.get("sensitivity") or {}).get("stability")
    if not st or not st.get("top_interval"):
        return None
    criteria = [c["id"] for c in results["matrix"]["criteria"]]
    top_iv, rank_iv = st["top_interval"], st.get("ranking_interval") or {}
    if isinstance(top_iv, dict):
        criteria = [c for c in criteria if c in top_iv]
        top_iv = [top_iv[c] for c in criteria]
        rank_iv = [rank_iv.get(c, [None, None]) for c in criteria] if isinstance(rank_iv, dict) else rank_iv
    weights = st.get("weights") or [results["weights"]["group"][c] for c in criteria]
    top = st.get("top")
    if isinstance(top, int):
        top = results["matrix"]["measures"][top]
    return {"criteria": criteria, "weights": list(weights), "top_interval": list(top_iv),
            "ranking_interval": list(rank_iv) or [[None, None]] * len(criteria), "top": top,
            "note": (results.get("sensitivity") or {}).get("critical_note", "")}


def rank_acceptability_table(results: dict, cat: Catalogue) -> Table | None:
    smaa = smaa_info(results)
    if smaa is None:
        return None
    names = measure_names(results)
    ra = smaa["rank_acceptability"]
    n = len(ra[0])
    order = sorted(range(len(ra)), key=lambda i: [-(x or 0.0) for x in ra[i]])
    cols = [Column("id", cat("col.id")), Column("name", cat("col.name"))]
    cols += [Column(f"b{r + 1}", cat("col.rank_n", r=r + 1), cat("unit.share"), "share") for r in range(n)]
    cols += [Column("holistic", cat("col.holistic"), cat("unit.share"), "share"),
             Column("confidence", cat("col.confidence"), cat("unit.share"), "share")]
    rows = tuple((smaa["measures"][i], names.get(smaa["measures"][i], ""), *ra[i], smaa["holistic"][i],
                  smaa["confidence"][i]) for i in order)
    note = cat("note.smaa", method=smaa["method"], n=cat.number(smaa["n_samples"], 0), meta=smaa["meta_weights"])
    return Table("rank_acceptability", cat("table.rank_acceptability"), tuple(cols), rows, note=note)


def stability_table(results: dict, cat: Catalogue) -> Table | None:
    st = stability_info(results)
    if st is None:
        return None
    crit = criterion_names(results)
    share = cat("unit.share")
    rows = tuple((crit.get(c, c), w, t[0], t[1], r[0], r[1])
                 for c, w, t, r in zip(st["criteria"], st["weights"], st["top_interval"], st["ranking_interval"]))
    names = measure_names(results)
    note = cat("note.stability", top=f"{st['top']} {names.get(st['top'], '')}".strip()) if st["top"] else ""
    critical = critical_sentence(results, cat)
    note = f"{note} {critical}".strip()
    return Table("stability", cat("table.stability"), (
        Column("criterion", cat("col.criterion")), Column("weight", cat("col.weight"), share, "share"),
        Column("top_lo", cat("col.top_lo"), share, "share"), Column("top_hi", cat("col.top_hi"), share, "share"),
        Column("ranking_lo", cat("col.ranking_lo"), share, "share"),
        Column("ranking_hi", cat("col.ranking_hi"), share, "share")), rows, note=note)


def critical_sentence(results: dict, cat: Catalogue) -> str:
    """The most critical criterion (Triantaphyllou & Sánchez 1997) in words: the smallest change of a
    weight that changes the top measure, and the smallest that changes any rank; '' when absent."""
    crit = (results.get("sensitivity") or {}).get("critical")
    if not crit:
        return ""
    criteria = [c["id"] for c in results["matrix"]["criteria"]]
    names = criterion_names(results)
    parts = []
    for kind in ("top", "any"):
        k = crit.get(f"{kind}_criterion")
        pct = (crit.get(f"percent_{kind}") or [None] * len(criteria))[k] if k is not None and k >= 0 else None
        if pct is None:
            parts.append(cat(f"note.critical_{kind}_none"))
        else:
            c = criteria[k]
            parts.append(cat(f"note.critical_{kind}", criterion=names.get(c, c), pct=cat.number(pct, 1)))
    return " ".join(parts)


def tornado_info(results: dict) -> dict | None:
    """The one-at-a-time tornado on the focus measure: ``{"measure", "base_npv", "base_rank", "bars"}``."""
    t = (results.get("sensitivity") or {}).get("tornado")
    if not t or not t.get("bars"):
        return None
    return {"measure": t.get("measure", ""), "base_npv": t.get("base_npv"), "base_rank": t.get("base_rank"),
            "base_portfolio": t.get("base_portfolio"), "bars": list(t["bars"])}


_TORNADO_INPUT = re.compile(r"weight (?P<w>\S+)|effect (?P<m>\S+) (?P<c>\S+)|(?P<i>investment costs)"
                            r"|(?P<d>discount set)")
"""The English bar names of a results.json written before the bars carried ``kind`` and friends."""


def _decimals_needed(value: float, most: int = 4) -> int:
    """The fewest decimals (up to ``most``) that show ``value`` exactly: 0.5 -> 1, 3500 -> 0, 1.25 -> 2."""
    for d in range(most + 1):
        if abs(round(value, d) - value) <= 1e-9 * max(1.0, abs(value)):
            return d
    return most


def _as_number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(str(value).strip().lstrip("x×"))
    except ValueError:
        return None


def tornado_bar(results: dict, bar: dict, cat: Catalogue) -> dict:
    """One tornado bar phrased in the report's language.

    Reads the bar's data (``kind``: weight, effect, investment or discount; ``criterion``,
    ``measure``, numeric ``low``/``high``), or, from an older results.json, parses its English
    ``input``. Returns ``{"name", "low", "high", "label"}``: the input's name for a table column,
    the low and high setting as :class:`Cell` (numbers stay numbers), and "name (low / high)" for
    the charts.
    """
    kind, criterion, measure = bar.get("kind"), bar.get("criterion"), bar.get("measure")
    if not kind:
        match = _TORNADO_INPUT.fullmatch(str(bar.get("input", "")))
        if match:
            kind = ("weight" if match.group("w") else "effect" if match.group("m") else
                    "investment" if match.group("i") else "discount")
            criterion = match.group("w") or match.group("c")
            measure = match.group("m")
    names = {c["id"]: c["name"] for c in results["scenario"]["criteria"]}
    names.update(criterion_names(results))
    crit = names.get(criterion or "", criterion or "")
    if kind == "weight":
        name = cat("tornado.weight", criterion=crit)
    elif kind == "effect":
        name = cat("tornado.effect", criterion=crit, measure=measure or "")
    elif kind in ("investment", "discount"):
        name = cat(f"tornado.{kind}")
    else:
        name = str(bar.get("input", ""))
    cells, texts = [], []
    for value in (bar.get("low"), bar.get("high")):
        number = _as_number(value) if kind in ("weight", "effect", "investment") else None
        if number is None:
            cells.append(Cell("" if value is None else str(value)))
            texts.append("" if value is None else str(value))
            continue
        decimals = 3 if kind == "weight" else _decimals_needed(number)
        cells.append(Cell(number, "number", decimals))
        text = cat.number(number, decimals)
        texts.append(f"×{text}" if kind == "investment" else text)
    return {"name": cat("tornado.investment_factor") if kind == "investment" else name, "low": cells[0],
            "high": cells[1], "label": f"{name} ({texts[0]} / {texts[1]})"}


def tornado_table(results: dict, cat: Catalogue) -> Table | None:
    t = tornado_info(results)
    if t is None:
        return None
    eur = cat("unit.eur_pv")
    rows = []
    for b in t["bars"]:
        shown = tornado_bar(results, b, cat)
        rows.append((shown["name"], shown["low"], shown["high"], b.get("npv_low"), b.get("npv_high"),
                     b.get("rank_low"), b.get("rank_high"), b.get("top_low"), b.get("top_high")))
    names = measure_names(results)
    note = cat("note.tornado", measure=f"{t['measure']} {names.get(t['measure'], '')}".strip(),
               npv=cat.money(t["base_npv"]), rank=t["base_rank"])
    return Table("tornado", cat("table.tornado"), (
        Column("input", cat("col.parameter")), Column("low", cat("col.low_value")),
        Column("high", cat("col.high_value")), Column("npv_low", cat("col.npv_low"), eur, "money"),
        Column("npv_high", cat("col.npv_high"), eur, "money"), Column("rank_low", cat("col.rank_low"), kind="int"),
        Column("rank_high", cat("col.rank_high"), kind="int"), Column("top_low", cat("col.top_low_measure")),
        Column("top_high", cat("col.top_high_measure"))), tuple(rows), note=note)


def tornado_portfolio_table(results: dict, cat: Catalogue) -> Table | None:
    t = tornado_info(results)
    port = portfolio_info(results)
    if t is None or port is None or t["base_portfolio"] is None:
        return None
    name = port["objective_name"]
    bars = [b for b in t["bars"] if b.get("portfolio_low") is not None or b.get("portfolio_high") is not None]
    bars.sort(key=lambda b: -abs((b.get("portfolio_high") or 0.0) - (b.get("portfolio_low") or 0.0)))
    rows = []
    for b in bars:
        shown = tornado_bar(results, b, cat)
        rows.append((shown["name"], shown["low"], shown["high"], _objective_cell(b.get("portfolio_low"), name),
                     _objective_cell(b.get("portfolio_high"), name)))
    return Table("tornado_portfolio", cat("table.tornado_portfolio"), (
        Column("input", cat("col.parameter")), Column("low", cat("col.low_value")),
        Column("high", cat("col.high_value")), Column("portfolio_low", cat("col.portfolio_low"), name),
        Column("portfolio_high", cat("col.portfolio_high"), name)), tuple(rows),
        note=cat("note.tornado_portfolio", value=_objective_text(t["base_portfolio"], name, cat)))


def portfolio_robustness(results: dict) -> dict | None:
    """``sensitivity.portfolio_robustness`` (classes, base share, samples); None when absent."""
    return (results.get("sensitivity") or {}).get("portfolio_robustness") or None


def switching_table(results: dict, cat: Catalogue) -> Table | None:
    sv = (results.get("sensitivity") or {}).get("switching_values")
    if not sv:
        return None
    names = measure_names(results)
    rows = tuple((m, names.get(m, ""), _appraisal(results, m)["npv"], v.get("benefit_factor"),
                  v.get("investment_factor")) for m, v in sv.items() if m in results["appraisal"]["measures"])
    return Table("switching", cat("table.switching"), (
        Column("id", cat("col.id")), Column("name", cat("col.name")),
        Column("npv", cat("col.npv"), cat("unit.eur_pv"), "money"),
        Column("benefit_factor", cat("col.benefit_factor"), "×", "ratio"),
        Column("investment_factor", cat("col.investment_factor"), "×", "ratio")), rows,
        note=cat("note.switching"))


def core_index_table(results: dict, cat: Catalogue) -> Table | None:
    core = core_index(results)
    if not core:
        return None
    names = measure_names(results)
    robust = portfolio_robustness(results) or {}
    classes = robust.get("classes") or {}
    rpm = robust.get("rpm_core_index") or {}
    rows = tuple((m, names.get(m, ""), v, *([rpm.get(m)] if rpm else []),
                  cat(f"rpm.{classes[m]}") if m in classes else "")
                 for m, v in sorted(core.items(), key=lambda kv: (-(kv[1] or 0.0), kv[0])))
    note = cat("note.core_index", samples=cat.number(robust["n_samples"], 0)) if robust.get("n_samples") else ""
    if robust.get("nondominated_count"):
        key = "note.nondominated" if robust.get("nondominated_complete") else "note.nondominated_partial"
        note = f"{note} {cat(key, n=cat.number(robust['nondominated_count'], 0))}".strip()
    return Table("core_index", cat("table.core_index"), (
        Column("id", cat("col.id")), Column("name", cat("col.name")),
        Column("core_index", cat("col.core_index"), cat("unit.share"), "share"),
        *([Column("rpm_core_index", cat("col.rpm_core_index"), cat("unit.share"), "share")] if rpm else []),
        Column("class", cat("col.rpm_class"))), rows, note=note)


def core_index(results: dict) -> dict:
    """Measure id -> core index (share of efficient portfolios), from sensitivity or portfolio; {} if absent."""
    return places.core_index(results)


# -- roadmap, map and monitoring ----------------------------------------------------------------

def roadmap_table(results: dict, cat: Catalogue) -> Table | None:
    """The Gantt chart as a table: per chosen measure its theme, years and the investment per year."""
    plan = results.get("roadmap")
    if not plan or not plan["tasks"]:
        return None
    years = plan["years"]
    rows = tuple((t["theme"], t["id"], t["name"], t["start"], t["end"], t["in_use"],
                  *[t["spend"].get(str(y)) for y in years]) for t in plan["tasks"])
    total = (cat("col.total"), "", "", None, None, None,
             *[sum(t["spend"].get(str(y), 0.0) for t in plan["tasks"]) for y in years])
    return Table("roadmap", cat("table.roadmap"), (
        Column("theme", cat("col.theme")), Column("id", cat("col.id")), Column("name", cat("col.name")),
        Column("start", cat("col.start"), kind="year"), Column("end", cat("col.end"), kind="year"),
        Column("in_use", cat("col.in_use"), kind="year"),
        *[Column(str(y), str(y), cat("unit.eur"), "money") for y in years]), rows + (total,), total_row=True)


def spend_table(results: dict, cat: Catalogue) -> Table | None:
    """Per year: each payer's investment, synergy savings, what counts against the budget, the budget,
    and with carry-over what the year may spend (its budget plus what earlier years left)."""
    plan = results.get("roadmap")
    if not plan or not plan["tasks"]:
        return None
    payers = list(plan["spend_per_payer"])
    has_savings = any(plan["savings"])
    carry = plan.get("carry_over", False)
    rows = []
    for k, y in enumerate(plan["years"]):
        rows.append((y, *[plan["spend_per_payer"][p][k] for p in payers],
                     *([-plan["savings"][k]] if has_savings else []), plan["total"][k], plan["budget"][k],
                     *([plan["available"][k]] if carry else [])))
    n = len(payers) + int(has_savings) + 1
    rows.append((Cell(cat("col.total")), *[sum(r[1 + j] for r in rows) for j in range(n)], None,
                 *([None] if carry else [])))
    eur = cat("unit.eur")
    return Table("spend", cat("table.spend"), (
        Column("year", cat("col.year"), kind="year"),
        *[Column(p, stakeholder_label(results, p, cat), eur, "money") for p in payers],
        *([Column("savings", cat("col.savings"), eur, "money")] if has_savings else []),
        Column("total", cat("col.spend_total"), eur, "money"), Column("budget", cat("col.budget_year"), eur, "money"),
        *([Column("available", cat("col.budget_available"), eur, "money")] if carry else [])),
        tuple(rows), total_row=True)


def map_table(results: dict, cat: Catalogue) -> Table | None:
    """Every measure with its place: sub-area, group rank, chosen or not, start year, core index."""
    if not results.get("map"):
        return None
    attrs = places.measure_attributes(results)
    area_names = {a["id"]: a["name"] for a in results["map"]["areas"]}
    has_areas, has_port, has_core = bool(area_names), "portfolio" in results, bool(core_index(results))
    rows = []
    for a in sorted(attrs.values(), key=lambda a: (a["rank"] or 10**6, a["id"])):
        where = area_names.get(a["area"], cat("map.outside")) if a["on_map"] else cat("map.no_place")
        rows.append((a["id"], a["name"], a["theme"], *([where] if has_areas else
                     [cat("yes") if a["on_map"] else cat("map.no_place")]), a["rank"],
                     *([a["chosen"], a["start_year"]] if has_port else []), *([a["core_index"]] if has_core else [])))
    return Table("map_measures", cat("table.map_measures"), (
        Column("id", cat("col.id")), Column("name", cat("col.name")), Column("theme", cat("col.theme")),
        Column("area", cat("col.area") if has_areas else cat("col.on_map")), Column("rank", cat("col.rank"), kind="int"),
        *([Column("chosen", cat("col.chosen"), kind="bool"), Column("start_year", cat("col.start"), kind="year")]
          if has_port else []),
        *([Column("core_index", cat("col.core_index"), cat("unit.share"), "share")] if has_core else [])), tuple(rows),
        note=cat("map.illustrative") if results["map"].get("illustrative") else "")


def areas_table(results: dict, cat: Catalogue) -> Table | None:
    """Per sub-area: measures located there, how many are chosen, their investment and NPV, the best-ranked."""
    rows = places.area_aggregates(results)
    if not rows:
        return None
    has_port = "portfolio" in results
    out = tuple((r["name"] or cat("map.outside"), r["n_measures"], *([r["n_chosen"], r["investment"], r["npv"]] if has_port
                 else []), r["best"]) for r in rows)
    return Table("areas", cat("table.areas"), (
        Column("area", cat("col.area")), Column("measures", cat("col.measures"), kind="int"),
        *([Column("chosen", cat("col.n_chosen"), kind="int"), Column("investment", cat("col.spend"), cat("unit.eur"), "money"),
           Column("npv", cat("col.npv"), cat("unit.eur_pv"), "money")] if has_port else []),
        Column("best", cat("col.best_ranked"))), out)


def monitoring_table(results: dict, cat: Catalogue) -> Table | None:
    """Per ambition and year: planned, realised, and realised minus planned where both exist."""
    tracks = results.get("monitoring")
    if not tracks:
        return None
    rows = []
    for t in tracks:
        for y, p, r in zip(t["years"], t["planned"], t["realised"]):
            rows.append((t["name"], t["unit"], y, Cell(p, "number", 1), Cell(r, "number", 1),
                         Cell(r - p if p is not None and r is not None else None, "number", 1)))
    return Table("monitoring", cat("table.monitoring"), (
        Column("ambition", cat("col.ambition")), Column("unit", cat("col.unit")), Column("year", cat("col.year"), kind="year"),
        Column("planned", cat("col.planned"), kind="number", decimals=1),
        Column("realised", cat("col.realised"), kind="number", decimals=1),
        Column("difference", cat("col.difference"), kind="number", decimals=1)), tuple(rows))


# -- assumptions and provenance -----------------------------------------------------------------

def _rate(rate: float, cat: Catalogue) -> str:
    return cat.share(rate, _decimals_needed(rate * 100, 2))


def discount_description(disc: dict, cat: Catalogue) -> str:
    """The discount set in the report's language, its rates from the data (``steps``, ``final_rate``):
    '...: 2,8 % in jaar 1–35, daarna 1,8 %'. Without that data: the stored (English) description."""
    if disc.get("final_rate") is None:
        return str(disc.get("description", ""))
    name_key = f"discount.name.{disc.get('name')}"
    name = cat(name_key) if cat.has(name_key) else cat("discount.name.other")
    steps = [tuple(s) for s in disc.get("steps") or []]
    parts, first = [], 1
    for last, rate in steps:
        parts.append(cat("discount.step", rate=_rate(rate, cat), first=first, last=int(last)))
        first = int(last) + 1
    final = _rate(disc["final_rate"], cat)
    parts.append(cat("discount.after", rate=final) if steps else cat("discount.constant", rate=final))
    return cat("discount.rates", name=name, rates=", ".join(parts))


def discount_source(disc: dict, cat: Catalogue) -> str:
    """Where the discount set comes from, in the report's language for the bundled sets."""
    key = f"discount.source.{disc.get('name')}"
    if cat.has(key):
        return cat(key)
    if disc.get("source") == "scenario input":
        return cat("discount.source.scenario")
    return str(disc.get("source", ""))


_SAMPLER_ALGORITHMS = (
    (r"dirichlet mixing of the vertices", "mixing"), (r"single point", "single"),
    (r"dirichlet mixing \(vertices form a simplex\)", "simplex"),
    (r"uniform on the segment \(collinear vertices\)", "segment"),
    (r"volume-weighted Delaunay simplices \((?P<n>\d+)\) \+ dirichlet mixing", "delaunay"),
    (r"dirichlet mixing of dirichlet-perturbed vertices \(respondent spread\)", "spread"),
    (r"normalised gamma", "gamma"), (r"uniform \+ sort into order", "sorted"),
    (r"dirichlet\(1,\.\.\.,1\)( via Exp\(1\))?", "uniform"), (r"rejection", "rejection"),
    (r"hit-and-run", "hit_and_run"),
)


def sampler_description(sampler: dict, cat: Catalogue) -> str:
    """How the weights were sampled, in the report's language: 'kind (algorithm)'; a kind or an
    algorithm the catalogue does not know is shown as stored."""
    kind = str(sampler.get("kind", ""))
    text = cat(f"sampler.{kind}") if cat.has(f"sampler.{kind}") else kind
    algorithm = str(sampler.get("algorithm", "") or "")
    for pattern, key in _SAMPLER_ALGORITHMS:
        match = re.fullmatch(pattern, algorithm)
        if match:
            algorithm = cat(f"sampler.algo.{key}", **match.groupdict())
            break
    return f"{text}: {algorithm}" if algorithm else text


def assumptions_table(results: dict, cat: Catalogue) -> Table:
    scen = results["scenario"]
    disc = results["appraisal"]["discount"]
    prov = results.get("provenance", {})
    ap = scen["appraisal"]
    params = results["scores"].get("params") or {}
    rows: list[tuple] = [
        (cat("assume.scenario"), scen["name"]),
        (cat("assume.discount"), f"{disc['name']} ({disc['version']})"),
        (cat("assume.discount_description"), discount_description(disc, cat)),
        (cat("assume.discount_source"), discount_source(disc, cat)),
        (cat("assume.price_year"), Cell(ap["price_year"], "year")),
        (cat("assume.start_year"), Cell(ap["start_year"], "year")),
        (cat("assume.horizon"), Cell(ap["horizon"], "int")),
        (cat("assume.years"), "–".join(str(y) for y in results["appraisal"]["years"])),
        (cat("assume.method"), method_label(results)),
        (cat("assume.method_params"), ", ".join(f"{k} = {v}" for k, v in sorted(params.items())) or "–"),
        (cat("assume.group"), cat(f"group_method.{results['weights']['group_method']}")),
    ]
    port = portfolio_info(results)
    solver = (port or {}).get("solver") or prov.get("solver")
    if solver:
        rows.append((cat("assume.solver"), str(solver)))
    if port is not None:
        rows.append((cat("assume.objective"), objective_label(port["objective_name"], cat)))
    if prov.get("seed") is not None:
        rows.append((cat("assume.seed"), Cell(prov["seed"], "year")))
    sens = results.get("sensitivity") or {}
    samples = sens.get("n_samples") or (smaa_info(results) or {}).get("n_samples")
    if samples:
        rows.append((cat("assume.samples"), Cell(samples, "int")))
    sampler = sens.get("sampler") or {}
    if sampler.get("kind"):
        rows.append((cat("assume.sampler"), sampler_description(sampler, cat)))
    for w in scen.get("warnings") or []:
        rows.append((cat("assume.warnings"), str(w.get("message", w)) if isinstance(w, dict) else str(w)))
    return Table("assumptions", cat("table.assumptions"),
                 (Column("item", cat("col.item")), Column("value", cat("col.value"))), tuple(rows))


def provenance_table(results: dict, cat: Catalogue) -> Table | None:
    prov = results.get("provenance")
    if not prov:
        return None
    rows = [(cat(f"prov.{k}"), str(prov[k])) for k in ("source", "input_hash", "mkba", "python") if prov.get(k)]
    return Table("provenance", cat("table.provenance"),
                 (Column("item", cat("col.item")), Column("value", cat("col.value"))), tuple(rows))


def versions_table(results: dict, cat: Catalogue) -> Table | None:
    deps = (results.get("provenance") or {}).get("dependencies")
    if not deps:
        return None
    return Table("versions", cat("table.versions"),
                 (Column("package", cat("prov.package")), Column("version", cat("prov.version"))),
                 tuple((k, str(v)) for k, v in sorted(deps.items())))


# -- the report ---------------------------------------------------------------------------------

def _figure(name: str) -> Builder:
    return lambda results, cat: FigureRef(name)


def _when(key: str, name: str) -> Builder:
    """A figure that is drawn only when ``results`` has ``key`` (a dotted path)."""
    def build(results: dict, cat: Catalogue) -> FigureRef | None:
        node: Any = results
        for part in key.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        return FigureRef(name) if node else None
    return build


@dataclass(frozen=True)
class SectionSpec:
    id: str
    blocks: tuple[Builder, ...]
    paragraphs: Callable[[dict, Catalogue], list[str]] | None = None


SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec("summary", (key_figures_table, top_table), summary_paragraphs),
    SectionSpec("appraisal", (appraisal_table, _figure("npv"), pm_table, distribution_table)),
    SectionSpec("weights", (criteria_table, weights_table, _figure("weights"))),
    SectionSpec("rankings", (_figure("multi_actor"), ranks_table, scores_table, kendall_table)),
    SectionSpec("portfolio", (portfolio_table, greedy_table, stakeholder_portfolios_table), portfolio_paragraphs),
    SectionSpec("roadmap", (_when("roadmap.tasks", "roadmap"), roadmap_table, _when("roadmap.tasks", "spend"),
                            spend_table)),
    SectionSpec("map", (_when("map", "map_portfolio"), _when("map", "map_priority"), _when("map", "map_core"),
                        map_table, areas_table)),
    SectionSpec("monitoring", (_when("monitoring", "monitoring"), monitoring_table)),
    SectionSpec("frontier", (frontier_table, lambda r, c: FigureRef("frontier") if frontier_rows(r) else None)),
    SectionSpec("sensitivity", (
        rank_acceptability_table, lambda r, c: FigureRef("acceptability") if smaa_info(r) else None,
        stability_table, lambda r, c: FigureRef("stability") if stability_info(r) else None,
        tornado_table, lambda r, c: FigureRef("tornado") if tornado_info(r) else None,
        lambda r, c: FigureRef("tornado_rank") if tornado_info(r) else None,
        switching_table,
        core_index_table, lambda r, c: FigureRef("core_index") if core_index(r) else None,
        tornado_portfolio_table, lambda r, c: FigureRef("tornado_portfolio") if tornado_portfolio_table(r, c) else None)),
    SectionSpec("assumptions", (assumptions_table,)),
    SectionSpec("provenance", (provenance_table, versions_table)),
)
"""The report's sections in order; each block builder returns a Table, a FigureRef or None."""


def build(results: dict, lang: str | None = None) -> Report:
    """The report's content in ``lang`` (default: the scenario's language).

    Parameters
    ----------
    results : dict
        The content of ``results.json``.
    lang : {"nl", "en"}, optional

    Returns
    -------
    Report
        Sections with paragraphs and blocks; absent data leaves its section out.
    """
    cat = catalogue(lang or results["scenario"].get("language") or "nl")
    sections = []
    for spec in SECTIONS:
        blocks = tuple(b for b in (build_block(results, cat) for build_block in spec.blocks) if b is not None)
        paragraphs = tuple(spec.paragraphs(results, cat)) if spec.paragraphs else ()
        if any(isinstance(b, Table) for b in blocks) or paragraphs:
            sections.append(Section(spec.id, cat(f"section.{spec.id}"), paragraphs, blocks))
    return Report(title=results["scenario"]["name"], subtitle=cat("report.subtitle"), lang=cat.lang,
                  sections=tuple(sections))
