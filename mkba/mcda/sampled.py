"""Scores of a block of *sampled* matrices, each with its own weight vector (SMAA with uncertain values).

A method's sampled kernels are a pair registered with it (:class:`~mkba.mcda.registry.Method`
``prepare`` and ``combine``): ``prepare(xt, types, **params)`` computes the weight-independent
part (normalisation, distances, unicriterion flows) of a block of B matrices in (n, B, m) layout,
so that the library's column normalisations (which reduce over axis 0 and broadcast over the
last axis) apply to every sample at once; ``combine(prepared, W, types, **params) -> (B, n)``
uses the weights, sample k with ``W[k]``. :func:`sampled_scorer` prepares a block once and
returns ``score(W)``: SMAA's confidence factors score every value sample again at each
measure's central weight vector, one cheap combine per vector.

A method registered without sampled kernels is scored with its batch kernel one sample at a
time (one kernel call per sample, orders of magnitude slower on long runs); this fallback is
explicit: :attr:`Method.sampled <mkba.mcda.registry.Method.sampled>` is False, the method table
of docs/methods.md says so, and :func:`sampled_scorer` warns with
:class:`PerSampleFallbackWarning`.

The helpers below are the building blocks of the ``combine`` kernels.
"""

from __future__ import annotations

import warnings
from typing import Any, Callable, Mapping

import numpy as np
import pandas as pd

from ..labels import align, as_frame, parse_types
from .registry import Method, get_method

__all__ = ["PerSampleFallbackWarning", "sampled_scorer", "sampled_scores", "block_dot", "one_row", "rowwise",
           "combine_linear"]


class PerSampleFallbackWarning(UserWarning):
    """A method without sampled kernels is scored one value sample at a time (slow, but correct)."""


def one_row(w: np.ndarray) -> bool:
    """Whether the (B, m) weights are one row broadcast over the block (stride 0)."""
    return w.shape[0] > 1 and w.strides[0] == 0


def block_dot(a_nbm: np.ndarray, w: np.ndarray) -> np.ndarray:
    """(n, B, m) x (B, m) -> (B, n): sum_j w_bj a_nbj.

    One weight vector for the whole block (fixed weights, or a central weight vector in the
    confidence factors: rows broadcast, stride 0) is a matrix-vector product, about ten times
    faster than the einsum over per-sample weights."""
    bnm = a_nbm.transpose(1, 0, 2)  # the prepared arrays keep the (B, n, m) memory order of the samples
    if one_row(w) and bnm.flags.c_contiguous:
        return (bnm.reshape(-1, bnm.shape[2]) @ w[0]).reshape(bnm.shape[:2])
    return np.einsum("nbm,bm->bn", a_nbm, w, optimize=False)


def rowwise(w: np.ndarray, f: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    """``f(w)`` for (B, m) weights, still broadcast from one row when ``w`` was (see :func:`block_dot`)."""
    return np.broadcast_to(f(w[:1]), w.shape) if one_row(w) else f(w)


def combine_linear(a: np.ndarray, w: np.ndarray, t: np.ndarray, **_: Any) -> np.ndarray:
    """The ``combine`` of every method linear in the weights: sum_j w_j a_ij of the prepared partial values."""
    return block_dot(a, w)


def sampled_scores(method: str | Method, X: np.ndarray, W: Any, types: Any,
                   params: Mapping[str, Any] | None = None) -> Any:
    """Scores (B, n) of B sampled matrices ``X`` (B, n, m), sample k scored with weight ``W[k]``.

    Equal (to rounding) to ``[mcda.evaluate(method, X[k], W[k], types, **params) for k]``;
    ``params`` must be resolved (:func:`mkba.mcda.check_params`). Vectorised over the block with
    the method's sampled kernels (every built-in method has them); see :func:`sampled_scorer`.
    ``types`` in any form :func:`mkba.labels.parse_types` accepts; ``W`` a (B, m) array, or a
    DataFrame whose index then labels the rows of the (B, n) DataFrame returned.
    """
    w, rows = align(W, None)
    scores = sampled_scorer(method, X, types, params)(np.asarray(w, dtype=float))
    return scores if rows is None else as_frame(scores, rows, pd.RangeIndex(scores.shape[1]))


def sampled_scorer(method: str | Method, X: np.ndarray, types: Any,
                   params: Mapping[str, Any] | None = None) -> Callable[[np.ndarray], np.ndarray]:
    """``score(W) -> (B, n)`` for the B sampled matrices ``X`` (B, n, m), as :func:`sampled_scores`,
    with the weight-independent part of the method (normalisation, distances, flows) computed
    once, here, for any number of calls (e.g. one per central weight vector).

    ``method`` is a registered name or a :class:`~mkba.mcda.registry.Method` entry (e.g. SMAA's
    weighted sum of partial values). A method without sampled kernels runs its batch kernel once
    per sample, with a :class:`PerSampleFallbackWarning`.
    """
    entry = method if isinstance(method, Method) else get_method(method)
    resolved = dict(params or {})
    types = parse_types(types)
    prepare, combine = entry.prepare, entry.combine
    if prepare is not None and combine is not None:
        prepared = prepare(np.transpose(X, (1, 0, 2)), types, **resolved)
        return lambda W: combine(prepared, W, types, **resolved)
    warnings.warn(f"MCDA method {entry.name!r} has no sampled kernels (prepare/combine): each value sample is "
                  "scored with its batch kernel, one call per sample", PerSampleFallbackWarning, stacklevel=2)
    kernel = entry.kernel

    def one_by_one(W: np.ndarray) -> np.ndarray:
        out = np.empty(X.shape[:2])
        for k in range(X.shape[0]):
            out[k] = kernel(X[k], W[k:k + 1], types, **resolved)[0]
        return out

    return one_by_one
