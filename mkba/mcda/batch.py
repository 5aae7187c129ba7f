"""What every batch kernel shares: scores of n measures for K weight vectors at once.

Every batch kernel (one per method, in its module of :mod:`mkba.mcda.methods`) has the
signature ``kernel(x, W, types, **params) -> (K, n)`` with ``x`` the (n, m) raw matrix, ``W``
the (K, m) weights (rows on the simplex, w >= 0) and ``types`` +1/-1 per criterion. The
weight-independent part (normalisation, distances to the ideal per criterion, ...) is computed
once; the weight-dependent part is written as matrix products ``W @ A.T`` with an (n, m) matrix
``A``, so no (K, n, m) array is ever built. Work over K runs in chunks (:func:`map_rows`) so
that temporaries stay below :data:`TEMP_BUDGET` bytes; only the (K, n) result itself is
allocated in full.

The kernels assume non-negative weights (``evaluate`` checks this unless
``validate=False``): with w >= 0 the weighted ideal of TOPSIS is w_j times the ideal
of the normalised column, which is what makes the matrix-product form exact.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from typing import Callable

import numpy as np
from threadpoolctl import ThreadpoolController

__all__ = ["TEMP_BUDGET", "CHUNK_BYTES", "PARALLEL_CELLS", "map_rows", "weighted_sums", "safe_div"]

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


def safe_div(num: np.ndarray, den: np.ndarray, fill: float) -> np.ndarray:
    """``num / den`` where ``den != 0``, ``fill`` elsewhere (broadcast)."""
    out = np.full(np.broadcast_shapes(num.shape, den.shape), fill, dtype=float)
    np.divide(num, den, out=out, where=den != 0)
    return out
