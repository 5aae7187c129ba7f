r"""Weighted sum of normalised values: :math:`V_i = \sum_j w_j r_{ij}` (min-max by default: linear value over the list)."""

from __future__ import annotations

import numpy as np

from .. import batch
from .. import normalize as nz
from ..registry import Method, register
from ..sampled import combine_linear

__all__ = ["reference", "kernel", "prepare", "METHOD"]


def reference(x: np.ndarray, w: np.ndarray, types: np.ndarray, *, normalization: str = "minmax") -> np.ndarray:
    """Weighted sum of normalised values (min-max by default)."""
    return (nz.NORMALIZATIONS[normalization](x, types) * w).sum(axis=1)


def prepare(x: np.ndarray, types: np.ndarray, *, normalization: str = "minmax") -> np.ndarray:
    """Normalised values, over axis 0 of (n, m) or of a (n, B, m) block (each sample over its own list)."""
    return nz.NORMALIZATIONS[normalization](x, types)


def kernel(x: np.ndarray, W: np.ndarray, types: np.ndarray, *, normalization: str = "minmax") -> np.ndarray:
    r"""Weighted sum of normalised values: :math:`V_i = \sum_j w_j r_{ij}` (one product)."""
    return batch.weighted_sums(W, prepare(x, types, normalization=normalization).T)


METHOD = register(Method(
    name="wsm", label="Weighted sum (simple additive weighting) of normalised values", higher_is_better=True,
    additive=False,
    params={"normalization": nz.normalization_param(
        "minmax", note="'max' is the classic SAW of textbook examples (MacCrimmon 1968; Hwang & Yoon 1981), 'sum' "
                       "pymcdm's WSM default")},
    reference=reference, kernel=kernel, prepare=prepare, combine=combine_linear, linear=True,
    examples=lambda x: [{"normalization": k} for k in nz.NORMALIZATIONS],
    zero_spread="minmax: normalised to 1 for every measure (as pymcdm's minmax), adding w_j to every score; the "
                "ratio normalisations give every measure the same value too",
    source="Fishburn (1967); MacCrimmon (1968) RM-4823-ARPA; Hwang & Yoon (1981) Multiple Attribute Decision "
           "Making, Springer (SAW and its normalisations)",
    notes="Default min-max, unlike pymcdm's WSM default (sum normalisation x/sum(x)): with sum or max "
          "normalisation a criterion's influence depends on its level, not its range, so weights elicited on "
          "ranges (swing) do not mean what they say. Min-max over the list is still list-relative (anchors move "
          "with the list); use 'mavt' with fixed bounds for an additive, anchored value. 'max', 'max-complement' and "
          "'sum' need values > 0."))
