"""One workbook for auditors: summary, gap register, every answer, framework coverage.

Numbers are written as the Result holds them (a display format rounds them on
screen, never in the cell), so a spreadsheet sum agrees with crbd. Severity is
a fill and a word: printed in grey or read by a screen reader it still says
which gaps are critical. User text is always text, never a formula. openpyxl
stamps the current time into the file and its ZIP entries; both are reset to
the assessment's date so the same assessment gives the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, Final

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml.functions import tostring

from toolkit.engine.evaluate import Evaluation
from toolkit.export.common import evidence_words, export_day
from toolkit.model.pack import Severity
from toolkit.report.labels import ANSWER_LABEL, HORIZON_LABEL, NOT_ANSWERED, rating_words
from toolkit.report.zipped import with_fixed_times

SHEETS: Final = ("Summary", "Gaps", "Answers", "Frameworks")

SEVERITY_STYLE: Final[dict[Severity, tuple[str, str]]] = {
    Severity.CRITICAL: ("7F0000", "FFFFFF"),
    Severity.HIGH: ("E06666", "000000"),
    Severity.MEDIUM: ("F6D28B", "000000"),
    Severity.LOW: ("F3F3F3", "000000"),
}
"""Fill and text colour per severity, from darkest to lightest, so the order holds in grey."""

GAP_COLUMNS: Final = [
    ("Rank", 6), ("Control", 10), ("Title", 40), ("Domain", 24), ("Severity", 10),
    ("Answer", 16), ("Priority", 9), ("Horizon", 9), ("Target date", 12),
    ("What to do", 60), ("Why it matters", 60),
]  # fmt: skip
ANSWER_COLUMNS: Final = [
    ("Control", 10), ("Title", 40), ("Domain", 24), ("Severity", 10), ("Scope", 14),
    ("Answer", 16), ("Credit", 8), ("Evidence state", 14), ("Note", 60), ("Evidence", 60),
    ("Answered by", 18), ("Answered on", 12), ("Target date", 12), ("Why out of scope", 40),
]  # fmt: skip
FRAMEWORK_COLUMNS: Final = [
    ("Framework", 16), ("Title", 50), ("Jurisdiction", 12), ("Relevant", 10),
    ("Mapped", 8), ("In scope", 9), ("Met", 6), ("Coverage", 10), ("Sections not met", 50),
]  # fmt: skip
DOMAIN_COLUMNS: Final = [
    ("Domain", 10), ("Title", 40), ("Score", 8), ("Rating", 10), ("Scored", 8),
    ("In scope", 9), ("Out of scope", 12), ("Not applicable", 14), ("Unanswered", 11),
]  # fmt: skip

_HEADER_FONT: Final = Font(bold=True)
_WRAP: Final = Alignment(wrap_text=True, vertical="top")


def workbook_bytes(evaluation: Evaluation) -> bytes:
    """The workbook, with every time stamp set to the assessment's date."""
    book = Workbook()
    book.remove(book.worksheets[0])
    _summary(book.create_sheet(SHEETS[0]), evaluation)
    _gaps(book.create_sheet(SHEETS[1]), evaluation)
    _answers(book.create_sheet(SHEETS[2]), evaluation)
    _frameworks(book.create_sheet(SHEETS[3]), evaluation)
    stamp = datetime.combine(export_day(evaluation), datetime.min.time())
    book.properties.creator = "crbd"
    book.properties.title = f"Children's rights by design: {evaluation.result.product}"
    book.properties.created = stamp
    saved = io.BytesIO()
    book.save(saved)
    book.properties.modified = stamp  # save() sets it to now
    core = {"docProps/core.xml": tostring(book.properties.to_tree())}
    return with_fixed_times(saved.getvalue(), stamp, core)


def _put(sheet: Worksheet, row: int, column: int, value: Any) -> None:
    """Write one value; text stays text even when it starts like a formula."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
        if "\n" in value:
            cell.alignment = _WRAP
    elif isinstance(value, float):
        cell.number_format = "0.00"
    elif isinstance(value, date):
        cell.number_format = "yyyy-mm-dd"


def _table(
    sheet: Worksheet, top: int, columns: Sequence[tuple[str, int]], rows: Sequence[Sequence[Any]]
) -> None:
    """A header row with filters and widths, then the rows."""
    for number, (title, width) in enumerate(columns, 1):
        _put(sheet, top, number, title)
        sheet.cell(row=top, column=number).font = _HEADER_FONT
        letter = get_column_letter(number)
        current = sheet.column_dimensions[letter].width or 0
        sheet.column_dimensions[letter].width = max(width, current)
    for offset, values in enumerate(rows, 1):
        for number, value in enumerate(values, 1):
            _put(sheet, top + offset, number, value)


def _severity_colours(
    sheet: Worksheet, column: int, severities: Sequence[Severity], first: int = 2
) -> None:
    """Fill each severity cell with its colour; the word in it stays the same."""
    for row, severity in enumerate(severities, first):
        cell = sheet.cell(row=row, column=column)
        fill, text = SEVERITY_STYLE[severity]
        cell.fill = PatternFill(fill_type="solid", start_color=fill, end_color=fill)
        cell.font = Font(color=text, bold=severity is Severity.CRITICAL)


def _summary(sheet: Worksheet, evaluation: Evaluation) -> None:
    pack, result, metadata = evaluation.pack, evaluation.result, evaluation.assessment.metadata
    facts: list[tuple[str, Any]] = [
        ("Product", result.product),
        ("Product version", metadata.product_version),
        ("Organisation", metadata.organisation),
        ("Checklist", f"{pack.title} ({pack.id} {pack.version})"),
        ("Assessed on", result.assessed_on),
        ("Complete", "yes" if result.complete else "no"),
        ("Overall score", result.overall.score),
        ("Rating", rating_words(result.overall.rating)),
        ("Rating from the score alone", rating_words(result.overall.score_rating)),
        ("Capped by", ", ".join(result.overall.capped_by)),
        ("Gaps", len(result.gaps)),
        ("Unanswered controls", len(result.unanswered)),
        ("Exposure", result.exposure),
        ("Evidence coverage", result.evidence_coverage),
    ]
    _table(sheet, 1, [("Fact", 28), ("Value", 50)], facts)
    top = len(facts) + 3
    _table(
        sheet,
        top,
        DOMAIN_COLUMNS,
        [
            (
                d.prefix,
                d.title,
                d.score,
                rating_words(d.rating),
                d.scored,
                d.in_scope,
                d.out_of_scope,
                d.not_applicable,
                d.unanswered,
            )
            for d in result.domains
        ],  # fmt: skip
    )
    sheet.freeze_panes = "A2"


def _gaps(sheet: Worksheet, evaluation: Evaluation) -> None:
    pack = evaluation.pack
    rows = []
    for rank, item in enumerate(evaluation.plan.items, 1):
        control = pack.require_control(item.control_id)
        domain = pack.domain(item.domain)
        rows.append(
            (
                rank,
                control.id,
                control.title,
                domain.title if domain else item.domain,
                item.severity.value,
                ANSWER_LABEL[item.answer] if item.answer else NOT_ANSWERED,
                item.priority,
                HORIZON_LABEL[item.horizon][0],
                item.target_date,
                "\n".join(control.remediation),
                control.why.strip(),
            )
        )
    _table(sheet, 1, GAP_COLUMNS, rows)
    _severity_colours(sheet, 5, [item.severity for item in evaluation.plan.items])
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(GAP_COLUMNS))}{len(rows) + 1}"


def _answers(sheet: Worksheet, evaluation: Evaluation) -> None:
    pack, answers = evaluation.pack, evaluation.assessment.answers
    rows = []
    for outcome in evaluation.result.controls:
        control = pack.require_control(outcome.id)
        domain = pack.domain(outcome.domain)
        given = answers.get(outcome.id)
        rows.append(
            (
                control.id,
                control.title,
                domain.title if domain else outcome.domain,
                outcome.severity.value,
                outcome.scope.replace("_", " "),
                ANSWER_LABEL[outcome.answer] if outcome.answer else NOT_ANSWERED,
                outcome.credit,
                outcome.evidence or "",
                given.note if given else "",
                "\n".join(evidence_words(e) for e in given.evidence) if given else "",
                given.answered_by if given else "",
                given.answered_on if given else None,
                given.target_date if given else None,
                outcome.scope_reason,
            )
        )
    _table(sheet, 1, ANSWER_COLUMNS, rows)
    _severity_colours(sheet, 4, [outcome.severity for outcome in evaluation.result.controls])
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(ANSWER_COLUMNS))}{len(rows) + 1}"


def _frameworks(sheet: Worksheet, evaluation: Evaluation) -> None:
    pack = evaluation.pack
    rows = []
    for coverage in evaluation.result.frameworks:
        framework = pack.require_framework(coverage.id)
        relevant = {True: "yes", False: "no", None: "not answered"}[coverage.relevant]
        rows.append(
            (
                coverage.id,
                framework.title,
                coverage.jurisdiction,
                relevant,
                coverage.mapped,
                coverage.in_scope,
                coverage.met,
                coverage.coverage,
                ", ".join(section.ref for section in coverage.sections_not_met),
            )
        )
    _table(sheet, 1, FRAMEWORK_COLUMNS, rows)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(FRAMEWORK_COLUMNS))}{len(rows) + 1}"
