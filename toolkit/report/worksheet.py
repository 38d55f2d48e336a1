"""The printable blank worksheet: every control to ask, with answer boxes and note lines."""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.model.pack import Control, Domain, Pack
from toolkit.report.labels import ANSWER_LABEL


@dataclass(frozen=True)
class QuestionLine:
    id: str
    title: str
    question: str
    severity: str
    partial: str


@dataclass(frozen=True)
class WorksheetView:
    title: str
    pack: str
    scope: str
    answers: list[str]
    domains: list[tuple[str, list[QuestionLine]]]
    note_lines: int


def build_worksheet_view(
    pack: Pack, chosen: list[tuple[Domain, list[Control]]], product: str
) -> WorksheetView:
    """The form's content; `product` is empty for a form of every control."""
    count = sum(len(controls) for _, controls in chosen)
    scope = (
        f"The {count} controls in scope for {product}'s profile."
        if product
        else f"All {count} controls (no product profile given)."
    )
    return WorksheetView(
        title=f"Children's rights by design worksheet{': ' + product if product else ''}",
        pack=f"{pack.title} ({pack.id} {pack.version})",
        scope=scope,
        answers=list(ANSWER_LABEL.values()),
        domains=[
            (
                f"{domain.prefix} {domain.title}",
                [
                    QuestionLine(c.id, c.title, c.question, c.severity.value, c.partial or "")
                    for c in controls
                ],
            )
            for domain, controls in chosen
        ],
        note_lines=3,
    )


def render_worksheet(view: WorksheetView, *, pdf: bool) -> bytes:
    """The worksheet as PDF (for printing) or HTML."""
    from toolkit.report.page import DocumentInfo, render_document

    info = DocumentInfo(
        title=view.title,
        subject=f"Blank self-assessment form for {view.pack}",
        assessed_on="",
        keywords=["children's rights by design", "worksheet"],
    )
    return render_document("worksheet.html.j2", info, pdf=pdf, worksheet=view)
