"""A fill-in template of the questions still open, for teams who would rather use a spreadsheet.

`crbd export FILE --to answers-template` writes a workbook with one row per
open question (every one with `--all`): the product profile's first, since
they decide which controls apply, then the controls'. Each has its id,
domain, severity, question, guidance and current answer, then the columns a
team fills in (answer, note, evidence, target date, owner, due, reason for a
change; a profile question takes only an answer, its option values, several
comma-separated where it allows several).
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
from toolkit.i18n import N_, _
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
    kind: str = "control"
    """`control`, or a profile question's kind: `single` or `multi`."""
    options: tuple[str, ...] = ()
    """A profile question's option values."""


def reading_columns() -> list[tuple[str, int]]:
    """The columns that say what to answer (locked in the workbook), with their widths;
    the titles are translated where the sheet is written."""
    return [
        (N_("ID"), 10), (N_("Domain"), 22), (N_("Severity"), 10), (N_("Question"), 50),
        (N_("Guidance"), 50), (N_("Current answer"), 16),
    ]  # fmt: skip


def fill_in_columns() -> list[tuple[str, int]]:
    """The columns a team fills in, with their widths."""
    return [
        (N_("Answer"), 14), (N_("Note"), 40), (N_("Evidence"), 40), (N_("Target date"), 12),
        (N_("Owner"), 16), (N_("Due"), 12), (N_("Reason"), 30),
    ]  # fmt: skip


def template_rows(evaluation: Evaluation, everything: bool) -> list[TemplateRow]:
    """The open questions (profile questions and in-scope controls without an answer),
    or every question."""
    pack, answers = evaluation.pack, evaluation.assessment.answers
    open_ids = set(evaluation.result.unanswered)
    rows = [
        _profile_row(evaluation, question.id)
        for question in pack.profile
        if everything or question.id in evaluation.result.profile_unanswered
    ]
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


def _profile_row(evaluation: Evaluation, question_id: str) -> TemplateRow:
    question = evaluation.pack.question(question_id)
    assert question is not None, "a question of the pack"
    given = evaluation.assessment.profile.get(question.id)
    options = [f"{option.value} ({option.label})" for option in question.options]
    how = (
        _("Choose one: {options}")
        if question.kind == "single"
        else _("Choose any, comma-separated: {options}")
    )
    guidance = "\n".join(
        part for part in (question.help.strip(), how.format(options="; ".join(options))) if part
    )
    current = ", ".join(given) if isinstance(given, list) else (given or NOT_ANSWERED)
    return TemplateRow(
        control_id=question.id,
        domain=_("Product profile"),
        severity="",
        question=question.text.strip(),
        guidance=guidance,
        current=current or _("none"),
        note="",
        evidence="",
        target_date=None,
        owner="",
        due=None,
        kind=question.kind,
        options=tuple(option.value for option in question.options),
    )


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
    answer_letter = get_column_letter(first)
    for number, row in enumerate(rows, 2):
        values = ["", row.note, row.evidence, row.target_date, row.owner, row.due, ""]
        for offset, value in enumerate(values):
            put(sheet, number, first + offset, value)
            cell = sheet.cell(row=number, column=first + offset)
            if row.kind == "control" or offset == 0:
                cell.protection = unlocked  # a profile question takes only its answer
            if offset in (3, 5):
                cell.number_format = "yyyy-mm-dd"
        for column in (4, 5, first + 1, first + 2):
            sheet.cell(row=number, column=column).alignment = wrap
        if row.kind == "single":
            options = DataValidation(
                type="list",
                formula1='"' + ",".join(row.options) + '"',
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=_("Not an answer"),
                error=_("Choose one of: {answers}").format(answers=", ".join(row.options)),
            )
            options.add(f"{answer_letter}{number}")
            sheet.add_data_validation(options)
    controls = [number for number, row in enumerate(rows, 2) if row.kind == "control"]
    first_control = controls[0] if controls else last_row
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
    choices.add(f"{answer_letter}{first_control}:{answer_letter}{last_row}")
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
        dates.add(f"{letter}{first_control}:{letter}{last_row}")
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
        context = f"{row.domain}, {row.severity}" if row.severity else row.domain
        lines += [f"# {row.control_id} ({context}): {row.current}"]
        lines += _commented(row.question) + _commented(row.guidance)
        if row.kind != "control":
            lines += [f"# {row.control_id}: ''", ""]
            continue
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
