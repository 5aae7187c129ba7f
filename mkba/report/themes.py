"""The report's theme priorities section (issue 21 item 3): per party and for the group, the weight and rank
of every theme of the value tree, and for the group how stable each rank is under the sampled weightings.
Absent without a ``themes`` block in results.json (a flat scenario, or a file written before it existed)."""

from __future__ import annotations

from typing import Any, cast

from ..results import Results
from .facts import stakeholder_ids, stakeholder_label
from .i18n import Catalogue
from .model import Column, Table

__all__ = ["themes_block", "theme_label", "theme_grid", "themes_table", "themes_group_table"]

_INDENT = "\u2003"  # an em space per level below the top themes


def themes_block(results: Results) -> dict[str, Any] | None:
    """The ``themes`` block of results.json, or None."""
    return cast(dict, results).get("themes") or None


def theme_label(node: dict[str, Any]) -> str:
    """The node's name, indented by its depth."""
    return _INDENT * (int(node["depth"]) - 1) + str(node["name"])


def theme_grid(results: Results, cat: Catalogue) -> tuple[list[str], list[str], list[list[float]]] | None:
    """(party labels with the group last, node labels, weights per party and node), for the table and chart."""
    block = themes_block(results)
    if block is None:
        return None
    parties = [p for p in stakeholder_ids(results) if p in block["parties"]] + ["group"]
    nodes = block["nodes"]
    values = [[block["parties"][p][n["id"]]["weight"] for n in nodes] for p in parties]
    return [stakeholder_label(results, p, cat) for p in parties], [theme_label(n) for n in nodes], values


def themes_table(results: Results, cat: Catalogue) -> Table | None:
    """One row per theme: its weight and (rank) per party and for the group."""
    grid = theme_grid(results, cat)
    block = themes_block(results)
    if grid is None or block is None:
        return None
    parties, labels, values = grid
    ids = [p for p in stakeholder_ids(results) if p in block["parties"]] + ["group"]
    rows = []
    for j, (node, label) in enumerate(zip(block["nodes"], labels)):
        cells: list[Any] = [label]
        for k, p in enumerate(ids):
            cells += [values[k][j], block["parties"][p][node["id"]]["rank"]]
        rows.append(tuple(cells))
    columns = [Column("theme", cat("col.theme"))]
    for p, label in zip(ids, parties):
        columns += [Column(f"{p}_weight", label, cat("unit.share"), "share"), Column(f"{p}_rank", cat("col.rank"), "", "int")]
    return Table("themes_parties", cat("themes.table.parties"), tuple(columns), tuple(rows),
                 note=cat("themes.note.parties"))


def themes_group_table(results: Results, cat: Catalogue) -> Table | None:
    """The group's weight, rank and its stability per theme (with the sensitivity analysis only)."""
    block = themes_block(results)
    if block is None or not block["n_samples"]:
        return None
    group = block["parties"]["group"]
    rows = tuple((theme_label(n), group[n["id"]]["weight"], group[n["id"]]["rank"], group[n["id"]].get("stability"))
                 for n in block["nodes"])
    return Table("themes_group", cat("themes.table.group"), (
        Column("theme", cat("col.theme")), Column("weight", cat("col.weight"), cat("unit.share"), "share"),
        Column("rank", cat("col.rank"), "", "int"), Column("stability", cat("themes.col.stability"), cat("unit.share"),
                                                             "share")),
        rows, note=cat("themes.note.group").format(n=block["n_samples"]))
