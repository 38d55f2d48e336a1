"""Summary: the verdict, the key figures, the answers to check, the risk to children and
what to do first."""

from __future__ import annotations

from toolkit.engine.evaluate import Evaluation
from toolkit.i18n import N_, _
from toolkit.report.document import (
    Block,
    Card,
    Column,
    Facts,
    Items,
    Link,
    Note,
    PageBreak,
    Paragraph,
    Section,
    Span,
    Strong,
    Table,
    Text,
    Tone,
    spans,
)
from toolkit.report.localized import number
from toolkit.report.sections.common import control_link, references, title_of
from toolkit.report.view import ReportView

DISCLAIMER = N_(
    "A self-assessment against public frameworks, made by the product team. It is not a "
    "compliance determination, a certification or legal advice."
)
"""What the report is not, at the foot of the summary (the first page of the PDF)."""
COUNTED = {
    "Unknown": N_("Unknown ({count})"),
    "Yes without evidence": N_("Yes without evidence ({count})"),
    "Evidence expired, re-verify": N_("Evidence expired, re-verify ({count})"),
    "Not answered": N_("Not answered ({count})"),
}
"""Each kind of weak answer with how many there are, as the summary's box heads it."""


def section(view: ReportView, evaluation: Evaluation) -> Section:
    blocks: list[Block] = [
        _verdict(view),
        Facts([(_(label), number(value)) for label, value in view.key_figures], role="figures"),
        _assurance(view),
    ]
    if view.risk is not None:
        blocks.append(_risk(view))
    blocks.append(_first_steps(view))
    blocks.append(Note(spans(_(DISCLAIMER)), role="disclaimer"))
    blocks.append(PageBreak())  # the summary stands on its own page, as in the PDF
    return Section("summary", title_of(view, "summary"), blocks)


def _verdict(view: ReportView) -> Card:
    """The rating in a box of its colour, with the score and the sentence that explains it."""
    overall = view.overall
    scored = overall.score != "not scored"
    badge: list[Span] = [
        Text(_(overall.rating), role=f"badge fill-{overall.rating_class}"),
        Text(" "),
        Text(number(_(overall.score)), role="score"),
    ]
    if scored:
        badge.append(Text("/100", role="out-of"))
    inside: list[Block] = [
        Paragraph(badge, role="badge-line"),
        Paragraph(spans(view.verdict), role="verdict-text"),
    ]
    if not view.complete:
        reasons = "; ".join(view.incomplete_reasons)
        inside.append(
            Note(spans(Strong(_("Incomplete:")), f" {reasons}."), Tone.WARNING, role="incomplete")
        )
    return Card("", "", inside, role=f"verdict rating-box-{overall.rating_class}")


def _assurance(view: ReportView) -> Card:
    box = view.assurance
    title = _("Answers to check before relying on this report")
    if box.empty:
        none = _("None: every answer is known, and every yes answer has current evidence.")
        return Card(title, "", [Paragraph(spans(none))], role="assurance")
    groups = Items(
        [
            [
                Strong(_(COUNTED[label]).format(count=len(weak)), role="line"),
                Text(" "),
                *references(weak),
            ]
            for label, weak in box.groups()
        ],
        role="groups",
    )
    return Card(title, "", [groups], role="assurance")


def _risk(view: ReportView) -> Card:
    record = view.risk
    assert record is not None
    inside: list[Block] = []
    if record.headlines:
        inside.append(
            Table(
                [
                    Column(_("Harm"), 50),
                    Column(_("Named for, decision"), 22),
                    Column(_("Owner"), 28),
                ],
                [
                    [
                        spans(Link(h.harm_id, f"#{record.anchor}", role="id"), f" {h.title}"),
                        f"{h.why}, {_(h.decision)}",
                        h.owner,
                    ]
                    for h in record.headlines
                ],
                role="risk-headlines",
            )
        )
    else:
        inside.append(
            Paragraph(
                spans(
                    _(
                        "No harm has a residual risk at the top level, none is to revisit, and "
                        "every harm in scope is assessed."
                    )
                )
            )
        )
    if record.untracked:
        inside.append(Note(spans(record.untracked)))
    return Card(_("Risk to children"), "", inside, role="assurance risk-first")


def _first_steps(view: ReportView) -> Card:
    title = _("What to do first")
    if not view.top_actions:
        return Card(
            title, "", [Paragraph(spans(_("No gaps: every in-scope control is met.")))], role="box"
        )
    table = Table(
        [
            Column(_("Control"), 30),
            Column(_("Severity"), 11),
            Column(_("Answer"), 12),
            Column(_("First step"), 39),
            Column(_("Page"), 8, numeric=True),
        ],
        [
            [
                control_link(gap.line.id, gap.anchor, gap.line.title),
                _(gap.line.severity),
                _(gap.line.answer),
                gap.remediation[0],
                spans(Link(_("see"), f"#{gap.anchor}", role="pageref")),
            ]
            for gap in view.top_actions
        ],
        role="actions",
    )
    return Card(title, "", [table], role="box")
