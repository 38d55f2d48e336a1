"""The assessment's fingerprints: SHA-256 over a canonical JSON form.

The hash is taken over sorted keys, no spaces, UTF-8, so it names the answers
themselves, not one file's layout: the same assessment saved as YAML or
embedded as indented JSON has one hash. Reports print it and sign-offs bind
to it, so it sits below both.

Fields added after the first release are left out of the canonical form
while they are empty, so a report made before they existed keeps its hash.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from toolkit.model.assessment import SOURCE_LANGUAGE, Assessment, RiskRecord

_ADDED_TOP = ("history", "risks")
_ADDED_METADATA = ("next_review",)
_ADDED_ANSWER = ("action", "acceptance", "to_reconfirm")
_ADDED_SIGNOFF = ("assessment_sha256",)
_ADDED_RISK = ("action", "rated_against", "age_bands")
_ADDED_RECORD = ("accountable", "approvals", "linked_assessments")


def canonical_json(assessment: Assessment) -> bytes:
    """The assessment as canonical JSON: the bytes its SHA-256 is taken over."""
    data = assessment.model_dump(mode="json")
    _drop_empty(data, _ADDED_TOP)
    if data.get("age_assurance") is None:  # never made (an empty record is kept: it was made)
        data.pop("age_assurance", None)
    if data.get("language") == SOURCE_LANGUAGE:  # English, as every file before it was recorded
        data.pop("language")
    if assessment.risk_record == RiskRecord():
        data.pop("risk_record", None)
    else:
        _drop_empty(data["risk_record"], _ADDED_RECORD)
    _drop_empty(data["metadata"], _ADDED_METADATA)
    for answer in data["answers"].values():
        _drop_empty(answer, _ADDED_ANSWER)
    for risk in data.get("risks", {}).values():
        _drop_empty(risk, _ADDED_RISK)
    for signoff in data["signoffs"]:
        _drop_empty(signoff, _ADDED_SIGNOFF)
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def assessment_sha256(assessment: Assessment) -> str:
    """The SHA-256 the report prints for the assessment."""
    return hashlib.sha256(canonical_json(assessment)).hexdigest()


def signed_sha256(assessment: Assessment) -> str:
    """The SHA-256 a sign-off binds to: the assessment without its signatures.

    Sign-offs, the reviewer they set and the risk assessment's approvals are left
    out, so signing does not change what was signed, and a second reviewer (or the
    risk assessment's accountable person) signs the same content.
    """
    unsigned = assessment.model_copy(
        update={
            "signoffs": [],
            "metadata": assessment.metadata.model_copy(update={"reviewer": ""}),
            "risk_record": assessment.risk_record.model_copy(update={"approvals": []}),
        }
    )
    return assessment_sha256(unsigned)


def _drop_empty(data: dict[str, Any], names: tuple[str, ...]) -> None:
    for name in names:
        if data.get(name) in (None, [], {}, "", False):
            data.pop(name, None)
