"""The other formats, rendered from the same view as the PDF: HTML, Markdown, CSV, DOCX, JSON.

The HTML, Markdown and Word text of the mini packs are golden files in tests/golden/,
to review like code. When a change to the report is intended, regenerate them with
`CRBD_UPDATE_GOLDEN=1 pytest tests/report/test_report_formats.py` and review the diff
before committing it.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from tests.helpers import DATA, EXAMPLES, assert_golden, docx_text, mini_opened
from toolkit.cli import app
from toolkit.engine.evaluate import evaluate
from toolkit.engine.scoring import score
from toolkit.model.assessment import ControlAnswer, with_answer
from toolkit.model.pack import Pack
from toolkit.model.packs import load_pack
from toolkit.report import render_report
from toolkit.report.formats import Paper, ReportFormat
from toolkit.report.view import SECTIONS
from toolkit.workflow.opening import Opened, open_assessment

HOSTILE = '=HYPERLINK("http://127.0.0.1:9/") [x](javascript:alert(1)) <b>|</b>'


def _render(chosen: ReportFormat, opened: Opened) -> bytes:
    return render_report(chosen, evaluate(opened.pack, opened.assessment))


@pytest.fixture(scope="module")
def hostile(mini: Pack) -> Opened:
    opened = mini_opened(mini)
    answer = ControlAnswer(answer="no", note=HOSTILE)  # type: ignore[arg-type]
    return Opened(opened.path, mini, with_answer(opened.assessment, "A-01", answer), [])


def test_html_matches_the_reviewed_golden_file(mini: Pack) -> None:
    assert_golden("report-mini.html", _render(ReportFormat.HTML, mini_opened(mini)).decode())


@pytest.fixture(scope="module")
def mini_risk() -> Opened:
    return mini_opened(load_pack(DATA / "packs" / "mini-risk"))


def test_markdown_matches_the_reviewed_golden_file(mini_risk: Opened) -> None:
    assert_golden("report-mini-risk.md", _render(ReportFormat.MD, mini_risk).decode())


def test_docx_text_matches_the_reviewed_golden_file(mini_risk: Opened) -> None:
    document = docx.Document(io.BytesIO(_render(ReportFormat.DOCX, mini_risk)))
    assert_golden("report-mini-risk.docx.txt", docx_text(document) + "\n")


def test_html_is_one_self_contained_file(mini: Pack) -> None:
    html = _render(ReportFormat.HTML, mini_opened(mini)).decode()
    assert "<style>" in html and "@font-face" not in html
    assert 'src="data:image/svg+xml;base64,' in html
    assert "<link" not in html and 'src="http' not in html


def test_markdown_has_every_section_and_escapes_user_text(hostile: Opened) -> None:
    text = _render(ReportFormat.MD, hostile).decode()
    for _, title in SECTIONS:
        assert f"## {title}" in text
    assert "### A-01 Critical thing" in text
    assert "\\[x\\](javascript:alert(1)) \\<b\\>\\|\\</b\\>" in text
    assert "<b>" not in text
    assert "| |" not in text.split("## ")[0]  # no table with an empty header
    assert "Alternative measure (expired)" in text  # the evidence marker of the appendix
    assert "**Question.** Is the critical thing done?" in text
    assert "Subtotal A: 100 ×" in text


def test_csv_is_the_action_plan_one_row_per_gap(hostile: Opened) -> None:
    data = _render(ReportFormat.CSV, hostile)
    assert data.startswith("\ufeff".encode())  # spreadsheets then read it as UTF-8
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    result = score(hostile.pack, hostile.assessment)
    assert [row["id"] for row in rows] == [gap.control_id for gap in result.gaps]
    first = rows[0]
    assert first["horizon"] == "Now" and first["severity"] == "critical"
    assert first["first_step"] == first["steps"] == "Do the critical thing."
    assert first["references"] == "demo S1: Section one"
    assert first["note"].startswith("'=HYPERLINK")  # a spreadsheet shows it, never runs it
    assert (first["owner"], first["status"], first["due"]) == ("", "", "")  # nothing records them
    planned = next(row for row in rows if row["id"] == "A-03")
    assert (planned["horizon"], planned["target_date"]) == ("Next", "2027-03-01")


def test_csv_keeps_each_step_on_its_own_line() -> None:
    opened = open_assessment(EXAMPLES / "yarnly.yaml")
    evaluation = evaluate(opened.pack, opened.assessment)
    data = render_report(ReportFormat.CSV, evaluation).decode("utf-8-sig")
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(data))}
    for item in evaluation.plan.items:
        control = opened.pack.control(item.control_id)
        assert control is not None
        assert rows[item.control_id]["steps"].split("\n") == [
            " ".join(step.split()) for step in control.remediation
        ]
    assert any("§" in row["references"] for row in rows.values())


def test_docx_holds_the_main_sections(hostile: Opened) -> None:
    document = docx.Document(io.BytesIO(_render(ReportFormat.DOCX, hostile)))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    for _, title in SECTIONS:
        assert title in headings
    assert "A-01 Critical thing" in headings
    text = "\n".join(p.text for p in document.paragraphs)
    assert HOSTILE in text  # literal, as typed
    assert document.core_properties.created is not None
    assert document.core_properties.created.date().isoformat() == "2026-11-01"


def test_docx_bytes_depend_on_the_assessment_not_the_clock(
    hostile: Opened, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time
    import zipfile

    first = _render(ReportFormat.DOCX, hostile)
    later = time.time() + 3 * 86_400 + 1.5  # the clock moved on by three days and a bit
    monkeypatch.setattr(time, "time", lambda: later)
    monkeypatch.setattr(time, "localtime", lambda *_: time.gmtime(later))
    assert _render(ReportFormat.DOCX, hostile) == first
    stamps = {entry.date_time for entry in zipfile.ZipFile(io.BytesIO(first)).infolist()}
    assert stamps == {(2026, 11, 1, 0, 0, 0)}  # the assessment's date


@pytest.mark.parametrize(("paper", "size_mm"), [(Paper.A4, (210, 297)), (Paper.LETTER, (216, 279))])
def test_docx_on_the_chosen_paper_with_header_footer_contents_and_gap_facts(
    paper: Paper, size_mm: tuple[int, int]
) -> None:
    opened = open_assessment(EXAMPLES / "yarnly.yaml")
    evaluation = evaluate(opened.pack, opened.assessment)
    document = docx.Document(io.BytesIO(render_report(ReportFormat.DOCX, evaluation, paper=paper)))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == size_mm
    header = section.header.paragraphs[0].text
    assert "Yarnly 6.2" in header and "2026-11-26" in header and "DRAFT" in header
    footer = section.footer._element.xml
    assert "PAGE" in footer and "NUMPAGES" in footer
    assert "TOC" in document.element.body.xml
    cover = document.tables[0]
    assert cover.rows[0].cells[0].text == "Product"  # no empty header row
    text = docx_text(document)
    for item in evaluation.plan.items:
        control = opened.pack.control(item.control_id)
        assert control is not None
        assert " ".join(control.remediation[0].split()) in text
        if item.severity.value in ("critical", "high"):  # a card, as in the PDF
            assert f"Question. {control.question}" in text
            for evidence in opened.assessment.answers[control.id].evidence:
                assert f"Evidence. {evidence.description}" in text


def test_json_is_the_result(mini: Pack) -> None:
    opened = mini_opened(mini)
    data = json.loads(_render(ReportFormat.JSON, opened))
    assert data == json.loads(score(mini, opened.assessment).model_dump_json())


def test_report_command_writes_the_chosen_format(in_tmp: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        app, ["report", str(EXAMPLES / "murmur.yaml"), "--format", "csv"], catch_exceptions=False
    )
    assert result.exit_code == 0
    written = (in_tmp / "murmur-report.csv").read_text(encoding="utf-8")
    assert written.startswith("\ufeffrank,id,title,")


def test_every_block_type_is_laid_out_by_markdown_and_word() -> None:
    from toolkit.report.document import (
        Card,
        Column,
        Document,
        Facts,
        Figure,
        Heading,
        Items,
        Link,
        Masthead,
        Note,
        PageBreak,
        Paragraph,
        Properties,
        Section,
        Strong,
        Table,
        Text,
        Tone,
    )
    from toolkit.report.writers.docx import render_docx
    from toolkit.report.writers.markdown import render_markdown

    table = Table([Column("Key"), Column("Count", numeric=True)], [["apples", "3"]])
    blocks = [
        Heading("A heading"),
        Paragraph([Text("plain "), Strong("strong"), Text(" and "), Link("a link", "#x")]),
        Note([Text("a warning")], Tone.WARNING),
        Facts([("Label", "value")]),
        table,
        Items([[Text("first")], [Text("second")]], ordered=True),
        Items([[Text("a bullet")]]),
        Card("A card", "card", [Paragraph([Text("inside the card")])]),
        Figure("data:image/svg+xml;base64,", "alt text", "A caption", table),
        Masthead(
            [Text("kicker")], [Text("product")], "scope", [Text("line")], Facts([("Cover", "fact")])
        ),
        PageBreak(),
    ]
    document = Document(
        Properties("T", [], "", []), "Title", "header", False, [], [Section("s", "S", blocks)]
    )
    words = ["A heading", "strong", "a link", "a warning", "Label", "value", "apples", "first"]
    words += ["second", "a bullet", "A card", "inside the card", "A caption", "Cover", "fact"]
    markdown = render_markdown(document)
    word = docx_text(docx.Document(io.BytesIO(render_docx(document))))
    for text in (markdown, word):
        missing = [w for w in words if w not in text]
        assert not missing
    assert "1. first\n2. second" in markdown and "**strong**" in markdown


def test_the_framework_table_gives_each_laws_legal_status_on_the_assessment_date() -> None:
    opened = open_assessment(EXAMPLES / "yarnly.yaml")
    text = _render(ReportFormat.MD, opened).decode()
    row = {line.split("|")[1].strip(): line for line in text.splitlines() if line.count("|") > 6}
    assert "In force since 2026-05-28, under appeal" in row["us-tx-sb2420"]
    assert "Not yet in force, from 2027-01-01" in row["us-ca-ab1043"]
    assert "Partly enjoined" in row["ca-aadc"] and "Guidance, not binding" in row["ofcom-heaa"]
    later = opened.assessment.model_copy(
        update={
            "metadata": opened.assessment.metadata.model_copy(
                update={"updated_on": date(2027, 2, 1)}
            )
        }
    )
    text = _render(ReportFormat.MD, Opened(opened.path, opened.pack, later, [])).decode()
    assert "In force since 2027-01-01" in text and "Not yet in force, from 2027-01-01" not in text
