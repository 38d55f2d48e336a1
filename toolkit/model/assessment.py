"""The user's assessment: metadata, profile answers and control answers.

This is the user's data, so the rules are strict in one direction only: we
never drop or rewrite an answer we do not understand; we refuse with a clear
message instead. Saving is atomic (temporary file in the same folder, fsync,
rename), so an interrupted save leaves the old file or the new one, never a
broken one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from toolkit.model.pack import Pack
from toolkit.errors import AnswerError, FileProblem, Problem, ValidationFailed
from toolkit.model.yamlsource import YamlDocument, dump_yaml, read_yaml

FORMAT_VERSION: Literal[1] = 1


class Answer(StrEnum):
    """What the team says about one control (see the scoring model for credits)."""

    YES = "yes"
    ALTERNATIVE = "alternative"
    PARTIAL = "partial"
    PLANNED = "planned"
    NO = "no"
    UNKNOWN = "unknown"
    NA = "na"


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


class Record(BaseModel):
    """Base for assessment models: unknown fields are errors, never silently dropped."""

    model_config = ConfigDict(extra="forbid")


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
    decision: Literal["approved", "changes-requested", "rejected"]
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


def load_assessment(path: Path) -> Assessment:
    """Read an assessment file; every problem is located by field path and line."""
    document = read_yaml(path)
    if not isinstance(document.data, dict):
        raise FileProblem(f"{path}: is not a crbd assessment (expected a YAML mapping).")
    try:
        return Assessment.model_validate(document.data)
    except ValidationError as error:
        raise ValidationFailed(_problems(error, document)) from None


def _problems(error: ValidationError, document: YamlDocument) -> list[Problem]:
    from toolkit.model.packs import problems_from  # shared message wording

    return problems_from(error, document)


def check_against(assessment: Assessment, pack: Pack, path: Path) -> list[str]:
    """Refuse answers the pack cannot place; return warnings for a changed pack.

    Unknown control ids or profile values are errors, because scoring without
    them would silently drop the user's answers. A different pack version or
    content only warns: every answer is kept and the user is told.
    """
    problems: list[Problem] = []
    known = {control.id for control in pack.controls()}
    problems += [
        Problem(path, f"answers.{control_id}", f"is not a control of pack {pack.id} {pack.version}")
        for control_id in assessment.answers
        if control_id not in known
    ]
    for question_id, value in assessment.profile.items():
        question = pack.question(question_id)
        where = f"profile.{question_id}"
        if question is None:
            problems.append(Problem(path, where, f"is not a profile question of pack {pack.id}"))
            continue
        values = [value] if isinstance(value, str) else value
        if question.kind == "single" and not isinstance(value, str):
            problems.append(Problem(path, where, "takes one value, not a list"))
        for item in values:
            if question.option(item) is None:
                allowed = ", ".join(option.value for option in question.options)
                problems.append(Problem(path, where, f"{item!r} is not one of {allowed}"))
    if problems:
        raise ValidationFailed(problems)

    warnings = []
    if assessment.pack.id != pack.id:
        warnings.append(
            f"{path} was answered against pack {assessment.pack.id!r}, not {pack.id!r}; "
            "answers were matched by control id."
        )
    elif assessment.pack.version != pack.version:
        warnings.append(
            f"{path} was answered against {pack.id} {assessment.pack.version}; the pack is now "
            f"{pack.version}. Every answer is kept; review controls that changed."
        )
    elif assessment.pack.content_hash and assessment.pack.content_hash != pack.content_hash:
        warnings.append(
            f"{path} was answered against a different copy of {pack.id} {pack.version} "
            "(its content hash differs); every answer is kept."
        )
    return warnings


def to_yaml(assessment: Assessment) -> str:
    """The assessment as readable YAML (empty optional fields left out)."""
    data = assessment.model_dump(mode="json", exclude_defaults=True)
    data = {"crbd_assessment": FORMAT_VERSION, **data}
    return dump_yaml(data)


def save_assessment(assessment: Assessment, path: Path) -> None:
    """Write atomically: the file on disk is always the old or the new version."""
    text = to_yaml(assessment)
    folder = path.parent if str(path.parent) else Path()
    try:
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise FileProblem(
            f"{path}: cannot save here ({error.strerror}); nothing was changed."
        ) from None
    temporary = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        temporary.chmod(path.stat().st_mode & 0o777 if path.exists() else _new_file_mode())
        temporary.replace(path)  # os.replace: atomic on POSIX and Windows
    except OSError as error:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise FileProblem(
            f"{path}: could not be saved ({error.strerror}); the previous version is intact."
        ) from None
    _sync_folder(folder)


def _new_file_mode() -> int:
    """The mode a plain `open()` would give a new file (mkstemp's is 0600)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _sync_folder(folder: Path) -> None:
    """Persist the rename itself (best effort: not every platform can open a folder)."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
