"""The engine's plain choices the command line offers as options.

Kept apart from the modules that compute over results, so declaring
`--fail-on` does not import the result models (see `toolkit.model.choices`).
"""

from __future__ import annotations

from enum import StrEnum


class FailOn(StrEnum):
    """The least severe gap that fails the gate (every more severe one fails it too)."""

    CRITICAL = "critical"
    HIGH = "high"
