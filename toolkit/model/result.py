"""The Result: how one assessment scored, as a published document.

It also carries the children's risk register (`risks`), which the score never
reads. It is what `crbd score --json` prints and what every PDF report embeds, so its
shape changes only deliberately (and its JSON Schema with it). The arithmetic
that fills it lives in `toolkit.engine.scoring`.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Literal

from pydantic import Field

from toolkit.model.assessment import Acceptance, Answer, PackRef, RiskDecision
from toolkit.model.base import Strict
from toolkit.model.pack import HarmCategory, Severity


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


# --- the children's risk register (filled by toolkit.engine.risk) ---


class Mitigation(Strict):
    """One control that mitigates a harm, and how it was answered."""

    control_id: str
    severity: Severity
    scope: Scope
    answer: Answer | None
    credit: float | None = Field(description="as in the control score; None when not in scope")


class RiskLine(Strict):
    """One harm in scope: crbd's suggestions with their working, and the team's record."""

    harm_id: str
    title: str
    category: HarmCategory
    factors_present: list[str] = Field(description="labels of the risk factors present")
    factors_unknown: list[str] = Field(description="risk factors the profile cannot decide yet")
    suggested_likelihood: str
    suggested_impact: str
    likelihood: str = Field(description="recorded, else suggested")
    impact: str = Field(description="recorded, else suggested")
    inherent: str = Field(description="the matrix level of likelihood and impact")
    mitigation_credit: float | None = Field(
        description="severity-weighted mean credit of in-scope mitigating controls"
    )
    held_by: list[str] = Field(description="critical mitigating controls that hold residual")
    steps_down: int = Field(description="levels the measures take off the inherent level")
    suggested_residual: str
    residual: str | None = Field(description="as recorded; None when the harm is not assessed")
    residual_reason: str
    decision: RiskDecision | None
    acceptance: Acceptance | None
    acceptance_expired: bool | None = Field(description="None when nothing was accepted")
    mitigations: list[Mitigation]
    working: str = Field(description="the suggestion's working, in words")
    suggested_inherent: str = Field(
        default="", description="the matrix level of the suggested likelihood and impact"
    )
    revisit: list[str] = Field(
        default_factory=list,
        description="what changed since the harm was rated (its risk factors or the answers "
        "of its mitigating controls); empty while the rating is current",
    )
    basis_kept: bool | None = Field(
        default=None,
        description="whether the rating kept what it saw (False: rated before crbd kept it; "
        "None: not assessed)",
    )
    owner: str = Field(default="", description="who works on the remaining risk")
    action_due: date | None = Field(default=None, description="by when")
    age_bands: list[BandLevels] = Field(
        default_factory=list, description="the team's levels per age group, where rated"
    )
    weak_cap: bool = Field(
        default=False,
        description="whether the weak-mitigation cap took a level off the steps down",
    )

    @property
    def assessed(self) -> bool:
        return self.residual is not None

    @property
    def to_revisit(self) -> bool:
        """Whether the rating saw other factors or answers than the current ones."""
        return bool(self.revisit)

    @property
    def standing(self) -> str:
        """The residual the gate and findings read: recorded, else crbd's suggestion."""
        return self.residual or self.suggested_residual


class BandLevels(Strict):
    """One age group's levels for a harm, as the team rated them."""

    band: str
    label: str
    likelihood: str
    impact: str
    inherent: str
    residual: str
    note: str


class OutOfScopeHarm(Strict):
    """A harm the profile rules out, with the answer that does."""

    harm_id: str
    reason: str


class RiskRegister(Strict):
    """Every harm of the pack: the lines in scope, the ones out of scope, and the scale."""

    levels: list[str] = Field(description="the matrix's levels, lowest first")
    lines: list[RiskLine]
    out_of_scope: list[OutOfScopeHarm]
    judged_on: date | None

    def rank(self, level: str) -> int:
        return self.levels.index(level)

    @property
    def unassessed(self) -> list[str]:
        return [line.harm_id for line in self.lines if not line.assessed]

    @property
    def to_revisit(self) -> list[RiskLine]:
        """The rated harms whose factors or mitigating answers changed since their rating."""
        return [line for line in self.lines if line.to_revisit]

    @property
    def untracked(self) -> list[str]:
        """Rated harms whose rating did not keep what it saw (made before crbd kept it)."""
        return [line.harm_id for line in self.lines if line.basis_kept is False]

    def by_residual(self) -> list[RiskLine]:
        """Lines with the highest remaining risk first (the findings' order)."""
        return sorted(self.lines, key=lambda line: -self.rank(line.standing))


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
    accepted: list[str] = Field(
        default_factory=list,
        description="gaps whose risk acceptance is in force (still scored as answered)",
    )
    expired_acceptances: list[str] = Field(
        default_factory=list,
        description="gaps whose risk acceptance has expired (treated as not accepted)",
    )
    risks: list[RiskLine] = Field(
        default_factory=list,
        description="the children's risk register: per harm in scope, inherent and residual "
        "risk (separate from the score: neither changes the other)",
    )
