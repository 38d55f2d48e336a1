"""`crbd assess`: who is answering, the terminal, the lock, Ctrl-C and what to do next."""

from __future__ import annotations

import getpass
import os
import shlex
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from toolkit.cli.common import ExitCode, handles_errors, options_of, warn
from toolkit.cli.terminal import stderr_console
from toolkit.errors import InteractiveSessionRequired

LOCK_WAIT = 10.0
"""Seconds a run without questions waits for another crbd to finish with the file."""


def stdin_is_terminal() -> bool:
    """Whether a person can answer prompts; tests replace it to drive the interview."""
    return sys.stdin.isatty()


@handles_errors
def assess(
    context: typer.Context,
    file: Annotated[Path, typer.Argument(help="Assessment file to create or resume.")] = Path(
        "assessment.yaml"
    ),
    pack: Annotated[
        str | None, typer.Option(help="Pack id or folder for a new assessment (default: core).")
    ] = None,
    domain: Annotated[
        list[str] | None, typer.Option(help="Only ask this domain (prefix, repeatable).")
    ] = None,
    assessor: Annotated[
        str | None, typer.Option("--as", help="Your name, recorded with each answer.")
    ] = None,
    review: Annotated[
        bool, typer.Option(help="Revisit answered controls too, each current answer the default.")
    ] = False,
    teach: Annotated[
        bool,
        typer.Option(help="After each answer, show why it matters and what a full yes looks like."),
    ] = False,
    answer: Annotated[
        list[str] | None,
        typer.Option(
            "--answer",
            help="Record ID=VALUE without asking (repeatable); a control's value may end "
            "with :NOTE, e.g. A-02=na:REASON. Wins over --answers-file.",
        ),
    ] = None,
    answers_file: Annotated[
        Path | None,
        typer.Option(help="Record answers from YAML (id: answer) or CSV (id,answer,note)."),
    ] = None,
    product: Annotated[str | None, typer.Option(help="Set the product's name.")] = None,
    product_version: Annotated[str | None, typer.Option(help="Set the product's version.")] = None,
    organisation: Annotated[str | None, typer.Option(help="Set the organisation.")] = None,
) -> None:
    """Walk through the product profile and every in-scope control, saving after each answer.

    Example: crbd assess my-product.yaml   (or: crbd assess my-product.yaml --answer CON-01=yes)
    """
    from toolkit.cli.terminal import TerminalAsker
    from toolkit.model.assessment import Assessment
    from toolkit.model.files import save_assessment
    from toolkit.workflow.assess import record_given, start
    from toolkit.workflow.interview import Session, questions_left, run_interview, show_summary
    from toolkit.workflow.lock import assessment_lock

    console = stderr_console()
    options = options_of(context)
    named = assessor or os.environ.get("CRBD_ASSESSOR")
    # Read only under the lock: another run's answers saved meanwhile are then seen, not lost.
    with assessment_lock(file, wait=0.0 if stdin_is_terminal() else LOCK_WAIT):
        begun = start(
            file,
            options.checklists,
            pack=pack,
            domains=domain or [],
            session=Session(
                answered_by=named or getpass.getuser(),
                today=date.today(),
                review=review,
                teach=teach,
                confirm_name=not named,
            ),
            answers=answer or [],
            answers_file=answers_file,
            metadata={
                "product": product,
                "product_version": product_version,
                "organisation": organisation,
            },
        )
        warn(begun.opened.warnings)
        checklist, session = begun.opened.pack, begun.session
        crbd = " ".join(
            ["crbd", *(f"--checklists {shlex.quote(str(d))}" for d in options.checklists)]
        )
        target = shlex.quote(str(file))
        asker = TerminalAsker(console)

        def save(updated: Assessment) -> None:
            save_assessment(updated, file)

        assessment, recorded = record_given(begun, save)
        if recorded:
            count = f"{recorded} answer{'s' if recorded != 1 else ''}"
            console.print(f"Recorded {count} given on the command line.")
        left = questions_left(checklist, assessment, session)
        if not stdin_is_terminal():
            if left:
                raise InteractiveSessionRequired(
                    f"{left} questions unanswered; supply them with --answer/--answers-file "
                    "or run in a terminal."
                )
            show_summary(checklist, assessment, asker)
            finished = True
        else:
            console.print(
                f"Assessing against {checklist.title} {checklist.version}; saving to {file}.",
                markup=False,
            )
            try:
                finished = run_interview(checklist, assessment, asker, save, session).finished
            except KeyboardInterrupt:
                console.print(
                    "\nStopped. Every confirmed answer is saved; resume with: "
                    f"{crbd} assess {target}",
                    markup=False,
                    soft_wrap=True,
                )
                raise typer.Exit(ExitCode.INTERRUPTED) from None
    if finished:
        console.print(f"Done. Next: {crbd} report {target}", markup=False, soft_wrap=True)
    else:
        console.print(f"Saved. Resume with: {crbd} assess {target}", markup=False, soft_wrap=True)
