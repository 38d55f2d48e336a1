"""The Result: how one assessment scored, as a published document.

It is what `crbd score --json` prints and what every PDF report embeds, so its
shape changes only deliberately (and its JSON Schema with it). The arithmetic
that fills it lives in `toolkit.engine.scoring`.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Literal

from pydantic import Field

from toolkit.model.assessment import Answer, PackRef
from toolkit.model.base import Strict
from toolkit.model.pack import Severity


class SectionCoverage(Strict):
    """One framework section and the controls that cover it on this product."""

    ref: str
    controls: list[str] = Field(description="every control that cites this section")
    in_scope: list[str] = Field(description="those in scope and not marked not applicable")
    met: list[str] = Field(description="those answered yes or alternative")


class FrameworkCoverage(Strict):
    """How much of a framework's mapped, in-scope controls the product meets."""

    id: str
    jurisdiction: str
    relevant: bool | None = Field(
        description="offered where the framework applies (None: jurisdictions not answered)"
    )
    mapped: int
    in_scope: int
    met: int
    coverage: float | None = Field(description="met / in_scope; None when nothing is in scope")
    sections: list[SectionCoverage]

    @property
    def sections_not_met(self) -> list[SectionCoverage]:
        return [s for s in self.sections if s.in_scope and len(s.met) < len(s.in_scope)]


class Rating(StrEnum):
    """Red, Amber, Green: always shown in words as well as colour."""

    RED = "red"
    AMBER = "amber"
    GREEN = "green"


EvidenceState = Literal["evidenced", "claimed", "expired"]
Scope = Literal["in_scope", "out_of_scope", "not_applicable"]


class Scorecard(Strict):
    """A score and its rating, for one domain or the whole assessment."""

    score: float | None = Field(description="0-100, or None when no control can be scored")
    rating: Rating | None = Field(description="after critical caps; None when not rated")
    score_rating: Rating | None = Field(description="what the score alone would give")
    capped_by: list[str] = Field(description="critical controls that cap the rating")
    scored: int = Field(description="controls in the score (in scope, not na)")
    unanswered: int


class DomainResult(Scorecard):
    """A domain's scorecard plus its counts."""

    prefix: str
    title: str
    in_scope: int
    out_of_scope: int
    not_applicable: int


class ControlOutcome(Strict):
    """How one control was treated: scope, answer, credit, evidence."""

    id: str
    domain: str
    severity: Severity
    weight: int
    scope: Scope
    answer: Answer | None
    credit: float | None
    evidence: EvidenceState | None = Field(description="for yes, alternative and partial")
    scope_reason: str = Field(description="why it is out of scope or not applicable")

    @property
    def shown(self) -> str:
        """The answer as comparisons and workshops list it: the value, or why there is none."""
        if self.scope == "out_of_scope":
            return "out of scope"
        return self.answer.value if self.answer else "unanswered"


class Gap(Strict):
    """An in-scope control that is not fully met, with its priority."""

    control_id: str
    domain: str
    severity: Severity
    answer: Answer | None
    credit: float
    priority: float


class Result(Strict):
    """Everything the reports need to know about the scoring of one assessment."""

    pack: PackRef
    product: str
    assessed_on: date | None
    complete: bool = Field(description="False while controls or profile questions are unanswered")
    overall: Scorecard
    domains: list[DomainResult]
    gaps: list[Gap]
    controls: list[ControlOutcome]
    unanswered: list[str]
    profile_unanswered: list[str]
    exposure: float
    exposure_factors: list[str]
    evidence_coverage: float | None = Field(
        description="share of yes/alternative answers backed by unexpired evidence"
    )
    frameworks: list[FrameworkCoverage] = Field(
        description="per framework: share of its mapped, in-scope controls that are met"
    )
    needs_reverification: list[str] = Field(
        default_factory=list,
        description="in-scope controls answered yes, alternative or partial whose every "
        "evidence item has expired (scored as answered, flagged for re-verification)",
    )
    risks: list[RiskLine] = Field(
        default_factory=list,
        description="the children's risk register: per harm in scope, inherent and residual "
        "risk (separate from the score: neither changes the other)",
    )


# The register's lines reuse this module's Scope, and the Result carries them.
from toolkit.model.risk import RiskLine  # noqa: E402

Result.model_rebuild()
