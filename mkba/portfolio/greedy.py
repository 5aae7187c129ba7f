"""What a spreadsheet would have done: fund measures down the benefit/cost list while the rules hold.

Ranking by value per euro and funding down the list solves the LP relaxation of a
single-budget knapsack; with indivisible measures, several budgets or dependencies it can be
far from optimal (Kleinmuntz 2007; methodology B.3). :func:`greedy_select` does exactly this:

1. every mandatory measure is taken first, in rule order (without checking budgets: it must
   be in); forbidden measures are never taken;
2. the other measures with a positive value are sorted by value / investment (the total
   investment over the budget years, i.e. the budget holder's cash), highest first; a measure
   with a positive value and no investment comes first; ties keep longlist order;
3. down that list a measure is taken when, with it, every cap still holds: total budget, each
   yearly budget (cumulative with carry-over), each payer's budget, each running-cost cap,
   theme maximums, exclusive groups; and when each of its prerequisites is already taken
   (with its lag). A measure with a start-year choice takes the first allowed year that fits.
   Greedy does not go back to add a prerequisite, and does not count synergy savings;
4. the result is checked against every rule (:func:`~mkba.portfolio.evaluate.check_feasible`): a
   theme minimum greedy did not reach, or a mandatory measure that broke a budget, makes it
   infeasible, reported with the reasons. Its value includes synergy values.

The value lost by greedy is :math:`V^* - V_{greedy}` (and as a share of :math:`V^*`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Mapping

import numpy as np
import numpy.typing as npt
import pandas as pd

from ..model import FrozenMap
from .evaluate import check_feasible, portfolio_value
from .problem import PortfolioProblem, filled
from .rules import Exclusive, Forbidden, Mandatory, Requires, StartYearChoice, ThemeLimit

__all__ = ["GreedyResult", "greedy_select", "with_optimum", "greedy_order"]


@dataclass(frozen=True, eq=False)
class GreedyResult:
    """The benefit/cost-greedy selection, its value and, once known, the value it loses against the optimum."""

    selected: tuple[str, ...]
    value: float
    feasible: bool
    violations: tuple[str, ...]
    ids: tuple[str, ...]
    start_years: Mapping[str, int] = field(default_factory=FrozenMap)
    optimum: float = math.nan
    order: tuple[str, ...] = ()

    @property
    def mask(self) -> np.ndarray:
        chosen = set(self.selected)
        return np.array([m in chosen for m in self.ids], bool)

    @property
    def value_lost(self) -> float:
        """:math:`V^* - V_{greedy}` (NaN until the optimum is known)."""
        return self.optimum - self.value

    @property
    def share_lost(self) -> float:
        """Value lost as a share of the optimum (NaN when the optimum is 0 or unknown)."""
        return self.value_lost / abs(self.optimum) if self.optimum and math.isfinite(self.optimum) else math.nan

    def __repr__(self) -> str:
        tail = f", lost={self.value_lost:.6g}" if math.isfinite(self.optimum) else ""
        return (f"GreedyResult({len(self.selected)} measures, value={self.value:.6g}"
                f"{'' if self.feasible else ', infeasible'}{tail})")

    def to_frame(self) -> pd.DataFrame:
        chosen = set(self.selected)
        rank = {m: k + 1 for k, m in enumerate(self.order)}
        return pd.DataFrame({"greedy": [m in chosen for m in self.ids],
                             "rank": pd.array([rank.get(m) for m in self.ids], dtype="Int64")},
                            index=pd.Index(self.ids, name="measure"))

    def to_dict(self) -> dict:
        f = lambda v: float(v) if math.isfinite(v) else None  # noqa: E731
        return {"selected": list(self.selected), "value": f(self.value), "feasible": self.feasible,
                "violations": list(self.violations), "optimum": f(self.optimum), "value_lost": f(self.value_lost),
                "share_lost": f(self.share_lost), "start_years": dict(self.start_years)}


def with_optimum(result: GreedyResult, optimum: float) -> GreedyResult:
    """The same greedy result, compared with an optimum value."""
    return replace(result, optimum=float(optimum))


def greedy_order(problem: PortfolioProblem, values: np.ndarray | None = None) -> np.ndarray:
    """Measure indices with positive value by value / total investment, highest first (stable)."""
    v = problem.values if values is None else np.asarray(values, float)
    cost = problem.costs.sum(axis=1)
    ratio = np.where(cost > 0, v / np.where(cost > 0, cost, 1.0), np.inf)
    cand = np.nonzero(v > 0)[0]
    return cand[np.argsort(-ratio[cand], kind="stable")]


def greedy_select(problem: PortfolioProblem, values: np.ndarray | None = None,
                  order: np.ndarray | None = None) -> GreedyResult:
    """Benefit/cost greedy as a spreadsheet would do it (module docstring); ``values`` overrides the problem's.

    ``order`` replaces the benefit/cost order by another candidate order (measure indices), e.g.
    an LP-guided one for a first incumbent; the rules are applied in the same way.
    """
    n, T = problem.n, len(problem.years)
    v = problem.values if values is None else np.asarray(values, float)
    # capacity rows: consumption per measure (n, R) and caps (R,)
    cons_parts: list[np.ndarray] = []
    caps: list[npt.ArrayLike] = []
    shares, running = filled(problem.payer_shares, "payer_shares"), filled(problem.running_costs, "running_costs")
    per_year = filled(problem.budget_per_year, "budget_per_year")
    spend_rows = np.cumsum(problem.costs, axis=1) if problem.carry_over else problem.costs
    year_caps = np.cumsum(per_year) if problem.carry_over else per_year
    cons_parts.append(spend_rows); caps.append(year_caps)
    cons_parts.append(problem.costs.sum(axis=1, keepdims=True)); caps.append([problem.budget_total])
    gross = problem.costs.sum(axis=1)
    cons_parts.append(shares * gross[:, None]); caps.append(filled(problem.payer_budgets, "payer_budgets"))
    cons_parts.append(running); caps.append(filled(problem.running_caps, "running_caps"))
    themes = np.asarray(problem.themes, dtype=object)
    theme_rules = [r for r in problem.rules if isinstance(r, ThemeLimit)]
    for limit in theme_rules:
        member = (themes == limit.theme).astype(float)
        if limit.max_count is not None:
            cons_parts.append(member[:, None]); caps.append([limit.max_count])
        if limit.max_spend is not None:
            cons_parts.append((member * gross)[:, None]); caps.append([limit.max_spend])
    cons = np.hstack(cons_parts)
    cap = np.concatenate([np.asarray(c, float).reshape(-1) for c in caps])
    finite = np.isfinite(cap)
    cons, cap = cons[:, finite], cap[finite]
    tol = 1e-9 * np.abs(cap) + 1e-6

    def option_cons(j: int, k: int, rule: StartYearChoice) -> np.ndarray:
        prof = np.asarray(rule.costs[k], float)
        g = prof.sum()
        parts: list[npt.ArrayLike] = [
            np.cumsum(prof) if problem.carry_over else prof, [g], shares[j] * g,
            np.asarray(rule.running[k], float) if rule.running is not None else running[j]]
        for r in theme_rules:
            member = float(themes[j] == r.theme)
            if r.max_count is not None:
                parts.append([member])
            if r.max_spend is not None:
                parts.append([member * g])
        return np.concatenate([np.asarray(p, float).reshape(-1) for p in parts])[finite]

    choices = {problem.index[r.measure]: r for r in problem.rules if isinstance(r, StartYearChoice)}
    forbidden = {problem.index[r.measure] for r in problem.rules if isinstance(r, Forbidden)}
    groups = [([problem.index[m] for m in r.group], r.at_most) for r in problem.rules if isinstance(r, Exclusive)]
    in_groups: dict[int, list[int]] = {}
    for g, (members, _) in enumerate(groups):
        for j in members:
            in_groups.setdefault(j, []).append(g)
    needs: dict[int, list[tuple[list[int], int | None]]] = {}
    for r in problem.rules:
        if isinstance(r, Requires):
            needs.setdefault(problem.index[r.measure], []).append(
                ([problem.index[b] for b in r.prerequisites], r.lag_years))
    used = np.zeros(cap.size)
    chosen = np.zeros(n, bool)
    start = filled(problem.start, "start").astype(np.int64).copy()
    starts: dict[int, int] = {}
    group_count = [0] * len(groups)

    def take(j: int, c: np.ndarray, year: int | None) -> None:
        nonlocal used
        used = used + c
        chosen[j] = True
        for g in in_groups.get(j, ()):
            group_count[g] += 1
        if year is not None:
            starts[j] = year
            start[j] = year

    for r in problem.rules:
        if isinstance(r, Mandatory):
            j = problem.index[r.measure]
            if chosen[j]:
                continue
            if j in choices:
                rule = choices[j]
                opts = [(k, option_cons(j, k, rule)) for k in range(len(rule.years))]
                k, c = next(((k, c) for k, c in opts if (used + c <= cap + tol).all()), opts[0])
                take(j, c, rule.years[k])
            else:
                take(j, cons[j], None)
    order = greedy_order(problem, v) if order is None else np.asarray(order, np.int64)
    for j in order:
        j = int(j)
        if chosen[j] or j in forbidden:
            continue
        if any(group_count[g] >= groups[g][1] for g in in_groups.get(j, ())):
            continue
        options: list[tuple[int | None, np.ndarray, int | None]]
        if j in choices:
            rule = choices[j]
            options = [(k, option_cons(j, k, rule), rule.years[k]) for k in range(len(rule.years))]
        else:
            options = [(None, cons[j], None)]
        for _, c, year in options:
            s = start[j] if year is None else year
            ok = all(any(chosen[b] and (lag is None or start[b] <= s - lag) for b in bs)
                     for bs, lag in needs.get(j, ()))
            if ok and (used + c <= cap + tol).all():
                take(j, c, year)
                break
    st = {j: y for j, y in starts.items()}
    violations = tuple(check_feasible(problem, chosen, st))
    value = portfolio_value(problem, chosen, st, values=None if values is None else v)
    ids = problem.ids
    return GreedyResult(tuple(m for m, c in zip(ids, chosen) if c), value, not violations, violations, ids,
                        FrozenMap({ids[j]: y for j, y in sorted(st.items())}),
                        order=tuple(ids[int(j)] for j in order))
