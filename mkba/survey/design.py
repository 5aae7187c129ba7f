"""What a survey form asks and how its answers become weights; shared by the writers and :mod:`collect`.

The form content (:class:`FormSpec`) is built once from the scenario and rendered twice: as an
Excel workbook (:mod:`mkba.survey.forms_xlsx`) and as a self-contained HTML page
(:mod:`mkba.survey.forms_html`). Both ask about the decision-matrix criteria: ``npv`` plus every
criterion without a shadow price.

Pairwise design (:func:`pairwise_design`)
-----------------------------------------
With n criteria the form asks the n - 1 comparisons of a spanning tree first: every criterion
against the first one (``npv``), a star. They are *required*: together they fix one consistent
set of weights. The remaining (n - 1)(n - 2)/2 comparisons are *optional* and follow in bands of
increasing distance ``j - i`` = 1, 2, ..., n - 2 between the criteria (within a band by ``i``).
Each optional answer closes a cycle with the star, so a consistency ratio exists from the first
optional answer on; after band 1 (n - 2 answers) every criterion lies on a cycle, so each
judgement can be checked; later bands add redundancy evenly over the criteria.

Incomplete judgements (:func:`harker`)
--------------------------------------
Missing comparisons are completed by Harker's method (Harker 1987, "Incomplete pairwise
comparisons in the analytic hierarchy process", Mathematical Modelling 9(11):837-848): the
matrix C with ``c_ij = a_ij`` for a given judgement, ``c_ij = 0`` for a missing one and
``c_ii = 1 + m_i`` (``m_i`` missing entries in row i) has the principal eigenvector w; filling
every missing ``a_ij`` with ``w_i / w_j`` gives a complete reciprocal matrix A* with the same
eigenvector and eigenvalue, because ``(C w)_i = sum_known a_ij w_j + m_i w_i + w_i = (A* w)_i``.
The consistency ratio is that of A* with Saaty's RI (as Harker 1987 does; Ágoston & Csató 2022,
Omega 108:102566, give thresholds adjusted for the number of missing entries, which are not
used). A* is what ``mkba collect`` writes into the scenario, so the weights the scenario loader
computes are exactly Harker's.

Dirichlet concentration (:func:`fit_concentration`)
---------------------------------------------------
Respondents within a stakeholder are modelled as draws from Dirichlet(alpha * w_bar). Then
``Var(w_j) = w_bar_j (1 - w_bar_j) / (alpha + 1)`` for every criterion j. Pooling over the
criteria (method of moments), ``alpha + 1 = sum_j w_bar_j (1 - w_bar_j) / sum_j s_j^2`` with w_bar
the sample mean and s_j^2 the unbiased sample variance of the respondents' weights (e.g.
Minka 2000, "Estimating a Dirichlet distribution", §1, moment matching; Ronning 1989).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import numpy as np

from .. import numbers, weights as wt
from ..errors import MkbaError, closest
from ..model import NPV_ID
from ..stages.check import read_scenario
from ..stages.prepare import prepare
from .signature import signed

__all__ = [
    "KINDS",
    "LANGUAGES",
    "FORM_FORMAT",
    "FORM_VERSION",
    "MESSAGES",
    "text",
    "FormCriterion",
    "FormSpec",
    "pairwise_design",
    "harker",
    "HarkerResult",
    "fit_concentration",
    "form_specs",
    "MIN_CONCENTRATION",
    "EQUAL_TOKENS",
    "respondent_labels",
    "format_number",
]

KINDS = ("pairwise", "ranking", "swing")
LANGUAGES = ("nl", "en")
FORM_FORMAT = "mkba-survey"
FORM_VERSION = 2
MIN_CONCENTRATION = 1e-3
"""Floor of the fitted concentration (respondents who disagree as much as a Dirichlet allows)."""

# ---------------------------------------------------------------------------------------------
# Message catalogue: every label the forms show, in Dutch and English
# ---------------------------------------------------------------------------------------------

MESSAGES: Mapping[str, Mapping[str, str]] = {
    "nl": {
        "title.pairwise": "Gezamenlijke ambitiebepaling: paarsgewijze vergelijking",
        "title.ranking": "Gezamenlijke ambitiebepaling: rangorde van de criteria",
        "title.swing": "Gezamenlijke ambitiebepaling: swing-gewichten",
        "sheet.instructions": "Toelichting",
        "sheet.criteria": "Criteria",
        "sheet.answers": "Vragen",
        "scenario": "Plan",
        "stakeholder": "Partij",
        "stakeholder_id": "Partij (code, niet wijzigen)",
        "respondent": "Uw naam of kenmerk (optioneel)",
        "criterion": "Criterium",
        "unit": "Eenheid",
        "direction": "Richting",
        "benefit": "meer is beter",
        "cost": "minder is beter",
        "worst": "Slechtste waarde op de longlist",
        "best": "Beste waarde op de longlist",
        "description": "Toelichting",
        "id": "Code",
        "npv.name": "Netto contante waarde (saldo)",
        "npv.unit": "euro",
        "npv.description": "Saldo van alle kosten en alle in geld uitgedrukte effecten over de looptijd{monetised}.",
        "npv.monetised": ", waaronder {names}",
        "number": "Nr.",
        "more": "Welke is belangrijker? (A, B of gelijk)",
        "intensity": "Hoeveel belangrijker? (1-9)",
        "required": "Verplicht?",
        "yes": "verplicht",
        "no": "optioneel",
        "equal": "gelijk",
        "rank": "Rang (1 = belangrijkst)",
        "points": "Punten (0-100)",
        "status": "Stand van zaken",
        "cr": "Consistentie (CR)",
        "cr.ok": "in orde",
        "cr.bad": "te inconsistent (> {threshold}); kijk nog eens naar vraag {number}: {a} tegenover {b} "
                  "(met uw andere antwoorden zou ongeveer {consistent} passen)",
        "cr.wait": "beantwoord eerst alle verplichte vragen",
        "weights": "Gewichten volgens uw antwoorden",
        "download": "Antwoorden opslaan (JSON)",
        "copy": "Of kopieer deze tekst en stuur die terug:",
        "missing": "Nog niet beantwoord (verplicht): {items}",
        "saved": "Opgeslagen als {file}. Stuur dit bestand terug naar de procesbegeleider.",
        "scale": "Schaal: 1 = even belangrijk, 3 = iets belangrijker, 5 = duidelijk belangrijker, "
                 "7 = veel belangrijker, 9 = extreem veel belangrijker (2, 4, 6, 8 liggen ertussen).",
        "instructions.intro": "Dit formulier hoort bij {scenario}. U vult het in namens {stakeholder}. "
                              "Uw antwoorden bepalen hoe zwaar elk criterium weegt bij het rangschikken "
                              "van de maatregelen van de longlist.",
        "instructions.criteria": "Het blad '{sheet}' beschrijft de criteria: wat ze meten, in welke eenheid, "
                                 "of meer of minder beter is en tussen welke waarden de maatregelen van de "
                                 "longlist liggen.",
        "instructions.pairwise": "Vergelijk op het blad '{sheet}' steeds twee criteria (A en B): kies welke "
                                 "belangrijker is (A, B of gelijk) en hoeveel belangrijker, van 1 tot 9. "
                                 "De eerste {required} vragen zijn verplicht; de overige vragen zijn optioneel "
                                 "maar maken de uitkomst betrouwbaarder en laten zien of uw antwoorden "
                                 "consistent zijn (CR tot {threshold} is in orde).",
        "instructions.ranking": "Geef op het blad '{sheet}' elk criterium een rang: 1 voor het belangrijkste, "
                                "2 voor het volgende, enzovoort. Twee criteria die u even belangrijk vindt "
                                "mogen dezelfde rang krijgen.",
        "instructions.swing": "Stel u voor dat alle criteria op hun slechtste waarde van de longlist staan. "
                              "Welke verbetering van slechtste naar beste waarde vindt u het belangrijkst? "
                              "Geef die op het blad '{sheet}' 100 punten. Geef elke andere verbetering "
                              "0 tot 100 punten naar hoe belangrijk die is in vergelijking met de "
                              "belangrijkste. De gewichten gelden alleen voor deze bereiken.",
        "instructions.cells": "Alleen de gele cellen kunnen worden ingevuld; de rest van het formulier is "
                              "beveiligd.",
        "instructions.return": "Sla het ingevulde bestand op en stuur het terug naar de procesbegeleider.",
        "instructions.return_html": "Klik onderaan op '{button}' en stuur het bestand terug naar de "
                                    "procesbegeleider. Er wordt niets verstuurd of opgehaald via internet.",
        "header.a": "Criterium A",
        "header.b": "Criterium B",
        "range": "Bereik op de longlist (slechtst → best)",
    },
    "en": {
        "title.pairwise": "Shared ambition: pairwise comparison",
        "title.ranking": "Shared ambition: ranking the criteria",
        "title.swing": "Shared ambition: swing weights",
        "sheet.instructions": "Instructions",
        "sheet.criteria": "Criteria",
        "sheet.answers": "Questions",
        "scenario": "Plan",
        "stakeholder": "Party",
        "stakeholder_id": "Party (code, do not change)",
        "respondent": "Your name or reference (optional)",
        "criterion": "Criterion",
        "unit": "Unit",
        "direction": "Direction",
        "benefit": "more is better",
        "cost": "less is better",
        "worst": "Worst value on the longlist",
        "best": "Best value on the longlist",
        "description": "Description",
        "id": "Code",
        "npv.name": "Net present value",
        "npv.unit": "euro",
        "npv.description": "Balance of all costs and all effects valued in money over the appraisal period{monetised}.",
        "npv.monetised": ", including {names}",
        "number": "No.",
        "more": "Which is more important? (A, B or equal)",
        "intensity": "How much more important? (1-9)",
        "required": "Required?",
        "yes": "required",
        "no": "optional",
        "equal": "equal",
        "rank": "Rank (1 = most important)",
        "points": "Points (0-100)",
        "status": "Status",
        "cr": "Consistency (CR)",
        "cr.ok": "fine",
        "cr.bad": "too inconsistent (> {threshold}); please revisit question {number}: {a} versus {b} "
                  "(about {consistent} would fit your other answers)",
        "cr.wait": "answer every required question first",
        "weights": "Weights from your answers",
        "download": "Save answers (JSON)",
        "copy": "Or copy this text and send it back:",
        "missing": "Not yet answered (required): {items}",
        "saved": "Saved as {file}. Please send this file back to the facilitator.",
        "scale": "Scale: 1 = equally important, 3 = moderately more, 5 = strongly more, 7 = very strongly "
                 "more, 9 = extremely more important (2, 4, 6, 8 lie in between).",
        "instructions.intro": "This form belongs to {scenario}. You answer on behalf of {stakeholder}. "
                              "Your answers set how much each criterion weighs when the measures of the "
                              "longlist are ranked.",
        "instructions.criteria": "The sheet '{sheet}' describes the criteria: what they measure, in which unit, "
                                 "whether more or less is better and between which values the measures of the "
                                 "longlist lie.",
        "instructions.pairwise": "On the sheet '{sheet}', compare two criteria (A and B) at a time: choose which "
                                 "is more important (A, B or equal) and how much more, from 1 to 9. The first "
                                 "{required} questions are required; the others are optional but make the "
                                 "result more reliable and show whether your answers are consistent (a CR up "
                                 "to {threshold} is fine).",
        "instructions.ranking": "On the sheet '{sheet}', give each criterion a rank: 1 for the most important, "
                                "2 for the next, and so on. Criteria you find equally important may share a rank.",
        "instructions.swing": "Imagine every criterion at its worst value on the longlist. Which improvement "
                              "from worst to best matters most to you? Give it 100 points on the sheet "
                              "'{sheet}'. Give every other improvement 0 to 100 points for how important it "
                              "is compared with the most important one. The weights hold for these ranges only.",
        "instructions.cells": "Only the yellow cells can be filled in; the rest of the form is protected.",
        "instructions.return": "Save the completed file and send it back to the facilitator.",
        "instructions.return_html": "Click '{button}' at the bottom and send the file back to the facilitator. "
                                    "Nothing is sent or fetched over the internet.",
        "header.a": "Criterion A",
        "header.b": "Criterion B",
        "range": "Range on the longlist (worst → best)",
    },
}
"""The one message catalogue of the forms: ``MESSAGES[lang][key]``, formatted with ``str.format``."""

EQUAL_TOKENS = ("gelijk", "equal", "=", "a=b")
"""Accepted spellings of 'equally important' in the 'which is more important' cell."""


def text(lang: str, key: str, **values: object) -> str:
    """The label ``key`` in language ``lang``, with ``values`` filled in."""
    return MESSAGES[lang][key].format(**values)


# ---------------------------------------------------------------------------------------------
# Form content
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FormCriterion:
    """A decision-matrix criterion as the form shows it, with the range it spans on the longlist.

    ``worst``/``best`` are the worst and best values of the criterion over the measures of the
    longlist (for a cost criterion ``worst > best``), rounded to 6 significant digits: these are
    the ranges swing points are elicited on and are recorded with them.
    """

    id: str
    name: str
    unit: str
    direction: str
    worst: float
    best: float
    description: str = ""

    @property
    def width(self) -> float:
        return abs(self.best - self.worst)


@dataclass(frozen=True)
class FormSpec:
    """One form: who answers, which criteria, and (pairwise) which comparisons in which order.

    ``pairs[k] = (i, j)`` with i < j asks "criterion i versus criterion j"; the first
    ``n - 1`` are required (see :func:`pairwise_design`). ``ri`` and ``threshold`` are the
    random index (table ``ri_table``) and the CR acceptance threshold for n criteria.
    """

    scenario: str
    scenario_file: str
    stakeholder: str
    stakeholder_name: str
    kind: str
    lang: str
    criteria: tuple[FormCriterion, ...]
    pairs: tuple[tuple[int, int], ...] = ()
    respondent: str = ""
    ri: float = 0.0
    ri_table: str = "saaty"
    threshold: float = 0.10
    file_stem: str = ""
    input_hash: str = ""

    @property
    def n(self) -> int:
        return len(self.criteria)

    @property
    def required_pairs(self) -> int:
        return self.n - 1 if self.kind == "pairwise" else 0

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.criteria)

    def meta(self) -> dict:
        """The machine-readable part stored in every form (and echoed in the JSON answers), signed
        for the party and the scenario's files (:mod:`mkba.survey.signature`)."""
        return signed({
            "format": FORM_FORMAT, "version": FORM_VERSION, "kind": self.kind, "lang": self.lang,
            "scenario": self.scenario, "scenario_file": self.scenario_file,
            "stakeholder": self.stakeholder, "criteria": list(self.ids),
            "ranges": {c.id: [c.worst, c.best] for c in self.criteria},
            "pairs": [[self.ids[i], self.ids[j]] for i, j in self.pairs],
            "required": self.required_pairs,
        }, self.input_hash)


def pairwise_design(n: int) -> tuple[tuple[int, int], ...]:
    """The comparisons a pairwise form asks, in order: required spanning tree first, then the rest.

    First ``(0, 1), (0, 2), ..., (0, n - 1)``: each criterion against the first (a spanning
    tree; n - 1 required comparisons). Then the optional pairs ``(i, j)``, 1 <= i < j, by band
    ``j - i = 1, 2, ...`` and within a band by ``i``: the first optional answer already closes a
    triangle with the star (so a CR exists), after band 1 every criterion lies on a cycle, and
    later bands add redundancy evenly. All n(n - 1)/2 pairs in total.

    Examples
    --------
    >>> pairwise_design(4)
    ((0, 1), (0, 2), (0, 3), (1, 2), (2, 3), (1, 3))
    """
    star = tuple((0, j) for j in range(1, n))
    rest = tuple((i, i + d) for d in range(1, n - 1) for i in range(1, n - d))
    return star + rest


@dataclass(frozen=True)
class HarkerResult:
    """Weights and consistency of an incomplete set of pairwise judgements (Harker 1987).

    ``matrix`` is the completed reciprocal matrix A* (missing ``a_ij = w_i / w_j``); ``ahp`` is
    :func:`mkba.weights.ahp` of A* (weights, lambda_max, CI, CR with the default RI table, and
    the worst judgement); ``given`` marks the entries that were answered.
    """

    matrix: np.ndarray
    given: np.ndarray
    ahp: wt.AHPResult

    @property
    def weights(self) -> np.ndarray:
        return self.ahp.weights

    @property
    def cr(self) -> float:
        return float(self.ahp.cr)

    def worst_given(self) -> tuple[int, int, float, float] | None:
        """The answered judgement furthest from the weights: (i, j, given a_ij, consistent w_i/w_j).

        Largest ``|ln(a_ij w_j / w_i)|`` over answered i < j; None without any.
        """
        w = self.weights
        best: tuple[float, int, int] | None = None
        n = w.size
        for i in range(n):
            for j in range(i + 1, n):
                if self.given[i, j]:
                    e = abs(math.log(self.matrix[i, j] * w[j] / w[i]))
                    if best is None or e > best[0] + 1e-12:
                        best = (e, i, j)
        if best is None:
            return None
        _, i, j = best
        return i, j, float(self.matrix[i, j]), float(w[i] / w[j])


def _connected(n: int, edges: Sequence[tuple[int, int]]) -> bool:
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in edges:
        parent[find(i)] = find(j)
    return len({find(k) for k in range(n)}) == 1


def harker(n: int, judgements: Mapping[tuple[int, int], float]) -> HarkerResult:
    """Complete an incomplete set of pairwise judgements by Harker's (1987) eigenvector method.

    ``C`` has ``c_ij = a_ij`` (and ``c_ji = 1/a_ij``) for every judgement given, 0 for a missing
    one, and ``c_ii = 1 + m_i`` with ``m_i`` the missing entries of row i. Its principal
    eigenvector w (sum 1) gives the weights; missing entries are completed as ``w_i / w_j``, which
    leaves the eigenpair unchanged, and the completed matrix's CI and CR are reported (see the
    module docstring). With a spanning tree only (n - 1 judgements) the result is the unique
    consistent completion and CR = 0.

    Source: Harker, P.T. (1987). Incomplete pairwise comparisons in the analytic hierarchy
    process. Mathematical Modelling 9(11):837-848.

    Parameters
    ----------
    n : int
        Number of criteria (>= 1).
    judgements : mapping (i, j) -> a_ij
        Positive judgements, ``a_ij`` = how much more important i is than j; the graph of the
        pairs must connect all n criteria.

    Raises
    ------
    MkbaError
        A non-positive judgement, or pairs that do not connect every criterion.
    """
    given = np.zeros((n, n), dtype=bool)
    c = np.zeros((n, n))
    for (i, j), a in judgements.items():
        if not (a > 0 and math.isfinite(a)):
            raise MkbaError(f"judgement ({i}, {j}) = {a!r} is not a positive number")
        c[i, j], c[j, i] = a, 1.0 / a
        given[i, j] = given[j, i] = True
    if not _connected(n, list(judgements)):
        raise MkbaError("the comparisons do not connect every criterion; the weights are undetermined")
    np.fill_diagonal(given, True)
    missing = (~given).sum(axis=1)
    c[np.diag_indices(n)] = 1.0 + missing
    if n == 1:
        w = np.ones(1)
    else:
        values, vectors = np.linalg.eig(c)
        k = int(np.argmax(values.real))
        w = np.abs(vectors[:, k].real)
        w = w / w.sum()
        for _ in range(200):  # polish by power iteration (C is non-negative and primitive)
            nxt = c @ w
            nxt /= nxt.sum()
            if np.max(np.abs(nxt - w)) < 1e-16:
                w = nxt
                break
            w = nxt
    completed = np.where(given, c, w[:, None] / w[None, :])
    np.fill_diagonal(completed, 1.0)
    result = wt.ahp(completed, ri_table=wt.default_ri_table(n))
    return HarkerResult(matrix=completed, given=given, ahp=result)


def fit_concentration(samples: object, mean: object = None) -> float | None:
    """Dirichlet concentration alpha fitted to respondents' weight vectors by the method of moments.

    For ``w ~ Dirichlet(alpha * w_bar)``, ``Var(w_j) = w_bar_j (1 - w_bar_j) / (alpha + 1)``.
    Pooling the criteria,

    ``alpha = sum_j w_bar_j (1 - w_bar_j) / sum_j s_j^2 - 1``

    with ``s_j^2`` the unbiased sample variance over respondents and ``w_bar`` their sample mean
    (or ``mean`` when given). Minka (2000), *Estimating a Dirichlet distribution*, §1 (moment
    matching); pooling over criteria follows Ronning (1989), J. Statistical Computation and
    Simulation 32(4):215-221.

    Parameters
    ----------
    samples : array_like (r, m)
        One weight vector (summing to 1) per respondent.
    mean : array_like (m,), optional

    Returns
    -------
    float or None
        None with fewer than two respondents, or when they agree exactly (no spread: the
        concentration is unbounded). At least :data:`MIN_CONCENTRATION`.
    """
    x = np.asarray(samples, dtype=float)
    if x.ndim != 2 or x.shape[0] < 2:
        return None
    w_bar = x.mean(axis=0) if mean is None else np.asarray(mean, dtype=float)
    var = x.var(axis=0, ddof=1).sum()
    if not var > 1e-15:
        return None
    alpha = float(np.sum(w_bar * (1.0 - w_bar)) / var - 1.0)
    return max(alpha, MIN_CONCENTRATION)


# ---------------------------------------------------------------------------------------------
# Building the forms' content from a scenario
# ---------------------------------------------------------------------------------------------


def _sig(x: float, digits: int = 6) -> float:
    if x == 0 or not math.isfinite(x):
        return 0.0
    return float(f"{x:.{digits}g}")


def _slug(label: str) -> str:
    keep = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in label.strip())
    return "-".join(filter(None, keep.split("-")))[:40]


def respondent_labels(respondents: object, stakeholder: str) -> list[str]:
    """Respondent labels for one stakeholder from ``write_forms``'s ``respondents`` argument.

    None: one unnamed form. An int k: forms numbered 01..k. A mapping: per stakeholder id an int
    or a list of names (stakeholders not in the mapping get one unnamed form).
    """
    if respondents is None:
        return [""]
    value = respondents.get(stakeholder) if isinstance(respondents, Mapping) else respondents
    if value is None:
        return [""]
    if isinstance(value, bool):
        raise MkbaError(f"respondents for {stakeholder!r} must be a count or a list of names, not {value!r}")
    if isinstance(value, int):
        if value < 1:
            raise MkbaError(f"respondents for {stakeholder!r} must be >= 1, got {value}")
        return [""] if value == 1 else [f"{k:02d}" for k in range(1, value + 1)]
    if isinstance(value, str):
        return [value]
    if not isinstance(value, Iterable):
        raise MkbaError(f"respondents for {stakeholder!r} must be a count or a list of names, not {value!r}")
    labels = [str(v) for v in value]
    if not labels or len(set(_slug(v) for v in labels)) != len(labels):
        raise MkbaError(f"respondent names for {stakeholder!r} must be non-empty and distinct: {labels}")
    return labels


def form_specs(scenario_path: str | Path, *, kind: str = "pairwise", lang: str = "nl",
               respondents: object = None) -> list[FormSpec]:
    """The content of every form for a scenario: one per stakeholder (and respondent label).

    Ranges come from the decision matrix of the longlist (:func:`mkba.stages.matrix.build` on the
    appraisal): ``npv`` in euros and every PM criterion in its unit; worst/best follow the
    criterion's direction.

    Raises
    ------
    ScenarioError
        The scenario does not load.
    MkbaError
        Unknown kind or language, fewer than two matrix criteria, bad ``respondents``.
    """
    if kind not in KINDS:
        hint = closest(kind, KINDS)
        raise MkbaError(f"unknown form kind {kind!r}; choose one of {list(KINDS)}"
                        + (f" (did you mean {hint!r}?)" if hint else ""))
    if lang not in LANGUAGES:
        raise MkbaError(f"unknown language {lang!r}; choose one of {list(LANGUAGES)}")
    path = Path(scenario_path)
    scenario = read_scenario(path)
    matrix = prepare(scenario).matrix
    n = len(matrix.criteria)
    if n < 2:
        raise MkbaError("the scenario has one matrix criterion (npv) only; there is nothing to weigh")
    lo, hi = matrix.values.min(axis=0), matrix.values.max(axis=0)
    monetised = ", ".join(c.name for c in scenario.monetised_criteria)
    criteria = []
    for k, cid in enumerate(matrix.criteria):
        worst, best = (lo[k], hi[k]) if matrix.types[k] > 0 else (hi[k], lo[k])
        if cid == NPV_ID:
            extra = text(lang, "npv.monetised", names=monetised) if monetised else ""
            criteria.append(FormCriterion(cid, text(lang, "npv.name"), text(lang, "npv.unit"), "benefit",
                                          float(round(worst)), float(round(best)),
                                          text(lang, "npv.description", monetised=extra)))
        else:
            c = scenario.criterion(cid)
            criteria.append(FormCriterion(cid, c.name, c.unit, c.direction, _sig(worst), _sig(best),
                                          c.description))
    ri_table = wt.default_ri_table(n)
    specs = []
    for s in scenario.stakeholders:
        for label in respondent_labels(respondents, s.id):
            stem = s.id + (f"-{_slug(label)}" if label else "")
            specs.append(FormSpec(
                scenario=scenario.name, scenario_file=path.name, stakeholder=s.id, stakeholder_name=s.name,
                kind=kind, lang=lang, criteria=tuple(criteria),
                pairs=pairwise_design(n) if kind == "pairwise" else (), respondent=label,
                ri=wt.random_index(n, ri_table), ri_table=ri_table, threshold=wt.consistency_threshold(n),
                file_stem=stem, input_hash=scenario.input_hash,
            ))
    return specs


def format_number(x: float, lang: str) -> str:
    """A number as the form shows it (:func:`mkba.numbers.format_number` at the form's precision):
    thousands separators, Dutch or English decimal mark, the typographic minus U+2212."""
    return numbers.format_number(x, None, lang, minus=numbers.MINUS)

