"""The report's first page, decided once: the verdict and the weak answers.

Every format prints these from the view. Whether the report is a draft is
the engine's sign-off state (`SignOffState.is_draft`): no approval, or
answers changed since it.
"""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.engine.scoring import GREEN_FROM, RED_BELOW
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
        return "Not rated: no control of the checklist is in scope and scored."
    rating = rating_words(card.rating)
    score = points(card.score)
    if card.capped_by:
        controls = [_capping_phrase(result, control_id) for control_id in card.capped_by]
        count = len(controls)
        named = join_words(controls)
        what = (
            f"one critical control, {controls[0].replace(' ', ', ', 1)}"
            if count == 1
            else f"{count} critical controls are not met: {named}"
        )
        if card.score_rating != card.rating:
            alone = f"{rating_words(card.score_rating)}, {score}"
            pronoun = "it" if count == 1 else "them"
            return f"{rating}: {what}; without {pronoun} the rating would be {alone}."
        below = RED_BELOW if card.rating is Rating.RED else GREEN_FROM
        return f"{rating}: the score {score} is below {below:g}, and {what}."
    if card.rating is Rating.RED:
        return f"{rating}: the score {score} is below {RED_BELOW:g}."
    if card.rating is Rating.AMBER:
        return f"{rating}: the score {score} is below {GREEN_FROM:g}; no critical control caps it."
    return (
        f"{rating}: the score {score} is at least {GREEN_FROM:g} and every critical control is met."
    )


_CAP_WORDS: dict[Answer | None, str] = {
    Answer.UNKNOWN: "is unverified (answered unknown)",
    Answer.NO: "is not in place",
    Answer.PLANNED: "is only planned",
    Answer.PARTIAL: "is only partly in place",
    None: "is not answered",
}


def _capping_phrase(result: Result, control_id: str) -> str:
    outcome = next(o for o in result.controls if o.id == control_id)
    return f"{control_id} {_CAP_WORDS.get(outcome.answer, 'is not met')}"


def join_words(parts: list[str]) -> str:
    if len(parts) <= 2:
        return " and ".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def points(value: float | None) -> str:
    """A score to one decimal, without a trailing ".0": 79.7 must never print as 80."""
    return score_words(value) if value is None else f"{round(value, 1):g}"
