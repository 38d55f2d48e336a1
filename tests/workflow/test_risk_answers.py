"""Risk answers without the interview: `--answer H-ID=...` and harms in an answers file."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.helpers import DATA, MINI
from toolkit.cli import app
from toolkit.model.files import load_assessment

PACKS = str(DATA / "packs")
CONTROLS = ["audience=children", "features=chat", "A-01=y", "A-02=y", "A-03=y", "A-04=y", "B-02=y"]

ANSWERS = """\
audience: children
features: [chat]
A-01: yes
A-02: yes
A-03: yes
A-04: yes
B-02: yes
H-CHAT:
  likelihood: possible
  impact: severe
  rationale: Children chat with each other
  residual: high
  residual_reason: Chat opened last month and reports are rising
  decision: accepted
  acceptance:
    approved_by: Board
    approved_on: 2026-11-01
    justification: Pilot in one country
    expires_on: 2027-02-01
  childrens_views: Asked at the school panel
"""


def crbd(folder: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        app,
        [
            "--checklists",
            PACKS,
            "assess",
            str(folder / "k.yaml"),
            "--pack",
            "mini-risk",
            "--as",
            "Ana",
            *args,
        ],
        catch_exceptions=False,
    )
    return result.exit_code, result.stderr


def options(*answers: str) -> list[str]:
    return [part for answer in [*CONTROLS, *answers] for part in ("--answer", answer)]


def test_command_line_risk_answer_is_recorded(tmp_path: Path) -> None:
    code, _ = crbd(tmp_path, *options("h-chat=Possible,severe,low,reduced:Chat between children"))
    assert code == 0
    chat = load_assessment(tmp_path / "k.yaml").risks["H-CHAT"]
    assert (chat.likelihood, chat.residual, chat.rationale) == (
        "possible",
        "low",
        "Chat between children",
    )
    assert chat.answered_by == "Ana"


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (
            "H-CHAT=possible,severe,low",
            "a harm takes LIKELIHOOD,IMPACT,RESIDUAL,DECISION:RATIONALE",
        ),
        (
            "H-CHAT=likely,severe,low,reduced:Why",
            "H-CHAT.likelihood: 'likely' is not one of remote",
        ),
        ("H-CHAT=possible,severe,low,reduced", "rationale"),
        ("H-CHAT=possible,severe,low,accepted:Why", "an accepted risk needs an acceptance"),
        ("H-CHAT=possible,severe,high,reduced:Why", "H-CHAT.residual_reason: is required"),
    ],
)
def test_command_line_risk_answers_get_the_same_checks(
    tmp_path: Path, answer: str, message: str
) -> None:
    code, err = crbd(tmp_path, *options(answer))
    assert code == 2
    assert message in " ".join(err.split())
    assert not (tmp_path / "k.yaml").exists(), "a refused run writes nothing"


def test_answers_file_records_a_full_risk_assessment(tmp_path: Path) -> None:
    (tmp_path / "answers.yaml").write_text(ANSWERS)
    code, _ = crbd(tmp_path, "--answers-file", str(tmp_path / "answers.yaml"))
    assert code == 0
    chat = load_assessment(tmp_path / "k.yaml").risks["H-CHAT"]
    assert chat.acceptance is not None and chat.acceptance.approved_by == "Board"
    assert chat.residual_reason.startswith("Chat opened")


def test_answers_file_problems_name_the_harm_and_line(tmp_path: Path) -> None:
    broken = ANSWERS.replace("impact: severe", "impact: awful").replace(
        "  residual_reason: Chat opened last month and reports are rising\n", ""
    )
    (tmp_path / "answers.yaml").write_text(broken)
    code, err = crbd(tmp_path, "--answers-file", str(tmp_path / "answers.yaml"))
    assert code == 2
    assert "answers.yaml:8 H-CHAT.impact: 'awful' is not one of minimal" in " ".join(err.split())


def test_harm_ids_are_refused_by_a_pack_without_harms(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "--checklists",
            str(MINI.parent),
            "assess",
            str(tmp_path / "k.yaml"),
            "--pack",
            "mini",
            "--as",
            "Ana",
            "--answer",
            "H-CHAT=possible,severe,low,reduced:x",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 2
    assert "is not a control or profile question of pack mini" in result.stderr
