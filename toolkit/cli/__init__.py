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
import typer.core

from toolkit import __version__
from toolkit.cli import assess, checks, documents, examples, exports, packs, record, serve
from toolkit.cli.common import LangOption, Options, fail, speak
from toolkit.cli.helptext import asked_in_arguments, install, speak_early
from toolkit.errors import CrbdError
from toolkit.i18n import N_

install()

_typed = typer.core._TyperParameter.display_type


def _readable_type(parameter: typer.core._TyperParameter, context: typer.Context) -> str:
    """What help shows after an option: its metavar (`PREFIX`, `ID=VALUE`) when it has one,
    nothing for a flag, else typer's own `<path>` or `<pdf|html>` (typer 0.29 shows Python
    types such as `<list[str]>` and `<bool>` and ignores metavars)."""
    if parameter.metavar is not None:
        return parameter.metavar
    if isinstance(parameter, typer.core.TyperOption) and parameter.is_flag:
        return ""
    return _typed(parameter, context)


typer.core._TyperParameter.display_type = _readable_type  # type: ignore[method-assign,assignment]

app = typer.Typer(
    name="crbd",
    help=N_(
        "Children's rights by design: assess how a product protects children, score it, "
        "and render a gap report.\n\n"
        "Example: crbd example copy yarnly my-product.yaml && crbd report my-product.yaml"
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
checklist_app = typer.Typer(
    help=N_("List, show and validate checklist packs.\n\nExample: crbd checklist show CON"),
    no_args_is_help=True,
    rich_markup_mode=None,
)
example_app = typer.Typer(
    help=N_(
        "List and copy the bundled example products, and read the facilitator's guide for a "
        "workshop with them.\n\nExample: crbd example copy yarnly"
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
)


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
            metavar="DIR",
            help=N_(
                "Extra folder of checklist packs (repeatable); searched before the bundled ones."
            ),
        ),
    ] = None,
    debug: Annotated[
        bool, typer.Option(help=N_("Show tracebacks instead of one-line errors."))
    ] = False,
    lang: LangOption = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_show_version,
            is_eager=True,
            help=N_("Print the version and exit."),
        ),
    ] = False,
) -> None:
    """Children's rights by design: a self-assessment toolkit for products children use."""
    from toolkit.i18n import SOURCE_LANGUAGE, reset_language, set_language

    context.obj = Options(checklists=list(checklists or []), debug=debug, lang=lang)
    before = set_language(SOURCE_LANGUAGE)  # every run starts from English, then chooses
    context.call_on_close(lambda: reset_language(before))
    try:
        speak(context)
    except CrbdError as error:
        fail(error)
    speak_early(asked_in_arguments())  # the command's own --lang, for its help (read first)


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
app.command()(documents.compare)
app.add_typer(example_app, name="example")
example_app.command("list")(examples.example_list)
example_app.command("copy")(examples.example_copy)
example_app.command("guide")(examples.example_guide)
app.command()(documents.workshop)
app.command()(documents.worksheet)
app.command()(exports.export)
app.command("import")(exports.import_results)
app.command()(serve.serve)


def main() -> None:
    """Console-script entry point."""
    app(prog_name="crbd")
