"""Ambitions in the linear model: hard targets as rows, soft targets as goals with a shortfall.

A :class:`~mkba.portfolio.rules.TargetRule` measures a total over the chosen measures in use in a
year (a measure counts from its first year of use for its years of use; with a start-year
choice through the option columns, so the window moves with the start). A hard target is one
row; a soft one gets a shortfall column :math:`s \\ge 0` per direction it may miss in
(:func:`define_targets`). A :class:`~mkba.portfolio.rules.ShortfallCap` bounds the weighted
relative shortfall of the soft targets of one priority (:func:`define_shortfall_caps`):
:mod:`mkba.portfolio.ambitions` sets it from the least shortfall any package reaches, then
the value is maximised under it (lexicographic goal programming; Jones & Tamiz 2010).

The model builder is used through its methods only (``add_cols``, ``add_rows``, ``add_group``
and the start-year option arrays), so :mod:`mkba.portfolio.formulation` can list these
``define_*`` functions without an import cycle. :func:`target_totals` and
:func:`target_breaks` are the solver-free check of a selection
(:func:`mkba.portfolio.evaluate.check_feasible`).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .problem import PortfolioProblem, filled
from .rules import ShortfallCap, StartYearChoice, TargetRule

__all__ = ["define_targets", "define_shortfall_caps", "fill_shortfalls", "target_totals", "target_breaks",
           "target_tolerance", "has_goals", "targets", "GOAL_KINDS"]

INF = np.inf

#: The rule-group kinds these rows carry (a fast path that does not model them must use the MIP).
GOAL_KINDS = ("ambition", "goal")


def has_goals(problem: PortfolioProblem) -> bool:
    """Whether the problem has ambition targets or shortfall caps (rows only the MIP models)."""
    return any(isinstance(r, (TargetRule, ShortfallCap)) for r in problem.rules)


def targets(problem: PortfolioProblem) -> list[tuple[int, TargetRule]]:
    """(rule index, target) of every :class:`TargetRule`, in rule order."""
    return [(i, r) for i, r in enumerate(problem.rules) if isinstance(r, TargetRule)]


def target_tolerance(level: float) -> float:
    """How far a total may miss a target's level and still meet it: 1e-9 x max(1, |level|)."""
    return 1e-9 * max(1.0, abs(level))


def starts_of(model: Any, problem: PortfolioProblem, j: int) -> list[tuple[int, int]]:
    """(column, start year) pairs through which measure j can be chosen (its option columns, or x_j at its start)."""
    sel = np.nonzero(model.opt_measure == j)[0]
    if sel.size:
        return [(int(model.opt_col[k]), int(model.opt_year[k])) for k in sel]
    return [(j, int(filled(problem.start, "start")[j]))]


def define_targets(model: Any, problem: PortfolioProblem) -> None:
    """One row per target: :math:`\\sum_{(j,\\tau)} a_j u_{j\\tau Y} x_{j\\tau}` (+ s, - s for a goal)
    within the target's bounds, u = 1 when the measure started in :math:`\\tau` is in use in Y."""
    for i, rule in targets(problem):
        key = f"rules[{i}]"
        cols, vals = [], []
        for m, amount, lag, life in rule.contributions:
            for col, tau in starts_of(model, problem, problem.index[m]):
                if amount and rule.counts(tau, lag, life):
                    cols.append(col)
                    vals.append(amount)
        tol = target_tolerance(rule.level)
        lo = rule.level - tol if rule.sense in (">=", "=") else -INF
        hi = rule.level + tol if rule.sense in ("<=", "=") else INF
        under = over = np.zeros(0, np.int64)
        # a shortfall never exceeds the distance from the level to the farthest total (finite bounds keep
        # every column's box finite for the kernels that bound the objective over it)
        most = np.full(1, abs(rule.level) + sum(abs(a) for _, a, _, _ in rule.contributions) + 1.0)
        if not rule.hard:
            if rule.sense in (">=", "="):
                under = model.add_cols(np.zeros(1), np.zeros(1), most, np.zeros(1, bool),
                                       [f"short[{rule.ambition}@{rule.year}]"])
                cols.append(int(under[0]))
                vals.append(1.0)
            if rule.sense in ("<=", "="):
                over = model.add_cols(np.zeros(1), np.zeros(1), most, np.zeros(1, bool),
                                      [f"over[{rule.ambition}@{rule.year}]"])
                cols.append(int(over[0]))
                vals.append(-1.0)
        rows = model.add_rows(np.zeros(len(cols)), np.array(cols, np.int64), np.array(vals, float), lo, hi, [key])
        model.add_group(key, rule.describe(), problem.rule_origin(i), "ambition", rows, rule, removable=rule.hard,
                        ambition=rule.ambition, year=rule.year, under=under, over=over)
    _widen(model)


def _widen(model: Any) -> None:
    """The builder's spend, running-cost, gross and measure-of-column arrays over every column
    (shortfall columns spend nothing and belong to no measure)."""
    N = model.n_cols
    for name in ("spend", "running"):
        matrix = getattr(model, name)
        if matrix is not None and matrix.shape[1] < N:
            matrix = matrix.tocsr(copy=True)
            matrix.resize((matrix.shape[0], N))
            setattr(model, name, matrix)
    if model.gross is not None and model.gross.size < N:
        model.gross = np.concatenate([model.gross, np.zeros(N - model.gross.size)])
    if model.col_measure is not None and model.col_measure.size < N:
        model.col_measure = np.concatenate([model.col_measure, np.full(N - model.col_measure.size, -1, np.int64)])


def define_shortfall_caps(model: Any, problem: PortfolioProblem) -> None:
    """:math:`\\sum_g (w_g / \\text{scale}_g)(s^-_g + s^+_g) \\le` cap over the soft targets of the cap's
    priority (None: the soft targets without a priority)."""
    for i, rule in enumerate(problem.rules):
        if not isinstance(rule, ShortfallCap):
            continue
        key = f"rules[{i}]"
        cols, vals = [], []
        for g in model.groups:
            target = g.rule
            if g.kind != "ambition" or target.hard or target.priority != rule.priority:
                continue
            for col in np.concatenate([g.detail["under"], g.detail["over"]]).tolist():
                cols.append(col)
                vals.append(target.weight / target.scale)
        rows = model.add_rows(np.zeros(len(cols)), np.array(cols, np.int64), np.array(vals, float), -INF,
                              rule.cap + target_tolerance(rule.cap), [key])
        model.add_group(key, rule.describe(), problem.rule_origin(i), "goal", rows, rule)


def fill_shortfalls(model: Any, x: np.ndarray) -> np.ndarray:
    """``x`` with every goal's shortfall set to what its measures leave (0 when met): a selection's column vector."""
    for g in model.groups:
        if g.kind != "ambition" or not (g.detail["under"].size or g.detail["over"].size):
            continue
        row = int(g.rows[0])
        x[g.detail["under"]] = 0.0
        x[g.detail["over"]] = 0.0
        a = model.A[row]
        act = float((a @ x)[0])  # the row may be scaled (scale_rows): divide by the shortfall's own coefficient
        for col in g.detail["under"].tolist():
            x[col] = max(0.0, model.row_lo[row] - act) / a[0, col]
        for col in g.detail["over"].tolist():
            x[col] = max(0.0, act - model.row_hi[row]) / -a[0, col]
    return x


def target_totals(problem: PortfolioProblem, mask: np.ndarray, start: np.ndarray) -> list[tuple[int, TargetRule, float]]:
    """(rule index, target, the total the selection reaches) for every target; ``start`` per measure."""
    out = []
    for i, rule in targets(problem):
        total = sum(amount for m, amount, lag, life in rule.contributions
                    if mask[problem.index[m]] and rule.counts(int(start[problem.index[m]]), lag, life))
        out.append((i, rule, float(total)))
    return out


def shortfall(rule: TargetRule, total: float) -> float:
    """How far ``total`` misses the target (0 when met; for ``=`` the distance either way)."""
    tol = target_tolerance(rule.level)
    below = max(0.0, rule.level - tol - total) if rule.sense in (">=", "=") else 0.0
    above = max(0.0, total - rule.level - tol) if rule.sense in ("<=", "=") else 0.0
    return below + above


def target_breaks(problem: PortfolioProblem, mask: np.ndarray, start: np.ndarray) -> list[str]:
    """The hard targets a selection misses and the shortfall caps it exceeds, in words with their origins."""
    out: list[str] = []
    totals = target_totals(problem, mask, start)
    for i, rule, total in totals:
        gap = shortfall(rule, total)
        if rule.hard and gap > 0:
            out.append(f"{rule.describe()}: the package reaches {total:g} ({problem.rule_origin(i)})")
    for i, cap in enumerate(problem.rules):
        if not isinstance(cap, ShortfallCap):
            continue
        weighted = sum(rule.weight / rule.scale * shortfall(rule, total) for _, rule, total in totals
                       if not rule.hard and rule.priority == cap.priority)
        if weighted > cap.cap + target_tolerance(cap.cap) + 1e-9:
            out.append(f"{cap.describe()}: the package leaves {weighted:.6g} ({problem.rule_origin(i)})")
    return out


def chosen_starts(problem: PortfolioProblem, starts: dict[int, int]) -> np.ndarray:
    """Start year per measure: its own, or the chosen option (by measure index)."""
    start = filled(problem.start, "start").copy()
    for r in problem.rules:
        if isinstance(r, StartYearChoice):
            j = problem.index[r.measure]
            start[j] = starts.get(j, r.years[0])
    return start
