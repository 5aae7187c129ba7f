r"""TOPSIS (Hwang & Yoon 1981): closeness to the ideal, :math:`C_i = D^-_i / (D^+_i + D^-_i)`."""

from __future__ import annotations

import threading
from typing import Any

import numpy as np

from .. import batch
from .. import normalize as nz
from ..registry import LIST_RELATIVE, Method, register
from ..sampled import block_dot, rowwise

__all__ = ["reference", "kernel", "prepare", "combine", "METHOD"]


def reference(x: np.ndarray, w: np.ndarray, types: np.ndarray, *, normalization: str = "minmax") -> np.ndarray:
    """TOPSIS: weighted normalised matrix, ideal/anti-ideal as its column max/min, C = D-/(D+ + D-)."""
    v = nz.NORMALIZATIONS[normalization](x, types) * w
    pis, nis = v.max(axis=0), v.min(axis=0)
    dp = np.sqrt(((v - pis) ** 2).sum(axis=1))
    dm = np.sqrt(((v - nis) ** 2).sum(axis=1))
    den = dp + dm
    return np.where(den > 0, dm / np.where(den > 0, den, 1.0), 0.5)


def kernel(x: np.ndarray, W: np.ndarray, types: np.ndarray, *, normalization: str = "minmax") -> np.ndarray:
    r"""TOPSIS closeness coefficient (Hwang & Yoon 1981), batch form.

    With :math:`r` the normalised matrix and :math:`w \ge 0`,
    :math:`D^+_i = \sqrt{\sum_j w_j^2 (r_{ij} - \max_k r_{kj})^2}`,
    :math:`D^-_i = \sqrt{\sum_j w_j^2 (r_{ij} - \min_k r_{kj})^2}`,
    :math:`C_i = D^-_i / (D^+_i + D^-_i) = 1 / (1 + \sqrt{(D^+_i)^2 / (D^-_i)^2})`: two matrix
    products and one square root per cell (:math:`D^-_i = 0 < D^+_i` gives 0, as it should).
    If :math:`D^+_i + D^-_i = 0` (every weighted criterion has zero spread) :math:`C_i = 0.5`.

    The squared distances per criterion are weight-independent, so per chunk of weight rows
    the work is two products ``(W*W) @ S`` into buffers that each thread allocates once and
    reuses, then four passes in place (divide, sqrt, +1, ``1/x`` written to the result;
    ``np.divide(1.0, .)`` rather than ``np.reciprocal``, which has no SIMD loop for float64:
    the same IEEE quotient, bit for bit). The squared distances are built criterion-major,
    (m, n), as the products need them: after :func:`~mkba.mcda.normalize.minmax` (which
    returns a view of that layout) without any transposing copy, and in place, because on this
    machine a fresh 1 MB temporary costs more in page faults than the arithmetic on it. One
    evaluation of 10,000 x 12 with input checks takes about 1 ms (issue 2 asked for 5 ms).
    """
    r = nz.NORMALIZATIONS[normalization](x, types)  # a new array: it becomes D-^2 in place
    rt = np.ascontiguousarray(r.T)  # (m, n); a view of minmax's own array, no copy
    up = rt - rt.max(axis=1, keepdims=True)
    up *= up
    down = np.subtract(rt, rt.min(axis=1, keepdims=True), out=rt)
    down *= down
    informative = (up.sum(axis=1) + down.sum(axis=1)) > 0  # criteria on which the measures differ
    n = x.shape[0]
    local = threading.local()  # per-thread (chunk, n) buffers for D+^2 and D-^2

    def work(w: np.ndarray, out: np.ndarray) -> None:
        rows = w.shape[0]
        bufs = getattr(local, "bufs", None)
        if bufs is None or bufs[0].shape[0] < rows:
            bufs = local.bufs = (np.empty((rows, n)), np.empty((rows, n)))
        dp, dm = bufs[0][:rows], bufs[1][:rows]
        w2 = w * w
        np.matmul(w2, up, out=dp)
        np.matmul(w2, down, out=dm)
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):  # D- subnormal: ratio inf, C = 0
            np.divide(dp, dm, out=dp)
        np.sqrt(dp, out=dp)
        dp += 1.0
        np.divide(1.0, dp, out=out)
        out[(w2[:, informative] == 0).all(axis=1)] = 0.5  # D+ + D- = 0 for every measure

    return batch.map_rows(work, W, n, arrays=2)


def prepare(xt: np.ndarray, t: np.ndarray, *, normalization: str = "minmax") -> tuple[np.ndarray, ...]:
    """Squared distances to the ideal and the anti-ideal per criterion, and which criteria differ: (B, m)."""
    r = nz.NORMALIZATIONS[normalization](xt, t)
    up = (r - r.max(axis=0)) ** 2
    down = (r - r.min(axis=0)) ** 2
    return up, down, (up + down).sum(axis=0) > 0                 # informative: (B, m)


def combine(prep: tuple[np.ndarray, ...], w: np.ndarray, t: np.ndarray, **_: Any) -> np.ndarray:
    """Closeness of each sample with its weights (0.5 where no weighted criterion differs)."""
    up, down, informative = prep
    w2 = rowwise(w, np.square)
    dp = np.sqrt(block_dot(up, w2))
    dm = np.sqrt(block_dot(down, w2))
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        out = dm / (dp + dm)
    out[((w2 == 0) | ~informative).all(axis=1)] = 0.5
    return out


METHOD = register(Method(
    name="topsis", label="TOPSIS (Hwang & Yoon 1981)", higher_is_better=True, additive=False,
    params={"normalization": nz.normalization_param(
        "minmax", note="vector is Hwang & Yoon's original; max, max-complement and sum need values > 0")},
    reference=reference, kernel=kernel, prepare=prepare, combine=combine,
    examples=lambda x: [{"normalization": k} for k in nz.NORMALIZATIONS],
    zero_spread="every normalisation gives a constant column, at distance 0 from both the ideal and the "
                "anti-ideal: it adds nothing to either distance. If every weighted criterion is flat, C = 0.5.",
    source="Hwang, C.L. & Yoon, K. (1981) Multiple Attribute Decision Making, Springer; Opricovic & Tzeng "
           "(2004) EJOR 156:445-455", notes=LIST_RELATIVE))
