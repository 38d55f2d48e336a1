"""Gap register: a card for every critical and high gap, a row for every medium and low one."""

from __future__ import annotations

from toolkit.engine.evaluate import Evaluation
from toolkit.i18n import _
from toolkit.report.document import (
    Block,
    Card,
    Column,
    Heading,
    Items,
    Paragraph,
    Section,
    Strong,
    Table,
    spans,
)
from toolkit.report.lines import GapLine
from toolkit.report.sections.common import acceptance, evidence, ownership, title_of
from toolkit.report.view import ReportView


def section(view: ReportView, evaluation: Evaluation) -> Section:
    assert view.methodology is not None
    blocks: list[Block] = [
        Paragraph(
            spans(
                _(
                    "Every in-scope control that is not fully met, in priority order ({order}). "
                    "Critical and high gaps have a card; medium and low gaps follow as rows."
                ).format(order=view.methodology.gap_order)
            )
        )
    ]
    blocks += [card(gap) for gap in view.gap_cards]
    if view.gap_rows:
        blocks.append(Heading(_("Medium and low gaps")))
        blocks.append(rows(view.gap_rows))
    if not view.gaps:
        blocks.append(Paragraph(spans(_("No gaps."))))
    return Section("gaps", title_of(view, "gaps"), blocks)


def _meta(gap: GapLine) -> str:
    target = " " + _("for {date}").format(date=gap.line.target_date) if gap.line.target_date else ""
    parts = [
        gap.line.severity,
        gap.domain,
        _("answer: {answer}").format(answer=gap.line.answer) + target,
        _("effort {effort}").format(effort=gap.effort or _("not estimated")),
        _("priority {working}").format(working=gap.priority_working),
        *ownership(gap),
    ]
    return " · ".join(parts)


def card(gap: GapLine) -> Card:
    """One gap told in full."""
    blocks: list[Block] = [Paragraph(spans(_meta(gap)))]
    if gap.accepted:
        blocks.append(Paragraph(spans(Strong(_("Risk acceptance.")), " " + acceptance(gap))))
    blocks += [
        Paragraph(spans(Strong(_("Question.")), " " + gap.line.question)),
        Paragraph(spans(Strong(_("Why it matters.")), " " + gap.why)),
        Paragraph(spans(Strong(_("What to do.")))),
        Items([spans(step) for step in gap.remediation], ordered=True),
    ]
    if gap.line.note:
        blocks.append(Paragraph(spans(Strong(_("Note.")), " " + gap.line.note)))
    blocks += [
        Paragraph(spans(Strong(_("Evidence.")), " " + evidence(item))) for item in gap.line.evidence
    ]
    if gap.citations:
        refs = "; ".join(f"{c.code} {c.ref}: {c.section}" for c in gap.citations)
        blocks.append(Paragraph(spans(Strong(_("References.")), " " + refs)))
    return Card(f"{gap.line.id} {gap.line.title}", gap.anchor, blocks)


def rows(gaps: list[GapLine]) -> Table:
    """The medium and low gaps, one row each, with the same facts as a card's first line."""
    return Table(
        [
            Column(_("Control"), 4),
            Column(_("Answer and owner"), 4),
            Column(_("Priority"), 2, numeric=True),
            Column(_("Effort"), 2),
            Column(_("First step and frameworks"), 6),
        ],
        [
            [
                f"{gap.line.id} {gap.line.title} ({gap.line.severity})",
                "; ".join(
                    [
                        gap.line.answer
                        + (
                            " " + _("for {date}").format(date=gap.line.target_date)
                            if gap.line.target_date
                            else ""
                        ),
                        *ownership(gap),
                        *([acceptance(gap)] if gap.accepted else []),
                    ]
                ),
                gap.priority,
                gap.effort or "—",
                gap.remediation[0] + "".join(f"; {c.code} {c.ref}" for c in gap.citations),
            ]
            for gap in gaps
        ],
    )
