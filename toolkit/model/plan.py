"""The action plan: every gap with its horizon, as typed values.

The report's roadmap, the CSV action plan and every export read this one
plan, so "which gaps come first" is decided once, in the engine, never
rebuilt from display strings.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import Field

from toolkit.model.assessment import Answer
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


class ActionPlan(Strict):
    """The gaps, highest priority first, each placed on a horizon."""

    items: list[PlannedItem]

    def on(self, horizon: Horizon) -> list[PlannedItem]:
        """The items placed on one horizon, in priority order."""
        return [item for item in self.items if item.horizon is horizon]
