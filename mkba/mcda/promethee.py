r"""PROMETHEE II net flows in O(n log n) per criterion (exact), and a plain pairwise reference.

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
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np

from ..errors import MethodError
from .batch import weighted_sums

__all__ = ["PREFERENCES", "unicriterion_flows", "criterion_flow", "promethee2", "promethee2_reference",
           "check_promethee_params"]

PREFERENCES = ("usual", "ushape", "vshape", "level", "linear", "gaussian")
_ALIASES = {"vshape_2": "linear"}
#: Bytes allowed for one chunk of the O(n^2) Gaussian difference block.
_GAUSS_BUDGET = 64 * 2**20
#: Columns with at least this many measures are processed on up to _MAX_THREADS threads.
_THREAD_MIN_N = 20_000
_MAX_THREADS = 8


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


def promethee2(x: np.ndarray, W: np.ndarray, types: np.ndarray, *, preference: Any = "usual", q: Any = None,
               p: Any = None, s: Any = None) -> np.ndarray:
    r"""PROMETHEE II net flows for K weight vectors: :math:`\Phi = W F`, (K, n)."""
    check_promethee_params({"preference": preference, "q": q, "p": p, "s": s}, x.shape[1])
    return weighted_sums(W, unicriterion_flows(x, types, preference=preference, q=q, p=p, s=s))


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


def promethee2_reference(x: np.ndarray, w: np.ndarray, types: np.ndarray, *, preference: Any = "usual",
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
        key = _ALIASES.get(key, key)
        if key not in PREFERENCES:
            from ..errors import closest
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
        label = f"criterion column {j}" if not isinstance(pref, str) or np.ndim(params.get("p")) else "all criteria"
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
