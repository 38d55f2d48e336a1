"""Who answers for the assessment over time: sign-off binding, changes, owners.

The engine fills these once per evaluation, so the cover, `crbd score`,
`crbd verify` and every report say the same thing about them.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import Field

from toolkit.model.assessment import Decision
from toolkit.model.base import Strict


class Binding(StrEnum):
    """How the latest sign-off relates to the assessment as it is now."""

    CURRENT = "current"
    CHANGED = "changed"
    UNBOUND = "unbound"
    """Signed before sign-offs recorded a hash: it cannot be checked."""
    NEVER_SIGNED = "never-signed"


class SignOffState(Strict):
    """The latest sign-off and whether the answers are still the ones it approved."""

    binding: Binding
    reviewer: str = ""
    decision: Decision | None = None
    on: date | None = None

    @property
    def sentence(self) -> str:
        """The state in words, as score, verify and the cover print it."""
        if self.binding is Binding.NEVER_SIGNED:
            return "never signed"
        decision = self.decision.value if self.decision else ""
        signed = f"{decision} on {self.on} by {self.reviewer}"
        if self.binding is Binding.CHANGED:
            return f"changed since sign-off on {self.on} by {self.reviewer}"
        if self.binding is Binding.UNBOUND:
            return f"{signed} (recorded without a hash, so changes since cannot be detected)"
        return signed

    @property
    def is_draft(self) -> bool:
        """Whether a report of this assessment is a draft: nobody approved it, or the
        answers changed since the approval. An approval recorded before sign-offs kept a
        hash cannot be checked; it still counts, and `sentence` says it cannot be checked."""
        changed = self.binding in (Binding.CHANGED, Binding.NEVER_SIGNED)
        return changed or self.decision is not Decision.APPROVED


class Accountability(Strict):
    """Owners, acceptances, changes and the sign-off, as one evaluation sees them."""

    signoff: SignOffState
    unowned_gaps: list[str] = Field(description="gaps without an action owner")
    overdue_actions: list[str] = Field(description="open actions whose due date has passed")
    accepted: list[str] = Field(description="gaps with an acceptance still in force")
    expired_acceptances: list[str]
    unconfirmed: list[str] = Field(description="answers copied from a baseline, not confirmed")
    changes: dict[str, int] = Field(description="number of recorded changes per id")
    history_problems: list[str] = Field(
        description="where the history does not match the answers (a hand edit)"
    )
