"""What a crbd PDF report may contain, checked before anything is rendered.

weasyprint writes a report in one revision that ends with its only `%%EOF`;
its only annotations are links (to a page or a web address), it has no
JavaScript, no actions run on opening, no forms, and exactly two embedded
files: the assessment and its Result. Anything else was added after crbd
wrote the file. These checks cost a fraction of a second, so `verify` runs
them first; the re-render then covers everything they do not.

The file is hostile until proven otherwise: whatever the PDF parser raises
while reading it (a decompression bomb, a cyclic page tree, a broken cross
reference) becomes one sentence saying the file is not a report crbd made.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pypdf import PageObject, PdfReader
from pypdf.generic import ArrayObject, Destination, DictionaryObject, IndirectObject

from toolkit.errors import FileProblem
from toolkit.report.archive import ASSESSMENT_NAME, RESULT_NAME
from toolkit.report.formats import Paper, PdfVariant

MAX_REPORT_BYTES = 256 * 2**20
"""Far above the largest report the core pack can produce (a few MB)."""
PAPER_SIZES = {(595, 842): Paper.A4, (612, 792): Paper.LETTER}
LINK_ACTIONS = {"/URI", "/GoTo"}
"""The only actions weasyprint writes: a link to a web address or to a page."""


class NotVerified(Exception):
    """The file is a PDF, but not one crbd wrote as it stands; the message says why."""


def read_report(path: Path) -> bytes:
    """The file's bytes; a file that cannot be read, or is no PDF, is bad input."""
    try:
        size = path.stat().st_size
        if size > MAX_REPORT_BYTES:
            raise FileProblem(
                f"{path}: {size // 2**20} MB is larger than any crbd report; it is not one."
            )
        data = path.read_bytes()
    except OSError as error:
        raise FileProblem(f"{path}: cannot read it ({error.strerror}).") from None
    if not data.startswith(b"%PDF-"):
        raise FileProblem(f"{path}: is not a readable PDF (it does not start with %PDF-).")
    return data


def check_one_revision(data: bytes) -> None:
    """Refuse incremental updates and anything after the end of the document.

    An incremental update appends objects that replace earlier ones (a new
    cover drawn over the old), so a reader shows the update while the original
    bytes are still there. Every stream crbd writes is compressed, so these
    markers appear exactly once in a report, at its end.
    """
    if data.count(b"startxref") > 1 or data.count(b"%%EOF") > 1:
        raise NotVerified(
            "the file has more than one revision: something was appended to the report "
            "after it was made (an incremental update)."
        )
    if not data.rstrip(b"\r\n").endswith(b"%%EOF"):
        raise NotVerified("there is content after the end of the document.")


@contextmanager
def reading(what: str) -> Iterator[None]:
    """Turn anything the parser raises on a damaged or hostile file into one sentence."""
    try:
        yield
    except NotVerified:
        raise
    except Exception as error:  # a hostile file can make the parser raise anything
        reason = str(error).splitlines()[0].rstrip(".") if str(error) else type(error).__name__
        raise NotVerified(
            f"the PDF is damaged or built to mislead ({what}: {reason[:200]})."
        ) from error


def open_report(data: bytes) -> PdfReader:
    """Parse the file and walk its page tree; refuse encryption."""
    if b"/Encrypt" in data:  # before parsing: the parser would try to decrypt it
        raise NotVerified("the PDF is encrypted; crbd never encrypts its reports.")
    with reading("reading its structure"):
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise NotVerified("the PDF is encrypted; crbd never encrypts its reports.")
        if not reader.pages:
            raise NotVerified("the PDF has no pages.")
    return reader


def check_contents(reader: PdfReader) -> None:
    """Refuse JavaScript, actions, forms, annotations other than links, and foreign files."""
    with reading("reading its objects"):
        embedded = 0
        numbers = [*reader.xref.get(0, {}), *reader.xref_objStm]
        for number in numbers:
            found = reader.get_object(number)
            if isinstance(found, DictionaryObject):
                embedded += found.get("/Type") == "/EmbeddedFile"
                _check_object(found)
        catalog = reader.root_object
        for key in ("/AcroForm", "/OpenAction", "/AA"):
            if key in catalog:
                raise NotVerified(f"the document has {key}, which crbd never writes.")
        if "/JavaScript" in _dictionary(catalog.get("/Names")):
            raise NotVerified("the document has JavaScript, which crbd never writes.")
        for number, page in enumerate(reader.pages, start=1):
            for annotation in page.get("/Annots", ArrayObject()):
                subtype = annotation.get_object().get("/Subtype")
                if subtype != "/Link":
                    raise NotVerified(
                        f"page {number} has a {subtype} annotation; crbd makes links only."
                    )
        attachments = {name: len(files) for name, files in reader.attachments.items()}
    expected = {ASSESSMENT_NAME: 1, RESULT_NAME: 1}
    if attachments != expected or embedded != len(expected):
        extra = sorted(set(attachments) - set(expected)) or ["an unnamed file"]
        if set(expected) - set(attachments):
            raise NotVerified(
                f"the PDF does not embed exactly one {ASSESSMENT_NAME} and one {RESULT_NAME}; "
                "it is not a crbd report."
            )
        raise NotVerified(
            f"the PDF embeds {', '.join(extra)} besides {ASSESSMENT_NAME} and {RESULT_NAME}; "
            "crbd embeds only those two."
        )


def _check_object(found: DictionaryObject) -> None:
    for key in ("/JS", "/JavaScript", "/AA", "/OpenAction"):
        if key in found:
            raise NotVerified(f"the PDF has {key} (a script or an automatic action).")
    if found.get("/Type") == "/Action":
        _check_action(found)
    elif found.get("/Type") != "/StructElem" and "/A" in found:  # a StructElem's /A: attributes
        action = found["/A"].get_object()
        if isinstance(action, DictionaryObject):
            _check_action(action)


def _check_action(action: DictionaryObject) -> None:
    kind = action.get("/S")
    if kind not in LINK_ACTIONS:
        raise NotVerified(f"the PDF has a {kind} action; crbd makes links only.")
    if "/Next" in action:
        raise NotVerified("the PDF chains actions (/Next); crbd makes plain links only.")


def _dictionary(value: object) -> DictionaryObject:
    """A dictionary entry that may be missing or indirect, as a dictionary."""
    found = value.get_object() if hasattr(value, "get_object") else value
    return found if isinstance(found, DictionaryObject) else DictionaryObject()


def embedded_file(reader: PdfReader, name: str) -> bytes:
    """The content of one embedded file (decompressed within the parser's limits)."""
    with reading(f"reading {name}"):
        content = reader.attachments[name][0]
    return content


def render_options(reader: PdfReader) -> tuple[Paper, PdfVariant]:
    """The paper and PDF variant the report was rendered with, read from the file itself.

    Paper comes from the first page's size, the variant from the PDF/A or
    PDF/UA identification in the XMP metadata. Nothing here is trusted: the
    file is re-rendered with these options and must then match it, so a
    forged size or identification only makes the match fail.
    """
    with reading("reading its page size and metadata"):
        box = reader.pages[0].mediabox
        size = (round(float(box.width)), round(float(box.height)))
        metadata = reader.root_object.get("/Metadata")
        xmp = metadata.get_object().get_data() if metadata is not None else b""
    if size not in PAPER_SIZES:
        raise NotVerified(f"the first page is {size[0]} x {size[1]} points, neither A4 nor Letter.")
    if re.search(rb'pdfaid:part="3"', xmp) and re.search(rb'pdfaid:conformance="A"', xmp):
        variant = PdfVariant.PDF_A_3A
    elif re.search(rb'pdfuaid:part="1"', xmp):
        variant = PdfVariant.PDF_UA_1
    else:
        variant = PdfVariant.NONE
    return PAPER_SIZES[size], variant


def document_info(reader: PdfReader) -> dict[str, str]:
    """The document information dictionary (title, author, dates, creator, producer)."""
    with reading("reading its metadata"):
        info = reader.metadata
        return {str(key): str(value) for key, value in (info or {}).items()}


def page_drawings(reader: PdfReader) -> list[tuple[bytes, int, int]]:
    """Per page: its content stream, how many images or forms it draws, and its annotations."""
    with reading("reading its pages"):
        drawings = []
        for page in reader.pages:
            resources = page.get("/Resources", DictionaryObject()).get_object()
            xobjects = resources.get("/XObject", DictionaryObject()).get_object()
            contents = page.get_contents()
            drawn = contents.get_data() if contents is not None else b""
            drawings.append((drawn, len(xobjects), len(page.get("/Annots", ArrayObject()))))
        return drawings


def font_programs(reader: PdfReader) -> dict[str, bytes]:
    """The embedded font files by font name: they differ between font subsetters."""
    with reading("reading its fonts"):
        fonts: dict[str, bytes] = {}
        for page in reader.pages:
            resources = page.get("/Resources", DictionaryObject()).get_object()
            for font in resources.get("/Font", DictionaryObject()).get_object().values():
                for descendant in font.get_object().get("/DescendantFonts", ArrayObject()):
                    descriptor = descendant.get_object()["/FontDescriptor"].get_object()
                    for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                        if key in descriptor:
                            name = str(descendant.get_object()["/BaseFont"])
                            fonts[name] = descriptor[key].get_object().get_data()
        return fonts


BOX_KEYS = ("/MediaBox", "/CropBox", "/BleedBox", "/TrimBox", "/ArtBox")


def page_boxes(reader: PdfReader) -> list[dict[str, str]]:
    """Per page: its boxes, rotation and user unit, as a reader applies them (inherited)."""
    with reading("reading its page boxes"):
        pages = []
        for page in reader.pages:
            boxes = {
                key: " ".join(f"{float(value):.2f}" for value in _box(page, key))
                for key in BOX_KEYS
            }
            boxes["/Rotate"] = str(page.rotation % 360)
            boxes["/UserUnit"] = f"{float(page.get('/UserUnit', 1)):g}"
            pages.append(boxes)
        return pages


def _box(page: PageObject, key: str) -> list[float]:
    box = {
        "/MediaBox": page.mediabox,
        "/CropBox": page.cropbox,
        "/BleedBox": page.bleedbox,
        "/TrimBox": page.trimbox,
        "/ArtBox": page.artbox,
    }[key]
    return [float(box.left), float(box.bottom), float(box.right), float(box.top)]


def page_links(reader: PdfReader) -> list[list[str]]:
    """Per page: each link's target (an address, or the page and place it opens) and area."""
    with reading("reading its links"):
        numbers = {
            page.indirect_reference.idnum: number
            for number, page in enumerate(reader.pages, start=1)
            if page.indirect_reference is not None
        }
        named = {str(name): dest for name, dest in reader.named_destinations.items()}
        pages = []
        for page in reader.pages:
            links = []
            for annotation in page.get("/Annots", ArrayObject()):
                link = annotation.get_object()
                area = " ".join(f"{float(value):.0f}" for value in link.get("/Rect", []))
                links.append(f"{_target(link, named, numbers)} from [{area}]")
            pages.append(links)
        return pages


def _target(link: DictionaryObject, named: dict[str, Destination], numbers: dict[int, int]) -> str:
    action = _dictionary(link.get("/A"))
    if action.get("/S") == "/URI":
        return repr(str(action.get("/URI", "")))
    destination = link.get("/Dest", action.get("/D"))
    if destination is None:
        return "nowhere"
    destination = destination.get_object()
    if isinstance(destination, ArrayObject) and destination:
        return _page_of(destination[0], numbers)
    found = named.get(str(destination))
    if found is None:
        return f"{str(destination)!r} (a destination the file does not have)"
    top = found.get("/Top")
    place = f" at {float(top):.0f}" if top is not None else ""
    return f"{_page_of(found.page, numbers)}{place}"


def _page_of(reference: object, numbers: dict[int, int]) -> str:
    if isinstance(reference, IndirectObject) and reference.idnum in numbers:
        return f"page {numbers[reference.idnum]}"
    return "a page the file does not have"


def page_images(reader: PdfReader) -> list[list[str]]:
    """Per page: the images it draws (directly or in forms), by size and a digest of their data."""
    with reading("reading its images"):
        pages = []
        for page in reader.pages:
            found: list[str] = []
            _collect_images(page.get("/Resources"), found, set())
            pages.append(sorted(found))
        return pages


def _collect_images(resources: object, found: list[str], seen: set[int]) -> None:
    xobjects = _dictionary(_dictionary(resources).get("/XObject"))
    for reference in xobjects.values():
        stream = reference.get_object()
        if isinstance(reference, IndirectObject):
            if reference.idnum in seen:  # a form drawn by several pages, or by itself
                continue
            seen.add(reference.idnum)
        if stream.get("/Subtype") == "/Image":
            digest = hashlib.sha256(stream.get_data()).hexdigest()[:16]
            found.append(f"{stream.get('/Width')}x{stream.get('/Height')} {digest}")
        elif stream.get("/Subtype") == "/Form":
            stream.get_data()  # decompressed within the parser's limits before pdfium draws it
            _collect_images(stream.get("/Resources"), found, seen)
