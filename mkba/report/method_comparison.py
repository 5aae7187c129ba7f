"""The report's "how much does the method matter?" section: the group's ranking by each method of the
scenario's ``method.compare``, how far they agree (Kendall's tau-b, Spearman's rho, the WS coefficient),
where they differ, the consensus rankings, and the rank-reversal audit (``method.rank_reversal``).

It reads the ``method_comparison`` block of results.json only; a file without it has no such section.
"""

from __future__ import annotations

from itertools import combinations
from typing import Any, cast

from ..results import MethodComparisonBlock, Results
from .facts import measure_names
from .i18n import Catalogue
from .model import Column, Table

__all__ = ["comparison_info", "method_label", "comparison_paragraphs", "comparison_intro", "method_ranks_table",
           "method_agreement_table", "reversal_table"]

_LABELS = {"promethee2": "PROMETHEE II", "wsm": "WSM", "wpm": "WPM", "mavt": "MAVT"}
_TESTS = ("worse_replacement", "transitivity", "decomposition", "leave_one_out")
_COUNTS = {"worse_replacement": None, "transitivity": "intransitive_count", "decomposition": "decomposition_count",
           "leave_one_out": "leave_one_out_count"}


def method_label(name: str) -> str:
    """A method's name as readers know it (TOPSIS, VIKOR, PROMETHEE II, ...)."""
    return _LABELS.get(name, name.upper())


def comparison_info(results: Results) -> MethodComparisonBlock | None:
    """The method_comparison block (None when the scenario did not ask for it)."""
    return cast(dict, results).get("method_comparison")


def _compare(results: Results) -> dict[str, Any] | None:
    info = comparison_info(results)
    return cast(dict, info["compare"]) if info is not None and info["compare"] is not None else None


def _methods_text(methods: list[str], cat: Catalogue) -> str:
    labels = [method_label(m) for m in methods]
    return labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} {cat('mth.and')} {labels[-1]}"


def comparison_intro(results: Results, cat: Catalogue) -> tuple[tuple[str, ...], str]:
    """What the section shows, in one paragraph."""
    info = comparison_info(results)
    if info is None:
        return (), ""
    parts = []
    if info["compare"] is not None:
        parts.append(cat("mth.intro", methods=_methods_text(info["methods"], cat), own=method_label(info["methods"][0])))
    if info["rank_reversal"] is not None or info["reversal_note"]:
        parts.append(cat("mth.intro.reversal"))
    return tuple(parts), ""


def comparison_paragraphs(results: Results, cat: Catalogue) -> list[str]:
    """The points a reader needs: same best measure or not, how far the rankings agree, the largest
    difference, the consensus, and per method whether it reverses ranks."""
    info = comparison_info(results)
    if info is None:
        return []
    out = []
    names = measure_names(results)
    cmp_ = _compare(results)
    if cmp_ is not None:
        methods = cmp_["methods"]
        tops = {m: sorted(k for k, r in cmp_["ranks"][m].items() if r == 1) for m in methods}
        if cmp_["same_top"]:
            first = tops[methods[0]]
            out.append(cat("mth.same_top", n=len(methods), top=", ".join(f"{k} {names.get(k, '')}".strip() for k in first)))
        else:
            out.append(cat("mth.different_top", items="; ".join(
                f"{method_label(m)}: {', '.join(tops[m])}" for m in methods)))
        taus = [cmp_["kendall_tau"][a][b] for a, b in combinations(methods, 2) if cmp_["kendall_tau"][a][b] is not None]
        if taus:
            out.append(cat("mth.tau_range", low=cat.number(min(taus), 2), high=cat.number(max(taus), 2)))
        if cmp_["disagreements"]:
            d = cmp_["disagreements"][0]
            out.append(cat("mth.largest", measure=d["measure"], name=names.get(d["measure"], ""), best=d["best"],
                           worst=d["worst"]))
        else:
            out.append(cat("mth.no_disagreement"))
        if cmp_["kemeny_note"]:
            out.append(cat("mth.no_kemeny", n=len(names)))
    rev = info["rank_reversal"]
    if rev is not None:
        for m, audit in rev["methods"].items():
            failed = [t for t in _TESTS if not audit["passed"][t]]
            if not failed:
                out.append(cat("mth.rev.passed", method=method_label(m)))
            else:
                out.append(cat("mth.rev.failed", method=method_label(m),
                               tests=", ".join(cat(f"mth.test.{t}") for t in failed)))
    elif info["reversal_note"]:
        out.append(cat("mth.rev.not_run", n=len(names)))
    return out


def method_ranks_table(results: Results, cat: Catalogue) -> Table | None:
    """Per measure its rank by each method and by each consensus rule, ordered by the Borda consensus."""
    cmp_ = _compare(results)
    if cmp_ is None:
        return None
    names = measure_names(results)
    methods, rules = cmp_["methods"], list(cmp_["consensus"])
    spread = {d["measure"]: d["worst"] - d["best"] for d in cmp_["disagreements"]}
    order = sorted(names, key=lambda k: (cmp_["consensus"]["borda"][k], cmp_["ranks"][methods[0]][k], k))
    cols = [Column("id", cat("col.id")), Column("name", cat("col.name"))]
    cols += [Column(m, method_label(m), kind="int") for m in methods]
    cols += [Column(r, cat(f"mth.rule.{r}"), kind="int") for r in rules]
    cols.append(Column("spread", cat("mth.col.spread"), kind="int"))
    rows = tuple((k, names[k], *[cmp_["ranks"][m][k] for m in methods], *[cmp_["consensus"][r][k] for r in rules],
                  spread.get(k, 0)) for k in order)
    return Table("method_ranks", cat("mth.table.ranks"), tuple(cols), rows, note=cat("mth.note.ranks"))


def method_agreement_table(results: Results, cat: Catalogue) -> Table | None:
    """Per pair of methods: Kendall's tau-b, Spearman's rho and the WS coefficient both ways."""
    cmp_ = _compare(results)
    if cmp_ is None:
        return None
    cols = (Column("a", cat("mth.col.method_a")), Column("b", cat("mth.col.method_b")),
            Column("kendall", cat("mth.col.kendall"), kind="tau"), Column("spearman", cat("mth.col.spearman"), kind="tau"),
            Column("ws_ab", cat("mth.col.ws_ab"), kind="tau"), Column("ws_ba", cat("mth.col.ws_ba"), kind="tau"))
    rows = tuple((method_label(a), method_label(b), cmp_["kendall_tau"][a][b], cmp_["spearman_rho"][a][b],
                  cmp_["ws"][a][b], cmp_["ws"][b][a]) for a, b in combinations(cmp_["methods"], 2))
    return Table("method_agreement", cat("mth.table.agreement"), cols, rows, note=cat("mth.note.agreement"))


def reversal_table(results: Results, cat: Catalogue) -> Table | None:
    """Per method and test: the number of failures (0 = passed) and a first example."""
    info = comparison_info(results)
    if info is None or info["rank_reversal"] is None:
        return None
    rows = []
    for m, a in info["rank_reversal"]["methods"].items():
        counts = [len(a["worse_replacement"]) if key is None else a[key]  # type: ignore[literal-required]
                  for key in _COUNTS.values()]
        rows.append((method_label(m), *counts, _example(a, cat)))
    cols = (Column("method", cat("mth.col.method")),
            *(Column(t, _capital(cat(f"mth.test.{t}")), kind="int") for t in _TESTS),
            Column("example", cat("mth.col.example")))
    return Table("rank_reversal", cat("mth.table.reversal"), cols, tuple(rows), note=cat("mth.note.reversal"))


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _example(audit: Any, cat: Catalogue) -> str:
    """The first failure found, in words ('' when every test passed)."""
    if audit["leave_one_out"]:
        first = audit["leave_one_out"][0]
        a, b = first["reversed"][0]
        return cat("mth.ex.loo", removed=first["removed"], a=a, b=b)
    if audit["decomposition"]:
        a, b = audit["decomposition"][0]
        return cat("mth.ex.decomposition", a=a, b=b)
    if audit["intransitive"]:
        a, b, c = audit["intransitive"][0]
        return cat("mth.ex.transitivity", a=a, b=b, c=c)
    if audit["worse_replacement"]:
        first = audit["worse_replacement"][0]
        return cat("mth.ex.worse", replaced=first["replaced"], best=", ".join(first["new_best"]))
    return ""
