"""Children's risk assessment record: how it was done, every harm's levels, and each
acceptance with the reason given for it.

Built from the evaluation's risk register through `build_risk_view`, the record every
format shares.
"""

from __future__ import annotations

from toolkit.engine.evaluate import Evaluation
from toolkit.i18n import _
from toolkit.report.document import (
    Block,
    Column,
    Facts,
    Figure,
    Heading,
    Items,
    Note,
    Paragraph,
    Section,
    Span,
    Strong,
    Table,
    Tone,
    spans,
)
from toolkit.report.risk_view import RiskRow, RiskView
from toolkit.report.view import ReportView


def section(view: ReportView, evaluation: Evaluation) -> Section | None:
    record = view.risk
    if record is None:
        return None
    blocks: list[Block] = [Heading(_("How it was done")), _facts(record)]
    if record.unassessed:
        blocks.append(
            Note(
                spans(
                    _(
                        "{count} of {total} harms in scope are not assessed yet; the register "
                        "shows crbd's suggestion for them."
                    ).format(count=record.unassessed, total=len(record.rows))
                ),
                Tone.WARNING,
            )
        )
    blocks += [
        Heading(_("Inherent and residual risk")),
        Figure(
            record.heat_map,
            record.heat_map_alt,
            _("Harms by level, inherent and residual; the table gives the same numbers."),
            Table(
                [Column(_(title), 2, numeric=i > 0) for i, title in enumerate(record.heat_columns)],
                record.heat_rows,
            ),
        ),
        Heading(_("Findings, highest remaining risk first")),
        Items([spans(finding) for finding in record.findings], ordered=True),
        Heading(_("Register")),
        Table(
            [
                Column(_("Harm"), 5),
                Column(_("Likelihood"), 2),
                Column(_("Impact"), 2),
                Column(_("Inherent"), 2),
                Column(_("Residual (suggested)"), 3),
                Column(_("Decision"), 2),
            ],
            [
                [
                    f"{row.harm_id} {row.title} ({row.category})",
                    row.likelihood,
                    row.impact,
                    row.inherent,
                    f"{row.residual} ({row.suggested_residual})",
                    row.decision,
                ]
                for row in record.rows
            ],
        ),
        Heading(_("Each harm: why, and crbd's working")),
        Items([_harm(row) for row in record.rows]),
    ]
    if record.out_of_scope:
        blocks += [
            Heading(_("Harms out of scope")),
            Items([spans(item) for item in record.out_of_scope]),
        ]
    blocks += [Heading(_("How crbd suggests the levels")), Paragraph(spans(record.rule))]
    return Section(record.anchor, _(record.title), blocks)


def _facts(record: RiskView) -> Facts:
    return Facts(
        [
            (_("Method"), record.method or _("not recorded")),
            (_("Assessed by"), record.assessed_by or "—"),
            (_("Assessed on"), record.assessed_on or "—"),
            (_("Sources of evidence"), "; ".join(record.sources) or _("none recorded")),
            (_("Children's views"), record.childrens_views or _("not recorded")),
            (_("Next review"), record.next_review or _("no date set")),
        ]
    )


def _harm(row: RiskRow) -> list[Span]:
    """One harm's levels, reasons and acceptance in a line of running text."""
    parts = [
        _(
            "{likelihood} likelihood, {impact} impact: inherent {inherent}; residual {residual} "
            "(crbd suggests {suggested}); {decision}."
        ).format(
            likelihood=row.likelihood,
            impact=row.impact,
            inherent=row.inherent,
            residual=row.residual,
            suggested=row.suggested_residual,
            decision=row.decision,
        ),
        _("Risk factors: {factors}.").format(factors=row.factors),
    ]
    if row.acceptance:
        parts.append(
            _("Accepted: {acceptance}; justification: {why}.").format(
                acceptance=row.acceptance, why=row.justification
            )
        )
    parts += list(row.bands)
    if row.owner:
        parts.append(_("Owner: {owner}.").format(owner=row.owner))
    if row.unowned:
        parts.append(row.unowned)
    if row.revisit:
        parts.append(row.revisit)
    if row.rationale:
        parts.append(_("Why: {text}").format(text=row.rationale))
    if row.residual_reason:
        parts.append(_("Residual differs: {text}").format(text=row.residual_reason))
    parts.append(_("Evidence: {items}.").format(items=row.evidence_text or "; ".join(row.evidence)))
    if row.benefits:
        parts.append(_("Benefits weighed: {text}").format(text=row.benefits))
    if row.views_text or row.childrens_views:
        parts.append(
            _("Children's views: {text}").format(text=row.views_text or row.childrens_views)
        )
    parts.append(
        _("Mitigating controls: {controls}.").format(controls=row.mitigations or _("none in scope"))
    )
    parts.append(row.working)
    return spans(Strong(f"{row.harm_id} {row.title}"), ": " + " ".join(parts))
