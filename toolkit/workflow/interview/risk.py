"""What the risk step shows: one screen per harm in scope, after the controls.

Each screen shows what crbd knows (the risk factors present, the mitigating
controls and their answers, the suggested levels with their working); the team
gives its own rating, which it must explain (the prompts are steps of the
session, `steps`). `crbd assess FILE --risks` starts there.
"""

from __future__ import annotations

from toolkit.errors import AnswerError
from toolkit.i18n import _
from toolkit.model.assessment import Assessment
from toolkit.model.pack import Pack, RiskMatrix
from toolkit.model.result import RiskLine

KEYS_HELP = "enter or a likelihood to assess · ? help · b back · s skip · q save and quit"


def screen(
    matrix: RiskMatrix, line: RiskLine, assessment: Assessment, index: int, total: int
) -> str:
    """The harm's screen: where it is, its factors, its controls, the suggestion."""
    factors = "; ".join(line.factors_present) or _("none")
    controls = " · ".join(
        f"{m.control_id} {m.answer.value if m.answer else _('unanswered')}"
        + ("*" if m.severity == "critical" else "")
        for m in line.mitigations
        if m.scope != "out_of_scope"
    )
    lines = [
        _("Harm {number} of {total} · {harm} · {category} · ? shows the harm in full").format(
            number=index + 1, total=total, harm=line.harm_id, category=line.category.value
        ),
        "",
        _("Risk factors present: {factors}").format(factors=factors),
        _("Mitigating controls (* critical): {controls}").format(
            controls=controls or _("none in scope")
        ),
        _(
            "Suggested: likelihood {likelihood}, impact {impact}, inherent {inherent}, "
            "residual {residual}."
        ).format(
            likelihood=line.suggested_likelihood,
            impact=line.suggested_impact,
            inherent=matrix.level(line.suggested_likelihood, line.suggested_impact),
            residual=line.suggested_residual,
        ),
    ]
    current = assessment.risks.get(line.harm_id)
    if current is not None:
        lines.append(
            _(
                "Current: {likelihood}/{impact}, residual {residual}, {decision}; "
                "enter keeps each value."
            ).format(
                likelihood=current.likelihood,
                impact=current.impact,
                residual=current.residual,
                decision=current.decision.value,
            )
        )
    lines.append(_(KEYS_HELP))
    return "\n".join(lines)


def help_text(pack: Pack, matrix: RiskMatrix, line: RiskLine) -> str:
    """The harm in full, crbd's working and what each likelihood means (the rule itself is
    in the report's record section)."""
    harm = pack.harm(line.harm_id)
    parts = [
        harm.description.strip() if harm else "",
        "",
        _("crbd's working: {working}").format(working=line.working),
        "",
    ]
    parts += [f"{step.label}: {step.help}" for step in matrix.likelihood if step.help]
    return "\n".join(parts)


def choices(values: list[str]) -> str:
    """A scale's values with their numbers, for a prompt."""
    return " · ".join(f"{number} {value}" for number, value in enumerate(values, start=1))


def choice(reply: str, values: list[str]) -> str:
    """A scale value from its name or its 1-based number."""
    cleaned = reply.strip().lower()
    if cleaned.isdigit() and 1 <= int(cleaned) <= len(values):
        return values[int(cleaned) - 1]
    if cleaned in values:
        return cleaned
    raise AnswerError(
        _("{reply!r} is not one of {values} (or their numbers).").format(
            reply=reply, values=", ".join(values)
        )
    )
