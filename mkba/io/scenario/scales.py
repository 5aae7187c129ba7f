"""Qualitative scales (issue 20 item 1): a criterion scored with ordered labels instead of numbers.

``scale: default`` is ``--, -, 0, +, ++`` with values -2, -1, 0, +1, +2 (0: no change against the
nulalternatief, as a number would be); the Unicode minus (U+2212) and the en dash are read as '-'. A
list of labels (lowest first, e.g. ``[laag, midden, hoog]``) takes the values 1, 2, ... n; a mapping
``{laag: 1, midden: 2, hoog: 4}`` gives its own strictly increasing values. The direction says, as for
numbers, whether more is better. The values are the point result's; the sensitivity analysis treats them
as uncertain: any values in the same order between the lowest and the highest (SMAA-O, Lahdelma,
Miettinen & Salminen 2003), sampled (:func:`mkba.sensitivity.ordinal.monotone`)."""

from __future__ import annotations

from ...model import FrozenMap
from ..readers import LineDict
from .reader import Reader

__all__ = ["DEFAULT_SCALE", "read_scale", "label_value"]

DEFAULT_SCALE = {"--": -2.0, "-": -1.0, "0": 0.0, "+": 1.0, "++": 2.0}
_MINUS = str.maketrans({"\u2212": "-", "\u2013": "-"})
_EXPECTED = "default (--, -, 0, +, ++), a list of labels lowest first, or a mapping label: value (values increasing)"


def _label(text: object) -> str:
    return str(text).strip().translate(_MINUS)


def read_scale(r: Reader, item: LineDict, label: str, *, monetised: bool) -> FrozenMap:
    """A criterion's ``scale`` as label -> value in increasing order; empty when absent or wrong (reported)."""
    raw = item.get("scale")
    if raw is None:
        return FrozenMap()
    field, row = f"criteria.{label}.scale", item.lines.get("scale")
    if monetised:
        r.error("a scale of labels cannot be priced", field=field, row=row, value=raw,
                expected="no shadow_price on a criterion scored with labels (it is a PM item)")
        return FrozenMap()
    if raw is True or raw == "default":
        return FrozenMap(DEFAULT_SCALE)
    if isinstance(raw, list):
        pairs = [(_label(x), float(k + 1)) for k, x in enumerate(raw)]
    elif isinstance(raw, dict):
        pairs = []
        for key, value in raw.items():
            number = r.number(value, field=f"{field}.{key}", row=raw.lines.get(key, row) if isinstance(raw, LineDict) else row)
            if number is None:
                return FrozenMap()
            pairs.append((_label(key), number))
    else:
        r.error("not a scale", field=field, row=row, value=raw, expected=_EXPECTED)
        return FrozenMap()
    labels = [p[0] for p in pairs]
    if len(pairs) < 2 or len(set(labels)) < len(labels) or any(not x for x in labels):
        r.error("a scale needs two or more different labels", field=field, row=row, value=raw, expected=_EXPECTED)
        return FrozenMap()
    if any(b[1] <= a[1] for a, b in zip(pairs, pairs[1:])):
        r.error("the values of a scale must increase from the first label to the last", field=field, row=row,
                value=raw, expected="e.g. {laag: 1, midden: 2, hoog: 4}")
        return FrozenMap()
    return FrozenMap(dict(pairs))


def label_value(scale: FrozenMap, cell: object) -> float | None:
    """The value of a cell's label on the scale (Unicode minus forms read as '-'), None when not a label."""
    return scale.get(_label(cell))
