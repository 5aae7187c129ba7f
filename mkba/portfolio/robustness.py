"""How firm is the portfolio: core indices over sampled weightings, and the non-dominated portfolios.

Given K sampled value vectors (one per weighting, and per draw of the uncertain effects) the
best portfolio is re-optimised for each on **one** model: only the objective changes, and the
previous optimum (feasible, since the rules and budgets do not change) is offered as the first
incumbent. Then

* the **core index** of a measure is the share of samples whose optimum contains it (Liesiö,
  Mild & Salo 2007, EJOR 181(3):1488-1505 define it over the non-dominated portfolios; here it
  is over the sampled optima, as in Monte Carlo portfolio analysis, Lahdelma & Salminen 2001's
  acceptability idea applied to portfolios), with its Monte Carlo standard error
  :math:`\\sqrt{p(1-p)/K}`;
* the **non-dominated** portfolios: among the distinct optima found (and any extra candidates,
  e.g. the stakeholders' own optima), those that no other candidate beats for every weighting in
  the convex hull of the ``vertices`` (the parties' weight vectors). A portfolio's value is linear
  in the weights, so checking the hull's vertices is exact (Liesiö et al. 2007, Theorem 1). A
  measure in every non-dominated portfolio is **core**, in none **exterior**, else **borderline**
  (RPM's classification, restricted to the candidates found).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from ..errors import MethodError
from .formulation import build_model
from .problem import PortfolioProblem

__all__ = ["Robustness", "Reoptimised", "portfolio_robustness", "reoptimise", "non_dominated"]


@dataclass(frozen=True, eq=False)
class Robustness:
    """Core indices and the distinct optimal portfolios over K sampled value vectors.

    ``portfolios`` (u, n) bool are the distinct optima, most frequent first, with ``frequency``
    (u,) shares; ``nondominated`` (u,) marks those not dominated over the vertices' hull (all
    True without vertices); ``classes`` maps a measure to ``"core"``, ``"borderline"`` or
    ``"exterior"``; ``base_share`` is the share of samples whose optimum is the base portfolio.
    """

    ids: tuple[str, ...]
    n_samples: int
    core_index: np.ndarray
    mc_error: np.ndarray
    portfolios: np.ndarray
    frequency: np.ndarray
    nondominated: np.ndarray
    classes: dict
    base_share: float
    solver: str
    seconds: float
    status: str = "optimal"
    message: str = ""

    def __repr__(self) -> str:
        return (f"Robustness({self.n_samples} samples, {len(self.frequency)} distinct optima, "
                f"base portfolio in {self.base_share:.0%})")

    def to_dict(self) -> dict:
        f = lambda v: float(v) if math.isfinite(v) else None  # noqa: E731
        return {
            "n_samples": self.n_samples, "solver": self.solver, "status": self.status, "message": self.message,
            "core_index": {m: f(v) for m, v in zip(self.ids, self.core_index)},
            "core_index_mc_error": {m: f(v) for m, v in zip(self.ids, self.mc_error)},
            "base_share": f(self.base_share),
            "portfolios": [{"selected": [m for m, s in zip(self.ids, row) if s], "share": f(q),
                            "nondominated": bool(nd)}
                           for row, q, nd in zip(self.portfolios, self.frequency, self.nondominated)],
            "classes": dict(self.classes),
        }


def non_dominated(selections: Any, vertices: Any, *, rtol: float = 1e-9) -> np.ndarray:
    """Which portfolios no other beats at every vertex (weakly everywhere, strictly somewhere).

    ``selections`` (u, n) bool; ``vertices`` (s, n) the value of each measure at each vertex of
    the weight hull. Values are compared with a relative tolerance ``rtol``.
    """
    X = np.asarray(selections, bool)
    V = np.asarray(vertices, float)
    if X.ndim != 2 or V.ndim != 2 or V.shape[1] != X.shape[1]:
        raise MethodError(f"selections (u, n) and vertices (s, n) must share n; got {X.shape} and {V.shape}")
    P = X.astype(float) @ V.T  # (u, s): value of each portfolio at each vertex
    tol = rtol * max(1.0, float(np.abs(P).max(initial=0.0)))
    geq = (P[:, None, :] >= P[None, :, :] - tol).all(axis=2)  # geq[a, b]: a at least as good as b everywhere
    gt = (P[:, None, :] > P[None, :, :] + tol).any(axis=2)
    dominated = (geq & gt).any(axis=0)
    return ~dominated


@dataclass(frozen=True, eq=False)
class Reoptimised:
    """The optimum for each of K value vectors: ``selections`` (K, n), ``objectives`` (K,), statuses."""

    selections: np.ndarray
    objectives: np.ndarray
    statuses: tuple[str, ...]
    solver: str
    message: str = ""

    @property
    def ok(self) -> bool:
        return bool(self.statuses) and all(s in ("optimal", "time_limit") for s in self.statuses)


def reoptimise(problem: PortfolioProblem, values: Any, *, solver: str | None = None, gap: float = 1e-6,
               time_limit: float | None = None, start: Any = None) -> Reoptimised:
    """The optimal portfolio for each row of ``values`` (K, n), on one model: only the objective changes.

    With HiGHS one solver instance is kept and each optimum is offered as the next start (the
    rules and budgets do not change, so it stays feasible); with CBC each row is a new solve,
    without a start (CBC 2.10 with a MIP start and probing returned a worse portfolio as
    "optimal" on a 9-measure instance; tests/portfolio/test_portfolio_robustness.py).
    Stops at the first row without a solution (its status and message are kept).
    """
    from .solve import HighsSession, _check_solver, solve_cbc

    V = np.asarray(values, float)
    if V.ndim != 2 or V.shape[1] != problem.n:
        raise MethodError(f"values must have shape (samples, {problem.n}); got {V.shape}")
    if not np.isfinite(V).all():
        raise MethodError("values must be finite")
    name = _check_solver(solver)
    model = build_model(problem)
    if (model.col_lo > model.col_hi).any():
        return Reoptimised(np.zeros((0, problem.n), bool), np.zeros(0), ("infeasible",), name, "contradictory bounds")
    session = HighsSession(model, gap=gap, time_limit=time_limit) if name == "highs" else None
    x_prev = None if start is None else np.asarray(start, float)
    chosen = np.zeros((V.shape[0], problem.n), bool)
    objectives = np.full(V.shape[0], np.nan)
    statuses: list[str] = []
    for k in range(V.shape[0]):
        c = model.c.copy()
        c[: problem.n] = V[k]
        if session is not None:
            session.set_costs(c)
            if x_prev is not None:
                session.set_start(x_prev)
            raw = session.solve()
        else:  # no MIP start for CBC: with one, CBC 2.10 can report a worse portfolio as optimal
            raw = solve_cbc(replace(model, c=c), gap=gap, time_limit=time_limit)
        statuses.append(raw.status)
        if raw.x is None:
            return Reoptimised(chosen[:k], objectives[:k], tuple(statuses), name,
                               raw.message or f"sample {k}: {raw.status}")
        chosen[k] = model.decode(raw.x)[0]
        objectives[k] = raw.objective
        x_prev = raw.x
    return Reoptimised(chosen, objectives, tuple(statuses), name)


def portfolio_robustness(problem: PortfolioProblem, values: Any, *, vertices: Any = None,
                         candidates: Any = None, base: Any = None, solver: str | None = None, gap: float = 1e-6,
                         time_limit: float | None = None) -> Robustness:
    """Re-optimise the portfolio for each sampled value vector and summarise how firm it is.

    Parameters
    ----------
    problem : the rules and budgets (its own values are the base objective).
    values : (K, n) additive value of each measure in each sample.
    vertices : (s, n) values at the vertices of the weight hull (e.g. one row per stakeholder),
        for the non-dominance check; None: every distinct optimum counts as non-dominated.
    candidates : (c, n) bool extra portfolios to include in the non-dominance check (they do not
        count in the core index or the frequencies).
    base : (n,) bool the base portfolio, for ``base_share`` (default: the optimum of ``problem``).
    solver, gap, time_limit : as :func:`mkba.portfolio.select` (time limit per sample).
    """
    t0 = time.perf_counter()
    V = np.asarray(values, float)
    if V.ndim != 2 or V.shape[0] < 1:
        raise MethodError(f"values must have shape (samples, {problem.n}); got {V.shape}")
    first = reoptimise(problem, problem.values[None, :], solver=solver, gap=gap, time_limit=time_limit)
    if not first.ok:
        return _failed(problem, V.shape[0], first.solver, t0, first.statuses[-1], first.message)
    base_mask = first.selections[0] if base is None else np.asarray(base, bool)
    runs = reoptimise(problem, V, solver=first.solver, gap=gap, time_limit=time_limit)
    if not runs.ok or len(runs.objectives) < V.shape[0]:
        return _failed(problem, V.shape[0], runs.solver, t0, runs.statuses[-1], runs.message)
    chosen = runs.selections
    worst = "optimal" if all(s == "optimal" for s in runs.statuses) else "time_limit"
    K = V.shape[0]
    core = chosen.mean(axis=0)
    unique, counts = np.unique(chosen, axis=0, return_counts=True)
    order = np.lexsort((*(~unique.T[::-1]), -counts))  # most frequent first; ties in a fixed order
    unique, freq = unique[order], counts[order] / K
    if vertices is not None:
        extra = np.zeros((0, problem.n), bool) if candidates is None else np.asarray(candidates, bool)
        pool = np.vstack([unique, extra])
        nd_pool = non_dominated(pool, vertices)
        nd, front = nd_pool[: len(unique)], pool[nd_pool]
    else:
        nd, front = np.ones(len(unique), bool), unique
    classes = {m: ("core" if front[:, j].all() else "exterior" if not front[:, j].any() else "borderline")
               for j, m in enumerate(problem.ids)}
    base_share = float((chosen == base_mask[None, :]).all(axis=1).mean())
    return Robustness(problem.ids, K, core, np.sqrt(core * (1 - core) / K), unique, freq, nd, classes, base_share,
                      runs.solver, time.perf_counter() - t0, worst,
                      "" if worst == "optimal" else "some samples have no proven optimum (time limit)")


def _failed(problem: PortfolioProblem, K: int, solver: str, t0: float, status: str, message: str) -> Robustness:
    nan = np.full(problem.n, np.nan)
    return Robustness(problem.ids, K, nan, nan, np.zeros((0, problem.n), bool), np.zeros(0), np.zeros(0, bool), {},
                      math.nan, solver, time.perf_counter() - t0, status if status != "optimal" else "error", message)
