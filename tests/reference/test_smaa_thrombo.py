"""SMAA-2 on the rsmaa "thrombo" example (Tervonen & van Valkenhoef, R package smaa 0.3-2).

Data: tests/data/smaa-thrombo (a copy, with its README and citation, of rsmaa smaa/inst/extdata/thrombo-meas.txt.gz and
thrombo-weights-nopref.txt.gz as CSV). Published results: smaa/tests/Examples/smaa-Ex.Rout.save
(quoted in the fixture README and in research/methodology.md E1). Sample i of the partial
values is paired with weight sample i; the value is the plain weighted sum ("weighted_sum").
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mkba.sensitivity import smaa

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "smaa-thrombo"


@pytest.fixture(scope="module")
def thrombo() -> tuple[np.ndarray, np.ndarray]:
    meas = pd.read_csv(FIXTURE / "measurements.csv.gz")
    assert list(meas.columns[:3]) == ["Heparin:Prox DVT", "Heparin:Dist DVT", "Heparin:Bleed"]
    weights = pd.read_csv(FIXTURE / "weights.csv.gz")
    x = meas.to_numpy(dtype=float).reshape(-1, 2, 3)
    return x, weights.to_numpy(dtype=float)


@pytest.fixture(scope="module")
def result(thrombo):
    x, w = thrombo
    return smaa(x, w, method="weighted_sum")


def test_rank_acceptabilities_published(result) -> None:
    np.testing.assert_array_equal(np.round(result.rank_acceptability, 4), [[0.3504, 0.6496], [0.6496, 0.3504]])


def test_central_weights_published(result) -> None:
    np.testing.assert_array_equal(np.round(result.central_weights, 7),
                                  [[0.1865097, 0.2772205, 0.5362698], [0.4073100, 0.3641477, 0.2285423]])


def test_confidence_factors_published(result) -> None:
    np.testing.assert_array_equal(np.round(result.confidence, 4), [0.6682, 0.8956])


def test_pairwise_winning_and_entropy(result) -> None:
    # methodology E1: P(Enoxaparin beats Heparin) = 0.6496; ranking entropy 0.9344248 bits (base-2
    # entropy of the distribution of the 2 possible rankings, i.e. of b^1)
    assert round(float(result.pairwise_winning[1, 0]), 4) == 0.6496
    p = result.rank_acceptability[:, 0]
    assert round(float(-(p * np.log2(p)).sum()), 7) == 0.9344248


def test_fixed_weight_case_published(thrombo) -> None:
    x, _ = thrombo
    r = smaa(x, np.array([0.5, 0.2, 0.3]), method="weighted_sum")
    np.testing.assert_array_equal(np.round(r.rank_acceptability, 4), [[0.1279, 0.8721], [0.8721, 0.1279]])
    assert np.isnan(r.central_weights).all() and np.isnan(r.confidence).all()
    assert r.status == "degenerate"


@pytest.mark.slow
@pytest.mark.parametrize("block", [1, 37, 4096, 10_000])
def test_block_size_does_not_change_a_bit(thrombo, result, block) -> None:
    x, w = thrombo
    r = smaa(x, w, method=None, block_size=block)
    for name in ("rank_acceptability", "central_weights", "confidence", "pairwise_winning", "holistic"):
        np.testing.assert_array_equal(getattr(r, name), getattr(result, name))
