"""The interactive walk-through: profile first, then every in-scope control.

The interview talks only to an `Asker`, so tests drive it with a script and
the CLI with a terminal. It calls `save` after every confirmed answer; an
interruption at any prompt loses at most the answer being typed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from toolkit.assessment import (
    ANSWER_KEYS,
    NEEDS_TEXT,
    Answer,
    Assessment,
    ControlAnswer,
    Evidence,
    Metadata,
    parse_answer,
    with_answer,
    with_profile,
)
from toolkit.checklist import Control, Domain, Pack, ProfileQuestion
from toolkit.conditions import Context, evaluate
from toolkit.errors import AnswerError


class Asker(Protocol):
    """The interview's only way to talk to a person."""

    def show(self, text: str, *, title: str | None = None) -> None:
        """Show information (a control, guidance, a summary)."""

    def ask(self, prompt: str, *, default: str = "") -> str:
        """Ask for one line of text; return it stripped (or `default` when empty)."""


@dataclass(frozen=True)
class Session:
    """Who is answering, on what date, and which domains to walk through."""

    answered_by: str
    today: date
    domains: Sequence[str] = ()


GUIDANCE_KEY = "?"
KEY_HELP = (
    " · ".join(f"{key} {answer.value}" for key, answer in ANSWER_KEYS.items()) + " · ? guidance"
)


def run_interview(
    pack: Pack,
    assessment: Assessment,
    asker: Asker,
    save: Callable[[Assessment], None],
    session: Session,
) -> Assessment:
    """Ask what is unanswered and return the completed assessment (saved all along)."""
    assessment = _ask_metadata(assessment, asker, save, session)
    for question in pack.profile:
        if question.id not in assessment.profile:
            value = _ask_profile(question, asker)
            assessment = _stamped(with_profile(assessment, question.id, value), session)
            save(assessment)
    pending = pending_controls(pack, assessment, session.domains)
    for number, (domain, control) in enumerate(pending, start=1):
        asker.show(_control_text(control, domain, number, len(pending)), title=control.id)
        answer = _ask_control(control, asker, session)
        assessment = _stamped(with_answer(assessment, control.id, answer), session)
        save(assessment)
    return assessment


def pending_controls(
    pack: Pack, assessment: Assessment, domains: Sequence[str] = ()
) -> list[tuple[Domain, Control]]:
    """In-scope controls without an answer, in pack order (optionally some domains only)."""
    context = Context(pack.profile, pack.conditions, assessment.profile)
    return [
        (domain, control)
        for domain in pack.domains
        if not domains or domain.prefix in domains
        for control in domain.controls
        if control.id not in assessment.answers
        and (control.applies_when is None or evaluate(control.applies_when, context) is not False)
    ]


def _stamped(assessment: Assessment, session: Session) -> Assessment:
    metadata = assessment.metadata.model_copy(update={"updated_on": session.today})
    if metadata.started_on is None:
        metadata = metadata.model_copy(update={"started_on": session.today})
    if session.answered_by and session.answered_by not in metadata.assessors:
        metadata = metadata.model_copy(
            update={"assessors": [*metadata.assessors, session.answered_by]}
        )
    return assessment.model_copy(update={"metadata": metadata})


def _ask_metadata(
    assessment: Assessment, asker: Asker, save: Callable[[Assessment], None], session: Session
) -> Assessment:
    metadata = assessment.metadata
    if metadata.product:
        return assessment
    product = _required(asker, "Product name")
    updated = Metadata(
        product=product,
        product_version=asker.ask("Product version (enter to skip)"),
        organisation=asker.ask("Organisation (enter to skip)"),
    )
    assessment = _stamped(assessment.model_copy(update={"metadata": updated}), session)
    save(assessment)
    return assessment


def _ask_profile(question: ProfileQuestion, asker: Asker) -> str | list[str]:
    lines = [question.help, ""] if question.help else []
    for number, option in enumerate(question.options, start=1):
        extra = f": {option.help}" if option.help else ""
        lines.append(f"{number}. {option.label}{extra}")
    asker.show("\n".join(lines), title=question.text)
    while True:
        if question.kind == "single":
            reply = _required(asker, "Choose one number")
            chosen = _pick(question, [reply])
        else:
            reply = asker.ask("Numbers separated by commas (enter for none)")
            chosen = _pick(question, [part for part in reply.split(",") if part.strip()])
        if chosen is not None:
            return chosen[0] if question.kind == "single" else chosen
        asker.show(f"Please answer with numbers from 1 to {len(question.options)}.")


def _pick(question: ProfileQuestion, replies: list[str]) -> list[str] | None:
    values = []
    for reply in replies:
        text = reply.strip()
        if text.isdigit() and 1 <= int(text) <= len(question.options):
            values.append(question.options[int(text) - 1].value)
        elif question.option(text) is not None:
            values.append(text)
        else:
            return None
    return list(dict.fromkeys(values))


def _control_text(control: Control, domain: Domain, number: int, total: int) -> str:
    return (
        f"[{number}/{total}] {domain.title}\n"
        f"{control.title} ({control.severity.value})\n\n{control.question}"
    )


def _guidance_text(control: Control) -> str:
    parts = [f"What a full yes looks like: {control.guidance}"]
    if control.partial:
        parts.append(f"Partial means: {control.partial}")
    if control.evidence:
        parts.append("Evidence: " + "; ".join(control.evidence))
    parts.append(f"Why it matters: {control.why}")
    return "\n\n".join(parts)


def _ask_control(control: Control, asker: Asker, session: Session) -> ControlAnswer:
    while True:
        reply = asker.ask(f"Answer ({KEY_HELP})")
        if reply == GUIDANCE_KEY:
            asker.show(_guidance_text(control), title=f"{control.id} guidance")
            continue
        try:
            answer = parse_answer(reply)
        except AnswerError as error:
            asker.show(str(error))
            continue
        break
    if answer in NEEDS_TEXT:
        note = _required(asker, NEEDS_TEXT[answer].capitalize())
    else:
        note = asker.ask("Note (enter to skip)")
    target = _ask_date(asker, "Target date (YYYY-MM-DD)") if answer == Answer.PLANNED else None
    evidence = []
    if answer in (Answer.YES, Answer.PARTIAL, Answer.ALTERNATIVE):
        description = asker.ask("Evidence: what shows it (enter to skip)")
        if description:
            link = asker.ask("Evidence link or path (enter to skip)")
            evidence.append(Evidence(description=description, link_or_path=link))
    return ControlAnswer(
        answer=answer,
        note=note,
        evidence=evidence,
        answered_by=session.answered_by,
        answered_on=session.today,
        target_date=target,
    )


def _ask_date(asker: Asker, prompt: str) -> date:
    while True:
        reply = _required(asker, prompt)
        try:
            return date.fromisoformat(reply)
        except ValueError:
            asker.show(f"{reply!r} is not a date in the form YYYY-MM-DD.")


def _required(asker: Asker, prompt: str) -> str:
    while True:
        reply = asker.ask(prompt)
        if reply:
            return reply
        asker.show("This one needs an answer.")
