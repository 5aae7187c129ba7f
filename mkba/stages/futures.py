"""The futures stage: every measure and the chosen package appraised again in each named future.

CPB/PBL *Algemene leidraad voor MKBA* (2013) and the RWS MIRT werkwijzer ask for the saldo in at
least the two WLO futures (Hoog and Laag), shown side by side and equally (methodology.md A.7, R7,
R8). A future (:class:`mkba.model.Future`) scales the scenario as written, which is the base future:

* an effect factor ``f_k`` multiplies every measure's effect on criterion k (value, low and high);
* a price factor ``q_k`` multiplies criterion k's shadow price;
* an extra real price growth ``g_k`` multiplies the price in appraisal year t (t = 0 in the first year)
  by ``(1 + g_k)^t`` on top of the criterion's own path: a growth ``g0`` becomes
  ``(1 + g0)(1 + g_k) - 1``; a price path (year -> price) becomes its price in every appraisal year times
  ``(1 + g_k)^t``. With a constant effect the criterion's PV benefit of measure i is
  ``s_k·e_ik·p_k · Σ_t u_it·(1 + g_k)^t·DF_t`` instead of ``s_k·e_ik·p_k · Σ_t u_it·DF_t``; a ramp-up or an
  effect growth of the measure is carried and priced by :func:`~mkba.stages.appraisal.appraise` as in the base;
* investment and running-cost factors multiply every measure's costs.

The discount rate is the same in every future (CPB/PBL 2020: its uncertainty is a sensitivity
run). The portfolio is chosen in the base future; here its package (the same measures at the same
start years) is valued in each other future, so the table shows what the chosen package is worth if
that future comes about.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from ..model import Criterion, Effect, FrozenMap, Future, Measure, Scenario
from .appraisal import Appraisal, PackageAppraisal, appraise, shifted
from .matrix import build
from .timeline import price_paths

__all__ = ["in_future", "appraise_in", "FutureAppraisal", "Futures", "appraise_futures", "future_matrices"]


def _scaled(effect: Effect, factor: float) -> Effect:
    return replace(effect, value=effect.value * factor,
                   low=None if effect.low is None else effect.low * factor,
                   high=None if effect.high is None else effect.high * factor)


def _measure_in(measure: Measure, future: Future) -> Measure:
    effects = FrozenMap({cid: _scaled(e, future.effects[cid]) if cid in future.effects else e
                         for cid, e in measure.effects.items()})
    return replace(measure, effects=effects,
                   investment=FrozenMap({y: a * future.investment for y, a in measure.investment.items()}),
                   running_cost=measure.running_cost * future.running_cost)


def _criterion_in(criterion: Criterion, future: Future, start_year: int, horizon: int) -> Criterion:
    """The criterion's price in ``future``: the price factor on its shadow price (or path), its growth
    composed with the future's extra growth; exact per appraisal year for a path too (see the module)."""
    q, g = future.shadow_prices.get(criterion.id, 1.0), future.price_growth.get(criterion.id, 0.0)
    if criterion.shadow_price is None or (q == 1.0 and g == 0.0):
        return criterion
    price = criterion.shadow_price * q
    if not criterion.price_path:
        return replace(criterion, shadow_price=price, price_growth=(1.0 + criterion.price_growth) * (1.0 + g) - 1.0)
    if g == 0.0:  # the path is linear between its points: scaling the points scales every year's price
        return replace(criterion, shadow_price=price,
                       price_path=FrozenMap({y: p * q for y, p in criterion.price_path.items()}))
    prices = price_paths((criterion,), start_year, horizon)[0] * q * (1.0 + g) ** np.arange(horizon)
    return replace(criterion, shadow_price=price,
                   price_path=FrozenMap({start_year + t: float(p) for t, p in enumerate(prices)}))


def in_future(scenario: Scenario, future: Future) -> Scenario:
    """The scenario as it would be in ``future``: effects, shadow prices (factor and extra growth) and costs
    scaled (``dataclasses.replace`` on each criterion and measure, so every other field, a ramp-up or an
    effect growth, is carried). Pure."""
    settings = scenario.appraisal
    criteria = tuple(_criterion_in(c, future, settings.start_year, settings.horizon) for c in scenario.criteria)
    return replace(scenario, criteria=criteria, measures=tuple(_measure_in(m, future) for m in scenario.measures),
                   futures=())


def appraise_in(scenario: Scenario, future: Future) -> Appraisal:
    """Every measure of ``scenario`` appraised in ``future`` (see the module for the formulas)."""
    return appraise(in_future(scenario, future))


@dataclass(frozen=True)
class FutureAppraisal:
    """One future: the longlist appraised in it and, with a package, the package chosen in the base future."""

    future: Future
    appraisal: Appraisal
    package: Appraisal | None = None
    """The base future's package (its measures at their chosen start years) appraised in this future."""

    def to_dict(self) -> dict:
        f = self.future
        return {
            "id": f.id, "label": f.label, "description": f.description,
            "settings": {"effects": dict(f.effects), "shadow_prices": dict(f.shadow_prices),
                         "price_growth": dict(f.price_growth), "investment": f.investment,
                         "running_cost": f.running_cost},
            "measures": _rows(self.appraisal),
            "package": None if self.package is None else {"measures": _rows(self.package),
                                                           "totals": _money(self.package)},
        }


def _money(a: Appraisal, i: int | None = None) -> dict:
    """PV costs, PV benefits, saldo and B/C of measure ``i`` (or of them all: a package's totals);
    B/C is None without costs."""
    costs = float(a.pv_costs[i] if i is not None else a.pv_costs.sum())
    benefits = float(a.pv_benefits[i] if i is not None else a.pv_benefits.sum())
    bcr = benefits / costs if costs > 0 and np.isfinite(benefits / costs) else None
    return {"pv_costs": costs, "pv_benefits": benefits, "npv": benefits - costs, "bcr": bcr}


def _rows(a: Appraisal) -> dict:
    return {mid: _money(a, i) for i, mid in enumerate(a.measures)}


@dataclass(frozen=True)
class Futures:
    """Every named future of a run, in the scenario's order."""

    futures: tuple[FutureAppraisal, ...]

    def to_dict(self) -> list[dict]:
        return [f.to_dict() for f in self.futures]

    def to_frame(self) -> pd.DataFrame:
        """One row per (future, measure) of the longlist: PV costs, PV benefits, saldo and B/C in that future."""
        rows = {(f.future.id, mid): money for f in self.futures for mid, money in _rows(f.appraisal).items()}
        frame = pd.DataFrame.from_dict(rows, orient="index")
        frame.index = pd.MultiIndex.from_tuples(frame.index, names=["future", "measure"])
        return frame

    def __repr__(self) -> str:
        return f"<Futures {', '.join(f.future.id for f in self.futures)}>"


def _package_scenario(scenario: Scenario, selected: Sequence[str], starts: Mapping[str, int]) -> Scenario:
    by_id = {m.id: m for m in scenario.measures}
    return replace(scenario, measures=tuple(shifted(by_id[mid], starts.get(mid, by_id[mid].start_year))
                                            for mid in selected))


def appraise_futures(scenario: Scenario, package: PackageAppraisal | None = None) -> Futures | None:
    """Each future of ``scenario`` (None without any): the longlist appraised in it and, with the package
    chosen in the base future (:attr:`PortfolioResult.package <mkba.stages.selection.PortfolioResult.package>`),
    that package at its start years valued in it."""
    if not scenario.futures:
        return None
    chosen = None
    if package is not None:
        ids = package.appraisal.measures
        chosen = _package_scenario(scenario, ids, dict(zip(ids, package.start_years)))
    return Futures(tuple(FutureAppraisal(f, appraise_in(scenario, f),
                                         appraise_in(chosen, f) if chosen is not None else None)
                         for f in scenario.futures))


def future_matrices(scenario: Scenario) -> list[tuple[Future, np.ndarray]]:
    """The decision matrix's values (NPV, then the PM criteria) in each future, for the tornado's future bar."""
    out = []
    for f in scenario.futures:
        appraisal = appraise_in(scenario, f)
        out.append((f, build(in_future(scenario, f), appraisal).values))
    return out
