"""The interview's follow-ups, as pure rules: an owner for a gap, the action a closed gap
leaves done, and reconfirming answers copied from last year's assessment.

The prompts themselves are steps of the session (`steps`); these are the rules
they and the import share.
"""

from __future__ import annotations

from datetime import date

from pydantic import ValidationError

from toolkit.i18n import N_, _, ngettext
from toolkit.model.assessment import (
    OPEN_STATUSES,
    Action,
    ActionStatus,
    Assessment,
    ControlAnswer,
)
from toolkit.workflow.interview.session import Asker, Session

ACTION_PROMPT = N_("Owner and due date, e.g. Sam Lee 2027-03-31 (enter to skip)")
KEPT_ACTION_PROMPT = N_("Owner and due date (enter keeps them, - removes them)")
REMOVE = "-"


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
        raise ValueError(
            _("{text!r} names no owner; give a name, then optionally a date.").format(text=text)
        )
    status = earlier.status if earlier else ActionStatus.OPEN
    ticket = earlier.ticket if earlier else ""
    try:
        return Action(owner=owner, due=due, status=status, ticket=ticket)
    except ValidationError as error:  # pragma: no cover - the fields above are all valid
        raise ValueError(str(error)) from None


def action_default(earlier: Action | None) -> str:
    """The owner-and-date line an earlier action offers as the default."""
    return f"{earlier.owner} {earlier.due or ''}".strip() if earlier else ""


def closed(action: Action | None) -> Action | None:
    """A gap closed (yes, alternative) or found not to apply: its open action is done."""
    if action is None or action.status not in OPEN_STATUSES:
        return action
    return action.model_copy(update={"status": ActionStatus.DONE})


def to_reconfirm(assessment: Assessment) -> set[str]:
    """The controls whose answers were copied from a baseline and are not confirmed yet."""
    return {control_id for control_id, given in assessment.answers.items() if given.to_reconfirm}


def reconfirm_text(assessment: Assessment) -> str:
    """What to say once before the controls about copied answers; empty when there are none."""
    count = len(to_reconfirm(assessment))
    if not count:
        return ""
    return ngettext(
        "{count} answer came from an earlier assessment. "
        "Each is asked again with its old answer; enter confirms it.",
        "{count} answers came from an earlier assessment. "
        "Each is asked again with its old answer; enter confirms it.",
        count,
    ).format(count=count)


def announce_reconfirm(asker: Asker, assessment: Assessment) -> None:
    """Say, once before the controls, that copied answers are asked again and how."""
    said = reconfirm_text(assessment)
    if said:
        asker.show(said, title=_("To reconfirm"))


def reconfirmed(current: ControlAnswer, session: Session) -> ControlAnswer:
    """A copied answer kept as it was, now confirmed by this person today."""
    return current.model_copy(
        update={
            "to_reconfirm": False,
            "answered_by": session.answered_by,
            "answered_on": session.today,
        }
    )
