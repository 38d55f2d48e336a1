"""`crbd signoff`, `crbd history` and `crbd due`: decisions and dates over time."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from toolkit.cli.common import (
    FileArgument,
    fail_check,
    handles_errors,
    options_of,
    warn,
    write_output,
)
from toolkit.cli.helptext import helped
from toolkit.cli.terminal import stderr_console, stdout_console
from toolkit.errors import UnknownItem, UsageProblem
from toolkit.i18n import N_, _, ngettext
from toolkit.model.choices import Decision

if TYPE_CHECKING:
    from toolkit.model.pack import Pack


@helped(
    N_(
        "Record a reviewer's decision in the assessment; earlier decisions are kept.\n\n"
        'Example: crbd signoff my-product.yaml --reviewer "A. Auditor" --decision '
        "approved"
    )
)
@handles_errors
def signoff(
    context: typer.Context,
    file: FileArgument,
    reviewer: Annotated[str, typer.Option(help=N_("The reviewer's name."))],
    decision: Annotated[
        Decision, typer.Option(case_sensitive=False, help=N_("The reviewer's decision."))
    ],
    comment: Annotated[str, typer.Option(help=N_("What the reviewer wants recorded."))] = "",
    risks: Annotated[
        bool,
        typer.Option(
            "--risks",
            help=N_(
                "Record the decision of the person accountable for the children's risk "
                "assessment on that assessment, rather than a sign-off of the whole file."
            ),
        ),
    ] = False,
) -> None:
    from toolkit.model.files import save_assessment
    from toolkit.report.labels import DECISION_LABEL
    from toolkit.workflow.lock import UNATTENDED_WAIT, assessment_lock
    from toolkit.workflow.opening import open_assessment
    from toolkit.workflow.signoff import risk_approved, signed

    record = risk_approved if risks else signed
    with assessment_lock(file, wait=UNATTENDED_WAIT):  # read and write as one step
        opened = open_assessment(file, options_of(context).checklists)
        warn(opened.warnings)
        save_assessment(record(opened.assessment, reviewer, decision, comment, date.today()), file)
    said = (
        _("Recorded “{decision}” on the children's risk assessment by {reviewer} in {file}.")
        if risks
        else _("Recorded “{decision}” by {reviewer} in {file}.")
    )
    stderr_console().print(
        said.format(decision=_(DECISION_LABEL[decision]), reviewer=reviewer, file=file),
        markup=False,
    )


@helped(
    N_(
        "Print every recorded change of an answer: from, to, by whom, when and why.\n\n"
        "Example: crbd history my-product.yaml CSEA-05"
    )
)
@handles_errors
def history(
    context: typer.Context,
    file: FileArgument,
    item: Annotated[
        str | None, typer.Argument(help=N_("Only this control or profile question id."))
    ] = None,
) -> None:
    from toolkit.cli.tables import history_table
    from toolkit.report.text import printable
    from toolkit.workflow.opening import open_assessment

    opened = open_assessment(file, options_of(context).checklists)
    warn(opened.warnings)
    wanted = {item, item.upper()} if item else None
    changes = [c for c in opened.assessment.history if wanted is None or c.id in wanted]
    if not changes and item and not _known_id(opened.pack, item):
        raise UnknownItem(
            _(
                "{item!r} is neither a control nor a profile question of the checklist pack "
                "{pack}, and {file} records no change of it; crbd checklist show lists the ids."
            ).format(item=item, pack=opened.pack.id, file=file)
        )
    if not changes:
        said = (
            _("No recorded changes of {item} in {file}.")
            if item
            else _("No recorded changes in {file}.")
        )
        stdout_console().print(printable(said.format(item=item, file=file)), markup=False)
        return
    stdout_console().print(history_table(changes))


@helped(
    N_(
        "List overdue reviews, expiring evidence and acceptances, late actions, and new laws."
        "\n\nThe laws are those binding where the product is offered that take effect, or "
        "just took effect, within DAYS of the day; each says where it stands (an enjoined law "
        "never binds).\n\n"
        "Example: crbd due products/*.yaml --within 60 --fail-if-overdue"
    )
)
@handles_errors
def due(
    context: typer.Context,
    files: Annotated[
        list[Path], typer.Argument(metavar="FILE...", help=N_("One or more assessment files."))
    ],
    within: Annotated[
        int,
        typer.Option(
            metavar="DAYS", help=N_("Also list what falls due within this many days."), min=0
        ),
    ] = 30,
    fail_if_overdue: Annotated[
        bool, typer.Option(help=N_("Exit 1 if anything is overdue (for CI)."))
    ] = False,
    ics: Annotated[
        Path | None,
        typer.Option(metavar="FILE", help=N_("Also write the dates as a calendar file (.ics).")),
    ] = None,
    today: Annotated[
        str | None,
        typer.Option(
            envvar="CRBD_TODAY", metavar="DATE", help=N_("Judge as of this date (YYYY-MM-DD).")
        ),
    ] = None,
) -> None:
    from toolkit.cli.tables import due_table
    from toolkit.export.calendar import calendar
    from toolkit.workflow.opening import due_files

    day = _day(today)
    items, warnings = due_files(files, options_of(context).checklists, day, within)
    warn(warnings)
    console = stdout_console()
    if items:
        console.print(due_table(items, day))
    else:
        console.print(
            ngettext(
                "Nothing overdue or due within {days} day of {date}.",
                "Nothing overdue or due within {days} days of {date}.",
                within,
            ).format(days=within, date=day),
            markup=False,
        )
    if ics is not None:
        write_output(ics, calendar(items, day), inputs=files)
    overdue = [item for item in items if item.overdue]
    if fail_if_overdue and overdue:
        count = len(overdue)
        fail_check(
            _("overdue"),
            [
                ngettext(
                    "{n} item is overdue on {date}.", "{n} items are overdue on {date}.", count
                ).format(n=count, date=day)
            ],
        )


def _known_id(pack: Pack, item: str) -> bool:
    """Whether `item` names a control or a profile question of the pack (any case)."""
    return any(
        pack.control(name) is not None or pack.question(name) is not None
        for name in (item, item.upper(), item.lower())
    )


def _day(text: str | None) -> date:
    if not text:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageProblem(
            _("--today {text!r} is not a date in the form YYYY-MM-DD.").format(text=text)
        ) from None
