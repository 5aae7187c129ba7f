"""Frontier (grid and exact breakpoints, entry budgets) and the stakeholder analysis."""

from __future__ import annotations

import json
from itertools import product

import numpy as np
import pytest

from mkba.portfolio import (PortfolioProblem, check_feasible, frontier, portfolio_value, select,
                            stakeholder_portfolios)


def brute_best(p: PortfolioProblem, values=None) -> tuple[float, tuple]:
    best, arg = -np.inf, ()
    for bits in product([False, True], repeat=p.n):
        m = np.array(bits)
        if not check_feasible(p, m):
            v = portfolio_value(p, m, values=values)
            if v > best + 1e-9:
                best, arg = v, tuple(np.nonzero(m)[0])
    return best, arg


def small() -> PortfolioProblem:
    rng = np.random.default_rng(5)
    return PortfolioProblem.from_arrays(rng.integers(1, 20, 8).astype(float), rng.integers(1, 10, 8).astype(float),
                                        None, exclusive=[["M1", "M2"]], requires=[("M3", "M4")])


@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_frontier_grid_matches_independent_solves(solver):
    p = small()
    f = frontier(p, points=7, solver=solver)
    for b, v in zip(f.budgets, f.values):
        q = PortfolioProblem.from_arrays(p.values, p.costs[:, 0], b, exclusive=[["M1", "M2"]], requires=[("M3", "M4")])
        assert v == pytest.approx(brute_best(q)[0])
    assert np.all(np.diff(f.values) >= -1e-9)
    entered = ~np.isnan(f.entry_budget)
    for j in np.nonzero(entered)[0]:
        k = int(np.argmax(f.selections[:, j]))
        assert f.entry_budget[j] == f.budgets[k]
    json.dumps(f.to_dict())
    assert len(f.to_frame()) == 7


def test_frontier_exact_breakpoints():
    p = small()
    f = frontier(p, exact=True)
    assert np.all(np.diff(f.values) > 0) and np.all(np.diff(f.budgets) > 0)
    # V is constant between breakpoints: check just below each breakpoint and at it
    for k, (b, v) in enumerate(zip(f.budgets, f.values)):
        q = PortfolioProblem.from_arrays(p.values, p.costs[:, 0], b, exclusive=[["M1", "M2"]], requires=[("M3", "M4")])
        assert brute_best(q)[0] == pytest.approx(v)
        if k:
            # (just below: by more than the cent a budget may be passed by, see money_tolerance)
            q = PortfolioProblem.from_arrays(p.values, p.costs[:, 0], b - 0.011, exclusive=[["M1", "M2"]],
                                             requires=[("M3", "M4")])
            assert brute_best(q)[0] == pytest.approx(f.values[k - 1])


def test_stakeholders_ehrgott_bi_objective():
    """Ehrgott (2005) Multicriteria Optimization, exercise 10.2 (data as in vOptSolver/vOptGeneric.jl
    examples/UKnapsackEhrgott2005.jl): p1 = (10,3,6,8,2), p2 = (12,9,11,5,6), w = (4,5,2,5,6), c = 17."""
    V = np.array([[10, 3, 6, 8, 2], [12, 9, 11, 5, 6]], float)
    p = PortfolioProblem.from_arrays(V.sum(axis=0), [4, 5, 2, 5, 6], 17)
    a = stakeholder_portfolios(p, V, stakeholders=["s1", "s2"])
    assert a.best.tolist() == [27, 38]
    assert a.selected("s1") == ("M1", "M2", "M3", "M4") and a.selected("s2") == ("M1", "M2", "M3", "M5")
    assert a.shares[0].tolist() == pytest.approx([1, 37 / 38]) and a.shares[1].tolist() == pytest.approx([21 / 27, 1])
    # maximin share, by brute force
    best = -1.0
    for bits in product([False, True], repeat=5):
        m = np.array(bits)
        if not check_feasible(p, m):
            best = max(best, float(np.min(V @ m / a.best)))
    assert a.min_share == pytest.approx(best)
    assert a.shares[-1].min() == pytest.approx(best)
    json.dumps(a.to_dict())
    assert list(a.to_frame().index) == ["s1", "s2", "group", "compromise"]


def test_stakeholder_with_nothing_to_gain_is_left_out():
    V = np.array([[1.0, 2.0, 3.0], [-1.0, -1.0, -2.0]])
    p = PortfolioProblem.from_arrays([1, 1, 1], [1, 1, 1], 2)
    a = stakeholder_portfolios(p, V)
    assert np.isnan(a.shares[:, 1]).all() and "S2" in a.message
    assert a.selected("compromise") == ("M2", "M3")


def test_nobody_gains_gives_nan_shares_not_an_error():
    # every stakeholder values every measure negatively: no stakeholder optimum to share against
    V = -np.ones((2, 3))
    p = PortfolioProblem.from_arrays([-1, -1, -1], [1, 1, 1], 2)
    a = stakeholder_portfolios(p, V)
    assert np.isnan(a.min_share) and np.isnan(a.shares).all()
    assert a.selected("group") == ()
    json.dumps(a.to_dict())


def test_infeasible_rules_give_a_result_naming_the_conflict():
    p = PortfolioProblem.from_arrays([1, 2, 3], [5, 5, 5], 4, mandatory=["M1"])
    a = stakeholder_portfolios(p, np.array([[1.0, 2.0, 3.0], [3.0, 2.0, 1.0]]))
    assert a.status == "infeasible" and "M1" in a.message and np.isnan(a.min_share)
    json.dumps(a.to_dict())


def test_frontier_highs_core_matches_independent_selects():
    # per budget the core method (started from the previous optimum) must give select()'s optimum;
    # the lowest budgets cannot meet the theme minimum: infeasible, like the independent solves
    from dataclasses import replace

    from mkba.portfolio import ThemeLimit

    rng = np.random.default_rng(11)
    n = 40
    cost = rng.integers(1, 30, n).astype(float)
    p = PortfolioProblem.from_arrays(np.round(cost * rng.normal(0.5, 0.5, n)), cost, None,
                                     themes=[f"t{k}" for k in rng.integers(0, 2, n)], exclusive=[["M1", "M2", "M3"]],
                                     requires=[("M4", "M5")], theme_limits=[ThemeLimit("t0", min_count=3)])
    grid = np.concatenate([[0.0, 2.0], np.linspace(20, cost.sum(), 12), [2 * cost.sum()]])
    f = frontier(p, budgets=grid, solver="highs")
    for b, v, s, st in zip(f.budgets, f.values, f.selections, f.statuses):
        ref = select(replace(p, budget_total=float(b)), solver="highs", core=False, diagnose=False)
        assert st == ref.status
        if ref.status == "optimal":
            assert v == pytest.approx(ref.objective, abs=1e-6)
            assert check_feasible(replace(p, budget_total=float(b)), s) == []
        else:
            assert np.isnan(v)
    assert f.statuses[0] == "infeasible" and f.status == "partial"


def test_exact_frontier_with_cbc_on_large_amounts_ends_and_agrees_with_highs():
    # CBC passes a budget by its own tolerance on 1e8-EUR measures; the walk once stalled there
    p = PortfolioProblem.from_arrays([5, 4, 6, 1], [3e8, 2e8, 4e8, 1e8], 6e8, ids=list("abcd"))
    by = {s: frontier(p, exact=True, solver=s, time_limit=10) for s in ("cbc", "highs")}
    np.testing.assert_array_equal(by["cbc"].values, by["highs"].values)
    np.testing.assert_allclose(by["cbc"].budgets, by["highs"].budgets, rtol=1e-6)
    for b, v in zip(by["cbc"].budgets, by["cbc"].values):
        assert brute_best(PortfolioProblem.from_arrays(p.values, p.costs[:, 0], b * (1 + 1e-9)))[0] == v
