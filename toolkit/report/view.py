"""The report's view model: everything a template prints, computed in Python.

Templates only lay out what is here; any choice about content (what counts as
a gap, which controls capped a rating, how the methodology reads) is made once
in Python, for every template and format: the lines of the control lists in
`lines`, the Scope and Framework coverage sections in `scope` and
`frameworks`, and the whole report assembled here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from toolkit import __version__
from toolkit.engine.age_assurance import assures_age
from toolkit.engine.evaluate import Evaluation
from toolkit.i18n import N_, _
from toolkit.model.accountability import Accountability, Binding
from toolkit.model.assessment import Answer, SignOff
from toolkit.model.hashing import assessment_sha256
from toolkit.model.pack import Severity
from toolkit.model.plan import Horizon
from toolkit.model.result import Result
from toolkit.report.charts import Bar, bar_chart, data_uri
from toolkit.report.frameworks import FrameworkLine, framework_lines
from toolkit.report.labels import DECISION_LABEL, GAP_WORDS, HORIZON_LABEL, date_words
from toolkit.report.lines import (
    MET,
    DomainLine,
    GapLine,
    LineBuilder,
    Rated,
    RoadmapColumn,
    SignOffLine,
)
from toolkit.report.localized import day
from toolkit.report.methodology import Methodology, methodology
from toolkit.report.risk_view import RiskView, build_risk_view
from toolkit.report.scope import ScopeGroup, ScopeLine, scope_section
from toolkit.report.summary import Assurance, ControlRef, verdict

SECTIONS: list[tuple[str, str]] = [
    ("summary", N_("Summary")),
    ("domains", N_("Scores by domain")),
    ("gaps", N_("Gap register")),
    ("roadmap", N_("Roadmap")),
    ("frameworks", N_("Framework coverage")),
    ("scope", N_("Scope")),
    ("triggers", N_("Review triggers")),
    ("methodology", N_("Methodology")),
    ("appendix", N_("Appendix: every answer")),
    ("signoff", N_("Sign-off and integrity")),
]
"""Anchor and title of every section, in order: one list for the contents, the
bookmarks and every format, so no format can miss or rename a section. A
section added later (such as a children's risk assessment record after the
roadmap) takes its place here and in the template, with nothing else to move."""


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
    methodology: Methodology | None = None
    """The scoring model (a typed record; templates read its fields as before)."""
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


def build_view(evaluation: Evaluation) -> ReportView:
    """Assemble every section of the report from one evaluated assessment."""
    pack, assessment, result = evaluation.pack, evaluation.assessment, evaluation.result
    metadata = assessment.metadata
    product = metadata.product or "Unnamed product"
    lines = LineBuilder(evaluation)
    domains = lines.domains()
    gaps = lines.gaps()
    by_id = {gap.line.id: gap for gap in gaps}
    risk = build_risk_view(evaluation)
    scope = scope_section(evaluation)
    bars = [
        Bar(d.prefix, d.score, d.rating, capped=d.rating != d.score_rating) for d in result.domains
    ]
    domain_words = "; ".join(f"{d.prefix} {d.rated.score} {d.rated.rating}" for d in domains)
    assurance = _assurance(result, lines.ref)
    by_severity = {
        severity: sum(item.severity is severity for item in evaluation.plan.items)
        for severity in Severity
    }
    version = f" {metadata.product_version}" if metadata.product_version else ""
    assessed_on = date_words(result.assessed_on)
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
            SignOffLine(s.reviewer, DECISION_LABEL[s.decision], date_words(s.on), s.comment)
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
        overall=lines.rated(result.overall),
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
        planned=[
            by_id[item.control_id]
            for item in evaluation.plan.items
            if item.answer is Answer.PLANNED
        ],
        frameworks=framework_lines(pack, result, lines.ref),
        top_actions=gaps[:5],
        critical_gaps=by_severity[Severity.CRITICAL],
        high_gaps=by_severity[Severity.HIGH],
        unknown_answers=len(assurance.unknown),
        unanswered=len(result.unanswered),
        evidence_coverage="no yes answers"
        if result.evidence_coverage is None
        else f"{result.evidence_coverage:.0%}",
        profile=scope.profile,
        out_of_scope=scope.out_of_scope,
        not_applicable=scope.not_applicable,
        alternatives=scope.alternatives,
        review_triggers=pack.review_triggers,
        draft=evaluation.accountability.signoff.is_draft,
        verdict=verdict(result),
        scope_line=scope.line,
        key_figures=_key_figures(evaluation, by_severity, assurance),
        assurance=assurance,
        running_header=" · ".join(
            part
            for part in (
                f"{product}{version}",
                f"{_('assessed')} {day(assessed_on, 'long')}" if assessed_on else "",
            )
            if part
        ),
        gap_cards=[g for g in gaps if g.card],
        gap_rows=[g for g in gaps if not g.card],
        scope_groups=scope.groups,
        methodology=methodology(evaluation),
        risk=risk,
        sections=_sections(risk, assures_age(pack, evaluation.assessment)),
    )


AGE_ASSURANCE = "age-assurance"
AGE_ASSURANCE_TITLE = N_("Age-assurance record")
"""The age-assurance record's section: where the product checks age, it follows the risk
record (or the roadmap)."""


def _sections(risk: RiskView | None, age: bool) -> list[tuple[str, str]]:
    """The report's sections in order: the risk record, where the pack has harms, follows
    the roadmap; the age-assurance record, where the product checks age, follows them."""
    at = [anchor for anchor, _ in SECTIONS].index("roadmap") + 1
    extra = [(risk.anchor, risk.title)] if risk is not None else []
    if age:
        extra.append((AGE_ASSURANCE, AGE_ASSURANCE_TITLE))
    return [*SECTIONS[:at], *extra, *SECTIONS[at:]]


def _assurance(result: Result, ref: Callable[[str], ControlRef]) -> Assurance:
    """The in-scope answers whose word is weaker than it looks, linked (by `ref`) to where
    each is shown."""
    in_scope = [o for o in result.controls if o.scope == "in_scope"]
    return Assurance(
        unknown=[ref(o.id) for o in in_scope if o.answer == Answer.UNKNOWN],
        claimed=[ref(o.id) for o in in_scope if o.answer in MET and o.evidence == "claimed"],
        expired=[ref(c) for c in result.needs_reverification],
        unanswered=[ref(c) for c in result.unanswered],
    )


def _key_figures(
    evaluation: Evaluation, by_severity: dict[Severity, int], assurance: Assurance
) -> list[tuple[str, str]]:
    """The summary's counts, each as (label, number); the rarer ones only when not zero."""
    result, owned = evaluation.result, evaluation.accountability
    in_scope = sum(o.scope == "in_scope" for o in result.controls)
    return (
        [
            (_("of {total} controls in scope").format(total=len(result.controls)), str(in_scope)),
            *((_(GAP_WORDS[severity]), str(count)) for severity, count in by_severity.items()),
            (_("unknown"), str(len(assurance.unknown))),
            (_("claimed, no evidence"), str(len(assurance.claimed))),
            (_("expired evidence"), str(len(assurance.expired))),
            (_("gaps without an owner"), str(len(owned.unowned_gaps))),
        ]
        + ([(_("not answered"), str(len(result.unanswered)))] if result.unanswered else [])
        + _accountability_figures(owned)
    )


def _signoff_state(signoffs: list[SignOff], owned: Accountability) -> str:
    """The latest decision in words, or that nobody has signed off yet; says so when the
    answers changed after it."""
    if not signoffs:
        return N_("Not signed off")
    latest = signoffs[-1]
    said = _("{decision} by {reviewer} on {on}").format(
        decision=_(DECISION_LABEL[latest.decision]),
        reviewer=latest.reviewer,
        on=date_words(latest.on),
    )
    if owned.signoff.binding is Binding.CHANGED:
        return _("{said}; the answers have changed since").format(said=said)
    return said


def _accountability_figures(owned: Accountability) -> list[tuple[str, str]]:
    """Key figures that only appear when there is something to say."""
    figures = [
        ("overdue actions", owned.overdue_actions),
        ("expired acceptances", owned.expired_acceptances),
        ("answers still to reconfirm", owned.unconfirmed),
    ]
    return [(label, str(len(ids))) for label, ids in figures if ids]


def _incomplete(result: Result) -> list[str]:
    reasons = []
    if result.unanswered:
        reasons.append(f"{len(result.unanswered)} in-scope controls are not answered")
    if result.profile_unanswered:
        reasons.append(f"{len(result.profile_unanswered)} profile questions are not answered")
    return reasons
