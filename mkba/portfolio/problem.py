"""The portfolio problem: which measures to fund, as plain arrays and rule objects (no solver here).

A :class:`PortfolioProblem` holds one additive value per measure (the objective), the
investment per measure and budget year, the budgets (total, per year with optional carry-over,
per payer), running-cost caps, theme labels and the rules (:mod:`mkba.portfolio.rules`). Every
rule and budget carries an ``origin`` (e.g. ``"rules[3]"`` or ``"scenario.yaml line 40"``) and a
human ``label``, so a constraint built from it, and an infeasibility found in it, points back at
the row the user wrote (design convention C5). The problem knows nothing of a scenario file
(:func:`mkba.stages.selection.problem_from_scenario` builds one from a scenario) nor of PuLP,
CBC or HiGHS: see :mod:`mkba.portfolio.formulation` and :mod:`mkba.portfolio.backends`.

Objective (methodology B.2, requirement R9): the value of a portfolio is the sum of its
measures' values, so a measure's value must be additive and anchored at "not done" = 0:

* the NPV from the appraisal (a monetised difference from the nulalternatief); or
* an MAVT value :math:`v_i = \\sum_j w_j v_j(e_{ij})` with linear value functions anchored at
  zero effect on a fixed scale (:func:`anchored_values`), for the group weights or one
  stakeholder's; the NPV may be one of the criteria.

List-relative scores (TOPSIS, VIKOR, PROMETHEE, min-max WSM, ...) are refused by
:func:`refuse_non_additive` (Clemen & Smith 2009, Decision Analysis 6(4):256-262;
Morton 2015, EJOR 245(3):789-796). Which MCDA scores are additive is the MCDA registry's
knowledge (:data:`mkba.mcda.METHODS`, its ``additive`` flag): the one import of this package
from another kernel.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any, Iterable, Mapping, Sequence, TypeVar

import numpy as np

from ..errors import MethodError, closest
from ..mcda.registry import ADDITIVE_OBJECTIVES, refuse_non_additive  # (beside the registry that marks additive scores)
from ..model import FrozenMap
from .rules import (RULE_TYPES, SENSES, Exclusive, Forbidden, Mandatory, Requires, Rule, StartYearChoice, Synergy,
                    TargetRule, ThemeLimit, is_per_year)

__all__ = ["PortfolioProblem", "anchored_values", "refuse_non_additive", "ADDITIVE_OBJECTIVES", "filled"]

#: Objective kinds a portfolio may maximise: each is a sum over measures, zero for "not done".


_T = TypeVar("_T")


def filled(value: _T | None, name: str, by: str = "PortfolioProblem.__post_init__") -> _T:
    """``value``, which ``by`` always fills, as not None.

    For an optional field of :class:`PortfolioProblem` (``__post_init__`` replaces None by its
    default array) or a matrix of the model builder (``define_variables`` sets it): narrows the
    type for the checker and, should that step have been skipped, raises a clear error rather
    than one deep inside NumPy.
    """
    if value is None:
        raise RuntimeError(f"{name} is None: {by} fills it, and did not run")
    return value


# -- the problem ---------------------------------------------------------------------------------

def _frozen(a: Any, dtype: Any = float) -> np.ndarray:
    arr = np.array(a, dtype=dtype, copy=True)
    arr.setflags(write=False)
    return arr


@dataclass(frozen=True, eq=False)
class PortfolioProblem:
    """Select measures to maximise :math:`\\sum_j v_j x_j (+ \\sum s_{ab} y_{ab})` under budgets and rules.

    Attributes
    ----------
    ids : measure ids, length n (unique).
    values : (n,) additive value per measure, 0 = not done (NPV in €, or an anchored MAVT value).
    costs : (n, T) investment per measure and budget year (T = 1 for a single total budget).
    years : the T budget years (labels of the columns of ``costs``).
    start : (n,) start year of each measure (used by prerequisite lags); a measure with a
        :class:`StartYearChoice` takes its start from the chosen option.
    budget_total : cap on the total investment (inf = none): :math:`\\sum_{j,t} c_{jt} x_j \\le B`.
    budget_per_year : (T,) yearly caps (inf = none): :math:`\\sum_j c_{jt} x_j \\le B_t`; with
        ``carry_over`` unspent money moves to later years: :math:`\\sum_{\\tau\\le t}\\sum_j c_{j\\tau} x_j \\le
        \\sum_{\\tau \\le t} B_\\tau`.
    payers, payer_shares, payer_budgets : P payer ids, (n, P) share of each measure's investment
        each pays, (P,) what each payer brings in: :math:`\\sum_j a_{jp} C_j x_j \\le B_p`.
    running_costs, running_caps : (n, T) running (exploitation) cost per year, (T,) caps (inf = none).
    themes : theme label per measure ("" = none).
    rules : the rule objects.
    origins : origin string per budget row, keyed ``"budget.total"``, ``"budget.<year>"``,
        ``"payer.<id>"``, ``"running.<year>"`` (default: the key itself).
    objective : what ``values`` are (one of :data:`ADDITIVE_OBJECTIVES`, optionally with a
        qualifier after a colon, e.g. ``"mavt:huurders"``).
    """

    ids: tuple[str, ...]
    values: np.ndarray
    costs: np.ndarray
    years: tuple[int, ...] = (0,)
    start: np.ndarray | None = None
    budget_total: float = math.inf
    budget_per_year: np.ndarray | None = None
    carry_over: bool = False
    payers: tuple[str, ...] = ()
    payer_shares: np.ndarray | None = None
    payer_budgets: np.ndarray | None = None
    running_costs: np.ndarray | None = None
    running_caps: np.ndarray | None = None
    themes: tuple[str, ...] | None = None
    rules: tuple[Rule, ...] = ()
    origins: Mapping[str, str] = field(default_factory=FrozenMap)
    objective: str = "value"

    def __post_init__(self) -> None:
        ids = tuple(str(i) for i in self.ids)
        n = len(ids)
        costs = np.asarray(self.costs, dtype=float)
        if costs.ndim == 1:
            costs = costs[:, None]
        T = costs.shape[1] if costs.ndim == 2 else 0
        years = tuple(int(y) for y in self.years) if len(self.years) == T else tuple(range(T))
        set_ = lambda k, v: object.__setattr__(self, k, v)  # noqa: E731
        set_("ids", ids)
        set_("values", _frozen(self.values))
        set_("costs", _frozen(costs))
        set_("years", years)
        if self.start is None:
            spend = costs != 0
            first = np.where(spend.any(axis=1), spend.argmax(axis=1), 0) if T else np.zeros(n, int)
            start = np.asarray(years, dtype=np.int64)[first] if T else np.zeros(n, np.int64)
        else:
            start = self.start
        set_("start", _frozen(start, np.int64))
        set_("budget_total", float(self.budget_total))
        set_("budget_per_year", _frozen(np.full(T, np.inf) if self.budget_per_year is None
                                        else np.asarray(self.budget_per_year, float).reshape(-1)))
        P = len(self.payers)
        set_("payers", tuple(str(p) for p in self.payers))
        set_("payer_shares", _frozen(np.zeros((n, P)) if self.payer_shares is None else self.payer_shares))
        set_("payer_budgets", _frozen(np.full(P, np.inf) if self.payer_budgets is None else self.payer_budgets))
        set_("running_costs", _frozen(np.zeros((n, T)) if self.running_costs is None else
                                      np.asarray(self.running_costs, float).reshape(n, -1) if n else
                                      np.zeros((0, T))))
        set_("running_caps", _frozen(np.full(T, np.inf) if self.running_caps is None else
                                     np.asarray(self.running_caps, float).reshape(-1)))
        set_("themes", tuple("" if t is None else str(t) for t in self.themes) if self.themes is not None
             else ("",) * n)
        set_("rules", tuple(self.rules))
        set_("origins", FrozenMap(dict(self.origins)))
        problems = self._issues()
        if problems:
            raise MethodError("portfolio problem: " + "; ".join(problems))

    # -- checks ------------------------------------------------------------------------------
    def _issues(self) -> list[str]:
        out: list[str] = []
        n, T = len(self.ids), len(self.years)
        if len(set(self.ids)) != n:
            dup = sorted(i for i, count in Counter(self.ids).items() if count > 1)
            out.append(f"measure ids must be unique; repeated: {', '.join(dup)}")
        checks = [("values", self.values, (n,)), ("costs", self.costs, (n, T)),
                  ("start", filled(self.start, "start"), (n,)),
                  ("budget_per_year", filled(self.budget_per_year, "budget_per_year"), (T,)),
                  ("payer_shares", filled(self.payer_shares, "payer_shares"), (n, len(self.payers))),
                  ("payer_budgets", filled(self.payer_budgets, "payer_budgets"), (len(self.payers),)),
                  ("running_costs", filled(self.running_costs, "running_costs"), (n, T)),
                  ("running_caps", filled(self.running_caps, "running_caps"), (T,))]
        for name, arr, shape in checks:
            if arr.shape != shape:
                out.append(f"{name} must have shape {shape} (measures x years as given); got {arr.shape}")
            elif arr.dtype.kind == "f" and name not in ("budget_per_year", "payer_budgets", "running_caps") \
                    and not np.isfinite(arr).all():
                out.append(f"{name} must be finite numbers; row {int(np.argwhere(~np.isfinite(arr))[0][0])} is not")
        themes = filled(self.themes, "themes")
        if len(themes) != n:
            out.append(f"themes must give one label per measure ({n}); got {len(themes)}")
        for name in ("budget_per_year", "payer_budgets", "running_caps"):
            arr = getattr(self, name)
            if np.isnan(arr).any():
                out.append(f"{name} may not contain NaN (use inf for 'no limit')")
        if math.isnan(self.budget_total):
            out.append("budget_total may not be NaN (use inf for 'no limit')")
        shares = filled(self.payer_shares, "payer_shares")
        if shares.size and (shares < 0).any():
            out.append("payer_shares must be >= 0")
        kind = self.objective.split(":", 1)[0]
        if kind not in ADDITIVE_OBJECTIVES:
            try:
                refuse_non_additive(kind)
            except MethodError as exc:
                out.append(str(exc))
        out += self._rule_issues()
        return out

    def _rule_issues(self) -> list[str]:
        out: list[str] = []
        index = {m: j for j, m in enumerate(self.ids)}
        T = len(self.years)
        themes = filled(self.themes, "themes")

        def known(rule: Rule, what: str, mid: str) -> None:
            if mid not in index:
                hint = closest(mid, self.ids)
                out.append(f"{_where(rule)}: {what} {mid!r} is not a measure id"
                           + (f"; did you mean {hint!r}?" if hint else ""))

        chosen: set[str] = set()
        for rule in self.rules:
            if not isinstance(rule, RULE_TYPES):
                out.append(f"{rule!r} is not a portfolio rule; expected one of "
                           + ", ".join(t.__name__ for t in RULE_TYPES))
                continue
            if isinstance(rule, (Mandatory, Forbidden)):
                known(rule, "measure", rule.measure)
            elif isinstance(rule, Exclusive):
                for m in rule.group:
                    known(rule, "measure", m)
                if len(rule.group) < 2 or rule.at_most < 0:
                    out.append(f"{_where(rule)}: an exclusive group needs >= 2 measures and at_most >= 0")
            elif isinstance(rule, Requires):
                known(rule, "measure", rule.measure)
                for b in rule.prerequisites:
                    known(rule, "prerequisite", b)
                if not rule.prerequisites:
                    out.append(f"{_where(rule)}: a prerequisite rule needs at least one measure to depend on")
                if rule.measure in rule.prerequisites:
                    out.append(f"{_where(rule)}: a measure cannot require itself")
            elif isinstance(rule, ThemeLimit):
                if rule.theme not in themes:
                    hint = closest(rule.theme, set(themes) - {""})
                    out.append(f"{_where(rule)}: no measure has theme {rule.theme!r}"
                               + (f"; did you mean {hint!r}?" if hint else ""))
                if all(v is None for v in (rule.min_count, rule.max_count, rule.min_spend, rule.max_spend)):
                    out.append(f"{_where(rule)}: give at least one of min_count, max_count, min_spend, max_spend")
            elif isinstance(rule, Synergy):
                known(rule, "measure", rule.a)
                known(rule, "measure", rule.b)
                if rule.a == rule.b:
                    out.append(f"{_where(rule)}: a synergy needs two different measures")
                if is_per_year(rule.cost_saving) and len(rule.cost_saving) != T:
                    out.append(f"{_where(rule)}: cost_saving must be one number or one per budget year ({T})")
            elif isinstance(rule, StartYearChoice):
                known(rule, "measure", rule.measure)
                if rule.measure in chosen:
                    out.append(f"{_where(rule)}: {rule.measure} has more than one start-year choice")
                chosen.add(rule.measure)
                k = len(rule.years)
                if k == 0 or len(rule.costs) != k or any(len(c) != T for c in rule.costs):
                    out.append(f"{_where(rule)}: give one cost profile of {T} amounts per allowed start year")
                if rule.values is not None and len(rule.values) != k:
                    out.append(f"{_where(rule)}: give one value per allowed start year")
                if rule.running is not None and (len(rule.running) != k or any(len(c) != T for c in rule.running)):
                    out.append(f"{_where(rule)}: give one running-cost profile of {T} amounts per start year")
            elif isinstance(rule, TargetRule):
                for m, amount, _, life in rule.contributions:
                    known(rule, "measure", m)
                    if not math.isfinite(amount) or life < 0:
                        out.append(f"{_where(rule)}: {m} needs a finite amount and years of use >= 0")
                if rule.sense not in SENSES or not math.isfinite(rule.level):
                    out.append(f"{_where(rule)}: a target is one of {', '.join(SENSES)} a finite level")
                if not (rule.weight > 0 and math.isfinite(rule.weight)) or not rule.scale > 0:
                    out.append(f"{_where(rule)}: a target's weight and scale must be > 0")
        return out

    # -- derived -----------------------------------------------------------------------------
    @property
    def n(self) -> int:
        return len(self.ids)

    @cached_property
    def index(self) -> Mapping[str, int]:
        """Position of each measure id."""
        return FrozenMap({m: j for j, m in enumerate(self.ids)})

    def origin(self, key: str) -> str:
        """Origin of a budget row (``"budget.total"``, ``"budget.2026"``, ``"payer.x"``, ``"running.2026"``)."""
        return self.origins.get(key, key)

    def rule_origin(self, i: int) -> str:
        """Origin of ``rules[i]``: its own ``origin`` or ``"rules[i]"``."""
        return self.rules[i].origin or f"rules[{i}]"

    def with_values(self, values: np.ndarray, objective: str | None = None) -> PortfolioProblem:
        """The same problem with another value vector (e.g. one stakeholder's). A start-year choice keeps
        each start's difference from the measure's value (as a re-solve on the model does)."""
        v = np.asarray(values, float)

        def moved(r: Rule) -> Rule:
            if not isinstance(r, StartYearChoice) or r.values is None:
                return r
            j = self.index[r.measure]
            return replace(r, values=tuple(x - float(self.values[j]) + float(v[j]) for x in r.values))

        rules = tuple(moved(r) for r in self.rules)
        return replace(self, values=v, rules=rules, objective=objective or self.objective)

    def summary(self) -> dict:
        """Sizes and budgets, JSON-safe (for provenance and reports)."""
        per_year = filled(self.budget_per_year, "budget_per_year")
        return {"measures": self.n, "years": list(self.years), "objective": self.objective,
                "budget_total": _num(self.budget_total),
                "budget_per_year": [_num(b) for b in per_year], "carry_over": self.carry_over,
                "payers": list(self.payers), "rules": len(self.rules)}

    def __repr__(self) -> str:
        return (f"PortfolioProblem({self.n} measures, {len(self.years)} year(s), {len(self.rules)} rules, "
                f"objective={self.objective!r})")

    # -- construction --------------------------------------------------------------------------
    @classmethod
    def from_arrays(
        cls,
        values: Any,
        costs: Any,
        budget: Any = None,
        *,
        ids: Sequence[str] | None = None,
        years: Sequence[int] | None = None,
        total_budget: float | None = None,
        carry_over: bool = False,
        start: Any = None,
        payer_shares: Any = None,
        payers: Sequence[str] | None = None,
        payer_budgets: Any = None,
        running_costs: Any = None,
        running_caps: Any = None,
        themes: Sequence[str] | None = None,
        mandatory: Iterable[str | Mandatory] = (),
        forbidden: Iterable[str | Forbidden] = (),
        exclusive: Iterable[Sequence[str] | Exclusive] = (),
        requires: Iterable[tuple | Requires] = (),
        theme_limits: Iterable[ThemeLimit | Mapping] = (),
        synergies: Iterable[tuple | Synergy] = (),
        start_years: Iterable[StartYearChoice] = (),
        objective: str = "value",
    ) -> PortfolioProblem:
        """A problem from plain arrays, for users without a scenario file.

        Parameters
        ----------
        values : (n,) additive value per measure (NPV in €, or :func:`anchored_values`).
        costs : (n,) total investment per measure, or (n, T) investment per measure and budget year.
        budget : one number (cap on the total investment), or T numbers (one cap per year), or None.
        ids : measure ids (default ``"M1" .. "Mn"``); rules refer to measures by id.
        years : labels of the T budget years (default 0 .. T-1).
        total_budget : a total cap in addition to yearly ``budget`` caps.
        carry_over : unspent yearly budget may be spent in later years.
        payer_shares, payers, payer_budgets : (n, P) shares of each measure's investment per
            payer, their ids, and (P,) what each payer brings in.
        running_costs, running_caps : (n, T) or (n,) running costs, and caps per year (one number: every year).
        themes : theme label per measure.
        mandatory, forbidden : measure ids (or rule objects).
        exclusive : groups of ids of which at most one may be chosen (or :class:`Exclusive`).
        requires : ``(a, b)`` "a needs b", ``(a, b, lag_years)``, or :class:`Requires`.
        theme_limits : :class:`ThemeLimit` or dicts with its fields.
        synergies : ``(a, b, extra_value)``, ``(a, b, extra_value, cost_saving)`` or :class:`Synergy`.
        start_years : :class:`StartYearChoice` objects.
        objective : what the values are: ``"npv"``, ``"mavt"`` or ``"value"``; any other method name is
            refused with the reason (:func:`refuse_non_additive`).

        Rules given as plain data get origins ``"mandatory[0]"``, ``"exclusive[2]"``, ... so a
        conflict points at the argument and position.
        """
        issues: list[str] = []
        v = np.asarray(values, dtype=float)
        if v.ndim != 1:
            raise MethodError(f"portfolio: values must be one number per measure (shape (n,)); got shape {v.shape}")
        n = v.shape[0]
        c = np.asarray(costs, dtype=float)
        if c.ndim == 1:
            c = c[:, None]
        if c.ndim != 2 or c.shape[0] != n:
            raise MethodError(f"portfolio: costs must have shape ({n},) or ({n}, T) for {n} values; got "
                              f"{np.shape(costs)}")
        T = c.shape[1]
        if years is None:
            years = tuple(range(T))
        elif len(years) != T:
            issues.append(f"years must give {T} labels (one per cost column); got {len(years)}")
            years = tuple(range(T))
        if ids is None:
            ids = tuple(f"M{j + 1}" for j in range(n))
        elif len(ids) != n:
            issues.append(f"ids must give {n} measure ids; got {len(ids)}")
            ids = tuple(f"M{j + 1}" for j in range(n))
        b_total = math.inf if total_budget is None else float(total_budget)
        per_year = None
        if budget is not None:
            b = np.asarray(budget, dtype=float)
            if b.ndim == 0:
                if total_budget is not None:
                    issues.append("give the total budget either as budget=<number> or total_budget=, not both")
                b_total = float(b)
            elif b.shape == (T,):
                per_year = b
            else:
                issues.append(f"budget must be one number (total) or {T} numbers (one per year); got shape {b.shape}")
        for name, arr in (("values", v), ("costs", c)):
            if not np.isfinite(arr).all():
                issues.append(f"{name} must be finite; measure {ids[int(np.argwhere(~np.isfinite(arr))[0][0])]} is not")
        P = 0
        if payer_shares is not None:
            ps = np.asarray(payer_shares, dtype=float)
            if ps.ndim == 1:
                ps = ps[:, None]
            if ps.shape[0] != n:
                issues.append(f"payer_shares must have one row per measure ({n}); got shape {ps.shape}")
            P = ps.shape[1]
            payers = tuple(payers) if payers is not None else tuple(f"payer{p + 1}" for p in range(P))
            if len(payers) != P:
                issues.append(f"payers must give {P} ids (one per payer_shares column); got {len(payers)}")
            pb = np.full(P, np.inf) if payer_budgets is None else np.asarray(payer_budgets, float).reshape(-1)
            if pb.shape != (P,):
                issues.append(f"payer_budgets must give {P} amounts; got {pb.shape}")
            payer_shares, payer_budgets = ps, pb
        else:
            payers = ()
        if running_costs is not None:
            r = np.asarray(running_costs, dtype=float)
            running_costs = np.repeat(r[:, None], T, axis=1) if r.ndim == 1 else r
        if running_caps is not None:
            rc = np.asarray(running_caps, dtype=float)
            running_caps = np.full(T, float(rc)) if rc.ndim == 0 else rc
        if issues:
            raise MethodError("portfolio.from_arrays: " + "; ".join(issues))
        rules: list[Rule] = []
        for i, m in enumerate(mandatory):
            rules.append(m if isinstance(m, Mandatory) else Mandatory(str(m), origin=f"mandatory[{i}]"))
        for i, f in enumerate(forbidden):
            rules.append(f if isinstance(f, Forbidden) else Forbidden(str(f), origin=f"forbidden[{i}]"))
        for i, g in enumerate(exclusive):
            rules.append(g if isinstance(g, Exclusive) else Exclusive(tuple(map(str, g)), origin=f"exclusive[{i}]"))
        for i, req in enumerate(requires):
            if isinstance(req, Requires):
                rules.append(req)
            else:
                pair = tuple(req)
                lag = pair[2] if len(pair) > 2 else None
                on = str(pair[1]) if isinstance(pair[1], str) else tuple(map(str, pair[1]))
                rules.append(Requires(str(pair[0]), on, None if lag is None else int(lag),
                                      origin=f"requires[{i}]"))
        for i, t in enumerate(theme_limits):
            rules.append(t if isinstance(t, ThemeLimit) else ThemeLimit(**{"origin": f"theme_limits[{i}]", **t}))
        for i, syn in enumerate(synergies):
            if isinstance(syn, Synergy):
                rules.append(syn)
            else:
                s = tuple(syn)
                given = s[3] if len(s) > 3 else 0.0
                saving = tuple(float(x) for x in given) if is_per_year(given) else float(given)
                rules.append(Synergy(str(s[0]), str(s[1]), float(s[2]) if len(s) > 2 else 0.0, saving,
                                     origin=f"synergies[{i}]"))
        rules += list(start_years)
        return cls(ids=tuple(ids), values=v, costs=c, years=tuple(years), start=start, budget_total=b_total,
                   budget_per_year=per_year, carry_over=carry_over, payers=tuple(payers),
                   payer_shares=payer_shares, payer_budgets=payer_budgets, running_costs=running_costs,
                   running_caps=running_caps, themes=None if themes is None else tuple(themes),
                   rules=tuple(rules), objective=objective)


def _where(rule: Rule) -> str:
    return f"{type(rule).__name__.lower()} rule" + (f" ({rule.origin})" if rule.origin else "")


def _num(x: float) -> float | None:
    return None if not math.isfinite(x) else float(x)


# -- objective -------------------------------------------------------------------------------------

def anchored_values(effects: Any, weights: Any, directions: Any, scale: Any = None) -> np.ndarray:
    r"""Additive MAVT value per measure, anchored at "not done" = 0 on a fixed scale.

    :math:`v_j(e) = d_j \, e / s_j` (linear, zero at zero effect: the nulalternatief), and
    :math:`V_i = \sum_j w_j v_j(e_{ij})`. The default scale is
    :math:`s_j = \max_i |e_{ij}|` over the longlist (a criterion on which every effect is 0
    contributes 0). A negative effect on a benefit criterion gives a negative value, as it
    should (methodology B.2). For a value that does not move when a measure is added to the
    list, pass a fixed ``scale`` (a target, or a pre-declared maximum): with the default,
    adding a measure with a larger effect rescales every value (Morton 2015).

    Parameters
    ----------
    effects : (n, m) effect per measure and criterion (difference from the nulalternatief);
        the NPV may be one of the columns (item 1c).
    weights : (m,) or (K, m) criterion weights (group, or one row per stakeholder).
    directions : (m,) +1 benefit, -1 cost.
    scale : (m,) positive scale per criterion, or None for the longlist maximum.

    Returns
    -------
    (n,) for (m,) weights, (K, n) for (K, m) weights.
    """
    e = np.asarray(effects, dtype=float)
    if e.ndim != 2:
        raise MethodError(f"anchored_values: effects must be (measures, criteria); got shape {e.shape}")
    m = e.shape[1]
    d = np.asarray(directions, dtype=float).reshape(-1)
    w = np.asarray(weights, dtype=float)
    if d.shape != (m,) or not np.isin(d, (-1.0, 1.0)).all():
        raise MethodError(f"anchored_values: directions must be {m} values of +1 (benefit) or -1 (cost)")
    if w.shape[-1:] != (m,) or w.ndim > 2:
        raise MethodError(f"anchored_values: weights must have shape ({m},) or (K, {m}); got {w.shape}")
    if not np.isfinite(e).all():
        raise MethodError("anchored_values: effects must be finite")
    if scale is None:
        s = np.abs(e).max(axis=0) if e.shape[0] else np.ones(m)
        s = np.where(s > 0, s, 1.0)
    else:
        s = np.asarray(scale, dtype=float).reshape(-1)
        if s.shape != (m,) or not (s > 0).all():
            raise MethodError(f"anchored_values: scale must be {m} positive numbers")
    v = e * (d / s)
    return w @ v.T if w.ndim == 2 else v @ w
