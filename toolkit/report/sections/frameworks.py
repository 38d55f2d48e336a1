"""Framework coverage: how much of each framework is met, and the sections not met."""

from __future__ import annotations

from toolkit.engine.evaluate import Evaluation
from toolkit.i18n import _
from toolkit.report.document import Column, Heading, Paragraph, Section, Table, spans
from toolkit.report.sections.common import title_of
from toolkit.report.view import ReportView


def section(view: ReportView, evaluation: Evaluation) -> Section:
    lead = _(
        "For each framework the checklist cites: how many in-scope controls mapped to it are "
        "fully met (yes or alternative). Coverage is not compliance. “Applies here”: the "
        "product is offered where the framework applies (unknown when that is not answered). "
        "The code is how gap cards cite the framework."
    )
    coverage = Table(
        [
            Column(_("Code"), 2),
            Column(_("Framework"), 6),
            Column(_("Where"), 3),
            Column(_("Legal status"), 3),
            Column(_("Applies here"), 2),
            Column(_("Met"), 2, numeric=True),
            Column(_("Coverage"), 2, numeric=True),
        ],
        [
            [
                f.code,
                f.title,
                f.jurisdiction,
                f.legal_status,
                f.relevance,
                _("{met} of {total}").format(met=f.met, total=f.in_scope),
                f.coverage,
            ]
            for f in view.frameworks
        ],
    )
    not_met = Table(
        [Column(_("Code"), 2), Column(_("Section"), 6), Column(_("Controls short of it"), 4)],
        [
            [f.code, f"{s.ref} {s.title}".strip(), ", ".join(link.id for link in s.links)]
            for f in view.frameworks
            for s in f.sections_not_met
        ],
        empty=_("Every section of every framework is fully met."),
    )
    return Section(
        "frameworks",
        title_of(view, "frameworks"),
        [
            Paragraph(spans(lead)),
            coverage,
            Heading(_("Sections not met")),
            not_met,
        ],
    )
