"""One returned survey form, read: the Excel workbook or the JSON saved by the HTML form, into
:class:`FormAnswers`, every problem located by file, sheet and cell (or JSON field).

:func:`read_form` raises the located problems; :func:`check_form` returns them. The aggregation of
many forms into a scenario is :mod:`mkba.survey.collect`.
"""

from __future__ import annotations

import json
import math
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from openpyxl import load_workbook

from .. import weights as wt
from ..errors import InputIssue, ScenarioError, closest
from ..model import FrozenMap
from .design import EQUAL_TOKENS, FORM_FORMAT, FORM_VERSION, KINDS, HarkerResult, harker
from .forms_xlsx import ANSWER_COLUMNS, META_SHEET

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
        criteria = meta.get("criteria")
        ranges = meta.get("ranges")
        ok = (isinstance(criteria, list) and len(criteria) >= 2 and all(isinstance(c, str) for c in criteria)
              and len(set(criteria)) == len(criteria) and isinstance(ranges, Mapping)
              and all(isinstance(ranges.get(c), list) and len(ranges[c]) == 2
                      and all(_number(v) is not None for v in ranges[c]) for c in criteria))
        if ok and meta["kind"] == "pairwise" and isinstance(criteria, list):  # ok: criteria is a list
            pairs = meta.get("pairs")
            ok = (isinstance(pairs, list) and all(isinstance(p, list) and len(p) == 2 and p[0] in criteria
                                                  and p[1] in criteria and p[0] != p[1] for p in pairs)
                  and isinstance(meta.get("required"), int))
        if not ok:
            self.issues.error("the form's description of its criteria is damaged",
                              expected="a form as written by `mkba survey` (make a new one)", **where)
            return None
        return dict(meta)

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
    def read_xlsx(self) -> FormAnswers | None:
        try:
            book = load_workbook(self.path, data_only=True)
        except (zipfile.BadZipFile, OSError, KeyError, ValueError, TypeError) as err:
            self.issues.error(f"not a readable XLSX workbook ({type(err).__name__})",
                              expected="the .xlsx form, saved by Excel or LibreOffice")
            return None
        try:
            if META_SHEET not in book.sheetnames:
                self.issues.error("not an mkba survey form: the hidden sheet with the form's description is missing",
                                  value=book.sheetnames, expected=f"a form written by `mkba survey` (sheet {META_SHEET!r})")
                return None
            raw = {}
            for row in book[META_SHEET].iter_rows(min_row=1, max_col=2, values_only=True):
                if row[0] is not None:
                    try:
                        raw[str(row[0])] = json.loads(row[1]) if isinstance(row[1], str) else row[1]
                    except json.JSONDecodeError:
                        raw[str(row[0])] = None
            meta = self.meta(raw, {"sheet": META_SHEET})
            if meta is None:
                return None
            sheet = str(raw.get("answer_sheet"))
            if sheet not in book.sheetnames:
                visible = [s for s in book.sheetnames if book[s].sheet_state == "visible"]
                self.issues.error("the sheet with the answers is missing", sheet=sheet, value=visible,
                                  expected=f"a sheet named {sheet!r} (do not rename or delete it)",
                                  suggestion=closest(sheet, visible))
                return None
            return self._xlsx_answers(book[sheet], meta, raw, ANSWER_COLUMNS[meta["kind"]])
        finally:
            book.close()

    def _xlsx_answers(self, ws, meta: dict, raw: dict, columns: tuple[str, ...]) -> FormAnswers | None:
        sheet, first = ws.title, int(raw.get("first_row", 9))
        s_ref, r_ref = str(raw.get("stakeholder_cell", "C4")), str(raw.get("respondent_cell", "C5"))
        stakeholder = ws[s_ref].value
        if _blank(stakeholder):
            self.issues.error("the stakeholder code is missing", expected=f"the id {meta.get('stakeholder')!r}",
                              **_cell_where(sheet, s_ref))
            stakeholder = ""
        respondent = "" if _blank(ws[r_ref].value) else str(ws[r_ref].value).strip()
        where: dict[str, tuple] = {"stakeholder": (sheet, s_ref)}
        criteria, kind = meta["criteria"], meta["kind"]
        judgements, ranks, points = [], {}, {}
        id_columns = {"pairwise": ("G", "H"), "ranking": ("F",), "swing": ("H",)}[kind]
        names = {c: c for c in criteria}
        rows = meta["pairs"] if kind == "pairwise" else [[c] for c in criteria]
        for k, ids in enumerate(rows):
            r = first + k
            found = [ws[f"{col}{r}"].value for col in id_columns]
            if [str(v).strip() if v is not None else None for v in found] != list(ids):
                self.issues.error("the question rows were changed (criterion codes do not match the form)",
                                  value=found, expected=f"{ids} in row {r}: use the form as it was sent",
                                  **_cell_where(sheet, f"{id_columns[0]}{r}"))
                continue
            if kind == "pairwise":
                a, b = ids
                label_a = str(ws[f"B{r}"].value or a)[3:] or a
                label_b = str(ws[f"E{r}"].value or b)[3:] or b
                value = self.pair(k, a, b, k < meta["required"], ws[f"{columns[0]}{r}"].value,
                                  ws[f"{columns[1]}{r}"].value, _cell_where(sheet, f"{columns[0]}{r}"),
                                  _cell_where(sheet, f"{columns[1]}{r}"), (label_a, label_b))
                where[f"pair:{a}|{b}"] = (sheet, f"{columns[0]}{r}")
                if value is not None:
                    judgements.append((a, b, value))
            else:
                c = ids[0]
                ref = f"{columns[0]}{r}"
                where[f"criterion:{c}"] = (sheet, ref)
                if kind == "ranking":
                    rank = self.rank(names[c], ws[ref].value, len(criteria), _cell_where(sheet, ref))
                    if rank is not None:
                        ranks[c] = rank
                else:
                    p = self.swing_points(names[c], ws[ref].value, _cell_where(sheet, ref))
                    if p is not None:
                        points[c] = p
        span = f"{columns[0]}{first}:{columns[0]}{first + len(rows) - 1}"
        return self.finish(meta, judgements, ranks, points, where, str(stakeholder).strip(), respondent,
                           {"sheet": sheet, "field": span, "row": first})

    # -- JSON ----------------------------------------------------------------------------------
    def read_json(self) -> FormAnswers | None:
        try:
            doc = json.loads(self.path.read_text(encoding="utf-8-sig"))
        except UnicodeDecodeError:
            self.issues.error("not UTF-8 text", expected="the .json file saved by the HTML form")
            return None
        except json.JSONDecodeError as err:
            self.issues.error(f"not valid JSON: {err.msg}", row=err.lineno,
                              expected="the .json file saved by the HTML form, unchanged")
            return None
        if not isinstance(doc, dict):
            self.issues.error("not an mkba survey form", value=type(doc).__name__,
                              expected="a JSON object saved by the HTML form")
            return None
        meta = self.meta(doc, {"field": "format"})
        if meta is None:
            return None
        stakeholder = doc.get("stakeholder")
        if not isinstance(stakeholder, str) or not stakeholder.strip():
            self.issues.error("the stakeholder code is missing", field="stakeholder", value=stakeholder,
                              expected="the stakeholder id the form was made for")
            stakeholder = ""
        respondent = doc.get("respondent") or ""
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
            for key in given:
                if key not in criteria:
                    self.issues.error("unknown criterion in the answers", field=f"answers.{kind}.{key}", value=key,
                                      expected=f"one of {criteria}", suggestion=closest(key, criteria))
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


def check_form(path: str | Path) -> tuple[FormAnswers | None, list[InputIssue]]:
    """Read one returned form; return its answers (None when it has errors) and every issue found.

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
        answers = reader.read_xlsx()
    elif suffix == ".json":
        answers = reader.read_json()
    else:
        reader.issues.error(f"unsupported form type {suffix!r}", expected="an .xlsx form or the .json saved by the HTML form")
        answers = None
    return (None if reader.issues.failed else answers), reader.issues.items


def read_form(path: str | Path) -> FormAnswers:
    """Read one returned form (see :func:`check_form`).

    Raises
    ------
    ScenarioError
        Listing every error (and warning) of the form, each located.
    """
    answers, issues = check_form(path)
    if answers is None:
        raise ScenarioError(issues)
    return answers
