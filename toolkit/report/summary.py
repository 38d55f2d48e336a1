"""The report's first page, decided once: the verdict and the weak answers.

Every format prints these from the view. Whether the report is a draft is
the engine's sign-off state (`SignOffState.is_draft`): no approval, or
answers changed since it.
"""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.engine.scoring import GREEN_FROM, RED_BELOW
from toolkit.i18n import N_, _, format_decimal
from toolkit.model.assessment import Answer
from toolkit.model.result import Rating, Result
from toolkit.report.labels import rating_words, score_words


@dataclass(frozen=True)
class ControlRef:
    """A control id as printed, with the anchor it links to (empty: no link)."""

    id: str
    title: str
    href: str


@dataclass(frozen=True)
class Assurance:
    """The answers whose word is weaker than it looks, named by id."""

    unknown: list[ControlRef]
    claimed: list[ControlRef]
    """Answered yes or alternative with no evidence at all."""
    expired: list[ControlRef]
    """Every evidence item past its date (to re-verify)."""
    unanswered: list[ControlRef]

    @property
    def empty(self) -> bool:
        return not (self.unknown or self.claimed or self.expired or self.unanswered)

    def groups(self) -> list[tuple[str, list[ControlRef]]]:
        """Each kind of weak answer with its label, as every format lists them (empty kinds
        left out)."""
        labelled = [
            ("Unknown", self.unknown),
            ("Yes without evidence", self.claimed),
            ("Evidence expired, re-verify", self.expired),
            ("Not answered", self.unanswered),
        ]
        return [(label, refs) for label, refs in labelled if refs]


def verdict(result: Result) -> str:
    """The overall rating and the reason for it, naming every control that caps it."""
    card = result.overall
    if card.rating is None or card.score is None:
        return _("Not rated: no control of the checklist is in scope and scored.")
    rating = _(rating_words(card.rating))
    score = format_decimal(round(card.score, 1), 0 if round(card.score, 1) % 1 == 0 else 1)
    if card.capped_by:
        controls = [_capping_phrase(result, control_id) for control_id in card.capped_by]
        count = len(controls)
        what = (
            _("one critical control, {control}").format(control=controls[0].replace(" ", ", ", 1))
            if count == 1
            else _("{count} critical controls are not met: {controls}").format(
                count=count, controls=join_words(controls)
            )
        )
        if card.score_rating != card.rating:
            alone = f"{_(rating_words(card.score_rating))}, {score}"
            if count == 1:
                said = _("{rating}: {what}; without it the rating would be {alone}.")
            else:
                said = _("{rating}: {what}; without them the rating would be {alone}.")
            return said.format(rating=rating, what=what, alone=alone)
        below = RED_BELOW if card.rating is Rating.RED else GREEN_FROM
        return _("{rating}: the score {score} is below {below}, and {what}.").format(
            rating=rating, score=score, below=f"{below:g}", what=what
        )
    if card.rating is Rating.RED:
        return _("{rating}: the score {score} is below {below}.").format(
            rating=rating, score=score, below=f"{RED_BELOW:g}"
        )
    if card.rating is Rating.AMBER:
        return _(
            "{rating}: the score {score} is below {below}; no critical control caps it."
        ).format(rating=rating, score=score, below=f"{GREEN_FROM:g}")
    return _(
        "{rating}: the score {score} is at least {green} and every critical control is met."
    ).format(rating=rating, score=score, green=f"{GREEN_FROM:g}")


_CAP_WORDS: dict[Answer | None, str] = {
    Answer.UNKNOWN: N_("is unverified (answered unknown)"),
    Answer.NO: N_("is not in place"),
    Answer.PLANNED: N_("is only planned"),
    Answer.PARTIAL: N_("is only partly in place"),
    None: N_("is not answered"),
}


def _capping_phrase(result: Result, control_id: str) -> str:
    outcome = next(o for o in result.controls if o.id == control_id)
    return f"{control_id} {_(_CAP_WORDS.get(outcome.answer, N_('is not met')))}"


def join_words(parts: list[str]) -> str:
    """`a and b`, `a, b and c`, in the language in force."""
    if len(parts) <= 1:
        return "".join(parts)
    return _("{first} and {last}").format(first=", ".join(parts[:-1]), last=parts[-1])


def points(value: float | None) -> str:
    """A score to one decimal, without a trailing ".0": 79.7 must never print as 80."""
    return score_words(value) if value is None else f"{round(value, 1):g}"
