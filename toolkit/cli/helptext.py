"""Help in the run's language: typer's help texts are fixed when the commands are defined,
so they are marked with `N_` there and translated here, each time help is shown.

The language must be chosen before help renders, and `--help` is handled before the
command's own options are read (`crbd report --help --lang de`): `main` of the top
command looks for `--lang` in the arguments first (then `CRBD_LANG`, then the system
locale) and speaks it while the command runs; the global options then choose the
language properly for a command that runs.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from typing import Any, TypeVar

import typer.core

from toolkit.i18n import (
    N_,
    _,
    available_languages,
    choose_language,
    normalise,
    reset_language,
    set_language,
)

F = TypeVar("F", bound=Callable[..., Any])

TYPER_WORDS = {
    "Arguments": N_("Arguments"),
    "Options": N_("Options"),
    "Commands": N_("Commands"),
    "default: {default}": N_("default: {default}"),
    "required": N_("required"),
    "env var: {var}": N_("env var: {var}"),
    "Show this message and exit.": N_("Show this message and exit."),
    "Usage: ": N_("Usage: "),
    "Aborted!": N_("Aborted!"),
}
"""The words typer itself writes into help, translated with crbd's catalog."""


def helped(text: str) -> Callable[[F], F]:
    """Give a command its help, `text` marked with `N_` (translated when help is shown)."""

    def decorate(command: F) -> F:
        command.__doc__ = text
        return command

    return decorate


def asked_language(args: Sequence[str]) -> str | None:
    """The last `--lang X` or `--lang=X` in `args` (the command's wins over the global)."""
    found = None
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(args):
            found = args[index + 1]
        elif arg.startswith("--lang="):
            found = arg.partition("=")[2]
    return found


_asked: ContextVar[str | None] = ContextVar("crbd_asked_language", default=None)


def asked_in_arguments() -> str | None:
    """The `--lang` the arguments of this run give, before any option is parsed."""
    return _asked.get()


def speak_early(asked: str | None) -> None:
    """Speak `asked` (a `--lang` not parsed yet) if crbd has it; the command that reads the
    option chooses again, and refuses a language it does not have."""
    if asked and normalise(asked) in available_languages():
        set_language(normalise(asked))


def _translated(method: Callable[..., Any], *attributes: str) -> Callable[..., Any]:
    """`method` with the object's help `attributes` in the language in force while it runs."""

    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        originals = {name: getattr(self, name, None) for name in attributes}
        try:
            for name, text in originals.items():
                if text:
                    setattr(self, name, _(text))
            return method(self, *args, **kwargs)
        finally:
            for name, text in originals.items():
                setattr(self, name, text)

    return wrapper


def _usage(self: Any, ctx: Any, formatter: Any) -> None:
    formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), _("Usage: "))


def _speaking(method: Callable[..., Any]) -> Callable[..., Any]:
    """The top command's `main`, in the language the arguments or the environment ask for."""

    def main(self: Any, args: Sequence[str] | None = None, *rest: Any, **kwargs: Any) -> Any:
        asked = asked_language(list(sys.argv[1:] if args is None else args))
        token = set_language(choose_language(asked))
        remembered = _asked.set(asked)
        try:
            return method(self, args, *rest, **kwargs)
        finally:
            _asked.reset(remembered)
            reset_language(token)

    return main


def _typer_word(message: str) -> str:
    return _(message) if message in TYPER_WORDS else message


def install() -> None:
    """Translate help where typer renders it (once per process)."""
    if getattr(typer.core, "_crbd_help_translated", False):
        return
    for parameter in (typer.core.TyperOption, typer.core.TyperArgument):
        parameter.get_help_record = _translated(parameter.get_help_record, "help")  # type: ignore[method-assign]
    for command in (typer.core.TyperCommand, typer.core.TyperGroup):
        command.format_help_text = _translated(command.format_help_text, "help")  # type: ignore[method-assign]
        command.get_short_help_str = _translated(  # type: ignore[method-assign]
            command.get_short_help_str, "help", "short_help"
        )
        command.format_epilog = _translated(command.format_epilog, "epilog")  # type: ignore[method-assign]
        command.format_usage = _usage  # type: ignore[method-assign]
        command.main = _speaking(command.main)  # type: ignore[method-assign]
    typer.core._ = _typer_word  # type: ignore[attr-defined]
    typer.core._crbd_help_translated = True  # type: ignore[attr-defined]
