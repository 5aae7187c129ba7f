"""Checking a dict against the results format once, before a reader indexes it: :func:`check`
(alias :func:`load`) raises :class:`ResultsFormatError` naming the first missing, renamed or
mistyped field and the file's ``format_version``."""

from __future__ import annotations

import functools
import json
import os
import sys
import types
import typing
from typing import Annotated, Any, Callable, Literal, Union

from ..errors import MkbaError
from ..io.limits import MAX_RESULTS_BYTES
from .types import FORMAT_VERSION, KNOWN_VERSIONS, Results

__all__ = ["ResultsFormatError", "check", "load", "read", "type_text"]


class ResultsFormatError(MkbaError, ValueError):
    """results.json does not match the results format (a field missing, renamed or of the wrong type,
    or a format version this mkba does not read)."""


_HINTS: dict[type, dict[str, Any]] = {}


def _fields(cls: type) -> dict[str, Any]:
    """Field name -> annotation (``Annotated`` kept) of a TypedDict, in declaration order."""
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls, include_extras=True)
    return _HINTS[cls]


def _strip(tp: Any) -> tuple[Any, str]:
    """(type, meaning) of an annotation."""
    if typing.get_origin(tp) is Annotated:
        base, *meta = typing.get_args(tp)
        return base, " ".join(str(m) for m in meta)
    return tp, ""


def _is_typeddict(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, dict) and hasattr(tp, "__required_keys__")


def _union_args(tp: Any) -> tuple | None:
    origin = typing.get_origin(tp)
    if origin is Union or (sys.version_info >= (3, 10) and origin is types.UnionType):
        return typing.get_args(tp)
    return None


class _Mismatch(Exception):
    """A field that does not match; ``parts`` is its path, filled in while the checkers unwind."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem
        self.parts: list[str | int] = []

    @property
    def path(self) -> str:
        return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in self.parts).lstrip(".")


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    return {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list",
            dict: "an object"}.get(type(value), type(value).__name__)


_SCALARS: dict[Any, Callable[[Any], bool]] = {
    float: lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    int: lambda v: isinstance(v, int) and not isinstance(v, bool),
    str: lambda v: isinstance(v, str), bool: lambda v: isinstance(v, bool), type(None): lambda v: v is None}


def _inside(key: str | int, check: Callable[[Any], None], value: Any) -> None:
    """``check(value)``, a mismatch located under ``key``."""
    try:
        check(value)
    except _Mismatch as err:
        err.parts.insert(0, key)
        raise


@functools.lru_cache(maxsize=None)
def _checker(tp: Any) -> Callable[[Any], None]:
    """A function that raises :class:`_Mismatch` when a value does not match the annotation ``tp``
    (built once per annotation, so checking a file walks the data and nothing else)."""
    tp, _ = _strip(tp)
    if tp is Any:
        return lambda value: None
    args = _union_args(tp)
    if args is not None:
        options = [_checker(a) for a in args]

        def union(value: Any) -> None:
            errors = []
            for option in options:
                try:
                    return option(value)
                except _Mismatch as err:
                    errors.append(err)
            deepest = max(errors, key=lambda e: len(e.parts))
            raise deepest if deepest.parts else _Mismatch(f"is {_describe(value)}, expected {type_text(tp)}")
        return union
    if _is_typeddict(tp):
        fields = {name: _checker(sub) for name, sub in _fields(tp).items()}
        required = [name for name in fields if name in tp.__required_keys__]

        def block(value: Any) -> None:
            if not isinstance(value, dict):
                raise _Mismatch(f"is {_describe(value)}, expected an object ({tp.__name__.strip('_')})")
            for name in required:
                if name not in value:
                    unknown = sorted(k for k in value if k not in fields)
                    hint = f"; the block has undeclared field(s) {', '.join(map(repr, unknown))}" if unknown else ""
                    err = _Mismatch(f"is missing ({tp.__name__.strip('_')} requires it){hint}")
                    err.parts.append(name)
                    raise err
            for name, check in fields.items():
                if name in value:
                    _inside(name, check, value[name])
        return block
    origin = typing.get_origin(tp)
    if origin is Literal:
        allowed = typing.get_args(tp)

        def literal(value: Any) -> None:
            if value not in allowed:
                raise _Mismatch(f"is {value!r}, expected one of {', '.join(map(repr, allowed))}")
        return literal
    if origin in (list, dict):
        item = _checker(typing.get_args(tp)[-1])
        kind = list if origin is list else dict

        def container(value: Any) -> None:
            if not isinstance(value, kind):
                raise _Mismatch(f"is {_describe(value)}, expected {'a list' if kind is list else 'an object'}")
            pairs = enumerate(value) if isinstance(value, list) else value.items()
            for key, v in pairs:
                _inside(key, item, v)
        return container
    ok = _SCALARS[tp]

    def scalar(value: Any) -> None:
        if not ok(value):
            raise _Mismatch(f"is {_describe(value)}, expected {type_text(tp)}")
    return scalar


def check(results: Any, source: str = "results.json") -> Results:
    """``results`` as :class:`Results` once it matches the format; raises :class:`ResultsFormatError`.

    The error names ``source``, its ``format_version`` and the path of the first field that is
    missing or of the wrong type (``portfolio.greedy.objective``, ``scores.rankings.group[0].rank``).
    """
    if not isinstance(results, dict):
        raise ResultsFormatError(f"{source} holds {_describe(results)}, not the results of an mkba run")
    version = results.get("format_version")
    if version is None:
        raise ResultsFormatError(
            f"{source} has no format_version: it was written by an mkba older than results format "
            f"{FORMAT_VERSION}, or by something else; run `mkba run SCENARIO --out FOLDER` again to rewrite it")
    if version not in KNOWN_VERSIONS:
        raise ResultsFormatError(
            f"{source} has format_version {version!r}, which this mkba does not read (it reads "
            f"{', '.join(map(repr, KNOWN_VERSIONS))}); render it with the mkba that wrote it, or run "
            "`mkba run` again")
    try:
        _checker(Results)(results)
    except _Mismatch as err:
        raise ResultsFormatError(
            f"{source} (format_version {version!r}) does not match the results format: field "
            f"{err.path!r} {err.problem}; see docs/results-format.md") from None
    return typing.cast(Results, results)


load = check
"""The checker of the readers (the reports): :func:`check`."""



def read(path: str | os.PathLike) -> Results:
    """The results in a results.json file, checked; anything else is a :class:`ResultsFormatError`
    naming the file and what is wrong with it (missing, not UTF-8, not JSON or cut off, with the line
    and column, nested too deep, not the results of a run): never a traceback."""
    source = os.fspath(path)
    rerun = "; run `mkba run SCENARIO --out FOLDER` again to rewrite it"
    try:
        if os.path.getsize(source) > MAX_RESULTS_BYTES:
            raise ResultsFormatError(f"{source} is larger than {MAX_RESULTS_BYTES // 1_000_000_000} GB: not a results "
                                     "file")
        with open(source, encoding="utf-8") as file:
            text = file.read()
    except FileNotFoundError:
        raise ResultsFormatError(f"{source} not found; run `mkba run SCENARIO --out FOLDER` first") from None
    except UnicodeDecodeError as err:
        raise ResultsFormatError(f"{source} is not UTF-8 text (byte {err.start}){rerun}") from None
    except OSError as err:
        raise ResultsFormatError(f"{source} cannot be read: {err.strerror or err}") from None
    try:
        results = json.loads(text)
    except json.JSONDecodeError as err:
        ends = err.pos >= len(text.rstrip()) or err.msg.startswith("Unterminated string")
        cut = " (the file ends early: cut off while it was written or copied?)" if ends else ""
        raise ResultsFormatError(f"{source} is not valid JSON at line {err.lineno}, column {err.colno}: "
                                 f"{err.msg}{cut}{rerun}") from None
    except RecursionError:
        raise ResultsFormatError(f"{source} nests too deep to be results of an mkba run{rerun}") from None
    if results == {}:
        raise ResultsFormatError(f"{source} holds an empty object, not the results of an mkba run{rerun}")
    return check(results, source)


def type_text(tp: Any) -> str:
    """The type of a field in words, blocks as links: 'list of [RankRow](#rankrow)'."""
    tp, _ = _strip(tp)
    if tp is Any:
        return "any"
    args = _union_args(tp)
    if args is not None:
        return " or ".join(type_text(a) for a in args)
    if _is_typeddict(tp):
        return f"[{tp.__name__.strip('_')}](#{tp.__name__.strip('_').lower()})"
    origin = typing.get_origin(tp)
    if origin is Literal:
        return " \\| ".join(f'"{a}"' for a in typing.get_args(tp))
    if origin is list:
        return f"list of {type_text(typing.get_args(tp)[0])}"
    if origin is dict:
        return f"map of {type_text(typing.get_args(tp)[1])}"
    return {float: "number", int: "integer", str: "text", bool: "true/false", type(None): "null"}[tp]
