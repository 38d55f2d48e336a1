"""The progress report of a comparison, in every format `crbd compare -o` writes.

The view (text ready to print) is computed here once, so the HTML, PDF and
Markdown say the same thing; JSON and CSV carry the comparison's own data.
User text (product names, titles, notes) is escaped in every format and a
CSV cell never starts a formula.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import assert_never

from toolkit.engine.compare import (
    STATUS_MEANING,
    UNCHANGED,
    Comparison,
    ControlChange,
    RiskChange,
    Run,
    ScoreDelta,
    Status,
)
from toolkit.i18n import N_, _
from toolkit.model.choices import every
from toolkit.report.formats import CompareFormat
from toolkit.report.labels import rating_words
from toolkit.report.text import markdown_inline, printable_everywhere, spreadsheet_cell

STATUS_LABEL: dict[Status, str] = every(
    Status,
    {
        Status.FIXED: N_("fixed"),
        Status.IMPROVED: N_("improved"),
        Status.ANSWER_CHANGED: N_("answer changed"),
        Status.WORSENED: N_("worsened"),
        Status.NEW_GAP: N_("new gap"),
        Status.REGRESSED: N_("regressed"),
        Status.NEWLY_IN_SCOPE: N_("newly in scope"),
        Status.OUT_OF_SCOPE_NOW: N_("out of scope now"),
        Status.REMOVED: N_("removed from pack"),
        Status.STILL_OPEN: N_("still open"),
        Status.STILL_MET: N_("still met"),
        Status.NOT_IN_SCOPE: N_("not in scope"),
    },
)
"""A status as the terminal and the progress report name it (translated where shown)."""

_MEANINGS = (
    N_("a gap before, fully met now"),
    N_("a gap in both, with more credit now (e.g. no → partial)"),
    N_("a gap in both with the same credit, a different answer (e.g. unknown → no)"),
    N_("a gap in both, with less credit now (e.g. partial → no)"),
    N_("not scored before (out of scope, not applicable or new); a gap now"),
    N_("fully met before, a gap now"),
    N_("not scored before (out of scope, not applicable or new); met now"),
    N_("scored before; out of scope or not applicable now"),
    N_("answered before, but the current pack no longer has this control"),
    N_("a gap in both, with the same answer"),
    N_("fully met in both"),
    N_("scored in neither"),
)
"""The engine's `STATUS_MEANING` sentences, written out so the catalog holds them; shown
with `_(STATUS_MEANING[status])`."""

RISK_CHANGE_LABEL = {
    "new": N_("new"),
    "gone": N_("gone"),
    "higher": N_("higher"),
    "lower": N_("lower"),
    "inherent": N_("inherent"),
    "suggested higher": N_("suggested higher"),
    "suggested lower": N_("suggested lower"),
    "to revisit": N_("to revisit"),
    "same": N_("same"),
}
"""How a harm's risk level changed, in the engine's words (`higher, to revisit`)."""


def risk_change_words(change: str) -> str:
    """A harm's change (`higher, to revisit`) in the language in force."""
    return ", ".join(
        _(RISK_CHANGE_LABEL[part]) if part in RISK_CHANGE_LABEL else part
        for part in change.split(", ")
    )


@dataclass(frozen=True)
class DeltaLine:
    name: str
    old_score: str
    new_score: str
    delta: str
    old_rating: str
    new_rating: str
    old_class: str
    new_class: str


@dataclass(frozen=True)
class ChangeLine:
    id: str
    title: str
    severity: str
    old_answer: str
    new_answer: str
    pack_change: str


@dataclass(frozen=True)
class StatusSection:
    status: str
    meaning: str
    changes: list[ChangeLine]


@dataclass(frozen=True)
class CompareView:
    title: str
    product: str
    old: str
    new: str
    overall: DeltaLine
    domains: list[DeltaLine]
    counts: list[tuple[str, int, str]]
    sections: list[StatusSection]
    pack_changes: list[ChangeLine]
    notes: list[str]
    risks: list[RiskChange]
    pack_column: bool
    """Whether the tables have a pack-change column: only when the old pack was given."""


def run_name(run: Run) -> str:
    """`Kite 2.1, 2026-05-01 (kite-2026.yaml, core 0.3.0)`."""
    return f"{run.name} ({run.file}, {run.pack})"


def listed(status: Status, everything: bool) -> bool:
    """Whether a status's controls are listed one by one (the unchanged are only counted)."""
    return status not in UNCHANGED or (everything and status is not Status.NOT_IN_SCOPE)


def build_compare_view(comparison: Comparison, everything: bool = False) -> CompareView:
    """Everything the progress report prints, as text: the changed controls listed,
    the unchanged counted (listed too with `everything`)."""
    product = comparison.product or "Unnamed product"
    return CompareView(
        title=f"Children's rights by design progress report: {product}",
        product=product,
        old=run_name(comparison.old_run),
        new=run_name(comparison.new_run),
        overall=_delta_line(comparison.overall),
        domains=[_delta_line(delta) for delta in comparison.domains],
        counts=[(s.value, comparison.counts[s], STATUS_MEANING[s]) for s in Status],
        sections=[
            StatusSection(status.value, STATUS_MEANING[status], lines)
            for status in Status
            if listed(status, everything)
            for lines in [[_change_line(c) for c in comparison.controls if c.status == status]]
            if lines
        ],
        pack_changes=[_change_line(c) for c in comparison.controls if c.pack_change],
        notes=comparison.notes,
        risks=comparison.risk_changes,
        pack_column=comparison.pack_changed,
    )


def render_comparison(
    chosen: CompareFormat, comparison: Comparison, everything: bool = False
) -> bytes:
    """The comparison in the chosen format."""
    if chosen is CompareFormat.JSON:
        return (comparison.model_dump_json(indent=2) + "\n").encode()
    if chosen is CompareFormat.CSV:
        return _csv(comparison.controls).encode()
    view = printable_everywhere(build_compare_view(comparison, everything))
    if chosen is CompareFormat.MD:
        return _markdown(view).encode()
    if chosen is CompareFormat.HTML or chosen is CompareFormat.PDF:
        from toolkit.report.page import DocumentInfo, render_document

        info = DocumentInfo(
            title=view.title,
            subject=f"Changes between two self-assessments of {view.product}",
            assessed_on=comparison.new_date.isoformat() if comparison.new_date else "",
            keywords=["children's rights by design", "progress report"],
        )
        return render_document(
            "compare.html.j2", info, pdf=chosen is CompareFormat.PDF, compare=view
        )
    assert_never(chosen)


def _delta_line(delta: ScoreDelta) -> DeltaLine:
    old_score, new_score, change = delta.shown()
    return DeltaLine(
        name=f"{delta.prefix} {delta.title}".strip(),
        old_score=old_score,
        new_score=new_score,
        delta=change,
        old_rating=rating_words(delta.old_rating),
        new_rating=rating_words(delta.new_rating),
        old_class=delta.old_rating.value if delta.old_rating else "none",
        new_class=delta.new_rating.value if delta.new_rating else "none",
    )


def _change_line(change: ControlChange) -> ChangeLine:
    return ChangeLine(
        id=change.id,
        title=change.title,
        severity=change.severity.value if change.severity else "",
        old_answer=change.old_answer,
        new_answer=change.new_answer,
        pack_change=change.pack_change,
    )


CSV_COLUMNS = (
    "id",
    "domain",
    "title",
    "severity",
    "status",
    "pack_change",
    "old_answer",
    "new_answer",
    "old_credit",
    "new_credit",
)


def _csv(changes: list[ControlChange]) -> str:
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for change in changes:
        row = change.model_dump(mode="json")
        writer.writerow(_csv_value(row[column]) for column in CSV_COLUMNS)
    return stream.getvalue()


def _csv_value(value: object) -> object:
    if value is None:
        return ""
    return spreadsheet_cell(value) if isinstance(value, str) else value


_cell = markdown_inline
"""Text safe anywhere in the progress report's Markdown, table cells included."""


def _markdown(view: CompareView) -> str:
    lines = [
        f"# {_cell(view.title)}",
        "",
        f"- Before: {_cell(view.old)}",
        f"- After: {_cell(view.new)}",
        *[f"- Note: {_cell(note)}" for note in view.notes],
        "",
        "## Scores",
        "",
        "| | Before | After | Change | Rating before | Rating after |",
        "| --- | ---: | ---: | ---: | --- | --- |",
    ]
    lines += [
        f"| {_cell(line.name)} | {line.old_score} | {line.new_score} | {line.delta} "
        f"| {line.old_rating} | {line.new_rating} |"
        for line in [view.overall, *view.domains]
    ]
    lines += ["", "## Controls by status", "", "| Status | Controls | Means |"]
    lines += ["| --- | ---: | --- |"]
    lines += [f"| {status} | {count} | {meaning} |" for status, count, meaning in view.counts]
    if view.risks:
        lines += ["", "## Risk level changes", ""]
        lines += ["| Harm | Change | Inherent | Residual | Suggested residual |"]
        lines += ["| --- | --- | --- | --- | --- |"]
        lines += [
            f"| {r.harm_id} {_cell(r.title)} | {r.change}"
            + (f" ({_cell('; '.join(r.revisit))})" if r.revisit else "")
            + f" | {r.old_inherent or '—'} → {r.new_inherent or '—'} | "
            f"{r.old_residual or '—'} → {r.new_residual or '—'} | "
            f"{r.old_suggested or '—'} → {r.new_suggested or '—'} |"
            for r in view.risks
        ]
    pack = (" Pack change |", " --- |") if view.pack_column else ("", "")
    for section in view.sections:
        lines += [
            "",
            f"## {section.status.capitalize()} ({len(section.changes)})",
            "",
            "| Control | Severity | Before | After |" + pack[0],
            "| --- | --- | --- | --- |" + pack[1],
        ]
        lines += [
            f"| {_cell(c.id)} {_cell(c.title)} | {c.severity} | {c.old_answer} | {c.new_answer} |"
            + (f" {_cell(c.pack_change)} |" if view.pack_column else "")
            for c in section.changes
        ]
    if view.pack_changes:
        lines += ["", "## Changed by the new pack version", "", "| Control | Pack change |"]
        lines += ["| --- | --- |"]
        lines += [
            f"| {_cell(c.id)} {_cell(c.title)} | {_cell(c.pack_change)} |"
            for c in view.pack_changes
        ]
    return "\n".join(lines) + "\n"
