r"""Rank correlation and consensus of several rankings of the same measures (rows = rankings).

Correlation (every pair of rankings):

- Kendall's tau-b (Kendall 1945): ties counted as ties, so a ranking with ties still has tau = 1
  with itself;
- Spearman's rho: Pearson's correlation of the mid-ranks (ties share the mean of their places);
- WS, the rank similarity coefficient of Sałabun & Urbaniak (2020), ICCS 2020, LNCS 12138:632-645,
  doi:10.1007/978-3-030-50417-5_47: :math:`WS = 1 - \sum_i 2^{-R_{xi}}\,
  \frac{|R_{xi} - R_{yi}|}{\max(|R_{xi} - 1|, |R_{xi} - N|)}`, with :math:`R_x` the reference
  ranking. It weighs a disagreement at the top more than one at the bottom and is not symmetric:
  ``ws[a, b]`` takes ranking ``a`` as the reference.

Consensus (one ranking from several):

- Borda: a measure's points are the number of measures ranked below it, summed over the rankings
  (ties: half a point each way); the consensus orders by points;
- Copeland: a measure beats another when more rankings put it above than below; its score is
  wins minus losses;
- Kemeny (Kemeny 1959; Kemeny & Snell 1962): the strict order with the fewest pairwise
  disagreements with the rankings (sum of Kendall distances), found exactly by dynamic programming
  over subsets (Held-Karp style: O(2^n n^2)); refused above :data:`KEMENY_MAX` measures, because the
  problem is NP-hard (Bartholdi, Tovey & Trick 1989) and an approximation would not be "Kemeny".
"""

from __future__ import annotations

import numpy as np

from ..errors import MethodError

__all__ = ["KEMENY_MAX", "mid_ranks", "kendall_tau_b", "spearman_rho", "ws_coefficient", "beats", "borda",
           "copeland", "kemeny", "kemeny_cost"]

#: The longest list ranked exactly by Kemeny's rule (2^12 subsets x 12: well under a second).
KEMENY_MAX = 12


def _rows(ranks: np.ndarray) -> np.ndarray:
    r = np.asarray(ranks, dtype=float)
    if r.ndim != 2 or r.shape[1] == 0:
        raise MethodError(f"rankings must be a (k, n) array with n >= 1; got shape {r.shape}")
    if not np.isfinite(r).all():
        raise MethodError("rankings must be finite numbers")
    return r


def mid_ranks(ranks: np.ndarray) -> np.ndarray:
    """Each row as mid-ranks: tied measures share the mean of the places they take (1-based). O(n log n)."""
    r = _rows(ranks)
    out = np.empty_like(r)
    n = r.shape[1]
    pos = np.arange(n)
    for k, row in enumerate(r):
        order = np.argsort(row, kind="stable")
        s = row[order]
        new = np.ones(n, dtype=bool)
        new[1:] = s[1:] != s[:-1]
        start = np.maximum.accumulate(np.where(new, pos, 0))
        end = np.minimum.accumulate(np.where(np.append(new[1:], True), pos, n)[::-1])[::-1]
        out[k, order] = (start + end) / 2.0 + 1.0
    return out


def _pearson(a: np.ndarray) -> np.ndarray:
    """(k, k) correlation of the rows of ``a``; NaN where a row is constant."""
    c = a - a.mean(axis=1, keepdims=True)
    dot = c @ c.T
    norm = np.sqrt(np.outer(np.diag(dot), np.diag(dot)))
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.where(norm > 0, dot / np.where(norm > 0, norm, 1.0), np.nan)
    np.fill_diagonal(out, np.where(np.diag(dot) > 0, 1.0, np.nan))
    return np.clip(out, -1.0, 1.0)


def kendall_tau_b(ranks: np.ndarray, *, block: int = 256) -> np.ndarray:
    """(k, k) Kendall tau-b between every pair of rows; NaN where a row is all ties (tau undefined).

    tau_b = sum_ij s^a_ij s^b_ij / sqrt(sum |s^a_ij| sum |s^b_ij|), s_ij = sign(r_i - r_j), summed
    in blocks of ``block`` measures (memory O(k block n), time O(k^2 n^2)).
    """
    r = _rows(ranks)
    k, n = r.shape
    dot = np.zeros((k, k))
    for a in range(0, n, block):
        s = np.sign(r[:, a:a + block, None] - r[:, None, :]).reshape(k, -1)
        dot += s @ s.T
    norm = np.sqrt(np.outer(np.diag(dot), np.diag(dot)))
    with np.errstate(invalid="ignore", divide="ignore"):
        tau = np.where(norm > 0, dot / np.where(norm > 0, norm, 1.0), np.nan)
    np.fill_diagonal(tau, np.where(np.diag(dot) > 0, 1.0, np.nan))
    return np.clip(tau, -1.0, 1.0)


def spearman_rho(ranks: np.ndarray) -> np.ndarray:
    """(k, k) Spearman's rho (Pearson correlation of mid-ranks); NaN where a row is all ties."""
    return _pearson(mid_ranks(ranks))


def ws_coefficient(ranks: np.ndarray) -> np.ndarray:
    """(k, k) WS similarity, ``ws[a, b]`` with row ``a`` as the reference ranking (Sałabun & Urbaniak 2020).

    Rank values are used as given (competition ranks for ties); a list of one measure has WS = 1.
    """
    r = _rows(ranks)
    n = r.shape[1]
    if n == 1:
        return np.ones((len(r), len(r)))
    ref = r[:, None, :]
    den = np.maximum(np.abs(ref - 1.0), np.abs(ref - n))
    den = np.where(den > 0, den, 1.0)
    return 1.0 - (2.0 ** -ref * np.abs(ref - r[None, :, :]) / den).sum(axis=2)


def beats(ranks: np.ndarray) -> np.ndarray:
    """(n, n) number of rankings that put measure i strictly above (a lower rank than) measure j."""
    r = _rows(ranks)
    return (r[:, :, None] < r[:, None, :]).sum(axis=0)


def borda(ranks: np.ndarray) -> np.ndarray:
    """Borda points per measure: measures ranked below it, summed over the rankings (a tie is half each
    way), i.e. the sum of n - mid-rank."""
    r = _rows(ranks)
    return (r.shape[1] - mid_ranks(r)).sum(axis=0)


def copeland(ranks: np.ndarray, *, block: int = 256) -> np.ndarray:
    """Copeland score per measure: pairwise majority wins minus losses over the other measures
    (in blocks of ``block`` measures: memory O(k block n))."""
    r = _rows(ranks)
    n = r.shape[1]
    out = np.empty(n)
    for a in range(0, n, block):
        rows = r[:, a:a + block, None]
        margin = (rows < r[:, None, :]).sum(axis=0) - (rows > r[:, None, :]).sum(axis=0)
        out[a:a + block] = np.sign(margin).sum(axis=1)
    return out


def kemeny_cost(order: np.ndarray | list[int], ranks: np.ndarray) -> int:
    """Disagreements of the strict ``order`` (positions, best first) with the rankings:
    the number of (ranking, pair) where the ranking puts the later measure strictly above the earlier."""
    b = beats(ranks)
    o = np.asarray(order)
    pos = np.empty(len(o), dtype=int)
    pos[o] = np.arange(len(o))
    later = pos[None, :] > pos[:, None]          # later[i, j]: j after i in the order
    return int((b.T * later).sum())              # b[j, i]: rankings with j above i


def kemeny(ranks: np.ndarray, *, max_n: int = KEMENY_MAX) -> tuple[np.ndarray, int]:
    """An exact Kemeny order (positions, best first) and its cost (:func:`kemeny_cost`).

    Dynamic programming over subsets: ``best[S]`` is the least cost of ordering the measures in S
    first; appending measure a after S costs the rankings that put a above a member of S. Among
    equally good orders the one found first (lowest positions early) is returned.

    Raises
    ------
    MethodError
        More than ``max_n`` measures (exact Kemeny is NP-hard; use Borda or Copeland there).
    """
    b = beats(ranks)
    n = b.shape[0]
    if n > max_n:
        raise MethodError(f"Kemeny consensus is computed exactly for at most {max_n} measures; got {n} "
                          "(it is NP-hard: use the Borda or Copeland consensus for longer lists)")
    full = 1 << n
    # add[S, a]: cost of placing a right after the set S = sum over i in S of b[a, i]
    members = ((np.arange(full)[:, None] >> np.arange(n)[None, :]) & 1).astype(np.int64)  # (2^n, n)
    add = members @ b.T.astype(np.int64)            # add[S, a] = sum_i in S b[a, i]
    best = np.full(full, np.iinfo(np.int64).max, dtype=np.int64)
    last = np.full(full, -1, dtype=np.int64)
    best[0] = 0
    for s in range(full):                            # subsets in increasing order: S before S | a
        if best[s] == np.iinfo(np.int64).max:
            continue
        free = np.flatnonzero(members[s] == 0)
        if free.size == 0:
            continue
        nxt = s | (1 << free)
        cost = best[s] + add[s, free]
        better = cost < best[nxt]
        best[nxt[better]] = cost[better]
        last[nxt[better]] = free[better]
    order = []
    s = full - 1
    while s:
        a = int(last[s])
        order.append(a)
        s &= ~(1 << a)
    return np.array(order[::-1], dtype=int), int(best[full - 1])
