"""What the report reads from results.json: look-ups and the optional blocks as plain views.

Every function takes :class:`mkba.results.Results`, checked once by :func:`mkba.results.load`
before the report is built, so a required field is indexed directly (a missing one was already
reported by name); an optional block (``portfolio``, ``sensitivity``, ``roadmap``, ``map``,
``monitoring``) or a nullable field is tested explicitly and its view is None when it is absent.
"""

from __future__ import annotations

from typing import Any, cast

from ..results import PortfolioBlock, Results, Robustness, SensitivityBlock, StakeholderPortfolios
from .i18n import Catalogue
from .model import Cell

__all__ = ["TOP_N", "measure_names", "stakeholder_label", "stakeholder_ids", "method_label", "criterion_names",
           "group_rows", "appraisal_row", "payer_costs", "portfolio_block", "sensitivity_block", "portfolio_info",
           "frontier_rows", "objective_label", "objective_unit", "objective_cell", "objective_text", "objective_amount", "package_money", "smaa_info",
           "stability_info", "tornado_info", "portfolio_robustness", "core_index", "stakeholder_portfolios",
           "min_share", "first_acceptability", "package_view", "package_payers", "pm_direction", "pm_sign",
           "robustness_view", "left_out", "illustrative", "measure_pm", "pm_only"]

TOP_N = 5
"""How many measures of the group ranking the summary names."""


def measure_names(results: Results) -> dict[str, str]:
    """Measure id -> name, in scenario order."""
    return {m["id"]: m["name"] for m in results["scenario"]["measures"]}


def stakeholder_label(results: Results, sid: str, cat: Catalogue) -> str:
    """The stakeholder's name; 'Groep'/'Group' for the group; 'society' and unknown actors by label or id."""
    if sid == "group":
        return cat("group")
    if sid in results["weights"]["stakeholders"]:
        return results["weights"]["stakeholders"][sid]["name"]
    for s in results["scenario"]["stakeholders"]:
        if s["id"] == sid:
            return s["name"]
    return cat(f"actor.{sid}") if cat.has(f"actor.{sid}") else sid


def stakeholder_ids(results: Results) -> list[str]:
    """Stakeholder ids in scenario order."""
    return [s["id"] for s in results["scenario"]["stakeholders"]]


def method_label(results: Results) -> str:
    name = results["scores"]["method"]
    return {"promethee2": "PROMETHEE II", "wsm": "WSM", "wpm": "WPM"}.get(name, name.upper())


def criterion_names(results: Results) -> dict[str, str]:
    """Decision-matrix criterion id -> name."""
    return {c["id"]: c["name"] for c in results["matrix"]["criteria"]}


def group_rows(results: Results) -> list:
    """The group ranking: ``{"measure", "score", "rank", "tied"}`` from first to last."""
    return results["scores"]["rankings"]["group"]


def appraisal_row(results: Results, mid: str):
    """The appraisal's present values of measure ``mid``."""
    return results["appraisal"]["measures"][mid]


def payer_costs(results: Results, measures: list[str]) -> dict[str, float]:
    """PV costs of ``measures`` split over their payers by share, largest first."""
    shares = {m["id"]: m["payers"] for m in results["scenario"]["measures"]}
    out: dict[str, float] = {}
    for mid in measures:
        cost = appraisal_row(results, mid)["pv_costs"] or 0.0
        for payer, share in shares[mid].items():
            out[payer] = out.get(payer, 0.0) + share * cost
    return dict(sorted(out.items(), key=lambda kv: (-kv[1], kv[0])))


def portfolio_block(results: Results) -> PortfolioBlock | None:
    """The optional ``portfolio`` block; None when the run had no budget."""
    return results["portfolio"] if "portfolio" in results else None


def sensitivity_block(results: Results) -> SensitivityBlock | None:
    """The optional ``sensitivity`` block; None when the run had no sensitivity analysis."""
    return results["sensitivity"] if "sensitivity" in results else None


def portfolio_info(results: Results) -> dict | None:
    """The portfolio facts the report shows; None without a portfolio.

    ``{"status", "message", "selected", "objective", "objective_name", "cost", "spend", "budget" (the
    total, EUR, or None), "greedy" (the block or None), "gap", "solver"}``.
    """
    p = portfolio_block(results)
    if p is None:
        return None
    return {"status": p["status"], "message": p["message"], "selected": list(p["selected"]),
            "objective": p["objective"], "objective_name": p["objective_name"], "cost": p["cost"],
            "spend": p["spend"], "budget": p["budget"]["total"], "greedy": p["greedy"], "gap": p["gap"],
            "solver": p["solver"]}


def frontier_rows(results: Results) -> list:
    """The efficient frontier's points; [] when it was not computed."""
    p = portfolio_block(results)
    return list(p["frontier"]["points"]) if p is not None and "frontier" in p else []


def objective_label(name: str, cat: Catalogue) -> str:
    """The portfolio objective in words ("value+npv" -> "waarde (MAVT) met het saldo als criterium")."""
    return cat(f"objective.{name}") if cat.has(f"objective.{name}") else name


def objective_unit(name: str, cat: Catalogue) -> str:
    """The unit of the portfolio objective for a column header ("punten (MAVT, incl. saldo)", "EUR, contante waarde")."""
    return cat(f"unit.objective.{name}") if cat.has(f"unit.objective.{name}") else ""


def _objective_is_money(name: str) -> bool:
    return name == "npv"


def objective_cell(value: Any, name: str) -> Cell:
    return Cell(value, "money") if _objective_is_money(name) else Cell(value, "number", 3)


def objective_text(value: Any, name: str, cat: Catalogue) -> str:
    return cat.money(value) if _objective_is_money(name) else cat.number(value, 3)


def objective_amount(value: Any, name: str, cat: Catalogue) -> str:
    """An amount of the objective with its unit for running text: '€ 1,3 mln' or '0,071 punten'."""
    return objective_text(value, name, cat) if _objective_is_money(name) else \
        cat("unit.points_amount", value=cat.number(value, 3))


def package_money(results: Results, measures: list[str]) -> dict[str, float]:
    """The summed present values of ``measures`` (``pv_costs``, ``pv_investment``, ``pv_benefits``,
    ``npv``) from the appraisal; measures the appraisal does not know are skipped."""
    rows = [appraisal_row(results, m) for m in measures if m in results["appraisal"]["measures"]]
    return {k: sum(r[k] or 0.0 for r in rows) for k in ("pv_costs", "pv_investment", "pv_benefits", "npv")}


def smaa_info(results: Results) -> dict | None:
    """The SMAA block as lists in matrix-measure order; None without a sensitivity analysis.

    Returns ``{"measures", "rank_acceptability" (n x n), "holistic", "confidence", "n_samples",
    "method", "meta_weights"}``.
    """
    sens = sensitivity_block(results)
    if sens is None or not sens["smaa"]["rank_acceptability"]:
        return None
    smaa = sens["smaa"]
    ra = smaa["rank_acceptability"]
    measures = [m for m in results["matrix"]["measures"] if m in ra]
    return {"measures": measures, "rank_acceptability": [ra[m] for m in measures],
            "holistic": [smaa["holistic"][m] for m in measures],
            "confidence": [smaa["confidence"][m] for m in measures],
            "n_samples": sens["n_samples"], "method": smaa["method"], "meta_weights": smaa["meta_weights"]}


def first_acceptability(smaa: dict, mid: str) -> float | None:
    """The share of samples in which ``mid`` ranks first."""
    return smaa["rank_acceptability"][smaa["measures"].index(mid)][0]


def stability_info(results: Results) -> dict | None:
    """Stability intervals per matrix criterion at the group weights: ``{"criteria", "weights",
    "top_interval", "ranking_interval", "top", "note"}``; None without a sensitivity analysis."""
    sens = sensitivity_block(results)
    if sens is None or not sens["stability"]["top_interval"]:
        return None
    st = sens["stability"]
    criteria = [c["id"] for c in results["matrix"]["criteria"] if c["id"] in st["top_interval"]]
    return {"criteria": criteria, "weights": [results["weights"]["group"][c] for c in criteria],
            "top_interval": [st["top_interval"][c] for c in criteria],
            "ranking_interval": [st["ranking_interval"][c] for c in criteria], "top": st["top"],
            "note": sens["critical_note"]}


def tornado_info(results: Results) -> dict | None:
    """The one-at-a-time tornado on the focus measure: ``{"measure", "base_npv", "base_rank",
    "base_portfolio", "bars"}``; None without bars."""
    sens = sensitivity_block(results)
    if sens is None or not sens["tornado"]["bars"]:
        return None
    t = sens["tornado"]
    return {"measure": t["measure"], "base_npv": t["base_npv"], "base_rank": t["base_rank"],
            "base_portfolio": t["base_portfolio"], "bars": list(t["bars"])}


def portfolio_robustness(results: Results) -> Robustness | None:
    """``sensitivity.portfolio_robustness`` (classes, base share, samples); None when absent."""
    sens = sensitivity_block(results)
    return sens["portfolio_robustness"] if sens is not None else None


def core_index(results: Results) -> dict:
    """Measure id -> core index (share of sampled weightings whose best portfolio holds it); {} if absent."""
    sens = sensitivity_block(results)
    return (sens["core_index"] or {}) if sens is not None else {}


def stakeholder_portfolios(results: Results) -> StakeholderPortfolios | None:
    """``portfolio.stakeholders`` when it has a cross-evaluation to show; None otherwise."""
    p = portfolio_block(results)
    sp = p["stakeholders"] if p is not None else None
    if sp is None or not sp["portfolios"] or not sp["shares"] or not sp["stakeholders"]:
        return None
    return sp


def min_share(row: list) -> tuple[int | None, float | None]:
    """(column, value) of the smallest known share in a row of the cross-evaluation."""
    known = [(v, k) for k, v in enumerate(row) if v is not None]
    if not known:
        return None, None
    v, k = min(known)
    return k, v


# -- the proposed package (issue 16: one truth per fact) ---------------------------------------------

def _binding(amount: float, used: float) -> bool:
    return abs(amount - used) <= max(0.01, 1e-9 * abs(amount))


def _fallback_package(results: Results, port: PortfolioBlock) -> dict:
    """The package view of a results.json without ``portfolio.package`` (older files): the rows from
    the appraisal at the planned start years, the total budget only, no distribution, IRR or
    first-year return."""
    scen = {m["id"]: m for m in results["scenario"]["measures"]}
    appraisal = results["appraisal"]
    rows: list[dict[str, Any]] = []
    for mid in port["selected"]:
        a = cast(dict, appraisal["measures"][mid])
        rows.append({"measure": mid, "start_year": port["start_years"].get(mid, scen[mid]["start_year"]),
                     "investment": float(sum(scen[mid]["investment"].values())),
                     **{k: a[k] for k in ("pv_investment", "pv_running_cost", "pv_costs", "pv_benefits", "npv",
                                          "bcr")},
                     "pm": {c: a[f"pm_{c}"] for c in appraisal["pm_criteria"] if f"pm_{c}" in a},
                     "payers": dict(scen[mid]["payers"])})
    totals: dict[str, Any] = {k: sum(r[k] or 0.0 for r in rows)
                              for k in ("investment", "pv_investment", "pv_running_cost", "pv_costs", "pv_benefits",
                                        "npv")}
    totals["bcr"] = totals["pv_benefits"] / totals["pv_costs"] if totals["pv_costs"] else None
    totals["irr"] = None
    totals["first_year_return"] = None
    totals["pm"] = {c: sum(r["pm"].get(c, 0.0) for r in rows) for c in appraisal["pm_criteria"]}
    by_criterion = {c: sum(cast(dict, appraisal["measures"][m]).get(f"pv_{c}", 0.0) or 0.0 for m in port["selected"])
                    for c in appraisal["monetised_criteria"]}
    budgets = []
    total, spend = port["budget"]["total"], port["spend"]
    if total is not None and spend is not None:
        budgets.append({"kind": "total", "year": None, "payer": None, "amount": total, "used": spend,
                        "binding": _binding(total, spend)})
    return {"rows": rows, "totals": totals, "budgets": budgets, "by_criterion": by_criterion,
            "distribution": None, "complete": False}


def package_view(results: Results) -> dict | None:
    """The proposed package, once for the whole report: ``{"rows", "totals", "budgets", "by_criterion",
    "distribution", "complete"}`` in the shape of ``portfolio.package`` (docs/results-format.md).

    A results.json written before that block existed gets the same shape from the appraisal
    (``complete`` False: planned start years, only the total budget, no distribution); None without
    a chosen package."""
    port = portfolio_block(results)
    if port is None or not port["selected"]:
        return None
    raw = cast(dict, port)  # the package block is optional (format 1 files before it have none)
    if "package" in raw:
        pkg = raw["package"]
        return {"rows": list(pkg["measures"]), "totals": pkg["totals"], "budgets": list(pkg["budgets"]),
                "by_criterion": dict(pkg["pv_benefits_by_criterion"]), "distribution": pkg["distribution"],
                "complete": True}
    return _fallback_package(results, port)


def package_payers(view: dict) -> dict[str, float]:
    """Party -> share of the package's costs (present value) it pays, largest first; from the
    package's distribution when there is one (investment and running costs), else from each
    measure's cost split."""
    dist = view["distribution"]
    out: dict[str, float] = {}
    if dist is not None:
        for item in ("investment", "running_cost"):
            for actor, v in dist["by_item"].get(item, {}).items():
                out[actor] = out.get(actor, 0.0) - v
    else:
        for row in view["rows"]:
            for party, share in row["payers"].items():
                out[party] = out.get(party, 0.0) + share * (row["pv_costs"] or 0.0)
    total = sum(v for v in out.values() if v > 0)
    if total <= 0:
        return {}
    return dict(sorted(((p, v / total) for p, v in out.items() if v > 1e-9 * total), key=lambda kv: (-kv[1], kv[0])))


def pm_direction(results: Results, criterion: str) -> str:
    """'benefit' or 'cost' of a scenario criterion (whether more is better)."""
    for c in results["scenario"]["criteria"]:
        if c["id"] == criterion:
            return c["direction"]
    return "benefit"


def pm_sign(results: Results, criterion: str, value: float | None) -> int:
    """+1 when the change is an improvement, -1 when it is a deterioration, 0 for none: a rise of a
    cost criterion (lower is better) is a deterioration."""
    if value is None or abs(value) < 1e-12:
        return 0
    up = 1 if value > 0 else -1
    return up if pm_direction(results, criterion) == "benefit" else -up


def measure_pm(results: Results, mid: str) -> dict[str, float]:
    """The PM effects (criterion id -> change) of a measure of the longlist, from the appraisal."""
    row = cast(dict, appraisal_row(results, mid))
    return {c: row[f"pm_{c}"] for c in results["appraisal"]["pm_criteria"] if f"pm_{c}" in row}


def pm_only(results: Results, mid: str) -> bool:
    """Whether a measure's benefits are all PM: no monetised benefits, some effect not in money, so
    its benefits and B/K read 'PM', never 0 or 0,00."""
    return not appraisal_row(results, mid)["pv_benefits"] and \
        any(pm_sign(results, c, v) for c, v in measure_pm(results, mid).items())


def robustness_view(results: Results, selected: list[str]) -> dict | None:
    """How firm the package is, in one vocabulary (the sampled core index): ``{"core", "firm" (chosen,
    in every sampled best package), "depends" (chosen, not always), "elsewhere" (not chosen but in
    some sampled best package), "base_share", "n_samples"}``; the three lists are disjoint. None
    without a core index."""
    core = core_index(results)
    if not core:
        return None
    robust = portfolio_robustness(results)
    firm = [m for m in selected if (core.get(m) or 0.0) >= 1.0 - 1e-9]
    depends = [m for m in selected if m not in firm]
    elsewhere = sorted((m for m, v in core.items() if m not in selected and (v or 0.0) > 0.0),
                       key=lambda m: (-(core[m] or 0.0), m))
    return {"core": core, "firm": firm, "depends": depends, "elsewhere": elsewhere,
            "base_share": robust["base_share"] if robust is not None else None,
            "n_samples": robust["n_samples"] if robust is not None else 0}


def left_out(results: Results) -> list:
    """``portfolio.left_out``: the group's top-ranked measures the package leaves out, with why; [] when absent."""
    port = cast(dict, portfolio_block(results) or {})
    return list(port["left_out"]) if "left_out" in port else []


def illustrative(results: Results) -> bool:
    """Whether the map and the numbers are marked illustrative (``map.illustrative``)."""
    return "map" in results and bool(results["map"]["illustrative"])
