"""The PDF as an archive: structure, PDF/A identification, attachments, reproducibility, verify.

Text is read back with pypdf and structure with pikepdf; bytes are compared
only to prove two renders of the same input are identical.
"""

from __future__ import annotations

import io
import os
import platform
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pikepdf
import pypdf
import pytest
import weasyprint.pdf.fonts
from fontTools.misc.timeTools import timestampToString
from fontTools.ttLib import TTFont

from tests.helpers import DATA, mini_opened
from toolkit.engine.evaluate import evaluate
from toolkit.engine.scoring import score
from toolkit.model.pack import Pack
from toolkit.model.resources import bundled
from toolkit.report import render_report
from toolkit.report.archive import ASSESSMENT_NAME, RESULT_NAME
from toolkit.report.formats import Paper, PdfVariant, ReportFormat
from toolkit.report.view import SECTIONS
from toolkit.workflow.opening import Opened

PACKS = str(DATA / "packs")


@pytest.fixture(scope="module")
def mini_pdf(mini: Pack) -> tuple[Opened, bytes]:
    opened = mini_opened(mini)
    return opened, render_report(ReportFormat.PDF, evaluate(mini, opened.assessment))


def _text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.mark.slow
def test_every_section_in_order_and_every_gap_title(mini_pdf: tuple[Opened, bytes]) -> None:
    opened, data = mini_pdf
    text = _text(data)
    at = text.index(SECTIONS[-1][1]) + 1  # past the contents, on the scores page
    after_contents = [title for anchor, title in SECTIONS if anchor not in ("summary", "domains")]
    for title in after_contents:  # every later heading, in the order of the contents
        at = text.index(title, at) + len(title)
    for gap in score(opened.pack, opened.assessment).gaps:
        control = opened.pack.control(gap.control_id)
        assert control is not None
        assert f"{control.id} {control.title}" in text
    for expected in (
        "Approved by R. Reviewer on 2026-11-01",  # the latest sign-off, on the cover
        "not a compliance determination",
        "Moderators review every new chat by hand.",  # the alternative register
        "2027-03-01",  # the planned answer's target date on the roadmap
        "expired",  # the alternative's evidence is past its date
        "Adding chat",  # review trigger
        "Section one",  # the cited section's title
    ):
        assert expected in text, expected


@pytest.mark.slow
def test_bookmarks_contents_and_metadata(mini_pdf: tuple[Opened, bytes]) -> None:
    reader = pypdf.PdfReader(io.BytesIO(mini_pdf[1]))
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert [title for _, title in SECTIONS] == [t for t in titles if t in dict(SECTIONS).values()]
    contents = " ".join(reader.pages[1].extract_text().split())
    assert "Contents" in contents and "Gap register ." in contents
    links = [a.get_object() for a in reader.pages[1].get("/Annots", [])]
    assert len([a for a in links if a["/Subtype"] == "/Link"]) >= len(SECTIONS)
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "Children's rights by design gap report: Test product"
    assert meta.author == "A. Assessor"
    assert meta.subject and "Test product" in meta.subject
    assert "child safety" in str(meta["/Keywords"])
    assert meta["/CreationDate"].startswith("D:20261101")
    first = reader.pages[0].mediabox
    assert (round(first.width), round(first.height)) == (595, 842)  # A4


@pytest.mark.slow
def test_tagged_pdf_a_3a_with_two_dated_attachments(mini_pdf: tuple[Opened, bytes]) -> None:
    with pikepdf.open(io.BytesIO(mini_pdf[1])) as pdf:
        assert "/StructTreeRoot" in pdf.Root
        assert str(pdf.Root.Lang) == "en"
        meta = pdf.open_metadata()
        assert meta["pdfaid:part"] == "3" and meta["pdfaid:conformance"] == "A"
        assert sorted(pdf.attachments) == [ASSESSMENT_NAME, RESULT_NAME]
        for name in (ASSESSMENT_NAME, RESULT_NAME):
            params = pdf.attachments[name].obj.EF.F.Params
            assert str(params.CreationDate) == str(params.ModDate) == "D:20261101000000Z"


@pytest.mark.slow
def test_two_renders_give_identical_bytes(mini: Pack, mini_pdf: tuple[Opened, bytes]) -> None:
    opened, data = mini_pdf
    assert render_report(ReportFormat.PDF, evaluate(mini, opened.assessment)) == data


def _clock_moved(monkeypatch: pytest.MonkeyPatch, seconds: float) -> None:
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + seconds)


@pytest.mark.slow
def test_fonttools_subsetting_gives_the_same_bytes_at_another_time(
    mini: Pack, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without libharfbuzz-subset0 weasyprint subsets with fontTools, which stamps the time."""
    monkeypatch.setattr(weasyprint.pdf.fonts, "harfbuzz_subset", None)
    evaluation = evaluate(mini, mini_opened(mini).assessment)
    first = render_report(ReportFormat.PDF, evaluation)
    _clock_moved(monkeypatch, 86_400 * 3 + 1.5)
    assert render_report(ReportFormat.PDF, evaluation) == first
    with pikepdf.open(io.BytesIO(first)) as pdf:
        fonts = [
            descendant.FontDescriptor.FontFile2.read_bytes()
            for page in pdf.pages
            for font in page.Resources.Font.values()
            for descendant in font.get("/DescendantFonts", [])
            if "/FontFile2" in descendant.FontDescriptor
        ]
    assert fonts  # the bundled font is embedded, stamped with the assessment's date
    stamp = TTFont(io.BytesIO(fonts[0]))["head"].modified
    assert timestampToString(stamp) == "Sun Nov  1 00:00:00 2026"
    assert "SOURCE_DATE_EPOCH" not in os.environ  # restored after rendering


@pytest.mark.slow
def test_no_byte_depends_on_the_clock_host_folder_or_templates_location(
    mini: Pack, mini_pdf: tuple[Opened, bytes], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    templates = shutil.copytree(bundled("report_templates"), tmp_path / "elsewhere" / "t")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(socket, "gethostname", lambda: "another-machine")
    monkeypatch.setattr(platform, "node", lambda: "another-machine")
    monkeypatch.setenv("HOSTNAME", "another-machine")
    _clock_moved(monkeypatch, 86_400 * 400 + 0.7)
    evaluation = evaluate(mini, mini_pdf[0].assessment)
    assert render_report(ReportFormat.PDF, evaluation, templates) == mini_pdf[1]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed (see .ci/run)")
def test_qpdf_check_passes(mini_pdf: tuple[Opened, bytes], tmp_path: Path) -> None:
    report = tmp_path / "r.pdf"
    report.write_bytes(mini_pdf[1])
    done = subprocess.run(["qpdf", "--check", str(report)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.slow
def test_letter_paper_and_pdf_ua(mini: Pack) -> None:
    opened = mini_opened(mini)
    data = render_report(
        ReportFormat.PDF,
        evaluate(mini, opened.assessment),
        paper=Paper.LETTER,
        variant=PdfVariant.PDF_UA_1,
    )
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert "/StructTreeRoot" in pdf.Root
        assert pdf.open_metadata()["pdfuaid:part"] == "1"
        box = pdf.pages[0].mediabox
        assert (round(float(box[2])), round(float(box[3]))) == (612, 792)
