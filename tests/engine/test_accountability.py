"""Sign-off binding, history check, acceptances in scoring, plan and gates, what is due."""

from __future__ import annotations

from datetime import date

from tests.helpers import DATA
from toolkit.engine.accountability import history_problems, signoff_state
from toolkit.engine.due import DueKind, due_items
from toolkit.engine.evaluate import evaluate
from toolkit.engine.gates import FailOn, gate_failures
from toolkit.model.accountability import Binding
from toolkit.model.assessment import (
    Acceptance,
    Action,
    ActionStatus,
    Answer,
    Assessment,
    Change,
    ControlAnswer,
    Decision,
)
from toolkit.model.files import load_assessment
from toolkit.model.pack import Pack
from toolkit.workflow.signoff import signed

PREVIOUS = DATA / "accountability" / "previous-format.yaml"


def accepted(expires_on: date) -> Acceptance:
    return Acceptance(
        approved_by="Dana Chief",
        approved_on=date(2026, 1, 10),
        justification="Adults only until the classifier ships",
        expires_on=expires_on,
    )


def with_answers(assessment: Assessment, **answers: ControlAnswer) -> Assessment:
    changed = {key.replace("_", "-"): value for key, value in answers.items()}
    return assessment.model_copy(update={"answers": {**assessment.answers, **changed}})


def test_sign_off_state_current_changed_unbound_and_never() -> None:
    previous = load_assessment(PREVIOUS)
    assert signoff_state(previous).binding is Binding.UNBOUND
    assert "cannot be detected" in signoff_state(previous).sentence
    fresh = signed(previous, "B. Reviewer", Decision.APPROVED, "", date(2026, 3, 5))
    state = signoff_state(fresh)
    assert (state.binding, state.is_draft) == (Binding.CURRENT, False)
    assert state.sentence == "approved on 2026-03-05 by B. Reviewer"
    edited = with_answers(fresh, A_02=ControlAnswer(answer=Answer.YES))
    state = signoff_state(edited)
    assert (state.binding, state.is_draft) == (Binding.CHANGED, True)
    assert state.sentence == "changed since sign-off on 2026-03-05 by B. Reviewer"
    resigned = signed(edited, "B. Reviewer", Decision.APPROVED, "", date(2026, 3, 6))
    assert signoff_state(resigned).binding is Binding.CURRENT
    never = previous.model_copy(update={"signoffs": []})
    assert signoff_state(never).sentence == "never signed"
    rejected = signed(previous, "B. Reviewer", Decision.REJECTED, "", date(2026, 3, 5))
    assert signoff_state(rejected).is_draft


def test_a_hand_edited_answer_does_not_match_its_history() -> None:
    previous = load_assessment(PREVIOUS)
    change = Change(id="A-02", before="yes", after="no", by="Bo", on=date(2026, 3, 1))
    consistent = previous.model_copy(update={"history": [change]})
    assert history_problems(consistent) == []
    edited = with_answers(consistent, A_02=ControlAnswer(answer=Answer.YES))
    [problem] = history_problems(edited)
    assert "A-02 was last changed to no, but the file holds yes" in problem
    profile_change = Change(
        id="features", before=["chat"], after=["chat", "live"], by="Bo", on=date(2026, 3, 1)
    )
    mismatched = previous.model_copy(update={"history": [profile_change]})
    assert history_problems(mismatched) == [
        "the history says features was last changed to chat, live, but the file holds chat: "
        "it was edited without crbd"
    ]


def test_acceptances_leave_the_score_alone_and_gate_only_while_in_force(mini: Pack) -> None:
    previous = load_assessment(PREVIOUS)  # judged on 2026-03-01, its own date
    plain = evaluate(mini, previous)
    a02 = previous.answers["A-02"]  # no, on a high control
    in_force = with_answers(
        previous, A_02=a02.model_copy(update={"acceptance": accepted(date(2026, 7, 1))})
    )
    lapsed = with_answers(
        previous, A_02=a02.model_copy(update={"acceptance": accepted(date(2026, 2, 1))})
    )
    for assessment in (in_force, lapsed):
        assert evaluate(mini, assessment).result.overall == plain.result.overall
    kept = evaluate(mini, in_force)
    assert (kept.result.accepted, kept.result.expired_acceptances) == (["A-02"], [])
    assert gate_failures(plain.result, fail_on=FailOn.HIGH)
    assert not any("A-02" in f for f in gate_failures(kept.result, fail_on=FailOn.HIGH))
    gone = evaluate(mini, lapsed)
    assert (gone.result.accepted, gone.result.expired_acceptances) == ([], ["A-02"])
    assert any("A-02 (high, no)" in f for f in gate_failures(gone.result, fail_on=FailOn.HIGH))
    item = next(i for i in gone.plan.items if i.control_id == "A-02")
    assert item.acceptance is not None and item.acceptance_expired and not item.accepted
    assert gone.accountability.expired_acceptances == ["A-02"]
    # The same acceptance judged before it lapsed is in force again.
    assert evaluate(mini, lapsed, as_of=date(2026, 1, 20)).result.accepted == ["A-02"]


def test_evaluation_carries_owners_overdue_actions_and_unconfirmed_answers(mini: Pack) -> None:
    previous = load_assessment(PREVIOUS)
    late = Action(owner="Sam Lee", due=date(2026, 2, 1))
    done = Action(owner="Ana", due=date(2026, 2, 1), status=ActionStatus.DONE)
    assessment = with_answers(
        previous,
        A_02=previous.answers["A-02"].model_copy(update={"action": late, "to_reconfirm": True}),
        A_04=previous.answers["A-04"].model_copy(update={"action": done}),
    )
    change = Change(id="A-02", before="yes", after="no", by="Bo", on=date(2026, 2, 20))
    assessment = assessment.model_copy(update={"history": [change, change]})
    evaluation = evaluate(mini, assessment)
    owned = evaluation.accountability
    item = next(i for i in evaluation.plan.items if i.control_id == "A-02")
    assert item.action == late and item.to_reconfirm
    assert owned.overdue_actions == ["A-02"]  # A-04's action is done
    assert set(owned.unowned_gaps) == {"A-03", "B-02"}
    assert owned.unconfirmed == ["A-02"]
    assert owned.changes == {"A-02": 2}
    assert owned.history_problems == []
    assert owned.signoff.binding is Binding.UNBOUND


def test_due_lists_what_is_overdue_or_due_within_the_window() -> None:
    previous = load_assessment(PREVIOUS)
    assessment = with_answers(
        previous,
        A_02=previous.answers["A-02"].model_copy(
            update={
                "action": Action(owner="Sam Lee", due=date(2026, 4, 1), ticket="SAFE-1"),
                "acceptance": accepted(date(2026, 10, 15)),
            }
        ),
        A_04=previous.answers["A-04"].model_copy(
            update={"action": Action(owner="Ana", due=date(2026, 4, 1), status="done")}
        ),
    )
    items = due_items("kite.yaml", assessment, date(2026, 10, 1), within=30)
    listed = [(i.kind, i.subject, i.on, i.overdue) for i in items]
    assert listed == [
        (DueKind.ACTION, "A-02", date(2026, 4, 1), True),
        (DueKind.PLANNED, "A-03", date(2026, 9, 30), True),
        (DueKind.ACCEPTANCE, "A-02", date(2026, 10, 15), False),
    ]
    assert items[0].what == "action due, owner Sam Lee (SAFE-1)"
    later = due_items("kite.yaml", assessment, date(2027, 3, 2), within=0)
    kinds = {(i.kind, i.subject) for i in later}
    assert (DueKind.REVIEW, "Kite") in kinds  # twelve months after 2026-03-01
    assert (DueKind.EVIDENCE, "A-01") in kinds  # valid until 2026-12-31
    assert all(i.overdue for i in later)
    assert due_items("kite.yaml", assessment, date(2026, 3, 1), within=10) == []
