"""Effects over time (issue 17 item 3): shadow-price paths, ramp-up and growth of effects, replacement
investments and the residual value (restwaarde) at the horizon, as undiscounted arrays over the appraisal
years (index ``t = year - start_year``, ``0 .. horizon - 1``). :mod:`mkba.stages.appraisal` discounts them.

Formulas (docs/methods.md, "Effects over time"; CPB/PBL *Algemene leidraad voor MKBA* 2013, ch. 5 and 7):

* price path: ``p_k(t) = p_k (1 + g_k)^t`` (a real yearly growth ``g_k``), or, from a table of prices per
  year, linear interpolation between the listed years and the nearest listed price outside them;
* effect in year ``j = 1, 2, ...`` of use: ``e × min(j / R, 1) × (1 + h)^(j - 1)`` with ``R`` the ramp-up
  years (0: full effect at once) and ``h`` the effect's real yearly growth;
* replacement (``reinvest``): the investment profile repeated every ``lifetime`` years while its first
  year lies within the horizon, so the measure stays in use;
* residual value, straight-line: the last installation's investment ``I`` times the share of its lifetime
  ``L`` left after the horizon, ``I × min(r, L) / L`` with ``r`` the years of use beyond the last appraisal
  year, credited in the last appraisal year as a negative cost.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..model import Criterion, Measure

__all__ = ["is_dynamic", "price_paths", "installations", "effect_profile", "residual_values"]


def is_dynamic(criteria: Sequence[Criterion], measures: Sequence[Measure], residual: str) -> bool:
    """Whether any effect changes over time (a price path or growth, a ramp-up, effect growth, replacements
    or a residual value); when none does, the appraisal takes its constant-per-year path unchanged."""
    return (residual != "none" or any(c.price_growth or c.price_path for c in criteria)
            or any(m.ramp_up or m.effect_growth or m.reinvest for m in measures))


def price_paths(criteria: Sequence[Criterion], start_year: int, horizon: int) -> np.ndarray:
    """(k, T) shadow price of each monetised criterion in each appraisal year, EUR per unit."""
    years = np.arange(start_year, start_year + horizon, dtype=float)
    out = np.zeros((len(criteria), horizon))
    for k, c in enumerate(criteria):
        if c.price_path:
            listed = sorted((int(y), float(p)) for y, p in c.price_path.items())
            out[k] = np.interp(years, [y for y, _ in listed], [p for _, p in listed])  # flat outside
        else:
            out[k] = float(c.shadow_price or 0.0) * (1.0 + c.price_growth) ** np.arange(horizon)
    return out


def installations(measure: Measure, start_year: int, horizon: int) -> list[dict[int, float]]:
    """The measure's investment profile and, with ``reinvest``, each replacement: the profile moved by
    ``lifetime`` years at a time while its first year lies within the horizon (calendar year -> euros)."""
    profile = {int(y): float(a) for y, a in measure.investment.items()}
    out = [profile]
    if measure.reinvest and profile:
        last = start_year + horizon - 1
        k = 1
        while min(profile) + k * measure.lifetime <= last:
            out.append({y + k * measure.lifetime: a for y, a in profile.items()})
            k += 1
    return out


def effect_profile(measure: Measure, first_use: int, horizon: int) -> np.ndarray:
    """(T,) factor on the measure's yearly effect in each appraisal year (0 before its first year of use):
    ramp-up ``min(j / R, 1)`` times growth ``(1 + h)^(j - 1)``, ``j`` its year of use counted from 1."""
    j = np.arange(horizon) - first_use + 1.0
    factor = np.where(j >= 1, 1.0, 0.0)
    if measure.ramp_up:
        factor = factor * np.clip(j / measure.ramp_up, 0.0, 1.0)
    if measure.effect_growth:
        factor = factor * (1.0 + measure.effect_growth) ** np.maximum(j - 1, 0)
    return factor


def residual_values(measures: Sequence[Measure], start_year: int, horizon: int) -> np.ndarray:
    """(n,) straight-line residual value of each measure in the last appraisal year, EUR (undiscounted)."""
    end = start_year + horizon  # the first year after the appraisal
    out = np.zeros(len(measures))
    for i, m in enumerate(measures):
        last = installations(m, start_year, horizon)[-1]
        if not last:
            continue
        beyond = max(last) + 1 + m.lifetime - end  # years of use after the last appraisal year
        invested = sum(a for y, a in last.items() if start_year <= y < end)
        if beyond > 0:
            out[i] = invested * min(beyond, m.lifetime) / m.lifetime
    return out
