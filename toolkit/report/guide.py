"""The facilitator's guide as HTML or PDF, from its Markdown.

The guide is written in Markdown so that it reads well as a plain file and in
the terminal; here it is laid out like the other documents. Raw HTML in the
Markdown is shown as text, never interpreted.
"""

from __future__ import annotations

from markupsafe import Markup

from toolkit.i18n import _


def guide_html_body(markdown: str) -> str:
    """The guide's Markdown as HTML (tables included; raw HTML escaped)."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"html": False}).enable("table")
    body: str = parser.render(markdown)
    # Header cells name the column they head, for readers that go cell by cell.
    return body.replace("<th>", '<th scope="col">').replace("<th style=", '<th scope="col" style=')


def render_guide(markdown: str, *, pdf: bool) -> bytes:
    """The guide as PDF (print layout) or HTML."""
    from toolkit.report.page import DocumentInfo, render_document

    title = next(
        (line[2:].strip() for line in markdown.splitlines() if line.startswith("# ")),
        _("Facilitator's guide"),
    )
    info = DocumentInfo(
        title=title,
        subject=_("How to run a two-hour workshop with crbd"),
        assessed_on="",
        keywords=["children's rights by design", "workshop", "facilitator's guide"],
    )
    body = Markup(guide_html_body(markdown))  # escaped by the parser: html is off
    return render_document("guide.html.j2", info, pdf=pdf, body=body)
