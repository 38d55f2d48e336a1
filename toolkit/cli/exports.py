"""`crbd export` and `crbd import`: the pack and the results in other tools' formats."""

from __future__ import annotations

import getpass
import os
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from toolkit.cli.common import (
    FileArgument,
    LangOption,
    handles_errors,
    in_language,
    options_of,
    pack_folder,
    warn,
    write_output,
)
from toolkit.cli.helptext import helped
from toolkit.cli.terminal import stderr_console
from toolkit.export import ExportTarget
from toolkit.i18n import N_


class ImportSource(StrEnum):
    """A file another tool writes that crbd can read answers from."""

    CISO_ASSISTANT_AUDIT = "ciso-assistant-audit"


@helped(
    N_(
        "Write files other tools import: tracker issues, the risk register, GRC and "
        "OSCAL files, and answers templates to fill in and read back with `crbd assess "
        "--answers-file`.\n\n"
        "Example: crbd export my-product.yaml --to oscal-poam"
    )
)
@handles_errors
def export(
    context: typer.Context,
    file: FileArgument,
    to: Annotated[ExportTarget, typer.Option("--to", help=N_("The tool or format to export to."))],
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", help=N_("Output file (default FILE-TARGET.SUFFIX; '-' for stdout).")
        ),
    ] = None,
    everything: Annotated[
        bool,
        typer.Option(
            "--all",
            help=N_("With an answers template: list every question, not only the open ones."),
        ),
    ] = False,
    lang: LangOption = None,
) -> None:
    from toolkit.engine.evaluate import evaluate
    from toolkit.errors import UsageProblem
    from toolkit.export import render_export
    from toolkit.i18n import _
    from toolkit.workflow.opening import open_assessment

    if everything and not to.is_template:
        raise UsageProblem(
            _("--all applies to the answers-template targets only, not to {target}.").format(
                target=to.value
            )
        )
    target = output or Path(f"{file.stem}-{to.value}.{to.suffix}")
    opened = open_assessment(file, options_of(context).checklists)
    warn(opened.warnings)
    pack = in_language(context, lang, opened.pack, opened.assessment.language)
    content = render_export(to, evaluate(pack, opened.assessment), everything)
    folders = pack_folder(opened.assessment.pack.id, options_of(context).checklists)
    binary = "" if to.is_text else to.value
    write_output(target, content, inputs=[file], binary=binary, folders=folders)


@helped(
    N_(
        "Record another tool's results as answers (the source is kept with each "
        "answer).\n\n"
        "Example: crbd import --from ciso-assistant-audit audit.csv --into "
        "my-product.yaml"
    )
)
@handles_errors
def import_results(
    context: typer.Context,
    file: Annotated[Path, typer.Argument(help=N_("The file exported from the other tool."))],
    source: Annotated[ImportSource, typer.Option("--from", help=N_("Which tool wrote FILE."))],
    into: Annotated[
        Path, typer.Option("--into", help=N_("The assessment to record the answers in."))
    ],
    assessor: Annotated[
        str | None,
        typer.Option(
            "--as", help=N_("Who is importing (default: $CRBD_ASSESSOR, else your login).")
        ),
    ] = None,
) -> None:
    from toolkit.i18n import _, ngettext
    from toolkit.workflow.importing import import_ciso_assistant_audit

    who = assessor or os.environ.get("CRBD_ASSESSOR") or getpass.getuser()
    summary = import_ciso_assistant_audit(
        file, into, options_of(context).checklists, who, date.today()
    )
    warn(summary.warnings)
    console = stderr_console()
    if summary.changed:
        recorded = ngettext(
            "Recorded {count} answer in {file}: {ids}.",
            "Recorded {count} answers in {file}: {ids}.",
            len(summary.changed),
        )
        console.print(
            recorded.format(count=len(summary.changed), file=into, ids=", ".join(summary.changed)),
            markup=False,
            soft_wrap=True,
        )
    else:
        console.print(_("Nothing to change in {file}.").format(file=into), markup=False)
    console.print(
        _("{unchanged} unchanged; {not_assessed} not assessed there, kept as they were.").format(
            unchanged=summary.unchanged, not_assessed=summary.not_assessed
        ),
        markup=False,
    )
