"""Render report HTML to PDF with weasyprint, fetching nothing from outside.

The URL fetcher allows `data:` URLs and files inside the templates folder
only; anything else stops the render with a clear error, so a template or a
piece of user text can never make the report read the network or the disk.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from toolkit.errors import RenderError
from toolkit.report.view import ReportView


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


def render_pdf(html: str, folder: Path, view: ReportView) -> bytes:
    """The PDF bytes of the report HTML, with title, author and language set."""
    fetcher = RestrictedFetcher(folder)
    try:
        document = HTML(string=html, base_url=folder.as_uri() + "/", url_fetcher=fetcher).render()
    except FatalURLFetchingError as error:
        refused = error.__cause__
        url = refused.args[0] if isinstance(refused, RefusedResource) else str(error)
        raise RenderError(
            f"The report template asked for {url}, which is outside its templates folder "
            "(only files inside it and data: URLs are allowed)."
        ) from None
    document.metadata.title = view.title
    document.metadata.authors = view.authors
    document.metadata.lang = "en"
    output = document.write_pdf()
    assert isinstance(output, bytes)
    return output
