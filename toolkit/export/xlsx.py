"""One workbook for auditors: summary, gap register, every answer, risks, framework coverage.

Numbers are written as the Result holds them (a display format rounds them on
screen, never in the cell), so a spreadsheet sum agrees with crbd. Severity is
a fill and a word: printed in grey or read by a screen reader it still says
which gaps are critical. User text is always text, never a formula. openpyxl
stamps the current time into the file and its ZIP entries; both are reset to
the assessment's date so the same assessment gives the same bytes. Control
characters in user text are shown as their codes, as the other documents show
them, since the format cannot hold them. Every sheet prints landscape, one page
wide, its header row repeated on each page.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, Final

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml.functions import tostring

from toolkit.engine.evaluate import Evaluation
from toolkit.export.common import evidence_words, export_day
from toolkit.i18n import N_, _
from toolkit.model.pack import Severity
from toolkit.model.plan import PlannedItem
from toolkit.report.labels import ANSWER_LABEL, HORIZON_LABEL, NOT_ANSWERED, rating_words
from toolkit.report.risk_view import REGISTER_COLUMNS, build_risk_view
from toolkit.report.text import core_property, printable
from toolkit.report.zipped import with_fixed_times

SHEETS: Final = ("Summary", "Gaps", "Answers", "Risk register", "Frameworks")
"""The sheets in order; "Risk register" only when the pack has a harm catalogue."""

SEVERITY_STYLE: Final[dict[Severity, tuple[str, str]]] = {
    Severity.CRITICAL: ("7F0000", "FFFFFF"),
    Severity.HIGH: ("E06666", "000000"),
    Severity.MEDIUM: ("F6D28B", "000000"),
    Severity.LOW: ("F3F3F3", "000000"),
}
"""Fill and text colour per severity, from darkest to lightest, so the order holds in grey."""

GAP_COLUMNS: Final = [
    (N_("Rank"), 6),
    (N_("Control"), 10),
    (N_("Title"), 40),
    (N_("Domain"), 24),
    (N_("Severity"), 10),
    (N_("Answer"), 16),
    (N_("Priority"), 9),
    (N_("Horizon"), 9),
    (N_("Target date"), 12),
    (N_("What to do"), 50),
    (N_("Why it matters"), 50),
    (N_("Owner"), 18),
    (N_("Due"), 12),
    (N_("Status"), 12),
    (N_("Ticket"), 12),
    (N_("Acceptance"), 30),
    (N_("Justification"), 40),
]
ANSWER_COLUMNS: Final = [
    (N_("Control"), 10),
    (N_("Title"), 40),
    (N_("Domain"), 24),
    (N_("Severity"), 10),
    (N_("Scope"), 14),
    (N_("Answer"), 16),
    (N_("Credit"), 8),
    (N_("Evidence state"), 14),
    (N_("Note"), 60),
    (N_("Evidence"), 60),
    (N_("Answered by"), 18),
    (N_("Answered on"), 12),
    (N_("Target date"), 12),
    (N_("Why out of scope"), 40),
]
FRAMEWORK_COLUMNS: Final = [
    (N_("Framework"), 16),
    (N_("Title"), 50),
    (N_("Jurisdiction"), 12),
    (N_("Relevant"), 10),
    (N_("Mapped"), 8),
    (N_("In scope"), 9),
    (N_("Met"), 6),
    (N_("Coverage"), 10),
    (N_("Sections not met"), 50),
]
RISK_COLUMNS: Final = [
    *zip(REGISTER_COLUMNS, (30, 12, 30, 11, 11, 10, 10, 10, 11, 30), strict=True),
    (N_("Owner (assessed by)"), 18),
    (N_("Rationale"), 40),
    (N_("Residual reason"), 30),
    (N_("crbd's working"), 50),
]
DOMAIN_COLUMNS: Final = [
    (N_("Domain"), 10),
    (N_("Title"), 40),
    (N_("Score"), 8),
    (N_("Rating"), 10),
    (N_("Scored"), 8),
    (N_("In scope"), 9),
    (N_("Out of scope"), 12),
    (N_("Not applicable"), 14),
    (N_("Unanswered"), 11),
]

_HEADER_FONT: Final = Font(bold=True)
_WRAP: Final = Alignment(wrap_text=True, vertical="top")


def workbook_bytes(evaluation: Evaluation) -> bytes:
    """The workbook, with every time stamp set to the assessment's date."""
    book = Workbook()
    book.remove(book.worksheets[0])
    _summary(book.create_sheet(SHEETS[0]), evaluation)
    _gaps(book.create_sheet(SHEETS[1]), evaluation)
    _answers(book.create_sheet(SHEETS[2]), evaluation)
    if build_risk_view(evaluation) is not None:
        _risks(book.create_sheet(SHEETS[3]), evaluation)
    _frameworks(book.create_sheet(SHEETS[4]), evaluation)
    return book_bytes(book, evaluation, f"Children's rights by design: {evaluation.result.product}")


def book_bytes(book: Workbook, evaluation: Evaluation, title: str) -> bytes:
    """A workbook's bytes, printed landscape one page wide, dated the assessment's day."""
    for sheet in book.worksheets:
        print_setup(sheet)
    stamp = datetime.combine(export_day(evaluation), datetime.min.time())
    book.properties.creator = "crbd"
    book.properties.title = core_property(title)
    book.properties.created = stamp
    saved = io.BytesIO()
    book.save(saved)
    book.properties.modified = stamp  # save() sets it to now
    core = {"docProps/core.xml": tostring(book.properties.to_tree())}
    return with_fixed_times(saved.getvalue(), stamp, core)


def print_setup(sheet: Worksheet, title_rows: str = "1:1") -> None:
    """Landscape, every column on one page width, the header row on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = title_rows
    sheet.print_options.gridLines = True


def put(sheet: Worksheet, row: int, column: int, value: Any) -> None:
    """Write one value; text stays text even when it starts like a formula, and a control
    character the format cannot hold is shown as its code."""
    if isinstance(value, str):
        value = printable(value)
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
        if "\n" in value:
            cell.alignment = _WRAP
    elif isinstance(value, float):
        cell.number_format = "0.00"
    elif isinstance(value, date):
        cell.number_format = "yyyy-mm-dd"


def table(
    sheet: Worksheet, top: int, columns: Sequence[tuple[str, int]], rows: Sequence[Sequence[Any]]
) -> None:
    """A bold header row (its titles translated) and column widths, then the rows."""
    for number, (title, width) in enumerate(columns, 1):
        put(sheet, top, number, _(title))
        sheet.cell(row=top, column=number).font = _HEADER_FONT
        letter = get_column_letter(number)
        current = sheet.column_dimensions[letter].width or 0
        sheet.column_dimensions[letter].width = max(width, current)
    for offset, values in enumerate(rows, 1):
        for number, value in enumerate(values, 1):
            put(sheet, top + offset, number, value)


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
    table(sheet, 1, [(N_("Fact"), 28), (N_("Value"), 50)], facts)
    top = len(facts) + 3
    table(
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
                *_follow_up(item),
            )
        )
    table(sheet, 1, GAP_COLUMNS, rows)
    _severity_colours(sheet, 5, [item.severity for item in evaluation.plan.items])
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(GAP_COLUMNS))}{len(rows) + 1}"


def _follow_up(item: PlannedItem) -> tuple[Any, ...]:
    """Owner, due, status and ticket of the gap's action; its acceptance and justification."""
    action, acceptance = item.action, item.acceptance
    accepted = ""
    if acceptance is not None:
        words = (
            _("accepted by {name} on {approved}, until {expires} (expired)")
            if item.acceptance_expired
            else _("accepted by {name} on {approved}, until {expires} (in force)")
        )
        accepted = words.format(
            name=acceptance.approved_by,
            approved=acceptance.approved_on.isoformat(),
            expires=acceptance.expires_on.isoformat(),
        )
    return (
        action.owner if action else "",
        action.due if action else None,
        action.status.value if action else "",
        action.ticket if action else "",
        accepted,
        acceptance.justification if acceptance else "",
    )


def _risks(sheet: Worksheet, evaluation: Evaluation) -> None:
    view = build_risk_view(evaluation)
    assert view is not None, "only called for a pack with a harm catalogue"
    answers = evaluation.assessment.risks
    rows = []
    for row in view.rows:
        given = answers.get(row.harm_id)
        owner = given.answered_by if given else ""
        rows.append((*row.cells(), owner, row.rationale, row.residual_reason, row.working))
    table(sheet, 1, RISK_COLUMNS, rows)
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(RISK_COLUMNS))}{len(rows) + 1}"


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
    table(sheet, 1, ANSWER_COLUMNS, rows)
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
    table(sheet, 1, FRAMEWORK_COLUMNS, rows)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(FRAMEWORK_COLUMNS))}{len(rows) + 1}"
