"""`crbd score` and `crbd verify`: results on stdout, failed checks as exit code 1."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from toolkit.cli.common import FileArgument, fail_check, handles_errors, options_of, warn
from toolkit.cli.terminal import stdout_console
from toolkit.engine.choices import FailOn


@handles_errors
def score(
    context: typer.Context,
    file: FileArgument,
    as_json: Annotated[bool, typer.Option("--json", help="Print the Result as JSON.")] = False,
    top: Annotated[int, typer.Option(help="How many gaps to list.", min=0)] = 10,
    fail_under: Annotated[
        float | None,
        typer.Option(help="Exit 1 if the overall score is below this (0-100).", min=0, max=100),
    ] = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(help="Exit 1 if any gap is of this severity or above."),
    ] = None,
) -> None:
    """Print per-domain scores, ratings and the top gaps; optionally gate CI on them.

    Example: crbd score my-product.yaml --fail-under 70 --fail-on critical
    """
    from toolkit.engine.evaluate import evaluate
    from toolkit.engine.gates import gate_failures
    from toolkit.workflow.opening import open_assessment

    opened = open_assessment(file, options_of(context).checklists)
    result = evaluate(opened.pack, opened.assessment).result
    warn(opened.warnings)
    if as_json:
        sys.stdout.write(result.model_dump_json(indent=2) + "\n")
    else:
        from toolkit.cli import tables

        console = stdout_console()
        console.print(tables.overall_line(result), soft_wrap=True)
        console.print(tables.domain_table(result))
        if result.gaps and top:
            console.print(tables.gap_table(result, opened.pack, top))
        if result.needs_reverification:
            console.print(tables.reverification_line(result), soft_wrap=True)
    failures = gate_failures(result, fail_under, fail_on)
    if failures:
        fail_check("gate failed", [f"{failure}." for failure in failures])


@handles_errors
def verify(
    context: typer.Context,
    report_file: Annotated[Path, typer.Argument(help="A PDF report made by crbd report.")],
) -> None:
    """Re-score a PDF report's embedded assessment and check it against what the report states.

    Exits 0 printing "verified", or 1 naming the first difference.

    Example: crbd verify gap-report.pdf
    """
    from toolkit.workflow.verify import first_difference

    difference = first_difference(report_file, options_of(context).checklists)
    if difference is not None:
        fail_check("not verified", [difference])
    print("verified")
