"""Methodology: the scoring model, from the typed `Methodology` every format shares."""

from __future__ import annotations

from toolkit.engine.evaluate import Evaluation
from toolkit.i18n import _
from toolkit.report.document import Column, Paragraph, Section, Strong, Table, spans
from toolkit.report.sections.common import title_of
from toolkit.report.view import ReportView


def section(view: ReportView, evaluation: Evaluation) -> Section:
    m = view.methodology
    assert m is not None
    factors = "; ".join(f"{label} ({add})" for label, add in m.factors)
    this = f" ({'; '.join(m.exposure_factors)})" if m.exposure_factors else ""
    return Section(
        "methodology",
        title_of(view, "methodology"),
        [
            Paragraph(
                spans(
                    _(
                        "Each in-scope control gets a credit from its answer and a weight from "
                        "its severity. A score is {rule}, per domain and overall; the appendix "
                        "prints every weight and credit, and each domain's subtotal."
                    ).format(rule=m.score_rule)
                )
            ),
            Table(
                [Column(_("Answer"), 3), Column(_("Credit"), 1, numeric=True)],
                [[answer, credit] for answer, credit in m.credits],
                role="method",
            ),
            Table(
                [Column(_("Severity"), 3), Column(_("Weight"), 1, numeric=True)],
                [[severity, str(weight)] for severity, weight in m.weights],
                role="method",
            ),
            Paragraph(
                spans(
                    Strong(_("Ratings.")),
                    " "
                    + m.rating_rule()
                    + " "
                    + _(
                        "A critical gap caps the rating whatever the score, and the report names "
                        "the controls that capped it. Unanswered controls make the assessment "
                        "Incomplete."
                    ),
                )
            ),
            Paragraph(
                spans(
                    Strong(_("Priority.")),
                    " "
                    + _(
                        "Each gap's priority is {rule}; each gap prints its own working. "
                        "Exposure starts at {base} and rises with the product's risk, up to "
                        "{top}: {factors}. For this product it is {exposure}{this}."
                    ).format(
                        rule=m.priority_rule,
                        base=m.exposure_base,
                        top=m.exposure_max,
                        factors=factors,
                        exposure=m.exposure,
                        this=this,
                    ),
                )
            ),
            Paragraph(
                spans(
                    Strong(_("Order.")),
                    " " + _("Gaps are listed {order}.").format(order=m.gap_order),
                )
            ),
            *_risk_rule(view),
        ],
    )


def _risk_rule(view: ReportView) -> list[Paragraph]:
    """How crbd suggests each harm's levels, and what each decision word means."""
    if view.risk is None:
        return []
    decisions = "; ".join(
        f"{word.capitalize()}: {meaning}" for word, meaning in view.risk.definitions
    )
    return [
        Paragraph(spans(Strong(_("Children's risk.")), " " + view.risk.rule)),
        Paragraph(spans(Strong(_("Decisions.")), " " + decisions + ".")),
    ]
