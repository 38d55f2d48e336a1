"""CISO Assistant: the pack as a framework library, the answers as an audit import.

Both files follow CISO Assistant's formats: the library YAML (format v2: a
framework of requirement nodes) with only the fields its loader reads
(`backend/library/utils.py`, RequirementNodeImporter and FrameworkImporter, in
intuitem/ciso-assistant-community at f990d7b), and the audit columns of its
data-import wizard. A control's severity, which CISO Assistant has no field
for, is its implementation group (an auditor can scope an audit to the
critical ones) and its weight. Where the pack cites the GDPR, the mapping is
a library of its own (`--to ciso-assistant-gdpr-mapping`), shaped like CISO
Assistant's own `mapping-*.yaml` libraries: its loader ignores a mapping set
inside a framework library and then skips that library's dependencies.
Requirement URNs are derived from the pack id and the control id, so the
library and every audit exported against it name the same requirements, and
`crbd import` can tell which pack an audit file belongs to.
"""

from __future__ import annotations

import csv
import io
from typing import Any, Final

from toolkit.engine.evaluate import Evaluation
from toolkit.errors import UsageProblem
from toolkit.export.common import evidence_words
from toolkit.model.assessment import Answer, ControlAnswer
from toolkit.model.choices import every
from toolkit.model.pack import Control, Domain, Framework, Pack, Severity
from toolkit.model.result import ControlOutcome
from toolkit.model.yamlsource import dump_yaml
from toolkit.report.labels import ANSWER_LABEL
from toolkit.report.text import spreadsheet_cell

URN_PREFIX: Final = "urn:crbd:risk"
PACKAGER: Final = "crbd"

IMPLEMENTATION_GROUPS: Final[dict[Severity, str]] = {
    Severity.CRITICAL: "Critical: a gap caps the rating",
    Severity.HIGH: "High: serious harm to children if missing",
    Severity.MEDIUM: "Medium",
    Severity.LOW: "Low",
}
"""The framework's implementation groups, one per severity (ref_id the severity)."""
WEIGHT: Final[dict[Severity, int]] = {
    Severity.CRITICAL: 10,
    Severity.HIGH: 5,
    Severity.MEDIUM: 3,
    Severity.LOW: 1,
}

GDPR_FRAMEWORK_URN: Final = "urn:intuitem:risk:framework:gdpr"
GDPR_LIBRARY_URN: Final = "urn:intuitem:risk:library:gdpr"
GDPR_NODES: Final[dict[str, tuple[str, ...]]] = {
    "Art. 8": ("urn:intuitem:risk:req_node:gdpr:8.2",),
    "Art. 25": (
        "urn:intuitem:risk:req_node:gdpr:25.1",
        "urn:intuitem:risk:req_node:gdpr:25.2",
    ),
}
"""Assessable requirements of CISO Assistant's GDPR library, by the article a pack
cites (checked against its `backend/library/libraries/gdpr.yaml`). Articles not
listed here are left unmapped rather than guessed."""

AUDIT_COLUMNS: Final = [
    "urn", "assessable", "ref_id", "name", "description",
    "compliance_result", "requirement_progress", "score", "observations",
]  # fmt: skip
"""The audit columns of CISO Assistant's data-import wizard, in its documented order."""

EVIDENCE_LINE: Final = "Evidence: "
"""How each evidence entry starts its line in the observations, so an import can tell
the note from the evidence."""


def library_urn(pack_id: str) -> str:
    return f"{URN_PREFIX}:library:{pack_id}"


def framework_urn(pack_id: str) -> str:
    return f"{URN_PREFIX}:framework:{pack_id}"


def node_urn(pack_id: str, ref_id: str) -> str:
    """A requirement node's URN; CISO Assistant keeps URNs in lower case."""
    return f"{URN_PREFIX}:req_node:{pack_id}:{ref_id.lower()}"


def library_version(version: str) -> int:
    """The pack version as the positive integer CISO Assistant orders library updates by.

    `1.2.3` becomes 10203: each part after the first takes two digits, so every
    later version of a pack is a higher number (parts are capped at 99).
    """
    numbers = [int(part) if part.isdigit() else 0 for part in version.split(".")[:3]]
    numbers += [0] * (3 - len(numbers))
    major, minor, patch = numbers
    return max(1, major * 10_000 + min(minor, 99) * 100 + min(patch, 99))


def library_yaml(evaluation: Evaluation) -> bytes:
    """The pack as a CISO Assistant library: domains as parents, controls as requirements."""
    pack = evaluation.pack
    framework: dict[str, Any] = {
        "urn": framework_urn(pack.id),
        "ref_id": pack.id,
        "name": pack.title,
        "description": _described(pack),
        "implementation_groups_definition": [
            {"ref_id": severity.value, "name": name}
            for severity, name in IMPLEMENTATION_GROUPS.items()
        ],
        "requirement_nodes": [
            node for domain in pack.domains for node in _domain_nodes(pack, domain)
        ],
    }
    library = _library_meta(pack, library_urn(pack.id), pack.id, pack.title, _described(pack))
    library["objects"] = {"framework": framework}
    return dump_yaml(library).encode()


def _library_meta(pack: Pack, urn: str, ref_id: str, name: str, description: str) -> dict[str, Any]:
    return {
        "urn": urn,
        "locale": "en",
        "ref_id": ref_id,
        "name": name,
        "description": description,
        "copyright": f"The authors of the {pack.title} checklist pack",
        "version": library_version(pack.version),
        "provider": PACKAGER,
        "packager": PACKAGER,
    }


def gdpr_mapping_yaml(evaluation: Evaluation) -> bytes:
    """The pack's GDPR citations as a CISO Assistant mapping library, which depends on the
    pack's framework library and on CISO Assistant's GDPR library."""
    pack = evaluation.pack
    mappings = _gdpr_mappings(pack)
    if not mappings:
        raise UsageProblem(
            f"Pack {pack.id} cites no GDPR article CISO Assistant's GDPR library has a "
            "requirement for, so there is no mapping to export."
        )
    ref_id = f"mapping-{pack.id}-and-gdpr"
    name = f"{pack.title} <-> GDPR"
    description = (
        f"Mapping between {pack.title} {pack.version} and the General Data Protection "
        "Regulation, where the pack's controls cite it."
    )
    library = _library_meta(pack, f"{URN_PREFIX}:library:{ref_id}", ref_id, name, description)
    library["dependencies"] = [library_urn(pack.id), GDPR_LIBRARY_URN]
    library["objects"] = {
        "requirement_mapping_sets": [
            {
                "urn": f"{URN_PREFIX}:req_mapping_set:{ref_id}",
                "ref_id": ref_id,
                "name": name,
                "description": description,
                "source_framework_urn": framework_urn(pack.id),
                "target_framework_urn": GDPR_FRAMEWORK_URN,
                "requirement_mappings": mappings,
            }
        ]
    }
    return dump_yaml(library).encode()


def _described(pack: Pack) -> str:
    return " ".join(f"{pack.description} (crbd pack {pack.id}, version {pack.version})".split())


def _domain_nodes(pack: Pack, domain: Domain) -> list[dict[str, Any]]:
    parent = node_urn(pack.id, domain.prefix)
    node: dict[str, Any] = {
        "urn": parent,
        "assessable": False,
        "depth": 1,
        "ref_id": domain.prefix,
        "name": domain.title,
    }
    if domain.description:
        node["description"] = domain.description
    return [node, *(_control_node(pack, control, parent) for control in domain.controls)]


def _control_node(pack: Pack, control: Control, parent: str) -> dict[str, Any]:
    urn = node_urn(pack.id, control.id)
    question = f"{urn}:question:1"
    node: dict[str, Any] = {
        "urn": urn,
        "assessable": True,
        "depth": 2,
        "parent_urn": parent,
        "ref_id": control.id,
        "name": control.title,
        "description": control.question,
        "annotation": _annotation(pack, control),
    }
    if control.evidence:
        node["typical_evidence"] = "\n".join(control.evidence)
    node["implementation_groups"] = [control.severity.value]
    node["weight"] = WEIGHT[control.severity]
    node["questions"] = {
        question: {
            "type": "unique_choice",
            "text": control.question,
            "choices": [
                {"urn": f"{question}:choice:{number}", "value": label}
                for number, label in enumerate(ANSWER_LABEL.values(), 1)
            ],
        }
    }
    return node


def _annotation(pack: Pack, control: Control) -> str:
    """Why the control matters, what a full yes looks like, and who asks for it."""
    parts = [control.why.strip(), f"What a full yes looks like: {control.guidance.strip()}"]
    cited = [_citation(pack, ref.framework, ref.ref) for ref in control.references]
    if cited:
        parts.append("Asked for by: " + "; ".join(cited) + ".")
    return "\n\n".join(parts)


def _citation(pack: Pack, framework_id: str, ref: str) -> str:
    framework = pack.framework(framework_id)
    return f"{framework.title if framework else framework_id}, {ref}"


def _is_gdpr(framework: Framework) -> bool:
    """Whether a pack's framework is the GDPR, known by its official reference."""
    return "2016/679" in framework.url


def _gdpr_mappings(pack: Pack) -> list[dict[str, str]]:
    gdpr = {framework.id for framework in pack.frameworks if _is_gdpr(framework)}
    return [
        {
            "source_requirement_urn": node_urn(pack.id, control.id),
            "target_requirement_urn": target,
            "relationship": "intersect",
        }
        for control in pack.controls()
        for reference in control.references
        if reference.framework in gdpr
        for target in GDPR_NODES.get(reference.ref, ())
    ]


# --- the audit ---

COMPLIANCE: Final[dict[Answer, str]] = every(
    Answer,
    {
        Answer.YES: "compliant",
        Answer.ALTERNATIVE: "compliant",
        Answer.PARTIAL: "partially_compliant",
        Answer.PLANNED: "non_compliant",
        Answer.NO: "non_compliant",
        Answer.NA: "not_applicable",
        Answer.UNKNOWN: "not_assessed",
    },
)
PROGRESS: Final[dict[Answer, str]] = every(
    Answer,
    {
        Answer.YES: "done",
        Answer.ALTERNATIVE: "done",
        Answer.PARTIAL: "in_progress",
        Answer.PLANNED: "in_progress",
        Answer.NO: "to_do",
        Answer.NA: "done",
        Answer.UNKNOWN: "to_do",
    },
)
NOT_ASSESSED: Final = "not_assessed"
OUT_OF_SCOPE: Final = "Out of scope: "


def audit_csv(evaluation: Evaluation) -> bytes:
    """Every control's result as a row of CISO Assistant's audit import."""
    pack, answers = evaluation.pack, evaluation.assessment.answers
    outcomes = {outcome.id: outcome for outcome in evaluation.result.controls}
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(AUDIT_COLUMNS)
    for control in pack.controls():
        outcome = outcomes[control.id]
        result, progress = _audit_result(outcome)
        row = [
            node_urn(pack.id, control.id),
            "true",
            control.id,
            control.title,
            control.question,
            result,
            progress,
            _score(outcome, result),
            _observations(outcome, answers.get(control.id)),
        ]
        writer.writerow([spreadsheet_cell(value) for value in row])
    return stream.getvalue().encode()


def _score(outcome: ControlOutcome, result: str) -> str:
    """The credit as a 0-100 score, only where the requirement was assessed."""
    if outcome.credit is None or result in (NOT_ASSESSED, COMPLIANCE[Answer.NA]):
        return ""
    return str(round(outcome.credit * 100))


def _audit_result(outcome: ControlOutcome) -> tuple[str, str]:
    if outcome.scope == "out_of_scope":
        return COMPLIANCE[Answer.NA], PROGRESS[Answer.NA]
    if outcome.answer is None:
        return NOT_ASSESSED, PROGRESS[Answer.UNKNOWN]
    return COMPLIANCE[outcome.answer], PROGRESS[outcome.answer]


def _observations(outcome: ControlOutcome, answer: ControlAnswer | None) -> str:
    """The note, then one line per evidence entry; why a control is out of scope."""
    if outcome.scope == "out_of_scope":
        return OUT_OF_SCOPE + outcome.scope_reason
    if answer is None:
        return ""
    lines = [answer.note.strip()] if answer.note.strip() else []
    lines += [EVIDENCE_LINE + evidence_words(item) for item in answer.evidence]
    return "\n".join(lines)
