"""The risk step: how the assessment is done, then one screen per harm in scope.

Each screen shows what crbd knows (the risk factors present, the mitigating
controls and their answers, the suggested levels with their working); the team
gives its own rating, which it must explain, then the residual level, the
decision (an acceptance for an accepted risk), evidence, benefits and children's
views, each one prompt of the session (`RiskSteps`, part of `steps.Interview`).
`crbd assess FILE --risks` starts there.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from toolkit.engine.risk import assess_risk, with_current_basis
from toolkit.engine.scoring import score
from toolkit.errors import AnswerError
from toolkit.i18n import N_, _, ngettext
from toolkit.model.assessment import Assessment, RiskAnswer, RiskDecision, with_risk
from toolkit.model.pack import Pack, RiskMatrix
from toolkit.model.result import RiskLine
from toolkit.workflow.answers_file import validated_entry
from toolkit.workflow.interview.prompts import NEEDS_AN_ANSWER
from toolkit.workflow.interview.session import (
    Choice,
    Field,
    InterviewPart,
    Phase,
    Position,
    Save,
    Session,
    Step,
    Submitted,
    known,
    save_or_fail,
)
from toolkit.workflow.recording import parse_target_date, stamped

DECISION_KEYS = {
    "r": RiskDecision.REDUCED,
    "e": RiskDecision.ELIMINATED,
    "a": RiskDecision.ACCEPTED,
}
RISK_SECTION = "risk"
KEYS_HELP = N_("enter or a likelihood to assess · ? help · b back · s skip · q save and quit")


def risk_lines(pack: Pack, assessment: Assessment, session: Session) -> list[RiskLine]:
    """The risk register's lines as of the session's day, as `evaluate` gives them (only
    the score and the register: the action plan and accountability are not needed here)."""
    return assess_risk(
        pack, assessment, score(pack, assessment, session.today), session.today
    ).lines


def harms_to_ask(pack: Pack, assessment: Assessment, session: Session) -> list[str]:
    """Harm ids this run asks: in scope and not yet assessed (all in scope with review)."""
    if pack.risk_matrix is None:
        return []
    lines = risk_lines(pack, assessment, session)
    return [
        line.harm_id
        for line in lines
        if session.review or line.harm_id not in assessment.risks or line.to_revisit
    ]


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
        _("crbd's working: {working}").format(working=line.working),
    ]
    if line.revisit:
        lines.append(
            _("To revisit since it was rated: {changes}.").format(changes="; ".join(line.revisit))
        )
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


class RiskSteps(InterviewPart):
    """The risk record's and each harm's prompts, part of `steps.Interview`."""

    def _risk_section(self, position: Position) -> dict[str, Any]:
        count = len(position.queue)
        intro = ngettext(
            "{count} harm to assess. For each, rate how likely and how severe it is for "
            "children on this product, then what remains after the measures. crbd suggests "
            "each level and shows its working; your rating and your reasons are what the "
            "record keeps.",
            "{count} harms to assess. For each, rate how likely and how severe it is for "
            "children on this product, then what remains after the measures. crbd suggests "
            "each level and shows its working; your rating and your reasons are what the "
            "record keeps.",
            count,
        ).format(count=count)
        return {
            "section": RISK_SECTION,
            "section_title": _("Children's risk assessment"),
            "section_intro": intro,
        }

    def _record_step(self, position: Position) -> Step:
        replies = position.replies()
        common = self._risk_section(position)
        if Field.METHOD not in replies:
            prompt = _("Method: who met, what they reviewed (s skip, q quit)")
            return Step(position, "", Field.METHOD, prompt, required=True, **common)
        if Field.SOURCES not in replies:
            prompt = _("Sources of evidence, separated by ; (enter to skip)")
            return Step(position, "", Field.SOURCES, prompt, **common)
        if Field.VIEWS not in replies:
            prompt = _("How were children's views gathered (enter to skip)")
            return Step(position, "", Field.VIEWS, prompt, **common)
        if Field.NEXT_REVIEW not in replies:
            prompt = _("Next review date (YYYY-MM-DD)")
            return Step(position, "", Field.NEXT_REVIEW, prompt, required=True, **common)
        return self._past_step(position, "", replies[Field.NEXT_REVIEW], Field.PAST_REVIEW, common)

    def _submit_record(self, position: Position, name: Field, reply: str, save: Save) -> Submitted:
        if name in (Field.METHOD,) and not reply:
            raise AnswerError(_(NEEDS_AN_ANSWER))
        if name is Field.NEXT_REVIEW:
            if not reply:
                raise AnswerError(_(NEEDS_AN_ANSWER))
            reply = parse_target_date(reply).isoformat()
            if parse_target_date(reply) >= self.session.today:
                return self._record_done(
                    position.given(name, reply).given(Field.PAST_REVIEW, "y"), save
                )
            return Submitted(self.assessment, position.given(name, reply))
        if name is Field.PAST_REVIEW:
            if not reply.lower().startswith("y"):
                kept = tuple(entry for entry in position.draft if entry[0] is not Field.NEXT_REVIEW)
                return Submitted(self.assessment, replace(position, draft=kept))
            return self._record_done(position.given(name, "y"), save)
        return Submitted(self.assessment, position.given(name, reply))

    def _record_done(self, position: Position, save: Save) -> Submitted:
        replies = position.replies()
        record = self.assessment.risk_record.model_copy(
            update={
                "method": replies[Field.METHOD],
                "sources": [
                    part.strip() for part in replies[Field.SOURCES].split(";") if part.strip()
                ],
                "childrens_views": replies[Field.VIEWS],
                "next_review": parse_target_date(replies[Field.NEXT_REVIEW]),
                "assessed_by": list(
                    dict.fromkeys(
                        [*self.assessment.risk_record.assessed_by, self.session.answered_by]
                    )
                ),
                "assessed_on": self.session.today,
            }
        )
        updated = self.assessment.model_copy(update={"risk_record": record})
        stamped_copy = stamped(updated, self.session.answered_by, self.session.today)
        save_or_fail(save, stamped_copy, _("how the risk assessment is done"))
        return Submitted(
            stamped_copy,
            Position(Phase.HARMS, position.queue),
            saved=_("how the risk assessment is done"),
        )

    # --- a harm ---

    def _line(self, assessment: Assessment, harm_id: str) -> RiskLine:
        lines = risk_lines(self.pack, assessment, self.session)
        return known(next((line for line in lines if line.harm_id == harm_id), None))

    def _matrix(self) -> RiskMatrix:
        return known(self.pack.risk_matrix)

    def _suggested(self, line: RiskLine, replies: Mapping[Field, str]) -> RiskLine:
        """The suggestion for the levels just chosen, with the same rule as every report."""
        draft = RiskAnswer(
            likelihood=replies[Field.LIKELIHOOD],
            impact=replies[Field.IMPACT],
            rationale=replies[Field.RATIONALE],
            residual=line.suggested_residual,
            decision=RiskDecision.REDUCED,
        )
        return self._line(with_risk(self.assessment, line.harm_id, draft), line.harm_id)

    def _harm_field(self, line: RiskLine, replies: Mapping[Field, str]) -> Field | None:
        order = [Field.LIKELIHOOD, Field.IMPACT, Field.RATIONALE, Field.RESIDUAL]
        for name in order:
            if name not in replies:
                return name
        if Field.RESIDUAL_REASON not in replies:
            if replies[Field.RESIDUAL] != self._suggested(line, replies).suggested_residual:
                return Field.RESIDUAL_REASON
        if Field.DECISION not in replies:
            return Field.DECISION
        if DECISION_KEYS[replies[Field.DECISION]] is RiskDecision.ACCEPTED:
            for name in (
                Field.APPROVED_BY,
                Field.APPROVED_ON,
                Field.JUSTIFICATION,
                Field.EXPIRES_ON,
            ):
                if name not in replies:
                    return name
            if Field.PAST_EXPIRY not in replies and self._past(replies, Field.EXPIRES_ON):
                return Field.PAST_EXPIRY
        if Field.EVIDENCE_WHAT not in replies:
            return Field.EVIDENCE_WHAT
        if replies[Field.EVIDENCE_WHAT] and Field.EVIDENCE_LINK not in replies:
            return Field.EVIDENCE_LINK
        for name in (Field.BENEFITS, Field.CHILDRENS_VIEWS):
            if name not in replies:
                return name
        return None

    def _harm_step(self, position: Position) -> Step:
        matrix = self._matrix()
        line = self._line(self.assessment, position.item)
        replies = position.replies()
        name = known(self._harm_field(line, replies))
        current = self.assessment.risks.get(line.harm_id)
        common: dict[str, Any] = {
            "title": line.title,
            "guidance": help_text(self.pack, matrix, line),
            **self._risk_section(position),
        }

        def levels(axis: str, prompt: str, default: str, note: str = "") -> Step:
            values = matrix.values(axis)
            return Step(
                position,
                line.harm_id,
                name,
                f"{prompt} ({choices(values)})",
                default=default,
                note=note,
                required=True,
                choices=tuple(Choice(str(i), v, v) for i, v in enumerate(values, start=1)),
                **common,
            )

        if name is Field.LIKELIHOOD:
            shown = screen(matrix, line, self.assessment, position.index, len(position.queue))
            step = levels(
                "likelihood",
                _("Likelihood"),
                current.likelihood if current else line.suggested_likelihood,
            )
            return replace(step, screen=shown)
        if name is Field.IMPACT:
            return levels("impact", _("Impact"), current.impact if current else line.impact)
        if name is Field.RATIONALE:
            return Step(
                position,
                line.harm_id,
                name,
                _("Why these levels (rationale)"),
                default=current.rationale if current else "",
                required=True,
                **common,
            )
        suggested = self._suggested(line, replies)
        if name is Field.RESIDUAL:
            note = _("Inherent {inherent}; suggested residual {residual}. {working}").format(
                inherent=suggested.inherent,
                residual=suggested.suggested_residual,
                working=suggested.working,
            )
            default = current.residual if current else suggested.suggested_residual
            return levels("levels", _("Residual"), default, note)
        if name is Field.RESIDUAL_REASON:
            prompt = _("Why {residual}, not the suggested {suggested}").format(
                residual=replies[Field.RESIDUAL], suggested=suggested.suggested_residual
            )
            return Step(
                position,
                line.harm_id,
                name,
                prompt,
                default=current.residual_reason if current else "",
                required=True,
                **common,
            )
        if name is Field.DECISION:
            return Step(
                position,
                line.harm_id,
                name,
                _("Decision (r reduced · e eliminated · a accepted)"),
                default=current.decision.value[0] if current else "r",
                required=True,
                choices=tuple(Choice(key, d.value, d.value) for key, d in DECISION_KEYS.items()),
                **common,
            )
        if name is Field.APPROVED_BY:
            note = _("An accepted risk needs who approved it, when, why and until when.")
            return Step(
                position, line.harm_id, name, _("Approved by"), note=note, required=True, **common
            )
        if name is Field.APPROVED_ON:
            return Step(
                position,
                line.harm_id,
                name,
                _("Approved on (YYYY-MM-DD)"),
                default=self.session.today.isoformat(),
                required=True,
                **common,
            )
        if name is Field.JUSTIFICATION:
            return Step(
                position, line.harm_id, name, _("Why it is accepted"), required=True, **common
            )
        if name is Field.EXPIRES_ON:
            return Step(
                position,
                line.harm_id,
                name,
                _("Acceptance expires on (YYYY-MM-DD)"),
                required=True,
                **common,
            )
        if name is Field.PAST_EXPIRY:
            return self._past_step(position, line.harm_id, replies[Field.EXPIRES_ON], name, common)
        if name is Field.EVIDENCE_WHAT:
            prompt = _("Evidence: what supports this rating (enter to skip)")
            return Step(position, line.harm_id, name, prompt, **common)
        if name is Field.EVIDENCE_LINK:
            prompt = _("Evidence link or path (enter to skip)")
            return Step(position, line.harm_id, name, prompt, **common)
        if name is Field.BENEFITS:
            return Step(
                position,
                line.harm_id,
                name,
                _("Benefits to children weighed (enter to skip)"),
                default=current.benefits if current else "",
                **common,
            )
        return Step(
            position,
            line.harm_id,
            name,
            _("What children said about it (enter to skip)"),
            default=current.childrens_views if current else "",
            **common,
        )

    def _submit_harm(self, position: Position, name: Field, reply: str, save: Save) -> Submitted:
        matrix = self._matrix()
        line = self._line(self.assessment, position.item)
        axes = {Field.LIKELIHOOD: "likelihood", Field.IMPACT: "impact", Field.RESIDUAL: "levels"}
        required = (
            Field.RATIONALE,
            Field.RESIDUAL_REASON,
            Field.APPROVED_BY,
            Field.JUSTIFICATION,
            Field.APPROVED_ON,
            Field.EXPIRES_ON,
        )
        if name in required and not reply:
            raise AnswerError(_(NEEDS_AN_ANSWER))
        if name in axes:
            reply = choice(reply, matrix.values(axes[name]))
        elif name is Field.DECISION:
            key = reply.lower()[:1]
            if key not in DECISION_KEYS:
                raise AnswerError(
                    _("{reply!r} is not a decision; use r, e or a.").format(reply=reply)
                )
            reply = key
        elif name in (Field.APPROVED_ON, Field.EXPIRES_ON):
            reply = parse_target_date(reply).isoformat()
        elif name is Field.PAST_EXPIRY and not reply.lower().startswith("y"):
            kept = tuple(entry for entry in position.draft if entry[0] is not Field.EXPIRES_ON)
            return Submitted(self.assessment, replace(position, draft=kept))
        given = position.given(name, reply)
        if self._harm_field(line, given.replies()) is not None:
            return Submitted(self.assessment, given)
        answer = self._risk_answer(line, given.replies())
        updated = with_current_basis(
            self.pack, with_risk(self.assessment, line.harm_id, answer), [line.harm_id]
        )
        said = _("Saved. {harm}: residual {residual}, {decision}.").format(
            harm=line.harm_id, residual=answer.residual, decision=answer.decision.value
        )
        what = _("{harm} residual {residual}").format(harm=line.harm_id, residual=answer.residual)
        return self._confirmed(given, updated, save, what, said)

    def _risk_answer(self, line: RiskLine, replies: Mapping[Field, str]) -> RiskAnswer:
        """The harm's assessment the replies give, checked by the answers-file validation."""
        current = self.assessment.risks.get(line.harm_id)
        evidence = [e.model_dump(mode="json") for e in (current.evidence if current else [])]
        if replies.get(Field.EVIDENCE_WHAT):
            evidence.append(
                {
                    "description": replies[Field.EVIDENCE_WHAT],
                    "link_or_path": replies.get(Field.EVIDENCE_LINK, ""),
                }
            )
        decision = DECISION_KEYS[replies[Field.DECISION]]
        fields: dict[str, Any] = {
            "likelihood": replies[Field.LIKELIHOOD],
            "impact": replies[Field.IMPACT],
            "rationale": replies[Field.RATIONALE],
            "evidence": evidence,
            "residual": replies[Field.RESIDUAL],
            "residual_reason": replies.get(Field.RESIDUAL_REASON, ""),
            "decision": decision.value,
            "benefits": replies.get(Field.BENEFITS, ""),
            "childrens_views": replies.get(Field.CHILDRENS_VIEWS, ""),
        }
        if decision is RiskDecision.ACCEPTED:
            fields["acceptance"] = {
                "approved_by": replies[Field.APPROVED_BY],
                "approved_on": replies[Field.APPROVED_ON],
                "justification": replies[Field.JUSTIFICATION],
                "expires_on": replies[Field.EXPIRES_ON],
            }
        who = (self.session.answered_by, self.session.today)
        return validated_entry(self.pack, line.harm_id, fields, *who).risks[line.harm_id]
