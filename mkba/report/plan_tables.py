"""The tables of the plan, the map, the monitoring, the assumptions and the provenance (see
:mod:`.tables` for the others and the order of the sections)."""

from __future__ import annotations

from typing import Any, cast

from ..results import Results
from ..stages import places
from .facts import (core_index, method_label, objective_label, portfolio_block, portfolio_info,
                    sensitivity_block, stakeholder_label)
from .i18n import Catalogue
from .model import Cell, Column, Table
from .sentences import (decimals_needed, discount_description, discount_short, discount_source, origin_text,
                        part_phrase, sampler_description)

__all__ = ["roadmap_table", "spend_table", "map_table", "areas_table", "monitoring_table", "assumptions_table",
           "rules_table", "provenance_table", "versions_table", "glossary_table"]


# -- roadmap, map and monitoring ----------------------------------------------------------------

def roadmap_table(results: Results, cat: Catalogue) -> Table | None:
    """The Gantt chart as a table: per chosen measure its theme, years and the investment per year."""
    plan = results["roadmap"] if "roadmap" in results else None
    if plan is None or not plan["tasks"]:
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


def spend_table(results: Results, cat: Catalogue) -> Table | None:
    """Per year: each payer's investment, synergy savings, what counts against the budget, the budget,
    and with carry-over what the year may spend (its budget plus what earlier years left)."""
    plan = results["roadmap"] if "roadmap" in results else None
    if plan is None or not plan["tasks"]:
        return None
    payers = list(plan["spend_per_payer"])
    has_savings = any(plan["savings"])
    carry = plan["carry_over"]
    rows: list[tuple[Any, ...]] = []
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
        tuple(rows), total_row=True, note=unbudgeted_note(results, cat))


def other_years(results: Results) -> str | None:
    """The rule for a year without its own line in the budget per year (``portfolio.budget.other_years``,
    absent = unlimited); None without yearly budgets."""
    p = portfolio_block(results)
    if p is None or not p["budget"]["per_year"]:
        return None
    return p["budget"].get("other_years", "unlimited")


def unbudgeted_note(results: Results, cat: Catalogue) -> str:
    """What the package spends in roadmap years without a yearly budget (shown as '–'), and the rule
    for such years; empty when it spends nothing there or there are no yearly budgets."""
    plan = results["roadmap"] if "roadmap" in results else None
    rule = other_years(results)
    if plan is None or rule is None:
        return ""
    spent = [(y, s) for y, s, b in zip(plan["years"], plan["total"], plan["budget"]) if b is None and s > 0]
    if not spent:
        return ""
    return cat("note.unbudgeted", years=cat.join([str(y) for y, _ in spent]),
               amount=cat.money(sum(s for _, s in spent)), rule=cat(f"other_years.{rule}"))


def map_table(results: Results, cat: Catalogue) -> Table | None:
    """Every measure with its place: sub-area, group rank, chosen or not, start year, core index."""
    if "map" not in results:
        return None
    attrs = places.measure_attributes(cast(dict, results))
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
        note=cat("map.illustrative") if results["map"]["illustrative"] else "")


def areas_table(results: Results, cat: Catalogue) -> Table | None:
    """Per sub-area: measures located there, how many are chosen, their investment and NPV, the best-ranked."""
    rows = places.area_aggregates(cast(dict, results))
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


def monitoring_table(results: Results, cat: Catalogue) -> Table | None:
    """Per ambition and year: planned, realised, and realised minus planned where both exist."""
    tracks = results["monitoring"] if "monitoring" in results else []
    if not tracks:
        return None
    rows = []
    with_target = any("target" in t for t in tracks)  # shared ambitions (issue 19): their targets beside the plan
    for t in tracks:
        # a count of homes shows no decimals: as many as the track's own figures need, at most one
        d = max([decimals_needed(v, 1) for v in (*t["planned"], *t["realised"]) if v is not None], default=0)
        targets = t.get("target") or [None] * len(t["years"])
        for y, p, r, g in zip(t["years"], t["planned"], t["realised"], targets):
            rows.append((t["name"], t["unit"], y, Cell(p, "number", d), Cell(r, "number", d),
                         Cell(r - p if p is not None and r is not None else None, "number", d),
                         *([Cell(g, "number", d)] if with_target else [])))
    flags = [cat("mon.behind", name=t["name"], year=f["year"], behind=cat.number(f["behind"], 1),
                 unit=t["unit"]) + (cat("mon.target_gap", gap=cat.number(f["target_gap"], 1))
                                    if f["target_gap"] is not None else "")
             for t in tracks if (f := t.get("flag"))]
    return Table("monitoring", cat("table.monitoring"), (
        Column("ambition", cat("col.ambition")), Column("unit", cat("col.unit")), Column("year", cat("col.year"), kind="year"),
        Column("planned", cat("col.planned"), kind="number", decimals=1),
        Column("realised", cat("col.realised"), kind="number", decimals=1),
        Column("difference", cat("col.difference"), kind="number", decimals=1),
        *([Column("target", cat("mon.col.target"), kind="number", decimals=1)] if with_target else [])), tuple(rows),
        note=" ".join(flags))


SOLVER_NAMES = {"highs": "HiGHS", "cbc": "CBC"}
"""The solvers as their makers spell them."""


def assumptions_table(results: Results, cat: Catalogue) -> Table:
    scen = results["scenario"]
    disc = results["appraisal"]["discount"]
    prov = results["provenance"]
    ap = scen["appraisal"]
    params = results["scores"]["params"]
    rows: list[tuple] = [
        (cat("assume.scenario"), scen["name"]),
        (cat("assume.discount"), discount_short(disc, cat)),
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
    if port is not None and port["solver"]:
        rows.append((cat("assume.solver"), SOLVER_NAMES.get(port["solver"], port["solver"])))
    if port is not None:
        rows.append((cat("assume.objective"), objective_label(port["objective_name"], cat)))
    if other_years(results) is not None:
        rows.append((cat("assume.other_years"), cat(f"other_years.{other_years(results)}")))
    rows.append((cat("assume.seed"), Cell(prov["seed"], "year")))
    sens = sensitivity_block(results)
    if sens is not None:
        if sens["n_samples"]:
            rows.append((cat("assume.samples"), Cell(sens["n_samples"], "int")))
        rows.append((cat("assume.sampler"), sampler_description(sens["sampler"], cat)))
    for w in scen["warnings"]:
        rows.append((cat("assume.warnings"), w["message"]))
    return Table("assumptions", cat("table.assumptions"),
                 (Column("item", cat("col.item")), Column("value", cat("col.value"))), tuple(rows))


def rules_table(results: Results, cat: Catalogue) -> Table | None:
    """The portfolio's rules (``portfolio.rules``) in the report's language, each with where it is written;
    phrased from the rule's ``part`` as the diagnosis is, the English text for a file without it."""
    p = portfolio_block(results)
    if p is None or not p["rules"]:
        return None
    rows = []
    for rule in p["rules"]:
        text = part_phrase(results, rule["part"], cat) if "part" in rule else rule["rule"]
        rows.append((text[:1].upper() + text[1:], origin_text(rule["origin"], cat) if rule["origin"] else "–"))
    return Table("rules", cat("table.rules"), (Column("rule", cat("col.rule")), Column("origin", cat("col.origin"))),
                 tuple(rows))


GLOSSARY = ("pv", "pm", "core_index", "smaa")
"""The terms a reader who knows MKBA but not mkba may need, in the order they appear in the report."""


def glossary_table(results: Results, cat: Catalogue) -> Table:
    """A short glossary of the terms that must stay (contante waarde, PM, kernindex, SMAA)."""
    rows = tuple((term, meaning[:1].upper() + meaning[1:])
                 for term, meaning in (cat(f"glossary.{k}").split(": ", 1) for k in GLOSSARY))
    return Table("glossary", cat("glossary.title"), (Column("term", cat("col.term")), Column("meaning", cat("col.meaning"))),
                 rows)


def provenance_table(results: Results, cat: Catalogue) -> Table:
    prov = results["provenance"]
    rows = [(cat(f"prov.{k}"), prov[k]) for k in ("source", "input_hash", "mkba", "python") if prov[k]]
    return Table("provenance", cat("table.provenance"),
                 (Column("item", cat("col.item")), Column("value", cat("col.value"))), tuple(rows))


def versions_table(results: Results, cat: Catalogue) -> Table | None:
    deps = results["provenance"]["dependencies"]
    if not deps:
        return None
    return Table("versions", cat("table.versions"),
                 (Column("package", cat("prov.package")), Column("version", cat("prov.version"))),
                 tuple((k, v) for k, v in sorted(deps.items())))
