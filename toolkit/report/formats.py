"""Every choice of output the documents offer: formats, paper, PDF variant.

Kept apart from the renderers so the CLI can offer them without importing
weasyprint, jinja2 or python-docx. One rule picks a format from a file name.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TypeVar

from toolkit.errors import UsageProblem


class ReportFormat(StrEnum):
    """The formats `crbd report` can write."""

    PDF = "pdf"
    HTML = "html"
    MD = "md"
    CSV = "csv"
    JSON = "json"
    DOCX = "docx"


class CompareFormat(StrEnum):
    """The formats `crbd compare -o` can write."""

    PDF = "pdf"
    HTML = "html"
    MD = "md"
    JSON = "json"
    CSV = "csv"


class DocumentFormat(StrEnum):
    """The formats of the workshop summary and the worksheet."""

    PDF = "pdf"
    HTML = "html"


Choice = TypeVar("Choice", ReportFormat, CompareFormat, DocumentFormat)


def for_path(choices: type[Choice], path: Path, default: Choice) -> Choice:
    """The format a file name asks for by its suffix, or `default` when it names none."""
    suffix = path.suffix.lstrip(".").lower()
    return choices(suffix) if suffix in choices._value2member_map_ else default


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


def format_for_output(
    choices: type[Choice], given: Choice | None, output: Path | None, default: Choice
) -> Choice:
    """The format asked for: `--format`, else the suffix of `-o`, else `default`.

    A `--format` that contradicts the file name (`--format html -o report.pdf`) is refused
    rather than writing one format under another's name.
    """
    suffix = output.suffix.lstrip(".").lower() if output and str(output) != "-" else ""
    named = choices(suffix) if suffix in choices._value2member_map_ else None
    if given is None:
        return named or default
    if named is not None and named is not given:
        raise UsageProblem(
            f"--format {given.value} does not match {output}; "
            f"name the file .{given.value} or leave --format out."
        )
    return given
