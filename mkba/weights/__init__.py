"""Criterion weights: direct, AHP, swing, rank order, objective (entropy, CRITIC), group aggregation.

Pure functions on NumPy arrays or pandas objects (a Series or DataFrame in gives a Series of weights
on the criteria out), one module per family: :mod:`.ahp`, :mod:`.elicited` (direct,
swing, rank order), :mod:`.bwm` (best-worst method), :mod:`.objective` (entropy, CRITIC), :mod:`.group` (aggregation), with the
shared input checks in :mod:`.checks`. Every function returns weights on the simplex (non-negative,
summing to 1 within 1e-12) or raises :class:`~mkba.errors.MethodError` saying what is wrong.
Scenario objects are bridged in :mod:`mkba.stages.weighting`.

Sources (details in each docstring and in ``research/methodology.md`` §C):

- AHP and the consistency ratio: Saaty (1980), *The Analytic Hierarchy Process*, McGraw-Hill;
  Saaty (2008), "Decision making with the analytic hierarchy process", Int. J. Services
  Sciences 1(1):83–98.
- Random-index tables: see :data:`RI_TABLES`; the table is a named choice, never implicit.
- Swing weights and their ranges: von Winterfeldt & Edwards (1986); Edwards & Barron (1994),
  "SMARTS and SMARTER", OBHDP 60:306–325.
- Rank-order centroid: Barron & Barrett (1996), "Decision quality using ranked attribute
  weights", Management Science 42(11):1515–1523. Rank sum and rank reciprocal: Stillwell, Seaver
  & Edwards (1981), "A comparison of weight approximation techniques in multiattribute utility
  decision making", OBHP 28(1):62–77.
- Entropy weights: Shannon entropy of the sum-normalised criterion column (e.g. Hwang & Yoon
  1981; worked example in Xu 2004, EJOR 156(2):530–532).
- CRITIC: Diakoulaki, Mavrotas & Papayannakis (1995), Computers & Operations Research
  22(7):763–770.
- Best-worst method (:mod:`.bwm`): Rezaei (2015), Omega 53:49-57 (nonlinear model, consistency
  index table); Rezaei (2016), Omega 64:126-130 (linear model, weight intervals).
- Group AHP: Aczél & Saaty (1983), J. Math. Psych. 27:93–102; Forman & Peniwati (1998), EJOR
  108(1):165–169.
"""

from __future__ import annotations

from .ahp import (RECIPROCITY_TOLERANCE, RI_TABLES, AHPResult, Judgement, PairwiseProblem, ahp, check_pairwise,
                  consistency_threshold, default_ri_table, random_index)
from .bwm import CONSISTENCY_INDEX, BWMResult, bwm
from .elicited import (RANK_WEIGHTS, direct, rank_order_centroid, rank_order_weights, rank_sum_weights, rank_weights,
                       roc_weights, swing)
from .group import aggregate_judgements, aggregate_priorities
from .objective import critic, entropy

__all__ = [
    "RI_TABLES",
    "RECIPROCITY_TOLERANCE",
    "PairwiseProblem",
    "Judgement",
    "AHPResult",
    "check_pairwise",
    "random_index",
    "consistency_threshold",
    "default_ri_table",
    "ahp",
    "direct",
    "swing",
    "rank_order_centroid",
    "rank_order_weights",
    "RANK_WEIGHTS",
    "rank_weights",
    "roc_weights",
    "rank_sum_weights",
    "entropy",
    "critic",
    "aggregate_priorities",
    "aggregate_judgements",
    "bwm",
    "BWMResult",
    "CONSISTENCY_INDEX",
]
