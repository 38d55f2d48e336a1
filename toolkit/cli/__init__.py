"""The `crbd` command: parse options, call the core, print, map errors to exit codes.

Nothing here knows about scores, answers or controls beyond passing them from
the core to a view. Heavy modules (jinja2, weasyprint) are imported only by
the report command, through `toolkit.report`.
"""

from __future__ import annotations

import functools
import getpass
import json
import os
import shlex
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from rich.markup import escape

from toolkit import __version__
from toolkit.model.assessment import Assessment, save_assessment, with_metadata
from toolkit.engine.crosswalk import crosswalk
from toolkit.errors import (
    CrbdError,
    InteractiveSessionRequired,
    UnknownItem,
    UsageProblem,
    ValidationFailed,
)
from toolkit.engine.gates import FailOn, gate_failures
from toolkit.workflow.opening import open_assessment, open_or_create
from toolkit.model.packs import DEFAULT_PACK, available_packs, load_pack, resolve_pack
from toolkit.report import Paper, PdfVariant, ReportFormat
from toolkit.engine.scoring import score
from toolkit.workflow.signoff import Decision, signed
from toolkit.cli.terminal import stderr_console, stdout_console

EXIT_GATE_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130

app = typer.Typer(
    name="crbd",
    help="Children's rights by design: assess how a product protects children, score it, "
    "and render a gap report.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)
checklist_app = typer.Typer(help="List, show and validate checklist packs.", no_args_is_help=True)
app.add_typer(checklist_app, name="checklist")
example_app = typer.Typer(help="List and copy the bundled example products.", no_args_is_help=True)
app.add_typer(example_app, name="example")


@dataclass
class Options:
    """Global options, shared by every command through the click context."""

    checklists: list[Path] = field(default_factory=list)
    debug: bool = False


F = TypeVar("F", bound=Callable[..., Any])


def handles_errors(command: F) -> F:
    """Turn every user-caused error into one line on stderr and exit code 2."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except CrbdError as error:
            if _options(kwargs["context"]).debug:
                raise
            _fail(error)

    return wrapper  # type: ignore[return-value]


def _fail(error: CrbdError) -> NoReturn:
    console = stderr_console()
    console.print(f"crbd: {error}", markup=False, soft_wrap=True)
    if isinstance(error, ValidationFailed) and len(error.problems) > 1:
        for problem in error.problems[1:]:
            console.print(f"  {problem}", markup=False, soft_wrap=True)
    raise typer.Exit(EXIT_BAD_INPUT)


def _options(context: typer.Context) -> Options:
    return context.find_object(Options) or Options()


def _show_version(value: bool) -> None:
    if value:
        print(f"crbd {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    context: typer.Context,
    checklists: Annotated[
        list[Path] | None,
        typer.Option(
            "--checklists",
            envvar="CRBD_CHECKLISTS",
            help="Extra folder of checklist packs (repeatable); searched before the bundled ones.",
        ),
    ] = None,
    debug: Annotated[
        bool, typer.Option(help="Show tracebacks instead of one-line errors.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Children's rights by design: a self-assessment toolkit for products children use."""
    context.obj = Options(checklists=list(checklists or []), debug=debug)


FileArgument = Annotated[Path, typer.Argument(help="The assessment file (YAML).")]


def stdin_is_terminal() -> bool:
    """Whether a person can answer prompts; tests replace it to drive the interview."""
    return sys.stdin.isatty()


@app.command()
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
    from toolkit.workflow.answers_file import Supplied, apply_supplied, from_options, read_answers_file
    from toolkit.workflow.interview import Session, questions_left, run_interview, show_summary
    from toolkit.workflow.lock import assessment_lock
    from toolkit.workflow.recording import up_to_date
    from toolkit.cli.terminal import TerminalAsker

    console = stderr_console()
    options = _options(context)
    opened = open_or_create(file, options.checklists, pack)
    checklist, assessment = opened.pack, opened.assessment
    for warning in opened.warnings:
        console.print(f"warning: {warning}", markup=False)
    prefixes = [prefix.upper() for prefix in domain or []]
    unknown = [prefix for prefix in prefixes if checklist.domain(prefix) is None]
    if unknown:
        known = ", ".join(d.prefix for d in checklist.domains)
        raise UnknownItem(f"No domain {', '.join(unknown)} in pack {checklist.id}; use {known}.")
    named = assessor or os.environ.get("CRBD_ASSESSOR")
    session = Session(
        answered_by=named or getpass.getuser(),
        today=date.today(),
        domains=prefixes,
        review=review,
        teach=teach,
        confirm_name=not named,
    )
    who = (session.answered_by, session.today)
    from_file = read_answers_file(answers_file, checklist, *who) if answers_file else Supplied()
    supplied = from_options(answer or [], checklist, *who).over(from_file)
    crbd = " ".join(["crbd", *(f"--checklists {shlex.quote(str(d))}" for d in options.checklists)])
    target = shlex.quote(str(file))
    asker = TerminalAsker(console)

    def save(updated: Assessment) -> None:
        save_assessment(updated, file)

    with assessment_lock(file):
        assessment = up_to_date(checklist, assessment)
        given = {
            "product": product,
            "product_version": product_version,
            "organisation": organisation,
        }
        if any(value is not None for value in given.values()):
            assessment = with_metadata(assessment, **given)
            save(assessment)
        if supplied:
            assessment = apply_supplied(checklist, assessment, supplied, *who)
            save(assessment)
            count = f"{len(supplied)} answer{'s' if len(supplied) != 1 else ''}"
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
                raise typer.Exit(EXIT_INTERRUPTED) from None
    if finished:
        console.print(f"Done. Next: {crbd} report {target}", markup=False, soft_wrap=True)
    else:
        console.print(f"Saved. Resume with: {crbd} assess {target}", markup=False, soft_wrap=True)


@app.command("score")
@handles_errors
def score_command(
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
    opened = open_assessment(file, _options(context).checklists)
    result = score(opened.pack, opened.assessment)
    _warn(opened.warnings)
    if as_json:
        sys.stdout.write(result.model_dump_json(indent=2) + "\n")
    else:
        from toolkit.cli import tables as views

        console = stdout_console()
        console.print(views.overall_line(result), soft_wrap=True)
        console.print(views.domain_table(result))
        if result.gaps and top:
            console.print(views.gap_table(result, opened.pack, top))
        if result.needs_reverification:
            console.print(views.reverification_line(result), soft_wrap=True)
    failures = gate_failures(result, fail_under, fail_on)
    if failures:
        for failure in failures:
            stderr_console().print(f"crbd: gate failed: {failure}.", markup=False, soft_wrap=True)
        raise typer.Exit(EXIT_GATE_FAILED)


class CompareFormatOption(StrEnum):
    pdf = "pdf"
    html = "html"
    md = "md"
    json = "json"
    csv = "csv"


@app.command()
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
    from toolkit.report import render_report

    opened = open_assessment(file, _options(context).checklists)
    result = score(opened.pack, opened.assessment)
    _warn(opened.warnings)
    content = render_report(format, opened, result, templates, paper=paper, variant=pdf_variant)
    target = output or Path(f"{file.stem}-report.{format.value}")
    if str(target) == "-":
        sys.stdout.buffer.write(content)
        return
    _write_output(target, content)
    stderr_console().print(f"Wrote {target}", markup=False)


@app.command()
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

    difference = first_difference(report_file, _options(context).checklists)
    if difference is not None:
        stderr_console().print(f"crbd: not verified: {difference}", markup=False, soft_wrap=True)
        raise typer.Exit(1)
    print("verified")


def _is_html(target: Path) -> bool:
    """Documents named *.html are written as HTML; any other name gets a PDF."""
    return target.suffix.lower() == ".html"


def _write_output(target: Path, content: bytes) -> None:
    try:
        target.write_bytes(content)
    except OSError as error:
        raise CrbdError(f"{target}: cannot write the report ({error.strerror}).") from None


def _warn(warnings: list[str]) -> None:
    console = stderr_console()
    for warning in warnings:
        console.print(f"warning: {warning}", markup=False)


@checklist_app.command("list")
@handles_errors
def checklist_list(context: typer.Context) -> None:
    """List the available packs and their domains, with controls counted by severity.

    Example: crbd checklist list
    """
    from toolkit.cli import tables as views

    packs = [load_pack(folder) for folder in available_packs(_options(context).checklists).values()]
    stdout_console().print(views.pack_table(packs))


@checklist_app.command("validate")
@handles_errors
def checklist_validate(
    context: typer.Context,
    path: Annotated[Path, typer.Argument(help="A pack folder (containing pack.yaml).")],
) -> None:
    """Check a pack and report every problem, each with file, field and line.

    Example: crbd checklist validate checklists/my-pack
    """
    pack = load_pack(path)
    count = len(pack.controls())
    print(f"{path}: pack {pack.id} {pack.version} is valid ({count} controls).")


@checklist_app.command("show")
@handles_errors
def checklist_show(
    context: typer.Context,
    item: Annotated[
        str | None, typer.Argument(help="A domain prefix (CON) or a control id (CON-01).")
    ] = None,
    framework: Annotated[
        str | None, typer.Option(help="Show a framework's sections and the controls covering them.")
    ] = None,
    pack: Annotated[str, typer.Option(help="Pack id or folder.")] = DEFAULT_PACK,
) -> None:
    """Show a domain's controls, one control in full, or a framework's crosswalk.

    Example: crbd checklist show CON   (or: crbd checklist show --framework ofcom-icu)
    """
    from toolkit.cli import tables as views

    checklist = load_pack(resolve_pack(pack, _options(context).checklists))
    console = stdout_console()
    if framework is not None:
        found = checklist.framework(framework)
        if found is None:
            known = ", ".join(f.id for f in checklist.frameworks)
            raise UnknownItem(
                f"No framework {framework!r} in pack {checklist.id}; use one of {known}."
            )
        console.print(views.framework_panel(found))
        console.print(views.crosswalk_table(found, crosswalk(checklist)[found.id], checklist))
        return
    if item is None:
        raise UsageProblem("Name a domain prefix or control id, or use --framework ID.")
    domain = checklist.domain(item.upper())
    if domain is not None:
        console.print(f"{domain.prefix} {domain.title}", markup=False)
        console.print(views.control_table(domain.controls))
        return
    control = checklist.control(item.upper())
    if control is None:
        raise UnknownItem(f"No domain or control {item!r} in pack {checklist.id}.")
    console.print(views.control_panel(control, checklist))


@app.command()
@handles_errors
def explain(
    context: typer.Context,
    control_id: Annotated[str, typer.Argument(help="A control id, e.g. CON-01.")],
    pack: Annotated[str, typer.Option(help="Pack id or folder.")] = DEFAULT_PACK,
) -> None:
    """Explain a control: why it matters, what a full yes looks like, evidence, references.

    Example: crbd explain CON-01
    """
    from toolkit.cli import tables as views

    checklist = load_pack(resolve_pack(pack, _options(context).checklists))
    control = checklist.control(control_id.upper())
    if control is None:
        raise UnknownItem(f"No control {control_id!r} in pack {checklist.id}.")
    stdout_console().print(views.control_panel(control, checklist))


class SchemaName(StrEnum):
    checklist = "checklist"
    assessment = "assessment"
    result = "result"


@app.command()
@handles_errors
def schema(
    context: typer.Context,
    name: Annotated[SchemaName, typer.Argument(help="Which document to describe.")],
) -> None:
    """Print the JSON Schema of a checklist domain file, an assessment or a Result.

    Example: crbd schema assessment > assessment.schema.json
    """
    from toolkit.model.schemas import json_schema

    sys.stdout.write(json.dumps(json_schema(name.value), indent=2) + "\n")


@app.command()
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
    opened = open_assessment(file, _options(context).checklists)
    _warn(opened.warnings)
    save_assessment(signed(opened.assessment, reviewer, decision, comment, date.today()), file)
    stderr_console().print(f"Recorded {decision.value} by {reviewer} in {file}.", markup=False)


@app.command()
@handles_errors
def compare(
    context: typer.Context,
    old: Annotated[Path, typer.Argument(help="The earlier assessment (YAML).")],
    new: Annotated[Path, typer.Argument(help="The later assessment of the same product.")],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write a progress report here.")
    ] = None,
    format: Annotated[
        CompareFormatOption | None,
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
    from toolkit.engine.compare import compare_files

    comparison = compare_files(old, new, _options(context).checklists, old_pack)
    _warn(comparison.warnings)
    if output is None and format is None:
        from toolkit.cli import tables as views

        console = stdout_console()
        for note in comparison.notes:
            console.print(f"Note: {escape(note)}", soft_wrap=True)
        console.print(views.compare_domain_table(comparison))
        console.print(views.compare_change_table(comparison, views.COMPARE_SUMMARY_ONLY))
        console.print(views.compare_counts_line(comparison), soft_wrap=True)
        return
    from toolkit.report.compare import CompareFormat, render_comparison

    target = output or Path(f"{new.stem}-progress.{format.value if format else 'pdf'}")
    chosen = CompareFormat(format.value) if format else CompareFormat.for_path(target)
    _write_output(target, render_comparison(chosen, comparison))
    stderr_console().print(f"Wrote {target}", markup=False)


@example_app.command("list")
@handles_errors
def example_list(context: typer.Context) -> None:
    """List the bundled fictional products, each with a one-line description.

    Example: crbd example list
    """
    from toolkit.cli import tables as views
    from toolkit.workflow.examples import examples

    stdout_console().print(views.example_table(examples()))


@example_app.command("copy")
@handles_errors
def example_copy(
    context: typer.Context,
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


@app.command()
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
    from toolkit.engine.workshop import workshop_files

    summary = workshop_files(files, _options(context).checklists)
    _warn(summary.warnings)
    if output is None:
        from toolkit.cli import tables as views

        console = stdout_console()
        console.print(views.workshop_range_table(summary))
        console.print(views.workshop_spread_table(summary, top))
        return
    from toolkit.report.workshop import render_workshop

    _write_output(output, render_workshop(summary, pdf=not _is_html(output)))
    stderr_console().print(f"Wrote {output}", markup=False)


@app.command()
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
    from toolkit.engine.workshop import worksheet_domains

    pack_dirs = _options(context).checklists
    if profile is None:
        checklist, profiled = load_pack(resolve_pack(pack, pack_dirs)), None
    else:
        opened = open_assessment(profile, pack_dirs)
        _warn(opened.warnings)
        checklist, profiled = opened.pack, opened.assessment
    product = (profiled.metadata.product or profile.stem) if profiled and profile else ""
    view = build_worksheet_view(checklist, worksheet_domains(checklist, profiled), product)
    _write_output(output, render_worksheet(view, pdf=not _is_html(output)))
    stderr_console().print(f"Wrote {output}", markup=False)


def main() -> None:
    """Console-script entry point."""
    app(prog_name="crbd")
