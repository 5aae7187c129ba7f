"""Ambitions in the portfolio: hard targets and soft goals against brute force on small problems."""

from __future__ import annotations

import math
from dataclasses import replace
from itertools import product

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkba.portfolio import PortfolioProblem, StartYearChoice, check_feasible, diagnose, portfolio_value, select
from mkba.portfolio.ambitions import ambition_cost, closest_package, least_investment, settle_goals
from mkba.portfolio.goals import has_goals
from mkba.portfolio.rules import TargetRule
from mkba.testing.portfolios import YEARS, portfolio_problems


def _selections(problem: PortfolioProblem):
    """Every (selection, starts) of a small problem."""
    choice = next((r for r in problem.rules if isinstance(r, StartYearChoice)), None)
    for bits in product([False, True], repeat=problem.n):
        sel = [m for m, b in zip(problem.ids, bits) if b]
        years = choice.years if choice is not None and choice.measure in sel else (None,)
        for y in years:
            yield sel, ({choice.measure: y} if y is not None else {})


def _total(problem: PortfolioProblem, rule: TargetRule, sel, starts) -> float:
    """The target's total, computed here without the library: measure j counts in year Y when
    start_j + lag <= Y < start_j + lag + life (every chosen measure when Y is None)."""
    total = 0.0
    for m, amount, lag, life in rule.contributions:
        if m not in sel:
            continue
        s = starts.get(m, int(problem.start[problem.index[m]]))
        if rule.year is None or s + lag <= rule.year < s + lag + life:
            total += amount
    return total


def _miss(rule: TargetRule, total: float) -> float:
    below = max(0.0, rule.level - total) if rule.sense in (">=", "=") else 0.0
    above = max(0.0, total - rule.level) if rule.sense in ("<=", "=") else 0.0
    return below + above


@st.composite
def with_targets(draw, hard: bool):
    problem = draw(portfolio_problems(min_measures=2, max_measures=7))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    rules = []
    for k in range(draw(st.integers(1, 2))):
        members = rng.choice(problem.n, int(rng.integers(1, problem.n + 1)), replace=False)
        contributions = tuple((problem.ids[j], float(rng.integers(-2, 8)), int(rng.integers(0, 2)),
                               int(rng.integers(1, 3))) for j in members)
        sense = draw(st.sampled_from([">=", ">=", "<=", "="]))
        level = float(rng.integers(0, 12))
        year = draw(st.sampled_from([None, *YEARS, YEARS[-1] + 1]))
        weight = float(rng.integers(1, 4))
        rules.append(TargetRule(f"a{k}", contributions, sense, level, year, hard=hard, weight=weight,
                                scale=max(level, 1.0), origin=f"ambitions[{k}]"))
    return replace(problem, rules=problem.rules + tuple(rules))


def _plain(problem: PortfolioProblem) -> PortfolioProblem:
    return replace(problem, rules=tuple(r for r in problem.rules if not isinstance(r, TargetRule)))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(with_targets(hard=True))
def test_hard_targets_give_the_brute_force_optimum(problem):
    plain = _plain(problem)
    targets = [r for r in problem.rules if isinstance(r, TargetRule)]
    best = -math.inf
    for sel, starts in _selections(problem):
        if check_feasible(plain, sel, starts):
            continue
        if all(_miss(r, _total(problem, r, sel, starts)) <= 1e-9 for r in targets):
            best = max(best, portfolio_value(problem, sel, starts))
    res = select(problem, solver="highs")
    if best == -math.inf:
        assert res.status == "infeasible"
        assert res.diagnosis is not None and res.diagnosis.keys  # names what conflicts
    else:
        assert res.status == "optimal"
        assert res.objective == pytest.approx(best, abs=1e-6)
        assert all(_miss(r, _total(problem, r, res.selected, res.start_years)) <= 1e-6 for r in targets)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(with_targets(hard=False))
def test_soft_goals_minimise_the_weighted_shortfall_then_maximise_value(problem):
    plain = _plain(problem)
    targets = [r for r in problem.rules if isinstance(r, TargetRule)]
    rows = []
    for sel, starts in _selections(problem):
        if not check_feasible(plain, sel, starts):
            short = sum(r.weight / r.scale * _miss(r, _total(problem, r, sel, starts)) for r in targets)
            rows.append((short, portfolio_value(problem, sel, starts)))
    settled = settle_goals(problem, solver="highs")
    res = select(settled, solver="highs")
    if not rows:
        assert res.status == "infeasible"
        return
    least = min(s for s, _ in rows)
    best = max(v for s, v in rows if s <= least + 1e-7)
    assert res.status == "optimal"
    got = sum(r.weight / r.scale * _miss(r, _total(problem, r, res.selected, res.start_years)) for r in targets)
    assert got == pytest.approx(least, abs=1e-6)
    assert res.objective == pytest.approx(best, abs=1e-6)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(with_targets(hard=True))
def test_the_closest_package_misses_the_hard_targets_least(problem):
    plain = _plain(problem)
    targets = [r for r in problem.rules if isinstance(r, TargetRule)]
    shorts = [sum(_miss(r, _total(problem, r, sel, starts)) / r.scale for r in targets)
              for sel, starts in _selections(problem) if not check_feasible(plain, sel, starts)]
    res = closest_package(problem, solver="highs")
    if not shorts:
        assert not res.has_solution
        return
    got = sum(_miss(r, _total(problem, r, res.selected, res.start_years)) / r.scale for r in targets)
    assert got == pytest.approx(min(shorts), abs=1e-6)


def _homes() -> PortfolioProblem:
    """Four measures, two years; M3 makes 100 homes gas-free from the year after its start, M4 50 at once."""
    base = PortfolioProblem.from_arrays([5, 4, 3, 1], [[4, 0], [3, 1], [2, 2], [1, 0]], budget=7, years=YEARS)
    rule = TargetRule("homes", (("M3", 100, 1, 30), ("M4", 50, 0, 30)), ">=", 120, 2027, origin="scenario.yaml, line 9")
    return replace(base, rules=(rule,))


def test_a_hard_target_changes_the_package_and_its_cost_is_the_value_given_up():
    problem = _homes()
    assert has_goals(problem)
    res = select(problem)
    assert res.selected == ("M3", "M4") and res.objective == 4.0
    cost = ambition_cost(problem, res, "homes", last_year=2028)
    assert cost.value_without == 6.0 and cost.cost_value == 2.0  # M1 + M4 without it
    assert cost.min_investment == 5.0  # M3 (4) + M4 (1): the total budget at which it is reachable
    assert least_investment(problem, "nothing") == 0.0  # no target: the empty package
    assert cost.delay_value == 0.0  # in 2028 M3 and M4 are still needed


def test_unreachable_hard_targets_are_named_with_the_budget_and_the_closest_package_says_how_far():
    problem = _homes()
    rule = replace(problem.rules[0], level=200)  # M3 + M4 give 150 at most
    tight = replace(problem, rules=(rule,))
    res = select(tight)
    assert res.status == "infeasible"
    assert res.diagnosis.where == ("scenario.yaml, line 9",)
    money = replace(tight, rules=(replace(rule, level=150),), budget_total=4.0)  # 150 needs 5
    d = diagnose(money)
    assert set(d.keys) == {"budget.total", "rules[0]"}
    closest = closest_package(money)
    assert closest.selected == ("M3",)  # 100 of 150: the least shortfall within 4
