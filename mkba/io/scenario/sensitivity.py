"""The ``sensitivity`` section: samples, which weights are sampled (and the region of constrained
weights), uncertain effects, the tornado's cost range and measure."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypedDict

from ...model import FrozenMap, SensitivitySettings
from .. import schema
from ..limits import MAX_SAMPLES
from ..readers import LineDict
from .issues import Location
from .reader import Reader

__all__ = ["read_sensitivity"]


class _Given(TypedDict, total=False):
    """The settings the file gives validly, as keywords of :class:`SensitivitySettings` (the others
    keep their defaults)."""

    enabled: bool
    samples: int
    portfolio_samples: int
    weights: str
    concentration: float
    effects: bool
    cost_range: tuple[float, float]
    measure: str | None
    effects_distribution: str
    lower: FrozenMap
    upper: FrozenMap
    order: tuple[str, ...]


def read_sensitivity(r: Reader, doc: LineDict, matrix_ids: tuple[str, ...]) -> SensitivitySettings:
    """The sensitivity settings; the defaults for what is absent or invalid (reported)."""
    raw = doc.get("sensitivity")
    if raw is None:
        return SensitivitySettings()
    row = doc.lines.get("sensitivity")
    if not isinstance(raw, LineDict):
        r.error("expected a mapping", field="sensitivity", row=row, value=raw,
                expected=", ".join(f.name for f in schema.fields("sensitivity")))
        return SensitivitySettings()
    r.check_keys(raw, "sensitivity", "sensitivity")
    line = raw.lines.get
    values: _Given = {}
    for key in ("enabled", "effects"):
        if key in raw:
            if not isinstance(raw[key], bool):
                r.error("expected true or false", field=f"sensitivity.{key}", row=line(key), value=raw[key])
            else:
                values[key] = raw[key]
    if "samples" in raw:
        samples = r.integer(raw, "samples", minimum=100, maximum=MAX_SAMPLES,
                            expected=f"a whole number from 100 to {MAX_SAMPLES:,}")
        if samples is not None:
            values["samples"] = samples
    if "portfolio_samples" in raw:
        samples = r.integer(raw, "portfolio_samples", minimum=10, maximum=100_000,
                            expected="a whole number from 10 to 100,000")
        if samples is not None:
            values["portfolio_samples"] = samples
    if "weights" in raw:
        values["weights"] = r.choice(raw, schema.field("sensitivity", "weights"))
    if "concentration" in raw:
        c = r.number(raw["concentration"], field="sensitivity.concentration", row=line("concentration"))
        if c is not None and c <= 0:
            r.error("must be positive", field="sensitivity.concentration", row=line("concentration"), value=c,
                    expected="a number > 0")
        elif c is not None:
            values["concentration"] = c
    if "cost_range" in raw:
        pair = raw["cost_range"]
        nums = [r.number(v, field="sensitivity.cost_range", row=line("cost_range")) for v in pair] \
            if isinstance(pair, list) and len(pair) == 2 else None
        low, high = nums if nums is not None else (None, None)
        if low is None or high is None or not 0 <= low <= 1 <= high:
            r.error("a cost range is [low, high] with low <= 1 <= high", field="sensitivity.cost_range",
                    row=line("cost_range"), value=pair, expected="e.g. [0.8, 1.3]")
        else:
            values["cost_range"] = (low, high)
    if "measure" in raw:
        ids = r.measure_ids
        if ids is not None and not r.measure_known(raw["measure"]):  # ids None: any measure may stand
            r.unknown("measure", raw["measure"], ids, field="sensitivity.measure", row=line("measure"),
                      ref="measure")
        else:
            values["measure"] = str(raw["measure"])
    if "effects_distribution" in raw:
        values["effects_distribution"] = r.choice(raw, schema.field("sensitivity", "effects_distribution"))
    values.update(_weight_region(r, raw, matrix_ids))
    if values.get("weights") == "constrained" and not any(k in raw for k in ("lower", "upper", "order")):
        r.error("'constrained' needs lower, upper or order", field="sensitivity.weights", row=line("weights"),
                value="constrained", expected="e.g. lower: {npv: 0.2} or order: [npv, leefbaarheid]")
    elif values.get("weights") != "constrained" and any(k in raw for k in ("lower", "upper", "order")):
        r.warn("lower, upper and order are used only with weights: constrained", field="sensitivity.weights",
               row=line("weights") or row, value=values.get("weights", "stakeholder-hull"),
               expected="weights: constrained")
    return SensitivitySettings(**values)


def _weight_region(r: Reader, raw: LineDict, matrix_ids: tuple[str, ...]) -> _Given:
    """``lower``/``upper`` (criterion: weight in [0, 1]) and ``order`` (criteria, most important
    first) of ``weights: constrained``, over the matrix criteria (a monetised criterion is in 'npv')."""
    out: _Given = {}
    line = raw.lines.get
    for key in ("lower", "upper"):
        if key not in raw:
            continue
        bounds = raw[key]
        if not isinstance(bounds, dict):
            r.error("expected a mapping criterion: weight", field=f"sensitivity.{key}", row=line(key),
                    value=bounds, expected="e.g. {npv: 0.2, leefbaarheid: 0.1}")
            continue
        ok: dict[str, float] = {}
        for cid, v in bounds.items():
            where: Location = {"field": f"sensitivity.{key}.{cid}", "row": line(key)}
            if cid not in matrix_ids:
                r.unknown("criterion", cid, list(matrix_ids), ref="criterion", **where)
                continue
            number = r.number(v, **where)
            if number is not None and not 0.0 <= number <= 1.0:
                r.error("a weight bound lies between 0 and 1", value=v, expected="a number from 0 to 1", **where)
            elif number is not None:
                ok[str(cid)] = number
        out[key] = FrozenMap(ok)
    if "order" in raw:
        order = raw["order"]
        if not isinstance(order, list) or len(order) < 2:
            r.error("expected a list of two or more criteria, most important first", field="sensitivity.order",
                    row=line("order"), value=order, expected="e.g. [npv, leefbaarheid, hinder]")
        else:
            known = [c for c in order if c in matrix_ids]
            for c in order:
                if c not in matrix_ids:
                    r.unknown("criterion", c, list(matrix_ids), field="sensitivity.order", row=line("order"),
                              ref="criterion")
            if len(set(known)) != len(known):
                r.error("a criterion appears twice in the order", field="sensitivity.order", row=line("order"),
                        value=order, expected="each criterion once")
            elif len(known) == len(order):
                out["order"] = tuple(str(c) for c in order)
    lo: Mapping[str, float] = out.get("lower", {})
    up: Mapping[str, float] = out.get("upper", {})
    if sum(lo.values()) > 1.0 + 1e-9 or any(lo.get(c, 0.0) > up[c] for c in up):
        r.error("the weight bounds leave no weights: lower bounds sum above 1 or exceed an upper bound",
                field="sensitivity.lower", row=line("lower") or line("upper"), value=dict(lo),
                expected="lower bounds summing to at most 1, each at most its upper bound")
    return out

