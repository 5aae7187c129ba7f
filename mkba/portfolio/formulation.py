"""The portfolio problem as a 0-1 linear program: one ``define_*`` function per rule kind.

The model is kept in a small solver-independent container, :class:`LinearModel`
(objective ``c``, a CSR constraint matrix ``A``, row and column bounds, integrality, row
names and *rule groups*), built in bulk from sparse arrays, never one Python expression per
term. :mod:`mkba.portfolio.backends` hands it to HiGHS as arrays or to CBC as an MPS file.

Variables (methodology B.4): :math:`x_j \\in \\{0,1\\}` per measure (columns ``0 .. n-1``);
:math:`x_{j,k} \\in \\{0,1\\}` per allowed start year of a measure with a
:class:`~mkba.portfolio.problem.StartYearChoice`; :math:`y_{ab} \\in [0,1]` per synergy.
The objective is :math:`\\max \\sum_j v_j x_j + \\sum_{ab} s_{ab} y_{ab}`.

Spend: the investment of a column in budget year t is :math:`S_{t,\\cdot}` (a measure with a
start-year choice spends through its option columns; a synergy column carries minus its
cost saving). Every budget row is a combination of the rows of :math:`S`.

Every row belongs to one :class:`RuleGroup` named after the rule or budget it came from
(its ``origin``, e.g. ``"rules[3]"`` or ``"scenario.yaml line 40"``), so an infeasibility
found by :mod:`mkba.portfolio.diagnose` points back at the rows the user wrote.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Callable, TypeVar

import numpy as np
from scipy import sparse

from .goals import define_shortfall_caps, define_targets, fill_shortfalls
from .goals import starts_of as _starts_of
from .problem import PortfolioProblem, filled
from .rules import Exclusive, Forbidden, Mandatory, Requires, StartYearChoice, Synergy, ThemeLimit, is_per_year
from .text import money

__all__ = [
    "RuleGroup",
    "LinearModel",
    "ModelBuilder",
    "build_model",
    "saving_profile",
    "MONEY_ATOL",
    "MONEY_RTOL",
    "money_tolerance",
    "money_row",
    "scale_rows",
    "define_variables",
    "define_start_year_choices",
    "define_total_budget",
    "define_yearly_budgets",
    "define_payer_budgets",
    "define_running_caps",
    "define_mandatory",
    "define_forbidden",
    "define_exclusive",
    "define_requires",
    "define_theme_limits",
    "define_synergies",
    "DEFINES",
]

INF = np.inf
_T = TypeVar("_T")

#: Money is compared at a cent (EUR) ...
MONEY_ATOL = 0.01
#: ... or at 1e-9 of the amount when that is more (1 EUR on a budget of 1 bn).
MONEY_RTOL = 1e-9


def money_tolerance(amount: Any) -> Any:
    """How far spend may pass a money cap (budget, payer, running-cost cap, theme spend) and still meet it.

    ``max(0.01, 1e-9 * |amount|)`` EUR: a cent absolute (smaller amounts are not money a
    budget can tell apart, so 6e-12 spent against a budget of 5.9e-12 meets it), relative to
    the amount above 10 M EUR (a double holds about 16 digits; solvers work to 1e-9 relative).
    Spend above ``amount + money_tolerance(amount)`` never meets the cap; spend within it
    always does: the model's rows carry the tolerance (:func:`money_row`) and every solver answer
    is checked against it (:func:`mkba.portfolio.evaluate.check_feasible`).
    """
    a = np.abs(np.where(np.isfinite(amount), amount, 0.0))
    out = np.maximum(MONEY_ATOL, MONEY_RTOL * a)
    return float(out) if np.ndim(out) == 0 else out


def money_row(lo: Any, hi: Any) -> tuple[Any, Any]:
    """The bounds of a money row with :func:`money_tolerance` added (a floor lowered, a cap raised)."""
    return lo - money_tolerance(lo), hi + money_tolerance(hi)


@dataclass(frozen=True, eq=False)
class RuleGroup:
    """The rows (and column bounds) that one rule or one budget line adds to the model.

    ``key`` is unique (``"budget.total"``, ``"budget.2026"``, ``"payer.gemeente"``,
    ``"running.2026"``, ``"rules[3]"``); ``origin`` is where the user wrote it; ``kind`` is
    ``"budget"``, ``"payer"``, ``"running"`` or the rule's kind; ``fixes`` are column bounds
    (mandatory/forbidden) as (cols, lo, hi). A group with ``removable=False`` is structure
    (start-year linking), never a suspect in a diagnosis.
    """

    key: str
    label: str
    origin: str
    kind: str
    rows: np.ndarray
    rule: Any = None
    fixes: tuple[tuple[np.ndarray, np.ndarray, np.ndarray], ...] = ()
    removable: bool = True
    detail: dict = field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class LinearModel:
    """A maximisation MIP :math:`\\max c^T x` s.t. :math:`l_r \\le A x \\le u_r`, :math:`l_c \\le x \\le u_c`.

    ``integer[k]`` marks integer columns. ``n`` measures occupy columns ``0 .. n-1``;
    ``opt_measure``, ``opt_year``, ``opt_col`` describe start-year option columns;
    ``syn_col`` the synergy columns (one per :class:`Synergy`, in ``syn_rules`` order).
    ``spend`` is the (T, N) investment per budget year and column, ``gross`` the (N,)
    investment before synergy savings.
    """

    c: np.ndarray
    A: sparse.csr_matrix
    row_lo: np.ndarray
    row_hi: np.ndarray
    col_lo: np.ndarray
    col_hi: np.ndarray
    integer: np.ndarray
    row_names: tuple[str, ...]
    col_names: tuple[str, ...]
    groups: tuple[RuleGroup, ...]
    n: int
    opt_measure: np.ndarray
    opt_year: np.ndarray
    opt_col: np.ndarray
    syn_col: np.ndarray
    spend: sparse.csr_matrix
    gross: np.ndarray

    @property
    def shape(self) -> tuple[int, int]:
        return self.A.shape

    def group(self, key: str) -> RuleGroup:
        for g in self.groups:
            if g.key == key:
                return g
        raise KeyError(key)

    def decode(self, x: np.ndarray) -> tuple[np.ndarray, dict[int, int]]:
        """(selected mask over the n measures, {measure index: chosen start year}) from a column vector."""
        x = np.asarray(x, dtype=float)
        chosen = x[: self.n] > 0.5
        starts: dict[int, int] = {}
        on = x[self.opt_col] > 0.5 if self.opt_col.size else np.zeros(0, bool)
        for j, y in zip(self.opt_measure[on], self.opt_year[on]):
            starts[int(j)] = int(y)
        return chosen, starts

    def encode(self, problem: PortfolioProblem, chosen: np.ndarray, starts: dict[int, int] | None = None) -> np.ndarray:
        """The column vector of a selection (options at ``starts``, else the first allowed year; y = x_a x_b)."""
        x = np.zeros(self.A.shape[1])
        x[: self.n] = chosen
        starts = starts or {}
        done: set[int] = set()
        for k, (j, y, col) in enumerate(zip(self.opt_measure, self.opt_year, self.opt_col)):
            j = int(j)
            if not chosen[j] or j in done:
                continue
            if starts.get(j, y) == y:
                x[col] = 1.0
                done.add(j)
        for col, rule in zip(self.syn_col, syn_rules(problem)):
            x[col] = float(chosen[problem.index[rule.a]] and chosen[problem.index[rule.b]])
        return fill_shortfalls(self, x)  # each goal's shortfall: what the selection leaves


def syn_rules(problem: PortfolioProblem) -> list[Synergy]:
    return [r for r in problem.rules if isinstance(r, Synergy)]


class ModelBuilder:
    """Collects columns, row blocks (COO) and rule groups; :meth:`build` returns the :class:`LinearModel`."""

    def __init__(self, problem: PortfolioProblem) -> None:
        self.problem = problem
        self._cols: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, list[str]]] = []
        self.n_cols = 0
        self._blocks: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self._row_lo: list[np.ndarray] = []
        self._row_hi: list[np.ndarray] = []
        self._row_names: list[str] = []
        self.n_rows = 0
        self.groups: list[RuleGroup] = []
        self.fixes: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self.opt_measure = np.zeros(0, np.int64)
        self.opt_year = np.zeros(0, np.int64)
        self.opt_col = np.zeros(0, np.int64)
        self.syn_col = np.zeros(0, np.int64)
        self.spend: sparse.csr_matrix | None = None
        self.running: sparse.csr_matrix | None = None
        self.gross: np.ndarray | None = None
        self.col_measure: np.ndarray | None = None  # measure index of every x and option column (-1: other)

    def add_cols(self, cost: np.ndarray, lo: np.ndarray, hi: np.ndarray, integer: np.ndarray,
                 names: list[str]) -> np.ndarray:
        k = len(cost)
        self._cols.append((np.asarray(cost, float), np.asarray(lo, float), np.asarray(hi, float),
                           np.asarray(integer, bool), names))
        idx = np.arange(self.n_cols, self.n_cols + k)
        self.n_cols += k
        return idx

    def add_rows(self, rows: np.ndarray, cols: np.ndarray, vals: np.ndarray, lo: Any, hi: Any,
                 names: list[str]) -> np.ndarray:
        """Rows given in COO with local row numbers 0 .. len(names)-1; returns their global indices."""
        m = len(names)
        self._blocks.append((np.asarray(rows, np.int64) + self.n_rows, np.asarray(cols, np.int64),
                             np.asarray(vals, float)))
        self._row_lo.append(np.broadcast_to(np.asarray(lo, float), (m,)).copy())
        self._row_hi.append(np.broadcast_to(np.asarray(hi, float), (m,)).copy())
        self._row_names += names
        idx = np.arange(self.n_rows, self.n_rows + m)
        self.n_rows += m
        return idx

    def add_sparse_rows(self, M: sparse.spmatrix, lo: Any, hi: Any, names: list[str]) -> np.ndarray:
        coo = sparse.coo_matrix(M)
        return self.add_rows(coo.row, coo.col, coo.data, lo, hi, names)

    def add_group(self, key: str, label: str, origin: str, kind: str, rows: np.ndarray, rule: Any = None,
                  fixes: tuple = (), removable: bool = True, **detail: Any) -> None:
        rows = np.asarray(rows, np.int64)
        for r in rows.tolist():  # rows are named after the origin the user wrote
            name = self._row_names[r]
            if name.startswith(key) and origin != key:
                self._row_names[r] = origin + name[len(key):]
        self.groups.append(RuleGroup(key, label, origin, kind, rows, rule, tuple(fixes), removable, dict(detail)))

    def build(self) -> LinearModel:
        c = np.concatenate([b[0] for b in self._cols]) if self._cols else np.zeros(0)
        lo = np.concatenate([b[1] for b in self._cols]) if self._cols else np.zeros(0)
        hi = np.concatenate([b[2] for b in self._cols]) if self._cols else np.zeros(0)
        integer = np.concatenate([b[3] for b in self._cols]) if self._cols else np.zeros(0, bool)
        names = tuple(nm for b in self._cols for nm in b[4])
        for cols, flo, fhi in self.fixes:
            lo[cols] = np.maximum(lo[cols], flo)
            hi[cols] = np.minimum(hi[cols], fhi)
        if self._blocks:
            r = np.concatenate([b[0] for b in self._blocks])
            k = np.concatenate([b[1] for b in self._blocks])
            v = np.concatenate([b[2] for b in self._blocks])
        else:
            r = k = np.zeros(0, np.int64)
            v = np.zeros(0)
        A = sparse.csr_matrix((v, (r, k)), shape=(self.n_rows, self.n_cols))
        A.sum_duplicates()
        A.eliminate_zeros()
        row_lo = np.concatenate(self._row_lo) if self._row_lo else np.zeros(0)
        row_hi = np.concatenate(self._row_hi) if self._row_hi else np.zeros(0)
        for a in (c, lo, hi, integer, row_lo, row_hi):
            a.setflags(write=False)
        return LinearModel(c, A, row_lo, row_hi, lo, hi, integer, tuple(self._row_names), names,
                           tuple(self.groups), self.problem.n, self.opt_measure, self.opt_year, self.opt_col,
                           self.syn_col, _made(self.spend, "spend"), _made(self.gross, "gross"))


def _made(value: _T | None, name: str) -> _T:
    """A matrix of the builder that :func:`define_variables` sets, as not None."""
    return filled(value, f"ModelBuilder.{name}", by="define_variables")


def rule_key(problem: PortfolioProblem, i: int) -> str:
    return f"rules[{i}]"


def _indexed(problem: PortfolioProblem, kind: type) -> list[tuple[int, Any]]:
    return [(i, r) for i, r in enumerate(problem.rules) if isinstance(r, kind)]


# -- columns ------------------------------------------------------------------------------------

def define_variables(model: ModelBuilder, problem: PortfolioProblem) -> None:
    """Columns: :math:`x_j` (binary) per measure, :math:`x_{j,k}` per allowed start, :math:`y_{ab}` per synergy.

    Objective coefficients: :math:`v_j` on :math:`x_j`, and ``values[k]`` :math:`- v_j` on option k of a
    :class:`StartYearChoice` that gives them (as :math:`x_j = \\sum_k x_{j,k}`, a chosen start is worth
    ``values[k]``; a re-solve that puts sampled values on :math:`c_{0..n-1}` keeps each start's
    difference instead of counting the measure twice); :math:`s_{ab}` (``extra_value``) on :math:`y_{ab}`.
    Also computes the spend matrix :math:`S` (T, N), the running-cost matrix (T, N) and the
    gross investment per column used by every budget row.
    """
    n, T = problem.n, len(problem.years)
    c = problem.values.astype(float).copy()
    costs = problem.costs.astype(float).copy()
    running = filled(problem.running_costs, "running_costs").astype(float).copy()
    choices = _indexed(problem, StartYearChoice)
    om, oy, oc, ov, orun = [], [], [], [], []
    for _, rule in choices:
        j = problem.index[rule.measure]
        for k, y in enumerate(rule.years):
            om.append(j)
            oy.append(y)
            oc.append(rule.costs[k])
            ov.append(rule.values[k] - c[j] if rule.values is not None else 0.0)
            orun.append(rule.running[k] if rule.running is not None else None)
        costs[j] = 0.0
        if rule.running is not None:
            running[j] = 0.0
    model.add_cols(c, np.zeros(n), np.ones(n), np.ones(n, bool), [f"x[{m}]" for m in problem.ids])
    k = len(om)
    model.opt_measure = np.asarray(om, np.int64)
    model.opt_year = np.asarray(oy, np.int64)
    if k:
        model.opt_col = model.add_cols(np.asarray(ov), np.zeros(k), np.ones(k), np.ones(k, bool),
                                       [f"x[{problem.ids[j]}@{y}]" for j, y in zip(om, oy)])
    syn = syn_rules(problem)
    if syn:
        model.syn_col = model.add_cols(np.array([s.extra_value for s in syn], float), np.zeros(len(syn)),
                                       np.ones(len(syn)), np.zeros(len(syn), bool),
                                       [f"y[{s.a}+{s.b}]" for s in syn])
    N = model.n_cols
    # spend (T, N): measures, then options, then minus synergy savings
    rows_, cols_, vals_ = [], [], []
    r, cc = np.nonzero(costs.T)
    rows_.append(r); cols_.append(cc); vals_.append(costs.T[r, cc])
    if k:
        oc_arr = np.asarray(oc, float).reshape(k, T)
        r, cc = np.nonzero(oc_arr.T)
        rows_.append(r); cols_.append(model.opt_col[cc]); vals_.append(oc_arr.T[r, cc])
    gross_rows = np.concatenate(rows_) if rows_ else np.zeros(0, np.int64)
    gross_cols = np.concatenate(cols_) if cols_ else np.zeros(0, np.int64)
    gross_vals = np.concatenate(vals_) if vals_ else np.zeros(0)
    model.gross = np.bincount(gross_cols, weights=gross_vals, minlength=N)
    for s, col in zip(syn, model.syn_col):
        saving = saving_profile(problem, s)
        nz = np.nonzero(saving)[0]
        rows_.append(nz); cols_.append(np.full(nz.size, col)); vals_.append(-saving[nz])
    model.spend = sparse.csr_matrix((np.concatenate(vals_), (np.concatenate(rows_), np.concatenate(cols_))),
                                    shape=(T, N))
    r, cc = np.nonzero(running.T)
    run_r, run_c, run_v = [r], [cc], [running.T[r, cc]]
    for kk in range(k):
        if orun[kk] is not None:
            prof = np.asarray(orun[kk], float)
            nz = np.nonzero(prof)[0]
            run_r.append(nz); run_c.append(np.full(nz.size, model.opt_col[kk])); run_v.append(prof[nz])
    model.running = sparse.csr_matrix((np.concatenate(run_v), (np.concatenate(run_r), np.concatenate(run_c))),
                                      shape=(T, N))
    col_measure = np.full(N, -1, np.int64)
    col_measure[:n] = np.arange(n)
    if k:
        col_measure[model.opt_col] = model.opt_measure
    model.col_measure = col_measure


def saving_profile(problem: PortfolioProblem, s: Synergy) -> np.ndarray:
    """A synergy's cost saving per budget year: as given, or a scalar split over the pair's base profiles.

    The spend rows of the model and :func:`~mkba.portfolio.evaluate.spend_per_year` both deduct it.
    """
    T = len(problem.years)
    if is_per_year(s.cost_saving):
        return np.asarray(s.cost_saving, float)
    total = float(s.cost_saving)
    if total == 0.0:
        return np.zeros(T)
    prof = np.abs(problem.costs[problem.index[s.a]]) + np.abs(problem.costs[problem.index[s.b]])
    if prof.sum() == 0:
        prof = np.zeros(T)
        prof[0] = 1.0
    return total * prof / prof.sum()


# -- budgets -----------------------------------------------------------------------------------

def define_total_budget(model: ModelBuilder, problem: PortfolioProblem) -> None:
    """Total investment: :math:`\\sum_t \\sum_j S_{tj} x_j \\le B` (skipped when B is infinite)."""
    if not np.isfinite(problem.budget_total):
        return
    row = sparse.csr_matrix(_made(model.spend, "spend").sum(axis=0))
    rows = model.add_sparse_rows(row, *money_row(-INF, problem.budget_total), ["budget.total"])
    model.add_group("budget.total", f"total budget {money(problem.budget_total)}", problem.origin("budget.total"),
                    "budget", rows, amount=problem.budget_total, year=None)


def define_yearly_budgets(model: ModelBuilder, problem: PortfolioProblem) -> None:
    """Yearly budgets :math:`\\sum_j S_{tj} x_j \\le B_t`; with carry-over the cumulative form
    :math:`\\sum_{\\tau \\le t} \\sum_j S_{\\tau j} x_j \\le \\sum_{\\tau \\le t} B_\\tau` (methodology B.4).
    One row (and one group, ``"budget.<year>"``) per year with a finite cap."""
    B = filled(problem.budget_per_year, "budget_per_year")
    S = _made(model.spend, "spend")
    if problem.carry_over:
        S = sparse.csr_matrix(np.cumsum(S.toarray(), axis=0)) if S.shape[1] < 50_000 else \
            sparse.csr_matrix(sparse.tril(np.ones((S.shape[0], S.shape[0]))) @ S)
        B = np.cumsum(B)
    for t, year in enumerate(problem.years):
        if not np.isfinite(B[t]):
            continue
        key = f"budget.{year}"
        label = (f"budget up to {year} (with carry-over) {money(B[t])}" if problem.carry_over
                 else f"budget {year} is {money(B[t])}")
        rows = model.add_sparse_rows(S[t], *money_row(-INF, B[t]), [key])
        model.add_group(key, label, problem.origin(key), "budget", rows, amount=float(B[t]), year=year,
                        cumulative=problem.carry_over)


def define_payer_budgets(model: ModelBuilder, problem: PortfolioProblem) -> None:
    """Each payer pays at most what it brings in: :math:`\\sum_j a_{jp} C_j x_j \\le B_p`, C_j the gross investment."""
    cm, gross = _made(model.col_measure, "col_measure"), _made(model.gross, "gross")
    budgets, shares = filled(problem.payer_budgets, "payer_budgets"), filled(problem.payer_shares, "payer_shares")
    cols = np.nonzero((cm >= 0) & (gross != 0))[0]
    for p, payer in enumerate(problem.payers):
        cap = budgets[p]
        if not np.isfinite(cap):
            continue
        vals = shares[cm[cols], p] * gross[cols]
        key = f"payer.{payer}"
        rows = model.add_rows(np.zeros(cols.size), cols, vals, *money_row(-INF, cap), [key])
        model.add_group(key, f"{payer} brings in {money(cap)}", problem.origin(key), "payer", rows,
                        amount=float(cap), payer=payer)


def define_running_caps(model: ModelBuilder, problem: PortfolioProblem) -> None:
    """Running costs per year: :math:`\\sum_j r_{jt} x_j \\le R_t` (one row per year with a finite cap)."""
    caps, running = filled(problem.running_caps, "running_caps"), _made(model.running, "running")
    for t, year in enumerate(problem.years):
        cap = caps[t]
        if not np.isfinite(cap):
            continue
        key = f"running.{year}"
        rows = model.add_sparse_rows(running[t], *money_row(-INF, cap), [key])
        model.add_group(key, f"running-cost cap {year} is {money(cap)}", problem.origin(key), "running", rows,
                        amount=float(cap), year=year)


# -- logical rules -------------------------------------------------------------------------------

def define_mandatory(model: ModelBuilder, problem: PortfolioProblem) -> None:
    """Mandatory: :math:`x_j = 1`, as a column bound (lower bound 1) owned by the rule's group."""
    for i, rule in _indexed(problem, Mandatory):
        j = np.array([problem.index[rule.measure]])
        fix = (j, np.ones(1), np.ones(1))
        model.fixes.append(fix)
        model.add_group(rule_key(problem, i), rule.describe(), problem.rule_origin(i), "mandatory",
                        np.zeros(0, np.int64), rule, fixes=(fix,))


def define_forbidden(model: ModelBuilder, problem: PortfolioProblem) -> None:
    """Forbidden: :math:`x_j = 0`, as a column bound (upper bound 0) owned by the rule's group."""
    for i, rule in _indexed(problem, Forbidden):
        j = np.array([problem.index[rule.measure]])
        fix = (j, np.zeros(1), np.zeros(1))
        model.fixes.append(fix)
        model.add_group(rule_key(problem, i), rule.describe(), problem.rule_origin(i), "forbidden",
                        np.zeros(0, np.int64), rule, fixes=(fix,))


def define_exclusive(model: ModelBuilder, problem: PortfolioProblem) -> None:
    """Mutually exclusive group (variants of one measure): :math:`\\sum_{j \\in G} x_j \\le k` (k = 1 by default)."""
    for i, rule in _indexed(problem, Exclusive):
        cols = np.array([problem.index[m] for m in rule.group])
        key = rule_key(problem, i)
        rows = model.add_rows(np.zeros(cols.size), cols, np.ones(cols.size), -INF, rule.at_most, [key])
        model.add_group(key, rule.describe(), problem.rule_origin(i), "exclusive", rows, rule)


def define_requires(model: ModelBuilder, problem: PortfolioProblem) -> None:
    """Prerequisite "a needs one of B": :math:`x_a - \\sum_{b \\in B} x_b \\le 0`.

    With ``lag_years`` L, per start year :math:`\\tau` of a (its fixed start, or each allowed option):
    :math:`x_{a,\\tau} - \\sum_{b \\in B}\\sum_{\\sigma \\le \\tau - L} x_{b,\\sigma} \\le 0`, the sum over
    the starts of b (fixed or optional) at least L years earlier (methodology B.4). If none
    qualifies the row is :math:`x_{a,\\tau} \\le 0`.
    """
    for i, rule in _indexed(problem, Requires):
        a = problem.index[rule.measure]
        bs = [problem.index[b] for b in rule.prerequisites]
        key = rule_key(problem, i)
        r, cols, vals, names = [], [], [], []
        if rule.lag_years is None:
            r, cols, vals, names = [0] * (1 + len(bs)), [a, *bs], [1.0] + [-1.0] * len(bs), [key]
        else:
            b_starts = [s for b in bs for s in _starts_of(model, problem, b)]
            for q, (col, tau) in enumerate(_starts_of(model, problem, a)):
                r.append(q); cols.append(col); vals.append(1.0)
                for bcol, sigma in b_starts:
                    if sigma <= tau - rule.lag_years:
                        r.append(q); cols.append(bcol); vals.append(-1.0)
                names.append(f"{key}@{tau}")
        rows = model.add_rows(np.array(r), np.array(cols), np.array(vals), -INF, 0.0, names)
        model.add_group(key, rule.describe(), problem.rule_origin(i), "requires", rows, rule)


def define_theme_limits(model: ModelBuilder, problem: PortfolioProblem) -> None:
    """Per theme T: count :math:`k^- \\le \\sum_{j\\in T} x_j \\le k^+` and spend
    :math:`s^- \\le \\sum_{j\\in T} C_j x_j \\le s^+` (C_j gross investment, via option columns if any)."""
    themes = np.asarray(problem.themes, dtype=object)
    cm, gross = _made(model.col_measure, "col_measure"), _made(model.gross, "gross")
    for i, rule in _indexed(problem, ThemeLimit):
        key = rule_key(problem, i)
        members = np.nonzero(themes == rule.theme)[0]
        all_rows = []
        if rule.min_count is not None or rule.max_count is not None:
            lo = -INF if rule.min_count is None else rule.min_count
            hi = INF if rule.max_count is None else rule.max_count
            all_rows.append(model.add_rows(np.zeros(members.size), members, np.ones(members.size), lo, hi,
                                           [f"{key}.count"]))
        if rule.min_spend is not None or rule.max_spend is not None:
            in_theme = np.zeros(problem.n, bool)
            in_theme[members] = True
            cols = np.nonzero((cm >= 0) & (gross != 0))[0]
            cols = cols[in_theme[cm[cols]]]
            lo = -INF if rule.min_spend is None else rule.min_spend
            hi = INF if rule.max_spend is None else rule.max_spend
            all_rows.append(model.add_rows(np.zeros(cols.size), cols, gross[cols], *money_row(lo, hi),
                                           [f"{key}.spend"]))
        model.add_group(key, rule.describe(), problem.rule_origin(i), "theme", np.concatenate(all_rows), rule,
                        members=members)


def define_synergies(model: ModelBuilder, problem: PortfolioProblem) -> None:
    """Linearised product :math:`y_{ab} = x_a x_b`: :math:`y - x_a \\le 0`, :math:`y - x_b \\le 0`,
    :math:`y - x_a - x_b \\ge -1` (Glover & Woolsey 1974). Value and saving sit on y's column
    (objective and spend); the rows are structure, so the group is not a suspect in a diagnosis."""
    for (i, rule), y in zip(_indexed(problem, Synergy), model.syn_col):
        a, b = problem.index[rule.a], problem.index[rule.b]
        key = rule_key(problem, i)
        rows = model.add_rows(np.array([0, 0, 1, 1, 2, 2, 2]), np.array([y, a, y, b, y, a, b]),
                              np.array([1.0, -1, 1, -1, 1, -1, -1]), [-INF, -INF, -1.0], [0.0, 0.0, INF],
                              [f"{key}.a", f"{key}.b", f"{key}.both"])
        model.add_group(key, rule.describe(), problem.rule_origin(i), "synergy", rows, rule, removable=False)


def define_start_year_choices(model: ModelBuilder, problem: PortfolioProblem) -> None:
    """At most one start year: :math:`x_j - \\sum_k x_{j,k} = 0` (so :math:`\\sum_k x_{j,k} \\le 1`)."""
    for i, rule in _indexed(problem, StartYearChoice):
        j = problem.index[rule.measure]
        opts = model.opt_col[model.opt_measure == j]
        key = rule_key(problem, i)
        rows = model.add_rows(np.zeros(opts.size + 1), np.concatenate(([j], opts)),
                              np.concatenate(([1.0], -np.ones(opts.size))), 0.0, 0.0, [key])
        model.add_group(key, rule.describe(), problem.rule_origin(i), "start_year", rows, rule, removable=False)


#: The define_* functions in the order :func:`build_model` applies them (variables first).
DEFINES: tuple[Callable[[ModelBuilder, PortfolioProblem], None], ...] = (
    define_variables, define_start_year_choices, define_total_budget, define_yearly_budgets,
    define_payer_budgets, define_running_caps, define_mandatory, define_forbidden, define_exclusive,
    define_requires, define_theme_limits, define_synergies, define_targets, define_shortfall_caps,
)


def scale_rows(model: LinearModel) -> LinearModel:
    """The same model with each row divided by the power of two nearest its largest coefficient.

    Money rows hold amounts from 1e-12 to 1e15 EUR; solvers test feasibility and pivot sizes
    with absolute tolerances near 1e-7 to 1e-9, so a row of 5e8-EUR investments lets a 1-EUR
    overspend pass (CBC's LP then calls the all-ones portfolio feasible and its integer check
    "infeasible"), and a row of 1e-12-EUR amounts looks empty. Scaled, every row's largest
    coefficient lies in [0.7, 1.4). Powers of two are exact in floating point, so the columns,
    the objective and every solution are the same; only rows and their bounds change.
    """
    A = model.A.tocsr()
    big = np.zeros(A.shape[0])
    if A.nnz:
        np.maximum.at(big, np.repeat(np.arange(A.shape[0]), np.diff(A.indptr)), np.abs(A.data))
    exp = np.where(big > 0, np.round(np.log2(np.where(big > 0, big, 1.0))), 0.0)
    if not exp.any():
        return model
    d = np.exp2(-exp)
    scaled = sparse.csr_matrix(sparse.diags(d) @ A)
    return replace(model, A=scaled, row_lo=model.row_lo * d, row_hi=model.row_hi * d)


def build_model(problem: PortfolioProblem) -> LinearModel:
    """The :class:`LinearModel` of a problem: every ``define_*`` in :data:`DEFINES`, in order."""
    model = ModelBuilder(problem)
    for define in DEFINES:
        define(model, problem)
    return model.build()
