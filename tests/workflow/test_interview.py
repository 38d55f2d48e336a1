"""The interview, driven by a scripted asker: profile, scope, navigation, saving."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.helpers import (
    ANA,
    PROFILE,
    Reply,
    ScriptedAsker,
    ScriptEnded,
    interview,
    profiled,
)
from toolkit.errors import FileProblem
from toolkit.model.assessment import Assessment, new_assessment
from toolkit.model.consistency import check_against
from toolkit.model.files import load_assessment, save_assessment, to_yaml
from toolkit.model.pack import Pack
from toolkit.model.yamlsource import parse_yaml
from toolkit.workflow.interview import Session, questions, run_interview
from toolkit.workflow.recording import fingerprint

EXPECTED = """\
crbd_assessment: 1
pack:
  id: mini
  version: '1.0'
  content_hash: {hash}
  fingerprints:
    A-01: {A_01}
    A-02: {A_02}
    A-03: {A_03}
    A-04: {A_04}
    B-02: {B_02}
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
    action:
      owner: Sam Lee
      due: '2027-01-15'
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


SCRIPT: list[Reply] = [
    "Kite",
    "",
    "Kite Ltd",  # metadata
    "1",  # audience: children
    "1",  # features: chat
    "",  # enter to begin (after the scope summary)
    "?",
    "",  # back to the question after the guidance
    "y",
    "Checked in November",
    "Settings screenshot | docs/a01.png",
    "x",
    "",
    "We have no such surface",  # na demands a reason
    "later",
    "l",
    "",
    "soon",
    "2027-01-31",
    "Sam Lee 2027-01-15",  # bad key, then planned with a date and an owner
    "a",
    "A weekly manual review",
    "",  # alternative, no evidence
    "u",
    "",
    "",  # B-02 (in scope: chat and children), no owner yet
]


def expected(mini: Pack) -> str:
    prints = {c.id.replace("-", "_"): fingerprint(c) for c in mini.controls()}
    return EXPECTED.format(hash=mini.content_hash, **prints)


def test_scripted_interview_saves_the_expected_file(mini: Pack, tmp_path: Path) -> None:
    path = tmp_path / "kite.yaml"
    saves: list[Assessment] = []

    def save(assessment: Assessment) -> None:
        saves.append(assessment)
        save_assessment(assessment, path)

    asker = ScriptedAsker(SCRIPT)
    outcome = run_interview(mini, new_assessment(mini), asker, save, ANA)
    assert asker.replies == [] and outcome.finished
    assert path.read_text() == expected(mini)
    # Saved after the metadata, each profile answer and each of the five controls.
    assert len(saves) == 1 + 2 + 5
    shown = asker.text()
    assert "What a full yes looks like" in shown
    assert "not an answer" in shown and "not a date" in shown
    assert [r.overall.score for r in asker.results] == [57.9]  # the closing summary


def test_resume_asks_only_what_is_left(mini: Pack, tmp_path: Path) -> None:
    path = tmp_path / "kite.yaml"
    asker = ScriptedAsker(SCRIPT[:10])  # stops at A-01's evidence
    with pytest.raises(ScriptEnded):
        run_interview(mini, new_assessment(mini), asker, lambda a: save_assessment(a, path), ANA)
    saved = load_assessment(path)
    assert saved.answers == {}  # A-01 was not confirmed: nothing half-written
    assert saved.profile == PROFILE
    ids = [c.id for _, c in questions(mini, saved, ANA)]
    assert ids == ["A-01", "A-02", "A-03", "A-04", "B-02"]
    interview(mini, saved, SCRIPT[6:], path=path)  # resumes without the scope summary
    assert path.read_text() == expected(mini)


def test_scope_summary_says_what_is_out_and_why(mini: Pack) -> None:
    adults = profiled(mini).model_copy(update={"profile": {"audience": "adults", "features": []}})
    _, asker = interview(mini, adults, ["q"])
    resumed = next(text for text in asker.shown if text.startswith("Resuming:"))
    assert resumed == "Resuming: 0 of 4 answered. This run asks 4 questions, about 2 minutes."
    assert not any(text.startswith("Scope:") for text in asker.shown)  # not again on resume
    fresh = adults.model_copy(update={"profile": {"audience": "adults"}})
    _, asker = interview(mini, fresh, ["", "d", "", "q"])  # no features; d lists the details
    scope = next(text for text in asker.shown if text.startswith("Scope:"))
    assert "4 of 6 controls apply to this product; 2 are out of scope." in scope
    assert "    1  the product has no livestreaming" in scope
    assert "This run asks 4 questions, about 2 minutes." in scope
    details = next(text for text in asker.shown if text.startswith("Out of scope:"))
    assert "the product has no livestreaming: B-01" in details
    assert "the product has no chat; Who is it for? Adults: B-02" in details


def test_scope_summary_groups_controls_excluded_for_the_same_reason(core: Pack) -> None:
    from tests.helpers import assessment_of

    profile: dict[str, str | list[str]] = {
        "audience": "likely_accessed_by_children",
        "age_bands": ["age_13_15", "adults"],
        "mixed_population": "yes",
        "features": ["direct_messages"],
        "jurisdictions": ["uk"],
        "size": "small",
    }
    unprofiled = assessment_of(core, {k: v for k, v in profile.items() if k != "size"}, {})
    _, asker = interview(core, unprofiled, ["3", "d", *[""] * 6, "q"])  # pages, then Answer
    scope = next(text for text in asker.shown if text.startswith("Scope:"))
    lines = scope.splitlines()
    assert len(lines) <= 20  # the whole summary and its prompt fit a 24-line terminal
    assert "AI chat" in scope and "ai chat" not in scope
    details = "\n".join(t for t in asker.shown if t.startswith("Out of scope ("))
    assert details.startswith("Out of scope (1 of ")  # more than a screen: shown in pages
    grouped = [line for line in details.splitlines() if "no parental or guardian tools" in line]
    assert len(grouped) == 1 and "FAM-03, FAM-04, " in grouped[0]


def test_domain_filter(mini: Pack) -> None:
    assessment = profiled(mini).model_copy(
        update={"profile": {"audience": "adults", "features": ["live"]}}
    )
    only_b = Session(answered_by="Ana", today=date(2026, 11, 2), domains=["B"])
    assert [c.id for _, c in questions(mini, assessment, only_b)] == ["B-01"]


def test_progress_and_running_domain_score(mini: Pack) -> None:
    _, asker = interview(mini, profiled(mini), ["y", "", "", "q"])
    shown = asker.text()
    assert "Question 1 of 5 · A 1 of 4 · critical · 0 of 5 answered" in shown
    assert "Question 2 of 5 · A 2 of 4 · high · 1 of 5 answered" in shown
    # Over the answered controls only: one yes is 100 so far, not 53 with the rest as zero.
    assert "Saved. A so far: 100/100, provisional (1 of 4 answered)." in shown


def test_not_applicable_counts_as_answered(mini: Pack) -> None:
    _, asker = interview(mini, profiled(mini), ["y", "", "", "x", "No such surface", "q"])
    assert "Saved. A so far: 100/100, provisional (2 of 4 answered)." in asker.text()


def test_a_changed_answer_asks_whether_to_keep_the_old_note_and_evidence(mini: Pack) -> None:
    from tests.helpers import assessment_of
    from toolkit.model.assessment import Evidence, with_answer

    answered = assessment_of(mini, PROFILE, {"A-01": "yes"})
    old = answered.answers["A-01"].model_copy(
        update={"note": "All screens", "evidence": [Evidence(description="Screenshot")]}
    )
    answered = with_answer(answered, "A-01", old)
    review = Session(answered_by="Bo", today=date(2026, 11, 3), review=True, domains=["A"])
    replies = ["", "n", "n", "", "", "", "q"]  # A-01 yes -> no, old note and evidence dropped;
    # no owner, no reason
    outcome, asker = interview(mini, answered, replies, session=review)
    assert "Keep the note and evidence given with 'yes'? y/n" in asker.prompts
    changed = outcome.assessment.answers["A-01"]
    assert (changed.answer.value, changed.note, changed.evidence) == ("no", "", [])
    replies = ["", "p", "y", "", "", "", "", "q"]  # yes -> partial, keeping them
    outcome, _ = interview(mini, answered, replies, session=review)
    kept = outcome.assessment.answers["A-01"]
    assert (kept.note, [e.description for e in kept.evidence]) == ("All screens", ["Screenshot"])


def test_back_crosses_domains_and_offers_the_current_answer(mini: Pack) -> None:
    replies = ["b"]  # at the very first question: nowhere to go
    replies += ["n", "", "", "n", "", "", "n", "", "", "n", "", ""]  # A-01 .. A-04, no owners
    replies += ["b", "b"]  # from B-02 back to A-04, then A-03
    replies += ["p", "", "Half of the screens", ""]  # A-03 changed: note default, new evidence
    replies += ["", ""]  # no owner, no reason for the change
    replies += [""]  # enter keeps "no"
    replies += ["y", "", ""]  # B-02
    outcome, asker = interview(mini, profiled(mini), replies)
    answers = outcome.assessment.answers
    assert {k: v.answer.value for k, v in answers.items()} == {
        "A-01": "no",
        "A-02": "no",
        "A-03": "partial",
        "A-04": "no",
        "B-02": "yes",
    }
    assert answers["A-03"].evidence[0].description == "Half of the screens"
    shown = asker.text()
    assert "This is the first question of this run." in shown
    assert "Current answer: no; enter keeps it." in shown
    # Going back into Alpha introduced Alpha again.
    intros = [text for text in asker.shown if text.startswith(("A Alpha:", "B Beta:"))]
    assert [text[:7] for text in intros] == ["A Alpha", "B Beta:", "A Alpha", "B Beta:"]


def test_skip_leaves_unanswered_and_quit_stops(mini: Pack, tmp_path: Path) -> None:
    path = tmp_path / "kite.yaml"
    outcome, asker = interview(mini, profiled(mini), ["s", "y", "", "", "q"], path=path)
    assert not outcome.finished
    assert list(load_assessment(path).answers) == ["A-02"]
    assert asker.results == []  # no closing summary when stopping early
    assert [c.id for _, c in questions(mini, outcome.assessment, ANA)][0] == "A-01"


def test_jump_to_a_domain(mini: Pack) -> None:
    replies = ["j", "zz", "j", "b", "b", "j", "", "j", "B", "u", "", ""]
    outcome, asker = interview(mini, profiled(mini), replies)
    assert list(outcome.assessment.answers) == ["B-02"]
    assert "No domain ZZ; use one of A, B." in asker.shown
    assert "Jump to which domain (A, B; enter to stay)" in asker.prompts
    asked = [text.split(":")[0] for text in asker.shown if text.startswith(("A-0", "B-0"))]
    # A-01 (again after the unknown domain), B-02, back to A-04 (again: jump cancelled), B-02.
    assert [title[:4] for title in asked] == ["A-01", "A-01", "B-02", "A-04", "A-04", "B-02"]


def test_jump_to_a_domain_with_nothing_to_ask(mini: Pack) -> None:
    done = profiled(mini, {"B-02": "yes"})
    _, asker = interview(mini, done, ["j", "b", "q"])
    assert "No questions in B in this run (answered ones can be revisited with --review)." in (
        asker.text()
    )


def test_review_revisits_answers_with_their_current_value(mini: Pack) -> None:
    answered = profiled(mini, {"A-01": "yes", "A-02": "no", "A-03": "no", "A-04": "no"})
    review = Session(answered_by="Bo", today=date(2026, 11, 3), review=True)
    replies = ["", "", "y", "n", "", "", "Fixed in 3.2"]  # no profile; keep A-01; A-02 -> yes
    replies += ["", "", "u", "", ""]  # keep; B-02 unknown, no owner
    outcome, asker = interview(mini, answered, replies, session=review)
    answers = outcome.assessment.answers
    [change] = outcome.assessment.history  # only the changed answer, not the kept ones
    assert change.model_dump(mode="json") == {
        "id": "A-02",
        "from": "no",
        "to": "yes",
        "by": "Bo",
        "on": "2026-11-03",
        "reason": "Fixed in 3.2",
    }
    assert answers["A-01"].answered_on == date(2026, 11, 1)  # kept, not re-stamped
    assert (answers["A-02"].answer.value, answers["A-02"].answered_by) == ("yes", "Bo")
    assert answers["A-02"].answered_on == date(2026, 11, 3)
    assert answers["B-02"].answer.value == "unknown"
    assert "Bo" in outcome.assessment.metadata.assessors
    assert "This run asks 5 questions, about 3 minutes." in asker.text()


def test_review_can_revisit_the_profile_and_says_what_changed_scope(mini: Pack) -> None:
    answered = profiled(mini, {"A-01": "yes"})
    review = Session(answered_by="Bo", today=date(2026, 11, 3), review=True)
    replies = ["y", "", "1,2", "q"]  # revisit; keep the audience; features chat and live
    outcome, asker = interview(mini, answered, replies, session=review)
    assert outcome.assessment.profile["features"] == ["chat", "live"]
    assert "Scope: Now in scope (1): B-01." in asker.shown
    assert any("1. Chat *" in text for text in asker.shown)  # the current answer is marked


def test_teach_shows_why_and_guidance_after_each_answer(mini: Pack) -> None:
    teach = Session(answered_by="Ana", today=date(2026, 11, 2), teach=True)
    _, asker = interview(mini, profiled(mini), ["n", "", "", "", "q"], session=teach)  # no owner
    assert "A-01 for the workshop: Why it matters: Because." in asker.text()
    assert "Enter for the next question" in asker.prompts  # it waits to be read


def test_long_explanations_come_a_screen_at_a_time(core: Pack) -> None:
    from toolkit.workflow.interview.text import SCREEN_LINES, screens, teach_text, textwrap

    for control in core.controls():
        pages = screens(teach_text(control))
        assert "\n\n".join(pages).replace("\n\n", "\n") == teach_text(control).replace(
            "\n\n", "\n"
        )  # nothing lost, nothing added
        for page in pages:
            rows = sum(len(textwrap.wrap(line, 76)) or 1 for line in page.split("\n"))
            assert rows <= SCREEN_LINES, control.id


def test_why_key_and_guidance_key(mini: Pack) -> None:
    _, asker = interview(mini, profiled(mini), ["w", "", "?", "", "q"])
    assert "A-01 why it matters: Because." in asker.shown
    assert any(text.startswith("A-01 guidance: What a full yes looks like") for text in asker.shown)
    # After each, the question and its key legend are shown again.
    questions_shown = [t for t in asker.shown if t.startswith("A-01 ") and "· q save" in t]
    assert len(questions_shown) == 3


def test_name_is_asked_when_not_given(mini: Pack) -> None:
    guessed = Session(answered_by="", today=date(2026, 11, 2), confirm_name=True)
    replies = ["Kite", "", "", "", "Ana Lima", "1", "1", "", "n", "", "", "q"]  # no owner
    outcome, asker = interview(mini, new_assessment(mini), replies, guessed)
    assert "Your name, recorded with each answer" in asker.prompts
    assert "This one needs an answer." in asker.shown  # no guessed default to accept
    assert outcome.assessment.metadata.assessors == ["Ana Lima"]
    assert outcome.assessment.answers["A-01"].answered_by == "Ana Lima"


def test_the_name_defaults_to_the_files_last_assessor(mini: Pack) -> None:
    earlier = profiled(mini)
    earlier = earlier.model_copy(
        update={"metadata": earlier.metadata.model_copy(update={"assessors": ["Ana", "Bo"]})}
    )
    unnamed = Session(answered_by="", today=date(2026, 11, 2), confirm_name=True)
    outcome, _ = interview(mini, earlier, ["", "n", "", "", "q"], unnamed)  # no owner
    assert outcome.assessment.answers["A-01"].answered_by == "Bo"


def test_failed_save_keeps_the_answer_on_screen_and_retries(mini: Pack, tmp_path: Path) -> None:
    path = tmp_path / "kite.yaml"
    save_assessment(profiled(mini), path)
    before = path.read_text()
    broken = {"now": True}

    def save(assessment: Assessment) -> None:
        if broken["now"]:
            raise FileProblem(f"{path}: could not be saved (No space left on device).")
        save_assessment(assessment, path)

    def fix_disk() -> str:
        assert path.read_text() == before  # the previous file is intact meanwhile
        broken["now"] = False
        return "r"

    asker = ScriptedAsker(["y", "Looks fine", "", fix_disk, "q"])  # resumed: no scope prompt
    run_interview(mini, profiled(mini), asker, save, ANA)
    shown = asker.text()
    assert "Could not save: " in shown and "No space left on device" in shown
    assert "Not saved yet: A-01 yes (Looks fine)" in shown
    assert load_assessment(path).answers["A-01"].note == "Looks fine"


def test_failed_save_then_stop_leaves_the_previous_file(mini: Pack, tmp_path: Path) -> None:
    path = tmp_path / "kite.yaml"
    save_assessment(profiled(mini), path)
    before = path.read_text()

    def save(assessment: Assessment) -> None:
        raise FileProblem(f"{path}: could not be saved (Read-only file system).")

    asker = ScriptedAsker(["y", "", "", "q"])
    with pytest.raises(FileProblem, match="Read-only"):
        run_interview(mini, profiled(mini), asker, save, ANA)
    assert path.read_text() == before


def test_a_changed_control_is_asked_again_and_the_pack_ref_moves_on(mini: Pack) -> None:
    current = profiled(mini, {c.id: "yes" for c in mini.controls() if c.id != "B-01"})
    prints = {c.id: fingerprint(c) for c in mini.controls() if c.id != "B-01"}
    older = current.pack.model_copy(
        update={"version": "0.9", "content_hash": "old", "fingerprints": {**prints, "A-02": "0ld"}}
    )
    assessment = current.model_copy(update={"pack": older})
    assert [c.id for _, c in questions(mini, assessment, ANA)] == ["A-02"]
    outcome, asker = interview(mini, assessment, ["n", "n", "", "", ""])  # yes -> no, note dropped
    assert "A-02 ask something different now" in asker.text()
    assert outcome.assessment.pack.version == "1.0"
    assert outcome.assessment.pack.fingerprints["A-02"] == fingerprint(mini.controls()[1])
    assert check_against(outcome.assessment, mini, Path("x.yaml")) == []


KEYS = ["y", "p", "n", "u", "x", "a", "l", "?", "w", "b", "s", "j", "q", "A", "B", "", "zz"]
TEXTS = ["a note", "2027-01-31", "not a date", "1", "2", "1,2"]


@given(st.lists(st.sampled_from(KEYS + TEXTS), max_size=40))
def test_any_key_sequence_keeps_the_saved_file_valid(mini: Pack, replies: list[str]) -> None:
    """Whatever is typed, and wherever it stops, every save is a valid assessment that
    holds every answer confirmed before it."""
    saved: list[str] = []
    asker = ScriptedAsker(["Kite", "", "", *replies])
    try:
        run_interview(mini, new_assessment(mini), asker, lambda a: saved.append(to_yaml(a)), ANA)
    except ScriptEnded:
        pass
    confirmed: set[str] = set()
    for text in saved:
        document = parse_yaml(text, Path("saved.yaml"))
        assessment = Assessment.model_validate(document.data)
        assert check_against(assessment, mini, Path("saved.yaml")) == []
        assert confirmed <= set(assessment.answers)
        confirmed = set(assessment.answers)


def test_back_from_the_first_profile_question_returns_to_the_name(mini: Pack) -> None:
    unnamed = Session(answered_by="", today=date(2026, 11, 2), confirm_name=True)
    replies = ["Kite", "", "", "Ana Lima", "b", "", "q"]
    outcome, asker = interview(mini, new_assessment(mini), replies, unnamed)
    name, profile = "Your name, recorded with each answer", asker.prompts[4]
    assert asker.prompts[3:] == [name, profile, name, profile]
    assert outcome.assessment.metadata.product == "Kite"
    assert outcome.assessment.metadata.assessors == ["Ana Lima"]
