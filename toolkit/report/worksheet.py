"""The printable blank worksheet: the product profile first, then every control to ask,
with answer boxes, a line for a planned answer's target date, and note lines.

It is printed for paper workshops, so it is dense: at least three controls to
an A4 page, the full core pack in well under fifty pages.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from toolkit.model.pack import Control, Domain, Pack, ProfileQuestion
from toolkit.report.labels import ANSWER_LABEL


@dataclass(frozen=True)
class OptionLine:
    label: str
    ticked: bool


@dataclass(frozen=True)
class ProfileLine:
    id: str
    text: str
    how: str
    """`Tick one` or `Tick all that apply`."""
    options: list[OptionLine]
    columns: int


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
    profile_note: str
    profile: list[ProfileLine]
    answers: list[str]
    domains: list[tuple[str, list[QuestionLine]]]
    note_lines: int


def build_worksheet_view(
    pack: Pack,
    chosen: list[tuple[Domain, list[Control]]],
    product: str,
    profile: Mapping[str, str | Sequence[str]] | None = None,
) -> WorksheetView:
    """The form's content; `product` is empty and `profile` None for a form of every control.

    With a profile, its answers are ticked on the profile page and the controls
    are those in scope for it.
    """
    count = sum(len(controls) for _, controls in chosen)
    scope = (
        f"The {count} controls in scope for {product}'s profile."
        if product
        else f"All {count} controls (no product profile given)."
    )
    profile_note = (
        f"As recorded for {product}; the controls that follow are those these answers put in scope."
        if profile is not None
        else "Answer these first: they decide which controls apply. crbd assess asks the "
        "same questions and leaves out the controls that do not apply."
    )
    return WorksheetView(
        title=f"Children's rights by design worksheet{': ' + product if product else ''}",
        pack=f"{pack.title} ({pack.id} {pack.version})",
        scope=scope,
        profile_note=profile_note,
        profile=[_profile_line(q, (profile or {}).get(q.id)) for q in pack.profile],
        answers=list(ANSWER_LABEL.values()),
        domains=[
            (
                f"{domain.prefix} {domain.title}",
                [
                    QuestionLine(
                        c.id,
                        c.title,
                        c.question.strip(),
                        c.severity.value,
                        (c.partial or "").strip(),
                    )
                    for c in controls
                ],
            )
            for domain, controls in chosen
        ],
        note_lines=2,
    )


def _profile_line(question: ProfileQuestion, given: str | Sequence[str] | None) -> ProfileLine:
    chosen = [given] if isinstance(given, str) else list(given or [])
    return ProfileLine(
        id=question.id,
        text=question.text,
        how="Tick one" if question.kind == "single" else "Tick all that apply",
        options=[OptionLine(o.label, o.value in chosen) for o in question.options],
        columns=3 if len(question.options) > 8 else 1,
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
