"""Bind the browser front end to an address and run it with uvicorn.

The socket is bound here, before the server starts, so the port printed is the
one really listened on (port 0 picks a free one) and nobody can take it
between choosing and listening.
"""

from __future__ import annotations

import socket
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from toolkit.errors import FileProblem, UsageProblem
from toolkit.i18n import _, choose_language
from toolkit.web import store
from toolkit.web.app import Served, create_app
from toolkit.web.files import Folder

if TYPE_CHECKING:
    import uvicorn

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@dataclass
class Bound:
    """A server ready to run: its socket, its app and the URL (with the token) to open."""

    sock: socket.socket
    served: Served
    host: str
    port: int
    start_at: str

    @property
    def join_url(self) -> str:
        """Where teams join a workshop."""
        from toolkit.web.app import join_url

        return join_url(self.host, self.port)

    @property
    def url(self) -> str:
        shown = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{shown}:{self.port}{self.start_at}?token={self.served.token}"

    def run(self) -> None:
        """Serve until interrupted."""
        self.server().run(sockets=[self.sock])

    def server(self) -> uvicorn.Server:
        """The uvicorn server of this app (`run` serves it until interrupted)."""
        import uvicorn

        app = create_app(self.served, self.host, self.port)
        config = uvicorn.Config(
            app,
            log_level="warning",
            access_log=False,
            server_header=False,
            date_header=False,
            h11_max_incomplete_event_size=64 * 1024,
            limit_concurrency=64,
        )
        return uvicorn.Server(config)


def bind(
    target: Path,
    pack_dirs: Sequence[Path],
    host: str,
    port: int,
    *,
    workshop: bool,
    example: str = "yarnly",
    language: str | None = None,
    preferred: str = "",
) -> Bound:
    """A server for `target` (a folder, or one assessment file in its folder) on host:port;
    in workshop mode, teams' files start from `example`'s profile. Its pages speak
    `language` (default: `CRBD_LANG`, else the system's) where their assessment records
    none crbd has, and `preferred` (the language asked for) on every page when given."""
    if host not in LOOPBACK and not workshop:
        raise UsageProblem(
            _(
                "--host {host} would let other machines reach the assessments; crbd serve "
                "listens on another address only with --workshop."
            ).format(host=host)
        )
    if workshop:
        _known_example(example)
    if not target.exists():
        raise FileProblem(
            _(
                "{path}: there is no such file or folder; give an assessment file or the "
                "folder of assessments to serve."
            ).format(path=target)
        )
    start_at = "/"
    if target.is_file() or target.suffix.lower() in (".yaml", ".yml"):
        folder = Folder.at(target.parent if str(target.parent) else Path())
        name = target.name
        folder.path_of(name)
        start_at = f"/a/{quote(name)}"
    else:
        folder = Folder.at(target)
    # the codes an earlier server of this workshop gave, so that teams can join again
    codes = store.team_codes(folder) if workshop else {}
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        raise UsageProblem(
            _("Cannot listen on {host}:{port} ({reason}); choose another --port.").format(
                host=host, port=port, reason=error.strerror
            )
        ) from None
    sock.listen(64)
    sock.set_inheritable(True)
    bound_port = sock.getsockname()[1]
    served = Served(
        folder,
        tuple(pack_dirs),
        workshop=example if workshop else None,
        language=choose_language(language),
        preferred=preferred,
    )
    served.access.codes.update(codes)
    return Bound(sock, served, host, bound_port, "/workshop" if workshop else start_at)


def _known_example(name: str) -> str:
    from toolkit.workflow.examples import examples

    names = sorted(example.name for example in examples())
    if name not in names:
        raise UsageProblem(
            _("No example called {name!r}; use one of {names}.").format(
                name=name, names=", ".join(names)
            )
        )
    return name
