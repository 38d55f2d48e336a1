"""Render the report view to HTML with a sandboxed, autoescaping jinja2 environment.

The sandbox and autoescaping mean an organisation's own templates and every
piece of user text are treated as data: `{{ 7*7 }}` in a note stays literal,
and `<script>` is shown, not run. Templates and stylesheets are read from the
templates folder only, links followed (see `toolkit.report.sandbox`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from markupsafe import Markup

from toolkit.errors import FileProblem, RenderError
from toolkit.model.overlays import Coverage
from toolkit.model.resources import bundled
from toolkit.report.document import Document
from toolkit.report.sandbox import inside, render_bounded
from toolkit.report.view import ReportView

ENTRY_TEMPLATE = "report.html.j2"


def templates_folder(custom: Path | None) -> Path:
    """The folder templates come from: the user's own, or the bundled one."""
    folder = (custom or bundled("report_templates")).resolve()
    if not (folder / ENTRY_TEMPLATE).is_file():
        raise FileProblem(f"{folder}: no {ENTRY_TEMPLATE} in it; it is not a templates folder.")
    return folder


def render_html(
    view: ReportView,
    document: Document,
    folder: Path,
    *,
    for_print: bool,
    translation: Coverage | None = None,
) -> str:
    """The gap report as HTML; `for_print` selects the paged (PDF) layout.

    Templates get the document tree as `document` (laid out with the macros of
    `blocks.html.j2`) and, for one more release, the view as `report`. `translation`
    says how much of the pack's text the language in force has, for the methodology."""
    return render_template(
        folder,
        ENTRY_TEMPLATE,
        for_print=for_print,
        report=view,
        document=document,
        translation=translation,
    )


def render_template(folder: Path, name: str, *, for_print: bool, **context: Any) -> str:
    """Render any template of the folder with the report's stylesheets and safety rules."""
    stylesheet = _stylesheet(folder, "report.css")
    if for_print:
        stylesheet += _stylesheet(folder, "print.css")
    return render_bounded(folder, name, for_print=for_print, stylesheet=stylesheet, **context)


def _stylesheet(folder: Path, name: str) -> Markup:
    """Inline the CSS so the HTML report is one self-contained file.

    `print.css` (page layout and the bundled font) is added for the PDF only,
    so the HTML file needs nothing beside it. The CSS comes from the templates
    folder, which is trusted like the templates themselves; it must not be
    HTML-escaped, or its quoted strings would break.
    """
    css = folder / name
    if not inside(folder, css):
        raise RenderError(
            f"{css} leads outside the templates folder (to {css.resolve()}); "
            "stylesheets must be files inside it."
        )
    text = css.read_text(encoding="utf-8") if css.is_file() else ""
    return Markup(text.replace("</", "<\\/"))  # trusted: a file of the templates folder
