"""The report's children's risk assessment record, in every format, and verify over it."""

from __future__ import annotations

import base64
import io
import itertools
import json
import re
from datetime import date
from pathlib import Path

import pypdf
import pytest
from typer.testing import CliRunner

from tests.helpers import DATA, assessment_of
from toolkit.cli import app
from toolkit.engine.evaluate import Evaluation, evaluate
from toolkit.model.assessment import (
    Acceptance,
    Action,
    Decision,
    RiskAnswer,
    RiskDecision,
    RiskRecord,
    with_risk,
)
from toolkit.model.files import load_assessment, save_assessment
from toolkit.model.pack import Pack
from toolkit.model.packs import load_pack
from toolkit.report import render_report
from toolkit.report.archive import RESULT_NAME
from toolkit.report.formats import ReportFormat
from toolkit.report.risk_view import PALETTE, build_risk_view, register_csv
from toolkit.workflow.signoff import risk_approved
from toolkit.workflow.verify import risk_warnings, verify_report

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
    assert "Level Inherent Residual" in text  # the heat table's headers do not run together
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
    row = next(line for line in markdown.splitlines() if line.startswith("| **H-CHAT**"))
    assert "Abuse in chat (contact) Risk factors: Chat |" in row
    assert "| possible · severe → **high** residual **high** (suggested high)" in row
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


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner(env={"COLUMNS": "200"}).invoke(
        app, ["--checklists", str(DATA / "packs"), *args], catch_exceptions=False
    )
    return result.exit_code, result.stdout, result.stderr


def flat(text: str) -> str:
    return " ".join(text.replace("│", " ").split())


@pytest.mark.slow
def test_a_changed_mitigating_answer_marks_the_harm_to_revisit_until_it_is_rated_again(
    tmp_path: Path,
) -> None:
    path, old = tmp_path / "k.yaml", tmp_path / "old.yaml"
    controls = ["audience=children", "features=chat", "A-01=y", "A-02=y", "B-02=y"]
    controls += ["A-03=y", "A-04=y"]
    rated = [
        "H-CHAT=possible,severe,low,reduced:Children chat",
        "H-SPEND=probable,significant,medium,reduced:Coins on sale",
    ]
    given = [part for answer in [*controls, *rated] for part in ("--answer", answer)]
    begin = ["assess", str(path), "--pack", "mini-risk", "--as", "Ana"]
    assert run(*begin, *given)[0] == 0
    assert load_assessment(path).risks["H-CHAT"].rated_against is not None
    old.write_bytes(path.read_bytes())
    code, out, _ = run("score", str(path))
    assert code == 0 and "to revisit" not in flat(out) and "rated before crbd" not in flat(out)

    assert run(*begin, "--answer", "B-02=no", "--reason", "The filter was switched off")[0] == 0
    _, out, _ = run("score", str(path))
    assert "low, to revisit" in flat(out)
    assert "H-CHAT is to revisit: B-02 yes → no; rate it again." in flat(out)
    _, out, _ = run("compare", str(old), str(path))
    assert "Risk levels: no change" not in out
    assert "H-CHAT" in out and "suggested higher, to revisit (B-02 yes → no)" in flat(out)
    _, out, _ = run("due", str(path), "--today", "2026-11-02")
    assert "risk to revisit" in flat(out) and "rate again: B-02 yes → no" in flat(out)
    html = tmp_path / "r.html"
    assert run("report", str(path), "-o", str(html))[0] == 0
    page_one = html.read_text()
    page_one = page_one[page_one.index('class="summary-page"') : page_one.index("</section>")]
    assert "Risk to children" in page_one and "H-CHAT" in page_one
    assert "<td>to revisit (residual low), reduced</td><td>no owner</td>" in page_one
    pdf = tmp_path / "r.pdf"
    assert run("report", str(path), "-o", str(pdf))[0] == 0
    code, out, err = run("verify", str(pdf))
    assert code == 0 and "H-CHAT is to revisit: B-02 yes → no" in flat(err)

    # Rated again (the suggestion is now medium): every command stops saying so.
    again = "H-CHAT=possible,severe,medium,reduced:Children chat, filter off"
    assert run(*begin, "--answer", again)[0] == 0
    _, out, _ = run("score", str(path))
    assert "to revisit" not in flat(out)
    _, out, _ = run("due", str(path), "--today", "2026-11-02")
    assert "risk to revisit" not in flat(out)
    evaluation = evaluate(load_pack(DATA / "packs" / "mini-risk"), load_assessment(path))
    assert risk_warnings(evaluation) == []
    view = build_risk_view(evaluation)
    assert view is not None and view.to_revisit == 0
    assert [h.harm_id for h in view.headlines] == []


def test_the_record_says_what_is_missing_and_who_owns_what_remains(
    evaluation: Evaluation,
) -> None:
    view = build_risk_view(evaluation)
    assert view is not None
    chat, spend = view.rows
    assert chat.evidence_text == "no evidence recorded"
    assert chat.views_text == "Pupils asked for a block button"
    assert chat.unowned == "residual high with no owner, action and due date"
    assert spend.unowned == "" and spend.views_text == "no children's views recorded"
    assert [h.harm_id for h in view.headlines] == ["H-CHAT", "H-SPEND"]
    assert view.headlines[0].why == "high residual" and view.headlines[0].owner == "no owner"
    assert view.headlines[1].why == "not assessed (crbd suggests high)"
    assert dict(view.definitions)["reduced"].startswith("the measures lower the risk")
    html = render_report(ReportFormat.HTML, evaluation).decode()
    record = html[html.index('id="risks"') :]
    assert "Evidence: no evidence recorded" in record
    assert "residual high with no owner, action and due date" in record
    method = html[html.index('id="methodology"') :]
    assert "Reduced: the measures lower the risk" in method
    assert "More than one level off also needs at least 3 mitigating controls" in method

    owned = evaluation.assessment.risks["H-CHAT"].model_copy(
        update={"action": Action(owner="Safety lead", due=date(2027, 1, 31))}
    )
    again = build_risk_view(
        evaluate(evaluation.pack, with_risk(evaluation.assessment, "H-CHAT", owned))
    )
    assert again is not None
    assert again.rows[0].unowned == "" and again.rows[0].owner == "Safety lead, due 2027-01-31"
    assert again.headlines[0].owner == "Safety lead, due 2027-01-31"


def test_an_acceptance_prints_its_justification(evaluation: Evaluation) -> None:
    accepted = evaluation.assessment.risks["H-CHAT"].model_copy(
        update={
            "decision": RiskDecision.ACCEPTED,
            "acceptance": Acceptance(
                approved_by="Board",
                approved_on=date(2026, 10, 1),
                justification="Pilot in one school only",
                expires_on=date(2027, 1, 1),
            ),
        }
    )
    changed = evaluate(evaluation.pack, with_risk(evaluation.assessment, "H-CHAT", accepted))
    html = render_report(ReportFormat.HTML, changed).decode()
    record = html[html.index('id="risks"') :]
    assert (
        "approved by Board on 2026-10-01, until 2027-01-01 (current), because: Pilot in one "
        "school only" in record
    )
    view = build_risk_view(changed)
    assert view is not None and view.rows[0].unowned == ""
    assert view.headlines[0].owner == "accepted by Board"


def test_the_accountable_person_approves_the_risk_assessment_bound_to_its_content(
    tmp_path: Path, evaluation: Evaluation
) -> None:
    path = tmp_path / "k.yaml"
    save_assessment(evaluation.assessment, path)
    assert build_risk_view(evaluation).approval == "not approved"  # type: ignore[union-attr]
    code, _, err = run(
        "signoff", str(path), "--risks", "--reviewer", "C. Officer", "--decision", "approved"
    )
    assert code == 0
    assert "Recorded “Approved” on the children's risk assessment by C. Officer" in err
    approved = load_assessment(path)
    assert approved.signoffs == [] and approved.risk_record.accountable == "C. Officer"
    pack = evaluation.pack
    view = build_risk_view(evaluate(pack, approved))
    assert view is not None and view.accountable == "C. Officer"
    assert view.approval.startswith("approved by C. Officer on ")
    assert "no longer holds" not in view.approval
    # A whole-file sign-off afterwards leaves the approval holding, and vice versa.
    assert run("signoff", str(path), "--reviewer", "A. Auditor", "--decision", "approved")[0] == 0
    signed = load_assessment(path)
    assert "no longer holds" not in build_risk_view(evaluate(pack, signed)).approval  # type: ignore[union-attr]
    # A changed rating does not.
    changed = with_risk(
        signed, "H-CHAT", signed.risks["H-CHAT"].model_copy(update={"rationale": "Other"})
    )
    view = build_risk_view(evaluate(pack, changed))
    assert view is not None and view.approval.endswith(
        "the assessment has changed since, so it no longer holds"
    )
    html = render_report(ReportFormat.HTML, evaluate(pack, signed)).decode()
    assert '<th scope="row">Accountable</th><td>C. Officer</td>' in html


def test_the_heat_map_uses_the_ratings_palette_which_stays_apart_in_grey(
    evaluation: Evaluation,
) -> None:
    view = build_risk_view(evaluation)
    assert view is not None
    svg = base64.b64decode(view.heat_map.split(",", 1)[1]).decode()
    fills = set(re.findall(r'<rect [^>]*fill="(#[0-9a-f]{6})"', svg))
    assert fills and fills <= set(PALETTE)

    def grey(colour: str) -> float:
        red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
        return 0.299 * red + 0.587 * green + 0.114 * blue

    for one, other in itertools.combinations(PALETTE, 2):
        assert abs(grey(one) - grey(other)) >= 30, (one, other)


def test_verify_warns_when_the_risk_assessment_changed_after_its_approval(
    evaluation: Evaluation,
) -> None:
    approved = risk_approved(
        evaluation.assessment, "C. Officer", Decision.APPROVED, "", date(2026, 11, 2)
    )
    assert risk_warnings(evaluate(evaluation.pack, approved)) == []
    changed = with_risk(
        approved, "H-CHAT", approved.risks["H-CHAT"].model_copy(update={"rationale": "Other"})
    )
    assert risk_warnings(evaluate(evaluation.pack, changed)) == [
        "the children's risk assessment was approved by C. Officer on 2026-11-02 and has "
        "changed since, so that approval no longer holds."
    ]
