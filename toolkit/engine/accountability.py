"""Owners, acceptances, history and the sign-off binding of one assessment.

Computed once per evaluation (see `evaluate`), so every output that speaks of
them agrees: "changed since sign-off" is decided here and nowhere else.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from toolkit.model.accountability import Accountability, Binding, SignOffState
from toolkit.model.assessment import OPEN_STATUSES, Assessment
from toolkit.model.hashing import signed_sha256
from toolkit.model.plan import ActionPlan
from toolkit.model.result import Result


def signoff_state(assessment: Assessment) -> SignOffState:
    """Whether the latest sign-off still covers the answers as they are now."""
    if not assessment.signoffs:
        return SignOffState(binding=Binding.NEVER_SIGNED)
    latest = assessment.signoffs[-1]
    if not latest.assessment_sha256:
        binding = Binding.UNBOUND
    elif latest.assessment_sha256 == signed_sha256(assessment):
        binding = Binding.CURRENT
    else:
        binding = Binding.CHANGED
    return SignOffState(
        binding=binding, reviewer=latest.reviewer, decision=latest.decision, on=latest.on
    )


def history_problems(assessment: Assessment) -> list[str]:
    """Where the last recorded change of an answer is not the answer the file holds.

    Only answers with a history are checked: files from before the history was
    kept, and first answers, have none.
    """
    last: dict[str, str | list[str]] = {}
    for change in assessment.history:
        last[change.id] = change.after
    problems = []
    for item_id, recorded in last.items():
        given = assessment.answers.get(item_id)
        held = given.answer.value if given else assessment.profile.get(item_id)
        if held != recorded:
            shown = held if held is not None else "no answer"
            problems.append(
                f"the history says {item_id} was last changed to {_text(recorded)}, but the file "
                f"holds {_text(shown)}: it was edited without crbd"
            )
    return problems


def accountability(
    assessment: Assessment, result: Result, plan: ActionPlan, as_of: date | None = None
) -> Accountability:
    """Owners, overdue actions, acceptances, unconfirmed answers, changes and sign-off."""
    today = as_of or assessment.assessed_on
    return Accountability(
        signoff=signoff_state(assessment),
        unowned_gaps=[item.control_id for item in plan.items if item.action is None],
        overdue_actions=[
            item.control_id
            for item in plan.items
            if item.action
            and item.action.status in OPEN_STATUSES
            and item.action.due
            and today
            and item.action.due < today
        ],
        accepted=list(result.accepted),
        expired_acceptances=list(result.expired_acceptances),
        unconfirmed=[cid for cid, given in assessment.answers.items() if given.to_reconfirm],
        changes=dict(Counter(change.id for change in assessment.history)),
        history_problems=history_problems(assessment),
    )


def _text(value: str | list[str]) -> str:
    return ", ".join(value) if isinstance(value, list) else value
