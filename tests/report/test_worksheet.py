"""`crbd worksheet`: a printable blank form of the controls to ask, grouped by domain."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from tests.helpers import MINI, assessment_of
from toolkit.cli import app
from toolkit.engine.workshop import worksheet_domains
from toolkit.model.files import save_assessment
from toolkit.model.pack import Pack


def crbd(*args: str) -> int:
    result = CliRunner().invoke(
        app, ["--checklists", str(MINI.parent), "worksheet", *args], catch_exceptions=False
    )
    return result.exit_code


def pdf_text(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return " ".join("".join(page.extract_text() for page in reader.pages).split())


@pytest.mark.slow
def test_without_a_profile_every_control_is_asked(tmp_path: Path) -> None:
    target = tmp_path / "worksheet.pdf"
    assert crbd("--pack", "mini", "-o", str(target)) == 0
    text = pdf_text(target)
    for control_id in ("A-01", "A-02", "A-03", "A-04", "B-01", "B-02"):
        assert control_id in text
    assert "All 6 controls" in text
    assert "Is the critical thing done?" in text
    assert text.index("Alpha") < text.index("A-01") < text.index("Beta") < text.index("B-01")
    for answer in ("Yes", "Partial", "No", "Unknown", "Not applicable", "Planned"):
        assert answer in text
    assert "Notes and evidence" in text


@pytest.mark.slow
def test_a_profile_limits_the_form_to_controls_in_scope(mini: Pack, tmp_path: Path) -> None:
    profile = tmp_path / "kite.yaml"
    save_assessment(assessment_of(mini, {"audience": "adults", "features": ["chat"]}, {}), profile)
    target = tmp_path / "worksheet.pdf"
    assert crbd("--profile", str(profile), "-o", str(target)) == 0
    text = pdf_text(target)
    assert "The 4 controls in scope for Test product" in text
    assert "A-04" in text and "B-01" not in text and "B-02" not in text
    assert "Beta" not in text  # a domain with nothing in scope is left out


def test_worksheet_domains_keeps_controls_answered_not_applicable(mini: Pack) -> None:
    profiled = assessment_of(mini, {"audience": "children", "features": ["live"]}, {"A-01": "na"})
    chosen = worksheet_domains(mini, profiled)
    assert [[c.id for c in controls] for _, controls in chosen] == [
        ["A-01", "A-02", "A-03", "A-04"],
        ["B-01"],
    ]


def test_html_worksheet(mini: Pack, tmp_path: Path) -> None:
    target = tmp_path / "worksheet.html"
    assert crbd("--pack", "mini", "-o", str(target)) == 0
    html = target.read_text()
    # Every answer for every control, and every option of the two profile questions.
    options = sum(len(question.options) for question in mini.profile)
    assert html.count('class="box"') == 6 * 7 + options
    assert html.count('Planned<span class="planned">by') == 6  # a line for the target date


def test_the_profile_page_comes_first_and_a_profile_is_ticked(mini: Pack, tmp_path: Path) -> None:
    profile = tmp_path / "kite.yaml"
    save_assessment(assessment_of(mini, {"audience": "adults", "features": ["chat"]}, {}), profile)
    target = tmp_path / "worksheet.html"
    assert crbd("--profile", str(profile), "-o", str(target)) == 0
    html = target.read_text()
    assert html.index("The product profile") < html.index("A-01")
    assert html.count('class="box ticked"') == 2  # adults; chat


@pytest.mark.slow
def test_the_full_core_pack_is_dense(tmp_path: Path) -> None:
    """At least three controls to an A4 page; the whole core pack within 45 pages."""
    from toolkit.model.packs import load_pack, resolve_pack

    core = load_pack(resolve_pack("core"))
    target = tmp_path / "worksheet.pdf"
    assert crbd("-o", str(target)) == 0
    reader = PdfReader(io.BytesIO(target.read_bytes()))
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    assert len(pages) <= 45
    assert "The product profile" in pages[0] and "Which features does the product have?" in pages[0]
    ids = [c.id for c in core.controls()]
    per_page = [sum(f"{i} " in page for i in ids) for page in pages[1:]]
    assert sum(per_page) >= len(ids)
    assert all(count >= 3 for count in per_page[:-1]), per_page  # the last page may hold fewer
    assert "Planned by" in pages[1]


def test_worksheet_help_has_an_example() -> None:
    assert "Example: crbd worksheet" in CliRunner().invoke(app, ["worksheet", "--help"]).stdout
