"""The scenario fields of effects over time (issue 17 item 3), as :class:`mkba.io.schema.FieldSpec` arguments:
a shadow-price path, ramp-up and growth of effects, replacement and the residual value. Kept apart so the
schema table stays within its size; :mod:`mkba.io.schema` splices them into its sections."""

from __future__ import annotations

__all__ = ["APPRAISAL_TIME", "CRITERION_TIME", "MEASURE_TIME"]

APPRAISAL_TIME = (
    ("residual_value", "choice", False, "'none' or 'straight-line'",
     "Residual value (restwaarde) of an asset that outlives the horizon: `straight-line` credits the last "
     "installation's investment times the share of its lifetime left after the horizon, as a negative cost in "
     "the last appraisal year (its own row in the MKBA tables); `none`: none.", "none", ("none", "straight-line")),
)

CRITERION_TIME = (
    ("price_growth", "number", False, "a fraction per year > -1, e.g. 0.02",
     "Real yearly growth of the shadow price: price in year t = shadow_price x (1 + g)^t, t = 0 in "
     "`appraisal.start_year` (e.g. a value of time growing with real wages).", 0.0),
    ("price_path", "mapping", False, "a mapping year: euros per unit >= 0, years in the appraisal period",
     "The shadow price per year instead of `shadow_price`, e.g. a CO2 price path `{2026: 100, 2030: 150, "
     "2050: 250}`: linear between the listed years, the nearest listed price before the first and after the last."),
)

MEASURE_TIME = (
    ("ramp_up", "int", False, "a whole number of years from 0 to the lifetime",
     "Years of use to reach the full effect, linearly: year j of use has min(j / ramp_up, 1) of every monetised "
     "effect (PM scores are the full effect).", 0),
    ("effect_growth", "number", False, "a fraction per year > -1, e.g. 0.01",
     "Real yearly growth of the monetised effects over the years of use: year j has (1 + g)^(j - 1).", 0.0),
    ("reinvest", "bool", False, "true or false",
     "Replace the measure at the end of each lifetime within the horizon: the investment profile is repeated "
     "every `lifetime` years while its first year lies within the horizon.", False),
)
