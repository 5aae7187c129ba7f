"""The ``futures`` block of ``results.json``: each named future with how it scales the scenario, every
measure's present values in it and the base future's package valued in it (re-exported by :mod:`.types`)."""

from __future__ import annotations

from typing import Annotated, TypedDict, Union

from .common import Number

__all__ = ["FutureSettings", "FutureMoney", "FuturePackage", "FutureBlock"]


class FutureSettings(TypedDict):
    effects: Annotated[dict[str, Number], "criterion id -> factor on every measure's effect"]
    shadow_prices: Annotated[dict[str, Number], "criterion id -> factor on the shadow price"]
    price_growth: Annotated[dict[str, Number], "criterion id -> extra real growth of the price per year"]
    investment: Annotated[Number, "factor on every investment"]
    running_cost: Annotated[Number, "factor on every running cost"]


class FutureMoney(TypedDict):
    pv_costs: Annotated[Number, "present value of the costs in this future, EUR"]
    pv_benefits: Annotated[Number, "present value of the monetised benefits in this future, EUR"]
    npv: Annotated[Number, "saldo pv_benefits - pv_costs, EUR"]
    bcr: Annotated[Union[Number, None], "pv_benefits / pv_costs; null without costs"]


class FuturePackage(TypedDict):
    measures: Annotated[dict[str, FutureMoney], "each measure of the base future's package, at its start year"]
    totals: Annotated[FutureMoney, "the package in this future"]


class FutureBlock(TypedDict):
    id: Annotated[str, "the future's id in the scenario (e.g. hoog)"]
    label: Annotated[str, "its name in the report (e.g. WLO Hoog)"]
    description: Annotated[str, "what it assumes ('' if the scenario says nothing)"]
    settings: Annotated[FutureSettings, "how it scales the scenario as written (the base future)"]
    measures: Annotated[dict[str, FutureMoney], "measure id -> its present values in this future"]
    package: Annotated[Union[FuturePackage, None], "the package chosen in the base future, valued in this one; "
                       "null without a package"]
