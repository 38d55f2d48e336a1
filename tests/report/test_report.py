"""The PDF and HTML reports: content read back with pypdf, and safe rendering."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pypdf
import pytest

from tests.helpers import assessment_of
from toolkit.engine.evaluate import evaluate
from toolkit.engine.scoring import score
from toolkit.errors import RenderError
from toolkit.model.assessment import ControlAnswer, Evidence, with_answer
from toolkit.model.pack import Pack
from toolkit.model.resources import bundled
from toolkit.report import render_report
from toolkit.report.archive import ASSESSMENT_NAME, RESULT_NAME
from toolkit.report.formats import ReportFormat
from toolkit.report.view import SECTIONS
from toolkit.workflow.opening import Opened

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src="file:///etc/passwd">',
    "{{ 7*7 }}",
    '<link rel="attachment" href="file:///etc/passwd">',
    "url(http://127.0.0.1:9/x)",
]


def _opened(pack: Pack, note: str = "", link: str = "") -> Opened:
    answers = {c.id: ("no" if i % 3 == 0 else "yes") for i, c in enumerate(pack.controls())}
    assessment = assessment_of(pack, {"audience": "children", "features": ["chat"]}, answers)
    if note:
        evidence = [Evidence(description=note, link_or_path=link)]
        answer = ControlAnswer(answer="partial", note=note, evidence=evidence)  # type: ignore[arg-type]
        assessment = with_answer(assessment, "A-02", answer)
    return Opened(Path("a.yaml"), pack, assessment, [])


def _pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture(scope="module")
def core_pdf(core: Pack) -> tuple[Opened, bytes]:
    opened = _opened(core)
    return opened, render_report(ReportFormat.PDF, evaluate(core, opened.assessment))


@pytest.mark.slow
def test_pdf_holds_product_domains_and_every_gap(core_pdf: tuple[Opened, bytes]) -> None:
    opened, data = core_pdf
    text = " ".join(_pdf_text(data).split())
    assert "Test product" in text
    for domain in opened.pack.domains:
        assert " ".join(domain.title.split()) in text
    result = score(opened.pack, opened.assessment)
    assert result.gaps
    for gap in result.gaps:
        control = opened.pack.control(gap.control_id)
        assert control is not None
        assert f"{control.id} {' '.join(control.title.split())}" in text
    for _, section in SECTIONS:
        assert section in text
    assert "not a compliance determination" in text


@pytest.mark.slow
def test_pdf_metadata(core_pdf: tuple[Opened, bytes]) -> None:
    reader = pypdf.PdfReader(io.BytesIO(core_pdf[1]))
    assert reader.metadata is not None
    assert reader.metadata.title == "Children's rights by design gap report: Test product"
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert (
        "Page 1 of" in reader.pages[1].extract_text()
        or "Page 2 of" in reader.pages[1].extract_text()
    )


def test_methodology_numbers_come_from_the_scoring_constants(core: Pack) -> None:
    from toolkit.engine import scoring

    opened = _opened(core)
    html = render_report(ReportFormat.HTML, evaluate(core, opened.assessment)).decode()
    assert f"below {scoring.RED_BELOW:g}" in html and f"below {scoring.GREEN_FROM:g}" in html
    for severity, weight in scoring.WEIGHT.items():
        assert f'<td>{severity.value}</td><td class="num">{weight}</td>' in html


@pytest.mark.slow
@pytest.mark.parametrize("note", HOSTILE + ["x" * 2000, "مرحبا بالعالم 👩‍👧 שלום"])
def test_hostile_text_is_literal_and_nothing_is_fetched(
    mini: Pack, note: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from toolkit.report import pdf

    fetched: list[str] = []
    original = pdf.RestrictedFetcher.fetch

    def spy(self: pdf.RestrictedFetcher, url: str, headers: object = None) -> object:
        fetched.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(pdf.RestrictedFetcher, "fetch", spy)
    opened = _opened(mini, note=note, link=note)
    evaluation = evaluate(mini, opened.assessment)
    html = render_report(ReportFormat.HTML, evaluation).decode()
    assert note not in html or "<" not in note  # markup only ever appears escaped
    data = render_report(ReportFormat.PDF, evaluate(opened.pack, opened.assessment))
    text = "".join(_pdf_text(data).split())
    if len(note) < 100 and note.isascii():
        assert "".join(note.split()) in text
    assert "49" not in text.replace("2026", "")  # {{ 7*7 }} was not evaluated
    templates = bundled("report_templates").resolve().as_uri() + "/fonts/"
    assert all(url.startswith(("data:", templates)) for url in fetched), fetched
    # <link rel=attachment> in a note adds nothing: only the two files crbd embeds
    assert sorted(pypdf.PdfReader(io.BytesIO(data)).attachments) == [ASSESSMENT_NAME, RESULT_NAME]


@pytest.mark.slow
def test_custom_template_reaching_outside_its_folder_fails_clearly(
    mini: Pack, tmp_path: Path
) -> None:
    folder = shutil.copytree(bundled("report_templates"), tmp_path / "templates")
    entry = folder / "report.html.j2"
    entry.write_text(entry.read_text().replace("<body", '<img src="file:///etc/hostname"><body', 1))
    opened = _opened(mini)
    with pytest.raises(RenderError, match=r"asked for file:///etc/hostname, which is outside"):
        render_report(ReportFormat.PDF, evaluate(mini, opened.assessment), folder)


@pytest.mark.slow
def test_custom_template_can_use_its_own_files(mini: Pack, tmp_path: Path) -> None:
    folder = shutil.copytree(bundled("report_templates"), tmp_path / "templates")
    (folder / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>'
    )
    entry = folder / "report.html.j2"
    entry.write_text(entry.read_text().replace("<body", '<img src="logo.svg" alt="Logo"><body', 1))
    opened = _opened(mini)
    data = render_report(ReportFormat.PDF, evaluate(mini, opened.assessment), folder)
    assert data.startswith(b"%PDF")


def test_template_cannot_escape_the_sandbox(mini: Pack, tmp_path: Path) -> None:
    folder = shutil.copytree(bundled("report_templates"), tmp_path / "templates")
    entry = folder / "report.html.j2"
    entry.write_text("{{ report.__class__.__init__.__globals__ }}")
    opened = _opened(mini)
    with pytest.raises(RenderError, match="The template report.html.j2 failed"):
        render_report(ReportFormat.HTML, evaluate(mini, opened.assessment), folder)
