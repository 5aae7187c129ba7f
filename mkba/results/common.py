"""What the blocks of ``results.json`` share: the JSON number and the distribution table (who pays, who gains),
used by the appraisal (:mod:`.types`) and by the package (:mod:`.portfolio`)."""

from __future__ import annotations

from typing import Annotated, TypedDict

__all__ = ["Number", "Distribution"]

Number = float
"""A JSON number; an integer value (written as 12.0 or 12) is accepted too."""


class Distribution(TypedDict):
    actors: Annotated[list[str], "party ids, 'society' included, column order of the table"]
    items: Annotated[list[str], "cost and benefit items (investment, running_cost, transfers, criteria)"]
    by_item: Annotated[dict[str, dict[str, Number]], "item -> party -> present value (EUR, costs negative)"]
