r"""Weighted product model (Bridgman 1922; Miller & Starr 1969): :math:`P_i = \prod_j r_{ij}^{w_j}`."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import batch
from .. import normalize as nz
from ..registry import Method, register
from ..sampled import block_dot

__all__ = ["reference", "kernel", "prepare", "combine", "METHOD"]


def _ratios(x: np.ndarray, types: np.ndarray, normalization: str) -> np.ndarray:
    """The ratio-normalised values: 'max' (x/max, min/x) or 'sum' (x/sum, (1/x)/sum(1/x)); values > 0."""
    nz.require_positive(x, "the weighted product model")
    return nz.NORMALIZATIONS[normalization](x, types)


def reference(x: np.ndarray, w: np.ndarray, types: np.ndarray, *, normalization: str = "max") -> np.ndarray:
    """Weighted product of ratio-normalised values (x/max for benefit, min/x for cost by default)."""
    return np.prod(_ratios(x, types, normalization) ** w, axis=1)


def prepare(x: np.ndarray, types: np.ndarray, *, normalization: str = "max") -> np.ndarray:
    """Logarithms of the ratio-normalised values, over axis 0 of (n, m) or of a (n, B, m) block."""
    return np.log(_ratios(x, types, normalization))


def kernel(x: np.ndarray, W: np.ndarray, types: np.ndarray, *, normalization: str = "max") -> np.ndarray:
    r"""Weighted product :math:`P_i = \prod_j r_{ij}^{w_j} = \exp(\sum_j w_j \ln r_{ij})` (one product)."""
    return np.exp(batch.weighted_sums(W, prepare(x, types, normalization=normalization).T))


def combine(logs: np.ndarray, w: np.ndarray, t: np.ndarray, **_: Any) -> np.ndarray:
    """exp of the weighted sum of the logarithms."""
    return np.exp(block_dot(logs, w))


METHOD = register(Method(
    name="wpm", label="Weighted product (Bridgman 1922; Miller & Starr 1969)", higher_is_better=True,
    additive=False,
    params={"normalization": nz.normalization_param(
        "max", ("max", "sum"), note="Both ratio scales, so the ranking is the same; sum is pymcdm's WPM default")},
    examples=lambda x: [{"normalization": k} for k in ("max", "sum")], reference=reference, kernel=kernel, prepare=prepare, combine=combine,
    zero_spread="ratio 1 for every measure, a factor 1 in every product",
    source="Triantaphyllou, E. (2000) Multi-Criteria Decision Making Methods: A Comparative Study, Kluwer, "
           "ch. 2 (WPM ratio form)",
    notes="P_i = prod_j r_ij^w_j with r = x/max (benefit), min/x (cost): Triantaphyllou's pairwise ratio "
          "P(A_K/A_L) = prod (a_Kj/a_Lj)^w_j equals P_K/P_L, so the ranking is his. Needs values > 0. pymcdm's "
          "WPM default is sum normalisation (normalization='sum' gives its numbers); with its linear_normalization the "
          "results equal the default here."))
