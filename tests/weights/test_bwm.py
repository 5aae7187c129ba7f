"""Best-worst method weights (issue 23 item 6), verified against Rezaei's published car example.

Rezaei, J. (2016). Best-worst multi-criteria decision-making method: some properties and a linear
model. Omega 64:126-130, doi:10.1016/j.omega.2015.12.001: buying a car, criteria quality, price,
comfort, safety, style; best = price, worst = style.

- Example 1 (Table 2, fully consistent): BO (2, 1, 4, 2, 8), OW (4, 8, 2, 4, 1); linear weights
  (0.2105, 0.4211, 0.1053, 0.2105, 0.0526), xi^L = 0 and xi* = 0.
- Example 2 (Table 3): BO (2, 1, 4, 3, 8), OW (4, 8, 2, 3, 1); linear weights (0.2295, 0.4481, 0.1148,
  0.1530, 0.0546), xi^L = 0.0109 (section 4); nonlinear xi* = 0.1459 with the weight intervals
  [0.2145, 0.2289], [0.4461, 0.4571], [0.1085, 0.1176], [0.1563, 0.1602], [0.0548, 0.0561] (section 3).
- Example 3 (Table 4): BO (2, 1, 4, 3, 8), OW (4, 8, 4, 2, 1); nonlinear xi* = 1.

The numbers were read as transcribed, with these sources, in a public method card
(a "bwm-rezaei2016" fixture that quotes Tables 1-4 and sections 3-4 of the paper).
The consistency index table is Rezaei (2015), Omega 53:49-57, Table 5 (repeated in the 2016 paper).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mkba import weights
from mkba.errors import MethodError
from mkba.weights.bwm import CONSISTENCY_INDEX, bwm, consistency_index

TOL = 5e-5   # the paper prints 4 decimals
CRITERIA = ["quality", "price", "comfort", "safety", "style"]


def test_rezaei_2016_example_1_fully_consistent() -> None:
    for model in ("linear", "nonlinear"):
        got = bwm([2, 1, 4, 2, 8], [4, 8, 2, 4, 1], model=model)
        np.testing.assert_allclose(got.weights, [0.2105, 0.4211, 0.1053, 0.2105, 0.0526], atol=TOL)
        assert got.xi == pytest.approx(0.0, abs=1e-6) and got.consistency_ratio == pytest.approx(0.0, abs=1e-6)
        assert (got.best, got.worst) == (1, 4)


def test_rezaei_2016_example_2_linear_model() -> None:
    got = bwm([2, 1, 4, 3, 8], [4, 8, 2, 3, 1])
    np.testing.assert_allclose(got.weights, [0.2295, 0.4481, 0.1148, 0.1530, 0.0546], atol=TOL)
    assert got.xi == pytest.approx(0.0109, abs=TOL)


def test_rezaei_2016_example_2_nonlinear_model_xi_and_intervals() -> None:
    got = bwm([2, 1, 4, 3, 8], [4, 8, 2, 3, 1], model="nonlinear")
    published = np.array([[0.2145, 0.2289], [0.4461, 0.4571], [0.1085, 0.1176], [0.1563, 0.1602], [0.0548, 0.0561]])
    assert got.xi == got.xi_star == pytest.approx(0.1459, abs=TOL)
    np.testing.assert_allclose(got.intervals, published, atol=TOL)
    w = np.asarray(got.weights)
    assert np.all(w >= got.intervals[:, 0] - 1e-9) and np.all(w <= got.intervals[:, 1] + 1e-9)
    assert w.sum() == pytest.approx(1.0, abs=1e-12)
    # CR = xi* / CI(a_BW = 8) = 0.1459 / 4.47 (Rezaei 2015's table)
    assert got.consistency_index == 4.47
    assert got.consistency_ratio == pytest.approx(0.1459 / 4.47, abs=TOL / 4.47)


def test_rezaei_2016_example_3_nonlinear_xi() -> None:
    assert bwm([2, 1, 4, 3, 8], [4, 8, 4, 2, 1], model="nonlinear").xi_star == pytest.approx(1.0, abs=TOL)


def test_consistency_index_table_is_the_root_of_rezaeis_equation() -> None:
    """CI(a) solves xi^2 - (1 + 2a) xi + (a^2 - a) = 0 (Rezaei 2015); the table prints it to 2 decimals."""
    for a, ci in CONSISTENCY_INDEX.items():
        root = ((1 + 2 * a) - math.sqrt((1 + 2 * a) ** 2 - 4 * (a * a - a))) / 2
        assert round(root, 2) == ci
    assert consistency_index(2.5) == pytest.approx(((1 + 5) - math.sqrt(21)) / 2)


@st.composite
def consistent(draw):
    """Comparison vectors built from a weight vector with exact ratios (a_Bj a_jW = a_BW for every j)."""
    m = draw(st.integers(2, 7))
    w = np.array(draw(st.lists(st.floats(0.1, 1.0), min_size=m, max_size=m, unique=True)))
    w = w / w.sum()
    b, k = int(np.argmax(w)), int(np.argmin(w))
    return w[b] / w, w / w[k], w, b, k


@given(consistent())
@settings(max_examples=25, deadline=None)
def test_fully_consistent_judgements_give_back_the_weights(case) -> None:
    bo, ow, w, b, k = case
    for model in ("linear", "nonlinear"):   # best and worst named: two weights a hair apart give two ratios of 1.0
        got = bwm(bo, ow, model=model, best=b, worst=k)
        np.testing.assert_allclose(got.weights, w, atol=1e-6)
        assert got.xi_star == pytest.approx(0.0, abs=1e-6)


@given(st.integers(3, 6), st.integers(0, 2**32 - 1))
@settings(max_examples=15, deadline=None)
def test_nonlinear_xi_star_is_optimal_independent_search(m: int, seed: int) -> None:
    """Independent check with numpy only: the returned weights meet every ratio bound at xi*, and no
    weight vector among 100,000 random ones (Dirichlet, plus a local cloud around the answer) does better."""
    rng = np.random.default_rng(seed)
    b, k = rng.choice(m, 2, replace=False)
    a_bw = int(rng.integers(2, 10))
    bo = rng.integers(1, a_bw + 1, m).astype(float)
    ow = rng.integers(1, a_bw + 1, m).astype(float)
    bo[b], ow[k], bo[k], ow[b] = 1, 1, a_bw, a_bw
    got = bwm(bo, ow, model="nonlinear", best=int(b), worst=int(k))

    def dev(w: np.ndarray) -> np.ndarray:
        return np.maximum(np.abs(w[:, [b]] / w - bo).max(axis=1), np.abs(w / w[:, [k]] - ow).max(axis=1))

    w = np.asarray(got.weights)
    assert dev(w[None])[0] <= got.xi_star + 1e-5
    cloud = np.vstack([rng.dirichlet(np.ones(m), 50_000),
                       np.abs(w + rng.normal(0, 0.01, (50_000, m)))])
    cloud /= cloud.sum(axis=1, keepdims=True)
    assert dev(cloud).min() >= got.xi_star - 1e-6


def test_labelled_in_and_out_and_exported() -> None:
    bo = pd.Series([2, 1, 4, 3, 8], index=CRITERIA)
    ow = pd.Series({"style": 1, "safety": 3, "comfort": 2, "price": 8, "quality": 4})
    got = weights.bwm(bo, ow)
    assert list(got.weights.index) == CRITERIA and (got.best, got.worst) == ("price", "style")
    np.testing.assert_allclose(got.weights.to_numpy(), bwm([2, 1, 4, 3, 8], [4, 8, 2, 3, 1]).weights)
    assert list(got.to_frame().columns) == ["weight", "low", "high"]


@pytest.mark.parametrize("bo, ow, kwargs, match", [
    ([2, 1, 4, 3, 8], [4, 7, 2, 3, 1], {}, "a_BW .* must be the same in both vectors"),
    ([1, 1, 4, 3, 8], [4, 8, 2, 3, 1], {}, "best_to_others has 2 ones: name it with best="),
    ([2, 1, 4, 3, 8], [4, 8, 2, 3, 1], {"best": 1, "worst": 1}, "the same"),
    ([2, 1, 0.5, 3, 8], [4, 8, 2, 3, 1], {}, r"1 \(equally important\) to 9; entries \[3\]"),
    ([2, 1, 4], [4, 8, 2, 3, 1], {}, "one value per criterion"),
    ([2, 1, 4, 3, 8], [4, 8, 2, 3, 1], {"model": "exact"}, "model must be one of linear, nonlinear"),
])
def test_refuses_clearly(bo, ow, kwargs, match) -> None:
    with pytest.raises(MethodError, match=match):
        bwm(bo, ow, **kwargs)
