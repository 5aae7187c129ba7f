"""Every non-dominated portfolio over the hull of the parties' weightings, enumerated exactly on the model.

Robust Portfolio Modelling (Liesiö, Mild & Salo 2007, EJOR 181(3):1488-1505) classifies the
measures over the portfolios that no other feasible portfolio beats for every weighting in the
convex hull of the ``vertices`` (the parties' weight vectors; :mod:`mkba.portfolio.dominance`).
:func:`nondominated_portfolios` finds all of them, the unsupported ones too (those optimal for
no single weighting), not only among optima found by sampling: a sequence of MIPs on one model,
each maximising a positive combination of the vertex values subject to "better than every
portfolio found so far at some vertex", until the model is infeasible (method and proof in its
docstring). When it stops at its cap or time limit the result says so (``complete=False``):
every portfolio listed is non-dominated, but there may be more.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from scipy import sparse

from ..errors import MethodError
from .backends import HighsSession, check_solver, solve_cbc
from .dominance import rpm_classes, rpm_core_index
from .evaluate import is_feasible
from .formulation import LinearModel, build_model
from .problem import PortfolioProblem
from .select import CORE_OPTIONS

__all__ = ["NonDominated", "nondominated_portfolios", "objective_rows", "ND_CAP", "ND_TIME_LIMIT"]

#: Default cap on the number of non-dominated portfolios :func:`nondominated_portfolios` enumerates.
ND_CAP = 2000
#: Default time limit (seconds, wall clock) of one enumeration (:func:`nondominated_portfolios`,
#: :func:`~mkba.portfolio.robustness.portfolio_robustness`): kraaihoek's 15 portfolios take about 2 s.
ND_TIME_LIMIT = 15.0


@dataclass(frozen=True, eq=False)
class NonDominated:
    """The non-dominated portfolios over the hull of p vertex weightings (:func:`nondominated_portfolios`).

    ``selections`` (f, n) bool, ``columns`` (f, N) the model's column vectors (start years,
    synergy columns), ``values`` (f, p) the value of each at each vertex, in the order found
    (decreasing sum of the scaled vertex values). ``complete`` is True when the enumeration
    proved that every other feasible portfolio is dominated or equivalent (equal in value at every
    vertex, within ``tol``) to one listed; ``status`` is ``"complete"``, ``"infeasible"`` (no
    portfolio meets the rules; complete and empty), ``"cap"``, ``"time_limit"`` or ``"error"``
    (those three incomplete: every portfolio listed is non-dominated, but there may be more).
    """

    selections: np.ndarray
    columns: np.ndarray
    values: np.ndarray
    complete: bool
    status: str
    message: str
    solves: int
    seconds: float
    solver: str
    tol: float

    def __len__(self) -> int:
        return len(self.selections)

    def __repr__(self) -> str:
        return (f"NonDominated({len(self)} portfolios, {self.status}, {self.solves} solves, "
                f"{self.seconds:.2f} s)")

    @property
    def core_index(self) -> np.ndarray:
        """RPM core index: the share of the non-dominated portfolios containing each measure (NaN when none)."""
        return rpm_core_index(self.selections)

    def classes(self, ids: Any) -> dict:
        """``core`` (in every non-dominated portfolio), ``exterior`` (in none), else ``borderline``."""
        return rpm_classes(self.selections, ids)


def objective_rows(model: LinearModel, vertex_values: np.ndarray) -> np.ndarray:
    """(p, N) objectives: the model's own with :math:`c_{0..n-1}` = each vertex's values.

    As :func:`~mkba.portfolio.reoptimise.reoptimise` values a sample: start-year option and
    synergy columns keep the model's coefficients.
    """
    C = np.tile(np.asarray(model.c, float), (vertex_values.shape[0], 1))
    C[:, : model.n] = vertex_values
    return C


def _value_range(model: LinearModel, C: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper bounds on :math:`c_k^T x` over the model: its LP relaxation, else the column box."""
    lo_box = np.minimum(C * model.col_lo, C * model.col_hi).sum(axis=1)
    hi_box = np.maximum(C * model.col_lo, C * model.col_hi).sum(axis=1)
    lo, hi = lo_box.copy(), hi_box.copy()
    try:
        lp = HighsSession(replace(model, integer=np.zeros_like(model.integer)))
    except MethodError:  # pragma: no cover - highspy is a dependency; the box is still valid
        return lo, hi
    for k in range(C.shape[0]):
        for sign in (1.0, -1.0):
            lp.set_costs(sign * C[k])
            raw = lp.solve()
            if raw.status == "optimal" and math.isfinite(raw.objective):
                # the LP optimum, loosened by the solver's tolerances (never tighter than the box)
                v = sign * raw.objective
                slack = 1e-7 * float(np.abs(C[k]).sum()) + 1e-9
                if sign > 0:
                    hi[k] = min(hi_box[k], v + slack)
                else:
                    lo[k] = max(lo_box[k], v - slack)
    return lo, hi


def nondominated_portfolios(problem: PortfolioProblem, vertex_values: Any, *, solver: str | None = None,
                            cap: int = ND_CAP, time_limit: float | None = ND_TIME_LIMIT, gap: float = 0.0,
                            tol: float = 1e-6) -> NonDominated:
    r"""Every non-dominated portfolio over the convex hull of p vertex weightings, exactly, on one model.

    ``vertex_values`` (p, n): each measure's value at each vertex (e.g. one row per stakeholder),
    in the anchored-values convention of :func:`~mkba.portfolio.reoptimise.reoptimise`: the objective at vertex k is the
    model's own (:func:`~mkba.portfolio.formulation.build_model`) with :math:`c_{0..n-1}` = row k,
    so start-year option and synergy columns keep the model's coefficients. A portfolio is
    *dominated* when another is at least as good at every vertex and better at one; over the hull
    that is the same as for every weighting in it (values are linear in the weights; Liesiö, Mild
    & Salo 2007, EJOR 181:1488-1505, Theorem 1).

    Method (sequential, exact). With :math:`V_k x` the value at vertex k scaled by the range
    :math:`[L_k, U_k]` of :math:`c_k^T x` over the model's LP relaxation, repeat: maximise
    :math:`\sum_k V_k x` (a strictly positive combination of the vertices) subject to the model's
    rules and, for every portfolio y found so far, "x is better than y at some vertex": binaries
    :math:`z_{y,k}` with :math:`\sum_k z_{y,k} \ge 1` and
    :math:`V_k x \ge V_k y + \delta - M_{y,k} (1 - z_{y,k})`, :math:`M_{y,k} = V_k y + \delta - L_k`
    (so :math:`z_{y,k} = 0` leaves :math:`V_k x \ge L_k`, always true; a vertex where nothing can
    beat y by :math:`\delta`, :math:`V_k y + \delta > U_k`, gets no binary). The optimum x is
    non-dominated: a portfolio x' that dominated it would not be weakly dominated by any y found
    either (y would dominate x, by transitivity), so x' is feasible with a larger sum. The sums
    found never increase, so :math:`\sum_k V_k x \le` the previous solve's bound is added as a
    valid cut (it prunes the search). Stop when the model is infeasible: every feasible portfolio
    is then dominated by, or equivalent to, one found.

    :math:`\delta` = ``tol`` (in units of the range :math:`U_k - L_k`): "better" means better by at
    least that. Portfolios **equal in value at every vertex** (within :math:`\delta`) to one found
    are excluded and not listed: they are equivalent for every weighting in the hull (a class
    computed from the list is exact up to such ties, which need exactly equal values). A vertex at
    which every portfolio has the same value (:math:`U_k = L_k`) cannot tell portfolios apart and
    is left out.

    Each solve is exact (``gap`` = 0, the relative MIP gap, and an absolute gap below
    :math:`\delta/10`); a ``gap`` > 0 is faster but a portfolio listed may then be dominated. Each
    solution is checked (rules, and better than every earlier one by :math:`\delta/2` somewhere)
    before it is listed. Stops at ``cap`` portfolios (after one more solve to see whether the list
    is already complete) or after ``time_limit`` seconds of wall clock (None: no limit) with
    ``complete=False``; what was found is returned, every portfolio of it non-dominated.

    ``solver``: ``"highs"`` (default when highspy imports) keeps one HiGHS instance and appends the
    rows and columns of each new portfolio; ``"cbc"`` solves the grown model afresh each time.
    """
    t0 = time.perf_counter()
    V = np.asarray(vertex_values, float)
    if V.ndim == 1:
        V = V[None, :]
    if V.ndim != 2 or V.shape[0] < 1 or V.shape[1] != problem.n:
        raise MethodError(f"vertex values must have shape (vertices, {problem.n}); got {V.shape}")
    if not np.isfinite(V).all():
        raise MethodError("vertex values must be finite")
    if int(cap) < 1:
        raise MethodError(f"cap must be at least 1; got {cap}")
    if not (0.0 < float(tol) < 0.1):
        raise MethodError(f"tol must be in (0, 0.1); got {tol}")
    if gap < 0:
        raise MethodError(f"gap must be >= 0; got {gap}")
    cap, tol = int(cap), float(tol)
    name = check_solver(solver)
    model = build_model(problem)
    n, N, p = problem.n, model.A.shape[1], V.shape[0]
    found: list[np.ndarray] = []
    solves = 0

    def result(status: str, message: str = "") -> NonDominated:
        X = np.array(found, float).reshape(len(found), N)
        vals = X @ C.T if len(found) else np.zeros((0, p))
        return NonDominated(X[:, :n] > 0.5, X, vals, status in ("complete", "infeasible"), status, message,
                            solves, time.perf_counter() - t0, name, tol)

    C = objective_rows(model, V)
    if (model.col_lo > model.col_hi).any():
        return result("infeasible", "contradictory bounds")
    L, U = _value_range(model, C)
    span = U - L
    # a vertex whose values hardly vary over the model (relative to their size) cannot tell portfolios apart
    size = np.abs(C).sum(axis=1)
    live = (size > 0) & (span > 1e-6 * size)
    S = np.where(live, span, 1.0)
    Cs, Ls, Us = C / S[:, None], L / S, U / S  # scaled: each live vertex's values span about [0, 1]
    w = Cs[live].sum(axis=0)
    cut_idx = np.nonzero(w)[0].astype(np.int32)
    F = np.zeros((0, p))  # scaled values of the portfolios found
    # rows and columns appended to the model: CSR pieces (the first row is the objective cut)
    add_indptr, add_idx, add_val = [0, cut_idx.size], [cut_idx], [w[cut_idx]]
    add_lo, add_hi = [-math.inf], [math.inf]
    n_z = 0
    session = None
    if name == "highs":
        session = HighsSession(model, gap=gap, time_limit=None, options=CORE_OPTIONS)  # (measured 1.7x faster)
        h = session.h
        h.setOptionValue("mip_abs_gap", min(tol / 10, 1e-9))  # (a larger one makes HighsSession re-solve
        # an "optimal" whose relative gap looks large next to a small objective)
        h.setOptionValue("mip_feasibility_tolerance", min(1e-7, tol / 100))
        session.set_costs(w)
        h.addRow(-math.inf, math.inf, cut_idx.size, cut_idx, w[cut_idx])
        cut_row = h.getNumRow() - 1

    def grown() -> LinearModel:
        """The model with the appended rows and binaries (for CBC)."""
        rows = sparse.csr_matrix((np.concatenate(add_val), np.concatenate(add_idx), np.asarray(add_indptr)),
                                 shape=(len(add_lo), N + n_z))
        A = sparse.vstack([sparse.hstack([model.A, sparse.csr_matrix((model.A.shape[0], n_z))]), rows]).tocsr()
        return replace(model, c=np.concatenate([w, np.zeros(n_z)]), A=A,
                       row_lo=np.concatenate([model.row_lo, add_lo]), row_hi=np.concatenate([model.row_hi, add_hi]),
                       col_lo=np.concatenate([model.col_lo, np.zeros(n_z)]),
                       col_hi=np.concatenate([model.col_hi, np.ones(n_z)]),
                       integer=np.concatenate([model.integer, np.ones(n_z, bool)]),
                       row_names=model.row_names + tuple(f"nd{i}" for i in range(len(add_lo))),
                       col_names=model.col_names + tuple(f"z{i}" for i in range(n_z)))

    while True:
        remaining = None if time_limit is None else time_limit - (time.perf_counter() - t0)
        if remaining is not None and remaining <= 0:
            return result("time_limit", f"time limit of {time_limit:g} s reached after {len(found)} non-dominated "
                                        "portfolio(s); there may be more")
        if session is not None:
            # each run() gets its own time limit (measured on highspy 1.7.2, 1.10.0 and 1.15.1; its
            # getRunTime() is the sum over the runs, so it is no base for the limit)
            session.h.setOptionValue("time_limit", float(remaining) if remaining is not None else math.inf)
            raw = session.solve()
        else:
            raw = solve_cbc(grown(), gap=gap, time_limit=remaining)
        solves += 1
        if raw.status == "infeasible":
            return result("complete" if found else "infeasible",
                          "" if found else (raw.message or "no portfolio satisfies every rule"))
        if raw.status == "time_limit":
            return result("time_limit", f"time limit of {time_limit:g} s reached after {len(found)} non-dominated "
                                        "portfolio(s); there may be more")
        if raw.status != "optimal" or raw.x is None:
            return result("error", raw.message or f"solver status {raw.status}")
        if len(found) >= cap:
            return result("cap", f"stopped at the cap of {cap} non-dominated portfolios; there are more")
        xi = np.asarray(raw.x, float)[:N]
        xi = np.where(model.integer, np.round(xi), xi)
        x = model.encode(problem, *model.decode(xi))  # canonical: y = x_a x_b on the synergy columns
        ok = is_feasible(model, x)
        if not ok:
            x = xi
            ok = is_feasible(model, x)
        vx = Cs @ x
        better = (vx[None, live] - F[:, live]).max(axis=1, initial=-math.inf) >= tol / 2
        if not ok or not better.all():
            return result("error", "the solver returned a portfolio that fails the check (numerical trouble); "
                                   f"stopped after {len(found)} non-dominated portfolio(s)")
        found.append(x)
        F = np.vstack([F, vx[None, :]])
        # the objective cut: later sums are at most this solve's bound
        bound = raw.bound if math.isfinite(raw.bound) else raw.objective
        top = max(bound, raw.objective) + tol / 10
        add_lo[0], add_hi[0] = -math.inf, top
        # "better than x at some vertex": one binary per vertex where that is possible
        ks = np.nonzero(live & (vx + tol <= Us + 1e-12))[0]
        if ks.size == 0:  # nothing beats x anywhere: every other portfolio is dominated by it or equivalent
            return result("complete")
        q = ks.size
        z = N + n_z + np.arange(q)
        idx, val, lo = [], [], []
        for i, k in enumerate(ks):
            nz = np.nonzero(Cs[k])[0]
            idx.append(np.concatenate([nz, [z[i]]]))
            val.append(np.concatenate([Cs[k, nz], [-(vx[k] + tol - Ls[k])]]))
            lo.append(Ls[k])
        idx.append(z)
        val.append(np.ones(q))
        lo.append(1.0)
        for a, b in zip(idx, val):
            add_indptr.append(add_indptr[-1] + a.size)
            add_idx.append(a)
            add_val.append(b)
        add_lo.extend(lo)
        add_hi.extend([math.inf] * (q + 1))
        n_z += q
        if session is not None:
            h = session.h
            h.changeRowBounds(cut_row, -math.inf, top)
            h.addCols(q, np.zeros(q), np.zeros(q), np.ones(q), 0, np.zeros(q, np.int32), np.zeros(0, np.int32),
                      np.zeros(0))
            h.changeColsIntegrality(q, z.astype(np.int32), np.ones(q, np.uint8))
            starts = np.cumsum([0] + [a.size for a in idx[:-1]]).astype(np.int32)
            h.addRows(q + 1, np.asarray(lo, float), np.full(q + 1, math.inf), int(sum(a.size for a in idx)), starts,
                      np.concatenate(idx).astype(np.int32), np.concatenate(val).astype(float))
            session.model = replace(session.model, c=np.concatenate([session.model.c, np.zeros(q)]),
                                    integer=np.concatenate([session.model.integer, np.ones(q, bool)]))
