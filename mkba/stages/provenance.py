"""Provenance of a result: what went in and which code made it; no clock, host or absolute path.

Two runs on the same inputs, seed and versions give the same provenance, so result files stay
byte-identical (DESIGN C9).
"""

from __future__ import annotations

import platform
from functools import lru_cache
from dataclasses import asdict, dataclass, field
from importlib.metadata import PackageNotFoundError, version

from ..model import Scenario
from ..portfolio import Portfolio

__all__ = ["Provenance", "capture", "DEPENDENCIES", "mkba_version"]

DEPENDENCIES = ("numpy", "scipy", "pandas", "pulp", "highspy", "pyyaml", "openpyxl", "jinja2")


@lru_cache(maxsize=None)
def _version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def mkba_version() -> str:
    return _version("mkba")


@dataclass(frozen=True)
class Provenance:
    """Input hash (SHA-256 of the scenario file and its table), versions, method, discount and seed."""

    source: str
    input_hash: str
    mkba: str
    python: str
    dependencies: dict = field(default_factory=dict)
    method: str = ""
    method_params: dict = field(default_factory=dict)
    discount: str = ""
    seed: int = 0
    solver: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)


def capture(scenario: Scenario, *, seed: int, portfolio: Portfolio | None = None) -> Provenance:
    """The provenance of a run of ``scenario`` with ``seed`` (and the solver of its portfolio)."""
    solver = {}
    if portfolio is not None:
        solver = {"name": portfolio.solver, "version": portfolio.solver_version,
                  "options": {k: v for k, v in portfolio.options.items() if k not in ("threads",)}}
    return Provenance(
        source=scenario.source, input_hash=scenario.input_hash, mkba=mkba_version(),
        python=platform.python_version(), dependencies={d: _version(d) for d in DEPENDENCIES},
        method=scenario.method.name, method_params=dict(scenario.method.params),
        discount=str(scenario.appraisal.discount), seed=int(seed), solver=solver,
    )
