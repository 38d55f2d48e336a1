"""The words every document and table uses for answers, ratings, decisions, scores and dates.

Defined once beside the renderers, keyed by the enums, so the report, the
progress report, the workshop summary and the terminal tables can never
word the same value two ways.
"""

from __future__ import annotations

from datetime import date

from toolkit.model.assessment import Answer, Decision
from toolkit.model.choices import every
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
    "international": "International",
}

NOT_SCORED = "not scored"
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
