"""The risk suggestion rule, hand-computed on the mini-risk pack, and its monotonicity.

mini-risk weights: A-01 critical 10, A-02 high 5, B-02 high 5 mitigate H-CHAT;
A-03 medium 3, A-04 low 1 mitigate H-SPEND.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.helpers import DATA, assessment_of
from toolkit.engine.evaluate import evaluate
from toolkit.engine.gates import risk_gate_failures
from toolkit.engine.risk import (
    HOLD,
    STEP_DOWN,
    STRONG,
    TWO_LEVELS_NEED,
    residual_rule_text,
    revisit_sentence,
    steps_down,
    untracked_sentence,
    with_current_basis,
)
from toolkit.engine.scoring import CREDIT, score
from toolkit.errors import UnknownItem, ValidationFailed
from toolkit.model.assessment import (
    Acceptance,
    AgeBandRating,
    ControlAnswer,
    RiskAnswer,
    with_answer,
    with_risk,
)
from toolkit.model.choices import Answer
from toolkit.model.consistency import check_against
from toolkit.model.hashing import canonical_json
from toolkit.model.pack import Pack, Severity
from toolkit.model.packs import load_pack
from toolkit.model.result import Mitigation, RiskLine

CHILDREN_CHAT: dict[str, str | list[str]] = {"audience": "children", "features": ["chat"]}


@pytest.fixture(scope="module")
def risky() -> Pack:
    return load_pack(DATA / "packs" / "mini-risk")


def line(pack: Pack, answers: dict[str, str], harm: str = "H-CHAT", **kw: object) -> RiskLine:
    profile = kw.pop("profile", CHILDREN_CHAT)
    assessment = assessment_of(pack, profile, answers)  # type: ignore[arg-type]
    for harm_id, risk in kw.items():
        assessment = with_risk(assessment, harm_id.replace("_", "-"), risk)  # type: ignore[arg-type]
    return next(x for x in evaluate(pack, assessment).risks.lines if x.harm_id == harm)


@pytest.mark.parametrize(
    ("answers", "credit", "steps", "residual", "held"),
    [
        ({"A-01": "yes", "A-02": "yes", "B-02": "yes"}, 1.0, 2, "low", []),
        ({"A-01": "yes", "A-02": "partial", "B-02": "yes"}, 0.875, 1, "medium", []),
        ({"A-01": "yes", "A-02": "no", "B-02": "no"}, 0.5, 0, "high", []),
        # A critical control answered partial allows one step at most (15/20 = 0.75).
        ({"A-01": "partial", "A-02": "yes", "B-02": "yes"}, 0.75, 1, "medium", []),
        # A critical control answered no, planned, unknown or unanswered holds the residual.
        ({"A-01": "no", "A-02": "yes", "B-02": "yes"}, 0.5, 0, "high", ["A-01"]),
        ({"A-01": "planned", "A-02": "yes", "B-02": "yes"}, 0.5, 0, "high", ["A-01"]),
        ({"A-02": "yes", "B-02": "yes"}, 0.5, 0, "high", ["A-01"]),
        # Not applicable leaves the credit, (10 + 5) / 15, but two controls met in full are
        # fewer than two levels need (TWO_LEVELS_NEED): one level off.
        ({"A-01": "yes", "A-02": "na", "B-02": "yes"}, 1.0, 1, "medium", []),
    ],
)
def test_residual_suggestion_hand_computed(
    risky: Pack,
    answers: dict[str, str],
    credit: float,
    steps: int,
    residual: str,
    held: list[str],
) -> None:
    found = line(risky, answers)
    assert found.factors_present == ["Chat"]
    assert (found.suggested_likelihood, found.suggested_impact, found.inherent) == (
        "possible",
        "severe",
        "high",
    )
    assert (found.mitigation_credit, found.steps_down, found.suggested_residual) == (
        credit,
        steps,
        residual,
    )
    assert found.held_by == held


def test_likelihood_adds_each_factor_present_and_caps_at_the_top(risky: Pack) -> None:
    both = line(risky, {}, profile={"audience": "children", "features": ["chat", "live"]})
    assert both.suggested_likelihood == "probable"
    spend = line(risky, {}, harm="H-SPEND")  # raises 2 from remote: probable, the top
    assert (spend.suggested_likelihood, spend.inherent, spend.suggested_residual) == (
        "probable",
        "high",
        "high",
    )
    adults = line(risky, {}, harm="H-SPEND", profile={"audience": "adults", "features": []})
    assert (adults.suggested_likelihood, adults.factors_present) == ("remote", [])


def test_unknown_profile_keeps_a_harm_in_scope_and_names_undecided_factors(risky: Pack) -> None:
    found = line(risky, {}, profile={})
    assert found.factors_unknown == ["Chat", "Livestreaming"]
    assert found.suggested_likelihood == "remote"


def test_out_of_scope_harm_says_which_answer_rules_it_out(risky: Pack) -> None:
    assessment = assessment_of(risky, {"audience": "adults", "features": []}, {})
    register = evaluate(risky, assessment).risks
    assert [x.harm_id for x in register.lines] == ["H-SPEND"]
    assert register.out_of_scope[0].harm_id == "H-CHAT"
    assert "Who is it for? Adults" in register.out_of_scope[0].reason


def test_recorded_levels_drive_the_inherent_level_and_the_record_is_kept(risky: Pack) -> None:
    recorded = RiskAnswer(
        likelihood="probable",
        impact="minimal",
        rationale="Chat is open to all.",
        residual="low",
        decision="reduced",  # type: ignore[arg-type]
    )
    found = line(risky, {"A-01": "yes", "A-02": "yes", "B-02": "yes"}, H_CHAT=recorded)
    assert (found.inherent, found.suggested_residual, found.residual) == ("medium", "low", "low")
    assert found.decision == "reduced" and found.acceptance_expired is None


def test_the_register_never_changes_the_score(risky: Pack) -> None:
    answers = {"A-01": "no", "A-02": "partial"}
    assessment = assessment_of(risky, CHILDREN_CHAT, answers)
    recorded = RiskAnswer(
        likelihood="remote",
        impact="minimal",
        rationale="r",
        residual="low",
        decision="reduced",  # type: ignore[arg-type]
    )
    evaluated = evaluate(risky, with_risk(assessment, "H-CHAT", recorded))
    plain = score(risky, assessment)
    assert evaluated.result.model_copy(update={"risks": []}) == plain


ANSWERS = st.sampled_from([None, "no", "unknown", "planned", "partial", "yes", "alternative"])


@given(
    start=st.fixed_dictionaries(dict.fromkeys(("A-01", "A-02", "B-02"), ANSWERS)),
    raised=st.sampled_from(["A-01", "A-02", "B-02"]),
    likelihood=st.sampled_from(["remote", "possible", "probable"]),
    impact=st.sampled_from(["minimal", "significant", "severe"]),
)
def test_more_credit_never_raises_the_residual(
    risky: Pack, start: dict[str, str | None], raised: str, likelihood: str, impact: str
) -> None:
    credit = {None: 0.0, "no": 0.0, "unknown": 0.0, "planned": 0.0, "partial": 0.5}
    before = {c: a for c, a in start.items() if a is not None}
    recorded = RiskAnswer(
        likelihood=likelihood,
        impact=impact,
        rationale="r",
        residual="low",
        decision="reduced",  # type: ignore[arg-type]
    )
    levels = ["low", "medium", "high"]
    low = line(risky, before, H_CHAT=recorded)
    for better in ("partial", "yes"):
        if credit.get(start[raised], 1.0) < credit.get(better, 1.0):
            high = line(risky, {**before, raised: better}, H_CHAT=recorded)
            assert levels.index(high.suggested_residual) <= levels.index(low.suggested_residual)


def test_rule_text_is_generated_from_the_constants() -> None:
    text = residual_rule_text()
    for threshold, count in STEP_DOWN:
        assert f"at least {threshold:.0%} takes {count} level" in text
    assert "no, unknown, planned, unanswered" in text and len(HOLD) == 4


def test_gate_counts_unaccepted_and_expired_acceptances(risky: Pack) -> None:
    assessment = assessment_of(risky, CHILDREN_CHAT, {"A-01": "no"})
    accepted = RiskAnswer(
        likelihood="possible",
        impact="severe",
        rationale="r",
        residual="high",
        decision="accepted",  # type: ignore[arg-type]
        acceptance=Acceptance(
            approved_by="Board",
            approved_on=date(2026, 10, 1),
            justification="Only a pilot.",
            expires_on=date(2027, 1, 1),
        ),
    )
    current = evaluate(risky, with_risk(assessment, "H-CHAT", accepted)).risks
    failures = risk_gate_failures(current, "high")
    assert len(failures) == 1 and "H-SPEND" in failures[0] and "H-CHAT" not in failures[0]
    lapsed = accepted.model_copy(
        update={
            "acceptance": accepted.acceptance.model_copy(update={"expires_on": date(2026, 10, 2)})
        }  # type: ignore[union-attr]
    )
    expired = evaluate(risky, with_risk(assessment, "H-CHAT", lapsed)).risks
    assert "H-CHAT (high, acceptance expired)" in risk_gate_failures(expired, "high")[0]
    with pytest.raises(UnknownItem, match="use low, medium, high"):
        risk_gate_failures(expired, "severe")


OWN_MATRIX = """\
risk_matrix:
  likelihood:
    - {value: rare, label: Rare}
    - {value: unlikely, label: Unlikely}
    - {value: likely, label: Likely}
    - {value: certain, label: Almost certain}
  impact:
    - {value: minor, label: Minor}
    - {value: major, label: Major}
  levels:
    - {value: low, label: Low}
    - {value: moderate, label: Moderate}
    - {value: high, label: High}
    - {value: extreme, label: Extreme}
  grid:
    rare: [low, moderate]
    unlikely: [moderate, high]
    likely: [high, extreme]
    certain: [extreme, extreme]
harms:
  - id: H-CHAT
    title: Abuse in chat
    category: contact
    description: Someone abuses a child in chat.
    impact: major
    impact_why: It lasts.
    risk_factors:
      - {id: chat, label: Chat, when: {feature: chat}, raises: 2}
    mitigated_by: [A-01, A-02, B-02]
"""


def test_a_pack_can_declare_its_own_matrix(tmp_path: Path) -> None:
    shutil.copytree(DATA / "packs" / "mini", tmp_path / "mini")
    folder = shutil.copytree(DATA / "packs" / "mini-risk", tmp_path / "mini-risk")
    (folder / "harms.yaml").write_text(OWN_MATRIX)
    own = load_pack(folder)
    held = line(own, {"A-02": "yes", "B-02": "yes"})
    assert (held.suggested_likelihood, held.inherent, held.suggested_residual) == (
        "likely",
        "extreme",
        "extreme",
    )
    met = line(own, {"A-01": "yes", "A-02": "yes", "B-02": "yes"})
    assert met.suggested_residual == "moderate"  # two of four levels off
    register = evaluate(own, assessment_of(own, CHILDREN_CHAT, {})).risks
    assert register.levels == ["low", "moderate", "high", "extreme"]
    assert "H-CHAT (extreme" in risk_gate_failures(register, "extreme")[0]


RATING = RiskAnswer(
    likelihood="possible",
    impact="severe",
    rationale="Children chat",
    residual="low",
    decision="reduced",  # type: ignore[arg-type]
)


def test_a_rating_keeps_what_it_saw_and_a_changed_answer_marks_it_to_revisit(
    risky: Pack,
) -> None:
    answers = {"A-01": "yes", "A-02": "yes", "B-02": "yes"}
    rated = with_current_basis(
        risky, with_risk(assessment_of(risky, CHILDREN_CHAT, answers), "H-CHAT", RATING), ["H-CHAT"]
    )
    seen = rated.risks["H-CHAT"].rated_against
    assert seen is not None
    assert (seen.factors, seen.controls) == (
        ["chat"],
        {"A-01": "yes", "A-02": "yes", "B-02": "yes"},
    )
    current = next(x for x in evaluate(risky, rated).risks.lines if x.harm_id == "H-CHAT")
    assert (current.revisit, current.basis_kept) == ([], True)

    changed = with_answer(rated, "B-02", ControlAnswer(answer="no"))  # type: ignore[arg-type]
    changed = changed.model_copy(
        update={"profile": {**CHILDREN_CHAT, "features": ["chat", "live"]}}
    )
    register = evaluate(risky, changed).risks
    stale = next(x for x in register.lines if x.harm_id == "H-CHAT")
    assert stale.revisit == ["risk factor now present: Livestreaming", "B-02 yes → no"]
    assert [x.harm_id for x in register.to_revisit] == ["H-CHAT"]
    assert revisit_sentence(stale) == (
        "H-CHAT is to revisit: risk factor now present: Livestreaming; B-02 yes → no; "
        "rate it again."
    )
    again = with_current_basis(risky, changed, ["H-CHAT"])
    assert evaluate(risky, again).risks.to_revisit == []


def test_a_rating_made_before_crbd_kept_its_basis_is_said_so_not_marked_stale(
    risky: Pack,
) -> None:
    legacy = with_risk(assessment_of(risky, CHILDREN_CHAT, {"A-01": "no"}), "H-CHAT", RATING)
    register = evaluate(risky, legacy).risks
    chat = next(x for x in register.lines if x.harm_id == "H-CHAT")
    assert (chat.revisit, chat.basis_kept) == ([], False)
    assert register.untracked == ["H-CHAT"]
    assert untracked_sentence(1, 2).startswith("1 of 2 ratings was made before crbd kept")
    # The file's hash is the one it had: the new fields are left out while empty.
    assert "rated_against" not in canonical_json(legacy).decode()


def test_the_working_never_contradicts_a_remote_rating(risky: Pack) -> None:
    remote = RATING.model_copy(update={"likelihood": "remote", "residual": "low"})
    found = line(risky, {"A-01": "yes", "A-02": "yes", "B-02": "yes"}, H_CHAT=remote)
    assert found.working.startswith(
        "crbd suggests likelihood possible (Chat) and impact severe: inherent high. "
        "Rated likelihood remote and impact severe: inherent low."
    )
    assert found.working.endswith("suggested residual low.")
    assert (found.suggested_inherent, found.inherent, found.suggested_residual) == (
        "high",
        "low",
        "low",
    )


def test_weak_mitigation_takes_one_level_off_at_most_hand_computed(risky: Pack) -> None:
    # H-SPEND: probable x significant = high; A-03 (medium) and A-04 (low) both yes give
    # full credit, which would take two levels off, but they are two controls and neither
    # is critical or high: one level off, medium.
    spend = line(risky, {"A-03": "yes", "A-04": "yes"}, harm="H-SPEND")
    assert (spend.mitigation_credit, spend.steps_down, spend.weak_cap) == (1.0, 1, True)
    assert (spend.inherent, spend.suggested_residual) == ("high", "medium")
    assert "capped: fewer than 3 mitigating controls met in full" in spend.working
    # H-CHAT: three controls met in full, one of them critical: two levels off, low.
    chat = line(risky, {"A-01": "yes", "A-02": "yes", "B-02": "yes"})
    assert (chat.steps_down, chat.weak_cap, chat.suggested_residual) == (2, False, "low")
    assert f"at least {TWO_LEVELS_NEED} mitigating controls in scope met in full" in (
        residual_rule_text()
    )


SEVERITIES = st.sampled_from(list(Severity))
GIVEN = st.sampled_from([None, *Answer])


def _mitigation(number: int, severity: Severity, answer: Answer | None) -> Mitigation:
    scope = "not_applicable" if answer is Answer.NA else "in_scope"
    credit = None if answer is Answer.NA else (CREDIT[answer] if answer else 0.0)
    return Mitigation(
        control_id=f"C-{number:02d}", severity=severity, scope=scope, answer=answer, credit=credit
    )


@given(st.lists(st.tuples(SEVERITIES, GIVEN), min_size=1, max_size=8))
def test_two_levels_off_need_enough_strong_controls_met(
    given_: list[tuple[Severity, Answer | None]],
) -> None:
    mitigations = [_mitigation(n, sev, ans) for n, (sev, ans) in enumerate(given_)]
    steps, _ = steps_down(mitigations)
    met = [m for m in mitigations if m.scope == "in_scope" and m.credit == 1.0]
    if len(met) < TWO_LEVELS_NEED or not any(m.severity in STRONG for m in met):
        assert steps <= 1


ORDER = [None, Answer.NO, Answer.PARTIAL, Answer.YES]


@given(
    st.lists(st.tuples(SEVERITIES, st.sampled_from(ORDER)), min_size=1, max_size=8),
    st.integers(min_value=0, max_value=7),
)
def test_a_better_answer_never_takes_fewer_levels_off(
    given_: list[tuple[Severity, Answer | None]], which: int
) -> None:
    index = which % len(given_)
    severity, answer = given_[index]
    if answer is Answer.YES:
        return
    better = ORDER[ORDER.index(answer) + 1]
    before = [_mitigation(n, sev, ans) for n, (sev, ans) in enumerate(given_)]
    after = list(before)
    after[index] = _mitigation(index, severity, better)
    assert steps_down(after)[0] >= steps_down(before)[0]


def test_levels_per_age_band_are_checked_and_a_band_above_the_harm_is_flagged(
    risky: Pack, tmp_path: Path
) -> None:
    banded = RATING.model_copy(
        update={
            "residual": "medium",
            "residual_reason": "r",
            "age_bands": {
                "teens": AgeBandRating(likelihood="probable", impact="severe", residual="high")
            },
        }
    )
    assessment = with_risk(assessment_of(risky, CHILDREN_CHAT, {}), "H-CHAT", banded)
    with pytest.raises(ValidationFailed, match="age_bands.teens"):
        check_against(assessment, risky, tmp_path / "k.yaml")


def test_the_risk_step_asks_again_only_the_harms_to_revisit(risky: Pack) -> None:
    from toolkit.workflow.interview import Session, harms_to_ask

    answers = {"A-01": "yes", "A-02": "yes", "B-02": "yes", "A-03": "yes", "A-04": "yes"}
    spend = RATING.model_copy(
        update={"likelihood": "remote", "impact": "minimal", "residual": "low"}
    )
    rated = with_risk(assessment_of(risky, CHILDREN_CHAT, answers), "H-CHAT", RATING)
    rated = with_current_basis(risky, with_risk(rated, "H-SPEND", spend), ["H-CHAT", "H-SPEND"])
    session = Session(answered_by="Ana", today=date(2026, 11, 2))
    assert harms_to_ask(risky, rated, session) == []
    changed = with_answer(rated, "B-02", ControlAnswer(answer="no"))  # type: ignore[arg-type]
    assert harms_to_ask(risky, changed, session) == ["H-CHAT"]
