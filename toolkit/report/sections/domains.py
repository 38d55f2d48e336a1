"""Scores by domain: the chart, and the same numbers as a table."""

from __future__ import annotations

from toolkit.engine.evaluate import Evaluation
from toolkit.i18n import _
from toolkit.report.document import Cell, Column, Figure, Section, Strong, Table, Text, spans
from toolkit.report.lines import DomainLine
from toolkit.report.localized import number
from toolkit.report.sections.common import references, title_of
from toolkit.report.view import ReportView


def section(view: ReportView, evaluation: Evaluation) -> Section:
    table = Table(
        [
            Column(_("Domain"), 40),
            Column(_("Score"), 9, numeric=True),
            Column(_("Rating"), 15),
            Column(_("Capped by"), 18),
            Column(_("In scope"), 9, numeric=True),
            Column(_("Gaps"), 9, numeric=True),
        ],
        [_row(d) for d in view.domains],
        role="domains",
    )
    caption = _(
        "Score by domain, 0–100. Each bar names its rating; “capped” marks a domain held "
        "down by a critical control. The table gives the same numbers."
    )
    return Section(
        "domains",
        title_of(view, "domains"),
        [Figure(view.chart, view.chart_alt, caption, table, role="bars")],
    )


def _row(domain: DomainLine) -> list[Cell]:
    rated = domain.rated
    rating = spans(Text(_(rated.rating), role=f"rating-{rated.rating_class}"))
    if rated.rating_class == "none":
        rating += spans(" ", Text(_("nothing in scope"), role="note"))
    return [
        spans(Strong(domain.prefix), f" {domain.title}"),
        number(rated.score) if rated.score != "not scored" else "—",
        rating,
        references(rated.capping) or "—",
        str(domain.in_scope),
        str(domain.gaps),
    ]
