"""Portfolio selection speed: mkba against plain PuLP+CBC, PuLP+HiGHS and raw highspy, in one table.

Run ``python benchmarks/bench_portfolio.py`` (full: 10,000 measures; 50-point frontier on 1,000
measures) or ``--quick`` (2,000 measures; 20-point frontier on 300 measures; < 30 s).

Instance (seeded, :func:`instance`): measures with one investment each, spent in a start year
out of 5 budget years (lognormal around 200 k€, rounded to 10 k€); values (NPV, rounded to
1 k€) = investment x N(0.4, 0.6), so about a quarter are negative; yearly budgets of 15 % of
each year's total; 20 exclusive groups of 2-4 variants; 20 prerequisites; 5 themes with a
minimum count each. Every solver runs at relative gap 1e-6 (a proven optimum); every time
includes building the model. A peer that has not proved the optimum after ``--peer-limit``
seconds is stopped and reported as such (the ratio is taken against the fastest peer that did);
mkba runs with the same time limit (so ``solver="cbc"`` cannot hang) and is reported as not
proven when it hits it. Frontier: values and statuses are compared point by point; budgets below
what the theme minimums need are infeasible on both sides (NaN), which counts as agreement.
No asserts: the script prints what it measured.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mkba.portfolio import PortfolioProblem, ThemeLimit, frontier, select  # noqa: E402

T = 5
GAP = 1e-6


def instance(n: int, seed: int = 0, n_excl: int = 20, n_req: int = 20, n_themes: int = 5) -> dict:
    """Seeded random longlist with yearly budgets, exclusions, prerequisites and theme minimums."""
    rng = np.random.default_rng(seed)
    total = np.maximum(np.round(rng.lognormal(np.log(2e5), 0.8, n), -4), 1e4)
    start = rng.integers(0, T, n)
    costs = np.zeros((n, T))
    costs[np.arange(n), start] = total
    values = np.round(total * rng.normal(0.4, 0.6, n), -3)
    budgets = np.round(0.15 * costs.sum(axis=0), -3)
    perm = rng.permutation(n)
    excl = [perm[4 * i: 4 * i + int(rng.integers(2, 5))] for i in range(n_excl)]
    off = 4 * n_excl
    req = [(int(perm[off + 2 * i]), int(perm[off + 2 * i + 1])) for i in range(n_req)]
    themes = rng.integers(0, n_themes, n)
    theme_min = max(1, n // (n_themes * 20))
    return {"values": values, "costs": costs, "budgets": budgets, "excl": excl, "req": req, "themes": themes,
            "theme_min": theme_min, "n_themes": n_themes}


def mkba_problem(d: dict, total_budget: float | None = None) -> PortfolioProblem:
    n = len(d["values"])
    ids = [f"M{j}" for j in range(n)]
    return PortfolioProblem.from_arrays(
        d["values"], d["costs"], d["budgets"], ids=ids, years=list(range(2026, 2026 + T)),
        total_budget=total_budget, themes=[f"t{k}" for k in d["themes"]],
        exclusive=[[ids[j] for j in g] for g in d["excl"]], requires=[(ids[a], ids[b]) for a, b in d["req"]],
        theme_limits=[ThemeLimit(f"t{k}", min_count=d["theme_min"]) for k in range(d["n_themes"])],
        objective="npv")


def pulp_model(d: dict, total_budget: float | None = None):
    """The same model, built the usual way: one PuLP expression per constraint."""
    import pulp

    n = len(d["values"])
    prob = pulp.LpProblem("portfolio", pulp.LpMaximize)
    x = [pulp.LpVariable(f"x{j}", cat="Binary") for j in range(n)]
    prob += pulp.lpSum(float(d["values"][j]) * x[j] for j in range(n))
    for t in range(T):
        nz = np.nonzero(d["costs"][:, t])[0]
        prob += pulp.lpSum(float(d["costs"][j, t]) * x[j] for j in nz) <= float(d["budgets"][t]), f"budget_{t}"
    if total_budget is not None:
        prob += pulp.lpSum(float(d["costs"][j].sum()) * x[j] for j in range(n)) <= total_budget, "total"
    for i, g in enumerate(d["excl"]):
        prob += pulp.lpSum(x[int(j)] for j in g) <= 1, f"excl_{i}"
    for i, (a, b) in enumerate(d["req"]):
        prob += x[a] - x[b] <= 0, f"req_{i}"
    for k in range(d["n_themes"]):
        prob += pulp.lpSum(x[int(j)] for j in np.nonzero(d["themes"] == k)[0]) >= d["theme_min"], f"theme_{k}"
    return prob, x


def run_pulp(d: dict, solver: str, total_budget: float | None = None,
             limit: float | None = None) -> tuple[float, float, str]:
    import pulp

    t0 = time.perf_counter()
    prob, x = pulp_model(d, total_budget)
    s = (pulp.PULP_CBC_CMD(msg=0, gapRel=GAP, timeLimit=limit) if solver == "cbc"
         else pulp.HiGHS(msg=0, gapRel=GAP, timeLimit=limit))
    prob.solve(s)
    sec = time.perf_counter() - t0
    proven = limit is None or sec < 0.98 * limit
    return sec, float(sum(float(d["values"][j]) * round(x[j].value() or 0) for j in range(len(x)))), \
        "optimal" if proven else "time limit: not proven"


def run_highspy(d: dict, limit: float | None = None) -> tuple[float, float, str]:
    """Raw highspy: the constraint matrix assembled with NumPy/SciPy by hand, passed as arrays."""
    import highspy
    from scipy import sparse

    t0 = time.perf_counter()
    n = len(d["values"])
    rows = [d["costs"].T]
    lo, hi = [np.full(T, -np.inf)], [d["budgets"]]
    E = np.zeros((len(d["excl"]), n))
    for i, g in enumerate(d["excl"]):
        E[i, g] = 1
    rows.append(E); lo.append(np.full(len(d["excl"]), -np.inf)); hi.append(np.ones(len(d["excl"])))
    R = np.zeros((len(d["req"]), n))
    for i, (a, b) in enumerate(d["req"]):
        R[i, a], R[i, b] = 1, -1
    rows.append(R); lo.append(np.full(len(d["req"]), -np.inf)); hi.append(np.zeros(len(d["req"])))
    Th = (d["themes"][None, :] == np.arange(d["n_themes"])[:, None]).astype(float)
    rows.append(Th); lo.append(np.full(d["n_themes"], float(d["theme_min"]))); hi.append(np.full(d["n_themes"], np.inf))
    A = sparse.csr_matrix(np.vstack(rows))
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", GAP)
    if limit is not None:
        h.setOptionValue("time_limit", float(limit))
    h.passModel(n, A.shape[0], A.nnz, 2, -1, 0.0, d["values"].astype(float), np.zeros(n), np.ones(n),
                np.concatenate(lo), np.concatenate(hi), A.indptr.astype(np.int32), A.indices.astype(np.int32),
                A.data, np.ones(n, np.int32))
    h.run()
    xs = np.round(np.asarray(h.getSolution().col_value))
    proven = h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    return time.perf_counter() - t0, float(d["values"] @ xs), "optimal" if proven else "time limit: not proven"


def run_mkba(d: dict, solver: str | None = None, limit: float | None = None) -> tuple[float, float, str]:
    """mkba end to end (problem, model, greedy, solve), stopped after ``limit`` seconds like the peers."""
    t0 = time.perf_counter()
    p = select(mkba_problem(d), solver=solver, gap=GAP, time_limit=limit)
    sec = time.perf_counter() - t0
    note = f"{p.solver}, {p.status}, gap {p.gap:.1e}"
    if p.status != "optimal":
        note += " (time limit: not proven)"
    return sec, p.objective, note


def bench_solve(n: int, limit: float) -> None:
    d = instance(n)
    print(f"\n## {n:,} measures, {T} yearly budgets, {len(d['excl'])} exclusions, {len(d['req'])} prerequisites, "
          f"{d['n_themes']} theme minimums, gap {GAP:g} (time includes model building)\n")
    print(f"| {'run':<28} | {'seconds':>8} | {'objective':>16} | note")
    print(f"|{'-' * 30}|{'-' * 10}|{'-' * 18}|------")
    results = {}
    proven = {}
    for name, fn in (("PuLP + CBC", lambda: run_pulp(d, "cbc", limit=limit)),
                     ("PuLP + HiGHS", lambda: run_pulp(d, "highs", limit=limit)),
                     ("raw highspy", lambda: run_highspy(d, limit=limit))):
        sec, obj, note = fn()
        results[name] = (sec, obj)
        proven[name] = note == "optimal"
        print(f"| {name:<28} | {sec:8.2f} | {obj:16,.0f} | {note}", flush=True)
    for solver in ("highs", "cbc", None):
        label = f"mkba select (solver={solver or 'auto'})"
        sec, obj, note = run_mkba(d, solver, limit)
        results[label] = (sec, obj)
        proven[label] = "optimal" in note and "not proven" not in note
        print(f"| {label:<28} | {sec:8.2f} | {obj:16,.0f} | {note}", flush=True)
    peers = {k: v for k, v in results.items() if not k.startswith("mkba") and proven[k]}
    if not peers:
        print(f"\nno peer proved the optimum within {limit:g} s; mkba (auto) took "
              f"{results['mkba select (solver=auto)'][0]:.2f} s")
        return
    fastest = min(peers, key=lambda k: peers[k][0])
    mk = results["mkba select (solver=auto)"][0]
    agree = len({round(v[1]) for k, v in results.items() if proven[k]}) == 1
    ok = mk / peers[fastest][0] <= 0.8 and proven["mkba select (solver=auto)"]
    print(f"\nmkba (auto) / fastest peer that proved the optimum ({fastest}) = {mk / peers[fastest][0]:.2f} "
          f"(target <= 0.80 with a proven optimum: {'met' if ok else 'MISSED'}); "
          f"objectives of the proven runs agree: {agree}")


def bench_frontier(n: int, points: int) -> None:
    import pulp

    d = instance(n, seed=1)
    top = float(d["costs"].sum()) * 0.15
    grid = np.linspace(0.02 * top, top, points)
    print(f"\n## frontier: {points} total budgets on {n:,} measures (same rules plus a total budget), gap {GAP:g}\n")
    t0 = time.perf_counter()
    f = frontier(mkba_problem(d), budgets=grid, gap=GAP)
    t_mkba = time.perf_counter() - t0
    t0 = time.perf_counter()
    vals, statuses = [], []
    for b in grid:
        prob, x = pulp_model(d, total_budget=float(b))
        prob.solve(pulp.PULP_CBC_CMD(msg=0, gapRel=GAP))
        status = pulp.LpStatus[prob.status].lower()
        statuses.append(status)
        vals.append(float(sum(float(d["values"][j]) * round(x[j].value() or 0) for j in range(n)))
                    if status == "optimal" else np.nan)
    t_pulp = time.perf_counter() - t0
    vals = np.asarray(vals)
    # a budget too small for the theme minimums is infeasible on both sides (value NaN): the
    # statuses must agree point by point, and the values where both found the optimum
    same_status = statuses == list(f.statuses)
    same = same_status and np.allclose(vals, f.values, rtol=2 * GAP, atol=1.0, equal_nan=True)
    both = ~np.isnan(vals) & ~np.isnan(f.values)
    diff = float(np.max(np.abs(vals[both] - f.values[both]))) if both.any() else 0.0
    infeasible = sum(s == "infeasible" for s in statuses)
    print(f"| {'run':<36} | {'seconds':>8} |")
    print(f"|{'-' * 38}|{'-' * 10}|")
    print(f"| {f'{points} independent PuLP+CBC solves':<36} | {t_pulp:8.2f} |")
    print(f"| {f'mkba frontier ({f.solver}, one model)':<36} | {t_mkba:8.2f} |")
    print(f"\nspeed-up {t_pulp / t_mkba:.1f}x (target >= 5x: {'met' if t_pulp / t_mkba >= 5 else 'MISSED'}); "
          f"same values and statuses: {same} ({infeasible} budget(s) infeasible on both sides: "
          f"{same_status}; max abs diff of the other values {diff:.3g})")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small sizes, under a minute")
    ap.add_argument("--peer-limit", type=float, default=300.0,
                    help="seconds a peer may take before it is stopped and reported as not proven (default 300)")
    args = ap.parse_args(argv)
    if args.quick:
        bench_solve(2_000, args.peer_limit)
        bench_frontier(300, 20)
    else:
        bench_solve(10_000, args.peer_limit)
        bench_frontier(1_000, 50)


if __name__ == "__main__":
    main()
