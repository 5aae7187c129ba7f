"""The decision matrix: measures x criteria in raw units, with a direction per criterion.

Built from the appraisal: the first column is the NPV (the saldo of every monetised effect and
cost), then one column per PM criterion (effects not in money). This keeps money counted once:
a monetised criterion lives inside the NPV and is not a second column.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .appraisal import Appraisal
from ..model import NPV_ID, Scenario

__all__ = ["DecisionMatrix", "build"]


def _readonly(a: object, dtype: type = float) -> np.ndarray:
    a = np.array(a, dtype=dtype)
    a.setflags(write=False)
    return a


@dataclass(frozen=True)
class DecisionMatrix:
    """Measures (rows) x criteria (columns), raw units; ``types`` is +1 benefit / -1 cost."""

    measures: tuple[str, ...]
    criteria: tuple[str, ...]
    names: tuple[str, ...]
    units: tuple[str, ...]
    values: np.ndarray
    types: np.ndarray

    @property
    def shape(self) -> tuple[int, int]:
        return self.values.shape

    @property
    def spread(self) -> np.ndarray:
        """max - min per criterion (0 for a criterion that cannot tell the measures apart)."""
        return self.values.max(axis=0) - self.values.min(axis=0) if len(self.measures) else np.zeros(len(self.criteria))

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.values, index=pd.Index(self.measures, name="measure"),
                            columns=pd.Index(self.criteria, name="criterion"))

    def to_dict(self) -> dict:
        return {
            "measures": list(self.measures),
            "criteria": [{"id": c, "name": n, "unit": u, "direction": "benefit" if t > 0 else "cost"}
                         for c, n, u, t in zip(self.criteria, self.names, self.units, self.types)],
            "values": self.values.tolist(),
        }

    def __repr__(self) -> str:
        return f"<DecisionMatrix {len(self.measures)} measures x {len(self.criteria)} criteria>"


def build(scenario: Scenario, appraisal: Appraisal) -> DecisionMatrix:
    """The decision matrix of a scenario: NPV (euros, benefit) then every PM criterion."""
    pm = scenario.pm_criteria
    language_npv = "Netto contante waarde (saldo)" if scenario.language == "nl" else "Net present value"
    values = np.column_stack([appraisal.npv, appraisal.pm]) if len(pm) else appraisal.npv[:, None]
    return DecisionMatrix(
        measures=appraisal.measures,
        criteria=(NPV_ID,) + tuple(c.id for c in pm),
        names=(language_npv,) + tuple(c.name for c in pm),
        units=("EUR",) + tuple(c.unit for c in pm),
        values=_readonly(values),
        types=_readonly([1] + [c.sign for c in pm], dtype=int),
    )
