"""The report's table of opportunities (*kansen*) with their story: per measure the descriptive columns the
scenario declares under ``fields`` (who proposed it, the wish, the challenge, the source), as written."""

from __future__ import annotations

from ..results import Results
from .facts import first_acceptability, measure_names, smaa_info
from .i18n import Catalogue
from .model import Column, Table

__all__ = ["fields_table", "missing_table", "scales_table"]


def fields_table(results: Results, cat: Catalogue) -> Table | None:
    """Id, name, theme and each declared field of every measure; None when the scenario declares none."""
    declared = results["scenario"].get("fields") or []
    if not declared:
        return None
    names = measure_names(results)
    cols = (Column("id", cat("col.id")), Column("name", cat("col.name")), Column("theme", cat("col.theme")),
            *(Column(f"field:{f}", f) for f in declared))
    rows = tuple((m["id"], names[m["id"]], m["theme"], *(m.get("fields", {}).get(f, "") for f in declared))
                 for m in results["scenario"]["measures"])
    return Table("fields", cat("table.fields"), cols, rows, note=cat("note.fields"))


def missing_table(results: Results, cat: Catalogue) -> Table | None:
    """The measures with missing criterion cells, the one whose place depends most on them first: its rank
    in the point result, with every missing cell at its best and its worst end, how often it ranks first
    over the sampled cells and weights (SMAA, with a sensitivity analysis), and the cell to fill first."""
    block = results.get("missing")
    if not block:
        return None
    names, crit = measure_names(results), {c["id"]: c["name"] for c in results["scenario"]["criteria"]}
    smaa = smaa_info(results)
    cols = [Column("id", cat("col.id")), Column("name", cat("col.name")), Column("missing", cat("col.missing_cells")),
            Column("rank", cat("col.rank"), kind="int"), Column("rank_best", cat("col.rank_best"), kind="int"),
            Column("rank_worst", cat("col.rank_worst"), kind="int")]
    if smaa is not None:
        cols.append(Column("first", cat("col.first_rank"), kind="share"))
    cols.append(Column("fill_first", cat("col.fill_first")))
    rows = []
    for r in block["measures"]:
        first = (first_acceptability(smaa, r["measure"]),) if smaa is not None else ()
        rows.append((r["measure"], names[r["measure"]], ", ".join(crit[c] for c in r["criteria"]), r["rank"],
                     r["rank_best"], r["rank_worst"], *first, crit[r["fill_first"]]))
    return Table("missing", cat("table.missing"), tuple(cols), tuple(rows), note=cat("note.missing"))


def scales_table(results: Results, cat: Catalogue) -> Table | None:
    """Each criterion scored with labels: its labels with the values the point result uses; the note says
    the sensitivity analysis samples any values in the same order (SMAA-O). None without scales."""
    rows = tuple((c["name"], ", ".join(f"{label} = {cat.number(v, 2 if v != int(v) else 0)}" for label, v in c["scale"].items()))
                 for c in results["scenario"]["criteria"] if c.get("scale"))
    if not rows:
        return None
    return Table("scales", cat("table.scales"), (Column("criterion", cat("col.criterion")),
                                                  Column("scale", cat("col.scale"))), rows, note=cat("note.scales"))
