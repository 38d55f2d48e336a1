"""Exports: the pack and its results in the files other tools read.

Every target is a pure function of one Evaluation to bytes: offline, and
byte-identical on every run (dates come from the assessment, identifiers are
derived from the pack, the product and the control), so an export can be
diffed and archived. Trackers (Jira, GitHub) get the gaps as issues; GRC
tools (CISO Assistant, OSCAL) and spreadsheets get the pack and the results.
openpyxl is imported only by the spreadsheet module, when it runs.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from importlib import import_module
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
    CISO_ASSISTANT_GDPR_MAPPING = "ciso-assistant-gdpr-mapping"
    OSCAL_CATALOG = "oscal-catalog"
    OSCAL_POAM = "oscal-poam"
    OSCAL_ASSESSMENT_RESULTS = "oscal-assessment-results"
    XLSX = "xlsx"
    ANSWERS_TEMPLATE = "answers-template"
    ANSWERS_TEMPLATE_YAML = "answers-template-yaml"

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
            case (
                ExportTarget.CISO_ASSISTANT_LIBRARY
                | ExportTarget.CISO_ASSISTANT_GDPR_MAPPING
                | ExportTarget.ANSWERS_TEMPLATE_YAML
            ):
                return "yaml"
            case (
                ExportTarget.OSCAL_CATALOG
                | ExportTarget.OSCAL_POAM
                | ExportTarget.OSCAL_ASSESSMENT_RESULTS
            ):
                return "json"
            case ExportTarget.XLSX | ExportTarget.ANSWERS_TEMPLATE:
                return "xlsx"
            case _:
                assert_never(self)

    @property
    def is_text(self) -> bool:
        """Whether the export is text, so it may be written to a terminal or a pipe."""
        return self.suffix != "xlsx"

    @property
    def is_template(self) -> bool:
        """Whether the target is a fill-in template, which may list every question (`--all`)."""
        return self in TEMPLATES


RENDERERS: dict[ExportTarget, tuple[str, str]] = {
    ExportTarget.JIRA_CSV: ("jira", "render_jira_csv"),
    ExportTarget.GITHUB: ("github", "render_github_jsonl"),
    ExportTarget.RISK_REGISTER_CSV: ("risk_register", "risk_register_csv"),
    ExportTarget.CISO_ASSISTANT_LIBRARY: ("ciso_assistant", "library_yaml"),
    ExportTarget.CISO_ASSISTANT_AUDIT: ("ciso_assistant", "audit_csv"),
    ExportTarget.CISO_ASSISTANT_GDPR_MAPPING: ("ciso_assistant", "gdpr_mapping_yaml"),
    ExportTarget.OSCAL_CATALOG: ("oscal", "catalog_json"),
    ExportTarget.OSCAL_POAM: ("oscal", "poam_json"),
    ExportTarget.OSCAL_ASSESSMENT_RESULTS: ("oscal", "assessment_results_json"),
    ExportTarget.XLSX: ("xlsx", "workbook_bytes"),
    ExportTarget.ANSWERS_TEMPLATE: ("answers_template", "template_xlsx"),
    ExportTarget.ANSWERS_TEMPLATE_YAML: ("answers_template", "template_yaml"),
}
"""Each target's module in this package and its function of one Evaluation to bytes;
the module is imported only when its target is asked for."""


TEMPLATES = frozenset(
    {
        ExportTarget.ANSWERS_TEMPLATE,
        ExportTarget.ANSWERS_TEMPLATE_YAML,
    }
)
"""The fill-in templates, whose function also takes whether to list every question."""


def render_export(target: ExportTarget, evaluation: Evaluation, everything: bool = False) -> bytes:
    """The evaluation in the target's format; a template lists every question if `everything`,
    else the open ones."""
    module, function = RENDERERS[target]
    loaded = getattr(import_module(f"toolkit.export.{module}"), function)
    if target.is_template:
        template: Callable[[Evaluation, bool], bytes] = loaded
        return template(evaluation, everything)
    render: Callable[[Evaluation], bytes] = loaded
    return render(evaluation)
