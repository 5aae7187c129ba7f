"""What a given selection breaks and what holds it back, as data a report can phrase.

:func:`mkba.portfolio.evaluate.check_feasible` says in English which rules a selection breaks;
a report in another language needs the same as data. :func:`broken_parts` gives every rule
group of the model (:mod:`mkba.portfolio.formulation`) that the selection's column vector
violates, in the shape of a diagnosis part (:func:`mkba.portfolio.diagnose.conflict_parts`),
with ``amount`` on a budget line: what the selection needs of it. :func:`cap_use` lists every
budget line (total, year, payer, running-cost cap) with what the selection uses of it and
whether it binds; :func:`binding_caps` the binding ones as diagnosis parts. :func:`rule_parts`
gives each of the problem's rules as a diagnosis part (kind "rule"), so a report can list the
rules in its own language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

import numpy as np

from .diagnose import conflict_parts, rule_part
from .evaluate import as_mask, bound_tolerance
from .formulation import LinearModel, RuleGroup, build_model, rule_key
from .problem import PortfolioProblem

__all__ = ["CapUse", "MONEY_KINDS", "broken_parts", "cap_use", "binding_caps", "selection_vector"]

MONEY_KINDS = ("budget", "payer", "running")
"""Rule-group kinds that are budget lines (caps in euros)."""


def selection_vector(problem: PortfolioProblem, model: LinearModel, selection: Any,
                     starts: Mapping[str, int] | None = None) -> np.ndarray:
    """The model's column vector of a selection (ids, indices or mask) with its start years (id -> year)."""
    mask = as_mask(problem, selection)
    return model.encode(problem, mask, {problem.index[k]: int(v) for k, v in (starts or {}).items()})


def _violated(model: LinearModel, g: RuleGroup, x: np.ndarray, act: np.ndarray) -> bool:
    rows = g.rows
    if rows.size:
        lo, hi = model.row_lo[rows], model.row_hi[rows]
        a = act[rows]
        if ((a < lo - bound_tolerance(lo)) | (a > hi + bound_tolerance(hi))).any():
            return True
    for cols, lo, hi in g.fixes:
        v = x[cols]
        if ((v < lo - bound_tolerance(lo)) | (v > hi + bound_tolerance(hi))).any():
            return True
    return False


def _part(problem: PortfolioProblem, model: LinearModel, g: RuleGroup, act: np.ndarray) -> dict:
    """The diagnosis part of one group; a budget line also gets ``amount``: what the selection uses of it."""
    part = dict(conflict_parts(problem, model, [g])[0])
    if g.kind in MONEY_KINDS:
        part = {"kind": "cap", "cap": part["cap"], "amount": float(act[g.rows].max())}
    return part


def broken_parts(problem: PortfolioProblem, selection: Any, starts: Mapping[str, int] | None = None, *,
                 model: LinearModel | None = None) -> list[dict]:
    """Every rule and budget line a selection breaks, as diagnosis parts in model order; [] when it keeps all.

    A budget line is ``{"kind": "cap", "cap": {...}, "amount": what the selection needs}``; a rule
    is ``{"kind": "rule", "rule": ..., "label": ..., ...}`` as in a diagnosis. Structure rows
    (start-year linking, synergy products) are never reported: :meth:`LinearModel.encode` fills them.
    """
    model = model if model is not None else build_model(problem)
    x = selection_vector(problem, model, selection, starts)
    act = model.A @ x
    return [_part(problem, model, g, act) for g in model.groups
            if g.removable and _violated(model, g, x, act)]


def rule_parts(problem: PortfolioProblem, *, model: LinearModel | None = None) -> list[dict | None]:
    """Each of ``problem.rules`` as a diagnosis part (kind "rule", :func:`mkba.portfolio.diagnose.rule_part`),
    read from the model's rule group of that rule; None for a rule that adds no group to the model."""
    model = model if model is not None else build_model(problem)
    groups: dict[str, Any] = {}
    for g in model.groups:
        groups.setdefault(g.key, g)
    return [rule_part(groups[key]) if (key := rule_key(problem, i)) in groups else None for i in range(len(problem.rules))]


@dataclass(frozen=True)
class CapUse:
    """One budget line: what it allows (``amount``), what a selection uses of it, whether it binds."""

    kind: str
    """``total``, ``year``, ``payer`` or ``running``."""
    year: int | None
    payer: str | None
    amount: float
    used: float
    binding: bool
    cumulative: bool
    """A yearly budget with carry-over: ``amount`` and ``used`` are sums up to and including ``year``."""
    part: Mapping[str, Any]
    """The line as a diagnosis part (kind "cap")."""

    def to_dict(self) -> dict:
        return {"kind": self.kind, "year": self.year, "payer": self.payer, "amount": self.amount,
                "used": self.used, "binding": self.binding, "cumulative": self.cumulative}


_CAP_KINDS = {"budget_total": "total", "budget_year": "year", "budget_cumulative": "year", "payer": "payer",
              "running": "running"}


def binds(used: float, amount: float) -> bool:
    """Whether ``used`` reaches ``amount`` within a cent or 1e-9 relative."""
    return bool(used >= amount - max(0.01, 1e-9 * abs(amount)))


def cap_use(problem: PortfolioProblem, selection: Any, starts: Mapping[str, int] | None = None, *,
            model: LinearModel | None = None) -> list[CapUse]:
    """Every finite budget line of the problem with what the selection uses of it, in model order."""
    model = model if model is not None else build_model(problem)
    x = selection_vector(problem, model, selection, starts)
    act = model.A @ x
    out = []
    for g in model.groups:
        if g.kind not in MONEY_KINDS:
            continue
        cap = conflict_parts(problem, model, [g])[0]["cap"]
        amount, used = float(cap["amount"]), float(act[g.rows].max())
        year = cap.get("year")
        out.append(CapUse(_CAP_KINDS[cap["kind"]], None if year is None else int(year), cap.get("payer"), amount,
                          used, binds(used, amount), cap["kind"] == "budget_cumulative",
                          {"kind": "cap", "cap": cap, "amount": used}))
    return out


def binding_caps(problem: PortfolioProblem, selection: Any, starts: Mapping[str, int] | None = None, *,
                 model: LinearModel | None = None) -> list[dict]:
    """The budget lines a selection uses up (within a cent), as diagnosis parts with ``amount`` = what it uses."""
    return [dict(c.part) for c in cap_use(problem, selection, starts, model=model) if c.binding]
