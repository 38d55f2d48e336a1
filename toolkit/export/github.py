"""Gaps as JSON Lines for GitHub issues: one object per line with title, body, labels.

The README shows the one-line `gh issue create` loop that files them. The
owner and due date are in the body: a GitHub assignee must be a login, which
crbd cannot know, and GitHub issues have no due date field.
"""

from __future__ import annotations

import json

from toolkit.engine.evaluate import Evaluation
from toolkit.export.issues import issues, markdown


def render_github_jsonl(evaluation: Evaluation) -> bytes:
    """One JSON object per gap and line, highest priority first."""
    lines = [
        json.dumps(
            {"title": issue.title, "body": markdown(issue), "labels": issue.labels},
            ensure_ascii=False,
            sort_keys=True,
        )
        for issue in issues(evaluation)
    ]
    return "".join(f"{line}\n" for line in lines).encode("utf-8")
