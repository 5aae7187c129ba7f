r"""PROMETHEE II net flows in O(n log n) per criterion (exact), a plain pairwise reference, sampled kernels.

PROMETHEE II (Brans & Vincke 1985, Management Science 31(6):647-656; Brans & Mareschal
2005, ch. 5 of *Multiple Criteria Decision Analysis: State of the Art Surveys*):

.. math::
    \pi(a,b) = \sum_j w_j P_j(d_j(a,b)),\quad d_j(a,b) = t_j\,(x_{aj} - x_{bj}),\quad
    \phi(a) = \frac{1}{n-1}\sum_b \big(\pi(a,b) - \pi(b,a)\big).

The net flow is linear in the weights: :math:`\phi = W F` with the unicriterion net
flows :math:`F_{ja} = \frac{1}{n-1}\sum_b [P_j(d_j(a,b)) - P_j(d_j(b,a))]`. ``F`` (m x n)
is computed once, so K weight vectors cost one (K, m) x (m, n) product.

Each row of ``F`` comes from the sorted column and its prefix sums: for a given ``a``
the set ``{b : d(a,b) > t}`` is a prefix of the ascending order (``x_a - x_b`` is
monotone in ``x_b``, also in floating point), located by ``searchsorted`` and then
corrected so that the predicate is evaluated exactly as ``fl(x_a - x_b) > t`` (so
ties and threshold boundaries agree with the pairwise definition bit for bit). The
linear pieces need the sum of ``x_b`` over an index range: a prefix-sum difference of
the column centred on its median (to keep cancellation error small). Preference
functions (``d`` the difference, ``q`` indifference, ``p`` preference, ``s`` Gaussian):

=========  ==============================================================
usual      P = 1 if d > 0
ushape     P = 1 if d > q
vshape     P = d/p for 0 < d <= p, 1 beyond   (pymcdm "vshape")
level      P = 1/2 for q < d <= p, 1 beyond
linear     P = (d-q)/(p-q) for q < d <= p, 1 beyond   (pymcdm "vshape_2")
gaussian   P = 1 - exp(-d^2 / (2 s^2)) for d > 0   (O(n^2), in bounded chunks)
=========  ==============================================================

A zero-spread criterion has all d = 0, so P = 0 both ways and it adds 0 to every flow.
With a single measure every flow is 0 (the 1/(n-1) is undefined; nothing to compare).

The sampled kernels (SMAA with uncertain values) compute the same flows for every sample of a
block at once: the same exact predicates and prefix sums, row-wise over the samples.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np

from ...errors import MethodError, closest
from ..batch import weighted_sums
from ..registry import LIST_RELATIVE, Method, Param, register
from ..validation import per_criterion

__all__ = ["PREFERENCES", "unicriterion_flows", "criterion_flow", "reference", "kernel", "prepare", "combine",
           "check_preference", "check_promethee_params", "METHOD"]

PREFERENCES = ("usual", "ushape", "vshape", "level", "linear", "gaussian")
_ALIASES = {"vshape_2": "linear"}
#: Bytes allowed for one chunk of the O(n^2) Gaussian difference block.
_GAUSS_BUDGET = 64 * 2**20
#: Columns with at least this many measures are processed on up to _MAX_THREADS threads.
_THREAD_MIN_N = 20_000
_MAX_THREADS = 8
#: Bytes of one (samples, n) temporary of the sampled kernel: a value block is scored in chunks
#: of samples of this size (a dozen such temporaries live at once).
PROMETHEE_ROW_BYTES = 2 * 2**20


def _fix_prefix(s: np.ndarray, k: np.ndarray, t: float) -> np.ndarray:
    """Move boundaries ``k`` so that ``fl(s_i - s_b) > t`` holds exactly for b < k[i].

    The predicate is monotone in b (float subtraction is monotone), so the set is a
    prefix. One vectorised check per side; a failing boundary jumps a whole block of
    equal values at a time. Usually nothing fails and this costs two gathers.
    """
    n = s.shape[0]
    k = k.copy()
    while True:
        last_in = s - np.take(s, k - 1, mode="clip")   # d(i, k-1): must be > t when k > 0
        first_out = s - np.take(s, k, mode="clip")     # d(i, k): must be <= t when k < n
        back = np.flatnonzero((k > 0) & ~(last_in > t))
        fwd = np.flatnonzero((k < n) & (first_out > t))
        if back.size == 0 and fwd.size == 0:
            return k
        if back.size:
            k[back] = np.searchsorted(s, s[k[back] - 1], side="left")
        if fwd.size:
            k[fwd] = np.searchsorted(s, s[k[fwd]], side="right")


def _run_starts(s: np.ndarray) -> np.ndarray:
    """For sorted ``s``: index of the first element equal to s[i], i.e. #{b : s_b < s_i}."""
    n = s.shape[0]
    new = np.ones(n, dtype=bool)
    new[1:] = s[1:] != s[:-1]
    return np.maximum.accumulate(np.where(new, np.arange(n), 0))


def _prefix_lengths(s: np.ndarray, t: float) -> np.ndarray:
    """G_t[i] = #{b : fl(s_i - s_b) > t} for sorted ``s``: the length of a prefix of ``s``.

    ``searchsorted`` on the (sorted) keys ``s - t`` gives a first guess; :func:`_fix_prefix`
    then makes it agree with the predicate as the pairwise definition evaluates it.
    """
    if t == 0.0:
        return _run_starts(s)  # s_i - s_b > 0  <=>  s_b < s_i, exactly
    k = np.searchsorted(s, s - t, side="left")
    return _fix_prefix(s, k, t)


def _greater_counts(g: np.ndarray, n: int) -> np.ndarray:
    """#{b : g[b] > i} for i = 0..n-1 (counts of b whose prefix contains i)."""
    return n - np.cumsum(np.bincount(g, minlength=n + 1))[:n]


def _contained_sums(g: np.ndarray, y: np.ndarray, n: int) -> np.ndarray:
    """sum of y[b] over b with g[b] <= i, for i = 0..n-1."""
    return np.cumsum(np.bincount(g, weights=y, minlength=n + 1))[:n]


def _sorted_net(s: np.ndarray, kind: str, q: float, p: float) -> np.ndarray:
    """sum_b [P(s_i - s_b) - P(s_b - s_i)] for every i of the sorted column ``s``.

    Outgoing: b with d(i, b) > t form the prefix [0, G_t[i]). Incoming: b prefers over i
    exactly when i lies in b's prefix, i.e. G_t[b] > i; counted with a histogram of G_t
    and a cumulative sum, so both directions use the same exact predicate.
    """
    n = s.shape[0]
    if kind in ("usual", "ushape"):
        g = _prefix_lengths(s, 0.0 if kind == "usual" else q)
        return g - _greater_counts(g, n)
    lo_t = 0.0 if kind == "vshape" else q
    g_p, g_q = _prefix_lengths(s, p), _prefix_lengths(s, lo_t)
    full_out, mid_out = g_p.astype(float), (g_q - g_p).astype(float)
    full_in = _greater_counts(g_p, n).astype(float)
    mid_in = _greater_counts(g_q, n) - full_in
    if kind == "level":
        return (full_out + 0.5 * mid_out) - (full_in + 0.5 * mid_in)
    # linear / vshape: sum of (d - lo_t) / (p - lo_t) over the middle band, by prefix sums of
    # the column centred on its median (keeps the cancellation error small)
    y = s - s[n // 2]
    c = np.concatenate(([0.0], np.cumsum(y)))
    out_sum = mid_out * (y - lo_t) - (c[g_q] - c[g_p])             # sum_b (s_i - s_b - lo_t)
    in_y = _contained_sums(g_p, y, n) - _contained_sums(g_q, y, n)  # sum of y_b, b in the band over i
    in_sum = in_y - mid_in * (y + lo_t)                              # sum_b (s_b - s_i - lo_t)
    return (full_out - full_in) + (out_sum - in_sum) / (p - lo_t)


def _gaussian_net(col: np.ndarray, sd: float) -> np.ndarray:
    """sum_b [P(x_a - x_b) - P(x_b - x_a)] for the Gaussian function, in row chunks (O(n^2) time)."""
    n = col.shape[0]
    net = np.empty(n)
    step = max(1, _GAUSS_BUDGET // (8 * n * 2))
    two_s2 = 2.0 * sd * sd
    for start in range(0, n, step):
        d = col[start:start + step, None] - col[None, :]
        g = -np.expm1(-(d * d) / two_s2)
        net[start:start + step] = (np.sign(d) * g).sum(axis=1)
    return net


def criterion_flow(col: np.ndarray, kind: str, q: float = 0.0, p: float = 0.0, s: float = 1.0) -> np.ndarray:
    """Unicriterion net flow of one (already type-oriented) column, (n,); 0 when n == 1."""
    n = col.shape[0]
    if n == 1:
        return np.zeros(1)
    if kind == "gaussian":
        return _gaussian_net(col, s) / (n - 1)
    order = np.argsort(col)
    flow = np.empty(n)
    flow[order] = _sorted_net(col[order], kind, q, p) / (n - 1)
    return flow


def _per(value: Any, j: int, default: float) -> float:
    if value is None:
        return default
    if np.ndim(value) == 0:
        return float(value)
    return float(value[j])


def _kinds(preference: Any, m: int) -> list[str]:
    if isinstance(preference, str):
        return [preference] * m
    return list(preference)


def unicriterion_flows(x: np.ndarray, types: np.ndarray, *, preference: Any = "usual", q: Any = None,
                       p: Any = None, s: Any = None) -> np.ndarray:
    """The (m, n) matrix F of unicriterion net flows (see module docstring); phi = W @ F.

    Criteria are independent; for large n they run on a few threads (sorting and
    searchsorted release the GIL). The result does not depend on the thread count.
    """
    n, m = x.shape
    kinds = _kinds(preference, m)
    f = np.empty((m, n))

    def one(j: int) -> None:
        f[j] = criterion_flow(x[:, j] * types[j], kinds[j], _per(q, j, 0.0), _per(p, j, 0.0), _per(s, j, 1.0))

    workers = min(m, os.cpu_count() or 1, _MAX_THREADS) if n >= _THREAD_MIN_N else 1
    if workers > 1:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            list(pool.map(one, range(m)))
    else:
        for j in range(m):
            one(j)
    return f


def kernel(x: np.ndarray, W: np.ndarray, types: np.ndarray, *, preference: Any = "usual", q: Any = None,
           p: Any = None, s: Any = None) -> np.ndarray:
    r"""PROMETHEE II net flows for K weight vectors: :math:`\Phi = W F`, (K, n)."""
    check_promethee_params({"preference": preference, "q": q, "p": p, "s": s}, x.shape[1])
    return weighted_sums(W, unicriterion_flows(x, types, preference=preference, q=q, p=p, s=s))


# -- sampled kernels ------------------------------------------------------------------------
# PROMETHEE II over a block of samples: the sort-based net flows above, with each function
# applied to R sorted rows (samples) at once. ``s`` is (R, n), every row sorted.

def _take(a: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """Row-wise ``a[r, idx[r, i]]`` with the index clipped to the row (``np.take(mode="clip")``)."""
    return np.take_along_axis(a, np.clip(idx, 0, a.shape[1] - 1), axis=1)


def _rows_run_bounds(s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First index of the run of values equal to s[r, i] (= #{b : s_b < s_i}) and one past its end."""
    r, n = s.shape
    idx = np.arange(n)
    new = s[:, 1:] != s[:, :-1]                                    # a run starts at i + 1
    edge = np.ones((r, 1), dtype=bool)
    start = np.where(np.concatenate((edge, new), axis=1), idx, 0)
    np.maximum.accumulate(start, axis=1, out=start)
    end = np.where(np.concatenate((new, edge), axis=1), idx + 1, n)
    end = np.minimum.accumulate(end[:, ::-1], axis=1)[:, ::-1]
    return start, end


def _rows_count_below(s: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """#{b : s_b < keys_i} per row, for sorted rows ``s`` and sorted rows ``keys``.

    ``np.searchsorted(s, keys, side="left")`` for every row at once: a stable sort of the
    concatenation [keys, s] puts each key before the values equal to it, so the number of
    values before a key is its count.
    """
    r, n = s.shape
    merged = np.argsort(np.concatenate((keys, s), axis=1), axis=1, kind="stable")
    is_val = merged >= n
    before = np.cumsum(is_val, axis=1)
    return before[~is_val].reshape(r, n)       # keys stay in index order (sorted, stable)


def _rows_fix_prefix(s: np.ndarray, k: np.ndarray, t: float, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """:func:`_fix_prefix` for every row: the same checks and the same jumps."""
    n = s.shape[1]
    while True:
        back = (k > 0) & ~(s - _take(s, k - 1) > t)
        fwd = (k < n) & (s - _take(s, k) > t)
        if not (back.any() or fwd.any()):
            return k
        k = np.where(back, _take(start, k - 1), k)                # searchsorted(s, s[k-1], "left")
        k = np.where(fwd, _take(end, k), k)                       # searchsorted(s, s[k], "right")


def _rows_prefix_lengths(s: np.ndarray, t: float, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """G_t[r, i] = #{b : fl(s_i - s_b) > t} (see :func:`_prefix_lengths`)."""
    if t == 0.0:
        return start
    return _rows_fix_prefix(s, _rows_count_below(s, s - t), t, start, end)


def _rows_bincount(g: np.ndarray, n: int, y: np.ndarray | None = None) -> np.ndarray:
    """Per-row ``np.bincount(g[r], weights=y[r], minlength=n + 1)``: one bincount over offset bins."""
    r = g.shape[0]
    bins = (g + (n + 1) * np.arange(r)[:, None]).ravel()
    return np.bincount(bins, weights=None if y is None else y.ravel(), minlength=r * (n + 1)).reshape(r, n + 1)


def _rows_greater_counts(g: np.ndarray, n: int) -> np.ndarray:
    """#{b : g[r, b] > i}, for i = 0..n-1."""
    return n - np.cumsum(_rows_bincount(g, n), axis=1)[:, :n]


def _rows_contained_sums(g: np.ndarray, y: np.ndarray, n: int) -> np.ndarray:
    """sum of y[r, b] over b with g[r, b] <= i, for i = 0..n-1."""
    return np.cumsum(_rows_bincount(g, n, y), axis=1)[:, :n]


def _rows_sorted_net(s: np.ndarray, kind: str, q: float, p: float) -> np.ndarray:
    """:func:`_sorted_net` for every sorted row of ``s`` (R, n)."""
    r, n = s.shape
    start, end = _rows_run_bounds(s)
    if kind in ("usual", "ushape"):
        g = _rows_prefix_lengths(s, 0.0 if kind == "usual" else q, start, end)
        return g - _rows_greater_counts(g, n)
    lo_t = 0.0 if kind == "vshape" else q
    g_p, g_q = _rows_prefix_lengths(s, p, start, end), _rows_prefix_lengths(s, lo_t, start, end)
    full_out, mid_out = g_p.astype(float), (g_q - g_p).astype(float)
    full_in = _rows_greater_counts(g_p, n).astype(float)
    mid_in = _rows_greater_counts(g_q, n) - full_in
    if kind == "level":
        return (full_out + 0.5 * mid_out) - (full_in + 0.5 * mid_in)
    y = s - s[:, n // 2:n // 2 + 1]                                # centred on the median, as the one-matrix path
    c = np.concatenate((np.zeros((r, 1)), np.cumsum(y, axis=1)), axis=1)
    out_sum = mid_out * (y - lo_t) - (np.take_along_axis(c, g_q, axis=1) - np.take_along_axis(c, g_p, axis=1))
    in_y = _rows_contained_sums(g_p, y, n) - _rows_contained_sums(g_q, y, n)
    in_sum = in_y - mid_in * (y + lo_t)
    return (full_out - full_in) + (out_sum - in_sum) / (p - lo_t)


def _rows_gaussian_net(cols: np.ndarray, sd: float) -> np.ndarray:
    """:func:`_gaussian_net` for every row of ``cols`` (R, n), O(R n^2) in bounded chunks.

    Chunks of whole samples (their (k, n, n) differences within the one-matrix budget); a
    sample whose n x n block alone exceeds the budget is done in row chunks by the
    one-matrix function (then a sample is at least ~4 million pairs, so a loop costs nothing).
    """
    r, n = cols.shape
    rows = max(1, _GAUSS_BUDGET // (8 * n * 2))
    per = rows // n
    if per == 0:
        return np.stack([_gaussian_net(cols[k], sd) for k in range(r)])
    net = np.empty((r, n))
    two_s2 = 2.0 * sd * sd
    for a in range(0, r, per):
        c = cols[a:a + per]
        d = c[:, :, None] - c[:, None, :]                          # d[k, a, b] = x_a - x_b
        g = -np.expm1(-(d * d) / two_s2)
        net[a:a + per] = (np.sign(d) * g).sum(axis=2)
    return net


def _rows_flow(cols: np.ndarray, kind: str, q: float, p: float, sd: float) -> np.ndarray:
    """Unicriterion net flows of R (type-oriented) columns (R, n), as :func:`criterion_flow`."""
    n = cols.shape[1]
    if kind == "gaussian":
        return _rows_gaussian_net(cols, sd) / (n - 1)
    order = np.argsort(cols, axis=1)
    flow = np.empty_like(cols)
    np.put_along_axis(flow, order, _rows_sorted_net(np.take_along_axis(cols, order, axis=1), kind, q, p) / (n - 1),
                      axis=1)
    return flow


def prepare(xt: np.ndarray, t: np.ndarray, *, preference: Any = "usual", q: Any = None,
            p: Any = None, s: Any = None) -> np.ndarray | None:
    r"""Unicriterion net flows :math:`F^{(k)}_j` of every sample k of the block, (m, B, n); None for n = 1.

    The flows are those of :func:`unicriterion_flows` (same preference functions,
    per-criterion thresholds and exact predicates), computed for all samples of a chunk at once:
    each criterion column is sorted along the measure axis for every sample
    (``argsort(axis=1)``) and the prefix lengths, counts and prefix sums are row-wise. Chunks of
    samples keep each (samples, n) temporary within :data:`PROMETHEE_ROW_BYTES`; the flows
    themselves are as large as the value block.
    """
    check_promethee_params({"preference": preference, "q": q, "p": p, "s": s}, xt.shape[2])
    n, b, m = xt.shape
    if n == 1:
        return None
    kinds = _kinds(preference, m)
    flows = np.empty((m, b, n))
    step = max(1, PROMETHEE_ROW_BYTES // (8 * n))
    for a in range(0, b, step):
        for j in range(m):
            cols = np.ascontiguousarray(xt[:, a:a + step, j].T) * t[j]
            flows[j, a:a + step] = _rows_flow(cols, kinds[j], _per(q, j, 0.0), _per(p, j, 0.0),
                                              _per(s, j, 1.0))
    return flows


def combine(flows: np.ndarray | None, w: np.ndarray, t: np.ndarray, **_: Any) -> np.ndarray:
    r"""PROMETHEE II net flows :math:`\phi_k = \sum_j w_{kj} F^{(k)}_j`, summed over j in order."""
    b, m = w.shape
    if flows is None:
        return np.zeros((b, 1))
    out = np.zeros((b, flows.shape[2]))
    for j in range(m):
        out += w[:, j:j + 1] * flows[j]
    return out


# -- plain reference -------------------------------------------------------------------------

def _pref_matrix(d: np.ndarray, kind: str, q: float, p: float, s: float) -> np.ndarray:
    if kind == "usual":
        return (d > 0).astype(float)
    if kind == "ushape":
        return (d > q).astype(float)
    if kind == "vshape":
        return np.where(d > p, 1.0, np.where(d > 0, d / p, 0.0))
    if kind == "level":
        return np.where(d > p, 1.0, np.where(d > q, 0.5, 0.0))
    if kind == "linear":
        return np.where(d > p, 1.0, np.where(d > q, (d - q) / (p - q), 0.0))
    return np.where(d > 0, 1.0 - np.exp(-(d * d) / (2.0 * s * s)), 0.0)


def reference(x: np.ndarray, w: np.ndarray, types: np.ndarray, *, preference: Any = "usual",
              q: Any = None, p: Any = None, s: Any = None) -> np.ndarray:
    """Net flows of one weight vector by the textbook pairwise definition (O(n^2) memory per criterion)."""
    check_promethee_params({"preference": preference, "q": q, "p": p, "s": s}, x.shape[1])
    n, m = x.shape
    if n == 1:
        return np.zeros(1)
    kinds = _kinds(preference, m)
    pi = np.zeros((n, n))
    for j in range(m):
        col = x[:, j] * types[j]
        d = col[:, None] - col[None, :]          # d[a, b] = x_a - x_b
        pi += w[j] * _pref_matrix(d, kinds[j], _per(q, j, 0.0), _per(p, j, 0.0), _per(s, j, 1.0))
    return (pi.sum(axis=1) - pi.sum(axis=0)) / (n - 1)


# -- parameters ------------------------------------------------------------------------------

def check_preference(value: Any, n_criteria: int | None) -> str | tuple[str, ...]:
    """One preference function name for all criteria, or one per criterion."""
    def one(v: Any) -> str:
        key = str(v).strip().lower() if isinstance(v, str) else None
        key = _ALIASES.get(key, key) if key is not None else None
        if key is None or key not in PREFERENCES:
            hint = closest(v, PREFERENCES) if isinstance(v, str) else None
            raise MethodError(f"promethee2: parameter 'preference' must be one of {', '.join(PREFERENCES)} "
                              f"(or a list with one per criterion); got {v!r}"
                              + (f"; did you mean {hint!r}?" if hint else ""))
        return key
    if isinstance(value, str):
        return one(value)
    try:
        items = list(value)
    except TypeError:
        return one(value)
    if n_criteria is not None and len(items) != n_criteria:
        raise MethodError(f"promethee2: parameter 'preference' lists {len(items)} functions for {n_criteria} criteria")
    return tuple(one(v) for v in items)


def check_promethee_params(params: dict[str, Any], n_criteria: int | None) -> dict[str, Any]:
    """Cross-checks: the thresholds each preference function needs, and q < p where both apply."""
    m = n_criteria
    pref = params.get("preference", "usual")
    kinds = [pref] * (m or 1) if isinstance(pref, str) else list(pref)
    for name in ("q", "p", "s"):
        v = params.get(name)
        if v is not None and np.ndim(v) == 1 and m is not None and len(v) != m:
            raise MethodError(f"promethee2: parameter {name!r} has {len(v)} values for {m} criteria")
    for j, kind in enumerate(kinds):
        q = _per(params.get("q"), j, 0.0)
        p_given = params.get("p")
        label = f"criterion column {j}" if not isinstance(pref, str) or (p_given is not None and np.ndim(p_given)) \
            else "all criteria"
        if kind in ("vshape", "level", "linear"):
            if params.get("p") is None:
                raise MethodError(f"promethee2: preference {kind!r} needs the preference threshold p "
                                  "(one number or one per criterion)")
            p = _per(params["p"], j, 0.0)
            if kind == "vshape" and p <= 0:
                raise MethodError(f"promethee2: 'vshape' needs p > 0 ({label}); got p={p!r}")
            if kind in ("level", "linear") and not p > q:
                raise MethodError(f"promethee2: {kind!r} needs p > q ({label}); got q={q!r}, p={p!r}")
        if kind == "gaussian" and params.get("s") is None:
            raise MethodError("promethee2: preference 'gaussian' needs the threshold s > 0 "
                              "(one number or one per criterion)")
    return params


def _examples(x: np.ndarray) -> list[dict[str, Any]]:
    """Every preference function, thresholds on the scale of the values; per-criterion mixed."""
    m = x.shape[-1]
    s = float(np.ptp(x)) or 1.0
    q, p = 0.1 * s, 0.3 * s
    per = np.arange(m)
    mixed = {"preference": [PREFERENCES[j % len(PREFERENCES)] for j in range(m)], "q": list(0.05 * s * (per % 3)),
             "p": list(0.05 * s * (per % 3) + 0.2 * s), "s": list(0.1 * s * (1 + per % 2))}
    return [{"preference": "usual"}, {"preference": "ushape", "q": q}, {"preference": "vshape", "p": p},
            {"preference": "level", "q": q, "p": p}, {"preference": "linear", "q": q, "p": p},
            {"preference": "gaussian", "s": 0.2 * s}, mixed]


METHOD = register(Method(
    name="promethee2", label="PROMETHEE II (Brans & Vincke 1985)", higher_is_better=True, additive=False,
    params={
        "preference": Param("preference", "usual", "preference function: usual, ushape, vshape, level, linear "
                            "(pymcdm's vshape_2) or gaussian; one name or one per criterion", check_preference),
        "q": Param("q", None, "indifference threshold (ushape, level, linear), >= 0; one number or one per "
                   "criterion; default 0", per_criterion("q")),
        "p": Param("p", None, "preference threshold (vshape, level, linear), > q; one number or one per "
                   "criterion; required by those functions", per_criterion("p")),
        "s": Param("s", None, "Gaussian threshold (gaussian), > 0; one number or one per criterion",
                   per_criterion("s", positive=True)),
    },
    reference=reference, kernel=kernel, prepare=prepare, combine=combine, linear=True, examples=_examples,
    check=check_promethee_params,
    zero_spread="every pairwise difference is 0, so P = 0 both ways: it adds 0 to every net flow",
    source="Brans, J.P. & Vincke, Ph. (1985) Management Science 31(6):647-656; Brans & Mareschal (2005) in "
           "Figueira et al. (eds.) MCDA: State of the Art Surveys, ch. 5",
    notes=LIST_RELATIVE + ". Net flows sum to 0 over the list."))
