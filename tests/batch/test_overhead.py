"""The batch machinery's shortcuts change no result: the scenario travels to the workers as bytes,
is unpickled once per worker process and shared by its variants; the embedded cluster runs
without the Dask worker profiler."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from mkba.batch import expand, parse_vary, run_variant
from mkba.batch.worker import pack_scenario, run_packed, unpack_scenario
from mkba.io.scenario import read_scenario

distributed = pytest.importorskip("distributed", reason="dask.distributed is a declared dependency")


def folder_bytes(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_packed_scenario_is_unpickled_once_per_process(mini_path):
    scenario = read_scenario(mini_path)
    blob = pack_scenario(scenario)
    first = unpack_scenario(blob)
    assert first == scenario and first is not scenario
    assert unpack_scenario(bytes(bytearray(blob))) is first  # an equal blob in a later task: the same object


def test_variants_sharing_one_scenario_write_the_same_bytes_as_on_fresh_copies(mini_path, tmp_path):
    """What each worker now does (one unpickled scenario for all its variants, sensitivity and
    portfolio included) gives the bytes of the former way (a fresh copy per variant), and leaves
    the shared scenario unchanged."""
    scenario = read_scenario(mini_path)
    variants = expand([("mini", scenario)], [parse_vary("method=topsis,vikor"), parse_vary("budget=1e6,4e6")],
                      seed=7)
    blob = pack_scenario(scenario)
    shared = unpack_scenario(blob)
    rows_shared = [run_packed(blob, (v.index, v.stem, v.overrides, v.seed), str(tmp_path / "shared"))
                   for v in variants]
    rows_fresh = [run_variant(pickle.loads(pickle.dumps(v)), str(tmp_path / "fresh")) for v in variants]
    assert [r["status"] for r in rows_shared] == ["done"] * 4
    assert rows_shared == rows_fresh
    assert folder_bytes(tmp_path / "shared") == folder_bytes(tmp_path / "fresh")
    assert pack_scenario(shared) == blob  # no stage changed the shared scenario


def test_embedded_cluster_runs_without_the_worker_profiler():
    from distributed import Client

    from mkba.batch.run import local_cluster

    with local_cluster(1) as cluster, Client(cluster) as client:
        import dask

        flags = client.run(lambda: dask.config.get("distributed.worker.profile.enabled"))
    assert list(flags.values()) == [False]
