"""The ``portfolio`` block of ``results.json``: the chosen set, greedy, the frontier, the diagnosis, the
parties' portfolios, the package against the nulalternatief and why top-ranked measures are left out
(re-exported by :mod:`.types`)."""

from __future__ import annotations

from typing import Annotated, Any, Literal, TypedDict, Union

from .common import Distribution, Number

__all__ = ["Budget", "Greedy", "FrontierPoint", "Frontier", "Cap", "DiagnosisPart", "Diagnosis", "PortfolioRule",
           "StakeholderPortfolios", "PackageRow", "PackageTotals", "BudgetUse", "PackageBlock", "ForcedSolve",
           "LeftOut", "PortfolioBlock", "StartOption"]


class _Budget(TypedDict):
    total: Annotated[Union[Number, None], "total budget, EUR (nominal); null when only yearly or payer caps"]
    per_year: Annotated[dict[str, Number], "year -> budget that year, EUR"]
    carry_over: Annotated[bool, "whether unspent money moves on to the next year"]


class Budget(_Budget, total=False):
    other_years: Annotated[Literal["0", "carry"], "what a year without its own budget line may spend: '0' nothing "
                           "(it is in per_year with 0), 'carry' no new money (per_year 0, carry-over may be spent); "
                           "absent: unlimited"]


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
    rule: Annotated[str, "rule kind (mandatory, forbidden, exclusive, requires, theme, synergy, start_year, ambition, "
                         "goal)"]
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
    ambition: Annotated[str, "the ambition of an ambition rule (rule 'ambition')"]
    sense: Annotated[str, "how an ambition's total compares with its level: >=, <= or ="]
    level: Annotated[Union[Number, None], "an ambition target's level; of a goal cap (rule 'goal'): the weighted "
                     "shortfall it allows"]
    year: Annotated[Union[Number, None], "the year an ambition target holds in; null: the horizon"]
    hard: Annotated[bool, "whether the ambition is hard (a rule) or soft (a goal)"]
    priority: Annotated[Union[Number, None], "the goal level of a goal cap (null: goals without a priority)"]


class Diagnosis(TypedDict):
    keys: Annotated[list[str], "the conflicting rule groups"]
    origins: Annotated[list[str], "where each is written (file, line)"]
    labels: Annotated[list[str], "each in words (English)"]
    message: Annotated[str, "the conflict in words (English)"]
    tests: Annotated[int, "feasibility tests the diagnosis needed"]
    parts: Annotated[list[DiagnosisPart], "the conflict as data, phrased by the report"]
    where: Annotated[list[str], "the origins, each once"]


class _PortfolioRule(TypedDict):
    rule: Annotated[str, "the rule in words (English)"]
    origin: Annotated[Union[str, None], "where it is written (file, line)"]


class PortfolioRule(_PortfolioRule, total=False):
    part: Annotated[DiagnosisPart, "the rule as data (kind 'rule', fields as in a diagnosis), phrased by the report "
                                  "in its language; absent in older files"]


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


class _PackageRow(TypedDict):
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


class PackageRow(_PackageRow, total=False):
    pv_residual: Annotated[Number, "present value of the residual value at the horizon, EUR (a negative cost in "
                                   "pv_costs); only with appraisal.residual_value"]


class _PackageTotals(TypedDict):
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


class PackageTotals(_PackageTotals, total=False):
    pv_residual: Annotated[Number, "sum over the package, EUR; only with appraisal.residual_value"]


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


class StartOption(TypedDict):
    years: Annotated[list[int], "the start years the measure may take"]
    npv: Annotated[list[Number], "its NPV when started in each of them, EUR"]


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
    start_options: Annotated[dict[str, StartOption], "measure id -> the NPV at each start year it may take (only "
                                                     "measures with a start-year choice; absent without)"]
    left_out: Annotated[list[LeftOut], "each measure in the group ranking's top max(5, chosen) places (at most "
                                       "15) not chosen, in rank order, with the model's answer why"]
