"""`crbd verify` on a report whose assessment changed after its sign-off: a CI gate sees it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.helpers import DATA, mini_opened
from toolkit.cli import app
from toolkit.engine.evaluate import evaluate
from toolkit.model.assessment import Answer, ControlAnswer, Decision
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
    result = CliRunner().invoke(
        app, ["--checklists", str(DATA / "packs"), "verify", "--strict", str(report)]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("verified ") and result.stderr == ""
