"""The age-assurance record in the interview: asked once, surface by surface, where the
product checks age; the terminal walk and the step machine a browser drives."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.helpers import ANA, ScriptedAsker, assessment_of
from toolkit.model.age_assurance import (
    AgeCheck,
    AgeMethodKind,
    AgeSurface,
    Characteristic,
    ConfidenceLevel,
)
from toolkit.model.assessment import Assessment
from toolkit.model.files import load_assessment, save_assessment
from toolkit.model.pack import Pack
from toolkit.workflow.interview import Field, Interview, Phase, Position, run_interview

PROFILE: dict[str, str | list[str]] = {
    "audience": "likely_accessed_by_children",
    "age_bands": ["age_13_15", "adults"],
    "mixed_population": "yes",
    "features": ["direct_messages", "purchases", "age_assurance"],
    "jurisdictions": ["uk"],
    "size": "small",
}


def answered(core: Pack, profile: dict[str, str | list[str]]) -> Assessment:
    """Every control answered, so a run goes straight past the controls."""
    return assessment_of(core, profile, {c.id: "no" for c in core.controls()})


def test_the_terminal_asks_each_surface_once_and_saves_the_record(
    core: Pack, tmp_path: Path
) -> None:
    path = tmp_path / "a.yaml"
    start = answered(core, PROFILE)
    save_assessment(start, path)
    script = [
        # sign-up
        "Facial age estimation by Provider X, ID document fallback",
        "2",
        "Tells whether a user is 13 or over",
        "Mean error 1.3 years for 13-17 year olds, tested September 2026",
        "The image is deleted after the estimate; only the result is kept",
        "Liveness check against printed photos and masks",
        "",
        "2",
        "In-app appeal to an ID check, decided within 48 hours",
        "2027-06-01",
        # existing accounts: not checked there
        "",
        # contact features: a past review date is refused once, then corrected
        "Inference from account signals",
        "9",
        "3",
        "", "", "", "", "",
        "",
        "",
        "2026-01-01",
        "n",
        "2027-01-15",
        # purchases: skipped
        "s",
        # the risk step's method: skipped
        "s",
    ]  # fmt: skip
    asker = ScriptedAsker(script)
    outcome = run_interview(core, start, asker, lambda a: save_assessment(a, path), ANA)
    assert asker.replies == []
    shown = asker.text()
    assert "Age-assurance record" in shown and "ISO/IEC 27566-1" in shown
    assert "Place 1 of 4: Sign-up" in shown
    assert "'9' is not one of the numbers 1 to 5." in shown
    assert "2026-01-01 is in the past; keep it? y/n" in asker.prompts
    assert outcome.finished
    record = load_assessment(path).age_assurance
    assert record is not None and list(record) == [
        AgeSurface.SIGN_UP,
        AgeSurface.CONTACT_FEATURES,
    ]
    sign_up = record[AgeSurface.SIGN_UP]
    assert sign_up.kind is AgeMethodKind.ESTIMATION
    assert sign_up.confidence is ConfidenceLevel.STANDARD
    assert sign_up.review_on == date(2027, 6, 1)
    assert set(sign_up.characteristics) == {
        Characteristic.FUNCTIONAL,
        Characteristic.PERFORMANCE,
        Characteristic.PRIVACY,
        Characteristic.SECURITY,
    }
    assert sign_up.appeal.startswith("In-app appeal")
    contact = record[AgeSurface.CONTACT_FEATURES]
    assert contact.kind is AgeMethodKind.INFERENCE and contact.confidence is None
    assert contact.characteristics == {} and contact.review_on == date(2027, 1, 15)
    # Asked once: the next run goes past it to the risk step.
    again = ScriptedAsker(["s"])
    run_interview(core, load_assessment(path), again, lambda a: None, ANA)
    assert "Age-assurance record" not in again.text()


def test_a_product_that_checks_no_age_is_not_asked_and_an_empty_walk_is_kept(
    core: Pack,
) -> None:
    no_check = {**PROFILE, "features": ["direct_messages"]}
    session = Interview(core, answered(core, no_check), ANA)
    assert session.begin().phase is not Phase.AGE
    checks = Interview(core, answered(core, PROFILE), ANA)
    position = checks.begin()
    assert position.phase is Phase.AGE
    assert position.queue == ("sign_up", "existing_accounts", "contact_features", "purchases")
    step = checks.step(position)
    assert step is not None and step.field is Field.METHOD and step.section == "age"
    done = checks.submit(position, "", lambda a: None)
    assert done.assessment.age_assurance == {}  # made, and no surface checks age there
    assert done.saved.startswith("no age check at Sign-up")
    kind = Interview(core, done.assessment, ANA).step(done.position)
    assert kind is not None and kind.item == "existing_accounts"


def test_the_kind_and_confidence_are_offered_as_choices(core: Pack) -> None:
    checks = Interview(core, answered(core, PROFILE), ANA)
    position = checks.begin().given(Field.METHOD, "ID document check")
    step = checks.step(position)
    assert step is not None and step.field is Field.AGE_KIND
    assert [c.value for c in step.choices] == [k.value for k in AgeMethodKind]
    refused = checks.submit(position, "guess", lambda a: None)
    assert refused.refused and refused.position == position
    position = checks.submit(position, "verification", lambda a: None).position
    for _characteristic in Characteristic:
        position = checks.submit(position, "", lambda a: None).position
    step = checks.step(position)
    assert step is not None and step.field is Field.CONFIDENCE
    assert [c.label for c in step.choices] == ["Asserted", "Standard", "Enhanced", "Strict"]


def test_a_line_on_record_is_kept_by_enter_and_cleared_by_a_dash(core: Pack) -> None:
    check = AgeCheck(
        method="ID document check",
        kind=AgeMethodKind.VERIFICATION,
        characteristics={
            Characteristic.FUNCTIONAL: "Over 18 or not",
            Characteristic.PERFORMANCE: "Vendor figures",
        },
        confidence=ConfidenceLevel.STRICT,
        appeal="Support team",
        review_on=date(2027, 5, 1),
    )
    start = answered(core, PROFILE).model_copy(
        update={"age_assurance": {AgeSurface.SIGN_UP: check}}
    )
    assert Interview(core, start, ANA).begin().phase is not Phase.AGE  # made: not asked again
    position = Position(Phase.AGE, ("sign_up",))
    replies = iter(["", "", "-", "", "", "", "", "", "-", ""])
    done = None
    while done is None or not done.recorded:
        session = Interview(core, done.assessment if done else start, ANA)
        done = session.submit(done.position if done else position, next(replies), lambda a: None)
        assert not done.refused, done.refused
    record = done.assessment.age_assurance
    assert record is not None
    kept = record[AgeSurface.SIGN_UP]
    assert kept.characteristics == {Characteristic.PERFORMANCE: "Vendor figures"}
    assert kept.appeal == "" and kept.confidence is ConfidenceLevel.STRICT
    assert kept.method == "ID document check" and kept.review_on == date(2027, 5, 1)
