"""Dates, numbers and percentages as the language in force writes them.

The section builders use these for what they put into the document tree, and the
templates' `date`, `number` and `percent` filters are the same functions, so a
score or a date reads the same in every format.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from toolkit.i18n import (
    SOURCE_LANGUAGE,
    current_language,
    format_date,
    format_decimal,
    format_percent,
)

_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def day(value: Any, style: str = "medium") -> str:
    """An ISO date in the language's own format (`07.12.2026`, `7 déc. 2026`; `long`:
    `7. Dezember 2026`). English keeps ISO 8601, unambiguous in every country."""
    text = "" if value is None else str(value)
    if current_language() == SOURCE_LANGUAGE or len(text) != 10:
        return text
    try:
        return format_date(date.fromisoformat(text), style)
    except ValueError:
        return text


def number(value: Any) -> str:
    """A number with the language's decimal sign (`77,2`), as many decimals as it has;
    text that is no number stays as it is."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return "" if value is None else str(value)
    text = str(value).strip()
    if not _NUMBER.fullmatch(text):
        return str(value)
    digits = len(text.partition(".")[2])
    return format_decimal(float(text), digits)


def percent(value: Any) -> str:
    """`45%` as `45 %` in German and French; anything else as it is."""
    text = str(value).strip()
    if not text.endswith("%") or not _NUMBER.fullmatch(text[:-1]):
        return str(value)
    digits = text[:-1]
    return format_percent(float(digits) / 100, len(digits.partition(".")[2]))
