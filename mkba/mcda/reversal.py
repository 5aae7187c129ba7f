"""Rank-reversal audit: Wang & Triantaphyllou's three test criteria and leave-one-out, per method.

Wang, X. & Triantaphyllou, E. (2008). Ranking irregularities when evaluating alternatives by using
some ELECTRE methods. Omega 36(1):45-63, doi:10.1016/j.omega.2005.12.003, section 3 (numbered as
there, and as scikit-criteria's ``RankInvariantChecker`` / ``RankTransitivityChecker`` do):

1. **Worse replacement.** The best measure should stay best when a non-optimal measure is replaced
   by a worse one (weights unchanged). Here each non-optimal measure k in turn is moved a fraction
   ``delta`` (default 0.5) of the way to the list's worst value on every criterion (strictly worse
   wherever it was not already the worst; a measure already worst everywhere is not tested). The
   test fails for k when the set of best measures changes.
2. **Transitivity.** The problem is decomposed into the n(n-1)/2 sub-problems of two measures (same
   criteria, same weights); their verdicts should be transitive. Failures are triples (a, b, c) with
   a at least as good as b and b at least as good as c in their sub-problems, while c beats a.
3. **Decomposition.** The ranking recombined from the sub-problems should equal the original ranking.
   It does exactly when every two-measure verdict agrees with the original order of that pair;
   failures are the pairs where it does not.

**Leave-one-out** (the usual rank-reversal check, e.g. pymcdm's ``leave_one_out_rr``): each measure
is removed in turn and the rest ranked again; failures are pairs whose strict order flips.

A method whose score is an additive value on a scale fixed independently of the list (``mavt`` with
bounds) passes all four by construction; every list-relative method (min-max, vector or sum
normalisation, ideal points, pairwise flows) can fail them. The sub-problems of a block are scored
at once through the methods' sampled kernels (:func:`mkba.mcda.sampled.sampled_scorer`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Hashable, Mapping, Sequence

import numpy as np
import pandas as pd

from ..errors import MethodError
from .core import read_inputs
from .ranking import rank
from .registry import check_params, get_method
from .sampled import sampled_scorer

__all__ = ["AUDIT_MAX", "TESTS", "ReversalAudit", "RankReversal", "rank_reversal"]

#: The longest list audited (the decomposition scores n(n-1)/2 two-measure problems, leave-one-out n).
AUDIT_MAX = 500
#: The tests, in report order.
TESTS = ("worse_replacement", "transitivity", "decomposition", "leave_one_out")


@dataclass(frozen=True)
class ReversalAudit:
    """One method's audit. Measures are named as in :attr:`measures`; each failure list is complete
    (``*_count`` equals its length) unless ``max_listed`` cut it, then the count is the full number.

    - ``worse_replacement``: (k, new best measures) for every k whose worse replacement changes the best;
      ``untested``: measures already worst on every criterion (nothing worse to put in their place);
    - ``intransitive``: triples (a, b, c), see the module docstring;
    - ``decomposition``: pairs (a, b) ranked a above (or level with) b in the list whose sub-problem says otherwise;
    - ``leave_one_out``: (k, ((a, b), ...)) with the pairs whose order flips when k is removed.
    """

    method: str
    measures: tuple[Hashable, ...]
    worse_replacement: tuple[tuple[Hashable, tuple[Hashable, ...]], ...]
    untested: tuple[Hashable, ...]
    intransitive: tuple[tuple[Hashable, Hashable, Hashable], ...]
    intransitive_count: int
    decomposition: tuple[tuple[Hashable, Hashable], ...]
    decomposition_count: int
    leave_one_out: tuple[tuple[Hashable, tuple[tuple[Hashable, Hashable], ...]], ...]
    leave_one_out_count: int

    @property
    def passed(self) -> dict[str, bool]:
        """Per test (:data:`TESTS`): True when no failure was found."""
        return {"worse_replacement": not self.worse_replacement, "transitivity": self.intransitive_count == 0,
                "decomposition": self.decomposition_count == 0, "leave_one_out": self.leave_one_out_count == 0}

    def to_dict(self) -> dict[str, Any]:
        s = str
        return {
            "passed": self.passed,
            "worse_replacement": [{"replaced": s(k), "new_best": [s(b) for b in best]}
                                  for k, best in self.worse_replacement],
            "untested": [s(k) for k in self.untested],
            "intransitive": [[s(a), s(b), s(c)] for a, b, c in self.intransitive],
            "intransitive_count": self.intransitive_count,
            "decomposition": [[s(a), s(b)] for a, b in self.decomposition],
            "decomposition_count": self.decomposition_count,
            "leave_one_out": [{"removed": s(k), "reversed": [[s(a), s(b)] for a, b in pairs]}
                              for k, pairs in self.leave_one_out],
            "leave_one_out_count": self.leave_one_out_count,
        }


@dataclass(frozen=True)
class RankReversal:
    """The audit of every method (:func:`rank_reversal`), by method name."""

    audits: Mapping[str, ReversalAudit]
    delta: float

    def to_frame(self) -> pd.DataFrame:
        """One row per method: the number of failures per test (0 = passed)."""
        rows = {m: {"worse_replacement": len(a.worse_replacement), "transitivity": a.intransitive_count,
                    "decomposition": a.decomposition_count, "leave_one_out": a.leave_one_out_count}
                for m, a in self.audits.items()}
        return pd.DataFrame.from_dict(rows, orient="index").rename_axis("method")

    def to_dict(self) -> dict[str, Any]:
        return {"delta": self.delta, "methods": {m: a.to_dict() for m, a in self.audits.items()}}


def _ranks(scores: np.ndarray, higher: bool) -> np.ndarray:
    return rank(scores, higher_is_better=higher)


def _pairs_flipped(before: np.ndarray, after: np.ndarray) -> np.ndarray:
    """(n, n) True where a was strictly above b before and strictly below after (ranks, lower = better)."""
    return (before[:, None] < before[None, :]) & (after[:, None] > after[None, :])


def _intransitive(pref: np.ndarray, max_listed: int) -> tuple[list[tuple[int, int, int]], int]:
    """Sets of three measures whose two-measure verdicts are not transitive: listed (a, b, c) with
    a >= b, b >= c while c beats a (at most ``max_listed``, one per set), and all of them counted.

    A set of three is intransitive exactly when it is a strict cycle (a > b > c > a), or two of its
    pairs are level and the third is not (a ~ b ~ c with a > c), or one pair is level and the third
    measure lies strictly between them (a ~ b with a > c > b). With S the strict preference and E the
    level pairs (0/1 matrices), those are trace(S^3)/3, sum((E E) * S) and sum(E * (S S)) sets: three
    matrix products instead of a walk over the n^3 triples.
    """
    n = len(pref)
    strict = (pref > 0).astype(float)
    level = (pref == 0).astype(float)
    np.fill_diagonal(level, 0.0)
    ss = strict @ strict
    count = int(round(np.trace(ss @ strict) / 3 + ((level @ level) * strict).sum() + (level * ss).sum()))
    listed: list[tuple[int, int, int]] = []
    seen: set[frozenset[int]] = set()
    at_least = pref >= 0
    for a in range(n):
        if len(listed) >= max_listed or len(listed) >= count:
            break
        bc = at_least[a][:, None] & at_least & (pref[a] < 0)[None, :]
        bc[a, :] = False
        np.fill_diagonal(bc, False)
        for b, c in zip(*np.nonzero(bc)):
            key = frozenset((a, int(b), int(c)))
            if key not in seen:
                seen.add(key)
                listed.append((a, int(b), int(c)))
                if len(listed) >= max_listed:
                    break
    return listed, count


def _audit(name: str, x: np.ndarray, w: np.ndarray, t: np.ndarray, params: dict[str, Any], names: list[Hashable],
           delta: float, max_listed: int) -> ReversalAudit:
    entry = get_method(name)
    higher = entry.higher_is_better
    n, m = x.shape
    base = _ranks(entry.kernel(x, w[None, :], t, **params)[0], higher)

    def score_block(block: np.ndarray) -> np.ndarray:
        return sampled_scorer(entry, block, t, params)(np.broadcast_to(w, (block.shape[0], m)))

    # test 1: worse replacement
    worst = np.where(t > 0, x.min(axis=0), x.max(axis=0))
    best_set = set(np.flatnonzero(base == 1).tolist())
    candidates = [k for k in range(n) if k not in best_set]
    worse_fail: list[tuple[Hashable, tuple[Hashable, ...]]] = []
    untested: list[Hashable] = []
    tested = []
    for k in candidates:
        if np.array_equal(x[k], worst):
            untested.append(names[k])
        else:
            tested.append(k)
    if tested:
        block = np.repeat(x[None], len(tested), axis=0)
        for i, k in enumerate(tested):
            block[i, k] = x[k] + delta * (worst - x[k])
        ranks = _ranks(score_block(block), higher)
        for i, k in enumerate(tested):
            now = set(np.flatnonzero(ranks[i] == 1).tolist())
            if now != best_set:
                worse_fail.append((names[k], tuple(names[j] for j in sorted(now))))

    # tests 2 and 3: two-measure sub-problems
    a_idx, b_idx = np.triu_indices(n, 1)
    pref = np.zeros((n, n), dtype=int)        # +1: row beats column in their sub-problem, -1: loses, 0: level
    if a_idx.size:
        sub = np.stack([x[a_idx], x[b_idx]], axis=1)   # (P, 2, m)
        r = _ranks(score_block(sub), higher)
        verdict = np.sign(r[:, 1] - r[:, 0])           # +1: a ranked above b
        pref[a_idx, b_idx] = verdict
        pref[b_idx, a_idx] = -verdict
    found, n_triples = _intransitive(pref, max_listed)
    triples = [(names[i], names[j], names[k]) for i, j, k in found]
    orig = np.sign(base[None, :] - base[:, None])      # +1: row above column in the full ranking
    bad = (pref != orig) & (orig >= 0)
    np.fill_diagonal(bad, False)
    ba, bb = np.nonzero(bad & ((orig > 0) | (np.arange(n)[:, None] < np.arange(n)[None, :])))
    decomposition = [(names[a], names[b]) for a, b in zip(ba[:max_listed], bb[:max_listed])]

    # leave-one-out
    loo: list[tuple[Hashable, tuple[tuple[Hashable, Hashable], ...]]] = []
    loo_count = 0
    if n > 2:
        keep_rows = np.array([[j for j in range(n) if j != k] for k in range(n)])
        r = _ranks(score_block(x[keep_rows]), higher)
        for k in range(n):
            rest = keep_rows[k]
            fa, fb = np.nonzero(_pairs_flipped(base[rest], r[k]))
            loo_count += len(fa)
            if len(fa) and len(loo) < max_listed:
                loo.append((names[k], tuple((names[rest[a]], names[rest[b]]) for a, b in zip(fa, fb))))
    return ReversalAudit(method=name, measures=tuple(names), worse_replacement=tuple(worse_fail),
                         untested=tuple(untested), intransitive=tuple(triples), intransitive_count=n_triples,
                         decomposition=tuple(decomposition), decomposition_count=int(len(ba)),
                         leave_one_out=tuple(loo), leave_one_out_count=loo_count)


def rank_reversal(matrix: Any, weights: Any, types: Any, *, methods: Sequence[str] = ("topsis", "vikor",
                  "promethee2", "wsm"), params: Mapping[str, Mapping[str, Any]] | None = None, delta: float = 0.5,
                  max_listed: int = 20, validate: bool = True, normalize_weights: bool = False) -> RankReversal:
    """Wang & Triantaphyllou's tests 1-3 and leave-one-out for each method (see the module docstring).

    Inputs as :func:`mkba.mcda.evaluate` with one weight vector; ``params`` per method as
    :func:`mkba.mcda.compare.compare`; ``delta`` in (0, 1] is how far a replaced measure moves toward
    the worst values; at most ``max_listed`` failures are listed per test (all are counted).

    Raises
    ------
    MethodError
        More than :data:`AUDIT_MAX` or fewer than 2 measures, more than one weight vector, ``delta``
        outside (0, 1], an unknown method or bad input.
    """
    if not (isinstance(delta, (int, float)) and 0.0 < float(delta) <= 1.0):
        raise MethodError(f"rank_reversal: delta must be in (0, 1]; got {delta!r}")
    data = read_inputs(matrix, weights, types, validate=validate, normalize_weights=normalize_weights)
    if data.w.ndim != 1:
        raise MethodError(f"rank_reversal takes one weight vector; got weights of shape {data.w.shape}")
    n, m = data.x.shape
    if not 2 <= n <= AUDIT_MAX:
        raise MethodError(f"rank_reversal audits lists of 2 to {AUDIT_MAX} measures; got {n} "
                          "(the decomposition test scores n(n-1)/2 two-measure problems)")
    names: list[Hashable] = list(data.measures) if data.measures is not None else list(range(n))
    params = {get_method(k).name: dict(v) for k, v in (params or {}).items()}
    audits = {}
    for method in methods:
        name = get_method(method).name
        resolved = check_params(name, params.get(name, {}), n_criteria=m)
        audits[name] = _audit(name, data.x, data.w, data.t, resolved, names, float(delta), max_listed)
    return RankReversal(audits=audits, delta=float(delta))
