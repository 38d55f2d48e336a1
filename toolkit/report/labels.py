"""The words every document and table uses for answers, ratings, decisions, scores and dates.

Defined once beside the renderers, keyed by the enums, so the report, the
progress report, the workshop summary and the terminal tables can never
word the same value two ways.
"""

from __future__ import annotations

from datetime import date

from toolkit.model.assessment import Answer, Decision
from toolkit.model.choices import every
from toolkit.model.pack import Framework, LegalStatus
from toolkit.model.plan import Horizon
from toolkit.model.result import Rating

ANSWER_LABEL: dict[Answer, str] = every(
    Answer,
    {
        Answer.YES: "Yes",
        Answer.ALTERNATIVE: "Alternative measure",
        Answer.PARTIAL: "Partial",
        Answer.PLANNED: "Planned",
        Answer.NO: "No",
        Answer.UNKNOWN: "Unknown",
        Answer.NA: "Not applicable",
    },
)
NOT_ANSWERED = "Not answered"

DECISION_LABEL: dict[Decision, str] = {
    Decision.APPROVED: "Approved",
    Decision.CHANGES_REQUESTED: "Changes requested",
    Decision.REJECTED: "Rejected",
}

HORIZON_LABEL: dict[Horizon, tuple[str, str]] = {
    Horizon.NOW: ("Now", "critical and high gaps"),
    Horizon.NEXT: ("Next", "medium gaps"),
    Horizon.LATER: ("Later", "low gaps"),
}
"""The roadmap's horizons as printed: name and what each one takes."""

JURISDICTION_LABEL = {
    "uk": "United Kingdom",
    "eu": "European Union",
    "nl": "Netherlands",
    "us": "United States",
    "au": "Australia",
    "br": "Brazil",
    "us-ca": "United States: California",
    "us-il": "United States: Illinois",
    "us-la": "United States: Louisiana",
    "us-tx": "United States: Texas",
    "us-ut": "United States: Utah",
    "international": "International",
}

LEGAL_STATUS_LABEL: dict[LegalStatus, str] = every(
    LegalStatus,
    {
        LegalStatus.IN_FORCE: "In force",
        LegalStatus.NOT_YET_IN_FORCE: "Not yet in force",
        LegalStatus.UNDER_APPEAL: "In force, under appeal",
        LegalStatus.PARTLY_ENJOINED: "Partly enjoined",
        LegalStatus.ENJOINED: "Enjoined, not binding",
        LegalStatus.GUIDANCE: "Guidance, not binding",
        LegalStatus.PROPOSED: "Proposed, not binding",
        LegalStatus.VOLUNTARY: "Voluntary",
    },
)
"""A framework's legal status as printed wherever frameworks are listed."""

NOT_SCORED = "not scored"
NOT_RECORDED = "Not recorded"
NOT_RATED = "Not rated"


def score_words(value: float | None) -> str:
    """A score as printed in documents: whole points, or "not scored"."""
    return NOT_SCORED if value is None else f"{value:.0f}"


def rating_words(rating: Rating | None) -> str:
    """A rating in words, or "Not rated"."""
    return NOT_RATED if rating is None else rating.value.capitalize()


def date_words(value: date | None) -> str:
    """A date as printed in the report: ISO 8601, or empty when there is none."""
    return value.isoformat() if value is not None else ""


def legal_status_words(framework: Framework | None, as_of: date | None) -> str:
    """A framework's legal status on `as_of` (as recorded when None), with its date.

    A law recorded as not yet in force reads as in force once its effective date has
    passed, so a report written later never understates it; an enjoined law never reads
    as binding.
    """
    if framework is None:
        return ""
    if framework.legal_status is None:
        return NOT_RECORDED
    status = framework.legal_status if as_of is None else framework.status_on(as_of)
    assert status is not None
    words = LEGAL_STATUS_LABEL[status]
    if framework.effective is None:
        return words
    if status is LegalStatus.NOT_YET_IN_FORCE:
        return f"{words}, from {framework.effective}"
    if status is LegalStatus.IN_FORCE:
        return f"{words} since {framework.effective}"
    if status is LegalStatus.UNDER_APPEAL:
        return f"In force since {framework.effective}, under appeal"
    return words
