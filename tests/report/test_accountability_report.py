"""Owners, due dates, acceptances and the sign-off binding, as a reader of the report sees them."""

from __future__ import annotations

import csv
import io
from datetime import date

import pypdf
import pytest

from tests.helpers import DAY, assessment_of
from toolkit.engine.evaluate import evaluate
from toolkit.model.assessment import Acceptance, Action, Answer, Decision, with_answer
from toolkit.model.pack import Pack
from toolkit.report import render_report
from toolkit.report.formats import ReportFormat
from toolkit.workflow.signoff import signed

PROFILE = {"audience": "children", "features": ["chat", "live"]}


def _owned(mini: Pack) -> tuple[object, object]:
    plain = assessment_of(mini, PROFILE, {"A-01": "no", "A-02": "partial", "B-02": "yes"})
    owned = plain.answers["A-01"].model_copy(
        update={"action": Action(owner="Sam Lee", due=date(2027, 3, 31), ticket="SAFE-12")}
    )
    accepted = plain.answers["A-02"].model_copy(
        update={
            "acceptance": Acceptance(
                approved_by="Dana Chief",
                approved_on=date(2026, 10, 1),
                justification="Pilot in one country",
                expires_on=date(2027, 1, 31),
            )
        }
    )
    return plain, with_answer(with_answer(plain, "A-01", owned), "A-02", accepted)


def test_gap_cards_and_the_csv_name_the_owner_due_date_and_acceptance(mini: Pack) -> None:
    _, assessment = _owned(mini)
    evaluation = evaluate(mini, assessment)
    html = render_report(ReportFormat.HTML, evaluation).decode()
    assert "owner Sam Lee" in html and "2027-03-31" in html
    assert "accepted by Dana Chief until 2027-01-31" in html
    assert "gaps without an owner" in html  # A-02 and others have none
    text = render_report(ReportFormat.CSV, evaluation).decode("utf-8-sig")
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(text))}
    assert (rows["A-01"]["owner"], rows["A-01"]["status"], rows["A-01"]["due"]) == (
        "Sam Lee",
        "open",
        "2027-03-31",
    )
    assert rows["A-02"]["acceptance"] == "accepted by Dana Chief until 2027-01-31"
    assert rows["A-02"]["owner"] == ""  # nothing recorded, nothing invented


@pytest.mark.slow
def test_a_report_is_a_draft_again_once_the_answers_change_after_approval(mini: Pack) -> None:
    _, assessment = _owned(mini)
    approved = signed(assessment, "A. Auditor", Decision.APPROVED, "", DAY)

    def first_page(current: object) -> str:
        data = render_report(ReportFormat.PDF, evaluate(mini, current))  # type: ignore[arg-type]
        return " ".join(pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text().split())

    assert "DRAFT" not in first_page(approved)
    fixed = approved.answers["A-01"].model_copy(update={"answer": Answer.YES, "action": None})
    changed = with_answer(approved, "A-01", fixed)
    shown = first_page(changed)
    assert "DRAFT" in shown
