"""The comparison across the variants of a batch, in Markdown and HTML, from the summary alone.

What a province or consultant asks of a batch: which measures come out on top in how many
variants, and where the variants (methods, discount sets, stakeholder influence) disagree.
"""

from __future__ import annotations

import html

import pandas as pd

__all__ = ["comparison_tables", "comparison_markdown", "comparison_html"]


def comparison_tables(summary: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """(title, table) pairs: the variants, top-3 frequency per measure, and rank spread per measure."""
    if summary.empty:
        return []
    tables = []
    cols = [c for c in ("key", "status", "method", "discount", "budget", "top_1", "top_2", "top_3", "npv_positive",
                        "portfolio_status", "portfolio_value", "portfolio_spend", "greedy_value", "error")
            if c in summary]
    tables.append(("Variants", summary[cols].astype(object).fillna("")))
    done = summary[summary["status"].isin(["done", "skipped"])] if "status" in summary else summary
    if done.empty or "group_ranking" not in done:
        return tables
    for scenario, part in done.groupby("scenario", sort=True):
        ranks = {row.key: {m: i + 1 for i, m in enumerate(str(row.group_ranking).split())}
                 for row in part.itertuples()}
        frame = pd.DataFrame(ranks)
        frame.index.name = "measure"
        top3 = (frame <= 3).sum(axis=1)
        spread = pd.DataFrame({
            "in top 3 (variants)": top3, "best rank": frame.min(axis=1), "worst rank": frame.max(axis=1),
            "spread": frame.max(axis=1) - frame.min(axis=1),
        }).sort_values(["in top 3 (variants)", "best rank", "spread"], ascending=[False, True, False], kind="stable")
        tables.append((f"{scenario}: how often each measure is in the group top 3, and how far its rank moves "
                       f"({len(part)} variants)", spread.reset_index()))
        tables += _portfolio_tables(str(scenario), part)
    return tables


def _portfolio_tables(scenario: str, part: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """In how many variants each measure is in the best portfolio; value and spend per budget."""
    if "portfolio_measures" not in part or part["portfolio_measures"].isna().all():
        return []
    with_portfolio = part[part["portfolio_status"].isin(["optimal", "time_limit"])]
    if with_portfolio.empty:
        return []
    chosen = pd.Series([m for text in with_portfolio["portfolio_measures"].fillna("") for m in str(text).split()],
                       dtype=object).value_counts()
    freq = pd.DataFrame({"measure": chosen.index, "in the portfolio (variants)": chosen.to_numpy(),
                         "share": (chosen.to_numpy() / len(with_portfolio)).round(3)})
    freq = freq.sort_values(["in the portfolio (variants)", "measure"], ascending=[False, True], kind="stable")
    out = [(f"{scenario}: in how many variants each measure is in the best portfolio "
            f"({len(with_portfolio)} variants with a portfolio)", freq.reset_index(drop=True))]
    if "budget" in with_portfolio and with_portfolio["budget"].nunique() > 1:
        cols = [c for c in ("budget", "method", "discount", "portfolio_value", "portfolio_spend", "greedy_value",
                            "portfolio_measures") if c in with_portfolio]
        curve = with_portfolio[cols].sort_values(["budget"] + [c for c in ("method", "discount") if c in cols],
                                                 kind="stable")
        out.append((f"{scenario}: portfolio value and spend across budgets", curve.reset_index(drop=True)))
    return out


def _md_cell(value: object) -> str:
    text = str(value).replace("\n", " ")
    for ch in ("\\", "|", "<", ">", "`", "*", "_"):
        text = text.replace(ch, "\\" + ch)
    return text


def comparison_markdown(summary: pd.DataFrame) -> str:
    lines = ["# Batch comparison", ""]
    for title, table in comparison_tables(summary):
        lines += [f"## {_md_cell(title)}", "", "| " + " | ".join(_md_cell(c) for c in table.columns) + " |",
                  "|" + "---|" * len(table.columns)]
        lines += ["| " + " | ".join(_md_cell(v) for v in row) + " |" for row in table.itertuples(index=False)]
        lines.append("")
    return "\n".join(lines)


def comparison_html(summary: pd.DataFrame) -> str:
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8"><title>Batch comparison</title>',
             "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:2em}"
             "td,th{border:1px solid #bbb;padding:.2em .5em;text-align:left}th{background:#eee}</style>",
             "</head><body><h1>Batch comparison</h1>"]
    for title, table in comparison_tables(summary):
        parts.append(f"<h2>{html.escape(title)}</h2><table><thead><tr>")
        parts += [f"<th>{html.escape(str(c))}</th>" for c in table.columns]
        parts.append("</tr></thead><tbody>")
        for row in table.itertuples(index=False):
            parts.append("<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>")
        parts.append("</tbody></table>")
    parts.append("</body></html>\n")
    return "\n".join(parts)
