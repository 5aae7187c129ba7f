r"""EDAS (Keshavarz Ghorabaee et al. 2015): appraisal score from the distances to the average solution."""

from __future__ import annotations

from typing import Any

import numpy as np

from ...errors import MethodError
from .. import batch
from ..registry import Method, register
from ..sampled import block_dot
from ..validation import criteria_here

__all__ = ["distances", "reference", "kernel", "prepare", "combine", "METHOD"]


def distances(x: np.ndarray, types: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    r"""EDAS PDA and NDA matrices, dividing by :math:`|AV_j|` (see :func:`kernel`); over axis 0, any layout."""
    av = x.mean(axis=0)
    flat = (x == av).all(axis=0)
    zero = (av == 0) & ~flat
    if zero.any():
        raise MethodError(f"edas divides by the average of each criterion; {criteria_here(np.flatnonzero(zero))} "
                          "average(s) 0 but is/are not constant")
    dev = (x - av) / np.where(av == 0, 1.0, np.abs(av)) * types
    dev[:, flat] = 0.0
    return np.maximum(dev, 0.0), np.maximum(-dev, 0.0)


def reference(x: np.ndarray, w: np.ndarray, types: np.ndarray) -> np.ndarray:
    """EDAS appraisal score AS = (NSP + NSN) / 2."""
    pda, nda = distances(x, types)
    sp, sn = (pda * w).sum(axis=1), (nda * w).sum(axis=1)
    nsp = sp / sp.max() if sp.max() > 0 else np.zeros_like(sp)
    nsn = 1.0 - sn / sn.max() if sn.max() > 0 else np.ones_like(sn)
    return (nsp + nsn) / 2.0


def _score(sp: np.ndarray, sn: np.ndarray) -> np.ndarray:
    """AS = (NSP + NSN) / 2 from the weighted sums SP and SN, row-wise."""
    nsp = batch.safe_div(sp, sp.max(axis=1, keepdims=True), 0.0)
    nsn = 1.0 - batch.safe_div(sn, sn.max(axis=1, keepdims=True), 0.0)
    return 0.5 * (nsp + nsn)


def kernel(x: np.ndarray, W: np.ndarray, types: np.ndarray) -> np.ndarray:
    r"""EDAS appraisal score (Keshavarz Ghorabaee et al. 2015), batch form.

    :math:`PDA_{ij} = \max(0, t_j (x_{ij} - AV_j)) / |AV_j|`,
    :math:`NDA_{ij} = \max(0, -t_j (x_{ij} - AV_j)) / |AV_j|`, :math:`SP = W\,PDA^T`,
    :math:`SN = W\,NDA^T`, :math:`NSP_i = SP_i/\max SP`, :math:`NSN_i = 1 - SN_i/\max SN`,
    :math:`AS_i = (NSP_i + NSN_i)/2`. If :math:`\max SP = 0` then NSP = 0; if
    :math:`\max SN = 0` then NSN = 1 (no measure is below average).
    """
    pda, nda = distances(x, types)

    def work(w: np.ndarray, out: np.ndarray) -> None:
        out[:] = _score(w @ pda.T, w @ nda.T)

    return batch.map_rows(work, W, x.shape[0], arrays=4)


def prepare(xt: np.ndarray, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """PDA and NDA of every sample, each (n, B, m)."""
    return distances(xt, t)


def combine(prep: tuple[np.ndarray, np.ndarray], w: np.ndarray, t: np.ndarray, **_: Any) -> np.ndarray:
    """AS of each sample with its weights."""
    pda, nda = prep
    return _score(block_dot(pda, w), block_dot(nda, w))


METHOD = register(Method(
    name="edas", label="EDAS (Keshavarz Ghorabaee et al. 2015)", higher_is_better=True, additive=False,
    params={}, reference=reference, kernel=kernel, prepare=prepare, combine=combine,
    zero_spread="PDA = NDA = 0 for every measure",
    source="Keshavarz Ghorabaee, M., Zavadskas, E.K., Olfat, L. & Turskis, Z. (2015) Informatica 26(3):435-451",
    notes="Distances are divided by |AV_j|. The paper assumes positive data (|AV| = AV); pymcdm divides by AV, "
          "so for a criterion with a negative average it swaps PDA and NDA and rewards the worse measures. A "
          "non-constant criterion with average exactly 0 raises MethodError."))
