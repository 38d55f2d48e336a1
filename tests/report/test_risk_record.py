"""The report's children's risk assessment record, in every format, and verify over it."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pypdf
import pytest

from tests.helpers import DATA, assessment_of
from toolkit.engine.evaluate import Evaluation, evaluate
from toolkit.model.assessment import RiskAnswer, RiskRecord, with_risk
from toolkit.model.pack import Pack
from toolkit.model.packs import load_pack
from toolkit.report import render_report
from toolkit.report.archive import RESULT_NAME
from toolkit.report.formats import ReportFormat
from toolkit.report.risk_view import build_risk_view, register_csv
from toolkit.workflow.verify import verify_report

HOSTILE = "<script>alert(1)</script> {{ 7*7 }}"


@pytest.fixture(scope="module")
def evaluation() -> Evaluation:
    risky: Pack = load_pack(DATA / "packs" / "mini-risk")
    answers = {"A-01": "no", "A-02": "yes", "B-02": "yes"}
    assessment = assessment_of(risky, {"audience": "children", "features": ["chat"]}, answers)
    assessment = with_risk(
        assessment,
        "H-CHAT",
        RiskAnswer(
            likelihood="possible",
            impact="severe",
            rationale=f"Children chat with strangers {HOSTILE}",
            residual="high",
            decision="reduced",  # type: ignore[arg-type]
            childrens_views="Pupils asked for a block button",
        ),
    )
    record = RiskRecord(
        method="Workshop of the safety team",
        assessed_by=["Ana"],
        assessed_on=date(2026, 10, 30),
        sources=["Moderation data"],
        childrens_views="A school panel of twelve pupils",
        next_review=date(2027, 4, 30),
    )
    return evaluate(risky, assessment.model_copy(update={"risk_record": record}))


@pytest.mark.slow
def test_the_record_is_in_the_pdf_and_verify_covers_it(
    evaluation: Evaluation, tmp_path: Path
) -> None:
    data = render_report(ReportFormat.PDF, evaluation)
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    start = text.index("Children's risk assessment record How it was done")  # not the contents
    section = text[start : text.index("Framework coverage", start)]
    for expected in (
        "Workshop of the safety team",
        "A school panel of twelve pupils",
        "2027-04-30",
        "Findings, highest remaining risk first",
        "H-CHAT Abuse in chat: residual high, reduced. Held by critical controls not in place: "
        "A-01.",
        "Pupils asked for a block button",
        "H-SPEND Spending pressure: residual not assessed; crbd suggests high.",
    ):
        assert expected in section, expected
    assert "49" not in section.replace("2026", "").replace("2027", "")
    embedded = json.loads(reader.attachments[RESULT_NAME][0])
    assert [line["harm_id"] for line in embedded["risks"]] == ["H-CHAT", "H-SPEND"]
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    assert verify_report(path, [DATA / "packs"]).difference is None


def test_html_has_the_heat_map_with_alt_text_and_the_same_numbers(evaluation: Evaluation) -> None:
    html = render_report(ReportFormat.HTML, evaluation).decode()
    section = html[html.index('id="risks"') :]
    assert '<img src="data:image/svg+xml;base64,' in section
    assert 'alt="Heat map of harms by level. low: 0 inherent, 0 residual; medium: 0 inherent' in (
        section
    )
    assert '<td>High</td><td class="num">2</td><td class="num">2</td>' in section
    assert "<script>alert" not in html and "&lt;script&gt;" in section
    assert html.index('id="risks"') < html.index('id="methodology"')


def test_markdown_docx_and_csv_carry_the_register(evaluation: Evaluation) -> None:
    markdown = render_report(ReportFormat.MD, evaluation).decode()
    assert "## Children's risk assessment record" in markdown
    assert "| H-CHAT Abuse in chat (contact) | possible | severe | high | high (high) |" in markdown
    from docx import Document

    document = Document(io.BytesIO(render_report(ReportFormat.DOCX, evaluation)))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Children's risk assessment record" in headings
    view = build_risk_view(evaluation)
    assert view is not None
    rows = register_csv(view).removeprefix("\ufeff").splitlines()  # a BOM for spreadsheets
    assert rows[0].startswith("Harm,Category,Risk factors present,Likelihood")
    assert rows[1].startswith("H-CHAT Abuse in chat,contact,Chat,possible,severe,high,high,high")


def test_a_pack_without_harms_has_no_record_section(mini: Pack) -> None:
    evaluation = evaluate(mini, assessment_of(mini, {}, {}))
    assert build_risk_view(evaluation) is None
    assert "risk assessment record" not in render_report(ReportFormat.MD, evaluation).decode()
