"""The choices `crbd report` offers for a PDF: paper size and PDF variant.

Kept apart from the renderer so the CLI can offer them without importing
weasyprint.
"""

from __future__ import annotations

from enum import StrEnum


class Paper(StrEnum):
    """Paper sizes; A4 unless asked otherwise."""

    A4 = "a4"
    LETTER = "letter"

    @property
    def css(self) -> str:
        """The CSS `@page size` value."""
        return {Paper.A4: "A4", Paper.LETTER: "letter"}[self]


class PdfVariant(StrEnum):
    """PDF flavours: archival and tagged (default), accessibility-first, or plain."""

    PDF_A_3A = "pdf/a-3a"
    PDF_UA_1 = "pdf/ua-1"
    NONE = "none"

    @property
    def weasyprint(self) -> str | None:
        """weasyprint's `pdf_variant` value (None: a plain PDF)."""
        return None if self is PdfVariant.NONE else self.value
