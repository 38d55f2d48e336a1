"""The words every document and table uses for answers, ratings, decisions, scores and dates.

Defined once beside the renderers, keyed by the enums, so the report, the
progress report, the workshop summary and the terminal tables can never
word the same value two ways.
"""

from __future__ import annotations

from datetime import date

from toolkit.i18n import N_, _
from toolkit.model.assessment import Answer, Decision
from toolkit.model.choices import Severity, every
from toolkit.model.pack import Framework, LegalStatus
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
    "br": N_("Brazil"),
    "us-ca": N_("United States: California"),
    "us-il": N_("United States: Illinois"),
    "us-la": N_("United States: Louisiana"),
    "us-tx": N_("United States: Texas"),
    "us-ut": N_("United States: Utah"),
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

LEGAL_STATUS_LABEL: dict[LegalStatus, str] = every(
    LegalStatus,
    {
        LegalStatus.IN_FORCE: N_("In force"),
        LegalStatus.NOT_YET_IN_FORCE: N_("Not yet in force"),
        LegalStatus.UNDER_APPEAL: N_("In force, under appeal"),
        LegalStatus.PARTLY_ENJOINED: N_("Partly enjoined"),
        LegalStatus.ENJOINED: N_("Enjoined, not binding"),
        LegalStatus.GUIDANCE: N_("Guidance, not binding"),
        LegalStatus.PROPOSED: N_("Proposed, not binding"),
        LegalStatus.VOLUNTARY: N_("Voluntary"),
    },
)
"""A framework's legal status as printed wherever frameworks are listed."""

NOT_RECORDED = N_("Not recorded")

SHOWN_WORDS: dict[str, str] = {
    "yes": N_("yes"),
    "alternative": N_("alternative"),
    "partial": N_("partial"),
    "planned": N_("planned"),
    "no": N_("no"),
    "unknown": N_("unknown"),
    "na": N_("na"),
    "unanswered": N_("unanswered"),
    "out of scope": N_("out of scope"),
    "not rated": N_("not rated"),
    "not in the pack then": N_("not in the pack then"),
    "not in the pack": N_("not in the pack"),
    "reduced": N_("reduced"),
    "eliminated": N_("eliminated"),
    "accepted": N_("accepted"),
    "low": N_("low"),
    "medium": N_("medium"),
    "high": N_("high"),
}
"""An answer, or why there is none, a decision, or a level of the default risk matrix, as
comparisons, workshops and terminal tables show it (the value itself in English: `no`,
`na`, `out of scope`, `high`)."""


def shown_words(value: str) -> str:
    """`value` (an answer as `shown_words` lists it) in the language in force; other text
    (a risk level of the pack) as it is."""
    return _(SHOWN_WORDS[value]) if value in SHOWN_WORDS else value


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
        return _(NOT_RECORDED)
    status = framework.legal_status if as_of is None else framework.status_on(as_of)
    assert status is not None
    words = _(LEGAL_STATUS_LABEL[status])
    if framework.effective is None:
        return words
    if status is LegalStatus.NOT_YET_IN_FORCE:
        return _("{status}, from {date}").format(status=words, date=framework.effective)
    if status is LegalStatus.IN_FORCE:
        return _("{status} since {date}").format(status=words, date=framework.effective)
    if status is LegalStatus.UNDER_APPEAL:
        return _("In force since {date}, under appeal").format(date=framework.effective)
    return words
