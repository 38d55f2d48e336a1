"""The action plan as CSV: one row per gap, highest priority first, for trackers.

UTF-8 with a byte order mark, so spreadsheet programs show "§" and "—" as
written. Each step of the remediation sits on its own line inside one cell.
Cells that a spreadsheet would run as a formula (starting with =, +, -, @)
are prefixed with an apostrophe, so a hostile note stays text.
"""

from __future__ import annotations

import csv
import io

from toolkit.model.plan import ActionPlan
from toolkit.report.labels import HORIZON_LABEL
from toolkit.report.text import spreadsheet_cell
from toolkit.report.view import ReportView

COLUMNS = [
    "rank", "id", "title", "domain", "severity", "answer", "priority", "horizon", "effort",
    "target_date", "first_step", "steps", "why_it_matters", "references", "note",
    "owner", "status", "due", "acceptance",
]  # fmt: skip
"""`owner`, `status` and `due` come from the gap's action (`due` falls back to a
planned answer's target date) and are empty where none is recorded, ready for
the team's tracker; `acceptance` says who accepted the gap until when."""

BOM = "\ufeff"


def _cell(value: str) -> str:
    """One cell: whitespace tidied line by line, formulas neutralised."""
    return spreadsheet_cell("\n".join(" ".join(line.split()) for line in value.splitlines()))


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
            gap.remediation[0] if gap.remediation else "",
            "\n".join(" ".join(step.split()) for step in gap.remediation),
            gap.why,
            "; ".join(f"{c.code} {c.ref}: {c.section}" for c in gap.citations),
            " ".join(gap.line.note.split()),
            gap.owner,
            gap.status,
            gap.due,
            gap.accepted,
        ]
        writer.writerow([_cell(value) for value in row])
    return BOM + stream.getvalue()
