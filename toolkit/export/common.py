"""What every export shares: its one date, stable identifiers, evidence in words."""

from __future__ import annotations

import uuid
from datetime import date

from toolkit.engine.evaluate import Evaluation
from toolkit.model.assessment import Evidence

UNDATED = date(1980, 1, 1)
"""The date of an export whose assessment has none: the earliest a ZIP entry can hold."""

_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:crbd:export")


def export_day(evaluation: Evaluation) -> date:
    """The one date an export carries: the assessment's own, never the clock's."""
    return evaluation.assessment.assessed_on or evaluation.assessment.metadata.started_on or UNDATED


def stable_uuid(*parts: str) -> str:
    """A version-5 UUID of the parts: the same input always yields the same identifier."""
    return str(uuid.uuid5(_NAMESPACE, "\x1f".join(parts)))


def evidence_words(evidence: Evidence) -> str:
    """One evidence entry as one line: what it is, where, until when."""
    details = [
        detail
        for detail in (
            evidence.link_or_path,
            f"valid until {evidence.valid_until.isoformat()}" if evidence.valid_until else "",
        )
        if detail
    ]
    return evidence.description + (f" ({'; '.join(details)})" if details else "")
