"""`crbd score` as a CI step: gates' exit codes and reasons, and expired evidence flagged."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.helpers import MINI, assessment_of
from toolkit.cli import app
from toolkit.engine.scoring import score
from toolkit.model.assessment import ControlAnswer, Evidence, with_answer
from toolkit.model.files import save_assessment
from toolkit.model.pack import Pack

PROFILE: dict[str, str | list[str]] = {"audience": "children", "features": ["chat"]}
ALL_YES = {"A-01": "yes", "A-02": "yes", "A-03": "yes", "A-04": "yes", "B-02": "yes"}


def crbd(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        app, ["--checklists", str(MINI.parent), "score", *args], catch_exceptions=False
    )
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def gappy(mini: Pack, tmp_path: Path) -> Path:
    """Scores 27.1: A-01 (critical) no, A-03 partial, A-04 and B-02 (high) unanswered."""
    path = tmp_path / "gappy.yaml"
    answers = {"A-01": "no", "A-02": "yes", "A-03": "partial"}
    save_assessment(assessment_of(mini, PROFILE, answers), path)
    return path


@pytest.fixture
def met(mini: Pack, tmp_path: Path) -> Path:
    path = tmp_path / "met.yaml"
    save_assessment(assessment_of(mini, PROFILE, ALL_YES), path)
    return path


def test_gates_pass_with_exit_0(gappy: Path, met: Path) -> None:
    assert crbd(str(gappy), "--fail-under", "27")[0] == 0
    code, _, err = crbd(str(met), "--fail-under", "100", "--fail-on", "high")
    assert code == 0 and "gate failed" not in err


def test_fail_under_exits_1_naming_the_score(gappy: Path) -> None:
    code, out, err = crbd(str(gappy), "--fail-under", "50")
    assert code == 1
    assert "the overall score 27.1 is below 50" in err
    assert "Scores by domain" in out  # the table is still printed


def test_fail_on_critical_names_only_critical_gaps(gappy: Path) -> None:
    code, _, err = crbd(str(gappy), "--fail-on", "critical")
    assert code == 1
    assert "1 gaps of severity critical or above: A-01 (critical, no)" in err
    assert "B-02" not in err


def test_fail_on_high_includes_critical_and_unanswered_high(gappy: Path) -> None:
    code, _, err = crbd(str(gappy), "--fail-on", "high")
    assert code == 1
    assert "A-01 (critical, no)" in err and "B-02 (high, unanswered)" in err
    assert "A-03" not in err  # medium


def test_json_still_prints_the_result_when_a_gate_fails(gappy: Path) -> None:
    code, out, err = crbd(str(gappy), "--json", "--fail-under", "90", "--fail-on", "critical")
    assert code == 1
    assert json.loads(out)["overall"]["score"] == 27.1
    assert err.count("gate failed") == 2


def test_bad_gate_values_are_usage_errors(gappy: Path) -> None:
    assert crbd(str(gappy), "--fail-on", "medium")[0] == 2
    assert crbd(str(gappy), "--fail-under", "101")[0] == 2


def _with_evidence(mini: Pack, *valid_until: date) -> ControlAnswer:
    return ControlAnswer(
        answer="yes",  # type: ignore[arg-type]
        evidence=[Evidence(description=f"audit {d}", valid_until=d) for d in valid_until],
    )


def test_answer_whose_only_evidence_expired_needs_reverification(mini: Pack) -> None:
    assessment = assessment_of(mini, PROFILE, ALL_YES)  # dated 2026-11-01
    assessment = with_answer(assessment, "A-01", _with_evidence(mini, date(2026, 10, 1)))
    assessment = with_answer(
        assessment, "A-02", _with_evidence(mini, date(2026, 10, 1), date(2027, 1, 1))
    )
    result = score(mini, assessment)
    assert result.needs_reverification == ["A-01"]
    assert result.overall.score == 100.0  # still scored as answered: the model is unchanged
    assert score(mini, assessment, as_of=date(2026, 9, 1)).needs_reverification == []


def test_score_table_lists_expired_evidence(mini: Pack, tmp_path: Path) -> None:
    assessment = assessment_of(mini, PROFILE, ALL_YES)
    assessment = with_answer(assessment, "B-02", _with_evidence(mini, date(2026, 3, 31)))
    path = tmp_path / "stale.yaml"
    save_assessment(assessment, path)
    code, out, _ = crbd(str(path))
    assert code == 0
    assert "Expired evidence: 1 answer needs re-verification" in out
    assert "B-02" in out.split("Expired evidence")[1]
