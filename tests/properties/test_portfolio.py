"""Properties of mkba.portfolio: the optimum equals brute force on random instances with every rule kind.

Brute force enumerates all 2^n selections (n <= 15) and, for the one measure with a start-year
choice, each allowed start, checking every rule with NumPy directly from the problem's arrays
(an implementation independent of the model builder). Every returned portfolio is re-checked
with :func:`mkba.portfolio.check_feasible`; greedy is never better than the optimum.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkba.portfolio import (Exclusive, Mandatory, Forbidden, PortfolioProblem, Requires, StartYearChoice, Synergy,
                            ThemeLimit, check_feasible, select)
from mkba.portfolio.formulation import saving_profile
from mkba.testing.portfolios import YEARS, portfolio_problems

T = len(YEARS)


def brute_force(p: PortfolioProblem) -> float:
    n = p.n
    X = ((np.arange(2**n)[:, None] >> np.arange(n)) & 1).astype(bool)
    choice = [r for r in p.rules if isinstance(r, StartYearChoice)]
    variants = [None] if not choice else list(range(len(choice[0].years)))
    best = -np.inf
    for k in variants:
        costs, values, start = p.costs.copy(), p.values.copy(), p.start.copy()
        if k is not None:
            j = p.index[choice[0].measure]
            costs[j] = choice[0].costs[k]
            values[j] = choice[0].values[k]
            start[j] = choice[0].years[k]
        Xf = X.astype(float)
        spend = Xf @ costs
        val = Xf @ values
        ok = np.ones(len(X), bool)
        for r in p.rules:
            if isinstance(r, Synergy):
                both = (X[:, p.index[r.a]] & X[:, p.index[r.b]]).astype(float)
                spend -= both[:, None] * saving_profile(p, r)[None, :]
                val += both * r.extra_value
            elif isinstance(r, Mandatory):
                ok &= X[:, p.index[r.measure]]
            elif isinstance(r, Forbidden):
                ok &= ~X[:, p.index[r.measure]]
            elif isinstance(r, Exclusive):
                ok &= X[:, [p.index[m] for m in r.group]].sum(1) <= r.at_most
            elif isinstance(r, Requires):
                a = p.index[r.measure]
                good = np.zeros(len(X), bool)
                for b in (p.index[m] for m in r.prerequisites):
                    good |= X[:, b] & (True if r.lag_years is None else start[b] <= start[a] - r.lag_years)
                ok &= ~X[:, a] | good
            elif isinstance(r, ThemeLimit):
                mem = np.array([t == r.theme for t in p.themes])
                ok &= X[:, mem].sum(1) >= (r.min_count or 0)
                if r.max_count is not None:
                    ok &= X[:, mem].sum(1) <= r.max_count
                ok &= Xf[:, mem] @ costs[mem].sum(1) <= r.max_spend + 1e-9
        eps = 1e-9
        ok &= spend.sum(1) <= p.budget_total + eps
        used = np.cumsum(spend, 1) if p.carry_over else spend
        caps = np.cumsum(p.budget_per_year) if p.carry_over else p.budget_per_year
        ok &= (used <= caps + eps).all(1)
        ok &= Xf @ (p.payer_shares[:, 0] * costs.sum(1)) <= p.payer_budgets[0] + eps
        ok &= (Xf @ (p.running_costs if True else 0) <= p.running_caps + eps).all(1)
        if ok.any():
            best = max(best, float(val[ok].max()))
    return best


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(portfolio_problems())
def test_optimum_equals_brute_force(p):
    best = brute_force(p)
    res = select(p, solver="highs")
    if best == -np.inf:
        assert res.status == "infeasible" and res.diagnosis is not None and res.diagnosis.keys
        return
    assert res.status == "optimal", res.message
    assert res.objective == pytest.approx(best, abs=1e-6)
    assert check_feasible(p, res.selected, dict(res.start_years)) == []
    g = res.greedy
    assert g.value <= res.objective + 1e-6 or not g.feasible
    if g.feasible:
        assert check_feasible(p, g.selected, dict(g.start_years)) == []


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(portfolio_problems())
def test_cbc_and_highs_agree(p):
    a, b = select(p, solver="highs"), select(p, solver="cbc", diagnose=False)
    assert a.status == b.status
    if a.status == "optimal":
        assert a.objective == pytest.approx(b.objective, abs=1e-6)
        assert check_feasible(p, b.selected, dict(b.start_years)) == []
