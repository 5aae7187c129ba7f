r"""Seeded samplers for weights on the simplex and for uncertain effects, as block streams.

Every sampler returns a :class:`~mkba.sensitivity.streams.SampleStream`, a seeded block stream
(see :mod:`mkba.sensitivity.streams`: the samples depend only on the seed, the generation block
size and the distribution, never on how they are consumed).

Weight samplers (rows on the simplex :math:`\{w \ge 0, \sum_j w_j = 1\}`):

- :func:`uniform_simplex`: Dirichlet(1, ..., 1), drawn as normalised Exp(1) variates
  (Smith & Tromble 2004, "Sampling uniformly from the unit simplex"; the sorted-uniform
  spacings of rsmaa/hitandrun give the same law). Never normalised U(0, 1), which piles
  mass at the centroid (methodology D.1).
- :func:`hull`: the convex hull of the stakeholders' weight vectors ("any compromise
  between the parties"), uniform in its volume by default.
- :func:`dirichlet_around`: Dirichlet(c * w0) around group weights w0 (mean w0, the larger
  the concentration c the tighter).
- :func:`constrained`: uniform on the simplex cut by interval bounds and an importance
  order, by exact symmetry/rejection or by hit-and-run (Smith 1984; Tervonen, van
  Valkenhoef, Basturk & Postmus 2013, EJOR 224(3):552-559).

Effects sampler: :func:`effects` (triangular or normal per measure and criterion).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import MethodError
from .streams import (GENERATION_BLOCK, SampleStream, as_samples, check_count, child_seed, seed_sequence, simplex_draw,
                      stream)

__all__ = [
    "GENERATION_BLOCK",
    "SampleStream",
    "child_seed",
    "uniform_simplex",
    "hull",
    "dirichlet_around",
    "constrained",
    "effects",
    "as_samples",
]

#: Trial draws (per 1,000 needed) used to decide between rejection and hit-and-run.
_PILOT = 4000
#: Rejection is used when the pilot acceptance rate is at least this.
_MIN_ACCEPTANCE = 0.02
#: Feasibility slack for bounds and orders.
_EPS = 1e-12


# -- uniform ----------------------------------------------------------------------------------

def uniform_simplex(m: int, n: int, seed: Any, *, block_size: int = GENERATION_BLOCK) -> SampleStream:
    r"""N weight vectors uniform on the (m-1)-simplex: Dirichlet(1, ..., 1).

    .. math:: w = E / \textstyle\sum_j E_j,\quad E_j \sim \mathrm{Exp}(1)\ \text{i.i.d.}

    The density is constant, :math:`(m-1)!`, on :math:`\{w \ge 0, \sum w = 1\}`; each
    marginal is Beta(1, m - 1) with mean 1/m and variance :math:`(m-1)/(m^2(m+1))`.
    Source: Smith & Tromble (2004); Lahdelma & Salminen (2001) (SMAA with no preference
    information). Normalising U(0, 1) draws is *not* uniform and is not offered.

    Parameters
    ----------
    m : number of criteria (>= 1).
    n : number of samples.
    seed : int or SeedSequence.
    block_size : generation block size (samples per child seed).
    """
    m = check_count(m, "m")
    if m < 1:
        raise MethodError("uniform_simplex needs m >= 1 criteria")
    return stream("uniform_simplex", n, (m,), seed, block_size, {"m": m}, "dirichlet(1,...,1) via Exp(1)",
                  lambda rng, k: simplex_draw(rng, k, m), method="uniform")


# -- convex hull of stakeholder weights -------------------------------------------------------

def _check_weight_rows(a: Any, what: str) -> np.ndarray:
    try:
        v = np.asarray(a, dtype=float)
    except (TypeError, ValueError):
        raise MethodError(f"{what} must be numeric; got {a!r}") from None
    if v.ndim == 1:
        v = v[None, :]
    if v.ndim != 2 or v.shape[0] < 1 or v.shape[1] < 1:
        raise MethodError(f"{what} must have shape (s, m) with s, m >= 1; got {v.shape}")
    if not np.isfinite(v).all() or (v < 0).any():
        raise MethodError(f"{what} must be finite and >= 0")
    sums = v.sum(axis=1)
    if (np.abs(sums - 1.0) > 1e-6).any():
        k = int(np.flatnonzero(np.abs(sums - 1.0) > 1e-6)[0])
        raise MethodError(f"{what}: each row must sum to 1 (within 1e-6); row {k} sums to {float(sums[k])!r}")
    return v / sums[:, None]


def _affine_basis(v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Origin and orthonormal basis (d, m) of the affine hull of the rows of ``v``."""
    origin = v[0]
    d = v[1:] - origin
    if d.size == 0:
        return origin, np.zeros((0, v.shape[1]))
    u, s, vt = np.linalg.svd(d, full_matrices=False)
    tol = max(d.shape) * np.finfo(float).eps * (s[0] if s.size else 0.0) * 10
    rank = int((s > max(tol, 1e-12)).sum())
    return origin, vt[:rank]


def hull(vertices: Any, n: int, seed: Any, *, block_size: int = GENERATION_BLOCK,
         uniform: str = "volume", spread: Any = None) -> SampleStream:
    r"""N weight vectors in the convex hull of the stakeholders' weight vectors.

    Parameters
    ----------
    vertices : array (s, m)
        One weight vector per stakeholder (rows on the simplex).
    n, seed, block_size
        As :func:`uniform_simplex`.
    uniform : {"volume", "mixing"}
        ``"volume"`` (default): uniform in the hull's volume (its d-dimensional measure,
        d the affine dimension of the vertices). If the vertices are affinely independent
        (s = d + 1, e.g. up to m stakeholders in general position) the hull is a simplex and
        Dirichlet(1, ..., 1) mixing coefficients map uniformly onto it (an affine map
        preserves uniformity). Otherwise the hull is triangulated (Delaunay in the affine
        hull's coordinates, scipy/Qhull), a simplex is chosen with probability proportional
        to its volume and a uniform point drawn in it.
        ``"mixing"``: :math:`w = \sum_k \lambda_k v_k` with :math:`\lambda \sim` Dirichlet(1..1)
        over the s stakeholders: uniform in the *mixing coefficients*, which is not uniform
        in the hull when s > d + 1 (points near vertices shared by many mixings are favoured).

    spread : array (s,), optional
        Per stakeholder, the Dirichlet concentration :math:`\kappa_s` of the spread between its
        own respondents (``survey.concentration``, written by ``mkba collect``); NaN, inf or 0
        where the vertex is exact. Each sample then mixes perturbed vertices,
        :math:`w = \sum_s \lambda_s \tilde v_s` with :math:`\lambda \sim` Dirichlet(1..1) and
        :math:`\tilde v_s \sim` Dirichlet(:math:`\kappa_s v_s`) (mean :math:`v_s`, variance
        :math:`v_{sj}(1 - v_{sj}) / (\kappa_s + 1)`): "any compromise between the parties, each as
        unsure as its respondents disagreed". Mixing coefficients are used (``uniform`` is ignored):
        uniform in volume is not defined for a hull whose corners move.

    Notes
    -----
    "Any compromise between the parties": the weight set of RPM-style robustness
    (Liesio et al. 2007) with no further preference information.
    """
    v = _check_weight_rows(vertices, "hull vertices")
    s, m = v.shape
    if uniform not in ("volume", "mixing"):
        raise MethodError(f"hull: uniform must be 'volume' or 'mixing'; got {uniform!r}")
    if spread is not None:
        return _hull_with_spread(v, spread, n, seed, block_size)
    params: dict[str, Any] = {"vertices": v, "uniform": uniform}
    if uniform == "mixing" or s == 1:
        return stream("hull", n, (m,), seed, block_size, params, "dirichlet mixing of the vertices",
                      lambda rng, k: simplex_draw(rng, k, s) @ v, method="mixing")
    origin, basis = _affine_basis(v)
    d = basis.shape[0]
    if d == 0:
        return stream("hull", n, (m,), seed, block_size, params, "single point",
                      lambda rng, k: np.broadcast_to(v[0], (k, m)).copy(), method="single")
    if s == d + 1:
        return stream("hull", n, (m,), seed, block_size, params, "dirichlet mixing (vertices form a simplex)",
                      lambda rng, k: simplex_draw(rng, k, s) @ v, method="simplex")
    coords = (v - origin) @ basis.T
    if d == 1:                                                    # collinear: a segment, uniform in length
        a, b = v[int(np.argmin(coords[:, 0]))], v[int(np.argmax(coords[:, 0]))]
        return stream("hull", n, (m,), seed, block_size, params, "uniform on the segment (collinear vertices)",
                      lambda rng, k: a + rng.random((k, 1)) * (b - a), method="segment")
    from scipy.spatial import Delaunay  # local: only needed for many stakeholders

    tri = Delaunay(coords)
    simplices = v[tri.simplices]                                  # (T, d+1, m)
    edges = coords[tri.simplices[:, 1:]] - coords[tri.simplices[:, :1]]
    vol = np.abs(np.linalg.det(edges))
    keep = vol > vol.max() * 1e-12
    simplices, prob = simplices[keep], vol[keep] / vol[keep].sum()

    def draw(rng: np.random.Generator, k: int) -> np.ndarray:
        which = rng.choice(len(prob), size=k, p=prob)
        lam = simplex_draw(rng, k, d + 1)
        return np.einsum("kv,kvm->km", lam, simplices[which])

    return stream("hull", n, (m,), seed, block_size, params,
                  f"volume-weighted Delaunay simplices ({len(prob)}) + dirichlet mixing", draw, method="delaunay",
                  simplices=len(prob))


def _hull_with_spread(v: np.ndarray, spread: Any, n: int, seed: Any, block_size: int) -> SampleStream:
    """:func:`hull` with perturbed vertices (see its ``spread``), vectorised over a block."""
    s, m = v.shape
    try:
        kappa = np.asarray(spread, dtype=float).reshape(-1)
    except (TypeError, ValueError):
        raise MethodError(f"hull: spread must be numeric; got {spread!r}") from None
    if kappa.size != s:
        raise MethodError(f"hull: spread needs one concentration per vertex ({s}); got {kappa.size}")
    exact = ~np.isfinite(kappa) | (kappa == 0)
    if (kappa[~exact] < 0).any():
        raise MethodError("hull: spread concentrations must be > 0 (or NaN/inf for an exact vertex)")
    alpha = np.where(exact, 0.0, kappa)[:, None] * v  # (s, m); an exact vertex has no Dirichlet
    moving = alpha > 0

    def draw(rng: np.random.Generator, k: int) -> np.ndarray:
        lam = simplex_draw(rng, k, s)                            # (k, s)
        g = np.zeros((k, s, m))
        g[:, moving] = rng.standard_gamma(alpha[moving], size=(k, int(moving.sum())))
        tot = g.sum(axis=2, keepdims=True)
        corners = np.where(tot > 0, g / np.where(tot > 0, tot, 1.0), v[None, :, :])  # exact (or underflowed) rows: v
        return np.einsum("ks,ksm->km", lam, corners)

    params = {"vertices": v, "uniform": "mixing",
              "spread": tuple(None if e else float(c) for e, c in zip(exact, kappa))}
    return stream("hull", n, (m,), seed, block_size, params,
                  "dirichlet mixing of dirichlet-perturbed vertices (respondent spread)", draw, method="spread")


# -- Dirichlet around group weights -----------------------------------------------------------

def dirichlet_around(center: Any, concentration: float, n: int, seed: Any, *,
                     block_size: int = GENERATION_BLOCK) -> SampleStream:
    r"""N weight vectors from Dirichlet(c * w0) around the group weights w0.

    .. math:: E[w] = w_0,\qquad \mathrm{Var}[w_j] = \frac{w_{0j}(1 - w_{0j})}{c + 1}

    Drawn as normalised Gamma(c * w0_j, 1) variates; a criterion with w0_j = 0 stays at 0.
    c = m with uniform w0 is the uniform simplex. Source: e.g. Kotz, Balakrishnan & Johnson
    (2000), *Continuous Multivariate Distributions* vol. 1, ch. 49.
    """
    w0 = _check_weight_rows(center, "dirichlet_around center")
    if w0.shape[0] != 1:
        raise MethodError(f"dirichlet_around: center must be one weight vector; got shape {np.shape(center)}")
    w0 = w0[0]
    c = float(concentration)
    if not np.isfinite(c) or c <= 0:
        raise MethodError(f"dirichlet_around: concentration must be a finite number > 0; got {concentration!r}")
    alpha = c * w0
    pos = alpha > 0
    m = w0.size

    def draw(rng: np.random.Generator, k: int) -> np.ndarray:
        out = np.zeros((k, m))
        g = rng.standard_gamma(alpha[pos], size=(k, int(pos.sum())))
        tot = g.sum(axis=1, keepdims=True)
        tiny = tot[:, 0] <= 0  # all gammas underflowed (tiny alpha): put the mass on the largest alpha
        if tiny.any():
            g[tiny] = 0.0
            g[tiny, int(np.argmax(alpha[pos]))] = 1.0
            tot = g.sum(axis=1, keepdims=True)
        out[:, pos] = g / tot
        return out

    return stream("dirichlet_around", n, (m,), seed, block_size, {"center": w0, "concentration": c},
                  "normalised gamma", draw, method="gamma")


# -- constrained weights: bounds and an importance order --------------------------------------

def _check_bounds(value: Any, m: int, name: str, fill: float) -> np.ndarray:
    if value is None:
        return np.full(m, fill)
    try:
        b = np.broadcast_to(np.asarray(value, dtype=float), (m,)).copy()
    except (TypeError, ValueError):
        raise MethodError(f"constrained: {name} must be one number or one per criterion ({m}); got {value!r}") from None
    b = np.where(np.isnan(b), fill, b)
    if (b < 0).any() or (b > 1).any():
        raise MethodError(f"constrained: {name} must lie in [0, 1]; got {b.tolist()}")
    return b


def _check_order(order: Any, m: int) -> tuple[int, ...]:
    if order is None:
        return ()
    try:
        o = tuple(int(i) for i in order)
    except (TypeError, ValueError):
        raise MethodError(f"constrained: order must be criterion indices, most important first; got {order!r}") from None
    if len(set(o)) != len(o) or any(not 0 <= i < m for i in o):
        raise MethodError(f"constrained: order must list distinct criterion indices in 0..{m - 1}; got {list(o)}")
    return o


def _inequalities(m: int, lower: np.ndarray, upper: np.ndarray, order: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
    """A w <= b for w >= lower, w <= upper and w[o_k] >= w[o_{k+1}] (equality sum w = 1 kept apart)."""
    rows, rhs = [], []
    eye = np.eye(m)
    for j in range(m):
        rows.append(-eye[j])
        rhs.append(-lower[j])
        if upper[j] < 1:
            rows.append(eye[j])
            rhs.append(upper[j])
    for a, b in zip(order[:-1], order[1:]):
        rows.append(eye[b] - eye[a])
        rhs.append(0.0)
    return np.array(rows), np.array(rhs)


def _interior_point(A: np.ndarray, b: np.ndarray, m: int) -> np.ndarray:
    """Chebyshev centre of {A w <= b, sum w = 1} in the simplex plane (linprog), or MethodError if empty."""
    from scipy.optimize import linprog

    # maximise r s.t. A w + r ||A_i P|| <= b, sum w = 1, with P the projection onto sum d = 0
    proj = A - A.mean(axis=1, keepdims=True)
    norms = np.linalg.norm(proj, axis=1)
    c = np.zeros(m + 1)
    c[-1] = -1.0
    res = linprog(c, A_ub=np.column_stack([A, norms]), b_ub=b, A_eq=np.append(np.ones(m), 0.0)[None, :],
                  b_eq=[1.0], bounds=[(None, None)] * m + [(0, 1)], method="highs")
    if res.status != 0 or res.x[-1] <= 1e-12:
        raise MethodError("constrained: the bounds and order leave no weight vector with a non-empty interior "
                          "(check that sum(lower) <= 1 <= sum(upper) and that the order agrees with the bounds)")
    return res.x[:m]


def _sort_into_order(w: np.ndarray, order: tuple[int, ...]) -> np.ndarray:
    if len(order) > 1:
        idx = list(order)
        w[:, idx] = -np.sort(-w[:, idx], axis=1)
    return w


def constrained(m: int, n: int, seed: Any, *, lower: Any = None, upper: Any = None, order: Any = None,
                block_size: int = GENERATION_BLOCK, steps: int | None = None) -> SampleStream:
    r"""N weight vectors uniform on the simplex cut by interval bounds and an importance order.

    Region: :math:`\{w \ge 0, \sum w = 1, l \le w \le u, w_{o_1} \ge w_{o_2} \ge \dots\}`.

    Parameters
    ----------
    m : number of criteria.
    n, seed, block_size : as :func:`uniform_simplex`.
    lower, upper : one number or one per criterion in [0, 1] (NaN or None = no bound).
    order : criterion indices, most important first (a chain; criteria not listed are free).
    steps : hit-and-run steps per sample (default ``max(100, 10 m^2)``), see Notes.

    Notes
    -----
    The algorithm is chosen once, deterministically from the seed (recorded as ``algorithm``):

    1. **Order only**: a uniform sample with the ordered criteria's values sorted
       descending is uniform on the ordered region (the uniform law is exchangeable and the
       k! orderings are congruent; rsmaa/hitandrun ``simplex.sample(sort=TRUE)``). Exact.
    2. **Bounds** (with or without an order): draws from (1) are kept if inside the bounds
       (rejection: exact) when a pilot of 4,000 draws accepts at least 2 %.
    3. Otherwise **hit-and-run** (Smith 1984; Tervonen et al. 2013): each sample is the end
       of its own chain, started at the region's Chebyshev centre, after ``steps`` moves
       along a uniformly random direction in the plane :math:`\sum d = 0` to a uniform
       point of the feasible chord. The chains of one block run side by side (vectorised),
       so samples are independent; uniformity is asymptotic in ``steps`` (mixing time
       O(m^3) in theory, ~m^2 in practice for well-rounded regions).

    Raises
    ------
    MethodError
        Bad bounds/order, or an empty region.
    """
    m = check_count(m, "m")
    if m < 1:
        raise MethodError("constrained needs m >= 1 criteria")
    lo = _check_bounds(lower, m, "lower", 0.0)
    up = _check_bounds(upper, m, "upper", 1.0)
    o = _check_order(order, m)
    if (lo > up).any() or lo.sum() > 1 + _EPS or up.sum() < 1 - _EPS:
        raise MethodError(f"constrained: infeasible bounds: need lower <= upper, sum(lower) = {lo.sum():g} <= 1 "
                          f"and sum(upper) = {up.sum():g} >= 1")
    params: dict[str, Any] = {"m": m, "lower": lo, "upper": up, "order": list(o)}
    bounded = (lo > 0).any() or (up < 1).any()

    def exact(rng: np.random.Generator, k: int) -> np.ndarray:
        return _sort_into_order(simplex_draw(rng, k, m), o)

    if not bounded:
        return stream("constrained", n, (m,), seed, block_size, params,
                      "uniform + sort into order" if len(o) > 1 else "dirichlet(1,...,1)", exact,
                      method="sorted" if len(o) > 1 else "uniform")

    def inside(w: np.ndarray) -> np.ndarray:
        return np.all((w >= lo - _EPS) & (w <= up + _EPS), axis=1)

    pilot_rng = np.random.default_rng(np.random.SeedSequence(entropy=seed_sequence(seed).entropy,
                                                             spawn_key=tuple(seed_sequence(seed).spawn_key) + (2**32 - 1,)))
    rate = float(inside(exact(pilot_rng, _PILOT)).mean())
    params["pilot_acceptance"] = rate
    if rate >= _MIN_ACCEPTANCE:
        def reject(rng: np.random.Generator, k: int) -> np.ndarray:
            got: list[np.ndarray] = []
            have = 0
            while have < k:
                w = exact(rng, int(1.2 * (k - have) / rate) + 16)
                w = w[inside(w)]
                got.append(w)
                have += len(w)
            return np.concatenate(got)[:k]

        return stream("constrained", n, (m,), seed, block_size, params, "rejection", reject, method="rejection")

    A, b = _inequalities(m, lo, up, o)
    x0 = _interior_point(A, b, m)
    nsteps = int(steps) if steps is not None else max(100, 10 * m * m)
    if nsteps < 1:
        raise MethodError(f"constrained: steps must be >= 1; got {steps!r}")
    params["steps"] = nsteps

    def hit_and_run(rng: np.random.Generator, k: int) -> np.ndarray:
        x = np.broadcast_to(x0, (k, m)).copy()
        for _ in range(nsteps):
            d = rng.standard_normal((k, m))
            d -= d.mean(axis=1, keepdims=True)
            ad = d @ A.T                                   # (k, c)
            slack = b - x @ A.T                            # >= 0 inside
            with np.errstate(divide="ignore", invalid="ignore"):
                t = slack / ad
            hi = np.where(ad > 1e-15, t, np.inf).min(axis=1)
            lo_t = np.where(ad < -1e-15, t, -np.inf).max(axis=1)
            hi = np.maximum(hi, 0.0)
            lo_t = np.minimum(lo_t, 0.0)
            step = lo_t + (hi - lo_t) * rng.random(k)
            x += step[:, None] * d
        x = np.clip(x, 0.0, None)
        return x / x.sum(axis=1, keepdims=True)

    return stream("constrained", n, (m,), seed, block_size, params, "hit-and-run", hit_and_run, method="hit_and_run")


# -- uncertain effects ------------------------------------------------------------------------

#: z such that low/high are the 2.5 % and 97.5 % quantiles of the normal distribution.
NORMAL_Z = 1.959963984540054


def effects(low: Any, mode: Any, high: Any, n: int, seed: Any, *, dist: str = "triangular",
            block_size: int = GENERATION_BLOCK) -> SampleStream:
    r"""N draws of the (measures x criteria) effect matrix, each cell independent.

    Parameters
    ----------
    low, mode, high : arrays (n_measures, m)
        Per measure and criterion (scenario ``low|mode|high``); a certain cell has
        low = mode = high.
    n, seed, block_size : as :func:`uniform_simplex`.
    dist : {"triangular", "normal"}
        ``"triangular"``: Triangular(low, mode, high), by inverse CDF:
        :math:`F_c = (c - a)/(b - a)`; :math:`x = a + \sqrt{U (b-a)(c-a)}` if :math:`U < F_c`,
        else :math:`b - \sqrt{(1-U)(b-a)(b-c)}`.
        ``"normal"``: Normal(mean = mode, sd = (high - low) / (2 * 1.96)), i.e. low and high
        read as the 2.5 % and 97.5 % quantiles (exactly so when mode is their midpoint).

    Returns
    -------
    SampleStream with ``sample_shape = (n_measures, m)``; ``.array()`` is (N, n_measures, m).
    """
    try:
        a, c, b = (np.asarray(v, dtype=float) for v in (low, mode, high))
    except (TypeError, ValueError):
        raise MethodError("effects: low, mode and high must be numeric arrays") from None
    if a.shape != c.shape or a.shape != b.shape or a.ndim != 2:
        raise MethodError(f"effects: low, mode, high must be 2-D (measures x criteria) of one shape; got "
                          f"{a.shape}, {c.shape}, {b.shape}")
    if not (np.isfinite(a).all() and np.isfinite(b).all() and np.isfinite(c).all()):
        raise MethodError("effects: low, mode and high must be finite")
    bad = (a > c) | (c > b)
    if bad.any():
        i, j = np.argwhere(bad)[0]
        raise MethodError(f"effects: need low <= mode <= high; measure row {i}, criterion column {j} has "
                          f"{a[i, j]!r} | {c[i, j]!r} | {b[i, j]!r}")
    if dist not in ("triangular", "normal"):
        raise MethodError(f"effects: dist must be 'triangular' or 'normal'; got {dist!r}")
    shape = a.shape
    params = {"low": a, "mode": c, "high": b, "dist": dist}
    if dist == "normal":
        sd = (b - a) / (2.0 * NORMAL_Z)

        def draw_normal(rng: np.random.Generator, k: int) -> np.ndarray:
            return c + sd * rng.standard_normal((k,) + shape)

        return stream("effects", n, shape, seed, block_size, params, "normal", draw_normal, method="normal")

    span = b - a
    fc = np.divide(c - a, span, out=np.zeros_like(span), where=span > 0)

    def draw_tri(rng: np.random.Generator, k: int) -> np.ndarray:
        u = rng.random((k,) + shape)
        left = u < fc
        out = np.where(left, a + np.sqrt(u * span * (c - a)), b - np.sqrt((1.0 - u) * span * (b - c)))
        return out

    return stream("effects", n, shape, seed, block_size, params, "triangular (inverse CDF)", draw_tri, method="triangular")
