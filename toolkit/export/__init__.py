"""Exports for other tools: the gaps of one evaluation in a form a tracker imports.

Every target renders offline from the `Evaluation` alone and gives the same
bytes for the same input, so an export can be diffed and archived.
"""

from __future__ import annotations

from enum import StrEnum
from typing import assert_never

from toolkit.engine.evaluate import Evaluation


class ExportTarget(StrEnum):
    """The formats `crbd export --to` writes."""

    JIRA_CSV = "jira-csv"
    GITHUB = "github"

    @property
    def suffix(self) -> str:
        """The file name ending an export of this target gets by default."""
        match self:
            case ExportTarget.JIRA_CSV:
                return ".jira.csv"
            case ExportTarget.GITHUB:
                return ".issues.jsonl"
            case _:
                assert_never(self)


def render_export(target: ExportTarget, evaluation: Evaluation) -> bytes:
    """The evaluation's gaps in the target's format."""
    match target:
        case ExportTarget.JIRA_CSV:
            from toolkit.export.jira import render_jira_csv

            return render_jira_csv(evaluation)
        case ExportTarget.GITHUB:
            from toolkit.export.github import render_github_jsonl

            return render_github_jsonl(evaluation)
        case _:
            assert_never(target)
