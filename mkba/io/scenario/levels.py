"""A stakeholder's weights per level of the value tree (issue 21 item 2): ``levels``.

``levels`` maps ``goal`` (the top: the top themes and the matrix criteria in no theme, ``npv`` among them)
and each theme to one elicitation over what sits directly under it (its sub-themes and its PM criteria):
``weights``, ``ahp`` or ``ranking``, read by the same readers as a flat elicitation (AHP's consistency is so
checked and warned per node, at its own line). The global weight of a matrix criterion is the product of the
local weights on its path (:func:`mkba.weights.hierarchy.global_weights`); the stakeholder then carries these
as direct weights over the matrix criteria, so every later stage treats them as it treats direct weights."""

from __future__ import annotations

import numpy as np

from ... import weights as wt
from ...model import AHPJudgements, Criterion, DirectWeights, FrozenMap, RankOrder, TreeNode
from ...weights.hierarchy import ROOT, global_weights
from ..readers import LineDict
from .elicitation import ELICIT, Where
from .reader import Reader

__all__ = ["GOAL", "LEVEL_KINDS", "weighable", "read_levels"]

GOAL = "goal"
"""The key of the top level in ``levels``."""
LEVEL_KINDS = ("weights", "ahp", "ranking")


def weighable(tree: tuple[TreeNode, ...], matrix_ids: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Per node (and :data:`GOAL`): what a party weighs there, i.e. its sub-nodes and its matrix criteria;
    the goal: the top nodes and the matrix criteria under no node. Nodes without a matrix criterion below them
    (with ``money: npv`` a theme of monetised criteria only) are left out: their money is weighed in ``npv``."""
    nodes = {n.id: n for n in tree}

    def weighed(node: str) -> bool:  # a node with no matrix criterion below it (only money in 'npv') has no say
        n = nodes[node]
        return any(c in matrix_ids for c in n.criteria) or any(weighed(c) for c in n.children)

    below = {c for n in tree for c in n.children} | {c for n in tree for c in n.criteria}
    out = {GOAL: tuple(n.id for n in tree if n.id not in below and weighed(n.id))
           + tuple(c for c in matrix_ids if c not in below)}
    out.update({n.id: tuple(c for c in n.children if weighed(c)) + tuple(c for c in n.criteria if c in matrix_ids)
                for n in tree if weighed(n.id)})
    return out


def _local(e: object) -> dict[str, float]:
    """One node's local weights from its elicitation (normalised)."""
    if isinstance(e, DirectWeights):
        raw = {k: float(v) for k, v in e.weights.items()}
    elif isinstance(e, AHPJudgements):
        result = wt.ahp(np.array(e.matrix, dtype=float), ri_table=wt.default_ri_table(len(e.criteria)))
        raw = dict(zip(e.criteria, map(float, np.asarray(result.weights))))
    else:
        assert isinstance(e, RankOrder)
        w = wt.rank_order_weights([len(g) for g in e.order])
        raw = dict(zip([c for g in e.order for c in g], map(float, w)))
    total = sum(raw.values())
    return {k: v / total if total > 0 else 0.0 for k, v in raw.items()}


def read_levels(r: Reader, raw: object, field: str, row: int | None, tree: tuple[TreeNode, ...],
                matrix_ids: tuple[str, ...], monetised: dict[str, Criterion]) -> DirectWeights | None:
    """The stakeholder's global weights over the matrix criteria from its weights per level; None with an
    error (an unknown node, a node not given, a kind other than weights/ahp/ranking, or the elicitation's own)."""
    if not tree:
        r.error("levels need a value_tree", field=field, row=row,
                expected="a value_tree in the scenario, or one of weights, ahp, swing, ranking")
        return None
    if not isinstance(raw, LineDict) or not raw:
        r.error("expected a mapping from 'goal' and theme ids to an elicitation", field=field, row=row,
                expected="levels: {goal: {weights: {...}}, <theme>: {ahp: {...}}}")
        return None
    under = weighable(tree, matrix_ids)
    errors = r.error_count()
    local: dict[str, dict[str, float]] = {}
    for node, spec in raw.items():
        line = raw.lines.get(node, row)
        if node not in under:
            r.unknown("node", node, tuple(under), field=f"{field}.{node}", row=line)
            continue
        kinds = [k for k in LEVEL_KINDS if isinstance(spec, LineDict) and k in spec]
        if not isinstance(spec, LineDict) or len(kinds) != 1 or len(spec) != 1:
            r.error("give exactly one of weights, ahp, ranking for this node", field=f"{field}.{node}", row=line,
                    value=list(spec) if isinstance(spec, LineDict) else spec,
                    expected=f"e.g. {node}: {{weights: {{{', '.join(f'{c}: 1' for c in under[node])}}}}}")
            continue
        kind = kinds[0]
        where = Where(r, f"{field}.{node}.{kind}", spec.lines.get(kind, line), under[node], monetised)
        e = ELICIT[kind](r, spec[kind], where)
        if e is not None and not where.failed:
            local[ROOT if node == GOAL else node] = _local(e)
    missing = [n for n, kids in under.items() if len(kids) > 1 and n not in raw]
    if missing:
        r.error("levels missing for nodes", field=field, row=row, value=missing,
                expected=f"weights for 'goal' and every node with more than one item under it: {list(under)}")
    if r.error_count() > errors:
        return None
    for n, kids in under.items():  # one item under a node: it takes the node's whole weight
        if len(kids) == 1:
            local.setdefault(ROOT if n == GOAL else n, {kids[0]: 1.0})
    g = global_weights(local)
    return DirectWeights(FrozenMap({c: g.get(c, 0.0) for c in matrix_ids}))
