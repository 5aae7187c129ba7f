"""Batch runs: many scenarios and their variants, on a Dask cluster from a laptop to a cluster.

A *variant* is a scenario with a few settings overridden (``--vary method=topsis,vikor``);
the batch is the cartesian product of the overrides for every scenario, in a fixed order.
Each variant gets its own seed, spawned from one seed in that order (DESIGN C9), so one or many
workers give byte-identical results. Each variant writes its own folder atomically; the summary
is rebuilt from the folders, so an interrupted batch resumes where it stopped and nothing is lost.
"""

from __future__ import annotations

from .run import SCHEDULER_ENV, Batch, BatchInterrupted, run_many, summary_frame
from .sweep import VARY_PATHS, parse_sweep, parse_vary
from .variants import Variant, apply_overrides, expand, scenario_files
from .worker import run_variant

__all__ = ["Variant", "Batch", "BatchInterrupted", "VARY_PATHS", "parse_vary", "parse_sweep", "expand",
           "scenario_files", "run_variant", "run_many", "summary_frame", "SCHEDULER_ENV", "apply_overrides"]
