"""SMAA-O (Lahdelma, Miettinen & Salminen 2003): the values of an ordinal scale as uncertain. Any values
in the scale's order are as plausible as the point mapping, so each sample draws the inner labels' values
as sorted uniforms between the lowest and highest value (the ends stay: they fix the criterion's range)."""

from __future__ import annotations

import numpy as np

__all__ = ["monotone"]


def monotone(values: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    """``k`` rows of values in the order of ``values`` (strictly increasing, length n), row-wise
    ``v_0 = values[0] <= v_1 <= ... <= v_{n-1} = values[-1]``: uniform over all such orders' values."""
    values = np.asarray(values, dtype=float)
    n = len(values)
    out = np.empty((k, n))
    out[:, 0], out[:, -1] = values[0], values[-1]
    if n > 2:
        out[:, 1:-1] = np.sort(rng.uniform(values[0], values[-1], size=(k, n - 2)), axis=1)
    return out
