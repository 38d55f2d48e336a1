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
from collections.abc import Callable
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
    return _walk(value, printable)  # type: ignore[no-any-return]


LONGEST_UNBROKEN = 30
"""The longest run without a space the PDF prints as one word: short enough to fit the
narrowest column, so no line ever has to be broken inside a word."""
_UNBROKEN = re.compile(r"\S{" + str(LONGEST_UNBROKEN + 1) + ",}")
_SHA256 = re.compile(r"[0-9a-f]{64}")
"""Hashes a reader copies from the report stay whole."""


def breakable(text: str) -> str:
    """`text` with a space after every `LONGEST_UNBROKEN` characters of a longer run.

    The PDF's layout engine breaks a line inside a word that does not fit at a cost
    that grows with the square of the word's length (a 20,000-character word took
    22 s, the same length in words 7 s; 200,000 characters did not finish in five
    minutes), so a pasted blob could stop `crbd report`. With the spaces every character is still
    printed; the embedded assessment keeps the text exactly. Links, anchors and
    data URIs are left whole.
    """
    if "://" in text or text.startswith(("data:", "#")):
        return text
    return _UNBROKEN.sub(_spaced, text)


def _spaced(run: re.Match[str]) -> str:
    word = run.group(0)
    if _SHA256.fullmatch(word):
        return word
    return " ".join(word[i : i + LONGEST_UNBROKEN] for i in range(0, len(word), LONGEST_UNBROKEN))


def breakable_everywhere(value: Tree) -> Tree:
    """A copy of a view whose long unbroken runs have spaces (for the PDF only: the other
    formats keep the user's text as written)."""
    return _walk(value, breakable)  # type: ignore[no-any-return]


def _walk(value: Any, change: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return change(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: _walk(getattr(value, f.name), change)
            for f in dataclasses.fields(value)
            if f.init
        }
        return dataclasses.replace(value, **changes)
    if isinstance(value, list):
        return [_walk(item, change) for item in value]
    if isinstance(value, tuple):
        return tuple(_walk(item, change) for item in value)
    if isinstance(value, dict):
        return {key: _walk(item, change) for key, item in value.items()}
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
