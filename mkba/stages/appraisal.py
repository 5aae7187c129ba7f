"""Social cost-benefit appraisal (MKBA): discounting, present values, NPV, B/C and who pays and gains.

Conventions (CPB/PBL *Algemene leidraad voor MKBA*, 2013; HM Treasury *Green Book*, 2022):

* every amount is in euros of the price base year (prijspeil) and every effect is the
  difference from the nulalternatief;
* a flow in calendar year ``y`` is discounted with ``t = y - start_year`` and
  ``DF_t = Π_{s=1..t} 1/(1 + r_s)`` (``DF_0 = 1``, end-of-year), so stepped schedules
  (UK Green Book, NL 2026) chain their rates;
* the appraisal covers ``horizon`` years, ``start_year .. start_year + horizon - 1``; a measure
  works from the year after its last investment for ``lifetime`` years, cut at the horizon
  (no residual value; a replacement investment is written as an extra investment year);
* monetised benefit per year = direction sign × effect × shadow price, so an effect on a
  "cost" criterion (e.g. more noise) is a negative benefit;
* PM items (effects not in money) are carried unchanged beside the NPV, never set to zero.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..discount import DiscountSet, discount_set
from ..model import Scenario

__all__ = ["Appraisal", "appraise", "DISTRIBUTION_ITEMS"]


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

    @property
    def pv_costs(self) -> np.ndarray:
        return self.pv_investment + self.pv_running

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
        frame = pd.DataFrame({
            "pv_investment": self.pv_investment, "pv_running_cost": self.pv_running,
            "pv_costs": self.pv_costs, "pv_benefits": self.pv_benefits,
            "npv": self.npv, "bcr": self.bcr,
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
            "totals": _records(self.to_frame()[["pv_investment", "pv_running_cost", "pv_costs",
                                                "pv_benefits", "npv"]].sum().to_frame().T)[0],
            "distribution": {
                "actors": list(self.actors), "items": list(self.items),
                "by_item": {item: dict(zip(self.actors, map(float, row)))
                            for item, row in zip(self.items, self.distribution.sum(axis=0))},
            },
        }

    def __repr__(self) -> str:
        return (f"<Appraisal {len(self.measures)} measures · {self.discount.name} · "
                f"{int(self.years[0])}-{int(self.years[-1])} · NPV total {self.npv.sum():,.0f} EUR>")


def _records(frame: pd.DataFrame) -> list[dict]:
    """JSON-safe records: NaN becomes None."""
    return [{k: (None if isinstance(v, float) and not np.isfinite(v) else
                 (float(v) if isinstance(v, (float, np.floating, int, np.integer)) else v))
             for k, v in row.items()} for row in frame.to_dict(orient="records")]


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

    invest = np.zeros((n, horizon))
    first_use = np.empty(n, dtype=int)
    lifetime = np.empty(n, dtype=int)
    for i, m in enumerate(measures):
        for year, amount in m.investment.items():
            t = int(year) - settings.start_year
            if 0 <= t < horizon:
                invest[i, t] += amount
        first_use[i] = m.first_year_of_use - settings.start_year
        lifetime[i] = m.lifetime
    steps = np.arange(horizon)
    use = (steps >= first_use[:, None]) & (steps < (first_use + lifetime)[:, None])
    pv_use = use @ df  # Σ_t u_{i,t} DF_t: the "annuity" of one euro per year of use

    pv_investment = invest @ df
    running = np.array([m.running_cost for m in measures], dtype=float)
    pv_running = running * pv_use

    monetised = scenario.monetised_criteria
    benefits = np.zeros((n, len(monetised)))
    for k, c in enumerate(monetised):
        if c.shadow_price is None:  # monetised_criteria holds only criteria with a shadow price
            raise ValueError(f"criterion {c.id!r} has no shadow price")
        effect = np.array([m.effects[c.id].value for m in measures], dtype=float)
        benefits[:, k] = c.sign * effect * float(c.shadow_price) * pv_use + 0.0  # + 0.0: no negative zeros
    pm_criteria = scenario.pm_criteria
    pm = np.array([[m.effects[c.id].value for c in pm_criteria] for m in measures], dtype=float).reshape(
        n, len(pm_criteria))

    actors = scenario.actors
    col = {a: j for j, a in enumerate(actors)}
    items = DISTRIBUTION_ITEMS + tuple(c.id for c in monetised) + ("transfers",)
    dist = np.zeros((n, len(items), len(actors)))
    for i, m in enumerate(measures):
        for payer, share in m.payers.items():
            dist[i, 0, col[payer]] -= share * pv_investment[i]
            dist[i, 1, col[payer]] -= share * pv_running[i]
        for k, c in enumerate(monetised):
            shares = m.receivers.get(c.id) or c.receivers or {"society": 1.0}
            for actor, share in shares.items():
                dist[i, 2 + k, col[actor]] += share * benefits[i, k]
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
        actors=actors, items=items, distribution=dist, use_factor=pv_use,
    )
