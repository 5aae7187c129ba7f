"""Variants that differ only in the seed share the work of a run without sensitivity (issue 24 item 3),
with the bytes of running each on its own."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from mkba.batch import apply_overrides, expand, parse_vary, run_variant
from mkba.batch import worker
from mkba.batch.worker import pack_scenario, run_packed
from mkba.io.scenario import read_scenario
from mkba.pipeline import run
from mkba.writers import write_run

pytest.importorskip("distributed", reason="dask.distributed is a declared dependency")


def folder_bytes(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("sensitivity", [False, True])
def test_seed_variants_share_a_run_and_write_the_bytes_of_separate_runs(mini_path, tmp_path, monkeypatch, sensitivity):
    scenario = read_scenario(mini_path)
    variants = expand([("mini", scenario)], [parse_vary("seed=3,4,5"), parse_vary("budget=1e6,4e6")])
    blob = pack_scenario(scenario)
    calls = []
    real = worker.run

    def counted(*args, **kwargs):
        calls.append(kwargs.get("seed"))
        return real(*args, **kwargs)

    monkeypatch.setattr(worker, "run", counted)
    monkeypatch.setattr(worker, "_SHARED", {})
    rows = [run_packed(blob, (v.index, v.stem, v.overrides, v.seed), str(tmp_path / "shared"),
                       sensitivity=sensitivity, reports=False) for v in variants]
    assert [r["status"] for r in rows] == ["done"] * 6
    # without sensitivity one run per budget, the other seeds share it; with sensitivity every variant runs
    assert len(calls) == (6 if sensitivity else 2)
    monkeypatch.setattr(worker, "run", real)
    monkeypatch.setattr(worker, "_SHARED", {})
    for v in variants:  # each on its own, in a fresh process's way: a fresh copy, the pipeline directly
        fresh = pickle.loads(pickle.dumps(v))
        r = run(apply_overrides(fresh.scenario, fresh.overrides), seed=fresh.seed, sensitivity=sensitivity)
        row = worker._summary_row(fresh, r)
        write_run(r, tmp_path / "alone" / fresh.folder, extra={worker.VARIANT_FILE: worker.to_json(row)}, reports=())
    assert folder_bytes(tmp_path / "shared") == folder_bytes(tmp_path / "alone")
    seeds = {v.folder: v.seed for v in variants}
    for folder, seed in seeds.items():  # each variant's own seed in its provenance
        assert f'"seed": {seed}' in (tmp_path / "shared" / folder / "results.json").read_text()


def test_run_variant_without_sharing_still_works(mini_path, tmp_path):
    scenario = read_scenario(mini_path)
    (v,) = expand([("mini", scenario)], [parse_vary("seed=9")])
    row = run_variant(v, str(tmp_path), sensitivity=False, reports=False)
    assert row["status"] == "done" and row["seed"] == v.seed and ("seed", 9) in v.overrides
