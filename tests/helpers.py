"""What the tests share besides fixtures: paths, the test date, assessment builders, goldens."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from toolkit.model.assessment import (
    Assessment,
    ControlAnswer,
    Evidence,
    Metadata,
    SignOff,
    new_assessment,
    with_answer,
)
from toolkit.model.files import save_assessment
from toolkit.model.pack import Pack
from toolkit.model.resources import bundled
from toolkit.model.result import Result
from toolkit.workflow.interview import Outcome, Session, run_interview
from toolkit.workflow.opening import Opened

if TYPE_CHECKING:
    from toolkit.web.server import Bound

DATA = Path(__file__).parent / "data"
GOLDEN = Path(__file__).parent / "golden"
ROOT = Path(__file__).resolve().parents[1]
MINI = DATA / "packs" / "mini"
EXAMPLES = bundled("examples")
DAY = date(2026, 11, 1)


def assessment_of(
    pack: Pack, profile: dict[str, str | list[str]], answers: dict[str, str], **notes: str
) -> Assessment:
    """An assessment with the given profile and answers (notes by control id, `_` for `-`)."""
    made = new_assessment(pack).model_copy(
        update={
            "metadata": Metadata(product="Test product", updated_on=DAY),
            "profile": profile,
            "answers": {
                control_id: ControlAnswer(
                    answer=answer,  # type: ignore[arg-type]
                    note=notes.get(control_id.replace("-", "_"), "reason given"),
                    answered_on=DAY,
                )
                for control_id, answer in answers.items()
            },
        }
    )
    return made


def mini_opened(pack: Pack) -> Opened:
    """A small assessment touching every section: a gap per severity, planned, alternative."""
    answers = {"A-01": "no", "A-02": "partial", "A-03": "no", "A-04": "unknown", "B-02": "yes"}
    assessment = assessment_of(pack, {"audience": "children", "features": ["chat"]}, answers)
    assessment = assessment.model_copy(
        update={
            "metadata": Metadata(
                product="Test product",
                product_version="2.1",
                organisation="Example Org",
                assessors=["A. Assessor"],
                reviewer="R. Reviewer",
                updated_on=DAY,
            ),
            "signoffs": [
                SignOff(reviewer="R. Reviewer", decision="changes-requested", on=DAY),
                SignOff(reviewer="R. Reviewer", decision="approved", comment="Fine.", on=DAY),
            ],
        }
    )
    planned = ControlAnswer(answer="planned", target_date=date(2027, 3, 1), answered_on=DAY)  # type: ignore[arg-type]
    alternative = ControlAnswer(
        answer="alternative",  # type: ignore[arg-type]
        note="Moderators review every new chat by hand.",
        evidence=[Evidence(description="Old audit", valid_until=date(2026, 1, 1))],
        answered_on=DAY,
    )
    assessment = with_answer(with_answer(assessment, "A-03", planned), "B-02", alternative)
    return Opened(Path("a.yaml"), pack, assessment, [])


# --- the browser front end: a real `crbd serve` on a free loopback port, in a thread ---


@dataclass
class Running:
    """A running server: where it is, its token, its folder."""

    bound: Bound
    folder: Path
    clients: list[httpx.Client] = field(default_factory=list)

    def track(self, client: httpx.Client) -> httpx.Client:
        """A client closed when the test ends."""
        self.clients.append(client)
        return client

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.bound.port}"

    @property
    def url(self) -> str:
        return self.bound.url

    def client(self) -> httpx.Client:
        """A browser-like client that has exchanged the token for the session cookie."""
        client = self.track(httpx.Client(base_url=self.base, follow_redirects=False, timeout=60))
        answered = client.get(f"/?token={self.bound.served.token}")
        assert answered.status_code == 303
        return client

    def csrf(self, client: httpx.Client) -> str:
        page = client.get("/").text
        return page.split('name="csrf" value="', 1)[1].split('"', 1)[0]

    def post(self, client: httpx.Client, path: str, data: dict[str, str]) -> httpx.Response:
        """A form posted as the app's own page would post it."""
        form = {"csrf": self.csrf(client), **data}
        return client.post(path, data=form, headers={"origin": self.base})


@contextlib.contextmanager
def serving(
    folder: Path,
    *,
    workshop: bool = False,
    language: str | None = None,
    pack_dirs: tuple[Path, ...] = (),
) -> Iterator[Running]:
    """`crbd serve FOLDER` (with `--workshop`, `--lang`, `--checklists`) running in a thread
    until the block ends."""
    import threading
    import time

    from toolkit.web.server import bind

    bound = bind(folder, pack_dirs, "127.0.0.1", 0, workshop=workshop, language=language)
    server = bound.server()
    thread = threading.Thread(target=server.run, kwargs={"sockets": [bound.sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    running = Running(bound, folder)
    try:
        yield running
    finally:
        for client in running.clients:
            client.close()
        server.should_exit = True
        thread.join(timeout=10)


# --- the interview, driven by a script ---

Reply = str | Callable[[], str]


class ScriptedAsker:
    """Replies from a script; records everything shown, and fails if the script runs out.

    A reply may be a function, run when its turn comes (to change the world mid-interview).
    """

    def __init__(self, replies: list[Reply]) -> None:
        self.replies = list(replies)
        self.shown: list[str] = []
        self.prompts: list[str] = []
        self.results: list[Result] = []

    def show(self, text: str, *, title: str | None = None) -> None:
        self.shown.append(f"{title}: {text}" if title else text)

    def ask(self, prompt: str, *, default: str = "") -> str:
        self.prompts.append(prompt)
        if not self.replies:
            raise ScriptEnded(prompt)
        reply = self.replies.pop(0)
        return (reply() if callable(reply) else reply).strip() or default

    def summary(self, result: Result) -> None:
        self.results.append(result)

    def text(self) -> str:
        return "\n".join(self.shown)


class ScriptEnded(Exception):
    """The script ran out: the person walked away (or the process was stopped)."""


ANA = Session(answered_by="Ana", today=date(2026, 11, 2))

PROFILE: dict[str, str | list[str]] = {"audience": "children", "features": ["chat"]}
"""The mini pack's profile used by `profiled`."""


def interview(
    pack: Pack,
    assessment: Assessment,
    replies: list[Reply],
    session: Session = ANA,
    path: Path | None = None,
) -> tuple[Outcome, ScriptedAsker]:
    """Run the interview to its end (or to a quit); fail if it asks more than scripted."""
    asker = ScriptedAsker(replies)

    def save(updated: Assessment) -> None:
        if path is not None:
            save_assessment(updated, path)

    outcome = run_interview(pack, assessment, asker, save, session)
    assert asker.replies == [], f"unused replies: {asker.replies}"
    return outcome, asker


def profiled(pack: Pack, answers: dict[str, str] | None = None) -> Assessment:
    """An assessment past metadata and profile, with some answers (no notes needed)."""
    return assessment_of(pack, PROFILE, answers or {})


def assert_golden(name: str, actual: str) -> None:
    """Compare with tests/golden/NAME; `CRBD_UPDATE_GOLDEN=1 pytest ...` rewrites every
    golden file the run compares, for review in the diff."""
    path = GOLDEN / name
    if os.environ.get("CRBD_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="")  # line ends kept as made
    assert path.is_file(), f"no golden file {name}: run with CRBD_UPDATE_GOLDEN=1 to write it"
    with path.open(encoding="utf-8", newline="") as golden:
        expected = golden.read()
    assert actual == expected, (
        f"{name} changed: rerun with CRBD_UPDATE_GOLDEN=1 and review the diff"
    )


def docx_page_estimate(document: Any) -> float:
    """How many pages a python-docx document fills, estimated from its text: each paragraph
    and table cell wrapped at an average character width of half an em, at its font size.

    Used where LibreOffice is not installed to lay the file out for real."""
    import math

    from docx.shared import Pt

    section = document.sections[0]
    width = section.page_width - section.left_margin - section.right_margin
    height = section.page_height - section.top_margin - section.bottom_margin - Pt(24)

    def size(paragraph: Any) -> float:
        for run in paragraph.runs:
            if run.font.size:
                return float(run.font.size.pt)
        style = paragraph.style
        while style is not None:
            if style.font.size:
                return float(style.font.size.pt)
            style = style.base_style
        return 11.0

    def lines(text: str, points: float, room: float) -> int:
        per_line = max(1, int(room / Pt(points * 0.5)))
        return max(1, math.ceil(len(text) / per_line))

    def spacing(paragraph: Any) -> float:
        style = paragraph.style
        before = style.paragraph_format.space_before or 0
        after = style.paragraph_format.space_after
        if after is None and style.base_style is not None:
            after = style.base_style.paragraph_format.space_after
        return float(before) + float(after or 0)

    used = 0.0
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            from docx.text.paragraph import Paragraph

            paragraph = Paragraph(child, document)
            points = size(paragraph)
            used += lines(paragraph.text, points, width) * Pt(points * 1.25) + spacing(paragraph)
            if 'w:type="page"' in child.xml:
                used = math.ceil(used / height) * height
        elif tag == "tbl":
            from docx.table import Table

            table = Table(child, document)
            for row in table.rows:
                tallest = 0.0
                for cell in row.cells:
                    room = (cell.width or width) - Pt(10)
                    cell_lines = sum(
                        lines(p.text, size(p), room) * Pt(size(p) * 1.25) for p in cell.paragraphs
                    )
                    tallest = max(tallest, cell_lines)
                used += tallest + Pt(4)
            used += Pt(6)
    return used / height


def docx_text(document: Any) -> str:
    """Every paragraph and table cell of a python-docx document, in reading order, one a
    line (a cell's paragraphs joined by spaces)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    out: list[str] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            out.append(Paragraph(child, document).text)
        elif tag == "tbl":
            out.extend(
                " | ".join(" ".join(p.text for p in c.paragraphs) for c in row.cells)
                for row in Table(child, document).rows
            )
    return "\n".join(out)
