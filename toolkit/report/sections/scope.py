"""Scope: the product profile, what is out of scope and why, not applicable, alternatives."""

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
    Table,
    Text,
    spans,
)
from toolkit.report.lines import answer_anchor
from toolkit.report.sections.common import control_link, title_of
from toolkit.report.view import ReportView


def section(view: ReportView, evaluation: Evaluation) -> Section:
    blocks: list[Block] = [
        Heading(_("Product profile")),
        Facts([(question, answer) for question, answer in view.profile], role="profile"),
        Heading(_("Out of scope")),
        Table(
            [Column(_("Why"), 38), Column(_("Controls"), 62)],
            [
                [
                    f"{group.because}.",
                    [
                        part
                        for n, c in enumerate(group.controls)
                        for part in spans("; " if n else "", Text(c.id, role="id"), f" {c.title}")
                    ],
                ]
                for group in view.scope_groups
            ],
            empty=_("Every control is in scope for this product."),
            role="scope-groups",
        ),
        Heading(_("Marked not applicable")),
        Table(
            [Column(_("Control"), 35), Column(_("Reason given"), 65)],
            [[spans(Text(i.id, role="id"), f" {i.title}"), i.reason] for i in view.not_applicable],
            empty=_("No control was marked not applicable."),
            role="scope",
        ),
        Heading(_("Alternative measures")),
        Table(
            [Column(_("Control"), 35), Column(_("Alternative described"), 65)],
            [
                [control_link(i.id, answer_anchor(i.id), i.title), i.reason]
                for i in view.alternatives
            ],
            empty=_("No control was answered with an alternative measure."),
            role="scope",
        ),
    ]
    if view.alternatives:
        blocks.append(
            Paragraph(
                spans(
                    _(
                        "Alternative measures earn full credit and are flagged for a reviewer "
                        "to check."
                    )
                )
            )
        )
    return Section("scope", title_of(view, "scope"), blocks)
