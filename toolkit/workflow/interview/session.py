"""The interview's types: who answers and how (`Session`), the person's side (`Asker`),
what a walk returns (`Outcome`), how it saves (`Save`), and the actions (`Action`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Protocol

from toolkit.model.assessment import Assessment
from toolkit.model.result import Result


class Asker(Protocol):
    """The terminal interview's only way to talk to a person."""

    def show(self, text: str, *, title: str | None = None) -> None:
        """Show information (a control, guidance, a summary)."""

    def ask(self, prompt: str, *, default: str = "") -> str:
        """Ask for one line of text; return it stripped (or `default` when empty)."""

    def summary(self, result: Result) -> None:
        """Show the closing table: per domain the score and rating, the overall result last."""


@dataclass(frozen=True)
class Session:
    """Who is answering, on what date, which domains, and how (review, teach)."""

    answered_by: str
    today: date
    domains: Sequence[str] = ()
    review: bool = False
    teach: bool = False
    confirm_name: bool = False
    """Ask the person's name first (it was not given with --as)."""


@dataclass(frozen=True)
class Outcome:
    """The assessment as last saved, and whether the walk-through reached its end."""

    assessment: Assessment
    finished: bool


Save = Callable[[Assessment], None]
"""Write the assessment (atomically, under the caller's lock); raises `FileProblem`."""


class Action(StrEnum):
    """What a person can do at every step instead of answering: never recorded as text."""

    BACK = "back"
    """Return to the previous step: the previous prompt of this answer, else the previous
    question (its current answer then the default)."""
    SKIP = "skip"
    """Leave this question unanswered for now (an unfinished answer to it is dropped)."""
    QUIT = "quit"
    """Stop: every confirmed answer is already saved; an unfinished one is dropped."""


ACTION_KEYS: dict[str, Action] = {"b": Action.BACK, "s": Action.SKIP, "q": Action.QUIT}
"""The terminal's one-letter keys for the actions, taken as actions at every prompt."""
