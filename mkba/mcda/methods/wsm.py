r"""Weighted sum of min-max normalised values: :math:`V_i = \sum_j w_j r_{ij}` (linear value over the list)."""

from __future__ import annotations

import numpy as np

from .. import batch
from .. import normalize as nz
from ..registry import Method, register
from ..sampled import combine_linear

__all__ = ["reference", "kernel", "prepare", "METHOD"]


def reference(x: np.ndarray, w: np.ndarray, types: np.ndarray) -> np.ndarray:
    """Weighted sum of min-max normalised values."""
    return (nz.minmax(x, types) * w).sum(axis=1)


def prepare(x: np.ndarray, types: np.ndarray) -> np.ndarray:
    """Min-max normalised values, over axis 0 of (n, m) or of a (n, B, m) block (each sample over its own list)."""
    return nz.minmax(x, types)


def kernel(x: np.ndarray, W: np.ndarray, types: np.ndarray) -> np.ndarray:
    r"""Weighted sum of min-max normalised values: :math:`V_i = \sum_j w_j r_{ij}` (one product)."""
    return batch.weighted_sums(W, prepare(x, types).T)


METHOD = register(Method(
    name="wsm", label="Weighted sum, min-max normalised (linear value over the list)", higher_is_better=True,
    additive=False, params={}, reference=reference, kernel=kernel, prepare=prepare, combine=combine_linear,
    linear=True,
    zero_spread="normalised to 1 for every measure (as pymcdm's minmax), adding w_j to every score",
    source="Fishburn (1967); min-max normalisation as the linear value function between the worst and best "
           "measure of the list",
    notes="Deviates from pymcdm's WSM default (sum normalisation x/sum(x)): with sum normalisation a criterion's "
          "influence depends on its mean, not its range, so weights elicited on ranges (swing) do not mean what "
          "they say. Min-max over the list is still list-relative (anchors move with the list); use 'mavt' with "
          "fixed bounds for an additive, anchored value."))
