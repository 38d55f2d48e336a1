"""The interactive walk-through: metadata, profile, scope, then the controls.

The interview talks only to an `Asker`, so tests drive it with a script and
the CLI with a terminal. It calls `save` after every confirmed answer; an
interruption at any prompt loses at most the answer being typed, and a failed
save is shown with the answer still on screen, to retry or to stop.

Within the controls a person can move freely: back (across domains), skip,
jump to a domain, or save and quit; going back to an answered control offers
its current answer as the default.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Protocol

from toolkit.engine.scoring import score
from toolkit.errors import AnswerError, FileProblem
from toolkit.model.assessment import (
    ANSWER_KEYS,
    NEEDS_TEXT,
    Answer,
    Assessment,
    ControlAnswer,
    Evidence,
    Metadata,
    parse_answer,
)
from toolkit.model.pack import Control, Domain, Pack, ProfileQuestion
from toolkit.model.result import DomainResult, Result
from toolkit.workflow.followups import (
    announce_reconfirm,
    change_reason,
    reconfirmed,
    to_reconfirm,
    with_followups,
)
from toolkit.workflow.recording import (
    changed_controls,
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
        """Show the closing table: per domain the score, rating and critical gaps."""


@dataclass(frozen=True)
class Session:
    """Who is answering, on what date, which domains, and how (review, teach)."""

    answered_by: str
    today: date
    domains: Sequence[str] = ()
    review: bool = False
    teach: bool = False
    confirm_name: bool = False
    """Ask the person's name first (it was guessed, not given with --as)."""


@dataclass(frozen=True)
class Outcome:
    """The assessment as last saved, and whether the walk-through reached its end."""

    assessment: Assessment
    finished: bool


Save = Callable[[Assessment], None]

GUIDANCE, WHY, BACK, SKIP, JUMP, QUIT = "?", "w", "b", "s", "j", "q"
KEEP = ""
"""The reply that keeps a control's current answer."""

NAVIGATION = {
    GUIDANCE: "guidance",
    WHY: "why",
    BACK: "back",
    SKIP: "skip",
    JUMP: "jump",
    QUIT: "save and quit",
}
ANSWER_HELP = " · ".join(f"{key} {answer.value}" for key, answer in ANSWER_KEYS.items())
NAVIGATION_HELP = " · ".join(f"{key} {what}" for key, what in NAVIGATION.items())
EVIDENCED = (Answer.YES, Answer.PARTIAL, Answer.ALTERNATIVE)


def run_interview(
    pack: Pack, assessment: Assessment, asker: Asker, save: Save, session: Session
) -> Outcome:
    """Ask what this run should ask; return the assessment as saved and whether it finished."""
    assessment, session = _ask_metadata(assessment, asker, save, session)
    for question in pack.profile:
        if question.id not in assessment.profile:
            value = _ask_profile(question, asker)
            recorded = record_profile(assessment, question, value, *_who(session))
            updated = stamped(recorded, *_who(session))
            assessment = _saved(updated, save, asker, f"{question.text} {value}")
    queue = questions(pack, assessment, session)
    asker.show(_scope_text(pack, assessment, session, len(queue)), title="Scope")
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
    in_scope = {o.id for o in score(pack, assessment).controls if o.scope != "out_of_scope"}
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
    """Product details for a new assessment, then (unless given) who is answering."""
    metadata = assessment.metadata
    if not metadata.product:
        metadata = Metadata(
            product=_required(asker, "Product name"),
            product_version=asker.ask("Product version (enter to skip)"),
            organisation=asker.ask("Organisation (enter to skip)"),
        )
    if session.confirm_name:
        name = _required(asker, "Your name, recorded with each answer", default=session.answered_by)
        session = replace(session, answered_by=name, confirm_name=False)
    if metadata != assessment.metadata:
        updated = stamped(assessment.model_copy(update={"metadata": metadata}), *_who(session))
        assessment = _saved(updated, save, asker, f"product {metadata.product}")
    return assessment, session


def _ask_profile(question: ProfileQuestion, asker: Asker) -> str | list[str]:
    lines = [question.help, ""] if question.help else []
    for number, option in enumerate(question.options, start=1):
        extra = f": {option.help}" if option.help else ""
        lines.append(f"{number}. {option.label}{extra}")
    asker.show("\n".join(lines), title=question.text)
    while True:
        if question.kind == "single":
            replies = [_required(asker, "Choose one number")]
        else:
            reply = asker.ask("Numbers separated by commas (enter for none)")
            replies = [part for part in reply.split(",") if part.strip()]
        try:
            return profile_value(question, replies)
        except AnswerError as error:
            asker.show(str(error))


def _scope_text(pack: Pack, assessment: Assessment, session: Session, asked: int) -> str:
    result = score(pack, assessment)
    domains = [d for d in result.domains if not session.domains or d.prefix in session.domains]
    total = sum(d.in_scope + d.out_of_scope + d.not_applicable for d in domains)
    applying = sum(d.in_scope + d.not_applicable for d in domains)
    lines = [f"{applying} of {total} controls apply to this product."]
    lines += [f"  {d.prefix} {d.title}: {d.in_scope + d.not_applicable}" for d in domains]
    prefixes = {d.prefix for d in domains}
    out = [o for o in result.controls if o.scope == "out_of_scope" and o.domain in prefixes]
    if out:
        lines += ["", "Out of scope, by the profile answer that excludes them:"]
        by_reason: dict[str, list[str]] = {}
        for outcome in out:
            by_reason.setdefault(outcome.scope_reason, []).append(outcome.id)
        lines += [f"  {', '.join(ids)}: {reason}" for reason, ids in by_reason.items()]
    lines += ["", f"This run asks {asked} question{'s' if asked != 1 else ''}."]
    return "\n".join(lines)


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
            asker.show(_domain_intro(domain, queue), title=f"{domain.prefix} {domain.title}")
            shown_domain = domain.prefix
        current = assessment.answers.get(control.id)
        text = _control_text(control, queue, index, current)
        asker.show(text, title=f"{control.id} {control.title}")
        reply = _ask_control(control, current, asker, session)
        if isinstance(reply, ControlAnswer):
            reason = change_reason(asker, current, reply)
            updated = stamped(
                record_answer(pack, assessment, control, reply, reason), *_who(session)
            )
            assessment = _saved(updated, save, asker, _answer_text(control, reply))
            asker.show(_progress_text(score(pack, assessment), domain))
            if session.teach:
                asker.show(_teach_text(control), title=f"{control.id} for the workshop")
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


def _domain_intro(domain: Domain, queue: list[tuple[Domain, Control]]) -> str:
    count = sum(d.prefix == domain.prefix for d, _ in queue)
    lines = [domain.description.strip()] if domain.description.strip() else []
    lines.append(f"{count} question{'s' if count != 1 else ''} here in this run.")
    return "\n\n".join(lines)


def _control_text(
    control: Control,
    queue: list[tuple[Domain, Control]],
    index: int,
    current: ControlAnswer | None,
) -> str:
    domain = queue[index][0]
    in_domain = [i for i, (d, _) in enumerate(queue) if d.prefix == domain.prefix]
    lines = [
        f"Question {index + 1} of {len(queue)} · {domain.prefix} "
        f"{in_domain.index(index) + 1} of {len(in_domain)} · {control.severity.value}",
        "",
        control.question,
        "",
    ]
    if current is not None:
        note = f" ({current.note})" if current.note else ""
        lines.append(f"Current answer: {current.answer.value}{note}; enter keeps it.")
    lines += [ANSWER_HELP, NAVIGATION_HELP]
    return "\n".join(lines)


def _guidance_text(control: Control) -> str:
    parts = [f"What a full yes looks like: {control.guidance}"]
    if control.evidence:
        parts.append("Evidence examples:\n" + "\n".join(f"- {e}" for e in control.evidence))
    parts.append(
        f"Partial means: {control.partial}"
        if control.partial
        else "Partial means: in place on some surfaces, for some age bands, or not by default."
    )
    return "\n\n".join(parts)


def _teach_text(control: Control) -> str:
    return f"Why it matters: {control.why}\n\n{_guidance_text(control)}"


def _answer_text(control: Control, answer: ControlAnswer) -> str:
    note = f" ({answer.note})" if answer.note else ""
    return f"{control.id} {answer.answer.value}{note}"


def _progress_text(result: Result, domain: Domain) -> str:
    card: DomainResult = next(d for d in result.domains if d.prefix == domain.prefix)
    answered = card.in_scope - card.unanswered
    if card.score is None or card.rating is None:
        standing = "not scored yet"
    else:
        standing = f"{card.score:.0f}/100, {card.rating.value.capitalize()}"
    counts = f"{answered} of {card.in_scope} answered"
    return f"Saved. {domain.prefix} {domain.title}: {standing} ({counts})."


def _ask_control(
    control: Control, current: ControlAnswer | None, asker: Asker, session: Session
) -> ControlAnswer | str:
    """An answer, or a navigation key (KEEP, SKIP, BACK, JUMP, QUIT)."""
    while True:
        reply = asker.ask("Answer").lower()
        if reply == GUIDANCE:
            asker.show(_guidance_text(control), title=f"{control.id} guidance")
        elif reply == WHY:
            asker.show(control.why, title=f"{control.id} why it matters")
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
    earlier_note = current.note if current else ""
    if answer in NEEDS_TEXT:
        note = _required(asker, NEEDS_TEXT[answer].capitalize(), default=earlier_note)
    else:
        note = asker.ask("Note (enter to skip)", default=earlier_note)
    target = None
    if answer == Answer.PLANNED:
        earlier = current.target_date.isoformat() if current and current.target_date else ""
        target = _ask_date(asker, "Target date (YYYY-MM-DD)", earlier)
    evidence = list(current.evidence) if current else []
    if answer in EVIDENCED:
        if evidence:
            asker.show("Evidence on record: " + "; ".join(e.description for e in evidence))
        description = asker.ask("Evidence: what shows it (enter to skip)")
        if description:
            link = asker.ask("Evidence link or path (enter to skip)")
            evidence.append(Evidence(description=description, link_or_path=link))
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
    known = pack.domain(reply)
    asker.show(
        f"No questions in {reply} in this run (answered ones can be revisited with --review)."
        if known
        else f"No domain {reply}; use one of {', '.join(prefixes)}."
    )
    return index


def _ask_date(asker: Asker, prompt: str, default: str = "") -> date:
    while True:
        reply = _required(asker, prompt, default=default)
        try:
            return date.fromisoformat(reply)
        except ValueError:
            asker.show(f"{reply!r} is not a date in the form YYYY-MM-DD.")


def _required(asker: Asker, prompt: str, *, default: str = "") -> str:
    while True:
        reply = asker.ask(prompt, default=default)
        if reply:
            return reply
        asker.show("This one needs an answer.")
