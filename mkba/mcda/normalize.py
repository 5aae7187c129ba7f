"""Column normalisations over the list of measures, shared by the reference and batch paths.

Each function maps the raw (n, m) matrix and the criterion types (+1 benefit, -1 cost)
to an (n, m) matrix. They are weight-independent, so the batch kernels compute them once
for all K weight vectors. Conventions follow pymcdm 1.4 (``pymcdm.normalizations``) where
it is sound, so that results can be checked against it; degenerate columns are defined
here instead of producing NaN.
"""

from __future__ import annotations

import numpy as np

from ..errors import MethodError
from .registry import Param
from .validation import choice, criteria_here

__all__ = ["minmax", "vector", "max_ratio", "sum_ratio", "linear_ratio", "NORMALIZATIONS", "require_positive",
           "normalization_param"]


def require_positive(x: np.ndarray, method: str, what: str = "all values", columns: np.ndarray | None = None) -> None:
    """Raise MethodError unless every value (in ``columns``, if given) is > 0."""
    sub = x if columns is None else x[:, columns]
    if sub.size and not (sub > 0).all():
        cols = np.flatnonzero(~(sub > 0).all(axis=0))
        if columns is not None:
            cols = np.flatnonzero(columns)[cols]
        raise MethodError(f"{method} needs {what} > 0 (a ratio scale); {criteria_here(cols)} hold(s) values <= 0")


def minmax(x: np.ndarray, types: np.ndarray) -> np.ndarray:
    r"""Linear min-max normalisation over the list (axis 0; any further axes are batch axes).

    .. math:: r_{ij} = \frac{x_{ij} - \min_i x_{ij}}{\max_i x_{ij} - \min_i x_{ij}} \;(\text{benefit}),\quad
              r_{ij} = \frac{\max_i x_{ij} - x_{ij}}{\max_i x_{ij} - \min_i x_{ij}} \;(\text{cost})

    A zero-spread column (max == min) becomes all ones, as in pymcdm, so it adds the
    same amount to every measure.

    Both cases are one subtraction and one division, :math:`(x - b_j) / s_j` with :math:`b_j` the
    worst end of the column and :math:`s_j` its spread signed by the direction: for a cost
    criterion :math:`(x - \max) / -(\max - \min)` is the same IEEE number as
    :math:`(\max - x) / (\max - \min)`, without the select of ``np.where`` over every cell (the
    slowest part of a single TOPSIS evaluation before). A 2-D matrix is worked on transposed, one
    contiguous row per criterion (column reductions and per-criterion broadcasts on a C-ordered
    (n, 12) matrix run 12 elements per inner loop); the (n, m) result is a view of that
    (m, n) array, so kernels that need the criterion-major layout take ``r.T`` without a copy.
    """
    if x.ndim == 2:  # the transposed copy is ours (float64 whatever came in): normalised in place
        return _minmax(np.array(x.T, dtype=float, order="C"), types[:, None], axis=1, out=True).T
    return _minmax(np.asarray(x, dtype=float), types, axis=0)


def _minmax(x: np.ndarray, types: np.ndarray, axis: int, out: bool = False) -> np.ndarray:
    """:func:`minmax` over ``axis`` with ``types`` broadcastable against the reduced shape;
    ``out``: overwrite ``x``. In place wherever possible: a fresh 1 MB array costs page faults."""
    lo = x.min(axis=axis, keepdims=True)
    hi = x.max(axis=axis, keepdims=True)
    span = hi - lo
    flat = span == 0
    r = np.subtract(x, np.where(types > 0, lo, hi), out=x if out else None)
    r /= np.where(flat, 1.0, span) * types
    if flat.any():
        r[np.broadcast_to(flat, r.shape)] = 1.0
    r += 0.0  # the worst value of a cost criterion comes out as -0.0: make it 0.0, as before
    return r


def vector(x: np.ndarray, types: np.ndarray) -> np.ndarray:
    r"""Vector (Euclidean) normalisation, cost criteria reflected as in pymcdm.

    .. math:: r_{ij} = x_{ij} / \sqrt{\textstyle\sum_i x_{ij}^2} \;(\text{benefit}),\quad
              r_{ij} = 1 - x_{ij} / \sqrt{\textstyle\sum_i x_{ij}^2} \;(\text{cost})

    An all-zero column (norm 0) is taken as x/norm = 0.
    """
    norm = np.sqrt((x * x).sum(axis=0))
    safe = np.where(norm == 0, 1.0, norm)
    q = x / safe
    return np.where(types > 0, q, 1.0 - q)


def max_ratio(x: np.ndarray, types: np.ndarray) -> np.ndarray:
    r"""Max normalisation as in pymcdm's ``max_normalization``: :math:`x/\max x` (benefit),
    :math:`1 - x/\max x` (cost); the name ``'max-complement'`` in :data:`NORMALIZATIONS`.

    Needs positive values (checked).
    """
    require_positive(x, "max-complement normalisation")
    q = x / x.max(axis=0)
    return np.where(types > 0, q, 1.0 - q)


def sum_ratio(x: np.ndarray, types: np.ndarray) -> np.ndarray:
    r"""Sum normalisation as in pymcdm: :math:`x/\sum x` (benefit), :math:`x^{-1}/\sum x^{-1}` (cost).

    Needs positive values (checked).
    """
    require_positive(x, "sum normalisation")
    inv = 1.0 / x
    return np.where(types > 0, x / x.sum(axis=0), inv / inv.sum(axis=0))


def linear_ratio(x: np.ndarray, types: np.ndarray, what: str = "max normalisation") -> np.ndarray:
    r"""Linear ratio ("max") normalisation: :math:`x/\max x` (benefit), :math:`\min x / x` (cost).

    The linear scale transformation of Hwang & Yoon (1981), the r of Triantaphyllou's
    WPM and the common "simple additive weighting" of textbook examples; the name ``'max'`` in
    :data:`NORMALIZATIONS`. Needs positive values (checked). Equals pymcdm's ``linear_normalization``.
    """
    require_positive(x, what)
    return np.where(types > 0, x / x.max(axis=0), x.min(axis=0) / x)


#: The column normalisations by name; every method with a ``normalization`` parameter takes these
#: names with these meanings (pymcdm's function in brackets): ``minmax`` (minmax_normalization),
#: ``max`` = x/max and min/x (linear_normalization), ``max-complement`` = x/max and 1 - x/max
#: (max_normalization), ``sum`` = x/sum and (1/x)/sum(1/x) (sum_normalization), ``vector`` =
#: x/norm and 1 - x/norm (vector_normalization).
NORMALIZATIONS = {"minmax": minmax, "max": linear_ratio, "max-complement": max_ratio, "sum": sum_ratio,
                  "vector": vector}


def normalization_param(default: str, options: tuple[str, ...] = tuple(NORMALIZATIONS), note: str = "") -> Param:
    """The ``normalization`` parameter of a method: one of ``options`` (names of :data:`NORMALIZATIONS`)."""
    meaning = {"minmax": "minmax (x - worst)/(best - worst)", "max": "max (x/max; min/x for costs)",
               "max-complement": "max-complement (x/max; 1 - x/max for costs, pymcdm's max)",
               "sum": "sum (x/sum; (1/x)/sum(1/x) for costs)", "vector": "vector (x/norm; 1 - x/norm for costs)"}
    doc = "column normalisation: " + ", ".join(meaning[o] + (" [default]" if o == default else "") for o in options)
    return Param("normalization", default, doc + (f". {note}" if note else ""), choice("normalization", options))
