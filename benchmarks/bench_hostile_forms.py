"""Time and memory of ``mkba collect`` on the probe's hostile returned forms (issue 18, item 3).

Run ``python benchmarks/bench_hostile_forms.py``. Builds, from an honest Kraaihoek ranking form,
with the builders of tests/reliability/test_forms_untrusted.py:

* ``ranges``: the description names ``A1:XFD1048576`` as the party cell and the question sheet's
  stored dimension claims the whole sheet (the probe's 15 KB form: 37 s, 3.6 GB, MemoryError);
* ``rows``: two million extra rows on the question sheet (the probe: 48 s, 1 GB);
* ``rows-small``: 600,000 extra rows, under the size limits, so the reader streams the sheet;
* ``no-dimension``: the worst within the limits: three sheets lose their stored ``<dimension>``
  (openpyxl then reads each to its end when the workbook opens) and get 25 MiB of rows each;
* ``party``: the party cell changed to another party (the probe: accepted);
* ``honest``: the form as filled in.

Each is collected by :func:`mkba.survey.gather` in a fresh process; the script prints the wall
time, the peak resident memory of that process (VmHWM, Linux; it includes importing mkba and
reading the scenario, about 160 MB) and the outcome. No asserts.
"""

from __future__ import annotations

import importlib.util
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

_spec = importlib.util.spec_from_file_location("hostile", ROOT / "tests/reliability/test_forms_untrusted.py")
assert _spec is not None and _spec.loader is not None
hostile = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(hostile)

_CHILD = """
import sys, time
from mkba.survey import gather
from mkba.errors import ScenarioError
start = time.perf_counter()
try:
    result = gather(sys.argv[1], [sys.argv[2]])
    outcome = "collected: " + ", ".join(r.stakeholder for r in result.results)
except ScenarioError as err:
    outcome = "refused: " + err.errors[0].message
except MemoryError:
    outcome = "MemoryError"
seconds = time.perf_counter() - start
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(f"{seconds:.2f}\\t{peak / 1024:.0f}\\t{outcome}")
"""


def build(kind: str, scenario: Path, folder: Path) -> Path:
    form = hostile.honest_form(scenario, folder)
    if kind == "ranges":
        hostile.with_huge_ranges(form)
    elif kind == "rows":
        hostile.with_rows(form, 2_000_000)
    elif kind == "rows-small":
        hostile.with_rows(form, 600_000)
    elif kind == "no-dimension":
        rows = "".join(f'<row r="{r}"><c r="A{r}"><v>1</v></c></row>' for r in range(1000, 560_000)).encode()
        for title in ("Instructions", "Criteria", hostile.SHEET):
            hostile.rewrite_part(form, hostile.part_of(form, title), lambda x: re.sub(
                rb'<dimension ref="[^"]*"\s*/>', b"", x).replace(b"</sheetData>", rows + b"</sheetData>"))
    elif kind == "party":
        from openpyxl import load_workbook

        wb = load_workbook(form)
        wb[hostile.SHEET]["C4"] = "corporatie"
        wb.save(form)
    return form


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        scenario = hostile.copy_scenario(Path(tmp) / "kraaihoek")
        print(f"{'form':<11} {'file bytes':>11} {'seconds':>8} {'peak MB':>8}  outcome")
        for kind in ("honest", "party", "ranges", "rows-small", "rows", "no-dimension"):
            form = build(kind, scenario, Path(tmp) / kind)
            started = time.perf_counter()
            done = subprocess.run([sys.executable, "-c", _CHILD, str(scenario), str(form)], capture_output=True,
                                  text=True, timeout=600)
            line = done.stdout.strip() or f"{time.perf_counter() - started:.2f}\t-\tfailed: {done.stderr[-200:]}"
            seconds, peak, outcome = line.split("\t", 2)
            print(f"{kind:<11} {form.stat().st_size:>11,} {seconds:>8} {peak:>8}  {outcome[:110]}")
    print(f"(this process: peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")


if __name__ == "__main__":
    main()
