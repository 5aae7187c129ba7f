r"""MOORA ratio system (Brauers & Zavadskas 2006): :math:`y_i = \sum_{j\in B} w_j x^*_{ij} - \sum_{j\in C} w_j x^*_{ij}`."""

from __future__ import annotations

import numpy as np

from .. import batch
from ..registry import Method, register
from ..sampled import combine_linear

__all__ = ["reference", "kernel", "prepare", "METHOD"]


def reference(x: np.ndarray, w: np.ndarray, types: np.ndarray) -> np.ndarray:
    """MOORA ratio system: vector-normalised, weighted benefit sum minus weighted cost sum."""
    norm = np.sqrt((x ** 2).sum(axis=0))
    r = x / np.where(norm == 0, 1.0, norm) * w
    return r[:, types > 0].sum(axis=1) - r[:, types < 0].sum(axis=1)


def prepare(x: np.ndarray, types: np.ndarray) -> np.ndarray:
    r"""Signed vector-normalised values :math:`t_j x^*_{ij}`, over axis 0 of (n, m) or of a (n, B, m) block.

    :math:`x^*_{ij} = x_{ij}/\sqrt{\sum_i x_{ij}^2}` (an all-zero column gives 0).
    """
    norm = np.sqrt((x * x).sum(axis=0))
    r = x / np.where(norm == 0, 1.0, norm)
    return r * types


def kernel(x: np.ndarray, W: np.ndarray, types: np.ndarray) -> np.ndarray:
    """MOORA ratio system, batch form: one product with the signed normalised values."""
    return batch.weighted_sums(W, prepare(x, types).T)


METHOD = register(Method(
    name="moora", label="MOORA ratio system (Brauers & Zavadskas 2006)", higher_is_better=True, additive=False,
    params={}, reference=reference, kernel=kernel, prepare=prepare, combine=combine_linear, linear=True,
    zero_spread="x/||x|| is the same for every measure: adds (or subtracts) the same amount everywhere",
    source="Brauers, W.K.M. & Zavadskas, E.K. (2006) Control and Cybernetics 35(2):445-469",
    notes="All-benefit problems are allowed (pymcdm raises)."))
