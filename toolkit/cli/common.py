"""What every command shares: global options, exit codes, errors, output files.

Core modules raise `CrbdError` and return findings; only this package turns
them into text on stderr and exit codes.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer

from toolkit.cli.terminal import stderr_console
from toolkit.errors import CrbdError, UsageProblem, ValidationFailed
from toolkit.i18n import N_, _

if TYPE_CHECKING:
    from toolkit.model.pack import Pack


class ExitCode(IntEnum):
    """What `crbd` exits with; the README's table says the same."""

    OK = 0
    CHECK_FAILED = 1
    """A gate or a check failed: --fail-under, --fail-on, verify."""
    BAD_INPUT = 2
    """Any CrbdError (typer's usage errors are 2 as well)."""
    INCOMPLETE = 3
    """Answers given without a terminal were recorded, but questions remain."""
    INTERRUPTED = 130


@dataclass
class Options:
    """Global options, shared by every command through the click context."""

    checklists: list[Path] = field(default_factory=list)
    debug: bool = False
    lang: str | None = None
    """`--lang` given before the command (`crbd --lang de report ...`)."""


def options_of(context: typer.Context) -> Options:
    """The global options of this run (defaults when a command runs alone)."""
    return context.find_object(Options) or Options()


F = TypeVar("F", bound=Callable[..., Any])


def handles_errors(command: F) -> F:
    """Turn every user-caused error into one line on stderr and exit code 2."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except CrbdError as error:
            contexts = [a for a in (*args, *kwargs.values()) if isinstance(a, typer.Context)]
            if contexts and options_of(contexts[0]).debug:
                raise
            fail(error)

    return wrapper  # type: ignore[return-value]


def fail(error: CrbdError) -> NoReturn:
    """Print the error (and every further validation problem) and exit 2."""
    console = stderr_console()
    console.print(f"crbd: {error}", markup=False, soft_wrap=True)
    if isinstance(error, ValidationFailed) and len(error.problems) > 1:
        for problem in error.problems[1:]:
            console.print(f"  {problem}", markup=False, soft_wrap=True)
    raise typer.Exit(ExitCode.BAD_INPUT)


def fail_check(kind: str, findings: Sequence[str]) -> NoReturn:
    """Print each finding of a failed check as `crbd: KIND: finding` and exit 1."""
    from toolkit.report.text import printable

    console = stderr_console()
    for finding in findings:
        console.print(printable(f"crbd: {kind}: {finding}"), markup=False, soft_wrap=True)
    raise typer.Exit(ExitCode.CHECK_FAILED)


def warn(warnings: Sequence[str]) -> None:
    """Print warnings on stderr, one line each."""
    from toolkit.report.text import printable

    console = stderr_console()
    for warning in warnings:
        console.print(printable(_("warning: {warning}").format(warning=warning)), markup=False)


TEMPLATE_SUFFIXES = frozenset(
    {".j2", ".jinja", ".css", ".ttf", ".otf", ".woff", ".woff2", ".svg", ".png", ".jpg", ".jpeg"}
)
"""What a templates folder holds that a render reads: templates, stylesheets, fonts, images."""


def write_output(
    target: Path,
    content: bytes,
    inputs: Sequence[Path] = (),
    *,
    binary: str = "",
    folders: Sequence[tuple[str, Path]] = (),
) -> None:
    """Write a rendered document and say where: `-` is stdout (a `binary` one, named by
    its format, never to a terminal); a file is written atomically, never onto one of the
    command's `inputs`, nor onto a file of the pack or templates `folders` it reads."""
    if str(target) != "-":
        refuse_folder_files(target, folders)
    if str(target) == "-":
        if binary and stdout_is_terminal():
            raise UsageProblem(
                _(
                    "Not writing a binary {format} to the terminal; redirect it "
                    "(-o - > out.{suffix}) or name a file with -o."
                ).format(format=binary, suffix=binary.lower())
            )
        sys.stdout.buffer.write(content)
        return
    from toolkit.model.files import write_atomically

    write_atomically(target, content, what="the document", inputs=inputs)
    stderr_console().print(_("Wrote {target}").format(target=target), markup=False)


def pack_folder(name_or_path: str | Path, checklists: Sequence[Path]) -> list[tuple[str, Path]]:
    """The pack folder a command reads, for `write_output`'s `folders` (none if not found)."""
    from toolkit.errors import CrbdError
    from toolkit.model.packs import resolve_pack

    try:
        return [("pack", resolve_pack(str(name_or_path), checklists))]
    except CrbdError:
        return []


def refuse_folder_files(target: Path, folders: Sequence[tuple[str, Path]]) -> None:
    """Refuse to replace a file of a pack folder, or a template, stylesheet or font of a
    templates folder, that the command reads (`folders`: what each is, and where)."""
    try:
        real = Path(os.path.realpath(target))
        if not real.is_file():
            return
    except (OSError, ValueError):
        return  # the write itself says why it cannot be made
    for what, folder in folders:
        try:
            inside = real.is_relative_to(folder.resolve())
        except (OSError, RuntimeError):
            continue
        if inside and (what == "pack" or real.suffix.lower() in TEMPLATE_SUFFIXES):
            message = (
                _(
                    "{target}: is a file of the pack folder this command reads ({folder}); "
                    "choose another output file."
                )
                if what == "pack"
                else _(
                    "{target}: is a file of the templates folder this command reads "
                    "({folder}); choose another output file."
                )
            )
            raise UsageProblem(message.format(target=target, folder=folder))


def stdout_is_terminal() -> bool:
    """Whether stdout is a terminal; tests replace it."""
    return sys.stdout.isatty()


FileArgument = Annotated[Path, typer.Argument(help=N_("The assessment file (YAML)."))]


LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        metavar="LANG",
        help=N_(
            "The language to write in: en, de or fr (default: CRBD_LANG, else the "
            "assessment's own language, else the system's). Answers, notes and evidence stay "
            "as written."
        ),
        show_default=False,
    ),
]


def speak(context: typer.Context, option: str | None = None, recorded: str | None = None) -> str:
    """Choose and set the language of this run, and return it.

    `--lang` (the command's, else the one before it), then `CRBD_LANG`, then
    `recorded` (the assessment's own), then the system locale, then English. A
    language crbd does not have, given by the user, is refused in one sentence.
    """
    from toolkit.i18n import choose_language, require_language, set_language

    given = option or options_of(context).lang
    if given:
        require_language(given)
    elif environment := os.environ.get("CRBD_LANG"):
        try:
            require_language(environment)
        except UsageProblem as refused:
            raise UsageProblem(f"CRBD_LANG: {refused}") from None
    code = choose_language(given, recorded)
    set_language(code)
    return code


def in_language(
    context: typer.Context, option: str | None, pack: Pack, recorded: str | None
) -> Pack:
    """Set the run's language (see `speak`) and give the pack's text in it where it has one."""
    from toolkit.model.overlays import translated

    return translated(pack, speak(context, option, recorded))
