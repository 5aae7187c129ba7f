"""``mkba init NAME``: a new scenario folder from a template that validates and runs as it is.

The folder holds ``scenario.yaml`` (settings, three example criteria, two parties, a budget and a
rule), ``measures.xlsx`` (the longlist template: the column names in row 1, as the reader wants
them, three example measures, the unit of every column in a comment on its header and on a second
sheet) and a ``README.md`` skeleton for the story, the sources and the findings. The text
templates live in ``mkba/templates/``; the workbook is written here, so that its columns follow
the criteria of the template. Every number in the template is an example, and says so.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from string import Template

from .errors import MkbaError
from .io.xlsx import workbook_bytes

__all__ = ["LANGUAGES", "create"]

LANGUAGES = ("nl", "en")
TEMPLATES = Path(__file__).resolve().parent / "templates"

# Column -> (unit or meaning) per language. Criterion columns follow the template's criteria.
_COLUMNS = {
    "nl": {
        "id": "Unieke code, bijv. M01 of M05a",
        "name": "Naam van de maatregel",
        "theme": "Thema (vrije tekst; regels kunnen per thema een minimum of maximum stellen)",
        "start_year": "Eerste jaar van investering (jaar)",
        "start_years": "Optioneel: startjaren waaruit de portefeuille mag kiezen, bijv. 2026;2027",
        "investment": "Investering in euro (prijspeil 2025), of per jaar: 2026:500000;2027:300000",
        "running_cost": "Jaarlijkse exploitatie- en onderhoudskosten (euro/jaar)",
        "lifetime": "Levensduur in jaren na de laatste investering",
        "payer": "Wie betaalt, met aandelen die optellen tot 1: gemeente:0.6;bewoners:0.4 of society",
        "co2": "t CO2/jaar minder dan in het nulalternatief (gemonetariseerd)",
        "energie": "MWh/jaar vermeden energie-inkoop (gemonetariseerd)",
        "leefbaarheid": "score 0-10: verandering in leefbaarheid (PM-post)",
        "hinder": "score 0-10: overlast tijdens de uitvoering (PM-post; minder is beter)",
    },
    "en": {
        "id": "Unique code, e.g. M01 or M05a",
        "name": "Name of the measure",
        "theme": "Theme (free text; rules can set a minimum or maximum per theme)",
        "start_year": "First year of investment (year)",
        "start_years": "Optional: start years the portfolio may choose from, e.g. 2026;2027",
        "investment": "Investment in euros (price level 2025), or per year: 2026:500000;2027:300000",
        "running_cost": "Yearly operating and maintenance costs (euros/year)",
        "lifetime": "Years of use after the last investment",
        "payer": "Who pays, with shares summing to 1: municipality:0.6;residents:0.4 or society",
        "co2": "t CO2/year less than in the reference (monetised)",
        "energy_saved": "MWh/year of avoided energy purchase (monetised)",
        "liveability": "score 0-10: change in liveability (PM item)",
        "disruption": "score 0-10: nuisance during the works (PM item; less is better)",
    },
}

# Three example measures with effects that differ, so every criterion tells them apart.
_ROWS = {
    "nl": [
        ["M01", "VOORBEELD: zonnepanelen op gemeentelijke gebouwen", "energie", 2026, "2026;2027", 400000, 5000,
         25, "gemeente:1.0", "40|50|55", "460|510|540", 0, 0.5],
        ["M02", "VOORBEELD: vergroening van het buurtplein", "leefbaarheid", 2027, "", 600000, 15000, 30,
         "gemeente:0.8;society:0.2", 0, 0, "0.8|1.2|1.5", 2],
        ["M03", "VOORBEELD: buurtbeheer met bewoners", "leefbaarheid", 2026, "", 50000, 40000, 10,
         "gemeente:1.0", 0, 0, 0.6, 0],
    ],
    "en": [
        ["M01", "EXAMPLE: solar panels on municipal buildings", "energy", 2026, "2026;2027", 400000, 5000,
         25, "municipality:1.0", "40|50|55", "460|510|540", 0, 0.5],
        ["M02", "EXAMPLE: greening the neighbourhood square", "liveability", 2027, "", 600000, 15000, 30,
         "municipality:0.8;society:0.2", 0, 0, "0.8|1.2|1.5", 2],
        ["M03", "EXAMPLE: neighbourhood management with residents", "liveability", 2026, "", 50000, 40000, 10,
         "municipality:1.0", 0, 0, 0.6, 0],
    ],
}

_SHEETS = {"nl": ("maatregelen", "toelichting", ("kolom", "eenheid of betekenis")),
           "en": ("measures", "notes", ("column", "unit or meaning"))}


def _folder_name(name: str) -> str:
    text = name.strip()
    if not text or text in (".", "..") or re.search(r"[/\\\x00]", text):
        msg = (f"mkba init: {name!r} is not a usable folder name; give a plain name such as "
               "'wijkplan-noord' (no '/' or '\\'), and --dir for where it goes")
        raise MkbaError(msg)
    return text


def _workbook(lang: str) -> bytes:
    """The longlist template as .xlsx bytes, the same bytes every time (fixed dates and zip times)."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font

    columns = _COLUMNS[lang]
    measures_sheet, notes_sheet, notes_header = _SHEETS[lang]
    wb = Workbook()
    ws = wb.active
    ws.title = measures_sheet
    ws.append(list(columns))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.comment = Comment(columns[cell.value], "mkba")
    for row in _ROWS[lang]:
        ws.append(row)
    ws.freeze_panes = "C2"
    for letter, width in (("A", 8), ("B", 52), ("C", 14), ("I", 28)):
        ws.column_dimensions[letter].width = width
    notes = wb.create_sheet(notes_sheet)
    notes.append(list(notes_header))
    notes["A1"].font = notes["B1"].font = Font(bold=True)
    for column, meaning in columns.items():
        notes.append([column, meaning])
    notes.column_dimensions["A"].width = 16
    notes.column_dimensions["B"].width = 90
    return workbook_bytes(wb, creator="mkba init")


def create(name: str, directory: str | Path = ".", lang: str = "nl") -> Path:
    """Create the scenario folder ``directory/name`` from the template and return its path.

    Parameters
    ----------
    name : the folder name, also used as the scenario's name (shown in every report).
    directory : where the folder is made (it is created if needed).
    lang : ``"nl"`` or ``"en"``: the language of the template's names, comments and reports.

    Raises
    ------
    MkbaError
        When the folder (or a file of that name) already exists (nothing is overwritten), the name
        is not a plain folder name, or the language is unknown.
    """
    if lang not in LANGUAGES:
        msg = f"mkba init: unknown language {lang!r}; expected one of {', '.join(LANGUAGES)}"
        raise MkbaError(msg)
    folder = Path(directory) / _folder_name(name)
    if folder.exists():
        msg = (f"mkba init: {folder} already exists; nothing was written. Choose another name, "
               "or remove the folder first if you really want to start over")
        raise MkbaError(msg)
    title = name.strip()
    values = {"name_yaml": json.dumps(title, ensure_ascii=False), "title": title, "folder": folder.as_posix()}
    files = {
        "scenario.yaml": Template((TEMPLATES / f"scenario.{lang}.yaml").read_text(encoding="utf-8"))
        .substitute(values).encode("utf-8"),
        "README.md": Template((TEMPLATES / f"README.{lang}.md").read_text(encoding="utf-8"))
        .substitute(values).encode("utf-8"),
        "measures.xlsx": _workbook(lang),
    }
    # Write into a temporary sibling and rename it into place, so a failure leaves no half folder.
    folder.parent.mkdir(parents=True, exist_ok=True)
    temporary = folder.parent / f".{folder.name}.mkba-init-tmp"
    if temporary.exists():
        for leftover in temporary.iterdir():
            leftover.unlink()
        temporary.rmdir()
    temporary.mkdir()
    try:
        for file_name, data in files.items():
            (temporary / file_name).write_bytes(data)
        temporary.rename(folder)
    except BaseException:
        for leftover in temporary.iterdir():
            leftover.unlink()
        temporary.rmdir()
        raise
    return folder
