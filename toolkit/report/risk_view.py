"""The report's "Children's risk assessment record" section, as text and numbers.

Built from the Evaluation's risk register and the assessment's risk record:
how the assessment was done (method, who, when, sources, children's views),
the register with crbd's working, an inherent-versus-residual heat map with
the same numbers in a table, findings with the highest remaining risk first,
and the next review date. Every format renders this one view.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from toolkit.engine.evaluate import Evaluation
from toolkit.engine.risk import residual_rule_text
from toolkit.i18n import N_
from toolkit.model.pack import RiskMatrix
from toolkit.model.result import RiskLine
from toolkit.report.charts import data_uri
from toolkit.report.text import spreadsheet_cell

TITLE = N_("Children's risk assessment record")
ANCHOR = "risks"

PALETTE = ("#067647", "#b54708", "#b42318")
"""Lowest, middle and highest level colours (as the ratings); longer scales reuse them."""

REGISTER_COLUMNS = [
    "Harm",
    "Category",
    "Risk factors present",
    "Likelihood",
    "Impact",
    "Inherent",
    "Suggested residual",
    "Residual",
    "Decision",
    "Acceptance",
]


@dataclass(frozen=True)
class RiskRow:
    """One harm of the register, ready to print."""

    harm_id: str
    title: str
    category: str
    factors: str
    likelihood: str
    impact: str
    inherent: str
    suggested_residual: str
    residual: str
    decision: str
    acceptance: str
    rationale: str
    residual_reason: str
    working: str
    mitigations: str
    evidence: list[str]
    benefits: str
    childrens_views: str

    def cells(self) -> list[str]:
        return [
            f"{self.harm_id} {self.title}",
            self.category,
            self.factors,
            self.likelihood,
            self.impact,
            self.inherent,
            self.suggested_residual,
            self.residual,
            self.decision,
            self.acceptance,
        ]


@dataclass(frozen=True)
class RiskView:
    """The record section: method, register, heat map, findings and next review."""

    title: str
    anchor: str
    method: str
    assessed_by: str
    assessed_on: str
    sources: list[str]
    childrens_views: str
    next_review: str
    rows: list[RiskRow]
    findings: list[str]
    heat_map: str
    heat_map_alt: str
    heat_columns: list[str]
    heat_rows: list[list[str]]
    out_of_scope: list[str]
    unassessed: int
    rule: str


def build_risk_view(evaluation: Evaluation) -> RiskView | None:
    """The record section, or None when the pack has no harm catalogue."""
    pack, register = evaluation.pack, evaluation.risks
    matrix = pack.risk_matrix
    if matrix is None or not pack.harms:
        return None
    record = evaluation.assessment.risk_record
    answers = evaluation.assessment.risks
    rows = []
    for line in register.lines:
        given = answers.get(line.harm_id)
        rows.append(
            RiskRow(
                harm_id=line.harm_id,
                title=line.title,
                category=line.category.value,
                factors="; ".join(line.factors_present) or "none present",
                likelihood=line.likelihood,
                impact=line.impact,
                inherent=line.inherent,
                suggested_residual=line.suggested_residual,
                residual=line.residual or "not assessed",
                decision=line.decision.value if line.decision else "not assessed",
                acceptance=_acceptance(line),
                rationale=given.rationale if given else "",
                residual_reason=line.residual_reason,
                working=line.working,
                mitigations=" · ".join(
                    f"{m.control_id} {m.answer.value if m.answer else 'unanswered'}"
                    for m in line.mitigations
                    if m.scope != "out_of_scope"
                ),
                evidence=[e.description for e in given.evidence] if given else [],
                benefits=given.benefits if given else "",
                childrens_views=given.childrens_views if given else "",
            )
        )
    inherent = _counts(register.lines, matrix, residual=False)
    residual = _counts(register.lines, matrix, residual=True)
    levels = matrix.values("levels")
    return RiskView(
        title=TITLE,
        anchor=ANCHOR,
        method=record.method,
        assessed_by=", ".join(record.assessed_by),
        assessed_on=record.assessed_on.isoformat() if record.assessed_on else "",
        sources=record.sources,
        childrens_views=record.childrens_views,
        next_review=record.next_review.isoformat() if record.next_review else "",
        rows=rows,
        findings=[_finding(line) for line in register.by_residual()],
        heat_map=data_uri(_heat_svg(matrix, register.lines)),
        heat_map_alt="Heat map of harms by level. "
        + "; ".join(
            f"{level}: {inherent[level]} inherent, {residual[level]} residual" for level in levels
        )
        + ".",
        heat_columns=[N_("Level"), N_("Inherent"), N_("Residual")],
        heat_rows=[
            [matrix.label("levels", level), str(inherent[level]), str(residual[level])]
            for level in reversed(levels)
        ],
        out_of_scope=[f"{o.harm_id}: {o.reason}" for o in register.out_of_scope],
        unassessed=len(register.unassessed),
        rule=residual_rule_text(),
    )


def register_csv(view: RiskView) -> str:
    """The register as CSV (one row per harm in scope), for a risk tracker: UTF-8 with a
    byte-order mark so spreadsheets read it as such, and no cell a spreadsheet would run."""
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow([*REGISTER_COLUMNS, "Rationale", "Residual reason", "crbd's working"])
    for row in view.rows:
        cells = [*row.cells(), row.rationale, row.residual_reason, row.working]
        writer.writerow([spreadsheet_cell(cell) for cell in cells])
    return "\ufeff" + stream.getvalue()


def _acceptance(line: RiskLine) -> str:
    if line.acceptance is None:
        return ""
    state = "expired" if line.acceptance_expired else "current"
    return (
        f"approved by {line.acceptance.approved_by} on {line.acceptance.approved_on}, "
        f"until {line.acceptance.expires_on} ({state})"
    )


def _finding(line: RiskLine) -> str:
    if line.residual is None:
        how = f"not assessed; crbd suggests {line.suggested_residual}"
    else:
        how = f"{line.residual}, {line.decision.value if line.decision else ''}"
        if line.residual_reason:
            how += f" (crbd suggests {line.suggested_residual}; the register says why)"
    if line.acceptance_expired:
        how += "; the acceptance has expired"
    held = (
        f" Held by critical controls not in place: {', '.join(line.held_by)}."
        if line.held_by
        else ""
    )
    return f"{line.harm_id} {line.title}: residual {how}.{held}"


def _counts(lines: list[RiskLine], matrix: RiskMatrix, *, residual: bool) -> dict[str, int]:
    counts = dict.fromkeys(matrix.values("levels"), 0)
    for line in lines:
        counts[line.standing if residual else line.inherent] += 1
    return counts


def _colour(matrix: RiskMatrix, level: str) -> str:
    top = len(matrix.levels) - 1
    return PALETTE[round(matrix.rank(level) * (len(PALETTE) - 1) / top)]


def _heat_svg(matrix: RiskMatrix, lines: list[RiskLine]) -> str:
    """Left: the matrix, each cell coloured by its level with the harms rated inherent there.
    Right: harms per residual level. Counts are printed, colour is never the only carrier."""
    likelihoods, impacts = matrix.values("likelihood"), matrix.values("impact")
    cell, left, top = 70, 80, 24
    grid_width = left + cell * len(impacts)
    levels = list(reversed(matrix.values("levels")))
    width = grid_width + 40 + 160
    height = top + cell * len(likelihoods) + 40
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">',
        f'<text x="{left}" y="14" font-weight="bold">Inherent (likelihood × impact)</text>',
    ]
    for row, likelihood in enumerate(reversed(likelihoods)):
        y = top + row * cell
        parts.append(
            f'<text x="{left - 6}" y="{y + cell / 2 + 4}" text-anchor="end">'
            f"{escape(matrix.label('likelihood', likelihood))}</text>"
        )
        for column, impact in enumerate(impacts):
            x = left + column * cell
            level = matrix.level(likelihood, impact)
            count = sum(1 for x_ in lines if (x_.likelihood, x_.impact) == (likelihood, impact))
            parts.append(
                f'<rect x="{x}" y="{y}" width="{cell - 2}" height="{cell - 2}" '
                f"fill={quoteattr(_colour(matrix, level))}/>"
                f'<text x="{x + cell / 2 - 1}" y="{y + cell / 2}" text-anchor="middle" '
                f'fill="#ffffff" font-size="16" font-weight="bold">{count}</text>'
                f'<text x="{x + cell / 2 - 1}" y="{y + cell / 2 + 16}" text-anchor="middle" '
                f'fill="#ffffff" font-size="9">{escape(level.upper())}</text>'
            )
    for column, impact in enumerate(impacts):
        parts.append(
            f'<text x="{left + column * cell + cell / 2}" y="{height - 22}" '
            f'text-anchor="middle">{escape(matrix.label("impact", impact))}</text>'
        )
    parts.append(
        f'<text x="{left + cell * len(impacts) / 2}" y="{height - 6}" text-anchor="middle" '
        'fill="#475467">impact</text>'
    )
    side = grid_width + 40
    parts.append(f'<text x="{side}" y="14" font-weight="bold">Residual</text>')
    residual = _counts(lines, matrix, residual=True)
    row_height = cell * len(likelihoods) / len(levels)
    for row, level in enumerate(levels):
        band = top + row * row_height
        parts.append(
            f'<rect x="{side}" y="{band:.1f}" width="150" height="{row_height - 2:.1f}" '
            f"fill={quoteattr(_colour(matrix, level))}/>"
            f'<text x="{side + 75}" y="{band + row_height / 2 + 4:.1f}" text-anchor="middle" '
            f'fill="#ffffff" font-size="13" font-weight="bold">'
            f"{escape(level.upper())}: {residual[level]}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
