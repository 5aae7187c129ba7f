"""How firm is the portfolio: core indices over sampled weightings, and the non-dominated portfolios.

Given K sampled value vectors (one per weighting, and per draw of the uncertain effects) the
best portfolio is re-optimised for each on **one** model: only the objective changes. Every
optimum found so far stays feasible (the rules and budgets do not change), so the best of them
under the new values is the incumbent; a relaxation bound (the LP relaxation of the same model,
a Lagrangian relaxation over the yearly budget knapsacks for all samples at once, or the convexity
of the optimum in the values over the samples already solved) proves it optimal when it is, and
otherwise LP reduced-cost fixing leaves a small MIP around it (:func:`reoptimise`). Then

* the **core index** of a measure is the share of samples whose optimum contains it (Liesiö,
  Mild & Salo 2007, EJOR 181(3):1488-1505 define it over the non-dominated portfolios; here it
  is over the sampled optima, as in Monte Carlo portfolio analysis, Lahdelma & Salminen 2001's
  acceptability idea applied to portfolios), with its Monte Carlo standard error
  :math:`\\sqrt{p(1-p)/K}`;
* the **non-dominated** portfolios over the convex hull of the ``vertices`` (the parties' weight
  vectors): those that no other feasible portfolio beats for every weighting in the hull. A
  portfolio's value is linear in the weights, so checking the hull's vertices is exact (Liesiö et
  al. 2007, Theorem 1). They are enumerated exactly on the model by :func:`nondominated_portfolios`
  (all of them, the unsupported ones too: those optimal for no single weighting), not only among
  the optima found. A measure in every non-dominated portfolio is **core**, in none **exterior**,
  else **borderline** (RPM's classification), and its **RPM core index** is the share of the
  non-dominated portfolios that contain it (Liesiö et al. 2007, section 4). When the enumeration
  stops at its cap or time limit the classes are over the portfolios found and say so (a warning
  in the result): "borderline" is then certain, "core" and "exterior" are not.
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

__all__ = ["Robustness", "Reoptimised", "NonDominated", "portfolio_robustness", "reoptimise", "non_dominated",
           "nondominated_portfolios"]


@dataclass(frozen=True, eq=False)
class Robustness:
    """Core indices and the distinct optimal portfolios over K sampled value vectors.

    ``portfolios`` (u, n) bool are the distinct optima, most frequent first, with ``frequency``
    (u,) shares; ``nondominated`` (u,) marks those not dominated over the vertices' hull (all
    True without vertices); ``classes`` maps a measure to ``"core"``, ``"borderline"`` or
    ``"exterior"``; ``base_share`` is the share of samples whose optimum is the base portfolio.

    With vertices: ``front`` (f, n) bool the non-dominated portfolios the classes are over (from
    :func:`nondominated_portfolios`, distinct selections), ``rpm_core_index`` (n,) the share of
    them containing each measure, ``nondominated_complete`` whether the enumeration proved the set
    complete (False: stopped at its cap or time limit; the classes are then a lower bound, see
    ``warnings``), ``nondominated_status`` its status. Without vertices these are None / "".
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
    front: np.ndarray | None = None
    rpm_core_index: np.ndarray | None = None
    nondominated_complete: bool | None = None
    nondominated_status: str = ""
    nondominated_seconds: float = 0.0
    warnings: tuple[str, ...] = ()

    def __repr__(self) -> str:
        nd = "" if self.front is None else (f", {len(self.front)} non-dominated portfolios"
                                           + ("" if self.nondominated_complete else " (incomplete)"))
        return (f"Robustness({self.n_samples} samples, {len(self.frequency)} distinct optima, "
                f"base portfolio in {self.base_share:.0%}{nd})")

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
            "rpm_core_index": (None if self.rpm_core_index is None
                               else {m: f(v) for m, v in zip(self.ids, self.rpm_core_index)}),
            "nondominated_complete": self.nondominated_complete,
            "nondominated_status": self.nondominated_status or None,
            "nondominated_count": None if self.front is None else int(len(self.front)),
            "nondominated_portfolios": (None if self.front is None else
                                        [[m for m, s in zip(self.ids, row) if s] for row in self.front]),
            "warnings": list(self.warnings),
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
    return _undominated(X.astype(float) @ V.T, rtol=rtol)  # (u, s): value of each portfolio at each vertex


def _undominated(P: np.ndarray, *, rtol: float = 1e-9) -> np.ndarray:
    """Which rows of ``P`` (u, s) no other row beats (weakly everywhere, strictly somewhere)."""
    P = np.asarray(P, float)
    tol = rtol * max(1.0, float(np.abs(P).max(initial=0.0)))
    dominated = np.zeros(len(P), bool)
    for a in range(0, len(P), 256):  # blocks of rows: (256, u, s) at most
        Q = P[a:a + 256]
        geq = (Q[:, None, :] >= P[None, :, :] - tol).all(axis=2)  # geq[b, a]: row b at least as good as a
        gt = (Q[:, None, :] > P[None, :, :] + tol).any(axis=2)
        dominated |= (geq & gt).any(axis=0)
    return ~dominated


#: Default cap on the number of non-dominated portfolios :func:`nondominated_portfolios` enumerates.
ND_CAP = 2000
#: Default time limit (seconds, wall clock) of one enumeration (:func:`nondominated_portfolios`,
#: :func:`portfolio_robustness`): kraaihoek's 15 portfolios take about 2 s.
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
        return _core_index(self.selections)

    def classes(self, ids: Any) -> dict:
        """``core`` (in every non-dominated portfolio), ``exterior`` (in none), else ``borderline``."""
        return _classes(self.selections, ids)


def _core_index(front: np.ndarray) -> np.ndarray:
    """RPM core index of the (portfolios, n) non-dominated selections: each measure's share (NaN when none)."""
    if not len(front):
        return np.full(front.shape[1], np.nan)
    return front.mean(axis=0)


def _classes(front: np.ndarray, ids: Any) -> dict:
    return {m: ("core" if front[:, j].all() else "exterior" if not front[:, j].any() else "borderline")
            for j, m in enumerate(ids)}


def _objective_rows(model: Any, vertex_values: np.ndarray) -> np.ndarray:
    """(p, N) objectives: the model's own with :math:`c_{0..n-1}` = each vertex's values (as :func:`reoptimise`)."""
    C = np.tile(np.asarray(model.c, float), (vertex_values.shape[0], 1))
    C[:, : model.n] = vertex_values
    return C


def _value_range(model: Any, C: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper bounds on :math:`c_k^T x` over the model: its LP relaxation, else the column box."""
    lo_box = np.minimum(C * model.col_lo, C * model.col_hi).sum(axis=1)
    hi_box = np.maximum(C * model.col_lo, C * model.col_hi).sum(axis=1)
    lo, hi = lo_box.copy(), hi_box.copy()
    try:
        from .solve import HighsSession

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
    in the anchored-values convention of :func:`reoptimise`: the objective at vertex k is the
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
    from scipy import sparse

    from .solve import CORE_OPTIONS, HighsSession, _check_solver, is_feasible, solve_cbc

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
    name = _check_solver(solver)
    model = build_model(problem)
    n, N, p = problem.n, model.A.shape[1], V.shape[0]
    found: list[np.ndarray] = []
    solves = 0

    def result(status: str, message: str = "") -> NonDominated:
        X = np.array(found, float).reshape(len(found), N)
        vals = X @ C.T if len(found) else np.zeros((0, p))
        return NonDominated(X[:, :n] > 0.5, X, vals, status in ("complete", "infeasible"), status, message,
                            solves, time.perf_counter() - t0, name, tol)

    C = _objective_rows(model, V)
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

    def grown() -> Any:
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
               time_limit: float | None = None, start: Any = None, fast: bool = True) -> Reoptimised:
    r"""The optimal portfolio for each row of ``values`` (K, n), on one model: only the objective changes.

    The objective of sample k is the model's own with :math:`c_{0..n-1}` = ``values[k]`` (start-year
    option and synergy columns keep the model's coefficients). The model is built once.

    ``fast=True`` (default; needs highspy for the LP, else the plain path below): when samples
    share an optimum, a sample is settled by an incumbent and a certificate, exactly:

    0. *Lagrangian branch and bound, all samples at once* (:class:`_Knapsacks`,
       :func:`_lagrangian_settle`): the yearly budget rows are disjoint 0-1 knapsacks; the other
       rules are priced by multipliers (started at each sample's LP duals, improved by subgradient
       steps), so the bound :math:`L(y) \ge` the optimum is a knapsack per year, solved exactly by
       dynamic programming for every sample and node in one vectorised pass (Fisher 1981). Every
       Lagrangian maximiser that meets all rules joins the incumbent pool; a sample whose nodes
       all close (bound within ``gap`` of its incumbent) is optimal without a MIP. With 200
       measures, 5 yearly budgets and weights uniform over the simplex (almost every sample its
       own optimum) this settles most samples; the rest go on to the steps below.

    1. *Incumbent*: every distinct optimum found so far (and ``start``) is feasible for every sample
       (the rules and budgets do not change; each is checked once when it enters the pool), so the
       best of them under the new values (one matrix product) is a feasible portfolio of value
       :math:`z`.
    2. *Certificate*: the LP relaxation of the same model, one HiGHS instance with only its costs
       changed (re-solved from the previous basis), gives a bound :math:`U \ge` the optimum. If
       :math:`U - z \le` ``gap`` :math:`|z|` the incumbent is optimal within the requested gap,
       and no MIP is solved. Tried first, a second certificate needs no solve of the model: the
       optimum :math:`f(c)` is convex (sublinear) in the values, so a combination
       :math:`c_k = \sum_j \lambda_j c_j + e` (:math:`\lambda \ge 0`) of samples already solved,
       with proven bounds :math:`F_j`, bounds :math:`f(c_k) \le \sum_j \lambda_j F_j + \sum_i
       \max(e_i l_i, e_i u_i)` (:class:`_ConvexBound`; used when the values have low rank, e.g.
       weights x criteria). Where one portfolio is optimal at every combined sample, this bound is
       its value: the region of weightings where a portfolio is optimal is convex.
    3. Otherwise *reduced-cost fixing* (Nemhauser & Wolsey 1988, II.2 prop. 2.1, as in
       :func:`mkba.portfolio.solve.solve_core`): any integer solution that moves an integer column
       off its LP bound is worth at most :math:`U - |d_j|`; so every solution that beats
       :math:`z` keeps each integer column with :math:`|d_j| > \theta = U - z` at its LP
       bound. Those columns are fixed (column bounds only) on one MIP instance of the model kept
       for all samples, which is solved with the incumbent as start (HiGHS; CBC: a fresh solve of
       the restricted model without a start, see below). The optimum is the better of :math:`z`
       and the restricted MIP's optimum: nothing outside the restriction beats :math:`z`, so
       the result is the global optimum within ``gap`` (the restricted MIP stops at ``gap``
       like a plain solve). Without an incumbent (first sample), nothing is fixed.

    Samples step 0 leaves open cost about one MIP each, as in the plain loop; on the benchmark
    instance (benchmarks/bench_robustness.py) few are left.

    ``fast=False``: the plain loop: with HiGHS one solver instance is kept and each optimum is
    offered as the next start; with CBC each row is a new solve.

    CBC is never given a MIP start (CBC 2.10 with a MIP start and probing returned a worse
    portfolio as "optimal" on a 9-measure instance; tests/portfolio/test_portfolio_robustness.py);
    in the fast path the incumbent is compared after the solve instead.
    Stops at the first row without a solution (its status and message are kept).
    """
    from .solve import _check_solver

    V = np.asarray(values, float)
    if V.ndim != 2 or V.shape[1] != problem.n:
        raise MethodError(f"values must have shape (samples, {problem.n}); got {V.shape}")
    if not np.isfinite(V).all():
        raise MethodError("values must be finite")
    name = _check_solver(solver)
    model = build_model(problem)
    if (model.col_lo > model.col_hi).any():
        return Reoptimised(np.zeros((0, problem.n), bool), np.zeros(0), ("infeasible",), name, "contradictory bounds")
    if fast and model.integer.any():
        try:
            import highspy  # noqa: F401
        except ImportError:  # pragma: no cover - the LP certificate needs HiGHS
            fast = False
    if fast and model.integer.any():
        return _reoptimise_fast(problem, model, V, name, gap, time_limit, start)
    return _reoptimise_plain(problem, model, V, name, gap, time_limit, start)


def _reoptimise_plain(problem: PortfolioProblem, model: Any, V: np.ndarray, name: str, gap: float,
                      time_limit: float | None, start: Any) -> Reoptimised:
    from .solve import HighsSession, solve_cbc

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


class _ConvexBound:
    r"""Upper bounds on the optimum from samples already solved: the optimum is convex in the values.

    :math:`f(c) = \max_{x \in X} c^T x` over the fixed feasible set is sublinear: for
    :math:`\lambda \ge 0`, :math:`f(\sum_j \lambda_j c_j) \le \sum_j \lambda_j f(c_j)`, and
    :math:`f(c + e) \le f(c) + \sum_i \max(e_i l_i, e_i u_i)` (column bounds :math:`[l, u]`).
    With :math:`F_j \ge f(c_j)` the proven bound of a solved sample,
    :math:`f(c_k) \le \sum_j \lambda_j F_j + \sum_i \max(e_i l_i, e_i u_i)` where
    :math:`e = c_k - \sum_j \lambda_j c_j` is computed exactly. :math:`\lambda` is chosen by a
    small LP in the coordinates of the (low-rank) span of the sampled values (weights x criteria:
    rank <= the number of criteria), one HiGHS instance that gains a column per solved sample.
    When the optima at the combined samples coincide with the incumbent, the bound equals the
    incumbent's value: the region where a portfolio is optimal is convex.
    """

    MAX_RANK = 24

    def __init__(self, V: np.ndarray, model: Any, n: int) -> None:
        from .solve import quiet_highs

        self.ok = False
        self.model = model
        self.n = n
        self.rest = np.asarray(model.c, float)[n:]
        if V.shape[0] < 3:
            return
        scale = float(np.abs(V).max(initial=0.0))
        if scale == 0.0:
            return
        _, sv, Wt = np.linalg.svd(V / scale, full_matrices=False)
        r = int((sv > 1e-9 * sv[0]).sum())
        if r > self.MAX_RANK or r >= V.shape[0] - 1:
            return
        self.Q = Wt[:r]
        self.B = (V / scale) @ self.Q.T  # (K, r) coordinates
        self.r = r
        self.convex = bool(np.any(self.rest != 0))  # costs beyond the n measures: combine convexly
        self.rows = r + (1 if self.convex else 0)
        self.h = h = quiet_highs()
        zeros = np.zeros(self.rows)
        h.addRows(self.rows, zeros, zeros, 0, np.zeros(self.rows + 1, np.int32), np.zeros(0, np.int32),
                  np.zeros(0))
        self.cols: list[int] = []
        self.F: list[float] = []
        self.spread = np.maximum(np.abs(model.col_lo), np.abs(model.col_hi))
        self.ok = bool(np.isfinite(self.spread).all())

    def add(self, k: int, bound: float) -> None:
        if not self.ok or not math.isfinite(bound):
            return
        col = np.concatenate([self.B[k], [1.0]]) if self.convex else self.B[k]
        idx = np.nonzero(col)[0].astype(np.int32)
        self.h.addCol(float(bound), 0.0, math.inf, idx.size, idx, col[idx].astype(float))
        self.cols.append(k)
        self.F.append(float(bound))

    def bound(self, k: int, V: np.ndarray, c: np.ndarray) -> float:
        """A proven upper bound on the optimum of sample k (inf when none is found)."""
        if not self.ok or len(self.cols) < 2:
            return math.inf
        rhs = np.concatenate([self.B[k], [1.0]]) if self.convex else self.B[k]
        self.h.changeRowsBounds(self.rows, np.arange(self.rows, dtype=np.int32), rhs, rhs)
        self.h.run()
        if self.h.getModelStatus() != _highs_optimal():
            return math.inf
        lam = np.maximum(np.asarray(self.h.getSolution().col_value, float), 0.0)
        used = np.nonzero(lam > 0)[0]
        if used.size == 0:
            return math.inf
        lam = lam[used]
        ks = np.asarray(self.cols)[used]
        combo = np.zeros_like(c)
        combo[: self.n] = lam @ V[ks]
        combo[self.n:] = lam.sum() * self.rest
        e = c - combo
        lo, hi = self.model.col_lo, self.model.col_hi
        slack = float(np.maximum(e * lo, e * hi).sum())
        return float(lam @ np.asarray(self.F)[used]) + max(slack, 0.0)


class _Knapsacks:
    r"""The model's disjoint knapsack rows, for a Lagrangian bound solved exactly by dynamic programming.

    A *block* is a row :math:`\sum_j a_j x_j \le b` over binary columns with every :math:`a_j > 0`
    and :math:`b \ge 0` (a yearly budget where each measure spends in one year; its lower bound,
    if any, is :math:`\le 0` and so redundant). Blocks are picked greedily, largest first, so that
    no column lies in two. Every other row :math:`r` is *relaxed* with a multiplier :math:`y_r`
    (:math:`y_r \ge 0` needs a finite upper bound, :math:`y_r \le 0` a finite lower bound). For
    any such :math:`y`, every feasible :math:`x` has

    .. math:: c^T x \le L(y) = \sum_r \max(y_r l_r, y_r u_r) + \sum_{\text{blocks}}
              \max_{a^T x_B \le b} \tilde c_B^T x_B + \sum_{j \notin \text{blocks}} \max(\tilde c_j l_j,
              \tilde c_j u_j), \qquad \tilde c = c - A_R^T y

    (Lagrangian relaxation, Fisher 1981, Management Science 27(1):1-18; Nemhauser & Wolsey 1988,
    II.3.6). Each block's maximum is a 0-1 knapsack, solved exactly by dynamic programming over the
    capacity when the :math:`a_j` are integer multiples of one unit (e.g. costs rounded to k€) and
    :math:`b` / unit is at most ``cap_max``; otherwise on a grid of ``cap_max`` units with the weights
    rounded down and the capacity up, a relaxation, so still a valid bound. Fixed columns
    (bounds :math:`l_j = u_j`) are honoured per node, which is what the branch and bound of
    :func:`_lagrangian_settle` needs.
    """

    CAP_MAX = 4096
    WORK_MAX = 600_000  # DP cells per node and evaluation (sum over blocks of items x capacity)
    TK_CELLS = 40_000_000  # booleans kept for the backtracking per chunk of nodes

    def __init__(self, model: Any) -> None:
        A = model.A.tocsr()
        self.model = model
        N = A.shape[1]
        lo_c, hi_c = model.col_lo, model.col_hi
        binary = model.integer & (lo_c >= 0) & (hi_c <= 1)
        nnz = np.diff(A.indptr)
        cand = []
        for r in range(A.shape[0]):
            cols = A.indices[A.indptr[r]:A.indptr[r + 1]]
            vals = A.data[A.indptr[r]:A.indptr[r + 1]]
            b = float(model.row_hi[r])
            if cols.size < 2 or not math.isfinite(b) or b < 0 or model.row_lo[r] > 0:
                continue
            if binary[cols].all() and (vals > 0).all():
                cand.append(r)
        cand.sort(key=lambda r: (-int(nnz[r]), r))
        used = np.zeros(N, bool)
        self.blocks: list[tuple[int, np.ndarray, np.ndarray, int]] = []
        for r in cand:
            cols = A.indices[A.indptr[r]:A.indptr[r + 1]]
            if used[cols].any():
                continue
            w, cap = _knapsack_grid(A.data[A.indptr[r]:A.indptr[r + 1]], float(model.row_hi[r]), self.CAP_MAX)
            used[cols] = True
            self.blocks.append((r, cols.astype(np.int64), w, cap))
        self.work = sum(cols.size * (cap + 1) for _, cols, _, cap in self.blocks)
        self.ok = bool(self.blocks) and self.work <= self.WORK_MAX
        self.A = A
        self.nb = np.nonzero(~used)[0]
        self.rel = np.setdiff1d(np.arange(A.shape[0]), [blk[0] for blk in self.blocks])
        AR = A[self.rel].tocsr()
        self.AR, self.ART = AR, AR.T.tocsr()
        self.lo_r, self.hi_r = model.row_lo[self.rel], model.row_hi[self.rel]
        self.lo_s = np.where(np.isfinite(self.lo_r), self.lo_r, 0.0)
        self.hi_s = np.where(np.isfinite(self.hi_r), self.hi_r, 0.0)
        self.row_lo, self.row_hi = model.row_lo, model.row_hi
        from .solve import bound_tolerance  # the tolerance of is_feasible

        self.row_lo_tol = model.row_lo - bound_tolerance(model.row_lo)
        self.row_hi_tol = model.row_hi + bound_tolerance(model.row_hi)
        self.scale = np.maximum(1.0, np.abs(np.where(np.isfinite(model.row_hi), model.row_hi,
                                                     np.where(np.isfinite(model.row_lo), model.row_lo, 0.0))))

    def project(self, Y: np.ndarray) -> np.ndarray:
        """Multipliers with the signs their rows allow (a valid bound for any projected y)."""
        Y = np.where(np.isfinite(self.hi_r), Y, np.minimum(Y, 0.0))
        return np.where(np.isfinite(self.lo_r), Y, np.maximum(Y, 0.0))

    def evaluate(self, C: np.ndarray, Y: np.ndarray, LO: np.ndarray, HI: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The bound :math:`L(y)` (M,) and a maximiser X (M, N) per node (objective, multipliers, column bounds)."""
        M = C.shape[0]
        step = max(1, self.TK_CELLS // max(1, max(cols.size * (cap + 1) for _, cols, _, cap in self.blocks)))
        if M > step:
            parts = [self.evaluate(C[a:a + step], Y[a:a + step], LO[a:a + step], HI[a:a + step])
                     for a in range(0, M, step)]
            return np.concatenate([p[0] for p in parts]), np.vstack([p[1] for p in parts])
        Ct = C - (self.ART @ Y.T).T if self.rel.size else C.copy()
        L = np.where(Y > 0, Y * self.hi_s, Y * self.lo_s).sum(axis=1)
        X = np.zeros(C.shape)
        nb = self.nb
        if nb.size:  # columns in no block: each at its better bound
            v = np.where(Ct[:, nb] > 0, HI[:, nb], LO[:, nb])
            X[:, nb] = v
            L += (Ct[:, nb] * v).sum(axis=1)
        ar = np.arange(M)
        for _, cols, w, cap in self.blocks:
            P = Ct[:, cols]
            forced = LO[:, cols] > 0.5
            banned = HI[:, cols] < 0.5
            capk = cap - (forced * w).sum(axis=1)
            infeasible = capk < 0
            capk = np.maximum(capk, 0)
            Pd = np.where(forced | banned, -np.inf, P).T.copy()  # (items, M): fixed items are not chosen
            F = np.zeros((cap + 1, M))  # F[s]: best value of the items so far within capacity s
            buf = np.empty((cap + 1, M))
            TK = np.zeros((cols.size, cap + 1, M), bool)
            useful = (Pd > 0).any(axis=1)  # an item worth nothing at every node is never taken
            for i in range(cols.size):
                wi = int(w[i])
                if wi > cap or not useful[i]:
                    continue
                c = buf[:cap + 1 - wi]
                np.add(F[:cap + 1 - wi], Pd[i], out=c)
                np.greater(c, F[wi:], out=TK[i][wi:])
                np.maximum(F[wi:], c, out=F[wi:])
            L += F[capk, ar] + np.where(forced, P, 0.0).sum(axis=1)
            L[infeasible] = -np.inf
            s = capk.copy()
            Xb = forced.astype(float)
            for i in range(cols.size - 1, -1, -1):
                take = TK[i][s, ar]
                Xb[take, i] = 1.0
                s -= np.where(take, int(w[i]), 0)
            X[:, cols] = Xb
        return L, X

    def feasible(self, X: np.ndarray) -> np.ndarray:
        """Which rows of X meet every row of the model (the tolerance of :func:`~mkba.portfolio.solve.is_feasible`)."""
        act = (self.A @ X.T).T
        return ((act >= self.row_lo_tol) & (act <= self.row_hi_tol)).all(axis=1)


def _knapsack_grid(vals: np.ndarray, b: float, cap_max: int) -> tuple[np.ndarray, int]:
    """Integer weights and capacity: exact for multiples of one unit, else rounded (weights down, capacity up)."""
    if (vals == np.round(vals)).all() and np.abs(vals).max() < 2.0 ** 52 and b < 2.0 ** 52:
        g = int(np.gcd.reduce(np.round(vals).astype(np.int64)))
        cap = int(math.floor(b / g))
        if cap <= cap_max:
            return np.round(vals).astype(np.int64) // g, cap
    if b <= 0:
        return np.ones(vals.size, np.int64), 0
    unit = b / cap_max
    return np.maximum(np.floor(vals / unit * (1.0 - 1e-12)), 0).astype(np.int64), cap_max


def _lagrangian_settle(ks: _Knapsacks, C: np.ndarray, Y0: np.ndarray, pool: np.ndarray, keys: set, *,
                       gap: float, root_iters: int = 20, child_iters: int = 15, max_waves: int = 12,
                       max_branchings: int = 64, budget: float = 80.0, mu0: float = 1.0, decay: float = 0.8
                       ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    r"""Settle many objectives at once by Lagrangian branch and bound over the knapsack blocks (exact).

    ``C`` (K, N) are the objectives, ``Y0`` (K, R) the starting multipliers of the relaxed rows
    (the LP duals), ``pool`` (P, N) feasible solutions known so far (``keys`` their
    :func:`numpy.round` (9) bytes). All nodes of all samples are evaluated together, vectorised:

    * each node (a sample and column bounds; the root: the model's bounds) improves its
      multipliers by subgradient steps (Polyak's step towards the sample's incumbent, Held, Wolfe
      & Crowder 1974), its bound being the least :math:`L(y)` seen (every one is valid; a child
      starts from its parent's bound and multipliers);
    * every Lagrangian maximiser that meets every row is a feasible portfolio: it joins the pool,
      and the pool's best under each sample's values is that sample's incumbent :math:`z` (so a
      portfolio found for one sample serves all);
    * a node is closed when its bound is :math:`\le z` plus the gap (:math:`\max(` ``gap``
      :math:`|z|, 10^{-9}\max(1, |z|))`, as the LP certificate); a sample whose nodes are all
      closed is settled: its incumbent is optimal within the gap (the optimum is at most the
      largest closed bound);
    * an open node is branched on one binary column (:math:`x_j = 0` / :math:`x_j = 1`): a column of
      its most violated row (relative to the row's bound) that causes the violation, else the
      free column with the largest value.

    Samples that need more than ``max_waves`` rounds of branching or ``max_branchings`` branchings,
    or when ``budget`` x K node evaluations are spent, are left unsettled (the caller solves them
    with the MIP). Returns (settled (K,), index into the new pool of each sample's incumbent (-1 if
    none), the largest closed bound per sample, the pool).
    """
    model = ks.model
    K, N = C.shape
    binary = model.integer & (model.col_lo >= 0) & (model.col_hi <= 1)
    z = np.full(K, -np.inf)
    zi = np.full(K, -1)
    if len(pool):
        scores = pool @ C.T
        zi = np.argmax(scores, axis=0)
        z = scores[zi, np.arange(K)]
    CT = np.ascontiguousarray(C.T)
    proof = np.full(K, -np.inf)
    unsettled = np.zeros(K, bool)
    branched = np.zeros(K, int)
    S = np.arange(K)
    Y = ks.project(np.asarray(Y0, float))
    LO = np.tile(model.col_lo, (K, 1))
    HI = np.tile(model.col_hi, (K, 1))
    MU = np.full(K, mu0)
    LB = np.full(K, np.inf)
    spent = 0.0
    AR, lo_r, hi_r = ks.AR, ks.lo_r, ks.hi_r
    wave = 0
    with np.errstate(invalid="ignore", over="ignore"):
        while S.size:
            X = np.zeros((0, N))
            for _ in range(root_iters if wave == 0 else child_iters):
                L, X = ks.evaluate(C[S], Y, LO, HI)
                spent += S.size
                LB = np.minimum(LB, L)
                fin = np.isfinite(L)
                feas = np.zeros(S.size, bool)
                if fin.any():
                    feas[fin] = ks.feasible(X[fin])
                new = []
                for i in np.nonzero(feas)[0]:
                    key = np.round(X[i], 9).tobytes()
                    if key not in keys:
                        keys.add(key)
                        new.append(X[i])
                if new:
                    Pn = np.array(new)
                    scores = Pn @ CT
                    best = np.argmax(scores, axis=0)
                    top = scores[best, np.arange(K)]
                    better = top > z
                    zi = np.where(better, best + len(pool), zi)
                    z = np.where(better, top, z)
                    pool = np.vstack([pool, Pn])
                zs = z[S]
                tol = np.maximum(gap * np.abs(zs), 1e-9 * np.maximum(1.0, np.abs(zs)))
                done = (LB == -np.inf) | (np.isfinite(zs) & (LB <= zs + tol))
                if done.any():
                    np.maximum.at(proof, S[done], LB[done])
                # subgradient of L at y: A_R x - (the bound the multiplier prices)
                Ax = (AR @ X.T).T
                g = np.where(Y > 0, Ax - hi_r, np.where(Y < 0, Ax - lo_r, np.where(
                    Ax > hi_r, Ax - hi_r, np.where(Ax < lo_r, Ax - lo_r, 0.0))))
                g = np.where(np.isfinite(g), g, 0.0)
                target = np.where(np.isfinite(zs), zs, L - 0.02 * np.abs(L))
                norm = (g * g).sum(axis=1)
                stepsize = np.where((norm > 0) & fin, MU * np.maximum(L - target, 0.0) / np.where(norm > 0, norm, 1.0),
                                    0.0)
                Y = ks.project(Y + stepsize[:, None] * g)
                MU = np.where(fin & (L > LB + 1e-12 * np.abs(LB)), decay * MU, MU)
                keep = ~done
                S, Y, LO, HI, MU, LB, X = S[keep], Y[keep], LO[keep], HI[keep], MU[keep], LB[keep], X[keep]
                if not S.size:
                    break
            if not S.size:
                break
            wave += 1
            # branch every open node on one binary column
            np.add.at(branched, S, 1)
            stop = (branched[S] > max_branchings) | (wave > max_waves) | (spent + 2 * S.size * child_iters > budget * K)
            act = (ks.A @ X.T).T
            viol = np.maximum(np.maximum(act - ks.row_hi, ks.row_lo - act), 0.0) / ks.scale
            pick = np.full(S.size, -1)
            A = ks.A
            for i in np.nonzero(~stop)[0]:
                free = binary & (LO[i] < HI[i])
                r = int(np.argmax(viol[i])) if viol.shape[1] else -1
                if r >= 0 and viol[i, r] > 0:
                    cs = A.indices[A.indptr[r]:A.indptr[r + 1]]
                    vs = A.data[A.indptr[r]:A.indptr[r + 1]]
                    on = X[i, cs] > 0.5
                    cause = ((vs > 0) == on) if act[i, r] > ks.row_hi[r] else ((vs > 0) != on)
                    cause &= free[cs]
                    if cause.any():
                        cc = cs[cause]
                        pick[i] = int(cc[np.argmax(np.abs(C[S[i], cc]))])
                        continue
                fc = np.nonzero(free)[0]
                if fc.size:
                    pick[i] = int(fc[np.argmax(np.abs(C[S[i], fc]))])
            unsettled[S[pick < 0]] = True
            keep = ~unsettled[S]
            S, Y, LO, HI, MU, LB, pick = S[keep], Y[keep], LO[keep], HI[keep], MU[keep], LB[keep], pick[keep]
            if not S.size:
                break
            ar = np.arange(S.size)
            LO0, HI0, LO1, HI1 = LO, HI.copy(), LO.copy(), HI
            HI0[ar, pick] = 0.0
            LO1[ar, pick] = 1.0
            S = np.concatenate([S, S])
            Y = np.vstack([Y, Y])
            LO, HI = np.vstack([LO0, LO1]), np.vstack([HI0, HI1])
            MU = np.full(S.size, mu0)  # a child moves its multipliers afresh
            LB = np.concatenate([LB, LB])
    settled = ~unsettled & (zi >= 0)
    return settled, zi, proof, pool


def _highs_optimal():
    import highspy

    return highspy.HighsModelStatus.kOptimal


def _reoptimise_fast(problem: PortfolioProblem, model: Any, V: np.ndarray, name: str, gap: float,
                     time_limit: float | None, start: Any, use_convex: bool = True,
                     use_lagrange: bool = True) -> Reoptimised:
    """Lagrangian stage, incumbent pool, LP certificate, reduced-cost fixing on one MIP instance (see :func:`reoptimise`)."""
    from .solve import CORE_OPTIONS, HighsSession, is_feasible, solve_cbc

    n, N = problem.n, model.A.shape[1]
    integer = model.integer
    col_lo, col_hi = model.col_lo, model.col_hi
    movable = integer & (col_lo < col_hi)
    lp = HighsSession(replace(model, integer=np.zeros_like(integer)), gap=gap, time_limit=time_limit)
    mip = HighsSession(model, gap=gap, time_limit=time_limit, options=CORE_OPTIONS) if name == "highs" else None
    all_cols = np.arange(N, dtype=np.int32)
    pool = np.zeros((0, N))
    keys: set[bytes] = set()

    def remember(x: np.ndarray) -> None:
        nonlocal pool
        x = np.where(integer, np.round(x), x)
        key = np.round(x, 9).tobytes()
        if key in keys or not is_feasible(model, x):  # an infeasible candidate never becomes an incumbent
            return
        keys.add(key)
        pool = np.vstack([pool, x[None, :]])

    if start is not None:
        s = np.asarray(start, float)
        if s.shape == (N,):
            remember(s)
    K = V.shape[0]
    # stage 1: every sample at once by Lagrangian branch and bound over the knapsack rows
    settled_at = np.full(K, -1)  # index into pool of a settled sample's optimum
    settled_bound = np.full(K, np.inf)  # and a proven upper bound on it
    ks = _Knapsacks(model) if use_lagrange else None
    if ks is not None and ks.ok:
        chunk = max(1, 4_000_000 // max(N, 1))
        for a in range(0, K, chunk):
            ids = np.arange(a, min(K, a + chunk))
            C = np.tile(np.asarray(model.c, float), (ids.size, 1))
            C[:, :n] = V[ids]
            Y0 = np.zeros((ids.size, ks.rel.size))
            ok = np.ones(ids.size, bool)
            for i in range(ids.size):  # the LP duals start the multipliers
                lp.set_costs(C[i])
                if lp.solve().status != "optimal":
                    ok[i] = False  # (e.g. infeasible: left to the loop below, which reports it)
                    continue
                Y0[i] = np.asarray(lp.h.getSolution().row_dual, float)[ks.rel]
            if not ok.any():
                continue
            done, at, proof, pool = _lagrangian_settle(ks, C[ok], Y0[ok], pool, keys, gap=gap)
            settled_at[ids[ok][done]] = at[done]
            settled_bound[ids[ok][done]] = np.maximum(proof[done], (C[ok][done] * pool[at[done]]).sum(axis=1))
    # the convexity certificate, for the samples left (built only then: its SVD costs)
    convex = _ConvexBound(V, model, n) if use_convex and (settled_at < 0).any() else None
    if convex is not None and not convex.ok:
        convex = None
    if convex is not None:
        for k in np.nonzero(settled_at >= 0)[0]:
            convex.add(int(k), float(settled_bound[k]))
    chosen = np.zeros((K, n), bool)
    objectives = np.full(K, np.nan)
    statuses: list[str] = []
    for k in range(K):
        c = model.c.copy()
        c[:n] = V[k]
        if settled_at[k] >= 0:  # certificate: the Lagrangian branch and bound closed every node
            statuses.append("optimal")
            x = pool[settled_at[k]]
            chosen[k], objectives[k] = model.decode(x)[0], float(c @ x)
            continue
        best_x, best = None, -math.inf
        if len(pool):
            scores = pool @ c
            i = int(np.argmax(scores))
            best_x, best = pool[i], float(scores[i])
        if best_x is not None and convex is not None:
            cert = convex.bound(k, V, c)
            if cert - best <= max(gap * abs(best), 1e-9 * max(1.0, abs(best))):
                statuses.append("optimal")  # certificate: convexity of the optimum in the values
                chosen[k], objectives[k] = model.decode(best_x)[0], best
                continue
        lp.set_costs(c)
        relax = lp.solve()
        status, message = "optimal", ""
        lo, hi = col_lo, col_hi
        fixed = False
        if relax.status == "optimal":
            upper = relax.objective
            tol = 1e-9 * max(1.0, abs(upper))
            if best_x is not None and upper - best <= max(gap * abs(best), tol):
                statuses.append("optimal")  # certificate: the LP bound is within the gap of the incumbent
                chosen[k], objectives[k] = model.decode(best_x)[0], best
                if convex is not None:
                    convex.add(k, upper)
                continue
            if best_x is not None:
                sol = lp.h.getSolution()
                d = np.asarray(sol.col_dual, float)
                xbar = np.asarray(sol.col_value, float)
                theta = upper - best
                up = movable & (xbar > col_hi - 1e-9) & (d > theta + tol)
                down = movable & (xbar < col_lo + 1e-9) & (d < -theta - tol)
                lo, hi = col_lo.copy(), col_hi.copy()
                lo[up] = hi[up]
                hi[down] = lo[down]
                fixed = True
        elif relax.status == "infeasible" and np.isfinite(col_lo).all() and np.isfinite(col_hi).all():
            statuses.append("infeasible")
            return Reoptimised(chosen[:k], objectives[:k], tuple(statuses), name, "no portfolio satisfies every rule")
        if mip is not None:
            mip.h.changeColsBounds(N, all_cols, np.ascontiguousarray(lo, float), np.ascontiguousarray(hi, float))
            mip.set_costs(c)
            if best_x is not None and not ((best_x < lo - 1e-9) | (best_x > hi + 1e-9)).any():
                mip.set_start(best_x)
            raw = mip.solve()
        else:  # CBC: a fresh solve of the restricted model, without a start
            raw = solve_cbc(replace(model, c=c, col_lo=lo, col_hi=hi), gap=gap, time_limit=time_limit)
        pool_best = best
        if raw.x is not None and (best_x is None or raw.objective > best):
            best_x, best = raw.x, raw.objective
        if convex is not None and raw.status in ("optimal", "infeasible"):
            # a proven bound: the restricted MIP's, and outside the restriction nothing beats the incumbent
            inner = raw.bound if raw.status == "optimal" and math.isfinite(raw.bound) else -math.inf
            convex.add(k, max(inner, pool_best if fixed else -math.inf, best))
        if raw.status == "infeasible" and best_x is None:  # nothing was fixed: no portfolio at all
            status, message = "infeasible", raw.message or "no portfolio satisfies every rule"
        elif raw.status == "time_limit" and best_x is not None:
            status, message = "time_limit", raw.message
        elif raw.status not in ("optimal", "infeasible"):  # a solver error: stop, as the plain loop does
            status, message, best_x = raw.status, raw.message, None
        statuses.append(status)
        if best_x is None:
            return Reoptimised(chosen[:k], objectives[:k], tuple(statuses), name,
                               message or f"sample {k}: {status}")
        remember(best_x)
        chosen[k], objectives[k] = model.decode(best_x)[0], float(c @ best_x)
    return Reoptimised(chosen, objectives, tuple(statuses), name)


def portfolio_robustness(problem: PortfolioProblem, values: Any, *, vertices: Any = None,
                         candidates: Any = None, base: Any = None, solver: str | None = None, gap: float = 1e-6,
                         time_limit: float | None = None, nondominated_cap: int = ND_CAP,
                         nondominated_time_limit: float | None = ND_TIME_LIMIT) -> Robustness:
    """Re-optimise the portfolio for each sampled value vector and summarise how firm it is.

    Parameters
    ----------
    problem : the rules and budgets (its own values are the base objective).
    values : (K, n) additive value of each measure in each sample.
    vertices : (s, n) values at the vertices of the weight hull (e.g. one row per stakeholder):
        the non-dominated portfolios are enumerated exactly (:func:`nondominated_portfolios`) and
        the classes and the RPM core index are over them; None: every distinct optimum counts as
        non-dominated (no RPM core index).
    candidates : (c, n) bool extra portfolios (e.g. the parties' own optima) checked for
        non-dominance beside the sampled optima (they do not count in the core index or the
        frequencies). When the enumeration is complete, any of them (or of the sampled optima)
        that is non-dominated joins the front: it can only be a portfolio equal in value at every
        vertex to one enumerated, which the enumeration lists once.
    base : (n,) bool the base portfolio, for ``base_share`` (default: the optimum of ``problem``).
    solver, gap, time_limit : as :func:`mkba.portfolio.select` (time limit per sample).
    nondominated_cap, nondominated_time_limit : the enumeration's cap on the number of portfolios
        and its time limit in seconds (None: none); it runs on HiGHS whenever highspy imports,
        whichever ``solver`` re-optimised the samples. When either stops it, the classes and the RPM
        core index are over the portfolios found, ``nondominated_complete`` is False and
        ``warnings`` says that the classes are a lower bound (borderline is certain, core and
        exterior are not).

    Values at a vertex are the model's objective with the vertex's values on the measures (synergy
    columns keep their extra value, as in :func:`reoptimise`); a sampled optimum or candidate is
    valued with each measure that has a start-year choice in its first allowed year.
    """
    t0 = time.perf_counter()
    V = np.asarray(values, float)
    if V.ndim != 2 or V.shape[0] < 1:
        raise MethodError(f"values must have shape (samples, {problem.n}); got {V.shape}")
    if V.shape[1] != problem.n:
        raise MethodError(f"values must have shape (samples, {problem.n}); got {V.shape}")
    W = None
    if vertices is not None:
        W = np.asarray(vertices, float)
        if W.ndim != 2 or W.shape[0] < 1 or W.shape[1] != problem.n:
            raise MethodError(f"vertices must have shape (vertices, {problem.n}); got {W.shape}")
    # one model and one pool of optima for the base values (row 0) and every sample
    both = reoptimise(problem, np.vstack([problem.values[None, :], V]), solver=solver, gap=gap,
                      time_limit=time_limit)
    if not both.ok or len(both.objectives) < V.shape[0] + 1:
        return _failed(problem, V.shape[0], both.solver, t0, both.statuses[-1], both.message)
    base_mask = both.selections[0] if base is None else np.asarray(base, bool)
    runs = replace(both, selections=both.selections[1:], objectives=both.objectives[1:], statuses=both.statuses[1:])
    chosen = runs.selections
    worst = "optimal" if all(s == "optimal" for s in runs.statuses) else "time_limit"
    K = V.shape[0]
    core = chosen.mean(axis=0)
    unique, counts = np.unique(chosen, axis=0, return_counts=True)
    order = np.lexsort((*(~unique.T[::-1]), -counts))  # most frequent first; ties in a fixed order
    unique, freq = unique[order], counts[order] / K
    front = rpm = complete = None
    nd_status, nd_seconds = "", 0.0
    warnings: list[str] = []
    if W is not None:
        extra = (np.zeros((0, problem.n), bool) if candidates is None
                 else np.asarray(candidates, bool).reshape(-1, problem.n))
        pool = np.vstack([unique, extra])
        # HiGHS when it is there (kept and grown between solves; CBC starts afresh each time, several
        # times slower), whatever solved the samples
        from .solve import auto_solver

        enum = nondominated_portfolios(problem, W, solver=auto_solver(), cap=nondominated_cap,
                                       time_limit=nondominated_time_limit)
        nd_status, nd_seconds, complete = enum.status, enum.seconds, enum.complete
        model = build_model(problem)
        P_pool = _selection_values(problem, model, _objective_rows(model, W), pool)
        f = len(enum)
        if f:
            und = _undominated(np.vstack([enum.values, P_pool]))
            nd = und[f: f + len(unique)]
            if enum.complete:  # the front: every non-dominated one of the union (ties with a listed one)
                front = np.vstack([enum.selections[und[:f]], pool[und[f:]]])
            else:  # only those proven non-dominated
                front = enum.selections
                warnings.append(f"the non-dominated portfolios are incomplete ({enum.message}): the classes and "
                                f"the RPM core index are over the {f} found, a lower bound: a measure called "
                                "borderline is borderline, but one called core or exterior may be borderline")
        else:  # nothing enumerated (time limit or solver trouble): the known portfolios only, as an approximation
            und = _undominated(P_pool)
            nd, front = und[: len(unique)], pool[und]
            complete = False
            warnings.append(f"the non-dominated portfolios could not be enumerated ({enum.message or enum.status}): "
                            "the classes are over the sampled optima and candidates that no other of them "
                            "dominates, an approximation")
        front = _distinct(front)
        rpm = _core_index(front)
        classes = _classes(front, problem.ids)
    else:
        nd, front_u = np.ones(len(unique), bool), unique
        classes = _classes(front_u, problem.ids)
    base_share = float((chosen == base_mask[None, :]).all(axis=1).mean())
    message = "" if worst == "optimal" else "some samples have no proven optimum (time limit)"
    message = "; ".join([m for m in (message, *warnings) if m])
    return Robustness(problem.ids, K, core, np.sqrt(core * (1 - core) / K), unique, freq, nd, classes, base_share,
                      runs.solver, time.perf_counter() - t0, worst, message, front, rpm, complete, nd_status,
                      nd_seconds, tuple(warnings))


def _distinct(X: np.ndarray) -> np.ndarray:
    """The distinct rows of ``X``, in the order they first occur."""
    if not len(X):
        return X
    _, first = np.unique(X, axis=0, return_index=True)
    return X[np.sort(first)]


def _selection_values(problem: PortfolioProblem, model: Any, C: np.ndarray, selections: np.ndarray) -> np.ndarray:
    """(u, p) value of each selection under each objective row of ``C`` (synergies included; first start years)."""
    if not len(selections):
        return np.zeros((0, C.shape[0]))
    X = np.array([model.encode(problem, row) for row in np.asarray(selections, bool)], float)
    return X @ C.T


def _failed(problem: PortfolioProblem, K: int, solver: str, t0: float, status: str, message: str) -> Robustness:
    nan = np.full(problem.n, np.nan)
    return Robustness(problem.ids, K, nan, nan, np.zeros((0, problem.n), bool), np.zeros(0), np.zeros(0, bool), {},
                      math.nan, solver, time.perf_counter() - t0, status if status != "optimal" else "error", message)
