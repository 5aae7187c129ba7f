"""The variants of a batch: each scenario with one combination of the varied settings applied, in a
fixed order, with a seed spawned per variant (DESIGN C9), so one or many workers give the same bytes."""

from __future__ import annotations

import hashlib
import itertools
import math
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from ..errors import InputIssue, MkbaError, ScenarioError, closest
from .. import mcda
from ..discount import discount_set
from ..model import Budget, MethodSpec, PortfolioSettings, Scenario


@dataclass(frozen=True)
class Variant:
    """One scenario with its overrides and its own seed; ``index`` is its place in the batch."""

    index: int
    stem: str
    scenario: Scenario
    overrides: tuple[tuple[str, object], ...]
    seed: int

    @property
    def key(self) -> str:
        """Readable key: the scenario and its overrides, e.g. ``kraaihoek[method=vikor]``."""
        inner = ",".join(f"{p}={v}" for p, v in self.overrides)
        return f"{self.stem}[{inner}]" if inner else self.stem

    @property
    def input_hash(self) -> str:
        """SHA-256 of the scenario's inputs, the overrides and the seed."""
        text = json.dumps([self.scenario.input_hash, [[p, str(v)] for p, v in self.overrides], self.seed])
        return hashlib.sha256(text.encode()).hexdigest()

    @property
    def folder(self) -> str:
        """Folder name: readable key made file-safe, plus 10 hex digits of the input hash."""
        slug = re.sub(r"[^A-Za-z0-9_.=-]+", "_", self.key.replace("[", "__").replace("]", ""))[:80]
        return f"{slug}-{self.input_hash[:10]}"


def apply_overrides(scenario: Scenario, overrides: Sequence[tuple[str, object]]) -> Scenario:
    """The scenario with each (path, value) override applied; bad values raise ScenarioError."""

    issues = []

    def bad(path: str, value: object, expected: str, message: str = "invalid --vary value") -> None:
        issues.append(InputIssue(file="--vary", field=path, value=value, message=message, expected=expected))

    for path, value in overrides:
        if path in ("seed", "horizon") and isinstance(value, float) and value.is_integer():
            value = int(value)  # from a start:stop:count range
        if path == "method":
            if value not in mcda.METHODS:
                bad(path, value, f"one of {sorted(mcda.METHODS)}")
                continue
            scenario = replace(scenario, method=MethodSpec(str(value)))
        elif path == "discount":
            try:
                # any value: discount_set says what is wrong with one that is neither a set's name nor a rate
                discount_set(value)  # type: ignore[arg-type]
            except MkbaError as err:
                bad(path, value, str(err))
                continue
            if not isinstance(value, (str, int, float)):  # cannot happen: discount_set took it
                raise TypeError(f"discount {value!r} is neither a discount set's name nor a rate")
            scenario = replace(scenario, appraisal=replace(scenario.appraisal, discount=value))
        elif path == "horizon":
            if not isinstance(value, int) or not 1 <= value <= 500:
                bad(path, value, "a whole number of years from 1 to 500")
                continue
            scenario = replace(scenario, appraisal=replace(scenario.appraisal, horizon=value))
        elif path == "group":
            if value not in ("auto", "mean", "aij"):
                bad(path, value, "'auto', 'mean' or 'aij'")
                continue
            scenario = replace(scenario, group=str(value))
        elif path == "seed":
            if not isinstance(value, int) or value < 0:
                bad(path, value, "a whole number >= 0")
                continue
            scenario = replace(scenario, seed=value)
        elif path == "budget":  # the total budget; a scenario without one gets a portfolio with it
            if not isinstance(value, (int, float)) or not value >= 0 or value == float("inf"):
                bad(path, value, "euros >= 0, e.g. budget=1e6:5e6:9")
                continue
            settings = scenario.portfolio or PortfolioSettings()
            scenario = replace(scenario, portfolio=replace(settings, budget=replace(settings.budget or Budget(),
                                                                                   total=float(value))))
        elif path in ("objective", "solver"):
            choices = {"objective": ("npv", "value", "value+npv"), "solver": ("cbc", "highs")}[path]
            if value not in choices:
                bad(path, value, f"one of {', '.join(choices)}")
                continue
            if scenario.portfolio is None:
                bad(path, value, "a scenario with a 'budget' (or vary budget too)", "the scenario has no portfolio")
                continue
            settings = scenario.portfolio
            scenario = replace(scenario, portfolio=replace(settings, objective=str(value)) if path == "objective"
                               else replace(settings, solver=str(value)))
        elif path.startswith("ambitions."):  # ambitions.<id>.target or ambitions.<id>.target.<year|horizon>
            scenario = _vary_target(scenario, path, value, issues)
        else:  # stakeholders.<id>.influence
            sid = path.split(".")[1]
            ids = [s.id for s in scenario.stakeholders]
            if sid not in ids:
                issues.append(InputIssue(file="--vary", field=path, value=sid, message="unknown stakeholder",
                                         expected=f"one of {ids}", suggestion=closest(sid, ids)))
                continue
            if not isinstance(value, (int, float)) or value < 0:
                bad(path, value, "a number >= 0")
                continue
            scenario = replace(scenario, stakeholders=tuple(
                replace(s, influence=float(value)) if s.id == sid else s for s in scenario.stakeholders))
    if issues:
        raise ScenarioError(issues)
    return scenario


def _vary_target(scenario: Scenario, path: str, value: object, issues: list[InputIssue]) -> Scenario:
    """The scenario with one ambition's target level set to ``value`` (the only target, or the one of the
    year named after ``target.``: a year or ``horizon``); an unknown ambition or year is an issue."""
    _, aid, *rest = path.split(".")
    ids = [a.id for a in scenario.ambitions]
    if aid not in ids:
        issues.append(InputIssue(file="--vary", field=path, value=aid, message="unknown ambition",
                                 expected=f"one of {ids}" if ids else "an ambition of the scenario ('ambitions:')",
                                 suggestion=closest(aid, ids)))
        return scenario
    if not isinstance(value, (int, float)) or not math.isfinite(value):
        issues.append(InputIssue(file="--vary", field=path, value=value, message="invalid --vary value",
                                 expected="a target level, e.g. ambitions.aardgasvrij.target=300:600:4"))
        return scenario
    ambition = next(a for a in scenario.ambitions if a.id == aid)
    years = ["horizon" if t.year is None else str(t.year) for t in ambition.targets]
    which = rest[1] if len(rest) > 1 else None
    if which is None and len(years) > 1 or which is not None and which not in years:
        issues.append(InputIssue(file="--vary", field=path, value=which, message="name one target of the ambition",
                                 expected=", ".join(f"ambitions.{aid}.target.{y}" for y in years)))
        return scenario
    targets = tuple(replace(t, level=float(value)) if which is None or y == which else t
                    for t, y in zip(ambition.targets, years))
    return replace(scenario, ambitions=tuple(replace(a, targets=targets) if a.id == aid else a
                                             for a in scenario.ambitions))


def scenario_files(items: Iterable[str | Path]) -> list[Path]:
    """Scenario files from files and folders (a folder: every ``scenario*.yaml`` below it), sorted, unique."""
    found: list[Path] = []
    for item in items:
        path = Path(item)
        if path.is_dir():
            found += sorted(p for p in path.rglob("scenario*.yaml") if not any(q.startswith(".") for q in p.parts))
        else:
            found.append(path)
    unique = list(dict.fromkeys(found))
    return unique


def scenario_stem(path: Path) -> str:
    """A short name: the folder for ``…/name/scenario.yaml``, else the file stem."""
    return path.parent.name if path.stem == "scenario" and path.parent.name else path.stem


def expand(scenarios: Sequence[tuple[str, Scenario]], vary: Sequence[tuple[str, Sequence[object]]], *,
           seed: int = 0) -> list[Variant]:
    """Every scenario times the cartesian product of the ``vary`` values, with spawned seeds.

    The order (scenarios as given, then the product in the order of ``vary``) fixes the seeds:
    variant *i* gets child *i* of ``SeedSequence(seed)``.
    """
    combos = list(itertools.product(*[[(path, v) for v in values] for path, values in vary])) or [()]
    plan = [(stem, scenario, combo) for stem, scenario in scenarios for combo in combos]
    children = np.random.SeedSequence(seed).spawn(len(plan))
    return [Variant(i, stem, scenario, tuple(combo), int(child.generate_state(1)[0]))
            for i, ((stem, scenario, combo), child) in enumerate(zip(plan, children))]
