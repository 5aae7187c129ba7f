r"""SPOTIS (Dezert et al. 2020): weighted normalised distance to the expected solution point, lower is better."""

from __future__ import annotations

from typing import Any

import numpy as np

from ...errors import MethodError
from .. import batch
from ..registry import Method, Param, register
from ..sampled import combine_linear
from ..validation import bound_pairs, criteria_here, measure_here, point

__all__ = ["setup", "distance", "reference", "kernel", "prepare", "METHOD"]


def setup(x: np.ndarray, types: np.ndarray, bounds: np.ndarray | None,
          esp: np.ndarray | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Bounds (m, 2), expected solution point (m,) and span for SPOTIS, checked against ``x``."""
    m = x.shape[1]
    if bounds is None:
        b = np.column_stack([x.min(axis=0), x.max(axis=0)])
    else:
        b = np.asarray(bounds, dtype=float)
        if b.shape != (m, 2):
            raise MethodError(f"spotis: bounds must have shape ({m}, 2) [min, max] per criterion; got {b.shape}")
        outside = (x < b[:, 0]) | (x > b[:, 1])
        if outside.any():
            i, j = np.argwhere(outside)[0]
            raise MethodError(f"spotis: {measure_here(i)} has {float(x[i, j])!r} on {criteria_here([j])}, outside its "
                              f"bounds [{b[j, 0]!r}, {b[j, 1]!r}]")
    if esp is None:
        e = np.where(types > 0, b[:, 1], b[:, 0])
    else:
        e = np.asarray(esp, dtype=float)
        if e.shape != (m,):
            raise MethodError(f"spotis: esp must have one value per criterion, shape ({m},); got {e.shape}")
        off = (e < b[:, 0]) | (e > b[:, 1])
        if off.any():
            j = int(np.flatnonzero(off)[0])
            raise MethodError(f"spotis: esp {e[j]!r} of {criteria_here([j])} lies outside its bounds "
                              f"[{b[j, 0]!r}, {b[j, 1]!r}]")
    return b, e, b[:, 1] - b[:, 0]


def _scaled(x: np.ndarray, e: np.ndarray, span: np.ndarray) -> np.ndarray:
    """|x - e| / span, 0 on a zero-spread criterion (``span`` and ``e`` broadcast over axis 0)."""
    flat = span == 0
    d = np.abs(x - e) / np.where(flat, 1.0, span)
    d[:, flat] = 0.0
    return d


def distance(x: np.ndarray, types: np.ndarray, bounds: np.ndarray | None,
             esp: np.ndarray | None) -> np.ndarray:
    r"""Normalised distances :math:`|x_{ij} - s^*_j| / (x^{max}_j - x^{min}_j)`; 0 on a zero-spread criterion."""
    _, e, span = setup(x, types, bounds, esp)
    return _scaled(x, e, span)


def reference(x: np.ndarray, w: np.ndarray, types: np.ndarray, *, bounds=None, esp=None) -> np.ndarray:
    """SPOTIS: weighted normalised distance to the expected solution point, lower is better."""
    return (distance(x, types, bounds, esp) * w).sum(axis=1)


def kernel(x: np.ndarray, W: np.ndarray, types: np.ndarray, *, bounds: np.ndarray | None = None,
           esp: np.ndarray | None = None) -> np.ndarray:
    r"""SPOTIS score (Dezert et al. 2020), lower is better: :math:`P_i = \sum_j w_j d_{ij}` (one product)."""
    return batch.weighted_sums(W, distance(x, types, bounds, esp).T)


def prepare(xt: np.ndarray, t: np.ndarray, *, bounds: Any = None, esp: Any = None) -> np.ndarray:
    """The normalised distances of every sample, (n, B, m); default bounds are each sample's own."""
    n, b, m = xt.shape
    if bounds is not None:
        return distance(xt.reshape(-1, m), t, bounds, esp).reshape(n, b, m)
    lo, hi = xt.min(axis=0), xt.max(axis=0)                      # (B, m): per-sample default bounds
    if esp is None:
        e = np.where(t > 0, hi, lo)
    else:
        e = np.broadcast_to(np.asarray(esp, dtype=float), lo.shape)
        off = (e < lo) | (e > hi)
        if off.any():
            k, j = np.argwhere(off)[0]
            raise MethodError(f"spotis: esp {e[k, j]!r} of {criteria_here([j])} lies outside the bounds "
                              f"[{lo[k, j]!r}, {hi[k, j]!r}] of value sample {k} of the block")
    return _scaled(xt, e, hi - lo)


def _examples(x: np.ndarray) -> list[dict[str, Any]]:
    """Default bounds; bounds around every value; bounds with an expected solution point inside."""
    m = x.shape[-1]
    flat = x.reshape(-1, m)
    bounds = np.column_stack([flat.min(axis=0) - 1.0, flat.max(axis=0) + 1.0])
    return [{}, {"bounds": bounds}, {"bounds": bounds, "esp": bounds.mean(axis=1)}]


METHOD = register(Method(
    name="spotis", label="SPOTIS (Dezert et al. 2020)", higher_is_better=False, additive=False,
    params={
        "bounds": Param("bounds", None, "[min, max] per criterion (m x 2); default: min and max of the matrix",
                        bound_pairs("bounds")),
        "esp": Param("esp", None, "expected solution point, one value per criterion; default: the ideal from "
                     "the bounds (max for benefit, min for cost)", point("esp")),
    },
    reference=reference, kernel=kernel, prepare=prepare, combine=combine_linear, linear=True, examples=_examples,
    zero_spread="with default bounds the range is 0 and the distance is defined as 0 for every measure",
    source="Dezert, J., Tchamova, A., Han, D. & Tacnet, J.-M. (2020) FUSION 2020, pp. 1-8",
    notes="With explicit bounds a score does not depend on the other measures (rank-reversal free), but it is a "
          "distance from an ideal, not a value anchored at 'not done', so it is not marked additive."))
