"""Themes over criteria (issue 21): the scenario's value tree seen from the decision matrix and the weights.

:func:`split_money` splits the NPV column into one money criterion per theme (the monetised effects under
that theme) and the rest (costs and money no theme holds), for ``money: theme``; the columns sum to the NPV.
:func:`priorities` gives every node's weight (the sum of its matrix criteria's weights) and rank among its
siblings per party and for the group, and with sampled weightings (the SMAA samples) how often each node
keeps that rank."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .appraisal import Appraisal
from .matrix import DecisionMatrix
from .sensitivity import first_rows, weight_stream
from .weighting import WeightTable
from ..model import NPV_ID, Scenario
from ..weights.hierarchy import ROOT, check_tree, membership, ranks

__all__ = ["ThemePriorities", "children", "money_id", "money_nodes", "split_money", "priorities", "assess"]


def money_id(node: str) -> str:
    """The matrix criterion of a theme's money with ``money: theme``."""
    return f"{NPV_ID}_{node}"


def children(scenario: Scenario) -> dict[str, tuple[str, ...]]:
    """The tree as node -> children (sub-nodes, then criteria), :data:`ROOT` above the top nodes."""
    below = {c for n in scenario.value_tree for c in n.children}
    tree = {ROOT: tuple(n.id for n in scenario.value_tree if n.id not in below)}
    tree.update({n.id: n.children + n.criteria for n in scenario.value_tree})
    return tree


def money_nodes(scenario: Scenario) -> tuple[str, ...]:
    """The nodes that hold a monetised criterion directly, in the order of ``Scenario.value_tree``."""
    monetised = {c.id for c in scenario.monetised_criteria}
    return tuple(n.id for n in scenario.value_tree if set(n.criteria) & monetised)


def split_money(scenario: Scenario, appraisal: Appraisal) -> tuple[tuple[str, ...], np.ndarray]:
    """(ids, values (measures, 1 + k)): ``npv`` (the NPV less the themes' money: costs and monetised effects
    under no node) then each money node's PV of its monetised effects; every row sums to the NPV."""
    nodes = {n.id: n for n in scenario.value_tree}
    money = money_nodes(scenario)
    cols = [appraisal.benefits[:, [appraisal.monetised.index(c) for c in nodes[i].criteria
                                   if c in appraisal.monetised]].sum(axis=1) for i in money]
    themed = np.column_stack(cols) if cols else np.zeros((len(appraisal.measures), 0))
    rest = appraisal.npv - themed.sum(axis=1)
    return (NPV_ID,) + tuple(money_id(i) for i in money), np.column_stack([rest, themed])


def _leaves(tree: dict[str, tuple[str, ...]], node: str, money: frozenset[str]) -> list[str]:
    """The matrix criteria under ``node``: its criteria at any depth, and its nodes' money criteria."""
    out = [money_id(node)] if node in money else []
    for child in tree.get(node, ()):
        out += _leaves(tree, child, money) if child in tree else [child]
    return out


@dataclass(frozen=True)
class ThemePriorities:
    """Per node (tree order): name, parent ('' for a top node), depth; per party and the group (rows, the
    weight table's labels): weight, rank among its siblings (1 = first) and stability (share of the sampled
    weightings in which the node has that rank among its siblings; None without samples)."""

    nodes: tuple[str, ...]
    names: tuple[str, ...]
    parents: tuple[str, ...]
    depth: tuple[int, ...]
    parties: tuple[str, ...]
    weights: np.ndarray
    ranks: np.ndarray
    stability: np.ndarray | None = None
    n_samples: int = 0

    def to_frame(self) -> pd.DataFrame:
        """One row per (party, node): weight, rank, stability (NaN without samples)."""
        p, t = self.weights.shape
        stab = self.stability if self.stability is not None else np.full((p, t), np.nan)
        return pd.DataFrame({
            "party": np.repeat(self.parties, t), "theme": np.tile(self.nodes, p),
            "name": np.tile(self.names, p), "parent": np.tile(self.parents, p),
            "weight": self.weights.ravel(), "rank": self.ranks.ravel(), "stability": stab.ravel(),
        })

    def to_dict(self) -> dict:
        return {
            "nodes": [{"id": i, "name": n, "parent": p, "depth": d}
                      for i, n, p, d in zip(self.nodes, self.names, self.parents, self.depth)],
            "n_samples": self.n_samples,
            "parties": {
                party: {node: {"weight": float(self.weights[k, j]), "rank": int(self.ranks[k, j]),
                               **({"stability": float(self.stability[k, j])} if self.stability is not None else {})}
                        for j, node in enumerate(self.nodes)}
                for k, party in enumerate(self.parties)
            },
        }


def priorities(scenario: Scenario, matrix: DecisionMatrix, weights: WeightTable,
               samples: np.ndarray | None = None) -> ThemePriorities | None:
    """Every node's priority per party and for the group (see :class:`ThemePriorities`); None without a value
    tree. ``samples`` (s, matrix criteria): sampled weightings, e.g. the SMAA samples, for the stability."""
    if not scenario.value_tree:
        return None
    tree = children(scenario)
    order = [i for i in check_tree(tree) if i in tree]
    money = frozenset(i for i in money_nodes(scenario) if money_id(i) in matrix.criteria)
    member = membership(matrix.criteria, {i: _leaves(tree, i, money) for i in order})
    parent = {c: p for p, kids in tree.items() for c in kids}
    table = np.asarray(weights.all, dtype=float)
    node_w = table @ member
    rank = np.zeros(node_w.shape, dtype=int)
    stab = np.zeros(node_w.shape) if samples is not None and len(samples) else None
    sampled = np.asarray(samples, dtype=float) @ member if stab is not None else None
    for p in {parent[i] for i in order}:
        cols = [j for j, i in enumerate(order) if parent[i] == p]
        rank[:, cols] = ranks(node_w[:, cols])
        if sampled is not None and stab is not None:
            r = ranks(sampled[:, cols])                         # (s, siblings)
            stab[:, cols] = (r[None, :, :] == rank[:, None, cols]).mean(axis=1)
    depth = {ROOT: 0}
    for i in order:
        depth[i] = depth[parent[i]] + 1
    names = {n.id: n.name for n in scenario.value_tree}
    return ThemePriorities(
        nodes=tuple(order), names=tuple(names[i] for i in order), parents=tuple(parent[i] for i in order),
        depth=tuple(depth[i] for i in order), parties=weights.labels, weights=node_w, ranks=rank + 1,
        stability=stab, n_samples=len(samples) if stab is not None and samples is not None else 0)


def assess(scenario: Scenario, matrix: DecisionMatrix, weights: WeightTable, *, seed: int, samples: int = 0
           ) -> ThemePriorities | None:
    """:func:`priorities` of a run, its stability over the run's own SMAA weight samples (the first ``samples``
    of the sensitivity stage's stream, same seed); ``samples=0``: none. None without a value tree."""
    if not scenario.value_tree:
        return None
    drawn = None
    if samples > 0:
        weight_seed = np.random.SeedSequence(seed).spawn(2)[0]
        drawn = first_rows(weight_stream(scenario, matrix, weights, samples, weight_seed), samples)
    return priorities(scenario, matrix, weights, drawn)
