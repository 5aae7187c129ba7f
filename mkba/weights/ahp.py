"""AHP: random-index tables, pairwise-matrix checks, priorities by the principal eigenvector, and
the consistency ratio (Saaty 1980, 2008; tables in :data:`RI_TABLES`)."""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Mapping, NamedTuple, Sequence

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from ..errors import MethodError, closest

__all__ = ["RI_TABLES", "RECIPROCITY_TOLERANCE", "PairwiseProblem", "Judgement", "AHPResult", "check_pairwise",
           "random_index", "consistency_threshold", "default_ri_table", "ahp"]

# ---------------------------------------------------------------------------------------------
# Random-index tables
# ---------------------------------------------------------------------------------------------


def _table(values: Sequence[float], source: str, note: str, version: str) -> Mapping[str, object]:
    return MappingProxyType({"values": tuple(float(v) for v in values), "source": source,
                             "note": note, "version": version})


RI_TABLES: Mapping[str, Mapping[str, object]] = MappingProxyType({
    "saaty": _table(
        (0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49),
        source="Saaty, T.L. (1980). The Analytic Hierarchy Process. McGraw-Hill (random index "
               "of 500 random reciprocal matrices on the 1-9 scale).",
        note="Default. n = 1..10 only: the values printed for n = 11..15 differ between "
             "reprints and implementations (e.g. 1.51/1.48/1.56/1.57/1.59 versus "
             "1.51/1.54/1.56/1.57/1.59), so they are not shipped. Values checked against "
             "several independent implementations that quote this table.",
        version="1980",
    ),
    "alonso-lamata": _table(
        (0.0, 0.0, 0.5245, 0.8815, 1.1086, 1.2479, 1.3417, 1.4056, 1.4499, 1.4854,
         1.5141, 1.5365, 1.5551, 1.5713, 1.5838),
        source="Alonso, J.A. & Lamata, M.T. (2006). Consistency in the analytic hierarchy "
               "process: a new approach. Int. J. Uncertainty, Fuzziness and Knowledge-Based "
               "Systems 14(4):445-459 (100,000 random matrices per n).",
        note="Values as quoted, with that attribution, in a public R implementation; a few "
             "stored copies round differently in the 4th decimal (0.5247, 0.8816, 1.4057, "
             "1.5140). Check against the paper's table before quoting to 4 decimals.",
        version="2006",
    ),
    "tummala-ling": _table(
        (0.0, 0.0, 0.5799, 0.8921, 1.1159, 1.2358, 1.3322, 1.3952, 1.4537, 1.4882,
         1.5117, 1.5356, 1.5571, 1.5714, 1.5831),
        source="Tummala, V.M.R. & Ling, H. (1998). A note on the computation of the mean "
               "random consistency index of the analytic hierarchy process (AHP). Theory and "
               "Decision 44(3):221-230 -- as cited by pymcdm 1.4 (AHP.RI_M in "
               "pymcdm/weights/subjective/ahp.py).",
        note="The table pymcdm 1.4 uses for AHP.get_cr(); values copied from pymcdm's source, "
             "attribution is pymcdm's (not re-checked against the paper). Use it to reproduce "
             "pymcdm's CR.",
        version="pymcdm-1.4",
    ),
})
"""Named, versioned random-index tables: ``name -> {"values", "source", "note", "version"}``.

``values[n - 1]`` is RI for an n x n matrix. CR = CI / RI, so the same judgements give a
different CR under each table; always report the table name with the CR.
"""

RECIPROCITY_TOLERANCE = 5e-3
"""Largest accepted ``|a_ij * a_ji - 1|``.

Accepts reciprocals written to three decimals (1/3 as 0.333, 1/6 as 0.167, 1/7 as 0.143,
1/9 as 0.111: at most 0.2 % off) and rejects two-decimal ones (0.33 is 1 % off; 0.14 for 1/7
is 2 % off) and plain errors (3 and 3). Such matrices are used as given (not symmetrised).
"""

_DIAGONAL_TOLERANCE = 1e-9


# ---------------------------------------------------------------------------------------------
# Pairwise-matrix validation
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PairwiseProblem:
    """One problem in a pairwise comparison matrix.

    ``kind`` is one of ``"not_square"``, ``"not_finite"``, ``"not_positive"``, ``"diagonal"``,
    ``"not_reciprocal"``; ``i`` and ``j`` are 0-based row and column (None when the problem
    concerns the whole matrix); ``value`` is the offending entry.
    """

    kind: str
    i: int | None
    j: int | None
    value: object
    message: str

    def __str__(self) -> str:
        return self.message


def _cell(i: int, j: int, labels: Sequence[object] | None = None) -> str:
    """A cell counted from 1, with the criteria of a DataFrame of judgements when there are labels."""
    where = f"row {i + 1}, column {j + 1}"
    return where if labels is None else f"{where} ({labels[i]!r} over {labels[j]!r})"


def check_pairwise(matrix: ArrayLike) -> list[PairwiseProblem]:
    """Every problem in a pairwise comparison matrix (empty list: the matrix is valid).

    A valid AHP matrix is square, finite, strictly positive, has ones on the diagonal and is
    reciprocal: ``|a_ij * a_ji - 1| <= RECIPROCITY_TOLERANCE`` (5e-3; see
    :data:`RECIPROCITY_TOLERANCE`). Each non-reciprocal pair is reported once, at (i, j) with
    i < j. Messages count rows and columns from 1 (and name the criteria of a DataFrame);
    ``i`` and ``j`` count from 0.

    Parameters
    ----------
    matrix : array_like
        The n x n judgements, ``a_ij`` = how much more important criterion i is than j.

    Returns
    -------
    list of PairwiseProblem
    """
    try:
        a = np.asarray(matrix, dtype=float)
    except (TypeError, ValueError):
        return [PairwiseProblem("not_finite", None, None, None,
                                "the matrix holds entries that are not numbers")]
    names = list(matrix.columns) if isinstance(matrix, pd.DataFrame) and matrix.shape[1] == a.shape[0] else None
    if a.ndim != 2 or a.shape[0] != a.shape[1] or a.shape[0] == 0:
        return [PairwiseProblem("not_square", None, None, a.shape,
                                f"the matrix must be square (n x n, n >= 1); got shape {a.shape}")]
    n = a.shape[0]
    problems: list[PairwiseProblem] = []
    usable = np.isfinite(a) & (a > 0)
    for i in range(n):
        for j in range(n):
            v = a[i, j]
            if not np.isfinite(v):
                problems.append(PairwiseProblem("not_finite", i, j, float(v),
                                                f"{_cell(i, j, names)}: {v} is not a finite number"))
            elif v <= 0:
                problems.append(PairwiseProblem("not_positive", i, j, float(v),
                                                f"{_cell(i, j, names)}: judgements must be positive (> 0), got {v:g}"))
            elif i == j and abs(v - 1.0) > _DIAGONAL_TOLERANCE:
                problems.append(PairwiseProblem("diagonal", i, j, float(v),
                                                f"{_cell(i, j, names)}: the diagonal must be 1, got {v:g}"))
    for i in range(n):
        for j in range(i + 1, n):
            if usable[i, j] and usable[j, i] and abs(a[i, j] * a[j, i] - 1.0) > RECIPROCITY_TOLERANCE:
                problems.append(PairwiseProblem(
                    "not_reciprocal", i, j, float(a[i, j]),
                    f"not reciprocal: {_cell(i, j, names)} is {a[i, j]:g} but {_cell(j, i, names)} is {a[j, i]:g} "
                    f"(expected 1/{a[i, j]:g} = {1.0 / a[i, j]:.4g})"))
    return problems


def _raise_problems(problems: Sequence[PairwiseProblem], what: str = "pairwise matrix") -> None:
    lines = "\n".join(f"  {p.message}" for p in problems)
    raise MethodError(f"invalid {what} ({len(problems)} problem(s)):\n{lines}")


# ---------------------------------------------------------------------------------------------
# AHP
# ---------------------------------------------------------------------------------------------


class Judgement(NamedTuple):
    """A judgement ``a_ij`` beside the value ``w_i / w_j`` the priorities imply."""

    i: int
    j: int
    given: float
    consistent: float


@dataclass(frozen=True)
class AHPResult:
    """Priorities and consistency of one AHP pairwise comparison matrix.

    Attributes
    ----------
    weights : ndarray or Series (n,)
        Principal right eigenvector, normalised to sum 1 (all > 0); a Series on the criteria when
        the matrix was a DataFrame.
    lambda_max : float
        Principal (Perron) eigenvalue; equals n for a consistent matrix.
    ci : float
        Consistency index (lambda_max - n) / (n - 1); 0 for n <= 2.
    ri : float
        Random index for n from the table ``ri_table``.
    cr : float
        Consistency ratio CI / RI (0 for n <= 2).
    ri_table : str
        Name of the random-index table in :data:`RI_TABLES`.
    threshold : float
        Saaty's acceptance threshold for CR: 0.05 (n = 3), 0.08 (n = 4), 0.10 otherwise.
    consistent : bool
        ``cr <= threshold``.
    worst : Judgement or None
        The judgement furthest from the priorities, by the largest
        ``|ln(a_ij * w_j / w_i)|`` (i < j); None for n = 1.
    """

    weights: Any
    lambda_max: float
    ci: float
    ri: float
    cr: float
    ri_table: str
    threshold: float
    consistent: bool
    worst: Judgement | None

    @property
    def n(self) -> int:
        return int(self.weights.shape[0])

    def to_dict(self) -> dict:
        return {
            "weights": [float(w) for w in self.weights], "lambda_max": float(self.lambda_max),
            "ci": float(self.ci), "ri": float(self.ri), "cr": float(self.cr),
            "ri_table": self.ri_table, "threshold": float(self.threshold),
            "consistent": bool(self.consistent),
            "worst": None if self.worst is None else {
                "i": self.worst.i, "j": self.worst.j, "given": float(self.worst.given),
                "consistent": float(self.worst.consistent)},
        }

    def __repr__(self) -> str:
        status = "consistent" if self.consistent else "INCONSISTENT"
        return (f"<AHPResult n={self.n} CR={self.cr:.3f} ({self.ri_table}) {status} "
                f"weights={np.array2string(np.asarray(self.weights), precision=3)}>")


def _pairwise_labels(pairwise: object) -> pd.Index | None:
    """The criteria of a DataFrame of judgements (its index and columns must be the same), else None."""
    if not isinstance(pairwise, pd.DataFrame):
        return None
    if not pairwise.index.equals(pairwise.columns):
        raise MethodError(f"a pairwise DataFrame needs the same criteria, in the same order, as rows and columns; "
                          f"rows {list(pairwise.index)}, columns {list(pairwise.columns)}")
    return pairwise.columns


def _readonly(a: np.ndarray) -> np.ndarray:
    a = np.array(a, dtype=float)
    a.setflags(write=False)
    return a


def _ri_values(ri_table: str) -> tuple[float, ...]:
    """The values RI_1 .. RI_n of a table in :data:`RI_TABLES`."""
    values = RI_TABLES[ri_table]["values"]
    if not isinstance(values, tuple):
        raise MethodError(f"RI table {ri_table!r} has no tuple of values")
    return values


def random_index(n: int, ri_table: str = "saaty") -> float:
    """The random index RI_n from a named table in :data:`RI_TABLES`.

    Raises
    ------
    MethodError
        Unknown table name, or n outside the table (naming the tables that cover n).
    """
    if ri_table not in RI_TABLES:
        hint = closest(ri_table, RI_TABLES)
        raise MethodError(f"unknown RI table {ri_table!r}; choose one of {sorted(RI_TABLES)}"
                          + (f" (did you mean {hint!r}?)" if hint else ""))
    values = _ri_values(ri_table)
    if not 1 <= n <= len(values):
        covering = sorted(k for k in RI_TABLES if n <= len(_ri_values(k)))
        raise MethodError(f"RI table {ri_table!r} covers n = 1..{len(values)}, not n = {n}"
                          + (f"; tables covering n = {n}: {covering}" if covering else
                             "; no shipped table covers it (split the criteria into a hierarchy)"))
    return float(values[n - 1])


def default_ri_table(n: int) -> str:
    """The RI table used when none is named: Saaty 1980 up to n = 10, Alonso & Lamata 2006 beyond.

    Saaty's published table stops at n = 10 (copies of extended versions disagree), so larger
    matrices fall back to the simulated Alonso-Lamata values; the table used is always recorded.
    """
    return "saaty" if n <= len(_ri_values("saaty")) else "alonso-lamata"


def consistency_threshold(n: int) -> float:
    """Saaty's CR acceptance threshold: 0.05 for n = 3, 0.08 for n = 4, 0.10 otherwise."""
    return {3: 0.05, 4: 0.08}.get(n, 0.10)


def _principal_eigen(a: np.ndarray) -> tuple[np.ndarray, float]:
    """Perron eigenvector (sum 1, positive) and eigenvalue of a positive matrix.

    ``numpy.linalg.eig``, then the eigenvalue with the largest real part; if that vector is not
    strictly positive (numerically degenerate cases), power iteration from the row geometric
    mean, which converges for positive matrices (Perron-Frobenius).
    """
    n = a.shape[0]
    if n == 1:
        return np.ones(1), float(a[0, 0])
    values, vectors = np.linalg.eig(a)
    k = int(np.argmax(values.real))
    v = vectors[:, k].real
    v = v / v.sum() if v.sum() != 0 else v
    if np.all(np.isfinite(v)) and np.all(v > 0):
        w = v
    else:  # pragma: no cover - defensive; positive matrices give a positive Perron vector
        w = np.exp(np.log(a).mean(axis=1))
        w /= w.sum()
        for _ in range(10_000):
            nxt = a @ w
            nxt /= nxt.sum()
            if np.max(np.abs(nxt - w)) < 1e-15:
                w = nxt
                break
            w = nxt
    lam = float(np.mean((a @ w) / w))
    return w / w.sum(), lam


def ahp(pairwise: ArrayLike, *, ri_table: str | None = None) -> AHPResult:
    """AHP priorities and consistency ratio of one pairwise comparison matrix.

    The priorities w solve ``A w = lambda_max w`` (principal right eigenvector, Saaty 1980),
    normalised to sum 1; ``CI = (lambda_max - n)/(n - 1)``, ``CR = CI / RI_n`` with RI from the
    named table (Saaty 1980 by default), and CR = 0 for n <= 2. CI is clipped at 0 (a tolerated
    rounding of a reciprocal, e.g. 0.333 for 1/3, can put lambda_max a hair below n).
    The least consistent judgement is the (i, j) maximising ``|ln(a_ij w_j / w_i)|``.

    Parameters
    ----------
    pairwise : array_like (n, n)
        Positive reciprocal judgements (validated by :func:`check_pairwise`).
    pairwise : array_like or DataFrame (n, n)
        A DataFrame needs the same criteria as index and columns; the weights are then a Series.
    ri_table : str or None
        A key of :data:`RI_TABLES`: "saaty", "alonso-lamata", "tummala-ling". None (the default):
        :func:`default_ri_table` (Saaty up to n = 10, Alonso-Lamata beyond), the choice every path
        of mkba makes (scenario, survey, this function).

    Returns
    -------
    AHPResult

    Raises
    ------
    MethodError
        Listing every problem of the matrix, or when the RI table does not cover n.
    """
    labels = _pairwise_labels(pairwise)
    problems = check_pairwise(pairwise)
    if problems:
        _raise_problems(problems)
    a = np.asarray(pairwise, dtype=float)
    n = a.shape[0]
    ri_table = default_ri_table(n) if ri_table is None else ri_table
    ri = random_index(n, ri_table)
    w, lam = _principal_eigen(a)
    if n <= 2:
        ci, cr = 0.0, 0.0
    else:
        ci = max((lam - n) / (n - 1), 0.0)
        cr = ci / ri
    worst = None
    if n >= 2:
        error = np.abs(np.log(a * w[None, :] / w[:, None]))
        iu = np.triu_indices(n, k=1)
        k = int(np.argmax(error[iu]))
        i, j = int(iu[0][k]), int(iu[1][k])
        worst = Judgement(i, j, float(a[i, j]), float(w[i] / w[j]))
    threshold = consistency_threshold(n)
    weights = _readonly(w)
    return AHPResult(weights=weights if labels is None else pd.Series(weights, index=labels, name="weight"),
                     lambda_max=lam, ci=float(ci), ri=ri, cr=float(cr),
                     ri_table=ri_table, threshold=threshold, consistent=bool(cr <= threshold),
                     worst=worst)
