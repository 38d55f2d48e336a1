"""The interview as a pure step machine: what to ask next, and what a reply does.

Nothing here reads a terminal or prints. An `Interview` is built from the pack,
the assessment as it is on disk and the `Session` (who answers, today, which
domains, review); a `Position` says where the walk is. Then:

- `Interview.step(position)` is the prompt to show: its item (a profile question,
  a control, a harm, or the risk record), the field asked (the answer, or a
  follow-up: note, target date, evidence, owner and due date, reason for the
  change, or one of a harm's levels), the question's screen, guidance and why,
  the allowed choices with their keys, the default, and the `Action`s offered.
- `Interview.submit(position, reply, save)` takes one reply (text) or one
  `Action` (back, skip, quit: never recorded as text) and returns a `Submitted`:
  the next position, the assessment as saved, a refusal in one sentence (the
  position then unchanged), or a message. A confirmed answer is validated by
  the answers-file validation (the same messages as `--answers-file`),
  recorded through `workflow.recording` (history, reason for a change) and
  saved with `save` before the position moves on.

A front end drives it in a loop: `position = interview.begin()`, then
`step`, show it, read a reply, `submit`, until `Submitted.finished` or
`Submitted.stopped`. The position is small and plain (`Position.token()` and
`Position.from_token()`), so a stateless front end (a browser form) sends the
token with each reply and rebuilds the `Interview` from the file under its
lock each time: see `reply_to_file` (and `answer_in_file` for a caller holding the lock).

The answer to one control (or harm) is confirmed only when its last follow-up
is given: until then its replies are the position's `draft`. Back returns to
the draft's previous prompt, or from an item's first prompt to the previous
item; skip leaves the item unanswered; quit stops with every confirmed answer
already saved (an unfinished draft is dropped, and `Submitted.dropped` names it).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from toolkit.engine.evaluate import evaluate
from toolkit.engine.scoring import score
from toolkit.errors import AnswerError, FileProblem, UsageProblem
from toolkit.i18n import N_, _, ngettext
from toolkit.model.assessment import (
    ANSWER_KEYS,
    GAP_ANSWERS,
    NEEDS_TEXT,
    Answer,
    Assessment,
    ControlAnswer,
    Evidence,
    RiskAnswer,
    RiskDecision,
    parse_answer,
    with_risk,
)
from toolkit.model.files import GuardedSaves
from toolkit.model.pack import Control, Domain, Pack, RiskMatrix
from toolkit.model.result import RiskLine
from toolkit.workflow.answers_file import validated_entry
from toolkit.workflow.interview import risk, text
from toolkit.workflow.interview.followups import (
    ACTION_PROMPT,
    KEPT_ACTION_PROMPT,
    REMOVE,
    action_default,
    closed,
    parse_action,
    reconfirmed,
    to_reconfirm,
)
from toolkit.workflow.interview.prompts import NEEDS_AN_ANSWER
from toolkit.workflow.interview.session import Action, Save, Session
from toolkit.workflow.lock import assessment_lock
from toolkit.workflow.opening import open_assessment
from toolkit.workflow.recording import (
    changed_controls,
    parse_target_date,
    profile_value,
    record_answer,
    record_profile,
    stamped,
)

T = TypeVar("T")
STALE = N_("The interview position sent is not one crbd made.")


class Phase(StrEnum):
    """The parts of a walk, in order."""

    PROFILE = "profile"
    CONTROLS = "controls"
    RECORD = "record"
    """How the children's risk assessment is done, asked once before the harms."""
    HARMS = "harms"
    DONE = "done"


class Field(StrEnum):
    """The prompts an item can take; which ones it takes depends on the replies so far."""

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


@dataclass(frozen=True)
class Position:
    """Where a walk is: the phase, its queue of ids (frozen when the phase began, as the
    run asks them), the index in it, and the replies given so far to the current item."""

    phase: Phase
    queue: tuple[str, ...] = ()
    index: int = 0
    draft: tuple[tuple[Field, str], ...] = ()

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
            position = cls(Phase(data["phase"]), queue, index, draft)
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
    stopped: bool = False
    dropped: str = ""
    problem: FileProblem | None = None
    """The save failed: `saved` is what was not saved, `position` unchanged, to retry."""
    """On quit or skip, the id whose unfinished answer was not recorded."""

    @property
    def finished(self) -> bool:
        """The walk reached its end."""
        return self.position.phase is Phase.DONE and not self.stopped


EVIDENCED = (Answer.YES, Answer.PARTIAL, Answer.ALTERNATIVE)
DECISION_KEYS = {
    "r": RiskDecision.REDUCED,
    "e": RiskDecision.ELIMINATED,
    "a": RiskDecision.ACCEPTED,
}
RISK_SECTION = "risk"


def questions(pack: Pack, assessment: Assessment, session: Session) -> list[tuple[Domain, Control]]:
    """The controls this run asks, in pack order: in scope and unanswered, changed since
    answered, or (with review) answered; only the session's domains if it names some."""
    changed = set(changed_controls(pack, assessment)) | to_reconfirm(assessment)
    in_scope = in_scope_ids(pack, assessment)
    return [
        (domain, control)
        for domain in pack.domains
        if not session.domains or domain.prefix in session.domains
        for control in domain.controls
        if control.id in in_scope
        and (session.review or control.id not in assessment.answers or control.id in changed)
    ]


def profile_left(pack: Pack, assessment: Assessment) -> int:
    """How many profile questions are unanswered."""
    return sum(question.id not in assessment.profile for question in pack.profile)


def questions_left(pack: Pack, assessment: Assessment, session: Session) -> int:
    """How many profile questions and controls a run would still ask."""
    return profile_left(pack, assessment) + len(questions(pack, assessment, session))


def in_scope_ids(pack: Pack, assessment: Assessment) -> set[str]:
    return {o.id for o in score(pack, assessment).controls if o.scope != "out_of_scope"}


def harms_to_ask(pack: Pack, assessment: Assessment, session: Session) -> list[str]:
    """Harm ids this run asks: in scope and not yet assessed (all in scope with review)."""
    if pack.risk_matrix is None:
        return []
    lines = evaluate(pack, assessment, session.today).risks.lines
    return [
        line.harm_id for line in lines if session.review or line.harm_id not in assessment.risks
    ]


class _Stale(Exception):
    """The position does not fit this pack and assessment."""


def _known(value: T | None) -> T:
    if value is None:
        raise _Stale
    return value


class _SaveFailed(Exception):
    def __init__(self, problem: FileProblem, what: str) -> None:
        super().__init__(str(problem))
        self.problem, self.what = problem, what


def _save(save: Save, assessment: Assessment, what: str) -> None:
    try:
        save(assessment)
    except FileProblem as problem:
        raise _SaveFailed(problem, what) from None


class Interview:
    """The step machine over one assessment: rebuilt from the file for every reply."""

    def __init__(self, pack: Pack, assessment: Assessment, session: Session) -> None:
        self.pack = pack
        self.assessment = assessment
        self.session = session

    # --- where to start and where each phase leads ---

    def begin(self, *, risks_only: bool = False, revisit_profile: bool = False) -> Position:
        """The first position of a run: the unanswered profile questions (all of them when
        revisiting), then the controls; with `risks_only`, the risk step."""
        if risks_only:
            return self._risk_start(self.assessment)
        queue = tuple(
            question.id
            for question in self.pack.profile
            if revisit_profile or question.id not in self.assessment.profile
        )
        if queue:
            return Position(Phase.PROFILE, queue)
        return self._controls_start(self.assessment)

    def _controls_start(self, assessment: Assessment) -> Position:
        queue = tuple(
            control.id for _domain, control in questions(self.pack, assessment, self.session)
        )
        if queue:
            return Position(Phase.CONTROLS, queue)
        return self._risk_start(assessment)

    def _risk_start(self, assessment: Assessment) -> Position:
        queue = tuple(harms_to_ask(self.pack, assessment, self.session))
        if not queue:
            return Position(Phase.DONE)
        if not assessment.risk_record.method:
            return Position(Phase.RECORD, queue)
        return Position(Phase.HARMS, queue)

    def _after(self, position: Position, assessment: Assessment) -> Position:
        """The position after the current item (the next phase's start past the end)."""
        if position.index + 1 < len(position.queue):
            return position.moved(position.index + 1)
        if position.phase is Phase.PROFILE:
            return self._controls_start(assessment)
        if position.phase is Phase.CONTROLS:
            return self._risk_start(assessment)
        if position.phase is Phase.RECORD:
            return Position(Phase.HARMS, position.queue)
        return Position(Phase.DONE)

    def jump(self, position: Position, prefix: str) -> Submitted:
        """The first control of domain `prefix` in this run's queue, or why not."""
        wanted = prefix.strip().upper()
        if position.phase is Phase.CONTROLS:
            for index, control_id in enumerate(position.queue):
                if control_id.rsplit("-", 1)[0] == wanted:
                    return Submitted(self.assessment, position.moved(index))
        return Submitted(
            self.assessment,
            position,
            refused=text.jump_refusal(self.pack, wanted, self.sections(position)),
        )

    def sections(self, position: Position) -> list[str]:
        """The domain prefixes of this run's controls, in order."""
        if position.phase is not Phase.CONTROLS:
            return []
        return list(dict.fromkeys(item.rsplit("-", 1)[0] for item in position.queue))

    # --- the prompt at a position ---

    def step(self, position: Position) -> Step | None:
        """The prompt at `position`; None once the walk is done. A position that does not
        fit this pack and assessment (an edited token) is one sentence (`UsageProblem`)."""
        try:
            return self._step(position)
        except (_Stale, ValueError, KeyError, AnswerError):
            raise UsageProblem(_(STALE)) from None

    def _step(self, position: Position) -> Step | None:
        if position.phase is Phase.DONE or not position.item:
            return None
        if position.phase is Phase.PROFILE:
            return self._profile_step(position)
        if position.phase is Phase.CONTROLS:
            return self._control_step(position)
        if position.phase is Phase.RECORD:
            return self._record_step(position)
        return self._harm_step(position)

    # --- one reply ---

    def submit(self, position: Position, reply: str | Action, save: Save) -> Submitted:
        """Apply one reply (or action) at `position`; save what it confirms."""
        here = self.step(position)
        if here is None:
            return Submitted(self.assessment, position)
        if isinstance(reply, Action):
            return self._act(position, reply)
        reply = reply.strip() or here.default
        try:
            if position.phase is Phase.PROFILE:
                return self._submit_profile(position, reply, save)
            if position.phase is Phase.CONTROLS:
                return self._submit_control(position, here.field, reply, save)
            if position.phase is Phase.RECORD:
                return self._submit_record(position, here.field, reply, save)
            return self._submit_harm(position, here.field, reply, save)
        except AnswerError as error:
            return Submitted(self.assessment, position, refused=str(error))
        except _SaveFailed as failed:
            return Submitted(
                self.assessment,
                position,
                refused=str(failed.problem),
                saved=failed.what,
                problem=failed.problem,
            )

    def _act(self, position: Position, action: Action) -> Submitted:
        unfinished = position.item if position.draft else ""
        if action is Action.QUIT:
            return Submitted(self.assessment, position, stopped=True, dropped=unfinished)
        if action is Action.SKIP:
            if position.phase is Phase.RECORD:  # skipping the method skips the risk step
                return Submitted(self.assessment, Position(Phase.DONE), dropped=unfinished)
            return Submitted(
                self.assessment, self._after(position, self.assessment), dropped=unfinished
            )
        if position.draft:
            return Submitted(self.assessment, replace(position, draft=position.draft[:-1]))
        if position.index > 0:
            return Submitted(self.assessment, position.moved(position.index - 1))
        first = {
            Phase.PROFILE: _("This is the first question of the profile."),
            Phase.CONTROLS: _("This is the first question of this run."),
            Phase.RECORD: _("This is the first step of the risk assessment."),
            Phase.HARMS: _("This is the first harm of this run."),
        }
        return Submitted(self.assessment, position, said=first.get(position.phase, ""))

    def _confirmed(
        self, position: Position, assessment: Assessment, save: Save, what: str, said: str = ""
    ) -> Submitted:
        stamped_copy = stamped(assessment, self.session.answered_by, self.session.today)
        _save(save, stamped_copy, what)
        return Submitted(
            stamped_copy,
            self._after(position, stamped_copy),
            saved=what,
            said=said,
            recorded=position.item,
        )

    # --- the profile ---

    def _profile_step(self, position: Position) -> Step:
        question = _known(self.pack.question(position.item))
        current = self.assessment.profile.get(question.id)
        chosen = [current] if isinstance(current, str) else list(current or [])
        numbers = [str(i) for i, o in enumerate(question.options, start=1) if o.value in chosen]
        explained = any(option.help for option in question.options)
        more = _("; ? explains each") if explained else ""
        if question.kind == "single":
            prompt = _("Choose one number{more}").format(more=more)
        else:
            empty = _("enter keeps the marked ones") if current is not None else _("enter for none")
            prompt = _("Numbers separated by commas ({empty}{more})").format(empty=empty, more=more)
        return Step(
            position,
            question.id,
            Field.PROFILE,
            prompt,
            title=question.text,
            screen=text.options_text(question, chosen),
            default=",".join(numbers),
            required=question.kind == "single",
            choices=tuple(
                Choice(str(number), option.value, option.label)
                for number, option in enumerate(question.options, start=1)
            ),
            multiple=question.kind != "single",
            guidance=text.options_help(question) if explained else "",
            section="profile",
        )

    def _submit_profile(self, position: Position, reply: str, save: Save) -> Submitted:
        question = _known(self.pack.question(position.item))
        if not reply and question.kind == "single":
            raise AnswerError(_(NEEDS_AN_ANSWER))
        value = profile_value(question, [part for part in reply.split(",") if part.strip()])
        if value == self.assessment.profile.get(question.id):
            return Submitted(self.assessment, self._after(position, self.assessment))
        who = (self.session.answered_by, self.session.today)
        recorded = record_profile(self.assessment, question, value, *who)
        return self._confirmed(position, recorded, save, f"{question.text} {value}")

    # --- a control ---

    def _control(self, position: Position) -> tuple[Domain, Control]:
        control = _known(self.pack.control(position.item))
        domain = _known(self.pack.domain(position.item.rsplit("-", 1)[0]))
        return domain, control

    def _base(self, control: Control, replies: Mapping[Field, str]) -> ControlAnswer | None:
        """The current answer, its note and evidence dropped when the person said so."""
        current = self.assessment.answers.get(control.id)
        if current is not None and replies.get(Field.KEEP, "y").lower()[:1] != "y":
            return current.model_copy(update={"note": "", "evidence": []})
        return current

    def _control_field(self, control: Control, replies: Mapping[Field, str]) -> Field | None:
        """The next prompt this control's answer takes, None once it has all it needs."""
        if Field.ANSWER not in replies:
            return Field.ANSWER
        answer = Answer(replies[Field.ANSWER])
        current = self.assessment.answers.get(control.id)
        changed = current is not None and current.answer != answer
        wanted = [
            (
                Field.KEEP,
                changed and current is not None and bool(current.note or current.evidence),
            ),
            (Field.NOTE, True),
            (Field.TARGET_DATE, answer == Answer.PLANNED),
            (Field.PAST_DATE, answer == Answer.PLANNED and self._past(replies, Field.TARGET_DATE)),
            (Field.EVIDENCE, answer in EVIDENCED),
            (Field.ACTION, answer in GAP_ANSWERS),
            (Field.REASON, changed),
        ]
        return next((name for name, asked in wanted if asked and name not in replies), None)

    def _past(self, replies: Mapping[Field, str], name: Field) -> bool:
        given = replies.get(name)
        return given is not None and parse_target_date(given) < self.session.today

    def _control_step(self, position: Position) -> Step:
        domain, control = self._control(position)
        replies = position.replies()
        name = _known(self._control_field(control, replies))
        current = self.assessment.answers.get(control.id)
        base = self._base(control, replies)
        in_domain = [
            i for i, item in enumerate(position.queue) if item.startswith(f"{domain.prefix}-")
        ]
        common: dict[str, Any] = {
            "title": f"{control.id} {control.title}",
            "guidance": text.guidance_text(control),
            "why": control.why.strip(),
            "section": domain.prefix,
            "section_title": f"{domain.prefix} {domain.title}",
            "section_intro": text.domain_intro(domain, len(in_domain)),
        }
        if name is Field.ANSWER:
            overall = text.applying_count(score(self.pack, self.assessment), self.session.domains)
            screen = text.control_text(
                control,
                (position.index + 1, len(position.queue)),
                (in_domain.index(position.index) + 1, len(in_domain)),
                overall,
                current,
            )
            choices = tuple(
                Choice(key, answer.value, answer.value) for key, answer in ANSWER_KEYS.items()
            )
            return Step(
                position, control.id, name, _("Answer"), screen=screen, choices=choices, **common
            )
        answer = Answer(replies[Field.ANSWER])
        if name is Field.KEEP:
            prompt = _("Keep the note and evidence given with {answer!r}? y/n").format(
                answer=_known(current).answer.value
            )
            return Step(position, control.id, name, prompt, default="n", **common)
        if name is Field.NOTE:
            earlier = base.note if base else ""
            if answer in NEEDS_TEXT:
                return Step(
                    position,
                    control.id,
                    name,
                    _(NEEDS_TEXT[answer]).capitalize(),
                    default=earlier,
                    required=True,
                    **common,
                )
            return Step(
                position, control.id, name, _("Note (enter to skip)"), default=earlier, **common
            )
        if name is Field.TARGET_DATE:
            earlier = base.target_date.isoformat() if base and base.target_date else ""
            return Step(
                position,
                control.id,
                name,
                _("Target date (YYYY-MM-DD)"),
                default=earlier,
                required=True,
                **common,
            )
        if name is Field.PAST_DATE:
            return self._past_step(position, control.id, replies[Field.TARGET_DATE], name, common)
        if name is Field.EVIDENCE:
            evidence = base.evidence if base else []
            note = (
                _("Evidence on record: ") + "; ".join(e.description for e in evidence)
                if evidence
                else ""
            )
            prompt = _("Evidence: what shows it | link (enter to skip)")
            return Step(position, control.id, name, prompt, note=note, **common)
        if name is Field.ACTION:
            earlier_action = base.action if base else None
            prompt = _(KEPT_ACTION_PROMPT) if earlier_action else _(ACTION_PROMPT)
            return Step(
                position, control.id, name, prompt, default=action_default(earlier_action), **common
            )
        prompt = _("Why did it change from {old} to {new}? (enter to skip)").format(
            old=_known(current).answer.value, new=answer.value
        )
        return Step(position, control.id, name, prompt, **common)

    def _past_step(
        self, position: Position, item: str, given: str, name: Field, common: dict[str, Any]
    ) -> Step:
        prompt = _("{day} is in the past; keep it? y/n").format(
            day=parse_target_date(given).isoformat()
        )
        return Step(position, item, name, prompt, default="n", **common)

    def _submit_control(self, position: Position, name: Field, reply: str, save: Save) -> Submitted:
        domain, control = self._control(position)
        current = self.assessment.answers.get(control.id)
        if name is Field.ANSWER:
            if not reply:
                if current is None:
                    raise AnswerError(
                        _("Choose an answer key, or s to skip this question for now.")
                    )
                if not current.to_reconfirm:
                    return Submitted(self.assessment, self._after(position, self.assessment))
                kept = reconfirmed(current, self.session)
                updated = record_answer(self.pack, self.assessment, control, kept)
                return self._confirmed(
                    position,
                    updated,
                    save,
                    text.answer_text(control, kept),
                    self._progress(updated, domain),
                )
            given = position.given(name, parse_answer(reply).value)
        elif name in (Field.PAST_DATE,):
            if not reply.lower().startswith("y"):
                kept_draft = tuple(
                    entry for entry in position.draft if entry[0] is not Field.TARGET_DATE
                )
                return Submitted(self.assessment, replace(position, draft=kept_draft))
            given = position.given(name, "y")
        elif name is Field.TARGET_DATE:
            if not reply:
                raise AnswerError(_(NEEDS_AN_ANSWER))
            given = position.given(name, parse_target_date(reply).isoformat())
        elif name is Field.ACTION:
            if reply and reply != REMOVE:
                try:
                    parse_action(reply)
                except ValueError as error:
                    raise AnswerError(str(error)) from None
            given = position.given(name, reply)
        else:
            given = position.given(name, reply)
        if name is Field.NOTE and not reply and Answer(given.replies()[Field.ANSWER]) in NEEDS_TEXT:
            # refused with the message an answers file gets
            self._control_answer(control, {Field.ANSWER: given.replies()[Field.ANSWER]})
        if self._control_field(control, given.replies()) is not None:
            return Submitted(self.assessment, given)
        answer = self._control_answer(control, given.replies())
        reason = given.replies().get(Field.REASON, "")
        updated = record_answer(self.pack, self.assessment, control, answer, reason)
        return self._confirmed(
            given, updated, save, text.answer_text(control, answer), self._progress(updated, domain)
        )

    def _progress(self, assessment: Assessment, domain: Domain) -> str:
        return text.progress_text(score(self.pack, assessment), domain)

    def _control_answer(self, control: Control, replies: Mapping[Field, str]) -> ControlAnswer:
        """The answer the replies give, checked by the answers-file validation."""
        answer = Answer(replies[Field.ANSWER])
        base = self._base(control, replies)
        current = self.assessment.answers.get(control.id)
        evidence = list(base.evidence) if base else []
        description, _bar, link = replies.get(Field.EVIDENCE, "").partition("|")
        if description.strip():
            evidence.append(Evidence(description=description.strip(), link_or_path=link.strip()))
        earlier_action = base.action if base else None
        if answer in GAP_ANSWERS:
            line = replies.get(Field.ACTION, "")
            action = parse_action(line, earlier_action) if line and line != REMOVE else None
        else:
            action = closed(earlier_action)
        acceptance = current.acceptance if current and answer in GAP_ANSWERS else None
        fields: dict[str, Any] = {
            "answer": answer.value,
            "note": replies.get(Field.NOTE, ""),
            "evidence": [e.model_dump(mode="json") for e in evidence],
            "target_date": replies.get(Field.TARGET_DATE) or None,
            "action": action.model_dump(mode="json") if action else None,
            "acceptance": acceptance.model_dump(mode="json") if acceptance else None,
        }
        who = (self.session.answered_by, self.session.today)
        supplied = validated_entry(self.pack, control.id, fields, *who)
        return supplied.answers[control.id]

    # --- the risk record ---

    def _risk_section(self, position: Position) -> dict[str, Any]:
        count = len(position.queue)
        intro = ngettext(
            "{count} harm to assess. For each, rate how likely and how severe it is for "
            "children on this product, then what remains after the measures. crbd suggests "
            "each level and shows its working; your rating and your reasons are what the "
            "record keeps.",
            "{count} harms to assess. For each, rate how likely and how severe it is for "
            "children on this product, then what remains after the measures. crbd suggests "
            "each level and shows its working; your rating and your reasons are what the "
            "record keeps.",
            count,
        ).format(count=count)
        return {
            "section": RISK_SECTION,
            "section_title": _("Children's risk assessment"),
            "section_intro": intro,
        }

    def _record_step(self, position: Position) -> Step:
        replies = position.replies()
        common = self._risk_section(position)
        if Field.METHOD not in replies:
            prompt = _("Method: who met, what they reviewed (s skip, q quit)")
            return Step(position, "", Field.METHOD, prompt, required=True, **common)
        if Field.SOURCES not in replies:
            prompt = _("Sources of evidence, separated by ; (enter to skip)")
            return Step(position, "", Field.SOURCES, prompt, **common)
        if Field.VIEWS not in replies:
            prompt = _("How were children's views gathered (enter to skip)")
            return Step(position, "", Field.VIEWS, prompt, **common)
        if Field.NEXT_REVIEW not in replies:
            prompt = _("Next review date (YYYY-MM-DD)")
            return Step(position, "", Field.NEXT_REVIEW, prompt, required=True, **common)
        return self._past_step(position, "", replies[Field.NEXT_REVIEW], Field.PAST_REVIEW, common)

    def _submit_record(self, position: Position, name: Field, reply: str, save: Save) -> Submitted:
        if name in (Field.METHOD,) and not reply:
            raise AnswerError(_(NEEDS_AN_ANSWER))
        if name is Field.NEXT_REVIEW:
            if not reply:
                raise AnswerError(_(NEEDS_AN_ANSWER))
            reply = parse_target_date(reply).isoformat()
            if parse_target_date(reply) >= self.session.today:
                return self._record_done(
                    position.given(name, reply).given(Field.PAST_REVIEW, "y"), save
                )
            return Submitted(self.assessment, position.given(name, reply))
        if name is Field.PAST_REVIEW:
            if not reply.lower().startswith("y"):
                kept = tuple(entry for entry in position.draft if entry[0] is not Field.NEXT_REVIEW)
                return Submitted(self.assessment, replace(position, draft=kept))
            return self._record_done(position.given(name, "y"), save)
        return Submitted(self.assessment, position.given(name, reply))

    def _record_done(self, position: Position, save: Save) -> Submitted:
        replies = position.replies()
        record = self.assessment.risk_record.model_copy(
            update={
                "method": replies[Field.METHOD],
                "sources": [
                    part.strip() for part in replies[Field.SOURCES].split(";") if part.strip()
                ],
                "childrens_views": replies[Field.VIEWS],
                "next_review": parse_target_date(replies[Field.NEXT_REVIEW]),
                "assessed_by": list(
                    dict.fromkeys(
                        [*self.assessment.risk_record.assessed_by, self.session.answered_by]
                    )
                ),
                "assessed_on": self.session.today,
            }
        )
        updated = self.assessment.model_copy(update={"risk_record": record})
        stamped_copy = stamped(updated, self.session.answered_by, self.session.today)
        _save(save, stamped_copy, _("how the risk assessment is done"))
        return Submitted(
            stamped_copy,
            Position(Phase.HARMS, position.queue),
            saved=_("how the risk assessment is done"),
        )

    # --- a harm ---

    def _line(self, assessment: Assessment, harm_id: str) -> RiskLine:
        lines = evaluate(self.pack, assessment, self.session.today).risks.lines
        return _known(next((line for line in lines if line.harm_id == harm_id), None))

    def _matrix(self) -> RiskMatrix:
        return _known(self.pack.risk_matrix)

    def _suggested(self, line: RiskLine, replies: Mapping[Field, str]) -> RiskLine:
        """The suggestion for the levels just chosen, with the same rule as every report."""
        draft = RiskAnswer(
            likelihood=replies[Field.LIKELIHOOD],
            impact=replies[Field.IMPACT],
            rationale=replies[Field.RATIONALE],
            residual=line.suggested_residual,
            decision=RiskDecision.REDUCED,
        )
        return self._line(with_risk(self.assessment, line.harm_id, draft), line.harm_id)

    def _harm_field(self, line: RiskLine, replies: Mapping[Field, str]) -> Field | None:
        order = [Field.LIKELIHOOD, Field.IMPACT, Field.RATIONALE, Field.RESIDUAL]
        for name in order:
            if name not in replies:
                return name
        if Field.RESIDUAL_REASON not in replies:
            if replies[Field.RESIDUAL] != self._suggested(line, replies).suggested_residual:
                return Field.RESIDUAL_REASON
        if Field.DECISION not in replies:
            return Field.DECISION
        if DECISION_KEYS[replies[Field.DECISION]] is RiskDecision.ACCEPTED:
            for name in (
                Field.APPROVED_BY,
                Field.APPROVED_ON,
                Field.JUSTIFICATION,
                Field.EXPIRES_ON,
            ):
                if name not in replies:
                    return name
            if Field.PAST_EXPIRY not in replies and self._past(replies, Field.EXPIRES_ON):
                return Field.PAST_EXPIRY
        if Field.EVIDENCE_WHAT not in replies:
            return Field.EVIDENCE_WHAT
        if replies[Field.EVIDENCE_WHAT] and Field.EVIDENCE_LINK not in replies:
            return Field.EVIDENCE_LINK
        for name in (Field.BENEFITS, Field.CHILDRENS_VIEWS):
            if name not in replies:
                return name
        return None

    def _harm_step(self, position: Position) -> Step:
        matrix = self._matrix()
        line = self._line(self.assessment, position.item)
        replies = position.replies()
        name = _known(self._harm_field(line, replies))
        current = self.assessment.risks.get(line.harm_id)
        common: dict[str, Any] = {
            "title": line.title,
            "guidance": risk.help_text(self.pack, matrix, line),
            **self._risk_section(position),
        }

        def levels(axis: str, prompt: str, default: str, note: str = "") -> Step:
            values = matrix.values(axis)
            return Step(
                position,
                line.harm_id,
                name,
                f"{prompt} ({risk.choices(values)})",
                default=default,
                note=note,
                required=True,
                choices=tuple(Choice(str(i), v, v) for i, v in enumerate(values, start=1)),
                **common,
            )

        if name is Field.LIKELIHOOD:
            screen = risk.screen(matrix, line, self.assessment, position.index, len(position.queue))
            step = levels(
                "likelihood",
                _("Likelihood"),
                current.likelihood if current else line.suggested_likelihood,
            )
            return replace(step, screen=screen)
        if name is Field.IMPACT:
            return levels("impact", _("Impact"), current.impact if current else line.impact)
        if name is Field.RATIONALE:
            return Step(
                position,
                line.harm_id,
                name,
                _("Why these levels (rationale)"),
                default=current.rationale if current else "",
                required=True,
                **common,
            )
        suggested = self._suggested(line, replies)
        if name is Field.RESIDUAL:
            note = _("Inherent {inherent}; suggested residual {residual}. {working}").format(
                inherent=suggested.inherent,
                residual=suggested.suggested_residual,
                working=suggested.working,
            )
            default = current.residual if current else suggested.suggested_residual
            return levels("levels", _("Residual"), default, note)
        if name is Field.RESIDUAL_REASON:
            prompt = _("Why {residual}, not the suggested {suggested}").format(
                residual=replies[Field.RESIDUAL], suggested=suggested.suggested_residual
            )
            return Step(
                position,
                line.harm_id,
                name,
                prompt,
                default=current.residual_reason if current else "",
                required=True,
                **common,
            )
        if name is Field.DECISION:
            return Step(
                position,
                line.harm_id,
                name,
                _("Decision (r reduced · e eliminated · a accepted)"),
                default=current.decision.value[0] if current else "r",
                required=True,
                choices=tuple(Choice(key, d.value, d.value) for key, d in DECISION_KEYS.items()),
                **common,
            )
        if name is Field.APPROVED_BY:
            note = _("An accepted risk needs who approved it, when, why and until when.")
            return Step(
                position, line.harm_id, name, _("Approved by"), note=note, required=True, **common
            )
        if name is Field.APPROVED_ON:
            return Step(
                position,
                line.harm_id,
                name,
                _("Approved on (YYYY-MM-DD)"),
                default=self.session.today.isoformat(),
                required=True,
                **common,
            )
        if name is Field.JUSTIFICATION:
            return Step(
                position, line.harm_id, name, _("Why it is accepted"), required=True, **common
            )
        if name is Field.EXPIRES_ON:
            return Step(
                position,
                line.harm_id,
                name,
                _("Acceptance expires on (YYYY-MM-DD)"),
                required=True,
                **common,
            )
        if name is Field.PAST_EXPIRY:
            return self._past_step(position, line.harm_id, replies[Field.EXPIRES_ON], name, common)
        if name is Field.EVIDENCE_WHAT:
            prompt = _("Evidence: what supports this rating (enter to skip)")
            return Step(position, line.harm_id, name, prompt, **common)
        if name is Field.EVIDENCE_LINK:
            prompt = _("Evidence link or path (enter to skip)")
            return Step(position, line.harm_id, name, prompt, **common)
        if name is Field.BENEFITS:
            return Step(
                position,
                line.harm_id,
                name,
                _("Benefits to children weighed (enter to skip)"),
                default=current.benefits if current else "",
                **common,
            )
        return Step(
            position,
            line.harm_id,
            name,
            _("What children said about it (enter to skip)"),
            default=current.childrens_views if current else "",
            **common,
        )

    def _submit_harm(self, position: Position, name: Field, reply: str, save: Save) -> Submitted:
        matrix = self._matrix()
        line = self._line(self.assessment, position.item)
        axes = {Field.LIKELIHOOD: "likelihood", Field.IMPACT: "impact", Field.RESIDUAL: "levels"}
        required = (
            Field.RATIONALE,
            Field.RESIDUAL_REASON,
            Field.APPROVED_BY,
            Field.JUSTIFICATION,
            Field.APPROVED_ON,
            Field.EXPIRES_ON,
        )
        if name in required and not reply:
            raise AnswerError(_(NEEDS_AN_ANSWER))
        if name in axes:
            reply = risk.choice(reply, matrix.values(axes[name]))
        elif name is Field.DECISION:
            key = reply.lower()[:1]
            if key not in DECISION_KEYS:
                raise AnswerError(
                    _("{reply!r} is not a decision; use r, e or a.").format(reply=reply)
                )
            reply = key
        elif name in (Field.APPROVED_ON, Field.EXPIRES_ON):
            reply = parse_target_date(reply).isoformat()
        elif name is Field.PAST_EXPIRY and not reply.lower().startswith("y"):
            kept = tuple(entry for entry in position.draft if entry[0] is not Field.EXPIRES_ON)
            return Submitted(self.assessment, replace(position, draft=kept))
        given = position.given(name, reply)
        if self._harm_field(line, given.replies()) is not None:
            return Submitted(self.assessment, given)
        answer = self._risk_answer(line, given.replies())
        updated = with_risk(self.assessment, line.harm_id, answer)
        said = _("Saved. {harm}: residual {residual}, {decision}.").format(
            harm=line.harm_id, residual=answer.residual, decision=answer.decision.value
        )
        what = _("{harm} residual {residual}").format(harm=line.harm_id, residual=answer.residual)
        return self._confirmed(given, updated, save, what, said)

    def _risk_answer(self, line: RiskLine, replies: Mapping[Field, str]) -> RiskAnswer:
        """The harm's assessment the replies give, checked by the answers-file validation."""
        current = self.assessment.risks.get(line.harm_id)
        evidence = [e.model_dump(mode="json") for e in (current.evidence if current else [])]
        if replies.get(Field.EVIDENCE_WHAT):
            evidence.append(
                {
                    "description": replies[Field.EVIDENCE_WHAT],
                    "link_or_path": replies.get(Field.EVIDENCE_LINK, ""),
                }
            )
        decision = DECISION_KEYS[replies[Field.DECISION]]
        fields: dict[str, Any] = {
            "likelihood": replies[Field.LIKELIHOOD],
            "impact": replies[Field.IMPACT],
            "rationale": replies[Field.RATIONALE],
            "evidence": evidence,
            "residual": replies[Field.RESIDUAL],
            "residual_reason": replies.get(Field.RESIDUAL_REASON, ""),
            "decision": decision.value,
            "benefits": replies.get(Field.BENEFITS, ""),
            "childrens_views": replies.get(Field.CHILDRENS_VIEWS, ""),
        }
        if decision is RiskDecision.ACCEPTED:
            fields["acceptance"] = {
                "approved_by": replies[Field.APPROVED_BY],
                "approved_on": replies[Field.APPROVED_ON],
                "justification": replies[Field.JUSTIFICATION],
                "expires_on": replies[Field.EXPIRES_ON],
            }
        who = (self.session.answered_by, self.session.today)
        return validated_entry(self.pack, line.harm_id, fields, *who).risks[line.harm_id]


Reader = Callable[[], Assessment]


@dataclass(frozen=True)
class Answered:
    """What `answer_in_file` did: the reply's outcome and the step now due (None when done)."""

    submitted: Submitted
    step: Step | None = field(default=None)


def answer_in_file(
    read: Reader,
    pack: Pack,
    session: Session,
    position: Position,
    reply: str | Action,
    save: Save,
) -> Answered:
    """One stateless reply: rebuild the interview from the file as it is now (`read`, called
    under the caller's lock), apply `reply` at `position`, save what it confirms with `save`
    (atomic, same lock) and return the next step."""
    interview = Interview(pack, read(), session)
    submitted = interview.submit(position, reply, save)
    after = Interview(pack, submitted.assessment, session)
    return Answered(submitted, after.step(submitted.position))


def reply_to_file(
    path: Path,
    session: Session,
    token: str,
    reply: str | Action,
    pack_dirs: Sequence[Path] = (),
    *,
    wait: float = 0.0,
) -> Answered:
    """One stateless reply to the assessment at `path`: take its lock (waiting up to `wait`
    seconds for another writer), read it as it is now, apply `reply` at the position
    `token` names, save atomically what it confirms (refused if the file changed behind
    crbd's back), and return what happened with the step now due."""
    position = Position.from_token(token)
    with assessment_lock(path, wait=wait):
        saves = GuardedSaves(path)  # before reading: a change from here on is noticed
        opened = open_assessment(path, pack_dirs)
        return answer_in_file(
            lambda: opened.assessment, opened.pack, session, position, reply, saves.save
        )
