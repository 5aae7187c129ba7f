"""How firm is the portfolio: core indices over sampled weightings, and the non-dominated portfolios.

:func:`portfolio_robustness` re-optimises the best portfolio for each of K sampled value
vectors (one per weighting, and per draw of the uncertain effects) on one model
(:func:`~mkba.portfolio.reoptimise.reoptimise`, exact), enumerates the non-dominated portfolios
over the parties' weight hull (:func:`~mkba.portfolio.nondominated.nondominated_portfolios`)
and summarises both in a :class:`Robustness`. Then

* the **core index** of a measure is the share of samples whose optimum contains it (Liesiö,
  Mild & Salo 2007, EJOR 181(3):1488-1505 define it over the non-dominated portfolios; here it
  is over the sampled optima, as in Monte Carlo portfolio analysis, Lahdelma & Salminen 2001's
  acceptability idea applied to portfolios), with its Monte Carlo standard error
  :math:`\\sqrt{p(1-p)/K}`;
* the **non-dominated** portfolios over the convex hull of the ``vertices`` (the parties' weight
  vectors): those that no other feasible portfolio beats for every weighting in the hull. A
  portfolio's value is linear in the weights, so checking the hull's vertices is exact (Liesiö et
  al. 2007, Theorem 1). They are enumerated exactly on the model (all of them, the unsupported
  ones too: those optimal for no single weighting), not only among the optima found. A measure in every non-dominated portfolio is **core**, in none **exterior**,
  else **borderline** (RPM's classification), and its **RPM core index** is the share of the
  non-dominated portfolios that contain it (Liesiö et al. 2007, section 4). When the enumeration
  stops at its cap or time limit the classes are over the portfolios found and say so (a warning
  in the result): "borderline" is then certain, "core" and "exterior" are not.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from ..errors import MethodError
from .backends import auto_solver
from .dominance import rpm_classes, rpm_core_index, undominated
from .evaluate import is_feasible
from .formulation import LinearModel, build_model
from .nondominated import ND_CAP, ND_TIME_LIMIT, nondominated_portfolios, objective_rows
from .problem import PortfolioProblem
from .reoptimise import reoptimise

__all__ = ["Robustness", "portfolio_robustness"]


@dataclass(frozen=True, eq=False)
class Robustness:
    """Core indices and the distinct optimal portfolios over K sampled value vectors.

    ``portfolios`` (u, n) bool are the distinct optima, most frequent first, with ``frequency``
    (u,) shares; ``nondominated`` (u,) marks those not dominated over the vertices' hull (all
    True without vertices); ``classes`` maps a measure to ``"core"``, ``"borderline"`` or
    ``"exterior"``; ``base_share`` is the share of samples whose optimum is the base portfolio.

    With vertices: ``front`` (f, n) bool the non-dominated portfolios the classes are over (from
    :func:`nondominated_portfolios`, distinct selections), ``rpm_core_index`` (n,) the share of
    them containing each measure, ``nondominated_complete`` whether the enumeration proved the set
    complete (False: stopped at its cap or time limit; the classes are then a lower bound, see
    ``warnings``), ``nondominated_status`` its status. Without vertices these are None / "".
    """

    ids: tuple[str, ...]
    n_samples: int
    core_index: np.ndarray
    mc_error: np.ndarray
    portfolios: np.ndarray
    frequency: np.ndarray
    nondominated: np.ndarray
    classes: dict
    base_share: float
    solver: str
    seconds: float
    status: str = "optimal"
    message: str = ""
    front: np.ndarray | None = None
    rpm_core_index: np.ndarray | None = None
    nondominated_complete: bool | None = None
    nondominated_status: str = ""
    nondominated_seconds: float = 0.0
    warnings: tuple[str, ...] = ()
    front_starts: tuple[dict[str, int], ...] | None = None
    """Per ``front`` row, the start year of each chosen measure with a start-year choice (None: no such choice)."""

    def __repr__(self) -> str:
        nd = "" if self.front is None else (f", {len(self.front)} non-dominated portfolios"
                                           + ("" if self.nondominated_complete else " (incomplete)"))
        return (f"Robustness({self.n_samples} samples, {len(self.frequency)} distinct optima, "
                f"base portfolio in {self.base_share:.0%}{nd})")

    def to_frame(self) -> pd.DataFrame:
        """One row per measure: its core index, the core index's Monte Carlo error, its class (core,
        borderline, exterior) and, with vertices, the RPM core index (core_index.csv)."""
        frame = pd.DataFrame({"core_index": self.core_index, "core_index_mc_error": self.mc_error,
                              "class": [self.classes.get(m) for m in self.ids]}, index=pd.Index(self.ids, name="measure"))
        if self.rpm_core_index is not None:
            frame["rpm_core_index"] = self.rpm_core_index
        return frame

    def to_dict(self) -> dict:
        f = lambda v: float(v) if math.isfinite(v) else None  # noqa: E731
        return {
            "n_samples": self.n_samples, "solver": self.solver, "status": self.status, "message": self.message,
            "core_index": {m: f(v) for m, v in zip(self.ids, self.core_index)},
            "core_index_mc_error": {m: f(v) for m, v in zip(self.ids, self.mc_error)},
            "base_share": f(self.base_share),
            "portfolios": [{"selected": [m for m, s in zip(self.ids, row) if s], "share": f(q),
                            "nondominated": bool(nd)}
                           for row, q, nd in zip(self.portfolios, self.frequency, self.nondominated)],
            "classes": dict(self.classes),
            "rpm_core_index": (None if self.rpm_core_index is None
                               else {m: f(v) for m, v in zip(self.ids, self.rpm_core_index)}),
            "nondominated_complete": bool(self.nondominated_complete),  # (None: not enumerated, so not complete)
            "warnings": list(self.warnings),
            # optional in results.json: present only when the enumeration ran
            **({} if not self.nondominated_status else {"nondominated_status": self.nondominated_status}),
            **({} if self.front is None else {
                "nondominated_count": int(len(self.front)),
                "nondominated_portfolios": [[m for m, s in zip(self.ids, row) if s] for row in self.front]}),
            **({} if self.front_starts is None else {"nondominated_starts": [dict(s) for s in self.front_starts]}),
        }


def portfolio_robustness(problem: PortfolioProblem, values: Any, *, vertices: Any = None,
                         candidates: Any = None, base: Any = None, solver: str | None = None, gap: float = 1e-6,
                         time_limit: float | None = None, nondominated_cap: int = ND_CAP,
                         nondominated_time_limit: float | None = ND_TIME_LIMIT) -> Robustness:
    """Re-optimise the portfolio for each sampled value vector and summarise how firm it is.

    Parameters
    ----------
    problem : the rules and budgets (its own values are the base objective).
    values : (K, n) additive value of each measure in each sample.
    vertices : (s, n) values at the vertices of the weight hull (e.g. one row per stakeholder):
        the non-dominated portfolios are enumerated exactly (:func:`nondominated_portfolios`) and
        the classes and the RPM core index are over them; None: every distinct optimum counts as
        non-dominated (no RPM core index).
    candidates : (c, n) bool extra portfolios (e.g. the parties' own optima) checked for
        non-dominance beside the sampled optima (they do not count in the core index or the
        frequencies). When the enumeration is complete, any of them (or of the sampled optima)
        that is non-dominated joins the front: it can only be a portfolio equal in value at every
        vertex to one enumerated, which the enumeration lists once.
    base : (n,) bool the base portfolio, for ``base_share`` (default: the optimum of ``problem``).
    solver, gap, time_limit : as :func:`mkba.portfolio.select` (time limit per sample).
    nondominated_cap, nondominated_time_limit : the enumeration's cap on the number of portfolios
        and its time limit in seconds (None: none); it runs on HiGHS whenever highspy imports,
        whichever ``solver`` re-optimised the samples. When either stops it, the classes and the RPM
        core index are over the portfolios found, ``nondominated_complete`` is False and
        ``warnings`` says that the classes are a lower bound (borderline is certain, core and
        exterior are not).

    Values at a vertex are the model's objective with the vertex's values on the measures (synergy
    columns keep their extra value, as in :func:`reoptimise`); a sampled optimum or candidate is
    valued with each measure that has a start-year choice in its first allowed year.
    """
    t0 = time.perf_counter()
    V = np.asarray(values, float)
    if V.ndim != 2 or V.shape[0] < 1:
        raise MethodError(f"values must have shape (samples, {problem.n}); got {V.shape}")
    if V.shape[1] != problem.n:
        raise MethodError(f"values must have shape (samples, {problem.n}); got {V.shape}")
    W = None
    if vertices is not None:
        W = np.asarray(vertices, float)
        if W.ndim != 2 or W.shape[0] < 1 or W.shape[1] != problem.n:
            raise MethodError(f"vertices must have shape (vertices, {problem.n}); got {W.shape}")
    # one model and one pool of optima for the base values (row 0) and every sample
    both = reoptimise(problem, np.vstack([problem.values[None, :], V]), solver=solver, gap=gap,
                      time_limit=time_limit)
    if not both.ok or len(both.objectives) < V.shape[0] + 1:
        return _failed(problem, V.shape[0], both.solver, t0, both.statuses[-1], both.message)
    base_mask = both.selections[0] if base is None else np.asarray(base, bool)
    runs = replace(both, selections=both.selections[1:], objectives=both.objectives[1:], statuses=both.statuses[1:])
    chosen = runs.selections
    worst = "optimal" if all(s == "optimal" for s in runs.statuses) else "time_limit"
    K = V.shape[0]
    core = chosen.mean(axis=0)
    unique, counts = np.unique(chosen, axis=0, return_counts=True)
    order = np.lexsort((*(~unique.T[::-1]), -counts))  # most frequent first; ties in a fixed order
    unique, freq = unique[order], counts[order] / K
    front = rpm = complete = cols = front_starts = None
    nd_status, nd_seconds = "", 0.0
    warnings: list[str] = []
    if W is not None:
        extra = (np.zeros((0, problem.n), bool) if candidates is None
                 else np.asarray(candidates, bool).reshape(-1, problem.n))
        pool = np.vstack([unique, extra])
        # HiGHS when it is there (kept and grown between solves; CBC starts afresh each time, several
        # times slower), whatever solved the samples
        enum = nondominated_portfolios(problem, W, solver=auto_solver(), cap=nondominated_cap,
                                       time_limit=nondominated_time_limit)
        nd_status, nd_seconds, complete = enum.status, enum.seconds, enum.complete
        model = build_model(problem)
        X_pool = _encoded(problem, model, pool)
        P_pool = X_pool @ objective_rows(model, W).T
        f = len(enum)
        if f:
            und = undominated(np.vstack([enum.values, P_pool]))
            nd = und[f: f + len(unique)]
            if enum.complete:  # the front: every non-dominated one of the union (ties with a listed one);
                # a pool portfolio whose first start years break a rule (a yearly budget) is worth more there
                # than it can be, so it must not push out an enumerated one
                valid = np.array([is_feasible(model, x) for x in X_pool], bool).reshape(len(pool))
                kept = undominated(np.vstack([enum.values, P_pool[valid]]))
                front = np.vstack([enum.selections[kept[:f]], pool[valid][kept[f:]]])
                cols = np.vstack([enum.columns[kept[:f]], X_pool[valid][kept[f:]]])
            else:  # only those proven non-dominated
                front, cols = enum.selections, enum.columns
                warnings.append(f"the non-dominated portfolios are incomplete ({enum.message}): the classes and "
                                f"the RPM core index are over the {f} found, a lower bound: a measure called "
                                "borderline is borderline, but one called core or exterior may be borderline")
        else:  # nothing enumerated (time limit or solver trouble): the known portfolios only, as an approximation
            und = undominated(P_pool)
            nd, front = und[: len(unique)], pool[und]
            cols = X_pool[und]
            complete = False
            warnings.append(f"the non-dominated portfolios could not be enumerated ({enum.message or enum.status}): "
                            "the classes are over the sampled optima and candidates that no other of them "
                            "dominates, an approximation")
        first = _distinct(front)
        front, cols = front[first], cols[first]
        if model.opt_col.size:  # where each front portfolio starts the measures that may start later
            front_starts = tuple({problem.ids[j]: y for j, y in sorted(model.decode(col)[1].items())} for col in cols)
        rpm = rpm_core_index(front)
        classes = rpm_classes(front, problem.ids)
    else:
        nd, front_u = np.ones(len(unique), bool), unique
        classes = rpm_classes(front_u, problem.ids)
    base_share = float((chosen == base_mask[None, :]).all(axis=1).mean())
    message = "" if worst == "optimal" else "some samples have no proven optimum (time limit)"
    message = "; ".join([m for m in (message, *warnings) if m])
    return Robustness(problem.ids, K, core, np.sqrt(core * (1 - core) / K), unique, freq, nd, classes, base_share,
                      runs.solver, time.perf_counter() - t0, worst, message, front, rpm, complete, nd_status,
                      nd_seconds, tuple(warnings), front_starts)


def _distinct(X: np.ndarray) -> np.ndarray:
    """The indices of the distinct rows of ``X``, in the order they first occur."""
    if not len(X):
        return np.zeros(0, int)
    _, first = np.unique(X, axis=0, return_index=True)
    return np.sort(first)


def _encoded(problem: PortfolioProblem, model: LinearModel, selections: np.ndarray) -> np.ndarray:
    """The model's column vectors of ``selections`` (first allowed start years, as they are valued)."""
    return np.array([model.encode(problem, row) for row in np.asarray(selections, bool)], float).reshape(
        len(selections), model.A.shape[1])


def _failed(problem: PortfolioProblem, K: int, solver: str, t0: float, status: str, message: str) -> Robustness:
    nan = np.full(problem.n, np.nan)
    return Robustness(problem.ids, K, nan, nan, np.zeros((0, problem.n), bool), np.zeros(0), np.zeros(0, bool), {},
                      math.nan, solver, time.perf_counter() - t0, status if status != "optimal" else "error", message)
