"""Every rule that depends on an answer is a total table: a new answer value cannot be forgotten."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

import pytest

from tests.helpers import DAY, assessment_of
from toolkit.engine.evaluate import evaluate
from toolkit.engine.workshop import workshop
from toolkit.export import ExportTarget, render_export
from toolkit.model.assessment import Answer, ControlAnswer, with_answer
from toolkit.model.choices import every, ordered
from toolkit.model.pack import Pack
from toolkit.report import render_report
from toolkit.report.formats import ReportFormat


class Colour(StrEnum):
    RED = "red"
    GREEN = "green"


def test_a_table_missing_a_member_fails_at_once_naming_it() -> None:
    with pytest.raises(RuntimeError, match="Colour has no row for green"):
        every(Colour, {Colour.RED: 1})
    assert every(Colour, {Colour.RED: 1}, exempt=(Colour.GREEN,)) == {Colour.RED: 1}


def test_an_order_must_list_every_member_once() -> None:
    with pytest.raises(RuntimeError, match="exactly once"):
        ordered(Colour, [Colour.RED, Colour.RED])
    assert ordered(Colour, [Colour.GREEN, Colour.RED]) == [Colour.GREEN, Colour.RED]


@pytest.mark.parametrize("answer", list(Answer))
def test_every_answer_goes_through_a_report_an_audit_export_and_a_workshop(
    mini: Pack, answer: Answer
) -> None:
    assessment = assessment_of(mini, {"audience": "children", "features": ["chat"]}, {})
    given = ControlAnswer(
        answer=answer,
        note="A reason that the answer needs.",
        target_date=date(2027, 3, 1) if answer is Answer.PLANNED else None,
        answered_on=DAY,
    )
    assessment = with_answer(assessment, "A-01", given)
    evaluation = evaluate(mini, assessment, as_of=DAY)
    markdown = render_report(ReportFormat.MD, evaluation).decode()
    assert "A-01" in markdown
    audit = render_export(ExportTarget.CISO_ASSISTANT_AUDIT, evaluation).decode("utf-8-sig")
    assert "A-01" in audit
    summary = workshop(mini, [("T1", assessment), ("T2", assessment)])
    spread = next(s for s in summary.controls if s.id == "A-01")
    assert spread.consensus == answer.value
