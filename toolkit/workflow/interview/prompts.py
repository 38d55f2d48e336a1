"""Prompt primitives over an `Asker`, shared by the terminal walk, its follow-ups and the
risk step: a required line, a real date, and a save that is retried until it works."""

from __future__ import annotations

from datetime import date

from toolkit.errors import AnswerError, FileProblem
from toolkit.i18n import N_, _
from toolkit.model.assessment import Assessment
from toolkit.workflow.interview.session import Asker, Save
from toolkit.workflow.recording import parse_target_date

RETRY, STOP = "r", "q"
NEEDS_AN_ANSWER = N_("This one needs an answer.")


def required(asker: Asker, prompt: str, *, default: str = "") -> str:
    """A non-empty line; an empty one is refused and asked again."""
    while True:
        reply = asker.ask(prompt, default=default)
        if reply:
            return reply
        asker.show(_(NEEDS_AN_ANSWER))


def ask_date(
    asker: Asker, prompt: str, default: str = "", *, past_warned_from: date | None = None
) -> date:
    """A real date; one before `past_warned_from` (a target date in the past) is confirmed."""
    while True:
        reply = required(asker, prompt, default=default)
        try:
            when = parse_target_date(reply)
        except AnswerError as error:
            asker.show(str(error))
            continue
        if past_warned_from is not None and when < past_warned_from:
            if not confirm_past(asker, when):
                continue
        return when


def confirm_past(asker: Asker, when: date) -> bool:
    """Whether a date in the past is meant."""
    question = _("{day} is in the past; keep it? y/n").format(day=when.isoformat())
    return asker.ask(question, default="n").lower().startswith("y")


def saved(assessment: Assessment, save: Save, asker: Asker, what: str) -> Assessment:
    """Save, or show why not with the unsaved answer, until saved or the person stops."""
    while True:
        try:
            save(assessment)
            return assessment
        except FileProblem as problem:
            retry_or_stop(asker, problem, what)


def retry_or_stop(asker: Asker, problem: FileProblem, what: str) -> None:
    """After a failed save: return to retry, or raise the problem again to stop."""
    asker.show(
        _("{problem}\n\nNot saved yet: {what}").format(problem=problem, what=what),
        title=_("Could not save"),
    )
    reply = asker.ask(_("r to retry once it is fixed, q to stop without it"), default=RETRY)
    if reply.lower() == STOP:
        raise problem
