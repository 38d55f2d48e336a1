"""OSCAL 1.2: every document valid against NIST's published 1.2.3 JSON Schema (vendored in
tests/data/oscal) and compliance-trestle's models, its UUIDs unique and references resolved."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from datetime import date
from functools import cache
from typing import Any

import pytest
from jsonschema import Draft7Validator, FormatChecker
from trestle.oscal import OSCAL_VERSION_REGEX
from trestle.oscal.assessment_results import AssessmentResults
from trestle.oscal.catalog import Catalog
from trestle.oscal.poam import PlanOfActionAndMilestones

from tests.helpers import DATA, EXAMPLES, mini_opened
from toolkit.engine.evaluate import Evaluation, evaluate
from toolkit.export import ExportTarget, render_export
from toolkit.model.pack import Pack
from toolkit.workflow.opening import open_assessment


def _document(target: ExportTarget, evaluation: Evaluation) -> dict[str, Any]:
    loaded = json.loads(render_export(target, evaluation))
    (root,) = loaded.values()
    assert root["metadata"]["oscal-version"] == "1.2.1"
    return dict(root)


SCHEMA = DATA / "oscal" / "oscal_complete_schema-1.2.3.json"
SCHEMA_SHA256 = "384324105c7a817af0f65b120a963146caa0e0d55d969cf0daf60e063b87a206"
TARGETS = (
    ExportTarget.OSCAL_CATALOG,
    ExportTarget.OSCAL_POAM,
    ExportTarget.OSCAL_ASSESSMENT_RESULTS,
)


@cache
def _validator(model: str) -> Draft7Validator:
    """NIST's schema for one model (`catalog`...), unchanged but for the two Unicode classes
    Python's `re` spells differently: a letter `\\p{L}` is `[^\\W\\d_]`, a digit `\\p{N}`
    is `\\d`."""
    content = SCHEMA.read_bytes()
    assert hashlib.sha256(content).hexdigest() == SCHEMA_SHA256
    text = content.decode().replace("\\\\p{L}", "[^\\\\W\\\\d_]").replace("\\\\p{N}", "\\\\d")
    schema = json.loads(text)
    (branch,) = [choice for choice in schema["oneOf"] if model in choice["properties"]]
    whole = {"$schema": schema["$schema"], "definitions": schema["definitions"], **branch}
    return Draft7Validator(whole, format_checker=FormatChecker())


def _schema_errors(document: dict[str, Any]) -> list[str]:
    (model,) = document
    return [
        f"{list(error.path)}: {error.message[:200]}"
        for error in _validator(model).iter_errors(document)
    ]


def _walk(value: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield key, item
            yield from _walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item)


def _semantic_problems(document: dict[str, Any]) -> list[str]:
    """UUIDs unique and of version 4 or 5; every `*-uuid` and `#` link names one of them."""
    uuids = [value for key, value in _walk(document) if key == "uuid"]
    problems = [f"uuid {u} appears twice" for u in {u for u in uuids if uuids.count(u) > 1}]
    problems += [
        f"uuid {u} is not of version 4 or 5"
        for u in uuids
        if not re.fullmatch(
            r"[0-9a-f]{8}-[0-9a-f]{4}-[45][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", u
        )
    ]
    known = set(uuids)
    for key, value in _walk(document):
        if key.endswith("-uuid") and isinstance(value, str) and value not in known:
            problems.append(f"{key} {value} names nothing in the document")
        if key == "href" and isinstance(value, str) and value.startswith("#"):
            if value[1:] not in known:
                problems.append(f"href {value} names nothing in the document")
    return problems


@pytest.mark.parametrize("example", ["yarnly", "murmur", "brickland"])
def test_every_oscal_document_is_valid_oscal_1_2(example: str) -> None:
    opened = open_assessment(EXAMPLES / f"{example}.yaml")
    evaluation = evaluate(opened.pack, opened.assessment)
    for target in TARGETS:
        document = json.loads(render_export(target, evaluation))
        assert _schema_errors(document) == [], target
        assert _semantic_problems(document) == [], target
        (root,) = document.values()
        assert re.fullmatch(OSCAL_VERSION_REGEX, root["metadata"]["oscal-version"])


def test_the_checks_catch_a_bad_document(mini_evaluation: Evaluation) -> None:
    document = json.loads(render_export(ExportTarget.OSCAL_POAM, mini_evaluation))
    poam = document["plan-of-action-and-milestones"]
    poam["uuid"] = "not-a-uuid"
    poam["metadata"]["last-modified"] = "2026-11-01"
    poam["poam-items"][0]["related-risks"][0]["risk-uuid"] = (
        poam["poam-items"][1]["uuid"][:-1] + "0"
    )
    errors = _schema_errors(document)
    assert [error.split(":")[0] for error in errors] == [
        "['plan-of-action-and-milestones', 'uuid']",
        "['plan-of-action-and-milestones', 'metadata', 'last-modified']",
    ]
    assert any("names nothing" in problem for problem in _semantic_problems(document))
    poam["poam-items"][1]["uuid"] = poam["poam-items"][0]["uuid"]
    assert any("appears twice" in problem for problem in _semantic_problems(document))


@pytest.fixture(scope="module")
def mini_evaluation(mini: Pack) -> Evaluation:
    return evaluate(mini, mini_opened(mini).assessment)


@pytest.fixture(scope="module")
def yarnly() -> Evaluation:
    opened = open_assessment(EXAMPLES / "yarnly.yaml")
    return evaluate(opened.pack, opened.assessment)


@pytest.mark.parametrize("which", ["mini_evaluation", "yarnly"])
def test_every_oscal_document_validates(which: str, request: pytest.FixtureRequest) -> None:
    evaluation: Evaluation = request.getfixturevalue(which)
    Catalog.model_validate(_document(ExportTarget.OSCAL_CATALOG, evaluation))
    PlanOfActionAndMilestones.model_validate(_document(ExportTarget.OSCAL_POAM, evaluation))
    AssessmentResults.model_validate(_document(ExportTarget.OSCAL_ASSESSMENT_RESULTS, evaluation))


def test_the_catalog_has_a_group_per_domain_and_a_control_per_control(
    mini_evaluation: Evaluation,
) -> None:
    catalog = _document(ExportTarget.OSCAL_CATALOG, mini_evaluation)
    pack = mini_evaluation.pack
    assert [group["title"] for group in catalog["groups"]] == [d.title for d in pack.domains]
    controls = [control for group in catalog["groups"] for control in group["controls"]]
    assert [c["props"][0]["value"] for c in controls] == [c.id for c in pack.controls()]
    first = controls[0]
    assert first["id"] == "a-01"
    assert first["parts"][0] == {
        "id": "a-01_statement", "name": "statement", "prose": "Is the critical thing done?",
    }  # fmt: skip
    (link,) = first["links"]
    (resource,) = catalog["back-matter"]["resources"]
    assert link["href"] == f"#{resource['uuid']}" and link["text"] == "S1"


def test_every_gap_is_a_poam_item_with_its_risk_and_milestone(
    mini_evaluation: Evaluation,
) -> None:
    poam = _document(ExportTarget.OSCAL_POAM, mini_evaluation)
    plan = mini_evaluation.plan.items
    assert [item["title"].split()[0] for item in poam["poam-items"]] == [
        item.control_id for item in plan
    ]
    risks = {risk["uuid"]: risk for risk in poam["risks"]}
    for item in poam["poam-items"]:
        assert item["related-risks"][0]["risk-uuid"] in risks
    planned = next(r for r in poam["risks"] if r["title"].startswith("A-03"))
    assert planned["status"] == "remediating"
    assert planned["deadline"] == "2027-03-01T00:00:00Z"
    (task,) = planned["remediations"][0]["tasks"]
    assert task["type"] == "milestone" and task["timing"]["on-date"]["date"] == planned["deadline"]
    others = [r for r in poam["risks"] if r is not planned]
    assert all(r["status"] == "open" and "tasks" not in r["remediations"][0] for r in others)
    assert poam["system-id"]["identifier-type"] == "http://ietf.org/rfc/rfc4122"


def test_assessment_results_have_a_finding_per_control_and_an_observation_per_evidence(
    mini_evaluation: Evaluation,
) -> None:
    results = _document(ExportTarget.OSCAL_ASSESSMENT_RESULTS, mini_evaluation)
    catalog = _document(ExportTarget.OSCAL_CATALOG, mini_evaluation)
    statements = {
        part["id"]
        for group in catalog["groups"]
        for control in group["controls"]
        for part in control["parts"]
    }
    (result,) = results["results"]
    findings = {f["title"].split()[0]: f for f in result["findings"]}
    assert list(findings) == [c.id for c in mini_evaluation.pack.controls()]
    assert all(f["target"]["target-id"] in statements for f in findings.values())
    state = {ref: f["target"]["status"]["state"] for ref, f in findings.items()}
    assert state == {
        "A-01": "not-satisfied", "A-02": "not-satisfied", "A-03": "not-satisfied",
        "A-04": "not-satisfied", "B-01": "satisfied", "B-02": "satisfied",
    }  # fmt: skip
    evidence = sum(len(a.evidence) for a in mini_evaluation.assessment.answers.values())
    assert len(result["observations"]) == evidence == 1
    assert findings["B-02"]["related-observations"] == [
        {"observation-uuid": result["observations"][0]["uuid"]}
    ]
    (stub,) = results["back-matter"]["resources"]
    assert results["import-ap"]["href"] == f"#{stub['uuid']}"
    assert result["start"] == f"{date(2026, 11, 1).isoformat()}T00:00:00Z"


def test_poam_items_keep_their_uuids_when_the_assessment_is_revised(
    mini_evaluation: Evaluation,
) -> None:
    assessment = mini_evaluation.assessment
    later = assessment.model_copy(
        update={"metadata": assessment.metadata.model_copy(update={"updated_on": date(2027, 1, 5)})}
    )
    revised = evaluate(mini_evaluation.pack, later)
    before, after = (_document(ExportTarget.OSCAL_POAM, e) for e in (mini_evaluation, revised))
    assert before["uuid"] == after["uuid"] and before["system-id"] == after["system-id"]
    assert [i["uuid"] for i in before["poam-items"]] == [i["uuid"] for i in after["poam-items"]]
    assert after["metadata"]["last-modified"] == "2027-01-05T00:00:00Z"
    results = [
        _document(ExportTarget.OSCAL_ASSESSMENT_RESULTS, e)["results"][0]["uuid"]
        for e in (mini_evaluation, revised)
    ]
    assert results[0] != results[1]
