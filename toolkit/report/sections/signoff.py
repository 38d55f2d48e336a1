"""Sign-off and integrity: the decisions, the signature block and the hashes."""

from __future__ import annotations

from toolkit.engine.evaluate import Evaluation
from toolkit.i18n import _
from toolkit.report.document import (
    Block,
    Column,
    Facts,
    Heading,
    Paragraph,
    Section,
    Strong,
    Table,
    spans,
)
from toolkit.report.localized import day
from toolkit.report.sections.common import title_of
from toolkit.report.view import ReportView


def section(view: ReportView, evaluation: Evaluation) -> Section:
    draft = " " + _("Until a reviewer approves it, this report is a draft.") if view.draft else ""
    last = view.signoffs[-1] if view.signoffs else None
    blocks: list[Block] = [
        Paragraph(spans(Strong(_("Sign-off state:")), f" {_(view.signoff_state)}.{draft}")),
        Table(
            [
                Column(_("Reviewer"), 25),
                Column(_("Decision"), 20),
                Column(_("Date"), 15, nowrap=True),
                Column(_("Comment"), 40),
            ],
            [[s.reviewer, _(s.decision), day(s.on), s.comment] for s in view.signoffs],
            empty=_("No reviewer has recorded a decision yet (record one with crbd signoff)."),
            role="signoffs",
        ),
        Heading(_("Signature")),
        Facts(
            [
                (_("Name"), last.reviewer if last else view.reviewer),
                (_("Role"), ""),
                (_("Decision"), _(last.decision) if last else ""),
                (_("Date"), day(last.on) if last else ""),
                (_("Signature"), ""),
            ],
            role="signature",
        ),
        Heading(_("Integrity")),
        Facts(
            [
                (_("Tool"), f"crbd {view.tool_version}"),
                (_("Pack"), f"{view.pack_id} {view.pack_version}"),
                (_("Pack SHA-256"), view.pack_hash),
                (_("Assessment SHA-256"), view.assessment_hash),
            ],
            role="integrity",
        ),
    ]
    return Section("signoff", title_of(view, "signoff"), blocks)
