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
the same outlines and come out identical here; the tolerance is for
antialiasing and hinting at glyph edges, which moves a pixel by less than
`STRONG` or moves few pixels in any small square. A changed digit, a line
of text drawn in another colour, a box painted over the page each move many
pixels by much more, and are found.
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
    red, green, blue = ImageChops.difference(mine, again).split()
    moved = ImageChops.lighter(ImageChops.lighter(red, green), blue)
    changed = moved.point(lambda value: 255 if value > STRONG else 0)
    if changed.getbbox() is None:
        return None
    density = changed.filter(ImageFilter.BoxBlur(WINDOW_RADIUS))
    side = 2 * WINDOW_RADIUS + 1
    level = CHANGED_IN_WINDOW * 255 // (side * side)
    visible = density.point(lambda value: 255 if value >= level else 0).getbbox()
    if visible is None:
        return None
    return visible[0], visible[1]


def _mm(pixels: int) -> int:
    return round(pixels / DPI * 25.4)
