"""The sensitivity stage of a run: how firm the ranking is across the parties' weightings.

``analyse`` puts the kernels together for one scenario: SMAA-2 over the sampled weights (and
the uncertain effects), weight stability intervals and the most critical criterion at the
group weights, a one-at-a-time tornado and the switching values of every measure's NPV.
Everything is seeded from the run's seed, so the same inputs give the same numbers.

References: Lahdelma & Salminen (2001) SMAA-2; Mareschal (1988), Wolters & Mareschal (1995)
stability intervals; Triantaphyllou & Sánchez (1997) critical criterion; HM Treasury Green
Book (2022) switching values and one-at-a-time sensitivity (methodology.md section D).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .. import mcda
from .. import portfolio as pf
from ..errors import MethodError
from ..io.limits import MAX_SAMPLES
from ..discount import DISCOUNT_SETS
from .appraisal import appraise
from .futures import future_matrices
from .selection import objective_values, objective_values_batch
from ..sensitivity.sampling import (SampleStream, constrained, dirichlet_around, effects as sample_effects, hull, uniform_simplex)
from ..sensitivity.ordinal import monotone
from ..sensitivity.smaa import SMAAResult, smaa
from ..sensitivity.stability import CriticalCriterion, StabilityResult, critical_criterion, stability_intervals

Robustness = pf.Robustness

if TYPE_CHECKING:
    from .appraisal import Appraisal
    from .selection import PortfolioResult
    from .matrix import DecisionMatrix
    from ..model import Scenario
    from .weighting import WeightTable

__all__ = ["Sensitivity", "TornadoBar", "analyse", "sample_matrices", "set_weight", "switching_factors",
           "weight_stream"]


@dataclass(frozen=True)
class TornadoBar:
    """One input moved to its low and its high value, all else at base."""

    input: str
    low_label: str
    high_label: str
    npv: tuple[float, float]
    rank: tuple[int, int]
    top: tuple[str, str]
    portfolio: tuple[float, float] | None = None
    kind: str = ""
    """``"weight"``, ``"effect"``, ``"investment"``, ``"discount"`` or ``"future"``: what the bar moves."""
    criterion: str | None = None
    measure: str | None = None
    values: tuple[float | str, float | str] | None = None
    """The low and high setting as data: a weight, an effect, a cost factor, or a discount-set name."""

    @property
    def npv_swing(self) -> float:
        return abs(self.npv[1] - self.npv[0])

    def to_dict(self) -> dict:
        low, high = self.values if self.values is not None else (self.low_label, self.high_label)
        return {"input": self.input, "label": f"{self.input} ({self.low_label} / {self.high_label})",
                "kind": self.kind, "criterion": self.criterion, "measure": self.measure,
                "low": low, "high": high, "npv_low": self.npv[0],
                "npv_high": self.npv[1], "rank_low": self.rank[0], "rank_high": self.rank[1],
                "top_low": self.top[0], "top_high": self.top[1],
                "portfolio_low": None if self.portfolio is None else _finite(self.portfolio[0]),
                "portfolio_high": None if self.portfolio is None else _finite(self.portfolio[1])}


@dataclass(frozen=True)
class Sensitivity:
    """The sensitivity results of one run (see the module docstring)."""

    measures: tuple[str, ...]
    criteria: tuple[str, ...]
    sampler: dict
    smaa: SMAAResult
    stability: StabilityResult
    critical: CriticalCriterion | None
    critical_note: str
    focus: str
    base_npv: float
    base_rank: int
    tornado: tuple[TornadoBar, ...]
    switching_investment: np.ndarray
    switching_benefits: np.ndarray
    base_portfolio: float | None = None
    robustness: Robustness | None = None

    def to_dict(self) -> dict:
        m = self.smaa
        ra = m.rank_acceptability
        return {
            "sampler": self.sampler,
            "n_samples": m.n_samples,
            "smaa": {
                "method": m.method, "meta_weights": m.meta_weights, "status": m.status,
                "rank_acceptability": {mid: ra[i].tolist() for i, mid in enumerate(self.measures)},
                "first_rank_acceptability": dict(zip(self.measures, ra[:, 0].tolist())),
                "rank_acceptability_mc_error": {mid: np.asarray(m.mc_error["rank_acceptability"])[i].tolist()
                                                for i, mid in enumerate(self.measures)},
                "holistic": dict(zip(self.measures, m.holistic.tolist())),
                "confidence": dict(zip(self.measures, m.confidence.tolist())),
                "central_weights": {mid: dict(zip(self.criteria, m.central_weights[i].tolist()))
                                    for i, mid in enumerate(self.measures)},
                "meta_alpha": np.asarray(m.meta_alpha).tolist(),
                "mc_error": {
                    "holistic": dict(zip(self.measures, np.asarray(m.mc_error["holistic"]).tolist())),
                    "confidence": dict(zip(self.measures, np.asarray(m.mc_error["confidence"]).tolist())),
                    "central_weights": {mid: dict(zip(self.criteria, row.tolist())) for mid, row
                                        in zip(self.measures, np.asarray(m.mc_error["central_weights"]))},
                },
                "pairwise_winning": None if m.pairwise_winning is None else {
                    mid: dict(zip(self.measures, m.pairwise_winning[i].tolist())) for i, mid in enumerate(self.measures)},
                "pairwise_winning_mc_error": None if m.pairwise_winning is None else {
                    mid: dict(zip(self.measures, np.asarray(m.mc_error["pairwise_winning"])[i].tolist()))
                    for i, mid in enumerate(self.measures)},
            },
            "stability": {
                "top": self.measures[self.stability.top], "exact": bool(self.stability.exact),
                "top_interval": {c: self.stability.top_interval[k].tolist() for k, c in enumerate(self.criteria)},
                "ranking_interval": {c: self.stability.ranking_interval[k].tolist()
                                     for k, c in enumerate(self.criteria)},
            },
            "critical": self.critical.to_dict() if self.critical is not None else None,
            "critical_note": self.critical_note,
            "tornado": {"measure": self.focus, "base_npv": self.base_npv, "base_rank": self.base_rank,
                        "base_portfolio": self.base_portfolio, "bars": [b.to_dict() for b in self.tornado]},
            "core_index": self.robustness.to_dict()["core_index"] if self.robustness is not None else None,
            "portfolio_robustness": self.robustness.to_dict() if self.robustness is not None else None,
            "switching_values": {
                mid: {"investment_factor": _finite(self.switching_investment[i]),
                      "benefit_factor": _finite(self.switching_benefits[i])}
                for i, mid in enumerate(self.measures)},
        }


    def to_frames(self) -> dict[str, pd.DataFrame]:
        """The tables written beside results.json, by file name: sensitivity.csv (per measure: the
        switching factors, first-rank acceptability and its Monte Carlo error, holistic, confidence,
        rank acceptabilities), tornado.csv, stability.csv, central_weights.csv (with their Monte
        Carlo errors) and, where they exist, critical.csv (Triantaphyllou & Sánchez's percent-top and
        percent-any per criterion), pairwise.csv (the share of samples in which the row's measure
        beats the column's) and core_index.csv (per measure: core index, its Monte Carlo error, RPM
        class)."""
        m = self.smaa
        index = pd.Index(self.measures, name="measure")
        frame = pd.DataFrame(m.rank_acceptability, index=index,
                             columns=[f"rank_{r + 1}" for r in range(len(self.measures))])
        frame.insert(0, "confidence", m.confidence)
        frame.insert(0, "holistic", m.holistic)
        frame.insert(0, "first_rank_mc_error", np.asarray(m.mc_error["rank_acceptability"])[:, 0])
        frame.insert(0, "first_rank", m.rank_acceptability[:, 0])
        frame.insert(0, "switching_benefit_factor", self.switching_benefits)
        frame.insert(0, "switching_investment_factor", self.switching_investment)
        central = pd.DataFrame(m.central_weights, index=index, columns=list(self.criteria))
        central_error = pd.DataFrame(np.asarray(m.mc_error["central_weights"]), index=index,
                                     columns=[f"{c}_mc_error" for c in self.criteria])
        frames = {"sensitivity.csv": frame, "tornado.csv": pd.DataFrame([b.to_dict() for b in self.tornado]),
                  "stability.csv": self.stability.to_frame(self.criteria),
                  "central_weights.csv": central.join(central_error)}
        if self.critical is not None:
            frames["critical.csv"] = self.critical.to_frame(self.criteria)
        if m.pairwise_winning is not None:
            frames["pairwise.csv"] = pd.DataFrame(m.pairwise_winning, index=index, columns=list(self.measures))
        if self.robustness is not None:
            frames["core_index.csv"] = self.robustness.to_frame()
        return frames

    def __repr__(self) -> str:
        b1 = self.smaa.rank_acceptability[:, 0]
        best = int(np.argmax(b1))
        return (f"<Sensitivity {self.smaa.n_samples} samples · {self.sampler.get('kind')} · most often first: "
                f"{self.measures[best]} ({b1[best]:.0%})>")


def _finite(x: float) -> float | None:
    return float(x) if np.isfinite(x) else None


def set_weight(w: np.ndarray, k: int, value: float) -> np.ndarray:
    """Weights with w_k = value and the others rescaled proportionally (they keep their ratios)."""
    out = np.array(w, dtype=float)
    rest = np.arange(out.size) != k
    total = out[rest].sum()
    out[rest] = out[rest] * (1.0 - value) / total if total > 0 else (1.0 - value) / max(rest.sum(), 1)
    out[k] = value
    return out


def _uncertain(scenario: Scenario, matrix_criteria: tuple[str, ...]) -> list[tuple[int, str]]:
    """(measure index, criterion id) of every uncertain effect that moves the matrix."""
    return [(i, cid) for i, m in enumerate(scenario.measures) for cid, e in m.effects.items() if e.uncertain]


def _scaled(scenario: Scenario) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Per criterion with a scale of labels: its values, and the measures (rows) scored with a label with
    each label's index (a missing cell is sampled as an uncertain effect instead)."""
    out = {}
    for c in scenario.criteria:
        if c.scale:
            points = np.array(list(c.scale.values()), dtype=float)
            at = [(i, int(np.searchsorted(points, m.effects[c.id].value))) for i, m in enumerate(scenario.measures)
                  if c.id in m.effects and not m.effects[c.id].missing]
            out[c.id] = (points, np.array([i for i, _ in at], dtype=int), np.array([j for _, j in at], dtype=int))
    return out


def _matrix_with(scenario: Scenario, appraisal: Appraisal, matrix: DecisionMatrix, changes: dict) -> np.ndarray:
    """The decision matrix with some effects replaced: {(measure index, criterion id): value}."""
    x = np.array(matrix.values, dtype=float)
    col = {c: j for j, c in enumerate(matrix.criteria)}
    for (i, cid), value in changes.items():
        c = scenario.criterion(cid)
        delta = value - scenario.measures[i].effects[cid].value
        if c.monetised:
            price, annuity = appraisal.unit_factors(i, cid)  # price x annuity, or the PV over a price path
            x[i, 0] += c.sign * delta * price * annuity
        else:
            x[i, col[cid]] += delta
    return x


def sample_matrices(scenario: Scenario, appraisal: Appraisal, matrix: DecisionMatrix, n: int,
                    seed: np.random.SeedSequence, dist: str = "triangular") -> SampleStream | None:
    """``n`` decision matrices (measures x criteria) with the uncertain effects drawn (``dist``:
    triangular on (low, mode, high), or normal with mean mode and standard deviation (high - low) / 3.92),
    as a stream of blocks: memory is one block, whatever ``n`` (``.array()`` gives all at once).

    The NPV column moves linearly with a monetised effect: ΔNPV_i = s_k·Δe_ik·p_k·A_i with A_i
    the measure's annuity (``Appraisal.use_factor``; over a price path or ramp-up the PV of one unit,
    ``Appraisal.unit_factors``); a PM column takes the drawn effect. None
    when the scenario has no uncertain effects.
    """
    cells = _uncertain(scenario, matrix.criteria)
    scaled = _scaled(scenario)
    if not cells and not scaled:
        return None
    low = np.array([[scenario.measures[i].effects[c].low for i, c in cells]])
    mode = np.array([[scenario.measures[i].effects[c].value for i, c in cells]])
    high = np.array([[scenario.measures[i].effects[c].high for i, c in cells]])
    draws = sample_effects(low, mode, high, n, seed, dist=dist)  # (n, 1, cells), block by block
    col = {c: j for j, c in enumerate(matrix.criteria)}
    rows = np.array([i for i, _ in cells], dtype=int)
    cols = np.array([0 if scenario.criterion(cid).monetised else col[cid] for _, cid in cells], dtype=int)
    money = [(scenario.criterion(cid).sign, *appraisal.unit_factors(i, cid))
             if scenario.criterion(cid).monetised else None for i, cid in cells]
    base = np.asarray(matrix.values, dtype=float)

    def draw(rng: np.random.Generator, k: int) -> np.ndarray:
        delta = draws.draw(rng, k)[:, 0, :] - mode[0]           # (k, cells)
        out = np.broadcast_to(base, (k,) + base.shape).copy()
        for c, mon in enumerate(money):  # cells may share a matrix entry (two monetised effects of one measure)
            out[:, rows[c], cols[c]] += delta[:, c] if mon is None else mon[0] * delta[:, c] * mon[1] * mon[2]
        for cid, (points, at, labels) in scaled.items():  # SMAA-O: the labels' values, any in their order
            out[:, at, col[cid]] = monotone(points, k, rng)[:, labels]
        return out

    return replace(draws, kind="decision matrices", sample_shape=base.shape, draw=draw,
                   params={**draws.params, "cells": [f"{scenario.measures[i].id}:{cid}" for i, cid in cells]})


def first_rows(stream: SampleStream, k: int) -> np.ndarray:
    """The first ``k`` samples of a sample stream, without drawing the rest."""
    out, have = [], 0
    for block in stream.blocks():
        out.append(block[: k - have])
        have += len(out[-1])
        if have >= k:
            break
    return np.concatenate(out)


def scale_investment(problem: pf.PortfolioProblem, factor: float) -> pf.PortfolioProblem:
    """The problem with every investment (and synergy saving) times ``factor``, as budgets / factor.

    :math:`f C x \\le B \\iff C x \\le B / f` for every budget row (total, per year, per payer,
    theme spend), so the rules and start-year options need not be rebuilt. Running costs are
    not investment and keep their caps.
    """
    rules = tuple(replace(r, min_spend=None if r.min_spend is None else r.min_spend / factor,
                          max_spend=None if r.max_spend is None else r.max_spend / factor)
                  if isinstance(r, pf.ThemeLimit) else r for r in problem.rules)
    return replace(problem, budget_total=problem.budget_total / factor,
                   budget_per_year=None if problem.budget_per_year is None else problem.budget_per_year / factor,
                   payer_budgets=None if problem.payer_budgets is None else problem.payer_budgets / factor,
                   rules=rules)


def _portfolio_optima(portfolio: PortfolioResult, weights: WeightTable, matrix: DecisionMatrix,
                      ends: list[tuple[np.ndarray, np.ndarray, float]]) -> list[float]:
    """The portfolio optimum's value at each tornado bar end, re-solved on one model per cost factor.

    The weights of a bar end move the portfolio's weights only when the portfolio uses the
    group's; a cost factor scales every investment (:func:`scale_investment`).
    """

    own = weights.all[weights.labels.index(portfolio.weights)]
    out = [float("nan")] * len(ends)
    for factor in sorted({e[2] for e in ends}):
        rows = [k for k, e in enumerate(ends) if e[2] == factor]
        X = np.stack([ends[k][0] for k in rows])
        W = np.stack([ends[k][1] if portfolio.weights == "group" else own for k in rows])
        problem = portfolio.problem if factor == 1.0 else scale_investment(portfolio.problem, factor)
        r = pf.reoptimise(problem, objective_values_batch(matrix, X, W, portfolio.objective),
                          solver=portfolio.portfolio.solver)
        for k, value in zip(rows, r.objectives):
            out[k] = float(value)
    return out


def respondent_spread(scenario: Scenario, weights: WeightTable) -> np.ndarray | None:
    """Per stakeholder (in ``weights`` order) the Dirichlet concentration fitted to the spread
    between its respondents (``survey.concentration``, from ``mkba collect``), NaN where the
    weights were given directly or by one respondent; None when no stakeholder has one."""
    by_id = {st.id: st.survey.get("concentration") for st in scenario.stakeholders}
    kappa = np.array([np.nan if (c := by_id.get(s)) is None else float(c) for s in weights.stakeholders])
    return kappa if np.isfinite(kappa).any() else None


def switching_factors(pv_benefits: np.ndarray, pv_running: np.ndarray, pv_investment: np.ndarray
                      ) -> tuple[np.ndarray, np.ndarray]:
    """Switching values (HM Treasury Green Book 2022): the factor on the investment and the factor on
    the benefits at which the saldo turns, each NaN unless moving in the direction of the change flips it.

    With saldo B - R - I: for a positive saldo the investment must grow (factor k = (B - R) / I > 1) or the
    benefits shrink (f = (R + I) / B in (0, 1)); for a negative saldo the investment must shrink
    (0 < k < 1, possible only when B > R) or the benefits grow (f > 1, only when B > 0). A factor at or
    below zero, a saldo of exactly zero, no investment or no benefits give NaN: no switching value exists.
    """
    b, r, i = (np.asarray(a, float) for a in (pv_benefits, pv_running, pv_investment))
    saldo = b - r - i
    with np.errstate(all="ignore"):  # no investment or no benefits: no factor (NaN)
        inv = np.where(i > 0, (b - r) / i, np.nan)
        ben = np.where(b > 0, (r + i) / b, np.nan)
    up = saldo > 0
    inv_ok = np.where(up, inv > 1, (inv > 0) & (inv < 1)) & (saldo != 0)
    ben_ok = np.where(up, (ben > 0) & (ben < 1), ben > 1) & (saldo != 0)
    return np.where(inv_ok & np.isfinite(inv), inv, np.nan), np.where(ben_ok & np.isfinite(ben), ben, np.nan)


def weight_stream(scenario: Scenario, matrix: DecisionMatrix, weights: WeightTable, n: int, weight_seed: Any
                  ) -> SampleStream:
    """The run's SMAA weight samples (``sensitivity.weights``), drawn from ``weight_seed``; the theme
    priorities' stability reads the same samples."""
    settings, m = scenario.sensitivity, len(matrix.criteria)
    spread = respondent_spread(scenario, weights)
    if settings.weights == "stakeholder-hull" and (spread is not None or len(weights.stakeholders) > 1):
        return hull(weights.values, n, weight_seed, spread=spread)
    if settings.weights == "group-dirichlet":
        return dirichlet_around(weights.group, settings.concentration, n, weight_seed)
    if settings.weights == "constrained":
        crit = list(matrix.criteria)
        return constrained(m, n, weight_seed, lower=[settings.lower.get(c, np.nan) for c in crit],
                           upper=[settings.upper.get(c, np.nan) for c in crit],
                           order=[crit.index(c) for c in settings.order] or None)
    return uniform_simplex(m, n, weight_seed)


def analyse(scenario: Scenario, appraisal: Appraisal, matrix: DecisionMatrix, weights: WeightTable, *,
            seed: int, samples: int | None = None, portfolio: PortfolioResult | None = None) -> Sensitivity:
    """SMAA-2, stability intervals, critical criterion, tornado and switching values for one run.

    With a ``portfolio`` (a budget in the scenario) also the portfolio's robustness: its
    optimum re-solved for the first ``portfolio_samples`` sampled weightings and effects (core
    index per measure; non-dominated optima over the parties' hull), and the optimum's value
    in every tornado bar.
    """

    settings = scenario.sensitivity
    if samples is not None and not (isinstance(samples, (int, np.integer)) and 1 <= samples <= MAX_SAMPLES):
        raise MethodError(f"samples must be a whole number from 1 to {MAX_SAMPLES:,}, not {samples!r} "
                          "(None takes the scenario's sensitivity.samples)")
    n = settings.samples if samples is None else int(samples)
    method, params = scenario.method.name, dict(scenario.method.params)
    spec = mcda.METHODS[method]
    weight_seed, effect_seed = np.random.SeedSequence(seed).spawn(2)
    m = len(matrix.criteria)
    stream = weight_stream(scenario, matrix, weights, n, weight_seed)
    values = sample_matrices(scenario, appraisal, matrix, n, effect_seed,
                             dist=settings.effects_distribution) if settings.effects else None
    result = smaa(values if values is not None else matrix.values, stream, matrix.types, method=method,
                  params=params, pairwise=len(matrix.measures) <= 500)
    robust = None
    solved = portfolio if portfolio is not None and portfolio.portfolio.has_solution else None
    if solved is not None:
        k = min(settings.portfolio_samples, n)
        xs_k = first_rows(values, k) if values is not None else np.broadcast_to(matrix.values, (k,) + matrix.values.shape)
        sampled = objective_values_batch(matrix, xs_k, first_rows(stream, k), solved.objective)
        several = len(weights.stakeholders) > 1
        robust = pf.portfolio_robustness(
            solved.problem, sampled, base=solved.portfolio.mask, solver=solved.portfolio.solver,
            time_limit=solved.time_limit,
            vertices=objective_values(scenario, matrix, weights.values, solved.objective) if several else None,
            candidates=solved.stakeholders.selections if several and solved.stakeholders is not None else None)
    stability = stability_intervals(matrix.values, weights.group, matrix.types, method=method, params=params)
    try:
        critical, note = critical_criterion(matrix.values, weights.group, matrix.types, method=method,
                                            params=params), ""
    except MethodError as err:
        critical, note = None, str(err)

    # tornado: one input at a time, all else at base
    def ranks_of(x: np.ndarray, w: np.ndarray) -> np.ndarray:
        return mcda.rank(mcda.evaluate(method, x, w, matrix.types, **params), higher_is_better=spec.higher_is_better)

    base_ranks = ranks_of(matrix.values, weights.group)
    ids = matrix.measures
    focus = settings.measure or ids[int(np.argmin(base_ranks))]
    f = ids.index(focus)


    ends: list[tuple[np.ndarray, np.ndarray, float]] = []  # (matrix, weights, cost factor) per bar end

    def bar(name: str, labels: tuple[str, str], xs: tuple[np.ndarray, np.ndarray], ws: tuple[np.ndarray, np.ndarray],
            factors: tuple[float, float] = (1.0, 1.0), *, kind: str, values: tuple[float | str, float | str],
            criterion: str | None = None, measure: str | None = None) -> TornadoBar:
        # the English name and labels stay for the CLI and older readers; kind, criterion, measure and the
        # low/high values are the data a report phrases in its own language
        r = [ranks_of(x, w) for x, w in zip(xs, ws)]
        ends.extend(zip(xs, ws, factors))
        return TornadoBar(name, labels[0], labels[1], (float(xs[0][f, 0]), float(xs[1][f, 0])),
                          (int(r[0][f]), int(r[1][f])), (ids[int(np.argmin(r[0]))], ids[int(np.argmin(r[1]))]),
                          kind=kind, criterion=criterion, measure=measure, values=values)

    bars = []
    w0, x0 = weights.group, matrix.values
    # each weight from the parties' lowest to their highest; with one party (or parties that agree
    # on a weight) from the 10th to the 90th percentile of the sampled weights instead
    alike = np.ptp(weights.values, axis=0) == 0
    p10_90 = np.percentile(first_rows(stream, min(n, 4096)), [10, 90], axis=0) if alike.any() else None
    for k, cid in enumerate(matrix.criteria):
        lo, hi = float(weights.values[:, k].min()), float(weights.values[:, k].max())
        if alike[k] and p10_90 is not None:  # p10_90 is there whenever some weight is alike
            lo, hi = float(p10_90[0, k]), float(p10_90[1, k])
        if hi > lo:
            bars.append(bar(f"weight {cid}", (f"{lo:.3f}", f"{hi:.3f}"), (x0, x0),
                            (set_weight(w0, k, lo), set_weight(w0, k, hi)), kind="weight", values=(lo, hi),
                            criterion=cid))
    for i, cid in _uncertain(scenario, matrix.criteria) if settings.effects else []:
        e = scenario.measures[i].effects[cid]
        bars.append(bar(f"effect {ids[i]} {cid}", (f"{e.low:g}", f"{e.high:g}"),
                        (_matrix_with(scenario, appraisal, matrix, {(i, cid): e.low}),
                         _matrix_with(scenario, appraisal, matrix, {(i, cid): e.high})), (w0, w0),
                        kind="effect", values=(float(e.low), float(e.high)), criterion=cid, measure=ids[i]))
    lo_f, hi_f = settings.cost_range
    if hi_f > lo_f:
        xs = []
        for factor in (lo_f, hi_f):
            x = np.array(x0)
            x[:, 0] -= (factor - 1.0) * appraisal.pv_investment
            xs.append(x)
        bars.append(bar("investment costs", (f"x{lo_f:g}", f"x{hi_f:g}"), (xs[0], xs[1]), (w0, w0), (lo_f, hi_f),
                        kind="investment", values=(float(lo_f), float(hi_f))))

    others = [name for name in DISCOUNT_SETS if name != scenario.appraisal.discount]
    if others:
        npvs = {name: appraise(replace(scenario, appraisal=replace(scenario.appraisal, discount=name))).npv
                for name in others}
        lo_name = min(others, key=lambda nm: npvs[nm][f])
        hi_name = max(others, key=lambda nm: npvs[nm][f])
        xs = []
        for name in (lo_name, hi_name):
            x = np.array(x0)
            x[:, 0] = npvs[name]
            xs.append(x)
        bars.append(bar("discount set", (lo_name, hi_name), (xs[0], xs[1]), (w0, w0), kind="discount",
                        values=(lo_name, hi_name)))
    worlds = future_matrices(scenario)  # the named futures (issue 17 item 4): the lowest and highest for the focus
    if worlds:
        lo_w, hi_w = min(worlds, key=lambda w: w[1][f, 0]), max(worlds, key=lambda w: w[1][f, 0])
        bars.append(bar("future", (lo_w[0].id, hi_w[0].id), (lo_w[1], hi_w[1]), (w0, w0),
                        (lo_w[0].investment, hi_w[0].investment), kind="future", values=(lo_w[0].id, hi_w[0].id)))
    if solved is not None:
        optima = _portfolio_optima(solved, weights, matrix, ends)
        bars = [replace(b, portfolio=(optima[2 * i], optima[2 * i + 1])) for i, b in enumerate(bars)]
    bars.sort(key=lambda b: (-b.npv_swing, -abs(b.rank[1] - b.rank[0]), b.input))

    inv, ben = switching_factors(appraisal.pv_benefits, appraisal.pv_running, appraisal.pv_investment)
    return Sensitivity(
        measures=ids, criteria=matrix.criteria, sampler=stream.to_dict(), smaa=result, stability=stability,
        critical=critical, critical_note=note, focus=focus, base_npv=float(x0[f, 0]), base_rank=int(base_ranks[f]),
        tornado=tuple(bars), switching_investment=inv, switching_benefits=ben,
        base_portfolio=float(solved.portfolio.objective) if solved is not None else None, robustness=robust,
    )
