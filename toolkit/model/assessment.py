"""The user's assessment: metadata, profile answers and control answers.

This is the user's data, so the rules are strict in one direction only: we
never drop or rewrite an answer we do not understand; we refuse with a clear
message instead. Reading and saving the file is `toolkit.model.files`.
"""

from __future__ import annotations

import contextlib
from datetime import date
from enum import StrEnum
from typing import Literal

from pydantic import ConfigDict, Field, model_validator

from toolkit.errors import AnswerError
from toolkit.model.age_assurance import AgeAssurance
from toolkit.model.base import Record
from toolkit.model.choices import Answer as Answer
from toolkit.model.choices import Decision as Decision
from toolkit.model.choices import every
from toolkit.model.pack import Pack

FORMAT_VERSION: Literal[1] = 1

SOURCE_LANGUAGE = "en"
"""The language of an assessment that names none (every file made before it was recorded)."""


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
every(Answer, {answer: key for key, answer in ANSWER_KEYS.items()})

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


class ActionStatus(StrEnum):
    """Where the work on a gap stands."""

    OPEN = "open"
    IN_PROGRESS = "in-progress"
    DONE = "done"
    WONT_DO = "wont-do"


OPEN_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
"""The statuses of work still to do (the ones that can be overdue)."""


class Action(Record):
    """Who closes a gap, by when, and where the work is tracked."""

    owner: str = Field(min_length=1)
    due: date | None = None
    status: ActionStatus = ActionStatus.OPEN
    ticket: str = Field(default="", description="a tracker reference, e.g. SAFE-123")


GAP_ANSWERS = (Answer.PARTIAL, Answer.PLANNED, Answer.NO, Answer.UNKNOWN)
"""The answers that leave a gap (less than full credit): the ones to own or accept."""


class Acceptance(Record):
    """A named person's decision to live with a gap, or a remaining risk, for a limited time.

    An acceptance without an approver, a reason or an end date cannot be told
    apart from neglect, so those are required; it never changes the score.
    """

    approved_by: str = Field(min_length=1)
    approved_on: date
    justification: str = Field(min_length=1)
    compensating_measures: str = ""
    expires_on: date

    @model_validator(mode="after")
    def _expires_after_approval(self) -> Acceptance:
        if self.expires_on <= self.approved_on:
            raise ValueError("expires_on must be after approved_on")
        return self

    def expired(self, on: date | None) -> bool:
        """Whether the acceptance no longer holds on the given day."""
        return on is not None and self.expires_on < on


class ControlAnswer(Record):
    """The answer to one control, with who gave it and what supports it."""

    answer: Answer
    note: str = ""
    evidence: list[Evidence] = Field(default_factory=list)
    answered_by: str = ""
    answered_on: date | None = None
    target_date: date | None = None
    action: Action | None = None
    acceptance: Acceptance | None = None
    to_reconfirm: bool = Field(
        default=False, description="copied from an earlier assessment and not yet confirmed"
    )

    @model_validator(mode="after")
    def _text_where_required(self) -> ControlAnswer:
        if self.answer in NEEDS_TEXT and not self.note.strip():
            raise ValueError(
                f"answer {self.answer.value!r} needs a note: {NEEDS_TEXT[self.answer]}"
            )
        if self.answer is Answer.YES and self.action and self.action.status in OPEN_STATUSES:
            raise ValueError("a yes answer leaves no gap, so its action must be done or wont-do")
        if self.acceptance is not None and self.answer not in GAP_ANSWERS:
            allowed = ", ".join(answer.value for answer in GAP_ANSWERS)
            raise ValueError(f"only a gap can be accepted (answers {allowed})")
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
    next_review: date | None = Field(
        default=None, description="when to re-assess; default twelve months after updated_on"
    )


class SignOff(Record):
    """A reviewer's decision on the assessment; the history is kept, never overwritten."""

    reviewer: str = Field(min_length=1)
    decision: Decision
    comment: str = ""
    on: date
    assessment_sha256: str = Field(
        default="",
        description="the assessment as signed, signatures excluded (toolkit.model.hashing); "
        "empty in sign-offs recorded before it was kept",
    )


class Change(Record):
    """One change of an answer: an entry of the append-only history."""

    id: str = Field(description="a control id or a profile question id")
    before: str | list[str] = Field(alias="from")
    after: str | list[str] = Field(alias="to")
    by: str = ""
    on: date
    reason: str = ""

    model_config = ConfigDict(
        extra="forbid", validate_by_name=True, validate_by_alias=True, serialize_by_alias=True
    )


class RiskDecision(StrEnum):
    """What the team decided about a harm, in the ICO's words."""

    REDUCED = "reduced"
    ELIMINATED = "eliminated"
    ACCEPTED = "accepted"


class RatedAgainst(Record):
    """What a harm's rating saw when it was made: the risk factors present and the
    answers of the controls that mitigate it. When either changes, the rating is to
    revisit until the team rates the harm again."""

    factors: list[str] = Field(
        default_factory=list, description="ids of the harm's risk factors present"
    )
    controls: dict[str, str] = Field(
        default_factory=dict,
        description="per mitigating control, its answer, 'unanswered' or 'out-of-scope'",
    )


class AgeBandRating(Record):
    """One age group's levels for a harm, where the product serves several and the risk
    differs between them (values of the pack's risk matrix, checked when opened)."""

    likelihood: str
    impact: str
    residual: str
    note: str = Field(default="", description="why this age group differs")


class RiskAnswer(Record):
    """The team's assessment of one harm: its levels, why, and what was decided.

    Values of likelihood, impact and residual are those of the pack's risk
    matrix; they are checked against it when the file is opened.
    """

    likelihood: str
    impact: str
    rationale: str = Field(min_length=1)
    evidence: list[Evidence] = Field(default_factory=list)
    residual: str
    residual_reason: str = Field(
        default="", description="why the residual differs from crbd's suggestion"
    )
    decision: RiskDecision
    acceptance: Acceptance | None = None
    benefits: str = Field(default="", description="benefits to children weighed against the risk")
    childrens_views: str = Field(default="", description="what children said about this harm")
    answered_by: str = ""
    answered_on: date | None = None
    action: Action | None = Field(
        default=None, description="who works on the remaining risk, by when"
    )
    rated_against: RatedAgainst | None = Field(
        default=None,
        description="what the rating saw; None in ratings made before crbd kept it",
    )
    age_bands: dict[str, AgeBandRating] = Field(
        default_factory=dict,
        description="optional levels per age group (a value of the age_bands profile question)",
    )

    @model_validator(mode="after")
    def _acceptance_when_accepted(self) -> RiskAnswer:
        if self.decision == RiskDecision.ACCEPTED and self.acceptance is None:
            raise ValueError(
                "an accepted risk needs an acceptance: approved_by, approved_on, "
                "justification and expires_on"
            )
        return self


class RiskApproval(Record):
    """A decision on the children's risk assessment by the person accountable for it,
    bound, as a sign-off is, to the assessment it was made on; kept, never overwritten."""

    approved_by: str = Field(min_length=1)
    decision: Decision
    comment: str = ""
    on: date
    assessment_sha256: str = Field(
        description="the assessment as approved, signatures excluded (toolkit.model.hashing)"
    )


class RiskRecord(Record):
    """How the children's risk assessment was done, for the written record."""

    method: str = ""
    assessed_by: list[str] = Field(default_factory=list)
    assessed_on: date | None = None
    sources: list[str] = Field(default_factory=list, description="sources of evidence used")
    childrens_views: str = Field(default="", description="how children's views were gathered")
    next_review: date | None = None
    accountable: str = Field(
        default="", description="the named senior person accountable for the risk assessment"
    )
    linked_assessments: list[str] = Field(
        default_factory=list,
        description="where the DPIA or best-interests assessment this one draws on is",
    )
    approvals: list[RiskApproval] = Field(
        default_factory=list, description="decisions on the risk assessment, oldest first"
    )


class Assessment(Record):
    """One product's self-assessment, as stored in the user's YAML file."""

    crbd_assessment: Literal[1] = FORMAT_VERSION
    pack: PackRef
    language: str = Field(
        default=SOURCE_LANGUAGE,
        pattern=r"^[a-z]{2,3}$",
        description="the language the assessment was made in (en, de, fr): its report speaks "
        "it on any machine unless --lang or CRBD_LANG say otherwise; files without it are "
        "English. The answers, notes and evidence are the user's own and never translated.",
    )
    metadata: Metadata = Field(default_factory=Metadata)
    profile: dict[str, str | list[str]] = Field(default_factory=dict)
    answers: dict[str, ControlAnswer] = Field(default_factory=dict)
    signoffs: list[SignOff] = Field(default_factory=list)
    risks: dict[str, RiskAnswer] = Field(
        default_factory=dict, description="the children's risk assessment, by harm id"
    )
    risk_record: RiskRecord = Field(default_factory=RiskRecord)
    age_assurance: AgeAssurance | None = Field(
        default=None,
        description="how age is checked, by surface (sign_up, contact_features, adult_content, "
        "purchases, ...): the record a practice statement is written from; {} when it was made "
        "and no surface checks age",
    )
    history: list[Change] = Field(
        default_factory=list, description="every change of an answer, oldest first"
    )

    @property
    def review_due(self) -> date | None:
        """When the assessment should be reviewed: as set, else a year after its date."""
        if self.metadata.next_review:
            return self.metadata.next_review
        return add_months(self.assessed_on, 12) if self.assessed_on else None

    @property
    def assessed_on(self) -> date | None:
        """The assessment's own date: the last update, else the latest answer."""
        answered = [a.answered_on for a in self.answers.values() if a.answered_on]
        return self.metadata.updated_on or (max(answered) if answered else None)


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day where it is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        with contextlib.suppress(ValueError):
            return date(year, month, min(day.day, last))
    raise AssertionError("unreachable: every month has 28 days")


def new_assessment(pack: Pack, language: str = SOURCE_LANGUAGE) -> Assessment:
    """An empty assessment bound to this exact pack, made in `language`."""
    return Assessment(
        pack=PackRef(id=pack.id, version=pack.version, content_hash=pack.content_hash),
        language=language,
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


def with_risk(assessment: Assessment, harm_id: str, answer: RiskAnswer) -> Assessment:
    """A copy of the assessment with one harm's risk assessment recorded."""
    return assessment.model_copy(update={"risks": {**assessment.risks, harm_id: answer}})
