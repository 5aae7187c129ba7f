"""Reports for the steering group, rendered from ``results.json`` alone: HTML, Markdown, Excel.

Public API
----------
- :func:`render` ``(results, fmt, *, lang=None) -> bytes``: one report ("html", "md" or "xlsx")
- :func:`write_reports` ``(out_dir, *, formats=("html", "md", "xlsx"), lang=None) -> list[Path]``:
  reads ``out_dir/results.json`` and writes ``report.html``, ``report.md``, ``report.xlsx``

The results are checked once against the results format (:func:`mkba.results.load`, described in
docs/results-format.md): a missing or renamed field, or a file of another format version, stops
with a :class:`mkba.results.ResultsFormatError` naming it instead of showing "–" in the report.
The report opens with the decision proposal (:mod:`.decision`: the package, its budgets, the
top-ranked measures left out and why, the package's MKBA tables). Every table comes from
:mod:`.decision`, :mod:`.tables` and :mod:`.plan_tables` (one source for all formats), which
read the results through :mod:`.facts` (each figure computed once, e.g. the package through
:func:`.facts.package_view`) and phrase them with :mod:`.sentences`; :mod:`.figures`,
:mod:`.mapfig` and :mod:`.planfig` draw the charts with the SVG toolkit :mod:`.svg`; :mod:`.i18n`
holds the Dutch and English labels and number formats. The same results give byte-identical files:
nothing depends on the clock, the host or random state.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Iterable

from ..results import Results, ResultsFormatError, load, read
from . import tables
from .excel import render_xlsx
from .html import render_html
from .i18n import LANGUAGES
from .markdown import render_markdown

__all__ = ["render", "render_all", "write_reports", "FORMATS", "FILE_NAMES", "LANGUAGES", "ResultsFormatError"]

FORMATS = ("html", "md", "xlsx")
FILE_NAMES = {"html": "report.html", "md": "report.md", "xlsx": "report.xlsx"}


def render(results: dict | Results, fmt: str, *, lang: str | None = None) -> bytes:
    """One report as bytes.

    Parameters
    ----------
    results : dict
        The content of ``results.json`` (``json.loads`` of the file).
    fmt : {"html", "md", "xlsx"}
    lang : {"nl", "en"}, optional
        Default: ``results["scenario"]["language"]``.

    Raises
    ------
    ResultsFormatError
        When ``results`` does not match the results format (naming the field and the format version).
    ValueError
        For an unknown format or language, naming the valid ones.
    """
    return render_all(results, (fmt,), lang=lang)[fmt]


def render_all(results: dict | Results, formats: Iterable[str] = FORMATS, *,
               lang: str | None = None) -> dict[str, bytes]:
    """Several reports from one pass over the results: checked once, the tables built once.

    As :func:`render` for each of ``formats``; the same bytes, the work of one report shared.
    """
    checked = load(results)
    formats = tuple(formats)
    for fmt in formats:
        if fmt not in FORMATS:
            msg = f"unknown report format {fmt!r}; valid: {', '.join(FORMATS)}"
            raise ValueError(msg)
    report = tables.build(checked, lang)
    out: dict[str, bytes] = {}
    for fmt in formats:
        if fmt == "html":
            out[fmt] = render_html(checked, lang, report=report).encode("utf-8")
        elif fmt == "md":
            out[fmt] = render_markdown(checked, lang, report=report).encode("utf-8")
        else:
            out[fmt] = render_xlsx(checked, lang, report=report)
    return out


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_reports(out_dir: str | os.PathLike, *, formats: Iterable[str] = FORMATS,
                  lang: str | None = None) -> list[Path]:
    """Render the reports of ``out_dir/results.json`` into ``out_dir``, each file atomically.

    Every format is rendered before any file is written, so a failure leaves the folder as it was.

    Returns
    -------
    list of Path
        The files written, in the order of ``formats``.
    """
    out = Path(out_dir)
    results = read(out / "results.json")  # checked; a bad file is a ResultsFormatError naming it
    formats = tuple(formats)
    for fmt in formats:
        if fmt not in FORMATS:
            msg = f"unknown report format {fmt!r}; valid: {', '.join(FORMATS)}"
            raise ValueError(msg)
    rendered = render_all(results, formats, lang=lang)
    paths = []
    for fmt, data in rendered.items():
        path = out / FILE_NAMES[fmt]
        _write_atomic(path, data)
        paths.append(path)
    return paths
