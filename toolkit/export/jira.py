"""Gaps as a CSV for Jira's CSV importer.

Jira's importer (Atlassian's "Import data from a CSV file" for Jira Cloud)
needs a header row with a Summary column, no punctuation in the headers,
every column present in every row (empty cells as empty fields) and quoted
multi-line text; it takes several labels from repeated Labels columns, and a
label holds no space. A summary is at most 255 characters, so a longer title
is shortened. It matches people by email address: an owner given as a name
is matched by hand in the wizard. Dates are written as YYYY-MM-DD: give the importer the date
format `yyyy-MM-dd`. Priorities use Jira's default scheme names; the
description uses Jira's wiki markup (`h3.` headings, `*` lists). Cells that
a spreadsheet would run as a formula are prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io

from toolkit.engine.evaluate import Evaluation
from toolkit.export.issues import issues, markdown
from toolkit.model.pack import Severity
from toolkit.report.text import shortened, spreadsheet_cell

PRIORITY = {
    Severity.CRITICAL: "Highest",
    Severity.HIGH: "High",
    Severity.MEDIUM: "Medium",
    Severity.LOW: "Low",
}
"""Severity to the names of Jira's default priority scheme."""

LABEL_COLUMNS = 3
SUMMARY_LIMIT = 255
"""The most characters Jira's Summary field holds."""
HEADER = ["Summary", "Description", "Priority", *["Labels"] * LABEL_COLUMNS, "Due Date", "Assignee"]


def render_jira_csv(evaluation: Evaluation) -> bytes:
    """One row per gap, highest priority first."""
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(HEADER)
    for issue in issues(evaluation):
        labels = (issue.labels + [""] * LABEL_COLUMNS)[:LABEL_COLUMNS]
        row = [
            shortened(issue.title, SUMMARY_LIMIT),
            markdown(issue, heading="h3. ", bullet="* "),
            PRIORITY[issue.severity],
            *labels,
            issue.due.isoformat() if issue.due else "",
            issue.assignee,
        ]
        writer.writerow([spreadsheet_cell(value) for value in row])
    return stream.getvalue().encode("utf-8")
