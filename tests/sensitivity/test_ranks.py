"""rank_block (packed-key sort) equals mkba.mcda.rank exactly, including ties and near-ties."""

from __future__ import annotations

import numpy as np
import pytest

from mkba.mcda import TIE_RTOL, rank
from mkba.sensitivity.ranks import first_mask, rank_block


def _cases(rng: np.random.Generator, n: int):
    yield rng.normal(size=(20, n))
    yield rng.integers(-3, 4, size=(20, n)).astype(float)                       # many exact ties
    base = rng.integers(0, 5, size=(20, n)).astype(float)
    for f in (0.3, 0.9, 1.0, 1.1, 3.0):                                          # gaps around the tolerance
        yield base + rng.integers(-2, 3, size=(20, n)) * TIE_RTOL * 4 * f
    yield np.round(rng.normal(size=(20, n)), 2) * 1e5
    yield np.abs(rng.normal(size=(20, n)))                                       # one sign (fast key)
    yield -np.abs(rng.normal(size=(20, n)))
    z = np.zeros((3, n))
    z[1, 0] = -0.0
    yield z


@pytest.mark.parametrize("n", [1, 2, 7, 2048, 2049])
@pytest.mark.parametrize("higher", [True, False])
def test_rank_block_equals_mcda_rank(n: int, higher: bool) -> None:
    rng = np.random.default_rng(n)
    for s in _cases(rng, n):
        rb = rank_block(s, higher)
        want = rank(s, higher_is_better=higher) - 1
        np.testing.assert_array_equal(rb.ranks(), want)
        # positions are in rank order
        np.testing.assert_array_equal(np.sort(want, axis=1), rb.rank0 if rb.rank0 is not None
                                      else np.broadcast_to(np.arange(n), s.shape))
        i = int(rng.integers(n))
        np.testing.assert_array_equal(first_mask(s, i, higher), want[:, i] == 0)


def test_non_finite_scores_raise() -> None:
    from mkba.errors import MethodError

    with pytest.raises(MethodError, match="non-finite"):
        rank_block(np.array([[1.0, np.nan]]))
