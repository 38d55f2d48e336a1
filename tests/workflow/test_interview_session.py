"""The interview session as a front end drives it: steps, actions, validation, stateless replies."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import ANA, DATA, ScriptedAsker, assessment_of, interview, profiled
from toolkit.errors import UsageProblem
from toolkit.model.assessment import (
    Answer,
    Assessment,
    ControlAnswer,
    Evidence,
    RiskRecord,
    new_assessment,
)
from toolkit.model.files import load_assessment, save_assessment
from toolkit.model.pack import Pack
from toolkit.model.packs import load_pack
from toolkit.workflow.interview import (
    Action,
    Field,
    Interview,
    Phase,
    Position,
    Session,
    Step,
    Submitted,
    reply_to_file,
    run_interview,
    run_risk_step,
)

FILLER = {
    Field.KEEP: "n",
    Field.NOTE: "A reason",
    Field.TARGET_DATE: "2027-01-31",
    Field.RATIONALE: "Open chat between children",
    Field.RESIDUAL_REASON: "The panel thinks so",
    Field.APPROVED_BY: "Dana Chief",
    Field.JUSTIFICATION: "Adults only until the classifier ships",
    Field.EXPIRES_ON: "2027-06-30",
    Field.EVIDENCE_WHAT: "Moderation report",
}
"""A valid reply for each prompt that has no default."""

EARLIER = ControlAnswer(
    answer=Answer.NO,
    note="Not started",
    evidence=[Evidence(description="Roadmap")],
    answered_by="Bo",
    answered_on=date(2026, 1, 5),
)
"""An answer on file, so a changed answer asks to keep its note and for a reason."""


class Saves:
    def __init__(self) -> None:
        self.saved: list[Assessment] = []

    def __call__(self, assessment: Assessment) -> None:
        self.saved.append(assessment)


def reply_for(step: Step) -> str:
    return step.default or FILLER.get(step.field, "")


def follow_ups(
    session: Interview, position: Position, first: str, later: dict[Field, str] | None = None
) -> tuple[list[Position], Submitted]:
    """Every position inside one item's answer after its first reply, and the final submit."""
    later = later or {}
    inside: list[Position] = []
    done = session.submit(position, first, Saves())
    while not done.recorded:
        assert not done.refused, done.refused
        assert done.position.item == position.item and done.position.draft
        inside.append(done.position)
        step = session.step(done.position)
        assert step is not None
        done = session.submit(done.position, later.get(step.field, reply_for(step)), Saves())
    return inside, done


@pytest.fixture(scope="module")
def risky() -> Pack:
    return load_pack(DATA / "packs" / "mini-risk")


def control_session(mini: Pack) -> tuple[Interview, Position]:
    answered = profiled(mini).model_copy(update={"answers": {"A-01": EARLIER}})
    session = Interview(mini, answered, replace(ANA, review=True))
    return session, Position(Phase.CONTROLS, ("A-01", "A-02"))


@pytest.mark.parametrize("key", ["y", "p", "u", "x", "a", "l"])
def test_back_skip_and_quit_at_every_follow_up_are_actions(mini: Pack, key: str) -> None:
    session, position = control_session(mini)
    inside, done = follow_ups(session, position, key)
    assert inside, "every changed answer has follow-ups"
    asked = [session.step(p).field for p in inside]  # type: ignore[union-attr]
    assert Field.KEEP in asked and Field.REASON in asked
    for here in inside:
        saves = Saves()
        back = session.submit(here, Action.BACK, saves)
        assert back.position == replace(here, draft=here.draft[:-1])  # the previous prompt
        skipped = session.submit(here, Action.SKIP, saves)
        assert skipped.position == position.moved(1) and skipped.dropped == "A-01"
        quit_ = session.submit(here, Action.QUIT, saves)
        assert quit_.stopped and not quit_.finished and quit_.dropped == "A-01"
        assert saves.saved == [] and back.assessment is session.assessment
    # Given in full, the answer is recorded and saved once, and the walk moves on.
    assert done.recorded == "A-01" and done.position == position.moved(1)
    assert done.assessment.answers["A-01"].answer.value != "no"


def test_back_from_a_question_returns_to_the_previous_one(mini: Pack) -> None:
    session, position = control_session(mini)
    assert session.submit(position.moved(1), Action.BACK, Saves()).position == position
    first = session.submit(position, Action.BACK, Saves())
    assert first.position == position and first.said == "This is the first question of this run."


@pytest.mark.parametrize("decision", ["r", "a"])
def test_back_skip_and_quit_at_every_risk_prompt_are_actions(risky: Pack, decision: str) -> None:
    record = RiskRecord(method="Workshop", next_review=date(2027, 5, 1))
    answered = assessment_of(
        risky,
        {"audience": "children", "features": ["chat"]},
        {"A-01": "yes", "A-02": "yes", "A-03": "yes", "A-04": "yes", "B-02": "yes"},
    ).model_copy(update={"risk_record": record})
    session = Interview(risky, answered, ANA)
    position = session.begin(risks_only=True)
    assert position.phase is Phase.HARMS and position.item == "H-CHAT"
    inside, done = follow_ups(
        session, position, "", {Field.DECISION: decision, Field.RESIDUAL: "medium"}
    )
    asked = [session.step(p).field for p in inside]  # type: ignore[union-attr]
    assert asked[0] is Field.IMPACT and Field.RESIDUAL_REASON in asked
    assert (Field.EXPIRES_ON in asked) == (decision == "a")
    for here in inside:
        saves = Saves()
        back = session.submit(here, Action.BACK, saves)
        assert back.position == replace(here, draft=here.draft[:-1])
        assert session.submit(here, Action.QUIT, saves).stopped
        assert session.submit(here, Action.SKIP, saves).position == position.moved(1)
        assert saves.saved == []
    risk = done.assessment.risks["H-CHAT"]
    assert risk.residual == "medium" and risk.residual_reason == "The panel thinks so"
    assert (risk.acceptance is not None) == (decision == "a")


def test_a_note_refused_then_back_is_never_stored_as_the_note(core: Pack) -> None:
    """`x` on AGE-02 (high), the empty reason refused, then `b`: back at the question."""
    session = Interview(core, assessment_of(core, {}, {}), ANA)
    position = Position(Phase.CONTROLS, ("AGE-01", "AGE-02"), 1)
    na = session.submit(position, "x", Saves())
    refused = session.submit(na.position, "", Saves())
    assert refused.refused == "answer 'na' needs a note: a reason why the control does not apply"
    assert refused.position == na.position
    back = session.submit(na.position, Action.BACK, Saves())
    assert back.position == position and "AGE-02" not in back.assessment.answers


def test_b_and_q_typed_at_a_follow_up_go_back_and_quit(mini: Pack, tmp_path: Path) -> None:
    path = tmp_path / "kite.yaml"
    start = profiled(mini)
    save_assessment(start, path)
    # A-01 na, the reason refused, b back to the question, then no, q at the owner prompt.
    outcome, asker = interview(mini, start, ["x", "", "b", "n", "", "q"], path=path)
    assert not outcome.finished and "A-01" not in load_assessment(path).answers
    assert asker.prompts == [
        "Answer",
        "A reason why the control does not apply",
        "A reason why the control does not apply",
        "Answer",
        "Note (enter to skip)",
        "Owner and due date, e.g. Sam Lee 2027-03-31 (enter to skip)",
    ]


def test_b_and_q_typed_at_the_impact_prompt_go_back_and_quit(risky: Pack) -> None:
    record = RiskRecord(method="Workshop", next_review=date(2027, 5, 1))
    answered = assessment_of(risky, {"audience": "children", "features": ["chat"]}, {})
    answered = answered.model_copy(update={"risk_record": record})
    asker = ScriptedAsker(["", "b", "", "q"])
    outcome = run_risk_step(risky, answered, asker, Saves(), ANA)
    assert not outcome.finished and outcome.assessment.risks == {}
    assert [p.split(" (")[0] for p in asker.prompts] == [
        "Likelihood",
        "Impact",
        "Likelihood",
        "Impact",
    ]


def test_the_same_messages_as_an_answers_file(mini: Pack) -> None:
    session = Interview(mini, profiled(mini), ANA)
    position = Position(Phase.CONTROLS, ("A-03",))
    planned = session.submit(position, "l", Saves())
    noted = session.submit(planned.position, "", Saves())
    refused = session.submit(noted.position, "2027-02-30", Saves())
    assert refused.refused == "'2027-02-30' is not a real date: February 2027 has 28 days."
    assert session.submit(position, "maybe", Saves()).refused.startswith("'maybe' is not an answer")


def test_a_stateless_front_end_answers_one_request_at_a_time(mini: Pack, tmp_path: Path) -> None:
    path = tmp_path / "kite.yaml"
    save_assessment(profiled(mini), path)
    session = Interview(mini, load_assessment(path), ANA)
    token = session.begin().token()
    step = session.step(Position.from_token(token))
    assert step is not None and step.item == "A-01" and step.field is Field.ANSWER
    assert [c.key for c in step.choices] == ["y", "p", "n", "u", "x", "a", "l"]
    assert step.guidance.startswith("What a full yes looks like") and step.why
    pack_dirs = [DATA / "packs"]
    for reply in ("p", "Half done", "Audit | docs/a.pdf", "Sam Lee 2027-03-31"):
        answered = reply_to_file(path, ANA, token, reply, pack_dirs)
        assert not answered.submitted.refused
        token = answered.submitted.position.token()
    given = load_assessment(path).answers["A-01"]
    assert (given.answer, given.note, given.action.owner) == (  # type: ignore[union-attr]
        Answer.PARTIAL,
        "Half done",
        "Sam Lee",
    )
    assert answered.step is not None and answered.step.item == "A-02"
    with pytest.raises(UsageProblem, match="not one crbd made"):
        Position.from_token('{"phase": "controls"}')


POSITIONS = st.builds(
    Position,
    st.sampled_from(list(Phase)),
    st.lists(
        st.sampled_from(["A-01", "A-03", "B-02", "ZZ-01", "audience", "H-CHAT", ""]), max_size=3
    ).map(tuple),
    st.integers(min_value=0, max_value=3),
    st.lists(
        st.tuples(
            st.sampled_from(list(Field)),
            st.sampled_from(["", "planned", "no", "2020-99-01", "a", "1"]),
        ),
        max_size=4,
    ).map(tuple),
)


@settings(max_examples=300, deadline=None)
@given(POSITIONS, st.sampled_from(["", "y", "2027-01-31", Action.BACK, Action.QUIT]))
def test_any_token_is_a_step_or_one_sentence(position: Position, reply: str | Action) -> None:
    """An edited or stale position never gives a traceback, in step or submit."""
    pack = load_pack(DATA / "packs" / "mini-risk")
    session = Interview(pack, profiled(pack), ANA)
    try:
        position = Position.from_token(position.token())
        session.step(position)
        session.submit(position, reply, Saves())
    except UsageProblem as problem:
        assert str(problem) == "The interview position sent is not one crbd made."


@pytest.mark.parametrize("key", ["p", "x", "l"])
@pytest.mark.parametrize("typed", ["b", "q"])
def test_b_and_q_typed_at_each_follow_up_are_never_recorded(
    mini: Pack, key: str, typed: str
) -> None:
    """Through the terminal's walk: at every follow-up prompt of a changed answer."""
    session, position = control_session(mini)
    inside, _done = follow_ups(session, position, key)
    given = [reply_for(session.step(p)) for p in [position, *inside][1:]]  # type: ignore[arg-type]
    prompts = [session.step(p).prompt for p in inside]  # type: ignore[union-attr]
    start = session.assessment
    for reached in range(len(inside)):
        replies = ["", key, *given[:reached], typed] + (["q"] if typed == "b" else [])
        outcome, asker = interview(mini, start, replies, replace(ANA, review=True))
        assert outcome.assessment.answers == start.answers, (reached, asker.prompts)
        if typed == "b":  # back at the previous prompt: the answer's, or the follow-up before
            previous = prompts[reached - 1] if reached else "Answer"
            assert asker.prompts[-1] == previous, asker.prompts


def metadata_session(pack: Pack, assessment: Assessment) -> tuple[Interview, Position]:
    unnamed = Session(answered_by="", today=date(2026, 11, 2), confirm_name=True)
    made = Interview(pack, assessment, unnamed)
    return made, made.begin()


def test_a_new_file_is_asked_its_product_then_who_answers(mini: Pack) -> None:
    saves = Saves()
    made, position = metadata_session(mini, new_assessment(mini))
    prompts = []
    for reply in ["Kite", "2.1", "", "Ana Lima"]:
        step = made.step(position)
        assert step is not None and step.position.phase is Phase.METADATA
        prompts.append(step.prompt)
        done = made.submit(position, reply, saves)
        position = done.position
    assert prompts == [
        "Product name",
        "Product version (enter to skip)",
        "Organisation (enter to skip)",
        "Your name, recorded with each answer",
    ]
    assert len(saves.saved) == 1  # recorded together, once the name is given
    metadata = saves.saved[0].metadata
    assert (metadata.product, metadata.product_version, metadata.organisation) == (
        "Kite",
        "2.1",
        "",
    )
    assert metadata.assessors == ["Ana Lima"] and metadata.started_on == date(2026, 11, 2)
    assert done.answered_by == "Ana Lima" and position.phase is Phase.PROFILE
    # Back from the first profile question returns to the name, as given.
    back = Interview(mini, done.assessment, replace(made.session, answered_by="Ana Lima"))
    returned = back.submit(position, Action.BACK, saves).position
    step = back.step(returned)
    assert step is not None and step.prompt == "Your name, recorded with each answer"
    assert step.default == "Ana Lima"


def test_a_file_with_a_product_asks_only_the_name_defaulting_to_its_last_assessor(
    mini: Pack,
) -> None:
    earlier = profiled(mini)
    earlier = earlier.model_copy(
        update={"metadata": earlier.metadata.model_copy(update={"assessors": ["Ana", "Bo"]})}
    )
    made, position = metadata_session(mini, earlier)
    step = made.step(position)
    assert step is not None
    assert (step.prompt, step.default) == ("Your name, recorded with each answer", "Bo")
    named = Interview(mini, earlier, replace(made.session, confirm_name=False))
    assert named.begin().phase is not Phase.METADATA  # nothing asked: the product is known


def test_an_empty_product_name_is_refused_and_q_there_writes_nothing(
    mini: Pack, tmp_path: Path
) -> None:
    saves = Saves()
    made, position = metadata_session(mini, new_assessment(mini))
    refused = made.submit(position, "  ", saves)
    assert refused.refused == "This one needs an answer." and refused.position == position
    assert made.submit(position, Action.SKIP, saves).refused == "This one needs an answer."
    path = tmp_path / "kite.yaml"
    asker = ScriptedAsker(["q"])
    outcome = run_interview(
        mini, new_assessment(mini), asker, lambda a: save_assessment(a, path), made.session
    )
    assert not outcome.finished and not path.exists() and saves.saved == []
    assert asker.prompts == ["Product name"]
