"""The report's prose: the summary, the portfolio's negotiation, the infeasibility diagnosis, the
critical criterion, the tornado's inputs, the discount set and the sampler, each phrased in the
report's language from the structured fields of results.json (never from English text in it).
"""

from __future__ import annotations

import re
from typing import Any, cast

from ..results import Cap, Diagnosis, DiagnosisPart, Discount, Results, Sampler, TornadoBar
from .facts import (TOP_N, criterion_names, first_acceptability, group_rows, measure_names, method_label,
                    min_share, objective_label, objective_text, package_payers, package_view, pm_only, portfolio_block,
                    portfolio_info, sensitivity_block, smaa_info, stakeholder_ids, stakeholder_label,
                    stakeholder_portfolios)
from .i18n import Catalogue
from .model import Cell

__all__ = ["summary_paragraphs", "payer_sentences", "portfolio_status_sentence", "part_phrase", "origin_text", "agreement_sentences", "portfolio_paragraphs", "portfolio_message", "conflict_phrases",
           "critical_sentence", "tornado_bar", "decimals_needed", "discount_description", "discount_short", "discount_source",
           "sampler_description"]


OPPOSED_TAU = -0.2
"""A pair of rankings with Kendall's tau at or below this is called opposed; between it and 0.3 they hardly agree."""


# -- summary -----------------------------------------------------------------------------------------

def summary_paragraphs(results: Results, cat: Catalogue) -> list[str]:
    """The supporting summary under the decision proposal: who pays, what the package yields, how
    much the parties agree, the PM items and how firm the top of the ranking is.

    The package's money, firmness and the comparison with the simple rule are in the proposal
    (:mod:`.decision`) and not repeated here; a run without a package names the top of the ranking."""
    names = measure_names(results)
    out: list[str] = []
    port = portfolio_info(results)
    top = [r["measure"] for r in group_rows(results)[:TOP_N]]
    view = package_view(results)
    if view is not None:
        out.extend(payer_sentences(results, package_payers(view), cat))
        if port is not None and port["objective"] is not None:
            out.append(cat("summary.portfolio_yield", objective=objective_label(port["objective_name"], cat),
                           value=objective_text(port["objective"], port["objective_name"], cat)))
    else:
        a = results["appraisal"]["measures"]
        items = [cat("summary.top_item", name=f"{m} {names[m]}", npv=cat.money(a[m]["npv"]),
                     bcr="PM" if pm_only(results, m) else cat.number(a[m]["bcr"], 2)) for m in top]
        group_method = cat(f"group_method.{results['weights']['group_method']}")
        out.append(cat("summary.top", method=method_label(results), group_method=group_method,
                       items=cat.join(items)))
    out.extend(agreement_sentences(results, cat))
    pm = results["appraisal"]["pm_criteria"]
    if pm:
        crit = {c["id"]: c["name"] for c in results["scenario"]["criteria"]}
        out.append(cat("summary.pm", items=cat.join([crit.get(c, c) for c in pm])))
    smaa = smaa_info(results)
    if smaa is not None and top and top[0] in smaa["measures"]:
        first = top[0]
        out.append(cat("summary.firm_first", name=f"{first} {names[first]}",
                       share=cat.share(first_acceptability(smaa, first), 0), samples=cat.number(smaa["n_samples"], 0)))
        firsts = [row[0] or 0.0 for row in smaa["rank_acceptability"]]
        best = max(range(len(firsts)), key=lambda i: (firsts[i], -i))
        if smaa["measures"][best] != first:
            mid = smaa["measures"][best]
            out.append(cat("summary.firm_most", name=f"{mid} {names.get(mid, '')}".strip(),
                           share=cat.share(firsts[best], 0)))
    return out


def portfolio_status_sentence(results: Results, cat: Catalogue) -> str:
    """Why there is no package, for the decision proposal: the status and the diagnosis in words."""
    port = portfolio_block(results)
    if port is None:
        return ""
    status = cat(f"status.{port['status']}") if cat.has(f"status.{port['status']}") else port["status"]
    return cat("summary.portfolio_status", status=status, message=portfolio_message(results, cat))


def payer_sentences(results: Results, shares: dict[str, float], cat: Catalogue) -> list[str]:
    """'Who pays': each party's share of the package's costs (present value), largest first."""
    if not shares:
        return []
    return [cat("summary.payers", items=cat.join([
        cat("summary.payer_item", name=stakeholder_label(results, p, cat), share=cat.share(v, 0))
        for p, v in shares.items()]))]


def agreement_sentences(results: Results, cat: Catalogue) -> list[str]:
    """How much the parties' rankings agree (Kendall's tau): with the group, and the pair that agrees
    least, phrased by the sign of tau (positive is agreement, negative an opposite order)."""
    tau = results["scores"]["kendall_tau"]
    ids = [s for s in stakeholder_ids(results) if s in tau]
    with_group = [(s, t) for s in ids if (t := tau[s]["group"]) is not None]
    out = []
    if len(with_group) >= 2:
        best = max(with_group, key=lambda kv: kv[1])
        worst = min(with_group, key=lambda kv: kv[1])
        out.append(cat("summary.agreement", best=stakeholder_label(results, best[0], cat),
                       best_tau=cat.number(best[1], 2), worst=stakeholder_label(results, worst[0], cat),
                       worst_tau=cat.number(worst[1], 2)))
        pairs = [(t, a, b) for i, a in enumerate(ids) for b in ids[i + 1:] if (t := tau[a][b]) is not None]
        if pairs:
            t, a, b = min(pairs)
            if t < 0.3:
                key = "summary.conflict_opposite" if t <= OPPOSED_TAU else "summary.conflict_weak"
                out.append(cat(key, a=stakeholder_label(results, a, cat), b=stakeholder_label(results, b, cat),
                               tau=cat.number(t, 2)))
    names = measure_names(results)
    tops = []
    for s in ids:
        first = results["scores"]["rankings"][s][0]["measure"]
        tops.append(f"{stakeholder_label(results, s, cat)}: {first} {names[first]}")
    if tops:
        out.append(cat("summary.party_tops", items="; ".join(tops)))
    return out


def portfolio_paragraphs(results: Results, cat: Catalogue) -> list[str]:
    """The negotiation in a sentence or two: the compromise's lowest share, and who gets least from
    the group's portfolio; a share below zero (the party values the package below none at all) in words."""
    sp = stakeholder_portfolios(results)
    if sp is None:
        return []
    out = []
    rows = dict(zip(sp["portfolios"], sp["shares"]))
    for pid, key in (("compromise", "summary.compromise"), ("group", "summary.group_lowest")):
        if pid not in rows:
            continue
        k, v = min_share(rows[pid])
        if k is not None and v is not None:
            key += "_negative" if v < 0 else ""
            out.append(cat(key, name=stakeholder_label(results, sp["stakeholders"][k], cat), share=cat.share(v, 0)))
    return out


# -- why there is no portfolio -----------------------------------------------------------------------

def origin_text(origin: str, cat: Catalogue) -> str:
    """Where a rule is written, in the report's language ("scenario.yaml, line 163" -> "..., regel 163";
    "scenario.yaml, measures row 2" -> "..., maatregelen rij 2").

    The origin is the portfolio rules' own location string (mkba.portfolio), not prose of a sentence."""
    if match := re.fullmatch(r"(.+), line (\d+)", origin):
        return cat("origin.line", file=match.group(1), line=match.group(2))
    if match := re.fullmatch(r"(.+), measures row (\d+)", origin):
        return cat("origin.measures_row", file=match.group(1), row=match.group(2))
    return origin


def _cap_phrase(results: Results, cap: Cap, digits: int, cat: Catalogue) -> str:
    fields: dict[str, Any] = {"amount": cat.money(cap["amount"], digits)}
    if "year" in cap:
        fields["year"] = cap["year"]
    if "payer" in cap:
        fields["payer"] = stakeholder_label(results, cap["payer"], cat)
    return cat(f"cap.{cap['kind']}", **fields)


def _or(items: list[str], cat: Catalogue) -> str:
    """'a, b or c'."""
    return ", ".join(items[:-1]) + f" {cat('or')} {items[-1]}" if len(items) > 1 else "".join(items)


def _rule_phrase(results: Results, part: DiagnosisPart, cat: Catalogue) -> str:
    """A logical rule of the diagnosis (``kind`` "rule") in words; fields by rule kind as
    :func:`mkba.portfolio.diagnose` writes them."""
    rule = part["rule"]
    if rule in ("mandatory", "forbidden", "synergy") and part["measures"]:
        return cat(f"rule.{rule}", measures=cat.join(list(part["measures"])))
    if rule == "exclusive" and part["measures"]:
        n, items = part["at_most"], _or(list(part["measures"]), cat)
        return cat("rule.exclusive", measures=items) if n == 1 else cat("rule.exclusive_n", n=n, measures=items)
    if rule == "requires":
        on = f" {cat('or')} ".join(part["on"])
        if part["lag"]:
            return cat("rule.requires_lag", measure=part["measure"], on=on, lag=part["lag"])
        return cat("rule.requires", measure=part["measure"], on=on)
    if rule == "theme":
        limits = [cat(f"rule.theme_{k}_one") if k.endswith("count") and part[k] == 1 else
                  cat(f"rule.theme_{k}", value=cat.number(part[k], 0) if k.endswith("count") else cat.money(part[k]))
                  for k in ("min_count", "max_count", "min_spend", "max_spend") if part[k] is not None]
        return cat("rule.theme", theme=part["theme"], limits=cat.join(limits))
    if rule == "start_year":
        return cat("rule.start_year", measure=part["measure"], years=_or([str(y) for y in part["years"]], cat))
    if rule == "ambition" and "sense" in part:  # an ambition's target (issue 19)
        sense = {">=": "at_least", "<=": "at_most", "=": "equals"}[part["sense"]]
        when = cat("amb.in_year", year=part["year"]) if part.get("year") is not None else cat("amb.horizon")
        level = float(part["level"] or 0.0)
        digits = 0 if level == round(level) else 1 if level * 10 == round(level * 10) else 2
        item = next((i for i in (cast(dict, results).get("ambitions") or {}).get("items", [])
                     if i["id"] == part["ambition"]), {"name": part["ambition"], "unit": ""})
        amount = f"{cat.number(level, digits)} {item['unit']}".strip()
        target = f"{cat(f'amb.sense.{sense}', level=amount)} {when}"
        return cat("rule.ambition", ambition=item["name"], target=target)
    if rule == "goal":
        return cat("rule.goal") if part.get("priority") is None else cat("rule.goal_priority", priority=part["priority"])
    return part["label"]


def part_phrase(results: Results, part: DiagnosisPart, cat: Catalogue, *, need: bool = False) -> str:
    """One rule or cap of a diagnosis (``portfolio.diagnosis.parts``, ``greedy.broken``,
    ``left_out[].binding``) in the report's language. ``need``: a cap part's ``amount`` is what a set
    of measures needs against the cap (greedy's broken caps), so the phrase names both."""
    kind = part["kind"]
    if kind == "mandatory_cap":
        many = len(part["measures"]) > 1
        key = ("conflict.mandatory_running" if part["running"] else "conflict.mandatory_cost") + \
            ("_many" if many else "_one")
        digits = int(part["digits"])
        return cat(key, measures=cat.join(list(part["measures"])), amount=cat.money(part["amount"], digits),
                   cap=_cap_phrase(results, part["cap"], digits, cat))
    if kind == "cap":
        text = _cap_phrase(results, part["cap"], 1, cat)
        if need and "amount" in part and part["amount"] is not None:
            text = cat("cap.needs", cap=text, amount=cat.money(part["amount"], 1))
        return text
    if kind == "mandatory":
        return cat("rule.mandatory", measures=cat.join(list(part["measures"])))
    return _rule_phrase(results, part, cat)


def conflict_phrases(results: Results, diagnosis: Diagnosis, cat: Catalogue) -> list[str]:
    """The infeasibility diagnosis (``portfolio.diagnosis.parts``) phrased in the report's language."""
    out = []
    for part in diagnosis["parts"]:
        text = part_phrase(results, part, cat)
        out.append(text[:1].upper() + text[1:] if part["kind"] == "cap" else text)
    return out


def portfolio_message(results: Results, cat: Catalogue) -> str:
    """Why there is no portfolio, in the report's language: from the diagnosis's structured parts
    (each origin once), else the solver's message as it is."""
    port = portfolio_block(results)
    if port is None:
        return ""
    diagnosis = port["diagnosis"]
    phrases = conflict_phrases(results, diagnosis, cat) if diagnosis is not None else []
    if diagnosis is None or not phrases:
        return port["message"]
    where = ", ".join(origin_text(o, cat) for o in diagnosis["where"])
    return cat("conflict.intro" if where else "conflict.intro_nowhere", items="; ".join(phrases), where=where)


# -- sensitivity -------------------------------------------------------------------------------------

def critical_sentence(results: Results, cat: Catalogue) -> str:
    """The most critical criterion (Triantaphyllou & Sánchez 1997) in words: the smallest change of a
    weight that changes the top measure, and the smallest that changes any rank; '' when absent."""
    sens = sensitivity_block(results)
    crit = sens["critical"] if sens is not None else None
    if crit is None:
        return ""
    criteria = [c["id"] for c in results["matrix"]["criteria"]]
    names = criterion_names(results)
    parts = []
    for kind, k, percents in (("top", crit["top_criterion"], crit["percent_top"]),
                              ("any", crit["any_criterion"], crit["percent_any"])):
        pct = percents[k] if k >= 0 else None
        if pct is None:
            parts.append(cat(f"note.critical_{kind}_none"))
        else:
            c = criteria[k]
            parts.append(cat(f"note.critical_{kind}", criterion=names.get(c, c), pct=cat.number(pct, 1)))
    return " ".join(parts)


def decimals_needed(value: float, most: int = 4) -> int:
    """The fewest decimals (up to ``most``) that show ``value`` exactly: 0.5 -> 1, 3500 -> 0, 1.25 -> 2."""
    for d in range(most + 1):
        if abs(round(value, d) - value) <= 1e-9 * max(1.0, abs(value)):
            return d
    return most


def tornado_bar(results: Results, bar: TornadoBar, cat: Catalogue) -> dict:
    """One tornado bar phrased in the report's language, from its ``kind`` (weight, effect,
    investment, discount or future), ``criterion``, ``measure`` and ``low``/``high`` (numbers, discount-set
    names for a discount bar, future ids for a future bar).

    Returns ``{"name", "low", "high", "label"}``: the input's name for a table column, the low and
    high setting as :class:`Cell` (numbers stay numbers), and "name (low / high)" for the charts.
    """
    kind, criterion = bar["kind"], bar["criterion"]
    names = {c["id"]: c["name"] for c in results["scenario"]["criteria"]}
    names.update(criterion_names(results))
    crit = names.get(criterion or "", criterion or "")
    if kind == "weight":
        name = cat("tornado.weight", criterion=crit)
    elif kind == "effect":
        name = cat("tornado.effect", criterion=crit, measure=bar["measure"] or "")
    else:
        name = cat(f"tornado.{kind}")
    cells, texts = [], []
    for value in (bar["low"], bar["high"]):
        if isinstance(value, str):  # a discount set's name, shown as its rate; a future's id as its label
            shown = cat(f"discount.label.{value}") if cat.has(f"discount.label.{value}") else value
            if kind == "future":
                shown = next((w["label"] for w in results.get("futures", []) if w["id"] == value), value)
            cells.append(Cell(shown))
            texts.append(shown)
            continue
        number = float(value)
        decimals = 3 if kind == "weight" else decimals_needed(number)
        cells.append(Cell(number, "number", decimals))
        text = cat.number(number, decimals)
        texts.append(f"×{text}" if kind == "investment" else text)
    return {"name": cat("tornado.investment_factor") if kind == "investment" else name, "low": cells[0],
            "high": cells[1], "label": f"{name} ({texts[0]} / {texts[1]})"}


# -- assumptions -------------------------------------------------------------------------------------

def _rate(rate: float, cat: Catalogue) -> str:
    return cat.share(rate, decimals_needed(rate * 100, 2))


def discount_description(disc: Discount, cat: Catalogue) -> str:
    """The discount set in the report's language, its rates from the data (``steps``, ``final_rate``):
    '...: 2,8 % in jaar 1–35, daarna 1,8 %'."""
    name_key = f"discount.name.{disc['name']}"
    name = cat(name_key) if cat.has(name_key) else cat("discount.name.other")
    steps = [tuple(s) for s in disc["steps"]]
    parts, first = [], 1
    for last, rate in steps:
        parts.append(cat("discount.step", rate=_rate(rate, cat), first=first, last=int(last)))
        first = int(last) + 1
    final = _rate(disc["final_rate"], cat)
    parts.append(cat("discount.after", rate=final) if steps else cat("discount.constant", rate=final))
    return cat("discount.rates", name=name, rates=", ".join(parts))


def discount_short(disc: Discount, cat: Catalogue) -> str:
    """The discount set as a civil servant names it: 'discontovoet 2,8 % (2026)' (the first year's rate
    and the year the set applies from), never the set's code name."""
    if cat.has(f"discount.label.{disc['name']}"):
        return cat(f"discount.label.{disc['name']}")
    steps = [tuple(s) for s in disc["steps"]]
    rate = steps[0][1] if steps else disc["final_rate"]
    year = disc["version"][:4] if disc["version"][:4].isdigit() else disc["version"]
    return cat("discount.short", rate=_rate(rate, cat), year=year) if year else _rate(rate, cat)


def discount_source(disc: Discount, cat: Catalogue) -> str:
    """Where the discount set comes from, in the report's language for the bundled sets."""
    key = f"discount.source.{disc['name']}"
    if cat.has(key):
        return cat(key)
    if disc["source"] == "scenario input":
        return cat("discount.source.scenario")
    return disc["source"]


def sampler_description(sampler: Sampler, cat: Catalogue) -> str:
    """How the weights were sampled, in the report's language: 'kind: algorithm', the algorithm from
    its key (``method``, with ``simplices`` for the Delaunay sampler); a kind or an algorithm the
    catalogue does not know is shown as stored."""
    kind = sampler["kind"]
    text = cat(f"sampler.{kind}") if cat.has(f"sampler.{kind}") else kind
    method = sampler["method"] if "method" in sampler else ""
    if cat.has(f"sampler.algo.{method}"):
        fields = {"n": sampler["simplices"]} if "simplices" in sampler else {}
        algorithm = cat(f"sampler.algo.{method}", **fields)
    else:
        algorithm = sampler["algorithm"]
    return f"{text}: {algorithm}" if algorithm else text
