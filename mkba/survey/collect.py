"""Aggregate returned survey forms: respondents within each stakeholder, then a new scenario.

Each form is read by :func:`mkba.survey.answers.read_form` into :class:`FormAnswers`, every
problem located by file, sheet and cell (or JSON field). :func:`gather` validates a set of forms against the scenario and aggregates the respondents of
each stakeholder; :func:`collect` writes the result as a new scenario file.

Aggregation within a stakeholder (respondents count equally):

* pairwise, ``"geometric-mean-judgements"`` (AIJ): each respondent's judgements are completed by
  Harker's method (:func:`mkba.survey.design.harker`), the completed matrices are combined by
  the element-wise geometric mean (Aczél & Saaty 1983; :func:`mkba.weights.aggregate_judgements`)
  and written as ``ahp: {criteria, matrix}``; ``cr`` is the CR of that matrix.
* ``"mean-priorities"`` (AIP; Forman & Peniwati 1998): the arithmetic mean of the respondents'
  weight vectors. Ranking and swing forms always use it. Written as ``weights`` (pairwise,
  ranking) or as ``swing`` points on the elicited ranges chosen so that the scenario loader
  reproduces the mean exactly (see :func:`_swing_points_for`). One respondent keeps their own
  elicitation (``ahp``, ``ranking`` or ``swing``).

Each respondent's weights over the matrix criteria (for swing: rescaled to the ranges the longlist
spans now, as :mod:`mkba.stages.weighting` does) are kept in ``survey.respondent_weights``; with two or
more respondents a Dirichlet concentration is fitted to their spread
(:func:`mkba.survey.design.fit_concentration`) and stored as ``survey.concentration``.

The new scenario is the original YAML re-serialised with the collected stakeholders' elicitation
and ``survey`` record replaced. Everything else (keys, order, values) is kept; YAML comments and
flow/block styling of the original are not (PyYAML does not keep them), so a header comment says
where the file came from. It is written beside the original (the measures path stays valid),
checked with :func:`mkba.read_scenario` and moved into place atomically.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .. import weights as wt
from ..errors import InputIssue, MkbaError, ScenarioError, closest
from ..io.readers import dump_yaml, load_yaml, plain_yaml
from ..stages.check import check_scenario, read_scenario
from ..stages.prepare import prepare
from .answers import FormAnswers, check_form
from .design import fit_concentration

__all__ = ["AGGREGATIONS", "StakeholderResult", "Collection", "gather", "collect"]

AGGREGATIONS = ("geometric-mean-judgements", "mean-priorities")
_ELICITATION_KEYS = ("weights", "ahp", "swing", "ranking", "survey")


# ---------------------------------------------------------------------------------------------
# Aggregation within stakeholders
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StakeholderResult:
    """The collected weights of one stakeholder.

    ``weights`` are over the matrix criteria (scenario order) and equal what the scenario loader
    computes from ``elicitation`` (the YAML mapping written for the stakeholder: one of ``ahp``,
    ``ranking``, ``swing``, ``weights``); ``survey`` is the ``survey:`` record.
    """

    stakeholder: str
    kind: str
    aggregation: str
    weights: np.ndarray
    elicitation: dict
    survey: dict
    forms: tuple[FormAnswers, ...]

    def __repr__(self) -> str:
        return (f"<StakeholderResult {self.stakeholder} · {self.kind} · {len(self.forms)} respondent(s) · "
                f"weights={np.array2string(self.weights, precision=3)}>")


@dataclass(frozen=True)
class Collection:
    """Every stakeholder's collected weights (``results``) and the warnings found on the way."""

    scenario: Path
    criteria: tuple[str, ...]
    results: tuple[StakeholderResult, ...]
    warnings: tuple[InputIssue, ...] = ()

    def to_dict(self) -> dict:
        return {r.stakeholder: {"kind": r.kind, "weights": dict(zip(self.criteria, map(float, r.weights))),
                                **r.survey} for r in self.results}

    def __repr__(self) -> str:
        return f"<Collection {len(self.results)} stakeholder(s) · {len(self.warnings)} warning(s)>"


def _swing_points_for(target: np.ndarray, elicited: np.ndarray, observed: np.ndarray) -> np.ndarray:
    """Swing points on the elicited ranges that the loader turns into ``target`` on the observed ranges.

    The loader computes ``w_j ∝ p_j * observed_j / elicited_j`` (:func:`mkba.weights.swing`), so
    ``p_j ∝ target_j * elicited_j / observed_j`` (0 where the observed range is 0: such a criterion
    gets weight 0 whatever its points), scaled so the largest is 100.
    """
    v = np.where(observed > 0, target * elicited / np.where(observed > 0, observed, 1.0), 0.0)
    points = np.minimum(100.0 * v / v.max(), 100.0)
    points[int(np.argmax(v))] = 100.0
    return points


def _floats(values: Iterable[float]) -> list[float]:
    return [float(v) for v in values]


def _aggregate(sid: str, forms: list[FormAnswers], criteria: tuple[str, ...], observed: np.ndarray,
               aggregation: str) -> StakeholderResult:
    kind = forms[0].kind
    r = len(forms)
    per = np.vstack([f.weights(criteria, observed=observed) for f in forms])
    survey: dict = {"kind": kind, "respondents": r}
    elicitation: dict
    if kind == "pairwise":
        results = [f.harker(criteria) for f in forms]
        if aggregation == "geometric-mean-judgements" or r == 1:
            group = wt.aggregate_judgements(np.stack([h.matrix for h in results]), np.ones(r))
            res = wt.ahp(group, ri_table=wt.default_ri_table(len(criteria)))
            weights = np.asarray(res.weights, dtype=float)
            elicitation = {"ahp": {"criteria": list(criteria), "matrix": [_floats(row) for row in group]}}
            survey["aggregation"] = aggregation
            survey["cr"] = float(res.cr)
        else:
            weights = per.mean(axis=0)
            elicitation = {"weights": dict(zip(criteria, _floats(weights)))}
            survey["aggregation"] = "mean-priorities"
        survey["respondent_cr"] = [float(h.cr) for h in results]
    else:
        survey["aggregation"] = "mean-priorities"
        weights = per.mean(axis=0)
        first = forms[0]
        widths = first.elicited_widths(criteria)
        if kind == "ranking":
            if r == 1:
                groups = first.rank_groups(criteria)
                elicitation = {"ranking": [g[0] if len(g) == 1 else list(g) for g in groups]}
            else:
                elicitation = {"weights": dict(zip(criteria, _floats(weights)))}
        elif np.all(widths > 0) and np.any(weights > 0):
            if r == 1:
                points = np.array([first.points[c] for c in criteria], dtype=float)
            else:
                points = _swing_points_for(weights, widths, observed)
            elicitation = {"swing": {"points": dict(zip(criteria, _floats(points))),
                                     "ranges": {c: _floats(first.ranges[c]) for c in criteria}}}
        else:  # a criterion without range on the form: the swing cannot carry its ranges
            elicitation = {"weights": dict(zip(criteria, _floats(weights)))}
    concentration = fit_concentration(per)
    if concentration is not None:
        survey["concentration"] = float(concentration)
    survey["respondent_weights"] = [dict(zip(criteria, _floats(np.round(row, 12)))) for row in per]
    survey["forms"] = [f.name for f in forms]
    return StakeholderResult(sid, kind, survey["aggregation"], weights, elicitation, survey, tuple(forms))


def gather(scenario_path: str | Path, forms: Sequence[str | Path], *,
           aggregation: str = "geometric-mean-judgements") -> Collection:
    """Validate returned forms against a scenario and aggregate respondents within each stakeholder.

    Parameters
    ----------
    scenario_path : path
        The scenario the forms were made for.
    forms : sequence of paths
        Returned ``.xlsx`` forms and/or ``.json`` answers of the HTML form; several per
        stakeholder are aggregated (see the module docstring).
    aggregation : {"geometric-mean-judgements", "mean-priorities"}
        For pairwise forms: AIJ (geometric mean of the Harker-completed judgements) or AIP (mean
        of the respondents' priorities). Ranking and swing forms always use the mean of priorities.

    Raises
    ------
    ScenarioError
        Listing every issue of every form (located by file, sheet and cell), plus those found
        against the scenario: unknown stakeholder id, criteria that no longer match, mixed form
        kinds within one stakeholder, the same file twice.
    MkbaError
        Unknown ``aggregation`` or no forms.
    """
    if aggregation not in AGGREGATIONS:
        hint = closest(aggregation, AGGREGATIONS)
        raise MkbaError(f"unknown aggregation {aggregation!r}; choose one of {list(AGGREGATIONS)}"
                        + (f" (did you mean {hint!r}?)" if hint else ""))
    if not forms:
        raise MkbaError("no forms given; pass the returned .xlsx or .json files")
    path = Path(scenario_path)
    scenario = read_scenario(path)
    matrix = prepare(scenario).matrix
    criteria = matrix.criteria
    ids = [s.id for s in scenario.stakeholders]
    issues: list[InputIssue] = []
    answers: list[FormAnswers] = []
    seen: dict[Path, str] = {}
    for form in forms:
        key = Path(form).resolve()
        if key in seen:
            issues.append(InputIssue(file=str(form), message="the same form is given twice", value=seen[key],
                                     expected="each returned form once"))
            continue
        seen[key] = str(form)
        got, found = check_form(form, scenario.input_hash)
        issues += found
        if got is None:
            continue
        where = dict(zip(("sheet", "field"), got.where.get("stakeholder", (None, None))))
        if where.get("field") and where.get("sheet"):
            where["row"] = int("".join(ch for ch in where["field"] if ch.isdigit()) or 0) or None
        ok = True
        if got.stakeholder not in ids:
            issues.append(InputIssue(file=got.file, message="unknown stakeholder id", value=got.stakeholder,
                                     expected=f"one of {ids} (the stakeholders of {path.name})",
                                     suggestion=closest(got.stakeholder, ids), **where))
            ok = False
        if sorted(got.criteria) != sorted(criteria):
            issues.append(InputIssue(
                file=got.file, message="the form asks about other criteria than the scenario weighs now",
                value=list(got.criteria), expected=f"the matrix criteria {list(criteria)}: make new forms with "
                "`mkba survey` for this scenario"))
            ok = False
        if got.scenario and got.scenario != scenario.name:
            issues.append(InputIssue(file=got.file, message="the form was made for another plan", value=got.scenario,
                                     expected=repr(scenario.name), severity="warning"))
        if ok:
            answers.append(got)
    groups: dict[str, list[FormAnswers]] = {}
    for a in answers:
        groups.setdefault(a.stakeholder, []).append(a)
    for sid, group in groups.items():
        kinds = sorted({a.kind for a in group})
        if len(kinds) > 1:
            issues.append(InputIssue(file=group[0].file, message=f"stakeholder {sid!r} returned forms of different kinds",
                                     value={a.name: a.kind for a in group},
                                     expected="one kind of form per stakeholder (pairwise, ranking or swing)"))
        names = [a.respondent for a in group if a.respondent]
        for dup in sorted({n for n in names if names.count(n) > 1}):
            issues.append(InputIssue(file=group[0].file, message=f"respondent {dup!r} returned more than one form "
                                     f"for {sid!r}; each counts", value=[a.name for a in group if a.respondent == dup],
                                     expected="one form per respondent", severity="warning"))
    if any(i.severity == "error" for i in issues):
        raise ScenarioError(issues)
    order = {sid: k for k, sid in enumerate(ids)}
    results = tuple(_aggregate(sid, groups[sid], criteria, np.asarray(matrix.spread, dtype=float), aggregation)
                    for sid in sorted(groups, key=order.__getitem__))
    return Collection(scenario=path, criteria=tuple(criteria), results=results, warnings=tuple(issues))


# ---------------------------------------------------------------------------------------------
# Writing the new scenario
# ---------------------------------------------------------------------------------------------


def _updated_document(doc: dict, collection: Collection, source: Path) -> dict:
    by_id = {r.stakeholder: r for r in collection.results}
    stakeholders = []
    for item in doc.get("stakeholders") or []:
        sid = str(item.get("id")).strip() if isinstance(item, dict) else None
        if sid not in by_id:
            stakeholders.append(item)
            continue
        result = by_id[sid]
        kept = {k: v for k, v in item.items() if k not in _ELICITATION_KEYS}
        stakeholders.append({**kept, **result.elicitation, "survey": result.survey})
    out = dict(doc)
    out["stakeholders"] = stakeholders
    group = out.get("group", "auto")
    if group == "aij" and not all(isinstance(s, dict) and "ahp" in s for s in stakeholders):
        not_ahp = [str(s.get("id")) for s in stakeholders if isinstance(s, dict) and "ahp" not in s]
        raise ScenarioError([InputIssue(
            file=str(source), field="group", value=group,
            message=f"the scenario combines stakeholders by 'aij', but {not_ahp} would not have AHP judgements",
            expected="pairwise forms with aggregation 'geometric-mean-judgements' for every stakeholder, or "
                     "group 'mean'/'auto' in the scenario")])
    return out


def render_scenario(collection: Collection, *, forms_note: str = "") -> str:
    """The text of the new scenario file: the original with the collected stakeholders replaced."""
    source = collection.scenario
    doc, issues = load_yaml(source.read_text(encoding="utf-8-sig"), str(source))  # keeps keys such as 'on'
    if issues:
        raise ScenarioError(issues)
    doc = plain_yaml(doc)
    if not isinstance(doc, dict):
        raise MkbaError(f"{source} is not a YAML mapping")
    updated = _updated_document(doc, collection, source)
    names = ", ".join(r.stakeholder for r in collection.results)
    header = (f"# Written by `mkba collect` from {source.name} and the returned survey forms{forms_note}.\n"
              f"# Collected stakeholders: {names}. Comments of the original file are not kept.\n")
    body = dump_yaml(updated)
    return header + body


def collect(scenario_path: str | Path, forms: Sequence[str | Path], out_path: str | Path | None = None, *,
            aggregation: str = "geometric-mean-judgements", overwrite: bool = False) -> Path:
    """Read returned forms, aggregate them per stakeholder and write a NEW scenario file.

    Each collected stakeholder's elicitation is replaced (pairwise -> ``ahp``; ranking ->
    ``ranking``; swing -> ``swing`` with the ranges the points were elicited on; ``weights`` when
    priorities of several respondents are averaged) and a ``survey`` record is added (kind,
    respondents, aggregation, cr, respondent_cr, concentration, respondent_weights, forms; see
    docs/scenario-format.md). Stakeholders without a returned form keep what they had.

    Parameters
    ----------
    scenario_path : path
        The original scenario (never overwritten).
    forms : sequence of paths
        The returned forms (.xlsx or .json).
    out_path : path, optional
        Default ``<stem>.collected.yaml`` beside the original. Must be in the same folder as the
        original so the measures path keeps working.
    aggregation : {"geometric-mean-judgements", "mean-priorities"}
        See :func:`gather`.
    overwrite : bool
        Replace an existing ``out_path`` (never the original).

    Returns
    -------
    Path
        The new scenario file; it loads with :func:`mkba.read_scenario`.

    Raises
    ------
    ScenarioError
        Every issue of every form (see :func:`gather`).
    MkbaError
        ``out_path`` is the original, exists (without ``overwrite``) or lies in another folder.
    """
    source = Path(scenario_path)
    out = Path(out_path) if out_path is not None else source.with_name(f"{source.stem}.collected.yaml")
    if out.resolve() == source.resolve():
        raise MkbaError(f"refusing to overwrite the original scenario {source}; choose another out_path")
    if out.resolve().parent != source.resolve().parent:
        raise MkbaError(f"write the collected scenario into the folder of {source.name} ({source.parent}) so its "
                        f"measures file stays valid; got {out}")
    if out.exists() and not overwrite:
        raise MkbaError(f"{out} exists; pass overwrite=True (or choose another name) to replace it")
    collection = gather(source, forms, aggregation=aggregation)
    content = render_scenario(collection)
    tmp = out.with_name(f".{out.stem}.tmp-{os.getpid()}{out.suffix}")
    try:
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
        scenario, issues = check_scenario(tmp)
        if scenario is None:
            raise ScenarioError(issues)
        os.replace(tmp, out)
    finally:
        if tmp.exists():
            tmp.unlink()
    return out
