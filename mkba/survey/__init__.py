"""Survey round trip: forms per stakeholder out (``mkba survey``), returned forms in (``mkba collect``).

In the co-creation processes mkba serves, each party states its priorities itself (the shared
ambition, *gezamenlijke ambitiebepaling*). :func:`write_forms` writes one Excel workbook and one
self-contained HTML form per stakeholder (and respondent); :func:`collect` reads the returned
forms, aggregates the respondents within each stakeholder and writes a new scenario file with
their weights and a ``survey`` record.

Modules: :mod:`.design` (form content, pairwise design, Harker completion, Dirichlet fit, the
message catalogue), :mod:`.forms_xlsx`, :mod:`.forms_html`, :mod:`.signature` (each form signed
for its party and its scenario's files), :mod:`.intake` (a returned file read within bounds, only
the cells of mkba's layout), :mod:`.answers` (one returned form), :mod:`.collect` (many forms into
a scenario). Returned forms are untrusted input: a form changed to claim another party, from
another scenario or without its signature is refused (docs/reliability.md, "Hostile files").
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from .answers import FormAnswers, check_form, read_form
from .collect import AGGREGATIONS, Collection, StakeholderResult, collect, gather
from .design import KINDS, LANGUAGES, FormSpec, fit_concentration, form_specs, harker, pairwise_design
from .forms_html import render_html
from .forms_xlsx import build_workbook

__all__ = [
    "write_forms",
    "read_form",
    "check_form",
    "collect",
    "gather",
    "FormAnswers",
    "FormSpec",
    "Collection",
    "StakeholderResult",
    "form_specs",
    "pairwise_design",
    "harker",
    "fit_concentration",
    "KINDS",
    "LANGUAGES",
    "AGGREGATIONS",
]


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_forms(scenario_path: str | Path, out_dir: str | Path, *, kind: str = "pairwise", lang: str = "nl",
                respondents: object = None) -> list[Path]:
    """Write one Excel form and one HTML form per stakeholder (and respondent) of a scenario.

    Files are named after the stakeholder id (``<id>.xlsx`` and ``<id>.html``; with several
    respondents ``<id>-01.xlsx`` ... or ``<id>-<name>.xlsx``). Every form is rendered in memory
    first; then each file is written to a temporary name in ``out_dir`` and renamed into place
    (``os.replace``), so no half-written form is ever left under a form's name.

    Parameters
    ----------
    scenario_path : path
        The scenario YAML.
    out_dir : path
        Folder for the forms (created if missing).
    kind : {"pairwise", "ranking", "swing"}
        The elicitation the forms ask for. Pairwise forms ask the n - 1 required comparisons
        then the optional ones (:func:`pairwise_design`); swing forms show the worst/best
        range of every criterion on the longlist, which the weights are valid for.
    lang : {"nl", "en"}
        Language of the labels.
    respondents : None, int, or mapping stakeholder id -> int or list of names
        None: one form per stakeholder. An int k: k numbered forms per stakeholder. A mapping:
        per stakeholder (others get one form).

    Returns
    -------
    list of Path
        The files written, .xlsx then .html per form, in stakeholder order.

    Raises
    ------
    ScenarioError
        The scenario does not load.
    MkbaError
        Unknown kind or language, nothing to weigh, bad ``respondents``.
    """

    specs = form_specs(scenario_path, kind=kind, lang=lang, respondents=respondents)
    rendered: list[tuple[str, bytes]] = []
    for spec in specs:
        buffer = io.BytesIO()
        build_workbook(spec).save(buffer)
        rendered.append((f"{spec.file_stem}.xlsx", buffer.getvalue()))
        rendered.append((f"{spec.file_stem}.html", render_html(spec).encode("utf-8")))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in rendered:
        target = out / name
        _atomic_write(target, data)
        written.append(target)
    return written
