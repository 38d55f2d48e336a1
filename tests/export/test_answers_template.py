"""The fill-in workbook both ways: exported, filled in with openpyxl as a user would, read back."""

from __future__ import annotations

import io
import shutil
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from tests.helpers import EXAMPLES, MINI
from toolkit.cli import app
from toolkit.engine.evaluate import evaluate
from toolkit.errors import CrbdError, ValidationFailed
from toolkit.export import ExportTarget, render_export
from toolkit.model.files import load_assessment
from toolkit.model.pack import Pack
from toolkit.model.packs import load_pack
from toolkit.model.resources import bundled
from toolkit.workflow.answers_file import read_answers_file
from toolkit.workflow.opening import open_assessment

runner = CliRunner()
DAY = date(2026, 12, 1)
HEADER = [
    "ID", "Domain", "Severity", "Question", "Guidance", "Current answer",
    "Answer", "Note", "Evidence", "Target date", "Owner", "Due", "Reason",
]  # fmt: skip


def crbd(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--checklists", str(MINI.parent), *args], catch_exceptions=False)
    return result.exit_code, result.stderr


@pytest.fixture
def fresh(in_tmp: Path) -> Path:
    """A mini assessment with the profile answered and two controls answered."""
    code, err = crbd(
        "assess", "kite.yaml", "--pack", "mini", "--as", "Ana",
        "--answer", "audience=children", "--answer", "features=chat",
        "--answer", "A-01=yes", "--answer", "A-02=partial:Web only",
    )  # fmt: skip
    assert code == 3 and "3 questions still unanswered" in err, err
    return in_tmp / "kite.yaml"


def _template(path: Path, *extra: str) -> openpyxl.Workbook:
    code, err = crbd("export", str(path), "--to", "answers-template", "-o", "t.xlsx", *extra)
    assert code == 0, err
    return openpyxl.load_workbook("t.xlsx")


def _row_of(sheet: openpyxl.worksheet.worksheet.Worksheet, control_id: str) -> int:
    return next(
        row for row in range(2, sheet.max_row + 1) if sheet.cell(row, 1).value == control_id
    )


def test_the_template_lists_the_open_questions_with_drop_down_dates_and_locks(
    fresh: Path,
) -> None:
    book = _template(fresh)
    sheet = book["Answers"]
    assert [cell.value for cell in sheet[1]] == HEADER
    ids = [sheet.cell(row, 1).value for row in range(2, sheet.max_row + 1)]
    opened = open_assessment(fresh, [MINI.parent])
    assert ids == evaluate(opened.pack, opened.assessment).result.unanswered
    assert "A-01" not in ids and "A-03" in ids
    row = _row_of(sheet, "A-03")
    assert sheet.cell(row, 4).value == opened.pack.require_control("A-03").question.strip()
    (choices,) = [v for v in sheet.data_validations.dataValidation if v.type == "list"]
    assert choices.formula1 == '"yes,alternative,partial,planned,no,unknown,na"'
    assert str(choices.sqref) == f"G2:G{sheet.max_row}"
    (dates,) = [v for v in sheet.data_validations.dataValidation if v.type == "date"]
    assert str(dates.sqref) == f"J2:J{sheet.max_row} L2:L{sheet.max_row}"
    assert sheet.protection.sheet and not sheet.protection.password
    assert sheet.cell(row, 1).protection.locked and sheet.cell(row, 4).protection.locked
    assert not any(sheet.cell(row, column).protection.locked for column in range(7, 14))
    assert sheet.cell(row, 10).number_format == "yyyy-mm-dd"
    everything = _template(fresh, "--all")["Answers"]
    profile = [question.id for question in opened.pack.profile]
    assert [everything.cell(row, 1).value for row in range(2, 2 + len(profile))] == profile
    assert everything.max_row - 1 == len(profile) + len(list(opened.pack.controls()))
    assert everything.cell(_row_of(everything, "A-02"), 6).value == "Partial"
    assert everything.cell(_row_of(everything, "A-02"), 8).value == "Web only"


def test_a_new_assessment_asks_the_profile_first_and_reads_it_back(in_tmp: Path) -> None:
    code, err = crbd("assess", "new.yaml", "--pack", "mini", "--answer", "A-01=yes")
    assert code == 3, err
    book = _template(in_tmp / "new.yaml")
    sheet = book["Answers"]
    assert [sheet.cell(row, 1).value for row in (2, 3)] == ["audience", "features"]
    assert sheet.cell(2, 2).value == "Product profile" and sheet.cell(2, 6).value == "Not answered"
    assert "children" in sheet.cell(2, 5).value and "comma-separated" in sheet.cell(3, 5).value
    assert not sheet.cell(2, 7).protection.locked and sheet.cell(2, 8).protection.locked
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert lists["G2"] == '"children,adults"' and "G3" not in lists
    sheet.cell(2, 7).value = "children"
    sheet.cell(3, 7).value = "chat, live"
    sheet.cell(_row_of(sheet, "A-02"), 7).value = "no"
    book.save("filled.xlsx")
    code, err = crbd("assess", "new.yaml", "--answers-file", "filled.xlsx")
    saved = load_assessment(in_tmp / "new.yaml")
    assert saved.profile == {"audience": "children", "features": ["chat", "live"]}, err
    assert saved.answers["A-02"].answer.value == "no"


def test_filled_in_as_a_user_would_it_is_read_back_and_recorded(fresh: Path) -> None:
    book = _template(fresh)
    sheet = book["Answers"]
    row = _row_of(sheet, "A-03")
    sheet.cell(row, 7).value = "planned"
    sheet.cell(row, 8).value = "Moderation queue next quarter"
    sheet.cell(row, 9).value = "Roadmap (https://example.org/roadmap)"
    sheet.cell(row, 10).value = datetime(2027, 3, 31)
    sheet.cell(row, 11).value = "Sam"
    sheet.cell(row, 12).value = date(2027, 3, 1)
    book.save("filled.xlsx")
    code, err = crbd("assess", str(fresh), "--answers-file", "filled.xlsx", "--as", "Bo")
    assert code == 3, err  # two questions still open
    assert "Recorded 1 answer from filled.xlsx." in err
    given = load_assessment(fresh).answers["A-03"]
    assert given.answer.value == "planned" and given.target_date == date(2027, 3, 31)
    assert given.note == "Moderation queue next quarter" and given.answered_by == "Bo"
    assert given.evidence[0].description == "Roadmap"
    assert given.evidence[0].link_or_path == "https://example.org/roadmap"
    assert given.action is not None and given.action.owner == "Sam"
    assert given.action.due == date(2027, 3, 1)
    assert load_assessment(fresh).answers["A-02"].note == "Web only"


def test_a_bad_value_a_bad_date_and_an_unknown_id_are_named_by_sheet_and_row(
    fresh: Path,
) -> None:
    book = _template(fresh)
    sheet = book["Answers"]
    sheet.cell(_row_of(sheet, "A-03"), 7).value = "sorta"
    row = _row_of(sheet, "A-04")
    sheet.cell(row, 7).value = "planned"
    sheet.cell(row, 10).value = "next spring"
    sheet.protection.sheet = False  # a user who unprotects the sheet and types an id
    sheet.cell(sheet.max_row + 1, 1).value = "Z-99"
    sheet.cell(sheet.max_row, 7).value = "yes"
    book.save("filled.xlsx")
    before = fresh.read_bytes()
    code, err = crbd("assess", str(fresh), "--answers-file", "filled.xlsx")
    assert code == 2
    lines = [line.strip().removeprefix("crbd: ") for line in err.splitlines()]
    assert any(
        line.startswith(f"filled.xlsx, sheet Answers, row {_row_of(sheet, 'A-03')}: A-03: "
                        "'sorta' is not an answer")
        for line in lines
    ), err  # fmt: skip
    assert any(
        line.startswith(f"filled.xlsx, sheet Answers, row {row}: A-04:") and "next spring" in line
        for line in lines
    ), err
    assert any(
        line.startswith(f"filled.xlsx, sheet Answers, row {sheet.max_row}: Z-99: is not a control")
        for line in lines
    ), err
    assert fresh.read_bytes() == before  # nothing applied until every row is valid


def test_a_row_given_twice_names_both_rows(fresh: Path, mini: Pack) -> None:
    book = _template(fresh)
    sheet = book["Answers"]
    sheet.protection.sheet = False
    first = _row_of(sheet, "A-03")
    sheet.cell(first, 7).value = "yes"
    sheet.append(["A-03", "", "", "", "", "", "no"])
    book.save("filled.xlsx")
    with pytest.raises(ValidationFailed) as raised:
        read_answers_file(Path("filled.xlsx"), mini, "Ana", DAY)
    assert str(raised.value) == (
        f"filled.xlsx, sheet Answers, row {sheet.max_row}: A-03: appears twice "
        f"(rows {first} and {sheet.max_row}); keep one row"
    )


def test_the_xlsx_exports_own_answers_sheet_reads_back(tmp_path: Path, core: Pack) -> None:
    example = tmp_path / "yarnly.yaml"
    shutil.copy(EXAMPLES / "yarnly.yaml", example)
    opened = open_assessment(example, [bundled("checklists")])
    workbook = tmp_path / "yarnly.xlsx"
    workbook.write_bytes(render_export(ExportTarget.XLSX, evaluate(opened.pack, opened.assessment)))
    with pytest.raises(ValidationFailed, match=r"sheet Answers, row \d+: CON-14: is planned and"):
        read_answers_file(workbook, opened.pack, "Ana", DAY)  # yarnly's plan has no date yet
    book = openpyxl.load_workbook(workbook)
    sheet = book["Answers"]
    sheet.cell(_row_of(sheet, "CON-14"), 13).value = date(2027, 6, 30)
    book.save(workbook)
    supplied = read_answers_file(workbook, opened.pack, "Ana", DAY)
    assert supplied.answers["CON-14"].target_date == date(2027, 6, 30)
    answers = opened.assessment.answers
    assert set(supplied.answers) == set(answers)
    for control_id, read in supplied.answers.items():
        held = answers[control_id]
        target = date(2027, 6, 30) if control_id == "CON-14" else held.target_date
        assert (read.answer, read.note, read.target_date) == (
            held.answer, held.note, target,
        ), control_id  # fmt: skip
        assert read.evidence == held.evidence, control_id


def test_a_workbook_that_is_not_one_or_too_large_is_refused_in_one_sentence(
    tmp_path: Path, mini: Pack
) -> None:
    path = tmp_path / "answers.xlsx"
    path.write_text("id,answer\nA-01,yes\n")
    with pytest.raises(CrbdError, match=r"answers.xlsx: is not an xlsx workbook\.$"):
        read_answers_file(path, mini, "Ana", DAY)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/huge.xml", b"\0" * (129 * 1024 * 1024))
    with pytest.raises(CrbdError, match="is larger than the 16,777,216 bytes"):
        read_answers_file(path, mini, "Ana", DAY)
    book = openpyxl.Workbook()
    book.active.append(["Question", "Comment"])
    book.save(path)
    with pytest.raises(ValidationFailed, match="sheet Sheet, row 1: needs a header row with an ID"):
        read_answers_file(path, mini, "Ana", DAY)


def test_the_yaml_template_reads_back_once_an_entry_is_uncommented(fresh: Path, mini: Pack) -> None:
    code, err = crbd("export", str(fresh), "--to", "answers-template-yaml", "-o", "t.yaml")
    assert code == 0, err
    text = Path("t.yaml").read_text()
    assert "# A-03:\n#   answer: ''\n" in text
    assert yaml.safe_load(text) is None  # nothing is answered until an entry is uncommented
    Path("t.yaml").write_text(text.replace("# A-03:\n#   answer: ''", "A-03:\n  answer: 'no'"))
    assert read_answers_file(Path("t.yaml"), mini, "Ana", DAY).answers["A-03"].answer.value == "no"


def test_all_is_refused_for_other_targets(fresh: Path) -> None:
    code, err = crbd("export", str(fresh), "--to", "xlsx", "--all")
    assert code == 2 and "--all applies to the answers-template targets only" in err


CELL = st.one_of(
    st.none(),
    st.text(max_size=40),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(9000, 1, 1)),
    st.booleans(),
)


@given(st.lists(st.lists(CELL, min_size=0, max_size=14), max_size=8), st.booleans())
def test_any_filled_in_workbook_is_read_or_refused_in_words(
    rows: list[list[object]], keep_header: bool
) -> None:
    pack = load_pack(MINI)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Answers"
    if keep_header:
        sheet.append(HEADER)
    for row in rows:
        sheet.append([_storable(cell) for cell in row])
    saved = io.BytesIO()
    book.save(saved)
    _read_or_refused(saved.getvalue(), pack)


@given(st.binary(max_size=300), st.integers(0, 4000))
def test_a_damaged_workbook_is_refused_in_words(junk: bytes, where: int) -> None:
    pack = load_pack(MINI)
    template = _mini_template()
    at = where % len(template)
    _read_or_refused(template[:at] + junk + template[at + len(junk) :], pack)


def _storable(cell: object) -> object:
    if isinstance(cell, str):
        return openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE.sub("", cell)
    return cell


def _mini_template() -> bytes:
    pack = load_pack(MINI)
    from toolkit.model.assessment import new_assessment

    return render_export(
        ExportTarget.ANSWERS_TEMPLATE, evaluate(pack, new_assessment(pack)), everything=True
    )


def _read_or_refused(content: bytes, pack: Pack) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "filled.xlsx"
        path.write_bytes(content)
        try:
            read_answers_file(path, pack, "Ana", DAY)
        except CrbdError as error:
            assert str(error).strip() and "Traceback" not in str(error)
