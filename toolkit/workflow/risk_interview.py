"""The interview's risk step: one screen per harm in scope, after the controls.

Each screen shows what crbd knows (the risk factors present, the mitigating
controls and their answers, the suggested levels with their working) and
asks the team for its own rating, which it must explain. It talks through
the same `Asker` as the rest of the interview and saves after each harm;
`crbd assess FILE --risks` starts here.
"""

from __future__ import annotations

from datetime import date

from toolkit.engine.evaluate import evaluate
from toolkit.engine.risk import with_current_basis
from toolkit.errors import AnswerError
from toolkit.model.assessment import (
    Acceptance,
    Assessment,
    Evidence,
    RiskAnswer,
    RiskDecision,
    RiskRecord,
    with_risk,
)
from toolkit.model.pack import Pack, RiskMatrix
from toolkit.model.result import RiskLine
from toolkit.workflow.interview import (
    Asker,
    Outcome,
    Save,
    Session,
    _ask_date,
    _required,
    _saved,
)
from toolkit.workflow.interview_text import BACK, GUIDANCE, QUIT, SKIP
from toolkit.workflow.recording import stamped

KEYS_HELP = "enter or a likelihood to assess · ? help · b back · s skip · q save and quit"
DECISION_KEYS = {
    "r": RiskDecision.REDUCED,
    "e": RiskDecision.ELIMINATED,
    "a": RiskDecision.ACCEPTED,
}


def harms_to_ask(pack: Pack, assessment: Assessment, session: Session) -> list[str]:
    """Harm ids this run asks: in scope and not yet assessed (all in scope with review)."""
    lines = evaluate(pack, assessment, session.today).risks.lines
    return [
        line.harm_id
        for line in lines
        if session.review or line.harm_id not in assessment.risks or line.to_revisit
    ]


def run_risk_step(
    pack: Pack, assessment: Assessment, asker: Asker, save: Save, session: Session
) -> Outcome:
    """Ask the record's method once, then each harm in turn; return what was saved."""
    matrix = pack.risk_matrix
    queue = harms_to_ask(pack, assessment, session)
    if matrix is None or not queue:
        return Outcome(assessment, finished=True)
    asker.show(
        f"{len(queue)} harm{'s' if len(queue) != 1 else ''} to assess. For each, rate how likely "
        "and how severe it is for children on this product, then what remains after the "
        "measures. crbd suggests each level and shows its working; your rating and your "
        "reasons are what the record keeps.",
        title="Children's risk assessment",
    )
    if not assessment.risk_record.method:
        record = _ask_record(assessment.risk_record, asker, session)
        if record is None:
            return Outcome(assessment, finished=False)
        if record == assessment.risk_record:
            return Outcome(assessment, finished=True)
        updated = stamped(assessment.model_copy(update={"risk_record": record}), *_who(session))
        assessment = _saved(updated, save, asker, "how the risk assessment is done")
    index = 0
    while index < len(queue):
        line = _line(pack, assessment, queue[index], session)
        asker.show(_screen(matrix, line, assessment, index, len(queue)), title=line.title)
        reply = _ask_harm(pack, matrix, assessment, line, asker, session)
        if isinstance(reply, RiskAnswer):
            rated = with_current_basis(
                pack, with_risk(assessment, line.harm_id, reply), [line.harm_id]
            )
            updated = stamped(rated, *_who(session))
            assessment = _saved(updated, save, asker, f"{line.harm_id} residual {reply.residual}")
            asker.show(f"Saved. {line.harm_id}: residual {reply.residual}, {reply.decision.value}.")
            index += 1
        elif reply == SKIP:
            index += 1
        elif reply == BACK:
            if index == 0:
                asker.show("This is the first harm of this run.")
            index = max(index - 1, 0)
        else:
            return Outcome(assessment, finished=False)
    return Outcome(assessment, finished=True)


def _who(session: Session) -> tuple[str, date]:
    return session.answered_by, session.today


def _line(pack: Pack, assessment: Assessment, harm_id: str, session: Session) -> RiskLine:
    lines = evaluate(pack, assessment, session.today).risks.lines
    return next(line for line in lines if line.harm_id == harm_id)


def _ask_record(record: RiskRecord, asker: Asker, session: Session) -> RiskRecord | None:
    """How the assessment is done; the record unchanged to skip the step, None to quit."""
    method = _required(asker, "Method: who met, what they reviewed (s skip, q quit)")
    if method.lower() == SKIP:
        return record
    if method.lower() == QUIT:
        return None
    sources = asker.ask("Sources of evidence, separated by ; (enter to skip)")
    views = asker.ask("How were children's views gathered (enter to skip)")
    review = _ask_date(asker, "Next review date (YYYY-MM-DD)", past_warned_from=session.today)
    return record.model_copy(
        update={
            "method": method,
            "sources": [part.strip() for part in sources.split(";") if part.strip()],
            "childrens_views": views,
            "next_review": review,
            "assessed_by": list(dict.fromkeys([*record.assessed_by, session.answered_by])),
            "assessed_on": session.today,
        }
    )


def _screen(
    matrix: RiskMatrix, line: RiskLine, assessment: Assessment, index: int, total: int
) -> str:
    factors = "; ".join(line.factors_present) or "none"
    controls = " · ".join(
        f"{m.control_id} {m.answer.value if m.answer else 'unanswered'}"
        + ("*" if m.severity == "critical" else "")
        for m in line.mitigations
        if m.scope != "out_of_scope"
    )
    lines = [
        f"Harm {index + 1} of {total} · {line.harm_id} · {line.category.value}"
        f" · ? shows the harm in full",
        "",
        f"Risk factors present: {factors}",
        f"Mitigating controls (* critical): {controls or 'none in scope'}",
        f"crbd's working: {line.working}",
    ]
    if line.revisit:
        lines.append(f"To revisit since it was rated: {'; '.join(line.revisit)}.")
    current = assessment.risks.get(line.harm_id)
    if current is not None:
        lines.append(
            f"Current: {current.likelihood}/{current.impact}, residual {current.residual}, "
            f"{current.decision.value}; enter keeps each value."
        )
    lines.append(KEYS_HELP)
    return "\n".join(lines)


def _help_text(pack: Pack, matrix: RiskMatrix, line: RiskLine) -> str:
    """The harm in full, crbd's working and what each likelihood means (the rule itself is
    in the report's record section)."""
    harm = pack.harm(line.harm_id)
    parts = [harm.description.strip() if harm else "", "", f"crbd's working: {line.working}", ""]
    parts += [f"{step.label}: {step.help}" for step in matrix.likelihood if step.help]
    return "\n".join(parts)


def _ask_harm(
    pack: Pack,
    matrix: RiskMatrix,
    assessment: Assessment,
    line: RiskLine,
    asker: Asker,
    session: Session,
) -> RiskAnswer | str:
    """A risk answer, or a navigation key (SKIP, BACK, QUIT)."""
    current = assessment.risks.get(line.harm_id)
    likelihoods = matrix.values("likelihood")
    while True:
        default = current.likelihood if current else line.suggested_likelihood
        reply = asker.ask(f"Likelihood ({_choices(likelihoods)})", default=default).lower()
        if reply == GUIDANCE:
            asker.show(_help_text(pack, matrix, line), title=f"{line.harm_id} help")
            continue
        if reply in (SKIP, BACK, QUIT):
            return reply
        try:
            likelihood = _choice(reply, likelihoods)
        except AnswerError as error:
            asker.show(str(error))
            continue
        return _ask_rest(pack, matrix, assessment, line, likelihood, asker, session)


def _ask_rest(
    pack: Pack,
    matrix: RiskMatrix,
    assessment: Assessment,
    line: RiskLine,
    likelihood: str,
    asker: Asker,
    session: Session,
) -> RiskAnswer:
    current = assessment.risks.get(line.harm_id)
    impact = _ask_choice(
        asker, "Impact", matrix.values("impact"), current.impact if current else line.impact
    )
    rationale = _required(
        asker, "Why these levels (rationale)", default=current.rationale if current else ""
    )
    # The suggestion for the levels just chosen, with the same rule as every report.
    draft = RiskAnswer(
        likelihood=likelihood,
        impact=impact,
        rationale=rationale,
        residual=line.suggested_residual,
        decision=RiskDecision.REDUCED,
    )
    suggested = _line(pack, with_risk(assessment, line.harm_id, draft), line.harm_id, session)
    asker.show(
        f"Inherent {suggested.inherent}; suggested residual {suggested.suggested_residual}. "
        f"{suggested.working}"
    )
    residual = _ask_choice(
        asker,
        "Residual",
        matrix.values("levels"),
        current.residual if current else suggested.suggested_residual,
    )
    reason = ""
    if residual != suggested.suggested_residual:
        reason = _required(
            asker,
            f"Why {residual}, not the suggested {suggested.suggested_residual}",
            default=current.residual_reason if current else "",
        )
    decision = _ask_decision(asker, current.decision.value[0] if current else "r")
    acceptance = _ask_acceptance(asker, session) if decision == RiskDecision.ACCEPTED else None
    evidence = list(current.evidence) if current else []
    description = asker.ask("Evidence: what supports this rating (enter to skip)")
    if description:
        link = asker.ask("Evidence link or path (enter to skip)")
        evidence.append(Evidence(description=description, link_or_path=link))
    benefits = asker.ask(
        "Benefits to children weighed (enter to skip)", default=current.benefits if current else ""
    )
    views = asker.ask(
        "What children said about it (enter to skip)",
        default=current.childrens_views if current else "",
    )
    return RiskAnswer(
        likelihood=likelihood,
        impact=impact,
        rationale=rationale,
        evidence=evidence,
        residual=residual,
        residual_reason=reason,
        decision=decision,
        acceptance=acceptance,
        benefits=benefits,
        childrens_views=views,
        answered_by=session.answered_by,
        answered_on=session.today,
    )


def _ask_decision(asker: Asker, default: str) -> RiskDecision:
    while True:
        reply = asker.ask("Decision (r reduced · e eliminated · a accepted)", default=default)
        found = DECISION_KEYS.get(reply.lower()[:1])
        if found is not None:
            return found
        asker.show(f"{reply!r} is not a decision; use r, e or a.")


def _ask_acceptance(asker: Asker, session: Session) -> Acceptance:
    asker.show("An accepted risk needs who approved it, when, why and until when.")
    return Acceptance(
        approved_by=_required(asker, "Approved by"),
        approved_on=_ask_date(asker, "Approved on (YYYY-MM-DD)", session.today.isoformat()),
        justification=_required(asker, "Why it is accepted"),
        expires_on=_ask_date(
            asker, "Acceptance expires on (YYYY-MM-DD)", past_warned_from=session.today
        ),
    )


def _ask_choice(asker: Asker, prompt: str, values: list[str], default: str) -> str:
    while True:
        reply = asker.ask(f"{prompt} ({_choices(values)})", default=default)
        try:
            return _choice(reply, values)
        except AnswerError as error:
            asker.show(str(error))


def _choices(values: list[str]) -> str:
    return " · ".join(f"{number} {value}" for number, value in enumerate(values, start=1))


def _choice(reply: str, values: list[str]) -> str:
    """A scale value from its name or its 1-based number."""
    cleaned = reply.strip().lower()
    if cleaned.isdigit() and 1 <= int(cleaned) <= len(values):
        return values[int(cleaned) - 1]
    if cleaned in values:
        return cleaned
    raise AnswerError(f"{reply!r} is not one of {', '.join(values)} (or their numbers).")
