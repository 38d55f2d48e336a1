"""The report's view model: everything a template prints, computed in Python.

Templates only lay out what is here; any choice about content (what counts as
a gap, which controls capped a rating, how the methodology reads) is made once
in this module, for every template and format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from toolkit import __version__
from toolkit.assessment import Answer, Assessment, ControlAnswer
from toolkit.checklist import Control, Pack
from toolkit.conditions import Context
from toolkit.report.charts import Bar, bar_chart, data_uri
from toolkit.scoring import (
    AMBER_CAP,
    CREDIT,
    EXPOSURE_BASE,
    EXPOSURE_MAX,
    GREEN_FROM,
    RED_BELOW,
    RED_CAP,
    UNANSWERED_CREDIT,
    WEIGHT,
    Rating,
    Result,
    Scorecard,
)

ANSWER_LABEL = {
    Answer.YES: "Yes",
    Answer.ALTERNATIVE: "Alternative measure",
    Answer.PARTIAL: "Partial",
    Answer.PLANNED: "Planned",
    Answer.NO: "No",
    Answer.UNKNOWN: "Unknown",
    Answer.NA: "Not applicable",
}
NOT_ANSWERED = "Not answered"


@dataclass(frozen=True)
class Rated:
    """A score and rating ready to print (rating always in words)."""

    score: str
    rating: str
    rating_class: str
    capped_by: list[str]


@dataclass(frozen=True)
class Citation:
    framework: str
    ref: str
    section: str
    url: str


@dataclass(frozen=True)
class EvidenceLine:
    description: str
    link_or_path: str
    valid_until: str
    expired: bool


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


@dataclass(frozen=True)
class GapLine:
    line: AnswerLine
    domain: str
    priority: str
    why: str
    remediation: list[str]
    effort: str
    citations: list[Citation]


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


@dataclass(frozen=True)
class ScopeLine:
    id: str
    title: str
    reason: str


@dataclass(frozen=True)
class ReportView:
    """The whole report, as text and numbers ready for a template."""

    title: str
    authors: list[str]
    product: str
    product_version: str
    organisation: str
    assessors: str
    reviewer: str
    assessed_on: str
    pack: str
    pack_hash: str
    tool_version: str
    complete: bool
    incomplete_reasons: list[str]
    overall: Rated
    domains: list[DomainLine]
    chart: str
    chart_alt: str
    gaps: list[GapLine]
    top_actions: list[GapLine]
    critical_gaps: int
    high_gaps: int
    unknown_answers: int
    unanswered: int
    evidence_coverage: str
    profile: list[tuple[str, str]]
    out_of_scope: list[ScopeLine]
    not_applicable: list[ScopeLine]
    methodology: dict[str, object] = field(default_factory=dict)


def build_view(pack: Pack, assessment: Assessment, result: Result) -> ReportView:
    """Assemble every section of the report from the pack, the answers and the Result."""
    metadata = assessment.metadata
    product = metadata.product or "Unnamed product"
    outcomes = {outcome.id: outcome for outcome in result.controls}

    def answer_line(control: Control) -> AnswerLine:
        given = assessment.answers.get(control.id)
        state = outcomes[control.id].evidence
        return _answer_line(control, given, state or "", result)

    domains = [
        DomainLine(
            prefix=scored.prefix,
            title=scored.title,
            rated=_rated(scored),
            gaps=sum(gap.domain == scored.prefix for gap in result.gaps),
            in_scope=scored.in_scope,
            out_of_scope=scored.out_of_scope,
            not_applicable=scored.not_applicable,
            answers=[
                answer_line(control)
                for control in domain.controls
                if outcomes[control.id].scope == "in_scope"
            ],
        )
        for scored, domain in zip(result.domains, pack.domains, strict=True)
    ]
    gaps = [
        _gap_line(pack, control, answer_line(control), gap.priority)
        for gap in result.gaps
        for control in [pack.control(gap.control_id)]
        if control is not None
    ]
    context = Context(pack.profile, pack.conditions, assessment.profile)
    bars = [Bar(d.prefix, d.score, d.rating) for d in result.domains]
    return ReportView(
        title=f"Children's rights by design gap report: {product}",
        authors=metadata.assessors or ([metadata.organisation] if metadata.organisation else []),
        product=product,
        product_version=metadata.product_version,
        organisation=metadata.organisation,
        assessors=", ".join(metadata.assessors),
        reviewer=metadata.reviewer,
        assessed_on=_date(result.assessed_on),
        pack=f"{pack.title} ({pack.id} {pack.version})",
        pack_hash=pack.content_hash,
        tool_version=__version__,
        complete=result.complete,
        incomplete_reasons=_incomplete(result),
        overall=_rated(result.overall),
        domains=domains,
        chart=data_uri(bar_chart(bars)),
        chart_alt="Bar chart of the score of each domain from 0 to 100; "
        + "; ".join(f"{d.prefix} {_score(d)} {_rating(d)}" for d in result.domains),
        gaps=gaps,
        top_actions=gaps[:5],
        critical_gaps=sum(gap.severity.value == "critical" for gap in result.gaps),
        high_gaps=sum(gap.severity.value == "high" for gap in result.gaps),
        unknown_answers=sum(gap.answer == Answer.UNKNOWN for gap in result.gaps),
        unanswered=len(result.unanswered),
        evidence_coverage="no yes answers"
        if result.evidence_coverage is None
        else f"{result.evidence_coverage:.0%}",
        profile=[
            (
                question.text,
                ", ".join(
                    context.label(question.id, value)
                    for value in _values(assessment.profile.get(question.id))
                )
                or ("none" if question.id in assessment.profile else NOT_ANSWERED),
            )
            for question in pack.profile
        ],
        out_of_scope=[
            ScopeLine(o.id, _title(pack, o.id), o.scope_reason)
            for o in result.controls
            if o.scope == "out_of_scope"
        ],
        not_applicable=[
            ScopeLine(o.id, _title(pack, o.id), o.scope_reason)
            for o in result.controls
            if o.scope == "not_applicable"
        ],
        methodology=_methodology(pack, result),
    )


def _answer_line(
    control: Control, given: ControlAnswer | None, state: str, result: Result
) -> AnswerLine:
    as_of = result.assessed_on
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
                valid_until=_date(item.valid_until),
                expired=bool(item.valid_until and as_of and item.valid_until < as_of),
            )
            for item in (given.evidence if given else [])
        ],
        evidence_state=state,
        answered_by=given.answered_by if given else "",
        answered_on=_date(given.answered_on) if given else "",
        target_date=_date(given.target_date) if given else "",
    )


def _gap_line(pack: Pack, control: Control, line: AnswerLine, priority: float) -> GapLine:
    citations = []
    for reference in control.references:
        framework = pack.framework(reference.framework)
        section = framework.section(reference.ref) if framework else None
        if framework and section:
            citations.append(Citation(framework.title, section.ref, section.title, framework.url))
    domain = pack.domain(control.prefix)
    return GapLine(
        line=line,
        domain=domain.title if domain else control.prefix,
        priority=f"{priority:.1f}",
        why=control.why,
        remediation=control.remediation,
        effort=control.effort.value if control.effort else "",
        citations=citations,
    )


def _rated(card: Scorecard) -> Rated:
    return Rated(
        _score(card), _rating(card), card.rating.value if card.rating else "none", card.capped_by
    )


def _score(card: Scorecard) -> str:
    return "not scored" if card.score is None else f"{card.score:.0f}"


def _rating(card: Scorecard) -> str:
    return "Not rated" if card.rating is None else card.rating.value.capitalize()


def _incomplete(result: Result) -> list[str]:
    reasons = []
    if result.unanswered:
        reasons.append(f"{len(result.unanswered)} in-scope controls are not answered")
    if result.profile_unanswered:
        reasons.append(f"{len(result.profile_unanswered)} profile questions are not answered")
    return reasons


def _title(pack: Pack, control_id: str) -> str:
    control = pack.control(control_id)
    return control.title if control else control_id


def _values(value: str | list[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else value


def _date(value: date | None) -> str:
    return value.isoformat() if value is not None else ""


def _methodology(pack: Pack, result: Result) -> dict[str, object]:
    """The scoring model in words and numbers, from the constants the code uses."""
    return {
        "credits": [(ANSWER_LABEL[answer], f"{credit:g}") for answer, credit in CREDIT.items()]
        + [(NOT_ANSWERED, f"{UNANSWERED_CREDIT:g}"), (ANSWER_LABEL[Answer.NA], "excluded")],
        "weights": [(severity.value, weight) for severity, weight in WEIGHT.items()],
        "red_below": f"{RED_BELOW:g}",
        "green_from": f"{GREEN_FROM:g}",
        "red_cap": ", ".join(ANSWER_LABEL[a] if a else NOT_ANSWERED for a in RED_CAP).lower(),
        "amber_cap": ", ".join(ANSWER_LABEL[a] if a else NOT_ANSWERED for a in AMBER_CAP).lower(),
        "exposure_base": f"{EXPOSURE_BASE:g}",
        "exposure_max": f"{EXPOSURE_MAX:g}",
        "factors": [(factor.label, f"+{factor.add:g}") for factor in pack.exposure],
        "exposure": f"{result.exposure:g}",
        "exposure_factors": result.exposure_factors,
        "ratings": [rating.value.capitalize() for rating in Rating],
    }
