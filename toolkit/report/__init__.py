"""Report renderers: every format is rendered from the same Evaluation.

Importing this package is cheap; jinja2, weasyprint and python-docx are
imported only by the renderer that needs them, when it runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, assert_never

from toolkit.report.formats import Paper, PdfVariant, ReportFormat

if TYPE_CHECKING:
    from toolkit.engine.evaluate import Evaluation
    from toolkit.model.overlays import Coverage


def render_report(
    chosen: ReportFormat,
    evaluation: Evaluation,
    templates: Path | None = None,
    *,
    paper: Paper = Paper.A4,
    variant: PdfVariant = PdfVariant.PDF_A_3A,
) -> bytes:
    """Render the report of one scored assessment in the chosen format."""
    if chosen is ReportFormat.JSON:
        from toolkit.report.archive import result_json

        return result_json(evaluation.result)
    from toolkit.report.text import printable_everywhere
    from toolkit.report.view import build_view

    view = printable_everywhere(build_view(evaluation))  # no control character in any format
    if chosen is ReportFormat.MD:
        from toolkit.report.sections import build_document
        from toolkit.report.writers.markdown import render_markdown

        return render_markdown(build_document(evaluation, view)).encode()
    if chosen is ReportFormat.CSV:
        from toolkit.report.spreadsheet import render_csv

        return render_csv(view, evaluation.plan).encode()
    if chosen is ReportFormat.DOCX:
        from toolkit.report.sections import build_document
        from toolkit.report.writers.docx import render_docx

        return render_docx(build_document(evaluation, view), paper)
    from toolkit.report.html import render_html, templates_folder
    from toolkit.report.sections import build_document

    folder = templates_folder(templates)
    translation = _translation(evaluation)
    if chosen is ReportFormat.HTML:
        return render_html(
            view, build_document(evaluation, view), folder, for_print=False, translation=translation
        ).encode()
    if chosen is ReportFormat.PDF:
        from toolkit.report.archive import attachments
        from toolkit.report.pdf import render_pdf
        from toolkit.report.text import breakable_everywhere

        printed = breakable_everywhere(view)
        return render_pdf(
            render_html(
                printed,
                build_document(evaluation, printed),
                folder,
                for_print=True,
                translation=translation,
            ),
            folder,
            view,
            paper=paper,
            variant=variant,
            attachments=attachments(evaluation.assessment, evaluation.result),
            users_templates=templates is not None,
        )
    assert_never(chosen)


def _translation(evaluation: Evaluation) -> Coverage | None:
    """How much of the pack's text the language in force has (None in the pack's own)."""
    from toolkit.i18n import SOURCE_LANGUAGE, current_language
    from toolkit.model.overlays import coverage

    language = current_language()
    return None if language == SOURCE_LANGUAGE else coverage(evaluation.pack, language)
