"""Scores and rankings per stakeholder and for the group, by the scenario's MCDA method.

All weight vectors (every stakeholder's and the group's) go through the batch kernel in one
call. Ranks use competition ranking: tied measures share the best rank ("1, 2, 2, 4"), and
``tied`` marks them. Kendall's tau-b between every pair of rankings shows where the parties
agree (1) or rank in opposite order (-1).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import mcda
from ..errors import InputIssue, MethodError, ScenarioError
from .matrix import DecisionMatrix
from ..model import MethodSpec
from .weighting import WeightTable

__all__ = ["Scores", "score"]


@dataclass(frozen=True)
class Scores:
    """Scores and ranks, rows = stakeholders then the group, columns = measures."""

    method: str
    params: dict
    higher_is_better: bool
    labels: tuple[str, ...]
    measures: tuple[str, ...]
    values: np.ndarray
    ranks: np.ndarray
    kendall: np.ndarray

    @property
    def tied(self) -> np.ndarray:
        """True where a measure shares its rank with another measure in the same row."""
        counts = np.stack([np.bincount(r, minlength=len(self.measures) + 1)[r] for r in self.ranks])
        return counts > 1

    def ranking(self, label: str = "group") -> pd.Series:
        """One stakeholder's (or the group's) ranking: a Series named after ``label`` whose index is the
        measures from first to last (tied measures in longlist order) and whose values are their
        competition ranks (tied measures share the best: 1, 2, 2, 4). ``list(ranking.index)`` is
        :meth:`order`."""
        k = self._row(label)
        order = np.argsort(self.ranks[k], kind="stable")
        return pd.Series(self.ranks[k, order], index=pd.Index([self.measures[i] for i in order], name="measure"),
                         name=label)

    def order(self, label: str = "group") -> list[str]:
        """The measures from first to last for one stakeholder (or the group), as a list of ids."""
        return [self.measures[i] for i in np.argsort(self.ranks[self._row(label)], kind="stable")]

    def _row(self, label: str) -> int:
        if label not in self.labels:
            raise KeyError(f"no ranking for {label!r}; the rankings are {', '.join(self.labels)}")
        return self.labels.index(label)

    def to_frame(self) -> pd.DataFrame:
        """Tidy frame indexed by (stakeholder, measure) with score, rank and tied."""
        index = pd.MultiIndex.from_product([self.labels, self.measures], names=["stakeholder", "measure"])
        return pd.DataFrame({"score": self.values.ravel(), "rank": self.ranks.ravel(),
                             "tied": self.tied.ravel()}, index=index)

    def kendall_frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.kendall, index=pd.Index(self.labels, name="stakeholder"),
                            columns=pd.Index(self.labels, name="stakeholder"))

    def to_dict(self) -> dict:
        tied = self.tied
        return {
            "method": self.method,
            "params": self.params,
            "higher_is_better": self.higher_is_better,
            "rankings": {
                label: [{"measure": self.measures[i], "score": float(self.values[k, i]),
                         "rank": int(self.ranks[k, i]), "tied": bool(tied[k, i])}
                        for i in np.argsort(self.ranks[k], kind="stable")]
                for k, label in enumerate(self.labels)
            },
            "kendall_tau": {a: {b: _none_if_nan(self.kendall[i, j]) for j, b in enumerate(self.labels)}
                            for i, a in enumerate(self.labels)},
        }

    def __repr__(self) -> str:
        return (f"<Scores {self.method} · {len(self.measures)} measures · {len(self.labels) - 1} stakeholders + group · "
                f"group top: {', '.join(self.order()[:3])}>")


def _none_if_nan(x: float) -> float | None:
    return None if not np.isfinite(x) else float(x)


#: Above this many measures Kendall's tau is computed pair by pair in O(n log n) (scipy), not by sign blocks.
KENDALL_BLOCKED_MAX = 4096


def kendall_matrix(ranks: np.ndarray, *, block: int = 256) -> np.ndarray:
    """Kendall's tau-b between every pair of rank rows (NaN where a row is all ties); never an n x n array.

    tau_b(a, b) = Σ_{i,j} s^a_ij s^b_ij / sqrt(Σ |s^a_ij| · Σ |s^b_ij|) with s_ij = sign(r_i - r_j)
    (Kendall 1945). Up to :data:`KENDALL_BLOCKED_MAX` measures the sign products are summed in
    blocks of ``block`` rows, vectorised over all rankings (memory O(k · block · n)); above it, each
    pair of rankings goes to scipy.stats.kendalltau (tau-b, a merge sort: O(n log n) time and O(n)
    memory per pair; 334,301 measures take about 0.6 s a pair where the blocks needed 3.2 GiB).
    Both give scipy's tau-b (checked in the tests).
    """
    k, n = ranks.shape
    if n > KENDALL_BLOCKED_MAX:
        from scipy.stats import kendalltau  # (here: scipy.stats takes 4 s to import, every other run skips it)

        tau = np.eye(k)
        for a in range(k):
            for b in range(a + 1, k):
                tau[a, b] = tau[b, a] = float(kendalltau(ranks[a], ranks[b]).statistic)
        constant = np.array([np.ptp(r) == 0 for r in ranks]) if n else np.ones(k, bool)
        tau[constant, :] = np.nan
        tau[:, constant] = np.nan
        np.fill_diagonal(tau, 1.0)
        return tau
    dot = np.zeros((k, k))
    r = ranks.astype(float)
    for start in range(0, n, block):
        signs = np.sign(r[:, start:start + block, None] - r[:, None, :]).astype(np.float32).reshape(k, -1)
        dot += (signs @ signs.T).astype(float)  # exact: entries are sums of at most block * n ones
    norm = np.sqrt(np.outer(np.diag(dot), np.diag(dot)))
    with np.errstate(invalid="ignore", divide="ignore"):
        tau = np.where(norm > 0, dot / np.where(norm > 0, norm, 1.0), np.nan)
    np.fill_diagonal(tau, 1.0)
    return tau


def score(matrix: DecisionMatrix, weights: WeightTable, method: MethodSpec, *, source: str = "") -> Scores:
    """Score every measure for every stakeholder and the group with one batch evaluation.

    Raises
    ------
    ScenarioError
        When the method cannot rank this matrix (named in the message, with the reason).
    """
    params = dict(method.params)
    spec = mcda.METHODS[method.name]
    try:
        values = mcda.evaluate(method.name, matrix.values, weights.all, matrix.types, **params)
    except MethodError as err:
        # the method cannot handle this scenario's data (e.g. negative NPVs for COPRAS):
        # that is bad input, reported like every other scenario problem
        issue = InputIssue(file=source or "scenario", field="method", value=method.name, message=f"{err} (column order: {', '.join(matrix.criteria)})",
                           expected="a method that accepts this decision matrix, e.g. topsis or promethee2")
        raise ScenarioError([issue]) from None
    ranks = mcda.rank(values, higher_is_better=spec.higher_is_better)
    return Scores(method=method.name, params=params, higher_is_better=spec.higher_is_better,
                  labels=weights.labels, measures=matrix.measures, values=values, ranks=ranks,
                  kendall=kendall_matrix(ranks))
