"""Hierarchical weights (issue 21 items 2, 3): synthesis along the path, AHP per node, rank acceptability."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from mkba.errors import MethodError
from mkba.weights.hierarchy import (ROOT, ahp_per_node, check_tree, global_weights, membership, node_weights,
                                    rank_acceptability, ranks)

# The published hierarchy of Wikipedia, "Analytic hierarchy process - car example" (the Jones family's car,
# after Saaty's teaching examples): local priorities of the criteria under the goal, of the cost subcriteria
# and of the capacity subcriteria, and the global priorities the page lists for them.
CAR_LOCAL = {
    ROOT: {"cost": 0.504, "safety": 0.237, "style": 0.042, "capacity": 0.217},
    "cost": {"purchase": 0.488, "fuel": 0.251, "maintenance": 0.100, "resale": 0.161},
    "capacity": {"cargo": 0.167, "passenger": 0.833},
}
CAR_GLOBAL = {"purchase": 0.246, "fuel": 0.127, "maintenance": 0.050, "resale": 0.081, "safety": 0.237,
              "style": 0.042, "cargo": 0.036, "passenger": 0.181}


def test_car_example_global_priorities():
    g = global_weights(CAR_LOCAL)
    assert {k: round(g[k], 3) for k in CAR_GLOBAL} == CAR_GLOBAL
    assert g["cost"] == pytest.approx(0.504) and g["capacity"] == pytest.approx(0.217)
    assert sum(g[k] for k in CAR_GLOBAL) == pytest.approx(1.0, abs=1e-3)  # the page's rounding


def test_ahp_per_node_checks_each_node():
    """Per node: the cost judgements of the car example (consistent, CR 0.015) and an inconsistent capacity
    node (A > B > C > A), whose CR alone exceeds 0.1; the synthesis multiplies the nodes' eigenvectors."""
    cost = pd.DataFrame([[1, 2, 5, 3], [1 / 2, 1, 2, 2], [1 / 5, 1 / 2, 1, 1 / 2], [1 / 3, 1 / 2, 2, 1]],
                        index=["purchase", "fuel", "maintenance", "resale"],
                        columns=["purchase", "fuel", "maintenance", "resale"])
    bad = pd.DataFrame([[1, 5, 1 / 5], [1 / 5, 1, 5], [5, 1 / 5, 1]], index=list("abc"), columns=list("abc"))
    top = pd.DataFrame([[1, 3], [1 / 3, 1]], index=["cost", "capacity"], columns=["cost", "capacity"])
    local, results = ahp_per_node({ROOT: top, "cost": cost, "capacity": bad})
    assert results["cost"].cr < 0.1 < results["capacity"].cr
    assert [round(local["cost"][k], 3) for k in cost.index] == [0.488, 0.252, 0.1, 0.161]
    g = global_weights(local)
    # independent numpy: principal eigenvectors, product along the path
    def eig(m):
        vals, vecs = np.linalg.eig(np.asarray(m, dtype=float))
        v = np.abs(np.real(vecs[:, np.argmax(np.real(vals))]))
        return v / v.sum()
    expect = np.concatenate([eig(top)[0] * eig(cost), eig(top)[1] * eig(bad)])
    got = [g[k] for k in [*cost.index, "a", "b", "c"]]
    np.testing.assert_allclose(got, expect, rtol=1e-9)


@st.composite
def trees(draw):
    """A random tree of 1-3 levels with random local weights (some all-zero nodes)."""
    local: dict[str, dict[str, float]] = {}
    count = [0]

    def grow(node: str, depth: int) -> None:
        k = draw(st.integers(1, 4))
        kids = {}
        for _ in range(k):
            count[0] += 1
            name = f"n{count[0]}"
            kids[name] = draw(st.sampled_from([0.0, 0.5, 1.0, 2.0, 3.7]))
            if depth < 3 and draw(st.booleans()):
                grow(name, depth + 1)
        local[node] = kids

    grow(ROOT, 1)
    return local


@settings(max_examples=60, deadline=None)
@given(trees())
def test_children_sum_to_their_parent_and_node_weights_invert(local):
    g = global_weights(local)
    for node, kids in local.items():
        above = 1.0 if node == ROOT else g[node]
        if sum(kids.values()) > 0:
            assert sum(g[c] for c in kids) == pytest.approx(above, abs=1e-12)
    if any(sum(kids.values()) == 0 for kids in local.values()):
        return  # a node whose local weights are all zero keeps its weight but passes none down
    leaves = {k: v for k, v in g.items() if k not in local}
    children = {n: tuple(k) for n, k in local.items()}
    back = node_weights(leaves, children)
    for node in local:
        if node != ROOT:
            assert back[node] == pytest.approx(g[node], abs=1e-12)


@pytest.mark.parametrize(("children", "message"), [
    ({ROOT: ("a", "b"), "a": ("x",), "b": ("x",)}, "'x' appears twice"),
    ({ROOT: ("a",), "a": ("b",), "b": ("a",)}, "'a' appears twice"),
    ({ROOT: ("a",), "c": ("d",)}, "not reachable from the goal: c"),
])
def test_bad_trees(children, message):
    with pytest.raises(MethodError, match=message):
        check_tree(children)


def test_negative_local_weight():
    with pytest.raises(MethodError, match="finite and >= 0"):
        global_weights({ROOT: {"a": -1.0, "b": 2.0}})


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 6), st.integers(1, 4), st.integers(1, 200), st.integers(0, 2**32 - 1))
def test_rank_acceptability_equals_a_loop(m, t, s, seed):
    rng = np.random.default_rng(seed)
    leaves = [f"c{i}" for i in range(m)]
    groups = {f"g{j}": [leaves[i] for i in range(m) if rng.integers(t) == j] for j in range(t)}
    samples = rng.dirichlet(np.ones(m), size=s)
    acc = rank_acceptability(samples, membership(leaves, groups))
    loop = np.zeros((t, t))
    for w in samples:
        tw = [sum(w[leaves.index(c)] for c in members) for members in groups.values()]
        order = sorted(range(t), key=lambda j: (-tw[j], j))
        for r, j in enumerate(order):
            loop[j, r] += 1 / s
    np.testing.assert_allclose(acc, loop, atol=1e-12)
    np.testing.assert_allclose(acc.sum(axis=0), 1.0) and np.testing.assert_allclose(acc.sum(axis=1), 1.0)


def test_ranks_ties_keep_order():
    assert ranks(np.array([[0.2, 0.5, 0.2, 0.1]])).tolist() == [[1, 0, 2, 3]]


def test_check_tree_is_depth_first_in_given_order():
    assert check_tree({ROOT: ("a", "b"), "a": ("x", "y"), "b": ("z",)}) == ("a", "x", "y", "b", "z")
