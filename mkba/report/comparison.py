"""The comparison across the variants of a batch (``comparison.html``, ``comparison.md``).

What a province or consultant asks of a batch: which measures come out on top in how many
variants, and where the variants (methods, discount sets, stakeholder influence) disagree.

Built from the batch's summary (:func:`mkba.batch.summary_frame`) plus, per scenario, its name,
language and the names of its measures and stakeholders, read from the ``results.json`` of its
first complete variant (:func:`mkba.batch.comparison.read_scenarios`), and links to the report of
each variant that has one (relative to the batch folder, so they work wherever it is moved). The words come from the report's catalogue
(:mod:`mkba.report.i18n`), the numbers are formatted as in the main report, measures are shown as
code and name. The language is the scenarios' (``language:``); when a batch mixes languages, the
first scenario's in batch order (a line says so). The tables are :class:`mkba.report.tables.Table`
with raw values, rendered by the main report's Markdown and HTML table code, so every user string
is escaped and the page is self-contained (inline CSS, no script, nothing fetched). The same
summary and results give the same bytes.

Where methods disagree (when the batch varies ``method``): per scenario one table, a row per
measure and a group-rank column per method. Variants are compared only with variants that differ
from them in the method alone: when other settings vary too (discount, budget, influence ...),
each combination of those settings is one comparison, the rank shown is the median over the
combinations, and the flags count the combinations in which the methods disagree on the measure's
first place or on its top-3 membership (*yes* when there is one combination). The flags are
computed per combination, never from the medians.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any, Callable, cast

import jinja2
import pandas as pd

from ..stages.provenance import mkba_version
from . import tables as tb
from .html import _table_view, _template
from .i18n import LANGUAGES, Catalogue, catalogue
from .markdown import _table as _markdown_table, escape_md

__all__ = ["ScenarioInfo", "Links", "REPORT_LINKS", "comparison_report", "comparison_markdown", "comparison_html"]

COMPLETE = ("done", "skipped")
"""Statuses of a variant with results."""
WITH_PORTFOLIO = ("optimal", "time_limit")
"""Portfolio statuses with a chosen portfolio."""
SAME_COLUMNS = ("budget", "portfolio_status")
"""Columns of the variants table stated once, above it, when every variant has the same value
(so are the varied settings' columns, ``vary:*``)."""
FLAG_COLUMNS = ("first_differs", "top3_differs")
"""Columns whose non-empty cells are highlighted in HTML."""
SETTINGS = {"method": "assume.method", "discount": "assume.discount", "horizon": "assume.horizon",
            "group": "assume.group", "seed": "assume.seed", "budget": "col.budget", "objective": "assume.objective",
            "solver": "assume.solver"}
"""Catalogue key of the label of each setting a batch can vary (``stakeholders.<id>.influence`` apart)."""


@dataclass(frozen=True)
class ScenarioInfo:
    """What the comparison shows of a scenario beyond the summary."""

    name: str
    language: str = "nl"
    measures: dict[str, str] = field(default_factory=dict)
    """Measure id -> name."""
    stakeholders: dict[str, str] = field(default_factory=dict)
    """Stakeholder id -> name."""

    @classmethod
    def from_results(cls, results: dict) -> ScenarioInfo:
        """From the content of a variant's ``results.json``."""
        s = results["scenario"]
        return cls(str(s["name"]), str(s.get("language") or "nl"),
                   {str(m["id"]): str(m["name"]) for m in s["measures"]},
                   {str(h["id"]): str(h["name"]) for h in s.get("stakeholders") or ()})


# -- small helpers -------------------------------------------------------------------------------

def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def _text(value: object) -> str:
    """A text cell of the summary: '' for a missing value."""
    return "" if _missing(value) else str(value)


def _value(value: object) -> object:
    """A cell of the summary with a missing value as None (shown as an en dash)."""
    return None if _missing(value) else value


def _count(cat: Catalogue, key: str, n: int) -> str:
    """'1 variant', '2 varianten': the singular or plural entry ``key.one`` / ``key.many``."""
    return cat(f"{key}.{'one' if n == 1 else 'many'}", n=cat.number(n))


def _measure(code: str, names: dict[str, str]) -> str:
    """'N04 Zonnepanelen op daken': the code with the measure's name beside it."""
    name = names.get(code, "")
    return f"{code} {name}" if name and name != code else code


def _measures(text: object, names: dict[str, str]) -> str:
    return "; ".join(_measure(m, names) for m in _text(text).split())


def _method(name: object) -> str:
    return tb.method_label(cast(Any, {"scores": {"method": str(name)}}))  # the report's label of a method


def _word(cat: Catalogue, prefix: str, code: object) -> str:
    """The catalogue's word for ``code`` (entry ``prefix.code``), else the code itself."""
    s = _text(code)
    return cat(f"{prefix}.{s}") if cat.has(f"{prefix}.{s}") else s


def _decimals(x: float, most: int) -> int:
    """The fewest decimals (up to ``most``) that show ``x`` as given: 0.5 -> 1, 2.0 -> 0."""
    text = repr(round(x, most))
    return 0 if "e" in text else len(text.partition(".")[2].rstrip("0"))


def _number(value: object) -> tb.Cell | None:
    """A median rank or a difference of ranks: 2 as '2', 2.5 as '2,5' / '2.5'."""
    if _missing(value):
        return None
    x = float(value)  # type: ignore[arg-type]
    return tb.Cell(x, "int") if x.is_integer() else tb.Cell(x, "number", 1)


def _median(ranks: list[int] | None) -> tb.Cell | None:
    return _number(float(pd.Series(ranks).median())) if ranks else None


REPORT_LINKS = (("html", "HTML", "report.html"), ("md", "Markdown", "report.md"), ("xlsx", "Excel", "report.xlsx"))
"""A variant's reports the comparison links to: format, link text, file name in the variant's folder."""


class Links(str):
    """A cell of links: its text ('HTML · Markdown · Excel') and (text, href) pairs, relative to the batch folder."""
    hrefs: tuple[tuple[str, str], ...]

    def __new__(cls, hrefs: tuple[tuple[str, str], ...]) -> Links:
        cell = super().__new__(cls, " · ".join(text for text, _ in hrefs))
        cell.hrefs = hrefs
        return cell


def _links(folder: object, formats: tuple[str, ...]) -> Links | None:
    hrefs = tuple((text, f"{folder}/{name}") for fmt, text, name in REPORT_LINKS if fmt in formats)
    return Links(hrefs) if hrefs else None


# -- settings a batch varies ---------------------------------------------------------------------

def _setting_label(path: str, cat: Catalogue, people: dict[str, str]) -> str:
    if path in SETTINGS:
        return cat(SETTINGS[path])
    parts = path.split(".")
    if len(parts) == 3 and parts[0] == "stakeholders" and parts[2] == "influence":
        return cat("cmp.setting.influence", name=people.get(parts[1], parts[1]))
    return path


def _in_sentence(label: str) -> str:
    """A label inside a sentence: 'Invloed Residents' -> 'invloed Residents'; 'MCDA-methode' stays."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def _setting_column(path: str, cat: Catalogue, people: dict[str, str]) -> tb.Column:
    label = _setting_label(path, cat, people)
    if path == "budget":
        return tb.Column("budget", label, cat("unit.eur"), "money")
    kind = {"horizon": "year", "seed": "year", "method": "text", "discount": "text", "group": "text",
            "objective": "text", "solver": "text"}.get(path, "number")
    return tb.Column(f"vary:{path}", label, kind=kind)


def _setting_value(path: str, value: object, cat: Catalogue) -> object:
    """One setting's value as the reader sees it: a method's name, a rate in %, a number."""
    if _missing(value):
        return None
    if path == "method":
        return _method(value)
    if path == "objective":
        return _word(cat, "objective", value)
    if path == "group":
        return _word(cat, "group_method", value)
    try:
        x = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(value)
    if path == "discount":  # a constant rate; a named set stays its name
        return tb.Cell(x, "share", _decimals(x * 100, 2))
    if path in ("budget", "horizon", "seed"):
        return x
    return tb.Cell(x, "number", _decimals(x, 3))


def _varied(frame: pd.DataFrame) -> list[str]:
    return sorted(c.removeprefix("vary:") for c in frame if c.startswith("vary:"))


# -- the variants --------------------------------------------------------------------------------

Getter = Callable[[dict], Any]


def _objective_cell(row: dict, key: str) -> object:
    value = _value(row.get(key))
    if value is None:
        return None
    return tb.Cell(value, "money") if row.get("portfolio_objective") == "npv" else tb.Cell(value, "number", 3)


def _has(frame: pd.DataFrame, col: str) -> bool:
    return col in frame and any(_text(v) for v in frame[col])


def _settings_spec(frame: pd.DataFrame, cat: Catalogue, people: dict[str, str],
                   paths: list[str]) -> list[tuple[tb.Column, Getter]]:
    """A column per setting: ``method``, ``discount`` and ``budget`` as the variant ran (summary
    columns), any other as varied (``vary:`` columns)."""
    def getter(path: str, column: str) -> Getter:
        return lambda r: _setting_value(path, r.get(column), cat)

    spec: list[tuple[tb.Column, Getter]] = []
    for path in paths:
        column = {"method": "method", "discount": "discount", "budget": "budget",
                  "objective": "portfolio_objective"}.get(path, f"vary:{path}")
        if _has(frame, column):
            spec.append((_setting_column(path, cat, people), getter(path, column)))
    return spec


def _portfolio_spec(frame: pd.DataFrame, cat: Catalogue, named: bool = True) -> list[tuple[tb.Column, Getter]]:
    """The yield and investment of the best portfolio and of the ranking approach (greedy); the
    yield's unit is EUR for the NPV, else (``named``) the objective in words."""
    objectives = {_text(v) for v in frame.get("portfolio_objective", ()) if _text(v)}
    unit = ((cat("unit.eur") if objectives == {"npv"} else _word(cat, "objective", next(iter(objectives))) * named)
            if len(objectives) == 1 else "")
    return [
        (tb.Column("portfolio_value", cat("key.portfolio_objective"), unit, "number"),
         lambda r: _objective_cell(r, "portfolio_value")),
        (tb.Column("portfolio_spend", cat("key.portfolio_spend"), cat("unit.eur"), "money"),
         lambda r: _value(r.get("portfolio_spend"))),
        (tb.Column("greedy_value", cat("cmp.col.greedy_value"), unit, "number"),
         lambda r: _objective_cell(r, "greedy_value")),
        (tb.Column("greedy_feasible", cat("cmp.col.greedy_feasible"), kind="bool"),
         lambda r: None if _value(r.get("greedy_feasible")) is None else bool(r["greedy_feasible"])),
    ]


def _table(tid: str, title: str, spec: list[tuple[tb.Column, Getter]], rows: list[dict]) -> tb.Table:
    return tb.Table(tid, title, tuple(c for c, _ in spec), tuple(tuple(get(r) for _, get in spec) for r in rows))


def _variants_table(summary: pd.DataFrame, cat: Catalogue, scenarios: dict[str, ScenarioInfo],
                    people: dict[str, str], reports: dict[str, tuple[str, ...]]) -> list[tb.Table]:
    """The table of the settings the same in every variant (when there are several variants:
    they are left out of the next table), and the table of the variants, linking to their reports."""
    def names(row: dict) -> dict[str, str]:
        info = scenarios.get(str(row["scenario"]))
        return info.measures if info else {}

    varied = [p for p in _varied(summary) if p not in ("method", "discount", "budget", "objective")]
    spec: list[tuple[tb.Column, Getter]] = []
    if summary["scenario"].nunique() > 1 or not _varied(summary):
        spec.append((tb.Column("scenario", cat("cmp.col.scenario")),
                     lambda r: scenarios[r["scenario"]].name if r["scenario"] in scenarios else r["scenario"]))
    if set(summary["status"]) != {"done"}:
        spec.append((tb.Column("status", cat("cmp.col.status")), lambda r: _word(cat, "cmp.status", r["status"])))
    spec += _settings_spec(summary, cat, people, ["method", "discount", *varied, "budget", "objective"])
    def top(key: str) -> Getter:
        return lambda r: _measure(_text(r.get(key)), names(r))

    spec += [(tb.Column(f"top_{i}", cat("col.rank_n", r=i)), top(f"top_{i}")) for i in (1, 2, 3)
             if _has(summary, f"top_{i}")]
    if _has(summary, "npv_positive"):
        spec.append((tb.Column("npv_positive", cat("key.positive_npv"), kind="int"),
                     lambda r: _value(r.get("npv_positive"))))
    if _has(summary, "portfolio_status"):
        spec.append((tb.Column("portfolio_status", cat("cmp.col.portfolio_status")),
                     lambda r: _word(cat, "cmp.portfolio_status", r.get("portfolio_status"))))
        spec += _portfolio_spec(summary, cat, named=False)
    if _has(summary, "error"):
        spec.append((tb.Column("error", cat("cmp.col.error")), lambda r: _text(r.get("error"))))
    if reports:
        spec.append((tb.Column("report", cat("report.subtitle")),
                     lambda r: _links(r.get("folder"), reports.get(_text(r.get("folder")), ()))))
    table = _table("variants", cat("cmp.table.variants"), spec, summary.to_dict("records"))
    same = []
    if len(table.rows) > 1:
        for k, column in enumerate(table.columns):
            shown = {tb.format_cell(row[k], column, cat.lang) for row in table.rows}
            if (column.key in SAME_COLUMNS or column.key.startswith("vary:")) and len(shown) == 1:
                same.append((k, (column.label, shown.pop() + (f" {column.unit}" if column.unit else ""))))
    if not same:
        return [table]
    keep = [k for k in range(len(table.columns)) if k not in {k for k, _ in same}]
    return [tb.Table("same", cat("cmp.table.same"), (tb.Column("item", cat("col.item")),
                                                      tb.Column("value", cat("col.value"))),
                     tuple(row for _, row in same)),
            replace(table, columns=tuple(table.columns[k] for k in keep),
                    rows=tuple(tuple(row[k] for k in keep) for row in table.rows))]


# -- per scenario --------------------------------------------------------------------------------

def _ranks(row: dict) -> dict[str, int]:
    """{measure: group rank} of one summary row; tied measures share a rank (``group_ranks``;
    a summary without that column: the place in ``group_ranking``)."""
    names = _text(row.get("group_ranking")).split()
    given = _text(row.get("group_ranks")).split()
    if len(given) == len(names):
        try:
            return {m: int(float(r)) for m, r in zip(names, given)}
        except ValueError:
            pass
    return {m: i + 1 for i, m in enumerate(names)}


def _chosen(row: dict) -> set[str] | None:
    """The measures of the row's best portfolio; None when it has none."""
    if _text(row.get("portfolio_status")) not in WITH_PORTFOLIO:
        return None
    return set(_text(row.get("portfolio_measures")).split())


def _ranks_table(tid: str, rows: list[dict], cat: Catalogue, names: dict[str, str]) -> tb.Table:
    """One variant: its group ranking (and its portfolio); more: top-3 count and rank spread per measure."""
    code, name = tb.Column("id", cat("col.id")), tb.Column("name", cat("col.name"))
    variants = _count(cat, "cmp.variants", len(rows))
    if len(rows) == 1:
        ranks, chosen = _ranks(rows[0]), _chosen(rows[0])
        cols: tuple[tb.Column, ...] = (tb.Column("rank", cat("col.rank"), kind="int"), code, name)
        table_rows: tuple[tuple[Any, ...], ...] = tuple(
            (r, m, names.get(m, "")) + (() if chosen is None else (m in chosen,)) for m, r in ranks.items())
        if chosen is not None:
            cols += (tb.Column("in_portfolio", cat("col.in_portfolio"), kind="bool"),)
        return tb.Table(tid, cat("cmp.table.ranking", variants=variants), cols, table_rows)
    frame = pd.DataFrame({i: _ranks(row) for i, row in enumerate(rows)})
    spread = pd.DataFrame({"measure": frame.index, "top3": (frame <= 3).sum(axis=1).to_numpy(),
                           "best": frame.min(axis=1).to_numpy(), "worst": frame.max(axis=1).to_numpy()})
    spread["spread"] = spread["worst"] - spread["best"]
    spread = spread.sort_values(["top3", "best", "spread", "measure"], ascending=[False, True, False, True],
                                kind="stable")
    unit = cat("cmp.unit.variants")
    cols = (code, name, tb.Column("in_top3", cat("cmp.col.in_top3"), unit, "int"),
            tb.Column("best", cat("cmp.col.best_rank"), kind="int"),
            tb.Column("worst", cat("cmp.col.worst_rank"), kind="int"),
            tb.Column("spread", cat("cmp.col.spread"), kind="int"))
    table_rows = tuple((m, names.get(m, ""), t, b, w, s) for m, t, b, w, s in spread.itertuples(index=False))
    return tb.Table(tid, cat("cmp.table.ranks", variants=variants), cols, table_rows)


def _methods_table(tid: str, part: pd.DataFrame, cat: Catalogue, names: dict[str, str],
                   people: dict[str, str]) -> tb.Table | None:
    """Where methods disagree: the group rank per method of each measure, variants compared only
    with those that differ from them in the method alone (see the module docstring)."""
    if "vary:method" not in part or "method" not in part or part["method"].nunique() < 2:
        return None
    methods = [str(m) for m in pd.unique(part["method"])]
    others = sorted(c for c in part if c.startswith("vary:") and c != "vary:method")
    groups = [part] if not others else [g for _, g in part.groupby(others, dropna=False, sort=False)]
    per_method: dict[str, dict[str, list[int]]] = {m: {} for m in methods}
    first: dict[str, int] = {}
    top3: dict[str, int] = {}
    n = 0
    for group in groups:
        by_method: dict[str, dict[str, int]] = {}
        for row in group.to_dict("records"):
            by_method.setdefault(str(row["method"]), _ranks(row))
        if len(by_method) < 2:
            continue  # a combination with one method left (the others failed): nothing to compare
        n += 1
        for method, ranks in by_method.items():
            for measure, rank in ranks.items():
                per_method[method].setdefault(measure, []).append(rank)
        for measure in sorted(set().union(*by_method.values())):
            firsts = [ranks.get(measure) == 1 for ranks in by_method.values()]
            tops = [(ranks.get(measure) or 10**9) <= 3 for ranks in by_method.values()]
            first[measure] = first.get(measure, 0) + (any(firsts) and not all(firsts))
            top3[measure] = top3.get(measure, 0) + (any(tops) and not all(tops))
    if n == 0:
        return None

    def flag(count: int) -> str:
        return "" if not count else (cat("yes") if n == 1 else cat("cmp.flag.some", k=cat.number(count),
                                                                   n=cat.number(n)))

    rows = []
    for measure in sorted(first):
        medians = [_median(per_method[m].get(measure)) for m in methods]
        shown = [c.value for c in medians if c is not None]
        rows.append((min(shown, default=math.inf), measure, names.get(measure, ""), *medians,
                     _number(max(shown) - min(shown)) if shown else None, flag(first[measure]), flag(top3[measure])))
    rows.sort(key=lambda r: (r[0], r[1]))
    cols = (tb.Column("id", cat("col.id")), tb.Column("name", cat("col.name")),
            *(tb.Column(f"method:{m}", _method(m), kind="number") for m in methods),
            tb.Column("spread", cat("cmp.col.spread"), kind="number"),
            tb.Column("first_differs", cat("cmp.col.first_differs")),
            tb.Column("top3_differs", cat("cmp.col.top3_differs")))
    counts = {"first": _count(cat, "cmp.measures", sum(bool(v) for v in first.values())),
              "top3": _count(cat, "cmp.measures", sum(bool(v) for v in top3.values()))}
    note = (cat("cmp.note.methods_one", **counts) if n == 1 and not others else
            cat("cmp.note.methods_many", combinations=_count(cat, "cmp.combinations", n),
                settings=cat.join([_in_sentence(_setting_label(c.removeprefix("vary:"), cat, people))
                                   for c in others]), **counts))
    return tb.Table(tid, cat("cmp.table.methods"), cols, tuple(r[1:] for r in rows), note=note)


def _portfolio_tables(tid: str, part: pd.DataFrame, cat: Catalogue, names: dict[str, str],
                      people: dict[str, str]) -> list[tb.Table]:
    """In how many variants each measure is in the best portfolio; yield and spend per budget."""
    rows = [r for r in part.to_dict("records") if _chosen(r) is not None]
    if len(part) < 2 or not rows:
        return []  # one variant: its portfolio is a column of the ranking table
    chosen = pd.Series([m for r in rows for m in sorted(_chosen(r) or ())], dtype=object).value_counts()
    freq = sorted(chosen.items(), key=lambda kv: (-kv[1], kv[0]))
    out = [tb.Table(f"{tid}-portfolio", cat("cmp.table.portfolio", variants=_count(cat, "cmp.variants", len(rows))),
                    (tb.Column("id", cat("col.id")), tb.Column("name", cat("col.name")),
                     tb.Column("in_portfolio", cat("cmp.col.in_portfolio"), cat("cmp.unit.variants"), "int"),
                     tb.Column("share", cat("cmp.col.share"), kind="share")),
                    tuple((m, names.get(m, ""), int(k), k / len(rows)) for m, k in freq))]
    budgets = {float(r["budget"]) for r in rows if _value(r.get("budget")) is not None}
    if len(budgets) > 1:
        rows = sorted(rows, key=lambda r: float(r["budget"]) if _value(r.get("budget")) is not None else math.inf)
        spec = _settings_spec(part, cat, people, ["budget", *(p for p in _varied(part) if p != "budget")])
        spec += _portfolio_spec(part, cat)
        spec.append((tb.Column("measures", cat("col.measures")),
                     lambda r: _measures(r.get("portfolio_measures"), names)))
        out.append(_table(f"{tid}-budgets", cat("cmp.table.budgets"), spec, rows))
    return out


# -- the report ----------------------------------------------------------------------------------

def comparison_report(summary: pd.DataFrame, *, lang: str | None = None,
                      scenarios: dict[str, ScenarioInfo] | None = None,
                      reports: dict[str, tuple[str, ...]] | None = None) -> tb.Report:
    """The comparison as sections of tables (raw values; each format formats them).

    Parameters
    ----------
    summary : the batch's summary frame (``Batch.to_frame()`` or ``summary.csv`` read back).
    lang : {"nl", "en"}, optional. Default: the language of the first scenario in ``scenarios``,
        else Dutch (a scenario's default language).
    scenarios : {scenario: :class:`ScenarioInfo`} (:func:`read_scenarios`); without it measures
        are shown by code and scenarios by their file name.
    reports : {variant folder: report formats written there} (:func:`read_reports`): the variants
        table links to them (paths relative to the batch folder).
    """
    scenarios = dict(scenarios or {})
    mixed = lang is None and len({info.language for info in scenarios.values()}) > 1
    if lang is None:
        first = next(iter(scenarios.values()), None)
        lang = first.language if first is not None and first.language in LANGUAGES else "nl"
    cat = catalogue(lang)
    title, subtitle = cat("cmp.title"), cat("report.subtitle")
    if summary.empty:
        return tb.Report(title, subtitle, lang)
    # a variant complete from an earlier run is done: a resumed batch gives the same report
    summary = summary.assign(status=summary["status"].replace("skipped", "done"))
    people: dict[str, str] = {}
    for info in scenarios.values():
        people = {**info.stakeholders, **people}
    statuses = [s for s in ("done", "invalid", "failed") if s in set(summary["status"])]
    counts = summary["status"].value_counts()
    intro = [cat("cmp.intro", variants=_count(cat, "cmp.variants", len(summary)),
                 scenarios=_count(cat, "cmp.scenarios", summary["scenario"].nunique()),
                 statuses=cat.join([cat("cmp.status_count", n=cat.number(int(counts[s])),
                                        status=cat(f"cmp.status.{s}")) for s in statuses]))]
    if mixed:
        intro.append(cat("cmp.mixed_languages"))
    sections = [tb.Section("variants", cat("cmp.section.variants"), tuple(intro),
                           tuple(_variants_table(summary, cat, scenarios, people, dict(reports or {}))))]
    done = summary[summary["status"] == "done"]
    if "group_ranking" in done:
        for k, stem in enumerate(pd.unique(done["scenario"]), start=1):
            part = done[done["scenario"] == stem]
            found = scenarios.get(str(stem))
            names = found.measures if found else {}
            tid = f"s{k}"
            blocks: list[tb.Table | None] = [_ranks_table(f"{tid}-ranks", part.to_dict("records"), cat, names),
                                             _methods_table(f"{tid}-methods", part, cat, names, people),
                                             *_portfolio_tables(tid, part, cat, names, people)]
            heading = (cat("cmp.scenario_title", name=found.name, file=stem) if found and found.name != stem
                       else str(stem))
            sections.append(tb.Section(f"scenario-{k}", heading, (), tuple(b for b in blocks if b is not None)))
    return tb.Report(title, subtitle, lang, tuple(sections))


def _report(summary: pd.DataFrame, lang: str | None, scenarios: dict[str, ScenarioInfo] | None,
            report: tb.Report | None) -> tb.Report:
    return report or comparison_report(summary, lang=lang, scenarios=scenarios)


def comparison_markdown(summary: pd.DataFrame, *, lang: str | None = None,
                        scenarios: dict[str, ScenarioInfo] | None = None, report: tb.Report | None = None) -> str:
    """The comparison in Markdown (see :func:`comparison_report`; ``report``: one already built)."""
    report = _report(summary, lang, scenarios, report)
    cat = catalogue(report.lang)
    lines = [f"# {escape_md(report.title)}", "", f"*{escape_md(report.subtitle)}*", ""]
    for s in report.sections:
        lines += [f"## {escape_md(s.title)}", ""]
        if s.paragraphs:
            lines += [line for p in s.paragraphs for line in (escape_md(p), "")]
        lines += [line for table in s.blocks if isinstance(table, tb.Table)
                  for line in _linked(table, _markdown_table(table, report.lang))]
    lines += ["---", "", escape_md(cat("cmp.generated_by", version=mkba_version())), ""]
    return "\n".join(lines)


def _linked(table: tb.Table, lines: list[str]) -> list[str]:
    """The Markdown lines of ``table`` (title, blank, header, rule, rows), a row's :class:`Links` cell as links."""
    for k, row in enumerate(table.rows):
        for cell in (c for c in reversed(row) if isinstance(c, Links)):
            head, _, tail = lines[4 + k].rpartition(str(cell))
            lines[4 + k] = head + " · ".join(f"[{text}](<{href}>)" for text, href in cell.hrefs) + tail
            break
    return lines


_PAGE = """<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="generator" content="mkba">
<title>{{ title }} · {{ subtitle }}</title>
<style>
{{ css | safe }}
td.flag { background: #fde2b8; font-weight: bold; }
</style>
</head>
<body>
<header class="report-header">
<p class="kicker">{{ subtitle }}</p>
<h1>{{ title }}</h1>
</header>
<main>
{% for s in sections %}
<section id="{{ s.id }}">
<h2>{{ s.title }}</h2>
{% for p in s.paragraphs %}
<p>{{ p }}</p>
{% endfor %}
{% for b in s.blocks %}
<div class="table-wrap">
<table id="table-{{ b.id }}"{% if b.cls %} class="{{ b.cls }}"{% endif %}>
<caption>{{ b.title }}</caption>
<thead><tr>{% for h in b.headers %}<th{% if h.cls %} class="{{ h.cls }}"{% endif %} scope="col">{{ h.label }}\
{% if h.unit %}<span class="unit">{{ h.unit }}</span>{% endif %}</th>{% endfor %}</tr></thead>
<tbody>
{% for row in b.rows %}
<tr>{% for c in row %}<td{% if c.cls %} class="{{ c.cls }}"{% endif %}>{% if c.links %}\
{% for text, href in c.links %}<a href="{{ href }}">{{ text }}</a>{{ " · " if not loop.last }}{% endfor %}\
{% else %}{{ c.text }}{% endif %}</td>{% endfor %}</tr>
{% endfor %}
</tbody>
</table>
{% if b.note %}<p class="note">{{ b.note }}</p>{% endif %}
</div>
{% endfor %}
</section>
{% endfor %}
</main>
<footer><p>{{ generated_by }}</p></footer>
</body>
</html>
"""


def comparison_html(summary: pd.DataFrame, *, lang: str | None = None,
                    scenarios: dict[str, ScenarioInfo] | None = None, report: tb.Report | None = None) -> str:
    """The comparison as one self-contained HTML page (see :func:`comparison_report`); autoescaped,
    so every name is text. The flags of *where methods disagree* are highlighted."""
    report = _report(summary, lang, scenarios, report)
    cat = catalogue(report.lang)
    sections = []
    for s in report.sections:
        blocks = []
        for table in (b for b in s.blocks if isinstance(b, tb.Table)):
            view = _table_view(table, cat)
            for row, raw in zip(view["rows"], table.rows):
                for cell, column, value in zip(row, table.columns, raw):
                    if column.key in FLAG_COLUMNS and cell["text"]:
                        cell["cls"] = f"{cell['cls']} flag".strip()
                    cell["links"] = value.hrefs if isinstance(value, Links) else ()
            blocks.append(view)
        sections.append({"id": s.id, "title": s.title, "paragraphs": s.paragraphs, "blocks": blocks})
    env = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                             undefined=jinja2.StrictUndefined)
    return env.from_string(_PAGE).render(lang=report.lang, title=report.title, subtitle=report.subtitle,
                                         sections=sections, css=_template("report.css"),
                                         generated_by=cat("cmp.generated_by", version=mkba_version()))
