"""``evaluate``: one entry point for every registered method, one or K weight vectors, arrays or pandas."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Hashable

import numpy as np
import pandas as pd

from ..errors import MethodError
from ..labels import align, as_frame, as_series, by_criteria, criteria_of, is_labelled
from .registry import check_params, get_method
from .validation import as_arrays, check_inputs, names, settle_weights

__all__ = ["evaluate", "read_inputs", "Inputs"]


def evaluate(method: str, matrix: Any, weights: Any, types: Any, *, validate: bool = True,
             normalize_weights: bool = False, **params: Any) -> Any:
    """Score every measure with MCDA ``method``.

    Parameters
    ----------
    method : str
        A name in :data:`mkba.mcda.METHODS` (case-insensitive).
    matrix : array or DataFrame (n, m)
        Raw criterion values per measure (rows) and criterion (columns).
    weights : array, Series (m,) or array, DataFrame (K, m)
        One weight vector, or K of them (e.g. per stakeholder or SMAA samples); each row
        >= 0 and summing to 1. With a DataFrame matrix, a Series or DataFrame of weights is
        matched to the criteria by label.
    types : sequence or Series/mapping (m,)
        Per criterion +1 / 'max' / 'benefit' / True for a benefit, -1 / 'min' / 'cost' / False
        for a cost criterion; a Series or mapping is matched by label.
    validate : bool
        Check shapes, finiteness, types and weights (vectorised; well under 5 ms for
        10,000 x 12 weights). With False, inputs are trusted (negative weights then give
        undefined results).
    normalize_weights : bool
        Divide every weight row by its sum, however far from 1 (unit weights, points). Without
        it, rows within 1e-2 of sum 1 are divided by their sum with a
        :class:`~mkba.mcda.validation.WeightsNormalizedWarning`, rows further off raise.
    **params
        Method parameters, see ``METHODS[method].params``. With a DataFrame matrix, a
        per-criterion parameter given as a Series (or a DataFrame with a row per criterion,
        e.g. ``bounds``) is matched to the criteria by label.

    Returns
    -------
    ndarray, Series or DataFrame
        (n,) scores for one weight vector, (K, n) for K. With a DataFrame matrix or pandas
        weights: a Series on the matrix's index (one vector) or a DataFrame (K, n) indexed by
        the weights' index with the measures as columns. Higher or lower is better as
        ``METHODS[method].higher_is_better`` says. K rows are computed by one vectorised
        kernel (bounded-memory chunks), equal to the one-vector reference to ~1e-12.

    Raises
    ------
    MethodError
        Unknown method or parameter, bad parameter value, or bad input (naming criteria and
        measures by label, or by position counted from 1).
    """
    entry = get_method(method)
    data = read_inputs(matrix, weights, types, validate=validate, normalize_weights=normalize_weights)
    if data.criteria is not None:  # per-criterion parameters (thresholds, bounds) keyed by criterion: by label
        params = {key: by_criteria(value, data.criteria, key) for key, value in params.items()}
    resolved = check_params(entry.name, params, n_criteria=data.x.shape[1])
    with names(data.criteria, data.measures):
        scores = entry.kernel(data.x, np.atleast_2d(data.w), data.t, **resolved)
    if data.w.ndim == 1:
        return data.per_measure(scores[0], entry.name)
    return data.per_weights(scores)


@dataclass(frozen=True)
class Inputs:
    """Checked arrays of one call, with the labels they came with (None: unlabelled)."""

    x: np.ndarray
    w: np.ndarray
    t: np.ndarray
    criteria: list[Hashable] | None
    measures: pd.Index | None
    rows: pd.Index | None
    labelled: bool

    def per_measure(self, values: np.ndarray, name: Hashable = None) -> Any:
        """(n,) values as given, or a Series on the measures when the input was labelled."""
        if not self.labelled:
            return values
        return as_series(values, self.measures if self.measures is not None else pd.RangeIndex(len(values)), name)

    def per_weights(self, values: np.ndarray) -> Any:
        """(K, n) values as given, or a DataFrame (weight rows x measures) when the input was labelled."""
        if not self.labelled:
            return values
        return as_frame(values, self.rows,
                        self.measures if self.measures is not None else pd.RangeIndex(values.shape[1]))


def read_inputs(matrix: Any, weights: Any, types: Any, *, validate: bool = True,
                normalize_weights: bool = False) -> Inputs:
    """Arrays from arrays or pandas objects, weights matched to criteria by label, checked and settled
    (see :func:`evaluate`); the labels are kept for the result."""
    criteria = criteria_of(matrix)
    labels = None if criteria is None else list(criteria)
    w_in, rows = align(weights, labels)
    measures = matrix.index if isinstance(matrix, pd.DataFrame) else None
    x, w, t = as_arrays(matrix, w_in, types)
    if validate:
        w = settle_weights(w, normalize_weights=normalize_weights, criteria=labels, rows=rows)
        check_inputs(x, w, t, criteria=labels, measures=measures, rows=rows)
    elif x.ndim != 2 or w.ndim not in (1, 2):
        raise MethodError(f"matrix must be 2-D and weights 1-D or 2-D; got {x.shape} and {w.shape}")
    elif normalize_weights:
        w = w / w.sum(axis=-1, keepdims=True)
    return Inputs(x, w, t, labels, measures, rows, is_labelled(matrix) or is_labelled(weights))
