"""Roadmap: every gap once, by when to close it, with its owner and due date."""

from __future__ import annotations

from toolkit.engine.evaluate import Evaluation
from toolkit.i18n import _
from toolkit.report.document import Block, Column, Heading, Paragraph, Section, Table, spans
from toolkit.report.sections.common import title_of
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
            )
        )
    ]
    columns = [
        Column(_("Control"), 5),
        Column(_("Severity"), 2),
        Column(_("Answer"), 3),
        Column(_("Effort"), 2),
        Column(_("Planned for"), 2),
        Column(_("Owner"), 3),
        Column(_("Due"), 2),
    ]
    for horizon in view.roadmap:
        blocks.append(Heading(f"{_(horizon.name)}: {_(horizon.takes)}"))
        blocks.append(
            Table(
                columns,
                [
                    [
                        f"{g.line.id} {g.line.title}",
                        g.line.severity,
                        g.line.answer + (" (" + _("accepted") + ")" if g.accepted else ""),
                        g.effort or "—",
                        g.line.target_date or "—",
                        g.owner,
                        g.due,
                    ]
                    for g in horizon.gaps
                ],
                empty=_("Nothing in this horizon."),
            )
        )
    return Section("roadmap", title_of(view, "roadmap"), blocks)
