"""Framework coverage: how much of each framework is met, and the sections not met."""

from __future__ import annotations

from toolkit.engine.evaluate import Evaluation
from toolkit.i18n import _
from toolkit.report.document import (
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
from toolkit.report.frameworks import FrameworkLine
from toolkit.report.localized import percent
from toolkit.report.sections.common import references, title_of
from toolkit.report.view import ReportView


def section(view: ReportView, evaluation: Evaluation) -> Section:
    lead = _(
        "For each framework the checklist cites: how many in-scope controls mapped to it are "
        "fully met (yes or alternative). Coverage is not compliance. “Legal status” is as "
        "recorded in the pack, on the assessment date: guidance, proposals and enjoined laws "
        "do not bind. “Applies here”: the product is offered where the framework applies "
        "(unknown when that is not answered). The code is how gap cards cite the framework."
    )
    coverage = Table(
        [
            Column(_("Code"), 14, nowrap=True),
            Column(_("Framework"), 37),
            Column(_("Where"), 12),
            Column(_("Legal status"), 14),
            Column(_("Applies here"), 8),
            Column(_("Met"), 8, numeric=True),
            Column(_("Coverage"), 7, numeric=True),
        ],
        [
            [
                f.code,
                spans(Link(f.title, f.url)) if f.url else f.title,
                _(f.jurisdiction),
                _(f.legal_status),
                _(f.relevance),
                _("{met} of {total}").format(met=f.met, total=f.in_scope),
                percent(f.coverage),
            ]
            for f in view.frameworks
        ],
        role="frameworks",
    )
    not_met = Table(
        [
            Column(_("Code"), 15, nowrap=True),
            Column(_("Sections, and the in-scope controls short of each"), 85),
        ],
        [[f.code, _short(f)] for f in view.frameworks if f.sections_not_met],
        empty=_("Every section of every framework is fully met."),
        role="sections",
    )
    return Section(
        "frameworks",
        title_of(view, "frameworks"),
        [
            Paragraph(spans(lead), role="lead"),
            coverage,
            Heading(_("Sections not fully met")),
            not_met,
        ],
    )


def _short(framework: FrameworkLine) -> list[Span]:
    """Each section not fully met, with links to the controls short of it."""
    out: list[Span] = []
    for n, gap in enumerate(framework.sections_not_met):
        out += spans(" " if n else "", Text(gap.ref, role="nowrap"))
        if gap.title:
            out.append(Text(f" {gap.title}"))
        out.append(Text(": "))
        out += references(gap.links)
        last = n == len(framework.sections_not_met) - 1
        out.append(Text("." if last else ";"))
    return out
