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


RISK_PACK = MINI.parent / "mini-risk"


def test_domain_limits_the_form_and_the_file_names_the_team(mini: Pack, tmp_path: Path) -> None:
    profile = tmp_path / "kite.yaml"
    made = assessment_of(mini, {"audience": "children", "features": ["chat"]}, {})
    made = made.model_copy(
        update={"metadata": made.metadata.model_copy(update={"assessors": ["The Owls"]})}
    )
    save_assessment(made, profile)
    whole, only_b = tmp_path / "whole.html", tmp_path / "b.html"
    assert crbd("--profile", str(profile), "-o", str(whole)) == 0
    assert crbd("--profile", str(profile), "--domain", "b", "-o", str(only_b)) == 0
    html = only_b.read_text()
    assert "B-02" in html and "A-01" not in html and "Alpha" not in html
    assert "Only the domains B." in html
    assert len(html) < len(whole.read_text())
    assert "<td>The Owls</td>" in html  # the team line, from the file


def test_an_unknown_domain_is_one_sentence(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["--checklists", str(MINI.parent), "worksheet", "--pack", "mini", "--domain", "ZZ"]
    )
    assert result.exit_code == 2
    assert "No domain ZZ in pack mini; use A, B." in result.stderr


def test_every_control_has_an_owner_and_a_due_line(tmp_path: Path) -> None:
    target = tmp_path / "worksheet.html"
    assert crbd("--pack", "mini", "-o", str(target)) == 0
    html = target.read_text()
    assert html.count('<span class="blank who"></span>Due <span class="blank when">') == 6
    assert "The risk step" not in html  # the mini pack has no harms


def test_the_risk_step_lists_each_harm_in_scope(tmp_path: Path) -> None:
    from toolkit.model.packs import load_pack

    risky = load_pack(RISK_PACK)
    profile = tmp_path / "kite.yaml"
    save_assessment(assessment_of(risky, {"audience": "adults", "features": ["chat"]}, {}), profile)
    target = tmp_path / "worksheet.pdf"
    assert crbd("--profile", str(profile), "-o", str(target)) == 0
    text = pdf_text(target)
    risks = text[text.index("The risk step: harms to children") :]
    # H-CHAT applies only when children use it; H-SPEND always does.
    assert "H-SPEND Spending pressure" in risks and "H-CHAT" not in risks
    assert "Mitigating controls: A-03" in risks and "A-04" in risks
    assert "Default impact: Significant: Money can be recovered." in risks
    for box in ("Remote", "Possible", "Probable", "Minimal", "Severe", "Low", "High"):
        assert box in risks
    assert "Reduced" in risks and "Eliminated" in risks and "Accepted" in risks
    everything = tmp_path / "all.pdf"
    assert crbd("--pack", "mini-risk", "-o", str(everything)) == 0
    risks = pdf_text(everything).split("The risk step: harms to children")[1]
    assert "H-CHAT Abuse in chat" in risks and "H-SPEND" in risks
    assert "Risk factors: Chat, Livestreaming" in risks
    only_b = tmp_path / "b.html"
    assert crbd("--pack", "mini-risk", "--domain", "B", "-o", str(only_b)) == 0
    html = only_b.read_text()  # H-CHAT is mitigated by B-02, H-SPEND only by A controls
    assert "H-CHAT Abuse in chat" in html and "H-SPEND" not in html
    assert "Each harm in scope that a control of B mitigates" in html
    shorter = tmp_path / "short.pdf"
    assert crbd("--pack", "mini-risk", "--domain", "A", "--no-risks", "-o", str(shorter)) == 0
    assert "The risk step" not in pdf_text(shorter)
    assert len(PdfReader(shorter).pages) < len(PdfReader(everything).pages)
