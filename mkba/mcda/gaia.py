r"""The GAIA plane: a picture of the PROMETHEE problem (Mareschal & Brans 1988; Brans & Mareschal 2005).

Mareschal, B. & Brans, J.P. (1988). Geometrical representations for MCDA. EJOR 34(1):69-77;
Brans & Mareschal (2005), ch. 5 of *Multiple Criteria Decision Analysis: State of the Art Surveys*,
section 5. Each measure a is the point :math:`(\phi_1(a), \dots, \phi_m(a))` of its unicriterion net
flows (PROMETHEE II's, with the same preference functions: :func:`~mkba.mcda.methods.promethee2.unicriterion_flows`);
the n points are projected on the plane of the two largest principal components of
:math:`C = \Phi^\top \Phi / n` (the flows of every criterion sum to 0 over the list, so they are centred):

- ``points`` (n, 2): the measures in the plane, :math:`\Phi\,[u_1\ u_2]`;
- ``axes`` (m, 2): each criterion's unit vector :math:`e_j` projected, :math:`(u_{1j}, u_{2j})`: measures
  good on a criterion lie in its direction; criteria pointing the same way agree, opposite ones conflict;
- ``stick`` (2,): the decision stick :math:`\pi`, the weight vector projected, :math:`(w \cdot u_1, w \cdot u_2)`:
  the PROMETHEE II net flow is :math:`\phi = \Phi w`, so the measures furthest along the stick are the best
  ones (exactly so when :math:`\delta = 1`);
- ``delta``: :math:`(\lambda_1 + \lambda_2) / \sum_k \lambda_k`, the share of the information the plane keeps;
  below about 0.6 the picture can mislead (Brans & Mareschal 2005).

Eigenvectors have no sign of their own; here each is oriented so that the decision stick has
non-negative coordinates (the best measures to the right and up); a component of the stick that is
0 orients by the eigenvector's largest component instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Hashable

import numpy as np
import pandas as pd

from ..errors import MethodError
from .methods.promethee1 import read_promethee
from .methods.promethee2 import unicriterion_flows
from .validation import names

__all__ = ["Gaia", "gaia", "gaia_plane"]


@dataclass(frozen=True)
class Gaia:
    """The GAIA plane of one weight vector (see the module docstring); measures and criteria by label
    (labelled input) or position."""

    measures: tuple[Hashable, ...]
    criteria: tuple[Hashable, ...]
    flows: np.ndarray        # (n, m) unicriterion net flows
    eigenvalues: np.ndarray  # (m,) descending
    components: np.ndarray   # (m, 2) u1, u2
    points: np.ndarray       # (n, 2)
    axes: np.ndarray         # (m, 2)
    stick: np.ndarray        # (2,)
    delta: float

    def to_frame(self) -> pd.DataFrame:
        """The plane's coordinates: one row per measure (kind 'measure'), per criterion axis ('criterion')
        and the decision stick ('stick'), columns u1, u2."""
        rows = ([("measure", m) for m in self.measures] + [("criterion", c) for c in self.criteria]
                + [("stick", "decision stick")])
        xy = np.vstack([self.points, self.axes, self.stick[None, :]])
        return pd.DataFrame(xy, index=pd.MultiIndex.from_tuples(rows, names=["kind", "name"]), columns=["u1", "u2"])

    def to_dict(self) -> dict[str, Any]:
        return {"delta": float(self.delta),
                "measures": {str(m): [float(v) for v in self.points[i]] for i, m in enumerate(self.measures)},
                "criteria": {str(c): [float(v) for v in self.axes[j]] for j, c in enumerate(self.criteria)},
                "stick": [float(v) for v in self.stick]}


def gaia_plane(flows: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """Eigenvalues (descending), the two oriented components (m, 2) and delta of unicriterion net flows (n, m)."""
    n, m = flows.shape
    cov = flows.T @ flows / n
    vals, vecs = np.linalg.eigh((cov + cov.T) / 2.0)
    order = np.argsort(vals)[::-1]
    vals = np.clip(vals[order], 0.0, None)
    u = vecs[:, order[:2]].copy()
    for k in range(2):
        lead = float(w @ u[:, k])
        if abs(lead) <= 1e-12:
            lead = float(u[np.argmax(np.abs(u[:, k])), k])
        if lead < 0:
            u[:, k] = -u[:, k]
    total = float(vals.sum())
    delta = float((vals[0] + vals[1]) / total) if total > 0 else float("nan")
    return vals, u, delta


def gaia(matrix: Any, weights: Any, types: Any, *, preference: Any = "usual", q: Any = None, p: Any = None,
         s: Any = None, validate: bool = True, normalize_weights: bool = False) -> Gaia:
    """The GAIA plane for one weight vector (:class:`Gaia`).

    Inputs and parameters as ``mcda.evaluate("promethee2", ...)``. ``delta`` is NaN when every
    unicriterion flow is 0 (all measures equal on every criterion).

    Raises
    ------
    MethodError
        Fewer than two criteria (no plane) or two measures, more than one weight vector, or bad
        input or parameters (as for promethee2).
    """
    data, resolved = read_promethee("gaia", matrix, weights, types, {"preference": preference, "q": q, "p": p, "s": s},
                                    validate=validate, normalize_weights=normalize_weights)
    n, m = data.x.shape
    if m < 2 or n < 2:
        raise MethodError(f"the GAIA plane needs at least 2 criteria and 2 measures; got {m} and {n}")
    with names(data.criteria, data.measures):
        flows = unicriterion_flows(data.x, data.t, **resolved).T
    vals, u, delta = gaia_plane(flows, data.w)
    measures = tuple(data.measures) if data.measures is not None else tuple(range(n))
    criteria = tuple(data.criteria) if data.criteria is not None else tuple(range(m))
    return Gaia(measures=measures, criteria=criteria, flows=flows, eigenvalues=vals, components=u,
                points=flows @ u, axes=u.copy(), stick=data.w @ u, delta=delta)
