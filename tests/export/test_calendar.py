"""The .ics of `crbd due`, fed any text: always a calendar a reader can import, text intact."""

from __future__ import annotations

import re
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from toolkit.engine.due import DueItem, DueKind
from toolkit.export.calendar import calendar
from toolkit.report.text import printable

DAY = date(2026, 11, 2)
CONTROLS = re.compile("[\x00-\x08\x0a-\x1f\x7f]")
"""What RFC 5545 TEXT may not hold (a tab it may)."""


def _unescaped(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], value)


def _events(ics: bytes) -> list[dict[str, str]]:
    text = ics.decode("utf-8")
    assert text.endswith("\r\n") and "\r" not in text.replace("\r\n", "")
    lines = text[:-2].split("\r\n")
    assert all(len(line.encode()) <= 75 for line in lines)
    unfolded = "\r\n".join(lines).replace("\r\n ", "").split("\r\n")
    events, current = [], {}
    for line in unfolded:
        assert not CONTROLS.search(line), repr(line)
        name, _, value = line.partition(":")
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
        else:
            current[name] = value
    return events


@given(st.text(max_size=40), st.text(max_size=80), st.text(max_size=30), st.sampled_from(DueKind))
def test_any_subject_text_or_file_name_makes_a_calendar_that_keeps_the_text(
    subject: str, what: str, source: str, kind: DueKind
) -> None:
    items = [DueItem(source, kind, subject, DAY, what, overdue=False)]
    events = _events(calendar(items, DAY))
    assert len(events) == 1
    shown = printable(f"{subject}: {what}".replace("\r\n", "\n").replace("\r", "\n"))
    assert _unescaped(events[0]["SUMMARY"]) == shown
    assert events[0]["DTSTART;VALUE=DATE"] == "20261102"
