"""The report as an editable Word document (python-docx), for teams who annotate it.

It holds the sections of the PDF, from the same view, without the charts; document
properties carry the assessment's date, never the time of rendering.
"""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, time

from docx import Document
from docx.document import Document as WordDocument

from toolkit.report.archive import FIXED_DATE
from toolkit.report.risk_formats import add_risk_section
from toolkit.report.text import core_property
from toolkit.report.view import (
    DOMAIN_COLUMNS,
    ROADMAP_COLUMNS,
    ReportView,
    cover_rows,
    domain_rows,
    roadmap_rows,
)


def _table(document: WordDocument, header: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Light Grid Accent 1"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text


def render_docx(view: ReportView) -> bytes:
    """Every section of the PDF, as headings, paragraphs and tables a team can edit."""
    title = dict(view.sections)
    document = Document()
    on = date.fromisoformat(view.assessed_on) if view.assessed_on else FIXED_DATE
    properties = document.core_properties
    properties.title = core_property(view.title)
    properties.author = core_property(", ".join(view.authors))
    properties.subject = core_property(view.subject)
    properties.keywords = core_property(", ".join(view.keywords))
    properties.language = "en"
    properties.created = properties.modified = datetime.combine(on, time(), tzinfo=UTC)
    properties.last_modified_by = ""
    properties.revision = 1

    document.add_heading(view.title, level=0)
    _table(
        document,
        ["", ""],
        cover_rows(view),
    )
    document.add_paragraph(
        "This is a self-assessment against public frameworks, made by the product team. "
        "It is not a compliance determination, a certification or legal advice."
    )
    document.add_heading(title["summary"], level=1)
    capped = f" Capped by {'; '.join(view.overall.capped_by)}." if view.overall.capped_by else ""
    document.add_paragraph(
        f"Overall score {view.overall.score}, rated {view.overall.rating}.{capped} "
        f"{view.critical_gaps} critical gaps, {view.high_gaps} high gaps, "
        f"{view.unknown_answers} answers unknown, {view.unanswered} controls not answered."
    )
    for gap in view.top_actions:
        document.add_paragraph(
            f"{gap.line.id} {gap.line.title}: {gap.remediation[0]}", style="List Number"
        )
    document.add_heading(title["domains"], level=1)
    _table(
        document,
        DOMAIN_COLUMNS,
        domain_rows(view),
    )
    document.add_heading(title["gaps"], level=1)
    for gap in view.gaps:
        document.add_heading(f"{gap.line.id} {gap.line.title}", level=2)
        document.add_paragraph(
            f"{gap.domain} · severity {gap.line.severity} · answer: {gap.line.answer} · "
            f"priority {gap.priority} · effort {gap.effort or 'not estimated'}"
        )
        document.add_paragraph(f"Why it matters. {gap.why}")
        for step in gap.remediation:
            document.add_paragraph(step, style="List Bullet")
        if gap.line.note:
            document.add_paragraph(f"Note. {gap.line.note}")
        if gap.citations:
            refs = "; ".join(f"{c.framework}, {c.ref}: {c.section}" for c in gap.citations)
            document.add_paragraph(f"References. {refs}")
    document.add_heading(title["roadmap"], level=1)
    for horizon in view.roadmap:
        document.add_heading(f"{horizon.name}: {horizon.takes}", level=2)
        _table(
            document,
            ROADMAP_COLUMNS,
            roadmap_rows(horizon),
        )
    document.add_heading(title["frameworks"], level=1)
    _table(
        document,
        ["Framework", "Jurisdiction", "Relevance", "Met", "Coverage"],
        [
            [f.title, f.jurisdiction, f.relevance, f"{f.met} of {f.in_scope}", f.coverage]
            for f in view.frameworks
        ],
    )
    document.add_heading(title["scope"], level=1)
    _table(document, ["Profile question", "Answer"], [list(pair) for pair in view.profile])
    for heading, items in (
        ("Out of scope", view.out_of_scope),
        ("Marked not applicable", view.not_applicable),
        ("Alternative measures", view.alternatives),
    ):
        document.add_heading(heading, level=2)
        _table(document, ["Control", "Reason"], [[f"{i.id} {i.title}", i.reason] for i in items])
    document.add_heading(title["triggers"], level=1)
    for trigger in view.review_triggers:
        document.add_paragraph(trigger, style="List Bullet")
    add_risk_section(document, view.risk)
    method = view.methodology
    document.add_heading(title["methodology"], level=1)
    document.add_paragraph(
        "Score = 100 × Σ(weight × credit) ÷ Σ(weight) over the in-scope controls not marked "
        f"not applicable. Red below {method['red_below']} or when a critical control is answered "
        f"{method['red_cap']}; Amber below {method['green_from']} or when a critical control is "
        f"answered {method['amber_cap']}; otherwise Green. Gap priority = weight × (1 − credit) "
        f"× exposure; exposure for this product: {method['exposure']}."
    )
    document.add_heading(title["appendix"], level=1)
    _table(
        document,
        ["Control", "Answer", "Note and evidence", "Answered"],
        [
            [
                f"{line.id} {line.title}",
                line.answer,
                " ".join(
                    [line.note]
                    + [
                        f"Evidence: {e.description} {e.link_or_path}".strip()
                        + (f" (expired {e.valid_until})" if e.expired else "")
                        for e in line.evidence
                    ]
                ).strip(),
                f"{line.answered_by} {line.answered_on}".strip(),
            ]
            for domain in view.domains
            for line in domain.answers
        ],
    )
    document.add_heading(title["signoff"], level=1)
    document.add_paragraph(f"Sign-off state: {view.signoff_state}.")
    _table(
        document,
        ["Reviewer", "Decision", "Date", "Comment"],
        [[s.reviewer, s.decision, s.on, s.comment] for s in view.signoffs],
    )
    document.add_paragraph(
        f"crbd {view.tool_version} · pack {view.pack_id} {view.pack_version} · "
        f"pack SHA-256 {view.pack_hash} · assessment SHA-256 {view.assessment_hash}"
    )
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()
