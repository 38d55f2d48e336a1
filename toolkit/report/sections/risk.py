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
    Cell,
    Column,
    Facts,
    Figure,
    Heading,
    Items,
    Link,
    Note,
    Paragraph,
    Section,
    Span,
    Strong,
    Table,
    Text,
    Tone,
    spans,
)
from toolkit.report.localized import day
from toolkit.report.risk_view import RiskRow, RiskView
from toolkit.report.view import ReportView


def section(view: ReportView, evaluation: Evaluation) -> Section | None:
    record = view.risk
    if record is None:
        return None
    total = len(record.rows)
    blocks: list[Block] = [Heading(_("How it was done")), _facts(record)]
    if record.unassessed:
        blocks.append(
            Note(
                spans(
                    _(
                        "{count} of {total} harms in scope are not assessed yet; the register "
                        "shows crbd's suggestion for them."
                    ).format(count=record.unassessed, total=total)
                ),
                Tone.WARNING,
                role="badge incomplete",
            )
        )
    if record.to_revisit:
        blocks.append(
            Note(
                spans(
                    _(
                        "{count} of {total} harms are to revisit: the risk factors or mitigating "
                        "answers their rating saw have changed since; the register says what "
                        "changed."
                    ).format(count=record.to_revisit, total=total)
                ),
                Tone.WARNING,
                role="badge incomplete",
            )
        )
    if record.untracked:
        blocks.append(Paragraph(spans(record.untracked), role="small"))
    blocks += [
        Heading(_("Inherent and residual risk")),
        Figure(
            record.heat_map,
            record.heat_map_alt,
            "",  # the heat map stands beside its table, the heading says what both show
            Table(
                [
                    Column(_(title), 36 if i == 0 else 32, numeric=i > 0)
                    for i, title in enumerate(record.heat_columns)
                ],
                [[_(row[0]), *row[1:]] for row in record.heat_rows],
                role="risk-heat",
            ),
            role="risk-heat",
        ),
        Heading(_("Findings, highest remaining risk first")),
        Items([spans(finding) for finding in record.findings], ordered=True),
        Heading(_("Register")),
        Table(
            [
                Column(_("Harm"), 21),
                Column(_("Levels"), 16),
                Column(_("Why, and what children said"), 26),
                Column(
                    _("Mitigating controls [code measure ids where in place] and crbd's working"),
                    37,
                ),
            ],
            [_row(row) for row in record.rows],
            role="risk-register",
        ),
    ]
    if record.out_of_scope:
        blocks += [
            Heading(_("Harms out of scope")),
            Items([spans(item) for item in record.out_of_scope]),
        ]
    blocks += [
        Heading(_("How crbd suggests the levels")),
        Paragraph(
            spans(
                _("The rule, with every threshold and the cap on weak mitigation, is under") + " ",
                Link(_("Methodology"), "#methodology"),
                ". "
                + _(
                    "A suggestion is a starting point: the team's rating, its reasons and its "
                    "evidence are what the record keeps."
                ),
            )
        ),
        Heading(_("What the decisions mean")),
        Facts(
            [(_(word).capitalize(), meaning) for word, meaning in record.definitions],
            role="risk-definitions",
        ),
    ]
    return Section(record.anchor, _(record.title), blocks)


def _facts(record: RiskView) -> Facts:
    return Facts(
        [
            (_("Method"), record.method or _("not recorded")),
            (_("Assessed by"), record.assessed_by or "—"),
            (_("Assessed on"), day(record.assessed_on) if record.assessed_on else "—"),
            (_("Sources of evidence"), "; ".join(record.sources) or _("none recorded")),
            (_("Children's views"), record.childrens_views or _("not recorded")),
            (_("Next review"), day(record.next_review) if record.next_review else _("no date set")),
            (_("Accountable"), record.accountable),
            (_("Approval"), record.approval),
            (_("DPIA or best-interests assessment"), "; ".join(record.linked) or _("none linked")),
        ],
        role="risk-facts",
    )


def _line(text: str) -> Text:
    """A line of its own in small type (in the HTML and PDF; other formats run on)."""
    return Text(text, role="small line")


def _row(row: RiskRow) -> list[Cell]:
    """One harm: what it is, its levels and decision, why, and what mitigates it."""
    harm = spans(
        Strong(row.harm_id),
        f" {row.title} ",
        Text(f"({row.category})", role="muted"),
        " ",
        _line(_("Risk factors:") + " " + row.factors),
    )
    levels = spans(
        f"{row.likelihood} · {row.impact} → ",
        Strong(row.inherent),
        Text(" ", role="line-break"),
        _("residual") + " ",
        Strong(row.residual),
        f" ({_('suggested')} {row.suggested_residual})",
        Text(" ", role="line-break"),
        _(row.decision),
    )
    if row.acceptance:
        levels += spans(f", {row.acceptance}; {_('justification:')} {row.justification}")
    levels += [part for band in row.bands for part in spans(" ", _line(band))]
    if row.owner:
        levels += spans(" ", _line(_("Owner:") + " " + row.owner))
    for flag in (row.unowned, row.revisit):
        if flag:
            levels += spans(" ", Strong(flag, role="flag small line"))
    why: list[Span] = spans(row.rationale)
    if row.residual_reason:
        why += spans(" ", _line(_("Residual differs:") + " " + row.residual_reason))
    evidence = row.evidence_text or "; ".join(row.evidence)
    why += spans(" ", _line(_("Evidence:") + " " + evidence))
    if row.benefits:
        why += spans(" ", _line(_("Benefits weighed:") + " " + row.benefits))
    views = row.views_text or row.childrens_views
    why += spans(" ", _line(_("Children's views:") + " " + views))
    measures = spans(
        Text(row.mitigations or _("none in scope"), role="small"),
        " ",
        _line(row.working),
    )
    return [harm, levels, why, measures]
