"""Solver back-ends: a :class:`~mkba.portfolio.formulation.LinearModel` in, a :class:`RawSolution` out.

Solvers (:data:`SOLVERS`), by name (:func:`check_solver`):

* ``"highs"``: HiGHS through highspy, the model passed as arrays (CSR) in-process
  (:class:`HighsSession`, which keeps one instance to re-solve a changed model: the frontier,
  the stakeholder analysis, the diagnosis and the robustness analysis re-use one; constructed
  silently by :func:`quiet_highs`);
* ``"cbc"``: the CBC binary bundled with PuLP, fed a vectorised MPS file (:func:`write_mps`,
  :func:`solve_cbc`).

Automatic choice (``solver=None``, :func:`auto_solver`): HiGHS when highspy is importable,
else CBC. Measured on this project's benchmark generator (``benchmarks/bench_portfolio.py``,
yearly budgets, 20 exclusions, 20 prerequisites, theme minimums, relative gap 1e-6, 2-core
machine): 10,000 measures plain HiGHS 6-9 s, CBC > 120 s (stopped, not proven), HiGHS with
the exact core method of :func:`~mkba.portfolio.select.solve_core` (the default of
:func:`~mkba.portfolio.select.select`) 0.6-0.8 s; and HiGHS alone can re-solve a changed model
in-process. See the benchmark output for the numbers of the current run.

Each back-end reports the same statuses (:data:`STATUSES`), the objective, the solver's bound
and the relative gap (:func:`relative_gap`), and the options and version for the provenance;
neither is trusted blindly (see :meth:`HighsSession.solve` and :func:`solve_cbc`).
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
import warnings
from dataclasses import dataclass, replace
from typing import Any, Mapping

import numpy as np

from ..errors import MethodError, closest
from .formulation import LinearModel

__all__ = ["STATUSES", "HAS_SOLUTION", "SOLVERS", "RawSolution", "relative_gap", "import_highspy", "quiet_highs",
           "HighsSession", "write_mps", "solve_cbc", "auto_solver", "check_solver"]

#: What a solve ends in: a proven optimum, the best found when a limit stopped it, or no portfolio.
STATUSES = ("optimal", "time_limit", "infeasible", "unbounded", "error")
#: The statuses that come with a portfolio.
HAS_SOLUTION = frozenset({"optimal", "time_limit"})
SOLVERS = ("cbc", "highs")


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


def relative_gap(objective: float, bound: float) -> float:
    """:math:`|\\text{bound} - \\text{objective}| / |\\text{objective}|` (0 when they agree to 1e-9, inf when either is not finite)."""
    if not (math.isfinite(objective) and math.isfinite(bound)):
        return math.inf
    diff = abs(bound - objective)
    if diff <= 1e-9 * max(1.0, abs(objective)):
        return 0.0
    return diff / max(abs(objective), 1e-10)


def import_highspy():
    """The highspy module, or a :class:`MethodError` that says how to install it.

    Imported at first use, not with this module: highspy takes a noticeable part of a second to
    import, and a run that only reads or appraises needs no solver.
    """
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
    highspy = import_highspy()
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
        self.options: dict[str, Any] = {"mip_rel_gap": float(gap), "mip_abs_gap": 0.0, "time_limit": time_limit}
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
        tests/portfolio/test_select.py). Such a result is re-solved once from scratch
        (``clearSolver``), which finds the true optimum.
        """
        highspy = import_highspy()
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
        gap = relative_gap(objective, bound) if x is not None else math.nan
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
        import pulp  # at first use: PuLP is slow to import and only CBC needs it
    except ImportError as exc:  # pragma: no cover
        raise MethodError("solver 'cbc' needs PuLP (it bundles the CBC binary): pip install pulp") from exc
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
    tests/portfolio/test_select.py), so CBC always starts from scratch.
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
        found = (re.search(r"Version:\s*(\S+)", out) or re.search(r"(\d+\.\d+\.\d+)", out))
        version = found.group(1) if found else "?"
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
    said = re.search(r"Result - (.*)", out)
    result = said.group(1).strip() if said else head
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
    lb = re.search(r"Lower bound:\s*" + _CBC_NUM, out)
    if status == "optimal":
        bound = objective if not lb else -float(lb.group(1))
        bound = max(bound, objective) if math.isfinite(bound) else objective
    else:
        bound = -float(lb.group(1)) if lb else math.inf
    msg = "time limit reached; best portfolio found so far" if status == "time_limit" else ""
    return RawSolution(status, x, objective, bound, relative_gap(objective, bound), seconds, "cbc", version, options, msg)


def auto_solver() -> str:
    """The solver used when none is named: ``"highs"`` if highspy imports, else ``"cbc"`` (see module docs)."""
    try:
        import highspy  # noqa: F401
        return "highs"
    except ImportError:  # pragma: no cover
        return "cbc"


def check_solver(solver: str | None) -> str:
    """The solver's name in lower case (None: :func:`auto_solver`), having checked that it is installed.

    Unknown names raise a :class:`MethodError` with the valid ones and the closest; a missing
    package raises one that says how to install it.
    """
    if solver is None:
        return auto_solver()
    name = str(solver).lower()
    if name not in SOLVERS:
        hint = closest(name, SOLVERS)
        raise MethodError(f"unknown solver {solver!r}; valid solvers: {', '.join(SOLVERS)}"
                          + (f" (did you mean {hint!r}?)" if hint else ""))
    if name == "highs":
        import_highspy()
    else:
        _cbc_path()
    return name

