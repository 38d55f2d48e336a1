"""Report renderers: every format is rendered from the same `Result`.

Importing this package is cheap; jinja2 and weasyprint are imported only by
the renderer that needs them, when it runs.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import assert_never

from toolkit.inputs import Opened
from toolkit.scoring import Result


class ReportFormat(StrEnum):
    """The formats `crbd report` can write."""

    PDF = "pdf"
    HTML = "html"
    JSON = "json"


def render_report(
    chosen: ReportFormat, opened: Opened, result: Result, templates: Path | None = None
) -> bytes:
    """Render the report of one scored assessment in the chosen format."""
    if chosen is ReportFormat.JSON:
        return (result.model_dump_json(indent=2) + "\n").encode()
    from toolkit.report.html import render_html, templates_folder
    from toolkit.report.view import build_view

    folder = templates_folder(templates)
    view = build_view(opened.pack, opened.assessment, result)
    if chosen is ReportFormat.HTML:
        return render_html(view, folder, for_print=False).encode()
    if chosen is ReportFormat.PDF:
        from toolkit.report.pdf import render_pdf

        return render_pdf(render_html(view, folder, for_print=True), folder, view)
    assert_never(chosen)
