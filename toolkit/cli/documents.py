"""`crbd report`, `compare`, `workshop` and `worksheet`: documents written to files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from toolkit.cli.common import (
    FileArgument,
    LangOption,
    handles_errors,
    in_language,
    options_of,
    pack_folder,
    speak,
    warn,
    write_output,
)
from toolkit.cli.helptext import helped
from toolkit.cli.terminal import stdout_console
from toolkit.i18n import N_, _
from toolkit.model.choices import DEFAULT_PACK
from toolkit.report.formats import (
    CompareFormat,
    DocumentFormat,
    Paper,
    PdfVariant,
    ReportFormat,
    for_path,
    format_for_output,
)


@helped(
    N_(
        "Render the gap report: PDF (default), html, md, csv (one row per gap), json or "
        "docx.\n\n"
        "Example: crbd report my-product.yaml -o gap-report.pdf"
    )
)
@handles_errors
def report(
    context: typer.Context,
    file: FileArgument,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            metavar="FILE",
            help=N_(
                "Output file (default: FILE's name with -report.FORMAT, e.g. "
                "my-product-report.pdf; '-' for stdout, never binary to a terminal)."
            ),
        ),
    ] = None,
    format: Annotated[
        ReportFormat | None,
        typer.Option(
            case_sensitive=False, help=N_("Report format (default: from -o's suffix, else pdf).")
        ),
    ] = None,
    templates: Annotated[
        Path | None, typer.Option(help=N_("Folder of your own report templates."))
    ] = None,
    paper: Annotated[
        Paper, typer.Option(case_sensitive=False, help=N_("Paper size of the PDF."))
    ] = Paper.A4,
    pdf_variant: Annotated[
        PdfVariant,
        typer.Option(
            case_sensitive=False,
            help=N_("PDF/A-3a: archival and tagged; PDF/UA-1: accessibility-first."),
        ),
    ] = PdfVariant.PDF_A_3A,
    lang: LangOption = None,
) -> None:
    from toolkit.engine.evaluate import evaluate
    from toolkit.report import render_report
    from toolkit.workflow.opening import open_assessment

    chosen = format_for_output(ReportFormat, format, output, ReportFormat.PDF)
    opened = open_assessment(file, options_of(context).checklists)
    pack = in_language(context, lang, opened.pack, opened.assessment.language)
    evaluation = evaluate(pack, opened.assessment)
    warn(opened.warnings)
    target = output or Path(f"{file.stem}-report.{chosen.value}")
    content = render_report(chosen, evaluation, templates, paper=paper, variant=pdf_variant)
    binary = chosen.value.upper() if chosen in (ReportFormat.PDF, ReportFormat.DOCX) else ""
    folders = pack_folder(opened.assessment.pack.id, options_of(context).checklists)
    if templates is not None:
        folders.append(("templates", templates))
    write_output(target, content, inputs=[file], binary=binary, folders=folders)


@helped(
    N_(
        "Show what changed between two assessments: per control and per domain.\n\n"
        "Example: crbd compare product-2025.yaml product-2026.yaml -o progress.pdf"
    )
)
@handles_errors
def compare(
    context: typer.Context,
    old: Annotated[Path, typer.Argument(help=N_("The earlier assessment (YAML)."))],
    new: Annotated[Path, typer.Argument(help=N_("The later assessment of the same product."))],
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            metavar="FILE",
            help=N_(
                "Write a progress report here (with --format alone: NEW's name with "
                "-progress.FORMAT; '-' for stdout, never binary to a terminal)."
            ),
        ),
    ] = None,
    format: Annotated[
        CompareFormat | None,
        typer.Option(
            case_sensitive=False,
            help=N_("Progress report format (default: from -o's suffix, else pdf)."),
        ),
    ] = None,
    old_pack: Annotated[
        Path | None,
        typer.Option(
            metavar="DIR",
            help=N_("The pack folder OLD was answered against, if the pack has changed."),
        ),
    ] = None,
    everything: Annotated[
        bool,
        typer.Option(
            "--all",
            help=N_(
                "List the unchanged controls too (still open, still met), not only count them."
            ),
        ),
    ] = False,
    lang: LangOption = None,
) -> None:
    from toolkit.workflow.opening import compare_files

    language = speak(context, lang)
    for_people = (
        output is None
        and format is None
        or (
            format_for_output(CompareFormat, format, output, CompareFormat.PDF)
            not in (CompareFormat.JSON, CompareFormat.CSV)
        )
    )
    comparison = compare_files(
        old, new, options_of(context).checklists, old_pack, language if for_people else None
    )
    warn(comparison.warnings)
    if output is None and format is None:
        from toolkit.cli import tables

        console = stdout_console()
        for line in tables.compare_runs_lines(comparison):
            console.print(line, soft_wrap=True)
        for note in comparison.notes:
            console.print(_("Note: {note}").format(note=escape(note)), soft_wrap=True)
        console.print(tables.compare_domain_table(comparison))
        console.print(tables.compare_change_table(comparison, everything))
        console.print(tables.compare_counts_line(comparison, everything), soft_wrap=True)
        console.print(tables.compare_risk_table(comparison), soft_wrap=True)
        return
    from toolkit.report.compare import render_comparison

    chosen = format_for_output(CompareFormat, format, output, CompareFormat.PDF)
    target = output or Path(f"{new.stem}-progress.{chosen.value}")
    content = render_comparison(chosen, comparison, everything)
    binary = "PDF" if chosen is CompareFormat.PDF else ""
    folders = pack_folder(old_pack, ()) if old_pack is not None else []
    write_output(target, content, inputs=[old, new], binary=binary, folders=folders)


@helped(
    N_(
        "Several teams' answers to the same product side by side, disagreement first.\n\n"
        "Example: crbd workshop team-a.yaml team-b.yaml team-c.yaml -o summary.pdf"
    )
)
@handles_errors
def workshop(
    context: typer.Context,
    files: Annotated[
        list[Path], typer.Argument(metavar="FILE", help=N_("Two or more teams' assessment files."))
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            metavar="FILE",
            help=N_("Write the summary here (.html for HTML, else PDF); without it, tables."),
        ),
    ] = None,
    top: Annotated[
        int,
        typer.Option(
            metavar="N", help=N_("How many disagreements to list, in every output."), min=1
        ),
    ] = 20,
    domain: Annotated[
        list[str] | None,
        typer.Option(
            metavar="PREFIX",
            help=N_(
                "Compare only this domain's controls, e.g. the one every team answered "
                "(repeatable)."
            ),
        ),
    ] = None,
    lang: LangOption = None,
) -> None:
    from toolkit.workflow.opening import workshop_files

    language = speak(context, lang)
    summary = workshop_files(files, options_of(context).checklists, domain or [], language)
    warn(summary.warnings)
    if output is None:
        from toolkit.cli import tables

        console = stdout_console()
        console.print(tables.team_legend(summary), soft_wrap=False)
        console.print(tables.workshop_range_table(summary))
        console.print(tables.workshop_spread_table(summary, top))
        from toolkit.report.workshop import listed_words, note_blocks, risks_listed_words

        console.print(listed_words(summary, top), soft_wrap=True)
        if summary.rated_harms:
            console.print(tables.workshop_risk_table(summary, top))
        if summary.harms:
            console.print(risks_listed_words(summary, top), soft_wrap=True)
        blocks = note_blocks(summary, top)
        if blocks:
            console.print()
            heading = _("What the teams wrote where they disagree")
            console.print(f"[bold]{escape(heading)}[/bold]")
            console.print(tables.workshop_notes(blocks), soft_wrap=True)
        return
    from toolkit.report.workshop import render_workshop

    pdf = for_path(DocumentFormat, output, DocumentFormat.PDF) is DocumentFormat.PDF
    content = render_workshop(summary, pdf=pdf, top=top)
    write_output(output, content, inputs=files, binary="PDF" if pdf else "")


@helped(
    N_(
        "A printable blank form of the controls to ask, grouped by domain, for paper "
        "workshops, with an owner and due line under each control and the risk step at "
        "the end.\n\n"
        "Example: crbd worksheet --profile my-product.yaml --domain CON --domain PRIV "
        "-o team-a.pdf"
    )
)
@handles_errors
def worksheet(
    context: typer.Context,
    profile: Annotated[
        Path | None,
        typer.Option(help=N_("An assessment whose product profile decides which controls to ask.")),
    ] = None,
    output: Annotated[
        Path,
        typer.Option(
            "-o",
            "--output",
            metavar="FILE",
            help=N_("Where to write it (.html for HTML, else PDF)."),
        ),
    ] = Path("worksheet.pdf"),
    pack: Annotated[str, typer.Option(help=N_("Pack id or folder (without --profile)."))] = (
        DEFAULT_PACK
    ),
    domain: Annotated[
        list[str] | None,
        typer.Option(
            metavar="PREFIX", help=N_("Only this domain's controls, e.g. CON (repeatable).")
        ),
    ] = None,
    risks: Annotated[
        bool,
        typer.Option(
            "--risks/--no-risks",
            help=N_("End with the risk step: a block per harm to rate (on by default)."),
        ),
    ] = True,
    lang: LangOption = None,
) -> None:
    from toolkit.report.worksheet import build_worksheet_view, render_worksheet
    from toolkit.workflow.opening import worksheet_for

    sheet = worksheet_for(profile, options_of(context).checklists, pack, domain or [], risks=risks)
    warn(sheet.warnings)
    checklist = in_language(context, lang, sheet.pack, sheet.language)
    domains = [
        (next(d for d in checklist.domains if d.prefix == domain.prefix), controls)
        for domain, controls in sheet.domains
    ]
    domains = [
        (domain, [checklist.controls_by_id[control.id] for control in controls])
        for domain, controls in domains
    ]
    view = build_worksheet_view(
        checklist,
        domains,
        sheet.product,
        sheet.profile,
        sheet.harms,
        team=sheet.team,
        only=sheet.only,
    )
    pdf = for_path(DocumentFormat, output, DocumentFormat.PDF) is DocumentFormat.PDF
    content = render_worksheet(view, pdf=pdf)
    folders = pack_folder(
        pack if profile is None else sheet.pack.id, options_of(context).checklists
    )
    inputs = [profile] if profile else []
    write_output(output, content, inputs=inputs, binary="PDF" if pdf else "", folders=folders)
