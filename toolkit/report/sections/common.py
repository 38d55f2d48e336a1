"""What every section builder shares: section titles and the way a gap's facts read."""

from __future__ import annotations

from toolkit.i18n import _
from toolkit.report.document import Link, Span, Strong, Text, spans
from toolkit.report.lines import EvidenceLine, GapLine
from toolkit.report.localized import day
from toolkit.report.summary import ControlRef
from toolkit.report.view import ReportView


def title_of(view: ReportView, anchor: str) -> str:
    """A section's title as the contents and every format print it."""
    return _(dict(view.sections)[anchor])


def ownership(gap: GapLine) -> list[str]:
    """The gap's owner, due date, action status and risk acceptance (only what is recorded)."""
    parts = [
        _("owner {name}").format(name=gap.owner) if gap.owner else "",
        _("due {date}").format(date=gap.due) if gap.due else "",
        gap.status,
    ]
    return [part for part in parts if part]


def acceptance(gap: GapLine) -> str:
    """The gap's acceptance with its justification, or empty."""
    if not gap.accepted:
        return ""
    return _("{accepted}; justification: {why}").format(
        accepted=gap.accepted, why=gap.justification
    )


def evidence(item: EvidenceLine) -> str:
    """An evidence item in words: what it is, where, until when, and whether it expired."""
    where = f" ({item.link_or_path})" if item.link_or_path else ""
    until = ", " + _("valid until {date}").format(date=item.valid_until) if item.valid_until else ""
    return item.description + where + until + (" (" + _("expired") + ")" if item.expired else "")


def control_link(control: str, anchor: str, title: str) -> list[Span]:
    """A control's id leading to where the report tells it in full, then its title."""
    return spans(Link(control, f"#{anchor}", role="id"), f" {title}")


def references(controls: list[ControlRef]) -> list[Span]:
    """Control ids separated by commas, each linked where the report tells it."""
    out: list[Span] = []
    for n, ref in enumerate(controls):
        if n:
            out.append(Text(", "))
        out.append(Link(ref.id, ref.href, role="id") if ref.href else Text(ref.id, role="id"))
    return out


def evidence_spans(item: EvidenceLine) -> list[Span]:
    """`evidence`, with the web address as a link, the date marked as a date and an
    expired item flagged."""
    out = spans(item.description)
    if item.href:
        out += spans(" (", Link(item.link_or_path, item.href), ")")
    elif item.link_or_path:
        out += spans(f" ({item.link_or_path})")
    if item.valid_until:
        out += spans(", " + _("valid until") + " ", Text(day(item.valid_until), role="date"))
    if item.expired:
        out += spans(" ", Strong(_("expired"), role="flag"))
    return out
