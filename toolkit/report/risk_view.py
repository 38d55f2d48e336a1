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
from toolkit.engine.risk import current_acceptance, residual_rule_text, untracked_sentence
from toolkit.i18n import N_, _
from toolkit.model.assessment import RiskDecision
from toolkit.model.hashing import signed_sha256
from toolkit.model.pack import RiskMatrix
from toolkit.model.result import BandLevels, Rating, RiskLine, RiskRegister
from toolkit.report.charts import FILL, INK, data_uri
from toolkit.report.text import spreadsheet_cell

TITLE = N_("Children's risk assessment record")
ANCHOR = "risks"

PALETTE = (FILL[Rating.GREEN], FILL[Rating.AMBER], FILL[Rating.RED])
"""Lowest, middle and highest level colours: the ratings' colour-blind-safe fills, which
also stay apart in grey; longer scales reuse them."""

INKS = (INK[Rating.GREEN], INK[Rating.AMBER], INK[Rating.RED])
"""The text colour on each of PALETTE's fills."""

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


DECISIONS: dict[RiskDecision, str] = {
    RiskDecision.REDUCED: N_(
        "the measures lower the risk and the remaining (residual) risk is rated; work on "
        "it goes on where it is medium or high, with an owner, an action and a due date"
    ),
    RiskDecision.ELIMINATED: N_(
        "the harm can no longer reach children on the product (the feature is removed or "
        "closed to them): the residual is the lowest level and says how"
    ),
    RiskDecision.ACCEPTED: N_(
        "a named person approved living with the residual risk for a limited time, with a "
        "justification and an end date; crbd treats a lapsed acceptance as none"
    ),
}
"""What each decision means, as the report defines it."""

CODES = ("ofcom-icu", "ofcom-pcu")
"""The codes of practice whose measure ids the register lists beside each measure."""

NO_EVIDENCE = N_("no evidence recorded")
NO_VIEWS = N_("no children's views recorded")


@dataclass(frozen=True)
class RiskHeadline:
    """One harm page 1 names: a high residual, a rating to revisit, or not yet assessed."""

    harm_id: str
    title: str
    why: str
    residual: str
    decision: str
    owner: str


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
    revisit: str = ""
    bands: tuple[str, ...] = ()
    evidence_text: str = ""
    views_text: str = ""
    owner: str = ""
    unowned: str = ""
    justification: str = ""
    """Why the remaining risk was accepted, as the approver wrote it."""

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
    headlines: list[RiskHeadline]
    accountable: str
    approval: str
    linked: list[str]
    to_revisit: int
    untracked: str
    definitions: list[tuple[str, str]]


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
                mitigations=_mitigations(evaluation, line),
                evidence=[e.description for e in given.evidence] if given else [],
                benefits=given.benefits if given else "",
                childrens_views=given.childrens_views if given else "",
                revisit=(
                    _("To revisit since it was rated: {changes}.").format(
                        changes="; ".join(line.revisit)
                    )
                    if line.revisit
                    else ""
                ),
                bands=tuple(_band(band, line, register) for band in line.age_bands),
                evidence_text=(
                    "; ".join(e.description for e in given.evidence)
                    if given and given.evidence
                    else _(NO_EVIDENCE)
                ),
                views_text=(given.childrens_views if given else "") or _(NO_VIEWS),
                owner=_owner(line),
                unowned=_unowned(line, register),
                justification=line.acceptance.justification if line.acceptance else "",
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
        headlines=_headlines(register),
        accountable=record.accountable or _("no one named"),
        approval=_approval(evaluation),
        linked=record.linked_assessments,
        to_revisit=len(register.to_revisit),
        untracked=untracked_sentence(len(register.untracked), len(register.lines)),
        definitions=[(decision.value, _(DECISIONS[decision])) for decision in RiskDecision],
    )


def _approval(evaluation: Evaluation) -> str:
    """The latest decision on the risk assessment, and whether it still holds."""
    approvals = evaluation.assessment.risk_record.approvals
    if not approvals:
        return _("not approved")
    latest = approvals[-1]
    text = _("{decision} by {name} on {on}").format(
        decision=latest.decision.value, name=latest.approved_by, on=latest.on.isoformat()
    )
    if latest.assessment_sha256 != signed_sha256(evaluation.assessment):
        text += "; " + _("the assessment has changed since, so it no longer holds")
    return text


def _headlines(register: RiskRegister) -> list[RiskHeadline]:
    """The harms page 1 names, highest remaining risk first: residual at the top level,
    ratings to revisit, and harms not yet assessed."""
    top = register.levels[-1] if register.levels else ""
    found = []
    for line in register.by_residual():
        why = []
        if line.assessed and line.residual == top:
            why.append(_("{level} residual").format(level=top))
        elif line.to_revisit:
            why.append(_("to revisit (residual {level})").format(level=line.residual))
        if not line.assessed:
            why.append(
                _("not assessed (crbd suggests {level})").format(level=line.suggested_residual)
            )
        if why:
            found.append(
                RiskHeadline(
                    harm_id=line.harm_id,
                    title=line.title,
                    why="; ".join(why),
                    residual=line.residual or "—",
                    decision=line.decision.value if line.decision else "—",
                    owner=_owner(line) or _("no owner"),
                )
            )
    return found


def _band(band: BandLevels, line: RiskLine, register: RiskRegister) -> str:
    """One age group's levels, flagged when its residual is above the harm's own."""
    text = _("{band}: {likelihood} · {impact} → {inherent}, residual {residual}").format(
        band=band.label,
        likelihood=band.likelihood,
        impact=band.impact,
        inherent=band.inherent,
        residual=band.residual,
    )
    if band.note:
        text += f" ({band.note})"
    if line.residual is not None and register.rank(band.residual) > register.rank(line.residual):
        text += "; " + _("above the harm's residual {level}").format(level=line.residual)
    return text


def _owner(line: RiskLine) -> str:
    """Who works on the remaining risk, and by when ('' when nobody is named)."""
    if line.decision == RiskDecision.ACCEPTED and line.acceptance is not None:
        return _("accepted by {name}").format(name=line.acceptance.approved_by)
    if not line.owner:
        return ""
    if line.action_due is None:
        return line.owner
    return _("{owner}, due {day}").format(owner=line.owner, day=line.action_due.isoformat())


def _unowned(line: RiskLine, register: RiskRegister) -> str:
    """The flag for a harm whose residual is above the lowest level with nobody working
    on it: no owner, action and due date, and no acceptance in force."""
    if not line.assessed or register.rank(line.standing) == 0 or current_acceptance(line):
        return ""
    if line.owner and line.action_due is not None:
        return ""
    return _("residual {level} with no owner, action and due date").format(level=line.standing)


def _mitigations(evaluation: Evaluation, line: RiskLine) -> str:
    """The mitigating controls in scope with their answers; those in place or in part
    carry the codes' measure ids the pack cites for them (CODES), e.g. "CON-01 yes
    [ICU F1]"."""
    parts = []
    for mitigation in line.mitigations:
        if mitigation.scope == "out_of_scope":
            continue
        answer = mitigation.answer.value if mitigation.answer else _("unanswered")
        control = evaluation.pack.control(mitigation.control_id)
        codes = [
            ref.ref
            for ref in (control.references if control is not None and mitigation.credit else [])
            if ref.framework in CODES
        ]
        part = f"{mitigation.control_id} {answer}"
        parts.append(f"{part} [{', '.join(codes)}]" if codes else part)
    return " · ".join(parts)


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
    state = _("expired") if line.acceptance_expired else _("current")
    return _("approved by {name} on {on}, until {until} ({state}), because: {why}").format(
        name=line.acceptance.approved_by,
        on=line.acceptance.approved_on,
        until=line.acceptance.expires_on,
        state=state,
        why=line.acceptance.justification,
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
    if line.revisit:
        how += "; " + _("to revisit: {changes}").format(changes="; ".join(line.revisit))
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
    return PALETTE[_shade(matrix, level)]


def _ink(matrix: RiskMatrix, level: str) -> str:
    return INKS[_shade(matrix, level)]


def _shade(matrix: RiskMatrix, level: str) -> int:
    top = len(matrix.levels) - 1
    return round(matrix.rank(level) * (len(PALETTE) - 1) / top)


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
                f'fill={quoteattr(_ink(matrix, level))} font-size="16" font-weight="bold">'
                f"{count}</text>"
                f'<text x="{x + cell / 2 - 1}" y="{y + cell / 2 + 16}" text-anchor="middle" '
                f'fill={quoteattr(_ink(matrix, level))} font-size="9">'
                f"{escape(level.upper())}</text>"
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
            f'fill={quoteattr(_ink(matrix, level))} font-size="13" font-weight="bold">'
            f"{escape(level.upper())}: {residual[level]}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
