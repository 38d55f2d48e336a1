"""The action plan: every gap with its horizon, as typed values.

The report's roadmap, the CSV action plan and every export read this one
plan, so "which gaps come first" is decided once, in the engine, never
rebuilt from display strings.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import Field

from toolkit.model.assessment import Acceptance, Action, Answer
from toolkit.model.base import Strict
from toolkit.model.pack import Severity


class Horizon(StrEnum):
    """When a gap should be closed: now, next or later."""

    NOW = "now"
    NEXT = "next"
    LATER = "later"


class PlannedItem(Strict):
    """One gap in the plan, in priority order."""

    control_id: str
    domain: str
    severity: Severity
    answer: Answer | None = Field(description="None: in scope but unanswered")
    priority: float
    horizon: Horizon
    target_date: date | None = Field(description="the date given with a planned answer")
    action: Action | None = Field(default=None, description="who closes it, by when")
    acceptance: Acceptance | None = Field(default=None, description="a risk acceptance")
    acceptance_expired: bool = Field(default=False, description="the acceptance has run out")
    to_reconfirm: bool = Field(default=False, description="copied from a baseline, unconfirmed")

    @property
    def accepted(self) -> bool:
        """Whether an acceptance is in force (an expired one counts as none)."""
        return self.acceptance is not None and not self.acceptance_expired


class ActionPlan(Strict):
    """The gaps, highest priority first, each placed on a horizon."""

    items: list[PlannedItem]

    def on(self, horizon: Horizon) -> list[PlannedItem]:
        """The items placed on one horizon, in priority order."""
        return [item for item in self.items if item.horizon is horizon]
