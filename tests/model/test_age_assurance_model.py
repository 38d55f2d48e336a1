"""The age-assurance record in the assessment file: strict, located errors, in the schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from toolkit.errors import CrbdError
from toolkit.model.age_assurance import AgeSurface, Characteristic, ConfidenceLevel
from toolkit.model.files import load_assessment, save_assessment, to_yaml
from toolkit.model.hashing import assessment_sha256
from toolkit.model.schemas import json_schema

HEAD = "crbd_assessment: 1\npack: {id: core, version: 0.4.0}\n"

GOOD = (
    HEAD
    + """age_assurance:
  sign_up:
    method: Facial age estimation by Provider X, ID document fallback
    kind: estimation
    characteristics:
      performance: Mean error 1.3 years for 13-17 year olds, tested September 2026
      privacy: The image is deleted after the estimate
    confidence: standard
    appeal: In-app appeal to an ID check
    review_on: 2027-06-01
  purchases:
    method: The store's age range and parental consent
    kind: guardian_attestation
"""
)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "a.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_record_loads_and_saves_as_written(tmp_path: Path) -> None:
    assessment = load_assessment(write(tmp_path, GOOD))
    record = assessment.age_assurance
    assert record is not None and list(record) == [AgeSurface.SIGN_UP, AgeSurface.PURCHASES]
    sign_up = record[AgeSurface.SIGN_UP]
    assert sign_up.confidence is ConfidenceLevel.STANDARD
    assert Characteristic.PERFORMANCE in sign_up.characteristics
    again = tmp_path / "b.yaml"
    save_assessment(assessment, again)
    assert load_assessment(again) == assessment


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (GOOD.replace("kind: estimation", "kind: selfie"), 6, "age_assurance.sign_up.kind"),
        (GOOD.replace("confidence: standard", "confidence: high"), 10, "asserted, standard"),
        (GOOD.replace("  purchases:", "  checkout:"), 13, "age_assurance.checkout"),
        (GOOD.replace("    appeal:", "    appel:"), 11, "appel"),
        (GOOD.replace("      privacy: The image", "      looks: The image"), 9, "looks"),
        (GOOD.replace("review_on: 2027-06-01", "review_on: 2027-02-30"), 12, "2027-02-30"),
        (
            GOOD.replace("method: The store's age range and parental consent", "method: ''"),
            14,
            "age_assurance.purchases.method",
        ),
    ],
)
def test_each_mistake_is_named_with_its_line(
    tmp_path: Path, text: str, line: int, words: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(CrbdError) as raised:
        load_assessment(path)
    message = str(raised.value)
    assert f"{path}:{line}" in message and words in message


def test_a_record_never_made_keeps_the_hash_and_an_empty_one_is_kept(tmp_path: Path) -> None:
    plain = load_assessment(write(tmp_path, HEAD))
    empty = plain.model_copy(update={"age_assurance": {}})
    assert "age_assurance" not in to_yaml(plain)
    assert "age_assurance: {}" in to_yaml(empty)
    assert assessment_sha256(empty) != assessment_sha256(plain)
    saved = tmp_path / "c.yaml"
    save_assessment(empty, saved)
    assert load_assessment(saved).age_assurance == {}


def test_the_json_schema_describes_the_record() -> None:
    schema = json.dumps(json_schema("assessment"))
    for word in ("age_assurance", "contact_features", "guardian_attestation", "acceptability"):
        assert word in schema
    assert '"asserted", "standard", "enhanced", "strict"' in schema
