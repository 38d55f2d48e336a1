"""The two model bases every document shape uses.

Packs and results are published documents: immutable, and a field nobody
declared is an error. Assessments are the user's records: changed by copying
(`model_copy`) in the core, and an unknown field is an error with its line,
never silently dropped.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Strict(BaseModel):
    """Immutable, and unknown fields are errors (a typo is reported with its line)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Record(BaseModel):
    """The user's data: unknown fields are errors, never dropped."""

    model_config = ConfigDict(extra="forbid")
