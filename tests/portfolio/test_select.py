"""Unit tests of mkba.portfolio: problem checks, each rule kind, solvers by name, results, diagnosis."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from mkba.errors import MethodError
from mkba.portfolio import (Exclusive, Mandatory, PortfolioProblem, Requires, StartYearChoice, Synergy, ThemeLimit,
                            anchored_values, build_model, check_feasible, diagnose, refuse_non_additive, select)

SOLVERS = ("highs", "cbc")


def three_items() -> PortfolioProblem:
    """Methodology B.3: budget 10; A (6, 9), B (5, 7), C (5, 7)."""
    return PortfolioProblem.from_arrays([9, 7, 7], [6, 5, 5], 10, ids=["A", "B", "C"])


@pytest.mark.parametrize("solver", SOLVERS)
def test_greedy_loses_on_three_items(solver):
    p = select(three_items(), solver=solver)
    assert p.status == "optimal" and p.selected == ("B", "C") and p.objective == 14
    assert p.greedy.selected == ("A",) and p.greedy.value == 9 and p.greedy.value_lost == 5
    assert check_feasible(three_items(), p.selected) == []
    json.dumps(p.to_dict())
    assert p.to_frame().loc["A", "greedy"] and not p.to_frame().loc["A", "selected"]
    assert "optimal" in repr(p)


def test_unknown_solver_lists_valid_names():
    with pytest.raises(MethodError, match="valid solvers: cbc, highs.*'highs'"):
        select(three_items(), solver="higs")


def test_from_arrays_names_what_is_wrong():
    with pytest.raises(MethodError, match=r"costs must have shape \(3,\)"):
        PortfolioProblem.from_arrays([1, 2, 3], [1, 2], 5)
    with pytest.raises(MethodError, match="budget must be one number"):
        PortfolioProblem.from_arrays([1, 2], [[1, 1], [1, 1]], [1, 2, 3])
    with pytest.raises(MethodError, match="'M1x' is not a measure id; did you mean 'M1'"):
        PortfolioProblem.from_arrays([1, 2], [1, 1], 5, ids=["M1", "M2"], mandatory=["M1x"])
    with pytest.raises(MethodError, match="no measure has theme 'enrgy'; did you mean 'energie'"):
        PortfolioProblem.from_arrays([1, 2], [1, 1], 5, themes=["energie", "x"],
                                     theme_limits=[ThemeLimit("enrgy", min_count=1)])


@pytest.mark.parametrize("method", ["topsis", "vikor", "promethee2", "wsm"])
def test_non_additive_objective_is_refused_with_reason(method):
    with pytest.raises(MethodError, match="normalised over the longlist.*Clemen & Smith"):
        refuse_non_additive(method)
    with pytest.raises(MethodError, match="refused"):
        PortfolioProblem.from_arrays([1], [1], 1, objective=method)


def test_additive_objectives_accepted():
    for m in ("npv", "mavt", "value"):
        refuse_non_additive(m)
    PortfolioProblem.from_arrays([1], [1], 1, objective="mavt:huurders")


def test_anchored_values():
    e = np.array([[10.0, -2.0], [0.0, 4.0], [5.0, 0.0]])
    v = anchored_values(e, [0.5, 0.5], [1, -1])
    # scale = max |e| = (10, 4): v = 0.5*e1/10 - 0.5*e2/4
    assert np.allclose(v, [0.5 + 0.25, -0.5, 0.25])
    assert anchored_values(np.zeros((1, 2)), [0.5, 0.5], [1, 1])[0] == 0.0  # not done = 0
    K = anchored_values(e, [[1, 0], [0, 1]], [1, -1], scale=[20, 8])
    assert K.shape == (2, 3) and np.allclose(K[0], e[:, 0] / 20) and np.allclose(K[1], -e[:, 1] / 8)
    with pytest.raises(MethodError, match="directions"):
        anchored_values(e, [0.5, 0.5], [1, 0])


def test_constraints_named_after_origin():
    p = PortfolioProblem.from_arrays([1, 2, 3], [[1, 0], [0, 1], [1, 1]], [1, 1], ids=["a", "b", "c"],
                                     years=[2026, 2027], exclusive=[["a", "b"]],
                                     requires=[Requires("c", "a", origin="scenario.yaml line 40")])
    m = build_model(p)
    assert {"budget.2026", "budget.2027", "exclusive[0]"} <= set(m.row_names)
    assert m.group("rules[1]").origin == "scenario.yaml line 40"


def infeasible_problem() -> PortfolioProblem:
    return PortfolioProblem.from_arrays(
        [5, 4, 3, 2], [[1.2e6, 0], [1.2e6, 0], [0.1e6, 0], [0, 1e5]], [2.0e6, 5e6], ids=["M03", "M11", "M05", "M07"],
        years=[2026, 2027], mandatory=["M03", "M11"], exclusive=[["M05", "M07"]], requires=[("M07", "M05")])


@pytest.mark.parametrize("solver", SOLVERS)
def test_infeasible_is_a_result_naming_the_conflict(solver):
    p = select(infeasible_problem(), solver=solver)
    assert p.status == "infeasible" and p.selected == ()
    assert "mandatory M03 and M11 cost 2.4 M€, budget 2026 is 2.0 M€" in p.message
    assert set(p.diagnosis.keys) == {"budget.2026", "rules[0]", "rules[1]"}
    json.dumps(p.to_dict())


def test_diagnosis_exact_set_among_several_rules():
    p = PortfolioProblem.from_arrays(
        [5, 4, 3, 2, 1], [1, 1, 1, 1, 1], 10, ids=list("abcde"), mandatory=["a", "d"], forbidden=["c"],
        exclusive=[["d", "e"]], requires=[("a", "b"), ("b", "c")])
    d = diagnose(p)
    # a needs b, b needs c, c forbidden, a mandatory: exactly these four
    assert set(d.keys) == {"rules[0]", "rules[2]", "rules[4]", "rules[5]"}
    assert "forbidden c" in d.message and "a requires b" in d.message


@pytest.mark.parametrize("solver", SOLVERS)
def test_every_rule_kind(solver):
    # yearly budgets with carry-over, payer, running cap, theme limits, synergy, start-year choice, lag
    ids = ["A", "B", "C", "D", "E", "F"]
    costs = [[4, 0, 0], [0, 3, 0], [2, 2, 0], [0, 0, 3], [3, 0, 0], [1, 0, 0]]
    p = PortfolioProblem.from_arrays(
        [10, 6, 7, 5, 6, 1], costs, [5, 5, 5], ids=ids, years=[2026, 2027, 2028], carry_over=True,
        payer_shares=np.array([[1, 0], [0.5, 0.5], [0, 1], [1, 0], [0, 1], [1, 0]]), payers=["gem", "corp"],
        payer_budgets=[9, 5], running_costs=[1, 1, 1, 0, 1, 0], running_caps=3, themes=list("xxyyzz"),
        exclusive=[["A", "E"]], requires=[("D", "B", 1)], theme_limits=[ThemeLimit("y", min_count=1)],
        synergies=[("A", "B", 2.0, 1.0)],
        start_years=[StartYearChoice("F", (2026, 2028), ((1, 0, 0), (0, 0, 1)), values=(1.0, 0.8))])
    res = select(p, solver=solver)
    assert res.status == "optimal"
    assert check_feasible(p, res.selected, dict(res.start_years)) == []
    # brute force over 2^6 x 2 start years
    best = -math.inf
    from itertools import product
    from mkba.portfolio import portfolio_value
    for bits in product([0, 1], repeat=6):
        for y in (2026, 2028):
            sel = [m for m, b in zip(ids, bits) if b]
            if not check_feasible(p, sel, {"F": y}):
                best = max(best, portfolio_value(p, sel, {"F": y}))
    assert res.objective == pytest.approx(best)


@pytest.mark.parametrize("core", [False, True])
def test_a_solve_stopped_early_returns_the_best_found_with_its_gap(core, highs_stops_early):
    rng = np.random.default_rng(3)
    n = 400
    w = rng.integers(1000, 100000, (n, 3)).astype(float)
    p = PortfolioProblem.from_arrays(np.round(w.sum(1) * rng.uniform(0.8, 1.2, n)), w, w.sum(0) / 3)
    res = select(p, solver="highs", time_limit=0.05, core=core)
    assert res.status == "time_limit" and res.options["time_limit"] == 0.05
    assert res.gap > 0 and res.selected and check_feasible(p, res.selected) == []


def test_a_reused_highs_session_stops_every_solve_at_its_own_limit_with_an_incumbent():
    """The sensitivity stage re-solves one HighsSession per sample with new costs: every solve must
    be stopped by its own limit, keep the incumbent it found and report "time_limit" (the status
    mkba gives any early stop with a solution), and the session must keep the per-run time limit
    it was given (HiGHS compares ``time_limit`` per run in highspy 1.7.2 to 1.16.0, while
    ``getRunTime`` sums the runs). The stop is deterministic: a limit on improving solutions, not
    a wall-clock limit, so a busy machine cannot change the outcome."""
    from mkba.portfolio.backends import HighsSession

    rng = np.random.default_rng(3)
    n = 400
    w = rng.integers(1000, 100000, (n, 3)).astype(float)
    p = PortfolioProblem.from_arrays(np.round(w.sum(1) * rng.uniform(0.8, 1.2, n)), w, w.sum(0) / 3)
    model = build_model(p)
    session = HighsSession(model, time_limit=1000.0, options={"mip_max_improving_sols": 2})
    for k in range(4):
        raw = session.solve(_retry=False)
        assert raw.status == "time_limit" and raw.x is not None, (k, raw.status)
        assert raw.gap > 0  # stopped early, before the optimum was proven
        limit = session.h.getOptionValue("time_limit")  # highspy 1.16 returns (status, value)
        assert (limit[-1] if isinstance(limit, tuple) else limit) == 1000.0
        session.set_costs(model.c * (1.0 + 0.01 * (k + 1)))


def test_mandatory_and_forbidden_same_measure():
    p = PortfolioProblem.from_arrays([1, 1], [1, 1], 5, mandatory=["M1"], forbidden=["M1"])
    res = select(p)
    assert res.status == "infeasible"
    assert "mandatory M1" in res.message and "forbidden M1" in res.message


# -- the exact core method (solve_core): same optimum as plain HiGHS ------------------------------

def _random_problem(seed: int, n: int = 60, fractional: bool = False) -> PortfolioProblem:
    """Knapsack-like instance: yearly budgets, exclusions, prerequisites, theme minimums.

    Integer values (an objective step for the proof round) or, with ``fractional``, real values
    and a synergy (no step: the proof uses the relative gap).
    """
    rng = np.random.default_rng(seed)
    T = 3
    total = np.maximum(np.round(rng.lognormal(np.log(20.0), 0.8, n)), 1.0)
    year = rng.integers(0, T, n)
    costs = np.zeros((n, T))
    costs[np.arange(n), year] = total
    values = total * rng.normal(0.4, 0.6, n)
    values = values if fractional else np.round(values)
    ids = [f"M{j}" for j in range(n)]
    perm = rng.permutation(n)
    themes = [f"t{k}" for k in rng.integers(0, 3, n)]
    return PortfolioProblem.from_arrays(
        values, costs, np.round(0.25 * costs.sum(axis=0)), ids=ids, years=[2026, 2027, 2028], themes=themes,
        exclusive=[[ids[j] for j in perm[3 * i: 3 * i + 3]] for i in range(3)],
        requires=[(ids[perm[10 + 2 * i]], ids[perm[11 + 2 * i]]) for i in range(3)],
        theme_limits=[ThemeLimit(f"t{k}", min_count=2) for k in range(3)],
        synergies=[(ids[perm[20]], ids[perm[21]], 5.0, 0.0)] if fractional else [])


@pytest.mark.parametrize("seed", range(8))
def test_core_on_and_off_give_the_same_optimum(seed):
    p = _random_problem(seed, fractional=seed % 2 == 1)
    on = select(p, solver="highs", core=True)
    off = select(p, solver="highs", core=False, warm_start=False)
    assert on.status == off.status == "optimal"
    assert on.objective == pytest.approx(off.objective, rel=1e-6, abs=1e-6)
    assert on.gap <= 1e-6 and check_feasible(p, on.selected, dict(on.start_years)) == []
    assert on.options["strategy"] == "core"


@pytest.mark.parametrize("seed", range(4))
def test_core_any_threshold_is_exact(seed):
    # the thresholds only split the work between round 1 and the proof round, never the optimum
    from mkba.portfolio.greedy import greedy_select
    from mkba.portfolio.select import solve_core, solve_model

    p = _random_problem(10 + seed, n=80, fractional=seed >= 2)
    model = build_model(p)
    g = greedy_select(p)
    start = model.encode(p, g.mask, {p.index[k]: v for k, v in g.start_years.items()}) if g.feasible else None
    plain = solve_model(model, solver="highs")
    assert plain.status == "optimal"
    for kw in ({"fraction": 0.0}, {"fraction": 0.01}, {"fraction": 0.5}, {"fraction": 1.0}, {"theta": 0.0},
               {"theta": 1e9}, {"options": {}}):
        raw = solve_core(model, start, **kw)
        assert raw.status == "optimal", kw
        assert raw.objective == pytest.approx(plain.objective, abs=1e-6), kw
        assert raw.bound >= raw.objective - 1e-9 and raw.gap <= 1e-6, kw
        assert raw.lp_bound >= raw.objective - 1e-6


def test_lp_rounding_and_objective_step():
    from dataclasses import replace

    from mkba.portfolio.backends import HighsSession
    from mkba.portfolio.evaluate import is_feasible
    from mkba.portfolio.select import lp_round, objective_step

    p = _random_problem(3, n=100, fractional=True)
    model = build_model(p)
    assert objective_step(model) == 0.0  # the synergy column is continuous with a value
    assert objective_step(build_model(_random_problem(3, n=100))) >= 1.0
    p2 = PortfolioProblem.from_arrays([3000, 6000, 9000], [1, 2, 3], 4)
    assert objective_step(build_model(p2)) == 3000.0
    assert objective_step(build_model(PortfolioProblem.from_arrays([1.5, 2.0], [1, 1], 1))) == 0.0
    lp = HighsSession(replace(model, integer=np.zeros_like(model.integer)))
    relax = lp.solve()
    sol = lp.h.getSolution()
    x = lp_round(model, np.asarray(sol.col_value), np.asarray(sol.col_dual))
    if x is not None:  # a heuristic: when it returns a vector, that vector is feasible and below the LP bound
        assert is_feasible(model, x) and model.c @ x <= relax.objective + 1e-6
        chosen, starts = model.decode(x)
        assert check_feasible(p, chosen, starts) == []


def test_core_infeasible_lp_is_infeasible():
    from mkba.portfolio.select import solve_core

    p = PortfolioProblem.from_arrays([5, 4, 3], [4, 4, 4], 6, themes=["a", "a", "b"],
                                     theme_limits=[ThemeLimit("a", min_count=2)])
    raw = solve_core(build_model(p), None)
    assert raw.status == "infeasible" and raw.x is None
    assert select(p, solver="highs").status == "infeasible"


def test_cbc_with_a_start_still_finds_the_optimum():
    """Regression: CBC 2.10 with a MIP start (the previous sample's optimum) reported a worse
    portfolio as optimal on this instance (found by the robustness property test, seed 180)."""
    import itertools

    rng = np.random.default_rng(180)
    n = 9
    costs = rng.integers(1, 10, n).astype(float)
    values = rng.integers(-2, 12, n).astype(float)
    ids = [f"m{j}" for j in range(n)]
    p = PortfolioProblem.from_arrays(values, costs, float(costs.sum() * 0.45), ids=ids, exclusive=[ids[:2]],
                                     requires=[(ids[2], ids[3])], objective="npv")
    V = rng.normal(3, 4, (12, n))
    X = np.array([row for row in itertools.product([False, True], repeat=n)
                  if not check_feasible(p, np.array(row))])
    best = (X.astype(float) @ V[11]).max()
    from dataclasses import replace

    from mkba.portfolio.backends import solve_cbc

    model = build_model(p)
    previous = solve_cbc(replace(model, c=np.r_[V[10], model.c[n:]]))
    raw = solve_cbc(replace(model, c=np.r_[V[11], model.c[n:]]), start=previous.x)
    assert raw.status == "optimal" and raw.objective == pytest.approx(best)


def test_highs_optimal_is_checked_against_its_own_bound():
    """Regression: HiGHS 1.16.0 given this start (worth 14.36) answered "optimal" with the start
    itself while its dual bound was 17.95, the true optimum (found by the robustness property
    test under a fresh install). The session re-solves such an answer from scratch."""
    import itertools

    from mkba.portfolio.backends import HighsSession

    rng = np.random.default_rng(1)
    n = 8
    costs = rng.integers(1, 10, n).astype(float)
    values = rng.integers(-2, 12, n).astype(float)
    ids = [f"m{j}" for j in range(n)]
    p = PortfolioProblem.from_arrays(values, costs, float(costs.sum() * 0.45), ids=ids, exclusive=[ids[:2]],
                                     requires=[(ids[2], ids[3])], objective="npv")
    v = rng.normal(3, 4, (12, n))[7]
    X = np.array([row for row in itertools.product([False, True], repeat=n)
                  if not check_feasible(p, np.array(row))], float)
    best = (X @ v).max()
    model = build_model(p.with_values(v))
    for row in X[np.argsort(X @ v)[-6:]]:  # the best few portfolios as starts, 14.36 among them
        start = np.zeros(model.A.shape[1])
        start[:n] = row
        session = HighsSession(model)
        session.set_start(start)
        raw = session.solve()
        assert raw.status == "optimal" and raw.objective == pytest.approx(best) and raw.gap <= 1e-6
