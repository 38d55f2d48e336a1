"""The text of a pack in another language, as its overlay file states it (see `overlays`).

Kept apart from the loader so that the pack model can carry its translations
without an import cycle.
"""

from __future__ import annotations

from pydantic import Field

from toolkit.model.base import Strict


class _Entry(Strict):
    reviewed: bool = Field(
        default=False, description="whether a fluent reviewer has checked this entry"
    )


class ControlText(_Entry):
    """A control's text in another language."""

    title: str | None = Field(default=None, min_length=1)
    question: str | None = Field(default=None, min_length=1)
    why: str | None = Field(default=None, min_length=1)
    guidance: str | None = Field(default=None, min_length=1)
    partial: str | None = Field(default=None, min_length=1)
    evidence: list[str] | None = None
    remediation: list[str] | None = None


class DomainText(_Entry):
    """A domain's title and introduction in another language."""

    title: str | None = Field(default=None, min_length=1)
    description: str | None = Field(default=None, min_length=1)


class LabelText(Strict):
    """An option's or a scale value's label and help in another language."""

    label: str | None = Field(default=None, min_length=1)
    help: str | None = Field(default=None, min_length=1)


class QuestionText(_Entry):
    """A profile question in another language, with its options."""

    text: str | None = Field(default=None, min_length=1)
    help: str | None = Field(default=None, min_length=1)
    options: dict[str, LabelText] = Field(default_factory=dict)


class HarmText(_Entry):
    """A harm of the risk assessment in another language, with its factors' labels."""

    title: str | None = Field(default=None, min_length=1)
    description: str | None = Field(default=None, min_length=1)
    impact_why: str | None = Field(default=None, min_length=1)
    risk_factors: dict[str, str] = Field(default_factory=dict)


class PackTranslation(Strict):
    """One language's overlay of one pack."""

    language: str = Field(pattern=r"^[a-z]{2,3}$")
    controls: dict[str, ControlText] = Field(default_factory=dict)
    domains: dict[str, DomainText] = Field(default_factory=dict)
    profile: dict[str, QuestionText] = Field(default_factory=dict)
    harms: dict[str, HarmText] = Field(default_factory=dict)
    risk_matrix: dict[str, dict[str, LabelText]] = Field(default_factory=dict)
    conditions: dict[str, str] = Field(default_factory=dict)
