r"""Weighted product model (Bridgman 1922; Miller & Starr 1969): :math:`P_i = \prod_j r_{ij}^{w_j}`."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import batch
from .. import normalize as nz
from ..registry import Method, register
from ..sampled import block_dot

__all__ = ["reference", "kernel", "prepare", "combine", "METHOD"]


def reference(x: np.ndarray, w: np.ndarray, types: np.ndarray) -> np.ndarray:
    """Weighted product of ratio-normalised values (x/max for benefit, min/x for cost)."""
    return np.prod(nz.linear_ratio(x, types) ** w, axis=1)


def prepare(x: np.ndarray, types: np.ndarray) -> np.ndarray:
    """Logarithms of the ratio-normalised values, over axis 0 of (n, m) or of a (n, B, m) block."""
    return np.log(nz.linear_ratio(x, types))


def kernel(x: np.ndarray, W: np.ndarray, types: np.ndarray) -> np.ndarray:
    r"""Weighted product :math:`P_i = \prod_j r_{ij}^{w_j} = \exp(\sum_j w_j \ln r_{ij})` (one product)."""
    return np.exp(batch.weighted_sums(W, prepare(x, types).T))


def combine(logs: np.ndarray, w: np.ndarray, t: np.ndarray, **_: Any) -> np.ndarray:
    """exp of the weighted sum of the logarithms."""
    return np.exp(block_dot(logs, w))


METHOD = register(Method(
    name="wpm", label="Weighted product (Bridgman 1922; Miller & Starr 1969)", higher_is_better=True,
    additive=False, params={}, reference=reference, kernel=kernel, prepare=prepare, combine=combine,
    zero_spread="ratio 1 for every measure, a factor 1 in every product",
    source="Triantaphyllou, E. (2000) Multi-Criteria Decision Making Methods: A Comparative Study, Kluwer, "
           "ch. 2 (WPM ratio form)",
    notes="P_i = prod_j r_ij^w_j with r = x/max (benefit), min/x (cost): Triantaphyllou's pairwise ratio "
          "P(A_K/A_L) = prod (a_Kj/a_Lj)^w_j equals P_K/P_L, so the ranking is his. Needs values > 0. pymcdm's "
          "WPM default is sum normalisation; with its linear_normalization the results are equal."))
