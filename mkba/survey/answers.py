"""One returned survey form, read: the Excel workbook or the JSON saved by the HTML form, into
:class:`FormAnswers`, every problem located by file, sheet and cell (or JSON field).

A returned form is untrusted input: the file is read within bounds (:mod:`mkba.survey.intake`),
only the cells of mkba's own layout (:mod:`mkba.survey.forms_xlsx`), and, given the scenario's
input hash, its signature is checked (:mod:`mkba.survey.signature`) before any answer is read:
the party a form answers for is the one it was signed for, never a cell someone typed over.

:func:`read_form` raises the located problems; :func:`check_form` returns them. The aggregation of
many forms into a scenario is :mod:`mkba.survey.collect`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .. import weights as wt
from ..errors import InputIssue, ScenarioError, closest
from ..io.canonical import file_text
from ..model import FrozenMap
from .design import EQUAL_TOKENS, FORM_FORMAT, FORM_VERSION, KINDS, LANGUAGES, HarkerResult, harker, text
from .forms_xlsx import ANSWER_COLUMNS, FIRST_ROW, META_SHEET, RESPONDENT_CELL, STAKEHOLDER_CELL
from .intake import MAX_CRITERIA, READ_ERRORS, FormBook, FormFileProblem, meta_rows, open_workbook, read_json
from .signature import signature_problem

__all__ = ["FormAnswers", "read_form", "check_form"]


# ---------------------------------------------------------------------------------------------
# One returned form
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FormAnswers:
    """The answers of one returned form.

    ``criteria`` are the form's criterion ids (the decision-matrix criteria when the form was
    written) and ``ranges[c] = (worst, best)`` the longlist ranges the form showed. Pairwise
    ``judgements`` are the answered comparisons ``(a, b, a_ab)`` (how much more important a is
    than b) in question order; ``ranks`` maps criterion to rank (1 = most important; equal ranks
    are ties); ``points`` maps criterion to swing points. ``where`` locates answers for messages:
    ``"stakeholder"``, ``"pair:a|b"`` and ``"criterion:c"`` map to ``(sheet, cell or field)``.
    """

    file: str
    kind: str
    lang: str
    scenario: str
    stakeholder: str
    respondent: str
    criteria: tuple[str, ...]
    ranges: FrozenMap
    judgements: tuple[tuple[str, str, float], ...] = ()
    ranks: FrozenMap = field(default_factory=FrozenMap)
    points: FrozenMap = field(default_factory=FrozenMap)
    where: FrozenMap = field(default_factory=FrozenMap)
    warnings: tuple[InputIssue, ...] = ()

    @property
    def name(self) -> str:
        return Path(self.file).name

    def harker(self, order: Sequence[str] | None = None) -> HarkerResult:
        """Harker-completed judgements over ``order`` (default: the form's criteria)."""
        order = tuple(order or self.criteria)
        index = {c: k for k, c in enumerate(order)}
        pairs = {}
        for a, b, value in self.judgements:
            i, j = index[a], index[b]
            pairs[(i, j) if i < j else (j, i)] = value if i < j else 1.0 / value
        return harker(len(order), pairs)

    def rank_groups(self, order: Sequence[str] | None = None) -> list[list[str]]:
        """Tie groups of criteria, most important first (equal ranks tie; gaps are ignored)."""
        order = tuple(order or self.criteria)
        levels = sorted(set(self.ranks.values()))
        return [[c for c in order if self.ranks[c] == lv] for lv in levels]

    def elicited_widths(self, order: Sequence[str] | None = None) -> np.ndarray:
        order = tuple(order or self.criteria)
        return np.array([abs(self.ranges[c][1] - self.ranges[c][0]) for c in order], dtype=float)

    def weights(self, order: Sequence[str] | None = None, observed: object = None) -> np.ndarray:
        """This respondent's weights over ``order``.

        Pairwise: Harker's eigenvector; ranking: rank-order centroid with shared ranks for ties
        (:func:`mkba.weights.rank_order_weights`); swing: the points normalised, or, with
        ``observed`` range widths, rescaled from the form's ranges to those
        (:func:`mkba.weights.swing`).
        """
        order = tuple(order or self.criteria)
        if self.kind == "pairwise":
            return np.asarray(self.harker(order).weights, dtype=float)
        if self.kind == "ranking":
            groups = self.rank_groups(order)
            position = wt.rank_order_weights([len(g) for g in groups])
            by_id = {c: position[k] for k, c in enumerate(c for g in groups for c in g)}
            return np.array([by_id[c] for c in order], dtype=float)
        points = np.array([self.points[c] for c in order], dtype=float)
        widths = self.elicited_widths(order)
        if observed is None or np.any(widths == 0):
            return wt.swing(points)
        return wt.swing(points, elicited_ranges=widths, observed_ranges=np.asarray(observed, dtype=float))

class _Issues:
    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[InputIssue] = []

    def error(self, message: str, **where: Any) -> None:
        self.items.append(InputIssue(file=self.file, message=message, **where))

    def warn(self, message: str, **where: Any) -> None:
        self.items.append(InputIssue(file=self.file, message=message, severity="warning", **where))


    @property
    def failed(self) -> bool:
        return any(i.severity == "error" for i in self.items)


def _cell_where(sheet: str, ref: str) -> dict:
    row = int("".join(ch for ch in ref if ch.isdigit()) or 0) or None
    return {"sheet": sheet, "field": ref, "row": row}


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _number(value: object) -> float | None:
    """A finite number from a cell or JSON value (text '3' or '2,5' accepted), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        x = float(value)
    elif isinstance(value, str):
        try:
            x = float(value.strip().replace(",", ".").replace("\u2212", "-"))
        except ValueError:
            return None
    else:
        return None
    return x if math.isfinite(x) else None


def _bound(value: object) -> float:
    """A range bound of a form whose metadata :meth:`_FormReader.meta` accepted (so a number)."""
    x = _number(value)
    if x is None:
        raise ValueError(f"range bound {value!r} is not a number")
    return x


def _whole(value: object, lo: int, hi: int) -> int | None:
    x = _number(value)
    if x is None or x != int(x) or not lo <= x <= hi:
        return None
    return int(x)


class _FormReader:
    """Turns raw cells (or JSON values) into :class:`FormAnswers`, collecting located issues."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.issues = _Issues(str(path))

    # -- metadata ------------------------------------------------------------------------------
    def meta(self, meta: Mapping, where: dict) -> dict | None:
        if meta.get("format") != FORM_FORMAT:
            self.issues.error("not an mkba survey form", value=meta.get("format"),
                              expected=f"a form written by `mkba survey` (format {FORM_FORMAT!r})", **where)
            return None
        if meta.get("version") != FORM_VERSION:
            self.issues.error("unsupported form version", value=meta.get("version"),
                              expected=f"version {FORM_VERSION}: make new forms with `mkba survey`", **where)
            return None
        if meta.get("kind") not in KINDS:
            self.issues.error("unknown form kind", value=meta.get("kind"), expected=f"one of {list(KINDS)}",
                              suggestion=closest(meta.get("kind"), KINDS), **where)
            return None
        if meta.get("lang") not in LANGUAGES:
            self.issues.error("unknown form language", value=meta.get("lang"), expected=f"one of {list(LANGUAGES)}",
                              **where)
            return None
        criteria = meta.get("criteria")
        ranges = meta.get("ranges")
        ok = (isinstance(criteria, list) and 2 <= len(criteria) <= MAX_CRITERIA
              and all(isinstance(c, str) for c in criteria)
              and len(set(criteria)) == len(criteria) and isinstance(ranges, Mapping)
              and all(isinstance(ranges.get(c), list) and len(ranges[c]) == 2
                      and all(_number(v) is not None for v in ranges[c]) for c in criteria))
        if ok and meta["kind"] == "pairwise" and isinstance(criteria, list):  # ok: criteria is a list
            pairs = meta.get("pairs")
            ok = (isinstance(pairs, list) and len(pairs) <= len(criteria) * (len(criteria) - 1) // 2
                  and all(isinstance(p, list) and len(p) == 2 and p[0] in criteria
                          and p[1] in criteria and p[0] != p[1] for p in pairs)
                  and len({frozenset(p) for p in pairs}) == len(pairs)
                  and isinstance(meta.get("required"), int) and not isinstance(meta.get("required"), bool))
        if not ok:
            self.issues.error("the form's description of its criteria is damaged",
                              expected="a form as written by `mkba survey` (make a new one)", **where)
            return None
        if not isinstance(meta.get("stakeholder"), str) or not meta["stakeholder"].strip():
            self.issues.error("the form does not say which party it was made for", value=meta.get("stakeholder"),
                              expected="a form as written by `mkba survey` (make a new one)", **where)
            return None
        return dict(meta)

    def signed(self, meta: dict, input_hash: str | None, where: dict) -> bool:
        """True when the form's signature holds for the scenario with ``input_hash`` (or no scenario
        is given: a form read on its own is not checked)."""
        if input_hash is None:
            return True
        problem = signature_problem(meta, input_hash)
        if problem is not None:
            self.issues.error(problem[0], expected=problem[1], **where)
        return problem is None

    def answers(self, meta: dict, stakeholder: str, respondent: str, **parts: Any) -> FormAnswers:
        criteria = tuple(meta["criteria"])
        ranges = FrozenMap({c: (_bound(meta["ranges"][c][0]), _bound(meta["ranges"][c][1]))
                            for c in criteria})
        return FormAnswers(file=str(self.path), kind=meta["kind"], lang=str(meta.get("lang", "")),
                           scenario=str(meta.get("scenario", "")), stakeholder=stakeholder,
                           respondent=respondent, criteria=criteria, ranges=ranges, **parts)

    # -- answers, shared by XLSX and JSON ------------------------------------------------------
    def pair(self, k: int, a: str, b: str, required: bool, more: object, intensity: object,
             at_more: dict, at_intensity: dict, names: tuple[str, str]) -> float | None:
        """One comparison; ``more`` is 'A'/'B'/equal (XLSX) or 'a'/'b'/'equal' (JSON)."""
        q = f"question {k + 1} ({names[0]} vs {names[1]})"
        if _blank(more):
            if required:
                self.issues.error(f"{q}: required answer missing",
                                  expected="A, B or equal (gelijk): which criterion is more important", **at_more)
            elif not _blank(intensity):
                self.issues.error(f"{q}: says how much but not which criterion is more important",
                                  expected="A, B or equal (gelijk)", **at_more)
            return None
        token = str(more).strip().lower()
        if token in EQUAL_TOKENS:
            if _blank(intensity) or _number(intensity) == 1:
                return 1.0
            self.issues.error(f"{q}: 'equal' means intensity 1", value=intensity,
                              expected="1 or empty with 'equal', or choose A or B", **at_intensity)
            return None
        if token not in ("a", "b"):
            self.issues.error(f"{q}: not a valid choice", value=more, expected="A, B or equal (gelijk)", **at_more)
            return None
        if _blank(intensity):
            self.issues.error(f"{q}: required answer missing (how much more important)",
                              expected="a whole number from 1 to 9", **at_intensity)
            return None
        s = _whole(intensity, 1, 9)
        if s is None:
            self.issues.error(f"{q}: not on the 1-9 scale", value=intensity,
                              expected="a whole number from 1 (equal) to 9 (extremely more important)", **at_intensity)
            return None
        return float(s) if token == "a" else 1.0 / s

    def rank(self, c: str, value: object, n: int, at: dict) -> int | None:
        if _blank(value):
            self.issues.error(f"criterion {c!r}: required answer missing (rank)", expected=f"a whole number from 1 to {n}",
                              **at)
            return None
        r = _whole(value, 1, n)
        if r is None:
            self.issues.error(f"criterion {c!r}: not a valid rank", value=value,
                              expected=f"a whole number from 1 (most important) to {n}", **at)
        return r

    def swing_points(self, c: str, value: object, at: dict) -> float | None:
        if _blank(value):
            self.issues.error(f"criterion {c!r}: required answer missing (swing points)",
                              expected="a number from 0 to 100", **at)
            return None
        p = _number(value)
        if p is None or not 0 <= p <= 100:
            self.issues.error(f"criterion {c!r}: not valid swing points", value=value,
                              expected="a number from 0 to 100 (100 = the most important swing)", **at)
            return None
        return p

    def finish(self, meta: dict, judgements: list, ranks: dict, points: dict, where: dict,
               stakeholder: str, respondent: str, all_points_at: dict) -> FormAnswers | None:
        kind, criteria = meta["kind"], meta["criteria"]
        if kind == "swing" and len(points) == len(criteria):
            if max(points.values()) <= 0:
                self.issues.error("all swing points are 0", expected="100 for the swing you find most important",
                                  **all_points_at)
            elif max(points.values()) < 100:
                self.issues.warn("no swing got 100 points; the points are used relative to each other",
                                 expected="100 for the most important swing", **all_points_at)
        if self.issues.failed:
            return None
        answers = self.answers(meta, stakeholder, respondent, judgements=tuple(judgements),
                               ranks=FrozenMap(ranks), points=FrozenMap(points), where=FrozenMap(where))
        if kind == "pairwise":
            result = answers.harker()
            threshold = wt.consistency_threshold(len(criteria))
            worst = result.worst_given()
            if result.cr > threshold and worst is not None:
                i, j, given, consistent = worst
                a, b = criteria[i], criteria[j]
                at = where.get(f"pair:{a}|{b}") or where.get(f"pair:{b}|{a}") or (None, None)
                self.issues.warn(
                    f"consistency ratio CR = {result.cr:.3f} exceeds {threshold:.2f}; the least consistent "
                    f"answer is {a} vs {b} = {given:.3g} (about {consistent:.2g} would fit the other answers)",
                    sheet=at[0], field=at[1], expected=f"CR <= {threshold:.2f}: ask the respondent to revisit it")
        return FormAnswers(**{**answers.__dict__, "warnings": tuple(i for i in self.issues.items
                                                                   if i.severity == "warning")})

    # -- XLSX ----------------------------------------------------------------------------------
    def read_xlsx(self, input_hash: str | None) -> FormAnswers | None:
        try:
            book = open_workbook(self.path)
        except FormFileProblem as err:
            self.issues.error(err.problem, expected=err.expected)
            return None
        try:
            return self._xlsx(book, input_hash)
        except FormFileProblem as err:
            self.issues.error(err.problem, expected=err.expected)
            return None
        except READ_ERRORS as err:
            self.issues.error(f"the workbook is damaged ({type(err).__name__})",
                              expected="the .xlsx form, saved by Excel or LibreOffice")
            return None
        finally:
            book.close()

    def _xlsx(self, book: FormBook, input_hash: str | None) -> FormAnswers | None:
        if META_SHEET not in book.sheetnames:
            self.issues.error("not an mkba survey form: the hidden sheet with the form's description is missing",
                              value=book.sheetnames[:20], expected=f"a form written by `mkba survey` (sheet {META_SHEET!r})")
            return None
        meta = self.meta(meta_rows(book, META_SHEET), {"sheet": META_SHEET})
        if meta is None or not self.signed(meta, input_hash, {"sheet": META_SHEET}):
            return None
        sheet = text(meta["lang"], "sheet.answers")
        if sheet not in book.sheetnames:
            visible = book.visible()[:20]
            self.issues.error("the sheet with the answers is missing", sheet=sheet, value=visible,
                              expected=f"a sheet named {sheet!r} (do not rename or delete it)",
                              suggestion=closest(sheet, visible))
            return None
        questions = len(meta["pairs"]) if meta["kind"] == "pairwise" else len(meta["criteria"])
        cells = book.cells(sheet, FIRST_ROW + questions - 1)
        return self._xlsx_answers(cells, sheet, meta, ANSWER_COLUMNS[meta["kind"]])

    def _xlsx_answers(self, cells: dict[str, object], sheet: str, meta: dict,
                      columns: tuple[str, ...]) -> FormAnswers | None:
        first, s_ref, r_ref = FIRST_ROW, STAKEHOLDER_CELL, RESPONDENT_CELL
        stakeholder = str(meta["stakeholder"])
        typed = cells.get(s_ref)
        if _blank(typed):
            self.issues.error("the party code is missing", expected=f"the id {file_text(stakeholder)!r}",
                              **_cell_where(sheet, s_ref))
        elif str(typed).strip() != file_text(stakeholder):
            self.issues.error("the party code was changed: the form was made for another party", value=typed,
                              expected=f"{file_text(stakeholder)!r}, the party the form was made (and signed) for; "
                              "each party answers on its own form", **_cell_where(sheet, s_ref))
        respondent = "" if _blank(cells.get(r_ref)) else str(cells.get(r_ref)).strip()
        where: dict[str, tuple] = {"stakeholder": (sheet, s_ref)}
        criteria, kind = meta["criteria"], meta["kind"]
        judgements, ranks, points = [], {}, {}
        id_columns = {"pairwise": ("G", "H"), "ranking": ("F",), "swing": ("H",)}[kind]
        names = {c: c for c in criteria}
        rows = meta["pairs"] if kind == "pairwise" else [[c] for c in criteria]
        for k, ids in enumerate(rows):
            r = first + k
            found = [cells.get(f"{col}{r}") for col in id_columns]
            if [str(v).strip() if v is not None else None for v in found] != [file_text(i) for i in ids]:
                self.issues.error("the question rows were changed (criterion codes do not match the form)",
                                  value=found, expected=f"{ids} in row {r}: use the form as it was sent",
                                  **_cell_where(sheet, f"{id_columns[0]}{r}"))
                continue
            if kind == "pairwise":
                a, b = ids
                label_a = str(cells.get(f"B{r}") or a)[3:] or a
                label_b = str(cells.get(f"E{r}") or b)[3:] or b
                value = self.pair(k, a, b, k < meta["required"], cells.get(f"{columns[0]}{r}"),
                                  cells.get(f"{columns[1]}{r}"), _cell_where(sheet, f"{columns[0]}{r}"),
                                  _cell_where(sheet, f"{columns[1]}{r}"), (label_a, label_b))
                where[f"pair:{a}|{b}"] = (sheet, f"{columns[0]}{r}")
                if value is not None:
                    judgements.append((a, b, value))
            else:
                c = ids[0]
                ref = f"{columns[0]}{r}"
                where[f"criterion:{c}"] = (sheet, ref)
                if kind == "ranking":
                    rank = self.rank(names[c], cells.get(ref), len(criteria), _cell_where(sheet, ref))
                    if rank is not None:
                        ranks[c] = rank
                else:
                    p = self.swing_points(names[c], cells.get(ref), _cell_where(sheet, ref))
                    if p is not None:
                        points[c] = p
        span = f"{columns[0]}{first}:{columns[0]}{first + len(rows) - 1}"
        return self.finish(meta, judgements, ranks, points, where, stakeholder, respondent,
                           {"sheet": sheet, "field": span, "row": first})

    # -- JSON ----------------------------------------------------------------------------------
    def read_json(self, input_hash: str | None) -> FormAnswers | None:
        try:
            doc = read_json(self.path)
        except FormFileProblem as err:
            self.issues.error(err.problem, expected=err.expected)
            return None
        if not isinstance(doc, dict):
            self.issues.error("not an mkba survey form", value=type(doc).__name__,
                              expected="a JSON object saved by the HTML form")
            return None
        meta = self.meta(doc, {"field": "format"})
        if meta is None or not self.signed(meta, input_hash, {"field": "signature"}):
            return None
        stakeholder = str(meta["stakeholder"])
        respondent = doc.get("respondent") if isinstance(doc.get("respondent"), str) else ""
        answers = doc.get("answers")
        kind, criteria = meta["kind"], meta["criteria"]
        where: dict[str, tuple] = {"stakeholder": (None, "stakeholder")}
        judgements, ranks, points = [], {}, {}
        if not isinstance(answers, dict) or kind not in answers:
            self.issues.error("no answers in the form", field=f"answers.{kind}",
                              expected=f"the answers saved by the HTML form ({kind})")
            return None
        given = answers[kind]
        if kind == "pairwise":
            pairs = meta["pairs"]
            if not isinstance(given, list) or len(given) != len(pairs):
                self.issues.error("the list of comparisons does not match the form", field="answers.pairwise",
                                  value=len(given) if isinstance(given, list) else given,
                                  expected=f"{len(pairs)} comparisons, as the form asked")
                return None
            for k, ((a, b), item) in enumerate(zip(pairs, given)):
                f = f"answers.pairwise[{k}]"
                if not isinstance(item, dict) or item.get("a") != a or item.get("b") != b:
                    self.issues.error(f"question {k + 1}: not the comparison the form asked", field=f, value=item,
                                      expected=f"{{'a': {a!r}, 'b': {b!r}, 'more': ..., 'intensity': ...}}")
                    continue
                more = item.get("more")
                value = self.pair(k, a, b, k < meta["required"], more, item.get("intensity"),
                                  {"field": f"{f}.more"}, {"field": f"{f}.intensity"}, (a, b))
                where[f"pair:{a}|{b}"] = (None, f"{f}.more")
                if value is not None:
                    judgements.append((a, b, value))
        else:
            if not isinstance(given, dict):
                self.issues.error("answers must map criterion to a value", field=f"answers.{kind}", value=given,
                                  expected=f"{{criterion: value}} for {criteria}")
                return None
            unknown = [key for key in given if key not in criteria]
            for key in unknown[:10]:  # a few named; a flood of keys is one more issue, not thousands
                self.issues.error("unknown criterion in the answers", field=f"answers.{kind}.{key}", value=key,
                                  expected=f"one of {criteria}", suggestion=closest(key, criteria))
            if len(unknown) > 10:
                self.issues.error(f"{len(unknown) - 10:,} more unknown criteria in the answers", field=f"answers.{kind}",
                                  expected=f"the form's criteria {criteria} only")
            for c in criteria:
                at = {"field": f"answers.{kind}.{c}"}
                where[f"criterion:{c}"] = (None, at["field"])
                if kind == "ranking":
                    rank = self.rank(c, given.get(c), len(criteria), at)
                    if rank is not None:
                        ranks[c] = rank
                else:
                    p = self.swing_points(c, given.get(c), at)
                    if p is not None:
                        points[c] = p
        return self.finish(meta, judgements, ranks, points, where, stakeholder.strip(), str(respondent).strip(),
                           {"field": f"answers.{kind}"})


def check_form(path: str | Path, input_hash: str | None = None) -> tuple[FormAnswers | None, list[InputIssue]]:
    """Read one returned form; return its answers (None when it has errors) and every issue found.

    With ``input_hash`` (the ``Scenario.input_hash`` of the scenario the form is collected for),
    the form's signature must hold (:func:`mkba.survey.signature.signature_problem`): a form without
    one, from another scenario, or changed to claim another party or other questions is refused
    before its answers are read. Without it (a form read on its own) the signature is not checked.
    The form's party is always the one it was made for; an XLSX whose party cell was changed is
    refused. The file is read within the bounds of :mod:`mkba.survey.intake`.

    ``.xlsx``/``.xlsm`` are read as the Excel form, ``.json`` as the HTML form's answers. Issues
    name the file, the sheet and the cell (e.g. ``field="D12"``, ``row=12``) or, for JSON, the
    field (e.g. ``answers.pairwise[3].intensity``). A half-filled form gives one issue per missing
    required answer. A pairwise form whose CR exceeds the threshold gives a warning naming the
    least consistent answer.
    """
    p = Path(path)
    reader = _FormReader(p)
    if not p.is_file():
        reader.issues.error("form not found", expected="the path of a returned .xlsx or .json form")
        return None, reader.issues.items
    suffix = p.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        answers = reader.read_xlsx(input_hash)
    elif suffix == ".json":
        answers = reader.read_json(input_hash)
    else:
        reader.issues.error(f"unsupported form type {suffix!r}", expected="an .xlsx form or the .json saved by the HTML form")
        answers = None
    return (None if reader.issues.failed else answers), reader.issues.items


def read_form(path: str | Path, input_hash: str | None = None) -> FormAnswers:
    """Read one returned form (see :func:`check_form`; ``input_hash`` checks its signature).

    Raises
    ------
    ScenarioError
        Listing every error (and warning) of the form, each located.
    """
    answers, issues = check_form(path, input_hash)
    if answers is None:
        raise ScenarioError(issues)
    return answers
