"""Plain one-vector reference implementations, written as the papers state them.

They exist to cross-check the batch kernels (tests compare both, and both with pymcdm
where pymcdm is right). Each takes ``(x, w, types, **params)`` with ``w`` of shape (m,)
and returns the (n,) scores. They share only the normalisations with the kernels.
"""

from __future__ import annotations

import numpy as np

from ..errors import MethodError
from . import normalize as nz
from .batch import anchored_values, copras_check, edas_distances, spotis_distance, vikor_regret

__all__ = ["topsis", "vikor", "wsm", "wpm", "copras", "moora", "edas", "spotis", "mavt"]


def topsis(x: np.ndarray, w: np.ndarray, types: np.ndarray, *, normalization: str = "minmax") -> np.ndarray:
    """TOPSIS: weighted normalised matrix, ideal/anti-ideal as its column max/min, C = D-/(D+ + D-)."""
    v = nz.NORMALIZATIONS[normalization](x, types) * w
    pis, nis = v.max(axis=0), v.min(axis=0)
    dp = np.sqrt(((v - pis) ** 2).sum(axis=1))
    dm = np.sqrt(((v - nis) ** 2).sum(axis=1))
    den = dp + dm
    return np.where(den > 0, dm / np.where(den > 0, den, 1.0), 0.5)


def _unit(t: np.ndarray) -> np.ndarray:
    lo, hi = t.min(), t.max()
    if hi - lo <= 1e-12 * max(abs(hi), abs(lo)):
        return np.zeros_like(t)
    return (t - lo) / (hi - lo)


def vikor(x: np.ndarray, w: np.ndarray, types: np.ndarray, *, v: float = 0.5) -> np.ndarray:
    """VIKOR Q = v (S - S*)/(S- - S*) + (1 - v)(R - R*)/(R- - R*), lower is better."""
    wd = vikor_regret(x, types) * w
    return v * _unit(wd.sum(axis=1)) + (1.0 - v) * _unit(wd.max(axis=1))


def wsm(x: np.ndarray, w: np.ndarray, types: np.ndarray) -> np.ndarray:
    """Weighted sum of min-max normalised values."""
    return (nz.minmax(x, types) * w).sum(axis=1)


def wpm(x: np.ndarray, w: np.ndarray, types: np.ndarray) -> np.ndarray:
    """Weighted product of ratio-normalised values (x/max for benefit, min/x for cost)."""
    return np.prod(nz.linear_ratio(x, types) ** w, axis=1)


def copras(x: np.ndarray, w: np.ndarray, types: np.ndarray) -> np.ndarray:
    """COPRAS utility N = Q/max Q with Zavadskas' Q (published form, see :func:`mkba.mcda.batch.copras`)."""
    copras_check(x, types)
    d = x / x.sum(axis=0) * w
    s_plus = d[:, types > 0].sum(axis=1)
    s_minus = d[:, types < 0].sum(axis=1)
    if (types > 0).all() or not (s_minus > 0).all():
        q = s_plus
    else:
        s_min = s_minus.min()
        q = s_plus + (s_min * s_minus.sum()) / (s_minus * (s_min / s_minus).sum())
    return q / q.max() if q.max() != 0 else np.zeros_like(q)


def moora(x: np.ndarray, w: np.ndarray, types: np.ndarray) -> np.ndarray:
    """MOORA ratio system: vector-normalised, weighted benefit sum minus weighted cost sum."""
    norm = np.sqrt((x ** 2).sum(axis=0))
    r = x / np.where(norm == 0, 1.0, norm) * w
    return r[:, types > 0].sum(axis=1) - r[:, types < 0].sum(axis=1)


def edas(x: np.ndarray, w: np.ndarray, types: np.ndarray) -> np.ndarray:
    """EDAS appraisal score AS = (NSP + NSN) / 2."""
    pda, nda = edas_distances(x, types)
    sp, sn = (pda * w).sum(axis=1), (nda * w).sum(axis=1)
    nsp = sp / sp.max() if sp.max() > 0 else np.zeros_like(sp)
    nsn = 1.0 - sn / sn.max() if sn.max() > 0 else np.ones_like(sn)
    return (nsp + nsn) / 2.0


def spotis(x: np.ndarray, w: np.ndarray, types: np.ndarray, *, bounds=None, esp=None) -> np.ndarray:
    """SPOTIS: weighted normalised distance to the expected solution point, lower is better."""
    return (spotis_distance(x, types, bounds, esp) * w).sum(axis=1)


def mavt(x: np.ndarray, w: np.ndarray, types: np.ndarray, *, bounds=None) -> np.ndarray:
    """Additive value with linear value functions on fixed anchors."""
    if bounds is None:
        raise MethodError("mavt: parameter 'bounds' is required")
    return (anchored_values(x, types, bounds) * w).sum(axis=1)
