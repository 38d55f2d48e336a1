"""`crbd assess` on a missing, mistyped or never-saved file: no false "saved", no silent file."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.helpers import MINI, PROFILE, assessment_of, profiled
from toolkit.cli import app
from toolkit.model.files import load_assessment, save_assessment
from toolkit.model.pack import Pack

runner = CliRunner()


def crbd(*args: str, input: str | None = None) -> tuple[int, str]:
    result = runner.invoke(
        app, ["--checklists", str(MINI.parent), *args], input=input, catch_exceptions=False
    )
    return result.exit_code, " ".join(result.stderr.split())


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("toolkit.cli.assess.stdin_is_terminal", lambda: True)


def test_no_terminal_and_nothing_to_record_creates_nothing(in_tmp: Path) -> None:
    code, err = crbd("assess", "fresh.yaml", "--pack", "mini")
    assert code == 2
    assert err == (
        "crbd: fresh.yaml does not exist; give answers to record with --answer or "
        "--answers-file, or --new to start an empty assessment there."
    )
    assert not (in_tmp / "fresh.yaml").exists()


def test_new_without_a_terminal_creates_the_file_it_says_it_saved(in_tmp: Path) -> None:
    code, err = crbd("assess", "fresh.yaml", "--pack", "mini", "--new")
    assert code == 3
    assert err.startswith("crbd: fresh.yaml: saved, with 8 questions still unanswered;")
    assert load_assessment(in_tmp / "fresh.yaml").pack.id == "mini"


def test_answers_without_a_terminal_still_create_the_file(in_tmp: Path) -> None:
    code, err = crbd("assess", "fresh.yaml", "--pack", "mini", "--answer", "A-01=yes")
    assert code == 3 and "saved, with 7 questions still unanswered" in err
    assert load_assessment(in_tmp / "fresh.yaml").answers["A-01"].answer.value == "yes"


def test_nothing_given_for_an_existing_file_claims_no_save(mini: Pack, in_tmp: Path) -> None:
    path = in_tmp / "kite.yaml"
    save_assessment(profiled(mini), path)
    before = path.read_bytes()
    code, err = crbd("assess", "kite.yaml")
    assert code == 3
    assert err.startswith("crbd: kite.yaml: nothing to record, 5 questions still unanswered;")
    assert "saved" not in err and path.read_bytes() == before


def test_a_mistyped_name_without_a_terminal_names_the_file_meant(mini: Pack, in_tmp: Path) -> None:
    save_assessment(profiled(mini), in_tmp / "pixelforge.yaml")
    code, err = crbd("assess", "pixelforg.yaml")
    assert code == 2 and "pixelforg.yaml does not exist (did you mean pixelforge.yaml?)" in err
    assert not (in_tmp / "pixelforg.yaml").exists()


def test_a_mistyped_name_in_a_terminal_asks_and_enter_creates_nothing(
    mini: Pack, in_tmp: Path, terminal: None
) -> None:
    save_assessment(profiled(mini), in_tmp / "pixelforge.yaml")
    code, err = crbd("assess", "pixelforg.yaml", input="\n")
    assert code == 0
    assert "pixelforg.yaml does not exist; did you mean pixelforge.yaml?" in err
    assert "Start a new assessment in pixelforg.yaml? y/n [n]" in err
    assert err.endswith("Nothing created.")
    assert not (in_tmp / "pixelforg.yaml").exists()


def test_a_new_name_in_a_terminal_is_created_on_enter(in_tmp: Path, terminal: None) -> None:
    replies = ["", "Kite", "", "", "1", "1", "", "q"]
    code, err = crbd(
        "assess", "kite.yaml", "--pack", "mini", "--as", "Ana", input="\n".join(replies)
    )
    assert code == 0 and "kite.yaml does not exist yet." in err
    assert "Saved. Resume with: crbd --checklists" in err
    assert load_assessment(in_tmp / "kite.yaml").metadata.product == "Kite"


def test_input_ending_before_the_first_save_says_nothing_was_saved(
    in_tmp: Path, terminal: None
) -> None:
    code, err = crbd("assess", "kite.yaml", "--pack", "mini", "--as", "Ana", input="y\n")
    assert code == 3
    assert err.endswith("crbd: Input ended before anything was saved; kite.yaml was not created.")
    assert "is saved" not in err and not (in_tmp / "kite.yaml").exists()


def test_quitting_before_the_first_save_says_nothing_was_saved(
    in_tmp: Path, terminal: None
) -> None:
    code, err = crbd("assess", "kite.yaml", "--new", "--pack", "mini", "--as", "Ana", input="q\n")
    assert code == 0
    assert err.endswith("Stopped before anything was saved; kite.yaml was not created.")
    assert not (in_tmp / "kite.yaml").exists()


def test_new_on_an_existing_file_is_refused(mini: Pack, in_tmp: Path) -> None:
    save_assessment(profiled(mini), in_tmp / "kite.yaml")
    code, err = crbd("assess", "kite.yaml", "--new", "--answer", "A-01=yes")
    assert code == 2
    assert err == "crbd: kite.yaml exists; --new starts a new assessment only in a new file."
    assert "A-01" not in load_assessment(in_tmp / "kite.yaml").answers


def test_an_unrelated_file_nearby_is_not_offered_as_the_one_meant(
    mini: Pack, in_tmp: Path, terminal: None
) -> None:
    save_assessment(profiled(mini), in_tmp / "kite.yaml")
    code, err = crbd("assess", "new-product.yaml", "--pack", "mini", input="n\n")
    assert code == 0 and "new-product.yaml does not exist yet." in err
    assert (
        "did you mean" not in err and "Start a new assessment in new-product.yaml? y/n [y]" in err
    )


def test_the_answers_file_cannot_be_the_assessment_it_writes(in_tmp: Path, mini: Pack) -> None:
    save_assessment(profiled(mini), in_tmp / "same.yaml")
    before = (in_tmp / "same.yaml").read_bytes()
    code, err = crbd("assess", "same.yaml", "--answers-file", "./same.yaml")
    assert code == 2
    assert "is both the assessment to write and the answers file to read" in err
    assert (in_tmp / "same.yaml").read_bytes() == before


def test_answers_already_on_file_are_not_recorded_again(in_tmp: Path, mini: Pack) -> None:
    save_assessment(assessment_of(mini, PROFILE, {"A-01": "yes"}, A_01=""), in_tmp / "kept.yaml")
    before = load_assessment(in_tmp / "kept.yaml")
    code, err = crbd("assess", "kept.yaml", "--as", "Someone Else", "--answer", "A-01=yes")
    assert "1 answer given was already on file as given; it is left as it was." in err
    assert "Recorded" not in err
    after = load_assessment(in_tmp / "kept.yaml")
    assert after.answers["A-01"] == before.answers["A-01"]
    assert after.history == before.history
    code, err = crbd("assess", "kept.yaml", "--as", "Someone Else", "--answer", "A-01=no")
    assert "Recorded 1 answer from --answer." in err
    changed = load_assessment(in_tmp / "kept.yaml").answers["A-01"]
    assert changed.answer.value == "no" and changed.answered_by == "Someone Else"
