"""What a PDF report carries so anyone can re-check it: two JSON files and their hashes.

The assessment and the Result travel inside the PDF as attachments. The
assessment's hash is taken over a canonical JSON form (sorted keys, no
spaces, UTF-8), so it names the answers themselves, not one file's layout:
the same assessment saved as YAML or embedded as indented JSON has one hash.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from toolkit.model.assessment import SOURCE_LANGUAGE, Assessment
from toolkit.model.result import Result

ASSESSMENT_NAME = "assessment.json"
RESULT_NAME = "result.json"
FIXED_DATE = date(1970, 1, 1)
"""The attachment date of an assessment with no date at all: fixed, never "now"."""


@dataclass(frozen=True)
class Embedded:
    """One file to embed in the PDF, with the date it is stamped with."""

    name: str
    description: str
    content: bytes
    on: date
    relationship: str
    """How it relates to the PDF (PDF/A-3's AFRelationship): Source or Data."""


def result_json(result: Result) -> bytes:
    """The Result as the JSON report and the embedded copy both write it."""
    return (result.model_dump_json(indent=2) + "\n").encode()


def archive_date(assessment: Assessment) -> date:
    """The date stamped on the PDF and its attachments: the assessment's own."""
    return assessment.assessed_on or assessment.metadata.started_on or FIXED_DATE


def attachments(assessment: Assessment, result: Result) -> list[Embedded]:
    """The assessment and its Result, ready to embed in the PDF."""
    data = assessment.model_dump(mode="json")
    if data.get("language") == SOURCE_LANGUAGE:  # as embedded before the language was recorded
        data.pop("language")
    readable = json.dumps(data, indent=2, ensure_ascii=False)
    on = archive_date(assessment)
    return [
        Embedded(
            ASSESSMENT_NAME,
            "The assessment this report was rendered from",
            (readable + "\n").encode(),
            on,
            "Source",
        ),
        Embedded(
            RESULT_NAME,
            "The scored Result printed in this report",
            result_json(result),
            on,
            "Data",
        ),
    ]
