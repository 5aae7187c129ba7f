"""What a batch varies: ``--vary PATH=VALUES`` flags and sweep files, parsed into (path, values)
pairs with every problem located (the file and the path), and combined in a fixed order."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from ..errors import InputIssue, ScenarioError, closest
from ..io.readers import load_yaml


VARY_PATHS = ("method", "discount", "horizon", "group", "seed", "budget", "objective", "solver",
              "stakeholders.<id>.influence", "ambitions.<id>.target", "ambitions.<id>.target.<year>")
"""Settings a batch can vary."""


def _value(text: str) -> object:
    try:
        number = float(text)
    except ValueError:
        return text.strip()
    return int(number) if number.is_integer() and "." not in text and "e" not in text.lower() else number


_RANGE_HINT = "START:STOP:COUNT, e.g. 1e6:5e6:9 (COUNT evenly spaced values, both ends included)"


def _path_issue(path: str, file: str) -> InputIssue | None:
    """An issue when ``path`` is not a setting a batch can vary, else None."""
    known = [p for p in VARY_PATHS if "<" not in p]
    if path in known or re.fullmatch(r"stakeholders\.[^.]+\.influence|ambitions\.[^.]+\.target(\.[^.]+)?", path):
        return None
    return InputIssue(file=file, field=path, message=f"cannot vary {path!r}",
                      expected=f"one of {', '.join(VARY_PATHS)}", suggestion=closest(path, known))


def _values_from_text(text: str, path: str, file: str) -> tuple[tuple[object, ...], InputIssue | None]:
    """``"v1,v2"`` or ``"start:stop:count"`` -> (values, None), or ((), the issue)."""
    if ":" in text:
        parts = [p.strip() for p in text.split(":")]
        numbers: tuple[float, float, float] | None = None
        if len(parts) == 3:
            try:
                numbers = (float(parts[0]), float(parts[1]), float(parts[2]))
            except ValueError:
                numbers = None
        if numbers is None or not np.isfinite(numbers).all() or not numbers[2].is_integer() or numbers[2] < 1:
            return (), InputIssue(file=file, field=path, value=text, message="not a valid range",
                                  expected=_RANGE_HINT + "; COUNT a whole number >= 1")
        start, stop, count_f = numbers
        return tuple(float(v) for v in np.linspace(start, stop, int(count_f))), None
    values = tuple(_value(v) for v in text.split(",") if v.strip())
    if not values:
        return (), InputIssue(file=file, field=path, value=text, message="no values",
                              expected="values separated by commas, or " + _RANGE_HINT)
    return values, None


def parse_vary(spec: str) -> tuple[str, tuple[object, ...]]:
    """``"path=v1,v2"`` or ``"path=start:stop:count"`` (inclusive, evenly spaced) -> (path, values).

    Bad input raises :class:`ScenarioError` (file ``--vary``, field the path).
    """
    path, sep, values = spec.partition("=")
    path = path.strip()
    if not sep or not path or not values.strip():
        raise ScenarioError([InputIssue(file="--vary", value=spec, message="not in the form PATH=VALUES",
                                        expected="e.g. method=topsis,vikor or discount=nl-2021,nl-2026")])
    issue = _path_issue(path, "--vary")
    if issue is None:
        parsed, issue = _values_from_text(values, path, "--vary")
    if issue is not None:
        raise ScenarioError([issue])
    return path, parsed


def _flatten(data: Mapping, prefix: str = "") -> list[tuple[str, object]]:
    """Nested mappings as dotted keys: ``{stakeholders: {huurders: {influence: [..]}}}`` ->
    ``stakeholders.huurders.influence``."""
    items: list[tuple[str, object]] = []
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping) and value:
            items += _flatten(value, name + ".")
        else:
            items.append((name, value))
    return items


def _sweep_loader() -> type:
    """``yaml.SafeLoader`` that reads ``20:40:3`` as the text of a range, not as YAML 1.1's base-60
    integer 74403 (``horizon: 20:40:3`` would silently become one absurd horizon)."""
    import yaml

    class SweepLoader(yaml.SafeLoader):
        yaml_implicit_resolvers = {k: list(v) for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}

    as_text = ("tag:yaml.org,2002:str", re.compile(r"^[-+0-9.][^:]*:.*$"))
    for first in "-+0123456789.":
        SweepLoader.yaml_implicit_resolvers.setdefault(first, []).insert(0, as_text)
    return SweepLoader


def parse_sweep(sweep: str | Path | Mapping) -> list[tuple[str, tuple[object, ...]]]:
    """A sweep file (YAML) or mapping -> [(path, values)], in the file's order.

    Each key is a path ``--vary`` takes (:data:`VARY_PATHS`; nested mappings are read as dotted
    paths), each value a list of values or a ``"start:stop:count"`` (or ``"v1,v2"``) string, as
    after the ``=`` of ``--vary``; a single number or name is one value. Every problem (file
    missing, YAML syntax, not a mapping, unknown key, bad range or value) is collected into one
    :class:`ScenarioError` naming the file and the key.
    """
    data: object
    if isinstance(sweep, Mapping):
        file, data = "sweep", sweep
    else:
        file = str(sweep)
        try:
            text = Path(sweep).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ScenarioError([InputIssue(file=file, message="sweep file not found")]) from None
        except (OSError, UnicodeDecodeError) as err:
            raise ScenarioError([InputIssue(file=file, message=f"cannot read the sweep file: {err}")]) from None
        data, yaml_issues = load_yaml(text, file, loader=_sweep_loader(), expected="a YAML mapping of PATH: values")
        if yaml_issues:
            raise ScenarioError(yaml_issues)
    example = "a mapping of PATH: values, e.g. 'method: [topsis, vikor]' and 'budget: 1e6:5e6:9'"
    if not isinstance(data, Mapping) or not data:
        got = "an empty file" if data is None else type(data).__name__
        raise ScenarioError([InputIssue(file=file, message=f"a sweep must be a non-empty mapping, not {got}",
                                        expected=example)])
    issues: list[InputIssue] = []
    sweeps: list[tuple[str, tuple[object, ...]]] = []
    for path, value in _flatten(data):
        issue = _path_issue(path, file)
        values: tuple[object, ...] = ()
        if issue is None:
            if isinstance(value, str):
                values, issue = _values_from_text(value, path, file)
            elif isinstance(value, list) and value:
                bad = [v for v in value if isinstance(v, bool) or not isinstance(v, (str, int, float))]
                if bad:
                    issue = InputIssue(file=file, field=path, value=bad[0], message="not a single value",
                                       expected="numbers or names, e.g. [0.5, 1, 2] or [topsis, vikor]")
                else:
                    values = tuple(_value(v) if isinstance(v, str) else v for v in value)
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                values = (value,)
            else:
                issue = InputIssue(file=file, field=path, value=value, message="no values to vary",
                                   expected="a list of values or a range " + _RANGE_HINT)
        if issue is not None:
            issues.append(issue)
        else:
            sweeps.append((path, values))
    if issues:
        raise ScenarioError(issues)
    return sweeps


def combine(sweeps: Sequence[tuple[str, tuple[object, ...]]], vary: Sequence[tuple[str, tuple[object, ...]]],
             sweep_file: str) -> list[tuple[str, tuple[object, ...]]]:
    """The sweep file's paths, then the ``--vary`` ones; a path given twice is an error."""
    issues = []
    seen: dict[str, str] = {}
    for source, items in ((sweep_file, sweeps), ("--vary", vary)):
        for path, _ in items:
            if path in seen:
                where = "twice in --vary" if seen[path] == source == "--vary" else \
                    f"both in the sweep file {sweep_file} and by --vary"
                issues.append(InputIssue(file=source, field=path, message=f"{path!r} is varied {where}",
                                         expected="each setting varied in one place (the product would repeat it)"))
            seen.setdefault(path, source)
    if issues:
        raise ScenarioError(issues)
    return [*sweeps, *vary]
