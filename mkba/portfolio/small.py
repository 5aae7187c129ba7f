"""An exact solver for small portfolio models without a MIP solver: level-wise branch and bound in NumPy.

A HiGHS solve of a 27-measure portfolio costs 3-15 ms, most of it set-up (presolve, heuristics,
cuts) that a problem this small does not need; the frontier and the parties' portfolios solve
dozens. :func:`plan` reads a :class:`~mkba.portfolio.formulation.LinearModel` as one *group* of
columns per measure (its ``x_j`` and start-year option columns), each with the few 0-1
*choices* the model allows (off, or on at one start year); :func:`solve` chooses one choice per
group, level by level for all open nodes at once (vectorised):

* a node is dropped when a row can no longer be met: its activity plus the least (most) that
  the groups left can add passes the row's upper (lower) bound;
* a node is dropped when its bound cannot beat the incumbent: the value so far plus, for every
  row whose coefficients are all >= 0 with a finite cap (a budget, a payer, "at most one of"),
  the fractional knapsack (Dantzig 1957) of the groups left, each as its best value at its
  least weight on that row; the least of these bounds holds (each is a relaxation);
* a node whose every row is met with the groups left off is a feasible portfolio: the best is
  the incumbent (and so is a given start, when feasible).

Every row of the model takes part, whatever rule it came from, so any rule written as rows of
0-1 columns is solved exactly. The solver *declines* (returns None; the caller solves the MIP)
for what it does not model: a column that is not a 0-1 measure or start-year column (synergy
products, continuous shortfalls of goals, ...), more than :data:`MAX_GROUPS` measures, more
than :data:`MAX_NODES` open nodes at a level, or no feasible portfolio found (infeasibility is
the MIP's to report, with its diagnosis). What it returns is optimal: no node that could beat it
by more than 1e-12 of its value was dropped.
"""

from __future__ import annotations

import math
import os
import time
from dataclasses import dataclass, field

import numpy as np

from .backends import RawSolution
from .evaluate import bound_tolerance
from .formulation import LinearModel

__all__ = ["SmallPlan", "plan", "solve", "solve_many", "solve_raw", "as_raw", "STRATEGY", "enabled", "MAX_GROUPS", "MAX_NODES", "ENV"]

MAX_GROUPS = 80
"""More measures than this: the MIP solves it."""

MAX_NODES = 60_000
"""More open nodes than this at one level: declined (the MIP solves it)."""

ENV = "MKBA_SMALL_SOLVER"
"""Environment switch: ``0`` sends every solve to the general MIP (the old path, for benchmarks)."""


STRATEGY = "small"
"""``options["strategy"]`` of an answer from this solver."""


def enabled() -> bool:
    """Whether the small-problem path may be used (``MKBA_SMALL_SOLVER=0`` turns it off)."""
    return os.environ.get(ENV, "1") != "0"


@dataclass(frozen=True, eq=False)
class SmallPlan:
    """A model read as groups of columns (one per measure) with their allowed choices, and its rows across groups."""

    model: LinearModel
    cols: tuple[np.ndarray, ...]         # per group: its columns
    choices: tuple[np.ndarray, ...]      # per group: (k, len(cols)) 0/1 choice vectors
    X: np.ndarray                        # (G, kmax, N) every choice as a column vector (zero padding)
    valid: np.ndarray                    # (G, kmax) which choices exist
    CT: np.ndarray                       # (G, kmax, R) what each choice adds to each row across groups
    rows: np.ndarray                     # the model's rows across groups (R,)
    off: np.ndarray                      # per group: index of the all-zero choice, -1 when it is not allowed
    knap: np.ndarray                     # (R,) rows whose every coefficient is >= 0 (a knapsack when capped)
    choice_ids: tuple[np.ndarray, ...]   # per group: the indices of its choices
    memo: dict = field(default_factory=dict)  # per objective: what _context prepared

    def suffixes(self, order: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per level j of ``order`` (groups ``order[j:]`` left): the least and most they add to each row
        (G + 1, R), and whether all of them may stay off (G + 1,)."""
        G, R = len(order), self.rows.size
        CTv = np.where(self.valid[:, :, None], self.CT, np.nan)
        sufmin = np.zeros((G + 1, R))
        sufmax = np.zeros((G + 1, R))
        if R:
            sufmin[:G] = np.cumsum(np.nanmin(CTv, axis=1)[order][::-1], axis=0)[::-1]
            sufmax[:G] = np.cumsum(np.nanmax(CTv, axis=1)[order][::-1], axis=0)[::-1]
        off_ok = np.ones(G + 1, bool)
        off_ok[:G] = np.cumsum((self.off[order] < 0)[::-1])[::-1] == 0
        return sufmin, sufmax, off_ok


def plan(model: LinearModel) -> SmallPlan | None:
    """The model as measure groups and choices, or None when it has a column this solver does not model."""
    N = model.A.shape[1]
    n = model.n
    if n == 0 or n > MAX_GROUPS or N == 0 or N > 20 * MAX_GROUPS or model.A.shape[0] > 50 * MAX_GROUPS:
        return None
    lo, hi = model.col_lo, model.col_hi
    if not (model.integer.all() and np.isin(lo, (0.0, 1.0)).all() and np.isin(hi, (0.0, 1.0)).all()):
        return None  # a continuous or general-integer column (synergy, shortfall, ...)
    owner = np.full(N, -1)
    owner[:n] = np.arange(n)
    if model.opt_col.size:
        owner[model.opt_col] = model.opt_measure
    if (owner < 0).any():
        return None  # a column that is neither a measure nor one of its start years
    A = model.A.toarray()
    member = np.zeros((n, N), bool)
    member[owner, np.arange(N)] = True
    touches = (A != 0).astype(np.int64) @ member.T.astype(np.int64) > 0  # (rows, groups)
    spread = touches.sum(axis=1)
    across = np.nonzero(spread > 1)[0]
    tol_lo = model.row_lo - bound_tolerance(model.row_lo)
    tol_hi = model.row_hi + bound_tolerance(model.row_hi)
    empty = spread == 0
    if ((tol_lo[empty] > 0) | (tol_hi[empty] < 0)).any():
        return None  # a row without columns that 0 does not meet: infeasible, for the MIP to say
    cols_l, choices_l, off_l = [], [], []
    for g in range(n):
        cols = np.nonzero(owner == g)[0]
        k = cols.size
        # off; on alone (no start years); on at one start year
        V = np.zeros((max(k, 2), k))
        V[1:, 0] = 1.0
        V[np.arange(1, k), np.arange(1, k)] = 1.0
        ok = ((V >= lo[cols]) & (V <= hi[cols])).all(axis=1)
        rows = np.nonzero((spread == 1) & touches[:, g])[0]
        if rows.size:
            act = A[np.ix_(rows, cols)] @ V.T
            ok &= ((act >= tol_lo[rows, None]) & (act <= tol_hi[rows, None])).all(axis=0)
        if k > 1 and not _linked(A, rows, cols, model):
            return None  # start-year columns without their "one start year" row: not what this solver models
        V = V[ok]
        if V.shape[0] == 0:
            return None  # no allowed choice: infeasible, for the MIP and its diagnosis to say
        cols_l.append(cols)
        choices_l.append(V)
        zero = np.nonzero(~V.any(axis=1))[0]
        off_l.append(int(zero[0]) if zero.size else -1)
    kmax = max(v.shape[0] for v in choices_l)
    X = np.zeros((n, kmax, N))
    valid = np.zeros((n, kmax), bool)
    for g, (cols, V) in enumerate(zip(cols_l, choices_l)):
        X[g, :V.shape[0]][:, cols] = V
        valid[g, :V.shape[0]] = True
    CT = X @ A[across].T  # (G, kmax, R)
    knap = np.asarray((np.where(valid[:, :, None], CT, 0.0) >= 0).all(axis=(0, 1)), bool)
    return SmallPlan(model, tuple(cols_l), tuple(choices_l), X, valid, CT, across, np.array(off_l), knap,
                     tuple(np.nonzero(v)[0] for v in valid))


def _linked(A: np.ndarray, rows: np.ndarray, cols: np.ndarray, model: LinearModel) -> bool:
    """Whether one of ``rows`` is :math:`x_j - \\sum_k x_{j,k} = 0` over exactly ``cols`` (at most one start)."""
    for r in rows.tolist():
        if model.row_lo[r] != 0 or model.row_hi[r] != 0:
            continue
        nz = np.nonzero(A[r])[0]
        if set(nz.tolist()) != set(cols.tolist()):
            continue
        first = A[r, cols[0]]
        if first != 0 and (A[r, cols[1:]] == -first).all():
            return True
    return False


def solve(p: SmallPlan, c: np.ndarray, *, row_hi: np.ndarray | None = None,
          starts: np.ndarray | None = None) -> tuple[np.ndarray, float] | None:
    """The optimal column vector and its value :math:`c^T x`, or None (declined: the MIP decides).

    ``row_hi`` replaces the model's row upper bounds (the frontier's total budget); ``starts``
    (P, N) are column vectors tried as first incumbents (used only when they meet every row).
    """
    X, values, ok = solve_many(p, np.asarray(c, float)[None, :], row_hi=row_hi, starts=starts)
    return (X[0], float(values[0])) if ok[0] else None


def solve_raw(p: SmallPlan | None, c: np.ndarray, solver: str, *, row_hi: np.ndarray | None = None,
              starts: np.ndarray | None = None) -> RawSolution | None:
    """:func:`solve` as a solver's :class:`RawSolution` (status optimal, gap 0), or None: declined."""
    if p is None:
        return None
    t0 = time.perf_counter()
    found = solve(p, c, row_hi=row_hi, starts=starts)
    if found is None:
        return None
    return as_raw(found[0], c, solver, time.perf_counter() - t0)


def as_raw(x: np.ndarray, c: np.ndarray, solver: str, seconds: float = 0.0) -> RawSolution:
    """An optimum of this search as a solver's :class:`RawSolution` (status optimal, gap 0, bound = value)."""
    value = float(np.asarray(c, float) @ x)
    return RawSolution("optimal", x, value, value, 0.0, seconds, solver, "", {"strategy": STRATEGY}, "")


def solve_many(p: SmallPlan, C: np.ndarray, *, row_hi: np.ndarray | None = None,
               starts: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The optimum for each objective row of ``C`` (S, N): (X (S, N), values (S,), ok (S,)).

    ``ok[s]`` False: declined for objective s (no feasible portfolio found, or too many nodes); the
    caller solves that one by the MIP. Rows and bounds are shared, so every optimum found is a
    start (first incumbent) for the objectives after it.
    """
    C = np.asarray(C, float)
    S, N = C.shape
    pool = np.zeros((0, N)) if starts is None else np.asarray(starts, float).reshape(-1, N)
    X = np.zeros((S, N))
    ok = np.zeros(S, bool)
    for s_ in range(S):
        found = _solve_one(p, C[s_], row_hi, pool)
        if found is not None:
            X[s_], ok[s_] = found, True
            pool = np.vstack([pool, found[None]])
    return X, np.array([float(C[i] @ X[i]) for i in range(S)]), ok  # c @ x, as a solver's objective


def _solve_one(p: SmallPlan, c: np.ndarray, row_hi: np.ndarray | None, starts: np.ndarray) -> np.ndarray | None:
    """One objective's optimal column vector by the level-wise search of the module docstring, or None."""
    model = p.model
    hi_all = model.row_hi if row_hi is None else np.asarray(row_hi, float)
    R = p.rows
    lo = model.row_lo[R] - bound_tolerance(model.row_lo[R])
    hi = hi_all[R] + bound_tolerance(hi_all[R])
    G = p.valid.shape[0]
    vals, kidx, order, sufmin, sufmax, off_ok, total_gain, Wc, Uc = _context(p, c, np.isfinite(hi))
    K = kidx.size
    khi = hi[kidx]

    kar = np.arange(K)[:, None]

    def bound(j: int, v: np.ndarray, act: np.ndarray) -> np.ndarray:
        b = v + total_gain[j]
        if not K:
            return b
        W, U = Wc[j], Uc[j]  # (K, G + 1)
        cap = np.maximum(khi[:, None] - act[:, kidx].T, 0.0)  # (K, L)
        q = (W[:, None, :] <= cap[:, :, None]).sum(axis=2) - 1  # whole items that fit
        qn = np.minimum(q + 1, G)
        w0, w1 = W[kar, q], W[kar, qn]
        rise = w1 > w0
        frac = np.where(rise, (cap - w0) * (U[kar, qn] - U[kar, q]) / np.where(rise, w1 - w0, 1.0), 0.0)
        return np.minimum(b, v + (U[kar, q] + frac).min(axis=0))

    best, best_x = -math.inf, None
    if len(starts):  # incumbents given: each start that meets every row
        act0 = (model.A @ starts.T).T
        fits = ((act0 >= model.row_lo - bound_tolerance(model.row_lo)) &
                (act0 <= hi_all + bound_tolerance(hi_all))).all(axis=1) & \
            ((starts >= model.col_lo) & (starts <= model.col_hi)).all(axis=1)
        if fits.any():
            sc = np.where(fits, starts @ c, -math.inf)
            i = int(np.argmax(sc))
            best, best_x = float(sc[i]), starts[i]
    dive = _dive(p, order, vals, sufmin, sufmax, lo, hi)
    if dive is not None and float(c @ dive) > best:
        best, best_x = float(c @ dive), dive
    inc: tuple[int, int] | None = None  # (level, node) of the best node found by the search
    act = np.zeros((1, R.size))
    val = np.zeros(1)
    parents: list[np.ndarray] = []
    picks: list[np.ndarray] = []
    for j in range(G):
        g = int(order[j])
        ks = p.choice_ids[g]
        k = ks.size
        L = val.size
        nact = (act[:, None, :] + p.CT[g, ks][None, :, :]).reshape(L * k, R.size)
        nval = (val[:, None] + vals[g, ks][None, :]).reshape(L * k)
        par = np.repeat(np.arange(L), k)
        pick = np.tile(ks, L)
        keep = ((nact + sufmin[j + 1] <= hi) & (nact + sufmax[j + 1] >= lo)).all(axis=1)
        nact, nval, par, pick = nact[keep], nval[keep], par[keep], pick[keep]
        if off_ok[j + 1] and nval.size:  # a node with every row met is a portfolio (the groups left off)
            now = ((nact >= lo) & (nact <= hi)).all(axis=1)
            if now.any():
                i = int(np.argmax(np.where(now, nval, -math.inf)))
                if nval[i] > best:
                    best, best_x, inc = float(nval[i]), None, (j, i)
        if math.isfinite(best) and nval.size:
            keep = bound(j + 1, nval, nact) > best + 1e-12 * max(1.0, abs(best))
            if inc is not None and inc[0] == j:  # keep the incumbent's node, to read its choices back
                keep[inc[1]] = True
                inc = (j, int(keep[:inc[1]].sum()))
            nact, nval, par, pick = nact[keep], nval[keep], par[keep], pick[keep]
        if nval.size > MAX_NODES:
            return None
        parents.append(par)
        picks.append(pick)
        act, val = nact, nval
        if not val.size:
            break
    if val.size and len(parents) == G:  # complete portfolios (every row met: the tests at the last level)
        i = int(np.argmax(val))
        if val[i] > best:
            best, best_x, inc = float(val[i]), None, (G - 1, i)
    if inc is None:
        return None if best_x is None else np.array(best_x, float)
    level, node = inc
    chosen = p.off.copy()
    for j in range(level, -1, -1):
        chosen[order[j]] = picks[j][node]
        node = int(parents[j][node])
    return p.X[np.arange(G), chosen].sum(axis=0)


def _context(p: SmallPlan, c: np.ndarray, finite: np.ndarray) -> tuple:
    """What the search of one objective needs beside the rows' bounds: choice values, knapsack rows, the
    order of the groups, the rows' reach per level and the bound tables; kept for the last few objectives
    (the frontier re-solves one objective at many budgets)."""
    key = (c.tobytes(), finite.tobytes())
    hit = p.memo.get(key)
    if hit is not None:
        return hit
    G = p.valid.shape[0]
    vals = np.where(p.valid, p.X @ c, -np.inf)  # (G, kmax)
    gain = np.maximum(vals.max(axis=1), 0.0)
    kidx = np.nonzero(p.knap & finite)[0]
    K = kidx.size
    # each group's least weight on each knapsack row among its choices worth something: (G, K)
    weight = np.where((vals > 0)[:, :, None], p.CT[:, :, kidx], np.inf).min(axis=1)
    weight = np.where(np.isfinite(weight), weight, 0.0)
    forced = p.valid.sum(axis=1) == 1
    if K:  # order: forced groups first, then by value per unit of the most crowded knapsack row
        main = int(np.argmax((weight > 0).sum(axis=0)))
        w = weight[:, main]
        ratio = np.where(w > 0, gain / np.where(w > 0, w, 1.0), np.inf)
    else:
        ratio = gain.copy()
    ratio = np.where(gain > 0, ratio, -1.0)
    order = np.lexsort((np.arange(G), -ratio, ~forced))
    sufmin, sufmax, off_ok = p.suffixes(order)
    total_gain = np.zeros(G + 1)
    total_gain[:G] = np.cumsum(gain[order][::-1])[::-1]
    Wc, Uc = _knapsack_tables(gain, weight, order)  # (G + 1, K, G + 1)
    out = (vals, kidx, order, sufmin, sufmax, off_ok, total_gain, Wc, Uc)
    if len(p.memo) >= 4:
        p.memo.pop(next(iter(p.memo)))
    p.memo[key] = out
    return out


def _dive(p: SmallPlan, order: np.ndarray, vals: np.ndarray, sufmin: np.ndarray, sufmax: np.ndarray,
          lo: np.ndarray, hi: np.ndarray) -> np.ndarray | None:
    """A first incumbent: down the order, each group's most valuable choice that keeps every row reachable."""
    act = np.zeros(p.rows.size)
    chosen = p.off.copy()
    for j, g in enumerate(order.tolist()):
        ks = p.choice_ids[g]
        nact = act[None, :] + p.CT[g, ks]
        ok = ((nact + sufmin[j + 1] <= hi) & (nact + sufmax[j + 1] >= lo)).all(axis=1)
        if not ok.any():
            return None
        i = int(np.argmax(np.where(ok, vals[g, ks], -np.inf)))
        act = nact[i]
        chosen[g] = ks[i]
    return p.X[np.arange(len(chosen)), chosen].sum(axis=0)


def _knapsack_tables(gain: np.ndarray, weight: np.ndarray, order: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Cumulative weights and gains (G + 1, K, G + 1) of the items left at each level, by value per weight.

    Level j holds the groups ``order[j:]``; the others count as weight 0 and gain 0, so the
    cumulative sums stay flat over them and the Dantzig bound reads off the next rise.
    """
    G, K = weight.shape
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.where(weight > 0, gain[:, None] / np.where(weight > 0, weight, 1.0), np.inf)
    r = np.where(gain[:, None] > 0, r, -1.0)
    srt = np.argsort(-r, axis=0, kind="stable")  # (G, K) items by ratio, per row
    level = np.empty(G, np.int64)
    level[order] = np.arange(G)
    w = np.take_along_axis(weight, srt, axis=0)
    u = gain[srt]
    w = np.where(u > 0, w, 0.0)
    left = level[srt][None] >= np.arange(G + 1)[:, None, None]  # (G + 1, G, K)
    Wc = np.zeros((G + 1, K, G + 1))
    Uc = np.zeros((G + 1, K, G + 1))
    Wc[..., 1:] = np.cumsum(np.where(left, w[None], 0.0), axis=1).transpose(0, 2, 1)
    Uc[..., 1:] = np.cumsum(np.where(left, u[None], 0.0), axis=1).transpose(0, 2, 1)
    return Wc, Uc
