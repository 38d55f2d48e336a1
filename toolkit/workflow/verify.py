"""Re-check a PDF report against what a reader sees: re-render it and compare.

Rendering is deterministic, so the strongest check is to render the report
again from the assessment it embeds, with the same pack and options, and
compare the result with the file. In order, cheapest first:

1. the file's structure (`pdf_structure`): one revision, nothing after its
   end, no JavaScript or actions, links as the only annotations, exactly the
   two files crbd embeds;
2. the embedded assessment re-scored with the pack found here must give the
   embedded Result;
3. one render with the paper and variant read from the file; when its bytes
   are the file's, the report holds. Otherwise every page is compared with
   the re-render's, on every path: its text, its boxes, rotation and unit,
   every link's target, its images' data, and how it looks (both files
   rasterised, `pdf_raster`), then the metadata. Nothing in the file (its
   fonts, /Producer, /Creator or XMP) makes the comparison weaker: when the
   versions and fonts are the same, the content streams must be identical
   too; when they are not, the verdict says the bytes were not compared. An
   embedded assessment whose report is beyond the PDF size budget is
   refused before any layout: crbd never printed it.

The first difference is named (page and line where the text differs), so an
auditor knows what does not hold, not only that something fails.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from pydantic import ValidationError
from pypdf import PdfReader

from toolkit.engine.accountability import history_problems, signoff_state
from toolkit.engine.evaluate import Evaluation, evaluate
from toolkit.engine.risk import revisit_sentence
from toolkit.errors import TooLargeToPrint, UnknownItem
from toolkit.i18n import (
    N_,
    SOURCE_LANGUAGE,
    _,
    available_languages,
    current_language,
    language,
    normalise,
)
from toolkit.model.accountability import Binding
from toolkit.model.assessment import Assessment
from toolkit.model.hashing import signed_sha256
from toolkit.model.overlays import translated
from toolkit.model.packs import available_packs, load_pack
from toolkit.report import render_report
from toolkit.report.archive import ASSESSMENT_NAME, RESULT_NAME, result_json
from toolkit.report.formats import ReportFormat
from toolkit.workflow import pdf_structure as structure
from toolkit.workflow.pdf_raster import first_visible_difference, page_texts
from toolkit.workflow.pdf_structure import NotVerified

TOOL_KEYS = ("/Creator", "/Producer")
"""The metadata naming the versions that made the file (crbd, weasyprint)."""


@dataclass(frozen=True)
class Verification:
    """The verdict: None when the report holds up, else the first difference."""

    difference: str | None
    notes: list[str] = field(default_factory=list)
    """What the verdict rests on, when it is weaker than a byte-for-byte match."""
    warnings: list[str] = field(default_factory=list)
    """What an auditor should know about the embedded assessment beyond its integrity:
    a history that does not match its answers. These fail the check only with
    `--strict`: the report still shows what was assessed."""


def verify_report(
    report: Path, pack_dirs: Sequence[Path] = (), templates: Path | None = None
) -> Verification:
    """Check a PDF report; raise `CrbdError` only for bad input (no PDF, no such pack)."""
    data = structure.read_report(report)
    try:
        return _verify(data, pack_dirs, templates)
    except NotVerified as refusal:
        return Verification(str(refusal))


def _verify(data: bytes, pack_dirs: Sequence[Path], templates: Path | None) -> Verification:
    structure.check_one_revision(data)
    reader = structure.open_report(data)
    structure.check_contents(reader)
    assessment = _embedded_assessment(reader)
    with language(_report_language(reader)):
        pack = load_pack(_pack_folder(assessment.pack.id, pack_dirs))
        evaluation = evaluate(translated(pack, current_language()), assessment)
        verdict = _compared(data, reader, evaluation, templates)
    state = signoff_state(assessment)
    if verdict.difference is None and state.binding is Binding.CHANGED:
        verdict = replace(
            verdict,
            difference=_(
                "the report is what its embedded assessment renders to, but those answers "
                "{state}, so the sign-off it names does not cover what it shows."
            ).format(state=state.sentence),
        )
    warnings = accountability_warnings(assessment) + risk_warnings(evaluation)
    return replace(verdict, warnings=warnings)


def risk_warnings(evaluation: Evaluation) -> list[str]:
    """The harms whose rating is to revisit (their risk factors or mitigating answers
    changed since the rating was made), and an approval of the risk assessment made on
    other content than the one embedded."""
    warnings = [revisit_sentence(line) for line in evaluation.risks.to_revisit]
    approvals = evaluation.assessment.risk_record.approvals
    if approvals and approvals[-1].assessment_sha256 != signed_sha256(evaluation.assessment):
        latest = approvals[-1]
        warnings.append(
            _(
                "the children's risk assessment was approved by {name} on {on} and has "
                "changed since, so that approval no longer holds."
            ).format(name=latest.approved_by, on=latest.on.isoformat())
        )
    return warnings


def _report_language(reader: PdfReader) -> str:
    """The language the report was written in (the PDF's `/Lang`); English when it names
    none crbd has. It is not trusted: a wrong one only makes the re-render differ."""
    with structure.reading("reading its language"):
        stated = reader.root_object.get("/Lang")
    code = normalise(str(stated)) if stated else SOURCE_LANGUAGE
    return code if code in available_languages() else SOURCE_LANGUAGE


def _compared(
    data: bytes, reader: PdfReader, evaluation: Evaluation, templates: Path | None
) -> Verification:
    """Re-score, then re-render and compare with the file."""
    stated = _json(structure.embedded_file(reader, RESULT_NAME), RESULT_NAME)
    changed = _first_change("result", stated, json.loads(result_json(evaluation.result)))
    if changed:
        return Verification(changed)
    paper, variant = structure.render_options(reader)
    try:
        rendered = render_report(
            ReportFormat.PDF, evaluation, templates, paper=paper, variant=variant
        )
    except TooLargeToPrint as refused:
        return Verification(
            _(
                "The assessment it embeds makes a report of about {pages:,} pages, more than "
                "the {limit:,} crbd prints as a PDF, so crbd did not make this file from it."
            ).format(pages=refused.pages, limit=refused.limit)
        )
    if rendered == data:
        return Verification(None)
    again = structure.open_report(rendered)
    info, made_here = structure.document_info(reader), structure.document_info(again)
    same_tools = all(info.get(key) == made_here.get(key) for key in TOOL_KEYS)
    # every content stream, form, image and font is decompressed within the parser's
    # limits (a decompression bomb is refused) before pdfium reads the file
    drawings = structure.page_drawings(reader), structure.page_drawings(again)
    images = structure.page_images(reader), structure.page_images(again)
    same_fonts = structure.font_programs(reader) == structure.font_programs(again)
    difference = _box_difference(
        structure.page_boxes(reader), structure.page_boxes(again)
    ) or _text_difference(page_texts(data), page_texts(rendered))
    if difference and not same_tools:
        return Verification(f"{difference} ({_made_with(info, made_here)}.)")
    if difference:
        return Verification(difference)
    exact = same_tools and same_fonts
    difference = (
        _link_difference(structure.page_links(reader), structure.page_links(again))
        or _drawing_difference(*drawings, exact=exact)
        or _image_difference(*images)
        or _visible_difference(data, rendered)
    )
    if difference:
        return Verification(difference)
    if exact:
        return Verification(_exact_difference(info, made_here))
    compared = [key for key in info.keys() | made_here.keys() if key not in TOOL_KEYS]
    difference = _info_difference(info, made_here, compared)
    if difference:
        return Verification(difference)
    return Verification(None, [_why_not_bytes(info, made_here, same_tools)])


def accountability_warnings(assessment: Assessment) -> list[str]:
    """A history that does not match its answers (answers changed since their sign-off
    fail the check instead: the report would show answers nobody approved)."""
    return [f"{problem}." for problem in history_problems(assessment)]


def _pack_folder(pack_id: str, pack_dirs: Sequence[Path]) -> Path:
    """The installed pack of that id; never a folder the file names, nor one in the cwd."""
    packs = available_packs(pack_dirs)
    if pack_id not in packs:
        known = ", ".join(sorted(packs)) or "none"
        raise UnknownItem(
            _(
                "The report was made with the checklist pack {pack!r}, which is not installed "
                "here (available: {known}); give the folder that holds it with --checklists."
            ).format(pack=pack_id[:100], known=known)
        )
    return packs[pack_id]


def _embedded_assessment(reader: PdfReader) -> Assessment:
    content = _json(structure.embedded_file(reader, ASSESSMENT_NAME), ASSESSMENT_NAME)
    try:
        return Assessment.model_validate(content)
    except ValidationError as error:
        first = error.errors()[0]
        reason = ".".join(str(part) for part in first["loc"]) + ": " + first["msg"]
        raise NotVerified(
            _("the embedded {name} is not a valid assessment ({reason}).").format(
                name=ASSESSMENT_NAME, reason=reason
            )
        ) from None


def _json(content: bytes, name: str) -> object:
    try:
        return json.loads(content)
    except (ValueError, RecursionError) as error:
        raise NotVerified(
            _("the embedded {name} is not valid JSON ({error}).").format(name=name, error=error)
        ) from None


def _text_difference(theirs: list[list[str]], mine: list[list[str]]) -> str | None:
    """The first page and line where the report's text and a re-render's differ."""
    count = (
        _("the report has {theirs} pages, a re-render {mine}; ").format(
            theirs=len(theirs), mine=len(mine)
        )
        if len(theirs) != len(mine)
        else ""
    )
    for number, (their_page, my_page) in enumerate(zip(theirs, mine, strict=False), start=1):
        for line, (their_line, my_line) in enumerate(
            zip([*their_page, ""], [*my_page, ""], strict=False), start=1
        ):
            if their_line != my_line:
                return count + _(
                    "page {page}, line {line} reads {theirs}, a re-render of the embedded "
                    "assessment reads {mine}."
                ).format(page=number, line=line, theirs=_quoted(their_line), mine=_quoted(my_line))
        if len(their_page) != len(my_page):
            line = min(len(their_page), len(my_page)) + 1
            return count + _("page {page} differs from a re-render from line {line} on.").format(
                page=number, line=line
            )
    if count:
        page = min(len(theirs), len(mine)) + 1
        return count + _("the first difference is page {page}.").format(page=page)
    return None


def _quoted(line: str) -> str:
    return repr(line if len(line) <= 80 else line[:77] + "...")


def _drawing_difference(
    theirs: list[tuple[bytes, int, int]], mine: list[tuple[bytes, int, int]], *, exact: bool
) -> str | None:
    """The first page whose drawing (not its text) differs from a re-render."""
    for number, (their_page, my_page) in enumerate(zip(theirs, mine, strict=False), start=1):
        if (their_page if exact else their_page[1:]) != (my_page if exact else my_page[1:]):
            return _(
                "page {page} draws something a re-render does not (its text is the same): an "
                "overlay, an image or a link was added or changed."
            ).format(page=number)
    return None


def _info_difference(
    info: dict[str, str], made_here: dict[str, str], compared: Sequence[str]
) -> str | None:
    for key in sorted(compared):
        if info.get(key) != made_here.get(key):
            return _(
                "the document metadata {key} reads {theirs!r}, a re-render {mine!r}: the "
                "metadata was changed."
            ).format(key=key, theirs=info.get(key), mine=made_here.get(key))
    return None


def _exact_difference(info: dict[str, str], made_here: dict[str, str]) -> str:
    """Same versions and fonts, same pages, different bytes: say where, as well as we can."""
    return _info_difference(info, made_here, compared=list(info.keys() | made_here.keys())) or _(
        "the file differs from a byte-identical re-render made with the same crbd, "
        "weasyprint and fonts (outside its pages' text and drawing: its XMP metadata, "
        "outline or structure was changed)."
    )


BOX_CHANGES = {
    "/Rotate": N_("a reader shows the page turned"),
    "/UserUnit": N_("a reader shows the page at another size"),
}
BOX_CHANGE = N_("a reader shows another part of the page, or none of it")


def _box_difference(theirs: list[dict[str, str]], mine: list[dict[str, str]]) -> str | None:
    """The first page whose boxes, rotation or unit differ from a re-render's."""
    for number, (their_page, my_page) in enumerate(zip(theirs, mine, strict=False), start=1):
        for key in their_page:
            if their_page[key] != my_page.get(key):
                return _("page {page}'s {key} is {theirs}, a re-render's {mine}: {why}.").format(
                    page=number,
                    key=key,
                    theirs=their_page[key],
                    mine=my_page.get(key),
                    why=_(BOX_CHANGES.get(key, BOX_CHANGE)),
                )
    return None


def _link_difference(theirs: list[list[str]], mine: list[list[str]]) -> str | None:
    """The first page with a link added, removed or pointing elsewhere than a re-render's."""
    for number, (their_links, my_links) in enumerate(zip(theirs, mine, strict=False), start=1):
        if len(their_links) != len(my_links):
            return _(
                "page {page} has {theirs} links, a re-render {mine}: links were added or removed."
            ).format(page=number, theirs=len(their_links), mine=len(my_links))
        for their_link, my_link in zip(their_links, my_links, strict=True):
            if their_link != my_link:
                return _(
                    "page {page} has a link to {theirs}, where a re-render links to {mine}: "
                    "the link was changed."
                ).format(page=number, theirs=their_link, mine=my_link)
    return None


def _image_difference(theirs: list[list[str]], mine: list[list[str]]) -> str | None:
    """The first page whose images (size and data) are not a re-render's."""
    for number, (their_images, my_images) in enumerate(zip(theirs, mine, strict=False), start=1):
        if their_images != my_images:
            return _(
                "page {page} draws images a re-render does not (by size or data): an image "
                "was replaced or changed."
            ).format(page=number)
    return None


def _visible_difference(data: bytes, rendered: bytes) -> str | None:
    """The first page that does not look like a re-render, drawn at a low resolution."""
    found = first_visible_difference(data, rendered)
    if found is None:
        return None
    return _(
        "page {page} does not look like a re-render, although its text is the same (first "
        "about {left} mm from the left and {top} mm from the top): something was drawn over "
        "it, or a font, glyph or colour was changed."
    ).format(page=found.page, left=found.left_mm, top=found.top_mm)


def _why_not_bytes(info: dict[str, str], made_here: dict[str, str], same_tools: bool) -> str:
    if same_tools:
        return _(
            "the embedded fonts differ from this machine's (another font subsetter or "
            "HarfBuzz version); compared each page's text, boxes, links, images and how it "
            "looks, and the metadata, not the bytes."
        )
    return _(
        "{made_with}; compared each page's text, boxes, links, images and how it looks, and "
        "the metadata, not the bytes."
    ).format(made_with=_made_with(info, made_here))


def _made_with(info: dict[str, str], made_here: dict[str, str]) -> str:
    """Which versions made the report, and which are here (they may lay pages out differently)."""
    made_with = " and ".join(info.get(key, "?") for key in TOOL_KEYS)
    here = " and ".join(made_here.get(key, "?") for key in TOOL_KEYS)
    return _("the report was made with {made_with}, this is {here}").format(
        made_with=made_with, here=here
    )


def _first_change(where: str, stated: object, recomputed: object) -> str | None:
    """The first place where the embedded Result and the recomputed one differ."""
    if isinstance(stated, dict) and isinstance(recomputed, dict):
        for key in sorted(stated.keys() | recomputed.keys()):
            found = _first_change(f"{where}.{key}", stated.get(key), recomputed.get(key))
            if found:
                return found
        return None
    if isinstance(stated, list) and isinstance(recomputed, list) and len(stated) == len(recomputed):
        for index, (one, other) in enumerate(zip(stated, recomputed, strict=True)):
            found = _first_change(f"{where}[{index}]", one, other)
            if found:
                return found
        return None
    if stated != recomputed:
        return _("{where}: the report states {stated!r}, re-scoring gives {recomputed!r}.").format(
            where=where, stated=stated, recomputed=recomputed
        )
    return None
