"""Scores by domain: the chart, and the same numbers as a table."""

from __future__ import annotations

from toolkit.engine.evaluate import Evaluation
from toolkit.i18n import _
from toolkit.report.document import Column, Figure, Section, Table
from toolkit.report.sections.common import title_of
from toolkit.report.view import ReportView


def section(view: ReportView, evaluation: Evaluation) -> Section:
    table = Table(
        [
            Column(_("Domain"), 4),
            Column(_("Score"), 1, numeric=True),
            Column(_("Rating"), 2),
            Column(_("Capped by"), 3),
            Column(_("Gaps"), 3),
            Column(_("Strengths"), 3),
        ],
        [
            [
                f"{d.prefix} {d.title}",
                d.rated.score,
                d.rated.rating,
                "; ".join(d.rated.capped_by) or "—",
                ", ".join(line.id for line in d.gap_lines) or "—",
                ", ".join(line.id for line in d.strengths) or "—",
            ]
            for d in view.domains
        ],
    )
    caption = _(
        "Score by domain, 0–100. Each bar names its rating; “capped” marks a domain held "
        "down by a critical control. The table gives the same numbers."
    )
    return Section(
        "domains", title_of(view, "domains"), [Figure(view.chart, view.chart_alt, caption, table)]
    )
