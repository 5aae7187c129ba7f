"""Portfolio robustness: re-optimisation per sample, core indices, non-dominance over a weight hull.

Checked against brute force (every subset of a small longlist) and against the definitions:
the core index is the share of samples whose optimum contains the measure (Liesiö, Mild & Salo
2007, EJOR 181:1488-1505, section 4, with the sampled optima in place of all non-dominated
portfolios); a portfolio is non-dominated over the hull of the vertices when no other is at
least as good at every vertex and better at one (their Theorem 1: vertices suffice for linear
values). The exact non-dominated set (nondominated_portfolios, unsupported portfolios included), the
RPM classes and the RPM core index are checked against every subset of small ruled problems.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkba import portfolio as pf
from mkba.errors import MethodError


def small_problem(rng: np.random.Generator, n: int) -> pf.PortfolioProblem:
    costs = rng.integers(1, 10, n).astype(float)
    values = rng.integers(-2, 12, n).astype(float)
    ids = [f"m{j}" for j in range(n)]
    return pf.PortfolioProblem.from_arrays(values, costs, float(costs.sum() * 0.45), ids=ids,
                                           exclusive=[ids[:2]], requires=[(ids[2], ids[3])], objective="npv")


def feasible_subsets(p: pf.PortfolioProblem) -> np.ndarray:
    X = np.array(list(itertools.product([False, True], repeat=p.n)))
    ok = np.array([not pf.check_feasible(p, row) for row in X])
    return X[ok]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), n=st.integers(4, 9))
def test_each_sample_is_optimal_and_core_index_is_the_share_of_optima(seed, n):
    rng = np.random.default_rng(seed)
    p = small_problem(rng, n)
    V = rng.normal(3, 4, (12, n))
    X = feasible_subsets(p)
    best = (X.astype(float) @ V.T).max(axis=0)  # brute-force optimum per sample
    for solver in ("highs", "cbc"):
        r = pf.reoptimise(p, V, solver=solver)
        assert r.ok and r.selections.shape == (12, n)
        np.testing.assert_allclose(r.objectives, best, atol=1e-6)
        np.testing.assert_allclose((r.selections * V).sum(axis=1), best, atol=1e-6)
        assert all(not pf.check_feasible(p, row) for row in r.selections)
    rob = pf.portfolio_robustness(p, V)
    np.testing.assert_allclose(rob.core_index, rob.portfolios.T @ rob.frequency)
    assert rob.frequency.sum() == pytest.approx(1.0) and np.all(np.diff(rob.frequency) <= 0)
    assert 0.0 <= rob.base_share <= 1.0


def test_non_dominated_matches_the_definition():
    rng = np.random.default_rng(3)
    for _ in range(30):
        X = rng.random((8, 6)) < 0.5
        W = rng.normal(0, 1, (3, 6))
        P = X.astype(float) @ W.T
        expected = [not any((P[b] >= P[a]).all() and (P[b] > P[a]).any() for b in range(len(X)) if b != a)
                    for a in range(len(X))]
        np.testing.assert_array_equal(pf.non_dominated(X, W), expected)


def test_vertices_suffice_a_dominated_portfolio_loses_everywhere_in_the_hull():
    rng = np.random.default_rng(7)
    X = rng.random((10, 5)) < 0.5
    W = rng.normal(0, 1, (3, 5))
    nd = pf.non_dominated(X, W)
    lam = rng.dirichlet(np.ones(3), 2000)  # points of the hull
    P = X.astype(float) @ (lam @ W).T  # (10, 2000)
    for a in np.nonzero(~nd)[0]:
        beaten = [(P[b] >= P[a] - 1e-12).all() for b in range(len(X)) if b != a]
        assert any(beaten)


def test_classes_follow_the_non_dominated_portfolios():
    p = pf.PortfolioProblem.from_arrays([5.0, 4.0, 3.0, 1.0], [4.0, 3.0, 3.0, 1.0], 7.0, ids=list("abcd"),
                                        objective="npv")
    # two weightings that each favour a different pair; d is worth something only to the second
    V = np.array([[9.0, 1.0, 8.0, -1.0], [1.0, 9.0, 8.0, 1.0]])
    rob = pf.portfolio_robustness(p, V, vertices=V)
    # optima: {a, c} (17 at the first vertex, 9 at the second) and {b, c, d} (8, 18): neither dominates
    assert {tuple(np.nonzero(row)[0]) for row in rob.portfolios} == {(0, 2), (1, 2, 3)}
    assert rob.nondominated.all()
    # but {b, c} (9, 17) and {a, b} (10, 10) are non-dominated too, though optimal for no weighting in
    # the hull (unsupported: {a, c} or {b, c, d} beats each at every mix); c is not in {a, b}: not core
    assert {tuple(np.nonzero(row)[0]) for row in rob.front} == {(0, 2), (1, 2), (1, 2, 3), (0, 1)}
    assert len(rob.front) == 4
    assert rob.classes == {"a": "borderline", "b": "borderline", "c": "borderline", "d": "borderline"}
    assert rob.to_dict()["core_index"] == {"a": 0.5, "b": 0.5, "c": 1.0, "d": 0.5}  # sampled: as before
    assert rob.to_dict()["rpm_core_index"] == {"a": 0.5, "b": 0.75, "c": 0.75, "d": 0.25}
    assert rob.nondominated_complete is True and rob.warnings == ()


def test_exterior_measure_is_in_no_non_dominated_portfolio():
    p = pf.PortfolioProblem.from_arrays([5.0, 4.0, 3.0, 1.0], [4.0, 3.0, 3.0, 1.0], 7.0, ids=list("abcd"),
                                        objective="npv")
    V = np.array([[9.0, 1.0, 8.0, -1.0], [8.0, 2.0, 8.0, -1.0]])  # both weightings pick {a, c}
    rob = pf.portfolio_robustness(p, V, vertices=V)
    assert rob.classes == {"a": "core", "b": "exterior", "c": "core", "d": "exterior"}
    assert rob.base_share == 0.0  # the base values (5, 4, 3, 1) pick {a, b} (9), never a sample's optimum
    np.testing.assert_allclose(rob.core_index, [1.0, 0.0, 1.0, 0.0])
    # a feasible candidate that {a, c} beats at both vertices changes nothing; one that is better
    # at one vertex ({a, b}: 10 and 28 against 17 and 16) joins the front
    same = pf.portfolio_robustness(p, V, vertices=V, candidates=np.array([[False, True, True, True]]))
    assert same.classes == rob.classes
    W = np.array([[9.0, 1.0, 8.0, -1.0], [8.0, 20.0, 8.0, -1.0]])
    taken = pf.portfolio_robustness(p, V, vertices=W, candidates=np.array([[True, True, False, False]]))
    assert taken.nondominated.all()
    assert taken.classes == {"a": "core", "b": "borderline", "c": "borderline", "d": "exterior"}



def test_infeasible_problem_gives_a_status_not_an_exception():
    p = pf.PortfolioProblem.from_arrays([1.0, 2.0], [5.0, 5.0], 4.0, ids=["a", "b"], mandatory=["a"], objective="npv")
    rob = pf.portfolio_robustness(p, np.ones((3, 2)))
    assert rob.status == "infeasible" and np.isnan(rob.core_index).all()


def test_bad_values_are_refused():
    p = pf.PortfolioProblem.from_arrays([1.0, 2.0], [1.0, 1.0], 4.0, ids=["a", "b"], objective="npv")
    with pytest.raises(MethodError, match="shape"):
        pf.reoptimise(p, np.ones((3, 5)))
    with pytest.raises(MethodError, match="finite"):
        pf.reoptimise(p, np.array([[1.0, np.nan]]))


# -- the fast re-solve loop (incumbent pool, LP and convexity certificates, reduced-cost fixing) ----------

def ruled_problem(rng: np.random.Generator, n: int, values: np.ndarray, *, extras: bool = False) -> pf.PortfolioProblem:
    """Yearly budgets, an exclusion, a prerequisite, a theme minimum; optionally a synergy and a start-year choice."""
    T = 2
    costs = np.zeros((n, T))
    costs[np.arange(n), rng.integers(0, T, n)] = rng.integers(1, 10, n)
    ids = [f"m{j}" for j in range(n)]
    themes = ["a" if j % 2 else "b" for j in range(n)]
    kw = {}
    if extras:
        kw["synergies"] = [pf.Synergy(ids[4], ids[5], extra_value=1.5)]
        kw["start_years"] = [pf.StartYearChoice(ids[6], years=(0, 1), costs=[[3.0, 0.0], [0.0, 3.0]])]
    return pf.PortfolioProblem.from_arrays(values, costs, np.round(0.45 * costs.sum(axis=0)) + 1, ids=ids,
                                           years=list(range(T)), themes=themes, exclusive=[ids[:2]],
                                           requires=[(ids[2], ids[3])],
                                           theme_limits=[pf.ThemeLimit("a", min_count=1)], objective="npv", **kw)


def low_rank_values(rng: np.random.Generator, K: int, n: int, m: int = 3) -> np.ndarray:
    """(K, n) values of K Dirichlet weightings of m criteria (rank m: the convexity certificate applies)."""
    effects = rng.normal(1.0, 1.5, (n, m))
    return rng.dirichlet(np.ones(m), K) @ effects.T


@pytest.mark.slow
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), n=st.integers(7, 10), extras=st.booleans())
def test_fast_path_equals_brute_force_and_the_plain_loop(seed, n, extras):
    rng = np.random.default_rng(seed)
    V = low_rank_values(rng, 40, n)
    V = np.vstack([V, V[:5], rng.normal(2, 3, (3, n))])  # repeated samples and full-rank ones
    p = ruled_problem(rng, n, V[0], extras=extras)
    model = pf.build_model(p)
    X = np.array(list(itertools.product([False, True], repeat=p.n)))
    X = X[[not pf.check_feasible(p, row) for row in X]]
    if extras:  # the brute force needs the synergy's value and the best start year: compare with the plain loop
        best = None
    else:
        best = (X.astype(float) @ V.T).max(axis=0)
    plain = {s: pf.reoptimise(p, V, solver=s, fast=False) for s in ("highs", "cbc")}
    for solver in ("highs", "cbc"):
        r = pf.reoptimise(p, V, solver=solver)
        assert r.ok and r.selections.shape == V.shape and all(s == "optimal" for s in r.statuses)
        ref = best if best is not None else plain["highs"].objectives
        np.testing.assert_allclose(r.objectives, ref, rtol=1e-6, atol=1e-6)
        np.testing.assert_allclose(r.objectives, plain[solver].objectives, rtol=1e-6, atol=1e-6)
        if not extras:  # (with a start-year choice a selection alone does not say the start year)
            assert all(not pf.check_feasible(p, row) for row in r.selections)
            # the objective is the selection's value under the sample's values
            np.testing.assert_allclose((r.selections * V).sum(axis=1), r.objectives, atol=1e-6)
    assert model.c[n:].size == (3 if extras else 0)


@pytest.fixture
def mips(monkeypatch) -> list:
    """One entry per MIP solved by HiGHS (LP solves are not counted); the MIP path's stages are what
    these tests count, so the small-model search (mkba.portfolio.small, tests/portfolio/test_small.py) is off."""
    from mkba.portfolio import backends as S

    monkeypatch.setenv("MKBA_SMALL_SOLVER", "0")

    solved: list = []
    real = S.HighsSession.solve

    def counting(self, **kw):  # (solve re-runs itself once with _retry=False on a suspicious gap)
        if self.model.integer.any():
            solved.append(1)
        return real(self, **kw)

    monkeypatch.setattr(S.HighsSession, "solve", counting)
    return solved


def test_shared_optima_are_certified_without_a_mip(mips):
    # weights around one weighting: most samples share an optimum, settled by the pool and a certificate
    rng = np.random.default_rng(4)
    n = 12
    effects = rng.gamma(2.0, 1.0, (n, 3))
    V = rng.dirichlet([60.0, 30.0, 10.0], 300) @ effects.T
    p = ruled_problem(rng, n, V[0])
    X = np.array(list(itertools.product([False, True], repeat=n)))
    X = X[[not pf.check_feasible(p, row) for row in X]]
    best = (X.astype(float) @ V.T).max(axis=0)
    r = pf.reoptimise(p, V, solver="highs")
    np.testing.assert_allclose(r.objectives, best, rtol=1e-9, atol=1e-9)
    distinct = len(np.unique(r.selections, axis=0))
    assert distinct < 30 and len(mips) < 100  # far fewer MIPs than samples


def test_start_is_used_and_an_infeasible_start_is_ignored():
    rng = np.random.default_rng(9)
    n = 8
    V = low_rank_values(rng, 10, n)
    p = ruled_problem(rng, n, V[0])
    X = np.array(list(itertools.product([False, True], repeat=n)))
    X = X[[not pf.check_feasible(p, row) for row in X]]
    best = (X.astype(float) @ V.T).max(axis=0)
    model = pf.build_model(p)
    bad = np.ones(model.A.shape[1])  # every measure: breaks the exclusion and the budgets
    for start in (bad, model.encode(p, X[-1])):
        r = pf.reoptimise(p, V, solver="highs", start=start)
        np.testing.assert_allclose(r.objectives, best, atol=1e-9)


# -- the Lagrangian stage (knapsack blocks solved by dynamic programming) ------------------------------

def model_space_optimum(model, c: np.ndarray, rows: np.ndarray | None = None) -> float:
    """Brute force over every 0-1 column vector of a model without extra columns, meeting ``rows`` (default all)."""
    X = np.array(list(itertools.product([0.0, 1.0], repeat=model.A.shape[1])))
    A = model.A.toarray() if rows is None else model.A.toarray()[rows]
    lo = model.row_lo if rows is None else model.row_lo[rows]
    hi = model.row_hi if rows is None else model.row_hi[rows]
    act = X @ A.T
    ok = ((act >= lo - 1e-9) & (act <= hi + 1e-9)).all(axis=1)
    return float((X[ok] @ c).max()) if ok.any() else -np.inf


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), n=st.integers(5, 9))
def test_lagrangian_bound_is_valid_and_the_knapsack_is_solved_exactly(seed, n):
    """Fisher (1981): for every multiplier y of the right sign, L(y) >= the optimum; at y = 0 the bound
    is the optimum over the knapsack rows alone (checked by brute force), and the returned maximiser
    attains L(y)."""
    from mkba.portfolio.lagrangian import Knapsacks

    rng = np.random.default_rng(seed)
    V = rng.normal(1.0, 3.0, (6, n))
    model = pf.build_model(ruled_problem(rng, n, V[0]))
    ks = Knapsacks(model)
    assert ks.ok and 1 <= len(ks.blocks) <= 2  # the yearly budgets over two or more measures each
    C = V.copy()
    Y = ks.project(rng.normal(0.0, 2.0, (6, ks.rel.size)))
    Y[0] = 0.0
    LO, HI = np.tile(model.col_lo, (6, 1)), np.tile(model.col_hi, (6, 1))
    L, X = ks.evaluate(C, Y, LO, HI)
    for k in range(6):
        assert L[k] >= model_space_optimum(model, C[k]) - 1e-9
        priced = np.where(Y[k] > 0, Y[k] * ks.hi_s, Y[k] * ks.lo_s).sum()
        np.testing.assert_allclose((C[k] - ks.ART @ Y[k]) @ X[k] + priced, L[k], atol=1e-9)
    blocks = np.array([blk[0] for blk in ks.blocks])
    np.testing.assert_allclose(L[0], model_space_optimum(model, C[0], blocks), atol=1e-9)
    # a fixed column is honoured: x_0 = 1 forced at every node
    LO[:, 0] = 1.0
    L1, X1 = ks.evaluate(C, Y, LO, HI)
    assert (X1[:, 0] == 1.0).all() and (L1 <= L + 1e-9).all()


def test_lagrangian_stage_settles_full_rank_samples_without_a_mip(mips, monkeypatch):
    """Values of full rank (the convexity certificate cannot help): the Lagrangian branch and bound
    proves most optima by itself; every objective equals brute force."""
    rng = np.random.default_rng(11)
    n = 12
    V = rng.normal(1.0, 3.0, (200, n))
    p = ruled_problem(rng, n, V[0])
    best = (feasible_subsets(p).astype(float) @ V.T).max(axis=0)
    r = pf.reoptimise(p, V, solver="highs")
    np.testing.assert_allclose(r.objectives, best, rtol=1e-9, atol=1e-9)
    assert all(not pf.check_feasible(p, row) for row in r.selections)
    with_lagrange = len(mips)
    mips.clear()
    from mkba.portfolio.lagrangian import Knapsacks

    monkeypatch.setattr(Knapsacks, "WORK_MAX", -1)  # the stage off: every block is "too large"
    r2 = pf.reoptimise(p, V, solver="highs")
    np.testing.assert_allclose(r2.objectives, best, rtol=1e-9, atol=1e-9)
    assert with_lagrange < 20 < len(mips)


# -- the exact non-dominated set (RPM over the hull of the vertices) ---------------------------------------

def feasible_values(p: pf.PortfolioProblem, V: np.ndarray, *, extras: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Every feasible subset and its value at each vertex.

    With ``extras`` (ruled_problem's synergy m4 + m5 worth 1.5 and start-year choice of m6) a subset is
    feasible when some start year of m6 fits, and the synergy's value is added.
    """
    X = np.array(list(itertools.product([False, True], repeat=p.n)))
    if extras:
        ok = [any(not pf.check_feasible(p, row, starts={"m6": y}) for y in (0, 1)) for row in X]
    else:
        ok = [not pf.check_feasible(p, row) for row in X]
    X = X[ok]
    P = X.astype(float) @ V.T
    if extras:
        P += 1.5 * (X[:, 4] & X[:, 5])[:, None]
    return X, P


def brute_front(X: np.ndarray, P: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The non-dominated rows by the definition: no other at least as good everywhere and better somewhere."""
    nd = np.array([not any((P[b] >= P[a]).all() and (P[b] > P[a]).any() for b in range(len(X)))
                   for a in range(len(X))])
    return X[nd], P[nd]


def brute_classes(front: np.ndarray, ids) -> dict:
    return {m: "core" if front[:, j].all() else "exterior" if not front[:, j].any() else "borderline"
            for j, m in enumerate(ids)}


def as_set(X: np.ndarray) -> set:
    return {tuple(np.nonzero(row)[0]) for row in X}


def sorted_rows(P: np.ndarray) -> np.ndarray:
    return P[np.lexsort(P.T[::-1])]


def supported(X: np.ndarray, P: np.ndarray) -> set:
    """The portfolios optimal for some weighting on a fine sample of the hull (the supported ones)."""
    s = P.shape[1]
    lam = np.vstack([np.eye(s), np.random.default_rng(0).dirichlet(np.ones(s), 4000)])
    return as_set(X[np.unique(np.argmax(P @ lam.T, axis=0))])


def random_case(seed: int):
    """A small ruled problem (n 5-9) and 2 or 3 vertex value vectors (continuous: no ties)."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(5, 10))
    V = rng.normal(2.0, 4.0, (2 + seed % 2, n))
    kind = seed % 3
    extras = kind == 2 and n >= 7
    p = small_problem(rng, n) if kind == 0 else ruled_problem(rng, n, V[0], extras=extras)
    return p, V, extras


@pytest.mark.slow
def test_nondominated_portfolios_equal_brute_force():
    """Every non-dominated portfolio over the hull, unsupported ones included, and no other: 60 random
    problems (n 5-9, 2 or 3 vertices; total or yearly budgets, an exclusion, a prerequisite, a theme
    minimum, a synergy and a start-year choice), compared with every subset."""
    unsupported = 0
    for seed in range(60):
        p, V, extras = random_case(seed)
        X, P = feasible_values(p, V, extras=extras)
        front, values = brute_front(X, P)
        r = pf.nondominated_portfolios(p, V)
        assert r.complete and r.status == "complete", (seed, r)
        assert as_set(r.selections) == as_set(front), seed
        np.testing.assert_allclose(sorted_rows(r.values), sorted_rows(values), atol=1e-9)
        assert r.classes(p.ids) == brute_classes(front, p.ids)
        np.testing.assert_allclose(r.core_index, front.mean(axis=0))
        model = pf.build_model(p)
        for cols in r.columns:  # each meets the rules, with the start year the model chose
            sel, starts = model.decode(cols)
            assert not pf.check_feasible(p, sel, starts={p.ids[j]: y for j, y in starts.items()})
        unsupported += bool(as_set(front) - supported(X, P))
    assert unsupported >= 25  # (38 of the 60) the portfolios that sampled optima miss are well represented


def test_robustness_classes_and_rpm_core_index_equal_brute_force():
    """portfolio_robustness's classes, front, RPM core index and the optima's non-dominance flags equal
    brute force; the sampled core index stays the share of the sampled optima."""
    for seed in range(0, 60, 4):
        p, V, extras = random_case(seed)
        X, P = feasible_values(p, V, extras=extras)
        front, _ = brute_front(X, P)
        rng = np.random.default_rng(seed)
        samples = rng.dirichlet(np.ones(len(V)), 30) @ V
        rob = pf.portfolio_robustness(p, samples, vertices=V, candidates=X[:3])
        assert rob.nondominated_complete is True and rob.nondominated_status == "complete" and not rob.warnings
        assert rob.classes == brute_classes(front, p.ids), seed
        assert as_set(rob.front) == as_set(front)
        np.testing.assert_allclose(rob.rpm_core_index, front.mean(axis=0))
        np.testing.assert_allclose(rob.core_index, rob.portfolios.T @ rob.frequency)
        assert [tuple(np.nonzero(row)[0]) in as_set(front) for row in rob.portfolios] == list(rob.nondominated)
        d = rob.to_dict()
        assert d["rpm_core_index"] == pytest.approx(dict(zip(p.ids, front.mean(axis=0))))
        assert d["nondominated_complete"] is True and d["nondominated_count"] == len(front)
        assert {tuple(sorted(p.ids.index(m) for m in row)) for row in d["nondominated_portfolios"]} == as_set(front)
        assert {"core_index", "classes", "portfolios", "base_share"} <= set(d)


def many_front_case():
    """A case with many non-dominated portfolios (19)."""
    p, V, extras = random_case(7)
    assert not extras
    return p, V


def test_cap_truncates_and_says_so():
    p, V = many_front_case()
    X, P = feasible_values(p, V)
    front, _ = brute_front(X, P)
    assert len(front) > 2
    r = pf.nondominated_portfolios(p, V, cap=2)
    assert not r.complete and r.status == "cap" and len(r) == 2 and "cap of 2" in r.message
    assert as_set(r.selections) <= as_set(front)  # what was found is non-dominated
    exact = pf.nondominated_portfolios(p, V, cap=len(front))  # a cap equal to the size: proven complete
    assert exact.complete and len(exact) == len(front)
    rob = pf.portfolio_robustness(p, V, vertices=V, nondominated_cap=2)
    assert rob.nondominated_complete is False and rob.nondominated_status == "cap"
    assert rob.warnings and "lower bound" in rob.warnings[0] and "lower bound" in rob.message
    assert as_set(rob.front) == as_set(r.selections)
    d = rob.to_dict()
    assert d["nondominated_complete"] is False and d["warnings"] == list(rob.warnings)
    # a lower bound: borderline is certain, core and exterior may be borderline
    truth = brute_classes(front, p.ids)
    assert all(truth[m] == "borderline" for m, c in rob.classes.items() if c == "borderline")
    assert any(truth[m] != c for m, c in rob.classes.items())


def test_time_limit_truncates_and_says_so():
    p, V = many_front_case()
    r = pf.nondominated_portfolios(p, V, time_limit=0.0)
    assert not r.complete and r.status == "time_limit" and len(r) == 0 and "time limit" in r.message
    rob = pf.portfolio_robustness(p, V, vertices=V, nondominated_time_limit=0.0)
    assert rob.nondominated_complete is False and rob.nondominated_status == "time_limit"
    assert rob.warnings and "could not be enumerated" in rob.warnings[0]
    assert rob.classes and len(rob.front) >= 1  # the sampled optima stand in, with the warning


def test_equivalent_portfolios_are_listed_once():
    # a and b are twins (same value at every vertex, same cost): {a, c} and {b, c} are equivalent
    p = pf.PortfolioProblem.from_arrays([1.0] * 4, [2.0, 2.0, 2.0, 3.0], 4.0, ids=list("abcd"), objective="npv")
    V = np.array([[3.0, 3.0, 2.0, 4.0], [1.0, 1.0, 3.0, 2.0]])
    X, P = feasible_values(p, V)
    front, values = brute_front(X, P)
    assert as_set(front) == {(0, 2), (1, 2), (0, 1)}
    r = pf.nondominated_portfolios(p, V)
    assert r.complete and len(r) == 2  # one of {a, c}, {b, c}, and {a, b}
    np.testing.assert_allclose(sorted_rows(r.values), sorted_rows(np.unique(values, axis=0)))
    # portfolio_robustness adds a known equivalent (here the candidate) to the front
    missing = np.array([[row not in as_set(r.selections) for row in [(0, 2), (1, 2)]]])
    twin = np.array([[True, False, True, False]]) if missing[0, 0] else np.array([[False, True, True, False]])
    rob = pf.portfolio_robustness(p, V, vertices=V, candidates=twin)
    assert as_set(rob.front) == as_set(front)
    assert rob.classes == brute_classes(front, p.ids)


def test_one_weighting_or_equal_vertices_give_the_optimum():
    rng = np.random.default_rng(5)
    p = small_problem(rng, 8)
    v = rng.normal(2.0, 4.0, 8)
    X, P = feasible_values(p, v[None, :])
    for V in (v[None, :], np.vstack([v, v, v])):
        r = pf.nondominated_portfolios(p, V)
        assert r.complete and len(r) == 1 and r.solves == 2
        assert r.values[0, 0] == pytest.approx(P.max())


@pytest.mark.slow
def test_nondominated_with_cbc_equals_highs():
    for seed in (3, 7, 11):
        p, V, _ = random_case(seed)
        a = pf.nondominated_portfolios(p, V, solver="highs")
        b = pf.nondominated_portfolios(p, V, solver="cbc")
        assert a.complete and b.complete and a.solver == "highs" and b.solver == "cbc"
        assert as_set(a.selections) == as_set(b.selections)


def test_infeasible_rules_and_bad_vertex_values():
    p = pf.PortfolioProblem.from_arrays([1.0, 2.0], [5.0, 5.0], 4.0, ids=["a", "b"], mandatory=["a"], objective="npv")
    r = pf.nondominated_portfolios(p, np.ones((2, 2)))
    assert r.complete and r.status == "infeasible" and len(r) == 0
    with pytest.raises(MethodError, match="shape"):
        pf.nondominated_portfolios(p, np.ones((2, 3)))
    with pytest.raises(MethodError, match="finite"):
        pf.nondominated_portfolios(p, np.array([[1.0, np.inf]]))
    with pytest.raises(MethodError, match="cap"):
        pf.nondominated_portfolios(p, np.ones((2, 2)), cap=0)
