"""The terminal side of the CLI: consoles made per command, and the interview's asker.

Consoles are created when a command runs, never at import, so colour and
width detection see the real environment (NO_COLOR, pipes, CliRunner).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel

from toolkit.errors import InteractiveSessionRequired
from toolkit.i18n import _

if TYPE_CHECKING:
    from toolkit.model.result import Result


def stdout_console() -> Console:
    """Where data goes (tables, JSON): stdout."""
    return Console(highlight=False, soft_wrap=False)


def stderr_console() -> Console:
    """Where messages and the interview go: stderr, so stdout stays data."""
    return Console(stderr=True, highlight=False)


class TerminalAsker:
    """Asks on a rich console; all text is escaped, since pack and user text is data."""

    def __init__(self, console: Console) -> None:
        self.console = console

    def show(self, text: str, *, title: str | None = None) -> None:
        if title is None:
            self.console.print(escape(text))
        else:
            self.console.print(Panel(escape(text), title=escape(title), title_align="left"))

    def ask(self, prompt: str, *, default: str = "") -> str:
        shown = f"{escape(prompt)} [dim]\\[{escape(default)}][/dim]" if default else escape(prompt)
        try:
            reply = self.console.input(f"[bold]{shown}[/bold]: ")
        except EOFError:
            raise InteractiveSessionRequired(
                _(
                    "Input ended before the interview did; every answer given so far is saved. "
                    "Run crbd assess again in a terminal to continue."
                )
            ) from None
        return reply.strip() or default

    def summary(self, result: Result) -> None:
        from toolkit.cli import tables as views

        self.console.print(views.domain_table(result, compact=True))
        self.console.print(views.overall_line(result), soft_wrap=True)
