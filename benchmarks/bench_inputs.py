"""Benchmark reading hostile and large inputs (issue 18): GeoJSON feature location and a long longlist.

Run: ``python benchmarks/bench_inputs.py [--quick]``. Prints one table of wall-clock seconds:

- ``read_features`` on a FeatureCollection of 40,000 and 200,000 small polygons written one
  feature per line (a QGIS building layer): locating each feature's line was quadratic before
  (``text.count`` from the start of the file per feature), one pass now;
- ``check_scenario`` (the files and the dry run of appraise -> build -> weigh) of a scenario whose
  CSV longlist holds 334,301 measures (about 50 MB, the probe's file).

``--quick`` uses 4,000/20,000 features and 20,000 measures. The files are written to a temporary
folder; nothing is kept.

Measured 2026-12-07 on the shared two-core session machine under a load average of 11-19 (other
jobs running; absolute seconds are inflated, the ratios are what counts), before = d07fc7f:

=============================================  ============  =========
case                                           before (s)    after (s)
=============================================  ============  =========
read_features, 40,000 features (8 MB)         535.0         10.2
read_features, 200,000 features (42 MB)        > 965 (cut)   65.0
check_scenario, 334,301 measures (46 MB CSV)   128.1         88.6
=============================================  ============  =========

Of the 65 s at 200,000 features, locating the lines took 6.2 s (1.2 s at 40,000: linear); the rest
is json.loads and the depth check under that load. The longlist's validation is not slower (the
reading changes cost nothing measurable beside the noise of the machine).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mkba.io.geojson import read_features  # noqa: E402
from mkba.stages.check import check_scenario  # noqa: E402

SCENARIO = """name: Longlist
language: en
appraisal: {price_year: 2025, start_year: 2026, horizon: 10, discount: 0.03}
method: {name: topsis}
criteria:
  - {id: co2, name: CO2 reduction, unit: t/year, direction: benefit, theme: energy, shadow_price: 100}
  - {id: liveability, name: Liveability, unit: score 0-10, direction: benefit, theme: liveability}
  - {id: nuisance, name: Nuisance during works, unit: score 0-10, direction: cost, theme: liveability}
stakeholders:
  - {id: municipality, name: Municipality, influence: 2, weights: {npv: 0.5, liveability: 0.3, nuisance: 0.2}}
  - {id: residents, name: Residents, influence: 1, ranking: [liveability, [nuisance, npv]]}
measures: measures.csv
"""
HEADER = "id,name,theme,start_year,investment,running_cost,lifetime,payer,receivers,transfers,co2,liveability,nuisance\n"


def geojson(path: Path, n: int) -> None:
    """``n`` square polygons, one feature per line, as QGIS writes a layer."""
    lines = ['{"type": "FeatureCollection", "features": [']
    for k in range(n):
        x, y = 200_000 + (k % 500) * 20, 500_000 + (k // 500) * 20
        ring = [[x, y], [x + 10, y], [x + 10, y + 10], [x, y + 10], [x, y]]
        lines.append(json.dumps({"type": "Feature", "properties": {"id": f"B{k}", "height": 9.5},
                                 "geometry": {"type": "Polygon", "coordinates": [ring]}})
                     + ("," if k < n - 1 else ""))
    lines.append("]}")
    path.write_text("\n".join(lines), encoding="utf-8")


def longlist(folder: Path, n: int) -> Path:
    """A scenario with an ``n``-row CSV longlist (about 150 bytes a row)."""
    (folder / "scenario.yaml").write_text(SCENARIO, encoding="utf-8")
    with open(folder / "measures.csv", "w", encoding="utf-8") as out:
        out.write(HEADER)
        for k in range(n):
            out.write(f"M{k:06d},Measure {k} in the longlist of the region: insulation and heat,"
                      f"{'energy' if k % 2 else 'liveability'},2026,{1000 + k % 997},{10 + k % 13},{5 + k % 20},"
                      f"municipality:1,residents:1,,{k % 7}|{k % 7 + 1}|{k % 7 + 3},{k % 5},{k % 3}\n")
    return folder / "scenario.yaml"


def timed(func) -> tuple[float, object]:
    t0 = time.perf_counter()
    result = func()
    return time.perf_counter() - t0, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller files")
    parser.add_argument("--features", type=int, nargs="*", default=None, help="feature counts (default 40000 200000)")
    parser.add_argument("--measures", type=int, default=None, help="longlist rows (default 334301; 0: skip)")
    args = parser.parse_args()
    features = args.features if args.features is not None else (4_000, 20_000) if args.quick else (40_000, 200_000)
    measures = args.measures if args.measures is not None else 20_000 if args.quick else 334_301
    rows: list[tuple[str, float]] = []
    width = 48
    print(f"{'case':<{width}}  {'seconds':>8}", flush=True)

    def row(name: str, seconds: float) -> None:  # printed as measured: a slow case still shows the others
        rows.append((name, seconds))
        print(f"{name:<{width}}  {seconds:>8.2f}", flush=True)

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for n in features:
            path = folder / f"buildings-{n}.geojson"
            geojson(path, n)
            seconds, (found, _, issues) = timed(lambda: read_features(path, path.name))
            assert len(found) == n and not issues and found[-1].line == n + 1
            row(f"read_features, {n:,} features ({path.stat().st_size / 1e6:.0f} MB)", seconds)
        if measures:
            scenario = longlist(folder, measures)
            size = (folder / "measures.csv").stat().st_size / 1e6
            seconds, (result, issues) = timed(lambda: check_scenario(scenario))
            errors = [i for i in issues if i.severity == "error"]
            assert result is not None and not errors, errors[:3]
            row(f"check_scenario, {measures:,} measures ({size:.0f} MB CSV)", seconds)


if __name__ == "__main__":
    main()
