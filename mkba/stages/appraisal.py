"""Social cost-benefit appraisal (MKBA): discounting, present values, NPV, B/C and who pays and gains.

Conventions (CPB/PBL *Algemene leidraad voor MKBA*, 2013; HM Treasury *Green Book*, 2022):

* every amount is in euros of the price base year (prijspeil) and every effect is the
  difference from the nulalternatief;
* a flow in calendar year ``y`` is discounted with ``t = y - start_year`` and
  ``DF_t = Π_{s=1..t} 1/(1 + r_s)`` (``DF_0 = 1``, end-of-year), so stepped schedules
  (UK Green Book, NL 2026) chain their rates;
* the appraisal covers ``horizon`` years, ``start_year .. start_year + horizon - 1``; a measure
  works from the year after its last investment for ``lifetime`` years, cut at the horizon
  (with ``reinvest`` it is replaced every lifetime; with ``appraisal.residual_value: straight-line``
  an asset that outlives the horizon is credited its unused share as a negative cost in the last year);
* monetised benefit per year = direction sign × effect × shadow price, so an effect on a
  "cost" criterion (e.g. more noise) is a negative benefit; the price may follow a path and the
  effect ramp up and grow over its years of use (:mod:`mkba.stages.timeline`);
* PM items (effects not in money) are carried unchanged beside the NPV, never set to zero.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from ..discount import DiscountSet, discount_set, internal_rate_of_return
from ..model import FrozenMap, Measure, Scenario
from .timeline import effect_profile, installations, is_dynamic, price_paths, residual_values

__all__ = ["Appraisal", "appraise", "DISTRIBUTION_ITEMS", "YearlyFlows", "yearly_flows", "shifted",
           "StartOptions", "start_year_options", "PackageAppraisal", "appraise_package"]


DISTRIBUTION_ITEMS = ("investment", "running_cost")
"""The cost items of the distribution table; the monetised criteria and 'transfers' follow them."""


@dataclass(frozen=True)
class Appraisal:
    """The MKBA of every measure, each against the nulalternatief.

    Arrays are indexed by measure (``measures``). ``benefits`` holds the PV per monetised
    criterion (``monetised``), ``pm`` the PM items per non-monetised criterion (``pm_criteria``).
    ``distribution[i, item, actor]`` is the PV that ``actor`` receives (+) or pays (-) for
    measure ``i`` and ``item`` (``items``); summing over actors gives the societal effect of the
    item and the transfer row sums to zero.
    """

    measures: tuple[str, ...]
    years: np.ndarray
    discount: DiscountSet
    factors: np.ndarray
    pv_investment: np.ndarray
    pv_running: np.ndarray
    monetised: tuple[str, ...]
    benefits: np.ndarray
    pm_criteria: tuple[str, ...]
    pm: np.ndarray
    actors: tuple[str, ...]
    items: tuple[str, ...]
    distribution: np.ndarray
    use_factor: np.ndarray
    """Σ_t u_{i,t} DF_t: the present value of one euro per year of use (the measure's annuity)."""
    price: tuple[float, ...] = ()
    """The shadow price of each monetised criterion (its first-year price on a path)."""
    unit_pv: np.ndarray | None = None
    """(n, k) PV of one unit of yearly effect per monetised criterion (price path, ramp-up and growth
    included) when effects change over time; None: shadow price × ``use_factor``."""
    pv_residual: np.ndarray | None = None
    """(n,) PV of the residual value at the horizon (a negative cost); None: no residual value asked."""

    @property
    def pv_costs(self) -> np.ndarray:
        """PV investment + PV running costs (− PV residual value, where asked)."""
        if self.pv_residual is None:
            return self.pv_investment + self.pv_running
        return self.pv_investment + self.pv_running - self.pv_residual

    def unit_factors(self, i: int, criterion: str) -> tuple[float, float]:
        """Two factors whose product is the PV of one unit of measure ``i``'s yearly effect on a monetised
        ``criterion`` (sign excluded): (shadow price, annuity), or (its PV over the price path, 1)."""
        k = self.monetised.index(criterion)
        if self.unit_pv is not None:
            return float(self.unit_pv[i, k]), 1.0
        return float(self.price[k]), float(self.use_factor[i])

    @property
    def pv_benefits(self) -> np.ndarray:
        return self.benefits.sum(axis=1)

    @property
    def npv(self) -> np.ndarray:
        """Net present value (saldo): PV benefits minus PV costs."""
        return self.pv_benefits - self.pv_costs

    @property
    def bcr(self) -> np.ndarray:
        """Benefit/cost ratio PV benefits / PV costs; NaN (undefined) where a measure costs nothing
        or the costs are so small that the ratio overflows."""
        with np.errstate(all="ignore"):
            ratio = self.pv_benefits / np.where(self.pv_costs > 0, self.pv_costs, 1.0)
        return np.where((self.pv_costs > 0) & np.isfinite(ratio), ratio, np.nan)

    def to_frame(self) -> pd.DataFrame:
        """One row per measure: PVs, NPV, B/C, PV per monetised criterion and the PM items."""
        columns = {"pv_investment": self.pv_investment, "pv_running_cost": self.pv_running}
        if self.pv_residual is not None:
            columns["pv_residual"] = self.pv_residual
        frame = pd.DataFrame({
            **columns, "pv_costs": self.pv_costs, "pv_benefits": self.pv_benefits, "npv": self.npv, "bcr": self.bcr,
        }, index=pd.Index(self.measures, name="measure"))
        for k, cid in enumerate(self.monetised):
            frame[f"pv_{cid}"] = self.benefits[:, k]
        for k, cid in enumerate(self.pm_criteria):
            frame[f"pm_{cid}"] = self.pm[:, k]
        return frame

    def distribution_frame(self, *, measures: bool = True) -> pd.DataFrame:
        """The distribution table: rows (measure, item) or items summed over measures, columns actors
        plus ``total`` (the societal effect, the row sum)."""
        n, k, a = self.distribution.shape
        if measures:
            index = pd.MultiIndex.from_product([self.measures, self.items], names=["measure", "item"])
            frame = pd.DataFrame(self.distribution.reshape(n * k, a), index=index, columns=list(self.actors))
        else:
            frame = pd.DataFrame(self.distribution.sum(axis=0), index=pd.Index(self.items, name="item"),
                                 columns=list(self.actors))
        frame["total"] = frame.sum(axis=1)
        return frame

    def to_dict(self) -> dict:
        return {
            "discount": self.discount.to_dict(),
            "years": [int(self.years[0]), int(self.years[-1])],
            "monetised_criteria": list(self.monetised),
            "pm_criteria": list(self.pm_criteria),
            "measures": {mid: row for mid, row in zip(self.measures, _records(self.to_frame()))},
            "totals": _records(self.to_frame()[["pv_investment", "pv_running_cost", *self.residual_columns,
                                                "pv_costs", "pv_benefits", "npv"]].sum().to_frame().T)[0],
            "distribution": {
                "actors": list(self.actors), "items": list(self.items),
                "by_item": {item: dict(zip(self.actors, map(float, row)))
                            for item, row in zip(self.items, self.distribution.sum(axis=0))},
            },
        }

    @property
    def residual_columns(self) -> tuple[str, ...]:
        """``("pv_residual",)`` when a residual value is asked, else nothing (the tables keep their columns)."""
        return ("pv_residual",) if self.pv_residual is not None else ()

    def __repr__(self) -> str:
        return (f"<Appraisal {len(self.measures)} measures · {self.discount.name} · "
                f"{int(self.years[0])}-{int(self.years[-1])} · NPV total {self.npv.sum():,.0f} EUR>")


def _records(frame: pd.DataFrame) -> list[dict]:
    """JSON-safe records: NaN becomes None."""
    return [{k: (None if isinstance(v, float) and not np.isfinite(v) else
                 (float(v) if isinstance(v, (float, np.floating, int, np.integer)) else v))
             for k, v in row.items()} for row in frame.to_dict(orient="records")]


@dataclass(frozen=True)
class YearlyFlows:
    """The undiscounted flows of every measure over the appraisal years (index t = year - start_year)."""

    investment: np.ndarray
    """(n, T) investment per year, EUR."""
    use: np.ndarray
    """(n, T) whether the measure is in use in year t (from the year after its last investment, ``lifetime`` years)."""
    running: np.ndarray
    """(n,) running cost per year of use, EUR."""
    benefit_per_year: np.ndarray
    """(n, k) monetised benefit per year of use per monetised criterion, EUR: sign × effect × shadow price
    (the first appraisal year's price and the full effect)."""
    prices: np.ndarray | None = None
    """(k, T) shadow price per appraisal year when effects change over time (None: constant)."""
    profile: np.ndarray | None = None
    """(n, T) factor on each measure's effect per year (ramp-up × growth) when effects change over time."""
    residual: np.ndarray | None = None
    """(n,) residual value in the last appraisal year, EUR (None: not asked)."""

    @property
    def benefits(self) -> np.ndarray:
        """(n, T) monetised benefits per year (0 outside the years of use)."""
        if self.prices is None or self.profile is None:
            return self.benefit_per_year.sum(axis=1)[:, None] * self.use
        unit = self.benefit_per_year / np.where(self.prices[:, 0] != 0, self.prices[:, 0], 1.0)  # sign × effect
        return (unit @ self.prices) * self.profile * self.use

    @property
    def net(self) -> np.ndarray:
        """(n, T) net flow per year: benefits − running costs in the years of use − investment (+ the
        residual value in the last year)."""
        if self.prices is None and self.residual is None:
            return (self.benefit_per_year.sum(axis=1) - self.running)[:, None] * self.use - self.investment
        net = self.benefits - self.running[:, None] * self.use - self.investment
        if self.residual is not None:
            net[:, -1] += self.residual
        return net


def yearly_flows(scenario: Scenario) -> YearlyFlows:
    """Investment, years of use, running cost and monetised benefit per year of each measure (undiscounted);
    :func:`appraise` discounts exactly these."""
    settings = scenario.appraisal
    horizon, measures = settings.horizon, scenario.measures
    n = len(measures)
    invest = np.zeros((n, horizon))
    first_use = np.empty(n, dtype=int)
    lifetime = np.empty(n, dtype=int)
    for i, m in enumerate(measures):
        placed = installations(m, settings.start_year, horizon)
        for installed in placed:
            for year, amount in installed.items():
                t = int(year) - settings.start_year
                if 0 <= t < horizon:
                    invest[i, t] += amount
        first_use[i] = m.first_year_of_use - settings.start_year
        lifetime[i] = m.lifetime * len(placed)  # replacements follow each other without a gap
    steps = np.arange(horizon)
    use = (steps >= first_use[:, None]) & (steps < (first_use + lifetime)[:, None])
    monetised = scenario.monetised_criteria
    per_year = np.zeros((n, len(monetised)))
    for k, c in enumerate(monetised):
        if c.shadow_price is None:  # monetised_criteria holds only criteria with a shadow price
            raise ValueError(f"criterion {c.id!r} has no shadow price")
        effect = np.array([m.effects[c.id].value for m in measures], dtype=float)
        per_year[:, k] = c.sign * effect * float(c.shadow_price)
    running = np.array([m.running_cost for m in measures], dtype=float)
    if not is_dynamic(monetised, measures, settings.residual_value):
        return YearlyFlows(invest, use, running, per_year)
    prices = price_paths(monetised, settings.start_year, horizon)
    profile = np.array([effect_profile(m, int(f), horizon) for m, f in zip(measures, first_use)]).reshape(n, horizon)
    residual = (residual_values(measures, settings.start_year, horizon) if settings.residual_value != "none"
                else None)
    return YearlyFlows(invest, use, running, per_year, prices, profile, residual)


def shifted(measure: Measure, start_year: int) -> Measure:
    """The measure started in ``start_year`` instead of its planned year: its investment profile and its
    years of use move by the difference (as the portfolio's start-year choice moves them)."""
    shift = int(start_year) - measure.start_year
    if shift == 0:
        return measure
    return replace(measure, start_year=int(start_year),
                   investment=FrozenMap({int(y) + shift: a for y, a in measure.investment.items()}))


@dataclass(frozen=True)
class StartOptions:
    """A measure appraised at each start year it may take (:func:`start_year_options`)."""

    years: tuple[int, ...]
    npv: tuple[float, ...]
    pv_costs: tuple[float, ...]

    def at(self, year: int) -> tuple[float, float]:
        """(NPV, PV costs) when started in ``year``."""
        k = self.years.index(int(year))
        return self.npv[k], self.pv_costs[k]


def start_year_options(scenario: Scenario) -> dict[str, StartOptions]:
    """Every measure with a choice of start years, appraised at each of its ``start_years`` (in that order).

    Each option is the measure :func:`shifted` to that year and appraised on its own: costs and benefits move
    k years and are discounted from there, and the years of use end where the horizon ends. The option at the
    planned start year equals the measure's own row in :func:`appraise`.
    """
    movable = [m for m in scenario.measures if len(m.start_years) > 1]
    variants = tuple(shifted(m, y) for m in movable for y in m.start_years)
    if not variants:
        return {}
    a = appraise(replace(scenario, measures=variants))
    out, k = {}, 0
    for m in movable:
        part = slice(k, k + len(m.start_years))
        out[m.id] = StartOptions(tuple(m.start_years), tuple(a.npv[part].tolist()), tuple(a.pv_costs[part].tolist()))
        k += len(m.start_years)
    return out


def appraise(scenario: Scenario) -> Appraisal:
    """Appraise every measure of a scenario against the nulalternatief.

    Notes
    -----
    PV(costs)_i = Σ_t (I_{i,t} + C_i·u_{i,t}) · DF_t and PV(benefits)_i = Σ_k s_k·e_{ik}·p_k · Σ_t u_{i,t}·DF_t,
    with u_{i,t} = 1 in the years of use, s_k = ±1 the criterion direction, e_{ik} the yearly effect
    and p_k the shadow price. Costs are split over the payers by their shares, monetised effects
    over the receivers, and each yearly transfer is paid by its source and received by its target.
    """
    settings = scenario.appraisal
    dset = discount_set(settings.discount)
    horizon = settings.horizon
    years = np.arange(settings.start_year, settings.start_year + horizon)
    df = dset.factors(horizon)
    measures = scenario.measures
    n = len(measures)

    flows = yearly_flows(scenario)
    pv_use = flows.use @ df  # Σ_t u_{i,t} DF_t: the "annuity" of one euro per year of use
    pv_investment = flows.investment @ df
    running = flows.running
    pv_running = running * pv_use

    monetised = scenario.monetised_criteria
    unit_pv = None
    if flows.prices is None or flows.profile is None:
        benefits = flows.benefit_per_year * pv_use[:, None] + 0.0  # + 0.0: no negative zeros
    else:  # Σ_t u_{i,t} f_{i,t} p_{k,t} DF_t per unit of yearly effect, times sign × effect
        unit_pv = (flows.use * flows.profile * df) @ flows.prices.T
        effect = np.array([[c.sign * m.effects[c.id].value for c in monetised] for m in measures],
                          dtype=float).reshape(n, len(monetised))
        benefits = effect * unit_pv + 0.0
    pv_residual = flows.residual * df[-1] if flows.residual is not None else None
    pm_criteria = scenario.pm_criteria
    pm = np.array([[m.effects[c.id].value for c in pm_criteria] for m in measures], dtype=float).reshape(
        n, len(pm_criteria))

    actors = scenario.actors
    col = {a: j for j, a in enumerate(actors)}
    residual_item = ("residual_value",) if pv_residual is not None else ()
    items = DISTRIBUTION_ITEMS + residual_item + tuple(c.id for c in monetised) + ("transfers",)
    first_benefit = len(DISTRIBUTION_ITEMS) + len(residual_item)
    dist = np.zeros((n, len(items), len(actors)))
    for i, m in enumerate(measures):
        for payer, share in m.payers.items():
            dist[i, 0, col[payer]] -= share * pv_investment[i]
            dist[i, 1, col[payer]] -= share * pv_running[i]
            if pv_residual is not None:  # the owners keep what is left of the asset
                dist[i, 2, col[payer]] += share * pv_residual[i]
        for k, c in enumerate(monetised):
            shares = m.receivers.get(c.id) or c.receivers or {"society": 1.0}
            for actor, share in shares.items():
                dist[i, first_benefit + k, col[actor]] += share * benefits[i, k]
        for tr in m.transfers:
            amount = tr.amount * pv_use[i]
            dist[i, -1, col[tr.source]] -= amount
            dist[i, -1, col[tr.target]] += amount
    dist += 0.0  # no negative zeros in the result files

    return Appraisal(
        measures=tuple(m.id for m in measures), years=years, discount=dset, factors=df,
        pv_investment=pv_investment, pv_running=pv_running,
        monetised=tuple(c.id for c in monetised), benefits=benefits,
        pm_criteria=tuple(c.id for c in pm_criteria), pm=pm,
        actors=actors, items=items, distribution=dist, use_factor=pv_use, unit_pv=unit_pv, pv_residual=pv_residual,
        price=tuple(float(c.shadow_price or 0.0) for c in monetised),
    )


@dataclass(frozen=True)
class PackageAppraisal:
    """A package of measures against the nulalternatief, each at its chosen start year (CPB/PBL Algemene
    leidraad 2013; MIRT werkwijzer "resultaten presenteren"): per measure and in total the investment
    (nominal) and present values, saldo, B/C, PM effects and who pays; for the package the internal rate
    of return of its yearly net flows, the first-year return, the benefits per criterion and the
    distribution table (who pays, who gains, with the transfers row)."""

    appraisal: Appraisal
    """The appraisal of the package's measures alone, each shifted to its start year."""
    start_years: tuple[int, ...]
    investment: np.ndarray
    """Nominal investment per measure, EUR (undiscounted, in price-year euros)."""
    payers: tuple[Mapping[str, float], ...]
    net_flows: np.ndarray
    """The package's net flow per appraisal year (benefits − running costs − investment), undiscounted."""
    first_year: int | None
    """The first year in which every measure of the package is in use (None: not within the horizon, or a
    measure's lifetime ends before the last one starts)."""
    first_year_net: float
    """Monetised benefits − running costs of the package in ``first_year`` (NaN without it)."""

    @property
    def irr(self) -> float | None:
        return internal_rate_of_return(self.net_flows)

    @property
    def first_year_return(self) -> float | None:
        """Net benefits of the first year all measures are in use / the nominal investment (a fraction)."""
        total = float(self.investment.sum())
        return self.first_year_net / total if self.first_year is not None and total > 0 else None

    def to_frame(self) -> pd.DataFrame:
        """One row per measure of the package: its chosen start year, its nominal investment and its
        appraisal from that year (:meth:`Appraisal.to_frame`: present values, NPV, B/C, PM items)."""
        frame = self.appraisal.to_frame()
        frame.insert(0, "investment", self.investment)
        frame.insert(0, "start_year", list(self.start_years))
        return frame

    def to_dict(self) -> dict:
        a = self.appraisal
        rows = _records(a.to_frame()[["pv_investment", "pv_running_cost", *a.residual_columns, "pv_costs",
                                      "pv_benefits", "npv", "bcr"]])
        measures = [{"measure": mid, "start_year": int(y), "investment": float(inv), **row,
                     "pm": {c: float(v) for c, v in zip(a.pm_criteria, pm)}, "payers": dict(payers)}
                    for mid, y, inv, row, pm, payers in zip(a.measures, self.start_years, self.investment, rows,
                                                            a.pm, self.payers)]
        pv_costs, pv_benefits = float(a.pv_costs.sum()), float(a.pv_benefits.sum())
        residual = {"pv_residual": float(a.pv_residual.sum())} if a.pv_residual is not None else {}
        totals = {"investment": float(self.investment.sum()), "pv_investment": float(a.pv_investment.sum()),
                  "pv_running_cost": float(a.pv_running.sum()), **residual, "pv_costs": pv_costs,
                  "pv_benefits": pv_benefits,
                  "npv": pv_benefits - pv_costs, "bcr": pv_benefits / pv_costs if pv_costs > 0 else None,
                  "irr": self.irr, "first_year_return": self.first_year_return,
                  "pm": {c: float(v) for c, v in zip(a.pm_criteria, a.pm.sum(axis=0))}}
        return {"measures": measures, "totals": totals,
                "pv_benefits_by_criterion": {c: float(v) for c, v in zip(a.monetised, a.benefits.sum(axis=0))},
                "distribution": a.to_dict()["distribution"]}


def appraise_package(scenario: Scenario, selected: Sequence[str], starts: Mapping[str, int]) -> PackageAppraisal:
    """The package ``selected`` (measure ids, in the portfolio's order) with the start years ``starts`` (id ->
    year; the planned year where missing), appraised by :func:`appraise` on the measures shifted to those
    years, so a measure deferred to 2029 is discounted from 2029. Mutually exclusive variants (the scenario's
    ``exclusive`` rules) are refused: they cannot be in one package, so their sum is no package's total."""
    chosen = set(selected)
    rules = scenario.portfolio.rules if scenario.portfolio is not None else ()
    for rule in rules:
        both = [m for m in rule.measures if m in chosen] if rule.kind == "exclusive" else []
        if len(both) > 1:
            where = f"{scenario.source}, line {rule.line}" if rule.line else scenario.source
            raise ValueError(f"the package holds the mutually exclusive variants {', '.join(both)} "
                             f"({where}); a package total cannot add them up")
    by_id = {m.id: m for m in scenario.measures}
    measures = tuple(shifted(by_id[mid], starts.get(mid, by_id[mid].start_year)) for mid in selected)
    package = replace(scenario, measures=measures)
    appraisal, flows = appraise(package), yearly_flows(package)
    first = max((m.first_year_of_use for m in measures), default=None)
    t = None if first is None else first - scenario.appraisal.start_year
    inside = t is not None and 0 <= t < scenario.appraisal.horizon and bool(flows.use[:, t].all())
    net = flows.net
    first_net = float((net[:, t] + flows.investment[:, t]).sum()) if inside else float("nan")
    if inside and flows.residual is not None and t == scenario.appraisal.horizon - 1:
        first_net -= float(flows.residual.sum())  # the residual value is no return of the first year
    return PackageAppraisal(appraisal, tuple(m.start_year for m in measures),
                            np.array([m.total_investment for m in measures], dtype=float),
                            tuple(dict(m.payers) for m in measures), net.sum(axis=0),
                            first if inside else None, first_net)
