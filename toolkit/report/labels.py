"""The words every document and table uses for answers, ratings, decisions, scores and dates.

Defined once beside the renderers, keyed by the enums, so the report, the
progress report, the workshop summary and the terminal tables can never
word the same value two ways.
"""

from __future__ import annotations

from datetime import date

from toolkit.i18n import N_
from toolkit.model.assessment import Answer, Decision
from toolkit.model.choices import Severity, every
from toolkit.model.plan import Horizon
from toolkit.model.result import Rating

ANSWER_LABEL: dict[Answer, str] = every(
    Answer,
    {
        Answer.YES: N_("Yes"),
        Answer.ALTERNATIVE: N_("Alternative measure"),
        Answer.PARTIAL: N_("Partial"),
        Answer.PLANNED: N_("Planned"),
        Answer.NO: N_("No"),
        Answer.UNKNOWN: N_("Unknown"),
        Answer.NA: N_("Not applicable"),
    },
)
NOT_ANSWERED = N_("Not answered")

DECISION_LABEL: dict[Decision, str] = {
    Decision.APPROVED: N_("Approved"),
    Decision.CHANGES_REQUESTED: N_("Changes requested"),
    Decision.REJECTED: N_("Rejected"),
}

HORIZON_LABEL: dict[Horizon, tuple[str, str]] = {
    Horizon.NOW: (N_("Now"), N_("critical and high gaps")),
    Horizon.NEXT: (N_("Next"), N_("medium gaps")),
    Horizon.LATER: (N_("Later"), N_("low gaps")),
}
"""The roadmap's horizons as printed: name and what each one takes."""

JURISDICTION_LABEL = {
    "uk": N_("United Kingdom"),
    "eu": N_("European Union"),
    "nl": N_("Netherlands"),
    "us": N_("United States"),
    "au": N_("Australia"),
    "international": N_("International"),
}

NOT_SCORED = N_("not scored")
NOT_RATED = N_("Not rated")
SEVERITY_WORDS = (N_("critical"), N_("high"), N_("medium"), N_("low"))
RATING_WORDS = (N_("Red"), N_("Amber"), N_("Green"))
EFFORT_WORDS = (N_("small"), N_("medium"), N_("large"))
GAP_WORDS: dict[Severity, str] = every(
    Severity,
    {
        Severity.CRITICAL: N_("critical gaps"),
        Severity.HIGH: N_("high gaps"),
        Severity.MEDIUM: N_("medium gaps"),
        Severity.LOW: N_("low gaps"),
    },
)
"""The summary's count of gaps of each severity."""
STATUS_WORDS = (N_("open"), N_("in progress"), N_("done"), N_("won't do"))
"""Words the report prints as the view gives them; the templates translate them with `_`."""


def score_words(value: float | None) -> str:
    """A score as printed in documents: whole points, or "not scored"."""
    return NOT_SCORED if value is None else f"{value:.0f}"


def rating_words(rating: Rating | None) -> str:
    """A rating in words, or "Not rated"."""
    return NOT_RATED if rating is None else rating.value.capitalize()


def date_words(value: date | None) -> str:
    """A date as printed in the report: ISO 8601, or empty when there is none."""
    return value.isoformat() if value is not None else ""
