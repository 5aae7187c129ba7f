"""The Excel survey form: instructions first, criteria, protected question sheet, hidden metadata.

Layout (one workbook per stakeholder, sheet names in the form's language):

1. ``Toelichting``/``Instructions`` — what the form is for, how to answer, how to return it.
2. ``Criteria`` — id, name, unit, direction, worst and best value on the longlist, description.
3. ``Vragen``/``Questions`` — the stakeholder id (cell C4, locked), an optional respondent
   name (C5), the live status (C6: the consistency ratio for pairwise forms) and one question
   per row from row :data:`FIRST_ROW`. Answer cells are yellow, unlocked and carry data
   validation; every other cell is locked (sheet protection without password, workbook structure
   locked so sheets cannot be renamed, moved or deleted).

   * pairwise: ``C`` which is more important (``A``, ``B`` or ``gelijk``/``equal``), ``D`` how
     much (whole number 1-9; the two-cell layout of Goepel's BPMSG AHP template), ``F`` required
     or optional, ``G``/``H`` the criterion ids;
   * ranking: ``E`` the rank (whole number 1..n, ties allowed), ``F`` the id;
   * swing: ``E``/``F`` worst and best value on the longlist, ``G`` the points (0-100), ``H`` the id.

4. ``_mkba`` (very hidden) — the form's signed description (:meth:`FormSpec.meta`, signature in
   :mod:`mkba.survey.signature`) as key / JSON rows; where the answers are is this module's layout,
   which the reader uses (:mod:`mkba.survey.intake`), never anything read from the file.
5. ``_berekening``/``_calc`` (very hidden, pairwise only) — the live consistency ratio: the
   Harker matrix C from the answers and 100 steps of power iteration in plain formulas
   (SUMPRODUCT, no array formulas), CR = (lambda - n)/(n - 1)/RI and the answered judgement
   furthest from the weights, shown in C6 of the question sheet.
"""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..io.canonical import canonical, set_xlsx_formula, set_xlsx_value
from .design import MESSAGES, FormSpec, format_number, text

__all__ = ["write_xlsx", "FIRST_ROW", "STAKEHOLDER_CELL", "RESPONDENT_CELL", "STATUS_CELL",
           "META_SHEET", "ANSWER_COLUMNS"]

FIRST_ROW = 9
STAKEHOLDER_CELL = "C4"
RESPONDENT_CELL = "C5"
STATUS_CELL = "C6"
META_SHEET = "_mkba"
ANSWER_COLUMNS = {"pairwise": ("C", "D"), "ranking": ("E",), "swing": ("G",)}
"""The answer columns per form kind (pairwise: which, intensity)."""

_ITERATIONS = 100
_YELLOW = PatternFill("solid", fgColor="FFF2A8")
_GREY = PatternFill("solid", fgColor="EEEEEE")
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
_OPEN = Protection(locked=False)


def _put(ws: Worksheet, row: int, column: int, value: object) -> Cell:
    """Write a value: text as text, never a formula (:func:`mkba.io.canonical.set_xlsx_value`)."""
    return set_xlsx_value(ws.cell(row=row, column=column), value)


def _formula(ws: Worksheet, row: int, column: int, formula: str) -> Cell:
    """Write one of the form's own formulas (the live CR and weights), the only formulas it has."""
    return set_xlsx_formula(ws.cell(row=row, column=column), formula)


def _excel_text(value: str) -> str:
    """A literal for inside an Excel formula string."""
    return '"' + value.replace('"', '""') + '"'


def _template_formula(template: str, parts: dict[str, str]) -> str:
    """``template`` with ``{name}`` placeholders as an Excel concatenation of literals and expressions."""
    import string

    pieces = []
    for literal, name, _spec, _conv in string.Formatter().parse(template):
        if literal:
            pieces.append(_excel_text(literal))
        if name is not None:
            pieces.append(f"({parts[name]})")
    return "&".join(pieces) if pieces else '""'


def _protect(ws: Worksheet) -> None:
    ws.protection.sheet = True
    ws.protection.formatCells = False
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def _instructions(wb: Workbook, spec: FormSpec) -> None:
    lang = spec.lang
    ws = wb.active
    ws.title = text(lang, "sheet.instructions")
    answers = text(lang, "sheet.answers")
    lines = [
        (text(lang, f"title.{spec.kind}"), Font(bold=True, size=14)),
        (f"{text(lang, 'scenario')}: {spec.scenario}", _BOLD),
        (f"{text(lang, 'stakeholder')}: {spec.stakeholder_name} ({spec.stakeholder})", _BOLD),
        ("", None),
        (text(lang, "instructions.intro", scenario=spec.scenario, stakeholder=spec.stakeholder_name), None),
        (text(lang, "instructions.criteria", sheet=text(lang, "sheet.criteria")), None),
        (text(lang, f"instructions.{spec.kind}", sheet=answers, required=spec.required_pairs,
              threshold=f"{spec.threshold:.2f}"), None),
    ]
    if spec.kind == "pairwise":
        lines.append((text(lang, "scale"), None))
    lines += [(text(lang, "instructions.cells"), None), (text(lang, "instructions.return"), None)]
    ws.column_dimensions["A"].width = 110
    for r, (line, font) in enumerate(lines, start=1):
        cell = _put(ws, r, 1, line)
        cell.alignment = _WRAP
        if font is not None:
            cell.font = font
    _protect(ws)


def _criteria_sheet(wb: Workbook, spec: FormSpec) -> None:
    lang = spec.lang
    ws = wb.create_sheet(text(lang, "sheet.criteria"))
    headers = [text(lang, k) for k in ("id", "criterion", "unit", "direction", "worst", "best", "description")]
    for j, h in enumerate(headers, start=1):
        _put(ws, 1, j, h).font = _BOLD
    for r, c in enumerate(spec.criteria, start=2):
        values = [c.id, c.name, c.unit, text(lang, c.direction), c.worst, c.best, c.description]
        for j, v in enumerate(values, start=1):
            _put(ws, r, j, v).alignment = _WRAP
    for col, width in zip("ABCDEFG", (14, 34, 18, 16, 16, 16, 70)):
        ws.column_dimensions[col].width = width
    _protect(ws)


def _header(ws: Worksheet, spec: FormSpec) -> None:
    lang = spec.lang
    _put(ws, 1, 1, text(lang, f"title.{spec.kind}"))
    ws["A1"].font = Font(bold=True, size=14)
    rows = (("scenario", spec.scenario), ("stakeholder", spec.stakeholder_name),
            ("stakeholder_id", spec.stakeholder), ("respondent", spec.respondent or None))
    for r, (key, value) in enumerate(rows, start=2):
        _put(ws, r, 1, text(lang, key)).font = _BOLD
        _put(ws, r, 3, value)
    ws[RESPONDENT_CELL].fill = _YELLOW
    ws[RESPONDENT_CELL].protection = _OPEN
    dv = DataValidation(type="textLength", operator="lessThanOrEqual", formula1="100", allow_blank=True,
                        showErrorMessage=True, errorTitle=text(lang, "respondent"), error="max. 100")
    ws.add_data_validation(dv)
    dv.add(RESPONDENT_CELL)


def _validation(ws: Worksheet, kind: str, cells: list[str], lang: str, n: int) -> None:
    if not cells:
        return
    if kind == "which":
        dv = DataValidation(type="list", formula1=_excel_text(f"A,B,{text(lang, 'equal')}"), allow_blank=True,
                            showErrorMessage=True, errorTitle=text(lang, "more"),
                            error=f"A, B {'of' if lang == 'nl' else 'or'} {text(lang, 'equal')}")
    elif kind == "intensity":
        dv = DataValidation(type="whole", operator="between", formula1="1", formula2="9", allow_blank=True,
                            showErrorMessage=True, errorTitle=text(lang, "intensity"), error="1-9")
    elif kind == "rank":
        dv = DataValidation(type="whole", operator="between", formula1="1", formula2=str(n), allow_blank=True,
                            showErrorMessage=True, errorTitle=text(lang, "rank"), error=f"1-{n}")
    else:
        dv = DataValidation(type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True,
                            showErrorMessage=True, errorTitle=text(lang, "points"), error="0-100")
    ws.add_data_validation(dv)
    for ref in cells:
        dv.add(ref)
        ws[ref].fill = _YELLOW
        ws[ref].protection = _OPEN


def _headers(ws: Worksheet, labels: list[str]) -> None:
    for j, h in enumerate(labels, start=1):
        cell = _put(ws, FIRST_ROW - 1, j, h)
        cell.font = _BOLD
        cell.alignment = _WRAP


def _pairwise(wb: Workbook, ws: Worksheet, spec: FormSpec) -> None:
    lang, ids = spec.lang, spec.ids
    _put(ws, 7, 1, text(lang, "scale")).alignment = Alignment(wrap_text=False)
    _headers(ws, [text(lang, "number"), text(lang, "header.a"), text(lang, "more"), text(lang, "intensity"),
                  text(lang, "header.b"), text(lang, "required"), text(lang, "id") + " A", text(lang, "id") + " B"])
    which, strength = [], []
    for k, (i, j) in enumerate(spec.pairs):
        r = FIRST_ROW + k
        required = k < spec.required_pairs
        values = [k + 1, f"A: {spec.criteria[i].name}", None, None, f"B: {spec.criteria[j].name}",
                  text(lang, "yes" if required else "no"), ids[i], ids[j]]
        for col, v in enumerate(values, start=1):
            _put(ws, r, col, v)
        if required:
            ws.cell(row=r, column=6).font = _BOLD
        which.append(f"C{r}")
        strength.append(f"D{r}")
    _validation(ws, "which", which, lang, spec.n)
    _validation(ws, "intensity", strength, lang, spec.n)
    for letter, width in zip("ABCDEFGH", (6, 40, 22, 22, 40, 12, 14, 14)):
        ws.column_dimensions[letter].width = width
    _calc_sheet(wb, ws, spec)


def _calc_sheet(wb: Workbook, ws: Worksheet, spec: FormSpec) -> None:
    """Hidden formulas: Harker's C, power iteration, CR and the worst judgement (see module doc)."""
    lang, n, m = spec.lang, spec.n, len(spec.pairs)
    calc = wb.create_sheet("_berekening" if lang == "nl" else "_calc")
    q = quote_sheetname(ws.title)
    # column A: a_k per pair (row k + 1), "" when unanswered; column B: |ln(a w_j / w_i)| or -1
    equal = [text("nl", "equal").upper(), text("en", "equal").upper(), "=", "A=B"]
    for k in range(m):
        r = FIRST_ROW + k
        w, d = f"UPPER(TRIM({q}!C{r}))", f"{q}!D{r}"
        ok = f"AND(ISNUMBER({d}),{d}>=1,{d}<=9)"
        is_equal = "OR(" + ",".join(f"{w}={_excel_text(t)}" for t in equal) + ")"
        _formula(calc, k + 1, 1,
                 f'=IFERROR(IF({w}="A",IF({ok},{d},""),IF({w}="B",IF({ok},1/{d},""),'
                 f'IF({is_equal},1,""))),"")')
    index = {pair: k for k, pair in enumerate(spec.pairs)}
    top = m + 2  # matrix C at rows top..top+n-1, columns A..
    for i in range(n):
        for j in range(n):
            if i == j:
                answered = "+".join(f"ISNUMBER(A{index[p] + 1})" for p in spec.pairs if i in p) or "0"
                formula = f"=1+{n - 1}-({answered})"
            else:
                k = index[(min(i, j), max(i, j))] + 1
                formula = f"=IF(ISNUMBER(A{k}),{'A' if i < j else '1/A'}{k},0)"
            _formula(calc, top + i, j + 1, formula)
    last = get_column_letter(n)

    def crow(i: int) -> str:
        return f"$A${top + i}:${last}${top + i}"

    start = top + n + 1  # iteration t: v at row start + 2t - 1, w at row start + 2t; w_0 at row start
    for j in range(n):
        _put(calc, start, j + 1, 1.0 / n)
    for t in range(1, _ITERATIONS + 1):
        vr, wr, prev = start + 2 * t - 1, start + 2 * t, start + 2 * t - 2
        for i in range(n):
            _formula(calc, vr, i + 1, f"=SUMPRODUCT({crow(i)},$A${prev}:${last}${prev})")
            _formula(calc, wr, i + 1, f"={get_column_letter(i + 1)}{vr}/SUM($A${vr}:${last}${vr})")
    final = start + 2 * _ITERATIONS
    lam_row = final + 1
    for i in range(n):  # one more product: lambda = sum(C w) for w summing to 1
        _formula(calc, lam_row, i + 1, f"=SUMPRODUCT({crow(i)},$A${final}:${last}${final})")
    lam = f"SUM($A${lam_row}:${last}${lam_row})"
    cr_cell = f"$A${lam_row + 1}"
    set_xlsx_formula(calc[cr_cell.replace("$", "")], f"=IF({n}<=2,0,MAX(0,({lam}-{n})/{n - 1})/{spec.ri})")

    def wcell(i: int) -> str:
        return f"${get_column_letter(i + 1)}${final}"

    for k, (i, j) in enumerate(spec.pairs):
        _formula(calc, k + 1, 2, f'=IF(ISNUMBER(A{k + 1}),ABS(LN(A{k + 1}*{wcell(j)}/{wcell(i)})),-1)')
    cq = quote_sheetname(calc.title)
    errs = f"{cq}!$B$1:$B${m}"
    worst = f"MATCH(MAX({errs}),{errs},0)"
    names_a = f"{q}!$B${FIRST_ROW}:$B${FIRST_ROW + m - 1}"
    names_b = f"{q}!$E${FIRST_ROW}:$E${FIRST_ROW + m - 1}"
    ratio = f"(INDEX({cq}!$C$1:$C${m},{worst}))"
    for k, (i, j) in enumerate(spec.pairs):  # column C: the consistent w_i / w_j per pair
        _formula(calc, k + 1, 3, f"={wcell(i)}/{wcell(j)}")
    consistent = f'IF({ratio}>=1,"A "&ROUND({ratio},1),"B "&ROUND(1/{ratio},1))'
    cr = f"{cq}!{cr_cell}"
    bad = _template_formula(MESSAGES[lang]["cr.bad"], {
        "threshold": _excel_text(f"{spec.threshold:.2f}"), "number": worst,
        "a": f"MID(INDEX({names_a},{worst}),4,200)", "b": f"MID(INDEX({names_b},{worst}),4,200)",
        "consistent": consistent})
    required = f"COUNT({cq}!$A$1:$A${spec.required_pairs})"
    set_xlsx_formula(ws[STATUS_CELL], f'=IF({required}<{spec.required_pairs},{_excel_text(text(lang, "cr.wait"))},'
                       f'"CR = "&ROUND({cr},3)&": "&IF({cr}<={spec.threshold},{_excel_text(text(lang, "cr.ok"))},'
                       f'{bad}))')
    _put(ws, 6, 1, text(lang, "cr")).font = _BOLD
    # live weights beside the questions
    _put(ws, FIRST_ROW - 1, 10, text(lang, "weights")).font = _BOLD
    for i, c in enumerate(spec.criteria):
        _put(ws, FIRST_ROW + i, 10, c.name)
        cell = _formula(ws, FIRST_ROW + i, 11,
                        f'=IF({required}<{spec.required_pairs},"",{cq}!{wcell(i)})')
        cell.number_format = "0.0%"
    ws.column_dimensions["J"].width = 34
    calc.sheet_state = "veryHidden"
    _protect(calc)


def _ranking(ws: Worksheet, spec: FormSpec) -> None:
    lang = spec.lang
    _headers(ws, [text(lang, "number"), text(lang, "criterion"), text(lang, "unit"), text(lang, "direction"),
                  text(lang, "rank"), text(lang, "id")])
    cells = []
    for k, c in enumerate(spec.criteria):
        r = FIRST_ROW + k
        for col, v in enumerate([k + 1, c.name, c.unit, text(lang, c.direction), None, c.id], start=1):
            _put(ws, r, col, v)
        cells.append(f"E{r}")
    _validation(ws, "rank", cells, lang, spec.n)
    for letter, width in zip("ABCDEF", (6, 40, 24, 16, 22, 14)):
        ws.column_dimensions[letter].width = width


def _swing(ws: Worksheet, spec: FormSpec) -> None:
    lang = spec.lang
    _headers(ws, [text(lang, "number"), text(lang, "criterion"), text(lang, "unit"), text(lang, "direction"),
                  text(lang, "worst"), text(lang, "best"), text(lang, "points"), text(lang, "id"),
                  "", text(lang, "weights")])
    cells = []
    last = FIRST_ROW + spec.n - 1
    for k, c in enumerate(spec.criteria):
        r = FIRST_ROW + k
        values = [k + 1, c.name, c.unit, text(lang, c.direction), c.worst, c.best, None, c.id]
        for col, v in enumerate(values, start=1):
            _put(ws, r, col, v)
        for col in (5, 6):
            ws.cell(row=r, column=col).number_format = "#,##0.###"
        cells.append(f"G{r}")
        w = _formula(ws, r, 10, f'=IF(SUM($G${FIRST_ROW}:$G${last})>0,G{r}/SUM($G${FIRST_ROW}:$G${last}),"")')
        w.number_format = "0.0%"
    _put(ws, 7, 1, text(lang, "range") + ": " + "; ".join(
        f"{c.name} {format_number(c.worst, lang)} → {format_number(c.best, lang)}" for c in spec.criteria))
    _validation(ws, "points", cells, lang, spec.n)
    for letter, width in zip("ABCDEFGHIJ", (6, 40, 24, 16, 18, 18, 16, 14, 3, 12)):
        ws.column_dimensions[letter].width = width


def _meta(wb: Workbook, spec: FormSpec) -> None:
    """The signed description, one key and JSON value (ASCII) per row. Where the answers are is not
    written: the reader takes the layout from this module, never from the file."""
    ws = wb.create_sheet(META_SHEET)
    for r, (key, value) in enumerate(spec.meta().items(), start=1):
        _put(ws, r, 1, key)
        _put(ws, r, 2, json.dumps(canonical(value), ensure_ascii=True))
    ws.sheet_state = "veryHidden"
    _protect(ws)


def build_workbook(spec: FormSpec) -> Workbook:
    """The form as an openpyxl Workbook (not yet saved)."""
    wb = Workbook()
    _instructions(wb, spec)
    _criteria_sheet(wb, spec)
    ws = wb.create_sheet(text(spec.lang, "sheet.answers"))
    _header(ws, spec)
    {"pairwise": lambda: _pairwise(wb, ws, spec), "ranking": lambda: _ranking(ws, spec),
     "swing": lambda: _swing(ws, spec)}[spec.kind]()
    ws.freeze_panes = f"A{FIRST_ROW}"
    _protect(ws)
    _meta(wb, spec)
    wb.active = 0
    wb.security = WorkbookProtection(lockStructure=True)
    return wb


def write_xlsx(spec: FormSpec, path: Path) -> Path:
    """Save the workbook of ``spec`` at ``path`` (the caller makes the write atomic)."""
    build_workbook(spec).save(path)
    return path
