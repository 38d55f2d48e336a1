"""What is due as an iCalendar file (RFC 5545): one all-day event per date.

The stamp is the day the list was made for and each UID is derived from the
item, so the same files on the same day give the same bytes and a calendar
that imports the file again updates events instead of duplicating them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date, timedelta

from toolkit.engine.due import DueItem
from toolkit.report.text import printable


def calendar(items: Sequence[DueItem], today: date) -> bytes:
    """A VCALENDAR with one VEVENT per due item."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//crbd//due//EN", "CALSCALE:GREGORIAN"]
    for item in items:
        key = f"{item.source}|{item.kind}|{item.subject}|{item.on}|{item.what}"
        uid = hashlib.sha256(key.encode()).hexdigest()[:32]
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}@crbd",
            f"DTSTAMP:{today:%Y%m%d}T000000Z",
            f"DTSTART;VALUE=DATE:{item.on:%Y%m%d}",
            f"DTEND;VALUE=DATE:{item.on + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_text(f'{item.subject}: {item.what}')}",
            f"DESCRIPTION:{_text(f'{item.kind.value} in {item.source}')}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(f"{folded}\r\n" for line in lines for folded in _fold(line)).encode()


def _text(value: str) -> str:
    """Escape TEXT values as RFC 5545 requires: a line break of any kind as `\\n`, and any
    other control character (which TEXT may not hold) shown as its code, as in the report."""
    shown = printable(value.replace("\r\n", "\n").replace("\r", "\n"))
    return shown.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    """Lines of at most 75 octets, continuation lines starting with a space."""
    parts: list[str] = []
    current, size = "", 0
    for char in line:
        width = len(char.encode())
        if size + width > (75 if not parts else 74):
            parts.append(current)
            current, size = "", 0
        current += char
        size += width
    parts.append(current)
    return [parts[0], *(f" {part}" for part in parts[1:])]
