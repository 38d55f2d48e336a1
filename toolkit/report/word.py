"""The report as an editable Word document (python-docx), for teams who annotate it.

It holds the sections of the PDF, from the same view, without the charts, on
the chosen paper, with the same running header (product, version, date, DRAFT
until approved), page numbers and a contents field that Word fills when the
document is opened. Document properties carry the assessment's date, never
the time of rendering.
"""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, time

from docx import Document
from docx.document import Document as WordDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.text.paragraph import Paragraph

from toolkit.report.archive import FIXED_DATE
from toolkit.report.formats import Paper
from toolkit.report.risk_formats import add_risk_section
from toolkit.report.rows import (
    DOMAIN_COLUMNS,
    ROADMAP_COLUMNS,
    cover_rows,
    domain_rows,
    ownership,
    roadmap_rows,
)
from toolkit.report.text import core_property
from toolkit.report.view import ReportView
from toolkit.report.zipped import with_fixed_times

PAPER_MM = {Paper.A4: (210, 297), Paper.LETTER: (215.9, 279.4)}


def _field(paragraph: Paragraph, instruction: str, shown: str = "") -> None:
    """A Word field (PAGE, NUMPAGES, TOC) that Word computes when it lays the document out."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(begin)
    run._r.append(code)
    run._r.append(separate)
    paragraph.add_run(shown)
    paragraph.add_run()._r.append(end)


def _page_setup(document: WordDocument, view: ReportView, paper: Paper) -> None:
    """Paper size and margins, running header and numbered footer."""
    section = document.sections[0]
    width, height = PAPER_MM[paper]
    section.page_width, section.page_height = Mm(width), Mm(height)
    section.left_margin = section.right_margin = Mm(18)
    section.top_margin = section.bottom_margin = Mm(20)
    header = section.header.paragraphs[0]
    header.text = view.running_header + (" · DRAFT: not signed off" if view.draft else "")
    footer = section.footer.paragraphs[0]
    footer.add_run("crbd gap report · Page ")
    _field(footer, "PAGE", "1")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES", "1")


def _table(document: WordDocument, header: list[str], rows: list[list[str]]) -> None:
    if not rows:
        document.add_paragraph("None.")
        return
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Light Grid Accent 1"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text


def _facts(document: WordDocument, rows: list[list[str]]) -> None:
    """Label and value rows, with no empty header row."""
    table = document.add_table(rows=0, cols=2)
    table.style = "Light Grid Accent 1"
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value


def render_docx(view: ReportView, paper: Paper = Paper.A4) -> bytes:
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

    _page_setup(document, view, paper)
    document.add_heading(view.title, level=0)
    if view.draft:
        document.add_paragraph("DRAFT: not signed off. No reviewer has approved this report yet.")
    _facts(document, cover_rows(view))
    document.add_paragraph(
        "This is a self-assessment against public frameworks, made by the product team. "
        "It is not a compliance determination, a certification or legal advice."
    )
    document.add_heading("Contents", level=1)
    _field(
        document.add_paragraph(),
        'TOC \\o "1-2" \\h \\z \\u',
        "Update the field to see the contents.",
    )
    document.add_heading(title["summary"], level=1)
    document.add_paragraph(view.verdict)
    document.add_paragraph(" · ".join(f"{value} {label}" for label, value in view.key_figures))
    box = view.assurance
    for label, weak in box.groups():
        document.add_paragraph(f"{label}: {', '.join(r.id for r in weak)}", style="List Bullet")
    document.add_paragraph("What to do first:")
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
            f"priority {gap.priority_working} · effort {gap.effort or 'not estimated'}"
            + "".join(f" · {part}" for part in ownership(gap))
        )
        document.add_paragraph(f"Question. {gap.line.question}")
        document.add_paragraph(f"Why it matters. {gap.why}")
        document.add_paragraph("What to do.")
        for step in gap.remediation:
            document.add_paragraph(step, style="List Number")
        if gap.line.note:
            document.add_paragraph(f"Note. {gap.line.note}")
        for item in gap.line.evidence:
            expired = " (expired)" if item.expired else ""
            where = f" ({item.link_or_path})" if item.link_or_path else ""
            document.add_paragraph(f"Evidence. {item.description}{where}{expired}")
        if gap.citations:
            refs = "; ".join(f"{c.code} {c.ref}: {c.section}" for c in gap.citations)
            document.add_paragraph(f"References. {refs}")
    document.add_heading(title["roadmap"], level=1)
    for horizon in view.roadmap:
        document.add_heading(f"{horizon.name}: {horizon.takes}", level=2)
        _table(
            document,
            ROADMAP_COLUMNS,
            roadmap_rows(horizon),
        )
    add_risk_section(document, view.risk)
    document.add_heading(title["frameworks"], level=1)
    _table(
        document,
        ["Code", "Framework", "Jurisdiction", "Legal status", "Applies here", "Met", "Coverage"],
        [
            [
                f.code,
                f.title,
                f.jurisdiction,
                f.legal_status,
                f.relevance,
                f"{f.met} of {f.in_scope}",
                f.coverage,
            ]
            for f in view.frameworks
        ],
    )
    document.add_heading(title["scope"], level=1)
    _table(document, ["Profile question", "Answer"], [list(pair) for pair in view.profile])
    document.add_heading("Out of scope", level=2)
    for group in view.scope_groups:
        ids = ", ".join(line.id for line in group.controls)
        document.add_paragraph(f"{group.because}: {ids}", style="List Bullet")
    for heading, items in (
        ("Marked not applicable", view.not_applicable),
        ("Alternative measures", view.alternatives),
    ):
        document.add_heading(heading, level=2)
        _table(document, ["Control", "Reason"], [[f"{i.id} {i.title}", i.reason] for i in items])
    document.add_heading(title["triggers"], level=1)
    for trigger in view.review_triggers:
        document.add_paragraph(trigger, style="List Bullet")
    method = view.methodology
    document.add_heading(title["methodology"], level=1)
    document.add_paragraph(
        "Score = 100 × Σ(weight × credit) ÷ Σ(weight) over the in-scope controls not marked "
        f"not applicable. Red below {method['red_below']} or when a critical control is answered "
        f"{method['red_cap']}; Amber below {method['green_from']} or when a critical control is "
        f"answered {method['amber_cap']}; otherwise Green. Gap priority = weight × (1 − credit) "
        f"× exposure; exposure for this product: {method['exposure']}. Gaps are listed "
        f"{method['gap_order']}."
    )
    document.add_heading(title["appendix"], level=1)
    _table(
        document,
        ["Control", "Severity", "Answer", "W", "C", "W×C", "Note and evidence", "Answered"],
        [
            [
                f"{line.id} {line.title}",
                line.severity,
                f"{line.answer} ({line.evidence_state})" if line.evidence_state else line.answer,
                line.weight,
                line.credit,
                line.weighted,
                " ".join(
                    [line.note]
                    + [
                        f"Evidence: {e.description} {e.link_or_path}".strip()
                        + (f" (expired {e.valid_until})" if e.expired else "")
                        for e in line.evidence
                    ]
                ).strip(),
                f"{line.answered_by} {line.answered_on}".strip()
                + (f", changed {line.changes}×" if line.changes else ""),
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
    _facts(
        document,
        [
            ["Name", view.signoffs[-1].reviewer if view.signoffs else view.reviewer],
            ["Role", ""],
            ["Decision", view.signoffs[-1].decision if view.signoffs else ""],
            ["Date", view.signoffs[-1].on if view.signoffs else ""],
            ["Signature", ""],
        ],
    )
    document.add_paragraph(
        f"crbd {view.tool_version} · pack {view.pack_id} {view.pack_version} · "
        f"pack SHA-256 {view.pack_hash} · assessment SHA-256 {view.assessment_hash}"
    )
    output = io.BytesIO()
    document.save(output)
    return with_fixed_times(output.getvalue(), datetime.combine(on, time()))
