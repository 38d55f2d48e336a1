"""Appendix: every in-scope answer, domain by domain, with each domain's subtotal."""

from __future__ import annotations

from toolkit.engine.evaluate import Evaluation
from toolkit.i18n import _
from toolkit.report.document import Block, Column, Heading, Paragraph, Section, Table, spans
from toolkit.report.lines import AnswerLine
from toolkit.report.sections.common import evidence, title_of
from toolkit.report.view import ReportView


def _columns() -> list[Column]:
    return [
        Column(_("Control"), 5),
        Column(_("Sev."), 2),
        Column(_("Answer"), 3),
        Column(_("W"), 1, numeric=True),
        Column(_("C"), 1, numeric=True),
        Column(_("W×C"), 1, numeric=True),
        Column(_("Note and evidence"), 7),
        Column(_("Answered"), 3),
    ]


def _row(line: AnswerLine) -> list[str]:
    return [
        f"{line.id} {line.title}",
        line.severity,
        f"{line.answer} ({line.evidence_state})" if line.evidence_state else line.answer,
        line.weight,
        line.credit,
        line.weighted,
        " ".join(
            [line.note, *(_("Evidence: {item}").format(item=evidence(e)) for e in line.evidence)]
        ).strip(),
        f"{line.answered_by} {line.answered_on}".strip()
        + (", " + _("changed {count}×").format(count=line.changes) if line.changes else ""),
    ]


def section(view: ReportView, evaluation: Evaluation) -> Section:
    blocks: list[Block] = [
        Paragraph(
            spans(
                _(
                    "Sev.: severity; W: weight; C: credit; W×C adds up to the domain's "
                    "subtotal. Evidence state in brackets: evidenced, claimed (no evidence) "
                    "or expired."
                )
            )
        )
    ]
    for domain in view.domains:
        blocks.append(Heading(f"{domain.prefix} {domain.title}"))
        total = domain.subtotal
        footer = (
            _("Subtotal {domain}: 100 × {weighted} ÷ {weights} = {score}").format(
                domain=domain.prefix,
                weighted=total.weighted,
                weights=total.weights,
                score=total.score,
            )
            if total
            else ""
        )
        blocks.append(
            Table(
                _columns(),
                [_row(line) for line in domain.answers],
                empty=_("No control of this domain is in scope."),
                footer=footer,
            )
        )
    return Section("appendix", title_of(view, "appendix"), blocks)
