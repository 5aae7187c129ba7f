"""A Lagrangian bound over the model's budget knapsacks, and a branch and bound that settles many objectives at once.

Stage 0 of :func:`~mkba.portfolio.reoptimise.reoptimise`. The yearly budget rows of a
portfolio model are disjoint 0-1 knapsacks; every other rule is priced by a multiplier, so the
bound :math:`L(y) \\ge` the optimum is a knapsack per year, solved exactly by dynamic
programming for every sample and node in one vectorised pass (:class:`Knapsacks`; Lagrangian
relaxation, Fisher 1981, Management Science 27(1):1-18; Nemhauser & Wolsey 1988, II.3.6).
:func:`lagrangian_settle` improves the multipliers by subgradient steps (Held, Wolfe & Crowder
1974) and branches on binary columns until each sample's incumbent is proven optimal within the
gap, or leaves the sample to the MIP. Every Lagrangian maximiser that meets all rules is a
feasible portfolio and joins the pool of incumbents. NumPy only: no solver.
"""

from __future__ import annotations

import math

import numpy as np

from .evaluate import bound_tolerance
from .formulation import LinearModel

__all__ = ["Knapsacks", "lagrangian_settle"]


class Knapsacks:
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
    :func:`lagrangian_settle` needs.
    """

    CAP_MAX = 4096
    WORK_MAX = 600_000  # DP cells per node and evaluation (sum over blocks of items x capacity)
    TK_CELLS = 40_000_000  # booleans kept for the backtracking per chunk of nodes

    def __init__(self, model: LinearModel) -> None:
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
        # the tolerance of is_feasible
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
        """Which rows of X meet every row of the model (the tolerance of :func:`~mkba.portfolio.evaluate.is_feasible`)."""
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


def lagrangian_settle(ks: Knapsacks, C: np.ndarray, Y0: np.ndarray, pool: np.ndarray, keys: set, *,
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
