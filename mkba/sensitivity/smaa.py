r"""SMAA-2: stochastic multicriteria acceptability analysis over weight (and value) samples.

Sources: Lahdelma & Salminen (2001), "SMAA-2: Stochastic multicriteria acceptability
analysis for group decision making", Operations Research 49(3):444-454; Tervonen &
Figueira (2008), "A survey on stochastic multicriteria acceptability analysis methods",
JMCDA 15:1-14; pairwise winning indices: Leskinen et al. (2006), Forest Science
52(3):304-312; Monte Carlo accuracy: Tervonen & Lahdelma (2007), EJOR 178(2):500-513.
Definitions as in ``research/methodology.md`` section D.1; verified against the rsmaa
"thrombo" example (``tests/reference/test_smaa_thrombo.py``).

With :math:`N` samples :math:`(\xi_k, w_k)` and the rank of measure i in sample k
:math:`r_{ik} = 1 + \#\{l : l \text{ strictly better than } i\}` (ties take the best shared
rank, with the tolerance of :func:`mkba.mcda.rank`):

- rank acceptability :math:`b_i^r = \frac1N \#\{k : r_{ik} = r\}`;
- holistic acceptability :math:`a_i^h = \sum_r \alpha^r b_i^r` with named meta-weights
  :data:`META_WEIGHTS`;
- central weight :math:`w_i^c = \frac{\sum_{k: r_{ik}=1} w_k}{\#\{k : r_{ik} = 1\}}`
  (NaN when measure i is never first, :math:`b_i^1 = 0`);
- confidence factor :math:`p_i^c = \frac1N \#\{k : i \text{ is first with values } \xi_k
  \text{ at } w = w_i^c\}`, re-simulated over the value samples (fixed values: 1 or 0);
- pairwise winning index :math:`c_{il} = \frac1N \#\{k : r_{ik} < r_{lk}\}`;
- Monte Carlo error at 95 %: :math:`1.96\sqrt{p(1-p)/N}` for each proportion (see
  :class:`SMAAResult` for the holistic and central-weight errors).

Samples are processed in blocks of ``block_size`` (memory bounded by the block, not by
N): the scores of a block come from the vectorised batch kernels, the ranks from
:func:`mkba.sensitivity.ranks.rank_block`, and the indices are accumulated as integer
counts (rank positions, pairwise wins) and sequential sums (central weights, with
``np.add.at`` in sample order), so every result is bit-identical for any block size.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Callable, Iterator, Mapping, Sequence

import numpy as np

from .. import mcda
from ..errors import MethodError
from ..mcda import batch
from ..mcda import normalize as nz
from ..mcda import promethee as pm
from ..mcda.validation import WEIGHT_SUM_TOL
from .ranks import RankedBlock, first_mask, rank_block
from .sampling import SampleStream, as_samples

__all__ = ["SMAAResult", "smaa", "META_WEIGHTS", "resolve_meta_weights", "DEFAULT_BLOCK", "WEIGHTED_SUM", "MC_Z",
           "sampled_scores", "sampled_scorer"]

#: Samples per block when values are fixed (n, m).
DEFAULT_BLOCK = 1024
#: Bytes of one (B, n, m) value block when values are sampled and block_size is not given.
VALUE_BLOCK_BYTES = 32 * 2**20
#: Bytes of the boolean temporaries of the pairwise-winning comparisons.
PAIR_BYTES = 16 * 2**20
#: Bytes of one (samples, n) temporary of the sampled PROMETHEE II kernel: a value block is
#: scored in chunks of samples of this size (a dozen such temporaries live at once).
PROMETHEE_ROW_BYTES = 2 * 2**20
#: Name of the plain weighted sum of pre-computed partial values (no normalisation).
WEIGHTED_SUM = "weighted_sum"
#: z of the 95 % Monte Carlo error.
MC_Z = 1.96


def _meta_linear(n: int) -> np.ndarray:
    return np.ones(1) if n == 1 else (n - np.arange(1, n + 1)) / (n - 1)


def _meta_inverse(n: int) -> np.ndarray:
    return 1.0 / np.arange(1, n + 1)


def _meta_centroid(n: int) -> np.ndarray:
    roc = np.cumsum((1.0 / np.arange(1, n + 1))[::-1])[::-1] / n
    return roc / roc[0]


#: Named meta-weights :math:`1 = \alpha^1 \ge \dots \ge \alpha^n \ge 0` of the holistic acceptability:
#: ``linear`` :math:`(n-r)/(n-1)`, ``inverse`` :math:`1/r`, ``centroid`` the rank-order centroid
#: :math:`\frac1n\sum_{k=r}^n 1/k` scaled to :math:`\alpha^1 = 1` (Lahdelma & Salminen 2001, sec. 3).
META_WEIGHTS: Mapping[str, Callable[[int], np.ndarray]] = MappingProxyType(
    {"linear": _meta_linear, "inverse": _meta_inverse, "centroid": _meta_centroid})


def resolve_meta_weights(spec: str | Sequence[float] | np.ndarray, n: int) -> tuple[str, np.ndarray]:
    """Resolve ``spec`` (a name in :data:`META_WEIGHTS` or n numbers) to ``(name, alpha)``.

    Raises
    ------
    MethodError
        Unknown name, wrong length, or not 1 = alpha_1 >= alpha_2 >= ... >= 0.
    """
    if isinstance(spec, str):
        key = spec.strip().lower()
        if key not in META_WEIGHTS:
            raise MethodError(f"unknown meta-weights {spec!r}; valid: {', '.join(META_WEIGHTS)} or n numbers")
        return key, META_WEIGHTS[key](n)
    try:
        a = np.asarray(spec, dtype=float)
    except (TypeError, ValueError):
        raise MethodError(f"meta_weights must be a name or {n} numbers; got {spec!r}") from None
    if a.shape != (n,) or not np.isfinite(a).all() or a[0] != 1.0 or (np.diff(a) > 0).any() or (a < 0).any():
        raise MethodError(f"meta_weights must be {n} numbers with 1 = a_1 >= a_2 >= ... >= a_n >= 0; got {spec!r}")
    return "custom", a


def _ro(a: np.ndarray) -> np.ndarray:
    a = np.array(a, dtype=float, copy=True)
    a.setflags(write=False)
    return a


def _jsonable(a: Any) -> Any:
    if isinstance(a, np.ndarray):
        return [_jsonable(v) for v in a] if a.ndim else _jsonable(a.item())
    if isinstance(a, (float, np.floating)):
        return None if not np.isfinite(a) else float(a)
    if isinstance(a, (np.integer,)):
        return int(a)
    return a


@dataclass(frozen=True)
class SMAAResult:
    """SMAA-2 indices for n measures and m criteria (read-only arrays).

    Attributes
    ----------
    rank_acceptability : (n, n), ``[i, r-1]`` = :math:`b_i^r`. Rows sum to 1; columns sum
        to 1 when no sample has ties (a tie gives two measures the same rank and skips the next).
    holistic : (n,) :math:`a_i^h = \\sum_r \\alpha^r b_i^r`.
    meta_weights : name of the meta-weights (``"linear"``, ``"inverse"``, ``"centroid"``, ``"custom"``).
    meta_alpha : (n,) the meta-weights :math:`\\alpha^r`.
    central_weights : (n, m), NaN where measure i is never first (or the weights are fixed).
    confidence : (n,) confidence factors, NaN where the central weight is undefined.
    pairwise_winning : (n, n) ``[i, l]`` = P(rank_i < rank_l), or None when not computed.
    mc_error : 95 % Monte Carlo half-widths, by field name: proportions
        :math:`1.96\\sqrt{p(1-p)/N}` (confidence: over the value samples; 0 for fixed values);
        holistic :math:`1.96\\sqrt{(\\sum_r \\alpha_r^2 b^r - (a^h)^2)/N}`; central weights
        :math:`1.96\\, s_{ij}/\\sqrt{N b_i^1}` with :math:`s` the sample standard deviation of
        :math:`w_j` over the samples where i is first (NaN with fewer than 2).
    n_samples : N.
    method : the scoring method (``"weighted_sum"`` for pre-computed partial values).
    higher_is_better : direction of the method's scores.
    fixed_weights : True when one weight vector was used for every sample.
    status, message : ``"ok"``, or ``"degenerate"`` with the reason (e.g. fixed weights).
    """

    rank_acceptability: np.ndarray
    holistic: np.ndarray
    meta_weights: str
    meta_alpha: np.ndarray
    central_weights: np.ndarray
    confidence: np.ndarray
    pairwise_winning: np.ndarray | None
    mc_error: Mapping[str, np.ndarray]
    n_samples: int
    method: str
    higher_is_better: bool = True
    fixed_weights: bool = False
    status: str = "ok"
    message: str = ""

    def __post_init__(self) -> None:
        for name in ("rank_acceptability", "holistic", "meta_alpha", "central_weights", "confidence"):
            object.__setattr__(self, name, _ro(getattr(self, name)))
        if self.pairwise_winning is not None:
            object.__setattr__(self, "pairwise_winning", _ro(self.pairwise_winning))
        object.__setattr__(self, "mc_error", MappingProxyType({k: _ro(v) for k, v in self.mc_error.items()}))

    @property
    def n_measures(self) -> int:
        return self.rank_acceptability.shape[0]

    @property
    def n_criteria(self) -> int:
        return self.central_weights.shape[1]

    def to_dict(self) -> dict[str, Any]:
        """Plain lists (NaN as None), for JSON."""
        out = {
            "method": self.method, "n_samples": self.n_samples, "meta_weights": self.meta_weights,
            "higher_is_better": self.higher_is_better, "fixed_weights": self.fixed_weights,
            "status": self.status, "message": self.message,
            "meta_alpha": _jsonable(self.meta_alpha),
            "rank_acceptability": _jsonable(self.rank_acceptability),
            "holistic": _jsonable(self.holistic),
            "central_weights": _jsonable(self.central_weights),
            "confidence": _jsonable(self.confidence),
            "pairwise_winning": None if self.pairwise_winning is None else _jsonable(self.pairwise_winning),
            "mc_error": {k: _jsonable(v) for k, v in sorted(self.mc_error.items())},
        }
        return out

    def to_frame(self, measures: Sequence[str] | None = None, criteria: Sequence[str] | None = None):
        """One row per measure: ``b1..bn``, ``holistic``, ``confidence``, ``cw_<criterion>`` (pandas)."""
        import pandas as pd

        n, m = self.n_measures, self.n_criteria
        idx = pd.Index(list(measures) if measures is not None else [f"m{i}" for i in range(n)], name="measure")
        crit = list(criteria) if criteria is not None else [f"c{j}" for j in range(m)]
        data: dict[str, Any] = {f"b{r + 1}": self.rank_acceptability[:, r] for r in range(n)}
        data["holistic"] = self.holistic
        data["confidence"] = self.confidence
        for j, c in enumerate(crit):
            data[f"cw_{c}"] = self.central_weights[:, j]
        return pd.DataFrame(data, index=idx)

    def __repr__(self) -> str:
        b1 = self.rank_acceptability[:, 0] if self.n_measures else np.zeros(0)
        best = f", best b1={b1.max():.3f} (measure {int(np.argmax(b1))})" if b1.size else ""
        return (f"SMAAResult({self.status}, method={self.method}, n={self.n_measures}, m={self.n_criteria}, "
                f"N={self.n_samples:,}{best})")


# -- scoring a block --------------------------------------------------------------------------

def _einsum(a_nbm: np.ndarray, w: np.ndarray) -> np.ndarray:
    """(n, B, m) x (B, m) -> (B, n): sum_j w_bj a_nbj.

    One weight vector for the whole block (fixed weights, or a central weight vector in the
    confidence factors: rows broadcast, stride 0) is a matrix-vector product, about ten times
    faster than the einsum over per-sample weights."""
    bnm = a_nbm.transpose(1, 0, 2)  # the prepared arrays keep the (B, n, m) memory order of the samples
    if _one_row(w) and bnm.flags.c_contiguous:
        return (bnm.reshape(-1, bnm.shape[2]) @ w[0]).reshape(bnm.shape[:2])
    return np.einsum("nbm,bm->bn", a_nbm, w, optimize=False)


def _one_row(w: np.ndarray) -> bool:
    """Whether the (B, m) weights are one row broadcast over the block (stride 0)."""
    return w.shape[0] > 1 and w.strides[0] == 0


def _rowwise(w: np.ndarray, f: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    """``f(w)`` for (B, m) weights, still broadcast from one row when ``w`` was (see :func:`_einsum`)."""
    return np.broadcast_to(f(w[:1]), w.shape) if _one_row(w) else f(w)


def _div0(num: np.ndarray, den: np.ndarray, fill: float) -> np.ndarray:
    out = np.full(np.broadcast_shapes(num.shape, den.shape), fill)
    np.divide(num, den, out=out, where=den != 0)
    return out


# Each sampled method is split in two: ``prep(xt, t, **params)``, the weight-independent part
# (normalisation, distances, unicriterion flows) of the block in (n, B, m) layout, and
# ``combine(prep, W, t, **params) -> (B, n)``, the part that uses the weights (W (B, m): sample k
# with W[k]). The scores are combine(prep(...)); the confidence factors, which score every value
# sample again with each measure's central weights, prepare a block once and combine it per
# central weight vector.

def _p_identity(xt: np.ndarray, t: np.ndarray) -> np.ndarray:
    return xt


def _c_linear(a: np.ndarray, w: np.ndarray, t: np.ndarray, **_: Any) -> np.ndarray:
    """Additive methods: sum_j w_j a_ij of the prepared partial values."""
    return _einsum(a, w)


def _p_wsm(xt: np.ndarray, t: np.ndarray) -> np.ndarray:
    return nz.minmax(xt, t)


def _p_mavt(xt: np.ndarray, t: np.ndarray, *, bounds: np.ndarray) -> np.ndarray:
    n, b, m = xt.shape
    return batch.anchored_values(xt.reshape(-1, m), t, bounds).reshape(n, b, m)


def _p_moora(xt: np.ndarray, t: np.ndarray) -> np.ndarray:
    norm = np.sqrt((xt * xt).sum(axis=0))
    r = xt / np.where(norm == 0, 1.0, norm)
    return r * t


def _p_spotis(xt: np.ndarray, t: np.ndarray, *, bounds: Any = None, esp: Any = None) -> np.ndarray:
    n, b, m = xt.shape
    if bounds is not None:
        return batch.spotis_distance(xt.reshape(-1, m), t, bounds, esp).reshape(n, b, m)
    lo, hi = xt.min(axis=0), xt.max(axis=0)                      # (B, m): per-sample default bounds
    if esp is None:
        e = np.where(t > 0, hi, lo)
    else:
        e = np.broadcast_to(np.asarray(esp, dtype=float), lo.shape)
        off = (e < lo) | (e > hi)
        if off.any():
            k, j = np.argwhere(off)[0]
            raise MethodError(f"spotis: esp {e[k, j]!r} of criterion column {j} lies outside the bounds "
                              f"[{lo[k, j]!r}, {hi[k, j]!r}] of value sample {k} of the block")
    span = hi - lo
    flat = span == 0
    d = np.abs(xt - e) / np.where(flat, 1.0, span)
    d[:, flat] = 0.0
    return d


def _p_topsis(xt: np.ndarray, t: np.ndarray, *, normalization: str = "minmax") -> tuple[np.ndarray, ...]:
    r = nz.NORMALIZATIONS[normalization](xt, t)
    up = (r - r.max(axis=0)) ** 2
    down = (r - r.min(axis=0)) ** 2
    return up, down, (up + down).sum(axis=0) > 0                 # informative: (B, m)


def _c_topsis(prep: tuple[np.ndarray, ...], w: np.ndarray, t: np.ndarray, **_: Any) -> np.ndarray:
    up, down, informative = prep
    w2 = _rowwise(w, np.square)
    dp = np.sqrt(_einsum(up, w2))
    dm = np.sqrt(_einsum(down, w2))
    with np.errstate(invalid="ignore", divide="ignore"):
        out = dm / (dp + dm)
    out[((w2 == 0) | ~informative).all(axis=1)] = 0.5
    return out


def _p_wpm(xt: np.ndarray, t: np.ndarray) -> np.ndarray:
    return np.log(nz.linear_ratio(xt, t))


def _c_wpm(logs: np.ndarray, w: np.ndarray, t: np.ndarray, **_: Any) -> np.ndarray:
    return np.exp(_einsum(logs, w))


def _c_vikor(d: np.ndarray, w: np.ndarray, t: np.ndarray, *, v: float = 0.5) -> np.ndarray:
    s = _einsum(d, w)
    r = (d * w[None, :, :]).max(axis=2).T
    return v * batch.scaled_spread(s) + (1.0 - v) * batch.scaled_spread(r)


def _p_vikor(xt: np.ndarray, t: np.ndarray, **_: Any) -> np.ndarray:
    return batch.vikor_regret(xt, t)


def _p_edas(xt: np.ndarray, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return batch.edas_distances(xt, t)


def _c_edas(prep: tuple[np.ndarray, np.ndarray], w: np.ndarray, t: np.ndarray, **_: Any) -> np.ndarray:
    pda, nda = prep
    sp = _einsum(pda, w)
    sn = _einsum(nda, w)
    nsp = _div0(sp, sp.max(axis=1, keepdims=True), 0.0)
    nsn = 1.0 - _div0(sn, sn.max(axis=1, keepdims=True), 0.0)
    return 0.5 * (nsp + nsn)


def _copras_check_block(xt: np.ndarray, t: np.ndarray) -> None:
    """:func:`mkba.mcda.batch.copras_check` for every sample of the (n, B, m) block at once.

    The first failing sample raises the one-matrix message, with the sample named.
    """
    bad = (xt < 0).any(axis=(0, 2)) | (xt.sum(axis=0) == 0).any(axis=1)
    cost = t < 0
    if cost.any():
        bad |= ~(xt[:, :, cost] > 0).all(axis=(0, 2))
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        try:
            batch.copras_check(xt[:, k, :], t)
        except MethodError as exc:
            raise MethodError(f"{exc} (value sample {k} of the block)") from None


def _p_copras(xt: np.ndarray, t: np.ndarray) -> np.ndarray:
    _copras_check_block(xt, t)
    return xt / xt.sum(axis=0)


def _c_copras(d: np.ndarray, w: np.ndarray, t: np.ndarray, **_: Any) -> np.ndarray:
    """COPRAS utility degree of :func:`mkba.mcda.batch.copras` (published Q, cost criteria as costs).

    d = x / column sum per sample; S+ and S- are weighted sums over the benefit and cost
    columns (the other columns get weight 0); the published Q term applies to the samples
    whose S- is positive for every measure, otherwise Q = S+; N = Q / max Q per sample.
    """
    q = _einsum(d, _rowwise(w, lambda v: v * (t > 0)))
    cost = t < 0
    if cost.any():
        sm = _einsum(d, _rowwise(w, lambda v: v * cost))
        has = (sm > 0).all(axis=1)
        if has.any():
            s = sm[has]
            q[has] += s.sum(axis=1, keepdims=True) / (s * (1.0 / s).sum(axis=1, keepdims=True))
    return _div0(q, q.max(axis=1, keepdims=True), 0.0)


# PROMETHEE II over a block of samples: the sort-based net flows of mkba.mcda.promethee, with
# each function applied to R sorted rows (samples) at once. ``s`` is (R, n), every row sorted.

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
    """:func:`mkba.mcda.promethee._fix_prefix` for every row: the same checks and the same jumps."""
    n = s.shape[1]
    while True:
        back = (k > 0) & ~(s - _take(s, k - 1) > t)
        fwd = (k < n) & (s - _take(s, k) > t)
        if not (back.any() or fwd.any()):
            return k
        k = np.where(back, _take(start, k - 1), k)                # searchsorted(s, s[k-1], "left")
        k = np.where(fwd, _take(end, k), k)                       # searchsorted(s, s[k], "right")


def _rows_prefix_lengths(s: np.ndarray, t: float, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """G_t[r, i] = #{b : fl(s_i - s_b) > t} (see :func:`mkba.mcda.promethee._prefix_lengths`)."""
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
    """:func:`mkba.mcda.promethee._sorted_net` for every sorted row of ``s`` (R, n)."""
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
    """:func:`mkba.mcda.promethee._gaussian_net` for every row of ``cols`` (R, n), O(R n^2) in bounded chunks.

    Chunks of whole samples (their (k, n, n) differences within the one-matrix budget); a
    sample whose n x n block alone exceeds the budget is done in row chunks by the
    one-matrix function (then a sample is at least ~4 million pairs, so a loop costs nothing).
    """
    r, n = cols.shape
    rows = max(1, pm._GAUSS_BUDGET // (8 * n * 2))
    per = rows // n
    if per == 0:
        return np.stack([pm._gaussian_net(cols[k], sd) for k in range(r)])
    net = np.empty((r, n))
    two_s2 = 2.0 * sd * sd
    for a in range(0, r, per):
        c = cols[a:a + per]
        d = c[:, :, None] - c[:, None, :]                          # d[k, a, b] = x_a - x_b
        g = -np.expm1(-(d * d) / two_s2)
        net[a:a + per] = (np.sign(d) * g).sum(axis=2)
    return net


def _rows_flow(cols: np.ndarray, kind: str, q: float, p: float, sd: float) -> np.ndarray:
    """Unicriterion net flows of R (type-oriented) columns (R, n), as :func:`mkba.mcda.promethee.criterion_flow`."""
    n = cols.shape[1]
    if kind == "gaussian":
        return _rows_gaussian_net(cols, sd) / (n - 1)
    order = np.argsort(cols, axis=1)
    flow = np.empty_like(cols)
    np.put_along_axis(flow, order, _rows_sorted_net(np.take_along_axis(cols, order, axis=1), kind, q, p) / (n - 1),
                      axis=1)
    return flow


def _p_promethee2(xt: np.ndarray, t: np.ndarray, *, preference: Any = "usual", q: Any = None,
                  p: Any = None, s: Any = None) -> np.ndarray | None:
    r"""Unicriterion net flows :math:`F^{(k)}_j` of every sample k of the block, (m, B, n); None for n = 1.

    The flows are those of :func:`mkba.mcda.promethee.unicriterion_flows` (same preference
    functions, per-criterion thresholds and exact predicates), computed for all samples of a
    chunk at once: each criterion column is sorted along the measure axis for every sample
    (``argsort(axis=1)``) and the prefix lengths, counts and prefix sums are row-wise. Chunks of
    samples keep each (samples, n) temporary within :data:`PROMETHEE_ROW_BYTES`; the flows
    themselves are as large as the value block.
    """
    pm.check_promethee_params({"preference": preference, "q": q, "p": p, "s": s}, xt.shape[2])
    n, b, m = xt.shape
    if n == 1:
        return None
    kinds = pm._kinds(preference, m)
    flows = np.empty((m, b, n))
    step = max(1, PROMETHEE_ROW_BYTES // (8 * n))
    for a in range(0, b, step):
        for j in range(m):
            cols = np.ascontiguousarray(xt[:, a:a + step, j].T) * t[j]
            flows[j, a:a + step] = _rows_flow(cols, kinds[j], pm._per(q, j, 0.0), pm._per(p, j, 0.0),
                                              pm._per(s, j, 1.0))
    return flows


def _c_promethee2(flows: np.ndarray | None, w: np.ndarray, t: np.ndarray, **_: Any) -> np.ndarray:
    r"""PROMETHEE II net flows :math:`\phi_k = \sum_j w_{kj} F^{(k)}_j`, summed over j in order."""
    b, m = w.shape
    if flows is None:
        return np.zeros((b, 1))
    out = np.zeros((b, flows.shape[2]))
    for j in range(m):
        out += w[:, j:j + 1] * flows[j]
    return out


#: The two parts, ``(prep, combine)``, of the vectorised scores for a block of *sampled*
#: matrices, per method (see above), with the block in (n, B, m) layout, so that the library's
#: column normalisations (which reduce over axis 0 and broadcast over the last axis) apply to
#: every sample at once. Every built-in method is listed; a method registered later without an
#: entry here is scored sample by sample within the block with its batch kernel (see
#: :func:`sampled_scores`).
_SAMPLED: Mapping[str, tuple[Callable[..., Any], Callable[..., np.ndarray]]] = MappingProxyType({
    WEIGHTED_SUM: (_p_identity, _c_linear), "wsm": (_p_wsm, _c_linear), "mavt": (_p_mavt, _c_linear),
    "moora": (_p_moora, _c_linear), "spotis": (_p_spotis, _c_linear), "topsis": (_p_topsis, _c_topsis),
    "wpm": (_p_wpm, _c_wpm), "vikor": (_p_vikor, _c_vikor), "edas": (_p_edas, _c_edas),
    "copras": (_p_copras, _c_copras), "promethee2": (_p_promethee2, _c_promethee2),
})


def sampled_scores(method: str, X: np.ndarray, W: np.ndarray, types: np.ndarray,
                   params: Mapping[str, Any] | None = None) -> np.ndarray:
    """Scores (B, n) of B sampled matrices ``X`` (B, n, m), sample k scored with weight ``W[k]``.

    Equal (to rounding) to ``[mcda.evaluate(method, X[k], W[k], types, **params) for k]``.
    Vectorised over the block for the methods in ``_SAMPLED`` (every built-in method); a
    method registered later without a sampled kernel runs its batch kernel once per sample.
    """
    score = sampled_scorer(method, X, types, params)
    return score(W)


def sampled_scorer(method: str, X: np.ndarray, types: np.ndarray,
                   params: Mapping[str, Any] | None = None) -> Callable[[np.ndarray], np.ndarray]:
    """``score(W) -> (B, n)`` for the B sampled matrices ``X`` (B, n, m), as :func:`sampled_scores`,
    with the weight-independent part of the method (normalisation, distances, flows) computed
    once, here, for any number of calls (e.g. one per central weight vector)."""
    name = WEIGHTED_SUM if method == WEIGHTED_SUM else mcda.get_method(method).name
    resolved = dict(params or {})
    if name in _SAMPLED:
        prep, combine = _SAMPLED[name]
        prepared = prep(np.transpose(X, (1, 0, 2)), types, **resolved)
        return lambda W: combine(prepared, W, types, **resolved)
    kernel = mcda.get_method(name).kernel

    def one_by_one(W: np.ndarray) -> np.ndarray:
        out = np.empty(X.shape[:2])
        for k in range(X.shape[0]):   # only for methods registered without a sampled kernel
            out[k] = kernel(X[k], W[k:k + 1], types, **resolved)[0]
        return out

    return one_by_one


# -- inputs -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Setup:
    method: str
    params: Mapping[str, Any]
    types: np.ndarray
    higher_is_better: bool
    n: int
    m: int
    n_samples: int
    x: np.ndarray | None                       # fixed values
    xs: np.ndarray | SampleStream | None       # sampled values
    w: np.ndarray | None                       # fixed weight vector
    ws: np.ndarray | SampleStream | None       # sampled weights
    block: int


def _setup(values: Any, weights: Any, types: Any, method: str | None, params: Mapping[str, Any] | None,
           block_size: int | None) -> _Setup:
    vals = as_samples(values, "values")
    wts = as_samples(weights, "weights")
    vshape = vals.shape if isinstance(vals, SampleStream) else vals.shape
    wshape = wts.shape if isinstance(wts, SampleStream) else wts.shape
    if len(vshape) not in (2, 3):
        raise MethodError(f"values must be (n, m) or sampled (N, n, m); got shape {vshape}")
    if len(wshape) not in (1, 2):
        raise MethodError(f"weights must be sampled (N, m) or one vector (m,); got shape {wshape}")
    n, m = vshape[-2:]
    if n < 1 or m < 1:
        raise MethodError(f"values need at least one measure and one criterion; got shape {vshape}")
    if wshape[-1] != m:
        raise MethodError(f"weights have {wshape[-1]} criteria, values {m}")
    nv = vshape[0] if len(vshape) == 3 else None
    nw = wshape[0] if len(wshape) == 2 else None
    if nv is not None and nw is not None and nv != nw:
        raise MethodError(f"values and weights must have the same number of samples; got {nv} and {nw} "
                          "(sample i of the values is paired with weight sample i)")
    n_samples = nv if nv is not None else (nw if nw is not None else 1)
    if n_samples < 1:
        raise MethodError("SMAA needs at least one sample")
    if method is None or str(method).strip().lower() == WEIGHTED_SUM:
        name, hib, resolved = WEIGHTED_SUM, True, {}
        if params:
            raise MethodError(f"{WEIGHTED_SUM} takes no parameters; got {sorted(params)}")
        if types is None:
            t = np.ones(m)
        else:
            t = np.asarray(types, dtype=float)
            if t.shape != (m,) or not (t == 1.0).all():
                raise MethodError(f"{WEIGHTED_SUM} scores pre-computed partial values (higher is better): types "
                                  "must be None or all +1; orient cost criteria when computing the values")
    else:
        entry = mcda.get_method(method)
        name, hib = entry.name, entry.higher_is_better
        resolved = mcda.check_params(name, dict(params or {}), n_criteria=m)
        try:
            t = np.asarray(types, dtype=float)
        except (TypeError, ValueError):
            raise MethodError(f"types must be +1/-1 per criterion; got {types!r}") from None
        if t.shape != (m,) or not np.isin(t, (1.0, -1.0)).all():
            raise MethodError(f"types must be +1 (benefit) or -1 (cost) for each of the {m} criteria; got {types!r}")
    x = xs = w = ws = None
    if len(vshape) == 2:
        x = np.asarray(vals, dtype=float)
        if not np.isfinite(x).all():
            i, j = np.argwhere(~np.isfinite(x))[0]
            raise MethodError(f"values must be finite; measure row {i}, criterion column {j} is {x[i, j]!r}")
    else:
        xs = vals
    if len(wshape) == 1:
        w = np.asarray(wts, dtype=float)
        _check_weights(w[None, :], 0)
    else:
        ws = wts
    if block_size is None:
        block = DEFAULT_BLOCK if xs is None else max(1, min(DEFAULT_BLOCK, VALUE_BLOCK_BYTES // (8 * n * m)))
    else:
        if isinstance(block_size, (bool, np.bool_)) or not isinstance(block_size, (int, np.integer)) or block_size < 1:
            raise MethodError(f"block_size must be a positive integer; got {block_size!r}")
        block = int(block_size)
    return _Setup(name, MappingProxyType(resolved), t, hib, n, m, n_samples, x, xs, w, ws, block)


def _check_weights(w: np.ndarray, offset: int) -> None:
    if not np.isfinite(w).all() or (w < 0).any():
        k = int(np.flatnonzero(~(np.isfinite(w) & (w >= 0)).all(axis=1))[0])
        raise MethodError(f"weights must be finite and >= 0; weight sample {offset + k} is {w[k].tolist()}")
    off = np.abs(w.sum(axis=1) - 1.0) > WEIGHT_SUM_TOL
    if off.any():
        k = int(np.flatnonzero(off)[0])
        raise MethodError(f"each weight sample must sum to 1 (within {WEIGHT_SUM_TOL:g}); weight sample "
                          f"{offset + k} sums to {float(w[k].sum())!r}")


def _chunks(obj: np.ndarray | SampleStream, size: int) -> Iterator[np.ndarray]:
    if isinstance(obj, SampleStream):
        yield from obj.blocks(size)
    else:
        for s in range(0, obj.shape[0], size):
            yield obj[s:s + size]


def _blocks(su: _Setup) -> Iterator[tuple[int, np.ndarray | None, np.ndarray]]:
    """(offset, value block or None, weight block) over the N samples."""
    size = su.block
    wit = _chunks(su.ws, size) if su.ws is not None else None
    xit = _chunks(su.xs, size) if su.xs is not None else None
    offset = 0
    while offset < su.n_samples:
        k = min(size, su.n_samples - offset)
        xb = next(xit) if xit is not None else None
        if wit is not None:
            wb = np.asarray(next(wit), dtype=float)
        else:
            wb = np.broadcast_to(su.w, (k, su.m))
        if xb is not None:
            xb = np.asarray(xb, dtype=float)
            if not np.isfinite(xb).all():
                raise MethodError(f"sampled values must be finite; a non-finite value in samples {offset}..{offset + k - 1}")
        yield offset, xb, wb
        offset += k


def _scores(su: _Setup, xb: np.ndarray | None, wb: np.ndarray) -> np.ndarray:
    if xb is None:
        if su.method == WEIGHTED_SUM:
            return wb @ su.x.T
        return mcda.evaluate(su.method, su.x, wb, su.types, validate=False, **su.params)
    return sampled_scores(su.method, xb, wb, su.types, su.params)


# -- accumulation -----------------------------------------------------------------------------

class _Counts:
    """Integer histogram over n*n bins, fed with bin-index arrays, flushed by bincount (order-free)."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.total = np.zeros(n * n, dtype=np.int64)
        self.buf: list[np.ndarray] = []
        self.size = 0

    def add(self, bins: np.ndarray) -> None:
        self.buf.append(bins)
        self.size += bins.size
        if self.size >= max(self.n * self.n, 2**20):
            self.flush()

    def flush(self) -> None:
        if self.buf:
            self.total += np.bincount(np.concatenate(self.buf), minlength=self.n * self.n)
            self.buf, self.size = [], 0


@dataclass
class _BlockOut:
    bins: np.ndarray          # rank-position bins: rank0 * n + measure
    first_rows: np.ndarray    # sample rows (within block) of the (row, measure) first pairs
    first_meas: np.ndarray
    pair: np.ndarray | None   # (n, n) pairwise wins in this block


def _process(su: _Setup, xb: np.ndarray | None, wb: np.ndarray, offset: int, pairwise: bool) -> _BlockOut:
    if su.ws is not None:
        _check_weights(wb, offset)
    s = _scores(su, xb, wb)
    rb: RankedBlock = rank_block(s, su.higher_is_better)
    n = su.n
    b = s.shape[0]
    if rb.rank0 is None:
        bins = rb.order.T.copy()   # position-major: bincount then stays within one n-wide window
        bins += (np.arange(n, dtype=np.int64) * n)[:, None]
        rows, meas = np.arange(b), rb.order[:, 0].copy()
    else:
        bins = rb.rank0 * n + rb.order
        r, p = np.nonzero(rb.rank0 == 0)
        rows, meas = r, rb.order[r, p]
    pair = _pairwise(rb.ranks(), n) if pairwise and n > 1 else None
    return _BlockOut(bins.ravel(), rows, meas, pair)


def _pairwise(ranks: np.ndarray, n: int) -> np.ndarray:
    """Counts of [rank_i < rank_l] over the rows of ``ranks`` (B, n): O(B n^2), in bounded memory.

    Short lists: one broadcast comparison per chunk of rows. Long lists (n > 64): one
    (n, n) comparison per sample added into a uint8 counter (flushed every 255 samples):
    the work is n^2 per sample whatever the layout, and this keeps it in one n^2-byte
    buffer (a (chunk, n, n) broadcast would only add memory traffic).
    """
    r = ranks.astype(np.int32 if n > 32767 else np.int16)
    pair = np.zeros((n, n), dtype=np.int64)
    if n <= 64:
        step = max(1, PAIR_BYTES // (n * n))
        for a in range(0, r.shape[0], step):
            r_ = r[a:a + step]
            pair += (r_[:, :, None] < r_[:, None, :]).sum(axis=0)
        return pair
    acc = np.zeros((n, n), dtype=np.uint8)
    buf = np.empty((n, n), dtype=bool)
    for k in range(r.shape[0]):
        np.less(r[k][:, None], r[k][None, :], out=buf)
        acc += buf.view(np.uint8)
        if k % 255 == 254:
            pair += acc
            acc[...] = 0
    pair += acc
    return pair


def _threads() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def smaa(values: Any, weights: Any, types: Any = None, *, method: str | None = "wsm",
         params: Mapping[str, Any] | None = None, meta_weights: str | Sequence[float] = "linear",
         block_size: int | None = None, confidence: bool = True, pairwise: bool = True) -> SMAAResult:
    r"""SMAA-2 indices of n measures over N samples of weights (and optionally of values).

    Parameters
    ----------
    values : array (n, m) or (N, n, m), or a :class:`~mkba.sensitivity.sampling.SampleStream`
        Criterion values per measure: fixed, or one matrix per sample (sample k is paired
        with weight sample k).
    weights : array (N, m) or (m,), or a SampleStream
        Weight samples, rows on the simplex; one vector (m,) = fixed weights (then central
        weights and confidence factors are undefined, NaN, as in rsmaa).
    types : array (m,)
        +1 benefit / -1 cost; None (or all +1) for ``method="weighted_sum"``.
    method : str or None
        A name in :data:`mkba.mcda.METHODS` (lower-is-better methods such as vikor and
        spotis are handled), or ``"weighted_sum"`` / None: :math:`u_i = \sum_j w_j x_{ij}`
        on pre-computed partial values (no normalisation, higher is better), the value
        model of Lahdelma & Salminen (2001) and rsmaa.
    params : method parameters (see ``METHODS[method].params``).
    meta_weights : ``"linear"`` (default), ``"inverse"``, ``"centroid"`` or n numbers.
    block_size : samples per block (memory bound); default :data:`DEFAULT_BLOCK`, or for
        sampled values as many as fit in 32 MiB. Results do not depend on it.
    confidence : compute confidence factors (a second pass over the value samples).
    pairwise : compute pairwise winning indices; costs O(N n^2) (about 4e10 comparisons for
        N = 10,000 and n = 2,000), so switch it off for long lists.

    Returns
    -------
    SMAAResult

    Raises
    ------
    MethodError
        Bad shapes, weights off the simplex, unknown method/parameters, non-finite scores.

    Notes
    -----
    Blocks are processed on up to 8 threads (NumPy releases the GIL in sorting and
    arithmetic) and combined in block order, so the result does not depend on the thread
    count either. Ranks use :func:`mkba.sensitivity.ranks.rank_block` (the semantics of
    :func:`mkba.mcda.rank`, tolerance 1e-12 of the row's largest |score|).
    """
    su = _setup(values, weights, types, method, params, block_size)
    n, m, N = su.n, su.m, su.n_samples
    name, alpha = resolve_meta_weights(meta_weights, n)
    counts = _Counts(n)
    csum = np.zeros((n, m))
    csq = np.zeros((n, m))
    pair = np.zeros((n, n), dtype=np.int64) if pairwise else None
    fixed_w = su.w is not None

    def consume(out: _BlockOut, wb: np.ndarray) -> None:
        counts.add(out.bins)
        if not fixed_w and out.first_rows.size:
            wf = wb[out.first_rows]
            np.add.at(csum, out.first_meas, wf)
            np.add.at(csq, out.first_meas, wf * wf)
        if pair is not None and out.pair is not None:
            pair[...] += out.pair

    threads = _threads()
    if threads > 1 and N > su.block:
        with ThreadPoolExecutor(threads) as pool:
            pending: list[tuple[Any, np.ndarray]] = []
            for offset, xb, wb in _blocks(su):
                pending.append((pool.submit(_process, su, xb, wb, offset, pairwise), wb))
                if len(pending) > threads:
                    fut, w_ = pending.pop(0)
                    consume(fut.result(), w_)
            for fut, w_ in pending:
                consume(fut.result(), w_)
    else:
        for offset, xb, wb in _blocks(su):
            consume(_process(su, xb, wb, offset, pairwise), wb)
    counts.flush()
    ra_counts = counts.total.reshape(n, n).T                      # [measure, rank0]
    ra = ra_counts / N
    first = ra_counts[:, 0]
    cw = np.full((n, m), np.nan)
    cw_err = np.full((n, m), np.nan)
    if not fixed_w:
        ok = first > 0
        cw[ok] = csum[ok] / first[ok, None]
        two = first >= 2
        if two.any():
            c = first[two, None].astype(float)
            var = np.maximum(csq[two] - csum[two] ** 2 / c, 0.0) / (c - 1.0)
            cw_err[two] = MC_Z * np.sqrt(var / c)
    conf = np.full(n, np.nan)
    conf_err = np.full(n, np.nan)
    if confidence and not fixed_w:
        conf, conf_err = _confidence(su, cw)
    holistic = ra @ alpha
    hol_var = np.maximum(ra @ (alpha * alpha) - holistic ** 2, 0.0)
    errors: dict[str, np.ndarray] = {
        "rank_acceptability": MC_Z * np.sqrt(ra * (1.0 - ra) / N),
        "holistic": MC_Z * np.sqrt(hol_var / N),
        "central_weights": cw_err,
        "confidence": conf_err,
    }
    pw = None
    if pair is not None:
        pw = pair / N
        errors["pairwise_winning"] = MC_Z * np.sqrt(pw * (1.0 - pw) / N)
    status, message = "ok", ""
    if fixed_w:
        status, message = "degenerate", ("one fixed weight vector: central weights and confidence factors are "
                                         "undefined (NaN)")
    return SMAAResult(rank_acceptability=ra, holistic=holistic, meta_weights=name, meta_alpha=alpha,
                      central_weights=cw, confidence=conf, pairwise_winning=pw, mc_error=errors, n_samples=N,
                      method=su.method, higher_is_better=su.higher_is_better, fixed_weights=fixed_w,
                      status=status, message=message)


def _confidence(su: _Setup, cw: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Confidence factors at the central weights, and their 95 % MC error."""
    n = su.n
    defined = np.flatnonzero(~np.isnan(cw[:, 0]))
    conf = np.full(n, np.nan)
    err = np.full(n, np.nan)
    if defined.size == 0:
        return conf, err
    wc = cw[defined]
    wc = wc / wc.sum(axis=1, keepdims=True)
    if su.x is not None:
        if su.method == WEIGHTED_SUM:
            s = wc @ su.x.T
        else:
            s = mcda.evaluate(su.method, su.x, wc, su.types, validate=False, **su.params)
        r = mcda.rank(s, higher_is_better=su.higher_is_better)
        conf[defined] = (r[np.arange(defined.size), defined] == 1).astype(float)
        err[defined] = 0.0
        return conf, err
    hits = np.zeros(defined.size, dtype=np.int64)
    for xb in _chunks(su.xs, su.block):
        score = sampled_scorer(su.method, np.asarray(xb, dtype=float), su.types, su.params)  # prepared once
        for c, i in enumerate(defined):  # a loop over measures (each needs its own ranks), not samples
            w = np.broadcast_to(wc[c], (xb.shape[0], su.m))
            hits[c] += int(first_mask(score(w), int(i), su.higher_is_better).sum())
    p = hits / su.n_samples
    conf[defined] = p
    err[defined] = MC_Z * np.sqrt(p * (1.0 - p) / su.n_samples)
    return conf, err
