"""Core index over sampled weightings: mkba's re-optimisation against fresh PuLP+CBC solves, in one table.

Run ``python benchmarks/bench_robustness.py`` (1,000 weight samples, 200 measures) or
``--quick`` (100 samples; about a minute). ``--samples`` / ``--measures`` override the sizes.

Instance (seeded, :func:`instance`): 200 measures with one investment each, spent in a start
year out of 5 budget years (lognormal around 200 k€, rounded to 10 k€); yearly budgets of 15 % of
each year's total; 20 exclusive groups of 2-4 variants; 20 prerequisites; 5 themes with a
minimum count each. Effects (200 x 6 criteria, 2 of them costs such as nuisance) grow with the
investment, with noise and some negative effects; the value of a measure in sample k is the
anchored linear MAVT value :func:`mkba.portfolio.anchored_values` (effects, W[k], directions)
with W[k] a Dirichlet(1, ..., 1) weight sample.

Runs, every one at relative gap 1e-6 (a proven optimum), every time including model building:

* 1,000 fresh PuLP+CBC solves (the model built per sample with PuLP, as a user would);
* optionally (``--highspy``) 1,000 fresh raw highspy solves (arrays, no modelling layer);
* mkba :func:`~mkba.portfolio.reoptimise` (the selections whose shares are the core index) with
  HiGHS and with CBC, fast path (default: incumbent pool, LP and convexity certificates,
  reduced-cost fixing on one model); with ``--plain`` also ``fast=False`` (one HiGHS model
  re-solved with a warm start; CBC: a fresh solve per sample);
* mkba :func:`~mkba.portfolio.portfolio_robustness` (solver auto: the base optimum, every sample,
  core indices, distinct optima).

``--concentration a`` samples the weights from Dirichlet(a x base weights) around one weighting
instead of uniformly over the simplex (more samples share an optimum).

Selections are compared per sample through the objective (the peer's selection valued under the
sample's values against mkba's objective; relative 1e-6): two portfolios may differ only on an
exact tie, and the number of samples whose selections differ is reported. No asserts: the script
prints what it measured.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mkba.portfolio import (PortfolioProblem, ThemeLimit, anchored_values, check_feasible, portfolio_robustness, reoptimise)

T = 5
M = 6
GAP = 1e-6
DIRECTIONS = np.array([1.0, 1.0, 1.0, 1.0, -1.0, -1.0])


def instance(n: int, seed: int = 0, n_excl: int = 20, n_req: int = 20, n_themes: int = 5) -> dict:
    """Seeded random longlist with yearly budgets, exclusions, prerequisites, theme minimums and effects."""
    rng = np.random.default_rng(seed)
    total = np.maximum(np.round(rng.lognormal(np.log(2e5), 0.8, n), -4), 1e4)
    start = rng.integers(0, T, n)
    costs = np.zeros((n, T))
    costs[np.arange(n), start] = total
    budgets = np.round(0.15 * costs.sum(axis=0), -3)
    perm = rng.permutation(n)
    excl = [perm[4 * i: 4 * i + int(rng.integers(2, 5))] for i in range(n_excl)]
    off = 4 * n_excl
    req = [(int(perm[off + 2 * i]), int(perm[off + 2 * i + 1])) for i in range(n_req)]
    themes = rng.integers(0, n_themes, n)
    theme_min = max(1, n // (n_themes * 20))
    # effects grow with the investment (sub-linearly) times a quality per measure, with a spread per
    # criterion; each measure acts on about half of the 6 criteria (0 elsewhere); the last two are
    # nuisance-like costs (direction -1), so values may be negative
    size = (total / 2e5) ** 0.8
    quality = rng.lognormal(0.0, 0.5, n)
    effects = size[:, None] * quality[:, None] * rng.lognormal(0.0, 0.4, (n, M)) * (rng.random((n, M)) < 0.5)
    effects[:, 4:] *= 0.3
    return {"costs": costs, "budgets": budgets, "excl": excl, "req": req, "themes": themes,
            "theme_min": theme_min, "n_themes": n_themes, "effects": effects}


BASE_WEIGHTS = np.array([0.3, 0.2, 0.15, 0.15, 0.1, 0.1])


def sample_values(d: dict, K: int, seed: int = 1, concentration: float | None = None) -> np.ndarray:
    """(K, n) anchored MAVT values for K Dirichlet weight samples.

    ``concentration`` None: uniform over the weight simplex (Dirichlet(1, ..., 1)); a number a:
    Dirichlet(a x BASE_WEIGHTS), weights scattered around one elicited weighting.
    """
    alpha = np.ones(M) if concentration is None else concentration * BASE_WEIGHTS
    W = np.random.default_rng(seed).dirichlet(alpha, K)
    return anchored_values(d["effects"], W, DIRECTIONS)


def mkba_problem(d: dict, values: np.ndarray) -> PortfolioProblem:
    n = len(values)
    ids = [f"M{j}" for j in range(n)]
    return PortfolioProblem.from_arrays(
        values, d["costs"], d["budgets"], ids=ids, years=list(range(2026, 2026 + T)),
        themes=[f"t{k}" for k in d["themes"]],
        exclusive=[[ids[j] for j in g] for g in d["excl"]], requires=[(ids[a], ids[b]) for a, b in d["req"]],
        theme_limits=[ThemeLimit(f"t{k}", min_count=d["theme_min"]) for k in range(d["n_themes"])])


def pulp_model(d: dict, values: np.ndarray):
    """The model built the usual way: one PuLP expression per constraint (per sample)."""
    import pulp

    n = len(values)
    prob = pulp.LpProblem("portfolio", pulp.LpMaximize)
    x = [pulp.LpVariable(f"x{j}", cat="Binary") for j in range(n)]
    prob += pulp.lpSum(float(values[j]) * x[j] for j in range(n))
    for t in range(T):
        nz = np.nonzero(d["costs"][:, t])[0]
        prob += pulp.lpSum(float(d["costs"][j, t]) * x[j] for j in nz) <= float(d["budgets"][t]), f"budget_{t}"
    for i, g in enumerate(d["excl"]):
        prob += pulp.lpSum(x[int(j)] for j in g) <= 1, f"excl_{i}"
    for i, (a, b) in enumerate(d["req"]):
        prob += x[a] - x[b] <= 0, f"req_{i}"
    for k in range(d["n_themes"]):
        prob += pulp.lpSum(x[int(j)] for j in np.nonzero(d["themes"] == k)[0]) >= d["theme_min"], f"theme_{k}"
    return prob, x


def run_pulp(d: dict, V: np.ndarray) -> tuple[float, np.ndarray]:
    """K fresh PuLP+CBC solves; (seconds, (K, n) selections)."""
    import pulp

    t0 = time.perf_counter()
    X = np.zeros(V.shape, bool)
    for k in range(V.shape[0]):
        prob, x = pulp_model(d, V[k])
        prob.solve(pulp.PULP_CBC_CMD(msg=0, gapRel=GAP))
        X[k] = [round(v.value() or 0) == 1 for v in x]
    return time.perf_counter() - t0, X


def run_highspy(d: dict, V: np.ndarray) -> tuple[float, np.ndarray]:
    """K fresh raw highspy solves, the matrix assembled with NumPy/SciPy per sample."""
    import highspy
    from scipy import sparse

    t0 = time.perf_counter()
    X = np.zeros(V.shape, bool)
    n = V.shape[1]
    for k in range(V.shape[0]):
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
        rows.append(Th); lo.append(np.full(d["n_themes"], float(d["theme_min"])))
        hi.append(np.full(d["n_themes"], np.inf))
        A = sparse.csr_matrix(np.vstack(rows))
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("mip_rel_gap", GAP)
        h.passModel(n, A.shape[0], A.nnz, 2, -1, 0.0, V[k].astype(float), np.zeros(n), np.ones(n),
                    np.concatenate(lo), np.concatenate(hi), A.indptr.astype(np.int32), A.indices.astype(np.int32),
                    A.data, np.ones(n, np.int32))
        h.run()
        X[k] = np.asarray(h.getSolution().col_value) > 0.5
    return time.perf_counter() - t0, X


def compare(V: np.ndarray, ref: np.ndarray, X: np.ndarray) -> tuple[int, int, float]:
    """(samples whose objectives differ by more than 1e-6 relative, samples whose selections differ, max rel diff)."""
    a = (ref * V).sum(axis=1)
    b = (X * V).sum(axis=1)
    rel = np.abs(a - b) / np.maximum(np.abs(a), 1e-12)
    return int((rel > GAP).sum()), int((ref != X).any(axis=1).sum()), float(rel.max())


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="100 samples, about a minute")
    ap.add_argument("--samples", type=int, default=None)
    ap.add_argument("--measures", type=int, default=200)
    ap.add_argument("--highspy", action="store_true", help="also time K fresh raw highspy solves")
    ap.add_argument("--plain", action="store_true", help="also time mkba's plain re-solve loop (fast=False)")
    ap.add_argument("--concentration", type=float, default=None,
                    help="Dirichlet(a x base weights) around one weighting instead of uniform weights")
    args = ap.parse_args(argv)
    K = args.samples or (100 if args.quick else 1000)
    d = instance(args.measures)
    V = sample_values(d, K, concentration=args.concentration)
    base_values = anchored_values(d["effects"], np.full(M, 1.0 / M), DIRECTIONS)
    problem = mkba_problem(d, base_values)
    print(f"\n## core index: {K:,} Dirichlet weight samples, {args.measures} measures x {M} criteria (anchored "
          f"MAVT values, weights {'uniform' if args.concentration is None else f'Dirichlet({args.concentration:g} x base)'}), {T} yearly budgets, {len(d['excl'])} exclusions, {len(d['req'])} prerequisites, "
          f"{d['n_themes']} theme minimums, gap {GAP:g} (times include model building)\n")

    rows: list[tuple[str, float, np.ndarray | None, str]] = []
    sec, ref = run_pulp(d, V)
    rows.append((f"{K} fresh PuLP+CBC solves", sec, ref, "reference"))
    print(f"  ... PuLP+CBC {sec:.2f} s", file=sys.stderr, flush=True)
    if args.highspy:
        sec, X = run_highspy(d, V)
        rows.append((f"{K} fresh raw highspy solves", sec, X, ""))
    for solver in ("highs", "cbc"):
        for fast in ((True, False) if args.plain else (True,)):
            t0 = time.perf_counter()
            r = reoptimise(problem, V, solver=solver, gap=GAP, fast=fast)
            sec = time.perf_counter() - t0
            distinct = len(np.unique(r.selections, axis=0))
            note = (f"{'all optimal' if r.ok and all(s == 'optimal' for s in r.statuses) else 'NOT all optimal'}, "
                    f"{distinct} distinct optima, core index max |diff| vs PuLP "
                    f"{np.abs(r.selections.mean(axis=0) - ref.mean(axis=0)).max():.3g}")
            label = f"mkba reoptimise ({solver}{'' if fast else ', fast=False'})"
            rows.append((label, sec, r.selections, note))
            print(f"  ... {label} {sec:.2f} s", file=sys.stderr, flush=True)
    t0 = time.perf_counter()
    rob = portfolio_robustness(problem, V, gap=GAP)
    sec = time.perf_counter() - t0
    rows.append(("mkba portfolio_robustness (auto)", sec, None,
                 f"{rob.status}, {len(rob.frequency)} distinct optima, core index max |diff| vs PuLP "
                 f"{np.abs(rob.core_index - ref.mean(axis=0)).max():.3g}"))
    t_ref = rows[0][1]
    # the best objective any run found per sample: a run below it (by more than 1e-6 relative) returned
    # a portfolio that is not optimal
    found = [(X * V).sum(axis=1) for _, _, X, _ in rows if X is not None]
    top = np.max(found, axis=0)
    print(f"| {'run':<40} | {'seconds':>8} | {'speed-up':>8} | {'infeasible':>10} | {'below best':>10} | "
          f"{'obj. differ':>11} | {'sel. differ':>11} | note")
    print(f"|{'-' * 42}|{'-' * 10}|{'-' * 10}|{'-' * 12}|{'-' * 12}|{'-' * 13}|{'-' * 13}|------")
    for label, sec, X, note in rows:
        below = infeasible = "-"
        if X is not None:  # every selection checked against every rule, independently of the solvers
            infeasible = f"{sum(bool(check_feasible(problem, row)) for row in X)}"
            obj_k = (X * V).sum(axis=1)
            below = f"{int(((top - obj_k) > GAP * np.maximum(np.abs(top), 1e-12)).sum())}"
        if X is not None and X is not ref:  # the selections per sample (portfolio_robustness keeps only the shares)
            bad, differ, rel = compare(V, ref, X)
            obj, sel = f"{bad}", f"{differ}"
            note = f"{note}; max rel. objective diff vs PuLP {rel:.1e}".lstrip("; ")
        else:
            obj = sel = "-"
        print(f"| {label:<40} | {sec:8.2f} | {t_ref / sec:7.1f}x | {infeasible:>10} | {below:>10} | {obj:>11} | "
              f"{sel:>11} | {note}")
    print("\n(infeasible: samples whose selection breaks a rule (mkba.portfolio.check_feasible); below best: "
          "samples whose portfolio is worth less than the best any run found, by more than "
          f"{GAP:g} relative; obj./sel. differ: against the PuLP+CBC reference)")
    fast = min(sec for label, sec, _, _ in rows if label.startswith("mkba") and "fast=False" not in label)
    print(f"\nspeed-up of the fastest mkba run over {K} fresh PuLP+CBC solves: {t_ref / fast:.1f}x "
          f"(target >= 10x: {'met' if t_ref / fast >= 10 else 'MISSED'})")


if __name__ == "__main__":
    main()
