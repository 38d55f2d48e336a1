"""`crbd export`: the gaps as issues a tracker imports, written without any network access."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from toolkit.cli.common import FileArgument, handles_errors, options_of, warn, write_output
from toolkit.cli.terminal import stderr_console
from toolkit.export import ExportTarget


@handles_errors
def export(
    context: typer.Context,
    file: FileArgument,
    to: Annotated[ExportTarget, typer.Option(help="The tracker format to write.")],
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Where to write (default: FILE's name + suffix)."),
    ] = None,
) -> None:
    """Write every gap as a tracker issue: a Jira CSV or GitHub JSON Lines.

    Example: crbd export my-product.yaml --to jira-csv
    """
    from toolkit.engine.evaluate import evaluate
    from toolkit.export import render_export
    from toolkit.workflow.opening import open_assessment

    opened = open_assessment(file, options_of(context).checklists)
    warn(opened.warnings)
    evaluation = evaluate(opened.pack, opened.assessment)
    target = output or file.with_name(file.stem + to.suffix)
    write_output(target, render_export(to, evaluation))
    count = len(evaluation.plan.items)
    stderr_console().print(f"Wrote {count} gaps as {to.value} to {target}.", markup=False)
