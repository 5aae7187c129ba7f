"""One scenario through every stage: the data flow of DESIGN section 1, one line per stage."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import cast

from .stages import futures as futures_stage, places, roadmap as roadmap_stage, scoring, themes as themes_stage
from .stages.comparison import MethodComparison, compare_methods
from .stages.ambitions import Ambitions, assess as assess_ambitions
from .stages.appraisal import Appraisal
from .stages.check import read_scenario
from .stages.matrix import DecisionMatrix
from .stages.prepare import prepare
from .model import Scenario
from .sensitivity import check_measures
from .results import FORMAT_VERSION, Results, scenario_block
from .stages.provenance import Provenance, capture
from .stages.roadmap import Roadmap, Track
from .stages.scoring import Scores
from .stages.selection import SCENARIO, PortfolioResult, select_portfolio
from .stages.sensitivity import Sensitivity, analyse
from .stages.missing import MissingData, analyse_missing
from .stages.weighting import WeightTable

__all__ = ["Run", "run"]


@dataclass(frozen=True)
class Run:
    """Everything one run produced; ``to_dict()`` is what results.json holds."""

    scenario: Scenario
    appraisal: Appraisal
    matrix: DecisionMatrix
    weights: WeightTable
    scores: Scores
    provenance: Provenance
    sensitivity: Sensitivity | None = None
    portfolio: PortfolioResult | None = None
    roadmap: Roadmap | None = None
    monitoring: tuple[Track, ...] = ()
    futures: futures_stage.Futures | None = None
    ambitions: Ambitions | None = None
    method_comparison: MethodComparison | None = None
    missing: MissingData | None = None
    themes: themes_stage.ThemePriorities | None = None

    def to_dict(self) -> Results:
        """The content of results.json in the results format (:mod:`mkba.results`)."""
        s = self.scenario
        return cast(Results, {  # the stages' to_dict write the blocks; tests/report/test_results_format.py checks them
            "format_version": FORMAT_VERSION,
            "scenario": scenario_block(s),
            "appraisal": self.appraisal.to_dict(),
            "matrix": self.matrix.to_dict(),
            "weights": self.weights.to_dict(),
            "scores": self.scores.to_dict(),
            "provenance": self.provenance.to_dict(),
            **({"sensitivity": self.sensitivity.to_dict()} if self.sensitivity is not None else {}),
            **({"portfolio": self.portfolio.to_dict()} if self.portfolio is not None else {}),
            **({"roadmap": self.roadmap.to_dict()} if self.roadmap is not None else {}),
            **({"monitoring": [t.to_dict() for t in self.monitoring]} if self.monitoring else {}),
            **({"map": places.map_data(s)} if s.map is not None else {}),
            **({"futures": self.futures.to_dict()} if self.futures is not None else {}),
            **({"ambitions": self.ambitions.to_dict()} if self.ambitions is not None else {}),
            **({"method_comparison": self.method_comparison.to_dict()} if self.method_comparison is not None else {}),
            **({"missing": self.missing.to_dict()} if self.missing is not None else {}),
            **({"themes": self.themes.to_dict()} if self.themes is not None else {}),
        })

    def __repr__(self) -> str:
        return (f"<Run {self.scenario.name!r} · {len(self.matrix.measures)} measures · {self.scores.method} · "
                f"group top: {', '.join(self.scores.order()[:3])}>")


def run(scenario: Scenario | str | Path, *, seed: int | None = None, samples: int | None = None,
        sensitivity: bool | None = None, solver: str | None = None, budget: float | None = None,
        time_limit: float | str | None = SCENARIO) -> Run:
    """Appraise, weigh, rank and stress-test one scenario (a :class:`Scenario` or its YAML path).

    ``seed`` defaults to the scenario's own seed and ``samples`` to its sensitivity settings;
    ``sensitivity=False`` skips the sensitivity stage (default: the scenario's ``enabled``).
    With a budget (in the scenario, or ``budget`` overriding its total) the best portfolio is
    selected by ``solver`` (``"cbc"`` or ``"highs"``; default: chosen automatically) within
    ``time_limit`` seconds per solve, also for each re-optimisation of the sensitivity analysis
    (default: the scenario's ``portfolio.time_limit``, else 60; None: no limit); when the limit is
    reached, the best portfolio found so far is kept with status ``"time_limit"`` and its gap.
    Everything random is drawn from ``seed``, which is recorded in the provenance.
    """
    if not isinstance(scenario, Scenario):
        scenario = read_scenario(scenario)
    seed = scenario.seed if seed is None else seed
    stressed = scenario.sensitivity.enabled if sensitivity is None else sensitivity
    if stressed:  # refused before any stage runs, not after the portfolio has been chosen
        check_measures(len(scenario.measures))
    appraisal, matrix, weights = prepare(scenario)
    scores = scoring.score(matrix, weights, scenario.method, source=scenario.source)
    methods = compare_methods(scenario, matrix, weights)  # method.compare / rank_reversal; None without
    chosen = select_portfolio(scenario, appraisal, matrix, weights, solver=solver, budget=budget,
                              time_limit=time_limit, scores=scores)
    stress = None
    if stressed:
        stress = analyse(scenario, appraisal, matrix, weights, seed=seed, samples=samples, portfolio=chosen)
    plan = roadmap_stage.schedule(scenario, chosen) if chosen is not None else None
    tracks = roadmap_stage.monitor(scenario, plan)
    provenance = capture(scenario, seed=seed, portfolio=chosen.portfolio if chosen is not None else None)
    worlds = futures_stage.appraise_futures(scenario, chosen.package if chosen is not None else None)
    goals = assess_ambitions(scenario, chosen, solver=solver, seed=seed,  # "ambition met" under sampled effects
                             samples=(samples or scenario.sensitivity.samples) if stressed else 0)
    return Run(scenario, appraisal, matrix, weights, scores, provenance, stress, chosen, plan, tracks, futures=worlds,
               ambitions=goals, method_comparison=methods, missing=analyse_missing(scenario, appraisal, matrix, weights),
               themes=themes_stage.assess(scenario, matrix, weights, seed=seed,
                                          samples=(samples or scenario.sensitivity.samples) if stressed else 0))
