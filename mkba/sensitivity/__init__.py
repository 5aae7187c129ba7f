"""Sensitivity analysis: weight and effect samplers, SMAA-2, weight stability intervals.

Public API
----------
- :func:`smaa` ``(values, weights, types, *, method="wsm", params=None, meta_weights="linear",
  block_size=None, confidence=True, pairwise=True) -> SMAAResult``
- samplers (:mod:`.sampling`), each returning a seeded block :class:`SampleStream`:
  :func:`uniform_simplex`, :func:`hull`, :func:`dirichlet_around`, :func:`constrained`,
  :func:`effects`
- :func:`stability_intervals` ``(values, weights, types, *, method="wsm", params=None)
  -> StabilityResult`` and :func:`critical_criterion` ``(values, weights, types)
  -> CriticalCriterion`` (:mod:`.stability`)
"""

from __future__ import annotations

from .sampling import (GENERATION_BLOCK, SampleStream, child_seed, constrained, dirichlet_around, effects, hull,
                       uniform_simplex)
from .limits import MAX_MEASURES, check_measures
from .smaa import META_WEIGHTS, WEIGHTED_SUM, SMAAResult, resolve_meta_weights, sampled_scores, smaa
from .streams import MAX_SAMPLES
from .stability import CriticalCriterion, StabilityResult, critical_criterion, stability_intervals

__all__ = [
    "smaa", "SMAAResult", "MAX_MEASURES", "MAX_SAMPLES", "check_measures", "META_WEIGHTS", "WEIGHTED_SUM", "resolve_meta_weights", "sampled_scores",
    "SampleStream", "GENERATION_BLOCK", "child_seed", "uniform_simplex", "hull", "dirichlet_around",
    "constrained", "effects", "stability_intervals", "StabilityResult", "critical_criterion",
    "CriticalCriterion",
]
