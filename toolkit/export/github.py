"""Gaps as JSON Lines for GitHub issues: one object per line with title, body, labels.

The README shows the one-line `gh issue create` loop that files them; the
owner is in the body (a GitHub assignee must be a login, which crbd cannot
know), and so is the due date, which GitHub issues have no field for.
"""

from __future__ import annotations

import json

from toolkit.engine.evaluate import Evaluation
from toolkit.export.issues import Issue, issues


def render_github_jsonl(evaluation: Evaluation) -> bytes:
    """One JSON object per gap and line, highest priority first."""
    lines = [
        json.dumps(
            {"title": issue.title, "body": _body(issue), "labels": issue.labels},
            ensure_ascii=False,
            sort_keys=True,
        )
        for issue in issues(evaluation)
    ]
    return "".join(f"{line}\n" for line in lines).encode("utf-8")


def _body(issue: Issue) -> str:
    owner = [f"Owner: {issue.assignee}"] if issue.assignee else []
    due = [f"Due: {issue.due}"] if issue.due else []
    header = "\n".join(owner + due)
    return f"{header}\n\n{issue.body}" if header else issue.body
