"""The terminal writer lays out every block type, and a table as a titled rich table."""

from __future__ import annotations

from typing import get_args

import pytest
from rich.console import Console

from toolkit.report.document import (
    Block,
    Card,
    Column,
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
    Strong,
    Table,
    Text,
    Tone,
    spans,
)
from toolkit.report.writers.terminal import rich_blocks, rich_section, rich_table

TABLE = Table(
    [Column("Domain", 40), Column("Score", 9, numeric=True)],
    [[spans(Strong("GOV"), " Governance"), "83.1"], ["AGE Age", "7"]],
)
EXAMPLES: dict[type, tuple[Block, list[str]]] = {
    Heading: (Heading("How it was done"), ["How it was done"]),
    Paragraph: (
        Paragraph(spans("See ", Link("Methodology", "#methodology"), " for ", Strong("why"))),
        ["See Methodology for why"],
    ),
    Note: (Note(spans("Two harms to revisit."), Tone.WARNING), ["Two harms to revisit."]),
    Facts: (Facts([("Method", "workshop"), ("Assessed by", "Ana")]), ["Method", "Ana"]),
    Table: (TABLE, ["Domain", "GOV Governance", "83.1"]),
    Items: (Items([spans("first"), spans("second")], ordered=True), ["1. first", "2. second"]),
    Card: (
        Card("PRIV-03 Precise location", "gap-PRIV-03", [Paragraph(spans("Off."))]),
        ["PRIV-03 Precise location", "Off."],
    ),
    Figure: (Figure("data:,", "Bars", "Score by domain.", TABLE), ["Score by domain.", "83.1"]),
    Masthead: (
        Masthead(
            spans("Gap report"),
            spans("Kite 2.0"),
            "12 of 14 controls in scope",
            spans("Kite Ltd · assessed 2026-11-26"),
            Facts([("Product", "Kite 2.0"), ("Assessed by", "Ana")]),
        ),
        ["Product", "Kite 2.0", "Ana"],
    ),
    PageBreak: (PageBreak(), []),
}


def shown(blocks: list[Block], title: str = "", width: int = 80) -> str:
    console = Console(width=width, record=True, color_system=None)
    for renderable in rich_blocks(blocks, title):
        console.print(renderable)
    return console.export_text()


def test_the_examples_cover_every_block_type() -> None:
    assert set(EXAMPLES) == set(get_args(Block))


@pytest.mark.parametrize("kind", list(EXAMPLES), ids=lambda kind: kind.__name__)
def test_every_block_type_is_laid_out(kind: type) -> None:
    block, words = EXAMPLES[kind]
    out = shown([block])
    for word in words:
        assert word in out
    if kind is PageBreak:
        assert out.strip() == ""


def test_a_table_has_the_section_s_heading_as_title_and_numbers_on_the_right() -> None:
    out = shown([TABLE], "Scores by domain")
    lines = out.splitlines()
    assert lines[0].strip() == "Scores by domain"
    header = next(line for line in lines if "Domain" in line)
    row = next(line for line in lines if "AGE Age" in line)
    # the score column is right-aligned: "7" ends where the heading "Score" ends
    assert row.index("7") == header.index("Score") + len("Score") - 1


def test_a_section_opening_with_text_gets_its_title_on_a_line_of_its_own() -> None:
    out = shown([Paragraph(spans("Plain words."))], "Scope")
    assert out.splitlines()[:2] == ["Scope", "Plain words."]


def test_control_characters_in_user_text_cannot_drive_the_terminal() -> None:
    out = shown([Paragraph(spans("bad\x1b[2Jname")), Table([Column("A")], [["x\x07y"]])])
    assert "\x1b" not in out and "\x07" not in out
    assert "bad" in out and "name" in out


def test_markup_in_user_text_is_printed_as_written() -> None:
    out = shown([Paragraph([Text("[bold red]not markup[/]")])])
    assert "[bold red]not markup[/]" in out


def test_a_compact_table_keeps_one_line_per_row() -> None:
    long = Table(
        [Column("Domain", 40), Column("Score", 9, numeric=True)],
        [["GOV " + "very long title " * 6, "83.1"]],
    )
    console = Console(width=80, record=True, color_system=None)
    console.print(rich_table(long, "Scores", compact=True))
    rows = [line for line in console.export_text().splitlines() if "GOV" in line]
    assert len(rows) == 1 and "…" in rows[0] and "83.1" in rows[0]


def test_an_empty_table_prints_what_it_says_when_empty() -> None:
    out = shown([Table([Column("Harm")], [], empty="No harms in scope.")], "Register")
    assert "Register" in out and "No harms in scope." in out


def test_a_compact_table_cuts_the_names_never_a_count() -> None:
    columns = [Column("Bereich", 40), Column("Punktzahl", 9, numeric=True)]
    columns += [Column("Im Geltungsbereich", 9, numeric=True), Column("Lücken", 9)]
    rows = [[f"D{n} " + "Titel " * 8, "57,7", f"{n} von 17", "11"] for n in range(10, 14)]
    console = Console(width=44, record=True, color_system=None)
    console.print(rich_table(Table(columns, rows), "Punktzahlen", compact=True))
    out = console.export_text().splitlines()
    assert max(len(line) for line in out) <= 44
    for n in range(10, 14):
        (row,) = [line for line in out if f"D{n} " in line]
        assert "…" in row and "57,7" in row and f"{n} von 17" in row and "11" in row


def test_a_section_s_title_heads_its_first_table() -> None:
    console = Console(width=80, record=True, color_system=None)
    for renderable in rich_section(Section("domains", "Scores by domain", [TABLE])):
        console.print(renderable)
    lines = console.export_text().splitlines()
    assert lines[0].strip() == "Scores by domain" and "Domain" in lines[2]
