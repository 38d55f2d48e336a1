"""SVG charts drawn by hand: small, deterministic, and free of any dependency.

Charts are embedded as `data:` images with alt text (which weasyprint tags as
figures) and always sit beside a table with the same numbers. Colour is never
the only carrier of meaning: every bar carries its rating in words, and the
palette keeps Red, Amber and Green apart for readers with red-green colour
blindness too (Red dark, Amber light, Green a blue-green of middle lightness;
`tests/report/test_palette.py` checks the differences).
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from toolkit.engine.scoring import GREEN_FROM, RED_BELOW
from toolkit.i18n import N_, _, format_decimal
from toolkit.model.result import Rating

FILL = {Rating.RED: "#a0162a", Rating.AMBER: "#f2b134", Rating.GREEN: "#1b8a8c", None: "#98a2b3"}
"""Bar fill per rating; `report.css` uses the same values for the rating badges."""

INK = {Rating.RED: "#ffffff", Rating.AMBER: "#101828", Rating.GREEN: "#ffffff", None: "#101828"}
"""Text colour on each fill, chosen for contrast."""

FONT = "Report Sans, DejaVu Sans, sans-serif"
"""The report's bundled font (print.css declares it), so charts match the text."""

RATING_WORD = {
    Rating.RED: N_("Red"),
    Rating.AMBER: N_("Amber"),
    Rating.GREEN: N_("Green"),
    None: N_("not rated"),
}


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    rating: Rating | None
    capped: bool = False
    """A critical control holds the rating below what the score alone gives."""


def bar_chart(bars: Sequence[Bar], width: int = 480) -> str:
    """A horizontal bar chart of 0-100 scores, each bar labelled with its rating,
    with the Red and Green thresholds drawn and named."""
    row, left, right, top = 16, 40, 100, 16
    plot = width - left - right
    height = top + row * len(bars) + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="{FONT}" font-size="10">'
    ]
    for threshold, name in ((RED_BELOW, _("Red below")), (GREEN_FROM, _("Green from"))):
        x = left + plot * threshold / 100
        parts.append(
            f'<line x1="{x:.1f}" y1="{top - 3}" x2="{x:.1f}" y2="{height - 4}" '
            'stroke="#475467" stroke-dasharray="3,2"/>'
            f'<text x="{x:.1f}" y="{top - 6}" text-anchor="middle" fill="#344054" '
            f'font-size="8.5">{escape(name)} {threshold:.0f}</text>'
        )
    for index, bar in enumerate(bars):
        y = top + index * row
        length = plot * (bar.value or 0) / 100
        word = escape(_(RATING_WORD[bar.rating]))
        shown = _("not rated (nothing in scope)") if bar.value is None else _points(bar.value)
        inside = bar.value is not None and length > 44
        parts.append(
            f'<text x="2" y="{y + 11}">{escape(bar.label)}</text>'
            f'<rect x="{left}" y="{y}" width="{length:.1f}" height="13" '
            f"fill={quoteattr(FILL[bar.rating])}/>"
        )
        if inside:
            parts.append(
                f'<text x="{left + 4}" y="{y + 10.5}" font-size="8.5" font-weight="bold" '
                f"fill={quoteattr(INK[bar.rating])}>{word}</text>"
            )
        label = shown if inside or bar.value is None else f"{shown} {word}"
        if bar.capped:
            label += " · " + _("capped")
        parts.append(f'<text x="{left + length + 4:.1f}" y="{y + 11}">{escape(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def data_uri(svg: str) -> str:
    """The SVG as a `data:` URL, the one form the restricted fetcher always allows."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def _points(value: float) -> str:
    """A score as the bar names it: `79`, `73.4` (`73,4` in German and French)."""
    return format_decimal(value, 0 if value == int(value) else 1)
