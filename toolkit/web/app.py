"""`crbd serve`'s pages: a Starlette app over the files of one folder.

Every page is plain HTML with forms, so it works without JavaScript; htmx
(vendored in `static/`, nothing fetched at run time) only makes links and forms
swap the page in place, and `keys.js` adds the terminal's answer keys. Every
change goes through `toolkit.web.store`, which records it as the terminal does.
Templates autoescape everything: a product called `<script>` or `{{7*7}}` is
shown as typed.
"""

from __future__ import annotations

import asyncio
import mimetypes
import secrets
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote, unquote

import jinja2
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import HTTPConnection, Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from toolkit.engine.age_assurance import age_surfaces, assures_age
from toolkit.engine.due import due_items
from toolkit.engine.evaluate import Evaluation
from toolkit.engine.workshop import OUT_OF_SCOPE as WORKSHOP_OUT_OF_SCOPE
from toolkit.engine.workshop import UNANSWERED as WORKSHOP_UNANSWERED
from toolkit.errors import CrbdError, ValidationFailed
from toolkit.export import ExportTarget, render_export
from toolkit.i18n import (
    N_,
    _,
    available_languages,
    choose_language,
    current_language,
    format_decimal,
    language,
    normalise,
    reset_language,
    set_language,
)
from toolkit.model.age_assurance import (
    CHARACTERISTIC_HINT,
    CHARACTERISTIC_LABEL,
    CONFIDENCE_LABEL,
    KIND_LABEL,
    SURFACE_LABEL,
    AgeMethodKind,
    Characteristic,
    ConfidenceLevel,
)
from toolkit.model.assessment import (
    ANSWER_KEYS,
    Answer,
    Assessment,
    ControlAnswer,
    Decision,
    RiskDecision,
)
from toolkit.model.hashing import signed_sha256
from toolkit.model.pack import Control, Domain, Pack
from toolkit.report import render_report
from toolkit.report.compare import render_comparison
from toolkit.report.formats import CompareFormat, ReportFormat
from toolkit.report.labels import ANSWER_LABEL, DECISION_LABEL, NOT_ANSWERED, rating_words
from toolkit.report.sandbox import speaks
from toolkit.web import store
from toolkit.web.files import Folder, OutsideFolder
from toolkit.web.security import (
    CSRF_FIELD,
    Access,
    Guard,
    allowed_hosts,
    cookie_header,
    local_address,
)
from toolkit.workflow.examples import copy_example, examples
from toolkit.workflow.interview import Session, questions
from toolkit.workflow.opening import Opened, compare_files, workshop_files

HERE = Path(__file__).parent
NAME_COOKIE = "crbd_name"
LANG_COOKIE = "crbd_lang"
"""The language chosen in the browser for its pages (none: each file's own)."""
FILE_LANGUAGE = "crbd.file_lang"
"""Where a request's scope holds the language its file's reports are written in (the
assessment's own, else the server's); its pages speak the language in force."""
RISK_DECISION_LABEL: dict[RiskDecision, str] = {
    RiskDecision.REDUCED: N_("Reduced"),
    RiskDecision.ELIMINATED: N_("Eliminated"),
    RiskDecision.ACCEPTED: N_("Accepted"),
}
SCOPE_LABEL = {"in_scope": N_("in scope"), "out_of_scope": N_("out of scope")}
WRONG_CODE_DELAY = 0.5
"""Seconds a wrong team code waits before it is answered."""
KEY_OF = {answer: key for key, answer in ANSWER_KEYS.items()}
PREVIEW_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
    "frame-ancestors 'self'; base-uri 'none'; form-action 'none'; sandbox"
)
"""The HTML report is a document of its own, with its styles inline and no script at all."""


@dataclass
class Served:
    """What the server serves and how it was started."""

    folder: Folder
    pack_dirs: Sequence[Path] = ()
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    today: Callable[[], date] = date.today
    workshop: str | None = None
    """In workshop mode, the example whose profile each team's file starts from."""
    language: str = field(default_factory=choose_language)
    """The language of pages that are of no assessment, or of one that records a language
    crbd has no catalog for (`crbd serve --lang`, `CRBD_LANG`, the system's)."""
    preferred: str = ""
    """The language asked for with `crbd serve --lang` or `CRBD_LANG`, if any: as for
    `crbd report --lang`, it is spoken on every page, before an assessment's own."""
    access: Access = field(init=False)

    def __post_init__(self) -> None:
        self.access = Access(self.token)


def create_app(served: Served, host: str = "127.0.0.1", port: int = 8000) -> Guard:
    """The app behind its guard, answering only at http://host:port."""
    pages = _Pages(served, join_url(host, port))
    routes = [
        Route("/join", pages.join, methods=["GET", "POST"]),
        Route("/workshop", pages.workshop, methods=["GET", "POST"]),
        Route("/workshop/present", pages.present),
        Route("/workshop/summary.pdf", pages.summary),
        Route("/", pages.home),
        Route("/new", pages.new, methods=["POST"]),
        Route("/name", pages.set_name, methods=["POST"]),
        Route("/lang", pages.set_lang, methods=["POST"]),
        Route("/a/{name}", pages.overview),
        Route("/a/{name}/metadata", pages.metadata, methods=["POST"]),
        Route("/a/{name}/profile", pages.profile, methods=["GET", "POST"]),
        Route("/a/{name}/domain/{prefix}", pages.domain),
        Route("/a/{name}/ask", pages.ask_next),
        Route("/a/{name}/ask/{control}", pages.ask),
        Route("/a/{name}/answer/{control}", pages.answer, methods=["POST"]),
        Route("/a/{name}/risk/{harm}", pages.risk, methods=["GET", "POST"]),
        Route("/a/{name}/risk-record", pages.risk_record, methods=["POST"]),
        Route("/a/{name}/age-assurance", pages.age_assurance, methods=["POST"]),
        Route("/a/{name}/results", pages.results),
        Route("/a/{name}/preview", pages.preview),
        Route("/a/{name}/compare", pages.compare),
        Route("/a/{name}/report.{format}", pages.report),
        Route("/a/{name}/export/{target}", pages.export),
        Route("/a/{name}/signoff", pages.signoff, methods=["POST"]),
        Route("/a/{name}/history", pages.history),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers={CrbdError: pages.refused})
    return Guard(Speaking(app, served), served.access, allowed_hosts(host, port))


@dataclass
class Speaking:
    """ASGI middleware (behind the guard): serves each request in its own language, and
    speaks the one before once the response is sent, so requests in different languages at
    the same time never hear each other's.

    A page speaks the language chosen in the browser (its cookie), else the one the server
    was asked to speak (`--lang`, `CRBD_LANG`), else its assessment's own `language:`, else
    the system's. A report is written in its assessment's language
    whatever the page speaks, as `crbd report` writes it; the choice changes no file."""

    app: ASGIApp
    served: Served

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        own = await self.file_language(scope)
        shown = chosen_language(HTTPConnection(scope).cookies) or self.served.preferred or own
        token = set_language(shown)
        try:
            await self.app({**scope, FILE_LANGUAGE: own}, receive, send)
        finally:
            reset_language(token)

    async def file_language(self, scope: Scope) -> str:
        """The language of the assessment a path names (`/a/NAME/...`), else the server's."""
        parts = str(scope.get("path", "/")).split("/")
        if len(parts) > 2 and parts[1] == "a" and parts[2]:
            try:
                path = self.served.folder.existing(parts[2])
            except CrbdError:  # the page itself says what is wrong
                return self.served.language
            recorded = normalise(await run_in_threadpool(store.language_of, path))
            if recorded in available_languages():
                return recorded
        return self.served.language


def chosen_language(cookies: dict[str, str]) -> str:
    """The language chosen in the browser, or "" (none chosen, or one crbd does not have)."""
    given = cookies.get(LANG_COOKIE, "")
    return normalise(given) if given and normalise(given) in available_languages() else ""


def join_url(host: str, port: int) -> str:
    """The address teams open to join a workshop: the machine's own address on the network
    when the server listens on every address."""
    if host in ("0.0.0.0", "::"):
        host = local_address()
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/join"


def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    speaks(environment)  # `_`, `ngettext`, the `t`, `date` and `number` filters, as reports
    environment.globals.update(
        rating_words=lambda rating: _(rating_words(rating)),
        score=_score,
        answer_words=_answer_words,
        ANSWER_LABEL=ANSWER_LABEL,
        DECISION_LABEL=DECISION_LABEL,
        RISK_DECISION_LABEL=RISK_DECISION_LABEL,
        SCOPE_LABEL=SCOPE_LABEL,
        KEY_OF=KEY_OF,
        quote=quote,
    )
    return environment


def _score(value: float | None) -> str:
    """A score as the pages show it: a whole number in the language's digits, or a dash."""
    return "–" if value is None else format_decimal(value, 0)


def _answer_words(value: str) -> str:
    """An answer as a workshop's table gives it (`yes`, `unanswered`, `out of scope`), in
    words of the language in force."""
    if value in set(Answer):
        return _(ANSWER_LABEL[Answer(value)])
    if value == WORKSHOP_UNANSWERED:
        return _(NOT_ANSWERED)
    return _(SCOPE_LABEL["out_of_scope"]) if value == WORKSHOP_OUT_OF_SCOPE else value


def language_name(code: str, in_language: str | None = None) -> str:
    """A language by its own name (`Deutsch`, `Français`), as a chooser offers it, or by its
    name in `in_language` (`allemand`)."""
    from babel import Locale

    return Locale.parse(code).get_display_name(in_language or code) or code


Handler = Callable[[Request], Awaitable[Response]]
Choice = TypeVar("Choice", bound=StrEnum)


class _Pages:
    """The app's endpoints, sharing the served folder and the templates."""

    def __init__(self, served: Served, join: str) -> None:
        self.served = served
        self.join_at = join
        self.templates = _environment()

    # --- helpers ---

    def page(self, request: Request, template: str, status: int = 200, **context: Any) -> Response:
        html = self.templates.get_template(template).render(
            csrf=request.scope.get("crbd.csrf", ""),
            csrf_field=CSRF_FIELD,
            you=_named(request),
            lang=current_language(),
            chosen=chosen_language(request.cookies),
            languages=[(code, language_name(code).capitalize()) for code in available_languages()],
            **context,
        )
        return HTMLResponse(html, status_code=status)

    def path(self, request: Request) -> Path:
        return self.served.folder.existing(request.path_params["name"])

    async def read(self, request: Request) -> tuple[str, Opened, Evaluation]:
        name = request.path_params["name"]
        path = self.served.folder.existing(name)
        opened, evaluation = await run_in_threadpool(store.read, path, self.served.pack_dirs)
        return name, opened, evaluation

    async def refused(self, request: Request, error: Exception) -> Response:
        status = 404 if isinstance(error, OutsideFolder) else 400
        problems = error.problems if isinstance(error, ValidationFailed) else []
        return self.page(request, "error.html", status, error=str(error), problems=problems)

    # --- home ---

    async def home(self, request: Request) -> Response:
        role = request.scope.get("crbd.role")
        if role:  # a team's session: its own file
            return _to(f"/a/{quote(role)}")
        today = self.served.today()
        rows = await run_in_threadpool(self._rows, today)
        return self.page(
            request,
            "home.html",
            rows=rows,
            examples=examples(),
            today=today,
            earlier=[row["name"] for row in rows if not row["problem"]],
            workshop=self.served.workshop is not None,
        )

    def _rows(self, today: date) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        for name in self.served.folder.yaml_files():
            path = self.served.folder.root / name
            try:
                opened, evaluation = store.read(path, self.served.pack_dirs)
            except CrbdError as error:
                rows.append({"name": name, "problem": str(error)})
                continue
            metadata = opened.assessment.metadata
            due = due_items(name, opened.assessment, today, 30)
            rows.append(
                {
                    "name": name,
                    "problem": "",
                    "product": metadata.product,
                    "version": metadata.product_version,
                    "date": opened.assessment.assessed_on,
                    "overall": evaluation.result.overall,
                    "overdue": sum(item.overdue for item in due),
                    "due": len(due),
                }
            )
        return rows

    async def new(self, request: Request) -> Response:
        form = await request.form()
        name = str(form.get("name", "")).strip()
        if name and not name.lower().endswith((".yaml", ".yml")):
            name += ".yaml"
        path = self.served.folder.path_of(name)
        start = str(form.get("start", "blank"))
        if start == "blank":
            await run_in_threadpool(store.create, path, self.served.pack_dirs)
        elif start.startswith("from:"):
            baseline = self.served.folder.existing(start.removeprefix("from:"))
            await run_in_threadpool(store.create_from, path, baseline, self.served.pack_dirs)
        else:
            await run_in_threadpool(copy_example, start, path)
        return _to(f"/a/{quote(name)}/profile" if start == "blank" else f"/a/{quote(name)}")

    @property
    def today(self) -> date:
        return self.served.today()

    async def set_name(self, request: Request) -> Response:
        form = await request.form()
        response = _to(_local(str(form.get("next", "/"))))
        named = str(form.get("you", "")).strip()[:100]
        response.set_cookie(NAME_COOKIE, quote(named), httponly=True, samesite="strict")
        return response

    async def set_lang(self, request: Request) -> Response:
        """Show the pages in the language chosen (none: each assessment's own); no file
        changes."""
        form = await request.form()
        response = _to(_local(str(form.get("next", "/"))))
        chosen = chosen_language({LANG_COOKIE: str(form.get("lang", ""))})
        if chosen:
            response.set_cookie(LANG_COOKIE, chosen, httponly=True, samesite="strict")
        else:
            response.delete_cookie(LANG_COOKIE, httponly=True, samesite="strict")
        return response

    # --- one assessment ---

    async def overview(self, request: Request) -> Response:
        name, opened, evaluation = await self.read(request)
        return self.page(
            request,
            "overview.html",
            name=name,
            opened=opened,
            result=evaluation.result,
            domains=_domain_rows(opened.pack, evaluation),
        )

    async def metadata(self, request: Request) -> Response:
        path = self.path(request)
        form = await request.form()
        fields = {
            key: str(form.get(key, ""))
            for key in ("product", "product_version", "organisation")
            if key in form
        }
        await run_in_threadpool(
            store.save_metadata, path, self.served.pack_dirs, fields, self.today
        )
        return _to(f"/a/{quote(path.name)}")

    async def profile(self, request: Request) -> Response:
        problems: list[str] = []
        if request.method == "POST":
            path = self.path(request)
            form = await request.form()
            asked = [str(value) for value in form.getlist("asked")]
            values = {key: [str(v) for v in form.getlist(f"q-{key}")] for key in asked}
            saved = await run_in_threadpool(
                store.save_profile,
                path,
                self.served.pack_dirs,
                values,
                _named(request),
                self.today,
            )
            if not isinstance(saved, store.Refused):
                return _to(f"/a/{quote(path.name)}/profile?saved=1")
            problems = [f"{saved.prompt}: {saved.message}"]
        name, opened, evaluation = await self.read(request)
        out = [o for o in evaluation.result.controls if o.scope == "out_of_scope"]
        return self.page(
            request,
            "profile.html",
            400 if problems else 200,
            name=name,
            opened=opened,
            result=evaluation.result,
            out_of_scope=out,
            problems=problems,
            saved=request.query_params.get("saved") == "1",
        )

    async def domain(self, request: Request) -> Response:
        name, opened, evaluation = await self.read(request)
        prefix = request.path_params["prefix"]
        domain = next((d for d in opened.pack.domains if d.prefix == prefix), None)
        if domain is None:
            return self.page(request, "error.html", 404, error=_("No such domain."), problems=[])
        queue = _queue(opened, self.today)
        controls = [c for d, c in queue if d.prefix == prefix]
        return self.page(
            request,
            "domain.html",
            name=name,
            opened=opened,
            domain=domain,
            controls=[_control_view(opened, c) for c in controls],
            summary=_domain_rows(opened.pack, evaluation, only=prefix)[0],
        )

    async def ask_next(self, request: Request) -> Response:
        name, opened, _evaluation = await self.read(request)
        queue = _queue(opened, self.today)
        for _domain, control in queue:
            if control.id not in opened.assessment.answers:
                return _to(f"/a/{quote(name)}/ask/{control.id}")
        return _to(f"/a/{quote(name)}/results")

    async def ask(self, request: Request) -> Response:
        name, opened, evaluation = await self.read(request)
        return self._ask_page(request, name, opened, evaluation, request.path_params["control"])

    def _ask_page(
        self,
        request: Request,
        name: str,
        opened: Opened,
        evaluation: Evaluation,
        control_id: str,
        status: int = 200,
        **extra: Any,
    ) -> Response:
        queue = _queue(opened, self.today)
        ids = [control.id for _domain, control in queue]
        if control_id not in ids:
            message = _("{id} is not a question of this assessment (out of scope or unknown).")
            return self.page(
                request, "error.html", 404, error=message.format(id=control_id), problems=[]
            )
        index = ids.index(control_id)
        domain, control = queue[index]
        return self.page(
            request,
            "ask.html",
            status,
            name=name,
            opened=opened,
            domain=domain,
            item=_control_view(opened, control, **extra),
            back=ids[index - 1] if index > 0 else None,
            skip=ids[index + 1] if index + 1 < len(ids) else None,
            position=index + 1,
            total=len(ids),
            summary=_domain_rows(opened.pack, evaluation, only=domain.prefix)[0],
        )

    async def answer(self, request: Request) -> Response:
        path = self.path(request)
        control_id = request.path_params["control"]
        form = await request.form()
        given = store.Given(
            **{
                key: str(form.get(key, ""))
                for key in (
                    "answer",
                    "note",
                    "evidence",
                    "owner",
                    "due",
                    "target_date",
                    "reason",
                    "keep",
                    "past_date",
                )
            }
        )
        back_to = _local(str(form.get("next", "")), f"/a/{quote(path.name)}/ask/{control_id}")
        saved = await run_in_threadpool(
            store.save_answer,
            path,
            self.served.pack_dirs,
            control_id,
            given,
            str(form.get("seen", "")),
            _named(request),
            self.today,
        )
        if isinstance(saved, store.Refused):
            problems = [f"{saved.prompt}: {saved.message}"]
            return await self._again(request, control_id, given, status=400, problems=problems)
        if isinstance(saved, store.Conflict):
            return await self._again(request, control_id, given, status=409, conflict=saved)
        return _to(back_to)

    async def _again(
        self, request: Request, control_id: str, given: store.Given, status: int, **extra: Any
    ) -> Response:
        """The question again, with what was typed and why it was not saved."""
        name, opened, evaluation = await self.read(request)
        return self._ask_page(
            request, name, opened, evaluation, control_id, status, given=given, **extra
        )

    # --- the risk step ---

    async def risk(self, request: Request) -> Response:
        harm_id = request.path_params["harm"]
        problems: list[str] = []
        typed: dict[str, str] = {}
        if request.method == "POST":
            path = self.path(request)
            form = await request.form()
            typed = {key: str(value) for key, value in form.items() if key != CSRF_FIELD}
            saved = await run_in_threadpool(
                store.save_risk,
                path,
                self.served.pack_dirs,
                harm_id,
                typed,
                _named(request),
                self.today,
            )
            if not isinstance(saved, store.Refused):
                return _to(f"/a/{quote(path.name)}/risk/{harm_id}?saved=1")
            problems = [f"{saved.prompt}: {saved.message}"]
        name, opened, evaluation = await self.read(request)
        lines = evaluation.risks.lines
        ids = [line.harm_id for line in lines]
        if harm_id not in ids or opened.pack.risk_matrix is None:
            message = _("{id} is not a harm assessed for this product.").format(id=harm_id)
            return self.page(request, "error.html", 404, error=message, problems=[])
        index = ids.index(harm_id)
        line = lines[index]
        current = opened.assessment.risks.get(harm_id)
        matrix = opened.pack.risk_matrix
        shown = {
            "likelihood": current.likelihood if current else line.suggested_likelihood,
            "impact": current.impact if current else line.impact,
            "rationale": current.rationale if current else "",
            "residual": current.residual if current else line.suggested_residual,
            "residual_reason": current.residual_reason if current else "",
            "decision": current.decision.value[0] if current else "r",
            "benefits": current.benefits if current else "",
            "childrens_views": current.childrens_views if current else "",
            "approved_by": "",
            "approved_on": "",
            "justification": "",
            "expires_on": "",
            "evidence_what": "",
            "evidence_link": "",
        }
        if current is not None and current.acceptance is not None:
            accepted = current.acceptance
            shown |= {
                "approved_by": accepted.approved_by,
                "approved_on": accepted.approved_on.isoformat(),
                "justification": accepted.justification,
                "expires_on": accepted.expires_on.isoformat(),
            }
        answers = opened.assessment.answers
        return self.page(
            request,
            "risk.html",
            400 if problems else 200,
            name=name,
            opened=opened,
            line=line,
            harm=opened.pack.harm(harm_id),
            current=current,
            shown=shown | typed,
            matrix=matrix,
            mitigations=[(m, answers.get(m.control_id)) for m in line.mitigations],
            problems=problems,
            saved=request.query_params.get("saved") == "1",
            back=ids[index - 1] if index > 0 else None,
            skip=ids[index + 1] if index + 1 < len(ids) else None,
            position=index + 1,
            total=len(ids),
        )

    # --- workshop mode ---

    def trainer(self, request: Request) -> bool:
        return self.served.workshop is not None and request.scope.get("crbd.role") == ""

    async def join(self, request: Request) -> Response:
        if self.served.workshop is None:
            return self.page(request, "error.html", 404, error=_("No workshop here."), problems=[])
        problem = ""
        if request.method == "POST":
            form = await request.form()
            name = self.served.access.team(str(form.get("code", "")))
            if name is not None:
                response = _to(f"/a/{quote(name)}")
                session = self.served.access.admit(name)
                response.headers.append("set-cookie", cookie_header(session))
                return response
            await asyncio.sleep(WRONG_CODE_DELAY)  # guessing codes takes that long each
            problem = _("That is not the code of a team in this workshop; check it and try again.")
        return self.page(request, "join.html", 403 if problem else 200, problem=problem)

    def _teams(self) -> list[tuple[str, str]]:
        """Each team's code and file, by file name."""
        return sorted(
            ((code, name) for code, name in self.served.access.codes.items()),
            key=lambda pair: pair[1],
        )

    async def workshop(self, request: Request) -> Response:
        if not self.trainer(request):
            return self.page(request, "error.html", 404, error=_("No workshop here."), problems=[])
        if request.method == "POST":
            form = await request.form()
            team = str(form.get("team", ""))
            name = store.team_file_name(team)
            path = self.served.folder.path_of(name)
            example = {e.name: e.path for e in examples()}[str(self.served.workshop)]
            await run_in_threadpool(store.create_team, path, example, team)
            codes = self.served.access.codes
            await run_in_threadpool(store.add_team_code, self.served.folder, codes, name)
            return _to("/workshop")
        rows = await run_in_threadpool(self._team_rows)
        return self.page(request, "workshop.html", rows=rows, join=self.join_at)

    def _team_rows(self) -> list[dict[str, Any]]:
        rows = []
        for code, name in self._teams():
            opened, evaluation = store.read(self.served.folder.root / name, self.served.pack_dirs)
            counts = _domain_rows(opened.pack, evaluation)
            rows.append(
                {
                    "code": code,
                    "name": name,
                    "team": ", ".join(opened.assessment.metadata.assessors) or name,
                    "answered": sum(row["answered"] for row in counts),
                    "total": sum(row["total"] for row in counts),
                    "overall": evaluation.result.overall,
                }
            )
        return rows

    async def present(self, request: Request) -> Response:
        if not self.trainer(request):
            return self.page(request, "error.html", 404, error=_("No workshop here."), problems=[])
        rows = await run_in_threadpool(self._team_rows)
        disputed: list[Any] = []
        teams: list[str] = []
        if len(rows) >= 2:
            paths = [self.served.folder.root / row["name"] for row in rows]
            summary = await run_in_threadpool(workshop_files, paths, self.served.pack_dirs)
            disputed = [c for c in summary.controls if c.disputed][:8]
            teams = summary.teams
        return self.page(request, "present.html", rows=rows, disputed=disputed, teams=teams)

    async def summary(self, request: Request) -> Response:
        if not self.trainer(request):
            return self.page(request, "error.html", 404, error=_("No workshop here."), problems=[])
        paths = [self.served.folder.root / name for _code, name in self._teams()]
        summary = await run_in_threadpool(workshop_files, paths, self.served.pack_dirs)
        content = await run_in_threadpool(_workshop_pdf, summary)
        return _download(content, "workshop-summary.pdf")

    async def risk_record(self, request: Request) -> Response:
        return await self._results_form(
            request,
            lambda path, typed: store.save_risk_record(
                path, self.served.pack_dirs, typed, _named(request), self.today
            ),
            "risk-record",
        )

    async def age_assurance(self, request: Request) -> Response:
        return await self._results_form(
            request,
            lambda path, typed: store.save_age_check(
                path,
                self.served.pack_dirs,
                typed.get("surface", ""),
                typed,
                _named(request),
                self.today,
            ),
            "age-assurance",
        )

    async def _results_form(
        self,
        request: Request,
        save: Callable[[Path, dict[str, str]], object],
        anchor: str,
    ) -> Response:
        """A form of the results page saved through `save`, then back to its part of the
        page; a refusal is shown with the prompt it concerns."""
        path = self.path(request)
        form = await request.form()
        typed = {key: str(value) for key, value in form.items() if key != CSRF_FIELD}
        saved = await run_in_threadpool(save, path, typed)
        if isinstance(saved, store.Refused):
            return self.page(
                request,
                "error.html",
                400,
                error=f"{saved.prompt}: {saved.message}",
                problems=[],
            )
        return _to(f"/a/{quote(path.name)}/results#{anchor}")

    # --- results ---

    async def results(self, request: Request) -> Response:
        name, opened, evaluation = await self.read(request)
        matrix = opened.pack.risk_matrix
        now = signed_sha256(opened.assessment)
        return self.page(
            request,
            "results.html",
            name=name,
            opened=opened,
            result=evaluation.result,
            risks=evaluation.risks,
            age=_age_rows(opened.pack, opened.assessment),
            domains=_domain_rows(opened.pack, evaluation),
            formats=list(ReportFormat),
            targets=list(ExportTarget),
            signoffs=[(s, s.assessment_sha256 == now) for s in opened.assessment.signoffs],
            others=[
                other
                for other in self.served.folder.yaml_files()
                if other != name and request.scope.get("crbd.role") == ""
            ],
            decisions=[(d, DECISION_LABEL[d]) for d in Decision],
            level=lambda value: matrix.label("levels", value) if matrix else value,
            written_in=language_name(
                request.scope.get(FILE_LANGUAGE, current_language()), current_language()
            ),
        )

    async def preview(self, request: Request) -> Response:
        with language(request.scope.get(FILE_LANGUAGE, current_language())):
            _name, _opened, evaluation = await self.read(request)
            html = await run_in_threadpool(render_report, ReportFormat.HTML, evaluation)
        return Response(
            html,
            media_type="text/html; charset=utf-8",
            headers={"content-security-policy": PREVIEW_POLICY},
        )

    async def compare(self, request: Request) -> Response:
        """The progress report from an earlier assessment in the folder to this one."""
        if request.scope.get("crbd.role") != "":  # a team reads only its own file
            return self.page(request, "error.html", 403, error=_("Not for a team."), problems=[])
        path = self.path(request)
        earlier = self.served.folder.existing(request.query_params.get("with", ""))
        with language(request.scope.get(FILE_LANGUAGE, current_language())):
            comparison = await run_in_threadpool(
                compare_files, earlier, path, self.served.pack_dirs
            )
            html = await run_in_threadpool(render_comparison, CompareFormat.HTML, comparison)
        return Response(
            html,
            media_type="text/html; charset=utf-8",
            headers={"content-security-policy": PREVIEW_POLICY},
        )

    async def report(self, request: Request) -> Response:
        chosen = _member(ReportFormat, request.path_params["format"])
        if chosen is None:
            return self.page(request, "error.html", 404, error=_("No such format."), problems=[])
        return await self.download(
            request, partial(render_report, chosen), f"-report.{chosen.value}"
        )

    async def export(self, request: Request) -> Response:
        target = _member(ExportTarget, request.path_params["target"])
        if target is None:
            return self.page(request, "error.html", 404, error=_("No such export."), problems=[])
        return await self.download(
            request, partial(render_export, target), f"-{target.value}.{target.suffix}"
        )

    async def download(
        self, request: Request, render: Callable[[Evaluation], bytes], suffix: str
    ) -> Response:
        """The assessment rendered by `render` as a download named after its file plus
        `suffix`, in the assessment's own language as `crbd report` writes it."""
        with language(request.scope.get(FILE_LANGUAGE, current_language())):
            name, _opened, evaluation = await self.read(request)
            content = await run_in_threadpool(render, evaluation)
        return _download(content, f"{Path(name).stem}{suffix}")

    async def signoff(self, request: Request) -> Response:
        path = self.path(request)
        form = await request.form()
        try:
            decision = Decision(str(form.get("decision", "")))
        except ValueError:
            return self.page(request, "error.html", 400, error=_("Choose a decision."), problems=[])
        await run_in_threadpool(
            store.sign,
            path,
            self.served.pack_dirs,
            str(form.get("reviewer", "")),
            decision,
            str(form.get("comment", "")),
            self.today,
        )
        return _to(f"/a/{quote(path.name)}/results#signoff")

    async def history(self, request: Request) -> Response:
        name, opened, _evaluation = await self.read(request)
        wanted = request.query_params.get("id", "")
        changes = [c for c in opened.assessment.history if not wanted or c.id == wanted]
        return self.page(
            request, "history.html", name=name, opened=opened, changes=changes, wanted=wanted
        )


def _member(kind: type[Choice], value: str) -> Choice | None:
    """The member of `kind` named `value`, or None."""
    try:
        return kind(value)
    except ValueError:
        return None


def _workshop_pdf(summary: Any) -> bytes:
    from toolkit.report.workshop import render_workshop

    return render_workshop(summary, pdf=True, top=20)


def _named(request: Request) -> str:
    return unquote(request.cookies.get(NAME_COOKIE, ""))


def _to(url: str) -> Response:
    return RedirectResponse(url, status_code=303)


def _local(url: str, default: str = "/") -> str:
    """A redirect target only within this app (never another site)."""
    if url.startswith("/") and not url.startswith("//") and "\\" not in url:
        return url
    return default


def _download(content: bytes, filename: str) -> Response:
    kind, _encoding = mimetypes.guess_type(filename)
    return Response(
        content,
        media_type=kind or "application/octet-stream",
        headers={"content-disposition": f'attachment; filename="{quote(filename)}"'},
    )


def _queue(opened: Opened, today: date) -> list[tuple[Domain, Control]]:
    """The questions this assessment asks, in the interview's order (answered ones too)."""
    return questions(opened.pack, opened.assessment, Session("", today, review=True))


def _control_view(opened: Opened, control: Control, **extra: Any) -> dict[str, Any]:
    current: ControlAnswer | None = opened.assessment.answers.get(control.id)
    given: store.Given = extra.pop("given", None) or store.Given(
        answer=current.answer.value if current else "",
        note=current.note if current else "",
        owner=current.action.owner if current and current.action else "",
        due=str(current.action.due or "") if current and current.action else "",
        target_date=str(current.target_date or "") if current else "",
    )
    chosen = given.answer.strip().lower()
    chosen = ANSWER_KEYS[chosen].value if chosen in ANSWER_KEYS else chosen
    return {
        "control": control,
        "current": current,
        "given": given,
        "chosen": chosen,
        "seen": store.stamp(current),
        "answers": list(Answer),
        "keeps": current is not None and bool(current.note or current.evidence),
        "problems": extra.get("problems", []),
        "conflict": extra.get("conflict"),
    }


def _domain_rows(
    pack: Pack, evaluation: Evaluation, only: str | None = None
) -> list[dict[str, Any]]:
    """Per domain: its result, how many of its in-scope controls are answered."""
    answered = evaluation.assessment.answers
    rows = []
    for result in evaluation.result.domains:
        if only is not None and result.prefix != only:
            continue
        in_scope = [
            o.id
            for o in evaluation.result.controls
            if o.domain == result.prefix and o.scope != "out_of_scope"
        ]
        rows.append(
            {
                "result": result,
                "total": len(in_scope),
                "answered": sum(control_id in answered for control_id in in_scope),
            }
        )
    return rows


def _age_rows(pack: Pack, assessment: Assessment) -> dict[str, Any] | None:
    """The age-assurance record's forms: each place the record asks about with its check on
    file, and the choices; None where the product checks no age."""
    if not assures_age(pack, assessment):
        return None
    record = assessment.age_assurance or {}
    return {
        "places": [
            (surface.value, _(SURFACE_LABEL[surface]), record.get(surface))
            for surface in age_surfaces(pack, assessment)
        ],
        "kinds": [(kind.value, _(KIND_LABEL[kind])) for kind in AgeMethodKind],
        "levels": [(level.value, _(CONFIDENCE_LABEL[level])) for level in ConfidenceLevel],
        "characteristics": [
            (c.value, _(CHARACTERISTIC_LABEL[c]), _(CHARACTERISTIC_HINT[c])) for c in Characteristic
        ],
        "made": assessment.age_assurance is not None,
    }
