"""The method registry: entries, lookup errors, parameter checks, registration checks."""

from __future__ import annotations

import numpy as np
import pytest

from mkba import mcda
from mkba.errors import MethodError
from mkba.mcda.registry import Method, Param, register

REQUIRED = {"topsis", "vikor", "promethee2", "wsm", "wpm", "copras", "moora", "edas", "spotis"}


def test_required_methods_are_registered_lower_case() -> None:
    assert REQUIRED <= set(mcda.METHODS)
    assert all(name == name.lower() for name in mcda.METHODS)


def test_entries_are_frozen_and_complete() -> None:
    for name, entry in mcda.METHODS.items():
        assert entry.name == name
        assert callable(entry.kernel) and callable(entry.reference)
        assert entry.label and entry.source and entry.zero_spread
        with pytest.raises(Exception):
            entry.name = "x"  # type: ignore[misc]


def test_only_anchored_method_is_additive() -> None:
    assert {n for n, e in mcda.METHODS.items() if e.additive} == {"mavt"}


def test_direction_flags() -> None:
    assert not mcda.METHODS["vikor"].higher_is_better
    assert not mcda.METHODS["spotis"].higher_is_better
    assert mcda.METHODS["topsis"].higher_is_better


def test_unknown_method_lists_valid_names_and_closest() -> None:
    with pytest.raises(MethodError) as err:
        mcda.evaluate("topsys", [[1.0]], [1.0], [1])
    msg = str(err.value)
    assert "did you mean 'topsis'" in msg
    assert all(name in msg for name in REQUIRED)


def test_method_name_is_case_insensitive() -> None:
    x = np.array([[1.0, 2.0], [2.0, 1.0], [3.0, 3.0]])
    np.testing.assert_array_equal(mcda.evaluate("TOPSIS", x, [0.5, 0.5], [1, 1]),
                                  mcda.evaluate("topsis", x, [0.5, 0.5], [1, 1]))


@pytest.mark.parametrize("name,params,match", [
    ("vikor", {"vv": 0.3}, "unknown parameter 'vv'.*did you mean 'v'"),
    ("vikor", {"v": 1.5}, r"'v' must be a number in \[0, 1\]"),
    ("topsis", {"normalization": "vectr"}, "did you mean 'vector'"),
    ("wsm", {"normalization": "summ"}, "must be one of minmax, max, max-complement, sum, vector.*did you mean 'sum'"),
    ("moora", {"normalization": "sum"}, r"valid parameters: \(none\)"),
    ("promethee2", {"preference": "linear"}, "needs the preference threshold p"),
    ("promethee2", {"preference": "linear", "q": 2.0, "p": 1.0}, "needs p > q"),
    ("promethee2", {"preference": "gaussian"}, "needs the threshold s"),
    ("promethee2", {"preference": "vshape", "p": [1.0, 2.0]}, "2 numbers|one per criterion|3"),
    ("promethee2", {"q": -1.0}, ">= 0"),
    ("spotis", {"bounds": [[0, 1], [2, 1], [0, 1]]}, "low < high"),
    ("spotis", {"esp": [1.0, 2.0]}, "one finite number per criterion"),
    ("mavt", {}, "'bounds' is required"),
])
def test_bad_params_name_the_param_and_what_is_valid(name: str, params: dict, match: str) -> None:
    with pytest.raises(MethodError, match=match):
        mcda.check_params(name, params, n_criteria=3)


def test_check_params_fills_defaults() -> None:
    assert mcda.check_params("vikor", {}, n_criteria=3) == {"v": 0.5}
    assert mcda.check_params("topsis", {"normalization": "Vector"})["normalization"] == "vector"
    got = mcda.check_params("promethee2", {"preference": "vshape_2", "p": [1, 2, 3]}, n_criteria=3)
    assert got["preference"] == "linear" and got["p"].tolist() == [1.0, 2.0, 3.0]


def test_spotis_bounds_must_contain_the_matrix() -> None:
    with pytest.raises(MethodError, match="outside its bounds"):
        mcda.evaluate("spotis", [[1.0, 5.0], [2.0, 3.0]], [0.5, 0.5], [1, 1], bounds=[[0, 4], [0, 4]])


def test_register_rejects_malformed_entries() -> None:
    def kernel(x, W, types):
        return W @ x.T

    bad = Method(name="Bad Name", label="x", higher_is_better=True, additive=False,
                 params={"a": Param("a", 1, "", lambda v, m: v)}, reference=kernel, kernel=kernel,
                 zero_spread="z", source="s")
    with pytest.raises(TypeError) as err:
        register(bad)
    msg = str(err.value)
    assert "lower-case identifier" in msg and "undocumented" in msg and "does not accept ['a']" in msg
    assert "bad name" not in mcda.METHODS


def test_register_rejects_invalid_default_and_duplicates() -> None:
    def kernel(x, W, types, *, v=0.5):
        return W @ x.T

    def reject(value, m):
        raise MethodError("no")

    with pytest.raises(TypeError, match="default of 'v' is invalid"):
        register(Method(name="newone", label="x", higher_is_better=True, additive=False,
                        params={"v": Param("v", 0.5, "doc", reject)}, reference=kernel, kernel=kernel,
                        zero_spread="z", source="s"))
    with pytest.raises(TypeError, match="already registered"):
        register(mcda.METHODS["wsm"])
