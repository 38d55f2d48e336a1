"""Exports: the pack and its results in the files other tools read.

Every target is a pure function of one Evaluation to bytes: offline, and
byte-identical on every run (dates come from the assessment, identifiers are
derived from the pack, the product and the control), so an export can be
diffed and archived. Trackers (Jira, GitHub) get the gaps as issues; GRC
tools (CISO Assistant, OSCAL) and spreadsheets get the pack and the results.
openpyxl is imported only by the spreadsheet module, when it runs.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, assert_never

if TYPE_CHECKING:  # the CLI offers the targets without loading the models
    from toolkit.engine.evaluate import Evaluation


class ExportTarget(StrEnum):
    """A file format another tool imports."""

    JIRA_CSV = "jira-csv"
    GITHUB = "github"
    RISK_REGISTER_CSV = "risk-register-csv"
    CISO_ASSISTANT_LIBRARY = "ciso-assistant-library"
    CISO_ASSISTANT_AUDIT = "ciso-assistant-audit"
    OSCAL_CATALOG = "oscal-catalog"
    OSCAL_POAM = "oscal-poam"
    OSCAL_ASSESSMENT_RESULTS = "oscal-assessment-results"
    XLSX = "xlsx"

    @property
    def suffix(self) -> str:
        """The file name extension the target is written with."""
        match self:
            case (
                ExportTarget.JIRA_CSV
                | ExportTarget.CISO_ASSISTANT_AUDIT
                | ExportTarget.RISK_REGISTER_CSV
            ):
                return "csv"
            case ExportTarget.GITHUB:
                return "jsonl"
            case ExportTarget.CISO_ASSISTANT_LIBRARY:
                return "yaml"
            case (
                ExportTarget.OSCAL_CATALOG
                | ExportTarget.OSCAL_POAM
                | ExportTarget.OSCAL_ASSESSMENT_RESULTS
            ):
                return "json"
            case ExportTarget.XLSX:
                return "xlsx"
            case _:
                assert_never(self)

    @property
    def is_text(self) -> bool:
        """Whether the export is text, so it may be written to a terminal or a pipe."""
        return self is not ExportTarget.XLSX


def render_export(target: ExportTarget, evaluation: Evaluation) -> bytes:
    """The evaluation in the target's format."""
    match target:
        case ExportTarget.JIRA_CSV:
            from toolkit.export.jira import render_jira_csv

            return render_jira_csv(evaluation)
        case ExportTarget.GITHUB:
            from toolkit.export.github import render_github_jsonl

            return render_github_jsonl(evaluation)
        case ExportTarget.RISK_REGISTER_CSV:
            from toolkit.export.risk_register import risk_register_csv

            return risk_register_csv(evaluation)
        case ExportTarget.CISO_ASSISTANT_LIBRARY:
            from toolkit.export.ciso_assistant import library_yaml

            return library_yaml(evaluation)
        case ExportTarget.CISO_ASSISTANT_AUDIT:
            from toolkit.export.ciso_assistant import audit_csv

            return audit_csv(evaluation)
        case ExportTarget.OSCAL_CATALOG:
            from toolkit.export.oscal import catalog_json

            return catalog_json(evaluation)
        case ExportTarget.OSCAL_POAM:
            from toolkit.export.oscal import poam_json

            return poam_json(evaluation)
        case ExportTarget.OSCAL_ASSESSMENT_RESULTS:
            from toolkit.export.oscal import assessment_results_json

            return assessment_results_json(evaluation)
        case ExportTarget.XLSX:
            from toolkit.export.xlsx import workbook_bytes

            return workbook_bytes(evaluation)
        case _:
            assert_never(target)
