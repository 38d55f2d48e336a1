"""The same facts in every format: for each bundled example, what an auditor looks up
(every gap, every harm with its levels, owners and due dates, every acceptance with its
justification, who is accountable for the risk record and its approval, the verdict, the
totals and the signature block) is in the PDF, the HTML,
the Word file and the Markdown, each read back as a reader's tool would read it.

Each example is rendered once per format for the whole module.
"""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import docx
import pypdf
import pytest

from tests.helpers import EXAMPLES, docx_page_estimate, docx_text
from toolkit.engine.evaluate import Evaluation, evaluate
from toolkit.report import render_report
from toolkit.report.formats import ReportFormat
from toolkit.report.view import build_view
from toolkit.workflow.opening import open_assessment

EXAMPLE_NAMES = sorted(path.stem for path in EXAMPLES.glob("*.yaml"))
FORMATS = ["pdf", "html", "docx", "md"]


def flat(text: str) -> str:
    return " ".join(text.split())


def _pdf_text(data: bytes) -> str:
    text = flat(" ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages))
    return re.sub(r"(?<=\w-) ", "", text)  # a line broken after a hyphen reads as one word


def _html_text(data: bytes) -> str:
    body = data.decode()
    body = re.sub(r"<(style|script)[^>]*>.*?</\1>", " ", body, flags=re.S)
    return flat(html.unescape(re.sub(r"<[^>]+>", " ", body)))


def _md_text(data: bytes) -> str:
    return flat(re.sub(r"\\(.)", r"\1", data.decode()).replace("**", ""))


def _docx_text(data: bytes) -> str:
    return flat(docx_text(docx.Document(io.BytesIO(data))))


READERS: dict[str, tuple[ReportFormat, Callable[[bytes], str]]] = {
    "pdf": (ReportFormat.PDF, _pdf_text),
    "html": (ReportFormat.HTML, _html_text),
    "docx": (ReportFormat.DOCX, _docx_text),
    "md": (ReportFormat.MD, _md_text),
}


@dataclass(frozen=True)
class Rendered:
    evaluation: Evaluation
    files: dict[str, bytes]
    texts: dict[str, str]


@pytest.fixture(scope="module", params=EXAMPLE_NAMES)
def rendered(request: pytest.FixtureRequest) -> Rendered:
    opened = open_assessment(EXAMPLES / f"{request.param}.yaml")
    evaluation = evaluate(opened.pack, opened.assessment)
    files = {name: render_report(chosen, evaluation) for name, (chosen, _) in READERS.items()}
    texts = {name: READERS[name][1](files[name]) for name in READERS}
    return Rendered(evaluation, files, texts)


def _facts(evaluation: Evaluation) -> list[str]:
    """Every fact each format must hold, as the text a reader finds."""
    view = build_view(evaluation)
    facts = [flat(view.verdict), f"{view.overall.rating}", view.overall.score]
    # the masthead (the cover in Markdown and Word): what, whose, by whom, which checklist
    facts += [flat(view.product), view.product_version, flat(view.scope_line)]
    facts += [flat(view.organisation), flat(view.assessors), view.pack_version]
    facts.append(flat(view.signoff_state))
    for item in evaluation.plan.items:
        facts.append(item.control_id)
        if item.action and item.action.owner:
            facts.append(flat(item.action.owner))
        if item.action and item.action.due:
            facts.append(item.action.due.isoformat())
        if item.acceptance:
            facts += [flat(item.acceptance.approved_by), flat(item.acceptance.justification)]
    for line in evaluation.risks.lines:
        if line.acceptance:
            facts += [flat(line.acceptance.approved_by), flat(line.acceptance.justification)]
    if view.risk is not None:  # who answers for the risk record, and whether it is approved
        facts += [flat(view.risk.accountable), flat(view.risk.approval)]
    for domain in view.domains:
        if domain.subtotal:
            total = domain.subtotal
            facts.append(
                f"Subtotal {domain.prefix}: 100 × {total.weighted} ÷ {total.weights} = "
                f"{total.score}"
            )
    return facts


@pytest.mark.slow
@pytest.mark.parametrize("name", FORMATS)
def test_every_format_holds_the_same_facts(rendered: Rendered, name: str) -> None:
    text = rendered.texts[name]
    missing = [fact for fact in _facts(rendered.evaluation) if fact not in text]
    assert not missing, f"{name} lacks {missing[:5]}"


@pytest.mark.slow
@pytest.mark.parametrize("name", FORMATS)
def test_every_harm_is_shown_with_its_levels(rendered: Rendered, name: str) -> None:
    text = rendered.texts[name]
    assert rendered.evaluation.risks.lines
    for line in rendered.evaluation.risks.lines:
        levels = [line.likelihood, line.impact, line.inherent, line.standing]
        windows = [text[m.start() : m.start() + 700] for m in re.finditer(line.harm_id, text)]
        assert any(all(level in window for level in levels) for window in windows), (
            f"{name}: {line.harm_id} without {levels}"
        )


@pytest.mark.slow
@pytest.mark.parametrize("name", FORMATS)
def test_every_format_ends_with_the_signature_block(rendered: Rendered, name: str) -> None:
    text = rendered.texts[name]
    signoffs = rendered.evaluation.assessment.signoffs
    reviewer = (
        signoffs[-1].reviewer if signoffs else rendered.evaluation.assessment.metadata.reviewer
    )
    block = text[text.rindex("Signature") - 400 :]
    for label in ("Name", "Role", "Decision", "Date", "Signature", reviewer):
        assert label in block, f"{name}: signature block lacks {label}"


def _numbered_lists(document: docx.document.Document) -> list[list[str]]:
    lists: dict[str, list[str]] = {}
    for paragraph in document.paragraphs:
        if paragraph.style.name == "List Number":
            num = paragraph._p.pPr.numPr.numId.val
            lists.setdefault(num, []).append(paragraph.text)
    return list(lists.values())


@pytest.mark.slow
def test_word_lists_restart_columns_fit_and_the_contents_are_written(rendered: Rendered) -> None:
    document = docx.Document(io.BytesIO(rendered.files["docx"]))
    numbering = document.part.numbering_part.element
    numbered = [p for p in document.paragraphs if p.style.name == "List Number"]
    ids = {p._p.pPr.numPr.numId.val for p in numbered}
    assert len(ids) == len(_numbered_lists(document)) > 3  # one instance per list
    for num_id in ids:  # each starts at 1
        num = numbering.num_having_numId(num_id)
        assert num.xpath("./w:lvlOverride/w:startOverride/@w:val") == ["1"]
    findings = rendered.evaluation.risks.by_residual()
    risk_list = next(
        items for items in _numbered_lists(document) if findings[0].harm_id in items[0]
    )
    assert len(risk_list) == len(findings)

    for table in document.tables:
        assert table._tbl.tblPr.xpath("./w:tblLayout/@w:type") == ["fixed"]
        widths = [column.w for column in table._tbl.tblGrid.gridCol_lst]
        for index, width in enumerate(widths):
            cells = [row.cells[index] for row in table.rows]
            size = max(r.font.size.pt for c in cells for p in c.paragraphs for r in p.runs)
            longest = max(len(word) for c in cells for word in c.text.split() or [""])
            # every word whole at half an em a character (longer than 30: may break, as in
            # the PDF), inside Word's default cell margins of 1.9 mm a side
            needed = min(longest, 30) * 0.5 * size * 25.4 / 72 + 3.8
            assert width.mm >= needed, (cells[0].text, width.mm, needed)

    paragraphs = [p.text for p in document.paragraphs]
    at = paragraphs.index("Contents")
    titles = [title for _anchor, title in build_view(rendered.evaluation).sections]
    assert paragraphs[at + 1 : at + 1 + len(titles)] == [
        f"{n}. {title}" for n, title in enumerate(titles, 1)
    ]
    assert 'TOC \\o "1-1"' in document.element.body.xml


def _word_pages(data: bytes, tmp: Path) -> float:
    """Pages of the Word file as LibreOffice lays it out where installed, else estimated."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        return docx_page_estimate(docx.Document(io.BytesIO(data)))
    (tmp / "report.docx").write_bytes(data)
    subprocess.run(
        [office, "--headless", "--convert-to", "pdf", "--outdir", str(tmp), tmp / "report.docx"],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return len(pypdf.PdfReader(tmp / "report.pdf").pages)


@pytest.mark.slow
def test_word_runs_to_about_as_many_pages_as_the_pdf(rendered: Rendered, tmp_path: Path) -> None:
    pdf_pages = len(pypdf.PdfReader(io.BytesIO(rendered.files["pdf"])).pages)
    word_pages = _word_pages(rendered.files["docx"], tmp_path)
    assert pdf_pages / 1.5 <= word_pages <= pdf_pages * 1.5, (word_pages, pdf_pages)
