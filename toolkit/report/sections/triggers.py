"""Review triggers: the product changes after which to reassess."""

from __future__ import annotations

from toolkit.engine.evaluate import Evaluation
from toolkit.i18n import _
from toolkit.report.document import Block, Items, Paragraph, Section, spans
from toolkit.report.sections.common import title_of
from toolkit.report.view import ReportView


def section(view: ReportView, evaluation: Evaluation) -> Section:
    blocks: list[Block] = [Paragraph(spans(_("Reassess the product after any of these changes:")))]
    if view.review_triggers:
        blocks.append(Items([spans(trigger) for trigger in view.review_triggers]))
    else:
        blocks.append(
            Paragraph(
                spans(
                    _(
                        "The checklist lists no review triggers; reassess after any "
                        "significant product change."
                    )
                )
            )
        )
    return Section("triggers", title_of(view, "triggers"), blocks)
