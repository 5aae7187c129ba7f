"""The rules a portfolio must keep, as frozen objects: each one constraint kind, with where it was written.

:class:`Mandatory`, :class:`Forbidden`, :class:`Exclusive` (variants of one measure),
:class:`Requires` (prerequisites, optionally with a lag), :class:`ThemeLimit` (minimum and
maximum count or spend per theme), :class:`Synergy` (extra value or a cost saving when two
measures are chosen together), :class:`StartYearChoice` (the solver picks the start year),
:class:`TargetRule` (an ambition's target: a hard floor or cap on a total over the measures in
use in a year, or a soft goal with a shortfall) and :class:`ShortfallCap` (how much weighted
shortfall of the soft goals the package may keep: goal programming's first phase).
Each carries an ``origin`` (e.g. ``"rules[3]"`` or ``"scenario.yaml line 40"``) and a human
``label``, so a constraint built from it, and an infeasibility found in it, points back at the
row the user wrote (design convention C5); ``describe()`` says the rule in words. How each
becomes rows of the linear model: :mod:`mkba.portfolio.formulation` (methodology B.4).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence, Union

import numpy as np

from .text import join_words, money

if TYPE_CHECKING:  # TypeIs is in typing from Python 3.13; only the checker needs it
    from typing_extensions import TypeIs

__all__ = ["Mandatory", "Forbidden", "Exclusive", "Requires", "ThemeLimit", "Synergy", "StartYearChoice", "TargetRule",
           "ShortfallCap", "SENSES", "Rule",
           "RULE_TYPES", "is_per_year"]


@dataclass(frozen=True)
class Mandatory:
    """Measure ``measure`` must be in the portfolio: :math:`x_j = 1`."""

    measure: str
    origin: str = ""
    label: str = ""

    def describe(self) -> str:
        return self.label or f"mandatory {self.measure}"


@dataclass(frozen=True)
class Forbidden:
    """Measure ``measure`` may not be in the portfolio: :math:`x_j = 0`."""

    measure: str
    origin: str = ""
    label: str = ""

    def describe(self) -> str:
        return self.label or f"forbidden {self.measure}"


@dataclass(frozen=True)
class Exclusive:
    """At most ``at_most`` measures of ``group`` (variants of one measure): :math:`\\sum_{j\\in G} x_j \\le k`."""

    group: tuple[str, ...]
    at_most: int = 1
    origin: str = ""
    label: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "group", tuple(self.group))

    def describe(self) -> str:
        if self.label:
            return self.label
        what = "one of" if self.at_most == 1 else f"{self.at_most} of"
        return f"at most {what} {join_words(self.group, 'or')}"


@dataclass(frozen=True)
class Requires:
    """``measure`` needs ``on``: :math:`x_a \\le x_b`; with ``lag_years`` L, b starts at least L years before a.

    ``on`` may name several measures, any one of which will do (e.g. either variant of a heat
    network): :math:`x_a \\le \\sum_{b \\in B} x_b`. With a lag, for every start year :math:`\\tau`
    of a (fixed, or one of its choices) :math:`x_{a,\\tau} \\le \\sum_{b \\in B}\\sum_{\\sigma \\le \\tau - L}
    x_{b,\\sigma}`. ``lag_years=None``: no timing.
    """

    measure: str
    on: str | tuple[str, ...]
    lag_years: int | None = None
    origin: str = ""
    label: str = ""

    @property
    def prerequisites(self) -> tuple[str, ...]:
        """The measures of which at least one must be chosen."""
        return (self.on,) if isinstance(self.on, str) else tuple(self.on)

    def describe(self) -> str:
        if self.label:
            return self.label
        text = f"{self.measure} requires {' or '.join(self.prerequisites)}"
        if self.lag_years:
            text += f" at least {self.lag_years} year(s) earlier"
        elif self.lag_years == 0:
            text += " started no later"
        return text


@dataclass(frozen=True)
class ThemeLimit:
    """Minimum/maximum number of measures, or investment, in one theme.

    :math:`k^- \\le \\sum_{j \\in T} x_j \\le k^+` and :math:`s^- \\le \\sum_{j \\in T} C_j x_j \\le s^+`,
    with :math:`C_j` the measure's total investment (before synergy savings). None = no limit.
    """

    theme: str
    min_count: int | None = None
    max_count: int | None = None
    min_spend: float | None = None
    max_spend: float | None = None
    origin: str = ""
    label: str = ""

    def describe(self) -> str:
        if self.label:
            return self.label
        parts = []
        if self.min_count is not None:
            parts.append(f"at least {self.min_count} measure(s)")
        if self.max_count is not None:
            parts.append(f"at most {self.max_count} measure(s)")
        if self.min_spend is not None:
            parts.append(f"at least {money(self.min_spend)}")
        if self.max_spend is not None:
            parts.append(f"at most {money(self.max_spend)}")
        return f"theme {self.theme}: " + " and ".join(parts)


@dataclass(frozen=True)
class Synergy:
    """Extra value and/or a cost saving when both ``a`` and ``b`` are chosen (linearised).

    :math:`y_{ab} = x_a x_b` through :math:`y \\le x_a`, :math:`y \\le x_b`, :math:`y \\ge x_a + x_b - 1`
    (Glover & Woolsey 1974; methodology B.4). ``extra_value`` :math:`s_{ab}` is added to the objective
    (negative for cannibalisation). ``cost_saving`` is subtracted from the spend: a scalar, booked in the
    years in proportion to the pair's investment profiles, or one amount per budget year (negative
    = extra cost). Payer and theme-spend rows use the investments before savings.
    """

    a: str
    b: str
    extra_value: float = 0.0
    cost_saving: Union[float, Sequence[float]] = 0.0
    origin: str = ""
    label: str = ""

    def describe(self) -> str:
        return self.label or f"synergy {self.a} + {self.b}"


@dataclass(frozen=True)
class StartYearChoice:
    """``measure`` may start in any of ``years``; option k spends ``costs[k]`` (one amount per budget year).

    The solver picks at most one start (:math:`x_j = \\sum_k x_{j,k}`), so the yearly budgets fit.
    ``values[k]`` (optional) is the measure's value when started in ``years[k]`` (e.g. the NPV
    discounted from that year); ``running[k]`` (optional) its running costs per budget year.
    """

    measure: str
    years: tuple[int, ...]
    costs: tuple[tuple[float, ...], ...]
    values: tuple[float, ...] | None = None
    running: tuple[tuple[float, ...], ...] | None = None
    origin: str = ""
    label: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "years", tuple(int(y) for y in self.years))
        object.__setattr__(self, "costs", tuple(tuple(float(c) for c in row) for row in self.costs))
        if self.values is not None:
            object.__setattr__(self, "values", tuple(float(v) for v in self.values))
        if self.running is not None:
            object.__setattr__(self, "running", tuple(tuple(float(c) for c in row) for row in self.running))

    def describe(self) -> str:
        return self.label or f"{self.measure} starts in {join_words([str(y) for y in self.years], 'or')}"


#: How a target compares the measured total with its level.
SENSES = (">=", "<=", "=")


@dataclass(frozen=True)
class TargetRule:
    """An ambition's target: the total over the chosen measures in use in ``year`` ``sense`` ``level``.

    ``contributions`` are (measure, amount, lag, years of use): the measure adds ``amount`` in
    every year from its start + ``lag`` (its first year of use) for ``years of use`` years; with
    a :class:`StartYearChoice` the window moves with the chosen start. ``year`` None counts every
    chosen measure (the horizon). Hard: a constraint,
    :math:`\\sum_j a_j u_{jY} x_j \\ge L` (or ``<=``, ``=``). Soft: a goal with a shortfall
    :math:`s \\ge 0` (:math:`\\sum_j a_j u_{jY} x_j + s \\ge L`; for ``=`` one each way) that
    :class:`ShortfallCap` bounds; its weighted relative shortfall is ``weight`` x s / ``scale``
    (Jones & Tamiz 2010, *Practical Goal Programming*, ch. 2: percentage normalisation).
    """

    ambition: str
    contributions: tuple[tuple[str, float, int, int], ...]
    sense: str
    level: float
    year: int | None = None
    hard: bool = True
    weight: float = 1.0
    priority: int | None = None
    scale: float = 1.0
    origin: str = ""
    label: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "contributions", tuple((str(m), float(a), int(lag), int(life))
                                                        for m, a, lag, life in self.contributions))
        object.__setattr__(self, "level", float(self.level))

    def counts(self, start: int, lag: int, life: int) -> bool:
        """Whether a measure started in ``start`` (first use ``start + lag`` for ``life`` years) counts."""
        return self.year is None or start + lag <= self.year < start + lag + life

    def describe(self) -> str:
        if self.label:
            return self.label
        when = "" if self.year is None else f" in {self.year}"
        return f"ambition {self.ambition}{when} {self.sense} {self.level:g}" + ("" if self.hard else " (goal)")


@dataclass(frozen=True)
class ShortfallCap:
    """The soft targets of ``priority`` (None: those without one) keep at most ``cap`` weighted shortfall.

    :math:`\\sum_{g} w_g s_g / \\text{scale}_g \\le` ``cap``: set from the least weighted shortfall any
    package reaches (:func:`mkba.portfolio.goals.settle_goals`), so maximising value afterwards
    keeps the goals as close as the money allows (lexicographic goal programming).
    """

    priority: int | None
    cap: float
    origin: str = ""
    label: str = ""

    def describe(self) -> str:
        return self.label or (f"weighted shortfall of the goals{'' if self.priority is None else f' of priority {self.priority}'}"
                              f" at most {self.cap:.4g}")


def is_per_year(amount: object) -> TypeIs[Sequence[float] | np.ndarray]:
    """Whether an amount (a synergy's ``cost_saving``) is given per budget year rather than as one number.

    One number is whatever :func:`numpy.isscalar` calls a scalar (a float, an int, a NumPy scalar).
    """
    return not np.isscalar(amount)


Rule = Union[Mandatory, Forbidden, Exclusive, Requires, ThemeLimit, Synergy, StartYearChoice, TargetRule, ShortfallCap]
RULE_TYPES = (Mandatory, Forbidden, Exclusive, Requires, ThemeLimit, Synergy, StartYearChoice, TargetRule, ShortfallCap)
