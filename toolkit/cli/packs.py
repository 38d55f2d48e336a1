"""`crbd checklist list|show|validate`, `explain` and `schema`: reading the packs."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from toolkit.cli.common import handles_errors, options_of
from toolkit.cli.helptext import helped
from toolkit.cli.terminal import stdout_console
from toolkit.errors import UnknownItem, UsageProblem
from toolkit.i18n import N_, _, ngettext
from toolkit.model.choices import DEFAULT_PACK

if TYPE_CHECKING:
    from toolkit.model.pack import Pack


@helped(
    N_(
        "List the available packs and their domains, with controls counted by severity.\n\n"
        "Example: crbd checklist list"
    )
)
@handles_errors
def checklist_list(context: typer.Context) -> None:
    from toolkit.cli import tables
    from toolkit.model.packs import available_packs, load_pack

    packs = [
        in_run_language(load_pack(folder))
        for folder in available_packs(options_of(context).checklists).values()
    ]
    stdout_console().print(tables.pack_table(packs))


@helped(
    N_(
        "Check a pack and report every problem, each with file, field and line.\n\n"
        "Example: crbd checklist validate checklists/my-pack"
    )
)
@handles_errors
def checklist_validate(
    context: typer.Context,
    path: Annotated[Path, typer.Argument(help=N_("A pack folder (containing pack.yaml)."))],
) -> None:
    from toolkit.model.overlays import coverage
    from toolkit.model.packs import load_pack

    pack = load_pack(path)
    count = len(pack.controls())
    print(
        ngettext(
            "{path}: pack {pack} {version} is valid ({count} control).",
            "{path}: pack {pack} {version} is valid ({count} controls).",
            count,
        ).format(path=path, pack=pack.id, version=pack.version, count=count)
    )
    for language in sorted(pack.translations):
        counted = coverage(pack, language)
        line = _(
            "  {language}: {translated} of {texts} texts translated ({reviewed} reviewed); "
            "{untranslated} stay in the pack's language."
        )
        print(
            line.format(
                language=language,
                translated=counted.translated,
                texts=counted.texts,
                reviewed=counted.reviewed,
                untranslated=counted.untranslated,
            )
        )


@helped(
    N_(
        "Show a domain's controls, one control in full, or a framework's crosswalk.\n\n"
        "Example: crbd checklist show CON   (or: crbd checklist show --framework "
        "ofcom-icu)"
    )
)
@handles_errors
def checklist_show(
    context: typer.Context,
    item: Annotated[
        str | None, typer.Argument(help=N_("A domain prefix (CON) or a control id (CON-01)."))
    ] = None,
    framework: Annotated[
        str | None,
        typer.Option(help=N_("Show a framework's sections and the controls covering them.")),
    ] = None,
    pack: Annotated[str, typer.Option(help=N_("Pack id or folder."))] = DEFAULT_PACK,
) -> None:
    from toolkit.cli import tables
    from toolkit.engine.crosswalk import crosswalk
    from toolkit.model.packs import load_pack, resolve_pack

    checklist = in_run_language(load_pack(resolve_pack(pack, options_of(context).checklists)))
    console = stdout_console()
    if framework is not None:
        found = checklist.require_framework(framework)
        console.print(tables.framework_panel(found))
        console.print(tables.crosswalk_table(found, crosswalk(checklist)[found.id], checklist))
        return
    if item is None:
        raise UsageProblem(_("Name a domain prefix or control id, or use --framework ID."))
    domain = checklist.domain(item.upper())
    if domain is not None:
        console.print(f"{domain.prefix} {domain.title}", markup=False)
        console.print(tables.control_table(domain.controls))
        return
    control = checklist.control(item.upper())
    if control is None:
        raise UnknownItem(
            _("No domain or control {item!r} in pack {pack}.").format(item=item, pack=checklist.id)
        )
    console.print(tables.control_panel(control, checklist))


@helped(
    N_(
        "Explain a control: why it matters, what a full yes looks like, evidence, "
        "references.\n\n"
        "Example: crbd explain CON-01"
    )
)
@handles_errors
def explain(
    context: typer.Context,
    control_id: Annotated[str, typer.Argument(help=N_("A control id, e.g. CON-01."))],
    pack: Annotated[str, typer.Option(help=N_("Pack id or folder."))] = DEFAULT_PACK,
) -> None:
    from toolkit.cli import tables
    from toolkit.model.packs import load_pack, resolve_pack

    checklist = in_run_language(load_pack(resolve_pack(pack, options_of(context).checklists)))
    control = checklist.require_control(control_id)
    stdout_console().print(tables.control_panel(control, checklist))


def in_run_language(pack: Pack) -> Pack:
    """The pack's text in the run's language (`--lang`, `CRBD_LANG`, the system's) where its
    overlay has it."""
    from toolkit.i18n import current_language
    from toolkit.model.overlays import translated

    return translated(pack, current_language())


class SchemaName(StrEnum):
    checklist = "checklist"
    assessment = "assessment"
    result = "result"


@helped(
    N_(
        "Print the JSON Schema of a checklist domain file, an assessment or a Result.\n\n"
        "Example: crbd schema assessment > assessment.schema.json"
    )
)
@handles_errors
def schema(
    context: typer.Context,
    name: Annotated[
        SchemaName, typer.Argument(case_sensitive=False, help=N_("Which document to describe."))
    ],
) -> None:
    import json

    from toolkit.model.schemas import json_schema

    sys.stdout.write(json.dumps(json_schema(name.value), indent=2) + "\n")
