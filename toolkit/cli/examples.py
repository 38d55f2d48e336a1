"""`crbd example list|copy|guide`: the bundled fictional products, and how to run a workshop
with them."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from toolkit.cli.common import handles_errors, options_of, stdout_is_terminal, write_output
from toolkit.cli.helptext import helped
from toolkit.cli.terminal import stderr_console, stdout_console
from toolkit.i18n import N_, _


def stdin_is_terminal() -> bool:
    """Whether someone can be asked a question; tests replace it."""
    return sys.stdin.isatty()


@helped(
    N_(
        "List the bundled fictional products: what each is, who it is for (ages and "
        "audience), its main features and the harms its profile raises, to pick one for "
        "a workshop.\n\n"
        "Example: crbd example list"
    )
)
@handles_errors
def example_list(context: typer.Context) -> None:
    from toolkit.cli import tables
    from toolkit.i18n import current_language
    from toolkit.workflow.examples import audiences

    found = audiences(options_of(context).checklists, current_language())
    stdout_console().print(tables.example_table(found))


@helped(
    N_(
        "Copy a bundled example assessment to edit, score and report; never overwrites.\n\n"
        'Example: crbd example copy yarnly team-a.yaml --blank --as "Team A"'
    )
)
@handles_errors
def example_copy(
    name: Annotated[str, typer.Argument(help=N_("The example's name (see crbd example list)."))],
    destination: Annotated[
        Path | None, typer.Argument(help=N_("File or folder to copy to (default: NAME.yaml here)."))
    ] = None,
    blank: Annotated[
        bool,
        typer.Option(
            "--blank",
            help=N_(
                "Copy only the product and its profile: no answers, ratings, history or "
                "sign-offs, for a workshop team to fill in."
            ),
        ),
    ] = False,
    team: Annotated[
        str | None,
        typer.Option(
            "--as",
            metavar="TEAM",
            help=N_(
                "The team's name for a blank copy (asked on a terminal when left out); "
                "workshop summaries name the team by it."
            ),
        ),
    ] = None,
) -> None:
    from toolkit.workflow.examples import copy_example

    if blank and team is None and stdin_is_terminal():
        try:
            team = stderr_console().input(_("Team name (enter to name it by the file): "))
        except EOFError:  # input ended: no name, the file's name stands for the team
            team = ""
    target = copy_example(name, destination, blank=blank, team=" ".join((team or "").split()))
    if blank:
        message = _("Wrote {target}, a blank copy; answer it with: crbd assess {target}")
    else:
        message = _("Wrote {target}; score it with: crbd score {target}")
    stderr_console().print(message.format(target=target), markup=False)


@helped(
    N_(
        "The facilitator's guide for a two-hour workshop: agenda and timings, which "
        "example suits which audience, which domains fit, discussion questions, and the "
        "commands.\n\n"
        "Example: crbd example guide -o workshop-guide.pdf"
    )
)
@handles_errors
def example_guide(
    context: typer.Context,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            metavar="FILE",
            help=N_(
                "Write the guide here: .md for Markdown, .html for HTML, else PDF; "
                "without it, the guide is printed."
            ),
        ),
    ] = None,
) -> None:
    from toolkit.workflow.examples import facilitator_guide

    markdown = facilitator_guide(options_of(context).checklists)
    if output is None:
        if stdout_is_terminal():
            from rich.markdown import Markdown

            stdout_console().print(Markdown(markdown))
        else:
            sys.stdout.write(markdown)
        return
    if output.suffix.lower() in (".md", ".markdown", ".txt"):
        write_output(output, markdown.encode("utf-8"))
        return
    from toolkit.report.guide import render_guide

    pdf = output.suffix.lower() not in (".html", ".htm")
    write_output(output, render_guide(markdown, pdf=pdf), binary="PDF" if pdf else "")
