"""Labels in, labels out; criterion types in every accepted form; tolerant weights (issue 23, items 1-2).

Property tests (hypothesis) check that labelled input gives the numbers of the array input, on the
labels, whatever the order the weights and types are keyed in; that every method is invariant to a
positive rescaling of a criterion (each normalisation is); and how weights off the simplex are treated.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mkba import mcda
from mkba.errors import MethodError
from mkba.mcda.sampled import sampled_scores
from mkba.mcda import WeightsNormalizedWarning

FAST = settings(max_examples=40, deadline=None)
#: every method and normalisation whose scores depend on ratios or differences within a criterion only
SCALE_FREE = ([(m, {}) for m in sorted(set(mcda.METHODS) - {"mavt", "wsm", "topsis", "wpm"})]
              + [(m, {"normalization": k}) for m in ("wsm", "topsis")
                 for k in ("minmax", "max", "max-complement", "sum", "vector")]
              + [("wpm", {"normalization": k}) for k in ("max", "sum")])


@st.composite
def problems(draw, min_n: int = 2):
    n = draw(st.integers(min_n, 7))
    m = draw(st.integers(2, 5))
    x = np.array(draw(st.lists(st.lists(st.floats(1.0, 100.0), min_size=m, max_size=m), min_size=n, max_size=n)))
    w = np.array(draw(st.lists(st.floats(0.05, 1.0), min_size=m, max_size=m)))
    t = np.array(draw(st.lists(st.sampled_from([1.0, -1.0]), min_size=m, max_size=m)))
    return x, w / w.sum(), t


def _frame(x: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame(x, index=[f"M{i}" for i in range(x.shape[0])], columns=[f"c{j}" for j in range(x.shape[1])])


@FAST
@given(problems(), st.sampled_from(SCALE_FREE), st.permutations(range(5)), st.integers(1, 4))
def test_labelled_input_gives_the_array_numbers_on_the_labels(problem, method, perm, k) -> None:
    x, w, t = problem
    name, params = method
    df = _frame(x)
    order = [j for j in perm if j < x.shape[1]]
    words = np.where(t > 0, "max", "cost")
    series_w = pd.Series(w, index=df.columns).iloc[order]          # keyed by label, in another order
    types = dict(zip(df.columns[order], words[order]))
    want = mcda.evaluate(name, x, w, t, **params)
    got = mcda.evaluate(name, df, series_w, types, **params)
    assert isinstance(got, pd.Series) and list(got.index) == list(df.index) and got.name == name
    np.testing.assert_array_equal(got.to_numpy(), want)
    rows = np.vstack([w] * k)
    frame_w = pd.DataFrame(rows, index=[f"s{i}" for i in range(k)], columns=df.columns).iloc[:, order]
    got_k = mcda.evaluate(name, df, frame_w, types, **params)
    assert got_k.shape == (k, x.shape[0]) and list(got_k.index) == list(frame_w.index)
    assert list(got_k.columns) == list(df.index)
    np.testing.assert_allclose(got_k.to_numpy(), mcda.evaluate(name, x, rows, t, **params), rtol=0, atol=1e-12)


@FAST
@given(problems(), st.sampled_from(SCALE_FREE), st.floats(0.01, 1000.0), st.data())
def test_every_normalisation_is_invariant_to_a_criterions_unit(problem, method, c, data) -> None:
    """Rescaling one criterion (euros to thousands of euros) leaves every score unchanged."""
    x, w, t = problem
    name, params = method
    j = data.draw(st.integers(0, x.shape[1] - 1))
    y = x.copy()
    y[:, j] *= c
    np.testing.assert_allclose(mcda.evaluate(name, y, w, t, **params), mcda.evaluate(name, x, w, t, **params),
                               rtol=1e-9, atol=1e-9)


@FAST
@given(problems(), st.floats(-0.0099, 0.0099), st.floats(0.02, 50.0))
def test_weights_near_the_simplex_are_normalised_with_a_warning_far_ones_only_when_asked(problem, eps, c) -> None:
    x, w, t = problem
    want = mcda.evaluate("topsis", x, w, t)
    near = w * (1.0 + eps)
    if abs(near.sum() - 1.0) > 1e-6:
        with pytest.warns(WeightsNormalizedWarning, match=r"within 0\.01 of 1"):
            got = mcda.evaluate("topsis", x, near, t)
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)
    far = w * c
    if abs(far.sum() - 1.0) > 1e-2:
        with pytest.raises(MethodError, match="normalize_weights=True"):
            mcda.evaluate("topsis", x, far, t)
    with warnings.catch_warnings():
        warnings.simplefilter("error")   # asked for: no warning
        np.testing.assert_allclose(mcda.evaluate("topsis", x, far, t, normalize_weights=True), want,
                                   rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(mcda.evaluate("topsis", x, far, t, validate=False, normalize_weights=True), want,
                                   rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("weights", [[0.5, -0.1, 0.6], [0.5, np.nan, 0.5], [np.inf, 0.0, 0.0], [0.0, 0.0, 0.0]])
def test_negative_non_finite_or_zero_weights_stay_errors_even_when_normalising(weights) -> None:
    x = np.array([[1.0, 2.0, 3.0], [2.0, 1.0, 4.0]])
    with pytest.raises(MethodError, match=">= 0|finite|all zero"):
        mcda.evaluate("wsm", x, weights, [1, 1, 1], normalize_weights=True)


@pytest.mark.parametrize("types", [[1, -1, 1], ["max", "min", "max"], ["benefit", "cost", "Benefit"],
                                   [True, False, True], np.array([True, False, True]), ("max", -1, True),
                                   {"b": "cost", "a": "max", "c": 1}])
def test_types_in_every_accepted_form(types) -> None:
    x = pd.DataFrame([[1.0, 2.0, 3.0], [2.0, 1.0, 4.0], [3.0, 3.0, 1.0]], columns=list("abc"))
    np.testing.assert_array_equal(mcda.evaluate("topsis", x, [0.2, 0.3, 0.5], types).to_numpy(),
                                  mcda.evaluate("topsis", x.to_numpy(), [0.2, 0.3, 0.5], [1, -1, 1]))


@pytest.mark.parametrize("types,match", [
    ([1, 0, 1], "criterion 'b' has 0"),
    (["max", "less", "max"], "criterion 'b' has 'less'"),
    ({"a": 1, "b": -1}, "no entry for criterion 'c'"),
    ({"a": 1, "b": -1, "c": 1, "d": 1}, "criterion 'd' not in the matrix"),
])
def test_type_errors_name_the_criterion_by_label(types, match) -> None:
    x = pd.DataFrame([[1.0, 2.0, 3.0], [2.0, 1.0, 4.0]], columns=list("abc"))
    with pytest.raises(MethodError, match=match):
        mcda.evaluate("wsm", x, [0.2, 0.3, 0.5], types)


def test_input_and_kernel_errors_name_criteria_and_measures_by_label_or_from_1() -> None:
    x = pd.DataFrame({"cost": [1.0, 0.0], "noise": [2.0, 3.0]}, index=["dike", "pump"])
    with pytest.raises(MethodError, match="criterion 'cost' hold"):          # a kernel's own check
        mcda.evaluate("wpm", x, [0.5, 0.5], ["min", "max"])
    with pytest.raises(MethodError, match="criterion 1 hold"):
        mcda.evaluate("wpm", x.to_numpy(), [0.5, 0.5], ["min", "max"])
    with pytest.raises(MethodError, match="measure 'pump' has 3.0 on criterion 'noise'"):
        mcda.evaluate("mavt", x, [0.5, 0.5], [-1, 1], bounds=[[0, 1], [0, 2.5]])
    with pytest.raises(MethodError, match="measure 'pump', criterion 'noise'"):
        mcda.evaluate("wsm", x.assign(noise=[2.0, np.nan]), [0.5, 0.5], [-1, 1])
    rows = pd.DataFrame([[0.5, 0.5], [0.9, -0.1]], index=["alice", "bob"], columns=["cost", "noise"])
    with pytest.raises(MethodError, match="weight row 'bob' has \\[-0.1\\] on criterion 'noise'"):
        mcda.evaluate("wsm", x, rows, [-1, 1])
    with pytest.raises(MethodError, match="weight row 2 has"):
        mcda.evaluate("wsm", x.to_numpy(), rows.to_numpy(), [-1, 1])


def test_weights_keyed_by_other_criteria_are_refused() -> None:
    x = pd.DataFrame([[1.0, 2.0], [2.0, 1.0]], columns=["a", "b"])
    with pytest.raises(MethodError, match="no entry for criterion 'b'; criterion 'z' not in the matrix"):
        mcda.evaluate("wsm", x, pd.Series({"a": 0.5, "z": 0.5}), [1, 1])


def test_array_matrix_with_labelled_weights_gives_positional_measure_labels() -> None:
    x = np.array([[1.0, 2.0], [2.0, 1.0], [3.0, 3.0]])
    got = mcda.evaluate("wsm", x, pd.DataFrame([[0.5, 0.5]], index=["group"]), [1, 1])
    assert list(got.index) == ["group"] and list(got.columns) == [0, 1, 2]
    plain = mcda.evaluate("wsm", x, [0.5, 0.5], pd.Series([1, 1]))   # labelled types only: arrays out
    assert isinstance(plain, np.ndarray)


def test_sampled_scores_take_types_in_any_form_and_a_labelled_weight_frame() -> None:
    rng = np.random.default_rng(3)
    X = rng.uniform(1, 10, size=(4, 5, 3))
    W = pd.DataFrame(rng.dirichlet(np.ones(3), size=4), index=[f"draw{k}" for k in range(4)])
    got = sampled_scores("topsis", X, W, ["max", "cost", True], {"normalization": "minmax"})
    assert list(got.index) == list(W.index) and got.shape == (4, 5)
    for k in range(4):
        np.testing.assert_allclose(got.iloc[k].to_numpy(), mcda.evaluate("topsis", X[k], W.to_numpy()[k], [1, -1, 1]),
                                   rtol=1e-9)


def test_per_criterion_parameters_are_matched_by_label_and_ranks_keep_labels() -> None:
    x = pd.DataFrame({"a": [1.0, 4.0, 2.0], "b": [10.0, 30.0, 20.0]}, index=["p", "q", "r"])
    bounds = pd.DataFrame({"low": [0.0, 0.0], "high": [40.0, 5.0]}, index=["b", "a"])     # rows by label
    got = mcda.evaluate("mavt", x, [0.5, 0.5], [1, 1], bounds=bounds)
    np.testing.assert_array_equal(got.to_numpy(),
                                  mcda.evaluate("mavt", x.to_numpy(), [0.5, 0.5], [1, 1], bounds=[[0, 5], [0, 40]]))
    p = pd.Series({"b": 10.0, "a": 1.0})
    flows = mcda.evaluate("promethee2", x, [0.5, 0.5], [1, 1], preference="vshape", p=p)
    np.testing.assert_array_equal(flows.to_numpy(), mcda.evaluate("promethee2", x.to_numpy(), [0.5, 0.5], [1, 1],
                                                                  preference="vshape", p=[1.0, 10.0]))
    ranks = mcda.rank(got)
    assert list(ranks.index) == ["p", "q", "r"] and ranks.tolist() == [3, 1, 2]
    frame = mcda.rank(mcda.evaluate("wsm", x, pd.DataFrame([[0.5, 0.5], [1.0, 0.0]], index=["u", "v"],
                                                           columns=["a", "b"]), [1, 1]))
    assert list(frame.index) == ["u", "v"] and list(frame.columns) == ["p", "q", "r"]
