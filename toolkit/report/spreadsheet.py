"""The action plan as CSV: one row per gap, highest priority first, for trackers.

Cells that a spreadsheet would run as a formula (starting with =, +, -, @)
are prefixed with an apostrophe, so a hostile note stays text.
"""

from __future__ import annotations

import csv
import io

from toolkit.model.plan import ActionPlan
from toolkit.report.labels import HORIZON_LABEL
from toolkit.report.view import ReportView

COLUMNS = [
    "rank", "control", "title", "domain", "severity", "answer", "priority", "horizon",
    "effort", "target_date", "what_to_do", "why_it_matters", "references", "note",
]  # fmt: skip


def spreadsheet_safe(value: str) -> str:
    """The text as a spreadsheet keeps it: a leading formula character is quoted."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def render_csv(view: ReportView, plan: ActionPlan) -> str:
    """One row per gap, with the columns a tracker needs to plan the work."""
    horizon_of = {item.control_id: HORIZON_LABEL[item.horizon][0] for item in plan.items}
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for rank, gap in enumerate(view.gaps, 1):
        row = [
            str(rank),
            gap.line.id,
            gap.line.title,
            gap.domain,
            gap.line.severity,
            gap.line.answer,
            gap.priority,
            horizon_of[gap.line.id],
            gap.effort,
            gap.line.target_date,
            " / ".join(gap.remediation),
            gap.why,
            "; ".join(f"{c.framework}, {c.ref}: {c.section}" for c in gap.citations),
            gap.line.note,
        ]
        writer.writerow([spreadsheet_safe(" ".join(value.split())) for value in row])
    return stream.getvalue()
