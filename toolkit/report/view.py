"""The report's view model: everything a template prints, computed in Python.

Templates only lay out what is here; any choice about content (what counts as
a gap, which controls capped a rating, how the methodology reads) is made once
in this module, for every template and format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from toolkit import __version__
from toolkit.engine.conditions import Context
from toolkit.engine.evaluate import Evaluation
from toolkit.engine.scoring import (
    AMBER_CAP,
    CREDIT,
    EXPOSURE_BASE,
    EXPOSURE_MAX,
    GREEN_FROM,
    RED_BELOW,
    RED_CAP,
    UNANSWERED_CREDIT,
    WEIGHT,
)
from toolkit.model.assessment import Answer, ControlAnswer, SignOff
from toolkit.model.hashing import assessment_sha256
from toolkit.model.pack import Control, Framework, Pack
from toolkit.model.plan import Horizon
from toolkit.model.result import FrameworkCoverage, Rating, Result, Scorecard
from toolkit.report.charts import Bar, Tile, bar_chart, data_uri, tile_chart
from toolkit.report.labels import (
    ANSWER_LABEL,
    DECISION_LABEL,
    HORIZON_LABEL,
    JURISDICTION_LABEL,
    NOT_ANSWERED,
    rating_words,
    score_words,
)
from toolkit.report.risk_view import RiskView, build_risk_view

MET = (Answer.YES, Answer.ALTERNATIVE)

SECTIONS: list[tuple[str, str]] = [
    ("summary", "Executive summary"),
    ("domains", "Domain scorecards"),
    ("gaps", "Gap register"),
    ("roadmap", "Roadmap"),
    ("frameworks", "Framework coverage"),
    ("scope", "Scope"),
    ("triggers", "Review triggers"),
    ("methodology", "Methodology"),
    ("appendix", "Appendix: every answer"),
    ("signoff", "Sign-off and integrity"),
]
"""Anchor and title of every section, in order: one list for the contents, the
bookmarks and every format, so no format can miss or rename a section."""


@dataclass(frozen=True)
class Rated:
    """A score and rating ready to print (rating always in words)."""

    score: str
    rating: str
    rating_class: str
    capped_by: list[str]
    """Each capping control as "ID Title"."""


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
    gap_lines: list[AnswerLine]
    strengths: list[AnswerLine]


@dataclass(frozen=True)
class ScopeLine:
    id: str
    title: str
    reason: str


@dataclass(frozen=True)
class RoadmapColumn:
    """One column of the roadmap: its name, what goes in it, and those gaps."""

    name: str
    takes: str
    gaps: list[GapLine]


@dataclass(frozen=True)
class SectionGap:
    """A framework section not fully met, and the in-scope controls that fall short."""

    ref: str
    title: str
    controls: list[str]


@dataclass(frozen=True)
class FrameworkLine:
    """A framework's coverage on this product, ready to print."""

    title: str
    publisher: str
    jurisdiction: str
    relevance: str
    mapped: int
    in_scope: int
    met: int
    coverage: str
    sections_not_met: list[SectionGap]


@dataclass(frozen=True)
class SignOffLine:
    reviewer: str
    decision: str
    on: str
    comment: str


@dataclass(frozen=True)
class ReportView:
    """The whole report, as text and numbers ready for a template."""

    title: str
    authors: list[str]
    subject: str
    keywords: list[str]
    product: str
    product_version: str
    organisation: str
    assessors: str
    reviewer: str
    assessed_on: str
    signoff_state: str
    signoffs: list[SignOffLine]
    pack: str
    pack_id: str
    pack_version: str
    pack_hash: str
    assessment_hash: str
    tool_version: str
    complete: bool
    incomplete_reasons: list[str]
    overall: Rated
    domains: list[DomainLine]
    chart: str
    chart_alt: str
    overview: str
    overview_alt: str
    gaps: list[GapLine]
    roadmap: list[RoadmapColumn]
    planned: list[GapLine]
    frameworks: list[FrameworkLine]
    top_actions: list[GapLine]
    critical_gaps: int
    high_gaps: int
    unknown_answers: int
    unanswered: int
    evidence_coverage: str
    profile: list[tuple[str, str]]
    out_of_scope: list[ScopeLine]
    not_applicable: list[ScopeLine]
    alternatives: list[ScopeLine]
    review_triggers: list[str]
    methodology: dict[str, object] = field(default_factory=dict)
    risk: RiskView | None = None
    sections: list[tuple[str, str]] = field(default_factory=lambda: list(SECTIONS))


def cover_rows(view: ReportView) -> list[list[str]]:
    """The cover's facts as label/value rows, for the formats without the HTML cover."""
    return [
        ["Product", f"{view.product} {view.product_version}".strip()],
        ["Organisation", view.organisation or "—"],
        ["Assessors", view.assessors or "—"],
        ["Reviewer", view.reviewer or "not yet reviewed"],
        ["Sign-off", view.signoff_state],
        ["Assessment date", view.assessed_on or "—"],
        ["Checklist", view.pack],
        ["Overall", f"{view.overall.rating}, {view.overall.score}"],
    ]


DOMAIN_COLUMNS = ["Domain", "Score", "Rating", "Capped by", "Gaps", "Strengths"]


def domain_rows(view: ReportView) -> list[list[str]]:
    """The scorecards as table rows, for the formats that lay out tables themselves."""
    return [
        [
            f"{d.prefix} {d.title}",
            d.rated.score,
            d.rated.rating,
            "; ".join(d.rated.capped_by),
            ", ".join(line.id for line in d.gap_lines),
            ", ".join(line.id for line in d.strengths),
        ]
        for d in view.domains
    ]


ROADMAP_COLUMNS = ["Control", "Severity", "Answer", "Effort", "Target date"]


def roadmap_rows(horizon: RoadmapColumn) -> list[list[str]]:
    """One roadmap horizon as table rows."""
    return [
        [
            f"{g.line.id} {g.line.title}",
            g.line.severity,
            g.line.answer,
            g.effort or "—",
            g.line.target_date or "—",
        ]
        for g in horizon.gaps
    ]


def build_view(evaluation: Evaluation) -> ReportView:
    """Assemble every section of the report from one evaluated assessment."""
    pack, assessment, result = evaluation.pack, evaluation.assessment, evaluation.result
    metadata = assessment.metadata
    product = metadata.product or "Unnamed product"
    outcomes = {outcome.id: outcome for outcome in result.controls}

    def answer_line(control: Control) -> AnswerLine:
        given = assessment.answers.get(control.id)
        state = outcomes[control.id].evidence
        return _answer_line(control, given, state or "", result)

    def rated(card: Scorecard) -> Rated:
        return _rated(card, [f"{c} {_title(pack, c)}" for c in card.capped_by])

    gap_ids = {gap.control_id for gap in result.gaps}
    planned_ids = {gap.control_id for gap in result.gaps if gap.answer == Answer.PLANNED}
    domains = []
    for scored, domain in zip(result.domains, pack.domains, strict=True):
        in_scope = [c for c in domain.controls if outcomes[c.id].scope == "in_scope"]
        lines = [answer_line(control) for control in in_scope]
        domains.append(
            DomainLine(
                prefix=scored.prefix,
                title=scored.title,
                rated=rated(scored),
                gaps=sum(gap.domain == scored.prefix for gap in result.gaps),
                in_scope=scored.in_scope,
                out_of_scope=scored.out_of_scope,
                not_applicable=scored.not_applicable,
                answers=lines,
                gap_lines=[line for line in lines if line.id in gap_ids],
                strengths=[
                    line
                    for control, line in zip(in_scope, lines, strict=True)
                    if outcomes[control.id].answer in MET
                ],
            )
        )
    gaps = [
        _gap_line(pack, control, answer_line(control), gap.priority)
        for gap in result.gaps
        for control in [pack.control(gap.control_id)]
        if control is not None
    ]
    by_id = {gap.line.id: gap for gap in gaps}
    context = Context(pack.profile, pack.conditions, assessment.profile)
    bars = [Bar(d.prefix, d.score, d.rating) for d in result.domains]
    domain_words = "; ".join(f"{d.prefix} {_score(d)} {_rating(d)}" for d in result.domains)
    return ReportView(
        title=f"Children's rights by design gap report: {product}",
        authors=metadata.assessors or ([metadata.organisation] if metadata.organisation else []),
        subject=f"Self-assessment of {product} against {pack.title} {pack.version}",
        keywords=["children's rights by design", "child safety", "gap report", pack.id],
        product=product,
        product_version=metadata.product_version,
        organisation=metadata.organisation,
        assessors=", ".join(metadata.assessors),
        reviewer=metadata.reviewer,
        assessed_on=_date(result.assessed_on),
        signoff_state=_signoff_state(assessment.signoffs),
        signoffs=[
            SignOffLine(s.reviewer, DECISION_LABEL[s.decision], _date(s.on), s.comment)
            for s in assessment.signoffs
        ],
        pack=f"{pack.title} ({pack.id} {pack.version})",
        pack_id=pack.id,
        pack_version=pack.version,
        pack_hash=pack.content_hash,
        assessment_hash=assessment_sha256(assessment),
        tool_version=__version__,
        complete=result.complete,
        incomplete_reasons=_incomplete(result),
        overall=rated(result.overall),
        domains=domains,
        chart=data_uri(bar_chart(bars)),
        chart_alt="Bar chart of the score of each domain from 0 to 100; " + domain_words,
        overview=data_uri(
            tile_chart([Tile(d.prefix, _score(d), d.rating) for d in result.domains])
        ),
        overview_alt="Overview of the domains, one tile each, coloured and labelled by rating; "
        + domain_words,
        gaps=gaps,
        roadmap=[
            RoadmapColumn(
                *HORIZON_LABEL[horizon],
                [by_id[item.control_id] for item in evaluation.plan.on(horizon)],
            )
            for horizon in Horizon
        ],
        planned=[g for g in gaps if g.line.id in planned_ids],
        frameworks=[_framework_line(pack, covered) for covered in result.frameworks],
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
        alternatives=[
            ScopeLine(o.id, _title(pack, o.id), assessment.answers[o.id].note)
            for o in result.controls
            if o.scope == "in_scope" and o.answer == Answer.ALTERNATIVE
        ],
        review_triggers=pack.review_triggers,
        methodology=_methodology(pack, result),
        risk=build_risk_view(evaluation),
    )


def _signoff_state(signoffs: list[SignOff]) -> str:
    """The latest decision in words, or that nobody has signed off yet."""
    if not signoffs:
        return "Not signed off"
    latest = signoffs[-1]
    return f"{DECISION_LABEL[latest.decision]} by {latest.reviewer} on {_date(latest.on)}"


def _framework_line(pack: Pack, covered: FrameworkCoverage) -> FrameworkLine:
    framework = pack.framework(covered.id)
    relevance = {
        True: "offered where it applies",
        False: "not offered where it applies",
        None: "unknown (where the product is offered is not answered)",
    }[covered.relevant]
    return FrameworkLine(
        title=framework.title if framework else covered.id,
        publisher=framework.publisher if framework else "",
        jurisdiction=JURISDICTION_LABEL.get(covered.jurisdiction, covered.jurisdiction),
        relevance=relevance,
        mapped=covered.mapped,
        in_scope=covered.in_scope,
        met=covered.met,
        coverage="nothing in scope" if covered.coverage is None else f"{covered.coverage:.0%}",
        sections_not_met=[
            SectionGap(
                ref=section.ref,
                title=_section_title(framework, section.ref),
                controls=[c for c in section.in_scope if c not in section.met],
            )
            for section in covered.sections_not_met
        ],
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


def _section_title(framework: Framework | None, ref: str) -> str:
    section = framework.section(ref) if framework else None
    return section.title if section else ""


def _rated(card: Scorecard, capped_by: list[str]) -> Rated:
    return Rated(
        _score(card), _rating(card), card.rating.value if card.rating else "none", capped_by
    )


def _score(card: Scorecard) -> str:
    return score_words(card.score)


def _rating(card: Scorecard) -> str:
    return rating_words(card.rating)


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
