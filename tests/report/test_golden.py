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


@pytest.mark.slow
def test_goldens_hold_no_version_strings(golden):
    import json

    from mkba.writers import to_json
    from mkba.pipeline import run

    prov = json.loads(to_json(run(golden.SCENARIO).to_dict()))["provenance"]
    text = (golden.GOLDEN / "kraaihoek.md").read_text(encoding="utf-8")
    for version in prov.get("dependencies", {}).values():
        assert f"| {version} |" not in text
    assert "&lt;version&gt;" in text


def _nudged(value):
    """``value`` with every float moved by one unit in the last place (up, or down for odd positions),
    as a LAPACK or numpy upgrade moves a computed number."""
    import math

    import numpy as np

    if isinstance(value, dict):
        return {k: _nudged(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_nudged(v) for v in value]
    if isinstance(value, float) and math.isfinite(value) and value != 0.0:
        return float(np.nextafter(value, math.inf if hash(value) % 2 else -math.inf))
    return value


@pytest.mark.slow
def test_goldens_survive_a_last_digit_change_of_every_number(golden):
    """Every float of the run moved by 1 ulp before it is written (what a dependency upgrade does):
    results.json's text and both reports stay byte-identical to the goldens, because numbers are
    written rounded to 12 significant digits (mkba.io.canonical)."""
    import json

    from mkba.writers import to_json
    from mkba.pipeline import run

    raw = json.loads(json.dumps(run(golden.SCENARIO).to_dict(), default=lambda a: a.tolist()))  # full floats
    nudged = _nudged(raw)
    assert nudged != raw  # the nudge changed numbers ...
    nudged_text = to_json(nudged)
    assert nudged_text == to_json(raw)  # ... and none of them shows in results.json
    results = golden.normalise_versions(json.loads(nudged_text))
    for fmt in ("html", "md"):
        assert render(results, fmt) == (golden.GOLDEN / golden.FORMATS[fmt]).read_bytes(), fmt
