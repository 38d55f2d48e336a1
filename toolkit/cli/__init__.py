"""The `crbd` command: parse options, call the core, print, map errors to exit codes.

Each command lives in the module of its group (assess, checks, documents,
packs, record, examples) and is registered here. Nothing in this package
knows about scores, answers or controls beyond passing them from the core to
a table; heavy modules (jinja2, weasyprint) are imported only by the commands
that render.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from toolkit import __version__
from toolkit.cli import assess, checks, documents, examples, exports, packs, record
from toolkit.cli.common import Options

app = typer.Typer(
    name="crbd",
    help="Children's rights by design: assess how a product protects children, score it, "
    "and render a gap report.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)
checklist_app = typer.Typer(help="List, show and validate checklist packs.", no_args_is_help=True)
example_app = typer.Typer(help="List and copy the bundled example products.", no_args_is_help=True)


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


app.command()(assess.assess)
app.command("score")(checks.score)
app.command()(documents.report)
app.command()(checks.verify)
app.add_typer(checklist_app, name="checklist")
checklist_app.command("list")(packs.checklist_list)
checklist_app.command("validate")(packs.checklist_validate)
checklist_app.command("show")(packs.checklist_show)
app.command()(packs.explain)
app.command()(packs.schema)
app.command()(record.signoff)
app.command()(record.history)
app.command()(record.due)
app.command()(exports.export)
app.command()(documents.compare)
app.add_typer(example_app, name="example")
example_app.command("list")(examples.example_list)
example_app.command("copy")(examples.example_copy)
app.command()(documents.workshop)
app.command()(documents.worksheet)
app.command()(exports.export)
app.command("import")(exports.import_results)


def main() -> None:
    """Console-script entry point."""
    app(prog_name="crbd")
