"""The report's view model: everything a template prints, computed in Python.

Templates only lay out what is here; any choice about content (what counts as
a gap, which controls capped a rating, how the methodology reads) is made once
in this module, for every template and format.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date

from toolkit import __version__
from toolkit.engine.conditions import Context, reasons
from toolkit.engine.evaluate import Evaluation
from toolkit.engine.scoring import (
    AMBER_CAP,
    CREDIT,
    EXPOSURE_BASE,
    EXPOSURE_MAX,
    GAP_ORDER,
    GREEN_FROM,
    RED_BELOW,
    RED_CAP,
    UNANSWERED_CREDIT,
    WEIGHT,
)
from toolkit.model.accountability import Accountability, Binding
from toolkit.model.assessment import Answer, ControlAnswer, SignOff
from toolkit.model.hashing import assessment_sha256
from toolkit.model.pack import JURISDICTIONS, Control, Framework, Pack, Severity
from toolkit.model.plan import Horizon, PlannedItem
from toolkit.model.result import ControlOutcome, FrameworkCoverage, Rating, Result, Scorecard
from toolkit.report.charts import Bar, bar_chart, data_uri
from toolkit.report.labels import (
    ANSWER_LABEL,
    DECISION_LABEL,
    HORIZON_LABEL,
    JURISDICTION_LABEL,
    NOT_ANSWERED,
    rating_words,
)
from toolkit.report.risk_view import RiskView, build_risk_view
from toolkit.report.summary import (
    Assurance,
    ControlRef,
    join_words,
    points,
    verdict,
)

MET = (Answer.YES, Answer.ALTERNATIVE)
CARD_SEVERITIES = (Severity.CRITICAL, Severity.HIGH)
"""Gaps of these severities get a full card; the others a compact row with the same facts."""

SECTIONS: list[tuple[str, str]] = [
    ("summary", "Summary"),
    ("domains", "Scores by domain"),
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
bookmarks and every format, so no format can miss or rename a section. A
section added later (such as a children's risk assessment record after the
roadmap) takes its place here and in the template, with nothing else to move."""


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
class ScopeLine:
    id: str
    title: str
    reason: str


@dataclass(frozen=True)
class ScopeGroup:
    """Controls left out of scope by the same profile answers, with the reason as a sentence."""

    because: str
    controls: list[ScopeLine]


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
    links: list[ControlRef] = field(default_factory=list)


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
    code: str = ""
    url: str = ""


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
    draft: bool = True
    verdict: str = ""
    """The rating and why, in one sentence naming every control that caps it."""
    scope_line: str = ""
    """What the product is and how much of the checklist applies, in one line."""
    key_figures: list[tuple[str, str]] = field(default_factory=list)
    assurance: Assurance = field(default_factory=lambda: Assurance([], [], [], []))
    running_header: str = ""
    gap_cards: list[GapLine] = field(default_factory=list)
    gap_rows: list[GapLine] = field(default_factory=list)
    scope_groups: list[ScopeGroup] = field(default_factory=list)
    methodology: dict[str, object] = field(default_factory=dict)
    risk: RiskView | None = None
    sections: list[tuple[str, str]] = field(default_factory=lambda: list(SECTIONS))

    @property
    def overview(self) -> str:
        """Deprecated: the tile overview was merged into `chart`; kept for one release."""
        return self.chart

    @property
    def overview_alt(self) -> str:
        """Deprecated alongside `overview`."""
        return self.chart_alt


def gap_anchor(control_id: str) -> str:
    return f"gap-{control_id}"


def answer_anchor(control_id: str) -> str:
    return f"answer-{control_id}"


def build_view(evaluation: Evaluation) -> ReportView:
    """Assemble every section of the report from one evaluated assessment."""
    pack, assessment, result = evaluation.pack, evaluation.assessment, evaluation.result
    metadata = assessment.metadata
    product = metadata.product or "Unnamed product"
    outcomes = {outcome.id: outcome for outcome in result.controls}
    planned_items = evaluation.plan.items
    gap_ids = {item.control_id for item in planned_items}

    def href(control_id: str) -> str:
        if control_id in gap_ids:
            return "#" + gap_anchor(control_id)
        if outcomes.get(control_id) and outcomes[control_id].scope == "in_scope":
            return "#" + answer_anchor(control_id)
        return ""

    def ref(control_id: str) -> ControlRef:
        return ControlRef(control_id, _title(pack, control_id), href(control_id))

    def answer_line(control: Control) -> AnswerLine:
        given = assessment.answers.get(control.id)
        line = _answer_line(control, given, outcomes[control.id], result, href(control.id))
        return replace(line, changes=evaluation.accountability.changes.get(control.id, 0))

    def rated(card: Scorecard) -> Rated:
        return _rated(card, [ref(c) for c in card.capped_by])

    domains = []
    for scored, domain in zip(result.domains, pack.domains, strict=True):
        in_scope = [c for c in domain.controls if outcomes[c.id].scope == "in_scope"]
        lines = [answer_line(control) for control in in_scope]
        domains.append(
            DomainLine(
                prefix=scored.prefix,
                title=scored.title,
                rated=rated(scored),
                gaps=sum(item.domain == scored.prefix for item in planned_items),
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
                subtotal=_subtotal([outcomes[c.id] for c in in_scope]),
            )
        )
    gaps = [
        _gap_line(pack, control, answer_line(control), item, outcomes[control.id], result)
        for item in planned_items
        for control in [pack.control(item.control_id)]
        if control is not None
    ]
    by_id = {gap.line.id: gap for gap in gaps}
    risk = build_risk_view(evaluation)
    context = Context(pack.profile, pack.conditions, assessment.profile)
    bars = [
        Bar(d.prefix, d.score, d.rating, capped=d.rating != d.score_rating) for d in result.domains
    ]
    domain_words = "; ".join(f"{d.prefix} {_score(d)} {_rating(d)}" for d in result.domains)
    profile = [
        (
            question.text,
            ", ".join(
                context.label(question.id, value)
                for value in _values(assessment.profile.get(question.id))
            )
            or ("none" if question.id in assessment.profile else NOT_ANSWERED),
        )
        for question in pack.profile
    ]
    in_scope_outcomes = [o for o in result.controls if o.scope == "in_scope"]
    out_of_scope = [
        ScopeLine(o.id, _title(pack, o.id), o.scope_reason)
        for o in result.controls
        if o.scope == "out_of_scope"
    ]
    assurance = Assurance(
        unknown=[ref(o.id) for o in in_scope_outcomes if o.answer == Answer.UNKNOWN],
        claimed=[
            ref(o.id) for o in in_scope_outcomes if o.answer in MET and o.evidence == "claimed"
        ],
        expired=[ref(c) for c in result.needs_reverification],
        unanswered=[ref(c) for c in result.unanswered],
    )
    by_severity = {
        severity: sum(item.severity is severity for item in planned_items) for severity in Severity
    }
    version = f" {metadata.product_version}" if metadata.product_version else ""
    assessed_on = _date(result.assessed_on)
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
        assessed_on=assessed_on,
        signoff_state=_signoff_state(assessment.signoffs, evaluation.accountability),
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
        chart_alt="Bar chart of the score of each domain from 0 to 100, each bar labelled "
        "with its rating; " + domain_words,
        gaps=gaps,
        roadmap=[
            RoadmapColumn(
                *HORIZON_LABEL[horizon],
                [by_id[item.control_id] for item in evaluation.plan.on(horizon)],
            )
            for horizon in Horizon
        ],
        planned=[by_id[item.control_id] for item in planned_items if item.answer is Answer.PLANNED],
        frameworks=[_framework_line(pack, covered, ref) for covered in result.frameworks],
        top_actions=gaps[:5],
        critical_gaps=by_severity[Severity.CRITICAL],
        high_gaps=by_severity[Severity.HIGH],
        unknown_answers=len(assurance.unknown),
        unanswered=len(result.unanswered),
        evidence_coverage="no yes answers"
        if result.evidence_coverage is None
        else f"{result.evidence_coverage:.0%}",
        profile=profile,
        out_of_scope=out_of_scope,
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
        draft=evaluation.accountability.signoff.is_draft,
        verdict=verdict(result),
        scope_line=_scope_line(pack, result, profile),
        key_figures=[
            (f"of {len(result.controls)} controls in scope", str(len(in_scope_outcomes))),
            *((f"{severity.value} gaps", str(count)) for severity, count in by_severity.items()),
            ("unknown", str(len(assurance.unknown))),
            ("claimed, no evidence", str(len(assurance.claimed))),
            ("expired evidence", str(len(assurance.expired))),
            ("gaps without an owner", str(len(evaluation.accountability.unowned_gaps))),
        ]
        + ([("not answered", str(len(result.unanswered)))] if result.unanswered else [])
        + _accountability_figures(evaluation.accountability),
        assurance=assurance,
        running_header=" · ".join(
            part
            for part in (f"{product}{version}", f"assessed {assessed_on}" if assessed_on else "")
            if part
        ),
        gap_cards=[g for g in gaps if g.card],
        gap_rows=[g for g in gaps if not g.card],
        scope_groups=_scope_groups(pack, context, result),
        methodology=_methodology(pack, result),
        risk=risk,
        sections=_sections(risk),
    )


def _sections(risk: RiskView | None) -> list[tuple[str, str]]:
    """The report's sections in order: the risk record, where the pack has harms, follows
    the roadmap."""
    if risk is None:
        return list(SECTIONS)
    at = [anchor for anchor, _ in SECTIONS].index("roadmap") + 1
    return [*SECTIONS[:at], (risk.anchor, risk.title), *SECTIONS[at:]]


def _scope_line(pack: Pack, result: Result, profile: list[tuple[str, str]]) -> str:
    """The product's audience, where it is offered and how much of the checklist applies."""
    answers = dict(zip((q.id for q in pack.profile), (a for _, a in profile), strict=True))
    in_scope = sum(o.scope == "in_scope" for o in result.controls)
    parts = [f"{in_scope} of {len(result.controls)} controls in scope"]
    if "audience" in answers:
        parts.append(f"audience: {answers['audience'].lower()}")
    if JURISDICTIONS in answers:
        parts.append(f"offered in: {answers[JURISDICTIONS]}")
    return "; ".join(parts)


def _scope_groups(pack: Pack, context: Context, result: Result) -> list[ScopeGroup]:
    """Out-of-scope controls grouped by the profile answers that exclude them."""
    questions = [q.text for q in pack.profile]
    groups: dict[str, list[ScopeLine]] = {}
    for outcome in result.controls:
        control = pack.control(outcome.id)
        if outcome.scope != "out_of_scope" or control is None or control.applies_when is None:
            continue
        facts = [_fact(fact, questions) for fact in reasons(control.applies_when, context, False)]
        because = (
            "Not asked because " + join_words(facts) if facts else "Not asked for this profile"
        )
        groups.setdefault(because, []).append(ScopeLine(control.id, control.title, because))
    return [ScopeGroup(because, lines) for because, lines in groups.items()]


def _fact(fact: str, questions: list[str]) -> str:
    """A profile fact as a clause: the answer to "Who is the product for?" is Adults only."""
    for text in questions:
        if fact.startswith(text + " "):
            return f"the answer to “{text}” is {fact[len(text) + 1 :]}"
    return fact


def _signoff_state(signoffs: list[SignOff], owned: Accountability) -> str:
    """The latest decision in words, or that nobody has signed off yet; says so when the
    answers changed after it."""
    if not signoffs:
        return "Not signed off"
    latest = signoffs[-1]
    said = f"{DECISION_LABEL[latest.decision]} by {latest.reviewer} on {_date(latest.on)}"
    if owned.signoff.binding is Binding.CHANGED:
        return f"{said}; the answers have changed since"
    return said


def _framework_line(
    pack: Pack, covered: FrameworkCoverage, ref: Callable[[str], ControlRef]
) -> FrameworkLine:
    framework = pack.framework(covered.id)
    relevance = {
        True: "yes",
        False: "no",
        None: "unknown",
    }[covered.relevant]
    return FrameworkLine(
        title=framework.title if framework else covered.id,
        publisher=framework.publisher if framework else "",
        jurisdiction=JURISDICTION_LABEL.get(covered.jurisdiction, covered.jurisdiction),
        relevance=relevance,
        mapped=covered.mapped,
        in_scope=covered.in_scope,
        met=covered.met,
        coverage="none in scope" if covered.coverage is None else f"{covered.coverage:.0%}",
        sections_not_met=[
            SectionGap(
                ref=section.ref,
                title=_section_title(framework, section.ref),
                controls=short,
                links=[ref(c) for c in short],
            )
            for section in covered.sections_not_met
            for short in [[c for c in section.in_scope if c not in section.met]]
        ],
        code=covered.id,
        url=framework.url if framework else "",
    )


def _answer_line(
    control: Control,
    given: ControlAnswer | None,
    outcome: ControlOutcome,
    result: Result,
    href: str,
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
                valid_until=_date(item.valid_until),
                expired=bool(item.valid_until and as_of and item.valid_until < as_of),
                href=item.link_or_path
                if item.link_or_path.startswith(("https://", "http://"))
                else "",
            )
            for item in (given.evidence if given else [])
        ],
        evidence_state=outcome.evidence or "",
        answered_by=given.answered_by if given else "",
        answered_on=_date(given.answered_on) if given else "",
        target_date=_date(given.target_date) if given else "",
        weight=str(outcome.weight),
        credit="" if credit is None else f"{credit:g}",
        weighted="" if credit is None else f"{outcome.weight * credit:g}",
        href=href,
        anchor=answer_anchor(control.id),
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
        priority_working=(
            f"{item.priority:.1f} = {outcome.weight} × (1 − {credit:g}) × {result.exposure:g}"
        ),
        card=item.severity in CARD_SEVERITIES,
        anchor=gap_anchor(control.id),
        horizon=HORIZON_LABEL[item.horizon][0],
        owner=item.action.owner if item.action else "",
        due=_date(item.action.due if item.action and item.action.due else item.target_date),
        status=item.action.status.value.replace("-", " ") if item.action else "",
        accepted=_accepted(item),
    )


def _accepted(item: PlannedItem) -> str:
    """The gap's risk acceptance in words; an expired one says so (it no longer holds)."""
    if item.acceptance is None:
        return ""
    given = f"accepted by {item.acceptance.approved_by} until {_date(item.acceptance.expires_on)}"
    return f"{given} (expired)" if item.acceptance_expired else given


def _accountability_figures(owned: Accountability) -> list[tuple[str, str]]:
    """Key figures that only appear when there is something to say."""
    figures = [
        ("overdue actions", owned.overdue_actions),
        ("expired acceptances", owned.expired_acceptances),
        ("answers still to reconfirm", owned.unconfirmed),
    ]
    return [(label, str(len(ids))) for label, ids in figures if ids]


def _subtotal(outcomes: list[ControlOutcome]) -> Subtotal | None:
    """Σ weight × credit and Σ weight over the scored controls, as the score is computed."""
    scored = [o for o in outcomes if o.scope == "in_scope"]
    weights = sum(o.weight for o in scored)
    if not weights:
        return None
    weighted = sum(o.weight * (o.credit or 0.0) for o in scored)
    return Subtotal(f"{weighted:g}", f"{weights:g}", points(100 * weighted / weights))


def _section_title(framework: Framework | None, ref: str) -> str:
    section = framework.section(ref) if framework else None
    return section.title if section else ""


def _rated(card: Scorecard, capping: list[ControlRef]) -> Rated:
    return Rated(
        _score(card),
        _rating(card),
        card.rating.value if card.rating else "none",
        [f"{c.id} {c.title}" for c in capping],
        capped=card.rating != card.score_rating,
        capping=capping,
    )


def _score(card: Scorecard) -> str:
    return points(card.score)


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
        "gap_order": GAP_ORDER,
    }
