"""Regenerate the report golden files (and, with --screenshot, docs/report-screenshot.png).

Run only on purpose, after checking that a change to the report is intended:

    python scripts/regenerate_golden.py [--screenshot]

The goldens are the HTML and Markdown reports of the bundled Kraaihoek scenario, rendered from
its results.json with the version strings of the provenance replaced by placeholders
(:func:`normalise_versions`), so a dependency upgrade does not change them. The golden test
(tests/report/test_golden.py) imports :func:`golden_results` from this file.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "kraaihoek" / "scenario.yaml"
GOLDEN = ROOT / "tests" / "golden" / "report"
SCREENSHOT = ROOT / "docs" / "report-screenshot.png"
FORMATS = {"html": "kraaihoek.html", "md": "kraaihoek.md"}
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--hide-scrollbars")


def normalise_versions(results: dict) -> dict:
    """A copy of ``results`` whose provenance versions (mkba, Python, dependencies) are placeholders."""
    out = json.loads(json.dumps(results))
    prov = out.get("provenance") or {}
    if "mkba" in prov:
        prov["mkba"] = "<mkba-version>"
    if "python" in prov:
        prov["python"] = "<python-version>"
    if isinstance(prov.get("dependencies"), dict):
        prov["dependencies"] = {name: "<version>" for name in prov["dependencies"]}
    return out


def golden_results() -> dict:
    """The Kraaihoek results as results.json holds them, versions normalised."""
    from mkba.writers import to_json
    from mkba.pipeline import run

    return normalise_versions(json.loads(to_json(run(SCENARIO).to_dict())))


def screenshot(html: bytes, target: Path = SCREENSHOT) -> None:
    """A PNG of the top of the HTML report, by headless Chromium."""
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        raise SystemExit("no chromium on PATH: apt-get install -y chromium chromium-driver")
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "report.html"
        page.write_bytes(html)
        subprocess.run([binary, *CHROMIUM_FLAGS, f"--user-data-dir={tmp}/profile", "--window-size=1280,2400",
                        f"--screenshot={target}", page.as_uri()], check=True, capture_output=True, timeout=120)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--screenshot", action="store_true", help="also refresh docs/report-screenshot.png")
    args = parser.parse_args(argv)
    from mkba.report import render

    results = golden_results()
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for fmt, name in FORMATS.items():
        (GOLDEN / name).write_bytes(render(results, fmt))
        print(f"wrote {GOLDEN / name}")
    if args.screenshot:
        screenshot(render(results, "html"))
        print(f"wrote {SCREENSHOT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
