"""How much does the method matter? Several MCDA methods on one matrix: rankings, correlation, consensus.

:func:`compare` scores the same matrix and weights with each method (through
:func:`mkba.mcda.evaluate`, so inputs are arrays or pandas, types in any accepted form), ranks each
(competition ranks, 1 = best, in each method's own direction) and reports:

- the rank correlation between every pair of methods: Kendall's tau-b, Spearman's rho and the WS
  coefficient of Sałabun & Urbaniak (2020) (:mod:`mkba.mcda.consensus`);
- where they disagree: per measure its best and worst rank over the methods;
- consensus rankings: Borda, Copeland and, up to :data:`~mkba.mcda.consensus.KEMENY_MAX` measures,
  the exact Kemeny order (longer lists: no Kemeny ranking, with the reason in ``kemeny_note``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Hashable, Mapping, Sequence

import numpy as np
import pandas as pd

from ..errors import MethodError
from . import consensus as cons
from .core import evaluate, read_inputs
from .ranking import rank
from .registry import get_method

__all__ = ["DEFAULT_METHODS", "Comparison", "compare", "consensus_ranks"]

#: The methods compared when none are named.
DEFAULT_METHODS = ("topsis", "vikor", "promethee2", "wsm")
#: The consensus rules, in the order they are reported.
RULES = ("borda", "copeland", "kemeny")


def consensus_ranks(ranks: np.ndarray) -> tuple[dict[str, np.ndarray], str]:
    """Competition ranks of the Borda, Copeland and (short lists) Kemeny consensus of rank rows (k, n),
    and a note saying why Kemeny is missing ("" when it is there)."""
    out = {"borda": rank(cons.borda(ranks)), "copeland": rank(cons.copeland(ranks))}
    n = ranks.shape[1]
    if n <= cons.KEMENY_MAX:
        order, _ = cons.kemeny(ranks)
        kem = np.empty(n, dtype=np.int64)
        kem[order] = np.arange(1, n + 1)
        out["kemeny"] = kem
        return out, ""
    return out, (f"Kemeny not computed: {n} measures, more than {cons.KEMENY_MAX} (exact Kemeny is NP-hard; "
                 "see the Borda and Copeland consensus)")


@dataclass(frozen=True)
class Comparison:
    """The result of :func:`compare`: one row per method in ``scores`` and ``ranks`` (M, n).

    ``kendall``, ``spearman`` and ``ws`` are (M, M) in method order (``ws[a, b]`` with method ``a``
    as the reference ranking); ``consensus`` maps a rule (borda, copeland, kemeny) to its
    competition ranks (n,). Measures are the matrix's index (labelled input) or positions 0..n-1.
    Frames: :meth:`to_frame` (ranks per method and consensus), :meth:`correlation`,
    :meth:`disagreements`.
    """

    methods: tuple[str, ...]
    measures: tuple[Hashable, ...]
    scores: np.ndarray
    ranks: np.ndarray
    kendall: np.ndarray
    spearman: np.ndarray
    ws: np.ndarray
    consensus: Mapping[str, np.ndarray]
    kemeny_note: str = ""
    labelled: bool = field(default=False, compare=False)

    def ranking(self, method: str) -> Any:
        """Competition ranks of one method (or consensus rule): an array, or a Series on the measures."""
        key = method.strip().lower()
        if key in self.consensus:
            values = self.consensus[key]
        elif key in self.methods:
            values = self.ranks[self.methods.index(key)]
        else:
            raise MethodError(f"no ranking {method!r} in this comparison; have {', '.join(self.methods + tuple(self.consensus))}")
        return pd.Series(values, index=pd.Index(self.measures), name=key) if self.labelled else values

    def to_frame(self) -> pd.DataFrame:
        """Ranks, one row per measure: a column per method, then one per consensus rule."""
        data = {m: self.ranks[k] for k, m in enumerate(self.methods)}
        data.update({f"consensus_{r}": v for r, v in self.consensus.items()})
        return pd.DataFrame(data, index=pd.Index(self.measures, name="measure"))

    def correlation(self, kind: str = "kendall") -> pd.DataFrame:
        """The (M, M) matrix ``kendall``, ``spearman`` or ``ws`` as a frame on the method names."""
        if kind not in ("kendall", "spearman", "ws"):
            raise MethodError(f"correlation kind must be 'kendall', 'spearman' or 'ws'; got {kind!r}")
        idx = pd.Index(self.methods, name="method")
        return pd.DataFrame(getattr(self, kind), index=idx, columns=idx.rename("versus"))

    def disagreements(self) -> pd.DataFrame:
        """Measures whose rank differs between methods: best and worst rank, the spread, and the rank by
        each method; sorted by spread (largest first), then by best rank."""
        lo, hi = self.ranks.min(axis=0), self.ranks.max(axis=0)
        frame = self.to_frame()[list(self.methods)]
        frame.insert(0, "spread", hi - lo)
        frame.insert(0, "worst", hi)
        frame.insert(0, "best", lo)
        frame = frame[frame["spread"] > 0]
        return frame.sort_values(["spread", "best"], ascending=[False, True], kind="stable")

    @property
    def same_top(self) -> bool:
        """Whether every method ranks the same measure(s) first."""
        tops = {tuple(np.flatnonzero(r == 1)) for r in self.ranks}
        return len(tops) == 1

    def to_dict(self) -> dict[str, Any]:
        """The block of results.json (see ``MethodComparisonBlock`` in mkba.results.types)."""
        def matrix(a: np.ndarray) -> dict[str, dict[str, float | None]]:
            return {m: {o: (None if not np.isfinite(a[i, j]) else float(a[i, j])) for j, o in enumerate(self.methods)}
                    for i, m in enumerate(self.methods)}
        names = [str(x) for x in self.measures]
        dis = self.disagreements()
        return {
            "methods": list(self.methods),
            "ranks": {m: {names[i]: int(self.ranks[k, i]) for i in range(len(names))}
                      for k, m in enumerate(self.methods)},
            "kendall_tau": matrix(self.kendall),
            "spearman_rho": matrix(self.spearman),
            "ws": matrix(self.ws),
            "same_top": self.same_top,
            "disagreements": [{"measure": str(idx), "best": int(row["best"]), "worst": int(row["worst"])}
                              for idx, row in dis.iterrows()],
            "consensus": {r: {names[i]: int(v[i]) for i in range(len(names))} for r, v in self.consensus.items()},
            "kemeny_note": self.kemeny_note,
        }


def compare(matrix: Any, weights: Any, types: Any, *, methods: Sequence[str] = DEFAULT_METHODS,
            params: Mapping[str, Mapping[str, Any]] | None = None, validate: bool = True,
            normalize_weights: bool = False) -> Comparison:
    """Rank one matrix with several MCDA methods and compare the rankings (see the module docstring).

    Parameters
    ----------
    matrix, weights, types
        As :func:`mkba.mcda.evaluate`, with ONE weight vector (compare per stakeholder by calling
        once per vector).
    methods
        At least two registered method names (case-insensitive), each once.
    params
        Optional parameters per method, e.g. ``{"vikor": {"v": 0.6}, "promethee2": {"preference": "vshape",
        "p": 5}}``; methods not named use their defaults.

    Raises
    ------
    MethodError
        Fewer than two methods, an unknown or repeated method, parameters for a method not compared,
        more than one weight vector, or bad input (as :func:`mkba.mcda.evaluate`).
    """
    names = [get_method(m).name for m in methods]
    if len(names) < 2:
        raise MethodError(f"compare needs at least two methods; got {names}")
    repeated = sorted({m for m in names if names.count(m) > 1})
    if repeated:
        raise MethodError(f"compare: method(s) {', '.join(repeated)} named twice")
    params = {get_method(k).name: dict(v) for k, v in (params or {}).items()}
    stray = sorted(set(params) - set(names))
    if stray:
        raise MethodError(f"compare: parameters given for {', '.join(stray)}, which is not compared "
                          f"(methods: {', '.join(names)})")
    data = read_inputs(matrix, weights, types, validate=validate, normalize_weights=normalize_weights)
    if data.w.ndim != 1:
        raise MethodError(f"compare takes one weight vector; got weights of shape {data.w.shape} "
                          "(call it once per row)")
    # the weights as read once (settled: a near-simplex row warned once, not once per method), in criterion order
    scores = np.vstack([np.asarray(evaluate(m, matrix, data.w, data.t, validate=validate, **params.get(m, {})),
                                   dtype=float) for m in names])
    ranks = np.vstack([rank(scores[k], higher_is_better=get_method(m).higher_is_better)
                       for k, m in enumerate(names)])
    agreed, note = consensus_ranks(ranks)
    measures = tuple(data.measures) if data.measures is not None else tuple(range(ranks.shape[1]))
    return Comparison(methods=tuple(names), measures=measures, scores=scores, ranks=ranks,
                      kendall=cons.kendall_tau_b(ranks), spearman=cons.spearman_rho(ranks),
                      ws=cons.ws_coefficient(ranks), consensus=agreed, kemeny_note=note, labelled=data.labelled)
