"""The ``value_tree`` section (issue 21 item 1): themes over criteria, and higher objectives over themes.

Nodes are a flat list; ``themes`` names a node's sub-nodes by id, ``criteria`` its criteria. Every problem
is located at its line: an unknown criterion or node, a criterion or node in two nodes, a cycle, an empty
node (neither themes nor criteria)."""

from __future__ import annotations

from ...errors import closest
from ...model import NPV_ID, SOCIETY_ID, Criterion, TreeNode
from .. import schema
from ..readers import LineDict, LineList
from .reader import Reader

__all__ = ["read_value_tree", "read_money"]


def read_money(r: Reader, doc: LineDict, tree: tuple[TreeNode, ...]) -> str:
    """``money``: 'npv' (default) or 'theme'; 'theme' needs a value tree (an error at its line otherwise)."""
    money = r.choice(doc, schema.field("scenario", "money"))
    if money == "theme" and not tree and "value_tree" not in doc:  # a tree with errors is reported itself
        r.error("money 'theme' needs a value_tree", field="money", row=doc.lines.get("money"), value=money,
                expected="'npv', or a value_tree whose themes hold the monetised criteria")
    if money == "theme" and tree:
        r.warn("money 'theme' is not applied to the decision matrix yet: it keeps one 'npv' column", field="money",
               row=doc.lines.get("money"), value=money,
               expected="'npv' (the same matrix); the split per theme is mkba.stages.themes.split_money")
    return money


def _ids(r: Reader, node: LineDict, key: str, label: str) -> list[tuple[str, int | None]]:
    """The ids listed under ``key`` with their lines (a non-list or a non-text item is an error)."""
    raw = node.get(key)
    if raw is None:
        return []
    row = node.lines.get(key, node.line)
    if not isinstance(raw, LineList):
        r.error(f"expected a list of ids under {key}", field=f"value_tree.{label}.{key}", row=row, value=raw,
                expected=f"a list such as [{'energie' if key == 'themes' else 'co2'}]")
        return []
    out = []
    for k, item in enumerate(raw):
        if not isinstance(item, (str, int)) or isinstance(item, bool):
            r.error("expected an id", field=f"value_tree.{label}.{key}[{k + 1}]", row=raw.lines[k], value=item,
                    expected="a node id" if key == "themes" else "a criterion id")
            continue
        out.append((str(item).strip(), raw.lines[k]))
    return out


def read_value_tree(r: Reader, doc: LineDict, criteria: list[Criterion]) -> tuple[TreeNode, ...]:
    """The value tree's nodes, roots first then the rest in file order; () without one or with an error."""
    items = doc.get("value_tree")
    if items is None:
        return ()
    if not isinstance(items, LineList) or not items:
        r.error("expected a non-empty list of nodes", field="value_tree", row=doc.lines.get("value_tree"),
                expected="a list of mappings with id, name and themes or criteria")
        return ()
    errors = r.error_count()
    criterion_ids = {c.id for c in criteria}
    seen: set[str] = set()
    raw: list[tuple[LineDict, str, list, list]] = []
    for k, node in enumerate(items):
        if not isinstance(node, LineDict):
            r.error("expected a mapping with id, name and themes or criteria", field=f"value_tree[{k + 1}]",
                    row=items.lines[k])
            continue
        r.check_keys(node, "value_tree", f"value_tree node {k + 1}")
        nid = r.identifier(node, "id", f"value_tree[{k + 1}].id", seen)
        if nid is None:
            continue
        if nid in criterion_ids or nid in (NPV_ID, SOCIETY_ID):
            r.error("a node id must differ from every criterion id and from 'npv' and 'society'",
                    field=f"value_tree.{nid}.id", row=node.lines.get("id", node.line), value=nid,
                    expected="a name of its own, e.g. thema_" + nid)
            continue
        themes, crits = _ids(r, node, "themes", nid), _ids(r, node, "criteria", nid)
        if not themes and not crits and "themes" not in node and "criteria" not in node:
            r.error("an empty node: give it themes or criteria", field=f"value_tree.{nid}", row=node.line,
                    value=nid, expected="themes: [sub-node ids] and/or criteria: [criterion ids]")
        elif not themes and not crits:
            r.error("an empty node: its themes and criteria lists are empty", field=f"value_tree.{nid}",
                    row=node.line, value=nid, expected="at least one sub-node or criterion")
        raw.append((node, nid, themes, crits))
    parent: dict[str, str] = {}
    for node, nid, themes, crits in raw:
        for key, listed, known in (("themes", themes, seen), ("criteria", crits, criterion_ids)):
            for cid, row in listed:
                field = f"value_tree.{nid}.{key}"
                if cid not in known:
                    what = "node" if key == "themes" else "criterion"
                    r.error(f"unknown {what} '{cid}'", field=field, row=row, value=cid,
                            expected=f"one of the {what} ids: {', '.join(sorted(known))}",
                            suggestion=closest(cid, sorted(known)))
                elif cid in parent:
                    r.error(f"'{cid}' is already under node '{parent[cid]}'", field=field, row=row, value=cid,
                            expected="each criterion and node under at most one node")
                else:
                    parent[cid] = nid
    in_cycle: set[str] = set()
    for node, nid, _, _ in raw:
        path, at = [nid], nid
        while at in parent and parent[at] in seen and at not in in_cycle:
            at = parent[at]
            if at == nid:
                in_cycle.update(path)
                r.error(f"a cycle in the value tree: {' -> '.join(reversed(path + [nid]))}",
                        field=f"value_tree.{nid}.themes", row=node.lines.get("themes", node.line), value=nid,
                        expected="a tree: no node under itself, directly or through others")
                break
            if at in path:  # a cycle further up, reported from one of its own nodes
                break
            path.append(at)
    if r.error_count() > errors:
        return ()
    nodes = [TreeNode(id=nid, name=r.text(node, "name", default=nid) or nid,
                      description=r.text(node, "description") or "",
                      children=tuple(c for c, _ in themes), criteria=tuple(c for c, _ in crits))
             for node, nid, themes, crits in raw]
    return tuple(sorted(nodes, key=lambda n: n.id in parent))
