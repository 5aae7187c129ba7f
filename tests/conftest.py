"""Shared fixtures: the bundled scenarios and a small hand-checkable one."""

from __future__ import annotations

import os
import shutil
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import settings

# The default test run is deterministic: hypothesis draws the same examples on every machine, so
# a red CI means a real regression. derandomize=True also switches the example database off, so the
# default run neither reads nor writes .hypothesis/. Explore new examples with
# HYPOTHESIS_PROFILE=explore (random draws, more examples): a failure found there is saved in
# .hypothesis/examples and replayed by the next explore run only; to keep it in the default run,
# add it to the test as an @example(...).
settings.register_profile("deterministic", derandomize=True)
settings.register_profile("explore", max_examples=500)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "deterministic"))

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "data" / "mini"
KRAAIHOEK = ROOT / "scenarios" / "kraaihoek" / "scenario.yaml"


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium over the DevTools pipe (:mod:`mkba.testing.chromium`), one per test module.
    Skips, with the reason, only when no Chromium binary is on PATH (CI installs it)."""
    from mkba.testing.chromium import chromium, find_chromium

    binary = find_chromium()
    if binary is None:
        pytest.skip("no Chromium on PATH: install the Debian packages chromium and chromium-driver")
    with chromium(binary) as b:
        yield b


@pytest.fixture
def mini_dir(tmp_path: Path) -> Path:
    """A writable copy of the mini scenario folder."""
    target = tmp_path / "mini"
    shutil.copytree(MINI, target)
    return target


@pytest.fixture
def mini_plus(mini_dir: Path):
    """Check the mini scenario with YAML text appended to its file: ``mini_plus(text)`` gives
    ``(scenario or None, issues)`` as :func:`mkba.io.scenario.check_scenario` does."""
    from mkba.io.scenario import check_scenario

    def check(extra: str) -> tuple:
        path = mini_dir / "scenario.yaml"
        path.write_text(path.read_text() + extra)
        return check_scenario(path)

    return check


@pytest.fixture
def mini_path() -> Path:
    return MINI / "scenario.yaml"


# -- what the reliability tests ran, printed at the end of every run (no -s needed) -----------------

RELIABILITY = pytest.StashKey[dict]()


def _client(workers: int):
    """A Client on mkba's own embedded cluster (:func:`mkba.batch.run.local_cluster`: loopback,
    single-threaded worker processes), the one ``mkba batch`` starts."""
    from distributed import Client

    from mkba.batch.run import local_cluster

    with local_cluster(workers) as cluster, Client(cluster) as client:
        yield client


@pytest.fixture(scope="module")
def client1():
    """A Dask client with one worker process, one per test module."""
    yield from _client(1)


@pytest.fixture(scope="module")
def client2():
    """A Dask client with two worker processes, one per test module."""
    yield from _client(2)


@pytest.fixture(scope="session")
def reliability_log(request) -> dict:
    """Where the reliability tests record what they ran, for :func:`pytest_terminal_summary`:
    ``fuzz`` maps a scenario to its case counts (``cases``, ``valid``, ``located``, ``traceback``,
    ``unlocated``, ``hang``, ``seconds``); ``notes`` is a list of lines (which full-disk path ran,
    the random-kill outcomes, the time-limit result). Each test records its own entry, so the
    summary does not depend on test order or on which tests were selected."""
    return request.config.stash.setdefault(RELIABILITY, {"fuzz": {}, "notes": []})


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    log = config.stash.get(RELIABILITY, None)
    if not log or not (log["fuzz"] or log["notes"]):
        return
    write = terminalreporter.write_line
    terminalreporter.section("reliability")
    fuzz = log["fuzz"]
    if fuzz:
        total = {k: sum(c.get(k, 0) for c in fuzz.values())
                 for k in ("cases", "valid", "located", "traceback", "unlocated", "hang", "seconds")}
        n = max(total["cases"], 1)
        write(f"fuzz: {total['cases']} cases over {len(fuzz)} scenarios, {total['valid'] / n:.0%} valid runs, "
              f"{total['located'] / n:.0%} located errors, {total['traceback']} tracebacks, "
              f"{total['unlocated']} unlocated errors, {total['hang']} hangs ({total['seconds']:.0f} s)")
        kinds: dict = {}
        for c in fuzz.values():
            for key, count in c.items():
                if ":" in key:
                    kind, outcome = key.split(":", 1)
                    kinds.setdefault(kind, Counter())[outcome] += count
        write("  by mutation: " + ", ".join(f"{kind} {sum(o.values())} ({o['valid']} valid)"
                                            for kind, o in sorted(kinds.items())))
        for name, c in sorted(fuzz.items()):
            k = max(c.get("cases", 0), 1)
            write(f"  {name}: {c.get('cases', 0)} cases, {c.get('valid', 0) / k:.0%} valid runs, "
                  f"{c.get('located', 0) / k:.0%} located errors ({c.get('seconds', 0):.1f} s)")
    for line in log["notes"]:
        write(line)


@pytest.fixture
def highs_stops_early(monkeypatch):
    """Every HiGHS session of mkba stops at its root node (``mip_max_nodes=0``), as a time limit stops it
    on a slow machine, but deterministically: time-limit behaviour is tested without a wall clock,
    so a busy or fast machine cannot change the outcome (issue 15). The limit given by the caller is
    still passed on and recorded."""
    from mkba.portfolio import backends

    init = backends.HighsSession.__init__

    def stopping(self, model, **kwargs):
        init(self, model, **{**kwargs, "options": {**(kwargs.get("options") or {}), "mip_max_nodes": 0}})

    monkeypatch.setattr(backends.HighsSession, "__init__", stopping)


def pytest_collection_modifyitems(config, items):
    """Tests that drive headless Chromium (the ``browser`` fixture) belong to the slow lane: a browser
    starts in seconds. The fast lane is ``python -m pytest -m "not slow"``."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)
