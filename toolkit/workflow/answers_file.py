"""Answers given without the interview: `--answer ID=VALUE` and `--answers-file F`.

They pass the same checks as typed answers: the answer word or its one-key
shortcut through `parse_answer`, the rules of `ControlAnswer` (`na` and
`alternative` need a note), profile values against the question's options.
An id the pack does not know is refused, never dropped. Every problem in a
file is reported at once, each with its line, so a team fixes them in one pass.

Ids are control ids (`CON-01`), profile question ids (`features`) or harm
ids (`H-GROOMING`); a multiple-choice profile answer is a list or
comma-separated values. A planned answer needs its target date, as when
typed: `CON-01=planned:2027-03-31` (then `:NOTE`), `target_date:` in YAML, a
`target_date` column in CSV. An impossible date is named as such; a past one
is recorded with a warning. An answer that replaces a different one goes into
the history with its reason: `reason:` in YAML, a `reason` column in CSV, or
`--reason` for every answer of the run that has none of its own. A control's
entry in YAML may carry `action` and `acceptance` mappings (a CSV file has
`owner` and `due` columns for the action; so does an xlsx workbook, see
`_read_xlsx`); on the command line
`--action ID=OWNER[;DUE[;STATUS[;TICKET]]]` and
`--accept ID=APPROVER;APPROVED_ON;EXPIRES_ON;JUSTIFICATION[;MEASURES]` attach
them to the answer given in the same run, or else to the one on file. A
harm's risk assessment is, in a YAML file, a mapping with the fields of
`RiskAnswer` (likelihood, impact, rationale, residual, decision, and
residual_reason, acceptance, evidence, benefits, childrens_views as needed);
on the command line it is `H-ID=LIKELIHOOD,IMPACT,RESIDUAL,DECISION:RATIONALE`.
Levels are checked against the pack's risk matrix here; a residual that
differs from crbd's suggestion needs a residual_reason, checked once the
run's control answers are known (`toolkit.workflow.risks.missing_residual_reasons`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from toolkit.engine.risk import with_current_basis
from toolkit.engine.scoring import score
from toolkit.errors import AnswerError, CrbdError, FileProblem, Problem, ValidationFailed
from toolkit.model.assessment import (
    Answer,
    Assessment,
    ControlAnswer,
    RiskAnswer,
    parse_answer,
    with_risk,
)
from toolkit.model.consistency import matrix_problems
from toolkit.model.pack import Pack
from toolkit.model.yamlsource import Loc, YamlDocument, problems_from, read_text, read_yaml
from toolkit.workflow.recording import (
    parse_target_date,
    profile_value,
    record_answer,
    record_profile,
    stamped,
)

CSV_COLUMNS = ("id", "answer", "note", "target_date", "reason", "owner", "due")
_ANSWERS = TypeAdapter(dict[str, ControlAnswer])
_RISKS = TypeAdapter(dict[str, RiskAnswer])
RISK_OPTION = "LIKELIHOOD,IMPACT,RESIDUAL,DECISION:RATIONALE"
RISK_FIELDS = ("likelihood", "impact", "residual", "decision")


@dataclass(frozen=True)
class Supplied:
    """Validated answers, ready to record: profile values, control answers and risk
    assessments by id."""

    profile: dict[str, str | list[str]] = field(default_factory=dict)
    answers: dict[str, ControlAnswer] = field(default_factory=dict)
    risks: dict[str, RiskAnswer] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    """Recorded all the same, but worth a second look (a target date in the past)."""
    reasons: dict[str, str] = field(default_factory=dict)
    """Why a control's answer changed, by control id, for the history."""

    def __len__(self) -> int:
        return len(self.profile) + len(self.answers) + len(self.risks)

    def over(self, lower: Supplied) -> Supplied:
        """These answers, and `lower`'s for the ids these do not give (precedence)."""
        return Supplied(
            {**lower.profile, **self.profile},
            {**lower.answers, **self.answers},
            {**lower.risks, **self.risks},
            lower.warnings + self.warnings,
            {**lower.reasons, **self.reasons},
        )

    def with_reason(self, reason: str) -> Supplied:
        """These answers, `reason` given to every control answer that has none of its own."""
        if not reason.strip():
            return self
        given = {control_id: reason.strip() for control_id in self.answers}
        return replace(self, reasons={**given, **self.reasons})


def from_options(options: Sequence[str], pack: Pack, answered_by: str, today: date) -> Supplied:
    """Parse `--answer ID=VALUE` options: a control's value is `ANSWER[:NOTE]`, or
    `planned:YYYY-MM-DD[:NOTE]` for a planned one; a harm's value is
    `LIKELIHOOD,IMPACT,RESIDUAL,DECISION:RATIONALE`."""
    entries: dict[str, Any] = {}
    source = Path("--answer")
    for option in options:
        key, equals, value = option.partition("=")
        if not equals or not key.strip():
            raise ValidationFailed(
                [Problem(source, "", f"{option!r} is not of the form ID=VALUE (e.g. CON-01=yes)")]
            )
        key = _known_case(pack, key.strip())
        if pack.control(key) is not None:
            word, _, note = value.partition(":")
            entry = {"answer": word.strip()}
            if word.strip().lower() in ("planned", "l"):
                when, _, note = note.partition(":")
                entry["target_date"] = when.strip()
            entries[key] = entry | {"note": note.strip()}
        elif pack.harm(key) is not None:
            entries[key] = _risk_option(source, option, value)
        else:
            entries[key] = value
    return _validated(pack, YamlDocument(source, entries), answered_by, today)


ACTION_FIELDS = ("owner", "due", "status", "ticket")
ACCEPT_FIELDS = (
    "approved_by",
    "approved_on",
    "expires_on",
    "justification",
    "compensating_measures",
)


def with_followups(
    supplied: Supplied,
    pack: Pack,
    existing: Assessment,
    actions: Sequence[str] = (),
    accepts: Sequence[str] = (),
) -> Supplied:
    """The supplied answers with `--action` and `--accept` options attached to them."""
    answers = dict(supplied.answers)
    problems: list[Problem] = []
    for option_name, options, key, names in (
        ("--action", actions, "action", ACTION_FIELDS),
        ("--accept", accepts, "acceptance", ACCEPT_FIELDS),
    ):
        source = Path(option_name)
        for option in options:
            control_id, equals, value = option.partition("=")
            control_id = _known_case(pack, control_id.strip())
            base = answers.get(control_id) or existing.answers.get(control_id)
            if not equals or pack.control(control_id) is None:
                problems.append(
                    Problem(source, "", f"{option!r} does not start with a control id=")
                )
                continue
            if base is None:
                message = f"{control_id} has no answer to attach it to; give one with --answer"
                problems.append(Problem(source, control_id, message))
                continue
            parts = [part.strip() for part in value.split(";")]
            fields = {name: part for name, part in zip(names, parts, strict=False) if part}
            data = {**base.model_dump(exclude_defaults=True), key: fields}
            try:
                answers[control_id] = ControlAnswer.model_validate(data)
            except ValidationError as error:
                reason = "; ".join(_message(e) for e in error.errors())
                problems.append(Problem(source, control_id, reason))
    if problems:
        raise ValidationFailed(problems)
    return replace(supplied, answers=answers)


def _message(error: Any) -> str:
    """One validation error in words, named by its field where it has one."""
    text = str(error["msg"]).removeprefix("Value error, ")
    return f"{error['loc'][-1]}: {text}" if error["loc"] else text


def read_answers_file(path: Path, pack: Pack, answered_by: str, today: date) -> Supplied:
    """Read a YAML mapping (id: answer, or id: {answer, note, evidence...}), a CSV file
    with the columns id and answer, and optionally note, target_date, reason, owner and due,
    or an xlsx workbook with those columns (`crbd export --to answers-template`)."""
    if path.suffix.lower() == ".xlsx":
        return _validated_sheet(pack, _read_xlsx(path), answered_by, today)
    if path.suffix.lower() == ".csv":
        document = _read_csv(path)
    else:
        document = read_yaml(path)
        if document.data is None:
            document = YamlDocument(path, {})
        if not isinstance(document.data, dict):
            raise FileProblem(
                f"{path}: must map control or profile ids to answers (e.g. 'CON-01: yes')."
            )
    return _validated(pack, document, answered_by, today)


def apply_supplied(
    pack: Pack, assessment: Assessment, supplied: Supplied, answered_by: str, today: date
) -> Assessment:
    """The assessment with every supplied answer recorded, as a typed one would be."""
    for question_id, value in supplied.profile.items():
        question = pack.question(question_id)
        if question is not None:
            assessment = record_profile(assessment, question, value, answered_by, today)
    for control_id, answer in supplied.answers.items():
        control = pack.control(control_id)
        if control is not None and not already_on_file(assessment, control_id, answer):
            reason = supplied.reasons.get(control_id, "")
            assessment = record_answer(pack, assessment, control, answer, reason)
    for harm_id, risk in supplied.risks.items():
        assessment = with_risk(assessment, harm_id, risk)
    assessment = with_current_basis(pack, assessment, supplied.risks)
    return stamped(assessment, answered_by, today)


def already_on_file(assessment: Assessment, control_id: str, answer: ControlAnswer) -> bool:
    """Whether the file already holds this answer as given (answer, note, evidence, target
    date, and the owner or acceptance where the answer names one), and not as one to
    reconfirm: recording it again would only put another name and date on it."""
    current = assessment.answers.get(control_id)
    return (
        current is not None
        and not current.to_reconfirm
        and (current.answer, current.note, current.evidence, current.target_date)
        == (answer.answer, answer.note, answer.evidence, answer.target_date)
        and answer.action in (None, current.action)
        and answer.acceptance in (None, current.acceptance)
    )


def unchanged_answers(assessment: Assessment, supplied: Supplied) -> int:
    """How many of the supplied control answers the file already holds as given."""
    return sum(
        already_on_file(assessment, control_id, answer)
        for control_id, answer in supplied.answers.items()
    )


def out_of_scope_answers(pack: Pack, assessment: Assessment, supplied: Supplied) -> list[str]:
    """The supplied control answers that the (possibly just supplied) profile puts out of scope."""
    out = {o.id for o in score(pack, assessment).controls if o.scope == "out_of_scope"}
    return [control_id for control_id in supplied.answers if control_id in out]


def _known_case(pack: Pack, key: str) -> str:
    known = pack.control(key.upper()) is not None or pack.harm(key) is not None
    return key.upper() if known else key


def validated_entry(pack: Pack, key: str, value: Any, answered_by: str, today: date) -> Supplied:
    """One id's answer (a control's fields, a profile value, a harm's record) checked exactly
    as an answers file's entry is; `AnswerError` with the file's message(s) otherwise."""
    try:
        return _validated(pack, YamlDocument(Path(key), {key: value}), answered_by, today)
    except ValidationFailed as failed:
        raise AnswerError("; ".join(_located(problem) for problem in failed.problems)) from None


def _located(problem: Problem) -> str:
    field = problem.path.partition(".")[2]
    return f"{field}: {problem.message}" if field else problem.message


def _risk_option(source: Path, option: str, value: str) -> dict[str, str]:
    """`LIKELIHOOD,IMPACT,RESIDUAL,DECISION:RATIONALE` as the fields of a risk answer."""
    levels, _, rationale = value.partition(":")
    parts = [part.strip().lower() for part in levels.split(",")]
    if len(parts) != len(RISK_FIELDS):
        raise ValidationFailed(
            [
                Problem(
                    source,
                    "",
                    f"{option!r}: a harm takes {RISK_OPTION} "
                    "(e.g. H-GROOMING=probable,severe,medium,reduced:Adults can message children)",
                )
            ]
        )
    return {**dict(zip(RISK_FIELDS, parts, strict=True)), "rationale": rationale.strip()}


def _read_csv(path: Path) -> YamlDocument:
    reader = csv.DictReader(io.StringIO(read_text(path, "answers file"), newline=""))
    try:
        return _csv_document(path, reader)
    except csv.Error as error:
        raise FileProblem(f"{path}:{reader.line_num}: is not a readable CSV ({error}).") from None


def _csv_document(path: Path, reader: csv.DictReader[str]) -> YamlDocument:
    from toolkit.i18n import _

    columns = [name.strip() for name in reader.fieldnames or []]
    if "id" not in columns or "answer" not in columns or set(columns) - set(CSV_COLUMNS):
        raise FileProblem(
            f"{path}:1: the header must be id,answer and any of "
            f"{','.join(CSV_COLUMNS[2:])} "
            f"(found {','.join(columns) or 'none'})."
        )
    entries: dict[str, Any] = {}
    lines: dict[Loc, int] = {}
    problems = []
    for row in reader:
        extra = list(row.pop(None, None) or [])
        if any(cell.strip() for cell in extra):
            raise FileProblem(
                _(
                    "{path}:{line}: has {count} cells, more than the {columns} columns of its "
                    "header ({header}); put a cell that holds a comma in double quotes."
                ).format(
                    path=path,
                    line=reader.line_num,
                    count=len(columns) + len(extra),
                    columns=len(columns),
                    header=",".join(columns),
                )
            )
        cells = {(name or "").strip(): (value or "").strip() for name, value in row.items()}
        key = cells.get("id", "")
        if not key:
            continue
        if key in entries:
            problems.append(Problem(path, key, "appears twice", reader.line_num))
        entries[key] = {"answer": cells.get("answer", ""), "note": cells.get("note", "")}
        for optional in ("target_date", "reason"):
            if cells.get(optional):
                entries[key][optional] = cells[optional]
        action = {name: cells[name] for name in ("owner", "due") if cells.get(name)}
        if action:
            entries[key]["action"] = action
        for place in ((key,), *((key, column) for column in CSV_COLUMNS[1:])):
            lines[place] = reader.line_num
    if problems:
        raise ValidationFailed(problems)
    return YamlDocument(path, entries, lines)


def _validated(pack: Pack, document: YamlDocument, answered_by: str, today: date) -> Supplied:
    profile: dict[str, str | list[str]] = {}
    answers: dict[str, ControlAnswer] = {}
    reasons: dict[str, str] = {}
    risks: dict[str, RiskAnswer] = {}
    problems: list[Problem] = []
    warnings: list[str] = []
    for raw_key, value in document.data.items():
        name = str(raw_key)
        key = _known_case(pack, name)
        question = pack.question(key)
        try:
            if question is not None:
                profile[key] = profile_value(question, _profile_replies(value))
            elif pack.control(key) is not None:
                data = _control_fields(value)
                reason = data.pop("reason", "")
                if not isinstance(reason, str):
                    raise AnswerError("reason: must be text, why the answer changed")
                if reason.strip():
                    reasons[key] = reason.strip()
                data.setdefault("answered_by", answered_by)
                data.setdefault("answered_on", today)
                answers[key] = _ANSWERS.validate_python({name: data})[name]
                target = answers[key].target_date
                if target is not None and target < today:
                    warnings.append(
                        f"{document.path}: {key}: target date {target.isoformat()} "
                        "is in the past; recorded as given."
                    )
            elif pack.harm(key) is not None and pack.risk_matrix is not None:
                data = _risk_fields(value)
                data.setdefault("answered_by", answered_by)
                data.setdefault("answered_on", today)
                risk = _RISKS.validate_python({name: data})[name]
                found = matrix_problems(pack.risk_matrix, risk)
                problems += [
                    Problem(document.path, f"{name}.{where}", message, document.line_of((name,)))
                    for where, message in found
                ]
                if not found:
                    risks[key] = risk
            else:
                kinds = (
                    "a control, profile question or harm"
                    if pack.harms
                    else ("a control or profile question")
                )
                raise AnswerError(f"is not {kinds} of pack {pack.id} {pack.version}")
        except AnswerError as error:
            problems.append(Problem(document.path, name, str(error), document.line_of((name,))))
        except ValidationError as error:
            problems += problems_from(error, document)
    if problems:
        raise ValidationFailed(problems)
    return Supplied(profile, answers, risks, tuple(warnings), reasons)


def _profile_replies(value: Any) -> list[str]:
    if isinstance(value, dict):  # a CSV row, or a YAML mapping with only an answer
        if set(value) - set(CSV_COLUMNS[1:]) or value.get("note"):
            raise AnswerError("is a profile question: give only its answer, without a note")
        value = value.get("answer", "")
    if isinstance(value, list):
        return [str(item) for item in value]
    return [part for part in str(value).split(",") if part.strip()]


def _control_fields(value: Any) -> dict[str, Any]:
    """The answer's fields, its answer word read as a typed one would be."""
    if isinstance(value, str):
        value = {"answer": value}
    if not isinstance(value, dict):
        raise AnswerError("must be an answer (e.g. yes) or a mapping with answer, note, evidence")
    data = {str(name): item for name, item in value.items()}
    if "answer" not in data:
        raise AnswerError("needs an answer (yes, partial, no, unknown, na, alternative, planned)")
    data["answer"] = parse_answer(str(data["answer"]))
    target = data.get("target_date")
    if data["answer"] == Answer.PLANNED and target in (None, ""):
        raise AnswerError(
            "is planned and needs a target date (e.g. planned:2027-03-31 with --answer, "
            "target_date: 2027-03-31 in YAML)"
        )
    if isinstance(target, str):
        data["target_date"] = parse_target_date(target)
    return data


def _risk_fields(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise AnswerError(
            "is a harm: give a mapping with likelihood, impact, rationale, residual and decision"
        )
    return {str(name): item for name, item in value.items()}


# --- xlsx workbooks: the answers template, or the xlsx export's Answers sheet ---

XLSX_SHEET = "Answers"
"""The sheet read from a workbook (its first sheet when it has none of that name)."""
XLSX_LIMITS = {"bytes": 16 * 1024 * 1024, "unpacked": 128 * 1024 * 1024, "rows": 20_000}
"""The largest workbook read: its file, its content unpacked, its rows."""
_SHEET_COLUMNS = {
    "ID": "id",
    "Control": "id",
    "Answer": "answer",
    "Note": "note",
    "Evidence": "evidence",
    "Target date": "target_date",
    "Owner": "owner",
    "Due": "due",
    "Reason": "reason",
}
"""Header titles of the columns read (in English or the language in force) and the field
each fills; every other column (question, guidance, current answer...) is there to read."""


@dataclass(frozen=True)
class _SheetProblem(Problem):
    """A problem in a workbook, named by its sheet and row."""

    sheet: str = XLSX_SHEET

    def __str__(self) -> str:
        from toolkit.i18n import _

        if self.line is None:
            where = _("{file}, sheet {sheet}").format(file=self.file, sheet=self.sheet)
        else:
            where = _("{file}, sheet {sheet}, row {row}").format(
                file=self.file, sheet=self.sheet, row=self.line
            )
        field = f" {self.path}:" if self.path else ""
        return f"{where}:{field} {self.message}"


def _validated_sheet(
    pack: Pack, read: tuple[str, YamlDocument], answered_by: str, today: date
) -> Supplied:
    """The rows of a sheet through the same checks as any answers file, each problem named
    by sheet and row."""
    sheet, document = read
    try:
        return _validated(pack, document, answered_by, today)
    except ValidationFailed as failed:
        raise ValidationFailed(
            [
                _SheetProblem(problem.file, problem.path, problem.message, problem.line, sheet)
                for problem in failed.problems
            ]
        ) from None


def _read_xlsx(path: Path) -> tuple[str, YamlDocument]:
    """The sheet's rows as the CSV reader gives them (id to answer, note, target_date,
    reason, evidence and an action of owner and due). A row is read when its answer cell
    is filled: the other cells of the rows left unanswered show what is on file."""
    import zipfile

    from toolkit.i18n import _

    limit = XLSX_LIMITS["bytes"]
    try:
        size = path.stat().st_size
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(entry.file_size for entry in archive.infolist())
    except FileNotFoundError:
        raise FileProblem(_("{path}: no such file.").format(path=path)) from None
    except (zipfile.BadZipFile, IsADirectoryError, ValueError):
        raise FileProblem(_("{path}: is not an xlsx workbook.").format(path=path)) from None
    except OSError as error:
        message = _("{path}: cannot be read ({reason}).")
        raise FileProblem(message.format(path=path, reason=error.strerror)) from None
    if size > limit or unpacked > XLSX_LIMITS["unpacked"]:
        message = _("{path}: is larger than the {limit:,} bytes crbd reads as an answers workbook.")
        raise FileProblem(message.format(path=path, limit=limit))
    try:
        sheet, rows = _sheet_rows(path)
    except CrbdError:
        raise
    except Exception:  # openpyxl raises many kinds of error on a damaged workbook
        message = _("{path}: is not an xlsx workbook crbd can read (damaged or not a workbook).")
        raise FileProblem(message.format(path=path)) from None
    return sheet, _sheet_document(path, sheet, rows)


def _sheet_rows(path: Path) -> tuple[str, list[tuple[Any, ...]]]:
    import warnings

    from openpyxl import load_workbook

    from toolkit.i18n import _

    with warnings.catch_warnings():  # openpyxl warns of Excel extensions it does not keep
        warnings.simplefilter("ignore")
        book = load_workbook(path, read_only=True, data_only=True)
    try:
        name = XLSX_SHEET if XLSX_SHEET in book.sheetnames else book.sheetnames[0]
        rows: list[tuple[Any, ...]] = []
        for row in book[name].iter_rows(values_only=True, max_col=64):
            rows.append(tuple(row))
            if len(rows) > XLSX_LIMITS["rows"]:
                message = _("{path}: sheet {sheet} has more than {limit:,} rows.")
                raise FileProblem(message.format(path=path, sheet=name, limit=XLSX_LIMITS["rows"]))
        return name, rows
    finally:
        book.close()


def _sheet_document(path: Path, sheet: str, rows: list[tuple[Any, ...]]) -> YamlDocument:
    from toolkit.i18n import _

    titles = {title.lower(): name for title, name in _SHEET_COLUMNS.items()}
    titles |= {_(title).lower(): name for title, name in _SHEET_COLUMNS.items()}
    header = [_cell_text(cell).lower() for cell in rows[0]] if rows else []
    columns = {number: titles[title] for number, title in enumerate(header) if title in titles}
    if "id" not in columns.values() or "answer" not in columns.values():
        message = _(
            "needs a header row with an ID (or Control) column and an Answer column "
            "(found {found}); export the template with `crbd export FILE --to answers-template`"
        )
        found = ", ".join(title for title in header if title) or _("none")
        raise ValidationFailed([_SheetProblem(path, "", message.format(found=found), 1, sheet)])
    entries: dict[str, Any] = {}
    lines: dict[Loc, int] = {}
    first_row: dict[str, int] = {}
    problems: list[Problem] = []
    for number, row in enumerate(rows[1:], 2):
        cells = dict.fromkeys(columns.values(), "")
        for column, name in columns.items():
            if column < len(row):
                cells[name] = _cell_text(row[column])
        key = cells.pop("id")
        cells["answer"] = _ANSWER_BY_LABEL.get(cells["answer"].lower(), cells["answer"])
        if not key or not cells["answer"]:
            continue  # the note, evidence and dates shown with an unanswered row are on file
        if key in first_row:
            message = _("appears twice (rows {first} and {second}); keep one row")
            problems.append(
                _SheetProblem(
                    path, key, message.format(first=first_row[key], second=number), number, sheet
                )
            )
            continue
        first_row[key] = number
        entry: dict[str, Any] = {"answer": cells["answer"], "note": cells.get("note", "")}
        for optional in ("target_date", "reason"):
            if cells.get(optional):
                entry[optional] = cells[optional]
        if cells.get("evidence"):
            entry["evidence"] = _evidence_entries(cells["evidence"])
        action = {name: cells[name] for name in ("owner", "due") if cells.get(name)}
        if action:
            entry["action"] = action
        entries[key] = entry
        for place in ((key,), *((key, name) for name in (*CSV_COLUMNS[1:], "evidence"))):
            lines[place] = number
    if problems:
        raise ValidationFailed(problems)
    return YamlDocument(path, entries, lines)


def _answer_labels() -> dict[str, str]:
    from toolkit.report.labels import ANSWER_LABEL, NOT_ANSWERED

    return {label.lower(): answer.value for answer, label in ANSWER_LABEL.items()} | {
        NOT_ANSWERED.lower(): ""
    }


_ANSWER_BY_LABEL = _answer_labels()
"""The xlsx export's answer labels ("Not applicable") as the answer words they stand for."""


def _cell_text(value: Any) -> str:
    """A cell as the text a CSV cell would hold: a date as YYYY-MM-DD, a whole number
    without a decimal point."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _evidence_entries(text: str) -> list[dict[str, str]]:
    """Evidence lines as written by the exports, `DESCRIPTION (LINK; valid until DATE)`, back
    into entries; a line without that ending (a link with a slash) is a description."""
    entries = []
    for line in (line.strip() for line in text.splitlines()):
        if not line:
            continue
        entry = {"description": line}
        head, opened, details = line.rpartition(" (")
        parts = details[:-1].split("; ")
        if opened and head and details.endswith(")") and all(map(_evidence_detail, parts)):
            entry = {"description": head}
            for detail in parts:
                if detail.startswith("valid until "):
                    entry["valid_until"] = detail.removeprefix("valid until ")
                else:
                    entry["link_or_path"] = detail
        entries.append(entry)
    return entries


def _evidence_detail(detail: str) -> bool:
    return detail.startswith("valid until ") or "/" in detail
