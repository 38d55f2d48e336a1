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

from toolkit.cli.common import ExitCode, LangOption, handles_errors, options_of, speak, warn
from toolkit.cli.terminal import stderr_console
from toolkit.errors import InteractiveSessionRequired


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
        str | None,
        typer.Option(
            metavar="PACK", help="Pack id or folder for a new assessment (default: core)."
        ),
    ] = None,
    domain: Annotated[
        list[str] | None,
        typer.Option(metavar="PREFIX", help="Only ask this domain, e.g. CON (repeatable)."),
    ] = None,
    assessor: Annotated[
        str | None,
        typer.Option(
            "--as",
            metavar="NAME",
            help="Your name, recorded with each answer (default: the file's last assessor).",
        ),
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
            metavar="ID=VALUE",
            help="Record an answer without asking (repeatable): CON-01=yes, CON-02=na:REASON, "
            "CON-03=planned:2027-03-31[:NOTE], features=direct_messages,livestreaming; a harm "
            "takes LIKELIHOOD,IMPACT,RESIDUAL,DECISION:RATIONALE. Wins over --answers-file.",
        ),
    ] = None,
    answers_file: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE",
            help="Record answers from YAML (id: answer, or id: {answer, note, target_date, "
            "reason}; a harm id: its risk record) or CSV (id,answer and any of note, "
            "target_date, reason, owner, due).",
        ),
    ] = None,
    reason: Annotated[
        str | None,
        typer.Option(
            metavar="TEXT",
            help="Why the answers given with this run changed, recorded in the history "
            "(an answers file's own reason wins).",
        ),
    ] = None,
    action: Annotated[
        list[str] | None,
        typer.Option(
            "--action",
            metavar="ID=OWNER[;DUE[;STATUS[;TICKET]]]",
            help="Give a gap an owner (repeatable), e.g. 'CON-01=Sam Lee;2027-03-31;open;#412'.",
        ),
    ] = None,
    accept: Annotated[
        list[str] | None,
        typer.Option(
            "--accept",
            metavar="ID=APPROVER;APPROVED_ON;EXPIRES_ON;JUSTIFICATION[;MEASURES]",
            help="Record a risk acceptance on a gap (repeatable).",
        ),
    ] = None,
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--from",
            metavar="OLD.yaml",
            help="Start a new assessment from an earlier one; every answer is to reconfirm.",
        ),
    ] = None,
    product: Annotated[
        str | None, typer.Option(metavar="NAME", help="Set the product's name.")
    ] = None,
    product_version: Annotated[
        str | None, typer.Option(metavar="VERSION", help="Set the product's version.")
    ] = None,
    organisation: Annotated[
        str | None, typer.Option(metavar="NAME", help="Set the organisation.")
    ] = None,
    risks: Annotated[
        bool,
        typer.Option(
            "--risks", help="Go straight to the children's risk assessment (one screen per harm)."
        ),
    ] = False,
    lang: LangOption = None,
) -> None:
    """Walk through the product profile and every in-scope control, saving after each answer.

    Without a terminal, give answers with --answer or --answers-file; exit code 3 means they
    were recorded but questions remain (2 means something given was invalid).

    Example: crbd assess my-product.yaml

    Example: crbd assess my-product.yaml --as "A. Lee" --answer CON-01=yes
    """
    from toolkit.cli.terminal import TerminalAsker
    from toolkit.model.files import GuardedSaves
    from toolkit.workflow.assess import record_given, start
    from toolkit.workflow.interview import Session, questions_left, run_interview, show_summary
    from toolkit.workflow.lock import UNATTENDED_WAIT, assessment_lock
    from toolkit.workflow.risk_interview import harms_to_ask, run_risk_step

    console = stderr_console()
    options = options_of(context)
    speak(context, lang)  # the language a new assessment is made in
    named = assessor or os.environ.get("CRBD_ASSESSOR") or ""
    # Read only under the lock: another run's answers saved meanwhile are then seen, not lost.
    with assessment_lock(file, wait=0.0 if stdin_is_terminal() else UNATTENDED_WAIT):
        saves = GuardedSaves(file)  # before reading: a change from here on is noticed
        begun = start(
            file,
            options.checklists,
            pack=pack,
            domains=domain or [],
            session=Session(
                answered_by=named,
                today=date.today(),
                review=review,
                teach=teach,
                confirm_name=not named,
            ),
            answers=answer or [],
            answers_file=answers_file,
            actions=action or [],
            accepts=accept or [],
            baseline=baseline,
            reason=reason or "",
            metadata={
                "product": product,
                "product_version": product_version,
                "organisation": organisation,
            },
            system_user=getpass.getuser(),
        )
        speak(context, lang, begun.opened.assessment.language)
        warn(begun.opened.warnings)
        warn(begun.supplied.warnings)
        if begun.out_of_scope:
            warn(
                [
                    f"{', '.join(begun.out_of_scope)}: out of scope for this product's profile; "
                    "recorded, but not counted in any score."
                ]
            )
        if begun.system_name:
            warn(
                [
                    f"answers recorded as {begun.session.answered_by!r}, the system user name; "
                    "give --as NAME to record who gave them."
                ]
            )
        checklist, session = begun.opened.pack, begun.session
        crbd = " ".join(
            ["crbd", *(f"--checklists {shlex.quote(str(d))}" for d in options.checklists)]
        )
        target = shlex.quote(str(file))
        asker = TerminalAsker(console)

        assessment, recorded = record_given(begun, saves.save)
        if recorded:
            sources = [name for name in ("--answer" if answer else "", answers_file) if name]
            count = f"{recorded} answer{'s' if recorded != 1 else ''}"
            console.print(f"Recorded {count} from {' and '.join(map(str, sources))}.", markup=False)
        if risks:
            left = len(harms_to_ask(checklist, assessment, session))
        else:
            left = questions_left(checklist, assessment, session)
        if not stdin_is_terminal():
            if left:
                copied = any(given.to_reconfirm for given in assessment.answers.values())
                pending = "unanswered or to reconfirm" if copied else "unanswered"
                what = "harms not yet assessed" if risks else f"questions still {pending}"
                console.print(
                    f"crbd: {file}: saved, with {left} {what}; answer them "
                    f"in a terminal with {crbd} assess {target}, or with --answer or "
                    "--answers-file.",
                    markup=False,
                    soft_wrap=True,
                )
                raise typer.Exit(ExitCode.INCOMPLETE)
            show_summary(checklist, assessment, asker)
            finished = True
        else:
            console.print(
                f"Assessing against {checklist.title} {checklist.version}; saving to {file}.",
                markup=False,
            )
            walk = run_risk_step if risks else run_interview
            try:
                finished = walk(checklist, assessment, asker, saves.save, session).finished
            except InteractiveSessionRequired as ended:
                console.print(f"crbd: {ended}", markup=False, soft_wrap=True)
                raise typer.Exit(ExitCode.INCOMPLETE) from None
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
