"""The Markdown report: the same sections and tables as the HTML, for version control and diffs.

Charts and the weight explorer are HTML only (a line says so). Every cell and sentence is escaped
(:func:`escape_md`) so a measure name cannot open a table column, an HTML tag, a code span or
emphasis. Numbers use the report language's format.
"""

from __future__ import annotations

from ..results import Results
from . import tables as tb
from .i18n import catalogue

__all__ = ["render_markdown", "escape_md"]

_SPECIAL = {"\\": "\\\\", "|": "\\|", "`": "\\`", "*": "\\*", "_": "\\_", "[": "\\[", "]": "\\]",
            "<": "&lt;", ">": "&gt;", "#": "\\#"}


def escape_md(text: str) -> str:
    """Escape Markdown and inline HTML: ``| ` * _ [ ] # \\`` get a backslash, ``< >`` become entities,
    ``&`` starting an entity is written ``&amp;``, and newlines become spaces."""
    out = []
    s = " ".join(str(text).split())
    for ch in s:
        if ch == "&":
            out.append("&amp;")
        elif ch in _SPECIAL:
            out.append(_SPECIAL[ch])
        else:
            out.append(ch)
    return "".join(out)


def _table(table: tb.Table, lang: str) -> list[str]:
    lines = [f"**{escape_md(table.title)}**", ""]
    lines.append("| " + " | ".join(escape_md(c.header) for c in table.columns) + " |")
    lines.append("|" + "|".join("---:" if c.kind not in ("text", "bool") else "---" for c in table.columns) + "|")
    for k, row in enumerate(table.rows):
        cells = [escape_md(tb.format_cell(v, c, lang)) for v, c in zip(row, table.columns)]
        if table.total_row and k == len(table.rows) - 1:
            cells = [f"**{c}**" if c else c for c in cells]
        lines.append("| " + " | ".join(cells) + " |")
    if table.note:
        lines += ["", f"*{escape_md(table.note)}*"]
    return lines + [""]


def render_markdown(results: Results, lang: str | None = None, report: tb.Report | None = None) -> str:
    """The Markdown report as text (deterministic).

    Parameters
    ----------
    results : dict
        The content of ``results.json``.
    lang : {"nl", "en"}, optional
        Default: the scenario's language.
    report : the report's tables already built from ``results`` in ``lang`` (:func:`.tables.build`), if at hand.
    """
    report = report if report is not None else tb.build(results, lang)
    cat = catalogue(report.lang)
    lines = [f"# {escape_md(report.title)}", "", f"*{escape_md(report.subtitle)} · {escape_md(cat('report.title'))}*",
             "", f"> {escape_md(cat('report.charts_in_html'))}", ""]
    for s in report.sections:
        lines += [f"## {escape_md(s.title)}", ""]
        lines += [line for p in s.intro for line in (escape_md(p), "")]
        if s.callout:
            lines += [f"> {escape_md(s.callout)}", ""]
        if s.paragraphs:
            lines += [f"- {escape_md(p)}" for p in s.paragraphs] + [""]
        for b in s.blocks:
            if isinstance(b, tb.Table):
                lines += _table(b, cat.lang)
    version = results["provenance"]["mkba"]
    lines += ["---", "", escape_md(cat("report.generated_by", version=version)), ""]
    return "\n".join(lines)
