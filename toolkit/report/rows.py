"""The report as plain rows of text, for the formats that lay out their own tables.

Word and Markdown have no template: they print the cover, the scorecards and
the roadmap from these rows and column lists, so both show the same columns in
the same order, and a gap's owner, due date, status and acceptance read alike.
"""

from __future__ import annotations

from toolkit.report.lines import GapLine, RoadmapColumn
from toolkit.report.view import ReportView


def cover_rows(view: ReportView) -> list[list[str]]:
    """The cover's facts as label/value rows, for the formats without the HTML cover."""
    return [
        ["Product", f"{view.product} {view.product_version}".strip()],
        ["Scope", view.scope_line],
        ["Organisation", view.organisation or "—"],
        ["Assessors", view.assessors or "—"],
        ["Reviewer", view.reviewer or "not yet reviewed"],
        ["Sign-off", view.signoff_state],
        ["Assessment date", view.assessed_on or "—"],
        ["Checklist", view.pack],
        ["Overall", f"{view.overall.rating}, {view.overall.score}"],
    ]


DOMAIN_COLUMNS = ["Domain", "Score", "Rating", "Capped by", "Gaps", "Strengths"]


def domain_rows(view: ReportView) -> list[list[str]]:
    """The scorecards as table rows, for the formats that lay out tables themselves."""
    return [
        [
            f"{d.prefix} {d.title}",
            d.rated.score,
            d.rated.rating,
            "; ".join(d.rated.capped_by),
            ", ".join(line.id for line in d.gap_lines),
            ", ".join(line.id for line in d.strengths),
        ]
        for d in view.domains
    ]


ROADMAP_COLUMNS = ["Control", "Severity", "Answer", "Effort", "Target date", "Owner", "Due"]


def roadmap_rows(horizon: RoadmapColumn) -> list[list[str]]:
    """One roadmap horizon as table rows (owner and due stay empty until recorded)."""
    return [
        [
            f"{g.line.id} {g.line.title}",
            g.line.severity,
            g.line.answer,
            g.effort or "—",
            g.line.target_date or "—",
            g.owner,
            g.due,
        ]
        for g in horizon.gaps
    ]


def ownership(gap: GapLine) -> list[str]:
    """The gap's owner, due date, action status and risk acceptance, as the text formats
    print them after its answer (only what is recorded)."""
    parts = [f"owner {gap.owner}" if gap.owner else "", f"due {gap.due}" if gap.due else ""]
    return [part for part in (*parts, gap.status, gap.accepted) if part]
