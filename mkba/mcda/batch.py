"""Vectorised batch kernels: scores of n measures for K weight vectors at once.

Every kernel has the signature ``kernel(x, W, types, **params) -> (K, n)`` with ``x`` the
(n, m) raw matrix, ``W`` the (K, m) weights (rows on the simplex, w >= 0) and ``types``
+1/-1 per criterion. The weight-independent part (normalisation, distances to the
ideal per criterion, ...) is computed once; the weight-dependent part is written as
matrix products ``W @ A.T`` with an (n, m) matrix ``A``, so no (K, n, m) array is ever
built. Work over K runs in chunks (:func:`map_rows`) so that temporaries stay below
:data:`TEMP_BUDGET` bytes; only the (K, n) result itself is allocated in full.

The kernels assume non-negative weights (``evaluate`` checks this unless
``validate=False``): with w >= 0 the weighted ideal of TOPSIS is w_j times the ideal
of the normalised column, which is what makes the matrix-product form exact.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Callable

import numpy as np
from threadpoolctl import ThreadpoolController

from ..errors import MethodError
from . import normalize as nz

__all__ = ["TEMP_BUDGET", "map_rows", "weighted_sums", "scaled_spread", "topsis", "vikor", "wsm", "wpm", "copras",
           "moora", "edas", "spotis", "mavt", "spotis_setup", "anchored_values"]

#: Upper bound, in bytes, for the temporaries a kernel holds for one chunk of weight rows.
TEMP_BUDGET = 256 * 2**20


#: Bytes of one (rows x n) temporary per chunk in :func:`map_rows`: small enough to stay in cache.
CHUNK_BYTES = 2**20
#: K x n cells from which :func:`map_rows` spreads chunks over threads.
PARALLEL_CELLS = 2_000_000


_controller: ThreadpoolController | None = None


def _one_blas_thread():
    """A context holding BLAS to one thread (the controller is built once: scanning is slow)."""
    global _controller
    if _controller is None:
        _controller = ThreadpoolController()
    return _controller.limit(limits=1, user_api="blas")


def map_rows(work: Callable[[np.ndarray, np.ndarray], None], W: np.ndarray, n: int, arrays: int = 4) -> np.ndarray:
    """``work(W[c], out[c])`` over fixed-size chunks of weight rows, filling the (K, n) result.

    The chunk size depends on ``n`` only (each temporary about :data:`CHUNK_BYTES`, all of them
    within :data:`TEMP_BUDGET`), so results do not depend on the machine. BLAS is held to one
    thread (its own thread pool is slow for these thin products and spins under contention);
    large batches run their chunks on threads instead (NumPy releases the GIL in ufuncs and
    BLAS), so every chunk is computed the same way whatever the core count.
    """
    k = W.shape[0]
    step = max(1, min(CHUNK_BYTES // (8 * n), TEMP_BUDGET // max(1, 8 * n * arrays)))
    slices = [slice(s, min(k, s + step)) for s in range(0, k, step)]
    out = np.empty((k, n))

    def one(c: slice) -> None:
        work(W[c], out[c])

    threads = min(len(slices), os.cpu_count() or 1, 8)

    def run(part: list[slice]) -> None:
        for c in part:
            one(c)

    with _one_blas_thread():
        if threads > 1 and k * n >= PARALLEL_CELLS:
            # one task per thread over an interleaved share of the chunks: a task per chunk costs
            # the executor's queue and a GIL hand-over each time, tens of microseconds per chunk
            with ThreadPoolExecutor(threads) as pool:
                list(pool.map(run, [slices[i::threads] for i in range(threads)]))
        else:
            run(slices)
    return out


def weighted_sums(W: np.ndarray, a: np.ndarray) -> np.ndarray:
    """``W @ a`` for (K, m) weights and an (m, n) matrix, through :func:`map_rows`."""
    a = np.ascontiguousarray(a)

    def work(w: np.ndarray, out: np.ndarray) -> None:
        np.matmul(w, a, out=out)

    return map_rows(work, W, a.shape[1], arrays=1)


def scaled_spread(s: np.ndarray, rel_tol: float = 1e-12) -> np.ndarray:
    """Row-wise (s - min) / (max - min); 0 for a row whose spread is <= rel_tol x its scale.

    Used for VIKOR's S and R terms: when every measure has (up to float noise) the same
    S (or R), the term cannot discriminate and is defined as 0 instead of 0/0.
    """
    lo = s.min(axis=1, keepdims=True)
    hi = s.max(axis=1, keepdims=True)
    span = hi - lo
    scale = np.maximum(np.abs(hi), np.abs(lo))
    flat = span <= rel_tol * scale
    return np.where(flat, 0.0, (s - lo) / np.where(flat, 1.0, span))


def _safe_div(num: np.ndarray, den: np.ndarray, fill: float) -> np.ndarray:
    out = np.full(np.broadcast_shapes(num.shape, den.shape), fill, dtype=float)
    np.divide(num, den, out=out, where=den != 0)
    return out


# -- distance-to-ideal methods ---------------------------------------------------------------

def topsis(x: np.ndarray, W: np.ndarray, types: np.ndarray, *, normalization: str = "minmax") -> np.ndarray:
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
        with np.errstate(invalid="ignore", divide="ignore"):
            np.divide(dp, dm, out=dp)
        np.sqrt(dp, out=dp)
        dp += 1.0
        np.divide(1.0, dp, out=out)
        out[(w2[:, informative] == 0).all(axis=1)] = 0.5  # D+ + D- = 0 for every measure

    return map_rows(work, W, n, arrays=2)


def vikor_regret(x: np.ndarray, types: np.ndarray) -> np.ndarray:
    r"""Normalised regret :math:`(f^*_j - f_{ij}) / (f^*_j - f^-_j)` per cell; 0 on a zero-spread criterion."""
    lo = x.min(axis=0)
    hi = x.max(axis=0)
    span = hi - lo
    flat = span == 0
    # (best - x) / span in one subtraction and one division: for a cost criterion
    # (min - x) / -span is the same IEEE number as (x - min) / span (see normalize.minmax)
    d = (np.where(types > 0, hi, lo) - x) / (np.where(flat, 1.0, span) * types)
    d[:, flat] = 0.0
    d += 0.0  # the best value of a cost criterion comes out as -0.0: make it 0.0, as before
    return d


def vikor(x: np.ndarray, W: np.ndarray, types: np.ndarray, *, v: float = 0.5) -> np.ndarray:
    r"""VIKOR compromise index Q (Opricovic & Tzeng 2004), lower is better, batch form.

    :math:`S_i = \sum_j w_j d_{ij}`, :math:`R_i = \max_j w_j d_{ij}`,
    :math:`Q_i = v\,\frac{S_i - S^*}{S^- - S^*} + (1-v)\,\frac{R_i - R^*}{R^- - R^*}`;
    a term whose spread is zero (all measures equal on it) is 0. S is a matrix product;
    R is a running maximum over the m criteria ((chunk, n) temporaries only).
    """
    d = vikor_regret(x, types)

    def work(w: np.ndarray, out: np.ndarray) -> None:
        s = w @ d.T
        r = np.zeros_like(s)
        for j in range(d.shape[1]):
            np.maximum(r, w[:, j:j + 1] * d[:, j], out=r)
        out[:] = v * scaled_spread(s) + (1.0 - v) * scaled_spread(r)

    return map_rows(work, W, x.shape[0], arrays=5)


def spotis_setup(x: np.ndarray, types: np.ndarray, bounds: np.ndarray | None,
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
            raise MethodError(f"spotis: measure row {i} has {float(x[i, j])!r} on criterion column {j}, outside its "
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
            raise MethodError(f"spotis: esp {e[j]!r} of criterion column {j} lies outside its bounds "
                              f"[{b[j, 0]!r}, {b[j, 1]!r}]")
    return b, e, b[:, 1] - b[:, 0]


def spotis_distance(x: np.ndarray, types: np.ndarray, bounds: np.ndarray | None,
                    esp: np.ndarray | None) -> np.ndarray:
    r"""Normalised distances :math:`|x_{ij} - s^*_j| / (x^{max}_j - x^{min}_j)`; 0 on a zero-spread criterion."""
    _, e, span = spotis_setup(x, types, bounds, esp)
    flat = span == 0
    d = np.abs(x - e) / np.where(flat, 1.0, span)
    d[:, flat] = 0.0
    return d


def spotis(x: np.ndarray, W: np.ndarray, types: np.ndarray, *, bounds: np.ndarray | None = None,
           esp: np.ndarray | None = None) -> np.ndarray:
    r"""SPOTIS score (Dezert et al. 2020), lower is better: :math:`P_i = \sum_j w_j d_{ij}` (one product)."""
    return weighted_sums(W, spotis_distance(x, types, bounds, esp).T)


# -- additive / ratio methods ----------------------------------------------------------------

def wsm(x: np.ndarray, W: np.ndarray, types: np.ndarray) -> np.ndarray:
    r"""Weighted sum of min-max normalised values: :math:`V_i = \sum_j w_j r_{ij}` (one product)."""
    return weighted_sums(W, nz.minmax(x, types).T)


def wpm(x: np.ndarray, W: np.ndarray, types: np.ndarray) -> np.ndarray:
    r"""Weighted product :math:`P_i = \prod_j r_{ij}^{w_j} = \exp(\sum_j w_j \ln r_{ij})` (one product)."""
    return np.exp(weighted_sums(W, np.log(nz.linear_ratio(x, types)).T))


def copras_check(x: np.ndarray, types: np.ndarray) -> None:
    """COPRAS needs values >= 0, positive column sums and positive values on cost criteria."""
    if (x < 0).any():
        cols = np.flatnonzero((x < 0).any(axis=0)).tolist()
        raise MethodError(f"copras needs values >= 0 (sum normalisation); criterion column(s) {cols} hold "
                          "negative values")
    if (x.sum(axis=0) == 0).any():
        cols = np.flatnonzero(x.sum(axis=0) == 0).tolist()
        raise MethodError(f"copras needs a positive column sum; criterion column(s) {cols} are all zero")
    nz.require_positive(x, "copras", "values on cost criteria", columns=types < 0)


def copras(x: np.ndarray, W: np.ndarray, types: np.ndarray) -> np.ndarray:
    r"""COPRAS utility degree (Zavadskas et al. 1994; 2007), batch form.

    :math:`d_{ij} = x_{ij}/\sum_i x_{ij}`, :math:`S^+_i = \sum_{j\in B} w_j d_{ij}`,
    :math:`S^-_i = \sum_{j\in C} w_j d_{ij}`, and
    :math:`Q_i = S^+_i + \frac{\min S^- \sum_k S^-_k}{S^-_i \sum_k (\min S^- / S^-_k)}
    = S^+_i + \frac{\sum_k S^-_k}{S^-_i \sum_k 1/S^-_k}`; :math:`N_i = Q_i / \max_k Q_k`.
    When no weight falls on a cost criterion (:math:`S^- \equiv 0`), :math:`Q_i = S^+_i`.
    """
    copras_check(x, types)
    d = x / x.sum(axis=0)
    ben, cost = types > 0, types < 0

    def work(w: np.ndarray, out: np.ndarray) -> None:
        q = w[:, ben] @ d[:, ben].T
        if cost.any():
            sm = w[:, cost] @ d[:, cost].T
            has = (sm > 0).all(axis=1)
            if has.any():
                s = sm[has]
                q[has] += s.sum(axis=1, keepdims=True) / (s * (1.0 / s).sum(axis=1, keepdims=True))
        out[:] = _safe_div(q, q.max(axis=1, keepdims=True), 0.0)

    return map_rows(work, W, x.shape[0], arrays=5)


def moora(x: np.ndarray, W: np.ndarray, types: np.ndarray) -> np.ndarray:
    r"""MOORA ratio system (Brauers & Zavadskas 2006): :math:`y_i = \sum_{j\in B} w_j x^*_{ij} - \sum_{j\in C} w_j x^*_{ij}`.

    :math:`x^*_{ij} = x_{ij}/\sqrt{\sum_i x_{ij}^2}` (an all-zero column gives 0).
    """
    norm = np.sqrt((x * x).sum(axis=0))
    r = x / np.where(norm == 0, 1.0, norm)
    return weighted_sums(W, (r * types).T)


def edas_distances(x: np.ndarray, types: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    r"""EDAS PDA and NDA matrices, dividing by :math:`|AV_j|` (see :func:`edas`)."""
    av = x.mean(axis=0)
    flat = (x == av).all(axis=0)
    zero = (av == 0) & ~flat
    if zero.any():
        raise MethodError(f"edas divides by the average of each criterion; criterion column(s) "
                          f"{np.flatnonzero(zero).tolist()} average 0 but are not constant")
    dev = (x - av) / np.where(av == 0, 1.0, np.abs(av)) * types
    dev[:, flat] = 0.0
    return np.maximum(dev, 0.0), np.maximum(-dev, 0.0)


def edas(x: np.ndarray, W: np.ndarray, types: np.ndarray) -> np.ndarray:
    r"""EDAS appraisal score (Keshavarz Ghorabaee et al. 2015), batch form.

    :math:`PDA_{ij} = \max(0, t_j (x_{ij} - AV_j)) / |AV_j|`,
    :math:`NDA_{ij} = \max(0, -t_j (x_{ij} - AV_j)) / |AV_j|`, :math:`SP = W\,PDA^T`,
    :math:`SN = W\,NDA^T`, :math:`NSP_i = SP_i/\max SP`, :math:`NSN_i = 1 - SN_i/\max SN`,
    :math:`AS_i = (NSP_i + NSN_i)/2`. If :math:`\max SP = 0` then NSP = 0; if
    :math:`\max SN = 0` then NSN = 1 (no measure is below average).
    """
    pda, nda = edas_distances(x, types)

    def work(w: np.ndarray, out: np.ndarray) -> None:
        sp = w @ pda.T
        sn = w @ nda.T
        nsp = _safe_div(sp, sp.max(axis=1, keepdims=True), 0.0)
        nsn = 1.0 - _safe_div(sn, sn.max(axis=1, keepdims=True), 0.0)
        out[:] = 0.5 * (nsp + nsn)

    return map_rows(work, W, x.shape[0], arrays=4)


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
        raise MethodError(f"mavt: measure row {i} has {float(x[i, j])!r} on criterion column {j}, outside the "
                          f"range [{b[j, 0]!r}, {b[j, 1]!r}] the weights were elicited on")
    span = b[:, 1] - b[:, 0]
    return np.where(types > 0, x - b[:, 0], b[:, 1] - x) / span


def mavt(x: np.ndarray, W: np.ndarray, types: np.ndarray, *, bounds: np.ndarray) -> np.ndarray:
    r"""Additive value with fixed anchors: :math:`V_i = \sum_j w_j v_j(x_{ij})` (one product)."""
    return weighted_sums(W, anchored_values(x, types, bounds).T)
