"""One variant, run where a Dask worker runs it: the pipeline, its folder written atomically, and the
summary row; a bad variant becomes a row (invalid or failed), never a lost batch."""

from __future__ import annotations

import os
import pickle
import traceback
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..errors import ScenarioError
from ..pipeline import Run, run
from ..stages.provenance import capture
from ..writers import REPORT_FORMATS, to_json, write_run
from ..model import Scenario
from .variants import Variant, apply_overrides


VARIANT_FILE = "variant.json"


def _summary_row(variant: Variant, run) -> dict:
    s = run.scores
    order = s.order("group")
    top = order[:3]
    a = run.appraisal
    row = {
        "index": variant.index, "scenario": variant.stem, "key": variant.key, "folder": variant.folder,
        "input_hash": variant.input_hash, "seed": variant.seed, "status": "done", "error": "",
        "method": run.scenario.method.name, "discount": str(run.scenario.appraisal.discount),
        "measures": len(a.measures), "pv_costs_total": float(a.pv_costs.sum()),
        "npv_total": float(a.npv.sum()), "npv_positive": int((a.npv > 0).sum()),
        "top_1": top[0] if len(top) > 0 else "", "top_2": top[1] if len(top) > 1 else "",
        "top_3": top[2] if len(top) > 2 else "",
        "group_ranking": " ".join(order),
        # the rank of each measure of group_ranking, in that order (its ranks sorted): tied measures share a rank
        "group_ranks": " ".join(str(int(r)) for r in np.sort(s.ranks[s.labels.index("group")])),
    }
    chosen = run.portfolio
    if chosen is not None:
        p = chosen.portfolio
        row.update({
            "budget": chosen.problem.budget_total if np.isfinite(chosen.problem.budget_total) else None,
            "portfolio_status": p.status, "portfolio_objective": chosen.objective,
            "portfolio_value": p.objective if p.has_solution else None,
            "portfolio_spend": p.spend if p.has_solution else None,
            "portfolio_cost_pv": chosen.pv_cost(p.selected) if p.has_solution else None,
            "portfolio_measures": " ".join(p.selected),
            "greedy_value": p.greedy.value if p.greedy is not None else None,
            # benefit/cost greedy ignores the rules beyond the budget: its value can exceed the
            # optimum only by breaking one, which this column shows
            "greedy_feasible": p.greedy.feasible if p.greedy is not None else None,
        })
    if run.ambitions is not None:  # each shared ambition: met by the package (issue 19; --vary ambitions.<id>.target)
        row.update({f"met:{i.ambition.id}": i.met for i in run.ambitions.items})
    robust = run.sensitivity.robustness if run.sensitivity is not None else None
    if robust is not None and robust.status in ("optimal", "time_limit"):
        row.update({f"core:{m}": float(v) for m, v in zip(robust.ids, robust.core_index)})
    row.update({f"vary:{p}": v for p, v in variant.overrides})
    return row


def run_variant(variant: Variant, out_root: str | None = None, sensitivity: bool | None = None,
                reports: bool = True) -> dict:
    """Run one variant and, with ``out_root``, write its folder atomically (with its reports unless
    ``reports`` is False, in the scenario's language); returns its summary row.

    Input problems become a row with status ``invalid``; any other error a row with status
    ``failed``: a batch goes on past a bad variant.
    """

    base = {"index": variant.index, "scenario": variant.stem, "key": variant.key, "folder": variant.folder,
            "input_hash": variant.input_hash, "seed": variant.seed}
    try:
        scenario = apply_overrides(variant.scenario, variant.overrides)
        result = shared_run(variant, scenario, sensitivity)
        row = _summary_row(variant, result)
        if out_root is not None:
            write_run(result, Path(out_root) / variant.folder, extra={VARIANT_FILE: to_json(row)},
                      reports=REPORT_FORMATS if reports else ())
        return row
    except ScenarioError as err:
        return {**base, "status": "invalid", "error": str(err)}
    except Exception as err:  # noqa: BLE001 - recorded in the summary, the batch goes on
        return {**base, "status": "failed", "error": f"{type(err).__name__}: {err}",
                "traceback": traceback.format_exc(limit=5)}


SEED_ONLY = ("seed",)
"""Settings that change nothing a run without sensitivity computes, only the seed its provenance records."""

SHARE_ENV = "MKBA_BATCH_SHARE"
"""Environment switch: ``0`` runs every variant on its own (the old way, for benchmarks/bench_batch.py)."""

_SHARED: dict[tuple, tuple[Scenario, Run]] = {}  # per worker process: the last run per inputs without the seed
_SHARED_MAX = 16


def shared_run(variant: Variant, scenario: Scenario, sensitivity: bool | None = None) -> Run:
    """``run(scenario, seed=variant.seed, sensitivity=...)``, with the work shared between variants that
    differ only in the seed when nothing random runs (no sensitivity): the stages are computed once per
    worker process and each variant gets its own scenario and provenance (the seed is the only input
    that differs, and without sampling it enters nothing else). With sensitivity every variant runs."""
    stressed = scenario.sensitivity.enabled if sensitivity is None else sensitivity
    if stressed or os.environ.get(SHARE_ENV, "1") == "0":
        return run(scenario, seed=variant.seed, sensitivity=sensitivity)
    key = (id(variant.scenario), tuple((p, repr(v)) for p, v in variant.overrides if p not in SEED_ONLY), sensitivity)
    hit = _SHARED.get(key)
    if hit is None or hit[0] is not variant.scenario:  # (the base scenario object itself: ids are reused)
        done = run(scenario, seed=variant.seed, sensitivity=sensitivity)
        if len(_SHARED) >= _SHARED_MAX:
            _SHARED.pop(next(iter(_SHARED)))
        _SHARED[key] = (variant.scenario, done)
        return done
    done = hit[1]
    chosen = done.portfolio
    return replace(done, scenario=scenario, provenance=capture(
        scenario, seed=variant.seed, portfolio=chosen.portfolio if chosen is not None else None))


def pack_scenario(scenario: Scenario) -> bytes:
    """The scenario as pickle bytes, made once per scenario on the client.

    A task that carries a :class:`Variant` makes Dask pickle and unpickle the whole scenario
    object graph for every variant (client, scheduler and worker: about 10 ms of CPU per variant,
    more with geometry); bytes pass through almost for free and are unpickled once per worker
    process by :func:`unpack_scenario`.
    """
    try:
        return pickle.dumps(scenario, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - e.g. a scenario built in Python holding a lambda
        import cloudpickle

        return cloudpickle.dumps(scenario, protocol=pickle.HIGHEST_PROTOCOL)


@lru_cache(maxsize=8)
def unpack_scenario(blob: bytes) -> Scenario:
    """The scenario of :func:`pack_scenario`'s bytes, unpickled once per worker process and shared by its
    variants, as in a plain loop (a Scenario is frozen and no stage changes it)."""
    return pickle.loads(blob)  # noqa: S301 - bytes made by pack_scenario in this batch


def run_packed(blob: bytes, spec: tuple, out_root: str | None = None, sensitivity: bool | None = None,
               reports: bool = True) -> dict:
    """:func:`run_variant` for a task: the scenario as :func:`pack_scenario` bytes, the rest of the variant
    as ``(index, stem, overrides, seed)``."""
    index, stem, overrides, seed = spec
    return run_variant(Variant(index, stem, unpack_scenario(blob), overrides, seed), out_root, sensitivity, reports)
