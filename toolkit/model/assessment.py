"""The user's assessment: metadata, profile answers and control answers.

This is the user's data, so the rules are strict in one direction only: we
never drop or rewrite an answer we do not understand; we refuse with a clear
message instead. Reading and saving the file is `toolkit.model.files`.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, model_validator

from toolkit.errors import AnswerError
from toolkit.model.base import Record
from toolkit.model.choices import Answer as Answer
from toolkit.model.choices import Decision as Decision
from toolkit.model.pack import Pack

FORMAT_VERSION: Literal[1] = 1


ANSWER_KEYS: dict[str, Answer] = {
    "y": Answer.YES,
    "p": Answer.PARTIAL,
    "n": Answer.NO,
    "u": Answer.UNKNOWN,
    "x": Answer.NA,
    "a": Answer.ALTERNATIVE,
    "l": Answer.PLANNED,
}
"""One-key shortcuts, shared by the interview and every non-interactive input."""

NEEDS_TEXT = {
    Answer.NA: "a reason why the control does not apply",
    Answer.ALTERNATIVE: "a description of the alternative measure",
}


def parse_answer(text: str) -> Answer:
    """An answer from a full word or its one-key shortcut; one clear error otherwise."""
    cleaned = text.strip().lower().replace("n/a", "na")
    if cleaned in ANSWER_KEYS:
        return ANSWER_KEYS[cleaned]
    try:
        return Answer(cleaned)
    except ValueError:
        allowed = ", ".join(answer.value for answer in Answer)
        raise AnswerError(f"{text!r} is not an answer; use one of {allowed}.") from None


class Evidence(Record):
    """Something that shows a control is in place."""

    description: str = Field(min_length=1)
    link_or_path: str = ""
    valid_until: date | None = None


class ControlAnswer(Record):
    """The answer to one control, with who gave it and what supports it."""

    answer: Answer
    note: str = ""
    evidence: list[Evidence] = Field(default_factory=list)
    answered_by: str = ""
    answered_on: date | None = None
    target_date: date | None = None

    @model_validator(mode="after")
    def _text_where_required(self) -> ControlAnswer:
        if self.answer in NEEDS_TEXT and not self.note.strip():
            raise ValueError(
                f"answer {self.answer.value!r} needs a note: {NEEDS_TEXT[self.answer]}"
            )
        return self


class PackRef(Record):
    """Which pack, exactly, the answers were given against."""

    id: str
    version: str
    content_hash: str = ""
    fingerprints: dict[str, str] = Field(default_factory=dict)
    """Per answered control, a fingerprint of the question, severity and scope it was
    answered against, so a newer pack can name the controls whose meaning changed."""


class Metadata(Record):
    """Who assessed which product, and when (the only dates a report prints)."""

    product: str = ""
    product_version: str = ""
    organisation: str = ""
    assessors: list[str] = Field(default_factory=list)
    reviewer: str = ""
    started_on: date | None = None
    updated_on: date | None = None


class SignOff(Record):
    """A reviewer's decision on the assessment; the history is kept, never overwritten."""

    reviewer: str = Field(min_length=1)
    decision: Decision
    comment: str = ""
    on: date


class Assessment(Record):
    """One product's self-assessment, as stored in the user's YAML file."""

    crbd_assessment: Literal[1] = FORMAT_VERSION
    pack: PackRef
    metadata: Metadata = Field(default_factory=Metadata)
    profile: dict[str, str | list[str]] = Field(default_factory=dict)
    answers: dict[str, ControlAnswer] = Field(default_factory=dict)
    signoffs: list[SignOff] = Field(default_factory=list)

    @property
    def assessed_on(self) -> date | None:
        """The assessment's own date: the last update, else the latest answer."""
        answered = [a.answered_on for a in self.answers.values() if a.answered_on]
        return self.metadata.updated_on or (max(answered) if answered else None)


def new_assessment(pack: Pack) -> Assessment:
    """An empty assessment bound to this exact pack."""
    return Assessment(
        pack=PackRef(id=pack.id, version=pack.version, content_hash=pack.content_hash)
    )


def with_answer(assessment: Assessment, control_id: str, answer: ControlAnswer) -> Assessment:
    """A copy of the assessment with one control's answer recorded."""
    answers = {**assessment.answers, control_id: answer}
    return assessment.model_copy(update={"answers": answers})


def with_metadata(assessment: Assessment, **fields: str | None) -> Assessment:
    """A copy with the given metadata fields set (None leaves a field as it is)."""
    update = {name: value for name, value in fields.items() if value is not None}
    return assessment.model_copy(update={"metadata": assessment.metadata.model_copy(update=update)})


def with_profile(assessment: Assessment, question_id: str, value: str | list[str]) -> Assessment:
    """A copy of the assessment with one profile answer recorded."""
    return assessment.model_copy(update={"profile": {**assessment.profile, question_id: value}})
