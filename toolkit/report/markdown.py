"""The report as Markdown: the same sections as the PDF, for wikis, tickets and pull requests.

User text is escaped so a note can never turn into a link, an image, raw
HTML or a broken table.
"""

from __future__ import annotations

import re

from toolkit.report.risk_formats import risk_markdown
from toolkit.report.view import (
    DOMAIN_COLUMNS,
    ROADMAP_COLUMNS,
    ReportView,
    cover_rows,
    domain_rows,
    roadmap_rows,
)

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#+|~])")


def md(text: str) -> str:
    """User or pack text made inert: Markdown punctuation escaped, one line."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(md(cell) for cell in row) + " |" for row in rows]
    return [*lines, ""]


def render_markdown(view: ReportView) -> str:
    """Every section of the report, in the PDF's order, as one Markdown document."""
    title = dict(view.sections)
    out = [f"# {md(view.title)}", ""]
    out += _table(
        ["", ""],
        cover_rows(view),
    )
    out += [
        "> This is a self-assessment against public frameworks, made by the product team. "
        "It is not a compliance determination, a certification or legal advice.",
        "",
        f"## {title['summary']}",
        "",
        f"Overall score **{view.overall.score}**, rated **{view.overall.rating}**."
        + (
            f" Capped by {md('; '.join(view.overall.capped_by))}." if view.overall.capped_by else ""
        ),
        "",
        f"- {view.critical_gaps} critical gaps, {view.high_gaps} high gaps",
        f"- {view.unknown_answers} answers unknown, {view.unanswered} controls not answered",
        f"- Evidence behind yes answers: {view.evidence_coverage}",
        "",
        "Top actions:",
        "",
    ]
    out += [
        f"{n}. **{md(g.line.id)} {md(g.line.title)}** ({g.line.severity}): {md(g.remediation[0])}"
        for n, g in enumerate(view.top_actions, 1)
    ]
    out += ["", f"## {title['domains']}", ""]
    out += _table(
        DOMAIN_COLUMNS,
        domain_rows(view),
    )
    out += [f"## {title['gaps']}", ""]
    for gap in view.gaps:
        out += [
            f"### {md(gap.line.id)} {md(gap.line.title)}",
            "",
            f"{md(gap.domain)} · severity {gap.line.severity} · answer: {gap.line.answer} · "
            f"priority {gap.priority} · effort {gap.effort or 'not estimated'}",
            "",
            f"**Why it matters.** {md(gap.why)}",
            "",
            "**What to do.**",
            "",
            *[f"- {md(step)}" for step in gap.remediation],
            "",
        ]
        if gap.line.note:
            out += [f"**Note.** {md(gap.line.note)}", ""]
        if gap.citations:
            refs = "; ".join(f"{c.framework}, {c.ref}: {c.section}" for c in gap.citations)
            out += [f"**References.** {md(refs)}", ""]
    out += [f"## {title['roadmap']}", ""]
    for horizon in view.roadmap:
        out += [f"### {horizon.name}: {horizon.takes}", ""]
        out += _table(
            ROADMAP_COLUMNS,
            roadmap_rows(horizon),
        )
    out += [f"## {title['frameworks']}", ""]
    out += _table(
        ["Framework", "Jurisdiction", "Relevance", "Met", "Coverage", "Sections not met"],
        [
            [
                f.title,
                f.jurisdiction,
                f.relevance,
                f"{f.met} of {f.in_scope}",
                f.coverage,
                "; ".join(f"{s.ref} {s.title}".strip() for s in f.sections_not_met),
            ]
            for f in view.frameworks
        ],
    )
    out += [f"## {title['scope']}", ""]
    out += _table(["Profile question", "Answer"], [list(pair) for pair in view.profile])
    for heading, items in (
        ("Out of scope", view.out_of_scope),
        ("Marked not applicable", view.not_applicable),
        ("Alternative measures", view.alternatives),
    ):
        out += [f"### {heading}", ""]
        out += _table(["Control", "Reason"], [[f"{i.id} {i.title}", i.reason] for i in items])
    out += [f"## {title['triggers']}", "", *[f"- {md(t)}" for t in view.review_triggers], ""]
    out += risk_markdown(view.risk)
    method = view.methodology
    out += [
        f"## {title['methodology']}",
        "",
        f"Score = 100 × Σ(weight × credit) ÷ Σ(weight). Red below {method['red_below']} or "
        f"when a critical control is answered {method['red_cap']}; Amber below "
        f"{method['green_from']} or when a critical control is answered {method['amber_cap']}; "
        "otherwise Green.",
        "",
        f"## {title['appendix']}",
        "",
    ]
    out += _table(
        ["Control", "Answer", "Note", "Evidence", "Answered"],
        [
            [
                f"{line.id} {line.title}",
                line.answer,
                line.note,
                "; ".join(
                    f"{e.description} {e.link_or_path}".strip()
                    + (" (expired)" if e.expired else "")
                    for e in line.evidence
                ),
                f"{line.answered_by} {line.answered_on}".strip(),
            ]
            for domain in view.domains
            for line in domain.answers
        ],
    )
    out += [f"## {title['signoff']}", "", f"Sign-off state: {md(view.signoff_state)}.", ""]
    out += _table(
        ["Reviewer", "Decision", "Date", "Comment"],
        [[s.reviewer, s.decision, s.on, s.comment] for s in view.signoffs],
    )
    out += [
        f"crbd {view.tool_version} · pack {md(view.pack_id)} {md(view.pack_version)} · "
        f"pack SHA-256 {view.pack_hash} · assessment SHA-256 {view.assessment_hash}",
        "",
    ]
    return "\n".join(out)
