"""Summary: the verdict, the key figures, the answers to check and what to do first."""

from __future__ import annotations

from toolkit.engine.evaluate import Evaluation
from toolkit.i18n import _
from toolkit.report.document import (
    Block,
    Facts,
    Heading,
    Items,
    Note,
    PageBreak,
    Paragraph,
    Section,
    Strong,
    Tone,
    spans,
)
from toolkit.report.sections.common import title_of
from toolkit.report.view import ReportView


def section(view: ReportView, evaluation: Evaluation) -> Section:
    blocks: list[Block] = [Paragraph(spans(Strong(view.verdict)))]
    if not view.complete:
        reasons = "; ".join(view.incomplete_reasons)
        blocks.append(Note(spans(Strong(_("Incomplete:")), f" {reasons}."), Tone.WARNING))
    blocks.append(Facts([(label, value) for label, value in view.key_figures]))
    blocks.append(Heading(_("Answers to check before relying on this report")))
    box = view.assurance
    if box.empty:
        blocks.append(
            Paragraph(
                spans(_("None: every answer is known and every yes answer has current evidence."))
            )
        )
    else:
        blocks.append(
            Items(
                [
                    spans(f"{_(label)} ({len(weak)}): " + ", ".join(ref.id for ref in weak))
                    for label, weak in box.groups()
                ]
            )
        )
    blocks.append(Heading(_("What to do first")))
    if view.top_actions:
        blocks.append(
            Items(
                [
                    spans(
                        Strong(f"{gap.line.id} {gap.line.title}"),
                        f" ({gap.line.severity}): {gap.remediation[0]}",
                    )
                    for gap in view.top_actions
                ],
                ordered=True,
            )
        )
    else:
        blocks.append(Paragraph(spans(_("No gaps: every in-scope control is met."))))
    blocks.append(PageBreak())  # the summary stands on its own page, as in the PDF
    return Section("summary", title_of(view, "summary"), blocks)
