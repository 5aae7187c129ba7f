"""The comparison report of a batch folder (``comparison.md``, ``comparison.html``): what it needs
beyond the summary read from the variant folders (each scenario's name, language and names of its
measures; the reports each variant has), then rendered by :mod:`mkba.report.comparison`."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from ..report.comparison import (COMPLETE, REPORT_LINKS, ScenarioInfo, comparison_html, comparison_markdown,
                                 comparison_report)

__all__ = ["read_scenarios", "read_reports", "comparison_files"]


def _folders(summary: pd.DataFrame) -> list[dict]:
    """The rows of the complete variants that name their folder, in batch order."""
    if summary.empty or "folder" not in summary:
        return []
    return [r for r in summary.to_dict("records") if r.get("status") in COMPLETE and isinstance(r.get("folder"), str)
            and r["folder"]]


def read_scenarios(summary: pd.DataFrame, out: str | Path) -> dict[str, ScenarioInfo]:
    """{scenario: info} in batch order, from the ``results.json`` of each scenario's first complete
    variant in the batch folder ``out``; a scenario without a readable one is left out."""
    found: dict[str, ScenarioInfo] = {}
    for row in _folders(summary):
        stem = str(row["scenario"])
        if stem in found:
            continue
        try:
            results = json.loads((Path(out) / row["folder"] / "results.json").read_text(encoding="utf-8"))
            found[stem] = ScenarioInfo.from_results(results)
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return found


def read_reports(summary: pd.DataFrame, out: str | Path) -> dict[str, tuple[str, ...]]:
    """{variant folder: the report formats in it} for each complete variant of the batch in ``out``
    that has reports (``mkba batch`` writes them unless ``--no-report``)."""
    found = {row["folder"]: tuple(fmt for fmt, _, name in REPORT_LINKS if (Path(out) / row["folder"] / name).is_file())
             for row in _folders(summary)}
    return {folder: formats for folder, formats in found.items() if formats}


def comparison_files(summary: pd.DataFrame, out: str | Path) -> dict[str, str]:
    """``comparison.md`` and ``comparison.html`` of the batch in folder ``out``: the scenarios'
    names and language read from their variants' ``results.json`` (:func:`read_scenarios`), links
    to the reports in their folders (:func:`read_reports`)."""
    report = comparison_report(summary, scenarios=read_scenarios(summary, out), reports=read_reports(summary, out))
    return {"comparison.md": comparison_markdown(summary, report=report),
            "comparison.html": comparison_html(summary, report=report)}
