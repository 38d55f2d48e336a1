"""`crbd signoff`: a reviewer's decision, appended to the assessment."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from toolkit.cli.common import FileArgument, handles_errors, options_of, warn
from toolkit.cli.terminal import stderr_console
from toolkit.model.choices import Decision


@handles_errors
def signoff(
    context: typer.Context,
    file: FileArgument,
    reviewer: Annotated[str, typer.Option(help="The reviewer's name.")],
    decision: Annotated[Decision, typer.Option(help="The reviewer's decision.")],
    comment: Annotated[str, typer.Option(help="What the reviewer wants recorded.")] = "",
) -> None:
    """Record a reviewer's decision in the assessment; earlier decisions are kept.

    Example: crbd signoff my-product.yaml --reviewer "A. Auditor" --decision approved
    """
    from toolkit.model.files import save_assessment
    from toolkit.workflow.opening import open_assessment
    from toolkit.workflow.signoff import signed

    opened = open_assessment(file, options_of(context).checklists)
    warn(opened.warnings)
    save_assessment(signed(opened.assessment, reviewer, decision, comment, date.today()), file)
    stderr_console().print(f"Recorded {decision.value} by {reviewer} in {file}.", markup=False)
