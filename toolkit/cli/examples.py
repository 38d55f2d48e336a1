"""`crbd example list|copy`: the bundled fictional products."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from toolkit.cli.common import handles_errors
from toolkit.cli.terminal import stderr_console, stdout_console


@handles_errors
def example_list() -> None:
    """List the bundled fictional products, each with a one-line description.

    Example: crbd example list
    """
    from toolkit.cli import tables
    from toolkit.workflow.examples import examples

    stdout_console().print(tables.example_table(examples()))


@handles_errors
def example_copy(
    name: Annotated[str, typer.Argument(help="The example's name (see crbd example list).")],
    destination: Annotated[
        Path | None, typer.Argument(help="File or folder to copy to (default: NAME.yaml here).")
    ] = None,
) -> None:
    """Copy a bundled example assessment to edit, score and report; never overwrites.

    Example: crbd example copy yarnly my-workshop.yaml
    """
    from toolkit.workflow.examples import copy_example

    target = copy_example(name, destination)
    stderr_console().print(f"Wrote {target}; score it with: crbd score {target}", markup=False)
