"""OSCAL 1.2 JSON: the pack as a catalog, the gaps as a POA&M, the answers as results.

NIST's Open Security Controls Assessment Language is what compliance pipelines
read. The catalog is the pack alone; the plan of action and milestones stands
alone with a `system-id` naming the product; the assessment results need an
assessment plan, which crbd does not have as a separate document, so they
import a stub in their back matter that says the plan was the pack and the
product profile. Every UUID is derived from the pack, the product and the
item, so repeated exports are byte-identical and items keep their identity.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any, Final

from toolkit.engine.evaluate import Evaluation
from toolkit.export.common import evidence_words, export_day, stable_uuid
from toolkit.model.assessment import Answer, ControlAnswer
from toolkit.model.pack import Control, Pack
from toolkit.model.plan import PlannedItem
from toolkit.model.result import ControlOutcome
from toolkit.report.labels import ANSWER_LABEL, NOT_ANSWERED

OSCAL_VERSION: Final = "1.2.1"
"""The newest OSCAL release compliance-trestle 5.2 accepts; the documents are also valid
against NIST's 1.2.3 schema (the tests check both)."""
NAMESPACE: Final = "urn:crbd:oscal"
"""The namespace of crbd's own properties (severity, answer, domain)."""

SYSTEM_ID_TYPE: Final = "http://ietf.org/rfc/rfc4122"
"""OSCAL's identifier type for a UUID."""

SATISFIED: Final = {Answer.YES, Answer.ALTERNATIVE, Answer.NA}


def _timestamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _prop(name: str, value: str) -> dict[str, str]:
    return {"name": name, "ns": NAMESPACE, "value": value}


def _control_id(control_id: str) -> str:
    """OSCAL's conventional lower-case token for a control (`CON-01` is `con-01`)."""
    return control_id.lower()


def _dump(document: dict[str, Any]) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode()


def _metadata(evaluation: Evaluation, title: str, version: str = "") -> dict[str, Any]:
    """Metadata dated by the assessment; the version is the pack's, else the assessment's date."""
    version = version or export_day(evaluation).isoformat()
    return {
        "title": title,
        "last-modified": _timestamp(export_day(evaluation)),
        "version": version,
        "oscal-version": OSCAL_VERSION,
    }


def _product(evaluation: Evaluation) -> str:
    return evaluation.assessment.metadata.product or "the product"


def _about_product(evaluation: Evaluation, *parts: str) -> str:
    """The identifier of one subject about this product, kept across its revisions.

    OSCAL asks that a document, a POA&M item or a risk keep its UUID as the
    document is revised, so trackers can follow it: these derive from the pack
    id, the product and the subject, never from the date or a version.
    """
    return stable_uuid(evaluation.pack.id, _product(evaluation), *parts)


def _of_this_assessment(evaluation: Evaluation, *parts: str) -> str:
    """The identifier of something observed in this assessment, on its date."""
    return _about_product(evaluation, export_day(evaluation).isoformat(), *parts)


# --- the catalog ---


def catalog_json(evaluation: Evaluation) -> bytes:
    """The pack as an OSCAL catalog: a group per domain, a control per control."""
    pack = evaluation.pack
    catalog: dict[str, Any] = {
        "uuid": stable_uuid(pack.id, "catalog"),
        "metadata": _metadata(evaluation, pack.title, pack.version),
        "groups": [
            {
                "id": _control_id(domain.prefix),
                "title": domain.title,
                **({"parts": [_part(domain.prefix, "overview", domain.description)]}
                   if domain.description else {}),
                "controls": [_catalog_control(pack, control) for control in domain.controls],
            }
            for domain in pack.domains
        ],
    }  # fmt: skip
    resources = _framework_resources(pack)
    if resources:
        catalog["back-matter"] = {"resources": resources}
    return _dump({"catalog": catalog})


def _part(owner: str, name: str, prose: str) -> dict[str, str]:
    return {"id": f"{_control_id(owner)}_{name}", "name": name, "prose": prose.strip()}


def _catalog_control(pack: Pack, control: Control) -> dict[str, Any]:
    parts = [
        _part(control.id, "statement", control.question),
        _part(control.id, "guidance", f"{control.why.strip()}\n\n{control.guidance.strip()}"),
    ]
    if control.evidence:
        parts.append(_part(control.id, "evidence", "\n".join(control.evidence)))
    parts.append(_part(control.id, "remediation", "\n".join(control.remediation)))
    found: dict[str, Any] = {
        "id": _control_id(control.id),
        "title": control.title,
        "props": [{"name": "label", "value": control.id}, _prop("severity", control.severity)],
    }
    links = [
        {
            "href": f"#{_framework_uuid(pack, reference.framework)}",
            "rel": "reference",
            "text": reference.ref,
        }
        for reference in control.references
        if pack.framework(reference.framework)
    ]
    if links:
        found["links"] = links
    found["parts"] = parts
    return found


def _framework_uuid(pack: Pack, framework_id: str) -> str:
    return stable_uuid(pack.id, "framework", framework_id)


def _framework_resources(pack: Pack) -> list[dict[str, Any]]:
    return [
        {
            "uuid": _framework_uuid(pack, framework.id),
            "title": framework.title,
            "description": f"{framework.publisher}, {framework.date}. {framework.status}",
            "rlinks": [{"href": framework.url}],
        }
        for framework in pack.frameworks
    ]


# --- the plan of action and milestones ---


def poam_json(evaluation: Evaluation) -> bytes:
    """Every gap as a POA&M item with its risk, status and milestones."""
    pack = evaluation.pack
    product = _product(evaluation)
    items = evaluation.plan.items
    poam = {
        "uuid": _about_product(evaluation, "poam"),
        "metadata": _metadata(evaluation, f"Children's rights by design gaps of {product}"),
        "system-id": {
            "identifier-type": SYSTEM_ID_TYPE,
            "id": _about_product(evaluation, "system"),
        },
        "risks": [_risk(evaluation, item) for item in items],
        "poam-items": [
            {
                "uuid": _about_product(evaluation, "poam-item", item.control_id),
                "title": f"{item.control_id} {pack.require_control(item.control_id).title}",
                "description": pack.require_control(item.control_id).question,
                "props": [
                    _prop("priority", f"{item.priority:.2f}"),
                    _prop("horizon", item.horizon.value),
                ],
                "related-risks": [{"risk-uuid": _risk_uuid(evaluation, item)}],
            }
            for item in items
        ],
    }
    return _dump({"plan-of-action-and-milestones": poam})


def _risk_uuid(evaluation: Evaluation, item: PlannedItem) -> str:
    return _about_product(evaluation, "risk", item.control_id)


def _risk(evaluation: Evaluation, item: PlannedItem) -> dict[str, Any]:
    control = evaluation.pack.require_control(item.control_id)
    answered = ANSWER_LABEL[item.answer] if item.answer else NOT_ANSWERED
    risk: dict[str, Any] = {
        "uuid": _risk_uuid(evaluation, item),
        "title": f"{control.id} {control.title}",
        "description": control.why.strip(),
        "statement": f"Answered: {answered}. Severity: {control.severity}.",
        "props": [_prop("severity", control.severity), _prop("answer", answered)],
        "status": "remediating" if item.answer is Answer.PLANNED else "open",
        "remediations": [_remediation(evaluation, control, item)],
    }
    if item.target_date:
        risk["deadline"] = _timestamp(item.target_date)
    return risk


def _remediation(evaluation: Evaluation, control: Control, item: PlannedItem) -> dict[str, Any]:
    remediation: dict[str, Any] = {
        "uuid": _about_product(evaluation, "remediation", control.id),
        "lifecycle": "planned",
        "title": f"Close {control.id}",
        "description": "\n".join(control.remediation),
    }
    if item.target_date:
        remediation["tasks"] = [
            {
                "uuid": _about_product(evaluation, "milestone", control.id),
                "type": "milestone",
                "title": f"{control.id} in place",
                "timing": {"on-date": {"date": _timestamp(item.target_date)}},
            }
        ]
    return remediation


# --- the assessment results ---


def assessment_results_json(evaluation: Evaluation) -> bytes:
    """One finding per control, an observation per evidence entry, a stub plan imported."""
    pack = evaluation.pack
    day = _timestamp(export_day(evaluation))
    plan_uuid = _about_product(evaluation, "assessment-plan")
    observations: list[dict[str, Any]] = []
    findings: list[dict[str, Any]] = []
    for outcome in evaluation.result.controls:
        answer = evaluation.assessment.answers.get(outcome.id)
        control = pack.require_control(outcome.id)
        own = _observations(evaluation, outcome.id, answer) if answer else []
        observations += own
        findings.append(_finding(evaluation, control, outcome, [o["uuid"] for o in own]))
    result: dict[str, Any] = {
        "uuid": _of_this_assessment(evaluation, "result"),
        "title": f"Self-assessment of {_product(evaluation)}",
        "description": f"Answers to {pack.title} {pack.version}, scored by crbd.",
        "start": day,
        "end": day,
        "reviewed-controls": {"control-selections": [{"include-all": {}}]},
    }
    if observations:
        result["observations"] = observations
    result["findings"] = findings
    results = {
        "uuid": _about_product(evaluation, "assessment-results"),
        "metadata": _metadata(evaluation, f"Children's rights by design: {_product(evaluation)}"),
        "import-ap": {"href": f"#{plan_uuid}"},
        "results": [result],
        "back-matter": {
            "resources": [
                {
                    "uuid": plan_uuid,
                    "title": "Assessment plan",
                    "description": f"The plan was the checklist pack {pack.id} {pack.version} "
                    "and the product profile; crbd keeps no separate plan document.",
                }
            ]
        },
    }
    return _dump({"assessment-results": results})


def _observations(
    evaluation: Evaluation, control_id: str, answer: ControlAnswer
) -> list[dict[str, Any]]:
    """One observation per evidence entry, collected on the day the answer was given."""
    collected = _timestamp(answer.answered_on or export_day(evaluation))
    return [
        {
            "uuid": _of_this_assessment(evaluation, "observation", control_id, str(number)),
            "description": evidence_words(evidence),
            "methods": ["EXAMINE"],
            "collected": collected,
        }
        for number, evidence in enumerate(answer.evidence, 1)
    ]


def _finding(
    evaluation: Evaluation, control: Control, outcome: ControlOutcome, observed: list[str]
) -> dict[str, Any]:
    satisfied = outcome.scope != "in_scope" or outcome.answer in SATISFIED
    status: dict[str, str] = {"state": "satisfied" if satisfied else "not-satisfied"}
    if outcome.scope != "in_scope":
        status["remarks"] = f"Not applicable: {outcome.scope_reason}"
    finding: dict[str, Any] = {
        "uuid": _of_this_assessment(evaluation, "finding", control.id),
        "title": f"{control.id} {control.title}",
        "description": _finding_words(evaluation, outcome),
        "props": [_prop("answer", outcome.shown), _prop("severity", control.severity)],
        "target": {
            "type": "statement-id",
            "target-id": f"{_control_id(control.id)}_statement",
            "status": status,
        },
    }
    if observed:
        finding["related-observations"] = [{"observation-uuid": uuid} for uuid in observed]
    return finding


def _finding_words(evaluation: Evaluation, outcome: ControlOutcome) -> str:
    answer = evaluation.assessment.answers.get(outcome.id)
    said = ANSWER_LABEL[outcome.answer] if outcome.answer else NOT_ANSWERED
    if outcome.scope == "out_of_scope":
        said = "Out of scope"
    note = f" {answer.note.strip()}" if answer and answer.note.strip() else ""
    return f"{said}.{note}"
