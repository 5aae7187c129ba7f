"""Benchmark mkba.sensitivity.smaa (SMAA-2) against loops over pymcdm, and its peak memory.

Run: ``python benchmarks/bench_sensitivity.py [--quick]``. Prints one table, measured in one run:

1. SMAA-2 with N weight samples (uniform on the simplex) on an n x m TOPSIS problem: rank
   acceptabilities + central weights + confidence factors (pairwise winning off), mkba vs a
   Python loop over pymcdm's TOPSIS call per sample (default call, i.e. validation on; and
   ``validation=False``) followed by the same bookkeeping per sample (pymcdm ``rrankdata``,
   counts, central-weight sums, and the confidence re-evaluations). The loops are timed on a
   subset of samples and extrapolated linearly (said in the table).
2. The pairwise winning indices, reported apart: they cost O(N n^2).
3. Peak traced memory (tracemalloc; NumPy reports its buffers to it) of SMAA-2 over
   1,000,000 weight samples streamed from a seeded sampler with the default block size.
4. SMAA-2 with sampled values (uncertain effects, 10,000 matrices of 100 x 8): the confidence
   factors score every value sample again at each measure's central weights, beside a pymcdm
   loop doing the same (extrapolated from 100 samples).
5. With ``--methods``: for every method of the registry, the scores of N sampled matrices by its
   sampled kernels (one ``prepare`` and one ``combine`` per block, as SMAA calls them) beside the
   per-sample fallback a method without them would get (its batch kernel once per sample).

``--quick`` shrinks every size so the script finishes in well under 30 s.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import time
import tracemalloc
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_mcda import best_of  # noqa: E402  (this folder is on the path of a script run from it)
from pymcdm import methods as pm  # noqa: E402
from pymcdm.helpers import rrankdata  # noqa: E402

from mkba import mcda  # noqa: E402
from mkba.mcda.sampled import sampled_scores  # noqa: E402
from mkba.sensitivity import smaa, uniform_simplex  # noqa: E402
from mkba.sensitivity.smaa import DEFAULT_BLOCK  # noqa: E402


def fmt_t(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} us"
    if seconds < 1:
        return f"{seconds * 1e3:.0f} ms"
    return f"{seconds:.2f} s"


def pymcdm_loop(x: np.ndarray, w: np.ndarray, t: np.ndarray, validation: bool) -> tuple[np.ndarray, np.ndarray]:
    """SMAA-2 acceptabilities and central-weight sums by one pymcdm call per weight sample."""
    n = x.shape[0]
    body = pm.TOPSIS()
    counts = np.zeros((n, n))
    csum = np.zeros((n, w.shape[1]))
    for row in w:
        pref = body(x, row, t, validation=validation)
        r = rrankdata(pref).astype(int)          # rank 1 = best (ties: average rank, as pymcdm does)
        counts[np.arange(n), r - 1] += 1
        csum[r == 1] += row
    return counts, csum


def pymcdm_confidence(x: np.ndarray, cw: np.ndarray, t: np.ndarray, validation: bool) -> np.ndarray:
    body = pm.TOPSIS()
    return np.array([rrankdata(body(x, c, t, validation=validation))[i] == 1 for i, c in enumerate(cw)])


def method_rows(xs: np.ndarray, ws: np.ndarray, ts: np.ndarray) -> list[tuple[str, str, str, str]]:
    """Scores of the sampled matrices ``xs`` for every registered method: sampled kernels vs the fallback."""
    rows = []
    w = ws[:xs.shape[0]]
    for name, entry in mcda.METHODS.items():
        params = mcda.check_params(name, entry.example_params(xs)[0], n_criteria=ts.size)
        block = best_of(lambda: sampled_scores(entry, xs, w, ts, params))
        per_sample = dataclasses.replace(entry, prepare=None, combine=None)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            loop = best_of(lambda: sampled_scores(per_sample, xs, w, ts, params), repeat=1)
        rows.append((f"{name}: scores of {xs.shape[0]:,} sampled {xs.shape[1]} x {xs.shape[2]} matrices",
                     "sampled kernels" if entry.sampled else "none: per-sample fallback", fmt_t(block),
                     f"per-sample fallback {fmt_t(loop)} ({loop / block:,.0f}x)"))
    return rows


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true", help="small sizes (< 30 s)")
    ap.add_argument("--methods", action="store_true", help="add the sampled kernels of every registered method")
    args = ap.parse_args(argv)
    quick = args.quick
    n, m, N = (500, 12, 2_000) if quick else (2_000, 12, 10_000)
    subset_on, subset_off = (20, 100) if quick else (40, 400)
    n_mem, N_mem = (200, 100_000) if quick else (200, 1_000_000)   # n = 2,000 would take ~100 s
    rng = np.random.default_rng(42)
    x = rng.uniform(1.0, 100.0, size=(n, m))
    t = np.where(np.arange(m) % 3 == 2, -1.0, 1.0)
    w = uniform_simplex(m, N, seed=42).array()
    rows: list[tuple[str, str, str, str]] = []
    notes: list[str] = [f"machine: {os.cpu_count()} logical CPU(s); load average at start "
                        f"{os.getloadavg()[0]:.2f}" if hasattr(os, "getloadavg") else ""]

    # 1. SMAA-2 (acceptabilities + central weights + confidence) -----------------------------------
    smaa(x, w[: min(N, 2048)], t, method="topsis", pairwise=False)            # warm-up
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        res = smaa(x, w, t, method="topsis", pairwise=False)
        times.append(time.perf_counter() - t0)
    t_ours = min(times)
    n_def = int(np.isfinite(res.central_weights[:, 0]).sum())
    label = f"SMAA-2 TOPSIS, N={N:,} x {n:,} x {m}"
    rows.append((label, "mkba.sensitivity.smaa", fmt_t(t_ours), f"best of 3 (median {fmt_t(float(np.median(times)))})"))
    for validation, subset in ((True, subset_on), (False, subset_off)):
        t0 = time.perf_counter()
        counts, _ = pymcdm_loop(x, w[:subset], t, validation)
        t_loop = (time.perf_counter() - t0) * N / subset
        t0 = time.perf_counter()
        pymcdm_confidence(x, res.central_weights[np.isfinite(res.central_weights[:, 0])][:subset], t, validation)
        t_conf = (time.perf_counter() - t0) * n_def / max(1, min(subset, n_def))
        total = t_loop + t_conf
        rows.append((label, f"pymcdm loop, validation={'on (default)' if validation else 'off'}", fmt_t(total),
                     f"extrapolated from {subset} samples (+ {n_def} confidence calls); mkba {total / t_ours:,.0f}x "
                     "faster"))
    # agreement on the subset (rank acceptabilities of the first samples)
    sub = smaa(x, w[:subset_off], t, method="topsis", pairwise=False, confidence=False)
    counts, _ = pymcdm_loop(x, w[:subset_off], t, False)
    agree = np.abs(sub.rank_acceptability - counts / subset_off).max()
    notes.append(f"largest |difference| of the rank acceptabilities on the first {subset_off} samples, mkba vs the "
                 f"pymcdm loop: {agree:.1e}")

    # 2. pairwise winning indices -----------------------------------------------------------------
    n_pw = 1_000 if quick else 2_000
    t0 = time.perf_counter()
    smaa(x, w[:n_pw], t, method="topsis", pairwise=True, confidence=False)
    t_pw = time.perf_counter() - t0
    t_nopw = min(times) * n_pw / N
    rows.append((f"+ pairwise winning, {n:,} x {n:,}", "mkba (O(N n^2))", fmt_t((t_pw - t_nopw) * N / n_pw),
                 f"extrapolated from {n_pw:,} samples"))

    # 3. peak memory at many samples -------------------------------------------------------------
    xm = x[:n_mem]
    stream = uniform_simplex(m, N_mem, seed=7)
    tracemalloc.start()
    t0 = time.perf_counter()
    big = smaa(xm, stream, t, method="topsis", pairwise=False)
    t_mem = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    full = N_mem * m * 8 + N_mem * n_mem * 8
    rows.append((f"SMAA-2 TOPSIS, N={N_mem:,} x {n_mem:,} x {m}", f"mkba, streamed, block {DEFAULT_BLOCK}",
                 f"{peak / 2**20:.0f} MiB peak", f"{fmt_t(t_mem)}; all weights + scores at once would be "
                                                  f"{full / 2**30:.1f} GiB"))
    assert abs(big.rank_acceptability.sum(axis=1) - 1).max() < 1e-9

    # 4. sampled values (uncertain effects): confidence factors re-simulated over every value sample --
    ns, ms, Ns = (60, 8, 2_000) if quick else (100, 8, 10_000)
    base = rng.uniform(1.0, 10.0, size=(ns, ms))
    xs = base[None] * rng.uniform(0.7, 1.3, size=(Ns, ns, ms))
    ts = np.ones(ms)
    ws = uniform_simplex(ms, Ns, seed=43).array()
    t0 = time.perf_counter()
    smaa(xs, ws, ts, method="topsis", pairwise=False, confidence=False)
    t_main = time.perf_counter() - t0
    t0 = time.perf_counter()
    res_s = smaa(xs, ws, ts, method="topsis", pairwise=False)
    t_all = time.perf_counter() - t0
    defined = np.flatnonzero(np.isfinite(res_s.central_weights[:, 0]))
    label = f"SMAA-2 TOPSIS, sampled values, N={Ns:,} x {ns} x {ms}"
    rows.append((label, "mkba.sensitivity.smaa", fmt_t(t_all),
                 f"{fmt_t(t_main)} without the confidence factors; {defined.size} measures ever first, each "
                 "re-scored over all value samples at its central weights (block prepared once)"))
    k = 50 if quick else 100
    t0 = time.perf_counter()
    for j in range(k):
        s_ = pm.TOPSIS()(xs[j], ws[j], ts, validation=False)
        rrankdata(s_)
    t_loop = (time.perf_counter() - t0) * Ns / k
    t0 = time.perf_counter()
    for j in range(k):
        pm.TOPSIS()(xs[j], res_s.central_weights[defined[j % defined.size]], ts, validation=False)
    t_conf = (time.perf_counter() - t0) * Ns * defined.size / k
    rows.append((label, "pymcdm loop, validation=off", fmt_t(t_loop + t_conf),
                 f"extrapolated from {k} samples (+ {k} of the {Ns * defined.size:,} confidence calls); "
                 f"mkba {(t_loop + t_conf) / t_all:,.0f}x faster"))

    if args.methods:
        rows += method_rows(xs[:500 if quick else 2_000], ws, ts)

    widths = [max(len(r[i]) for r in rows + [("case", "implementation", "time / memory", "note")]) for i in range(4)]
    head = ("case", "implementation", "time / memory", "note")
    print(" | ".join(h.ljust(wd) for h, wd in zip(head, widths)))
    print("-+-".join("-" * wd for wd in widths))
    for r in rows:
        print(" | ".join(c.ljust(wd) for c, wd in zip(r, widths)))
    for note in notes:
        if note:
            print(f"note: {note}")


if __name__ == "__main__":
    main()
