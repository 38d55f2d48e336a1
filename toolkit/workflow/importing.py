"""Results from another tool back into an assessment: CISO Assistant's audit CSV.

An audit exported from CISO Assistant (of the library `crbd export --to
ciso-assistant-library` made) names each requirement by the URN crbd gave it,
so every row is placed on its control (by its ref_id where a row has no URN),
and an audit of another pack is refused before anything is written. Both
shapes are read: CISO Assistant's own download (`;`-separated, a byte-order
mark, no `assessable` column, so a row is assessable when it carries a
result; checked against `compliance_assessment_csv` in its
`backend/core/views.py` at f990d7b) and crbd's audit export (`,`, with
`assessable`). A file with no row for a control of the pack, two rows for one
control, or a result crbd would record as planned without a target date is
refused, the rows named, and nothing is written. The mapping is the export's in reverse and never
loses what the assessment knows: a result CISO Assistant leaves "not assessed"
(its default for every requirement nobody touched) keeps the answer there is;
"compliant" keeps an alternative measure; evidence, target dates and the
gap's owner are kept (an open action is done once the gap is closed, an
acceptance is kept while the gap remains);
every changed answer records the audit file it came from.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from toolkit.engine.evaluate import evaluate
from toolkit.errors import FileProblem, Problem, UsageProblem, ValidationFailed
from toolkit.export.ciso_assistant import (
    AUDIT_COLUMNS,
    EVIDENCE_LINE,
    NOT_ASSESSED,
    URN_PREFIX,
    node_urn,
)
from toolkit.i18n import _
from toolkit.model.assessment import GAP_ANSWERS, Answer, Assessment, ControlAnswer
from toolkit.model.files import save_assessment
from toolkit.model.pack import Pack
from toolkit.model.yamlsource import read_text
from toolkit.report.text import FORMULA_STARTS
from toolkit.workflow.interview.followups import closed
from toolkit.workflow.lock import UNATTENDED_WAIT, assessment_lock
from toolkit.workflow.opening import open_assessment
from toolkit.workflow.recording import record_answer, stamped

REQUIRED_COLUMNS = ("urn", "ref_id", "compliance_result")
RESULTS = {"compliant", "partially_compliant", "non_compliant", "not_applicable", NOT_ASSESSED}
PROGRESS = {"", "to_do", "in_progress", "in_review", "done"}
TRUE_WORDS = {"true", "yes", "1", "x"}
NOT_APPLICABLE_NOTE = "Marked not applicable in CISO Assistant."


@dataclass(frozen=True)
class AuditRow:
    """One assessable requirement's result, as the audit file gives it."""

    line: int
    control_id: str
    result: str
    progress: str
    note: str


@dataclass(frozen=True)
class ImportSummary:
    """What an import changed, so the user can check it."""

    changed: list[str]
    unchanged: int
    not_assessed: int
    warnings: list[str]
    """What opening the assessment found (a changed pack, for one)."""


def read_audit(path: Path, pack: Pack) -> list[AuditRow]:
    """The assessable rows of an audit CSV, each checked to belong to `pack`; at least one."""
    text = read_text(path, "audit CSV file")
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        return _rows(path, pack, reader)
    except csv.Error as error:
        message = _("{path}:{line}: is not a readable CSV ({error}).")
        raise FileProblem(message.format(path=path, line=reader.line_num, error=error)) from None


def _delimiter(text: str) -> str:
    """The delimiter that makes the header an audit's: `;` in CISO Assistant's download,
    `,` in crbd's export and CISO Assistant's import wizard, or a tab."""
    header = text.split("\n", 1)[0]
    for delimiter in (",", ";", "\t"):
        names = {name.strip().lower() for name in header.split(delimiter)}
        if {"compliance_result", "urn"} <= names or {"compliance_result", "ref_id"} <= names:
            return delimiter
    return ","


def _rows(path: Path, pack: Pack, reader: csv.DictReader[str]) -> list[AuditRow]:
    if reader.fieldnames:
        reader.fieldnames = [(name or "").strip().lower() for name in reader.fieldnames]
    columns = reader.fieldnames or []
    missing = [column for column in REQUIRED_COLUMNS if column not in columns]
    if missing:
        raise FileProblem(
            _(
                "{path}: is not a CISO Assistant audit export; it has no {missing} "
                "column (expected {expected})."
            ).format(path=path, missing=", ".join(missing), expected=", ".join(AUDIT_COLUMNS))
        )
    flagged = "assessable" in columns
    rows: list[AuditRow] = []
    for record in reader:
        if flagged:
            assessable = (record.get("assessable") or "").strip().lower() in TRUE_WORDS
        else:  # CISO Assistant's download leaves the result of a heading empty
            assessable = bool(_plain(record.get("compliance_result")))
        if assessable:
            rows.append(_row(path, pack, reader.line_num, record))
    if not rows:
        raise FileProblem(
            _(
                "{path}: has no assessable requirement with a result, so nothing in it can "
                "be recorded; export the audit of the framework `crbd export --to "
                "ciso-assistant-library` made from CISO Assistant and import that file."
            ).format(path=path)
        )
    first: dict[str, AuditRow] = {}
    for row in rows:
        earlier = first.setdefault(row.control_id, row)
        if earlier is not row:
            raise FileProblem(
                _(
                    "{path}: rows {first} and {second} both give {control} ({one} and "
                    "{other}); keep one of them."
                ).format(
                    path=path,
                    first=earlier.line,
                    second=row.line,
                    control=row.control_id,
                    one=_stated(earlier),
                    other=_stated(row),
                )
            )
    return rows


def _stated(row: AuditRow) -> str:
    return f"{row.result}, {row.progress}" if row.progress else row.result


def _row(path: Path, pack: Pack, line: int, record: dict[str, str | None]) -> AuditRow:
    where = f"{path}:{line}"
    urn = (record.get("urn") or "").strip().lower()
    ours = f"{URN_PREFIX}:req_node:"
    if not urn and _plain(record.get("ref_id")):
        urn = node_urn(pack.id, _plain(record.get("ref_id")))
    if not urn.startswith(ours):
        raise UsageProblem(
            f"{where}: {urn or 'a row without a URN'} is not a requirement of a crbd pack; "
            "import the audit of the framework made by `crbd export --to ciso-assistant-library`."
        )
    pack_id = urn.removeprefix(ours).split(":", 1)[0]
    if pack_id != pack.id:
        raise UsageProblem(
            f"{path}: is an audit of pack {pack_id!r}, but the assessment was answered against "
            f"pack {pack.id!r}; import it into an assessment of {pack_id!r}."
        )
    control = pack.control(_plain(record.get("ref_id")).upper())
    if control is None or node_urn(pack.id, control.id) != urn:
        raise UsageProblem(
            f"{where}: {urn} is not a control of pack {pack.id} {pack.version}; export the "
            "library again from this pack version and audit that one."
        )
    result = _plain(record.get("compliance_result")).lower() or NOT_ASSESSED
    progress = _plain(record.get("requirement_progress")).lower()
    if result not in RESULTS or progress not in PROGRESS:
        raise FileProblem(
            f"{where}: {control.id} has result {result!r} and progress {progress!r}; "
            f"results are {', '.join(sorted(RESULTS))}."
        )
    return AuditRow(line, control.id, result, progress, _note(record.get("observations")))


def _plain(value: str | None) -> str:
    """A cell's text without the quote that keeps a spreadsheet from running it."""
    text = (value or "").strip()
    return text[1:] if text[:1] == "'" and text[1:2] in FORMULA_STARTS else text


def _note(observations: str | None) -> str:
    """The observations without the evidence lines the export added (evidence stays)."""
    lines = _plain(observations).splitlines()
    return "\n".join(line for line in lines if not line.startswith(EVIDENCE_LINE)).strip()


def answer_for(row: AuditRow, current: ControlAnswer | None) -> Answer | None:
    """The answer a row stands for, or None where the row says nothing new."""
    held = current.answer if current else None
    match row.result:
        case "compliant":
            return held if held in (Answer.YES, Answer.ALTERNATIVE) else Answer.YES
        case "partially_compliant":
            return Answer.PARTIAL
        case "non_compliant":
            return Answer.PLANNED if row.progress == "in_progress" else Answer.NO
        case "not_applicable":
            return Answer.NA
        case _:
            return None


def apply_audit(
    pack: Pack,
    assessment: Assessment,
    rows: Sequence[AuditRow],
    source: str,
    answered_by: str,
    today: date,
) -> tuple[Assessment, ImportSummary]:
    """The assessment with the audit's results recorded; what changed."""
    in_scope = {
        outcome.id: outcome.scope != "out_of_scope"
        for outcome in evaluate(pack, assessment).result.controls
    }
    changed: list[str] = []
    undated: list[Problem] = []
    not_assessed = unchanged = 0
    who = f"{answered_by} (imported from CISO Assistant: {source})"
    for row in rows:
        current = assessment.answers.get(row.control_id)
        answer = answer_for(row, current)
        if answer is None or (answer is Answer.NA and not in_scope[row.control_id]):
            not_assessed += answer is None
            unchanged += answer is not None
            continue
        note = row.note or (current.note if current else "")
        if current and current.answer is answer and current.note == note:
            unchanged += 1
            continue
        if answer is Answer.PLANNED and not (current and current.target_date):
            undated.append(_undated(Path(source), row))
            continue
        if answer is Answer.NA and not note.strip():
            note = NOT_APPLICABLE_NOTE
        action = current.action if current else None
        acceptance = current.acceptance if current else None
        given = ControlAnswer(
            answer=answer,
            note=note,
            evidence=current.evidence if current else [],
            answered_by=who,
            answered_on=today,
            target_date=current.target_date if current and answer is Answer.PLANNED else None,
            action=action if answer in GAP_ANSWERS else closed(action),
            acceptance=acceptance if answer in GAP_ANSWERS else None,
        )
        assessment = record_answer(pack, assessment, pack.require_control(row.control_id), given)
        changed.append(row.control_id)
    if undated:
        raise ValidationFailed(undated)
    if changed:
        assessment = stamped(assessment, answered_by, today)
    return assessment, ImportSummary(changed, unchanged, not_assessed, [])


def _undated(source: Path, row: AuditRow) -> Problem:
    """A planned answer the audit implies but cannot date: refused, never recorded undated."""
    message = _(
        "non_compliant and in_progress means planned, and a planned answer needs its target "
        "date, which the audit cannot give; record it with `crbd assess FILE --answer "
        "{control}=planned:YYYY-MM-DD` first, or set the progress to to_do for a no"
    )
    return Problem(source, row.control_id, message.format(control=row.control_id), row.line)


def import_ciso_assistant_audit(
    audit: Path,
    target: Path,
    pack_dirs: Sequence[Path],
    answered_by: str,
    today: date,
) -> ImportSummary:
    """Record an audit's results in the assessment file, saved once, under its lock."""
    with assessment_lock(target, wait=UNATTENDED_WAIT):
        opened = open_assessment(target, pack_dirs)
        rows = read_audit(audit, opened.pack)
        updated, summary = apply_audit(
            opened.pack, opened.assessment, rows, audit.name, answered_by, today
        )
        if summary.changed:
            save_assessment(updated, target)
    return replace(summary, warnings=opened.warnings)
