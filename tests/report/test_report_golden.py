"""Golden files: the Kraaihoek reports, byte for byte.

Regenerate only on purpose with ``python scripts/regenerate_golden.py`` (it normalises the
provenance versions so a dependency upgrade does not change the goldens).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from mkba.report import render

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "regenerate_golden.py"


def _script():
    spec = importlib.util.spec_from_file_location("regenerate_golden", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def golden():
    return _script()


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_kraaihoek_report_equals_the_golden_file(golden, fmt):
    expected = (golden.GOLDEN / golden.FORMATS[fmt]).read_bytes()
    actual = render(golden.golden_results(), fmt)
    assert actual == expected, (f"{golden.FORMATS[fmt]} differs from the golden file; if the change is intended, "
                                "run `python scripts/regenerate_golden.py` and review the diff")


def test_goldens_hold_no_version_strings(golden):
    import json

    from mkba.io.writers import to_json
    from mkba.pipeline import run

    prov = json.loads(to_json(run(golden.SCENARIO).to_dict()))["provenance"]
    text = (golden.GOLDEN / "kraaihoek.md").read_text(encoding="utf-8")
    for version in prov.get("dependencies", {}).values():
        assert f"| {version} |" not in text
    assert "&lt;version&gt;" in text
