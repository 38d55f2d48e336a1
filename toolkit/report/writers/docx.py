"""The report as an editable Word document (python-docx): the document tree laid out.

On the chosen paper, with the running header (product, version, date, DRAFT
until approved), page numbers, and a contents list that reads before Word
updates it (the contents field's shown result is the written list of
sections). Each numbered list is its own numbering instance, so it starts
at 1; every table has fixed column widths from its column shares, never
narrower than the longest word in the column. Document properties carry the
assessment's date, never the time of rendering.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from typing import Any, assert_never

from docx import Document as new_document
from docx.document import Document as WordDocument
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt
from docx.table import Table as WordTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph as WordParagraph

from toolkit.i18n import _
from toolkit.report.archive import FIXED_DATE
from toolkit.report.document import (
    Block,
    Card,
    Cell,
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
    Span,
    Strong,
    Table,
    Text,
    Tone,
    cell_text,
)
from toolkit.report.formats import Paper
from toolkit.report.text import LONGEST_UNBROKEN, core_property
from toolkit.report.zipped import with_fixed_times

ZIP_EPOCH = date(1980, 1, 1)
"""The earliest date a zip entry can carry."""
PAPER_MM = {Paper.A4: (210, 297), Paper.LETTER: (215.9, 279.4)}
MARGIN_MM = 18
BODY_PT = 10
TABLE_PT = 8.5
CHAR_EM = 0.7
"""A generous width of one character, in ems of its font size (wide enough for the
fonts a reader without Calibri sees instead): a column is never
narrower than its longest word at this width."""
HEADER_WIDER = 1.3
"""Column titles are bold and often capitals: this much wider a character."""
CELL_PADDING_MM = 4.0
"""Word's default left and right cell margins together."""


def column_minimum(words: list[str], font_pt: float = TABLE_PT) -> float:
    """The narrowest a column may be, in millimetres, to hold its longest word whole
    (words longer than `LONGEST_UNBROKEN` may break, as in the PDF)."""
    longest = min(max((len(word) for word in words), default=1), LONGEST_UNBROKEN)
    return longest * CHAR_EM * font_pt * 25.4 / 72 + CELL_PADDING_MM


def column_widths(
    columns: list[Column], rows: Sequence[Sequence[Cell]], available: float
) -> list[float]:
    """Each column's width in millimetres: its share of `available`, raised to its minimum,
    the others narrowed in proportion to their slack so the table fits where it can."""
    minimum = [
        max(
            column_minimum([word for row in rows for word in cell_text(row[index]).split()]),
            column_minimum(column.title.split(), TABLE_PT * HEADER_WIDER),
        )
        for index, column in enumerate(columns)
    ]
    total = sum(column.width for column in columns)
    widths = [
        max(available * c.width / total, low) for c, low in zip(columns, minimum, strict=True)
    ]
    excess = sum(widths) - available
    slack = [width - low for width, low in zip(widths, minimum, strict=True)]
    if excess > 0 and sum(slack) > 0:
        cut = min(1.0, excess / sum(slack))
        widths = [width - s * cut for width, s in zip(widths, slack, strict=True)]
    return widths


def render_docx(document: Document, paper: Paper = Paper.A4) -> bytes:
    """The whole document as headings, paragraphs, lists and tables a team can edit."""
    word = new_document()
    on = document.properties.on or FIXED_DATE
    _properties(word, document, on)
    _styles(word)
    width = _page_setup(word, document, paper)
    writer = _Writer(word, width)
    word.add_heading(document.title, level=0)
    for block in document.front:
        writer.block(block)
    _contents(word, document)
    for section in document.sections:
        word.add_heading(section.title, level=1)
        for block in section.blocks:
            writer.block(block)
    output = io.BytesIO()
    word.save(output)
    stamp = max(on, ZIP_EPOCH)  # an undated assessment still gets a file zip can hold
    return with_fixed_times(output.getvalue(), datetime.combine(stamp, time()))


def _properties(word: WordDocument, document: Document, on: date) -> None:
    properties = word.core_properties
    given = document.properties
    properties.title = core_property(given.title)
    properties.author = core_property(", ".join(given.authors))
    properties.subject = core_property(given.subject)
    properties.keywords = core_property(", ".join(given.keywords))
    properties.language = given.language
    properties.created = properties.modified = datetime.combine(on, time(), tzinfo=UTC)
    properties.last_modified_by = ""
    properties.revision = 1


def _styles(word: WordDocument) -> None:
    """A compact body: the same reading size as the PDF, little space between paragraphs."""
    normal = word.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    normal.paragraph_format.space_after = Pt(3)
    normal.paragraph_format.line_spacing = 1.1
    for level, size in ((1, 15), (2, 12)):
        heading = word.styles[f"Heading {level}"]
        heading.font.size = Pt(size)
        heading.paragraph_format.space_before = Pt(12 if level == 1 else 8)
        heading.paragraph_format.space_after = Pt(3)


def _field(paragraph: WordParagraph, instruction: str, shown: str = "") -> None:
    """A Word field (PAGE, NUMPAGES) that Word computes when it lays the document out."""
    _begin(paragraph, instruction)
    paragraph.add_run(shown)
    _end(paragraph)


def _begin(paragraph: WordParagraph, instruction: str) -> None:
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run._r.append(begin)
    run._r.append(code)
    run._r.append(separate)


def _end(paragraph: WordParagraph) -> None:
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)


def _page_setup(word: WordDocument, document: Document, paper: Paper) -> float:
    """Paper size and margins, running header and numbered footer; returns the text width
    in millimetres."""
    section = word.sections[0]
    width, height = PAPER_MM[paper]
    section.page_width, section.page_height = Mm(width), Mm(height)
    section.left_margin = section.right_margin = Mm(MARGIN_MM)
    section.top_margin = section.bottom_margin = Mm(20)
    section.header.paragraphs[0].text = " · ".join(
        part for part in (document.running_header, document.draft_mark) if part
    )
    footer = section.footer.paragraphs[0]
    footer.add_run(_("crbd gap report · Page "))
    _field(footer, "PAGE", "1")
    footer.add_run(_(" of "))
    _field(footer, "NUMPAGES", "1")
    return width - 2 * MARGIN_MM


def _contents(word: WordDocument, document: Document) -> None:
    """The contents: a TOC field whose shown result is the list of sections, so the list
    reads even before Word updates the field with page numbers."""
    title = word.add_paragraph()
    title.add_run(_("Contents")).bold = True
    entries = [
        word.add_paragraph(f"{n}. {section.title}", style="Normal")
        for n, section in enumerate(document.sections, 1)
    ]
    if not entries:
        return
    entries[0].runs[0]._r.addprevious(_field_start())
    _end(entries[-1])


def _field_start() -> Any:
    """The run that opens the contents field (begin, instruction, separate)."""
    run = OxmlElement("w:r")
    for kind in ("begin", "instr", "separate"):
        if kind == "instr":
            code = OxmlElement("w:instrText")
            code.set(qn("xml:space"), "preserve")
            code.text = ' TOC \\o "1-1" \\h \\z \\u '
            run.append(code)
            continue
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        run.append(char)
    return run


class _Writer:
    """Lays blocks out in one Word document, numbering each ordered list afresh."""

    def __init__(self, word: WordDocument, width_mm: float) -> None:
        self.word = word
        self.width = width_mm
        numbering = word.part.numbering_part.element
        style = word.styles["List Number"]
        num_id = style.element.pPr.numPr.numId.val
        self._abstract = numbering.num_having_numId(num_id).abstractNumId.val
        self._numbering = numbering

    def block(self, block: Block) -> None:
        match block:
            case Heading():
                self.word.add_heading(block.text, level=max(1, block.level - 1))
            case Paragraph():
                self._spans(self.word.add_paragraph(), block.spans)
            case Note():
                style = "Intense Quote" if block.tone is Tone.WARNING else "Quote"
                self._spans(self.word.add_paragraph(style=style), block.spans)
            case Facts():
                self._facts(block)
            case Table():
                self._table(block)
            case Items():
                self._items(block)
            case Card():
                if block.title:  # a box without a title (the verdict) runs on
                    self.word.add_heading(block.title, level=2)
                for inner in block.blocks:
                    self.block(inner)
            case Figure():
                if block.caption:
                    caption = self.word.add_paragraph(style="Caption")
                    caption.add_run(block.caption)
                self._table(block.table)
            case Masthead():  # Word has no masthead layout: the cover facts
                self._facts(block.facts)
            case PageBreak():
                self.word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            case _:
                assert_never(block)

    def _spans(self, paragraph: WordParagraph, parts: list[Span]) -> None:
        for part in parts:
            match part:
                case Text():
                    paragraph.add_run(part.text)
                case Strong():
                    paragraph.add_run(part.text).bold = True
                case Link():
                    paragraph.add_run(part.text)
                case _:
                    assert_never(part)

    def _items(self, items: Items) -> None:
        if not items.ordered:
            for item in items.items:
                self._spans(self.word.add_paragraph(style="List Bullet"), item)
            return
        num = self._numbering.add_num(self._abstract)
        num.add_lvlOverride(ilvl=0).add_startOverride(1)
        for item in items.items:
            paragraph = self.word.add_paragraph(style="List Number")
            numbered = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            numbered.get_or_add_ilvl().val = 0
            numbered.get_or_add_numId().val = num.numId
            self._spans(paragraph, item)

    def _grid(self, rows: int, widths: list[float]) -> WordTable:
        table: WordTable = self.word.add_table(rows=rows, cols=len(widths))
        table.style = "Light Grid Accent 1"
        table.autofit = False  # a fixed layout: Word keeps the widths below
        for grid_column, width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
            grid_column.w = Mm(width)
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Mm(width)
        return table

    def _fill(self, cell: _Cell, text: str, width: Length, *, bold: bool = False) -> None:
        cell.width = width
        paragraph = cell.paragraphs[0]
        paragraph.paragraph_format.space_after = Pt(0)
        run = paragraph.add_run(text)
        run.font.size = Pt(TABLE_PT)
        run.bold = bold or None

    def _table(self, table: Table) -> None:
        if not table.rows:
            self.word.add_paragraph(table.empty or _("None."))
            return
        widths = column_widths(table.columns, table.rows, self.width)
        grid = self._grid(1 + len(table.rows), widths)
        sizes = [Mm(width) for width in widths]
        header = grid.rows[0]
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        header._tr.get_or_add_trPr().append(repeat)
        for cell, column, size in zip(header.cells, table.columns, sizes, strict=True):
            self._fill(cell, column.title, size, bold=True)
        for row, cells in zip(grid.rows[1:], table.rows, strict=True):
            for cell, text, size in zip(row.cells, cells, sizes, strict=True):
                self._fill(cell, cell_text(text), size)
        if table.footer:
            self.word.add_paragraph(table.footer)

    def _facts(self, facts: Facts) -> None:
        columns = [Column("", 1), Column("", 3)]
        rows = [[label, value] for label, value in facts.rows]
        widths = column_widths(columns, rows, self.width)
        grid = self._grid(len(rows), widths)
        sizes = [Mm(width) for width in widths]
        for row, (label, value) in zip(grid.rows, rows, strict=True):
            label_cell, value_cell = row.cells
            self._fill(label_cell, label, sizes[0], bold=True)
            self._fill(value_cell, value, sizes[1])
