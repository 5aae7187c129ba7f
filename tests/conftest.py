"""Shared fixtures: the bundled scenarios and a small hand-checkable one."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

# The default test run is deterministic: hypothesis draws the same examples on every machine, so
# a red CI means a real regression. Explore new examples with HYPOTHESIS_PROFILE=explore (random
# draws, more examples); what fails there is kept in .hypothesis/ and replayed by the default run.
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
def mini_path() -> Path:
    return MINI / "scenario.yaml"
