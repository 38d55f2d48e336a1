"""What stands between the browser front end and anyone else on the machine or the network.

It is a server, even on a laptop: another local user, a web page open in the
same browser, or a site that rebinds its DNS name to 127.0.0.1 could all
otherwise reach the assessments. So every request passes this guard before any
page sees it:

- the Host header must name the address the server is bound to (DNS rebinding);
- the first visit brings the random token printed with the URL and exchanges it
  for an HttpOnly, SameSite=Strict cookie; any request without that cookie is
  refused, so a link without the token, or another user, sees nothing;
- every POST needs a same-origin Origin header and the CSRF token of the form,
  and a body no larger than `MAX_BODY`, as an ordinary form;
- every response carries a Content-Security-Policy allowing only the app itself
  (no inline script, nothing fetched from elsewhere), and is never cached.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import parse_qs

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from toolkit.i18n import _

COOKIE = "crbd_session"
CSRF_FIELD = "csrf"
MAX_BODY = 256 * 1024
"""The largest request body accepted (a form with every answer of a domain is far smaller)."""

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'self'; base-uri 'none'; "
    "object-src 'none'"
)
HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
    (b"x-frame-options", b"SAMEORIGIN"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]
SAFE_METHODS = frozenset({"GET", "HEAD"})
FORM_TYPE = "application/x-www-form-urlencoded"


def allowed_hosts(host: str, port: int) -> frozenset[str]:
    """The Host header values that name the bound address (and `localhost` for loopback)."""
    names = {host}
    if host in ("127.0.0.1", "::1", "localhost", "0.0.0.0", "::"):
        names |= {"127.0.0.1", "localhost"}
    if host in ("0.0.0.0", "::"):  # every address: the names others reach this machine by
        names |= _own_addresses()
    shown = {f"[{name}]" if ":" in name else name for name in names}
    return frozenset({f"{name}:{port}" for name in shown} | ({*shown} if port == 80 else set()))


WHOLE_FOLDER = ""
"""The role of the person who started the server: every page, every file of the folder."""


def _own_addresses() -> set[str]:
    import socket

    found = {socket.gethostname(), socket.getfqdn()}
    try:
        found |= {str(info[4][0]) for info in socket.getaddrinfo(socket.gethostname(), None)}
    except OSError:
        pass
    return found | {local_address()}


def local_address() -> str:
    """This machine's address as others on the network see it (loopback if none)."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # no packet is sent: this only picks a route
            return str(probe.getsockname()[0])
        except OSError:
            return "127.0.0.1"


@dataclass
class Access:
    """Who may do what: the tokens printed with the URL, the sessions they became, and (in
    workshop mode) each team's short code, each standing for one file of the folder."""

    token: str
    """The token of the URL printed when the server started (the whole folder)."""
    sessions: dict[str, str] = field(default_factory=dict)
    """Session cookie value -> role: `WHOLE_FOLDER`, or the one file a team may open."""
    codes: dict[str, str] = field(default_factory=dict)
    """A team's code -> its file (workshop mode)."""
    key: bytes = field(default_factory=lambda: secrets.token_bytes(32))

    def admit(self, role: str) -> str:
        """A new session for `role`; its value goes into the cookie."""
        session = secrets.token_urlsafe(32)
        self.sessions[session] = role
        return session

    def csrf(self, session: str) -> str:
        """The CSRF token of one browser session (every form carries it)."""
        return hmac.new(self.key, session.encode(), hashlib.sha256).hexdigest()

    def team(self, code: str) -> str | None:
        """The file a team's code opens, or None."""
        wanted = code.strip().upper().encode()
        for known, name in self.codes.items():
            if hmac.compare_digest(known.encode(), wanted):
                return name
        return None


def cookie_header(session: str) -> str:
    """The Set-Cookie value that holds a session: HttpOnly, SameSite=Strict."""
    return f"{COOKIE}={session}; HttpOnly; SameSite=Strict; Path=/"


def permitted(role: str, path: str) -> bool:
    """Whether a role may request a path: a team only its own file's pages, its name, the
    language of its pages, the static files and the join page."""
    if role == WHOLE_FOLDER:
        return True
    own = f"/a/{role}"
    return path in ("/", "/name", "/lang", "/join", own) or path.startswith(("/static/", f"{own}/"))


@dataclass
class Guard:
    """ASGI middleware: refuses every request that does not come from a browser session
    of this server on its bound address, and adds the security headers to every response."""

    app: ASGIApp
    access: Access
    hosts: frozenset[str]

    @property
    def origins(self) -> frozenset[str]:
        """The Origin values of pages served by this server."""
        return frozenset(f"http://{host}" for host in self.hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        secured = _with_headers(send)
        headers = _headers(scope)
        if headers.get("host", "") not in self.hosts:
            await _refuse(secured, 421, _("This server answers only at its own address."))
            return
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        offered = query.get("token", [""])[0]
        if offered:
            if not hmac.compare_digest(offered.encode(), self.access.token.encode()):
                await _refuse(secured, 403, _("This link's token is not this server's."))
                return
            await self._admit(scope, secured)
            return
        cookie = SimpleCookie()
        try:
            cookie.load(headers.get("cookie", ""))
        except Exception:  # an unparseable Cookie header is no session
            cookie = SimpleCookie()
        held = cookie[COOKIE].value if COOKIE in cookie else ""
        role = self.access.sessions.get(held) if held else None
        path = scope.get("path", "/")
        joining = bool(self.access.codes) and path == "/join"
        if role is None and not joining:
            message = _(
                "Open the link that crbd serve printed (it carries the token); "
                "this browser has no session here."
            )
            await _refuse(secured, 403, message)
            return
        if role is not None and not permitted(role, path):
            await _refuse(secured, 403, _("This page belongs to another team."))
            return
        method = scope["method"]
        csrf = self.access.csrf(held) if role is not None else ""
        scope = {**scope, "crbd.csrf": csrf, "crbd.role": role}
        if method in SAFE_METHODS:
            await self.app(scope, receive, secured)
            return
        if method != "POST":
            await _refuse(secured, 405, _("Only GET and POST are answered here."))
            return
        if headers.get("origin", "") not in self.origins:
            await _refuse(secured, 403, _("A change must come from a page of this server."))
            return
        if headers.get("content-type", "").split(";")[0].strip().lower() != FORM_TYPE:
            await _refuse(secured, 415, _("Changes are sent as forms."))
            return
        body = await _body(receive, headers)
        if body is None:
            await _refuse(secured, 413, _("That request is larger than any form of this app."))
            return
        if role is not None:  # joining has no session yet: the team's code is its secret
            sent = parse_qs(body.decode("utf-8", errors="replace")).get(CSRF_FIELD, [""])[0]
            if not hmac.compare_digest(sent.encode(), csrf.encode()):
                message = _("This form is not from this browser session; reload the page.")
                await _refuse(secured, 403, message)
                return
        await self.app(scope, _replay(body), secured)

    async def _admit(self, scope: Scope, send: Send) -> None:
        """Exchange the URL's token for a session cookie, and drop it from the address."""
        session = self.access.admit(WHOLE_FOLDER)
        await send(
            {
                "type": "http.response.start",
                "status": 303,
                "headers": [
                    (b"location", (scope.get("path") or "/").encode("utf-8")),
                    (b"set-cookie", cookie_header(session).encode()),
                    (b"content-length", b"0"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": b""})


def _headers(scope: Scope) -> dict[str, str]:
    found: dict[str, str] = {}
    for name, value in scope.get("headers", []):
        key = name.decode("latin-1").lower()
        if key not in found:  # the first of repeated headers counts
            found[key] = value.decode("latin-1")
    return found


async def _body(receive: Receive, headers: dict[str, str]) -> bytes | None:
    """The request body, or None once it is larger than `MAX_BODY`."""
    declared = headers.get("content-length", "0")
    if not declared.isdigit() or int(declared) > MAX_BODY:
        return None
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


def _with_headers(send: Send) -> Send:
    async def secured(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", []))
            names = {name.lower() for name, _value in headers}
            extra: Iterable[tuple[bytes, bytes]] = HEADERS
            if b"content-security-policy" not in names:
                extra = [*HEADERS, (b"content-security-policy", POLICY.encode())]
            message = {**message, "headers": [*headers, *extra]}
        await send(message)

    return secured


async def _refuse(send: Send, status: int, sentence: str) -> None:
    body = sentence.encode("utf-8") + b"\n"
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
