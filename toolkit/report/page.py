"""Render the comparison, workshop and worksheet documents like the gap report.

They share the gap report's rules: the bundled templates folder and its
stylesheets, a sandboxed autoescaping jinja2 environment (user text is data),
and the PDF renderer with its restricted fetcher and reproducible metadata.
Imported only by the commands that render.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from toolkit.report.html import render_template, templates_folder


@dataclass(frozen=True)
class DocumentInfo:
    """What the PDF's metadata says about a document (the fields `render_pdf` reads)."""

    title: str
    subject: str
    assessed_on: str
    authors: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)


def render_document(template: str, info: DocumentInfo, *, pdf: bool, **context: Any) -> bytes:
    """The document as HTML (screen layout) or as PDF bytes (print layout)."""
    folder = templates_folder(None)
    html = render_template(folder, template, for_print=pdf, info=info, **context)
    if not pdf:
        return html.encode()
    from toolkit.report.formats import PdfVariant
    from toolkit.report.pdf import render_pdf

    # PDF/UA-1: tagged and accessible; these working documents are not archived.
    return render_pdf(html, folder, info, variant=PdfVariant.PDF_UA_1)
