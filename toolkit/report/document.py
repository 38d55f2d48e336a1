"""The report as a small tree of layout blocks: built once, laid out by every writer.

The section builders (`toolkit.report.sections`) decide what the report says
and put it into these blocks; each writer (`toolkit.report.writers`) only lays
the blocks out, with one `match` over the block types that ends in
`assert_never`. A new block type therefore fails type checking in every
writer until it is handled, and a new section made of these blocks needs no
writer change at all.

Text in the tree is plain text as the user wrote it; each writer escapes it
for its own format.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import ClassVar, TypeAlias


@dataclass(frozen=True)
class Text:
    """Plain running text."""

    kind: ClassVar[str] = "text"
    """The name a template tests to lay the span or block out (`blocks.html.j2`)."""

    text: str
    role: str = ""
    """What the text is (`date`, `id`, a severity), for a stylesheet: the HTML class.

    Every `role` in this module is a hint for the HTML and PDF look only; a format
    without stylesheets lays the block out the same with or without it."""


@dataclass(frozen=True)
class Strong:
    """Text a reader should see first (a label, a verdict)."""

    kind: ClassVar[str] = "strong"

    text: str
    role: str = ""


@dataclass(frozen=True)
class Link:
    """Text that leads somewhere: `#anchor` inside the report, or a web address."""

    kind: ClassVar[str] = "link"

    text: str
    href: str
    role: str = ""


Span: TypeAlias = Text | Strong | Link


def spans(*parts: str | Span) -> list[Span]:
    """Spans from plain strings (as `Text`) and spans, empty strings left out."""
    return [Text(part) if isinstance(part, str) else part for part in parts if part != ""]


@dataclass(frozen=True)
class Heading:
    """A heading inside a section (level 3 under the section's level-2 title)."""

    kind: ClassVar[str] = "heading"

    text: str
    level: int = 3
    anchor: str = ""


@dataclass(frozen=True)
class Paragraph:
    kind: ClassVar[str] = "paragraph"
    spans: list[Span]
    role: str = ""
    """What the paragraph is (`lead`, `meta`, `refs`), for a stylesheet."""


class Tone(Enum):
    """How a callout reads: information, or a warning that changes how to read the report."""

    INFO = "info"
    WARNING = "warning"


@dataclass(frozen=True)
class Note:
    """A callout set apart from the running text (the disclaimer, the draft warning)."""

    kind: ClassVar[str] = "note"

    spans: list[Span]
    tone: Tone = Tone.INFO
    role: str = ""


@dataclass(frozen=True)
class Facts:
    """Label and value pairs: the cover, key figures, the signature block."""

    kind: ClassVar[str] = "facts"

    rows: list[tuple[str, str]]
    role: str = ""
    """What the pairs are (`signature`, `integrity`), for a stylesheet."""


@dataclass(frozen=True)
class Column:
    """A table column: its title and its share of the width (relative to the others)."""

    title: str
    width: int = 1
    numeric: bool = False
    nowrap: bool = False
    """The column holds what must stay on one line (dates, short codes)."""


Cell: TypeAlias = str | list[Span]
"""A table cell: plain text, or spans where a cell links or marks a part of its text."""


def cell_text(cell: Cell) -> str:
    """A cell as one plain string."""
    return cell if isinstance(cell, str) else plain(cell)


@dataclass(frozen=True)
class Table:
    """Rows of plain-text cells under titled columns; `empty` is printed when there are
    no rows."""

    kind: ClassVar[str] = "table"

    columns: list[Column]
    rows: Sequence[Sequence[Cell]]
    empty: str = ""
    footer: str = ""
    """A line that closes the table (a subtotal), printed after its rows."""
    role: str = ""
    """What kind of table it is, for a stylesheet (the HTML class)."""
    anchors: list[str] = field(default_factory=list)
    """Where given, one anchor per row, so a link elsewhere in the report leads to it."""


@dataclass(frozen=True)
class Items:
    """A list; a numbered one always starts at 1."""

    kind: ClassVar[str] = "items"

    items: list[list[Span]]
    ordered: bool = False
    role: str = ""


@dataclass(frozen=True)
class Card:
    """One thing told in full under its own title (a critical or high gap), or a box of
    blocks read together (the summary's verdict, which has no title, and its boxes)."""

    kind: ClassVar[str] = "card"

    title: str
    anchor: str
    blocks: list[Block]
    role: str = ""
    """What kind of card it is (`gap`), for a stylesheet; it is never split across pages."""


@dataclass(frozen=True)
class Figure:
    """A chart with its alternative text, and the same numbers as a table."""

    kind: ClassVar[str] = "figure"

    image: str
    """The chart as a data URI (formats without images print the caption and table)."""
    alt: str
    caption: str
    """Printed under the chart; empty when the heading above says what it shows."""
    table: Table
    role: str = ""


@dataclass(frozen=True)
class Masthead:
    """The report's opening lines: what it is, the product, its scope and who assessed it
    when. HTML and PDF set it as the masthead above the summary; a format without that
    layout prints its `facts` (the cover)."""

    kind: ClassVar[str] = "masthead"

    kicker: list[Span]
    """What the document is (and that it is a draft)."""
    title: list[Span]
    """The product and its version."""
    scope: str
    line: list[Span]
    """Organisation, assessment date, assessors, checklist and sign-off, in one line."""
    facts: Facts
    """The same facts (and the reviewer and overall rating) as labelled pairs."""
    anchor: str = ""


@dataclass(frozen=True)
class PageBreak:
    """A hint that what follows reads best on a new page (paged formats only)."""

    kind: ClassVar[str] = "page_break"


Block: TypeAlias = (
    Heading | Paragraph | Note | Facts | Table | Items | Card | Figure | Masthead | PageBreak
)


@dataclass(frozen=True)
class Section:
    """One section of the report: its anchor, its title and what it says."""

    anchor: str
    title: str
    blocks: list[Block]


@dataclass(frozen=True)
class Properties:
    """What a document's file properties say about it (never the time of rendering)."""

    title: str
    authors: list[str]
    subject: str
    keywords: list[str]
    language: str = "en"
    on: date | None = None


@dataclass(frozen=True)
class Document:
    """The whole report: properties, running header, the opening blocks, the sections."""

    properties: Properties
    title: str
    running_header: str
    """Product, version and assessment date, for the top of every page."""
    draft: bool
    front: list[Block]
    sections: list[Section] = field(default_factory=list)
    draft_mark: str = ""
    """What marks every page of a draft ("DRAFT: not signed off"); empty once signed off."""

    @property
    def masthead(self) -> Masthead:
        """The opening lines of the report (for templates that set them apart)."""
        return next(block for block in self.front if isinstance(block, Masthead))

    def section(self, anchor: str) -> Section:
        """The section with this anchor (for templates that lay sections out one by one)."""
        return next(section for section in self.sections if section.anchor == anchor)

    @property
    def contents(self) -> list[tuple[str, str]]:
        """Anchor and title of every section, in order."""
        return [(section.anchor, section.title) for section in self.sections]


def plain(parts: list[Span]) -> str:
    """The spans as one plain string."""
    return "".join(part.text for part in parts)
