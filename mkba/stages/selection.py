"""The portfolio stage of a run: from the scenario's budget and rules to the chosen measures.

``build_problem`` turns a scenario (budget, rules, start-year options) and the appraisal into a
solver-free :class:`mkba.portfolio.PortfolioProblem` whose every rule points back at its line
in the scenario file; ``select_portfolio`` solves it and adds what a steering group asks next:
the benefit/cost-greedy list beside the optimum, the efficient frontier over budgets and each
party's own optimum with the cross-evaluation and the maximin compromise.

The objective is additive and anchored at "not done" = 0 (methodology B.2, R9): the NPV, or
an MAVT value with linear value functions that are zero at zero effect, scaled by the largest
absolute effect on the longlist (``mkba.portfolio.anchored_values``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from .. import portfolio as pf
from .appraisal import Appraisal, PackageAppraisal, StartOptions, appraise_package, start_year_options
from .check import read_scenario
from ..errors import InputIssue, MethodError, ScenarioError
from .matrix import DecisionMatrix
from ..model import Budget, Measure, PortfolioSettings, Rule, Scenario
from ..portfolio.rules import Rule as PortfolioRule
from ..portfolio.left_out import left_out, top_not_chosen
from .prepare import prepare
from .targets import ambition_rules
from ..portfolio.ambitions import settle_goals
from .scoring import Scores
from .weighting import WeightTable

__all__ = ["PortfolioResult", "DEFAULT_TIME_LIMIT", "check_time_limit", "objective_values", "objective_values_batch",
           "start_option_values",
           "build_problem", "problem_from_scenario", "select_portfolio", "portfolio_table", "left_out_rows",
           "LEFT_OUT_LIMIT"]


DEFAULT_TIME_LIMIT = PortfolioSettings.time_limit
"""Seconds the solver may spend on each solve unless the scenario's ``portfolio.time_limit`` or
``mkba run --time-limit`` say otherwise."""

SCENARIO = "scenario"
"""``time_limit=SCENARIO``: the scenario's ``portfolio.time_limit`` (default :data:`DEFAULT_TIME_LIMIT`)."""


def check_time_limit(time_limit: float | str | None) -> float | None:
    """``time_limit`` as a float of seconds (None: no limit); anything else is a :class:`ValueError`."""
    if time_limit is None:
        return None
    try:
        seconds = float(time_limit)
    except (TypeError, ValueError):
        raise ValueError(f"time limit {time_limit!r}: expected seconds > 0, e.g. 60 (or None for no limit)") from None
    if not (seconds > 0 and np.isfinite(seconds)):
        raise ValueError(f"time limit {time_limit!r}: expected a finite number of seconds > 0, e.g. 60 "
                         "(or None for no limit)")
    return seconds


GREEDY_RANKED_BY = "bcr"
"""What the simple package ranks on: value per euro of investment, the benefit/cost ratio a spreadsheet
would sort on (:func:`mkba.portfolio.greedy.greedy_order`)."""

OBJECTIVES = ("npv", "value", "value+npv")
"""The scenario's portfolio objectives (methodology B.2): NPV, MAVT value over the PM criteria,
MAVT value with the NPV as one of the criteria."""


@dataclass(frozen=True)
class PortfolioResult:
    """The chosen portfolio with its comparisons (greedy inside ``portfolio``), frontier and parties."""

    objective: str
    weights: str
    unit: str
    problem: pf.PortfolioProblem
    portfolio: pf.Portfolio
    frontier: pf.Frontier | None
    stakeholders: pf.StakeholderAnalysis | None
    pv_costs: np.ndarray
    time_limit: float | None = DEFAULT_TIME_LIMIT  # seconds per solve, also for the sensitivity re-optimisations
    greedy_broken: tuple[dict, ...] = ()
    """The rules and budget lines greedy's set breaks, as diagnosis parts (:func:`mkba.portfolio.broken_parts`)."""
    package: PackageAppraisal | None = None
    """The chosen package against the nulalternatief, at the chosen start years (None without a solution)."""
    budgets: tuple[pf.CapUse, ...] = ()
    """Every budget line the portfolio had to keep, with what the package uses of it."""
    left_out: tuple[dict, ...] = ()
    """The group's top-ranked measures not chosen, each with the model's answer why (results.json rows)."""
    start_options: Mapping[str, StartOptions] = field(default_factory=dict)
    """The measures with a choice of start years, appraised at each (``pv_costs`` holds the planned years)."""
    other_years: str = "unlimited"
    """What a year without its own budget line may spend (the scenario's ``budget.other_years``)."""

    def pv_cost(self, selected: Iterable[str], starts: Mapping[str, int] | None = None) -> float:
        """Present value of all costs (investment and running) of the measures in ``selected``, each
        discounted from its start year in ``starts`` (the planned year where missing)."""
        chosen, starts = set(selected), starts or {}
        return float(sum(self.start_options[m].at(starts[m])[1] if m in starts and m in self.start_options else c
                         for m, c in zip(self.problem.ids, self.pv_costs) if m in chosen))

    def to_dict(self) -> dict:
        """The portfolio for results.json: the chosen set, its objective, ``cost`` (PV of all its
        costs, running costs included) and ``spend`` (the investment that counts against the
        budget), the same for greedy and every frontier point, the parties' portfolios."""
        p, prob = self.portfolio, self.problem
        if prob.budget_per_year is None:  # PortfolioProblem.__post_init__ fills it (inf = no cap)
            raise ValueError("the portfolio problem has no budget per year")
        data = p.to_dict()
        for timing in ("build_time", "solve_time"):  # wall-clock: kept on the object, not in the result files
            data.pop(timing, None)
        data.update({
            "objective_name": self.objective, "weights": self.weights, "unit": self.unit,
            "cost": self.pv_cost(p.selected, p.start_years) if p.has_solution else None,
            "budget": {"total": prob.budget_total if np.isfinite(prob.budget_total) else None,
                       "per_year": {str(y): float(b) for y, b in zip(prob.years, prob.budget_per_year)
                                    if np.isfinite(b)},
                       "carry_over": prob.carry_over,
                       **({"other_years": self.other_years} if self.other_years != "unlimited" else {})},
            "problem": prob.summary(),
            "values": dict(zip(prob.ids, map(float, prob.values))),
            "rules": [{"rule": r.label or type(r).__name__, "origin": r.origin, **({"part": part} if part else {})}
                      for r, part in zip(prob.rules, pf.rule_parts(prob))],
            # the NPV of each start a measure may take, so a package is valued at its own starts (the explorer)
            **({"start_options": {m: {"years": list(o.years), "npv": list(o.npv)} for m, o in self.start_options.items()}}
               if self.start_options else {}),
        })
        if p.greedy is not None:
            data["greedy"] = {**data["greedy"], "objective": p.greedy.value,
                              "cost": self.pv_cost(p.greedy.selected, p.greedy.start_years),
                              "spend": float(pf.spend_per_year(prob, p.greedy.selected, p.greedy.start_years).sum()),
                              "ranked_by": GREEDY_RANKED_BY, "broken": [dict(b) for b in self.greedy_broken]}
        if self.frontier is not None:
            f = self.frontier.to_dict()
            f["points"] = [{"budget": b, "spend": sp, "cost": self.pv_cost(sel) if st in pf.HAS_SOLUTION else None,
                            "objective": v, "selected": sel, "status": st}
                           for b, sp, v, sel, st in zip(f["budgets"], f["spend"], f["values"], f["selected"],
                                                        f["statuses"])]
            data["frontier"] = f
        data["stakeholders"] = self.stakeholders.to_dict() if self.stakeholders is not None else None
        if self.package is not None:
            blocking = [p["cap"] for row in self.left_out for p in row["binding"] if p["kind"] == "cap"]
            budgets = [{**b.to_dict(), "binding": b.binding or b.part["cap"] in blocking} for b in self.budgets]
            data["package"] = {**self.package.to_dict(), "budgets": budgets}
            data["left_out"] = [dict(row) for row in self.left_out]
        return data

    def to_frame(self) -> pd.DataFrame:
        """One row per measure, chosen or not: selected, start year and greedy's choice
        (:meth:`mkba.portfolio.Portfolio.to_frame`), the present value of its costs and its value in the
        objective, both at the start year the portfolio chose."""
        frame = self.portfolio.to_frame()
        frame["pv_costs"] = self.pv_costs
        frame["value"] = self.problem.values
        choices = {r.measure: r for r in self.problem.rules if isinstance(r, pf.StartYearChoice)}
        for mid, year in self.portfolio.start_years.items():
            if mid in self.start_options:
                frame.loc[mid, "pv_costs"] = self.start_options[mid].at(year)[1]
            values = choices[mid].values if mid in choices else None
            if values is not None:
                frame.loc[mid, "value"] = values[choices[mid].years.index(year)]
        return frame

    def __repr__(self) -> str:
        return f"<PortfolioResult {self.objective} ({self.weights}) · {self.portfolio!r}>"


def objective_values(scenario: Scenario, matrix: DecisionMatrix, weights: np.ndarray, objective: str) -> np.ndarray:
    """Additive values per measure for weight row(s) over the matrix criteria.

    ``npv``: the NPV in euros; ``value``: MAVT over the PM criteria only (weights renormalised
    over them); ``value+npv``: MAVT over all matrix criteria with the NPV as one of them.
    """
    if objective == "npv":
        npv = matrix.values[:, 0]
        return np.broadcast_to(npv, np.shape(weights)[:-1] + npv.shape).copy() if np.ndim(weights) == 2 else npv.copy()
    cols, w, scale = _mavt_terms(matrix, weights, objective)
    return pf.anchored_values(matrix.values[:, cols], w, matrix.types[cols], scale)


def _mavt_terms(matrix: DecisionMatrix, weights: np.ndarray, objective: str) -> tuple[slice, np.ndarray, np.ndarray]:
    """The matrix columns of an MAVT objective, its weights renormalised over them and the anchors' scale
    (the largest absolute effect on the base longlist, 1 where every effect is 0)."""
    cols = slice(1, None) if objective == "value" else slice(None)
    w = np.asarray(weights, dtype=float)[..., cols]
    total = w.sum(axis=-1, keepdims=True)
    w = np.divide(w, total, out=np.zeros_like(w), where=total > 0)
    base = np.abs(matrix.values[:, cols]).max(axis=0) if len(matrix.values) else np.ones(w.shape[-1])
    return cols, w, np.where(base > 0, base, 1.0)


def start_option_values(scenario: Scenario, matrix: DecisionMatrix, weights: np.ndarray | None,
                        objective: str) -> dict[str, tuple[float, ...]]:
    """Per measure with a choice of start years, its value at each of ``start_years``, so deferring has a price.

    ``npv``: the NPV appraised from that start (:func:`~mkba.stages.appraisal.start_year_options`: costs and
    benefits shifted, the lifetime cut at the horizon). ``value+npv``: the measure's MAVT value with its NPV
    column replaced by that NPV, on the anchors of the base matrix, so no other measure's value moves.
    ``value``: PM scores do not discount, so every start has the measure's own value. ``weights`` is the
    weight row behind the objective (needed for ``value+npv``).
    """
    npvs = {mid: o.npv for mid, o in start_year_options(scenario).items()}
    if objective == "npv" or not npvs:
        return npvs
    if weights is None or np.ndim(weights) != 1:
        raise ValueError(f"objective {objective!r}: the values of the start-year options need the weight row "
                         "(one weight per matrix criterion)")
    cols, w, scale = _mavt_terms(matrix, weights, objective)
    row = {mid: i for i, mid in enumerate(matrix.measures)}
    out: dict[str, tuple[float, ...]] = {}
    for mid, options in npvs.items():
        effects = np.repeat(matrix.values[row[mid]][None, :], len(options), axis=0)
        if objective != "value":
            effects[:, 0] = options
        out[mid] = tuple(pf.anchored_values(effects[:, cols], w, matrix.types[cols], scale).tolist())
    return out


def objective_values_batch(matrix: DecisionMatrix, effects: np.ndarray, weights: np.ndarray,
                           objective: str) -> np.ndarray:
    """(K, n) values for K sampled matrices ``effects`` (K, n, m) and weights (K, m), vectorised.

    As :func:`objective_values`, with the anchors (scale) of the base ``matrix`` fixed, so a value
    moves only because the effects or weights moved (Morton 2015).
    """
    X = np.asarray(effects, float)
    if objective == "npv":
        return X[:, :, 0].copy()
    cols, w, scale = _mavt_terms(matrix, weights, objective)
    return np.einsum("kij,kj->ki", X[:, :, cols] * (matrix.types[cols] / scale), w)


def _origin(scenario: Scenario, rule: Rule) -> str:
    return f"{scenario.source}, line {rule.line}" if rule.line else scenario.source


def _label(rule: Rule) -> str:
    if rule.kind == "requires":
        need = " or ".join(rule.measures[1:])
        lag = rule.params.get("lag", 0)
        return f"{rule.measures[0]} requires {need}" + (f" at least {lag} year(s) earlier" if lag else "")
    if rule.kind == "theme":
        limits = ", ".join(f"{k} {v:g}" for k, v in rule.params.items() if k != "name")
        return f"theme {rule.params['name']}: {limits}"
    return f"{rule.kind} {', '.join(rule.measures)}"


def _settings(scenario: Scenario) -> PortfolioSettings:
    """The scenario's portfolio section; a scenario without one has no portfolio problem."""
    if scenario.portfolio is None:
        raise ValueError("the scenario has no portfolio section, so there is no portfolio problem")
    return scenario.portfolio


def _rules(scenario: Scenario) -> list[PortfolioRule]:
    """Scenario rules as portfolio rule objects, each with its origin and a label."""
    out: list[PortfolioRule] = []
    for r in _settings(scenario).rules:
        origin, label = _origin(scenario, r), _label(r)
        if r.kind == "mandatory":
            out += [pf.Mandatory(m, origin, label) for m in r.measures]
        elif r.kind == "forbidden":
            out += [pf.Forbidden(m, origin, label) for m in r.measures]
        elif r.kind == "exclusive":
            out.append(pf.Exclusive(r.measures, 1, origin, label))
        elif r.kind == "requires":
            out.append(pf.Requires(r.measures[0], tuple(r.measures[1:]), r.params.get("lag"), origin, label))
        elif r.kind == "theme":
            out.append(pf.ThemeLimit(r.params["name"], r.params.get("min_count"), r.params.get("max_count"),
                                     r.params.get("min_spend"), r.params.get("max_spend"), origin, label))
        elif r.kind == "synergy":
            out.append(pf.Synergy(r.measures[0], r.measures[1], r.params.get("value", 0.0),
                                  r.params.get("cost_saving", 0.0), origin, label))
    return out


def build_problem(scenario: Scenario, appraisal: Appraisal, matrix: DecisionMatrix, values: np.ndarray, *,
                  objective: str, budget: float | None = None, weights: np.ndarray | None = None
                  ) -> pf.PortfolioProblem:
    """The portfolio problem of a scenario with the given value per measure.

    Budget years are the appraisal years; investment counts in the year it is spent, running
    costs in the years of use; a measure with ``start_years`` may shift its whole profile, and
    each start has its own value (:func:`start_option_values`; ``weights`` is the weight row behind
    ``values``, needed for ``value+npv``), so deferring a measure costs what its discounting costs.
    ``budget`` overrides the scenario's total budget (``mkba run --budget``).
    """
    settings = _settings(scenario)
    b = settings.budget or Budget()  # no budget in the scenario: only ``budget`` limits the spend
    years = tuple(int(y) for y in appraisal.years)
    col = {y: t for t, y in enumerate(years)}
    n, T = len(scenario.measures), len(years)
    start0 = scenario.appraisal.start_year

    def profiles(m: Measure, shift: int) -> tuple[np.ndarray, np.ndarray]:
        cost, run = np.zeros(T), np.zeros(T)
        for y, amount in m.investment.items():
            if y + shift in col:
                cost[col[y + shift]] += amount
        first = m.first_year_of_use + shift - start0
        run[max(first, 0):max(min(first + m.lifetime, T), 0)] = m.running_cost
        return cost, run

    costs, running = np.zeros((n, T)), np.zeros((n, T))
    choices = []
    option_values = start_option_values(scenario, matrix, weights, objective)
    for i, m in enumerate(scenario.measures):
        costs[i], running[i] = profiles(m, 0)
        if len(m.start_years) > 1:
            options = [profiles(m, y - m.start_year) for y in m.start_years]
            choices.append(pf.StartYearChoice(
                m.id, tuple(m.start_years), tuple(tuple(c) for c, _ in options), option_values[m.id],
                tuple(tuple(r) for _, r in options), f"{scenario.source}, measures row {m.row}",
                f"{m.id} may start in {', '.join(map(str, m.start_years))}"))
    payers = tuple(b.per_payer)
    shares = np.array([[m.payers.get(p, 0.0) for p in payers] for m in scenario.measures]).reshape(n, len(payers))
    # a year without its own line: no cap, or no new money (to the last year anything may be spent; after it
    # the caps change nothing and would only list empty budget lines)
    spent = costs.any(axis=0) | np.array([any(c[k] for ch in choices for c in ch.costs) for k in range(T)], dtype=bool)
    last = int(np.flatnonzero(spent)[-1]) if spent.any() else -1
    other = [np.inf if b.other_years == "unlimited" or k > last else 0.0 for k in range(T)]
    per_year = np.array([b.per_year.get(y, other[k]) for k, y in enumerate(years)]) if b.per_year else None
    caps = np.array([b.running_cost_cap.get(y, np.inf) for y in years]) if b.running_cost_cap else None
    total = budget if budget is not None else (b.total if b.total is not None else np.inf)
    origins = {"budget.total": f"budget total ({scenario.source})" if budget is None else "--budget"}
    origins.update({f"budget.{y}": f"budget {y} ({scenario.source})" if y in b.per_year else
                    f"budget other_years: {b.other_years} ({scenario.source})"
                    for k, y in enumerate(years) if y in b.per_year or (b.per_year and np.isfinite(other[k]))})
    origins.update({f"payer.{p}": f"budget per_payer {p} ({scenario.source})" for p in payers})
    origins.update({f"running.{y}": f"running_cost_cap {y} ({scenario.source})" for y in b.running_cost_cap})
    return pf.PortfolioProblem(
        ids=tuple(m.id for m in scenario.measures), values=values, costs=costs, years=years,
        start=np.array([m.start_year for m in scenario.measures]), budget_total=total, budget_per_year=per_year,
        carry_over=b.carry_over, payers=payers, payer_shares=shares,
        payer_budgets=np.array([b.per_payer[p] for p in payers]) if payers else None,
        running_costs=running, running_caps=caps, themes=tuple(m.theme for m in scenario.measures),
        rules=tuple(_rules(scenario)) + tuple(choices) + ambition_rules(scenario), origins=origins,
        objective="npv" if objective == "npv" else "mavt",
    )


def problem_from_scenario(scenario: Scenario | str | Path, *, objective: str | None = None,
                          weights: str | None = None, budget: float | None = None) -> pf.PortfolioProblem:
    """Appraise and weigh a scenario, then build its portfolio problem (no solve).

    For users who want the problem itself, e.g. to add rules or solve it with their own
    settings; ``mkba.run`` does the same and solves it. Raises :class:`ScenarioError` for bad
    input, including a scenario without a budget when ``budget`` is not given.
    """
    if not isinstance(scenario, Scenario):
        scenario = read_scenario(scenario)
    settings = scenario.portfolio
    if settings is None or settings.budget is None:
        if budget is None:
            raise ScenarioError([InputIssue(file=scenario.source or "scenario", field="budget",
                                            message="the scenario has no budget, so there is no portfolio problem",
                                            expected="a 'budget' section, or budget=... in euros")])
        settings = settings or PortfolioSettings()
        scenario = replace(scenario, portfolio=settings)
    objective = objective or settings.objective
    if objective not in OBJECTIVES:
        pf.refuse_non_additive(objective)  # explains why TOPSIS, VIKOR, PROMETHEE... cannot be summed
        raise MethodError(f"portfolio objective {objective!r}: use one of {', '.join(OBJECTIVES)}")
    appraisal, matrix, table = prepare(scenario)
    label = weights or settings.weights
    if label not in table.labels:
        raise ScenarioError([InputIssue(file=scenario.source or "scenario", field="portfolio.weights", value=label,
                                        message="no such weight set",
                                        expected=", ".join(table.labels))])
    values = objective_values(scenario, matrix, table.all[table.labels.index(label)], objective)
    return build_problem(scenario, appraisal, matrix, values, objective=objective, budget=budget,
                         weights=table.all[table.labels.index(label)])


def select_portfolio(scenario: Scenario, appraisal: Appraisal, matrix: DecisionMatrix, weights: WeightTable, *,
                     solver: str | None = None, budget: float | None = None, max_frontier_points: int = 200,
                     time_limit: float | str | None = SCENARIO, scores: Scores | None = None) -> PortfolioResult | None:
    """Solve the scenario's portfolio question (None when the scenario has no budget).

    Beside the optimum: the exact value-for-money frontier from the mandatory measures' cost up
    to funding everything worth funding (every breakpoint, at most ``max_frontier_points``), and
    each stakeholder's own best portfolio under the same budget and rules.

    ``time_limit`` is the solver's limit in seconds for each solve (the portfolio, each frontier
    point, each party's portfolio; ``mkba run --time-limit``); None sets no limit, ``"scenario"``
    (the default) takes the scenario's ``portfolio.time_limit``. When it is reached, the best
    portfolio found so far is the result, with status ``"time_limit"`` and its gap.

    With ``scores``, the group's top-ranked measures that are not chosen get the model's answer to
    "why not?" (:func:`left_out_rows`): at most :data:`LEFT_OUT_LIMIT` more solves.
    """
    settings = scenario.portfolio
    if time_limit == SCENARIO:
        time_limit = settings.time_limit if settings is not None else DEFAULT_TIME_LIMIT
    time_limit = check_time_limit(time_limit)
    if (settings is None or settings.budget is None) and budget is None:
        return None
    if settings is None:
        settings = PortfolioSettings()
        scenario = replace(scenario, portfolio=settings)
    solver = solver or settings.solver
    labels = weights.labels
    row = labels.index(settings.weights) if settings.weights in labels else labels.index("group")
    values = objective_values(scenario, matrix, weights.all[row], settings.objective)
    try:
        problem = build_problem(scenario, appraisal, matrix, values, objective=settings.objective, budget=budget,
                                weights=weights.all[row])
        problem = settle_goals(problem, solver=solver, time_limit=time_limit)  # soft ambitions: least shortfall first
        chosen = pf.select(problem, solver=solver, time_limit=time_limit)
    except MethodError as err:
        raise ScenarioError([InputIssue(file=scenario.source or "scenario", field="budget/rules", message=str(err),
                                        expected="a budget and rules that fit this longlist")]) from None
    curve = parties = None
    if chosen.has_solution:
        forced = {r.measure for r in problem.rules if isinstance(r, pf.Mandatory)}
        floor = float(problem.costs[[i for i, m in enumerate(problem.ids) if m in forced]].sum())
        curve = pf.frontier(problem, exact=True, max_points=max_frontier_points, lo=floor, solver=solver,
                            time_limit=time_limit)
        if len(weights.stakeholders) > 1:
            party_values = objective_values(scenario, matrix, weights.values, settings.objective)
            parties = pf.stakeholder_portfolios(problem, party_values, stakeholders=weights.stakeholders,
                                                solver=solver, time_limit=time_limit)
    unit = "EUR" if settings.objective == "npv" else "value points"
    g = chosen.greedy
    broken = tuple(pf.broken_parts(problem, g.selected, g.start_years)) if g is not None and not g.feasible else ()
    package: PackageAppraisal | None = None
    budgets: tuple[pf.CapUse, ...] = ()
    left_out: tuple[dict, ...] = ()
    if chosen.has_solution:
        package = appraise_package(scenario, chosen.selected, chosen.start_years)
        budgets = tuple(pf.cap_use(problem, chosen.selected, chosen.start_years))
        if scores is not None:
            left_out = left_out_rows(problem, chosen, scores, appraisal, solver=solver, time_limit=time_limit)
    return PortfolioResult(settings.objective, settings.weights, unit, problem, chosen, curve, parties,
                           appraisal.pv_costs, time_limit, broken, package, budgets, left_out,
                           start_year_options(scenario), (settings.budget or Budget()).other_years)


LEFT_OUT_LIMIT = 15
"""At most this many of the group's top-ranked measures are re-solved with the measure forced in."""


def left_out_rows(problem: pf.PortfolioProblem, chosen: pf.Portfolio, scores: Scores, appraisal: Appraisal, *,
                  solver: str | None = None, time_limit: float | None = None) -> tuple[dict, ...]:
    """``portfolio.left_out``: each measure in the group ranking's top max(5, chosen) places (at most
    :data:`LEFT_OUT_LIMIT`) that is not chosen, in rank order, with its group rank, saldo, B/C and the
    model's answer why (:func:`mkba.portfolio.left_out.left_out`: re-solved with it forced in)."""
    group = scores.labels.index("group")
    rank = dict(zip(scores.measures, map(int, scores.ranks[group])))
    top = top_not_chosen(scores.order("group"), chosen.selected, limit=LEFT_OUT_LIMIT)
    row = {m: i for i, m in enumerate(appraisal.measures)}
    bcr = appraisal.bcr
    return tuple({"measure": a.measure, "group_rank": rank[a.measure], "npv": float(appraisal.npv[row[a.measure]]),
                  "bcr": float(bcr[row[a.measure]]) if np.isfinite(bcr[row[a.measure]]) else None,
                  **{k: v for k, v in a.to_dict().items() if k != "measure"}}
                 for a in left_out(problem, chosen, top, solver=solver, time_limit=time_limit,
                                   limit=LEFT_OUT_LIMIT))


def portfolio_table(result: PortfolioResult, scenario: Scenario, appraisal: Appraisal) -> pd.DataFrame:
    """portfolio.csv: one row per measure, chosen or not, with cost, value and who pays what; a measure
    the portfolio moves has its present values and value at the chosen start year."""
    frame = result.to_frame()
    measures = {m.id: m for m in scenario.measures}
    frame.insert(0, "name", [measures[i].name for i in frame.index])
    frame.insert(frame.columns.get_loc("pv_costs"), "investment", [measures[i].total_investment for i in frame.index])
    frame.insert(frame.columns.get_loc("value"), "npv", appraisal.npv)
    for mid, year in result.portfolio.start_years.items():
        if mid in result.start_options:
            frame.loc[mid, "npv"] = result.start_options[mid].at(year)[0]
    for sid in [s.id for s in scenario.stakeholders] + ["society"]:
        share = np.array([measures[i].payers.get(sid, 0.0) for i in frame.index])
        if share.any():
            frame[f"pays_{sid}"] = share * frame["investment"].to_numpy() * frame["selected"].to_numpy()
    return frame

