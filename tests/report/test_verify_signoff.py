"""`crbd verify` on a report whose assessment changed after its sign-off: a CI gate sees it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.helpers import DATA, mini_opened
from toolkit.cli import app
from toolkit.engine.evaluate import evaluate
from toolkit.model.assessment import Answer, Change, ControlAnswer, Decision
from toolkit.model.pack import Pack
from toolkit.report import render_report
from toolkit.report.formats import ReportFormat
from toolkit.workflow.signoff import signed

pytestmark = pytest.mark.slow


def test_verify_fails_when_the_embedded_answers_changed_since_their_sign_off(
    mini: Pack, tmp_path: Path
) -> None:
    approved = signed(
        mini_opened(mini).assessment, "A. Auditor", Decision.APPROVED, "", date(2026, 11, 2)
    )
    answers = {**approved.answers, "A-01": ControlAnswer(answer=Answer.YES)}
    changed = approved.model_copy(update={"answers": answers})
    report = tmp_path / "r.pdf"
    report.write_bytes(render_report(ReportFormat.PDF, evaluate(mini, changed)))
    runner = CliRunner()
    result = runner.invoke(app, ["--checklists", str(DATA / "packs"), "verify", str(report)])
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    message = " ".join(result.stderr.split())
    assert message.startswith("crbd: not verified: the report is what its embedded assessment")
    assert "changed since sign-off on 2026-11-02 by A. Auditor" in message
    assert "does not cover what it shows." in message
    assert result.stderr.count("crbd:") == 1 and result.stderr.count("\n") == 1


def test_a_report_still_signed_as_it_shows_verifies(mini: Pack, tmp_path: Path) -> None:
    approved = signed(
        mini_opened(mini).assessment, "A. Auditor", Decision.APPROVED, "", date(2026, 11, 2)
    )
    report = tmp_path / "r.pdf"
    report.write_bytes(render_report(ReportFormat.PDF, evaluate(mini, approved)))
    for strict in ("--strict", "--fail-on-warning"):
        result = CliRunner().invoke(
            app, ["--checklists", str(DATA / "packs"), "verify", strict, str(report)]
        )
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith("verified ") and result.stderr == ""


def test_strict_fails_on_a_history_that_does_not_match_the_answers(
    mini: Pack, tmp_path: Path
) -> None:
    assessment = mini_opened(mini).assessment
    edited = Change(id="A-01", before="no", after="yes", by="Bo", on=date(2026, 10, 1))
    with_history = assessment.model_copy(update={"history": [edited]})  # A-01 holds "no"
    approved = signed(with_history, "A. Auditor", Decision.APPROVED, "", date(2026, 11, 2))
    report = tmp_path / "r.pdf"
    report.write_bytes(render_report(ReportFormat.PDF, evaluate(mini, approved)))
    packs = ["--checklists", str(DATA / "packs"), "verify"]
    lenient = CliRunner().invoke(app, [*packs, str(report)])
    assert lenient.exit_code == 0 and "warning: the history says A-01" in lenient.stderr
    strict = CliRunner().invoke(app, [*packs, "--strict", str(report)])
    assert strict.exit_code == 1 and strict.stdout == ""
    message = " ".join(strict.stderr.split())
    assert message.startswith("crbd: not verified: the history says A-01 was last changed to")
    assert message.endswith("(--strict fails on warnings)")
