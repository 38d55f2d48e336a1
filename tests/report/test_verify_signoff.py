"""`crbd verify` on a report whose assessment changed after its sign-off."""

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


@pytest.mark.slow
def test_verify_warns_that_the_embedded_assessment_changed_since_sign_off(
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
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("verified ")
    warning = " ".join(result.stderr.split())
    assert "changed since sign-off on 2026-11-02 by A. Auditor" in warning
