"""CISO Assistant audit back into an assessment: round trip, source kept, wrong packs refused."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.helpers import EXAMPLES, MINI, mini_opened
from toolkit.engine.evaluate import evaluate
from toolkit.errors import FileProblem, UsageProblem, ValidationFailed
from toolkit.export import ExportTarget, render_export
from toolkit.model.assessment import Acceptance, Action, ActionStatus, Answer, with_answer
from toolkit.model.files import load_assessment, save_assessment
from toolkit.model.pack import Pack
from toolkit.workflow.importing import import_ciso_assistant_audit
from toolkit.workflow.lock import lock_path
from toolkit.workflow.opening import open_assessment

TODAY = date(2026, 11, 20)


@pytest.fixture
def files(mini: Pack, tmp_path: Path) -> tuple[Path, Path]:
    """A saved mini assessment and its audit, exported by crbd."""
    assessment = mini_opened(mini).assessment
    target = tmp_path / "mini.yaml"
    save_assessment(assessment, target)
    audit = tmp_path / "audit.csv"
    audit.write_bytes(render_export(ExportTarget.CISO_ASSISTANT_AUDIT, evaluate(mini, assessment)))
    return audit, target


def _edit(audit: Path, changes: dict[str, dict[str, str]]) -> None:
    """Change cells of the audit the way a CISO Assistant user would."""
    rows = list(csv.DictReader(io.StringIO(audit.read_text(encoding="utf-8"), newline="")))
    for row in rows:
        row.update(changes.get(row["ref_id"], {}))
    stream = io.StringIO()
    writer = csv.DictWriter(stream, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    audit.write_text(stream.getvalue(), encoding="utf-8")


def _import(audit: Path, target: Path) -> list[str]:
    return import_ciso_assistant_audit(audit, target, [MINI.parent], "I. Importer", TODAY).changed


def test_an_unedited_audit_changes_nothing(files: tuple[Path, Path]) -> None:
    audit, target = files
    before = target.read_bytes()
    summary = import_ciso_assistant_audit(audit, target, [MINI.parent], "I. Importer", TODAY)
    assert summary.changed == []
    assert summary.not_assessed == 1  # A-04, unknown
    assert target.read_bytes() == before
    assert not lock_path(target).exists()


def test_edited_results_become_answers_with_their_source(files: tuple[Path, Path]) -> None:
    audit, target = files
    _edit(
        audit,
        {
            "A-01": {"compliance_result": "compliant", "observations": "Done in March."},
            "A-02": {"compliance_result": "non_compliant", "requirement_progress": "to_do"},
            "A-04": {"compliance_result": "not_applicable", "observations": ""},
            "B-02": {"compliance_result": "compliant"},
        },
    )
    assert _import(audit, target) == ["A-01", "A-02", "A-04"]
    answers = load_assessment(target).answers
    assert answers["A-01"].answer is Answer.YES and answers["A-01"].note == "Done in March."
    assert answers["A-01"].answered_by == "I. Importer (imported from CISO Assistant: audit.csv)"
    assert answers["A-01"].answered_on == TODAY
    assert answers["A-02"].answer is Answer.NO
    assert answers["A-04"].answer is Answer.NA and answers["A-04"].note
    kept = answers["B-02"]
    assert kept.answer is Answer.ALTERNATIVE and kept.evidence[0].description == "Old audit"
    assert load_assessment(target).metadata.updated_on == TODAY


def test_a_planned_answer_keeps_its_target_date(files: tuple[Path, Path]) -> None:
    audit, target = files
    _edit(audit, {"A-03": {"observations": "Scheduled."}})
    assert _import(audit, target) == ["A-03"]
    answer = load_assessment(target).answers["A-03"]
    assert answer.answer is Answer.PLANNED and answer.target_date == date(2027, 3, 1)


def test_an_audit_of_another_pack_is_refused_and_nothing_is_written(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    _, target = files
    opened = open_assessment(EXAMPLES / "yarnly.yaml")
    other = tmp_path / "core-audit.csv"
    other.write_bytes(
        render_export(ExportTarget.CISO_ASSISTANT_AUDIT, evaluate(opened.pack, opened.assessment))
    )
    before = target.read_bytes()
    with pytest.raises(UsageProblem, match="audit of pack 'core'.*against pack 'mini'"):
        _import(other, target)
    assert target.read_bytes() == before


GDPR_NODE = "urn:intuitem:risk:req_node:gdpr:8.2"
A_01 = "urn:crbd:risk:req_node:mini:a-01"


@pytest.mark.parametrize(
    ("changes", "error", "message"),
    [
        ({"A-01": {"urn": GDPR_NODE}}, UsageProblem, "not a requirement of a crbd pack"),
        ({"A-01": {"ref_id": "Z-99"}}, UsageProblem, "not a control of pack mini"),
        ({"A-01": {"compliance_result": "great"}}, FileProblem, "has result 'great'"),
        (
            {"A-02": {"ref_id": "A-01", "urn": A_01}},
            FileProblem,
            r"audit.csv: rows 2 and 3 both give A-01 \(non_compliant, to_do and "
            r"partially_compliant, in_progress\); keep one of them\.",
        ),
    ],
)
def test_rows_that_cannot_be_placed_are_refused(
    files: tuple[Path, Path], changes: dict[str, dict[str, str]], error: type, message: str
) -> None:
    audit, target = files
    _edit(audit, changes)
    with pytest.raises(error, match=message):
        _import(audit, target)


def test_a_file_without_the_audit_columns_is_refused(files: tuple[Path, Path]) -> None:
    audit, target = files
    audit.write_text("name,value\nx,1\n", encoding="utf-8")
    with pytest.raises(FileProblem, match="no urn, ref_id, compliance_result column"):
        _import(audit, target)


def test_unassessable_rows_are_skipped(files: tuple[Path, Path]) -> None:
    audit, target = files
    _edit(audit, {"A-01": {"assessable": "false", "compliance_result": "compliant"}})
    assert _import(audit, target) == []


def test_a_planned_answer_without_a_date_is_refused_with_its_row(
    files: tuple[Path, Path],
) -> None:
    audit, target = files
    before = target.read_bytes()
    _edit(
        audit,
        {
            "A-01": {"compliance_result": "compliant"},
            "A-02": {"compliance_result": "non_compliant", "requirement_progress": "in_progress"},
        },
    )
    with pytest.raises(ValidationFailed, match=r"^audit.csv:3 A-02: non_compliant and in_progress"):
        _import(audit, target)
    assert target.read_bytes() == before  # A-01 is not recorded either


CA_COLUMNS = [
    "urn", "ref_id", "name", "description", "typical_evidence", "annotation",
    "compliance_result", "extended_result", "requirement_progress", "score", "observations",
]  # fmt: skip
"""The columns of CISO Assistant's own audit download, in its order (the
`compliance_assessment_csv` action of `backend/core/views.py`, intuitem/ciso-assistant-community
at f990d7b1b9a9f56e391acbc247c9076262a11412)."""


def _ciso_assistant_download(pack: Pack, path: Path, results: dict[str, tuple[str, str]]) -> None:
    """An audit as CISO Assistant downloads it: a byte-order mark, `;` between cells, a
    heading row per domain with its result cells empty, an unset score left empty, text
    starting like a formula quoted with an apostrophe."""
    stream = io.StringIO()
    writer = csv.writer(stream, delimiter=";")
    writer.writerow(CA_COLUMNS)
    for domain in pack.domains:
        urn = f"urn:crbd:risk:req_node:{pack.id}:{domain.prefix.lower()}"
        writer.writerow([urn, domain.prefix, domain.title, "", "", "", "", "", "", "", ""])
        for control in domain.controls:
            result, progress = results.get(control.id, ("not_assessed", "to_do"))
            writer.writerow(
                [
                    f"urn:crbd:risk:req_node:{pack.id}:{control.id.lower()}", control.id,
                    control.title, control.question, "", "'=why", result, None, progress,
                    None, "'- reviewed in CISO Assistant",
                ]
            )  # fmt: skip
    path.write_text("\ufeff" + stream.getvalue(), encoding="utf-8")


def test_ciso_assistants_own_download_imports(
    files: tuple[Path, Path], mini: Pack, tmp_path: Path
) -> None:
    _, target = files
    download = tmp_path / "audit_export.csv"
    _ciso_assistant_download(
        mini, download, {"A-01": ("compliant", "done"), "A-04": ("not_applicable", "done")}
    )
    assert _import(download, target) == ["A-01", "A-04"]
    answers = load_assessment(target).answers
    assert answers["A-01"].answer is Answer.YES
    assert answers["A-01"].note == "- reviewed in CISO Assistant"
    assert answers["A-04"].answer is Answer.NA


def test_a_download_matching_nothing_or_of_another_pack_is_refused_by_the_command(
    files: tuple[Path, Path], mini: Pack, tmp_path: Path, core: Pack
) -> None:
    from typer.testing import CliRunner

    from toolkit.cli import app

    _, target = files
    before = target.read_bytes()
    empty = tmp_path / "headings.csv"
    empty.write_text("\ufeff" + ";".join(CA_COLUMNS) + "\r\nurn:x;GOV;Governance;;;;;;;;\r\n")
    other = tmp_path / "core.csv"
    _ciso_assistant_download(core, other, {"GOV-01": ("compliant", "done")})
    for audit, message in (
        (empty, "has no assessable requirement with a result"),
        (other, "is an audit of pack 'core'"),
    ):
        result = CliRunner().invoke(
            app,
            ["--checklists", str(MINI.parent), "import", "--from", "ciso-assistant-audit",
             str(audit), "--into", str(target)],
        )  # fmt: skip
        assert result.exit_code == 2, result.stderr
        assert message in result.stderr and "Nothing to change" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert target.read_bytes() == before


def test_two_conflicting_rows_of_a_download_are_refused_naming_both(
    files: tuple[Path, Path], mini: Pack, tmp_path: Path
) -> None:
    _, target = files
    download = tmp_path / "audit_export.csv"
    _ciso_assistant_download(mini, download, {"A-01": ("compliant", "done")})
    lines = download.read_text(encoding="utf-8").splitlines()
    row = next(line for line in lines if ";A-01;" in line)
    download.write_text(
        "\n".join([*lines, row.replace(";compliant;", ";non_compliant;")]) + "\n",
        encoding="utf-8",
    )
    with pytest.raises(FileProblem, match=r"rows 3 and \d+ both give A-01 \(compliant, done and "):
        _import(download, target)


def test_an_undated_plan_already_on_file_is_left_alone(mini: Pack, tmp_path: Path) -> None:
    assessment = mini_opened(mini).assessment
    undated = assessment.answers["A-03"].model_copy(update={"target_date": None})
    assessment = with_answer(assessment, "A-03", undated)
    target = tmp_path / "mini.yaml"
    save_assessment(assessment, target)
    audit = tmp_path / "audit.csv"
    audit.write_bytes(render_export(ExportTarget.CISO_ASSISTANT_AUDIT, evaluate(mini, assessment)))
    assert _import(audit, target) == []


def test_owners_and_acceptances_survive_an_import(files: tuple[Path, Path], mini: Pack) -> None:
    audit, target = files
    assessment = load_assessment(target)
    owned = assessment.answers["A-01"].model_copy(update={"action": Action(owner="Sam")})
    accepted = assessment.answers["A-02"].model_copy(
        update={
            "action": Action(owner="Ana"),
            "acceptance": Acceptance(
                approved_by="Dana",
                approved_on=date(2026, 10, 1),
                expires_on=date(2027, 4, 1),
                justification="Retired next quarter",
            ),
        }
    )
    save_assessment(with_answer(with_answer(assessment, "A-01", owned), "A-02", accepted), target)
    _edit(
        audit,
        {
            "A-01": {"compliance_result": "compliant", "observations": "Fixed."},
            "A-02": {"compliance_result": "non_compliant", "requirement_progress": "to_do"},
        },
    )
    assert _import(audit, target) == ["A-01", "A-02"]
    answers = load_assessment(target).answers
    assert answers["A-01"].action == Action(owner="Sam", status=ActionStatus.DONE)
    assert answers["A-01"].acceptance is None
    assert answers["A-02"].answer is Answer.NO and answers["A-02"].action == Action(owner="Ana")
    assert answers["A-02"].acceptance is not None
    assert answers["A-02"].acceptance.approved_by == "Dana"


@given(
    st.lists(
        st.lists(st.sampled_from(["", "compliant", "A-01", A_01, "'=x", "to_do", '"', "\n"])),
        max_size=6,
    ),
    st.sampled_from([",", ";", "\t"]),
    st.booleans(),
)
def test_any_audit_file_is_read_or_refused_in_words(
    rows: list[list[str]], delimiter: str, header: bool
) -> None:
    import tempfile

    from toolkit.errors import CrbdError
    from toolkit.model.packs import load_pack
    from toolkit.workflow.importing import read_audit

    pack = load_pack(MINI)
    stream = io.StringIO()
    writer = csv.writer(stream, delimiter=delimiter)
    if header:
        writer.writerow(["urn", "ref_id", "compliance_result", "requirement_progress"])
    writer.writerows(rows)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "audit.csv"
        path.write_text("\ufeff" + stream.getvalue(), encoding="utf-8")
        try:
            read_audit(path, pack)
        except CrbdError as error:
            assert str(error).strip()
