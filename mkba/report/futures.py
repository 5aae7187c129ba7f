"""The report's futures section: the package's (or, without one, every measure's) saldo and B/K in the
base and in each named future, side by side and in the same form (CPB/PBL 2013; RWS MIRT werkwijzer:
both WLO futures are equally plausible, so neither is shown as the headline), with what each future
assumes and the wording the RWS Q&A suggests for the spread (methodology.md A.7).

The package is the one chosen in the base future (the scenario as written); in every other future the
same measures at the same start years are valued again (``futures[].package`` of results.json).
"""

from __future__ import annotations

from typing import Any, cast

from ..results import FutureBlock, Results
from .facts import measure_names, package_view, pm_only
from .i18n import Catalogue
from .model import Cell, Column, Table

__all__ = ["futures_info", "futures_package_table", "futures_measures_table", "futures_assumptions_table",
           "futures_paragraphs", "futures_intro", "NEAR_ZERO"]

NEAR_ZERO = 0.10
"""A saldo within this share of the PV costs counts as 'about equal' when the sign differs between
futures (RWS: "baten ongeveer gelijk aan kosten"); a larger spread is "onzeker of baten kosten overtreffen"."""

_MONEY = ("pv_costs", "pv_benefits", "npv")


def futures_info(results: Results) -> list[FutureBlock]:
    """The futures of results.json ([] for a scenario without them or a file written before they existed)."""
    return list(cast(dict, results).get("futures") or [])


def _columns(results: Results, cat: Catalogue) -> list[tuple[str, str]]:
    """(key, label) of each column of futures: the base first, then each future in scenario order."""
    return [("base", cat("fut.base"))] + [(w["id"], w["label"]) for w in futures_info(results)]


def _package_totals(results: Results) -> dict[str, dict[str, Any]] | None:
    """Future key -> the package's PV costs, PV benefits, saldo and B/K (None without a package, or when the
    futures valued another package than the one results.json proposes)."""
    view = package_view(results)
    if view is None or not futures_info(results):
        return None
    out: dict[str, dict[str, Any]] = {"base": dict(view["totals"])}
    chosen = {r["measure"] for r in view["rows"]}
    for w in futures_info(results):
        if w["package"] is None or set(w["package"]["measures"]) != chosen:  # not this package: not shown
            return None
        out[w["id"]] = dict(w["package"]["totals"])
    return out


def futures_package_table(results: Results, cat: Catalogue) -> Table | None:
    """The package's PV costs, PV benefits, saldo and B/K per future, one column per future."""
    totals = _package_totals(results)
    if totals is None:
        return None
    cols = _columns(results, cat)
    pv = cat("unit.eur_pv")
    rows: list[tuple[Any, ...]] = [(cat(f"fut.row.{key}"), pv, *(Cell(totals[k][key], "money") for k, _ in cols))
                                   for key in _MONEY]
    rows.append((cat("fut.row.bcr"), "", *(Cell(totals[k]["bcr"], "ratio") for k, _ in cols)))
    return Table("futures_package", cat("fut.table.package"), (
        Column("item", cat("col.item")), Column("unit", cat("col.unit")),
        *(Column(k, label) for k, label in cols)), tuple(rows), note=cat("fut.note.package"))


def futures_measures_table(results: Results, cat: Catalogue) -> Table | None:
    """Saldo and B/K of each measure per future: the package's measures at their start years (with its
    total), or every measure of the longlist when there is no package."""
    worlds = futures_info(results)
    if not worlds:
        return None
    names = measure_names(results)
    view = package_view(results)
    totals = _package_totals(results)
    if totals is not None and view is not None:
        base = {r["measure"]: r for r in view["rows"]}
        per = {w["id"]: cast(dict, w["package"])["measures"] for w in worlds}
        title, note = cat("fut.table.package_measures"), cat("fut.note.package_measures")
    else:
        base = dict(results["appraisal"]["measures"])
        per = {w["id"]: w["measures"] for w in worlds}
        title, note = cat("fut.table.measures"), cat("fut.note.measures")
    pv = cat("unit.eur_pv")
    cols = [Column("id", cat("col.id")), Column("name", cat("col.name"))]
    for key, label in _columns(results, cat):
        cols += [Column(f"npv_{key}", cat("fut.col.npv", future=label), pv, "money"),
                 Column(f"bcr_{key}", cat("fut.col.bcr", future=label), kind="ratio")]
    rows: list[tuple[Any, ...]] = []
    for mid, row in base.items():
        cells: list[Any] = [mid, names.get(mid, "")]
        for key, _ in _columns(results, cat):
            money = row if key == "base" else per[key][mid]
            cells += [money["npv"], Cell("PM") if pm_only(results, mid) else money["bcr"]]
        rows.append(tuple(cells))
    if totals is not None:
        rows.append((cat("fut.total"), "", *(v for k, _ in _columns(results, cat)
                                             for v in (totals[k]["npv"], totals[k]["bcr"]))))
    return Table("futures_measures", title, tuple(cols), tuple(rows), note=note, total_row=totals is not None)


def _factor(value: float, cat: Catalogue) -> str:
    return f"×{cat.number(value, 2)}"


def _assumes(results: Results, w: FutureBlock, cat: Catalogue) -> str:
    """What a future changes, in words: 'CO2-reductie: effect ×1,20, prijs +1,0 % per jaar; investeringen ×1,10'."""
    crit = {c["id"]: c["name"] for c in results["scenario"]["criteria"]}
    s = w["settings"]
    parts = []
    for cid in dict.fromkeys([*s["effects"], *s["shadow_prices"], *s["price_growth"]]):
        bits = []
        if cid in s["effects"]:
            bits.append(cat("fut.effect", factor=_factor(s["effects"][cid], cat)))
        if cid in s["shadow_prices"]:
            bits.append(cat("fut.price", factor=_factor(s["shadow_prices"][cid], cat)))
        if cid in s["price_growth"]:
            g = s["price_growth"][cid]
            bits.append(cat("fut.growth", growth=("+" if g >= 0 else "") + cat.share(g, 1)))
        parts.append(f"{crit.get(cid, cid)}: {', '.join(bits)}")
    for key in ("investment", "running_cost"):
        if s[key] != 1.0:
            parts.append(cat(f"fut.{key}", factor=_factor(s[key], cat)))
    return "; ".join(parts) or cat("fut.same")


def futures_assumptions_table(results: Results, cat: Catalogue) -> Table | None:
    """Each future with what it assumes (its description) and what it scales."""
    worlds = futures_info(results)
    if not worlds:
        return None
    rows = tuple((w["label"], w["description"], _assumes(results, w, cat)) for w in worlds)
    return Table("futures_assumptions", cat("fut.table.assumptions"), (
        Column("future", cat("fut.col.future")), Column("description", cat("fut.col.description")),
        Column("scaled", cat("fut.col.scaled"))), rows, note=cat("fut.note.assumptions"))


def futures_intro(results: Results, cat: Catalogue) -> tuple[tuple[str, ...], str]:
    """How the futures were used: the package chosen in the base, valued in each other future."""
    if not futures_info(results):
        return (), ""
    key = "fut.intro.package" if _package_totals(results) is not None else "fut.intro.measures"
    return (cat(key), cat("fut.intro.equal")), ""


def futures_paragraphs(results: Results, cat: Catalogue) -> list[str]:
    """The spread of the package's saldo over the futures in the RWS wording (methodology.md A.7)."""
    totals = _package_totals(results)
    if totals is None:
        return []
    labels = dict(_columns(results, cat))
    npv = {k: float(t["npv"]) for k, t in totals.items()}
    low, high = min(npv, key=lambda k: npv[k]), max(npv, key=lambda k: npv[k])
    # one scale for both ends: 'tussen € −3,74 mln en € −0,43 mln', not '€ −3,7 mln en € −427.943'
    mln = max(abs(npv[low]), abs(npv[high])) >= 1e6
    low_text, high_text = (cat.money(npv[k], 2, millions=mln) for k in (low, high))
    spread = dict(low=low_text, low_future=labels[low], high=high_text, high_future=labels[high])
    if npv[low] > 0:
        return [cat("fut.all_positive", **spread)]
    if npv[high] < 0:
        return [cat("fut.all_negative", **spread)]
    costs = min(float(t["pv_costs"]) for t in totals.values())
    near = costs > 0 and max(abs(v) for v in npv.values()) <= NEAR_ZERO * costs
    return [cat("fut.about_equal" if near else "fut.uncertain", share=cat.share(NEAR_ZERO), **spread)]
