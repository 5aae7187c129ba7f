"""The blocks of ``results.json`` as :class:`typing.TypedDict` classes, one field a line with its
type and meaning (``Annotated`` metadata), from which docs/results-format.md is generated.

A ``total=False`` class holds the optional fields of the block it extends; ``X | None`` (written
``Union[X, None]``, the package supports Python 3.10) is a field that is always there and may be null.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, TypedDict, Union

__all__ = ["FORMAT_VERSION", "KNOWN_VERSIONS", "Number", "ScenarioAppraisal", "ScenarioCriterion",
           "ScenarioStakeholder", "ScenarioMeasure", "Warning_", "ScenarioBlock", "Discount", "AppraisalRow",
           "Totals", "Distribution", "AppraisalBlock", "MatrixCriterion", "MatrixBlock", "StakeholderWeights",
           "WeightsBlock", "RankRow", "ScoresBlock", "Budget", "Greedy", "FrontierPoint", "Frontier", "Cap",
           "DiagnosisPart", "Diagnosis", "PortfolioRule", "StakeholderPortfolios", "PackageRow", "PackageTotals",
           "BudgetUse", "PackageBlock", "ForcedSolve", "LeftOut", "PortfolioBlock", "Sampler",
           "MCError", "SMAA", "Stability", "Critical", "TornadoBar", "Tornado", "SampledPortfolio", "Robustness",
           "SwitchingValue", "SensitivityBlock", "Task", "RoadmapBlock", "Track", "Area", "Layer", "Place",
           "MapBlock", "SolverInfo", "ProvenanceBlock", "Results"]

FORMAT_VERSION = "1"
"""The version written into ``results.json`` as ``format_version``. Raise it when a field is renamed,
removed or changes meaning; adding an optional field keeps it."""
KNOWN_VERSIONS = ("1",)
"""The format versions this mkba reads."""

Number = float
"""A JSON number; an integer value (written as 12.0 or 12) is accepted too."""


# -- scenario ----------------------------------------------------------------------------------------

class ScenarioAppraisal(TypedDict):
    price_year: Annotated[int, "year whose prices all amounts are in"]
    start_year: Annotated[int, "first year of the appraisal (year 0 of discounting)"]
    horizon: Annotated[int, "years appraised"]
    discount: Annotated[Union[str, Number], "discount set name (e.g. nl-2026) or a constant rate"]


class ScenarioCriterion(TypedDict):
    id: Annotated[str, "criterion id"]
    name: Annotated[str, "criterion name, in the scenario's language"]
    unit: Annotated[str, "unit of the effects (per year for monetised criteria)"]
    direction: Annotated[Literal["benefit", "cost"], "whether more is better (benefit) or worse (cost)"]
    theme: Annotated[str, "theme the criterion belongs to ('' if none)"]
    shadow_price: Annotated[Union[Number, None], "EUR per unit; null for a PM criterion (not in money)"]
    receivers: Annotated[dict[str, Number], "party id -> share of the monetised effect it receives"]


class ScenarioStakeholder(TypedDict):
    id: Annotated[str, "party id"]
    name: Annotated[str, "party name"]
    influence: Annotated[Number, "influence as given in the scenario (not normalised)"]
    elicitation: Annotated[str, "how the weights were elicited: direct, ahp, swing or ranking"]
    survey: Annotated[dict[str, Any], "survey settings of the party (respondents, concentration); {} if none"]


class ScenarioMeasure(TypedDict):
    id: Annotated[str, "measure id"]
    name: Annotated[str, "measure name"]
    theme: Annotated[str, "theme of the measure"]
    start_year: Annotated[int, "first year of the measure as planned"]
    investment: Annotated[dict[str, Number], "year -> investment in that year, EUR (nominal, price year)"]
    running_cost: Annotated[Number, "running cost per year in use, EUR"]
    lifetime: Annotated[int, "years in use"]
    payers: Annotated[dict[str, Number], "party id -> share of the costs it pays (shares sum to 1)"]


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


# -- appraisal --------------------------------------------------------------------------------------

class Discount(TypedDict):
    name: Annotated[str, "discount set name (nl-2021, nl-2026, uk-green-book, constant-...)"]
    version: Annotated[str, "version (date) of the set"]
    description: Annotated[str, "the set in words (English)"]
    source: Annotated[str, "where the rates come from; 'scenario input' for a rate of the scenario"]
    steps: Annotated[list[list[Number]], "[last year, rate] per step before the final rate"]
    final_rate: Annotated[Number, "rate (fraction) after the last step, or the constant rate"]


class AppraisalRow(TypedDict):
    pv_investment: Annotated[Number, "present value of the investment, EUR"]
    pv_running_cost: Annotated[Number, "present value of the running costs, EUR"]
    pv_costs: Annotated[Number, "pv_investment + pv_running_cost, EUR"]
    pv_benefits: Annotated[Number, "present value of the monetised benefits, EUR; per criterion also pv_<id>"]
    npv: Annotated[Number, "net present value (saldo) pv_benefits - pv_costs, EUR; per PM criterion also pm_<id>"]
    bcr: Annotated[Union[Number, None], "benefit/cost ratio pv_benefits / pv_costs; null without costs"]


class Totals(TypedDict):
    pv_investment: Annotated[Number, "sum over the measures, EUR"]
    pv_running_cost: Annotated[Number, "sum over the measures, EUR"]
    pv_costs: Annotated[Number, "sum over the measures, EUR"]
    pv_benefits: Annotated[Number, "sum over the measures, EUR"]
    npv: Annotated[Number, "sum over the measures, EUR"]


class Distribution(TypedDict):
    actors: Annotated[list[str], "party ids, 'society' included, column order of the table"]
    items: Annotated[list[str], "cost and benefit items (investment, running_cost, transfers, criteria)"]
    by_item: Annotated[dict[str, dict[str, Number]], "item -> party -> present value (EUR, costs negative)"]


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


# -- portfolio ---------------------------------------------------------------------------------------

class Budget(TypedDict):
    total: Annotated[Union[Number, None], "total budget, EUR (nominal); null when only yearly or payer caps"]
    per_year: Annotated[dict[str, Number], "year -> budget that year, EUR"]
    carry_over: Annotated[bool, "whether unspent money moves on to the next year"]


class _Greedy(TypedDict):
    selected: Annotated[list[str], "measures benefit/cost greedy funds"]
    value: Annotated[Union[Number, None], "its objective value"]
    objective: Annotated[Union[Number, None], "the same value (the report's name)"]
    feasible: Annotated[bool, "whether greedy's set keeps every rule"]
    violations: Annotated[list[str], "rules greedy's set breaks (English)"]
    optimum: Annotated[Union[Number, None], "the optimum it is compared with"]
    value_lost: Annotated[Union[Number, None], "optimum - value"]
    share_lost: Annotated[Union[Number, None], "value_lost / optimum"]
    start_years: Annotated[dict[str, int], "measure id -> start year chosen, where it moved"]
    cost: Annotated[Number, "PV of all its costs, EUR"]
    spend: Annotated[Number, "investment counted against the budget, EUR (nominal)"]


class Greedy(_Greedy, total=False):
    ranked_by: Annotated[Literal["bcr"], "what the simple package ranks on: value per euro of investment "
                                         "(benefit/cost ratio)"]
    broken: Annotated[list[DiagnosisPart], "the rules and budget lines greedy's set breaks, as data (kind 'rule' "
                                           "as in a diagnosis; kind 'cap' with amount = what greedy's set needs); "
                                           "[] when feasible"]


class FrontierPoint(TypedDict):
    budget: Annotated[Union[Number, None], "total budget of the point, EUR"]
    spend: Annotated[Union[Number, None], "investment of the best set, EUR"]
    cost: Annotated[Union[Number, None], "PV of the best set's costs, EUR; null without a solution"]
    objective: Annotated[Union[Number, None], "objective value of the best set"]
    selected: Annotated[list[str], "the best set at this budget"]
    status: Annotated[str, "solver status of the point"]


class Frontier(TypedDict):
    budgets: Annotated[list[Union[Number, None]], "the budget levels, EUR"]
    values: Annotated[list[Union[Number, None]], "objective per level"]
    spend: Annotated[list[Union[Number, None]], "investment per level, EUR"]
    statuses: Annotated[list[str], "solver status per level"]
    selected: Annotated[list[list[str]], "set per level"]
    entry_budget: Annotated[dict[str, Union[Number, None]], "measure id -> lowest budget at which it is chosen"]
    exact: Annotated[bool, "whether every breakpoint was found"]
    solver: Annotated[str, "solver"]
    status: Annotated[str, "overall status"]
    message: Annotated[str, "why not exact, if not (English)"]
    points: Annotated[list[FrontierPoint], "one per budget level"]


class _Cap(TypedDict):
    kind: Annotated[str, "budget_total, budget_year, payer or running"]
    amount: Annotated[Union[Number, None], "the cap, EUR"]


class Cap(_Cap, total=False):
    year: Annotated[Union[Number, None], "year of a yearly cap"]
    payer: Annotated[str, "party of a payer cap"]


class _DiagnosisPart(TypedDict):
    kind: Annotated[Literal["mandatory_cap", "cap", "mandatory", "rule"], "what conflicts; the fields below by kind"]


class DiagnosisPart(_DiagnosisPart, total=False):
    rule: Annotated[str, "rule kind (mandatory, forbidden, exclusive, requires, theme, synergy, start_year)"]
    label: Annotated[str, "the rule in words (English)"]
    measures: Annotated[list[str], "measures of the rule; of a cap part: the measures whose costs make amount"]
    measure: Annotated[str, "the measure of a requires or start_year rule"]
    on: Annotated[list[str], "prerequisites of a requires rule"]
    lag: Annotated[Union[Number, None], "years between prerequisite and measure"]
    at_most: Annotated[int, "how many of an exclusive group may be chosen"]
    theme: Annotated[str, "theme of a theme rule"]
    min_count: Annotated[Union[Number, None], "theme rule limit"]
    max_count: Annotated[Union[Number, None], "theme rule limit"]
    min_spend: Annotated[Union[Number, None], "theme rule limit, EUR"]
    max_spend: Annotated[Union[Number, None], "theme rule limit, EUR"]
    years: Annotated[list[int], "allowed start years"]
    amount: Annotated[Union[Number, None], "what the mandatory measures (mandatory_cap) or a selection (cap) "
                                           "need of the cap, EUR"]
    running: Annotated[bool, "whether the cap is on running costs"]
    digits: Annotated[int, "decimals of millions that tell amount and cap apart"]
    cap: Annotated[Cap, "the cap in conflict"]


class Diagnosis(TypedDict):
    keys: Annotated[list[str], "the conflicting rule groups"]
    origins: Annotated[list[str], "where each is written (file, line)"]
    labels: Annotated[list[str], "each in words (English)"]
    message: Annotated[str, "the conflict in words (English)"]
    tests: Annotated[int, "feasibility tests the diagnosis needed"]
    parts: Annotated[list[DiagnosisPart], "the conflict as data, phrased by the report"]
    where: Annotated[list[str], "the origins, each once"]


class PortfolioRule(TypedDict):
    rule: Annotated[str, "the rule in words (English)"]
    origin: Annotated[Union[str, None], "where it is written (file, line)"]


class StakeholderPortfolios(TypedDict):
    stakeholders: Annotated[list[str], "party ids, column order of shares"]
    portfolios: Annotated[list[str], "row ids: each party, 'group' and 'compromise'"]
    selected: Annotated[dict[str, list[str]], "row id -> its portfolio"]
    best: Annotated[list[Union[Number, None]], "each party's own best value"]
    shares: Annotated[list[list[Union[Number, None]]], "rows x parties: share of the party's best value"]
    values: Annotated[list[list[Union[Number, None]]], "rows x parties: the party's value of the row"]
    group_values: Annotated[list[Union[Number, None]], "group value per row"]
    min_share: Annotated[Union[Number, None], "compromise's lowest share"]
    statuses: Annotated[list[str], "solver status per solve"]
    solver: Annotated[str, "solver"]
    status: Annotated[str, "overall status"]
    message: Annotated[str, "what went wrong, if anything (English)"]


class PackageRow(TypedDict):
    measure: Annotated[str, "measure id"]
    start_year: Annotated[int, "the start year chosen (portfolio.start_years, else the planned one)"]
    investment: Annotated[Number, "investment, EUR, nominal (undiscounted, price-year euros)"]
    pv_investment: Annotated[Number, "present value of the investment at the chosen start year, EUR"]
    pv_running_cost: Annotated[Number, "present value of the running costs at the chosen start year, EUR"]
    pv_costs: Annotated[Number, "pv_investment + pv_running_cost, EUR"]
    pv_benefits: Annotated[Number, "present value of the monetised benefits at the chosen start year, EUR"]
    npv: Annotated[Number, "pv_benefits - pv_costs (saldo), EUR"]
    bcr: Annotated[Union[Number, None], "pv_benefits / pv_costs; null without costs"]
    pm: Annotated[dict[str, Number], "PM criterion id -> its effect in its own unit (a change, not a level)"]
    payers: Annotated[dict[str, Number], "party id -> share of the costs it pays (sum 1)"]


class PackageTotals(TypedDict):
    investment: Annotated[Number, "sum of the nominal investments, EUR"]
    pv_investment: Annotated[Number, "sum over the package, EUR"]
    pv_running_cost: Annotated[Number, "sum over the package, EUR"]
    pv_costs: Annotated[Number, "sum over the package, EUR"]
    pv_benefits: Annotated[Number, "sum over the package, EUR"]
    npv: Annotated[Number, "saldo of the package, EUR"]
    bcr: Annotated[Union[Number, None], "pv_benefits / pv_costs of the package; null without costs"]
    irr: Annotated[Union[Number, None], "internal rate of return of the package's yearly net flows (fraction); "
                                        "null when the flows do not change sign or the root is not unique"]
    first_year_return: Annotated[Union[Number, None], "net benefits (monetised benefits - running costs) in the "
                                                      "first year all its measures are in use / nominal "
                                                      "investment (fraction); null when there is no such year "
                                                      "within the horizon or nothing is invested"]
    pm: Annotated[dict[str, Number], "PM criterion id -> sum of the effects over the package"]


class BudgetUse(TypedDict):
    kind: Annotated[Literal["total", "year", "payer", "running"], "which cap"]
    year: Annotated[Union[int, None], "year of a yearly budget or running-cost cap"]
    payer: Annotated[Union[str, None], "party of a payer cap"]
    amount: Annotated[Number, "the cap, EUR (with carry-over: the budgets up to and including the year)"]
    used: Annotated[Number, "what the package spends against it, EUR (nominal; with carry-over: up to the year)"]
    binding: Annotated[bool, "used within a cent or 1e-9 relative of amount, or the cap keeps a left-out measure "
                             "out (portfolio.left_out)"]
    cumulative: Annotated[bool, "a yearly budget with carry-over: amount and used are sums up to the year"]


class PackageBlock(TypedDict):
    measures: Annotated[list[PackageRow], "the chosen measures in the order of portfolio.selected"]
    totals: Annotated[PackageTotals, "the package against the nulalternatief"]
    pv_benefits_by_criterion: Annotated[dict[str, Number], "monetised criterion id -> PV over the package, EUR"]
    distribution: Annotated[Distribution, "who pays and who gains, for the package only (transfers included)"]
    budgets: Annotated[list[BudgetUse], "every cap the portfolio had to keep, with what the package uses"]


class ForcedSolve(TypedDict):
    status: Annotated[str, "solver status of the problem solved again with the measure forced in"]
    objective: Annotated[Union[Number, None], "best objective with it; null when infeasible"]
    value_lost: Annotated[Union[Number, None], "portfolio.objective - objective (>= 0); null when infeasible"]
    dropped: Annotated[list[str], "chosen now, not in the best package with it"]
    added: Annotated[list[str], "in the best package with it (besides the measure itself), not chosen now"]


class LeftOut(TypedDict):
    measure: Annotated[str, "measure id"]
    group_rank: Annotated[int, "its place in the group ranking"]
    npv: Annotated[Number, "its saldo (appraisal), EUR"]
    bcr: Annotated[Union[Number, None], "its benefit/cost ratio (appraisal); null without costs"]
    reason: Annotated[Literal["rule", "budget", "value"], "rule: no package with it keeps the rules (forced in, "
                                                         "infeasible); budget: with it, caps make chosen measures "
                                                         "go; value: it fits but is worth less than what it "
                                                         "displaces or adds"]
    forced: Annotated[ForcedSolve, "the problem solved again with the measure forced in"]
    binding: Annotated[list[DiagnosisPart], "what keeps it out: for rule the diagnosis of the forced problem (a "
                                            "cap part's measures are the ones whose cost makes amount, the "
                                            "measure itself included); for budget and value what adding each "
                                            "dropped measure back would break (a cap part's measures: that "
                                            "measure) and the caps the forced optimum uses up"]


class _PortfolioBlock(TypedDict):
    status: Annotated[str, "optimal, time_limit, infeasible, ..."]
    message: Annotated[str, "the solver's message (English; '' when fine)"]
    selected: Annotated[list[str], "the chosen measures"]
    objective: Annotated[Union[Number, None], "objective value of the chosen set (EUR for npv, else value points)"]
    objective_name: Annotated[Literal["npv", "value", "value+npv"], "what is maximised"]
    unit: Annotated[str, "unit of the objective"]
    weights: Annotated[str, "whose weights the value uses ('group')"]
    gap: Annotated[Union[Number, None], "relative MIP gap at the end"]
    bound: Annotated[Union[Number, None], "best bound of the objective"]
    solver: Annotated[str, "solver (highs or cbc)"]
    solver_version: Annotated[str, "its version"]
    options: Annotated[dict[str, Any], "solver options used"]
    start_years: Annotated[dict[str, int], "measure id -> start year chosen, where it moved"]
    spend: Annotated[Union[Number, None], "investment counted against the budget, EUR (nominal)"]
    cost: Annotated[Union[Number, None], "PV of all costs of the chosen set, running costs included, EUR"]
    budget: Annotated[Budget, "the budget"]
    problem: Annotated[dict[str, Any], "size of the problem (measures, years, rules, payers)"]
    values: Annotated[dict[str, Number], "measure id -> its objective coefficient"]
    rules: Annotated[list[PortfolioRule], "the scenario's portfolio rules"]
    greedy: Annotated[Union[Greedy, None], "what benefit/cost greedy would fund"]
    diagnosis: Annotated[Union[Diagnosis, None], "when infeasible: the smallest set of conflicting rules"]
    stakeholders: Annotated[Union[StakeholderPortfolios, None], "each party's own best portfolio"]


class PortfolioBlock(_PortfolioBlock, total=False):
    frontier: Annotated[Frontier, "the exact value-for-money frontier (when computed)"]
    package: Annotated[PackageBlock, "the chosen package against the nulalternatief, at the chosen start years "
                                     "(when there is a solution)"]
    left_out: Annotated[list[LeftOut], "each measure in the group ranking's top max(5, chosen) places (at most "
                                       "15) not chosen, in rank order, with the model's answer why"]


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
    kind: Annotated[Literal["weight", "effect", "investment", "discount"], "what is varied"]
    criterion: Annotated[Union[str, None], "criterion of a weight or effect bar"]
    measure: Annotated[Union[str, None], "measure of an effect bar"]
    input: Annotated[str, "the input in words (English)"]
    label: Annotated[str, "input (low / high) in words (English)"]
    low: Annotated[Union[Number, str], "low setting: a weight, effect or investment factor; a discount set name"]
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


class Track(TypedDict):
    id: Annotated[str, "ambition id"]
    name: Annotated[str, "ambition name"]
    unit: Annotated[str, "unit"]
    criterion: Annotated[Union[str, None], "criterion the plan is derived from, if any"]
    years: Annotated[list[int], "years, without gaps"]
    planned: Annotated[list[Union[Number, None]], "planned per year"]
    realised: Annotated[list[Union[Number, None]], "realised per year"]


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
