"""What a selection is worth, spends and breaks, computed from the problem or the model alone (no solver).

A *selection* is a set of measures given as ids, indices or a boolean mask (:func:`as_mask`),
with the start year of each measure that has a :class:`~mkba.portfolio.rules.StartYearChoice`.
:func:`portfolio_value` is the objective :math:`\\sum_j v_j x_j + \\sum_{ab} s_{ab} x_a x_b`,
:func:`spend_per_year` what it spends against the budgets (synergy savings deducted), and
:func:`check_feasible` lists, in words and with each rule's origin, every rule and budget it
breaks: the independent check of every solver's answer (tests, greedy, the batch summary).

On the linear model (:mod:`mkba.portfolio.formulation`), :func:`is_feasible` says whether a
column vector meets every row and column bound within :func:`bound_tolerance` and is integral:
how the solver layers check a candidate before they trust it. (Whether *any* portfolio
satisfies the rules is :func:`mkba.portfolio.diagnose.is_feasible`, which solves.)
"""

from __future__ import annotations

from typing import Any, Mapping

import numpy as np

from ..errors import MethodError, closest
from .formulation import MONEY_ATOL, MONEY_RTOL, LinearModel, saving_profile
from .goals import target_breaks
from .problem import PortfolioProblem, filled
from .rules import Exclusive, Forbidden, Mandatory, Requires, StartYearChoice, Synergy, ThemeLimit
from .text import money

__all__ = ["as_mask", "portfolio_value", "spend_per_year", "check_feasible", "bound_tolerance", "is_feasible"]


# -- a selection of measures ---------------------------------------------------------------------

def as_mask(problem: PortfolioProblem, selection: Any) -> np.ndarray:
    """A boolean mask over the measures from ids, indices or a mask."""
    if isinstance(selection, np.ndarray) and selection.dtype == bool:
        if selection.shape != (problem.n,):
            raise MethodError(f"selection mask must have {problem.n} entries; got {selection.shape}")
        return selection.copy()
    mask = np.zeros(problem.n, bool)
    for s in selection:
        if isinstance(s, (int, np.integer)) and not isinstance(s, bool):
            mask[int(s)] = True
        else:
            if s not in problem.index:
                hint = closest(s, problem.ids)
                raise MethodError(f"selection: {s!r} is not a measure id" + (f"; did you mean {hint!r}?" if hint else ""))
            mask[problem.index[s]] = True
    return mask


def _choices(problem: PortfolioProblem) -> dict[int, StartYearChoice]:
    return {problem.index[r.measure]: r for r in problem.rules if isinstance(r, StartYearChoice)}


def _profiles(problem: PortfolioProblem, mask: np.ndarray, starts: Mapping[Any, int] | None
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """Per measure: investment (n, T), running (n, T), value (n,), start (n,) given the chosen start years."""
    costs = problem.costs.copy()
    running = filled(problem.running_costs, "running_costs").copy()
    values = problem.values.copy()
    start = filled(problem.start, "start").copy()
    issues: list[str] = []
    st = {(problem.index[k] if isinstance(k, str) else int(k)): int(v) for k, v in (starts or {}).items()}
    for j, rule in _choices(problem).items():
        y = st.get(j, rule.years[0])
        if y not in rule.years:
            issues.append(f"{problem.ids[j]} starts in {y}, not one of the allowed years "
                          f"{', '.join(map(str, rule.years))} ({rule.origin or 'start-year rule'})")
            y = rule.years[0]
        k = rule.years.index(y)
        costs[j] = rule.costs[k]
        if rule.values is not None:
            values[j] = rule.values[k]
        if rule.running is not None:
            running[j] = rule.running[k]
        start[j] = y
    return costs, running, values, start, issues


def portfolio_value(problem: PortfolioProblem, selection: Any, starts: Mapping[Any, int] | None = None,
                    values: np.ndarray | None = None) -> float:
    """:math:`\\sum_j v_j x_j + \\sum_{ab} s_{ab} x_a x_b` of a selection (``values`` overrides v)."""
    mask = as_mask(problem, selection)
    _, _, v, _, _ = _profiles(problem, mask, starts)
    if values is not None:
        v = np.asarray(values, float)
    total = float(v[mask].sum())
    for r in problem.rules:
        if isinstance(r, Synergy) and mask[problem.index[r.a]] and mask[problem.index[r.b]]:
            total += r.extra_value
    return total


def _net_spend(problem: PortfolioProblem, mask: np.ndarray, costs: np.ndarray) -> np.ndarray:
    spend = costs[mask].sum(axis=0)
    for r in problem.rules:
        if isinstance(r, Synergy) and mask[problem.index[r.a]] and mask[problem.index[r.b]]:
            spend = spend - saving_profile(problem, r)
    return spend


def spend_per_year(problem: PortfolioProblem, selection: Any, starts: Mapping[Any, int] | None = None) -> np.ndarray:
    """What a selection spends against the budget per budget year (synergy savings deducted).

    ``starts`` as in :func:`check_feasible`.
    """
    mask = as_mask(problem, selection)
    return _net_spend(problem, mask, _profiles(problem, mask, starts)[0])


def check_feasible(problem: PortfolioProblem, selection: Any, starts: Mapping[Any, int] | None = None,
                   *, rtol: float = MONEY_RTOL, atol: float = MONEY_ATOL) -> list[str]:
    """Every rule a selection breaks, in words; empty when feasible. Computed from the problem, without a solver.

    ``starts`` maps a measure with a :class:`StartYearChoice` to its start year (default: the first
    allowed year). Amounts may pass a cap by ``max(atol, rtol * |cap|)``, by default a cent or
    1e-9 of the cap (:func:`~mkba.portfolio.formulation.money_tolerance`), never more.
    """
    mask = as_mask(problem, selection)
    costs, running, _, start, out = _profiles(problem, mask, starts)
    out = list(out)
    T = len(problem.years)
    spend = _net_spend(problem, mask, costs)

    def over(amount: float, cap: float) -> bool:
        return amount > cap + max(atol, rtol * abs(cap))

    def under(amount: float, floor: float) -> bool:
        return amount < floor - max(atol, rtol * abs(floor))

    if over(spend.sum(), problem.budget_total):
        out.append(f"spend {money(spend.sum())} exceeds the total budget {money(problem.budget_total)} "
                   f"by {money(spend.sum() - problem.budget_total)} ({problem.origin('budget.total')})")
    used = np.cumsum(spend) if problem.carry_over else spend
    per_year = filled(problem.budget_per_year, "budget_per_year")
    caps = np.cumsum(per_year) if problem.carry_over else per_year
    for t, y in enumerate(problem.years):
        if over(used[t], caps[t]):
            what = f"spend up to {y}" if problem.carry_over else f"spend in {y}"
            out.append(f"{what} {money(used[t])} exceeds budget {y} {money(caps[t])} by {money(used[t] - caps[t])} "
                       f"({problem.origin(f'budget.{y}')})")
    gross = costs.sum(axis=1)
    shares, budgets = filled(problem.payer_shares, "payer_shares"), filled(problem.payer_budgets, "payer_budgets")
    for p, payer in enumerate(problem.payers):
        paid = float((shares[:, p] * gross)[mask].sum())
        if over(paid, budgets[p]):
            out.append(f"{payer} pays {money(paid)}, more than it brings in ({money(budgets[p])}, "
                       f"{problem.origin(f'payer.{payer}')})")
    run = running[mask].sum(axis=0) if T else np.zeros(0)
    running_caps = filled(problem.running_caps, "running_caps")
    for t, y in enumerate(problem.years):
        if over(run[t], running_caps[t]):
            out.append(f"running costs {y} {money(run[t])} exceed the cap {money(running_caps[t])} "
                       f"({problem.origin(f'running.{y}')})")
    themes = np.asarray(problem.themes, dtype=object)
    for i, r in enumerate(problem.rules):
        where = problem.rule_origin(i)
        if isinstance(r, Mandatory) and not mask[problem.index[r.measure]]:
            out.append(f"mandatory {r.measure} is not selected ({where})")
        elif isinstance(r, Forbidden) and mask[problem.index[r.measure]]:
            out.append(f"forbidden {r.measure} is selected ({where})")
        elif isinstance(r, Exclusive):
            chosen = [m for m in r.group if mask[problem.index[m]]]
            if len(chosen) > r.at_most:
                out.append(f"{', '.join(chosen)} are selected but {r.describe()} is allowed ({where})")
        elif isinstance(r, Requires):
            a = problem.index[r.measure]
            bs = [problem.index[b] for b in r.prerequisites]
            on = " or ".join(r.prerequisites)
            if mask[a] and not mask[bs].any():
                out.append(f"{r.measure} is selected without its prerequisite {on} ({where})")
            elif mask[a] and r.lag_years is not None and not any(
                    mask[b] and start[b] <= start[a] - r.lag_years for b in bs):
                out.append(f"{on} does not start at least {r.lag_years} year(s) before "
                           f"{r.measure} ({start[a]}) ({where})")
        elif isinstance(r, ThemeLimit):
            sel = mask & (themes == r.theme)
            count, amount = int(sel.sum()), float(gross[sel].sum())
            if r.min_count is not None and count < r.min_count:
                out.append(f"theme {r.theme} has {count} measure(s), fewer than {r.min_count} ({where})")
            if r.max_count is not None and count > r.max_count:
                out.append(f"theme {r.theme} has {count} measure(s), more than {r.max_count} ({where})")
            if r.min_spend is not None and under(amount, r.min_spend):
                out.append(f"theme {r.theme} spends {money(amount)}, less than {money(r.min_spend)} ({where})")
            if r.max_spend is not None and over(amount, r.max_spend):
                out.append(f"theme {r.theme} spends {money(amount)}, more than {money(r.max_spend)} ({where})")
    return out + target_breaks(problem, mask, start)  # ambitions: hard targets missed, goal shortfall exceeded


# -- a column vector of the model ---------------------------------------------------------------

def bound_tolerance(bounds: np.ndarray, rtol: float = 1e-9) -> np.ndarray:
    """How far a row or column may pass each bound and still count as met: ``rtol`` x max(1, |bound|)."""
    return rtol * np.maximum(1.0, np.abs(np.where(np.isfinite(bounds), bounds, 0.0)))


def is_feasible(model: LinearModel, x: np.ndarray, *, rtol: float = 1e-9) -> bool:
    """Whether a column vector meets every row and column bound (within :func:`bound_tolerance`) and integrality."""
    x = np.asarray(x, float)

    def scale(b: np.ndarray) -> np.ndarray:
        return bound_tolerance(b, rtol)

    if (x < model.col_lo - scale(model.col_lo)).any() or (x > model.col_hi + scale(model.col_hi)).any():
        return False
    if (np.abs(x[model.integer] - np.round(x[model.integer])) > 1e-9).any():
        return False
    act = model.A @ x
    return bool(((act >= model.row_lo - scale(model.row_lo)) & (act <= model.row_hi + scale(model.row_hi))).all())

