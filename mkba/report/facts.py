"""What the report reads from results.json: look-ups and the optional blocks as plain views.

Every function takes :class:`mkba.results.Results`, checked once by :func:`mkba.results.load`
before the report is built, so a required field is indexed directly (a missing one was already
reported by name); an optional block (``portfolio``, ``sensitivity``, ``roadmap``, ``map``,
``monitoring``) or a nullable field is tested explicitly and its view is None when it is absent.
"""

from __future__ import annotations

from typing import Any

from ..results import PortfolioBlock, Results, Robustness, SensitivityBlock, StakeholderPortfolios
from .i18n import Catalogue
from .model import Cell

__all__ = ["TOP_N", "measure_names", "stakeholder_label", "stakeholder_ids", "method_label", "criterion_names",
           "group_rows", "appraisal_row", "payer_costs", "portfolio_block", "sensitivity_block", "portfolio_info",
           "frontier_rows", "objective_label", "objective_cell", "objective_text", "package_money", "smaa_info",
           "stability_info", "tornado_info", "portfolio_robustness", "core_index", "stakeholder_portfolios",
           "min_share", "first_acceptability"]

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


def _objective_is_money(name: str) -> bool:
    return name == "npv"


def objective_cell(value: Any, name: str) -> Cell:
    return Cell(value, "money") if _objective_is_money(name) else Cell(value, "number", 3)


def objective_text(value: Any, name: str, cat: Catalogue) -> str:
    return cat.money(value) if _objective_is_money(name) else cat.number(value, 3)


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
