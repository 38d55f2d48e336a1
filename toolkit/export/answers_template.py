"""A fill-in template of the questions still open, for teams who would rather use a spreadsheet.

`crbd export FILE --to answers-template` writes a workbook with one row per
open control question (every control with `--all`): its id, domain, severity,
question, guidance and current answer, then the columns a team fills in
(answer, note, evidence, target date, owner, due, reason for a change).
`crbd assess FILE --answers-file filled.xlsx` reads it back through the same
checks as a YAML or CSV answers file (`toolkit.workflow.answers_file`).

In the workbook the answer column offers the allowed answers as a drop-down,
the date columns accept only dates and show them as dates, and the sheet is
protected without a password, every cell locked but the fill-in ones, so an
id or a question is not changed by accident. The `answers-template-yaml`
target is the same rows as a YAML answers file, each question a comment above
its entry. Like every export, each is a pure function of the evaluation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

import yaml

from toolkit.engine.evaluate import Evaluation
from toolkit.export.common import evidence_words
from toolkit.i18n import _
from toolkit.model.assessment import Answer
from toolkit.report.labels import ANSWER_LABEL, NOT_ANSWERED
from toolkit.report.text import printable

SHEET: Final = "Answers"
"""The sheet `--answers-file` reads, in this template and in the `xlsx` export alike."""

ANSWER_WORDS: Final = tuple(answer.value for answer in Answer)
"""The values the answer column offers."""


@dataclass(frozen=True)
class TemplateRow:
    """One control question to answer, with what is on file for it."""

    control_id: str
    domain: str
    severity: str
    question: str
    guidance: str
    current: str
    note: str
    evidence: str
    target_date: Any
    owner: str
    due: Any


def reading_columns() -> list[tuple[str, int]]:
    """The columns that say what to answer (locked in the workbook), with their widths."""
    return [
        (_("ID"), 10), (_("Domain"), 22), (_("Severity"), 10), (_("Question"), 50),
        (_("Guidance"), 50), (_("Current answer"), 16),
    ]  # fmt: skip


def fill_in_columns() -> list[tuple[str, int]]:
    """The columns a team fills in, with their widths."""
    return [
        (_("Answer"), 14), (_("Note"), 40), (_("Evidence"), 40), (_("Target date"), 12),
        (_("Owner"), 16), (_("Due"), 12), (_("Reason"), 30),
    ]  # fmt: skip


def template_rows(evaluation: Evaluation, everything: bool) -> list[TemplateRow]:
    """The open questions (in-scope controls without an answer), or every control."""
    pack, answers = evaluation.pack, evaluation.assessment.answers
    open_ids = set(evaluation.result.unanswered)
    rows = []
    for outcome in evaluation.result.controls:
        if not everything and outcome.id not in open_ids:
            continue
        control = pack.require_control(outcome.id)
        domain = pack.domain(outcome.domain)
        given = answers.get(outcome.id)
        current = ANSWER_LABEL[given.answer] if given else NOT_ANSWERED
        if outcome.scope == "out_of_scope":
            current = _("{answer} (out of scope)").format(answer=current)
        action = given.action if given else None
        rows.append(
            TemplateRow(
                control_id=control.id,
                domain=domain.title if domain else outcome.domain,
                severity=outcome.severity.value,
                question=control.question.strip(),
                guidance=control.guidance.strip(),
                current=current,
                note=given.note if given else "",
                evidence="\n".join(evidence_words(e) for e in given.evidence) if given else "",
                target_date=given.target_date if given else None,
                owner=action.owner if action else "",
                due=action.due if action else None,
            )
        )
    return rows


def _reading_cells(row: TemplateRow) -> list[Any]:
    return [row.control_id, row.domain, row.severity, row.question, row.guidance, row.current]


def template_xlsx(evaluation: Evaluation, everything: bool = False) -> bytes:
    """The fill-in workbook: drop-down answers, date cells, everything else locked."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from toolkit.export.xlsx import book_bytes, put, table

    rows = template_rows(evaluation, everything)
    book = Workbook()
    sheet = book.worksheets[0]
    sheet.title = SHEET
    reading, fill_in = reading_columns(), fill_in_columns()
    table(sheet, 1, [*reading, *fill_in], [_reading_cells(row) for row in rows])
    first = len(reading) + 1
    last_row = max(len(rows) + 1, 2)
    unlocked = Protection(locked=False)
    wrap = Alignment(wrap_text=True, vertical="top")
    for number, row in enumerate(rows, 2):
        values = ["", row.note, row.evidence, row.target_date, row.owner, row.due, ""]
        for offset, value in enumerate(values):
            put(sheet, number, first + offset, value)
            cell = sheet.cell(row=number, column=first + offset)
            cell.protection = unlocked
            if offset in (3, 5):
                cell.number_format = "yyyy-mm-dd"
        for column in (4, 5, first + 1, first + 2):
            sheet.cell(row=number, column=column).alignment = wrap
    answer_letter = get_column_letter(first)
    choices = DataValidation(
        type="list",
        formula1='"' + ",".join(ANSWER_WORDS) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Not an answer"),
        error=_("Choose one of: {answers}").format(answers=", ".join(ANSWER_WORDS)),
        promptTitle=_("Answer"),
        prompt=_("yes, alternative, partial, planned (give a target date), no, unknown, na"),
        showInputMessage=True,
    )
    choices.add(f"{answer_letter}2:{answer_letter}{last_row}")
    dates = DataValidation(
        type="date",
        operator="greaterThan",
        formula1="DATE(1999,12,31)",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Not a date"),
        error=_("Type a date, e.g. 2027-03-31."),
    )
    for offset in (3, 5):
        letter = get_column_letter(first + offset)
        dates.add(f"{letter}2:{letter}{last_row}")
    sheet.add_data_validation(choices)
    sheet.add_data_validation(dates)
    sheet.freeze_panes = sheet.cell(row=2, column=2).coordinate
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(reading) + len(fill_in))}{last_row}"
    protection = sheet.protection
    protection.sheet = True
    protection.autoFilter = False
    protection.sort = False
    protection.formatColumns = False
    protection.formatRows = False
    protection.formatCells = False
    return book_bytes(
        book,
        evaluation,
        _("Answers to fill in: {product}").format(product=evaluation.result.product),
    )


def template_yaml(evaluation: Evaluation, everything: bool = False) -> bytes:
    """The template as a YAML answers file: each question and its guidance as comments above
    an entry to fill in, the entry itself commented out until it is answered."""
    lines = [
        "# "
        + _("Answers for {product}: remove the '# ' before an entry and fill it in.").format(
            product=printable(evaluation.result.product)
        ),
        "# "
        + _("answer: one of {answers}; planned needs target_date: YYYY-MM-DD.").format(
            answers=", ".join(ANSWER_WORDS)
        ),
        "",
    ]
    for row in template_rows(evaluation, everything):
        lines += [f"# {row.control_id} ({row.domain}, {row.severity}): {row.current}"]
        lines += _commented(row.question) + _commented(row.guidance)
        entry: dict[str, Any] = {"answer": ""}
        if row.note:
            entry["note"] = row.note
        if row.target_date:
            entry["target_date"] = row.target_date
        dumped = yaml.safe_dump(
            {row.control_id: entry}, allow_unicode=True, sort_keys=False, width=88
        )
        lines += ["# " + line for line in dumped.splitlines()] + [""]
    return "\n".join(lines).encode("utf-8")


def _commented(text: str) -> list[str]:
    return ["#   " + line for line in printable(text).splitlines() if line.strip()]
