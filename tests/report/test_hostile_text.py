"""User text that could crash a renderer or vanish from it: control characters, huge words,
long names, Markdown and formula injection. Every format renders it, visibly and whole."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from tests.helpers import MINI, assessment_of, mini_opened
from toolkit.engine.evaluate import evaluate
from toolkit.model.assessment import Metadata
from toolkit.model.files import save_assessment
from toolkit.model.pack import Pack
from toolkit.report import render_report
from toolkit.report.formats import CompareFormat, ReportFormat
from toolkit.report.text import CORE_PROPERTY_LIMIT, markdown_inline, printable, spreadsheet_cell
from toolkit.workflow.opening import compare_files

UNESCAPED = re.compile(r"(?<!\\)(<img|\]\()")
"""Raw HTML or a Markdown link target that was not escaped."""
HOSTILE = (
    "Kite\x00 app\x1b[31m \x07bell\x0b\x85 <img src=x onerror=alert(1)> [x](javascript:alert(1))"
)


def test_control_characters_are_made_visible_not_dropped() -> None:
    assert printable("a\x00b\x1bc\x7fd\te\nf\x85g") == r"a\x00b\x1bc\x7fd" + "\te\nf" + r"\x85g"
    assert printable("\ud800") == "\ufffd"
    assert printable("plain text, é, 中文") == "plain text, é, 中文"


def test_markdown_text_cannot_become_a_link_an_image_or_html() -> None:
    text = markdown_inline(HOSTILE)
    assert not UNESCAPED.search(text) and "\n" not in text
    assert "\\<img src=x onerror=alert(1)\\>" in text


def test_a_spreadsheet_cell_never_starts_a_formula() -> None:
    assert spreadsheet_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert spreadsheet_cell("@SUM(A1)") == "'@SUM(A1)"
    assert spreadsheet_cell("plain") == "plain"


def hostile_evaluation(mini: Pack, note: str = HOSTILE, names: int = 40):  # type: ignore[no-untyped-def]
    opened = mini_opened(mini)
    answer = opened.assessment.answers["B-02"].model_copy(update={"note": note})
    metadata = opened.assessment.metadata.model_copy(
        update={
            "product": HOSTILE + " " + "long title " * 40,
            "assessors": [f"Participant{i:03d} {HOSTILE[:12]}" for i in range(names)],
        }
    )
    assessment = opened.assessment.model_copy(
        update={"metadata": metadata, "answers": {**opened.assessment.answers, "B-02": answer}}
    )
    return evaluate(opened.pack, assessment)


def test_docx_holds_control_characters_and_long_properties(mini: Pack) -> None:
    from docx import Document

    content = render_report(ReportFormat.DOCX, hostile_evaluation(mini))
    document = Document(io.BytesIO(content))
    text = "\n".join(p.text for p in document.paragraphs)
    text += "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert r"Kite\x00 app\x1b[31m \x07bell" in text  # visible, not dropped
    properties = document.core_properties
    for value in (properties.title, properties.author, properties.subject):
        assert 0 < len(value) <= CORE_PROPERTY_LIMIT
    assert properties.author.startswith("Participant000")


@pytest.mark.parametrize("chosen", [ReportFormat.MD, ReportFormat.CSV, ReportFormat.HTML])
def test_text_formats_render_control_characters_visibly(mini: Pack, chosen: ReportFormat) -> None:
    text = render_report(chosen, hostile_evaluation(mini)).decode()
    assert "\x00" not in text and "\x1b" not in text


@pytest.mark.slow
def test_an_unbroken_word_is_printed_whole_in_the_pdf(mini: Pack) -> None:
    alphabet = "abcdefghijklmnopqrstuvwxyz"
    word = alphabet * 120 + "END"
    content = render_report(ReportFormat.PDF, hostile_evaluation(mini, note=word, names=1))
    text = pdf_words(content)
    # the note is printed twice (alternative measures, appendix); a page's running
    # header may fall inside it, which splits at most one run per page break
    assert text.count(alphabet) >= 2 * 120 - 4
    assert text.count(alphabet + "END") == 2
    assert r"Kite\x00app\x1b[31m\x07bell" in text  # control characters shown in the bundled font


@pytest.mark.slow
def test_a_long_word_of_accented_letters_is_printed_whole(mini: Pack) -> None:
    word = "é" * 1500 + "FIN"
    content = render_report(ReportFormat.PDF, hostile_evaluation(mini, note=word, names=1))
    text = pdf_words(content)
    assert text.count("é") == 2 * 1500 and text.count("éFIN") == 2


def pdf_words(content: bytes) -> str:
    """The PDF's text without spaces, line breaks and the NULs of two-byte font encodings."""
    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(content)).pages
    return "".join("".join(page.extract_text().replace("\x00", "").split()) for page in pages)


@pytest.fixture
def two_files(mini: Pack, tmp_path: Path) -> tuple[Path, Path]:
    profile: dict[str, str | list[str]] = {"audience": "children", "features": ["chat"]}
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    for path, answer in ((old, "no"), (new, "yes")):
        made = assessment_of(mini, profile, {"A-01": answer, "A-02": "no"})
        metadata = Metadata(product=HOSTILE)
        save_assessment(made.model_copy(update={"metadata": metadata}), path)
    return old, new


def test_the_progress_report_markdown_escapes_the_product_name(
    two_files: tuple[Path, Path],
) -> None:
    from toolkit.report.compare import render_comparison

    comparison = compare_files(*two_files, [MINI.parent])
    text = render_comparison(CompareFormat.MD, comparison).decode()
    assert not UNESCAPED.search(text)
    assert "\x00" not in text and "\x1b" not in text
    assert r"Kite\\x00 app\\x1b" in text


def test_the_progress_report_csv_guards_formulas(two_files: tuple[Path, Path]) -> None:
    from toolkit.report.compare import render_comparison

    comparison = compare_files(*two_files, [MINI.parent])
    first = comparison.controls[0].model_copy(update={"title": '=HYPERLINK("x")\x00'})
    comparison = comparison.model_copy(update={"controls": [first, *comparison.controls[1:]]})
    rows = list(
        csv.DictReader(io.StringIO(render_comparison(CompareFormat.CSV, comparison).decode()))
    )
    assert rows[0]["title"] == '\'=HYPERLINK("x")\\x00'


@pytest.mark.slow
def test_the_workshop_summary_shows_control_characters(
    two_files: tuple[Path, Path],
) -> None:
    from toolkit.report.workshop import render_workshop
    from toolkit.workflow.opening import workshop_files

    summary = workshop_files(list(two_files), [MINI.parent])
    html = render_workshop(summary, pdf=False, top=20).decode()
    assert "\x00" not in html and r"Kite\x00 app\x1b" in html and "<img src=x" not in html


def test_long_runs_get_spaces_in_print_but_hashes_and_links_stay_whole() -> None:
    from toolkit.report.text import LONGEST_UNBROKEN, breakable

    blob = "x" * (5 * LONGEST_UNBROKEN + 7)
    spaced = breakable(f"see {blob} end")
    assert spaced.replace(" ", "") == f"see{blob}end"  # every character kept
    assert max(len(word) for word in spaced.split()) == LONGEST_UNBROKEN
    sha = "0123456789abcdef" * 4
    assert breakable(f"SHA-256 {sha}") == f"SHA-256 {sha}"
    link = "https://example.com/" + "a" * 200
    assert breakable(link) == link


@pytest.mark.slow
def test_a_twenty_thousand_character_word_is_printed_whole(mini: Pack) -> None:
    word = "q" * 20_000
    content = render_report(ReportFormat.PDF, hostile_evaluation(mini, note=word, names=1))
    assert pdf_words(content).count("q") >= 2 * 20_000  # printed twice (see above), all of it
