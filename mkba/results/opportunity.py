"""The blocks of ``results.json`` for the opportunity stage (issue 20): a measure's declared descriptive
texts (``fields``) and its missing cells, a criterion's scale of labels, and the ``missing`` block; re-exported by :mod:`.types`."""

from __future__ import annotations

from typing import Annotated, Literal, TypedDict, Union

from .common import Number

__all__ = ["ScenarioCriterion", "ScenarioMeasure", "MissingBlock", "MissingCellRow", "MissingMeasureRow"]


class _ScenarioCriterion(TypedDict):
    id: Annotated[str, "criterion id"]
    name: Annotated[str, "criterion name, in the scenario's language"]
    unit: Annotated[str, "unit of the effects (per year for monetised criteria)"]
    direction: Annotated[Literal["benefit", "cost"], "whether more is better (benefit) or worse (cost)"]
    theme: Annotated[str, "theme the criterion belongs to ('' if none)"]
    shadow_price: Annotated[Union[Number, None], "EUR per unit; null for a PM criterion (not in money)"]
    receivers: Annotated[dict[str, Number], "party id -> share of the monetised effect it receives"]


class ScenarioCriterion(_ScenarioCriterion, total=False):
    scale: Annotated[dict[str, Number], "with a scale of labels: label -> value of the point result, lowest first "
                     "(the sensitivity analysis samples any values in this order)"]


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
    missing: Annotated[list[str], "with missing cells: the criteria whose cell was empty, ? or onbekend"]


class MissingCellRow(TypedDict):
    measure: Annotated[str, "measure id"]
    criterion: Annotated[str, "criterion id of the missing cell"]
    imputed: Annotated[Number, "the point result's value: the criterion's median over its known cells"]
    low: Annotated[Number, "low end of the sampled range: the criterion's smallest known value"]
    high: Annotated[Number, "high end: its largest known value"]
    rank_low: Annotated[int, "the measure's group rank with this cell at low, all else at the point result"]
    rank_high: Annotated[int, "with this cell at high"]


class MissingMeasureRow(TypedDict):
    measure: Annotated[str, "measure id"]
    criteria: Annotated[list[str], "its missing cells' criteria, in scenario order"]
    rank: Annotated[int, "its group rank in the point result (missing cells at the median)"]
    rank_best: Annotated[int, "with every missing cell at its favourable end"]
    rank_worst: Annotated[int, "with every missing cell at its unfavourable end"]
    fill_first: Annotated[str, "the criterion whose cell moves its rank most between its ends: fill it first"]


class MissingBlock(TypedDict):
    imputation: Annotated[str, "the point result's value for a missing cell: 'median' of the criterion's known cells"]
    range: Annotated[str, "the sampled range of a missing cell: 'observed' (the criterion's known values)"]
    cells: Annotated[list[MissingCellRow], "every missing cell, measures in scenario order"]
    measures: Annotated[list[MissingMeasureRow], "measures with missing cells, widest rank range first"]
    not_analysed: Annotated[int, "missing cells beyond the first 1,000 (scenario order) without end ranks; the "
                            "sensitivity analysis samples them all"]
