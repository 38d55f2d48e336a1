"""The assessment's fingerprint: SHA-256 over a canonical JSON form.

The hash is taken over sorted keys, no spaces, UTF-8, so it names the answers
themselves, not one file's layout: the same assessment saved as YAML or
embedded as indented JSON has one hash. Reports print it and sign-offs will
bind to it, so it sits below both.
"""

from __future__ import annotations

import hashlib
import json

from toolkit.model.assessment import Assessment


def canonical_json(assessment: Assessment) -> bytes:
    """The assessment as canonical JSON: the bytes its SHA-256 is taken over."""
    data = assessment.model_dump(mode="json", exclude=_unused_optional_parts(assessment))
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def assessment_sha256(assessment: Assessment) -> str:
    """The SHA-256 the report prints for the assessment."""
    return hashlib.sha256(canonical_json(assessment)).hexdigest()


def _unused_optional_parts(assessment: Assessment) -> set[str]:
    """Parts added after the first format, left out while unused, so an assessment that does
    not use them keeps the hash it had before they existed (and its reports still verify)."""
    defaults = Assessment.model_fields
    return {
        name
        for name in ("risks", "risk_record")
        if getattr(assessment, name) == defaults[name].get_default(call_default_factory=True)
    }
