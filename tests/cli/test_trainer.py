"""A trainer's kit: blank copies of the examples for workshop teams, the example list for
picking one, and the facilitator's guide."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from toolkit.cli import app
from toolkit.model.files import load_assessment
from toolkit.workflow.opening import open_assessment, workshop_files


def crbd(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), input=input, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_a_blank_copy_keeps_the_profile_and_nothing_answered(in_tmp: Path) -> None:
    code, _, err = crbd("example", "copy", "yarnly", "team-a.yaml", "--blank", "--as", "Team A")
    assert code == 0, err
    assert "blank copy" in err and "crbd assess team-a.yaml" in err
    example = load_assessment(Path(__file__).parents[2] / "examples" / "yarnly.yaml")
    blank = open_assessment(in_tmp / "team-a.yaml").assessment  # loads, strictly
    assert blank.profile == example.profile
    assert blank.metadata.product == "Yarnly" and blank.metadata.product_version == "6.2"
    assert blank.metadata.assessors == ["Team A"]
    assert not blank.answers and not blank.risks and not blank.history and not blank.signoffs
    assert blank.metadata.reviewer == "" and blank.metadata.updated_on is None
    text = (in_tmp / "team-a.yaml").read_text()
    assert "Ferrand" not in text and "note:" not in text


def test_a_blank_copy_asks_for_the_team_on_a_terminal(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("toolkit.cli.examples.stdin_is_terminal", lambda: True)
    code, _, err = crbd("example", "copy", "brickland", "b.yaml", "--blank", input="The  Owls\n")
    assert code == 0, err
    assert "Team name" in err
    assert load_assessment(in_tmp / "b.yaml").metadata.assessors == ["The Owls"]


def test_without_a_terminal_or_a_name_the_file_names_the_team(in_tmp: Path) -> None:
    for team in ("owls", "foxes"):
        assert crbd("example", "copy", "murmur", f"{team}.yaml", "--blank")[0] == 0
    assert load_assessment(in_tmp / "owls.yaml").metadata.assessors == []
    summary = workshop_files([in_tmp / "owls.yaml", in_tmp / "foxes.yaml"])
    assert summary.teams == ["owls", "foxes"]  # never the example's fictional assessors


def test_workshop_teams_are_named_by_the_blank_copies(in_tmp: Path) -> None:
    for team in ("Team A", "Team B"):
        name = team.replace(" ", "-").lower() + ".yaml"
        assert crbd("example", "copy", "yarnly", name, "--blank", "--as", team)[0] == 0
    code, out, _ = crbd("workshop", "team-a.yaml", "team-b.yaml")
    assert code == 0
    assert "T1 Team A" in out and "T2 Team B" in out
    assert "Ferrand" not in out


def test_as_needs_blank_and_a_copy_never_overwrites(in_tmp: Path) -> None:
    code, _, err = crbd("example", "copy", "yarnly", "x.yaml", "--as", "Team A")
    assert code == 2 and "add --blank" in err and not (in_tmp / "x.yaml").exists()
    (in_tmp / "x.yaml").write_text("mine\n")
    code, _, err = crbd("example", "copy", "yarnly", "x.yaml", "--blank", "--as", "T")
    assert code == 2 and "already exists" in err
    assert (in_tmp / "x.yaml").read_text() == "mine\n"
