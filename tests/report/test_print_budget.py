"""A PDF has a size budget: beyond it crbd refuses in one line before any layout, instead of
running for an hour or exhausting memory, and points to HTML, which has no such bound."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.helpers import MINI, assessment_of
from toolkit.cli import app
from toolkit.model.files import save_assessment
from toolkit.model.pack import Pack
from toolkit.report import pdf

runner = CliRunner()
PROFILE: dict[str, str | list[str]] = {"audience": "children", "features": ["chat"]}
ANSWERS = {"A-01": "yes", "A-02": "no", "A-03": "partial", "A-04": "no", "B-02": "no"}


def crbd(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--checklists", str(MINI.parent), *args], catch_exceptions=False)
    return result.exit_code, result.stderr


def assert_refused(code: int, stderr: str) -> None:
    assert code == 2, stderr
    assert stderr.count("\n") == 1 and stderr.startswith("crbd: "), stderr
    assert "too large for a PDF" in stderr and ".html" in stderr


def team_file(mini: Pack, folder: Path, name: str = "team", notes: int = 0) -> Path:
    """An assessment of the mini pack; `notes` words of note on each of three answers."""
    made = assessment_of(mini, PROFILE, ANSWERS)
    long = {"note": " ".join(f"w{index}" for index in range(notes))} if notes else {}
    answers = {
        key: value.model_copy(update=long) if key in ("A-02", "A-04", "B-02") else value
        for key, value in made.answers.items()
    }
    path = folder / f"{name}.yaml"
    save_assessment(made.model_copy(update={"answers": answers}), path)
    return path


@pytest.mark.slow
def test_a_report_beyond_the_budget_is_refused_and_html_holds_all_of_it(
    mini: Pack, tmp_path: Path
) -> None:
    # three notes of about 890,000 characters each: each value is within the YAML
    # limit of 1 MiB, the file within 64 MB, but the printed report is beyond the budget
    path = team_file(mini, tmp_path, notes=120_000)
    code, stderr = crbd("report", str(path), "-o", str(tmp_path / "big.pdf"))
    assert_refused(code, stderr)
    pages = int(stderr.split("about ")[1].split(" pages")[0].replace(",", ""))
    assert pages > pdf.MAX_PRINT_HTML // pdf.HTML_PER_PAGE
    assert not (tmp_path / "big.pdf").exists()
    code, stderr = crbd("report", str(path), "-o", str(tmp_path / "big.html"))
    assert code == 0, stderr
    html = (tmp_path / "big.html").read_text(encoding="utf-8")
    assert html.count(" w119999") >= 3  # every note whole


@pytest.mark.slow
def test_a_report_within_the_budget_is_printed(mini: Pack, tmp_path: Path) -> None:
    code, stderr = crbd("report", str(team_file(mini, tmp_path)), "-o", str(tmp_path / "r.pdf"))
    assert code == 0, stderr
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF-")


@pytest.mark.slow
@pytest.mark.parametrize("document", ["report", "compare", "workshop", "worksheet"])
def test_every_pdf_crbd_writes_keeps_to_the_budget(
    mini: Pack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, document: str
) -> None:
    one, other = team_file(mini, tmp_path, "one"), team_file(mini, tmp_path, "other")
    target = tmp_path / "out.pdf"
    arguments = {
        "report": ["report", str(one), "-o", str(target)],
        "compare": ["compare", str(one), str(other), "-o", str(target)],
        "workshop": ["workshop", str(one), str(other), "-o", str(target)],
        "worksheet": ["worksheet", "--profile", str(one), "-o", str(target)],
    }[document]
    monkeypatch.setattr(pdf, "MAX_PRINT_HTML", 1_000)
    assert_refused(*crbd(*arguments))
    assert not target.exists()


@pytest.mark.slow
def test_verify_refuses_a_report_whose_assessment_is_beyond_the_budget(
    mini: Pack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = tmp_path / "r.pdf"
    assert crbd("report", str(team_file(mini, tmp_path)), "-o", str(report))[0] == 0
    assert crbd("verify", str(report))[0] == 0
    # A file embedding an assessment too large to print cannot be one crbd made;
    # lowering the budget makes this small one such a file without forging a PDF.
    monkeypatch.setattr(pdf, "MAX_PRINT_HTML", 1_000)
    code, stderr = crbd("verify", str(report))
    assert code == 1, stderr
    assert "crbd prints as a PDF, so crbd did not make this file from it" in stderr
