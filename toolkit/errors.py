"""Everything a user can cause, as exceptions whose message is the whole story.

The CLI turns any `CrbdError` into one line on stderr and exit code 2, so each
message must name the problem, the place (file, field, line) and, where there
is one, the fix. Core modules raise these and never print or exit.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class CrbdError(Exception):
    """A problem with the user's input or environment, not a bug in crbd."""


@dataclass(frozen=True)
class Problem:
    """One validation problem, located as precisely as the input allows."""

    file: Path
    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else str(self.file)
        field = f" {self.path}:" if self.path else ""
        return f"{where}{field} {self.message}"


class ValidationFailed(CrbdError):
    """A file was read but its content is invalid; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = str(problems[0])
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        super().__init__(first + more)


class FileProblem(CrbdError):
    """A file is missing, unreadable, unwritable or not YAML."""


class UnknownItem(CrbdError):
    """A name (control id, pack, domain, format) that does not exist."""


class AnswerError(CrbdError):
    """An answer value that cannot be recorded as given."""


class RenderError(CrbdError):
    """A report could not be rendered (template error, refused resource)."""


class TooLargeToPrint(RenderError):
    """A document beyond what crbd lays out as a PDF; other formats have no such bound."""

    def __init__(self, pages: int, limit: int) -> None:
        self.pages = pages
        self.limit = limit
        super().__init__(
            f"This document is too large for a PDF: it would run to about {pages:,} pages, "
            f"and crbd prints at most about {limit:,} (beyond that a render takes many minutes "
            "and gigabytes of memory). Write it as HTML instead (an output file name ending "
            "in .html)."
        )


class UsageProblem(CrbdError):
    """Options or arguments that do not fit together."""


class InteractiveSessionRequired(CrbdError):
    """Questions are left but there is no terminal to ask them on."""
