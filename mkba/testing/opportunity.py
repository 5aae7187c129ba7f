"""A small scenario for the opportunity-stage tests (issue 20): three measures, a monetised and a PM
criterion, two parties, with extra measure columns and ``fields`` as a test needs them."""

from __future__ import annotations

import pandas as pd

__all__ = ["small"]

APPRAISAL = {"price_year": 2025, "start_year": 2026, "horizon": 30, "discount": "nl-2026"}


def small(fields: object = None, **columns: list) -> dict:
    """A three-measure scenario as parts for mkba.scenario, with extra measure columns."""
    measures = {
        "id": ["M1", "M2", "M3"], "name": ["Isolatie", "Warmtenet", "Groen schoolplein"],
        "theme": ["energie", "energie", "leefbaarheid"], "start_year": [2026, 2027, 2026],
        "investment": [2.0e6, 5.0e6, 0.3e6], "running_cost": [1e4, 5e4, 2e3], "lifetime": [30, 40, 20],
        "payer": ["corporatie:1", "gemeente:0.5;corporatie:0.5", "gemeente:1"],
        "co2": [150, 400, 0], "leefbaarheid": [0.2, 0.1, 0.8], **columns}
    spec: dict = {"name": "Kansen", "appraisal": APPRAISAL,
                  "criteria": [{"id": "co2", "name": "CO2", "unit": "t", "direction": "benefit", "shadow_price": 160},
                               {"id": "leefbaarheid", "name": "Leefbaarheid", "direction": "benefit"}],
                  "stakeholders": [{"id": "corporatie", "name": "Corporatie", "weights": {"npv": 0.6, "leefbaarheid": 0.4}},
                                   {"id": "gemeente", "name": "Gemeente", "weights": {"npv": 0.3, "leefbaarheid": 0.7}}],
                  "sensitivity": {"enabled": False}}
    if fields is not None:
        spec["fields"] = fields
    return {"spec": spec, "measures": pd.DataFrame(measures)}
