"""A batch writes each variant's full report, as ``mkba run`` writes it (issue 16, item 6), unless
switched off, and the comparison links to those reports with links that work wherever the batch
folder is moved."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest

from mkba.batch import apply_overrides, expand, parse_vary, run_many
from mkba.cli import main
from mkba.io.scenario import read_scenario
from mkba.pipeline import run
from mkba.report.i18n import catalogue
from mkba.writers import MANIFEST, read_manifest, strangers, write_run

distributed = pytest.importorskip("distributed", reason="dask.distributed is a declared dependency")

REPORTS = ("report.html", "report.md", "report.xlsx")
VARY = ["method=topsis,vikor"]


@pytest.fixture(scope="module")
def with_reports(tmp_path_factory, client2):
    """mini under two methods, with the default reports; plus one invalid variant (no folder, no link)."""
    out = tmp_path_factory.mktemp("reports") / "batch"
    mini = Path(__file__).resolve().parents[1] / "data" / "mini" / "scenario.yaml"
    batch = run_many([mini], out=out, vary=["method=topsis,vikor,copras"], client=client2, sensitivity=False)
    assert batch.counts == {"done": 2, "invalid": 1}
    return out, batch, mini


def hrefs(page: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'<a href="([^"]+)"', page)]


def test_each_variant_folder_has_the_reports_mkba_run_writes(with_reports, tmp_path):
    out, batch, mini = with_reports
    for row in batch.rows:
        if row["status"] != "done":
            continue
        folder = out / row["folder"]
        assert all((folder / name).is_file() for name in REPORTS)
        assert set(REPORTS) <= set(read_manifest(folder).files) and list(strangers(folder)) == []  # type: ignore[union-attr]
        (variant,) = [v for v in expand([("mini", read_scenario(mini))], [parse_vary(VARY[0] + ",copras")])
                      if v.index == row["index"]]
        alone = write_run(run(apply_overrides(variant.scenario, variant.overrides), seed=variant.seed,
                              sensitivity=False), tmp_path / row["folder"])
        for name in REPORTS:  # the same bytes as `mkba run` of that variant
            assert (folder / name).read_bytes() == (alone / name).read_bytes(), name


def test_the_comparison_links_each_variants_reports_relatively(with_reports):
    out, batch, _ = with_reports
    page = (out / "comparison.html").read_text(encoding="utf-8")
    links = hrefs(page)
    done = [r["folder"] for r in batch.rows if r["status"] == "done"]
    assert sorted(links) == sorted(f"{f}/{name}" for f in done for name in REPORTS)
    assert all(not h.startswith(("/", "file:", "http")) and ".." not in h for h in links)
    assert f'scope="col">{catalogue("en")("report.subtitle")}</th>' in page  # the column's label; mini is English
    md = (out / "comparison.md").read_text(encoding="utf-8")
    assert sorted(re.findall(r"\]\(<([^>]+)>\)", md)) == sorted(links)
    assert f"[HTML](<{done[0]}/report.html>) · [Markdown](<{done[0]}/report.md>) · [Excel](<{done[0]}/report.xlsx>)" in md


def test_the_links_still_work_when_the_batch_folder_is_moved(with_reports, tmp_path):
    out, _, _ = with_reports
    moved = tmp_path / "elsewhere" / "renamed"
    shutil.copytree(out, moved)
    links = hrefs((moved / "comparison.html").read_text(encoding="utf-8"))
    assert links and all((moved / h).is_file() for h in links)
    assert all((moved / h).read_bytes() == (out / h).read_bytes() for h in links)


def test_reports_switched_off_write_none_and_the_comparison_links_none(tmp_path, client2, mini_path):
    batch = run_many([mini_path], out=tmp_path / "out", vary=VARY, client=client2, sensitivity=False, reports=False)
    assert batch.counts == {"done": 2}
    for row in batch.rows:
        folder = tmp_path / "out" / row["folder"]
        assert not [name for name in REPORTS if (folder / name).exists()]
        assert (folder / "results.json").is_file() and (folder / MANIFEST).is_file()
    page = (tmp_path / "out" / "comparison.html").read_text(encoding="utf-8")
    assert hrefs(page) == [] and f'scope="col">{catalogue("en")("report.subtitle")}</th>' not in page


def test_resume_with_reports_after_a_batch_without_them_keeps_the_variants(tmp_path, client2, mini_path):
    """Resume skips complete variants as they are: the comparison links only the reports there are."""
    out = tmp_path / "out"
    run_many([mini_path], out=out, vary=["method=topsis"], client=client2, sensitivity=False, reports=False)
    again = run_many([mini_path], out=out, vary=VARY, client=client2, sensitivity=False)
    assert sorted(r["status"] for r in again.rows) == ["done", "skipped"]
    new = next(r["folder"] for r in again.rows if r["status"] == "done")
    assert sorted(hrefs((out / "comparison.html").read_text(encoding="utf-8"))) == sorted(
        f"{new}/{name}" for name in REPORTS)


def test_cli_no_report_flag(tmp_path, client2, mini_path, capsys):
    address = client2.scheduler.address
    out = tmp_path / "out"
    code = main(["batch", str(mini_path), "--out", str(out), "--scheduler", address, "--no-sensitivity",
                 "--no-report", "--vary", "method=topsis"])
    assert code == 0, capsys.readouterr().err
    (folder,) = [p for p in out.iterdir() if p.is_dir()]
    assert not (folder / "report.html").exists() and (folder / "results.json").is_file()
    code = main(["batch", str(mini_path), "--out", str(tmp_path / "with"), "--scheduler", address,
                 "--no-sensitivity", "--vary", "method=topsis"])
    assert code == 0
    (folder,) = [p for p in (tmp_path / "with").iterdir() if p.is_dir()]
    assert all((folder / name).is_file() for name in REPORTS)
