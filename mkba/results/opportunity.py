"""The blocks of ``results.json`` for the opportunity stage (issue 20): a measure's declared descriptive
texts (``fields``), re-exported by :mod:`.types`."""

from __future__ import annotations

from typing import Annotated, TypedDict

from .common import Number

__all__ = ["ScenarioMeasure"]


class _ScenarioMeasure(TypedDict):
    id: Annotated[str, "measure id"]
    name: Annotated[str, "measure name"]
    theme: Annotated[str, "theme of the measure"]
    start_year: Annotated[int, "first year of the measure as planned"]
    investment: Annotated[dict[str, Number], "year -> investment in that year, EUR (nominal, price year)"]
    running_cost: Annotated[Number, "running cost per year in use, EUR"]
    lifetime: Annotated[int, "years in use"]
    payers: Annotated[dict[str, Number], "party id -> share of the costs it pays (shares sum to 1)"]


class ScenarioMeasure(_ScenarioMeasure, total=False):
    fields: Annotated[dict[str, str], "with fields in the scenario: declared column -> the measure's text (empty "
                      "cells left out)"]
