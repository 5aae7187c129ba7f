"""The report's Ambities section: per shared ambition its target, what the package reaches, met or not.

Read from ``ambitions`` of results.json (:mod:`mkba.stages.ambitions`): a table with one row per
target (the target, what the package reaches in that year, met or the shortfall, what holding it
costs and from what investment it is reachable), the planned path per year, the agreed meaning of
the container terms, and sentences a steering group reads first: which ambitions the proposal meets
(:func:`ambition_headline`, the decision section's first line), and, when no package meets the hard
ones, which ambitions and budgets conflict and how far the closest package stays off.
"""

from __future__ import annotations

from typing import Any, cast

from ..results import Results
from .facts import measure_names, objective_amount, portfolio_info
from .i18n import Catalogue
from .model import Cell, Column, Table
from .sentences import portfolio_status_sentence

__all__ = ["ambitions_info", "ambitions_table", "ambitions_path_table", "ambitions_definitions_table",
           "ambitions_paragraphs", "ambitions_intro", "ambition_headline"]

#: A value difference below this share of the objective is "nothing" in the text (solver tolerance).
NEGLIGIBLE = 0.0005


def ambitions_info(results: Results) -> dict | None:
    """The ambitions block of results.json (None for a scenario without ambitions or an older file)."""
    block = cast(dict, results).get("ambitions")
    return block if block and block["items"] else None


def _amount(value: Any, unit: str, cat: Catalogue) -> str:
    """A level in the ambition's unit for running text: '420 woningen', '-7 euro/maand per huurhuishouden'."""
    decimals = 0 if value is None or float(value) == round(float(value)) else 1
    number = cat.number(value, decimals)
    if not unit:
        return number
    return f"{number} ({unit})" if unit.startswith("score") else f"{number} {unit}"


def _target(t: dict, unit: str, cat: Catalogue) -> str:
    """'minstens 420 woningen in 2030' / 'hoogstens 0 euro/maand ... (zodra alles klaar is)'."""
    text = cat(f"amb.sense.{t['sense']}", level=_amount(t["level"], unit, cat))
    return text + (" " + cat("amb.in_year", year=t["year"]) if t["year"] is not None else " " + cat("amb.horizon"))


def _kind(item: dict, cat: Catalogue) -> str:
    if item["kind"] == "hard":
        return cat("amb.kind.hard")
    if item["priority"] is not None:
        return cat("amb.kind.soft_priority", priority=item["priority"])
    return cat("amb.kind.soft")


def _verdict(t: dict, unit: str, cat: Catalogue) -> str:
    return cat("amb.met") if t["met"] else cat(f"amb.not_met.{t['sense']}", gap=_amount(t["gap"], unit, cat))


def _objective_name(results: Results) -> str:
    port = portfolio_info(results)
    return port["objective_name"] if port is not None else "value"


def _cost(item: dict, results: Results, cat: Catalogue) -> Any:
    cost = item["cost"]
    if cost is None or cost["cost_value"] is None:
        return Cell(None)
    value = cost["cost_value"]
    scale = max(1.0, abs(cost["value"] or 0.0))
    if abs(value) < NEGLIGIBLE * scale:
        return cat("amb.cost_none")
    return objective_amount(value, _objective_name(results), cat)


def ambitions_table(results: Results, cat: Catalogue) -> Table | None:
    """One row per target of each ambition: kind, target, what the package reaches, met or the gap,
    what holding it costs in value, and the least investment that reaches it."""
    info = ambitions_info(results)
    if info is None:
        return None
    rows: list[tuple[Any, ...]] = []
    sampled = any(i.get("robustness") is not None for i in info["items"])
    for item in info["items"]:
        for k, t in enumerate(item["targets"]):
            first = k == 0
            min_inv = item["cost"]["min_investment"] if item["cost"] is not None else None
            rows.append((item["name"] if first else "", item["theme"] if first else "", _kind(item, cat) if first else "",
                         _target(t, item["unit"], cat), _amount(t["reached"], item["unit"], cat),
                         _verdict(t, item["unit"], cat), _cost(item, results, cat) if first else "",
                         Cell(min_inv, "money") if first else "",
                         *([Cell(item.get("robustness"), "share") if first else ""] if sampled else [])))
    title = "amb.table.closest" if info["package"] == "closest" else "amb.table"
    return Table("ambitions", cat(title), (
        Column("ambition", cat("amb.col.ambition")), Column("theme", cat("amb.col.theme")),
        Column("kind", cat("amb.col.kind")), Column("target", cat("amb.col.target")),
        Column("reached", cat("amb.col.reached")), Column("met", cat("amb.col.met")),
        Column("cost", cat("amb.col.cost")), Column("min_investment", cat("amb.col.min_investment"), cat("unit.eur"),
                                                    "money"),
        *([Column("robustness", cat("amb.col.robustness"), cat("unit.share"), "share")] if sampled else [])),
        tuple(rows), note=cat("amb.note") + (" " + cat("amb.note.robustness") if sampled else ""))


def ambitions_path_table(results: Results, cat: Catalogue) -> Table | None:
    """Per ambition the package's total in each year (its measures in use that year)."""
    info = ambitions_info(results)
    if info is None or not info["items"][0]["years"]:
        return None
    years = info["items"][0]["years"]
    rows = tuple((i["name"], i["unit"], *(Cell(v, "number", 0 if float(v) == round(float(v)) else 1)
                                          for v in i["planned"])) for i in info["items"])
    return Table("ambitions_path", cat("amb.table.path"), (
        Column("ambition", cat("amb.col.ambition")), Column("unit", cat("col.unit")),
        *(Column(str(y), str(y), kind="number") for y in years)), rows, note=cat("amb.note.path"))


def ambitions_definitions_table(results: Results, cat: Catalogue) -> Table | None:
    """The container terms and what the parties agreed they mean here."""
    info = ambitions_info(results)
    if info is None:
        return None
    rows = tuple((term, meaning, item["name"]) for item in info["items"] for term, meaning in item["definitions"].items())
    if not rows:
        return None
    return Table("ambitions_definitions", cat("amb.table.definitions"), (
        Column("term", cat("amb.col.term")), Column("meaning", cat("amb.col.meaning")),
        Column("ambition", cat("amb.col.ambition"))), rows)


def ambition_headline(results: Results, cat: Catalogue) -> list[str]:
    """The first line of the decision: which ambitions the proposal meets and which not, by how much."""
    info = ambitions_info(results)
    if info is None:
        return []
    items = info["items"]
    missed = [i for i in items if not i["met"]]
    what = [cat("amb.missed_item", name=i["name"], target=_target(t, i["unit"], cat),
                reached=_amount(t["reached"], i["unit"], cat))
            for i in missed for t in i["targets"] if not t["met"]]
    if info["package"] == "closest":
        return [cat("amb.headline.closest", n=len(items), hard=sum(i["kind"] == "hard" for i in items),
                    missed=cat.join(what))]
    if info["package"] != "chosen":
        return []
    if not missed:
        return [cat("amb.headline.all", n=len(items))]
    return [cat("amb.headline.some", met=len(items) - len(missed), n=len(items), missed=cat.join(what))]


def ambitions_intro(results: Results, cat: Catalogue) -> tuple[tuple[str, ...], str]:
    """What the ambitions are and how the package was chosen to meet them."""
    info = ambitions_info(results)
    if info is None:
        return (), ""
    kinds = {i["kind"] for i in info["items"]}
    parts = [cat("amb.intro")]
    if "hard" in kinds:
        parts.append(cat("amb.intro.hard"))
    if "soft" in kinds:
        prio = any(i["priority"] is not None for i in info["items"] if i["kind"] == "soft")
        parts.append(cat("amb.intro.soft_priority" if prio else "amb.intro.soft"))
    return tuple(parts), ""


def ambitions_paragraphs(results: Results, cat: Catalogue) -> list[str]:
    """The conflict and closest package when the hard ambitions cannot all be met; what each ambition
    costs in value and from what investment it is reachable; what a year's delay of a hard one gives."""
    info = ambitions_info(results)
    if info is None:
        return []
    out = ambition_headline(results, cat)
    if info["package"] == "closest":
        names = measure_names(results)
        why = portfolio_status_sentence(results, cat)
        if why:
            out.append(why)
        out.append(cat("amb.closest", items=cat.join([f"{m} {names.get(m, '')}".strip() for m in info["selected"]])))
        return out
    name = _objective_name(results)
    for item in info["items"]:
        cost = item["cost"]
        if cost is None or cost["cost_value"] is None or cost["value"] is None:
            continue
        scale = NEGLIGIBLE * max(1.0, abs(cost["value"]))
        if cost["cost_value"] >= scale:
            out.append(cat("amb.costs", name=item["name"], cost=objective_amount(cost["cost_value"], name, cat),
                           without=objective_amount(cost["value_without"], name, cat),
                           share=cat.share(cost["cost_value"] / abs(cost["value_without"]) if cost["value_without"] else None),
                           value=objective_amount(cost["value"], name, cat)))
        delay = cost["delay_value"]
        if delay is not None and item["kind"] == "hard":
            years = [t["year"] for t in item["targets"] if t["year"] is not None]
            later = cat.join([str(y + 1) for y in years])
            out.append(cat("amb.delay_gain", name=item["name"], years=later, gain=objective_amount(delay, name, cat))
                       if delay >= scale else cat("amb.delay_none", name=item["name"], years=later))
    return out
