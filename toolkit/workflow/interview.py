"""The interactive walk-through: metadata, profile, scope, then the controls.

The interview talks only to an `Asker`, so tests drive it with a script and
the CLI with a terminal. It calls `save` after every confirmed answer; an
interruption at any prompt loses at most the answer being typed, and a failed
save is shown with the answer still on screen, to retry or to stop.

Within the controls a person can move freely: back (across domains), skip,
jump to a domain, or save and quit; going back to an answered control offers
its current answer as the default. What each screen says, sized for 80×24, is
in `interview_text`.

Two places take further steps: `_confirm` runs once a control's answer is
saved (follow-up prompts about that answer belong there), and `run_interview`
reaches the end of the controls where `_walk` returns finished (steps over
the whole set of answers belong there, before the summary).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import partial
from typing import Protocol

from toolkit.engine.scoring import score
from toolkit.errors import AnswerError, FileProblem
from toolkit.model.assessment import (
    NEEDS_TEXT,
    Answer,
    Assessment,
    ControlAnswer,
    Evidence,
    Metadata,
    parse_answer,
)
from toolkit.model.pack import Control, Domain, Pack, ProfileQuestion
from toolkit.model.result import Result
from toolkit.workflow import interview_text as text
from toolkit.workflow.followups import (
    announce_reconfirm,
    change_reason,
    reconfirmed,
    to_reconfirm,
    with_followups,
)
from toolkit.workflow.interview_text import BACK, GUIDANCE, JUMP, QUIT, SKIP, WHY
from toolkit.workflow.recording import (
    changed_controls,
    parse_target_date,
    profile_value,
    record_answer,
    record_profile,
    stamped,
)


class Asker(Protocol):
    """The interview's only way to talk to a person."""

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

KEEP = ""
"""The reply that keeps a control's current answer."""
DETAILS = "d"
EVIDENCED = (Answer.YES, Answer.PARTIAL, Answer.ALTERNATIVE)


def run_interview(
    pack: Pack, assessment: Assessment, asker: Asker, save: Save, session: Session
) -> Outcome:
    """Ask what this run should ask; return the assessment as saved and whether it finished."""
    assessment, session = _ask_metadata(assessment, asker, save, session)
    new_profile = any(question.id not in assessment.profile for question in pack.profile)
    assessment = _profile(pack, assessment, asker, save, session)
    queue = questions(pack, assessment, session)
    _show_scope(pack, assessment, asker, session, len(queue), full=new_profile)
    announce_reconfirm(asker, assessment)
    changed = changed_controls(pack, assessment)
    if changed:
        asker.show(
            f"The checklist changed since these answers: {', '.join(changed)} ask something "
            "different now and will be asked again. Unanswered controls (new ones among them) "
            "are asked too.",
            title=f"{pack.title} {pack.version}",
        )
    outcome = _walk(pack, assessment, queue, asker, save, session)
    if outcome.finished:
        from toolkit.workflow.risk_interview import run_risk_step  # it builds on this module

        outcome = run_risk_step(pack, outcome.assessment, asker, save, session)
    if outcome.finished:
        show_summary(pack, outcome.assessment, asker)
    return outcome


def questions(pack: Pack, assessment: Assessment, session: Session) -> list[tuple[Domain, Control]]:
    """The controls this run asks, in pack order: in scope and unanswered, changed since
    answered, or (with review) answered; only the session's domains if it names some."""
    changed = set(changed_controls(pack, assessment)) | to_reconfirm(assessment)
    in_scope = _in_scope(pack, assessment)
    return [
        (domain, control)
        for domain in pack.domains
        if not session.domains or domain.prefix in session.domains
        for control in domain.controls
        if control.id in in_scope
        and (session.review or control.id not in assessment.answers or control.id in changed)
    ]


def questions_left(pack: Pack, assessment: Assessment, session: Session) -> int:
    """How many profile questions and controls a run would still ask."""
    unanswered_profile = sum(q.id not in assessment.profile for q in pack.profile)
    return unanswered_profile + len(questions(pack, assessment, session))


def show_summary(pack: Pack, assessment: Assessment, asker: Asker) -> None:
    """The closing scores, from the same scoring as every report."""
    asker.summary(score(pack, assessment))


def last_assessor(assessment: Assessment) -> str:
    """Who answered this file last, the natural default for who answers now."""
    return assessment.metadata.assessors[-1] if assessment.metadata.assessors else ""


def _in_scope(pack: Pack, assessment: Assessment) -> set[str]:
    return {o.id for o in score(pack, assessment).controls if o.scope != "out_of_scope"}


def _who(session: Session) -> tuple[str, date]:
    return session.answered_by, session.today


def _saved(assessment: Assessment, save: Save, asker: Asker, what: str) -> Assessment:
    """Save, or show why not with the unsaved answer, until saved or the person stops."""
    while True:
        try:
            save(assessment)
            return assessment
        except FileProblem as problem:
            asker.show(f"{problem}\n\nNot saved yet: {what}", title="Could not save")
            reply = asker.ask("r to retry once it is fixed, q to stop without it", default="r")
            if reply.lower() == QUIT:
                raise


def _ask_metadata(
    assessment: Assessment, asker: Asker, save: Save, session: Session
) -> tuple[Assessment, Session]:
    """Product details for a new assessment, then (unless given) who is answering.

    The name's default is the file's last assessor, never a guess from the
    operating system: an answer is recorded under a name a person confirmed.
    """
    metadata = assessment.metadata
    if not metadata.product:
        metadata = Metadata(
            product=_required(asker, "Product name"),
            product_version=asker.ask("Product version (enter to skip)"),
            organisation=asker.ask("Organisation (enter to skip)"),
        )
    if session.confirm_name:
        name = _required(
            asker, "Your name, recorded with each answer", default=last_assessor(assessment)
        )
        session = replace(session, answered_by=name, confirm_name=False)
    if metadata != assessment.metadata:
        updated = stamped(assessment.model_copy(update={"metadata": metadata}), *_who(session))
        assessment = _saved(updated, save, asker, f"product {metadata.product}")
    return assessment, session


def _profile(
    pack: Pack, assessment: Assessment, asker: Asker, save: Save, session: Session
) -> Assessment:
    """Ask the unanswered profile questions; with review, offer to revisit all of them and
    say which controls came into or went out of scope."""
    revisit = (
        session.review
        and all(question.id in assessment.profile for question in pack.profile)
        and asker.ask("Revisit the product profile too? y/n", default="n").lower().startswith("y")
    )
    before = _in_scope(pack, assessment)
    for question in pack.profile:
        if revisit or question.id not in assessment.profile:
            value = _ask_profile(question, asker, assessment.profile.get(question.id))
            if value != assessment.profile.get(question.id):
                recorded = record_profile(assessment, question, value, *_who(session))
                updated = stamped(recorded, *_who(session))
                assessment = _saved(updated, save, asker, f"{question.text} {value}")
    if revisit:
        after = _in_scope(pack, assessment)
        order = [control.id for control in pack.controls()]
        asker.show(
            text.rescope_text(
                [i for i in order if i in after - before], [i for i in order if i in before - after]
            ),
            title="Scope",
        )
    return assessment


def _ask_profile(
    question: ProfileQuestion, asker: Asker, current: str | list[str] | None
) -> str | list[str]:
    chosen = [current] if isinstance(current, str) else list(current or [])
    asker.show(text.options_text(question, chosen), title=question.text)
    numbers = [str(i) for i, o in enumerate(question.options, start=1) if o.value in chosen]
    explained = any(option.help for option in question.options)
    more = "; ? explains each" if explained else ""
    while True:
        if question.kind == "single":
            reply = _required(asker, f"Choose one number{more}", default=",".join(numbers))
        else:
            empty = "enter keeps the marked ones" if current is not None else "enter for none"
            reply = asker.ask(
                f"Numbers separated by commas ({empty}{more})", default=",".join(numbers)
            )
        if reply == GUIDANCE and explained:
            _show_paged(asker, text.options_help(question), question.text, "the question")
            asker.show(text.options_text(question, chosen), title=question.text)
            continue
        try:
            return profile_value(question, [part for part in reply.split(",") if part.strip()])
        except AnswerError as error:
            asker.show(str(error))


def _show_scope(
    pack: Pack, assessment: Assessment, asker: Asker, session: Session, asked: int, *, full: bool
) -> None:
    """The short scope summary when the profile was just given; one line on resume."""
    result = score(pack, assessment)
    answered, applying = text.applying_count(result, session.domains)
    if not full:
        asker.show(text.resume_text(asked, answered, applying))
        return
    summary = text.scope_text(pack, assessment, session.domains, asked, (answered, applying))
    asker.show(summary, title="Scope")
    if any(o.scope == "out_of_scope" for o in result.controls):
        reply = asker.ask("Enter to begin, d to list the controls out of scope")
        if reply.lower() == DETAILS:
            details = text.scope_details(pack, assessment, session.domains)
            _show_paged(asker, details, "Out of scope", "the first question")


def _walk(
    pack: Pack,
    assessment: Assessment,
    queue: list[tuple[Domain, Control]],
    asker: Asker,
    save: Save,
    session: Session,
) -> Outcome:
    index, shown_domain = 0, ""
    while index < len(queue):
        domain, control = queue[index]
        if domain.prefix != shown_domain:
            count = sum(d.prefix == domain.prefix for d, _ in queue)
            asker.show(text.domain_intro(domain, count), title=f"{domain.prefix} {domain.title}")
            shown_domain = domain.prefix
        current = assessment.answers.get(control.id)
        show_question = partial(
            asker.show,
            _control_screen(pack, assessment, queue, index, session, current),
            title=f"{control.id} {control.title}",
        )
        show_question()
        reply = _ask_control(control, current, asker, session, show_question)
        if isinstance(reply, ControlAnswer):
            reason = change_reason(asker, current, reply)
            assessment = _confirm(
                pack, assessment, domain, control, reply, asker, save, session, reason
            )
            index += 1
        elif reply in (KEEP, SKIP):
            index += 1
        elif reply == BACK:
            if index == 0:
                asker.show("This is the first question of this run.")
            index = max(index - 1, 0)
        elif reply == JUMP:
            index = _ask_jump(pack, queue, asker, index)
        else:
            return Outcome(assessment, finished=False)
    return Outcome(assessment, finished=True)


def _control_screen(
    pack: Pack,
    assessment: Assessment,
    queue: list[tuple[Domain, Control]],
    index: int,
    session: Session,
    current: ControlAnswer | None,
) -> str:
    domain, control = queue[index]
    in_domain = [i for i, (d, _) in enumerate(queue) if d.prefix == domain.prefix]
    overall = text.applying_count(score(pack, assessment), session.domains)
    return text.control_text(
        control,
        (index + 1, len(queue)),
        (in_domain.index(index) + 1, len(in_domain)),
        overall,
        current,
    )


def _confirm(
    pack: Pack,
    assessment: Assessment,
    domain: Domain,
    control: Control,
    answer: ControlAnswer,
    asker: Asker,
    save: Save,
    session: Session,
    reason: str = "",
) -> Assessment:
    """Record and save a confirmed answer (with the reason for a change, which the history
    keeps), show the running score, and teach if asked."""
    updated = stamped(record_answer(pack, assessment, control, answer, reason), *_who(session))
    assessment = _saved(updated, save, asker, text.answer_text(control, answer))
    asker.show(text.progress_text(score(pack, assessment), domain))
    if session.teach:
        _show_paged(
            asker, text.teach_text(control), f"{control.id} for the workshop", "the next question"
        )
    return assessment


def _show_paged(asker: Asker, content: str, title: str, then: str) -> None:
    """Show `content` a screen at a time, each waiting for Enter, so nothing scrolls away
    unread; the last prompt says what Enter leads to."""
    pages = text.screens(content)
    for number, page in enumerate(pages, start=1):
        more = number < len(pages)
        asker.show(page, title=f"{title} ({number} of {len(pages)})" if len(pages) > 1 else title)
        asker.ask("Enter for more" if more else f"Enter for {then}")


def _ask_control(
    control: Control,
    current: ControlAnswer | None,
    asker: Asker,
    session: Session,
    show_question: Callable[[], None],
) -> ControlAnswer | str:
    """An answer, or a navigation key (KEEP, SKIP, BACK, JUMP, QUIT)."""
    while True:
        reply = asker.ask("Answer").lower()
        if reply in (GUIDANCE, WHY):
            if reply == GUIDANCE:
                content, title = text.guidance_text(control), f"{control.id} guidance"
            else:
                content, title = control.why.strip(), f"{control.id} why it matters"
            _show_paged(asker, content, title, "the question")
            show_question()
        elif reply == KEEP and current is not None and current.to_reconfirm:
            return reconfirmed(current, session)
        elif reply in (SKIP, BACK, JUMP, QUIT) or (reply == KEEP and current is not None):
            return reply
        elif reply == KEEP:
            asker.show("Choose an answer key, or s to skip this question for now.")
        else:
            try:
                answer = parse_answer(reply)
            except AnswerError as error:
                asker.show(str(error))
                continue
            return _ask_details(control, answer, current, asker, session)


def _ask_details(
    control: Control,
    answer: Answer,
    current: ControlAnswer | None,
    asker: Asker,
    session: Session,
) -> ControlAnswer:
    """The note, target date and evidence an answer takes; a changed answer asks first
    whether what was recorded with the old one still holds."""
    if current and current.answer != answer and (current.note or current.evidence):
        keep = asker.ask(
            f"Keep the note and evidence given with {current.answer.value!r}? y/n", default="n"
        )
        if not keep.lower().startswith("y"):
            current = current.model_copy(update={"note": "", "evidence": []})
    earlier_note = current.note if current else ""
    if answer in NEEDS_TEXT:
        note = _required(asker, NEEDS_TEXT[answer].capitalize(), default=earlier_note)
    else:
        note = asker.ask("Note (enter to skip)", default=earlier_note)
    target = None
    if answer == Answer.PLANNED:
        earlier = current.target_date.isoformat() if current and current.target_date else ""
        target = _ask_date(
            asker, "Target date (YYYY-MM-DD)", earlier, past_warned_from=session.today
        )
    evidence = list(current.evidence) if current else []
    if answer in EVIDENCED:
        if evidence:
            asker.show("Evidence on record: " + "; ".join(e.description for e in evidence))
        reply = asker.ask("Evidence: what shows it | link (enter to skip)")
        description, _, link = reply.partition("|")
        if description.strip():
            evidence.append(Evidence(description=description.strip(), link_or_path=link.strip()))
    given = ControlAnswer(
        answer=answer,
        note=note,
        evidence=evidence,
        answered_by=session.answered_by,
        answered_on=session.today,
        target_date=target,
    )
    return with_followups(asker, given, current)


def _ask_jump(pack: Pack, queue: list[tuple[Domain, Control]], asker: Asker, index: int) -> int:
    prefixes = list(dict.fromkeys(d.prefix for d, _ in queue))
    reply = asker.ask(f"Jump to which domain ({', '.join(prefixes)}; enter to stay)").upper()
    if not reply:
        return index
    for position, (domain, _) in enumerate(queue):
        if domain.prefix == reply:
            return position
    asker.show(text.jump_refusal(pack, reply, prefixes))
    return index


def _ask_date(
    asker: Asker, prompt: str, default: str = "", *, past_warned_from: date | None = None
) -> date:
    """A real date; one before `past_warned_from` (a target date in the past) is confirmed."""
    while True:
        reply = _required(asker, prompt, default=default)
        try:
            when = parse_target_date(reply)
        except AnswerError as error:
            asker.show(str(error))
            continue
        if past_warned_from is not None and when < past_warned_from:
            confirm = asker.ask(f"{when.isoformat()} is in the past; keep it? y/n", default="n")
            if not confirm.lower().startswith("y"):
                continue
        return when


def _required(asker: Asker, prompt: str, *, default: str = "") -> str:
    while True:
        reply = asker.ask(prompt, default=default)
        if reply:
            return reply
        asker.show("This one needs an answer.")
