"""The exact small-model search (mkba.portfolio.small) against the MIP: same optimum, feasible portfolios, declines."""

from __future__ import annotations

import importlib
import math
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from scipy import sparse

from mkba.portfolio import PortfolioProblem, StartYearChoice, ThemeLimit, frontier, reoptimise, stakeholder_portfolios
from mkba.portfolio import small
from mkba.portfolio.evaluate import check_feasible, is_feasible
from mkba.portfolio.formulation import build_model
from mkba.portfolio.select import solve_model


@st.composite
def problems(draw: st.DrawFn) -> PortfolioProblem:
    """Up to 9 measures, 1-3 budget years, every rule kind the small search models, at random."""
    n = draw(st.integers(1, 9))
    T = draw(st.integers(1, 3))
    ids = [f"m{j}" for j in range(n)]
    years = list(range(2026, 2026 + T))
    money = st.integers(0, 40)
    costs = np.array([[draw(money) for _ in range(T)] for _ in range(n)], float)
    values = np.array([draw(st.one_of(st.integers(-20, 60).map(float),
                                      st.floats(-5, 50, allow_nan=False, allow_infinity=False)))
                       for _ in range(n)])
    spend = costs.sum(axis=0)
    budget = [float(draw(st.integers(0, int(s) + 1))) for s in spend]
    pick = st.sampled_from(ids)
    kw: dict = {}
    if draw(st.booleans()):
        kw["total_budget"] = float(draw(st.integers(0, int(spend.sum()) + 1)))
    kw["carry_over"] = draw(st.booleans())
    if draw(st.booleans()):
        kw["mandatory"] = draw(st.lists(pick, max_size=2, unique=True))
    if draw(st.booleans()):
        kw["forbidden"] = [m for m in draw(st.lists(pick, max_size=2, unique=True)) if m not in kw.get("mandatory", [])]
    if n >= 2 and draw(st.booleans()):
        kw["exclusive"] = [draw(st.lists(pick, min_size=2, max_size=3, unique=True))]
    if n >= 2 and draw(st.booleans()):
        a, b = draw(st.lists(pick, min_size=2, max_size=2, unique=True))
        kw["requires"] = [(a, b, draw(st.sampled_from([0, 1]))) if T > 1 and draw(st.booleans()) else (a, b)]
    themes = [draw(st.sampled_from("xy")) for _ in range(n)]
    limits = []
    if "x" in themes and draw(st.booleans()):
        limits.append(ThemeLimit("x", min_count=draw(st.integers(0, 2)), max_count=draw(st.one_of(st.none(),
                                                                                                    st.integers(1, 4)))))
    if "y" in themes and draw(st.booleans()):
        limits.append(ThemeLimit("y", max_spend=float(draw(st.integers(0, 60)))))
    kw["theme_limits"] = limits
    if draw(st.booleans()):
        shares = np.array([[draw(st.sampled_from([0.0, 0.5, 1.0]))] for _ in range(n)])
        kw.update(payers=["p"], payer_shares=shares, payer_budgets=[float(draw(st.integers(0, 60)))])
    if draw(st.booleans()):
        kw.update(running_costs=[float(draw(st.integers(0, 3))) for _ in range(n)],
                  running_caps=float(draw(st.integers(0, 6))))
    choices = []
    if T > 1:
        for j in draw(st.lists(st.integers(0, n - 1), max_size=2, unique=True)):
            if costs[j].sum() == 0:
                continue
            total = float(costs[j].sum())
            profile = tuple(tuple(total if t == k else 0.0 for t in range(T)) for k in range(T))
            vals = tuple(float(draw(st.integers(-5, 40))) for _ in range(T)) if draw(st.booleans()) else None
            choices.append(StartYearChoice(ids[j], tuple(years), profile, values=vals))
    kw["start_years"] = choices
    return PortfolioProblem.from_arrays(values, costs, budget, ids=ids, years=years, themes=themes, **kw)


def _mip(model):
    """The general MIP at a gap far below the comparison's 1e-9."""
    return solve_model(model, solver="highs", gap=1e-12)


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_small_search_equals_the_mip(problem):
    model = build_model(problem)
    raw = _mip(model)
    plan = small.plan(model)
    if plan is None:  # declines only what it does not model: here, a measure with no allowed choice
        assert (model.col_lo > model.col_hi).any() or raw.status == "infeasible"
        return
    found = small.solve(plan, model.c)
    if raw.status == "infeasible":
        assert found is None  # infeasibility is the MIP's to report (with its diagnosis)
        return
    assert raw.status == "optimal"
    assert found is not None
    x, value = found
    assert is_feasible(model, x)
    chosen, starts = model.decode(x)
    assert check_feasible(problem, chosen, starts) == []
    assert value == pytest.approx(float(model.c @ x), abs=0)
    assert _close(value, raw.objective), (value, raw.objective)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(), st.data())
def test_any_extra_row_is_honoured(problem, data):
    """A rule the small search has never heard of (as an ambition's hard row would be) is still solved exactly."""
    model = build_model(problem)
    N = model.A.shape[1]
    coef = np.array([data.draw(st.integers(-3, 3)) for _ in range(N)], float)
    lo = float(data.draw(st.integers(-4, 4)))
    extra = replace(model, A=sparse.vstack([model.A, sparse.csr_matrix(coef)], format="csr"),
                    row_lo=np.concatenate([model.row_lo, [lo]]), row_hi=np.concatenate([model.row_hi, [math.inf]]),
                    row_names=model.row_names + ("extra",))
    raw = _mip(extra)
    plan = small.plan(extra)
    found = small.solve(plan, extra.c) if plan is not None else None
    if raw.status == "optimal":
        assert found is not None
        assert is_feasible(extra, found[0])
        assert _close(found[1], raw.objective)
    else:
        assert found is None


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(), st.lists(st.floats(-1, 1, allow_nan=False), min_size=18, max_size=18))
def test_many_objectives_each_equal_the_mip(problem, weights):
    """solve_many (the parties' portfolios): each objective's optimum as the MIP's, earlier optima as starts."""
    model = build_model(problem)
    plan = small.plan(model)
    if plan is None:
        return
    C = np.tile(model.c, (2, 1))
    C[:, :problem.n] = np.array(weights[:2 * problem.n]).reshape(2, problem.n) if 2 * problem.n <= 18 else C[:, :problem.n]
    X, values, ok = small.solve_many(plan, C)
    for k in range(2):
        raw = _mip(replace(model, c=C[k]))
        if raw.status != "optimal":
            assert not ok[k]
            continue
        assert ok[k] and is_feasible(model, X[k]) and _close(values[k], raw.objective)


def _problem_with_synergy() -> PortfolioProblem:
    return PortfolioProblem.from_arrays([3.0, 2.0, 1.0], [[2.0], [2.0], [1.0]], [4.0], ids=["a", "b", "c"],
                                        synergies=[("a", "b", 1.5, 0.0)])


def test_declines_a_column_it_does_not_model():
    # a synergy is a continuous product column: the MIP solves it
    assert small.plan(build_model(_problem_with_synergy())) is None
    plain = build_model(PortfolioProblem.from_arrays([3.0, 2.0], [[2.0], [2.0]], [3.0], ids=["a", "b"]))
    assert small.plan(plain) is not None
    # a continuous column (as a goal's shortfall would be), or a general integer one
    assert small.plan(replace(plain, integer=np.array([True, False]))) is None
    assert small.plan(replace(plain, col_hi=np.array([1.0, 2.0]))) is None


def test_declines_start_year_columns_without_their_linking_row():
    p = PortfolioProblem.from_arrays([3.0, 2.0], [[2.0, 0.0], [0.0, 2.0]], [3.0, 3.0], ids=["a", "b"],
                                     years=[2026, 2027],
                                     start_years=[StartYearChoice("a", (2026, 2027), ((2.0, 0.0), (0.0, 2.0)))])
    model = build_model(p)
    assert small.plan(model) is not None
    link = model.group("rules[0]").rows
    loose = replace(model, row_lo=np.where(np.isin(np.arange(model.A.shape[0]), link), -math.inf, model.row_lo))
    assert small.plan(loose) is None  # two start years at once would be allowed: not what it models


def test_declines_when_the_search_grows_too_large(monkeypatch):
    rng = np.random.default_rng(3)
    n = 24
    costs = rng.integers(1, 50, (n, 1)).astype(float)
    p = PortfolioProblem.from_arrays(costs[:, 0] * rng.uniform(0.9, 1.1, n), costs, [costs.sum() / 2],
                                     ids=[f"m{j}" for j in range(n)])
    model = build_model(p)
    monkeypatch.setattr(small, "MAX_NODES", 4)
    assert small.solve(small.plan(model), model.c) is None
    monkeypatch.setattr(small, "MAX_NODES", 60_000)
    found = small.solve(small.plan(model), model.c)
    assert found is not None and _close(found[1], _mip(model).objective)


def test_the_switch_turns_it_off(monkeypatch):
    monkeypatch.setenv(small.ENV, "0")
    assert not small.enabled()
    monkeypatch.setenv(small.ENV, "1")
    assert small.enabled()


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_frontier_and_parties_equal_with_and_without_the_small_search(monkeypatch, seed):
    rng = np.random.default_rng(seed)
    n = 12
    costs = np.zeros((n, 2))
    costs[np.arange(n), rng.integers(0, 2, n)] = rng.integers(1, 30, n)
    p = PortfolioProblem.from_arrays(rng.normal(10, 8, n), costs, [60.0, 60.0], ids=[f"m{j}" for j in range(n)],
                                     exclusive=[["m0", "m1"]], requires=[("m2", "m3")],
                                     theme_limits=[ThemeLimit("t", min_count=1)], themes=["t", "u"] * 6)
    V = rng.normal(5, 5, (3, n))
    out = {}
    for switch in ("0", "1"):
        monkeypatch.setenv(small.ENV, switch)
        f = frontier(p, exact=True)
        s = stakeholder_portfolios(p, V, stakeholders=["a", "b", "c"])
        out[switch] = (f, s)
    (f0, s0), (f1, s1) = out["0"], out["1"]
    assert np.array_equal(f0.selections, f1.selections) and np.allclose(f0.values, f1.values, rtol=1e-12)
    assert np.array_equal(f0.budgets, f1.budgets) and f0.statuses == f1.statuses
    assert np.array_equal(s0.selections, s1.selections) and s0.statuses == s1.statuses
    assert np.allclose(s0.best, s1.best, rtol=1e-12)


@pytest.mark.parametrize("first", [64, 0])  # searched first / certificates first, the search instead of a MIP
def test_reoptimise_settles_samples_by_the_small_search_with_the_mips_answers(monkeypatch, first):
    module = importlib.import_module("mkba.portfolio.reoptimise")  # (the package exports the function by that name)
    monkeypatch.setattr(module, "SMALL_FIRST", first)
    rng = np.random.default_rng(5)
    n = 10
    costs = rng.integers(1, 30, (n, 2)).astype(float)
    p = PortfolioProblem.from_arrays(rng.normal(5, 5, n), costs, [70.0, 70.0], ids=[f"m{j}" for j in range(n)],
                                     exclusive=[["m0", "m1"]], requires=[("m4", "m5")])
    V = rng.normal(3, 4, (40, n))
    monkeypatch.setenv(small.ENV, "0")
    old = reoptimise(p, V)
    monkeypatch.setenv(small.ENV, "1")
    new = reoptimise(p, V)
    assert old.statuses == new.statuses == ("optimal",) * 40
    np.testing.assert_allclose(new.objectives, old.objectives, rtol=1e-9, atol=1e-12)
    assert np.array_equal(new.selections, old.selections)
