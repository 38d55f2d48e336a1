"""Actions, risk acceptances, history and sign-off hashes in the assessment file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

from tests.helpers import DATA
from toolkit.model.assessment import (
    Acceptance,
    Action,
    ActionStatus,
    Answer,
    Assessment,
    Change,
    ControlAnswer,
    add_months,
)
from toolkit.model.files import load_assessment, to_yaml
from toolkit.model.hashing import assessment_sha256, canonical_json, signed_sha256
from toolkit.model.schemas import json_schema

PREVIOUS = DATA / "accountability" / "previous-format.yaml"
PREVIOUS_SHA256 = "f23b066abc152f55f94b2ed07fd6e084dd873bbc57c5c9f1eb11eda61ec92b0f"
"""The hash the previous version computed (and printed in its reports) for PREVIOUS."""

ACCEPTANCE = {
    "approved_by": "Dana Chief",
    "approved_on": "2026-01-10",
    "justification": "Adults only until the classifier ships",
    "expires_on": "2026-07-01",
}


def test_a_file_of_the_previous_format_loads_saves_unchanged_and_keeps_its_hash() -> None:
    assessment = load_assessment(PREVIOUS)
    assert to_yaml(assessment) == PREVIOUS.read_text()
    assert assessment_sha256(assessment) == PREVIOUS_SHA256
    assert assessment.history == [] and assessment.signoffs[0].assessment_sha256 == ""
    assert not any(answer.to_reconfirm for answer in assessment.answers.values())


def test_new_fields_round_trip_through_yaml(tmp_path: Path) -> None:
    assessment = load_assessment(PREVIOUS)
    answer = assessment.answers["A-02"].model_copy(
        update={
            "action": Action(owner="Sam Lee", due=date(2026, 5, 1), ticket="SAFE-1"),
            "acceptance": Acceptance.model_validate(ACCEPTANCE),
        }
    )
    change = Change.model_validate(
        {"id": "A-02", "from": "yes", "to": "no", "by": "Bo", "on": "2026-03-01"}
    )
    updated = assessment.model_copy(
        update={"answers": {**assessment.answers, "A-02": answer}, "history": [change]}
    )
    text = to_yaml(updated)
    assert "from: 'yes'" in text and "to: 'no'" in text
    path = tmp_path / "kite.yaml"
    path.write_text(text)
    assert load_assessment(path) == updated
    assert assessment_sha256(updated) != PREVIOUS_SHA256


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"justification": ""}, "at least 1 character"),
        ({"expires_on": None}, "valid date"),
        ({"expires_on": "2026-01-10"}, "expires_on must be after approved_on"),
        ({"approved_by": ""}, "at least 1 character"),
    ],
)
def test_an_acceptance_needs_approver_reason_and_a_later_expiry(
    fields: dict[str, str | None], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        Acceptance.model_validate({**ACCEPTANCE, **fields})


def test_only_a_gap_can_be_accepted_and_a_yes_has_no_open_action() -> None:
    acceptance = Acceptance.model_validate(ACCEPTANCE)
    with pytest.raises(ValidationError, match="only a gap can be accepted"):
        ControlAnswer(answer=Answer.YES, acceptance=acceptance)
    with pytest.raises(ValidationError, match="must be done or wont-do"):
        ControlAnswer(answer=Answer.YES, action=Action(owner="Sam"))
    done = Action(owner="Sam", status=ActionStatus.DONE)
    assert ControlAnswer(answer=Answer.YES, action=done).action == done
    assert ControlAnswer(answer=Answer.NO, acceptance=acceptance).acceptance == acceptance


def test_acceptance_expiry_is_judged_on_a_day() -> None:
    acceptance = Acceptance.model_validate(ACCEPTANCE)
    assert not acceptance.expired(date(2026, 7, 1))
    assert acceptance.expired(date(2026, 7, 2))
    assert not acceptance.expired(None)


def test_review_defaults_to_twelve_months_after_the_update() -> None:
    assessment = load_assessment(PREVIOUS)
    assert assessment.review_due == date(2027, 3, 1)
    metadata = assessment.metadata.model_copy(update={"next_review": date(2026, 6, 1)})
    assert assessment.model_copy(update={"metadata": metadata}).review_due == date(2026, 6, 1)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)


def test_the_signed_hash_ignores_signatures_but_not_answers() -> None:
    assessment = load_assessment(PREVIOUS)
    unsigned = assessment.model_copy(
        update={
            "signoffs": [],
            "metadata": assessment.metadata.model_copy(update={"reviewer": ""}),
        }
    )
    assert signed_sha256(assessment) == signed_sha256(unsigned) == assessment_sha256(unsigned)
    changed = assessment.model_copy(
        update={"answers": {**assessment.answers, "A-02": ControlAnswer(answer=Answer.YES)}}
    )
    assert signed_sha256(changed) != signed_sha256(assessment)
    assert b"history" not in canonical_json(assessment)


def test_the_assessment_schema_describes_the_new_fields() -> None:
    schema = json_schema("assessment")
    definitions = schema["$defs"]
    assert {"action", "acceptance", "to_reconfirm"} <= set(
        definitions["ControlAnswer"]["properties"]
    )
    assert set(definitions["Acceptance"]["required"]) == {
        "approved_by",
        "approved_on",
        "justification",
        "expires_on",
    }
    assert definitions["ActionStatus"]["enum"] == ["open", "in-progress", "done", "wont-do"]
    assert set(definitions["Change"]["properties"]) == {"id", "from", "to", "by", "on", "reason"}
    assert "history" in schema["properties"]
    assert "next_review" in definitions["Metadata"]["properties"]
    assert "assessment_sha256" in definitions["SignOff"]["properties"]
    assert Assessment.model_validate({"pack": {"id": "x", "version": "1"}}).history == []
    result = json_schema("result")["properties"]
    assert {"accepted", "expired_acceptances"} <= set(result)
