"""SVG charts drawn by hand: small, deterministic, and free of any dependency.

Charts are embedded as `data:` images with alt text (which weasyprint tags as
figures) and always sit beside a table with the same numbers, so colour and
shape are never the only carriers of meaning.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from toolkit.engine.scoring import GREEN_FROM, RED_BELOW
from toolkit.model.result import Rating

FILL = {Rating.RED: "#b42318", Rating.AMBER: "#b54708", Rating.GREEN: "#067647", None: "#667085"}


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    rating: Rating | None


def bar_chart(bars: Sequence[Bar], width: int = 400) -> str:
    """A horizontal bar chart of 0-100 scores, with the Red/Green thresholds marked."""
    row, left, right = 18, 50, 40
    plot = width - left - right
    height = row * len(bars) + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">'
    ]
    for threshold in (RED_BELOW, GREEN_FROM):
        x = left + plot * threshold / 100
        parts.append(
            f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height - 20}" '
            'stroke="#98a2b3" stroke-dasharray="3,3"/>'
            f'<text x="{x:.1f}" y="{height - 6}" text-anchor="middle" fill="#475467">'
            f"{threshold:.0f}</text>"
        )
    for index, bar in enumerate(bars):
        y = index * row + 4
        length = plot * (bar.value or 0) / 100
        shown = "not rated" if bar.value is None else f"{bar.value:.0f}"
        parts.append(
            f'<text x="{left - 6}" y="{y + 11}" text-anchor="end">{escape(bar.label)}</text>'
            f'<rect x="{left}" y="{y}" width="{length:.1f}" height="13" '
            f"fill={quoteattr(FILL[bar.rating])}/>"
            f'<text x="{left + length + 4:.1f}" y="{y + 11}">{shown}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def data_uri(svg: str) -> str:
    """The SVG as a `data:` URL, the one form the restricted fetcher always allows."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


@dataclass(frozen=True)
class Tile:
    label: str
    score: str
    rating: Rating | None


RATING_WORD = {Rating.RED: "RED", Rating.AMBER: "AMBER", Rating.GREEN: "GREEN", None: "NOT RATED"}


def tile_chart(tiles: Sequence[Tile], columns: int = 6, width: int = 640) -> str:
    """An overview grid, one tile per domain, coloured by rating and labelled in words."""
    gap = 6
    size = (width - gap * (columns - 1)) / columns
    tall = 54
    rows = (len(tiles) + columns - 1) // columns
    height = rows * (tall + gap)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" fill="#ffffff">'
    ]
    for index, tile in enumerate(tiles):
        x = (index % columns) * (size + gap)
        y = (index // columns) * (tall + gap)
        middle = x + size / 2
        parts.append(
            f'<rect x="{x:.1f}" y="{y}" width="{size:.1f}" height="{tall}" rx="4" '
            f"fill={quoteattr(FILL[tile.rating])}/>"
            f'<text x="{middle:.1f}" y="{y + 17}" text-anchor="middle" font-size="12" '
            f'font-weight="bold">{escape(tile.label)}</text>'
            f'<text x="{middle:.1f}" y="{y + 33}" text-anchor="middle" font-size="11">'
            f"{escape(tile.score)}</text>"
            f'<text x="{middle:.1f}" y="{y + 47}" text-anchor="middle" font-size="9">'
            f"{RATING_WORD[tile.rating]}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
