"""The report's table of opportunities (*kansen*) with their story: per measure the descriptive columns the
scenario declares under ``fields`` (who proposed it, the wish, the challenge, the source), as written."""

from __future__ import annotations

from ..results import Results
from .facts import measure_names
from .i18n import Catalogue
from .model import Column, Table

__all__ = ["fields_table"]


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
