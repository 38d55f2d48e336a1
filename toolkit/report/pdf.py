"""Render report HTML to PDF with weasyprint, fetching nothing from outside.

The URL fetcher allows `data:` URLs and files inside the templates folder
only; anything else stops the render with a clear error, so a template or a
piece of user text can never make the report read the network or the disk.
Attachments are passed as bytes; a template that asks for one with
`rel="attachment"` is refused, so nothing reaches the file that `crbd verify`
does not know of. Every date in the file comes from the assessment, including
the timestamp fontTools writes into the subset font when HarfBuzz's subsetter
is missing (see `_source_date_epoch`), so the same inputs give the same bytes
at any time, on any machine with the same libraries.

Layout costs time and memory in proportion to the pages, about 0.2 s and
4.5 MB per page here, so a PDF has a size budget, checked on the HTML before
any layout: beyond it the render is refused in one line that names HTML as
the way out, rather than running for an hour or exhausting memory.
"""

from __future__ import annotations

import io
import os
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, time
from functools import partial
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote, urlparse

from weasyprint import CSS, HTML, Attachment
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from toolkit import __version__
from toolkit.errors import RenderError, TooLargeToPrint
from toolkit.i18n import current_language
from toolkit.report.archive import FIXED_DATE, Embedded
from toolkit.report.formats import Paper, PdfVariant
from toolkit.report.isolated import TookTooLong, within

MAX_PRINT_HTML = 2_000_000
"""The most HTML, in characters, laid out as a PDF. The core pack's gap report is about
250,000 (35 pages); at the limit a report runs to about 330 pages, rendered in about a
minute with 1.5 GB of memory on two cores (bench/RESULTS.md)."""
LAYOUT_TIME_LIMIT = 120.0
"""Seconds the layout of a PDF from the user's own templates may take. Their CSS can
multiply the pages of small HTML (a page break after every row), which the size budget
cannot see; the bundled templates need no timer, the budget bounds them."""
HTML_PER_PAGE = 6_000
"""Characters of print HTML per A4 page of the gap report, measured from 35 to 1,600
pages; only used to tell the user the size in pages."""


class DocumentMetadata(Protocol):
    """What a rendered document says about itself in the PDF's metadata."""

    @property
    def title(self) -> str: ...
    @property
    def authors(self) -> list[str]: ...
    @property
    def subject(self) -> str: ...
    @property
    def keywords(self) -> list[str]: ...
    @property
    def assessed_on(self) -> str: ...


class RefusedResource(ValueError):
    """A URL outside what a report may read."""


class RestrictedFetcher(URLFetcher):  # type: ignore[misc]
    """Allows `data:` URLs and files under one folder; records every request."""

    def __init__(self, root: Path) -> None:
        super().__init__(
            allowed_protocols={"data", "file"}, allow_redirects=False, fail_on_errors=True
        )
        self.root = root.resolve()
        self.requested: list[str] = []

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        self.requested.append(url)
        parsed = urlparse(url)
        if parsed.scheme == "data":
            return super().fetch(url, headers)
        if parsed.scheme == "file" and not parsed.netloc:
            path = Path(unquote(parsed.path)).resolve()
            if path.is_relative_to(self.root):
                return super().fetch(url, headers)
        raise RefusedResource(url)


def render_pdf(
    html: str,
    folder: Path,
    view: DocumentMetadata,
    *,
    paper: Paper = Paper.A4,
    variant: PdfVariant = PdfVariant.PDF_A_3A,
    attachments: Sequence[Embedded] = (),
    users_templates: bool = False,
) -> bytes:
    """The PDF bytes of the report HTML, with metadata, variant and attachments set.

    `users_templates`: the HTML and CSS come from the user's own templates, so the
    layout runs in a child process stopped after `LAYOUT_TIME_LIMIT`.
    """
    check_printable(html)
    lay_out = partial(_laid_out, html, folder, view, paper, variant, attachments)
    if not users_templates:
        return lay_out()
    try:
        return within(LAYOUT_TIME_LIMIT, lay_out)
    except TookTooLong:
        raise RenderError(
            f"Laying out the PDF from the templates in {folder} took longer than "
            f"{LAYOUT_TIME_LIMIT:g} seconds; check their CSS for page breaks on every row "
            "or element, or write HTML instead (an output file name ending in .html)."
        ) from None


def _laid_out(
    html: str,
    folder: Path,
    view: DocumentMetadata,
    paper: Paper,
    variant: PdfVariant,
    attachments: Sequence[Embedded],
) -> bytes:
    fetcher = RestrictedFetcher(folder)
    # !important: a user stylesheet otherwise loses to the template's own @page size.
    stylesheets = [CSS(string=f"@page {{ size: {paper.css} !important }}")]
    try:
        source = HTML(string=html, base_url=folder.as_uri() + "/", url_fetcher=fetcher)
        document = source.render(stylesheets=stylesheets)
    except FatalURLFetchingError as error:
        refused = error.__cause__
        url = refused.args[0] if isinstance(refused, RefusedResource) else str(error)
        raise RenderError(
            f"The report template asked for {url}, which is outside its templates folder "
            "once links are followed "
            "(only files inside it and data: URLs are allowed)."
        ) from None
    if document.metadata.attachments or any(
        link[0] == "attachment" for page in document.pages for link in page.links
    ):
        raise RenderError(
            'The report template asks to attach a file (rel="attachment"); a report embeds '
            "only its assessment and Result, so remove that link from the template."
        )
    on = date.fromisoformat(view.assessed_on) if view.assessed_on else FIXED_DATE
    metadata = document.metadata
    metadata.title = view.title
    metadata.authors = view.authors
    metadata.description = view.subject
    metadata.keywords = view.keywords
    metadata.generator = f"crbd {__version__}"
    metadata.lang = current_language()
    metadata.created = metadata.modified = on.isoformat()
    with warnings.catch_warnings(), _source_date_epoch(on):
        # weasyprint opens its sRGB profile for PDF/A and never closes it;
        # the file is read in full, so only the warning is lost.
        warnings.filterwarnings("ignore", ".*sRGB2014.icc", ResourceWarning)
        output = document.write_pdf(
            pdf_variant=variant.weasyprint,
            pdf_tags=variant is not PdfVariant.NONE,
            attachments=[_attachment(item) for item in attachments],
            finisher=_open_with_bookmarks,
        )
    assert isinstance(output, bytes)
    return output


def check_printable(html: str) -> None:
    """Refuse a document whose layout would cost more than the budget above."""
    if len(html) > MAX_PRINT_HTML:
        raise TooLargeToPrint(len(html) // HTML_PER_PAGE, MAX_PRINT_HTML // HTML_PER_PAGE)


@contextmanager
def _source_date_epoch(on: date) -> Iterator[None]:
    """Pin "now" to the assessment's date while the PDF is written, then restore it.

    Without HarfBuzz's subsetter (libharfbuzz-subset0), weasyprint subsets
    fonts with fontTools, which stamps the subset's `head.modified` with the
    current time unless `SOURCE_DATE_EPOCH` is set (the reproducible-builds
    convention). crbd renders one document at a time, so setting the variable
    for the length of one write is safe.
    """
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.combine(on, time(), tzinfo=UTC)
    os.environ["SOURCE_DATE_EPOCH"] = str(int(moment.timestamp()))
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def _open_with_bookmarks(_document: object, pdf: object) -> None:
    """Ask viewers to show the bookmarks panel when the file opens."""
    pdf.catalog["PageMode"] = "/UseOutlines"  # type: ignore[attr-defined]


def _attachment(item: Embedded) -> Attachment:
    stamp = datetime.combine(item.on, time(), tzinfo=UTC)
    return Attachment(
        file_obj=io.BytesIO(item.content),
        name=item.name,
        description=item.description,
        created=stamp,
        modified=stamp,
        relationship=item.relationship,
    )
