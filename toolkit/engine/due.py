"""What is due on a given day: reviews, expiring evidence and acceptances, late work.

`today` is always a parameter, never the clock, so a CI job and a test get
the same answer for the same files and the same day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from toolkit.i18n import _
from toolkit.model.age_assurance import SURFACE_LABEL
from toolkit.model.assessment import OPEN_STATUSES, Answer, Assessment
from toolkit.model.pack import JURISDICTIONS, Framework, LegalStatus, Pack, binds_where
from toolkit.model.result import RiskRegister


class DueKind(StrEnum):
    """What falls due."""

    REVIEW = "review"
    EVIDENCE = "evidence"
    ACCEPTANCE = "acceptance"
    ACTION = "action"
    PLANNED = "planned"
    REVISIT = "risk to revisit"
    LAW = "law takes effect"
    AGE_CHECK = "age check review"


LAWS = frozenset(
    {
        LegalStatus.IN_FORCE,
        LegalStatus.NOT_YET_IN_FORCE,
        LegalStatus.UNDER_APPEAL,
        LegalStatus.PARTLY_ENJOINED,
        LegalStatus.ENJOINED,
    }
)
"""The legal statuses of a law (guidance, proposals and voluntary codes take no effect)."""


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
    standing: str = ""
    """For a law, where it stands on the day the list is made for (in force, takes effect,
    under appeal, enjoined); empty for work that falls due."""


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
    for surface, check in (assessment.age_assurance or {}).items():
        if check.review_on:
            what = _("review the age check at {place}").format(place=_(SURFACE_LABEL[surface]))
            found.append((DueKind.AGE_CHECK, surface.value, check.review_on, what))
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


def law_items(
    source: str, pack: Pack, assessment: Assessment, today: date, within: int
) -> list[DueItem]:
    """The laws binding where the product is offered whose effective date lies within
    `within` days of `today`, either side: those about to take effect and those that just
    did, each with where it stands on `today`. Nothing is listed while the profile does
    not say where the product is offered; a law is never overdue."""
    chosen = assessment.profile.get(JURISDICTIONS)
    if chosen is None:
        return []
    places = [chosen] if isinstance(chosen, str) else list(chosen)
    question = pack.question(JURISDICTIONS)
    offered = [option.value for option in question.options] if question else []
    start, horizon = today - timedelta(days=within), today + timedelta(days=within)
    items = []
    for framework in pack.frameworks:
        if framework.legal_status not in LAWS or framework.effective is None:
            continue
        on = date.fromisoformat(framework.effective)
        if not start <= on <= horizon:
            continue
        if not binds_where(framework.jurisdiction, places, offered):
            continue
        standing, sentence = law_standing(framework, on, today)
        what = _("{title}: {standing}").format(title=framework.title, standing=sentence)
        items.append(
            DueItem(source, DueKind.LAW, framework.id, on, what, overdue=False, standing=standing)
        )
    return items


def law_standing(framework: Framework, on: date, today: date) -> tuple[str, str]:
    """Where a law stands on `today`, in a word and in a sentence. An enjoined law reads
    as not binding whatever its date."""
    status = framework.status_on(today)
    day = on.isoformat()
    if status is LegalStatus.ENJOINED:
        sentence = _("enjoined by a court, not binding (was to take effect on {day})")
        return _("enjoined"), sentence.format(day=day)
    if status is LegalStatus.PARTLY_ENJOINED:
        return _("partly enjoined"), _(
            "partly enjoined by a court: only the provisions not enjoined bind, from {day}"
        ).format(day=day)
    if status is LegalStatus.UNDER_APPEAL:
        if on > today:
            return _("under appeal"), _("takes effect on {day}, under appeal").format(day=day)
        return _("under appeal"), _("in force since {day}, under appeal").format(day=day)
    if on > today:
        return _("takes effect"), _("takes effect on {day}").format(day=day)
    return _("in force"), _("in force since {day}").format(day=day)
