"""`crbd export` and `crbd import` through CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.helpers import MINI, mini_opened
from toolkit.cli import app
from toolkit.model.files import save_assessment
from toolkit.model.pack import Pack

runner = CliRunner()


def crbd(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--checklists", str(MINI.parent), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def mini_file(mini: Pack, in_tmp: Path) -> Path:
    path = in_tmp / "mini.yaml"
    save_assessment(mini_opened(mini).assessment, path)
    return path


def test_export_writes_beside_the_assessment_by_default(mini_file: Path) -> None:
    code, _, err = crbd("export", str(mini_file), "--to", "oscal-poam")
    assert code == 0 and "Wrote mini-oscal-poam.json" in err
    assert "plan-of-action-and-milestones" in json.loads(Path("mini-oscal-poam.json").read_text())


def test_a_text_export_goes_to_stdout(mini_file: Path) -> None:
    code, out, _ = crbd("export", str(mini_file), "--to", "ciso-assistant-audit", "-o", "-")
    assert code == 0 and out.startswith("urn,assessable,ref_id")


def test_a_workbook_goes_to_a_pipe_but_never_to_the_terminal(
    mini_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ["--checklists", str(MINI.parent), "export", str(mini_file), "--to", "xlsx", "-o", "-"]
    piped = runner.invoke(app, args, catch_exceptions=False)
    assert piped.exit_code == 0 and piped.stdout_bytes.startswith(b"PK")  # a zip: the workbook
    monkeypatch.setattr("toolkit.cli.common.stdout_is_terminal", lambda: True)
    code, out, err = crbd("export", str(mini_file), "--to", "xlsx", "-o", "-")
    assert code == 2 and out == ""
    assert "Not writing a binary xlsx to the terminal; redirect it" in err


def test_an_export_never_overwrites_the_assessment(mini_file: Path) -> None:
    before = mini_file.read_bytes()
    code, _, err = crbd(
        "export", str(mini_file), "--to", "ciso-assistant-library", "-o", "mini.yaml"
    )
    assert code == 2 and "is also an input of this command" in err
    assert mini_file.read_bytes() == before


def test_import_reports_what_it_changed(mini_file: Path) -> None:
    assert crbd("export", str(mini_file), "--to", "ciso-assistant-audit", "-o", "audit.csv")[0] == 0
    audit = Path("audit.csv")
    audit.write_text(
        audit.read_text(encoding="utf-8").replace(
            "A-01,Critical thing,Is the critical thing done?,non_compliant",
            "A-01,Critical thing,Is the critical thing done?,compliant",
        ),
        encoding="utf-8",
    )
    code, _, err = crbd(
        "import",
        "--from",
        "ciso-assistant-audit",
        "audit.csv",
        "--into",
        "mini.yaml",
        "--as",
        "Ann",
    )
    assert code == 0, err
    assert "Recorded 1 answer in mini.yaml: A-01." in err
    assert "Ann (imported from CISO Assistant: audit.csv)" in mini_file.read_text()


def test_import_of_a_missing_file_is_one_line_and_exit_2(mini_file: Path) -> None:
    code, _, err = crbd(
        "import", "--from", "ciso-assistant-audit", "nowhere.csv", "--into", str(mini_file)
    )
    assert code == 2 and err == "crbd: nowhere.csv: no such file.\n"
