"""Appendix: every in-scope answer, domain by domain, with each domain's subtotal."""

from __future__ import annotations

from toolkit.engine.evaluate import Evaluation
from toolkit.i18n import _
from toolkit.report.document import (
    Block,
    Cell,
    Column,
    Heading,
    Link,
    Paragraph,
    Section,
    Span,
    Table,
    Text,
    spans,
)
from toolkit.report.lines import AnswerLine, DomainLine
from toolkit.report.localized import day, number
from toolkit.report.sections.common import evidence_spans, title_of
from toolkit.report.view import ReportView

NEW_LINE = Text("", role="line-break")
"""What follows starts a new line in the HTML and PDF (the writers without lines in a
cell run on)."""


def _columns() -> list[Column]:
    return [
        Column(_("Control"), 21),
        Column(_("Sev."), 8),
        Column(_("Answer"), 15),
        Column(_("W"), 4, numeric=True),
        Column(_("C"), 5, numeric=True),
        Column(_("W×C"), 6, numeric=True),
        Column(_("Note and evidence"), 41),
    ]


def _control(line: AnswerLine) -> list[Span]:
    linked = line.href and line.href != f"#{line.anchor}"  # its gap, not its own row
    head = Link(line.id, line.href, role="id") if linked else Text(line.id, role="id")
    return spans(head, f" {line.title}")


def _answer(line: AnswerLine) -> list[Span]:
    out = spans(_(line.answer))
    if line.evidence_state:
        out += spans(" ", Text(f"({_(line.evidence_state)})", role="state"))
    if line.answered_by or line.answered_on:
        by = f"{line.answered_by} {day(line.answered_on)}".strip()
        out += spans(" ", Text(by, role="by"))
    if line.changes:
        out += spans(" ", Text(_("changed {count}×").format(count=line.changes), role="by"))
    return out


def _notes(line: AnswerLine) -> list[Span]:
    out = spans(line.note)
    for item in line.evidence:
        out += [*([Text(" "), NEW_LINE] if out else []), Text(_("Evidence:") + " ")]
        out += evidence_spans(item)
    return out


def _row(line: AnswerLine) -> list[Cell]:
    return [
        _control(line),
        _(line.severity),
        _answer(line),
        number(line.weight),
        number(line.credit),
        number(line.weighted),
        _notes(line),
    ]


def _subtotal(domain: DomainLine) -> str:
    """The domain's subtotal with its working, then its score and rating."""
    total = domain.subtotal
    if total is None:
        return ""
    rated = domain.rated
    capped = (
        ", " + _("capped by") + " " + ", ".join(ref.id for ref in rated.capping)
        if rated.capped
        else ""
    )
    return (
        _("Subtotal {domain}: 100 × {weighted} ÷ {weights} = {score}").format(
            domain=domain.prefix,
            weighted=number(total.weighted),
            weights=number(total.weights),
            score=number(total.score),
        )
        + f" · {_('Score')} {number(_(rated.score))}, {_(rated.rating)}{capped}"
    )


def section(view: ReportView, evaluation: Evaluation) -> Section:
    blocks: list[Block] = [
        Paragraph(
            spans(
                _(
                    "Sev.: severity; W: weight; C: credit; W×C adds up to the domain's "
                    "subtotal. Evidence state in brackets: evidenced, claimed (no evidence) "
                    "or expired."
                )
            ),
            role="lead",
        )
    ]
    for domain in view.domains:
        blocks.append(Heading(f"{domain.prefix} {domain.title}"))
        blocks.append(
            Table(
                _columns(),
                [_row(line) for line in domain.answers],
                empty=_("No control of this domain is in scope."),
                footer=_subtotal(domain),
                role="answers",
                anchors=[line.anchor for line in domain.answers],
            )
        )
    return Section("appendix", title_of(view, "appendix"), blocks)
