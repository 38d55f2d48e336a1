"""The report's lines: one control, domain or gap as every format prints it.

The gap register, the roadmap, the scorecards and the appendix are lists of
these lines. Each kind is built here once, from the pack, the result
and the plan, so a control reads and links the same wherever it appears.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from toolkit.engine.evaluate import Evaluation
from toolkit.model.assessment import Answer, ControlAnswer
from toolkit.model.pack import Control, Pack, Severity
from toolkit.model.plan import PlannedItem
from toolkit.model.result import ControlOutcome, Result, Scorecard
from toolkit.report.labels import (
    ANSWER_LABEL,
    HORIZON_LABEL,
    NOT_ANSWERED,
    date_words,
    rating_words,
)
from toolkit.report.methodology import priority_working
from toolkit.report.summary import ControlRef, points

MET = (Answer.YES, Answer.ALTERNATIVE)
CARD_SEVERITIES = (Severity.CRITICAL, Severity.HIGH)
"""Gaps of these severities get a full card; the others a compact row with the same facts."""


@dataclass(frozen=True)
class Rated:
    """A score and rating ready to print (rating always in words)."""

    score: str
    rating: str
    rating_class: str
    capped_by: list[str]
    """Each capping control as "ID Title"."""
    capped: bool = False
    """The rating is lower than the score alone would give."""
    capping: list[ControlRef] = field(default_factory=list)
    """The capping controls, linked to their gap cards."""


@dataclass(frozen=True)
class Citation:
    framework: str
    ref: str
    section: str
    url: str
    code: str = ""
    """The framework's short code, explained once in the framework legend."""


@dataclass(frozen=True)
class EvidenceLine:
    description: str
    link_or_path: str
    valid_until: str
    expired: bool
    href: str = ""
    """The link when `link_or_path` is a web address (http or https); empty for a path."""


@dataclass(frozen=True)
class AnswerLine:
    """One control as answered, for the gap register and the appendix."""

    id: str
    title: str
    question: str
    severity: str
    answer: str
    note: str
    evidence: list[EvidenceLine]
    evidence_state: str
    answered_by: str
    answered_on: str
    target_date: str
    weight: str = ""
    credit: str = ""
    weighted: str = ""
    """weight × credit, as added up in the domain's subtotal."""
    href: str = ""
    """Its gap card or row when it is a gap; empty otherwise."""
    anchor: str = ""
    """The id of its appendix row."""
    changes: int = 0
    """How often its answer changed, by the file's history (the full history is in the
    embedded assessment)."""


@dataclass(frozen=True)
class GapLine:
    line: AnswerLine
    domain: str
    priority: str
    why: str
    remediation: list[str]
    effort: str
    citations: list[Citation]
    priority_working: str = ""
    """How the priority is computed, with this gap's numbers: "9.4 = 5 × (1 − 0) × 1.875"."""
    card: bool = True
    """Critical and high gaps get a full card; medium and low a compact row."""
    anchor: str = ""
    horizon: str = ""
    owner: str = ""
    due: str = ""
    """The action's owner and due date (else a planned answer's target date), if recorded."""
    status: str = ""
    """The action's status (open, in progress, done, won't do), if recorded."""
    accepted: str = ""
    """The risk acceptance in words ("accepted by NAME until DATE", or that it has expired)."""
    justification: str = ""
    """Why the gap was accepted, as the approver wrote it (empty when nothing is accepted)."""


@dataclass(frozen=True)
class Subtotal:
    """A domain's score worked out from its appendix rows."""

    weighted: str
    weights: str
    score: str


@dataclass(frozen=True)
class DomainLine:
    prefix: str
    title: str
    rated: Rated
    gaps: int
    in_scope: int
    out_of_scope: int
    not_applicable: int
    answers: list[AnswerLine]
    gap_lines: list[AnswerLine]
    strengths: list[AnswerLine]
    subtotal: Subtotal | None = None
    """None when nothing in the domain is scored."""


@dataclass(frozen=True)
class RoadmapColumn:
    """One column of the roadmap: its name, what goes in it, and those gaps."""

    name: str
    takes: str
    gaps: list[GapLine]


@dataclass(frozen=True)
class SignOffLine:
    reviewer: str
    decision: str
    on: str
    comment: str


def gap_anchor(control_id: str) -> str:
    return f"gap-{control_id}"


def answer_anchor(control_id: str) -> str:
    return f"answer-{control_id}"


def control_title(pack: Pack, control_id: str) -> str:
    """The control's title, or its id when the pack has no such control."""
    control = pack.control(control_id)
    return control.title if control else control_id


class LineBuilder:
    """Builds the lines of one evaluated assessment, each control linked to the place that
    explains it: its gap card when it is a gap, else its appendix row when in scope."""

    def __init__(self, evaluation: Evaluation) -> None:
        self._evaluation = evaluation
        self._outcomes = {outcome.id: outcome for outcome in evaluation.result.controls}
        self._gap_ids = {item.control_id for item in evaluation.plan.items}

    def href(self, control_id: str) -> str:
        if control_id in self._gap_ids:
            return "#" + gap_anchor(control_id)
        if self._outcomes.get(control_id) and self._outcomes[control_id].scope == "in_scope":
            return "#" + answer_anchor(control_id)
        return ""

    def ref(self, control_id: str) -> ControlRef:
        return ControlRef(
            control_id, control_title(self._evaluation.pack, control_id), self.href(control_id)
        )

    def answer(self, control: Control) -> AnswerLine:
        evaluation = self._evaluation
        return _answer_line(
            control,
            evaluation.assessment.answers.get(control.id),
            self._outcomes[control.id],
            evaluation.result,
            self.href(control.id),
            evaluation.accountability.changes.get(control.id, 0),
        )

    def rated(self, card: Scorecard) -> Rated:
        capping = [self.ref(c) for c in card.capped_by]
        return Rated(
            points(card.score),
            rating_words(card.rating),
            card.rating.value if card.rating else "none",
            [f"{c.id} {c.title}" for c in capping],
            capped=card.rating != card.score_rating,
            capping=capping,
        )

    def domains(self) -> list[DomainLine]:
        """Every domain's scorecard with its answers, gaps and strengths, in pack order."""
        result, outcomes = self._evaluation.result, self._outcomes
        planned_items = self._evaluation.plan.items
        domains = []
        for scored, domain in zip(result.domains, self._evaluation.pack.domains, strict=True):
            in_scope = [c for c in domain.controls if outcomes[c.id].scope == "in_scope"]
            lines = [self.answer(control) for control in in_scope]
            domains.append(
                DomainLine(
                    prefix=scored.prefix,
                    title=scored.title,
                    rated=self.rated(scored),
                    gaps=sum(item.domain == scored.prefix for item in planned_items),
                    in_scope=scored.in_scope,
                    out_of_scope=scored.out_of_scope,
                    not_applicable=scored.not_applicable,
                    answers=lines,
                    gap_lines=[line for line in lines if line.id in self._gap_ids],
                    strengths=[
                        line
                        for control, line in zip(in_scope, lines, strict=True)
                        if outcomes[control.id].answer in MET
                    ],
                    subtotal=_subtotal([outcomes[c.id] for c in in_scope]),
                )
            )
        return domains

    def gaps(self) -> list[GapLine]:
        """The gap register: every gap of the plan, highest priority first."""
        pack, result = self._evaluation.pack, self._evaluation.result
        return [
            _gap_line(pack, control, self.answer(control), item, self._outcomes[control.id], result)
            for item in self._evaluation.plan.items
            for control in [pack.control(item.control_id)]
            if control is not None
        ]


def _answer_line(
    control: Control,
    given: ControlAnswer | None,
    outcome: ControlOutcome,
    result: Result,
    href: str,
    changes: int,
) -> AnswerLine:
    as_of = result.assessed_on
    credit = outcome.credit
    return AnswerLine(
        id=control.id,
        title=control.title,
        question=control.question,
        severity=control.severity.value,
        answer=ANSWER_LABEL[given.answer] if given else NOT_ANSWERED,
        note=given.note if given else "",
        evidence=[
            EvidenceLine(
                description=item.description,
                link_or_path=item.link_or_path,
                valid_until=date_words(item.valid_until),
                expired=bool(item.valid_until and as_of and item.valid_until < as_of),
                href=item.link_or_path
                if item.link_or_path.startswith(("https://", "http://"))
                else "",
            )
            for item in (given.evidence if given else [])
        ],
        evidence_state=outcome.evidence or "",
        answered_by=given.answered_by if given else "",
        answered_on=date_words(given.answered_on) if given else "",
        target_date=date_words(given.target_date) if given else "",
        weight=str(outcome.weight),
        credit="" if credit is None else f"{credit:g}",
        weighted="" if credit is None else f"{outcome.weight * credit:g}",
        href=href,
        anchor=answer_anchor(control.id),
        changes=changes,
    )


def _gap_line(
    pack: Pack,
    control: Control,
    line: AnswerLine,
    item: PlannedItem,
    outcome: ControlOutcome,
    result: Result,
) -> GapLine:
    citations = []
    for reference in control.references:
        framework = pack.framework(reference.framework)
        section = framework.section(reference.ref) if framework else None
        if framework and section:
            citations.append(
                Citation(framework.title, section.ref, section.title, framework.url, framework.id)
            )
    domain = pack.domain(control.prefix)
    credit = outcome.credit or 0.0
    return GapLine(
        line=line,
        domain=domain.title if domain else control.prefix,
        priority=f"{item.priority:.1f}",
        why=control.why,
        remediation=control.remediation,
        effort=control.effort.value if control.effort else "",
        citations=citations,
        priority_working=priority_working(item.priority, outcome.weight, credit, result.exposure),
        card=item.severity in CARD_SEVERITIES,
        anchor=gap_anchor(control.id),
        horizon=HORIZON_LABEL[item.horizon][0],
        owner=item.action.owner if item.action else "",
        due=date_words(item.action.due if item.action and item.action.due else item.target_date),
        status=item.action.status.value.replace("-", " ") if item.action else "",
        accepted=_accepted(item),
        justification=item.acceptance.justification if item.acceptance else "",
    )


def _accepted(item: PlannedItem) -> str:
    """The gap's risk acceptance in words; an expired one says so (it no longer holds)."""
    if item.acceptance is None:
        return ""
    given = (
        f"accepted by {item.acceptance.approved_by} until {date_words(item.acceptance.expires_on)}"
    )
    return f"{given} (expired)" if item.acceptance_expired else given


def _subtotal(outcomes: list[ControlOutcome]) -> Subtotal | None:
    """Σ weight × credit and Σ weight over the scored controls, as the score is computed."""
    scored = [o for o in outcomes if o.scope == "in_scope"]
    weights = sum(o.weight for o in scored)
    if not weights:
        return None
    weighted = sum(o.weight * (o.credit or 0.0) for o in scored)
    return Subtotal(f"{weighted:g}", f"{weights:g}", points(100 * weighted / weights))
