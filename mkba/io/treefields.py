"""The scenario fields of the value tree (issue 21 item 1), as :class:`mkba.io.schema.FieldSpec` arguments.
Kept apart so the schema table stays within its size; :mod:`mkba.io.schema` splices them into its sections."""

from __future__ import annotations

__all__ = ["TREE_TOP", "TREE_NODE", "TREE_DOC", "LEVELS_FIELD"]

TREE_TOP = (
    ("value_tree", "list", False, "a list of nodes, see 'value_tree'",
     "Themes over criteria (and higher objectives over themes, any depth): each criterion in at most one node. "
     "Without it the criteria are one flat list, as before."),
    ("money", "choice", False, "'npv' or 'theme'",
     "With a value tree, how money enters the weighting: `npv` one column for every monetised effect and cost "
     "(as without a tree); `theme` the monetised effects of each theme as that theme's money criterion "
     "(`npv` keeps the costs and what no theme holds), so a party can weigh one theme's euros against "
     "another's. In this version `theme` is read with a warning and the decision matrix keeps one `npv` column "
     "(the portfolio, futures and tornado read the NPV there); `mkba.stages.themes.split_money` gives the split.",
     "npv", ("npv", "theme")),
)

TREE_NODE = (
    ("id", "id", True, "letters, digits, '_' or '-', unique among nodes and criteria",
     "Identifier of the node (a theme or higher objective)."),
    ("name", "text", True, "a text", "Name shown in reports."),
    ("description", "text", False, "a text", "What the theme covers (e.g. the wishes and challenges).", ""),
    ("themes", "list", False, "a list of node ids of this value_tree",
     "The sub-nodes under this node; a node under no other is a top theme."),
    ("criteria", "list", False, "a list of criterion ids (monetised or not)",
     "The criteria under this node. A node needs themes or criteria; a monetised criterion still adds to "
     "the NPV."),
)

TREE_DOC = (
    "A node is one theme; `themes` nests nodes (any depth) and `criteria` puts criteria under it. A criterion "
    "or node sits in at most one node, and the nesting has no cycle. Criteria in no node are weighed at the "
    "top (`goal`) beside the top themes; a stakeholder's `levels` weighs per node.",
)

LEVELS_FIELD = (
    "levels", "elicitation", False, "a mapping: 'goal' and node ids -> one of weights, ahp, ranking",
    "Weights per level of the value_tree: `goal` over the top themes and the matrix criteria in no theme (`npv` "
    "among them), each theme over its sub-themes and PM criteria; AHP consistency is checked per node. The "
    "global weight of a criterion is the product along its path (hierarchical synthesis).")
