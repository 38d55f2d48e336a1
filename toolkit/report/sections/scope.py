"""Scope: the product profile, what is out of scope and why, not applicable, alternatives."""

from __future__ import annotations

from toolkit.engine.evaluate import Evaluation
from toolkit.i18n import _
from toolkit.report.document import Column, Heading, Paragraph, Section, Table, spans
from toolkit.report.sections.common import title_of
from toolkit.report.view import ReportView


def section(view: ReportView, evaluation: Evaluation) -> Section:
    return Section(
        "scope",
        title_of(view, "scope"),
        [
            Heading(_("Product profile")),
            Table(
                [Column(_("Profile question"), 3), Column(_("Answer"), 2)],
                [list(pair) for pair in view.profile],
            ),
            Heading(_("Out of scope")),
            Table(
                [Column(_("Why"), 2), Column(_("Controls"), 3)],
                [
                    [group.because, "; ".join(f"{c.id} {c.title}" for c in group.controls)]
                    for group in view.scope_groups
                ],
                empty=_("Every control is in scope for this product."),
            ),
            Heading(_("Marked not applicable")),
            Table(
                [Column(_("Control"), 2), Column(_("Reason given"), 3)],
                [[f"{i.id} {i.title}", i.reason] for i in view.not_applicable],
                empty=_("No control was marked not applicable."),
            ),
            Heading(_("Alternative measures")),
            Table(
                [Column(_("Control"), 2), Column(_("Alternative described"), 3)],
                [[f"{i.id} {i.title}", i.reason] for i in view.alternatives],
                empty=_("No control was answered with an alternative measure."),
            ),
            *(
                [
                    Paragraph(
                        spans(
                            _(
                                "Alternative measures earn full credit and are flagged for a "
                                "reviewer to check."
                            )
                        )
                    )
                ]
                if view.alternatives
                else []
            ),
        ],
    )
