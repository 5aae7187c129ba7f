"""The ``themes`` block of ``results.json`` (issue 21 item 3): every node of the value tree with its weight,
its rank among its siblings and that rank's stability per party and for the group (re-exported by :mod:`.types`)."""

from __future__ import annotations

from typing import Annotated, TypedDict

from .common import Number

__all__ = ["ThemeNode", "ThemePriority", "ThemesBlock"]


class ThemeNode(TypedDict):
    id: Annotated[str, "the node's id in the scenario's value_tree"]
    name: Annotated[str, "its name"]
    parent: Annotated[str, "the node it sits under; '' for a top theme"]
    depth: Annotated[int, "1 for a top theme, 2 under it, ..."]


class _ThemePriority(TypedDict):
    weight: Annotated[Number, "the sum of the weights of the matrix criteria under the node"]
    rank: Annotated[int, "its rank among its siblings (1 = heaviest; ties in tree order)"]


class ThemePriority(_ThemePriority, total=False):
    stability: Annotated[Number, "with the sensitivity analysis: the share of the sampled weightings in which "
                         "the node has this rank among its siblings"]


class ThemesBlock(TypedDict):
    nodes: Annotated[list[ThemeNode], "the value tree's nodes, depth first in the scenario's order"]
    n_samples: Annotated[int, "sampled weightings behind the stability (0: none)"]
    parties: Annotated[dict[str, dict[str, ThemePriority]], "stakeholder id or 'group' -> node id -> priority"]
