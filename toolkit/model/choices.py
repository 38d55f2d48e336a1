"""The plain choices the command line offers before any model is built.

These enums and constants are imported by `toolkit.cli` when it declares its
options, so they live here, away from pydantic: `crbd --help`, `--version`
and shell completion then never pay for building the models. The model
modules re-export them under their familiar names.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import Enum, StrEnum
from typing import TypeVar

K = TypeVar("K", bound=Enum)
V = TypeVar("V")


def every(kind: type[K], table: Mapping[K, V], *, exempt: Iterable[K] = ()) -> dict[K, V]:
    """`table`, checked at import to hold a row for every member of `kind`.

    Each rule that depends on an answer (or another choice) is declared once, as a
    table beside the code that applies it. Adding a member then fails loudly, at
    the first import, in every table that forgot it, instead of falling through
    a lookup at run time. `exempt` names the members a table leaves out on
    purpose (not applicable earns no credit: it is excluded from scoring).
    """
    left_out = set(exempt)
    missing = [member.value for member in kind if member not in table and member not in left_out]
    if missing:
        raise RuntimeError(f"A table of {kind.__name__} has no row for {', '.join(missing)}.")
    return dict(table)


def ordered(kind: type[K], order: Iterable[K]) -> list[K]:
    """`order`, checked at import to list every member of `kind` exactly once."""
    members = list(order)
    if sorted(m.value for m in members) != sorted(m.value for m in kind):
        raise RuntimeError(f"An order of {kind.__name__} must list each member exactly once.")
    return members


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
