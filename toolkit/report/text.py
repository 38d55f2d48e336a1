"""User text made safe for every document format: control characters shown, lengths bounded.

A note pasted from a terminal or a damaged file can hold NUL, escape or
other control characters. XML-based formats (DOCX, the PDF's tagged text)
cannot hold them at all, and elsewhere they are invisible, so each is shown
as its code in plain ASCII (`\\x00` for NUL), which every format and the
bundled font can print, rather than dropped without a word. The report's
view passes through `printable_everywhere` once, before any renderer.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, TypeVar

_CONTROLS = [*range(0x20), *range(0x7F, 0xA0)]
_VISIBLE = {code: f"\\x{code:02x}" for code in _CONTROLS if chr(code) not in "\t\n\r"}
_NOT_TEXT = re.compile("[\ud800-\udfff\ufffe\uffff]")
"""Lone surrogates and the two non-characters XML forbids."""
REPLACEMENT = "\ufffd"

CORE_PROPERTY_LIMIT = 255
"""The most characters a DOCX core property (title, author, subject) may hold."""


def printable(text: str) -> str:
    """`text` with every control character made visible; tabs and line breaks kept."""
    return _NOT_TEXT.sub(REPLACEMENT, text.translate(_VISIBLE))


def shortened(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, ending in an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def core_property(text: str) -> str:
    """A document property: printable and within the DOCX limit."""
    return shortened(printable(text), CORE_PROPERTY_LIMIT)


Tree = TypeVar("Tree")


def printable_everywhere(value: Tree) -> Tree:
    """A copy of a view (dataclasses, lists, tuples, dicts) with every string printable."""
    return _walk(value)  # type: ignore[no-any-return]


def _walk(value: Any) -> Any:
    if isinstance(value, str):
        return printable(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: _walk(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init
        }
        return dataclasses.replace(value, **changes)
    if isinstance(value, list):
        return [_walk(item) for item in value]
    if isinstance(value, tuple):
        return tuple(_walk(item) for item in value)
    if isinstance(value, dict):
        return {key: _walk(item) for key, item in value.items()}
    return value


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#+|~])")


def markdown_inline(text: str) -> str:
    """User or pack text made inert in Markdown: one line, its punctuation escaped.

    No link, image, raw HTML or table cell boundary can come out of it.
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(printable(text).split()))


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "|")
"""First characters that make a spreadsheet read a cell as a formula (or a DDE call)."""


def spreadsheet_cell(value: str) -> str:
    """A CSV cell a spreadsheet shows as text, never runs as a formula: such a cell is
    quoted with a leading apostrophe, which spreadsheets hide."""
    text = printable(value)
    return "'" + text if text[:1] in FORMULA_STARTS else text
