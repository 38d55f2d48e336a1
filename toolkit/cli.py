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
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer

from toolkit import __version__
from toolkit.assessment import Assessment, new_assessment, save_assessment
from toolkit.crosswalk import crosswalk
from toolkit.errors import CrbdError, UnknownItem, UsageProblem, ValidationFailed
from toolkit.inputs import open_assessment
from toolkit.loader import DEFAULT_PACK, available_packs, load_pack, resolve_pack
from toolkit.scoring import score
from toolkit.terminal import stderr_console, stdout_console

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
) -> None:
    """Walk through the product profile and every in-scope control, saving after each answer.

    Example: crbd assess my-product.yaml
    """
    from toolkit.interview import Session, pending_controls, run_interview
    from toolkit.terminal import TerminalAsker

    console = stderr_console()
    options = _options(context)
    if file.exists():
        opened = open_assessment(file, options.checklists, pack)
        checklist, assessment = opened.pack, opened.assessment
        for warning in opened.warnings:
            console.print(f"warning: {warning}", markup=False)
    else:
        checklist = load_pack(resolve_pack(pack or DEFAULT_PACK, options.checklists))
        assessment = new_assessment(checklist)
    prefixes = [prefix.upper() for prefix in domain or []]
    unknown = [prefix for prefix in prefixes if checklist.domain(prefix) is None]
    if unknown:
        known = ", ".join(d.prefix for d in checklist.domains)
        raise UnknownItem(f"No domain {', '.join(unknown)} in pack {checklist.id}; use {known}.")
    session = Session(
        answered_by=assessor or os.environ.get("CRBD_ASSESSOR") or getpass.getuser(),
        today=date.today(),
        domains=prefixes,
    )
    remaining = len(pending_controls(checklist, assessment, prefixes))
    console.print(f"Assessing against {checklist.title} {checklist.version}; saving to {file}.")

    def save(updated: Assessment) -> None:
        save_assessment(updated, file)

    try:
        run_interview(checklist, assessment, TerminalAsker(console, remaining), save, session)
    except KeyboardInterrupt:
        console.print(
            f"\nStopped. Every confirmed answer is saved; resume with: crbd assess {file}"
        )
        raise typer.Exit(EXIT_INTERRUPTED) from None
    console.print(f"Done. Score it with: crbd score {file}   Report: crbd report {file}")


@app.command("score")
@handles_errors
def score_command(
    context: typer.Context,
    file: FileArgument,
    as_json: Annotated[bool, typer.Option("--json", help="Print the Result as JSON.")] = False,
    top: Annotated[int, typer.Option(help="How many gaps to list.", min=0)] = 10,
) -> None:
    """Print per-domain scores, ratings and the top gaps.

    Example: crbd score my-product.yaml --json
    """
    opened = open_assessment(file, _options(context).checklists)
    result = score(opened.pack, opened.assessment)
    _warn(opened.warnings)
    if as_json:
        sys.stdout.write(result.model_dump_json(indent=2) + "\n")
        return
    from toolkit import views

    console = stdout_console()
    console.print(views.overall_line(result), soft_wrap=True)
    console.print(views.domain_table(result))
    if result.gaps and top:
        console.print(views.gap_table(result, opened.pack, top))


class ReportFormatOption(StrEnum):
    pdf = "pdf"
    html = "html"
    json = "json"


@app.command()
@handles_errors
def report(
    context: typer.Context,
    file: FileArgument,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Output file ('-' for stdout).")
    ] = None,
    format: Annotated[ReportFormatOption, typer.Option(help="Report format.")] = (
        ReportFormatOption.pdf
    ),
    templates: Annotated[
        Path | None, typer.Option(help="Folder of your own report templates.")
    ] = None,
) -> None:
    """Render the gap report (PDF by default).

    Example: crbd report my-product.yaml -o gap-report.pdf
    """
    from toolkit.report import ReportFormat, render_report

    chosen = ReportFormat(format.value)
    opened = open_assessment(file, _options(context).checklists)
    result = score(opened.pack, opened.assessment)
    _warn(opened.warnings)
    content = render_report(chosen, opened, result, templates)
    target = output or Path(f"{file.stem}-report.{chosen.value}")
    if str(target) == "-":
        sys.stdout.buffer.write(content)
        return
    _write_output(target, content)
    stderr_console().print(f"Wrote {target}", markup=False)


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
    from toolkit import views

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
    from toolkit import views

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
    from toolkit import views

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
    from toolkit.schemas import json_schema

    sys.stdout.write(json.dumps(json_schema(name.value), indent=2) + "\n")


def main() -> None:
    """Console-script entry point."""
    app(prog_name="crbd")
