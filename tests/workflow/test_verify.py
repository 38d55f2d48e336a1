"""`crbd verify` against tampered reports: each manipulation ends in exit 1 or 2 and one line.

The mini pack's report is rendered once for the module; each test changes a
copy with pikepdf (or by hand, for an incremental update) the way someone
who wants a report to lie would, then runs `crbd verify` on it.
"""

from __future__ import annotations

import io
import re
import shutil
import zlib
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pypdf
import pypdfium2
import pytest
import weasyprint.pdf.fonts
from fontTools.ttLib import TTFont
from pikepdf import Array, Dictionary, Name, String
from typer.testing import CliRunner

from tests.helpers import DATA, EXAMPLES, mini_opened
from toolkit.cli import app
from toolkit.engine.evaluate import evaluate
from toolkit.model.assessment import ControlAnswer, with_answer
from toolkit.model.hashing import assessment_sha256
from toolkit.model.pack import Pack
from toolkit.model.resources import bundled
from toolkit.report import render_report
from toolkit.report.archive import ASSESSMENT_NAME, RESULT_NAME
from toolkit.report.formats import Paper, PdfVariant, ReportFormat
from toolkit.workflow import verify
from toolkit.workflow.opening import open_assessment
from toolkit.workflow.pdf_raster import first_visible_difference, page_texts

pytestmark = pytest.mark.slow

PACKS = str(DATA / "packs")
Change = Callable[[pikepdf.Pdf], None]


@pytest.fixture(scope="module")
def report(mini: Pack) -> bytes:
    return render_report(ReportFormat.PDF, evaluate(mini, mini_opened(mini).assessment))


@pytest.fixture(scope="module")
def other_report(mini: Pack) -> bytes:
    """The report of another assessment of the same product: one answer differs."""
    assessment = mini_opened(mini).assessment
    changed = with_answer(assessment, "A-01", ControlAnswer(answer="yes", note="Done."))  # type: ignore[arg-type]
    return render_report(ReportFormat.PDF, evaluate(mini, changed))


def _verify(data: bytes, tmp_path: Path, *options: str) -> tuple[int, str]:
    target = tmp_path / "report.pdf"
    target.write_bytes(data)
    result = CliRunner().invoke(app, ["--checklists", PACKS, "verify", str(target), *options])
    return result.exit_code, result.output


def _refused(data: bytes, tmp_path: Path, code: int = 1) -> str:
    exit_code, output = _verify(data, tmp_path)
    assert exit_code == code, output
    assert output.count("\n") == 1 and "Traceback" not in output, output
    return " ".join(output.split())


PAGE_BY_PAGE = "page by page (text, boxes, links, images, how each page looks, metadata)."


def _last_line(output: str) -> str:
    """The verdict: the last line, joined as the terminal may wrap it."""
    return " ".join(output.split("verified ")[-1].split())


def _byte_for_byte(code: int, output: str) -> bool:
    """Verified, and by the strongest check: the re-render is the file, byte for byte."""
    return (
        code == 0
        and output.startswith("verified ")
        and _last_line(output).endswith("matches the file byte for byte.")
    )


def _changed(data: bytes, change: Change, **save: object) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        change(pdf)
        out = io.BytesIO()
        pdf.save(out, **save)  # type: ignore[arg-type]
        return out.getvalue()


def _font_name(page: pikepdf.Page) -> str:
    return str(next(iter(page.Resources.Font.keys())))


def _overlay(pdf: pikepdf.Pdf, drawing: bytes) -> None:
    """Draw over the first page, after its own content, as an editor would."""
    page = pdf.pages[0]
    page.contents_add(pdf.make_stream(drawing), prepend=False)


COVER_SCORE = b"q 1 1 1 rg 40 600 500 150 re f Q BT %s 28 Tf 60 680 Td (Score 97 Green) Tj ET"


@pytest.mark.slow
def test_a_fresh_report_verifies_byte_for_byte(report: bytes, tmp_path: Path) -> None:
    assert _byte_for_byte(*_verify(report, tmp_path))
    assert _byte_for_byte(*_verify(report, tmp_path, "--exact"))


@pytest.mark.slow
@pytest.mark.parametrize(
    ("paper", "variant"), [(Paper.LETTER, PdfVariant.PDF_UA_1), (Paper.A4, PdfVariant.NONE)]
)
def test_paper_and_variant_are_read_from_the_file(
    mini: Pack, tmp_path: Path, paper: Paper, variant: PdfVariant
) -> None:
    evaluation = evaluate(mini, mini_opened(mini).assessment)
    data = render_report(ReportFormat.PDF, evaluation, paper=paper, variant=variant)
    assert _byte_for_byte(*_verify(data, tmp_path, "--exact"))


@pytest.mark.slow
def test_a_file_that_is_not_a_pdf_is_bad_input(tmp_path: Path) -> None:
    assert "is not a readable PDF" in _refused(b"hello", tmp_path, code=2)


@pytest.mark.slow
def test_a_new_cover_score_drawn_over_the_old_is_named_by_page_and_line(
    report: bytes, tmp_path: Path
) -> None:
    def change(pdf: pikepdf.Pdf) -> None:
        _overlay(pdf, COVER_SCORE % _font_name(pdf.pages[0]).encode())

    message = _refused(_changed(report, change), tmp_path)
    assert "not verified: page 1, line" in message and "a re-render" in message


@pytest.mark.slow
def test_a_cover_drawn_over_without_text_is_found(report: bytes, tmp_path: Path) -> None:
    def change(pdf: pikepdf.Pdf) -> None:
        _overlay(pdf, b"q 1 1 1 rg 40 600 500 150 re f Q")

    assert "page 1 draws something a re-render does not" in _refused(
        _changed(report, change), tmp_path
    )


def _incremental_overlay(data: bytes) -> bytes:
    """Append a revision that replaces page 1 with one drawing a new score over the old."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0]
        number = page.obj.objgen[0]
        size = int(pdf.trailer.Size)
        drawing = COVER_SCORE % _font_name(page).encode()
        contents = page.obj.Contents
        old = list(contents) if isinstance(contents, Array) else [contents]
        refs = " ".join(f"{item.objgen[0]} {item.objgen[1]} R" for item in old)
        del page.obj.Contents
        rest = page.obj.unparse(resolved=True).removeprefix(b"<<")
        page_text = f"<< /Contents [{refs} {size} 0 R] ".encode() + rest
        root, info = pdf.trailer.Root.objgen[0], pdf.trailer.Info.objgen[0]
    previous = int(data.rstrip().split(b"startxref")[-1].split(b"%%EOF")[0])
    update = bytearray(b"\n")
    page_at = len(data) + len(update)
    update += f"{number} 0 obj\n".encode() + page_text + b"\nendobj\n"
    stream_at = len(data) + len(update)
    update += f"{size} 0 obj\n<< /Length {len(drawing)} >>\nstream\n".encode()
    update += drawing + b"\nendstream\nendobj\n"
    xref_at = len(data) + len(update)
    update += (
        f"xref\n0 1\n0000000000 65535 f \n{number} 1\n{page_at:010d} 00000 n \n"
        f"{size} 1\n{stream_at:010d} 00000 n \n"
        f"trailer\n<< /Size {size + 1} /Root {root} 0 R /Info {info} 0 R /Prev {previous} >>\n"
        f"startxref\n{xref_at}\n%%EOF\n"
    ).encode()
    return data + bytes(update)


@pytest.mark.slow
def test_a_cover_overlay_appended_as_an_incremental_update_is_refused(
    report: bytes, tmp_path: Path
) -> None:
    updated = _incremental_overlay(report)
    with pikepdf.open(io.BytesIO(updated)) as pdf:  # a reader shows the new score
        assert b"Score 97" in pdf.pages[0].Contents[-1].read_bytes()
    assert len(pypdf.PdfReader(io.BytesIO(updated)).pages[0]["/Contents"]) == 2
    assert "more than one revision" in _refused(updated, tmp_path)


@pytest.mark.slow
def test_content_after_the_end_of_the_document_is_refused(report: bytes, tmp_path: Path) -> None:
    assert "content after the end of the document" in _refused(
        report + b"% hidden note\n", tmp_path
    )


@pytest.mark.slow
def test_pages_removed_from_the_middle_are_found(report: bytes, tmp_path: Path) -> None:
    def change(pdf: pikepdf.Pdf) -> None:
        del pdf.pages[3:5]

    message = _refused(_changed(report, change), tmp_path)
    assert "the report has" in message and "pages, a re-render" in message
    assert "page 4, line" in message


@pytest.mark.slow
def test_fabricated_pages_before_the_real_last_page_are_found(
    report: bytes, other_report: bytes, tmp_path: Path
) -> None:
    def change(pdf: pikepdf.Pdf) -> None:
        with pikepdf.open(io.BytesIO(other_report)) as other:
            last = len(pdf.pages) - 1
            while len(pdf.pages) > 3:
                del pdf.pages[2]
            for page in other.pages[2:last]:
                pdf.pages.insert(len(pdf.pages) - 1, page)

    assert "not verified: page" in _refused(_changed(report, change), tmp_path)


@pytest.mark.slow
def test_swapped_attachments_with_the_hash_added_as_invisible_text_are_found(
    mini: Pack, report: bytes, other_report: bytes, tmp_path: Path
) -> None:
    with pikepdf.open(io.BytesIO(other_report)) as other:
        swapped = {
            name: other.attachments[name].get_file().read_bytes()
            for name in (ASSESSMENT_NAME, RESULT_NAME)
        }
    assessment = mini_opened(mini).assessment
    changed = with_answer(assessment, "A-01", ControlAnswer(answer="yes", note="Done."))  # type: ignore[arg-type]
    invisible = f"BT 3 Tr %s 8 Tf 40 40 Td (Assessment SHA-256 {assessment_sha256(changed)}) Tj ET"

    def change(pdf: pikepdf.Pdf) -> None:
        for name, content in swapped.items():
            pdf.attachments[name] = pikepdf.AttachedFileSpec(pdf, content, filename=name)
        page = pdf.pages[len(pdf.pages) - 1]
        page.contents_add(pdf.make_stream((invisible % _font_name(page)).encode()))

    message = _refused(_changed(report, change), tmp_path)
    # the printed verdict no longer matches what the swapped-in assessment renders to
    assert "page 1, line" in message and "a re-render of the embedded assessment reads" in message


@pytest.mark.slow
def test_an_extra_attachment_is_refused(report: bytes, tmp_path: Path) -> None:
    def change(pdf: pikepdf.Pdf) -> None:
        pdf.attachments["notes.txt"] = pikepdf.AttachedFileSpec(pdf, b"hi", filename="notes.txt")

    assert "embeds notes.txt besides assessment.json and result.json" in _refused(
        _changed(report, change), tmp_path
    )


@pytest.mark.slow
def test_an_annotation_crbd_does_not_make_is_refused(report: bytes, tmp_path: Path) -> None:
    def change(pdf: pikepdf.Pdf) -> None:
        note = Dictionary(
            Type=Name.Annot, Subtype=Name.Text, Rect=[0, 0, 20, 20], Contents=String("psst")
        )
        pdf.pages[0].obj.Annots = pdf.make_indirect(Array([pdf.make_indirect(note)]))

    assert "page 1 has a /Text annotation" in _refused(_changed(report, change), tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize("where", ["names", "open action", "link"])
def test_javascript_is_refused(report: bytes, tmp_path: Path, where: str) -> None:
    script = Dictionary(S=Name.JavaScript, JS=String("app.alert('hi')"))

    def change(pdf: pikepdf.Pdf) -> None:
        action = pdf.make_indirect(script)
        if where == "names":
            pdf.Root.Names.JavaScript = Dictionary(Names=Array([String("hi"), action]))
        elif where == "open action":
            pdf.Root.OpenAction = action
        else:
            link = next(
                annotation for page in pdf.pages for annotation in page.obj.get("/Annots", [])
            )
            link.A = Dictionary(S=Name.Launch, F=String("calc.exe"))

    message = _refused(_changed(report, change), tmp_path)
    assert "/JS (a script or an automatic action)" in message or "/Launch action" in message


@pytest.mark.slow
def test_changed_metadata_is_named(report: bytes, tmp_path: Path) -> None:
    def change(pdf: pikepdf.Pdf) -> None:
        pdf.docinfo.Title = String("Children's rights by design gap report: Another product")

    message = _refused(_changed(report, change), tmp_path)
    assert "the document metadata /Title reads" in message and "Another product" in message


@pytest.mark.slow
def test_a_report_from_another_version_is_checked_by_its_text_and_says_so(
    report: bytes, tmp_path: Path
) -> None:
    def change(pdf: pikepdf.Pdf) -> None:
        pdf.docinfo.Creator = String("crbd 0.0.9")

    older = _changed(report, change)
    code, output = _verify(older, tmp_path)
    assert code == 0 and _last_line(output).endswith(PAGE_BY_PAGE)
    assert "made with crbd 0.0.9 and WeasyPrint" in " ".join(output.split())
    assert "not the bytes" in output
    code, output = _verify(older, tmp_path, "--exact")
    assert code == 1 and "--exact" in " ".join(output.split())


@pytest.mark.slow
@pytest.mark.skipif(
    weasyprint.pdf.fonts.harfbuzz_subset is None,
    reason="HarfBuzz's subsetter (libharfbuzz-subset0) is missing here, so every render "
    "already uses fontTools and there is no other subsetter to compare with",
)
def test_a_report_subset_by_fonttools_is_checked_by_its_text_and_says_so(
    mini: Pack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Made where libharfbuzz-subset0 is missing, verified where it is installed (or back)."""
    evaluation = evaluate(mini, mini_opened(mini).assessment)
    with monkeypatch.context() as patched:
        patched.setattr(weasyprint.pdf.fonts, "harfbuzz_subset", None)
        elsewhere = render_report(ReportFormat.PDF, evaluation)
    code, output = _verify(elsewhere, tmp_path)
    assert code == 0 and _last_line(output).endswith(PAGE_BY_PAGE)
    assert "the embedded fonts differ from this machine's" in " ".join(output.split())


@pytest.mark.slow
def test_another_version_does_not_hide_an_added_image(report: bytes, tmp_path: Path) -> None:
    def change(pdf: pikepdf.Pdf) -> None:
        pdf.docinfo.Creator = String("crbd 0.0.9")
        page = pdf.pages[0]
        image = pikepdf.Stream(pdf, b"\xff\xff\xff")
        image.Type, image.Subtype = Name.XObject, Name.Image
        image.Width, image.Height, image.BitsPerComponent = 1, 1, 8
        image.ColorSpace = Name.DeviceRGB
        page.add_resource(image, Name.XObject, Name.Cover)
        page.contents_add(pdf.make_stream(b"q 500 0 0 150 40 600 cm /Cover Do Q"))

    assert "page 1 draws something a re-render does not" in _refused(
        _changed(report, change), tmp_path
    )


@pytest.mark.slow
def test_another_version_whose_text_differs_says_which_versions(
    report: bytes, tmp_path: Path
) -> None:
    def change(pdf: pikepdf.Pdf) -> None:
        pdf.docinfo.Creator = String("crbd 0.0.9")
        del pdf.pages[3]

    message = _refused(_changed(report, change), tmp_path)
    assert "page 4, line 1 reads" in message
    assert "(the report was made with crbd 0.0.9 and WeasyPrint" in message


@pytest.mark.slow
@pytest.mark.parametrize("where", ["page", "form"])
def test_a_decompression_bomb_is_refused_quickly(report: bytes, tmp_path: Path, where: str) -> None:
    bomb = zlib.compress(b"0" * (100 * 2**20), 9)

    def change(pdf: pikepdf.Pdf) -> None:
        stream = pikepdf.Stream(pdf, bomb)
        stream.Filter = Name.FlateDecode
        if where == "page":
            pdf.pages[1].obj.Contents = stream
            return
        stream.Type, stream.Subtype = Name.XObject, Name.Form
        stream.BBox = Array([0, 0, 10, 10])
        pdf.pages[1].add_resource(stream, Name.XObject, Name.Bomb)
        pdf.pages[1].contents_add(pdf.make_stream(b"q /Bomb Do Q"))

    message = _refused(
        _changed(report, change, stream_decode_level=pikepdf.StreamDecodeLevel.none), tmp_path
    )
    assert "the PDF is damaged or built to mislead" in message


@pytest.mark.slow
def test_a_cyclic_page_tree_is_refused(report: bytes, tmp_path: Path) -> None:
    def change(pdf: pikepdf.Pdf) -> None:
        pages = pdf.Root.Pages
        loop = pdf.make_indirect(Dictionary(Type=Name.Pages, Count=1, Parent=pages))
        loop.Kids = Array([loop])
        pages.Kids.append(loop)

    assert "the PDF is damaged or built to mislead" in _refused(_changed(report, change), tmp_path)


@pytest.mark.slow
def test_an_encrypted_report_is_refused(report: bytes, tmp_path: Path) -> None:
    encrypted = _changed(report, lambda pdf: None, encryption=pikepdf.Encryption(owner="o"))
    assert "the PDF is encrypted" in _refused(encrypted, tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        (RESULT_NAME, b'{"product": ', "the embedded result.json is not valid JSON"),
        (ASSESSMENT_NAME, b"\xff\xfe", "the embedded assessment.json is not valid JSON"),
        (ASSESSMENT_NAME, b"[" * 100_000, "the embedded assessment.json is not valid JSON"),
        (
            ASSESSMENT_NAME,
            b'{"answers": 3}',
            "the embedded assessment.json is not a valid assessment (pack: Field required)",
        ),
    ],
)
def test_a_malformed_embedded_file_is_refused(
    report: bytes, tmp_path: Path, name: str, content: bytes, expected: str
) -> None:
    def change(pdf: pikepdf.Pdf) -> None:
        pdf.attachments[name] = pikepdf.AttachedFileSpec(pdf, content, filename=name)

    assert expected in _refused(_changed(report, change), tmp_path)


@pytest.mark.slow
def test_an_altered_result_is_named_by_its_field(report: bytes, tmp_path: Path) -> None:
    def change(pdf: pikepdf.Pdf) -> None:
        content = pdf.attachments[RESULT_NAME].get_file().read_bytes()
        altered = content.replace(b'"Test product"', b'"Other product"', 1)
        pdf.attachments[RESULT_NAME] = pikepdf.AttachedFileSpec(pdf, altered, filename=RESULT_NAME)

    assert "result.product: the report states 'Other product'" in _refused(
        _changed(report, change), tmp_path
    )


@pytest.mark.slow
def test_a_pack_named_by_path_in_the_report_is_not_read(report: bytes, tmp_path: Path) -> None:
    """The embedded assessment names its pack; verify looks it up among installed packs only."""
    planted = shutil.copytree(DATA / "packs" / "mini", tmp_path / "planted")

    def change(pdf: pikepdf.Pdf) -> None:
        content = pdf.attachments[ASSESSMENT_NAME].get_file().read_bytes()
        altered = content.replace(b'"id": "mini"', f'"id": "{planted}"'.encode(), 1)
        pdf.attachments[ASSESSMENT_NAME] = pikepdf.AttachedFileSpec(
            pdf, altered, filename=ASSESSMENT_NAME
        )

    message = _refused(_changed(report, change), tmp_path, code=2)
    assert f"the checklist pack '{planted}', which is not installed here" in message


@pytest.mark.slow
def test_a_report_rendered_with_own_templates_verifies_with_them(
    mini: Pack, tmp_path: Path
) -> None:
    folder = shutil.copytree(bundled("report_templates"), tmp_path / "templates")
    entry = folder / "report.html.j2"
    entry.write_text(entry.read_text().replace("</body>", "<p>Our own footer</p></body>"))
    evaluation = evaluate(mini, mini_opened(mini).assessment)
    data = render_report(ReportFormat.PDF, evaluation, folder)
    assert _byte_for_byte(*_verify(data, tmp_path, "--templates", str(folder)))
    assert "reads 'Our own footer'" in _refused(data, tmp_path)


@pytest.mark.slow
def test_structural_refusals_come_before_any_render(
    report: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_render(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("verify rendered before its cheap checks")

    monkeypatch.setattr(verify, "render_report", no_render)
    target = tmp_path / "report.pdf"
    for tampered in (
        _incremental_overlay(report),
        report + b"% hidden note\n",
        _changed(report, lambda pdf: setattr(pdf.Root, "OpenAction", Dictionary())),
    ):
        target.write_bytes(tampered)
        assert verify.verify_report(target, [DATA / "packs"]).difference


def _edit_producer(pdf: pikepdf.Pdf) -> None:
    """The edit that used to choose the weaker comparison: another weasyprint, it says."""
    pdf.docinfo.Producer = String("WeasyPrint 60.0")


def _cids(font: pikepdf.Object) -> dict[str, int]:
    """Which character code draws which character, from the font's ToUnicode map."""
    cmap = font.ToUnicode.read_bytes().decode("latin-1")
    codes: dict[str, int] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.DOTALL):
        for code, text in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            codes[bytes.fromhex(text).decode("utf-16-be")] = int(code, 16)
    return codes


def _font_file(font: pikepdf.Object) -> pikepdf.Object:
    return font.DescendantFonts[0].FontDescriptor.FontFile2


def _swap_glyphs(pdf: pikepdf.Pdf, one: str = "1", other: str = "3") -> None:
    """Swap two digits' outlines in the subset fonts of page 1: the text stays, the cover lies."""
    swapped = 0
    for font in pdf.pages[0].Resources.Font.values():
        codes = _cids(font)
        if one not in codes or other not in codes:
            continue
        program = _font_file(font)
        tt = TTFont(io.BytesIO(program.read_bytes()))
        order, glyf = tt.getGlyphOrder(), tt["glyf"]
        first, second = order[codes[one]], order[codes[other]]
        glyf[first], glyf[second] = glyf[second], glyf[first]
        out = io.BytesIO()
        tt.save(out)
        program.write(out.getvalue())
        swapped += 1
    assert swapped, "no font on page 1 draws both digits"


def _exchange_fonts(pdf: pikepdf.Pdf) -> None:
    """Give two fonts of page 1 each other's program: garbled text, the same extracted text."""
    first, second = list(pdf.pages[0].Resources.Font.values())[:2]
    one, other = first.DescendantFonts[0].FontDescriptor, second.DescendantFonts[0].FontDescriptor
    one.FontFile2, other.FontFile2 = other.FontFile2, one.FontFile2


def _green_97(pdf: pikepdf.Pdf) -> None:
    """A white box over the cover's rating, and "97" drawn in green strokes (no text)."""
    _edit_producer(pdf)
    _overlay(
        pdf,
        b"q 1 1 1 rg 40 560 515 200 re f 0 0.6 0 RG 5 w "
        b"60 740 m 90 740 l 90 680 l 60 680 l 60 710 l 90 710 l S "
        b"110 740 m 140 740 l 120 680 l S Q",
    )


def _blank_page_2(pdf: pikepdf.Pdf) -> None:
    _edit_producer(pdf)
    pdf.pages[1].contents_add(pdf.make_stream(b"q 1 1 1 rg 0 0 700 900 re f Q"), prepend=False)


COLOURS = {"rg", "g", "k", "sc", "scn", "cs"}


def _white_text(pdf: pikepdf.Pdf) -> None:
    """Every text on page 1 drawn white: a reader sees a page without its words."""
    _edit_producer(pdf)
    page = pdf.pages[0]
    instructions: list[pikepdf.ContentStreamInstruction] = []
    in_text = False
    for operands, operator in pikepdf.parse_content_stream(page):
        name = str(operator)
        if in_text and name in COLOURS:
            continue
        instructions.append(pikepdf.ContentStreamInstruction(operands, operator))
        if name == "BT":
            in_text = True
            instructions.append(pikepdf.ContentStreamInstruction([1, 1, 1], pikepdf.Operator("rg")))
        elif name == "ET":
            in_text = False
    page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(instructions))


def _crop_half(pdf: pikepdf.Pdf) -> None:
    _edit_producer(pdf)
    pdf.pages[0].obj.CropBox = Array([0, 421, 595, 842])


def _rotate_page_4(pdf: pikepdf.Pdf) -> None:
    _edit_producer(pdf)
    pdf.pages[3].obj.Rotate = 180


def _retarget_link(pdf: pikepdf.Pdf) -> None:
    _edit_producer(pdf)
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", []):
            if "/A" in annotation and annotation.A.get("/S") == Name.URI:
                annotation.A.URI = String("https://phish.example/")
                return
    raise AssertionError("the report has no link to an address")


def _user_unit(pdf: pikepdf.Pdf) -> None:
    _edit_producer(pdf)
    pdf.pages[0].obj.UserUnit = 0.1


@pytest.mark.parametrize(
    ("tamper", "expected"),
    [
        (_swap_glyphs, "page 1 does not look like a re-render, although its text is the same"),
        (_exchange_fonts, "not verified: page 1"),  # pdfium reads the garbled line breaks
        (_green_97, "page 1 does not look like a re-render"),
        (_blank_page_2, "page 2 does not look like a re-render"),
        (_white_text, "page 1 does not look like a re-render"),
        (_crop_half, "page 1's /CropBox is 0.00 421.00 595.00 842.00, a re-render's 0.00 0.00"),
        (
            _rotate_page_4,
            "page 4's /Rotate is 180, a re-render's 0: a reader shows the page turned",
        ),
        (_retarget_link, "page 4 has a link to 'https://phish.example/' from"),
        (_user_unit, "page 1's /UserUnit is 0.1, a re-render's 1"),
    ],
    ids=lambda value: getattr(value, "__name__", "")[1:],
)
def test_what_a_reader_sees_is_compared_whatever_the_file_says_made_it(
    report: bytes, tmp_path: Path, tamper: Change, expected: str
) -> None:
    """Fonts that differ or a /Producer of another version no longer make the check weaker."""
    message = _refused(_changed(report, tamper), tmp_path)
    assert message.startswith("crbd: not verified: ") and expected in message, message


def test_the_glyph_swap_changes_what_the_cover_shows_not_its_text(report: bytes) -> None:
    """The tamper above is real: the same extracted text, a different picture of the cover."""
    swapped = _changed(report, _swap_glyphs)
    assert page_texts(swapped) == page_texts(report)
    assert "31.2/100" in " ".join(page_texts(swapped)[0])
    found = first_visible_difference(swapped, report)
    assert found is not None and found.page == 1


def test_an_edited_producer_alone_is_compared_as_drawn_and_says_the_bytes_were_not(
    report: bytes, tmp_path: Path
) -> None:
    code, output = _verify(_changed(report, _edit_producer), tmp_path)
    joined = " ".join(output.split())
    assert code == 0 and _last_line(output).endswith(PAGE_BY_PAGE), output
    assert "warning: the report was made with" in joined and "WeasyPrint 60.0" in joined
    assert "how it looks" in joined and "not the bytes" in joined


def _moved(data: bytes, points: float) -> bytes:
    """Every page drawn `points` to the right and up: what rounding to pixels and hinting do."""

    def change(pdf: pikepdf.Pdf) -> None:
        for page in pdf.pages:
            shift = pdf.make_stream(f"q 1 0 0 1 {points} {points} cm".encode())
            page.contents_add(shift, prepend=True)
            page.contents_add(pdf.make_stream(b"Q"))

    return _changed(data, change)


def _first_page_pixels(data: bytes) -> bytes:
    document = pypdfium2.PdfDocument(data)
    pixels: bytes = document[0].render(scale=100 / 72).to_pil().tobytes()
    document.close()
    return pixels


def test_the_tolerance_holds_a_shift_within_a_pixel_and_not_a_changed_digit(
    report: bytes,
) -> None:
    """At 100 dpi a pixel is 0.72 points: glyphs moved by less are the same page to a reader
    (their pixels do change), a page moved by two pixels or a swapped digit is not."""
    within = _moved(report, 0.5)
    assert _first_page_pixels(within) != _first_page_pixels(report)
    assert first_visible_difference(within, report) is None
    beyond = first_visible_difference(_moved(report, 1.5), report)
    assert beyond is not None and beyond.page == 1
    swapped = first_visible_difference(_changed(report, _swap_glyphs), report)
    assert swapped is not None and swapped.page == 1


@pytest.mark.skipif(
    weasyprint.pdf.fonts.harfbuzz_subset is None,
    reason="HarfBuzz's subsetter is missing here, so there is no other subsetter to compare with",
)
@pytest.mark.parametrize("example", ["yarnly", "brickland", "murmur"])
def test_the_examples_subset_by_the_other_subsetter_still_verify(
    example: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Other fonts: the pages compared as drawn, and the genuine report holds."""
    opened = open_assessment(EXAMPLES / f"{example}.yaml")
    with monkeypatch.context() as patched:
        patched.setattr(weasyprint.pdf.fonts, "harfbuzz_subset", None)
        elsewhere = render_report(ReportFormat.PDF, evaluate(opened.pack, opened.assessment))
    code, output = _verify(elsewhere, tmp_path)
    assert code == 0 and _last_line(output).endswith(PAGE_BY_PAGE), output
