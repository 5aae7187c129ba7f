"""Discount-rate schedules for the social cost-benefit appraisal: named, versioned sets and their factors.

A flow in calendar year ``y`` is discounted with ``t = y - start_year`` and
``DF_t = Π_{s=1..t} 1/(1 + r_s)`` (``DF_0 = 1``, end-of-year), so stepped schedules (UK Green
Book, NL 2026) chain their rates. Sources per set in :data:`DISCOUNT_SETS`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .errors import MethodError, closest

__all__ = ["DiscountSet", "DISCOUNT_SETS", "discount_set", "discount_factors", "internal_rate_of_return"]


@dataclass(frozen=True)
class DiscountSet:
    """A named, versioned discount-rate schedule.

    ``steps`` are ``(last_year, rate)`` pairs: ``rate`` applies to years ``t`` up to and including
    ``last_year`` (after the previous step); ``final_rate`` applies beyond the last step.
    """

    name: str
    version: str
    description: str
    source: str
    steps: tuple[tuple[int, float], ...]
    final_rate: float

    def rates(self, n: int) -> np.ndarray:
        """Real rates r_1 .. r_n for years t = 1..n."""
        t = np.arange(1, n + 1)
        r = np.full(n, self.final_rate, dtype=float)
        lower = 0
        for last, rate in self.steps:
            r[(t > lower) & (t <= last)] = rate
            lower = last
        return r

    def factors(self, n: int) -> np.ndarray:
        """Discount factors DF_0 .. DF_{n-1} (DF_0 = 1)."""
        return np.concatenate(([1.0], np.cumprod(1.0 / (1.0 + self.rates(max(n - 1, 0))))))[:n]

    def to_dict(self) -> dict:
        return {"name": self.name, "version": self.version, "description": self.description,
                "source": self.source, "steps": [list(s) for s in self.steps],
                "final_rate": self.final_rate}


DISCOUNT_SETS: dict[str, DiscountSet] = {
    s.name: s
    for s in (
        DiscountSet(
            "nl-2021", "2021-01-01",
            "NL standard real discount rate 2021-2025: 2.25 % (risk-free -1 % + risk premium 3.25 %)",
            "Werkgroep Discontovoet 2020; rwseconomie.nl/discontovoet (table per 1 januari 2021)",
            (), 0.0225),
        DiscountSet(
            "nl-2026", "2026-01-01",
            "NL standard real discount rate from 2026: 2.8 % for years 1-35, 1.8 % after "
            "(read as forward rates, chained)",
            "Werkgroep Discontovoet 2025 (rapport 19-09-2025), as quoted in secondary sources; "
            "the forward reading is an assumption until the primary report is checked",
            ((35, 0.028),), 0.018),
        DiscountSet(
            "uk-green-book", "2022",
            "UK Green Book STPR: 3.5 % years 0-30, 3.0 % 31-75, 2.5 % 76-125, 2.0 % 126-200, "
            "1.5 % 201-300, 1.0 % beyond",
            "HM Treasury, The Green Book (2022), table 8 (declining long-term discount rate)",
            ((30, 0.035), (75, 0.03), (125, 0.025), (200, 0.02), (300, 0.015)), 0.01),
    )
}


def discount_set(spec: str | float) -> DiscountSet:
    """The discount set for a name in :data:`DISCOUNT_SETS` or a constant real rate (e.g. 0.03)."""
    if isinstance(spec, (int, float)) and not isinstance(spec, bool):
        rate = float(spec)
        if not np.isfinite(rate) or rate <= -1:
            msg = f"a constant discount rate must be a finite number above -1 (e.g. 0.03), got {spec!r}"
            raise MethodError(msg)
        return DiscountSet(f"constant-{rate:g}", "constant", f"constant real rate {rate:.4%}",
                           "scenario input", (), rate)
    if isinstance(spec, str) and spec in DISCOUNT_SETS:
        return DISCOUNT_SETS[spec]
    hint = closest(spec, DISCOUNT_SETS) if isinstance(spec, str) else None
    msg = (f"unknown discount set {spec!r}; valid: {sorted(DISCOUNT_SETS)} or a constant rate such as 0.03"
           + (f"; did you mean {hint!r}?" if hint else ""))
    raise MethodError(msg)


def discount_factors(spec: str | float, n: int) -> np.ndarray:
    """Discount factors DF_0 .. DF_{n-1} for a discount set name or a constant rate."""
    return discount_set(spec).factors(n)


def internal_rate_of_return(flows: np.ndarray, *, lo: float = -0.99, hi: float = 100.0) -> float | None:
    """The internal rate of return of yearly net flows F_0 .. F_{n-1}: the constant rate r with
    Σ_t F_t / (1 + r)^t = 0; None when the flows do not change sign or the root is not unique.

    The NPV is scanned on a grid of rates from ``lo`` to ``hi`` (denser near zero, where rates
    of public investments lie) and each sign change refined by Brent's method; more than one root
    means the IRR is undefined (Hirshleifer 1958; CPB/PBL Algemene leidraad 2013 report it beside
    the NPV, never instead of it).
    """
    f = np.asarray(flows, dtype=float)
    nz = np.nonzero(f)[0]
    if nz.size == 0 or (f[nz] > 0).all() or (f[nz] < 0).all():
        return None
    f = f[: nz[-1] + 1]
    t = np.arange(f.size)

    def npv(r: float) -> float:
        return float(np.sum(f * np.exp(-t * np.log1p(r))))

    grid = np.unique(np.concatenate([np.linspace(lo, -0.2, 80), np.linspace(-0.2, 0.5, 701),
                                     np.geomspace(0.5, hi, 200)]))
    values = np.array([npv(r) for r in grid])
    roots = [float(r) for r, v in zip(grid, values) if v == 0.0]
    change = np.nonzero(np.sign(values[:-1]) * np.sign(values[1:]) < 0)[0]
    from scipy.optimize import brentq  # (lazy: scipy.optimize costs ~0.3 s to import; mkba validate never needs it)

    roots += [brentq(npv, grid[k], grid[k + 1], xtol=1e-14, rtol=1e-12) for k in change]
    return roots[0] if len(roots) == 1 else None
