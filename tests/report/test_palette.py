"""The rating colours stay apart for readers with normal vision and red-green colour blindness.

The check: simulate protanopia and deuteranopia with the matrices of Machado,
Oliveira and Fernandes (2009, severity 1.0, applied in linear sRGB), convert
to CIE L*a*b* (D65), and require a CIE76 colour difference (Euclidean distance
in L*a*b*) of at least MIN_DIFFERENCE between every pair of Red, Amber and
Green. Around 2.3 is a just-noticeable difference; 20 is plainly different
at a glance. The stylesheet must use the same fills as the charts.
"""

from __future__ import annotations

from itertools import combinations

import pytest

from toolkit.model.resources import bundled
from toolkit.model.result import Rating
from toolkit.report.charts import FILL

MIN_DIFFERENCE = 20.0

Matrix = tuple[tuple[float, float, float], ...]
IDENTITY: Matrix = ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0))
PROTANOPIA: Matrix = (
    (0.152286, 1.052583, -0.204868),
    (0.114503, 0.786281, 0.099216),
    (-0.003882, -0.048116, 1.051998),
)
DEUTERANOPIA: Matrix = (
    (0.367322, 0.860646, -0.227968),
    (0.280085, 0.672501, 0.047413),
    (-0.011820, 0.042940, 0.968881),
)


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def _lab(hex_colour: str, vision: Matrix) -> tuple[float, float, float]:
    rgb = [_linear(int(hex_colour[i : i + 2], 16) / 255) for i in (1, 3, 5)]
    r, g, b = (
        min(1.0, max(0.0, sum(m * c for m, c in zip(row, rgb, strict=True)))) for row in vision
    )
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def _difference(first: str, second: str, vision: Matrix) -> float:
    a, b = _lab(first, vision), _lab(second, vision)
    return sum((p - q) ** 2 for p, q in zip(a, b, strict=True)) ** 0.5


@pytest.mark.parametrize(
    "vision", [IDENTITY, PROTANOPIA, DEUTERANOPIA], ids=["normal", "protanope", "deuteranope"]
)
def test_red_amber_and_green_differ_for_every_reader(vision: Matrix) -> None:
    ratings = [Rating.RED, Rating.AMBER, Rating.GREEN]
    for first, second in combinations(ratings, 2):
        difference = _difference(FILL[first], FILL[second], vision)
        assert difference >= MIN_DIFFERENCE, (first, second, round(difference, 1))


def test_the_old_palette_would_fail() -> None:
    """The check is strict enough to catch the palette it replaced (#b42318 vs #b54708)."""
    assert _difference("#b42318", "#b54708", DEUTERANOPIA) < MIN_DIFFERENCE


def test_stylesheet_uses_the_chart_fills() -> None:
    css = (bundled("report_templates") / "report.css").read_text(encoding="utf-8")
    for rating in (Rating.RED, Rating.AMBER, Rating.GREEN):
        assert f".fill-{rating.value} {{ background: {FILL[rating]};" in css
