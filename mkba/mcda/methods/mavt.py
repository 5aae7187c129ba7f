r"""Additive value (MAVT) with linear value functions on fixed anchors: :math:`V_i = \sum_j w_j v_j(x_{ij})`."""

from __future__ import annotations

from typing import Any

import numpy as np

from ...errors import MethodError
from .. import batch
from ..registry import Method, Param, register
from ..sampled import combine_linear
from ..validation import bound_pairs, criteria_here, measure_here

__all__ = ["anchored_values", "reference", "kernel", "prepare", "METHOD"]


def anchored_values(x: np.ndarray, types: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    r"""Linear value functions on fixed anchors: :math:`(x - lo)/(hi - lo)` (benefit), :math:`(hi - x)/(hi - lo)` (cost)."""
    b = np.asarray(bounds, dtype=float)
    m = x.shape[1]
    if b.shape != (m, 2):
        raise MethodError(f"mavt: bounds must have shape ({m}, 2), [worst-to-best range low, high] per "
                          f"criterion; got {b.shape}")
    outside = (x < b[:, 0]) | (x > b[:, 1])
    if outside.any():
        i, j = np.argwhere(outside)[0]
        raise MethodError(f"mavt: {measure_here(i)} has {float(x[i, j])!r} on {criteria_here([j])}, outside the "
                          f"range [{b[j, 0]!r}, {b[j, 1]!r}] the weights were elicited on")
    span = b[:, 1] - b[:, 0]
    return np.where(types > 0, x - b[:, 0], b[:, 1] - x) / span


def reference(x: np.ndarray, w: np.ndarray, types: np.ndarray, *, bounds=None) -> np.ndarray:
    """Additive value with linear value functions on fixed anchors."""
    if bounds is None:
        raise MethodError("mavt: parameter 'bounds' is required")
    return (anchored_values(x, types, bounds) * w).sum(axis=1)


def kernel(x: np.ndarray, W: np.ndarray, types: np.ndarray, *, bounds: np.ndarray) -> np.ndarray:
    r"""Additive value with fixed anchors: :math:`V_i = \sum_j w_j v_j(x_{ij})` (one product)."""
    return batch.weighted_sums(W, anchored_values(x, types, bounds).T)


def prepare(xt: np.ndarray, t: np.ndarray, *, bounds: np.ndarray) -> np.ndarray:
    """The anchored values of every sample, (n, B, m)."""
    n, b, m = xt.shape
    return anchored_values(xt.reshape(-1, m), t, bounds).reshape(n, b, m)


def _examples(x: np.ndarray) -> list[dict[str, Any]]:
    """Anchors just around every value, and wider anchors."""
    m = x.shape[-1]
    flat = x.reshape(-1, m)
    lo, hi = flat.min(axis=0), flat.max(axis=0)
    wide = hi - lo + 1.0
    return [{"bounds": np.column_stack([lo - 1.0, hi + 1.0])}, {"bounds": np.column_stack([lo - wide, hi + wide])}]


METHOD = register(Method(
    name="mavt", label="Additive value, linear value functions on fixed anchors", higher_is_better=True,
    additive=True,
    params={"bounds": Param("bounds", None, "[low, high] per criterion (m x 2) in raw units: the ranges the "
                            "weights were elicited on (swing weighting); values outside raise",
                            bound_pairs("bounds"), required=True)},
    reference=reference, kernel=kernel, prepare=prepare, combine=combine_linear, linear=True, examples=_examples,
    zero_spread="not applicable: anchors are fixed, a flat criterion simply gives every measure the same value",
    source="Keeney, R.L. & Raiffa, H. (1976) Decisions with Multiple Objectives; Edwards & Barron (1994) OBHDP "
           "60:306-325 (swing weights on stated ranges)",
    notes="The only additive method: each measure's value depends on its own effects and the fixed anchors, so "
          "values can be summed over a portfolio. Anchor 'not done' at value 0 by choosing the nulalternatief "
          "(effect 0) as the low anchor of benefits and the high anchor of costs, or subtract v(0)."))
