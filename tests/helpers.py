"""What the tests share besides fixtures: paths, the test date, assessment builders, goldens."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

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
    """Compare with tests/golden/NAME; CRBD_UPDATE_SNAPSHOTS=1 rewrites it for review."""
    path = GOLDEN / name
    if os.environ.get("CRBD_UPDATE_SNAPSHOTS") == "1":
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8"), (
        f"{name} changed: rerun with CRBD_UPDATE_SNAPSHOTS=1 and review the diff"
    )
