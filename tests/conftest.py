"""Shared fixtures: the bundled scenarios and a small hand-checkable one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "data" / "mini"
KRAAIHOEK = ROOT / "scenarios" / "kraaihoek" / "scenario.yaml"


@pytest.fixture
def mini_dir(tmp_path: Path) -> Path:
    """A writable copy of the mini scenario folder."""
    target = tmp_path / "mini"
    shutil.copytree(MINI, target)
    return target


@pytest.fixture
def mini_path() -> Path:
    return MINI / "scenario.yaml"
