"""Weights over a value tree (issue 21 items 2 and 3): local weights per node, global weights along the path.

A tree is given as ``children``: node -> its children (sub-nodes or leaves, i.e. criteria), with :data:`ROOT`
the goal above the top themes. Hierarchical synthesis (Saaty 1980, *The Analytic Hierarchy Process*, ch. 3):
a leaf's or node's global weight is the product of the local weights on the path from the goal, so the global
weights of a node's children sum to the node's own. The reverse, :func:`node_weights`, sums a flat weighting
of the leaves up the tree; :func:`rank_acceptability` tells how often each node keeps its rank under sampled
weightings (one matrix product and one sort for all samples)."""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np

from ..errors import MethodError
from .ahp import AHPResult, ahp

__all__ = ["ROOT", "check_tree", "global_weights", "node_weights", "ahp_per_node", "membership", "ranks",
           "rank_acceptability"]

ROOT = ""
"""The goal: the parent of the top nodes in every ``children`` and ``local`` mapping."""


def check_tree(children: Mapping[str, Sequence[str]], root: str = ROOT) -> tuple[str, ...]:
    """Every node and leaf below ``root``, parents before children; a MethodError for an item under two nodes,
    a cycle or a node that cannot be reached from ``root``."""
    order, seen, stack = [], {root}, [root]
    while stack:  # depth first, each node before its children, siblings in their given order
        node = stack.pop()
        if node != root:
            order.append(node)
        kids = tuple(children.get(node, ()))
        for child in kids:
            if child in seen:
                raise MethodError(f"'{child}' appears twice in the value tree (under '{node}' and elsewhere, "
                                  "or in a cycle); each item may sit under one node")
            seen.add(child)
        stack.extend(reversed(kids))
    lost = sorted(set(children) - seen)
    if lost:
        raise MethodError(f"nodes not reachable from the goal: {', '.join(lost)}")
    return tuple(order)


def global_weights(local: Mapping[str, Mapping[str, float]], root: str = ROOT) -> dict[str, float]:
    """Global weight of every node and leaf below ``root``: the product of the (normalised) local weights
    along its path. ``local[node]`` maps each child of ``node`` to its weight within ``node``; a node whose
    local weights are all zero passes nothing down."""
    children = {node: tuple(w) for node, w in local.items()}
    out: dict[str, float] = {}
    for node in (root, *check_tree(children, root)):
        if node not in local:
            continue
        values = np.array([float(v) for v in local[node].values()], dtype=float)
        if not np.all(np.isfinite(values)) or np.any(values < 0):
            raise MethodError(f"local weights under '{node or 'the goal'}' must be finite and >= 0, got "
                              f"{dict(local[node])}")
        total = values.sum()
        above = 1.0 if node == root else out[node]
        for child, v in zip(local[node], values):
            out[child] = above * (v / total) if total > 0 else 0.0
    return out


def node_weights(leaf: Mapping[str, float], children: Mapping[str, Sequence[str]], root: str = ROOT
                 ) -> dict[str, float]:
    """Each node's weight as the sum of its leaves' weights (a flat weighting seen through the tree); leaves
    missing from ``leaf`` count 0. Nodes only: the leaves are what was given."""
    order = check_tree(children, root)
    out: dict[str, float] = {}
    for item in reversed(order):
        if item in children:
            out[item] = sum(out.get(c, float(leaf.get(c, 0.0))) for c in children[item])
    return out


def ahp_per_node(judgements: Mapping[str, Any], *, ri_table: str | None = None
                 ) -> tuple[dict[str, dict[str, float]], dict[str, AHPResult]]:
    """AHP per node: ``judgements[node]`` is a labelled pairwise matrix (a DataFrame over the node's children).
    Returns the local weights per node (for :func:`global_weights`) and each node's AHPResult, whose CR is
    that node's consistency (checked per node, as Saaty's hierarchic consistency asks)."""
    local, results = {}, {}
    for node, matrix in judgements.items():
        result = ahp(matrix, ri_table=ri_table)
        labels = list(getattr(matrix, "index", range(len(np.asarray(result.weights)))))
        local[node] = {str(k): float(w) for k, w in zip(labels, np.asarray(result.weights))}
        results[node] = result
    return local, results


def membership(leaves: Sequence[str], groups: Mapping[str, Sequence[str]]) -> np.ndarray:
    """(m, t) 0/1 matrix: leaf i belongs to group j (a group lists its leaves, at any depth)."""
    at = {leaf: i for i, leaf in enumerate(leaves)}
    out = np.zeros((len(leaves), len(groups)))
    for j, members in enumerate(groups.values()):
        for leaf in members:
            if leaf in at:
                out[at[leaf], j] = 1.0
    return out


def ranks(weights: np.ndarray) -> np.ndarray:
    """Rank per column (0 = heaviest) of each row of ``weights`` (..., t); ties keep column order."""
    w = np.asarray(weights, dtype=float)
    order = np.argsort(-w, axis=-1, kind="stable")
    out = np.empty_like(order)
    np.put_along_axis(out, order, np.broadcast_to(np.arange(w.shape[-1]), w.shape), axis=-1)
    return out


def rank_acceptability(samples: np.ndarray, member: np.ndarray) -> np.ndarray:
    """(t, t): share of the sampled leaf weightings (rows of ``samples``, shape (s, m)) in which group j
    (column j of ``member``, see :func:`membership`) has rank r (0 = heaviest). Vectorised over samples."""
    s = np.asarray(samples, dtype=float)
    if s.ndim != 2 or s.shape[1] != member.shape[0] or not len(s):
        raise MethodError(f"samples must be (s >= 1, {member.shape[0]}), got {s.shape}")
    r = ranks(s @ member)
    t = member.shape[1]
    return (r[:, :, None] == np.arange(t)).mean(axis=0)
