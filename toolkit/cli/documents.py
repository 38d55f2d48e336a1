"""`crbd report`, `compare`, `workshop` and `worksheet`: documents written to files."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from toolkit.cli.common import FileArgument, handles_errors, options_of, warn, write_output
from toolkit.cli.terminal import stderr_console, stdout_console
from toolkit.model.choices import DEFAULT_PACK
from toolkit.report.formats import (
    CompareFormat,
    DocumentFormat,
    Paper,
    PdfVariant,
    ReportFormat,
    for_path,
)


@handles_errors
def report(
    context: typer.Context,
    file: FileArgument,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Output file ('-' for stdout).")
    ] = None,
    format: Annotated[ReportFormat, typer.Option(help="Report format.")] = ReportFormat.PDF,
    templates: Annotated[
        Path | None, typer.Option(help="Folder of your own report templates.")
    ] = None,
    paper: Annotated[Paper, typer.Option(help="Paper size of the PDF.")] = Paper.A4,
    pdf_variant: Annotated[
        PdfVariant,
        typer.Option(help="PDF/A-3a: archival and tagged; PDF/UA-1: accessibility-first."),
    ] = PdfVariant.PDF_A_3A,
) -> None:
    """Render the gap report: PDF (default), html, md, csv (one row per gap), json or docx.

    Example: crbd report my-product.yaml -o gap-report.pdf
    """
    from toolkit.engine.evaluate import evaluate
    from toolkit.report import render_report
    from toolkit.workflow.opening import open_assessment

    opened = open_assessment(file, options_of(context).checklists)
    evaluation = evaluate(opened.pack, opened.assessment)
    warn(opened.warnings)
    content = render_report(format, evaluation, templates, paper=paper, variant=pdf_variant)
    target = output or Path(f"{file.stem}-report.{format.value}")
    if str(target) == "-":
        sys.stdout.buffer.write(content)
        return
    write_output(target, content)
    stderr_console().print(f"Wrote {target}", markup=False)


@handles_errors
def compare(
    context: typer.Context,
    old: Annotated[Path, typer.Argument(help="The earlier assessment (YAML).")],
    new: Annotated[Path, typer.Argument(help="The later assessment of the same product.")],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write a progress report here.")
    ] = None,
    format: Annotated[
        CompareFormat | None,
        typer.Option(help="Progress report format (default: from -o's suffix, else pdf)."),
    ] = None,
    old_pack: Annotated[
        Path | None,
        typer.Option(help="The pack folder OLD was answered against, if the pack has changed."),
    ] = None,
) -> None:
    """Show what changed between two assessments: per control and per domain.

    Example: crbd compare product-2025.yaml product-2026.yaml -o progress.pdf
    """
    from toolkit.workflow.opening import compare_files

    comparison = compare_files(old, new, options_of(context).checklists, old_pack)
    warn(comparison.warnings)
    if output is None and format is None:
        from toolkit.cli import tables

        console = stdout_console()
        for note in comparison.notes:
            console.print(f"Note: {escape(note)}", soft_wrap=True)
        console.print(tables.compare_domain_table(comparison))
        console.print(tables.compare_change_table(comparison, tables.COMPARE_SUMMARY_ONLY))
        console.print(tables.compare_counts_line(comparison), soft_wrap=True)
        return
    from toolkit.report.compare import render_comparison

    target = output or Path(f"{new.stem}-progress.{format.value if format else 'pdf'}")
    chosen = format or for_path(CompareFormat, target, CompareFormat.PDF)
    write_output(target, render_comparison(chosen, comparison))
    stderr_console().print(f"Wrote {target}", markup=False)


@handles_errors
def workshop(
    context: typer.Context,
    files: Annotated[list[Path], typer.Argument(help="Two or more teams' assessment files.")],
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Write the summary here (.html for HTML, else PDF)."),
    ] = None,
    top: Annotated[int, typer.Option(help="How many controls to list.", min=1)] = 20,
) -> None:
    """Several teams' answers to the same product side by side, disagreement first.

    Example: crbd workshop team-a.yaml team-b.yaml team-c.yaml -o summary.pdf
    """
    from toolkit.workflow.opening import workshop_files

    summary = workshop_files(files, options_of(context).checklists)
    warn(summary.warnings)
    if output is None:
        from toolkit.cli import tables

        console = stdout_console()
        console.print(tables.workshop_range_table(summary))
        console.print(tables.workshop_spread_table(summary, top))
        return
    from toolkit.report.workshop import render_workshop

    chosen = for_path(DocumentFormat, output, DocumentFormat.PDF)
    write_output(output, render_workshop(summary, pdf=chosen is DocumentFormat.PDF))
    stderr_console().print(f"Wrote {output}", markup=False)


@handles_errors
def worksheet(
    context: typer.Context,
    profile: Annotated[
        Path | None,
        typer.Option(help="An assessment whose product profile decides which controls to ask."),
    ] = None,
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Where to write it (.html for HTML, else PDF).")
    ] = Path("worksheet.pdf"),
    pack: Annotated[str, typer.Option(help="Pack id or folder (without --profile).")] = (
        DEFAULT_PACK
    ),
) -> None:
    """A printable blank form of the controls to ask, grouped by domain, for paper workshops.

    Example: crbd worksheet --profile my-product.yaml -o worksheet.pdf
    """
    from toolkit.report.worksheet import build_worksheet_view, render_worksheet
    from toolkit.workflow.opening import worksheet_for

    sheet = worksheet_for(profile, options_of(context).checklists, pack)
    warn(sheet.warnings)
    view = build_worksheet_view(sheet.pack, sheet.domains, sheet.product)
    chosen = for_path(DocumentFormat, output, DocumentFormat.PDF)
    write_output(output, render_worksheet(view, pdf=chosen is DocumentFormat.PDF))
    stderr_console().print(f"Wrote {output}", markup=False)
