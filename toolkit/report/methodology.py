"""The scoring model in words and numbers, built from the constants the engine scores with.

Every format prints the methodology from this one typed record, and the
priority formula is written once (`PRIORITY_RULE`), so the report can never
describe a rule the code does not apply.
"""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.engine.evaluate import Evaluation
from toolkit.engine.scoring import (
    AMBER_CAP,
    CREDIT,
    EXPOSURE_BASE,
    EXPOSURE_MAX,
    GAP_ORDER,
    GREEN_FROM,
    RED_BELOW,
    RED_CAP,
    UNANSWERED_CREDIT,
    WEIGHT,
)
from toolkit.i18n import N_, _
from toolkit.model.assessment import Answer
from toolkit.model.result import Rating
from toolkit.report.labels import ANSWER_LABEL, NOT_ANSWERED

PRIORITY_RULE = N_("weight × (1 − credit) × exposure")
"""How a gap's priority is computed, as `score()` computes it."""

SCORE_RULE = N_(
    "100 × Σ(weight × credit) ÷ Σ(weight) over the in-scope controls not marked not applicable"
)
"""How a score is computed, per domain and overall."""


def priority_working(priority: float, weight: int, credit: float, exposure: float) -> str:
    """A gap's priority with its own numbers, in the order of `PRIORITY_RULE`."""
    return f"{priority:.1f} = {weight} × (1 − {credit:g}) × {exposure:g}"


@dataclass(frozen=True)
class Methodology:
    """The scoring model of one report: the general rules and this product's exposure."""

    credits: list[tuple[str, str]]
    """Each answer with the credit it earns."""
    weights: list[tuple[str, int]]
    """Each severity with its weight."""
    red_below: str
    green_from: str
    red_cap: str
    """The answers to a critical control that make the rating Red, in words."""
    amber_cap: str
    exposure_base: str
    exposure_max: str
    factors: list[tuple[str, str]]
    """Each exposure factor of the pack with what it adds."""
    exposure: str
    """This product's exposure."""
    exposure_factors: list[str]
    ratings: list[str]
    gap_order: str
    priority_rule: str
    score_rule: str

    def rating_rule(self) -> str:
        """The rating rule in one sentence."""
        return _(
            "Red if the score is below {red} or any critical control is answered {red_cap}; "
            "Amber if the score is below {green} or any critical control is answered "
            "{amber_cap}; otherwise Green."
        ).format(
            red=self.red_below,
            red_cap=self.red_cap,
            green=self.green_from,
            amber_cap=self.amber_cap,
        )


def _answers(answers: tuple[Answer | None, ...]) -> str:
    return ", ".join(_(ANSWER_LABEL[a]) if a else _(NOT_ANSWERED) for a in answers).lower()


def methodology(evaluation: Evaluation) -> Methodology:
    """The methodology of one evaluated assessment."""
    pack, result = evaluation.pack, evaluation.result
    return Methodology(
        credits=[(_(ANSWER_LABEL[answer]), f"{credit:g}") for answer, credit in CREDIT.items()]
        + [
            (_(NOT_ANSWERED), f"{UNANSWERED_CREDIT:g}"),
            (_(ANSWER_LABEL[Answer.NA]), _("excluded")),
        ],
        weights=[(severity.value, weight) for severity, weight in WEIGHT.items()],
        red_below=f"{RED_BELOW:g}",
        green_from=f"{GREEN_FROM:g}",
        red_cap=_answers(RED_CAP),
        amber_cap=_answers(AMBER_CAP),
        exposure_base=f"{EXPOSURE_BASE:g}",
        exposure_max=f"{EXPOSURE_MAX:g}",
        factors=[(factor.label, f"+{factor.add:g}") for factor in pack.exposure],
        exposure=f"{result.exposure:g}",
        exposure_factors=result.exposure_factors,
        ratings=[rating.value.capitalize() for rating in Rating],
        gap_order=_(GAP_ORDER),
        priority_rule=_(PRIORITY_RULE),
        score_rule=_(SCORE_RULE),
    )
