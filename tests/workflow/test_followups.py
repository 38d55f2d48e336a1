"""Owners, reasons and reconfirmation in the interview (scripted), and history on record."""

from __future__ import annotations

from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.helpers import ANA, DATA, MINI, interview, profiled
from toolkit.engine.accountability import history_problems
from toolkit.errors import UsageProblem
from toolkit.model.assessment import (
    Acceptance,
    Action,
    ActionStatus,
    Answer,
    ControlAnswer,
)
from toolkit.model.files import load_assessment, save_assessment
from toolkit.model.pack import Pack
from toolkit.workflow.interview import Session, questions
from toolkit.workflow.interview.followups import ACTION_PROMPT, parse_action
from toolkit.workflow.opening import from_baseline
from toolkit.workflow.recording import record_answer

PREVIOUS = DATA / "accountability" / "previous-format.yaml"
ACCEPTANCE = Acceptance(
    approved_by="Dana Chief",
    approved_on=date(2026, 1, 10),
    justification="Adults only until the classifier ships",
    expires_on=date(2026, 7, 1),
)


def test_an_owner_and_due_date_on_one_line_after_a_gap(mini: Pack) -> None:
    replies = ["n", "", "2027-03-31", "Sam Lee 2027-03-31"]  # a date alone names no owner
    replies += ["y", "", ""]  # A-02 yes: no owner asked
    replies += ["p", "", "", ""]  # A-03 partial: owner skipped
    outcome, asker = interview(mini, profiled(mini), [*replies, "q"])
    answers = outcome.assessment.answers
    assert answers["A-01"].action == Action(owner="Sam Lee", due=date(2027, 3, 31))
    assert answers["A-02"].action is None and answers["A-03"].action is None
    assert asker.prompts.count(ACTION_PROMPT) == 3
    assert "'2027-03-31' names no owner; give a name, then optionally a date." in asker.shown


def test_the_earlier_action_is_the_default_and_a_yes_closes_it(mini: Pack) -> None:
    action = Action(owner="Sam Lee", due=date(2027, 3, 31), status="in-progress", ticket="S-1")
    a01 = ControlAnswer(answer=Answer.NO, action=action, acceptance=ACCEPTANCE)
    answered = profiled(mini).model_copy(update={"answers": {"A-01": a01}})
    review = Session(answered_by="Bo", today=date(2026, 11, 3), review=True)
    # Enter first: no revisit of the profile. A-01 no -> partial: enter keeps the owner;
    # the reason is asked because the answer changed.
    outcome, asker = interview(mini, answered, ["", "p", "", "", "", "Half shipped", "q"], review)
    kept = outcome.assessment.answers["A-01"]
    assert kept.action == action and kept.acceptance == ACCEPTANCE
    assert "Owner and due date (enter keeps them, - removes them)" in asker.prompts
    assert outcome.assessment.history[0].reason == "Half shipped"
    # Then yes: the open action is done and the acceptance, with no gap left, is dropped.
    outcome, _ = interview(mini, outcome.assessment, ["", "y", "", "", "", "q"], review)
    closed = outcome.assessment.answers["A-01"]
    assert closed.action == action.model_copy(update={"status": ActionStatus.DONE})
    assert closed.acceptance is None
    # Back to no: "-" removes the owner the closed action named.
    outcome, _ = interview(mini, outcome.assessment, ["", "n", "", "-", "", "q"], review)
    assert outcome.assessment.answers["A-01"].action is None
    assert [(c.before, c.after) for c in outcome.assessment.history] == [
        ("no", "partial"),
        ("partial", "yes"),
        ("yes", "no"),
    ]


def test_no_owner_is_asked_for_answers_without_a_gap(mini: Pack) -> None:
    for key, note in (("y", ""), ("x", "No such surface"), ("a", "A manual review")):
        replies = [key, note, "", "q"] if key != "x" else [key, note, "q"]
        outcome, asker = interview(mini, profiled(mini), replies)
        assert ACTION_PROMPT not in asker.prompts
        assert outcome.assessment.answers["A-01"].action is None


def test_parse_action_keeps_the_earlier_status_and_ticket() -> None:
    earlier = Action(owner="Ana", status="in-progress", ticket="S-9")
    assert parse_action("Sam Lee", earlier) == Action(
        owner="Sam Lee", status="in-progress", ticket="S-9"
    )
    with pytest.raises(ValueError, match="names no owner"):
        parse_action("  ")


def test_a_baseline_is_copied_and_every_answer_reconfirmed(mini: Pack, tmp_path: Path) -> None:
    old = load_assessment(PREVIOUS)
    a02 = old.answers["A-02"].model_copy(
        update={"action": Action(owner="Sam"), "acceptance": ACCEPTANCE}
    )
    baseline = tmp_path / "kite-2026.yaml"
    save_assessment(old.model_copy(update={"answers": {**old.answers, "A-02": a02}}), baseline)
    started = from_baseline(tmp_path / "kite-2027.yaml", baseline, [MINI.parent]).assessment
    assert started.profile == old.profile and started.signoffs == [] and started.history == []
    assert all(answer.to_reconfirm for answer in started.answers.values())
    assert started.answers["A-02"].action == Action(owner="Sam")
    assert started.answers["A-02"].acceptance is None  # to be decided again
    assert started.answers["A-01"].evidence == old.answers["A-01"].evidence
    assert started.metadata.reviewer == "" and started.metadata.updated_on is None
    nextyear = Session(answered_by="Bo", today=date(2027, 3, 1))
    assert [c.id for _, c in questions(mini, started, nextyear)] == [
        "A-01",
        "A-02",
        "A-03",
        "A-04",
        "B-02",
    ]
    replies = ["", ""]  # enter confirms the copied answer
    replies += ["y", "", "", "Fixed in 4.0"]  # A-03 planned -> yes, with a reason
    replies += ["", ""]  # A-04 and B-02 confirmed
    outcome, asker = interview(mini, started, replies, nextyear)
    assert "Current answer: yes; enter keeps it." in asker.text()
    assert "To reconfirm: 5 answers came from an earlier assessment." in asker.text()
    answers = outcome.assessment.answers
    assert not any(answer.to_reconfirm for answer in answers.values())
    assert {a.answered_by for a in answers.values()} == {"Bo"}
    assert answers["A-02"].action == Action(owner="Sam")
    [change] = outcome.assessment.history
    assert (change.id, change.before, change.after, change.reason) == (
        "A-03",
        "planned",
        "yes",
        "Fixed in 4.0",
    )
    with pytest.raises(UsageProblem, match="already exists"):
        from_baseline(baseline, baseline, [MINI.parent])


def test_scripted_session_sees_no_reason_prompt_for_an_unchanged_answer(mini: Pack) -> None:
    answered = profiled(mini, {"A-01": "no"})
    review = Session(answered_by="Ana", today=ANA.today, review=True)
    outcome, asker = interview(mini, answered, ["n", "", "", "q"], review)
    assert outcome.assessment.history == []
    assert not any(prompt.startswith("Why did it change") for prompt in asker.prompts)


@given(st.lists(st.sampled_from(list(Answer)), max_size=12))
def test_history_records_exactly_the_changes_of_an_answer(
    mini: Pack, given_answers: list[Answer]
) -> None:
    """However an answer is changed and re-saved, the history holds one entry per change
    and always ends at the answer the file holds."""
    control = mini.require_control("A-02")
    assessment = profiled(mini)
    for day, answer in enumerate(given_answers, start=1):
        recorded = ControlAnswer(
            answer=answer, note="reason", answered_by="Ana", answered_on=date(2026, 1, day)
        )
        assessment = record_answer(mini, assessment, control, recorded)
    changes = sum(1 for old, new in pairwise(given_answers) if old != new)
    assert len(assessment.history) == changes
    assert history_problems(assessment) == []
    assert all(change.before != change.after for change in assessment.history)
