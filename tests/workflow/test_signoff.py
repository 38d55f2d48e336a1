"""Sign-off: every decision is appended and kept across saves and re-signing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.helpers import MINI, assessment_of
from toolkit.cli import app
from toolkit.errors import UsageProblem
from toolkit.model.assessment import Decision, with_answer
from toolkit.model.files import load_assessment, save_assessment
from toolkit.model.pack import Pack
from toolkit.workflow.signoff import signed

PROFILE: dict[str, str | list[str]] = {"audience": "children", "features": ["chat"]}


def crbd(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        app, ["--checklists", str(MINI.parent), *args], catch_exceptions=False
    )
    return result.exit_code, result.stderr


@pytest.fixture
def assessed(mini: Pack, tmp_path: Path) -> Path:
    path = tmp_path / "product.yaml"
    save_assessment(assessment_of(mini, PROFILE, {"A-01": "yes", "A-02": "no"}), path)
    return path


def test_signoffs_are_appended_and_kept_across_saves(assessed: Path) -> None:
    code, err = crbd(
        "signoff", str(assessed), "--reviewer", "R. One", "--decision", "changes-requested",
        "--comment", "A-02 needs a plan.",
    )  # fmt: skip
    assert code == 0 and "Recorded “Changes requested” by R. One" in err
    # The team answers again (a save by another command), then a second reviewer signs.
    answered = load_assessment(assessed)
    save_assessment(with_answer(answered, "A-02", answered.answers["A-01"]), assessed)
    assert crbd("signoff", str(assessed), "--reviewer", "R. Two", "--decision", "approved")[0] == 0

    stored = load_assessment(assessed)
    assert [(s.reviewer, s.decision, s.comment) for s in stored.signoffs] == [
        ("R. One", "changes-requested", "A-02 needs a plan."),
        ("R. Two", "approved", ""),
    ]
    assert stored.metadata.reviewer == "R. Two"
    assert stored.answers["A-02"].answer == "yes"  # the answers are untouched


def test_re_signing_by_the_same_reviewer_keeps_the_earlier_decision(mini: Pack) -> None:
    first = signed(assessment_of(mini, PROFILE, {}), "R", Decision.REJECTED, "no", date(2026, 1, 1))
    second = signed(first, "R", Decision.APPROVED, "fixed", date(2026, 2, 1))
    assert [(s.decision, s.on) for s in second.signoffs] == [
        ("rejected", date(2026, 1, 1)),
        ("approved", date(2026, 2, 1)),
    ]
    assert first.signoffs[-1].decision == "rejected"  # the input is not modified


def test_signoff_refuses_an_empty_reviewer_and_a_bad_decision(mini: Pack, assessed: Path) -> None:
    with pytest.raises(UsageProblem, match="reviewer's name is empty"):
        signed(assessment_of(mini, PROFILE, {}), "  ", Decision.APPROVED, "", date(2026, 1, 1))
    before = assessed.read_text()
    assert crbd("signoff", str(assessed), "--reviewer", "R", "--decision", "maybe")[0] == 2
    assert crbd("signoff", str(assessed), "--reviewer", " ", "--decision", "approved")[0] == 2
    assert assessed.read_text() == before


def test_signoff_help_has_an_example() -> None:
    result = CliRunner().invoke(app, ["signoff", "--help"])
    assert "Example: crbd signoff" in result.stdout
