"""Roadmap: every gap once, by when to close it, with its owner and due date."""

from __future__ import annotations

from toolkit.engine.evaluate import Evaluation
from toolkit.i18n import _
from toolkit.report.document import Block, Column, Heading, Paragraph, Section, Table, spans
from toolkit.report.localized import day
from toolkit.report.sections.common import control_link, title_of
from toolkit.report.view import ReportView


def section(view: ReportView, evaluation: Evaluation) -> Section:
    blocks: list[Block] = [
        Paragraph(
            spans(
                _(
                    "Every gap once, by when to close it, with its owner and due date where the "
                    "assessment records them; an accepted gap stays on the roadmap, marked as "
                    "accepted."
                )
            ),
            role="lead",
        )
    ]
    columns = [
        Column(_("Control"), 38),
        Column(_("Severity"), 10),
        Column(_("Answer"), 12),
        Column(_("Effort"), 9),
        Column(_("Planned for"), 12, nowrap=True),
        Column(_("Owner"), 10),
        Column(_("Due"), 9, nowrap=True),
    ]
    for horizon in view.roadmap:
        blocks.append(Heading(f"{_(horizon.name)}: {_(horizon.takes)}"))
        blocks.append(
            Table(
                columns,
                [
                    [
                        control_link(g.line.id, g.anchor, g.line.title),
                        _(g.line.severity),
                        _(g.line.answer) + (" " + _("(accepted)") if g.accepted else ""),
                        _(g.effort) if g.effort else "—",
                        day(g.line.target_date) if g.line.target_date else "—",
                        g.owner,
                        day(g.due),
                    ]
                    for g in horizon.gaps
                ],
                empty=_("Nothing in this horizon."),
                role="roadmap",
            )
        )
    return Section("roadmap", title_of(view, "roadmap"), blocks)
