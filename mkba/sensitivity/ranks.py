r"""Row-wise competition ranks of score blocks, fast and exactly as :func:`mkba.mcda.rank`.

SMAA spends most of its time ranking a (B, n) block of scores per sample block. This
module returns, per row, the measures in rank order and the 0-based rank of each position,
with exactly the semantics of :func:`mkba.mcda.rank` (ties share the best rank; a new rank
group starts where the gap to the previous sorted score exceeds
``TIE_RTOL * max|score|`` of the row; groups chain).

Fast path (n <= 2048): *packed keys*. Each score is mapped to its order-preserving
unsigned 64-bit key, the low 11 bits are replaced by the measure's column index, and the
keys are sorted with ``np.sort`` (SIMD sort, ~3x faster than ``argsort``; no gather of
the values). The sorted keys give the order by truncated score, then index; the
truncated scores :math:`T` satisfy :math:`0 \le v - T < 2^{-41}|v|`. Between two runs of
equal :math:`T` the true gap of the exactly sorted sequence lies within
:math:`\delta = 2^{-41} M + 4\epsilon M` of the computed :math:`D = T_{p+1} - T_p`, and
inside a run every gap is below :math:`2^{-41} M <` tolerance. So a boundary is certain if
:math:`D - \delta >` tol and certainly absent if :math:`D + \delta \le` tol; a row with any
gap in between (true near-ties at ~1e-12, essentially never in practice) is re-ranked
with :func:`mkba.mcda.rank` itself. The result therefore equals ``mcda.rank`` exactly;
only the order of measures *within* a tie group can differ, which no SMAA index sees.

Otherwise (n > 2048): ``argsort`` + gather + the same gap test (exact by construction).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import MethodError
from ..mcda import TIE_RTOL
from ..mcda import rank as mcda_rank

__all__ = ["RankedBlock", "rank_block", "first_mask", "PACKED_BITS"]

#: Index bits of the packed key; the packed path is used for n <= 2**PACKED_BITS.
PACKED_BITS = 11
_MIN = np.int64(-(2**63))
_MAX = np.int64(2**63 - 1)
_EPS = np.finfo(float).eps
_TINY = 2.0 ** (PACKED_BITS + 1) * np.finfo(float).smallest_subnormal


@dataclass(frozen=True)
class RankedBlock:
    """Ranks of one (B, n) block.

    Attributes
    ----------
    order : (B, n) int64, ``order[k, p]`` = measure at position p of row k (best first).
    rank0 : (B, n) int64 0-based rank of position p, or None when no row has a tie
        (then the rank of position p is p).
    """

    order: np.ndarray
    rank0: np.ndarray | None

    def ranks(self) -> np.ndarray:
        """0-based rank per measure, (B, n)."""
        b, n = self.order.shape
        out = np.empty((b, n), dtype=np.int64)
        val = self.rank0 if self.rank0 is not None else np.broadcast_to(np.arange(n), (b, n))
        np.put_along_axis(out, self.order, val, axis=1)
        return out


def _keys_sorted(s: np.ndarray, higher_is_better: bool, same_sign: int) -> tuple[np.ndarray, np.ndarray]:
    """Sort packed keys of each row, best first; returns (order, truncated scores in that order).

    ``same_sign`` is +1 if every score is >= 0, -1 if every score is <= 0, else 0. With one
    sign the order-preserving key is a single subtraction of the bit pattern (fewer passes);
    the returned truncated values are then those of |s| (their gaps are what is tested).
    """
    b, n = s.shape
    mask = np.uint64((1 << PACKED_BITS) - 1)
    if same_sign != 0:
        # reduce to scores >= 0 (+0.0 turns -0.0 into 0.0): their bit patterns grow with the score
        s = s + 0.0 if same_sign > 0 else -s + 0.0
        descending = higher_is_better == (same_sign > 0)       # best first = largest s first
        bits = s.view(np.int64)
        key = np.subtract(_MAX, bits) if descending else bits
    else:
        # generic order-preserving key of v (v = -s or s): bits(v) ^ (v < 0 ? ~0 : MIN)
        bits = s.view(np.int64)
        vb = bits ^ _MIN if higher_is_better else bits.copy()
        key = vb >> 63
        key |= _MIN
        key ^= vb
    k = key.view(np.uint64)
    k &= ~mask
    k |= np.arange(n, dtype=np.uint64)
    k.sort(axis=1)
    order = (k & mask).astype(np.int64)
    k &= ~mask
    ks = k.view(np.int64)
    if same_sign != 0:
        tb = np.subtract(_MAX, ks, out=ks) if descending else ks
        return order, tb.view(np.float64)        # truncated |s|; only its gaps are used
    inv = ks >> 63
    np.invert(inv, out=inv)
    inv |= _MIN
    inv ^= ks                                                   # bit pattern of truncated v
    if higher_is_better:
        inv ^= _MIN                                             # back to s
    return order, inv.view(np.float64)


def rank_block(scores: np.ndarray, higher_is_better: bool = True) -> RankedBlock:
    """Competition ranks of each row of ``scores`` (B, n), as :func:`mkba.mcda.rank`.

    Raises
    ------
    MethodError
        Non-finite scores.
    """
    s = np.ascontiguousarray(scores, dtype=np.float64)
    if s.ndim != 2:
        raise MethodError(f"rank_block expects a (B, n) block; got shape {s.shape}")
    b, n = s.shape
    if b == 0 or n == 0:
        return RankedBlock(np.zeros((b, n), dtype=np.int64), None)
    lo = s.min(axis=1, keepdims=True)
    hi = s.max(axis=1, keepdims=True)
    big = np.maximum(np.abs(lo), np.abs(hi))
    if not np.isfinite(big).all():
        raise MethodError("the method returned non-finite scores (NaN or inf) for some weight or value sample")
    tol = TIE_RTOL * big
    if n == 1:
        return RankedBlock(np.zeros((b, 1), dtype=np.int64), None)
    ambiguous = None
    if n <= 2**PACKED_BITS:
        same_sign = 1 if lo.min() >= 0 else (-1 if hi.max() <= 0 else 0)
        order, t = _keys_sorted(s, higher_is_better, same_sign)
        d = np.abs(np.diff(t, axis=1))     # |gap| of the truncated scores, in rank order
        # truncation error: relative 2^-41 of |v| (normal numbers), absolute 2^11 subnormal steps near 0
        delta = big * (2.0 ** (PACKED_BITS - 52) * (1.0 + 2.0 ** (PACKED_BITS - 50)) + 4 * _EPS) + _TINY
        clear = d.min(axis=1, keepdims=True) - delta > tol       # every gap certainly a boundary
        if clear.all():
            return RankedBlock(order, None)
        boundary = d - delta > tol
        ambiguous = ~boundary & (d + delta > tol)
    else:
        v = -s if higher_is_better else s
        order = np.argsort(v, axis=1)
        d = np.diff(np.take_along_axis(v, order, axis=1), axis=1)
        boundary = d > tol
    tied = ~boundary.all(axis=1)
    rank0 = None
    if tied.any():
        rank0 = np.broadcast_to(np.arange(n), (b, n)).copy()
        rows = np.flatnonzero(tied)
        pos = np.arange(n)
        newg = np.ones((rows.size, n), dtype=bool)
        newg[:, 1:] = boundary[rows]
        rank0[rows] = np.maximum.accumulate(np.where(newg, pos, 0), axis=1)
    if ambiguous is not None:
        amb = np.flatnonzero(ambiguous.any(axis=1))
        if amb.size:
            exact = mcda_rank(s[amb], higher_is_better=higher_is_better) - 1
            o = np.argsort(exact, axis=1, kind="stable")
            order[amb] = o
            if rank0 is None:
                rank0 = np.broadcast_to(np.arange(n), (b, n)).copy()
            rank0[amb] = np.take_along_axis(exact, o, axis=1)
    return RankedBlock(order, rank0)


def first_mask(scores: np.ndarray, i: int, higher_is_better: bool = True) -> np.ndarray:
    """Rows of ``scores`` (B, n) in which measure ``i`` has rank 1 (exactly as :func:`mkba.mcda.rank`).

    Uses ``fl(top - v_i) <= tol`` (certainly first: every gap of the chain is at most
    that) and ``top - v_i > (n-1) tol (1 + 1e-9)`` (certainly not: some gap exceeds tol);
    rows in between are ranked with :func:`mkba.mcda.rank`.
    """
    s = np.asarray(scores, dtype=np.float64)
    if not np.isfinite(s).all():
        raise MethodError("the method returned non-finite scores (NaN or inf) for some value sample")
    v = s if higher_is_better else -s
    top = v.max(axis=1)
    tol = TIE_RTOL * np.abs(s).max(axis=1)
    gap = top - v[:, i]
    yes = gap <= tol
    unsure = ~yes & (gap <= (s.shape[1] - 1) * tol * (1.0 + 1e-9))
    if unsure.any():
        rows = np.flatnonzero(unsure)
        yes[rows] = mcda_rank(s[rows], higher_is_better=higher_is_better)[:, i] == 1
    return yes
