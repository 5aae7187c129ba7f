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
N): the scores of a block come from the method's kernels in the registry (fixed values: its
batch kernel; sampled values: its sampled ``prepare``/``combine`` kernels, see
:mod:`mkba.mcda.sampled`; a method registered without them is scored one value sample at a
time, with a :class:`~mkba.mcda.sampled.PerSampleFallbackWarning`), the ranks from
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
from ..mcda.registry import Method
from ..mcda.sampled import PerSampleFallbackWarning
from ..mcda.validation import WEIGHT_SUM_TOL
from .methods import PARTIAL_VALUES, WEIGHTED_SUM, method_entry, sampled_scorer, sampled_scores
from .limits import check_measures
from .ranks import RankedBlock, first_mask, rank_block
from .streams import SampleStream, as_samples

__all__ = ["SMAAResult", "smaa", "META_WEIGHTS", "resolve_meta_weights", "DEFAULT_BLOCK", "WEIGHTED_SUM", "MC_Z",
           "PARTIAL_VALUES", "method_entry", "sampled_scores", "sampled_scorer", "PerSampleFallbackWarning"]

#: Samples per block when values are fixed (n, m).
DEFAULT_BLOCK = 1024
#: Bytes of one (B, n, m) value block when values are sampled and block_size is not given.
VALUE_BLOCK_BYTES = 32 * 2**20
#: Bytes of the boolean temporaries of the pairwise-winning comparisons.
PAIR_BYTES = 16 * 2**20
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


# -- inputs -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Setup:
    entry: Method                              # the kernels: a registry entry or PARTIAL_VALUES
    params: Mapping[str, Any]
    types: np.ndarray
    n: int
    m: int
    n_samples: int
    x: np.ndarray | None                       # fixed values
    xs: np.ndarray | SampleStream | None       # sampled values
    w: np.ndarray | None                       # fixed weight vector
    ws: np.ndarray | SampleStream | None       # sampled weights
    block: int

    @property
    def method(self) -> str:
        return self.entry.name

    @property
    def higher_is_better(self) -> bool:
        return self.entry.higher_is_better


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
    check_measures(n)
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
    entry = method_entry(method)
    if entry is PARTIAL_VALUES:
        resolved: dict[str, Any] = {}
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
        resolved = mcda.check_params(entry.name, dict(params or {}), n_criteria=m)
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
    return _Setup(entry, MappingProxyType(resolved), t, n, m, n_samples, x, xs, w, ws, block)


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
        elif su.w is not None:
            wb = np.broadcast_to(su.w, (k, su.m))
        else:  # _setup gives fixed weights or sampled ones
            raise ValueError("SMAA setup without weights")
        if xb is not None:
            xb = np.asarray(xb, dtype=float)
            if not np.isfinite(xb).all():
                raise MethodError(f"sampled values must be finite; a non-finite value in samples {offset}..{offset + k - 1}")
        yield offset, xb, wb
        offset += k


def _scores(su: _Setup, xb: np.ndarray | None, wb: np.ndarray) -> np.ndarray:
    if xb is None:
        return su.entry.kernel(su.x, wb, su.types, **su.params)
    return sampled_scores(su.entry, xb, wb, su.types, su.params)


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
    values : array (n, m) or (N, n, m), or a :class:`~mkba.sensitivity.streams.SampleStream`
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
        model of Lahdelma & Salminen (2001) and rsmaa (:data:`PARTIAL_VALUES`). With sampled
        values every built-in method is scored a block at a time by its sampled kernels; a
        method registered without them (``METHODS[method].sampled`` False) is scored one sample
        at a time by its batch kernel, with a :class:`~mkba.mcda.sampled.PerSampleFallbackWarning`.
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
        s = su.entry.kernel(su.x, wc, su.types, **su.params)
        r = mcda.rank(s, higher_is_better=su.higher_is_better)
        conf[defined] = (r[np.arange(defined.size), defined] == 1).astype(float)
        err[defined] = 0.0
        return conf, err
    if su.xs is None:  # _setup gives fixed values or sampled ones
        raise ValueError("SMAA setup without values")
    hits = np.zeros(defined.size, dtype=np.int64)
    for xb in _chunks(su.xs, su.block):
        score = sampled_scorer(su.entry, np.asarray(xb, dtype=float), su.types, su.params)  # prepared once
        for c, i in enumerate(defined):  # a loop over measures (each needs its own ranks), not samples
            w = np.broadcast_to(wc[c], (xb.shape[0], su.m))
            hits[c] += int(first_mask(score(w), int(i), su.higher_is_better).sum())
    p = hits / su.n_samples
    conf[defined] = p
    err[defined] = MC_Z * np.sqrt(p * (1.0 - p) / su.n_samples)
    return conf, err
