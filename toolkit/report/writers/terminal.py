"""The report's blocks for the terminal: the document tree laid out as rich renderables.

`crbd score` prints its tables through this writer, so a table the report shows
and the terminal shows is built once, by the section builder, and only laid out
here. Colour is a second carrier only: every rating and flag is also in words.

User text goes into rich `Text` objects, never into markup, and control
characters are made visible first, so a name or a note can neither style the
output nor drive the terminal. rich is imported inside the functions, so
importing this module costs nothing at start-up.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, assert_never

from toolkit.report.document import (
    Block,
    Card,
    Cell,
    Facts,
    Figure,
    Heading,
    Items,
    Link,
    Masthead,
    Note,
    PageBreak,
    Paragraph,
    Section,
    Span,
    Strong,
    Table,
    Text,
    Tone,
)
from toolkit.report.text import printable

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
    from rich.table import Table as RichTable
    from rich.text import Text as RichText

ROLE_STYLE = {
    "rating-red": "bold red",
    "rating-amber": "bold yellow",
    "rating-green": "bold green",
    "flag": "bold red",
}
"""The colour a role adds on the terminal (the words say the same without it)."""

COMPACT_WIDEST = 26
"""How wide the widest column of a compact table may grow (the domain names)."""

HEADING_LEAST = 4
"""A compact table cuts no heading shorter than this (three letters and the ellipsis)."""

NARROW = 10
"""How wide the other columns may grow, so the widest one keeps its words whole."""


def _style(role: str) -> str:
    return " ".join(ROLE_STYLE[word] for word in role.split() if word in ROLE_STYLE)


def rich_text(parts: Sequence[Span]) -> RichText:
    """Spans as one rich `Text`: strong parts bold, roles coloured where they carry one."""
    from rich.text import Text as RichText

    out = RichText()
    for part in parts:
        match part:
            case Text():
                out.append(printable(part.text), style=_style(part.role))
            case Strong():
                out.append(printable(part.text), style=" ".join(["bold", _style(part.role)]))
            case Link():
                out.append(printable(part.text), style=_style(part.role))
            case _:
                assert_never(part)
    return out


def _cell(cell: Cell) -> RichText:
    from rich.text import Text as RichText

    return RichText(printable(cell)) if isinstance(cell, str) else rich_text(cell)


def rich_table(table: Table, title: str = "", *, compact: bool = False) -> RenderableType:
    """A table block as a rich table under `title`: numeric columns right-aligned.

    `compact` keeps every row on one line and draws only the line under the headings,
    for a table that must fit a small screen: every column but the widest share (the
    names) is as wide as its longest cell, and the names are cut with an ellipsis to
    what is left, so no number or count is ever cut.
    """
    from rich.text import Text as RichText

    if not table.rows:
        empty = RichText(printable(table.empty or "—"))
        return _titled(title, empty) if title else empty
    return _Compact(table, title) if compact else _laid_out(table, title)


class _Compact:
    """A compact table, its column widths worked out for the width it is printed in."""

    def __init__(self, table: Table, title: str) -> None:
        self.table, self.title = table, title

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        columns = self.table.columns
        rows = [[_cell(cell) for cell in row] for row in self.table.rows]
        widest = _widest(self.table)
        cells = [max(row[i].cell_len for row in rows) for i in range(len(columns))]
        headings = [len(printable(column.title)) for column in columns]
        room = options.max_width - (3 * len(columns) + 1)  # padding and a rule between
        names = min(cells[widest], COMPACT_WIDEST)
        widths = [
            0 if i == widest else max(width, min(headings[i], HEADING_LEAST))
            for i, width in enumerate(cells)
        ]
        spare = room - sum(widths) - names
        short = [i for i in range(len(columns)) if i != widest and widths[i] < headings[i]]
        while spare > 0 and short:  # what is left widens the cut headings, one by one
            for i in short[:spare]:
                widths[i] += 1
                spare -= 1
            short = [i for i in short if widths[i] < headings[i]]
        names = max(min(room - sum(widths), COMPACT_WIDEST), 1)
        fixed: list[int | None] = [None if i == widest else w for i, w in enumerate(widths)]
        yield _laid_out(self.table, self.title, widths=fixed, names=names)


def _widest(table: Table) -> int:
    return max(range(len(table.columns)), key=lambda i: table.columns[i].width)


def _laid_out(
    table: Table,
    title: str,
    *,
    widths: Sequence[int | None] = (),
    names: int | None = None,
) -> RichTable:
    """The rich table; `widths` (compact) fixes every column's width but the widest
    share's, which may grow to `names`."""
    from rich import box
    from rich.table import Table as RichTable

    compact = bool(widths)
    out = RichTable(
        title=printable(title) or None,
        title_justify="left",
        box=box.SIMPLE_HEAD if compact else box.HEAVY_HEAD,
        caption=printable(table.footer) or None,
        caption_justify="left",
    )
    widest = _widest(table)
    for index, column in enumerate(table.columns):
        out.add_column(
            printable(column.title),
            justify="right" if column.numeric else "left",
            no_wrap=compact or column.nowrap,
            overflow="ellipsis" if compact or index == widest else "fold",
            width=widths[index] if compact else None,
            # the widest share (the names) takes the room the short columns leave
            max_width=names if index == widest else (None if compact else NARROW),
        )
    for row in table.rows:
        out.add_row(*(_cell(cell) for cell in row))
    return out


def _titled(title: str, body: RenderableType) -> RenderableType:
    from rich.console import Group
    from rich.text import Text as RichText

    return Group(RichText(printable(title), style="bold"), body)


def rich_blocks(blocks: Sequence[Block], title: str = "") -> list[RenderableType]:
    """Blocks in order as renderables; `title` (the section's heading) heads the first
    table, or stands on its own line when the blocks open with something else."""
    out: list[RenderableType] = []
    pending = title
    for block in blocks:
        if pending and not isinstance(block, Table | Figure):
            out.append(_heading(pending, 2))
            pending = ""
        out += _block(block, pending)
        pending = ""
    if pending:
        out.append(_heading(pending, 2))
    return out


def rich_section(section: Section) -> list[RenderableType]:
    """A section: its title, then its blocks."""
    return rich_blocks(section.blocks, section.title)


def _heading(text: str, level: int) -> RenderableType:
    from rich.text import Text as RichText

    return RichText(printable(text), style="bold underline" if level <= 2 else "bold")


def _block(block: Block, title: str = "") -> list[RenderableType]:
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table as RichTable
    from rich.text import Text as RichText

    match block:
        case Heading():
            return [_heading(block.text, block.level)]
        case Paragraph():
            return [rich_text(block.spans)]
        case Note():
            text = rich_text(block.spans)
            if block.tone is Tone.WARNING:
                text.stylize("bold")
            return [text]
        case Facts():
            grid = RichTable.grid(padding=(0, 2))
            grid.add_column(style="bold", no_wrap=True)
            grid.add_column()
            for label, value in block.rows:
                grid.add_row(RichText(printable(label)), RichText(printable(value)))
            return [grid]
        case Table():
            return [rich_table(block, title)]
        case Items():
            lines = RichText()
            for n, item in enumerate(block.items, 1):
                if n > 1:
                    lines.append("\n")
                lines.append(f"{n}. " if block.ordered else "• ")
                lines.append_text(rich_text(item))
            return [lines]
        case Card():
            inner = [part for one in block.blocks for part in _block(one)]
            return [
                Panel(
                    Group(*inner),
                    title=RichText(printable(block.title)) if block.title else None,
                    title_align="left",
                )
            ]
        case Figure():
            caption = [RichText(printable(block.caption))] if block.caption else []
            return [rich_table(block.table, title), *caption]
        case Masthead():  # the terminal has no masthead layout: the cover facts
            return _block(block.facts)
        case PageBreak():
            return []
        case _:
            assert_never(block)
