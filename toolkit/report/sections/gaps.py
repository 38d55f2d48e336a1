"""Gap register: a card for every critical and high gap, a row for every medium and low one."""

from __future__ import annotations

from toolkit.engine.evaluate import Evaluation
from toolkit.i18n import _
from toolkit.report.document import (
    Block,
    Card,
    Cell,
    Column,
    Heading,
    Items,
    Link,
    Paragraph,
    Section,
    Span,
    Strong,
    Table,
    Text,
    spans,
)
from toolkit.report.lines import Citation, GapLine
from toolkit.report.localized import day, number
from toolkit.report.sections.common import acceptance, evidence_spans, title_of
from toolkit.report.view import ReportView


def section(view: ReportView, evaluation: Evaluation) -> Section:
    assert view.methodology is not None
    blocks: list[Block] = [
        Paragraph(
            spans(
                _(
                    "Every in-scope control that is not fully met, in priority order ({order}). "
                    "Critical and high gaps have a card; medium and low gaps follow as rows."
                ).format(order=_(view.methodology.gap_order))
                + " "
                + _("Framework codes are explained under")
                + " ",
                Link(title_of(view, "frameworks"), "#frameworks"),
                ".",
            ),
            role="lead",
        )
    ]
    blocks += [card(gap) for gap in view.gap_cards]
    if view.gap_rows:
        blocks.append(Heading(_("Medium and low gaps")))
        blocks.append(rows(view.gap_rows))
    if not view.gaps:
        blocks.append(Paragraph(spans(_("No gaps."))))
    return Section("gaps", title_of(view, "gaps"), blocks)


def _severity(gap: GapLine) -> Text:
    return Text(_(gap.line.severity), role=f"sev sev-{gap.line.severity}")


def _target(gap: GapLine) -> list[Span]:
    """ " for <date>" where a planned answer has a target date."""
    if not gap.line.target_date:
        return []
    return spans(" " + _("for") + " ", Text(day(gap.line.target_date), role="date"))


def _meta(gap: GapLine) -> list[Span]:
    """The card's first line: severity, domain, answer, effort, priority and ownership."""
    out: list[Span] = [
        _severity(gap),
        Text(f" · {gap.domain} · {_('answer:')} "),
        Strong(_(gap.line.answer)),
        *_target(gap),
        Text(f" · {_('effort')} {_(gap.effort) if gap.effort else _('not estimated')}"),
        Text(f" · {_('priority')} "),
        Text(gap.priority_working, role="nowrap"),
    ]
    if gap.owner:
        out.append(Text(f" · {_('owner')} {gap.owner}"))
    if gap.due:
        out += spans(f" · {_('due')} ", Text(day(gap.due), role="date"))
    if gap.status:
        out.append(Text(f" · {_(gap.status)}"))
    return out


def _citations(citations: list[Citation]) -> list[Span]:
    """Each framework section the gap falls short of, by the framework's code."""
    out: list[Span] = []
    for n, c in enumerate(citations):
        out += spans("; " if n else "", Text(f"{c.code} {c.ref}", role="nowrap"))
    return out


def card(gap: GapLine) -> Card:
    """One gap told in full."""
    blocks: list[Block] = [Paragraph(_meta(gap), role="meta")]
    if gap.accepted:
        blocks.append(Paragraph(spans(Strong(_("Risk acceptance.")), " " + acceptance(gap))))
    blocks += [
        Paragraph(spans(Strong(_("Question.")), " " + gap.line.question)),
        Paragraph(spans(Strong(_("Why it matters.")), " " + gap.why)),
        Paragraph(spans(Strong(_("What to do.")))),
        Items([spans(step) for step in gap.remediation], ordered=True, role="steps"),
    ]
    if gap.line.note:
        blocks.append(Paragraph(spans(Strong(_("Note.")), " " + gap.line.note)))
    blocks += [
        Paragraph([Strong(_("Evidence.")), Text(" "), *evidence_spans(item)], role="evidence")
        for item in gap.line.evidence
    ]
    if gap.citations:
        # by the framework's code alone, as the lead says, to keep the card short
        blocks.append(Paragraph(_citations(gap.citations), role="refs"))
    return Card(f"{gap.line.id} {gap.line.title}", gap.anchor, blocks, role="gap")


def _answer(gap: GapLine) -> list[Span]:
    out: list[Span] = [Text(_(gap.line.answer)), *_target(gap)]
    if gap.accepted:
        out.append(Text("; " + acceptance(gap)))
    if gap.owner:  # the due date is on the roadmap, beside the owner
        out.append(Text(f"; {_('owner')} {gap.owner}"))
    return out


def _row(gap: GapLine) -> list[Cell]:
    first: list[Span] = [Text(gap.remediation[0])]
    if gap.citations:
        # the citations on a line of their own, in small type
        cited = "; ".join(f"{c.code} {c.ref}" for c in gap.citations)
        first += [Text(" "), Text(cited, role="refs line")]
    return [
        spans(Strong(gap.line.id), f" {gap.line.title} ", _severity(gap)),
        _answer(gap),
        number(gap.priority),
        _(gap.effort) if gap.effort else "—",
        first,
    ]


def rows(gaps: list[GapLine]) -> Table:
    """The medium and low gaps, one row each, with the same facts as a card's first line."""
    return Table(
        [
            Column(_("Control"), 33),
            Column(_("Answer"), 13),
            Column(_("Priority"), 9, numeric=True),
            Column(_("Effort"), 10, nowrap=True),
            Column(_("First step and frameworks"), 35),
        ],
        [_row(gap) for gap in gaps],
        role="gap-rows",
        anchors=[gap.anchor for gap in gaps],
    )
