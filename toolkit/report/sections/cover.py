"""The report's opening: the draft warning and the cover facts (the disclaimer closes
the summary)."""

from __future__ import annotations

from toolkit.i18n import _
from toolkit.report.document import Block, Facts, Note, Strong, Tone, spans
from toolkit.report.view import ReportView


def blocks(view: ReportView) -> list[Block]:
    """What comes before the first section."""
    out: list[Block] = []
    if view.draft:
        out.append(
            Note(
                spans(
                    Strong(_("DRAFT: not signed off.")),
                    " " + _("No reviewer has approved this report yet."),
                ),
                Tone.WARNING,
            )
        )
    out.append(
        Facts(
            [
                (_("Product"), f"{view.product} {view.product_version}".strip()),
                (_("Scope"), view.scope_line),
                (_("Organisation"), view.organisation or "—"),
                (_("Assessors"), view.assessors or "—"),
                (_("Reviewer"), view.reviewer or _("not yet reviewed")),
                (_("Sign-off"), view.signoff_state),
                (_("Assessment date"), view.assessed_on or "—"),
                (_("Checklist"), view.pack),
                (_("Overall"), f"{view.overall.rating}, {view.overall.score}"),
            ]
        )
    )
    return out
