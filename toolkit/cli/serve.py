"""`crbd serve`: the browser front end over the assessments of one folder."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from toolkit.cli.common import handles_errors, options_of, speak
from toolkit.cli.helptext import helped
from toolkit.cli.terminal import stderr_console
from toolkit.i18n import N_, _

ServeLang = Annotated[
    str | None,
    typer.Option(
        "--lang",
        metavar="LANG",
        help=N_(
            "The language of the pages: en, de or fr (default: CRBD_LANG, else each "
            "assessment's recorded language, else the system's). Reports speak their "
            "assessment's recorded language; the Language menu of each page shows that "
            "browser's pages in another. Answers, notes and evidence stay as written."
        ),
        show_default=False,
    ),
]


@helped(
    N_(
        "Answer, review and report in the browser: a local web app over the same files.\n\n"
        "It listens on 127.0.0.1 only, on a free port, and prints the address with a one-time "
        "token; the browser and the terminal share each file (every save takes its lock).\n\n"
        "Example: crbd serve my-assessments/"
    )
)
@handles_errors
def serve(
    context: typer.Context,
    target: Annotated[
        Path,
        typer.Argument(
            metavar="[FILE|FOLDER]",
            help=N_("The folder of assessments to serve, or one assessment file (default: here)."),
        ),
    ] = Path(),
    host: Annotated[
        str,
        typer.Option(
            metavar="ADDRESS",
            help=N_("Address to listen on (another than 127.0.0.1 only with --workshop)."),
        ),
    ] = "127.0.0.1",
    port: Annotated[
        int,
        typer.Option(metavar="PORT", help=N_("Port to listen on (default: a free one)."), min=0),
    ] = 0,
    workshop: Annotated[
        bool, typer.Option(help=N_("Workshop mode: teams join from other machines on the network."))
    ] = False,
    example: Annotated[
        str,
        typer.Option(
            metavar="NAME",
            help=N_("In workshop mode, the example whose profile each team starts from."),
        ),
    ] = "yarnly",
    browser: Annotated[bool, typer.Option(help=N_("Open the page in the default browser."))] = True,
    lang: ServeLang = None,
) -> None:
    """`crbd serve`: bind the server, say where it is, open the browser, serve until stopped."""
    from toolkit.web.server import bind

    asked = lang or options_of(context).lang or os.environ.get("CRBD_LANG")
    language = speak(context, lang)
    bound = bind(
        target,
        options_of(context).checklists,
        host,
        port,
        workshop=workshop,
        example=example,
        language=language,
        preferred=language if asked else "",
    )
    console = stderr_console()
    console.print(_("crbd serve: open {url}").format(url=bound.url), markup=False, soft_wrap=True)
    if workshop:
        console.print(
            _("Teams join at {url} with the codes the workshop page gives them.").format(
                url=bound.join_url
            ),
            markup=False,
            soft_wrap=True,
        )
    console.print(_("Press Ctrl-C to stop."), markup=False)
    if browser:
        import webbrowser

        webbrowser.open(bound.url)
    try:
        bound.run()
    except KeyboardInterrupt:
        pass
    console.print(_("Stopped; every answer given is saved."), markup=False)
