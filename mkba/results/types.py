"""The blocks of ``results.json`` as :class:`typing.TypedDict` classes, one field a line with its
type and meaning (``Annotated`` metadata), from which docs/results-format.md is generated. The
portfolio block lives in :mod:`.portfolio`, what blocks share in :mod:`.common`; both are re-exported here.

A ``total=False`` class holds the optional fields of the block it extends; ``X | None`` (written
``Union[X, None]``, the package supports Python 3.10) is a field that is always there and may be null.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, TypedDict, Union

from .common import Distribution, Number
from .opportunity import MissingBlock, ScenarioCriterion, ScenarioMeasure
from .futures import FutureBlock, FutureMoney, FuturePackage, FutureSettings
from .themes import ThemeNode, ThemePriority, ThemesBlock
from .portfolio import (Budget, BudgetUse, Cap, Diagnosis, DiagnosisPart, ForcedSolve, Frontier, FrontierPoint,
                        Greedy, LeftOut, PackageBlock, PackageRow, PackageTotals, PortfolioBlock, PortfolioRule,
                        StakeholderPortfolios)

__all__ = ["FORMAT_VERSION", "KNOWN_VERSIONS", "Number", "ScenarioAppraisal", "ScenarioCriterion",
           "ScenarioStakeholder", "ScenarioMeasure", "Warning_", "ScenarioBlock", "Discount", "AppraisalRow",
           "Totals", "Distribution", "AppraisalBlock", "MatrixCriterion", "MatrixBlock", "StakeholderWeights",
           "WeightsBlock", "RankRow", "ScoresBlock", "Budget", "Greedy", "FrontierPoint", "Frontier", "Cap",
           "DiagnosisPart", "Diagnosis", "PortfolioRule", "StakeholderPortfolios", "PackageRow", "PackageTotals",
           "BudgetUse", "PackageBlock", "ForcedSolve", "LeftOut", "PortfolioBlock", "Sampler",
           "MCError", "SMAA", "Stability", "Critical", "TornadoBar", "Tornado", "SampledPortfolio", "Robustness",
           "SwitchingValue", "SensitivityBlock", "Task", "RoadmapBlock", "Track", "Area", "Layer", "Place",
           "MapBlock", "SolverInfo", "ProvenanceBlock", "FutureSettings", "FutureMoney", "FuturePackage",
           "FutureBlock", "Results", "Disagreement", "CompareBlock", "ReplacedBest", "LeftOutReversal", "ReversalAudit",
           "RankReversalBlock", "MethodComparisonBlock", "ThemeNode", "ThemePriority", "ThemesBlock"]

FORMAT_VERSION = "1"
"""The version written into ``results.json`` as ``format_version``. Raise it when a field is renamed,
removed or changes meaning; adding an optional field keeps it."""
KNOWN_VERSIONS = ("1",)
"""The format versions this mkba reads."""



# -- scenario ----------------------------------------------------------------------------------------

class ScenarioAppraisal(TypedDict):
    price_year: Annotated[int, "year whose prices all amounts are in"]
    start_year: Annotated[int, "first year of the appraisal (year 0 of discounting)"]
    horizon: Annotated[int, "years appraised"]
    discount: Annotated[Union[str, Number], "discount set name (e.g. nl-2026) or a constant rate"]


class ScenarioStakeholder(TypedDict):
    id: Annotated[str, "party id"]
    name: Annotated[str, "party name"]
    influence: Annotated[Number, "influence as given in the scenario (not normalised)"]
    elicitation: Annotated[str, "how the weights were elicited: direct, ahp, swing or ranking"]
    survey: Annotated[dict[str, Any], "survey settings of the party (respondents, concentration); {} if none"]


class Warning_(TypedDict):
    file: Annotated[Union[str, None], "file the warning is about"]
    sheet: Annotated[Union[str, None], "sheet of a workbook, if any"]
    row: Annotated[Union[int, None], "row as the spreadsheet shows it"]
    field: Annotated[Union[str, None], "field (column or key)"]
    value: Annotated[Any, "the value warned about"]
    message: Annotated[str, "the warning in words (English)"]
    expected: Annotated[Union[str, None], "what would be valid"]
    suggestion: Annotated[Union[str, None], "closest valid name for a typo"]
    severity: Annotated[str, "warning"]


class _ScenarioBlock(TypedDict):
    name: Annotated[str, "scenario name (the report's title)"]
    language: Annotated[Literal["nl", "en"], "language of the scenario and default of the report"]
    group: Annotated[str, "how the group weights are formed as configured (auto, mean, geometric)"]
    appraisal: Annotated[ScenarioAppraisal, "appraisal settings"]
    criteria: Annotated[list[ScenarioCriterion], "every criterion of the scenario, in scenario order"]
    stakeholders: Annotated[list[ScenarioStakeholder], "every party, in scenario order"]
    measures: Annotated[list[ScenarioMeasure], "every measure of the longlist, in scenario order"]
    warnings: Annotated[list[Warning_], "warnings of the validation (nothing that stopped the run)"]


class ScenarioBlock(_ScenarioBlock, total=False):
    description: Annotated[str, "the paragraph on the case from the scenario file ('' if none; since mkba 0.x)"]
    fields: Annotated[list[str], "with fields in the scenario: the declared descriptive columns of the measures"]


# -- appraisal --------------------------------------------------------------------------------------

class Discount(TypedDict):
    name: Annotated[str, "discount set name (nl-2021, nl-2026, uk-green-book, constant-...)"]
    version: Annotated[str, "version (date) of the set"]
    description: Annotated[str, "the set in words (English)"]
    source: Annotated[str, "where the rates come from; 'scenario input' for a rate of the scenario"]
    steps: Annotated[list[list[Number]], "[last year, rate] per step before the final rate"]
    final_rate: Annotated[Number, "rate (fraction) after the last step, or the constant rate"]


class _AppraisalRow(TypedDict):
    pv_investment: Annotated[Number, "present value of the investment, EUR"]
    pv_running_cost: Annotated[Number, "present value of the running costs, EUR"]
    pv_costs: Annotated[Number, "pv_investment + pv_running_cost, EUR"]
    pv_benefits: Annotated[Number, "present value of the monetised benefits, EUR; per criterion also pv_<id>"]
    npv: Annotated[Number, "net present value (saldo) pv_benefits - pv_costs, EUR; per PM criterion also pm_<id>"]
    bcr: Annotated[Union[Number, None], "benefit/cost ratio pv_benefits / pv_costs; null without costs"]


class AppraisalRow(_AppraisalRow, total=False):
    pv_residual: Annotated[Number, "present value of the residual value at the horizon (restwaarde), EUR, counted "
                                   "as a negative cost in pv_costs; only with appraisal.residual_value"]


class _Totals(TypedDict):
    pv_investment: Annotated[Number, "sum over the measures, EUR"]
    pv_running_cost: Annotated[Number, "sum over the measures, EUR"]
    pv_costs: Annotated[Number, "sum over the measures, EUR"]
    pv_benefits: Annotated[Number, "sum over the measures, EUR"]
    npv: Annotated[Number, "sum over the measures, EUR"]


class Totals(_Totals, total=False):
    pv_residual: Annotated[Number, "sum over the measures, EUR; only with appraisal.residual_value"]


class AppraisalBlock(TypedDict):
    discount: Annotated[Discount, "the discount set used"]
    years: Annotated[list[int], "[first, last] year appraised"]
    monetised_criteria: Annotated[list[str], "criterion ids with a shadow price"]
    pm_criteria: Annotated[list[str], "criterion ids not in money (PM items)"]
    measures: Annotated[dict[str, AppraisalRow], "measure id -> its present values"]
    totals: Annotated[Totals, "sums over all measures"]
    distribution: Annotated[Distribution, "who pays and who gains"]


# -- matrix, weights, scores ------------------------------------------------------------------------

class MatrixCriterion(TypedDict):
    id: Annotated[str, "criterion id ('npv' first, then the PM criteria)"]
    name: Annotated[str, "criterion name"]
    unit: Annotated[str, "unit of the column"]
    direction: Annotated[Literal["benefit", "cost"], "whether more is better"]


class MatrixBlock(TypedDict):
    measures: Annotated[list[str], "measure ids, row order"]
    criteria: Annotated[list[MatrixCriterion], "the columns"]
    values: Annotated[list[list[Union[Number, None]]], "measures x criteria, in the criteria's units"]


class _StakeholderWeights(TypedDict):
    name: Annotated[str, "party name"]
    elicitation: Annotated[str, "direct, ahp, swing or ranking"]
    influence: Annotated[Number, "normalised influence (the parties' influences sum to 1)"]
    weights: Annotated[dict[str, Number], "criterion id -> weight (sum 1)"]


class StakeholderWeights(_StakeholderWeights, total=False):
    cr: Annotated[Number, "AHP: consistency ratio"]
    ci: Annotated[Number, "AHP: consistency index"]
    lambda_max: Annotated[Number, "AHP: principal eigenvalue"]
    consistent: Annotated[bool, "AHP: CR below the threshold"]
    ri_table: Annotated[str, "AHP: random-index table"]
    points: Annotated[dict[str, Number], "swing: points per criterion"]
    elicited_ranges: Annotated[dict[str, list[Number]], "swing: [worst, best] the points were elicited on"]
    observed_ranges: Annotated[dict[str, Number], "swing: range observed over the measures"]
    order: Annotated[list[list[str]], "ranking: criteria from most to least important, ties grouped"]


class WeightsBlock(TypedDict):
    criteria: Annotated[list[str], "matrix criterion ids"]
    group: Annotated[dict[str, Number], "criterion id -> group weight"]
    group_method: Annotated[str, "how the group weights were formed: mean or geometric"]
    stakeholders: Annotated[dict[str, StakeholderWeights], "party id -> its weights"]


class RankRow(TypedDict):
    measure: Annotated[str, "measure id"]
    score: Annotated[Union[Number, None], "the method's score"]
    rank: Annotated[int, "rank, 1 = best"]
    tied: Annotated[bool, "whether another measure has the same rank"]


class ScoresBlock(TypedDict):
    method: Annotated[str, "MCDA method (topsis, vikor, promethee2, wsm, ...)"]
    params: Annotated[dict[str, Any], "the method's parameters"]
    higher_is_better: Annotated[bool, "whether a higher score is better"]
    rankings: Annotated[dict[str, list[RankRow]], "'group' or party id -> ranking, first to last"]
    kendall_tau: Annotated[dict[str, dict[str, Union[Number, None]]], "Kendall's tau-b between two rankings"]


# -- sensitivity -------------------------------------------------------------------------------------

class _Sampler(TypedDict):
    kind: Annotated[str, "sampler: uniform_simplex, hull, dirichlet_around, constrained, effects"]
    algorithm: Annotated[str, "how the samples are drawn, in words (English)"]
    n_samples: Annotated[int, "N"]
    block_size: Annotated[int, "generation block size"]
    seed: Annotated[dict[str, Any], "seed entropy and spawn key"]
    params: Annotated[dict[str, Any], "the distribution's parameters"]
    method: Annotated[str, "the algorithm as a key (the report phrases it): mixing, single, simplex, segment, "
                           "delaunay, spread, gamma, sorted, uniform, rejection, hit_and_run, normal, triangular"]


class Sampler(_Sampler, total=False):
    simplices: Annotated[int, "delaunay: number of simplices of the hull's triangulation"]


class MCError(TypedDict):
    holistic: Annotated[dict[str, Union[Number, None]], "measure id -> MC error of the holistic acceptability"]
    confidence: Annotated[dict[str, Union[Number, None]], "measure id -> MC error of the confidence factor"]
    central_weights: Annotated[dict[str, dict[str, Union[Number, None]]], "measure -> criterion -> MC error"]


class SMAA(TypedDict):
    method: Annotated[str, "MCDA method of the samples"]
    meta_weights: Annotated[str, "meta-weights of the holistic acceptability (linear, ...)"]
    status: Annotated[str, "ok, or why not"]
    rank_acceptability: Annotated[dict[str, list[Number]], "measure id -> share of samples at rank 1..n"]
    first_rank_acceptability: Annotated[dict[str, Number], "measure id -> share of samples at rank 1"]
    rank_acceptability_mc_error: Annotated[dict[str, list[Number]], "MC error of rank_acceptability"]
    holistic: Annotated[dict[str, Number], "measure id -> holistic acceptability (meta-weighted)"]
    confidence: Annotated[dict[str, Union[Number, None]], "measure id -> confidence factor; null if never first"]
    central_weights: Annotated[dict[str, dict[str, Union[Number, None]]], "measure -> criterion -> mean weight when first"]
    meta_alpha: Annotated[list[Number], "meta-weight per rank"]
    mc_error: Annotated[MCError, "Monte Carlo errors"]
    pairwise_winning: Annotated[Union[dict[str, dict[str, Number]], None], "row beats column in this share; null over 500 measures"]
    pairwise_winning_mc_error: Annotated[Union[dict[str, dict[str, Number]], None], "MC error of pairwise_winning"]


class Stability(TypedDict):
    top: Annotated[str, "the measure first at the group weights"]
    exact: Annotated[bool, "whether the intervals are exact"]
    top_interval: Annotated[dict[str, list[Union[Number, None]]], "criterion -> [lo, hi] weight keeping the top"]
    ranking_interval: Annotated[dict[str, list[Union[Number, None]]], "criterion -> [lo, hi] weight keeping the ranking"]


class Critical(TypedDict):
    best: Annotated[int, "index of the top measure"]
    method: Annotated[str, "MCDA method"]
    top_criterion: Annotated[int, "criterion index whose smallest change changes the top; -1 if none"]
    any_criterion: Annotated[int, "criterion index whose smallest change changes any rank; -1 if none"]
    percent_top: Annotated[list[Union[Number, None]], "per criterion: smallest % change that changes the top"]
    percent_any: Annotated[list[Union[Number, None]], "per criterion: smallest % change that changes any rank"]
    top_pair: Annotated[list[list[int]], "per criterion: the measure pair that swaps first"]
    any_pair: Annotated[list[list[int]], "per criterion: the measure pair that swaps first"]
    top_delta: Annotated[list[Union[Number, None]], "per criterion: the weight change"]
    any_delta: Annotated[list[Union[Number, None]], "per criterion: the weight change"]
    top_weight: Annotated[list[Union[Number, None]], "per criterion: the weight after the change"]
    any_weight: Annotated[list[Union[Number, None]], "per criterion: the weight after the change"]
    exact: Annotated[bool, "whether exact"]
    tolerance: Annotated[Number, "numerical tolerance"]
    message: Annotated[str, "why not exact (English)"]


class TornadoBar(TypedDict):
    kind: Annotated[Literal["weight", "effect", "investment", "discount", "future"], "what is varied"]
    criterion: Annotated[Union[str, None], "criterion of a weight or effect bar"]
    measure: Annotated[Union[str, None], "measure of an effect bar"]
    input: Annotated[str, "the input in words (English)"]
    label: Annotated[str, "input (low / high) in words (English)"]
    low: Annotated[Union[Number, str], "low setting: a weight, effect or investment factor; a discount set name; "
                   "a future's id"]
    high: Annotated[Union[Number, str], "high setting"]
    npv_low: Annotated[Union[Number, None], "focus measure's NPV at the low setting, EUR"]
    npv_high: Annotated[Union[Number, None], "at the high setting, EUR"]
    rank_low: Annotated[Union[int, None], "focus measure's group rank at the low setting"]
    rank_high: Annotated[Union[int, None], "at the high setting"]
    top_low: Annotated[Union[str, None], "the group's first measure at the low setting"]
    top_high: Annotated[Union[str, None], "at the high setting"]
    portfolio_low: Annotated[Union[Number, None], "portfolio objective at the low setting"]
    portfolio_high: Annotated[Union[Number, None], "at the high setting"]


class Tornado(TypedDict):
    measure: Annotated[str, "the focus measure (the group's first)"]
    base_npv: Annotated[Number, "its NPV, EUR"]
    base_rank: Annotated[int, "its group rank"]
    base_portfolio: Annotated[Union[Number, None], "the portfolio's objective; null without a portfolio"]
    bars: Annotated[list[TornadoBar], "one per input, largest swing first"]


class SampledPortfolio(TypedDict):
    selected: Annotated[list[str], "a portfolio optimal for some sampled weights"]
    share: Annotated[Union[Number, None], "share of the samples it is optimal in"]
    nondominated: Annotated[bool, "whether no other portfolio is better for every weighting"]


class _Robustness(TypedDict):
    n_samples: Annotated[int, "weightings re-optimised"]
    solver: Annotated[str, "solver"]
    status: Annotated[str, "optimal, time_limit, ..."]
    message: Annotated[str, "what went wrong, if anything (English)"]
    core_index: Annotated[dict[str, Union[Number, None]], "measure id -> share of samples whose best portfolio has it"]
    core_index_mc_error: Annotated[dict[str, Union[Number, None]], "its MC error"]
    base_share: Annotated[Union[Number, None], "share of samples in which the chosen portfolio is best"]
    portfolios: Annotated[list[SampledPortfolio], "the distinct best portfolios"]
    classes: Annotated[dict[str, Literal["core", "borderline", "exterior"]], "measure id -> RPM class"]
    rpm_core_index: Annotated[Union[dict[str, Union[Number, None]], None], "RPM core index over non-dominated portfolios"]
    nondominated_complete: Annotated[bool, "whether every non-dominated portfolio was found"]


class Robustness(_Robustness, total=False):
    nondominated_count: Annotated[int, "non-dominated portfolios found"]
    nondominated_portfolios: Annotated[list[list[str]], "those portfolios"]
    nondominated_starts: Annotated[list[dict[str, int]], "per portfolio: measure id -> its start year, for the measures "
                                                         "with a start-year choice (absent without such a choice)"]
    nondominated_status: Annotated[str, "complete or why partial"]
    warnings: Annotated[list[str], "warnings (English)"]


class SwitchingValue(TypedDict):
    benefit_factor: Annotated[Union[Number, None], "factor on the benefits at which the NPV changes sign: in [0, 1) "
                                                   "for a positive NPV, > 1 for a negative one; null when no factor "
                                                   "in that direction turns it (never negative)"]
    investment_factor: Annotated[Union[Number, None], "factor on the investment at which the NPV changes sign: > 1 "
                                                      "for a positive NPV, in [0, 1) for a negative one; null when "
                                                      "no factor in that direction turns it (never negative)"]


class SensitivityBlock(TypedDict):
    sampler: Annotated[Sampler, "how the weights were sampled"]
    n_samples: Annotated[int, "SMAA samples"]
    smaa: Annotated[SMAA, "SMAA-2"]
    stability: Annotated[Stability, "weight stability intervals"]
    critical: Annotated[Union[Critical, None], "the most critical criterion (Triantaphyllou & Sanchez)"]
    critical_note: Annotated[str, "why there is no critical criterion (English; '' if there is)"]
    tornado: Annotated[Tornado, "one-at-a-time tornado on the focus measure"]
    core_index: Annotated[Union[dict[str, Union[Number, None]], None], "portfolio_robustness.core_index, or null"]
    portfolio_robustness: Annotated[Union[Robustness, None], "the portfolio re-optimised per sampled weighting"]
    switching_values: Annotated[dict[str, SwitchingValue], "measure id -> switching values"]


# -- roadmap, monitoring, map, provenance -----------------------------------------------------------

class Task(TypedDict):
    id: Annotated[str, "measure id"]
    name: Annotated[str, "measure name"]
    theme: Annotated[str, "theme"]
    start: Annotated[int, "first year of investment"]
    end: Annotated[int, "last year of investment"]
    in_use: Annotated[int, "first year in use"]
    lifetime: Annotated[int, "years in use"]
    spend: Annotated[dict[str, Number], "year -> investment, EUR"]
    payers: Annotated[dict[str, Number], "party id -> share"]


class RoadmapBlock(TypedDict):
    tasks: Annotated[list[Task], "chosen measures by theme, then start year"]
    years: Annotated[list[int], "first to last investment year"]
    spend_per_payer: Annotated[dict[str, list[Number]], "party id -> investment per year, EUR"]
    savings: Annotated[list[Number], "synergy savings per year, EUR"]
    total: Annotated[list[Number], "what counts against the budget per year, EUR"]
    budget: Annotated[list[Union[Number, None]], "yearly budget, EUR; null = no yearly limit"]
    carry_over: Annotated[bool, "whether unspent money moves on"]
    available: Annotated[list[Union[Number, None]], "what the year may spend with carry-over, EUR"]


class _Track(TypedDict):
    id: Annotated[str, "ambition id"]
    name: Annotated[str, "ambition name"]
    unit: Annotated[str, "unit"]
    criterion: Annotated[Union[str, None], "criterion the plan is derived from, if any"]
    years: Annotated[list[int], "years, without gaps"]
    planned: Annotated[list[Union[Number, None]], "planned per year"]
    realised: Annotated[list[Union[Number, None]], "realised per year"]


class TrackFlag(TypedDict):
    year: Annotated[int, "the last year with a realised value"]
    behind: Annotated[Number, "how far it lags the plan that year, in the ambition's direction"]
    target_gap: Annotated[Union[Number, None], "how far it is from that year's target; null when the year has none"]


class Track(_Track, total=False):
    target: Annotated[list[Union[Number, None]], "a shared ambition's target level per year (null: none that year)"]
    sense: Annotated[str, "a shared ambition's comparison: >=, <= or ="]
    behind: Annotated[list[Union[Number, None]], "per year: how far the realised value lags the plan (> 0: behind)"]
    flag: Annotated[Union[TrackFlag, None], "set when the last realised value lags the plan"]


class Area(TypedDict):
    id: Annotated[str, "sub-area id"]
    name: Annotated[str, "sub-area name"]
    geometry: Annotated[dict[str, Any], "GeoJSON geometry (RD New)"]
    anchor: Annotated[list[Number], "label point [x, y]"]


class Layer(TypedDict):
    kind: Annotated[str, "background layer kind (water, green, streets, outline, ...)"]
    name: Annotated[str, "layer name"]
    geometry: Annotated[list[dict[str, Any]], "GeoJSON geometries"]


class Place(TypedDict):
    geometry: Annotated[list[dict[str, Any]], "GeoJSON geometries of the measure (RD New)"]
    anchor: Annotated[list[Number], "label point [x, y]"]
    area: Annotated[Union[str, None], "sub-area id; null outside every area"]


class MapBlock(TypedDict):
    crs: Annotated[str, "coordinate system of the geometries (EPSG:28992)"]
    source_crs: Annotated[str, "coordinate system of the input"]
    illustrative: Annotated[bool, "whether the places are illustrative"]
    colour: Annotated[list[str], "what the map is coloured by"]
    measures: Annotated[dict[str, Place], "measure id -> its place"]
    areas: Annotated[list[Area], "sub-areas"]
    layers: Annotated[list[Layer], "background layers"]


class SolverInfo(TypedDict, total=False):
    name: Annotated[str, "solver of the portfolio"]
    version: Annotated[str, "its version"]
    options: Annotated[dict[str, Any], "its options"]


class ProvenanceBlock(TypedDict):
    source: Annotated[str, "scenario file name"]
    input_hash: Annotated[str, "SHA-256 of the scenario file and its tables"]
    mkba: Annotated[str, "mkba version"]
    python: Annotated[str, "Python version"]
    dependencies: Annotated[dict[str, str], "package -> version"]
    method: Annotated[str, "MCDA method"]
    method_params: Annotated[dict[str, Any], "its parameters"]
    discount: Annotated[str, "discount set"]
    seed: Annotated[int, "seed of everything random"]
    solver: Annotated[SolverInfo, "solver of the portfolio; {} without one"]



class AmbitionTargetRow(TypedDict):
    sense: Annotated[Literal["at_least", "at_most", "equals"], "how the total compares with the level"]
    level: Annotated[Number, "the target level, in the ambition's unit"]
    year: Annotated[Union[int, None], "the year it holds in; null: the horizon (every chosen measure counted)"]
    reached: Annotated[Number, "what the package reaches that year (sum over its measures in use)"]
    gap: Annotated[Number, "how far it misses the level (0 when met)"]
    met: Annotated[bool, "whether the package meets the target"]
    line: Annotated[Union[int, None], "line of the target in the scenario file"]


class AmbitionCostRow(TypedDict):
    ambition: Annotated[str, "ambition id"]
    value: Annotated[Union[Number, None], "the package's objective with every ambition in force"]
    value_without: Annotated[Union[Number, None], "the best objective without this ambition, the other goals held "
                             "at what the package reaches"]
    cost_value: Annotated[Union[Number, None], "value_without - value: what holding the ambition costs in value"]
    min_investment: Annotated[Union[Number, None], "least total investment of a package that meets this ambition and "
                              "every other rule, yearly and payer budget (the total budget at which it becomes "
                              "reachable), EUR; null when none does"]
    delay_value: Annotated[Union[Number, None], "a hard ambition's dated targets one year later: objective then - now "
                           "(what a year of delay would gain); null for a soft or undated one"]
    delay_spend: Annotated[Union[Number, None], "the same for the package's investment, EUR"]


class AmbitionItem(TypedDict):
    id: Annotated[str, "ambition id"]
    name: Annotated[str, "ambition name"]
    theme: Annotated[str, "its theme ('' if none)"]
    criteria: Annotated[list[str], "criteria summed to measure it"]
    unit: Annotated[str, "unit of its values"]
    kind: Annotated[Literal["hard", "soft"], "hard: a rule of the portfolio; soft: a goal (least shortfall first)"]
    weight: Annotated[Number, "weight of its relative shortfall (soft)"]
    priority: Annotated[Union[int, None], "priority level (soft; 1 first, null last)"]
    definitions: Annotated[dict[str, str], "term -> what it means here"]
    description: Annotated[str, "a sentence on the ambition ('' if none)"]
    targets: Annotated[list[AmbitionTargetRow], "its targets against the package"]
    met: Annotated[bool, "whether the package meets every target"]
    years: Annotated[list[int], "years of the planned path"]
    planned: Annotated[list[Number], "the package's total per year (its measures in use that year)"]
    realised: Annotated[dict[str, Number], "year -> value measured so far"]
    cost: Annotated[Union[AmbitionCostRow, None], "what it costs; null without a chosen package"]
    robustness: Annotated[Union[Number, None], "share of the sampled effects in which the package still meets it; "
                          "null without sampled effects"]


class AmbitionsBlock(TypedDict):
    package: Annotated[Literal["chosen", "closest", "none"], "chosen: the proposal; closest: no package meets the "
                       "hard ambitions, this one misses them least; none: no package at all"]
    selected: Annotated[list[str], "the package the items describe"]
    start_years: Annotated[dict[str, int], "its chosen start years"]
    met: Annotated[list[str], "ids of the ambitions it meets"]
    not_met: Annotated[list[str], "ids of the ambitions it does not meet"]
    conflict: Annotated[list[str], "where the conflicting ambitions and budgets are written (when package is closest)"]
    items: Annotated[list[AmbitionItem], "one per ambition, in scenario order"]

# -- method comparison -------------------------------------------------------------------------------

class Disagreement(TypedDict):
    measure: Annotated[str, "measure id"]
    best: Annotated[int, "its best rank over the methods"]
    worst: Annotated[int, "its worst rank over the methods"]


class CompareBlock(TypedDict):
    methods: Annotated[list[str], "the methods compared, the scenario's own first"]
    ranks: Annotated[dict[str, dict[str, int]], "method -> measure id -> the group's rank by it (1 = best; ties share)"]
    kendall_tau: Annotated[dict[str, dict[str, Union[Number, None]]], "method -> method -> Kendall's tau-b; null "
                           "when a method ties every measure"]
    spearman_rho: Annotated[dict[str, dict[str, Union[Number, None]]], "method -> method -> Spearman's rho (mid-ranks)"]
    ws: Annotated[dict[str, dict[str, Number]], "reference method -> method -> WS similarity (Salabun & Urbaniak "
                  "2020; weighs the top of the reference ranking most)"]
    same_top: Annotated[bool, "whether every method ranks the same measure(s) first"]
    disagreements: Annotated[list[Disagreement], "measures whose rank differs between methods, largest spread first"]
    consensus: Annotated[dict[str, dict[str, int]], "rule (borda, copeland, kemeny) -> measure id -> consensus rank"]
    kemeny_note: Annotated[str, "why there is no Kemeny ranking ('' when there is)"]


class ReplacedBest(TypedDict):
    replaced: Annotated[str, "the non-optimal measure replaced by a worse one"]
    new_best: Annotated[list[str], "the best measure(s) afterwards"]


class LeftOutReversal(TypedDict):
    removed: Annotated[str, "the measure left out"]
    reversed: Annotated[list[list[str]], "pairs [a, b]: a above b with it, below b without it"]


class ReversalAudit(TypedDict):
    passed: Annotated[dict[str, bool], "test (worse_replacement, transitivity, decomposition, leave_one_out) -> "
                      "no failure found"]
    worse_replacement: Annotated[list[ReplacedBest], "test 1 failures"]
    untested: Annotated[list[str], "measures already worst on every criterion (test 1 not applicable)"]
    intransitive: Annotated[list[list[str]], "test 2 failures: [a, b, c], a >= b and b >= c in their two-measure "
                            "problems while c beats a (at most 20 listed)"]
    intransitive_count: Annotated[int, "all test 2 failures (sets of three measures)"]
    decomposition: Annotated[list[list[str]], "test 3 failures: [a, b], a ranked above (or level with) b, their "
                             "two-measure problem says otherwise (at most 20 listed)"]
    decomposition_count: Annotated[int, "all test 3 failures"]
    leave_one_out: Annotated[list[LeftOutReversal], "leave-one-out reversals (at most 20 measures listed)"]
    leave_one_out_count: Annotated[int, "all reversed pairs, summed over the measures left out"]


class RankReversalBlock(TypedDict):
    delta: Annotated[Number, "how far a replaced measure moves toward the worst values (test 1)"]
    methods: Annotated[dict[str, ReversalAudit], "method -> its audit (Wang & Triantaphyllou 2008)"]


class MethodComparisonBlock(TypedDict):
    methods: Annotated[list[str], "the scenario's method, then those of method.compare"]
    compare: Annotated[Union[CompareBlock, None], "the group's rankings side by side; null with one method"]
    rank_reversal: Annotated[Union[RankReversalBlock, None], "the audit (method.rank_reversal); null when not asked "
                             "or not run"]
    reversal_note: Annotated[str, "why the audit was not run ('' otherwise)"]

# -- the file ----------------------------------------------------------------------------------------

class _Results(TypedDict):
    format_version: Annotated[str, "version of this format (see KNOWN_VERSIONS)"]
    scenario: Annotated[ScenarioBlock, "the scenario as read"]
    appraisal: Annotated[AppraisalBlock, "the MKBA"]
    matrix: Annotated[MatrixBlock, "the decision matrix"]
    weights: Annotated[WeightsBlock, "each party's weights and the group's"]
    scores: Annotated[ScoresBlock, "rankings per party and for the group"]
    provenance: Annotated[ProvenanceBlock, "what produced the file"]


class Results(_Results, total=False):
    """The content of results.json."""

    sensitivity: Annotated[SensitivityBlock, "with the sensitivity analysis"]
    portfolio: Annotated[PortfolioBlock, "with a budget"]
    roadmap: Annotated[RoadmapBlock, "with a chosen portfolio"]
    monitoring: Annotated[list[Track], "with monitoring ambitions"]
    map: Annotated[MapBlock, "with a map section"]
    futures: Annotated[list[FutureBlock], "with futures in the scenario: each appraised like the base"]
    ambitions: Annotated[AmbitionsBlock, "with shared ambitions in the scenario and a portfolio"]
    method_comparison: Annotated[MethodComparisonBlock, "with method.compare or method.rank_reversal in the scenario"]
    missing: Annotated[MissingBlock, "with missing criterion cells: the ranks at the ends of each (issue 20)"]
    themes: Annotated[ThemesBlock, "with a value_tree: each theme's weight, rank and stability per party (issue 21)"]
