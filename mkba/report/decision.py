"""The decision proposal (Besluitvoorstel) and the package's MKBA tables, the first screen of the report.

Everything here reads the package once through :func:`.facts.package_view` (``portfolio.package``,
or the same shape rebuilt from the appraisal for an older results.json), so the proposal, the
summary, the key figures and the MKBA tables show the same numbers. Money is labelled by basis:
"investering (nominaal)" is the undiscounted investment in price-year euros, costs and benefits
are present values ("contante waarde").
"""

from __future__ import annotations

from typing import Any

from ..results import Cap, Distribution, Results
from .facts import (group_rows, illustrative, left_out, measure_names, objective_amount, package_payers,
                    package_view, pm_only, pm_sign, portfolio_block, portfolio_info, robustness_view, stakeholder_label)
from .futures import futures_paragraphs
from .i18n import MISSING, Catalogue
from .model import Cell, Column, Table
from .sentences import decimals_needed, part_phrase, portfolio_status_sentence
from .ambitions import ambition_headline

__all__ = ["decision_intro", "decision_paragraphs", "package_table", "budget_table", "left_out_table",
           "mkba_table", "package_distribution_table", "distribution_rows", "pm_text", "payers_text", "greedy_sentence",
           "firmness_sentence", "left_out_reason", "budget_label", "package_sentence"]


def _criteria(results: Results) -> dict[str, dict]:
    return {c["id"]: dict(c) for c in results["scenario"]["criteria"]}


def pm_text(results: Results, pm: dict[str, float], cat: Catalogue) -> str:
    """The PM effects (not in money) as '+PM: name, name; −PM: name': + the improvements, − the
    deteriorations (a fall of a criterion where lower is better is an improvement)."""
    crit = _criteria(results)
    signs: dict[int, list[str]] = {1: [], -1: []}
    for cid, value in pm.items():
        sign = pm_sign(results, cid, value)
        if sign:
            signs[sign].append(crit[cid]["name"] if cid in crit else cid)
    return "; ".join(f"{label}: {', '.join(names)}" for label, names in (("+PM", signs[1]), ("−PM", signs[-1]))
                     if names)


def payers_text(results: Results, shares: dict[str, float], cat: Catalogue) -> str:
    """'Gemeente 60 %, Corporatie 40 %'."""
    return ", ".join(f"{stakeholder_label(results, p, cat)} {cat.share(s, 0)}" for p, s in shares.items())


def _benefits_cell(results: Results, benefits: float | None, pm: dict[str, float]) -> Any:
    """The monetised benefits, or 'PM' when there are none in money but effects that are not."""
    if not benefits and any(pm_sign(results, c, v) for c, v in pm.items()):
        return Cell("PM")
    return benefits


def decision_intro(results: Results, cat: Catalogue) -> tuple[tuple[str, ...], str]:
    """(paragraphs under the title: the scenario's description; a note when the map is illustrative)."""
    scen = results["scenario"]
    description = scen["description"].strip() if "description" in scen else ""
    note = cat("map.illustrative") if illustrative(results) else ""
    return ((description,) if description else ()), note


def package_table(results: Results, cat: Catalogue) -> Table | None:
    """One row per chosen measure: start year, investment (nominal), costs, benefits and saldo (present
    value), PM effects, who pays which share and how firm it is (core index); a total row."""
    view = package_view(results)
    if view is None:
        return None
    names = measure_names(results)
    robust = robustness_view(results, [r["measure"] for r in view["rows"]])
    eur, pv = cat("unit.eur"), cat("unit.eur_pv")
    rows: list[tuple[Any, ...]] = []
    for r in view["rows"]:
        m = r["measure"]
        rows.append((m, names.get(m, m), r["start_year"], r["investment"], r["pv_costs"],
                     _benefits_cell(results, r["pv_benefits"], r["pm"]), r["npv"], pm_text(results, r["pm"], cat),
                     payers_text(results, r["payers"], cat), *([robust["core"].get(m)] if robust else [])))
    t = view["totals"]
    rows.append((cat("col.total"), "", Cell(""), t["investment"], t["pv_costs"],
                 _benefits_cell(results, t["pv_benefits"], t["pm"]), t["npv"], pm_text(results, t["pm"], cat),
                 payers_text(results, package_payers(view), cat), *([Cell("")] if robust else [])))
    return Table("package", cat("table.package"), (
        Column("id", cat("col.id")), Column("name", cat("col.name")), Column("start", cat("col.start"), kind="year"),
        Column("investment", cat("col.investment_nominal"), eur, "money"),
        Column("pv_costs", cat("col.pv_costs"), pv, "money"), Column("pv_benefits", cat("col.pv_benefits"), pv, "money"),
        Column("npv", cat("col.npv"), pv, "money"), Column("pm", cat("col.pm_effects")),
        Column("payers", cat("col.payers")),
        *([Column("core_index", cat("col.core_index"), cat("unit.share"), "share")] if robust else [])),
        tuple(rows), note=cat("note.package") + (" " + cat("note.core_index_short") if robust else ""),
        total_row=True)


def budget_label(results: Results, use: dict, cat: Catalogue) -> str:
    """'Totaalbudget', 'Budget 2027 (t/m, met overheveling)', 'Bijdrage Gemeente', 'Plafond beheerkosten 2030'."""
    kind = use["kind"]
    if kind == "year":
        return cat("budget.year_cumulative" if use.get("cumulative") else "budget.year", year=use["year"])
    if kind == "payer":
        return cat("budget.payer", payer=stakeholder_label(results, use["payer"] or "", cat))
    if kind == "running":
        return cat("budget.running", year=use["year"]) if use.get("year") is not None else cat("budget.running_all")
    return cat("budget.total")


def budget_table(results: Results, cat: Catalogue) -> Table | None:
    """The package against every cap it had to keep: the cap, what the package uses, what is left."""
    view = package_view(results)
    if view is None or not view["budgets"]:
        return None
    eur = cat("unit.eur")
    rows = tuple((budget_label(results, b, cat), b["amount"], b["used"], b["amount"] - b["used"],
                  cat("yes") if b["binding"] else cat("no")) for b in view["budgets"])
    return Table("budgets", cat("table.budgets"), (
        Column("budget", cat("col.budget_line")), Column("amount", cat("col.budget"), eur, "money"),
        Column("used", cat("col.used"), eur, "money"), Column("room", cat("col.room"), eur, "money"),
        Column("binding", cat("col.binding"))), rows, note=cat("note.budgets"))


_CAP_KINDS = {"budget_total": "total", "budget_year": "year", "budget_cumulative": "year", "payer": "payer",
              "running": "running"}
"""A diagnosis cap's kind -> the budget line's kind (``portfolio.package.budgets``)."""


def _cap_phrase(results: Results, cap: Cap, cat: Catalogue) -> str:
    """A cap as its budget line's name and amount: 'bijdrage Gemeente (€ 5,0 mln)'."""
    use = {"kind": _CAP_KINDS.get(cap["kind"], cap["kind"]), "year": cap.get("year"), "payer": cap.get("payer"),
           "cumulative": cap["kind"] == "budget_cumulative"}
    label = budget_label(results, use, cat)
    return cat("leftout.cap", label=label[:1].lower() + label[1:], amount=cat.money(cap["amount"]))


def left_out_reason(results: Results, item: dict, cat: Catalogue) -> str:
    """Why a top-ranked measure is not in the package, from ``portfolio.left_out`` (as data)."""
    port = portfolio_block(results)
    name = port["objective_name"] if port is not None else "value"
    forced = item["forced"]
    caps = list(dict.fromkeys(_cap_phrase(results, p["cap"], cat) for p in item["binding"] if p["kind"] == "cap"))
    rules = list(dict.fromkeys(part_phrase(results, p, cat) for p in item["binding"] if p["kind"] != "cap"))
    lost = forced["value_lost"]
    lost_text = objective_amount(lost, name, cat) if lost is not None else ""
    dropped = cat.join(list(forced["dropped"]))
    if item["reason"] == "rule":
        return cat("leftout.rule", rules="; ".join(rules + caps)) if rules or caps else cat("leftout.rule_unnamed")
    if item["reason"] == "budget":
        text = cat("leftout.budget", caps="; ".join(caps) or cat("leftout.budget_unnamed"))
        if rules:
            text += " " + cat("leftout.also_rules", rules="; ".join(rules))
    else:
        text = cat("leftout.value")
    if dropped and lost_text:
        key = "leftout.forced_many" if len(forced["dropped"]) > 1 else "leftout.forced"
        text += " " + cat(key, measure=item["measure"], dropped=dropped, lost=lost_text)
    elif lost_text:
        text += " " + cat("leftout.forced_nodrop", measure=item["measure"], lost=lost_text)
    return text


def left_out_table(results: Results, cat: Catalogue) -> Table | None:
    """'Hoog gerangschikt, niet gekozen': each of the group's top measures left out, and what keeps it out."""
    items = left_out(results)
    if not items:
        return None
    names = measure_names(results)
    rows = tuple((i["group_rank"], i["measure"], names.get(i["measure"], i["measure"]), i["npv"],
                  Cell("PM") if pm_only(results, i["measure"]) else i["bcr"], left_out_reason(results, i, cat))
                 for i in items)
    return Table("left_out", cat("table.left_out"), (
        Column("rank", cat("col.group_rank"), kind="int"), Column("id", cat("col.id")), Column("name", cat("col.name")),
        Column("npv", cat("col.npv"), cat("unit.eur_pv"), "money"), Column("bcr", cat("col.bcr"), kind="ratio"),
        Column("reason", cat("col.reason"))), rows)


def firmness_sentence(results: Results, cat: Catalogue) -> str:
    """One sentence on how firm the package is, in the core-index vocabulary only."""
    port = portfolio_info(results)
    if port is None or not port["selected"]:
        return ""
    robust = robustness_view(results, port["selected"])
    if robust is None or robust["base_share"] is None:
        return cat("firm.unknown")
    core = robust["core"]
    n = len(port["selected"])
    if not robust["depends"]:
        return cat("firm.all", share=cat.share(robust["base_share"], 0), samples=cat.number(robust["n_samples"], 0),
                   n=n)
    shaky = cat.join([f"{m} ({cat.share(core.get(m), 0)})" for m in robust["depends"]])
    return cat("firm.some", share=cat.share(robust["base_share"], 0), samples=cat.number(robust["n_samples"], 0),
               shaky=shaky, firm=len(robust["firm"]), n=n)


def greedy_sentence(results: Results, cat: Catalogue) -> str:
    """The package against the simple rule (fund by benefit/cost until the money is out), naming the
    rules the simple package breaks (``greedy.broken``) so a higher value is never shown as a loss."""
    port = portfolio_info(results)
    if port is None or port["greedy"] is None or not port["selected"]:
        return ""
    greedy: dict = dict(port["greedy"])
    rule = cat(f"greedy.by.{greedy.get('ranked_by', 'bcr')}")
    if sorted(greedy["selected"]) == sorted(port["selected"]):
        return cat("greedy.same", rule=rule)
    name = port["objective_name"]
    items = cat.join(list(greedy["selected"])) or cat("none")
    if not greedy["feasible"]:
        broken = [part_phrase(results, p, cat, need=True) for p in greedy.get("broken", [])]
        rules = "; ".join(broken) if broken else cat("greedy.broken_unnamed")
        return cat("greedy.infeasible", rule=rule, items=items, rules=rules)
    if greedy["objective"] is None or port["objective"] is None:
        return cat("greedy.other", rule=rule, items=items)
    lost = port["objective"] - greedy["objective"]
    share = greedy["share_lost"]
    if abs(lost) < 0.0005 * max(1.0, abs(port["objective"])):
        return cat("greedy.equal", rule=rule, items=items)
    return cat("greedy.less", rule=rule, items=items, lost=objective_amount(lost, name, cat),
               share=cat.share(share, 0) if share is not None and share > 0 else cat.share(0.0, 0))


def package_sentence(results: Results, cat: Catalogue) -> str:
    """What is proposed, in one sentence: the number of measures, the total budget, the investment
    (nominal), costs, benefits and saldo (present value) and B/K of the package; '' without one."""
    port = portfolio_info(results)
    view = package_view(results)
    if port is None or view is None:
        return ""
    t = view["totals"]
    budget = cat("decision.within_budget", amount=cat.money(port["budget"])) if port["budget"] is not None else ""
    bcr = cat.number(t["bcr"], 2) if t["bcr"] is not None else MISSING
    return cat("decision.package", n=len(view["rows"]), budget=budget, investment=cat.money(t["investment"]),
               costs=cat.money(t["pv_costs"]), benefits=cat.money(t["pv_benefits"]), npv=cat.money(t["npv"]), bcr=bcr)


def decision_paragraphs(results: Results, cat: Catalogue) -> list[str]:
    """The proposal in words: what is proposed, how firm, against the simple rule; without a package
    the top of the group ranking."""
    port = portfolio_info(results)
    view = package_view(results)
    if port is None or view is None:
        top = [r["measure"] for r in group_rows(results)[:5]]
        names = measure_names(results)
        status = [] if port is None else [portfolio_status_sentence(results, cat)]
        return ambition_headline(results, cat) + status + [cat("decision.top", items=cat.join([f"{m} {names[m]}" for m in top]))]
    t = view["totals"]
    out = ambition_headline(results, cat) + [package_sentence(results, cat)]  # which ambitions it meets, first
    out += futures_paragraphs(results, cat)  # the saldo in every future, equally (issue 17 item 4)
    out += [s for s in (firmness_sentence(results, cat), greedy_sentence(results, cat)) if s]
    items = left_out(results)
    if items:
        out.append(cat("decision.left_out", items=cat.join([cat("decision.left_out_item", measure=i["measure"],
                                                                    rank=i["group_rank"]) for i in items])))
    return out


# -- the package's MKBA tables ---------------------------------------------------------------------

def mkba_table(results: Results, cat: Catalogue) -> Table | None:
    """The package against the nulalternatief as Dutch practice presents it (CPB/PBL Algemene
    leidraad): costs by item and benefits by criterion in present value, saldo, B/K, internal rate of
    return, first-year return, and the effects not in money as PM rows."""
    view = package_view(results)
    if view is None:
        return None
    t = view["totals"]
    crit = _criteria(results)
    pv = cat("unit.eur_pv")
    rows: list[tuple[Any, ...]] = [
        (cat("mkba.investment"), Cell(t["pv_investment"], "money"), pv),
        (cat("mkba.running_cost"), Cell(t["pv_running_cost"], "money"), pv),
        *([(cat("mkba.residual"), Cell(-t["pv_residual"], "money"), pv)] if "pv_residual" in t else []),
        (cat("mkba.costs"), Cell(t["pv_costs"], "money"), pv),
    ]
    for cid, value in view["by_criterion"].items():
        rows.append((cat("mkba.benefit", name=crit[cid]["name"] if cid in crit else cid), Cell(value, "money"), pv))
    rows.append((cat("mkba.benefits"), Cell(t["pv_benefits"], "money"), pv))
    for cid, value in t["pm"].items():
        sign = pm_sign(results, cid, value)
        shown = "+PM" if sign > 0 else "−PM" if sign < 0 else "0"
        unit = crit[cid]["unit"] if cid in crit else ""
        change = cat.number(value, decimals_needed(value, 2))
        rows.append((cat("mkba.pm", name=crit[cid]["name"] if cid in crit else cid),
                     Cell(f"{shown} ({change} {unit})".replace(" )", ")")), cat("unit.pm")))
    rows.append((cat("mkba.npv"), Cell(t["npv"], "money"), pv))
    rows.append((cat("mkba.bcr"), Cell(t["bcr"], "ratio"), ""))
    if t["irr"] is not None:
        rows.append((cat("mkba.irr"), Cell(t["irr"], "share"), cat("unit.per_year")))
    if t["first_year_return"] is not None:
        rows.append((cat("mkba.first_year"), Cell(t["first_year_return"], "share"), ""))
    rows.append((cat("mkba.investment_nominal"), Cell(t["investment"], "money"), cat("unit.eur")))
    return Table("package_mkba", cat("table.package_mkba"), (
        Column("item", cat("col.item")), Column("value", cat("col.package_vs_null")), Column("unit", cat("col.unit"))),
        tuple(rows), note=cat("note.package_mkba"))


def distribution_rows(results: Results, dist: Distribution, cat: Catalogue) -> tuple[tuple[Column, ...], tuple[tuple, ...]]:
    """Columns and rows of a who-pays/who-gains table (``Distribution``): one row per item, one column
    per party plus the total, and the saldo row."""
    actors = list(dist["actors"])
    crit = {c["id"]: c["name"] for c in results["scenario"]["criteria"]}
    pv = cat("unit.eur_pv")
    cols = [Column("item", cat("col.item"))]
    cols += [Column(a, stakeholder_label(results, a, cat), pv, "money") for a in actors]
    cols.append(Column("total", cat("col.total"), pv, "money"))
    rows = []
    sums = [0.0] * (len(actors) + 1)
    for item in dist["items"]:
        values = [dist["by_item"][item].get(a, 0.0) for a in actors]
        values.append(sum(values))
        sums = [s + v for s, v in zip(sums, values)]
        label = cat(f"item.{item}") if cat.has(f"item.{item}") else crit.get(item, item)
        rows.append((label, *values))
    rows.append((cat("item.total"), *sums))
    return tuple(cols), tuple(rows)


def package_distribution_table(results: Results, cat: Catalogue) -> Table | None:
    """Who pays and who gains for the package (present values per party, transfers as a row)."""
    view = package_view(results)
    if view is None or view["distribution"] is None:
        return None
    cols, rows = distribution_rows(results, view["distribution"], cat)
    return Table("package_distribution", cat("table.package_distribution"), cols, rows,
                 note=cat("note.package_distribution"), total_row=True)
