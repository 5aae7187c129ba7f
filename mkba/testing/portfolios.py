"""Hypothesis strategies for random portfolio problems with every rule kind, small enough to enumerate.

One generator serves every property test that checks a portfolio routine against brute force or
against the independent check :func:`mkba.portfolio.check_feasible` (the optimiser, the fast exact
paths, what a selection breaks). Costs, values and budgets are small integers so that ties and
binding budgets are common, which is where routines disagree when they are wrong.
"""

import numpy as np
from hypothesis import strategies as st

from ..portfolio import (Exclusive, Forbidden, Mandatory, PortfolioProblem, Requires, StartYearChoice, Synergy,
                         ThemeLimit)

__all__ = ["YEARS", "portfolio_problems", "problems_with_selection"]

YEARS = (2026, 2027)
"""The two budget years of every generated problem."""


@st.composite
def portfolio_problems(draw, *, min_measures: int = 2, max_measures: int = 15) -> PortfolioProblem:
    """A feasible-or-not problem over :data:`YEARS` with a total, yearly (with or without carry-over),
    payer and running-cost budget, and each rule kind drawn or not: mandatory, forbidden, exclusive,
    requires (one or any of several, with or without a lag), a theme limit, a synergy, and at most one
    start-year choice whose options carry their own values."""
    n = draw(st.integers(min_measures, max_measures))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    ids = [f"m{j}" for j in range(n)]
    T = len(YEARS)
    costs = rng.integers(0, 6, (n, T)).astype(float)
    values = rng.integers(-3, 15, n).astype(float)
    rules: list = []
    if draw(st.booleans()):
        rules.append(Mandatory(ids[int(rng.integers(n))], origin="mand"))
    if draw(st.booleans()):
        rules.append(Forbidden(ids[int(rng.integers(n))], origin="forb"))
    if n >= 3 and draw(st.booleans()):
        rules.append(Exclusive(tuple(ids[k] for k in rng.choice(n, 3, replace=False)), origin="excl"))
    for _ in range(draw(st.integers(0, 2))):
        a, *bs = rng.choice(n, draw(st.integers(2, min(n, 3))), replace=False)
        on = ids[bs[0]] if len(bs) == 1 else tuple(ids[b] for b in bs)  # one, or any one of several
        rules.append(Requires(ids[a], on, draw(st.sampled_from([None, 0, 1])), origin="req"))
    themes = [("t0", "t1")[int(k)] for k in rng.integers(0, 2, n)]
    if draw(st.booleans()):
        rules.append(ThemeLimit(themes[0], min_count=int(rng.integers(0, 3)), max_count=int(rng.integers(1, 4)),
                                max_spend=float(rng.integers(3, 30)), origin="theme"))
    if draw(st.booleans()):
        a, b = rng.choice(n, 2, replace=False)
        rules.append(Synergy(ids[a], ids[b], float(rng.integers(-3, 6)), float(rng.integers(-1, 3)), origin="syn"))
    if draw(st.booleans()):
        j = int(rng.integers(n))
        c = float(rng.integers(1, 6))
        rules.append(StartYearChoice(ids[j], YEARS, ((c, 0.0), (0.0, c)), values=(values[j], values[j] - 1.0),
                                     origin="start"))
    tot = costs.sum()
    return PortfolioProblem(
        ids=tuple(ids), values=values, costs=costs, years=YEARS, budget_total=float(rng.integers(0, int(tot) + 2)),
        budget_per_year=rng.integers(0, int(costs.sum(0).max()) + 2, T).astype(float),
        carry_over=draw(st.booleans()), payers=("p",), payer_shares=rng.uniform(0, 1, (n, 1)),
        payer_budgets=np.array([float(rng.integers(1, int(tot) + 2))]),
        running_costs=rng.integers(0, 3, (n, T)).astype(float), running_caps=np.array([6.0, np.inf]),
        themes=tuple(themes), rules=tuple(rules))


@st.composite
def problems_with_selection(draw, *, max_measures: int = 8) -> tuple[PortfolioProblem, np.ndarray, dict[str, int]]:
    """A problem from :func:`portfolio_problems`, any selection mask of its measures (feasible or not)
    and, when the start-year measure is selected, a start year for it."""
    problem = draw(portfolio_problems(min_measures=4, max_measures=max_measures))
    mask = np.array(draw(st.lists(st.booleans(), min_size=problem.n, max_size=problem.n)))
    choice = next((r for r in problem.rules if isinstance(r, StartYearChoice)), None)
    starts = {}
    if choice is not None and mask[problem.index[choice.measure]]:
        starts = {choice.measure: draw(st.sampled_from(YEARS))}
    return problem, mask, starts
