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

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from toolkit.engine.scoring import score
from toolkit.errors import AnswerError, UsageProblem
from toolkit.i18n import _
from toolkit.model.assessment import (
    ANSWER_KEYS,
    GAP_ANSWERS,
    NEEDS_TEXT,
    Answer,
    Assessment,
    ControlAnswer,
    Evidence,
    parse_answer,
)
from toolkit.model.files import GuardedSaves
from toolkit.model.pack import Control, Domain, Pack
from toolkit.model.result import Result
from toolkit.workflow.answers_file import validated_entry
from toolkit.workflow.interview import text
from toolkit.workflow.interview.age import AgeSteps, age_record_due
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
from toolkit.workflow.interview.metadata import MetadataSteps, metadata_fields
from toolkit.workflow.interview.prompts import NEEDS_AN_ANSWER
from toolkit.workflow.interview.risk import RiskSteps, harms_to_ask
from toolkit.workflow.interview.session import (
    STALE,
    Action,
    Choice,
    Field,
    Phase,
    Position,
    Save,
    SaveFailed,
    Session,
    Stale,
    Step,
    Submitted,
    known,
    save_or_fail,
)
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

EVIDENCED = (Answer.YES, Answer.PARTIAL, Answer.ALTERNATIVE)


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


class Interview(MetadataSteps, AgeSteps, RiskSteps):
    """The step machine over one assessment: rebuilt from the file for every reply."""

    def __init__(self, pack: Pack, assessment: Assessment, session: Session) -> None:
        self.pack = pack
        self.assessment = assessment
        self.session = session
        self._scored: tuple[Assessment, Result] | None = None

    def _score(self) -> Result:
        """The score of this interview's assessment, computed once for all its prompts (a
        browser's save asks for the answer's prompt twice: to see it, and to submit it)."""
        if self._scored is None or self._scored[0] is not self.assessment:
            self._scored = (self.assessment, score(self.pack, self.assessment))
        return self._scored[1]

    # --- where to start and where each phase leads ---

    def begin(self, *, risks_only: bool = False, revisit_profile: bool = False) -> Position:
        """The first position of a run: the product's details and the name answering where
        they are asked (`metadata_fields`), the unanswered profile questions (all of them when
        revisiting), then the controls; with `risks_only`, the risk step."""
        if risks_only:
            return self._risk_start(self.assessment)
        asked = metadata_fields(self.assessment, self.session)
        if asked:
            return Position(Phase.METADATA, tuple(name.value for name in asked))
        return self._profile_start(self.assessment, revisit_profile=revisit_profile)

    def _profile_start(self, assessment: Assessment, *, revisit_profile: bool = False) -> Position:
        queue = tuple(
            question.id
            for question in self.pack.profile
            if revisit_profile or question.id not in assessment.profile
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
        return self._age_start(assessment)

    def _age_start(self, assessment: Assessment) -> Position:
        surfaces = age_record_due(self.pack, assessment)
        if surfaces:
            return Position(Phase.AGE, surfaces)
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
        if position.phase is Phase.METADATA:
            return self._profile_start(assessment)
        if position.phase is Phase.PROFILE:
            return self._controls_start(assessment)
        if position.phase is Phase.CONTROLS:
            return self._age_start(assessment)
        if position.phase is Phase.AGE:
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
        except (Stale, ValueError, KeyError, AnswerError):
            raise UsageProblem(_(STALE)) from None

    def _step(self, position: Position) -> Step | None:
        if position.phase is Phase.DONE or not position.item:
            return None
        if position.phase is Phase.METADATA:
            return self._metadata_step(position)
        if position.phase is Phase.PROFILE:
            return self._profile_step(position)
        if position.phase is Phase.CONTROLS:
            return self._control_step(position)
        if position.phase is Phase.AGE:
            return self._age_step(position)
        if position.phase is Phase.RECORD:
            return self._record_step(position)
        return self._harm_step(position)

    # --- one reply ---

    def submit(self, position: Position, reply: str | Action, save: Save) -> Submitted:
        """Apply one reply (or action) at `position`; save what it confirms."""
        here = self.step(position)
        if here is None:
            return Submitted(self.assessment, position)
        if isinstance(reply, Action) and position.phase is Phase.METADATA:
            if reply is not Action.SKIP:
                return self._act_metadata(position, reply)
            if here.required:  # the product's name and who answers cannot be skipped
                return Submitted(self.assessment, position, refused=_(NEEDS_AN_ANSWER))
            reply = ""
        if isinstance(reply, Action):
            return self._act(position, reply)
        reply = reply.strip() or here.default
        try:
            if position.phase is Phase.METADATA:
                return self._submit_metadata(position, reply, save)
            if position.phase is Phase.PROFILE:
                return self._submit_profile(position, reply, save)
            if position.phase is Phase.CONTROLS:
                return self._submit_control(position, here.field, reply, save)
            if position.phase is Phase.AGE:
                return self._submit_age(position, here.field, reply, save)
            if position.phase is Phase.RECORD:
                return self._submit_record(position, here.field, reply, save)
            return self._submit_harm(position, here.field, reply, save)
        except AnswerError as error:
            return Submitted(self.assessment, position, refused=str(error))
        except SaveFailed as failed:
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
        if position.phase is Phase.PROFILE and position.before:
            return Submitted(self.assessment, self._metadata_back(position))
        first = {
            Phase.PROFILE: _("This is the first question of the profile."),
            Phase.CONTROLS: _("This is the first question of this run."),
            Phase.AGE: _("This is the first place of the age-assurance record."),
            Phase.RECORD: _("This is the first step of the risk assessment."),
            Phase.HARMS: _("This is the first harm of this run."),
        }
        return Submitted(self.assessment, position, said=first.get(position.phase, ""))

    def _confirmed(
        self, position: Position, assessment: Assessment, save: Save, what: str, said: str = ""
    ) -> Submitted:
        stamped_copy = stamped(assessment, self.session.answered_by, self.session.today)
        save_or_fail(save, stamped_copy, what)
        return Submitted(
            stamped_copy,
            self._after(position, stamped_copy),
            saved=what,
            said=said,
            recorded=position.item,
        )

    # --- the profile ---

    def _profile_step(self, position: Position) -> Step:
        question = known(self.pack.question(position.item))
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
        question = known(self.pack.question(position.item))
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
        control = known(self.pack.control(position.item))
        domain = known(self.pack.domain(position.item.rsplit("-", 1)[0]))
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
        name = known(self._control_field(control, replies))
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
            overall = text.applying_count(self._score(), self.session.domains)
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
                answer=known(current).answer.value
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
            old=known(current).answer.value, new=answer.value
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
