"""The built-in methods, registered once at import (see :mod:`mkba.mcda.registry`)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import MethodError
from . import batch, promethee, reference
from .registry import Method, Param, register
from .validation import choice, number_in, per_criterion

__all__: list[str] = []

_LIST_RELATIVE = ("list-relative: the score is normalised over the measures in the list, so adding or "
                  "removing a measure changes the others' scores; not usable as a portfolio objective")


def _bounds(name: str):
    def check(value: Any, n_criteria: int | None) -> np.ndarray:
        try:
            b = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            b = np.full((0,), np.nan)
        want = (n_criteria, 2) if n_criteria is not None else (b.shape[0] if b.ndim == 2 else -1, 2)
        if b.ndim != 2 or b.shape != want or not np.isfinite(b).all() or not (b[:, 0] < b[:, 1]).all():
            rows = "one" if n_criteria is None else str(n_criteria)
            raise MethodError(f"parameter {name!r} must be {rows} [low, high] pair(s), one per criterion, finite "
                              f"with low < high; got {value!r}")
        b = b.copy()
        b.setflags(write=False)
        return b
    return check


def _point(name: str):
    def check(value: Any, n_criteria: int | None) -> np.ndarray:
        try:
            e = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            e = np.full((0, 0), np.nan)
        if e.ndim != 1 or (n_criteria is not None and e.shape[0] != n_criteria) or not np.isfinite(e).all():
            raise MethodError(f"parameter {name!r} must be one finite number per criterion; got {value!r}")
        e = e.copy()
        e.setflags(write=False)
        return e
    return check


register(Method(
    name="topsis", label="TOPSIS (Hwang & Yoon 1981)", higher_is_better=True, additive=False,
    params={"normalization": Param("normalization", "minmax",
                                   "column normalisation: minmax (default, as pymcdm), vector (Hwang & Yoon's "
                                   "original), max or sum (ratio scales, positive values)",
                                   choice("normalization", ("minmax", "vector", "max", "sum")))},
    reference=reference.topsis, kernel=batch.topsis,
    zero_spread="minmax/max/sum/vector all give a constant column, at distance 0 from both the ideal and the "
                "anti-ideal: it adds nothing to either distance. If every weighted criterion is flat, C = 0.5.",
    source="Hwang, C.L. & Yoon, K. (1981) Multiple Attribute Decision Making, Springer; Opricovic & Tzeng "
           "(2004) EJOR 156:445-455", notes=_LIST_RELATIVE))

register(Method(
    name="vikor", label="VIKOR (Opricovic & Tzeng 2004)", higher_is_better=False, additive=False,
    params={"v": Param("v", 0.5, "weight of the group utility S against the individual regret R, in [0, 1]",
                       number_in("v", 0.0, 1.0))},
    reference=reference.vikor, kernel=batch.vikor,
    zero_spread="regret term defined as 0 for every measure (pymcdm raises); an S or R term whose spread over "
                "the list is 0 (within 1e-12 relative) is defined as 0",
    source="Opricovic, S. & Tzeng, G.-H. (2004) EJOR 156(2):445-455, eqs. (1)-(4)", notes=_LIST_RELATIVE))

register(Method(
    name="promethee2", label="PROMETHEE II (Brans & Vincke 1985)", higher_is_better=True, additive=False,
    params={
        "preference": Param("preference", "usual", "preference function: usual, ushape, vshape, level, linear "
                            "(pymcdm's vshape_2) or gaussian; one name or one per criterion",
                            promethee.check_preference),
        "q": Param("q", None, "indifference threshold (ushape, level, linear), >= 0; one number or one per "
                   "criterion; default 0", per_criterion("q")),
        "p": Param("p", None, "preference threshold (vshape, level, linear), > q; one number or one per "
                   "criterion; required by those functions", per_criterion("p")),
        "s": Param("s", None, "Gaussian threshold (gaussian), > 0; one number or one per criterion",
                   per_criterion("s", positive=True)),
    },
    reference=promethee.promethee2_reference, kernel=promethee.promethee2,
    check=promethee.check_promethee_params,
    zero_spread="every pairwise difference is 0, so P = 0 both ways: it adds 0 to every net flow",
    source="Brans, J.P. & Vincke, Ph. (1985) Management Science 31(6):647-656; Brans & Mareschal (2005) in "
           "Figueira et al. (eds.) MCDA: State of the Art Surveys, ch. 5",
    notes=_LIST_RELATIVE + ". Net flows sum to 0 over the list."))

register(Method(
    name="wsm", label="Weighted sum, min-max normalised (linear value over the list)", higher_is_better=True,
    additive=False, params={}, reference=reference.wsm, kernel=batch.wsm,
    zero_spread="normalised to 1 for every measure (as pymcdm's minmax), adding w_j to every score",
    source="Fishburn (1967); min-max normalisation as the linear value function between the worst and best "
           "measure of the list",
    notes="Deviates from pymcdm's WSM default (sum normalisation x/sum(x)): with sum normalisation a criterion's "
          "influence depends on its mean, not its range, so weights elicited on ranges (swing) do not mean what "
          "they say. Min-max over the list is still list-relative (anchors move with the list); use 'mavt' with "
          "fixed bounds for an additive, anchored value."))

register(Method(
    name="wpm", label="Weighted product (Bridgman 1922; Miller & Starr 1969)", higher_is_better=True,
    additive=False, params={}, reference=reference.wpm, kernel=batch.wpm,
    zero_spread="ratio 1 for every measure, a factor 1 in every product",
    source="Triantaphyllou, E. (2000) Multi-Criteria Decision Making Methods: A Comparative Study, Kluwer, "
           "ch. 2 (WPM ratio form)",
    notes="P_i = prod_j r_ij^w_j with r = x/max (benefit), min/x (cost): Triantaphyllou's pairwise ratio "
          "P(A_K/A_L) = prod (a_Kj/a_Lj)^w_j equals P_K/P_L, so the ranking is his. Needs values > 0. pymcdm's "
          "WPM default is sum normalisation; with its linear_normalization the results are equal."))

register(Method(
    name="copras", label="COPRAS (Zavadskas et al. 1994)", higher_is_better=True, additive=False, params={},
    reference=reference.copras, kernel=batch.copras,
    zero_spread="d = 1/n for every measure: adds w_j/n to every S+ (benefit) or to every S- (cost)",
    source="Zavadskas, E.K., Kaklauskas, A. & Sarka, V. (1994) Technological and Economic Development of "
           "Economy 1(3):131-139; Zavadskas et al. (2007)",
    notes="pymcdm 1.4 computes Q = S+ + (min S- * S-)/(S- * (min S- / S-)) = S+ + S-, i.e. it treats cost "
          "criteria as benefits; mkba uses the published Q. Without cost weight, Q = S+ (pymcdm raises). "
          "Needs values >= 0 and > 0 on cost criteria."))

register(Method(
    name="moora", label="MOORA ratio system (Brauers & Zavadskas 2006)", higher_is_better=True, additive=False,
    params={}, reference=reference.moora, kernel=batch.moora,
    zero_spread="x/||x|| is the same for every measure: adds (or subtracts) the same amount everywhere",
    source="Brauers, W.K.M. & Zavadskas, E.K. (2006) Control and Cybernetics 35(2):445-469",
    notes="All-benefit problems are allowed (pymcdm raises)."))

register(Method(
    name="edas", label="EDAS (Keshavarz Ghorabaee et al. 2015)", higher_is_better=True, additive=False,
    params={}, reference=reference.edas, kernel=batch.edas,
    zero_spread="PDA = NDA = 0 for every measure",
    source="Keshavarz Ghorabaee, M., Zavadskas, E.K., Olfat, L. & Turskis, Z. (2015) Informatica 26(3):435-451",
    notes="Distances are divided by |AV_j|. The paper assumes positive data (|AV| = AV); pymcdm divides by AV, "
          "so for a criterion with a negative average it swaps PDA and NDA and rewards the worse measures. A "
          "non-constant criterion with average exactly 0 raises MethodError."))

register(Method(
    name="spotis", label="SPOTIS (Dezert et al. 2020)", higher_is_better=False, additive=False,
    params={
        "bounds": Param("bounds", None, "[min, max] per criterion (m x 2); default: min and max of the matrix",
                        _bounds("bounds")),
        "esp": Param("esp", None, "expected solution point, one value per criterion; default: the ideal from "
                     "the bounds (max for benefit, min for cost)", _point("esp")),
    },
    reference=reference.spotis, kernel=batch.spotis,
    zero_spread="with default bounds the range is 0 and the distance is defined as 0 for every measure",
    source="Dezert, J., Tchamova, A., Han, D. & Tacnet, J.-M. (2020) FUSION 2020, pp. 1-8",
    notes="With explicit bounds a score does not depend on the other measures (rank-reversal free), but it is a "
          "distance from an ideal, not a value anchored at 'not done', so it is not marked additive."))

register(Method(
    name="mavt", label="Additive value, linear value functions on fixed anchors", higher_is_better=True,
    additive=True,
    params={"bounds": Param("bounds", None, "[low, high] per criterion (m x 2) in raw units: the ranges the "
                            "weights were elicited on (swing weighting); values outside raise",
                            _bounds("bounds"), required=True)},
    reference=reference.mavt, kernel=batch.mavt,
    zero_spread="not applicable: anchors are fixed, a flat criterion simply gives every measure the same value",
    source="Keeney, R.L. & Raiffa, H. (1976) Decisions with Multiple Objectives; Edwards & Barron (1994) OBHDP "
           "60:306-325 (swing weights on stated ranges)",
    notes="The only additive method: each measure's value depends on its own effects and the fixed anchors, so "
          "values can be summed over a portfolio. Anchor 'not done' at value 0 by choosing the nulalternatief "
          "(effect 0) as the low anchor of benefits and the high anchor of costs, or subtract v(0)."))
