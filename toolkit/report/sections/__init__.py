"""The gap report's content, one builder per section, into the document tree.

Each builder reads the evaluated assessment (through the report's lines, so a
control reads the same wherever it appears) and returns a `Section` of layout
blocks. `build_document` puts them in `SECTION_ORDER`; every writer lays out
the result, so a section is written once for every format.
"""

from __future__ import annotations

from collections.abc import Callable

from toolkit.engine.evaluate import Evaluation
from toolkit.i18n import _
from toolkit.report.document import Document, Properties, Section
from toolkit.report.sections import (
    age_assurance,
    appendix,
    cover,
    domains,
    frameworks,
    gaps,
    methodology,
    risk,
    roadmap,
    scope,
    signoff,
    summary,
    triggers,
)
from toolkit.report.view import ReportView, build_view

Builder = Callable[[ReportView, Evaluation], Section | None]

SECTION_ORDER: list[tuple[str, Builder]] = [
    ("summary", summary.section),
    ("domains", domains.section),
    ("gaps", gaps.section),
    ("roadmap", roadmap.section),
    ("risks", risk.section),
    ("age-assurance", age_assurance.section),
    ("frameworks", frameworks.section),
    ("scope", scope.section),
    ("triggers", triggers.section),
    ("methodology", methodology.section),
    ("appendix", appendix.section),
    ("signoff", signoff.section),
]
"""Every section in reading order; a builder returns None where the section does not apply
(the risk record of a pack without harms)."""


def build_document(evaluation: Evaluation, view: ReportView | None = None) -> Document:
    """The whole gap report of one evaluated assessment, as a tree of blocks."""
    view = view or build_view(evaluation)
    sections = [built for _anchor, build in SECTION_ORDER if (built := build(view, evaluation))]
    return Document(
        properties=Properties(
            title=view.title,
            authors=view.authors,
            subject=view.subject,
            keywords=view.keywords,
            on=evaluation.result.assessed_on,
        ),
        title=view.title,
        running_header=view.running_header,
        draft=view.draft,
        draft_mark=_("DRAFT: not signed off") if view.draft else "",
        front=cover.blocks(view),
        sections=sections,
    )
