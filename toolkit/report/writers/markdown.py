"""The report as Markdown, for wikis, tickets and pull requests: the document tree laid out.

User text is escaped so a note can never turn into a link, an image, raw
HTML or a broken table.
"""

from __future__ import annotations

from typing import assert_never

from toolkit.report.document import (
    Block,
    Card,
    Cell,
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
)
from toolkit.report.text import markdown_inline

md = markdown_inline
"""User or pack text made inert: Markdown punctuation escaped, one line (the one rule the
progress report and the workshop summary use too)."""


def render_markdown(document: Document) -> str:
    """Every section of the report, in order, as one Markdown document."""
    out = [f"# {md(document.title)}", ""]
    for block in document.front:
        out += _block(block)
    for section in document.sections:
        out += [f"## {md(section.title)}", ""]
        for block in section.blocks:
            out += _block(block)
    return "\n".join(out)


def _inline(text: str) -> str:
    """`md`, keeping one space where the text starts or ends with one (between spans)."""
    inner = md(text)
    if not inner:
        return " " if text else ""
    return (" " if text[:1].isspace() else "") + inner + (" " if text[-1:].isspace() else "")


def _spans(parts: list[Span]) -> str:
    text = []
    for part in parts:
        match part:
            case Text():
                text.append(_inline(part.text))
            case Strong():
                text.append(f"**{md(part.text)}**" if part.text.strip() else "")
            case Link():
                text.append(_inline(part.text))
            case _:
                assert_never(part)
    return "".join(text).strip()


def _cell(cell: Cell) -> str:
    return md(cell) if isinstance(cell, str) else _spans(cell)


def _table(table: Table) -> list[str]:
    if not table.rows:
        return [md(table.empty or "None."), ""]
    lines = [
        "| " + " | ".join(md(column.title) for column in table.columns) + " |",
        "|" + "".join(" ---: |" if c.numeric else " --- |" for c in table.columns),
    ]
    lines += ["| " + " | ".join(_cell(cell) for cell in row) + " |" for row in table.rows]
    lines.append("")
    if table.footer:
        lines += [md(table.footer), ""]
    return lines


def _block(block: Block) -> list[str]:
    match block:
        case Heading():
            return ["#" * block.level + " " + md(block.text), ""]
        case Paragraph():
            return [_spans(block.spans), ""]
        case Note():
            return ["> " + _spans(block.spans), ""]
        case Facts():
            return [f"- **{md(label)}:** {md(value)}".rstrip() for label, value in block.rows] + [
                ""
            ]
        case Table():
            return _table(block)
        case Items():
            return [
                (f"{n}. " if block.ordered else "- ") + _spans(item)
                for n, item in enumerate(block.items, 1)
            ] + [""]
        case Card():
            out = [f"### {md(block.title)}", ""] if block.title else []
            for inner in block.blocks:
                out += _block(inner)
            return out
        case Figure():
            caption = [f"*{md(block.caption)}*", ""] if block.caption else []
            return [*caption, *_table(block.table)]
        case Masthead():  # Markdown has no masthead layout: the cover facts
            return _block(block.facts)
        case PageBreak():
            return []
        case _:
            assert_never(block)
