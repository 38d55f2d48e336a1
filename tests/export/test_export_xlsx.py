"""The workbook read back with openpyxl: sheets, headers, one row per gap, exact values."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl.worksheet.worksheet import Worksheet

from tests.helpers import DAY, MINI, mini_opened
from toolkit.engine.evaluate import Evaluation, evaluate
from toolkit.export import ExportTarget, render_export
from toolkit.export.xlsx import SEVERITY_STYLE
from toolkit.model.assessment import ControlAnswer, with_answer
from toolkit.model.pack import Pack
from toolkit.model.packs import load_pack

FORMULA = '=HYPERLINK("https://example.org","click")'


@pytest.fixture(scope="module")
def evaluation(mini: Pack) -> Evaluation:
    answer = ControlAnswer(answer="partial", note=FORMULA)  # type: ignore[arg-type]
    return evaluate(mini, with_answer(mini_opened(mini).assessment, "A-02", answer))


@pytest.fixture(scope="module")
def book(evaluation: Evaluation) -> openpyxl.Workbook:
    content = render_export(ExportTarget.XLSX, evaluation)
    return openpyxl.load_workbook(io.BytesIO(content))


def _header(sheet: Worksheet) -> list[object]:
    return [cell.value for cell in sheet[1]]


def _rows(sheet: Worksheet) -> list[tuple[object, ...]]:
    return list(sheet.iter_rows(min_row=2, values_only=True))


def test_the_workbook_has_its_four_sheets(book: openpyxl.Workbook) -> None:
    assert book.sheetnames == ["Summary", "Gaps", "Answers", "Frameworks"]
    assert book.properties.creator == "crbd"


def test_the_gap_register_has_one_row_per_gap_with_exact_values(
    book: openpyxl.Workbook, evaluation: Evaluation
) -> None:
    sheet = book["Gaps"]
    header = _header(sheet)
    assert header[:9] == [
        "Rank", "Control", "Title", "Domain", "Severity", "Answer", "Priority", "Horizon",
        "Target date",
    ]  # fmt: skip
    rows = _rows(sheet)
    plan = evaluation.plan.items
    assert [row[1] for row in rows] == [item.control_id for item in plan]
    assert {row[1] for row in rows} == {gap.control_id for gap in evaluation.result.gaps}
    assert [row[6] for row in rows] == [item.priority for item in plan]
    assert [row[4] for row in rows] == [item.severity.value for item in plan]
    planned = next(row for row in rows if row[1] == "A-03")
    assert planned[5] == "Planned" and planned[8].date().isoformat() == "2027-03-01"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:Q{len(rows) + 1}"
    assert sheet.column_dimensions["J"].width == 50


def test_severity_is_a_word_and_a_fill_that_darkens_with_severity(
    book: openpyxl.Workbook,
) -> None:
    sheet = book["Gaps"]
    for row in range(2, sheet.max_row + 1):
        cell = sheet.cell(row=row, column=5)
        fill, _text = SEVERITY_STYLE[cell.value]  # type: ignore[index]
        assert cell.fill.start_color.rgb == f"00{fill}"
    greys = [
        0.299 * int(fill[0:2], 16) + 0.587 * int(fill[2:4], 16) + 0.114 * int(fill[4:6], 16)
        for fill, _text in SEVERITY_STYLE.values()
    ]
    assert greys == sorted(greys) and all(
        b - a > 30 for a, b in zip(greys, greys[1:], strict=False)
    )


def test_every_answer_and_the_summary_equal_the_result(
    book: openpyxl.Workbook, evaluation: Evaluation
) -> None:
    result = evaluation.result
    answers = _rows(book["Answers"])
    assert [row[0] for row in answers] == [outcome.id for outcome in result.controls]
    assert [row[6] for row in answers] == [outcome.credit for outcome in result.controls]
    note = next(row[8] for row in answers if row[0] == "A-02")
    assert note == FORMULA and book["Answers"]["I3"].data_type == "s"
    facts = {row[0]: row[1] for row in book["Summary"].iter_rows(values_only=True) if row[0]}
    assert facts["Overall score"] == result.overall.score
    assert facts["Product"] == "Test product" and facts["Gaps"] == len(result.gaps)
    assert facts["Assessed on"].date() == DAY
    (framework,) = _rows(book["Frameworks"])
    coverage = result.frameworks[0]
    assert framework[0] == coverage.id and framework[4:8] == (
        coverage.mapped, coverage.in_scope, coverage.met, coverage.coverage,
    )  # fmt: skip


def test_every_time_stamp_is_the_assessment_date(evaluation: Evaluation) -> None:
    content = render_export(ExportTarget.XLSX, evaluation)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert {entry.date_time for entry in archive.infolist()} == {(2026, 11, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert core.count("2026-11-01T00:00:00Z") == 2


def test_every_sheet_prints_landscape_one_page_wide_with_its_header_repeated(
    book: openpyxl.Workbook,
) -> None:
    for sheet in book.worksheets:
        assert sheet.page_setup.orientation == "landscape", sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0), sheet.title
        assert sheet.print_title_rows == "$1:$1", sheet.title


def test_gaps_carry_owner_due_status_and_acceptance(mini: Pack) -> None:
    from toolkit.model.assessment import Acceptance, Action

    opened = mini_opened(mini).assessment
    owned = opened.answers["A-01"].model_copy(
        update={"action": Action(owner="Sam", due=date(2027, 1, 31), ticket="SAFE-9")}
    )
    accepted = opened.answers["A-04"].model_copy(
        update={
            "acceptance": Acceptance(
                approved_by="Dana",
                approved_on=date(2026, 10, 1),
                expires_on=date(2027, 4, 1),
                justification="Feature retired in Q1",
            )
        }
    )
    assessment = with_answer(with_answer(opened, "A-01", owned), "A-04", accepted)
    content = render_export(ExportTarget.XLSX, evaluate(mini, assessment))
    sheet = openpyxl.load_workbook(io.BytesIO(content))["Gaps"]
    header = _header(sheet)
    assert header[11:] == ["Owner", "Due", "Status", "Ticket", "Acceptance", "Justification"]
    rows = {row[1]: row for row in _rows(sheet)}
    assert rows["A-01"][11:15] == ("Sam", datetime(2027, 1, 31), "open", "SAFE-9")
    assert rows["A-04"][15] == "accepted by Dana on 2026-10-01, until 2027-04-01 (in force)"
    assert rows["A-04"][16] == "Feature retired in Q1"


def test_the_risk_register_sheet_has_levels_decision_owner_and_working() -> None:
    from tests.helpers import DATA
    from toolkit.report.risk_view import build_risk_view

    pack = load_pack(DATA / "packs" / "mini-risk")
    evaluation = evaluate(pack, mini_opened(pack).assessment)
    book = openpyxl.load_workbook(io.BytesIO(render_export(ExportTarget.XLSX, evaluation)))
    assert book.sheetnames == ["Summary", "Gaps", "Answers", "Risk register", "Frameworks"]
    sheet = book["Risk register"]
    header = _header(sheet)
    assert header[:10] == [
        "Harm", "Category", "Risk factors present", "Likelihood", "Impact", "Inherent",
        "Suggested residual", "Residual", "Decision", "Acceptance",
    ]  # fmt: skip
    assert header[10:] == ["Owner (assessed by)", "Rationale", "Residual reason", "crbd's working"]
    view = build_risk_view(evaluation)
    assert view is not None
    rows = _rows(sheet)
    assert [row[0] for row in rows] == [f"{r.harm_id} {r.title}" for r in view.rows]
    assert [row[13] for row in rows] == [r.working for r in view.rows]
    assert sheet.print_title_rows == "$1:$1"


def test_control_characters_in_the_product_or_a_note_are_shown_escaped(mini: Pack) -> None:
    opened = mini_opened(mini).assessment
    metadata = opened.metadata.model_copy(update={"product": "Kite\x07"})
    noted = opened.answers["A-02"].model_copy(update={"note": "web\ufffe only\x1b[31m"})
    assessment = with_answer(opened.model_copy(update={"metadata": metadata}), "A-02", noted)
    content = render_export(ExportTarget.XLSX, evaluate(mini, assessment))
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert book.properties.title == "Children's rights by design: Kite\\x07"
    answers = {row[0]: row for row in _rows(book["Answers"])}
    assert answers["A-02"][8] == "web\ufffd only\\x1b[31m"
    facts = {row[0]: row[1] for row in book["Summary"].iter_rows(values_only=True) if row[0]}
    assert facts["Product"] == "Kite\\x07"


@given(st.text(max_size=30), st.text(max_size=60))
def test_any_product_name_or_note_makes_a_workbook(product: str, note: str) -> None:
    pack = load_pack(MINI)
    opened = mini_opened(pack).assessment
    metadata = opened.metadata.model_copy(update={"product": product or "x"})
    noted = opened.answers["A-02"].model_copy(update={"note": note})
    assessment = with_answer(opened.model_copy(update={"metadata": metadata}), "A-02", noted)
    for target in (ExportTarget.XLSX, ExportTarget.ANSWERS_TEMPLATE):
        content = render_export(target, evaluate(pack, assessment), everything=True)
        openpyxl.load_workbook(io.BytesIO(content))
