"""What is due on a given day: reviews, expiring evidence and acceptances, late work.

`today` is always a parameter, never the clock, so a CI job and a test get
the same answer for the same files and the same day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from toolkit.i18n import _
from toolkit.model.assessment import OPEN_STATUSES, Answer, Assessment
from toolkit.model.result import RiskRegister


class DueKind(StrEnum):
    """What falls due."""

    REVIEW = "review"
    EVIDENCE = "evidence"
    ACCEPTANCE = "acceptance"
    ACTION = "action"
    PLANNED = "planned"
    REVISIT = "risk to revisit"


@dataclass(frozen=True)
class DueItem:
    """One date that matters, for one assessment."""

    source: str
    """The assessment it comes from (its file name, as the user gave it)."""
    kind: DueKind
    subject: str
    """The control id, or the product for a review."""
    on: date
    what: str
    overdue: bool


def due_items(source: str, assessment: Assessment, today: date, within: int) -> list[DueItem]:
    """Everything overdue on `today` or falling due within `within` days, by date."""
    horizon = today + timedelta(days=within)
    found: list[tuple[DueKind, str, date, str]] = []
    review = assessment.review_due
    if review:
        product = assessment.metadata.product or source
        found.append(
            (DueKind.REVIEW, product, review, _("re-assess {product}").format(product=product))
        )
    for control_id, given in assessment.answers.items():
        for evidence in given.evidence:
            if evidence.valid_until:
                what = _("evidence expires: {evidence}").format(evidence=evidence.description)
                found.append((DueKind.EVIDENCE, control_id, evidence.valid_until, what))
        if given.acceptance:
            what = _("risk acceptance by {approver} expires").format(
                approver=given.acceptance.approved_by
            )
            found.append((DueKind.ACCEPTANCE, control_id, given.acceptance.expires_on, what))
        action = given.action
        if action and action.due and action.status in OPEN_STATUSES:
            ticket = f" ({action.ticket})" if action.ticket else ""
            what = _("action due, owner {owner}").format(owner=action.owner) + ticket
            found.append((DueKind.ACTION, control_id, action.due, what))
        if given.answer is Answer.PLANNED and given.target_date:
            what = _("planned measure due")
            found.append((DueKind.PLANNED, control_id, given.target_date, what))
    items = [
        DueItem(source, kind, subject, on, what, overdue=on < today)
        for kind, subject, on, what in found
        if on <= horizon
    ]
    return sorted(items, key=lambda item: (item.on, item.source, item.kind, item.subject))


def revisit_items(source: str, register: RiskRegister, today: date) -> list[DueItem]:
    """The harms whose rating is to revisit (their factors or mitigating answers changed
    since they were rated), due now; and each harm's open action on its remaining risk."""
    items = [
        DueItem(
            source,
            DueKind.REVISIT,
            line.harm_id,
            today,
            _("rate again: {changes}").format(changes="; ".join(line.revisit)),
            overdue=False,
        )
        for line in register.to_revisit
    ]
    items += [
        DueItem(
            source,
            DueKind.ACTION,
            line.harm_id,
            line.action_due,
            _("action on the remaining risk due, owner {owner}").format(owner=line.owner),
            overdue=line.action_due < today,
        )
        for line in register.lines
        if line.action_due is not None and line.owner
    ]
    return items
