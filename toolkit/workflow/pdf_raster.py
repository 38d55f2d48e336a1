"""Compare two PDFs as a reader sees them: every page rasterised, pixel by pixel.

Also the text of every page, read by the same library (pdfium): it is a
reader's library, and twenty times faster than the structure parser's.

Text extraction reads what a PDF says, not what it shows: a glyph swapped in
an embedded font, text drawn white, a box painted over a figure, font
programs exchanged, all leave the extracted text as it was. Rasterising both
the report and its re-render with the same renderer (pdfium) on the same
machine, and comparing the pictures, sees what a reader would.

The resolution is low (100 dpi: a 9-point digit is 12 pixels tall, legible),
so a 40-page report takes about a second. Two renders of the same drawing
with different font subsets (another subsetter, HarfBuzz or fontTools) keep
the same outlines and come out identical here. The tolerance is for what
hinting and rounding to the pixel grid do: a glyph or an edge moved by up to
a pixel. A pixel counts as changed only when it is darker or lighter, by
more than `STRONG`, than every pixel around it in the other picture, and a
page differs where `CHANGED_IN_WINDOW` such pixels fall in one small
square. A changed digit, text drawn white or in another colour, a box
painted over the page each change many pixels far from anything like them,
and are found.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pypdfium2 as pdfium
from PIL import Image, ImageChops, ImageFilter

from toolkit.workflow.pdf_structure import reading

DPI = 100
SCALE = DPI / 72
STRONG = 80
"""How far (of 255) one channel of a pixel must move to count as changed."""
WINDOW_RADIUS = 4
"""Changed pixels are counted in squares of (2r + 1)² pixels around each pixel."""
CHANGED_IN_WINDOW = 8
"""How many changed pixels in one square make a difference a reader can see."""


@dataclass(frozen=True)
class PageDifference:
    """Where the first page that looks different does: page number, point from its top left."""

    page: int
    left_mm: int
    top_mm: int


def first_visible_difference(theirs: bytes, ours: bytes) -> PageDifference | None:
    """The first page of `theirs` that does not look like the same page of `ours`."""
    with reading("drawing its pages"):
        for number, (mine, again) in enumerate(
            zip(_pages(theirs), _pages(ours), strict=False), start=1
        ):
            where = _difference(mine, again)
            if where is not None:
                left, top = where
                return PageDifference(number, _mm(left), _mm(top))
    return None


def page_texts(data: bytes) -> list[list[str]]:
    """Each page's text as lines, as a reader copying it would get it (pdfium, fast)."""
    with reading("reading its page text"):
        document = pdfium.PdfDocument(data)
        try:
            texts = []
            for index in range(len(document)):
                page = document[index]
                text = page.get_textpage()
                texts.append(text.get_text_range().splitlines())
                text.close()
                page.close()
            return texts
        finally:
            document.close()


def _pages(data: bytes) -> Iterator[Image.Image]:
    document = pdfium.PdfDocument(data)
    try:
        for index in range(len(document)):
            page = document[index]
            try:
                bitmap = page.render(scale=SCALE, draw_annots=False)
                yield bitmap.to_pil().convert("RGB")
            finally:
                page.close()
    finally:
        document.close()


def _difference(mine: Image.Image, again: Image.Image) -> tuple[int, int] | None:
    """The top left pixel of the first square where the two pictures differ visibly."""
    if mine.size != again.size:
        return 0, 0
    if mine.tobytes() == again.tobytes():
        return None
    changed = _strongly_changed(mine, again)
    if changed.getbbox() is None:
        return None
    density = changed.filter(ImageFilter.BoxBlur(WINDOW_RADIUS))
    side = 2 * WINDOW_RADIUS + 1
    level = CHANGED_IN_WINDOW * 255 // (side * side)
    visible = density.point(lambda value: 255 if value >= level else 0).getbbox()
    if visible is None:
        return None
    return visible[0], visible[1]


def _strongly_changed(mine: Image.Image, again: Image.Image) -> Image.Image:
    """Pixels (255) darker or lighter, by more than `STRONG`, than every pixel of the other
    picture's 3×3 square around them, in either picture: ink added, removed or recoloured.
    A shape moved by a pixel (rounding to the pixel grid, hinting) stays within its square."""
    around = {
        "mine": (mine.filter(ImageFilter.MinFilter(3)), mine.filter(ImageFilter.MaxFilter(3))),
        "again": (again.filter(ImageFilter.MinFilter(3)), again.filter(ImageFilter.MaxFilter(3))),
    }
    moved: Image.Image | None = None
    for one, other in ((mine, "again"), (again, "mine")):
        darkest, lightest = around[other]
        for away in (
            ImageChops.subtract(darkest, one),  # darker than all around it in the other
            ImageChops.subtract(one, lightest),  # lighter than all around it in the other
        ):
            red, green, blue = away.split()
            channel = ImageChops.lighter(ImageChops.lighter(red, green), blue)
            moved = channel if moved is None else ImageChops.lighter(moved, channel)
    assert moved is not None
    return moved.point(lambda value: 255 if value > STRONG else 0)


def _mm(pixels: int) -> int:
    return round(pixels / DPI * 25.4)
