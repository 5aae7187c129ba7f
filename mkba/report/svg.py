"""The SVG toolkit of the report's charts (:mod:`.figures`, :mod:`.mapfig`, :mod:`.planfig`): the
Okabe-Ito palette, the :class:`Figure` record, text, lines, axes and the ``<svg>`` wrapper.

Deterministic by construction: coordinates printed with one decimal, every string XML-escaped.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass
from html import escape
from typing import Callable, Sequence

from .i18n import Catalogue

__all__ = ["OKABE_ITO", "POSITIVE", "NEGATIVE", "GREY", "INK", "GRID", "FONT", "LINE", "CHAR", "MARKERS", "DASHES",
           "Figure", "wrap", "nice_ticks", "_decimals", "_money_scale", "_f", "_text", "_lines", "_svg", "_x_axis",
           "_y_axis", "_marker", "_blend"]

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#F0E442")
"""Blue, orange, bluish green, vermillion, reddish purple, sky blue, black, yellow."""
POSITIVE, NEGATIVE, GREY, INK, GRID = "#0072B2", "#D55E00", "#BBBBBB", "#222222", "#DDDDDD"
FONT = 12
LINE = 14
CHAR = 0.56 * FONT
"""Estimated width of one character (px) for layout; names are wrapped, so this only sets margins."""
MARKERS = ("circle", "square", "diamond", "triangle", "circle", "square", "diamond")
DASHES = ("", "6 3", "2 2", "", "6 3", "2 2", "")


@dataclass(frozen=True)
class Figure:
    """One chart: its name (the SVG id is ``fig-<name>``), caption and SVG text."""

    name: str
    caption: str
    svg: str



def wrap(text: str, width: int) -> list[str]:
    """Wrap ``text`` into lines of at most ``width`` characters (longer words are broken, not cut)."""
    return textwrap.wrap(str(text), width=width, break_long_words=True, break_on_hyphens=True) or [""]


def nice_ticks(lo: float, hi: float, target: int = 7) -> list[float]:
    """Round tick values covering [lo, hi], about ``target`` intervals (steps 1, 2, 2.5, 5 x 10^k).

    Any finite range works, from a range of 1e-12 to one of 1e15: a range that is nil relative to
    its values opens to include zero (or -1..1 around zero); ticks are rounded relative to the
    step, never to a fixed number of decimals, so tiny ranges keep distinct ticks."""
    if not (math.isfinite(lo) and math.isfinite(hi)):
        lo, hi = 0.0, 1.0
    lo, hi = min(lo, hi), max(lo, hi)
    if hi - lo <= 1e-12 * max(abs(lo), abs(hi)):
        lo, hi = (-1.0, 1.0) if max(abs(lo), abs(hi)) == 0 else (min(0.0, lo), max(0.0, hi))
    raw = (hi - lo) / target
    if not (math.isfinite(raw) and raw > 0):
        return [lo, hi]
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if raw <= m * mag * (1 + 1e-9))
    first = math.floor(lo / step + 1e-9)
    count = math.ceil(hi / step - 1e-9) - first
    digits = 12 - math.floor(math.log10(step))
    return [round((first + i) * step, digits) + 0.0 for i in range(count + 1)]


def _decimals(ticks: Sequence[float]) -> int:
    """The fewest decimals that show every tick exactly (0.25 steps need two: 0,25 not 0,3)."""
    step = abs(ticks[1] - ticks[0]) if len(ticks) > 1 else 1.0
    if not (math.isfinite(step) and step > 0):
        return 0
    for d in range(0, 16):
        if all(abs(round(t, d) - t) <= 1e-6 * step for t in ticks):
            return d
    return 15


_BILLION = {"nl": "mld", "en": "bn"}
"""The billions unit of money axes (the catalogue has millions and thousands)."""


def _money_scale(values: Sequence[float], cat: Catalogue) -> tuple[float, str]:
    """Divisor and unit for euro axes: billions, millions, thousands or euros."""
    top = max((abs(v) for v in values if math.isfinite(v)), default=0.0)
    if top >= 1e9:
        return 1e9, f"{_BILLION.get(cat.lang, 'bn')} EUR"
    if top >= 1e6:
        return 1e6, f"{cat('scale.mln')} EUR"
    if top >= 1e4:
        return 1e3, f"{cat('scale.thousand')} EUR"
    if 0 < top < 0.01:  # fractions of a cent (a degenerate budget): a power of ten keeps the ticks short
        k = math.floor(math.log10(top))
        return 10.0 ** k, f"× 10{str(k).translate(_SUPERSCRIPT)} EUR"
    return 1.0, "EUR"


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _f(x: float) -> str:
    return f"{x:.1f}"


def _text(x: float, y: float, s: str, *, anchor: str = "start", size: int = FONT, weight: str = "",
          fill: str = INK, cls: str = "") -> str:
    extra = (f' font-weight="{weight}"' if weight else "") + (f' class="{cls}"' if cls else "")
    return (f'<text x="{_f(x)}" y="{_f(y)}" text-anchor="{anchor}" font-size="{size}" fill="{fill}"{extra}>'
            f"{escape(s)}</text>")


def _lines(x: float, y: float, lines: Sequence[str], *, anchor: str = "end", size: int = FONT,
           weight: str = "") -> str:
    """Multi-line text, first baseline at y."""
    spans = "".join(f'<tspan x="{_f(x)}" dy="{0 if k == 0 else LINE}">{escape(s)}</tspan>' for k, s in enumerate(lines))
    bold = f' font-weight="{weight}"' if weight else ""
    return (f'<text x="{_f(x)}" y="{_f(y)}" text-anchor="{anchor}" font-size="{size}" fill="{INK}"{bold}>'
            f"{spans}</text>")


def _svg(name: str, title: str, width: float, height: float, body: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" id="fig-{name}" class="chart" role="img" '
            f'aria-labelledby="fig-{name}-title" width="{_f(width)}" height="{_f(height)}" '
            f'viewBox="0 0 {_f(width)} {_f(height)}" font-family="Arial, Helvetica, sans-serif">'
            f'<title id="fig-{name}-title">{escape(title)}</title>' + "".join(body) + "</svg>")


def _x_axis(ticks: Sequence[float], scale: Callable[[float], float], y0: float, y1: float, label: str,
            x_mid: float, cat: Catalogue, *, divisor: float = 1.0, percent: bool = False) -> list[str]:
    """Vertical grid lines with tick labels under the plot and the axis label below them."""
    d = _decimals([t / divisor for t in ticks]) if not percent else _decimals([t * 100 for t in ticks])
    out = []
    for t in ticks:
        x = scale(t)
        out.append(f'<line x1="{_f(x)}" y1="{_f(y0)}" x2="{_f(x)}" y2="{_f(y1)}" stroke="{GRID}"/>')
        value = t * 100 if percent else t / divisor
        out.append(_text(x, y1 + 14, cat.number(value, d), anchor="middle", size=11))
    out.append(_text(x_mid, y1 + 32, label, anchor="middle", weight="bold"))
    return out


def _y_axis(ticks: Sequence[float], scale: Callable[[float], float], x0: float, x1: float, label: str,
            y_mid: float, cat: Catalogue, *, divisor: float = 1.0) -> list[str]:
    d = _decimals([t / divisor for t in ticks])
    out = []
    for t in ticks:
        y = scale(t)
        out.append(f'<line x1="{_f(x0)}" y1="{_f(y)}" x2="{_f(x1)}" y2="{_f(y)}" stroke="{GRID}"/>')
        out.append(_text(x0 - 6, y + 4, cat.number(t / divisor, d), anchor="end", size=11))
    out.append(f'<text transform="translate({_f(x0 - 48)},{_f(y_mid)}) rotate(-90)" text-anchor="middle" '
               f'font-size="{FONT}" font-weight="bold" fill="{INK}">{escape(label)}</text>')
    return out


def _marker(kind: str, x: float, y: float, colour: str, r: float = 4.0) -> str:
    if kind == "square":
        return f'<rect x="{_f(x - r)}" y="{_f(y - r)}" width="{_f(2 * r)}" height="{_f(2 * r)}" fill="{colour}"/>'
    if kind == "diamond":
        pts = f"{_f(x)},{_f(y - r - 1)} {_f(x + r + 1)},{_f(y)} {_f(x)},{_f(y + r + 1)} {_f(x - r - 1)},{_f(y)}"
        return f'<polygon points="{pts}" fill="{colour}"/>'
    if kind == "triangle":
        pts = f"{_f(x)},{_f(y - r - 1)} {_f(x + r + 1)},{_f(y + r)} {_f(x - r - 1)},{_f(y + r)}"
        return f'<polygon points="{pts}" fill="{colour}"/>'
    return f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(r)}" fill="{colour}"/>'


def _blend(value: float) -> str:
    """White (0) to Okabe-Ito blue (1)."""
    v = min(max(value, 0.0), 1.0)
    r, g, b = (round(255 + (c - 255) * v) for c in (0x00, 0x72, 0xB2))
    return f"#{r:02X}{g:02X}{b:02X}"
