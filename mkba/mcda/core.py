"""``evaluate``: one entry point for every registered method, one or K weight vectors."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import MethodError
from .registry import check_params, get_method
from .validation import as_arrays, check_inputs

__all__ = ["evaluate"]


def evaluate(method: str, matrix: Any, weights: Any, types: Any, *, validate: bool = True,
             **params: Any) -> np.ndarray:
    """Score every measure with MCDA ``method``.

    Parameters
    ----------
    method : str
        A name in :data:`mkba.mcda.METHODS` (case-insensitive).
    matrix : array (n, m)
        Raw criterion values per measure (rows) and criterion (columns).
    weights : array (m,) or (K, m)
        One weight vector, or K of them (e.g. per stakeholder or SMAA samples); each row
        >= 0 and summing to 1.
    types : array (m,)
        +1 for a benefit criterion, -1 for a cost criterion.
    validate : bool
        Check shapes, finiteness, types and weights (vectorised; well under 5 ms for
        10,000 x 12 weights). With False, inputs are trusted (negative weights then give
        undefined results).
    **params
        Method parameters, see ``METHODS[method].params``.

    Returns
    -------
    ndarray
        (n,) scores for one weight vector, (K, n) for K. Higher or lower is better as
        ``METHODS[method].higher_is_better`` says. K rows are computed by one vectorised
        kernel (bounded-memory chunks), equal to the one-vector reference to ~1e-12.

    Raises
    ------
    MethodError
        Unknown method or parameter, bad parameter value, or bad input.
    """
    entry = get_method(method)
    x, w, t = as_arrays(matrix, weights, types)
    if validate:
        check_inputs(x, w, t)
    elif x.ndim != 2 or w.ndim not in (1, 2):
        raise MethodError(f"matrix must be 2-D and weights 1-D or 2-D; got {x.shape} and {w.shape}")
    resolved = check_params(entry.name, params, n_criteria=x.shape[1])
    scores = entry.kernel(x, np.atleast_2d(w), t, **resolved)
    return scores[0] if w.ndim == 1 else scores
