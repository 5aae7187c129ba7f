"""The comparison across the variants of a batch, in Markdown and HTML, from the summary alone.

What a province or consultant asks of a batch: which measures come out on top in how many
variants, and where the variants (methods, discount sets, stakeholder influence) disagree.

Where methods disagree (when the batch varies ``method``): per scenario one table, a row per
measure and a group-rank column per method. Variants are compared only with variants that differ
from them in the method alone: when other settings vary too (discount, budget, influence ...),
each combination of those settings is one comparison, the rank shown is the median over the
combinations, and the flags count the combinations in which the methods disagree on the measure's
first place or on its top-3 membership (``yes`` when there is one combination). The flags are
computed per combination, never from the medians.
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
                        "portfolio_status", "portfolio_value", "portfolio_spend", "greedy_value", "greedy_feasible",
                        "error")
            if c in summary]
    tables.append(("Variants", summary[cols].astype(object).fillna("")))
    done = summary[summary["status"].isin(["done", "skipped"])] if "status" in summary else summary
    if done.empty or "group_ranking" not in done:
        return tables
    for scenario, part in done.groupby("scenario", sort=True):
        ranks = {row.key: _ranks(row) for row in part.itertuples()}
        frame = pd.DataFrame(ranks)
        frame.index.name = "measure"
        top3 = (frame <= 3).sum(axis=1)
        spread = pd.DataFrame({
            "in top 3 (variants)": top3, "best rank": frame.min(axis=1), "worst rank": frame.max(axis=1),
            "spread": frame.max(axis=1) - frame.min(axis=1),
        }).sort_values(["in top 3 (variants)", "best rank", "spread"], ascending=[False, True, False], kind="stable")
        tables.append((f"{scenario}: how often each measure is in the group top 3, and how far its rank moves "
                       f"({len(part)} variants)", spread.reset_index()))
        tables += _method_tables(str(scenario), part)
        tables += _portfolio_tables(str(scenario), part)
    return tables


def _ranks(row) -> dict[str, int]:
    """{measure: group rank} of one summary row; tied measures share a rank (``group_ranks``;
    a summary without that column: the place in ``group_ranking``)."""
    names = str(row.group_ranking).split()
    given = str(getattr(row, "group_ranks", "") or "").split()
    if len(given) == len(names):
        try:
            return {m: int(float(r)) for m, r in zip(names, given)}
        except ValueError:
            pass
    return {m: i + 1 for i, m in enumerate(names)}


def _method_tables(scenario: str, part: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """Where methods disagree: the group rank per method of each measure, variants compared only
    with those that differ from them in the method alone (see the module docstring)."""
    if "vary:method" not in part or "method" not in part or part["method"].nunique() < 2:
        return []
    methods = [str(m) for m in pd.unique(part["method"])]
    others = sorted(c for c in part if c.startswith("vary:") and c != "vary:method")
    groups = [part] if not others else [g for _, g in part.groupby(others, dropna=False, sort=False)]
    per_method: dict[str, dict[str, list[int]]] = {m: {} for m in methods}
    first = {}
    top3 = {}
    n = 0
    for group in groups:
        by_method = {}
        for row in group.itertuples():
            by_method.setdefault(str(row.method), _ranks(row))
        if len(by_method) < 2:
            continue  # a combination with one method left (the others failed): nothing to compare
        n += 1
        measures = sorted(set().union(*by_method.values()))
        for method, ranks in by_method.items():
            for measure, rank in ranks.items():
                per_method[method].setdefault(measure, []).append(rank)
        for measure in measures:
            firsts = [ranks.get(measure) == 1 for ranks in by_method.values()]
            tops = [(ranks.get(measure) or 10**9) <= 3 for ranks in by_method.values()]
            first[measure] = first.get(measure, 0) + (any(firsts) and not all(firsts))
            top3[measure] = top3.get(measure, 0) + (any(tops) and not all(tops))
    if n == 0:
        return []
    measures = sorted(first)
    table = pd.DataFrame({"measure": measures})
    for method in methods:
        values = [per_method[method].get(m) for m in measures]
        table[method] = pd.Series([_median(v) for v in values], dtype=object)  # 2 stays 2, beside 9.5
    shown = table[methods].apply(pd.to_numeric, errors="coerce")
    table["spread"] = pd.Series([_number(v) for v in (shown.max(axis=1) - shown.min(axis=1))], dtype=object)

    def flag(count: int) -> str:
        return "" if not count else ("yes" if n == 1 else f"{count} of {n}")

    table["first place differs"] = [flag(first[m]) for m in measures]
    table["top 3 differs"] = [flag(top3[m]) for m in measures]
    table = table.assign(_best=shown.min(axis=1)).sort_values(["_best", "measure"], kind="stable")
    table = table.drop(columns="_best").reset_index(drop=True)
    n_first, n_top3 = sum(bool(first[m]) for m in measures), sum(bool(top3[m]) for m in measures)
    basis = ("the group rank of each measure per method" if n == 1 and not others else
             f"the median group rank of each measure per method over the {n} combination{'s' if n != 1 else ''} "
             f"of {', '.join(c.removeprefix('vary:') for c in others)} (variants compared only when they differ "
             "in the method alone)")
    title = (f"{scenario}: where methods disagree: {basis}; first place differs for {n_first} "
             f"measure{'s' if n_first != 1 else ''}, top-3 membership for {n_top3}")
    return [(title, table)]


def _number(value: float) -> object:
    """A rank or rank difference as shown: a whole number as an int, a half as 2.5, missing as ''."""
    if value is None or value != value:
        return ""
    return int(value) if float(value).is_integer() else round(float(value), 1)


def _median(ranks: list[int] | None) -> object:
    if not ranks:
        return ""
    return _number(float(pd.Series(ranks).median()))


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
                            "greedy_feasible", "portfolio_measures") if c in with_portfolio]
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
             "td,th{border:1px solid #bbb;padding:.2em .5em;text-align:left}th{background:#eee}"
             "td.flag{background:#fde2b8;font-weight:bold}</style>",
             "</head><body><h1>Batch comparison</h1>"]
    for title, table in comparison_tables(summary):
        parts.append(f"<h2>{html.escape(title)}</h2><table><thead><tr>")
        parts += [f"<th>{html.escape(str(c))}</th>" for c in table.columns]
        parts.append("</tr></thead><tbody>")
        flagged = [str(c).endswith("differs") for c in table.columns]
        for row in table.itertuples(index=False):
            parts.append("<tr>" + "".join(f'<td class="flag">{html.escape(str(v))}</td>' if f and str(v) else
                                          f"<td>{html.escape(str(v))}</td>" for v, f in zip(row, flagged)) + "</tr>")
        parts.append("</tbody></table>")
    parts.append("</body></html>\n")
    return "\n".join(parts)
