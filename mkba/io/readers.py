"""The YAML reader that keeps locations: every mapping and list with its line numbers (the tables
are read by :mod:`mkba.io.tables`).

It only reads; every judgement about the values is left to :mod:`mkba.io.scenario`. YAML is
loaded with the safe loader (no object construction), bounded and with YAML 1.2's plain values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import overload

import yaml

from ..errors import InputIssue
from .limits import MAX_ALIAS_VALUES, MAX_DIGITS, MAX_SHOWN, MAX_YAML_DEPTH

__all__ = ["Located", "LineDict", "LineList", "SafeYamlLoader", "dump_yaml", "load_yaml", "plain_yaml"]


class LineDict(dict):
    """A YAML mapping that remembers the line of each key (``lines``) and its own (``line``)."""

    line: int = 0
    lines: dict


class LineList(list):
    """A YAML sequence that remembers the line of each item (``lines``) and its own (``line``)."""

    line: int = 0
    lines: list


_INT = re.compile(rf"^[-+]?(?:0|[1-9](?:_?[0-9]){{0,{MAX_DIGITS - 1}}})$")
_FLOAT = re.compile(r"""^(?![-+]?[1-9][0-9]{0,2}(?:\.[0-9]{3})+$)  # 600.000: text, the reader asks which
                    (?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?
                    |[-+]?\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
                    |[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$""", re.X)
_RESOLVERS = (
    ("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), "tTfF"),
    ("tag:yaml.org,2002:int", _INT, "-+0123456789"),
    ("tag:yaml.org,2002:float", _FLOAT, "-+0123456789."),
    ("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:merge", re.compile(r"^(?:<<)$"), "<"),
)


class _Bounded(yaml.SafeLoader):
    """Bounds for a ``yaml.SafeLoader``: nesting deeper than :data:`MAX_YAML_DEPTH` (aliases
    included), aliases repeating more than :data:`MAX_ALIAS_VALUES` values in all (an alias bomb), a
    recursive alias and a key repeated in one mapping are refused at their line, before anything is
    expanded (so no message can show an expanded value)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._aliased = 0
        self._measure: dict[int, tuple[int, int]] = {}  # id(node) -> (values, height), nodes composed
        self._done: set[str] = set()  # anchors whose node is complete

    def compose_node(self, parent, index):  # noqa: D102
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            anchor = self.peek_event().anchor
            if anchor in self.anchors and anchor not in self._done:
                raise _Refused(
                    f"the alias *{_cut(anchor)} refers to the mapping or list that holds it "
                    "(a recursive structure); write the values out", mark)
            node = super().compose_node(parent, index)
            values, height = self._measure.get(id(node), (1, 1))
            self._aliased += values
            if self._aliased > MAX_ALIAS_VALUES:
                raise _Refused(
                    f"aliases (*name) repeat more than {MAX_ALIAS_VALUES:,} values in all (an alias "
                    "bomb?); write the values out, or use fewer aliases", mark)
            self._check_depth(self._depth + height, mark)
            return node
        event = self.peek_event()
        self._depth += 1
        self._check_depth(self._depth, event.start_mark)
        node = super().compose_node(parent, index)
        self._depth -= 1
        if isinstance(node, (yaml.SequenceNode, yaml.MappingNode)):
            children = [c for pair in node.value for c in pair] if isinstance(node, yaml.MappingNode) else node.value
            sizes = [self._measure.get(id(c), (1, 1)) for c in children]
            self._measure[id(node)] = (1 + sum(v for v, _ in sizes), 1 + max((h for _, h in sizes), default=0))
            self._check_depth(self._depth + self._measure[id(node)][1], event.start_mark)
        if event.anchor is not None:
            self._done.add(event.anchor)
        return node

    @staticmethod
    def _check_depth(depth: int, mark: yaml.Mark) -> None:
        if depth > MAX_YAML_DEPTH:
            raise _Refused(
                f"nested more than {MAX_YAML_DEPTH} levels deep (aliases included)", mark)

    def own_keys(self, node: yaml.MappingNode) -> None:
        """Refuse a key written twice in one mapping (YAML would keep the last silently); keys merged
        in with ``<<`` may be overridden, as YAML means them to be."""
        first: dict[object, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = _key(self.construct_object(key_node, deep=True), key_node)
            line = key_node.start_mark.line + 1
            if key in first:
                raise _Refused(
                    f"the key {_cut(key)!r} appears twice in one mapping (lines {first[key]} and {line}); "
                    "YAML would keep the last silently: keep one", key_node.start_mark)
            first[key] = line

    def construct_mapping(self, node, deep=False):  # noqa: D102
        if isinstance(node, yaml.MappingNode):
            self.own_keys(node)
        return super().construct_mapping(node, deep=deep)


class SafeYamlLoader(_Bounded):
    """The safe loader with YAML 1.2's plain values, bounded (see :class:`_Bounded`).

    YAML 1.1 reads ``1:30`` as 90 (base 60), ``0755`` as 493 (octal), ``yes``/``no``/``on``/``off``
    as booleans and ``2026-01-01`` as a date; here they stay the text they are (a field that wants
    a number or true/false then says so at its line), and only decimal numbers (of at most
    :data:`MAX_DIGITS` digits), ``true``/``false`` and ``null`` are read as such.
    """

    yaml_implicit_resolvers: dict = {}


for _tag, _regexp, _first in _RESOLVERS:
    SafeYamlLoader.add_implicit_resolver(_tag, _regexp, list(_first))


def _key(key: object, key_node: yaml.Node) -> object:
    """A mapping key as the reader uses it: a name (a boolean key is its text), hashable."""
    if isinstance(key, bool) and isinstance(key_node, yaml.ScalarNode):
        return key_node.value
    try:
        hash(key)
    except TypeError:
        return str(key)
    return key


class _Refused(yaml.MarkedYAMLError):
    """A YAML file beyond a bound or with a repeated key: readable, but refused."""

    def __init__(self, problem: str, mark: yaml.Mark) -> None:
        super().__init__(None, None, problem, mark)


def _cut(value: object) -> str:
    """A value as shown in a message, cut to :data:`MAX_SHOWN` characters."""
    text = str(value)
    return text if len(text) <= MAX_SHOWN else f"{text[:MAX_SHOWN]}... ({len(text):,} characters)"


class _LineLoader(SafeYamlLoader):
    """The bounded safe loader, building :class:`LineDict`/:class:`LineList` with 1-based line numbers."""

    def construct_mapping(self, node, deep=False):  # noqa: D102
        if not isinstance(node, yaml.MappingNode):
            return super().construct_mapping(node, deep=deep)
        self.own_keys(node)
        result = LineDict()
        result.line = node.start_mark.line + 1
        result.lines = {}
        self.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = _key(self.construct_object(key_node, deep=True), key_node)
            result[key] = self.construct_object(value_node, deep=True)
            result.lines[key] = key_node.start_mark.line + 1
        return result

    def construct_sequence(self, node, deep=False):  # noqa: D102
        result = LineList(self.construct_object(child, deep=True) for child in node.value)
        result.line = node.start_mark.line + 1
        result.lines = [child.start_mark.line + 1 for child in node.value]
        return result


_LineLoader.add_constructor("tag:yaml.org,2002:map", _LineLoader.construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _LineLoader.construct_sequence)


@overload
def plain_yaml(value: dict) -> dict: ...


@overload
def plain_yaml(value: object) -> object: ...


def plain_yaml(value: object) -> object:
    """YAML values without the line bookkeeping: plain dicts and lists (e.g. to dump them again)."""
    if isinstance(value, dict):
        return {k: plain_yaml(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain_yaml(v) for v in value]
    return value


class _Dumper(yaml.SafeDumper):
    """``yaml.SafeDumper`` whose floats read back as the same numbers through :func:`load_yaml`."""


_THOUSANDS_SHAPED = re.compile(r"^[-+]?[1-9][0-9]{0,2}\.[0-9]{3}$")


def _represent_float(dumper: yaml.SafeDumper, value: float) -> yaml.ScalarNode:
    # 9.125 looks like Dutch thousands (9125) and load_yaml leaves such a token as text for the reader
    # to refuse; 9.1250 is the same float and reads back as one
    node = yaml.SafeDumper.represent_float(dumper, value)
    if _THOUSANDS_SHAPED.match(node.value):
        node.value += "0"
    return node


_Dumper.add_representer(float, _represent_float)


def dump_yaml(data: object) -> str:
    """YAML text of plain data (as :func:`plain_yaml` gives) that :func:`load_yaml` reads back to the same
    values: block style, keys in their order, Unicode kept, floats never in a thousands-like shape."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100,
                     default_flow_style=None)


@dataclass(frozen=True)
class Located:
    """Where a value came from: file (as the user named it), sheet and row."""

    file: str
    sheet: str | None = None
    row: int | None = None


def load_yaml(text: str, file: str, *, loader: type = _LineLoader,
              expected: str = "YAML as in docs/scenario-format.md") -> tuple[object, list[InputIssue]]:
    """Parse YAML text safely and bounded (``loader`` must be a ``yaml.SafeLoader``; the bounds of
    :class:`SafeYamlLoader` are added to one that lacks them); a syntax error or a refused file
    becomes an issue with its line."""
    if not issubclass(loader, _Bounded):
        loader = type(f"Bounded{loader.__name__}", (_Bounded, loader), {})
    try:
        return yaml.load(text, Loader=loader), []  # noqa: S506 - a SafeLoader
    except _Refused as err:
        return None, [InputIssue(file=file, row=err.problem_mark.line + 1, message=f"refused: {err.problem}",
                                 expected=expected)]
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = (mark.line + 1) if mark else None
        if isinstance(err, yaml.reader.ReaderError):  # a character YAML does not allow, e.g. NUL or ESC
            line = text.count("\n", 0, err.position) + 1
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        return None, [InputIssue(file=file, row=line, message=f"not valid YAML: {_cut(problem)}", expected=expected)]
    except (ValueError, RecursionError) as err:  # a value YAML's constructors refuse
        return None, [InputIssue(file=file, message=f"not valid YAML: {_cut(err)}", expected=expected)]
