"""The report's opening: the draft warning and the masthead with the cover facts (the
disclaimer closes the summary)."""

from __future__ import annotations

from toolkit.i18n import _
from toolkit.report.document import Block, Facts, Masthead, Note, Strong, Text, Tone, spans
from toolkit.report.localized import day
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
    out.append(masthead(view))
    return out


def masthead(view: ReportView) -> Masthead:
    """What the report is, of which product, and who assessed it when."""
    kicker = spans(_("Children's rights by design · gap report"))
    if view.draft:
        kicker += spans(" · ", Strong(_("draft")))
    title = spans(Text(view.product, "product-name"))
    if view.product_version:
        title += spans(" ", Text(view.product_version, "version"))
    assessed = day(view.assessed_on, "long") if view.assessed_on else _("undated")
    line = spans(
        (view.organisation or _("Organisation not given")) + " · " + _("assessed") + " ",
        Text(assessed, "date"),
        " "
        + _("by")
        + " "
        + (view.assessors or _("unnamed assessors"))
        + " · "
        + _("checklist")
        + f" {view.pack_id} {view.pack_version} · "
        + (_(view.signoff_state) if view.signoff_state else ""),
    )
    facts = Facts(
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
    return Masthead(kicker, title, view.scope_line, line, facts, anchor="summary")
