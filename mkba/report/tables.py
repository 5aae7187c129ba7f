"""Every table of the report, built once from ``results.json`` and rendered by all three formats.

The report is a list of :class:`~.model.Section`; a section holds plain-language paragraphs
(:mod:`.sentences`) and an ordered list of blocks, each a :class:`~.model.Table` (title, columns
with units and kinds, raw rows) or a :class:`~.model.FigureRef` that the HTML renderer draws
(Markdown and Excel skip figures). The results are read through :mod:`.facts`, after
:func:`mkba.results.load` checked them against the results format (docs/results-format.md).

Adding a section later is one builder per table, ``(results, cat) -> Table | None``, and one line
in :data:`SECTIONS`. A builder returns ``None`` when its optional block is absent; a section whose
blocks and paragraphs are all empty is left out, heading and all. This module holds the tables of
the summary, appraisal, weights, rankings, portfolio and sensitivity; :mod:`.plan_tables` those of
the plan, map, monitoring, assumptions and provenance.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Literal, Union

from ..results import Results, load
from .decision import (budget_table, decision_intro, decision_paragraphs, distribution_rows, left_out_table,
                       mkba_table, package_distribution_table, package_table, pm_text)
from .facts import (TOP_N, appraisal_row, core_index, criterion_names, frontier_rows, group_rows, measure_names,
                    measure_pm, method_label, min_share, objective_cell, objective_text, objective_unit, package_money,
                    package_view, pm_only, portfolio_info, portfolio_robustness, sensitivity_block, smaa_info,
                    stability_info, stakeholder_ids, stakeholder_label, stakeholder_portfolios, tornado_info)
from .futures import futures_assumptions_table, futures_intro, futures_measures_table, futures_package_table, futures_paragraphs
from .method_comparison import (comparison_intro, comparison_paragraphs, method_agreement_table, method_ranks_table,
                                reversal_table)
from .i18n import Catalogue, catalogue
from .opportunities import fields_table, missing_table, scales_table
from .themes import themes_block, themes_group_table, themes_table
from .model import Block, Cell, Column, FigureRef, Report, Section, Table, cell_parts, format_cell, is_numeric
from .ambitions import (ambitions_definitions_table, ambitions_intro, ambitions_paragraphs, ambitions_path_table,
                        ambitions_table)
from .plan_tables import (areas_table, assumptions_table, glossary_table, map_table, monitoring_table, provenance_table,
                          roadmap_table, rules_table, spend_table, versions_table)
from .sentences import critical_sentence, decimals_needed, part_phrase, portfolio_paragraphs, summary_paragraphs, tornado_bar

__all__ = ["Column", "Cell", "Table", "FigureRef", "Section", "Report", "cell_parts", "format_cell", "is_numeric",
           "SECTIONS", "build", "TOP_N", "package_money"]

Builder = Callable[[Results, Catalogue], Union[Block, None]]


def _payers_text(results: Results, mid: str, cat: Catalogue) -> str:
    payers = next(m["payers"] for m in results["scenario"]["measures"] if m["id"] == mid)
    return ", ".join(f"{stakeholder_label(results, p, cat)} {cat.share(s, 0)}" for p, s in payers.items())


# -- summary -----------------------------------------------------------------------------------------

def key_figures_table(results: Results, cat: Catalogue) -> Table:
    """The key figures: the longlist's size and method, and with a package the package's own totals
    (never the longlist's sum, which would add mutually exclusive variants)."""
    a = results["appraisal"]
    rows: list[tuple] = [
        (cat("key.measures"), Cell(len(a["measures"]), "int"), ""),
        (cat("key.stakeholders"), Cell(len(results["weights"]["stakeholders"]), "int"), ""),
        (cat("key.positive_npv"), Cell(sum(1 for r in a["measures"].values() if (r["npv"] or 0) > 0), "int"), ""),
        (cat("key.method"), Cell(method_label(results)), ""),
    ]
    port = portfolio_info(results)
    view = package_view(results)
    pv, nominal = cat("unit.eur_pv"), cat("unit.eur")
    if port is not None and port["budget"] is not None:
        rows.append((cat("key.budget"), Cell(port["budget"], "money"), nominal))
    if view is not None:
        t = view["totals"]
        rows += [(cat("key.package_n"), Cell(len(view["rows"]), "int"), ""),
                 (cat("key.package_investment"), Cell(t["investment"], "money"), nominal),
                 (cat("key.package_costs"), Cell(t["pv_costs"], "money"), pv),
                 (cat("key.package_benefits"), Cell(t["pv_benefits"], "money"), pv),
                 (cat("key.package_npv"), Cell(t["npv"], "money"), pv),
                 (cat("key.package_bcr"), Cell(t["bcr"], "ratio"), "")]
        if port is not None and port["objective"] is not None:
            rows.append((cat("key.portfolio_objective"), objective_cell(port["objective"], port["objective_name"]),
                         objective_unit(port["objective_name"], cat)))
    else:
        top = [r["measure"] for r in group_rows(results)[:TOP_N]]
        money = package_money(results, top)
        rows += [(cat("key.top_costs", n=len(top)), Cell(money["pv_costs"], "money"), pv),
                 (cat("key.top_npv", n=len(top)), Cell(money["npv"], "money"), pv)]
    return Table("key_figures", cat("table.key_figures"),
                 (Column("item", cat("col.item")), Column("value", cat("col.value"), kind="text"),
                  Column("unit", cat("col.unit"))), tuple(rows))


def top_table(results: Results, cat: Catalogue) -> Table:
    names = measure_names(results)
    rows = []
    for r in group_rows(results)[:TOP_N]:
        m = r["measure"]
        a = appraisal_row(results, m)
        rows.append((r["rank"], m, names[m], r["score"], a["pv_costs"], a["npv"],
                     Cell("PM") if pm_only(results, m) else a["bcr"], _payers_text(results, m, cat)))
    eur = cat("unit.eur_pv")
    return Table("top", cat("table.top"), (
        Column("rank", cat("col.rank"), kind="int"), Column("id", cat("col.id")), Column("name", cat("col.name")),
        Column("score", cat("col.score"), method_label(results), "score"),
        Column("pv_costs", cat("col.pv_costs"), eur, "money"), Column("npv", cat("col.npv"), eur, "money"),
        Column("bcr", cat("col.bcr"), kind="ratio"), Column("payers", cat("col.payers"))), tuple(rows))


# -- appraisal ----------------------------------------------------------------------------------

def appraisal_table(results: Results, cat: Catalogue) -> Table:
    """Every measure of the longlist in present values; a measure whose benefits are only PM effects
    shows 'PM' for its benefits and B/K, never 0 or 0,00."""
    names = measure_names(results)
    themes = {m["id"]: m["theme"] for m in results["scenario"]["measures"]}
    eur = cat("unit.eur_pv")
    cols = [Column("id", cat("col.id")), Column("name", cat("col.name")), Column("theme", cat("col.theme"))]
    residual = ("pv_residual",) if "pv_residual" in results["appraisal"]["totals"] else ()  # a negative cost
    cols += [Column(k, cat(f"col.{k}"), eur, "money")
             for k in ("pv_investment", "pv_running_cost", *residual, "pv_costs", "pv_benefits", "npv")]
    cols.append(Column("bcr", cat("col.bcr"), kind="ratio"))
    rows = []
    for mid, name in names.items():
        a = appraisal_row(results, mid)
        only_pm = pm_only(results, mid)
        values = tuple(Cell("PM") if only_pm and c.key in ("pv_benefits", "bcr") else
                       -a[c.key] if c.key == "pv_residual" else a[c.key] for c in cols[3:])
        rows.append((mid, name, themes[mid]) + values)
    return Table("appraisal", cat("table.appraisal"), tuple(cols), tuple(rows), note=cat("note.appraisal"))


def pm_table(results: Results, cat: Catalogue) -> Table | None:
    """The PM items (effects not in money) per measure: the change against the nulalternatief in the
    criterion's unit, its direction (lower is better for a cost criterion) and the sign in words."""
    pm = results["appraisal"]["pm_criteria"]
    if not pm:
        return None
    names = measure_names(results)
    crit = {c["id"]: c for c in results["scenario"]["criteria"]}
    cols = [Column("id", cat("col.id")), Column("name", cat("col.name")),
            Column("npv", cat("col.npv"), cat("unit.eur_pv"), "money")]
    effects = {mid: measure_pm(results, mid) for mid in names}
    for c in pm:
        unit = crit[c]["unit"] if c in crit else ""
        direction = cat(f"direction.{crit[c]['direction']}") if c in crit else ""
        digits = max([decimals_needed(e[c], 2) for e in effects.values() if e.get(c) is not None], default=0)
        cols.append(Column(f"pm_{c}", crit[c]["name"] if c in crit else c,
                           cat("unit.change", unit=unit, direction=direction), "number", digits))
    cols.append(Column("signs", cat("col.pm_effects")))
    rows = tuple((mid, name, appraisal_row(results, mid)["npv"], *[effects[mid].get(c) for c in pm],
                  pm_text(results, effects[mid], cat)) for mid, name in names.items())
    return Table("pm", cat("table.pm"), tuple(cols), rows, note=cat("note.pm"))


def distribution_table(results: Results, cat: Catalogue) -> Table | None:
    """Who pays and who gains over the whole longlist (every variant counted): shown only when the
    results hold no package distribution (older files), titled as the longlist's."""
    view = package_view(results)
    if view is not None and view["distribution"] is not None:
        return None
    cols, rows = distribution_rows(results, results["appraisal"]["distribution"], cat)
    return Table("distribution", cat("table.distribution"), cols, rows, note=cat("note.distribution"), total_row=True)


# -- criteria and weights -----------------------------------------------------------------------

def criteria_table(results: Results, cat: Catalogue) -> Table:
    scen = {c["id"]: c for c in results["scenario"]["criteria"]}
    monetised = set(results["appraisal"]["monetised_criteria"])
    rows: list[tuple[Any, ...]] = []
    for c in results["matrix"]["criteria"]:
        role = "npv" if c["id"] not in scen else ("monetised" if c["id"] in monetised else "pm")
        rows.append((c["id"], c["name"], c["unit"], cat(f"direction.{c['direction']}"), cat(f"role.{role}"),
                     (scen[c["id"]]["theme"] if c["id"] in scen else ""), None))
    for cid in results["appraisal"]["monetised_criteria"]:
        c = scen[cid]
        rows.append((cid, c["name"], c["unit"], cat(f"direction.{c['direction']}"), cat("role.monetised"),
                     c["theme"], Cell(c["shadow_price"], "number", 2)))
    return Table("criteria", cat("table.criteria"), (
        Column("id", cat("col.id")), Column("name", cat("col.name")), Column("unit", cat("col.unit")),
        Column("direction", cat("col.direction")), Column("role", cat("col.role")),
        Column("theme", cat("col.theme")), Column("shadow_price", cat("col.shadow_price"), cat("unit.eur_per_unit"), "number")),
        tuple(rows))


def weights_table(results: Results, cat: Catalogue) -> Table:
    w = results["weights"]
    crit = criterion_names(results)
    cols = [Column("stakeholder", cat("col.stakeholder")), Column("elicitation", cat("col.elicitation")),
            Column("influence", cat("col.influence"), cat("unit.share"), "share"),
            Column("cr", cat("col.cr"), kind="number", decimals=3)]
    cols += [Column(c, crit.get(c, c), cat("unit.share"), "share") for c in w["criteria"]]
    rows = []
    for sid in stakeholder_ids(results):
        s = w["stakeholders"][sid]
        kind = s["elicitation"]
        rows.append((s["name"], cat(f"elicitation.{kind}") if cat.has(f"elicitation.{kind}") else kind,
                     s["influence"], s["cr"] if "cr" in s else None, *[s["weights"][c] for c in w["criteria"]]))
    rows.append((cat("group"), cat(f"group_method.{w['group_method']}"), 1.0, None,
                 *[w["group"][c] for c in w["criteria"]]))
    return Table("weights", cat("table.weights"), tuple(cols), tuple(rows), total_row=True)


# -- rankings -----------------------------------------------------------------------------------

def _by_label(results: Results, field_name: Literal["rank", "score"]) -> dict[str, dict[str, Any]]:
    return {label: {r["measure"]: r[field_name] for r in rows}
            for label, rows in results["scores"]["rankings"].items()}


def ranks_table(results: Results, cat: Catalogue) -> Table:
    return _per_stakeholder(results, cat, "rank", "int", "ranks", cat("table.ranks"), "")


def scores_table(results: Results, cat: Catalogue) -> Table:
    return _per_stakeholder(results, cat, "score", "score", "scores", cat("table.scores"), method_label(results))


def _per_stakeholder(results: Results, cat: Catalogue, field_name: Literal["rank", "score"], kind: str, table_id: str,
                     title: str, unit: str) -> Table:
    names = measure_names(results)
    values = _by_label(results, field_name)
    ids = stakeholder_ids(results)
    cols = [Column("id", cat("col.id")), Column("name", cat("col.name")),
            Column("group", cat("group"), unit, kind)]
    cols += [Column(s, stakeholder_label(results, s, cat), unit, kind) for s in ids]
    rows = tuple((r["measure"], names[r["measure"]], values["group"][r["measure"]],
                  *[values[s][r["measure"]] for s in ids]) for r in group_rows(results))
    return Table(table_id, title, tuple(cols), rows)


def kendall_table(results: Results, cat: Catalogue) -> Table:
    tau = results["scores"]["kendall_tau"]
    labels = [s for s in stakeholder_ids(results) if s in tau] + ["group"]
    cols = [Column("stakeholder", cat("col.stakeholder"))]
    cols += [Column(s, stakeholder_label(results, s, cat), cat("unit.tau"), "tau") for s in labels]
    rows = tuple((stakeholder_label(results, a, cat), *[tau[a][b] for b in labels]) for a in labels)
    return Table("kendall", cat("table.kendall"), tuple(cols), rows)


# -- portfolio and frontier ---------------------------------------------------------------------

def greedy_table(results: Results, cat: Catalogue) -> Table | None:
    port = portfolio_info(results)
    if port is None or not port["greedy"]:
        return None
    greedy = port["greedy"]
    name = port["objective_name"]
    diff_obj = (None if port["objective"] is None or greedy["objective"] is None
                else port["objective"] - greedy["objective"])
    only_p = [m for m in port["selected"] if m not in greedy["selected"]]
    only_g = [m for m in greedy["selected"] if m not in port["selected"]]
    g_spend = greedy["spend"]
    diff_spend = None if port["spend"] is None or g_spend is None else port["spend"] - g_spend
    broken = [part_phrase(results, p, cat, need=True) for p in dict(greedy).get("broken", [])]
    keeps = cat("yes") if greedy["feasible"] else (cat("greedy.breaks", rules="; ".join(broken)) if broken
                                                      else cat("no"))
    rows = (
        (cat("col.portfolio"), Cell(port["spend"], "money"),
         objective_cell(port["objective"], name), " ".join(port["selected"]), cat("yes")),
        (cat("col.greedy"), Cell(g_spend, "money"),
         objective_cell(greedy["objective"], name), " ".join(greedy["selected"]), keeps),
        (cat("col.difference"), Cell(diff_spend, "money"), objective_cell(diff_obj, name),
         " ".join([f"+{m}" for m in only_p] + [f"−{m}" for m in only_g]), ""),
    )
    return Table("greedy", cat("table.greedy"), (
        Column("approach", cat("col.item")), Column("spend", cat("col.spend"), cat("unit.eur"), "money"),
        Column("objective", cat("col.objective"), objective_unit(name, cat)), Column("measures", cat("col.measures")),
        Column("rules", cat("col.keeps_rules"))), rows, note=cat("note.greedy"))


def _portfolio_label(results: Results, pid: str, cat: Catalogue) -> str:
    if pid in ("group", "compromise"):
        return cat(f"portfolio.{pid}")
    return stakeholder_label(results, pid, cat)


def stakeholder_portfolios_table(results: Results, cat: Catalogue) -> Table | None:
    """Each stakeholder's own best portfolio, the group's and the maximin compromise (rows), with the
    share of every stakeholder's own best value each one achieves (columns) and the measures chosen."""
    sp = stakeholder_portfolios(results)
    if sp is None:
        return None
    holders = list(sp["stakeholders"])
    selected = sp["selected"]
    group = set(selected.get("group", []))
    rows = []
    for pid, shares in zip(sp["portfolios"], sp["shares"]):
        chosen = list(selected[pid])
        diff = [f"+{m}" for m in chosen if m not in group] + [f"−{m}" for m in sorted(group - set(chosen))]
        rows.append((_portfolio_label(results, pid, cat), *shares, min_share(shares)[1], " ".join(chosen),
                     " ".join(diff) if pid != "group" else ""))
    share = cat("unit.share")
    return Table("stakeholder_portfolios", cat("table.stakeholder_portfolios"), (
        Column("portfolio", cat("col.best_for")),
        *[Column(h, stakeholder_label(results, h, cat), share, "share") for h in holders],
        Column("min_share", cat("col.min_share"), share, "share"),
        Column("measures", cat("col.measures")), Column("vs_group", cat("col.vs_group"))), tuple(rows),
        note=cat("note.stakeholder_portfolios"))


def frontier_table(results: Results, cat: Catalogue) -> Table | None:
    points = frontier_rows(results)
    if not points:
        return None
    name = results["portfolio"]["objective_name"]
    rows = tuple((p["budget"], p["spend"], objective_cell(p["objective"], name), " ".join(p["selected"]))
                 for p in points)
    return Table("frontier", cat("table.frontier"), (
        Column("budget", cat("col.budget"), cat("unit.eur"), "money"),
        Column("spend", cat("col.spend"), cat("unit.eur"), "money"),
        Column("objective", cat("col.objective"), objective_unit(name, cat)), Column("measures", cat("col.measures"))), rows)



# -- sensitivity --------------------------------------------------------------------------------

def rank_acceptability_table(results: Results, cat: Catalogue) -> Table | None:
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
    meta = smaa["meta_weights"]
    note = cat("note.smaa", method=smaa["method"], n=cat.number(smaa["n_samples"], 0),
               meta=cat(f"meta.{meta}") if cat.has(f"meta.{meta}") else meta)
    return Table("rank_acceptability", cat("table.rank_acceptability"), tuple(cols), rows, note=note)


def stability_table(results: Results, cat: Catalogue) -> Table | None:
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


def tornado_table(results: Results, cat: Catalogue) -> Table | None:
    t = tornado_info(results)
    if t is None:
        return None
    eur = cat("unit.eur_pv")
    rows = []
    for b in t["bars"]:
        shown = tornado_bar(results, b, cat)
        rows.append((shown["name"], shown["low"], shown["high"], b["npv_low"], b["npv_high"],
                     b["rank_low"], b["rank_high"], b["top_low"], b["top_high"]))
    names = measure_names(results)
    note = cat("note.tornado", measure=f"{t['measure']} {names.get(t['measure'], '')}".strip(),
               npv=cat.money(t["base_npv"]), rank=t["base_rank"])
    return Table("tornado", cat("table.tornado"), (
        Column("input", cat("col.parameter")), Column("low", cat("col.low_value")),
        Column("high", cat("col.high_value")), Column("npv_low", cat("col.npv_low"), eur, "money"),
        Column("npv_high", cat("col.npv_high"), eur, "money"), Column("rank_low", cat("col.rank_low"), kind="int"),
        Column("rank_high", cat("col.rank_high"), kind="int"), Column("top_low", cat("col.top_low_measure")),
        Column("top_high", cat("col.top_high_measure"))), tuple(rows), note=note)


def tornado_portfolio_table(results: Results, cat: Catalogue) -> Table | None:
    t = tornado_info(results)
    port = portfolio_info(results)
    if t is None or port is None or t["base_portfolio"] is None:
        return None
    name = port["objective_name"]
    bars = [b for b in t["bars"] if b["portfolio_low"] is not None or b["portfolio_high"] is not None]
    bars.sort(key=lambda b: -abs((b["portfolio_high"] or 0.0) - (b["portfolio_low"] or 0.0)))
    rows = []
    for b in bars:
        shown = tornado_bar(results, b, cat)
        rows.append((shown["name"], shown["low"], shown["high"], objective_cell(b["portfolio_low"], name),
                     objective_cell(b["portfolio_high"], name)))
    return Table("tornado_portfolio", cat("table.tornado_portfolio"), (
        Column("input", cat("col.parameter")), Column("low", cat("col.low_value")),
        Column("high", cat("col.high_value")), Column("portfolio_low", cat("col.portfolio_low"), objective_unit(name, cat)),
        Column("portfolio_high", cat("col.portfolio_high"), objective_unit(name, cat))), tuple(rows),
        note=cat("note.tornado_portfolio", value=objective_text(t["base_portfolio"], name, cat)))


def _factor(value: float | None) -> Cell:
    """A switching factor; empty when there is none (a negative factor of an older results.json is no
    switching value: no price or quantity turns negative)."""
    return Cell("") if value is None or value < 0 else Cell(value, "ratio")


def switching_table(results: Results, cat: Catalogue) -> Table | None:
    sens = sensitivity_block(results)
    sv = sens["switching_values"] if sens is not None else None
    if not sv:
        return None
    names = measure_names(results)
    rows = tuple((m, names.get(m, ""), appraisal_row(results, m)["npv"], _factor(v["benefit_factor"]),
                  _factor(v["investment_factor"])) for m, v in sv.items() if m in results["appraisal"]["measures"])
    return Table("switching", cat("table.switching"), (
        Column("id", cat("col.id")), Column("name", cat("col.name")),
        Column("npv", cat("col.npv"), cat("unit.eur_pv"), "money"),
        Column("benefit_factor", cat("col.benefit_factor"), "×", "ratio"),
        Column("investment_factor", cat("col.investment_factor"), "×", "ratio")), rows,
        note=cat("note.switching"))


def core_index_table(results: Results, cat: Catalogue) -> Table | None:
    """The core index (share of sampled weightings whose best package holds the measure) and, where
    computed, the RPM class over all non-dominated packages: two measures, two names, each defined
    in the note; the package column shows which are proposed."""
    core = core_index(results)
    if not core:
        return None
    names = measure_names(results)
    robust = portfolio_robustness(results)
    classes = robust["classes"] if robust is not None else {}
    rpm = (robust["rpm_core_index"] or {}) if robust is not None else {}
    port = portfolio_info(results)
    chosen = set(port["selected"]) if port is not None else set()
    rows = tuple((m, names.get(m, ""), m in chosen, v, *([rpm.get(m)] if rpm else []),
                  *([cat(f"rpm.{classes[m]}") if m in classes else ""] if classes else []))
                 for m, v in sorted(core.items(), key=lambda kv: (-(kv[1] or 0.0), kv[0])))
    note = cat("note.core_index", samples=cat.number(robust["n_samples"], 0)) if robust and robust["n_samples"] else ""
    if classes:
        note = f"{note} {cat('note.rpm')}".strip()
    if robust and "nondominated_count" in robust and robust["nondominated_count"]:
        key = "note.nondominated" if robust["nondominated_complete"] else "note.nondominated_partial"
        note = f"{note} {cat(key, n=cat.number(robust['nondominated_count'], 0))}".strip()
    return Table("core_index", cat("table.core_index"), (
        Column("id", cat("col.id")), Column("name", cat("col.name")), Column("chosen", cat("col.chosen"), kind="bool"),
        Column("core_index", cat("col.core_index"), cat("unit.share"), "share"),
        *([Column("rpm_core_index", cat("col.rpm_core_index"), cat("unit.share"), "share")] if rpm else []),
        *([Column("class", cat("col.rpm_class"))] if classes else [])), rows, note=note)


# -- the report ---------------------------------------------------------------------------------

def _figure(name: str) -> Builder:
    return lambda results, cat: FigureRef(name)


def _when(key: str, name: str) -> Builder:
    """A figure that is drawn only when ``results`` has ``key`` (a dotted path)."""
    def build(results: Results, cat: Catalogue) -> FigureRef | None:
        node: Any = results
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                return None
            node = node[part]
        return FigureRef(name) if node else None
    return build


@dataclass(frozen=True)
class SectionSpec:
    id: str
    blocks: tuple[Builder, ...]
    paragraphs: Callable[[Results, Catalogue], list[str]] | None = None
    intro: Callable[[Results, Catalogue], tuple[tuple[str, ...], str]] | None = None


def _top_without_package(results: Results, cat: Catalogue) -> Table | None:
    """The top of the group ranking in the decision section when there is no package to propose."""
    return top_table(results, cat) if package_view(results) is None else None


def _top_with_package(results: Results, cat: Catalogue) -> Table | None:
    return top_table(results, cat) if package_view(results) is not None else None


SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec("decision", (package_table, budget_table, left_out_table, _top_without_package), decision_paragraphs,
                decision_intro),
    SectionSpec("ambitions", (ambitions_table, ambitions_path_table, ambitions_definitions_table), ambitions_paragraphs,
                ambitions_intro),
    SectionSpec("summary", (key_figures_table,), summary_paragraphs),
    SectionSpec("package", (mkba_table, package_distribution_table)),
    SectionSpec("futures", (futures_package_table, futures_measures_table, futures_assumptions_table), futures_paragraphs, futures_intro),
    SectionSpec("portfolio", (greedy_table, stakeholder_portfolios_table), portfolio_paragraphs),
    SectionSpec("roadmap", (_when("roadmap.tasks", "roadmap"), roadmap_table, _when("roadmap.tasks", "spend"),
                            spend_table)),
    SectionSpec("map", (_when("map", "map_portfolio"), _when("map", "map_priority"), _when("map", "map_core"),
                        map_table, areas_table)),
    SectionSpec("monitoring", (_when("monitoring", "monitoring"), monitoring_table)),
    SectionSpec("frontier", (frontier_table, lambda r, c: FigureRef("frontier") if frontier_rows(r) else None)),
    SectionSpec("weights", (criteria_table, scales_table, weights_table, _figure("weights"))),
    SectionSpec("themes", (themes_table, themes_group_table, lambda r, c: FigureRef("themes") if themes_block(r) else None)),
    SectionSpec("rankings", (_figure("multi_actor"), ranks_table, missing_table, scores_table, kendall_table)),
    SectionSpec("method_comparison", (method_ranks_table, method_agreement_table, reversal_table), comparison_paragraphs,
                comparison_intro),
    SectionSpec("sensitivity", (
        rank_acceptability_table, lambda r, c: FigureRef("acceptability") if smaa_info(r) else None,
        stability_table, lambda r, c: FigureRef("stability") if stability_info(r) else None,
        tornado_table, lambda r, c: FigureRef("tornado") if tornado_info(r) else None,
        lambda r, c: FigureRef("tornado_rank") if tornado_info(r) else None,
        switching_table,
        core_index_table, lambda r, c: FigureRef("core_index") if core_index(r) else None,
        tornado_portfolio_table, lambda r, c: FigureRef("tornado_portfolio") if tornado_portfolio_table(r, c) else None)),
    SectionSpec("assumptions", (assumptions_table, rules_table, glossary_table)),
    SectionSpec("appraisal", (_top_with_package, appraisal_table, fields_table, _figure("npv"), pm_table,
                              distribution_table)),
    SectionSpec("provenance", (provenance_table, versions_table)),
)
"""The report's sections in order; each block builder returns a Table, a FigureRef or None."""


def build(results: Results, lang: str | None = None) -> Report:
    """The report's content in ``lang`` (default: the scenario's language).

    Parameters
    ----------
    results : dict
        The content of ``results.json``; checked by :func:`mkba.results.load` (a field missing or
        renamed raises :class:`mkba.results.ResultsFormatError` naming it).
    lang : {"nl", "en"}, optional

    Returns
    -------
    Report
        Sections with paragraphs and blocks; absent data leaves its section out.
    """
    results = load(results)
    cat = catalogue(lang or results["scenario"]["language"])
    sections = []
    for spec in SECTIONS:
        blocks = tuple(b for b in (build_block(results, cat) for build_block in spec.blocks) if b is not None)
        paragraphs = tuple(spec.paragraphs(results, cat)) if spec.paragraphs else ()
        intro, callout = spec.intro(results, cat) if spec.intro else ((), "")
        if any(isinstance(b, Table) for b in blocks) or paragraphs or intro:
            sections.append(Section(spec.id, cat(f"section.{spec.id}"), paragraphs, blocks, intro, callout))
    return Report(title=results["scenario"]["name"], subtitle=cat("report.subtitle"), lang=cat.lang,
                  sections=tuple(sections))
