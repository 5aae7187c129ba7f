r"""Best-worst method (BWM) weights and their consistency ratio (Rezaei 2015, 2016).

The decision maker names the best (most important) criterion B and the worst W, then says on a 1-9
scale how much more important B is than each criterion (best-to-others :math:`a_{Bj}`, with
:math:`a_{BB} = 1`) and each criterion than W (others-to-worst :math:`a_{jW}`, :math:`a_{WW} = 1`);
:math:`a_{BW}` appears in both and must agree. That is 2n - 3 judgements instead of AHP's n(n-1)/2.

- **linear** (Rezaei 2016, Omega 64:126-130, doi:10.1016/j.omega.2015.12.001, model (19); default):
  :math:`\min \xi^L` s.t. :math:`|w_B - a_{Bj} w_j| \le \xi^L`, :math:`|w_j - a_{jW} w_W| \le \xi^L`,
  :math:`\sum w = 1`, :math:`w \ge 0`: one LP, a unique solution.
- **nonlinear** (Rezaei 2015, Omega 53:49-57, doi:10.1016/j.omega.2014.11.009, model (2)):
  :math:`\min \xi` s.t. :math:`|w_B / w_j - a_{Bj}| \le \xi`, :math:`|w_j / w_W - a_{jW}| \le \xi`. For a
  fixed :math:`\xi` the constraints are linear in w (multiply out the positive denominators), so
    :math:`\xi^*` is found by bisection (to the LP's feasibility tolerance, about 1e-7) on the feasibility of an LP; the weights may
  not be unique (Rezaei 2016, section 3): :attr:`BWMResult.intervals` gives each weight's range over
  the optimal set (one LP per bound) and the weights returned are the mean of those 2n optimal
  vertices, a feasible point in the middle of the optimal set.

The **consistency ratio** is :math:`CR = \xi^* / CI(a_{BW})` with the nonlinear :math:`\xi^*` (computed
for either model) and Rezaei's (2015) consistency index: the largest :math:`\xi` possible for that
:math:`a_{BW}`, the root of :math:`\xi^2 - (1 + 2a_{BW})\xi + (a_{BW}^2 - a_{BW}) = 0`, tabulated as
:data:`CONSISTENCY_INDEX` for a_BW = 1..9 (0.00, 0.44, 1.00, 1.63, 2.30, 3.00, 3.73, 4.47, 5.23, the
published table, used as printed); for another a_BW the root itself. :math:`\xi^L` is on another
scale (weight units) and is never divided by that table (Rezaei 2016). The table is the largest
:math:`\xi^*` when every judgement lies between 1 and a_BW and the worst case is a_Bj = a_jW = a_BW;
contradictory vectors outside that case (a criterion judged equal to both the best and the worst, or
a_jW > a_BW) can give CR > 1 (see Liang, Brunelli & Rezaei 2020, Omega 96:102175): read CR > 1 as
"very inconsistent", not as an error.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Hashable, Mapping

import numpy as np
import pandas as pd

from ..errors import MethodError
from ..labels import by_criteria
from .checks import as_vector, labelled, labels_of

__all__ = ["CONSISTENCY_INDEX", "BWM_MODELS", "BWMResult", "bwm", "consistency_index"]

#: Rezaei (2015), Table 5 (repeated in Rezaei 2016, Table 1): a_BW -> CI.
CONSISTENCY_INDEX: Mapping[int, float] = MappingProxyType(
    {1: 0.00, 2: 0.44, 3: 1.00, 4: 1.63, 5: 2.30, 6: 3.00, 7: 3.73, 8: 4.47, 9: 5.23})
BWM_MODELS = ("linear", "nonlinear")
_XI_TOL = 1e-10


def consistency_index(a_bw: float) -> float:
    """CI for ``a_bw``: the published table for whole numbers 1..9, otherwise the root
    ((1 + 2a) - sqrt(8a + 1)) / 2 of Rezaei's (2015) equation (which the table rounds)."""
    if float(a_bw).is_integer() and int(a_bw) in CONSISTENCY_INDEX:
        return CONSISTENCY_INDEX[int(a_bw)]
    a = float(a_bw)
    return ((1 + 2 * a) - math.sqrt(8 * a + 1)) / 2


@dataclass(frozen=True)
class BWMResult:
    """BWM weights (array, or a Series on the criteria for labelled input) and how consistent the judgements are.

    ``xi`` is the optimum of the model used (:math:`\\xi^L` linear, :math:`\\xi^*` nonlinear); ``xi_star`` the
    nonlinear optimum, from which ``consistency_ratio`` = xi_star / ``consistency_index`` (0 = fully
    consistent: a_Bj a_jW = a_BW for every j). ``intervals`` (m, 2): each weight's range over the
    optimal solutions of the nonlinear model (Rezaei 2016, section 3), for either model.
    """

    weights: Any
    model: str
    xi: float
    xi_star: float
    consistency_index: float
    consistency_ratio: float
    intervals: np.ndarray
    best: Hashable
    worst: Hashable

    def to_frame(self) -> pd.DataFrame:
        """One row per criterion: weight and the nonlinear model's interval."""
        index = self.weights.index if isinstance(self.weights, pd.Series) else pd.RangeIndex(len(self.weights))
        return pd.DataFrame({"weight": np.asarray(self.weights), "low": self.intervals[:, 0],
                             "high": self.intervals[:, 1]}, index=index)


def _pick(v: np.ndarray, given: Any, labels: pd.Index | None, what: str, vector: str) -> int:
    if given is None:
        ones = np.flatnonzero(v == 1)
        if ones.size != 1:
            raise MethodError(f"bwm: the {what} criterion is the one with 1 in {vector}; {vector} has "
                              f"{ones.size} ones: name it with {what}=")
        return int(ones[0])
    if labels is not None:
        if given not in labels:
            raise MethodError(f"bwm: {what}={given!r} is not a criterion; criteria: {list(labels)}")
        return int(labels.get_loc(given))
    if not isinstance(given, (int, np.integer)) or not 0 <= int(given) < len(v):
        raise MethodError(f"bwm: {what} must be a criterion position 0..{len(v) - 1}; got {given!r}")
    return int(given)


def _rows(a_b: np.ndarray, a_w: np.ndarray, b: int, w: int, xi: float) -> tuple[np.ndarray, np.ndarray]:
    """A_ub w <= 0 of the nonlinear model at fixed xi (ratios multiplied out by their positive denominators)."""
    n = len(a_b)
    eye = np.eye(n)
    rows = []
    for j in range(n):
        if j != b:   # a_Bj - xi <= w_B / w_j <= a_Bj + xi
            rows.append(eye[b] - (a_b[j] + xi) * eye[j])
            rows.append((a_b[j] - xi) * eye[j] - eye[b])
        if j != w:   # a_jW - xi <= w_j / w_W <= a_jW + xi
            rows.append(eye[j] - (a_w[j] + xi) * eye[w])
            rows.append((a_w[j] - xi) * eye[w] - eye[j])
    return np.array(rows), np.zeros(len(rows))


def _lp(c: np.ndarray, a_ub: np.ndarray, b_ub: np.ndarray, n_w: int) -> Any:
    from scipy.optimize import linprog  # (lazy: scipy.optimize is only needed when weights are elicited)

    a_eq = np.zeros((1, len(c)))
    a_eq[0, :n_w] = 1.0
    return linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=[1.0], bounds=[(0, None)] * len(c), method="highs")


def _nonlinear(a_b: np.ndarray, a_w: np.ndarray, b: int, w: int) -> tuple[float, np.ndarray, np.ndarray]:
    """xi*, the weight intervals over the optimal set, and the mean of its 2n interval vertices."""
    n = len(a_b)
    zero = np.zeros(n)

    def feasible(xi: float) -> bool:
        a, r = _rows(a_b, a_w, b, w, xi)
        return bool(_lp(zero, a, r, n).status == 0)

    lo, hi = 0.0, max(float(a_b.max()), float(a_w.max())) - 1.0  # equal weights meet every bound at hi
    if not feasible(lo):
        while hi - lo > _XI_TOL * max(1.0, hi):
            mid = 0.5 * (lo + hi)
            lo, hi = (lo, mid) if feasible(mid) else (mid, hi)
    else:
        hi = 0.0
    # the optimal set at xi* may be a single point: it is read a hair above xi* (1e-6 relative, widened
    # up to 1e-4 if the LP still calls it infeasible), so that the solver, with its feasibility
    # tolerance of 1e-7, sees a set; the intervals move by about that much, far below 4 decimals
    for slack in (1e-6, 1e-5, 1e-4):
        a, r = _rows(a_b, a_w, b, w, hi + slack * max(1.0, hi))
        vertices, bounds = [], np.empty((n, 2))
        for j in range(n):
            for side, sign in ((0, 1.0), (1, -1.0)):
                c = zero.copy()
                c[j] = sign
                res = _lp(c, a, r, n)
                if res.status != 0:
                    break
                bounds[j, side] = res.x[j]
                vertices.append(res.x)
        if len(vertices) == 2 * n:
            break
    else:  # pragma: no cover - not met in 3,000 random comparison vectors (tests/weights/test_bwm.py)
        raise MethodError(f"bwm: the nonlinear model's optimal set could not be read ({res.message})")
    mean = np.mean(vertices, axis=0)
    return hi, bounds, mean / mean.sum()


def _linear(a_b: np.ndarray, a_w: np.ndarray, b: int, w: int) -> tuple[float, np.ndarray]:
    n = len(a_b)
    eye = np.eye(n + 1)
    rows = []
    for j in range(n):
        for d in (eye[b] - a_b[j] * eye[j], eye[j] - a_w[j] * eye[w]):   # |d . w| <= xi
            rows.append(d - eye[n])
            rows.append(-d - eye[n])
    c = np.zeros(n + 1)
    c[n] = 1.0
    res = _lp(c, np.array(rows), np.zeros(len(rows)), n)
    if res.status != 0:  # pragma: no cover - the LP is always feasible (equal weights with a large xi)
        raise MethodError(f"bwm: the linear model could not be solved ({res.message})")
    x = np.clip(res.x[:n], 0.0, None)
    return float(res.x[n]), x / x.sum()


def bwm(best_to_others: Any, others_to_worst: Any, *, model: str = "linear", best: Hashable | None = None,
        worst: Hashable | None = None) -> BWMResult:
    """BWM weights from the two comparison vectors (see the module docstring).

    Parameters
    ----------
    best_to_others : array_like, Series or mapping {criterion: value} (m,)
        a_Bj: how much more important the best criterion is than criterion j (1..9; 1 for the best itself).
    others_to_worst : array_like or Series (m,)
        a_jW: how much more important criterion j is than the worst (1 for the worst itself). A Series
        is matched to ``best_to_others``' labels.
    model : 'linear' (Rezaei 2016, default) or 'nonlinear' (Rezaei 2015)
    best, worst : criterion label or position (from 0); needed only when a vector has more than one 1.

    Returns
    -------
    BWMResult
        Weights on the simplex (a Series on the criteria for Series input), xi, the consistency ratio.

    Raises
    ------
    MethodError
        Vectors of different length or fewer than 2 criteria, values below 1 or not finite, best and
        worst the same criterion, a_BW given differently in the two vectors, an unknown model.
    """
    if model not in BWM_MODELS:
        raise MethodError(f"bwm: model must be one of {', '.join(BWM_MODELS)}; got {model!r}")
    if isinstance(best_to_others, Mapping):   # {criterion: value}: labelled like a Series
        best_to_others = pd.Series(best_to_others, dtype=float)
    if isinstance(others_to_worst, Mapping):
        others_to_worst = pd.Series(others_to_worst, dtype=float)
    labels = labels_of(best_to_others)
    a_b = as_vector(best_to_others, "bwm: best_to_others")
    ow = by_criteria(others_to_worst, list(labels), "others_to_worst") if labels is not None else others_to_worst
    a_w = as_vector(ow, "bwm: others_to_worst")
    if a_b.size != a_w.size or a_b.size < 2:
        raise MethodError(f"bwm: best_to_others and others_to_worst need one value per criterion, at least 2; "
                          f"got {a_b.size} and {a_w.size}")
    for v, vector in ((a_b, "best_to_others"), (a_w, "others_to_worst")):
        low = np.flatnonzero(v < 1)
        if low.size:
            raise MethodError(f"bwm: {vector} values are 1 (equally important) to 9; entries "
                              f"{[int(k) + 1 for k in low]} are {v[low].tolist()}")
    b = _pick(a_b, best, labels, "best", "best_to_others")
    w = _pick(a_w, worst, labels, "worst", "others_to_worst")

    def name(k: int) -> Hashable:
        return labels[k] if labels is not None else k

    if b == w:
        raise MethodError(f"bwm: the best and the worst criterion are the same ({name(b)!r})")
    if a_b[b] != 1 or a_w[w] != 1:
        raise MethodError(f"bwm: best_to_others must be 1 for the best criterion and others_to_worst 1 for the "
                          f"worst; got {a_b[b]:g} and {a_w[w]:g}")
    if a_b[w] != a_w[b]:
        raise MethodError(f"bwm: a_BW (best over worst) must be the same in both vectors; best_to_others has "
                          f"{a_b[w]:g} for the worst criterion, others_to_worst {a_w[b]:g} for the best")
    xi_star, intervals, central = _nonlinear(a_b, a_w, b, w)
    ci = consistency_index(a_b[w])
    cr = xi_star / ci if ci > 0 else 0.0
    if model == "linear":
        xi, weights = _linear(a_b, a_w, b, w)
    else:
        xi, weights = xi_star, central
    return BWMResult(weights=labelled(weights, labels), model=model, xi=xi, xi_star=xi_star, consistency_index=ci,
                     consistency_ratio=cr, intervals=intervals, best=name(b), worst=name(w))
