"""The risk register: per harm in scope, inherent and residual risk with the working.

It is published in the Result (`risks`) and in every report, so like the
Result its shape changes only deliberately. `toolkit.engine.risk` fills it.
"""

from __future__ import annotations

from datetime import date

from pydantic import Field

from toolkit.model.assessment import Acceptance, Answer, RiskDecision
from toolkit.model.base import Strict
from toolkit.model.harms import HarmCategory
from toolkit.model.pack import Severity
from toolkit.model.result import Scope


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

    @property
    def assessed(self) -> bool:
        return self.residual is not None

    @property
    def standing(self) -> str:
        """The residual the gate and findings read: recorded, else crbd's suggestion."""
        return self.residual or self.suggested_residual


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

    def by_residual(self) -> list[RiskLine]:
        """Lines with the highest remaining risk first (the findings' order)."""
        return sorted(self.lines, key=lambda line: -self.rank(line.standing))
