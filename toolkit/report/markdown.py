"""The report as Markdown: the same sections as the PDF, for wikis, tickets and pull requests.

User text is escaped so a note can never turn into a link, an image, raw
HTML or a broken table.
"""

from __future__ import annotations

from toolkit.report.lines import EvidenceLine
from toolkit.report.risk_formats import risk_markdown
from toolkit.report.rows import (
    DOMAIN_COLUMNS,
    ROADMAP_COLUMNS,
    cover_rows,
    domain_rows,
    ownership,
    roadmap_rows,
)
from toolkit.report.text import markdown_inline
from toolkit.report.view import ReportView

md = markdown_inline
"""User or pack text made inert: Markdown punctuation escaped, one line (the one rule the
progress report and the workshop summary use too)."""


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    if not rows:
        return ["None.", ""]
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(md(cell) for cell in row) + " |" for row in rows]
    return [*lines, ""]


def _evidence(item: EvidenceLine) -> str:
    where = f" ({md(item.link_or_path)})" if item.link_or_path else ""
    until = f", valid until {item.valid_until}" if item.valid_until else ""
    return md(item.description) + where + until + (" **expired**" if item.expired else "")


def render_markdown(view: ReportView) -> str:
    """Every section of the report, in the PDF's order, as one Markdown document."""
    title = dict(view.sections)
    out = [f"# {md(view.title)}", ""]
    if view.draft:
        out += ["> **DRAFT: not signed off.** No reviewer has approved this report yet.", ""]
    out += [f"- **{label}:** {md(value)}" for label, value in cover_rows(view)]
    out += [
        "",
        "> This is a self-assessment against public frameworks, made by the product team. "
        "It is not a compliance determination, a certification or legal advice.",
        "",
        f"## {title['summary']}",
        "",
        f"**{md(view.verdict)}**",
        "",
        " · ".join(f"{value} {label}" for label, value in view.key_figures),
        "",
        "Answers to check before relying on this report:",
        "",
    ]
    box = view.assurance
    for label, weak in box.groups():
        out.append(f"- {label}: {', '.join(md(ref.id) for ref in weak)}")
    if box.empty:
        out.append("- None: every answer is known and every yes answer has current evidence.")
    out += ["", "What to do first:", ""]
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
            f"priority {gap.priority_working} · effort {gap.effort or 'not estimated'}"
            + md("".join(f" · {part}" for part in ownership(gap))),
            "",
            f"**Question.** {md(gap.line.question)}",
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
        out += [f"**Evidence.** {_evidence(item)}" for item in gap.line.evidence]
        out += [""] if gap.line.evidence else []
        if gap.citations:
            refs = "; ".join(f"{c.code} {c.ref}: {c.section}" for c in gap.citations)
            out += [f"**References.** {md(refs)}", ""]
    out += [f"## {title['roadmap']}", ""]
    for horizon in view.roadmap:
        out += [f"### {horizon.name}: {horizon.takes}", ""]
        out += _table(
            ROADMAP_COLUMNS,
            roadmap_rows(horizon),
        )
    out += risk_markdown(view.risk)
    out += [f"## {title['frameworks']}", ""]
    out += _table(
        [
            "Code",
            "Framework",
            "Jurisdiction",
            "Legal status",
            "Applies here",
            "Met",
            "Coverage",
            "Sections not met",
        ],
        [
            [
                f.code,
                f.title,
                f.jurisdiction,
                f.legal_status,
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
    out += ["### Out of scope", ""]
    out += [
        f"- {md(group.because)}: " + ", ".join(md(line.id) for line in group.controls)
        for group in view.scope_groups
    ] or ["Every control is in scope for this product."]
    out += [""]
    for heading, items in (
        ("Marked not applicable", view.not_applicable),
        ("Alternative measures", view.alternatives),
    ):
        out += [f"### {heading}", ""]
        out += _table(["Control", "Reason"], [[f"{i.id} {i.title}", i.reason] for i in items])
    out += [f"## {title['triggers']}", "", *[f"- {md(t)}" for t in view.review_triggers], ""]
    method = view.methodology
    out += [
        f"## {title['methodology']}",
        "",
        f"Score = 100 × Σ(weight × credit) ÷ Σ(weight). Red below {method['red_below']} or "
        f"when a critical control is answered {method['red_cap']}; Amber below "
        f"{method['green_from']} or when a critical control is answered {method['amber_cap']}; "
        "otherwise Green.",
        "",
        f"Gap priority = weight × (1 − credit) × exposure; exposure for this product: "
        f"{method['exposure']}. Gaps are listed {method['gap_order']}.",
        "",
        f"## {title['appendix']}",
        "",
    ]
    for domain in view.domains:
        out += [f"### {md(domain.prefix)} {md(domain.title)}", ""]
        out += _table(
            ["Control", "Severity", "Answer", "Weight", "Credit", "W×C", "Note", "Evidence", "By"],
            [
                [
                    f"{line.id} {line.title}",
                    line.severity,
                    f"{line.answer} ({line.evidence_state})"
                    if line.evidence_state
                    else line.answer,
                    line.weight,
                    line.credit,
                    line.weighted,
                    line.note,
                    "; ".join(
                        f"{e.description} {e.link_or_path}".strip()
                        + (" (expired)" if e.expired else "")
                        for e in line.evidence
                    ),
                    f"{line.answered_by} {line.answered_on}".strip()
                    + (f", changed {line.changes}×" if line.changes else ""),
                ]
                for line in domain.answers
            ],
        )
        if domain.subtotal:
            total = domain.subtotal
            out += [
                f"Subtotal {md(domain.prefix)}: 100 × {total.weighted} ÷ {total.weights} = "
                f"{total.score}",
                "",
            ]
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
