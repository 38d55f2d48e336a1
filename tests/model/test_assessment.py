"""Assessment files: round trips, atomic saves, and refusing what cannot be placed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.helpers import assessment_of
from toolkit.errors import AnswerError, FileProblem, ValidationFailed
from toolkit.model.assessment import Answer, ControlAnswer, Evidence, parse_answer, with_answer
from toolkit.model.consistency import check_against
from toolkit.model.files import GuardedSaves, load_assessment, save_assessment
from toolkit.model.pack import Pack

PROFILE: dict[str, str | list[str]] = {"audience": "children", "features": ["chat"]}


def test_round_trip_keeps_every_field(mini: Pack, tmp_path: Path) -> None:
    assessment = with_answer(
        assessment_of(mini, PROFILE, {"A-01": "yes"}),
        "A-02",
        ControlAnswer(
            answer=Answer.PLANNED,
            note="Ships in Q1",
            evidence=[Evidence(description="Ticket", link_or_path="T-1", valid_until=None)],
            answered_by="Ana",
            target_date="2027-03-31",  # type: ignore[arg-type]
        ),
    )
    path = tmp_path / "a.yaml"
    save_assessment(assessment, path)
    assert load_assessment(path) == assessment
    assert "answer: 'yes'" in path.read_text() or "answer: yes" in path.read_text()


@given(st.text(max_size=300))
def test_any_note_survives_a_save(note: str) -> None:
    import tempfile

    from tests.helpers import MINI
    from toolkit.model.packs import load_pack

    pack = load_pack(MINI)
    assessment = with_answer(
        assessment_of(pack, PROFILE, {}), "A-03", ControlAnswer(answer=Answer.NO, note=note)
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.yaml"
        save_assessment(assessment, path)
        assert load_assessment(path).answers["A-03"].note == note


def test_save_leaves_no_temporary_files_and_keeps_permissions(mini: Pack, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    save_assessment(assessment_of(mini, PROFILE, {}), path)
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask  # like any new file, not 0600
    path.chmod(0o640)
    save_assessment(assessment_of(mini, PROFILE, {"A-01": "no"}), path)
    assert [p.name for p in tmp_path.iterdir()] == ["a.yaml"]
    assert path.stat().st_mode & 0o777 == 0o640


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only folders")
def test_read_only_folder_keeps_the_previous_file(mini: Pack, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    save_assessment(assessment_of(mini, PROFILE, {"A-01": "no"}), path)
    before = path.read_bytes()
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(FileProblem, match="nothing was changed"):
            save_assessment(assessment_of(mini, PROFILE, {"A-01": "yes"}), path)
    finally:
        tmp_path.chmod(0o700)
    assert path.read_bytes() == before


def test_failed_write_keeps_the_previous_file(
    mini: Pack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.yaml"
    save_assessment(assessment_of(mini, PROFILE, {"A-01": "no"}), path)
    before = path.read_bytes()

    def disk_full(descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(FileProblem, match="previous version is intact"):
        save_assessment(assessment_of(mini, PROFILE, {"A-01": "yes"}), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["a.yaml"]


def test_unknown_field_is_an_error_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(
        "pack: {id: mini, version: '1.0'}\nanswers:\n  A-01:\n    answer: yes\n    notes: x\n"
    )
    with pytest.raises(ValidationFailed) as raised:
        load_assessment(path)
    assert (
        str(raised.value)
        == f"{path}:5 answers.A-01.notes: is not a known field (check the spelling)"
    )


def test_wrong_answer_value_names_the_allowed_ones(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("pack: {id: mini, version: '1.0'}\nanswers:\n  A-01: {answer: maybe}\n")
    with pytest.raises(
        ValidationFailed, match=r":3 answers.A-01.answer: 'maybe' is not one of yes, "
    ):
        load_assessment(path)


def test_na_and_alternative_need_a_note() -> None:
    for answer in ("na", "alternative"):
        with pytest.raises(ValueError, match="needs a note"):
            ControlAnswer(answer=answer)  # type: ignore[arg-type]


def test_unknown_control_ids_are_refused_not_dropped(mini: Pack, tmp_path: Path) -> None:
    assessment = assessment_of(mini, PROFILE, {"A-01": "yes", "Z-99": "no"})
    with pytest.raises(ValidationFailed, match=r"answers.Z-99: is not a control of pack mini 1.0"):
        check_against(assessment, mini, tmp_path / "a.yaml")


def test_unknown_profile_values_are_refused(mini: Pack, tmp_path: Path) -> None:
    assessment = assessment_of(mini, {"audience": "aliens"}, {})
    with pytest.raises(ValidationFailed, match="'aliens' is not one of children, adults"):
        check_against(assessment, mini, tmp_path / "a.yaml")


def test_a_changed_pack_warns_and_keeps_answers(mini: Pack, tmp_path: Path) -> None:
    assessment = assessment_of(mini, PROFILE, {"A-01": "yes"})
    older = assessment.model_copy(
        update={"pack": assessment.pack.model_copy(update={"version": "0.9"})}
    )
    warnings = check_against(older, mini, tmp_path / "a.yaml")
    assert warnings == [
        f"{tmp_path / 'a.yaml'} was answered against mini 0.9; the pack is now 1.0. "
        "Every answer is kept; review controls that changed."
    ]
    edited = assessment.model_copy(
        update={"pack": assessment.pack.model_copy(update={"content_hash": "x"})}
    )
    assert "content hash differs" in check_against(edited, mini, tmp_path / "a.yaml")[0]


@pytest.mark.parametrize(
    ("typed", "answer"),
    [
        ("y", "yes"),
        ("YES", "yes"),
        ("n/a", "na"),
        ("x", "na"),
        ("l", "planned"),
        (" Partial ", "partial"),
    ],
)
def test_answer_shortcuts(typed: str, answer: str) -> None:
    assert parse_answer(typed) == answer


def test_wrong_typed_answer() -> None:
    with pytest.raises(AnswerError, match="'maybe' is not an answer; use one of yes, alternative"):
        parse_answer("maybe")


def test_repeated_saves_never_replace_a_change_made_by_another_program(
    mini: Pack, tmp_path: Path
) -> None:
    path = tmp_path / "team.yaml"
    saves = GuardedSaves(path)  # no file yet
    first = assessment_of(mini, {"audience": "children"}, {"A-01": "yes"})
    saves.save(first)
    saves.save(assessment_of(mini, {"audience": "children"}, {"A-01": "no"}))  # its own save
    edited = tmp_path / "edited.yaml"
    save_assessment(first, edited)
    edited.replace(path)  # an editor that writes aside and renames
    with pytest.raises(FileProblem, match="was changed by another program"):
        saves.save(assessment_of(mini, {"audience": "children"}, {"A-01": "partial"}))
    assert load_assessment(path).answers["A-01"].answer == Answer.YES
    created = GuardedSaves(tmp_path / "new.yaml")
    save_assessment(first, tmp_path / "new.yaml")  # made by someone else meanwhile
    with pytest.raises(FileProblem):
        created.save(first)
