"""The interview's follow-up prompts: an owner for a gap, a reason for a change,
and reconfirming answers copied from last year's assessment.

Each is one short, skippable line over the interview's `Asker`, so a team can
answer at its own pace and a script can drive it.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from pydantic import ValidationError

from toolkit.model.assessment import (
    GAP_ANSWERS,
    OPEN_STATUSES,
    Action,
    ActionStatus,
    Assessment,
    ControlAnswer,
)

if TYPE_CHECKING:
    from toolkit.workflow.interview import Asker, Session

ACTION_PROMPT = "Owner and due date, e.g. Sam Lee 2027-03-31 (enter to skip)"
KEPT_ACTION_PROMPT = "Owner and due date (enter keeps them, - removes them)"
REMOVE = "-"


def with_followups(
    asker: Asker, answer: ControlAnswer, current: ControlAnswer | None
) -> ControlAnswer:
    """The answer with its action (asked for a gap) and any acceptance still applicable.

    An answer that closes the gap marks its open action done; an acceptance is
    kept while the answer still leaves a gap, and dropped once it does not.
    """
    earlier_action = current.action if current else None
    if answer.answer in GAP_ANSWERS:
        action = ask_action(asker, earlier_action)
    else:
        action = _closed(earlier_action)
    acceptance = current.acceptance if current and answer.answer in GAP_ANSWERS else None
    return answer.model_copy(update={"action": action, "acceptance": acceptance})


def ask_action(asker: Asker, earlier: Action | None) -> Action | None:
    """Ask for an owner and an optional due date on one line; enter keeps or skips."""
    default = f"{earlier.owner} {earlier.due or ''}".strip() if earlier else ""
    prompt = KEPT_ACTION_PROMPT if earlier else ACTION_PROMPT
    while True:
        reply = asker.ask(prompt, default=default)
        if not reply or reply == REMOVE:
            return None
        try:
            return parse_action(reply, earlier)
        except ValueError as error:
            asker.show(str(error))


def parse_action(text: str, earlier: Action | None = None) -> Action:
    """`OWNER [YYYY-MM-DD]` as an action, keeping an earlier action's status and ticket."""
    words = text.split()
    due = None
    if words:
        try:
            due = date.fromisoformat(words[-1])
            words = words[:-1]
        except ValueError:
            pass
    owner = " ".join(words)
    if not owner:
        raise ValueError(f"{text!r} names no owner; give a name, then optionally a date.")
    status = earlier.status if earlier else ActionStatus.OPEN
    ticket = earlier.ticket if earlier else ""
    try:
        return Action(owner=owner, due=due, status=status, ticket=ticket)
    except ValidationError as error:  # pragma: no cover - the fields above are all valid
        raise ValueError(str(error)) from None


def change_reason(asker: Asker, current: ControlAnswer | None, answer: ControlAnswer | str) -> str:
    """Why a confirmed answer changed (asked only when it did); empty when skipped."""
    if current is None or not isinstance(answer, ControlAnswer) or current.answer == answer.answer:
        return ""
    return asker.ask(
        f"Why did it change from {current.answer.value} to {answer.answer.value}? (enter to skip)"
    )


def to_reconfirm(assessment: Assessment) -> set[str]:
    """The controls whose answers were copied from a baseline and are not confirmed yet."""
    return {control_id for control_id, given in assessment.answers.items() if given.to_reconfirm}


def announce_reconfirm(asker: Asker, assessment: Assessment) -> None:
    """Say, once before the controls, that copied answers are asked again and how."""
    count = len(to_reconfirm(assessment))
    if count:
        asker.show(
            f"{count} answer{'s' if count != 1 else ''} came from an earlier assessment. "
            "Each is asked again with its old answer; enter confirms it.",
            title="To reconfirm",
        )


def reconfirmed(current: ControlAnswer, session: Session) -> ControlAnswer:
    """A copied answer kept as it was, now confirmed by this person today."""
    return current.model_copy(
        update={
            "to_reconfirm": False,
            "answered_by": session.answered_by,
            "answered_on": session.today,
        }
    )


def _closed(action: Action | None) -> Action | None:
    """A gap closed (yes, alternative) or found not to apply: its open action is done."""
    if action is None or action.status not in OPEN_STATUSES:
        return action
    return action.model_copy(update={"status": ActionStatus.DONE})
