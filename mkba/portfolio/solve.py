"""Solve a portfolio problem with CBC or HiGHS, by name; the result is a :class:`Portfolio`.

:func:`select` builds the :class:`~mkba.portfolio.formulation.LinearModel`, hands it to a
solver and returns a frozen :class:`Portfolio` (status, selected ids, objective, gap, bound,
solver and options for the provenance, times, the benefit/cost-greedy comparison and a
message). Infeasible is a result, not an exception: its message names the smallest set of
conflicting rules (:mod:`mkba.portfolio.diagnose`).

Solvers (:data:`SOLVERS`):

* ``"highs"``: HiGHS through highspy, the model passed as arrays (CSR) in-process;
* ``"cbc"``: the CBC binary bundled with PuLP, fed a vectorised MPS file.

Automatic choice (``solver=None``, :func:`auto_solver`): HiGHS when highspy is importable,
else CBC. Measured on this project's benchmark generator (``benchmarks/bench_portfolio.py``,
yearly budgets, 20 exclusions, 20 prerequisites, theme minimums, relative gap 1e-6, 2-core
machine): 10,000 measures plain HiGHS 6-9 s, CBC > 120 s (stopped, not proven), HiGHS with
the exact core method of :func:`solve_core` (the default of :func:`select`) 0.6-0.8 s; and
HiGHS alone can re-solve a changed model in-process (frontier, stakeholders, diagnosis). See
the benchmark output for the numbers of the current run.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Mapping

import numpy as np
import pandas as pd
from scipy import sparse

from ..errors import MethodError, closest
from ..model import FrozenMap
from .formulation import LinearModel, build_model
from .problem import (Exclusive, Forbidden, Mandatory, PortfolioProblem, Requires, StartYearChoice, Synergy,
                      ThemeLimit, money)

__all__ = [
    "Portfolio",
    "RawSolution",
    "HAS_SOLUTION",
    "STATUSES",
    "SOLVERS",
    "select",
    "solve_model",
    "auto_solver",
    "check_feasible",
    "spend_per_year",
    "portfolio_value",
    "as_mask",
    "HighsSession",
    "quiet_highs",
]

STATUSES = ("optimal", "time_limit", "infeasible", "unbounded", "error")
HAS_SOLUTION = frozenset({"optimal", "time_limit"})
SOLVERS = ("cbc", "highs")


# -- selections ----------------------------------------------------------------------------------

def as_mask(problem: PortfolioProblem, selection: Any) -> np.ndarray:
    """A boolean mask over the measures from ids, indices or a mask."""
    if isinstance(selection, np.ndarray) and selection.dtype == bool:
        if selection.shape != (problem.n,):
            raise MethodError(f"selection mask must have {problem.n} entries; got {selection.shape}")
        return selection.copy()
    mask = np.zeros(problem.n, bool)
    for s in selection:
        if isinstance(s, (int, np.integer)) and not isinstance(s, bool):
            mask[int(s)] = True
        else:
            if s not in problem.index:
                hint = closest(s, problem.ids)
                raise MethodError(f"selection: {s!r} is not a measure id" + (f"; did you mean {hint!r}?" if hint else ""))
            mask[problem.index[s]] = True
    return mask


def _choices(problem: PortfolioProblem) -> dict[int, StartYearChoice]:
    return {problem.index[r.measure]: r for r in problem.rules if isinstance(r, StartYearChoice)}


def _profiles(problem: PortfolioProblem, mask: np.ndarray, starts: Mapping[Any, int] | None
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """Per measure: investment (n, T), running (n, T), value (n,), start (n,) given the chosen start years."""
    costs = problem.costs.copy()
    running = problem.running_costs.copy()
    values = problem.values.copy()
    start = problem.start.copy()
    issues: list[str] = []
    st = {(problem.index[k] if isinstance(k, str) else int(k)): int(v) for k, v in (starts or {}).items()}
    for j, rule in _choices(problem).items():
        y = st.get(j, rule.years[0])
        if y not in rule.years:
            issues.append(f"{problem.ids[j]} starts in {y}, not one of the allowed years "
                          f"{', '.join(map(str, rule.years))} ({rule.origin or 'start-year rule'})")
            y = rule.years[0]
        k = rule.years.index(y)
        costs[j] = rule.costs[k]
        if rule.values is not None:
            values[j] = rule.values[k]
        if rule.running is not None:
            running[j] = rule.running[k]
        start[j] = y
    return costs, running, values, start, issues


def portfolio_value(problem: PortfolioProblem, selection: Any, starts: Mapping[Any, int] | None = None,
                    values: np.ndarray | None = None) -> float:
    """:math:`\\sum_j v_j x_j + \\sum_{ab} s_{ab} x_a x_b` of a selection (``values`` overrides v)."""
    mask = as_mask(problem, selection)
    _, _, v, _, _ = _profiles(problem, mask, starts)
    if values is not None:
        v = np.asarray(values, float)
    total = float(v[mask].sum())
    for r in problem.rules:
        if isinstance(r, Synergy) and mask[problem.index[r.a]] and mask[problem.index[r.b]]:
            total += r.extra_value
    return total


def _net_spend(problem: PortfolioProblem, mask: np.ndarray, costs: np.ndarray) -> np.ndarray:
    from .formulation import _saving_profile

    spend = costs[mask].sum(axis=0)
    for r in problem.rules:
        if isinstance(r, Synergy) and mask[problem.index[r.a]] and mask[problem.index[r.b]]:
            spend = spend - _saving_profile(problem, r)
    return spend


def spend_per_year(problem: PortfolioProblem, selection: Any, starts: Mapping[Any, int] | None = None) -> np.ndarray:
    """What a selection spends against the budget per budget year (synergy savings deducted).

    ``starts`` as in :func:`check_feasible`.
    """
    mask = as_mask(problem, selection)
    return _net_spend(problem, mask, _profiles(problem, mask, starts)[0])


def check_feasible(problem: PortfolioProblem, selection: Any, starts: Mapping[Any, int] | None = None,
                   *, rtol: float = 1e-9, atol: float = 1e-6) -> list[str]:
    """Every rule a selection breaks, in words; empty when feasible. Computed from the problem, without a solver.

    ``starts`` maps a measure with a :class:`StartYearChoice` to its start year (default: the first
    allowed year). Amounts may exceed a cap by ``atol + rtol * |cap|`` (solver tolerance).
    """
    mask = as_mask(problem, selection)
    costs, running, _, start, out = _profiles(problem, mask, starts)
    out = list(out)
    T = len(problem.years)
    spend = _net_spend(problem, mask, costs)

    def over(amount: float, cap: float) -> bool:
        return amount > cap + atol + rtol * abs(cap)

    def under(amount: float, floor: float) -> bool:
        return amount < floor - atol - rtol * abs(floor)

    if over(spend.sum(), problem.budget_total):
        out.append(f"spend {money(spend.sum())} exceeds the total budget {money(problem.budget_total)} "
                   f"({problem.origin('budget.total')})")
    used = np.cumsum(spend) if problem.carry_over else spend
    caps = np.cumsum(problem.budget_per_year) if problem.carry_over else problem.budget_per_year
    for t, y in enumerate(problem.years):
        if over(used[t], caps[t]):
            what = f"spend up to {y}" if problem.carry_over else f"spend in {y}"
            out.append(f"{what} {money(used[t])} exceeds budget {y} {money(caps[t])} ({problem.origin(f'budget.{y}')})")
    gross = costs.sum(axis=1)
    for p, payer in enumerate(problem.payers):
        paid = float((problem.payer_shares[:, p] * gross)[mask].sum())
        if over(paid, problem.payer_budgets[p]):
            out.append(f"{payer} pays {money(paid)}, more than it brings in ({money(problem.payer_budgets[p])}, "
                       f"{problem.origin(f'payer.{payer}')})")
    run = running[mask].sum(axis=0) if T else np.zeros(0)
    for t, y in enumerate(problem.years):
        if over(run[t], problem.running_caps[t]):
            out.append(f"running costs {y} {money(run[t])} exceed the cap {money(problem.running_caps[t])} "
                       f"({problem.origin(f'running.{y}')})")
    themes = np.asarray(problem.themes, dtype=object)
    for i, r in enumerate(problem.rules):
        where = problem.rule_origin(i)
        if isinstance(r, Mandatory) and not mask[problem.index[r.measure]]:
            out.append(f"mandatory {r.measure} is not selected ({where})")
        elif isinstance(r, Forbidden) and mask[problem.index[r.measure]]:
            out.append(f"forbidden {r.measure} is selected ({where})")
        elif isinstance(r, Exclusive):
            chosen = [m for m in r.group if mask[problem.index[m]]]
            if len(chosen) > r.at_most:
                out.append(f"{', '.join(chosen)} are selected but {r.describe()} is allowed ({where})")
        elif isinstance(r, Requires):
            a = problem.index[r.measure]
            bs = [problem.index[b] for b in r.prerequisites]
            on = " or ".join(r.prerequisites)
            if mask[a] and not mask[bs].any():
                out.append(f"{r.measure} is selected without its prerequisite {on} ({where})")
            elif mask[a] and r.lag_years is not None and not any(
                    mask[b] and start[b] <= start[a] - r.lag_years for b in bs):
                out.append(f"{on} does not start at least {r.lag_years} year(s) before "
                           f"{r.measure} ({start[a]}) ({where})")
        elif isinstance(r, ThemeLimit):
            sel = mask & (themes == r.theme)
            count, amount = int(sel.sum()), float(gross[sel].sum())
            if r.min_count is not None and count < r.min_count:
                out.append(f"theme {r.theme} has {count} measure(s), fewer than {r.min_count} ({where})")
            if r.max_count is not None and count > r.max_count:
                out.append(f"theme {r.theme} has {count} measure(s), more than {r.max_count} ({where})")
            if r.min_spend is not None and under(amount, r.min_spend):
                out.append(f"theme {r.theme} spends {money(amount)}, less than {money(r.min_spend)} ({where})")
            if r.max_spend is not None and over(amount, r.max_spend):
                out.append(f"theme {r.theme} spends {money(amount)}, more than {money(r.max_spend)} ({where})")
    return out


# -- solvers -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RawSolution:
    """What a solver returned for a :class:`LinearModel` (x is the full column vector, or None)."""

    status: str
    x: np.ndarray | None
    objective: float
    bound: float
    gap: float
    seconds: float
    solver: str
    version: str
    options: Mapping[str, Any]
    message: str = ""
    lp_bound: float = math.nan  # the LP relaxation's bound, when one was solved (core method)


def _rel_gap(objective: float, bound: float) -> float:
    if not (math.isfinite(objective) and math.isfinite(bound)):
        return math.inf
    diff = abs(bound - objective)
    if diff <= 1e-9 * max(1.0, abs(objective)):
        return 0.0
    return diff / max(abs(objective), 1e-10)


def _highs():
    try:
        import highspy
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise MethodError("solver 'highs' needs the highspy package: pip install highspy") from exc
    return highspy


_QUIET = threading.Lock()


def quiet_highs():
    """A new ``highspy.Highs`` with its output off, having printed nothing.

    A library must not write to stdout. ``output_flag`` silences a run, but highspy 1.16 prints
    its banner ("Running HiGHS ...") from C++ when the first instance of a process is
    constructed, before any option can be set; so the construction runs with the C-level file
    descriptors 1 and 2 pointed at the null device (Python's own buffers are flushed first, so
    nothing of the caller's is lost). Older versions print nothing there; the redirect is harmless.
    """
    highspy = _highs()
    with _QUIET:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (AttributeError, OSError, ValueError):  # pragma: no cover - a closed or odd stream
                pass
        saved = []
        try:
            null = os.open(os.devnull, os.O_WRONLY)
            try:
                for fd in (1, 2):
                    saved.append((fd, os.dup(fd)))
                    os.dup2(null, fd)
            finally:
                os.close(null)
        except OSError:  # no such descriptors (an embedded interpreter): construct as is
            pass
        try:
            h = highspy.Highs()
        finally:
            for fd, copy in saved:
                os.dup2(copy, fd)
                os.close(copy)
    h.setOptionValue("output_flag", False)
    return h


class HighsSession:
    """One HiGHS instance holding a :class:`LinearModel`, re-solved after changes (bounds, costs, start).

    Used by :func:`solve_model` and, to reuse one model between solves, by the frontier, the
    stakeholder analysis and the infeasibility diagnosis.
    """

    def __init__(self, model: LinearModel, *, gap: float = 1e-6, time_limit: float | None = None,
                 threads: int | None = None, options: Mapping[str, Any] | None = None) -> None:
        self.model = model
        self.h = h = quiet_highs()
        h.setOptionValue("mip_rel_gap", float(gap))
        h.setOptionValue("mip_abs_gap", 0.0)
        if time_limit is not None:
            h.setOptionValue("time_limit", float(time_limit))
        if threads is not None:
            h.setOptionValue("threads", int(threads))
        self.options = {"mip_rel_gap": float(gap), "mip_abs_gap": 0.0, "time_limit": time_limit}
        for key, value in (options or {}).items():
            h.setOptionValue(key, value)
            self.options[key] = value
        A = model.A
        N, M = model.A.shape[1], model.A.shape[0]
        h.passModel(N, M, A.nnz, 2, -1, 0.0, np.ascontiguousarray(model.c, float),
                    np.ascontiguousarray(model.col_lo, float), np.ascontiguousarray(model.col_hi, float),
                    np.ascontiguousarray(model.row_lo, float), np.ascontiguousarray(model.row_hi, float),
                    A.indptr.astype(np.int32), A.indices.astype(np.int32), A.data.astype(float),
                    model.integer.astype(np.int32))
        self.version = h.version() if hasattr(h, "version") else "?"

    def set_costs(self, c: np.ndarray) -> None:
        """Replace the objective coefficients (the rules and bounds stay)."""
        c = np.ascontiguousarray(c, float)
        self.h.changeColsCost(c.size, np.arange(c.size, dtype=np.int32), c)
        self.model = replace(self.model, c=c)

    def set_start(self, x: np.ndarray) -> None:
        """Offer a (feasible) solution as the incumbent for the next solve."""
        x = np.asarray(x, float)
        self.h.setSolution(x.size, np.arange(x.size, dtype=np.int32), x)

    def solve(self, *, _retry: bool = True) -> RawSolution:
        """Run HiGHS on the current model; "optimal" is trusted only when its own bound agrees.

        HiGHS 1.16.0 given some start solutions reports "optimal" with the start as the solution
        while its dual bound is far higher (a 25 % gap on a 9-measure portfolio; reproduced in
        tests/portfolio/test_portfolio_solve.py). Such a result is re-solved once from scratch
        (``clearSolver``), which finds the true optimum.
        """
        highspy = _highs()
        h = self.h
        t0 = time.perf_counter()
        h.run()
        seconds = time.perf_counter() - t0
        ms = h.getModelStatus()
        info = h.getInfo()
        S = highspy.HighsModelStatus
        has = info.primal_solution_status == 2
        x = np.asarray(h.getSolution().col_value, float) if has else None
        if ms == S.kOptimal:
            status = "optimal"
        elif ms in (S.kTimeLimit, S.kIterationLimit, S.kSolutionLimit, S.kInterrupt) or \
                str(ms).endswith(("kTimeLimit", "kIterationLimit")):
            status = "time_limit" if has else "error"
        elif ms == S.kInfeasible:
            status, x = "infeasible", None
        elif ms in (S.kUnbounded, S.kUnboundedOrInfeasible):
            status, x = ("unbounded" if ms == S.kUnbounded else "infeasible"), None
        else:
            status, x = "error", None
        objective = float(self.model.c @ x) if x is not None else math.nan
        if x is None:
            bound = math.nan
        elif self.model.integer.any():
            bound = float(info.mip_dual_bound)
        else:
            bound = objective
        gap = _rel_gap(objective, bound) if x is not None else math.nan
        if status == "optimal" and gap > max(10 * self.options["mip_rel_gap"], 1e-6) and _retry:
            h.clearSolver()  # drops the start too
            again = self.solve(_retry=False)
            return replace(again, seconds=again.seconds + seconds)
        msg = "" if status in HAS_SOLUTION else f"HiGHS: {h.modelStatusToString(ms)}"
        if status == "time_limit":
            msg = "time limit reached; best portfolio found so far"
        elif status == "error" and has is False and "time" in h.modelStatusToString(ms).lower():
            msg = "time limit reached before any feasible portfolio was found"
        return RawSolution(status, x, objective, bound, gap, seconds, "highs", self.version, dict(self.options), msg)


def _cbc_path() -> str:
    try:
        import pulp
    except ImportError as exc:  # pragma: no cover
        raise MethodError("solver 'cbc' needs PuLP (it bundles the CBC binary): pip install pulp") from exc
    import warnings

    with warnings.catch_warnings():  # PuLP 3 deprecates the class, not its bundled binary
        warnings.simplefilter("ignore", DeprecationWarning)
        path = pulp.PULP_CBC_CMD().path
    if not path or not os.path.exists(path):  # pragma: no cover
        found = shutil.which("cbc")
        if not found:
            raise MethodError("solver 'cbc': PuLP's bundled CBC binary was not found; reinstall pulp or put cbc on PATH")
        path = found
    return path



def write_mps(model: LinearModel, path: str) -> None:
    """Write the model as a (minimisation, negated objective) MPS file with names ``R<i>`` / ``C<j>``.

    Free rows (both bounds infinite, e.g. rules switched off) are left out. Built from the CSC
    arrays in one pass, never one Python expression per term of the model.
    """
    A = model.A
    lo, hi = model.row_lo, model.row_hi
    keep = np.isfinite(lo) | np.isfinite(hi)
    lines = ["NAME          MKBA", "ROWS", " N  OBJ"]
    kinds = np.where(lo == hi, "E", np.where(np.isfinite(hi), "L", "G"))
    lines += [f" {k}  R{i}" for i, k in zip(np.nonzero(keep)[0].tolist(), kinds[keep].tolist())]
    lines.append("COLUMNS")
    N = A.shape[1]
    csc = A.tocsc()
    csc.sort_indices()
    counts = np.diff(csc.indptr)
    col_of = np.repeat(np.arange(N), counts)
    rows = csc.indices
    vals = csc.data
    kept = keep[rows]
    col_of, rows, vals = col_of[kept], rows[kept], vals[kept]
    # one objective entry per column (also 0.0, so every column is declared), then its row entries
    all_cols = np.concatenate([np.arange(N), col_of])
    order = np.argsort(all_cols, kind="stable")
    names = np.concatenate([np.full(N, -1), rows])[order].tolist()
    coefs = np.concatenate([-np.asarray(model.c, float), vals])[order].tolist()
    cols = all_cols[order].tolist()
    body = [f"    C{j}  {'OBJ' if r < 0 else f'R{r}'}  {v!r}" for j, r, v in zip(cols, names, coefs)]
    # integrality markers around runs of integer columns
    starts = np.searchsorted(all_cols[order], np.arange(N + 1))
    integer = np.asarray(model.integer, bool)
    edges = np.nonzero(np.diff(np.concatenate(([False], integer, [False])).astype(np.int8)))[0]
    pos = 0
    for k in range(0, len(edges), 2):
        a, b = int(starts[edges[k]]), int(starts[edges[k + 1]])
        lines += body[pos:a]
        lines.append("    MARKER  'MARKER'  'INTORG'")
        lines += body[a:b]
        lines.append("    MARKER  'MARKER'  'INTEND'")
        pos = b
    lines += body[pos:]
    lines.append("RHS")
    rhs = np.where(np.isfinite(hi), hi, lo)
    lines += [f"    RHS  R{i}  {float(rhs[i])!r}" for i in np.nonzero(keep & (rhs != 0))[0].tolist()]
    ranged = keep & np.isfinite(lo) & np.isfinite(hi) & (lo != hi)
    if ranged.any():
        lines.append("RANGES")
        lines += [f"    RNG  R{i}  {float(hi[i] - lo[i])!r}" for i in np.nonzero(ranged)[0].tolist()]
    lines.append("BOUNDS")
    cl, cu = model.col_lo.tolist(), model.col_hi.tolist()
    for j in range(N):
        a, b = cl[j], cu[j]
        if a == b:
            lines.append(f" FX BND  C{j}  {a!r}")
            continue
        if a != 0.0:
            lines.append(f" LO BND  C{j}  {a!r}" if math.isfinite(a) else f" MI BND  C{j}")
        lines.append(f" UP BND  C{j}  {b!r}" if math.isfinite(b) else f" PL BND  C{j}")
    lines.append("ENDATA")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


_CBC_NUM = r"([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)"


def solve_cbc(model: LinearModel, *, gap: float = 1e-6, time_limit: float | None = None,
              start: np.ndarray | None = None, threads: int | None = None) -> RawSolution:
    """Solve with PuLP's bundled CBC binary: MPS in, solution file out (options recorded for the provenance).

    ``start`` is accepted and ignored: CBC 2.10 given a MIP start (``-mips``) returned a worse
    portfolio as "optimal" (its probing cuts the true optimum off; 9 measures, reproduced in
    tests/portfolio/test_portfolio_solve.py), so CBC always starts from scratch.
    """
    path = _cbc_path()
    start = None
    options: dict[str, Any] = {"ratioGap": float(gap), "allowableGap": 0.0, "seconds": time_limit}
    with tempfile.TemporaryDirectory(prefix="mkba-cbc-") as tmp:
        mps, sol, mst = (os.path.join(tmp, f) for f in ("model.mps", "model.sol", "start.sol"))
        write_mps(model, mps)
        cmd = [path, mps, "-ratioGap", repr(float(gap)), "-allowableGap", "0"]
        if time_limit is not None:
            cmd += ["-seconds", repr(float(time_limit)), "-timeMode", "elapsed"]
        if threads is not None:
            cmd += ["-threads", str(int(threads))]
            options["threads"] = threads
        if start is not None:
            with open(mst, "w") as f:
                f.write("Stopped on time - objective value 0\n")
                f.writelines(f"{j:>7} C{j} {float(v)!r} 0\n" for j, v in enumerate(start))
            cmd += ["-mips", mst]
        cmd += ["-printingOptions", "all", "-solve", "-solution", sol]
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True)
        seconds = time.perf_counter() - t0
        out = proc.stdout
        version = (re.search(r"Version:\s*(\S+)", out) or re.search(r"(\d+\.\d+\.\d+)", out))
        version = version.group(1) if version else "?"
        if not os.path.exists(sol):
            return RawSolution("error", None, math.nan, math.nan, math.nan, seconds, "cbc", version, options,
                               f"CBC failed: {(proc.stderr or out)[-400:]}")
        with open(sol) as f:
            head = f.readline()
            x = np.zeros(model.A.shape[1])
            for line in f:
                parts = line.split()
                if not parts:
                    continue
                if parts[0] == "**":
                    parts = parts[1:]
                if len(parts) >= 3 and parts[1].startswith("C"):
                    x[int(parts[1][1:])] = float(parts[2])
    result = re.search(r"Result - (.*)", out)
    result = result.group(1).strip() if result else head
    if head.startswith("Optimal"):
        status = "optimal"
    elif head.startswith("Infeasible") or head.startswith("Integer infeasible") or "infeasible" in result.lower():
        status = "infeasible"
    elif head.startswith("Unbounded"):
        status = "unbounded"
    elif head.startswith("Stopped"):
        status = "time_limit" if "objective value" in head and "no integer" not in result.lower() else "error"
        if "No feasible" in out or "no integer solution" in out.lower():
            status = "error"
    else:
        status = "error"
    if status == "infeasible" and time_limit is not None and seconds >= time_limit:
        # CBC 2.10 stopped by the limit inside its pre-processing says "infeasible" of a feasible
        # problem: with the time used up, that answer is not a proof (a quick one is)
        status = "error"
    if status not in HAS_SOLUTION:
        msg = "" if status == "infeasible" else f"CBC: {result}"
        if status == "error" and time_limit is not None:
            msg = "time limit reached before any feasible portfolio was found"
        return RawSolution(status, None, math.nan, math.nan, math.nan, seconds, "cbc", version, options, msg)
    x = np.where(model.integer, np.round(x), x)
    objective = float(model.c @ x)
    if status == "optimal":
        bound = objective if not re.search(r"Lower bound:\s*" + _CBC_NUM, out) else \
            -float(re.search(r"Lower bound:\s*" + _CBC_NUM, out).group(1))
        bound = max(bound, objective) if math.isfinite(bound) else objective
    else:
        lb = re.search(r"Lower bound:\s*" + _CBC_NUM, out)
        bound = -float(lb.group(1)) if lb else math.inf
    msg = "time limit reached; best portfolio found so far" if status == "time_limit" else ""
    return RawSolution(status, x, objective, bound, _rel_gap(objective, bound), seconds, "cbc", version, options, msg)


def auto_solver() -> str:
    """The solver used when none is named: ``"highs"`` if highspy imports, else ``"cbc"`` (see module docs)."""
    try:
        import highspy  # noqa: F401
        return "highs"
    except ImportError:  # pragma: no cover
        return "cbc"


def _check_solver(solver: str | None) -> str:
    if solver is None:
        return auto_solver()
    name = str(solver).lower()
    if name not in SOLVERS:
        hint = closest(name, SOLVERS)
        raise MethodError(f"unknown solver {solver!r}; valid solvers: {', '.join(SOLVERS)}"
                          + (f" (did you mean {hint!r}?)" if hint else ""))
    if name == "highs":
        _highs()
    else:
        _cbc_path()
    return name


#: First reduced-cost threshold of :func:`solve_core`, as a share of (LP bound - incumbent).
CORE_FRACTION = 0.1

#: HiGHS options of the core MIPs: the core method brings its own incumbents (greedy, LP
#: rounding, round 1), so HiGHS's sub-MIP heuristics (RINS, RENS) and root restarts mostly
#: cost time on the small knapsack-like cores (measured 2-4x faster on the benchmark's cores).
#: They change the search, never the optimum or the proof.
CORE_OPTIONS: Mapping[str, Any] = {"mip_heuristic_run_rins": False, "mip_heuristic_run_rens": False,
                                   "mip_allow_restart": False}


def _violation(act: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    return np.maximum(lo - act, 0.0) + np.maximum(act - hi, 0.0)


def bound_tolerance(bounds: np.ndarray, rtol: float = 1e-9) -> np.ndarray:
    """How far a row or column may pass each bound and still count as met: ``rtol`` x max(1, |bound|)."""
    return rtol * np.maximum(1.0, np.abs(np.where(np.isfinite(bounds), bounds, 0.0)))


def is_feasible(model: LinearModel, x: np.ndarray, *, rtol: float = 1e-9) -> bool:
    """Whether a column vector meets every row and column bound (within :func:`bound_tolerance`) and integrality."""
    x = np.asarray(x, float)

    def scale(b: np.ndarray) -> np.ndarray:
        return bound_tolerance(b, rtol)

    if (x < model.col_lo - scale(model.col_lo)).any() or (x > model.col_hi + scale(model.col_hi)).any():
        return False
    if (np.abs(x[model.integer] - np.round(x[model.integer])) > 1e-9).any():
        return False
    act = model.A @ x
    return bool(((act >= model.row_lo - scale(model.row_lo)) & (act <= model.row_hi + scale(model.row_hi))).all())


def lp_round(model: LinearModel, xbar: np.ndarray, d: np.ndarray, limit: float = math.inf) -> np.ndarray | None:
    """A feasible integer solution near the LP optimum, or None: a primal heuristic (never a bound).

    Integer columns are rounded down (continuous ones put at the bound nearest 0), then every
    integer column with a positive objective and :math:`|d_j| \\le` ``limit`` is raised by one,
    in order of decreasing reduced cost, when that makes no row more violated than it is. The
    result is kept only when :func:`is_feasible`.
    """
    lo_c, hi_c = model.col_lo, model.col_hi
    integer = model.integer
    x = np.where(integer, np.floor(np.asarray(xbar, float) + 1e-9), 0.0)
    x = np.clip(x, lo_c, hi_c)
    csc = model.A.tocsc()
    act = csc @ x
    lo, hi = model.row_lo, model.row_hi
    cand = np.nonzero(integer & (x + 1 <= hi_c) & (model.c > 0) & (np.abs(d) <= limit))[0]
    cand = cand[np.argsort(-d[cand], kind="stable")]
    indptr, indices, data = csc.indptr, csc.indices, csc.data
    for j in cand.tolist():
        r = indices[indptr[j]:indptr[j + 1]]
        new = act[r] + data[indptr[j]:indptr[j + 1]]
        if (_violation(new, lo[r], hi[r]) <= _violation(act[r], lo[r], hi[r])).all():
            x[j] += 1.0
            act[r] = new
    return x if is_feasible(model, x) else None


def objective_step(model: LinearModel) -> float:
    """g > 0 when every objective value of an integer solution is a multiple of g, else 0.

    That holds when only integer columns (with integer lower bounds) carry a cost, and every
    cost is an integer multiple of g (the gcd of the costs, e.g. 1,000 for values in k€).
    """
    c = np.asarray(model.c, float)
    nz = c != 0
    if not nz.any() or (nz & ~model.integer).any():
        return 0.0
    if (c[nz] != np.round(c[nz])).any() or np.abs(c).max() >= 2.0 ** 52:
        return 0.0
    if (model.col_lo[model.integer & nz] != np.round(model.col_lo[model.integer & nz])).any():
        return 0.0
    return float(np.gcd.reduce(np.abs(c[nz]).astype(np.int64)))


def solve_core(model: LinearModel, start: np.ndarray | None = None, *, gap: float = 1e-6,
               time_limit: float | None = None, threads: int | None = None, fraction: float = CORE_FRACTION,
               lp: HighsSession | None = None, options: Mapping[str, Any] | None = None,
               theta: float | None = None) -> RawSolution:
    r"""MIP by LP reduced-cost fixing around a core, then HiGHS on the core and one proof round (exact).

    1. Solve the LP relaxation: bound :math:`U`, solution :math:`\bar x`, reduced costs :math:`d_j`.
       Incumbent :math:`z_0`: the better of ``start`` (a feasible column vector, e.g. the greedy
       selection) and :func:`lp_round`.
    2. *Reduced-cost fixing* (Nemhauser & Wolsey 1988, II.2 prop. 2.1; the *core* idea of
       Balas & Zemel 1980 and Pisinger 1997 for knapsacks): any solution that moves an integer
       :math:`x_j` off its LP bound is worth at most :math:`U - |d_j|`. Let :math:`F(\theta)`
       be the set of solutions that keep every :math:`x_j` with :math:`|d_j| > \theta` at its
       LP bound; a solution outside :math:`F(\theta)` is worth at most :math:`U - \theta`.
    3. Round 1, a small core: :math:`\theta_1` = ``fraction`` x :math:`(U - z_0)`; HiGHS solves
       the MIP over :math:`F(\theta_1)`: optimum :math:`z_1` (bound :math:`b_1`). Incumbent
       :math:`z = \max(z_0, z_1)`. If :math:`z \ge U - \theta_1` it is the global optimum.
    4. Round 2, the proof: :math:`\theta_2 = U - z`, so nothing outside :math:`F(\theta_2)`
       beats :math:`z`; what is left is :math:`F(\theta_2) \setminus F(\theta_1)`: HiGHS
       solves the MIP over :math:`F(\theta_2)` with one row that flips at least one of the
       columns fixed in round 1 but free in round 2 (round 1 searched the rest) and one row
       :math:`c^T x \ge z + \delta` (:math:`\delta` = half the objective's step when every
       value is a multiple of one, :func:`objective_step`; else half the requested relative gap
       times :math:`|z|`). Infeasible proves :math:`z` optimal, usually at the root;
       otherwise its optimum is the global one.

    The global bound is :math:`\max(b_1, b_2, U - \theta_2)`, so the optimum is exact (proven
    within ``gap``) whatever ``fraction`` is; ``fraction`` only decides how the work is split.
    ``lp``: an existing :class:`HighsSession` on the relaxation of ``model`` (the frontier
    re-solves one). ``theta`` replaces the first threshold (e.g. the LP-to-optimum gap of a
    similar model solved before). Without a start and without a rounded solution, or when the LP is not
    optimal, plain HiGHS solves the whole model.
    """
    t0 = time.perf_counter()
    core_options = CORE_OPTIONS if options is None else options

    def left() -> float | None:
        return None if time_limit is None else max(time_limit - (time.perf_counter() - t0), 0.01)

    def run(m: LinearModel, x0: np.ndarray | None = None) -> RawSolution:
        session = HighsSession(m, gap=gap, time_limit=left(), threads=threads, options=core_options)
        if x0 is not None:
            session.set_start(x0)
        return session.solve()

    def whole() -> RawSolution:
        raw = run(model, start)
        return replace(raw, seconds=time.perf_counter() - t0)

    if lp is None:
        lp = HighsSession(replace(model, integer=np.zeros_like(model.integer)), gap=gap, time_limit=time_limit,
                          threads=threads)
    relax = lp.solve()
    integer = model.integer
    if relax.status == "infeasible" and np.isfinite(model.col_lo).all() and np.isfinite(model.col_hi).all():
        # no LP solution, so no integer one (bounded columns: "infeasible" is not "unbounded")
        return replace(relax, seconds=time.perf_counter() - t0, options={**relax.options, "strategy": "core"},
                       message="the LP relaxation is infeasible")
    if relax.status != "optimal" or not integer.any():
        return whole()
    sol = lp.h.getSolution()
    d = np.asarray(sol.col_dual, float)
    xbar = np.asarray(sol.col_value, float)
    upper = relax.objective
    c = np.asarray(model.c, float)
    tol = 1e-9 * max(1.0, abs(upper))
    best_x, best = None, -math.inf
    if start is not None:
        best_x, best = np.asarray(start, float), float(c @ start)
    rounded = lp_round(model, xbar, d, upper - best)
    if rounded is not None and float(c @ rounded) > best:
        best_x, best = rounded, float(c @ rounded)
    if best_x is None:
        return whole()
    version = lp.version
    if best >= upper - tol:  # the incumbent reaches the LP bound: optimal without branching
        top = max(upper, best)
        return RawSolution("optimal", best_x, best, top, _rel_gap(best, top), time.perf_counter() - t0, "highs",
                           version, {"mip_rel_gap": float(gap), "mip_abs_gap": 0.0, "time_limit": time_limit,
                                     "strategy": "core", "core_fraction": fraction, "core_columns": ()}, "",
                           upper)
    col_lo, col_hi = model.col_lo, model.col_hi
    movable = integer & (col_lo < col_hi)

    def fixings(theta: float) -> tuple[np.ndarray, np.ndarray]:
        up = movable & (xbar > col_hi - 1e-9) & (d > theta + tol)
        down = movable & (xbar < col_lo + 1e-9) & (d < -theta - tol)
        lo, hi = col_lo.copy(), col_hi.copy()
        lo[up] = hi[up]
        hi[down] = lo[down]
        return lo, hi

    sizes: list[int] = []
    status = "optimal"
    message = ""
    theta1 = max(fraction * (upper - best), 0.0) if theta is None else min(max(float(theta), 0.0), upper - best)
    lo1, hi1 = fixings(theta1)
    sizes.append(int((lo1 < hi1).sum()))
    inside = not ((best_x < lo1 - 1e-9) | (best_x > hi1 + 1e-9)).any()
    r1 = run(replace(model, col_lo=lo1, col_hi=hi1), best_x if inside else None)
    version = r1.version
    if r1.x is not None and r1.objective > best:
        best_x, best = r1.x, r1.objective
    if r1.status == "optimal":
        bound1 = r1.bound
    elif r1.status == "infeasible":
        bound1 = -math.inf
    else:  # time limit (with or without a solution) or a solver error: report the best known
        status, message = "time_limit", r1.message or "time limit reached; best portfolio found so far"
        bound1 = max(r1.bound, upper - theta1) if math.isfinite(r1.bound) else upper
    if status == "optimal" and best < upper - theta1 - tol:
        theta2 = upper - best
        lo2, hi2 = fixings(theta2)
        sizes.append(int((lo2 < hi2).sum()))
        new_up = (lo1 > lo2)     # fixed at the upper bound in round 1, free now
        new_down = (hi1 < hi2)   # fixed at the lower bound in round 1, free now
        bound2 = -math.inf
        if new_up.any() or new_down.any():
            N = model.A.shape[1]
            flip = np.zeros(N)
            flip[new_down] = 1.0
            flip[new_up] = -1.0
            flip_lo = 1.0 + float(lo2[new_down].sum()) - float(hi2[new_up].sum())
            step = objective_step(model)
            delta = 0.5 * step if step > 0 else 0.5 * gap * max(1.0, abs(best))
            rows = sparse.csr_matrix(np.vstack([flip, c]))
            proof = replace(model, A=sparse.vstack([model.A, rows], format="csr"),
                            row_lo=np.concatenate([model.row_lo, [flip_lo, best + delta]]),
                            row_hi=np.concatenate([model.row_hi, [math.inf, math.inf]]), col_lo=lo2, col_hi=hi2)
            r2 = run(proof)
            if r2.status == "infeasible":
                bound2 = best if step > 0 else best + delta
            elif r2.status == "optimal":
                bound2 = r2.bound
            else:
                status, message = "time_limit", r2.message or "time limit reached; best portfolio found so far"
                bound2 = upper if not math.isfinite(r2.bound) else r2.bound
            if r2.x is not None and r2.objective > best:
                best_x, best = r2.x, r2.objective
        bound = max(bound1, bound2, upper - theta2)
    else:
        bound = max(bound1, upper - theta1)
    objective = float(c @ best_x)
    bound = max(bound, objective)
    opts = {"mip_rel_gap": float(gap), "mip_abs_gap": 0.0, "time_limit": time_limit, "strategy": "core",
            "core_fraction": fraction, "core_columns": tuple(sizes)}
    return RawSolution(status, best_x, objective, bound, _rel_gap(objective, bound), time.perf_counter() - t0,
                       "highs", version, opts, message, upper)


def solve_model(model: LinearModel, *, solver: str | None = None, gap: float = 1e-6,
                time_limit: float | None = None, start: np.ndarray | None = None,
                threads: int | None = None, core: bool = False) -> RawSolution:
    """Solve a :class:`LinearModel` with the named solver (None: :func:`auto_solver`).

    ``core=True`` with HiGHS uses :func:`solve_core` (exact; ``start``, when given, must be feasible).
    """
    name = _check_solver(solver)
    if (model.col_lo > model.col_hi).any():  # e.g. one measure both mandatory and forbidden
        return RawSolution("infeasible", None, math.nan, math.nan, math.nan, 0.0, name, "", {"gap": gap},
                           "contradictory bounds")
    if name == "highs" and core:
        return solve_core(model, start, gap=gap, time_limit=time_limit, threads=threads)
    if name == "highs":
        session = HighsSession(model, gap=gap, time_limit=time_limit, threads=threads)
        if start is not None:
            session.set_start(start)
        return session.solve()
    return solve_cbc(model, gap=gap, time_limit=time_limit, start=start, threads=threads)


# -- result --------------------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class Portfolio:
    """The optimal (or best found) portfolio of a :class:`PortfolioProblem`.

    ``status`` is one of :data:`STATUSES`; ``selected`` and ``objective`` are meaningful when
    ``status in HAS_SOLUTION``. ``gap`` is the relative optimality gap
    :math:`|\\text{bound} - \\text{objective}| / |\\text{objective}|`. ``options`` and ``solver``
    go into the provenance. ``greedy`` is the benefit/cost-greedy comparison (or None).
    ``message`` explains a non-optimal status in words (for infeasible: the conflicting rules).
    """

    status: str
    selected: tuple[str, ...]
    objective: float
    gap: float
    bound: float
    solver: str
    options: Mapping[str, Any]
    solve_time: float
    build_time: float
    message: str
    ids: tuple[str, ...] = ()
    start_years: Mapping[str, int] = field(default_factory=FrozenMap)
    spend: float = math.nan
    greedy: Any = None
    diagnosis: Any = None
    solver_version: str = ""

    @property
    def has_solution(self) -> bool:
        return self.status in HAS_SOLUTION

    @property
    def mask(self) -> np.ndarray:
        chosen = set(self.selected)
        return np.array([m in chosen for m in self.ids], bool)

    def __repr__(self) -> str:
        if self.has_solution:
            return (f"Portfolio({self.status}, {len(self.selected)}/{len(self.ids)} measures, "
                    f"objective={self.objective:.6g}, gap={self.gap:.2g}, solver={self.solver!r})")
        return f"Portfolio({self.status}: {self.message[:80]!r})"

    def to_frame(self) -> pd.DataFrame:
        """One row per measure: selected, start year, and greedy's choice."""
        g = set(self.greedy.selected) if self.greedy is not None else set()
        chosen = set(self.selected)
        return pd.DataFrame({
            "selected": [m in chosen for m in self.ids],
            "start_year": pd.array([self.start_years.get(m) for m in self.ids], dtype="Int64"),
            "greedy": [m in g for m in self.ids],
        }, index=pd.Index(self.ids, name="measure"))

    def to_dict(self) -> dict:
        """JSON-safe summary (NaN/inf as None)."""
        return {
            "status": self.status, "selected": list(self.selected), "objective": _js(self.objective),
            "gap": _js(self.gap), "bound": _js(self.bound), "solver": self.solver,
            "solver_version": self.solver_version, "options": {k: _js(v) for k, v in self.options.items()},
            "solve_time": self.solve_time, "build_time": self.build_time, "message": self.message,
            "start_years": dict(self.start_years), "spend": _js(self.spend),
            "greedy": self.greedy.to_dict() if self.greedy is not None else None,
            "diagnosis": self.diagnosis.to_dict() if self.diagnosis is not None else None,
        }


def _js(v: Any) -> Any:
    if isinstance(v, (float, np.floating)):
        v = float(v)
        return v if math.isfinite(v) else None
    if isinstance(v, np.integer):
        return int(v)
    return v


def select(problem: PortfolioProblem, *, solver: str | None = None, time_limit: float | None = None,
           gap: float = 1e-6, greedy: bool = True, diagnose: bool = True, warm_start: bool = True,
           core: bool = True, threads: int | None = None) -> Portfolio:
    """The portfolio that maximises the additive value under every budget and rule.

    Parameters
    ----------
    problem : the :class:`PortfolioProblem`.
    solver : ``"cbc"`` or ``"highs"``; None picks one (:func:`auto_solver`).
    time_limit : seconds; when reached, the best portfolio found is returned with status
        ``"time_limit"`` and its gap.
    gap : relative optimality gap at which the solver stops (default 1e-6: proven optimum).
    greedy : also compute the benefit/cost-greedy selection and the value it loses.
    diagnose : when infeasible, find the smallest set of conflicting rules (deletion filter).
    warm_start : offer the greedy selection as the first incumbent when it is feasible.
    core : with HiGHS, solve by LP reduced-cost fixing around a small core and a proof round
        (:func:`solve_core`; exact, same optimum, several times faster on large lists).

    Returns
    -------
    :class:`Portfolio`; infeasibility is a status with a message, not an exception.
    """
    from .greedy import greedy_select

    name = _check_solver(solver)
    t0 = time.perf_counter()
    model = build_model(problem)
    build_time = time.perf_counter() - t0
    g = greedy_select(problem) if greedy or warm_start else None
    start = None
    if warm_start and g is not None and g.feasible:
        start = model.encode(problem, g.mask, {problem.index[k]: v for k, v in g.start_years.items()})
    raw = solve_model(model, solver=name, gap=gap, time_limit=time_limit, start=start, threads=threads, core=core)
    return _portfolio(problem, model, raw, build_time, g if greedy else None, diagnose, name)


def _portfolio(problem: PortfolioProblem, model: LinearModel, raw: RawSolution, build_time: float,
               g: Any, diagnose: bool, name: str) -> Portfolio:
    options = {"solver": raw.solver, "solver_version": raw.version, **raw.options}
    if raw.status in HAS_SOLUTION and raw.x is not None:
        chosen, starts = model.decode(raw.x)
        selected = tuple(m for m, c in zip(problem.ids, chosen) if c)
        start_years = FrozenMap({problem.ids[j]: y for j, y in sorted(starts.items())})
        spend = float((model.spend @ raw.x).sum())
        value = portfolio_value(problem, chosen, starts)
        if g is not None:
            from .greedy import with_optimum
            g = with_optimum(g, value)
        return Portfolio(raw.status, selected, value, raw.gap, raw.bound, raw.solver, FrozenMap(options),
                         raw.seconds, build_time, raw.message, problem.ids, start_years, spend, g, None, raw.version)
    diagnosis = None
    message = raw.message
    if raw.status == "infeasible":
        message = "no portfolio satisfies every rule"
        if diagnose:
            from .diagnose import diagnose as _diagnose
            diagnosis = _diagnose(problem, model=model, solver=name)
            message = diagnosis.message
    return Portfolio(raw.status, (), math.nan, math.nan, math.nan, raw.solver, FrozenMap(options), raw.seconds,
                     build_time, message, problem.ids, FrozenMap(), math.nan, g, diagnosis, raw.version)
