"""Criterion weights: direct, AHP, swing, rank order, objective (entropy, CRITIC), group aggregation.

Pure functions on NumPy arrays. Every function returns weights on the simplex (non-negative,
summing to 1 within 1e-12) or raises :class:`~mkba.errors.MethodError` saying what is wrong.
Scenario objects are bridged in :mod:`mkba.stages.weighting`.

Sources (details in each docstring and in ``research/methodology.md`` §C):

- AHP and the consistency ratio: Saaty (1980), *The Analytic Hierarchy Process*, McGraw-Hill;
  Saaty (2008), "Decision making with the analytic hierarchy process", Int. J. Services
  Sciences 1(1):83–98.
- Random-index tables: see :data:`RI_TABLES`; the table is a named choice, never implicit.
- Swing weights and their ranges: von Winterfeldt & Edwards (1986); Edwards & Barron (1994),
  "SMARTS and SMARTER", OBHDP 60:306–325.
- Rank-order centroid: Barron & Barrett (1996), "Decision quality using ranked attribute
  weights", Management Science 42(11):1515–1523.
- Entropy weights: Shannon entropy of the sum-normalised criterion column (e.g. Hwang & Yoon
  1981; worked example in Xu 2004, EJOR 156(2):530–532).
- CRITIC: Diakoulaki, Mavrotas & Papayannakis (1995), Computers & Operations Research
  22(7):763–770.
- Group AHP: Aczél & Saaty (1983), J. Math. Psych. 27:93–102; Forman & Peniwati (1998), EJOR
  108(1):165–169.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping, NamedTuple, Sequence

import numpy as np

from .errors import MethodError, closest

__all__ = [
    "RI_TABLES",
    "RECIPROCITY_TOLERANCE",
    "PairwiseProblem",
    "Judgement",
    "AHPResult",
    "check_pairwise",
    "random_index",
    "consistency_threshold",
    "default_ri_table",
    "ahp",
    "direct",
    "swing",
    "rank_order_centroid",
    "rank_order_weights",
    "entropy",
    "critic",
    "aggregate_priorities",
    "aggregate_judgements",
]

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


def _cell(i: int, j: int) -> str:
    return f"row {i + 1}, column {j + 1}"


def check_pairwise(matrix: object) -> list[PairwiseProblem]:
    """Every problem in a pairwise comparison matrix (empty list: the matrix is valid).

    A valid AHP matrix is square, finite, strictly positive, has ones on the diagonal and is
    reciprocal: ``|a_ij * a_ji - 1| <= RECIPROCITY_TOLERANCE`` (5e-3; see
    :data:`RECIPROCITY_TOLERANCE`). Each non-reciprocal pair is reported once, at (i, j) with
    i < j. Messages count rows and columns from 1; ``i`` and ``j`` count from 0.

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
                                                f"{_cell(i, j)}: {v} is not a finite number"))
            elif v <= 0:
                problems.append(PairwiseProblem("not_positive", i, j, float(v),
                                                f"{_cell(i, j)}: judgements must be positive (> 0), got {v:g}"))
            elif i == j and abs(v - 1.0) > _DIAGONAL_TOLERANCE:
                problems.append(PairwiseProblem("diagonal", i, j, float(v),
                                                f"{_cell(i, j)}: the diagonal must be 1, got {v:g}"))
    for i in range(n):
        for j in range(i + 1, n):
            if usable[i, j] and usable[j, i] and abs(a[i, j] * a[j, i] - 1.0) > RECIPROCITY_TOLERANCE:
                problems.append(PairwiseProblem(
                    "not_reciprocal", i, j, float(a[i, j]),
                    f"not reciprocal: {_cell(i, j)} is {a[i, j]:g} but {_cell(j, i)} is {a[j, i]:g} "
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
    weights : ndarray (n,)
        Principal right eigenvector, normalised to sum 1 (all > 0).
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

    weights: np.ndarray
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
                f"weights={np.array2string(self.weights, precision=3)}>")


def _readonly(a: np.ndarray) -> np.ndarray:
    a = np.array(a, dtype=float)
    a.setflags(write=False)
    return a


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
    values = RI_TABLES[ri_table]["values"]
    if not 1 <= n <= len(values):
        covering = sorted(k for k, t in RI_TABLES.items() if n <= len(t["values"]))
        raise MethodError(f"RI table {ri_table!r} covers n = 1..{len(values)}, not n = {n}"
                          + (f"; tables covering n = {n}: {covering}" if covering else
                             "; no shipped table covers it (split the criteria into a hierarchy)"))
    return float(values[n - 1])


def default_ri_table(n: int) -> str:
    """The RI table used when none is named: Saaty 1980 up to n = 10, Alonso & Lamata 2006 beyond.

    Saaty's published table stops at n = 10 (copies of extended versions disagree), so larger
    matrices fall back to the simulated Alonso-Lamata values; the table used is always recorded.
    """
    return "saaty" if n <= len(RI_TABLES["saaty"]["values"]) else "alonso-lamata"


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


def ahp(pairwise: object, *, ri_table: str = "saaty") -> AHPResult:
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
    ri_table : str
        A key of :data:`RI_TABLES`: "saaty" (default), "alonso-lamata", "tummala-ling".

    Returns
    -------
    AHPResult

    Raises
    ------
    MethodError
        Listing every problem of the matrix, or when the RI table does not cover n.
    """
    problems = check_pairwise(pairwise)
    if problems:
        _raise_problems(problems)
    a = np.asarray(pairwise, dtype=float)
    n = a.shape[0]
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
    return AHPResult(weights=_readonly(w), lambda_max=lam, ci=float(ci), ri=ri, cr=float(cr),
                     ri_table=ri_table, threshold=threshold, consistent=bool(cr <= threshold),
                     worst=worst)


# ---------------------------------------------------------------------------------------------
# Direct, swing and rank-order weights
# ---------------------------------------------------------------------------------------------


def _vector(values: object, what: str) -> np.ndarray:
    try:
        v = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as exc:
        raise MethodError(f"{what} must be numbers: {exc}") from None
    if v.ndim != 1 or v.size == 0:
        raise MethodError(f"{what} must be a non-empty 1-D list of numbers; got shape {v.shape}")
    bad = np.flatnonzero(~np.isfinite(v))
    if bad.size:
        raise MethodError(f"{what} must be finite; entries {[int(k) + 1 for k in bad]} are {v[bad].tolist()}")
    return v


def _nonnegative(v: np.ndarray, what: str) -> None:
    neg = np.flatnonzero(v < 0)
    if neg.size:
        raise MethodError(f"{what} must be >= 0; entries {[int(k) + 1 for k in neg]} are {v[neg].tolist()}")
    if not np.any(v > 0):
        raise MethodError(f"{what} are all zero; at least one must be positive")


def _simplex(v: np.ndarray) -> np.ndarray:
    w = v / v.sum()
    return w / w.sum()


def direct(weights: object) -> tuple[np.ndarray, str | None]:
    """Directly stated weights, normalised to the simplex: ``w_j = v_j / sum(v)``.

    Parameters
    ----------
    weights : array_like (m,)
        Non-negative, finite, not all zero (percentages are fine).

    Returns
    -------
    (ndarray, str or None)
        The weights summing to 1, and a warning text when the input did not already sum to 1
        (within 1e-9), None otherwise.

    Raises
    ------
    MethodError
        Negative, NaN/inf or all-zero weights.
    """
    v = _vector(weights, "weights")
    _nonnegative(v, "weights")
    total = float(v.sum())
    note = None
    if abs(total - 1.0) > 1e-9:
        note = f"the weights summed to {total:g}, not 1; they were divided by {total:g}"
    return _simplex(v), note


def _widths(ranges: object, m: int, what: str) -> np.ndarray:
    try:
        r = np.asarray(ranges, dtype=float)
    except (TypeError, ValueError) as exc:
        raise MethodError(f"{what} must be numbers: {exc}") from None
    if r.shape == (m, 2):
        r = np.abs(r[:, 1] - r[:, 0])
    elif r.shape != (m,):
        raise MethodError(f"{what} must be {m} widths or {m} [worst, best] pairs; got shape {r.shape}")
    if not np.all(np.isfinite(r)):
        raise MethodError(f"{what} must be finite; got {r.tolist()}")
    if np.any(r < 0):
        raise MethodError(f"{what} widths must be >= 0; got {r.tolist()}")
    return r


def swing(points: object, *, elicited_ranges: object = None, observed_ranges: object = None) -> np.ndarray:
    """Swing weights from 0-100 points, optionally re-based to the ranges the longlist spans.

    Without ranges, ``w_j = p_j / sum_k p_k`` (von Winterfeldt & Edwards 1986; the most important
    swing gets 100). A swing weight belongs to the range it was elicited on (Edwards & Barron
    1994; methodology R13): with linear value functions the weight per unit of criterion j is
    proportional to ``p_j / |elicited_j|``, so the weight for the range actually observed is

    ``w_j = (p_j * |observed_j| / |elicited_j|) / sum_k (p_k * |observed_k| / |elicited_k|)``.

    A criterion whose observed range is zero gets weight 0 (it does not discriminate).

    Parameters
    ----------
    points : array_like (m,)
        Points in [0, 100], at least one positive.
    elicited_ranges, observed_ranges : array_like (m,) or (m, 2), optional
        Range widths, or [worst, best] pairs (width = |best - worst|). Give both or neither.
        Elicited widths must be > 0.

    Raises
    ------
    MethodError
        Negative or > 100 points, all zero, only one of the two ranges, a zero-width elicited
        range, or every weighted swing zero.
    """
    p = _vector(points, "swing points")
    if np.any(p > 100):
        raise MethodError(f"swing points lie on 0-100 (100 = most important swing); got {p.tolist()}")
    _nonnegative(p, "swing points")
    if (elicited_ranges is None) != (observed_ranges is None):
        raise MethodError("give both elicited_ranges and observed_ranges, or neither: a swing weight "
                          "can only be moved to another range if the range it was elicited on is known")
    if elicited_ranges is None:
        return _simplex(p)
    m = p.size
    elicited = _widths(elicited_ranges, m, "elicited_ranges")
    observed = _widths(observed_ranges, m, "observed_ranges")
    zero = np.flatnonzero(elicited == 0)
    if zero.size:
        raise MethodError(f"elicited ranges of criteria {[int(k) + 1 for k in zero]} have zero width; "
                          "a swing over no range carries no weight information")
    v = p * observed / elicited
    if not np.any(v > 0):
        raise MethodError("every criterion with points has a zero observed range; no weights can be derived")
    return _simplex(v)


def rank_order_centroid(n: int) -> np.ndarray:
    """Rank-order centroid weights for n criteria ranked from most to least important.

    ``w_k = (1/n) * sum_{i=k..n} 1/i`` (Barron & Barrett 1996), the centroid of the simplex
    region ``w_1 >= w_2 >= ... >= w_n``. E.g. n = 3: 0.6111, 0.2778, 0.1111.
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise MethodError(f"rank_order_centroid needs a whole number n >= 1, got {n!r}")
    n = int(n)
    tail = np.cumsum((1.0 / np.arange(1, n + 1))[::-1])[::-1]
    return _simplex(tail / n)


def rank_order_weights(order_groups: Sequence[int]) -> np.ndarray:
    """ROC weights for a ranking with ties, in ranked-position order.

    ``order_groups`` gives the size of each tie group from most to least important, e.g.
    ``[1, 2, 1]``: one criterion first, two tied second, one last. Tied criteria share the mean
    of the ROC weights of the positions they span, so the sum stays 1 and the ranking without
    ties is :func:`rank_order_centroid`.

    Returns
    -------
    ndarray (sum(order_groups),)
        Weight per criterion, listed in ranked order (group by group).
    """
    sizes = list(order_groups)
    if not sizes or any(isinstance(s, bool) or not isinstance(s, (int, np.integer)) or s < 1 for s in sizes):
        raise MethodError(f"order_groups must be group sizes >= 1 (most important first), got {sizes!r}")
    roc = rank_order_centroid(int(sum(sizes)))
    out = np.empty_like(roc)
    start = 0
    for s in sizes:
        out[start:start + s] = roc[start:start + s].mean()
        start += s
    return _simplex(out)


# ---------------------------------------------------------------------------------------------
# Objective weights
# ---------------------------------------------------------------------------------------------


def _decision_matrix(matrix: object, what: str) -> np.ndarray:
    try:
        x = np.asarray(matrix, dtype=float)
    except (TypeError, ValueError) as exc:
        raise MethodError(f"{what}: the decision matrix must be numbers: {exc}") from None
    if x.ndim != 2 or x.shape[1] == 0:
        raise MethodError(f"{what}: the decision matrix must be 2-D (alternatives x criteria); got shape {x.shape}")
    if x.shape[0] < 2:
        raise MethodError(f"{what} needs at least 2 alternatives; got {x.shape[0]}")
    if not np.all(np.isfinite(x)):
        rows, cols = np.nonzero(~np.isfinite(x))
        cells = [(int(r) + 1, int(c) + 1) for r, c in zip(rows, cols)]
        raise MethodError(f"{what}: the decision matrix has NaN/inf at (row, column) {cells}")
    return x


def _types(types: object, m: int, what: str) -> np.ndarray:
    t = np.asarray(types, dtype=float)
    if t.shape != (m,) or not np.all(np.isin(t, (-1.0, 1.0))):
        raise MethodError(f"{what}: types must be {m} values of +1 (benefit) or -1 (cost); got {t.tolist()}")
    return t


def entropy(matrix: object, types: object = None) -> np.ndarray:
    """Shannon-entropy weights of a decision matrix (alternatives x criteria).

    ``p_ij = x_ij / sum_i x_ij``; ``E_j = -(1/ln a) sum_i p_ij ln p_ij`` with ``0 ln 0 = 0``;
    ``d_j = 1 - E_j``; ``w_j = d_j / sum_k d_k`` (e.g. Xu 2004, EJOR 156(2):530-532). A criterion
    on which all alternatives score alike gets weight 0.

    The method measures the spread of each column as given, so criterion direction does not enter:
    ``types`` is accepted for a uniform signature and checked, but not used.

    pymcdm's ``entropy_weights`` gives the same numbers for strictly positive data; it rejects
    columns containing a 0 (a plain ValueError from its sum normalisation), which the formula
    handles with ``0 ln 0 = 0``. Hence this own implementation.

    Raises
    ------
    MethodError
        Fewer than 2 alternatives, NaN/inf, negative values, an all-zero column, or no column with
        any spread (every weight would be 0/0).
    """
    x = _decision_matrix(matrix, "entropy weights")
    a, m = x.shape
    if types is not None:
        _types(types, m, "entropy weights")
    if np.any(x < 0):
        cols = sorted({int(c) + 1 for c in np.nonzero(x < 0)[1]})
        raise MethodError(f"entropy weights need non-negative data (shares of a column total); criteria "
                          f"{cols} have negative values. Shift or rescale them, or use CRITIC")
    totals = x.sum(axis=0)
    zero = np.flatnonzero(totals == 0)
    if zero.size:
        raise MethodError(f"entropy weights: criteria {[int(c) + 1 for c in zero]} are zero for every "
                          "alternative; their shares are undefined")
    p = x / totals
    plogp = np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0)), 0.0)
    e = -plogp.sum(axis=0) / np.log(a)
    d = np.clip(1.0 - e, 0.0, None)
    d[x.max(axis=0) == x.min(axis=0)] = 0.0  # exactly 0, not rounding noise, for a constant column
    if not np.any(d > 0):
        raise MethodError("entropy weights: no criterion varies across the alternatives, so none "
                          "carries information; the weights are undefined")
    return _simplex(d)


def critic(matrix: object, types: object) -> np.ndarray:
    """CRITIC weights (Diakoulaki, Mavrotas & Papayannakis 1995).

    Each criterion is scaled to [0, 1] between its worst and best value, so 1 is best:
    ``r_ij = (x_ij - min_j)/(max_j - min_j)`` for benefit, ``(max_j - x_ij)/(max_j - min_j)``
    for cost. Then ``C_j = sigma_j * sum_k (1 - rho_jk)`` with sigma_j the standard deviation of
    column j and rho the Pearson correlation of the scaled columns, and ``w_j = C_j / sum_k C_k``.
    (Whether sigma uses n or n - 1 cancels in the normalisation.)

    pymcdm's ``critic_weights`` scales every column as a benefit criterion whatever ``types``
    says. A cost column then enters the correlations with the opposite sign, which changes the
    weights; with benefit criteria only the two agree.

    Raises
    ------
    MethodError
        Fewer than 2 alternatives, NaN/inf, bad ``types``, or a criterion with no spread (its
        correlations are undefined).
    """
    x = _decision_matrix(matrix, "CRITIC weights")
    m = x.shape[1]
    t = _types(types, m, "CRITIC weights")
    lo, hi = x.min(axis=0), x.max(axis=0)
    flat = np.flatnonzero(hi == lo)
    if flat.size:
        raise MethodError(f"CRITIC weights: criteria {[int(c) + 1 for c in flat]} have the same value for "
                          "every alternative; their correlations are undefined. Drop them (they cannot "
                          "discriminate) or use another weighting")
    r = np.where(t > 0, (x - lo) / (hi - lo), (hi - x) / (hi - lo))
    sigma = r.std(axis=0, ddof=1)
    if m == 1:
        return np.ones(1)
    rho = np.corrcoef(r, rowvar=False)
    gap = 1.0 - rho
    gap[gap < 1e-12] = 0.0  # rho = 1 up to rounding: no conflict, not a speck of it
    c = sigma * gap.sum(axis=0)
    if not np.any(c > 0):
        raise MethodError("CRITIC weights: all criteria are perfectly correlated (after scaling to best = 1), "
                          "so every C_j is 0 and the weights are undefined")
    return _simplex(np.clip(c, 0.0, None))


# ---------------------------------------------------------------------------------------------
# Group aggregation
# ---------------------------------------------------------------------------------------------

_AIP_MEANS = ("arithmetic", "geometric")


def _influence(influence: object, s: int) -> np.ndarray:
    lam = _vector(influence, "influence")
    if lam.shape != (s,):
        raise MethodError(f"influence must have one value per stakeholder ({s}); got {lam.size}")
    _nonnegative(lam, "influence")
    return lam / lam.sum()


def aggregate_priorities(priorities: object, influence: object, *, how: str = "arithmetic") -> np.ndarray:
    """Group priorities from individual priority vectors (AIP; Forman & Peniwati 1998).

    ``how="arithmetic"``: ``w_j = sum_s lambda_s w_sj`` (satisfies the Pareto principle);
    ``how="geometric"``: ``w_j ∝ prod_s w_sj ** lambda_s``, renormalised. Influence lambda is
    non-negative, not all zero, normalised to sum 1; each row of ``priorities`` is normalised
    to sum 1 first.

    Parameters
    ----------
    priorities : array_like (s, m)
        One priority vector per stakeholder (non-negative, each row not all zero).
    influence : array_like (s,)
    how : {"arithmetic", "geometric"}
    """
    if how not in _AIP_MEANS:
        hint = closest(how, _AIP_MEANS)
        raise MethodError(f"unknown mean {how!r} for aggregating priorities; choose {list(_AIP_MEANS)}"
                          + (f" (did you mean {hint!r}?)" if hint else ""))
    try:
        w = np.asarray(priorities, dtype=float)
    except (TypeError, ValueError) as exc:
        raise MethodError(f"priorities must be numbers: {exc}") from None
    if w.ndim != 2 or w.shape[0] == 0 or w.shape[1] == 0:
        raise MethodError(f"priorities must be (stakeholders x criteria); got shape {w.shape}")
    if not np.all(np.isfinite(w)) or np.any(w < 0):
        raise MethodError("priorities must be finite and >= 0")
    totals = w.sum(axis=1)
    empty = np.flatnonzero(totals == 0)
    if empty.size:
        raise MethodError(f"priority vectors of stakeholders {[int(k) + 1 for k in empty]} are all zero")
    w = w / totals[:, None]
    lam = _influence(influence, w.shape[0])
    if how == "arithmetic":
        return _simplex(lam @ w)
    active = lam > 0
    with np.errstate(divide="ignore"):
        logs = np.log(w[active])
    g = np.exp(lam[active] @ logs)
    if not np.any(g > 0):
        raise MethodError("geometric mean of priorities: every criterion has a zero priority from some "
                          "stakeholder with influence; use how='arithmetic'")
    return _simplex(g)


def aggregate_judgements(matrices: object, influence: object, *, how: str = "geometric") -> np.ndarray:
    """Group pairwise matrix from individual judgements (AIJ), by weighted geometric mean.

    ``a_ij^G = prod_s (a_ij^s) ** lambda_s`` (Aczél & Saaty 1983; Forman & Peniwati 1998), the
    only mean that keeps reciprocity (``a_ji^G = 1/a_ij^G``) with unanimity and homogeneity.
    The logarithm is made exactly antisymmetric, ``L = (L - L^T)/2``, so the result is exactly
    reciprocal even when inputs are reciprocal only within :data:`RECIPROCITY_TOLERANCE`
    (e.g. 0.333 for 1/3); for exactly reciprocal inputs this changes nothing.

    Feed the result to :func:`ahp` for the group priorities.

    Parameters
    ----------
    matrices : array_like (s, m, m)
        One valid pairwise matrix per stakeholder.
    influence : array_like (s,)
        Non-negative, not all zero; normalised to sum 1.
    how : {"geometric"}
        There is no arithmetic AIJ: the arithmetic mean of reciprocal matrices is not reciprocal
        (the mean of 9 and 1/9 is 4.56, whose reciprocal 0.22 is not the mean 4.56 of the
        transposed pair), so it raises MethodError. Average *priorities* arithmetically with
        :func:`aggregate_priorities` instead.
    """
    if how != "geometric":
        if how == "arithmetic":
            raise MethodError("arithmetic aggregation of AHP judgements (AIJ) is not allowed: the "
                              "arithmetic mean of reciprocal matrices is not reciprocal (mean of 9 and 1/9 "
                              "is 4.56, mean of 1/9 and 9 is also 4.56, not 1/4.56). Use the weighted "
                              "geometric mean (how='geometric'), or aggregate priorities (AIP) with "
                              "aggregate_priorities(..., how='arithmetic')")
        raise MethodError(f"unknown AIJ mean {how!r}; only 'geometric' keeps reciprocity")
    try:
        a = np.asarray(matrices, dtype=float)
    except (TypeError, ValueError) as exc:
        raise MethodError(f"judgement matrices must be numbers: {exc}") from None
    if a.ndim != 3 or a.shape[0] == 0 or a.shape[1] != a.shape[2]:
        raise MethodError(f"judgement matrices must be (stakeholders x m x m); got shape {a.shape}")
    problems = []
    for s in range(a.shape[0]):
        problems += [f"stakeholder {s + 1}: {p.message}" for p in check_pairwise(a[s])]
    if problems:
        raise MethodError(f"invalid judgement matrices ({len(problems)} problem(s)):\n"
                          + "\n".join(f"  {p}" for p in problems))
    lam = _influence(influence, a.shape[0])
    logs = np.tensordot(lam, np.log(a), axes=1)
    logs = 0.5 * (logs - logs.T)
    return np.exp(logs)
