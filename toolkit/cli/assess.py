"""`crbd assess`: who is answering, the terminal, the lock, Ctrl-C and what to do next."""

from __future__ import annotations

import getpass
import os
import shlex
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from toolkit.cli.common import (
    ExitCode,
    LangOption,
    handles_errors,
    in_language,
    options_of,
    speak,
    warn,
)
from toolkit.cli.helptext import helped
from toolkit.cli.terminal import stderr_console
from toolkit.errors import InteractiveSessionRequired, UsageProblem
from toolkit.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from toolkit.workflow.assess import Start


def stdin_is_terminal() -> bool:
    """Whether a person can answer prompts; tests replace it to drive the interview."""
    return sys.stdin.isatty()


@helped(
    N_(
        "Walk through the product profile and every in-scope control, saving after each "
        "answer.\n\n"
        "Without a terminal, give answers with --answer or --answers-file (or --new for "
        "an empty assessment); exit code 3 means questions remain (2 means something "
        "given was invalid).\n\n"
        "Example: crbd assess my-product.yaml\n\n"
        'Example: crbd assess my-product.yaml --as "A. Lee" --answer CON-01=yes'
    )
)
@handles_errors
def assess(
    context: typer.Context,
    file: Annotated[Path, typer.Argument(help=N_("Assessment file to create or resume."))] = Path(
        "assessment.yaml"
    ),
    pack_name: Annotated[
        str | None,
        typer.Option(
            "--pack",
            metavar="PACK",
            help=N_("Pack id or folder for a new assessment (default: core)."),
        ),
    ] = None,
    domain: Annotated[
        list[str] | None,
        typer.Option(metavar="PREFIX", help=N_("Only ask this domain, e.g. CON (repeatable).")),
    ] = None,
    assessor: Annotated[
        str | None,
        typer.Option(
            "--as",
            metavar="NAME",
            help=N_("Your name, recorded with each answer (default: the file's last assessor)."),
        ),
    ] = None,
    review: Annotated[
        bool,
        typer.Option(help=N_("Revisit answered controls too, each current answer the default.")),
    ] = False,
    teach: Annotated[
        bool,
        typer.Option(
            help=N_("After each answer, show why it matters and what a full yes looks like.")
        ),
    ] = False,
    answer: Annotated[
        list[str] | None,
        typer.Option(
            "--answer",
            metavar="ID=VALUE",
            help=N_(
                "Record an answer without asking (repeatable): CON-01=yes, CON-02=na:REASON, "
                "CON-03=planned:2027-03-31[:NOTE], features=direct_messages,livestreaming; a harm "
                "takes LIKELIHOOD,IMPACT,RESIDUAL,DECISION:RATIONALE. Wins over --answers-file."
            ),
        ),
    ] = None,
    answers_file: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE",
            help=N_(
                "Record answers from YAML (id: answer, or id: {answer, note, target_date, "
                "reason}; a harm id: its risk record) or CSV (id,answer and any of note, "
                "target_date, reason, owner, due)."
            ),
        ),
    ] = None,
    reason: Annotated[
        str | None,
        typer.Option(
            metavar="TEXT",
            help=N_(
                "Why the answers given with this run changed, recorded in the history "
                "(an answers file's own reason wins)."
            ),
        ),
    ] = None,
    action: Annotated[
        list[str] | None,
        typer.Option(
            "--action",
            metavar="ID=OWNER[;DUE[;STATUS[;TICKET]]]",
            help=N_(
                "Give a gap an owner (repeatable), e.g. 'CON-01=Sam Lee;2027-03-31;open;#412'."
            ),
        ),
    ] = None,
    accept: Annotated[
        list[str] | None,
        typer.Option(
            "--accept",
            metavar="ID=APPROVER;APPROVED_ON;EXPIRES_ON;JUSTIFICATION[;MEASURES]",
            help=N_("Record a risk acceptance on a gap (repeatable)."),
        ),
    ] = None,
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--from",
            metavar="OLD.yaml",
            help=N_("Start a new assessment from an earlier one; every answer is to reconfirm."),
        ),
    ] = None,
    product: Annotated[
        str | None, typer.Option(metavar="NAME", help=N_("Set the product's name."))
    ] = None,
    product_version: Annotated[
        str | None, typer.Option(metavar="VERSION", help=N_("Set the product's version."))
    ] = None,
    organisation: Annotated[
        str | None, typer.Option(metavar="NAME", help=N_("Set the organisation."))
    ] = None,
    new: Annotated[
        bool,
        typer.Option(
            "--new",
            help=N_(
                "Start a new assessment in FILE without asking; without a terminal, even "
                "with no answers to record."
            ),
        ),
    ] = False,
    risks: Annotated[
        bool,
        typer.Option(
            "--risks",
            help=N_("Go straight to the children's risk assessment (one screen per harm)."),
        ),
    ] = False,
    lang: LangOption = None,
) -> None:
    from toolkit.cli.terminal import TerminalAsker
    from toolkit.model.assessment import Assessment
    from toolkit.model.files import GuardedSaves
    from toolkit.workflow.assess import missing, record_given, remaining, start, walk_for
    from toolkit.workflow.interview import Session, show_summary
    from toolkit.workflow.lock import UNATTENDED_WAIT, assessment_lock

    console = stderr_console()
    options = options_of(context)
    speak(context, lang)  # the language a new assessment is made in
    interactive = stdin_is_terminal()
    crbd = " ".join(["crbd", *(f"--checklists {shlex.quote(str(d))}" for d in options.checklists)])
    target = shlex.quote(str(file))
    asker = TerminalAsker(console)
    if answers_file is not None and os.path.realpath(answers_file) == os.path.realpath(file):
        raise UsageProblem(
            _(
                "{file} is both the assessment to write and the answers file to read; "
                "give the answers in another file."
            ).format(file=file)
        )
    absent = missing(file, new=new, baseline=baseline)
    if absent is not None and interactive:
        asker.show(absent.notice())
        try:
            reply = asker.ask(absent.question(), default=absent.default())
        except InteractiveSessionRequired:
            reply = "n"
        if not reply.lower().startswith("y"):
            console.print(_("Nothing created."), markup=False)
            return
    named = assessor or os.environ.get("CRBD_ASSESSOR") or ""
    # Read only under the lock: another run's answers saved meanwhile are then seen, not lost.
    with assessment_lock(file, wait=0.0 if interactive else UNATTENDED_WAIT):
        saves = GuardedSaves(file)  # before reading: a change from here on is noticed
        begun = start(
            file,
            options.checklists,
            pack=pack_name,
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
        # The questions are asked in the run's language (the pack's overlay, where it has
        # one); what is recorded (answers, fingerprints, scores) is the same in any language.
        shown = in_language(context, lang, begun.opened.pack, begun.opened.assessment.language)
        if absent is not None and not interactive and not begun.gives_anything:
            raise UsageProblem(absent.refusal())
        _warn_about(begun)
        pack, session = shown, begun.session
        wrote: list[Assessment] = []

        def save(assessment: Assessment) -> None:
            saves.save(assessment)
            wrote.append(assessment)

        assessment, recorded = record_given(begun, save, create=new and not interactive)
        if recorded:
            sources = [name for name in ("--answer" if answer else "", answers_file) if name]
            console.print(
                ngettext(
                    "Recorded {count} answer from {sources}.",
                    "Recorded {count} answers from {sources}.",
                    recorded,
                ).format(count=recorded, sources=_(" and ").join(map(str, sources))),
                markup=False,
            )
        if unchanged := len(begun.supplied) - recorded:
            console.print(
                ngettext(
                    "{count} answer given was already on file as given; it is left as it was.",
                    "{count} answers given were already on file as given; they are left as "
                    "they were.",
                    unchanged,
                ).format(count=unchanged),
                markup=False,
            )
        left = remaining(pack, assessment, session, risks=risks)
        if not interactive:
            if left:
                said = (
                    _("crbd: {file}: saved, with {left}; answer them in a terminal with ")
                    if wrote
                    else _(
                        "crbd: {file}: nothing to record, {left}; answer them in a terminal with "
                    )
                )
                console.print(
                    said.format(file=file, left=left.wording())
                    + _("{crbd} assess {target}, or with --answer or --answers-file.").format(
                        crbd=crbd, target=target
                    ),
                    markup=False,
                    soft_wrap=True,
                )
                raise typer.Exit(ExitCode.INCOMPLETE)
            show_summary(pack, assessment, asker)
            finished = True
        else:
            console.print(
                _("Assessing against {title} {version}; saving to {file}.").format(
                    title=pack.title, version=pack.version, file=file
                ),
                markup=False,
            )
            try:
                finished = walk_for(risks=risks)(pack, assessment, asker, save, session).finished
            except InteractiveSessionRequired as ended:
                said = str(ended) if file.exists() else _never_saved(file, _("Input ended"))
                console.print(f"crbd: {said}", markup=False, soft_wrap=True)
                raise typer.Exit(ExitCode.INCOMPLETE) from None
            except KeyboardInterrupt:
                said = (
                    _("Stopped. Every confirmed answer is saved; resume with: {command}").format(
                        command=f"{crbd} assess {target}"
                    )
                    if file.exists()
                    else _never_saved(file, _("Stopped"))
                )
                console.print("\n" + said, markup=False, soft_wrap=True)
                raise typer.Exit(ExitCode.INTERRUPTED) from None
    if finished:
        said = _("Done. Next: {command}").format(command=f"{crbd} report {target}")
    elif file.exists():
        said = _("Saved. Resume with: {command}").format(command=f"{crbd} assess {target}")
    else:
        said = _never_saved(file, _("Stopped"))
    console.print(said, markup=False, soft_wrap=True)


def _never_saved(file: Path, what: str) -> str:
    """The interview ended before its first save: nothing is on disk to resume."""
    return _("{what} before anything was saved; {file} was not created.").format(
        what=what, file=file
    )


def _warn_about(begun: Start) -> None:
    """The warnings of opening the file and of the answers given, and who they are under."""
    warn(begun.opened.warnings)
    warn(begun.supplied.warnings)
    if begun.out_of_scope:
        warn(
            [
                _(
                    "{ids}: out of scope for this product's profile; recorded, but not counted "
                    "in any score."
                ).format(ids=", ".join(begun.out_of_scope))
            ]
        )
    if begun.system_name:
        warn(
            [
                _(
                    "answers recorded as {name!r}, the system user name; give --as NAME to "
                    "record who gave them."
                ).format(name=begun.session.answered_by)
            ]
        )
