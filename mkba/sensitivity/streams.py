r"""Seeded block streams of samples: what every sampler of :mod:`mkba.sensitivity.sampling` returns.

Every sampler returns a :class:`SampleStream`: a small immutable description of ``n``
samples (the distribution, its parameters, the seed and the *generation* block size)
that produces the samples on demand. Generation block ``b`` (samples
``b * block_size ... (b + 1) * block_size - 1``) is drawn from its own generator, seeded
with child ``b`` of ``np.random.SeedSequence(seed)`` (the child that
``SeedSequence(seed).spawn(b + 1)[b]`` would give, derived without mutating the
parent). So

- the samples depend only on ``(seed, block_size, distribution)``, never on how the
  caller consumes them (:meth:`SampleStream.blocks` with any ``size`` concatenates to the
  same array) nor on how many workers generate blocks (any block can be made alone);
- memory is bounded: a consumer holds one consumption block at a time (plus at most one
  generation block being sliced).

Convention C9 of DESIGN.md; ``block_size`` is recorded in :meth:`SampleStream.to_dict`
for provenance, because a different generation block size gives a different stream.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Callable, Iterator, Mapping

import numpy as np

from ..errors import MethodError

__all__ = ["GENERATION_BLOCK", "MAX_SAMPLES", "SampleStream", "child_seed", "seed_sequence", "check_count", "check_block", "stream",
           "simplex_draw", "as_samples"]

#: Default generation block size (samples per child seed). Part of the stream's definition.
GENERATION_BLOCK = 4096
#: Most samples a stream holds: at 1e6 samples the 95 % Monte Carlo error of a share is below
#: 0.1 percentage point, so 1e7 leaves room; 1e11 samples would run for days (memory stays bounded).
MAX_SAMPLES = 10_000_000


def seed_sequence(seed: Any) -> np.random.SeedSequence:
    """``seed`` as a SeedSequence (a non-negative integer, or a SeedSequence itself)."""
    if isinstance(seed, np.random.SeedSequence):
        return seed
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise MethodError(f"seed must be a non-negative integer or a numpy SeedSequence; got {seed!r}")
    return np.random.SeedSequence(int(seed))


def child_seed(seed: Any, index: int) -> np.random.SeedSequence:
    """Child ``index`` of ``SeedSequence(seed)``, as ``spawn`` would number it, without mutating the parent.

    Equal to ``np.random.SeedSequence(seed).spawn(index + 1)[index]`` for a fresh parent.
    """
    ss = seed_sequence(seed)
    return np.random.SeedSequence(entropy=ss.entropy, spawn_key=tuple(ss.spawn_key) + (int(index),),
                                  pool_size=ss.pool_size)


def _frozen(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        out = value.copy()
        out.setflags(write=False)
        return out
    return value


def _plain(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


@dataclass(frozen=True)
class SampleStream:
    """``n_samples`` samples of one distribution, produced block by block from one seed.

    Attributes
    ----------
    kind : the sampler's name (``"uniform_simplex"``, ``"hull"``, ...).
    n_samples : number of samples N.
    sample_shape : shape of one sample: ``(m,)`` for weights, ``(n, m)`` for effects.
    seed : the root ``SeedSequence``.
    block_size : generation block size (samples per child seed); part of the stream's definition.
    params : the distribution's parameters (read-only), recorded for provenance.
    algorithm : how the samples are drawn, in words (e.g. ``"rejection"``, ``"hit-and-run"``).
    method : the algorithm as a key, for readers that phrase it (``"mixing"``, ``"delaunay"``, ...).
    simplices : the Delaunay sampler's number of simplices (None for the others).
    """

    kind: str
    n_samples: int
    sample_shape: tuple[int, ...]
    seed: np.random.SeedSequence
    block_size: int
    params: Mapping[str, Any]
    algorithm: str
    draw: Callable[[np.random.Generator, int], np.ndarray] = field(repr=False, compare=False)
    method: str = ""
    simplices: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", MappingProxyType({k: _frozen(v) for k, v in self.params.items()}))

    def __len__(self) -> int:
        return self.n_samples

    @property
    def shape(self) -> tuple[int, ...]:
        """Shape of the full sample array, ``(N,) + sample_shape``."""
        return (self.n_samples,) + self.sample_shape

    @property
    def n_blocks(self) -> int:
        return -(-self.n_samples // self.block_size)

    def block(self, b: int) -> np.ndarray:
        """Generation block ``b``: samples ``b*block_size`` up to the next block (fewer in the last)."""
        if not 0 <= b < self.n_blocks:
            raise MethodError(f"block {b} out of range: the stream has {self.n_blocks} block(s)")
        size = min(self.block_size, self.n_samples - b * self.block_size)
        rng = np.random.default_rng(child_seed(self.seed, b))
        out = self.draw(rng, size)
        return out

    def blocks(self, size: int | None = None) -> Iterator[np.ndarray]:
        """Consecutive consumption blocks of ``size`` samples (the last may be shorter).

        The concatenation is identical for every ``size``; ``None`` yields the generation blocks.
        """
        if size is None:
            for b in range(self.n_blocks):
                yield self.block(b)
            return
        if int(size) < 1:
            raise MethodError(f"block size must be >= 1; got {size!r}")
        size = int(size)
        pending: list[np.ndarray] = []
        have = 0
        for b in range(self.n_blocks):
            gen = self.block(b)
            start = 0
            while start < len(gen):
                take = min(size - have, len(gen) - start)
                pending.append(gen[start:start + take])
                have += take
                start += take
                if have == size:
                    yield pending[0] if len(pending) == 1 else np.concatenate(pending)
                    pending, have = [], 0
        if have:
            yield pending[0] if len(pending) == 1 else np.concatenate(pending)

    def array(self) -> np.ndarray:
        """All N samples in one array of shape :attr:`shape`."""
        return np.concatenate(list(self.blocks())) if self.n_samples else np.empty(self.shape)

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        out = self.array()
        return out if dtype is None else out.astype(dtype)

    def to_dict(self) -> dict[str, Any]:
        """Provenance: kind, algorithm (in words and as the key ``method``), N, generation block size,
        seed entropy/spawn key, parameters."""
        return {"kind": self.kind, "algorithm": self.algorithm, "method": self.method,
                **({"simplices": self.simplices} if self.simplices is not None else {}),
                "n_samples": self.n_samples, "block_size": self.block_size,
                "seed": {"entropy": _plain(self.seed.entropy), "spawn_key": list(self.seed.spawn_key)},
                "params": {k: _plain(v) for k, v in self.params.items()}}

    def __repr__(self) -> str:
        return (f"SampleStream({self.kind}, {self.algorithm}, N={self.n_samples:,}, "
                f"sample_shape={self.sample_shape}, block_size={self.block_size})")


def check_count(n: Any, what: str = "n") -> int:
    """``n`` as a non-negative int, or a MethodError naming ``what``."""
    if isinstance(n, (bool, np.bool_)) or not isinstance(n, (int, np.integer)) or n < 0:
        raise MethodError(f"{what} must be a non-negative integer; got {n!r}")
    return int(n)


def check_block(block_size: Any) -> int:
    """``block_size`` as a positive int, or a MethodError."""
    if isinstance(block_size, (bool, np.bool_)) or not isinstance(block_size, (int, np.integer)) or block_size < 1:
        raise MethodError(f"block_size must be a positive integer; got {block_size!r}")
    return int(block_size)


def stream(kind: str, n: int, shape: tuple[int, ...], seed: Any, block_size: int, params: dict[str, Any],
           algorithm: str, draw: Callable[[np.random.Generator, int], np.ndarray], *, method: str,
           simplices: int | None = None) -> SampleStream:
    """A checked :class:`SampleStream` (the constructor every sampler calls)."""
    count = check_count(n, "the number of samples")
    if count > MAX_SAMPLES:
        raise MethodError(f"at most {MAX_SAMPLES:,} samples; got {count:,} (at 1,000,000 samples the 95 % Monte "
                          "Carlo error of a share is already below 0.1 percentage point)")
    return SampleStream(kind=kind, n_samples=count, sample_shape=shape, seed=seed_sequence(seed),
                        block_size=check_block(block_size), params=params, algorithm=algorithm, draw=draw,
                        method=method, simplices=simplices)


def simplex_draw(rng: np.random.Generator, k: int, m: int) -> np.ndarray:
    """k points uniform on the (m-1)-simplex: normalised Exp(1) draws."""
    e = rng.standard_exponential((k, m))
    return e / e.sum(axis=1, keepdims=True)


def as_samples(value: Any, what: str) -> np.ndarray | SampleStream:
    """An ndarray (float64) or the stream itself; used by the SMAA entry point."""
    if isinstance(value, SampleStream):
        return value
    try:
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise MethodError(f"{what} must be a numeric array or a SampleStream") from None

