"""The interview, driven by a scripted asker: profile, then every in-scope control."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from toolkit.assessment import Assessment, load_assessment, new_assessment, save_assessment
from toolkit.checklist import Pack
from toolkit.interview import Session, pending_controls, run_interview

EXPECTED = """\
crbd_assessment: 1
pack:
  id: mini
  version: '1.0'
  content_hash: {hash}
metadata:
  product: Kite
  organisation: Kite Ltd
  assessors:
  - Ana
  started_on: '2026-11-02'
  updated_on: '2026-11-02'
profile:
  audience: children
  features:
  - chat
answers:
  A-01:
    answer: 'yes'
    note: Checked in November
    evidence:
    - description: Settings screenshot
      link_or_path: docs/a01.png
    answered_by: Ana
    answered_on: '2026-11-02'
  A-02:
    answer: na
    note: We have no such surface
    answered_by: Ana
    answered_on: '2026-11-02'
  A-03:
    answer: planned
    answered_by: Ana
    answered_on: '2026-11-02'
    target_date: '2027-01-31'
  A-04:
    answer: alternative
    note: A weekly manual review
    answered_by: Ana
    answered_on: '2026-11-02'
  B-02:
    answer: unknown
    answered_by: Ana
    answered_on: '2026-11-02'
"""


class ScriptedAsker:
    """Replies from a script; records everything shown, and fails if the script runs out."""

    def __init__(self, replies: list[str]) -> None:
        self.replies = list(replies)
        self.shown: list[str] = []

    def show(self, text: str, *, title: str | None = None) -> None:
        self.shown.append(f"{title}: {text}" if title else text)

    def ask(self, prompt: str, *, default: str = "") -> str:
        if not self.replies:
            raise AssertionError(f"script ran out at {prompt!r}")
        return self.replies.pop(0).strip() or default


SCRIPT = [
    "Kite",
    "",
    "Kite Ltd",  # metadata
    "1",  # audience: children
    "1",  # features: chat
    "?",
    "y",
    "Checked in November",
    "Settings screenshot",
    "docs/a01.png",
    "x",
    "",
    "We have no such surface",  # na demands a reason
    "later",
    "l",
    "",
    "soon",
    "2027-01-31",  # bad key, then planned with a date
    "a",
    "A weekly manual review",
    "",  # alternative, no evidence
    "u",
    "",  # B-02 (in scope: chat and children)
]


def test_scripted_interview_saves_the_expected_file(mini: Pack, tmp_path: Path) -> None:
    path = tmp_path / "kite.yaml"
    saves: list[Assessment] = []

    def save(assessment: Assessment) -> None:
        saves.append(assessment)
        save_assessment(assessment, path)

    asker = ScriptedAsker(SCRIPT)
    session = Session(answered_by="Ana", today=date(2026, 11, 2))
    run_interview(mini, new_assessment(mini), asker, save, session)
    assert asker.replies == []
    assert path.read_text() == EXPECTED.format(hash=mini.content_hash)
    # Saved after the metadata, each profile answer and each of the five controls.
    assert len(saves) == 1 + 2 + 5
    assert any("What a full yes looks like" in text for text in asker.shown)
    assert any("not an answer" in text for text in asker.shown)
    assert any("not a date" in text for text in asker.shown)


def test_resume_asks_only_what_is_left(mini: Pack, tmp_path: Path) -> None:
    path = tmp_path / "kite.yaml"
    asker = ScriptedAsker(SCRIPT[:9])  # stops in the middle of A-01's evidence

    def save(assessment: Assessment) -> None:
        save_assessment(assessment, path)

    session = Session(answered_by="Ana", today=date(2026, 11, 2))
    with pytest.raises(AssertionError, match="script ran out"):
        run_interview(mini, new_assessment(mini), asker, save, session)
    saved = load_assessment(path)
    assert saved.answers == {}  # A-01 was not confirmed: nothing half-written
    assert saved.profile == {"audience": "children", "features": ["chat"]}
    assert [c.id for _, c in pending_controls(mini, saved)] == [
        "A-01",
        "A-02",
        "A-03",
        "A-04",
        "B-02",
    ]
    rest = ScriptedAsker(SCRIPT[5:])
    run_interview(mini, saved, rest, save, session)
    assert path.read_text() == EXPECTED.format(hash=mini.content_hash)


def test_domain_filter_and_scope(mini: Pack) -> None:
    assessment = new_assessment(mini).model_copy(
        update={"profile": {"audience": "adults", "features": ["live"]}}
    )
    assert [c.id for _, c in pending_controls(mini, assessment, ["B"])] == ["B-01"]
