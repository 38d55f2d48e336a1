"""The plain choices the command line offers before any model is built.

These enums and constants are imported by `toolkit.cli` when it declares its
options, so they live here, away from pydantic: `crbd --help`, `--version`
and shell completion then never pay for building the models. The model
modules re-export them under their familiar names.
"""

from __future__ import annotations

from enum import StrEnum

DEFAULT_PACK = "core"
"""The pack a new assessment or worksheet uses unless told otherwise."""


class Answer(StrEnum):
    """What the team says about one control (see the scoring model for credits)."""

    YES = "yes"
    ALTERNATIVE = "alternative"
    PARTIAL = "partial"
    PLANNED = "planned"
    NO = "no"
    UNKNOWN = "unknown"
    NA = "na"


class Decision(StrEnum):
    """A reviewer's decision on an assessment."""

    APPROVED = "approved"
    CHANGES_REQUESTED = "changes-requested"
    REJECTED = "rejected"


class Severity(StrEnum):
    """How much a missing control matters; ordered from most to least severe."""

    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Effort(StrEnum):
    """Rough effort to put a control in place."""

    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"
