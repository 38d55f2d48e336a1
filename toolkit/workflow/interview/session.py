"""The interview's types: who answers and how (`Session`), the person's side (`Asker`),
what a walk returns (`Outcome`), how it saves (`Save`), the actions (`Action`), and the
step machine's `Position`, `Step` and `Submitted` (the machine itself is `steps.Interview`)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from typing import Any, Protocol, TypeVar

from toolkit.errors import FileProblem, UsageProblem
from toolkit.i18n import N_, _
from toolkit.model.assessment import Assessment
from toolkit.model.pack import Pack
from toolkit.model.result import Result


class Asker(Protocol):
    """The terminal interview's only way to talk to a person."""

    def show(self, text: str, *, title: str | None = None) -> None:
        """Show information (a control, guidance, a summary)."""

    def ask(self, prompt: str, *, default: str = "") -> str:
        """Ask for one line of text; return it stripped (or `default` when empty)."""

    def summary(self, result: Result) -> None:
        """Show the closing table: per domain the score and rating, the overall result last."""


@dataclass(frozen=True)
class Session:
    """Who is answering, on what date, which domains, and how (review, teach)."""

    answered_by: str
    today: date
    domains: Sequence[str] = ()
    review: bool = False
    teach: bool = False
    confirm_name: bool = False
    """Ask the person's name first (it was not given with --as)."""


@dataclass(frozen=True)
class Outcome:
    """The assessment as last saved, and whether the walk-through reached its end."""

    assessment: Assessment
    finished: bool


Save = Callable[[Assessment], None]
"""Write the assessment (atomically, under the caller's lock); raises `FileProblem`."""


class Action(StrEnum):
    """What a person can do at every step instead of answering: never recorded as text."""

    BACK = "back"
    """Return to the previous step: the previous prompt of this answer, else the previous
    question (its current answer then the default)."""
    SKIP = "skip"
    """Leave this question unanswered for now (an unfinished answer to it is dropped)."""
    QUIT = "quit"
    """Stop: every confirmed answer is already saved; an unfinished one is dropped."""


ACTION_KEYS: dict[str, Action] = {"b": Action.BACK, "s": Action.SKIP, "q": Action.QUIT}
"""The terminal's one-letter keys for the actions, taken as actions at every prompt."""


T = TypeVar("T")
STALE = N_("The interview position sent is not one crbd made.")


class Phase(StrEnum):
    """The parts of a walk, in order."""

    METADATA = "metadata"
    """The product's name, version and organisation (for a file without a product), and who
    is answering (when the session confirms it): one prompt each, recorded together."""
    PROFILE = "profile"
    CONTROLS = "controls"
    AGE = "age"
    """The age-assurance record, surface by surface, asked once where the product checks age."""
    RECORD = "record"
    """How the children's risk assessment is done, asked once before the harms."""
    HARMS = "harms"
    DONE = "done"


class Field(StrEnum):
    """The prompts an item can take; which ones it takes depends on the replies so far."""

    PRODUCT = "product"
    PRODUCT_VERSION = "product_version"
    ORGANISATION = "organisation"
    ASSESSOR = "assessor"
    PROFILE = "profile"
    ANSWER = "answer"
    KEEP = "keep"
    NOTE = "note"
    TARGET_DATE = "target_date"
    PAST_DATE = "past_date"
    EVIDENCE = "evidence"
    ACTION = "action"
    REASON = "reason"
    METHOD = "method"
    SOURCES = "sources"
    VIEWS = "views"
    NEXT_REVIEW = "next_review"
    PAST_REVIEW = "past_review"
    LIKELIHOOD = "likelihood"
    IMPACT = "impact"
    RATIONALE = "rationale"
    RESIDUAL = "residual"
    RESIDUAL_REASON = "residual_reason"
    DECISION = "decision"
    APPROVED_BY = "approved_by"
    APPROVED_ON = "approved_on"
    JUSTIFICATION = "justification"
    EXPIRES_ON = "expires_on"
    PAST_EXPIRY = "past_expiry"
    EVIDENCE_WHAT = "evidence_what"
    EVIDENCE_LINK = "evidence_link"
    BENEFITS = "benefits"
    CHILDRENS_VIEWS = "childrens_views"
    AGE_KIND = "age_kind"
    FUNCTIONAL = "functional"
    PERFORMANCE = "performance"
    PRIVACY = "privacy"
    SECURITY = "security"
    ACCEPTABILITY = "acceptability"
    CONFIDENCE = "confidence"
    APPEAL = "appeal"


@dataclass(frozen=True)
class Position:
    """Where a walk is: the phase, its queue of ids (frozen when the phase began, as the
    run asks them), the index in it, and the replies given so far to the current item (in
    the metadata phase, one prompt per item: the replies to the items before this one)."""

    phase: Phase
    queue: tuple[str, ...] = ()
    index: int = 0
    draft: tuple[tuple[Field, str], ...] = ()
    before: tuple[str, ...] = ()
    """The metadata prompts this run asked before the profile, that back from the first
    profile question returns to."""

    @property
    def item(self) -> str:
        """The id asked at this position (empty past the end of the queue)."""
        return self.queue[self.index] if 0 <= self.index < len(self.queue) else ""

    def token(self) -> str:
        """The position as one line of JSON, to send with a reply and rebuild from."""
        return json.dumps(
            {
                "phase": self.phase.value,
                "queue": list(self.queue),
                "index": self.index,
                "draft": [[name.value, reply] for name, reply in self.draft],
                **({"before": list(self.before)} if self.before else {}),
            },
            separators=(",", ":"),
        )

    @classmethod
    def from_token(cls, token: str) -> Position:
        """The position a token names; one sentence (`UsageProblem`) for any other text."""
        try:
            data = json.loads(token)
            queue = tuple(str(item) for item in data["queue"])
            index = int(data["index"])
            draft = tuple((Field(name), str(reply)) for name, reply in data["draft"])
            before = tuple(Field(str(item)).value for item in data.get("before", ()))
            position = cls(Phase(data["phase"]), queue, index, draft, before)
        except (ValueError, TypeError, KeyError):
            raise UsageProblem(_(STALE)) from None
        if not 0 <= index <= len(queue):
            raise UsageProblem(_(STALE))
        return position

    def replies(self) -> dict[Field, str]:
        return dict(self.draft)

    def given(self, name: Field, reply: str) -> Position:
        return replace(self, draft=(*self.draft, (name, reply)))

    def moved(self, index: int) -> Position:
        return replace(self, index=index, draft=())


@dataclass(frozen=True)
class Choice:
    """One allowed reply: the key to type, the value it records, and its label."""

    key: str
    value: str
    label: str


@dataclass(frozen=True)
class Step:
    """One prompt, with everything a front end needs to show it."""

    position: Position
    item: str
    """The profile question, control or harm id (empty for the risk record)."""
    field: Field
    prompt: str
    title: str = ""
    screen: str = ""
    """The item's screen (its question, where it is, its current answer), shown on
    arriving at its first prompt."""
    note: str = ""
    """A line shown on arriving at this prompt (evidence on record, the suggested level)."""
    default: str = ""
    """What an empty reply means."""
    required: bool = False
    choices: tuple[Choice, ...] = ()
    multiple: bool = False
    """Several choices may be given, separated by commas."""
    guidance: str = ""
    why: str = ""
    section: str = ""
    """The domain prefix (or `risk`), and its title and introduction, shown when the
    section changes."""
    section_title: str = ""
    section_intro: str = ""
    actions: tuple[Action, ...] = tuple(Action)


@dataclass(frozen=True)
class Submitted:
    """What one reply did."""

    assessment: Assessment
    """The assessment as saved (unchanged when nothing was saved)."""
    position: Position
    refused: str = ""
    """Why the reply was refused, in one sentence; the position is then unchanged."""
    said: str = ""
    """Something to tell the person (the running score, the first question reached)."""
    saved: str = ""
    """What was saved, in words (empty when nothing was)."""
    recorded: str = ""
    """The id whose answer was just recorded."""
    answered_by: str = ""
    """The name just confirmed at the metadata phase's last prompt: the front end answers
    under it from now on (its `Session`'s `answered_by`)."""
    stopped: bool = False
    dropped: str = ""
    problem: FileProblem | None = None
    """The save failed: `saved` is what was not saved, `position` unchanged, to retry."""
    """On quit or skip, the id whose unfinished answer was not recorded."""

    @property
    def finished(self) -> bool:
        """The walk reached its end."""
        return self.position.phase is Phase.DONE and not self.stopped


class Stale(Exception):
    """The position does not fit this pack and assessment."""


def known(value: T | None) -> T:
    """`value`, or `Stale` when a position names what this pack or assessment lacks."""

    if value is None:
        raise Stale
    return value


class SaveFailed(Exception):
    """A save failed; `what` says what was not saved."""

    def __init__(self, problem: FileProblem, what: str) -> None:
        super().__init__(str(problem))
        self.problem, self.what = problem, what


def save_or_fail(save: Save, assessment: Assessment, what: str) -> None:
    """Save, or raise `SaveFailed` naming what was not saved."""

    try:
        save(assessment)
    except FileProblem as problem:
        raise SaveFailed(problem, what) from None


class InterviewPart:
    """What each part of `steps.Interview` (the metadata, the risk step, the age-assurance
    record) uses of the whole: its pack, assessment and session, and the moves the whole
    defines (`Interview` implements them)."""

    pack: Pack
    assessment: Assessment
    session: Session

    def _after(self, position: Position, assessment: Assessment) -> Position:
        raise NotImplementedError

    def _confirmed(
        self, position: Position, assessment: Assessment, save: Save, what: str, said: str = ""
    ) -> Submitted:
        raise NotImplementedError

    def _past(self, replies: Mapping[Field, str], name: Field) -> bool:
        raise NotImplementedError

    def _past_step(
        self, position: Position, item: str, given: str, name: Field, common: dict[str, Any]
    ) -> Step:
        raise NotImplementedError
