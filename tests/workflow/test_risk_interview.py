"""The interview's risk step: one screen per harm, navigation, reasons and saving."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.helpers import ANA, DATA, ScriptedAsker, assessment_of
from toolkit.model.assessment import Assessment
from toolkit.model.files import load_assessment, save_assessment
from toolkit.model.pack import Pack
from toolkit.model.packs import load_pack
from toolkit.workflow.interview import Outcome, run_interview, run_risk_step

ALL_YES = {"A-01": "yes", "A-02": "yes", "A-03": "yes", "A-04": "yes", "B-02": "yes"}
RECORD = ["Workshop of the safety team", "Reports; panel", "", "2027-05-01"]


@pytest.fixture(scope="module")
def risky() -> Pack:
    return load_pack(DATA / "packs" / "mini-risk")


def answered(pack: Pack) -> Assessment:
    return assessment_of(pack, {"audience": "children", "features": ["chat"]}, ALL_YES)


def run(
    pack: Pack, assessment: Assessment, replies: list[str], path: Path, *, whole: bool = False
) -> tuple[Outcome, ScriptedAsker]:
    asker = ScriptedAsker(list(replies))

    def save(updated: Assessment) -> None:
        save_assessment(updated, path)

    walk = run_interview if whole else run_risk_step
    outcome = walk(pack, assessment, asker, save, ANA)
    assert asker.replies == [], f"unused replies: {asker.replies}"
    return outcome, asker


def test_after_the_controls_each_harm_is_asked_and_saved(risky: Pack, tmp_path: Path) -> None:
    path = tmp_path / "kite.yaml"
    replies = [
        *RECORD,
        "?",  # H-CHAT: help, then keep the suggested likelihood
        "",
        "",
        "Open chat between children",
        "",  # residual: the suggestion (low)
        "",  # decision: reduced
        "Moderation report",
        "",
        "",
        "They like chatting",
        "s",  # H-SPEND skipped
    ]
    outcome, asker = run(risky, answered(risky), replies, path, whole=True)
    assert outcome.finished
    saved = load_assessment(path)
    chat = saved.risks["H-CHAT"]
    assert (chat.likelihood, chat.impact, chat.residual, chat.decision.value) == (
        "possible",
        "severe",
        "low",
        "reduced",
    )
    assert chat.childrens_views == "They like chatting" and chat.answered_by == "Ana"
    assert chat.evidence[0].description == "Moderation report"
    assert "H-SPEND" not in saved.risks
    assert saved.risk_record.sources == ["Reports", "panel"]
    assert saved.risk_record.next_review == date(2027, 5, 1)
    text = asker.text()
    assert "Risk factors present: Chat" in text
    assert "A-01 yes*" in text and "residual low" in text
    assert "Mitigation credit 100%: 2 levels off" in text  # the help shows the working
    assert asker.results, "the closing summary follows the risk step"


def test_a_residual_other_than_the_suggestion_needs_a_reason(risky: Pack, tmp_path: Path) -> None:
    replies = [*RECORD, "2", "3", "Chat", "high", "", "Chat is new", "r", "", "", "", "s"]
    outcome, asker = run(risky, answered(risky), replies, tmp_path / "k.yaml")
    assert outcome.finished
    chat = load_assessment(tmp_path / "k.yaml").risks["H-CHAT"]
    assert (chat.residual, chat.residual_reason) == ("high", "Chat is new")
    assert "This one needs an answer." in asker.text()
    assert any("not the suggested low" in prompt for prompt in asker.prompts)


def test_accepting_asks_who_when_why_and_until_when(risky: Pack, tmp_path: Path) -> None:
    replies = [*RECORD, "", "", "Chat", "", "a", "Board", "", "Pilot only", "2027-01-31"]
    replies += ["", "", "", "s"]
    run(risky, answered(risky), replies, tmp_path / "k.yaml")
    chat = load_assessment(tmp_path / "k.yaml").risks["H-CHAT"]
    assert chat.acceptance is not None
    assert (chat.acceptance.approved_by, chat.acceptance.approved_on) == ("Board", ANA.today)
    assert chat.acceptance.expires_on == date(2027, 1, 31)


def test_back_skip_and_quit_move_between_harms(risky: Pack, tmp_path: Path) -> None:
    replies = [*RECORD, "b", "s", "b", "q"]
    outcome, asker = run(risky, answered(risky), replies, tmp_path / "k.yaml")
    assert not outcome.finished
    assert "This is the first harm of this run." in asker.text()
    shown = [line for line in asker.shown if line.startswith(("Abuse in chat", "Spending"))]
    assert [line.split(":")[0] for line in shown] == [
        "Abuse in chat",
        "Abuse in chat",
        "Spending pressure",
        "Abuse in chat",
    ]
    assert load_assessment(tmp_path / "k.yaml").risks == {}


def test_a_bad_level_is_refused_and_asked_again(risky: Pack, tmp_path: Path) -> None:
    replies = [*RECORD, "likely", "2", "9", "3", "Chat", "", "", "", "", "", "s"]
    run(risky, answered(risky), replies, tmp_path / "k.yaml")
    assert load_assessment(tmp_path / "k.yaml").risks["H-CHAT"].impact == "severe"


def test_the_whole_step_can_be_skipped_or_quit_at_its_first_question(
    risky: Pack, tmp_path: Path
) -> None:
    outcome, _ = run(risky, answered(risky), ["s"], tmp_path / "k.yaml")
    assert outcome.finished and outcome.assessment.risk_record.method == ""
    outcome, _ = run(risky, answered(risky), ["q"], tmp_path / "k.yaml")
    assert not outcome.finished


def test_nothing_is_asked_for_a_pack_without_harms(mini: Pack, tmp_path: Path) -> None:
    outcome, asker = run(mini, answered(mini), [], tmp_path / "k.yaml")
    assert outcome.finished and asker.prompts == []
