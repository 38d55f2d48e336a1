"""The risk assessment record in Markdown and DOCX, from the same `RiskView` as the HTML."""

from __future__ import annotations

from typing import TYPE_CHECKING

from toolkit.report.risk_view import REGISTER_COLUMNS, RiskView

if TYPE_CHECKING:
    from docx.document import Document as WordDocument


def _facts(view: RiskView) -> list[list[str]]:
    return [
        ["Method", view.method or "not recorded"],
        ["Assessed by", view.assessed_by or "—"],
        ["Assessed on", view.assessed_on or "—"],
        ["Sources of evidence", "; ".join(view.sources) or "none recorded"],
        ["Children's views", view.childrens_views or "not recorded"],
        ["Next review", view.next_review or "no date set"],
    ]


def risk_markdown(view: RiskView | None) -> list[str]:
    """The record section as Markdown lines (none when the pack has no harms)."""
    if view is None:
        return []
    from toolkit.report.markdown import _table, md

    out = [f"## {view.title}", ""]
    out += _table(["", ""], _facts(view))
    out += _table(view.heat_columns, view.heat_rows)
    out += ["Findings, highest remaining risk first:", ""]
    out += [f"{n}. {md(finding)}" for n, finding in enumerate(view.findings, 1)] + [""]
    out += _table(REGISTER_COLUMNS, [row.cells() for row in view.rows])
    out += [f"- **{row.harm_id}**: {md(row.working)}" for row in view.rows] + [""]
    out += [md(view.rule), ""]
    return out


def add_risk_section(document: WordDocument, view: RiskView | None) -> None:
    """The record section as DOCX headings, tables and paragraphs."""
    if view is None:
        return
    from toolkit.report.word import _table

    document.add_heading(view.title, level=1)
    _table(document, ["", ""], _facts(view))
    document.add_heading("Inherent and residual risk", level=2)
    _table(document, view.heat_columns, view.heat_rows)
    document.add_heading("Findings, highest remaining risk first", level=2)
    for finding in view.findings:
        document.add_paragraph(finding, style="List Number")
    document.add_heading("Register", level=2)
    _table(document, REGISTER_COLUMNS, [row.cells() for row in view.rows])
    for row in view.rows:
        document.add_paragraph(f"{row.harm_id}: {row.working}")
    document.add_paragraph(view.rule)
